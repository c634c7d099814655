//! A budget table read row by row where each row's label comes on lines of
//! its own and its amounts after it, on one line or one amount to a line
//! (pypdf, mutool): the amounts a row ends with, the label lines before them.

use super::{captioned, infer_totals, is_prose, only_amounts, row_kind, trailing_amounts};
use crate::import::document::{BudgetRow, BudgetTable};
use crate::import::text::{Line, join_wrapped, starts_lower};

/// Whether the text line `k` goes on from the text line `prev` (the same
/// label or note wrapped): it starts in lower case, or `prev` ends in a
/// broken word or a hyphen.
fn goes_on(lines: &[Line], prev: usize, k: usize) -> bool {
    let p = &lines[prev].text;
    starts_lower(&lines[k].text) || p.ends_with(['\u{ad}', '-', ','])
}

/// Lines joined as one text, broken words mended.
fn joined(lines: &[Line], idx: &[usize]) -> String {
    let mut s = String::new();
    for &i in idx {
        join_wrapped(&mut s, &lines[i].text);
    }
    s.replace('\u{ad}', "")
}

/// Reads the table under the caption at `at` (`title (unit)`), up to `to`.
/// The head is the lines between the caption and the first row's label,
/// and where it comes again (a page break) it is skipped.
pub(super) fn budget_by_lines(
    lines: &[Line],
    at: usize,
    to: usize,
    title: &str,
    unit: &str,
) -> Option<(BudgetTable, Vec<usize>, usize)> {
    // The text lines to the next caption: each table's reading stays within
    // its own stretch, so reading a chapter of tables stays linear.
    let text: Vec<usize> = (at + 1..to)
        .filter(|&k| lines[k].is_text())
        .take_while(|&k| super::caption(&lines[k].text).is_none())
        .collect();
    let is_amounts = |k: usize| only_amounts(&lines[k].text).is_some();
    let ends_in_amounts = |k: usize| !trailing_amounts(&lines[k].text).1.is_empty();
    // The first row: the first line with amounts, its label on the lines
    // before it that go on from each other.
    let first = text.iter().position(|&k| ends_in_amounts(k))?;
    if first > 40 {
        return None;
    }
    let unit_start = |end: usize| {
        let mut s = end;
        while s > 0 && goes_on(lines, text[s - 1], text[s]) {
            s -= 1;
        }
        s
    };
    let mut label_start = first;
    if is_amounts(text[first]) {
        label_start = unit_start(first.checked_sub(1)?);
    }
    let read = read_rows(lines, at, &text, label_start, title, unit)?;
    // Where the other rows have a note under their label, so has the first:
    // its label is the unit of lines above the one taken for it.
    let notes = read.0.rows[1..].iter().filter(|r| r.note.is_some()).count();
    let with_note = read.0.rows.len() >= 3
        && read.0.rows[0].note.is_none()
        && notes * 2 >= read.0.rows.len() - 1
        && label_start > 0;
    if with_note {
        let earlier = unit_start(label_start - 1);
        if let Some(again) = read_rows(lines, at, &text, earlier, title, unit)
            && again.0.rows.len() >= read.0.rows.len()
        {
            return Some(again);
        }
    }
    Some(read)
}

