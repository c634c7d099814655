//! `vp rollup --period T1|T2|VB`: a nämnd's follow-up for one period, under each
//! of its goals: the nämnd's outcomes beside the target in force, the units'
//! outcomes rolled up by the indicator's declared `aggregering` (as targets
//! are, through [`crate::model::aggregate`]), the assessments of the nämnd's and
//! the units' goals with vp's suggestion, and the units that have not reported.
//! Nothing is stored: every figure is computed from the files each time.

use serde::Serialize;

use crate::model::aggregate::{
    Aggregated, Comparison, Contribution, aggregate_outcomes, compare, declared, roll_up,
};
use crate::model::followup::{FollowUpPlace, IndicatorResult, Measure, PlanPlace, activity_key};
use crate::model::value::format_number;
use crate::model::{
    self, CommitteeGoalId, CommitteePlanId, FollowUp, FollowUpPeriod, PlanId, PlanSet, Target,
    UnitPlanId,
};

use super::RollupError;

mod format;
pub use format::{markdown, text};

/// A nämnd's follow-up for one period, with its units'.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct FollowUpRollup {
    pub committee: String,
    pub committee_name: String,
    pub year: i32,
    pub period: &'static str,
    /// "tertialrapport 1", "verksamhetsberättelse".
    pub report: &'static str,
    /// Whether the nämnd has a follow-up for the period.
    pub committee_reported: bool,
    /// The rule suggestions are made by, in words; `None` when no file declares one.
    pub rule: Option<String>,
    /// Serving units with a follow-up for the period.
    pub reported: Vec<UnitRef>,
    /// Serving units without one.
    pub not_reported: Vec<UnitRef>,
    /// The nämnd plan's places in order: its rows under KF's goals, then its nämndmål.
    pub places: Vec<Place>,
}

/// A unit, named.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct UnitRef {
    pub id: String,
    pub name: String,
}

/// One of KF's goals or a nämndmål in the nämnd's follow-up.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Place {
    /// `kf_mål` or `nämndmål`.
    pub kind: &'static str,
    pub id: String,
    pub title: String,
    /// The nämnd's assessment, in the period's words (*bedöms uppfyllas helt*).
    pub assessment: Option<String>,
    /// vp's suggestion with its figures and rule.
    pub suggestion: Option<String>,
    /// Whether the author's assessment differs from the suggestion.
    pub differs: bool,
    pub indicators: Vec<IndicatorRow>,
    pub activities: Vec<ActivityRow>,
    /// The units' goals under the nämndmål with their assessments.
    pub units: Vec<UnitGoals>,
}

/// One indicator row: the nämnd's outcome beside its target, and the units'.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct IndicatorRow {
    pub id: String,
    pub name: String,
    /// The target in force at the period's end.
    pub target: String,
    /// The decision that changed it, when one did: "7,5 % från 2020-06-17 (beslut …)".
    pub target_change: Option<String>,
    pub outcome: Option<String>,
    pub forecast: Option<String>,
    /// `kvinnor 8,6 %, män 5,1 %`.
    pub split: Option<String>,
    /// Better or worse than the target, in words (*bättre än målet*).
    pub standing: Option<&'static str>,
    pub aggregation: Option<&'static str>,
    /// Each serving unit that shows the indicator and its outcome (and forecast).
    pub units: Vec<UnitOutcome>,
    /// The units' outcomes rolled up by the declared rule, or why not.
    pub rolled_up_outcome: Result<String, String>,
    /// The units' forecasts rolled up, at T1 and T2 when any unit gave one.
    pub rolled_up_forecast: Option<Result<String, String>>,
}

/// A unit's outcome for one of the nämnd's indicators.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct UnitOutcome {
    pub unit: String,
    pub unit_name: String,
    pub outcome: Option<String>,
    pub forecast: Option<String>,
}

