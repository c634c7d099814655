//! Lines of prose → paragraphs, lists and headings: lines the PDF broke are
//! joined, paragraph breaks are kept.
//!
//! In text from pdftotext a line that the PDF wrapped ends in a space and a
//! paragraph's last line does not; a line in lower case continues the sentence
//! above, also across a page break. OCR text has no such spaces, so there a
//! line is joined when it runs nearly to the margin.

use super::document::Block;
use super::text::{Line, LineKind, ends_sentence, join_wrapped, starts_lower};

/// How a paragraph ended: at a blank line, or directly at the next line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum End {
    Direct,
    Blank,
}

#[derive(Debug)]
enum Kind {
    Paragraph,
    Bullet,
    Numbered,
    /// A budget table's place.
    Table(usize),
}

#[derive(Debug)]
struct Raw {
    kind: Kind,
    text: String,
    lines: usize,
    /// The paragraph's single line ended without a wrap space.
    hard: bool,
    end: End,
}

/// A bullet at the start of a line: `•`, `-`, the private-use bullet of Word
/// documents, or in OCR text the `e` it became.
fn bullet(text: &str, ocr: bool) -> Option<&str> {
    for b in ["\u{f0b7}", "•", "– ", "- "] {
        if let Some(rest) = text.strip_prefix(b) {
            let rest = rest.trim_start();
            if !rest.is_empty() {
                return Some(rest);
            }
        }
    }
    if ocr
        && let Some(rest) = text.strip_prefix("e ")
        && rest.chars().next().is_some_and(char::is_uppercase)
    {
        return Some(rest);
    }
    None
}

/// `1. En modern storstad …`.
fn numbered(text: &str) -> bool {
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    (1..=2).contains(&digits) && text[digits..].starts_with(". ")
}

/// The typical width of a full line, for joining OCR text.
pub fn line_width(lines: &[Line]) -> usize {
    super::layout::typical_width(lines, Line::is_text)
}

/// Builds blocks from the given lines (blank lines included, furniture
/// skipped). A line in `tables` is where a budget table stands (its first
/// line): the table's place, between the blocks around it.
pub fn blocks(
    all: &[Line],
    indices: &[usize],
    ocr: bool,
    width: usize,
    tables: &std::collections::HashMap<usize, usize>,
) -> Vec<Block> {
    let mut raws: Vec<Raw> = Vec::new();
    let mut current: Option<(Raw, usize)> = None;
    let mut blank = false;
    for (pos, &i) in indices.iter().enumerate() {
        if let Some(&t) = tables.get(&i) {
            if let Some((mut done, _)) = current.take() {
                done.end = End::Direct;
                raws.push(done);
            }
            raws.push(Raw {
                kind: Kind::Table(t),
                text: String::new(),
                lines: 0,
                hard: true,
                end: End::Direct,
            });
            blank = false;
            continue;
        }
        let Some(line) = all.get(i) else { continue };
        match line.kind {
            LineKind::Furniture => continue,
            LineKind::Blank => {
                blank = true;
                continue;
            }
            LineKind::Text => {}
        }
        let text = line.text.as_str();
        let item = bullet(text, ocr);
        if let Some((raw, last)) = current.as_mut() {
            let prev = &all[*last];
            // Lines between that went elsewhere (a table): the text above ends there,
            // as a heading does before the table it names.
            let cut = (*last + 1..i).any(|k| all.get(k).is_some_and(Line::is_text));
            let join = if cut || item.is_some() || numbered(text) {
                false
            } else if ocr {
                // A line that runs to the margin was wrapped, even after a full
                // stop; a shorter one ends a paragraph or a list item.
                let long = prev.text.chars().count() * 100 >= width * 70;
                let full = prev.text.chars().count() * 100 >= width * 85;
                let lower = starts_lower(text) && (!prev.text.ends_with('.') || (long && !blank));
                lower || (!blank && ((long && !ends_sentence(&prev.text)) || full))
            } else if blank {
                prev.soft && starts_lower(text)
            } else {
                // A page break after a full stop ends the paragraph, whatever the wrap space says;
                // so does a heading after one ("… svårigheter. " / "Åtgärdande" / "Öppna förskolan …").
                let after_sentence = ends_sentence(&prev.text);
                let new_page = line.page_start && after_sentence;
                let next = indices
                    .get(pos + 1)
                    .and_then(|&n| all.get(n))
                    .filter(|n| n.no == line.no + 1);
                let heading = after_sentence
                    && !line.soft
                    && line.text.chars().count() * 2 < width
                    && !ends_sentence(&line.text)
                    && !line.text.ends_with(',')
                    && line.text.chars().next().is_some_and(char::is_uppercase)
                    && next.is_some_and(|n| {
                        n.is_text() && n.text.chars().next().is_some_and(char::is_uppercase)
                    });
                (prev.soft && !new_page && !heading)
                    || prev.text.ends_with('-')
                    || (starts_lower(text) && !ends_sentence(&prev.text))
            };
            if join {
                join_wrapped(&mut raw.text, text);
                raw.lines += 1;
                raw.hard = false;
                *last = i;
                blank = false;
                continue;
            }
            if let Some((mut done, _)) = current.take() {
                done.end = if blank && !cut {
                    End::Blank
                } else {
                    End::Direct
                };
                raws.push(done);
            }
        }
        let (kind, body) = match item {
            Some(rest) => (Kind::Bullet, rest),
            None if numbered(text) => (Kind::Numbered, text),
            None => (Kind::Paragraph, text),
        };
        current = Some((
            Raw {
                kind,
                text: body.to_owned(),
                lines: 1,
                hard: !line.soft,
                end: End::Blank,
            },
            i,
        ));
        blank = false;
    }
    if let Some((raw, _)) = current {
        raws.push(raw);
    }
    assemble(raws, ocr)
}

