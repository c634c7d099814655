//! The Markdown half of a plan: chapters of prose, the text sections of each
//! goal, and where the plan's tables stand in the text.
//!
//! Only ATX headings and `{{tabell: id}}` lines outside code fences carry
//! structure, so the scan is a single pass over lines; the prose itself stays
//! CommonMark, untouched.
//!
//! ```markdown
//! # Inledning                       ← chapter
//! # Enhetsmål: titel {#enhetens-id} ← a goal's prose; the title is optional
//! ## Förväntat resultat             ← one of the goal's sections
//! {{tabell: driftbudget}}           ← the table `driftbudget` of the plan's `ekonomi` stands here
//! ```

use std::sync::Arc;

use super::limits;
use crate::diag::{Code, Diagnostic, Diagnostics, did_you_mean};
pub use crate::model::prose::{COMMITTEE_SECTIONS, GoalKind, TablePlacement, UNIT_SECTIONS};
use crate::source::{FileId, Span};

/// A span of Markdown text: a chapter body or a section body.
pub type Prose = Span;

/// A chapter: a level-1 heading that names no goal, and everything under it.
#[derive(Clone, Debug)]
pub struct Chapter {
    pub title: String,
    pub title_span: Span,
    pub body: Prose,
    /// The `{{tabell: …}}` lines in the body, in order.
    pub tables: Vec<TablePlacement>,
}

/// A named section of a goal, such as `Förväntat resultat`.
#[derive(Clone, Debug)]
pub struct Section {
    pub name: String,
    pub name_span: Span,
    pub body: Prose,
    /// Whether the body is only white space.
    pub is_empty: bool,
    /// The `{{tabell: …}}` lines in the body, in order.
    pub tables: Vec<TablePlacement>,
}

/// The prose of one goal.
#[derive(Clone, Debug)]
pub struct GoalProse {
    pub kind: GoalKind,
    pub id: String,
    pub id_span: Span,
    /// The title written in the heading, if any; checked against the YAML title.
    pub title: Option<String>,
    pub heading_span: Span,
    /// Text between the goal heading and its first section.
    pub intro: Prose,
    /// The `{{tabell: …}}` lines in the intro, in order.
    pub intro_tables: Vec<TablePlacement>,
    pub sections: Vec<Section>,
}

impl GoalProse {
    pub fn section(&self, name: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.name == name)
    }
}

/// One block of a plan's Markdown, in document order.
#[derive(Clone, Debug)]
pub enum Block {
    Chapter(Chapter),
    Goal(GoalProse),
}

/// A parsed Markdown file.
#[derive(Clone, Debug)]
pub struct ProseDoc {
    pub file: FileId,
    /// The file's whole text, shared with the source map; spans index into it.
    pub source: Arc<String>,
    pub blocks: Vec<Block>,
}

impl ProseDoc {
    pub fn goal(&self, kind: GoalKind, id: &str) -> Option<&GoalProse> {
        self.blocks.iter().find_map(|b| match b {
            Block::Goal(g) if g.kind == kind && g.id == id => Some(g),
            _ => None,
        })
    }

    pub fn goals(&self) -> impl Iterator<Item = &GoalProse> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Goal(g) => Some(g),
            Block::Chapter(_) => None,
        })
    }

    pub fn chapters(&self) -> impl Iterator<Item = &Chapter> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Chapter(c) => Some(c),
            Block::Goal(_) => None,
        })
    }
}

struct Heading<'a> {
    level: usize,
    text: &'a str,
    /// Byte offset of `text` in the file.
    text_start: usize,
    line_start: usize,
    line_end: usize,
}

/// Parses the structure of a plan's Markdown file.
pub fn parse(file: FileId, source: &Arc<String>, diags: &mut Diagnostics) -> ProseDoc {
    parse_as(file, source, diags, Kind::Plan)
}

/// Parses the structure of a follow-up's Markdown file: as a plan's, except
/// that a goal's text is its reasons whole, `##` headings and all, for the
/// author to structure freely (`## Analys`, `## Åtgärder`); a follow-up has no
/// fixed sections as a plan's goal has.
pub fn parse_follow_up(file: FileId, source: &Arc<String>, diags: &mut Diagnostics) -> ProseDoc {
    parse_as(file, source, diags, Kind::FollowUp)
}

/// Whose Markdown file is parsed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Plan,
    FollowUp,
}