/// An activity's status.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct ActivityRow {
    pub activity: String,
    pub status: Option<&'static str>,
    pub comment: Option<String>,
    /// How many serving units carry the nämnd's activity (their plan's
    /// `aktiviteter` under the nämndmål, or all of them when it is omitted).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub carried_by: usize,
    /// The units carrying it that report a status of it for the period, in
    /// the order the units serve the nämnd.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub units: Vec<UnitActivity>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// A unit's status of one of the nämnd's activities it carries.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct UnitActivity {
    pub unit: String,
    pub unit_name: String,
    pub status: &'static str,
    pub comment: Option<String>,
}

/// A unit's goals under a nämndmål, with their assessments.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct UnitGoals {
    pub unit: String,
    pub unit_name: String,
    pub reported: bool,
    pub goals: Vec<UnitGoalAssessment>,
}

/// An enhetsmål's assessment.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct UnitGoalAssessment {
    pub id: String,
    pub title: String,
    pub assessment: Option<String>,
    pub suggestion: Option<String>,
    pub differs: bool,
}

/// Better or worse than the target, in words; the documents add a symbol.
pub fn standing(reached: Option<bool>) -> Option<&'static str> {
    reached.map(|r| {
        if r {
            "når målet"
        } else {
            "sämre än målet"
        }
    })
}

/// Rolls up one nämnd's follow-up for a period.
pub fn follow_up_rollup(
    set: &PlanSet,
    committee: &str,
    year: i32,
    period: FollowUpPeriod,
) -> Result<FollowUpRollup, RollupError> {
    let cp = super::committee_plan(set, committee, year)?;
    let plan = PlanId::Committee(cp);
    let serving = set.plans_serving(committee, year);
    let fu = set.follow_up(plan, period);
    let (reported, not_reported): (Vec<UnitPlanId>, Vec<UnitPlanId>) = serving
        .iter()
        .partition(|&&u| set.follow_up(PlanId::Unit(u), period).is_some());
    let unit_ref = |u: &UnitPlanId| UnitRef {
        id: set[*u].unit.id.clone(),
        name: set[*u].unit.name.clone(),
    };
    let rule = fu
        .and_then(|f| set.assessment_rule(f))
        .or_else(|| {
            reported
                .iter()
                .find_map(|&u| set.assessment_rule(set.follow_up(PlanId::Unit(u), period)?))
        })
        .map(|r| r.describe());
    let places = set
        .follow_up_places(plan)
        .iter()
        .map(|p| place(set, cp, fu, period, p, serving))
        .collect();
    Ok(FollowUpRollup {
        committee: committee.to_owned(),
        committee_name: set
            .committee(committee)
            .map_or_else(|| committee.to_owned(), |c| c.name.clone()),
        year,
        period: period.name(),
        report: period.report_name(),
        committee_reported: fu.is_some(),
        rule,
        reported: reported.iter().map(unit_ref).collect(),
        not_reported: not_reported.iter().map(unit_ref).collect(),
        places,
    })
}

