//! The plan graph on the bundled plans in `plans/`: the queries rollup, render
//! and diff stand on, checked against what the plan files say.

use std::path::PathBuf;

use vp::model::graph::TargetSource;
use vp::model::{
    CommitteeGoalId, Element, GoalKind, IndicatorOwner, PlanId, PlanSet, Segment, Target,
    UnitPlanId,
};
use vp::project::Project;

fn plans() -> PlanSet {
    let project = Project::load(&[PathBuf::from("plans")]).expect("plans/ loads");
    assert!(!project.has_errors(), "{:?}", project.errors());
    project.plans
}

fn unit(set: &PlanSet, committee: &str, unit: &str, year: i32) -> UnitPlanId {
    set.unit_plan_ids()
        .find(|(_, p)| p.committee == committee && p.unit.id == unit && p.year == year)
        .map(|(id, _)| id)
        .unwrap_or_else(|| panic!("no plan for {committee}/{unit} {year}"))
}

fn committee_goal(set: &PlanSet, committee: &str, year: i32, id: &str) -> CommitteeGoalId {
    let plan = set.committee_plan_id(committee, year).expect("nämnd plan");
    set.committee_goal(plan, id).expect("nämndmål")
}

#[test]
fn plans_serving_a_committee_include_shared_units() {
    let set = plans();
    let names = |c: &str| -> Vec<String> {
        set.plans_serving(c, 2020)
            .iter()
            .map(|&u| set[u].unit.id.clone())
            .collect()
    };
    assert_eq!(
        names("hagersten-liljeholmen"),
        [
            "administrativa-avdelningen",
            "familjeratt-sydvast",
            "resursenheten"
        ]
    );
    // Familjerätt Sydväst serves Skärholmen and Älvsjö too (`fler_nämnder`).
    assert_eq!(names("skarholmen"), ["familjeratt-sydvast"]);
    assert_eq!(names("alvsjo"), ["familjeratt-sydvast"]);
    assert!(set.plans_serving("hagersten-alvsjo", 2020).is_empty());
}

#[test]
fn goals_under_a_committee_goal_and_a_kf_goal() {
    let set = plans();
    let economy = committee_goal(
        &set,
        "hagersten-liljeholmen",
        2020,
        "langsiktigt-hallbar-ekonomi",
    );
    let under: Vec<(&str, &str)> = set
        .unit_goals_under(economy)
        .iter()
        .map(|&g| (set[g.plan].unit.id.as_str(), set[g].id.as_str()))
        .collect();
    assert!(
        under.contains(&(
            "administrativa-avdelningen",
            "hr-och-ekonomi-personalekonomi"
        )),
        "{under:?}"
    );
    for &g in set.unit_goals_under(economy) {
        assert_eq!(set.unit_goal_group(g).committee_goal_id, Some(economy));
    }
    let kf = set.kf_goal(2020, "3.2").expect("KF goal 3.2 in 2020");
    let ids: Vec<&str> = set
        .committee_goals_under(kf)
        .iter()
        .map(|&g| set[g].id.as_str())
        .collect();
    assert!(ids.contains(&"attraktiv-arbetsgivare"), "{ids:?}");
    assert!(
        set.committee_goals_under(kf)
            .iter()
            .all(|&g| set[g].kf_goal_id == Some(kf))
    );
}

