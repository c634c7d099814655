//! Amounts typed in the prose against the plan's tables (VP060): a sentence
//! that says "`<row label>` uppgår till 1 948,4 mnkr" while no cell of that row
//! holds 1 948,4.
//!
//! Kept conservative, so the city's own text does not raise false alarms (see
//! docs/regler.md, VP060):
//! - only amounts in mnkr with exactly one decimal, the tables' precision
//!   ("ca 680 mnkr" is an estimate, not a figure from a table);
//! - only where the label is followed by the amount through a linking word
//!   (`uppgår till`, `är`, `om`, `med`, `på`, `:`), the label's word possibly
//!   inflected ("förskoleverksamheten", "Individ- och familjeomsorgs
//!   nettobudget"); a second amount in the sentence ("en ökning med 7,6 mnkr")
//!   is not the row's and is not compared;
//! - an amount matches when any cell of a row with that label, or of a table
//!   with that title, in any of the plan's tables in mnkr (or without a unit),
//!   holds it; and it is reported only as a near miss, within a quarter of the
//!   nearest such cell (further off it is about something else);
//! - labels that every detail table has (Intäkter, Kostnader, Netto, SUMMA)
//!   are not labels here, but in the Sammanfattning's sentence ("Nettobudgeten
//!   för nämndens driftverksamhet om … mnkr består av kostnader med … mnkr och
//!   intäkter med … mnkr"), where they are the `sammanfattning:` figures.

use super::convert::Ctx;
use crate::diag::{Code, Diagnostic};
use crate::load::ProseDoc;
use crate::model::value::format_amount as print_amount;
use crate::model::{Summary, Table};
use crate::source::Span;

/// Row labels too common to say which row a sentence means.
const GENERIC: [&str; 8] = [
    "summa",
    "netto",
    "intäkter",
    "kostnader",
    "totalt",
    "total",
    "budget",
    "övrigt",
];

/// The words that link a label to its amount, folded.
const LINKS: [&str; 6] = ["uppgår till", "är", "om", "med", "på", ":"];

/// How far (a share of the amount) a figure may be from the table's nearest
/// one and still be taken for it.
const NEAR: f64 = 0.25;

/// The phrase that makes a sentence the Sammanfattning's statement of the budget.
const SUMMARY_PHRASE: &str = "nämndens driftverksamhet";

/// Where a label's figures come from.
struct Source<'a> {
    table: &'a str,
    row: String,
    span: Span,
    /// (column, value) of every figure in the row.
    values: Vec<(String, f64)>,
}

struct Label<'a> {
    /// Folded (lower case), without "varav " and a trailing period.
    text: String,
    sources: Vec<Source<'a>>,
    /// Only in the Sammanfattning's sentence.
    summary_only: bool,
}

pub fn check(cx: &mut Ctx, prose: Option<&ProseDoc>, tables: &[Table], summary: Option<&Summary>) {
    let Some(doc) = prose else { return };
    let labels = labels(tables, summary);
    if labels.is_empty() {
        return;
    }
    let text: &str = &doc.source;
    for (start, para) in paragraphs(text) {
        for (s_start, sentence) in sentences(para) {
            let base = start + s_start;
            check_sentence(cx, doc, base, sentence, &labels);
        }
    }
}

