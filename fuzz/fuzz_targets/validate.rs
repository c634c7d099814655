//! The loader and validation on one plan file beside a clean plan tree: bytes →
//! decode → YAML and Markdown → the plan graph and its findings → every report
//! format. Input: the YAML file's bytes, then optionally 0x1E and the bytes of
//! the Markdown file beside it. The file may be of any kind (`typ:` is in the bytes).
//!
//! Besides not panicking, every finding must point inside its file.

#![no_main]

use libfuzzer_sys::fuzz_target;
use vp::diag::{Code, Diagnostic};
use vp::load::{self, PlanFiles};
use vp::report;
use vp::source::{SourceMap, Span};

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
    let mut sources = SourceMap::default();
    let mut plans = Vec::new();
    for (name, text, md) in BASE {
        let yaml = sources.add(name.into(), text.into());
        let markdown = md.map(|(name, text)| sources.add(name.into(), text.into()));
        plans.push(PlanFiles { yaml, markdown });
    }
    let mut diags = Vec::new();
    // As the workspace does: a file that does not decode is a finding at its first bad byte.
    let mut add =
        |sources: &mut SourceMap, name: &str, bytes: &[u8]| match load::decode(bytes.to_vec()) {
            Ok(text) => Some(sources.add(name.into(), text)),
            Err(e) => {
                let id = sources.add(name.into(), e.lossy);
                diags.push(Diagnostic::new(
                    Code::FileUnreadable,
                    Span::new(id, e.offset, e.offset + 1),
                    e.message,
                ));
                None
            }
        };
    if let Some(yaml) = add(&mut sources, "enhet.yaml", yaml) {
        let markdown = md.and_then(|md| add(&mut sources, "enhet.md", md));
        plans.push(PlanFiles { yaml, markdown });
    }
    let (docs, parsed) = load::parse_all(&sources, &plans);
    let (_set, checked) = vp::validate::validate(docs);
    for d in parsed.0.iter().chain(&checked.0) {
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
    diags.extend(parsed.0);
    diags.extend(checked.0);
    report::sort(&sources, &mut diags);
    let summary = report::Summary::new(&diags, sources.len());
    let _ = report::human(&sources, &diags, summary, report::Style::Color);
    let _ = report::json(&sources, &diags, summary);
    let _ = report::github(&sources, &diags, summary);
    let _ = report::sarif(&sources, &diags, std::path::Path::new("."));
});
