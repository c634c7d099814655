//! The validated plan model: every budget year's KF goals, every nämnd's and
//! unit's plan, with references resolved to typed ids and prose on its goals.
//! Built only by [`crate::validate`]; [`graph`] answers the questions the
//! commands ask of it.

pub mod aggregate;
pub mod fields;
pub mod followup;
pub mod graph;
pub mod id;
pub mod prose;
pub mod value;

use std::collections::BTreeMap;

use crate::source::{FileId, Span};
pub use followup::FollowUp;
pub use graph::{Element, Index};
pub use id::{
    CommitteeGoalId, CommitteePlanId, IndicatorKey, IndicatorOwner, KfGoalId, PlanId, UnitGoalId,
    UnitPlanId,
};
pub use prose::{Chapter, GoalKind, GoalText, Markdown, PlanProse, Segment, TablePlacement};
pub use value::{
    ActivityStatus, Aggregation, Assessment, Date, Direction, FollowUpPeriod, Marker, Periodicity,
    RowKind, SexSplit, Target,
};

/// Everything loaded from a plan tree, validated and cross-referenced.
///
/// The vectors are in file order and never shrink, so the typed ids in
/// [`id`] index them. Lookups and back-links go through [`graph`].
#[derive(Debug, Default)]
pub struct PlanSet {
    pub committees: Vec<Committee>,
    pub kf_years: BTreeMap<i32, KfYear>,
    pub committee_plans: Vec<CommitteePlan>,
    /// Shared (`Arc`): a tree validated again after an edit takes the unit
    /// plans the edit cannot have changed from the last validation as they are
    /// ([`validate::Cache`](crate::validate::Cache)), not copies.
    pub unit_plans: Vec<std::sync::Arc<UnitPlan>>,
    /// Follow-ups (tertialrapporter, verksamhetsberättelser) of the plans above, in the
    /// year's order (every T1, then T2, then VB), a nämnd's before its units'.
    pub follow_ups: Vec<FollowUp>,
    /// Each follow-up's place in `follow_ups`, by plan and period.
    pub(crate) follow_up_index: std::collections::HashMap<(PlanId, FollowUpPeriod), usize>,
    pub(crate) index: std::sync::Arc<Index>,
}

/// A nämnd, and what it continues after a reorganisation.
#[derive(Debug, Clone)]
pub struct Committee {
    pub id: String,
    pub name: String,
    pub administration: Option<String>,
    pub from: Option<Date>,
    pub until: Option<Date>,
    /// Nämnder this one replaces (the 2020 merger: Hägersten-Älvsjö continues two).
    pub continues: Vec<String>,
    pub span: Span,
    /// Where each of `continues` is written, in the same order.
    pub continues_spans: Vec<Span>,
    /// Where `från` and `till` are written, if they are.
    pub from_span: Option<Span>,
    pub until_span: Option<Span>,
}

impl Committee {
    /// Whether the nämnd exists on some day of `year`.
    pub fn exists_in(&self, year: i32) -> bool {
        self.from.is_none_or(|d| d.year <= year) && self.until.is_none_or(|d| d.year >= year)
    }
}

/// KF:s budget for one year.
#[derive(Debug)]
pub struct KfYear {
    pub year: i32,
    pub file: FileId,
    pub decision: Option<String>,
    pub directions: Vec<KfDirection>,
}

impl KfYear {
    pub fn goals(&self) -> impl Iterator<Item = &KfGoal> {
        self.directions.iter().flat_map(|d| d.goals.iter())
    }

    /// The goals with their ids.
    pub fn goals_with_ids(&self) -> impl Iterator<Item = (KfGoalId, &KfGoal)> {
        let year = self.year;
        self.directions
            .iter()
            .enumerate()
            .flat_map(move |(d, dir)| {
                dir.goals
                    .iter()
                    .enumerate()
                    .map(move |(g, goal)| (KfGoalId::new(year, d, g), goal))
            })
    }

    pub fn goal(&self, number: &str) -> Option<&KfGoal> {
        self.goals().find(|g| g.number == number)
    }

    pub fn indicator(&self, id: &str) -> Option<&Indicator> {
        self.goals()
            .flat_map(|g| g.indicators.iter())
            .find(|i| i.id == id)
    }

    pub fn activity(&self, id: &str) -> Option<&Activity> {
        self.goals()
            .flat_map(|g| g.activities.iter())
            .find(|a| a.id.as_deref() == Some(id))
    }
}

/// KF:s inriktningsmål.
#[derive(Debug)]
pub struct KfDirection {
    pub number: i64,
    pub title: String,
    pub goals: Vec<KfGoal>,
}

/// KF:s mål för verksamhetsområdet.
#[derive(Debug)]
pub struct KfGoal {
    /// `1.3`.
    pub number: String,
    pub title: String,
    /// The number of the goal this one continues in an earlier budget, as written.
    pub continues: Option<Reference>,
    pub indicators: Vec<Indicator>,
    pub activities: Vec<Activity>,
    pub span: Span,
}

