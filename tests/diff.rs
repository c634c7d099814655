//! `vp diff`: the acceptance case on the bundled plans (one snapshot per format),
//! hand-made pairs for each kind of change, a year and a tree against themselves,
//! the mirror property, and git revisions.

#[path = "common/git.rs"]
mod git;
use git::git;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use proptest::prelude::*;
use vp::diff::{self, Ambition, Change, Diff, GoalLevel, Reason, Selection, Tree};
use vp::project::Project;

fn vp_in(dir: &Path, args: &[&str]) -> (String, String, i32) {
    let out = Command::cargo_bin("vp")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap(),
    )
}

fn vp(args: &[&str]) -> (String, String, i32) {
    vp_in(Path::new("."), args)
}

fn load(path: &Path) -> Project {
    let p = Project::load(&[path.to_path_buf()]).expect("loads");
    assert!(!p.has_errors(), "{:#?}", p.errors());
    p
}

fn years(path: &Path, from: i32, to: i32, selection: &Selection) -> Diff {
    let p = load(path);
    diff::years(
        Tree {
            plans: &p.plans,
            sources: &p.sources,
            root: path,
        },
        from,
        to,
        selection,
    )
}

fn trees(a: &Path, b: &Path) -> Diff {
    let (pa, pb) = (load(a), load(b));
    diff::trees(
        Tree {
            plans: &pa.plans,
            sources: &pa.sources,
            root: a,
        },
        Tree {
            plans: &pb.plans,
            sources: &pb.sources,
            root: b,
        },
        "a",
        "b",
        &Selection::default(),
    )
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let dest = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).unwrap();
        }
    }
}

/// The clean base tree with a hand-made case's files laid over it.
fn case(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new("tests/fixtures/_base"), dir.path());
    copy_dir(&Path::new("tests/fixtures/diff").join(name), dir.path());
    dir
}

fn base_vs(name: &str) -> Diff {
    let dir = case(name);
    trees(Path::new("tests/fixtures/_base"), dir.path())
}

fn unit_selection(unit: &str) -> Selection {
    Selection {
        committee: None,
        unit: Some(unit.to_owned()),
    }
}

// --- The acceptance case: Resursenheten 2020 → 2022 on the bundled plans.

const ACCEPTANCE: &[&str] = &["diff", "2020", "2022", "--unit", "resursenheten"];

fn acceptance(format: &str) -> String {
    let mut args = ACCEPTANCE.to_vec();
    args.extend(["--format", format, "--color", "never"]);
    let (out, err, code) = vp(&args);
    assert_eq!(code, 0, "{err}");
    out
}

/// Resursenheten 2020 → 2022 against seeds 000 and 001, the points the truth
/// audit found missing.
#[test]
fn resursenheten_2020_2022_as_the_seeds_show_it() {
    let d = years(
        Path::new("plans"),
        2020,
        2022,
        &unit_selection("resursenheten"),
    );
    assert_eq!(d.plans.len(), 1);
    let p = &d.plans[0];
    // The nämnd indicators the unit's plan showed under its nämndmål, gone in 2022.
    let removed: Vec<&str> = p
        .committee_goals
        .iter()
        .flat_map(|g| &g.indicators)
        .filter(|i| i.change == Change::Removed)
        .map(|i| i.old.as_ref().unwrap().name.as_str())
        .collect();
    assert_eq!(
        removed,
        [
            "Andelen vårdnadshavare som anser att förskolans medarbetare bemöter deras barn med respekt",
            "Självvärdering utifrån läroplansuppdraget avseende undervisningsmiljöer"
        ]
    );
    // The new enhetsmål brings its activity: three added in all.
    assert_eq!(d.summary.activities_added, 3);
    // Removed KF indicators say the target the plan showed, and whose it was.
    let kf_targets: Vec<(&str, &str)> = p
        .kf_parts
        .iter()
        .flat_map(|k| &k.indicators)
        .filter(|i| i.change == Change::Removed)
        .map(|i| {
            let o = i.old.as_ref().unwrap();
            (o.id.as_str(), o.target.as_str())
        })
        .collect();
    assert!(kf_targets.contains(&("klimatpaverkan-upphandlade-livsmedel-maltider", "1,9")));
    assert!(kf_targets.contains(&("totalt-kopt-energi-stadens-verksamheter", "3,3 GWh")));
    // An activity carried from 2020 to 2022: its dates changed, its days did not.
    let moved = p
        .committee_goals
        .iter()
        .flat_map(|g| &g.activities)
        .find(|a| a.change == Change::Changed)
        .unwrap();
    assert!(moved.dates_changed && !moved.days_changed);
    // A renamed chapter is one chapter changed.
    let names: Vec<&str> = p.sections.iter().map(|s| s.name.as_str()).collect();
    assert!(
        names.contains(&"Uppföljning av ekonomi → Redovisning av ekonomi"),
        "{names:?}"
    );
    // The nämnd's rewordings of the nämndmål the unit works towards.
    let reworded: Vec<String> = p
        .committee_goals
        .iter()
        .filter_map(|g| g.title.as_ref())
        .map(|t| diff::words::side(t, diff::WordTag::Insert))
        .collect();
    assert!(
        reworded.iter().any(|t| t.contains("lärmiljöer")),
        "{reworded:?}"
    );
    assert!(
        reworded
            .iter()
            .any(|t| t.starts_with("Invånarna i Hägersten-Älvsjö")),
        "{reworded:?}"
    );
}

/// The merger (2020 Hägersten-Liljeholmen → 2022 Hägersten-Älvsjö): KF's own
/// indicators are compared, removed KF goals are counted as removed, and the
/// nämnd's diff shows the KF goals it works under.
#[test]
fn merger_reports_kfs_own_changes() {
    let all = Selection {
        committee: None,
        unit: None,
    };
    let d = years(Path::new("plans"), 2020, 2022, &all);
    let s = &d.summary;
    assert_eq!((s.kf_goals_removed, s.kf_goals_changed), (1, 3));
    let goal = |n: &str| {
        d.kf_goals
            .iter()
            .find(|k| k.old.as_ref().is_some_and(|g| g.number == n))
            .unwrap_or_else(|| panic!("no KF goal {n}"))
    };
    let feriejobb = goal("1.1").indicators[0].target.as_ref().unwrap();
    assert_eq!(
        (feriejobb.old.as_str(), feriejobb.new.as_str()),
        ("Tas fram av nämnd", "Tas fram av nämnd/styrelse")
    );
    let gone = |n: &str| {
        goal(n)
            .indicators
            .iter()
            .filter(|i| i.change == Change::Removed)
            .count()
    };
    assert_eq!((gone("2.5"), gone("3.2")), (3, 1));
    assert_eq!(goal("1.4").change, Change::Removed);

    let committee = Selection {
        committee: Some("hagersten-alvsjo".into()),
        unit: None,
    };
    let d = years(Path::new("plans"), 2020, 2022, &committee);
    assert_eq!(d.kf_goals.len(), 4);
    let text = diff::format::text(&d, diff::format::Style::Plain);
    assert!(text.contains("KF:s mål: 1 borttaget, 3 ändrade"), "{text}");
    // 2022's plan has no nämndmål under 1.4 any more; under 2.5 it still has one.
    assert!(
        text.contains("Under KF:s mål 1.4: planen visar inget här längre"),
        "{text}"
    );
    assert!(
        text.contains("~ Under KF:s mål 2.5: ändrat i det planen visar"),
        "{text}"
    );
}

