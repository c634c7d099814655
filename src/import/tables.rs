//! Table rows in extracted text: indicators (Indikator | Årsmål | KF:s årsmål |
//! Periodicitet), activities (text | Startdatum | Slutdatum) and budget tables.
//!
//! Empty cells leave no trace in the text, so a row is read from its right
//! end: the periodicity, then up to two targets, and the rest is the name.

use super::document::{ActivityRow, BudgetRow, BudgetTable, RowKind};
use super::text::{Line, LineKind, fold, join_wrapped};

/// An indicator row before its targets are assigned to the plan or to KF.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawIndicator {
    pub name: String,
    /// The targets in the order written: one or two.
    pub values: Vec<String>,
    pub periodicity: Option<String>,
    pub line: usize,
}

/// What a table parser found and which lines it used.
#[derive(Debug)]
pub struct Parsed<T> {
    pub rows: Vec<T>,
    /// Input lines the table used.
    pub used: Vec<usize>,
    /// Where reading goes on: the first line after the table.
    pub resume: usize,
}

impl<T> Default for Parsed<T> {
    fn default() -> Self {
        Parsed {
            rows: Vec::new(),
            used: Vec::new(),
            resume: 0,
        }
    }
}

const PERIODS: [&str; 4] = ["Månad", "Tertial", "Halvår", "År"];

fn periodicity(token: &str, ocr: bool) -> Option<&'static str> {
    PERIODS.iter().copied().find(|p| {
        *p == token || (ocr && fold(p) == fold(token) && token.chars().count() == p.chars().count())
    })
}

fn ends_with_periodicity(text: &str, ocr: bool) -> bool {
    text.rsplit(' ')
        .next()
        .is_some_and(|t| periodicity(t, ocr).is_some())
}

/// A number as targets write it: `15`, `0,57`, `78%`, `+/-1`.
fn is_number(t: &str) -> bool {
    let t = t
        .strip_prefix("+/-")
        .or_else(|| t.strip_prefix('±'))
        .unwrap_or(t);
    let t = t.strip_prefix(['-', '−']).unwrap_or(t);
    let t = t.strip_suffix('%').unwrap_or(t);
    let mut seen_digit = false;
    let mut comma = false;
    for c in t.chars() {
        if c.is_ascii_digit() {
            seen_digit = true;
        } else if c == ',' && seen_digit && !comma {
            comma = true;
        } else {
            return false;
        }
    }
    seen_digit && !t.ends_with(',')
}

/// Units as they follow a target, longest first.
const UNITS: &[&[&str]] = &[
    &["%", "energieffektivisering", "relativt", "2018"],
    &["kg", "CO2", "per", "kg", "livsmedel"],
    &["%"],
    &["st"],
    &["GWh"],
    &["MWh"],
    &["kr"],
    &["tkr"],
    &["mnkr"],
    &["dagar"],
    &["timmar"],
    &["procent"],
];

/// Where a target that ends at `end` starts, if one does.
fn value_start(tokens: &[&str], end: usize, ocr: bool) -> Option<usize> {
    if end == 0 {
        return None;
    }
    let last = tokens[end - 1];
    let folded_tail: Vec<String> = tokens[end.saturating_sub(6)..end]
        .iter()
        .map(|t| fold(t))
        .collect();
    // Markers: "Tas fram av nämnden", "Fastställs 2019", "Öka", "-".
    for k in (0..folded_tail.len()).rev() {
        let first = folded_tail[k].as_str();
        let at = end - (folded_tail.len() - k);
        let tail = &folded_tail[k..];
        if first == "tas"
            && tail.get(1).is_some_and(|t| t == "fram")
            && tail.get(2).is_some_and(|t| t == "av")
        {
            return Some(at);
        }
        if ocr && first.starts_with("tasframav") {
            return Some(at);
        }
    }
    if end >= 2 && fold(tokens[end - 2]).starts_with("faststall") && is_year(last) {
        return Some(end - 2);
    }
    if matches!(last, "Öka" | "öka" | "Minska" | "minska" | "-" | "–") {
        return Some(end - 1);
    }
    for unit in UNITS {
        let n = unit.len();
        if end > n && tokens[end - n..end] == **unit {
            return number_start(tokens, end - n);
        }
    }
    if is_number(last) {
        return number_start(tokens, end);
    }
    None
}

