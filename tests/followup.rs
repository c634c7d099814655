//! The example follow-up of Hägersten-Liljeholmen's 2020 plans
//! (`examples/uppfoljning/`, invented figures): clean beside the plans, labelled as
//! invented, and the known answers of the target in force and the suggestion.

use std::path::{Path, PathBuf};

use vp::model::followup::FollowUpPlace;
use vp::model::{Assessment, FollowUpPeriod, PlanId, PlanSet, Target};
use vp::project::Project;

const EXAMPLE: &str = "examples/uppfoljning";

fn load() -> Project {
    Project::load(&[PathBuf::from("plans"), PathBuf::from(EXAMPLE)]).expect("loads")
}

fn unit(set: &PlanSet, id: &str) -> PlanId {
    set.unit_plan_ids()
        .find(|(_, p)| p.committee == "hagersten-liljeholmen" && p.unit.id == id && p.year == 2020)
        .map(|(u, _)| PlanId::Unit(u))
        .unwrap_or_else(|| panic!("no plan for {id}"))
}

fn committee(set: &PlanSet) -> PlanId {
    PlanId::Committee(
        set.committee_plan_id("hagersten-liljeholmen", 2020)
            .expect("nämnd plan"),
    )
}

#[test]
fn the_example_adds_no_finding_to_the_plans() {
    let both = load();
    let in_example: Vec<_> = both
        .diagnostics
        .iter()
        .filter(|d| both.sources.path(d.span.file).starts_with(EXAMPLE))
        .map(|d| format!("{}: {}", d.code.as_str(), d.message))
        .collect();
    assert!(in_example.is_empty(), "{in_example:#?}");
    let plans = Project::load(&[PathBuf::from("plans")]).unwrap();
    assert_eq!(both.diagnostics.len(), plans.diagnostics.len());
    // Four plans, three periods each.
    assert_eq!(both.plans.follow_ups.len(), 12);
}

#[test]
fn every_example_file_says_its_figures_are_invented() {
    let dir = Path::new(EXAMPLE).join("2020/hagersten-liljeholmen");
    let mut files = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.contains("Påhittade siffror"),
            "{} does not say its figures are invented",
            path.display()
        );
        files += 1;
    }
    assert_eq!(files, 24);
    let readme = std::fs::read_to_string(Path::new(EXAMPLE).join("README.md")).unwrap();
    assert!(readme.contains("Påhittade siffror för demonstration"));
}

#[test]
fn a_target_changed_by_decision_is_in_force_from_its_period() {
    let project = load();
    let set = &project.plans;
    let plan = committee(set);
    let place = FollowUpPlace::KfGoal("3.2".into());
    let row = set
        .follow_up_places(plan)
        .into_iter()
        .find(|p| p.place == place)
        .and_then(|p| p.indicators.iter().find(|r| r.id == "sjukfranvaro"))
        .expect("the plan's sick-leave row");
    let in_force = |period| {
        let t = set
            .target_in_force(plan, &place, row, period)
            .expect("a target");
        (
            t.target.text().to_owned(),
            t.change.map(|c| c.date.to_string()),
        )
    };
    // The plan's 7 % at T1; the decision of 2020-06-17, written in T2, from T2 on.
    assert_eq!(in_force(FollowUpPeriod::T1), ("7 %".into(), None));
    let changed = ("7,5 %".to_owned(), Some("2020-06-17".to_owned()));
    assert_eq!(in_force(FollowUpPeriod::T2), changed);
    assert_eq!(in_force(FollowUpPeriod::Vb), changed);
    // The plan keeps its own target: nothing is stored over it.
    assert_eq!(row.target, Target::parse("7 %").unwrap());
    // The split by sex is read.
    let t1 = set.follow_up(plan, FollowUpPeriod::T1).unwrap();
    let split = t1.indicator(&place, "sjukfranvaro").unwrap().split.as_ref();
    let split = split.expect("split by sex");
    assert_eq!((split.first.value, split.second.value), (8.6, 5.1));
}

