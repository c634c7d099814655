//! Table rows in extracted text: indicators (Indikator | Årsmål | KF:s årsmål |
//! Periodicitet), activities (text | Startdatum | Slutdatum) and budget tables.
//!
//! Empty cells leave no trace in the text, so a row is read from its right
//! end: the periodicity, then up to two targets, and the rest is the name.

use super::document::{ActivityRow, BudgetRow, BudgetTable, RowKind};
use super::text::{Cell, Line, LineKind, fold, join_wrapped};

/// An indicator row before its targets are assigned to the plan or to KF.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawIndicator {
    pub name: String,
    /// The targets in the order written: one or two.
    pub values: Vec<String>,
    /// The targets by column (Årsmål, KF:s årsmål), where the text kept the
    /// table's columns (`-layout`) and so says which cell is empty.
    pub columns: Option<[Option<String>; 2]>,
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
    // Print sets a minus sign (U+2212) where the plan wrote a hyphen.
    let v = &v.replace('\u{2212}', "-");
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
fn join_row(lines: &[Line], rows: &[usize], ocr: bool, soft_marked: bool) -> String {
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
                        soft_marked && !lines[p].soft && !out.ends_with('-')
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

/// How the text at hand writes a table.
#[derive(Clone, Copy, Debug, Default)]
pub struct Style {
    /// OCR text: wrap spaces lost, check marks read as `v`.
    pub ocr: bool,
    /// Wrapped lines end in a space ([`super::layout::soft_marked`]); a cell
    /// wrapped inside a word then ends without one.
    pub soft_marked: bool,
}

/// Reads indicator rows from `start` (the line after the header) until a line
/// that `stop` says belongs to something else. Where the head's line kept
/// the table's columns (`-layout`), rows are read by column.
pub fn indicators(
    lines: &[Line],
    start: usize,
    style: Style,
    is_header: &dyn Fn(usize) -> bool,
    stop: &dyn Fn(usize) -> bool,
) -> Parsed<RawIndicator> {
    let ocr = style.ocr;
    if let Some(head) = start.checked_sub(1).and_then(|h| lines.get(h))
        && head.cells.len() == 4
        && !ocr
    {
        let cols: Vec<usize> = head.cells.iter().map(|c| c.start).collect();
        return indicators_by_column(lines, start, &cols, is_header, stop);
    }
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
            let text = join_row(lines, &row, ocr, style.soft_marked);
            let (name, values, periodicity) = split_indicator(&text, ocr);
            out.rows.push(RawIndicator {
                name,
                values,
                columns: None,
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

/// The column a cell stands in: the last whose head starts at or before it
/// (a cell may start a character or two left of its head).
fn column_of(cols: &[usize], cell: &Cell) -> usize {
    cols.iter().rposition(|&c| c <= cell.start + 2).unwrap_or(0)
}

/// A line's cells; a line of one run of text is one cell at its indent.
fn cells_of(line: &Line) -> Vec<Cell> {
    if line.cells.is_empty() {
        let chars = line.raw.trim_start_matches('\u{c}');
        vec![Cell {
            start: line.indent,
            end: chars.trim_end().chars().count(),
            text: line.text.clone(),
        }]
    } else {
        line.cells.clone()
    }
}

/// Indicator rows read by column (`pdftotext -layout`): Indikator, Årsmål,
/// KF:s årsmål, Periodicitet at the columns `cols`. A row starts at a line
/// with a name that does not go on from the line above (which ends in a
/// broken word, a hyphen or a comma, or the line starts in lower case); the
/// lines after it add to its cells.
fn indicators_by_column(
    lines: &[Line],
    start: usize,
    cols: &[usize],
    is_header: &dyn Fn(usize) -> bool,
    stop: &dyn Fn(usize) -> bool,
) -> Parsed<RawIndicator> {
    let mut out: Parsed<RawIndicator> = Parsed::default();
    // The row being read: its cells by column, its lines.
    let mut row: Option<([String; 4], Vec<usize>)> = None;
    let finish = |row: Option<([String; 4], Vec<usize>)>, out: &mut Parsed<RawIndicator>| {
        if let Some((cells, used)) = row {
            let [name, target, kf, period] = cells.map(|c| c.replace('\u{ad}', ""));
            let opt = |s: String| Some(s).filter(|s| !s.is_empty());
            let (target, kf) = (opt(normalize_marker(&target)), opt(normalize_marker(&kf)));
            out.rows.push(RawIndicator {
                name,
                values: target.iter().chain(kf.iter()).cloned().collect(),
                columns: Some([target, kf]),
                periodicity: periodicity(&period, false).map(str::to_owned),
                line: lines[used[0]].no,
            });
            out.used.extend(used);
        }
    };
    let mut j = start;
    while j < lines.len() {
        let line = &lines[j];
        if line.kind != LineKind::Text {
            j += 1;
            continue;
        }
        let last = out
            .used
            .last()
            .copied()
            .max(row.as_ref().and_then(|r| r.1.last().copied()));
        if let Some(last) = last
            && j > last + 1
            && paragraph_break(lines, last, j)
        {
            break;
        }
        if is_header(j) {
            out.used.push(j);
            j += 1;
            continue;
        }
        if stop(j) {
            break;
        }
        let cells = cells_of(line);
        let mut by_col: [Option<String>; 4] = Default::default();
        for c in &cells {
            let k = column_of(cols, c).min(3);
            match &mut by_col[k] {
                Some(t) => {
                    t.push(' ');
                    t.push_str(&c.text);
                }
                slot => *slot = Some(c.text.clone()),
            }
        }
        let goes_on = |cell: &str, next: &str| {
            cell.ends_with(['\u{ad}', '-', ','])
                || next
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_lowercase() || !c.is_alphanumeric())
        };
        // Cells are set at the top of their row: a row's first line holds its
        // name and its targets and periodicity, the lines after it the rest
        // of its cells. A line with a name alone goes on with the row above;
        // so does one whose targets go on from the row's (`tas fram av
        // nämn-` / `den`).
        let has_period = by_col[3].is_some();
        let has_values = by_col[1..].iter().any(Option::is_some);
        let starts_row = match (&by_col[0], &row) {
            (_, None) => true,
            (Some(name), Some((cells, _))) => {
                let values_go_on = (1..4).any(|c| {
                    by_col[c]
                        .as_deref()
                        .is_some_and(|v| !cells[c].is_empty() && goes_on(&cells[c], v))
                });
                has_values && !goes_on(&cells[0], name) && (has_period || !values_go_on)
            }
            (None, Some(_)) => false,
        };
        // A line of prose after the table, at the left margin and wide.
        if starts_row && by_col[1..].iter().all(Option::is_none) && line.text.chars().count() > 90 {
            break;
        }
        if starts_row {
            finish(row.take(), &mut out);
            row = Some((Default::default(), Vec::new()));
        }
        if let Some((cells, used)) = row.as_mut() {
            for (k, v) in by_col.iter().enumerate() {
                if let Some(v) = v {
                    join_wrapped(&mut cells[k], v);
                }
            }
            used.push(j);
        }
        j += 1;
    }
    finish(row.take(), &mut out);
    out.resume = j;
    out.used.sort_unstable();
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
    style: Style,
    is_header: &dyn Fn(usize) -> bool,
    stop: &dyn Fn(usize) -> bool,
) -> Parsed<ActivityRow> {
    let ocr = style.ocr;
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
        // Text read cell by cell puts each date on a line of its own.
        if is_iso_date(&line.text)
            && let Some(k) = (j + 1..lines.len()).find(|&k| lines[k].is_text() && !is_header(k))
            && is_iso_date(&lines[k].text)
        {
            entries.push(Entry {
                line: j,
                dated: Some((String::new(), line.text.clone(), lines[k].text.clone())),
            });
            out.used.push(k);
            j = k + 1;
            continue;
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
    // A dated line whose text goes on on the next line (a broken word, no
    // full stop, the next in lower case): the dates stand on a row's first
    // line, as in `-layout` text, and the lines after it are the rest of it.
    let goes_on = dated.iter().any(|&k| {
        let own = entries[k].dated.as_ref().map_or("", |d| d.0.as_str());
        entries.get(k + 1).is_some_and(|next| {
            next.dated.is_none()
                && !own.is_empty()
                && (own.ends_with(['\u{ad}', '-', ','])
                    || !super::text::ends_sentence(own)
                    || super::text::starts_lower(&lines[next.line].text))
        })
    });
    let before = if ocr {
        text_first || dates_alone || !text_after
    } else {
        text_first || dates_alone || !goes_on
    };
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
            values.push(t.replace('\u{2212}', "-"));
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

/// A caption over a table set as a caption (`Fördelningen till nämndens
/// verksamheter (mnkr)`): the title and the unit.
fn caption(text: &str) -> Option<(String, String)> {
    let body = text.strip_suffix(')')?;
    let (title, unit) = body.rsplit_once(" (")?;
    (matches!(unit, "mnkr" | "tkr" | "kr" | "mkr")
        && !title.is_empty()
        && title.chars().count() <= 120)
        .then(|| (title.to_owned(), unit.to_owned()))
}

/// The amounts of a cell or a block of text, if it is nothing but amounts.
fn only_amounts(text: &str) -> Option<Vec<String>> {
    let (rest, values) = trailing_amounts(text);
    (rest.is_empty() && !values.is_empty()).then_some(values)
}

/// Whether a label goes on on its next line (a broken word, a hyphen, a
/// comma, or the next line in lower case) rather than a note standing under it.
fn label_goes_on(label: &str, next: &str) -> bool {
    label.ends_with(['\u{ad}', '-', ','])
        || next
            .chars()
            .next()
            .is_some_and(|c| c.is_lowercase() || !c.is_alphanumeric())
}

/// Whether a blank line stands between lines `a` and `b` with no page
/// furniture beside it: rows of a table set in columns follow each other
/// without one, so it ends the table (a page break brings blank lines, and
/// the running heads with them).
fn paragraph_break(lines: &[Line], a: usize, b: usize) -> bool {
    let between = &lines[a + 1..b];
    between.iter().any(|l| l.kind == LineKind::Blank)
        && !between.iter().any(|l| l.kind == LineKind::Furniture)
}

/// Column ends from the ends of the amounts of all rows: ends within three
/// characters of each other are one column (`-layout` places proportional
/// type on a grid of characters); as many columns as the widest row has.
fn column_ends(mut ends: Vec<usize>, width: usize) -> Vec<usize> {
    ends.sort_unstable();
    let mut clusters: Vec<Vec<usize>> = Vec::new();
    for e in ends {
        match clusters.last_mut() {
            Some(c) if e - c[c.len() - 1] <= 3 => c.push(e),
            _ => clusters.push(vec![e]),
        }
    }
    // Too many: the two nearest join, until there are as many as the widest row.
    while clusters.len() > width.max(1) {
        let Some(k) = (0..clusters.len() - 1)
            .min_by_key(|&k| clusters[k + 1][0] - clusters[k][clusters[k].len() - 1])
        else {
            break;
        };
        let next = clusters.remove(k + 1);
        clusters[k].extend(next);
    }
    clusters
        .iter()
        .map(|c| c.iter().sum::<usize>() / c.len())
        .collect()
}

/// Whether a row's label is a total's word: `Netto`, `Summa`, `Totalt`.
fn names_a_total(label: &str) -> bool {
    matches!(
        fold(label).as_str(),
        "netto" | "summa" | "totalt" | "total" | "s:a"
    )
}

/// Marks as totals the rows a total's word names (`Netto`, `Summa`,
/// `Totalt`) whose every amount is the sum of the rows above it since the
/// last total: print shows a total in bold, which extracted text loses.
fn infer_totals(rows: &mut [BudgetRow]) {
    let parse = |v: &str| -> Option<f64> {
        let t: String = v.chars().filter(|c| !c.is_whitespace()).collect();
        t.replace('\u{2212}', "-").replace(',', ".").parse().ok()
    };
    let mut start = 0;
    for i in 0..rows.len() {
        if rows[i].kind == RowKind::Total {
            start = i + 1;
            continue;
        }
        let named = names_a_total(&rows[i].label);
        let above: Vec<&BudgetRow> = rows[start..i]
            .iter()
            .filter(|r| r.kind == RowKind::Row)
            .collect();
        if !named || above.len() < 2 {
            continue;
        }
        let sums = (0..rows[i].values.len()).all(|c| {
            let total = parse(&rows[i].values[c]);
            let parts: Option<f64> = above
                .iter()
                .map(|r| r.values.get(c).and_then(|v| parse(v)))
                .sum();
            matches!((total, parts), (Some(t), Some(p)) if (t - p).abs() < 0.051)
        });
        // Amounts that are all zero sum to anything of zeros: no evidence.
        let zero = rows[i]
            .values
            .iter()
            .all(|v| parse(v).is_none_or(|x| x == 0.0));
        if sums && !zero {
            rows[i].kind = RowKind::Total;
            start = i + 1;
        }
    }
}

/// A budget table set with a caption and its columns kept (`-layout`): the
/// head's cells and each row's amounts stand right-aligned in their column,
/// so each is placed by where it ends; a row's label wraps onto the lines
/// under it, and a note stands there too.
fn budget_by_column(
    lines: &[Line],
    at: usize,
    to: usize,
    title: &str,
    unit: &str,
) -> Option<(BudgetTable, Vec<usize>, usize)> {
    let mut used = vec![at];
    let text_lines = || (at + 1..to).filter(|&k| lines[k].is_text());
    // The head: lines of cells with no amounts, up to the first row.
    let mut head: Vec<usize> = Vec::new();
    let mut k_iter = text_lines();
    let mut first_row = None;
    for k in k_iter.by_ref() {
        let cells = &lines[k].cells;
        if cells.len() >= 2 && cells[1..].iter().all(|c| only_amounts(&c.text).is_some()) {
            first_row = Some(k);
            break;
        }
        if cells.is_empty() && !head.is_empty() && lines[k].indent > 8 {
            // A head cell alone on its line.
            head.push(k);
            continue;
        }
        if cells.is_empty() || head.len() > 6 {
            return None;
        }
        head.push(k);
    }
    let first_row = first_row?;
    // The columns: where the amounts of the rows end.
    let mut ends: Vec<usize> = Vec::new();
    let mut widest = 0;
    let mut rows: Vec<BudgetRow> = Vec::new();
    // Each row's amounts with the column each ends at.
    let mut placed: Vec<Vec<(usize, String)>> = Vec::new();
    let mut k = first_row;
    let mut last_used = first_row;
    let head_texts: Vec<&str> = head.iter().map(|&h| lines[h].text.as_str()).collect();
    while k < to {
        let line = &lines[k];
        if !line.is_text() {
            k += 1;
            continue;
        }
        if k > last_used + 1 && paragraph_break(lines, last_used, k) {
            break;
        }
        // The head again, on a new page.
        if head_texts.contains(&line.text.as_str()) {
            used.push(k);
            last_used = k;
            k += 1;
            continue;
        }
        let cells = cells_of(line);
        let amounts: Vec<&Cell> = cells
            .iter()
            .filter(|c| only_amounts(&c.text).is_some())
            .collect();
        let label: Vec<&Cell> = cells
            .iter()
            .take_while(|c| only_amounts(&c.text).is_none())
            .collect();
        if amounts.len() >= 2 && label.len() + amounts.len() == cells.len() {
            let mut text = String::new();
            for c in &label {
                join_wrapped(&mut text, &c.text);
            }
            let values: Vec<(usize, String)> = amounts
                .iter()
                .flat_map(|c| {
                    let v = only_amounts(&c.text).unwrap_or_default();
                    let n = v.len();
                    v.into_iter().map(move |v| (c.end, v)).take(n)
                })
                .collect();
            ends.extend(values.iter().map(|(e, _)| *e));
            widest = widest.max(values.len());
            rows.push(BudgetRow {
                label: text,
                kind: RowKind::Row,
                values: Vec::new(),
                note: None,
                line: line.no,
            });
            placed.push(values);
            used.push(k);
            last_used = k;
            k += 1;
            continue;
        }
        // A line of the label's cell alone: the label goes on, or a note.
        if amounts.is_empty()
            && cells.len() == 1
            && line.text.chars().count() <= 80
            && let Some(row) = rows.last_mut()
        {
            match &mut row.note {
                Some(note) => join_wrapped(note, &line.text),
                None if label_goes_on(&row.label, &line.text) => {
                    join_wrapped(&mut row.label, &line.text)
                }
                None => row.note = Some(line.text.clone()),
            }
            used.push(k);
            last_used = k;
            k += 1;
            continue;
        }
        break;
    }
    if rows.is_empty() {
        return None;
    }
    let ends = column_ends(ends, widest);
    let nearest = |end: usize| {
        ends.iter()
            .enumerate()
            .min_by_key(|(_, e)| e.abs_diff(end))
            .map(|(i, _)| i)
    };
    // Each amount to the column it ends in.
    for (r, amounts) in rows.iter_mut().zip(placed) {
        let mut values = vec![String::new(); ends.len()];
        for (end, amount) in amounts {
            if let Some(c) = nearest(end) {
                values[c] = amount;
            }
        }
        r.values = values;
        let (kind, label) = row_kind(r.label.replace('\u{ad}', "").trim());
        r.kind = kind;
        r.label = label;
        r.note = r.note.as_ref().map(|n| n.replace('\u{ad}', ""));
    }
    // The head's cells by the column they end in.
    let mut columns = vec![String::new(); ends.len()];
    let mut header = String::new();
    for &h in &head {
        for c in cells_of(&lines[h]) {
            join_wrapped(&mut header, &c.text);
            let col = ends
                .iter()
                .enumerate()
                .min_by_key(|(_, e)| e.abs_diff(c.end))
                .map(|(i, _)| i);
            if let Some(col) = col {
                join_wrapped(&mut columns[col], &c.text);
            }
        }
        used.push(h);
    }
    let columns = columns
        .into_iter()
        .map(|c| c.replace('\u{ad}', ""))
        .collect();
    infer_totals(&mut rows);
    used.sort_unstable();
    used.dedup();
    Some((
        BudgetTable {
            title: Some(title.to_owned()),
            unit: Some(unit.to_owned()),
            columns,
            header: header.replace('\u{ad}', ""),
            rows,
            line: lines[at].no,
            context: None,
        },
        used,
        last_used + 1,
    ))
}

/// A budget table set with a caption, read cell by cell (pdftotext without
/// `-layout` gives each cell as a block of its own): the head's cells, then
/// per row its label and its amounts.
fn budget_by_block(
    lines: &[Line],
    at: usize,
    to: usize,
    title: &str,
    unit: &str,
) -> Option<(BudgetTable, Vec<usize>, usize)> {
    // Blocks: runs of text lines; a blank line or page furniture ends one.
    let mut blocks: Vec<Vec<usize>> = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    let mut k = at + 1;
    while k < to {
        if lines[k].is_text() {
            // Prose after the table, or the next table's caption, ends it.
            if current.is_empty() && (caption(&lines[k].text).is_some() || is_prose(&lines[k])) {
                break;
            }
            current.push(k);
        } else if !current.is_empty() {
            blocks.push(std::mem::take(&mut current));
        }
        k += 1;
    }
    if !current.is_empty() {
        blocks.push(current);
    }
    let text_of = |b: &[usize]| {
        let mut t = String::new();
        for &i in b {
            join_wrapped(&mut t, &lines[i].text);
        }
        t
    };
    let amounts = |b: &[usize]| -> Option<Vec<String>> {
        let mut all = Vec::new();
        for &i in b {
            all.extend(only_amounts(&lines[i].text)?);
        }
        Some(all)
    };
    // The head: the text blocks before the first label, a text block followed by amounts.
    let first_label = (0..blocks.len()).find(|&b| {
        amounts(&blocks[b]).is_none() && blocks.get(b + 1).is_some_and(|n| amounts(n).is_some())
    })?;
    // A head whose first cell is empty lets pdftotext read the first row's label
    // before the head, as if it were the head's first cell. The head's cells name
    // years ("Budget 2018", "Jmf budget 2019-2018"): when every cell but the first
    // does, and so does the "label" after them, and the row after it has one
    // amount per such cell, that label is the head's last cell and the first
    // block the label.
    let amounts_after = |b: usize| -> usize {
        blocks[b + 1..]
            .iter()
            .map_while(|k| amounts(k))
            .map(|v| v.len())
            .sum()
    };
    if first_label >= 2
        && !names_a_year(&text_of(&blocks[0]))
        && blocks[1..=first_label]
            .iter()
            .all(|b| names_a_year(&text_of(b)))
        && amounts_after(first_label) == first_label
    {
        blocks[..=first_label].rotate_left(1);
    }
    let head = &blocks[..first_label];
    let width = head.len();
    if width == 0 {
        return None;
    }
    let mut used: Vec<usize> = vec![at];
    used.extend(head.iter().flatten().copied());
    let mut rows: Vec<BudgetRow> = Vec::new();
    let mut b = first_label;
    let mut last_used = head.last().and_then(|h| h.last()).copied().unwrap_or(at);
    let head_texts: Vec<String> = head.iter().map(|h| text_of(h)).collect();
    let is_head_at = |k: usize| {
        k < blocks.len()
            && blocks.len() - k >= width
            && blocks[k..k + width]
                .iter()
                .zip(&head_texts)
                .all(|(block, h)| text_of(block) == *h)
    };
    while b < blocks.len() {
        // The head repeated on a new page.
        if is_head_at(b) {
            for block in &blocks[b..b + width] {
                used.extend(block.iter().copied());
            }
            b += width;
            continue;
        }
        if amounts(&blocks[b]).is_some() {
            // Rows whose labels pdftotext read after their amounts (a SUMMA row
            // at the table's end): whole rows of amounts, then as many one-line
            // labels, and nothing after them.
            let run = blocks[b..]
                .iter()
                .take_while(|k| amounts(k).is_some())
                .count();
            let values: Vec<String> = blocks[b..b + run]
                .iter()
                .flat_map(|k| amounts(k).unwrap_or_default())
                .collect();
            let rows_read = values.len() / width;
            let labels = &blocks[(b + run).min(blocks.len())..];
            let labels = &labels[..rows_read.min(labels.len())];
            let whole_rows = values.len().is_multiple_of(width) && labels.len() == rows_read;
            // Only a total's label (SUMMA, Netto) is taken from after its amounts:
            // anything else there is what follows the table.
            let totals = labels.iter().all(|l| {
                let text = lines[l[0]].text.trim();
                l.len() == 1
                    && amounts(l).is_none()
                    && (row_kind(text).0 == RowKind::Total || names_a_total(text))
            });
            if rows_read > 0 && whole_rows && totals {
                for (label, values) in labels.iter().zip(values.chunks(width)) {
                    let (kind, text) = row_kind(lines[label[0]].text.replace('\u{ad}', "").trim());
                    rows.push(BudgetRow {
                        label: text,
                        kind,
                        values: values.to_vec(),
                        note: None,
                        line: lines[label[0]].no,
                    });
                }
                for block in &blocks[b..b + run + rows_read] {
                    used.extend(block.iter().copied());
                    last_used = *block.last().unwrap_or(&last_used);
                }
            }
            break;
        }
        // The label, and a note under it in the same cell.
        let label_lines = &blocks[b];
        let mut label = lines[label_lines[0]].text.clone();
        let mut note: Option<String> = None;
        for &i in &label_lines[1..] {
            match &mut note {
                Some(n) => join_wrapped(n, &lines[i].text),
                None if label_goes_on(&label, &lines[i].text) => {
                    join_wrapped(&mut label, &lines[i].text)
                }
                None => note = Some(lines[i].text.clone()),
            }
        }
        let mut values = Vec::new();
        let mut n = b + 1;
        // The head repeated on a new page, read after the label (as the first
        // head was, when its first cell is empty).
        if is_head_at(n) {
            for block in &blocks[n..n + width] {
                used.extend(block.iter().copied());
            }
            n += width;
        }
        while n < blocks.len() && values.len() < width {
            match amounts(&blocks[n]) {
                Some(v) => values.extend(v),
                None => break,
            }
            n += 1;
        }
        if values.is_empty() {
            break;
        }
        let (kind, label) = row_kind(label.replace('\u{ad}', "").trim());
        rows.push(BudgetRow {
            label,
            kind,
            values,
            note: note.map(|n| n.replace('\u{ad}', "")),
            line: lines[label_lines[0]].no,
        });
        for block in &blocks[b..n] {
            used.extend(block.iter().copied());
            last_used = *block.last().unwrap_or(&last_used);
        }
        b = n;
    }
    if rows.is_empty() {
        return None;
    }
    let columns: Vec<String> = head
        .iter()
        .map(|h| text_of(h).replace('\u{ad}', ""))
        .collect();
    infer_totals(&mut rows);
    used.sort_unstable();
    Some((
        BudgetTable {
            title: Some(title.to_owned()),
            unit: Some(unit.to_owned()),
            header: columns.join(" "),
            columns,
            rows,
            line: lines[at].no,
            context: None,
        },
        used,
        last_used + 1,
    ))
}

/// Whether a column heading ends in a year or a span of years: `Budget 2019`,
/// `Jmf budget 2019-2018`.
fn names_a_year(text: &str) -> bool {
    text.split_whitespace()
        .next_back()
        .is_some_and(|last| last.split(['-', '–']).all(is_year))
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
        // A table under a caption of its own, as vp prints them.
        if lines[i].is_text()
            && let Some((title, unit)) = caption(&lines[i].text)
        {
            let found = budget_by_column(lines, i, to, &title, &unit)
                .or_else(|| budget_by_block(lines, i, to, &title, &unit));
            if let Some((table, used, next)) = found {
                out.rows.push(table);
                out.used.extend(used);
                floor = next;
                i = next;
                continue;
            }
        }
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
            // A note under the previous row (wrapped over up to three lines),
            // if the table goes on after it.
            let mut note_end = k;
            while note_end < to
                && note_end < k + 2
                && lines[note_end].is_text()
                && lines[note_end].soft
                && !is_data_row(&lines[note_end])
            {
                note_end += 1;
            }
            let note_lines = k..=note_end;
            let fits = note_end < to
                && lines[note_end].is_text()
                && !lines[note_end].soft
                && !is_data_row(&lines[note_end])
                && lines[note_lines.clone()]
                    .iter()
                    .map(|l| l.text.chars().count())
                    .sum::<usize>()
                    <= 200;
            if fits {
                let next = (note_end + 1..to).find(|&n| lines[n].is_text());
                let continues = next.is_some_and(|n| {
                    let mut e = n;
                    while e < to && lines[e].is_text() && lines[e].soft && !is_data_row(&lines[e]) {
                        e += 1;
                    }
                    e < to && is_data_row(&lines[e])
                });
                if continues && let Some(row) = table.rows.last_mut() {
                    let mut note = String::new();
                    for l in &lines[note_lines.clone()] {
                        join_wrapped(&mut note, &l.text);
                    }
                    row.note = Some(note);
                    out.used.extend(note_lines);
                    last_used = note_end;
                    k = note_end + 1;
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

/// A budget row's kind from its label, and the label as printed: a part of the
/// row above keeps its word "varav" and its case ("Varav feriearbetare",
/// "varav barn och ungdom"), as the plan file writes it and `vp render` prints it.
fn row_kind(label: &str) -> (RowKind, String) {
    let folded = fold(label);
    if folded == "summa" || folded.starts_with("summa ") {
        return (RowKind::Total, label.to_owned());
    }
    if folded.starts_with("varav ") {
        return (RowKind::PartOf, label.to_owned());
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
    use crate::import::layout::lines;

    #[test]
    fn a_part_keeps_its_label_as_printed() {
        // Seed 002 prints both cases; the plan keeps each as printed, so the
        // rendered plan says "Varav handläggning", not "varav Varav handläggning".
        for label in [
            "Varav handläggning",
            "Varav feriearbetare",
            "varav barn och ungdom",
        ] {
            assert_eq!(row_kind(label), (RowKind::PartOf, label.to_owned()));
        }
        assert_eq!(row_kind("SUMMA"), (RowKind::Total, "SUMMA".to_owned()));
        assert_eq!(
            row_kind("Varavdelning"),
            (RowKind::Row, "Varavdelning".to_owned())
        );
    }

    /// A caption's table as pdftotext without `-layout` gives it: a block per cell.
    fn by_block(cells: &[&str]) -> BudgetTable {
        let text = format!(
            "Kapitalkostnader (mnkr)\n\n{}\n\nTexten efter tabellen fortsätter här med en hel mening.\n",
            cells.join("\n\n")
        );
        let ls = lines(&text);
        let parsed = budget_tables(&ls, 0, ls.len(), &|_| None);
        assert_eq!(parsed.rows.len(), 1, "{text}");
        parsed.rows.into_iter().next().unwrap()
    }

    /// The rows as (label, amounts) in one string each: `Netto 10,0 10,8`.
    fn rows_of(t: &BudgetTable) -> Vec<String> {
        t.rows
            .iter()
            .map(|r| format!("{} {}", r.label, r.values.join(" ")))
            .collect()
    }

    #[test]
    fn cells_read_out_of_place_by_pdftotext_are_put_back() {
        let want = [
            "Avskrivningar 9,5 10,1",
            "Internräntor 0,5 0,7",
            "Netto 10,0 10,8",
        ];
        let read = |s: &str| by_block(&s.split('|').collect::<Vec<_>>());
        let in_order =
            "Budget 2018|Budget 2019|Avskrivningar|9,5|10,1|Internräntor|0,5|0,7|Netto|10,0|10,8";
        let plain = read(in_order);
        assert_eq!(rows_of(&plain), want);
        assert_eq!(plain.columns, ["Budget 2018", "Budget 2019"]);
        // The first label before the head (the head's first cell is empty).
        let early = read(
            "Avskrivningar|Budget 2018|Budget 2019|9,5|10,1|Internräntor|0,5|0,7|Netto|10,0|10,8",
        );
        assert_eq!(rows_of(&early), want);
        assert_eq!(early.columns, ["Budget 2018", "Budget 2019"]);
        // The last row's label after its amounts.
        let late = read(
            "Budget 2018|Budget 2019|Avskrivningar|9,5|10,1|Internräntor|0,5|0,7|10,0|10,8|Netto",
        );
        assert_eq!(rows_of(&late), want);
        // The head again after a page break.
        let again = read(
            "Budget 2018|Budget 2019|Avskrivningar|9,5|10,1|Budget 2018|Budget 2019|Internräntor|0,5|0,7|Netto|10,0|10,8",
        );
        assert_eq!(rows_of(&again), want);
        // The head again after a page break, after the label as the first was.
        let again_early = read(
            "Budget 2018|Budget 2019|Avskrivningar|9,5|10,1|Internräntor|Budget 2018|Budget 2019|0,5|0,7|Netto|10,0|10,8",
        );
        assert_eq!(rows_of(&again_early), want);
        // Heads that name no year are left as read: nothing tells them from a label.
        let unnamed = read("Kostnader|Intäkter|Avskrivningar|9,5|10,1");
        assert_eq!(unnamed.columns, ["Kostnader", "Intäkter"]);
    }

    #[test]
    fn tables_in_order_are_not_rearranged() {
        let read = |s: &str| by_block(&s.split('|').collect::<Vec<_>>());
        // A first cell of its own, and a first label that names a year: the head
        // has three cells and the row two amounts, so nothing was read early.
        let named = read("Mnkr|Budget 2019|Budget 2020|Resultat 2018|1,0|2,0");
        assert_eq!(named.columns, ["Mnkr", "Budget 2019", "Budget 2020"]);
        assert_eq!(rows_of(&named), ["Resultat 2018 1,0 2,0"]);
        // Amounts without a label, then a label that is no total: not a late
        // label, and nothing after it is taken into the table.
        let unlabelled = read("Budget 2018|Budget 2019|A|1|2|3|4|B|5|6");
        assert_eq!(rows_of(&unlabelled), ["A 1 2"]);
        // A heading after a total's amounts stays out of the table.
        let heading = read("Budget 2018|Budget 2019|Netto|10,0|10,8|20,0|21,6|Investeringar");
        assert_eq!(rows_of(&heading), ["Netto 10,0 10,8"]);
    }

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
        let style = Style {
            ocr: false,
            soft_marked: true,
        };
        let p = indicators(&ls, 1, style, &|_| false, &|k| ls[k].text.ends_with('.'));
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
        let p = activities(&ls, 1, Style::default(), &|_| false, &|_| false);
        assert_eq!(p.rows.len(), 2);
        assert_eq!(
            p.rows[1].text,
            "Förbättra förutsättningarna för funktionsnedsättning."
        );
        assert_eq!(p.resume, 8);
        let ls = lines(
            "Aktivitet Startdatum Slutdatum\n\nResursenheten ska erbjuda 2022-01-01 2022-12-31\nkompetensutveckling i syfte\n\nsa att det starker\n\nNamndmal: x\n",
        );
        let ocr = Style {
            ocr: true,
            soft_marked: false,
        };
        let p = activities(&ls, 1, ocr, &|_| false, &|k| {
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