fn check_sentence(cx: &mut Ctx, doc: &ProseDoc, base: usize, sentence: &str, labels: &[Label]) {
    let folded = fold(sentence);
    let is_summary = folded.contains(SUMMARY_PHRASE);
    for (a_start, a_end, value) in amounts(sentence) {
        let mut sources: Vec<&Source> = Vec::new();
        let mut named = None;
        for l in labels {
            if l.summary_only && !is_summary {
                continue;
            }
            if links_to(&folded, &l.text, a_start) {
                sources.extend(l.sources.iter());
                named.get_or_insert(l);
            }
        }
        let Some(label) = named else { continue };
        let matches = |v: f64| (v - value).abs() < 0.05;
        if sources
            .iter()
            .any(|s| s.values.iter().any(|(_, v)| matches(*v)))
        {
            continue;
        }
        let Some(first) = sources.first() else {
            continue;
        };
        let span = Span::new(doc.file, base + a_start, base + a_end);
        let written = &sentence[a_start..a_end];
        let mut d = if label.summary_only {
            let v = first.values.first().map_or(0.0, |(_, v)| *v);
            Diagnostic::new(
                Code::ProseAmount,
                span,
                format!(
                    "texten säger {written} men `sammanfattning:` räknar {} mnkr ur raden `{}` i tabellen `{}`",
                    print_amount(v),
                    first.row,
                    first.table
                ),
            )
            .hint("skriv `{{nettobudget}}`, `{{kostnader}}` eller `{{intäkter}}` i stället för beloppet, så följer texten tabellen")
        } else {
            // Only a near miss is reported: a figure within a quarter of one the
            // tables have for the label is that figure, typed or left stale; one
            // further off is about something else (an omslutningsförändring, a
            // part of the budget) and is not compared.
            let Some((s, c, v)) = sources
                .iter()
                .flat_map(|s| s.values.iter().map(move |(c, v)| (*s, c, *v)))
                .min_by(|a, b| (a.2 - value).abs().total_cmp(&(b.2 - value).abs()))
            else {
                continue;
            };
            if (v - value).abs() > NEAR * value.abs() {
                continue;
            }
            sources.retain(|o| !std::ptr::eq(*o, s));
            sources.insert(0, s);
            let name = sentence_label(sentence, &folded, &label.text);
            Diagnostic::new(
                Code::ProseAmount,
                span,
                format!(
                    "texten säger {written} om `{name}`, men tabellen `{}` har {} mnkr på raden `{}` i kolumnen `{c}`, och ingen cell i planens tabeller för `{name}` har beloppet",
                    s.table,
                    print_amount(v),
                    s.row,
                ),
            )
            .hint(format!(
                "skriv `{{{{belopp: {} | {} | {c}}}}}` så följer texten tabellen, eller rätta beloppet",
                s.table, s.row
            ))
        };
        for s in sources.iter().take(3) {
            d = d.related(
                s.span,
                format!("raden `{}` i tabellen `{}`", s.row, s.table),
            );
        }
        cx.push(d);
    }
}

/// The label as the sentence writes it, for the message.
fn sentence_label<'s>(sentence: &'s str, folded: &str, label: &'s str) -> &'s str {
    folded
        .find(label)
        .and_then(|i| sentence.get(i..i + label.len()))
        .unwrap_or(label)
}

fn labels<'a>(tables: &'a [Table], summary: Option<&Summary>) -> Vec<Label<'a>> {
    let mut out: Vec<Label<'a>> = Vec::new();
    for t in tables {
        // A table in another unit (tkr, st) says nothing about an amount in mnkr.
        if t.unit
            .as_deref()
            .is_some_and(|u| !u.trim().eq_ignore_ascii_case("mnkr"))
        {
            continue;
        }
        let source = |r: &crate::model::TableRow| Source {
            table: &t.id,
            row: r.label.clone(),
            span: r.span,
            values: t
                .columns
                .iter()
                .zip(&r.values)
                .filter_map(|(c, v)| v.map(|v| (c.clone(), v)))
                .collect(),
        };
        for r in &t.rows {
            add_label(&mut out, &r.label, vec![source(r)]);
        }
        // The table's title names what all its rows are about ("Äldreomsorg":
        // Intäkter, Kostnader, Netto for each year).
        add_label(&mut out, &t.title, t.rows.iter().map(source).collect());
    }
    if let Some(s) = summary
        && let Some(t) = tables.iter().find(|t| t.id == s.table)
        && let Some(total) = t
            .rows
            .iter()
            .find(|r| r.kind == crate::model::RowKind::Total)
    {
        for (phrase, value) in [
            (SUMMARY_PHRASE, s.net),
            ("kostnader", s.costs),
            ("intäkter", s.income),
        ] {
            out.push(Label {
                text: phrase.to_owned(),
                sources: vec![Source {
                    table: &t.id,
                    row: total.label.clone(),
                    span: total.span,
                    values: vec![(String::new(), value)],
                }],
                summary_only: true,
            });
        }
    }
    out
}

/// Adds `sources` under `label`, unless the label is too short or too common to name a row.
fn add_label<'a>(out: &mut Vec<Label<'a>>, label: &str, sources: Vec<Source<'a>>) {
    let text = normalize_label(label);
    if text.chars().count() < 5 || GENERIC.contains(&text.as_str()) || sources.is_empty() {
        return;
    }
    match out.iter_mut().find(|l| l.text == text && !l.summary_only) {
        Some(l) => l.sources.extend(sources),
        None => out.push(Label {
            text,
            sources,
            summary_only: false,
        }),
    }
}