#[test]
fn lineage_follows_fortsatter_and_the_merger() {
    let set = plans();
    let r2020 = unit(&set, "hagersten-liljeholmen", "resursenheten", 2020);
    let r2022 = unit(&set, "hagersten-alvsjo", "resursenheten", 2022);
    assert_eq!(
        set.predecessors(Element::UnitPlan(r2022)),
        [Element::UnitPlan(r2020)]
    );
    assert_eq!(
        set.successors(Element::UnitPlan(r2020)),
        [Element::UnitPlan(r2022)]
    );
    let goal = set[r2022]
        .unit_goal_ids(r2022)
        .find(|(_, g)| g.id == "varje-barn-hagersten-alvsjos-forskolor-mots")
        .map(|(id, _)| id)
        .unwrap();
    let [Element::UnitGoal(prev)] = set.predecessors(Element::UnitGoal(goal)) else {
        panic!("one predecessor expected");
    };
    assert_eq!(prev.plan, r2020);
    assert_eq!(
        set[*prev].id,
        "varje-barn-hagersten-liljeholmens-forskolor-mots"
    );

    // The merged nämnd's plan continues Hägersten-Liljeholmen's (Älvsjö has none in the tree).
    let ha = set.committee_plan_id("hagersten-alvsjo", 2022).unwrap();
    let hl = set
        .committee_plan_id("hagersten-liljeholmen", 2020)
        .unwrap();
    assert_eq!(
        set.predecessors(Element::CommitteePlan(ha)),
        [Element::CommitteePlan(hl)]
    );
    assert_eq!(
        set.committee_lineage("hagersten-alvsjo"),
        ["hagersten-alvsjo", "hagersten-liljeholmen", "alvsjo"]
    );

    let economy = committee_goal(
        &set,
        "hagersten-liljeholmen",
        2020,
        "langsiktigt-hallbar-ekonomi",
    );
    let [Element::CommitteeGoal(prev)] = set.predecessors(Element::CommitteeGoal(economy)) else {
        panic!("one predecessor expected");
    };
    assert_eq!(set[prev.plan].year, 2019);
    assert_eq!(
        set[*prev].id,
        "stadsdelsnamndens-verksamheter-langsiktigt-hallbar-ekonomi"
    );
}

#[test]
fn indicators_are_keyed_by_owner_and_targets_fall_back_to_the_committee() {
    let set = plans();
    let r2020 = unit(&set, "hagersten-liljeholmen", "resursenheten", 2020);
    let rows: Vec<_> = set[r2020]
        .kf_goals
        .iter()
        .flat_map(|g| g.indicators.iter())
        .collect();
    let energy = rows
        .iter()
        .find(|i| i.id == "totalt-kopt-energi-stadens-verksamheter")
        .unwrap();
    assert!(energy.is_reference);
    assert_eq!(energy.key.owner, IndicatorOwner::Kf(2020));
    assert!(matches!(energy.target, Target::Empty));
    let effective = set
        .effective_target(PlanId::Unit(r2020), energy)
        .expect("the nämnd's target");
    assert_eq!(effective.source, TargetSource::Committee);
    assert_eq!(effective.target.text(), "3,3 GWh");
    let definition = set.indicator_definition(&energy.key).unwrap();
    assert!(!definition.is_reference);
    assert_eq!(definition.kf_target.as_ref().unwrap().text(), "1945 GWh");
    // Every row showing the indicator carries the same key.
    let showing = set.rows_showing(&energy.key);
    assert!(showing.len() >= 3, "{showing:?}");
    assert!(showing.iter().all(|&r| set[r].key == energy.key));

    // A unit's own indicator belongs to that unit's plan.
    for (id, plan) in set.unit_plan_ids() {
        for (_, g) in plan.unit_goal_ids(id) {
            for i in g.indicators.iter().filter(|i| !i.is_reference) {
                assert_eq!(i.key.owner, IndicatorOwner::Unit(id));
            }
        }
    }
}

#[test]
fn goals_own_their_prose_and_chapters_keep_their_place() {
    let set = plans();
    let plan = set.committee_plan("hagersten-liljeholmen", 2019).unwrap();
    let before: Vec<&str> = plan
        .prose
        .chapters_before_goals()
        .map(|c| c.title.as_str())
        .collect();
    assert_eq!(
        before[..4],
        [
            "Sammanfattning",
            "Bakgrund",
            "Ärendets beredning",
            "Inledning"
        ]
    );
    let after: Vec<&str> = plan
        .prose
        .chapters_after_goals()
        .map(|c| c.title.as_str())
        .collect();
    assert_eq!(
        after,
        ["Uppföljning av ekonomi", "Systematiskt kvalitetsarbete"]
    );
    assert!(
        !plan
            .prose
            .kf_text(GoalKind::Direction, "1")
            .unwrap()
            .is_empty()
    );
    let goal = plan
        .goals
        .iter()
        .find(|g| g.id == "invanarna-stadsdelsomradet-sjalvforsorjande")
        .unwrap();
    let description = goal.text.section("Beskrivning").unwrap();
    assert!(!description.is_blank());
    assert!(!description.as_str().contains("## "), "{description:?}");

    let admin = unit(
        &set,
        "hagersten-liljeholmen",
        "administrativa-avdelningen",
        2020,
    );
    let (_, g) = set[admin]
        .unit_goal_ids(admin)
        .find(|(_, g)| g.id == "hr-och-ekonomi-personalekonomi")
        .unwrap();
    assert!(!g.text.section("Förväntat resultat").unwrap().is_blank());
    assert!(set[admin].is_partial_year());
}

