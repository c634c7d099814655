//! The plan graph → a [`Document`]: the order and headings of the published
//! plans (seed 002 for a nämnd, seeds 000, 001, 003 and 004 for units).

use std::borrow::Cow;

use super::document::*;
use super::markdown;
use super::typography::{NO_TARGET, amount, amount_in, swedish_date, swedish_period, target};
use crate::model::fields::{CellRef, Field, field_refs, lookup_cell};
use crate::model::prose::{Chapter, GoalKind, GoalText, Segment};
use crate::model::value::slug;
use crate::model::{self, CommitteePlanId, KfYear, PlanId, PlanSet, RowKind, Target, UnitPlanId};
use crate::source::SourceMap;

mod appendix;
pub use appendix::{rollup_appendix, rollup_indicator_row};

/// The tjänsteutlåtande's own chapters, before the plan proper.
use model::prose::report_chapter;
const REPORT_CHAPTERS: [&str; 3] = report_chapter::ALL;

/// A nämnd's plan as tjänsteutlåtande.
pub fn committee_document(set: &PlanSet, sources: &SourceMap, id: CommitteePlanId) -> Document {
    let plan = &set[id];
    let committee = set.committee(&plan.committee);
    let name = committee.map_or_else(|| plan.committee.clone(), |c| c.name.clone());
    let administration = committee.and_then(|c| c.administration.clone());
    let kf = set.kf_years.get(&plan.year);
    let values = Values::committee(set, id, kf);
    let mut sections = Vec::new();

    // Sammanfattning, Bakgrund, Ärendets beredning, then the signatures.
    let report: Vec<&Chapter> = plan
        .prose
        .chapters
        .iter()
        .filter(|c| REPORT_CHAPTERS.contains(&c.title.as_str()))
        .collect();
    if !report.iter().any(|c| c.title == report_chapter::SUMMARY) {
        sections.push(generated_summary(
            &values,
            plan.goals.len(),
            plan.summary.as_ref(),
        ));
    }
    for c in &report {
        sections.push(chapter(c, &values, &plan.economy, false));
    }
    // The chapter, when the Markdown has one, is printed and `beredning:` only
    // where it writes `{{beredning}}` (VP061 says so when both are written).
    if !report
        .iter()
        .any(|c| c.title == report_chapter::PREPARATION)
        && !plan.preparation.is_empty()
    {
        sections.push(Section {
            id: "arendets-beredning".into(),
            title: report_chapter::PREPARATION.into(),
            level: 1,
            page_break: false,
            blocks: model::prose::generated_preparation(&plan.preparation)
                .into_iter()
                .map(|p| Block::Paragraph {
                    content: vec![Inline::text(p)],
                })
                .collect(),
            sections: Vec::new(),
        });
    }
    if !plan.signatories.is_empty()
        && let Some(last) = sections.last_mut()
    {
        last.blocks.push(Block::Signatures {
            people: plan.signatories.iter().map(Signatory::from).collect(),
        });
    }

    // The plan proper starts on a page of its own.
    let first_plan_section = sections.len();
    let goals = kf
        .map(|kf| committee_goals(set, id, kf))
        .unwrap_or_default();
    sections.extend(plan_body(
        &plan.prose,
        &plan.economy,
        &values,
        goals,
        &REPORT_CHAPTERS,
    ));
    if let Some(s) = sections.get_mut(first_plan_section) {
        s.page_break = true;
    }
    if let Some(appendix) = rollup_appendix(set, sources, &plan.committee, plan.year) {
        sections.push(appendix);
    }
    if !plan.appendices.is_empty() {
        sections.push(Section {
            id: "bilagor".into(),
            title: "Bilagor".into(),
            level: 1,
            page_break: false,
            blocks: vec![Block::List {
                ordered: false,
                start: 1,
                items: plan
                    .appendices
                    .iter()
                    .map(|(n, t)| {
                        vec![Block::Paragraph {
                            content: vec![Inline::text(format!("Bilaga {n}. {t}"))],
                        }]
                    })
                    .collect(),
            }],
            sections: Vec::new(),
        });
    }
    let title = format!("Verksamhetsplan {}", plan.year);
    Document {
        kind: Kind::Committee,
        title: title.clone(),
        organisation: name.clone(),
        subtitle: administration.clone(),
        author: administration.clone().unwrap_or_else(|| name.clone()),
        year: plan.year,
        period: None,
        running_head: "Tjänsteutlåtande".into(),
        cover: Some(Cover {
            administration,
            department: plan.department.clone(),
            officer: plan.officer.clone(),
            registry_number: plan.registry_number.clone(),
            date: plan.date.map(swedish_date),
            to: format!("Till {name}"),
            proposals: plan.proposals.clone(),
        }),
        sections,
    }
}

