//! Every link in README.md and docs/ leads somewhere: a relative link to a file
//! or folder that exists, an anchor (`#vp037`, `regler.md#vp045`) to a heading
//! of that page as GitHub names it. A page moved or a heading renamed breaks
//! this test, not a planner's click.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use comrak::nodes::NodeValue;
use comrak::{Arena, Options, parse_document};

/// README.md and every Markdown page in docs/.
fn pages() -> Vec<PathBuf> {
    let mut pages = vec![PathBuf::from("README.md")];
    for e in std::fs::read_dir("docs").unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "md") {
            pages.push(p);
        }
    }
    pages.sort();
    pages
}

fn options() -> Options<'static> {
    let mut o = Options::default();
    o.extension.table = true;
    o.extension.strikethrough = true;
    o.extension.autolink = true;
    o
}

/// The links and images of a page (their URLs), and the anchors its headings get.
fn read(page: &Path) -> (Vec<String>, HashSet<String>) {
    let text = std::fs::read_to_string(page).unwrap();
    let arena = Arena::new();
    let root = parse_document(&arena, &text, &options());
    let mut links = Vec::new();
    let mut slugs = Vec::new();
    for node in root.descendants() {
        match &node.data().value {
            NodeValue::Link(l) | NodeValue::Image(l) => links.push(l.url.clone()),
            NodeValue::Heading(_) => {
                let mut title = String::new();
                for d in node.descendants() {
                    match &d.data().value {
                        NodeValue::Text(t) => title.push_str(t),
                        NodeValue::Code(c) => title.push_str(&c.literal),
                        _ => {}
                    }
                }
                slugs.push(slug(&title));
            }
            _ => {}
        }
    }
    // GitHub numbers a repeated heading's anchor: `a`, `a-1`, `a-2`.
    let mut anchors = HashSet::new();
    for s in slugs {
        let mut candidate = s.clone();
        let mut n = 0;
        while anchors.contains(&candidate) {
            n += 1;
            candidate = format!("{s}-{n}");
        }
        anchors.insert(candidate);
    }
    (links, anchors)
}

/// A heading's anchor as GitHub makes it: lower case, letters, digits, `-` and
/// `_` kept, spaces as `-`, everything else dropped.
fn slug(title: &str) -> String {
    title
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

#[test]
fn the_slug_is_githubs() {
    assert_eq!(slug("VP037"), "vp037");
    assert_eq!(slug("Snabbstart"), "snabbstart");
    assert_eq!(slug("Planerna i `plans/`"), "planerna-i-plans");
    assert_eq!(slug("Slutkoder: 0, 1 och 2"), "slutkoder-0-1-och-2");
    assert_eq!(slug("Åtgärder för år 2020"), "åtgärder-för-år-2020");
}

#[test]
fn every_link_and_anchor_in_readme_and_docs_resolves() {
    let pages = pages();
    assert!(pages.len() > 10, "{pages:?}");
    let mut broken = Vec::new();
    let mut checked = 0;
    for page in &pages {
        let (links, anchors) = read(page);
        for url in links {
            if url.contains("://") || url.starts_with("mailto:") {
                continue;
            }
            checked += 1;
            let (path, anchor) = match url.split_once('#') {
                Some((p, a)) => (p, Some(a)),
                None => (url.as_str(), None),
            };
            let target = if path.is_empty() {
                page.clone()
            } else {
                page.parent().unwrap_or(Path::new("")).join(path)
            };
            if !target.exists() {
                broken.push(format!(
                    "{}: {url} (no file {})",
                    page.display(),
                    target.display()
                ));
                continue;
            }
            if let Some(anchor) = anchor {
                let target_anchors = if path.is_empty() {
                    anchors.clone()
                } else if target.extension().is_some_and(|x| x == "md") {
                    read(&target).1
                } else {
                    broken.push(format!(
                        "{}: {url} (an anchor into a file that is not Markdown)",
                        page.display()
                    ));
                    continue;
                };
                if !target_anchors.contains(anchor) {
                    broken.push(format!(
                        "{}: {url} (no heading `#{anchor}`)",
                        page.display()
                    ));
                }
            }
        }
    }
    assert!(checked > 80, "{checked} links");
    assert!(
        broken.is_empty(),
        "{} broken links:\n{}",
        broken.len(),
        broken.join("\n")
    );
}
