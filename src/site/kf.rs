//! The pages only a whole tree can give: a KF goal read downwards through every
//! nämndmål and enhetsmål in the city that serves it, and a KF indicator with
//! every nämnd's and unit's target side by side, rolled up as `vp rollup` does.

use rayon::prelude::*;

use super::frame::{document, framed, link, list, para, section, text};
use super::{Catalog, File, goal_page, indicator_page, indicators_page};
use crate::model::graph::RowPlace;
use crate::model::value::slug;
use crate::model::{
    CommitteeGoalId, IndicatorKey, IndicatorOwner, KfDirection, KfGoal, KfGoalId, PlanId, Target,
};
use crate::render::compose::{indicator_table, rollup_indicator_row};
use crate::render::document::*;
use crate::render::typography::{NO_TARGET, target};
use crate::rollup;

/// Every KF goal's and KF indicator's page, and each year's list of indicators.
pub fn pages(cat: &Catalog) -> Vec<File> {
    let set = cat.input.plans;
    let mut goals = Vec::new();
    for kf in set.kf_years.values() {
        for (i, d) in kf.directions.iter().enumerate() {
            for (j, g) in d.goals.iter().enumerate() {
                goals.push((kf.year, d, g, set.kf_goal(kf.year, &g.number), i, j));
            }
        }
    }
    let mut files: Vec<File> = goals
        .par_iter()
        .filter_map(|&(year, d, g, id, _, _)| id.map(|id| goal(cat, year, d, g, id)))
        .collect();
    let indicators: Vec<(i32, &KfGoal, &crate::model::Indicator)> = set
        .kf_years
        .values()
        .flat_map(|kf| {
            kf.goals()
                .flat_map(move |g| g.indicators.iter().map(move |i| (kf.year, g, i)))
        })
        .collect();
    files.par_extend(
        indicators
            .par_iter()
            .map(|&(year, g, i)| indicator(cat, year, g, i)),
    );
    for kf in set.kf_years.values() {
        files.push(indicator_list(cat, kf.year));
    }
    files
}

fn trail(year: i32) -> Vec<(String, String)> {
    vec![
        ("index.html".to_owned(), "Start".to_owned()),
        (
            format!("index.html#ar-{year}-kf"),
            format!("KF:s mål {year}"),
        ),
    ]
}

