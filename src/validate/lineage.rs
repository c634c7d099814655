//! `fortsätter` on KF goals, nämndmål, units and enhetsmål: what is continued
//! should exist in an earlier year, if the tree holds that history at all.
//! Missing history is normal; a wrong id is not. Each check stands on its own,
//! so a misspelt unit does not hide the checks of its goals.

use crate::diag::{Code, Diagnostic, Diagnostics, did_you_mean};
use crate::model::{Element, PlanSet, UnitPlan, UnitPlanId};

pub fn check(set: &PlanSet, diags: &mut Diagnostics) {
    kf_goals(set, diags);
    committee_goals(set, diags);
    for (id, plan) in set.unit_plan_ids() {
        unit(set, plan, diags);
        unit_goals(set, id, plan, diags);
    }
}

fn kf_goals(set: &PlanSet, diags: &mut Diagnostics) {
    for kf in set.kf_years.values() {
        let earlier: Vec<_> = set.kf_years.range(..kf.year).map(|(_, k)| k).collect();
        if earlier.is_empty() {
            continue;
        }
        for (id, g) in kf.goals_with_ids() {
            let Some(prev) = &g.continues else { continue };
            if set.predecessors(Element::KfGoal(id)).is_empty() {
                diags.push(
                    Diagnostic::new(
                        Code::UnknownPredecessor,
                        prev.span,
                        format!(
                            "KF-målet {} fortsätter {}, som inte finns i någon tidigare KF-budget",
                            g.number, prev.text
                        ),
                    )
                    .hint_opt(did_you_mean(
                        &prev.text,
                        earlier
                            .iter()
                            .flat_map(|k| k.goals().map(|g| g.number.as_str())),
                    )),
                );
            }
        }
    }
}

fn committee_goals(set: &PlanSet, diags: &mut Diagnostics) {
    for (pid, plan) in set.committee_plan_ids() {
        let lineage = set.committee_lineage(&plan.committee);
        let earlier: Vec<_> = set
            .committee_plans
            .iter()
            .filter(|p| p.year < plan.year && lineage.contains(&p.committee.as_str()))
            .collect();
        for (i, g) in plan.goals.iter().enumerate() {
            let Some(prev) = &g.continues else { continue };
            let id = crate::model::CommitteeGoalId::new(pid, i);
            if !set.predecessors(Element::CommitteeGoal(id)).is_empty() {
                continue;
            }
            // A goal of another nämnd's earlier plan: a plan copied from that nämnd.
            if let Some((other, theirs)) = set.committee_plans.iter().find_map(|p| {
                (p.year < plan.year && !lineage.contains(&p.committee.as_str()))
                    .then(|| p.goals.iter().find(|x| x.id == prev.text))
                    .flatten()
                    .map(|x| (p, x))
            }) {
                diags.push(
                    Diagnostic::new(
                        Code::OutsideLineage,
                        prev.span,
                        format!(
                            "nämndmålet `{}` fortsätter `{}`, ett nämndmål i nämndplanen {} för `{}`, men `{}` fortsätter inte den nämnden enligt organisation.yaml",
                            g.id, prev.text, other.year, other.committee, plan.committee
                        ),
                    )
                    .related(theirs.span, "den andra nämndens nämndmål")
                    .hint(lineage_hint(&plan.committee, &lineage, &other.committee)),
                );
                continue;
            }
            if !earlier.is_empty() {
                diags.push(
                    Diagnostic::new(
                        Code::UnknownPredecessor,
                        prev.span,
                        format!(
                            "nämndmålet `{}` fortsätter `{}`, som inte finns i någon tidigare nämndplan",
                            g.id, prev.text
                        ),
                    )
                    .hint_opt(did_you_mean(
                        &prev.text,
                        earlier
                            .iter()
                            .flat_map(|p| p.goals.iter().map(|g| g.id.as_str())),
                    )),
                );
            }
        }
    }
}

