//! The element a place in a file names, resolved through the plan graph, and
//! where that element and every mention of it stand.

use crate::model::graph::Element;
use crate::model::{
    CommitteeGoalId, IndicatorKey, KfGoalId, PlanId, PlanSet, UnitGoalId, UnitPlanId,
};
use crate::source::{FileId, Span};

use super::cursor::{self, MarkdownPlace, YamlPlace};
use super::world::{PlanRef, Tree};

/// Something a plan file names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Symbol {
    Committee(String),
    KfGoal(KfGoalId),
    CommitteeGoal(CommitteeGoalId),
    UnitGoal(UnitGoalId),
    UnitPlan(UnitPlanId),
    Indicator(IndicatorKey),
    /// A table of a plan's `ekonomi`, by its index there.
    Table(PlanId, usize),
}

/// A symbol and the bytes of the file that name it.
#[derive(Clone, Debug)]
pub struct Found {
    pub symbol: Symbol,
    pub start: usize,
    pub end: usize,
}

pub fn is_markdown(tree: &Tree, file: FileId) -> bool {
    tree.project
        .sources
        .path(file)
        .extension()
        .is_some_and(|e| e == "md")
}

/// The symbol at byte `offset` of a file.
pub fn at(tree: &Tree, file: FileId, offset: usize) -> Option<Found> {
    let text = tree.project.sources.get(file).text.as_str();
    if is_markdown(tree, file) {
        let place = cursor::markdown_place(text, offset)?;
        let plan = tree.plan_of(file)?;
        let (symbol, start, end) = match place {
            MarkdownPlace::GoalHeading { id, start, end } => {
                (goal_in(&tree.project.plans, plan, &id)?, start, end)
            }
            MarkdownPlace::Table { id, start, end } => {
                let (pid, tables) = tables_of(plan);
                let i = tables.iter().position(|t| t.id == id)?;
                (Symbol::Table(pid, i), start, end)
            }
            MarkdownPlace::Field { .. } => return None,
        };
        return Some(Found { symbol, start, end });
    }
    let place = cursor::yaml_place(text, offset)?;
    let symbol = yaml_symbol(tree, file, text, offset, &place)?;
    Some(Found {
        symbol,
        start: place.start,
        end: place.end,
    })
}

fn tables_of(plan: PlanRef<'_>) -> (PlanId, &[crate::model::Table]) {
    match plan {
        PlanRef::Committee(id, p) => (id, &p.economy),
        PlanRef::Unit(id, p) => (id, &p.economy),
    }
}

/// The goal `{#id}` names in a plan's Markdown: a nämndmål, an enhetsmål or a KF goal.
fn goal_in(set: &PlanSet, plan: PlanRef<'_>, id: &str) -> Option<Symbol> {
    match plan {
        PlanRef::Committee(PlanId::Committee(pid), p) => set
            .committee_goal(pid, id)
            .map(Symbol::CommitteeGoal)
            .or_else(|| set.kf_goal(p.year, id).map(Symbol::KfGoal)),
        PlanRef::Unit(PlanId::Unit(uid), p) => p
            .unit_goal_ids(uid)
            .find(|(_, g)| g.id == id)
            .map(|(g, _)| Symbol::UnitGoal(g))
            .or_else(|| set.kf_goal(p.year, id).map(Symbol::KfGoal)),
        _ => None,
    }
}

fn yaml_symbol(
    tree: &Tree,
    file: FileId,
    text: &str,
    offset: usize,
    place: &YamlPlace,
) -> Option<Symbol> {
    let set = &tree.project.plans;
    let header = cursor::header(text);
    let kind = header.kind.as_deref().unwrap_or("");
    let parent = place.path.last().map(String::as_str);
    let value = place.value.trim();
    let year = header.year;
    let committee = |id: &str| set.committee(id).map(|c| Symbol::Committee(c.id.clone()));
    match (place.key.as_str(), parent) {
        ("nämnd", None) | ("fler_nämnder", None | Some("enhet")) => committee(value),
        ("id" | "fortsätter", Some("nämnder")) if kind == "organisation" => committee(value),
        ("nämndmål", Some("nämndmål")) if kind == "enhetsplan" => {
            let plan = set.committee_plan_id(header.committee.as_deref()?, year?)?;
            set.committee_goal(plan, value).map(Symbol::CommitteeGoal)
        }
        ("id", Some("nämndmål")) if kind == "nämndplan" => match tree.plan_of(file)? {
            PlanRef::Committee(PlanId::Committee(p), _) => {
                set.committee_goal(p, value).map(Symbol::CommitteeGoal)
            }
            _ => None,
        },
        ("id", Some("enhetsmål")) => match tree.plan_of(file)? {
            PlanRef::Unit(PlanId::Unit(u), p) => p
                .unit_goal_ids(u)
                .find(|(_, g)| g.id == value)
                .map(|(g, _)| Symbol::UnitGoal(g)),
            _ => None,
        },
        ("id", Some("enhet")) => match tree.plan_of(file)? {
            PlanRef::Unit(PlanId::Unit(u), _) => Some(Symbol::UnitPlan(u)),
            _ => None,
        },
        ("kf_mål", Some("nämndmål")) | ("mål", Some("kf_mål")) | ("nummer", Some("mål")) => {
            set.kf_goal(year?, value).map(Symbol::KfGoal)
        }
        ("id" | "indikator", Some("indikatorer")) => set
            .indicator_rows()
            .find(|(_, i)| i.span.file == file && i.id == value)
            .map(|(_, i)| Symbol::Indicator(i.key.clone())),
        ("vikt", Some("indikatorer")) => set
            .indicator_rows()
            .filter(|(_, i)| i.span.file == file)
            .find_map(|(_, i)| {
                (i.weight.as_deref() == Some(value))
                    .then(|| i.weight_key.clone())
                    .flatten()
            })
            .map(Symbol::Indicator),
        ("fortsätter", _) => continued(set, file, offset),
        ("tabell" | "id", Some("ekonomi")) => {
            let plan = tree.plan_of(file)?;
            let (pid, tables) = tables_of(plan);
            let i = tables.iter().position(|t| t.id == value)?;
            Some(Symbol::Table(pid, i))
        }
        _ => None,
    }
}