/// A unit's plan, like seeds 000, 003 and 004.
pub fn unit_document(set: &PlanSet, id: UnitPlanId) -> Document {
    let plan = &set[id];
    let committee = set.committee(&plan.committee);
    let committee_name = committee.map_or_else(|| plan.committee.clone(), |c| c.name.clone());
    let kf = set.kf_years.get(&plan.year);
    let values = Values::unit(kf, &plan.economy);
    let goals = kf.map(|kf| unit_goals(set, id, kf)).unwrap_or_default();
    let sections = plan_body(&plan.prose, &plan.economy, &values, goals, &[]);
    let period = plan
        .is_partial_year()
        .then(|| swedish_period(plan.period.0, plan.period.1));
    let mut subtitle: Vec<String> = plan.unit.department.iter().cloned().collect();
    subtitle.push(committee_name.clone());
    for other in &plan.unit.other_committees {
        subtitle.push(
            set.committee(other)
                .map_or_else(|| other.clone(), |c| c.name.clone()),
        );
    }
    Document {
        kind: Kind::Unit,
        title: format!("Verksamhetsplan {}", plan.year),
        organisation: plan.unit.name.clone(),
        subtitle: Some(subtitle.join(", ")),
        author: plan.unit.name.clone(),
        year: plan.year,
        period,
        running_head: format!("Verksamhetsplan {}, {}", plan.year, plan.unit.name),
        cover: None,
        sections,
    }
}

/// The values a plan's prose may name in `{{…}}`, as the document prints them.
struct Values<'a> {
    goal_count: Option<usize>,
    summary: Option<model::Summary>,
    directions: Vec<String>,
    /// The plan's `ekonomi`, for `{{belopp: tabell | rad | kolumn}}`.
    tables: &'a [model::Table],
    preparation: &'a [model::PreparationStep],
}

