//! `vp diff`: what changed between two plans, semantically.
//!
//! Pure: one plan tree and two years ([`years`]), or two trees ([`trees`]), in;
//! a [`Diff`] out. [`matching`] pairs elements (declared link, same id, similar
//! text), [`words`] makes word diffs, `compare` walks the plans and `content`
//! compares what matched goals and plans hold, and one
//! writer per format in [`format`](mod@format) returns text (text, Markdown and HTML over
//! one walk of the diff).

pub mod brief;
mod compare;
mod content;
pub mod followup;
pub mod format;
pub mod matching;
pub mod words;

use schemars::JsonSchema;
use serde::Serialize;

pub use compare::{Selection, trees, years};

pub use matching::{MatchInfo, Reason};
pub use words::{WordOp, WordTag};

/// Everything that differs between two sides, and how each element was matched.
///
/// Keys are English, as in `vp validate --format json`; values taken from the
/// plans (titles, section names, periodicitet) are as the plans write them.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[schemars(title = "vp diff")]
pub struct Diff {
    /// Version of this format; raised when a field changes meaning or is removed.
    pub version: u32,
    /// The old side: a year (`2020`), a directory or a git revision.
    pub from: String,
    /// The new side.
    pub to: String,
    /// Counts per kind of change.
    pub summary: Summary,
    /// KF:s mål för verksamhetsområdet added, removed, renumbered or reworded
    /// (only when whole budget years are compared, without `--committee`/`--unit`).
    pub kf_goals: Vec<KfGoalDiff>,
    /// Plans that differ (matched plans with changes, and plans on one side only).
    pub plans: Vec<PlanDiff>,
}

impl Diff {
    /// Whether anything differs.
    pub fn is_empty(&self) -> bool {
        self.kf_goals.is_empty() && self.plans.is_empty()
    }
}

/// One side: a loaded plan tree and what to call it.
#[derive(Clone, Copy)]
pub struct Tree<'a> {
    pub plans: &'a crate::model::PlanSet,
    pub sources: &'a crate::source::SourceMap,
    /// The tree's root directory, stripped from the paths in the diff.
    pub root: &'a std::path::Path,
}

impl Tree<'_> {
    /// A file's path relative to the tree's root, with `/` between folders.
    pub(crate) fn path_of(&self, file: crate::source::FileId) -> String {
        let path = self.sources.path(file);
        // The workspace spells paths without a leading `./`.
        let root = self.root.strip_prefix(".").unwrap_or(self.root);
        path.strip_prefix(self.root)
            .or_else(|_| path.strip_prefix(root))
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/")
    }

    /// Where a span starts, as the JSON writes a place: the file relative to
    /// the tree's root, line and column.
    pub(crate) fn place(&self, span: crate::source::Span) -> crate::source::Place {
        let at = self.sources.locate(span);
        crate::source::Place::at(self.path_of(span.file), at.line, at.column)
    }
}

/// The version of the JSON format (3: a plan's `path` became `location`,
/// `{"file": …}`, as every JSON output of vp writes a place; 4: every KF goal,
/// goal, nämndmål a unit works towards, indicator and activity on either side
/// has its `location` with line and column, and the sections and budget rows
/// their `locations` on the sides they stand on).
pub const VERSION: u32 = 4;

/// Counts per kind of change, like `git diff --stat`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Summary {
    /// Plans found on both sides and compared.
    pub plans_compared: usize,
    /// Compared plans with at least one difference.
    pub plans_changed: usize,
    pub plans_added: usize,
    pub plans_removed: usize,
    /// Plans whose nämnd changed (reorganisation).
    pub committee_changed: usize,
    /// KF goals on the new side only.
    pub kf_goals_added: usize,
    /// KF goals on the old side only.
    pub kf_goals_removed: usize,
    /// Matched KF goals renumbered, reworded, or with other indicators or activities.
    pub kf_goals_changed: usize,
    /// Nämndmål a unit plan has begun to work towards.
    pub unit_committee_goals_added: usize,
    /// Nämndmål a unit plan no longer works towards.
    pub unit_committee_goals_removed: usize,
    pub goals_added: usize,
    pub goals_removed: usize,
    /// Matched goals whose title changed.
    pub goals_reworded: usize,
    /// Matched goals under another parent (KF goal or nämndmål) than before.
    pub goals_moved: usize,
    pub indicators_added: usize,
    pub indicators_removed: usize,
    /// Matched indicators whose årsmål changed.
    pub targets_changed: usize,
    /// Matched indicators whose name, periodicitet, enhet or riktning changed.
    pub indicators_changed: usize,
    pub activities_added: usize,
    pub activities_removed: usize,
    /// Matched activities that run on other days of their plan's year than
    /// before (`days_changed`).
    pub activity_dates_changed: usize,
    /// Matched activities whose text changed.
    pub activity_texts_changed: usize,
    /// Text sections (goal sections, chapters, text under KF goals) changed, added or removed.
    pub sections_changed: usize,
    /// Budget rows on both sides whose figures differ (in columns that mean
    /// the same: the year read relative to the plan's, or the declared
    /// `nettokolumner` roles).
    pub budget_rows_changed: usize,
    /// Budget rows on the new side only, the rows of a table whose columns
    /// cannot be paired with the old one's included.
    pub budget_rows_added: usize,
    /// Budget rows on the old side only, the rows of a table whose columns
    /// cannot be paired with the new one's included.
    pub budget_rows_removed: usize,
}

