//! Walks two sides' plans and builds the [`Diff`]: pairs plans, matches KF goals,
//! nämndmål and enhetsmål (with [`matching`](super::matching)), and compares what
//! each matched pair holds.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use super::content::{RowsIn, activities, budget, goal_sections, indicators, section};
use super::matching::{Item, Pair, match_goals, match_items, scored, unmatched};
use super::*;
use crate::model::{
    Activity, CommitteeGoalId, CommitteeKfGoal, CommitteePlanId, Element, GoalKind, GoalText,
    Indicator, KfGoalId, PlanId, PlanProse, PlanSet, UnitPlanId,
};

/// Which plans to compare: with neither, every plan on both sides.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    /// Only this nämnd's plan (`--committee`).
    pub committee: Option<String>,
    /// Only this unit's plan (`--unit`), under `committee` when both are given.
    pub unit: Option<String>,
}

/// Compares the plans of year `from` with those of year `to` in one tree, following
/// `fortsätter` and the organisation's mergers.
pub fn years(tree: Tree, from: i32, to: i32, selection: &Selection) -> Diff {
    let ctx = Ctx {
        a: tree,
        b: tree,
        one_tree: true,
        later_is_new: to >= from,
    };
    let kf_pairs = vec![(Some(from), Some(to))];
    let plans = |set: &PlanSet, year: i32| PlanPick {
        committee: set
            .committee_plan_ids()
            .filter(|(_, p)| p.year == year)
            .map(|(id, _)| id)
            .collect(),
        unit: set
            .unit_plan_ids()
            .filter(|(_, p)| p.year == year)
            .map(|(id, _)| id)
            .collect(),
    };
    build(
        &ctx,
        from.to_string(),
        to.to_string(),
        &kf_pairs,
        plans(tree.plans, from),
        plans(tree.plans, to),
        selection,
    )
}

/// Compares two trees (two directories, or two git revisions), plan by plan:
/// each plan with the plan for the same nämnd (or the nämnd it continues) and unit in the same year.
pub fn trees(a: Tree, b: Tree, from_label: &str, to_label: &str, selection: &Selection) -> Diff {
    let ctx = Ctx {
        a,
        b,
        one_tree: false,
        later_is_new: true,
    };
    let years: std::collections::BTreeSet<i32> = a
        .plans
        .kf_years
        .keys()
        .chain(b.plans.kf_years.keys())
        .copied()
        .collect();
    let kf_pairs: Vec<(Option<i32>, Option<i32>)> = years
        .into_iter()
        .map(|y| {
            (
                a.plans.kf_years.contains_key(&y).then_some(y),
                b.plans.kf_years.contains_key(&y).then_some(y),
            )
        })
        .collect();
    let all = |set: &PlanSet| PlanPick {
        committee: set.committee_plan_ids().map(|(id, _)| id).collect(),
        unit: set.unit_plan_ids().map(|(id, _)| id).collect(),
    };
    build(
        &ctx,
        from_label.to_owned(),
        to_label.to_owned(),
        &kf_pairs,
        all(a.plans),
        all(b.plans),
        selection,
    )
}

/// A nämnd plan's diff, and its nämndmål matched old → new.
type CommitteeResult = (Option<PlanDiff>, Vec<(CommitteeGoalId, CommitteeGoalId)>);

struct PlanPick {
    committee: Vec<CommitteePlanId>,
    unit: Vec<UnitPlanId>,
}

struct Ctx<'a> {
    /// The old side.
    a: Tree<'a>,
    /// The new side.
    b: Tree<'a>,
    /// Both sides are the same tree (two years): links come from the plan graph.
    one_tree: bool,
    /// Whether the new side is the later year (a `fortsätter` line goes on the later element).
    later_is_new: bool,
}

/// What the matching of one level leaves for the next: old element → new element.
#[derive(Default)]
struct Maps {
    kf: HashMap<KfGoalId, KfGoalId>,
    committee_goals: HashMap<CommitteeGoalId, CommitteeGoalId>,
}

fn build(
    ctx: &Ctx,
    from: String,
    to: String,
    kf_pairs: &[(Option<i32>, Option<i32>)],
    old: PlanPick,
    new: PlanPick,
    selection: &Selection,
) -> Diff {
    let mut maps = Maps::default();
    let mut kf_goals = Vec::new();
    for &(y_old, y_new) in kf_pairs {
        kf_goals.extend(kf_year(ctx, y_old, y_new, &mut maps.kf));
    }
    // Nämnd plans first: their goal matching maps the unit plans' nämndmål.
    let committee_pairs = pair_committee_plans(ctx, &old.committee, &new.committee);
    let committee_results: Vec<CommitteeResult> = committee_pairs
        .par_iter()
        .map(|pair| committee_plan(ctx, &maps, pair))
        .collect();
    let mut plans = Vec::new();
    let mut compared = 0;
    let (mut selected_old, mut selected_new) = (Vec::new(), Vec::new());
    for (pair, (diff, goal_pairs)) in committee_pairs.iter().zip(committee_results) {
        maps.committee_goals.extend(goal_pairs);
        let selected = pair
            .old
            .iter()
            .any(|&o| committee_selected(&ctx.a.plans[o].committee, selection))
            || pair
                .new
                .iter()
                .any(|&n| committee_selected(&ctx.b.plans[n].committee, selection));
        if selected {
            compared += usize::from(!pair.old.is_empty() && !pair.new.is_empty());
            plans.extend(diff);
            selected_old.extend(&pair.old);
            selected_new.extend(&pair.new);
        }
    }
    if selection.unit.is_some() {
        kf_goals.clear();
    } else if selection.committee.is_some() {
        // KF's changes under the goals the nämnd's plans (and those they
        // continue) work under.
        let refs = |set: &PlanSet, plans: &[CommitteePlanId]| -> HashSet<(i32, String)> {
            plans
                .iter()
                .map(|&p| &set[p])
                .flat_map(|p| {
                    let parts = p.kf_goals.iter().map(|k| k.kf_goal.clone());
                    let goals = p.goals.iter().map(|g| g.kf_goal.clone());
                    parts.chain(goals).map(move |n| (p.year, n))
                })
                .collect()
        };
        let (ro, rn) = (
            refs(ctx.a.plans, &selected_old),
            refs(ctx.b.plans, &selected_new),
        );
        kf_goals.retain(|k| {
            k.old
                .as_ref()
                .is_some_and(|g| ro.contains(&(g.year, g.number.clone())))
                || k.new
                    .as_ref()
                    .is_some_and(|g| rn.contains(&(g.year, g.number.clone())))
        });
    }

    let unit_pairs = pair_unit_plans(ctx, &old.unit, &new.unit);
    let selected: Vec<_> = unit_pairs
        .into_iter()
        .filter(|&(o, n, _)| {
            o.is_some_and(|o| unit_selected(ctx.a.plans, o, selection))
                || n.is_some_and(|n| unit_selected(ctx.b.plans, n, selection))
        })
        .collect();
    compared += selected
        .iter()
        .filter(|(o, n, _)| o.is_some() && n.is_some())
        .count();
    let unit_diffs: Vec<Option<PlanDiff>> = selected
        .par_iter()
        .map(|&(o, n, info)| unit_plan(ctx, &maps, o, n, info))
        .collect();
    plans.extend(unit_diffs.into_iter().flatten());

    let mut diff = Diff {
        version: VERSION,
        from,
        to,
        summary: Summary::default(),
        kf_goals,
        plans,
    };
    diff.summary = summarize(&diff);
    diff.summary.plans_compared = compared;
    diff
}

