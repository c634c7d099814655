//! Word-level diffs of titles and Markdown text.
//!
//! Text is split into words and the whitespace between them; a run of whitespace
//! counts as one space, or as a paragraph break when it holds a blank line, so
//! rewrapping a paragraph is no change. The diff itself is `similar`'s Myers
//! over words. There is no deadline, so the same texts always give the same
//! diff (snapshots, CI); instead texts past [`MAX_TOKENS`] get a coarse diff
//! (common start and end kept, the middle replaced), so none stalls a run.

use schemars::JsonSchema;
use serde::Serialize;
use similar::{Algorithm, DiffTag};

/// What happened to a run of words.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum WordTag {
    /// In both texts.
    Equal,
    /// Only in the old text (borttaget).
    Delete,
    /// Only in the new text (tillagt).
    Insert,
}

/// A run of words, with the whitespace between them, that the diff treats alike.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct WordOp {
    pub op: WordTag,
    /// The words, whitespace normalised: a space, or `\n\n` between paragraphs.
    pub text: String,
}

/// Words and spaces beyond which a text is diffed coarsely: Myers takes time
/// in proportion to length times differences, and a plan section is far shorter.
pub const MAX_TOKENS: usize = 40_000;

/// Splits text into words and normalised whitespace tokens.
fn tokens(text: &str) -> Vec<&str> {
    let text = text.trim();
    let mut out = Vec::new();
    let mut start = None;
    let mut in_space = false;
    let mut space_breaks = 0;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                out.push(&text[s..i]);
            }
            if !in_space {
                in_space = true;
                space_breaks = 0;
            }
            if c == '\n' {
                space_breaks += 1;
            }
        } else {
            if in_space {
                out.push(if space_breaks >= 2 { "\n\n" } else { " " });
                in_space = false;
            }
            if start.is_none() {
                start = Some(i);
            }
        }
    }
    if let Some(s) = start {
        out.push(&text[s..]);
    }
    out
}

/// Whether two texts say the same words in the same paragraphs.
pub fn same_words(old: &str, new: &str) -> bool {
    tokens(old) == tokens(new)
}

/// The word diff of `old` and `new`. Within each change, removed words come
/// before added ones, and a lone space between two changes joins them, so
/// `[-a b-]{+c d+}` reads as one replacement rather than two.
pub fn diff(old: &str, new: &str) -> Vec<WordOp> {
    let (a, b) = (tokens(old), tokens(new));
    let ops = if a.len().max(b.len()) <= MAX_TOKENS {
        similar::capture_diff_slices(Algorithm::Myers, &a, &b)
    } else {
        coarse(&a, &b)
    };
    // (tag, token) in order, with replacements split into delete then insert.
    let mut flat: Vec<(WordTag, &str)> = Vec::new();
    for op in ops {
        let (tag, old_r, new_r) = op.as_tag_tuple();
        match tag {
            DiffTag::Equal => flat.extend(a[old_r].iter().map(|t| (WordTag::Equal, *t))),
            DiffTag::Delete => flat.extend(a[old_r].iter().map(|t| (WordTag::Delete, *t))),
            DiffTag::Insert => flat.extend(b[new_r].iter().map(|t| (WordTag::Insert, *t))),
            DiffTag::Replace => {
                flat.extend(a[old_r].iter().map(|t| (WordTag::Delete, *t)));
                flat.extend(b[new_r].iter().map(|t| (WordTag::Insert, *t)));
            }
        }
    }
    // A whitespace token standing alone between changes belongs to both sides.
    let mut i = 0;
    let mut joined: Vec<(WordTag, &str)> = Vec::with_capacity(flat.len());
    while i < flat.len() {
        let (tag, t) = flat[i];
        let changed = |k: usize| flat.get(k).is_some_and(|(g, _)| *g != WordTag::Equal);
        let lone_space = tag == WordTag::Equal
            && t.trim().is_empty()
            && i > 0
            && changed(i - 1)
            && changed(i + 1);
        if lone_space {
            joined.push((WordTag::Delete, t));
            joined.push((WordTag::Insert, t));
        } else {
            joined.push((tag, t));
        }
        i += 1;
    }
    // Within each run of changes: deletions first, then insertions.
    let mut out: Vec<WordOp> = Vec::new();
    let mut k = 0;
    while k < joined.len() {
        if joined[k].0 == WordTag::Equal {
            push(&mut out, WordTag::Equal, joined[k].1);
            k += 1;
            continue;
        }
        let end = joined[k..]
            .iter()
            .position(|(g, _)| *g == WordTag::Equal)
            .map_or(joined.len(), |p| k + p);
        for tag in [WordTag::Delete, WordTag::Insert] {
            for (g, t) in &joined[k..end] {
                if *g == tag {
                    push(&mut out, tag, t);
                }
            }
        }
        k = end;
    }
    out
}

