//! What the fuzz targets share: the clean plan tree a fuzzed plan file is read
//! beside, how an input is cut into its files, and the checks on what the
//! commands write. Each target includes it with `mod common;`; a target uses
//! only part of it.

#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::OnceLock;

use vp::newyear::{self, Request};
use vp::project::Project;

/// A file's name and text.
type File = (&'static str, &'static str);

/// The clean tree the fuzzed file is read beside (tests/fixtures/_base without
/// its unit plan, whose place the fuzzed file takes): each plan's YAML file and
/// its Markdown file, if any.
pub const BASE: [(&str, &str, Option<File>); 3] = [
    (
        "organisation.yaml",
        include_str!("../../../tests/fixtures/_base/organisation.yaml"),
        None,
    ),
    (
        "kf-2020.yaml",
        include_str!("../../../tests/fixtures/_base/kf-2020.yaml"),
        None,
    ),
    (
        "norrmalm-2020.yaml",
        include_str!("../../../tests/fixtures/_base/norrmalm-2020.yaml"),
        Some((
            "norrmalm-2020.md",
            include_str!("../../../tests/fixtures/_base/norrmalm-2020.md"),
        )),
    ),
];

/// Separates a plan file's YAML from its Markdown in an input.
pub const PROSE: u8 = 0x1E;

/// Separates the two sides of `diff`'s input.
pub const SIDES: u8 = 0x1D;

/// A byte the targets that write HTML read as [`MARKER`], so the fuzzer can put
/// the marker anywhere in the plan's text with one byte.
pub const MARKER_BYTE: u8 = 0x1F;

/// An HTML element no output of vp contains: plan text holding it must come out
/// escaped, so seeing it raw in HTML means plan text went into the page unescaped.
pub const MARKER: &str = "<x-fuzz>";

/// The input's plan file: its YAML bytes and, after [`PROSE`], its Markdown's.
pub fn plan(data: &[u8]) -> (&[u8], Option<&[u8]>) {
    match data.iter().position(|&b| b == PROSE) {
        Some(i) => (&data[..i], Some(&data[i + 1..])),
        None => (data, None),
    }
}

/// The input with every [`MARKER_BYTE`] replaced by [`MARKER`].
pub fn with_marker(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len());
    for &b in data {
        if b == MARKER_BYTE {
            out.extend_from_slice(MARKER.as_bytes());
        } else {
            out.push(b);
        }
    }
    out
}

/// The clean tree with the plan file `data` (see [`plan`]) as `enhet.yaml` (and
/// `enhet.md`) beside it, loaded and validated as every command does.
pub fn project(data: &[u8]) -> Project {
    let (yaml, md) = plan(data);
    let mut files = base_files();
    files.push(("enhet.yaml".into(), yaml.to_vec()));
    if let Some(md) = md {
        files.push(("enhet.md".into(), md.to_vec()));
    }
    Project::from_sources(files)
}

/// The clean tree's next year, made once as `vp new-year 2020 2021` makes it:
/// a KF budget for 2021 (2020's, renamed) and the nämnd's plan carried to it,
/// with `fortsätter` and the targets marked for review. Every file stands in
/// the root, its name ending in `-2021`, beside [`BASE`]; the units of both
/// years are the fuzzed files (see [`two_years`]).
pub fn next_year() -> &'static [(PathBuf, Vec<u8>)] {
    static NEXT: OnceLock<Vec<(PathBuf, Vec<u8>)>> = OnceLock::new();
    NEXT.get_or_init(|| {
        let kf_2021 = BASE[1].1.replace("2020", "2021");
        let mut files: Vec<(PathBuf, Vec<u8>)> = vec![
            ("organisation.yaml".into(), BASE[0].1.into()),
            ("2021/kf-2021.yaml".into(), kf_2021.clone().into_bytes()),
        ];
        for (name, text, md) in BASE.into_iter().skip(1) {
            files.push((format!("2020/{name}").into(), text.into()));
            if let Some((name, text)) = md {
                files.push((format!("2020/{name}").into(), text.into()));
            }
        }
        let project = Project::from_sources(files);
        assert!(!project.has_errors(), "the fixtures' tree has errors");
        let request = Request {
            from: 2020,
            to: 2021,
            ..Request::default()
        };
        let carried = newyear::new_year(&project.plans, &project.sources, &request)
            .unwrap_or_else(|e| panic!("the fixtures' tree could not be carried to 2021: {}", e.0));
        let mut next = vec![(PathBuf::from("kf-2021.yaml"), kf_2021.into_bytes())];
        for file in carried.files {
            let name = file
                .path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
            let stem = stem.trim_end_matches("-2020");
            next.push((format!("{stem}-2021.{ext}").into(), file.text.into_bytes()));
        }
        next
    })
}

/// The clean tree of 2020 and [`next_year`]'s of 2021 in one, with the plan
/// file `old` (see [`plan`]) beside them as `enhet-a.yaml` and `new` as
/// `enhet-b.yaml`: what `vp diff 2020 2021` compares.
pub fn two_years(old: &[u8], new: &[u8]) -> Project {
    let mut files = base_files();
    files.extend(next_year().iter().cloned());
    for (name, data) in [("enhet-a", old), ("enhet-b", new)] {
        if data.is_empty() {
            continue;
        }
        let (yaml, md) = plan(data);
        files.push((format!("{name}.yaml").into(), yaml.to_vec()));
        if let Some(md) = md {
            files.push((format!("{name}.md").into(), md.to_vec()));
        }
    }
    Project::from_sources(files)
}

/// [`BASE`]'s files, Markdown beside YAML.
fn base_files() -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    for (name, text, md) in BASE {
        files.push((name.into(), text.into()));
        if let Some((name, text)) = md {
            files.push((name.into(), text.into()));
        }
    }
    files
}

/// Every finding's place, and its related places, lie inside their files.
pub fn assert_spans_inside(project: &Project) {
    let sources = &project.sources;
    for d in &project.diagnostics {
        for span in std::iter::once(d.span).chain(d.related.iter().map(|r| r.span)) {
            let text = &sources.get(span.file).text;
            assert!(
                span.start <= span.end
                    && (span.end as usize) <= text.len()
                    && text.is_char_boundary(span.start as usize)
                    && text.is_char_boundary(span.end as usize),
                "{:?} {}: span {}..{} outside its file of {} bytes",
                d.code,
                d.message,
                span.start,
                span.end,
                text.len()
            );
        }
    }
}

/// `json` is one JSON value (what `what` wrote).
pub fn assert_json(json: &str, what: &str) {
    if let Err(e) = serde_json::from_str::<serde_json::Value>(json) {
        panic!("{what} is not JSON: {e}\n{json}");
    }
}

/// No plan text reached `html` (what `what` wrote) unescaped.
pub fn assert_escaped(html: &str, what: &str) {
    if let Some(i) = html.find("<x-fuzz") {
        let from = html.floor_char_boundary(i.saturating_sub(200));
        let to = html.ceil_char_boundary((i + 200).min(html.len()));
        panic!("{what} holds plan text unescaped: …{}…", &html[from..to]);
    }
}