fn parse_as(file: FileId, source: &Arc<String>, diags: &mut Diagnostics, doc: Kind) -> ProseDoc {
    let text: &str = source;
    let (headings, placements) = scan(file, text);
    // The placements within a body, which starts and ends at line starts.
    let tables_in = |body: Span| -> Vec<TablePlacement> {
        let from = placements.partition_point(|p| p.line.start < body.start);
        let to = placements.partition_point(|p| p.line.start < body.end);
        placements[from..to.max(from)].to_vec()
    };
    let first_heading = headings.first().map_or(text.len(), |h| h.line_start);
    if let Some(span) = text_before(file, &text[..first_heading]) {
        diags.push(
            Diagnostic::new(
                Code::TextBeforeHeading,
                span,
                if headings.is_empty() {
                    "filen har ingen rubrik (`# …`), så texten hör inte till något kapitel eller mål och skulle inte visas"
                } else {
                    "texten står före filens första rubrik och hör inte till något kapitel eller mål, så den skulle inte visas"
                },
            )
            .hint("sätt en huvudrubrik före texten, t.ex. `# Inledning`, eller flytta texten under den rubrik den hör till"),
        );
    }
    let mut blocks = Vec::new();
    let mut i = 0;
    let body_until = |from: usize, headings: &[Heading], stop: &dyn Fn(&Heading) -> bool| {
        headings[from..]
            .iter()
            .find(|h| stop(h))
            .map_or(text.len(), |h| h.line_start)
    };
    while i < headings.len() {
        let h = &headings[i];
        if h.level != 1 {
            // Headings before the first chapter: content without a home.
            if blocks.is_empty() {
                diags.push(
                    Diagnostic::new(
                        Code::ProseTarget,
                        Span::new(file, h.text_start, h.line_end),
                        format!(
                            "rubriken `{}` står före planens första huvudrubrik (`# …`)",
                            h.text
                        ),
                    )
                    .hint("börja texten med en huvudrubrik, t.ex. `# Inledning`"),
                );
            }
            i += 1;
            continue;
        }
        let end = body_until(i + 1, &headings, &|h| h.level == 1);
        let next = headings[i + 1..]
            .iter()
            .position(|h| h.level == 1)
            .map_or(headings.len(), |p| i + 1 + p);
        match goal_heading(file, h, diags) {
            Some((kind, id, id_span, title)) => {
                let mut sections = Vec::new();
                let first_section_start = match doc {
                    Kind::FollowUp => end,
                    Kind::Plan => headings[i + 1..next]
                        .iter()
                        .find(|s| s.level == 2)
                        .map_or(end, |s| s.line_start),
                };
                let goal_sections = match doc {
                    Kind::FollowUp => i + 1..i + 1,
                    Kind::Plan => i + 1..next,
                };
                for j in goal_sections {
                    let s = &headings[j];
                    if s.level != 2 {
                        continue;
                    }
                    let body_end = body_until(j + 1, &headings[..next], &|h| h.level <= 2).min(end);
                    let name_span = Span::new(file, s.text_start, s.text_start + s.text.len());
                    let known = kind.sections();
                    if !known.contains(&s.text) {
                        diags.push(
                            Diagnostic::new(
                                Code::ProseTarget,
                                name_span,
                                format!(
                                    "`{}` är inget avsnitt i ett {}",
                                    s.text,
                                    kind.heading().to_lowercase()
                                ),
                            )
                            .hint_opt(did_you_mean(s.text, known.iter().copied()))
                            .hint(format!("avsnitten är: {}", known.join(", "))),
                        );
                    } else if let Some(earlier) =
                        sections.iter().find(|x: &&Section| x.name == s.text)
                    {
                        diags.push(
                            Diagnostic::new(
                                Code::DuplicateProse,
                                name_span,
                                format!("avsnittet `{}` finns redan för målet `{id}`", s.text),
                            )
                            .related(earlier.name_span, "första förekomsten")
                            .hint("slå ihop texterna under en rubrik"),
                        );
                    } else {
                        let body = Span::new(file, s.line_end, body_end);
                        sections.push(Section {
                            name: s.text.to_owned(),
                            name_span,
                            body,
                            is_empty: blank(&text[s.line_end.min(body_end)..body_end]),
                            tables: tables_in(body),
                        });
                    }
                }
                blocks.push(Block::Goal(GoalProse {
                    kind,
                    id,
                    id_span,
                    title,
                    heading_span: Span::new(file, h.text_start, h.text_start + h.text.len()),
                    intro: Span::new(file, h.line_end, first_section_start),
                    intro_tables: tables_in(Span::new(file, h.line_end, first_section_start)),
                    sections,
                }));
            }
            None => blocks.push(Block::Chapter(Chapter {
                title: h.text.to_owned(),
                title_span: Span::new(file, h.text_start, h.text_start + h.text.len()),
                body: Span::new(file, h.line_end, end),
                tables: tables_in(Span::new(file, h.line_end, end)),
            })),
        }
        i = next;
    }
    check_limits(file, text, &blocks, diags);
    ProseDoc {
        file,
        source: Arc::clone(source),
        blocks,
    }
}

