//! Economy tables: row shape, numbers, SUMMA rows and "varav" rows.

use super::convert::{Ctx, check_unique};
use crate::diag::{Code, Diagnostic};
use crate::load::raw;
use crate::model::value::{format_amount, parse_amount};
use crate::model::{RowKind, Table, TableRow};

/// Rounding in published tables is to one decimal; sums may differ by that much.
const TOLERANCE: f64 = 0.1 + 1e-9;

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
            cx.push(
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
                    cx.push(
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
            span,
        });
    }
    check_sums(cx, &t.id.value, &columns, &rows);
    Table {
        id: t.id.trim().to_owned(),
        title: t.rubrik.trim().to_owned(),
        unit: t.enhet.as_ref().map(|u| u.trim().to_owned()),
        columns,
        rows,
    }
}

fn check_sums(cx: &mut Ctx, table: &str, columns: &[String], rows: &[TableRow]) {
    let mut section_start = 0;
    for (i, row) in rows.iter().enumerate() {
        match row.kind {
            RowKind::Total => {
                let parts = rows[section_start..i]
                    .iter()
                    .filter(|r| r.kind == RowKind::Row);
                let parts: Vec<&TableRow> = parts.collect();
                for (c, column) in columns.iter().enumerate() {
                    let Some(total) = row.values[c] else { continue };
                    let sum: f64 = parts.iter().filter_map(|r| r.values[c]).sum();
                    if (sum - total).abs() > TOLERANCE {
                        cx.push(
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
                    cx.push(
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
                    let (Some(part), Some(whole)) = (row.values[c], parent.values[c]) else {
                        continue;
                    };
                    if part.abs() > whole.abs() + TOLERANCE / 2.0 {
                        cx.push(
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
                            .hint("en varav-rad är en del av raden ovanför och kan inte vara större"),
                        );
                    }
                }
            }
            RowKind::Row => {}
        }
    }
}
