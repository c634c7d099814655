//! Economy tables: row shape, numbers, SUMMA rows and "varav" rows, netto =
//! kostnader − intäkter and change columns where a table declares them, and the
//! known deviations a plan keeps on purpose because its source has them, each for
//! the columns it names.

use super::convert::{Ctx, check_unique};
use crate::diag::{Code, Diagnostic, Severity, did_you_mean};
use crate::load::raw;
use crate::load::values::{DEVIABLE, unknown_deviation};
use crate::model::value::{format_amount, format_decimals, parse_amount, sum_mismatches};
use crate::model::{RowKind, Table, TableRow};
use crate::source::Span;

/// Rounding in published tables is to one decimal; sums may differ by that much.
const TOLERANCE: f64 = 0.1 + 1e-9;

/// More decimals than any budget table shows; bounds what a cell's text can ask for.
const MAX_DECIMALS: usize = 4;

/// Whether `value` = `minuend` − `subtrahend` (netto = kostnader − intäkter, a change =
/// this year − last year), up to rounding to `decimals` decimals. Each figure is
/// rounded on its own, so the rounded figures may disagree by one unit in the last
/// decimal (60,2 − 9,3 = 50,9 beside a netto of 51,0).
pub fn difference_agrees(value: f64, minuend: f64, subtrahend: f64, decimals: usize) -> bool {
    let unit = 10f64.powi(-(decimals.min(MAX_DECIMALS) as i32));
    (value - (minuend - subtrahend)).abs() <= unit * (1.0 + 1e-6)
}

/// A finding about one row (for most rules, about one column of it), kept apart
/// until the row's known deviation has been applied.
struct RowFinding {
    row: usize,
    /// The column the finding is about; `None` for the row as a whole.
    column: Option<usize>,
    diag: Diagnostic,
}

/// Three columns (or rows) related by netto = kostnader − intäkter.
struct Net {
    net: usize,
    costs: usize,
    income: usize,
}

/// The three figures of a relation value = minuend − subtrahend on one row (or in
/// one column), written as the table writes them, and the value expected.
struct Figures {
    value: String,
    minuend: String,
    subtrahend: String,
    expected: String,
}

/// A table's figures as read, with where each cell stands, for the checks that
/// compare cells.
struct Grid<'a> {
    table: &'a str,
    columns: &'a [String],
    rows: &'a [TableRow],
    /// Each row's cells' places in the file.
    cells: &'a [Vec<Span>],
    /// The most decimals any cell is written with: the table's precision.
    decimals: usize,
}

