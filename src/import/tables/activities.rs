//! Activity rows: text | Startdatum | Slutdatum.

use super::{Parsed, Style};
use crate::import::document::ActivityRow;
use crate::import::text::{self, Line, LineKind, join_wrapped};

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
/// Lines `taken` (read by another table, as pdfminer.six may put an
/// indicator table's cells under the activity table's head) are stepped over.
pub fn activities(
    lines: &[Line],
    start: usize,
    style: Style,
    is_header: &dyn Fn(usize) -> bool,
    taken: &dyn Fn(usize) -> bool,
    stop: &dyn Fn(usize) -> bool,
) -> Parsed<ActivityRow> {
    if lines
        .get(start.wrapping_sub(1))
        .is_some_and(|h| h.text == "Aktivitet")
        && let Some(p) = activities_by_column(lines, start, is_header, taken, stop)
    {
        return p;
    }
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
        if line.kind != LineKind::Text || taken(j) {
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
                    || !text::ends_sentence(own)
                    || text::starts_lower(&lines[next.line].text))
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

/// Activity rows read column by column (pdfminer.six): after the head's
/// `Aktivitet`, the rows' texts as paragraphs, then `Startdatum` and the
/// dates, with `Slutdatum` after the first date (the dates then go start,
/// end, start, end), after all the start dates (then the end dates
/// follow), or after some: pdfminer.six reads the rows in groups, each
/// group's start dates and then its end dates (`date_groups`). Put back
/// together by counting: as many rows as paragraphs, which needs twice as
/// many dates, paired one way only; else none is read here (and the table's
/// check reports the rows missing). Lines `taken` are stepped over.
pub fn activities_by_column(
    lines: &[Line],
    start: usize,
    is_header: &dyn Fn(usize) -> bool,
    taken: &dyn Fn(usize) -> bool,
    stop: &dyn Fn(usize) -> bool,
) -> Option<Parsed<ActivityRow>> {
    let mut blocks: Vec<Vec<usize>> = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    let mut k = start;
    // The paragraphs, up to the head's `Startdatum`.
    loop {
        let line = lines.get(k)?;
        match line.kind {
            LineKind::Blank => {
                if !current.is_empty() {
                    blocks.push(std::mem::take(&mut current));
                }
            }
            LineKind::Furniture => {}
            LineKind::Text if taken(k) => {}
            LineKind::Text if is_header(k) && line.text == "Startdatum" => break,
            LineKind::Text if stop(k) || is_header(k) || is_iso_date(&line.text) => return None,
            LineKind::Text => current.push(k),
        }
        if blocks.len() > 500 {
            return None;
        }
        k += 1;
    }
    if !current.is_empty() {
        blocks.push(current);
    }
    let mut out = Parsed::default();
    out.used.push(k);
    // The dates, and where `Slutdatum` stands among them.
    let mut dates: Vec<(usize, String)> = Vec::new();
    let mut end_head_after: Option<usize> = None;
    k += 1;
    while let Some(line) = lines.get(k) {
        if line.is_text() && !taken(k) {
            if is_header(k) && line.text == "Slutdatum" && end_head_after.is_none() {
                end_head_after = Some(dates.len());
                out.used.push(k);
            } else if is_iso_date(&line.text) {
                dates.push((k, line.text.clone()));
            } else {
                break;
            }
        }
        k += 1;
    }
    // No texts before `Startdatum`: pdfminer.six may read them after the
    // dates, as many as the dates' pairs, with the table's end after them.
    let texts_after = blocks.is_empty();
    if texts_after {
        let (after, next) = texts_after_dates(lines, k, dates.len() / 2, is_header, taken, stop)?;
        blocks = after;
        k = next;
    }
    let n = blocks.len();
    if n == 0 || dates.len() != 2 * n {
        return None;
    }
    let values: Vec<&str> = dates.iter().map(|(_, d)| d.as_str()).collect();
    let owned = |p: Vec<(&str, &str)>| -> Vec<(String, String)> {
        p.into_iter()
            .map(|(s, e)| (s.to_owned(), e.to_owned()))
            .collect()
    };
    let mut pairs = owned(date_groups(&values, end_head_after?)?);
    // Groups of rows read after the head's group: their texts, then their
    // dates (a row of one line after a row of several, `Prognosuppföljning`).
    while let Some((texts, more, next)) =
        later_group(lines, k, is_header, taken, stop).filter(|_| !texts_after)
    {
        let values: Vec<&str> = more.iter().map(|(_, d)| d.as_str()).collect();
        let Some(more_pairs) = (1..=texts.len()).find_map(|first| date_groups(&values, first))
        else {
            break;
        };
        // Every first group's size must give the same pairs.
        if (1..=texts.len())
            .filter_map(|first| date_groups(&values, first))
            .any(|p| p != more_pairs)
        {
            break;
        }
        blocks.extend(texts);
        pairs.extend(owned(more_pairs));
        dates.extend(more);
        k = next;
    }
    // A last group whose texts and start dates alternate, its end dates
    // after them.
    if !texts_after && let Some((texts, more, next)) = mixed_group(lines, k, is_header, taken, stop)
    {
        blocks.extend(texts.iter().map(|(t, _)| t.clone()));
        pairs.extend(texts.into_iter().map(|(_, pair)| pair));
        dates.extend(more);
        k = next;
    }
    for (block, (s, e)) in blocks.iter().zip(pairs) {
        let mut text = String::new();
        for &i in block {
            join_wrapped(&mut text, &lines[i].text);
        }
        out.rows.push(ActivityRow {
            text: text.replace('\u{ad}', ""),
            start: s.to_owned(),
            end: e.to_owned(),
            line: lines[block[0]].no,
        });
        out.used.extend(block);
    }
    out.used.extend(dates.iter().map(|(k, _)| *k));
    out.used.sort_unstable();
    let last = dates.last().map_or(k, |(k, _)| *k);
    out.resume = if texts_after { k } else { last + 1 };
    Some(out)
}

/// What a scan of paragraphs does with a line of text.
enum Scan {
    /// Part of the paragraph it stands in.
    Take,
    /// A paragraph of its own (a date among texts).
    Alone,
    /// The end of the scan, before this line.
    End,
    /// Not what the scan reads: nothing is read.
    Fail,
}

/// The paragraphs from line `k` (text lines that a blank line ends; page
/// furniture and lines already `taken` skipped), each line of text as `scan`
/// says; `None` on [`Scan::Fail`] or more than `most` paragraphs. The
/// paragraphs and the line the scan ended at.
fn paragraphs(
    lines: &[Line],
    mut k: usize,
    taken: &dyn Fn(usize) -> bool,
    most: usize,
    scan: impl Fn(usize) -> Scan,
) -> Option<(Vec<Vec<usize>>, usize)> {
    let mut items: Vec<Vec<usize>> = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    while let Some(line) = lines.get(k) {
        match line.kind {
            LineKind::Blank => {
                if !current.is_empty() {
                    items.push(std::mem::take(&mut current));
                }
            }
            LineKind::Furniture => {}
            LineKind::Text if taken(k) => {}
            LineKind::Text => match scan(k) {
                Scan::Take => current.push(k),
                Scan::Alone => {
                    if !current.is_empty() {
                        items.push(std::mem::take(&mut current));
                    }
                    items.push(vec![k]);
                }
                Scan::End => break,
                Scan::Fail => return None,
            },
        }
        if items.len() > most {
            return None;
        }
        k += 1;
    }
    if !current.is_empty() {
        items.push(current);
    }
    Some((items, k))
}

/// An activity table's texts after its dates, from line `k`: exactly
/// `rows` paragraphs, then the table's end (something `stop` or
/// `is_header` says, or the text's end). The paragraphs and the line after
/// them; `None` otherwise.
fn texts_after_dates(
    lines: &[Line],
    k: usize,
    rows: usize,
    is_header: &dyn Fn(usize) -> bool,
    taken: &dyn Fn(usize) -> bool,
    stop: &dyn Fn(usize) -> bool,
) -> Option<(Vec<Vec<usize>>, usize)> {
    let (texts, k) = paragraphs(lines, k, taken, rows, |k| {
        if stop(k) || is_header(k) || is_iso_date(&lines[k].text) {
            Scan::End
        } else {
            Scan::Take
        }
    })?;
    (rows > 0 && texts.len() == rows).then_some((texts, k))
}

/// A later group's paragraphs of text (their lines), its dates (line,
/// date) and the line after it.
type LaterGroup = (Vec<Vec<usize>>, Vec<(usize, String)>, usize);

/// A group of activity rows read column by column after the first, from
/// line `k`: one to [`MOST_IN_GROUP`] paragraphs of text, then twice as many
/// dates. The texts, the dates, and the line after them; `None` where
/// something else follows.
fn later_group(
    lines: &[Line],
    k: usize,
    is_header: &dyn Fn(usize) -> bool,
    taken: &dyn Fn(usize) -> bool,
    stop: &dyn Fn(usize) -> bool,
) -> Option<LaterGroup> {
    let (texts, mut k) = paragraphs(lines, k, taken, MOST_IN_GROUP, |k| {
        if is_iso_date(&lines[k].text) {
            Scan::End
        } else if stop(k) || is_header(k) {
            Scan::Fail
        } else {
            Scan::Take
        }
    })?;
    let mut dates: Vec<(usize, String)> = Vec::new();
    while let Some(line) = lines.get(k) {
        if line.is_text() && !taken(k) {
            if !is_iso_date(&line.text) {
                break;
            }
            dates.push((k, line.text.clone()));
        }
        k += 1;
    }
    (!texts.is_empty() && dates.len() == 2 * texts.len()).then_some((texts, dates, k))
}

/// A group's paragraphs of text each with its (start, end), its dates'
/// lines, and the line after it.
type MixedGroup = (
    Vec<(Vec<usize>, (String, String))>,
    Vec<(usize, String)>,
    usize,
);

/// The last group of an activity table read column by column, its texts
/// and dates mixed (pdfminer.six: a text, its start date, the next text, its
/// start date, then the end dates), from line `k` to the table's end
/// (something `stop` or `is_header` says, or the text's end): at most
/// [`MOST_IN_GROUP`] texts and twice as many dates. Paired by counting: the
/// start dates in the rows' order, each after its row's text, the end dates
/// in the rows' order, each after its start date and ending after it (or,
/// when no way does, not before); `None` unless exactly one way agrees.
fn mixed_group(
    lines: &[Line],
    k: usize,
    is_header: &dyn Fn(usize) -> bool,
    taken: &dyn Fn(usize) -> bool,
    stop: &dyn Fn(usize) -> bool,
) -> Option<MixedGroup> {
    // The paragraphs in order: a text's lines, or one date.
    let (items, k) = paragraphs(lines, k, taken, 3 * MOST_IN_GROUP, |k| {
        if stop(k) || is_header(k) {
            Scan::End
        } else if is_iso_date(&lines[k].text) {
            Scan::Alone
        } else {
            Scan::Take
        }
    })?;
    let is_date = |item: &[usize]| item.len() == 1 && is_iso_date(&lines[item[0]].text);
    let texts: Vec<usize> = (0..items.len()).filter(|&i| !is_date(&items[i])).collect();
    let dates: Vec<usize> = (0..items.len()).filter(|&i| is_date(&items[i])).collect();
    let m = texts.len();
    // Texts and dates mixed: the reading by groups did not take them.
    if m == 0 || dates.len() != 2 * m || dates[0] > texts[m - 1] {
        return None;
    }
    let date = |d: usize| lines[items[dates[d]][0]].text.clone();
    let all: Vec<String> = (0..dates.len()).map(date).collect();
    for strict in [true, false] {
        let mut search = Search {
            texts: &texts,
            dates: &dates,
            values: &all,
            strict,
            starts: Vec::new(),
            ends: Vec::new(),
            found: None,
            many: false,
            budget: 100_000,
        };
        search.next(0);
        if search.many || search.budget == 0 {
            return None;
        }
        if let Some(pairs) = search.found {
            let rows = texts.iter().map(|&t| items[t].clone()).zip(pairs).collect();
            let date_lines = dates
                .iter()
                .map(|&d| (items[d][0], lines[items[d][0]].text.clone()))
                .collect();
            return Some((rows, date_lines, k));
        }
    }
    None
}

/// The ways [`mixed_group`] pairs dates: each date taken as the next start
/// date (after its row's text) or the next end date (after its start, and
/// ending after it, or not before when not `strict`).
struct Search<'a> {
    /// The paragraphs' places of the texts and of the dates.
    texts: &'a [usize],
    dates: &'a [usize],
    values: &'a [String],
    strict: bool,
    /// The dates taken as starts and as ends, by index.
    starts: Vec<usize>,
    ends: Vec<usize>,
    found: Option<Vec<(String, String)>>,
    /// Two ways that give different pairs.
    many: bool,
    /// Steps left: a group too tangled to count is not read.
    budget: usize,
}