fn place(
    set: &PlanSet,
    cp: CommitteePlanId,
    fu: Option<&FollowUp>,
    period: FollowUpPeriod,
    p: &PlanPlace<'_>,
    serving: &[UnitPlanId],
) -> Place {
    let goal_id = match &p.place {
        FollowUpPlace::Goal(id) => set.committee_goal(cp, id),
        FollowUpPlace::KfGoal(_) | FollowUpPlace::CommitteeGoal(_) => None,
    };
    let results: Vec<Option<IndicatorResult>> = match fu {
        Some(f) => set.indicator_results(f, p).into_iter().map(Some).collect(),
        None => p.indicators.iter().map(|_| None).collect(),
    };
    let indicators = p
        .indicators
        .iter()
        .zip(results)
        .map(|(row, result)| indicator(set, cp, period, row, result, goal_id, serving))
        .collect();
    let activities = p
        .activities
        .iter()
        .map(|a| {
            let o = fu.and_then(|f| f.activity(&p.place, activity_key(a)));
            let (carried_by, units) = goal_id.map_or((0, Vec::new()), |g| {
                unit_activities(set, g, a, period, serving)
            });
            ActivityRow {
                activity: a.text.clone(),
                status: o.map(|o| o.status.name()),
                comment: o.and_then(|o| o.comment.clone()),
                carried_by,
                units,
            }
        })
        .collect();
    let (assessment, suggestion, differs) = match (&p.place, fu) {
        (FollowUpPlace::Goal(id), Some(f)) => assessed(set, f, p, id),
        _ => (None, None, false),
    };
    let units = goal_id.map_or_else(Vec::new, |g| unit_goals(set, g, period, serving));
    Place {
        kind: if p.is_goal() { "nämndmål" } else { "kf_mål" },
        id: match &p.place {
            FollowUpPlace::KfGoal(n) | FollowUpPlace::Goal(n) | FollowUpPlace::CommitteeGoal(n) => {
                n.clone()
            }
        },
        title: p.title.to_owned(),
        assessment,
        suggestion,
        differs,
        indicators,
        activities,
        units,
    }
}

/// A goal's assessment in the period's words, the suggestion, and whether they differ.
fn assessed(
    set: &PlanSet,
    f: &FollowUp,
    p: &PlanPlace<'_>,
    id: &str,
) -> (Option<String>, Option<String>, bool) {
    let own = f.goal(id).and_then(|g| g.assessment);
    let suggestion = set.suggest(f, p);
    let differs = matches!((own, &suggestion), (Some(a), Some(s)) if a != s.assessment);
    (
        own.map(|a| a.words(f.period).to_owned()),
        suggestion.map(|s| s.describe()),
        differs,
    )
}

/// How many serving units carry the nämnd's activity `a` under the nämndmål
/// `goal`, and the status of it each such unit's follow-up for the period reports.
fn unit_activities(
    set: &PlanSet,
    goal: CommitteeGoalId,
    a: &model::Activity,
    period: FollowUpPeriod,
    serving: &[UnitPlanId],
) -> (usize, Vec<UnitActivity>) {
    let place = FollowUpPlace::CommitteeGoal(set[goal].id.clone());
    let carrying: Vec<UnitPlanId> = serving
        .iter()
        .copied()
        .filter(|&u| {
            set[u].goals.iter().any(|grp| {
                grp.committee_goal_id == Some(goal)
                    && grp.carried(&set[goal]).any(|c| std::ptr::eq(c, a))
            })
        })
        .collect();
    let units = carrying
        .iter()
        .filter_map(|&u| {
            let o = set
                .follow_up(PlanId::Unit(u), period)?
                .activity(&place, activity_key(a))?;
            Some(UnitActivity {
                unit: set[u].unit.id.clone(),
                unit_name: set[u].unit.name.clone(),
                status: o.status.name(),
                comment: o.comment.clone(),
            })
        })
        .collect();
    (carrying.len(), units)
}

fn unit_goals(
    set: &PlanSet,
    goal: CommitteeGoalId,
    period: FollowUpPeriod,
    serving: &[UnitPlanId],
) -> Vec<UnitGoals> {
    let mut out = Vec::new();
    for &u in serving {
        let groups: Vec<&model::UnitCommitteeGoal> = set[u]
            .goals
            .iter()
            .filter(|g| g.committee_goal_id == Some(goal))
            .collect();
        if groups.is_empty() {
            continue;
        }
        let fu = set.follow_up(PlanId::Unit(u), period);
        let places = set.follow_up_places(PlanId::Unit(u));
        let goals = groups
            .iter()
            .flat_map(|g| g.unit_goals.iter())
            .map(|ug| {
                let (assessment, suggestion, differs) = match (
                    fu,
                    places
                        .iter()
                        .find(|p| p.place == FollowUpPlace::Goal(ug.id.clone())),
                ) {
                    (Some(f), Some(p)) => assessed(set, f, p, &ug.id),
                    _ => (None, None, false),
                };
                UnitGoalAssessment {
                    id: ug.id.clone(),
                    title: ug.title.clone(),
                    assessment,
                    suggestion,
                    differs,
                }
            })
            .collect();
        out.push(UnitGoals {
            unit: set[u].unit.id.clone(),
            unit_name: set[u].unit.name.clone(),
            reported: fu.is_some(),
            goals,
        });
    }
    out
}