/// VP080: each piece of prose that `vp render` parses on its own (a chapter's
/// text between its `{{tabell: …}}` lines, a goal's intro, a section) within
/// the limits of [`limits`], and the file as a whole within a budget of
/// elements, so that rendering is bounded in depth and in memory.
fn check_limits(file: FileId, text: &str, blocks: &[Block], diags: &mut Diagnostics) {
    let mut pieces: Vec<(usize, usize)> = Vec::new();
    for block in blocks {
        match block {
            Block::Chapter(c) => {
                let mut at = c.body.start as usize;
                for t in &c.tables {
                    pieces.push((at, t.line.start as usize));
                    at = t.line.end as usize;
                }
                pieces.push((at, c.body.end as usize));
            }
            Block::Goal(g) => {
                pieces.push((g.intro.start as usize, g.intro.end as usize));
                pieces.extend(
                    g.sections
                        .iter()
                        .map(|s| (s.body.start as usize, s.body.end as usize)),
                );
            }
        }
    }
    let budget = limits::file_budget(text.len());
    let mut total = 0usize;
    for (from, to) in pieces {
        let Some(piece) = text.get(from..to).filter(|p| !p.trim().is_empty()) else {
            continue;
        };
        let excess = match limits::measure(piece) {
            Ok(elements) => {
                total += elements;
                if total <= budget {
                    continue;
                }
                None
            }
            Err(excess) => Some(excess),
        };
        let (at, message) = match excess {
            Some(e) => (from + e.at(), e.message()),
            None => (
                from,
                format!(
                    "filens text har sammanlagt fler än {budget} element (tecken som `[`, `*`, `_`, `|`, rader och tabellceller) och kan inte återges"
                ),
            ),
        };
        // The rest of the line, at most 80 bytes of it: such lines can be megabytes.
        let mut line_end = text[at..]
            .find('\n')
            .map_or(text.len(), |i| at + i)
            .min(at + 80);
        while !text.is_char_boundary(line_end) {
            line_end -= 1;
        }
        diags.push(
            Diagnostic::new(Code::MarkdownTooComplex, Span::new(file, at, line_end), message)
                .hint("ta bort nästlingen eller dela upp texten; stora tabeller hör hemma under planens `ekonomi` i YAML-filen"),
        );
        if excess.is_none() {
            break;
        }
    }
}

/// The first line of text in `before` (the file up to its first heading) that
/// is neither white space nor an HTML comment (`<!-- … -->`, which no output
/// shows): from its first character to the end of its line.
fn text_before(file: FileId, before: &str) -> Option<Span> {
    let mut at = 0;
    loop {
        let rest = &before[at..];
        let skip = rest.len() - rest.trim_start().len();
        at += skip;
        let rest = &before[at..];
        if rest.is_empty() {
            return None;
        }
        if let Some(end) = rest.strip_prefix("<!--").and_then(|c| c.find("-->")) {
            at += 4 + end + 3;
            continue;
        }
        let line_end = rest.find(['\n', '\r']).unwrap_or(rest.len());
        return Some(Span::new(file, at, at + line_end));
    }
}

/// Recognises `Enhetsmål: titel {#id}`; `None` for a chapter heading.
fn goal_heading(
    file: FileId,
    h: &Heading,
    diags: &mut Diagnostics,
) -> Option<(GoalKind, String, Span, Option<String>)> {
    let text = h.text;
    let open = text.rfind("{#")?;
    if !text.ends_with('}') {
        return None;
    }
    let id = text[open + 2..text.len() - 1].trim();
    let id_start = h.text_start + open + 2;
    let id_span = Span::new(file, id_start, id_start + id.len());
    let head = text[..open].trim();
    let (kind_word, title) = match head.split_once(':') {
        Some((k, t)) => (
            k.trim(),
            Some(t.trim().to_owned()).filter(|t| !t.is_empty()),
        ),
        None => (head, None),
    };
    match GoalKind::ALL.iter().find(|k| k.heading() == kind_word) {
        Some(&kind) => Some((kind, id.to_owned(), id_span, title)),
        None => {
            diags.push(
                Diagnostic::new(
                    Code::ProseTarget,
                    Span::new(file, h.text_start, h.text_start + kind_word.len()),
                    format!("`{kind_word}` är ingen måltyp"),
                )
                .hint_opt(did_you_mean(kind_word, GoalKind::ALL.map(|k| k.heading())))
                .hint("måltyperna är: Inriktningsmål, Mål för verksamhetsområdet, Nämndmål, Enhetsmål"),
            );
            None
        }
    }
}

