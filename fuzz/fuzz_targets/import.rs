//! The importer on published-plan text, and what it writes read back by the
//! loader and validated. Input: one byte of flags (bit 0: `--year 2020`, bit 1:
//! `--committee hagersten-liljeholmen`, bit 2: `--unit Enheten`), then the text;
//! 0x1E separates texts imported together (at most four).
//!
//! Besides not panicking: whatever the importer writes, the loader reads without
//! a finding (no YAML, schema or Markdown structure error).

#![no_main]

use libfuzzer_sys::fuzz_target;
use vp::import::{self, Overrides};
use vp::load::{self, PlanFiles};
use vp::source::SourceMap;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let overrides = Overrides {
        year: (flags & 1 != 0).then_some(2020),
        committee: (flags & 2 != 0).then(|| "hagersten-liljeholmen".to_owned()),
        unit_name: (flags & 4 != 0).then(|| "Enheten".to_owned()),
        ..Overrides::default()
    };
    let inputs: Vec<(String, String)> = rest
        .split(|&b| b == 0x1E)
        .take(4)
        .enumerate()
        .map(|(i, t)| {
            (
                format!("text-{i}.txt"),
                String::from_utf8_lossy(t).into_owned(),
            )
        })
        .collect();
    let imported = import::import(&inputs, &overrides);
    let _ = import::report::human(&imported.report);
    let _ = import::report::json(&imported.report);

    let mut sources = SourceMap::default();
    let mut plans = Vec::new();
    for f in imported.files.iter().filter(|f| f.path.ends_with(".yaml")) {
        let yaml = sources.add(f.path.clone().into(), f.text.clone());
        let md_path = format!("{}.md", f.path.trim_end_matches(".yaml"));
        let markdown = imported
            .files
            .iter()
            .find(|m| m.path == md_path)
            .map(|m| sources.add(m.path.clone().into(), m.text.clone()));
        plans.push(PlanFiles { yaml, markdown });
    }
    let (docs, parsed) = load::parse_all(&sources, &plans);
    if let Some(d) = parsed.0.first() {
        let file = sources.get(d.span.file);
        let (line, col) = file.line_col(d.span.start as usize);
        panic!(
            "the importer wrote what the loader does not read: {}:{line}:{col}: {:?} {}\n{}",
            file.path.display(),
            d.code,
            d.message,
            file.text
        );
    }
    assert_eq!(docs.len(), plans.len());
    let _ = vp::validate::validate(docs);
});