fn is_year(t: &str) -> bool {
    t.len() == 4 && t.chars().all(|c| c.is_ascii_digit())
}

/// The start of the number that ends at `end`, with a thousands group (`1 050`)
/// and a tolerance sign (`+/- 1`) before it.
fn number_start(tokens: &[&str], end: usize) -> Option<usize> {
    if end == 0 || !is_number(tokens[end - 1]) {
        return None;
    }
    let mut start = end - 1;
    let group = tokens[start];
    let is_group = group.len() >= 3 && group.chars().take(3).all(|c| c.is_ascii_digit()) && {
        let rest = &group[3..];
        rest.is_empty() || rest.starts_with(',') || rest == "%"
    };
    // "1 050", "9 000"; but "100 100 %" is two targets.
    if is_group
        && start >= 1
        && tokens[start - 1].len() <= 2
        && tokens[start - 1].chars().all(|c| c.is_ascii_digit())
        && !tokens[start - 1].starts_with('0')
    {
        start -= 1;
    }
    if start >= 1 && matches!(tokens[start - 1], "+/-" | "±") {
        start -= 1;
    }
    Some(start)
}

/// Splits a row's text into name, targets (at most two) and periodicity.
pub fn split_indicator(text: &str, ocr: bool) -> (String, Vec<String>, Option<String>) {
    let mut tokens: Vec<&str> = text.split(' ').filter(|t| !t.is_empty()).collect();
    if ocr {
        // OCR turns check marks in the first column into a `v`.
        tokens.retain(|t| *t != "v");
    }
    let mut end = tokens.len();
    let period = tokens
        .last()
        .and_then(|t| periodicity(t, ocr))
        .map(str::to_owned);
    if period.is_some() {
        end -= 1;
    }
    let mut values = Vec::new();
    while values.len() < 2 {
        let Some(start) = value_start(&tokens, end, ocr) else {
            break;
        };
        // A name must remain.
        if start == 0 {
            break;
        }
        values.push(normalize_marker(&tokens[start..end].join(" ")));
        end = start;
    }
    values.reverse();
    (tokens[..end].join(" "), values, period)
}

/// `Tasframav nämnd/styrelse` (OCR lost the spaces) → `Tas fram av nämnd/styrelse`.
fn normalize_marker(v: &str) -> String {
    let folded = fold(v);
    if let Some(rest) = folded.strip_prefix("tasframav") {
        let skip = v.chars().count() - rest.chars().count();
        let tail: String = v.chars().skip(skip).collect();
        return format!("Tas fram av {}", tail.trim_start())
            .trim()
            .to_owned();
    }
    v.to_owned()
}

/// Joins the lines of one table row. Lines separated by a blank line, or
/// wrapped with a space, join with a space; a cell that wrapped inside a word
/// (`energieffekti` / `visering`) joins without one.
fn join_row(lines: &[Line], rows: &[usize], ocr: bool) -> String {
    let mut out = String::new();
    let mut prev: Option<usize> = None;
    for &i in rows {
        let line = &lines[i];
        match prev {
            None => out.push_str(&line.text),
            Some(p) => {
                let adjacent = i == p + 1;
                // A cell wrapped inside a word (`energieffekti` / `visering`);
                // in OCR text, where wrap spaces are lost, a fragment of a few letters.
                let inside_word = adjacent
                    && if ocr {
                        line.text.chars().count() <= 3
                    } else {
                        !lines[p].soft && !out.ends_with('-')
                    };
                if inside_word {
                    out.push_str(&line.text);
                } else {
                    join_wrapped(&mut out, &line.text);
                }
            }
        }
        prev = Some(i);
    }
    out
}

