//! A budget table read column by column (pdfminer.six): the rows' labels
//! first, then the head, then each column's amounts in a run.

use super::by_block::{block_amounts, block_text, blocks_after, label_and_note, names_a_year};
use super::{captioned, infer_totals, labelled_row};
use crate::import::document::{BudgetRow, BudgetTable};
use crate::import::tables::is_year;
use crate::import::text::{Line, join_wrapped};

/// A head block's column names, each ending in a year or a span of years
/// (`Budget 2018 Budget 2019` is two): `None` if the text does not end in one.
fn year_columns(text: &str) -> Option<Vec<String>> {
    let mut columns = Vec::new();
    let mut current = String::new();
    for t in text.split_whitespace() {
        join_wrapped(&mut current, t);
        if t.split(['-', '–']).all(is_year) {
            columns.push(std::mem::take(&mut current));
        }
    }
    (current.is_empty() && !columns.is_empty()).then_some(columns)
}

/// A budget table set with a caption, read column by column: the labels of
/// all rows (each a block, a note under its label in the same block), then
/// the head's cells (each naming a year), then the amounts, column after
/// column. Read only when the counts agree: as many amounts as labels times
/// columns, and nothing after them that goes on as a row.
pub(super) fn budget_by_runs(
    lines: &[Line],
    at: usize,
    to: usize,
    title: &str,
    unit: &str,
) -> Option<(BudgetTable, Vec<usize>, usize)> {
    let blocks = blocks_after(lines, at, to);
    let text_of = |b: &[usize]| block_text(lines, b).replace('\u{ad}', "");
    let amounts = |b: &[usize]| block_amounts(lines, b);
    // Two labels or more: one is the first row's label before the head, as
    // pdftotext reads a head whose first cell is empty.
    let labels = blocks
        .iter()
        .take_while(|b| amounts(b).is_none() && !names_a_year(&text_of(b)))
        .count();
    if labels < 2 {
        return None;
    }
    if let Some(found) = named_runs(lines, at, &blocks, &text_of, &amounts, title, unit) {
        return Some(found);
    }
    let mut columns: Vec<String> = Vec::new();
    let mut h = labels;
    while h < blocks.len() && amounts(&blocks[h]).is_none() {
        columns.extend(year_columns(&text_of(&blocks[h]))?);
        h += 1;
    }
    let run = blocks[h..]
        .iter()
        .take_while(|b| amounts(b).is_some())
        .count();
    let values: Vec<String> = blocks[h..h + run]
        .iter()
        .flat_map(|b| amounts(b).unwrap_or_default())
        .collect();
    if columns.is_empty() || values.len() != labels * columns.len() {
        return None;
    }
    // A label followed by amounts after the run: the table goes on in rows.
    if blocks
        .get(h + run + 1)
        .is_some_and(|b| amounts(b).is_some())
    {
        return None;
    }
    let mut rows: Vec<BudgetRow> = blocks[..labels]
        .iter()
        .enumerate()
        .map(|(r, block)| {
            let (label, note) = label_and_note(lines, block);
            let row_values = (0..columns.len())
                .map(|c| values[c * labels + r].clone())
                .collect();
            labelled_row(&label, note, row_values, lines[block[0]].no)
        })
        .collect();
    infer_totals(&mut rows);
    let used: Vec<usize> = std::iter::once(at)
        .chain(blocks[..h + run].iter().flatten().copied())
        .collect();
    let last_used = *used.last().unwrap_or(&at);
    Some((
        captioned(lines, at, (title, unit), columns, None, rows),
        used,
        last_used + 1,
    ))
}

