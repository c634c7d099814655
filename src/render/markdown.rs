//! A plan's Markdown prose → the document's blocks, through comrak. Raw HTML is
//! dropped (comrak's safe default); every other piece of text stays text, so no
//! renderer ever runs it as markup or code.

use comrak::nodes::{AstNode, ListType, NodeValue};
use comrak::{Arena, parse_document};

use super::document::{Align, Block, Column, Inline, Row, TableKind};
use crate::load::limits;

/// Converts Markdown to blocks. Headings become [`Block::Heading`] at
/// `base + (level − container)`, never skipping a level: `container` is the Markdown
/// level the text stands under (1 in a chapter, 2 in a goal's section) and `base`
/// the document level of that container.
///
/// Text past the limits of [`limits::check`] (VP080, which `vp validate`
/// reports as an error) is not parsed: it is shown as plain paragraphs, its
/// markup characters as written, so nothing is lost and the tree that the
/// renderers walk recursively is never deeper than [`limits::MAX_DEPTH`].
pub fn blocks(text: &str, base: u8, container: u8) -> Vec<Block> {
    if limits::check(text).is_some() {
        return plain_paragraphs(text);
    }
    let arena = Arena::new();
    let root = parse_document(&arena, text, &limits::options());
    let mut cx = Cx {
        base,
        container,
        last_heading: base,
    };
    cx.children(root)
}

/// Text as paragraphs at its blank lines, without any markup.
fn plain_paragraphs(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut para = String::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !para.is_empty() {
                out.push(Block::Paragraph {
                    content: vec![Inline::Text {
                        text: std::mem::take(&mut para),
                    }],
                });
            }
            continue;
        }
        if !para.is_empty() {
            para.push(' ');
        }
        para.push_str(line.trim());
    }
    if !para.is_empty() {
        out.push(Block::Paragraph {
            content: vec![Inline::Text { text: para }],
        });
    }
    out
}

struct Cx {
    base: u8,
    container: u8,
    last_heading: u8,
}

impl Cx {
    fn children<'a>(&mut self, node: &'a AstNode<'a>) -> Vec<Block> {
        node.children().filter_map(|c| self.block(c)).collect()
    }

    fn block<'a>(&mut self, node: &'a AstNode<'a>) -> Option<Block> {
        let value = node.data().value.clone();
        Some(match value {
            NodeValue::Paragraph => Block::Paragraph {
                content: inlines(node),
            },
            NodeValue::Heading(h) => {
                let wanted = self.base + h.level.saturating_sub(self.container).max(1);
                let level = wanted.min(self.last_heading + 1).min(6);
                self.last_heading = level;
                Block::Heading {
                    level,
                    content: inlines(node),
                }
            }
            NodeValue::List(list) => Block::List {
                ordered: list.list_type == ListType::Ordered,
                start: list.start as u64,
                items: node.children().map(|item| self.children(item)).collect(),
            },
            NodeValue::BlockQuote | NodeValue::MultilineBlockQuote(_) => Block::Quote {
                blocks: self.children(node),
            },
            NodeValue::CodeBlock(c) => Block::Code {
                text: c.literal.trim_end_matches('\n').to_owned(),
            },
            NodeValue::ThematicBreak => Block::Rule,
            NodeValue::Table(t) => {
                let mut rows = node.children();
                let header = rows.next()?;
                let columns = header
                    .children()
                    .zip(t.alignments.iter())
                    .map(|(cell, align)| Column {
                        title: plain(&inlines(cell)),
                        align: match align {
                            comrak::nodes::TableAlignment::Right => Align::Right,
                            comrak::nodes::TableAlignment::Center => Align::Center,
                            _ => Align::Left,
                        },
                    })
                    .collect();
                Block::Table {
                    kind: TableKind::Prose,
                    caption: None,
                    unit: None,
                    columns,
                    rows: rows
                        .map(|r| Row::plain(r.children().map(inlines).collect()))
                        .collect(),
                }
            }
            NodeValue::HtmlBlock(_) | NodeValue::FrontMatter(_) => return None,
            // Anything else that holds blocks (footnotes, alerts): keep its text.
            _ => {
                let inner = self.children(node);
                if inner.is_empty() {
                    return None;
                }
                Block::Quote { blocks: inner }
            }
        })
    }
}

/// The inline content of a node, flattened into [`Inline`]s.
fn inlines<'a>(node: &'a AstNode<'a>) -> Vec<Inline> {
    let mut out = Vec::new();
    for child in node.children() {
        inline(child, &mut out);
    }
    merge_text(out)
}

