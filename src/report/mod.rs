//! Renderers over one diagnostic model: human, JSON, GitHub workflow commands, SARIF.
//! Each returns text; printing is the CLI's business.

mod human;
mod machine;

pub use human::{Style, human, human_findings, human_summary};
pub use machine::{github, github_findings, json, sarif};

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
