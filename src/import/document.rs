//! One imported plan as its text shows it: chapters, the goal tree with its
//! sections, indicator and activity rows, and budget tables. Values are text as
//! written; [`super::merge`] turns documents into plan files.

use serde::Serialize;

pub use crate::model::value::RowKind;

/// Whether the text is a nämnd's plan (a tjänsteutlåtande) or a unit's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum PlanKind {
    Committee,
    Unit,
}

/// A block of prose, as it will stand in Markdown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// A heading inside a chapter or a section.
    Heading(String),
    Paragraph(String),
    /// A bulleted list.
    List(Vec<String>),
    /// A numbered list, items with their numbers (`1. En modern storstad …`).
    Numbered(Vec<String>),
    /// Where a budget table stands in the text: its place in the document's
    /// tables (in a plan being merged, in the plan's).
    Table(usize),
}

/// Prose while it is collected (input line indices) and once built.
#[derive(Clone, Debug, Default)]
pub struct Prose {
    pub lines: Vec<usize>,
    pub blocks: Vec<Block>,
}

impl Prose {
    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }
}

/// A chapter: a heading that is not a goal, and the text under it.
#[derive(Clone, Debug, Default)]
pub struct Chapter {
    pub title: String,
    pub line: usize,
    pub prose: Prose,
}

/// A named section of a goal (`Förväntat resultat`).
#[derive(Clone, Debug, Default)]
pub struct Section {
    pub name: &'static str,
    pub line: usize,
    pub prose: Prose,
}

/// An indicator row as the table gives it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IndicatorRow {
    pub name: String,
    /// The plan's own target (Årsmål).
    pub target: Option<String>,
    /// KF:s årsmål.
    pub kf_target: Option<String>,
    pub periodicity: Option<String>,
    pub line: usize,
}

/// An activity row.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ActivityRow {
    pub text: String,
    pub start: String,
    pub end: String,
    pub line: usize,
}

/// A nämndmål or an enhetsmål, as the text shows it. Under a nämndmål in a
/// unit's plan stand the unit's own goals (`unit_goals`); an enhetsmål has none.
#[derive(Clone, Debug, Default)]
pub struct Goal {
    pub title: String,
    pub line: usize,
    pub intro: Prose,
    pub sections: Vec<Section>,
    pub indicators: Vec<IndicatorRow>,
    pub activities: Vec<ActivityRow>,
    pub unit_goals: Vec<Goal>,
}

/// KF:s mål för verksamhetsområdet and what the plan puts under it.
#[derive(Clone, Debug, Default)]
pub struct KfGoal {
    /// `1.3`, without a trailing dot.
    pub number: String,
    pub title: String,
    pub line: usize,
    /// The nämnd's text under the goal.
    pub prose: Prose,
    /// A `Kommentar` directly under the goal.
    pub comment: Option<Section>,
    pub indicators: Vec<IndicatorRow>,
    pub activities: Vec<ActivityRow>,
    pub committee_goals: Vec<Goal>,
}

/// KF:s inriktningsmål.
#[derive(Clone, Debug, Default)]
pub struct Direction {
    pub number: i64,
    pub title: String,
    pub line: usize,
    pub prose: Prose,
    pub goals: Vec<KfGoal>,
}

/// A row of a budget table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BudgetRow {
    pub label: String,
    pub kind: RowKind,
    pub values: Vec<String>,
    /// A line under the row that explains it ("Avser försäljning till andra SDN").
    pub note: Option<String>,
    pub line: usize,
}

/// A table of the economy part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BudgetTable {
    pub title: Option<String>,
    pub unit: Option<String>,
    /// Column headings, when the header could be read into as many as there are values.
    pub columns: Vec<String>,
    /// The header as written, for a person to check.
    pub header: String,
    pub rows: Vec<BudgetRow>,
    pub line: usize,
    /// The chapter heading the table stands under.
    pub context: Option<String>,
}

/// A plan's title block, as a cover or a first page prints it.
#[derive(Clone, Debug, Default)]
pub struct TitleBlock {
    pub year: i32,
    /// Whose plan: the unit's or the nämnd's name.
    pub name: String,
    /// The line under it: department and nämnd, or the förvaltning.
    pub subtitle: Option<String>,
    /// `Period: 2020-01-01 – 2020-06-30`.
    pub period: Option<(String, String)>,
}

/// A top-level part of the document, in order.
#[derive(Clone, Debug)]
pub enum Item {
    Chapter(Chapter),
    Direction(Direction),
}

/// One imported plan.
#[derive(Clone, Debug)]
pub struct Document {
    /// File name as given, for the report.
    pub source: String,
    pub kind: PlanKind,
    pub ocr: bool,
    pub year: Option<i32>,
    /// Nämnd id.
    pub committee: Option<String>,
    /// Known nämnder named in the text, most mentioned first.
    pub committees_named: Vec<(String, usize)>,
    /// The text names the nämnd clearly: often, and far more than any other.
    pub committee_clear: bool,
    /// Nämnder a shared unit works for ("en sammanslagning av familjerätterna
    /// i Hägersten-Liljeholmen, Skärholmen och Älvsjö"), in the order named.
    pub shared_by: Vec<String>,
    pub unit_name: Option<String>,
    pub department: Option<String>,
    /// What a title block above the text says (`Verksamhetsplan 2020` /
    /// `Resursenheten` / `Förskoleavdelningen, Hägersten-Liljeholmens
    /// stadsdelsnämnd` / `Period: …`): whose plan, and the line under it.
    pub title_block: Option<TitleBlock>,
    pub period: Option<(String, String)>,
    pub adopted: Option<String>,
    /// Name and title.
    pub signatories: Vec<(String, String)>,
    /// Date and event.
    pub preparation: Vec<(String, String)>,
    pub items: Vec<Item>,
    pub tables: Vec<BudgetTable>,
}

impl Document {
    pub fn directions(&self) -> impl Iterator<Item = &Direction> {
        self.items.iter().filter_map(|i| match i {
            Item::Direction(d) => Some(d),
            Item::Chapter(_) => None,
        })
    }

    pub fn kf_goals(&self) -> impl Iterator<Item = &KfGoal> {
        self.directions().flat_map(|d| d.goals.iter())
    }

    pub fn committee_goals(&self) -> impl Iterator<Item = &Goal> {
        self.kf_goals().flat_map(|g| g.committee_goals.iter())
    }

    pub fn unit_goals(&self) -> impl Iterator<Item = &Goal> {
        self.committee_goals().flat_map(|g| g.unit_goals.iter())
    }

    pub fn chapters(&self) -> impl Iterator<Item = &Chapter> {
        self.items.iter().filter_map(|i| match i {
            Item::Chapter(c) => Some(c),
            Item::Direction(_) => None,
        })
    }
}
