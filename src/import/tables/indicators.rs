//! Indicator rows: Indikator | Årsmål | KF:s årsmål | Periodicitet.
//!
//! Empty cells leave no trace in the text, so a row is read from its right
//! end: the periodicity, then up to two targets, and the rest is the name.

use super::{Parsed, Style, cells_of, is_year, paragraph_break};
use crate::import::text::{self, Cell, Line, LineKind, fold, join_wrapped};
use crate::model::value::Periodicity;

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

/// KF:s årsmål of the indicators KF's budgets already define, by the
/// indicator's name: what `vp import` finds in the plan tree it writes to.
/// Where an indicator table read column by column can be put together in
/// more than one way (pdfminer.six may read a group's cells row by row or
/// column by column, and the text does not say which), the way whose
/// KF:s årsmål agree with KF's budget is the one read.
#[derive(Clone, Debug, Default)]
pub struct KfTargets {
    by_name: rustc_hash::FxHashMap<String, Vec<String>>,
}

impl KfTargets {
    /// Adds KF:s årsmål `target` (empty for none) of the indicator `name`.
    pub fn insert(&mut self, name: &str, target: &str) {
        let t = target_key(target);
        let known = self.by_name.entry(name_key(name)).or_default();
        if !known.contains(&t) {
            known.push(t);
        }
    }

    /// KF:s årsmål of every indicator in the KF budgets of `plans`.
    pub fn from_plans(plans: &crate::model::PlanSet) -> KfTargets {
        let mut known = KfTargets::default();
        for year in plans.kf_years.values() {
            for indicator in year.goals().flat_map(|g| g.indicators.iter()) {
                let target = indicator.kf_target.as_ref().unwrap_or(&indicator.target);
                known.insert(&indicator.name, target.text());
            }
        }
        known
    }

    pub fn is_empty(&self) -> bool {
        self.by_name.is_empty()
    }

    /// The KF:s årsmål KF's budgets give the indicator `name`, as keys.
    fn get(&self, name: &str) -> Option<&[String]> {
        self.by_name.get(&name_key(name)).map(Vec::as_slice)
    }
}

