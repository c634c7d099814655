//! Whatever `vp import` writes, `vp validate` reads without a structural error
//! (issue #11): plan-shaped texts built from the headings, tables and rows the
//! importer knows, with titles and cells full of what YAML and Markdown treat
//! specially, are imported, written to a plan tree and loaded by `vp` itself.
//! The fuzz target `fuzz/fuzz_targets/import.rs` checks the same on arbitrary bytes.

use proptest::prelude::*;
use vp::diag::Code;
use vp::import::{self, Overrides};
use vp::project::Project;

/// Findings that say the file itself is malformed, not that the plan is
/// incomplete: what the loader reports (encoding, YAML, schema, Markdown
/// structure) and ids that are not ids.
const STRUCTURAL: [Code; 9] = [
    Code::FileUnreadable,
    Code::YamlSyntax,
    Code::UnknownKind,
    Code::UnknownKey,
    Code::MissingField,
    Code::WrongType,
    Code::InvalidId,
    Code::ProseTarget,
    Code::DuplicateProse,
];

/// Words, and what YAML reads as something else when unquoted.
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-zåäöA-ZÅÄÖ]{1,12}",
        1 => prop::sample::select(vec![
            "-", "~", "null", "NO", "yes", "on", "1.1", "2020-01-01", "0x1F", ".inf",
            "#", "&a", "*a", "!tag", "|", ">", "%", "@", "`", "{", "}", "[", "]", ",",
            "?", ":", "'", "\"", "\\", "{{tabell: x}}", "# Rubrik", "## Avsnitt", "{#id}",
            "---", "...", "<b>", "\u{a0}", "\u{200b}", "é", "Ω", "😀",
        ])
        .prop_map(str::to_owned),
        1 => "[0-9]{1,4}([,.][0-9]{1,2})?( %| st| GWh| mnkr)?",
    ]
}

fn text(max_words: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(word(), 1..max_words).prop_map(|w| w.join(" "))
}

/// One line of a published plan, as `pdftotext` gives it.
fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => text(14),
        1 => Just(String::new()),
        1 => Just("KF:s inriktningsmål:".to_owned()),
        1 => (1u8..4, text(10)).prop_map(|(n, t)| format!("{n}. {t}")),
        1 => Just("KF:s mål för verksamhetsområdet:".to_owned()),
        1 => (1u8..4, 1u8..7, text(10)).prop_map(|(n, m, t)| format!("{n}.{m}. {t}")),
        1 => text(10).prop_map(|t| format!("Nämndmål:\n{t}")),
        1 => text(10).prop_map(|t| format!("Enhetsmål:\n{t}")),
        1 => prop::sample::select(vec![
            "Beskrivning", "Förväntat resultat", "Arbetssätt", "Uppföljning", "Inledning",
            "Uppföljning av ekonomi", "Tjänsteutlåtande", "Sid 3 (12)",
        ])
        .prop_map(str::to_owned),
        1 => Just(" Indikator Årsmål KF:s årsmål Periodicitet".to_owned()),
        2 => (text(6), word(), word(), prop::sample::select(vec!["År", "Tertial", "Månad", "Halvår", "x"]))
            .prop_map(|(n, a, b, p)| format!("{n} {a} {b} {p}")),
        1 => Just(" Aktivitet Startdatum Slutdatum".to_owned()),
        2 => (text(8), 1u8..13, 1u8..13)
            .prop_map(|(t, a, b)| format!("{t} 2020-{a:02}-01 2020-{b:02}-28")),
        1 => Just("Budget (mnkr) Budget 2019 Budget 2020".to_owned()),
        1 => (text(4), -500i32..5000, -500i32..5000)
            .prop_map(|(t, a, b)| format!("{t} {},{} {},{}", a / 10, (a % 10).abs(), b / 10, (b % 10).abs())),
    ]
}

fn plan_text() -> impl Strategy<Value = String> {
    prop::collection::vec(line(), 1..80).prop_map(|lines| lines.join("\n") + "\n")
}

/// Imports `inputs` as one run (year 2020, Hägersten-Liljeholmen), writes the
/// files to a plan tree as `vp import` does, loads it with `vp` itself, and
/// returns the structural findings, each with its file's text, and the report's
/// list of what was left out.
fn import_and_load(
    inputs: &[(String, String)],
    unit: Option<String>,
) -> (Vec<String>, Vec<String>) {
    let overrides = Overrides {
        year: Some(2020),
        committee: Some("hagersten-liljeholmen".into()),
        unit_name: unit,
        ..Overrides::default()
    };
    let imported = import::import(inputs, &overrides);
    let dir = tempfile::tempdir().unwrap();
    let mut files = imported.files.clone();
    files.push(import::emit::OutFile {
        path: "organisation.yaml".into(),
        text: import::emit::organisation(&[(
            "hagersten-liljeholmen",
            "Hägersten-Liljeholmens stadsdelsnämnd",
        )]),
    });
    for f in &files {
        let path = dir.path().join(&f.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &f.text).unwrap();
    }
    let project = Project::load(&[dir.path().to_path_buf()]).unwrap();
    let structural: Vec<String> = project
        .diagnostics
        .iter()
        .filter(|d| STRUCTURAL.contains(&d.code))
        .map(|d| {
            let file = project.sources.get(d.span.file);
            format!(
                "{} {}: {}\n{}",
                d.code.as_str(),
                project.locate(d.span),
                d.message,
                file.text
            )
        })
        .collect();
    (structural, imported.report.dropped)
}