/// Whether an element is new, gone or changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// Only on the new side (tillagt).
    Added,
    /// Only on the old side (borttaget).
    Removed,
    /// On both sides, and different (ändrat).
    Changed,
}

/// KF:s mål för verksamhetsområdet as one side has it.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct KfGoalRef {
    /// The budget year.
    pub year: i32,
    /// `1.3`.
    pub number: String,
    pub title: String,
    /// Where the goal's number stands in KF's budget.
    pub location: crate::source::Place,
}

/// A KF goal that differs between the budget years.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct KfGoalDiff {
    pub change: Change,
    pub old: Option<KfGoalRef>,
    pub new: Option<KfGoalRef>,
    pub matched: Option<MatchInfo>,
    /// Word diff of the title, when it was reworded.
    pub title: Option<Vec<WordOp>>,
    /// The `fortsätter` line to add to the new goal when the match was guessed.
    pub suggestion: Option<String>,
    /// KF's own indicators under the goal that differ, with KF:s årsmål.
    pub indicators: Vec<IndicatorDiff>,
    /// KF's activities under the goal that differ.
    pub activities: Vec<ActivityDiff>,
}

/// Which kind of plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PlanKind {
    /// Nämndplan.
    Committee,
    /// Enhetsplan.
    Unit,
}

/// A plan as one side has it.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct PlanRef {
    pub kind: PlanKind,
    /// The nämnd's id.
    pub committee: String,
    /// The nämnd's name, from `organisation.yaml`.
    pub committee_name: String,
    /// The unit's id (enhetsplaner only).
    pub unit: Option<String>,
    /// The unit's name (enhetsplaner only).
    pub unit_name: Option<String>,
    pub year: i32,
    /// The plan's YAML file, relative to the plan tree, as the JSON outputs
    /// write a place (`location`: `{"file": …}`; a plan is its whole file).
    /// Named `path` in Rust for the text writers, which show its file.
    #[serde(rename = "location")]
    pub path: crate::source::Place,
}

/// One plan compared with its counterpart, or a plan on one side only.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct PlanDiff {
    pub change: Change,
    pub old: Option<PlanRef>,
    pub new: Option<PlanRef>,
    /// More nämnd plans on the old side whose goals are matched together with
    /// `old`'s: after a merger, the other nämnder merged into the new one.
    pub also_old: Vec<PlanRef>,
    /// More nämnd plans on the new side whose goals are matched together with
    /// `new`'s: a merger seen backwards (the later year as the old side).
    pub also_new: Vec<PlanRef>,
    /// How the plans were matched: the same nämnd or unit (`same_id`), or
    /// `fortsätter`/the organisation's mergers (`declared`).
    pub matched: Option<MatchInfo>,
    /// Whether the plan belongs to another nämnd than before.
    pub committee_changed: bool,
    /// The plan's targets for KF:s indicators and KF:s activities, per KF goal.
    pub kf_parts: Vec<KfPartDiff>,
    /// For a unit plan: the nämndmål it works towards that differ (added,
    /// removed, or showing other activities of the nämndmål).
    pub committee_goals: Vec<GroupDiff>,
    /// Nämndmål (in a nämnd plan) or enhetsmål (in a unit plan) that differ.
    pub goals: Vec<GoalDiff>,
    /// Chapters and the plan's text under KF:s goals that differ.
    pub sections: Vec<SectionDiff>,
    /// Budget rows that differ.
    pub budget: Vec<BudgetRowDiff>,
    /// A nämnd plan's net operating budget on each side, as its
    /// `sammanfattning:` names it (the SUMMA row's netto), when either side has one.
    pub net_budget: Option<NetBudget>,
}

