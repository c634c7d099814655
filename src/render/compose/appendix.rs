//! The nämnd plan's appendix "Sammanställning av enheternas planer": the
//! rollup of its units' plans, in the wording `vp rollup` uses.

use super::super::document::*;
use super::super::typography::{swedish_period, target};
use super::{cell, column, left_table};
use crate::model::PlanSet;
use crate::rollup;
use crate::source::SourceMap;

/// "Sammanställning av enheternas planer": the rollup, when units serve the nämnd.
pub fn rollup_appendix(
    set: &PlanSet,
    sources: &SourceMap,
    committee: &str,
    year: i32,
) -> Option<Section> {
    let r = rollup::rollup(set, sources, committee, year).ok()?;
    if r.units.is_empty() {
        return None;
    }
    let mut blocks = vec![Block::Paragraph {
        content: vec![Inline::text(
            "Sammanställningen visar, för varje nämndmål, enheternas enhetsmål och hur enheternas årsmål för nämndens indikatorer räknas samman. Den bygger på enheternas verksamhetsplaner för året.",
        )],
    }];
    let legend: Vec<Vec<Block>> = r
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| {
            let mut s = format!("E{}: {}", i + 1, u.name);
            if let Some(p) = u.period {
                s.push_str(&format!(" ({})", swedish_period(p.from, p.to)));
            }
            if u.committee != r.committee {
                s.push_str(&format!(" (delad enhet, hör till {})", u.committee));
            }
            vec![Block::Paragraph { content: cell(s) }]
        })
        .collect();
    blocks.push(Block::List {
        ordered: false,
        start: 1,
        items: legend,
    });
    let mut columns = vec![column("Nämndmål", Align::Left)];
    columns.extend((0..r.units.len()).map(|i| column(&format!("E{}", i + 1), Align::Center)));
    blocks.push(Block::Table {
        kind: TableKind::Rollup,
        caption: Some(
            "Enhetsmål per nämndmål (· = nämndmålet står i enhetens plan utan egna enhetsmål, – = står inte i planen)"
                .into(),
        ),
        unit: None,
        columns,
        rows: r
            .coverage
            .matrix
            .iter()
            .map(|m| {
                let mut cells = vec![cell(&m.title)];
                cells.extend(m.cells.iter().map(|c| {
                    cell(match (c.listed, c.goals) {
                        (false, _) => "–".to_owned(),
                        (true, 0) => "·".to_owned(),
                        (true, n) => n.to_string(),
                    })
                }));
                Row::plain(cells)
            })
            .collect(),
    });
    let mut goal_rows = Vec::new();
    let mut indicator_rows = Vec::new();
    for k in r.directions.iter().flat_map(|d| &d.kf_goals) {
        for i in &k.indicators {
            indicator_rows.push(rollup_indicator_row(i));
        }
        for g in &k.committee_goals {
            for i in &g.indicators {
                indicator_rows.push(rollup_indicator_row(i));
            }
            for u in &g.units {
                for ug in &u.goals {
                    goal_rows.push(Row::plain(vec![
                        cell(&g.title),
                        cell(&u.unit_name),
                        cell(&ug.title),
                    ]));
                }
            }
        }
    }
    blocks.extend(left_table(
        TableKind::Rollup,
        Some("Enheternas enhetsmål under nämndmålen"),
        &["Nämndmål", "Enhet", "Enhetsmål"],
        goal_rows,
    ));
    blocks.extend(left_table(
        TableKind::Rollup,
        Some("Nämndens indikatorer och enheternas årsmål"),
        &["Indikator", "Årsmål", "Enheternas årsmål", "Sammanräknat"],
        indicator_rows,
    ));
    let c = &r.coverage;
    let goal_titles = |ids: &[String]| -> Vec<Vec<Block>> {
        ids.iter()
            .filter_map(|id| c.matrix.iter().find(|m| &m.committee_goal == id))
            .map(|m| {
                vec![Block::Paragraph {
                    content: cell(&m.title),
                }]
            })
            .collect()
    };
    let activities: Vec<Vec<Block>> = c
        .uncarried_activities
        .iter()
        .map(|a| {
            vec![Block::Paragraph {
                content: cell(&a.activity.text),
            }]
        })
        .collect();
    for (heading, items) in [
        (
            "Nämndmål som ingen enhet nämner",
            goal_titles(&c.uncovered_goals),
        ),
        (
            "Nämndmål utan enhetsmål i någon enhet",
            goal_titles(&c.goals_without_unit_goals),
        ),
        ("Nämndens aktiviteter som ingen enhet utför", activities),
    ] {
        if items.is_empty() {
            continue;
        }
        blocks.push(Block::Paragraph {
            content: vec![Inline::Strong {
                content: cell(heading),
            }],
        });
        blocks.push(Block::List {
            ordered: false,
            start: 1,
            items,
        });
    }
    Some(Section {
        id: "sammanstallning".into(),
        title: "Bilaga: Sammanställning av enheternas planer".into(),
        level: 1,
        page_break: true,
        blocks,
        sections: Vec::new(),
    })
}

pub fn rollup_indicator_row(i: &rollup::IndicatorRollup) -> Row {
    use rollup::format::{capitalized, outcome_words, targets_words, unit_targets_words};
    let fig = |s: &str| target(s);
    Row::plain(vec![
        cell(&i.name),
        cell(capitalized(&targets_words(i, &fig))),
        cell(unit_targets_words(i, &fig)),
        cell(capitalized(&outcome_words(i, &fig))),
    ])
}