impl Search<'_> {
    fn next(&mut self, t: usize) {
        if self.many || self.budget == 0 {
            return;
        }
        self.budget -= 1;
        let m = self.texts.len();
        if t == self.dates.len() {
            let pairs: Vec<(String, String)> = self
                .starts
                .iter()
                .zip(&self.ends)
                .map(|(&s, &e)| (self.values[s].clone(), self.values[e].clone()))
                .collect();
            match &self.found {
                None => self.found = Some(pairs),
                Some(p) if *p == pairs => {}
                Some(_) => self.many = true,
            }
            return;
        }
        let i = self.starts.len();
        if i < m && self.texts[i] < self.dates[t] {
            self.starts.push(t);
            self.next(t + 1);
            self.starts.pop();
        }
        let j = self.ends.len();
        if j < i {
            let (s, e) = (&self.values[self.starts[j]], &self.values[t]);
            if (self.strict && s < e) || (!self.strict && s <= e) {
                self.ends.push(t);
                self.next(t + 1);
                self.ends.pop();
            }
        }
    }
}

/// The most rows [`date_groups`] tries in one group: pdfminer.six puts
/// rows together in a column while their cells stand close, a few at a time.
const MOST_IN_GROUP: usize = 12;

/// The pairings of the dates after a point: none, one, or more than one.
#[derive(Clone)]
enum Pairing<'d> {
    None,
    One(Vec<(&'d str, &'d str)>),
    Many,
}

