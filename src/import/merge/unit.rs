//! A unit's document into the unit's plan: its nämndmål by reference to the
//! nämnd's plan, its own enhetsmål with their indicators, activities and
//! prose, its chapters and budget tables.

use std::collections::{HashMap, HashSet};

use super::{
    Activity, CommitteeGoal, Goal, Indicator, MdPart, Overrides, Tree, UnitCommitteeGoal,
    UnitKfGoal, UnitPlan, blocks_of, chapter_blocks, direction_number, goal_prose, indicator, key,
    push_kf_md, unfiled_direction_text, unfiled_goal_text,
};
use crate::import::document::{self as d, Document};
use crate::import::ids::{self, Ids};

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
    let mut ids = Ids::default();
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
    // The nämnd's plan looked up by folded text, built once: a plan may have
    // thousands of goals, indicators or activities.
    let mut committee_indicators: HashMap<String, String> = HashMap::new();
    let mut goal_at: HashMap<String, usize> = HashMap::new();
    for (k, g) in cplan.goals.iter().enumerate() {
        goal_at.entry(key(&g.goal.title)).or_insert(k);
        for i in &g.goal.indicators {
            if let Indicator::Own { id, name, .. } = i {
                committee_indicators
                    .entry(key(name))
                    .or_insert_with(|| id.clone());
            }
        }
    }
    // An indicator of the unit's is KF's or the nämnd's when they have one of that name.
    let known = |name: &str| {
        kf.indicator_id(name)
            .map(str::to_owned)
            .or_else(|| committee_indicators.get(&key(name)).cloned())
    };
    // KF's activities by goal number and folded text, looked up as the nämnd's are.
    let kf_activity: HashMap<(&str, String), String> = kf
        .directions
        .iter()
        .flat_map(|d| &d.goals)
        .flat_map(|g| {
            g.activities
                .iter()
                .filter_map(|a| Some(((g.number.as_str(), key(&a.text)), a.id.clone()?)))
        })
        .collect();
    let mut md_after = Vec::new();
    let mut seen_goals = false;
    for item in &doc.items {
        let dir = match item {
            d::Item::Chapter(c) => {
                let part = MdPart::Chapter(c.title.clone(), chapter_blocks(&c.prose, 0));
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
            match direction_number(dir) {
                Some(number) => push_kf_md(
                    &mut unit.md,
                    MdPart::Direction(number, dir.title.clone(), blocks_of(&dir.prose)),
                ),
                None => tree.dropped.push(unfiled_direction_text(&doc.source, dir)),
            }
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
                .filter_map(|r| kf.indicator_id(&r.name).map(str::to_owned))
                .collect();
            // KF's activities the plan lists under the goal (seed 004 one under 1.4).
            let mut activities: Vec<String> = Vec::new();
            let mut got = HashSet::new();
            for a in &g.activities {
                if let Some(id) = kf_activity.get(&(g.number.as_str(), key(&a.text)))
                    && got.insert(id)
                {
                    activities.push(id.clone());
                }
            }
            if !g.number.is_empty() && (!shown.is_empty() || !activities.is_empty()) {
                unit.kf_goals.push(UnitKfGoal {
                    number: g.number.clone(),
                    indicators: shown,
                    activities,
                });
            }
            let has_text = !g.prose.is_empty() || !comment.is_empty();
            if has_text && kf.goal(&g.number).is_none() {
                tree.dropped.push(unfiled_goal_text(&doc.source, g));
            } else if has_text {
                push_kf_md(
                    &mut unit.md,
                    MdPart::KfGoal(
                        g.number.clone(),
                        g.title.clone(),
                        blocks_of(&g.prose),
                        comment,
                    ),
                );
            }
            for cg in &g.committee_goals {
                let Some(cgoal) = goal_at.get(&key(&cg.title)).map(|&k| &cplan.goals[k]) else {
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
                    committee_goal: cgoal.goal.id.clone(),
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
        let id = ids.unique(&ids::short(&title));
        unit.tables.push((id, t.clone()));
    }
    // Two texts of one run that make the same unit (neither names it, or both
    // the same) would be written to one file, the second over the first: the
    // second gets an id of its own, and the report says so.
    let taken = |id: &str| {
        tree.units
            .iter()
            .any(|u| u.year == year && u.committee == committee && u.id == id)
    };
    if taken(&unit.id) {
        let first = unit.id.clone();
        let id = (2..)
            .map(|n| format!("{first}-{n}"))
            .find(|id| !taken(id))
            .unwrap_or_default();
        tree.notes.push(format!(
            "{}: enheten har samma id, `{first}`, som en annan text i körningen och skrevs som `{id}`; ange enhetens namn med --unit eller dess id med --unit-id, eller importera texterna var för sig",
            doc.source
        ));
        unit.id = id;
    }
    tree.units.push(unit);
}

/// The ids of the nämndmål's activities the unit's plan shows under it.
fn shown_activities(cg: &d::Goal, cgoal: &CommitteeGoal) -> Vec<String> {
    let mut by_text: HashMap<String, Option<&String>> = HashMap::new();
    for x in &cgoal.goal.activities {
        by_text.entry(key(&x.text)).or_insert(x.id.as_ref());
    }
    cg.activities
        .iter()
        .filter_map(|a| by_text.get(&key(&a.text)).copied().flatten().cloned())
        .collect()
}

/// An enhetsmål with an id unique in the unit's plan: its indicators (by
/// reference when `known` names one), activities and prose.
fn unit_goal(ug: &d::Goal, known: &dyn Fn(&str) -> Option<String>, ids: &mut Ids) -> Goal {
    let id = ids.unique(&ids::short(&ug.title));
    let indicators = ug
        .indicators
        .iter()
        .map(|r| indicator(r, known, ids))
        .collect();
    Goal {
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