impl Grid<'_> {
    /// Where a finding about one cell points: the cell, or the row's values (a row
    /// with too few values). `row` is one of the table's rows.
    fn place(&self, row: usize, column: usize) -> Span {
        self.cells[row]
            .get(column)
            .copied()
            .unwrap_or(self.rows[row].span)
    }

    /// netto = kostnader − intäkter on every row, between three columns.
    fn check_net_columns(&self, net: &Net, found: &mut Vec<RowFinding>) {
        let columns = self.columns;
        for (i, row) in self.rows.iter().enumerate() {
            let figures = (
                row.values[net.net],
                row.values[net.costs],
                row.values[net.income],
            );
            let describe = |f: Figures| {
                format!(
                    "nettot på raden `{}` är {} i kolumnen `{}`, men kostnader {} (`{}`) − intäkter {} (`{}`) är {}",
                    row.label,
                    f.value,
                    columns[net.net],
                    f.minuend,
                    columns[net.costs],
                    f.subtrahend,
                    columns[net.income],
                    f.expected
                )
            };
            let place = self.place(i, net.net);
            if let Some(d) = self.mismatch(
                Code::NetMismatch,
                figures,
                place,
                describe,
                &columns[net.net],
            ) {
                found.push(RowFinding {
                    row: i,
                    column: Some(net.net),
                    diag: d,
                });
            }
        }
    }

    /// netto = kostnader − intäkter in every column, between three rows.
    fn check_net_rows(&self, net: &Net, found: &mut Vec<RowFinding>) {
        let rows = self.rows;
        for (c, column) in self.columns.iter().enumerate() {
            let figures = (
                rows[net.net].values[c],
                rows[net.costs].values[c],
                rows[net.income].values[c],
            );
            let describe = |f: Figures| {
                format!(
                    "nettot på raden `{}` är {} i kolumnen `{column}`, men kostnader {} (raden `{}`) − intäkter {} (raden `{}`) är {}",
                    rows[net.net].label,
                    f.value,
                    f.minuend,
                    rows[net.costs].label,
                    f.subtrahend,
                    rows[net.income].label,
                    f.expected
                )
            };
            let place = self.place(net.net, c);
            if let Some(d) = self.mismatch(Code::NetMismatch, figures, place, describe, column) {
                found.push(RowFinding {
                    row: net.net,
                    column: Some(c),
                    diag: d,
                });
            }
        }
    }

    /// A change column = `till` − `från` on every row.
    fn check_change(&self, (change, to, from): (usize, usize, usize), found: &mut Vec<RowFinding>) {
        let columns = self.columns;
        for (i, row) in self.rows.iter().enumerate() {
            let figures = (row.values[change], row.values[to], row.values[from]);
            let describe = |f: Figures| {
                format!(
                    "skillnaden på raden `{}` är {} i kolumnen `{}`, men `{}` {} − `{}` {} är {}",
                    row.label,
                    f.value,
                    columns[change],
                    columns[to],
                    f.minuend,
                    columns[from],
                    f.subtrahend,
                    f.expected
                )
            };
            let place = self.place(i, change);
            if let Some(d) = self.mismatch(
                Code::DifferenceMismatch,
                figures,
                place,
                describe,
                &columns[change],
            ) {
                found.push(RowFinding {
                    row: i,
                    column: Some(change),
                    diag: d,
                });
            }
        }
    }

    /// The finding for value ≠ minuend − subtrahend (VP045 netto, VP047 a change), if
    /// the three figures are there and disagree by more than rounding.
    fn mismatch(
        &self,
        code: Code,
        (value, minuend, subtrahend): (Option<f64>, Option<f64>, Option<f64>),
        span: Span,
        describe: impl FnOnce(Figures) -> String,
        column: &str,
    ) -> Option<Diagnostic> {
        let (value, minuend, subtrahend) = (value?, minuend?, subtrahend?);
        if difference_agrees(value, minuend, subtrahend, self.decimals) {
            return None;
        }
        let decimals = self.decimals.min(MAX_DECIMALS);
        let amount = |v: f64| format_decimals(v, decimals);
        let expected = amount(minuend - subtrahend);
        let fix = match code {
            Code::NetMismatch => {
                format!("rätta nettot (till {expected}), kostnaderna eller intäkterna")
            }
            _ => format!("rätta skillnaden (till {expected}) eller talen den räknas från"),
        };
        let message = describe(Figures {
            value: amount(value),
            minuend: amount(minuend),
            subtrahend: amount(subtrahend),
            expected,
        });
        Some(
            Diagnostic::new(code, span, message)
                .hint(format!(
                    "{fix} i tabellen `{}`; avrundning med {} tolereras",
                    self.table,
                    amount(10f64.powi(-(decimals as i32)))
                ))
                .hint(format!(
                    "står det så i den beslutade källan, ange det på raden: `avvikelse: {{kod: {}, kolumner: [{column}], skäl: …}}`",
                    code.as_str()
                )),
        )
    }
}

/// The three columns (or rows) a `nettokolumner` (`nettorader`) entry names, each
/// looked up by `named`, which reports one the table does not have.
fn net_relation(
    cx: &mut Ctx,
    n: &raw::NetRelation,
    named: impl Fn(&mut Ctx, &raw::Text) -> Option<usize>,
) -> Option<Net> {
    let (net, costs, income) = (
        named(cx, &n.netto),
        named(cx, &n.kostnader),
        named(cx, &n.intäkter),
    );
    Some(Net {
        net: net?,
        costs: costs?,
        income: income?,
    })
}

