//! The nämnd's targets against its units': where the units' targets, rolled up
//! by the indicator's declared rule, do not reach the nämnd's, CI says so before
//! the committee does. The computation is the model's (`model::aggregate`),
//! the same `vp rollup` shows.

use rayon::prelude::*;

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::model::aggregate::{Outcome, RolledUp, roll_up, unit_target};
use crate::model::{Aggregation, CommitteeGoalId, CommitteePlanId, Direction, PlanSet, UnitPlanId};

/// The nämnd plans' targets against their units' (VP101), each nämnd plan's
/// findings apart, in plan order: `kept` gives those of a plan that need not be
/// computed again (neither it nor a unit serving it changed since they were).
pub fn committee_targets(
    set: &PlanSet,
    kept: &(dyn Fn(CommitteePlanId) -> Option<Vec<Diagnostic>> + Sync),
) -> Vec<Vec<Diagnostic>> {
    // Each nämnd plan on its own: a city's nämnder are checked in parallel.
    let ids: Vec<_> = set.committee_plan_ids().map(|(id, _)| id).collect();
    ids.par_iter()
        .map(|&cp| kept(cp).unwrap_or_else(|| committee_plan(set, cp)))
        .collect()
}

fn committee_plan(set: &PlanSet, cp: CommitteePlanId) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let plan = &set[cp];
    let serving = set.plans_serving(&plan.committee, plan.year);
    if serving.is_empty() {
        return diags;
    }
    let rows = plan
        .kf_goals
        .iter()
        .flat_map(|g| g.indicators.iter().map(|row| (None, row)))
        .chain(plan.goals.iter().enumerate().flat_map(|(i, g)| {
            let id = CommitteeGoalId::new(cp, i);
            g.indicators.iter().map(move |row| (Some(id), row))
        }));
    for (goal, row) in rows {
        // Without a rule to roll up by there is nothing to compare (see `vp rollup`).
        let Some(rule) = row.aggregation.filter(|a| *a != Aggregation::NoRollup) else {
            continue;
        };
        let RolledUp {
            rows: units,
            committee_target,
            outcome,
            ..
        } = roll_up(set, cp, row, goal, serving);
        let Outcome::Aggregated {
            text,
            reaches: Some(false),
            ..
        } = &outcome
        else {
            continue;
        };
        // Units without a row of their own are named in the rollup, not counted.
        let units: Vec<(&str, &str, crate::source::Span)> = units
            .iter()
            .filter_map(|&(u, r)| {
                let r = r?;
                Some((
                    set[u].unit.name.as_str(),
                    unit_target(Some(r)).text(),
                    r.span,
                ))
            })
            .collect();
        let listed: Vec<String> = units.iter().map(|(u, t, _)| format!("{u} {t}")).collect();
        let better = match row.direction {
            Some(Direction::Lower) => "lägre är bättre",
            _ => "högre är bättre",
        };
        let committee_target = committee_target.map_or("", |t| t.target.text());
        let mut d = Diagnostic::new(
            Code::UnitsBelowTarget,
            row.span,
            format!(
                "enheternas årsmål för `{}` blir tillsammans {text} ({}), men nämndens årsmål är {committee_target} ({better})",
                row.id,
                rule.name()
            ),
        )
        .hint(format!("enheternas årsmål: {}", listed.join(", ")))
        .hint(format!(
            "ändra enheternas eller nämndens årsmål; `vp rollup {} {}` visar hela sammanställningen",
            plan.committee, plan.year
        ));
        for &(unit, target, span) in &units {
            d = d.related(span, format!("{unit}: {target}"));
        }
        diags.push(d);
    }
    diags
}

/// VP102: a nämnd's or unit's own target for one of KF's indicators that asks
/// for less than KF's, given the indicator's `riktning` (70 % where KF says 77 %
/// and higher is better). Only numbers in the same unit, not tolerances.
/// The nämnd plans' rows, and those of the unit plans `units` names (not those
/// kept from the last validation, whose findings are kept).
pub fn less_than_kf(set: &PlanSet, units: &dyn Fn(UnitPlanId) -> bool, diags: &mut Diagnostics) {
    use crate::model::Target;
    use crate::model::value::{format_number, units_agree};
    for (id, row) in set.indicator_rows_of(units) {
        if id.plan().is_none() {
            continue;
        }
        let (
            Target::Number {
                value: own,
                unit: own_unit,
                tolerance: false,
                text,
            },
            Some(Target::Number {
                value: kf,
                unit: kf_unit,
                tolerance: false,
                text: kf_text,
            }),
            Some(direction),
        ) = (&row.target, &row.kf_target, row.direction)
        else {
            continue;
        };
        let same_unit = match (own_unit, kf_unit) {
            (Some(a), Some(b)) => units_agree(a, b),
            (None, None) => true,
            _ => false,
        };
        let less = match direction {
            Direction::Higher => own < kf,
            Direction::Lower => own > kf,
            _ => false,
        };
        // A count that adds up over nämnder and units (`aggregering: summa`) has
        // parts smaller than KF's whole; only shares and levels compare, and
        // without a declared rule only shares (`%`).
        let comparable = match row.aggregation {
            Some(Aggregation::Sum) => false,
            Some(_) => true,
            None => own_unit.as_deref().is_some_and(|u| u.starts_with('%')),
        };
        if !same_unit || !less || !comparable {
            continue;
        }
        let better = if direction == Direction::Lower {
            "lägre är bättre"
        } else {
            "högre är bättre"
        };
        diags.push(
            Diagnostic::new(
                Code::LessThanKf,
                row.target_span.unwrap_or(row.span),
                format!(
                    "årsmålet `{text}` för `{}` är lägre ställt än KF:s årsmål `{kf_text}` ({better}; skillnad {})",
                    row.id,
                    format_number((own - kf).abs())
                ),
            )
            .hint("höj ambitionen till minst KF:s årsmål, eller skriv i planens text varför målet är lägre"),
        );
    }
}
