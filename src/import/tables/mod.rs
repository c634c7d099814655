//! Table rows in extracted text, one reader per file: indicators (Indikator |
//! Årsmål | KF:s årsmål | Periodicitet), activities (text | Startdatum |
//! Slutdatum) and budget tables. Here is what the readers share: what a reader
//! returns, how the text at hand writes a table, and a line's cells.

mod activities;
mod budget;
mod indicators;

pub use activities::{activities, activities_by_column, is_iso_date, split_dates};
pub use budget::{budget_tables, trailing_amounts};

pub use indicators::{KfTargets, RawIndicator, indicators, indicators_by_runs, split_indicator};

use super::text::{Cell, Line, LineKind};

/// What a table parser found and which lines it used.
#[derive(Debug)]
pub struct Parsed<T> {
    pub rows: Vec<T>,
    /// Input lines the table used.
    pub used: Vec<usize>,
    /// Where reading goes on: the first line after the table.
    pub resume: usize,
    /// KF's budget in the tree, not the text, chose how the table's cells
    /// go together (an indicator table read column by column).
    pub kf_chose: bool,
    /// Budget tables found but not read: their amounts stand before their
    /// rows' labels in an order that does not say which cell each is.
    pub unread: Vec<UnreadTable>,
}

/// A budget table whose head, labels and amounts were found and counted but
/// not put together: the amounts stand before the labels, in an order (runs
/// of a column and runs of a row in turn, pdfminer.six) that counting alone
/// cannot take apart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnreadTable {
    /// The caption's line in the text read.
    pub line: usize,
    pub title: String,
    pub columns: usize,
    pub rows: usize,
    pub amounts: usize,
}

impl<T> Default for Parsed<T> {
    fn default() -> Self {
        Parsed {
            rows: Vec::new(),
            used: Vec::new(),
            resume: 0,
            kf_chose: false,
            unread: Vec::new(),
        }
    }
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

fn is_year(t: &str) -> bool {
    t.len() == 4 && t.chars().all(|c| c.is_ascii_digit())
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

/// Whether a blank line stands between lines `a` and `b` with no page
/// furniture beside it: rows of a table set in columns follow each other
/// without one, so it ends the table (a page break brings blank lines, and
/// the running heads with them).
fn paragraph_break(lines: &[Line], a: usize, b: usize) -> bool {
    let between = &lines[a + 1..b];
    between.iter().any(|l| l.kind == LineKind::Blank)
        && !between.iter().any(|l| l.kind == LineKind::Furniture)
}