fn committee_selected(committee: &str, s: &Selection) -> bool {
    s.unit.is_none() && s.committee.as_deref().is_none_or(|c| c == committee)
}

fn unit_selected(set: &PlanSet, u: UnitPlanId, s: &Selection) -> bool {
    let p = &set[u];
    let committee_ok = s
        .committee
        .as_deref()
        .is_none_or(|c| p.committee == c || p.unit.other_committees.iter().any(|o| o == c));
    match &s.unit {
        Some(unit) => committee_ok && p.unit.id == *unit,
        None => s.committee.is_none(),
    }
}

/// The elements `e` continues or is continued by, transitively, in the plan graph.
fn lineage(set: &PlanSet, e: Element) -> Vec<Element> {
    let mut out = Vec::new();
    for up in [true, false] {
        let mut stack = vec![e];
        let mut seen: HashSet<Element> = HashSet::from([e]);
        while let Some(x) = stack.pop() {
            let next = if up {
                set.predecessors(x)
            } else {
                set.successors(x)
            };
            for &y in next {
                if seen.insert(y) {
                    out.push(y);
                    stack.push(y);
                }
            }
        }
    }
    out
}

/// What a declared link is read from: the element in the plan graph (one tree),
/// or its id and `fortsätter` as written (across trees).
struct LinkKey<'a> {
    element: Element,
    id: &'a str,
    continues: Option<&'a str>,
}

/// Declared links between old and new items. In one tree, through the plan graph;
/// across two trees, by what `fortsätter` says: the new continues the old's id, or
/// the old the new's, or both continue the same element.
fn declared_links(ctx: &Ctx, old: &[LinkKey], new: &[LinkKey]) -> Vec<(usize, usize)> {
    let mut links = Vec::new();
    if ctx.one_tree {
        let index: HashMap<Element, usize> = old
            .iter()
            .enumerate()
            .map(|(i, k)| (k.element, i))
            .collect();
        for (n, k) in new.iter().enumerate() {
            for e in lineage(ctx.b.plans, k.element) {
                if let Some(&o) = index.get(&e) {
                    links.push((o, n));
                }
            }
        }
    } else {
        let by_id: HashMap<&str, usize> = old.iter().enumerate().map(|(i, k)| (k.id, i)).collect();
        let mut by_continues: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, k) in old.iter().enumerate() {
            if let Some(c) = k.continues {
                by_continues.entry(c).or_default().push(i);
            }
        }
        for (n, k) in new.iter().enumerate() {
            if let Some(c) = k.continues {
                links.extend(by_id.get(c).map(|&o| (o, n)));
                links.extend(by_continues.get(c).into_iter().flatten().map(|&o| (o, n)));
            }
            links.extend(
                by_continues
                    .get(k.id)
                    .into_iter()
                    .flatten()
                    .map(|&o| (o, n)),
            );
        }
    }
    links.sort_unstable();
    links.dedup();
    links
}

/// Interns parent keys as small numbers shared by both sides.
struct Buckets<K: std::hash::Hash + Eq>(HashMap<K, u32>);

impl<K: std::hash::Hash + Eq> Default for Buckets<K> {
    fn default() -> Self {
        Buckets(HashMap::new())
    }
}

impl<K: std::hash::Hash + Eq> Buckets<K> {
    fn get(&mut self, k: Option<K>) -> Option<u32> {
        let next = self.0.len() as u32;
        k.map(|k| *self.0.entry(k).or_insert(next))
    }
}

fn kf_year(
    ctx: &Ctx,
    y_old: Option<i32>,
    y_new: Option<i32>,
    map: &mut HashMap<KfGoalId, KfGoalId>,
) -> Vec<KfGoalDiff> {
    let goals = |set: &PlanSet, y: Option<i32>| -> Vec<KfGoalId> {
        y.and_then(|y| set.kf_years.get(&y))
            .map(|k| k.goals_with_ids().map(|(id, _)| id).collect())
            .unwrap_or_default()
    };
    let (a, b) = (ctx.a.plans, ctx.b.plans);
    let old = goals(a, y_old);
    let new = goals(b, y_new);
    fn item(set: &PlanSet, id: KfGoalId) -> Item<'_> {
        let g = &set[id];
        Item {
            id: Some(g.number.as_str()),
            bucket: Some(0),
            title: g.title.as_str(),
            text: Vec::new(),
        }
    }
    let old_items: Vec<Item> = old.iter().map(|&id| item(a, id)).collect();
    let new_items: Vec<Item> = new.iter().map(|&id| item(b, id)).collect();
    fn key(set: &PlanSet, id: KfGoalId) -> LinkKey<'_> {
        let g = &set[id];
        LinkKey {
            element: Element::KfGoal(id),
            id: g.number.as_str(),
            continues: g.continues.as_ref().map(|c| c.text.as_str()),
        }
    }
    let links = declared_links(
        ctx,
        &old.iter().map(|&id| key(a, id)).collect::<Vec<_>>(),
        &new.iter().map(|&id| key(b, id)).collect::<Vec<_>>(),
    );
    let pairs = match_items(&old_items, &new_items, &links);
    let kf_ref = |set: &PlanSet, id: KfGoalId| {
        let g = &set[id];
        KfGoalRef {
            year: id.year,
            number: g.number.clone(),
            title: g.title.clone(),
        }
    };
    // KF's own indicators (with KF:s årsmål) and activities under each goal.
    let kf_rows = row_sides(ctx, None, None);
    let shift = match (y_old, y_new) {
        (Some(o), Some(n)) => n - o,
        _ => 0,
    };
    let mut out = Vec::new();
    for p in &pairs {
        let (o, n) = (old[p.old], new[p.new]);
        map.insert(o, n);
        let (go, gn) = (&a[o], &b[n]);
        let reworded = !words::same_words(&go.title, &gn.title);
        let indicators = indicators(&go.indicators, &gn.indicators, kf_rows);
        let activities = activities(&go.activities, &gn.activities, shift);
        if go.number == gn.number && !reworded && indicators.is_empty() && activities.is_empty() {
            continue;
        }
        out.push(KfGoalDiff {
            change: Change::Changed,
            old: Some(kf_ref(a, o)),
            new: Some(kf_ref(b, n)),
            matched: Some(scored(p, &old_items, &new_items)),
            title: reworded.then(|| words::diff(&go.title, &gn.title)),
            suggestion: suggestion(ctx, p, &go.number, &gn.number, true),
            indicators,
            activities,
        });
    }
    out.extend(unmatched(&old, &new, &pairs).map(|(change, o, n)| {
        let (io, ao) = kf_contents(a, o.copied());
        let (inn, an) = kf_contents(b, n.copied());
        KfGoalDiff {
            change,
            old: o.map(|&o| kf_ref(a, o)),
            new: n.map(|&n| kf_ref(b, n)),
            matched: None,
            title: None,
            suggestion: None,
            indicators: indicators(io, inn, kf_rows),
            activities: activities(ao, an, shift),
        }
    }));
    out
}