/// A row label that names a total: `Summa`, `SUMMA`, `Totalt`, `Summa investeringar`
/// (but not `Summan av …` or `Totalförsvar`).
pub(super) fn names_a_total(label: &str) -> bool {
    let l = label.trim().to_lowercase();
    ["summa", "totalt"].iter().any(|w| {
        l.strip_prefix(w)
            .is_some_and(|rest| !rest.starts_with(char::is_alphanumeric))
    })
}

/// The plan's budget tables. `summary_table` is the table `sammanfattning:` reads
/// its figures from: when it has lost its `typ: summa`, VP044 says so once at the
/// row (summary::resolve), and the findings that follow from it here (VP067 on
/// the row, VP043 on its sum deviation) are left out.
pub fn tables(cx: &mut Ctx, raw_tables: &[raw::Table], summary_table: Option<&str>) -> Vec<Table> {
    check_unique(
        cx.diags,
        "tabellen",
        raw_tables
            .iter()
            .map(|t| (t.id.value.as_str(), t.id.span(cx.file))),
    );
    raw_tables
        .iter()
        .map(|t| {
            let summarised = summary_table.is_some_and(|id| id == t.id.trim());
            table(cx, t, summarised)
        })
        .collect()
}

/// Whether a row of `t` is marked `typ: summa` (as written, before validation).
fn has_marked_total(t: &raw::Table) -> bool {
    t.rader
        .iter()
        .any(|r| r.typ.as_ref().is_some_and(|k| k.trim() == "summa"))
}

