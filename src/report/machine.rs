//! Reports for machines: JSON, GitHub workflow commands and SARIF 2.1.0.

use serde_json::{Value, json};

use super::{Summary, position, span_position};
use crate::diag::{Code, Diagnostic, Severity};
use crate::source::{FileId, SourceMap};

fn path_of(sources: &SourceMap, d: &Diagnostic) -> String {
    file_path(sources, d.span.file)
}

fn file_path(sources: &SourceMap, file: FileId) -> String {
    sources.path(file).to_string_lossy().replace('\\', "/")
}

/// One JSON document: every finding with file, line and column, and the counts.
pub fn json(sources: &SourceMap, diags: &[Diagnostic], summary: Summary) -> String {
    let findings: Vec<Value> = diags
        .iter()
        .map(|d| {
            let p = position(sources, d);
            json!({
                "code": d.code.as_str(),
                "severity": d.severity,
                "message": d.message,
                "file": path_of(sources, d),
                "line": p.line,
                "column": p.column,
                "end_line": p.end_line,
                "end_column": p.end_column,
                "hints": d.hints,
                "related": d.related.iter().map(|r| {
                    let p = span_position(sources, r.span);
                    json!({
                        "message": r.message,
                        "file": file_path(sources, r.span.file),
                        "line": p.line,
                        "column": p.column,
                        "end_line": p.end_line,
                        "end_column": p.end_column,
                    })
                }).collect::<Vec<_>>(),
            })
        })
        .collect();
    let doc = json!({ "version": 1, "findings": findings, "summary": summary });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

/// GitHub Actions workflow commands, one per finding, then a plain summary
/// (GitHub shows only ten annotations of each kind per step).
pub fn github(sources: &SourceMap, diags: &[Diagnostic], summary: Summary) -> String {
    let mut out = String::new();
    for d in diags {
        let p = position(sources, d);
        let kind = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut message = d.message.clone();
        for r in &d.related {
            let p = span_position(sources, r.span);
            message.push_str(&format!(
                "\n{}: {}:{}",
                r.message,
                file_path(sources, r.span.file),
                p.line
            ));
        }
        for h in &d.hints {
            message.push_str("\nhjälp: ");
            message.push_str(h);
        }
        out.push_str(&format!(
            "::{kind} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            escape_property(&path_of(sources, d)),
            p.line,
            p.column,
            p.end_line,
            p.end_column,
            escape_property(&format!("{} {}", d.code.as_str(), d.code.title())),
            escape_data(&message)
        ));
    }
    out.push_str(&summary.sentence());
    out.push('\n');
    out
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// SARIF 2.1.0, for code scanning tools.
pub fn sarif(sources: &SourceMap, diags: &[Diagnostic]) -> String {
    let rules: Vec<Value> = Code::ALL
        .iter()
        .map(|c| {
            json!({
                "id": c.as_str(),
                "shortDescription": { "text": c.title() },
                "defaultConfiguration": { "level": level(c.severity()) },
            })
        })
        .collect();
    let results: Vec<Value> = diags
        .iter()
        .map(|d| {
            let p = position(sources, d);
            let mut text = d.message.clone();
            for h in &d.hints {
                text.push_str("\nhjälp: ");
                text.push_str(h);
            }
            let mut result = json!({
                "ruleId": d.code.as_str(),
                "level": level(d.severity),
                "message": { "text": text },
                "locations": [{
                    "physicalLocation": physical_location(sources, d.span.file, p),
                }]
            });
            if !d.related.is_empty() {
                result["relatedLocations"] = d
                    .related
                    .iter()
                    .enumerate()
                    .map(|(i, r)| {
                        json!({
                            "id": i,
                            "message": { "text": r.message },
                            "physicalLocation": physical_location(
                                sources,
                                r.span.file,
                                span_position(sources, r.span),
                            ),
                        })
                    })
                    .collect();
            }
            result
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "vp",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

fn physical_location(sources: &SourceMap, file: FileId, p: super::Position) -> Value {
    json!({
        "artifactLocation": { "uri": file_path(sources, file) },
        "region": {
            "startLine": p.line,
            "startColumn": p.column,
            "endLine": p.end_line,
            "endColumn": p.end_column,
        }
    })
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}
