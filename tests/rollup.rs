//! `vp rollup`: known answers on a nämnd made for the purpose
//! (`tests/fixtures/rollup`), snapshots on the real Hägersten-Liljeholmen 2020,
//! and properties on generated nämnder.

mod common;
use common::run;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use proptest::prelude::*;
use vp::project::Project;
use vp::rollup::{IndicatorRollup, Outcome, Rollup, rollup};

fn load(path: &str) -> Project {
    let project = Project::load(&[PathBuf::from(path)]).expect("tree loads");
    assert!(!project.has_errors(), "{:?}", project.errors());
    project
}

fn indicator<'a>(r: &'a Rollup, id: &str) -> &'a IndicatorRollup {
    r.directions
        .iter()
        .flat_map(|d| &d.kf_goals)
        .flat_map(|k| {
            k.indicators
                .iter()
                .chain(k.committee_goals.iter().flat_map(|g| &g.indicators))
        })
        .find(|i| i.id == id)
        .unwrap_or_else(|| panic!("no indicator {id}"))
}

fn aggregated(i: &IndicatorRollup) -> (f64, Option<f64>, Option<bool>) {
    match &i.result {
        Outcome::Aggregated {
            value,
            gap,
            reaches,
            ..
        } => (*value, *gap, *reaches),
        other => panic!("{} not aggregated: {other:?}", i.id),
    }
}

fn not_aggregated(i: &IndicatorRollup) -> &str {
    match &i.result {
        Outcome::NotAggregated { reason } => reason,
        other => panic!("{} aggregated: {other:?}", i.id),
    }
}

#[test]
fn known_answers() {
    let project = load("tests/fixtures/rollup");
    let r = rollup(&project.plans, &project.sources, "solna", 2021).unwrap();
    let units: Vec<&str> = r.units.iter().map(|u| u.id.as_str()).collect();
    // The shared unit of another nämnd serves Solna too.
    assert_eq!(units, ["alfa", "beta", "delta", "gamma", "gemensam"]);
    assert!(r.units[3].period.is_some(), "Gamma plans half a year");
    assert_eq!(r.units[4].committee, "sundby");

    // summa, högre: 40 + 50 + 10 = 100, exactly the nämnd's 100.
    assert_eq!(
        aggregated(indicator(&r, "antal-platser")),
        (100.0, Some(0.0), Some(true))
    );
    // max, lägre: the slowest unit (12 days) misses the nämnd's 10.
    assert_eq!(
        aggregated(indicator(&r, "vantetid")),
        (12.0, Some(2.0), Some(false))
    );
    // medel: (70 + 90 + 95) / 3 = 85 against 80.
    assert_eq!(
        aggregated(indicator(&r, "andel-nojda")),
        (85.0, Some(5.0), Some(true))
    );
    // viktat-medel by antal-barn: (60·100 + 90·300) / 400 = 82,5.
    let (v, gap, reaches) = aggregated(indicator(&r, "andel-behoriga"));
    assert!((v - 82.5).abs() < 1e-9 && (gap.unwrap() - 7.5).abs() < 1e-9);
    assert_eq!(reaches, Some(true));
    // summa without riktning: a value, no verdict.
    assert_eq!(
        aggregated(indicator(&r, "antal-barn")),
        (400.0, Some(0.0), None)
    );
    // KF's indicator under the KF goal: 20 + 25 against the nämnd's 60.
    assert_eq!(
        aggregated(indicator(&r, "antal-feriejobb")),
        (45.0, Some(-15.0), Some(false))
    );
    // Never computed: shares summed, markers.
    assert!(not_aggregated(indicator(&r, "andel-i-arbete")).contains("andelar"));
    assert!(not_aggregated(indicator(&r, "utvecklingssamtal")).contains("”Öka” är en markör"));

    let c = &r.coverage;
    assert_eq!(c.uncovered_goals, ["ingen-tar"]);
    assert_eq!(c.units_without_goals, ["delta", "gemensam"]);
    let empty: Vec<&str> = c.empty_unit_goals.iter().map(|g| g.goal.as_str()).collect();
    assert_eq!(empty, ["tomt"]);
    assert!(
        c.empty_unit_goals[0]
            .location
            .to_string()
            .ends_with("beta.yaml:38:13")
    );
    let arbete = &c.matrix[0];
    assert_eq!(arbete.committee_goal, "arbete");
    let cells: Vec<(bool, usize)> = arbete.cells.iter().map(|c| (c.listed, c.goals)).collect();
    assert_eq!(
        cells,
        [(true, 1), (true, 1), (true, 0), (true, 1), (false, 0)]
    );
    assert_eq!(c.kf_indicators.len(), 1);
    assert_eq!(c.kf_indicators[0].units, ["alfa", "beta"]);

    // Alfa says it carries out the nämnd's jobbmässa.
    let arbete_goal = &r.directions[0].kf_goals[0].committee_goals[0];
    assert_eq!(
        arbete_goal.units[0].carries[0].text,
        "Anordna en jobbmässa."
    );
    // Beta, Delta and Gamma list the nämndmål without `aktiviteter`: they carry
    // all of its activities, as render and diff say.
    let carries: Vec<(&str, usize)> = arbete_goal
        .units
        .iter()
        .map(|u| (u.unit.as_str(), u.carries.len()))
        .collect();
    assert_eq!(
        carries,
        [("alfa", 1), ("beta", 1), ("delta", 1), ("gamma", 1)]
    );
    assert!(c.uncarried_activities.is_empty());
    // Delta lists the nämndmål, so its plan shows the nämnd's indicators
    // (with the nämnd's targets): it is named, not counted as zero.
    let platser = indicator(&r, "antal-platser");
    let delta = platser
        .unit_targets
        .iter()
        .find(|t| t.unit == "delta")
        .expect("Delta shows antal-platser through the nämndmål");
    assert!(!delta.own_row && delta.target.is_empty());
    match &platser.result {
        Outcome::Aggregated { note: Some(n), .. } => assert!(
            n.contains("Enhet Delta visar indikatorn genom nämndmålet"),
            "{n}"
        ),
        other => panic!("{other:?}"),
    }
    // No unit has an enhetsmål under `ingen-tar`, nor under `larande` for Delta.
    assert_eq!(c.goals_without_unit_goals, ["ingen-tar"]);
}