/// A nämnd's net operating budget (nettobudget för driftverksamheten) on each side, in mnkr.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct NetBudget {
    pub old: Option<f64>,
    pub new: Option<f64>,
}

/// Where an element whose sides are not objects of their own (a plan's part
/// under a KF goal, a text section, a budget row) stands on each side it
/// stands on; a side without it, or whose text vp writes itself (a
/// tjänsteutlåtande's Sammanfattning from the plan's figures), is left out.
#[derive(Clone, Debug, Default, PartialEq, Serialize, JsonSchema)]
pub struct Locations {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<crate::source::Place>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<crate::source::Place>,
}

/// A plan's part under one KF goal: KF:s indicators with the plan's targets, and KF:s activities.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct KfPartDiff {
    pub change: Change,
    /// The KF goal's number on the old side.
    pub old: Option<String>,
    /// The KF goal's number on the new side.
    pub new: Option<String>,
    /// Where the plan names the KF goal (`mål:`) on each side.
    pub locations: Locations,
    pub indicators: Vec<IndicatorDiff>,
    pub activities: Vec<ActivityDiff>,
}

/// A nämndmål a unit plan works towards, and the nämndmål's activities it shows.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct GroupDiff {
    pub change: Change,
    /// The nämndmål on the old side.
    pub old: Option<ParentRef>,
    /// The nämndmål on the new side.
    pub new: Option<ParentRef>,
    /// Word diff of the nämndmål's title, when the nämnd reworded it.
    pub title: Option<Vec<WordOp>>,
    /// The nämndmål's indicators that differ: a unit plan that lists a
    /// nämndmål shows all of its indicators, with the nämnd's targets.
    pub indicators: Vec<IndicatorDiff>,
    /// The nämndmål's activities the unit shows that differ (the unit plan's
    /// `aktiviteter` under the nämndmål; without it, all of them).
    pub activities: Vec<ActivityDiff>,
}

/// Which level of goal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum GoalLevel {
    /// Nämndmål.
    CommitteeGoal,
    /// Enhetsmål.
    UnitGoal,
}

/// A goal's parent: for a nämndmål its KF goal, for an enhetsmål its nämndmål.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct ParentRef {
    /// The KF goal's number or the nämndmål's id.
    pub id: String,
    pub title: Option<String>,
    /// For a nämndmål a unit plan works towards ([`GroupDiff`]): where the
    /// unit plan names it. Left out for a goal's parent, which is the goal's
    /// reference rather than a place of its own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<crate::source::Place>,
}

/// A goal as one side has it.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct GoalRef {
    pub id: String,
    pub title: String,
    pub parent: ParentRef,
    /// Where the goal's id stands in its plan.
    pub location: crate::source::Place,
}

/// A nämndmål or enhetsmål that differs.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct GoalDiff {
    pub level: GoalLevel,
    pub change: Change,
    pub old: Option<GoalRef>,
    pub new: Option<GoalRef>,
    pub matched: Option<MatchInfo>,
    /// The `fortsätter` line to add to the new goal when the match was guessed.
    pub suggestion: Option<String>,
    /// Word diff of the title, when it was reworded.
    pub title: Option<Vec<WordOp>>,
    /// Whether the goal stands under another parent than before (after mapping renumbered KF goals and continued nämndmål).
    pub moved: bool,
    pub indicators: Vec<IndicatorDiff>,
    pub activities: Vec<ActivityDiff>,
    /// The goal's text sections that differ.
    pub sections: Vec<SectionDiff>,
}

/// An indicator row as one side has it.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct IndicatorRef {
    pub id: String,
    pub name: String,
    /// The Årsmål the row stands for, as written: its own, else the nämnd's
    /// (for a unit's row), else KF's; empty when there is none.
    pub target: String,
    /// Whose target `target` is: the row's own, the nämnd's or KF's.
    pub target_source: Option<crate::model::graph::TargetSource>,
    pub periodicity: Option<String>,
    pub unit: Option<String>,
    /// Riktning: högre, lägre or ingen.
    pub direction: Option<String>,
    /// Where the row stands: in the plan, or for a row the plan shows from
    /// the nämnd's plan or KF's budget, there.
    pub location: crate::source::Place,
}

