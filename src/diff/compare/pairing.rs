//! Plan pairing: which nämnd plans and unit plans of the two sides are one plan.

use super::*;

fn related_committees(ctx: &Ctx, old: &str, new: &str) -> bool {
    ctx.b.plans.committee_lineage(new).contains(&old)
        || ctx.a.plans.committee_lineage(old).contains(&new)
        || ctx.a.plans.committee_lineage(new).contains(&old)
        || ctx.b.plans.committee_lineage(old).contains(&new)
}

pub(super) type PlanPair<T> = (Option<T>, Option<T>, Option<MatchInfo>);

/// Nämnd plans taken together: usually one on each side; after a merger, the
/// plans of the nämnder merged on one side and the merged nämnd's on the other
/// (and the other way round for a split, so a diff and its mirror agree).
pub(super) struct CommitteePair {
    /// The first is the plan the diff names; its chapters, KF parts and budget
    /// are compared. The goals of all are matched together.
    pub(super) old: Vec<CommitteePlanId>,
    pub(super) new: Vec<CommitteePlanId>,
    pub(super) info: Option<MatchInfo>,
}

pub(super) fn pair_committee_plans(
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

pub(super) fn pair_unit_plans(
    ctx: &Ctx,
    old: &[UnitPlanId],
    new: &[UnitPlanId],
) -> Vec<PlanPair<UnitPlanId>> {
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