fn is_heading(raw: &Raw, next: Option<&Raw>, ocr: bool) -> bool {
    let text = raw.text.as_str();
    let chars = text.chars().count();
    let plausible = matches!(raw.kind, Kind::Paragraph)
        && raw.lines == 1
        && raw.hard
        && chars <= 80
        && !text.ends_with(['.', ',', ';', ':', '!', '?'])
        && text.chars().next().is_some_and(|c| c.is_uppercase());
    if !plausible {
        return false;
    }
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    let shouting = letters.len() >= 4 && letters.iter().all(|c| c.is_uppercase());
    if shouting {
        return true;
    }
    // A goal section's name alone is a heading, with a blank line under it
    // or not (mutool and pdfminer.six put one under every heading).
    let section = crate::model::prose::UNIT_SECTIONS
        .iter()
        .chain(crate::model::prose::COMMITTEE_SECTIONS.iter())
        .any(|s| *s == text);
    if ocr {
        chars <= 60
            && next.is_some_and(|n| matches!(n.kind, Kind::Paragraph) && n.text.len() >= 100)
    } else {
        (raw.end == End::Direct || section)
            && next.is_some_and(|n| n.text.chars().next().is_some_and(|c| !c.is_lowercase()))
    }
}

fn assemble(mut raws: Vec<Raw>, ocr: bool) -> Vec<Block> {
    // A word broken at a block's end has nothing to go on with.
    for raw in &mut raws {
        raw.text.retain(|c| c != '\u{ad}');
    }
    let mut out: Vec<Block> = Vec::new();
    for (k, raw) in raws.iter().enumerate() {
        let next = raws.get(k + 1);
        match raw.kind {
            Kind::Bullet => match out.last_mut() {
                Some(Block::List(items)) => items.push(raw.text.clone()),
                _ => out.push(Block::List(vec![raw.text.clone()])),
            },
            Kind::Numbered => match out.last_mut() {
                Some(Block::Numbered(items)) => items.push(raw.text.clone()),
                _ => out.push(Block::Numbered(vec![raw.text.clone()])),
            },
            Kind::Paragraph if is_heading(raw, next, ocr) => {
                out.push(Block::Heading(raw.text.clone()))
            }
            Kind::Paragraph => out.push(Block::Paragraph(raw.text.clone())),
            Kind::Table(t) => out.push(Block::Table(t)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::layout::lines;

    fn build(s: &str, ocr: bool) -> Vec<Block> {
        let ls = lines(s);
        let idx: Vec<usize> = (0..ls.len()).collect();
        blocks(&ls, &idx, ocr, 90, &Default::default())
    }

    #[test]
    fn soft_wraps_join_and_hard_ends_break() {
        let b = build(
            "Verksamhet\nHR:s uppdrag är att stödja \norganisationen.\nVidare ingår IT.\n\nNy paragraf \n\nsom fortsätter efter sidbrytning.\n",
            false,
        );
        assert_eq!(
            b,
            [
                Block::Heading("Verksamhet".into()),
                Block::Paragraph("HR:s uppdrag är att stödja organisationen.".into()),
                Block::Paragraph("Vidare ingår IT.".into()),
                Block::Paragraph("Ny paragraf som fortsätter efter sidbrytning.".into()),
            ]
        );
    }

    #[test]
    fn bullets_become_lists() {
        let b = build(
            "Åtgärder:\n\n\u{f0b7} Upprätta handlingsplan för \nbarnkonferenser\n\n\u{f0b7} Göra orosanmälan\n",
            false,
        );
        assert_eq!(
            b[1],
            Block::List(vec![
                "Upprätta handlingsplan för barnkonferenser".into(),
                "Göra orosanmälan".into()
            ])
        );
    }

    #[test]
    fn capitals_are_headings_even_before_a_blank_line() {
        let b = build(
            "BARNS RÄTTIGHETER\n\nBarns rättigheter tas tillvara.\n",
            false,
        );
        assert_eq!(b[0], Block::Heading("BARNS RÄTTIGHETER".into()));
    }
}
