//! `vp impact`: a changed copy of the bundled KF budget 2022 against the tree,
//! every reference in Hägersten-Älvsjö's plans reported with file:line.

mod common;

#[path = "common/git.rs"]
mod git;
use git::git;
use std::path::Path;

use common::run;

/// The tree's KF budget 2022 with KF's changes: 2.4 removed, 3.2 renumbered to 3.3,
/// 1.3 reworded, the feriejobb indicator's årsmål set.
fn changed(dir: &Path) -> String {
    let kf = std::fs::read_to_string("plans/2022/kf-budget.yaml").unwrap();
    let kf = kf
        .replace(
            "      - nummer: \"2.4\"\n        titel: Stockholm är en modern kultur- och evenemangsstad med en stark besöksnäring\n",
            "",
        )
        .replace("nummer: \"3.2\"", "nummer: \"3.3\"")
        .replace("årsmål: Tas fram av nämnd/styrelse", "årsmål: 1 000 st")
        .replace(
            "då Stockholms skolor och förskolor",
            "då stadens skolor och förskolor",
        );
    let path = dir.join("kf-budget-2022-avstamning.yaml");
    std::fs::write(&path, kf).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn every_change_names_the_plans_rows_that_refer_to_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = changed(dir.path());
    let (out, err, code) = run(&["impact", &file, "plans", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["year"], 2022);
    let changes = doc["changes"].as_array().unwrap();
    let find = |subject: &str, kind: &str| {
        changes
            .iter()
            .find(|c| c["subject"] == subject && c["kind"] == kind)
            .unwrap_or_else(|| panic!("{subject} {kind} in {out}"))
    };
    let places = |c: &serde_json::Value| -> Vec<String> {
        c["references"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                let place = &r["location"];
                format!("{}:{}", place["file"].as_str().unwrap(), place["line"])
            })
            .collect()
    };
    let plan = "plans/2022/hagersten-alvsjo/namndplan.yaml";
    let removed = find("KF-mål 2.4", "borttaget");
    assert_eq!(removed["after"], serde_json::Value::Null);
    assert_eq!(places(removed), [format!("{plan}:26")]);
    let renumbered = find("KF-mål 3.2", "omnumrerat");
    assert!(
        renumbered["after"].as_str().unwrap().starts_with("3.3 "),
        "{renumbered}"
    );
    assert_eq!(
        places(renumbered),
        [
            format!("{plan}:50"),
            format!("{plan}:55"),
            format!("{plan}:60")
        ]
    );
    assert_eq!(places(find("KF-mål 1.3", "omformulerat")).len(), 2);
    let target = find(
        "indikator `antal-tillhandahallna-platser-feriejobb`",
        "nytt årsmål",
    );
    assert_eq!(target["before"], "Tas fram av nämnd/styrelse");
    assert_eq!(target["after"], "1 000 st");
    assert_eq!(
        places(target),
        [
            format!("{plan}:11"),
            "plans/2022/hagersten-alvsjo/resursenheten.yaml:16".to_owned()
        ]
    );
    // Goals that stayed as they were are not changes.
    assert_eq!(changes.len(), 4, "{out}");

    // --exit-code: 1 when the plans are reached; text and md say the same places.
    let (text, _, code) = run(&["impact", &file, "plans", "--exit-code"]);
    assert_eq!(code, 1);
    assert!(
        text.contains(&format!(
            "{plan}:26:9: nämndmål `invanarna-hagersten-alvsjo-tillgang-rikt-utbud`"
        )),
        "{text}"
    );
    assert!(text.contains("4 ändringar; 8 ställen"), "{text}");
    let (md, _, code) = run(&["impact", &file, "plans", "--format", "md"]);
    assert_eq!(code, 0);
    assert!(md.starts_with("# Ändringar i KF-budgeten 2022\n"), "{md}");
    assert!(md.contains(&format!("| `{plan}` | 26 | nämndmål")), "{md}");
}

