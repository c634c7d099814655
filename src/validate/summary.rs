//! The Sammanfattning's figures: read from the operating budget table's SUMMA
//! row, so the rendered tjänsteutlåtande cannot disagree with its own tables.

use super::convert::Ctx;
use crate::diag::{Code, Diagnostic, did_you_mean};
use crate::load::ProseDoc;
use crate::load::raw::{SummarySource, Text};
use crate::model::fields::{Field, field_refs};
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
    committee_plan: Option<&CommitteePlan>,
) {
    let Some(doc) = prose else { return };
    let text: &str = &doc.source;
    for r in field_refs(text) {
        let span = Span::new(doc.file, r.range.start, r.range.end);
        match Field::parse(r.name) {
            None => cx.push(
                Diagnostic::new(
                    Code::UnknownField,
                    span,
                    format!("`{{{{{}}}}}` är inget värde som vp kan fylla i", r.name),
                )
                .hint_opt(did_you_mean(r.name, Field::ALL.map(Field::name)))
                .hint(format!(
                    "värdena är: {}; en budgettabell placeras med `{{{{tabell: id}}}}`",
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
                        p.summary.is_none()
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
            Some(_) => {}
        }
    }
}