/// What the `fortsätter` at `offset` continues, as the plan graph resolved it.
fn continued(set: &PlanSet, file: FileId, offset: usize) -> Option<Symbol> {
    let hit = |span: Span| {
        span.file == file && (span.start as usize..=span.end as usize).contains(&offset)
    };
    let mut element = None;
    for kf in set.kf_years.values() {
        for (id, g) in kf.goals_with_ids() {
            if g.continues.as_ref().is_some_and(|c| hit(c.span)) {
                element = Some(Element::KfGoal(id));
            }
        }
    }
    for (p, plan) in set.committee_plan_ids().filter(|(_, p)| p.file == file) {
        for g in &plan.goals {
            if g.continues.as_ref().is_some_and(|c| hit(c.span)) {
                element = set
                    .committee_goal(p, &g.id)
                    .map(Element::CommitteeGoal)
                    .or(element);
            }
        }
    }
    for (u, plan) in set.unit_plan_ids().filter(|(_, p)| p.file == file) {
        if plan.unit.continues.as_ref().is_some_and(|c| hit(c.span)) {
            element = Some(Element::UnitPlan(u));
        }
        for (id, g) in plan.unit_goal_ids(u) {
            if g.continues.as_ref().is_some_and(|c| hit(c.span)) {
                element = Some(Element::UnitGoal(id));
            }
        }
    }
    match *set.predecessors(element?).first()? {
        Element::KfGoal(g) => Some(Symbol::KfGoal(g)),
        Element::CommitteeGoal(g) => Some(Symbol::CommitteeGoal(g)),
        Element::UnitGoal(g) => Some(Symbol::UnitGoal(g)),
        Element::UnitPlan(u) => Some(Symbol::UnitPlan(u)),
        Element::CommitteePlan(_) => None,
    }
}

/// Where a symbol is defined.
pub fn definition(set: &PlanSet, symbol: &Symbol) -> Option<Span> {
    Some(match symbol {
        Symbol::Committee(id) => set.committee(id)?.span,
        Symbol::KfGoal(g) => set[*g].span,
        Symbol::CommitteeGoal(g) => set[*g].span,
        Symbol::UnitGoal(g) => set[*g].span,
        Symbol::UnitPlan(u) => set[*u].unit.span,
        Symbol::Indicator(key) => set.indicator_definition(key)?.span,
        Symbol::Table(plan, i) => tables(set, *plan).get(*i)?.span,
    })
}

pub fn tables(set: &PlanSet, plan: PlanId) -> &[crate::model::Table] {
    match plan {
        PlanId::Committee(p) => &set[p].economy,
        PlanId::Unit(u) => &set[u].economy,
    }
}

/// The Markdown file of the plan a goal stands in, and the goal's id there.
fn prose_of(set: &PlanSet, symbol: &Symbol) -> Option<(FileId, String)> {
    match symbol {
        Symbol::CommitteeGoal(g) => Some((set[g.plan].prose_file?, set[*g].id.clone())),
        Symbol::UnitGoal(g) => Some((set[g.plan].prose_file?, set[*g].id.clone())),
        _ => None,
    }
}

/// Where a goal's `{#id}` stands in its plan's Markdown.
pub fn heading(tree: &Tree, symbol: &Symbol) -> Option<Span> {
    let (file, id) = prose_of(&tree.project.plans, symbol)?;
    let text = tree.project.sources.get(file).text.as_str();
    let needle = format!("{{#{id}}}");
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if line.starts_with('#')
            && let Some(i) = line.find(&needle)
        {
            let start = at + i + 2;
            return Some(Span::new(file, start, start + id.len()));
        }
        at += line.len();
    }
    None
}

