//! The module graph has layers (ARCHITECTURE.md, "Layers"): a module uses only
//! modules of its own layer or below, and no modules use each other in a
//! circle. Read from the source, so a `use` that breaks it fails here, in CI.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Each top-level module's layer, lowest first; keep in step with ARCHITECTURE.md.
const LAYERS: &[(&str, u8)] = &[
    ("source", 0),
    ("diag", 1),
    ("model", 1),
    ("load", 2),
    ("report", 2),
    ("validate", 3),
    ("workspace", 3),
    ("import", 4),
    ("rollup", 4),
    ("render", 4),
    ("diff", 4),
    ("newyear", 4),
    ("newplan", 4),
    ("impact", 4),
    ("project", 5),
    ("site", 5),
    ("typst_cli", 5),
    ("lsp", 6),
    ("cli", 7),
];

fn rs_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rs_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// A file's code without comments and without its unit tests (the
/// `#[cfg(test)]` module at the end of a file), which may use anything.
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.split("#[cfg(test)]").next().unwrap_or("");
    text.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The module path of a file under `src/`: `import/text.rs` → `["import", "text"]`.
fn module_of(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().unwrap();
    let stem = last.trim_end_matches(".rs");
    if stem != "mod" {
        parts.push(stem.to_owned());
    }
    parts
}

/// Every `crate::a::b…` path named in the code, as its segments; a group
/// (`crate::a::{b, c::d}`) gives one path per item.
fn crate_paths(code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let bytes = code.as_bytes();
    let mut from = 0;
    while let Some(i) = code[from..].find("crate::") {
        let start = from + i;
        from = start + 7;
        if start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_') {
            continue;
        }
        let rest = &code[from..];
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
            .unwrap_or(rest.len());
        let prefix: Vec<String> = rest[..end]
            .split("::")
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        match rest[end..].strip_prefix('{') {
            Some(group) if rest[..end].is_empty() || rest[..end].ends_with("::") => {
                let inner = &group[..group.find('}').unwrap_or(group.len())];
                for item in inner.split(',') {
                    let mut seg = prefix.clone();
                    seg.extend(
                        item.split("::")
                            .map(|s| s.trim().trim_start_matches('{').to_owned())
                            .filter(|s| !s.is_empty()),
                    );
                    if !seg.is_empty() {
                        out.push(seg);
                    }
                }
            }
            _ if !prefix.is_empty() => out.push(prefix),
            _ => {}
        }
    }
    out
}

/// The sibling modules a file names with `super::x` (for a file that is not a
/// folder's `mod.rs`): its neighbours in the same folder.
fn sibling_paths(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut from = 0;
    while let Some(i) = code[from..].find("super::") {
        let start = from + i + 7;
        from = start;
        let rest = &code[start..];
        let names: Vec<&str> = if let Some(group) = rest.strip_prefix('{') {
            let inner = &group[..group.find('}').unwrap_or(group.len())];
            inner.split(',').map(|s| s.trim()).collect()
        } else {
            vec![rest]
        };
        for n in names {
            let end = n
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(n.len());
            if end > 0 {
                out.insert(n[..end].to_owned());
            }
        }
    }
    out
}

