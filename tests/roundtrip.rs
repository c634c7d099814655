//! Import and render tested against each other: every bundled plan is rendered
//! to PDF, its text extracted with `pdftotext` (with and without `-layout`),
//! imported with nothing but that text, and the imported plan rendered again.
//! The two documents must agree on everything a plan holds: every heading
//! (inriktningsmål, KF's goals, nämndmål, enhetsmål, chapters and sections),
//! every indicator row (name, årsmål, KF:s årsmål, periodicity), every activity
//! (text and dates), every budget table row (label, kind, amounts, note), and
//! the prose of every chapter and goal, word for word.
//!
//! The imported plan files must validate without errors. Rendering both
//! sides with the same renderer compares the plans as the files
//! say them — the årsmål a unit's row shows is its own, else the nämnd's, as in
//! print — and keeps out what is not plan content: the cover, the table of
//! contents, page furniture, and the appendix vp writes from `vp rollup`, which
//! the importer recognises and skips (and says so).
//!
//! The same for the extractors people reach for besides pdftotext: pypdf and
//! pdfminer.six (Python, tests/extract/extract.py in a virtual environment
//! with tests/extract/requirements.txt) and mutool (`mutool draw -F txt`), one
//! test each.
//!
//! Needs typst and the extractors: ignored here, run by `.ci/run`.

mod common;
use common::run;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command as Process;

use vp::import::{self, Overrides};
use vp::model::PlanId;
use vp::project::Project;
use vp::render::document::{Block, Document, Inline, RowStyle, Section, TableKind};
use vp::render::{self, Filter, markdown::plain};

/// Text as extracted and as printed compared alike: no-break spaces, minus
/// signs and runs of white space as the importer reads them.
fn norm(s: &str) -> String {
    s.replace(['\u{a0}', '\u{202f}'], " ")
        .replace('\u{2212}', "-")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn words(s: &str) -> Vec<String> {
    norm(s)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A budget row as printed: its cells, its kind, its note.
type BudgetRow = (Vec<String>, String, Option<String>);

/// What the comparison looks at in a rendered document.
#[derive(Debug, Default, PartialEq)]
struct Seen {
    /// Every heading of the plan proper, in order, with its level.
    headings: Vec<(u8, String)>,
    /// Indicator and activity rows, per heading they stand under.
    rows: BTreeMap<String, Vec<Vec<String>>>,
    /// Budget tables: caption, unit and rows (cells, style, note).
    budget: Vec<(String, Vec<BudgetRow>)>,
    /// The words of the prose, per heading, in document order.
    prose: Vec<(String, Vec<String>)>,
}

/// The appendix vp writes from the rollup: not plan content.
const APPENDIX: &str = "Bilaga: Sammanställning av enheternas planer";

fn seen(doc: &Document) -> Seen {
    let mut s = Seen::default();
    for sec in &doc.sections {
        walk(sec, &mut s);
    }
    s
}

fn walk(sec: &Section, s: &mut Seen) {
    if sec.title == APPENDIX {
        return;
    }
    let title = norm(&sec.title);
    s.headings.push((sec.level, title.clone()));
    let mut heading = title.clone();
    for b in &sec.blocks {
        block(b, &title, &mut heading, s);
    }
    for c in &sec.sections {
        walk(c, s);
    }
}

/// The words under the heading `heading`, the last entry if it is that one's.
fn prose_of<'s>(s: &'s mut Seen, heading: &str) -> &'s mut Vec<String> {
    if s.prose.last().is_none_or(|(h, _)| h != heading) {
        s.prose.push((heading.to_owned(), Vec::new()));
    }
    &mut s.prose.last_mut().expect("just pushed").1
}