/// Without the hand-written `fortsätter` links, the 2020 → 2022 merger pairs
/// the same goals as with them: the goal left alone under a matched parent
/// pairs with its successor, and nothing is paired that the links do not pair.
#[test]
fn without_fortsatter_the_merger_pairs_every_declared_goal() {
    let pairs = |d: &Diff| -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = d
            .plans
            .iter()
            .flat_map(|p| &p.goals)
            .filter_map(|g| Some((g.old.as_ref()?.id.clone(), g.new.as_ref()?.id.clone())))
            .collect();
        out.sort();
        out
    };
    let all = Selection {
        committee: None,
        unit: None,
    };
    let declared = years(Path::new("plans"), 2020, 2022, &all);
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new("plans"), dir.path());
    for f in ["namndplan.yaml", "resursenheten.yaml"] {
        let path = dir.path().join("2022/hagersten-alvsjo").join(f);
        let text: String = std::fs::read_to_string(&path)
            .unwrap()
            .lines()
            .filter(|l| {
                !l.trim_start().starts_with("fortsätter: ")
                    || l.starts_with("  fortsätter: hagersten")
            })
            .map(|l| format!("{l}\n"))
            .collect();
        std::fs::write(&path, text).unwrap();
    }
    let guessed = years(dir.path(), 2020, 2022, &all);
    assert!(pairs(&declared).len() >= 13, "{:?}", pairs(&declared));
    assert_eq!(pairs(&guessed), pairs(&declared));
}

#[test]
fn acceptance_text() {
    let out = acceptance("text");
    assert!(out.lines().all(|l| l.chars().count() <= 80), "{out}");
    insta::assert_snapshot!("resursenheten_2020_2022.txt", out);
}

#[test]
fn acceptance_markdown() {
    insta::assert_snapshot!("resursenheten_2020_2022.md", acceptance("md"));
}

#[test]
fn acceptance_html() {
    insta::assert_snapshot!("resursenheten_2020_2022.html", acceptance("html"));
}

#[test]
fn acceptance_json_follows_its_schema() {
    let out = acceptance("json");
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    let schema = diff::schema();
    let validator = jsonschema::draft7::new(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    insta::assert_snapshot!("resursenheten_2020_2022.json", out);
}

/// The page the browser accessibility test (axe-core, with the render work) reads:
/// written to `target/diff/resursenheten-2020-2022.html`, and checked here for what
/// can be checked without a browser.
#[test]
fn acceptance_html_page_is_written_and_well_formed() {
    let d = years(
        Path::new("plans"),
        2020,
        2022,
        &unit_selection("resursenheten"),
    );
    let html = diff::format::html(&d);
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("../diff");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("resursenheten-2020-2022.html"), &html).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"sv\">"));
    assert_eq!(html.matches("<h1").count(), 1);
    assert_eq!(
        html.matches("<table").count(),
        html.matches("<caption>").count()
    );
    assert_eq!(
        html.matches("<th ").count() + html.matches("<th>").count(),
        html.matches("<th scope=").count()
    );
    assert!(html.contains("<main>") && html.contains("<header>"));
    assert!(!html.contains("<script"));
    // Changes are marked in text, not colour alone.
    assert_eq!(
        html.matches("<del>").count(),
        html.matches("<del><span class=\"vh\">borttaget: </span>")
            .count()
    );
    assert_eq!(
        html.matches("<ins>").count(),
        html.matches("<ins><span class=\"vh\">tillagt: </span>")
            .count()
    );
    // Headings never skip a level.
    let mut last = 1;
    for (i, _) in html.match_indices("<h") {
        if let Some(level) = html[i + 2..].chars().next().and_then(|c| c.to_digit(10)) {
            assert!(level <= last + 1, "h{level} after h{last}");
            last = level;
        }
    }
}

#[test]
fn acceptance_follows_the_unit_through_the_merger() {
    let d = years(
        Path::new("plans"),
        2020,
        2022,
        &unit_selection("resursenheten"),
    );
    assert!(d.kf_goals.is_empty(), "narrowed to one plan");
    assert_eq!(d.plans.len(), 1);
    let p = &d.plans[0];
    assert!(p.committee_changed);
    assert_eq!(p.old.as_ref().unwrap().committee, "hagersten-liljeholmen");
    assert_eq!(p.new.as_ref().unwrap().committee, "hagersten-alvsjo");
    assert_eq!(p.matched.unwrap().reason, Reason::Declared);
    let goal = p
        .goals
        .iter()
        .find(|g| {
            g.new
                .as_ref()
                .is_some_and(|n| n.id == "resursenhetens-budget-balans")
        })
        .unwrap();
    assert_eq!(
        goal.old.as_ref().unwrap().id,
        "enhetens-verksamhet-langsiktigt-hallbar-ekonomi"
    );
    assert_eq!(goal.matched.unwrap().reason, Reason::Declared);
    assert!(goal.title.is_some());
    assert_eq!(d.summary.goals_added, 1);
    assert_eq!(d.summary.plans_compared, 1);
}

/// The example: under KF goal 3.1 the 2020 nämndmål on a long-term
/// sustainable economy became the 2022 one on given financial limits.
#[test]
fn the_economy_goal_is_reworded_not_replaced() {
    let d = years(
        Path::new("plans"),
        2020,
        2022,
        &Selection {
            committee: Some("hagersten-alvsjo".into()),
            unit: None,
        },
    );
    let p = &d.plans[0];
    let g = p
        .goals
        .iter()
        .find(|g| {
            g.old
                .as_ref()
                .is_some_and(|o| o.id == "langsiktigt-hallbar-ekonomi")
        })
        .unwrap();
    assert_eq!(
        g.new.as_ref().unwrap().title,
        "Stadsdelsnämnden bedriver verksamheterna inom givna ekonomiska ramar"
    );
    assert_eq!(g.matched.unwrap().reason, Reason::Declared);
    assert!(!g.moved);
    assert!(g.title.is_some());
    assert!(p.committee_changed);
}