/// Reads indicator rows from `start` (the line after the header) until a line
/// that `stop` says belongs to something else.
pub fn indicators(
    lines: &[Line],
    start: usize,
    ocr: bool,
    is_header: &dyn Fn(usize) -> bool,
    stop: &dyn Fn(usize) -> bool,
) -> Parsed<RawIndicator> {
    let mut out: Parsed<RawIndicator> = Parsed::default();
    let mut row: Vec<usize> = Vec::new();
    let mut blank_since_row = true;
    let mut j = start;
    while j < lines.len() {
        let line = &lines[j];
        match line.kind {
            LineKind::Blank => {
                blank_since_row = true;
                j += 1;
                continue;
            }
            LineKind::Furniture => {
                j += 1;
                continue;
            }
            LineKind::Text => {}
        }
        if is_header(j) {
            out.used.push(j);
            j += 1;
            continue;
        }
        if stop(j) {
            break;
        }
        // OCR: the rest of a wrapped cell after the row's periodicity.
        if ocr && row.is_empty() && !blank_since_row && !out.rows.is_empty() {
            let completes = lines[j..]
                .iter()
                .enumerate()
                .take_while(|(k, l)| l.is_text() && !stop(j + k))
                .any(|(_, l)| ends_with_periodicity(&l.text, ocr));
            if !completes {
                if let Some(last) = out.rows.last_mut()
                    && let Some(v) = last.values.last_mut()
                {
                    let fragment = line.text.trim_start_matches("v ").trim();
                    if fragment.chars().count() <= 3 || v.ends_with('/') {
                        v.push_str(fragment);
                    } else {
                        join_wrapped(v, fragment);
                    }
                }
                out.used.push(j);
                j += 1;
                continue;
            }
        }
        row.push(j);
        blank_since_row = false;
        if ends_with_periodicity(&line.text, ocr) {
            let text = join_row(lines, &row, ocr);
            let (name, values, periodicity) = split_indicator(&text, ocr);
            out.rows.push(RawIndicator {
                name,
                values,
                periodicity,
                line: lines[row[0]].no,
            });
            out.used.append(&mut row);
        } else if row.len() > 12 {
            break;
        }
        j += 1;
    }
    // Lines that never made a row belong to what follows the table.
    out.resume = row.first().copied().unwrap_or(j);
    out
}

