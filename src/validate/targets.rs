//! The nämnd's targets against its units': where the units' targets, rolled up
//! by the indicator's declared rule, do not reach the nämnd's, CI says so before
//! the committee does. The computation is `vp rollup`'s.

use rayon::prelude::*;

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::model::{Aggregation, PlanSet};
use crate::rollup::{Outcome, indicator_rollup};

pub fn check(set: &PlanSet, diags: &mut Diagnostics) {
    // Each nämnd plan on its own: a city's nämnder are checked in parallel.
    let ids: Vec<_> = set.committee_plan_ids().map(|(id, _)| id).collect();
    let found: Vec<Vec<Diagnostic>> = ids.par_iter().map(|&cp| committee_plan(set, cp)).collect();
    for d in found.into_iter().flatten() {
        diags.push(d);
    }
}

fn committee_plan(set: &PlanSet, cp: crate::model::CommitteePlanId) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let plan = &set[cp];
    {
        let serving = set.plans_serving(&plan.committee, plan.year);
        if serving.is_empty() {
            return diags;
        }
        let rows = plan
            .kf_goals
            .iter()
            .flat_map(|g| g.indicators.iter().map(|row| (None, row)))
            .chain(plan.goals.iter().enumerate().flat_map(|(i, g)| {
                let id = crate::model::CommitteeGoalId::new(cp, i);
                g.indicators.iter().map(move |row| (Some(id), row))
            }));
        for (goal, row) in rows {
            // Without a rule to roll up by there is nothing to compare (see `vp rollup`).
            if matches!(row.aggregation, None | Some(Aggregation::NoRollup)) {
                continue;
            }
            let r = indicator_rollup(set, cp, row, goal, serving);
            let Outcome::Aggregated {
                text,
                reaches: Some(false),
                ..
            } = &r.result
            else {
                continue;
            };
            let units: Vec<String> = r
                .unit_targets
                .iter()
                .map(|t| format!("{} {}", t.unit_name, t.target))
                .collect();
            let rule = r.aggregation.unwrap_or("");
            let better = match r.direction {
                Some("lägre") => "lägre är bättre",
                _ => "högre är bättre",
            };
            let mut d = Diagnostic::new(
                    Code::UnitsBelowTarget,
                    r.span,
                    format!(
                        "enheternas årsmål för `{}` blir tillsammans {text} ({rule}), men nämndens årsmål är {} ({better})",
                        r.id, r.committee_target
                    ),
                )
                .hint(format!("enheternas årsmål: {}", units.join(", ")))
                .hint(format!(
                    "ändra enheternas eller nämndens årsmål; `vp rollup {} {}` visar hela sammanställningen",
                    plan.committee, plan.year
                ));
            for t in &r.unit_targets {
                d = d.related(t.span, format!("{}: {}", t.unit_name, t.target));
            }
            diags.push(d);
        }
    }
    diags
}
