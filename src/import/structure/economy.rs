//! The economy part: its budget tables, read before anything else.

use super::Parser;
use super::headings::ECONOMY_CHAPTERS;
use crate::import::structure::Class;
use crate::import::tables;

impl Parser<'_> {
    /// Budget tables are found first, in the economy chapters, so that the
    /// lines of their headers never reach the prose.
    pub(super) fn economy_tables(&mut self) {
        let n = self.lines.len();
        let mut i = 0;
        while i < n {
            let Class::Chapter(name) = self.classes[i] else {
                i += 1;
                continue;
            };
            let mut end = i + 1;
            while end < n && !matches!(self.classes[end], Class::Chapter(_)) {
                end += 1;
            }
            if ECONOMY_CHAPTERS.contains(&name) {
                let lines = self.lines;
                let classes = &self.classes;
                let context = |row: usize| {
                    // The nearest heading-like line above the table.
                    (i..row)
                        .rev()
                        .find(|&k| {
                            lines[k].is_text()
                                && !lines[k].soft
                                && lines[k].text.chars().count() <= 60
                                && !lines[k].text.ends_with('.')
                                && tables::trailing_amounts(&lines[k].text).1.is_empty()
                                && k + 1 < row
                                && classes[k] == Class::Other
                        })
                        .map(|k| lines[k].text.clone())
                };
                let found = tables::budget_tables(self.lines, i + 1, end, &context);
                for t in &found.rows {
                    // The table's first line in the input, found by its number.
                    let first = found
                        .used
                        .iter()
                        .copied()
                        .filter(|&k| self.lines[k].no >= t.line)
                        .min();
                    if let Some(k) = first {
                        self.table_starts.insert(k, self.doc.tables.len());
                    }
                    self.doc.tables.push(t.clone());
                }
                self.unread_tables.extend(found.unread);
                for k in found.used {
                    self.used[k] = true;
                }
            }
            i = end;
        }
    }
}
