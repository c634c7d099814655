//! The loader and validation on one plan file beside a clean plan tree: bytes →
//! decode → YAML and Markdown → the plan graph and its findings → every report
//! format. Input: the YAML file's bytes, then optionally 0x1E and the bytes of
//! the Markdown file beside it. The file may be of any kind (`typ:` is in the bytes).
//!
//! Besides not panicking, every finding must point inside its file, and vp's
//! fast YAML reader must read the YAML as serde-saphyr does, or leave it to it.

#![no_main]

use libfuzzer_sys::fuzz_target;
use vp::report;

mod common;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(common::plan(data).0)
        && let Some(difference) = vp::load::fast_yaml_differs(text)
    {
        panic!("the fast YAML reader differs from serde-saphyr:\n{difference}\n{text}");
    }
    // As every command does: sources → load → validate → sorted findings.
    let project = common::project(data);
    common::assert_spans_inside(&project);
    let (sources, diags) = (&project.sources, &project.diagnostics);
    let summary = report::Summary::new(diags, sources.len());
    let _ = report::human(sources, diags, summary, report::Style::Color);
    let _ = report::json(sources, diags, summary);
    let _ = report::github(sources, diags, summary);
    let _ = report::sarif(sources, diags, std::path::Path::new("."));
});
