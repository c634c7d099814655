//! A project built again after edits, reusing the parse of the plans that did
//! not change (`Project::rebuild_from_sources`, what `vp lsp` does on each
//! edit), gives exactly the findings of a fresh build of the same files
//! (`Project::from_sources`, what `vp validate` does): random edit sequences
//! on the bundled plans — characters typed and deleted, ids renamed, files
//! moved — compared after every step.

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use vp::project::{Parses, Project};

fn read_tree(dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            read_tree(&p, out);
        } else if p.extension().is_some_and(|e| e == "yaml" || e == "md") {
            out.push((p.clone(), std::fs::read(&p).unwrap()));
        }
    }
}

fn plans() -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    read_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("plans"),
        &mut files,
    );
    files
}

/// Every finding as a comparable line: file, place, code, message, hints, related places.
fn findings(p: &Project) -> Vec<String> {
    p.diagnostics
        .iter()
        .map(|d| {
            let related: Vec<String> = d
                .related
                .iter()
                .map(|r| format!("{} {}", p.locate(r.span), r.message))
                .collect();
            format!(
                "{} {}-{} {} {} {:?} {:?}",
                p.locate(d.span),
                d.span.start,
                d.span.end,
                d.code.as_str(),
                d.message,
                d.hints,
                related
            )
        })
        .collect()
}

