//! The pages only a whole tree can give: a KF goal read downwards through every
//! nämndmål and enhetsmål in the city that serves it, and a KF indicator with
//! every nämnd's and unit's target side by side, rolled up as `vp rollup` does.

use rayon::prelude::*;

use super::frame::{document, framed, link, list, para, section, text};
use super::{Catalog, File, follow_up_page, goal_page, indicator_page, indicators_page};
use crate::model::aggregate::{
    Aggregated, Comparison, Contribution, aggregate_outcomes, compare, declared,
};
use crate::model::followup::FollowUpPlace;
use crate::model::graph::RowPlace;
use crate::model::value::{format_number, slug};
use crate::model::{
    CommitteeGoalId, CommitteePlanId, FollowUpPeriod, IndicatorKey, IndicatorOwner, KfDirection,
    KfGoal, KfGoalId, PlanId, PlanSet, Target,
};
use crate::render::compose::{indicator_table, rollup_indicator_row};
use crate::render::document::*;
use crate::render::followup::marked;
use crate::render::typography::{NO_TARGET, target};
use crate::rollup;
use crate::rollup::followup::IndicatorFigures;

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
        let key = |i: &crate::model::Indicator| IndicatorKey {
            owner: IndicatorOwner::Kf(year),
            id: i.id.clone(),
        };
        // A column per period any of the goal's indicators is followed up at:
        // the nämnder's figures rolled up against KF's target.
        let periods: Vec<FollowUpPeriod> = FollowUpPeriod::ALL
            .into_iter()
            .filter(|&p| g.indicators.iter().any(|i| followed_up(set, &key(i), p)))
            .collect();
        let rows = g
            .indicators
            .iter()
            .map(|i| {
                let mut cells = vec![
                    vec![link(&path, &indicator_page(year, &i.id), &i.name)],
                    vec![text(kf_target(i))],
                    vec![text(i.periodicity.map(|p| p.name()).unwrap_or(""))],
                ];
                for &p in &periods {
                    cells.push(vec![text(if followed_up(set, &key(i), p) {
                        city_cell(&city_of(set, i, &key(i), p))
                    } else {
                        "inte uppföljd".to_owned()
                    })]);
                }
                Row::plain(cells)
            })
            .collect();
        let mut columns: Vec<String> = ["Indikator", "KF:s årsmål", "Periodicitet"]
            .map(str::to_owned)
            .to_vec();
        columns.extend(periods.iter().map(|p| format!("Utfall {}", p.name())));
        sections.push(section(
            "kf-indikatorer",
            "KF:s indikatorer",
            1,
            vec![Block::Table {
                kind: TableKind::Indicators,
                caption: Some("KF:s indikatorer för målet".into()),
                unit: None,
                columns: columns
                    .into_iter()
                    .map(|title| Column {
                        title,
                        align: Align::Left,
                    })
                    .collect(),
                rows,
            }],
        ));
        if !periods.is_empty() {
            sections[0].blocks.insert(
                0,
                para(vec![text(
                    "Utfallen (vid tertialrapporterna prognoserna för helåret, där de finns) är nämndernas egna, räknade samman efter indikatorns aggregering och jämförda med KF:s årsmål; varje nämnds och enhets siffror står på indikatorns sida.",
                )]),
            );
        }
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
    sections.extend(outcome_sections(cat, &path, i, &key));
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

/// A KF indicator's follow-up at one period across the city: the nämnder's
/// own outcomes rolled up by the indicator's declared `aggregering` (the rule
/// `vp rollup --period` rolls units up by) and set against KF's target.
struct City {
    /// Nämnd plans showing the indicator with a follow-up for the period, and all of them.
    reported: usize,
    plans: usize,
    outcome: Option<Result<Aggregated, String>>,
    /// At T1 and T2, when a nämnd gave a forecast.
    forecast: Option<Result<Aggregated, String>>,
    /// The forecast where there is one, else the outcome, against KF's target.
    against_kf: Option<Result<Comparison, String>>,
}

