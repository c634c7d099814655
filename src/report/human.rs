//! The rustc-style report for people: message, place, the source line with a caret, hints.

use std::fmt::Write;

use super::{Summary, position};
use crate::diag::{Diagnostic, Severity};
use crate::source::SourceMap;

/// Whether to colour the output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Plain,
    Color,
}

impl Style {
    fn paint(self, code: &str, text: &str) -> String {
        match self {
            Style::Plain => text.to_owned(),
            Style::Color => format!("\x1b[{code}m{text}\x1b[0m"),
        }
    }
}

pub fn human(sources: &SourceMap, diags: &[Diagnostic], summary: Summary, style: Style) -> String {
    let mut out = String::new();
    for d in diags {
        let sev_color = match d.severity {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Info => "1;36",
        };
        let pos = position(sources, d);
        let file = sources.get(d.span.file);
        let head = format!("{}[{}]", d.severity.label(), d.code.as_str());
        let _ = writeln!(
            out,
            "{}: {}",
            style.paint(sev_color, &head),
            style.paint("1", &d.message)
        );
        let _ = writeln!(
            out,
            "  {} {}:{}:{}",
            style.paint("34", "-->"),
            file.path.display(),
            pos.line,
            pos.column
        );
        if !file.text.is_empty() {
            let line_text = file.line_text(pos.line);
            let gutter = pos.line.to_string();
            let pad = " ".repeat(gutter.len());
            let width = if pos.end_line == pos.line {
                pos.end_column.saturating_sub(pos.column).max(1)
            } else {
                line_text
                    .chars()
                    .count()
                    .saturating_sub(pos.column - 1)
                    .max(1)
            };
            let prefix: String = line_text
                .chars()
                .take(pos.column - 1)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let bar = style.paint("34", "|");
            let _ = writeln!(out, "{pad} {bar}");
            let _ = writeln!(out, "{} {bar} {}", style.paint("34", &gutter), line_text);
            let _ = writeln!(
                out,
                "{pad} {bar} {prefix}{}",
                style.paint(sev_color, &"^".repeat(width))
            );
        }
        for h in &d.hints {
            let pad = " ".repeat(
                sources
                    .get(d.span.file)
                    .line_col(d.span.start as usize)
                    .0
                    .to_string()
                    .len(),
            );
            let _ = writeln!(out, "{pad} = {} {h}", style.paint("1", "hjälp:"));
        }
        out.push('\n');
    }
    let _ = writeln!(out, "{}", summary.sentence());
    if let Some(d) = diags.first() {
        let _ = writeln!(
            out,
            "Vad en regel kontrollerar och hur felet rättas: `vp regler {}`.",
            d.code.as_str()
        );
    }
    out
}