/// A measure as the tables show it: the text as written.
fn shown(m: Option<&Measure>) -> Option<String> {
    m.map(|m| m.text.clone())
}

fn indicator(
    set: &PlanSet,
    cp: CommitteePlanId,
    period: FollowUpPeriod,
    row: &model::Indicator,
    result: Option<IndicatorResult<'_>>,
    goal: Option<CommitteeGoalId>,
    serving: &[UnitPlanId],
) -> IndicatorRow {
    figures(set, cp, period, row, result, goal, serving).row
}

/// One of the nämnd's indicator rows in its follow-up for a period, as
/// `vp rollup --period` shows it, with the figures behind the words: for pages
/// that set the rolled-up outcomes against targets (`vp site`'s KF indicators).
#[derive(Debug)]
pub struct IndicatorFigures {
    pub row: IndicatorRow,
    /// Whether the nämnd has a follow-up for the period.
    pub committee_reported: bool,
    /// Whether the nämnd's own figure reaches the target in force (at T1 and
    /// T2 its forecast where given), as [`IndicatorRow::standing`] says in words.
    pub reached: Option<bool>,
    /// The units' outcomes rolled up by the declared rule, or why not.
    pub rolled_up: Result<Aggregated, String>,
    /// The rolled-up outcome against the nämnd's target in force (KF's where
    /// the nämnd gives none), or why they cannot be compared.
    pub against_target: Result<Comparison, String>,
}

/// [`IndicatorFigures`] for the nämnd plan's row `row` (standing under the
/// nämndmål `goal`, or under a KF goal when `None`) at `period`.
pub fn indicator_figures(
    set: &PlanSet,
    cp: CommitteePlanId,
    period: FollowUpPeriod,
    row: &model::Indicator,
    goal: Option<CommitteeGoalId>,
) -> IndicatorFigures {
    let plan = PlanId::Committee(cp);
    let committee = &set[cp];
    let serving = set.plans_serving(&committee.committee, committee.year);
    let fu = set.follow_up(plan, period);
    let places = set.follow_up_places(plan);
    let place = places
        .iter()
        .find(|p| p.indicators.iter().any(|x| std::ptr::eq(x, row)));
    let result = match (fu, place) {
        (Some(f), Some(p)) => set
            .indicator_results(f, p)
            .into_iter()
            .find(|r| std::ptr::eq(r.row, row)),
        _ => None,
    };
    figures(set, cp, period, row, result, goal, serving)
}

