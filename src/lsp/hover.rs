//! Hover: what a reference names, in Swedish Markdown — a goal with its chain
//! up to KF:s inriktningsmål, an indicator with its definition and the target
//! at every level, a nämnd; and the rule behind a finding under the cursor.

use std::fmt::Write;

use crate::model::{IndicatorKey, IndicatorOwner, KfGoalId, PlanSet, Target};
use crate::source::FileId;

use super::symbol::{self, Symbol};
use super::world::Tree;

/// How many units' targets an indicator's hover lists before it counts the rest.
const UNITS_SHOWN: usize = 12;

pub fn hover(tree: &Tree, file: FileId, offset: usize) -> Option<String> {
    let mut out = String::new();
    if let Some(found) = symbol::at(tree, file, offset) {
        out = describe(&tree.project.plans, &found.symbol);
    }
    for d in tree.project.diagnostics.iter().filter(|d| {
        d.span.file == file && (d.span.start as usize..=d.span.end as usize).contains(&offset)
    }) {
        if !out.is_empty() {
            out.push_str("\n\n---\n\n");
        }
        let _ = write!(
            out,
            "**{}** ({}): {}\n\n{}",
            d.code.as_str(),
            d.code.severity().label(),
            d.code.title(),
            d.code.explanation()
        );
    }
    (!out.is_empty()).then_some(out)
}

fn kf_chain(set: &PlanSet, g: KfGoalId, out: &mut String) {
    let goal = &set[g];
    let _ = writeln!(
        out,
        "KF:s mål för verksamhetsområdet {} ({}): {}",
        goal.number, g.year, goal.title
    );
    if let Some(dir) = set
        .kf_years
        .get(&g.year)
        .and_then(|k| k.directions.get(g.direction as usize))
    {
        let _ = writeln!(out, "\nKF:s inriktningsmål {}: {}", dir.number, dir.title);
    }
}

pub fn describe(set: &PlanSet, symbol: &Symbol) -> String {
    let mut out = String::new();
    match symbol {
        Symbol::Committee(id) => {
            if let Some(c) = set.committee(id) {
                let _ = writeln!(out, "**Nämnd** `{}`: {}", c.id, c.name);
                if let Some(a) = &c.administration {
                    let _ = writeln!(out, "\nFörvaltning: {a}");
                }
                if let Some(d) = c.from {
                    let _ = writeln!(out, "\nFrån {d}");
                }
                if let Some(d) = c.until {
                    let _ = writeln!(out, "\nTill {d}");
                }
                if !c.continues.is_empty() {
                    let _ = writeln!(out, "\nFortsätter: {}", c.continues.join(", "));
                }
            }
        }
        Symbol::KfGoal(g) => {
            out.push_str("**KF-mål**\n\n");
            kf_chain(set, *g, &mut out);
        }
        Symbol::CommitteeGoal(g) => {
            let goal = &set[*g];
            let plan = &set[g.plan];
            let _ = writeln!(
                out,
                "**Nämndmål** `{}` ({} {}): {}\n",
                goal.id, plan.committee, plan.year, goal.title
            );
            match goal.kf_goal_id {
                Some(kf) => kf_chain(set, kf, &mut out),
                None => {
                    let _ = writeln!(
                        out,
                        "KF-mål {} (finns inte i årets KF-budget)",
                        goal.kf_goal
                    );
                }
            }
            let units = set.unit_goals_under(*g).len();
            if units > 0 {
                let _ = writeln!(out, "\n{units} enhetsmål tjänar nämndmålet.");
            }
        }
        Symbol::UnitGoal(g) => {
            let goal = &set[*g];
            let plan = &set[g.plan];
            let _ = writeln!(
                out,
                "**Enhetsmål** `{}` ({} {}): {}\n",
                goal.id, plan.unit.name, plan.year, goal.title
            );
            let group = set.unit_goal_group(*g);
            match group.committee_goal_id {
                Some(cg) => {
                    let _ = writeln!(out, "Nämndmål `{}`: {}\n", set[cg].id, set[cg].title);
                    if let Some(kf) = set[cg].kf_goal_id {
                        kf_chain(set, kf, &mut out);
                    }
                }
                None => {
                    let _ = writeln!(out, "Nämndmål `{}` (finns inte)", group.committee_goal);
                }
            }
        }
        Symbol::UnitPlan(u) => {
            let p = &set[*u];
            let _ = writeln!(
                out,
                "**Enhet** `{}/{}`: {} ({})",
                p.committee, p.unit.id, p.unit.name, p.year
            );
        }
        Symbol::Indicator(key) => indicator(set, key, &mut out),
        Symbol::Table(plan, i) => {
            if let Some(t) = symbol::tables(set, *plan).get(*i) {
                let _ = writeln!(out, "**Tabell** `{}`: {}", t.id, t.title);
                if let Some(u) = &t.unit {
                    let _ = writeln!(out, "\nEnhet: {u}");
                }
                let _ = writeln!(out, "\nKolumner: {}", t.columns.join(" · "));
            }
        }
    }
    out.trim_end().to_owned()
}

