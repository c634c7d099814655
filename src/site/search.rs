//! The site's search index, vp's own: every goal and section of every plan is
//! a document under its anchor; its words are stemmed with the Snowball
//! Swedish stemmer, so *feriejobben* finds *feriejobb*. The browser gets the
//! distinct words with their stems and so needs no stemmer: a query word is
//! matched as a prefix of the words, the words lead to stems, the stems to
//! their documents. Written as `.js` files that set a property of the global
//! `vpSok`, loaded by `<script>` tags the search page makes when a query needs
//! them: that works from `file://` too, where browsers refuse `fetch`.
//!
//! The files, under `sok/`:
//! - `index.js`: the shards there are and the documents' chunk size;
//! - `o-KEY.js`: the words starting with KEY (their first two letters) with
//!   their stems, and the postings of the stems starting with KEY: for each
//!   stem, document numbers (the first, then differences) and weights in turn;
//! - `m-N.js`: the documents N·CHUNK to (N+1)·CHUNK − 1: page, anchor, title,
//!   excerpt, and the pages they are on with their labels.
//!
//! Text a unit plan repeats from its nämnd's plan (the KF goals' and
//! nämndmål's headings and descriptions) is indexed once, at the nämnd's plan.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::hash::{Hash, Hasher};

use rayon::prelude::*;
use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::{FxHashMap, FxHashSet, FxHasher};

use super::File;
use crate::render::document::{Block, Document, Inline, Section};

/// Documents per metadata file: a result page loads at most a few.
const CHUNK: usize = 200;

/// A word in a document's title weighs this many of its text's.
const TITLE_WEIGHT: u32 = 3;

/// The longest excerpt, in characters.
const EXCERPT: usize = 180;

/// Words longer than this are not words (a URL, a hash) and are left out.
const LONGEST_WORD: usize = 40;

/// The folder of the index in the site.
pub const FOLDER: &str = "sok";

/// One goal or section of a page, under its anchor.
#[derive(Debug, PartialEq)]
pub struct Doc {
    pub anchor: String,
    pub title: String,
    /// Its text, a piece per paragraph, list item, table cell or heading.
    pub text: Vec<String>,
}

/// A page's documents, with the label results show under the title.
#[derive(Debug)]
pub struct Page {
    pub path: String,
    /// Whose plan and which year: `Resursenheten · Hägersten-Liljeholmens stadsdelsnämnd · 2020`.
    pub label: String,
    pub docs: Vec<Doc>,
    /// The page (an index into the pages given to [`index`]) whose text this
    /// page repeats: a unit plan's nämnd plan of the year.
    pub repeats: Option<usize>,
}

/// A rendered document's documents: each section with an anchor, its text up
/// to its subsections (which are documents of their own).
pub fn documents(doc: &Document) -> Vec<Doc> {
    fn walk(sections: &[Section], out: &mut Vec<Doc>, parent: Option<usize>) {
        for s in sections {
            let here = if s.id.is_empty() {
                // No anchor of its own: its text belongs to the section around it.
                if let Some(p) = parent {
                    out[p].text.push(s.title.clone());
                }
                parent
            } else {
                out.push(Doc {
                    anchor: s.id.clone(),
                    title: s.title.clone(),
                    text: Vec::new(),
                });
                Some(out.len() - 1)
            };
            if let Some(i) = here {
                for b in &s.blocks {
                    block_text(b, &mut out[i].text);
                }
            }
            walk(&s.sections, out, here);
        }
    }
    let mut out = Vec::new();
    walk(&doc.sections, &mut out, None);
    out
}

fn push(content: &[Inline], out: &mut Vec<String>) {
    let mut s = String::new();
    inline_text(content, &mut s);
    let s = s.trim();
    if !s.is_empty() {
        out.push(s.to_owned());
    }
}

