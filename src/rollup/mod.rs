//! `vp rollup`: everything a nämnd's units plan, under each nämndmål, and what
//! nobody does. A pure function of the validated project, returning a value
//! that the formats in [`mod@format`] print and the rendered nämnd plan uses for its
//! appendix.

pub mod followup;
pub mod format;

use serde::Serialize;

pub use crate::model::aggregate::Outcome;
use crate::model::aggregate::{RolledUp, roll_up, unit_target};
use crate::model::graph::TargetSource;
use crate::model::value::{Aggregation, format_number};
use crate::model::{self, CommitteePlanId, Date, IndicatorOwner, PlanId, PlanSet, UnitPlanId};
use crate::source::{Place, SourceMap, Span};

/// The version of `vp rollup --format json`'s document; raised when a key
/// changes meaning or goes away.
pub const JSON_VERSION: u32 = 1;

/// `vp rollup --format json`: one document of the same shape for one nämnd
/// and for `alla` (the CLI writes it a nämnd at a time, in this shape).
/// `T` is [`Rollup`], or [`followup::FollowUpRollup`] with `--period`.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Document<T> {
    pub version: u32,
    /// The plan year.
    pub year: i32,
    /// One rollup per nämnd, by id: the one asked for, or every nämnd with a plan that year.
    pub committees: Vec<T>,
}

/// Everything a nämnd's units plan in a year, under the nämnd's goals.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Rollup {
    pub committee: String,
    pub committee_name: String,
    pub year: i32,
    /// The unit plans serving the nämnd, in file order; shared units included.
    pub units: Vec<Unit>,
    /// KF:s inriktningsmål with the nämnd's goals under their KF goals, in the
    /// nämnd plan's order. KF goals the nämnd has nothing under are left out.
    pub directions: Vec<KfDirection>,
    pub coverage: Coverage,
}

/// A unit plan serving the nämnd.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Unit {
    pub id: String,
    pub name: String,
    pub department: Option<String>,
    /// The nämnd the plan belongs to; another than the rolled-up one for a shared unit.
    pub committee: String,
    /// The plan's period when it covers less than the year.
    pub period: Option<Period>,
    /// The plan's YAML file.
    pub location: Place,
}

/// A plan's period.
#[derive(Clone, Copy, Debug, Serialize, schemars::JsonSchema)]
pub struct Period {
    pub from: Date,
    pub to: Date,
}

/// KF:s inriktningsmål.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct KfDirection {
    pub number: i64,
    pub title: String,
    pub kf_goals: Vec<KfGoal>,
}

/// KF:s mål för verksamhetsområdet, with the nämnd's part under it.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct KfGoal {
    pub number: String,
    pub title: String,
    /// The nämnd's targets for KF's indicators under this goal, with the units'.
    pub indicators: Vec<IndicatorRollup>,
    /// KF's activities given to the nämnd under this goal.
    pub activities: Vec<Activity>,
    pub committee_goals: Vec<CommitteeGoal>,
}

/// A nämndmål and everything under it.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct CommitteeGoal {
    pub id: String,
    pub title: String,
    /// The nämnd's own indicators, with the units' targets rolled up.
    pub indicators: Vec<IndicatorRollup>,
    /// The nämnd's own activities.
    pub activities: Vec<Activity>,
    /// Each unit that lists the nämndmål, with its enhetsmål under it.
    pub units: Vec<UnitContribution>,
}

/// What one unit plans under a nämndmål.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct UnitContribution {
    pub unit: String,
    pub unit_name: String,
    pub goals: Vec<UnitGoal>,
    /// The nämnd's activities under the nämndmål that the unit says it carries out.
    pub carries: Vec<Activity>,
}

/// An enhetsmål.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct UnitGoal {
    pub id: String,
    pub title: String,
    /// Where the goal's id stands.
    pub location: Place,
    pub indicators: Vec<Indicator>,
    pub activities: Vec<Activity>,
}

/// An indicator row as a plan shows it.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Indicator {
    pub id: String,
    pub name: String,
    /// The target the row stands for (see `target_source`); empty when there is none.
    pub target: String,
    pub target_source: Option<TargetSource>,
    pub periodicity: Option<&'static str>,
}

/// An activity.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Activity {
    pub id: Option<String>,
    pub text: String,
    pub start: Date,
    pub end: Date,
}

