//! What a matched pair of goals or plans holds, compared: indicator rows (with
//! the ambition of a new target), activities, text sections and budget rows.

use std::borrow::Borrow;

use super::matching::{INDICATOR, Item, match_items, match_items_above, scored, unmatched};
use super::*;
use crate::model::value::units_agree;
use crate::model::{Activity, GoalKind, GoalText, Indicator, Table, Target};

/// The plan a side's indicator rows stand in, so that a row reads the target
/// it stands for: its own, else the nämnd's, else KF's.
#[derive(Clone, Copy)]
pub(super) struct RowsIn<'a> {
    pub tree: super::Tree<'a>,
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
        Some(plan) => side.tree.plans.effective_target(plan, i),
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
        location: side.tree.place(i.span),
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
    let pairs = match_items_above(&oi, &ni, &[], INDICATOR);
    let mut out = Vec::new();
    for p in &pairs {
        let (io, inn) = (&old[p.old], &new[p.new]);
        let (to, tn) = (own_target(io, so), own_target(inn, sn));
        let target = (!words::same_words(to.text(), tn.text())).then(|| {
            let direction = inn.direction.or(io.direction);
            let (ambition, difference) = ambition(to, tn, direction);
            TargetChange {
                old: to.text().to_owned(),
                new: tn.text().to_owned(),
                ambition,
                difference,
                incomparable: (ambition == Ambition::Unknown)
                    .then(|| incomparable(to, tn, inn, sn))
                    .flatten(),
            }
        });
        let mut fields = Vec::new();
        if !words::same_words(&io.name, &inn.name) {
            fields.push(IndicatorField::Name);
        }
        if io.periodicity != inn.periodicity {
            fields.push(IndicatorField::Periodicity);
        }
        if io.unit != inn.unit {
            fields.push(IndicatorField::Unit);
        }
        if io.direction != inn.direction {
            fields.push(IndicatorField::Direction);
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

/// Why the ambition of a target changed from `old` to `new` cannot be told:
/// the reader is told what to fix, not only that it cannot be compared.
fn incomparable(old: &Target, new: &Target, row: &Indicator, side: RowsIn) -> Option<Incomparable> {
    use crate::model::Direction;
    let number = |t: &Target| matches!(t, Target::Number { .. });
    if !number(old) || !number(new) {
        return Some(Incomparable::NotNumbers);
    }
    if let (
        Target::Number {
            unit: ua,
            tolerance: ta,
            ..
        },
        Target::Number {
            unit: ub,
            tolerance: tb,
            ..
        },
    ) = (old, new)
    {
        let same_unit = match (ua, ub) {
            (None, None) => true,
            (Some(x), Some(y)) => units_agree(x, y),
            _ => false,
        };
        if !same_unit {
            return Some(Incomparable::OtherUnits);
        }
        if *ta || *tb {
            return Some(Incomparable::Tolerance);
        }
    }
    match row.direction {
        Some(Direction::Higher | Direction::Lower) => None,
        _ => Some(Incomparable::NoDirection {
            indicator: row.name.clone(),
            defined_in: definition_place(row, side),
        }),
    }
}

/// Where an indicator's definition (and its riktning) is written: the file, and
/// for KF's indicators that it is KF's budget.
fn definition_place(row: &Indicator, side: RowsIn) -> String {
    use crate::model::id::IndicatorOwner;
    let set = side.tree.plans;
    let file = set
        .indicator_definition(&row.key)
        .map(|d| side.tree.path_of(d.span.file));
    let whose = match row.key.owner {
        IndicatorOwner::Kf(year) => format!("KF:s budget för {year}"),
        IndicatorOwner::Committee(_) => "nämndens plan".to_owned(),
        IndicatorOwner::Unit(_) => "enhetens plan".to_owned(),
    };
    match file {
        Some(f) => format!("{whose} ({f})"),
        None => whose,
    }
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

fn activity_ref(a: &Activity, tree: &Tree) -> ActivityRef {
    ActivityRef {
        id: a.id.clone(),
        text: a.text.clone(),
        start: a.start.to_string(),
        end: a.end.to_string(),
        location: tree.place(a.span),
    }
}

/// `shift` is how many years the new plan is after the old: an activity that
/// runs the same days of its plan's year has not changed its dates. `trees`:
/// the old side's and the new side's, where the activities stand.
pub(super) fn activities<A: Borrow<Activity>>(
    old: &[A],
    new: &[A],
    shift: i32,
    (to, tn): (Tree, Tree),
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
            old: Some(activity_ref(ao, &to)),
            new: Some(activity_ref(an, &tn)),
            matched: Some(scored(p, &oi, &ni)),
            dates_changed,
            days_changed,
            text,
        });
    }
    out.extend(
        unmatched(old, new, &pairs).map(|(change, o, n)| ActivityDiff {
            change,
            old: o.map(|a| activity_ref(a.borrow(), &to)),
            new: n.map(|a| activity_ref(a.borrow(), &tn)),
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

pub(super) fn goal_sections(
    old: &GoalText,
    new: &GoalText,
    kind: GoalKind,
    (to, tn): (Tree, Tree),
) -> Vec<SectionDiff> {
    fn named<'a>(t: &'a GoalText, name: &str) -> Option<&'a crate::model::Markdown> {
        if name == INTRO {
            t.intro.as_ref()
        } else {
            t.section(name)
        }
    }
    let mut out = Vec::new();
    for name in std::iter::once(INTRO).chain(kind.sections().iter().copied()) {
        let (mo, mn) = (named(old, name), named(new, name));
        if let Some(d) = section(name, mo.map(|m| m.trimmed()), mn.map(|m| m.trimmed())) {
            out.push(d.at(
                mo.map(|m| text_place(&to, m)),
                mn.map(|m| text_place(&tn, m)),
            ));
        }
    }
    out
}

/// Where a text's first written character stands (past the blank lines
/// before it), as the JSON writes a place.
pub(super) fn text_place(tree: &Tree, m: &crate::model::Markdown) -> crate::source::Place {
    let text = m.as_str();
    let blank = text.len() - text.trim_start().len();
    let span = m.span();
    let start = span.start.saturating_add(blank as u32).min(span.end);
    tree.place(crate::source::Span::new(
        span.file,
        start as usize,
        span.end as usize,
    ))
}

impl SectionDiff {
    /// The same diff, with where its text stands on each side; a side whose
    /// text is blank (an added section's old side) has none.
    pub(super) fn at(
        self,
        old: Option<crate::source::Place>,
        new: Option<crate::source::Place>,
    ) -> SectionDiff {
        SectionDiff {
            locations: Locations {
                old: old.filter(|_| self.change != Change::Added),
                new: new.filter(|_| self.change != Change::Removed),
            },
            ..self
        }
    }
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
        locations: Locations::default(),
    })
}