#[test]
fn a_unit_is_suggested_by_its_nämnds_rule() {
    let project = load();
    let set = &project.plans;
    let plan = unit(set, "familjeratt-sydvast");
    let t1 = set.follow_up(plan, FollowUpPeriod::T1).unwrap();
    let places = set.follow_up_places(plan);
    let goal = places
        .iter()
        .find(|p| {
            p.place == FollowUpPlace::Goal("uppdrag-utfors-hog-kvalitet-sarskilt-fokus".into())
        })
        .unwrap();
    // Three of four activities on plan (one not started after its start): 75 %,
    // below 100 % for helt, above 50 % for delvis. The KF-less indicator has no
    // riktning and is not counted.
    let s = set.suggest(t1, goal).expect("a suggestion");
    assert_eq!(s.assessment, Assessment::Partial);
    assert_eq!((s.activities.met, s.activities.counted), (3, 4));
    assert_eq!(s.indicators.counted, 0);
    assert!(
        s.describe().contains("regel: helt om minst 100 %"),
        "{}",
        s.describe()
    );
    // The author's assessment stands beside it.
    assert_eq!(
        t1.goal("uppdrag-utfors-hog-kvalitet-sarskilt-fokus")
            .and_then(|g| g.assessment),
        Some(Assessment::Full)
    );
}

/// The base tree with follow-ups of its nämnd plan and three units
/// (`tests/fixtures/_followup`): known answers of the outcomes rolled up.
fn base_with_follow_ups() -> Project {
    let p = Project::load(&[
        PathBuf::from("tests/fixtures/_base"),
        PathBuf::from("tests/fixtures/_followup"),
    ])
    .expect("loads");
    let findings: Vec<_> = p
        .diagnostics
        .iter()
        .map(|d| format!("{}: {}", d.code.as_str(), d.message))
        .collect();
    assert!(findings.is_empty(), "{findings:#?}");
    p
}

#[test]
fn outcomes_roll_up_by_the_declared_aggregation() {
    use vp::rollup::followup::follow_up_rollup;
    let project = base_with_follow_ups();
    let r = follow_up_rollup(&project.plans, "norrmalm", 2020, FollowUpPeriod::T1).unwrap();
    let kf = r.places.iter().find(|p| p.id == "1.1").unwrap();
    let row = |id: &str| kf.indicators.iter().find(|i| i.id == id).unwrap();
    // summa: Fritidsenheten 41 st + Idrottsenheten 25 st.
    assert_eq!(
        row("antal-feriejobb").rolled_up_outcome,
        Ok("66 st".to_owned())
    );
    // medel: (1,2 % + 0,7 %) / 2.
    assert_eq!(
        row("andel-med-bistand").rolled_up_outcome,
        Ok("0,95 %".to_owned())
    );
    // The nämnd's own outcome against its target, by riktning: 0,9 % where lower is
    // better and the target is 0,8 %; 12 st where higher is better and it is 40 st.
    assert_eq!(row("andel-med-bistand").standing, Some("sämre än målet"));
    assert_eq!(row("antal-feriejobb").standing, Some("sämre än målet"));
    assert!(r.not_reported.is_empty());

    let r = follow_up_rollup(&project.plans, "norrmalm", 2020, FollowUpPeriod::T2).unwrap();
    let names: Vec<&str> = r.not_reported.iter().map(|u| u.name.as_str()).collect();
    assert_eq!(names, ["Simhallen"]);
    let kf = r.places.iter().find(|p| p.id == "1.1").unwrap();
    let row = |id: &str| kf.indicators.iter().find(|i| i.id == id).unwrap();
    assert_eq!(
        row("antal-feriejobb").rolled_up_outcome,
        Ok("75 st".to_owned())
    );
    // Only Idrottsenheten reported the share at T2: its own value stands.
    assert_eq!(
        row("andel-med-bistand").rolled_up_outcome,
        Ok("1,1 %".to_owned())
    );
    assert_eq!(row("andel-med-bistand").standing, Some("når målet"));
}