/// The nämnd plans showing the KF indicator, each once, with its first row.
fn committee_rows<'s>(
    set: &'s PlanSet,
    key: &IndicatorKey,
) -> Vec<(
    CommitteePlanId,
    &'s crate::model::Indicator,
    Option<CommitteeGoalId>,
)> {
    let mut out: Vec<(
        CommitteePlanId,
        &crate::model::Indicator,
        Option<CommitteeGoalId>,
    )> = Vec::new();
    for &row in set.rows_showing(key) {
        if let Some(PlanId::Committee(cp)) = row.plan()
            && !out.iter().any(|(c, _, _)| *c == cp)
        {
            let goal = match row.place {
                RowPlace::CommitteeGoal(cg) => Some(cg),
                _ => None,
            };
            out.push((cp, &set[row], goal));
        }
    }
    out
}

/// Whether any plan showing the indicator, or any unit serving such a nämnd
/// plan, has a follow-up for the period: then the page shows it.
fn followed_up(set: &PlanSet, key: &IndicatorKey, period: FollowUpPeriod) -> bool {
    set.rows_showing(key).iter().any(|row| {
        row.plan().is_some_and(|p| {
            set.follow_up(p, period).is_some()
                || match p {
                    PlanId::Committee(cp) => set
                        .plans_serving(&set[cp].committee, set[cp].year)
                        .iter()
                        .any(|&u| set.follow_up(PlanId::Unit(u), period).is_some()),
                    PlanId::Unit(_) => false,
                }
        })
    })
}

fn city_of(
    set: &PlanSet,
    i: &crate::model::Indicator,
    key: &IndicatorKey,
    period: FollowUpPeriod,
) -> City {
    let rows = committee_rows(set, key);
    let mut outcomes: Vec<(String, Target, Option<&Target>)> = Vec::new();
    let mut forecasts: Vec<(String, Target, Option<&Target>)> = Vec::new();
    let mut reported = 0;
    for &(cp, row, _) in &rows {
        let Some(f) = set.follow_up(PlanId::Committee(cp), period) else {
            continue;
        };
        reported += 1;
        let places = set.follow_up_places(PlanId::Committee(cp));
        let Some(o) = places
            .iter()
            .find(|p| p.indicators.iter().any(|x| std::ptr::eq(x, row)))
            .and_then(|p| f.indicator(&p.place, &row.id))
        else {
            continue;
        };
        let plan = &set[cp];
        let name = set
            .committee(&plan.committee)
            .map_or_else(|| plan.committee.clone(), |c| c.name.clone());
        // A weighted mean weighs each nämnd by its own target for the weight
        // indicator, as the units are weighed by theirs.
        let weight = row.weight_key.as_ref().and_then(|w| {
            set.rows_showing(w)
                .iter()
                .filter(|r| r.plan() == Some(PlanId::Committee(cp)))
                .find_map(|&r| set.effective_target(PlanId::Committee(cp), &set[r]))
                .map(|e| e.target)
        });
        if let Some(m) = &o.outcome {
            outcomes.push((name.clone(), rollup::followup::as_target(m), weight));
        }
        if let Some(m) = &o.forecast {
            forecasts.push((name, rollup::followup::as_target(m), weight));
        }
    }
    let rolled = |values: &[(String, Target, Option<&Target>)]| {
        let rule = declared(i.aggregation).map_err(|_| match i.aggregation {
            Some(_) => "enligt indikatorns definition räknas utfallen inte samman".to_owned(),
            None => "indikatorns definition anger inte hur utfallen räknas samman (aggregering)"
                .to_owned(),
        })?;
        let contributions: Vec<Contribution> = values
            .iter()
            .map(|(unit, target, weight)| Contribution {
                unit,
                target,
                weight: *weight,
            })
            .collect();
        aggregate_outcomes(rule, &contributions).map_err(|e| {
            if values.is_empty() {
                "ingen nämnd har rapporterat".to_owned()
            } else {
                e
            }
        })
    };
    let outcome = (reported > 0).then(|| rolled(&outcomes));
    let forecast = (period.forecasts() && !forecasts.is_empty()).then(|| rolled(&forecasts));
    let kf = i
        .kf_target
        .as_ref()
        .or(Some(&i.target))
        .filter(|t| !matches!(t, Target::Empty));
    let against_kf = match forecast.as_ref().or(outcome.as_ref()) {
        None => None,
        Some(Err(_)) => None,
        Some(Ok(a)) => Some(match kf {
            Some(t) => compare(a, t, i.direction).map_err(|e| e.replace("nämndens", "KF:s")),
            None => Err("KF har inget årsmål".to_owned()),
        }),
    };
    City {
        reported,
        plans: rows.len(),
        outcome,
        forecast,
        against_kf,
    }
}

