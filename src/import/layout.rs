//! What the extraction did with the page, undone: `pdftotext -layout` columns
//! (cells, two columns side by side), running heads and feet learnt from where
//! pages break, the table of contents (dropped, its titles kept to know where a
//! wrapped heading ends), and where lines were wrapped when the text does not
//! say it with a trailing space.

use std::collections::HashMap;

use super::text::{Cell, Line, LineKind, is_page_number, normalise};
use crate::model::value::Periodicity;

/// Splits the input into lines and marks blank lines and page furniture: the
/// importer's first stage, which reads what the extraction's layout did.
pub fn lines(input: &str) -> Vec<Line> {
    // Old Mac files end lines with CR alone; CRLF is handled line by line below.
    let normalised;
    let input = if input.contains('\r') && !input.contains('\n') {
        normalised = input.replace('\r', "\n");
        normalised.as_str()
    } else {
        input
    };
    let raws: Vec<&str> = input
        .split('\n')
        .map(|raw| raw.strip_suffix('\r').unwrap_or(raw))
        .collect();
    let layout = is_layout(&raws);
    let mut out: Vec<Line> = raws
        .iter()
        .enumerate()
        .map(|(i, &raw)| {
            let form_feed = raw.starts_with('\u{c}');
            // Without -layout columns, pdftotext starts a page's first line with a space.
            let page_start = form_feed || (!layout && raw.starts_with(' '));
            let text = normalise(raw);
            let soft =
                !text.is_empty() && raw.trim_end_matches(['\u{c}', '\r']).ends_with([' ', '\t']);
            let body = raw.trim_start_matches('\u{c}');
            let indent = body.chars().take_while(|c| c.is_whitespace()).count();
            let kind = if text.is_empty() {
                LineKind::Blank
            } else if super::text::is_furniture(&text) {
                LineKind::Furniture
            } else {
                LineKind::Text
            };
            Line {
                no: i + 1,
                raw: raw.to_owned(),
                cells: cells(body, layout),
                text,
                soft,
                page_start,
                kind,
                indent,
            }
        })
        .collect();
    // A final newline does not make a line of its own.
    if out.last().is_some_and(|l| l.raw.is_empty()) {
        out.pop();
    }
    if !layout {
        mark_hyphenation(&mut out);
    }
    running_head_with_page_number(&mut out);
    let mut out = if layout { split_columns(out) } else { out };
    super::text::mark_running_titles(&mut out);
    out
}

/// A word the typesetter broke at a line's end, as extractors other than
/// pdftotext write it: a plain hyphen after two or more letters, the next
/// line going on in lower case (`funktionsned-` / `sättning`), not with a
/// conjunction (`kultur-` / `och fritid`). Its hyphen is made the soft
/// hyphen pdftotext writes there, so the word is joined as pdftotext's are.
pub fn mark_hyphenation(lines: &mut [Line]) {
    for i in 0..lines.len().saturating_sub(1) {
        if lines[i].kind != LineKind::Text || lines[i + 1].kind != LineKind::Text {
            continue;
        }
        let t = &lines[i].text;
        let Some(word) = t.strip_suffix('-') else {
            continue;
        };
        let word = word.rsplit(' ').next().unwrap_or(word);
        let letters = word.chars().rev().take_while(|c| c.is_alphabetic()).count();
        // Before the word's letters, nothing or an opening mark (`(årsar-`).
        let before = word.chars().rev().nth(letters);
        let lower = word.chars().last().is_some_and(char::is_lowercase)
            && before.is_none_or(|c| matches!(c, '(' | '"' | '\'' | '«' | '”' | '['));
        let next = &lines[i + 1].text;
        let first = next.split(' ').next().unwrap_or("");
        let conjunction = matches!(
            first,
            "och" | "eller" | "samt" | "respektive" | "till" | "som"
        );
        if letters >= 2 && lower && super::text::starts_lower(next) && !conjunction {
            let text = &mut lines[i].text;
            text.pop();
            text.push('\u{ad}');
        }
    }
}

/// Whether the text was laid out in columns (`pdftotext -layout`): several
/// lines hold a gap of three spaces or more between words.
pub fn is_layout(raws: &[&str]) -> bool {
    let mut gapped = 0usize;
    let mut nonblank = 0usize;
    for raw in raws {
        let t = raw.trim();
        if t.is_empty() {
            continue;
        }
        nonblank += 1;
        if t.contains("   ") {
            gapped += 1;
        }
    }
    gapped >= 3 && gapped * 50 >= nonblank
}

