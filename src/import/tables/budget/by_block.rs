//! A budget table read cell by cell (`pdftotext` without `-layout`).

use super::{
    caption, captioned, infer_totals, is_prose, label_goes_on, labelled_row, names_a_total,
    only_amounts, row_kind,
};
use crate::import::document::{BudgetRow, BudgetTable, RowKind};
use crate::import::tables::is_year;
use crate::import::text::{Line, join_wrapped};

/// A budget table set with a caption, read cell by cell (pdftotext without
/// `-layout` gives each cell as a block of its own): the head's cells, then
/// per row its label and its amounts.
pub(super) fn budget_by_block(
    lines: &[Line],
    at: usize,
    to: usize,
    title: &str,
    unit: &str,
) -> Option<(BudgetTable, Vec<usize>, usize)> {
    let mut blocks = blocks_after(lines, at, to);
    let text_of = |b: &[usize]| block_text(lines, b);
    let amounts = |b: &[usize]| block_amounts(lines, b);
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
        let (label, note) = label_and_note(lines, label_lines);
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
        rows.push(labelled_row(&label, note, values, lines[label_lines[0]].no));
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
        captioned(lines, at, (title, unit), columns, None, rows),
        used,
        last_used + 1,
    ))
}

/// A block's lines as one text, wrapped lines joined.
pub(super) fn block_text(lines: &[Line], block: &[usize]) -> String {
    let mut t = String::new();
    for &i in block {
        join_wrapped(&mut t, &lines[i].text);
    }
    t
}

/// A block's amounts, or `None` if a line in it holds anything else.
pub(super) fn block_amounts(lines: &[Line], block: &[usize]) -> Option<Vec<String>> {
    let mut all = Vec::new();
    for &i in block {
        all.extend(only_amounts(&lines[i].text)?);
    }
    Some(all)
}

/// A row's label cell: the label, and a note under it in the same cell.
pub(super) fn label_and_note(lines: &[Line], block: &[usize]) -> (String, Option<String>) {
    let mut label = lines[block[0]].text.clone();
    let mut note: Option<String> = None;
    for &i in &block[1..] {
        match &mut note {
            Some(n) => join_wrapped(n, &lines[i].text),
            None if label_goes_on(&label, &lines[i].text) => {
                join_wrapped(&mut label, &lines[i].text)
            }
            None => note = Some(lines[i].text.clone()),
        }
    }
    (label, note)
}

/// The blocks of a table under the caption at `at`: runs of text lines that a
/// blank line or page furniture ends, up to prose or the next caption.
pub(super) fn blocks_after(lines: &[Line], at: usize, to: usize) -> Vec<Vec<usize>> {
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
    blocks
}

/// Whether a column heading ends in a year or a span of years: `Budget 2019`,
/// `Jmf budget 2019-2018`.
pub(super) fn names_a_year(text: &str) -> bool {
    text.split_whitespace()
        .next_back()
        .is_some_and(|last| last.split(['-', '–']).all(is_year))
}