/// A budget table set with a caption, read column by column with each
/// column's name just before its amounts (pdfminer.six, a head whose names
/// have no year: `Kostnader`, `Intäkter`): the labels of the rows (each a
/// block, a note under its label in the same block), then for each column
/// its name and its amounts. A table continued after a page break repeats
/// this with the next rows' labels and the same columns, in any order (the
/// name says which). Read only when the counts agree: every column as many
/// amounts as the part has rows, and a note under a label of the first part
/// (else the blocks read as well as a head read cell by cell and its rows).
/// After a page break, text that pdfminer.six
/// put after the last row's label (the next heading) and that the counts
/// leave over is not a row: it is left to the text around the table.
fn named_runs(
    lines: &[Line],
    at: usize,
    blocks: &[Vec<usize>],
    text_of: &dyn Fn(&[usize]) -> String,
    amounts: &dyn Fn(&[usize]) -> Option<Vec<String>>,
    title: &str,
    unit: &str,
) -> Option<(BudgetTable, Vec<usize>, usize)> {
    let n = blocks.len();
    let is_amounts = |b: usize| amounts(&blocks[b]).is_some();
    // A column's name: a block of one line, no amounts, the amounts next.
    let names_column =
        |b: usize| b + 1 < n && blocks[b].len() == 1 && !is_amounts(b) && is_amounts(b + 1);
    let mut columns: Vec<String> = Vec::new();
    let mut rows: Vec<BudgetRow> = Vec::new();
    let mut used: Vec<usize> = vec![at];
    let mut b = 0;
    loop {
        // The part's labels: the blocks up to a column's name.
        let first = b;
        while b < n && !is_amounts(b) && !names_column(b) {
            b += 1;
        }
        if b == n || !names_column(b) {
            break;
        }
        let labels = first..b;
        let mut runs: Vec<(String, Vec<String>, Vec<usize>)> = Vec::new();
        while b < n && names_column(b) {
            let name = text_of(&blocks[b]);
            let mut values = Vec::new();
            let mut lines_used = blocks[b].clone();
            b += 1;
            while b < n
                && let Some(a) = amounts(&blocks[b])
            {
                values.extend(a);
                lines_used.extend(&blocks[b]);
                b += 1;
            }
            runs.push((name, values, lines_used));
        }
        let count = runs[0].1.len();
        // The columns: named by the first part, the same in any order after.
        let order: Option<Vec<usize>> = if columns.is_empty() {
            Some((0..runs.len()).collect())
        } else {
            let mut order = Vec::new();
            for c in &columns {
                let r = runs.iter().position(|(name, _, _)| name == c)?;
                order.push(r);
            }
            (runs.len() == columns.len()).then_some(order)
        };
        // The first part's labels: one for each row, and a note under one of
        // them at least. Without a note the same blocks read cell by cell
        // (pdftotext) are a head and rows each with its amounts: `Kostnader`,
        // `Intäkter`, `Avskrivningar 9,5 10,1`, `Internräntor 0,7 0,0`; a
        // head cell has no note.
        let noted = || {
            blocks[labels.clone()]
                .iter()
                .any(|block| label_and_note(lines, block).1.is_some())
        };
        let agree = count > 0
            && runs.iter().all(|(_, v, _)| v.len() == count)
            && if columns.is_empty() {
                labels.len() == count && noted()
            } else {
                labels.len() >= count
            };
        let Some(order) = order.filter(|_| agree) else {
            break;
        };
        if columns.is_empty() {
            columns = runs.iter().map(|(name, _, _)| name.clone()).collect();
        }
        for (r, block) in blocks[labels.start..labels.start + count]
            .iter()
            .enumerate()
        {
            let (label, note) = label_and_note(lines, block);
            let values = order.iter().map(|&c| runs[c].1[r].clone()).collect();
            rows.push(labelled_row(&label, note, values, lines[block[0]].no));
            used.extend(block);
        }
        for (_, _, l) in &runs {
            used.extend(l);
        }
    }
    if columns.len() < 2 || rows.is_empty() {
        return None;
    }
    infer_totals(&mut rows);
    used.sort_unstable();
    let last_used = *used.last().unwrap_or(&at);
    Some((
        captioned(lines, at, (title, unit), columns, None, rows),
        used,
        last_used + 1,
    ))
}

/// A budget table set with a caption whose amounts all stand between its
/// head and its rows' labels (pdfminer.six, a wide table): the head's cells
/// (no amounts), a run of amounts, the labels, and maybe amounts after the
/// last label. Found only when the counts agree (as many amounts as labels
/// times columns) but not read: the amounts come in runs of a column and runs
/// of a row in turn, and nothing in the text says where a run ends. The
/// table without its amounts (its columns and its rows' labels, every cell
/// empty, for the amounts to be written in by hand), the lines it used (all
/// of them, so that none reaches the prose), where reading goes on, and the
/// amounts counted.
pub(super) fn amounts_before_labels(
    lines: &[Line],
    at: usize,
    to: usize,
    title: &str,
    unit: &str,
) -> Option<(BudgetTable, Vec<usize>, usize, usize)> {
    let blocks = blocks_after(lines, at, to);
    let amounts = |b: &[usize]| block_amounts(lines, b).map(|a| a.len());
    let head = blocks.iter().take_while(|b| amounts(b).is_none()).count();
    let run = |from: usize| {
        blocks[from..]
            .iter()
            .map_while(|b| amounts(b))
            .fold((0, 0), |(k, n), a| (k + 1, n + a))
    };
    let (before_blocks, before) = run(head);
    let first_label = head + before_blocks;
    let labels = blocks[first_label..]
        .iter()
        .take_while(|b| amounts(b).is_none())
        .count();
    let (after_blocks, after) = run(first_label + labels);
    let end = first_label + labels + after_blocks;
    if head < 2 || labels < 2 || before < head || before + after != head * labels {
        return None;
    }
    let columns: Vec<String> = blocks[..head]
        .iter()
        .map(|b| block_text(lines, b).replace('\u{ad}', ""))
        .collect();
    let rows = blocks[first_label..first_label + labels]
        .iter()
        .map(|block| {
            let (label, note) = label_and_note(lines, block);
            labelled_row(&label, note, vec![String::new(); head], lines[block[0]].no)
        })
        .collect();
    let used: Vec<usize> = std::iter::once(at)
        .chain(blocks[..end].iter().flatten().copied())
        .collect();
    let next = used.last().map_or(at + 1, |&l| l + 1);
    Some((
        captioned(lines, at, (title, unit), columns, None, rows),
        used,
        next,
        before + after,
    ))
}