fn table(cx: &mut Ctx, t: &raw::Table, summarised: bool) -> Table {
    // The summary's table without a marked total: its unmarked total row is VP044's.
    let lost_total = summarised && !has_marked_total(t);
    let columns: Vec<String> = t.kolumner.iter().map(|c| c.trim().to_owned()).collect();
    let mut difference_columns: Vec<usize> = t
        .differenskolumner
        .iter()
        .filter_map(|d| column_named(cx, &t.id.value, &columns, d))
        .collect();
    // A change column (this year − last year) is a difference column too.
    let mut changes = Vec::new();
    for d in &t.differenser {
        let named = |name: &raw::Text, cx: &mut Ctx| column_named(cx, &t.id.value, &columns, name);
        let (Some(change), Some(to), Some(from)) =
            (named(&d.kolumn, cx), named(&d.till, cx), named(&d.från, cx))
        else {
            continue;
        };
        if !difference_columns.contains(&change) {
            difference_columns.push(change);
        }
        changes.push((change, to, from));
    }
    // Findings about rows are collected apart, so a row's known deviation can soften them.
    let mut found = Vec::new();
    let mut rows = Vec::new();
    let mut cell_places = Vec::new();
    let mut decimals = 0;
    for (i, r) in t.rader.iter().enumerate() {
        let kind = cx
            .closed(
                r.typ.as_ref(),
                Code::UnknownRowKind,
                "radtyp",
                RowKind::parse,
                RowKind::NAMES,
            )
            .unwrap_or(RowKind::Row);
        if kind != RowKind::Total && names_a_total(&r.text) && !lost_total {
            cx.push(
                Diagnostic::new(
                    Code::UnmarkedSumRow,
                    cx.span(&r.text),
                    format!(
                        "raden `{}` i tabellen `{}` ser ut som en summarad men är inte markerad som en",
                        r.text.trim(),
                        t.id.value
                    ),
                )
                .hint("skriv `typ: summa` på raden: då kontrolleras att den är summan av raderna ovanför, och den sätts i fetstil"),
            );
        }
        let cells: Vec<&str> = r.värden.split('|').collect();
        let span = cx.span(&r.värden);
        if cells.len() != columns.len() {
            found.push(RowFinding {
                row: i,
                column: None,
                diag: Diagnostic::new(
                    Code::TableShape,
                    span,
                    format!(
                        "raden `{}` har {} värden men tabellen `{}` har {} kolumner",
                        r.text.trim(),
                        cells.len(),
                        t.id.value,
                        columns.len()
                    ),
                )
                .hint("skilj värdena åt med `|` och skriv `-` för en tom cell"),
            });
        }
        let mut values = Vec::with_capacity(cells.len());
        for (c, cell) in cells.iter().enumerate() {
            decimals = decimals.max(cell_decimals(cell));
            match parse_amount(cell) {
                Ok(v) => values.push(v),
                Err(_) => {
                    found.push(RowFinding {
                        row: i,
                        column: (c < columns.len()).then_some(c),
                        diag: Diagnostic::new(
                            Code::TableShape,
                            span,
                            format!("`{}` i raden `{}` är inget tal", cell.trim(), r.text.trim()),
                        )
                        .hint("skriv tal med decimalkomma och mellanslag mellan tusental, t.ex. `1 948,4`"),
                    });
                    values.push(None);
                }
            }
        }
        values.resize(columns.len(), None);
        cell_places.push(cell_spans(span, &r.värden.value, &cells));
        rows.push(TableRow {
            label: r.text.trim().to_owned(),
            kind,
            values,
            note: r.not.as_ref().map(|n| n.trim().to_owned()),
            span,
            label_span: cx.span(&r.text),
        });
    }
    let grid = Grid {
        table: &t.id.value,
        columns: &columns,
        rows: &rows,
        cells: &cell_places,
        decimals,
    };
    check_sums(&mut found, &grid, &difference_columns);
    let mut net_columns = Vec::new();
    for n in &t.nettokolumner {
        let named = |cx: &mut Ctx, name: &raw::Text| column_named(cx, &t.id.value, &columns, name);
        if let Some(net) = net_relation(cx, n, named) {
            grid.check_net_columns(&net, &mut found);
            net_columns.push(crate::model::NetColumns {
                net: net.net,
                costs: net.costs,
                income: net.income,
            });
        }
    }
    for n in &t.nettorader {
        let named = |cx: &mut Ctx, name: &raw::Text| row_named(cx, &t.id.value, &rows, name);
        if let Some(net) = net_relation(cx, n, named) {
            grid.check_net_rows(&net, &mut found);
        }
    }
    for &change in &changes {
        grid.check_change(change, &mut found);
    }
    apply_deviations(cx, t, &columns, found, lost_total);
    Table {
        id: t.id.trim().to_owned(),
        title: t.rubrik.trim().to_owned(),
        unit: t.enhet.as_ref().map(|u| u.trim().to_owned()),
        columns,
        difference_columns,
        net_columns,
        rows,
        decimals: print_decimals(decimals, t.enhet.as_ref().map(|u| u.trim())),
        span: t.id.span(cx.file),
    }
}

/// The index of the column `name` names, or a finding that the table has no such column.
fn column_named(cx: &mut Ctx, table: &str, columns: &[String], name: &raw::Text) -> Option<usize> {
    let found = columns.iter().position(|c| c == name.trim());
    if found.is_none() {
        cx.push(
            Diagnostic::new(
                Code::TableShape,
                cx.span(name),
                format!("tabellen `{table}` har ingen kolumn `{}`", name.value),
            )
            .hint_opt(did_you_mean(name, columns.iter().map(String::as_str))),
        );
    }
    found
}

/// The index of the one row whose text `name` is, or a finding that there is none or several.
fn row_named(cx: &mut Ctx, table: &str, rows: &[TableRow], name: &raw::Text) -> Option<usize> {
    let mut matching = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.label == name.trim())
        .map(|(i, _)| i);
    let first = matching.next();
    match first {
        None => cx.push(
            Diagnostic::new(
                Code::TableShape,
                cx.span(name),
                format!("tabellen `{table}` har ingen rad `{}`", name.value),
            )
            .hint_opt(did_you_mean(name, rows.iter().map(|r| r.label.as_str()))),
        ),
        Some(_) if matching.next().is_some() => {
            cx.push(
                Diagnostic::new(
                    Code::TableShape,
                    cx.span(name),
                    format!("tabellen `{table}` har flera rader `{}`", name.value),
                )
                .hint("raderna i `nettorader` behöver var sin rubrik i tabellen"),
            );
            return None;
        }
        Some(_) => {}
    }
    first
}

