//! Rename an id — a nämndmål, an enhetsmål, an indicator — with every
//! reference to it, its `{#id}` heading and the `fortsätter` of the goals that
//! continue it, across the tree, as one workspace edit the editor applies.
//! Refused, with the reason, for an id that is not valid or already taken.

use std::collections::HashMap;

use lsp_types::{PrepareRenameResponse, TextEdit, Url, WorkspaceEdit};

use crate::load::values::is_id;
use crate::model::{IndicatorKey, PlanSet};
use crate::source::FileId;

use super::position::LineIndex;
use super::symbol::{self, Symbol};
use super::world::Tree;

/// The id's current name, when the symbol is one that can be renamed.
fn name(set: &PlanSet, symbol: &Symbol) -> Option<String> {
    Some(match symbol {
        Symbol::CommitteeGoal(g) => set[*g].id.clone(),
        Symbol::UnitGoal(g) => set[*g].id.clone(),
        Symbol::Indicator(key) => key.id.clone(),
        _ => return None,
    })
}

pub fn prepare(tree: &Tree, file: FileId, offset: usize) -> Option<PrepareRenameResponse> {
    let found = symbol::at(tree, file, offset)?;
    name(&tree.project.plans, &found.symbol)?;
    let index = LineIndex::new(&tree.project.sources.get(file).text);
    Some(PrepareRenameResponse::Range(lsp_types::Range::new(
        index.position(found.start),
        index.position(found.end),
    )))
}

/// Why `new` cannot replace the symbol's id, if it cannot.
fn refusal(set: &PlanSet, symbol: &Symbol, new: &str) -> Option<String> {
    if !is_id(new) {
        return Some(format!(
            "`{new}` är inget giltigt id: skriv det med små bokstäver a–z, siffror och bindestreck"
        ));
    }
    let taken = match symbol {
        Symbol::CommitteeGoal(g) => set.committee_goal(g.plan, new).is_some(),
        Symbol::UnitGoal(g) => set[g.plan]
            .unit_goal_ids(g.plan)
            .any(|(_, other)| other.id == new),
        Symbol::Indicator(key) => set
            .indicator_definition(&IndicatorKey {
                owner: key.owner,
                id: new.to_owned(),
            })
            .is_some(),
        _ => false,
    };
    taken.then(|| format!("id:t `{new}` finns redan; välj ett annat"))
}

pub fn rename(
    tree: &Tree,
    file: FileId,
    offset: usize,
    new: &str,
) -> Result<Option<WorkspaceEdit>, String> {
    let set = &tree.project.plans;
    let Some(found) = symbol::at(tree, file, offset) else {
        return Ok(None);
    };
    let Some(old) = name(set, &found.symbol) else {
        return Err("bara ett nämndmåls, enhetsmåls eller indikators id kan byta namn".into());
    };
    if new == old {
        return Ok(None);
    }
    if let Some(why) = refusal(set, &found.symbol, new) {
        return Err(why);
    }
    let mut changes: HashMap<Url, Vec<TextEdit>> = HashMap::new();
    for span in symbol::references(tree, &found.symbol) {
        let source = tree.project.sources.get(span.file);
        // Only where the id stands as written (a span over more is left alone).
        let written = source.text.get(span.range()).unwrap_or("");
        let replacement = match written.trim_matches(|c| c == '"' || c == '\'') {
            w if w == old => written.replace(&old, new),
            // A merged nämnd's `fortsätter: nämnd/id`: the id after the nämnd.
            w if w.rsplit_once('/').is_some_and(|(_, id)| id == old) => {
                let (committee, _) = w.rsplit_once('/').unwrap_or_default();
                written.replace(w, &format!("{committee}/{new}"))
            }
            _ => continue,
        };
        let Ok(uri) = Url::from_file_path(&source.path) else {
            continue;
        };
        let index = LineIndex::new(&source.text);
        changes
            .entry(uri)
            .or_default()
            .push(TextEdit::new(index.range(span), replacement));
    }
    Ok(Some(WorkspaceEdit::new(changes)))
}
