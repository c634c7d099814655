//! The Sammanfattning's figures: read from the operating budget table's SUMMA
//! row, so the rendered tjänsteutlåtande cannot disagree with its own tables.

use super::convert::Ctx;
use crate::diag::{Code, Diagnostic, did_you_mean};
use crate::load::ProseDoc;
use crate::load::raw::{SummarySource, Text};
use crate::model::fields::{
    CELL_PREFIX, CellError, CellRef, Field, field_refs, lookup_cell, same_label,
};
use crate::model::value::parse_amount;
use crate::model::{CommitteePlan, RowKind, Summary, Table};
use crate::source::Span;

pub fn resolve(cx: &mut Ctx, source: Option<&SummarySource>, tables: &[Table]) -> Option<Summary> {
    let source = source?;
    let id = source.driftbudget.trim();
    let Some(table) = tables.iter().find(|t| t.id == id) else {
        cx.push(
            Diagnostic::new(
                Code::SummarySource,
                cx.span(&source.driftbudget),
                format!(
                    "sammanfattningen hänvisar till tabellen `{id}`, som inte finns i `ekonomi`"
                ),
            )
            .hint_opt(did_you_mean(id, tables.iter().map(|t| t.id.as_str())))
            .hint(format!(
                "tabellerna är: {}",
                tables
                    .iter()
                    .map(|t| t.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        );
        return None;
    };
    let Some(total) = table.rows.iter().find(|r| r.kind == RowKind::Total) else {
        // The usual cause: the SUMMA row lost its `typ: summa` in an edit. Said
        // once, at the row, instead of as every figure the summary cannot give.
        if let Some(row) = table
            .rows
            .iter()
            .rev()
            .find(|r| super::economy::names_a_total(&r.label))
        {
            cx.push(
                Diagnostic::new(
                    Code::SummarySource,
                    row.label_span,
                    format!(
                        "raden `{}` i tabellen `{id}` är inte markerad `typ: summa`, så sammanfattningen har ingen SUMMA-rad att hämta sina siffror ur",
                        row.label
                    ),
                )
                .related(cx.span(&source.driftbudget), "sammanfattningens tabell")
                .hint(format!(
                    "skriv `typ: summa` på raden `{}`: då hämtas sammanfattningens siffror ur den och den kontrolleras mot raderna ovanför",
                    row.label
                )),
            );
            return None;
        }
        cx.push(
            Diagnostic::new(
                Code::SummarySource,
                cx.span(&source.driftbudget),
                format!(
                    "tabellen `{id}` har ingen SUMMA-rad att hämta sammanfattningens siffror ur"
                ),
            )
            .hint("markera summeringsraden med `typ: summa`"),
        );
        return None;
    };
    let mut column = |t: &Text| -> Option<f64> {
        let name = t.trim();
        let Some(i) = table.columns.iter().position(|c| c == name) else {
            cx.push(
                Diagnostic::new(
                    Code::SummarySource,
                    cx.span(t),
                    format!("tabellen `{id}` har ingen kolumn `{name}`"),
                )
                .hint_opt(did_you_mean(name, table.columns.iter().map(String::as_str)))
                .hint(format!("kolumnerna är: {}", table.columns.join(", "))),
            );
            return None;
        };
        let value = total.values.get(i).copied().flatten();
        if value.is_none() {
            cx.push(Diagnostic::new(
                Code::SummarySource,
                cx.span(t),
                format!("SUMMA-raden i `{id}` har inget tal i kolumnen `{name}`"),
            ));
        }
        value
    };
    let costs = column(&source.kostnader);
    let income = column(&source.intäkter);
    let net = column(&source.netto);
    let investments = match &source.investeringar {
        None => None,
        Some(t) => match parse_amount(t) {
            Ok(v) => v,
            Err(_) => {
                cx.push(
                    Diagnostic::new(
                        Code::SummarySource,
                        cx.span(t),
                        format!("`{}` är inget belopp", t.value),
                    )
                    .hint("skriv beloppet i mnkr med decimalkomma, t.ex. `17,1`"),
                );
                None
            }
        },
    };
    Some(Summary {
        table: id.to_owned(),
        net: net?,
        costs: costs?,
        income: income?,
        investments,
    })
}

/// Every `{{…}}` in a plan's Markdown names a known value the plan can give.
pub fn check_fields(
    cx: &mut Ctx,
    prose: Option<&ProseDoc>,
    committee_plan: Option<(&CommitteePlan, bool)>,
    tables: &[Table],
) {
    let Some(doc) = prose else { return };
    // With `sammanfattning:` written but not resolved, VP044 has said why; the
    // figures that need it are not reported again as if it were missing.
    let summary_written = committee_plan.is_some_and(|(_, written)| written);
    let committee_plan = committee_plan.map(|(p, _)| p);
    let text: &str = &doc.source;
    for r in field_refs(text) {
        let span = Span::new(doc.file, r.range.start, r.range.end);
        if let Some(cell) = CellRef::parse(r.name) {
            check_cell(cx, span, r.name, cell, tables);
            continue;
        }
        match Field::parse(r.name) {
            None => cx.push(
                Diagnostic::new(
                    Code::UnknownField,
                    span,
                    format!("`{{{{{}}}}}` är inget värde som vp kan fylla i", r.name),
                )
                .hint_opt(did_you_mean(r.name, Field::ALL.map(Field::name)))
                .hint(format!(
                    "värdena är: {}; en tabellcell skrivs `{{{{belopp: tabell | rad | kolumn}}}}`; en budgettabell placeras med `{{{{tabell: id}}}}`",
                    Field::ALL.map(|f| format!("{{{{{}}}}}", f.name())).join(", ")
                )),
            ),
            Some(f) if committee_plan.is_none() && f != Field::Directions => cx.push(
                Diagnostic::new(
                    Code::UnknownField,
                    span,
                    format!("`{{{{{}}}}}` finns bara i en nämndplan", r.name),
                )
                .hint("skriv värdet i texten, eller hänvisa till nämndens plan"),
            ),
            Some(f)
                if f.needs_budget()
                    && committee_plan.is_some_and(|p| {
                        (p.summary.is_none() && !summary_written)
                            || (f == Field::Investments
                                && p.summary.as_ref().is_some_and(|s| s.investments.is_none()))
                    }) =>
            {
                cx.push(
                    Diagnostic::new(
                        Code::UnknownField,
                        span,
                        format!("`{{{{{}}}}}` kräver `sammanfattning:` i nämndplanens YAML-fil", r.name),
                    )
                    .hint("ange `sammanfattning: {driftbudget: <tabellens id>, kostnader: <kolumn>, intäkter: <kolumn>, netto: <kolumn>}`, och `investeringar:` för investeringarna"),
                )
            }
            Some(Field::Preparation)
                if committee_plan.is_some_and(|p| p.preparation.is_empty()) =>
            {
                cx.push(
                    Diagnostic::new(
                        Code::UnknownField,
                        span,
                        "`{{beredning}}` kräver `beredning:` i nämndplanens YAML-fil",
                    )
                    .hint("lista stegen under `beredning:` med `datum:` och `händelse:`, eller skriv beredningen i texten"),
                )
            }
            Some(_) => {}
        }
    }
}

/// A `{{belopp: tabell | rad | kolumn}}` names a cell of the plan's tables that holds a figure.
fn check_cell(
    cx: &mut Ctx,
    span: Span,
    written: &str,
    cell: Result<CellRef, usize>,
    tables: &[Table],
) {
    let cell = match cell {
        Ok(c) => c,
        Err(parts) => {
            cx.push(
                Diagnostic::new(
                    Code::UnknownField,
                    span,
                    format!(
                        "`{{{{{written}}}}}` har {parts} del(ar), men en tabellcell anges med tre: tabell, rad och kolumn"
                    ),
                )
                .hint(format!(
                    "skriv `{{{{{CELL_PREFIX} tabellens id | radens text | kolumnens namn}}}}`, delarna åtskilda med `|`"
                )),
            );
            return;
        }
    };
    let Err(err) = lookup_cell(tables, &cell) else {
        return;
    };
    let table = tables.iter().find(|t| t.id == cell.table);
    let d = match (err, table) {
        (CellError::UnknownTable, _) | (_, None) => {
            let d = Diagnostic::new(
                Code::UnknownField,
                span,
                format!(
                    "`{{{{{written}}}}}` nämner tabellen `{}`, som inte finns i planens `ekonomi`",
                    cell.table
                ),
            )
            .hint_opt(did_you_mean(
                cell.table,
                tables.iter().map(|t| t.id.as_str()),
            ));
            if tables.is_empty() {
                d.hint("planen har inga tabeller under `ekonomi`")
            } else {
                d.hint(format!(
                    "tabellerna är: {}",
                    tables
                        .iter()
                        .map(|t| t.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            }
        }
        (CellError::UnknownRow, Some(t)) => Diagnostic::new(
            Code::UnknownField,
            span,
            format!("tabellen `{}` har ingen rad `{}`", t.id, cell.row),
        )
        .related(t.span, "tabellen")
        .hint_opt(did_you_mean(
            cell.row,
            t.rows.iter().map(|r| r.label.as_str()),
        ))
        .hint(format!(
            "raderna är: {}",
            t.rows
                .iter()
                .map(|r| r.label.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )),
        (CellError::UnknownColumn, Some(t)) => Diagnostic::new(
            Code::UnknownField,
            span,
            format!("tabellen `{}` har ingen kolumn `{}`", t.id, cell.column),
        )
        .related(t.span, "tabellen")
        .hint_opt(did_you_mean(
            cell.column,
            t.columns.iter().map(String::as_str),
        ))
        .hint(format!("kolumnerna är: {}", t.columns.join(", "))),
        (CellError::Empty, Some(t)) => {
            let row = t.rows.iter().find(|r| same_label(&r.label, cell.row));
            let d = Diagnostic::new(
                Code::UnknownField,
                span,
                format!(
                    "raden `{}` i tabellen `{}` har inget tal i kolumnen `{}`",
                    cell.row, t.id, cell.column
                ),
            );
            match row {
                Some(r) => d.related(r.span, "raden"),
                None => d,
            }
            .hint("skriv ett tal i cellen, eller hänvisa till en annan cell")
        }
    };
    cx.push(d);
}