/// The city's figure for a period in a cell: the rolled-up value (the
/// forecast where given) with its standing against KF's target, or why none.
fn city_cell(c: &City) -> String {
    match (c.forecast.as_ref().or(c.outcome.as_ref()), &c.against_kf) {
        (Some(Ok(a)), Some(cmp)) => format!("{}: {}", aggregated_text(a), compared(cmp)),
        (Some(Ok(a)), None) => aggregated_text(a),
        (Some(Err(_)), _) => "räknas inte samman (se indikatorn)".to_owned(),
        (None, _) => "ingen nämnd har rapporterat".to_owned(),
    }
}

fn aggregated_text(a: &Aggregated) -> String {
    match &a.unit {
        Some(u) => target(&format!("{} {u}", format_number(a.value))),
        None => format_number(a.value),
    }
}

/// A comparison in words with its symbol, or why there is none.
fn compared(c: &Result<Comparison, String>) -> String {
    match c {
        Ok(Comparison { reaches: None, .. }) => {
            "kan inte jämföras: indikatorn anger inte om högre eller lägre är bättre (riktning)"
                .to_owned()
        }
        Ok(c) => marked(c.reaches),
        Err(why) => format!("kan inte jämföras: {why}"),
    }
}

/// The city's line for a period: the nämnder's outcomes (and forecasts) rolled up against KF's target.
fn city_words(i: &crate::model::Indicator, c: &City) -> Vec<Block> {
    let rule = i
        .aggregation
        .map_or("ingen aggregering angiven", |a| a.name());
    let mut out = vec![para(vec![text(format!(
        "{} av {} nämnders planer med indikatorn har en uppföljning för perioden.",
        c.reported, c.plans
    ))])];
    let mut line = |what: &str, r: &Result<Aggregated, String>, compare: bool| {
        let mut s = match r {
            Ok(a) => format!("{what} räknade samman ({rule}): {}", aggregated_text(a)),
            Err(why) => format!("{what} räknas inte samman: {why}"),
        };
        if compare && let (Ok(_), Some(cmp)) = (r, &c.against_kf) {
            s.push_str(&format!(
                ". Mot KF:s årsmål {}: {}",
                kf_target(i),
                compared(cmp)
            ));
        }
        s.push('.');
        out.push(para(vec![text(s)]));
    };
    if let Some(o) = &c.outcome {
        line("Nämndernas utfall", o, c.forecast.is_none());
    }
    // Without a rule to roll up by, once is enough to say so.
    if let Some(f) = &c.forecast
        && (f.is_ok() || c.outcome.as_ref().is_none_or(Result::is_ok))
    {
        line("Nämndernas prognoser för helåret", f, true);
    }
    out
}

