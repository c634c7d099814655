//! Walks two sides' plans and builds the [`Diff`]: pairs plans, matches KF goals,
//! nämndmål and enhetsmål (with [`matching`](super::matching)), and compares what
//! each matched pair holds.
//!
//! Here the driver ([`years`], [`trees`], `build`) and what every level shares:
//! declared links (`fortsätter`, lineage), parent buckets, match info and the
//! "renamed" suggestion; the imports here are the parts' too (`use super::*`).
//! The parts: `pairing` pairs nämnd plans and unit plans, `kf` matches a KF
//! year's goals, `goals` a plan's goal levels (KF parts, nämndmål, enhetsmål),
//! `prose` its chapters and a goal's text.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use super::content::{RowsIn, activities, budget, goal_sections, indicators, section, text_place};
use super::matching::{Item, Pair, match_goals, match_items, scored, unmatched};
use super::*;
use crate::model::{
    Activity, CommitteeGoalId, CommitteeKfGoal, CommitteePlanId, Element, GoalKind, GoalText,
    Indicator, KfGoalId, PlanId, PlanProse, PlanSet, UnitGoalId, UnitPlanId,
};

mod goals;
mod kf;
mod pairing;
mod prose;

use goals::{committee_plan, unit_plan};
use kf::kf_year;
use pairing::{pair_committee_plans, pair_unit_plans};

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

impl<'a> Ctx<'a> {
    /// Where each side's indicator rows stand: plan `old` on the old side, `new` on
    /// the new (`None`: KF's budget, whose rows hold KF:s årsmål).
    fn rows_in(&self, old: Option<PlanId>, new: Option<PlanId>) -> (RowsIn<'a>, RowsIn<'a>) {
        (
            RowsIn {
                tree: self.a,
                plan: old,
            },
            RowsIn {
                tree: self.b,
                plan: new,
            },
        )
    }
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

/// An element of a level that is matched old to new (a KF goal, a nämndmål,
/// an enhetsmål): what a declared link to it is read from.
trait Linked: Copy {
    fn key(self, set: &PlanSet) -> LinkKey<'_>;
}

impl Linked for KfGoalId {
    fn key(self, set: &PlanSet) -> LinkKey<'_> {
        let g = &set[self];
        LinkKey {
            element: Element::KfGoal(self),
            id: g.number.as_str(),
            continues: g.continues.as_ref().map(|c| c.text.as_str()),
        }
    }
}

impl Linked for CommitteeGoalId {
    fn key(self, set: &PlanSet) -> LinkKey<'_> {
        let g = &set[self];
        LinkKey {
            element: Element::CommitteeGoal(self),
            id: g.id.as_str(),
            continues: g.continues.as_ref().map(|c| c.text.as_str()),
        }
    }
}

impl Linked for UnitGoalId {
    fn key(self, set: &PlanSet) -> LinkKey<'_> {
        let g = &set[self];
        LinkKey {
            element: Element::UnitGoal(self),
            id: g.id.as_str(),
            continues: g.continues.as_ref().map(|c| c.text.as_str()),
        }
    }
}

/// What pairs one level's items once the declared links are known:
/// [`match_items`] or [`match_goals`].
type Matcher = fn(&[Item], &[Item], &[(usize, usize)]) -> Vec<Pair>;

/// One level's elements (KF goals, nämndmål or enhetsmål) matched old to new:
/// the declared links (`fortsätter`, lineage) first, then `matcher` on the
/// items, what it sees of each element (in the same order as the ids).
fn match_level<G: Linked>(
    ctx: &Ctx,
    (old, new): (&[G], &[G]),
    (old_items, new_items): (&[Item], &[Item]),
    matcher: Matcher,
) -> Vec<Pair> {
    let keys = |set, ids: &[G]| ids.iter().map(|&g| g.key(set)).collect::<Vec<_>>();
    let links = declared_links(ctx, &keys(ctx.a.plans, old), &keys(ctx.b.plans, new));
    matcher(old_items, new_items, &links)
}

/// Pairs elements that keep their order and are matched by what they stand for
/// (a plan's parts under KF goals, the nämndmål a unit works towards): each
/// old one with the first new one not yet taken that `same` accepts, or alone;
/// then each new one no old one took.
fn pair_in_order<'a, T>(
    old: &'a [T],
    new: &'a [T],
    same: impl Fn(&T, &T) -> bool,
) -> Vec<(Option<&'a T>, Option<&'a T>)> {
    let mut out = Vec::with_capacity(old.len().max(new.len()));
    let mut taken = vec![false; new.len()];
    for o in old {
        let found = new
            .iter()
            .enumerate()
            .find(|&(i, n)| !taken[i] && same(o, n));
        match found {
            Some((i, n)) => {
                taken[i] = true;
                out.push((Some(o), Some(n)));
            }
            None => out.push((Some(o), None)),
        }
    }
    out.extend(
        new.iter()
            .zip(taken)
            .filter(|(_, taken)| !taken)
            .map(|(n, _)| (None, Some(n))),
    );
    out
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

fn info(reason: Reason) -> MatchInfo {
    MatchInfo { reason, score: 1.0 }
}

#[cfg(test)]
mod tests {
    use super::pair_in_order;

    #[test]
    fn pairs_in_order_take_the_first_free_match_then_the_new_left() {
        let old = ["a", "b", "a", "c"];
        let new = ["a", "d", "a", "b"];
        let pairs: Vec<_> = pair_in_order(&old, &new, |x, y| x == y)
            .into_iter()
            .map(|(o, n)| (o.copied(), n.copied()))
            .collect();
        assert_eq!(
            pairs,
            [
                (Some("a"), Some("a")),
                (Some("b"), Some("b")),
                (Some("a"), Some("a")),
                (Some("c"), None),
                (None, Some("d")),
            ]
        );
    }

    #[test]
    fn a_new_element_is_taken_once() {
        let pairs = pair_in_order(&[1, 1], &[1], |x, y| x == y);
        assert_eq!(pairs, [(Some(&1), Some(&1)), (Some(&1), None)]);
        assert!(pair_in_order::<i32>(&[], &[], |_, _| true).is_empty());
        assert_eq!(pair_in_order(&[], &[7], |_, _| true), [(None, Some(&7))]);
    }
}