/// Where the old and the new side's indicator rows stand: the plans in the
/// old and new tree (`None` for KF's budget).
fn row_sides<'a>(
    ctx: &Ctx<'a>,
    old: Option<PlanId>,
    new: Option<PlanId>,
) -> (RowsIn<'a>, RowsIn<'a>) {
    (
        RowsIn {
            tree: ctx.a,
            plan: old,
        },
        RowsIn {
            tree: ctx.b,
            plan: new,
        },
    )
}

/// A KF goal's indicators and activities; none for no goal.
fn kf_contents(set: &PlanSet, g: Option<KfGoalId>) -> (&[Indicator], &[Activity]) {
    g.map_or((&[], &[]), |g| (&set[g].indicators, &set[g].activities))
}

/// The `fortsätter` line for a guessed match, on the later element, naming the earlier.
fn suggestion(ctx: &Ctx, p: &Pair, old_id: &str, new_id: &str, quote: bool) -> Option<String> {
    if p.info.reason != Reason::SimilarText || !ctx.one_tree || old_id == new_id {
        return None;
    }
    let earlier = if ctx.later_is_new { old_id } else { new_id };
    Some(if quote {
        format!("fortsätter: \"{earlier}\"")
    } else {
        format!("fortsätter: {earlier}")
    })
}

fn committee_name(set: &PlanSet, id: &str) -> String {
    set.committee(id)
        .map_or_else(|| id.to_owned(), |c| c.name.clone())
}

fn committee_ref(tree: &Tree, id: CommitteePlanId) -> PlanRef {
    let p = &tree.plans[id];
    PlanRef {
        kind: PlanKind::Committee,
        committee: p.committee.clone(),
        committee_name: committee_name(tree.plans, &p.committee),
        unit: None,
        unit_name: None,
        year: p.year,
        path: tree.path_of(p.file),
    }
}

fn unit_ref(tree: &Tree, id: UnitPlanId) -> PlanRef {
    let p = &tree.plans[id];
    PlanRef {
        kind: PlanKind::Unit,
        committee: p.committee.clone(),
        committee_name: committee_name(tree.plans, &p.committee),
        unit: Some(p.unit.id.clone()),
        unit_name: Some(p.unit.name.clone()),
        year: p.year,
        path: tree.path_of(p.file),
    }
}

fn related_committees(ctx: &Ctx, old: &str, new: &str) -> bool {
    ctx.b.plans.committee_lineage(new).contains(&old)
        || ctx.a.plans.committee_lineage(old).contains(&new)
        || ctx.a.plans.committee_lineage(new).contains(&old)
        || ctx.b.plans.committee_lineage(old).contains(&new)
}

type PlanPair<T> = (Option<T>, Option<T>, Option<MatchInfo>);

/// Nämnd plans taken together: usually one on each side; after a merger, the
/// plans of the nämnder merged on one side and the merged nämnd's on the other
/// (and the other way round for a split, so a diff and its mirror agree).
struct CommitteePair {
    /// The first is the plan the diff names; its chapters, KF parts and budget
    /// are compared. The goals of all are matched together.
    old: Vec<CommitteePlanId>,
    new: Vec<CommitteePlanId>,
    info: Option<MatchInfo>,
}

fn pair_committee_plans(
    ctx: &Ctx,
    old: &[CommitteePlanId],
    new: &[CommitteePlanId],
) -> Vec<CommitteePair> {
    let (a, b) = (ctx.a.plans, ctx.b.plans);
    let same_year = |o: CommitteePlanId, n: CommitteePlanId| ctx.one_tree || a[o].year == b[n].year;
    let mut taken_old = vec![false; old.len()];
    let mut taken_new = vec![false; new.len()];
    let mut out = Vec::new();
    for (j, &n) in new.iter().enumerate() {
        let same = old
            .iter()
            .enumerate()
            .find(|&(i, &o)| !taken_old[i] && a[o].committee == b[n].committee && same_year(o, n));
        if let Some((i, &o)) = same {
            taken_old[i] = true;
            taken_new[j] = true;
            out.push(CommitteePair {
                old: vec![o],
                new: vec![n],
                info: Some(info(Reason::SameId)),
            });
        }
    }
    // What is left is joined through the organisation's mergers: each connected
    // group of related plans is one pair.
    for start in 0..new.len() {
        if taken_new[start] {
            continue;
        }
        let (mut olds, mut news) = (Vec::new(), vec![start]);
        taken_new[start] = true;
        // Breadth first over the related plans: (is old, index).
        let mut queue = std::collections::VecDeque::from([(false, start)]);
        while let Some((is_old, i)) = queue.pop_front() {
            if is_old {
                let o = old[i];
                for j in 0..new.len() {
                    if !taken_new[j]
                        && same_year(o, new[j])
                        && related_committees(ctx, &a[o].committee, &b[new[j]].committee)
                    {
                        taken_new[j] = true;
                        news.push(j);
                        queue.push_back((false, j));
                    }
                }
            } else {
                let n = new[i];
                for k in 0..old.len() {
                    if !taken_old[k]
                        && same_year(old[k], n)
                        && related_committees(ctx, &a[old[k]].committee, &b[n].committee)
                    {
                        taken_old[k] = true;
                        olds.push(k);
                        queue.push_back((true, k));
                    }
                }
            }
        }
        olds.sort_unstable();
        news.sort_unstable();
        let matched = !olds.is_empty();
        out.push(CommitteePair {
            old: olds.into_iter().map(|i| old[i]).collect(),
            new: news.into_iter().map(|j| new[j]).collect(),
            info: matched.then(|| info(Reason::Declared)),
        });
    }
    for (i, &o) in old.iter().enumerate() {
        if !taken_old[i] {
            out.push(CommitteePair {
                old: vec![o],
                new: Vec::new(),
                info: None,
            });
        }
    }
    out
}

