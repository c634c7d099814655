//! `vp new` on temporary copies of `plans/`: the skeleton it writes validates with
//! only the "to fill in" findings (VP050, one per required section), carries the
//! schema modeline and the ids made from its titles, and is written whole or not at all.

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

fn tree() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("plans");
    copy_dir(Path::new("plans"), &root);
    (dir, root)
}

fn snapshot(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect()
}

/// (code, file, line) of every finding of `vp validate` on the tree.
fn findings(root: &Path) -> Vec<(String, String, u64)> {
    let (out, _, _) = run(&["validate", root.to_str().unwrap(), "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let mut all: Vec<_> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_owned(),
                f["location"]["file"].as_str().unwrap().to_owned(),
                f["location"]["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    all.sort();
    all
}

/// The findings after a run that were not there before.
fn new_findings(
    before: &[(String, String, u64)],
    after: &[(String, String, u64)],
) -> Vec<(String, String, u64)> {
    after
        .iter()
        .filter(|f| !before.contains(f))
        .cloned()
        .collect()
}

fn read(p: PathBuf) -> String {
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn a_unit_plan_under_chosen_nämndmål_validates_with_only_its_sections_to_fill_in() {
    let (_dir, root) = tree();
    let before = findings(&root);
    let (out, err, code) = run(&[
        "new",
        "enhetsplan",
        "hagersten-alvsjo",
        "2022",
        root.to_str().unwrap(),
        "--namn",
        "Kansliet",
        "--avdelning",
        "Administrativa avdelningen",
        "--under",
        "stadsdelsnamnden-attraktiv-arbetsgivare-god-arbetsmiljo",
        "--mal",
        "stadsdelsnamnden-bedriver-verksamheterna-givna-ekonomiska-ramar=Kansliets budget är i balans",
    ]);
    assert_eq!(code, 0, "{out}\n{err}");
    let yaml = read(root.join("2022/hagersten-alvsjo/kansliet.yaml"));
    assert!(
        yaml.starts_with(
            "# yaml-language-server: $schema=../../../schemas/enhetsplan.schema.json\n"
        ),
        "{yaml}"
    );
    assert!(
        yaml.contains("\n  id: kansliet\n  namn: Kansliet\n"),
        "{yaml}"
    );
    assert!(
        yaml.contains("avdelning: Administrativa avdelningen"),
        "{yaml}"
    );
    // The chosen nämndmål and the one the goal names, in the nämnd plan's order; no others.
    let ramar = yaml
        .find("- nämndmål: stadsdelsnamnden-bedriver-verksamheterna-givna-ekonomiska-ramar")
        .expect(&yaml);
    let arbetsgivare = yaml
        .find("- nämndmål: stadsdelsnamnden-attraktiv-arbetsgivare-god-arbetsmiljo")
        .expect(&yaml);
    assert!(ramar < arbetsgivare, "{yaml}");
    assert_eq!(yaml.matches("- nämndmål:").count(), 2, "{yaml}");
    // The id from the title.
    assert!(
        yaml.contains("- id: kansliets-budget-balans\n        titel: Kansliets budget är i balans"),
        "{yaml}"
    );
    let md = read(root.join("2022/hagersten-alvsjo/kansliet.md"));
    assert!(md.starts_with("# Inledning\n"), "{md}");
    assert!(
        md.contains("# Enhetsmål: Kansliets budget är i balans {#kansliets-budget-balans}"),
        "{md}"
    );
    for section in ["## Förväntat resultat\n\n<!-- ", "## Arbetssätt\n\n<!-- "] {
        assert!(md.contains(section), "{section} in\n{md}");
    }
    assert!(out.contains("2 avsnitt att fylla i"), "{out}");

    let added = new_findings(&before, &findings(&root));
    let codes: Vec<(&str, u64)> = added
        .iter()
        .map(|(c, f, l)| {
            assert!(f.ends_with("kansliet.md"), "{added:?}");
            (c.as_str(), *l)
        })
        .collect();
    // One per required section, at its heading.
    assert_eq!(codes, [("VP050", 12), ("VP050", 16)], "{added:?}");
}

#[test]
fn a_nämnd_plan_and_a_unit_plan_under_it_for_a_nämnd_without_plans() {
    // Skärholmen has no plans in the tree: its nämnd plan under KF's goals 2022, then
    // a unit plan under all its nämndmål.
    let (_dir, root) = tree();
    let before = findings(&root);
    let (out, err, code) = run(&[
        "new",
        "nämndplan",
        "skarholmen",
        "2022",
        root.to_str().unwrap(),
        "--mal",
        "1.3=Alla barn i förskolan utvecklas och lär",
        "--mal",
        "3.2=Nämnden har en budget i balans",
        "--mal",
        "3.2=Nämnden har en budget i balans",
    ]);
    assert_eq!(code, 0, "{out}\n{err}");
    let yaml = read(root.join("2022/skarholmen/namndplan.yaml"));
    assert!(
        yaml.starts_with(
            "# yaml-language-server: $schema=../../../schemas/namndplan.schema.json\n"
        ),
        "{yaml}"
    );
    assert!(yaml.contains("kf_mål: \"1.3\""), "{yaml}");
    // Two goals with one title get two ids.
    assert!(yaml.contains("- id: namnden-budget-balans\n"), "{yaml}");
    assert!(yaml.contains("- id: namnden-budget-balans-2\n"), "{yaml}");
    let md = read(root.join("2022/skarholmen/namndplan.md"));
    assert!(md.contains("# Mål för verksamhetsområdet: "), "{md}");
    assert!(md.contains("{#3.2}"), "{md}");
    // Without --under, every KF goal of the year, each with a place for the nämnd's text.
    assert!(md.contains("{#1.1}"), "{md}");
    assert_eq!(md.matches("## Beskrivning\n\n<!-- ").count(), 3, "{md}");

    let (out, err, code) = run(&[
        "new",
        "enhetsplan",
        "skarholmen",
        "2022",
        root.to_str().unwrap(),
        "--namn",
        "Öppna förskolan Skärholmen",
        "--mal",
        "alla-barn-forskolan-utvecklas-lar=Barnen möter språket i leken",
    ]);
    assert_eq!(code, 0, "{out}\n{err}");
    let unit = read(root.join("2022/skarholmen/oppna-forskolan-skarholmen.yaml"));
    assert_eq!(unit.matches("- nämndmål:").count(), 3, "{unit}");

    let added = new_findings(&before, &findings(&root));
    let mut by_file: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (c, f, _) in &added {
        by_file.entry(f.clone()).or_default().push(c.clone());
    }
    let expected: BTreeMap<String, Vec<String>> =
        [("namndplan.md", 6), ("oppna-forskolan-skarholmen.md", 2)]
            .into_iter()
            .map(|(f, n)| {
                (
                    root.join("2022/skarholmen")
                        .join(f)
                        .to_string_lossy()
                        .into_owned(),
                    vec!["VP050".to_owned(); n],
                )
            })
            .collect();
    assert_eq!(by_file, expected, "{added:?}");
}

#[test]
fn nothing_is_overwritten_without_force_and_a_dry_run_writes_nothing() {
    let (_dir, root) = tree();
    let args = |extra: &[&str]| {
        let mut a = vec![
            "new",
            "enhetsplan",
            "hagersten-alvsjo",
            "2022",
            root.to_str().unwrap(),
            "--namn",
            "Kansliet",
        ];
        a.extend_from_slice(extra);
        a.into_iter().map(str::to_owned).collect::<Vec<_>>()
    };
    let before = snapshot(&root);
    let dry = args(&["--dry-run"]);
    let (out, err, code) = run(&dry.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Torrkörning"), "{out}");
    assert!(out.contains("typ: enhetsplan"), "{out}");
    assert_eq!(snapshot(&root), before);

    let first = args(&[]);
    let first: Vec<&str> = first.iter().map(String::as_str).collect();
    assert_eq!(run(&first).2, 0);
    let md = root.join("2022/hagersten-alvsjo/kansliet.md");
    std::fs::write(&md, "# Inledning\n\nEgen text.\n").unwrap();
    let written = snapshot(&root);
    let (out, _, code) = run(&first);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("--force"), "{out}");
    assert_eq!(snapshot(&root), written, "nothing overwritten");
    let forced = args(&["--force"]);
    let forced: Vec<&str> = forced.iter().map(String::as_str).collect();
    assert_eq!(run(&forced).2, 0);
    assert!(
        read(md).starts_with("# Inledning\n\n<!-- "),
        "the skeleton again"
    );
}

#[test]
fn unknown_names_are_refused_with_a_suggestion_and_nothing_written() {
    let (_dir, root) = tree();
    let before = snapshot(&root);
    let r = root.to_str().unwrap();
    for (args, says) in [
        (
            vec![
                "new",
                "enhetsplan",
                "hagersten-alvso",
                "2022",
                r,
                "--namn",
                "X",
            ],
            "menade du `hagersten-alvsjo`?",
        ),
        (
            vec![
                "new",
                "enhetsplan",
                "hagersten-alvsjo",
                "2022",
                r,
                "--namn",
                "X",
                "--under",
                "stadsdelsnamnden-attraktiv-arbetsgivare-god-arbetsmiljö",
            ],
            "menade du `stadsdelsnamnden-attraktiv-arbetsgivare-god-arbetsmiljo`?",
        ),
        // No nämnd plan for the year: the unit plan would have no nämndmål.
        (
            vec!["new", "enhetsplan", "skarholmen", "2022", r, "--namn", "X"],
            "vp new nämndplan skarholmen 2022",
        ),
        (
            vec!["new", "nämndplan", "skarholmen", "2021", r],
            "KF-budgeten 2021 finns inte",
        ),
        (
            vec![
                "new",
                "nämndplan",
                "skarholmen",
                "2022",
                r,
                "--mal",
                "9.9=X",
            ],
            "KF-målet `9.9` finns inte",
        ),
        // Hägersten-Liljeholmen ended in 2020.
        (
            vec!["new", "nämndplan", "hagersten-liljeholmen", "2022", r],
            "finns inte 2022",
        ),
        (
            vec!["new", "enhetsplan", "hagersten-alvsjo", "2022", r],
            "--namn",
        ),
    ] {
        let (out, err, code) = run(&args);
        assert_eq!(code, 2, "{args:?}\n{out}\n{err}");
        assert!(err.contains(says), "{args:?}: {err}");
    }
    // Not UNDER=TITEL: clap's error, in Swedish.
    let (_, err, code) = run(&["new", "nämndplan", "skarholmen", "2022", r, "--mal", "1.3"]);
    assert_eq!(code, 2);
    assert!(err.contains("UNDER=TITEL"), "{err}");
    assert_eq!(snapshot(&root), before);
}
