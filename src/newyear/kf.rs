//! The KF side of a run: where each of last year's KF goals goes in the new
//! year's budget (also what `vp impact` asks of a changed budget), and which KF
//! indicators and activities the new budget still holds.

use std::collections::{HashMap, HashSet};

use crate::diff::matching::{self, Item, Reason};
use crate::model::PlanSet;

/// Last year's KF goal number → where it goes in the new year.
pub(crate) enum Link {
    To {
        number: String,
        how: &'static str,
        score: Option<f64>,
    },
    Undecided(String),
}

/// The KF side of a run: how numbers map, and what the new budget holds.
pub(super) struct Kf {
    /// `None`: the new year's budget is not in the tree, references stay.
    pub(super) links: Option<HashMap<String, Link>>,
    /// Ids of last year's KF indicators, and the new year's indicators and activities.
    pub(super) old_indicators: HashSet<String>,
    pub(super) new_indicators: HashSet<String>,
    pub(super) new_activities: HashSet<String>,
}

fn normalize(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches('.')
        .to_lowercase()
}

/// Where each of last year's KF goals goes in the new year's budget: the same
/// number where number and title agree; else the budget's own `fortsätter`, or
/// the goal `vp diff`'s matcher pairs it with (similar title, same
/// inriktningsmål); else undecided. `vp impact` asks the same of a changed budget.
pub(crate) fn kf_goal_links(
    old_goals: &[&crate::model::KfGoal],
    new_goals: &[&crate::model::KfGoal],
    from: i32,
    to: i32,
) -> HashMap<String, Link> {
    let mut links = HashMap::new();
    let mut taken = vec![false; new_goals.len()];
    let mut rest_old = Vec::new();
    for g in old_goals {
        match new_goals
            .iter()
            .position(|n| n.number == g.number && normalize(&n.title) == normalize(&g.title))
        {
            Some(k) if !taken[k] => {
                taken[k] = true;
                links.insert(
                    g.number.clone(),
                    Link::To {
                        number: g.number.clone(),
                        how: "samma",
                        score: None,
                    },
                );
            }
            _ => rest_old.push(*g),
        }
    }
    let rest_new: Vec<_> = new_goals
        .iter()
        .zip(&taken)
        .filter(|(_, t)| !**t)
        .map(|(g, _)| *g)
        .collect();
    /// What matching sees of a KF goal: its title, under its inriktningsmål.
    pub(super) fn items<'g>(goals: &[&'g crate::model::KfGoal]) -> Vec<Item<'g>> {
        goals
            .iter()
            .map(|g| Item {
                id: None,
                bucket: g.number.split('.').next().and_then(|d| d.parse().ok()),
                title: &g.title,
                text: Vec::new(),
            })
            .collect()
    }
    let (old_items, new_items) = (items(&rest_old), items(&rest_new));
    // The new budget's own `fortsätter` is a declared link.
    let declared: Vec<(usize, usize)> = rest_new
        .iter()
        .enumerate()
        .filter_map(|(n, g)| {
            let prev = g.continues.as_ref()?;
            let o = rest_old.iter().position(|o| o.number == prev.text)?;
            Some((o, n))
        })
        .collect();
    let mut paired = vec![false; rest_old.len()];
    for p in matching::match_items(&old_items, &new_items, &declared) {
        paired[p.old] = true;
        let declared = p.info.reason == Reason::Declared;
        links.insert(
            rest_old[p.old].number.clone(),
            Link::To {
                number: rest_new[p.new].number.clone(),
                how: if declared { "fortsätter" } else { "liknande" },
                score: (!declared).then_some(p.info.score),
            },
        );
    }
    for (g, _) in rest_old.iter().zip(&paired).filter(|(_, p)| !**p) {
        links.insert(
            g.number.clone(),
            Link::Undecided(format!(
                "KF-mål {} ({from}, \"{}\") har ingen motsvarighet i KF-budgeten {to}",
                g.number, g.title
            )),
        );
    }
    links
}

pub(super) fn kf_side(set: &PlanSet, from: i32, to: i32) -> Kf {
    let old = set.kf_years.get(&from);
    let new = set.kf_years.get(&to);
    let ids = |k: Option<&crate::model::KfYear>| -> (HashSet<String>, HashSet<String>) {
        let Some(k) = k else {
            return Default::default();
        };
        (
            k.goals()
                .flat_map(|g| g.indicators.iter().map(|i| i.id.clone()))
                .collect(),
            k.goals()
                .flat_map(|g| g.activities.iter().filter_map(|a| a.id.clone()))
                .collect(),
        )
    };
    let (old_indicators, _) = ids(old);
    let (new_indicators, new_activities) = ids(new);
    let links = new.map(|new| {
        let old_goals: Vec<_> = old.map(|o| o.goals().collect()).unwrap_or_default();
        let new_goals: Vec<_> = new.goals().collect();
        kf_goal_links(&old_goals, &new_goals, from, to)
    });
    Kf {
        links,
        old_indicators,
        new_indicators,
        new_activities,
    }
}

impl Kf {
    /// Where last year's KF goal `number` goes; numbers last year's budget did not
    /// hold (or no budget last year) go by number alone.
    pub(super) fn link(&self, number: &str, set: &PlanSet, to: i32, from: i32) -> Option<Link> {
        let links = self.links.as_ref()?;
        let number = number.trim();
        if let Some(Link::To { number, how, score }) = links.get(number) {
            return Some(Link::To {
                number: number.clone(),
                how,
                score: *score,
            });
        }
        if let Some(Link::Undecided(why)) = links.get(number) {
            return Some(Link::Undecided(why.clone()));
        }
        Some(if set.kf_goal(to, number).is_some() {
            Link::To {
                number: number.to_owned(),
                how: "samma",
                score: None,
            }
        } else {
            Link::Undecided(format!(
                "KF-mål {number} ({from}) finns inte i KF-budgeten {to}"
            ))
        })
    }

    /// Whether a reference to a KF indicator cannot follow: it was KF's last
    /// year and the new budget (in the tree) does not have it.
    pub(super) fn indicator_gone(&self, id: &str) -> bool {
        self.links.is_some()
            && self.old_indicators.contains(id)
            && !self.new_indicators.contains(id)
    }

    pub(super) fn activity_gone(&self, id: &str) -> bool {
        self.links.is_some() && !self.new_activities.contains(id)
    }
}
