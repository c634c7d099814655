//! A plan's follow-up for one period → a [`Document`]: the tertialrapport or
//! verksamhetsberättelse, for a nämnd in the tjänsteutlåtande form its plan uses,
//! for a unit as its plan is set. Outcome beside target with the standing in
//! words and a symbol, a chart per indicator over the year's periods, the
//! assessment beside vp's suggestion and the reasons, statuses, budget outcomes.

use super::chart::{self, Point};
use super::document::*;
use super::markdown;
use super::typography::{NO_TARGET, amount, swedish_date, target};
use crate::model::followup::{FollowUpPlace, IndicatorResult, PlanPlace, activity_key};
use crate::model::{FollowUp, PlanId, PlanSet, Target};
use crate::rollup::followup::{follow_up_rollup, standing};

/// The file stem a follow-up's documents get: the plan's, with the period.
pub fn stem(set: &PlanSet, f: &FollowUp) -> String {
    let period = f.period.name().to_lowercase();
    match f.plan {
        PlanId::Committee(c) => format!("{}-{}-{period}", set[c].committee, set[c].year),
        PlanId::Unit(u) => format!(
            "{}-{}-{}-{period}",
            set[u].committee, set[u].unit.id, set[u].year
        ),
    }
}

/// The document for one follow-up.
pub fn document(set: &PlanSet, f: &FollowUp) -> Document {
    let report = f.period.report_name();
    let mut title = format!("{report} {}", f.year);
    if let Some(first) = title.get(..1) {
        title = first.to_uppercase() + &title[1..];
    }
    let (kind, organisation, subtitle, committee_name) = match f.plan {
        PlanId::Committee(c) => {
            let p = &set[c];
            let committee = set.committee(&p.committee);
            let name = committee.map_or_else(|| p.committee.clone(), |c| c.name.clone());
            (
                Kind::Committee,
                name.clone(),
                committee.and_then(|c| c.administration.clone()),
                name,
            )
        }
        PlanId::Unit(u) => {
            let p = &set[u];
            let name = set
                .committee(&p.committee)
                .map_or_else(|| p.committee.clone(), |c| c.name.clone());
            let sub = match &p.unit.department {
                Some(d) => format!("{d}, {name}"),
                None => name.clone(),
            };
            (Kind::Unit, p.unit.name.clone(), Some(sub), name)
        }
    };
    let mut sections = Vec::new();
    for (title, text) in &f.chapters {
        sections.push(Section {
            id: crate::model::value::slug(title),
            title: title.clone(),
            level: 1,
            page_break: false,
            blocks: markdown::blocks(text.as_str(), 1, 1),
            sections: Vec::new(),
        });
    }
    // As in the nämnd's plan: the signatures close the report's own chapters,
    // before the goals' follow-up.
    if !f.case.signatories.is_empty() {
        let people = f.case.signatories.iter().map(Signatory::from).collect();
        match sections.last_mut() {
            Some(last) => last.blocks.push(Block::Signatures { people }),
            None => sections.push(Section {
                id: "underskrifter".into(),
                title: "Underskrifter".into(),
                level: 1,
                page_break: false,
                blocks: vec![Block::Signatures { people }],
                sections: Vec::new(),
            }),
        }
    }
    let places = set.follow_up_places(f.plan);
    let kf: Vec<Section> = places
        .iter()
        .filter(|p| matches!(p.place, FollowUpPlace::KfGoal(_)))
        .map(|p| place_section(set, f, p, 2, None))
        .collect();
    if !kf.is_empty() {
        sections.push(Section {
            id: "kf-mal".into(),
            title: "KF:s mål för verksamhetsområdet".into(),
            level: 1,
            page_break: !sections.is_empty(),
            blocks: Vec::new(),
            sections: kf,
        });
    }
    let rollup = match f.plan {
        PlanId::Committee(c) => {
            follow_up_rollup(set, &set[c].committee, set[c].year, f.period).ok()
        }
        PlanId::Unit(_) => None,
    };
    let goals: Vec<Section> = places
        .iter()
        .filter(|p| p.is_goal())
        .map(|p| place_section(set, f, p, 2, rollup.as_ref()))
        .collect();
    if !goals.is_empty() {
        sections.push(Section {
            id: "mal".into(),
            title: match kind {
                Kind::Committee => "Nämndmål".into(),
                Kind::Unit | Kind::Page => "Enhetsmål".into(),
            },
            level: 1,
            page_break: !sections.is_empty(),
            blocks: Vec::new(),
            sections: goals,
        });
    }
    // A unit's status of the nämnd's activities it carries, where it reports any.
    let carried: Vec<Section> = places
        .iter()
        .filter(|p| {
            matches!(p.place, FollowUpPlace::CommitteeGoal(_))
                && p.activities
                    .iter()
                    .any(|a| f.activity(&p.place, activity_key(a)).is_some())
        })
        .map(|p| place_section(set, f, p, 2, None))
        .collect();
    if !carried.is_empty() {
        sections.push(Section {
            id: "namndens-aktiviteter".into(),
            title: "Nämndens aktiviteter som enheten genomför".into(),
            level: 1,
            page_break: false,
            blocks: vec![para(
                "Nämndens aktiviteter som enhetens plan tar upp under nämndmålen, med den status enheten rapporterar; nämnden följer upp aktiviteten som helhet i sin rapport.",
            )],
            sections: carried,
        });
    }
    if let Some(b) = budget(f) {
        sections.push(Section {
            id: "ekonomi-utfall".into(),
            title: "Ekonomi: utfall och prognos".into(),
            level: 1,
            page_break: false,
            blocks: vec![b],
            sections: Vec::new(),
        });
    }
    let cover = match kind {
        Kind::Committee => Some(Cover {
            administration: subtitle.clone(),
            department: f.case.department.clone(),
            officer: f.case.officer.clone(),
            registry_number: f.case.registry_number.clone(),
            date: f.date.map(swedish_date),
            to: format!("Till {committee_name}"),
            proposals: f.case.proposals.clone(),
        }),
        Kind::Unit | Kind::Page => None,
    };
    Document {
        kind,
        title: title.clone(),
        author: subtitle.clone().unwrap_or_else(|| organisation.clone()),
        organisation,
        subtitle,
        year: f.year,
        period: Some(format!("{} {}", f.period.months(), f.year)),
        running_head: match kind {
            Kind::Committee => "Tjänsteutlåtande".into(),
            Kind::Unit | Kind::Page => title,
        },
        cover,
        sections,
    }
}

