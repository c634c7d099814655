//! What a matched pair of goals or plans holds, compared: indicator rows (with
//! the ambition of a new target), activities, text sections and budget rows.

use std::borrow::Borrow;

use super::matching::{Item, match_items, scored, unmatched};
use super::*;
use crate::model::value::units_agree;
use crate::model::{Activity, GoalKind, GoalText, Indicator, Table, Target};

/// The plan a side's indicator rows stand in, so that a row reads the target
/// it stands for: its own, else the nämnd's, else KF's.
#[derive(Clone, Copy)]
pub(super) struct RowsIn<'a> {
    pub set: &'a crate::model::PlanSet,
    /// `None` for KF's budget, whose rows hold KF:s årsmål.
    pub plan: Option<crate::model::PlanId>,
}

/// The target a row states itself: the plan's Årsmål, or in KF's budget KF:s.
fn own_target<'a>(i: &'a Indicator, side: RowsIn) -> &'a Target {
    static NONE: Target = Target::Empty;
    match side.plan {
        Some(_) => &i.target,
        None => i.kf_target.as_ref().unwrap_or(&NONE),
    }
}

fn indicator_ref(i: &Indicator, side: RowsIn) -> IndicatorRef {
    use crate::model::graph::{EffectiveTarget, TargetSource};
    let effective = match side.plan {
        Some(plan) => side.set.effective_target(plan, i),
        None => Some(own_target(i, side))
            .filter(|t| !matches!(t, Target::Empty))
            .map(|target| EffectiveTarget {
                target,
                source: TargetSource::Kf,
            }),
    };
    IndicatorRef {
        id: i.id.clone(),
        name: i.name.clone(),
        target: effective.map_or_else(String::new, |e| e.target.text().to_owned()),
        target_source: effective.map(|e| e.source),
        periodicity: i.periodicity.map(|p| p.name().to_owned()),
        unit: i.unit.clone(),
        direction: i.direction.map(|d| d.name().to_owned()),
    }
}

pub(super) fn indicators(
    old: &[Indicator],
    new: &[Indicator],
    (so, sn): (RowsIn, RowsIn),
) -> Vec<IndicatorDiff> {
    fn item(i: &Indicator) -> Item<'_> {
        Item {
            id: Some(i.id.as_str()),
            bucket: Some(0),
            title: i.name.as_str(),
            text: Vec::new(),
        }
    }
    let oi: Vec<Item> = old.iter().map(item).collect();
    let ni: Vec<Item> = new.iter().map(item).collect();
    let pairs = match_items(&oi, &ni, &[]);
    let mut out = Vec::new();
    for p in &pairs {
        let (io, inn) = (&old[p.old], &new[p.new]);
        let (to, tn) = (own_target(io, so), own_target(inn, sn));
        let target = (!words::same_words(to.text(), tn.text())).then(|| {
            let (ambition, difference) = ambition(to, tn, inn.direction.or(io.direction));
            TargetChange {
                old: to.text().to_owned(),
                new: tn.text().to_owned(),
                ambition,
                difference,
            }
        });
        let mut fields = Vec::new();
        if !words::same_words(&io.name, &inn.name) {
            fields.push("name".to_owned());
        }
        if io.periodicity != inn.periodicity {
            fields.push("periodicity".to_owned());
        }
        if io.unit != inn.unit {
            fields.push("unit".to_owned());
        }
        if io.direction != inn.direction {
            fields.push("direction".to_owned());
        }
        if target.is_none() && fields.is_empty() && io.id == inn.id {
            continue;
        }
        out.push(IndicatorDiff {
            change: Change::Changed,
            old: Some(indicator_ref(io, so)),
            new: Some(indicator_ref(inn, sn)),
            matched: Some(scored(p, &oi, &ni)),
            target,
            fields,
        });
    }
    out.extend(
        unmatched(old, new, &pairs).map(|(change, o, n)| IndicatorDiff {
            change,
            old: o.map(|i| indicator_ref(i, so)),
            new: n.map(|i| indicator_ref(i, sn)),
            matched: None,
            target: None,
            fields: Vec::new(),
        }),
    );
    out
}

/// Whether `new` asks for more than `old`, given which way is better.
pub(super) fn ambition(
    old: &Target,
    new: &Target,
    direction: Option<crate::model::Direction>,
) -> (Ambition, Option<f64>) {
    use crate::model::Direction;
    let (
        Target::Number {
            value: a,
            unit: ua,
            tolerance: ta,
            ..
        },
        Target::Number {
            value: b,
            unit: ub,
            tolerance: tb,
            ..
        },
    ) = (old, new)
    else {
        return (Ambition::Unknown, None);
    };
    let same_unit = match (ua, ub) {
        (None, None) => true,
        (Some(x), Some(y)) => units_agree(x, y),
        _ => false,
    };
    if !same_unit {
        return (Ambition::Unknown, None);
    }
    let difference = Some(((b - a) * 1e6).round() / 1e6);
    if (a - b).abs() < 1e-9 {
        return (Ambition::Same, difference);
    }
    if *ta || *tb {
        return (Ambition::Unknown, difference);
    }
    let ambition = match direction {
        Some(Direction::Higher) if b > a => Ambition::More,
        Some(Direction::Higher) => Ambition::Less,
        Some(Direction::Lower) if b < a => Ambition::More,
        Some(Direction::Lower) => Ambition::Less,
        _ => Ambition::Unknown,
    };
    (ambition, difference)
}