/// Without its `fortsätter` line the same goal is still found, by its words, and
/// the line to add is suggested.
#[test]
fn without_fortsatter_the_match_is_guessed_and_the_line_suggested() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new("plans"), dir.path());
    let plan = dir.path().join("2022/hagersten-alvsjo/namndplan.yaml");
    let text = std::fs::read_to_string(&plan).unwrap();
    let edited = text.replace("    fortsätter: langsiktigt-hallbar-ekonomi\n", "");
    assert_ne!(text, edited);
    std::fs::write(&plan, edited).unwrap();
    let d = years(dir.path(), 2020, 2022, &Selection::default());
    let g = d
        .plans
        .iter()
        .flat_map(|p| &p.goals)
        .find(|g| {
            g.old
                .as_ref()
                .is_some_and(|o| o.id == "langsiktigt-hallbar-ekonomi")
        })
        .unwrap();
    assert_eq!(
        g.new.as_ref().unwrap().id,
        "stadsdelsnamnden-bedriver-verksamheterna-givna-ekonomiska-ramar"
    );
    assert_eq!(g.matched.unwrap().reason, Reason::SimilarText);
    assert!(g.matched.unwrap().score >= diff::matching::SAME_PARENT);
    assert_eq!(
        g.suggestion.as_deref(),
        Some("fortsätter: langsiktigt-hallbar-ekonomi")
    );
}

// --- Hand-made pairs, one kind of change each.

#[test]
fn a_reworded_goal() {
    let d = base_vs("goal-reworded");
    assert_eq!(d.summary.goals_reworded, 1);
    assert_eq!(d.summary.goals_added + d.summary.goals_removed, 0);
    let g = &d.plans[0].goals[0];
    assert_eq!(g.level, GoalLevel::CommitteeGoal);
    assert_eq!(g.matched.unwrap().reason, Reason::SameId);
    let title = g.title.as_ref().unwrap();
    assert_eq!(
        diff::words::side(title, diff::WordTag::Insert),
        "Fler invånare försörjer sig själva"
    );
}

#[test]
fn a_goal_moved_to_another_kf_goal() {
    let d = base_vs("goal-moved");
    assert_eq!(d.summary.goals_moved, 1);
    let g = &d.plans[0].goals[0];
    assert!(g.moved);
    assert_eq!(g.old.as_ref().unwrap().parent.id, "3.1");
    assert_eq!(g.new.as_ref().unwrap().parent.id, "1.1");
}

#[test]
fn goals_added_and_removed() {
    let d = base_vs("goals-added-removed");
    assert_eq!((d.summary.goals_added, d.summary.goals_removed), (1, 1));
    let changes: Vec<(Change, &str)> = d.plans[0]
        .goals
        .iter()
        .map(|g| {
            let r = g.new.as_ref().or(g.old.as_ref()).unwrap();
            (g.change, r.id.as_str())
        })
        .collect();
    assert!(changes.contains(&(Change::Removed, "hallbar-ekonomi")));
    assert!(changes.contains(&(Change::Added, "trygga-lokaler")));
}

#[test]
fn indicators_retargeted_added_and_removed() {
    let d = base_vs("indicators");
    let s = &d.summary;
    assert_eq!(
        (
            s.indicators_added,
            s.indicators_removed,
            s.targets_changed,
            s.indicators_changed
        ),
        // The nämnd's retargeted and renamed indicator counts twice: in the
        // nämnd plan, and in the unit plan that lists its nämndmål and so
        // shows it (each plan's changes are counted).
        (1, 1, 4, 2)
    );
    let all: Vec<&diff::IndicatorDiff> = d
        .plans
        .iter()
        .flat_map(|p| {
            p.kf_parts
                .iter()
                .flat_map(|k| &k.indicators)
                .chain(p.goals.iter().flat_map(|g| &g.indicators))
        })
        .collect();
    let target = |id: &str| {
        all.iter()
            .find(|i| i.new.as_ref().is_some_and(|n| n.id == id))
            .and_then(|i| i.target.clone())
            .unwrap()
    };
    // riktning lägre: a lower share on ekonomiskt bistånd asks for more.
    let t = target("andel-med-bistand");
    assert_eq!((t.old.as_str(), t.new.as_str()), ("0,8 %", "0,6 %"));
    assert_eq!(t.ambition, Ambition::More);
    // riktning högre: fewer satisfied asks for less.
    assert_eq!(target("nojda-feriearbetare").ambition, Ambition::Less);
    // No riktning: the change is shown, its ambition not guessed.
    let t = target("antal-praktikplatser");
    assert_eq!((t.ambition, t.difference), (Ambition::Unknown, Some(20.0)));
    let p = all
        .iter()
        .find(|i| {
            i.new
                .as_ref()
                .is_some_and(|n| n.id == "antal-praktikplatser")
        })
        .unwrap();
    assert_eq!(p.fields, [vp::diff::IndicatorField::Periodicity]);
}

#[test]
fn activities_added_removed_redated_and_reworded() {
    let d = base_vs("activities");
    let s = &d.summary;
    assert_eq!(
        (
            s.activities_added,
            s.activities_removed,
            s.activity_dates_changed,
            s.activity_texts_changed
        ),
        // The unit shows the nämndmål's redated and reworded activity too, and
        // counts are per plan: it counts in both.
        (2, 1, 2, 2)
    );
    let a = d.plans[0].goals[0].activities[0].clone();
    assert!(a.dates_changed && a.text.is_some());
    assert_eq!(a.new.unwrap().start, "2020-03-01");
}

#[test]
fn prose_sections_as_word_diffs() {
    let d = base_vs("prose");
    assert_eq!(d.summary.sections_changed, 2);
    let goal_section = &d.plans[0].goals[0].sections[0];
    assert_eq!(goal_section.name, "Förväntat resultat");
    assert_eq!(
        diff::words::side(&goal_section.words, diff::WordTag::Delete),
        "Fler försörjer sig själva."
    );
    assert_eq!(d.plans[0].sections[0].name, "Inledning");
}

#[test]
fn budget_rows_with_the_difference_in_mnkr() {
    let d = base_vs("budget");
    assert_eq!(d.summary.budget_rows_changed, 2);
    let row = &d.plans[0].budget[0];
    assert_eq!(row.row, "Förskoleverksamhet");
    assert_eq!(row.unit.as_deref(), Some("mnkr"));
    let cols: Vec<(&str, Option<f64>)> = row
        .cells
        .iter()
        .map(|c| (c.column.as_str(), c.difference))
        .collect();
    assert_eq!(cols, [("Kostnader", Some(10.0)), ("Netto", Some(10.0))]);
}

