//! Code actions: a finding's "menade du `x`?" applied, and a missing required
//! section added under the goal's heading in the Markdown.

use std::collections::HashMap;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, TextEdit, Url, WorkspaceEdit,
};

use crate::diag::{Code, Diagnostic};
use crate::source::{FileId, Span};

use super::diagnostics;
use super::position::LineIndex;
use super::world::Tree;

pub fn actions(tree: &Tree, file: FileId, params: &CodeActionParams) -> Vec<CodeActionOrCommand> {
    let source = tree.project.sources.get(file);
    let index = LineIndex::new(&source.text);
    let (Some(from), Some(to)) = (
        index.offset(params.range.start),
        index.offset(params.range.end),
    ) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for d in tree.project.diagnostics.iter().filter(|d| {
        d.span.file == file && d.span.start as usize <= to && from <= d.span.end as usize
    }) {
        let lsp = diagnostics::convert(tree, d, &index);
        for hint in &d.hints {
            if let Some(name) = suggestion(hint)
                && let Some(edit) = replace(tree, d.span, name)
            {
                out.push(action(
                    format!("Ändra till `{name}`"),
                    lsp.clone(),
                    edit,
                    true,
                ));
            }
        }
        if d.code == Code::EmptyProse
            && let Some(edit) = add_sections(tree, d)
        {
            out.push(action(
                "Lägg till avsnitten som saknas".into(),
                lsp.clone(),
                edit,
                false,
            ));
        }
    }
    out
}

fn action(
    title: String,
    diagnostic: lsp_types::Diagnostic,
    edit: WorkspaceEdit,
    preferred: bool,
) -> CodeActionOrCommand {
    CodeActionOrCommand::CodeAction(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diagnostic]),
        edit: Some(edit),
        is_preferred: Some(preferred),
        ..CodeAction::default()
    })
}

/// The name in a did-you-mean hint, `menade du `x`?` (as `diag::did_you_mean` writes it).
fn suggestion(hint: &str) -> Option<&str> {
    let rest = hint.strip_prefix("menade du `")?;
    rest.strip_suffix("`?")
}

fn edit(tree: &Tree, span: Span, new: String) -> Option<WorkspaceEdit> {
    let source = tree.project.sources.get(span.file);
    let uri = Url::from_file_path(&source.path).ok()?;
    let index = LineIndex::new(&source.text);
    Some(WorkspaceEdit::new(HashMap::from([(
        uri,
        vec![TextEdit::new(index.range(span), new)],
    )])))
}

/// Replaces the value a finding points at, its quotes kept.
fn replace(tree: &Tree, span: Span, name: &str) -> Option<WorkspaceEdit> {
    let written = tree.project.sources.slice(span);
    if written.is_empty() || written.contains('\n') {
        return None;
    }
    let new = match written.chars().next() {
        Some(q @ ('"' | '\'')) if written.len() > 1 && written.ends_with(q) => {
            format!("{q}{name}{q}")
        }
        _ => name.to_owned(),
    };
    edit(tree, span, new)
}

/// `## Avsnitt` headings after the goal's heading, for a finding that says
/// which are missing (`lägg till `## A` och `## B` under rubriken`).
fn add_sections(tree: &Tree, d: &Diagnostic) -> Option<WorkspaceEdit> {
    let hint = d.hints.iter().find(|h| h.ends_with("under rubriken"))?;
    let names: Vec<&str> = hint
        .split("`## ")
        .skip(1)
        .filter_map(|s| s.split('`').next())
        .collect();
    if names.is_empty() {
        return None;
    }
    let text = tree.project.sources.get(d.span.file).text.as_str();
    let from = d.span.start as usize;
    let line_end = text
        .get(from..)?
        .find('\n')
        .map_or(text.len(), |i| from + i);
    let mut insert = String::new();
    for n in names {
        insert.push_str("\n\n## ");
        insert.push_str(n);
    }
    if line_end == text.len() {
        insert.push('\n');
    }
    edit(tree, Span::new(d.span.file, line_end, line_end), insert)
}