fn one(text: &str) -> Vec<(String, String)> {
    vec![("plan.txt".into(), text.into())]
}

// Found by the property below; each once wrote a file the loader rejects.

#[test]
fn text_under_a_kf_heading_without_a_number_is_reported_not_written() {
    let (structural, dropped) =
        import_and_load(&one("KF:s inriktningsmål:\nBeskrivning\na\na\n"), None);
    assert!(structural.is_empty(), "{structural:#?}");
    assert!(
        dropped
            .iter()
            .any(|d| d.contains("texten under inriktningsmålet kom inte med")),
        "{dropped:#?}"
    );
    let (structural, dropped) =
        import_and_load(&one("KF:s mål för verksamhetsområdet:\n0x1F\na\n"), None);
    assert!(structural.is_empty(), "{structural:#?}");
    assert!(
        dropped
            .iter()
            // `0x1F` is read as number 0 and title "x1F", and the title goes on
            // to the next line: a goal with no number to be filed under.
            .any(|d| d.contains(
                "KF:s mål för verksamhetsområdet \"x1F a\" har inget giltigt nummer och kom inte med"
            )),
        "{dropped:#?}"
    );
}

/// KF's budget has one title per direction: another document's wording is a
/// note (the first is kept), the same text showing a second title is a loss.
#[test]
fn a_direction_titled_twice_is_noted_across_texts_and_reported_within_one() {
    let overrides = Overrides {
        year: Some(2020),
        committee: Some("hagersten-liljeholmen".into()),
        unit_name: Some("Enheten".into()),
        ..Overrides::default()
    };
    let text = |title: &str| {
        format!("KF:s inriktningsmål: 1. {title}\nKF:s mål för verksamhetsområdet:\n1.1 Ett mål\n")
    };
    let two_texts = vec![
        ("a.txt".to_owned(), text("En modern storstad")),
        ("b.txt".to_owned(), text("En annan storstad")),
    ];
    let run = import::import(&two_texts, &overrides).report;
    assert!(run.dropped.is_empty(), "{:?}", run.dropped);
    assert!(
        run.notes.iter().any(|n| n.contains(
            "inriktningsmålet 1 heter \"En annan storstad\" i b.txt men \"En modern storstad\" i ett annat dokument"
        )),
        "{:?}",
        run.notes
    );
    let one_text = vec![(
        "a.txt".to_owned(),
        format!(
            "{}{}",
            text("En modern storstad"),
            text("En annan storstad")
        ),
    )];
    let run = import::import(&one_text, &overrides).report;
    assert!(
        run.dropped
            .iter()
            .any(|d| d.contains("rad 4: inriktningsmålet 1 heter \"En annan storstad\" här")),
        "{:?}",
        run.dropped
    );
}

#[test]
fn two_unnamed_units_in_one_run_get_ids_of_their_own() {
    let inputs = vec![
        (
            "a.txt".into(),
            "KF:s mål för verksamhetsområdet:\n1.1. ä\nEnhetsmål:\nÖ\n".into(),
        ),
        ("b.txt".into(), "ö\n".into()),
    ];
    let (structural, _) = import_and_load(&inputs, None);
    assert!(structural.is_empty(), "{structural:#?}");
}

#[test]
fn a_kf_heading_the_text_shows_twice_is_one_heading_in_the_markdown() {
    let text =
        "KF:s inriktningsmål:\n3\na 2020-01-01 2020-01-28\nKF:s inriktningsmål:\n3.1. Ä\nö\n";
    let (structural, _) = import_and_load(&one(text), None);
    assert!(structural.is_empty(), "{structural:#?}");
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 128,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn whatever_import_writes_validate_reads_without_a_structural_error(
        texts in prop::collection::vec(plan_text(), 1..3),
        unit in prop::option::of(text(4)),
    ) {
        let inputs: Vec<(String, String)> = texts
            .into_iter()
            .enumerate()
            .map(|(i, t)| (format!("plan-{i}.txt"), t))
            .collect();
        let (structural, _) = import_and_load(&inputs, unit);
        prop_assert!(structural.is_empty(), "{}\n--- input:\n{:#?}", structural.join("\n"), inputs);
    }
}
