//! The rustc-style report for people: message, place, the source line with a caret, hints.

use std::fmt::Write;

use super::{Position, Summary, position, span_position};
use crate::diag::{Diagnostic, Related, Severity};
use crate::source::{SourceFile, SourceMap};

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

/// Every finding, then the summary line and where the rules are explained.
pub fn human(sources: &SourceMap, diags: &[Diagnostic], summary: Summary, style: Style) -> String {
    let mut out = human_findings(sources, diags, style);
    out.push_str(&human_summary(diags, summary));
    out
}

/// Every finding with its source line, without the summary (`--quiet`).
pub fn human_findings(sources: &SourceMap, diags: &[Diagnostic], style: Style) -> String {
    let mut out = String::new();
    for d in diags {
        let sev_color = match d.severity {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Info => "1;36",
        };
        let pos = position(sources, d);
        let related: Vec<(Position, &Related)> = d
            .related
            .iter()
            .map(|r| (span_position(sources, r.span), r))
            .collect();
        // One gutter for every source line the finding shows.
        let width = related
            .iter()
            .map(|(p, _)| p.line)
            .fold(pos.line, usize::max)
            .to_string()
            .len();
        let pad = " ".repeat(width);
        let head = format!("{}[{}]", d.severity.label(), d.code.as_str());
        let _ = writeln!(
            out,
            "{}: {}",
            style.paint(sev_color, &head),
            style.paint("1", &d.message)
        );
        let file = sources.get(d.span.file);
        location(&mut out, style, file, pos, None);
        if !file.text.is_empty() {
            snippet(&mut out, style, file, pos, width, (sev_color, '^'), None);
        }
        for (p, r) in related {
            let file = sources.get(r.span.file);
            // An empty span stands for the file as a whole: no line to show.
            if file.text.is_empty() || r.span.start == r.span.end {
                location(&mut out, style, file, p, Some(&r.message));
            } else {
                location(&mut out, style, file, p, None);
                snippet(
                    &mut out,
                    style,
                    file,
                    p,
                    width,
                    ("34", '-'),
                    Some(&r.message),
                );
            }
        }
        for h in &d.hints {
            let _ = writeln!(out, "{pad} = {} {h}", style.paint("1", "hjälp:"));
        }
        out.push('\n');
    }
    out
}

/// The counts in a sentence and where a rule is explained.
pub fn human_summary(diags: &[Diagnostic], summary: Summary) -> String {
    let mut out = String::new();
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

/// `  --> file:line:column`, with a note when there is no source line to hang it on.
fn location(out: &mut String, style: Style, file: &SourceFile, pos: Position, note: Option<&str>) {
    let note = note.map(|n| format!(" ({n})")).unwrap_or_default();
    let _ = writeln!(
        out,
        "  {} {}:{}:{}{note}",
        style.paint("34", "-->"),
        shown_path(&file.path),
        pos.line,
        pos.column
    );
}

/// A path on one line: control characters in a file name (a newline, an
/// escape sequence) are written as escapes, so they cannot split the report
/// or colour the terminal.
pub fn shown_path(path: &std::path::Path) -> String {
    let path = path.to_string_lossy();
    if !path.chars().any(char::is_control) {
        return path.into_owned();
    }
    path.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// The source line of `pos` with its span marked by `mark` (painted `color`) and an optional note.
fn snippet(
    out: &mut String,
    style: Style,
    file: &SourceFile,
    pos: Position,
    width: usize,
    (color, mark): (&str, char),
    note: Option<&str>,
) {
    let line_text = file.line_text(pos.line);
    let pad = " ".repeat(width);
    let marks = if pos.end_line == pos.line {
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
    let note = note.map(|n| format!(" {n}")).unwrap_or_default();
    let bar = style.paint("34", "|");
    let gutter = format!("{:>width$}", pos.line);
    let _ = writeln!(out, "{pad} {bar}");
    let _ = writeln!(out, "{} {bar} {}", style.paint("34", &gutter), line_text);
    let _ = writeln!(
        out,
        "{pad} {bar} {prefix}{}",
        style.paint(color, &format!("{}{note}", mark.to_string().repeat(marks)))
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_in_a_path_are_escaped() {
        let p = std::path::Path::new("plans/a\nb\x1b[31m.yaml");
        assert_eq!(shown_path(p), "plans/a\\nb\\u{1b}[31m.yaml");
        assert_eq!(
            shown_path(std::path::Path::new("plans/nämnd.yaml")),
            "plans/nämnd.yaml"
        );
    }
}
