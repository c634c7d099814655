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
pub fn activities(
    lines: &[Line],
    start: usize,
    style: Style,
    is_header: &dyn Fn(usize) -> bool,
    stop: &dyn Fn(usize) -> bool,
) -> Parsed<ActivityRow> {
    if lines
        .get(start.wrapping_sub(1))
        .is_some_and(|h| h.text == "Aktivitet")
        && let Some(p) = activities_by_column(lines, start, is_header, stop)
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
        if line.kind != LineKind::Text {
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
/// end, start, end) or after all the start dates (then the end dates
/// follow). Put back together by counting: as many rows as paragraphs,
/// which needs twice as many dates; else none is read here.
pub fn activities_by_column(
    lines: &[Line],
    start: usize,
    is_header: &dyn Fn(usize) -> bool,
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
        if line.is_text() {
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
    let n = blocks.len();
    if n == 0 || dates.len() != 2 * n {
        return None;
    }
    let pairs: Vec<(&str, &str)> = match end_head_after {
        Some(1) => dates
            .chunks(2)
            .map(|c| (c[0].1.as_str(), c[1].1.as_str()))
            .collect(),
        Some(m) if m == n => (0..n)
            .map(|r| (dates[r].1.as_str(), dates[n + r].1.as_str()))
            .collect(),
        _ => return None,
    };
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
    out.resume = last + 1;
    Some(out)
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
        let p = activities(&ls, 1, Style::default(), &|_| false, &|_| false);
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
        let p = activities(&ls, 1, ocr, &|_| false, &|k| {
            ls[k].text.starts_with("Namndmal")
        });
        assert_eq!(p.rows.len(), 1);
        assert_eq!(
            p.rows[0].text,
            "Resursenheten ska erbjuda kompetensutveckling i syfte sa att det starker"
        );
    }
}