/// One of the nämnd's indicators, with its units' targets rolled up.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct IndicatorRollup {
    pub id: String,
    pub name: String,
    pub unit: Option<String>,
    /// Riktning, as the plan files write it.
    #[serde(serialize_with = "model::value::serialize_name")]
    pub direction: Option<model::value::Direction>,
    /// Aggregering, as the plan files write it.
    #[serde(serialize_with = "model::value::serialize_name")]
    pub aggregation: Option<Aggregation>,
    /// The nämnd's Årsmål (or KF's, when the nämnd gives none); empty when neither.
    pub committee_target: String,
    /// Whose target `committee_target` is: the nämnd's own or KF's.
    pub committee_target_source: Option<TargetSource>,
    pub kf_target: String,
    /// Every serving unit that shows the indicator, with its own target (empty when none).
    pub unit_targets: Vec<UnitTarget>,
    pub result: Outcome,
    #[serde(skip)]
    pub span: Span,
}

/// A unit's own target for an indicator.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct UnitTarget {
    pub unit: String,
    pub unit_name: String,
    pub target: String,
    /// Whether the unit's plan has a row for the indicator; without one it shows
    /// the indicator by listing the nämndmål it stands under.
    pub own_row: bool,
    /// The unit's row, or where it lists the nämndmål.
    #[serde(skip)]
    pub span: Span,
}

/// Who works towards what, and what nobody does.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Coverage {
    /// One row per nämndmål, one cell per unit (in the order of `units`).
    pub matrix: Vec<MatrixRow>,
    /// Nämndmål that no unit lists.
    pub uncovered_goals: Vec<String>,
    /// Nämndmål under which no unit has an enhetsmål (listed or not).
    pub goals_without_unit_goals: Vec<String>,
    /// The nämnd's activities under its nämndmål that no unit carries.
    pub uncarried_activities: Vec<UncarriedActivity>,
    /// Units whose plans have no enhetsmål.
    pub units_without_goals: Vec<String>,
    /// Enhetsmål with neither indicator nor activity.
    pub empty_unit_goals: Vec<EmptyUnitGoal>,
    /// KF's indicators that units show under KF's goals, and which units show them.
    pub kf_indicators: Vec<KfIndicatorCarriers>,
}

/// A nämndmål's row of the coverage matrix.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct MatrixRow {
    pub committee_goal: String,
    pub title: String,
    pub cells: Vec<Cell>,
}

/// How a unit relates to a nämndmål.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Cell {
    /// The unit's plan lists the nämndmål.
    pub listed: bool,
    /// Enhetsmål the unit has under it.
    pub goals: usize,
}

/// One of the nämnd's activities that no unit carries.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct UncarriedActivity {
    /// The nämndmål it stands under.
    pub committee_goal: String,
    pub activity: Activity,
}

/// An enhetsmål without indicator or activity.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct EmptyUnitGoal {
    pub unit: String,
    pub goal: String,
    pub title: String,
    /// Where the goal's id stands.
    pub location: Place,
}

/// A KF indicator and the units that show it, under KF's goal or an enhetsmål.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct KfIndicatorCarriers {
    pub id: String,
    pub name: String,
    /// The KF goal it is shown under (`kf_mål`), or the one KF defines it under.
    pub kf_goal: String,
    /// Every unit that shows it.
    pub units: Vec<String>,
    /// Those of `units` that show it under one of their enhetsmål.
    pub under_unit_goals: Vec<String>,
}

/// Why a rollup could not be made.
#[derive(Debug, PartialEq, Eq)]
pub enum RollupError {
    /// No nämnd with that id in organisation.yaml; with a "menade du" when one is near.
    UnknownCommittee {
        committee: String,
        suggestion: Option<String>,
    },
    /// No nämnd plan for that nämnd and year; with the years that do have one.
    NoPlan {
        committee: String,
        year: i32,
        years: Vec<i32>,
    },
}