/// The decimals a table's figures are printed with: those its cells are written
/// with; mnkr, as the city prints it, with at least one (`0,0`).
pub fn print_decimals(written: usize, unit: Option<&str>) -> usize {
    let least = usize::from(unit.is_some_and(|u| u.eq_ignore_ascii_case("mnkr")));
    written.max(least).min(MAX_DECIMALS)
}

/// How many decimals a cell is written with: `1 948,4` has one.
pub fn cell_decimals(cell: &str) -> usize {
    cell.trim()
        .split_once(',')
        .map_or(0, |(_, d)| d.chars().filter(char::is_ascii_digit).count())
        .min(MAX_DECIMALS)
}

/// Each cell's place in the file: inside the value's span where the value stands
/// there as read (plain, or quoted with no escapes), else the whole value's span.
fn cell_spans(span: Span, value: &str, cells: &[&str]) -> Vec<Span> {
    let len = span.range().len();
    let inner = if len == value.len() {
        Some(0)
    } else if len == value.len() + 2 {
        Some(1)
    } else {
        None
    };
    let mut at = 0;
    cells
        .iter()
        .map(|cell| {
            let trimmed = cell.trim();
            let lead = cell.len() - cell.trim_start().len();
            let place = match inner {
                Some(quote) if !trimmed.is_empty() => {
                    let start = span.start as usize + quote + at + lead;
                    Span::new(span.file, start, start + trimmed.len())
                }
                _ => span,
            };
            at += cell.len() + 1;
            place
        })
        .collect()
}

