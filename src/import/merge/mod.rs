//! Imported documents → the plans they contribute to: KF's budget for each year,
//! each nämnd's plan, each unit's plan. Several documents of one run that cite
//! the same KF goal or nämndmål are merged: goals by title, indicators by name,
//! activities by text, and differences are noted rather than resolved.
//!
//! A unit's plan repeats the nämndmål it works towards; they belong to the
//! nämnd's plan, and the unit's plan refers to them by id.
//!
//! Each document is merged in three steps, in this order so that references
//! resolve: its KF goals into KF's budget (`kf`), its part of the nämnd's plan
//! (`committee`), and, for a unit's document, the unit's plan (`unit`).

mod committee;
mod kf;
mod unit;

use std::collections::{BTreeMap, HashMap, HashSet};

use super::document::{self as d, Block, BudgetTable, Document, PlanKind};
use super::ids::{self, Ids};

/// KF's budget for one year, as far as the imported plans show it.
#[derive(Clone, Debug, Default)]
pub struct KfYear {
    pub year: i32,
    pub directions: Vec<KfDirection>,
    ids: Ids,
    /// Every indicator's id by its name's [`key`], kept as they are added.
    indicator_ids: HashMap<String, String>,
}

#[derive(Clone, Debug, Default)]
pub struct KfDirection {
    pub number: i64,
    pub title: String,
    pub goals: Vec<KfGoal>,
}

#[derive(Clone, Debug, Default)]
pub struct KfGoal {
    pub number: String,
    pub title: String,
    pub indicators: Vec<KfIndicator>,
    pub activities: Vec<Activity>,
    /// Where each indicator is, by its name's [`key`].
    indicator_at: HashMap<String, usize>,
    /// The [`key`]s of the activities' texts.
    activity_keys: HashSet<String>,
}

#[derive(Clone, Debug, Default)]
pub struct KfIndicator {
    pub id: String,
    pub name: String,
    pub kf_target: Option<String>,
    pub periodicity: Option<String>,
}

/// An activity with an id, for KF's and the nämnd's activities.
#[derive(Clone, Debug, Default)]
pub struct Activity {
    pub id: Option<String>,
    pub text: String,
    pub start: String,
    pub end: String,
}

/// An indicator row in a nämnd's or a unit's plan.
#[derive(Clone, Debug)]
pub enum Indicator {
    /// KF's or the nämnd's indicator, with this plan's target.
    Ref { id: String, target: Option<String> },
    /// An indicator the plan defines.
    Own {
        id: String,
        name: String,
        target: Option<String>,
        periodicity: Option<String>,
    },
}

/// The nämnd's targets and activities under one of KF's goals.
#[derive(Clone, Debug, Default)]
pub struct CommitteeKfGoal {
    pub number: String,
    pub indicators: Vec<Indicator>,
    pub activities: Vec<String>,
}

