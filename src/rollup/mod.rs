//! `vp rollup`: everything a nämnd's units plan, under each nämndmål, and what
//! nobody does. A pure function of the validated project, returning a value
//! that the formats in [`render`] print and the rendered nämnd plan uses for its
//! appendix.

pub mod aggregate;
pub mod render;

use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::model::graph::{RowId, TargetSource};
use crate::model::value::format_number;
use crate::model::{
    self, CommitteePlanId, Date, IndicatorKey, IndicatorOwner, PlanId, PlanSet, Target, UnitPlanId,
};
use crate::project::Project;
use crate::source::Span;
use aggregate::{Contribution, aggregate, compare};

/// Everything a nämnd's units plan in a year, under the nämnd's goals.
#[derive(Debug, Serialize)]
pub struct Rollup {
    pub committee: String,
    pub committee_name: String,
    pub year: i32,
    /// The unit plans serving the nämnd, in file order; shared units included.
    pub units: Vec<Unit>,
    /// KF:s inriktningsmål with the nämnd's goals under their KF goals, in the
    /// nämnd plan's order. KF goals the nämnd has nothing under are left out.
    pub directions: Vec<Direction>,
    pub coverage: Coverage,
}

/// A unit plan serving the nämnd.
#[derive(Debug, Serialize)]
pub struct Unit {
    pub id: String,
    pub name: String,
    pub department: Option<String>,
    /// The nämnd the plan belongs to; another than the rolled-up one for a shared unit.
    pub committee: String,
    /// The plan's period when it covers less than the year.
    pub period: Option<Period>,
    /// The plan's YAML file.
    pub file: String,
}

/// A plan's period.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Period {
    pub from: Date,
    pub to: Date,
}

/// KF:s inriktningsmål.
#[derive(Debug, Serialize)]
pub struct Direction {
    pub number: i64,
    pub title: String,
    pub kf_goals: Vec<KfGoal>,
}

/// KF:s mål för verksamhetsområdet, with the nämnd's part under it.
#[derive(Debug, Serialize)]
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
#[derive(Debug, Serialize)]
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
#[derive(Debug, Serialize)]
pub struct UnitContribution {
    pub unit: String,
    pub unit_name: String,
    pub goals: Vec<UnitGoal>,
    /// The nämnd's activities under the nämndmål that the unit says it carries out.
    pub carries: Vec<Activity>,
}

/// An enhetsmål.
#[derive(Debug, Serialize)]
pub struct UnitGoal {
    pub id: String,
    pub title: String,
    /// `file:line:column` of the goal's id.
    pub location: String,
    pub indicators: Vec<Indicator>,
    pub activities: Vec<Activity>,
}

/// An indicator row as a plan shows it.
#[derive(Debug, Serialize)]
pub struct Indicator {
    pub id: String,
    pub name: String,
    /// The target the row stands for (see `target_source`); empty when there is none.
    pub target: String,
    pub target_source: Option<TargetSource>,
    pub periodicity: Option<&'static str>,
}

/// An activity.
#[derive(Debug, Serialize)]
pub struct Activity {
    pub id: Option<String>,
    pub text: String,
    pub start: Date,
    pub end: Date,
}

/// One of the nämnd's indicators, with its units' targets rolled up.
#[derive(Debug, Serialize)]
pub struct IndicatorRollup {
    pub id: String,
    pub name: String,
    pub unit: Option<String>,
    pub direction: Option<&'static str>,
    pub aggregation: Option<&'static str>,
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
#[derive(Debug, Serialize)]
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

/// The rolled-up value, or why there is none.
#[derive(Debug, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Outcome {
    /// No serving unit shows the indicator.
    NoUnits,
    /// The units' targets could not be rolled up.
    NotAggregated { reason: String },
    /// Rolled up by the declared rule.
    Aggregated {
        value: f64,
        /// Swedish form with unit: `1 050 st`, `87,5 %`.
        text: String,
        /// Value minus the nämnd's target, when they can be compared.
        gap: Option<f64>,
        /// Whether the units together reach the nämnd's target, given `riktning`.
        reaches: Option<bool>,
        /// Why there is no comparison, when there is none.
        note: Option<String>,
    },
}