/// ATX headings and `{{tabell: …}}` lines outside fenced code blocks, in order.
fn scan(file: FileId, text: &str) -> (Vec<Heading<'_>>, Vec<TablePlacement>) {
    let mut out = Vec::new();
    let mut placements = Vec::new();
    let mut fence: Option<(u8, usize)> = None;
    let mut offset = 0;
    for raw_line in text.split_inclusive('\n') {
        let line_start = offset;
        offset += raw_line.len();
        let line = raw_line.trim_end_matches(['\n', '\r']);
        let indent = line.len() - line.trim_start_matches(' ').len();
        let trimmed = &line[indent..];
        if indent <= 3 {
            let fence_char = trimmed.bytes().next().filter(|b| *b == b'`' || *b == b'~');
            if let Some(c) = fence_char {
                let run = trimmed.bytes().take_while(|b| *b == c).count();
                if run >= 3 {
                    match fence {
                        None => fence = Some((c, run)),
                        Some((fc, fr))
                            if fc == c && run >= fr && trimmed[run..].trim().is_empty() =>
                        {
                            fence = None
                        }
                        Some(_) => {}
                    }
                    continue;
                }
            }
        }
        if fence.is_some() || indent > 3 {
            continue;
        }
        if let Some(id) = table_directive(trimmed) {
            let id_start = line_start + indent + id.start;
            placements.push(TablePlacement {
                id: trimmed[id.clone()].to_owned(),
                id_span: Span::new(file, id_start, line_start + indent + id.end),
                line: Span::new(file, line_start, offset),
            });
            continue;
        }
        let level = trimmed.bytes().take_while(|b| *b == b'#').count();
        if !(1..=6).contains(&level) {
            continue;
        }
        let after = &trimmed[level..];
        if !(after.is_empty() || after.starts_with([' ', '\t'])) {
            continue;
        }
        // Closing sequence of #s is not part of the heading text.
        let mut content = after.trim();
        let stripped = content.trim_end_matches('#');
        if stripped.is_empty() || stripped.ends_with([' ', '\t']) {
            content = stripped.trim_end();
        }
        let text_start = if content.is_empty() {
            line_start + indent + level
        } else {
            line_start + (content.as_ptr() as usize - line.as_ptr() as usize)
        };
        out.push(Heading {
            level,
            text: content,
            text_start,
            line_start,
            line_end: offset,
        });
    }
    (out, placements)
}

/// The id's range in `line` (a line without its line end or indentation) when
/// the line is a table placement, `{{tabell: id}}`; spaces are allowed around
/// the word, the colon and the id, and after the closing braces.
fn table_directive(line: &str) -> Option<std::ops::Range<usize>> {
    let inner = line
        .trim_end_matches([' ', '\t'])
        .strip_prefix("{{")?
        .strip_suffix("}}")?;
    let after_colon = inner
        .trim_start_matches([' ', '\t'])
        .strip_prefix("tabell")?
        .trim_start_matches([' ', '\t'])
        .strip_prefix(':')?;
    let id = after_colon.trim_matches([' ', '\t']);
    let start = if id.is_empty() {
        // No id: an empty range where it would stand, after the colon.
        after_colon.as_ptr() as usize - line.as_ptr() as usize
    } else {
        id.as_ptr() as usize - line.as_ptr() as usize
    };
    Some(start..start + id.len())
}