/// `2019-01-01`.
pub fn is_iso_date(t: &str) -> bool {
    let b = t.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// A line that ends in a start and an end date: the text before them and the dates.
pub fn split_dates(text: &str) -> Option<(String, String, String)> {
    let mut parts = text.rsplitn(3, ' ');
    let end = parts.next()?;
    let start = parts.next()?;
    if !(is_iso_date(start) && is_iso_date(end)) {
        return None;
    }
    Some((
        parts.next().unwrap_or("").trim().to_owned(),
        start.to_owned(),
        end.to_owned(),
    ))
}

/// Reads activity rows. The dates stand on a line of their own after the text,
/// at the end of a one-line row, or (seed 001) at the end of the row's first
/// line with the text going on below; which one is decided per table.
pub fn activities(
    lines: &[Line],
    start: usize,
    ocr: bool,
    is_header: &dyn Fn(usize) -> bool,
    stop: &dyn Fn(usize) -> bool,
) -> Parsed<ActivityRow> {
    struct Entry {
        line: usize,
        dated: Option<(String, String, String)>,
    }
    let mut out = Parsed::default();
    let mut entries: Vec<Entry> = Vec::new();
    let mut j = start;
    while j < lines.len() {
        let line = &lines[j];
        if line.kind != LineKind::Text {
            j += 1;
            continue;
        }
        if is_header(j) {
            out.used.push(j);
            j += 1;
            continue;
        }
        if stop(j) {
            break;
        }
        entries.push(Entry {
            line: j,
            dated: split_dates(&line.text),
        });
        j += 1;
    }
    let dated: Vec<usize> = (0..entries.len())
        .filter(|&k| entries[k].dated.is_some())
        .collect();
    let (Some(&first), Some(&last)) = (dated.first(), dated.last()) else {
        out.resume = start;
        out.used.clear();
        return out;
    };
    let dates_alone = dated
        .iter()
        .any(|&k| entries[k].dated.as_ref().is_some_and(|d| d.0.is_empty()));
    let text_after = last + 1 < entries.len();
    let text_first = first > 0;
    let before = text_first || dates_alone || (!text_after && !ocr);
    let join = |idx: &[usize]| {
        let mut s = String::new();
        for &i in idx {
            join_wrapped(&mut s, &lines[i].text);
        }
        s
    };
    if before {
        let mut pending: Vec<usize> = Vec::new();
        for (k, e) in entries.iter().enumerate() {
            if k > last {
                break;
            }
            match &e.dated {
                None => pending.push(e.line),
                Some((own, s, t)) => {
                    let mut text = join(&pending);
                    if !own.is_empty() {
                        join_wrapped(&mut text, own);
                    }
                    let first_line = pending.first().copied().unwrap_or(e.line);
                    out.rows.push(ActivityRow {
                        text,
                        start: s.clone(),
                        end: t.clone(),
                        line: lines[first_line].no,
                    });
                    out.used.append(&mut pending);
                    out.used.push(e.line);
                }
            }
        }
        out.resume = entries[last].line + 1;
    } else {
        for (n, &k) in dated.iter().enumerate() {
            let until = dated.get(n + 1).copied().unwrap_or(entries.len());
            let Some((own, s, t)) = &entries[k].dated else {
                continue;
            };
            let mut text = own.clone();
            for e in &entries[k + 1..until] {
                join_wrapped(&mut text, &lines[e.line].text);
                out.used.push(e.line);
            }
            out.used.push(entries[k].line);
            out.rows.push(ActivityRow {
                text,
                start: s.clone(),
                end: t.clone(),
                line: lines[entries[k].line].no,
            });
        }
        out.resume = j;
    }
    out.used.sort_unstable();
    out
}

/// An amount in a budget table: `0,0`, `-51,3`, `948,4` (of `1 948,4`), `0`.
fn is_amount(t: &str) -> bool {
    let t = t.strip_prefix(['-', '−']).unwrap_or(t);
    let digits = |s: &str| (1..=3).contains(&s.len()) && s.chars().all(|c| c.is_ascii_digit());
    match t.split_once(',') {
        Some((int, dec)) => digits(int) && dec.len() == 1 && digits(dec),
        None => digits(t),
    }
}

/// The amounts at the end of a line, thousands groups joined (`1 948,4`),
/// and the text before them.
pub fn trailing_amounts(text: &str) -> (String, Vec<String>) {
    let tokens: Vec<&str> = text.split(' ').filter(|t| !t.is_empty()).collect();
    let mut end = tokens.len();
    let mut values = Vec::new();
    while end > 0 && is_amount(tokens[end - 1]) {
        let t = tokens[end - 1];
        let int_len = t
            .trim_start_matches(['-', '−'])
            .split(',')
            .next()
            .unwrap_or("")
            .len();
        let grouped = int_len == 3 && !t.starts_with(['-', '−']) && end >= 2 && {
            let p = tokens[end - 2].trim_start_matches(['-', '−']);
            (1..=3).contains(&p.len())
                && p.chars().all(|c| c.is_ascii_digit())
                && !p.starts_with('0')
        };
        if grouped {
            values.push(format!("{} {t}", tokens[end - 2]));
            end -= 2;
        } else {
            values.push(t.to_owned());
            end -= 1;
        }
    }
    values.reverse();
    (tokens[..end].join(" "), values)
}

fn is_data_row(line: &Line) -> bool {
    line.is_text() && trailing_amounts(&line.text).1.len() >= 2 && !line.text.ends_with('.')
}

/// A line of running prose, which ends a table.
fn is_prose(line: &Line) -> bool {
    let n = line.text.chars().count();
    n >= 70 || (line.text.ends_with('.') && n >= 40)
}

/// Column headings: a new column at each capitalised word
/// (`Budget 2018 Budget 2019 Jmf budget 2019-2018`).
fn columns_of(text: &str) -> Vec<String> {
    let mut cols: Vec<String> = Vec::new();
    for t in text.split(' ').filter(|t| !t.is_empty()) {
        let starts_new = t.chars().next().is_some_and(char::is_uppercase);
        match cols.last_mut() {
            Some(c) if !starts_new => {
                c.push(' ');
                c.push_str(t);
            }
            _ => cols.push(t.to_owned()),
        }
    }
    cols
}

/// Finds the budget tables in the lines `from..to` (the economy chapter).
pub fn budget_tables(
    lines: &[Line],
    from: usize,
    to: usize,
    context: &dyn Fn(usize) -> Option<String>,
) -> Parsed<BudgetTable> {
    let mut out = Parsed::default();
    let to = to.min(lines.len());
    let mut floor = from;
    let mut i = from;
    while i < to {
        if !is_data_row(&lines[i]) {
            i += 1;
            continue;
        }
        // The first row's label may start on lines above it.
        let mut first_label = i;
        while first_label > floor && lines[first_label - 1].is_text() && lines[first_label - 1].soft
        {
            first_label -= 1;
        }
        let header_start = header_start(lines, floor, first_label);
        let header_lines: Vec<usize> = (header_start..first_label)
            .filter(|&k| lines[k].is_text())
            .collect();
        let mut header = String::new();
        for &k in &header_lines {
            join_wrapped(&mut header, &lines[k].text);
        }
        let mut table = BudgetTable {
            title: None,
            unit: None,
            columns: Vec::new(),
            header: header.clone(),
            rows: Vec::new(),
            line: lines[header_start.min(first_label)].no,
            context: context(header_start.min(first_label)),
        };
        let col_text = match header.split_once("(mnkr)") {
            Some((title, cols)) => {
                table.title = Some(title.trim().to_owned()).filter(|t| !t.is_empty());
                table.unit = Some("mnkr".into());
                cols.trim().to_owned()
            }
            None => header.clone(),
        };
        out.used.extend(header_lines.iter().copied());
        // Rows, and notes between them, until prose.
        let mut k = first_label;
        let mut last_used = i;
        while k < to {
            let line = &lines[k];
            if !line.is_text() {
                k += 1;
                continue;
            }
            // A row: its label lines, then the line with the amounts.
            let mut end = k;
            while end < to && lines[end].is_text() && !is_data_row(&lines[end]) && lines[end].soft {
                end += 1;
            }
            if end < to && is_data_row(&lines[end]) && lines[k..end].iter().all(Line::is_text) {
                let mut label = String::new();
                for l in &lines[k..end] {
                    join_wrapped(&mut label, &l.text);
                }
                let (own, values) = trailing_amounts(&lines[end].text);
                join_wrapped(&mut label, &own);
                let (kind, label) = row_kind(label.trim());
                table.rows.push(BudgetRow {
                    label,
                    kind,
                    values,
                    note: None,
                    line: lines[k].no,
                });
                out.used.extend(k..=end);
                last_used = end;
                k = end + 1;
                continue;
            }
            // A note under the previous row, if the table goes on after it.
            if !line.soft && line.text.chars().count() <= 150 {
                let next = (k + 1..to).find(|&n| lines[n].is_text());
                let continues = next.is_some_and(|n| {
                    let mut e = n;
                    while e < to && lines[e].is_text() && lines[e].soft && !is_data_row(&lines[e]) {
                        e += 1;
                    }
                    e < to && is_data_row(&lines[e])
                });
                if continues && let Some(row) = table.rows.last_mut() {
                    row.note = Some(line.text.clone());
                    out.used.push(k);
                    last_used = k;
                    k += 1;
                    continue;
                }
            }
            break;
        }
        let counts: Vec<usize> = table.rows.iter().map(|r| r.values.len()).collect();
        let width = most_common(&counts);
        let cols = columns_of(&col_text);
        table.columns = if cols.len() == width {
            cols
        } else {
            (1..=width).map(|n| format!("Kolumn {n}")).collect()
        };
        out.rows.push(table);
        floor = last_used + 1;
        i = last_used + 1;
    }
    out.used.sort_unstable();
    out.used.dedup();
    out
}

/// The value most often in `xs`, the greatest of those equally often.
fn most_common(xs: &[usize]) -> usize {
    let mut counts: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    for &x in xs {
        *counts.entry(x).or_default() += 1;
    }
    let mut best = (0, 0);
    for (x, n) in counts {
        if n >= best.1 {
            best = (x, n);
        }
    }
    best.0
}

fn row_kind(label: &str) -> (RowKind, String) {
    let folded = fold(label);
    if folded == "summa" || folded.starts_with("summa ") {
        return (RowKind::Total, label.to_owned());
    }
    if let Some(rest) = folded.strip_prefix("varav ") {
        let skip = label.chars().count() - rest.chars().count();
        let rest: String = label.chars().skip(skip).collect();
        let mut cs = rest.chars();
        let cap: String = match cs.next() {
            Some(f) => f.to_uppercase().chain(cs).collect(),
            None => String::new(),
        };
        return (RowKind::PartOf, cap);
    }
    (RowKind::Row, label.to_owned())
}

/// Where a table's header starts: at the line holding `(mnkr)` and the wrapped
/// lines before it, or else at the first of the short lines above the first row.
fn header_start(lines: &[Line], floor: usize, first_row: usize) -> usize {
    let window = first_row.saturating_sub(24).max(floor);
    if let Some(m) = (window..first_row)
        .rev()
        .find(|&k| lines[k].is_text() && lines[k].text.contains("(mnkr)"))
    {
        let mut s = m;
        while s > floor && lines[s - 1].is_text() && lines[s - 1].soft {
            s -= 1;
        }
        return s;
    }
    let mut s = first_row;
    let mut k = first_row;
    while k > window {
        k -= 1;
        let l = &lines[k];
        if l.kind == LineKind::Blank || l.kind == LineKind::Furniture {
            continue;
        }
        // The last line of a paragraph above the table ends the header; an
        // abbreviated column name ("Korr.", "Kostn.") does not.
        let ends_paragraph = k > 0 && lines[k - 1].is_text() && is_prose(&lines[k - 1]);
        if is_prose(l) || ends_paragraph || l.text.chars().count() > 40 {
            break;
        }
        s = k;
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::text::lines;

    #[test]
    fn indicator_rows_from_the_right() {
        let s = |t: &str| split_indicator(t, false);
        assert_eq!(
            s("Antal aspiranter som fått Stockholmsjobb 15 st 1 050 st Tertial"),
            (
                "Antal aspiranter som fått Stockholmsjobb".into(),
                vec!["15 st".into(), "1 050 st".into()],
                Some("Tertial".into())
            )
        );
        assert_eq!(
            s("Nämndens prognossäkerhet T2 +/-1 % +/- 1 % År").1,
            ["+/-1 %", "+/- 1 %"]
        );
        assert_eq!(
            s("Sjukfrånvaro dag 1-14 2,5 % tas fram av nämnd Tertial"),
            (
                "Sjukfrånvaro dag 1-14".into(),
                vec!["2,5 %".into(), "tas fram av nämnd".into()],
                Some("Tertial".into())
            )
        );
        assert_eq!(
            s("Relativ energieffektivisering i stadens verksamheter 2 % energieffektivisering relativt 2018 År").1,
            ["2 % energieffektivisering relativt 2018"]
        );
        assert_eq!(
            s("Klimatpåverkan från upphandlade livsmedel och måltider 1,9 1,9 kg CO2 per kg livsmedel År").1,
            ["1,9", "1,9 kg CO2 per kg livsmedel"]
        );
        assert_eq!(
            s("Kvalitetsindikatorn - Självvärdering utifrån läroplansuppdraget 3,8 3,8 År").0,
            "Kvalitetsindikatorn - Självvärdering utifrån läroplansuppdraget"
        );
        assert_eq!(
            s("Andel ungdomar som skattar sin hälsa som god - År").1,
            ["-"]
        );
        assert_eq!(
            s("Självvärdering avseende miljöer År").1,
            Vec::<String>::new()
        );
        assert_eq!(
            split_indicator(
                "v Antal platser for feriejobb Tasframav namnd/styrelse Tertial",
                true
            )
            .1,
            ["Tas fram av namnd/styrelse"]
        );
    }

    #[test]
    fn wrapped_cells_join_inside_words() {
        let ls = lines(
            " Indikator Årsmål KF:s årsmål Periodicitet\n\nRelativ energieffektivisering 2 % \nenergieffekti\nvisering \nrelativt 2018\n\nÅr\n\nAndel som har bistånd i förhållande till \nbefolkningen\n\n0,8 % 1,6 % Tertial\n\nNästa stycke.\n",
        );
        let p = indicators(&ls, 1, false, &|_| false, &|k| ls[k].text.ends_with('.'));
        assert_eq!(p.rows.len(), 2);
        assert_eq!(
            p.rows[0].values,
            ["2 % energieffektivisering relativt 2018"]
        );
        assert_eq!(
            p.rows[1].name,
            "Andel som har bistånd i förhållande till befolkningen"
        );
        assert_eq!(p.resume, 14);
    }

    #[test]
    fn activities_with_dates_after_the_text_or_on_the_first_line() {
        let ls = lines(
            "Aktivitet Startdatum Slutdatum\n\nAllmän visstidsanställning minimeras. 2020-01-01 2020-12-31\n\nFörbättra förutsättningarna för \nfunktionsnedsättning.\n\n2020-01-01 2020-12-31\n\nProsa efteråt.\n",
        );
        let p = activities(&ls, 1, false, &|_| false, &|_| false);
        assert_eq!(p.rows.len(), 2);
        assert_eq!(
            p.rows[1].text,
            "Förbättra förutsättningarna för funktionsnedsättning."
        );
        assert_eq!(p.resume, 8);
        let ls = lines(
            "Aktivitet Startdatum Slutdatum\n\nResursenheten ska erbjuda 2022-01-01 2022-12-31\nkompetensutveckling i syfte\n\nsa att det starker\n\nNamndmal: x\n",
        );
        let p = activities(&ls, 1, true, &|_| false, &|k| {
            ls[k].text.starts_with("Namndmal")
        });
        assert_eq!(p.rows.len(), 1);
        assert_eq!(
            p.rows[0].text,
            "Resursenheten ska erbjuda kompetensutveckling i syfte sa att det starker"
        );
    }

    #[test]
    fn amounts_with_thousands() {
        assert_eq!(
            trailing_amounts("SUMMA 1 948,4 80,8 2 029,2 -51,3 0,0"),
            (
                "SUMMA".into(),
                vec![
                    "1 948,4".into(),
                    "80,8".into(),
                    "2 029,2".into(),
                    "-51,3".into(),
                    "0,0".into()
                ]
            )
        );
        assert_eq!(
            trailing_amounts("varav barn 8,5 0 88,4").1,
            ["8,5", "0", "88,4"]
        );
    }
}