/// Who works towards what, and what nobody does.
#[derive(Debug, Serialize)]
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
#[derive(Debug, Serialize)]
pub struct MatrixRow {
    pub committee_goal: String,
    pub title: String,
    pub cells: Vec<Cell>,
}

/// How a unit relates to a nämndmål.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Cell {
    /// The unit's plan lists the nämndmål.
    pub listed: bool,
    /// Enhetsmål the unit has under it.
    pub goals: usize,
}

/// One of the nämnd's activities that no unit carries.
#[derive(Debug, Serialize)]
pub struct UncarriedActivity {
    /// The nämndmål it stands under.
    pub committee_goal: String,
    pub activity: Activity,
}

/// An enhetsmål without indicator or activity.
#[derive(Debug, Serialize)]
pub struct EmptyUnitGoal {
    pub unit: String,
    pub goal: String,
    pub title: String,
    pub location: String,
}

/// A KF indicator and the units that show it, under KF's goal or an enhetsmål.
#[derive(Debug, Serialize)]
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
pub fn rollup(project: &Project, committee: &str, year: i32) -> Result<Rollup, RollupError> {
    let set = &project.plans;
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
    let plan = &set[cp];
    let serving = set.plans_serving(committee, year);
    let locate = |span: Span| project.locate(span).to_string();
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
                file: project.sources.path(p.file).display().to_string(),
            }
        })
        .collect();

    let mut directions: Vec<Direction> = Vec::new();
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
                directions.push(Direction {
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
    locate: &dyn Fn(Span) -> String,
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

/// The serving unit plans that show a nämnd indicator, each with its row: rows
/// of the same definition, or a unit's own definition with the same id (one per
/// unit, preferring a row with a target of its own); or, for an indicator under
/// a nämndmål, no row of its own when the unit lists the nämndmål, whose
/// indicators its plan then shows with the nämnd's target.
fn unit_rows<'a>(
    set: &'a PlanSet,
    serving: &[UnitPlanId],
    key: &IndicatorKey,
    goal: Option<model::CommitteeGoalId>,
) -> Vec<(UnitPlanId, Option<&'a model::Indicator>)> {
    // The rows showing a KF or nämnd indicator stand in every unit of the city:
    // grouped by plan once, so each serving unit finds its own without a scan.
    let mut shown: FxHashMap<UnitPlanId, Vec<RowId>> = FxHashMap::default();
    for &r in set.rows_showing(key) {
        if let Some(PlanId::Unit(u)) = r.plan() {
            shown.entry(u).or_default().push(r);
        }
    }
    let mut out: Vec<(UnitPlanId, Option<&model::Indicator>)> = Vec::new();
    for &u in serving {
        let own = IndicatorKey {
            owner: IndicatorOwner::Unit(u),
            id: key.id.clone(),
        };
        let mut rows = shown
            .get(&u)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .chain(
                set.rows_showing(&own)
                    .iter()
                    .filter(|r| r.plan() == Some(PlanId::Unit(u))),
            )
            .map(|&r| &set[r]);
        let first = rows.next();
        let best = first
            .filter(|r| !matches!(r.target, Target::Empty))
            .or_else(|| rows.find(|r| !matches!(r.target, Target::Empty)))
            .or(first);
        if let Some(row) = best {
            out.push((u, Some(row)));
        } else if goal.is_some_and(|g| {
            set[u]
                .goals
                .iter()
                .any(|grp| grp.committee_goal_id == Some(g))
        }) {
            out.push((u, None));
        }
    }
    out
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
    let rows = unit_rows(set, serving, &row.key, goal);
    let committee_target = set.effective_target(PlanId::Committee(cp), row);
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
    let result = if rows.is_empty() {
        Outcome::NoUnits
    } else {
        // Each unit's own target for the weight indicator, looked up in one pass.
        let weights: FxHashMap<UnitPlanId, &Target> = match &row.weight_key {
            Some(w) => unit_rows(set, serving, w, None)
                .into_iter()
                .filter_map(|(u, r)| Some((u, &r?.target)))
                .filter(|(_, t)| !matches!(t, Target::Empty))
                .collect(),
            None => FxHashMap::default(),
        };
        // Units that show the indicator only through the nämndmål have no
        // target of their own to add: they are named, never counted as zero.
        let contributions: Vec<Contribution> = rows
            .iter()
            .filter(|(_, r)| r.is_some())
            .map(|&(u, r)| Contribution {
                unit: &set[u].unit.name,
                target: unit_target(r),
                weight: weights.get(&u).copied(),
            })
            .collect();
        let through_goal: Vec<&str> = rows
            .iter()
            .filter(|(_, r)| r.is_none())
            .map(|&(u, _)| set[u].unit.name.as_str())
            .collect();
        let through_goal = (!through_goal.is_empty()).then(|| {
            format!(
                "{} visar indikatorn genom nämndmålet, utan eget årsmål",
                through_goal.join(", ")
            )
        });
        match aggregate::declared(row.aggregation) {
            Err(reason) => Outcome::NotAggregated { reason },
            Ok(_) if contributions.is_empty() => Outcome::NotAggregated {
                reason: format!(
                    "ingen enhet har ett eget årsmål; {}",
                    through_goal.clone().unwrap_or_default()
                ),
            },
            Ok(_) => with_note(
                aggregated(row, committee_target, &contributions),
                through_goal,
            ),
        }
    };
    IndicatorRollup {
        id: row.id.clone(),
        name: row.name.clone(),
        unit: row.unit.clone(),
        direction: row.direction.map(|d| d.name()),
        aggregation: row.aggregation.map(|a| a.name()),
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

/// The units' targets rolled up by the indicator's rule and set against the
/// nämnd's target.
fn aggregated(
    row: &model::Indicator,
    committee_target: Option<model::graph::EffectiveTarget>,
    contributions: &[Contribution],
) -> Outcome {
    let agg = match aggregate(row.aggregation, contributions) {
        Ok(agg) => agg,
        Err(reason) => return Outcome::NotAggregated { reason },
    };
    let text = match &agg.unit {
        Some(u) => format!("{}\u{a0}{u}", format_number(agg.value)),
        None => format_number(agg.value),
    };
    let comparison = match committee_target {
        Some(t) => compare(&agg, t.target, row.direction),
        None => Err("nämnden har inget årsmål".into()),
    };
    match comparison {
        Ok(c) => Outcome::Aggregated {
            value: agg.value,
            text,
            gap: Some(c.gap),
            reaches: c.reaches,
            note: c.reaches.is_none().then(|| {
                "indikatorn anger inte om högre eller lägre är bättre (riktning)".to_owned()
            }),
        },
        Err(note) => Outcome::Aggregated {
            value: agg.value,
            text,
            gap: None,
            reaches: None,
            note: Some(note),
        },
    }
}

/// An outcome with a further note, joined to the one it has.
fn with_note(outcome: Outcome, extra: Option<String>) -> Outcome {
    let Some(extra) = extra else {
        return outcome;
    };
    match outcome {
        Outcome::Aggregated {
            value,
            text,
            gap,
            reaches,
            note,
        } => Outcome::Aggregated {
            value,
            text,
            gap,
            reaches,
            note: Some(match note {
                Some(n) => format!("{n}; {extra}"),
                None => extra,
            }),
        },
        Outcome::NotAggregated { reason } => Outcome::NotAggregated {
            reason: format!("{reason}; {extra}"),
        },
        Outcome::NoUnits => Outcome::NoUnits,
    }
}

/// A unit's own target for an indicator: its row's, or none without a row.
fn unit_target(row: Option<&model::Indicator>) -> &Target {
    static NONE: Target = Target::Empty;
    row.map_or(&NONE, |r| &r.target)
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
    locate: &dyn Fn(Span) -> String,
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