/// The runs of text on a line set apart by a tab, or in `-layout` text by two
/// or more spaces, with their columns; empty when there is only one.
pub fn cells(raw: &str, layout: bool) -> Vec<Cell> {
    if !layout && !raw.contains('\t') {
        return Vec::new();
    }
    let chars: Vec<char> = raw.chars().collect();
    let mut out: Vec<Cell> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i;
        while i < chars.len() {
            if chars[i] == '\t' {
                break;
            }
            if chars[i].is_whitespace() {
                let run = chars[i..].iter().take_while(|c| **c == ' ').count();
                if layout && run >= 2 {
                    break;
                }
                if run == 0 {
                    // Another kind of white space (no-break space) inside a cell.
                    i += 1;
                    continue;
                }
                i += run;
                continue;
            }
            i += 1;
            end = i;
        }
        let text = normalise(&chars[start..end].iter().collect::<String>());
        if !text.is_empty() {
            out.push(Cell { start, end, text });
        }
    }
    if out.len() < 2 {
        out.clear();
    }
    out
}

/// `-layout` puts a running head and the page number on one line
/// (`Tjänsteutlåtande          Sid 7 (65)`), pypdf and mutool too with one
/// space between: furniture, and so is the head wherever it stands alone.
pub fn running_head_with_page_number(lines: &mut [Line]) {
    let mut heads: Vec<String> = Vec::new();
    for l in lines.iter_mut() {
        if l.kind == LineKind::Text
            && l.cells.is_empty()
            && let Some(head) = super::text::head_with_page_number(&l.text)
        {
            l.kind = LineKind::Furniture;
            heads.push(head.to_owned());
            continue;
        }
        if l.kind != LineKind::Text || l.cells.len() != 2 {
            continue;
        }
        if is_page_number(&l.cells[1].text) && l.cells[0].text.chars().count() <= 80 {
            l.kind = LineKind::Furniture;
            heads.push(l.cells[0].text.clone());
        } else if is_page_number(&l.cells[0].text) && l.cells[1].text.chars().count() <= 80 {
            l.kind = LineKind::Furniture;
            heads.push(l.cells[1].text.clone());
        }
    }
    if heads.is_empty() {
        return;
    }
    for l in lines.iter_mut() {
        if l.kind == LineKind::Text && heads.contains(&l.text) {
            l.kind = LineKind::Furniture;
        }
    }
}

/// Whether a cell holds a table's value (an amount, a date, a target, a
/// periodicity) rather than text set beside other text.
fn is_value(t: &str) -> bool {
    let t = t.trim();
    t.chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() || c == '−' || c == '-')
        || Periodicity::parse(t).is_some()
        || matches!(t, "Öka" | "Minska")
        || t.ends_with('%')
}

/// Two columns of text side by side (`-layout` keeps a page's columns on
/// one line: signatures, a name beside an address): two or more lines in a
/// row with two cells each, the right ones starting at the same column, and
/// no table's values among them. Each column is read down, the left first.
pub fn split_columns(lines: Vec<Line>) -> Vec<Line> {
    let two = |l: &Line| {
        l.kind == LineKind::Text
            && l.cells.len() == 2
            && l.cells[1].start >= 20
            && l.cells
                .iter()
                .all(|c| c.text.chars().count() <= 60 && !is_value(&c.text))
    };
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        if !two(&lines[i]) {
            out.push(lines[i].clone());
            i += 1;
            continue;
        }
        let (left, right) = (lines[i].cells[0].start, lines[i].cells[1].start);
        let mut end = i + 1;
        while end < lines.len()
            && two(&lines[end])
            && lines[end].cells[0].start.abs_diff(left) <= 2
            && lines[end].cells[1].start.abs_diff(right) <= 2
        {
            end += 1;
        }
        if end - i < 2 {
            out.push(lines[i].clone());
            i += 1;
            continue;
        }
        for side in 0..2 {
            for l in &lines[i..end] {
                let cell = &l.cells[side];
                out.push(Line {
                    raw: l.raw.clone(),
                    text: cell.text.clone(),
                    indent: cell.start,
                    cells: Vec::new(),
                    ..l.clone()
                });
            }
        }
        i = end;
    }
    out
}