/// Budget rows that differ between two plans' tables. A table is paired by id,
/// else by title (years read relative to the plan's year); its columns by what
/// they mean ([`column_pairs`]). A pair of tables whose columns cannot all be
/// paired is two different tables, the old one removed and the new one added:
/// a figure is only ever compared with the figure that means the same.
/// `trees`: the old side's and the new side's, where the tables stand.
pub(super) fn budget(
    old: &[Table],
    new: &[Table],
    years: (i32, i32),
    trees: (Tree, Tree),
) -> Vec<BudgetRowDiff> {
    let mut out = Vec::new();
    let mut taken = vec![false; old.len()];
    let mut added = Vec::new();
    for tn in new {
        let title = relative_years(&tn.title, years.1);
        let found = old
            .iter()
            .position(|t| t.id == tn.id)
            .filter(|&i| !taken[i])
            .or_else(|| {
                (0..old.len())
                    .find(|&i| !taken[i] && relative_years(&old[i].title, years.0) == title)
            });
        match found {
            Some(i) => {
                taken[i] = true;
                match column_pairs(&old[i], tn, years) {
                    Some(map) => out.extend(table_rows(&old[i], tn, &map, trees)),
                    None => {
                        out.extend(one_sided_rows(&old[i], Change::Removed, trees));
                        added.push(tn);
                    }
                }
            }
            None => added.push(tn),
        }
    }
    for tn in added {
        out.extend(one_sided_rows(tn, Change::Added, trees));
    }
    for (i, to) in old.iter().enumerate() {
        if !taken[i] {
            out.extend(one_sided_rows(to, Change::Removed, trees));
        }
    }
    out
}