fn para(text: impl Into<String>) -> Block {
    Block::Paragraph {
        content: vec![Inline::text(text)],
    }
}

fn cell(s: impl Into<String>) -> Vec<Inline> {
    vec![Inline::text(s)]
}

fn table(caption: String, columns: &[&str], rows: Vec<Row>) -> Option<Block> {
    (!rows.is_empty()).then(|| Block::Table {
        kind: TableKind::Prose,
        caption: Some(caption),
        unit: None,
        columns: columns
            .iter()
            .map(|c| Column {
                title: (*c).into(),
                align: Align::Left,
            })
            .collect(),
        rows,
    })
}

fn place_section(
    set: &PlanSet,
    f: &FollowUp,
    p: &PlanPlace<'_>,
    level: u8,
    rollup: Option<&crate::rollup::followup::FollowUpRollup>,
) -> Section {
    let (id, title) = match &p.place {
        FollowUpPlace::KfGoal(n) => (
            format!("mal-{}", n.replace('.', "-")),
            format!("{n} {}", p.title),
        ),
        FollowUpPlace::Goal(id) => (id.clone(), p.title.to_owned()),
        FollowUpPlace::CommitteeGoal(id) => (id.clone(), format!("Nämndmål: {}", p.title)),
    };
    let mut blocks = Vec::new();
    if let FollowUpPlace::Goal(goal) = &p.place {
        let assessed = f.goal(goal);
        let own = assessed.and_then(|g| g.assessment);
        blocks.push(Block::Paragraph {
            content: vec![
                Inline::Strong {
                    content: vec![Inline::text("Bedömning: ")],
                },
                Inline::text(match own {
                    Some(a) => format!("Målet {}.", a.words(f.period)),
                    None => "ingen bedömning är gjord.".to_owned(),
                }),
            ],
        });
        if let Some(s) = set.suggest(f, p) {
            let differs = own.is_some_and(|a| a != s.assessment);
            blocks.push(Block::Paragraph {
                content: vec![
                    Inline::Strong {
                        content: vec![Inline::text("Förslag enligt bedömningsregeln: ")],
                    },
                    Inline::text(s.describe()),
                ],
            });
            if differs {
                blocks.push(para(format!(
                    "Bedömningen skiljer sig från förslaget ({} i stället för {}); skälen står nedan.",
                    own.map_or("", |a| a.name()),
                    s.assessment.name()
                )));
            }
        }
        if let Some(reasons) = assessed.and_then(|g| g.reasons.as_ref()) {
            blocks.push(Block::Heading {
                level: level + 1,
                content: vec![Inline::text("Skäl")],
            });
            blocks.extend(markdown::blocks(reasons.as_str(), level + 1, 1));
        }
    }
    let results = set.indicator_results(f, p);
    if let Some(t) = indicator_table(&title, &results) {
        blocks.push(t);
    }
    for r in &results {
        let points = series(set, f, p, r);
        // The first year drawn, when the chart reaches into earlier years.
        let first = points
            .first()
            .and_then(|pt| pt.label.split_once(' '))
            .map(|(year, _)| year.to_owned())
            .filter(|y| *y != f.year.to_string());
        if let Some((svg, alt)) = chart::svg(&r.row.name, &points) {
            let years = match first {
                Some(first) => format!("{first}–{}", f.year),
                None => f.year.to_string(),
            };
            blocks.push(Block::Chart {
                title: format!("{}: årsmål och utfall {years}", r.row.name),
                alt,
                svg,
            });
        }
    }
    // Of the nämnd's activities a unit carries, those it reports on.
    let carried = matches!(p.place, FollowUpPlace::CommitteeGoal(_));
    let activities: Vec<Row> = p
        .activities
        .iter()
        .filter(|a| !carried || f.activity(&p.place, activity_key(a)).is_some())
        .map(|a| {
            let o = f.activity(&p.place, activity_key(a));
            Row::plain(vec![
                cell(&a.text),
                cell(o.map_or("status saknas", |o| o.status.name())),
                cell(o.and_then(|o| o.comment.clone()).unwrap_or_default()),
            ])
        })
        .collect();
    if let Some(t) = table(
        format!("Aktiviteter: {title}"),
        &["Aktivitet", "Status", "Kommentar"],
        activities,
    ) {
        blocks.push(t);
    }
    // The units' assessments of their goals under the nämndmål, and their
    // statuses of the nämnd's activities they carry.
    if let (Some(r), FollowUpPlace::Goal(goal)) = (rollup, &p.place)
        && let Some(place) = r
            .places
            .iter()
            .find(|x| x.kind == "nämndmål" && &x.id == goal)
    {
        let rows: Vec<Row> = place
            .activities
            .iter()
            .flat_map(|a| {
                a.units.iter().map(move |u| {
                    Row::plain(vec![
                        cell(&a.activity),
                        cell(&u.unit_name),
                        cell(u.status),
                        cell(u.comment.clone().unwrap_or_default()),
                    ])
                })
            })
            .collect();
        if let Some(t) = table(
            format!("Enheternas status för nämndens aktiviteter: {title}"),
            &["Aktivitet", "Enhet", "Status", "Kommentar"],
            rows,
        ) {
            blocks.push(t);
        }
        let rows: Vec<Row> = place
            .units
            .iter()
            .flat_map(|u| {
                let reported = u.reported;
                u.goals.iter().map(move |g| {
                    Row::plain(vec![
                        cell(&u.unit_name),
                        cell(&g.title),
                        cell(if reported {
                            g.assessment.clone().unwrap_or_else(|| "saknas".into())
                        } else {
                            "har inte rapporterat".into()
                        }),
                    ])
                })
            })
            .collect();
        if let Some(t) = table(
            format!("Enheternas bedömningar: {title}"),
            &["Enhet", "Enhetsmål", "Bedömning"],
            rows,
        ) {
            blocks.push(t);
        }
    }
    Section {
        id,
        title,
        level,
        page_break: false,
        blocks,
        sections: Vec::new(),
    }
}