/// The KF goal read downwards: KF's indicators, then each nämnd's nämndmål
/// under it with their indicators and targets, each with the units' enhetsmål under it.
fn goal(cat: &Catalog, year: i32, d: &KfDirection, g: &KfGoal, id: KfGoalId) -> File {
    let set = cat.input.plans;
    let path = goal_page(year, &g.number);
    let mut sections = Vec::new();
    if !g.indicators.is_empty() {
        let rows = g
            .indicators
            .iter()
            .map(|i| {
                Row::plain(vec![
                    vec![link(&path, &indicator_page(year, &i.id), &i.name)],
                    vec![text(kf_target(i))],
                    vec![text(i.periodicity.map(|p| p.name()).unwrap_or(""))],
                ])
            })
            .collect();
        sections.push(section(
            "kf-indikatorer",
            "KF:s indikatorer",
            1,
            vec![Block::Table {
                kind: TableKind::Indicators,
                caption: Some("KF:s indikatorer för målet".into()),
                unit: None,
                columns: ["Indikator", "KF:s årsmål", "Periodicitet"]
                    .iter()
                    .map(|t| Column {
                        title: (*t).into(),
                        align: Align::Left,
                    })
                    .collect(),
                rows,
            }],
        ));
    }
    // The nämndmål under the goal, a section per nämnd plan, in plan order.
    let mut by_plan: Vec<(crate::model::CommitteePlanId, Vec<CommitteeGoalId>)> = Vec::new();
    for &cg in set.committee_goals_under(id) {
        match by_plan.last_mut() {
            Some((p, goals)) if *p == cg.plan => goals.push(cg),
            _ => by_plan.push((cg.plan, vec![cg])),
        }
    }
    let mut unit_goals = 0;
    for (plan, goals) in &by_plan {
        let cp = &set[*plan];
        let name = set
            .committee(&cp.committee)
            .map_or_else(|| cp.committee.clone(), |c| c.name.clone());
        let plan_page = cat.plan_page(PlanId::Committee(*plan));
        let mut s = section(format!("namnd-{}", cp.committee), &name, 1, Vec::new());
        for &cg in goals {
            let goal = &set[cg];
            let mut blocks = vec![para(vec![link(
                &path,
                &format!("{plan_page}#{}", goal.id),
                "Nämndmålet i nämndens plan",
            )])];
            let rows: Vec<&crate::model::Indicator> = goal.indicators.iter().collect();
            blocks.extend(indicator_table(set, PlanId::Committee(*plan), &rows));
            let mut gs = section(
                format!("{}-{}", cp.committee, goal.id),
                format!("Nämndmål: {}", goal.title),
                2,
                blocks,
            );
            for &ug in set.unit_goals_under(cg) {
                let unit_goal = &set[ug];
                let up = &set[ug.plan];
                let unit_page = cat.plan_page(PlanId::Unit(ug.plan));
                let mut blocks = vec![para(vec![
                    text(format!("{}: ", up.unit.name)),
                    link(
                        &path,
                        &format!("{unit_page}#{}", unit_goal.id),
                        "enhetsmålet i enhetens plan",
                    ),
                ])];
                let rows: Vec<&crate::model::Indicator> = unit_goal.indicators.iter().collect();
                blocks.extend(indicator_table(set, PlanId::Unit(ug.plan), &rows));
                gs.sections.push(section(
                    format!("{}-{}-{}", cp.committee, up.unit.id, unit_goal.id),
                    format!("Enhetsmål, {}: {}", up.unit.name, unit_goal.title),
                    3,
                    blocks,
                ));
                unit_goals += 1;
            }
            s.sections.push(gs);
        }
        sections.push(s);
    }
    let count = by_plan.iter().map(|(_, g)| g.len()).sum::<usize>();
    let intro = if count == 0 {
        "Inget nämndmål i planerna tjänar målet.".to_owned()
    } else {
        let plans = match by_plan.len() {
            1 => "1 nämnds plan".to_owned(),
            n => format!("{n} nämnders planer"),
        };
        format!("{count} nämndmål i {plans} tjänar målet, med {unit_goals} enhetsmål under sig.")
    };
    sections.insert(
        0,
        section("oversikt", "Översikt", 1, vec![para(vec![text(intro)])]),
    );
    let doc = document(
        &format!("{} {}", g.number, g.title),
        &format!("KF:s mål för verksamhetsområdet {year}"),
        &format!("Inriktningsmål {}: {}", d.number, d.title),
        sections,
    );
    let title = format!("KF:s mål {} {year}", g.number);
    framed(&path, &title, &trail(year), &[], &doc)
}

fn kf_target(i: &crate::model::Indicator) -> String {
    i.kf_target
        .as_ref()
        .or(Some(&i.target))
        .filter(|t| !matches!(t, Target::Empty))
        .map_or_else(|| NO_TARGET.to_owned(), |t| target(t.text()))
}

