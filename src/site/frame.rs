//! The frame every page of the site shares: `vp render`'s stylesheet and a few
//! rules of the site's own, the skip link, the site's navigation and the trail
//! to the page. No script except on the search page, nothing fetched from
//! elsewhere; `lang="sv"` for screen readers.

use std::fmt::Write;

use super::{File, href};
use crate::render::document::*;
use crate::render::html::{self, STYLESHEET, escape};

/// The site's own rules, after the plans' stylesheet.
const SITE_CSS: &str = include_str!("../../templates/site.css");

/// The site's name, in every page's title.
pub const SITE_NAME: &str = "Verksamhetsplaner";

/// The navigation on every page: (page, label).
const NAV: [(&str, &str); 4] = [
    ("index.html", "Start"),
    ("sok.html", "Sök"),
    ("webbplatskarta.html", "Webbplatskarta"),
    ("tillganglighet.html", "Tillgänglighet"),
];

/// The shipped fonts (`fonts/` in the site): file, weight, style.
const FONT_FACES: [(&str, &str, &str); 4] = [
    ("LiberationSans-Regular.ttf", "normal", "normal"),
    ("LiberationSans-Bold.ttf", "bold", "normal"),
    ("LiberationSans-Italic.ttf", "normal", "italic"),
    ("LiberationSans-BoldItalic.ttf", "bold", "italic"),
];

/// What a page puts in the frame.
pub struct Frame<'a> {
    /// The page's path from the site's root.
    pub path: &'a str,
    /// The page's title (before the site's name).
    pub title: &'a str,
    /// The trail from the start page to this page's parent: (page, label).
    pub trail: &'a [(String, String)],
    /// Links that belong with the page (its rollup, its diffs, its PDF): (page, label).
    pub related: &'a [(String, String)],
    /// More rules for this page (a diff's marks).
    pub extra_css: &'a str,
    /// A script of the site the page loads (the search page's).
    pub script: Option<&'a str>,
}

/// The page: the frame around `body`, which holds the page's header, a `<main
/// id="innehall">` and its footer.
pub fn page(f: &Frame, body: &str) -> String {
    let mut h = String::with_capacity(body.len() + 8 * 1024);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{} – {SITE_NAME}</title>\n<style>\n",
        escape(f.title),
    );
    // The typeface the stylesheet names, from the site's own folder.
    for (file, weight, style) in FONT_FACES {
        let _ = writeln!(
            h,
            "@font-face {{ font-family: \"Liberation Sans\"; src: url(\"{}\") format(\"truetype\"); font-weight: {weight}; font-style: {style}; font-display: swap; }}",
            href(f.path, &format!("fonts/{file}"))
        );
    }
    let _ = write!(
        h,
        "{STYLESHEET}{SITE_CSS}{}</style>\n</head>\n<body>\n<a class=\"skip\" href=\"#innehall\">Till innehållet</a>\n<nav class=\"site-nav\" aria-label=\"Webbplatsen\">\n<ul>\n",
        f.extra_css
    );
    for (to, label) in NAV {
        let current = if to == f.path {
            " aria-current=\"page\""
        } else {
            ""
        };
        let _ = writeln!(
            h,
            "<li><a href=\"{}\"{current}>{label}</a></li>",
            escape(&href(f.path, to))
        );
    }
    h.push_str("</ul>\n</nav>\n");
    if !f.trail.is_empty() {
        h.push_str("<nav class=\"trail\" aria-label=\"Du är här\">\n<ol>\n");
        for (to, label) in f.trail {
            let _ = writeln!(
                h,
                "<li><a href=\"{}\">{}</a></li>",
                escape(&href(f.path, to)),
                escape(label)
            );
        }
        let _ = writeln!(h, "<li aria-current=\"page\">{}</li>", escape(f.title));
        h.push_str("</ol>\n</nav>\n");
    }
    if !f.related.is_empty() {
        h.push_str("<nav class=\"related\" aria-label=\"Hör till sidan\">\n<ul>\n");
        for (to, label) in f.related {
            let _ = writeln!(
                h,
                "<li><a href=\"{}\">{}</a></li>",
                escape(&href(f.path, to)),
                escape(label)
            );
        }
        h.push_str("</ul>\n</nav>\n");
    }
    h.push_str(body);
    if let Some(script) = f.script {
        let _ = writeln!(
            h,
            "<script src=\"{}\"></script>",
            escape(&href(f.path, script))
        );
    }
    h.push_str("</body>\n</html>\n");
    h
}

pub fn text(s: impl Into<String>) -> Inline {
    Inline::text(s)
}

/// A link from the page at `from` to the page `to`.
pub fn link(from: &str, to: &str, label: impl Into<String>) -> Inline {
    Inline::Link {
        url: href(from, to),
        content: vec![text(label)],
    }
}

pub fn para(content: Vec<Inline>) -> Block {
    Block::Paragraph { content }
}

/// A bulleted list, one paragraph per item.
pub fn list(items: Vec<Vec<Inline>>) -> Block {
    Block::List {
        ordered: false,
        start: 1,
        items: items.into_iter().map(|i| vec![para(i)]).collect(),
    }
}

pub fn section(
    id: impl Into<String>,
    title: impl Into<String>,
    level: u8,
    blocks: Vec<Block>,
) -> Section {
    Section {
        id: id.into(),
        title: title.into(),
        level,
        page_break: false,
        blocks,
        sections: Vec::new(),
    }
}

/// A page of the site that is not a plan, as a document.
pub fn document(
    title: &str,
    organisation: &str,
    running_head: &str,
    sections: Vec<Section>,
) -> Document {
    Document {
        kind: Kind::Page,
        title: title.to_owned(),
        organisation: organisation.to_owned(),
        subtitle: None,
        author: SITE_NAME.to_owned(),
        year: 0,
        period: None,
        running_head: running_head.to_owned(),
        cover: None,
        sections,
    }
}

/// A document in the site's frame.
pub fn framed(
    path: &str,
    title: &str,
    trail: &[(String, String)],
    related: &[(String, String)],
    doc: &Document,
) -> File {
    let body = html::body(doc);
    let frame = Frame {
        path,
        title,
        trail,
        related,
        extra_css: "",
        script: None,
    };
    File {
        path: path.to_owned(),
        title: Some(title.to_owned()),
        bytes: page(&frame, &body).into_bytes(),
    }
}