fn block(b: &Block, section: &str, heading: &mut String, s: &mut Seen) {
    let text = |items: &[Inline]| norm(&plain(items));
    match b {
        Block::Paragraph { content } => prose_of(s, heading).extend(words(&plain(content))),
        Block::Heading { content, .. } => {
            // A goal's sections are compared apart; other headings in the
            // prose are words of it (the text does not say their level).
            let t = text(content);
            *heading = format!("{section} / {t}");
            prose_of(s, heading);
        }
        Block::List { items, .. } => {
            for item in items {
                for b in item {
                    block(b, section, heading, s);
                }
            }
        }
        Block::Quote { blocks } => {
            for b in blocks {
                block(b, section, heading, s);
            }
        }
        Block::Code { text } => prose_of(s, heading).extend(words(text)),
        // A chart is drawn from follow-up figures, which a plan document never has.
        Block::Rule | Block::Signatures { .. } | Block::Chart { .. } => {}
        Block::Table {
            kind,
            caption,
            unit,
            rows,
            ..
        } => match kind {
            TableKind::Indicators | TableKind::Activities => {
                let key = format!("{section} ({kind:?})");
                s.rows.entry(key).or_default().extend(
                    rows.iter()
                        .map(|r| r.cells.iter().map(|c| text(c)).collect()),
                );
            }
            TableKind::Budget => s.budget.push((
                format!(
                    "{} ({})",
                    caption.as_deref().unwrap_or(""),
                    unit.as_deref().unwrap_or("")
                ),
                rows.iter()
                    .map(|r| {
                        (
                            r.cells.iter().map(|c| text(c)).collect(),
                            match r.style {
                                RowStyle::Normal => "rad",
                                RowStyle::Part => "varav",
                                RowStyle::Total => "summa",
                            }
                            .to_owned(),
                            r.note.as_deref().map(norm),
                        )
                    })
                    .collect(),
            )),
            TableKind::Prose | TableKind::Rollup => {}
        },
    }
}

/// The differences between what was rendered and what came back, one line each.
fn differences(want: &Seen, got: &Seen) -> Vec<String> {
    let mut out = Vec::new();
    if want.headings != got.headings {
        let missing: Vec<_> = want
            .headings
            .iter()
            .filter(|h| !got.headings.contains(h))
            .collect();
        let extra: Vec<_> = got
            .headings
            .iter()
            .filter(|h| !want.headings.contains(h))
            .collect();
        let order = if missing.is_empty() && extra.is_empty() {
            let at = want
                .headings
                .iter()
                .zip(&got.headings)
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            format!(
                " (annan ordning från {at}: {:?} blev {:?})",
                &want.headings[at..(at + 3).min(want.headings.len())],
                &got.headings[at..(at + 3).min(got.headings.len())]
            )
        } else {
            String::new()
        };
        out.push(format!(
            "rubriker: saknas {missing:?}, extra {extra:?}{order}"
        ));
    }
    for (k, rows) in &want.rows {
        match got.rows.get(k) {
            None => out.push(format!("tabell under {k} saknas")),
            Some(g) if g != rows => {
                for (a, b) in rows.iter().zip(g) {
                    if a != b {
                        out.push(format!("rad under {k}: {a:?} blev {b:?}"));
                    }
                }
                if rows.len() != g.len() {
                    out.push(format!("rader under {k}: {} blev {}", rows.len(), g.len()));
                }
            }
            _ => {}
        }
    }
    for k in got.rows.keys().filter(|k| !want.rows.contains_key(*k)) {
        out.push(format!("extra tabell under {k}"));
    }
    if want.budget.len() != got.budget.len() {
        out.push(format!(
            "budgettabeller: {:?} blev {:?}",
            want.budget.iter().map(|b| &b.0).collect::<Vec<_>>(),
            got.budget.iter().map(|b| &b.0).collect::<Vec<_>>()
        ));
    }
    for (a, b) in want.budget.iter().zip(&got.budget) {
        if a.0 != b.0 {
            out.push(format!("budgettabell {:?} blev {:?}", a.0, b.0));
        }
        for (ra, rb) in a.1.iter().zip(&b.1) {
            if ra != rb {
                out.push(format!("budgetrad i {}: {ra:?} blev {rb:?}", a.0));
            }
        }
        if a.1.len() != b.1.len() {
            out.push(format!(
                "budgetrader i {}: {} blev {}",
                a.0,
                a.1.len(),
                b.1.len()
            ));
        }
    }
    // Prose: word for word under each heading of the plan proper. Headings
    // inside prose are words too, so the words of a section are compared with
    // its sub-headings' words joined in order.
    let flat = |s: &Seen| -> BTreeMap<String, Vec<String>> {
        let mut m: BTreeMap<String, Vec<String>> = BTreeMap::new();
        // In document order: a heading's sub-headings and their text follow it.
        for (k, w) in &s.prose {
            let top = k.split(" / ").next().unwrap_or(k).to_owned();
            let sub = k.split_once(" / ").map(|(_, t)| t);
            let e = m.entry(top).or_default();
            if let Some(t) = sub
                && !is_goal_section(t)
            {
                e.extend(words(t));
            }
            e.extend(w.iter().cloned());
        }
        m.retain(|_, w| !w.is_empty());
        m
    };
    let (pw, pg) = (flat(want), flat(got));
    for (k, w) in &pw {
        match pg.get(k) {
            None => out.push(format!("text under {k} saknas ({} ord)", w.len())),
            Some(g) if g != w => {
                let at = w
                    .iter()
                    .zip(g)
                    .position(|(a, b)| a != b)
                    .unwrap_or(w.len().min(g.len()));
                let show = |v: &[String]| v[at.saturating_sub(3)..(at + 6).min(v.len())].join(" ");
                out.push(format!(
                    "text under {k}: ord {at} av {}: «{}» blev «{}» ({} ord)",
                    w.len(),
                    show(w),
                    show(g),
                    g.len()
                ));
            }
            _ => {}
        }
    }
    for k in pg.keys().filter(|k| !pw.contains_key(*k)) {
        out.push(format!("extra text under {k}"));
    }
    out
}

