//! KF years: KF's goals of the old year matched to those of the new.

use super::*;

pub(super) fn kf_year(
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
    let pairs = match_level(ctx, (&old, &new), (&old_items, &new_items), match_items);
    let kf_ref = |tree: &Tree, id: KfGoalId| {
        let g = &tree.plans[id];
        KfGoalRef {
            year: id.year,
            number: g.number.clone(),
            title: g.title.clone(),
            location: tree.place(g.span),
        }
    };
    // KF's own indicators (with KF:s årsmål) and activities under each goal.
    let kf_rows = ctx.rows_in(None, None);
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
        let activities = activities(&go.activities, &gn.activities, shift, (ctx.a, ctx.b));
        if go.number == gn.number && !reworded && indicators.is_empty() && activities.is_empty() {
            continue;
        }
        out.push(KfGoalDiff {
            change: Change::Changed,
            old: Some(kf_ref(&ctx.a, o)),
            new: Some(kf_ref(&ctx.b, n)),
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
            old: o.map(|&o| kf_ref(&ctx.a, o)),
            new: n.map(|&n| kf_ref(&ctx.b, n)),
            matched: None,
            title: None,
            suggestion: None,
            indicators: indicators(io, inn, kf_rows),
            activities: activities(ao, an, shift, (ctx.a, ctx.b)),
        }
    }));
    out
}

/// A KF goal's indicators and activities; none for no goal.
fn kf_contents(set: &PlanSet, g: Option<KfGoalId>) -> (&[Indicator], &[Activity]) {
    g.map_or((&[], &[]), |g| (&set[g].indicators, &set[g].activities))
}
