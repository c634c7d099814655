//! Property (issue 18): `vp new-year` of any valid generated tree gives a tree
//! that validates with only the new-year findings (VP090, VP091) and whose
//! `vp diff FRÅN TILL` pairs every goal by its declared link.
//!
//! The trees: one or two nämnder (or two that merge into a third at the turn
//! of the year), nämndmål drawn from a small pool of ids so that predecessors
//! share ids, own indicators and activities, units under them, and a KF budget
//! for the new year that is the old one, has a goal renumbered, or has one removed.

mod common;

use std::fmt::Write as _;
use std::path::Path;

use common::run;
use proptest::prelude::*;

const GOALS: [&str; 3] = ["trygghet", "ekonomi", "halsa"];
const UNITS: [&str; 2] = ["fritid", "skola"];
const KF: [(&str, &str); 3] = [
    ("1.1", "I Stockholm är människor självförsörjande"),
    (
        "1.2",
        "Stockholm är en trygg stad där alla kan leva ett gott liv",
    ),
    ("3.1", "Stockholm har en budget i balans"),
];

#[derive(Debug, Clone)]
struct Goal {
    /// Index in `GOALS`.
    id: usize,
    /// Index in `KF`.
    kf: usize,
    indicator: bool,
    activity: bool,
}

#[derive(Debug, Clone)]
struct Unit {
    /// Index in `UNITS`.
    id: usize,
    /// Indices into the nämnd's goals.
    goals: Vec<usize>,
}

#[derive(Debug, Clone)]
struct Committee {
    goals: Vec<Goal>,
    units: Vec<Unit>,
}

#[derive(Debug, Clone)]
struct Tree {
    /// `a` and `b` end with the old year and `mitt` continues both.
    merger: bool,
    committees: Vec<Committee>,
    /// 0: the new budget is the old; 1: 1.2 renumbered 1.4; 2: 1.2 removed.
    kf_change: u8,
    /// Whether the nämnd plans have targets for KF's indicator.
    kf_target: bool,
}

fn committee() -> impl Strategy<Value = Committee> {
    let goals = (
        prop::sample::subsequence((0..GOALS.len()).collect::<Vec<_>>(), 1..=GOALS.len()),
        prop::collection::vec((0..KF.len(), any::<bool>(), any::<bool>()), GOALS.len()),
    )
        .prop_map(|(ids, rest)| {
            ids.into_iter()
                .zip(rest)
                .map(|(id, (kf, indicator, activity))| Goal {
                    id,
                    kf,
                    indicator,
                    activity,
                })
                .collect::<Vec<_>>()
        });
    (goals, prop::sample::subsequence(vec![0, 1], 0..=2)).prop_flat_map(|(goals, units)| {
        let n = goals.len();
        let units = units
            .into_iter()
            .map(move |id| {
                prop::sample::subsequence((0..n).collect::<Vec<_>>(), 1..=n)
                    .prop_map(move |goals| Unit { id, goals })
            })
            .collect::<Vec<_>>();
        (Just(goals), units).prop_map(|(goals, units)| Committee { goals, units })
    })
}

fn tree() -> impl Strategy<Value = Tree> {
    (
        any::<bool>(),
        prop::collection::vec(committee(), 1..=2),
        0u8..3,
        any::<bool>(),
    )
        .prop_map(|(merger, committees, kf_change, kf_target)| Tree {
            // A merger needs two predecessors.
            merger: merger && committees.len() == 2,
            committees,
            kf_change,
            kf_target,
        })
}

fn kf_budget(year: i32, goals: &[(&str, &str)]) -> String {
    let mut s = format!("typ: kf-budget\når: {year}\ninriktningsmål:\n");
    for area in ["1", "3"] {
        let under: Vec<_> = goals
            .iter()
            .filter(|(n, _)| n.split('.').next() == Some(area))
            .collect();
        if under.is_empty() {
            continue;
        }
        let _ = write!(
            s,
            "  - nummer: {area}\n    titel: Inriktningsmål {area}\n    mål:\n"
        );
        for (number, title) in under {
            let _ = write!(s, "      - nummer: \"{number}\"\n        titel: {title}\n");
            if *number == "1.1" {
                s.push_str(
                    "        indikatorer:\n          - id: andel-med-bistand\n            namn: Andel personer som har ekonomiskt bistånd\n            årsmål: 1,6 %\n            periodicitet: Tertial\n            enhet: \"%\"\n            riktning: lägre\n            aggregering: medel\n",
                );
            }
        }
    }
    s
}

const NAMES: [(&str, &str); 2] = [
    ("a", "Norra stadsdelsnämnden"),
    ("b", "Södra stadsdelsnämnden"),
];