/// Where `{{tabell: id}}` places a table in its plan's Markdown.
fn table_places(tree: &Tree, plan: PlanId, id: &str) -> Vec<Span> {
    let set = &tree.project.plans;
    let prose = match plan {
        PlanId::Committee(p) => set[p].prose_file,
        PlanId::Unit(u) => set[u].prose_file,
    };
    let Some(file) = prose else { return Vec::new() };
    let text = tree.project.sources.get(file).text.as_str();
    let mut out = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if let Some(open) = line.find("{{")
            && let Some(rest) = line[open + 2..].trim_start().strip_prefix("tabell:")
        {
            let name = rest.split("}}").next().unwrap_or("");
            if name.trim() == id {
                let start = at + line.len() - rest.len() + (name.len() - name.trim_start().len());
                out.push(Span::new(file, start, start + id.len()));
            }
        }
        at += line.len();
    }
    out
}

/// Every place a symbol is written: its definition, its Markdown heading, and
/// each reference to it (the enhetsmål groups serving a nämndmål, the rows
/// showing an indicator, the `fortsätter` of the goals continuing it, the
/// plans of a nämnd). Spans cover the id as written; sorted, each once.
pub fn references(tree: &Tree, symbol: &Symbol) -> Vec<Span> {
    let set = &tree.project.plans;
    let mut out: Vec<Span> = definition(set, symbol).into_iter().collect();
    out.extend(heading(tree, symbol));
    let continues_of = |e: Element| -> Vec<Span> {
        set.successors(e)
            .iter()
            .filter_map(|s| match *s {
                Element::KfGoal(g) => set[g].continues.as_ref().map(|c| c.span),
                Element::CommitteeGoal(g) => set[g].continues.as_ref().map(|c| c.span),
                Element::UnitGoal(g) => set[g].continues.as_ref().map(|c| c.span),
                Element::UnitPlan(u) => set[u].unit.continues.as_ref().map(|c| c.span),
                Element::CommitteePlan(_) => None,
            })
            .collect()
    };
    match symbol {
        Symbol::Committee(id) => {
            for (_, p) in set.committee_plan_ids() {
                if &p.committee == id {
                    out.push(p.span);
                }
            }
            for (_, p) in set.unit_plan_ids() {
                if &p.committee == id {
                    out.push(p.committee_span);
                }
                // The units that also serve it (`fler_nämnder`).
                for (name, span) in p
                    .unit
                    .other_committees
                    .iter()
                    .zip(&p.unit.other_committee_spans)
                {
                    if name == id {
                        out.push(*span);
                    }
                }
            }
            for c in &set.committees {
                for (name, span) in c.continues.iter().zip(&c.continues_spans) {
                    if name == id {
                        out.push(*span);
                    }
                }
            }
        }
        Symbol::KfGoal(g) => {
            for (_, p) in set.committee_plan_ids().filter(|(_, p)| p.year == g.year) {
                out.extend(
                    p.kf_goals
                        .iter()
                        .filter(|k| k.kf_goal_id == Some(*g))
                        .map(|k| k.span),
                );
            }
            for (_, p) in set.unit_plan_ids().filter(|(_, p)| p.year == g.year) {
                out.extend(
                    p.kf_goals
                        .iter()
                        .filter(|k| k.kf_goal_id == Some(*g))
                        .map(|k| k.span),
                );
            }
            out.extend(continues_of(Element::KfGoal(*g)));
        }
        Symbol::CommitteeGoal(g) => {
            let plan = &set[g.plan];
            for &u in set.plans_serving(&plan.committee, plan.year) {
                out.extend(
                    set[u]
                        .goals
                        .iter()
                        .filter(|group| group.committee_goal_id == Some(*g))
                        .map(|group| group.span),
                );
            }
            out.extend(continues_of(Element::CommitteeGoal(*g)));
        }
        Symbol::UnitGoal(g) => out.extend(continues_of(Element::UnitGoal(*g))),
        Symbol::UnitPlan(u) => out.extend(continues_of(Element::UnitPlan(*u))),
        Symbol::Indicator(key) => {
            out.extend(set.rows_showing(key).iter().map(|&r| set[r].span));
            // The weighted means weighted by it (`vikt`).
            out.extend(
                set.indicator_rows()
                    .filter(|(_, i)| !i.is_reference && i.weight_key.as_ref() == Some(key))
                    .filter_map(|(_, i)| i.weight_span),
            );
        }
        Symbol::Table(plan, i) => {
            if let Some(t) = tables(set, *plan).get(*i) {
                out.extend(table_places(tree, *plan, &t.id));
            }
        }
    }
    out.sort_by_key(|s| (s.file, s.start));
    out.dedup();
    out
}
