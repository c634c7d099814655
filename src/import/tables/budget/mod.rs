//! Budget tables: found in the economy chapter, each read by column where the
//! text kept its columns (`by_column`) or cell by cell (`by_block`).

mod by_block;
mod by_column;
mod by_lines;
mod by_runs;

use by_block::budget_by_block;
use by_column::budget_by_column;
use by_lines::budget_by_lines;
use by_runs::{amounts_before_labels, budget_by_runs};

use super::{Parsed, UnreadTable};
use crate::import::document::{BudgetRow, BudgetTable, RowKind};
use crate::import::text::{Line, LineKind, fold, join_wrapped};

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
            // Text read cell by cell (pdftotext) is read by block; text read
            // row by row (pypdf, mutool) by lines: the reading whose rows all
            // have the table's width, the more rows if both do.
            // Text read column by column (pdfminer.six) by runs, when its
            // counts agree.
            let found = budget_by_column(lines, i, to, &title, &unit)
                .or_else(|| budget_by_runs(lines, i, to, &title, &unit));
            // All the amounts between the head and the labels, in an order
            // counting cannot take apart: the table's columns and labels with
            // empty cells, and a report line (a reading by block would make
            // rows of the head's cells, silently).
            if found.is_none()
                && let Some((table, used, next, amounts)) =
                    amounts_before_labels(lines, i, to, &title, &unit)
            {
                out.unread.push(UnreadTable {
                    line: lines[i].no,
                    title: title.clone(),
                    columns: table.columns.len(),
                    rows: table.rows.len(),
                    amounts,
                });
                out.rows.push(table);
                out.used.extend(used);
                floor = next;
                i = next;
                continue;
            }
            let found = found.or_else(|| {
                let block = budget_by_block(lines, i, to, &title, &unit);
                let by_lines = budget_by_lines(lines, i, to, &title, &unit);
                let whole = |t: &Option<(BudgetTable, Vec<usize>, usize)>| {
                    t.as_ref().map_or(0, |(t, _, _)| {
                        let w = t.rows.first().map_or(0, |r| r.values.len());
                        if t.rows.iter().all(|r| r.values.len() == w) {
                            t.rows.len()
                        } else {
                            0
                        }
                    })
                };
                if whole(&by_lines) > whole(&block) {
                    by_lines
                } else {
                    block.or(by_lines)
                }
            });
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

/// A row read from its label cell (the label, a note under it) and its
/// amounts, soft hyphens dropped as pdftotext drops them.
fn labelled_row(label: &str, note: Option<String>, values: Vec<String>, line: usize) -> BudgetRow {
    let (kind, label) = row_kind(label.replace('\u{ad}', "").trim());
    BudgetRow {
        label,
        kind,
        values,
        note: note.map(|n| n.replace('\u{ad}', "")),
        line,
    }
}