/// A column's or title's name with each year written relative to the plan's
/// year, in lower case: in the 2019 plan "VP 2019 kostnader" and in the 2020
/// plan "VP 2020 kostnader" both read `vp {+0} kostnader`, and "Budget 2018"
/// (last year's budget in 2019) is `budget {-1}`.
pub(crate) fn relative_years(name: &str, year: i32) -> String {
    let mut out = String::new();
    let mut digits = String::new();
    let flush = |digits: &mut String, out: &mut String| {
        match digits.parse::<i32>() {
            Ok(y) if digits.len() == 4 && (1900..2200).contains(&y) => {
                out.push_str(&format!("{{{:+}}}", y - year));
            }
            _ => out.push_str(digits),
        }
        digits.clear();
    };
    for c in name.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        flush(&mut digits, &mut out);
        out.extend(c.to_lowercase());
    }
    flush(&mut digits, &mut out);
    let words: Vec<&str> = out.split_whitespace().collect();
    words.join(" ").trim_end_matches('.').to_owned()
}

/// The role a column has in a declared `nettokolumner` relation.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Net,
    Costs,
    Income,
}

fn role(t: &Table, column: usize) -> Option<(usize, Role)> {
    t.net_columns.iter().enumerate().find_map(|(i, n)| {
        [
            (n.net, Role::Net),
            (n.costs, Role::Costs),
            (n.income, Role::Income),
        ]
        .into_iter()
        .find(|&(c, _)| c == column)
        .map(|(_, r)| (i, r))
    })
}

/// For each of the new table's columns, the old column that means the same;
/// `None` when not every column on both sides has its counterpart.
///
/// Columns are paired by name with the years read relative to each plan's
/// year ([`relative_years`]), then by the roles the tables declare: two
/// `nettokolumner` relations that share a paired column, or the only ones left
/// unpaired on each side, pair their netto, kostnader and intäkter columns. A
/// pair whose declared roles differ (netto against kostnader) is no pair.
pub(crate) fn column_pairs(old: &Table, new: &Table, years: (i32, i32)) -> Option<Vec<usize>> {
    if old.columns.len() != new.columns.len() {
        return None;
    }
    let ko: Vec<String> = old
        .columns
        .iter()
        .map(|c| relative_years(c, years.0))
        .collect();
    let kn: Vec<String> = new
        .columns
        .iter()
        .map(|c| relative_years(c, years.1))
        .collect();
    let mut map: Vec<Option<usize>> = vec![None; new.columns.len()];
    let mut used = vec![false; old.columns.len()];
    for (k, key) in kn.iter().enumerate() {
        let same: Vec<usize> = (0..ko.len()).filter(|&i| ko[i] == *key).collect();
        let unique_new = kn.iter().filter(|x| *x == key).count() == 1;
        if let [o] = same[..]
            && unique_new
        {
            map[k] = Some(o);
            used[o] = true;
        }
    }
    // Declared roles pair what the names could not.
    let relation_paired = |map: &[Option<usize>], ro: usize, rn: usize| {
        let (a, b) = (old.net_columns[ro], new.net_columns[rn]);
        map[b.net] == Some(a.net)
            || map[b.costs] == Some(a.costs)
            || map[b.income] == Some(a.income)
    };
    let untouched = |map: &[Option<usize>], used: &[bool], ro: usize, rn: usize| {
        let (a, b) = (old.net_columns[ro], new.net_columns[rn]);
        [a.net, a.costs, a.income].iter().all(|&c| !used[c])
            && [b.net, b.costs, b.income].iter().all(|&c| map[c].is_none())
    };
    let mut relations: Vec<(usize, usize)> = Vec::new();
    for rn in 0..new.net_columns.len() {
        if let Some(ro) = (0..old.net_columns.len()).find(|&ro| relation_paired(&map, ro, rn)) {
            relations.push((ro, rn));
        }
    }
    let free_old: Vec<usize> = (0..old.net_columns.len())
        .filter(|&ro| (0..new.net_columns.len()).all(|rn| !relation_paired(&map, ro, rn)))
        .collect();
    let free_new: Vec<usize> = (0..new.net_columns.len())
        .filter(|&rn| (0..old.net_columns.len()).all(|ro| !relation_paired(&map, ro, rn)))
        .collect();
    if let ([ro], [rn]) = (&free_old[..], &free_new[..])
        && untouched(&map, &used, *ro, *rn)
    {
        relations.push((*ro, *rn));
    }
    for (ro, rn) in relations {
        let (a, b) = (old.net_columns[ro], new.net_columns[rn]);
        for (co, cn) in [(a.net, b.net), (a.costs, b.costs), (a.income, b.income)] {
            if map[cn].is_none() && !used[co] {
                map[cn] = Some(co);
                used[co] = true;
            }
        }
    }
    let map: Vec<usize> = map.into_iter().collect::<Option<_>>()?;
    // Declared roles must agree where both sides declare one.
    for (k, &o) in map.iter().enumerate() {
        if let (Some((_, ro)), Some((_, rn))) = (role(old, o), role(new, k))
            && ro != rn
        {
            return None;
        }
    }
    Some(map)
}

