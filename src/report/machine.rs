//! Reports for machines: JSON, GitHub workflow commands and SARIF 2.1.0.

use std::path::{Component, Path, PathBuf};

use serde_json::{Value, json};

use super::{Summary, position, span_position};
use crate::diag::{Code, Diagnostic, Severity};
use crate::source::{FileId, Place, SourceMap};

fn path_of(sources: &SourceMap, d: &Diagnostic) -> String {
    file_path(sources, d.span.file)
}

fn file_path(sources: &SourceMap, file: FileId) -> String {
    sources.path(file).to_string_lossy().replace('\\', "/")
}

/// The version of `vp validate --format json`'s document (2: a finding's and
/// a related place's `file`, `line`, `column`, `end_line` and `end_column`
/// moved into `location`, as every JSON output of vp writes a place).
pub const JSON_VERSION: u32 = 2;

/// `vp validate --format json`: every finding and the counts. Keys are
/// written in alphabetical order, as the first version wrote them.
#[derive(Debug, serde::Serialize, schemars::JsonSchema)]
pub struct JsonReport {
    pub findings: Vec<JsonFinding>,
    pub summary: JsonSummary,
    pub version: u32,
}

/// One finding, with its place as every JSON output of vp writes one
/// ([`crate::source::Place`]): here always with line, column and where the
/// marked text ends.
#[derive(Debug, serde::Serialize, schemars::JsonSchema)]
pub struct JsonFinding {
    /// The rule's code, `VP012`.
    #[schemars(regex(pattern = r"^VP[0-9]{3}$"))]
    pub code: &'static str,
    /// How to fix it, in Swedish.
    pub hints: Vec<String>,
    /// Where: the file as vp was given it, line, column, end line and end column.
    pub location: Place,
    pub message: String,
    /// Other places the finding names: the first occurrence of a duplicate.
    pub related: Vec<JsonRelated>,
    pub severity: Severity,
}

/// Another place a finding names.
#[derive(Debug, serde::Serialize, schemars::JsonSchema)]
pub struct JsonRelated {
    pub location: Place,
    pub message: String,
}

/// Counts of findings by severity, and of files read.
#[derive(Debug, serde::Serialize, schemars::JsonSchema)]
pub struct JsonSummary {
    pub errors: usize,
    pub files: usize,
    pub infos: usize,
    pub warnings: usize,
}

/// A marked stretch of text as JSON writes a place: its file, where it starts and where it ends.
fn marked(sources: &SourceMap, span: crate::source::Span) -> Place {
    let p = span_position(sources, span);
    Place {
        line: Some(p.line),
        column: Some(p.column),
        end_line: Some(p.end_line),
        end_column: Some(p.end_column),
        ..Place::file(file_path(sources, span.file))
    }
}