/// A row's `avvikelse` turns its findings of that rule in the columns it names into
/// info carrying the reason; one that names no columns does so only where the row
/// deviates in a single column. A deviation, or a named column, that no longer
/// occurs is reported, so it does not outlive its cause.
fn apply_deviations(
    cx: &mut Ctx,
    t: &raw::Table,
    columns: &[String],
    mut found: Vec<RowFinding>,
    lost_total: bool,
) {
    // Each row's findings, so a table with many rows is read once.
    let mut by_row = vec![Vec::new(); t.rader.len()];
    for (f, finding) in found.iter().enumerate() {
        if let Some(row) = by_row.get_mut(finding.row) {
            row.push(f);
        }
    }
    for (i, r) in t.rader.iter().enumerate() {
        let Some(dev) = &r.avvikelse else { continue };
        let Some(&code) = DEVIABLE.iter().find(|c| c.as_str() == dev.kod.value) else {
            cx.push(unknown_deviation(cx.span(&dev.kod), &dev.kod.value));
            continue;
        };
        let row = r.text.trim();
        // A sum deviation on the total row that lost `typ: summa` is not stale:
        // the row is no longer checked as a sum, and VP044 names that cause.
        if lost_total && code == Code::SumMismatch && names_a_total(row) {
            continue;
        }
        let matching: Vec<usize> = by_row[i]
            .iter()
            .copied()
            .filter(|&f| found[f].diag.code == code)
            .collect();
        let stale = Diagnostic::new(
            Code::StaleDeviation,
            cx.span(&dev.kod),
            format!("raden `{row}` avviker inte längre från {}", code.as_str()),
        )
        .hint("ta bort `avvikelse` från raden");
        let covered: Vec<usize> = if dev.kolumner.is_empty() {
            let mut deviating: Vec<Option<usize>> =
                matching.iter().map(|&f| found[f].column).collect();
            deviating.sort_unstable();
            deviating.dedup();
            if deviating.is_empty() {
                cx.push(stale);
                continue;
            }
            if deviating.len() > 1 {
                cx.push(unclear_deviation(
                    cx.span(&dev.kod),
                    row,
                    code,
                    columns,
                    &deviating,
                ));
                continue;
            }
            matching
        } else {
            let mut named = Vec::new();
            for name in &dev.kolumner {
                match columns.iter().position(|c| c == name.trim()) {
                    Some(c) => named.push((c, name)),
                    None => cx.push(
                        Diagnostic::new(
                            Code::UnclearDeviation,
                            cx.span(name),
                            format!(
                                "avvikelsen på raden `{row}` nämner kolumnen `{}`, som tabellen `{}` inte har",
                                name.value, t.id.value
                            ),
                        )
                        .hint_opt(did_you_mean(name, columns.iter().map(String::as_str)))
                        .hint("skriv kolumnens rubrik som i tabellens `kolumner`"),
                    ),
                }
            }
            let deviates = |c: usize| matching.iter().any(|&f| found[f].column == Some(c));
            if named.iter().any(|&(c, _)| deviates(c)) {
                for &(c, name) in &named {
                    if !deviates(c) {
                        cx.push(
                            Diagnostic::new(
                                Code::StaleDeviation,
                                cx.span(name),
                                format!(
                                    "raden `{row}` avviker inte längre från {} i kolumnen `{}`",
                                    code.as_str(),
                                    columns[c]
                                ),
                            )
                            .hint(format!(
                                "ta bort `{}` ur avvikelsens `kolumner`",
                                columns[c]
                            )),
                        );
                    }
                }
            } else if !named.is_empty() {
                cx.push(stale);
            }
            matching
                .into_iter()
                .filter(|&f| {
                    found[f]
                        .column
                        .is_some_and(|c| named.iter().any(|&(n, _)| n == c))
                })
                .collect()
        };
        for f in covered {
            let d = &mut found[f].diag;
            d.severity = Severity::Info;
            d.message = format!("känd avvikelse: {}", d.message);
            d.hints = vec![format!("står kvar eftersom: {}", dev.skäl.trim())];
        }
    }
    for f in found {
        cx.push(f.diag);
    }
}

/// A deviation that names no columns on a row that deviates in several: which of
/// them the source has on purpose is for the author to say.
fn unclear_deviation(
    span: Span,
    row: &str,
    code: Code,
    columns: &[String],
    deviating: &[Option<usize>],
) -> Diagnostic {
    let names: Vec<String> = deviating
        .iter()
        .map(|c| match c {
            Some(c) => format!("`{}`", columns[*c]),
            None => "raden som helhet".to_owned(),
        })
        .collect();
    let example = deviating
        .iter()
        .flatten()
        .next()
        .map_or("…", |&c| columns[c].as_str());
    Diagnostic::new(
        Code::UnclearDeviation,
        span,
        format!(
            "avvikelsen på raden `{row}` anger inga kolumner, men raden avviker från {} i {} kolumner: {}",
            code.as_str(),
            deviating.len(),
            names.join(", ")
        ),
    )
    .hint(format!(
        "ange i avvikelsen de kolumner som ska stå kvar som i källan, t.ex. `kolumner: [{example}]`, och rätta de andra"
    ))
}