#[test]
fn outcomes_of_a_weighted_mean_are_weighted_by_the_units_weight_targets() {
    use vp::rollup::followup::follow_up_rollup;
    let project = Project::load(&[
        PathBuf::from("tests/fixtures/rollup"),
        PathBuf::from("tests/fixtures/_followup_weighted"),
    ])
    .expect("loads");
    let r = follow_up_rollup(&project.plans, "solna", 2021, FollowUpPeriod::Vb).unwrap();
    let goal = r.places.iter().find(|p| p.id == "larande").unwrap();
    let row = |id: &str| goal.indicators.iter().find(|i| i.id == id).unwrap();
    // viktat-medel by antal-barn, weighted as targets are, by the units' own
    // targets for it (Alfa 100 st, Beta 300 st): (70·100 + 90·300) / 400 = 85,
    // not the plain mean 80 nor the mean weighted by the outcomes 140 and 290.
    assert_eq!(
        row("andel-behoriga").rolled_up_outcome,
        Ok("85 %".to_owned())
    );
    assert_eq!(row("antal-barn").rolled_up_outcome, Ok("430 st".to_owned()));
}

#[test]
fn rollup_with_a_period_prints_outcomes_beside_targets() {
    let run = |format: &str| {
        let out = assert_cmd::Command::cargo_bin("vp")
            .unwrap()
            .args(["rollup", "norrmalm", "2020", "tests/fixtures/_base"])
            .args([
                "--uppfoljning",
                "tests/fixtures/_followup",
                "--period",
                "T2",
            ])
            .args(["--format", format])
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    insta::assert_snapshot!("rollup_t2_table", run("table"));
    insta::assert_snapshot!("rollup_t2_json", run("json"));
    insta::assert_snapshot!("rollup_t2_md", run("md"));
}

fn follow_up_html(project: &Project, plan: PlanId, period: FollowUpPeriod) -> String {
    let f = project.plans.follow_up(plan, period).expect("follow-up");
    vp::render::html::render(&vp::render::followup::document(&project.plans, f))
}

#[test]
fn the_nämnds_report_shows_outcome_target_standing_charts_and_both_assessments() {
    let project = base_with_follow_ups();
    let plan = committee_of(&project.plans, "norrmalm", 2020);
    let page = follow_up_html(&project, plan, FollowUpPeriod::T1);
    // Outcome beside target, the standing in words and a symbol, not by colour.
    assert!(page.contains("✘ sämre än målet"), "{page}");
    // Each indicator's chart is an SVG picture with a text alternative.
    assert!(page.contains("<svg") && page.contains("role=\"img\""));
    assert!(page.contains(
        "aria-label=\"Andel personer som har ekonomiskt bistånd. T1: utfall 0,9\u{a0}% (årsmål 0,8\u{a0}%).\""
    ), "{page}");
    // The author's assessment and vp's suggestion, and that they differ.
    assert!(page.contains("Målet bedöms uppfyllas delvis."));
    assert!(page.contains("Bedömningen skiljer sig från förslaget"));
    // The budget's deviation, computed: prognos 690,0 − budget 692,7.
    assert!(page.contains("−2,7") || page.contains("-2,7"), "{page}");
    insta::assert_snapshot!("norrmalm_t1_html", page);
}

#[test]
fn the_nämnds_report_is_a_tjänsteutlåtande_with_its_first_page_and_signatures() {
    let project = load();
    let set = &project.plans;
    for (period, number, report) in [
        (FollowUpPeriod::T1, "HäL 2020/0412", "tertialrapport 1 2020"),
        (
            FollowUpPeriod::Vb,
            "HäL 2020/1290",
            "verksamhetsberättelse 2020",
        ),
    ] {
        let page = follow_up_html(&project, committee(set), period);
        for s in [
            number,
            "Kim Exempel, 08-508 00 000",
            "Avdelningen för administration",
            "Förslag till beslut",
            &format!("Stadsdelsnämnden godkänner {report}."),
            "Eva Exempelsson",
            "stadsdelsdirektör",
        ] {
            assert!(page.contains(s), "{period:?} lacks {s:?}");
        }
        // The proposals come before the report's chapters, the signatures after
        // them and before the goals' follow-up.
        let at = |s: &str| page.find(s).unwrap_or_else(|| panic!("{s:?}"));
        assert!(at("Förslag till beslut") < at("Sammanfattning</h"));
        assert!(at("Eva Exempelsson") < at("id=\"mal\""), "{period:?}");
    }
    // A unit's report has no first page of a tjänsteutlåtande.
    let page = follow_up_html(&project, unit(set, "resursenheten"), FollowUpPeriod::T1);
    assert!(!page.contains("Förslag till beslut") && !page.contains("Exempelsson"));
}

#[test]
fn text_in_follow_ups_stays_text_in_the_page() {
    let dir = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir("tests/fixtures/_base").unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
    }
    let yaml = std::fs::read_to_string("tests/fixtures/_followup/norrmalm-2020.t1.yaml")
        .unwrap()
        .replace(
            "        status: pågående\nmål:",
            "        status: pågående\n        kommentar: \"</td><script>alert(1)</script> #pagebreak()\"\nmål:",
        );
    std::fs::write(dir.path().join("norrmalm-2020.t1.yaml"), yaml).unwrap();
    std::fs::write(
        dir.path().join("norrmalm-2020.t1.md"),
        "# Nämndmål {#sjalvforsorjande}\n\n<svg onload=alert(1)> $x$ #set\n\n# Nämndmål {#hallbar-ekonomi}\n\nSkäl.\n",
    )
    .unwrap();
    let project = Project::load(&[dir.path().to_path_buf()]).unwrap();
    assert!(!project.has_errors(), "{:?}", project.errors());
    let plan = committee_of(&project.plans, "norrmalm", 2020);
    let page = follow_up_html(&project, plan, FollowUpPeriod::T1);
    assert!(!page.contains("<script>"));
    assert!(!page.contains("<svg onload"));
    assert!(page.contains("&lt;/td&gt;&lt;script&gt;alert(1)&lt;/script&gt; #pagebreak()"));
}

