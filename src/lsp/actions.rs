//! Code actions: a finding's "menade du `x`?" applied, a missing required
//! section added under the goal's heading in the Markdown, and the `fortsätter`
//! line `vp diff` suggests for a goal added to the goal in the YAML.

use std::collections::HashMap;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, TextEdit, Url, WorkspaceEdit,
};

use crate::diag::{Code, Diagnostic};
use crate::source::{FileId, Span};

use super::diagnostics;
use super::position::LineIndex;
use super::world::{PlanRef, Tree};
use crate::diff::{self, GoalLevel};

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
    out.extend(continues(tree, file, from, to));
    out
}

/// "Lägg till `fortsätter: x`" for the goals of the plan in `file` (its YAML)
/// that the range touches, have no `fortsätter`, and that `vp diff` pairs by
/// similar title with a goal of the plan's previous year (`vp diff FÖRRA ÅR
/// --committee … [--unit …]` shows the same line as a suggestion).
fn continues(tree: &Tree, file: FileId, from: usize, to: usize) -> Vec<CodeActionOrCommand> {
    let Some(plan) = tree.plan_of(file) else {
        return Vec::new();
    };
    let (year, committee, unit, level, goals): (_, _, _, _, Vec<(&str, Span)>) = match plan {
        PlanRef::Committee(_, p) if p.file == file => (
            p.year,
            &p.committee,
            None,
            GoalLevel::CommitteeGoal,
            p.goals
                .iter()
                .filter(|g| g.continues.is_none())
                .map(|g| (g.id.as_str(), g.span))
                .collect(),
        ),
        PlanRef::Unit(_, p) if p.file == file => (
            p.year,
            &p.committee,
            Some(p.unit.id.clone()),
            GoalLevel::UnitGoal,
            p.goals
                .iter()
                .flat_map(|g| &g.unit_goals)
                .filter(|g| g.continues.is_none())
                .map(|g| (g.id.as_str(), g.span))
                .collect(),
        ),
        _ => return Vec::new(),
    };
    let text = tree.project.sources.get(file).text.as_str();
    let touched: Vec<(&str, usize, Span)> = goals
        .into_iter()
        .filter_map(|(id, span)| {
            let (start, end, column) = goal_extent(text, span.start as usize)?;
            (start <= to && from <= end).then_some((id, column, span))
        })
        .collect();
    if touched.is_empty() {
        return Vec::new();
    }
    // The plan's previous year: the latest year before it with a plan.
    let set = &tree.project.plans;
    let Some(previous) = set
        .committee_plans
        .iter()
        .map(|p| p.year)
        .chain(set.unit_plans.iter().map(|p| p.year))
        .filter(|&y| y < year)
        .max()
    else {
        return Vec::new();
    };
    let selection = diff::Selection {
        committee: Some(committee.clone()),
        unit,
    };
    let d = diff::years(
        diff::Tree {
            plans: set,
            sources: &tree.project.sources,
            root: &tree.root,
        },
        previous,
        year,
        &selection,
    );
    let mut out = Vec::new();
    for g in d.plans.iter().flat_map(|p| &p.goals) {
        let (Some(new), Some(line)) = (&g.new, &g.suggestion) else {
            continue;
        };
        if g.level != level {
            continue;
        }
        // The suggestion goes on the later goal: this year's, here.
        let Some(&(_, column, span)) = touched.iter().find(|(id, _, _)| *id == new.id) else {
            continue;
        };
        if g.old
            .as_ref()
            .is_none_or(|o| *line != format!("fortsätter: {}", o.id))
        {
            continue;
        }
        let Some(at) = text
            .get(span.start as usize..)
            .map(|rest| span.start as usize + rest.find('\n').unwrap_or(rest.len()))
        else {
            continue;
        };
        let insert = format!("\n{}{line}", " ".repeat(column));
        if let Some(edit) = edit(tree, Span::new(file, at, at), insert) {
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("Lägg till `{line}` (som `vp diff` föreslår)"),
                kind: Some(CodeActionKind::REFACTOR_REWRITE),
                edit: Some(edit),
                ..CodeAction::default()
            }));
        }
    }
    out
}

/// The lines of the goal whose `id:` value starts at `id` (block style): from
/// its list item's `- ` to the last line indented under it, as byte offsets,
/// and the column its keys stand at. `None` for a goal written in flow style
/// (`{id: …}`), where a line cannot be added.
fn goal_extent(text: &str, id: usize) -> Option<(usize, usize, usize)> {
    let line_start = text.get(..id)?.rfind('\n').map_or(0, |i| i + 1);
    let prefix = &text[line_start..id];
    let key = prefix.rfind("id")?;
    if prefix.contains(['{', '[', '#']) || !prefix[key + 2..].trim_start().starts_with(':') {
        return None;
    }
    let column = prefix[..key].chars().count();
    let indent = |line: &str| line.len() - line.trim_start_matches(' ').len();
    let blank = |line: &str| line.trim().is_empty() || line.trim_start().starts_with('#');
    let item = |line: &str| {
        let i = indent(line);
        i + 2 == column && line[i..].starts_with("- ")
    };
    // Back to the item's first line (the id need not be its first key).
    let mut start = line_start;
    if !prefix[..key].trim_start().starts_with("- ") {
        while start > 0 {
            let prev = text[..start - 1].rfind('\n').map_or(0, |i| i + 1);
            let line = &text[prev..start - 1];
            if !blank(line) && indent(line) < column && !item(line) {
                break;
            }
            start = prev;
            if item(line) {
                break;
            }
        }
    }
    // On to the last line indented under it.
    let mut end = text[id..].find('\n').map_or(text.len(), |i| id + i);
    while end < text.len() {
        let next = text[end + 1..]
            .find('\n')
            .map_or(text.len(), |i| end + 1 + i);
        let line = &text[end + 1..next];
        if !blank(line) && indent(line) < column {
            break;
        }
        end = next;
    }
    Some((start, end, column))
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