impl std::fmt::Display for RollupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RollupError::UnknownCommittee {
                committee,
                suggestion,
            } => {
                write!(f, "nämnden `{committee}` finns inte i organisation.yaml")?;
                match suggestion {
                    Some(h) => write!(f, "; {h}"),
                    None => Ok(()),
                }
            }
            RollupError::NoPlan {
                committee,
                year,
                years,
            } if years.is_empty() => {
                write!(f, "det finns ingen nämndplan för `{committee}` {year}")
            }
            RollupError::NoPlan {
                committee,
                year,
                years,
            } => {
                let years: Vec<String> = years.iter().map(i32::to_string).collect();
                write!(
                    f,
                    "det finns ingen nämndplan för `{committee}` {year}; nämnden har planer för {}",
                    years.join(", ")
                )
            }
        }
    }
}

/// Rolls up one nämnd's year.
pub fn rollup(
    set: &PlanSet,
    sources: &SourceMap,
    committee: &str,
    year: i32,
) -> Result<Rollup, RollupError> {
    let cp = committee_plan(set, committee, year)?;
    let plan = &set[cp];
    let serving = set.plans_serving(committee, year);
    let locate = |span: Span| sources.locate(span).to_place();
    let units: Vec<Unit> = serving
        .iter()
        .map(|&u| {
            let p = &set[u];
            Unit {
                id: p.unit.id.clone(),
                name: p.unit.name.clone(),
                department: p.unit.department.clone(),
                committee: p.committee.clone(),
                period: p.is_partial_year().then_some(Period {
                    from: p.period.0,
                    to: p.period.1,
                }),
                location: Place::file(sources.path(p.file).to_string_lossy().replace('\\', "/")),
            }
        })
        .collect();

    let mut directions: Vec<KfDirection> = Vec::new();
    if let Some(kf) = set.kf_years.get(&year) {
        for d in &kf.directions {
            let mut kf_goals = Vec::new();
            for g in &d.goals {
                let part = plan.kf_goals.iter().find(|k| k.kf_goal == g.number);
                let goals: Vec<CommitteeGoal> = plan
                    .goals
                    .iter()
                    .enumerate()
                    .filter(|(_, cg)| cg.kf_goal == g.number)
                    .map(|(i, _)| {
                        committee_goal(
                            set,
                            cp,
                            model::CommitteeGoalId::new(cp, i),
                            serving,
                            &locate,
                        )
                    })
                    .collect();
                if part.is_none() && goals.is_empty() {
                    continue;
                }
                kf_goals.push(KfGoal {
                    number: g.number.clone(),
                    title: g.title.clone(),
                    indicators: part
                        .map(|k| {
                            k.indicators
                                .iter()
                                .map(|i| indicator_rollup(set, cp, i, None, serving))
                                .collect()
                        })
                        .unwrap_or_default(),
                    activities: part
                        .map(|k| k.activities.iter().map(activity).collect())
                        .unwrap_or_default(),
                    committee_goals: goals,
                });
            }
            if !kf_goals.is_empty() {
                directions.push(KfDirection {
                    number: d.number,
                    title: d.title.clone(),
                    kf_goals,
                });
            }
        }
    }
    let coverage = coverage(set, cp, serving, &locate);
    Ok(Rollup {
        committee: committee.to_owned(),
        committee_name: set
            .committee(committee)
            .map_or_else(|| committee.to_owned(), |c| c.name.clone()),
        year,
        units,
        directions,
        coverage,
    })
}

fn committee_goal(
    set: &PlanSet,
    cp: CommitteePlanId,
    id: model::CommitteeGoalId,
    serving: &[UnitPlanId],
    locate: &dyn Fn(Span) -> Place,
) -> CommitteeGoal {
    let g = &set[id];
    let mut units = Vec::new();
    for &u in serving {
        let plan = &set[u];
        let groups: Vec<(usize, &model::UnitCommitteeGoal)> = plan
            .goals
            .iter()
            .enumerate()
            .filter(|(_, group)| group.committee_goal_id == Some(id))
            .collect();
        if groups.is_empty() {
            continue;
        }
        let mut goals = Vec::new();
        let mut carries = Vec::new();
        for (_, group) in &groups {
            for ug in &group.unit_goals {
                goals.push(UnitGoal {
                    id: ug.id.clone(),
                    title: ug.title.clone(),
                    location: locate(ug.span),
                    indicators: ug
                        .indicators
                        .iter()
                        .map(|i| indicator(set, PlanId::Unit(u), i))
                        .collect(),
                    activities: ug.activities.iter().map(activity).collect(),
                });
            }
            carries.extend(group.carried(g).map(activity));
        }
        units.push(UnitContribution {
            unit: plan.unit.id.clone(),
            unit_name: plan.unit.name.clone(),
            goals,
            carries,
        });
    }
    CommitteeGoal {
        id: g.id.clone(),
        title: g.title.clone(),
        indicators: g
            .indicators
            .iter()
            .map(|i| indicator_rollup(set, cp, i, Some(id), serving))
            .collect(),
        activities: g.activities.iter().map(activity).collect(),
        units,
    }
}