#[test]
fn sub_headings_in_a_follow_ups_reasons_are_part_of_the_reasons() {
    let dir = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir("tests/fixtures/_base").unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
    }
    std::fs::copy(
        "tests/fixtures/_followup/norrmalm-2020.t1.yaml",
        dir.path().join("norrmalm-2020.t1.yaml"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("norrmalm-2020.t1.md"),
        "# Nämndmål {#sjalvforsorjande}\n\nSkäl.\n\n## Analys av praktikplatserna\n\nFärre än planerat.\n\n# Nämndmål {#hallbar-ekonomi}\n\nSkäl.\n",
    )
    .unwrap();
    let project = Project::load(&[dir.path().to_path_buf()]).unwrap();
    let findings: Vec<_> = project
        .diagnostics
        .iter()
        .map(|d| format!("{}: {}", d.code.as_str(), d.message))
        .collect();
    assert!(findings.is_empty(), "{findings:#?}");
    let plan = committee_of(&project.plans, "norrmalm", 2020);
    let page = follow_up_html(&project, plan, FollowUpPeriod::T1);
    assert!(
        page.contains("Analys av praktikplatserna</h"),
        "no sub-heading"
    );
    assert!(page.contains("Färre än planerat."));
}

/// The base tree and its 2020 follow-ups, with the nämnd plan and KF's budget
/// carried over to 2021 and the nämnd's T1 for 2021.
fn two_years() -> (tempfile::TempDir, Project) {
    let dir = tempfile::tempdir().unwrap();
    for from in ["tests/fixtures/_base", "tests/fixtures/_followup"] {
        for e in std::fs::read_dir(from).unwrap() {
            let p = e.unwrap().path();
            std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
        }
    }
    for (from, to) in [
        ("_base/kf-2020.yaml", "kf-2021.yaml"),
        ("_base/norrmalm-2020.yaml", "norrmalm-2021.yaml"),
        ("_base/norrmalm-2020.md", "norrmalm-2021.md"),
        ("_followup/norrmalm-2020.t1.yaml", "norrmalm-2021.t1.yaml"),
        ("_followup/norrmalm-2020.t1.md", "norrmalm-2021.t1.md"),
    ] {
        let text = std::fs::read_to_string(format!("tests/fixtures/{from}"))
            .unwrap()
            .replace("2020", "2021")
            .replace("utfall: 0,9 %", "utfall: 0,7 %");
        std::fs::write(dir.path().join(to), text).unwrap();
    }
    let project = Project::load(&[dir.path().to_path_buf()]).unwrap();
    assert!(!project.has_errors(), "{:?}", project.errors());
    (dir, project)
}