/// The outcome sections of a KF indicator's page, one per period that anyone
/// showing the indicator has followed up: the city's roll-up against KF's
/// target, each nämnd's outcome beside its target with its units' rolled up
/// (as `vp rollup --period`), and each unit's own row.
fn outcome_sections(
    cat: &Catalog,
    path: &str,
    i: &crate::model::Indicator,
    key: &IndicatorKey,
) -> Vec<Section> {
    let set = cat.input.plans;
    let mut sections = Vec::new();
    for period in FollowUpPeriod::ALL {
        if !followed_up(set, key, period) {
            continue;
        }
        let report = period.report_name();
        let mut blocks = city_words(i, &city_of(set, i, key, period));
        let figures: Vec<(CommitteePlanId, IndicatorFigures, Option<CommitteeGoalId>)> =
            committee_rows(set, key)
                .into_iter()
                .map(|(cp, row, goal)| {
                    (
                        cp,
                        rollup::followup::indicator_figures(set, cp, period, row, goal),
                        goal,
                    )
                })
                .collect();
        let forecasts =
            period.forecasts() && figures.iter().any(|(_, f, _)| f.row.forecast.is_some());
        let mut rows = Vec::new();
        for (cp, f, goal) in &figures {
            let plan = &set[*cp];
            let name = set
                .committee(&plan.committee)
                .map_or_else(|| plan.committee.clone(), |c| c.name.clone());
            let doc = set.follow_up(PlanId::Committee(*cp), period);
            let first = match doc {
                Some(d) => link(
                    path,
                    &format!(
                        "{}#{}",
                        follow_up_page(set, d),
                        goal.map_or_else(
                            || place_anchor(set, *cp, &f.row.id),
                            |g| set[g].id.clone()
                        )
                    ),
                    name,
                ),
                None => text(name),
            };
            // A target changed by decision reads "7,5 % från 2020-06-17 (beslut …)".
            let goal_text = match (&f.row.target_change, f.row.target.is_empty()) {
                (Some(c), _) => target(c),
                (None, true) => NO_TARGET.to_owned(),
                (None, false) => target(&f.row.target),
            };
            let own = |m: &Option<String>| match (f.committee_reported, m) {
                (false, _) => "har inte rapporterat".to_owned(),
                (true, Some(m)) => target(m),
                (true, None) => "–".to_owned(),
            };
            let mut cells = vec![
                vec![first],
                vec![text(goal_text)],
                vec![text(own(&f.row.outcome))],
            ];
            if forecasts {
                cells.push(vec![text(own(&f.row.forecast))]);
            }
            cells.push(vec![text(if f.committee_reported {
                marked(f.reached)
            } else {
                "–".to_owned()
            })]);
            cells.push(vec![text(match &f.rolled_up {
                Ok(a) => aggregated_text(a),
                // No unit has a row of its own to report on: say so, not "not reported".
                Err(_) if f.row.units.is_empty() => {
                    "ingen enhet har en egen rad för indikatorn".to_owned()
                }
                Err(why) => why.clone(),
            })]);
            cells.push(vec![text(if f.rolled_up.is_ok() {
                compared(&f.against_target)
            } else {
                "–".to_owned()
            })]);
            rows.push(Row::plain(cells));
        }
        if !rows.is_empty() {
            let mut columns = vec!["Nämnd", "Årsmål", "Utfall"];
            if forecasts {
                columns.push("Prognos");
            }
            columns.extend([
                "Jämfört med årsmålet",
                "Enheternas utfall sammanräknade",
                "Enheterna jämfört med nämndens årsmål",
            ]);
            blocks.push(para(vec![text(
                "Varje nämnds utfall mot det årsmål som gäller vid periodens slut (KF:s där nämnden inte ger något), och enheternas utfall räknade samman efter indikatorns aggregering mot samma årsmål, som i vp rollup --period.",
            )]));
            blocks.push(table(
                &format!("Nämndernas utfall, {report}"),
                &columns,
                rows,
            ));
        }
        let units = unit_outcomes(cat, path, key, period);
        if !units.0.is_empty() {
            let mut columns = vec!["Enhet", "Nämnd", "Årsmål", "Utfall"];
            if units.1 {
                columns.push("Prognos");
            }
            columns.push("Jämfört med årsmålet");
            blocks.push(table(
                &format!("Enheternas utfall, {report}"),
                &columns,
                units.0,
            ));
        }
        let mut title = report.to_owned();
        if let Some(first) = title.get(..1) {
            title = format!("{}{}", first.to_uppercase(), &title[1..]);
        }
        sections.push(section(
            format!("utfall-{}", period.name().to_lowercase()),
            format!("Utfall: {title} ({})", period.months()),
            1,
            blocks,
        ));
    }
    sections
}

