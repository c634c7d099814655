//! Document symbols: a plan's goal tree as the editor's outline — KF's
//! inriktningsmål and goals, a nämnd plan's nämndmål, a unit plan's nämndmål
//! with its enhetsmål, each with its indicators; in Markdown, the headings.

use lsp_types::{DocumentSymbol, SymbolKind};

use crate::model::{Indicator, PlanSet};
use crate::source::{FileId, Span};

use super::position::LineIndex;
use super::world::{PlanRef, Tree};

fn symbol(
    index: &LineIndex,
    name: String,
    detail: Option<String>,
    kind: SymbolKind,
    span: Span,
    children: Vec<DocumentSymbol>,
) -> DocumentSymbol {
    let range = index.range(span);
    #[allow(deprecated)]
    DocumentSymbol {
        name: if name.trim().is_empty() {
            "–".to_owned()
        } else {
            name
        },
        detail,
        kind,
        tags: None,
        deprecated: None,
        range,
        selection_range: range,
        children: (!children.is_empty()).then_some(children),
    }
}

fn indicators(index: &LineIndex, rows: &[Indicator]) -> Vec<DocumentSymbol> {
    rows.iter()
        .map(|i| {
            symbol(
                index,
                i.id.clone(),
                Some(i.name.clone()),
                SymbolKind::FIELD,
                i.span,
                Vec::new(),
            )
        })
        .collect()
}

/// A goal (KF's, a nämndmål, an enhetsmål) by its number or id, with its indicators.
fn goal(
    index: &LineIndex,
    id: &str,
    title: &str,
    span: Span,
    rows: &[Indicator],
) -> DocumentSymbol {
    symbol(
        index,
        id.to_owned(),
        Some(title.to_owned()),
        SymbolKind::CLASS,
        span,
        indicators(index, rows),
    )
}

pub fn outline(tree: &Tree, file: FileId) -> Vec<DocumentSymbol> {
    let source = tree.project.sources.get(file);
    let index = LineIndex::new(&source.text);
    let set: &PlanSet = &tree.project.plans;
    if source.path.extension().is_some_and(|e| e == "md") {
        return headings(&index, file, &source.text);
    }
    if let Some(kf) = set.kf_years.values().find(|k| k.file == file) {
        return kf
            .directions
            .iter()
            .filter_map(|d| {
                let goals: Vec<DocumentSymbol> = d
                    .goals
                    .iter()
                    .map(|g| goal(&index, &g.number, &g.title, g.span, &g.indicators))
                    .collect();
                let first = d.goals.first()?.span;
                Some(symbol(
                    &index,
                    format!("Inriktningsmål {}", d.number),
                    Some(d.title.clone()),
                    SymbolKind::NAMESPACE,
                    first,
                    goals,
                ))
            })
            .collect();
    }
    match tree.plan_of(file) {
        Some(PlanRef::Committee(_, p)) if p.file == file => {
            let mut out: Vec<DocumentSymbol> = p
                .kf_goals
                .iter()
                .map(|k| {
                    symbol(
                        &index,
                        format!("KF-mål {}", k.kf_goal),
                        None,
                        SymbolKind::NAMESPACE,
                        k.span,
                        indicators(&index, &k.indicators),
                    )
                })
                .collect();
            out.extend(
                p.goals
                    .iter()
                    .map(|g| goal(&index, &g.id, &g.title, g.span, &g.indicators)),
            );
            out
        }
        Some(PlanRef::Unit(_, p)) if p.file == file => p
            .goals
            .iter()
            .map(|group| {
                let goals = group
                    .unit_goals
                    .iter()
                    .map(|g| goal(&index, &g.id, &g.title, g.span, &g.indicators))
                    .collect();
                let title = group.committee_goal_id.map(|cg| set[cg].title.clone());
                symbol(
                    &index,
                    group.committee_goal.clone(),
                    title,
                    SymbolKind::NAMESPACE,
                    group.span,
                    goals,
                )
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The Markdown's `#` headings, flat.
fn headings(index: &LineIndex, file: FileId, text: &str) -> Vec<DocumentSymbol> {
    let mut out = Vec::new();
    let mut at = 0;
    let mut fence = false;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = !fence;
        }
        if !fence && trimmed.starts_with('#') {
            let level = trimmed.chars().take_while(|c| *c == '#').count();
            let name = trimmed[level..].trim().to_owned();
            let kind = if level == 1 {
                SymbolKind::CLASS
            } else {
                SymbolKind::STRING
            };
            out.push(symbol(
                index,
                name,
                None,
                kind,
                Span::new(file, at, at + trimmed.len()),
                Vec::new(),
            ));
        }
        at += line.len();
    }
    out
}
