//! Renderers over one diagnostic model: human, JSON, GitHub workflow commands, SARIF.
//! Each returns text; printing is the CLI's business.

mod human;
mod machine;

pub use human::{Style, human, human_findings, human_summary};
pub use machine::{
    JSON_VERSION, JsonFinding, JsonRelated, JsonReport, JsonSummary, github, github_findings, json,
    sarif,
};

use crate::diag::{Diagnostic, Severity};
use crate::source::{SourceMap, Span};

/// Where a finding is, as users count: 1-based lines and character columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

pub fn position(sources: &SourceMap, d: &Diagnostic) -> Position {
    span_position(sources, d.span)
}

/// Where a span is, as users count.
pub fn span_position(sources: &SourceMap, span: Span) -> Position {
    let file = sources.get(span.file);
    let (line, column) = file.line_col(span.start as usize);
    let (end_line, end_column) = file.line_col(span.end as usize);
    Position {
        line,
        column,
        end_line,
        end_column,
    }
}

/// Orders findings by file, then place, then code: stable output for snapshots and people.
pub fn sort(sources: &SourceMap, diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        sources
            .path(a.span.file)
            .cmp(sources.path(b.span.file))
            .then(a.span.start.cmp(&b.span.start))
            .then(a.code.cmp(&b.code))
            .then(a.message.cmp(&b.message))
    });
}

/// Counts of findings by severity, and of files read.
#[derive(Clone, Copy, Debug, Default, serde::Serialize)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub files: usize,
}

impl Summary {
    pub fn new(diags: &[Diagnostic], files: usize) -> Self {
        let count = |s| diags.iter().filter(|d| d.severity == s).count();
        Summary {
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            infos: count(Severity::Info),
            files,
        }
    }

    /// `2 fel, 1 varning och 3 info i 14 filer`.
    pub fn sentence(&self) -> String {
        let files = if self.files == 1 {
            "1 fil".to_owned()
        } else {
            format!("{} filer", self.files)
        };
        if self.errors + self.warnings + self.infos == 0 {
            return format!("Inga fynd i {files}.");
        }
        let warnings = if self.warnings == 1 {
            "1 varning".to_owned()
        } else {
            format!("{} varningar", self.warnings)
        };
        format!(
            "{} fel, {warnings} och {} info i {files}.",
            self.errors, self.infos
        )
    }
}

/// The JSON Schema (draft-07) of one of vp's JSON outputs, generated from the
/// type it is written from and strict: every object lists its keys and allows
/// no other (`additionalProperties: false`), so a consumer's fixture with a
/// misspelt key fails against it.
pub fn output_schema<T: schemars::JsonSchema>() -> serde_json::Value {
    let schema = schemars::generate::SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<T>();
    let mut value = serde_json::to_value(schema).unwrap_or(serde_json::Value::Null);
    close_objects(&mut value);
    value
}

/// Sets `additionalProperties: false` on every object schema with
/// `properties` that says nothing about other keys.
fn close_objects(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            if map.contains_key("properties") && !map.contains_key("additionalProperties") {
                map.insert(
                    "additionalProperties".to_owned(),
                    serde_json::Value::Bool(false),
                );
            }
            map.values_mut().for_each(close_objects);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(close_objects),
        _ => {}
    }
}