fn info(reason: Reason) -> MatchInfo {
    MatchInfo { reason, score: 1.0 }
}

fn pair_unit_plans(ctx: &Ctx, old: &[UnitPlanId], new: &[UnitPlanId]) -> Vec<PlanPair<UnitPlanId>> {
    let (a, b) = (ctx.a.plans, ctx.b.plans);
    let mut taken_old: HashSet<UnitPlanId> = HashSet::new();
    let mut out = Vec::new();
    let old_set: HashSet<UnitPlanId> = old.iter().copied().collect();
    // Across trees: by year and unit id.
    let mut by_key: HashMap<(i32, &str), Vec<UnitPlanId>> = HashMap::new();
    if !ctx.one_tree {
        for &o in old {
            by_key
                .entry((a[o].year, a[o].unit.id.as_str()))
                .or_default()
                .push(o);
        }
    }
    for &n in new {
        let pn = &b[n];
        let found = if ctx.one_tree {
            std::iter::once(Element::UnitPlan(n))
                .chain(lineage(b, Element::UnitPlan(n)))
                .filter_map(|e| match e {
                    Element::UnitPlan(u) if old_set.contains(&u) && !taken_old.contains(&u) => {
                        Some(u)
                    }
                    _ => None,
                })
                .min()
        } else {
            let declared = pn
                .unit
                .continues
                .as_ref()
                .and_then(|c| c.text.split_once('/'));
            by_key
                .get(&(pn.year, pn.unit.id.as_str()))
                .into_iter()
                .flatten()
                .copied()
                .filter(|o| !taken_old.contains(o))
                .find(|&o| {
                    a[o].committee == pn.committee
                        || related_committees(ctx, &a[o].committee, &pn.committee)
                })
                .or_else(|| {
                    let (c, u) = declared?;
                    old.iter().copied().find(|&o| {
                        !taken_old.contains(&o)
                            && a[o].year == pn.year
                            && a[o].committee == c
                            && a[o].unit.id == u
                    })
                })
        };
        match found {
            Some(o) => {
                taken_old.insert(o);
                let po = &a[o];
                let reason = if po.unit.id == pn.unit.id && po.committee == pn.committee {
                    Reason::SameId
                } else {
                    Reason::Declared
                };
                out.push((Some(o), Some(n), Some(info(reason))));
            }
            None => out.push((None, Some(n), None)),
        }
    }
    for &o in old {
        if !taken_old.contains(&o) {
            out.push((Some(o), None, None));
        }
    }
    out
}

fn one_sided(change: Change, old: Option<PlanRef>, new: Option<PlanRef>) -> PlanDiff {
    PlanDiff {
        change,
        old,
        new,
        also_old: Vec::new(),
        also_new: Vec::new(),
        matched: None,
        committee_changed: false,
        kf_parts: Vec::new(),
        committee_goals: Vec::new(),
        goals: Vec::new(),
        sections: Vec::new(),
        budget: Vec::new(),
        net_budget: None,
    }
}

fn committee_plan(
    ctx: &Ctx,
    maps: &Maps,
    pair: &CommitteePair,
) -> (Option<PlanDiff>, Vec<(CommitteeGoalId, CommitteeGoalId)>) {
    let (o, n) = match (pair.old.first(), pair.new.first()) {
        (Some(&o), Some(&n)) => (o, n),
        (Some(&o), None) => {
            return (
                Some(one_sided(
                    Change::Removed,
                    Some(committee_ref(&ctx.a, o)),
                    None,
                )),
                Vec::new(),
            );
        }
        (None, Some(&n)) => {
            return (
                Some(one_sided(
                    Change::Added,
                    None,
                    Some(committee_ref(&ctx.b, n)),
                )),
                Vec::new(),
            );
        }
        (None, None) => return (None, Vec::new()),
    };
    let info = pair.info;
    let (a, b) = (ctx.a.plans, ctx.b.plans);
    let (po, pn) = (&a[o], &b[n]);
    let goal_ids = |set: &PlanSet, plans: &[CommitteePlanId]| -> Vec<CommitteeGoalId> {
        plans
            .iter()
            .flat_map(|&p| (0..set[p].goals.len()).map(move |i| CommitteeGoalId::new(p, i)))
            .collect()
    };
    let old_ids = goal_ids(a, &pair.old);
    let new_ids = goal_ids(b, &pair.new);
    let mut buckets = Buckets::default();
    let old_items: Vec<Item> = old_ids
        .iter()
        .map(|&g| {
            let goal = &a[g];
            let parent = goal.kf_goal_id.and_then(|k| maps.kf.get(&k).copied());
            Item {
                id: Some(goal.id.as_str()),
                bucket: buckets.get(parent),
                title: &goal.title,
                text: goal_text(&goal.text),
            }
        })
        .collect();
    let new_items: Vec<Item> = new_ids
        .iter()
        .map(|&g| {
            let goal = &b[g];
            Item {
                id: Some(goal.id.as_str()),
                bucket: buckets.get(goal.kf_goal_id),
                title: &goal.title,
                text: goal_text(&goal.text),
            }
        })
        .collect();
    fn key(set: &PlanSet, g: CommitteeGoalId) -> LinkKey<'_> {
        let goal = &set[g];
        LinkKey {
            element: Element::CommitteeGoal(g),
            id: goal.id.as_str(),
            continues: goal.continues.as_ref().map(|c| c.text.as_str()),
        }
    }
    let links = declared_links(
        ctx,
        &old_ids.iter().map(|&g| key(a, g)).collect::<Vec<_>>(),
        &new_ids.iter().map(|&g| key(b, g)).collect::<Vec<_>>(),
    );
    let pairs = match_goals(&old_items, &new_items, &links);
    let goal_pairs: Vec<(CommitteeGoalId, CommitteeGoalId)> = pairs
        .iter()
        .map(|p| (old_ids[p.old], new_ids[p.new]))
        .collect();

    let kf_parent = |set: &PlanSet, goal: &crate::model::CommitteeGoal| ParentRef {
        id: goal.kf_goal.clone(),
        title: goal.kf_goal_id.map(|k| set[k].title.clone()),
    };
    let goal_ref = |set: &PlanSet, g: CommitteeGoalId| {
        let goal = &set[g];
        GoalRef {
            id: goal.id.clone(),
            title: goal.title.clone(),
            parent: kf_parent(set, goal),
        }
    };
    let goals = goal_diffs(
        ctx,
        GoalLevel::CommitteeGoal,
        pn.year - po.year,
        &pairs,
        (
            GoalSide::new(ctx.a, &old_ids, &old_items),
            GoalSide::new(ctx.b, &new_ids, &new_items),
        ),
        &goal_ref,
        &|x, y| match (a[x].kf_goal_id, b[y].kf_goal_id) {
            (Some(ko), Some(kn)) => maps.kf.get(&ko) != Some(&kn),
            _ => a[x].kf_goal != b[y].kf_goal,
        },
    );

    let diff = PlanDiff {
        change: Change::Changed,
        old: Some(committee_ref(&ctx.a, o)),
        new: Some(committee_ref(&ctx.b, n)),
        also_old: pair.old[1..]
            .iter()
            .map(|&p| committee_ref(&ctx.a, p))
            .collect(),
        also_new: pair.new[1..]
            .iter()
            .map(|&p| committee_ref(&ctx.b, p))
            .collect(),
        matched: info,
        committee_changed: po.committee != pn.committee,
        kf_parts: kf_parts(
            maps,
            (&po.kf_goals, &pn.kf_goals),
            row_sides(ctx, Some(PlanId::Committee(o)), Some(PlanId::Committee(n))),
            pn.year - po.year,
            &(
                kf_goals_of(ctx, maps, po, true),
                kf_goals_of(ctx, maps, pn, false),
            ),
        ),
        committee_goals: Vec::new(),
        goals,
        sections: report_chapters(
            plan_prose(ctx, maps, &po.prose, &pn.prose, po.year, pn.year),
            (po, pn),
        ),
        budget: budget(&po.economy, &pn.economy, (po.year, pn.year)),
        net_budget: (po.summary.is_some() || pn.summary.is_some()).then(|| NetBudget {
            old: po.summary.as_ref().map(|s| s.net),
            new: pn.summary.as_ref().map(|s| s.net),
        }),
    };
    (plan_changed(&diff).then_some(diff), goal_pairs)
}