#[test]
fn an_unchanged_copy_reaches_nothing_and_the_trees_own_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("kopia.yaml");
    std::fs::copy("plans/2022/kf-budget.yaml", &copy).unwrap();
    let (out, err, code) = run(&["impact", copy.to_str().unwrap(), "plans", "--exit-code"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Inga ändringar"), "{out}");

    let (_, err, code) = run(&["impact", "plans/2022/kf-budget.yaml", "plans"]);
    assert_eq!(code, 2);
    assert!(err.contains("planträdets egen KF-budget"), "{err}");

    // A year the tree has no budget for.
    let kf = std::fs::read_to_string("plans/2022/kf-budget.yaml").unwrap();
    let other = dir.path().join("kf-2030.yaml");
    std::fs::write(&other, kf.replace("\når: 2022\n", "\når: 2030\n")).unwrap();
    let (_, err, code) = run(&["impact", other.to_str().unwrap(), "plans"]);
    assert_eq!(code, 2);
    assert!(err.contains("ingen KF-budget för 2030"), "{err}");

    // Not a KF budget.
    let (_, err, code) = run(&["impact", "plans/organisation.yaml", "plans"]);
    assert_eq!(code, 2);
    assert!(err.contains("ingen KF-budget"), "{err}");
}

fn vp_in(dir: &Path, args: &[&str]) -> (String, String, i32) {
    let out = assert_cmd::Command::cargo_bin("vp")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap(),
    )
}

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

/// `--fran REV --till REV`: KF's budget in two revisions, against the plans as
/// they stand at the first; `--fran REV` alone: against the working tree's budget.
/// The working tree and the index are left as they were.
#[test]
fn two_revisions_of_the_budget_are_compared_against_the_plans() {
    let repo = tempfile::tempdir().unwrap();
    let dir = repo.path();
    git(dir, &["init", "--quiet", "--initial-branch=main"]);
    copy_dir(Path::new("plans"), &dir.join("plans"));
    git(dir, &["add", "."]);
    git(dir, &["commit", "--quiet", "-m", "planer"]);
    // KF renumbers 3.2 in the working tree: the plans no longer validate, which
    // is what impact is for.
    let kf = dir.join("plans/2022/kf-budget.yaml");
    let text = std::fs::read_to_string(&kf).unwrap();
    std::fs::write(&kf, text.replace("nummer: \"3.2\"", "nummer: \"3.3\"")).unwrap();
    let plan = "plans/2022/hagersten-alvsjo/namndplan.yaml";
    let (out, err, code) = vp_in(dir, &["impact", "--fran", "HEAD", "--exit-code"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("KF-mål 3.2 omnumrerat"), "{out}");
    assert!(out.contains(&format!("{plan}:50:9: nämndmål")), "{out}");
    assert!(
        out.contains("(HEAD:plans/2022/kf-budget.yaml) jämförd med plans/2022/kf-budget.yaml"),
        "{out}"
    );

    git(dir, &["commit", "--quiet", "-am", "avstämning"]);
    let status = git(dir, &["status", "--porcelain"]);
    let (out, err, code) = vp_in(
        dir,
        &[
            "impact", "--fran", "HEAD~1", "--till", "HEAD", "plans", "--format", "json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["tree_file"], "HEAD~1:plans/2022/kf-budget.yaml");
    assert_eq!(doc["changed_file"], "HEAD:plans/2022/kf-budget.yaml");
    let changes = doc["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 1, "{out}");
    assert_eq!(changes[0]["kind"], "omnumrerat");
    assert_eq!(
        changes[0]["location"]["file"],
        "HEAD:plans/2022/kf-budget.yaml"
    );
    let places: Vec<String> = changes[0]["references"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{}:{}",
                r["location"]["file"].as_str().unwrap(),
                r["location"]["line"]
            )
        })
        .collect();
    assert_eq!(
        places,
        [
            format!("{plan}:50"),
            format!("{plan}:55"),
            format!("{plan}:60")
        ]
    );
    assert_eq!(git(dir, &["status", "--porcelain"]), status);

    // The same revision twice: nothing changed.
    let (out, err, code) = vp_in(
        dir,
        &[
            "impact",
            "--fran",
            "HEAD~1",
            "--till",
            "HEAD~1",
            "--exit-code",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("Inga ändringar"), "{out}");

    // A KF-FIL is not given with revisions; a revision that is not there is named.
    let (_, err, code) = vp_in(dir, &["impact", "kf.yaml", "plans", "--fran", "HEAD~1"]);
    assert_eq!(code, 2);
    assert!(err.contains("ingen KF-FIL med --fran"), "{err}");
    let (_, err, code) = vp_in(dir, &["impact", "--fran", "finns-inte"]);
    assert_eq!(code, 2);
    assert!(err.contains("finns-inte"), "{err}");
}