/// The anchor of a nämnd plan's KF goal holding the indicator row in its follow-up document.
fn place_anchor(set: &PlanSet, cp: CommitteePlanId, id: &str) -> String {
    set.follow_up_places(PlanId::Committee(cp))
        .iter()
        .find_map(|p| match &p.place {
            FollowUpPlace::KfGoal(n) if p.indicators.iter().any(|r| r.id == id) => {
                Some(format!("mal-{}", n.replace('.', "-")))
            }
            _ => None,
        })
        .unwrap_or_default()
}

/// Each unit row's outcome at the period beside the target in force, and
/// whether any has a forecast (then the table has the column).
fn unit_outcomes(
    cat: &Catalog,
    path: &str,
    key: &IndicatorKey,
    period: FollowUpPeriod,
) -> (Vec<Row>, bool) {
    let set = cat.input.plans;
    let mut found = Vec::new();
    for &row in set.rows_showing(key) {
        let Some(PlanId::Unit(up)) = row.plan() else {
            continue;
        };
        let shown = &set[row];
        let plan = PlanId::Unit(up);
        let places = set.follow_up_places(plan);
        let place = places
            .iter()
            .find(|p| p.indicators.iter().any(|x| std::ptr::eq(x, shown)));
        let f = set.follow_up(plan, period);
        let result = match (f, place) {
            (Some(f), Some(p)) => set
                .indicator_results(f, p)
                .into_iter()
                .find(|r| std::ptr::eq(r.row, shown))
                .map(|r| {
                    (
                        r.target.map(|t| t.target.text().to_owned()),
                        r.reported
                            .and_then(|o| o.outcome.as_ref())
                            .map(|m| m.text.clone()),
                        r.reported
                            .and_then(|o| o.forecast.as_ref())
                            .map(|m| m.text.clone()),
                        r.reached,
                    )
                }),
            _ => None,
        };
        let anchor = match row.place {
            RowPlace::UnitGoal(ug) => format!("#{}", set[ug].id),
            _ => place.map_or_else(String::new, |p| match &p.place {
                FollowUpPlace::KfGoal(n) => format!("#mal-{}", n.replace('.', "-")),
                FollowUpPlace::Goal(g) | FollowUpPlace::CommitteeGoal(g) => format!("#{g}"),
            }),
        };
        found.push((
            up,
            f.map(|f| (follow_up_page(set, f), anchor)),
            result,
            shown,
        ));
    }
    let forecasts = period.forecasts()
        && found
            .iter()
            .any(|(_, _, r, _)| r.as_ref().is_some_and(|r| r.2.is_some()));
    let rows = found
        .into_iter()
        .map(|(up, doc, result, shown)| {
            let plan = &set[up];
            let committee = set
                .committee(&plan.committee)
                .map_or_else(|| plan.committee.clone(), |c| c.name.clone());
            let first = match doc {
                Some((page, anchor)) => link(path, &format!("{page}{anchor}"), &plan.unit.name),
                None => text(&plan.unit.name),
            };
            let in_force = match &result {
                Some((Some(t), ..)) => target(t),
                Some((None, ..)) => NO_TARGET.to_owned(),
                None => set
                    .effective_target(PlanId::Unit(up), shown)
                    .map_or_else(|| NO_TARGET.to_owned(), |e| target(e.target.text())),
            };
            let figure = |m: Option<&String>| match (&result, m) {
                (None, _) => "har inte rapporterat".to_owned(),
                (Some(_), Some(m)) => target(m),
                (Some(_), None) => "–".to_owned(),
            };
            let mut cells = vec![
                vec![first],
                vec![text(committee)],
                vec![text(in_force)],
                vec![text(figure(result.as_ref().and_then(|r| r.1.as_ref())))],
            ];
            if forecasts {
                cells.push(vec![text(figure(
                    result.as_ref().and_then(|r| r.2.as_ref()),
                ))]);
            }
            cells.push(vec![text(match &result {
                Some(r) => marked(r.3),
                None => "–".to_owned(),
            })]);
            Row::plain(cells)
        })
        .collect();
    (rows, forecasts)
}

fn table(caption: &str, columns: &[&str], rows: Vec<Row>) -> Block {
    Block::Table {
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
    }
}