/// A KF indicator: each nämnd's target with its units' rolled up against it
/// (the nämnd's target, or KF's where the nämnd gives none), then every unit's.
fn indicator(cat: &Catalog, year: i32, g: &KfGoal, i: &crate::model::Indicator) -> File {
    let set = cat.input.plans;
    let path = indicator_page(year, &i.id);
    let key = IndicatorKey {
        owner: IndicatorOwner::Kf(year),
        id: i.id.clone(),
    };
    let mut facts = vec![
        vec![text(format!("KF:s årsmål: {}", kf_target(i)))],
        vec![
            text("Under KF:s mål "),
            link(
                &path,
                &goal_page(year, &g.number),
                format!("{} {}", g.number, g.title),
            ),
        ],
    ];
    if let Some(p) = i.periodicity {
        facts.push(vec![text(format!("Periodicitet: {}", p.name()))]);
    }
    if let Some(a) = i.aggregation {
        facts.push(vec![text(format!("Räknas samman som: {}", a.name()))]);
    }
    if let Some(k) = &i.kolada {
        facts.push(vec![text(format!("Kolada: {k}"))]);
    }
    let mut committee_rows = Vec::new();
    let mut unit_rows = Vec::new();
    for &row in set.rows_showing(&key) {
        let shown = &set[row];
        let goal = match row.place {
            RowPlace::CommitteeGoal(cg) => Some(cg),
            _ => None,
        };
        match row.plan() {
            Some(PlanId::Committee(cp)) => {
                let plan = &set[cp];
                let r = rollup::indicator_rollup(
                    set,
                    cp,
                    shown,
                    goal,
                    set.plans_serving(&plan.committee, plan.year),
                );
                let mut cells = rollup_indicator_row(&r).cells;
                let name = set
                    .committee(&plan.committee)
                    .map_or_else(|| plan.committee.clone(), |c| c.name.clone());
                let anchor = goal.map_or_else(String::new, |cg| format!("#{}", set[cg].id));
                let page = format!("{}{anchor}", cat.plan_page(PlanId::Committee(cp)));
                if let Some(first) = cells.first_mut() {
                    *first = vec![link(&path, &page, name)];
                }
                committee_rows.push(Row::plain(cells));
            }
            Some(PlanId::Unit(up)) => {
                let plan = &set[up];
                let own = set
                    .effective_target(PlanId::Unit(up), shown)
                    .filter(|e| e.source != crate::model::graph::TargetSource::Kf)
                    .map_or_else(|| NO_TARGET.to_owned(), |e| target(e.target.text()));
                let (anchor, under) = match row.place {
                    RowPlace::UnitGoal(ug) => (
                        format!("#{}", set[ug].id),
                        format!("Enhetsmål: {}", set[ug].title),
                    ),
                    _ => (String::new(), "Under KF:s mål".to_owned()),
                };
                let page = format!("{}{anchor}", cat.plan_page(PlanId::Unit(up)));
                let committee = set
                    .committee(&plan.committee)
                    .map_or_else(|| plan.committee.clone(), |c| c.name.clone());
                unit_rows.push(Row::plain(vec![
                    vec![link(&path, &page, &plan.unit.name)],
                    vec![text(committee)],
                    vec![text(under)],
                    vec![text(own)],
                ]));
            }
            None => {}
        }
    }
    let mut sections = vec![section(
        "om-indikatorn",
        "Om indikatorn",
        1,
        vec![list(facts)],
    )];
    let table = |caption: &str, columns: &[&str], rows: Vec<Row>| Block::Table {
        kind: TableKind::Rollup,
        caption: Some(caption.to_owned()),
        unit: None,
        columns: columns
            .iter()
            .map(|t| Column {
                title: (*t).into(),
                align: Align::Left,
            })
            .collect(),
        rows,
    };
    sections.push(section(
        "namnderna",
        "Nämndernas årsmål",
        1,
        if committee_rows.is_empty() {
            vec![para(vec![text("Ingen nämnds plan visar indikatorn.")])]
        } else {
            vec![
                para(vec![text(
                    "Varje nämnds årsmål (KF:s där nämnden inte ger något), enheternas årsmål och hur de räknas samman mot det, som i vp rollup.",
                )]),
                table(
                    "Nämndernas årsmål och enheternas sammanräknade",
                    &["Nämnd", "Årsmål", "Enheternas årsmål", "Sammanräknat"],
                    committee_rows,
                ),
            ]
        },
    ));
    sections.push(section(
        "enheterna",
        "Enheternas årsmål",
        1,
        if unit_rows.is_empty() {
            vec![para(vec![text(
                "Ingen enhets plan har en egen rad för indikatorn.",
            )])]
        } else {
            vec![table(
                "Enheternas rader för indikatorn",
                &["Enhet", "Nämnd", "Står under", "Årsmål"],
                unit_rows,
            )]
        },
    ));
    let doc = document(
        &i.name,
        &format!("KF:s indikator {year}"),
        "Indikator",
        sections,
    );
    let title = format!("KF:s indikator {year}: {}", i.name);
    let mut t = trail(year);
    t.push((indicators_page(year), format!("KF:s indikatorer {year}")));
    framed(&path, &title, &t, &[], &doc)
}

/// A year's KF indicators, by goal.
fn indicator_list(cat: &Catalog, year: i32) -> File {
    let path = indicators_page(year);
    let mut sections = Vec::new();
    if let Some(kf) = cat.input.plans.kf_years.get(&year) {
        for g in kf.goals().filter(|g| !g.indicators.is_empty()) {
            let items = g
                .indicators
                .iter()
                .map(|i| vec![link(&path, &indicator_page(year, &i.id), &i.name)])
                .collect();
            sections.push(section(
                format!("mal-{}", slug(&g.number)),
                format!("{} {}", g.number, g.title),
                1,
                vec![list(items)],
            ));
        }
    }
    if sections.is_empty() {
        sections.push(section(
            "inga",
            "Inga indikatorer",
            1,
            vec![para(vec![text(format!(
                "KF:s budget {year} har inga indikatorer."
            ))])],
        ));
    }
    let doc = document(
        &format!("KF:s indikatorer {year}"),
        "Kommunfullmäktiges indikatorer per mål",
        "Indikatorer",
        sections,
    );
    framed(
        &path,
        &format!("KF:s indikatorer {year}"),
        &trail(year),
        &[],
        &doc,
    )
}
