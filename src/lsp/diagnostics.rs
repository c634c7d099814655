//! Findings as LSP diagnostics: the same code, message, hints and place as
//! `vp validate` reports, published per file for the whole tree.

use std::collections::BTreeMap;
use std::path::PathBuf;

use lsp_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location,
    NumberOrString, PublishDiagnosticsParams, Url,
};

use super::position::LineIndex;
use super::world::Tree;
use crate::diag::{self, Severity};
use crate::source::FileId;

/// The prefix `vp validate` shows a hint with.
const HINT: &str = "hjälp: ";

/// One finding as the protocol writes it: the message with its hints on the
/// lines after it, the rule's code linking to its documentation, and the other
/// places it names. `data` keeps the hints, for code actions.
pub fn convert(tree: &Tree, d: &diag::Diagnostic, index: &LineIndex) -> Diagnostic {
    let mut message = d.message.clone();
    for h in &d.hints {
        message.push('\n');
        message.push_str(HINT);
        message.push_str(h);
    }
    let related: Vec<DiagnosticRelatedInformation> = d
        .related
        .iter()
        .filter_map(|r| {
            let file = tree.project.sources.get(r.span.file);
            let uri = Url::from_file_path(&file.path).ok()?;
            let index = LineIndex::new(&file.text);
            Some(DiagnosticRelatedInformation {
                location: Location::new(uri, index.range(r.span)),
                message: r.message.clone(),
            })
        })
        .collect();
    Diagnostic {
        range: index.range(d.span),
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Info => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(d.code.as_str().to_owned())),
        code_description: Url::parse(&d.code.doc_url())
            .ok()
            .map(|href| CodeDescription { href }),
        source: Some("vp".to_owned()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: Some(serde_json::json!({ "hints": d.hints })),
    }
}

/// The diagnostics to publish for a tree: those of every file whose findings
/// differ from what was last published for it, an empty list for a file whose
/// findings are gone. Remembers what is published.
pub fn publish(tree: &mut Tree) -> Vec<PublishDiagnosticsParams> {
    let mut by_file: BTreeMap<FileId, Vec<&diag::Diagnostic>> = BTreeMap::new();
    for d in &tree.project.diagnostics {
        by_file.entry(d.span.file).or_default().push(d);
    }
    let mut now: BTreeMap<PathBuf, Vec<Diagnostic>> = BTreeMap::new();
    for (file, diags) in by_file {
        let source = tree.project.sources.get(file);
        let index = LineIndex::new(&source.text);
        let diagnostics = diags.iter().map(|d| convert(tree, d, &index)).collect();
        now.insert(source.path.clone(), diagnostics);
    }
    let mut out = Vec::new();
    for (path, diagnostics) in &now {
        if tree.published.get(path) != Some(diagnostics)
            && let Ok(uri) = Url::from_file_path(path)
        {
            out.push(PublishDiagnosticsParams::new(
                uri,
                diagnostics.clone(),
                None,
            ));
        }
    }
    for gone in tree.published.keys().filter(|p| !now.contains_key(*p)) {
        if let Ok(uri) = Url::from_file_path(gone) {
            out.push(PublishDiagnosticsParams::new(uri, Vec::new(), None));
        }
    }
    tree.published = now;
    out
}