/// A reference as written in a file (`fortsätter: …`), with where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub text: String,
    pub span: Span,
}

/// Who defined an indicator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Kf,
    Committee,
    Unit,
}

/// An indicator row as it stands in a plan, with its definition resolved.
///
/// A row either defines the indicator (`id:`) or shows one defined elsewhere
/// (`indikator:`); either way the definition's fields are here, and `key`
/// names the definition, qualified by who made it.
#[derive(Debug, Clone)]
pub struct Indicator {
    pub id: String,
    /// The definition: its owner (KF's budget, a nämnd plan, a unit plan) and id.
    pub key: IndicatorKey,
    /// Whether the row refers to a definition elsewhere rather than defining one.
    pub is_reference: bool,
    pub name: String,
    /// Årsmål of the plan the row stands in.
    pub target: Target,
    /// KF:s årsmål, when KF defined the indicator.
    pub kf_target: Option<Target>,
    pub periodicity: Option<Periodicity>,
    pub unit: Option<String>,
    pub direction: Option<Direction>,
    pub aggregation: Option<Aggregation>,
    /// For a weighted mean: the id of the weight indicator, as written.
    pub weight: Option<String>,
    /// Where the definition writes `vikt`.
    pub weight_span: Option<Span>,
    /// The weight indicator, resolved among those visible from the definition.
    pub weight_key: Option<IndicatorKey>,
    pub kolada: Option<String>,
    /// Könsuppdelning: the indicator is about individuals and its outcomes are reported by sex.
    pub sex_split: Option<SexSplit>,
    pub defined_by: Level,
    pub span: Span,
    /// Where the row's `årsmål` is written, if it is.
    pub target_span: Option<Span>,
}

/// An activity (aktivitet) with its dates.
#[derive(Debug, Clone)]
pub struct Activity {
    pub id: Option<String>,
    pub text: String,
    pub start: Date,
    pub end: Date,
    pub span: Span,
}

/// A person signing the tjänsteutlåtande.
#[derive(Debug, Clone)]
pub struct Signatory {
    pub name: String,
    pub title: String,
}

/// The figures of a nämnd plan's Sammanfattning, in mnkr.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// The operating budget table's id.
    pub table: String,
    pub net: f64,
    pub costs: f64,
    pub income: f64,
    pub investments: Option<f64>,
}

/// A step in ärendets beredning.
#[derive(Debug, Clone)]
pub struct PreparationStep {
    pub date: Date,
    pub event: String,
}

/// A nämnd's plan for one year.
#[derive(Debug)]
pub struct CommitteePlan {
    pub committee: String,
    pub year: i32,
    /// Where the plan names its year (`år:`).
    pub year_span: Span,
    pub file: FileId,
    /// Where the plan names its nämnd.
    pub span: Span,
    /// The Markdown file beside the YAML, if there is one.
    pub prose_file: Option<FileId>,
    /// Chapters and the plan's text under KF:s goals; nämndmål own their text.
    pub prose: PlanProse,
    pub registry_number: Option<String>,
    pub date: Option<Date>,
    /// Avdelning on the tjänsteutlåtande's first page.
    pub department: Option<String>,
    /// Handläggare on the first page.
    pub officer: Option<String>,
    /// Förslag till beslut, in order.
    pub proposals: Vec<String>,
    /// The Sammanfattning's figures, computed from the operating budget's SUMMA row.
    pub summary: Option<Summary>,
    pub signatories: Vec<Signatory>,
    pub preparation: Vec<PreparationStep>,
    pub kf_goals: Vec<CommitteeKfGoal>,
    pub goals: Vec<CommitteeGoal>,
    pub economy: Vec<Table>,
    pub appendices: Vec<(i64, String)>,
}

impl CommitteePlan {
    pub fn goal(&self, id: &str) -> Option<&CommitteeGoal> {
        self.goals.iter().find(|g| g.id == id)
    }
}

/// A plan's targets for KF:s indicators, and KF:s activities, under one KF goal.
#[derive(Debug, Clone)]
pub struct CommitteeKfGoal {
    /// The KF goal's number, as written (normalised: `2.5.` is `2.5`).
    pub kf_goal: String,
    /// The KF goal, when it exists in the year's budget.
    pub kf_goal_id: Option<KfGoalId>,
    pub indicators: Vec<Indicator>,
    pub activities: Vec<Activity>,
    pub span: Span,
}

/// Nämndmål.
#[derive(Debug)]
pub struct CommitteeGoal {
    pub id: String,
    pub title: String,
    /// The KF goal's number, as written (normalised).
    pub kf_goal: String,
    /// The KF goal, when it exists in the year's budget.
    pub kf_goal_id: Option<KfGoalId>,
    /// The id of the nämndmål this one continues in an earlier plan, as written.
    pub continues: Option<Reference>,
    pub indicators: Vec<Indicator>,
    pub activities: Vec<Activity>,
    /// Beskrivning, Förväntat resultat, Kommentar.
    pub text: GoalText,
    pub span: Span,
}

