//! Goal levels: a matched nämnd plan's and unit plan's goals, nämndmål and
//! enhetsmål matched under their KF goals and compared.

use super::pairing::CommitteePair;
use super::prose::{goal_text, plan_prose, report_chapters};
use super::*;

pub(super) fn committee_plan(
    ctx: &Ctx,
    maps: &Maps,
    pair: &CommitteePair,
) -> (Option<PlanDiff>, Vec<(CommitteeGoalId, CommitteeGoalId)>) {
    let (o, n) = (pair.old.first().copied(), pair.new.first().copied());
    let (Some(o), Some(n)) = (o, n) else {
        return (one_side(ctx, o, n, committee_ref), Vec::new());
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
    let old_items = goal_items(a, &old_ids, &mut buckets, |g| {
        a[g].kf_goal_id.and_then(|k| maps.kf.get(&k).copied())
    });
    let new_items = goal_items(b, &new_ids, &mut buckets, |g| b[g].kf_goal_id);
    let pairs = match_level(
        ctx,
        (&old_ids, &new_ids),
        (&old_items, &new_items),
        match_goals,
    );
    let goal_pairs: Vec<(CommitteeGoalId, CommitteeGoalId)> = pairs
        .iter()
        .map(|p| (old_ids[p.old], new_ids[p.new]))
        .collect();

    let kf_parent = |set: &PlanSet, goal: &crate::model::CommitteeGoal| ParentRef {
        id: goal.kf_goal.clone(),
        title: goal.kf_goal_id.map(|k| set[k].title.clone()),
        location: None,
    };
    let goal_ref = |tree: &Tree, g: CommitteeGoalId| {
        let goal = &tree.plans[g];
        GoalRef {
            id: goal.id.clone(),
            title: goal.title.clone(),
            parent: kf_parent(tree.plans, goal),
            location: tree.place(goal.span),
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
            ctx.rows_in(Some(PlanId::Committee(o)), Some(PlanId::Committee(n))),
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
        budget: budget(&po.economy, &pn.economy, (po.year, pn.year), (ctx.a, ctx.b)),
        net_budget: (po.summary.is_some() || pn.summary.is_some()).then(|| NetBudget {
            old: po.summary.as_ref().map(|s| s.net),
            new: pn.summary.as_ref().map(|s| s.net),
        }),
    };
    (plan_changed(&diff).then_some(diff), goal_pairs)
}

pub(super) fn unit_plan(
    ctx: &Ctx,
    maps: &Maps,
    o: Option<UnitPlanId>,
    n: Option<UnitPlanId>,
    info: Option<MatchInfo>,
) -> Option<PlanDiff> {
    let (Some(o), Some(n)) = (o, n) else {
        return one_side(ctx, o, n, unit_ref);
    };
    let (a, b) = (ctx.a.plans, ctx.b.plans);
    let (po, pn) = (&a[o], &b[n]);
    let old_ids: Vec<_> = po.unit_goal_ids(o).map(|(id, _)| id).collect();
    let new_ids: Vec<_> = pn.unit_goal_ids(n).map(|(id, _)| id).collect();
    let mut buckets = Buckets::default();
    let old_items = goal_items(a, &old_ids, &mut buckets, |g| {
        a.unit_goal_group(g)
            .committee_goal_id
            .and_then(|c| maps.committee_goals.get(&c).copied())
    });
    let new_items = goal_items(b, &new_ids, &mut buckets, |g| {
        b.unit_goal_group(g).committee_goal_id
    });
    let pairs = match_level(
        ctx,
        (&old_ids, &new_ids),
        (&old_items, &new_items),
        match_goals,
    );

    let goal_ref = |tree: &Tree, g: crate::model::UnitGoalId| {
        let set = tree.plans;
        let goal = &set[g];
        let group = set.unit_goal_group(g);
        GoalRef {
            id: goal.id.clone(),
            title: goal.title.clone(),
            parent: ParentRef {
                id: group.committee_goal.clone(),
                title: group.committee_goal_id.map(|c| set[c].title.clone()),
                location: None,
            },
            location: tree.place(goal.span),
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
            ctx.rows_in(Some(PlanId::Unit(o)), Some(PlanId::Unit(n))),
            pn.year - po.year,
            &GoalsUnder::default(),
        ),
        committee_goals: unit_groups(ctx, maps, o, n),
        goals,
        sections: plan_prose(ctx, maps, &po.prose, &pn.prose, po.year, pn.year),
        budget: budget(&po.economy, &pn.economy, (po.year, pn.year), (ctx.a, ctx.b)),
        net_budget: None,
    };
    plan_changed(&diff).then_some(diff)
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
        path: crate::source::Place::file(tree.path_of(p.file)),
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
        path: crate::source::Place::file(tree.path_of(p.file)),
    }
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

/// The diff of a plan on one side only (`None` for a plan on neither side or on both).
fn one_side<I: Copy>(
    ctx: &Ctx,
    o: Option<I>,
    n: Option<I>,
    plan_ref: fn(&Tree, I) -> PlanRef,
) -> Option<PlanDiff> {
    match (o, n) {
        (Some(o), None) => Some(one_sided(Change::Removed, Some(plan_ref(&ctx.a, o)), None)),
        (None, Some(n)) => Some(one_sided(Change::Added, None, Some(plan_ref(&ctx.b, n)))),
        _ => None,
    }
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

/// What matching sees of each goal of a level: its id, title and text, under
/// its parent's bucket (`parent`: the old side's parents as the new side names
/// them, so that both sides share buckets).
fn goal_items<'s, G, T, P>(
    set: &'s PlanSet,
    ids: &[G],
    buckets: &mut Buckets<P>,
    parent: impl Fn(G) -> Option<P>,
) -> Vec<Item<'s>>
where
    G: Copy,
    PlanSet: std::ops::Index<G, Output = T>,
    T: DiffedGoal + 's,
    P: std::hash::Hash + Eq,
{
    ids.iter()
        .map(|&g| {
            let goal = &set[g];
            let (title, _, _, text) = goal.parts();
            Item {
                id: Some(goal.id()),
                bucket: buckets.get(parent(g)),
                title,
                text: goal_text(text),
            }
        })
        .collect()
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
    goal_ref: &dyn Fn(&Tree, G) -> GoalRef,
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
            goal_ref(&old.tree, x),
            goal_ref(&new.tree, y),
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
            old: o.map(|&g| goal_ref(&old.tree, g)),
            new: n.map(|&g| goal_ref(&new.tree, g)),
            matched: None,
            suggestion: None,
            title: None,
            moved: false,
            indicators: indicators(io, inn, sides),
            activities: activities(ao, an, shift, (old.tree, new.tree)),
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
            activities: activities(old.2, new.2, shift, (sides.0.tree, sides.1.tree)),
            sections: goal_sections(old.3, new.3, kind, (sides.0.tree, sides.1.tree)),
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

/// The nämndmål a unit plan works towards, matched old to new through the nämnd
/// plans' goal matching, and the nämndmål's activities the unit shows.
fn unit_groups(ctx: &Ctx, maps: &Maps, o: UnitPlanId, n: UnitPlanId) -> Vec<GroupDiff> {
    let (a, b) = (ctx.a.plans, ctx.b.plans);
    let (po, pn) = (&a[o], &b[n]);
    let shift = pn.year - po.year;
    let parent = |tree: &Tree, g: &crate::model::UnitCommitteeGoal| ParentRef {
        id: g.committee_goal.clone(),
        title: g.committee_goal_id.map(|c| tree.plans[c].title.clone()),
        location: Some(tree.place(g.span)),
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
        let (po, pn) = (
            old.map(|g| parent(&ctx.a, g)),
            new.map(|g| parent(&ctx.b, g)),
        );
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
                ctx.rows_in(Some(PlanId::Unit(o)), Some(PlanId::Unit(n))),
            ),
            activities: activities(&ao, &an, shift, (ctx.a, ctx.b)),
        }
    };
    let same = |go: &crate::model::UnitCommitteeGoal, gn: &crate::model::UnitCommitteeGoal| {
        let mapped = go
            .committee_goal_id
            .and_then(|c| maps.committee_goals.get(&c).copied());
        match (mapped, gn.committee_goal_id) {
            (Some(x), Some(y)) => x == y,
            _ => go.committee_goal == gn.committee_goal,
        }
    };
    pair_in_order(&po.goals, &pn.goals, same)
        .into_iter()
        .filter_map(|(go, gn)| match (go, gn) {
            (Some(_), Some(_)) => {
                let g = group(Change::Changed, go, gn);
                (g.title.is_some() || !g.indicators.is_empty() || !g.activities.is_empty())
                    .then_some(g)
            }
            (Some(_), None) => Some(group(Change::Removed, go, None)),
            (None, _) => Some(group(Change::Added, None, gn)),
        })
        .collect()
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
    let same = |po: &CommitteeKfGoal, pn: &CommitteeKfGoal| {
        let mapped = po.kf_goal_id.and_then(|k| maps.kf.get(&k).copied());
        match (mapped, pn.kf_goal_id) {
            (Some(x), Some(y)) => x == y,
            _ => po.kf_goal == pn.kf_goal,
        }
    };
    let trees = (sides.0.tree, sides.1.tree);
    let mut out = Vec::new();
    for pair in pair_in_order(old, new, same) {
        match pair {
            (Some(po), Some(pn)) => {
                let indicators = indicators(&po.indicators, &pn.indicators, sides);
                let activities = activities(&po.activities, &pn.activities, shift, trees);
                if !indicators.is_empty() || !activities.is_empty() {
                    out.push(KfPartDiff {
                        change: Change::Changed,
                        old: Some(po.kf_goal.clone()),
                        new: Some(pn.kf_goal.clone()),
                        locations: Locations {
                            old: Some(trees.0.place(po.span)),
                            new: Some(trees.1.place(pn.span)),
                        },
                        indicators,
                        activities,
                    });
                }
            }
            (Some(po), None) => {
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
                    locations: Locations {
                        old: Some(trees.0.place(po.span)),
                        new: None,
                    },
                    indicators: indicators(&po.indicators, &[], sides),
                    activities: activities(&po.activities, &[], shift, trees),
                })
            }
            (None, Some(pn)) => {
                let stays = goals_under.0.contains(&pn.kf_goal);
                out.push(KfPartDiff {
                    change: if stays {
                        Change::Changed
                    } else {
                        Change::Added
                    },
                    old: stays.then(|| pn.kf_goal.clone()),
                    new: Some(pn.kf_goal.clone()),
                    locations: Locations {
                        old: None,
                        new: Some(trees.1.place(pn.span)),
                    },
                    indicators: indicators(&[], &pn.indicators, sides),
                    activities: activities(&[], &pn.activities, shift, trees),
                });
            }
            (None, None) => {}
        }
    }
    out
}