fn normalize_label(label: &str) -> String {
    let folded = fold(&label.split_whitespace().collect::<Vec<_>>().join(" "));
    let without = folded.strip_prefix("varav ").unwrap_or(&folded);
    without.trim_end_matches('.').trim().to_owned()
}

/// Lower case, character by character where that keeps the byte length, so
/// offsets in the folded text are offsets in the original.
fn fold(s: &str) -> String {
    s.chars()
        .map(|c| {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
                _ => c,
            }
        })
        .collect()
}

/// Whether an occurrence of `label` in `folded` reaches the amount at `at`
/// through the rest of its word, optionally `nettobudget(en)`, and a linking word.
fn links_to(folded: &str, label: &str, at: usize) -> bool {
    let Some(before) = folded.get(..at) else {
        return false;
    };
    let mut from = 0;
    while let Some(i) = before[from..].find(label).map(|i| from + i) {
        from = i + label.len().max(1);
        let starts_word = before[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        if starts_word && gap_links(&before[i + label.len()..]) {
            return true;
        }
    }
    false
}

/// The text between a label and an amount: the rest of the label's word, then
/// a linking word.
fn gap_links(gap: &str) -> bool {
    let rest = gap.trim_start_matches(char::is_alphabetic);
    let rest = rest.trim_start();
    let rest = rest
        .strip_prefix("nettobudgeten ")
        .or_else(|| rest.strip_prefix("nettobudget "))
        .unwrap_or(rest)
        .trim_start();
    let rest = rest.trim_end();
    LINKS.contains(&rest)
}

/// Paragraphs (runs of non-blank lines) with their byte offset; headings,
/// `{{tabell: …}}` lines and fenced code are left out.
fn paragraphs(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut offset = 0;
    let mut fenced = false;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        let fence = trimmed.starts_with("```") || trimmed.starts_with("~~~");
        let skip = fenced || fence || trimmed.starts_with('#') || trimmed.starts_with("{{tabell");
        if fence {
            fenced = !fenced;
        }
        if trimmed.is_empty() || skip {
            if let Some(s) = start.take() {
                out.push((s, &text[s..end]));
            }
        } else {
            start.get_or_insert(offset);
            end = offset + line.len();
        }
        offset += line.len();
    }
    if let Some(s) = start {
        out.push((s, &text[s..end]));
    }
    out
}

/// Sentences of a paragraph with their byte offset: a `.`, `!` or `?` ends
/// one where white space and an upper-case letter follow.
fn sentences(para: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = para.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let mut j = k + 1;
        let mut spaced = false;
        while let Some(&(_, n)) = chars.get(j) {
            if n.is_whitespace() {
                spaced = true;
                j += 1;
            } else {
                break;
            }
        }
        if spaced && chars.get(j).is_some_and(|&(_, n)| n.is_uppercase()) {
            let end = i + c.len_utf8();
            out.push((start, &para[start..end]));
            start = chars[j].0;
        }
    }
    if start < para.len() {
        out.push((start, &para[start..]));
    }
    out
}