/// A unit's `fortsätter: nämnd/enhet`.
fn unit(set: &PlanSet, plan: &UnitPlan, diags: &mut Diagnostics) {
    let Some(prev) = &plan.unit.continues else {
        return;
    };
    let Some((committee, unit)) = prev.text.split_once('/') else {
        diags.push(
            Diagnostic::new(
                Code::UnknownPredecessor,
                prev.span,
                format!("`fortsätter: {}` ska skrivas som `nämnd/enhet`", prev.text),
            )
            .hint(format!(
                "skriv nämndens id före enhetens, t.ex. `fortsätter: {}/{}`",
                plan.committee, prev.text
            )),
        );
        return;
    };
    let lineage = set.committee_lineage(&plan.committee);
    if set.committee(committee).is_some() && !lineage.contains(&committee) {
        // The same unit under a nämnd of the lineage, if the tree holds one.
        let instead = set
            .unit_plans
            .iter()
            .filter(|p| {
                p.year < plan.year && p.unit.id == unit && lineage.contains(&p.committee.as_str())
            })
            .max_by_key(|p| p.year)
            .map(|p| {
                format!(
                    "enheten finns under `{}`: skriv `fortsätter: {}/{}`",
                    p.committee, p.committee, p.unit.id
                )
            });
        diags.push(
            Diagnostic::new(
                Code::OutsideLineage,
                prev.span,
                format!(
                    "enheten fortsätter `{}`, men nämnden `{}` fortsätter inte `{committee}` enligt organisation.yaml",
                    prev.text, plan.committee
                ),
            )
            .hint_opt(instead)
            .hint(lineage_hint(&plan.committee, &lineage, committee)),
        );
        return;
    }
    if set.committee(committee).is_none() {
        diags.push(
            Diagnostic::new(
                Code::UnknownPredecessor,
                prev.span,
                format!(
                    "enheten fortsätter `{}`, men nämnden `{committee}` finns inte",
                    prev.text
                ),
            )
            .hint_opt(did_you_mean(
                committee,
                set.committees.iter().map(|c| c.id.as_str()),
            ))
            .hint("nämnderna listas i organisation.yaml"),
        );
        return;
    }
    let found = set
        .unit_plans
        .iter()
        .any(|p| p.year < plan.year && p.committee == committee && p.unit.id == unit);
    // Only when the tree holds the nämnd's earlier years can the unit be missing from them.
    let history = set
        .unit_plans
        .iter()
        .any(|p| p.year < plan.year && p.committee == committee)
        || set
            .committee_plans
            .iter()
            .any(|p| p.year < plan.year && p.committee == committee);
    if found || !history {
        return;
    }
    let known: Vec<String> = set
        .unit_plans
        .iter()
        .filter(|p| p.year < plan.year)
        .map(|p| format!("{}/{}", p.committee, p.unit.id))
        .collect();
    diags.push(
        Diagnostic::new(
            Code::UnknownPredecessor,
            prev.span,
            format!(
                "enheten fortsätter `{}`, men `{committee}` har ingen enhet `{unit}` i någon tidigare plan",
                prev.text
            ),
        )
        .hint_opt(did_you_mean(&prev.text, known.iter().map(String::as_str)))
        .hint("skriv nämndens id och enhetens id som i enhetens tidigare plan, `nämnd/enhet`"),
    );
}

/// Enhetsmål `fortsätter`: checked against the unit's earlier plans, or, when the
/// unit's own lineage cannot be followed, against every earlier unit plan of its
/// nämnd's lineage.
fn unit_goals(set: &PlanSet, id: UnitPlanId, plan: &UnitPlan, diags: &mut Diagnostics) {
    // The goals whose `fortsätter` no link resolved; most plans have none, and
    // then the earlier plans (a pass over every unit plan) are not looked for.
    let open: Vec<_> = plan
        .unit_goal_ids(id)
        .filter_map(|(gid, g)| Some((g, g.continues.as_ref()?, gid)))
        .filter(|&(_, _, gid)| set.predecessors(Element::UnitGoal(gid)).is_empty())
        .map(|(g, prev, _)| (g, prev))
        .collect();
    if open.is_empty() {
        return;
    }
    let mut candidates = earlier_plans_of_unit(set, id);
    if candidates.is_empty() {
        let mut committees = set.committee_lineage(&plan.committee);
        if let Some((c, _)) = plan
            .unit
            .continues
            .as_ref()
            .and_then(|c| c.text.split_once('/'))
        {
            committees.extend(set.committee_lineage(c));
        }
        candidates = set
            .unit_plans
            .iter()
            .filter(|p| p.year < plan.year && committees.contains(&p.committee.as_str()))
            .map(|p| &**p)
            .collect();
    }
    if candidates.is_empty() {
        return;
    }
    for (g, prev) in open {
        if candidates.iter().any(|p| {
            p.goals
                .iter()
                .flat_map(|x| x.unit_goals.iter())
                .any(|x| x.id == prev.text)
        }) {
            continue;
        }
        diags.push(
            Diagnostic::new(
                Code::UnknownPredecessor,
                prev.span,
                format!(
                    "enhetsmålet `{}` fortsätter `{}`, som inte finns i enhetens tidigare planer",
                    g.id, prev.text
                ),
            )
            .hint_opt(did_you_mean(
                &prev.text,
                candidates.iter().flat_map(|p| {
                    p.goals
                        .iter()
                        .flat_map(|x| x.unit_goals.iter().map(|u| u.id.as_str()))
                }),
            )),
        );
    }
}

/// The unit's plans in earlier years, following its lineage back.
fn earlier_plans_of_unit(set: &PlanSet, id: UnitPlanId) -> Vec<&UnitPlan> {
    let mut out = Vec::new();
    let mut seen = vec![id];
    let mut at = id;
    while let Some(&Element::UnitPlan(prev)) = set.predecessors(Element::UnitPlan(at)).first() {
        if seen.contains(&prev) {
            break;
        }
        seen.push(prev);
        out.push(&set[prev]);
        at = prev;
    }
    out
}

/// How to mend a link out of the nämnd's lineage: name a nämnd in it, or record
/// in organisation.yaml that the nämnd took over the other's work.
fn lineage_hint(committee: &str, lineage: &[&str], other: &str) -> String {
    let named: Vec<String> = lineage.iter().skip(1).map(|c| format!("`{c}`")).collect();
    let from = if named.is_empty() {
        format!("`{committee}` fortsätter ingen annan nämnd")
    } else {
        format!("`{committee}` fortsätter {}", named.join(" och "))
    };
    format!(
        "{from}; hänvisa till den nämnden själv eller en den fortsätter, eller skriv `{other}` i `fortsätter:` för `{committee}` i organisation.yaml om nämnden tog över dess verksamhet"
    )
}
