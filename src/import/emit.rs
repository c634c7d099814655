//! Plan files as text: YAML for the structure, Markdown for the prose.
//!
//! The YAML is the loader's own file types ([`crate::load::raw`]) serialized,
//! so a field renamed there is renamed here; around it, the editor's modeline
//! and a comment saying what the file is. Quoting is the serializer's: `-`,
//! `1.1`, `2020-01-01`, `NO` and `Öka: mer` all stay text.

use serde::Serialize;

use super::document::{BudgetRow, BudgetTable, RowKind};
use super::merge::{
    Activity, CommitteePlan, Indicator, KfYear, MdPart, Tree, UnitCommitteeGoal, UnitPlan,
};
use crate::diag::Code;
use crate::load::{self, FileKind, raw, spanned::Sp};
use crate::model::value::{parse_amount, sum_mismatches};

mod markdown;
use markdown::{committee_md, unit_md};

/// A file to write, relative to the output directory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutFile {
    pub path: String,
    pub text: String,
}

/// All files of a tree.
pub fn files(tree: &Tree) -> Vec<OutFile> {
    let mut out = Vec::new();
    for kf in tree.kf.values() {
        out.push(OutFile {
            path: format!("{}/kf-budget.yaml", kf.year),
            text: kf_budget(kf),
        });
    }
    for c in &tree.committees {
        let dir = format!("{}/{}", c.year, c.committee);
        out.push(OutFile {
            path: format!("{dir}/namndplan.yaml"),
            text: committee_yaml(c),
        });
        let md = committee_md(c);
        if !md.is_empty() {
            out.push(OutFile {
                path: format!("{dir}/namndplan.md"),
                text: md,
            });
        }
    }
    for u in &tree.units {
        let dir = format!("{}/{}", u.year, u.committee);
        let cplan = tree
            .committees
            .iter()
            .find(|c| c.year == u.year && c.committee == u.committee);
        out.push(OutFile {
            path: format!("{dir}/{}.yaml", u.id),
            text: unit_yaml(u, cplan),
        });
        let md = unit_md(u);
        if !md.is_empty() {
            out.push(OutFile {
                path: format!("{dir}/{}.md", u.id),
                text: md,
            });
        }
    }
    out
}

/// `organisation.yaml` naming the given nämnder, for an output directory that has none.
pub fn organisation(committees: &[(&str, &str)]) -> String {
    let file = raw::OrganisationFile {
        typ: text(FileKind::Organisation.tag()),
        nämnder: committees
            .iter()
            .map(|(id, name)| raw::CommitteeEntry {
                id: text(id),
                namn: text(name),
                förvaltning: None,
                från: None,
                till: None,
                fortsätter: Vec::new(),
            })
            .collect(),
    };
    yaml_file(
        FileKind::Organisation,
        0,
        "Nämnderna som de importerade planerna hör till.",
        &file,
    )
}

/// A YAML plan file: the editor's modeline, a comment saying what the file
/// is, then `file` as the loader reads it. `depth` is the number of
/// directories between the output root and the file.
fn yaml_file<T: Serialize>(kind: FileKind, depth: usize, comment: &str, file: &T) -> String {
    let body = load::write_yaml(file)
        // Strings and numbers only: nothing the serializer refuses. Were it to,
        // the file says why, and `vp validate` reports it.
        .unwrap_or_else(|e| format!("# kunde inte skrivas: {e}\n"));
    format!(
        "# yaml-language-server: $schema={}schemas/{}\n# {comment}\n{body}",
        "../".repeat(depth + 1),
        kind.schema_file(),
    )
}

/// A text value made here, with no place in a file.
fn text(s: &str) -> raw::Text {
    Sp::detached(s.to_owned())
}

/// An optional text value; empty is left out, as absent.
fn opt_text(s: Option<&str>) -> Option<raw::Text> {
    s.filter(|v| !v.is_empty()).map(text)
}

fn number(n: i64) -> Sp<i64> {
    Sp::detached(n)
}

/// An indicator row with only the fields a caller sets.
fn indicator_row() -> raw::IndicatorRow {
    raw::IndicatorRow {
        indikator: None,
        id: None,
        namn: None,
        årsmål: None,
        periodicitet: None,
        enhet: None,
        riktning: None,
        aggregering: None,
        vikt: None,
        kolada: None,
        könsuppdelning: None,
        ej_granskat: None,
    }
}