/// Where pages break: a form feed, or a page number.
fn page_breaks(lines: &[Line]) -> Vec<usize> {
    lines
        .iter()
        .enumerate()
        .filter(|(_, l)| {
            l.raw.starts_with('\u{c}')
                || (l.kind == LineKind::Furniture
                    && (is_page_number(&l.text)
                        || super::text::head_with_page_number(&l.text).is_some()))
                || (l.kind == LineKind::Furniture
                    && l.cells.iter().any(|c| is_page_number(&c.text)))
        })
        .map(|(i, _)| i)
        .collect()
}

/// A line with its figures masked, so a foot with a date or a number matches itself.
fn masked(t: &str) -> String {
    t.chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect()
}

/// Running heads and feet learnt from the text: a line that stands next to a
/// page break (within two lines) at two breaks or more and at a third of
/// them, and at least as often there as anywhere else, is furniture wherever
/// it stands next to a break.
/// Lines that are structure (`structural`: a section's name, a table's head
/// repeated on a new page) are never taken for it.
pub fn learn_running_heads(lines: &mut [Line], structural: &dyn Fn(&str) -> bool) {
    let breaks = page_breaks(lines);
    if breaks.len() < 2 {
        return;
    }
    // The text lines near each break, at most two on either side.
    let mut near: Vec<usize> = Vec::new();
    for &b in &breaks {
        let mut found = 0;
        let mut k = b;
        while k > 0 && found < 2 {
            k -= 1;
            if lines[k].kind == LineKind::Text {
                near.push(k);
                found += 1;
            } else if lines[k].kind == LineKind::Furniture && k != b {
                found += 1;
            }
        }
        let mut found = 0;
        let mut k = b;
        while k + 1 < lines.len() && found < 2 {
            k += 1;
            if lines[k].kind == LineKind::Text {
                near.push(k);
                found += 1;
            } else if lines[k].kind == LineKind::Furniture {
                found += 1;
            }
        }
        if lines[b].kind == LineKind::Text {
            near.push(b);
        }
    }
    near.sort_unstable();
    near.dedup();
    let mut at_breaks: HashMap<String, usize> = HashMap::new();
    for &k in &near {
        *at_breaks.entry(masked(&lines[k].text)).or_default() += 1;
    }
    let mut everywhere: HashMap<String, usize> = HashMap::new();
    for l in lines.iter().filter(|l| l.kind == LineKind::Text) {
        let m = masked(&l.text);
        if at_breaks.contains_key(&m) {
            *everywhere.entry(m).or_default() += 1;
        }
    }
    // A running head stands at a good share of the breaks, not at two of fifty.
    let enough = (breaks.len() / 3).max(2);
    for &k in &near {
        let m = masked(&lines[k].text);
        let n = at_breaks.get(&m).copied().unwrap_or(0);
        let all = everywhere.get(&m).copied().unwrap_or(0);
        let short = lines[k].text.chars().count() <= 100;
        if n >= enough && n * 2 >= all && short && !structural(&lines[k].text) {
            lines[k].kind = LineKind::Furniture;
        }
    }
    // The last page's foot has no break after it where the extractor puts
    // the page number at the top (pypdf, mutool): the last text lines that
    // are a learnt foot are furniture too.
    let learnt: std::collections::HashSet<String> = near
        .iter()
        .filter(|&&k| lines[k].kind == LineKind::Furniture)
        .map(|&k| masked(&lines[k].text))
        .collect();
    // pdfminer.six may put a page's foot among the page's text, away from
    // the break: a learnt head or foot that is a paragraph of its own
    // (no text line right before or after it) is furniture wherever it stands.
    for k in 0..lines.len() {
        let alone = |j: Option<usize>| {
            j.and_then(|j| lines.get(j))
                .is_none_or(|l| l.kind != LineKind::Text)
        };
        if lines[k].kind == LineKind::Text
            && alone(k.checked_sub(1))
            && alone(Some(k + 1))
            && learnt.contains(&masked(&lines[k].text))
        {
            lines[k].kind = LineKind::Furniture;
        }
    }
    let mut seen = 0;
    for l in lines.iter_mut().rev() {
        if l.kind != LineKind::Text {
            continue;
        }
        if seen >= 2 || !learnt.contains(&masked(&l.text)) {
            break;
        }
        l.kind = LineKind::Furniture;
        seen += 1;
    }
}