/// Every row of a table on one side only, with all its cells.
fn one_sided_rows(t: &Table, change: Change, trees: (Tree, Tree)) -> Vec<BudgetRowDiff> {
    t.rows
        .iter()
        .map(|r| one_sided_row(t, r, change, trees))
        .collect()
}

/// A row on one side only, with all its cells.
fn one_sided_row(
    t: &Table,
    r: &crate::model::TableRow,
    change: Change,
    (to, tn): (Tree, Tree),
) -> BudgetRowDiff {
    let old_side = change == Change::Removed;
    let place = if old_side { &to } else { &tn }.place(r.label_span);
    BudgetRowDiff {
        change,
        table: t.title.clone(),
        row: r.label.clone(),
        unit: t.unit.clone(),
        cells: r
            .values
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
            .collect(),
        locations: if old_side {
            Locations {
                old: Some(place),
                new: None,
            }
        } else {
            Locations {
                old: None,
                new: Some(place),
            }
        },
    }
}

/// The rows of two paired tables; `map` gives each new column's old column.
fn table_rows(old: &Table, new: &Table, map: &[usize], trees: (Tree, Tree)) -> Vec<BudgetRowDiff> {
    let labels =
        |t: &Table| -> Vec<String> { t.rows.iter().map(|r| r.label.trim().to_owned()).collect() };
    let (lo, ln) = (labels(old), labels(new));
    let ops = similar::capture_diff_slices(similar::Algorithm::Myers, &lo, &ln);
    let mut out = Vec::new();
    let row =
        |change, t: &Table, r_old: &crate::model::TableRow, r: &crate::model::TableRow, cells| {
            BudgetRowDiff {
                change,
                table: t.title.clone(),
                row: r.label.clone(),
                unit: t.unit.clone(),
                cells,
                locations: Locations {
                    old: Some(trees.0.place(r_old.label_span)),
                    new: Some(trees.1.place(r.label_span)),
                },
            }
        };
    for op in ops {
        let (tag, ro, rn) = op.as_tag_tuple();
        match tag {
            similar::DiffTag::Equal => {
                for (i, j) in ro.zip(rn) {
                    let (r_old, r_new) = (&old.rows[i], &new.rows[j]);
                    let mut cells = Vec::new();
                    for (k, column) in new.columns.iter().enumerate() {
                        let ko = map.get(k).copied().unwrap_or(k);
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
                        out.push(row(Change::Changed, new, r_old, r_new, cells));
                    }
                }
            }
            _ => {
                for i in ro {
                    out.push(one_sided_row(old, &old.rows[i], Change::Removed, trees));
                }
                for j in rn {
                    out.push(one_sided_row(new, &new.rows[j], Change::Added, trees));
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
    fn years_are_read_relative_to_the_plan() {
        assert_eq!(
            relative_years("VP 2019 kostnader", 2019),
            relative_years("VP 2020 kostnader", 2020)
        );
        assert_eq!(relative_years("Budget 2018", 2019), "budget {-1}");
        assert_eq!(
            relative_years("Jmf budget 2020-2019", 2020),
            "jmf budget {+0}-{-1}"
        );
        assert_eq!(
            relative_years("Omfördelning adm.", 2019),
            "omfördelning adm"
        );
        assert_ne!(
            relative_years("Budget 2019", 2019),
            relative_years("Budget 2019", 2020)
        );
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