fn check_sums(found: &mut Vec<RowFinding>, grid: &Grid, difference_columns: &[usize]) {
    let (table, columns, rows) = (grid.table, grid.columns, grid.rows);
    let place = |row, column| grid.place(row, column);
    let kinds: Vec<RowKind> = rows.iter().map(|r| r.kind).collect();
    let value = |r: usize, c: usize| rows[r].values.get(c).copied().flatten();
    for m in sum_mismatches(&kinds, columns.len(), value) {
        found.push(RowFinding {
            row: m.row,
            column: Some(m.column),
            diag: Diagnostic::new(
                Code::SumMismatch,
                place(m.row, m.column),
                format!(
                    "{} i kolumnen `{}` är {} men raderna ovanför summerar till {}",
                    rows[m.row].label,
                    columns[m.column],
                    format_amount(m.total),
                    format_amount(m.sum)
                ),
            )
            .hint(format!(
                "rätta summan eller raderna i tabellen `{table}`; varav-rader räknas inte med"
            )),
        });
    }
    let mut section_start = 0;
    for (i, row) in rows.iter().enumerate() {
        match row.kind {
            RowKind::Total => section_start = i + 1,
            RowKind::PartOf => {
                let Some(parent) = rows[section_start..i]
                    .iter()
                    .rev()
                    .find(|r| r.kind == RowKind::Row)
                else {
                    found.push(RowFinding {
                        row: i,
                        column: None,
                        diag: Diagnostic::new(
                            Code::PartWithoutWhole,
                            row.span,
                            format!(
                                "varav-raden `{}` har ingen rad ovanför att ingå i",
                                row.label
                            ),
                        )
                        .hint("en varav-rad står direkt under raden den är en del av"),
                    });
                    continue;
                };
                for (c, column) in columns.iter().enumerate() {
                    if difference_columns.contains(&c) {
                        continue;
                    }
                    let (Some(part), Some(whole)) = (row.values[c], parent.values[c]) else {
                        continue;
                    };
                    if part.abs() > whole.abs() + TOLERANCE / 2.0 {
                        found.push(RowFinding {
                            row: i,
                            column: Some(c),
                            diag: Diagnostic::new(
                                Code::PartExceedsWhole,
                                place(i, c),
                                format!(
                                    "`{}` är {} i kolumnen `{column}`, mer än `{}` som den ingår i ({})",
                                    row.label,
                                    format_amount(part),
                                    parent.label,
                                    format_amount(whole)
                                ),
                            )
                            .hint("en varav-rad är en del av raden ovanför och kan inte vara större; är kolumnen en skillnad, ange den i `differenskolumner`"),
                        });
                    }
                }
            }
            RowKind::Row => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    #[test]
    fn a_relation_tolerates_one_unit_of_rounding_in_the_last_decimal() {
        // Seed 002, varav Socialpsykiatri, Prognos 2018: each figure rounded on its own.
        assert!(difference_agrees(51.0, 60.2, 9.3, 1));
        assert!(difference_agrees(1948.4, 2029.2, 80.8, 1));
        assert!(!difference_agrees(678.3, 744.1, 55.8, 1));
        assert!(!difference_agrees(50.7, 60.2, 9.3, 1));
        assert!(difference_agrees(3.0, 5.0, 1.0, 0));
        assert!(!difference_agrees(3.0, 5.0, 0.0, 0));
        assert!(!difference_agrees(f64::NAN, 1.0, 0.0, 1));
    }

    #[test]
    fn decimals_are_counted_after_the_comma() {
        assert_eq!(cell_decimals(" 1 948,4 "), 1);
        assert_eq!(cell_decimals("0"), 0);
        assert_eq!(cell_decimals("-0,25"), 2);
        assert_eq!(cell_decimals("1,1234567"), MAX_DECIMALS);
    }

    #[test]
    fn cells_are_placed_inside_plain_and_quoted_values() {
        let file = FileId(0);
        let cells = ["1,0 ", " 22,5"];
        // `värden: 1,0 | 22,5` with the value at byte 10.
        let plain = cell_spans(Span::new(file, 10, 20), "1,0 | 22,5", &cells);
        assert_eq!(plain, [Span::new(file, 10, 13), Span::new(file, 16, 20)]);
        // `värden: "1,0 | 22,5"`: the quote moves every cell one byte.
        let quoted = cell_spans(Span::new(file, 10, 22), "1,0 | 22,5", &cells);
        assert_eq!(quoted, [Span::new(file, 11, 14), Span::new(file, 17, 21)]);
        // A value the file writes otherwise (escapes, folded lines): the whole value.
        let whole = Span::new(file, 10, 30);
        assert_eq!(cell_spans(whole, "1,0 | 22,5", &cells), [whole, whole]);
    }
}