/// The chapters a tjänsteutlåtande shows whether or not the plan writes them:
/// vp writes a Sammanfattning from the plan's figures, and Ärendets beredning
/// from its `beredning:`. A plan that writes one as a Markdown chapter on one
/// side and leaves it to vp on the other has not removed it: the chapter is
/// compared with the text vp writes, and is not reported when the words agree.
fn report_chapters(
    sections: Vec<SectionDiff>,
    (po, pn): (&crate::model::CommitteePlan, &crate::model::CommitteePlan),
) -> Vec<SectionDiff> {
    let generated = |p: &crate::model::CommitteePlan, name: &str| -> Option<String> {
        match name {
            "Sammanfattning" => Some(crate::model::prose::generated_summary(
                p.goals.len(),
                p.summary.as_ref(),
            )),
            "Ärendets beredning" => {
                let steps = crate::model::prose::generated_preparation(&p.preparation);
                (!steps.is_empty()).then(|| steps.join("\n\n"))
            }
            _ => None,
        }
    };
    let text = |s: &SectionDiff, tag: WordTag| words::side(&s.words, tag);
    sections
        .into_iter()
        .filter_map(|s| match s.change {
            Change::Removed => match generated(pn, &s.name) {
                Some(g) => section(&s.name, Some(&text(&s, WordTag::Delete)), Some(&g)),
                None => Some(s),
            },
            Change::Added => match generated(po, &s.name) {
                Some(g) => section(&s.name, Some(&g), Some(&text(&s, WordTag::Insert))),
                None => Some(s),
            },
            Change::Changed => Some(s),
        })
        .collect()
}

fn plan_changed(d: &PlanDiff) -> bool {
    d.committee_changed
        || !d.also_old.is_empty()
        || !d.also_new.is_empty()
        || d.old.as_ref().map(|p| &p.unit) != d.new.as_ref().map(|p| &p.unit)
        || !d.kf_parts.is_empty()
        || !d.committee_goals.is_empty()
        || !d.goals.is_empty()
        || !d.sections.is_empty()
        || !d.budget.is_empty()
}

fn goal_text(t: &GoalText) -> Vec<&str> {
    t.intro
        .iter()
        .map(|m| m.as_str())
        .chain(t.sections.iter().map(|s| s.text.as_str()))
        .collect()
}

/// One side of a goal level in a pair of plans: the goals in the order they
/// were matched in, and what the matcher saw of them.
struct GoalSide<'a, G> {
    tree: Tree<'a>,
    set: &'a PlanSet,
    ids: &'a [G],
    items: &'a [Item<'a>],
}

impl<'a, G> GoalSide<'a, G> {
    fn new(tree: Tree<'a>, ids: &'a [G], items: &'a [Item<'a>]) -> Self {
        GoalSide {
            tree,
            set: tree.plans,
            ids,
            items,
        }
    }
}

/// What the diff reads of a nämndmål and an enhetsmål alike.
trait DiffedGoal {
    fn id(&self) -> &str;
    fn parts(&self) -> GoalParts<'_>;
}

impl DiffedGoal for crate::model::CommitteeGoal {
    fn id(&self) -> &str {
        &self.id
    }
    fn parts(&self) -> GoalParts<'_> {
        (&self.title, &self.indicators, &self.activities, &self.text)
    }
}

impl DiffedGoal for crate::model::UnitGoal {
    fn id(&self) -> &str {
        &self.id
    }
    fn parts(&self) -> GoalParts<'_> {
        (&self.title, &self.indicators, &self.activities, &self.text)
    }
}

