//! A budget table whose text kept its columns (`pdftotext -layout`).

use super::{captioned, infer_totals, label_goes_on, only_amounts, row_kind};
use crate::import::document::{BudgetRow, BudgetTable, RowKind};
use crate::import::tables::{cells_of, paragraph_break};
use crate::import::text::{Cell, Line, join_wrapped};

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

/// A budget table set with a caption and its columns kept (`-layout`): the
/// head's cells and each row's amounts stand right-aligned in their column,
/// so each is placed by where it ends; a row's label wraps onto the lines
/// under it, and a note stands there too.
pub(super) fn budget_by_column(
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
        captioned(
            lines,
            at,
            (title, unit),
            columns,
            Some(header.replace('\u{ad}', "")),
            rows,
        ),
        used,
        last_used + 1,
    ))
}