fn block_text(b: &Block, out: &mut Vec<String>) {
    match b {
        Block::Paragraph { content } | Block::Heading { content, .. } => push(content, out),
        Block::List { items, .. } => {
            for item in items {
                for b in item {
                    block_text(b, out);
                }
            }
        }
        Block::Quote { blocks } => {
            for b in blocks {
                block_text(b, out);
            }
        }
        Block::Code { text } => out.push(text.clone()),
        Block::Table {
            caption,
            columns,
            rows,
            ..
        } => {
            out.extend(caption.iter().cloned());
            let heads: Vec<&str> = columns.iter().map(|c| c.title.as_str()).collect();
            if heads.iter().any(|h| !h.is_empty()) {
                out.push(heads.join(" "));
            }
            for r in rows {
                for c in &r.cells {
                    push(c, out);
                }
                out.extend(r.note.iter().cloned());
            }
        }
        Block::Signatures { people } => {
            for p in people {
                out.push(format!("{} {}", p.name, p.title));
            }
        }
        Block::Chart { title, alt, .. } => {
            out.push(title.clone());
            out.push(alt.clone());
        }
        Block::Rule => {}
    }
}

fn inline_text(content: &[Inline], out: &mut String) {
    for i in content {
        match i {
            Inline::Text { text } | Inline::Code { text } => out.push_str(text),
            Inline::Emph { content }
            | Inline::Strong { content }
            | Inline::Strike { content }
            | Inline::Link { content, .. } => inline_text(content, out),
            Inline::Break => out.push(' '),
        }
    }
}

fn hash(s: &str) -> u64 {
    let mut h = FxHasher::default();
    s.hash(&mut h);
    h.finish()
}

/// The words of `text`, lowercased: runs of letters and digits.
fn words(text: &str, mut each: impl FnMut(&str)) {
    let mut lower = String::new();
    for w in text.split(|c: char| !c.is_alphanumeric()) {
        if w.is_empty() || w.chars().count() > LONGEST_WORD {
            continue;
        }
        if w.chars().any(char::is_uppercase) {
            lower.clear();
            lower.extend(w.chars().flat_map(char::to_lowercase));
            each(&lower);
        } else {
            each(w);
        }
    }
}

/// The first two letters of a word: which shard holds it.
fn key(word: &str) -> &str {
    match word.char_indices().nth(2) {
        Some((i, _)) => &word[..i],
        None => word,
    }
}

/// A shard's key as a file name: letters a–z and digits as they are, any
/// other character as `_` and its code point in hex (`fö` → `f_f6`). The
/// search page's script does the same.
fn file_key(key: &str) -> String {
    let mut s = String::new();
    for c in key.chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            s.push(c);
        } else {
            let _ = write!(s, "_{:x}", c as u32);
        }
    }
    s
}

/// A document ready for the index: its words with their weights, and its excerpt.
struct Indexed {
    words: Vec<(String, u32)>,
    excerpt: String,
}

/// Text a page repeats from the page it names in `repeats`: the hashes of its pieces.
fn pieces(page: &Page) -> FxHashSet<u64> {
    page.docs
        .iter()
        .flat_map(|d| std::iter::once(&d.title).chain(&d.text))
        .map(|s| hash(s))
        .collect()
}

/// A document's words and excerpt, leaving out the pieces in `skip`; `None`
/// when nothing of its own is left.
fn indexed(doc: &Doc, skip: Option<&FxHashSet<u64>>) -> Option<Indexed> {
    let own = |s: &String| skip.is_none_or(|k| !k.contains(&hash(s)));
    let text: Vec<&String> = doc.text.iter().filter(|s| own(s)).collect();
    if text.is_empty() && !own(&doc.title) {
        return None;
    }
    let mut counts: FxHashMap<String, u32> = FxHashMap::default();
    let mut add = |w: &str, n: u32| match counts.get_mut(w) {
        Some(c) => *c += n,
        None => {
            counts.insert(w.to_owned(), n);
        }
    };
    words(&doc.title, |w| add(w, TITLE_WEIGHT));
    for t in &text {
        words(t, |w| add(w, 1));
    }
    if counts.is_empty() {
        return None;
    }
    let mut words: Vec<(String, u32)> = counts.into_iter().collect();
    words.sort_unstable();
    Some(Indexed {
        words,
        excerpt: excerpt(&text),
    })
}