fn kf_budget(kf: &KfYear) -> String {
    let file = raw::KfBudgetFile {
        typ: text(FileKind::KfBudget.tag()),
        år: number(i64::from(kf.year)),
        beslut: None,
        inriktningsmål: kf
            .directions
            .iter()
            .map(|d| raw::KfDirection {
                nummer: number(d.number),
                titel: text(&d.title),
                mål: d
                    .goals
                    .iter()
                    .map(|g| raw::KfGoal {
                        nummer: text(&g.number),
                        titel: text(&g.title),
                        fortsätter: None,
                        indikatorer: g
                            .indicators
                            .iter()
                            .map(|i| raw::IndicatorRow {
                                id: Some(text(&i.id)),
                                namn: Some(text(&i.name)),
                                årsmål: opt_text(i.kf_target.as_deref()),
                                periodicitet: opt_text(i.periodicity.as_deref()),
                                ..indicator_row()
                            })
                            .collect(),
                        aktiviteter: activities(&g.activities),
                    })
                    .collect(),
            })
            .collect(),
    };
    yaml_file(
        FileKind::KfBudget,
        1,
        &format!(
            "KF:s budget {}, så långt de importerade planerna återger den.",
            kf.year
        ),
        &file,
    )
}

fn activities(acts: &[Activity]) -> Vec<raw::ActivityRow> {
    acts.iter()
        .map(|a| raw::ActivityRow {
            id: a.id.as_deref().map(text),
            text: text(&a.text),
            startdatum: text(&a.start),
            slutdatum: text(&a.end),
        })
        .collect()
}

fn indicators(rows: &[Indicator]) -> Vec<raw::IndicatorRow> {
    rows.iter()
        .map(|r| match r {
            Indicator::Ref { id, target } => raw::IndicatorRow {
                indikator: Some(text(id)),
                årsmål: opt_text(target.as_deref()),
                ..indicator_row()
            },
            Indicator::Own {
                id,
                name,
                target,
                periodicity,
            } => raw::IndicatorRow {
                id: Some(text(id)),
                namn: Some(text(name)),
                årsmål: opt_text(target.as_deref()),
                periodicitet: opt_text(periodicity.as_deref()),
                ..indicator_row()
            },
        })
        .collect()
}

/// Whether the plan's Markdown gets the chapter Ärendets beredning.
fn preparation_chapter(c: &CommitteePlan) -> bool {
    c.md.iter()
        .any(|p| matches!(p, MdPart::Chapter(t, _) if t == crate::model::prose::report_chapter::PREPARATION))
}

fn committee_yaml(c: &CommitteePlan) -> String {
    // In the order of KF's goals, as a nämnd's plan lists them.
    let mut goals: Vec<_> = c.goals.iter().collect();
    goals.sort_by(|a, b| super::merge::compare_numbers(&a.kf_goal, &b.kf_goal));
    let (ekonomi, comments) = tables(&c.tables);
    let file = raw::CommitteePlanFile {
        typ: text(FileKind::CommitteePlan.tag()),
        nämnd: text(&c.committee),
        år: number(i64::from(c.year)),
        diarienummer: None,
        datum: None,
        // The published text gives no first page to read these from.
        avdelning: None,
        handläggare: None,
        förslag_till_beslut: Vec::new(),
        sammanfattning: None,
        underskrifter: c
            .signatories
            .iter()
            .map(|(name, title)| raw::Signatory {
                namn: text(name),
                titel: text(title),
            })
            .collect(),
        // The dates are read from the chapter Ärendets beredning, which the
        // Markdown keeps as published and render prints: the same steps under
        // `beredning:` would be a second copy nobody sees, and drift (VP061).
        beredning: if preparation_chapter(c) {
            Vec::new()
        } else {
            c.preparation
                .iter()
                .map(|(date, event)| raw::PreparationStep {
                    datum: text(date),
                    händelse: text(event),
                })
                .collect()
        },
        kf_mål: c
            .kf_goals
            .iter()
            .filter(|g| !g.indicators.is_empty() || !g.activities.is_empty())
            .map(|g| raw::CommitteeKfGoal {
                mål: text(&g.number),
                indikatorer: indicators(&g.indicators),
                aktiviteter: g.activities.iter().map(|a| text(a)).collect(),
            })
            .collect(),
        nämndmål: goals
            .into_iter()
            .map(|g| raw::CommitteeGoal {
                id: text(&g.goal.id),
                titel: text(&g.goal.title),
                kf_mål: text(&g.kf_goal),
                fortsätter: opt_text(g.goal.continues.as_deref()),
                kf_mål_avgörs: None,
                indikatorer: indicators(&g.goal.indicators),
                aktiviteter: activities(&g.goal.activities),
            })
            .collect(),
        ekonomi,
        bilagor: Vec::new(),
    };
    let yaml = yaml_file(
        FileKind::CommitteePlan,
        2,
        &format!(
            "Nämndens verksamhetsplan {}. Texten står i namndplan.md.",
            c.year
        ),
        &file,
    );
    // A blank line between nämndmål: a nämnd plan has twenty of them or more.
    let yaml = space_items(&yaml, "nämndmål");
    comment_columns(&yaml, &comments)
}