/// Issue 22, point 3: a pairing made by similar text alone says it is a guess,
/// with its score, in every format; indicators need a closer match than goals.
#[test]
fn guessed_pairs_say_so_and_indicators_need_a_closer_match() {
    let d = years(Path::new("plans"), 2019, 2020, &Selection::default());
    let indicators: Vec<&diff::IndicatorDiff> = d
        .plans
        .iter()
        .flat_map(|p| {
            p.kf_parts
                .iter()
                .flat_map(|k| &k.indicators)
                .chain(p.goals.iter().flat_map(|g| &g.indicators))
        })
        .collect();
    let name = |r: &Option<diff::IndicatorRef>| r.as_ref().map(|r| r.name.clone());
    // Two different measures (0,42 alike) are one removed and one added.
    assert!(
        !indicators.iter().any(|i| {
            i.change == Change::Changed
                && name(&i.old).is_some_and(|n| n.contains("digitalt"))
                && name(&i.new).is_some_and(|n| n.contains("respekt"))
        }),
        "{indicators:#?}"
    );
    assert!(indicators.iter().any(|i| {
        i.change == Change::Added
            && name(&i.new)
                .is_some_and(|n| n.starts_with("Andelen vårdnadshavare") && n.contains("respekt"))
    }));
    // An activity paired by similar text says so in every format.
    let text = diff::format::text(&d, diff::format::Style::Plain);
    assert!(
        text.contains("~ aktivitet (gissad koppling, likhet 0,45):"),
        "{text}"
    );
    let md = diff::format::markdown(&d);
    assert!(
        md.contains("- ✏️ aktivitet _(gissad koppling, likhet 0,45)_:"),
        "{md}"
    );
    let html = diff::format::html(&d);
    assert!(
        html.contains("Aktivitet (gissad koppling, likhet 0,45)"),
        "{html}"
    );

    // An indicator renamed (new id, a word added) is paired as a guess, and says so.
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new("tests/fixtures/_base"), dir.path());
    let plan = dir.path().join("norrmalm-2020.yaml");
    let yaml = std::fs::read_to_string(&plan).unwrap().replace(
        "      - id: antal-praktikplatser\n        namn: Antal praktikplatser\n",
        "      - id: praktikplatser-unga\n        namn: Antal praktikplatser för unga\n",
    );
    std::fs::write(&plan, yaml).unwrap();
    let d = trees(Path::new("tests/fixtures/_base"), dir.path());
    let i = d.plans[0]
        .goals
        .iter()
        .flat_map(|g| &g.indicators)
        .find(|i| i.change == Change::Changed)
        .unwrap_or_else(|| panic!("{d:#?}"));
    assert_eq!(i.matched.unwrap().reason, Reason::SimilarText);
    let guess = "(gissad koppling, likhet 0,8)";
    for out in [
        diff::format::text(&d, diff::format::Style::Plain),
        diff::format::markdown(&d),
        diff::format::html(&d),
    ] {
        assert!(out.contains(guess), "{out}");
    }
}

/// Issue 22, point 5: a changed target whose ambition cannot be told says
/// why: which indicator lacks riktning and where that is set, or that the
/// targets are not numbers.
#[test]
fn an_incomparable_ambition_says_why() {
    let d = years(Path::new("plans"), 2019, 2020, &Selection::default());
    let targets: Vec<(&str, &diff::TargetChange)> = d
        .plans
        .iter()
        .flat_map(|p| p.kf_parts.iter().flat_map(|k| &k.indicators))
        .chain(d.kf_goals.iter().flat_map(|k| &k.indicators))
        .filter_map(|i| Some((i.new.as_ref()?.name.as_str(), i.target.as_ref()?)))
        .collect();
    let sick = targets
        .iter()
        .find(|(n, t)| *n == "Sjukfrånvaro" && t.old == "7,5 %")
        .unwrap_or_else(|| panic!("{targets:#?}"))
        .1;
    assert_eq!(sick.ambition, Ambition::Unknown);
    assert_eq!(
        sick.incomparable,
        Some(diff::Incomparable::NoDirection {
            indicator: "Sjukfrånvaro".into(),
            defined_in: "KF:s budget för 2020 (2020/kf-budget.yaml)".into(),
        })
    );
    let summer_jobs = targets
        .iter()
        .find(|(_, t)| t.old == "9 000 st")
        .unwrap_or_else(|| panic!("{targets:#?}"))
        .1;
    assert_eq!(
        summer_jobs.incomparable,
        Some(diff::Incomparable::NotNumbers)
    );
    let text = diff::format::text(&d, diff::format::Style::Plain);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("årsmål 7,5 % → 7 % (−0,5, ambitionen kan inte jämföras: indikatorn Sjukfrånvaro saknar riktning; den anges i indikatorns definition i KF:s budget för 2020 (2020/kf-budget.yaml))"),
        "{text}"
    );
    assert!(
        flat.contains("årsmål 9 000 st → Tas fram av nämnd (ambitionen kan inte jämföras: årsmålen är inte båda tal)"),
        "{text}"
    );
}

/// Issue 22, point 4: the chapters a tjänsteutlåtande shows whether or not the
/// plan writes them (vp writes Sammanfattning from the figures, Ärendets
/// beredning from `beredning:`) are not removed when they move between YAML and
/// Markdown; a plan's part under a KF goal is not removed while its nämndmål
/// stand under the goal.
#[test]
fn report_chapters_and_kf_parts_are_not_removed_while_the_plan_still_has_them() {
    // Ärendets beredning moved from `beredning:` to a chapter with the same
    // words; a Sammanfattning written where vp wrote one.
    let d = base_vs("report-chapters");
    let names: Vec<(&str, Change)> = d
        .plans
        .iter()
        .flat_map(|p| &p.sections)
        .map(|s| (s.name.as_str(), s.change))
        .collect();
    assert_eq!(names, [("Sammanfattning", Change::Changed)]);

    let hl = Selection {
        committee: Some("hagersten-liljeholmen".into()),
        unit: None,
    };
    let d = years(Path::new("plans"), 2019, 2020, &hl);
    let p = &d.plans[0];
    let summary = p
        .sections
        .iter()
        .find(|s| s.name == "Sammanfattning")
        .unwrap();
    assert_eq!(summary.change, Change::Changed);
    let part = |n: &str| {
        p.kf_parts
            .iter()
            .find(|k| k.old.as_deref() == Some(n))
            .unwrap_or_else(|| panic!("{n}"))
            .change
    };
    // 2020's plan has a nämndmål under 3.1 and 1.3, none under 1.2.
    assert_eq!(
        (part("3.1"), part("1.3"), part("1.2")),
        (Change::Changed, Change::Changed, Change::Removed)
    );
    let text = diff::format::text(&d, diff::format::Style::Plain);
    assert!(
        text.contains("~ Under KF:s mål 3.1: ändrat i det planen visar"),
        "{text}"
    );
    let md = diff::format::markdown(&d);
    assert!(!md.contains("Under KF:s mål 3.1: ➖ borttaget"), "{md}");
}