/// A goal's prose: text before the first section, then the sections.
#[derive(Clone, Debug, Default)]
pub struct GoalProse {
    pub intro: Vec<Block>,
    pub sections: Vec<(&'static str, Vec<Block>)>,
}

/// A nämndmål or an enhetsmål as its plan file writes it.
#[derive(Clone, Debug, Default)]
pub struct Goal {
    pub id: String,
    pub title: String,
    pub continues: Option<String>,
    pub indicators: Vec<Indicator>,
    pub activities: Vec<Activity>,
    pub prose: GoalProse,
}

/// A nämndmål, under one of KF's goals.
#[derive(Clone, Debug, Default)]
pub struct CommitteeGoal {
    pub kf_goal: String,
    pub goal: Goal,
}

/// A part of a plan's Markdown, in order.
#[derive(Clone, Debug)]
pub enum MdPart {
    Chapter(String, Vec<Block>),
    Direction(i64, String, Vec<Block>),
    /// KF goal number, title, the nämnd's text, its Kommentar.
    KfGoal(String, String, Vec<Block>, Vec<Block>),
    CommitteeGoal(String),
    UnitGoal(String),
}

/// A nämnd's plan for one year.
#[derive(Clone, Debug, Default)]
pub struct CommitteePlan {
    pub year: i32,
    pub committee: String,
    pub signatories: Vec<(String, String)>,
    pub preparation: Vec<(String, String)>,
    pub kf_goals: Vec<CommitteeKfGoal>,
    pub goals: Vec<CommitteeGoal>,
    pub tables: Vec<(String, BudgetTable)>,
    pub md: Vec<MdPart>,
    ids: Ids,
}

/// A nämndmål in a unit's plan: a reference, the activities the unit shows, its own goals.
#[derive(Clone, Debug, Default)]
pub struct UnitCommitteeGoal {
    pub committee_goal: String,
    pub shown_activities: Vec<String>,
    pub unit_goals: Vec<Goal>,
}

/// What a unit's plan shows under one of KF's goals: the ids of KF's
/// indicators (their targets are the nämnd's) and of KF's activities.
#[derive(Clone, Debug, Default)]
pub struct UnitKfGoal {
    pub number: String,
    pub indicators: Vec<String>,
    pub activities: Vec<String>,
}

#[derive(Clone, Debug, Default)]
pub struct UnitPlan {
    pub year: i32,
    pub committee: String,
    pub id: String,
    pub name: String,
    pub department: Option<String>,
    pub continues: Option<String>,
    pub other_committees: Vec<String>,
    pub period: Option<(String, String)>,
    pub adopted: Option<String>,
    /// Per KF goal, KF's indicators (with the nämnd's targets) and activities
    /// the unit's plan shows.
    pub kf_goals: Vec<UnitKfGoal>,
    pub goals: Vec<UnitCommitteeGoal>,
    pub tables: Vec<(String, BudgetTable)>,
    pub md: Vec<MdPart>,
    /// The document it came from.
    pub source: String,
}

/// Everything a run of `vp import` produces.
#[derive(Clone, Debug, Default)]
pub struct Tree {
    pub kf: BTreeMap<i32, KfYear>,
    pub committees: Vec<CommitteePlan>,
    pub units: Vec<UnitPlan>,
    /// Differences between documents and facts that could not be settled, in Swedish.
    pub notes: Vec<String>,
    /// The nämnd each document was found to belong to, in input order.
    pub committee_of: Vec<Option<String>>,
    /// Documents not imported, or imported with a placeholder, for want of a
    /// year, a nämnd or a unit's name.
    pub incomplete: usize,
    /// Parts of the texts that no written plan file holds, with file and line, in Swedish.
    pub dropped: Vec<String>,
}

/// What the user told `vp import` about a document, overriding what the text says.
#[derive(Clone, Debug, Default)]
pub struct Overrides {
    pub year: Option<i32>,
    pub committee: Option<String>,
    pub unit_name: Option<String>,
    pub unit_id: Option<String>,
    pub continues: Option<String>,
    pub other_committees: Vec<String>,
    /// KF:s årsmål of the indicators KF's budgets in the plan tree define
    /// (not told by the user: read from the tree the import writes to).
    pub kf_targets: crate::import::tables::KfTargets,
}

fn key(s: &str) -> String {
    super::text::fold(s.trim().trim_end_matches('.'))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The words of some prose, without its paragraph breaks: two plans that
/// quote the same text broke it over pages differently.
fn plain(blocks: &[Block]) -> String {
    let mut s = String::new();
    for b in blocks {
        match b {
            Block::Heading(t) | Block::Paragraph(t) => s.push_str(t),
            Block::List(items) | Block::Numbered(items) => {
                for i in items {
                    s.push_str(i);
                    s.push(' ');
                }
            }
            Block::Table(_) => {}
        }
        s.push(' ');
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn blocks_of(p: &d::Prose) -> Vec<Block> {
    p.blocks.clone()
}

/// A chapter's blocks in a plan whose tables from this document start at
/// `offset`: each table's place points at the plan's table.
fn chapter_blocks(p: &d::Prose, offset: usize) -> Vec<Block> {
    p.blocks
        .iter()
        .map(|b| match b {
            Block::Table(k) => Block::Table(k + offset),
            b => b.clone(),
        })
        .collect()
}

fn goal_prose(intro: &d::Prose, sections: &[d::Section]) -> GoalProse {
    GoalProse {
        intro: blocks_of(intro),
        sections: sections
            .iter()
            .map(|s| (s.name, blocks_of(&s.prose)))
            .collect(),
    }
}

impl KfYear {
    fn direction(&mut self, number: i64, title: &str) -> &mut KfDirection {
        let pos = match self.directions.iter().position(|d| d.number == number) {
            Some(p) => p,
            None => {
                self.directions.push(KfDirection {
                    number,
                    title: title.to_owned(),
                    goals: Vec::new(),
                });
                self.directions.sort_by_key(|d| d.number);
                self.directions
                    .iter()
                    .position(|d| d.number == number)
                    .unwrap_or(0)
            }
        };
        let dir = &mut self.directions[pos];
        if dir.title.is_empty() {
            dir.title = title.to_owned();
        }
        dir
    }

    pub fn goal(&self, number: &str) -> Option<&KfGoal> {
        self.directions
            .iter()
            .flat_map(|d| d.goals.iter())
            .find(|g| g.number == number)
    }

    /// The id of the indicator of this name (compared by [`key`]).
    fn indicator_id(&self, name: &str) -> Option<&str> {
        self.indicator_ids.get(&key(name)).map(String::as_str)
    }
}

impl CommitteePlan {
    pub fn goal(&self, id: &str) -> Option<&CommitteeGoal> {
        self.goals.iter().find(|g| g.goal.id == id)
    }

    /// The nämnd's part under one of KF's goals; kept in number order, found
    /// by binary search (a plan may cite thousands).
    fn kf_goal(&mut self, number: &str) -> &mut CommitteeKfGoal {
        let at = self.kf_goals.binary_search_by(|g| {
            compare_numbers(&g.number, number).then(g.number.as_str().cmp(number))
        });
        let pos = match at {
            Ok(p) => p,
            Err(p) => {
                self.kf_goals.insert(
                    p,
                    CommitteeKfGoal {
                        number: number.to_owned(),
                        ..Default::default()
                    },
                );
                p
            }
        };
        &mut self.kf_goals[pos]
    }
}

/// The number a direction is filed under in KF's budget: its own, or, when it
/// was printed without one, its goals' (2.5 is under 2). `None`: it has none,
/// and neither it nor text under it can be written.
pub(super) fn direction_number(dir: &d::Direction) -> Option<i64> {
    if dir.number != 0 {
        return Some(dir.number);
    }
    dir.goals
        .iter()
        .find_map(|g| g.number.split('.').next()?.parse::<i64>().ok())
        .filter(|&n| n != 0)
}

/// Adds text under one of KF's headings to a plan's text. A heading the text
/// shows twice (a direction or goal repeated after a page or a table) is one
/// heading in the Markdown, which has one place per goal: the later text joins it.
pub(super) fn push_kf_md(md: &mut Vec<MdPart>, part: MdPart) {
    let earlier = md.iter_mut().find(|p| match (&**p, &part) {
        (MdPart::Direction(a, ..), MdPart::Direction(b, ..)) => a == b,
        (MdPart::KfGoal(a, ..), MdPart::KfGoal(b, ..)) => a == b,
        _ => false,
    });
    match (earlier, part) {
        (Some(MdPart::Direction(_, _, blocks)), MdPart::Direction(_, _, more)) => {
            blocks.extend(more);
        }
        (Some(MdPart::KfGoal(_, _, blocks, comment)), MdPart::KfGoal(_, _, more, more_comment)) => {
            blocks.extend(more);
            comment.extend(more_comment);
        }
        (_, part) => md.push(part),
    }
}

/// Text under a KF goal that KF's budget does not have (it had no number, or
/// stood under a direction without one): reported, not written.
pub(super) fn unfiled_goal_text(source: &str, g: &d::KfGoal) -> String {
    format!(
        "{source}: rad {}: texten under KF:s mål \"{}\" kom inte med: målet kom inte med i KF-budgeten",
        g.line, g.title
    )
}

/// Text under a direction that has no number to stand under: reported, not written.
pub(super) fn unfiled_direction_text(source: &str, dir: &d::Direction) -> String {
    let title = if dir.title.is_empty() {
        String::new()
    } else {
        format!(" \"{}\"", dir.title)
    };
    format!(
        "{source}: rad {}: texten under inriktningsmålet{title} kom inte med: inriktningsmålet har inget nummer, och inte målen under det heller",
        dir.line
    )
}

/// `1.10` after `1.9`.
pub fn compare_numbers(a: &str, b: &str) -> std::cmp::Ordering {
    let parts = |s: &str| -> Vec<u32> { s.split('.').filter_map(|p| p.parse().ok()).collect() };
    parts(a).cmp(&parts(b))
}

/// Merges the documents of one run. Nämnd plans go first, so that their
/// wording of a nämndmål is the one kept.
pub fn merge(docs: &[(Document, Overrides)]) -> Tree {
    let mut tree = Tree::default();
    let committees = resolve_committees(docs);
    tree.committee_of = committees.clone();
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_by_key(|&i| docs[i].0.kind != PlanKind::Committee);
    for i in order {
        let (doc, o) = &docs[i];
        let Some(year) = o.year.or(doc.year) else {
            tree.incomplete += 1;
            tree.notes.push(format!(
                "{}: året framgår inte av texten; ange --year",
                doc.source
            ));
            continue;
        };
        let Some(committee) = committees[i].clone() else {
            tree.incomplete += 1;
            tree.notes.push(format!(
                "{}: nämnden framgår inte av texten (den nämner kanske andra nämnder, men säger inte vilken planen hör till); ange --committee",
                doc.source
            ));
            if doc.kind == PlanKind::Unit && o.unit_name.is_none() && doc.unit_name.is_none() {
                tree.notes.push(format!(
                    "{}: enhetens namn framgår inte heller av texten; ange --unit",
                    doc.source
                ));
            }
            continue;
        };
        kf::add(&mut tree, doc, year);
        committee::add(&mut tree, doc, year, &committee);
        if doc.kind == PlanKind::Unit {
            unit::add(&mut tree, doc, o, year, &committee);
        }
    }
    tree
}

/// The nämnd of each document. A text that names its nämnd clearly, or a
/// nämnd's own plan, says it; for the others (a unit shared by several
/// nämnder, a department that never names its nämnd) the nämnd is the one
/// whose nämndmål, in the clear documents of the same year, the text cites.
fn resolve_committees(docs: &[(Document, Overrides)]) -> Vec<Option<String>> {
    let titles =
        |d: &Document| -> HashSet<String> { d.committee_goals().map(|g| key(&g.title)).collect() };
    let clear: Vec<(Option<i32>, String, HashSet<String>)> = docs
        .iter()
        .filter_map(|(d, o)| {
            let committee = o.committee.clone().or_else(|| {
                (d.committee_clear || d.kind == PlanKind::Committee)
                    .then(|| d.committee.clone())
                    .flatten()
            })?;
            Some((o.year.or(d.year), committee, titles(d)))
        })
        .collect();
    docs.iter()
        .map(|(d, o)| {
            if let Some(c) = &o.committee {
                return Some(c.clone());
            }
            if d.committee_clear || d.kind == PlanKind::Committee {
                return d.committee.clone();
            }
            let year = o.year.or(d.year);
            let mine = titles(d);
            let mut scores: BTreeMap<&str, usize> = BTreeMap::new();
            for (y, c, theirs) in &clear {
                if *y == year {
                    *scores.entry(c.as_str()).or_default() += mine.intersection(theirs).count();
                }
            }
            scores
                .into_iter()
                .filter(|(_, n)| *n > 0)
                .max_by_key(|(_, n)| *n)
                .map(|(c, _)| c.to_owned())
                .or_else(|| d.committee.clone())
        })
        .collect()
}

fn committee_plan<'t>(tree: &'t mut Tree, year: i32, committee: &str) -> &'t mut CommitteePlan {
    let pos = match tree
        .committees
        .iter()
        .position(|c| c.year == year && c.committee == committee)
    {
        Some(p) => p,
        None => {
            tree.committees.push(CommitteePlan {
                year,
                committee: committee.to_owned(),
                ..Default::default()
            });
            tree.committees.len() - 1
        }
    };
    &mut tree.committees[pos]
}

/// An indicator row in a nämnd's or unit's plan: a reference when KF (or the
/// nämnd) defines an indicator of that name the same year.
fn indicator(
    row: &d::IndicatorRow,
    known: &dyn Fn(&str) -> Option<String>,
    ids: &mut Ids,
) -> Indicator {
    match known(&row.name) {
        Some(id) => Indicator::Ref {
            id,
            target: row.target.clone(),
        },
        None => Indicator::Own {
            id: ids.unique(&ids::short(&row.name)),
            name: row.name.clone(),
            target: row.target.clone(),
            periodicity: row.periodicity.clone(),
        },
    }
}
