//! `vp import`: the text of a published plan (as `pdftotext` gives it) → plan files.
//!
//! text ─▶ [`text`] lines, page furniture, OCR detection ([`ocr`] repairs words)
//!      ─▶ [`structure`] chapters, goals, sections; [`tables`] reads rows; facts
//!         stated in passing (nämnder from [`committees`])  → [`document::Document`]
//!      ─▶ [`merge`] the documents of one run → KF years, nämnd plans, unit plans
//!      ─▶ [`emit`] YAML and Markdown text; [`report`] what was found and what was not
//!
//! Pure: the CLI reads the inputs and writes the files.

pub mod committees;
pub mod document;
pub mod emit;
pub mod ids;
pub mod layout;
pub mod merge;
pub mod ocr;
mod prose;
pub mod report;
pub mod structure;
pub mod tables;
pub mod text;

pub use merge::Overrides;

/// The most bytes of one input text read. A nämnd's whole plan is about 170 kB
/// (3 300 lines); the importer holds about ten times such text in memory, and
/// the worst texts found within these limits (OCR text of which no word is
/// known, 500 000 one-letter lines) peak at about 300 MB.
pub const MAX_INPUT_BYTES: u64 = 32 * 1024 * 1024;

/// The most lines of one input text read: each costs up to about 300 bytes
/// (the line, its class, and its place in the report) whatever its length,
/// so without a limit a text of empty or one-letter lines would need a
/// hundred times its size.
pub const MAX_INPUT_LINES: usize = 500_000;

/// The result of importing a set of texts.
#[derive(Debug)]
pub struct Imported {
    pub parses: Vec<structure::Parse>,
    pub tree: merge::Tree,
    pub files: Vec<emit::OutFile>,
    pub report: report::RunReport,
}

/// Reads one text (a pure function of the text and the word list).
pub fn read(name: &str, text: &str) -> structure::Parse {
    read_with(name, text, &tables::KfTargets::default())
}

/// Reads one text with KF:s årsmål that KF's budgets in the plan tree give
/// ([`Overrides::kf_targets`]).
pub fn read_with(name: &str, text: &str, kf_targets: &tables::KfTargets) -> structure::Parse {
    structure::parse(name, text, ocr::Lexicon::builtin(), kf_targets)
}

/// Imports texts, given as (name, text), into plan files. The unit's name,
/// id and predecessor in `overrides` apply to every text when there is one,
/// and only to texts that do not name their unit when there are several.
pub fn import(inputs: &[(String, String)], overrides: &Overrides) -> Imported {
    let parses: Vec<structure::Parse> = inputs
        .iter()
        .map(|(n, t)| read_with(n, t, &overrides.kf_targets))
        .collect();
    let single = parses.len() == 1;
    let docs: Vec<(document::Document, Overrides)> = parses
        .iter()
        .map(|p| {
            let mut o = overrides.clone();
            if !single && p.doc.unit_name.is_some() {
                o.unit_name = None;
                o.unit_id = None;
                o.continues = None;
                o.other_committees = Vec::new();
            }
            (p.doc.clone(), o)
        })
        .collect();
    let tree = merge::merge(&docs);
    let files = emit::files(&tree);
    let report = report::RunReport {
        files: parses
            .iter()
            .zip(&tree.committee_of)
            .map(|(p, c)| {
                let mut f = report::FileReport::new(p);
                f.committee = c.clone();
                f
            })
            .collect(),
        notes: tree.notes.clone(),
        dropped: tree.dropped.clone(),
        ..Default::default()
    };
    Imported {
        parses,
        tree,
        files,
        report,
    }
}
