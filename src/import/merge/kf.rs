//! A document's KF goals into KF's budget for its year: goals in number order,
//! KF's indicators and activities with ids, differences noted.

use super::{Activity, KfGoal, KfIndicator, KfYear, Tree, compare_numbers, direction_number, key};
use crate::import::document::{self as d, Document};
use crate::import::ids;

/// Adds what `doc` shows of KF's budget to the year's.
pub(super) fn add(tree: &mut Tree, doc: &Document, year: i32) {
    let kf = tree.kf.entry(year).or_insert_with(|| KfYear {
        year,
        ..Default::default()
    });
    // The directions this document shows, by number, with the first title it gives.
    let mut shown_here: rustc_hash::FxHashMap<i64, String> = Default::default();
    for dir in doc.directions() {
        let Some(number) = direction_number(dir) else {
            // A title-less direction is the importer's own holder for goals with no KF goal above.
            if !dir.title.is_empty() {
                tree.dropped.push(format!(
                    "{}: rad {}: inriktningsmålet \"{}\" har inget nummer, och inte målen under det heller; det kom inte med i KF-budgeten",
                    doc.source, dir.line, dir.title
                ));
            } else {
                // Under the holder, the goals themselves are what has no number.
                for g in &dir.goals {
                    tree.dropped.push(unnumbered_goal(&doc.source, g));
                }
            }
            continue;
        };
        let dir = &d::Direction {
            number,
            ..dir.clone()
        };
        // KF's budget has one title per direction. One this document shows again
        // under another title (a garbled extraction, a heading run into the next)
        // is left out, and said; another document's wording is noted, as for goals.
        if !dir.title.is_empty() {
            let here = shown_here.get(&number);
            let earlier = kf.directions.iter().find(|d| d.number == number);
            match (here, earlier) {
                (Some(title), _) if key(title) != key(&dir.title) => {
                    tree.dropped.push(format!(
                        "{}: rad {}: inriktningsmålet {number} heter \"{}\" här men \"{title}\" tidigare i texten; KF-budgeten har en titel per inriktningsmål, så den här titeln kom inte med",
                        doc.source, dir.line, dir.title
                    ));
                }
                (None, Some(e)) if !e.title.is_empty() && key(&e.title) != key(&dir.title) => {
                    tree.notes.push(format!(
                        "{year}: inriktningsmålet {number} heter \"{}\" i {} men \"{}\" i ett annat dokument; det första behålls",
                        dir.title, doc.source, e.title
                    ));
                }
                _ => {}
            }
            shown_here
                .entry(number)
                .or_insert_with(|| dir.title.clone());
        }
        kf.direction(dir.number, &dir.title);
        for g in &dir.goals {
            if g.number.is_empty() {
                tree.dropped.push(unnumbered_goal(&doc.source, g));
                continue;
            }
            let mut ids = std::mem::take(&mut kf.ids);
            let mut indicator_ids = std::mem::take(&mut kf.indicator_ids);
            let d = kf.direction(dir.number, &dir.title);
            // Goals stay in number order; found and placed by binary search.
            let at = d
                .goals
                .binary_search_by(|x| compare_numbers(&x.number, &g.number));
            let goal = match at {
                Ok(p) if d.goals[p].number == g.number => &mut d.goals[p],
                Ok(p) | Err(p) => {
                    d.goals.insert(
                        p,
                        KfGoal {
                            number: g.number.clone(),
                            title: g.title.clone(),
                            ..Default::default()
                        },
                    );
                    &mut d.goals[p]
                }
            };
            if key(&goal.title) != key(&g.title) && !g.title.is_empty() {
                tree.notes.push(format!(
                    "{year}: KF-målet {} heter \"{}\" i {} men \"{}\" i ett annat dokument; det första behålls",
                    g.number, g.title, doc.source, goal.title
                ));
            }
            for r in &g.indicators {
                let name_key = key(&r.name);
                match goal.indicator_at.get(&name_key) {
                    Some(&at) => {
                        let existing = &mut goal.indicators[at];
                        if existing.kf_target.is_none() {
                            existing.kf_target = r.kf_target.clone();
                        } else if r.kf_target.is_some() && existing.kf_target != r.kf_target {
                            tree.notes.push(format!(
                                "{year}: KF:s årsmål för \"{}\" är {:?} i {} men {:?} i ett annat dokument",
                                r.name, r.kf_target, doc.source, existing.kf_target
                            ));
                        }
                    }
                    None => {
                        let id = ids.unique(&ids::short(&r.name));
                        indicator_ids
                            .entry(name_key.clone())
                            .or_insert_with(|| id.clone());
                        goal.indicator_at.insert(name_key, goal.indicators.len());
                        goal.indicators.push(KfIndicator {
                            id,
                            name: r.name.clone(),
                            kf_target: r.kf_target.clone(),
                            periodicity: r.periodicity.clone(),
                        });
                    }
                }
            }
            for a in &g.activities {
                if goal.activity_keys.insert(key(&a.text)) {
                    goal.activities.push(Activity {
                        id: Some(ids.unique(&ids::short(&a.text))),
                        text: a.text.clone(),
                        start: a.start.clone(),
                        end: a.end.clone(),
                    });
                }
            }
            kf.indicator_ids = indicator_ids;
            kf.ids = ids;
        }
    }
}

/// A KF goal printed without a number that files it (none, or one under no
/// numbered direction, like `0`): KF's budget files goals by number.
fn unnumbered_goal(source: &str, g: &d::KfGoal) -> String {
    let has = if g.number.is_empty() {
        "har inget nummer"
    } else {
        "har inget giltigt nummer"
    };
    format!(
        "{source}: rad {}: KF:s mål för verksamhetsområdet \"{}\" {has} och kom inte med i KF-budgeten",
        g.line, g.title
    )
}