/// An indicator's name as [`KfTargets`] looks it up: folded, its spaces one.
fn name_key(name: &str) -> String {
    fold(&name.replace('\u{ad}', ""))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A target as [`KfTargets`] compares it: as the import reads it, folded,
/// its spaces one (`78 %` and `78%` stay apart); an empty cell is `–`.
fn target_key(target: &str) -> String {
    let t = normalize_marker(target.trim());
    let t = if t.is_empty() { "–".to_owned() } else { t };
    fold(&t).split_whitespace().collect::<Vec<_>>().join(" ")
}

fn periodicity(token: &str, ocr: bool) -> Option<&'static str> {
    Periodicity::NAMES.iter().copied().find(|p| {
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
                // A cell's next value (`Tertial`, `– – År`), or a value after
                // a number (`0` / `tas fram av`), is no part of a word.
                let inside_word = adjacent
                    && if ocr {
                        line.text.chars().count() <= 3
                    } else {
                        soft_marked
                            && !lines[p].soft
                            && !out.ends_with('-')
                            && out.chars().last().is_some_and(char::is_alphabetic)
                            && text::starts_lower(&line.text)
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
    out.retain(|c| c != '\u{ad}');
    out
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

/// What a paragraph of an indicator table read column by column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Run {
    /// An indicator's name.
    Name,
    /// A target (Årsmål or KF:s årsmål; `–` for none).
    Value,
    /// This many periodicities, one a line.
    Periods(usize),
    /// Text after another table's head (an activity table's texts, which
    /// pdfminer.six may put among this table's values): left to that table.
    Other,
}

/// The most paragraphs [`indicators_by_runs`] reads: a table of a hundred rows.
const MOST_PARAGRAPHS: usize = 400;

/// Indicator rows read column by column (pdfminer.six): the table's
/// paragraphs from the head part at `start` on, the names, targets and
/// periodicities in runs, the head's parts (`is_header`) anywhere among
/// them, the values sometimes before the head. Lines `skip` says are
/// another table's head (pdfminer.six may put an activity table's head
/// before this table's values) are stepped over and left to it.
///
/// Put back together by counting: every row has a name, two targets (an
/// empty cell is printed `–`) and a periodicity, so the table ends where the
/// paragraphs read make as many names as periodicities and twice as many
/// targets (the last such point before a date or anything `stop` says ends
/// the table). pdfminer.six reads the rows in groups: a group's names, then
/// its Årsmål values, then its KF:s årsmål values, then its periodicities.
/// A run of 2k targets (ended by a name or a periodicity) is such a group
/// of k rows where it holds one row or follows a run of k names; otherwise
/// (a run of names may hold several groups) the grouping is not known and
/// `None` is returned (nothing guessed: the table's check then reports the
/// rows missing).
pub fn indicators_by_runs(
    lines: &[Line],
    start: usize,
    is_header: &dyn Fn(usize) -> bool,
    skip: &dyn Fn(usize) -> bool,
    stop: &dyn Fn(usize) -> bool,
    known: &KfTargets,
) -> Option<Parsed<RawIndicator>> {
    // The paragraphs, and the lines stepped over.
    let mut paragraphs: Vec<Vec<usize>> = Vec::new();
    let mut heads: Vec<usize> = Vec::new();
    let mut skipped: Vec<usize> = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    // How many paragraphs stood before the head's `Årsmål` and `KF:s
    // årsmål`, and before another table's head.
    let (mut target_head, mut kf_head, mut other_head) = (None, None, None);
    let mut k = start;
    while let Some(line) = lines.get(k) {
        if line.kind == LineKind::Text {
            let before = paragraphs.len() + usize::from(!current.is_empty());
            if is_header(k) {
                heads.push(k);
                match fold(&line.text).as_str() {
                    "arsmal" => target_head = target_head.or(Some(before)),
                    "kf:s arsmal" => kf_head = kf_head.or(Some(before)),
                    _ => {}
                }
            } else if skip(k) {
                // This table's own caption (`Indikatorer`) is no other head.
                if !fold(&line.text).starts_with("indikator") {
                    other_head = other_head.or(Some(before));
                }
                skipped.push(k);
            } else if stop(k) || super::is_iso_date(&line.text) {
                break;
            } else {
                current.push(k);
                k += 1;
                continue;
            }
        }
        if !current.is_empty() {
            paragraphs.push(std::mem::take(&mut current));
            if paragraphs.len() > MOST_PARAGRAPHS {
                break;
            }
        }
        k += 1;
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    let text_of = |p: &[usize]| {
        let mut t = String::new();
        for &i in p {
            join_wrapped(&mut t, &lines[i].text);
        }
        t.replace('\u{ad}', "")
    };
    let kinds: Vec<Run> = paragraphs
        .iter()
        .enumerate()
        .map(|(n, p)| {
            if p.iter()
                .all(|&i| periodicity(&lines[i].text, false).is_some())
            {
                return Run::Periods(p.len());
            }
            let text = text_of(p);
            let tokens: Vec<&str> = text.split(' ').filter(|t| !t.is_empty()).collect();
            if value_start(&tokens, tokens.len(), false) == Some(0) {
                Run::Value
            } else if other_head.is_some_and(|o| n >= o) {
                Run::Other
            } else {
                Run::Name
            }
        })
        .collect();
    // Where the table ends: the last paragraph after which the counts agree.
    let (mut names, mut values, mut periods) = (0, 0, 0);
    let mut end = None;
    for (n, kind) in kinds.iter().enumerate() {
        match kind {
            Run::Name => names += 1,
            Run::Value => values += 1,
            Run::Periods(c) => periods += c,
            Run::Other => {}
        }
        if names > 0 && values == 2 * names && periods == names {
            end = Some(n);
        }
    }
    let end = end?;
    // The runs of targets, each with the run of names just before it.
    let mut runs: Vec<(Vec<usize>, usize)> = Vec::new();
    let mut names_since = 0;
    let mut last_was_value = false;
    for (n, kind) in kinds[..=end].iter().enumerate() {
        match kind {
            Run::Name => {
                names_since += 1;
                last_was_value = false;
            }
            Run::Value => {
                if last_was_value && let Some(run) = runs.last_mut() {
                    run.0.push(n);
                } else {
                    runs.push((vec![n], names_since));
                    names_since = 0;
                }
                last_was_value = true;
            }
            // A group's periodicities follow its targets: the next target
            // starts another group.
            Run::Periods(_) | Run::Other => last_was_value = false,
        }
    }
    // Each row's KF:s årsmål as KF's budget gives them, where it does; a
    // way of reading the targets must agree with them.
    let row_known: Vec<Option<&[String]>> = kinds[..=end]
        .iter()
        .zip(&paragraphs)
        .filter(|(k, _)| **k == Run::Name)
        .map(|(_, p)| known.get(&text_of(p)))
        .collect();
    // The targets as KF's budget is compared with, each made once (the
    // count below asks about a target once for each way it may be read).
    let value_keys: Vec<Option<String>> = kinds[..=end]
        .iter()
        .zip(&paragraphs)
        .map(|(k, p)| {
            (*k == Run::Value && row_known.iter().any(Option::is_some))
                .then(|| target_key(&text_of(p)))
        })
        .collect();
    // With `use_known` false, every target agrees (the text read alone).
    let kf_agrees = |use_known: bool, row: usize, p: usize| {
        !use_known
            || row_known.get(row).copied().flatten().is_none_or(|ts| {
                value_keys
                    .get(p)
                    .and_then(Option::as_ref)
                    .is_some_and(|k| ts.contains(k))
            })
    };
    let grouped: Option<Vec<(usize, usize)>> = runs
        .iter()
        .map(|(run, names_before)| {
            let rows = run.len() / 2;
            (run.len() % 2 == 0 && (rows == 1 || *names_before == rows)).then(|| {
                (0..rows)
                    .map(|r| (run[r], run[rows + r]))
                    .collect::<Vec<_>>()
            })
        })
        .collect::<Option<Vec<_>>>()
        .map(|g| g.concat());
    let assign = |use_known: bool| -> Option<Vec<(usize, usize)>> {
        let agrees = |row: usize, p: usize| kf_agrees(use_known, row, p);
        match grouped
            .clone()
            .filter(|pairs| pairs.iter().enumerate().all(|(r, &(_, b))| agrees(r, b)))
        {
            Some(pairs) => Some(pairs),
            None => targets_in_order(
                &kinds[..=end],
                target_head,
                kf_head,
                &agrees,
                use_known && !row_known.is_empty() && row_known.iter().all(Option::is_some),
            ),
        }
    };
    // KF's budget only chooses among the ways the text allows: where no way
    // agrees with it (the plan printed other KF:s årsmål), the text is read
    // alone.
    let alone = assign(false);
    let with_known = row_known
        .iter()
        .any(Option::is_some)
        .then(|| assign(true))
        .flatten();
    let kf_chose = with_known.is_some() && with_known != alone;
    let pairs = with_known.or(alone)?;
    let targets: Vec<(String, String)> = pairs
        .iter()
        .map(|&(a, b)| (text_of(&paragraphs[a]), text_of(&paragraphs[b])))
        .collect();
    let period_names: Vec<&'static str> = kinds[..=end]
        .iter()
        .zip(&paragraphs)
        .filter(|(k, _)| matches!(k, Run::Periods(_)))
        .flat_map(|(_, p)| p.iter().filter_map(|&i| periodicity(&lines[i].text, false)))
        .collect();
    let name_paragraphs = kinds[..=end]
        .iter()
        .zip(&paragraphs)
        .filter(|(k, _)| **k == Run::Name)
        .map(|(_, p)| p);
    let mut out: Parsed<RawIndicator> = Parsed {
        kf_chose,
        ..Parsed::default()
    };
    for ((p, (target, kf)), period) in name_paragraphs.zip(targets).zip(period_names) {
        let (target, kf) = (normalize_marker(&target), normalize_marker(&kf));
        out.rows.push(RawIndicator {
            name: text_of(p),
            values: vec![target.clone(), kf.clone()],
            columns: Some([Some(target), Some(kf)]),
            periodicity: Some(period.to_owned()),
            line: lines[p[0]].no,
        });
    }
    let last = *paragraphs[end].last()?;
    out.used = paragraphs[..=end]
        .iter()
        .zip(&kinds)
        .filter(|(_, k)| **k != Run::Other)
        .flat_map(|(p, _)| p.iter().copied())
        .collect();
    out.used.extend(heads.iter().filter(|&&h| h < last));
    out.used.sort_unstable();
    // Another table's head among these paragraphs is read where it stands.
    out.resume = skipped
        .iter()
        .copied()
        .find(|&s| s < last)
        .unwrap_or(last + 1);
    Some(out)
}

/// The targets of a table read column by column whose runs of targets are
/// not groups (a column's cells read in runs of other lengths than the
/// names', or a row's two targets one after the other): each row's Årsmål
/// and KF:s årsmål paragraphs, when one way only puts them together. Each
/// column keeps its rows' order, a row's Årsmål stands after its name, its
/// KF:s årsmål after its Årsmål and before its periodicity, and a column's
/// cells after its head (`target_head`, `kf_head`: the paragraphs before
/// it). Counted over the ways of taking each target as the next Årsmål or
/// the next KF:s årsmål; where more than one agrees, counted again with
/// each run of targets (between other paragraphs or a head) in one column,
/// as pdfminer.six reads a group's column. A way's KF:s årsmål must agree
/// with KF's budget where it knows the row (`kf_agrees(row, paragraph)`);
/// where it knows every row (`all_known`) and still no way or more than one
/// agrees, counted once more without the order of names, heads and
/// periodicities (pdfminer.six may put a row's targets before its name and
/// the periodicities before the head): each column in its rows' order, a
/// row's Årsmål before its KF:s årsmål. `None` where no way or more than
/// one agrees.
fn targets_in_order(
    kinds: &[Run],
    target_head: Option<usize>,
    kf_head: Option<usize>,
    kf_agrees: &dyn Fn(usize, usize) -> bool,
    all_known: bool,
) -> Option<Vec<(usize, usize)>> {
    let mut names: Vec<usize> = Vec::new();
    let mut periods: Vec<usize> = Vec::new();
    let mut values: Vec<usize> = Vec::new();
    for (p, kind) in kinds.iter().enumerate() {
        match kind {
            Run::Name => names.push(p),
            Run::Value => values.push(p),
            Run::Periods(c) => periods.extend(std::iter::repeat_n(p, *c)),
            Run::Other => {}
        }
    }
    let n = names.len();
    if values.len() != 2 * n || periods.len() != n {
        return None;
    }
    let (target_head, kf_head) = (target_head.unwrap_or(0), kf_head.unwrap_or(0));
    // Whether the value at `t` starts a run: another paragraph or a head
    // stands before it.
    let run_start: Vec<bool> = (0..values.len())
        .map(|t| {
            t == 0 || {
                let (a, b) = (values[t - 1], values[t]);
                a + 1 != b || [target_head, kf_head].iter().any(|&h| a < h && h <= b)
            }
        })
        .collect();
    // Whether the value at `p` may be row `i`'s Årsmål, or row `j`'s KF:s
    // årsmål once `i` Årsmål are taken.
    // With `placed` false, only each column's order and each row's Årsmål
    // before its KF:s årsmål count.
    let as_target =
        |i: usize, p: usize, placed: bool| i < n && (!placed || (names[i] < p && p >= target_head));
    let as_kf = |i: usize, j: usize, p: usize, placed: bool| {
        j < i && (!placed || (p >= kf_head && periods[j] > p)) && kf_agrees(j, p)
    };
    let count = |whole_runs: bool, placed: bool| -> Option<Vec<(usize, usize)>> {
        // ways[t][i][c]: the ways (none, one, more: 0, 1, 2) to read the
        // values from `t` on with `i` Årsmål taken before `t`, the value
        // before `t` taken as Årsmål (c = 0) or KF:s årsmål (c = 1).
        let free = |t: usize| !whole_runs || run_start[t];
        let mut ways = vec![vec![[0u8; 2]; n + 1]; values.len() + 1];
        ways[values.len()][n] = [1, 1];
        for t in (0..values.len()).rev() {
            for i in 0..=n.min(t) {
                let j = t - i;
                if j > n {
                    continue;
                }
                let p = values[t];
                let target = if as_target(i, p, placed) {
                    ways[t + 1][i + 1][0]
                } else {
                    0
                };
                let kf = if as_kf(i, j, p, placed) {
                    ways[t + 1][i][1]
                } else {
                    0
                };
                ways[t][i] = if free(t) {
                    [(target + kf).min(2); 2]
                } else {
                    [target, kf]
                };
            }
        }
        if ways[0][0][0] != 1 {
            return None;
        }
        let mut pairs = vec![(0, 0); n];
        let (mut i, mut c) = (0, 0);
        for (t, &p) in values.iter().enumerate() {
            let j = t - i;
            let may_target = free(t) || c == 0;
            if may_target && as_target(i, p, placed) && ways[t + 1][i + 1][0] == 1 {
                pairs[i].0 = p;
                i += 1;
                c = 0;
            } else {
                pairs[j].1 = p;
                c = 1;
            }
        }
        Some(pairs)
    };
    count(false, true)
        .or_else(|| count(true, true))
        .or_else(|| all_known.then(|| count(false, false)).flatten())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::layout::lines;

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
    fn indicator_tables_read_column_by_column_are_put_back_together_by_counting() {
        let head = |t: &str| matches!(t, "Indikator" | "Årsmål" | "KF:s årsmål" | "Periodicitet");
        // Two rows together, then one alone; the periodicities last.
        let text = "Indikator\n\nÅrsmål\n\nKF:s årsmål\n\nPeriodicitet\n\nKlimatpåverkan från upphandlade livsmedel och \nmåltider\n\nRelativ energieffektivisering\n\n1,9\n\n–\n\n1,9 kg CO2 per kg \nlivsmedel\n\n2 % energieffektivisering relativt 2018\n\nTotalt köpt energi\n\n3,3 GWh\n\n1945 GWh\n\nÅr\n\nÅr\n\nÅr\n\nNämndmål: Nästa\n";
        let ls = lines(text);
        let p = indicators_by_runs(
            &ls,
            0,
            &|k| head(&ls[k].text),
            &|_| false,
            &|k| ls[k].text.starts_with("Nämndmål"),
            &KfTargets::default(),
        )
        .unwrap();
        let rows: Vec<(&str, &[String])> = p
            .rows
            .iter()
            .map(|r| (r.name.as_str(), r.values.as_slice()))
            .collect();
        assert_eq!(
            rows,
            [
                (
                    "Klimatpåverkan från upphandlade livsmedel och måltider",
                    &["1,9".to_owned(), "1,9 kg CO2 per kg livsmedel".to_owned()][..]
                ),
                (
                    "Relativ energieffektivisering",
                    &[
                        "–".to_owned(),
                        "2 % energieffektivisering relativt 2018".to_owned()
                    ][..]
                ),
                (
                    "Totalt köpt energi",
                    &["3,3 GWh".to_owned(), "1945 GWh".to_owned()][..]
                ),
            ]
        );
        let next = |p: &Parsed<RawIndicator>| {
            ls[p.resume..]
                .iter()
                .find(|l| l.is_text())
                .map(|l| l.text.clone())
        };
        assert_eq!(next(&p).as_deref(), Some("Nämndmål: Nästa"));
        // The values before the head, an activity table's head among them.
        let text = "Årsmål\n\n–\n\nKF:s årsmål\n\nPeriodicitet\n\n7 %\n\nÅr\n\nIndikatorer\n\nIndikator\n\nSjukfrånvaro\n\nAktiviteter\n\nEn aktivitet.\n\nStartdatum\n\n2020-01-01\n";
        let ls = lines(text);
        let p = indicators_by_runs(
            &ls,
            0,
            &|k| head(&ls[k].text),
            &|k| {
                matches!(
                    ls[k].text.as_str(),
                    "Indikatorer" | "Aktiviteter" | "Startdatum"
                )
            },
            &|_| false,
            &KfTargets::default(),
        )
        .unwrap();
        assert_eq!(p.rows.len(), 1);
        assert_eq!(p.rows[0].name, "Sjukfrånvaro");
        assert_eq!(
            p.rows[0].columns,
            Some([Some("–".into()), Some("7 %".into())])
        );
        assert_eq!(ls[p.resume].text, "Indikatorer");
        // Four targets after one name: which rows they are is not known.
        let text =
            "Indikator\n\nEtt\n\n1\n\n2\n\n3\n\n4\n\nTvå\n\nTre\n\n5\n\n6\n\nÅr\n\nÅr\n\nÅr\n";
        let ls = lines(text);
        assert!(
            indicators_by_runs(
                &ls,
                0,
                &|k| head(&ls[k].text),
                &|_| false,
                &|_| false,
                &KfTargets::default()
            )
            .is_none()
        );
    }

    #[test]
    fn targets_read_in_runs_of_their_own_are_put_back_where_one_way_agrees() {
        let head = |t: &str| matches!(t, "Indikator" | "Årsmål" | "KF:s årsmål" | "Periodicitet");
        let other = |t: &str| matches!(t, "Aktiviteter" | "Aktivitet");
        // The Årsmål column in runs of one and two rows, an activity table's
        // head and text among the values, the KF:s årsmål column after its
        // head: its three cells are the three after it.
        let text = "Indikator\n\nEtt\n\nÅrsmål\n\n1 %\n\nTvå\n\nTre\n\n2 %\n\n3 %\n\nAktiviteter\n\nAktivitet\n\nEn aktivitet.\n\nKF:s årsmål\n\nPeriodicitet\n\n4 %\n\n5 %\n\n6 %\n\nÅr\n\nÅr\n\nTertial\n\nStartdatum\n\n2019-01-01\n";
        let ls = lines(text);
        let p = indicators_by_runs(
            &ls,
            0,
            &|k| head(&ls[k].text),
            &|k| other(&ls[k].text) || ls[k].text == "Startdatum",
            &|_| false,
            &KfTargets::default(),
        )
        .unwrap();
        let rows: Vec<String> = p
            .rows
            .iter()
            .map(|r| {
                format!(
                    "{} {} {}",
                    r.name,
                    r.values.join(" "),
                    r.periodicity.as_deref().unwrap_or("")
                )
            })
            .collect();
        assert_eq!(
            rows,
            ["Ett 1 % 4 % År", "Två 2 % 5 % År", "Tre 3 % 6 % Tertial"]
        );
        // The activity's text is left to the activity table.
        let activity = ls.iter().position(|l| l.text == "En aktivitet.").unwrap();
        assert!(!p.used.contains(&activity));
        assert_eq!(ls[p.resume].text, "Aktiviteter");
        // Each column in a run of its own, an activity's text between them:
        // targets one by one could pair otherwise (Ett 1 2, Två 3 –, Tre –
        // –), but a run is one column.
        let text = "Indikator\n\nÅrsmål\n\nKF:s årsmål\n\nPeriodicitet\n\nEtt\n\nTvå\n\nTre\n\n1\n\n2\n\n3\n\nAktiviteter\n\nAktivitet\n\nEn aktivitet.\n\n–\n\n–\n\n–\n\nÅr\n\nÅr\n\nÅr\n";
        let ls = lines(text);
        let p = indicators_by_runs(
            &ls,
            0,
            &|k| head(&ls[k].text),
            &|k| other(&ls[k].text),
            &|_| false,
            &KfTargets::default(),
        )
        .unwrap();
        let rows: Vec<String> = p
            .rows
            .iter()
            .map(|r| format!("{} {}", r.name, r.values.join(" ")))
            .collect();
        assert_eq!(rows, ["Ett 1 –", "Två 2 –", "Tre 3 –"]);
        // Four targets for two rows after the first row's: Årsmål, Årsmål,
        // KF, KF or Årsmål, KF, Årsmål, KF: not known, not read.
        let text = "Indikator\n\nEtt\n\nTvå\n\nTre\n\nÅrsmål\n\nKF:s årsmål\n\nPeriodicitet\n\n1\n\n2\n\nÅr\n\n3\n\n4\n\n5\n\n6\n\nÅr\n\nÅr\n";
        let ls = lines(text);
        assert!(
            indicators_by_runs(
                &ls,
                0,
                &|k| head(&ls[k].text),
                &|_| false,
                &|_| false,
                &KfTargets::default()
            )
            .is_none()
        );
    }

    #[test]
    fn kf_budget_tells_the_columns_apart_where_the_text_does_not() {
        let head = |t: &str| matches!(t, "Indikator" | "Årsmål" | "KF:s årsmål" | "Periodicitet");
        let read = |text: &str, known: &KfTargets| {
            let ls = lines(text);
            indicators_by_runs(
                &ls,
                0,
                &|k| head(&ls[k].text),
                &|_| false,
                &|_| false,
                known,
            )
            .map(|p| {
                p.rows
                    .iter()
                    .map(|r| format!("{}: {}", r.name, r.values.join(" | ")))
                    .collect::<Vec<_>>()
            })
        };
        let mut known = KfTargets::default();
        known.insert("Ett", "2");
        known.insert("Två", "4");
        known.insert("Tre", "50%");
        // Four targets after two names: a group read column by column (1, 3
        // and 2, 4) or two rows one after the other (1, 2 and 3, 4). The
        // text alone reads a group; KF's budget says the rows.
        let text = "Indikator\n\nÅrsmål\n\nKF:s årsmål\n\nPeriodicitet\n\nEtt\n\nTvå\n\n1\n\n2\n\n3\n\n4\n\nÅr\n\nÅr\n";
        assert_eq!(
            read(text, &KfTargets::default()).unwrap(),
            ["Ett: 1 | 3", "Två: 2 | 4"]
        );
        assert_eq!(read(text, &known).unwrap(), ["Ett: 1 | 2", "Två: 3 | 4"]);
        let ls = lines(text);
        let chose = |known: &KfTargets| {
            indicators_by_runs(
                &ls,
                0,
                &|k| head(&ls[k].text),
                &|_| false,
                &|_| false,
                known,
            )
            .map(|p| p.kf_chose)
        };
        assert_eq!(chose(&known), Some(true));
        assert_eq!(chose(&KfTargets::default()), Some(false));
        // KF's budget gives other targets than any way here: the text is
        // read alone.
        let mut other = KfTargets::default();
        other.insert("Ett", "7");
        other.insert("Två", "8");
        assert_eq!(read(text, &other).unwrap(), ["Ett: 1 | 3", "Två: 2 | 4"]);
        // The periodicities before the head, the first row's targets before
        // its name, the next two rows' targets one after the other: read
        // only with every row's KF:s årsmål known (`78 %` is not `78%`).
        let text = "År\n\nÅr\n\nÅr\n\nÅrsmål\n\n1\n\n2\n\nKF:s årsmål\n\nPeriodicitet\n\nIndikator\n\nEtt\n\nTvå\n\nTre\n\n3\n\n4\n\n50 %\n\n50%\n";
        assert_eq!(read(text, &KfTargets::default()), None);
        assert_eq!(
            read(text, &known).unwrap(),
            ["Ett: 1 | 2", "Två: 3 | 4", "Tre: 50 % | 50%"]
        );
        let mut two = known.clone();
        two.by_name.remove(&name_key("Tre"));
        assert_eq!(read(text, &two), None);
    }
}