impl<'a> Values<'a> {
    fn committee(set: &'a PlanSet, id: CommitteePlanId, kf: Option<&KfYear>) -> Values<'a> {
        Values {
            goal_count: Some(set[id].goals.len()),
            summary: set[id].summary.clone(),
            directions: directions(kf),
            tables: &set[id].economy,
            preparation: &set[id].preparation,
        }
    }

    fn unit(kf: Option<&KfYear>, tables: &'a [model::Table]) -> Values<'a> {
        Values {
            goal_count: None,
            summary: None,
            directions: directions(kf),
            tables,
            preparation: &[],
        }
    }

    fn get(&self, f: Field) -> Option<String> {
        let s = self.summary.as_ref();
        match f {
            Field::CommitteeGoalCount => self.goal_count.map(|n| n.to_string()),
            Field::Net => s.map(|s| amount(s.net)),
            Field::Costs => s.map(|s| amount(s.costs)),
            Field::Income => s.map(|s| amount(s.income)),
            Field::Investments => s.and_then(|s| s.investments).map(amount),
            Field::Preparation => (!self.preparation.is_empty()).then(|| {
                model::prose::generated_preparation(self.preparation)
                    .iter()
                    .map(|p| comrak::escape_commonmark_inline(p))
                    .collect::<Vec<_>>()
                    .join(" ")
            }),
            Field::Directions => None,
        }
    }

    /// `{{belopp: …}}`: the cell's figure as the table prints it; none for a
    /// reference validation reports.
    fn cell(&self, name: &str) -> Option<String> {
        let cell = CellRef::parse(name)?.ok()?;
        lookup_cell(self.tables, &cell).ok().map(amount)
    }
}

/// A step of ärendets beredning as a sentence, its date in Swedish:
/// "Pensionärsrådet behandlar ärendet 23 januari 2019."
fn directions(kf: Option<&KfYear>) -> Vec<String> {
    kf.map(|k| k.directions.iter().map(|d| d.title.clone()).collect())
        .unwrap_or_default()
}

/// Markdown with its `{{…}}` values filled in. A value the plan cannot give
/// (validation reports it) is left as written. `{{inriktningsmål}}` on its own
/// line becomes a Markdown list, each title escaped so it stays text. Text
/// without values is not copied: a chapter can be megabytes, and its copy stood
/// beside comrak's while the chapter was parsed (render's peak memory).
fn fill<'a>(text: &'a str, values: &Values) -> Cow<'a, str> {
    let refs = field_refs(text);
    if refs.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for r in refs {
        out.push_str(&text[at..r.range.start]);
        match Field::parse(r.name) {
            Some(Field::Directions) => {
                let list: Vec<String> = values
                    .directions
                    .iter()
                    .map(|d| format!("- {}", comrak::escape_commonmark_inline(d)))
                    .collect();
                out.push_str(&list.join("\n"));
            }
            Some(f) => match values.get(f) {
                Some(v) => out.push_str(&v),
                None => out.push_str(&text[r.range.clone()]),
            },
            None => match values.cell(r.name) {
                Some(v) => out.push_str(&v),
                None => out.push_str(&text[r.range.clone()]),
            },
        }
        at = r.range.end;
    }
    out.push_str(&text[at..]);
    Cow::Owned(out)
}

/// The plan proper: its chapters before the goals (but those in `skip`, which
/// the document sets elsewhere), the goals, the chapters after them, and a
/// section Ekonomi with the budget tables its text does not place.
fn plan_body(
    prose: &model::PlanProse,
    economy: &[model::Table],
    values: &Values,
    goals: Vec<Section>,
    skip: &[&str],
) -> Vec<Section> {
    let mut sections: Vec<Section> = prose
        .chapters_before_goals()
        .filter(|c| !skip.contains(&c.title.as_str()))
        .map(|c| chapter(c, values, economy, false))
        .collect();
    sections.extend(goals);
    sections.extend(
        prose
            .chapters_after_goals()
            .map(|c| chapter(c, values, economy, false)),
    );
    let placed = placed_tables(&prose.chapters);
    let unplaced: Vec<Block> = economy
        .iter()
        .filter(|t| !placed.contains(&t.id.as_str()))
        .map(budget_table)
        .collect();
    if !unplaced.is_empty() {
        sections.push(Section {
            id: "ekonomi".into(),
            title: "Ekonomi".into(),
            level: 1,
            page_break: false,
            blocks: unplaced,
            sections: Vec::new(),
        });
    }
    sections
}

fn placed_tables(chapters: &[Chapter]) -> Vec<&str> {
    chapters
        .iter()
        .flat_map(|c| c.text.segments())
        .filter_map(|s| match s {
            Segment::Table(id) => Some(id),
            Segment::Text(_) => None,
        })
        .collect()
}

/// A chapter: its prose, with budget tables where `{{tabell: id}}` places them.
fn chapter(c: &Chapter, values: &Values, tables: &[model::Table], page_break: bool) -> Section {
    let mut blocks = Vec::new();
    for segment in c.text.segments() {
        match segment {
            Segment::Text(text) => blocks.extend(markdown::blocks(&fill(text, values), 1, 1)),
            Segment::Table(id) => {
                blocks.extend(tables.iter().find(|t| t.id == id).map(budget_table))
            }
        }
    }
    Section {
        id: slug(&c.title),
        title: c.title.clone(),
        level: 1,
        page_break,
        blocks,
        sections: Vec::new(),
    }
}

