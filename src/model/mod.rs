//! The validated plan model: one budget year's goals, every nämnd's and unit's plan,
//! cross-referenced. Built only by [`crate::validate`].

pub mod value;

use std::collections::BTreeMap;

use crate::load::ProseDoc;
use crate::source::{FileId, Span};
pub use value::{Aggregation, Date, Direction, Marker, Periodicity, RowKind, Target};

/// Everything loaded from a plan tree, validated and cross-referenced.
#[derive(Debug, Default)]
pub struct PlanSet {
    pub committees: Vec<Committee>,
    pub kf_years: BTreeMap<i32, KfYear>,
    pub committee_plans: Vec<CommitteePlan>,
    pub unit_plans: Vec<UnitPlan>,
}

impl PlanSet {
    pub fn committee(&self, id: &str) -> Option<&Committee> {
        self.committees.iter().find(|c| c.id == id)
    }

    pub fn committee_plan(&self, committee: &str, year: i32) -> Option<&CommitteePlan> {
        self.committee_plans
            .iter()
            .find(|p| p.committee == committee && p.year == year)
    }

    /// The unit plans of one nämnd and year, in file order.
    pub fn unit_plans_of<'a>(
        &'a self,
        committee: &'a str,
        year: i32,
    ) -> impl Iterator<Item = &'a UnitPlan> + 'a {
        self.unit_plans
            .iter()
            .filter(move |p| p.committee == committee && p.year == year)
    }
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
    pub continues: Option<String>,
    pub indicators: Vec<Indicator>,
    pub activities: Vec<Activity>,
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
#[derive(Debug, Clone)]
pub struct Indicator {
    pub id: String,
    pub name: String,
    /// Årsmål of the plan the row stands in.
    pub target: Target,
    /// KF:s årsmål, when KF defined the indicator.
    pub kf_target: Option<Target>,
    pub periodicity: Option<Periodicity>,
    pub unit: Option<String>,
    pub direction: Option<Direction>,
    pub aggregation: Option<Aggregation>,
    /// For a weighted mean: the id of the weight indicator.
    pub weight: Option<String>,
    pub kolada: Option<String>,
    pub defined_by: Level,
    pub span: Span,
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
    pub file: FileId,
    pub prose: Option<ProseDoc>,
    pub registry_number: Option<String>,
    pub date: Option<Date>,
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
#[derive(Debug)]
pub struct CommitteeKfGoal {
    pub kf_goal: String,
    pub indicators: Vec<Indicator>,
    pub activities: Vec<Activity>,
    pub span: Span,
}

/// Nämndmål.
#[derive(Debug)]
pub struct CommitteeGoal {
    pub id: String,
    pub title: String,
    pub kf_goal: String,
    pub continues: Option<String>,
    pub indicators: Vec<Indicator>,
    pub activities: Vec<Activity>,
    pub span: Span,
}

/// A table of the economy part, with numbers parsed.
#[derive(Debug)]
pub struct Table {
    pub id: String,
    pub title: String,
    pub unit: Option<String>,
    pub columns: Vec<String>,
    /// Indexes of columns that hold differences, not amounts.
    pub difference_columns: Vec<usize>,
    pub rows: Vec<TableRow>,
}

/// A row of a [`Table`].
#[derive(Debug)]
pub struct TableRow {
    pub label: String,
    pub kind: RowKind,
    pub values: Vec<Option<f64>>,
    pub note: Option<String>,
    pub span: Span,
}

/// A unit's (or department's) plan for one year.
#[derive(Debug)]
pub struct UnitPlan {
    pub committee: String,
    pub unit: Unit,
    pub year: i32,
    pub period: (Date, Date),
    pub adopted: Option<Date>,
    pub file: FileId,
    pub prose: Option<ProseDoc>,
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
    /// `nämnd/enhet` of the unit this one continues.
    pub continues: Option<String>,
    pub other_committees: Vec<String>,
}

/// A nämndmål a unit works towards, with the unit's own goals under it.
#[derive(Debug)]
pub struct UnitCommitteeGoal {
    pub committee_goal: String,
    /// Ids of the nämndmål's activities this plan shows; `None` shows them all.
    pub committee_activities: Option<Vec<String>>,
    pub unit_goals: Vec<UnitGoal>,
    pub span: Span,
}

/// Enhetsmål.
#[derive(Debug)]
pub struct UnitGoal {
    pub id: String,
    pub title: String,
    pub continues: Option<String>,
    pub indicators: Vec<Indicator>,
    pub activities: Vec<Activity>,
    pub span: Span,
}