fn write_tree(root: &Path, t: &Tree) {
    let write = |rel: &str, text: &str| {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    let mut org = String::from("typ: organisation\nnämnder:\n");
    for (id, name) in &NAMES[..t.committees.len()] {
        let _ = writeln!(org, "  - id: {id}\n    namn: {name}");
        if t.merger {
            org.push_str("    till: 2020-12-31\n");
        }
    }
    if t.merger {
        org.push_str(
            "  - id: mitt\n    namn: Mellersta stadsdelsnämnden\n    från: 2021-01-01\n    fortsätter: [a, b]\n",
        );
    }
    write("organisation.yaml", &org);
    write("2020/kf-budget.yaml", &kf_budget(2020, &KF));
    let new_kf: Vec<(&str, &str)> = match t.kf_change {
        0 => KF.to_vec(),
        1 => KF
            .iter()
            .map(|&(n, title)| (if n == "1.2" { "1.4" } else { n }, title))
            .collect(),
        _ => KF.iter().copied().filter(|(n, _)| *n != "1.2").collect(),
    };
    write("2021/kf-budget.yaml", &kf_budget(2021, &new_kf));
    for (c, (id, name)) in t.committees.iter().zip(NAMES) {
        let mut y = format!("typ: nämndplan\nnämnd: {id}\når: 2020\n");
        if t.kf_target {
            y.push_str(
                "kf_mål:\n  - mål: \"1.1\"\n    indikatorer:\n      - indikator: andel-med-bistand\n        årsmål: 1,2 %\n",
            );
        }
        y.push_str("nämndmål:\n");
        let mut md = format!("# Inledning\n\n{name}.\n\n");
        for g in &c.goals {
            let gid = GOALS[g.id];
            let _ = write!(
                y,
                "  - id: {gid}\n    titel: {name}s mål om {gid}\n    kf_mål: \"{}\"\n",
                KF[g.kf].0
            );
            if g.indicator {
                let _ = write!(
                    y,
                    "    indikatorer:\n      - id: ind-{gid}\n        namn: Antal insatser för {gid}\n        årsmål: 10 st\n        periodicitet: År\n        enhet: st\n        riktning: högre\n        aggregering: summa\n"
                );
            }
            if g.activity {
                let _ = write!(
                    y,
                    "    aktiviteter:\n      - id: akt-{gid}\n        text: Arbeta med {gid}.\n        startdatum: 2020-02-01\n        slutdatum: 2020-11-30\n"
                );
            }
            let _ = write!(
                md,
                "# Nämndmål {{#{gid}}}\n\n## Beskrivning\n\nOm {gid} i {name}.\n\n## Förväntat resultat\n\nMer {gid}.\n\n"
            );
        }
        write(&format!("2020/{id}/namndplan.yaml"), &y);
        write(&format!("2020/{id}/namndplan.md"), &md);
        for u in &c.units {
            let uid = UNITS[u.id];
            let mut y = format!(
                "typ: enhetsplan\nenhet:\n  id: {uid}\n  namn: Enheten {uid} i {name}\nnämnd: {id}\når: 2020\nnämndmål:\n"
            );
            let mut md = format!("# Inledning\n\nEnheten {uid}.\n\n");
            for &gi in &u.goals {
                let gid = GOALS[c.goals[gi].id];
                let _ = write!(
                    y,
                    "  - nämndmål: {gid}\n    enhetsmål:\n      - id: {uid}-{gid}\n        titel: Enheten {uid} arbetar med {gid}\n        aktiviteter:\n          - text: Planera {gid}.\n            startdatum: 2020-03-01\n            slutdatum: 2020-06-30\n"
                );
                let _ = write!(
                    md,
                    "# Enhetsmål {{#{uid}-{gid}}}\n\n## Förväntat resultat\n\nBättre {gid}.\n\n## Arbetssätt\n\nTillsammans.\n\n"
                );
            }
            write(&format!("2020/{id}/{uid}.yaml"), &y);
            write(&format!("2020/{id}/{uid}.md"), &md);
        }
    }
}

/// (code, file) of every finding of `vp validate` on the tree.
fn findings(root: &Path) -> Vec<(String, String)> {
    let (out, err, _) = run(&["validate", root.to_str().unwrap(), "--format", "json"]);
    let doc: serde_json::Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}"));
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

proptest! {
    // Each case runs vp four times; a few cases keep CI short.
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    #[test]
    fn new_year_of_a_valid_tree_validates_and_diffs_by_declared_links(t in tree()) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("plans");
        write_tree(&root, &t);
        let r = root.to_str().unwrap();
        // The generated tree is valid, as the property asks.
        prop_assert_eq!(findings(&root), Vec::<(String, String)>::new(), "{:?}", t);

        let (out, err, code) = run(&["new-year", "2020", "2021", r]);
        prop_assert_eq!(code, 0, "{}{}", out, err);
        let new_dir = if t.merger { "2021/mitt/" } else { "2021/" };
        let all = findings(&root);
        for (code, file) in &all {
            prop_assert!(
                code == "VP090" || code == "VP091",
                "{} in {}: {:?}\n{}", code, file, t, out
            );
            prop_assert!(file.contains(new_dir), "{} in {}", code, file);
        }
        // A removed KF goal with nämndmål under it is a decision to make.
        let undecided = t.kf_change == 2
            && t.committees.iter().any(|c| c.goals.iter().any(|g| KF[g.kf].0 == "1.2"));
        prop_assert_eq!(all.iter().any(|(c, _)| c == "VP091"), undecided, "{:?}", all);

        let (out, err, code) = run(&["diff", "2020", "2021", r, "--format", "json"]);
        prop_assert!(code == 0 || code == 1, "{}", err);
        let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
        for p in doc["plans"].as_array().unwrap() {
            prop_assert!(p["change"] != "added" && p["change"] != "removed", "{}", p);
            for g in p["goals"].as_array().unwrap() {
                prop_assert!(g["change"] != "added" && g["change"] != "removed", "{}", g);
                prop_assert_eq!(&g["matched"]["reason"], "declared", "{}", g);
            }
        }
        // Every plan of the old year has one in the new (a merger's two nämnd plans one).
        let plans_before = t.committees.iter().map(|c| 1 + c.units.len()).sum::<usize>();
        let written = walkdir::WalkDir::new(root.join("2021"))
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.path().extension().is_some_and(|x| x == "yaml"))
            .filter(|e| e.file_name() != "kf-budget.yaml")
            .count();
        prop_assert_eq!(written, plans_before - usize::from(t.merger));
    }
}