/// Whether a section's text is blank: nothing but white space and HTML comments
/// (`<!-- … -->`, which no rendered plan shows). `vp new` writes what goes under
/// each heading as such a comment, so a skeleton's sections stay to fill in (VP050).
pub fn blank(text: &str) -> bool {
    let mut rest = text;
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            return true;
        }
        let Some(after) = rest.strip_prefix("<!--") else {
            return false;
        };
        match after.find("-->") {
            Some(end) => rest = &after[end + 3..],
            // An unclosed comment hides the rest from a renderer too.
            None => return true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::prose::Segment;

    #[test]
    fn a_section_of_only_html_comments_is_blank() {
        assert!(blank(""));
        assert!(blank("\n  \n"));
        assert!(blank("\n<!-- Vad som ska stå här. -->\n\n"));
        assert!(blank("<!-- a -->\n<!-- b\nc -->\n"));
        assert!(blank("<!-- never closed\ntext"));
        assert!(!blank("<!-- a --> Text."));
        assert!(!blank("Text.\n<!-- a -->"));
        assert!(!blank("<b>not a comment</b>"));
    }

    fn parse_str(text: &str) -> (ProseDoc, Diagnostics) {
        let mut d = Diagnostics::default();
        let doc = parse(FileId(0), &Arc::new(text.to_owned()), &mut d);
        (doc, d)
    }

    #[test]
    fn chapters_goals_and_sections() {
        let text = "# Inledning\nText.\n\n## Under\nMer.\n# Enhetsmål: En titel {#mal-1}\n## Förväntat resultat\nBra.\n## Arbetssätt\nSå.\n# Uppföljning av ekonomi\nPengar.\n";
        let (doc, d) = parse_str(text);
        assert!(d.0.is_empty(), "{:?}", d.0);
        let chapters: Vec<_> = doc.chapters().map(|c| c.title.as_str()).collect();
        assert_eq!(chapters, ["Inledning", "Uppföljning av ekonomi"]);
        let g = doc.goal(GoalKind::UnitGoal, "mal-1").unwrap();
        assert_eq!(g.title.as_deref(), Some("En titel"));
        let body = g.section("Förväntat resultat").unwrap().body;
        assert_eq!(&text[body.range()], "Bra.\n");
        let c = doc.chapters().next().unwrap();
        assert_eq!(&text[c.body.range()], "Text.\n\n## Under\nMer.\n");
    }

    #[test]
    fn a_follow_ups_goal_text_is_its_reasons_with_any_sub_headings() {
        let text = "# Nämndmål {#mal-1}\nSkäl.\n\n## Analys\nMer.\n### Detalj\nÄnnu mer.\n# Nämndmål {#mal-2}\nAndra.\n";
        let mut d = Diagnostics::default();
        let doc = parse_follow_up(FileId(0), &Arc::new(text.to_owned()), &mut d);
        assert!(d.0.is_empty(), "{:?}", d.0);
        let g = doc.goal(GoalKind::CommitteeGoal, "mal-1").unwrap();
        assert!(g.sections.is_empty());
        assert_eq!(
            &text[g.intro.range()],
            "Skäl.\n\n## Analys\nMer.\n### Detalj\nÄnnu mer.\n"
        );
        // The same file read as a plan's: `Analys` is no section of a nämndmål.
        let (_, d) = parse_str(text);
        assert_eq!(d.0.len(), 1);
        assert_eq!(d.0[0].code, Code::ProseTarget);
    }

    #[test]
    fn headings_in_code_fences_are_text() {
        let (doc, _) = parse_str("# A\n```\n# not a heading\n```\n");
        assert_eq!(doc.blocks.len(), 1);
    }

    /// The segments of the first chapter's text, as the model gives them to a renderer.
    fn chapter_segments(text: &str) -> Vec<(bool, String)> {
        let (doc, d) = parse_str(text);
        assert!(d.0.is_empty(), "{:?}", d.0);
        let c = doc.chapters().next().unwrap();
        let md =
            crate::model::Markdown::new(doc.source.clone(), c.body).with_tables(c.tables.clone());
        md.segments()
            .into_iter()
            .map(|s| match s {
                Segment::Text(t) => (false, t.to_owned()),
                Segment::Table(id) => (true, id.to_owned()),
            })
            .collect()
    }

    fn text(s: &str) -> (bool, String) {
        (false, s.to_owned())
    }

    fn table(id: &str) -> (bool, String) {
        (true, id.to_owned())
    }

    #[test]
    fn table_placements_are_recorded_with_their_spans() {
        let text = "# Uppföljning av ekonomi\n\nBudgeten.\n\n{{ tabell : driftbudget }}\n\nSlut.\n";
        let (doc, _) = parse_str(text);
        let c = doc.chapters().next().unwrap();
        assert_eq!(c.tables.len(), 1);
        let p = &c.tables[0];
        assert_eq!(p.id, "driftbudget");
        assert_eq!(&text[p.id_span.range()], "driftbudget");
        assert_eq!(&text[p.line.range()], "{{ tabell : driftbudget }}\n");
    }

    #[test]
    fn table_placements_belong_to_their_chapter_or_section() {
        let text = "# A\n{{tabell: a}}\n# Nämndmål {#m}\n{{tabell: intro}}\n## Beskrivning\nText.\n{{tabell: b}}\n## Förväntat resultat\n{{tabell: c}}\n# B\n{{tabell: d}}\n";
        let (doc, d) = parse_str(text);
        assert!(d.0.is_empty(), "{:?}", d.0);
        let ids = |t: &[TablePlacement]| t.iter().map(|p| p.id.clone()).collect::<Vec<_>>();
        let chapters: Vec<_> = doc.chapters().map(|c| ids(&c.tables)).collect();
        assert_eq!(chapters, [vec!["a"], vec!["d"]]);
        let g = doc.goal(GoalKind::CommitteeGoal, "m").unwrap();
        assert_eq!(ids(&g.intro_tables), ["intro"]);
        assert_eq!(ids(&g.section("Beskrivning").unwrap().tables), ["b"]);
        assert_eq!(ids(&g.section("Förväntat resultat").unwrap().tables), ["c"]);
    }

    #[test]
    fn segments_with_a_table_in_the_middle() {
        let segs = chapter_segments("# E\n\nFöre.\n\n{{tabell: drift}}\n\nEfter.\n");
        assert_eq!(
            segs,
            [text("\nFöre.\n\n"), table("drift"), text("\nEfter.\n")]
        );
    }

    #[test]
    fn segments_with_a_table_at_the_start_and_at_the_end() {
        let segs = chapter_segments("# E\n{{tabell: a}}\nMitten.\n{{tabell: b}}");
        assert_eq!(segs, [table("a"), text("Mitten.\n"), table("b")]);
    }

    #[test]
    fn segments_with_two_tables_in_a_row() {
        let segs = chapter_segments("# E\nText.\n\n{{tabell: a}}\n\n{{tabell: b}}\n\nMer.\n");
        assert_eq!(
            segs,
            [text("Text.\n\n"), table("a"), table("b"), text("\nMer.\n")]
        );
    }

    #[test]
    fn a_placement_in_a_code_fence_is_text() {
        let body = "```\n{{tabell: a}}\n```\n~~~~\n{{tabell: b}}\n```\n~~~~\n";
        let segs = chapter_segments(&format!("# E\n{body}"));
        assert_eq!(segs, [text(body)]);
        // Indented four spaces it is code too; up to three, a placement.
        let segs = chapter_segments("# E\n    {{tabell: a}}\n   {{tabell: b}}\n");
        assert_eq!(segs, [text("    {{tabell: a}}\n"), table("b")]);
    }

    #[test]
    fn segments_with_crlf_line_ends() {
        let text_ = "# E\r\n\r\nFöre.\r\n\r\n{{tabell: a}}\r\n\r\nEfter.\r\n";
        let segs = chapter_segments(text_);
        assert_eq!(
            segs,
            [
                text("\r\nFöre.\r\n\r\n"),
                table("a"),
                text("\r\nEfter.\r\n")
            ]
        );
        let (doc, _) = parse_str(text_);
        let p = &doc.chapters().next().unwrap().tables[0];
        assert_eq!(&text_[p.id_span.range()], "a");
    }

    #[test]
    fn only_whole_lines_are_placements() {
        for line in [
            "Se {{tabell: a}} nedan.",
            "{{tabell: a}} nedan.",
            "{{bild: a}}",
            "{{Tabell: a}}",
            "{tabell: a}",
            "{{tabell a}}",
        ] {
            assert_eq!(table_directive(line), None, "{line}");
        }
        fn id(line: &str) -> Option<&str> {
            table_directive(line).map(|r| &line[r])
        }
        assert_eq!(id("{{tabell:a}}"), Some("a"));
        assert_eq!(id("{{  tabell :  a-b  }}  "), Some("a-b"));
        assert_eq!(id("{{tabell:}}"), Some(""));
        assert_eq!(table_directive("{{tabell:  }}"), Some(9..9));
    }

    #[test]
    fn unknown_section_points_at_its_name() {
        let text = "# Nämndmål {#x}\n## Förväntat resultet\n";
        let (_, d) = parse_str(text);
        assert_eq!(d.0.len(), 1);
        assert_eq!(d.0[0].code, Code::ProseTarget);
        assert_eq!(d.0[0].span.start as usize, text.find("Förväntat").unwrap());
        assert!(d.0[0].hints[0].contains("Förväntat resultat"));
    }
}