/// An outcome against its target in words with a symbol, never by colour
/// alone: *✔ når målet*, *✘ sämre än målet*, *kan inte jämföras*.
pub fn marked(reached: Option<bool>) -> String {
    match (standing(reached), reached) {
        (Some(s), Some(true)) => format!("✔ {s}"),
        (Some(s), _) => format!("✘ {s}"),
        (None, _) => "kan inte jämföras".to_owned(),
    }
}

/// Indikator | Årsmål | Utfall | Prognos | Jämfört med årsmålet | Kön.
fn indicator_table(title: &str, results: &[IndicatorResult<'_>]) -> Option<Block> {
    let show = |t: Option<&str>| t.map_or_else(|| NO_TARGET.to_owned(), target);
    let rows = results
        .iter()
        .map(|r| {
            let mut goal = r
                .target
                .map_or_else(|| NO_TARGET.to_owned(), |t| show(Some(t.target.text())));
            if let Some(c) = r.target.and_then(|t| t.change) {
                goal = format!("{goal} (ändrat {}: {})", c.date, c.decision);
            }
            let standing = marked(r.reached);
            let split = r
                .reported
                .and_then(|o| o.split.as_ref())
                .map(|s| {
                    let (a, b) = s.kind.labels();
                    format!(
                        "{a} {}, {b} {}",
                        target(&s.first.text),
                        target(&s.second.text)
                    )
                })
                .unwrap_or_default();
            Row::plain(vec![
                cell(&r.row.name),
                cell(goal),
                cell(show(
                    r.reported
                        .and_then(|o| o.outcome.as_ref())
                        .map(|m| m.text.as_str()),
                )),
                cell(show(
                    r.reported
                        .and_then(|o| o.forecast.as_ref())
                        .map(|m| m.text.as_str()),
                )),
                cell(standing),
                cell(split),
            ])
        })
        .collect();
    table(
        format!("Indikatorer: {title}"),
        &[
            "Indikator",
            "Årsmål",
            "Utfall",
            "Prognos",
            "Jämfört med årsmålet",
            "Kön",
        ],
        rows,
    )
}

/// The row's figures at each follow-up of the same indicator in earlier years
/// (the plan's predecessors and the place there as the plan graph links them,
/// the row by the indicator's id), then at each of this year's follow-ups up
/// to this one. Labelled by period alone (`T1`) when there is no earlier
/// year's figure, else by year and period (`2019 VB`).
fn series(set: &PlanSet, f: &FollowUp, p: &PlanPlace<'_>, r: &IndicatorResult<'_>) -> Vec<Point> {
    let mut earlier: Vec<(i32, Vec<Point>)> = Vec::new();
    let (mut plan, mut place) = (f.plan, p.place.clone());
    while let Some((before, there)) = set.earlier_place(plan, &place) {
        // Each step goes back a year at least; a plan tree spans a few decades.
        if set.plan_year(before) >= set.plan_year(plan) || earlier.len() > 100 {
            break;
        }
        let places = set.follow_up_places(before);
        let row = places
            .iter()
            .find(|x| x.place == there)
            .and_then(|x| x.indicators.iter().find(|i| i.id == r.row.id));
        if let Some(row) = row {
            let follow_ups = set.follow_ups_of(before);
            let points = points(set, &follow_ups, &there, row);
            if !points.is_empty() {
                earlier.push((set.plan_year(before), points));
            }
        }
        (plan, place) = (before, there);
    }
    let this_year: Vec<&FollowUp> = set
        .follow_ups_of(f.plan)
        .into_iter()
        .filter(|x| x.period.rank() <= f.period.rank())
        .collect();
    let current = points(set, &this_year, &p.place, r.row);
    if earlier.is_empty() {
        return current;
    }
    // Gathered from the latest earlier year back: oldest first, this year last.
    earlier.reverse();
    earlier.push((f.year, current));
    earlier
        .into_iter()
        .flat_map(|(year, points)| {
            points.into_iter().map(move |mut pt| {
                pt.label = format!("{year} {}", pt.label);
                pt
            })
        })
        .collect()
}

/// A row's figures at each of `follow_ups`, labelled by period.
fn points(
    set: &PlanSet,
    follow_ups: &[&FollowUp],
    place: &FollowUpPlace,
    row: &crate::model::Indicator,
) -> Vec<Point> {
    follow_ups
        .iter()
        .map(|x| {
            let o = x.indicator(place, &row.id);
            let (m, forecast) = match (
                o.and_then(|o| o.outcome.as_ref()),
                o.and_then(|o| o.forecast.as_ref()),
            ) {
                (Some(m), _) => (Some(m), false),
                (None, Some(m)) => (Some(m), true),
                (None, None) => (None, false),
            };
            let t = set.target_in_force(x.plan, place, row, x.period);
            let (tv, tt, label) = match t.map(|t| t.target) {
                Some(Target::Number {
                    value,
                    tolerance: false,
                    text,
                    unit,
                }) => {
                    let number = crate::model::value::format_number(*value);
                    let label = match unit.as_deref().and_then(|u| u.split_whitespace().next()) {
                        Some(u) => format!("{number} {u}"),
                        None => number,
                    };
                    (Some(*value), text.clone(), label)
                }
                Some(other) => (None, other.text().to_owned(), String::new()),
                None => (None, String::new(), String::new()),
            };
            Point {
                label: x.period.name().to_owned(),
                value: m.map(|m| m.value),
                forecast,
                text: m.map_or_else(String::new, |m| m.text.clone()),
                target: tv,
                target_text: tt,
                target_label: label,
            }
        })
        .collect()
}

/// Rad | Budget | Utfall | Prognos | Avvikelse, the deviation computed.
fn budget(f: &FollowUp) -> Option<Block> {
    let fmt = |v: Option<f64>| v.map_or_else(|| NO_TARGET.to_owned(), amount);
    let rows = f
        .budget
        .iter()
        .map(|b| {
            Row::plain(vec![
                cell(&b.row),
                cell(fmt(b.budget)),
                cell(fmt(b.outcome)),
                cell(fmt(b.forecast)),
                cell(fmt(b.deviation(f.period))),
            ])
        })
        .collect::<Vec<_>>();
    (!rows.is_empty()).then(|| Block::Table {
        kind: TableKind::Budget,
        caption: Some("Budget, utfall och prognos".into()),
        unit: Some("mnkr".into()),
        columns: ["", "Budget", "Utfall", "Prognos", "Avvikelse"]
            .iter()
            .enumerate()
            .map(|(i, c)| Column {
                title: (*c).into(),
                align: if i == 0 { Align::Left } else { Align::Right },
            })
            .collect(),
        rows,
    })
}
