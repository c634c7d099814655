//! Lines of text extracted from a PDF: what the layout tells about each line,
//! page furniture, and folding for matching words whatever their accents.

/// One line of the input.
#[derive(Clone, Debug)]
pub struct Line {
    /// 1-based line number in the input.
    pub no: usize,
    /// The line as written, without its line end.
    pub raw: String,
    /// The line without surrounding white space, spaces collapsed, invisible
    /// characters removed and non-breaking hyphens made hyphens; a soft hyphen
    /// (U+00AD) stays at its end, where a word was broken. Repaired when the
    /// input is OCR text.
    pub text: String,
    /// The line was wrapped: the paragraph, title or cell goes on on the next
    /// text line. pdftotext leaves a space where a PDF made by Word wrapped a
    /// line and none at a paragraph's end; for text without such spaces it is
    /// inferred (`layout::infer_wraps`).
    pub soft: bool,
    /// The line starts a page: a form feed, or (in text without `-layout`
    /// columns) the space pdftotext puts there.
    pub page_start: bool,
    pub kind: LineKind,
    /// Where the text starts on the line, in characters (`-layout` indents).
    pub indent: usize,
    /// The line's cells, where wide gaps (a tab, or in `-layout` text two or
    /// more spaces) part it: empty when it is one run of text.
    pub cells: Vec<Cell>,
}

/// A run of text on a line that wide gaps set apart from the rest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    /// First and one past the last column, in characters.
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// What a line is, before any structure is looked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKind {
    /// Empty or only white space.
    Blank,
    /// Running heads and feet ("Tjänsteutlåtande", "Sid 7 (65)", the address
    /// block), and a table of contents: not the plan's text, wherever it falls.
    Furniture,
    Text,
}

impl Line {
    pub fn is_text(&self) -> bool {
        self.kind == LineKind::Text
    }
}

/// A line's text as the importer reads it: invisible characters (word joiner,
/// zero-width space, byte-order mark) removed, non-breaking and Unicode
/// hyphens made hyphens, a soft hyphen kept only where it ends the line (a
/// word broken there), control characters as spaces, spaces collapsed.
pub fn normalise(raw: &str) -> String {
    // One pass: the input is hundreds of thousands of lines.
    let mut text = String::with_capacity(raw.len());
    let mut space = false;
    for c in raw.chars() {
        let c = match c {
            '\u{2060}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' => continue,
            '\u{2010}' | '\u{2011}' => '-',
            c if c.is_control() => ' ',
            c => c,
        };
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !text.is_empty() {
            text.push(' ');
        }
        space = false;
        text.push(c);
    }
    if !text.contains('\u{ad}') {
        return text;
    }
    // A soft hyphen inside a word is no break; one before a space or at the
    // end is where a word was broken (in `-layout` text, at a cell's end).
    let chars: Vec<char> = text.chars().collect();
    chars
        .iter()
        .enumerate()
        .filter(|&(i, &c)| c != '\u{ad}' || chars.get(i + 1).is_none_or(|n| *n == ' '))
        .map(|(_, &c)| c)
        .collect()
}

/// Marks running titles again, after OCR repair has made them readable.
pub fn mark_furniture(lines: &mut [Line]) {
    mark_running_titles(lines);
}

/// Runs of white space as one space; text from PDFs has double spaces.
pub fn collapse_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}

pub(super) fn is_furniture(t: &str) -> bool {
    t == "Tjänsteutlåtande"
        || t == "start.stockholm"
        || is_page_number(t)
        || is_page_of(t)
        || t.strip_prefix("Box ")
            .is_some_and(|r| !r.is_empty() && r.chars().all(|c| c.is_ascii_digit()))
        || is_phone_number(t)
}

/// `Sida 7 av 65`, `7 (65)`, `- 7 -`: page numbers as other documents write them.
fn is_page_of(t: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.len() <= 4 && s.chars().all(|c| c.is_ascii_digit());
    if let Some(rest) = t.strip_prefix("Sida ").or_else(|| t.strip_prefix("Sid "))
        && let Some((page, total)) = rest.split_once(" av ")
    {
        return digits(page) && digits(total);
    }
    if let Some((page, total)) = t.split_once(" (") {
        return digits(page) && total.strip_suffix(')').is_some_and(digits);
    }
    t.strip_prefix("- ")
        .and_then(|r| r.strip_suffix(" -"))
        .is_some_and(digits)
}

/// `Sid 7 (65)`, `Sida 7 (65)`.
pub fn is_page_number(t: &str) -> bool {
    let Some(rest) = t.strip_prefix("Sid ").or_else(|| t.strip_prefix("Sida ")) else {
        return false;
    };
    let Some((page, total)) = rest.split_once(" (") else {
        return false;
    };
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    digits(page) && total.strip_suffix(')').is_some_and(digits)
}

