//! The loader and validation on one plan file beside a clean plan tree: bytes →
//! decode → YAML and Markdown → the plan graph and its findings → every report
//! format. Input: the YAML file's bytes, then optionally 0x1E and the bytes of
//! the Markdown file beside it. The file may be of any kind (`typ:` is in the bytes).
//!
//! Besides not panicking, every finding must point inside its file.

#![no_main]

use std::path::PathBuf;

use libfuzzer_sys::fuzz_target;
use vp::project::Project;
use vp::report;

/// A file's name and text.
type File = (&'static str, &'static str);

/// The clean tree the fuzzed file is read beside (tests/fixtures/_base): each
/// plan's YAML file and its Markdown file, if any.
const BASE: [(&str, &str, Option<File>); 3] = [
    (
        "organisation.yaml",
        include_str!("../../tests/fixtures/_base/organisation.yaml"),
        None,
    ),
    (
        "kf-2020.yaml",
        include_str!("../../tests/fixtures/_base/kf-2020.yaml"),
        None,
    ),
    (
        "norrmalm-2020.yaml",
        include_str!("../../tests/fixtures/_base/norrmalm-2020.yaml"),
        Some((
            "norrmalm-2020.md",
            include_str!("../../tests/fixtures/_base/norrmalm-2020.md"),
        )),
    ),
];

fuzz_target!(|data: &[u8]| {
    let (yaml, md) = match data.iter().position(|&b| b == 0x1E) {
        Some(i) => (&data[..i], Some(&data[i + 1..])),
        None => (data, None),
    };
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    for (name, text, md) in BASE {
        files.push((name.into(), text.into()));
        if let Some((name, text)) = md {
            files.push((name.into(), text.into()));
        }
    }
    files.push(("enhet.yaml".into(), yaml.to_vec()));
    if let Some(md) = md {
        files.push(("enhet.md".into(), md.to_vec()));
    }
    // As every command does: sources → load → validate → sorted findings.
    let project = Project::from_sources(files);
    let (sources, diags) = (&project.sources, &project.diagnostics);
    for d in diags {
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
    let summary = report::Summary::new(diags, sources.len());
    let _ = report::human(sources, diags, summary, report::Style::Color);
    let _ = report::json(sources, diags, summary);
    let _ = report::github(sources, diags, summary);
    let _ = report::sarif(sources, diags, std::path::Path::new("."));
});
