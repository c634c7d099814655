//! One fixture directory per rule (`tests/fixtures/VPnnn-*`), validated together
//! with the clean tree in `tests/fixtures/_base`. Each finding's code, file,
//! line and column is pinned here; the full human and JSON output is snapshotted.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use vp::diag::Code;

fn fixtures() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("tests/fixtures")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("VP"))
        .collect();
    dirs.sort();
    dirs
}

fn run(dir: &Path, format: &str) -> (String, i32) {
    let out = Command::cargo_bin("vp")
        .unwrap()
        .args(["validate", "tests/fixtures/_base"])
        .arg(dir)
        .args(["--format", format, "--color", "never"])
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap(),
    )
}

/// (fixture, code, file, line, column) of every finding, by hand from the fixture files.
const PINNED: &[(&str, &str, &str, usize, usize)] = &[
    ("VP001-latin1", "VP001", "idrott.yaml", 5, 25),
    ("VP002-yaml-syntax", "VP002", "idrott.yaml", 16, 1),
    ("VP003-unknown-kind", "VP003", "idrott.yaml", 2, 6),
    ("VP004-unknown-key", "VP004", "idrott.yaml", 6, 3),
    ("VP004-unknown-key", "VP004", "idrott.yaml", 17, 9),
    ("VP005-missing-field", "VP005", "idrott.yaml", 14, 9),
    ("VP006-wrong-type", "VP006", "idrott.yaml", 16, 22),
    ("VP007-invalid-id", "VP007", "idrott.yaml", 4, 7),
    ("VP007-invalid-id", "VP007", "idrott.yaml", 16, 13),
    ("VP008-misplaced-kf-goal", "VP008", "kf-2021.yaml", 10, 17),
    ("VP009-duplicate-key", "VP009", "idrott.yaml", 11, 1),
    ("VP009-duplicate-key", "VP009", "idrott.yaml", 17, 9),
    ("VP010-duplicate-id", "VP010", "city-2020.yaml", 10, 13),
    ("VP010-duplicate-id", "VP010", "idrott.yaml", 16, 13),
    ("VP011-unknown-kf-goal", "VP011", "city-2020.yaml", 8, 13),
    (
        "VP012-unknown-committee-goal",
        "VP012",
        "idrott.yaml",
        12,
        15,
    ),
    ("VP013-unknown-committee", "VP013", "idrott.yaml", 6, 8),
    ("VP014-unknown-indicator", "VP014", "idrott.yaml", 17, 24),
    ("VP014-unknown-indicator", "VP014", "idrott.yaml", 19, 17),
    (
        "VP015-unknown-predecessor",
        "VP015",
        "fritid-2021.yaml",
        6,
        15,
    ),
    (
        "VP015-unknown-predecessor",
        "VP015",
        "fritid-2021.yaml",
        14,
        21,
    ),
    (
        "VP015-unknown-predecessor",
        "VP015",
        "norrmalm-2021.yaml",
        9,
        17,
    ),
    (
        "VP015-unknown-predecessor",
        "VP015",
        "sport-2021.yaml",
        6,
        15,
    ),
    ("VP016-missing-plan", "VP016", "idrott.yaml", 6, 8),
    ("VP016-missing-plan", "VP016", "idrott.yaml", 7, 5),
    ("VP017-duplicate-plan", "VP017", "idrott.yaml", 4, 7),
    ("VP018-unknown-activity", "VP018", "idrott.yaml", 13, 19),
    ("VP018-unknown-activity", "VP018", "idrott.yaml", 16, 19),
    ("VP020-invalid-date", "VP020", "idrott.yaml", 18, 25),
    ("VP020-invalid-date", "VP020", "idrott.yaml", 19, 24),
    ("VP021-start-after-end", "VP021", "idrott.yaml", 19, 24),
    ("VP022-outside-period", "VP022", "idrott.yaml", 19, 24),
    ("VP023-unreasonable-year", "VP023", "kf-20200.yaml", 3, 5),
    ("VP030-target-unparsable", "VP030", "idrott.yaml", 18, 21),
    ("VP030-target-unparsable", "VP030", "idrott.yaml", 21, 21),
    ("VP031-percent-out-of-range", "VP031", "idrott.yaml", 19, 21),
    ("VP032-unit-mismatch", "VP032", "idrott.yaml", 18, 21),
    ("VP032-unit-mismatch", "VP032", "idrott.yaml", 21, 21),
    ("VP033-unknown-periodicity", "VP033", "idrott.yaml", 20, 27),
    ("VP033-unknown-periodicity", "VP033", "idrott.yaml", 24, 27),
    ("VP034-placeholder-target", "VP034", "idrott.yaml", 19, 21),
    ("VP035-indicator-definition", "VP035", "idrott.yaml", 17, 19),
    ("VP035-indicator-definition", "VP035", "idrott.yaml", 22, 27),
    ("VP036-unknown-direction", "VP036", "idrott.yaml", 21, 23),
    ("VP036-unknown-direction", "VP075", "idrott.yaml", 22, 26),
    (
        "VP037-units-below-target",
        "VP037",
        "norrmalm-2020.yaml",
        16,
        20,
    ),
    ("VP040-sum-mismatch", "VP040", "city-2020.yaml", 17, 17),
    ("VP040-sum-mismatch", "VP040", "city-2020.yaml", 28, 18),
    ("VP040-sum-mismatch", "VP040", "city-2020.yaml", 42, 17),
    ("VP040-sum-mismatch", "VP040", "city-2020.yaml", 42, 25),
    (
        "VP041-part-exceeds-whole",
        "VP041",
        "city-2020.yaml",
        14,
        17,
    ),
    ("VP042-table-shape", "VP042", "city-2020.yaml", 11, 20),
    ("VP042-table-shape", "VP042", "city-2020.yaml", 15, 17),
    ("VP042-table-shape", "VP042", "city-2020.yaml", 17, 17),
    ("VP042-table-shape", "VP042", "city-2020.yaml", 22, 16),
    ("VP042-table-shape", "VP042", "city-2020.yaml", 24, 19),
    ("VP043-stale-deviation", "VP043", "city-2020.yaml", 16, 16),
    ("VP043-stale-deviation", "VP040", "city-2020.yaml", 26, 17),
    ("VP043-stale-deviation", "VP043", "city-2020.yaml", 29, 28),
    (
        "VP044-summary-row-unmarked",
        "VP044",
        "city-2020.yaml",
        28,
        15,
    ),
    ("VP044-summary-source", "VP044", "city-2020.yaml", 8, 13),
    ("VP044-summary-source", "VP044", "city-2020.yaml", 9, 10),
    ("VP044-summary-source", "VP044", "city-2020.yaml", 10, 18),
    ("VP044-summary-source", "VP062", "city-2020.yaml", 3, 8),
    ("VP045-net-mismatch", "VP045", "city-2020.yaml", 18, 32),
    ("VP045-net-mismatch", "VP045", "city-2020.yaml", 21, 34),
    ("VP045-net-mismatch", "VP045", "city-2020.yaml", 36, 32),
    ("VP046-unclear-deviation", "VP040", "city-2020.yaml", 17, 17),
    ("VP046-unclear-deviation", "VP040", "city-2020.yaml", 17, 25),
    ("VP046-unclear-deviation", "VP046", "city-2020.yaml", 19, 16),
    ("VP046-unclear-deviation", "VP040", "city-2020.yaml", 29, 18),
    ("VP046-unclear-deviation", "VP046", "city-2020.yaml", 32, 22),
    (
        "VP047-difference-mismatch",
        "VP047",
        "city-2020.yaml",
        18,
        33,
    ),
    (
        "VP047-difference-mismatch",
        "VP047",
        "city-2020.yaml",
        21,
        29,
    ),
    ("VP050-empty-prose", "VP050", "idrott.md", 3, 4),
    ("VP050-empty-prose", "VP050", "idrott.yaml", 16, 13),
    ("VP051-prose-target", "VP051", "idrott.md", 11, 15),
    ("VP051-prose-target", "VP051", "idrott.md", 17, 3),
    ("VP051-prose-target", "VP051", "idrott.md", 23, 3),
    ("VP051-prose-target", "VP052", "idrott.md", 27, 15),
    ("VP051-prose-target", "VP051", "idrott.md", 29, 4),
    ("VP052-duplicate-prose", "VP052", "idrott.md", 11, 4),
    ("VP052-duplicate-prose", "VP052", "idrott.md", 15, 15),
    ("VP053-heading-title", "VP053", "idrott.md", 1, 3),
    ("VP054-table-placement", "VP054", "city-2020.md", 11, 11),
    ("VP054-table-placement", "VP054", "city-2020.md", 13, 11),
    ("VP054-table-placement", "VP054", "city-2020.md", 15, 1),
    ("VP054-table-placement", "VP077", "city-2020.md", 23, 11),
    ("VP055-table-not-placed", "VP055", "idrott.yaml", 21, 9),
    ("VP056-unknown-field", "VP056", "idrott.md", 3, 13),
    ("VP056-unknown-field", "VP056", "idrott.md", 3, 58),
    ("VP056-unknown-field", "VP056", "idrott.md", 5, 16),
    ("VP056-unknown-field", "VP056", "city-2020.md", 3, 72),
    ("VP056-unknown-field", "VP056", "city-2020.md", 5, 21),
    ("VP056-unknown-field", "VP056", "city-2020.md", 5, 64),
    ("VP056-unknown-field", "VP056", "city-2020.md", 5, 106),
    ("VP056-unknown-field", "VP056", "city-2020.md", 5, 154),
    ("VP056-unknown-field", "VP056", "city-2020.md", 7, 14),
    ("VP060-prose-amount", "VP060", "city-2020.md", 11, 47),
    ("VP060-prose-amount", "VP060", "city-2020.md", 11, 84),
    ("VP060-prose-amount", "VP060", "city-2020.md", 13, 45),
    ("VP061-preparation-twice", "VP061", "city-2020.yaml", 14, 12),
    ("VP062-incomplete-report", "VP062", "city-2020.yaml", 3, 8),
    ("VP065-outside-committee", "VP065", "bad.yaml", 11, 9),
    ("VP065-outside-committee", "VP065", "idrott.yaml", 8, 5),
    ("VP065-outside-committee", "VP065", "kultur.yaml", 10, 9),
    (
        "VP066-indicator-under-other-kf-goal",
        "VP066",
        "idrott.yaml",
        13,
        20,
    ),
    (
        "VP066-indicator-under-other-kf-goal",
        "VP066",
        "idrott.yaml",
        20,
        24,
    ),
    ("VP090-unreviewed-target", "VP090", "idrott.yaml", 18, 26),
    ("VP091-undecided-kf-goal", "VP091", "city-2020.yaml", 11, 20),
    ("VP067-unmarked-sum-row", "VP067", "idrott.yaml", 27, 15),
    ("VP067-unmarked-sum-row", "VP067", "idrott.yaml", 29, 15),
    ("VP072-unknown-row-kind", "VP072", "city-2020.yaml", 13, 14),
    ("VP072-unknown-row-kind", "VP072", "city-2020.yaml", 16, 14),
    (
        "VP073-unknown-deviation-rule",
        "VP073",
        "city-2020.yaml",
        16,
        16,
    ),
    (
        "VP073-unknown-deviation-rule",
        "VP073",
        "city-2020.yaml",
        21,
        16,
    ),
    (
        "VP074-weight-without-weighted-mean",
        "VP074",
        "idrott.yaml",
        29,
        19,
    ),
    ("VP075-unknown-aggregation", "VP075", "idrott.yaml", 22, 26),
    (
        "VP076-part-without-whole",
        "VP076",
        "city-2020.yaml",
        12,
        17,
    ),
    (
        "VP076-part-without-whole",
        "VP076",
        "city-2020.yaml",
        20,
        17,
    ),
    (
        "VP076-part-without-whole",
        "VP076",
        "city-2020.yaml",
        27,
        17,
    ),
    ("VP077-table-placed-twice", "VP077", "city-2020.md", 13, 11),
    ("VP077-table-placed-twice", "VP077", "city-2020.md", 15, 11),
    ("VP100-thousands-comma", "VP100", "idrott.yaml", 19, 21),
    ("VP101-wrong-folder", "VP101", "idrott.yaml", 7, 5),
    ("VP101-wrong-folder", "VP101", "kultur.yaml", 6, 8),
    ("VP082-id-too-long", "VP082", "idrott.yaml", 4, 7),
    ("VP080-markdown-too-complex", "VP080", "idrott.md", 7, 65),
    ("VP081-text-before-heading", "VP081", "idrott.md", 2, 1),
    ("VP102-less-than-kf", "VP102", "idrott.yaml", 13, 17),
    ("VP102-less-than-kf", "VP037", "norrmalm-2020.yaml", 16, 20),
    ("VP103-outside-lineage", "VP103", "city-2021.yaml", 9, 17),
    ("VP103-outside-lineage", "VP103", "fritid-2021.yaml", 6, 15),
    ("VP104-committee-overlap", "VP104", "org.yaml", 6, 11),
    ("VP104-committee-overlap", "VP104", "org.yaml", 7, 9),
    (
        "VP110-follow-up-without-plan",
        "VP110",
        "fritid.t1.yaml",
        6,
        8,
    ),
    (
        "VP111-unknown-element",
        "VP111",
        "norrmalm-2020.t1.yaml",
        25,
        20,
    ),
    (
        "VP111-unknown-element",
        "VP111",
        "norrmalm-2020.t1.yaml",
        36,
        14,
    ),
    (
        "VP112-not-followed-up",
        "VP112",
        "norrmalm-2020.t1.yaml",
        3,
        9,
    ),
    (
        "VP112-not-followed-up",
        "VP112",
        "norrmalm-2020.t1.yaml",
        3,
        9,
    ),
    (
        "VP112-not-followed-up",
        "VP112",
        "norrmalm-2020.t1.yaml",
        14,
        20,
    ),
    (
        "VP113-outcome-unit",
        "VP113",
        "norrmalm-2020.t1.yaml",
        15,
        17,
    ),
    (
        "VP114-share-out-of-range",
        "VP114",
        "norrmalm-2020.t1.yaml",
        13,
        17,
    ),
    ("VP115-split-sum", "VP115", "idrott.t1.yaml", 13, 17),
    ("VP116-split-missing", "VP116", "idrott.t1.yaml", 12, 17),
    ("VP116-split-missing", "VP116", "idrott.t1.yaml", 17, 18),
    (
        "VP117-assessment-without-reasons",
        "VP117",
        "norrmalm-2020.t1.yaml",
        29,
        16,
    ),
    (
        "VP118-assessment-contradicts",
        "VP118",
        "fritid.t1.yaml",
        8,
        10,
    ),
    ("VP119-forecast-missing", "VP119", "fritid.t1.yaml", 8, 10),
    (
        "VP119-forecast-missing",
        "VP119",
        "norrmalm-2020.t1.yaml",
        34,
        14,
    ),
    (
        "VP120-follow-up-list",
        "VP120",
        "norrmalm-2020.t1.yaml",
        18,
        17,
    ),
    (
        "VP120-follow-up-list",
        "VP120",
        "norrmalm-2020.t1.yaml",
        21,
        16,
    ),
    (
        "VP120-follow-up-list",
        "VP120",
        "norrmalm-2020.t1.yaml",
        27,
        17,
    ),
    (
        "VP121-status-without-comment",
        "VP121",
        "norrmalm-2020.t1.yaml",
        28,
        17,
    ),
    (
        "VP122-duplicate-follow-up",
        "VP122",
        "norrmalm-2020.t1.yaml",
        3,
        9,
    ),
    (
        "VP123-outcome-unparsable",
        "VP123",
        "norrmalm-2020.t1.yaml",
        24,
        17,
    ),
    (
        "VP123-outcome-unparsable",
        "VP123",
        "norrmalm-2020.t1.yaml",
        35,
        17,
    ),
    (
        "VP124-case-details-in-unit-report",
        "VP124",
        "fritid.t1.yaml",
        9,
        14,
    ),
];