/// One JSON document: every finding with its place, and the counts.
pub fn json(sources: &SourceMap, diags: &[Diagnostic], summary: Summary) -> String {
    let findings = diags
        .iter()
        .map(|d| JsonFinding {
            code: d.code.as_str(),
            hints: d.hints.clone(),
            location: marked(sources, d.span),
            message: d.message.clone(),
            related: d
                .related
                .iter()
                .map(|r| JsonRelated {
                    location: marked(sources, r.span),
                    message: r.message.clone(),
                })
                .collect(),
            severity: d.severity,
        })
        .collect();
    let doc = JsonReport {
        findings,
        summary: JsonSummary {
            errors: summary.errors,
            files: summary.files,
            infos: summary.infos,
            warnings: summary.warnings,
        },
        version: JSON_VERSION,
    };
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

/// GitHub Actions workflow commands, one per finding, then a plain summary
/// (GitHub shows only ten annotations of each kind per step).
pub fn github(sources: &SourceMap, diags: &[Diagnostic], summary: Summary) -> String {
    let mut out = github_findings(sources, diags);
    out.push_str(&summary.sentence());
    out.push('\n');
    out
}

/// The workflow commands alone, without the summary (`--quiet`).
pub fn github_findings(sources: &SourceMap, diags: &[Diagnostic]) -> String {
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

/// The base of every relative location in SARIF: the directory `vp` ran in,
/// which in CI is the checkout (GitHub code scanning reads `%SRCROOT%` so).
const SRCROOT: &str = "%SRCROOT%";

/// SARIF 2.1.0, for code scanning tools. Paths relative to `root` (the working
/// directory, absolute) are written as percent-encoded relative URIs against
/// `%SRCROOT%`; paths outside it as `file://` URIs. Each rule carries its
/// documentation, as `vp regler KOD` prints it, and a link to it.
pub fn sarif(sources: &SourceMap, diags: &[Diagnostic], root: &Path) -> String {
    let rules: Vec<Value> = Code::ALL
        .iter()
        .map(|c| {
            json!({
                "id": c.as_str(),
                "name": c.name(),
                "shortDescription": { "text": c.title() },
                "fullDescription": { "text": c.what() },
                "help": { "text": c.help_text(), "markdown": c.explanation() },
                "helpUri": c.doc_url(),
                "defaultConfiguration": { "level": level(c.severity()) },
            })
        })
        .collect();
    let location = |file: FileId, p: super::Position| -> Value {
        let (uri, base) = artifact_uri(sources.path(file), root);
        let mut artifact = json!({ "uri": uri });
        if let Some(base) = base {
            artifact["uriBaseId"] = json!(base);
        }
        json!({
            "artifactLocation": artifact,
            "region": {
                "startLine": p.line,
                "startColumn": p.column,
                "endLine": p.end_line,
                "endColumn": p.end_column,
            }
        })
    };
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
                "ruleIndex": Code::ALL.iter().position(|c| *c == d.code),
                "level": level(d.severity),
                "message": { "text": text },
                "locations": [{ "physicalLocation": location(d.span.file, p) }]
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
                            "physicalLocation": location(
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
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": env!("CARGO_PKG_REPOSITORY"),
                "rules": rules,
            }},
            "originalUriBaseIds": {
                SRCROOT: { "uri": directory_uri(root) },
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

/// A file's location as SARIF wants it: a relative URI against `%SRCROOT%` when
/// the path lies under `root`, else an absolute `file://` URI.
fn artifact_uri(path: &Path, root: &Path) -> (String, Option<&'static str>) {
    let absolute = normalize(&root.join(path));
    match absolute.strip_prefix(root) {
        Ok(relative) if relative.components().next().is_some() => {
            let segments: Vec<String> = relative
                .components()
                .map(|c| encode(&component_bytes(c.as_os_str())))
                .collect();
            (segments.join("/"), Some(SRCROOT))
        }
        _ => (file_uri(&absolute), None),
    }
}

/// `file:///dir/`: the URI of a directory, ending in a slash so relative URIs resolve under it.
fn directory_uri(dir: &Path) -> String {
    let mut uri = file_uri(&normalize(dir));
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

/// `file:///home/anna/planer%20%C3%A5r/x.yaml`; `file:///C:/planer/x.yaml` on Windows.
fn file_uri(absolute: &Path) -> String {
    let mut uri = String::from("file://");
    for c in absolute.components() {
        match c {
            Component::Prefix(prefix) => {
                // A drive (`C:`) stays as it is; other prefixes are written as they read.
                uri.push('/');
                let text = prefix.as_os_str().to_string_lossy().replace('\\', "/");
                uri.push_str(text.trim_end_matches('/'));
            }
            Component::RootDir => {}
            other => {
                uri.push('/');
                uri.push_str(&encode(&component_bytes(other.as_os_str())));
            }
        }
    }
    if uri == "file://" {
        uri.push('/');
    }
    uri
}

/// `a/./b/../c` → `a/c`, without asking the file system (a file may be gone or not yet written).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(unix)]
fn component_bytes(s: &std::ffi::OsStr) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    s.as_bytes().to_vec()
}

#[cfg(not(unix))]
fn component_bytes(s: &std::ffi::OsStr) -> Vec<u8> {
    s.to_string_lossy().into_owned().into_bytes()
}

/// Percent-encodes one path segment (RFC 3986): unreserved characters stay,
/// every other byte, UTF-8 of å, ä, ö and spaces included, becomes `%XX`.
fn encode(segment: &[u8]) -> String {
    let mut out = String::with_capacity(segment.len());
    for &b in segment {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_are_encoded_uris_against_the_source_root() {
        let root = Path::new("/home/anna/vp");
        let uri = |p: &str| artifact_uri(Path::new(p), root);
        assert_eq!(
            uri("plans/2020/hagersten-liljeholmen/namndplan.yaml"),
            (
                "plans/2020/hagersten-liljeholmen/namndplan.yaml".to_owned(),
                Some(SRCROOT)
            )
        );
        assert_eq!(
            uri("mina planer/Älvsjö år 2020.yaml").0,
            "mina%20planer/%C3%84lvsj%C3%B6%20%C3%A5r%202020.yaml"
        );
        assert_eq!(uri("./plans/../plans/x.yaml").0, "plans/x.yaml");
        // `:` would read as a scheme in a relative reference; `%` and `#` as escapes and fragments.
        assert_eq!(uri("a:b/50%#1.yaml").0, "a%3Ab/50%25%231.yaml");
    }

    #[test]
    fn paths_outside_the_root_are_file_uris() {
        let root = Path::new("/home/anna/vp");
        assert_eq!(
            artifact_uri(Path::new("/tmp/planer å/x.yaml"), root),
            ("file:///tmp/planer%20%C3%A5/x.yaml".to_owned(), None)
        );
        assert_eq!(
            artifact_uri(Path::new("../andra/x.yaml"), root),
            ("file:///home/anna/andra/x.yaml".to_owned(), None)
        );
        // An absolute path under the root is relative to it.
        assert_eq!(
            artifact_uri(Path::new("/home/anna/vp/plans/x.yaml"), root),
            ("plans/x.yaml".to_owned(), Some(SRCROOT))
        );
        assert_eq!(directory_uri(root), "file:///home/anna/vp/");
        assert_eq!(directory_uri(Path::new("/")), "file:///");
    }
}
