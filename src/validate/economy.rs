//! Economy tables: row shape, numbers, SUMMA rows and "varav" rows, and the
//! known deviations a plan keeps on purpose because its source has them.

use super::convert::{Ctx, check_unique};
use crate::diag::{Code, Diagnostic, Diagnostics, Severity, did_you_mean};
use crate::load::raw;
use crate::load::values::{DEVIABLE, unknown_deviation};
use crate::model::value::{format_amount, parse_amount};
use crate::model::{RowKind, Table, TableRow};

/// Rounding in published tables is to one decimal; sums may differ by that much.
const TOLERANCE: f64 = 0.1 + 1e-9;

/// Whether a SUMMA row's value agrees with the sum of its rows, up to rounding.
pub fn sums_agree(sum: f64, total: f64) -> bool {
    (sum - total).abs() <= TOLERANCE
}

pub fn tables(cx: &mut Ctx, raw_tables: &[raw::Table]) -> Vec<Table> {
    check_unique(
        cx.diags,
        "tabellen",
        raw_tables
            .iter()
            .map(|t| (t.id.value.as_str(), t.id.span(cx.file))),
    );
    raw_tables.iter().map(|t| table(cx, t)).collect()
}

fn table(cx: &mut Ctx, t: &raw::Table) -> Table {
    let columns: Vec<String> = t.kolumner.iter().map(|c| c.trim().to_owned()).collect();
    let mut difference_columns = Vec::new();
    for d in &t.differenskolumner {
        match columns.iter().position(|c| c == d.trim()) {
            Some(i) => difference_columns.push(i),
            None => cx.push(
                Diagnostic::new(
                    Code::TableShape,
                    cx.span(d),
                    format!("tabellen `{}` har ingen kolumn `{}`", t.id.value, d.value),
                )
                .hint_opt(did_you_mean(d, columns.iter().map(String::as_str))),
            ),
        }
    }
    // Findings about rows are collected apart, so a row's known deviation can soften them.
    let mut found = Diagnostics::default();
    let mut rows = Vec::new();
    for r in &t.rader {
        let kind = cx
            .closed(
                r.typ.as_ref(),
                Code::WrongType,
                "radtyp",
                RowKind::parse,
                RowKind::NAMES,
            )
            .unwrap_or(RowKind::Row);
        let cells: Vec<&str> = r.värden.split('|').collect();
        let span = cx.span(&r.värden);
        if cells.len() != columns.len() {
            found.push(
                Diagnostic::new(
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
            );
        }
        let mut values = Vec::with_capacity(cells.len());
        for cell in &cells {
            match parse_amount(cell) {
                Ok(v) => values.push(v),
                Err(_) => {
                    found.push(
                        Diagnostic::new(
                            Code::TableShape,
                            span,
                            format!("`{}` i raden `{}` är inget tal", cell.trim(), r.text.trim()),
                        )
                        .hint("skriv tal med decimalkomma och mellanslag mellan tusental, t.ex. `1 948,4`"),
                    );
                    values.push(None);
                }
            }
        }
        values.resize(columns.len(), None);
        rows.push(TableRow {
            label: r.text.trim().to_owned(),
            kind,
            values,
            note: r.not.as_ref().map(|n| n.trim().to_owned()),
            span,
        });
    }
    check_sums(
        &mut found,
        &t.id.value,
        &columns,
        &difference_columns,
        &rows,
    );
    apply_deviations(cx, t, &rows, found);
    Table {
        id: t.id.trim().to_owned(),
        title: t.rubrik.trim().to_owned(),
        unit: t.enhet.as_ref().map(|u| u.trim().to_owned()),
        columns,
        difference_columns,
        rows,
        span: t.id.span(cx.file),
    }
}

/// A row's `avvikelse` turns its findings of that rule into info carrying the reason;
/// a deviation that no longer occurs is reported, so it does not outlive its cause.
fn apply_deviations(cx: &mut Ctx, t: &raw::Table, rows: &[TableRow], found: Diagnostics) {
    let mut used = vec![false; t.rader.len()];
    for mut d in found.0 {
        let row = rows.iter().position(|r| r.span == d.span);
        let deviation = row.and_then(|i| Some((i, t.rader[i].avvikelse.as_ref()?)));
        if let Some((i, dev)) = deviation
            && dev.kod.trim() == d.code.as_str()
        {
            used[i] = true;
            d.severity = Severity::Info;
            d.message = format!("känd avvikelse: {}", d.message);
            d.hints = vec![format!("står kvar eftersom: {}", dev.skäl.trim())];
        }
        cx.push(d);
    }
    for (i, r) in t.rader.iter().enumerate() {
        let Some(dev) = &r.avvikelse else { continue };
        let known = DEVIABLE.iter().find(|c| c.as_str() == dev.kod.value);
        match known {
            None => cx.push(unknown_deviation(cx.span(&dev.kod), &dev.kod.value)),
            Some(_) if !used[i] => cx.push(
                Diagnostic::new(
                    Code::StaleDeviation,
                    cx.span(&dev.kod),
                    format!(
                        "raden `{}` avviker inte längre från {}",
                        r.text.trim(),
                        dev.kod.value
                    ),
                )
                .hint("ta bort `avvikelse` från raden"),
            ),
            Some(_) => {}
        }
    }
}

fn check_sums(
    found: &mut Diagnostics,
    table: &str,
    columns: &[String],
    difference_columns: &[usize],
    rows: &[TableRow],
) {
    let mut section_start = 0;
    for (i, row) in rows.iter().enumerate() {
        match row.kind {
            RowKind::Total => {
                let parts: Vec<&TableRow> = rows[section_start..i]
                    .iter()
                    .filter(|r| r.kind == RowKind::Row)
                    .collect();
                for (c, column) in columns.iter().enumerate() {
                    let Some(total) = row.values[c] else { continue };
                    let sum: f64 = parts.iter().filter_map(|r| r.values[c]).sum();
                    if !sums_agree(sum, total) {
                        found.push(
                            Diagnostic::new(
                                Code::SumMismatch,
                                row.span,
                                format!(
                                    "{} i kolumnen `{column}` är {} men raderna ovanför summerar till {}",
                                    row.label,
                                    format_amount(total),
                                    format_amount(sum)
                                ),
                            )
                            .hint(format!(
                                "rätta summan eller raderna i tabellen `{table}`; varav-rader räknas inte med"
                            )),
                        );
                    }
                }
                section_start = i + 1;
            }
            RowKind::PartOf => {
                let Some(parent) = rows[section_start..i]
                    .iter()
                    .rev()
                    .find(|r| r.kind == RowKind::Row)
                else {
                    found.push(
                        Diagnostic::new(
                            Code::PartExceedsWhole,
                            row.span,
                            format!(
                                "varav-raden `{}` har ingen rad ovanför att ingå i",
                                row.label
                            ),
                        )
                        .hint("en varav-rad står direkt under raden den är en del av"),
                    );
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
                        found.push(
                            Diagnostic::new(
                                Code::PartExceedsWhole,
                                row.span,
                                format!(
                                    "`{}` är {} i kolumnen `{column}`, mer än `{}` som den ingår i ({})",
                                    row.label,
                                    format_amount(part),
                                    parent.label,
                                    format_amount(whole)
                                ),
                            )
                            .hint("en varav-rad är en del av raden ovanför och kan inte vara större; är kolumnen en skillnad, ange den i `differenskolumner`"),
                        );
                    }
                }
            }
            RowKind::Row => {}
        }
    }
}