/// A table of the economy part, with numbers parsed.
#[derive(Debug, Clone)]
pub struct Table {
    pub id: String,
    pub title: String,
    pub unit: Option<String>,
    pub columns: Vec<String>,
    /// Indexes of columns that hold differences, not amounts.
    pub difference_columns: Vec<usize>,
    /// The columns the table declares as netto = kostnader − intäkter (`nettokolumner`).
    pub net_columns: Vec<NetColumns>,
    pub rows: Vec<TableRow>,
    /// The decimals its figures are printed with: as many as its cells are
    /// written with (`1 948,4` one, `12 500` none), and at least one in mnkr.
    pub decimals: usize,
    /// Where the table's id stands in the YAML.
    pub span: Span,
}

/// Three columns of a [`Table`], by index, where netto = kostnader − intäkter on every row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NetColumns {
    pub net: usize,
    pub costs: usize,
    pub income: usize,
}

/// A row of a [`Table`].
#[derive(Debug, Clone)]
pub struct TableRow {
    pub label: String,
    pub kind: RowKind,
    pub values: Vec<Option<f64>>,
    pub note: Option<String>,
    /// Where the row's values are written.
    pub span: Span,
    /// Where the row's text (its label) is written.
    pub label_span: Span,
}

/// A unit's (or department's) plan for one year.
#[derive(Debug, Clone)]
pub struct UnitPlan {
    pub committee: String,
    /// Where the plan names its nämnd (`nämnd:`).
    pub committee_span: Span,
    pub unit: Unit,
    pub year: i32,
    /// Where the plan names its year (`år:`).
    pub year_span: Span,
    pub period: (Date, Date),
    pub adopted: Option<Date>,
    pub file: FileId,
    /// The Markdown file beside the YAML, if there is one.
    pub prose_file: Option<FileId>,
    /// Chapters and the plan's text under KF:s goals; enhetsmål own their text.
    pub prose: PlanProse,
    /// The unit's targets for KF:s indicators, per KF goal.
    pub kf_goals: Vec<CommitteeKfGoal>,
    pub goals: Vec<UnitCommitteeGoal>,
    pub economy: Vec<Table>,
}

/// The unit a plan is for.
#[derive(Debug, Clone)]
pub struct Unit {
    pub id: String,
    pub name: String,
    pub department: Option<String>,
    /// `nämnd/enhet` of the unit this one continues, as written.
    pub continues: Option<Reference>,
    /// Further nämnder the unit serves (`fler_nämnder`), such as a shared Familjerätt.
    pub other_committees: Vec<String>,
    /// Where each of `other_committees` is written, in the same order.
    pub other_committee_spans: Vec<Span>,
    pub span: Span,
}

impl UnitPlan {
    /// Whether the plan covers less than its whole year.
    pub fn is_partial_year(&self) -> bool {
        self.period
            != (
                Date::first_of_year(self.year),
                Date::last_of_year(self.year),
            )
    }
}

/// A nämndmål a unit works towards, with the unit's own goals under it.
#[derive(Debug, Clone)]
pub struct UnitCommitteeGoal {
    /// The nämndmål's id, as written.
    pub committee_goal: String,
    /// The nämndmål in the nämnd's plan that year, when it exists.
    pub committee_goal_id: Option<CommitteeGoalId>,
    /// Ids of the nämndmål's activities this plan shows; `None` shows them all.
    pub committee_activities: Option<Vec<String>>,
    pub unit_goals: Vec<UnitGoal>,
    pub span: Span,
}

impl UnitCommitteeGoal {
    /// The nämndmål's activities this unit carries, in the nämnd plan's order:
    /// those its `aktiviteter` list names, or all of them when the list is
    /// omitted. The one answer rollup, render and diff all give.
    pub fn carried<'a>(&'a self, goal: &'a CommitteeGoal) -> impl Iterator<Item = &'a Activity> {
        goal.activities
            .iter()
            .filter(move |a| match &self.committee_activities {
                None => true,
                Some(ids) => a.id.as_ref().is_some_and(|id| ids.contains(id)),
            })
    }
}

/// Enhetsmål.
#[derive(Debug, Clone)]
pub struct UnitGoal {
    pub id: String,
    pub title: String,
    /// The id of the enhetsmål this one continues in the unit's earlier plan, as written.
    pub continues: Option<Reference>,
    pub indicators: Vec<Indicator>,
    pub activities: Vec<Activity>,
    /// Förväntat resultat, Arbetssätt, Resursanvändning, Uppföljning, Utveckling, Kommentar.
    pub text: GoalText,
    pub span: Span,
}