/// The goals of one level in two matched plans: each pair compared (left out
/// when nothing differs and it was not moved or renamed), then the goals no
/// pair took. `moved`: whether the pair stands under parents that do not match.
fn goal_diffs<G, T>(
    ctx: &Ctx,
    level: GoalLevel,
    shift: i32,
    pairs: &[Pair],
    (old, new): (GoalSide<'_, G>, GoalSide<'_, G>),
    goal_ref: &dyn Fn(&PlanSet, G) -> GoalRef,
    moved: &dyn Fn(G, G) -> bool,
) -> Vec<GoalDiff>
where
    G: Copy + Into<PlanId>,
    PlanSet: std::ops::Index<G, Output = T>,
    T: DiffedGoal,
{
    let kind = match level {
        GoalLevel::CommitteeGoal => GoalKind::CommitteeGoal,
        GoalLevel::UnitGoal => GoalKind::UnitGoal,
    };
    let mut goals = Vec::new();
    for p in pairs {
        let (x, y) = (old.ids[p.old], new.ids[p.new]);
        let (go, gn) = (&old.set[x], &new.set[y]);
        let moved = moved(x, y);
        let sides = (
            RowsIn {
                tree: old.tree,
                plan: Some(x.into()),
            },
            RowsIn {
                tree: new.tree,
                plan: Some(y.into()),
            },
        );
        let body = GoalBody::compare(go.parts(), gn.parts(), kind, shift, sides);
        if body.is_empty() && !moved && go.id() == gn.id() {
            continue;
        }
        goals.push(body.into_diff(
            level,
            goal_ref(old.set, x),
            goal_ref(new.set, y),
            scored(p, old.items, new.items),
            suggestion(ctx, p, go.id(), gn.id(), false),
            moved,
        ));
    }
    // A goal on one side only brings its indicators and activities with it.
    goals.extend(unmatched(old.ids, new.ids, pairs).map(|(change, o, n)| {
        let (io, ao) = goal_contents(old.set, o);
        let (inn, an) = goal_contents(new.set, n);
        // The side without the goal has no rows: its plan is never asked.
        let side = |tree, g: Option<&G>, other: Option<&G>| RowsIn {
            tree,
            plan: Some((*g.or(other).expect("one side has the goal")).into()),
        };
        let sides = (side(old.tree, o, n), side(new.tree, n, o));
        GoalDiff {
            level,
            change,
            old: o.map(|&g| goal_ref(old.set, g)),
            new: n.map(|&g| goal_ref(new.set, g)),
            matched: None,
            suggestion: None,
            title: None,
            moved: false,
            indicators: indicators(io, inn, sides),
            activities: activities(ao, an, shift),
            sections: Vec::new(),
        }
    }));
    goals
}

/// A goal's indicators and activities; none for no goal.
fn goal_contents<'a, G, T>(set: &'a PlanSet, g: Option<&G>) -> (&'a [Indicator], &'a [Activity])
where
    G: Copy,
    PlanSet: std::ops::Index<G, Output = T>,
    T: DiffedGoal + 'a,
{
    g.map_or((&[], &[]), |&g| {
        let (_, inds, acts, _) = set[g].parts();
        (inds, acts)
    })
}

/// What differs inside a matched goal.
struct GoalBody {
    title: Option<Vec<WordOp>>,
    indicators: Vec<IndicatorDiff>,
    activities: Vec<ActivityDiff>,
    sections: Vec<SectionDiff>,
}

type GoalParts<'a> = (&'a str, &'a [Indicator], &'a [Activity], &'a GoalText);

impl GoalBody {
    fn compare(
        old: GoalParts,
        new: GoalParts,
        kind: GoalKind,
        shift: i32,
        sides: (RowsIn, RowsIn),
    ) -> GoalBody {
        GoalBody {
            title: (!words::same_words(old.0, new.0)).then(|| words::diff(old.0, new.0)),
            indicators: indicators(old.1, new.1, sides),
            activities: activities(old.2, new.2, shift),
            sections: goal_sections(old.3, new.3, kind),
        }
    }

    fn is_empty(&self) -> bool {
        self.title.is_none()
            && self.indicators.is_empty()
            && self.activities.is_empty()
            && self.sections.is_empty()
    }

    fn into_diff(
        self,
        level: GoalLevel,
        old: GoalRef,
        new: GoalRef,
        matched: MatchInfo,
        suggestion: Option<String>,
        moved: bool,
    ) -> GoalDiff {
        GoalDiff {
            level,
            change: Change::Changed,
            old: Some(old),
            new: Some(new),
            matched: Some(matched),
            suggestion,
            title: self.title,
            moved,
            indicators: self.indicators,
            activities: self.activities,
            sections: self.sections,
        }
    }
}

fn unit_plan(
    ctx: &Ctx,
    maps: &Maps,
    o: Option<UnitPlanId>,
    n: Option<UnitPlanId>,
    info: Option<MatchInfo>,
) -> Option<PlanDiff> {
    let (o, n) = match (o, n) {
        (Some(o), Some(n)) => (o, n),
        (Some(o), None) => {
            return Some(one_sided(Change::Removed, Some(unit_ref(&ctx.a, o)), None));
        }
        (None, Some(n)) => return Some(one_sided(Change::Added, None, Some(unit_ref(&ctx.b, n)))),
        (None, None) => return None,
    };
    let (a, b) = (ctx.a.plans, ctx.b.plans);
    let (po, pn) = (&a[o], &b[n]);
    let old_ids: Vec<_> = po.unit_goal_ids(o).map(|(id, _)| id).collect();
    let new_ids: Vec<_> = pn.unit_goal_ids(n).map(|(id, _)| id).collect();
    let mut buckets = Buckets::default();
    let old_items: Vec<Item> = old_ids
        .iter()
        .map(|&g| {
            let goal = &a[g];
            let parent = a
                .unit_goal_group(g)
                .committee_goal_id
                .and_then(|c| maps.committee_goals.get(&c).copied());
            Item {
                id: Some(goal.id.as_str()),
                bucket: buckets.get(parent),
                title: &goal.title,
                text: goal_text(&goal.text),
            }
        })
        .collect();
    let new_items: Vec<Item> = new_ids
        .iter()
        .map(|&g| {
            let goal = &b[g];
            Item {
                id: Some(goal.id.as_str()),
                bucket: buckets.get(b.unit_goal_group(g).committee_goal_id),
                title: &goal.title,
                text: goal_text(&goal.text),
            }
        })
        .collect();
    fn key(set: &PlanSet, g: crate::model::UnitGoalId) -> LinkKey<'_> {
        let goal = &set[g];
        LinkKey {
            element: Element::UnitGoal(g),
            id: goal.id.as_str(),
            continues: goal.continues.as_ref().map(|c| c.text.as_str()),
        }
    }
    let links = declared_links(
        ctx,
        &old_ids.iter().map(|&g| key(a, g)).collect::<Vec<_>>(),
        &new_ids.iter().map(|&g| key(b, g)).collect::<Vec<_>>(),
    );
    let pairs = match_goals(&old_items, &new_items, &links);

    let goal_ref = |set: &PlanSet, g: crate::model::UnitGoalId| {
        let goal = &set[g];
        let group = set.unit_goal_group(g);
        GoalRef {
            id: goal.id.clone(),
            title: goal.title.clone(),
            parent: ParentRef {
                id: group.committee_goal.clone(),
                title: group.committee_goal_id.map(|c| set[c].title.clone()),
            },
        }
    };
    let goals = goal_diffs(
        ctx,
        GoalLevel::UnitGoal,
        pn.year - po.year,
        &pairs,
        (
            GoalSide::new(ctx.a, &old_ids, &old_items),
            GoalSide::new(ctx.b, &new_ids, &new_items),
        ),
        &goal_ref,
        &|x, y| {
            let (ko, kn) = (a.unit_goal_group(x), b.unit_goal_group(y));
            match (ko.committee_goal_id, kn.committee_goal_id) {
                (Some(co), Some(cn)) => maps.committee_goals.get(&co) != Some(&cn),
                _ => ko.committee_goal != kn.committee_goal,
            }
        },
    );
    let diff = PlanDiff {
        change: Change::Changed,
        old: Some(unit_ref(&ctx.a, o)),
        new: Some(unit_ref(&ctx.b, n)),
        also_old: Vec::new(),
        also_new: Vec::new(),
        matched: info,
        committee_changed: po.committee != pn.committee,
        kf_parts: kf_parts(
            maps,
            (&po.kf_goals, &pn.kf_goals),
            row_sides(ctx, Some(PlanId::Unit(o)), Some(PlanId::Unit(n))),
            pn.year - po.year,
            &GoalsUnder::default(),
        ),
        committee_goals: unit_groups(ctx, maps, o, n),
        goals,
        sections: plan_prose(ctx, maps, &po.prose, &pn.prose, po.year, pn.year),
        budget: budget(&po.economy, &pn.economy, (po.year, pn.year)),
        net_budget: None,
    };
    plan_changed(&diff).then_some(diff)
}