/// A table set under the caption on line `at`, with its title and unit from
/// the caption; its header as read, or else the columns' names.
fn captioned(
    lines: &[Line],
    at: usize,
    (title, unit): (&str, &str),
    columns: Vec<String>,
    header: Option<String>,
    rows: Vec<BudgetRow>,
) -> BudgetTable {
    let header = header.unwrap_or_else(|| columns.join(" "));
    BudgetTable {
        title: Some(title.to_owned()),
        unit: Some(unit.to_owned()),
        header,
        columns,
        rows,
        line: lines[at].no,
        context: None,
    }
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
    fn a_table_read_column_by_column_is_put_back_by_counting() {
        // pdfminer.six: the labels, the head (two cells on one line), then
        // each column's amounts in a run.
        let t = by_block(&[
            "Intäkter",
            "Kostnader",
            "Netto",
            "Budget 2018 Budget 2019",
            "Jmf budget\n2019-2018",
            "0,0",
            "50,8",
            "50,8",
            "0,0",
            "51,3",
            "51,3",
            "0,0",
            "0,5",
            "0,5",
        ]);
        assert_eq!(
            rows_of(&t),
            [
                "Intäkter 0,0 0,0 0,0",
                "Kostnader 50,8 51,3 0,5",
                "Netto 50,8 51,3 0,5"
            ]
        );
        assert_eq!(
            t.columns,
            ["Budget 2018", "Budget 2019", "Jmf budget 2019-2018"]
        );
        // One amount short: the counts do not agree, and the table is not
        // read by runs.
        let text = "Kapitalkostnader (mnkr)\n\nIntäkter\n\nKostnader\n\nBudget 2018 Budget 2019\n\n0,0\n\n50,8\n\n0,0\n";
        let ls = lines(text);
        assert!(budget_by_runs(&ls, 0, ls.len(), "Kapitalkostnader", "mnkr").is_none());
        let whole = format!("{text}\n51,3\n");
        let ls = lines(&whole);
        assert!(budget_by_runs(&ls, 0, ls.len(), "Kapitalkostnader", "mnkr").is_some());
    }

    #[test]
    fn columns_named_before_their_amounts_are_put_back_by_name() {
        // pdfminer.six: the labels (a note under each), then each column's
        // name and amounts; after a page break the next labels, a heading
        // below the table among them, and the columns in the other order.
        let text = "Omslutningsförändring (mnkr)\n\nSocialpsykiatri\nAvser försäljning\n\nÄldreomsorg\nAvser egenavgifter\n\nKostnader\n\n8,5\n\n92,1\n\nIntäkter\n\n−8,5\n\n−92,1\n\nFörskoleverksamhet\nAvser avgifter\n\nSumma\n\nMedel för lokaländamål\n\nIntäkter\n\n−5,3\n\n−105,9\n\nKostnader\n\n5,3\n\n105,9\n\nNämnden söker medel för lokaler i en hel mening här.\n";
        let ls = lines(text);
        let parsed = budget_tables(&ls, 0, ls.len(), &|_| None);
        assert_eq!(parsed.rows.len(), 1);
        let t = &parsed.rows[0];
        assert_eq!(t.columns, ["Kostnader", "Intäkter"]);
        assert_eq!(
            rows_of(t),
            [
                "Socialpsykiatri 8,5 -8,5",
                "Äldreomsorg 92,1 -92,1",
                "Förskoleverksamhet 5,3 -5,3",
                "Summa 105,9 -105,9"
            ]
        );
        assert_eq!(t.rows[0].note.as_deref(), Some("Avser försäljning"));
        assert_eq!(t.rows[3].kind, RowKind::Total);
        // The heading the counts leave over is left to the text around.
        let heading = ls
            .iter()
            .position(|l| l.text == "Medel för lokaländamål")
            .unwrap();
        assert!(!parsed.used.contains(&heading));
        // Without a note the same blocks are a head and rows read cell by
        // cell (pdftotext), not columns named before their amounts.
        let t = by_block(&[
            "Kostnader",
            "Intäkter",
            "Avskrivningar",
            "9,5",
            "10,1",
            "Internräntor",
            "0,5",
            "0,7",
        ]);
        assert_eq!(t.columns, ["Kostnader", "Intäkter"]);
        assert_eq!(
            rows_of(&t),
            ["Avskrivningar 9,5 10,1", "Internräntor 0,5 0,7"]
        );
    }

    #[test]
    fn amounts_all_before_the_labels_are_counted_not_read() {
        // pdfminer.six, a wide table: the head's cells, every amount (runs
        // of a column and of a row in turn), the labels, the last row's
        // first amount after its label.
        let text = "Fördelningen (mnkr)\n\nRAM netto\n\nRAM intäk-\nter\n\nRAM kost-\nnader\n\n10,0\n\n12,0\n\n2,0\n\n1,0\n\n3,0\n\n12,0\n\n13,0\n\n25,0\n\nIndivid- och familje-\nomsorg\n\nÄldreomsorg\n\nSUMMA\n\n22,0\n\nFinansieringen av administrationen uppgår till en del av budgeten.\n";
        let ls = lines(text);
        let parsed = budget_tables(&ls, 0, ls.len(), &|_| None);
        assert_eq!(parsed.rows.len(), 1);
        let t = &parsed.rows[0];
        assert_eq!(t.columns, ["RAM netto", "RAM intäkter", "RAM kostnader"]);
        let labels: Vec<&str> = t.rows.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(
            labels,
            ["Individ- och familjeomsorg", "Äldreomsorg", "SUMMA"]
        );
        assert!(t.rows.iter().all(|r| r.values == ["", "", ""]));
        assert_eq!(t.rows[2].kind, RowKind::Total);
        assert_eq!(
            parsed.unread,
            [UnreadTable {
                line: 1,
                title: "Fördelningen".into(),
                columns: 3,
                rows: 3,
                amounts: 9
            }]
        );
        // Every line of the table is used, the prose after it is not.
        let prose = ls
            .iter()
            .position(|l| l.text.starts_with("Finansieringen"))
            .unwrap();
        let last = ls.iter().position(|l| l.text == "22,0").unwrap();
        assert!((0..=last).all(|k| !ls[k].is_text() || parsed.used.contains(&k)));
        assert!(!parsed.used.contains(&prose));
        // One amount short: the counts do not agree, and nothing is said to
        // be unread.
        let short = text.replace("\n\n22,0", "");
        let ls = lines(&short);
        let parsed = budget_tables(&ls, 0, ls.len(), &|_| None);
        assert!(parsed.unread.is_empty());
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