/// The start of a document's text, cut at a word.
fn excerpt(text: &[&String]) -> String {
    let mut s = String::new();
    for t in text {
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(t);
        if s.chars().count() > EXCERPT {
            break;
        }
    }
    let s: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= EXCERPT {
        return s;
    }
    let cut: String = s.chars().take(EXCERPT).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > EXCERPT / 2 => &cut[..i],
        _ => &cut,
    };
    format!("{} …", cut.trim_end_matches(|c: char| !c.is_alphanumeric()))
}

/// A string as a JavaScript (and JSON) string literal.
fn js_string(s: &str, out: &mut String) {
    out.push_str(&serde_json::to_string(s).expect("a string serializes"));
}

/// A file of the index: sets `vpSok[name]` to `value` (JSON, which is JavaScript).
fn js_file(name: &str, value: &str) -> File {
    File {
        path: format!("{FOLDER}/{name}.js"),
        title: None,
        bytes: format!("(self.vpSok=self.vpSok||{{}})[\"{name}\"]={value};\n").into_bytes(),
    }
}

/// The index of `pages` (in the site's order, which fixes the documents'
/// numbers): the files under [`FOLDER`], the same bytes for the same pages.
pub fn index(pages: &[Page]) -> Vec<File> {
    // Each page's documents in parallel, leaving out what it repeats.
    let skips: Vec<Option<FxHashSet<u64>>> = pages
        .par_iter()
        .map(|p| p.repeats.map(|r| pieces(&pages[r])))
        .collect();
    let docs: Vec<Vec<(usize, Indexed)>> = pages
        .par_iter()
        .zip(&skips)
        .map(|(p, skip)| {
            p.docs
                .iter()
                .enumerate()
                .filter_map(|(i, d)| indexed(d, skip.as_ref()).map(|x| (i, x)))
                .collect()
        })
        .collect();

    // Numbered in order; each word's postings.
    let mut word_ids: FxHashMap<&str, usize> = FxHashMap::default();
    let mut postings: Vec<Vec<(u32, u32)>> = Vec::new();
    let mut meta: Vec<(usize, usize, &str)> = Vec::new();
    for (p, page_docs) in docs.iter().enumerate() {
        for (d, x) in page_docs {
            let n = meta.len() as u32;
            meta.push((p, *d, &x.excerpt));
            for (w, weight) in &x.words {
                let id = *word_ids.entry(w.as_str()).or_insert_with(|| {
                    postings.push(Vec::new());
                    postings.len() - 1
                });
                postings[id].push((n, *weight));
            }
        }
    }

    // Every word's stem.
    let mut surface: Vec<(&str, usize)> = word_ids.into_iter().collect();
    surface.sort_unstable();
    let stems: Vec<String> = surface
        .par_iter()
        .map_init(
            || Stemmer::create(Algorithm::Swedish),
            |s, (w, _)| s.stem(w).into_owned(),
        )
        .collect();
    // The stems' postings: their words' merged, in document order.
    let mut by_stem: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for ((_, id), stem) in surface.iter().zip(&stems) {
        by_stem.entry(stem.as_str()).or_default().push(*id);
    }
    let by_stem: Vec<(&str, Vec<usize>)> = by_stem.into_iter().collect();
    let stem_postings: Vec<String> = by_stem
        .par_iter()
        .map(|(_, ids)| {
            let mut all: Vec<(u32, u32)> = ids
                .iter()
                .flat_map(|&i| postings[i].iter().copied())
                .collect();
            all.sort_unstable();
            let mut merged: Vec<(u32, u32)> = Vec::with_capacity(all.len());
            for (d, w) in all {
                match merged.last_mut() {
                    Some(last) if last.0 == d => last.1 += w,
                    _ => merged.push((d, w)),
                }
            }
            let mut s = String::with_capacity(merged.len() * 6);
            s.push('[');
            let mut prev = 0;
            for (i, (d, w)) in merged.iter().enumerate() {
                if i > 0 {
                    s.push(',');
                }
                let _ = write!(s, "{},{w}", d - prev);
                prev = *d;
            }
            s.push(']');
            s
        })
        .collect();

    // Shards: the words and the stems under one key.
    #[derive(Default)]
    struct Shard<'a> {
        words: Vec<(&'a str, &'a str)>,
        stems: Vec<(&'a str, &'a str)>,
    }
    let mut shards: BTreeMap<&str, Shard> = BTreeMap::new();
    for ((w, _), stem) in surface.iter().zip(&stems) {
        shards.entry(key(w)).or_default().words.push((w, stem));
    }
    for ((stem, _), p) in by_stem.iter().zip(&stem_postings) {
        shards.entry(key(stem)).or_default().stems.push((stem, p));
    }
    let shards: Vec<(&str, Shard)> = shards.into_iter().collect();
    let mut files: Vec<File> = shards
        .par_iter()
        .map(|(k, shard)| {
            let mut s = String::from("{\"w\":[");
            for (i, (w, stem)) in shard.words.iter().enumerate() {
                if i > 0 {
                    s.push(',');
                }
                s.push('[');
                js_string(w, &mut s);
                if w != stem {
                    s.push(',');
                    js_string(stem, &mut s);
                }
                s.push(']');
            }
            s.push_str("],\"s\":{");
            for (i, (stem, p)) in shard.stems.iter().enumerate() {
                if i > 0 {
                    s.push(',');
                }
                js_string(stem, &mut s);
                s.push(':');
                s.push_str(p);
            }
            s.push_str("}}");
            js_file(&format!("o-{}", file_key(k)), &s)
        })
        .collect();

    // The documents' metadata, in chunks.
    let chunks: Vec<File> = meta
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(n, chunk)| {
            let mut on: Vec<usize> = chunk.iter().map(|(p, _, _)| *p).collect();
            on.dedup();
            let mut s = String::from("{\"p\":[");
            for (i, &p) in on.iter().enumerate() {
                if i > 0 {
                    s.push(',');
                }
                s.push('[');
                js_string(&pages[p].path, &mut s);
                s.push(',');
                js_string(&pages[p].label, &mut s);
                s.push(']');
            }
            s.push_str("],\"d\":[");
            for (i, (p, d, excerpt)) in chunk.iter().enumerate() {
                if i > 0 {
                    s.push(',');
                }
                let doc = &pages[*p].docs[*d];
                let at = on.iter().position(|x| x == p).expect("the chunk's page");
                let _ = write!(s, "[{at},");
                js_string(&doc.anchor, &mut s);
                s.push(',');
                js_string(&doc.title, &mut s);
                s.push(',');
                js_string(excerpt, &mut s);
                s.push(']');
            }
            s.push_str("]}");
            js_file(&format!("m-{n}"), &s)
        })
        .collect();
    files.extend(chunks);

    let mut s = String::from("{\"o\":[");
    for (i, (k, _)) in shards.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        js_string(k, &mut s);
    }
    let _ = write!(s, "],\"m\":{CHUNK},\"n\":{}}}", meta.len());
    files.push(js_file("index", &s));
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, docs: &[(&str, &str, &[&str])], repeats: Option<usize>) -> Page {
        Page {
            path: path.to_owned(),
            label: format!("Plan {path}"),
            docs: docs
                .iter()
                .map(|(a, t, text)| Doc {
                    anchor: (*a).to_owned(),
                    title: (*t).to_owned(),
                    text: text.iter().map(|s| (*s).to_owned()).collect(),
                })
                .collect(),
            repeats,
        }
    }

    fn file<'f>(files: &'f [File], path: &str) -> &'f str {
        let f = files.iter().find(|f| f.path == path).unwrap_or_else(|| {
            panic!(
                "{path} in {:?}",
                files.iter().map(|f| &f.path).collect::<Vec<_>>()
            )
        });
        std::str::from_utf8(&f.bytes).unwrap()
    }

    #[test]
    fn inflected_forms_share_a_stem_and_shards_go_by_first_letters() {
        let files = index(&[page(
            "plan/a.html",
            &[
                ("m1", "Feriejobb", &["Fler ungdomar får feriejobben."]),
                ("m2", "Förskola", &["Förskolor och feriejobb."]),
            ],
            None,
        )]);
        let fe = file(&files, "sok/o-fe.js");
        assert!(
            fe.starts_with("(self.vpSok=self.vpSok||{})[\"o-fe\"]={\"w\":[[\"feriejobb\"],[\"feriejobben\",\"feriejobb\"]],"),
            "{fe}"
        );
        // feriejobb: document 0 (title 3 + text 1), document 1 (text 1).
        assert!(fe.contains("\"s\":{\"feriejobb\":[0,4,1,1]}"), "{fe}");
        let fo = file(&files, "sok/o-f_f6.js");
        assert!(fo.contains("[\"förskola\",\"förskol\"]"), "{fo}");
        assert!(fo.contains("[\"förskolor\",\"förskol\"]"), "{fo}");
        assert!(fo.contains("\"s\":{\"förskol\":[1,4]}"), "{fo}");
        let meta = file(&files, "sok/m-0.js");
        assert!(
            meta.contains("\"p\":[[\"plan/a.html\",\"Plan plan/a.html\"]],\"d\":[[0,\"m1\",\"Feriejobb\",\"Fler ungdomar får feriejobben.\"],"),
            "{meta}"
        );
        let manifest = file(&files, "sok/index.js");
        assert!(
            manifest
                .contains("\"o\":[\"fe\",\"fl\",\"få\",\"fö\",\"oc\",\"un\"],\"m\":200,\"n\":2"),
            "{manifest}"
        );
    }

    #[test]
    fn text_repeated_from_the_nämnd_plan_is_indexed_there_only() {
        let files = index(&[
            page(
                "plan/n.html",
                &[("nm", "Nämndmål: Trygghet", &["Alla känner sig trygga."])],
                None,
            ),
            page(
                "plan/e.html",
                &[
                    ("nm", "Nämndmål: Trygghet", &["Alla känner sig trygga."]),
                    ("em", "Enhetsmål: Trygga skolgårdar", &["Rastvakter."]),
                ],
                Some(0),
            ),
        ]);
        let manifest = file(&files, "sok/index.js");
        assert!(manifest.ends_with("\"n\":2};\n"), "{manifest}");
        let meta = file(&files, "sok/m-0.js");
        assert!(meta.contains("[0,\"nm\",\"Nämndmål: Trygghet\""), "{meta}");
        assert!(
            meta.contains("[1,\"em\",\"Enhetsmål: Trygga skolgårdar\",\"Rastvakter.\"]"),
            "{meta}"
        );
        // trygg: the nämnd's goal (0: title and text) and the unit's (1: title).
        let tr = file(&files, "sok/o-tr.js");
        assert!(tr.contains("\"trygg\":[0,4,1,3]"), "{tr}");
    }

    #[test]
    fn excerpts_are_cut_at_a_word() {
        let long = "ord ".repeat(100);
        let e = excerpt(&[&long]);
        assert!(
            e.ends_with("ord …") && e.chars().count() <= EXCERPT + 2,
            "{e}"
        );
        assert_eq!(excerpt(&[&"Kort.".to_owned()]), "Kort.");
    }

    #[test]
    fn file_keys_are_plain_ascii() {
        assert_eq!(file_key("fö"), "f_f6");
        assert_eq!(file_key("20"), "20");
        assert_eq!(key("å"), "å");
        assert_eq!(key("ärende"), "är");
    }
}