fn figures(
    set: &PlanSet,
    cp: CommitteePlanId,
    period: FollowUpPeriod,
    row: &model::Indicator,
    result: Option<IndicatorResult<'_>>,
    goal: Option<CommitteeGoalId>,
    serving: &[UnitPlanId],
) -> IndicatorFigures {
    let rolled_up = roll_up(set, cp, row, goal, serving);
    let mut units = Vec::new();
    let mut outcomes: Vec<(UnitPlanId, String, Target)> = Vec::new();
    let mut forecasts: Vec<(UnitPlanId, String, Target)> = Vec::new();
    for &(u, r) in &rolled_up.rows {
        let Some(r) = r else { continue };
        let plan = PlanId::Unit(u);
        let reported = set
            .follow_up(plan, period)
            .and_then(|f| f.indicator(&set.place_of_row(plan, r)?, &r.id));
        let name = set[u].unit.name.clone();
        let outcome = reported.and_then(|o| o.outcome.as_ref());
        let forecast = reported.and_then(|o| o.forecast.as_ref());
        if let Some(m) = outcome {
            outcomes.push((u, name.clone(), as_target(m)));
        }
        if let Some(m) = forecast {
            forecasts.push((u, name.clone(), as_target(m)));
        }
        units.push(UnitOutcome {
            unit: set[u].unit.id.clone(),
            unit_name: name,
            outcome: shown(outcome),
            forecast: shown(forecast),
        });
    }
    // Outcomes are weighted as targets are: by each unit's own target for the
    // weight indicator (`vikt`) of a weighted mean.
    let rolled = |values: &[(UnitPlanId, String, Target)]| -> Result<Aggregated, String> {
        let rule = declared(row.aggregation).map_err(|_| match row.aggregation {
            Some(_) => "enligt indikatorns definition räknas utfallen inte samman".to_owned(),
            None => "indikatorns definition anger inte hur enheternas utfall räknas samman (aggregering)".to_owned(),
        })?;
        let contributions: Vec<Contribution> = values
            .iter()
            .map(|(u, unit, target)| Contribution {
                unit,
                target,
                weight: rolled_up.weights.get(u).copied(),
            })
            .collect();
        aggregate_outcomes(rule, &contributions)
    };
    let words = |a: Result<Aggregated, String>| -> Result<String, String> {
        a.map(|a| match &a.unit {
            Some(u) => format!("{} {u}", format_number(a.value)),
            None => format_number(a.value),
        })
    };
    let in_force: Option<&Target> = match &result {
        Some(r) => r.target.map(|t| t.target),
        None => set
            .effective_target(PlanId::Committee(cp), row)
            .map(|t| t.target),
    };
    let (target, target_change, outcome, forecast, split, standing) = match &result {
        Some(r) => (
            r.target
                .map_or_else(String::new, |t| t.target.text().to_owned()),
            r.target
                .and_then(|t| t.change)
                .map(|c| format!("{} från {} ({})", c.target.text(), c.date, c.decision)),
            shown(r.reported.and_then(|o| o.outcome.as_ref())),
            shown(r.reported.and_then(|o| o.forecast.as_ref())),
            r.reported.and_then(|o| o.split.as_ref()).map(|s| {
                let (a, b) = s.kind.labels();
                format!("{a} {}, {b} {}", s.first.text, s.second.text)
            }),
            self::standing(r.reached),
        ),
        None => (
            in_force.map_or_else(String::new, |t| t.text().to_owned()),
            None,
            None,
            None,
            None,
            None,
        ),
    };
    let aggregated = rolled(&outcomes);
    let against_target = match (&aggregated, in_force) {
        (Err(why), _) => Err(why.clone()),
        (Ok(_), None) => Err("nämnden har inget årsmål".to_owned()),
        (Ok(a), Some(t)) => compare(a, t, row.direction),
    };
    IndicatorFigures {
        reached: result.as_ref().and_then(|r| r.reached),
        committee_reported: set.follow_up(PlanId::Committee(cp), period).is_some(),
        row: IndicatorRow {
            id: row.id.clone(),
            name: row.name.clone(),
            target,
            target_change,
            outcome,
            forecast,
            split,
            standing,
            aggregation: row.aggregation.map(|a| a.name()),
            rolled_up_outcome: words(aggregated.clone()),
            rolled_up_forecast: (period.forecasts() && !forecasts.is_empty())
                .then(|| words(rolled(&forecasts))),
            units,
        },
        rolled_up: aggregated,
        against_target,
    }
}

/// An outcome as a target-shaped number, for [`aggregate_outcomes`].
pub fn as_target(m: &Measure) -> Target {
    Target::Number {
        value: m.value,
        unit: m.unit.clone(),
        tolerance: false,
        text: m.text.clone(),
    }
}