/// Issue 22, point 2: `--sammanfattning`, what a politician reads in two
/// minutes: nämndmål, årsmål with their direction, activities begun and ended,
/// the net budget and the largest changes by verksamhet; in Swedish, with no
/// ids, slugs or match scores, on at most two printed pages.
#[test]
fn a_summary_a_politician_reads_in_two_minutes() {
    let args = [
        "diff",
        "2019",
        "2020",
        "--committee",
        "hagersten-liljeholmen",
        "--sammanfattning",
    ];
    let (out, err, code) = vp(&args);
    assert_eq!(code, 0, "{err}");
    // Amounts hold a no-break space (`1 948,4`).
    let out = out.replace('\u{a0}', " ");
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines.len() <= 100, "{} lines:\n{out}", lines.len());
    assert!(lines.iter().all(|l| l.chars().count() <= 80), "{out}");
    for expected in [
        "Vad som ändrats från 2019 till 2020",
        "0 nya, 11 borttagna, 3 omformulerade.",
        "• Borttaget: Parkvägar i Hägersten-Liljeholmen har god framkomlighet",
        "• Omformulerat: Stadsdelsnämndens medarbetare är professionella, engagerade",
        "nu: Stadsdelsnämnden är en attraktiv arbetsgivare som erbjuder en god",
        "• Kan inte jämföras: Sjukfrånvaro: 7,5 % → 7 % (indikatorn saknar riktning)",
        "12 nya, 113 avslutade.",
        "• Avslutad: … och 108 avslutade till",
        "• Nettobudget: 1 948,4 mnkr (2019) → uppgift saknas i planen för 2020",
    ] {
        assert!(out.contains(expected), "{expected:?} not in\n{out}");
    }
    // No ids, slugs or scores.
    let slug = |w: &str| {
        w.split('-').count() >= 3
            && w.split('-').all(|p| {
                !p.is_empty()
                    && p.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            })
    };
    assert!(!out.split_whitespace().any(slug), "{out}");
    assert!(
        !out.contains("likhet") && !out.contains("matchning"),
        "{out}"
    );

    for (format, marks) in [
        ("md", ["### Nämndmål", "- **Omformulerat:**"]),
        (
            "html",
            ["<h2>Nämndmål</h2>", "<strong>Omformulerat:</strong>"],
        ),
    ] {
        let mut a = args.to_vec();
        a.extend(["--format", format]);
        let (out, err, code) = vp(&a);
        assert_eq!(code, 0, "{err}");
        let out = out.replace('\u{a0}', " ");
        for m in marks {
            assert!(out.contains(m), "{m:?} not in\n{out}");
        }
        assert!(out.contains("1 948,4 mnkr (2019)"), "{out}");
    }
    let mut a = args.to_vec();
    a.extend(["--format", "json"]);
    let (_, err, code) = vp(&a);
    assert_eq!(code, 2);
    assert!(err.contains("--sammanfattning finns för"), "{err}");

    // The largest budget changes by verksamhet, the netto columns paired by meaning.
    let dir = budget_years();
    let d = years(dir.path(), 2020, 2021, &Selection::default());
    let text = diff::brief::text(&diff::brief::brief(&d)).replace('\u{a0}', " ");
    assert!(
        text.contains("• Verksamhet: Förskoleverksamhet: +15,7 mnkr (678,3 → 694,0)"),
        "{text}"
    );
    assert!(
        text.contains("• Verksamhet: Äldreomsorg: +7,1 mnkr (592,9 → 600,0)"),
        "{text}"
    );
    assert!(!text.contains("SUMMA"), "{text}");
}

/// The years case with the budget-years files laid over it: the nämnd's
/// budget tables in 2020 and 2021.
fn budget_years() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new("tests/fixtures/diff/years"), dir.path());
    copy_dir(Path::new("tests/fixtures/diff/budget-years"), dir.path());
    dir
}

/// Issue 22, point 1: budget columns are paired by what they mean (the name
/// with the year read relative to the plan's, then the declared netto roles),
/// never by position; a table whose columns cannot be paired is another table;
/// removed rows are counted as removed.
#[test]
fn budget_columns_are_paired_by_meaning_between_years() {
    let dir = budget_years();
    let d = years(dir.path(), 2020, 2021, &Selection::default());
    let rows: Vec<&diff::BudgetRowDiff> = d.plans.iter().flat_map(|p| &p.budget).collect();
    let summa = rows
        .iter()
        .find(|r| r.row == "SUMMA")
        .unwrap_or_else(|| panic!("{rows:#?}"));
    assert_eq!(summa.change, Change::Changed);
    let cells: Vec<(&str, Option<f64>, Option<f64>)> = summa
        .cells
        .iter()
        .map(|c| (c.column.as_str(), c.old, c.new))
        .collect();
    for expected in [
        ("VP 2021 Kostn.", Some(1346.1), Some(1370.0)),
        ("VP 2021 Intäkter", Some(74.9), Some(76.0)),
        ("VP 2021 NETTO", Some(1271.2), Some(1294.0)),
        ("RAM KF 2021 netto", Some(1304.4), Some(1315.0)),
        ("RAM KF 2021 kostnader", Some(1379.3), Some(1391.0)),
    ] {
        assert!(cells.contains(&expected), "{expected:?} not in {cells:#?}");
    }
    let investments: Vec<Change> = rows
        .iter()
        .filter(|r| r.table == "Investeringar")
        .map(|r| r.change)
        .collect();
    assert_eq!(investments, [Change::Removed, Change::Added]);
    let s = &d.summary;
    assert_eq!(
        (
            s.budget_rows_changed,
            s.budget_rows_added,
            s.budget_rows_removed
        ),
        (3, 1, 1)
    );
    let text = diff::format::text(&d, diff::format::Style::Plain);
    assert!(
        text.contains("Budgetrader: 1 tillagd, 1 borttagen, 3 ändrade"),
        "{text}"
    );

    // The bundled nämnd: 2020's plan has no budget tables, so 2019's rows went.
    let d = years(Path::new("plans"), 2019, 2020, &Selection::default());
    let s = &d.summary;
    assert_eq!(
        (
            s.budget_rows_removed,
            s.budget_rows_added,
            s.budget_rows_changed
        ),
        (71, 0, 0)
    );
    let text = diff::format::text(&d, diff::format::Style::Plain);
    assert!(text.contains("Budgetrader: 71 borttagna"), "{text}");
}