/// The relations `vp validate` checks (VP045, VP047) that hold in the table as
/// printed: netto = kostnader − intäkter between columns or rows so named, and a
/// "Jmf budget 2019-2018" column against the two budgets it compares. One that
/// does not hold on every row is left undeclared, for a person to look at: a
/// row has room for one known deviation, and the importer adds no finding.
fn relations(
    t: &BudgetTable,
) -> (
    Vec<raw::Difference>,
    Vec<raw::NetRelation>,
    Vec<raw::NetRelation>,
) {
    use crate::validate::economy::{cell_decimals, difference_agrees};
    let decimals = t
        .rows
        .iter()
        .flat_map(|r| r.values.iter().map(|v| cell_decimals(v)))
        .max()
        .unwrap_or(0);
    let amount =
        |r: &BudgetRow, c: usize| r.values.get(c).and_then(|v| parse_amount(v).ok().flatten());
    let holds = |cells: Vec<(Option<f64>, Option<f64>, Option<f64>)>| {
        cells.into_iter().all(|cell| match cell {
            (Some(value), Some(minuend), Some(subtrahend)) => {
                difference_agrees(value, minuend, subtrahend, decimals)
            }
            _ => true,
        })
    };
    // The one column (or row) so named, ignoring case; none where several are.
    let only = |mut found: Box<dyn Iterator<Item = usize> + '_>| {
        let first = found.next();
        first.filter(|_| found.next().is_none())
    };
    let column = |name: &str| {
        let name = name.to_lowercase();
        only(Box::new(
            (0..t.columns.len()).filter(move |&i| t.columns[i].to_lowercase() == name),
        ))
    };
    let mut differences = Vec::new();
    for (c, heading) in t.columns.iter().enumerate() {
        let Some((to, from)) = heading
            .strip_prefix("Jmf budget ")
            .and_then(|years| years.split_once('-'))
        else {
            continue;
        };
        let (Some(to), Some(from)) = (
            column(&format!("Budget {}", to.trim())),
            column(&format!("Budget {}", from.trim())),
        ) else {
            continue;
        };
        if holds(
            t.rows
                .iter()
                .map(|r| (amount(r, c), amount(r, to), amount(r, from)))
                .collect(),
        ) {
            differences.push(raw::Difference {
                kolumn: text(heading),
                från: text(&t.columns[from]),
                till: text(&t.columns[to]),
            });
        }
    }
    let mut net_columns = Vec::new();
    for (n, heading) in t.columns.iter().enumerate() {
        let lower = heading.to_lowercase();
        let Some(prefix) = lower.strip_suffix(" netto") else {
            continue;
        };
        let (Some(k), Some(i)) = (
            column(&format!("{prefix} kostnader")),
            column(&format!("{prefix} intäkter")),
        ) else {
            continue;
        };
        if holds(
            t.rows
                .iter()
                .map(|r| (amount(r, n), amount(r, k), amount(r, i)))
                .collect(),
        ) {
            net_columns.push(raw::NetRelation {
                netto: text(heading),
                kostnader: text(&t.columns[k]),
                intäkter: text(&t.columns[i]),
            });
        }
    }
    let row = |name: &str| {
        let name = name.to_lowercase();
        only(Box::new((0..t.rows.len()).filter(move |&i| {
            t.rows[i].label.trim().to_lowercase() == name
        })))
        .map(|i| &t.rows[i])
    };
    let mut net_rows = Vec::new();
    if let (Some(n), Some(k), Some(i)) = (row("Netto"), row("Kostnader"), row("Intäkter"))
        && holds(
            (0..t.columns.len())
                .map(|c| (amount(n, c), amount(k, c), amount(i, c)))
                .collect(),
        )
    {
        net_rows.push(raw::NetRelation {
            netto: text(n.label.trim()),
            kostnader: text(k.label.trim()),
            intäkter: text(i.label.trim()),
        });
    }
    (differences, net_columns, net_rows)
}