/// The Sammanfattning when the plan writes none: KF's inriktningsmål and the figures.
fn generated_summary(values: &Values, goals: usize, summary: Option<&model::Summary>) -> Section {
    // The figures are filled from `values`, which reads the same `summary`.
    let text = model::prose::generated_summary(goals, summary.filter(|_| values.summary.is_some()));
    Section {
        id: "sammanfattning".into(),
        title: report_chapter::SUMMARY.into(),
        level: 1,
        page_break: false,
        blocks: markdown::blocks(&fill(&text, values), 1, 1),
        sections: Vec::new(),
    }
}

/// A goal's own text: its intro, then each section under a heading at `level`.
fn goal_text(text: &GoalText, level: u8) -> Vec<Block> {
    let mut blocks = goal_intro(text, level);
    blocks.extend(goal_sections(text, level));
    blocks
}

/// The text a goal opens with, before any of its sections.
fn goal_intro(text: &GoalText, level: u8) -> Vec<Block> {
    text.intro
        .as_ref()
        .map(|intro| markdown::blocks(intro.as_str(), level - 1, 1))
        .unwrap_or_default()
}

/// A goal's sections (*Förväntat resultat*, *Kommentar*), each under a heading at `level`.
fn goal_sections(text: &GoalText, level: u8) -> Vec<Block> {
    let mut blocks = Vec::new();
    for s in &text.sections {
        blocks.push(Block::Heading {
            level,
            content: vec![Inline::text(s.name)],
        });
        blocks.extend(markdown::blocks(s.text.as_str(), level, 2));
    }
    blocks
}

fn cell(s: impl Into<String>) -> Vec<Inline> {
    vec![Inline::text(s)]
}

fn column(title: &str, align: Align) -> Column {
    Column {
        title: title.into(),
        align,
    }
}

/// Indikator | Årsmål | KF:s årsmål | Periodicitet.
pub fn indicator_table(set: &PlanSet, plan: PlanId, rows: &[&model::Indicator]) -> Option<Block> {
    let rows = rows
        .iter()
        .map(|i| {
            let own = set
                .effective_target(plan, i)
                .filter(|e| e.source != model::graph::TargetSource::Kf)
                .map_or_else(|| NO_TARGET.to_owned(), |e| target(e.target.text()));
            let kf = i
                .kf_target
                .as_ref()
                .filter(|t| !matches!(t, Target::Empty))
                .map_or_else(|| NO_TARGET.to_owned(), |t| target(t.text()));
            Row::plain(vec![
                cell(&i.name),
                cell(own),
                cell(kf),
                cell(i.periodicity.map(|p| p.name()).unwrap_or("")),
            ])
        })
        .collect();
    left_table(
        TableKind::Indicators,
        None,
        &["Indikator", "Årsmål", "KF:s årsmål", "Periodicitet"],
        rows,
    )
}

/// Aktivitet | Startdatum | Slutdatum.
fn activity_table(rows: &[&model::Activity]) -> Option<Block> {
    let rows = rows
        .iter()
        .map(|a| {
            Row::plain(vec![
                cell(&a.text),
                cell(a.start.to_string()),
                cell(a.end.to_string()),
            ])
        })
        .collect();
    left_table(
        TableKind::Activities,
        None,
        &["Aktivitet", "Startdatum", "Slutdatum"],
        rows,
    )
}

/// A budget table: figures right aligned, varav rows indented and named so, SUMMA rows bold.
fn budget_table(t: &model::Table) -> Block {
    let mut columns = vec![column("", Align::Left)];
    columns.extend(t.columns.iter().map(|c| column(c, Align::Right)));
    Block::Table {
        kind: TableKind::Budget,
        caption: Some(t.title.clone()),
        unit: t.unit.clone(),
        columns,
        rows: t
            .rows
            .iter()
            .map(|r| {
                let label = match r.kind {
                    RowKind::PartOf => part_label(&r.label),
                    RowKind::Row | RowKind::Total => r.label.clone(),
                };
                let mut cells = vec![cell(label)];
                cells.extend(
                    r.values
                        .iter()
                        .map(|v| cell(v.map(|v| amount_in(v, t.decimals)).unwrap_or_default())),
                );
                Row {
                    cells,
                    style: match r.kind {
                        RowKind::Row => RowStyle::Normal,
                        RowKind::PartOf => RowStyle::Part,
                        RowKind::Total => RowStyle::Total,
                    },
                    note: r.note.clone(),
                }
            })
            .collect(),
    }
}