/// Hägersten-Liljeholmen 2020 against seeds 000, 003 and 004: every one of the
/// nämnd's 19 activities is carried by a unit (29 commitments in all), four
/// nämndmål have no enhetsmål, and the nämnd indicators Resursenheten's plan
/// shows are shown.
#[test]
fn hagersten_liljeholmen_2020_as_the_seeds_show_it() {
    let project = load("plans");
    let r = rollup(
        &project.plans,
        &project.sources,
        "hagersten-liljeholmen",
        2020,
    )
    .unwrap();
    let goals: Vec<&vp::rollup::CommitteeGoal> = r
        .directions
        .iter()
        .flat_map(|d| &d.kf_goals)
        .flat_map(|k| &k.committee_goals)
        .collect();
    let activities: usize = goals.iter().map(|g| g.activities.len()).sum();
    let commitments: usize = goals
        .iter()
        .flat_map(|g| &g.units)
        .map(|u| u.carries.len())
        .sum();
    assert_eq!((activities, commitments), (19, 29));
    assert!(r.coverage.uncarried_activities.is_empty());
    assert_eq!(r.coverage.goals_without_unit_goals.len(), 4);
    assert!(r.coverage.uncovered_goals.is_empty());
    for id in [
        "andelen-vardnadshavare-anser-forskolans-medarbetare-bemoter",
        "sjalvvardering-utifran-laroplansuppdraget-avseende-undervisningsmiljoer",
    ] {
        let i = indicator(&r, id);
        let units: Vec<&str> = i.unit_targets.iter().map(|t| t.unit.as_str()).collect();
        assert_eq!(units, ["resursenheten"], "{id}");
    }
    // The nämnd set no target of its own for Relativ energieffektivisering.
    let energy = indicator(&r, "relativ-energieffektivisering-stadens-verksamheter");
    assert_eq!(
        energy.committee_target_source,
        Some(vp::model::graph::TargetSource::Kf)
    );
}

/// A copy of the known-answer nämnd with one file's text changed.
fn fixture_with(file: &str, from: &str, to: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir("tests/fixtures/rollup").unwrap() {
        let path = entry.unwrap().path();
        let mut text = std::fs::read_to_string(&path).unwrap();
        if path.file_name().unwrap() == file {
            assert!(text.contains(from), "{file} has no {from:?}");
            text = text.replacen(from, to, 1);
        }
        std::fs::write(dir.path().join(path.file_name().unwrap()), text).unwrap();
    }
    dir
}