/// Two budget years in one tree: KF goals renumbered (3.1 → 3.2) and reworded,
/// a nämndmål renamed without `fortsätter`, an enhetsmål that declares it.
#[test]
fn years_follow_renumbered_kf_goals_and_guess_what_is_not_declared() {
    let d = years(
        Path::new("tests/fixtures/diff/years"),
        2020,
        2021,
        &Selection::default(),
    );
    let kf: Vec<(Option<&str>, Option<&str>, Option<Reason>)> = d
        .kf_goals
        .iter()
        .map(|k| {
            (
                k.old.as_ref().map(|g| g.number.as_str()),
                k.new.as_ref().map(|g| g.number.as_str()),
                k.matched.map(|m| m.reason),
            )
        })
        .collect();
    assert_eq!(
        kf,
        [
            (Some("1.1"), Some("1.1"), Some(Reason::SameId)),
            (Some("3.1"), Some("3.2"), Some(Reason::SimilarText)),
        ]
    );
    assert_eq!(
        d.kf_goals[1].suggestion.as_deref(),
        Some("fortsätter: \"3.1\"")
    );
    let goals: Vec<&diff::GoalDiff> = d.plans.iter().flat_map(|p| &p.goals).collect();
    let economy = goals
        .iter()
        .find(|g| g.new.as_ref().is_some_and(|n| n.id == "ekonomi-i-balans"))
        .unwrap();
    assert_eq!(economy.old.as_ref().unwrap().id, "hallbar-ekonomi");
    assert_eq!(economy.matched.unwrap().reason, Reason::SimilarText);
    assert!(!economy.moved, "3.1 became 3.2: the same KF goal");
    assert_eq!(
        economy.suggestion.as_deref(),
        Some("fortsätter: hallbar-ekonomi")
    );
    let unit_goal = goals
        .iter()
        .find(|g| g.level == GoalLevel::UnitGoal)
        .unwrap();
    assert_eq!(unit_goal.matched.unwrap().reason, Reason::Declared);
    assert!(unit_goal.suggestion.is_none());
    // Activities that run the same days of their year have not changed their dates.
    assert_eq!(d.summary.activity_dates_changed, 0);
    // The line goes on the later goal, whichever side it is on.
    for (from, to) in [("2020", "2021"), ("2021", "2020")] {
        let (out, _, _) = vp(&["diff", from, to, "tests/fixtures/diff/years"]);
        assert!(
            out.contains("skriv `fortsätter: \"3.1\"` på 2021 3.2"),
            "{out}"
        );
        assert!(
            out.contains("skriv `fortsätter: hallbar-ekonomi` på målet ekonomi-i-balans"),
            "{out}"
        );
    }
}

/// Two nämnder merged into one: the merged nämnd's plan is compared with both
/// earlier plans, and each goal finds its predecessor in either.
#[test]
fn a_merger_compares_the_new_plan_with_every_plan_it_continues() {
    let tree = Path::new("tests/fixtures/diff/merger");
    let d = years(tree, 2020, 2021, &Selection::default());
    assert_eq!(d.plans.len(), 1, "{:#?}", d.plans);
    let p = &d.plans[0];
    assert_eq!(p.old.as_ref().unwrap().committee, "norr");
    let also: Vec<&str> = p.also_old.iter().map(|r| r.committee.as_str()).collect();
    assert_eq!(also, ["soder"]);
    assert_eq!(p.new.as_ref().unwrap().committee, "mitt");
    let pairs: Vec<(&str, &str, Reason)> = p
        .goals
        .iter()
        .map(|g| {
            (
                g.old.as_ref().unwrap().id.as_str(),
                g.new.as_ref().unwrap().id.as_str(),
                g.matched.unwrap().reason,
            )
        })
        .collect();
    assert_eq!(
        pairs,
        [
            ("norr-mal", "arbete", Reason::Declared),
            ("soder-mal", "studier", Reason::Declared)
        ]
    );
    assert_eq!((d.summary.plans_removed, d.summary.goals_removed), (0, 0));
    // Seen backwards, the merger is a split, and mirrors it.
    let back = years(tree, 2021, 2020, &Selection::default());
    assert_eq!(back.plans[0].also_new.len(), 1);
    assert_mirrored(&d, &back);
}

// --- Identity and the mirror.

#[test]
fn a_year_against_itself_has_no_differences() {
    for y in [2019, 2020, 2022] {
        let d = years(Path::new("plans"), y, y, &Selection::default());
        assert!(d.is_empty(), "{y}: {:#?}", d.summary);
        assert!(d.summary.plans_compared > 0);
    }
    let (out, _, code) = vp(&["diff", "2020", "2020", "--exit-code"]);
    assert_eq!(code, 0);
    assert!(out.contains("Inga skillnader (4 planer jämförda)"), "{out}");
}

#[test]
fn a_tree_against_a_copy_of_itself_has_no_differences() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new("plans"), dir.path());
    let d = trees(Path::new("plans"), dir.path());
    assert!(d.is_empty(), "{:#?}", d.summary);
    assert_eq!(d.summary.plans_compared, 7);
    let (_, _, code) = vp(&["diff", "plans", dir.path().to_str().unwrap(), "--exit-code"]);
    assert_eq!(code, 0);
}

/// Matched goals as (old id, new id), and what the diff counts, seen from `d`.
fn shape(d: &Diff) -> (Vec<(String, String)>, [usize; 14]) {
    let mut pairs: Vec<(String, String)> = d
        .plans
        .iter()
        .flat_map(|p| &p.goals)
        .filter_map(|g| Some((g.old.as_ref()?.id.clone(), g.new.as_ref()?.id.clone())))
        .collect();
    pairs.sort();
    let s = &d.summary;
    (
        pairs,
        [
            s.goals_added,
            s.goals_removed,
            s.goals_reworded,
            s.goals_moved,
            s.indicators_added,
            s.indicators_removed,
            s.targets_changed,
            s.activities_added,
            s.activities_removed,
            s.activity_dates_changed,
            s.sections_changed,
            s.budget_rows_changed,
            s.budget_rows_added,
            s.budget_rows_removed,
        ],
    )
}

