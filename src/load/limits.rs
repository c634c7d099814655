//! How much Markdown structure one piece of prose may have, so that rendering
//! it is bounded: in depth (renderers walk the tree recursively, and a stack
//! overflow aborts the process) and in size (comrak's tree takes a few hundred
//! bytes a node, so 8 MB of `[` took 2 GB).
//!
//! [`check`] is the one judgement: `validate` reports what it finds as VP080
//! with its line, and `render` runs the same check on the text it is about to
//! parse, showing text that fails as plain paragraphs instead. So the two agree,
//! and render never meets a tree it cannot walk.
//!
//! The check is linear and does not parse: it counts the characters that can
//! open an element (an upper bound on comrak's nodes), the cells a table can
//! have, and an upper bound on the nesting. Only when that bound passes
//! [`MAX_DEPTH`], which ordinary prose never does, is the text parsed (its size
//! is bounded by then) and its real depth measured without recursion.

use comrak::arena_tree::NodeEdge;
use comrak::{Arena, Options, parse_document};

/// The deepest nesting of Markdown elements (quotes, lists and their items,
/// emphasis, links, images) a piece of prose may have.
pub const MAX_DEPTH: usize = 32;
/// The most elements (characters that can open one, lines, table cells) one
/// piece of prose may have: about 8 MB of comrak's tree at the most. The
/// largest bundled plan has some 600 in its whole file.
pub const MAX_ELEMENTS: usize = 20_000;
/// The most elements a whole Markdown file may have: two pieces at their
/// largest, and one for every 256 bytes beyond, so that rendering an 8 MB
/// file stays within about ten times its size (docs/regler.md, VP080).
pub fn file_budget(len: usize) -> usize {
    2 * MAX_ELEMENTS + len / 256
}

/// The most columns a table in the prose may have.
pub const MAX_TABLE_COLUMNS: usize = 64;

/// The Markdown dialect of plan prose: CommonMark plus GFM tables,
/// strikethrough and autolinks. Raw HTML is never rendered.
pub fn options() -> Options<'static> {
    let mut o = Options::default();
    o.extension.table = true;
    o.extension.strikethrough = true;
    o.extension.autolink = true;
    o
}

/// What makes a piece of prose too much to render, and the byte offset in it
/// where the limit is passed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Excess {
    /// Elements nested deeper than [`MAX_DEPTH`].
    Depth { at: usize },
    /// More than [`MAX_ELEMENTS`] elements.
    Elements { at: usize },
    /// A table with more than [`MAX_TABLE_COLUMNS`] columns.
    Columns { at: usize, columns: usize },
}

impl Excess {
    pub fn at(self) -> usize {
        match self {
            Excess::Depth { at } | Excess::Elements { at } | Excess::Columns { at, .. } => at,
        }
    }

    /// What is wrong, in Swedish.
    pub fn message(self) -> String {
        match self {
            Excess::Depth { .. } => format!(
                "texten är nästlad i fler än {MAX_DEPTH} nivåer (citat, listor, betoning, länkar eller bilder i varandra) och kan inte återges"
            ),
            Excess::Elements { .. } => format!(
                "texten har fler än {MAX_ELEMENTS} element (tecken som `[`, `*`, `_`, `|`, rader och tabellceller) och kan inte återges"
            ),
            Excess::Columns { columns, .. } => format!(
                "tabellen har {columns} kolumner, fler än de {MAX_TABLE_COLUMNS} som kan återges"
            ),
        }
    }
}

/// The first limit `text` passes, if any.
pub fn check(text: &str) -> Option<Excess> {
    measure(text).err()
}

/// The elements of `text` (lines, characters that can open one, table
/// cells) if it is within every limit, else the first limit it passes.
pub fn measure(text: &str) -> Result<usize, Excess> {
    let scan = scan(text)?;
    if scan.depth_bound > MAX_DEPTH
        && let Some(at) = deepest(text)
    {
        return Err(Excess::Depth { at });
    }
    Ok(scan.elements)
}

struct Scan {
    elements: usize,
    depth_bound: usize,
}

/// Whether a byte can open an inline element or is one (entities, escapes, cells).
const fn is_markup(b: u8) -> bool {
    matches!(
        b,
        b'[' | b']' | b'*' | b'_' | b'~' | b'`' | b'<' | b'&' | b'!' | b'\\' | b'|'
    )
}

/// Whether a byte can open an inline element that holds others.
const fn opens_nesting(b: u8) -> bool {
    matches!(b, b'[' | b'*' | b'_' | b'~' | b'<')
}

const MARKUP: u8 = 1;
const NESTING: u8 = 2;
const TAB: u8 = 4;

/// What each byte is to the scan: [`is_markup`], [`opens_nesting`], a tab.
static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        let mut c = 0;
        if is_markup(byte) {
            c |= MARKUP;
        }
        if opens_nesting(byte) {
            c |= NESTING;
        }
        if byte == b'\t' {
            c |= TAB;
        }
        t[b] = c;
        b += 1;
    }
    t
};

/// The columns of a GFM table's delimiter row (`| --- | :-: |`), if the line is one.
fn delimiter_columns(line: &str) -> Option<usize> {
    let t = line.trim();
    if !t.contains('-') || !t.contains('|') {
        return None;
    }
    if !t
        .bytes()
        .all(|b| matches!(b, b'|' | b'-' | b':' | b' ' | b'\t'))
    {
        return None;
    }
    let inner = t.strip_prefix('|').unwrap_or(t);
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    Some(inner.split('|').count())
}