#[test]
fn activities_no_unit_carries_and_kf_indicators_under_unit_goals() {
    // Every unit names an empty `aktiviteter` list under the nämndmål: nobody
    // carries the jobbmässa.
    let dir = fixture_with(
        "alfa.yaml",
        "    aktiviteter: [jobbmassa]\n",
        "    aktiviteter: []\n",
    );
    for unit in ["beta.yaml", "gamma.yaml", "delta.yaml"] {
        let path = dir.path().join(unit);
        let text = std::fs::read_to_string(&path).unwrap().replacen(
            "  - nämndmål: arbete\n",
            "  - nämndmål: arbete\n    aktiviteter: []\n",
            1,
        );
        std::fs::write(&path, text).unwrap();
    }
    let project = load(dir.path().to_str().unwrap());
    let r = rollup(&project.plans, &project.sources, "solna", 2021).unwrap();
    let uncarried: Vec<(&str, &str)> = r
        .coverage
        .uncarried_activities
        .iter()
        .map(|a| (a.committee_goal.as_str(), a.activity.text.as_str()))
        .collect();
    assert_eq!(uncarried, [("arbete", "Anordna en jobbmässa.")]);

    // A KF indicator shown under an enhetsmål counts as shown, under the KF
    // goal that KF defines it under.
    let dir = fixture_with(
        "gamma.yaml",
        "          - indikator: antal-platser\n            årsmål: 10 st\n",
        "          - indikator: antal-platser\n            årsmål: 10 st\n          - indikator: antal-feriejobb\n            årsmål: 15 st\n",
    );
    let project = load(dir.path().to_str().unwrap());
    let r = rollup(&project.plans, &project.sources, "solna", 2021).unwrap();
    let k = &r.coverage.kf_indicators;
    assert_eq!(k.len(), 1);
    assert_eq!(k[0].kf_goal, "1.1");
    assert_eq!(k[0].units, ["alfa", "beta", "gamma"]);
    assert_eq!(k[0].under_unit_goals, ["gamma"]);
    let text = vp::rollup::format::table(&r);
    assert!(text.contains("alfa, beta, gamma*"), "{text}");
}

#[test]
fn validate_reports_what_rollup_finds_short() {
    let out = Command::cargo_bin("vp")
        .unwrap()
        .args(["validate", "tests/fixtures/rollup", "--format", "json"])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let vp037: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "VP037")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(vp037.len(), 2, "{vp037:?}");
    assert!(vp037[0].contains("`antal-feriejobb`"));
    assert!(vp037[1].contains("`vantetid`"));
}

#[test]
fn hagersten_liljeholmen_2020_in_every_format() {
    for format in ["table", "md", "json", "csv"] {
        let (out, err, code) = run(&[
            "rollup",
            "hagersten-liljeholmen",
            "2020",
            "--format",
            format,
        ]);
        assert_eq!(code, 0, "{err}");
        insta::assert_snapshot!(format!("hagersten-liljeholmen-2020.{format}"), out);
    }
}

