//! A budget table read column by column (pdfminer.six): the rows' labels
//! first, then the head, then each column's amounts in a run.

use super::by_block::{blocks_after, label_and_note, names_a_year};
use super::{infer_totals, labelled_row, only_amounts};
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
    let text_of = |b: &[usize]| {
        let mut t = String::new();
        for &i in b {
            join_wrapped(&mut t, &lines[i].text);
        }
        t.replace('\u{ad}', "")
    };
    let amounts = |b: &[usize]| -> Option<Vec<String>> {
        let mut all = Vec::new();
        for &i in b {
            all.extend(only_amounts(&lines[i].text)?);
        }
        Some(all)
    };
    // Two labels or more: one is the first row's label before the head, as
    // pdftotext reads a head whose first cell is empty.
    let labels = blocks
        .iter()
        .take_while(|b| amounts(b).is_none() && !names_a_year(&text_of(b)))
        .count();
    if labels < 2 {
        return None;
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
