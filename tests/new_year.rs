//! `vp new-year` on temporary copies of `plans/`: what it writes validates with
//! only the new-year findings (VP090, VP091), `vp diff` sees no change of content,
//! and a run writes all its files or none.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::run;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// A copy of `plans/`, with the 2022 KF budget copied as 2023's when asked.
fn tree(kf_2023: bool) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("plans");
    copy_dir(Path::new("plans"), &root);
    if kf_2023 {
        let kf = std::fs::read_to_string(root.join("2022/kf-budget.yaml")).unwrap();
        std::fs::create_dir_all(root.join("2023")).unwrap();
        std::fs::write(
            root.join("2023/kf-budget.yaml"),
            kf.replace("\når: 2022\n", "\når: 2023\n"),
        )
        .unwrap();
    }
    (dir, root)
}

/// Every file under `root` with its bytes.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect()
}

/// (code, file) of every finding of `vp validate` on the tree.
fn findings(root: &Path) -> Vec<(String, String)> {
    let (out, _, _) = run(&["validate", root.to_str().unwrap(), "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_owned(),
                f["location"]["file"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn codes_in(findings: &[(String, String)], part: &str) -> Vec<String> {
    let mut codes: Vec<String> = findings
        .iter()
        .filter(|(_, f)| f.contains(part))
        .map(|(c, _)| c.clone())
        .collect();
    codes.sort();
    codes
}

#[test]
fn a_nämnd_that_ended_gets_no_plan_and_nothing_is_written() {
    // Hägersten-Liljeholmen ended 2020-06-30 (organisation.yaml): no plan for 2021;
    // Hägersten-Älvsjö continues it, which the run says.
    let (_dir, root) = tree(false);
    let before = snapshot(&root);
    let (out, err, code) = run(&[
        "new-year",
        "2020",
        "2021",
        root.to_str().unwrap(),
        "--committee",
        "hagersten-liljeholmen",
    ]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("upphörde 2020-06-30"), "{err}");
    // The successor's plan is seeded when it is asked for.
    assert!(err.contains("--committee hagersten-alvsjo"), "{err}");
    assert_eq!(snapshot(&root), before);
}

#[test]
fn next_year_validates_with_only_new_year_findings_and_diffs_clean() {
    let (_dir, root) = tree(true);
    let r = root.to_str().unwrap();
    let before = snapshot(&root);
    let args = [
        "new-year",
        "2022",
        "2023",
        r,
        "--committee",
        "hagersten-alvsjo",
    ];

    // A dry run shows the files and writes nothing.
    let (out, err, code) = run(&[&args[..], &["--dry-run"]].concat());
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("Torrkörning"), "{out}");
    assert!(
        out.contains("2023/hagersten-alvsjo/namndplan.yaml"),
        "{out}"
    );
    assert_eq!(snapshot(&root), before);

    let (out, err, code) = run(&args);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("1.3 → 1.3 (samma nummer och lydelse)"),
        "{out}"
    );
    let written = root.join("2023/hagersten-alvsjo");
    for f in [
        "namndplan.yaml",
        "namndplan.md",
        "resursenheten.yaml",
        "resursenheten.md",
    ] {
        assert!(written.join(f).is_file(), "{f} not written");
    }
    // The inputs are untouched.
    let after = snapshot(&root);
    for (path, bytes) in &before {
        assert_eq!(after.get(path), Some(bytes), "{} changed", path.display());
    }
    let nplan = std::fs::read_to_string(written.join("namndplan.yaml")).unwrap();
    assert!(nplan.contains("år: 2023"), "{nplan}");
    assert!(
        nplan.contains("fortsätter: alla-barn-forskolan-utvecklar-forstaelse-grundlaggande"),
        "{nplan}"
    );
    assert!(!nplan.contains("2022-01-01"), "{nplan}");
    let unit = std::fs::read_to_string(written.join("resursenheten.yaml")).unwrap();
    assert!(
        unit.contains("fortsätter: hagersten-alvsjo/resursenheten"),
        "{unit}"
    );

    // The new year's findings are last year's, and the new-year ones.
    let all = findings(&root);
    assert!(
        all.iter()
            .all(|(c, _)| !c.starts_with("VP01") || c == "VP015"),
        "{all:?}"
    );
    let new: Vec<String> = codes_in(&all, "/2023/hagersten-alvsjo/")
        .into_iter()
        .filter(|c| c != "VP090" && c != "VP091")
        .collect();
    assert_eq!(new, codes_in(&all, "/2022/hagersten-alvsjo/"));

    // No content changed.
    let (out, err, code) = run(&["diff", "2022", "2023", r, "--exit-code"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("Inga skillnader"), "{out}");

    // A second run without --force refuses and writes nothing, not even a file
    // that is missing.
    std::fs::remove_file(written.join("resursenheten.md")).unwrap();
    let before = snapshot(&root);
    let (out, err, code) = run(&args);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("ingen fil skrevs"), "{out}");
    assert_eq!(snapshot(&root), before);
    // With --force it does.
    let (out, err, code) = run(&[&args[..], &["--force"]].concat());
    assert_eq!(code, 0, "{out}{err}");
    assert!(written.join("resursenheten.md").is_file());
}

#[test]
fn targets_are_marked_and_changed_kf_goals_relinked_or_left_to_decide() {
    // 2019 → 2020 for Hägersten-Liljeholmen, with its 2020 plans taken away: KF's
    // goals changed between the budgets, and the 2019 plan has targets.
    let (_dir, root) = tree(false);
    std::fs::remove_dir_all(root.join("2020/hagersten-liljeholmen")).unwrap();
    let r = root.to_str().unwrap();
    let (out, err, code) = run(&[
        "new-year",
        "2019",
        "2020",
        r,
        "--committee",
        "hagersten-liljeholmen",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("behöver avgöras (VP091)"), "{out}");
    let all = findings(&root);
    let new = codes_in(&all, "/2020/hagersten-liljeholmen/");
    assert!(new.iter().any(|c| c == "VP090"), "{new:?}");
    assert!(new.iter().any(|c| c == "VP091"), "{new:?}");
    // Warnings only: activities that ran past 2019 stay (VP022), as reported.
    let (_, _, code) = run(&["validate", r]);
    assert_eq!(code, 0);
    assert!(out.contains("står kvar med sina datum"), "{out}");
}

#[test]
fn a_renumbered_kf_goal_is_found_by_its_title() {
    let (_dir, root) = tree(true);
    let kf = root.join("2023/kf-budget.yaml");
    let text = std::fs::read_to_string(&kf).unwrap();
    assert!(text.contains("nummer: \"1.3\""), "{text}");
    std::fs::write(&kf, text.replace("nummer: \"1.3\"", "nummer: \"1.9\"")).unwrap();
    let r = root.to_str().unwrap();
    let (out, err, code) = run(&[
        "new-year",
        "2022",
        "2023",
        r,
        "--committee",
        "hagersten-alvsjo",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("1.3 → 1.9 (liknande lydelse, likhet 1.00"),
        "{out}"
    );
    let nplan = std::fs::read_to_string(root.join("2023/hagersten-alvsjo/namndplan.yaml")).unwrap();
    assert!(nplan.contains("kf_mål: \"1.9\""), "{nplan}");
    let (_, _, code) = run(&["validate", r]);
    assert_eq!(code, 0);
}

#[test]
fn the_report_as_json_says_what_the_text_says() {
    let (_dir, root) = tree(true);
    let before = snapshot(&root);
    let r = root.to_str().unwrap();
    let args = ["new-year", "2022", "2023", r, "--format", "json"];
    let (out, err, code) = run(&[&args[..], &["--dry-run"]].concat());
    assert_eq!(code, 0, "{err}");
    assert_eq!(snapshot(&root), before, "a dry run writes nothing");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["written"], false);
    assert_eq!(doc["report"]["from"], 2022);
    assert_eq!(doc["report"]["to"], 2023);
    assert_eq!(doc["report"]["kf_budget"], true);
    let files: Vec<&str> = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    assert!(
        files
            .iter()
            .any(|f| f.ends_with("2023/hagersten-alvsjo/namndplan.yaml")),
        "{files:?}"
    );
    // Every nämndmål of the plan relinked, by number (the 2023 budget is 2022's).
    let relinks = doc["report"]["relinks"].as_array().unwrap();
    assert!(!relinks.is_empty());
    assert!(relinks.iter().all(|l| l["how"] == "samma"), "{out}");
    assert_eq!(doc["undecided"], 0);

    let (out, _, code) = run(&args);
    assert_eq!(code, 0);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["written"], true);
    // Again: the files exist, nothing is written, exit 1, the files named.
    let (out, _, code) = run(&args);
    assert_eq!(code, 1);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["written"], false);
    assert_eq!(
        doc["existing"].as_array().unwrap().len(),
        files.len(),
        "{out}"
    );
}

/// Every goal `vp diff FRÅN TILL` lists, across all plans: none added or removed,
/// each paired by its declared link (`fortsätter`).
fn assert_goals_paired_by_declared_link(root: &Path, from: &str, to: &str) {
    let (out, err, code) = run(&["diff", from, to, root.to_str().unwrap(), "--format", "json"]);
    assert!(code == 0 || code == 1, "{out}{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let plans = doc["plans"].as_array().unwrap();
    for p in plans {
        assert_ne!(p["change"], "added", "{p}");
        assert_ne!(p["change"], "removed", "{p}");
        for g in p["goals"].as_array().unwrap() {
            assert!(
                g["change"] != "added" && g["change"] != "removed",
                "a goal not paired: {g}"
            );
            assert_eq!(g["matched"]["reason"], "declared", "{g}");
        }
    }
}

/// A copy of the merger fixture: `norr` and `soder` end 2020, `mitt` continues both;
/// they share a nämndmål id, an indicator id, an activity id and a unit id.
fn merger_tree() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("plans");
    copy_dir(Path::new("tests/fixtures/new-year-merger"), &root);
    (dir, root)
}

#[test]
fn a_merger_seeds_one_plan_from_all_predecessors() {
    let (_dir, root) = merger_tree();
    let r = root.to_str().unwrap();
    // Before: the tree is clean, and nothing is written for 2021.
    assert_eq!(findings(&root), Vec::<(String, String)>::new());
    let (out, err, code) = run(&["new-year", "2020", "2021", r]);
    assert_eq!(code, 0, "{out}{err}");
    let written = root.join("2021/mitt");
    let mut files: Vec<String> = std::fs::read_dir(&written)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    // One nämnd plan; each predecessor's unit, the second under a new id.
    assert_eq!(
        files,
        [
            "fritid-soder.md",
            "fritid-soder.yaml",
            "fritid.md",
            "fritid.yaml",
            "namndplan.md",
            "namndplan.yaml"
        ]
    );
    assert!(!root.join("2021/norr").exists() && !root.join("2021/soder").exists());

    let plan = std::fs::read_to_string(written.join("namndplan.yaml")).unwrap();
    assert!(plan.contains("nämnd: mitt"), "{plan}");
    for line in [
        "fortsätter: norr/sjalvforsorjande",
        "fortsätter: norr/hallbar-ekonomi",
        "id: sjalvforsorjande-soder",
        "fortsätter: soder/sjalvforsorjande",
        "fortsätter: soder/trygg-stadsdel",
        "id: antal-praktikplatser-soder",
        "id: praktikanter-soder",
    ] {
        assert!(plan.contains(line), "{line} missing:\n{plan}");
    }
    // One KF part for 1.1, the first predecessor's target kept and the other's told.
    assert_eq!(plan.matches("- mål: \"1.1\"\n").count(), 1, "{plan}");
    assert!(out.contains("soder hade \"1,0 %\""), "{out}");
    // The goals under one KF goal from both are named for review.
    assert!(
        out.contains(
            "`sjalvforsorjande` (norr), `sjalvforsorjande-soder` (soder), `trygg-stadsdel` (soder)"
        ),
        "{out}"
    );
    let md = std::fs::read_to_string(written.join("namndplan.md")).unwrap();
    for heading in [
        "{#sjalvforsorjande}",
        "{#hallbar-ekonomi}",
        "{#sjalvforsorjande-soder}",
        "{#trygg-stadsdel}",
        "# Samverkan med polisen",
    ] {
        assert!(md.contains(heading), "{heading} missing:\n{md}");
    }
    assert_eq!(md.matches("# Inledning").count(), 1, "{md}");
    assert!(
        out.contains("kapitlet \"# Inledning\" fördes inte med"),
        "{out}"
    );

    let unit = std::fs::read_to_string(written.join("fritid-soder.yaml")).unwrap();
    for line in [
        "id: fritid-soder",
        "fortsätter: soder/fritid",
        "nämnd: mitt",
        "nämndmål: sjalvforsorjande-soder",
        "- praktikanter-soder",
        "indikator: antal-praktikplatser-soder",
    ] {
        assert!(unit.contains(line), "{line} missing:\n{unit}");
    }

    // Only the new-year findings.
    let all = findings(&root);
    assert!(!all.is_empty());
    assert!(all.iter().all(|(c, _)| c == "VP090"), "{all:?}");
    assert_goals_paired_by_declared_link(&root, "2020", "2021");
}

#[test]
fn the_bundled_2020_merger_seeds_hagersten_alvsjo() {
    // Hägersten-Liljeholmen's 2020 plans (Älvsjö's are not in the tree) become
    // Hägersten-Älvsjö's 2021 plans; with a 2021 budget (2020's), only the
    // new-year findings are new, and every goal is paired by its link.
    let (_dir, root) = tree(false);
    let kf = std::fs::read_to_string(root.join("2020/kf-budget.yaml")).unwrap();
    std::fs::create_dir_all(root.join("2021")).unwrap();
    std::fs::write(
        root.join("2021/kf-budget.yaml"),
        kf.replace("\når: 2020\n", "\når: 2021\n"),
    )
    .unwrap();
    let before = findings(&root);
    let r = root.to_str().unwrap();
    let (out, err, code) = run(&[
        "new-year",
        "2020",
        "2021",
        r,
        "--committee",
        "hagersten-alvsjo",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    for f in [
        "namndplan.yaml",
        "resursenheten.yaml",
        "familjeratt-sydvast.yaml",
        "administrativa-avdelningen.yaml",
    ] {
        assert!(root.join("2021/hagersten-alvsjo").join(f).is_file(), "{f}");
    }
    let plan = std::fs::read_to_string(root.join("2021/hagersten-alvsjo/namndplan.yaml")).unwrap();
    assert!(plan.contains("nämnd: hagersten-alvsjo"), "{plan}");
    assert!(
        plan.contains("fortsätter: hagersten-liljeholmen/invanarna-ar-sjalvforsorjande"),
        "{plan}"
    );
    // The shared unit's other nämnd, Älvsjö, is part of Hägersten-Älvsjö now.
    let unit = std::fs::read_to_string(root.join("2021/hagersten-alvsjo/familjeratt-sydvast.yaml"))
        .unwrap();
    assert!(!unit.contains("- alvsjo"), "{unit}");
    assert!(
        out.contains("`fler_nämnder` nämner inte längre `alvsjo`"),
        "{out}"
    );
    let after = findings(&root);
    let new: Vec<&(String, String)> = after
        .iter()
        .filter(|f| f.1.contains("/2021/"))
        .filter(|f| f.0 != "VP090" && f.0 != "VP091")
        .collect();
    // What is left is the 2020 budget's own activity dates, copied as 2021's (VP022).
    assert!(
        new.iter().all(|(c, _)| c == "VP022" || c == "VP034"),
        "{new:?}"
    );
    assert!(before.len() < after.len());
    assert_goals_paired_by_declared_link(&root, "2020", "2021");
}

#[test]
fn a_file_name_with_the_year_gets_the_new_one() {
    let (_dir, root) = merger_tree();
    let r = root.to_str().unwrap();
    // Without the merger: the predecessors go on (no `till`), each its own plan.
    std::fs::write(
        root.join("organisation.yaml"),
        "typ: organisation\nnämnder:\n  - id: norr\n    namn: Norra stadsdelsnämnden\n  - id: soder\n    namn: Södra stadsdelsnämnden\n",
    )
    .unwrap();
    std::fs::remove_file(root.join("2021/kf-budget.yaml")).unwrap();
    let (out, err, code) = run(&["new-year", "2020", "2021", r, "--dry-run"]);
    assert_eq!(code, 0, "{out}{err}");
    // `namndplan-2020.yaml` carries the year; `namndplan.yaml` and `fritid.yaml` do not.
    for f in [
        "2021/soder/namndplan-2021.yaml",
        "2021/soder/namndplan-2021.md",
        "2021/norr/namndplan.yaml",
        "2021/soder/fritid.yaml",
    ] {
        assert!(out.contains(f), "{f} missing:\n{out}");
    }
    assert!(!out.contains("2021/soder/namndplan-2020"), "{out}");
}

#[test]
fn a_tree_given_as_dot_is_written_under_it() {
    let (_dir, root) = merger_tree();
    let out = assert_cmd::Command::cargo_bin("vp")
        .unwrap()
        .current_dir(&root)
        .args(["new-year", "2020", "2021", "."])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(root.join("2021/mitt/namndplan.yaml").is_file());
}