fn activity(a: &model::Activity) -> Activity {
    Activity {
        id: a.id.clone(),
        text: a.text.clone(),
        start: a.start,
        end: a.end,
    }
}

fn indicator(set: &PlanSet, plan: PlanId, i: &model::Indicator) -> Indicator {
    let effective = set.effective_target(plan, i);
    Indicator {
        id: i.id.clone(),
        name: i.name.clone(),
        target: effective.map_or_else(String::new, |e| e.target.text().to_owned()),
        target_source: effective.map(|e| e.source),
        periodicity: i.periodicity.map(|p| p.name()),
    }
}

/// One of the nämnd's indicator rows, with the serving units' targets rolled up.
///
/// `goal` is the nämndmål the row stands under (`None` for a row under a KF
/// goal): every unit listing it shows the row.
pub fn indicator_rollup(
    set: &PlanSet,
    cp: CommitteePlanId,
    row: &model::Indicator,
    goal: Option<model::CommitteeGoalId>,
    serving: &[UnitPlanId],
) -> IndicatorRollup {
    let RolledUp {
        rows,
        committee_target,
        outcome: result,
        ..
    } = roll_up(set, cp, row, goal, serving);
    let unit_targets = rows
        .iter()
        .map(|&(u, r)| UnitTarget {
            unit: set[u].unit.id.clone(),
            unit_name: set[u].unit.name.clone(),
            target: unit_target(r).text().to_owned(),
            own_row: r.is_some(),
            span: r.map_or_else(|| unit_goal_span(set, u, goal), |r| r.span),
        })
        .collect();
    IndicatorRollup {
        id: row.id.clone(),
        name: row.name.clone(),
        unit: row.unit.clone(),
        direction: row.direction,
        aggregation: row.aggregation,
        committee_target: committee_target.map_or_else(String::new, |t| t.target.text().to_owned()),
        committee_target_source: committee_target.map(|t| t.source),
        kf_target: row
            .kf_target
            .as_ref()
            .map_or_else(String::new, |t| t.text().to_owned()),
        unit_targets,
        result,
        span: row.span,
    }
}

/// Where a unit plan lists a nämndmål (its first listing), or the plan's start.
fn unit_goal_span(set: &PlanSet, u: UnitPlanId, goal: Option<model::CommitteeGoalId>) -> Span {
    set[u]
        .goals
        .iter()
        .find(|grp| goal.is_some() && grp.committee_goal_id == goal)
        .map_or(set[u].unit.span, |grp| grp.span)
}