/// A goal's named sections: compared as their own heading, not as words.
fn is_goal_section(t: &str) -> bool {
    matches!(
        t,
        "Beskrivning"
            | "Förväntat resultat"
            | "Kommentar"
            | "Arbetssätt"
            | "Resursanvändning"
            | "Uppföljning"
            | "Utveckling"
    )
}

/// The extractions the round trip reads a PDF with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Extractor {
    /// `pdftotext` (poppler-utils), text flows.
    Pdftotext,
    /// `pdftotext -layout`: columns kept with spaces.
    PdftotextLayout,
    /// pypdf's `page.extract_text()`, pages joined by a line break.
    Pypdf,
    /// pdfminer.six's `extract_text`: reads a table column by column.
    Pdfminer,
    /// `mutool draw -F txt` (mupdf-tools).
    Mutool,
}

impl Extractor {
    fn label(self) -> &'static str {
        match self {
            Extractor::Pdftotext => "pdftotext utan -layout",
            Extractor::PdftotextLayout => "pdftotext -layout",
            Extractor::Pypdf => "pypdf",
            Extractor::Pdfminer => "pdfminer.six",
            Extractor::Mutool => "mutool",
        }
    }

    fn suffix(self) -> &'static str {
        match self {
            Extractor::Pdftotext => "",
            Extractor::PdftotextLayout => ".layout",
            Extractor::Pypdf => ".pypdf",
            Extractor::Pdfminer => ".pdfminer",
            Extractor::Mutool => ".mutool",
        }
    }

    /// The command that writes the PDF's text on standard output.
    fn command(self, pdf: &Path) -> Process {
        let mut cmd;
        match self {
            Extractor::Pdftotext | Extractor::PdftotextLayout => {
                cmd = Process::new("pdftotext");
                if self == Extractor::PdftotextLayout {
                    cmd.arg("-layout");
                }
                cmd.arg(pdf).arg("-");
            }
            Extractor::Pypdf | Extractor::Pdfminer => {
                cmd = Process::new(python());
                cmd.arg("tests/extract/extract.py")
                    .arg(if self == Extractor::Pypdf {
                        "pypdf"
                    } else {
                        "pdfminer"
                    })
                    .arg(pdf);
            }
            Extractor::Mutool => {
                cmd = Process::new("mutool");
                cmd.args(["draw", "-q", "-F", "txt", "-o", "-"]).arg(pdf);
            }
        }
        cmd
    }

    fn extract(self, pdf: &Path) -> String {
        let out = self.command(pdf).output().unwrap_or_else(|e| {
            panic!(
                "{}: {e} (pdftotext: Debian poppler-utils; mutool: mupdf-tools; pypdf and \
                 pdfminer.six: python3 -m venv tests/extract/.venv && \
                 tests/extract/.venv/bin/pip install -r tests/extract/requirements.txt)",
                self.label()
            )
        });
        assert!(
            out.status.success(),
            "{} {}: {}",
            self.label(),
            pdf.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

/// The Python with pypdf and pdfminer.six: `VP_EXTRACT_PYTHON`, else the
/// virtual environment `.ci/run` makes in tests/extract/.venv.
fn python() -> PathBuf {
    std::env::var_os("VP_EXTRACT_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("tests/extract/.venv/bin/python"))
}

/// Imports one text alone and renders the plan of the same kind it gives.
fn reimport(
    name: &str,
    text: &str,
    unit: bool,
    dir: &Path,
    kf_targets: &import::tables::KfTargets,
) -> Result<Document, String> {
    // As `vp import` into the plan tree: KF's budgets there tell an
    // indicator table's columns apart where the text does not.
    let overrides = Overrides {
        kf_targets: kf_targets.clone(),
        ..Overrides::default()
    };
    let imported = import::import(&[(name.to_owned(), text.to_owned())], &overrides);
    let notes = imported.report.notes.join("; ");
    if imported.report.files.iter().any(|f| f.has_findings()) {
        REPORTED.with(|r| r.set(true));
    }
    if imported.tree.incomplete > 0 {
        return Err(format!("importen blev inte hel: {notes}"));
    }
    let mut files = imported.files.clone();
    let used: Vec<(String, String)> = imported
        .tree
        .committees
        .iter()
        .map(|c| c.committee.clone())
        .chain(
            imported
                .tree
                .units
                .iter()
                .flat_map(|u| u.other_committees.iter().cloned()),
        )
        .map(|id| {
            let name = import::committees::name(&id).unwrap_or(&id).to_owned();
            (id, name)
        })
        .collect();
    let mut used_refs: Vec<(&str, &str)> =
        used.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    used_refs.sort();
    used_refs.dedup();
    files.push(import::emit::OutFile {
        path: "organisation.yaml".into(),
        text: import::emit::organisation(&used_refs),
    });
    for f in &files {
        let path = dir.join(&f.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &f.text).unwrap();
    }
    let project = Project::load(&[dir.to_path_buf()]).map_err(|e| e.to_string())?;
    // What the import wrote is a valid plan tree.
    if project.has_errors() {
        return Err(format!(
            "de importerade planerna har fel: {:?}",
            project.errors()
        ));
    }
    let plan = render::jobs(&project.plans, &Filter::default())
        .into_iter()
        .find(|t| matches!(t.plan, PlanId::Unit(_)) == unit)
        .ok_or_else(|| format!("ingen plan importerades: {notes}"))?;
    Ok(render::document(
        &project.plans,
        &project.sources,
        plan.plan,
    ))
}

thread_local! {
    /// Whether the last [`reimport`]'s report named lines it could not place
    /// (`vp import` then exits 1): set there, read by [`round_trip_counts`].
    static REPORTED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Renders every bundled plan to PDF, extracts each with `extractors`,
/// imports each text alone and compares with the plan it came from: every
/// import must be identical.
fn round_trip(extractors: &[Extractor]) {
    let (identical, compared, failures, _) = round_trip_counts(extractors);
    assert!(
        failures.is_empty(),
        "{identical} av {compared} importer lika med planen; {} skillnader:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// What [`round_trip`] checks, counted: imports identical, imports compared,
/// the differences, and the plans that differ without the import's report
/// saying so (a silent loss).
fn round_trip_counts(extractors: &[Extractor]) -> (usize, usize, Vec<String>, Vec<String>) {
    let project = Project::load(&[PathBuf::from("plans")]).expect("plans load");
    assert!(!project.has_errors(), "{:?}", project.errors());
    let kf_targets = import::tables::KfTargets::from_plans(&project.plans);
    // `VP_ROUNDTRIP_TEXTS=DIR`: the texts a run with `VP_ROUNDTRIP_KEEP=DIR`
    // kept, read instead of rendering and extracting again (to work on the
    // importer).
    let texts = std::env::var_os("VP_ROUNDTRIP_TEXTS").map(PathBuf::from);
    let pdfs = tempfile::tempdir().unwrap();
    if texts.is_none() {
        let (_, err, code) = run(&[
            "render",
            "plans",
            "--format",
            "pdf",
            "--out",
            pdfs.path().to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{err}");
    }
    let keep = std::env::var_os("VP_ROUNDTRIP_KEEP").map(PathBuf::from);
    let mut failures: Vec<String> = Vec::new();
    let mut compared = 0;
    let mut identical = 0;
    let mut silent: Vec<String> = Vec::new();
    for t in render::jobs(&project.plans, &Filter::default()) {
        let want = seen(&render::document(&project.plans, &project.sources, t.plan));
        let pdf = pdfs.path().join(format!("{}.pdf", t.stem));
        for &ex in extractors {
            let mode = ex.label();
            let name = format!("{}{}.txt", t.stem, ex.suffix());
            let text = match &texts {
                Some(d) => std::fs::read_to_string(d.join(&name)).unwrap(),
                None => ex.extract(&pdf),
            };
            if let Some(k) = &keep {
                std::fs::create_dir_all(k).unwrap();
                std::fs::write(k.join(&name), &text).unwrap();
            }
            let dir = tempfile::tempdir().unwrap();
            let unit = matches!(t.plan, PlanId::Unit(_));
            let before = failures.len();
            REPORTED.with(|r| r.set(false));
            match reimport(&name, &text, unit, dir.path(), &kf_targets) {
                Ok(doc) => {
                    let got = seen(&doc);
                    for d in differences(&want, &got) {
                        failures.push(format!("{} ({mode}): {d}", t.stem));
                    }
                }
                Err(e) => failures.push(format!("{} ({mode}): {e}", t.stem)),
            }
            if failures.len() == before {
                identical += 1;
            } else if !REPORTED.with(|r| r.get()) {
                silent.push(format!("{} ({mode})", t.stem));
            }
            compared += 1;
        }
    }
    assert_eq!(
        compared,
        7 * extractors.len(),
        "seven plans, each extraction of each"
    );
    (identical, compared, failures, silent)
}

#[test]
#[ignore = "needs typst (cargo install --locked typst-cli) and pdftotext (poppler-utils); .ci/run runs it"]
fn every_bundled_plan_survives_render_extract_import() {
    round_trip(&[Extractor::Pdftotext, Extractor::PdftotextLayout]);
}

#[test]
#[ignore = "needs typst and pypdf (tests/extract/requirements.txt in tests/extract/.venv); .ci/run runs it"]
fn every_bundled_plan_survives_pypdf() {
    round_trip(&[Extractor::Pypdf]);
}

#[test]
#[ignore = "needs typst and mutool (Debian: mupdf-tools); .ci/run runs it"]
fn every_bundled_plan_survives_mutool() {
    round_trip(&[Extractor::Mutool]);
}

#[test]
#[ignore = "needs typst and pdfminer.six (tests/extract/requirements.txt in tests/extract/.venv); .ci/run runs it"]
fn every_bundled_plan_survives_pdfminer_or_the_import_says_what_it_lost() {
    // pdfminer.six reads tables column by column, in groups of rows; the
    // import puts them back together by counting, and where an indicator
    // table's targets can be read more than one way, KF's budget in the
    // tree (as `vp import` reads it from the tree it writes to) says which
    // are KF:s årsmål. Six of the seven plans come back whole and must stay
    // so. The 2019 nämnd's plan does not (issue 25): one budget table, the
    // distribution to the verksamheter (17 rows of 9 columns), has all its
    // amounts before its labels in runs of a column and runs of a row in
    // turn, which nothing in the text takes apart. The import writes the
    // table's columns and labels with empty cells and its report says so
    // (so `vp import` exits 1); it may lose only those amounts. Every
    // indicator, every activity, the text around the table and the other 15
    // budget tables come back identical.
    const NOT_YET: &[&str] = &["hagersten-liljeholmen-2019"];
    const STILL_LOST: &[&str] = &["budgetrad i Fördelningen till nämndens verksamheter (mnkr)"];
    let (identical, compared, failures, silent) = round_trip_counts(&[Extractor::Pdfminer]);
    eprintln!(
        "{identical} av {compared} importer lika med planen:\n{}",
        failures.join("\n")
    );
    assert!(
        silent.is_empty(),
        "importer som skiljer sig utan att rapporten säger det: {silent:?}\n{}",
        failures.join("\n")
    );
    let lost: Vec<&String> = failures
        .iter()
        .filter(|f| !NOT_YET.iter().any(|p| f.starts_with(&format!("{p} ("))))
        .collect();
    assert!(
        lost.is_empty(),
        "planer som ska komma tillbaka lika med planen gör det inte:\n{}",
        lost.iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert_eq!(
        identical,
        compared - NOT_YET.len(),
        "{}",
        failures.join("\n")
    );
    let more: Vec<&String> = failures
        .iter()
        .filter(|f| {
            f.contains("(Activities)")
                || f.contains("(Indicators)")
                || !STILL_LOST.iter().any(|l| f.contains(l))
        })
        .collect();
    assert!(
        more.is_empty(),
        "2019 års nämndplan förlorar mer än det kända:\n{}",
        more.iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
}
