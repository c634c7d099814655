//! The nämnd plan as tjänsteutlåtande: `beredning:` and an "Ärendets
//! beredning" chapter written both (VP061), and a tjänsteutlåtande without a
//! part it needs (VP062).

use super::convert::Ctx;
use crate::diag::{Code, Diagnostic};
use crate::load::ProseDoc;
use crate::load::raw::CommitteePlanFile;
use crate::model::CommitteePlan;
use crate::model::fields::{Field, field_refs};
use crate::source::Span;

use crate::model::prose::report_chapter::{self, BACKGROUND, PREPARATION};

/// The chapter of the plan's Markdown with this title, if it has one.
fn chapter<'d>(
    doc: Option<&'d ProseDoc>,
    title: &str,
) -> Option<&'d crate::load::markdown::Chapter> {
    doc?.chapters().find(|c| c.title == title)
}

/// VP061: the chapter is printed; `beredning:` only where the chapter writes `{{beredning}}`.
pub fn preparation_twice(cx: &mut Ctx, p: &CommitteePlanFile, prose: Option<&ProseDoc>) {
    let (Some(first), Some(doc)) = (p.beredning.first(), prose) else {
        return;
    };
    let Some(ch) = chapter(Some(doc), PREPARATION) else {
        return;
    };
    let body = doc.source.get(ch.body.range()).unwrap_or("");
    let uses_field = field_refs(body)
        .iter()
        .any(|r| Field::parse(r.name) == Some(Field::Preparation));
    if uses_field {
        return;
    }
    cx.push(
        Diagnostic::new(
            Code::PreparationTwice,
            cx.span(&first.datum),
            format!(
                "ärendets beredning står både under `beredning:` här ({} steg) och som kapitlet \"{PREPARATION}\" i Markdown-filen; kapitlet skrivs ut, `beredning:` inte",
                p.beredning.len()
            ),
        )
        .related(ch.title_span, "kapitlet som skrivs ut")
        .hint("behåll en av dem: ta bort `beredning:` ur YAML-filen, eller ta bort kapitlet så skrivs stegen ut ur YAML-filen med svenska datum")
        .hint("eller skriv `{{beredning}}` i kapitlet där stegen ska stå, så finns datumen bara i YAML-filen"),
    );
}

/// Whether a nämnd plan is written as a tjänsteutlåtande, and what says so:
/// any of its fields or chapters. The 2020 and 2022 nämnd plans, put
/// together from the units' plans, have none and are plans only.
fn report_marker(
    p: &CommitteePlanFile,
    prose: Option<&ProseDoc>,
    cx: &Ctx,
) -> Option<(Span, String)> {
    let fields = [
        (p.diarienummer.as_ref(), "diarienummer"),
        (p.datum.as_ref(), "datum"),
        (p.avdelning.as_ref(), "avdelning"),
        (p.handläggare.as_ref(), "handläggare"),
        (p.förslag_till_beslut.first(), "förslag_till_beslut"),
        (
            p.sammanfattning.as_ref().map(|s| &s.driftbudget),
            "sammanfattning",
        ),
        (p.underskrifter.first().map(|s| &s.namn), "underskrifter"),
        (p.beredning.first().map(|s| &s.datum), "beredning"),
    ];
    if let Some((t, name)) = fields.iter().find_map(|(t, n)| t.map(|t| (t, *n))) {
        return Some((cx.span(t), format!("`{name}:`")));
    }
    report_chapter::ALL
        .iter()
        .find_map(|title| chapter(prose, title))
        .map(|c| (c.title_span, format!("kapitlet \"{}\"", c.title)))
}

/// VP062: a tjänsteutlåtande has its budget in the Sammanfattning (from a
/// table), Bakgrund, Ärendets beredning and its signatures.
pub fn incomplete_report(
    cx: &mut Ctx,
    p: &CommitteePlanFile,
    plan: &CommitteePlan,
    prose: Option<&ProseDoc>,
) {
    let Some((marker, because)) = report_marker(p, prose, cx) else {
        return;
    };
    let mut missing: Vec<(String, &str)> = Vec::new();
    if p.sammanfattning.is_none() {
        let hint = if plan.economy.is_empty() {
            "lägg in driftbudgetens tabell under `ekonomi:` och peka på den med `sammanfattning: {driftbudget: <id>, kostnader: <kolumn>, intäkter: <kolumn>, netto: <kolumn>}`"
        } else {
            "peka på driftbudgetens tabell med `sammanfattning: {driftbudget: <id>, kostnader: <kolumn>, intäkter: <kolumn>, netto: <kolumn>}`"
        };
        missing.push((
            "`sammanfattning:` som pekar på driftbudgetens tabell (sammanfattningen får då ingen budget)".into(),
            hint,
        ));
    }
    if chapter(prose, BACKGROUND).is_none() {
        missing.push((
            "kapitlet \"Bakgrund\"".into(),
            "skriv `# Bakgrund` med varför ärendet kommer till nämnden i Markdown-filen",
        ));
    }
    if chapter(prose, PREPARATION).is_none() && p.beredning.is_empty() {
        missing.push((
            format!("\"{PREPARATION}\""),
            "lista förhandling och råd med datum under `beredning:`, eller skriv kapitlet `# Ärendets beredning`",
        ));
    }
    if p.underskrifter.is_empty() {
        missing.push((
            "underskrifter".into(),
            "ange `underskrifter:` med `namn:` och `titel:` för den som skriver under",
        ));
    }
    if missing.is_empty() {
        return;
    }
    let what: Vec<&str> = missing.iter().map(|(w, _)| w.as_str()).collect();
    let mut d = Diagnostic::new(
        Code::IncompleteReport,
        cx.span(&p.nämnd),
        format!(
            "nämndplanen är ett tjänsteutlåtande men saknar {}",
            join_swedish(&what)
        ),
    )
    .related(
        marker,
        format!("{because} gör planen till ett tjänsteutlåtande"),
    );
    for (_, hint) in missing {
        d = d.hint(hint);
    }
    cx.push(d);
}

/// `a`, `a och b`, `a, b och c`.
fn join_swedish(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} och {last}", init.join(", ")),
    }
}