#[derive(Clone, Debug)]
enum Edit {
    /// Text typed at a place in a file (both taken modulo what there is).
    Insert(usize, usize, String),
    Delete(usize, usize, usize),
    /// Every `from` in a file replaced by `to` (an id renamed, or broken).
    Replace(usize, String, String),
    /// A file moved to another folder of the tree.
    Move(usize, usize),
    /// A file's text copied over another's: a plan's unit, goal and
    /// indicator ids in two files (duplicates across plans).
    Copy(usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let ids = prop::sample::select(vec![
        "medvetna-val-for-miljon",
        "attraktiv-arbetsgivare",
        "langsiktigt-hallbar-ekonomi",
        "2.5",
        "hagersten-liljeholmen",
        "klimatpaverkan-upphandlade-livsmedel-maltider",
        // Enhetsmål that a later year's plan continues.
        "enhetens-medarbetare-gor-medvetna-val-ta",
        "varje-barn-hagersten-liljeholmens-forskolor-mots",
        // A unit's id: the plan then takes another place in its unit's line.
        "id: resursenheten",
    ]);
    prop_oneof![
        (any::<usize>(), any::<usize>(), "[a-zåäö:\\- \n{}#\"]{1,6}")
            .prop_map(|(f, at, s)| Edit::Insert(f, at, s)),
        (any::<usize>(), any::<usize>(), 1usize..40).prop_map(|(f, at, n)| Edit::Delete(f, at, n)),
        (any::<usize>(), ids, "[a-z]{0,3}").prop_map(|(f, id, suffix)| {
            Edit::Replace(f, id.to_owned(), format!("{id}{suffix}x"))
        }),
        (any::<usize>(), any::<usize>()).prop_map(|(f, to)| Edit::Move(f, to)),
        (any::<usize>(), any::<usize>()).prop_map(|(f, from)| Edit::Copy(f, from)),
    ]
}

fn apply(files: &mut [(PathBuf, Vec<u8>)], e: &Edit) {
    let n = files.len();
    match e {
        Edit::Insert(f, at, s) => {
            let bytes = &mut files[f % n].1;
            let at = at % (bytes.len() + 1);
            bytes.splice(at..at, s.bytes());
        }
        Edit::Delete(f, at, len) => {
            let bytes = &mut files[f % n].1;
            let at = at % (bytes.len() + 1);
            let end = (at + len).min(bytes.len());
            bytes.drain(at..end);
        }
        Edit::Replace(f, from, to) => {
            let file = &mut files[f % n];
            let text = String::from_utf8_lossy(&file.1).replace(from.as_str(), to);
            file.1 = text.into_bytes();
        }
        Edit::Move(f, to) => {
            // As a file system moves a file: into another folder, and never
            // onto a file that is there already (two files at one path are
            // no tree an editor or a disk can hold).
            let dir = files[to % n].0.parent().unwrap().to_path_buf();
            let name = files[f % n].0.file_name().unwrap().to_owned();
            let dest = dir.join(name);
            if !files.iter().any(|(p, _)| *p == dest) {
                files[f % n].0 = dest;
            }
        }
        Edit::Copy(f, from) => files[f % n].1 = files[from % n].1.clone(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn a_rebuild_after_edits_equals_a_fresh_check(edits in prop::collection::vec(edit(), 1..5)) {
        let mut files = plans();
        let mut parses = Parses::default();
        let mut project = Project::rebuild_from_sources(
            files.clone(),
            &Project::from_sources(Vec::new()),
            &mut parses,
        );
        prop_assert_eq!(findings(&project), findings(&Project::from_sources(files.clone())));
        for e in &edits {
            apply(&mut files, e);
            project = Project::rebuild_from_sources(files.clone(), &project, &mut parses);
            let fresh = Project::from_sources(files.clone());
            prop_assert_eq!(findings(&project), findings(&fresh), "after {:?}", e);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// What `vp lsp` does on each edit: the edited file's new text given to the
    /// project in place (`Project::edit`; only its plan parsed again, unit plans
    /// that cannot be affected not validated again), or the tree built again
    /// when that cannot be done (a file moved, a text that cannot be decoded).
    #[test]
    fn edits_in_place_equal_a_fresh_check(edits in prop::collection::vec(edit(), 1..6)) {
        let mut files = plans();
        let mut parses = Parses::default();
        let mut project = Project::rebuild_from_sources(
            files.clone(),
            &Project::from_sources(Vec::new()),
            &mut parses,
        );
        for e in &edits {
            apply(&mut files, e);
            let in_place = match e {
                Edit::Move(..) => None,
                Edit::Insert(f, ..) | Edit::Delete(f, ..) | Edit::Replace(f, ..) | Edit::Copy(f, _) => {
                    let (path, bytes) = files[f % files.len()].clone();
                    project.edit(vec![(path, bytes)], &mut parses)
                }
            };
            project = match in_place {
                Some(p) => p,
                None => Project::rebuild_from_sources(files.clone(), &project, &mut parses),
            };
            let fresh = Project::from_sources(files.clone());
            prop_assert_eq!(findings(&project), findings(&fresh), "after {:?}", e);
            prop_assert!(project.plans.index() == fresh.plans.index(), "the index after {:?}", e);
        }
    }
}

/// A nämndmål renamed in the nämnd's plan, in place: every unit plan that
/// serves it is validated again (the nämnd plan is what they are checked
/// against) and reports the goal it names as unknown; renamed back, the tree
/// is as before.
#[test]
fn a_committee_goal_renamed_in_place() {
    let mut files = plans();
    let mut parses = Parses::default();
    let first = Project::rebuild_from_sources(
        files.clone(),
        &Project::from_sources(Vec::new()),
        &mut parses,
    );
    let committee = files
        .iter()
        .position(|(p, _)| p.ends_with("2020/hagersten-liljeholmen/namndplan.yaml"))
        .unwrap();
    let good = files[committee].1.clone();
    let text = String::from_utf8(good.clone()).unwrap();
    assert!(text.contains("id: medvetna-val-for-miljon"));
    files[committee].1 = text
        .replace("id: medvetna-val-for-miljon", "id: medvetna-val-for-miljo")
        .into_bytes();
    let renamed = first
        .edit(vec![files[committee].clone()], &mut parses)
        .expect("a new text for a file the tree reads is an edit in place");
    assert!(
        renamed
            .diagnostics
            .iter()
            .any(|d| d.code.as_str() == "VP012")
    );
    assert_eq!(
        findings(&renamed),
        findings(&Project::from_sources(files.clone()))
    );
    files[committee].1 = good;
    let back = renamed
        .edit(vec![files[committee].clone()], &mut parses)
        .expect("an edit in place");
    assert_eq!(findings(&back), findings(&first));
}

/// A file the tree does not read yet, or a text that cannot be decoded, is not
/// an edit in place: the caller reads the tree again.
#[test]
fn what_is_not_an_edit_in_place() {
    let files = plans();
    let mut parses = Parses::default();
    let project = Project::rebuild_from_sources(
        files.clone(),
        &Project::from_sources(Vec::new()),
        &mut parses,
    );
    let dir = files[0].0.parent().unwrap().to_path_buf();
    assert!(
        project
            .edit(
                vec![(dir.join("ny-plan.yaml"), b"x: 1".to_vec())],
                &mut parses
            )
            .is_none()
    );
    assert!(
        project
            .edit(
                vec![(files[0].0.clone(), vec![0xff, 0xfe, 0x00])],
                &mut parses
            )
            .is_none()
    );
}

/// The edit the language server sees most: one nämndmål misspelt in a unit
/// plan, then put right; the other plans' parses are reused both times.
#[test]
fn a_misspelt_reference_and_its_fix() {
    let mut files = plans();
    let mut parses = Parses::default();
    let first = Project::rebuild_from_sources(
        files.clone(),
        &Project::from_sources(Vec::new()),
        &mut parses,
    );
    let unit = files
        .iter()
        .position(|(p, _)| p.ends_with("2020/hagersten-liljeholmen/resursenheten.yaml"))
        .unwrap();
    let good = files[unit].1.clone();
    let text = String::from_utf8(good.clone()).unwrap();
    files[unit].1 = text
        .replace(
            "nämndmål: medvetna-val-for-miljon",
            "nämndmål: medvetna-val-for-miljo",
        )
        .into_bytes();
    let broken = Project::rebuild_from_sources(files.clone(), &first, &mut parses);
    assert!(
        broken
            .diagnostics
            .iter()
            .any(|d| d.code.as_str() == "VP012")
    );
    assert_eq!(
        findings(&broken),
        findings(&Project::from_sources(files.clone()))
    );
    files[unit].1 = good;
    let fixed = Project::rebuild_from_sources(files.clone(), &broken, &mut parses);
    assert_eq!(findings(&fixed), findings(&first));
}

/// Every indicator row's resolved weight (`vikt`), as comparable lines.
fn weights(p: &Project) -> Vec<String> {
    p.plans
        .indicator_rows()
        .map(|(row, i)| format!("{row:?} {:?}", i.weight_key))
        .collect()
}

/// A unit plan kept from the last validation keeps the weights resolved then
/// (it is shared with the last set, not validated again): edits in place of
/// other files, of the unit's own weight and of the nämnd's give the weights
/// of a fresh check, and the same findings.
#[test]
fn weights_of_kept_unit_plans_equal_a_fresh_check() {
    let mut files = Vec::new();
    read_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rollup"),
        &mut files,
    );
    let at = |files: &[(PathBuf, Vec<u8>)], name: &str| {
        files.iter().position(|(p, _)| p.ends_with(name)).unwrap()
    };
    let alfa = at(&files, "alfa.yaml");
    let text = String::from_utf8(files[alfa].1.clone()).unwrap();
    // An own indicator weighted by the unit's own count.
    let own = "          - indicator: utvecklingssamtal\n            årsmål: 20 st\n          - id: andel-klara\n            namn: Andel klara\n            årsmål: 50 %\n            periodicitet: År\n            enhet: \"%\"\n            riktning: högre\n            aggregering: viktat-medel\n            vikt: antal-klara\n          - id: antal-klara\n            namn: Antal klara\n            årsmål: 10 st\n            periodicitet: År\n            enhet: st\n            riktning: ingen\n            aggregering: summa\n";
    let with_own = text.replacen(
        "          - indikator: utvecklingssamtal\n            årsmål: 20 st\n",
        own,
        1,
    );
    assert_ne!(with_own, text);
    files[alfa].1 = with_own.clone().into_bytes();
    let mut parses = Parses::default();
    let mut project = Project::rebuild_from_sources(
        files.clone(),
        &Project::from_sources(Vec::new()),
        &mut parses,
    );
    let fresh = Project::from_sources(files.clone());
    assert!(
        weights(&fresh)
            .iter()
            .filter(|w| w.contains("Some"))
            .count()
            >= 2
    );
    assert_eq!(weights(&project), weights(&fresh));
    let solna = at(&files, "solna-2021.yaml");
    let solna_text = String::from_utf8(files[solna].1.clone()).unwrap();
    let steps: Vec<(usize, String)> = vec![
        // Another unit: alfa is kept as it was.
        (
            at(&files, "beta.yaml"),
            format!(
                "{}\n# ändrad\n",
                String::from_utf8(files[at(&files, "beta.yaml")].1.clone()).unwrap()
            ),
        ),
        // The unit's weight gone, then back.
        (
            alfa,
            with_own.replace("vikt: antal-klara", "vikt: antal-saknas"),
        ),
        (alfa, with_own.clone()),
        // The nämnd's weight gone, then back: every unit validated again.
        (
            solna,
            solna_text.replace("vikt: antal-barn", "vikt: antal-saknas"),
        ),
        (solna, solna_text.clone()),
        (
            at(&files, "gamma.yaml"),
            format!(
                "{}\n# ändrad\n",
                String::from_utf8(files[at(&files, "gamma.yaml")].1.clone()).unwrap()
            ),
        ),
    ];
    for (file, text) in steps {
        files[file].1 = text.into_bytes();
        project = project
            .edit(vec![files[file].clone()], &mut parses)
            .expect("an edit in place");
        let fresh = Project::from_sources(files.clone());
        assert_eq!(
            weights(&project),
            weights(&fresh),
            "after editing {:?}",
            files[file].0
        );
        assert_eq!(findings(&project), findings(&fresh));
        assert!(project.plans.index() == fresh.plans.index());
    }
}

/// Unit plans edited in place, each in the same place among the others (the
/// index is then updated for the edited plan, not built): an enhetsmål that a
/// later year's plan continues renamed and put back, that plan's
/// `fortsätter` broken, an indicator row gone, an enhetsmål renamed in a plan
/// that also has a nämndmål without enhetsmål, and a plan copied over another
/// (the same unit twice, the index then built whole). After each, the same
/// findings and the same index as a fresh check.
#[test]
fn unit_plan_edits_update_the_index() {
    let mut files = plans();
    let at = |files: &[(PathBuf, Vec<u8>)], name: &str| {
        files.iter().position(|(p, _)| p.ends_with(name)).unwrap()
    };
    let old = at(&files, "2020/hagersten-liljeholmen/resursenheten.yaml");
    let new = at(&files, "2022/hagersten-alvsjo/resursenheten.yaml");
    let family = at(
        &files,
        "2020/hagersten-liljeholmen/familjeratt-sydvast.yaml",
    );
    let text =
        |files: &[(PathBuf, Vec<u8>)], i: usize| String::from_utf8(files[i].1.clone()).unwrap();
    let old_text = text(&files, old);
    let new_text = text(&files, new);
    let edit = |t: &str, from: &str, to: &str| {
        assert!(t.contains(from), "{from}");
        t.replacen(from, to, 1)
    };
    let steps: Vec<(usize, String)> = vec![
        (
            old,
            edit(
                &old_text,
                "id: enhetens-medarbetare-gor-medvetna-val-ta",
                "id: enhetens-medarbetare-gor-medvetna-val",
            ),
        ),
        (old, old_text.clone()),
        (
            new,
            edit(
                &new_text,
                "fortsätter: varje-barn-hagersten-liljeholmens-forskolor-mots",
                "fortsätter: varje-barn-hagersten-liljeholmens-forskolor",
            ),
        ),
        (
            old,
            edit(
                &old_text,
                "      - indikator: relativ-energieffektivisering-stadens-verksamheter\n",
                "",
            ),
        ),
        (
            old,
            edit(
                &old_text,
                "      - id: varje-barn-hagersten-liljeholmens-forskolor-mots",
                "      - id: varje-barn-hagersten-liljeholmens-forskolor-mots-ny",
            ),
        ),
        (new, new_text.clone()),
        (old, old_text.clone()),
        (family, old_text.clone()),
    ];
    let mut parses = Parses::default();
    let mut project = Project::rebuild_from_sources(
        files.clone(),
        &Project::from_sources(Vec::new()),
        &mut parses,
    );
    for (file, t) in steps {
        files[file].1 = t.into_bytes();
        project = project
            .edit(vec![files[file].clone()], &mut parses)
            .expect("an edit in place");
        let fresh = Project::from_sources(files.clone());
        assert_eq!(
            findings(&project),
            findings(&fresh),
            "after editing {:?}",
            files[file].0
        );
        assert!(
            project.plans.index() == fresh.plans.index(),
            "the index after editing {:?}",
            files[file].0
        );
    }
}

/// A KF budget's file given a nämnd plan's text in place (found by the edit
/// sequences above): the year's KF budget is gone, so every unit plan of that
/// year is validated again and reports it, though the file is still upstream.
#[test]
fn a_kf_budget_overwritten_by_a_committee_plan() {
    let mut files = plans();
    let mut parses = Parses::default();
    let project = Project::rebuild_from_sources(
        files.clone(),
        &Project::from_sources(Vec::new()),
        &mut parses,
    );
    let at = |end: &str| files.iter().position(|(p, _)| p.ends_with(end)).unwrap();
    let (kf, committee) = (
        at("2022/kf-budget.yaml"),
        at("2020/hagersten-liljeholmen/namndplan.yaml"),
    );
    files[kf].1 = files[committee].1.clone();
    let edited = project
        .edit(vec![files[kf].clone()], &mut parses)
        .expect("an edit in place");
    let fresh = Project::from_sources(files.clone());
    assert_eq!(findings(&edited), findings(&fresh));
    assert!(
        findings(&fresh)
            .iter()
            .any(|f| f.contains("resursenheten.yaml") && f.contains("VP016")),
        "the unit plan of 2022 reports the missing KF budget"
    );
}