/// Reads the rows from the text line `text[label_start]`, the head being
/// the text lines before it.
fn read_rows(
    lines: &[Line],
    at: usize,
    text: &[usize],
    label_start: usize,
    title: &str,
    unit: &str,
) -> Option<(BudgetTable, Vec<usize>, usize)> {
    let is_amounts = |k: usize| only_amounts(&lines[k].text).is_some();
    let head: Vec<usize> = text[..label_start].to_vec();
    let head_texts: Vec<&str> = head.iter().map(|&h| lines[h].text.as_str()).collect();
    let mut used: Vec<usize> = vec![at];
    used.extend(&head);
    let mut rows: Vec<BudgetRow> = Vec::new();
    let mut pending: Vec<usize> = Vec::new();
    let mut values: Vec<String> = Vec::new();
    let mut row_lines: Vec<usize> = Vec::new();
    let mut last_used = head.last().copied().unwrap_or(at);
    let mut p = label_start;
    // Closes the row whose label lines are `pending` and amounts `values`.
    let close = |pending: &mut Vec<usize>,
                 values: &mut Vec<String>,
                 row_lines: &mut Vec<usize>,
                 rows: &mut Vec<BudgetRow>,
                 used: &mut Vec<usize>| {
        if values.is_empty() {
            return;
        }
        // The label, then a note: a new unit starts at a line that does not
        // go on from the one before.
        let mut units: Vec<Vec<usize>> = Vec::new();
        for (n, &k) in pending.iter().enumerate() {
            if n > 0 && goes_on(lines, pending[n - 1], k) {
                if let Some(u) = units.last_mut() {
                    u.push(k);
                }
            } else {
                units.push(vec![k]);
            }
        }
        let mut label = units.first().map(|u| joined(lines, u)).unwrap_or_default();
        let own = row_lines
            .first()
            .map(|&k| trailing_amounts(&lines[k].text).0)
            .unwrap_or_default();
        if !own.is_empty() {
            join_wrapped(&mut label, &own);
        }
        let note = (units.len() > 1).then(|| {
            let rest: Vec<usize> = units[1..].iter().flatten().copied().collect();
            joined(lines, &rest)
        });
        let (kind, label) = row_kind(label.trim());
        let line = pending.first().or(row_lines.first()).copied().unwrap_or(0);
        rows.push(BudgetRow {
            label,
            kind,
            values: std::mem::take(values),
            note,
            line: lines[line].no,
        });
        used.append(pending);
        used.append(row_lines);
    };
    while p < text.len() {
        let k = text[p];
        // Amounts alone go on the row's amounts (one to a line in mutool's text).
        if is_amounts(k) && (!pending.is_empty() || !values.is_empty()) {
            values.extend(only_amounts(&lines[k].text).unwrap_or_default());
            row_lines.push(k);
            last_used = k;
            p += 1;
            continue;
        }
        if !values.is_empty() {
            close(
                &mut pending,
                &mut values,
                &mut row_lines,
                &mut rows,
                &mut used,
            );
        }
        // The head again after a page break.
        if pending.is_empty() && !head_texts.is_empty() && lines[k].text == head_texts[0] {
            let n = head_texts.len();
            let again = text.get(p..p + n).is_some_and(|ks| {
                ks.iter()
                    .zip(&head_texts)
                    .all(|(&k, h)| lines[k].text == *h)
            });
            if again {
                used.extend(&text[p..p + n]);
                p += n;
                continue;
            }
        }
        let (own, amounts) = trailing_amounts(&lines[k].text);
        if amounts.len() >= 2 && !own.is_empty() && !lines[k].text.ends_with('.') {
            // A row's last line: the rest of its label and its amounts.
            values = amounts;
            row_lines.push(k);
            last_used = k;
            p += 1;
            continue;
        }
        // A label line, or a note's: prose or a new caption ends the table.
        if is_prose(&lines[k]) && !pending.last().is_some_and(|&q| goes_on(lines, q, k)) {
            break;
        }
        if super::caption(&lines[k].text).is_some() || pending.len() >= 6 {
            break;
        }
        pending.push(k);
        // A sentence of prose (a unit of lines ending in a full stop, eight
        // words or more) ends the table: no label or note reads so.
        let mut u = pending.len() - 1;
        while u > 0 && goes_on(lines, pending[u - 1], pending[u]) {
            u -= 1;
        }
        let unit = joined(lines, &pending[u..]);
        if unit.ends_with('.') && unit.split(' ').count() >= 8 {
            pending.truncate(u);
            break;
        }
        p += 1;
    }
    close(
        &mut pending,
        &mut values,
        &mut row_lines,
        &mut rows,
        &mut used,
    );
    if rows.is_empty() {
        return None;
    }
    let width = rows[0].values.len();
    if rows.iter().any(|r| r.values.len() != width) {
        return None;
    }
    infer_totals(&mut rows);
    used.sort_unstable();
    used.dedup();
    let header = joined(lines, &head);
    let cols = super::columns_of(&header);
    let columns = if cols.len() == width {
        cols
    } else {
        (1..=width).map(|n| format!("Kolumn {n}")).collect()
    };
    Some((
        captioned(lines, at, (title, unit), columns, Some(header), rows),
        used,
        last_used + 1,
    ))
}