/// Whether a new target asks for more or less, given the indicator's riktning.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Ambition {
    /// Mer ambitiöst: higher with riktning högre, lower with riktning lägre.
    More,
    /// Mindre ambitiöst.
    Less,
    /// The same number.
    Same,
    /// Cannot be told: no riktning (or `ingen`), a marker, different units, a tolerance.
    Unknown,
}

impl Ambition {
    pub fn label(self) -> &'static str {
        match self {
            Ambition::More => "mer ambitiöst",
            Ambition::Less => "mindre ambitiöst",
            Ambition::Same => "lika ambitiöst",
            Ambition::Unknown => "ambitionen kan inte jämföras",
        }
    }
}

/// A changed årsmål.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct TargetChange {
    pub old: String,
    pub new: String,
    pub ambition: Ambition,
    /// New minus old, when both are numbers in the same unit.
    pub difference: Option<f64>,
    /// Why the ambition cannot be told, when it cannot (`ambition: unknown`).
    pub incomparable: Option<Incomparable>,
}

/// Why a changed target's ambition cannot be told.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Incomparable {
    /// The indicator has no riktning (or `ingen`); it is set in the
    /// indicator's definition, in `defined_in`.
    NoDirection {
        /// The indicator's name.
        indicator: String,
        /// Who defines it and in which file: `KF:s budget för 2020 (2020/kf-budget.yaml)`.
        defined_in: String,
    },
    /// A target is not a number (`Öka`, `Tas fram av nämnden`, empty).
    NotNumbers,
    /// The targets are numbers in different units.
    OtherUnits,
    /// A target is a tolerance (`+/-1 %`), which has no direction.
    Tolerance,
}

impl Incomparable {
    /// Why, in Swedish, for the reader.
    pub fn explain(&self) -> String {
        match self {
            Incomparable::NoDirection {
                indicator,
                defined_in,
            } => format!(
                "indikatorn {indicator} saknar riktning; den anges i indikatorns definition i {defined_in}"
            ),
            Incomparable::NotNumbers => "årsmålen är inte båda tal".to_owned(),
            Incomparable::OtherUnits => "årsmålen har inte samma enhet".to_owned(),
            Incomparable::Tolerance => "ett årsmål är ett intervall (+/-)".to_owned(),
        }
    }
}

/// An indicator row that differs.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct IndicatorDiff {
    pub change: Change,
    pub old: Option<IndicatorRef>,
    pub new: Option<IndicatorRef>,
    pub matched: Option<MatchInfo>,
    pub target: Option<TargetChange>,
    /// The fields other than årsmål that changed.
    pub fields: Vec<IndicatorField>,
}

/// A field of an indicator's definition that `vp diff` compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum IndicatorField {
    Name,
    Periodicity,
    Unit,
    Direction,
}

impl IndicatorField {
    /// The field's Swedish name, as a reader of the diff knows it.
    pub fn label(self) -> &'static str {
        match self {
            IndicatorField::Name => "namn",
            IndicatorField::Periodicity => "periodicitet",
            IndicatorField::Unit => "enhet",
            IndicatorField::Direction => "riktning",
        }
    }

    /// The field's value on one side, as written.
    pub fn value(self, r: &IndicatorRef) -> Option<String> {
        match self {
            IndicatorField::Name => Some(r.name.clone()),
            IndicatorField::Periodicity => r.periodicity.clone(),
            IndicatorField::Unit => r.unit.clone(),
            IndicatorField::Direction => r.direction.clone(),
        }
    }
}

/// An activity as one side has it.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct ActivityRef {
    pub id: Option<String>,
    pub text: String,
    /// Startdatum, `ÅÅÅÅ-MM-DD`.
    pub start: String,
    /// Slutdatum, `ÅÅÅÅ-MM-DD`.
    pub end: String,
    /// Where the activity's text stands: in the plan, or for a nämndmål's
    /// activity a unit plan shows, in the nämnd's plan.
    pub location: crate::source::Place,
}

/// An activity that differs.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ActivityDiff {
    pub change: Change,
    pub old: Option<ActivityRef>,
    pub new: Option<ActivityRef>,
    pub matched: Option<MatchInfo>,
    /// Whether startdatum or slutdatum changed, even if only by the years
    /// between the plans.
    pub dates_changed: bool,
    /// Whether the activity runs on other days of its plan's year than before
    /// (dates moved by the years between the plans are the same days).
    pub days_changed: bool,
    /// Word diff of the text, when it changed.
    pub text: Option<Vec<WordOp>>,
}