/// The budget tables, and for each a comment to stand above its columns, if any.
fn tables(tables: &[(String, BudgetTable)]) -> (Vec<raw::Table>, Vec<Option<String>>) {
    tables.iter().map(|(id, t)| table(id, t)).unzip()
}

fn table(id: &str, t: &BudgetTable) -> (raw::Table, Option<String>) {
    let title = t
        .title
        .clone()
        .or_else(|| t.context.clone())
        .unwrap_or_else(|| t.header.clone());
    let comment = t.columns.iter().all(|c| c.starts_with("Kolumn ")).then(|| {
        format!(
            "Kolumnrubrikerna kunde inte läsas ut; tabellhuvudet lyder: {}",
            t.header
        )
    });
    // "Jmf budget 2019-2018" compares two budgets: a difference, where a part may grow more than its whole.
    let differences = t
        .columns
        .iter()
        .filter(|c| c.starts_with("Jmf") || c.to_lowercase().contains("förändring"))
        .map(|c| text(c))
        .collect();
    // The source's own sums are kept as printed; where one disagrees with its rows,
    // the plan says so, and `vp validate` reports it as a known deviation.
    let kinds: Vec<RowKind> = t.rows.iter().map(|r| r.kind).collect();
    let amount = |r: usize, c: usize| {
        let cell = t.rows[r].values.get(c)?;
        parse_amount(cell).ok().flatten()
    };
    let mismatches = sum_mismatches(&kinds, t.columns.len(), amount);
    let mut rows = Vec::with_capacity(t.rows.len());
    for (i, r) in t.rows.iter().enumerate() {
        let mut deviation = None;
        if r.kind == RowKind::Total {
            let mismatched: Vec<&String> = mismatches
                .iter()
                .filter(|m| m.row == i)
                .map(|m| &t.columns[m.column])
                .collect();
            if !mismatched.is_empty() {
                let which = if mismatched.len() == 1 {
                    "summan i kolumnen"
                } else {
                    "summorna i kolumnerna"
                };
                deviation = Some(raw::KnownDeviation {
                    kod: text(Code::SumMismatch.as_str()),
                    skäl: text(&format!(
                        "så står det i den importerade texten (rad {}): {which} {} stämmer inte med raderna; kontrollera mot källan",
                        r.line,
                        mismatched
                            .iter()
                            .map(|c| c.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                    kolumner: mismatched.iter().map(|c| text(c)).collect(),
                });
            }
        }
        rows.push(raw::TableRow {
            text: text(&r.label),
            // An ordinary row is written without `typ`, as people write it.
            typ: (r.kind != RowKind::Row).then(|| text(r.kind.name())),
            värden: text(&r.values.join(" | ")),
            not: r.note.as_deref().map(text),
            avvikelse: deviation,
        });
    }
    let (differenser, nettokolumner, nettorader) = relations(t);
    let table = raw::Table {
        id: text(id),
        rubrik: text(&title),
        enhet: opt_text(t.unit.as_deref()),
        kolumner: t.columns.iter().map(|c| text(c)).collect(),
        differenskolumner: differences,
        differenser,
        nettokolumner,
        nettorader,
        rader: rows,
    };
    (table, comment)
}

/// Puts a blank line between the items of the list under the top-level `key`.
/// Safe on the serializer's output: lists are indented under their key and
/// every scalar is on one line, so an item starts where a line is `  - `.
pub(crate) fn space_items(yaml: &str, key: &str) -> String {
    let heading = format!("{key}:");
    let mut out = String::with_capacity(yaml.len() + 64);
    let mut inside = false;
    let mut first = true;
    for line in yaml.lines() {
        if !line.starts_with([' ', '#']) {
            inside = line == heading;
            first = true;
        } else if inside && line.starts_with("  - ") {
            if !first {
                out.push('\n');
            }
            first = false;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Writes each table's comment, if it has one, above its `kolumner:`, at its
/// indent: `comments` are in table order, and only a table has that key (a
/// value spelled so would be quoted, as it ends in a colon).
fn comment_columns(yaml: &str, comments: &[Option<String>]) -> String {
    if comments.iter().all(Option::is_none) {
        return yaml.to_owned();
    }
    let mut comments = comments.iter();
    let mut out = String::with_capacity(yaml.len() + 256);
    for line in yaml.lines() {
        if line.trim_start() == "kolumner:"
            && let Some(Some(comment)) = comments.next()
        {
            let indent = line.len() - line.trim_start().len();
            out.push_str(&" ".repeat(indent));
            out.push_str("# ");
            // One line: a comment cannot continue on the next.
            out.push_str(&comment.replace(['\n', '\r'], " "));
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

fn unit_yaml(u: &UnitPlan, cplan: Option<&CommitteePlan>) -> String {
    let (ekonomi, comments) = tables(&u.tables);
    let file = raw::UnitPlanFile {
        typ: text(FileKind::UnitPlan.tag()),
        enhet: raw::UnitInfo {
            id: text(&u.id),
            namn: text(&u.name),
            avdelning: opt_text(u.department.as_deref()),
            fortsätter: opt_text(u.continues.as_deref()),
            fler_nämnder: u.other_committees.iter().map(|c| text(c)).collect(),
        },
        nämnd: text(&u.committee),
        år: number(i64::from(u.year)),
        period: u.period.as_ref().map(|(from, to)| raw::Period {
            från: text(from),
            till: text(to),
        }),
        fastställd: opt_text(u.adopted.as_deref()),
        // KF's indicators and activities the plan shows under each KF goal; the
        // indicators' targets are the nämnd's.
        kf_mål: u
            .kf_goals
            .iter()
            .map(|g| raw::CommitteeKfGoal {
                mål: text(&g.number),
                indikatorer: g
                    .indicators
                    .iter()
                    .map(|id| raw::IndicatorRow {
                        indikator: Some(text(id)),
                        ..indicator_row()
                    })
                    .collect(),
                aktiviteter: g.activities.iter().map(|a| text(a)).collect(),
            })
            .collect(),
        nämndmål: u
            .goals
            .iter()
            .map(|g| raw::UnitCommitteeGoal {
                nämndmål: text(&g.committee_goal),
                aktiviteter: shown_activities(g, cplan),
                enhetsmål: g
                    .unit_goals
                    .iter()
                    .map(|ug| raw::UnitGoal {
                        id: text(&ug.id),
                        titel: text(&ug.title),
                        fortsätter: opt_text(ug.continues.as_deref()),
                        indikatorer: indicators(&ug.indicators),
                        aktiviteter: activities(&ug.activities),
                    })
                    .collect(),
            })
            .collect(),
        ekonomi,
    };
    let yaml = yaml_file(
        FileKind::UnitPlan,
        2,
        &format!(
            "{}s verksamhetsplan {}. Texten står i {}.md.",
            u.name, u.year, u.id
        ),
        &file,
    );
    comment_columns(&yaml, &comments)
}

/// The nämndmål's activities the unit's plan shows, unless it shows them all
/// (`None`, written as no key).
fn shown_activities(
    g: &UnitCommitteeGoal,
    cplan: Option<&CommitteePlan>,
) -> Option<Vec<raw::Text>> {
    let all: Vec<String> = cplan
        .and_then(|c| c.goal(&g.committee_goal))
        .map(|c| {
            c.goal
                .activities
                .iter()
                .filter_map(|a| a.id.clone())
                .collect()
        })
        .unwrap_or_default();
    let shown: std::collections::HashSet<&String> = g.shown_activities.iter().collect();
    let shows_all = all.len() == g.shown_activities.len() && all.iter().all(|a| shown.contains(a));
    (!shows_all).then(|| g.shown_activities.iter().map(|a| text(a)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_spaced_and_columns_commented() {
        let yaml = "typ: x\nnämndmål:\n  - id: a\n    aktiviteter:\n      - id: b\n  - id: c\nekonomi:\n  - id: t\n    kolumner:\n      - Kolumn 1\n";
        let spaced = space_items(yaml, "nämndmål");
        assert!(spaced.contains("      - id: b\n\n  - id: c\nekonomi:\n  - id: t\n"));
        let commented = comment_columns(&spaced, &[Some("huvud".into())]);
        assert!(commented.contains("  - id: t\n    # huvud\n    kolumner:\n"));
    }
}