/// A running head and the page number on one line, as pypdf and mutool
/// write it (`Tjänsteutlåtande Sid 7 (65)`): the head, if the line is one.
pub fn head_with_page_number(t: &str) -> Option<&str> {
    let (head, number) = t
        .rsplit_once(" Sid ")
        .map(|(h, n)| (h, format!("Sid {n}")))
        .or_else(|| {
            t.rsplit_once(" Sida ")
                .map(|(h, n)| (h, format!("Sida {n}")))
        })?;
    (is_page_number(&number) && !head.is_empty() && head.chars().count() <= 80).then_some(head)
}

/// `08-50822368`: a telephone number alone on a line, from the address block.
fn is_phone_number(t: &str) -> bool {
    let digits = t.chars().filter(char::is_ascii_digit).count();
    digits >= 8
        && t.starts_with('0')
        && t.chars()
            .all(|c| c.is_ascii_digit() || c == '-' || c == ' ')
}

/// A running title at a page's foot, "Hägersten-Älvsjö stadsdelsförvaltning",
/// alone between blank lines just before a new page.
pub(super) fn mark_running_titles(lines: &mut [Line]) {
    for i in 0..lines.len() {
        let t = &lines[i].text;
        if lines[i].kind != LineKind::Text || t.len() > 100 || !t.contains("tadsdels") {
            continue;
        }
        let folded = fold(t);
        let words = lines[i].text.split(' ').count();
        // Any letter where OCR may have garbled one: `stadsdelsférvaltning`.
        let is_title = words <= 4
            && folded.contains("stadsdels")
            && (folded.ends_with("rvaltning") || folded.ends_with("namnd"));
        if !is_title {
            continue;
        }
        let blank_before = i == 0 || lines[i - 1].kind == LineKind::Blank;
        let next = lines.get(i + 1);
        let page_after = next.is_none_or(|n| n.kind == LineKind::Blank || n.page_start);
        let page_after = page_after
            && lines
                .get(i + 1..)
                .and_then(|rest| rest.iter().find(|l| l.kind != LineKind::Blank))
                .is_none_or(|l| l.page_start);
        if blank_before && page_after {
            lines[i].kind = LineKind::Furniture;
        }
    }
}

/// Lower case without accents, one character for one: `Nämndmål` → `namndmal`.
/// Positions in the folded text are positions in the original, counted in characters.
pub fn fold(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

pub fn fold_char(c: char) -> char {
    let lower = if c.is_uppercase() {
        c.to_lowercase().next().unwrap_or(c)
    } else {
        c
    };
    match lower {
        'å' | 'ä' | 'à' | 'á' | 'â' => 'a',
        'ö' | 'ø' | 'ó' | 'ò' | 'ô' => 'o',
        'é' | 'è' | 'ê' => 'e',
        'ü' => 'u',
        c => c,
    }
}

/// Whether the text has lost its å, ä and ö, as OCR of a scanned plan does:
/// Swedish prose has them in about one letter in twenty-five.
pub fn looks_like_ocr(lines: &[Line]) -> bool {
    let mut letters = 0usize;
    let mut swedish = 0usize;
    for l in lines.iter().filter(|l| l.is_text()) {
        for c in l.text.chars() {
            if c.is_alphabetic() {
                letters += 1;
                if matches!(c, 'å' | 'ä' | 'ö' | 'Å' | 'Ä' | 'Ö') {
                    swedish += 1;
                }
            }
        }
    }
    letters >= 400 && swedish * 1000 < letters * 3
}

/// Whether a line starts with a lower-case letter: it continues the sentence above.
pub fn starts_lower(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_lowercase)
}

/// Whether a text ends a sentence.
pub fn ends_sentence(s: &str) -> bool {
    s.ends_with(['.', '!', '?', ':'])
}

/// Joins a wrapped line to the text before it. A hyphen at the end of a line
/// joins without a space (`Hägersten-` + `Liljeholmen`), except before a
/// conjunction (`kultur-` + `och`); a hyphen followed by a space stays as written.
pub fn join_wrapped(acc: &mut String, next: &str) {
    if acc.is_empty() {
        acc.push_str(next);
        return;
    }
    // A word broken at a soft hyphen goes on without one.
    if acc.ends_with('\u{ad}') {
        acc.pop();
        acc.push_str(next);
        return;
    }
    let conjunction = matches!(
        next.split(' ').next().unwrap_or(""),
        "och" | "eller" | "samt" | "respektive" | "till" | "som"
    );
    let hyphenated = acc.ends_with('-')
        && acc
            .chars()
            .rev()
            .nth(1)
            .is_some_and(|c| c.is_alphanumeric());
    if !hyphenated || conjunction {
        acc.push(' ');
    }
    acc.push_str(next);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_and_joining() {
        assert_eq!(fold("Nämndmål: ÖVRIGT"), "namndmal: ovrigt");
        let mut s = String::from("Hägersten-");
        join_wrapped(&mut s, "Liljeholmen");
        assert_eq!(s, "Hägersten-Liljeholmen");
        let mut s = String::from("kultur-");
        join_wrapped(&mut s, "och fritid");
        assert_eq!(s, "kultur- och fritid");
        let mut s = String::from("barn");
        join_wrapped(&mut s, "och unga");
        assert_eq!(s, "barn och unga");
    }
}