/// A text section that differs: a goal's section (*Förväntat resultat*), a
/// chapter, or the plan's text under a KF goal.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct SectionDiff {
    pub change: Change,
    /// The section's name as the plan writes it; for text under a goal's heading
    /// before its first section, `Inledning`; for text under a KF goal,
    /// `Mål för verksamhetsområdet 1.3` or `Inriktningsmål 1`.
    pub name: String,
    /// Word diff of the Markdown text; for an added or removed section, all of it.
    pub words: Vec<WordOp>,
    /// Where the text begins in the plan's Markdown file on each side.
    pub locations: Locations,
}

/// A budget table row that differs.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct BudgetRowDiff {
    pub change: Change,
    /// The table's heading.
    pub table: String,
    /// The row's text.
    pub row: String,
    /// The table's unit, such as `mnkr`.
    pub unit: Option<String>,
    /// The cells that differ (for an added or removed row, every cell).
    pub cells: Vec<CellDiff>,
    /// Where the row's text stands on each side.
    pub locations: Locations,
}

/// One budget cell that differs.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct CellDiff {
    pub column: String,
    pub old: Option<f64>,
    pub new: Option<f64>,
    /// New minus old, in the table's unit (mnkr), one decimal.
    pub difference: Option<f64>,
}

/// The JSON Schema (draft-07) of `vp diff --format json`, written to `schemas/diff.schema.json`.
pub fn schema() -> serde_json::Value {
    crate::report::output_schema::<Diff>()
}

/// The file name of the schema in `schemas/`.
pub const SCHEMA_FILE: &str = "diff.schema.json";

/// Counts per kind, from the diff itself, so the summary cannot disagree with it.
pub(crate) fn summarize(d: &Diff) -> Summary {
    let mut s = Summary::default();
    let inds = |s: &mut Summary, list: &[IndicatorDiff]| {
        for i in list {
            match i.change {
                Change::Added => s.indicators_added += 1,
                Change::Removed => s.indicators_removed += 1,
                Change::Changed => {
                    if i.target.is_some() {
                        s.targets_changed += 1;
                    }
                    if !i.fields.is_empty()
                        || i.old.as_ref().map(|x| &x.id) != i.new.as_ref().map(|x| &x.id)
                    {
                        s.indicators_changed += 1;
                    }
                }
            }
        }
    };
    let acts = |s: &mut Summary, list: &[ActivityDiff]| {
        for a in list {
            match a.change {
                Change::Added => s.activities_added += 1,
                Change::Removed => s.activities_removed += 1,
                Change::Changed => {
                    if a.days_changed {
                        s.activity_dates_changed += 1;
                    }
                    if a.text.is_some() {
                        s.activity_texts_changed += 1;
                    }
                }
            }
        }
    };
    for k in &d.kf_goals {
        match k.change {
            Change::Added => s.kf_goals_added += 1,
            Change::Removed => s.kf_goals_removed += 1,
            Change::Changed => s.kf_goals_changed += 1,
        }
        inds(&mut s, &k.indicators);
        acts(&mut s, &k.activities);
    }
    for p in &d.plans {
        match p.change {
            Change::Added => s.plans_added += 1,
            Change::Removed => s.plans_removed += 1,
            Change::Changed => s.plans_changed += 1,
        }
        if p.committee_changed {
            s.committee_changed += 1;
        }
        for k in &p.kf_parts {
            inds(&mut s, &k.indicators);
            acts(&mut s, &k.activities);
        }
        for g in &p.committee_goals {
            match g.change {
                Change::Added => s.unit_committee_goals_added += 1,
                Change::Removed => s.unit_committee_goals_removed += 1,
                Change::Changed => {}
            }
            inds(&mut s, &g.indicators);
            acts(&mut s, &g.activities);
        }
        for g in &p.goals {
            match g.change {
                Change::Added => s.goals_added += 1,
                Change::Removed => s.goals_removed += 1,
                Change::Changed => {
                    if g.title.is_some() {
                        s.goals_reworded += 1;
                    }
                    if g.moved {
                        s.goals_moved += 1;
                    }
                }
            }
            inds(&mut s, &g.indicators);
            acts(&mut s, &g.activities);
            s.sections_changed += g.sections.len();
        }
        s.sections_changed += p.sections.len();
        for r in &p.budget {
            match r.change {
                Change::Added => s.budget_rows_added += 1,
                Change::Removed => s.budget_rows_removed += 1,
                Change::Changed => s.budget_rows_changed += 1,
            }
        }
    }
    s
}