/// The nämndmål a unit plan works towards, matched old to new through the nämnd
/// plans' goal matching, and the nämndmål's activities the unit shows.
fn unit_groups(ctx: &Ctx, maps: &Maps, o: UnitPlanId, n: UnitPlanId) -> Vec<GroupDiff> {
    let (a, b) = (ctx.a.plans, ctx.b.plans);
    let (po, pn) = (&a[o], &b[n]);
    let shift = pn.year - po.year;
    let parent = |set: &PlanSet, g: &crate::model::UnitCommitteeGoal| ParentRef {
        id: g.committee_goal.clone(),
        title: g.committee_goal_id.map(|c| set[c].title.clone()),
    };
    // What the plan shows of the nämndmål: its indicators, and the activities
    // the unit carries.
    let shown = |set: &'_ PlanSet,
                 g: &'_ crate::model::UnitCommitteeGoal|
     -> (Vec<Indicator>, Vec<Activity>) {
        let Some(goal) = g.committee_goal_id.map(|c| &set[c]) else {
            return (Vec::new(), Vec::new());
        };
        (goal.indicators.clone(), g.carried(goal).cloned().collect())
    };
    let group = |change,
                 old: Option<&crate::model::UnitCommitteeGoal>,
                 new: Option<&crate::model::UnitCommitteeGoal>| {
        let (io, ao) = old.map_or_else(Default::default, |g| shown(a, g));
        let (inn, an) = new.map_or_else(Default::default, |g| shown(b, g));
        let (po, pn) = (old.map(|g| parent(a, g)), new.map(|g| parent(b, g)));
        let title = match (
            po.as_ref().and_then(|p| p.title.as_deref()),
            pn.as_ref().and_then(|p| p.title.as_deref()),
        ) {
            (Some(x), Some(y)) if !words::same_words(x, y) => Some(words::diff(x, y)),
            _ => None,
        };
        GroupDiff {
            change,
            old: po,
            new: pn,
            title,
            indicators: indicators(
                &io,
                &inn,
                row_sides(ctx, Some(PlanId::Unit(o)), Some(PlanId::Unit(n))),
            ),
            activities: activities(&ao, &an, shift),
        }
    };
    let mut out = Vec::new();
    let mut taken = vec![false; pn.goals.len()];
    for go in &po.goals {
        let mapped = go
            .committee_goal_id
            .and_then(|c| maps.committee_goals.get(&c).copied());
        let found = pn.goals.iter().enumerate().find(|&(i, gn)| {
            !taken[i]
                && match (mapped, gn.committee_goal_id) {
                    (Some(x), Some(y)) => x == y,
                    _ => go.committee_goal == gn.committee_goal,
                }
        });
        match found {
            Some((i, gn)) => {
                taken[i] = true;
                let g = group(Change::Changed, Some(go), Some(gn));
                if g.title.is_some() || !g.indicators.is_empty() || !g.activities.is_empty() {
                    out.push(g);
                }
            }
            None => out.push(group(Change::Removed, Some(go), None)),
        }
    }
    for (i, gn) in pn.goals.iter().enumerate() {
        if !taken[i] {
            out.push(group(Change::Added, None, Some(gn)));
        }
    }
    out
}

/// The KF goals (as the new side numbers them) under which each side's plan
/// has nämndmål: a plan whose part under a KF goal lost KF's indicators still
/// shows something there while its nämndmål stand under it.
type GoalsUnder = (HashSet<String>, HashSet<String>);

/// The KF goals, numbered as on the new side, of a nämnd plan's goals.
fn kf_goals_of(
    ctx: &Ctx,
    maps: &Maps,
    plan: &crate::model::CommitteePlan,
    old_side: bool,
) -> HashSet<String> {
    plan.goals
        .iter()
        .map(|g| {
            let mapped = g
                .kf_goal_id
                .filter(|_| old_side)
                .and_then(|k| maps.kf.get(&k))
                .map(|&k| ctx.b.plans[k].number.clone());
            mapped.unwrap_or_else(|| g.kf_goal.clone())
        })
        .collect()
}