/// One pass: the elements counted (failing at the limit), and an upper bound on depth.
fn scan(text: &str) -> Result<Scan, Excess> {
    let mut elements = 0usize;
    let mut depth_bound = 0usize;
    // The current run of non-blank lines (a leaf block's text at most, or a table).
    let mut chunk_block = 0usize;
    let mut chunk_inline = 0usize;
    let mut table_columns = 0usize;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        if line.trim().is_empty() {
            depth_bound = depth_bound.max(chunk_block + chunk_inline);
            chunk_block = 0;
            chunk_inline = 0;
            table_columns = 0;
            continue;
        }
        // A delimiter row starts with one of its own characters: most lines are
        // ruled out by their first byte.
        let first = line.trim_start().as_bytes().first().copied();
        let delimiter = matches!(first, Some(b'|' | b'-' | b':'))
            .then(|| delimiter_columns(line))
            .flatten();
        if let Some(columns) = delimiter {
            if columns > MAX_TABLE_COLUMNS {
                return Err(Excess::Columns { at: start, columns });
            }
            table_columns = columns;
        }
        // A table row is as many cells as the table has columns, however short.
        elements += 1 + table_columns;
        // Containers open at a line's start: each needs a character there
        // (`>`, a list marker) or, for a list item's content, indentation.
        let prefix = line
            .bytes()
            .take_while(|b| {
                matches!(
                    b,
                    b' ' | b'\t' | b'>' | b'-' | b'+' | b'*' | b'.' | b')' | b'0'..=b'9'
                )
            })
            .count();
        // One pass over the line's bytes, most of which are letters: markup,
        // what opens nesting, and tabs, by a table of the bytes that matter.
        let mut tabs = 0usize;
        for (i, &b) in line.as_bytes().iter().enumerate() {
            let class = CLASS[usize::from(b)];
            if class == 0 {
                continue;
            }
            if class & MARKUP != 0 {
                elements += 1;
                if elements > MAX_ELEMENTS {
                    return Err(Excess::Elements { at: start + i });
                }
            }
            if class & NESTING != 0 {
                chunk_inline += 1;
            }
            if class & TAB != 0 {
                tabs += 1;
            }
        }
        // A list is two levels (list, item); a tab is up to four columns.
        chunk_block = chunk_block.max(2 * prefix + 4 * tabs);
        if elements > MAX_ELEMENTS {
            return Err(Excess::Elements { at: start });
        }
    }
    depth_bound = depth_bound.max(chunk_block + chunk_inline);
    // A table, its row and cell (or a paragraph), the text, and a link an
    // address in the text becomes, with one to spare.
    Ok(Scan {
        elements,
        depth_bound: depth_bound + 6,
    })
}

/// Parses `text` (bounded in size by [`scan`]) and walks its tree without
/// recursion: the byte offset of the first node deeper than [`MAX_DEPTH`].
fn deepest(text: &str) -> Option<usize> {
    let arena = Arena::new();
    let root = parse_document(&arena, text, &options());
    let mut depth = 0usize;
    for edge in root.traverse() {
        match edge {
            NodeEdge::Start(node) => {
                depth += 1;
                // The document itself is not a level.
                if depth > MAX_DEPTH + 1 {
                    let pos = node.data().sourcepos.start;
                    return Some(offset_of(text, pos.line, pos.column));
                }
            }
            NodeEdge::End(_) => depth -= 1,
        }
    }
    None
}

/// The byte offset of a 1-based line and byte column, on a character boundary.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start = if line <= 1 {
        0
    } else {
        text.match_indices('\n')
            .nth(line - 2)
            .map_or(text.len(), |(i, _)| i + 1)
    };
    let mut at = (line_start + column.saturating_sub(1)).min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_prose_passes_without_a_parse() {
        let text = "Första *stycket* med **fet** text och [en länk](https://stockholm.se).\n\n- ett\n  - två\n\n> citat\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n";
        assert_eq!(check(text), None);
        assert!(scan(text).unwrap().depth_bound <= MAX_DEPTH);
    }

    #[test]
    fn deep_nesting_is_found_where_it_passes_the_limit() {
        let quotes = format!("Inledning.\n\n{}x\n", "> ".repeat(4000));
        let Some(Excess::Depth { at }) = check(&quotes) else {
            panic!("{:?}", check(&quotes))
        };
        assert_eq!(&quotes[..at].matches('\n').count(), &2, "on the third line");
        for text in [
            format!("{}x{}", "*".repeat(20_000), "*".repeat(20_000)),
            format!("{}x{}", "_".repeat(2_000), "_".repeat(2_000)),
            format!("{}x{}", "~~a ".repeat(1_000), " b~~".repeat(1_000)),
            format!("{}x{}", "![".repeat(1_000), "](u)".repeat(1_000)),
            "- ".repeat(200) + "x",
        ] {
            assert!(check(&text).is_some(), "{}", &text[..20]);
        }
        // Nested, but not deeply: passes after a parse.
        let some = format!("{}x\n", "> ".repeat(20));
        assert!(scan(&some).unwrap().depth_bound > MAX_DEPTH);
        assert_eq!(check(&some), None);
    }

    #[test]
    fn size_and_wide_tables_are_limits() {
        let brackets = "[".repeat(8_200_000);
        assert!(matches!(check(&brackets), Some(Excess::Elements { at }) if at < MAX_ELEMENTS));
        let wide = format!("{}|\n{}|\n", "| a ".repeat(1000), "|---".repeat(1000));
        assert!(matches!(
            check(&wide),
            Some(Excess::Columns { columns: 1000, .. })
        ));
        // Short rows of a table still count a cell for each column.
        let long = format!(
            "{}|\n{}|\n{}",
            "| a ".repeat(60),
            "|---".repeat(60),
            "x\n".repeat(1000)
        );
        assert!(matches!(check(&long), Some(Excess::Elements { .. })));
    }
}