/// Pairs dates read column by column in groups of rows: each group's start
/// dates, then its end dates. `first` is the first group's size (where the
/// head's `Slutdatum` stood among the dates); the groups after it are found
/// by trying sizes and keeping the pairings in which every activity ends
/// after it starts (or, when none does, not before). Only one pairing may
/// remain (pairings that give the same dates are one): when two differ,
/// nothing is guessed and `None` is returned, as it is when none fits.
fn date_groups<'d>(dates: &[&'d str], first: usize) -> Option<Vec<(&'d str, &'d str)>> {
    if first == 0 || !dates.len().is_multiple_of(2) || 2 * first > dates.len() {
        return None;
    }
    let head: Vec<(&str, &str)> = (0..first).map(|j| (dates[j], dates[first + j])).collect();
    let rest = &dates[2 * first..];
    for strict in [true, false] {
        let fits = |s: &str, e: &str| if strict { s < e } else { s <= e };
        if !head.iter().all(|(s, e)| fits(s, e)) {
            continue;
        }
        // From the end: the pairings of the dates from each position on.
        let mut after: Vec<Pairing> = vec![Pairing::None; rest.len() + 1];
        after[rest.len()] = Pairing::One(Vec::new());
        for p in (0..rest.len()).rev().filter(|p| p % 2 == 0) {
            let mut found = Pairing::None;
            for size in 1..=MOST_IN_GROUP.min((rest.len() - p) / 2) {
                let group: Vec<(&str, &str)> = (0..size)
                    .map(|j| (rest[p + j], rest[p + size + j]))
                    .collect();
                if !group.iter().all(|(s, e)| fits(s, e)) {
                    continue;
                }
                let tail = match &after[p + 2 * size] {
                    Pairing::One(t) => t,
                    Pairing::None => continue,
                    Pairing::Many => {
                        found = Pairing::Many;
                        break;
                    }
                };
                let mut whole = group;
                whole.extend(tail.iter().copied());
                match &found {
                    Pairing::None => found = Pairing::One(whole),
                    Pairing::One(other) if *other == whole => {}
                    _ => {
                        found = Pairing::Many;
                        break;
                    }
                }
            }
            after[p] = found;
        }
        match after.swap_remove(0) {
            Pairing::One(tail) => {
                let mut all = head;
                all.extend(tail);
                return Some(all);
            }
            Pairing::None => continue,
            Pairing::Many => return None,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::layout::lines;

    #[test]
    fn activities_with_dates_after_the_text_or_on_the_first_line() {
        let ls = lines(
            "Aktivitet Startdatum Slutdatum\n\nAllmän visstidsanställning minimeras. 2020-01-01 2020-12-31\n\nFörbättra förutsättningarna för \nfunktionsnedsättning.\n\n2020-01-01 2020-12-31\n\nProsa efteråt.\n",
        );
        let p = activities(&ls, 1, Style::default(), &|_| false, &|_| false, &|_| false);
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
        let p = activities(&ls, 1, ocr, &|_| false, &|_| false, &|k| {
            ls[k].text.starts_with("Namndmal")
        });
        assert_eq!(p.rows.len(), 1);
        assert_eq!(
            p.rows[0].text,
            "Resursenheten ska erbjuda kompetensutveckling i syfte sa att det starker"
        );
    }

    #[test]
    fn texts_after_or_among_their_dates_are_read_when_counting_agrees() {
        let head = |t: &str| matches!(t, "Aktivitet" | "Startdatum" | "Slutdatum");
        let read = |text: &str| {
            let ls = lines(text);
            activities_by_column(&ls, 1, &|k| head(&ls[k].text), &|_| false, &|k| {
                ls[k].text.starts_with("Nämndmål")
            })
            .map(|p| {
                p.rows
                    .iter()
                    .map(|r| format!("{} {} {}", r.text, r.start, r.end))
                    .collect::<Vec<_>>()
            })
        };
        let text = "Aktivitet\n\nStartdatum\n\n2019-01-01\n\nSlutdatum\n\n2019-06-30\n\n2019-02-01\n\n2019-12-31\n\nEn aktivitet.\n\nEn till.\n\nNämndmål: Nästa\n";
        assert_eq!(
            read(text).unwrap(),
            [
                "En aktivitet. 2019-01-01 2019-06-30",
                "En till. 2019-02-01 2019-12-31"
            ]
        );
        // The last group's texts each followed by its start date, the end
        // dates after them: one way only makes every activity end after it
        // starts.
        let mixed = "Aktivitet\n\nEtt.\n\nStartdatum\n\n2019-01-01\n\nSlutdatum\n\n2019-12-31\n\nTvå.\n\n2019-01-01\n\nTre.\n\n2019-02-01\n\n2019-12-31\n\n2019-06-30\n\nNämndmål: Nästa\n";
        assert_eq!(
            read(mixed).unwrap(),
            [
                "Ett. 2019-01-01 2019-12-31",
                "Två. 2019-01-01 2019-12-31",
                "Tre. 2019-02-01 2019-06-30"
            ]
        );
        // Two ways fit and give different pairs: the group is not read.
        let two = mixed.replace(
            "2019-02-01\n\n2019-12-31\n\n2019-06-30",
            "2019-02-01\n\n2019-03-01\n\n2019-12-31",
        );
        assert_eq!(read(&two).unwrap(), ["Ett. 2019-01-01 2019-12-31"]);
        // A third paragraph: not the table's, which then is not read so.
        let more = text.replace("En till.\n", "En till.\n\nProsa efter tabellen.\n");
        assert_eq!(read(&more), None);
    }

    #[test]
    fn dates_read_in_groups_are_paired_one_way_or_not_at_all() {
        let pairs = date_groups;
        // Two rows together, then one alone (pdfminer.six, a row of four lines).
        let d = [
            "2020-01-01",
            "2020-01-16",
            "2020-12-31",
            "2020-11-30",
            "2020-02-01",
            "2020-06-30",
        ];
        assert_eq!(
            pairs(&d, 2),
            Some(vec![
                ("2020-01-01", "2020-12-31"),
                ("2020-01-16", "2020-11-30"),
                ("2020-02-01", "2020-06-30")
            ])
        );
        // One alone, then two together: only one way makes every end come after its start.
        let d = [
            "2019-01-01",
            "2019-12-31",
            "2019-03-01",
            "2019-01-01",
            "2019-12-31",
            "2019-06-30",
        ];
        assert_eq!(
            pairs(&d, 1),
            Some(vec![
                ("2019-01-01", "2019-12-31"),
                ("2019-03-01", "2019-12-31"),
                ("2019-01-01", "2019-06-30")
            ])
        );
        // Either way fits, and the pairs differ: nothing is guessed.
        let d = [
            "2019-01-01",
            "2019-12-31",
            "2019-01-01",
            "2019-02-01",
            "2019-03-01",
            "2019-04-01",
        ];
        assert_eq!(pairs(&d, 1), None);
        // Either way fits and gives the same pairs.
        let d = [
            "2020-01-01",
            "2020-12-31",
            "2020-01-01",
            "2020-12-31",
            "2020-01-01",
            "2020-12-31",
        ];
        assert_eq!(pairs(&d, 1).map(|p| p.len()), Some(3));
        assert_eq!(pairs(&d[..5], 1), None);
    }
}