fn kf_parts(
    maps: &Maps,
    (old, new): (&[CommitteeKfGoal], &[CommitteeKfGoal]),
    sides: (RowsIn, RowsIn),
    shift: i32,
    goals_under: &GoalsUnder,
) -> Vec<KfPartDiff> {
    let new_number = |p: &CommitteeKfGoal| {
        p.kf_goal_id
            .and_then(|k| maps.kf.get(&k))
            .map(|&k| sides.1.tree.plans[k].number.clone())
            .unwrap_or_else(|| p.kf_goal.clone())
    };
    let mut out = Vec::new();
    let mut taken = vec![false; new.len()];
    for po in old {
        let mapped = po.kf_goal_id.and_then(|k| maps.kf.get(&k).copied());
        let found = new.iter().enumerate().find(|&(i, pn)| {
            !taken[i]
                && match (mapped, pn.kf_goal_id) {
                    (Some(x), Some(y)) => x == y,
                    _ => po.kf_goal == pn.kf_goal,
                }
        });
        match found {
            Some((i, pn)) => {
                taken[i] = true;
                let indicators = indicators(&po.indicators, &pn.indicators, sides);
                let activities = activities(&po.activities, &pn.activities, shift);
                if !indicators.is_empty() || !activities.is_empty() {
                    out.push(KfPartDiff {
                        change: Change::Changed,
                        old: Some(po.kf_goal.clone()),
                        new: Some(pn.kf_goal.clone()),
                        indicators,
                        activities,
                    });
                }
            }
            None => {
                // Nämndmål under the goal on the new side: the plan still shows
                // something there, only not KF's rows.
                let number = new_number(po);
                let stays = goals_under.1.contains(&number);
                out.push(KfPartDiff {
                    change: if stays {
                        Change::Changed
                    } else {
                        Change::Removed
                    },
                    old: Some(po.kf_goal.clone()),
                    new: stays.then_some(number),
                    indicators: indicators(&po.indicators, &[], sides),
                    activities: activities(&po.activities, &[], shift),
                })
            }
        }
    }
    for (i, pn) in new.iter().enumerate() {
        if !taken[i] {
            let stays = goals_under.0.contains(&pn.kf_goal);
            out.push(KfPartDiff {
                change: if stays {
                    Change::Changed
                } else {
                    Change::Added
                },
                old: stays.then(|| pn.kf_goal.clone()),
                new: Some(pn.kf_goal.clone()),
                indicators: indicators(&[], &pn.indicators, sides),
                activities: activities(&[], &pn.activities, shift),
            });
        }
    }
    out
}

/// Chapters left unpaired by title and text, paired by their titles with the
/// headings inside them: a renamed chapter whose text was rewritten
/// ("Uppföljning av ekonomi" → "Redovisning av ekonomi", both with
/// *Resursanvändning*) is one chapter changed, not one removed and one added.
fn renamed_chapters(
    old: &[crate::model::Chapter],
    new: &[crate::model::Chapter],
    pairs: &[Pair],
) -> Vec<Pair> {
    fn outline(c: &crate::model::Chapter) -> String {
        let mut s = c.title.clone();
        for line in c.text.as_str().lines() {
            if let Some(h) = line.trim_start().strip_prefix("##") {
                s.push(' ');
                s.push_str(h.trim_start_matches('#').trim());
            }
        }
        s
    }
    let left = |n: usize, taken: &dyn Fn(usize) -> bool| -> Vec<usize> {
        (0..n).filter(|&i| !taken(i)).collect()
    };
    let lo = left(old.len(), &|i| pairs.iter().any(|p| p.old == i));
    let ln = left(new.len(), &|i| pairs.iter().any(|p| p.new == i));
    if lo.is_empty() || ln.is_empty() {
        return Vec::new();
    }
    let (to, tn): (Vec<String>, Vec<String>) = (
        lo.iter().map(|&i| outline(&old[i])).collect(),
        ln.iter().map(|&i| outline(&new[i])).collect(),
    );
    fn item(t: &str) -> Item<'_> {
        Item {
            id: None,
            bucket: Some(0),
            title: t,
            text: Vec::new(),
        }
    }
    let oi: Vec<Item> = to.iter().map(|t| item(t)).collect();
    let ni: Vec<Item> = tn.iter().map(|t| item(t)).collect();
    match_items(&oi, &ni, &[])
        .into_iter()
        .map(|p| Pair {
            old: lo[p.old],
            new: ln[p.new],
            info: p.info,
        })
        .collect()
}

fn plan_prose(
    ctx: &Ctx,
    maps: &Maps,
    old: &PlanProse,
    new: &PlanProse,
    old_year: i32,
    new_year: i32,
) -> Vec<SectionDiff> {
    let mut out = Vec::new();
    // Chapters, by title, then by similar title and text.
    fn item(c: &crate::model::Chapter) -> Item<'_> {
        Item {
            id: Some(c.title.as_str()),
            bucket: Some(0),
            title: c.title.as_str(),
            text: vec![c.text.as_str()],
        }
    }
    let oi: Vec<Item> = old.chapters.iter().map(item).collect();
    let ni: Vec<Item> = new.chapters.iter().map(item).collect();
    let mut pairs = match_items(&oi, &ni, &[]);
    pairs.extend(renamed_chapters(&old.chapters, &new.chapters, &pairs));
    for p in &pairs {
        let (co, cn) = (&old.chapters[p.old], &new.chapters[p.new]);
        let name = if co.title == cn.title {
            cn.title.clone()
        } else {
            format!("{} → {}", co.title, cn.title)
        };
        match section(&name, Some(co.text.trimmed()), Some(cn.text.trimmed())) {
            Some(d) => out.push(d),
            None if co.title != cn.title => out.push(SectionDiff {
                change: Change::Changed,
                name,
                words: words::diff(co.text.trimmed(), cn.text.trimmed()),
            }),
            None => {}
        }
    }
    for (_, o, n) in unmatched(&old.chapters, &new.chapters, &pairs) {
        let title = o.or(n).map_or("", |c| c.title.as_str());
        out.extend(section(
            title,
            o.map(|c| c.text.trimmed()),
            n.map(|c| c.text.trimmed()),
        ));
    }
    // The plan's text under KF's goals, by KF goal (renumbered ones mapped).
    let key = |kind: GoalKind, number: &str, old_side: bool| -> String {
        if kind == GoalKind::KfGoal && old_side {
            let mapped = ctx
                .a
                .plans
                .kf_goal(old_year, number)
                .and_then(|k| maps.kf.get(&k))
                .map(|&k| ctx.b.plans[k].number.clone());
            if let Some(m) = mapped {
                return format!("{} {m}", kind.heading());
            }
        }
        format!("{} {number}", kind.heading())
    };
    let _ = new_year;
    let mut seen = HashSet::new();
    for tn in &new.kf_texts {
        let name = key(tn.kind, &tn.number, false);
        let to = old
            .kf_texts
            .iter()
            .find(|t| t.kind == tn.kind && key(t.kind, &t.number, true) == name);
        if let Some(to) = to {
            seen.insert((to.kind, to.number.clone()));
        }
        let texts = |t: &GoalText| goal_text(t).join("\n\n");
        out.extend(section(
            &name,
            to.map(|t| texts(&t.text)).as_deref(),
            Some(&texts(&tn.text)),
        ));
    }
    for to in &old.kf_texts {
        if !seen.contains(&(to.kind, to.number.clone())) {
            let text = goal_text(&to.text).join("\n\n");
            out.extend(section(
                &format!("{} {}", to.kind.heading(), to.number),
                Some(&text),
                None,
            ));
        }
    }
    out
}
