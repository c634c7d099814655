//! vp: Stockholm's verksamhetsplaner as code.
//!
//! files ─▶ [`workspace`] reads them into a [`source::SourceMap`]
//!       ─▶ [`load`] parses YAML and Markdown into raw structs with spans
//!       ─▶ [`validate`] builds the [`model::PlanSet`] (the plan graph) and every [`diag::Diagnostic`]
//!       ─▶ [`report`] renders findings; [`cli`] prints and sets the exit code
//!
//! [`project::Project::load`] runs the first three steps; every command starts there.

pub mod cli;
pub mod diag;
pub mod diff;
pub mod impact;
pub mod import;
pub mod load;
pub mod lsp;
pub mod model;
pub mod newplan;
pub mod newyear;
pub mod project;
pub mod render;
pub mod report;
pub mod rollup;
pub mod site;
pub mod source;
pub mod typst_cli;
pub mod validate;
pub mod workspace;