/// Amounts in mnkr with one decimal: (start, end of `mnkr`, value).
/// `1 948,4 mnkr`, `1 948,4 mnkr` (no-break space), `−51,3 mnkr`.
fn amounts(s: &str) -> Vec<(usize, usize, f64)> {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let is_space = |c: char| c == ' ' || c == '\u{a0}' || c == '\u{202f}';
    let mut out = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        let (i, c) = chars[k];
        let prev = k.checked_sub(1).map(|p| chars[p].1);
        // Not inside a word or a number (`1 948`: `948` is no start).
        let after_number = k >= 2 && chars[k - 2].1.is_ascii_digit();
        let starts = c.is_ascii_digit()
            && prev.is_none_or(|p| {
                !(p.is_alphanumeric() || p == ',' || p == '.' || (is_space(p) && after_number))
            });
        if !starts {
            k += 1;
            continue;
        }
        let negative = matches!(prev, Some('-' | '−'));
        let begin = if negative { chars[k - 1].0 } else { i };
        // Groups: up to three digits, then groups of three after a space.
        // A plain run of digits (`2029,2`) is read too, but groups follow only
        // a lead of at most three digits (`2019 100,0` is a year and an amount).
        let mut j = k;
        let mut digits = String::new();
        while j < chars.len() && chars[j].1.is_ascii_digit() {
            digits.push(chars[j].1);
            j += 1;
        }
        let group_at = |j: usize| {
            j + 4 <= chars.len()
                && is_space(chars[j].1)
                && chars[j + 1..j + 4].iter().all(|(_, d)| d.is_ascii_digit())
                && chars.get(j + 4).is_none_or(|(_, d)| !d.is_ascii_digit())
        };
        if digits.len() <= 3 {
            while group_at(j) {
                digits.extend(chars[j + 1..j + 4].iter().map(|(_, d)| *d));
                j += 4;
            }
        }
        // Exactly one decimal.
        let decimal = chars.get(j).is_some_and(|(_, c)| *c == ',')
            && chars.get(j + 1).is_some_and(|(_, d)| d.is_ascii_digit())
            && chars.get(j + 2).is_none_or(|(_, d)| !d.is_ascii_digit());
        if !decimal {
            k = j.max(k + 1);
            continue;
        }
        let tenth = chars[j + 1].1;
        let mut m = j + 2;
        let spaced = chars.get(m).is_some_and(|(_, c)| is_space(*c));
        if !spaced {
            k = m;
            continue;
        }
        m += 1;
        let unit: String = chars[m..].iter().take(5).map(|(_, c)| *c).collect();
        let is_mnkr =
            unit.starts_with("mnkr") && unit.chars().nth(4).is_none_or(|c| !c.is_alphanumeric());
        if !is_mnkr {
            k = m;
            continue;
        }
        let end = chars.get(m + 4).map_or(s.len(), |(p, _)| *p);
        if let Ok(v) = format!("{digits}.{tenth}").parse::<f64>() {
            out.push((begin, end, if negative { -v } else { v }));
        }
        k = m + 4;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_amounts_in_mnkr_with_one_decimal() {
        let s = "om 1 948,4 mnkr består av 2\u{a0}029,2 mnkr och ca 680 mnkr, 0,57 mnkr, 3,5 mnkrx och −51,3 mnkr.";
        let found: Vec<f64> = amounts(s).into_iter().map(|(_, _, v)| v).collect();
        assert_eq!(found, [1948.4, 2029.2, -51.3]);
        let (a, b, _) = amounts(s)[0];
        assert_eq!(&s[a..b], "1 948,4 mnkr");
    }

    #[test]
    fn a_label_links_to_its_amount_only_through_a_linking_word() {
        let f = fold(
            "Nettobudgeten för förskoleverksamheten är 692,7 mnkr vilket är en ökning med 3,6 mnkr",
        );
        let at = f.find("692").unwrap();
        assert!(links_to(&f, "förskoleverksamhet", at));
        let second = f.find("3,6").unwrap();
        assert!(!links_to(&f, "förskoleverksamhet", second));
        let f = fold("Individ- och familjeomsorgs nettobudget uppgår till 164,2 mnkr");
        assert!(links_to(
            &f,
            "individ- och familjeomsorg",
            f.find("164").unwrap()
        ));
        let f = fold("barn, kultur och fritid som är på 38,1 mnkr");
        assert!(!links_to(
            &f,
            "barn, kultur och fritid",
            f.find("38").unwrap()
        ));
        // Not the start of a word.
        let f = fold("kapitalkostnader om 10,8 mnkr");
        assert!(!links_to(&f, "kostnader", f.find("10").unwrap()));
    }

    #[test]
    fn sentences_end_before_an_upper_case_letter() {
        let p = "Nämnd- och förvaltningsadm. 51,3 mnkr. Nästa mening om 2,0 mnkr.";
        let s: Vec<&str> = sentences(p).into_iter().map(|(_, s)| s).collect();
        assert_eq!(
            s,
            [
                "Nämnd- och förvaltningsadm. 51,3 mnkr.",
                "Nästa mening om 2,0 mnkr."
            ]
        );
        assert_eq!(fold("ÄLDREOMSORG İ"), "äldreomsorg İ");
    }
}