fn target_text(t: &Target) -> String {
    match t.text() {
        "" => "–".to_owned(),
        s => s.to_owned(),
    }
}

fn indicator(set: &PlanSet, key: &IndicatorKey, out: &mut String) {
    let Some(def) = set.indicator_definition(key) else {
        return;
    };
    let owner = match key.owner {
        IndicatorOwner::Kf(year) => format!("KF:s budget {year}"),
        IndicatorOwner::Committee(p) => format!("nämndplanen {} {}", set[p].committee, set[p].year),
        IndicatorOwner::Unit(u) => format!("enhetsplanen {} {}", set[u].unit.name, set[u].year),
    };
    let _ = writeln!(out, "**Indikator** `{}`: {}\n", def.id, def.name);
    let _ = writeln!(out, "Definierad i {owner}.\n");
    let mut facts = Vec::new();
    if let Some(p) = def.periodicity {
        facts.push(format!("periodicitet {}", p.name()));
    }
    if let Some(u) = &def.unit {
        facts.push(format!("enhet {u}"));
    }
    if let Some(d) = def.direction {
        facts.push(format!("riktning {}", d.name()));
    }
    if let Some(a) = def.aggregation {
        facts.push(format!("enheternas utfall räknas samman som {}", a.name()));
    }
    if !facts.is_empty() {
        let _ = writeln!(out, "{}.\n", capitalise(&facts.join(", ")));
    }
    let _ = writeln!(out, "Årsmål:\n");
    if let Some(kf) = def
        .kf_target
        .as_ref()
        .or(matches!(key.owner, IndicatorOwner::Kf(_)).then_some(&def.target))
    {
        let _ = writeln!(out, "- KF: {}", target_text(kf));
    }
    let rows = set.rows_showing(key);
    let mut units = 0;
    for &r in rows {
        let row = &set[r];
        match r.plan() {
            Some(crate::model::PlanId::Committee(p)) => {
                let _ = writeln!(
                    out,
                    "- nämnden {} {}: {}",
                    set[p].committee,
                    set[p].year,
                    target_text(&row.target)
                );
            }
            Some(plan @ crate::model::PlanId::Unit(u)) => {
                units += 1;
                if units <= UNITS_SHOWN {
                    let (target, from) = match set.effective_target(plan, row) {
                        Some(e) => (
                            target_text(e.target),
                            match e.source {
                                crate::model::graph::TargetSource::Own => "",
                                crate::model::graph::TargetSource::Committee => " (nämndens)",
                                crate::model::graph::TargetSource::Kf => " (KF:s)",
                            },
                        ),
                        None => ("–".to_owned(), ""),
                    };
                    let _ = writeln!(
                        out,
                        "- {} {}: {target}{from}",
                        set[u].unit.name, set[u].year
                    );
                }
            }
            None => {}
        }
    }
    if units > UNITS_SHOWN {
        let _ = writeln!(out, "- … och {} enheter till", units - UNITS_SHOWN);
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