fn assert_mirrored(ab: &Diff, ba: &Diff) {
    let (pairs_ab, c_ab) = shape(ab);
    let (pairs_ba, c_ba) = shape(ba);
    let mut swapped: Vec<(String, String)> = pairs_ba.into_iter().map(|(o, n)| (n, o)).collect();
    swapped.sort();
    assert_eq!(pairs_ab, swapped);
    let mirror = |c: [usize; 14]| {
        [
            c[1], c[0], c[2], c[3], c[5], c[4], c[6], c[8], c[7], c[9], c[10], c[11], c[13], c[12],
        ]
    };
    assert_eq!(c_ab, mirror(c_ba));
    assert_eq!(ab.is_empty(), ba.is_empty());
    let ambitions = |d: &Diff| -> Vec<Ambition> {
        let mut v: Vec<Ambition> = d
            .plans
            .iter()
            .flat_map(|p| {
                p.kf_parts
                    .iter()
                    .flat_map(|k| &k.indicators)
                    .chain(p.goals.iter().flat_map(|g| &g.indicators))
            })
            .filter_map(|i| i.target.as_ref().map(|t| t.ambition))
            .map(|a| match a {
                Ambition::More => Ambition::Less,
                Ambition::Less => Ambition::More,
                a => a,
            })
            .collect();
        v.sort_by_key(|a| format!("{a:?}"));
        v
    };
    let mut forward: Vec<Ambition> = ambitions(ba);
    forward.sort_by_key(|a| format!("{a:?}"));
    let mut back = ambitions(ab)
        .into_iter()
        .map(|a| match a {
            Ambition::More => Ambition::Less,
            Ambition::Less => Ambition::More,
            a => a,
        })
        .collect::<Vec<_>>();
    back.sort_by_key(|a| format!("{a:?}"));
    assert_eq!(forward, back);
}

#[test]
fn years_mirror_each_other_on_the_bundled_plans() {
    for (a, b) in [(2020, 2022), (2019, 2020), (2019, 2022)] {
        let ab = years(Path::new("plans"), a, b, &Selection::default());
        let ba = years(Path::new("plans"), b, a, &Selection::default());
        assert_mirrored(&ab, &ba);
    }
}

/// How many variants each of [`variant`]'s edits has (the first: none).
const VARIANTS: [usize; 7] = [3, 2, 3, 3, 2, 3, 2];

/// One variant of the base tree: each choice picks one of a few hand-written edits.
fn variant(choices: &[usize; 7]) -> tempfile::TempDir {
    let pick =
        |i: usize, options: &[(&'static str, &'static str)]| options[choices[i] % options.len()];
    let edits: Vec<(&str, &str, (&str, &str))> = vec![
        (
            "norrmalm-2020.yaml",
            "titel: Invånarna är självförsörjande",
            pick(
                0,
                &[
                    ("", ""),
                    ("är självförsörjande", "försörjer sig själva"),
                    ("Invånarna är självförsörjande", "Unga vuxna studerar"),
                ],
            ),
        ),
        (
            "norrmalm-2020.yaml",
            "kf_mål: \"3.1\"",
            pick(1, &[("", ""), ("3.1", "1.1")]),
        ),
        (
            "norrmalm-2020.yaml",
            "årsmål: 100 st",
            pick(2, &[("", ""), ("100", "120"), ("100", "80")]),
        ),
        (
            "norrmalm-2020.yaml",
            "årsmål: 0,8 %",
            pick(3, &[("", ""), ("0,8", "0,6"), ("0,8", "1,2")]),
        ),
        (
            "norrmalm-2020.yaml",
            "startdatum: 2020-01-27",
            pick(4, &[("", ""), ("01-27", "02-03")]),
        ),
        (
            "fritid.yaml",
            "text: Rekrytera handledare.",
            pick(
                5,
                &[
                    ("", ""),
                    ("Rekrytera handledare.", "Rekrytera fler handledare."),
                    ("Rekrytera handledare.", "Ordna introduktion."),
                ],
            ),
        ),
        (
            "norrmalm-2020.md",
            "Fler försörjer sig själva.",
            pick(6, &[("", ""), ("själva.", "själva genom arbete.")]),
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new("tests/fixtures/_base"), dir.path());
    for (file, line, (from, to)) in edits {
        if from.is_empty() {
            continue;
        }
        let path = dir.path().join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let edited_line = line.replace(from, to);
        std::fs::write(&path, text.replacen(line, &edited_line, 1)).unwrap();
    }
    dir
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// diff(A, B) and diff(B, A) mirror each other; a tree against itself is empty.
    #[test]
    fn diffs_mirror_each_other(a in prop::array::uniform7(0usize..3), b in prop::array::uniform7(0usize..3)) {
        let (da, db) = (variant(&a), variant(&b));
        let ab = trees(da.path(), db.path());
        let ba = trees(db.path(), da.path());
        assert_mirrored(&ab, &ba);
        prop_assert!(trees(da.path(), da.path()).is_empty());
        // Different edits always show; the same edits never do.
        let same = (0..7).all(|i| a[i] % VARIANTS[i] == b[i] % VARIANTS[i]);
        prop_assert_eq!(ab.is_empty(), same);
    }
}

// --- The command line.

#[test]
fn exit_codes() {
    let (_, _, code) = vp(&[
        "diff",
        "2020",
        "2022",
        "--unit",
        "resursenheten",
        "--exit-code",
    ]);
    assert_eq!(code, 1);
    let (_, _, code) = vp(&["diff", "2020", "2022", "--unit", "resursenheten"]);
    assert_eq!(code, 0);
    let (_, err, code) = vp(&["diff", "2020", "2031"]);
    assert_eq!(code, 2);
    assert!(err.contains("inga planer för 2031"), "{err}");
    let (_, err, code) = vp(&["diff", "2020", "2022", "--unit", "finns-inte"]);
    assert_eq!(code, 2);
    assert!(err.contains("finns-inte"), "{err}");
    let (_, err, code) = vp(&["diff", "plans", "finns/inte"]);
    assert_eq!(code, 2);
    assert!(err.contains("`finns/inte` är ingen katalog"), "{err}");
    let (_, err, code) = vp(&["diff", "ingen-revision-alls", "HEAD"]);
    assert_eq!(code, 2);
    assert!(err.contains("ingen-revision-alls"), "{err}");
}

#[test]
fn a_tree_with_errors_is_not_compared() {
    let dir = case("budget");
    let plan = dir.path().join("norrmalm-2020.yaml");
    let text = std::fs::read_to_string(&plan).unwrap();
    std::fs::write(
        &plan,
        text.replace("datum: 2020-01-20", "datum: 2020-01-32"),
    )
    .unwrap();
    let (out, err, code) = vp(&["diff", "tests/fixtures/_base", dir.path().to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("VP020") && err.contains("har fel"), "{err}");
}

#[test]
fn out_writes_the_file_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("diff.html");
    let mut args = ACCEPTANCE.to_vec();
    args.extend(["--format", "html", "--out", file.to_str().unwrap()]);
    let (out, _, code) = vp(&args);
    assert_eq!(code, 0);
    assert!(out.is_empty());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), acceptance("html"));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn colour_only_when_asked() {
    let mut args = ACCEPTANCE.to_vec();
    args.extend(["--color", "always"]);
    let (out, _, _) = vp(&args);
    assert!(out.contains("\x1b[32m{+"), "{out}");
    assert!(!acceptance("text").contains('\x1b'));
}