/// A line of a table of contents: a title, dot leaders and a page number
/// (`1.3 I Stockholm … . . . . . 14`). The title, if the line is one. A
/// title that nearly fills the line leaves room for one dot only: inside a
/// table of contents `min_dots` is then 1.
fn contents_entry(t: &str, min_dots: usize) -> Option<&str> {
    let t = t.trim_end();
    let body = t.trim_end_matches(|c: char| c.is_ascii_digit());
    if body.len() == t.len() {
        return None;
    }
    let body = body.trim_end();
    let mut dots = 0;
    let mut rest = body;
    loop {
        let r = rest.trim_end_matches(' ');
        match r.strip_suffix('.').or_else(|| r.strip_suffix('…')) {
            Some(before) => {
                dots += if r.ends_with('…') { 3 } else { 1 };
                rest = before;
            }
            None => break,
        }
    }
    (dots >= min_dots.max(1)).then_some(rest.trim_end())
}

/// Finds tables of contents — two or more lines ending in dot leaders and a
/// page number, a wrapped title's first lines between them, and the heading
/// above them (`Innehåll`) — marks them furniture and returns the titles they
/// list, in order, as the importer reads text (spaces collapsed, broken words
/// joined).
pub fn contents(lines: &mut [Line]) -> Vec<String> {
    let mut titles: Vec<String> = Vec::new();
    let n = lines.len();
    let mut i = 0;
    while i < n {
        if lines[i].kind != LineKind::Text || contents_entry(&lines[i].text, 3).is_none() {
            i += 1;
            continue;
        }
        // A run of entries: each entry is up to three lines, the last with leaders.
        let mut region: Vec<usize> = Vec::new();
        let mut entries: Vec<String> = Vec::new();
        let mut pending: Vec<usize> = Vec::new();
        let mut k = i;
        // Wrapped lines of the first entry stand above it.
        let mut back = i;
        while back > 0 && pending.len() < 2 {
            let p = back - 1;
            if lines[p].kind != LineKind::Text || contents_entry(&lines[p].text, 3).is_some() {
                break;
            }
            // A heading that names the table of contents is not an entry.
            if is_contents_heading(&lines[p].text) {
                break;
            }
            pending.insert(0, p);
            back = p;
        }
        // Keep only a wrapped start that plainly is one: it does not end a sentence.
        pending.retain(|&p| !lines[p].text.ends_with('.'));
        while k < n {
            match lines[k].kind {
                LineKind::Blank | LineKind::Furniture => {
                    k += 1;
                    continue;
                }
                LineKind::Text => {}
            }
            let min_dots = if entries.len() >= 2 { 1 } else { 3 };
            if let Some(title) = contents_entry(&lines[k].text, min_dots) {
                let mut full = String::new();
                for &p in &pending {
                    super::text::join_wrapped(&mut full, &lines[p].text);
                }
                super::text::join_wrapped(&mut full, title);
                full.retain(|c| c != '\u{ad}');
                entries.push(full);
                region.append(&mut pending);
                region.push(k);
                k += 1;
                continue;
            }
            if pending.len() < 3 {
                pending.push(k);
                k += 1;
                continue;
            }
            break;
        }
        if entries.len() >= 2 {
            for &r in &region {
                lines[r].kind = LineKind::Furniture;
            }
            let first = region.first().copied().unwrap_or(i);
            if let Some(h) = (0..first)
                .rev()
                .find(|&p| lines[p].kind == LineKind::Text)
                .filter(|&p| is_contents_heading(&lines[p].text))
            {
                lines[h].kind = LineKind::Furniture;
            }
            titles.extend(entries);
            i = region.last().copied().unwrap_or(k) + 1;
        } else {
            i += 1;
        }
    }
    titles
}

fn is_contents_heading(t: &str) -> bool {
    matches!(
        t.trim_end_matches(':'),
        "Innehåll" | "Innehållsförteckning" | "INNEHÅLL" | "Innehall"
    )
}

/// Whether the text marks wrapped lines with a trailing space, as pdftotext
/// does with PDFs made by Word: then a line without one ends its paragraph.
pub fn soft_marked(lines: &[Line]) -> bool {
    let text: Vec<&Line> = lines.iter().filter(|l| l.is_text()).collect();
    let soft = text.iter().filter(|l| l.soft).count();
    text.len() >= 5 && soft * 10 >= text.len()
}

/// The typical width of a full line, in characters, among lines without cells.
pub fn line_width(lines: &[Line]) -> usize {
    typical_width(lines, |l| l.is_text() && l.cells.is_empty())
}