fn inline<'a>(node: &'a AstNode<'a>, out: &mut Vec<Inline>) {
    // A text node's string moves out of the tree instead of being copied.
    if let NodeValue::Text(t) = &mut node.data_mut().value {
        out.push(Inline::Text {
            text: std::mem::take(t).into_owned(),
        });
        return;
    }
    let value = node.data().value.clone();
    match value {
        NodeValue::Text(_) => {}
        NodeValue::SoftBreak => out.push(Inline::Text { text: " ".into() }),
        NodeValue::LineBreak => out.push(Inline::Break),
        NodeValue::Code(c) => out.push(Inline::Code { text: c.literal }),
        NodeValue::Emph => out.push(Inline::Emph {
            content: inlines(node),
        }),
        NodeValue::Strong => out.push(Inline::Strong {
            content: inlines(node),
        }),
        NodeValue::Strikethrough => out.push(Inline::Strike {
            content: inlines(node),
        }),
        NodeValue::Link(l) => {
            let content = inlines(node);
            let safe = is_safe_url(&l.url);
            if safe {
                out.push(Inline::Link {
                    url: l.url.clone(),
                    content,
                });
            } else {
                out.extend(content);
            }
        }
        // An image is not embedded: its description stands in its place.
        NodeValue::Image(_) => out.extend(inlines(node)),
        NodeValue::HtmlInline(_) => {}
        _ => out.extend(inlines(node)),
    }
}

/// Only web and mail links are kept; `javascript:` and the like become plain text.
fn is_safe_url(url: &str) -> bool {
    let lower = url.trim().to_lowercase();
    lower.starts_with("https://")
        || lower.starts_with("http://")
        || lower.starts_with("mailto:")
        || lower.starts_with('#')
}

/// Adjacent text pieces joined, so renderers see words, not fragments. Each
/// run is joined into a string of its exact length, as long texts are large.
fn merge_text(items: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(items.len());
    let mut items = items.into_iter().peekable();
    while let Some(item) = items.next() {
        let Inline::Text { text: first } = item else {
            out.push(item);
            continue;
        };
        let mut run = vec![first];
        while let Some(Inline::Text { .. }) = items.peek() {
            if let Some(Inline::Text { text }) = items.next() {
                run.push(text);
            }
        }
        let text = if run.len() == 1 {
            run.pop().unwrap_or_default()
        } else {
            let mut joined = String::with_capacity(run.iter().map(String::len).sum());
            for piece in run {
                joined.push_str(&piece);
            }
            joined
        };
        out.push(Inline::Text { text });
    }
    out
}

/// The text of inlines without their markup.
pub fn plain(items: &[Inline]) -> String {
    let mut s = String::new();
    for i in items {
        match i {
            Inline::Text { text } | Inline::Code { text } => s.push_str(text),
            Inline::Break => s.push(' '),
            Inline::Emph { content }
            | Inline::Strong { content }
            | Inline::Strike { content }
            | Inline::Link { content, .. } => s.push_str(&plain(content)),
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_lists_emphasis_links_and_tables() {
        let md = "Första *stycket* med **fet** text och [en länk](https://stockholm.se).\n\n- ett\n- två\n\n1. A\n2. B\n\n| Namn | Tal |\n|---|---:|\n| a | 1 |\n";
        let b = blocks(md, 1, 1);
        assert_eq!(b.len(), 4, "{b:?}");
        let Block::Paragraph { content } = &b[0] else {
            panic!()
        };
        assert_eq!(plain(content), "Första stycket med fet text och en länk.");
        assert!(matches!(&content[1], Inline::Emph { .. }));
        assert!(matches!(&content[5], Inline::Link { url, .. } if url == "https://stockholm.se"));
        assert!(matches!(&b[1], Block::List { ordered: false, items, .. } if items.len() == 2));
        assert!(matches!(
            &b[2],
            Block::List {
                ordered: true,
                start: 1,
                ..
            }
        ));
        let Block::Table { columns, rows, .. } = &b[3] else {
            panic!()
        };
        assert_eq!(columns[1].align, Align::Right);
        assert_eq!(plain(&rows[0].cells[1]), "1");
    }

    #[test]
    fn raw_html_and_unsafe_links_are_dropped_text_stays_text() {
        let md = "Text <b>fet</b> #rubrik $x$ @ref <script>alert(1)</script> [klick](javascript:alert(1))\n\n<div>block</div>\n";
        let b = blocks(md, 1, 1);
        assert_eq!(b.len(), 1, "{b:?}");
        let Block::Paragraph { content } = &b[0] else {
            panic!()
        };
        let text = plain(content);
        assert!(text.contains("#rubrik $x$ @ref"), "{text}");
        assert!(!text.contains("<b>") && !text.contains("script"), "{text}");
        assert!(content.iter().all(|i| !matches!(i, Inline::Link { .. })));
    }

    #[test]
    fn heading_levels_follow_the_container_and_never_skip() {
        let b = blocks("## Två\n\n#### Fyra\n\ntext\n", 1, 1);
        let levels: Vec<u8> = b
            .iter()
            .filter_map(|x| match x {
                Block::Heading { level, .. } => Some(*level),
                _ => None,
            })
            .collect();
        assert_eq!(levels, [2, 3]);
    }

    #[test]
    fn text_past_the_limits_is_plain_paragraphs_not_a_crash() {
        for text in [
            format!("{}x\n\nslut", "> ".repeat(4000)),
            format!("{}x{}", "*".repeat(20_000), "*".repeat(20_000)),
            format!("{}x{}", "![".repeat(50_000), "](u)".repeat(50_000)),
        ] {
            let b = blocks(&text, 1, 1);
            assert!(!b.is_empty());
            let all: String = b
                .iter()
                .map(|x| match x {
                    Block::Paragraph { content } => plain(content),
                    _ => panic!("{x:?}"),
                })
                .collect();
            assert!(all.contains('x'), "nothing lost");
        }
    }
}
