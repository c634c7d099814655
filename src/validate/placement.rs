//! Where a KF indicator is shown: under the KF goal KF's budget defines it
//! under, a nämndmål of that goal, or an enhetsmål under such a nämndmål. A
//! sick-leave indicator of goal 3.2 under a preschool goal of 1.3 is accepted by
//! every reference check, but the rollup and the rendered plan then show it
//! under the wrong goal.

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::model::UnitPlanId;
use crate::model::graph::RowPlace;
use crate::model::{IndicatorOwner, KfGoalId, PlanId, PlanSet};

/// KF's and the nämnd plans' rows, and those of the unit plans `units` names
/// (not those kept from the last validation, whose findings are kept).
pub fn check(set: &PlanSet, units: &dyn Fn(UnitPlanId) -> bool, diags: &mut Diagnostics) {
    for (row, ind) in set.indicator_rows_of(units) {
        if !matches!(ind.key.owner, IndicatorOwner::Kf(_)) {
            continue;
        }
        let Some(defining) = set.kf_goal_defining(&ind.key) else {
            continue;
        };
        // The KF goal the row stands under, and how the plan says so.
        let (under, via): (Option<KfGoalId>, String) = match row.place {
            RowPlace::Kf(_) => continue,
            RowPlace::PlanKfGoal(PlanId::Committee(p), group) => {
                (set[p].kf_goals[group as usize].kf_goal_id, String::new())
            }
            RowPlace::PlanKfGoal(PlanId::Unit(p), group) => {
                (set[p].kf_goals[group as usize].kf_goal_id, String::new())
            }
            RowPlace::CommitteeGoal(g) => (
                set[g].kf_goal_id,
                format!("nämndmålet `{}`, som hör till ", set[g].id),
            ),
            RowPlace::UnitGoal(g) => {
                let group = set.unit_goal_group(g);
                match group.committee_goal_id {
                    Some(cg) => (
                        set[cg].kf_goal_id,
                        format!(
                            "enhetsmålet `{}` under nämndmålet `{}`, som hör till ",
                            set[g].id, set[cg].id
                        ),
                    ),
                    None => continue,
                }
            }
        };
        let Some(under) = under else { continue };
        let shown = &set[under];
        if shown.number == defining.number {
            continue;
        }
        diags.push(
            Diagnostic::new(
                Code::IndicatorUnderOtherKfGoal,
                ind.span,
                format!(
                    "KF:s indikator `{}` står under {via}KF-målet {}, men KF-budgeten {} definierar den under {} ({})",
                    ind.id, shown.number, under.year, defining.number, defining.title
                ),
            )
            .hint(format!(
                "flytta raden till planens `kf_mål: \"{}\"` eller till ett nämndmål under KF-målet {}",
                defining.number, defining.number
            ))
            .hint_opt(row.plan().map(|p| {
                let (committee, year) = match p {
                    PlanId::Committee(c) => (&set[c].committee, set[c].year),
                    PlanId::Unit(u) => (&set[u].committee, set[u].year),
                };
                format!("`vp visa {committee} {year}` listar KF:s indikatorer per mål")
            })),
        );
    }
}