/// Two revisions of a repository, read with git archive: the working tree and
/// the index are left as they were, uncommitted edits included.
#[test]
fn git_revisions_are_read_without_touching_the_working_tree() {
    let repo = tempfile::tempdir().unwrap();
    let dir = repo.path();
    git(dir, &["init", "--quiet", "--initial-branch=main"]);
    copy_dir(Path::new("plans"), &dir.join("plans"));
    git(dir, &["add", "."]);
    git(dir, &["commit", "--quiet", "-m", "planer"]);
    let plan = dir.join("plans/2022/hagersten-alvsjo/namndplan.yaml");
    let text = std::fs::read_to_string(&plan).unwrap();
    let edited = text.replace(
        "titel: Stadsdelsnämnden bedriver verksamheterna inom givna ekonomiska ramar",
        "titel: Stadsdelsnämnden bedriver all verksamhet inom givna ekonomiska ramar",
    );
    assert_ne!(text, edited);
    std::fs::write(&plan, &edited).unwrap();
    git(dir, &["commit", "--quiet", "-am", "ny titel"]);
    // An uncommitted edit and a staged one that the diff must leave alone.
    std::fs::write(&plan, text.replace("kf_mål: \"2.4\"", "kf_mål: \"2.5\"")).unwrap();
    std::fs::write(dir.join("plans/anteckning.txt"), "utkast").unwrap();
    git(dir, &["add", "plans/anteckning.txt"]);
    let status = git(dir, &["status", "--porcelain"]);

    let (out, err, code) = vp_in(
        dir,
        &["diff", "HEAD~1", "HEAD", "--format", "json", "--exit-code"],
    );
    assert_eq!(code, 1, "{err}");
    let d: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(d["from"], "HEAD~1");
    assert_eq!(d["summary"]["goals_reworded"], 1);
    assert_eq!(
        d["summary"]["goals_moved"], 0,
        "the uncommitted edit is not read"
    );
    assert_eq!(
        d["plans"][0]["new"]["location"]["file"],
        "2022/hagersten-alvsjo/namndplan.yaml"
    );

    let (out, _, code) = vp_in(dir, &["diff", "main", "HEAD", "--exit-code"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(git(dir, &["status", "--porcelain"]), status);
    assert_eq!(
        std::fs::read_to_string(&plan).unwrap(),
        text.replace("kf_mål: \"2.4\"", "kf_mål: \"2.5\"")
    );
}

/// Regression (issue 21, point 5): a symbolic link committed in a revision was
/// followed out of the checkout, so `vp diff REV REV` printed a file of the
/// machine. A revision's links that leave it are findings, not read.
#[cfg(unix)]
#[test]
fn a_link_in_a_revision_that_leaves_it_is_not_followed() {
    let repo = tempfile::tempdir().unwrap();
    let dir = repo.path();
    let secret_dir = tempfile::tempdir().unwrap();
    let secret = secret_dir.path().join("hemlig.md");
    std::fs::write(&secret, "# Hemligt\n\nLÖSENORD-SOM-INTE-FÅR-SYNAS\n").unwrap();
    git(dir, &["init", "--quiet", "--initial-branch=main"]);
    copy_dir(Path::new("plans"), &dir.join("plans"));
    git(dir, &["add", "."]);
    git(dir, &["commit", "--quiet", "-m", "planer"]);
    git(dir, &["checkout", "--quiet", "-b", "lank"]);
    let md = dir.join("plans/2022/hagersten-alvsjo/resursenheten.md");
    std::fs::remove_file(&md).unwrap();
    std::os::unix::fs::symlink(&secret, &md).unwrap();
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "--quiet", "-m", "länk"]);
    // The working tree is the main branch's again: only the revision has the link.
    git(dir, &["checkout", "--quiet", "main"]);
    for format in ["md", "text", "json"] {
        let (out, err, code) = vp_in(dir, &["diff", "main", "lank", "--format", format]);
        assert!(!out.contains("LÖSENORD"), "{out}");
        assert!(!err.contains("LÖSENORD"), "{err}");
        assert_eq!(code, 2, "{out}{err}");
        assert!(err.contains("VP001"), "{err}");
        assert!(err.contains("utanför planträdet"), "{err}");
    }
}

/// Issue 26: one look for every page vp writes. The diff's page and its
/// summary carry the plans' stylesheet (typeface, colours, print layout with
/// its `@page`), adding only their own marks on top.
#[test]
fn the_diff_pages_have_the_plans_look_and_print_styles() {
    let css = vp::render::html::CSS;
    assert!(css.contains("@media print") && css.contains("Liberation Sans"));
    for extra in [&[][..], &["--sammanfattning"][..]] {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("diff.html");
        let mut args = vec![
            "diff",
            "2020",
            "2022",
            "--unit",
            "resursenheten",
            "--format",
            "html",
            "--out",
            page.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        let (_, err, code) = vp(&args);
        assert!(code <= 1, "{err}");
        let html = std::fs::read_to_string(&page).unwrap();
        assert!(
            html.contains(css),
            "{extra:?}: the plans' stylesheet is not in the page"
        );
        assert!(!html.contains("system-ui"), "{extra:?}: another typeface");
    }
}

/// Issue 26: `vp diff --format md` of the bundled 2020 → 2022 is longer than a
/// GitHub comment holds (65,536 characters). `--max-bytes` cuts it before a
/// heading and says what was left out and where the whole is.
#[test]
fn a_markdown_comparison_fits_a_github_comment_with_max_bytes() {
    let (full, err, code) = vp(&["diff", "2020", "2022", "--format", "md"]);
    assert_eq!(code, 0, "{err}");
    assert!(full.len() > 65_536, "{}", full.len());
    let (cut, err, code) = vp(&[
        "diff",
        "2020",
        "2022",
        "--format",
        "md",
        "--max-bytes",
        "60000",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(cut.len() <= 60_000, "{}", cut.len());
    assert!(cut.contains("avsnitt visas inte"), "{cut}");
    assert!(cut.contains("`vp diff 2020 2022 --format html`"));
    let shown = &cut[..cut.find("\n---\n\n*Avkortad").unwrap()];
    assert!(
        full.starts_with(shown.trim_end()),
        "the cut is the start of the whole"
    );
    // Small enough already: unchanged.
    let (same, _, _) = vp(&[
        "diff",
        "2020",
        "2022",
        "--format",
        "md",
        "--max-bytes",
        "1000000",
    ]);
    assert_eq!(same, full);
    let (_, err, code) = vp(&[
        "diff",
        "2020",
        "2022",
        "--format",
        "html",
        "--max-bytes",
        "60000",
    ]);
    assert_eq!(code, 2, "{err}");
}
