//! A weighted mean names its weight: an indicator visible from where the
//! weighted one is defined (KF's, the nämnd's, the unit's own). Resolved here,
//! once every plan is in the index.

use crate::diag::{Code, Diagnostic, Diagnostics, did_you_mean};
use crate::model::graph::RowId;
use crate::model::{IndicatorKey, IndicatorOwner, PlanSet, UnitPlanId};

/// Sets every row's `weight_key`, and reports definitions whose weight is unknown.
/// Resolves the weights of KF's and the nämnd plans' rows and of the unit plans
/// `units` names (not those kept from the last validation, which hold theirs
/// and whose findings are kept).
pub fn resolve_weights(
    set: &mut PlanSet,
    units: &dyn Fn(UnitPlanId) -> bool,
    diags: &mut Diagnostics,
) {
    // Only what differs is written: a unit plan kept from the last validation
    // already holds its weights, and a write would copy it (it is shared).
    let mut resolved: Vec<(RowId, Option<IndicatorKey>)> = Vec::new();
    for (row, ind) in set.indicator_rows_of(units) {
        let Some(weight) = &ind.weight else { continue };
        let visible = visible_owners(set, ind.key.owner);
        let found = visible.iter().find_map(|&owner| {
            let key = IndicatorKey {
                owner,
                id: weight.clone(),
            };
            set.indicator_definition(&key).is_some().then_some(key)
        });
        if ind.weight_key != found {
            resolved.push((row, found.clone()));
        }
        match found {
            Some(_) => {}
            None if !ind.is_reference => {
                let known: Vec<&str> = set
                    .indicator_rows()
                    .filter(|(_, i)| !i.is_reference && visible.contains(&i.key.owner))
                    .map(|(_, i)| i.id.as_str())
                    .collect();
                diags.push(
                    Diagnostic::new(
                        Code::UnknownIndicator,
                        ind.span,
                        format!(
                            "indikatorn `{}` viktas med `{weight}`, som inte är en indikator det här året",
                            ind.id
                        ),
                    )
                    .hint_opt(did_you_mean(weight, known))
                    .hint("vikten är en annan indikator, t.ex. antal barn, som enheterna också rapporterar"),
                );
            }
            None => {}
        }
    }
    for (row, key) in resolved {
        set.indicator_mut(row).weight_key = key;
    }
}

/// Whose definitions an indicator defined by `owner` can see, nearest first.
fn visible_owners(set: &PlanSet, owner: IndicatorOwner) -> Vec<IndicatorOwner> {
    match owner {
        IndicatorOwner::Kf(_) => vec![owner],
        IndicatorOwner::Committee(p) => vec![owner, IndicatorOwner::Kf(set[p].year)],
        IndicatorOwner::Unit(u) => {
            let plan = &set[u];
            let mut v = vec![owner];
            if let Some(cp) = set.committee_plan_id(&plan.committee, plan.year) {
                v.push(IndicatorOwner::Committee(cp));
            }
            v.push(IndicatorOwner::Kf(plan.year));
            v
        }
    }
}