/// A part of the row above says so in words, as the published plans print it
/// ("varav barn och ungdom", "Varav feriearbetare"): indentation and italics
/// alone are lost when the text is read out of the PDF. The label is printed as
/// the plan writes it; only a label without the word gets "varav" in front.
fn part_label(label: &str) -> String {
    let has_word = label
        .get(..6)
        .is_some_and(|head| head.eq_ignore_ascii_case("varav "));
    if has_word {
        label.to_owned()
    } else {
        format!("varav {label}")
    }
}

/// The labels every published plan prints before KF's goals, as the nämndmål
/// and enhetsmål have theirs (seeds 000 and 002–004: `KF:s inriktningsmål:`
/// over `1. En modern storstad …`).
const DIRECTION_LABEL: &str = "KF:s inriktningsmål:";
const KF_GOAL_LABEL: &str = "KF:s mål för verksamhetsområdet:";

fn direction_section(d: &model::KfDirection, text: Option<&GoalText>) -> Section {
    Section {
        id: format!("inriktningsmal-{}", d.number),
        title: format!("{DIRECTION_LABEL} {}. {}", d.number, d.title),
        level: 1,
        page_break: false,
        blocks: text.map(|t| goal_text(t, 2)).unwrap_or_default(),
        sections: Vec::new(),
    }
}

/// A mål för verksamhetsområdet: the plan's text under it, with the plan's
/// part of KF's indicators and activities (`tables`) between the text's opening
/// and its sections. Seed 002 opens with how the nämnd contributes, then the
/// tables; seed 004 has its *Kommentar* after the Sjukfrånvaro table (under a
/// nämndmål or enhetsmål the sections come before the tables, as every seed
/// has them).
fn kf_goal_section(g: &model::KfGoal, text: Option<&GoalText>, tables: Vec<Block>) -> Section {
    let mut blocks = text.map(|t| goal_intro(t, 3)).unwrap_or_default();
    blocks.extend(tables);
    blocks.extend(text.map(|t| goal_sections(t, 3)).unwrap_or_default());
    Section {
        id: format!("mal-{}", g.number.replace('.', "-")),
        title: format!("{KF_GOAL_LABEL} {} {}", g.number, g.title),
        level: 2,
        page_break: false,
        blocks,
        sections: Vec::new(),
    }
}

/// Per KF inriktningsmål and mål för verksamhetsområdet: the plan's text under it,
/// its part (KF's indicators with the plan's targets, KF's activities), and the
/// sections `goals` gives for the KF goal; KF goals with none of these are left out.
fn kf_structure(
    set: &PlanSet,
    plan: PlanId,
    prose: &model::PlanProse,
    parts: &[model::CommitteeKfGoal],
    kf: &KfYear,
    goals: &dyn Fn(&model::KfGoal) -> Vec<Section>,
) -> Vec<Section> {
    let mut out = Vec::new();
    for d in &kf.directions {
        let dir_text = prose.kf_text(GoalKind::Direction, &d.number.to_string());
        let mut dir = direction_section(d, dir_text);
        for g in &d.goals {
            let part = parts.iter().find(|k| k.kf_goal == g.number);
            let children = goals(g);
            let text = prose.kf_text(GoalKind::KfGoal, &g.number);
            if part.is_none() && children.is_empty() && text.is_none() {
                continue;
            }
            let mut tables = Vec::new();
            if let Some(part) = part {
                let rows: Vec<&model::Indicator> = part.indicators.iter().collect();
                tables.extend(indicator_table(set, plan, &rows));
                let acts: Vec<&model::Activity> = part.activities.iter().collect();
                tables.extend(activity_table(&acts));
            }
            let mut s = kf_goal_section(g, text, tables);
            s.sections = children;
            dir.sections.push(s);
        }
        if !dir.sections.is_empty() || dir_text.is_some() {
            out.push(dir);
        }
    }
    out
}