#[test]
fn a_chart_reaches_back_over_the_earlier_years_follow_ups() {
    let (_dir, project) = two_years();
    let plan = committee_of(&project.plans, "norrmalm", 2021);
    let page = follow_up_html(&project, plan, FollowUpPeriod::T1);
    // 2020's T1 and T2 of the same indicator (the nämnd plan's lineage, KF goal
    // 1.1 by its number, the row by id), then 2021's T1; every point in words.
    assert!(
        page.contains(
            "aria-label=\"Andel personer som har ekonomiskt bistånd. 2020 T1: utfall 0,9\u{a0}% (årsmål 0,8\u{a0}%). 2020 T2: utfall 0,8\u{a0}% (årsmål 0,8\u{a0}%). 2021 T1: utfall 0,7\u{a0}% (årsmål 0,8\u{a0}%).\""
        ),
        "{page}"
    );
    assert!(
        page.contains("Andel personer som har ekonomiskt bistånd: årsmål och utfall 2020–2021")
    );
    let charts: Vec<&str> = page
        .match_indices("<svg")
        .map(|(i, _)| &page[i..i + page[i..].find("</svg>").unwrap() + 6])
        .collect();
    insta::assert_snapshot!("norrmalm_2021_t1_charts", charts.join("\n"));
}

fn committee_of(set: &PlanSet, committee: &str, year: i32) -> PlanId {
    PlanId::Committee(set.committee_plan_id(committee, year).expect("nämnd plan"))
}

/// `vp render --period` into a fresh folder; the run must succeed.
fn render_follow_ups(period: &str, format: &str) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let result = assert_cmd::Command::cargo_bin("vp")
        .unwrap()
        .args([
            "render",
            "plans",
            "--uppfoljning",
            EXAMPLE,
            "--period",
            period,
        ])
        .args(["--format", format, "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    assert_eq!(
        result.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    out
}

#[test]
#[ignore = "needs Chromium (/usr/bin/chromium) and `npm ci` in tests/browser; .ci/run runs it"]
fn follow_up_pages_have_no_accessibility_violations() {
    let out = render_follow_ups("T2", "html");
    let files: Vec<PathBuf> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 4);
    let result = std::process::Command::new("node")
        .arg("tests/browser/axe.mjs")
        .args(&files)
        .output()
        .expect("node");
    let report = String::from_utf8_lossy(&result.stdout);
    assert!(
        result.status.success(),
        "axe-core found violations:\n{report}\n{}",
        String::from_utf8_lossy(&result.stderr)
    );
    assert_eq!(report.lines().count(), 4, "{report}");
}