fn find_cycle(edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        n: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(n.to_owned(), 1);
        stack.push(n.to_owned());
        for m in edges.get(n).into_iter().flatten() {
            match state.get(m.as_str()).copied().unwrap_or(0) {
                1 => {
                    let at = stack.iter().position(|s| s == m).unwrap();
                    let mut cycle = stack[at..].to_vec();
                    cycle.push(m.clone());
                    return Some(cycle);
                }
                0 => {
                    if let Some(c) = visit(m, edges, state, stack) {
                        return Some(c);
                    }
                }
                _ => {}
            }
        }
        stack.pop();
        state.insert(n.to_owned(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for n in edges.keys() {
        if state.get(n.as_str()).copied().unwrap_or(0) == 0 {
            let mut stack = Vec::new();
            if let Some(c) = visit(n, edges, &mut state, &mut stack) {
                return Some(c);
            }
        }
    }
    None
}

#[test]
fn no_module_uses_a_higher_layer_and_none_use_each_other_in_a_circle() {
    let layer: BTreeMap<&str, u8> = LAYERS.iter().copied().collect();
    let mut files = Vec::new();
    rs_files(Path::new("src"), &mut files);
    files.sort();
    let mut upward = Vec::new();
    let mut top_edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    // Sibling files of one folder, keyed by folder: `import` → text → layout.
    let mut sibling_edges: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for file in &files {
        let rel = file.strip_prefix("src").unwrap();
        let module = module_of(rel);
        let Some(top) = module.first() else { continue };
        if top == "lib" || top == "main" {
            continue;
        }
        let Some(&own) = layer.get(top.as_str()) else {
            panic!("{}: module `{top}` has no layer in LAYERS", file.display());
        };
        let code = code(file);
        for path in crate_paths(&code) {
            let target = &path[0];
            if target == top {
                // `crate::import::layout` from import/text.rs names a sibling.
                let sibling = |p: &str| {
                    let dir = Path::new("src").join(top);
                    dir.join(format!("{p}.rs")).is_file() || dir.join(p).is_dir()
                };
                if module.len() == 2 && path.len() >= 2 && path[1] != module[1] && sibling(&path[1])
                {
                    sibling_edges
                        .entry(top.clone())
                        .or_default()
                        .entry(module[1].clone())
                        .or_default()
                        .insert(path[1].clone());
                }
                continue;
            }
            let Some(&theirs) = layer.get(target.as_str()) else {
                continue;
            };
            top_edges
                .entry(top.clone())
                .or_default()
                .insert(target.clone());
            if theirs > own {
                upward.push(format!(
                    "{} (layer {own}) uses crate::{} (layer {theirs})",
                    file.display(),
                    path.join("::")
                ));
            }
        }
        // `super::x` from a file that is not its folder's mod.rs names a sibling.
        let is_mod = rel.file_name().is_some_and(|n| n == "mod.rs");
        if !is_mod && module.len() >= 2 {
            let folder = module[..module.len() - 1].join("::");
            let me = module.last().unwrap().clone();
            let dir = file.parent().unwrap();
            for s in sibling_paths(&code) {
                let sibling = dir.join(format!("{s}.rs")).is_file() || dir.join(&s).is_dir();
                if sibling && s != me {
                    sibling_edges
                        .entry(folder.clone())
                        .or_default()
                        .entry(me.clone())
                        .or_default()
                        .insert(s);
                }
            }
        }
    }
    assert!(
        upward.is_empty(),
        "a lower layer uses a higher one:\n{}",
        upward.join("\n")
    );
    if let Some(cycle) = find_cycle(&top_edges) {
        panic!("modules use each other in a circle: {}", cycle.join(" → "));
    }
    for (folder, edges) in &sibling_edges {
        if let Some(cycle) = find_cycle(edges) {
            panic!(
                "modules in {folder} use each other in a circle: {}",
                cycle.join(" → ")
            );
        }
    }
}

/// The checker itself: it sees a `use` of a higher layer and a circle.
#[test]
fn the_checker_sees_upward_uses_and_circles() {
    assert_eq!(
        crate_paths("use crate::rollup::{Outcome, x};\nlet a = crate::model::graph::Index;"),
        vec![
            vec!["rollup".to_owned(), "Outcome".to_owned()],
            vec!["rollup".to_owned(), "x".to_owned()],
            vec!["model".to_owned(), "graph".to_owned(), "Index".to_owned()],
        ]
    );
    assert_eq!(
        crate_paths("use crate::{load, report};"),
        vec![vec!["load".to_owned()], vec!["report".to_owned()]]
    );
    let s =
        sibling_paths("use super::text::{Cell}; super::layout::cells(x); use super::{a, b::c};");
    assert_eq!(
        s.into_iter().collect::<Vec<_>>(),
        ["a", "b", "layout", "text"]
    );
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    edges
        .entry("text".into())
        .or_default()
        .insert("layout".into());
    assert!(find_cycle(&edges).is_none());
    edges
        .entry("layout".into())
        .or_default()
        .insert("text".into());
    assert_eq!(find_cycle(&edges).unwrap(), ["layout", "text", "layout"]);
    assert_eq!(module_of(Path::new("import/text.rs")), ["import", "text"]);
    assert_eq!(module_of(Path::new("diff/mod.rs")), ["diff"]);
}