/// The common start and end kept, the rest replaced: linear, for very long texts.
fn coarse(a: &[&str], b: &[&str]) -> Vec<similar::DiffOp> {
    let start = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let end = a[start..]
        .iter()
        .rev()
        .zip(b[start..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let mut ops = Vec::new();
    if start > 0 {
        ops.push(similar::DiffOp::Equal {
            old_index: 0,
            new_index: 0,
            len: start,
        });
    }
    let (old_len, new_len) = (a.len() - start - end, b.len() - start - end);
    if old_len > 0 {
        ops.push(similar::DiffOp::Delete {
            old_index: start,
            old_len,
            new_index: start,
        });
    }
    if new_len > 0 {
        ops.push(similar::DiffOp::Insert {
            old_index: start + old_len,
            new_index: start,
            new_len,
        });
    }
    if end > 0 {
        ops.push(similar::DiffOp::Equal {
            old_index: a.len() - end,
            new_index: b.len() - end,
            len: end,
        });
    }
    ops
}

fn push(out: &mut Vec<WordOp>, op: WordTag, text: &str) {
    match out.last_mut() {
        Some(last) if last.op == op => last.text.push_str(text),
        _ => out.push(WordOp {
            op,
            text: text.to_owned(),
        }),
    }
}

/// The text one side of a diff had: `Delete` for the old side, `Insert` for the new.
pub fn side(ops: &[WordOp], keep: WordTag) -> String {
    ops.iter()
        .filter(|o| o.op == WordTag::Equal || o.op == keep)
        .map(|o| o.text.as_str())
        .collect()
}

/// Whether the diff changes anything.
pub fn has_changes(ops: &[WordOp]) -> bool {
    ops.iter().any(|o| o.op != WordTag::Equal)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(ops: &[WordOp]) -> String {
        ops.iter()
            .map(|o| match o.op {
                WordTag::Equal => o.text.clone(),
                WordTag::Delete => format!("[-{}-]", o.text),
                WordTag::Insert => format!("{{+{}+}}", o.text),
            })
            .collect()
    }

    #[test]
    fn a_reworded_title_reads_as_one_replacement() {
        let ops = diff(
            "Stadsdelsnämndens verksamheter har en långsiktigt hållbar ekonomi",
            "Stadsdelsnämnden bedriver verksamheterna inom givna ekonomiska ramar",
        );
        assert_eq!(
            plain(&ops),
            "[-Stadsdelsnämndens verksamheter har en långsiktigt hållbar ekonomi-]\
             {+Stadsdelsnämnden bedriver verksamheterna inom givna ekonomiska ramar+}"
        );
        let ops = diff(
            "Alla barn utvecklas i undervisningsmiljöer av hög kvalitet",
            "Alla barn utvecklas i lärmiljöer av hög kvalitet",
        );
        assert_eq!(
            plain(&ops),
            "Alla barn utvecklas i [-undervisningsmiljöer-]{+lärmiljöer+} av hög kvalitet"
        );
    }

    #[test]
    fn rewrapping_is_no_change_but_paragraphs_are() {
        assert!(same_words("en  två\ntre\n", "en två tre"));
        assert!(!same_words("en två\n\ntre", "en två tre"));
        assert!(!has_changes(&diff("a\nb", "a b")));
    }

    #[test]
    fn both_sides_can_be_rebuilt() {
        let (old, new) = (
            "Ett två tre fyra.\n\nFem sex.",
            "Ett tre fyra fem.\n\nFem sju sex.",
        );
        let ops = diff(old, new);
        assert_eq!(side(&ops, WordTag::Delete), "Ett två tre fyra.\n\nFem sex.");
        assert_eq!(
            side(&ops, WordTag::Insert),
            "Ett tre fyra fem.\n\nFem sju sex."
        );
        assert!(diff("", "").is_empty());
        let long_old = "ord ".repeat(MAX_TOKENS);
        let long_new = format!("{long_old}nytt");
        let ops = diff(&long_old, &long_new);
        assert_eq!(side(&ops, WordTag::Insert), long_new.trim());
        assert_eq!(side(&ops, WordTag::Delete), long_old.trim());
        assert_eq!(plain(&diff("", "ny")), "{+ny+}");
    }
}