#[test]
fn budget_tables_stand_in_the_economy_chapter_where_the_plan_has_them() {
    let set = plans();
    let plan = set.committee_plan("hagersten-liljeholmen", 2019).unwrap();
    let chapter = plan
        .prose
        .chapters
        .iter()
        .find(|c| c.title == "Uppföljning av ekonomi")
        .unwrap();
    let segments = chapter.text.segments();
    let placed: Vec<&str> = segments
        .iter()
        .filter_map(|s| match s {
            Segment::Table(id) => Some(*id),
            Segment::Text(_) => None,
        })
        .collect();
    // Every table once, in the order the published plan has them (and the YAML lists them).
    let tables: Vec<&str> = plan.economy.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(tables.len(), 16);
    assert_eq!(placed, tables);
    // The first follows the paragraph that introduces it; the text keeps no placement lines.
    let before = segments.iter().position(|s| matches!(s, Segment::Table(_)));
    let Segment::Text(intro) = segments[before.unwrap() - 1] else {
        panic!("{segments:?}")
    };
    assert!(
        intro
            .trim_end()
            .ends_with("I tabellen nedan redovisas fördelningen till nämndens verksamheter."),
        "{intro}"
    );
    assert!(segments.iter().all(|s| match s {
        Segment::Text(t) => !t.contains("{{tabell"),
        Segment::Table(_) => true,
    }));
}

/// A tree already in memory (an editor's buffers) gives the same plans and
/// the same findings as the tree read from disk; a file that is not text is a
/// finding, as on disk.
#[test]
fn a_project_from_sources_in_memory_is_the_project_from_disk() {
    fn files(dir: &std::path::Path, out: &mut Vec<(std::path::PathBuf, Vec<u8>)>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                files(&p, out);
            } else {
                out.push((p.clone(), std::fs::read(&p).unwrap()));
            }
        }
    }
    let disk = vp::project::Project::load(&[std::path::PathBuf::from("plans")]).unwrap();
    let mut all = Vec::new();
    files(std::path::Path::new("plans"), &mut all);
    let memory = vp::project::Project::from_sources(all.clone());
    assert_eq!(memory.plans.unit_plans.len(), disk.plans.unit_plans.len());
    assert_eq!(
        memory.plans.committee_plans.len(),
        disk.plans.committee_plans.len()
    );
    let codes = |p: &vp::project::Project| -> Vec<(String, String)> {
        p.diagnostics
            .iter()
            .map(|d| (format!("{:?}", d.code), p.locate(d.span).to_string()))
            .collect()
    };
    assert_eq!(codes(&memory), codes(&disk));

    // An editor's unsaved buffer in place of the file on disk.
    let unit = std::path::PathBuf::from("plans/2020/hagersten-liljeholmen/resursenheten.yaml");
    for (path, bytes) in &mut all {
        if *path == unit {
            *bytes = b"typ: enhetsplan\n\xff\n".to_vec();
        }
    }
    let edited = vp::project::Project::from_sources(all);
    assert!(
        edited
            .diagnostics
            .iter()
            .any(|d| format!("{:?}", d.code) == "FileUnreadable"
                && edited
                    .locate(d.span)
                    .to_string()
                    .starts_with(unit.to_str().unwrap())),
        "{:?}",
        edited.diagnostics
    );
}