#[test]
fn base_tree_is_clean() {
    let out = Command::cargo_bin("vp")
        .unwrap()
        .args(["validate", "tests/fixtures/_base", "--color", "never"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "Inga fynd i 6 filer.\n"
    );
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn every_rule_has_a_fixture() {
    let names: Vec<String> = fixtures()
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    for code in Code::ALL {
        assert!(
            names
                .iter()
                .any(|n| n.starts_with(&format!("{}-", code.as_str()))),
            "no fixture for {}",
            code.as_str()
        );
    }
}

#[test]
fn findings_point_at_the_pinned_line_and_column() {
    let mut expected: BTreeMap<String, Vec<(String, String, usize, usize)>> = BTreeMap::new();
    for (fixture, code, file, line, col) in PINNED {
        expected.entry(fixture.to_string()).or_default().push((
            code.to_string(),
            file.to_string(),
            *line,
            *col,
        ));
    }
    for dir in fixtures() {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let (json, status) = run(&dir, "json");
        let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
        let mut got: Vec<(String, String, usize, usize)> = doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                let file = f["location"]["file"].as_str().unwrap();
                (
                    f["code"].as_str().unwrap().to_owned(),
                    file.rsplit('/').next().unwrap().to_owned(),
                    f["location"]["line"].as_u64().unwrap() as usize,
                    f["location"]["column"].as_u64().unwrap() as usize,
                )
            })
            .collect();
        got.sort();
        let mut want = expected.remove(&name).unwrap_or_default();
        want.sort();
        assert_eq!(got, want, "findings of {name}");
        let has_error = doc["summary"]["errors"].as_u64().unwrap() > 0;
        assert_eq!(status, i32::from(has_error), "exit code of {name}");
    }
    assert!(
        expected.is_empty(),
        "pinned fixtures missing: {:?}",
        expected.keys()
    );
}

#[test]
fn fixture_output_snapshots() {
    for dir in fixtures() {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let (human, _) = run(&dir, "human");
        let (json, _) = run(&dir, "json");
        insta::assert_snapshot!(format!("{name}.human"), human);
        insta::assert_snapshot!(format!("{name}.json"), json);
    }
}