#[test]
fn errors_and_unknown_names() {
    let (_, err, code) = run(&["rollup", "hagersten-liljeholmen", "2021"]);
    assert_eq!(code, 2);
    assert!(err.contains("nämnden har planer för 2019, 2020"), "{err}");
    let (_, err, code) = run(&["rollup", "hagersten-liljeholm", "2020"]);
    assert_eq!(code, 2);
    assert!(err.contains("menade du `hagersten-liljeholmen`?"), "{err}");
    // The same from the library: an unknown nämnd is rollup's own error.
    let project = load("plans");
    let e = rollup(
        &project.plans,
        &project.sources,
        "hagersten-liljeholm",
        2020,
    )
    .unwrap_err();
    assert_eq!(
        e,
        vp::rollup::RollupError::UnknownCommittee {
            committee: "hagersten-liljeholm".into(),
            suggestion: Some("menade du `hagersten-liljeholmen`?".into()),
        }
    );
    // A tree with errors is shown, not rolled up.
    let (out, err, code) = run(&[
        "rollup",
        "norrmalm",
        "2020",
        "tests/fixtures/VP012-unknown-committee-goal",
    ]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(!err.is_empty());
}

#[test]
fn out_file_is_written_whole() {
    let dir = tempfile::tempdir().unwrap();
    // Into a folder that exists: vp makes no folder for a file
    // (`out_replaces_only_regular_files_and_makes_no_folders` in tests/bad_input.rs).
    let path = dir.path().join("tackning.csv");
    let (_, err, code) = run(&[
        "rollup",
        "solna",
        "2021",
        "tests/fixtures/rollup",
        "--format",
        "csv",
        "--out",
        path.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let csv = std::fs::read_to_string(&path).unwrap();
    assert!(csv.starts_with("nämndmål,titel,Enhet Alfa,"), "{csv}");
    assert!(
        csv.contains("\ningen-tar,Ett mål som ingen enhet tar,,,,,\n"),
        "{csv}"
    );
}

/// A nämnd with `targets.len()` units; unit `i` has `goals[i]` enhetsmål, each
/// under nämndmål `a` or `b`, and shows the summed indicator with `targets[i]`.
/// File names are given in `order`, so the same plans can be read in another order.
fn write_nämnd(dir: &Path, targets: &[u32], goals: &[Vec<bool>], order: &[usize]) {
    let w = |name: &str, text: String| std::fs::write(dir.join(name), text).unwrap();
    w(
        "organisation.yaml",
        "typ: organisation\nnämnder:\n  - id: by\n    namn: Bynämnden\n".into(),
    );
    w(
        "kf.yaml",
        "typ: kf-budget\når: 2021\ninriktningsmål:\n  - nummer: 1\n    titel: T\n    mål:\n      - nummer: \"1.1\"\n        titel: M\n".into(),
    );
    let total: u32 = targets.iter().sum();
    w(
        "namnd.yaml",
        format!(
            "typ: nämndplan\nnämnd: by\når: 2021\nnämndmål:\n  - id: a\n    titel: A\n    kf_mål: \"1.1\"\n    indikatorer:\n      - id: antal\n        namn: Antal\n        årsmål: {total} st\n        periodicitet: År\n        enhet: st\n        riktning: högre\n        aggregering: summa\n  - id: b\n    titel: B\n    kf_mål: \"1.1\"\n"
        ),
    );
    for (i, t) in targets.iter().enumerate() {
        let mut yaml = format!(
            "typ: enhetsplan\nenhet:\n  id: enhet-{i}\n  namn: Enhet {i}\nnämnd: by\når: 2021\nnämndmål:\n"
        );
        for (parent, under_a) in [("a", true), ("b", false)] {
            let mine: Vec<usize> = (0..goals[i].len())
                .filter(|&g| goals[i][g] == under_a)
                .collect();
            if mine.is_empty() && !under_a {
                continue;
            }
            yaml.push_str(&format!("  - nämndmål: {parent}\n    enhetsmål:\n"));
            if under_a {
                yaml.push_str(&format!(
                    "      - id: matt-{i}\n        titel: Mätt {i}\n        indikatorer:\n          - indikator: antal\n            årsmål: {t} st\n"
                ));
            }
            for g in mine {
                yaml.push_str(&format!(
                    "      - id: mal-{i}-{g}\n        titel: Mål {i} {g}\n"
                ));
            }
        }
        w(&format!("{:03}-enhet.yaml", order[i]), yaml);
    }
}

fn unit_goals(r: &Rollup) -> Vec<(String, String)> {
    r.directions
        .iter()
        .flat_map(|d| &d.kf_goals)
        .flat_map(|k| &k.committee_goals)
        .flat_map(|g| &g.units)
        .flat_map(|u| u.goals.iter().map(|g| (u.unit.clone(), g.id.clone())))
        .collect()
}

/// The coverage matrix as (nämndmål, unit, listed, enhetsmål) facts, whatever the column order.
fn cells(r: &Rollup) -> BTreeSet<(String, String, bool, usize)> {
    r.coverage
        .matrix
        .iter()
        .flat_map(|m| {
            m.cells
                .iter()
                .zip(&r.units)
                .map(|(c, u)| (m.committee_goal.clone(), u.id.clone(), c.listed, c.goals))
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 24,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn sums_every_goal_once_in_any_file_order(
        units in prop::collection::vec((0u32..5_000, prop::collection::vec(any::<bool>(), 0..4)), 1..7),
        seed in any::<u64>(),
    ) {
        let targets: Vec<u32> = units.iter().map(|u| u.0).collect();
        let goals: Vec<Vec<bool>> = units.iter().map(|u| u.1.clone()).collect();
        let n = targets.len();
        let forward: Vec<usize> = (0..n).collect();
        let mut shuffled = forward.clone();
        // A permutation from the seed: rotate and reverse.
        shuffled.rotate_left((seed % n as u64) as usize);
        if seed & 1 == 1 {
            shuffled.reverse();
        }
        let (d1, d2) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        write_nämnd(d1.path(), &targets, &goals, &forward);
        write_nämnd(d2.path(), &targets, &goals, &shuffled);
        let p1 = Project::load(&[d1.path().to_path_buf()]).unwrap();
        let p2 = Project::load(&[d2.path().to_path_buf()]).unwrap();
        prop_assert!(!p1.has_errors(), "{:?}", p1.errors());
        let r1 = rollup(&p1.plans, &p1.sources, "by", 2021).unwrap();
        let r2 = rollup(&p2.plans, &p2.sources, "by", 2021).unwrap();

        // The rolled-up sum is the sum over units.
        let (value, gap, reaches) = aggregated(indicator(&r1, "antal"));
        prop_assert_eq!(value, targets.iter().map(|&t| f64::from(t)).sum::<f64>());
        prop_assert_eq!((gap, reaches), (Some(0.0), Some(true)));

        // Every enhetsmål exactly once.
        let got = unit_goals(&r1);
        let unique: BTreeSet<_> = got.iter().cloned().collect();
        prop_assert_eq!(unique.len(), got.len());
        let mut want = BTreeSet::new();
        for (i, g) in goals.iter().enumerate() {
            want.insert((format!("enhet-{i}"), format!("matt-{i}")));
            for j in 0..g.len() {
                want.insert((format!("enhet-{i}"), format!("mal-{i}-{j}")));
            }
        }
        prop_assert_eq!(unique, want);

        // The file order changes only the order units are listed in.
        let (mut g1, mut g2) = (got, unit_goals(&r2));
        g1.sort();
        g2.sort();
        prop_assert_eq!(g1, g2);
        prop_assert_eq!(aggregated(indicator(&r2, "antal")).0, value);
        prop_assert_eq!(cells(&r1), cells(&r2));
    }
}

/// Issue 26: Swedish Excel opened the CSV as one column of "nÃ¤mndmÃ¥l".
/// `--format excel` is the same matrix as Swedish Excel reads it (BOM,
/// semicolons, CRLF), with what an empty cell and a 0 mean after it; `csv`
/// stays RFC 4180 with commas for tools, the same cells.
#[test]
fn excel_csv_is_the_matrix_as_swedish_excel_opens_it() {
    let args = |format| {
        run(&[
            "rollup",
            "solna",
            "2021",
            "tests/fixtures/rollup",
            "--format",
            format,
        ])
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tackning.csv");
    let (_, err, code) = run(&[
        "rollup",
        "solna",
        "2021",
        "tests/fixtures/rollup",
        "--format",
        "excel",
        "--out",
        path.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let bytes = std::fs::read(&path).unwrap();
    let text = std::str::from_utf8(&bytes).unwrap();
    let body = text
        .strip_prefix('\u{feff}')
        .expect("a UTF-8 byte order mark");
    assert!(body.starts_with("nämndmål;titel;Enhet Alfa;"), "{body}");
    assert!(
        !body.replace("\r\n", "").contains('\n'),
        "CRLF line ends only"
    );
    // What the cells mean, after the matrix and a blank row.
    let (matrix, legend) = body.split_once("\r\n;\r\n").expect("a blank row");
    assert!(
        legend.contains("Tom cell: enheten tar inte upp nämndmålet."),
        "{legend}"
    );
    assert!(legend.contains("0: enheten tar upp nämndmålet"), "{legend}");

    let (csv, err, code) = args("csv");
    assert_eq!(code, 0, "{err}");
    assert!(!csv.starts_with('\u{feff}'));
    let read = |text: &str, delimiter: u8| -> Vec<Vec<String>> {
        csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .from_reader(text.as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect()
    };
    let excel_rows = read(matrix, b';');
    assert_eq!(excel_rows, read(&csv, b','));
    assert!(excel_rows.len() > 2);
    // Standard output gives the same bytes as the file.
    let (stdout, _, _) = args("excel");
    assert_eq!(stdout.as_bytes(), &bytes[..]);
}