fn activity_ref(a: &Activity) -> ActivityRef {
    ActivityRef {
        id: a.id.clone(),
        text: a.text.clone(),
        start: a.start.to_string(),
        end: a.end.to_string(),
    }
}

/// `shift` is how many years the new plan is after the old: an activity that
/// runs the same days of its plan's year has not changed its dates.
pub(super) fn activities<A: Borrow<Activity>>(
    old: &[A],
    new: &[A],
    shift: i32,
) -> Vec<ActivityDiff> {
    fn item<A: Borrow<Activity>>(a: &A) -> Item<'_> {
        let a = a.borrow();
        Item {
            id: a.id.as_deref(),
            bucket: Some(0),
            title: a.text.as_str(),
            text: Vec::new(),
        }
    }
    let oi: Vec<Item> = old.iter().map(item).collect();
    let ni: Vec<Item> = new.iter().map(item).collect();
    let pairs = match_items(&oi, &ni, &[]);
    let mut out = Vec::new();
    for p in &pairs {
        let (ao, an) = (old[p.old].borrow(), new[p.new].borrow());
        let moved = |d: crate::model::Date| crate::model::Date {
            year: d.year + shift,
            ..d
        };
        let days_changed = moved(ao.start) != an.start || moved(ao.end) != an.end;
        let dates_changed = ao.start != an.start || ao.end != an.end;
        let text =
            (!words::same_words(&ao.text, &an.text)).then(|| words::diff(&ao.text, &an.text));
        if !days_changed && text.is_none() && ao.id == an.id {
            continue;
        }
        out.push(ActivityDiff {
            change: Change::Changed,
            old: Some(activity_ref(ao)),
            new: Some(activity_ref(an)),
            matched: Some(scored(p, &oi, &ni)),
            dates_changed,
            days_changed,
            text,
        });
    }
    out.extend(
        unmatched(old, new, &pairs).map(|(change, o, n)| ActivityDiff {
            change,
            old: o.map(|a| activity_ref(a.borrow())),
            new: n.map(|a| activity_ref(a.borrow())),
            matched: None,
            dates_changed: false,
            days_changed: false,
            text: None,
        }),
    );
    out
}

/// The name of a goal's text before its first section.
const INTRO: &str = "Inledning";

pub(super) fn goal_sections(old: &GoalText, new: &GoalText, kind: GoalKind) -> Vec<SectionDiff> {
    fn named<'a>(t: &'a GoalText, name: &str) -> Option<&'a str> {
        if name == INTRO {
            t.intro.as_ref().map(|m| m.trimmed())
        } else {
            t.section(name).map(|m| m.trimmed())
        }
    }
    let mut out = Vec::new();
    for name in std::iter::once(INTRO).chain(kind.sections().iter().copied()) {
        if let Some(d) = section(name, named(old, name), named(new, name)) {
            out.push(d);
        }
    }
    out
}

/// One section's diff; `None` when it says the same (or is blank on both sides).
pub(super) fn section(name: &str, old: Option<&str>, new: Option<&str>) -> Option<SectionDiff> {
    let old = old.map(str::trim).filter(|t| !t.is_empty());
    let new = new.map(str::trim).filter(|t| !t.is_empty());
    let change = match (old, new) {
        (None, None) => return None,
        (Some(o), Some(n)) if o == n || words::same_words(o, n) => return None,
        (Some(_), Some(_)) => Change::Changed,
        (Some(_), None) => Change::Removed,
        (None, Some(_)) => Change::Added,
    };
    Some(SectionDiff {
        change,
        name: name.to_owned(),
        words: words::diff(old.unwrap_or(""), new.unwrap_or("")),
    })
}