#[test]
#[ignore = "needs typst (cargo install --locked typst-cli) and pdftotext, pdfinfo (poppler-utils); .ci/run runs it"]
fn follow_up_pdfs_are_tagged_and_their_text_extractable() {
    let out = render_follow_ups("VB", "pdf");
    let pdf = out.path().join("hagersten-liljeholmen-2020-vb.pdf");
    let info = std::process::Command::new("pdfinfo")
        .arg(&pdf)
        .output()
        .expect("pdfinfo");
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(info.contains("Tagged:          yes"), "{info}");
    let text = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    let text = String::from_utf8_lossy(&text.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for s in [
        "Verksamhetsberättelse 2020",
        "Påhittade siffror för demonstration.",
        "Målet uppfyllt helt.",
        "Förslag enligt bedömningsregeln:",
        "Sjukfrånvaro",
        "kvinnor 7,9",
        "Förslag till beslut",
        "Stadsdelsnämnden godkänner verksamhetsberättelse 2020.",
        "HäL 2020/1290",
        "Eva Exempelsson",
    ] {
        assert!(text.contains(s), "PDF lacks {s:?}");
    }
}

#[test]
fn diff_between_periods_shows_what_moved() {
    let out = assert_cmd::Command::cargo_bin("vp")
        .unwrap()
        .args(["diff", "T1", "T2", "--ar", "2020", "--uppfoljning", EXAMPLE])
        .args([
            "--committee",
            "hagersten-liljeholmen",
            "--unit",
            "familjeratt-sydvast",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("ej påbörjad → pågående"), "{text}");
    insta::assert_snapshot!("diff_t1_t2_familjeratt", text);
    // The nämnd's target changed by decision shows as moved.
    let out = assert_cmd::Command::cargo_bin("vp")
        .unwrap()
        .args(["diff", "t1", "t2", "--ar", "2020", "--uppfoljning", EXAMPLE])
        .args(["--committee", "hagersten-liljeholmen", "--format", "json"])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let moved = doc["plans"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["changes"].as_array().unwrap())
        .any(|c| c["kind"] == "årsmål" && c["before"] == "7 %" && c["after"] == "7,5 %");
    assert!(moved, "{doc:#}");
}

/// `vp diff T1 T2 --ar 2020` on the example's Familjerätt Sydväst in `format`.
fn period_diff(format: &str) -> String {
    let out = assert_cmd::Command::cargo_bin("vp")
        .unwrap()
        .args(["diff", "T1", "T2", "--ar", "2020", "--uppfoljning", EXAMPLE])
        .args([
            "--committee",
            "hagersten-liljeholmen",
            "--unit",
            "familjeratt-sydvast",
            "--format",
            format,
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn diff_between_periods_as_markdown_and_html() {
    let md = period_diff("md");
    assert!(
        md.contains("| aktivitet |") && md.contains("| ej påbörjad | pågående |"),
        "{md}"
    );
    insta::assert_snapshot!("diff_t1_t2_familjeratt_md", md);
    let html = period_diff("html");
    // Before and after marked in more than colour, and labelled for screen readers.
    assert!(
        html.contains("<del><span class=\"vh\">före: </span>ej påbörjad</del>")
            && html.contains("<ins><span class=\"vh\">efter: </span>pågående</ins>"),
        "{html}"
    );
    insta::assert_snapshot!("diff_t1_t2_familjeratt_html", html);
}

#[test]
#[ignore = "needs Chromium (/usr/bin/chromium) and `npm ci` in tests/browser; .ci/run runs it"]
fn the_period_diff_page_has_no_accessibility_violations() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("diff.html");
    std::fs::write(&page, period_diff("html")).unwrap();
    let result = std::process::Command::new("node")
        .arg("tests/browser/axe.mjs")
        .arg(&page)
        .output()
        .expect("node");
    let report = String::from_utf8_lossy(&result.stdout);
    assert!(
        result.status.success(),
        "axe-core found violations:\n{report}\n{}",
        String::from_utf8_lossy(&result.stderr)
    );
    assert_eq!(report.lines().count(), 1, "{report}");
}

#[test]
fn a_units_row_follows_its_nämnds_changed_target() {
    let project = load();
    let set = &project.plans;
    let plan = unit(set, "familjeratt-sydvast");
    let place = FollowUpPlace::KfGoal("3.2".into());
    let places = set.follow_up_places(plan);
    let row = places
        .iter()
        .find(|p| p.place == place)
        .and_then(|p| p.indicators.iter().find(|r| r.id == "sjukfranvaro"))
        .unwrap();
    let text = |period| {
        set.target_in_force(plan, &place, row, period)
            .map(|t| t.target.text().to_owned())
    };
    // The unit shows the nämnd's target: 7 % from the plan, 7,5 % after the decision.
    assert_eq!(text(FollowUpPeriod::T1).as_deref(), Some("7 %"));
    assert_eq!(text(FollowUpPeriod::T2).as_deref(), Some("7,5 %"));
}

/// Issue 19: a unit reports its status of the nämnd's activities its plan
/// carries (`aktiviteter` under the nämndmål) under `nämndmål:`; the nämnd's
/// rollup and report show the units' statuses beside its own, and the unit's
/// report has them. The example: Resursenheten and Administrativa avdelningen
/// carry `ledningsrapporter` under `langsiktigt-hallbar-ekonomi`.
#[test]
fn a_unit_reports_on_the_nämnds_activities_it_carries() {
    let project = load();
    let set = &project.plans;
    let resurs = unit(set, "resursenheten");
    let f = set.follow_up(resurs, FollowUpPeriod::T2).expect("T2");
    let place = FollowUpPlace::CommitteeGoal("langsiktigt-hallbar-ekonomi".into());
    let o = f
        .activity(&place, "ledningsrapporter")
        .expect("the status is kept");
    assert_eq!(o.status.name(), "pågående");
    // The nämnd sees its units' statuses of its activity.
    let r = vp::rollup::followup::follow_up_rollup(
        set,
        "hagersten-liljeholmen",
        2020,
        FollowUpPeriod::T2,
    )
    .unwrap();
    let goal = r
        .places
        .iter()
        .find(|p| p.id == "langsiktigt-hallbar-ekonomi")
        .unwrap();
    let a = goal
        .activities
        .iter()
        .find(|a| a.activity.contains("ledningsrapporter"))
        .unwrap();
    assert_eq!(
        a.status,
        Some("uppskjuten"),
        "the nämnd's own status stands"
    );
    // Three units carry it (Familjerätt Sydväst lists no `aktiviteter`: all of them); two report.
    assert_eq!(a.carried_by, 3);
    let units: Vec<(&str, &str)> = a
        .units
        .iter()
        .map(|u| (u.unit.as_str(), u.status))
        .collect();
    assert_eq!(
        units,
        [
            ("administrativa-avdelningen", "uppskjuten"),
            ("resursenheten", "pågående")
        ]
    );
    let text = vp::rollup::followup::text(&r);
    assert!(
        text.contains("enheterna som genomför den (2 av 3 har rapporterat status):\n      Administrativa avdelningen: uppskjuten\n        kommentar: Avdelningens ledningsrapporter väntar"),
        "{text}"
    );
    // Not owed: units that carry it and say nothing get no VP112 (the example is clean).
    // The nämnd's report: the units' statuses under the nämndmål.
    let page = follow_up_html(&project, committee(set), FollowUpPeriod::T2);
    assert!(
        page.contains("Enheternas status för nämndens aktiviteter: Stadsdelsnämndens verksamheter har en långsiktigt hållbar ekonomi"),
        "{page}"
    );
    // The unit's report: its status of the nämnd's activity, under the nämndmål.
    let page = follow_up_html(&project, resurs, FollowUpPeriod::T2);
    assert!(
        page.contains("Nämndens aktiviteter som enheten genomför"),
        "{page}"
    );
    assert!(
        page.contains("id=\"langsiktigt-hallbar-ekonomi\""),
        "{page}"
    );
    // A unit that reports none has no such section.
    let page = follow_up_html(&project, resurs, FollowUpPeriod::T1);
    assert!(!page.contains("Nämndens aktiviteter som enheten genomför"));
}

/// The example tree with one follow-up file's text changed, loaded.
fn example_with(file: &str, from: &str, to: &str) -> (tempfile::TempDir, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("uppfoljning");
    let src = Path::new(EXAMPLE).join("2020/hagersten-liljeholmen");
    let dst = copy.join("2020/hagersten-liljeholmen");
    std::fs::create_dir_all(&dst).unwrap();
    for e in std::fs::read_dir(&src).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dst.join(p.file_name().unwrap())).unwrap();
    }
    let path = dst.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} has no `{from}`");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    let p = Project::load(&[PathBuf::from("plans"), copy]).expect("loads");
    let found = p
        .diagnostics
        .iter()
        .filter(|d| p.sources.path(d.span.file).starts_with(dir.path()))
        .map(|d| {
            format!(
                "{}: {} ({})",
                d.code.as_str(),
                d.message,
                d.hints.join("; ")
            )
        })
        .collect();
    (dir, found)
}

#[test]
fn a_carried_activity_reported_in_the_wrong_place_is_told_where_it_goes() {
    // Under the enhetsmål below the nämndmål: where to move it.
    let (_d, found) = example_with(
        "resursenheten.t2.yaml",
        "  - mål: enhetens-verksamhet-langsiktigt-hallbar-ekonomi\n    bedömning: helt\n",
        "  - mål: enhetens-verksamhet-langsiktigt-hallbar-ekonomi\n    bedömning: helt\n    aktiviteter:\n      - aktivitet: ledningsrapporter\n        status: pågående\n",
    );
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].starts_with("VP111: aktiviteten `ledningsrapporter` är nämndens")
            && found[0].contains("`nämndmål:` → `- nämndmål: langsiktigt-hallbar-ekonomi`"),
        "{found:#?}"
    );
    // Under `mål:` with the nämndmål's id: the unit assesses only its enhetsmål.
    let (_d, found) = example_with(
        "resursenheten.t2.yaml",
        "\nmål:\n",
        "\nmål:\n  - mål: langsiktigt-hallbar-ekonomi\n    bedömning: helt\n",
    );
    assert!(
        found
            .iter()
            .any(|f| f.starts_with("VP111: `langsiktigt-hallbar-ekonomi` är nämndens mål")),
        "{found:#?}"
    );
    // A nämndmål whose activities the unit does not carry (`aktiviteter: []`).
    let (_d, found) = example_with(
        "resursenheten.t2.yaml",
        "  - nämndmål: langsiktigt-hallbar-ekonomi",
        "  - nämndmål: medvetna-val-for-miljon",
    );
    assert!(
        found.iter().any(|f| f.starts_with(
            "VP111: enheten genomför ingen av nämndmålet `medvetna-val-for-miljon`s aktiviteter"
        )),
        "{found:#?}"
    );
    // An activity of the nämndmål the unit's list leaves out.
    let (_d, found) = example_with(
        "resursenheten.t2.yaml",
        "      - aktivitet: ledningsrapporter\n        status: pågående",
        "      - aktivitet: prognosuppfoljning\n        status: pågående",
    );
    assert!(
        found.iter().any(|f| f.starts_with(
            "VP111: enheten genomför inte nämndens aktivitet `prognosuppfoljning` enligt sin plan"
        ) && f
            .contains("`aktiviteter:` under nämndmålet `langsiktigt-hallbar-ekonomi`")),
        "{found:#?}"
    );
    // `nämndmål:` in the nämnd's own follow-up.
    let (_d, found) = example_with(
        "namndplan.t2.yaml",
        "\nmål:\n",
        "\nnämndmål:\n  - nämndmål: langsiktigt-hallbar-ekonomi\nmål:\n",
    );
    assert!(
        found
            .iter()
            .any(|f| f.starts_with("VP111: `nämndmål:` hör till en enhets uppföljning")),
        "{found:#?}"
    );
}

#[test]
fn a_rows_place_is_that_of_the_place_holding_it() {
    // `place_of_row` finds without building `follow_up_places` what they give.
    let project = load();
    let set = &project.plans;
    let plans: Vec<PlanId> = set
        .committee_plan_ids()
        .map(|(c, _)| PlanId::Committee(c))
        .chain(set.unit_plan_ids().map(|(u, _)| PlanId::Unit(u)))
        .collect();
    let mut rows = 0;
    for &plan in &plans {
        for place in set.follow_up_places(plan) {
            for row in place.indicators {
                assert_eq!(set.place_of_row(plan, row).as_ref(), Some(&place.place));
                rows += 1;
            }
        }
    }
    assert!(rows > 20, "only {rows} rows");
    // A row of another plan is none of this plan's.
    let first = plans[0];
    let other = plans[1..]
        .iter()
        .flat_map(|&plan| set.follow_up_places(plan))
        .find_map(|p| p.indicators.first())
        .expect("a row");
    assert_eq!(set.place_of_row(first, other), None);
}