fn coverage(
    set: &PlanSet,
    cp: CommitteePlanId,
    serving: &[UnitPlanId],
    locate: &dyn Fn(Span) -> Place,
) -> Coverage {
    let plan = &set[cp];
    let mut matrix = Vec::new();
    let mut uncovered_goals = Vec::new();
    let mut goals_without_unit_goals = Vec::new();
    let mut uncarried_activities = Vec::new();
    for (i, g) in plan.goals.iter().enumerate() {
        let id = model::CommitteeGoalId::new(cp, i);
        let cells: Vec<Cell> = serving
            .iter()
            .map(|&u| {
                let groups = set[u]
                    .goals
                    .iter()
                    .filter(|group| group.committee_goal_id == Some(id));
                let mut cell = Cell {
                    listed: false,
                    goals: 0,
                };
                for group in groups {
                    cell.listed = true;
                    cell.goals += group.unit_goals.len();
                }
                cell
            })
            .collect();
        if cells.iter().all(|c| !c.listed) {
            uncovered_goals.push(g.id.clone());
        }
        if cells.iter().all(|c| c.goals == 0) {
            goals_without_unit_goals.push(g.id.clone());
        }
        let groups: Vec<&model::UnitCommitteeGoal> = serving
            .iter()
            .flat_map(|&u| set[u].goals.iter())
            .filter(|group| group.committee_goal_id == Some(id))
            .collect();
        for a in &g.activities {
            let carried = groups
                .iter()
                .any(|group| group.carried(g).any(|c| std::ptr::eq(c, a)));
            if !carried {
                uncarried_activities.push(UncarriedActivity {
                    committee_goal: g.id.clone(),
                    activity: activity(a),
                });
            }
        }
        matrix.push(MatrixRow {
            committee_goal: g.id.clone(),
            title: g.title.clone(),
            cells,
        });
    }
    let mut units_without_goals = Vec::new();
    let mut empty_unit_goals = Vec::new();
    let mut kf_indicators: Vec<KfIndicatorCarriers> = Vec::new();
    for &u in serving {
        let p = &set[u];
        if p.goals.iter().all(|g| g.unit_goals.is_empty()) {
            units_without_goals.push(p.unit.id.clone());
        }
        for (_, g) in p.unit_goal_ids(u) {
            if g.indicators.is_empty() && g.activities.is_empty() {
                empty_unit_goals.push(EmptyUnitGoal {
                    unit: p.unit.id.clone(),
                    goal: g.id.clone(),
                    title: g.title.clone(),
                    location: locate(g.span),
                });
            }
        }
        // A KF indicator is shown under KF's goal (`kf_mål`) or under an
        // enhetsmål; both count, the latter under the goal KF defines it under.
        let under_kf = p.kf_goals.iter().flat_map(|part| {
            part.indicators
                .iter()
                .map(move |i| (i, Some(part.kf_goal.as_str()), false))
        });
        let under_goals = p.unit_goal_ids(u).flat_map(|(_, g)| {
            g.indicators.iter().map(|i| {
                let goal = set.kf_goal_defining(&i.key).map(|g| g.number.as_str());
                (i, goal, true)
            })
        });
        for (i, kf_goal, under_goal) in under_kf.chain(under_goals) {
            let (IndicatorOwner::Kf(_), Some(kf_goal)) = (&i.key.owner, kf_goal) else {
                continue;
            };
            let entry = match kf_indicators
                .iter_mut()
                .find(|k| k.id == i.id && k.kf_goal == kf_goal)
            {
                Some(e) => e,
                None => {
                    kf_indicators.push(KfIndicatorCarriers {
                        id: i.id.clone(),
                        name: i.name.clone(),
                        kf_goal: kf_goal.to_owned(),
                        units: Vec::new(),
                        under_unit_goals: Vec::new(),
                    });
                    kf_indicators.last_mut().expect("just pushed")
                }
            };
            if !entry.units.contains(&p.unit.id) {
                entry.units.push(p.unit.id.clone());
            }
            if under_goal && !entry.under_unit_goals.contains(&p.unit.id) {
                entry.under_unit_goals.push(p.unit.id.clone());
            }
        }
    }
    kf_indicators.sort_by(|a, b| {
        goal_order(&a.kf_goal)
            .cmp(&goal_order(&b.kf_goal))
            .then(a.id.cmp(&b.id))
    });
    Coverage {
        matrix,
        uncovered_goals,
        goals_without_unit_goals,
        uncarried_activities,
        units_without_goals,
        empty_unit_goals,
        kf_indicators,
    }
}

/// `1.10` after `1.9`: KF goal numbers sort by their parts.
fn goal_order(number: &str) -> Vec<u32> {
    number
        .split('.')
        .map(|p| p.parse().unwrap_or(u32::MAX))
        .collect()
}

/// The nämnd's plan of the year a rollup is made of: an unknown nämnd is
/// refused with its "menade du", a year without a plan with the years there are.
pub(crate) fn committee_plan(
    set: &PlanSet,
    committee: &str,
    year: i32,
) -> Result<CommitteePlanId, RollupError> {
    if set.committee(committee).is_none() {
        let known = set.committees.iter().map(|c| c.id.as_str());
        return Err(RollupError::UnknownCommittee {
            committee: committee.to_owned(),
            suggestion: crate::diag::did_you_mean(committee, known),
        });
    }
    let Some(cp) = set.committee_plan_id(committee, year) else {
        let mut years: Vec<i32> = set
            .committee_plans
            .iter()
            .filter(|p| p.committee == committee)
            .map(|p| p.year)
            .collect();
        years.sort_unstable();
        return Err(RollupError::NoPlan {
            committee: committee.to_owned(),
            year,
            years,
        });
    };
    Ok(cp)
}