pub(super) fn budget(old: &[Table], new: &[Table]) -> Vec<BudgetRowDiff> {
    let empty = |t: &Table| Table {
        id: t.id.clone(),
        title: t.title.clone(),
        unit: t.unit.clone(),
        columns: t.columns.clone(),
        difference_columns: Vec::new(),
        rows: Vec::new(),
        decimals: t.decimals,
        span: t.span,
    };
    let mut out = Vec::new();
    let mut taken = vec![false; old.len()];
    let mut added = Vec::new();
    for tn in new {
        let found = old
            .iter()
            .position(|t| t.id == tn.id)
            .filter(|&i| !taken[i])
            .or_else(|| (0..old.len()).find(|&i| !taken[i] && old[i].title == tn.title));
        match found {
            Some(i) => {
                taken[i] = true;
                out.extend(table_rows(&old[i], tn));
            }
            None => added.push(tn),
        }
    }
    for tn in added {
        out.extend(table_rows(&empty(tn), tn));
    }
    for (i, to) in old.iter().enumerate() {
        if !taken[i] {
            out.extend(table_rows(to, &empty(to)));
        }
    }
    out
}

fn table_rows(old: &Table, new: &Table) -> Vec<BudgetRowDiff> {
    let labels =
        |t: &Table| -> Vec<String> { t.rows.iter().map(|r| r.label.trim().to_owned()).collect() };
    let (lo, ln) = (labels(old), labels(new));
    let ops = similar::capture_diff_slices(similar::Algorithm::Myers, &lo, &ln);
    let mut out = Vec::new();
    let row = |change, t: &Table, r: &crate::model::TableRow, cells| BudgetRowDiff {
        change,
        table: t.title.clone(),
        row: r.label.clone(),
        unit: t.unit.clone(),
        cells,
    };
    let all_cells = |t: &Table, r: &crate::model::TableRow, old_side: bool| -> Vec<CellDiff> {
        r.values
            .iter()
            .enumerate()
            .map(|(k, v)| CellDiff {
                column: t
                    .columns
                    .get(k)
                    .cloned()
                    .unwrap_or_else(|| (k + 1).to_string()),
                old: if old_side { *v } else { None },
                new: if old_side { None } else { *v },
                difference: None,
            })
            .collect()
    };
    for op in ops {
        let (tag, ro, rn) = op.as_tag_tuple();
        match tag {
            similar::DiffTag::Equal => {
                for (i, j) in ro.zip(rn) {
                    let (r_old, r_new) = (&old.rows[i], &new.rows[j]);
                    let mut cells = Vec::new();
                    for (k, column) in new.columns.iter().enumerate() {
                        let ko = old.columns.iter().position(|c| c == column).unwrap_or(k);
                        let (vo, vn) = (
                            r_old.values.get(ko).copied().flatten(),
                            r_new.values.get(k).copied().flatten(),
                        );
                        let differs = match (vo, vn) {
                            (Some(x), Some(y)) => (x - y).abs() >= 0.05,
                            (None, None) => false,
                            _ => true,
                        };
                        if differs {
                            cells.push(CellDiff {
                                column: column.clone(),
                                old: vo,
                                new: vn,
                                difference: match (vo, vn) {
                                    (Some(x), Some(y)) => Some(((y - x) * 10.0).round() / 10.0),
                                    _ => None,
                                },
                            });
                        }
                    }
                    if !cells.is_empty() {
                        out.push(row(Change::Changed, new, r_new, cells));
                    }
                }
            }
            _ => {
                for i in ro {
                    out.push(row(
                        Change::Removed,
                        old,
                        &old.rows[i],
                        all_cells(old, &old.rows[i], true),
                    ));
                }
                for j in rn {
                    out.push(row(
                        Change::Added,
                        new,
                        &new.rows[j],
                        all_cells(new, &new.rows[j], false),
                    ));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Direction;

    fn t(s: &str) -> Target {
        Target::parse(s).unwrap()
    }

    #[test]
    fn ambition_follows_riktning_and_units() {
        let higher = Some(Direction::Higher);
        let lower = Some(Direction::Lower);
        assert_eq!(
            ambition(&t("80 %"), &t("85 %"), higher),
            (Ambition::More, Some(5.0))
        );
        assert_eq!(
            ambition(&t("80 %"), &t("85 %"), lower),
            (Ambition::Less, Some(5.0))
        );
        assert_eq!(ambition(&t("1,6 %"), &t("1,2 %"), lower).0, Ambition::More);
        assert_eq!(ambition(&t("15 st"), &t("15 st"), higher).0, Ambition::Same);
        // No riktning, other units, markers and tolerances are not guessed.
        assert_eq!(
            ambition(&t("15 st"), &t("20 st"), None).0,
            Ambition::Unknown
        );
        assert_eq!(
            ambition(&t("15 st"), &t("20 %"), higher),
            (Ambition::Unknown, None)
        );
        assert_eq!(
            ambition(&t("Öka"), &t("20 st"), higher),
            (Ambition::Unknown, None)
        );
        assert_eq!(
            ambition(&t("+/-1 %"), &t("+/-2 %"), lower).0,
            Ambition::Unknown
        );
        assert_eq!(
            ambition(
                &t("2 %"),
                &t("3 % energieffektivisering relativt 2018"),
                higher
            )
            .0,
            Ambition::More
        );
    }
}