/// The typical width of a full line among the lines `counts` keeps: the 90th
/// percentile of their lengths in characters, at least 40; 80 when none.
pub fn typical_width(lines: &[Line], counts: impl Fn(&Line) -> bool) -> usize {
    let mut widths: Vec<usize> = lines
        .iter()
        .filter(|l| counts(l))
        .map(|l| l.text.chars().count())
        .collect();
    if widths.is_empty() {
        return 80;
    }
    widths.sort_unstable();
    widths[widths.len() * 9 / 10].max(40)
}

/// Words that do not end a sentence's clause: a line ending in one goes on.
const GOES_ON: &[&str] = &[
    "och", "eller", "samt", "i", "på", "av", "för", "till", "med", "om", "att", "som", "en", "ett",
    "från", "mot", "vid", "hos", "inom", "där", "när", "då", "är", "har", "ska", "kan", "utifrån",
    "genom", "mellan",
];

/// Marks where lines were wrapped, in text that does not say it with a
/// trailing space (`pdftotext` of a PDF made by typst, copy-paste, Tika). A
/// line goes on on the next when it ends in a hyphen or a broken word, the
/// next starts in lower case, or it ends in a comma. It ends at a full stop,
/// and where the next line's first word would have fitted on it (in a text
/// long enough to tell how wide a full line is). A full line goes on when it
/// ends in a word a clause does not end with (`och`, `i`, `för`), and before
/// anything but a capital letter. A blank line ends it, unless page furniture stands in it (a page
/// break inside a paragraph).
pub fn infer_wraps(lines: &mut [Line]) {
    let width = line_width(lines);
    // Too few lines say nothing about how wide a full one is.
    let measured = lines.iter().filter(|l| l.is_text()).count() >= 30;
    let n = lines.len();
    for i in 0..n {
        if !lines[i].is_text() {
            continue;
        }
        // The next text line, and whether a blank line with no page furniture stands between.
        let mut k = i + 1;
        let mut blank = false;
        let mut furniture = false;
        while k < n && !lines[k].is_text() {
            match lines[k].kind {
                LineKind::Blank => blank = true,
                LineKind::Furniture => furniture = true,
                LineKind::Text => {}
            }
            k += 1;
        }
        let Some(next) = lines.get(k) else {
            lines[i].soft = false;
            continue;
        };
        let t = lines[i].text.as_str();
        let next_t = next.text.as_str();
        let first_word = next_t.split(' ').next().unwrap_or("");
        let last_word = t.rsplit(' ').next().unwrap_or("");
        let hyphen = t.ends_with('\u{ad}')
            || (t.ends_with('-') && t.chars().rev().nth(1).is_some_and(char::is_alphanumeric));
        // `varav …` starts a budget row or a table's caption of its own.
        let lower =
            next_t.chars().next().is_some_and(char::is_lowercase) && !next_t.starts_with("varav ");
        let fits = measured && t.chars().count() + 1 + first_word.chars().count() <= width;
        let upper = next_t.chars().next().is_some_and(char::is_uppercase);
        let wrapped = if blank && !furniture {
            false
        } else if hyphen || lower {
            true
        } else if t.ends_with(['.', '!', '?', ':', ';']) {
            false
        } else if t.ends_with(',') {
            true
        } else if fits {
            // The next word would have fitted: the line ended where it was meant to.
            false
        } else if GOES_ON.contains(&last_word.to_lowercase().as_str()) {
            true
        } else if first_word.chars().count() >= 2
            && first_word
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase)
        {
            // An abbreviation after a full line (`… Skärholmens` / `SDN`) goes on.
            true
        } else {
            // A capital after a full line begins something new more often
            // than it goes on with a name; anything else goes on.
            !upper && measured
        };
        lines[i].soft = wrapped;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::layout::lines;

    #[test]
    fn soft_breaks_blank_lines_and_furniture() {
        let ls = lines(
            " Inledning\nEn rad som bryts \nhär.\n   \nTjänsteutlåtande\nSid 7 (65)\n08-50822368\n",
        );
        assert_eq!(ls.len(), 7);
        assert!(ls[0].page_start);
        assert_eq!(ls[0].text, "Inledning");
        assert!(ls[1].soft);
        assert!(!ls[2].soft);
        assert_eq!(ls[3].kind, LineKind::Blank);
        assert!(ls[4..].iter().all(|l| l.kind == LineKind::Furniture));
    }

    #[test]
    fn running_title_before_a_page_break() {
        let ls = lines("text\n\nHagersten-Alvsjo stadsdelsférvaltning\n Det gemensamma\n");
        assert_eq!(ls[2].kind, LineKind::Furniture);
        let ls = lines("Om Hägersten-Liljeholmens stadsdelsförvaltning\nmer\n");
        assert_eq!(ls[0].kind, LineKind::Text);
    }

    #[test]
    fn cells_in_layout_text() {
        let c = cells(
            " Antal barn per grupp          16       16      Tertial",
            true,
        );
        let texts: Vec<&str> = c.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, ["Antal barn per grupp", "16", "16", "Tertial"]);
        assert_eq!(c[0].start, 1);
        assert!(cells("En rad med ett mellanslag", true).is_empty());
        let t: Vec<String> = cells("Namn\tÅrsmål\t\tÅr", false)
            .into_iter()
            .map(|c| c.text)
            .collect();
        assert_eq!(t, ["Namn", "Årsmål", "År"]);
    }

    #[test]
    fn table_of_contents_is_furniture_and_its_titles_are_kept() {
        let mut ls = lines(
            "Innehåll\nInledning . . . . . . . . 1\n1.3 I Stockholm når barn sin fulla potential då\nStockholms skolor är bäst . . . . . 5\nNämndmål: Alla barn ....... 6\n\nInledning\nText.\n",
        );
        let titles = contents(&mut ls);
        assert_eq!(
            titles,
            [
                "Inledning",
                "1.3 I Stockholm når barn sin fulla potential då Stockholms skolor är bäst",
                "Nämndmål: Alla barn"
            ]
        );
        assert!(ls[..5].iter().all(|l| l.kind == LineKind::Furniture));
        assert_eq!(ls[6].kind, LineKind::Text);
    }

    #[test]
    fn running_heads_learnt_at_page_breaks() {
        let mut ls = lines(
            "Resursenheten · Verksamhetsplan 2020\n\u{c}Verksamhetsplan 2020, Resursenheten\n\nSid 2 (3)\n\nText som går\nvidare.\nResursenheten · Verksamhetsplan 2020\n\u{c}Verksamhetsplan 2020, Resursenheten\n\nSid 3 (3)\n\nFörväntat resultat\n",
        );
        learn_running_heads(&mut ls, &|t| t == "Förväntat resultat");
        let kinds: Vec<LineKind> = ls.iter().map(|l| l.kind).collect();
        assert_eq!(kinds[0], LineKind::Furniture);
        assert_eq!(kinds[1], LineKind::Furniture);
        assert_eq!(kinds[5], LineKind::Text);
        assert_eq!(kinds[7], LineKind::Furniture);
        assert_eq!(kinds[12], LineKind::Text);
    }

    #[test]
    fn two_columns_side_by_side_are_read_one_after_the_other() {
        let ls = split_columns(lines(
            "Text  med  luckor\nen   till\nrad   här\nAnders Carstorp                Lars Wennberg\nstadsdelsdirektör              avdelningschef\n\n Andel barn     1 %     År\n Andel vuxna    2 %     År\n",
        ));
        let texts: Vec<&str> = ls.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts[3..7],
            [
                "Anders Carstorp",
                "stadsdelsdirektör",
                "Lars Wennberg",
                "avdelningschef"
            ]
        );
        // A table's rows are not columns of text.
        assert_eq!(texts[8], "Andel barn 1 % År");
    }

    #[test]
    fn page_number_beside_a_running_head() {
        let ls = lines(
            "Tjänsteutlåtande                        Sid 14 (56)\nText   med   luckor\nen   till   rad\nTjänsteutlåtande\n",
        );
        assert_eq!(ls[0].kind, LineKind::Furniture);
        assert_eq!(ls[3].kind, LineKind::Furniture);
    }

    #[test]
    fn wraps_inferred_without_trailing_spaces() {
        let mut ls = lines(
            "1.4 I Stockholm får människor i behov av stöd insatser i tid präglade av hög kvalitet, evidens och\nrättssäkerhet\nStadsdelsnämnden bidrar till kommunfullmäktiges mål för verksamhetsområdet genom att\nprioritera tidiga sociala insatser.\nNästa stycke börjar här och är kort.\n",
        );
        infer_wraps(&mut ls);
        let soft: Vec<bool> = ls.iter().map(|l| l.soft).collect();
        assert_eq!(soft, [true, false, true, false, false]);
    }
}