/// A nämnd plan's goals: its nämndmål under their KF goals.
fn committee_goals(set: &PlanSet, id: CommitteePlanId, kf: &KfYear) -> Vec<Section> {
    let plan = &set[id];
    let pid = PlanId::Committee(id);
    kf_structure(set, pid, &plan.prose, &plan.kf_goals, kf, &|g| {
        plan.goals
            .iter()
            .filter(|c| c.kf_goal == g.number)
            .map(|goal| committee_goal_section(set, pid, goal, None, 3))
            .collect()
    })
}

/// A nämndmål with its sections, indicators and activities. `shown` narrows the
/// activities to those a unit plan says it carries out.
fn committee_goal_section(
    set: &PlanSet,
    plan: PlanId,
    goal: &model::CommitteeGoal,
    shown: Option<&model::UnitCommitteeGoal>,
    level: u8,
) -> Section {
    let mut blocks = goal_text(&goal.text, level + 1);
    let rows: Vec<&model::Indicator> = goal.indicators.iter().collect();
    blocks.extend(indicator_table(set, plan, &rows));
    let acts: Vec<&model::Activity> = match shown {
        Some(group) => group.carried(goal).collect(),
        None => goal.activities.iter().collect(),
    };
    blocks.extend(activity_table(&acts));
    Section {
        id: goal.id.clone(),
        title: format!("Nämndmål: {}", goal.title),
        level,
        page_break: false,
        blocks,
        sections: Vec::new(),
    }
}

/// A unit plan's goals: under each KF goal, the unit's targets for KF's
/// indicators, then each nämndmål it works towards with its enhetsmål.
fn unit_goals(set: &PlanSet, id: UnitPlanId, kf: &KfYear) -> Vec<Section> {
    let plan = &set[id];
    let pid = PlanId::Unit(id);
    kf_structure(set, pid, &plan.prose, &plan.kf_goals, kf, &|g| {
        let mut out = Vec::new();
        for grp in &plan.goals {
            let Some(cg) = grp
                .committee_goal_id
                .filter(|cg| set[*cg].kf_goal == g.number)
            else {
                continue;
            };
            let mut goal =
                committee_goal_section(set, PlanId::Committee(cg.plan), &set[cg], Some(grp), 3);
            for ug in &grp.unit_goals {
                let mut blocks = goal_text(&ug.text, 5);
                let rows: Vec<&model::Indicator> = ug.indicators.iter().collect();
                blocks.extend(indicator_table(set, pid, &rows));
                let acts: Vec<&model::Activity> = ug.activities.iter().collect();
                blocks.extend(activity_table(&acts));
                goal.sections.push(Section {
                    id: ug.id.clone(),
                    title: format!("Enhetsmål: {}", ug.title),
                    level: 4,
                    page_break: false,
                    blocks,
                    sections: Vec::new(),
                });
            }
            out.push(goal);
        }
        out
    })
}

/// A table whose columns are all left aligned, without a unit; none when
/// there are no rows.
fn left_table(
    kind: TableKind,
    caption: Option<&str>,
    columns: &[&str],
    rows: Vec<Row>,
) -> Option<Block> {
    (!rows.is_empty()).then(|| Block::Table {
        kind,
        caption: caption.map(str::to_owned),
        unit: None,
        columns: columns.iter().map(|c| column(c, Align::Left)).collect(),
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_part_label_is_printed_as_the_plan_writes_it() {
        // Seed 002 prints "Varav handläggning", "Varav feriearbetare" and
        // "varav barn och ungdom": the plan's label, its case kept.
        assert_eq!(part_label("Varav handläggning"), "Varav handläggning");
        assert_eq!(part_label("Varav feriearbetare"), "Varav feriearbetare");
        assert_eq!(part_label("varav barn och ungdom"), "varav barn och ungdom");
        assert_eq!(part_label("VARAV IT"), "VARAV IT");
        // A label without the word gets it, so the part still says so in print.
        assert_eq!(part_label("Handläggning"), "varav Handläggning");
        assert_eq!(part_label("Varavdelning"), "varav Varavdelning");
        assert_eq!(part_label("Vår"), "varav Vår");
        assert_eq!(part_label(""), "varav ");
    }
}
