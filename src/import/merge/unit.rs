//! A unit's document into the unit's plan: its nämndmål by reference to the
//! nämnd's plan, its own enhetsmål with their indicators, activities and
//! prose, its chapters and budget tables.

use std::collections::HashSet;

use super::{
    Activity, CommitteeGoal, Indicator, MdPart, Overrides, Tree, UnitCommitteeGoal, UnitGoal,
    UnitPlan, blocks_of, goal_prose, indicator, key,
};
use crate::import::document::{self as d, Document};
use crate::import::ids;

/// Adds the unit's plan `doc` is, after its nämnd's plan has been merged.
pub(super) fn add(tree: &mut Tree, doc: &Document, o: &Overrides, year: i32, committee: &str) {
    let name = o
        .unit_name
        .clone()
        .or_else(|| doc.unit_name.clone())
        .unwrap_or_else(|| {
            tree.incomplete += 1;
            tree.notes.push(format!(
                "{}: enhetens namn framgår inte av texten; planen heter \"Enhet\" tills --unit anges",
                doc.source
            ));
            "Enhet".to_owned()
        });
    let id = o.unit_id.clone().unwrap_or_else(|| ids::short_full(&name));
    let Some(cplan) = tree
        .committees
        .iter()
        .find(|c| c.year == year && c.committee == committee)
        .cloned()
    else {
        return;
    };
    let kf = tree.kf.get(&year).cloned().unwrap_or_default();
    let mut ids: HashSet<String> = HashSet::new();
    let mut unit = UnitPlan {
        year,
        committee: committee.to_owned(),
        id,
        name,
        department: doc.department.clone(),
        continues: o.continues.clone(),
        other_committees: if o.other_committees.is_empty() {
            doc.shared_by
                .iter()
                .filter(|c| *c != committee)
                .cloned()
                .collect()
        } else {
            o.other_committees.clone()
        },
        period: doc.period.clone(),
        adopted: doc.adopted.clone(),
        source: doc.source.clone(),
        ..Default::default()
    };
    // An indicator of the unit's is KF's or the nämnd's when they have one of that name.
    let known = |name: &str| {
        kf.indicator_by_name(name)
            .map(|i| i.id.clone())
            .or_else(|| {
                cplan
                    .goals
                    .iter()
                    .flat_map(|g| g.indicators.iter())
                    .find_map(|i| match i {
                        Indicator::Own { id, name: n, .. } if key(n) == key(name) => {
                            Some(id.clone())
                        }
                        _ => None,
                    })
            })
    };
    let mut md_after = Vec::new();
    let mut seen_goals = false;
    for item in &doc.items {
        let dir = match item {
            d::Item::Chapter(c) => {
                let part = MdPart::Chapter(c.title.clone(), blocks_of(&c.prose));
                if seen_goals {
                    md_after.push(part);
                } else {
                    unit.md.push(part);
                }
                continue;
            }
            d::Item::Direction(dir) => dir,
        };
        seen_goals = true;
        // A unit's own text under KF's goals (often a Kommentar) is kept under
        // the same headings as in a nämnd plan.
        if !dir.prose.is_empty() {
            unit.md.push(MdPart::Direction(
                dir.number,
                dir.title.clone(),
                blocks_of(&dir.prose),
            ));
        }
        for g in &dir.goals {
            let comment = g
                .comment
                .as_ref()
                .map(|c| blocks_of(&c.prose))
                .unwrap_or_default();
            let shown: Vec<String> = g
                .indicators
                .iter()
                .filter_map(|r| kf.indicator_by_name(&r.name).map(|i| i.id.clone()))
                .collect();
            if !g.number.is_empty() && !shown.is_empty() {
                unit.kf_goals.push((g.number.clone(), shown));
            }
            if !g.number.is_empty() && (!g.prose.is_empty() || !comment.is_empty()) {
                unit.md.push(MdPart::KfGoal(
                    g.number.clone(),
                    g.title.clone(),
                    blocks_of(&g.prose),
                    comment,
                ));
            }
            for cg in &g.committee_goals {
                let Some(cgoal) = cplan.goals.iter().find(|x| key(&x.title) == key(&cg.title))
                else {
                    // Reported where the nämndmål itself was left out; its unit goals go with it.
                    for ug in &cg.unit_goals {
                        tree.dropped.push(format!(
                            "{}: rad {}: enhetsmålet \"{}\" står under ett nämndmål som inte kom med, och kom inte heller med",
                            doc.source, ug.line, ug.title
                        ));
                    }
                    continue;
                };
                let mut ucg = UnitCommitteeGoal {
                    committee_goal: cgoal.id.clone(),
                    shown_activities: shown_activities(cg, cgoal),
                    unit_goals: Vec::new(),
                };
                for ug in &cg.unit_goals {
                    let goal = unit_goal(ug, &known, &mut ids);
                    unit.md.push(MdPart::UnitGoal(goal.id.clone()));
                    ucg.unit_goals.push(goal);
                }
                unit.goals.push(ucg);
            }
        }
    }
    unit.md.extend(md_after);
    for t in &doc.tables {
        let title = t
            .title
            .clone()
            .or_else(|| t.context.clone())
            .unwrap_or_else(|| "tabell".into());
        let id = ids::unique(&mut ids, &ids::short(&title));
        unit.tables.push((id, t.clone()));
    }
    tree.units.push(unit);
}

/// The ids of the nämndmål's activities the unit's plan shows under it.
fn shown_activities(cg: &d::CommitteeGoal, cgoal: &CommitteeGoal) -> Vec<String> {
    cg.activities
        .iter()
        .filter_map(|a| {
            cgoal
                .activities
                .iter()
                .find(|x| key(&x.text) == key(&a.text))
                .and_then(|x| x.id.clone())
        })
        .collect()
}

/// An enhetsmål with an id unique in the unit's plan: its indicators (by
/// reference when `known` names one), activities and prose.
fn unit_goal(
    ug: &d::UnitGoal,
    known: &dyn Fn(&str) -> Option<String>,
    ids: &mut HashSet<String>,
) -> UnitGoal {
    let id = ids::unique(ids, &ids::short(&ug.title));
    let indicators = ug
        .indicators
        .iter()
        .map(|r| indicator(r, known, ids))
        .collect();
    UnitGoal {
        id,
        title: ug.title.clone(),
        continues: None,
        indicators,
        activities: ug
            .activities
            .iter()
            .map(|a| Activity {
                id: None,
                text: a.text.clone(),
                start: a.start.clone(),
                end: a.end.clone(),
            })
            .collect(),
        prose: goal_prose(&ug.intro, &ug.sections),
    }
}
