//! Units' targets for one indicator, rolled up by the rule the indicator's
//! definition declares (`aggregering`), and set against the nämnd's target.
//! Never guessed: without a rule, with markers, shares to add or mixed units,
//! nothing is computed and the reason is said.

use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::model::graph::{EffectiveTarget, RowId};
use crate::model::value::{format_number, units_agree};
use crate::model::{
    Aggregation, CommitteeGoalId, CommitteePlanId, Direction, Indicator, IndicatorKey,
    IndicatorOwner, PlanId, PlanSet, Target, UnitPlanId,
};

/// One unit's target for the indicator, with its weight for a weighted mean.
#[derive(Clone, Copy, Debug)]
pub struct Contribution<'a> {
    pub unit: &'a str,
    pub target: &'a Target,
    /// The unit's own target for the weight indicator (`vikt`), if any.
    pub weight: Option<&'a Target>,
}

/// A rolled-up value.
#[derive(Clone, Debug, PartialEq)]
pub struct Aggregated {
    pub value: f64,
    /// The unit of measure shared by the targets (`st`, `%`), if any.
    pub unit: Option<String>,
}

/// Rolls up the units' targets; `Err` says, in Swedish, why it cannot be done.
pub fn aggregate(
    rule: Option<Aggregation>,
    contributions: &[Contribution],
) -> Result<Aggregated, String> {
    let rule = declared(rule)?;
    if contributions.is_empty() {
        return Err("ingen enhet visar indikatorn".into());
    }
    aggregate_by(rule, contributions, Figures::Targets)
}

/// Rolls up the units' outcomes (`utfall` or `prognos`, each given as a
/// [`Contribution`]'s target) by the same rules as [`aggregate`], with the
/// weights of a weighted mean taken, as for targets, from each unit's own
/// target for the weight indicator; `Err` says, in Swedish and in words for
/// outcomes, why it cannot be done.
pub fn aggregate_outcomes(
    rule: Aggregation,
    contributions: &[Contribution],
) -> Result<Aggregated, String> {
    if contributions.is_empty() {
        return Err("ingen enhet har rapporterat".into());
    }
    aggregate_by(rule, contributions, Figures::Outcomes)
}

/// What is rolled up, for the wording of why it cannot be.
#[derive(Clone, Copy)]
enum Figures {
    Targets,
    Outcomes,
}

impl Figures {
    /// The figures in the definite plural: *målvärdena*, *utfallen*.
    fn plural(self) -> &'static str {
        match self {
            Figures::Targets => "målvärdena",
            Figures::Outcomes => "utfallen",
        }
    }
}

/// The rule an indicator's definition declares, when there is one to roll up by.
pub fn declared(rule: Option<Aggregation>) -> Result<Aggregation, String> {
    match rule {
        None => Err(
            "indikatorns definition anger inte hur enheternas årsmål räknas samman (aggregering)"
                .into(),
        ),
        Some(Aggregation::NoRollup) => {
            Err("enligt indikatorns definition räknas årsmålen inte samman".into())
        }
        Some(rule) => Ok(rule),
    }
}

fn aggregate_by(
    rule: Aggregation,
    contributions: &[Contribution],
    figures: Figures,
) -> Result<Aggregated, String> {
    let mut values = Vec::with_capacity(contributions.len());
    let mut unit: Option<&str> = None;
    let mut problems = Vec::new();
    for c in contributions {
        match number(c.target) {
            Ok((v, u)) => {
                if let (Some(a), Some(b)) = (unit, u)
                    && !units_agree(a, b)
                {
                    return Err(format!(
                        "{} har olika enheter ({a} och {b}) och kan inte räknas samman",
                        figures.plural()
                    ));
                }
                unit = unit.or(u);
                values.push(v);
            }
            Err(why) => problems.push(format!("{}: {why}", c.unit)),
        }
    }
    if !problems.is_empty() {
        return Err(format!("räknas inte ihop: {}", problems.join("; ")));
    }
    let is_share = unit.is_some_and(|u| u.starts_with('%'));
    let value = match rule {
        Aggregation::Sum if is_share => {
            return Err(
                "andelar (%) läggs inte ihop; definitionen behöver ange medel eller viktat medel"
                    .into(),
            );
        }
        Aggregation::Sum => values.iter().sum(),
        Aggregation::Mean => values.iter().sum::<f64>() / values.len() as f64,
        Aggregation::Min => values.iter().copied().fold(f64::INFINITY, f64::min),
        Aggregation::Max => values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        Aggregation::WeightedMean => weighted_mean(contributions, &values, figures)?,
        Aggregation::NoRollup => unreachable!("handled above"),
    };
    Ok(Aggregated {
        value,
        unit: unit.map(str::to_owned),
    })
}

fn weighted_mean(
    contributions: &[Contribution],
    values: &[f64],
    figures: Figures,
) -> Result<f64, String> {
    let mut total = 0.0;
    let mut weights = 0.0;
    let mut weight_unit: Option<&str> = None;
    for (c, v) in contributions.iter().zip(values) {
        let Some(w) = c.weight else {
            return Err(match figures {
                Figures::Targets => format!("{} har inget eget årsmål för vikten", c.unit),
                Figures::Outcomes => format!(
                    "utfallen vägs med enheternas årsmål för viktindikatorn (vikt), och {} har inget eget årsmål för den",
                    c.unit
                ),
            });
        };
        let (w, u) = number(w).map_err(|why| format!("{}: vikten {why}", c.unit))?;
        if let (Some(a), Some(b)) = (weight_unit, u)
            && !units_agree(a, b)
        {
            return Err(format!("vikterna har olika enheter ({a} och {b})"));
        }
        weight_unit = weight_unit.or(u);
        if w < 0.0 {
            return Err(format!("{}: vikten är negativ", c.unit));
        }
        total += v * w;
        weights += w;
    }
    if weights == 0.0 {
        return Err("vikterna är tillsammans noll".into());
    }
    Ok(total / weights)
}

/// A target as a number and its unit, or why it is not one.
fn number(t: &Target) -> Result<(f64, Option<&str>), String> {
    match t {
        Target::Number {
            tolerance: true,
            text,
            ..
        } => Err(format!("”{text}” är ett intervall, inget målvärde")),
        Target::Number { value, unit, .. } => Ok((*value, unit.as_deref())),
        Target::Marker { text, .. } => Err(format!("”{text}” är en markör, inget tal")),
        Target::Empty => Err("inget eget årsmål".into()),
    }
}

/// How the units' rolled-up value stands against the nämnd's target.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    /// Rolled-up value minus the nämnd's target.
    pub gap: f64,
    /// Whether the units together reach the nämnd's target, given `riktning`;
    /// `None` when the indicator has no direction.
    pub reaches: Option<bool>,
}

/// Compares a rolled-up value with the nämnd's target; `Err` says why not.
pub fn compare(
    aggregated: &Aggregated,
    committee_target: &Target,
    direction: Option<Direction>,
) -> Result<Comparison, String> {
    let (target, unit) =
        number(committee_target).map_err(|why| format!("nämndens årsmål: {why}"))?;
    if let (Some(a), Some(b)) = (aggregated.unit.as_deref(), unit)
        && !units_agree(a, b)
    {
        return Err(format!("nämndens årsmål är i {b}, enheternas i {a}"));
    }
    // Published targets carry at most a couple of decimals.
    let eps = 1e-9 * target.abs().max(1.0);
    let gap = aggregated.value - target;
    let reaches = match direction {
        Some(Direction::Higher) => Some(gap >= -eps),
        Some(Direction::Lower) => Some(gap <= eps),
        Some(Direction::Neither) | None => None,
    };
    Ok(Comparison { gap, reaches })
}

/// The rolled-up value, or why there is none.
#[derive(Debug, Serialize, schemars::JsonSchema)]
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

/// A nämnd indicator row with the serving units' rows and what they add up to.
#[derive(Debug)]
pub struct RolledUp<'a> {
    /// Each serving unit that shows the indicator, with its row; `None` for a
    /// unit that shows it by listing the nämndmål it stands under.
    pub rows: Vec<(UnitPlanId, Option<&'a Indicator>)>,
    /// The nämnd's target (or KF's, when the nämnd has none).
    pub committee_target: Option<EffectiveTarget<'a>>,
    pub outcome: Outcome,
    /// Each unit's own target for the weight indicator (`vikt`) of a weighted
    /// mean, for rolling up outcomes by the same weights.
    pub weights: FxHashMap<UnitPlanId, &'a Target>,
}

/// Rolls up one of the nämnd's indicator rows over the units serving it.
/// `goal` is the nämndmål the row stands under (`None` for a row under a KF
/// goal): every unit listing it shows the row.
pub fn roll_up<'a>(
    set: &'a PlanSet,
    cp: CommitteePlanId,
    row: &'a Indicator,
    goal: Option<CommitteeGoalId>,
    serving: &[UnitPlanId],
) -> RolledUp<'a> {
    let rows = unit_rows(set, serving, &row.key, goal);
    let committee_target = set.effective_target(PlanId::Committee(cp), row);
    // Each unit's own target for the weight indicator, looked up in one pass.
    let weights: FxHashMap<UnitPlanId, &Target> = match &row.weight_key {
        Some(w) if !rows.is_empty() => unit_rows(set, serving, w, None)
            .into_iter()
            .filter_map(|(u, r)| Some((u, &r?.target)))
            .filter(|(_, t)| !matches!(t, Target::Empty))
            .collect(),
        _ => FxHashMap::default(),
    };
    let outcome = if rows.is_empty() {
        Outcome::NoUnits
    } else {
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
        match declared(row.aggregation) {
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
    RolledUp {
        rows,
        committee_target,
        outcome,
        weights,
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
    goal: Option<CommitteeGoalId>,
) -> Vec<(UnitPlanId, Option<&'a Indicator>)> {
    // The rows showing a KF or nämnd indicator stand in every unit of the city:
    // grouped by plan once, so each serving unit finds its own without a scan.
    let mut shown: FxHashMap<UnitPlanId, Vec<RowId>> = FxHashMap::default();
    for &r in set.rows_showing(key) {
        if let Some(PlanId::Unit(u)) = r.plan() {
            shown.entry(u).or_default().push(r);
        }
    }
    let mut out: Vec<(UnitPlanId, Option<&Indicator>)> = Vec::new();
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

/// The units' targets rolled up by the indicator's rule and set against the
/// nämnd's target.
fn aggregated(
    row: &Indicator,
    committee_target: Option<EffectiveTarget>,
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
pub fn unit_target(row: Option<&Indicator>) -> &Target {
    static NONE: Target = Target::Empty;
    row.map_or(&NONE, |r| &r.target)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Target {
        Target::parse(s).unwrap()
    }

    fn c<'a>(unit: &'a str, target: &'a Target) -> Contribution<'a> {
        Contribution {
            unit,
            target,
            weight: None,
        }
    }

    #[test]
    fn sums_counts_and_refuses_to_add_shares() {
        let (a, b) = (t("10 st"), t("15 st"));
        let sum = aggregate(Some(Aggregation::Sum), &[c("A", &a), c("B", &b)]).unwrap();
        assert_eq!(sum.value, 25.0);
        assert_eq!(sum.unit.as_deref(), Some("st"));
        let (p, q) = (t("80 %"), t("90 %"));
        let err = aggregate(Some(Aggregation::Sum), &[c("A", &p), c("B", &q)]).unwrap_err();
        assert!(err.contains("andelar"), "{err}");
        let mean = aggregate(Some(Aggregation::Mean), &[c("A", &p), c("B", &q)]).unwrap();
        assert_eq!(mean.value, 85.0);
    }

    #[test]
    fn never_mixes_units_or_computes_markers() {
        let (a, b) = (t("10 st"), t("5 %"));
        let err = aggregate(Some(Aggregation::Mean), &[c("A", &a), c("B", &b)]).unwrap_err();
        assert!(err.contains("olika enheter"), "{err}");
        let m = t("Öka");
        let err = aggregate(Some(Aggregation::Sum), &[c("A", &a), c("B", &m)]).unwrap_err();
        assert!(err.contains("B: ”Öka” är en markör"), "{err}");
        let err = aggregate(None, &[c("A", &a)]).unwrap_err();
        assert!(
            err.contains("anger inte hur enheternas årsmål räknas samman"),
            "{err}"
        );
        let tol = t("+/-1 %");
        assert!(aggregate(Some(Aggregation::Mean), &[c("A", &tol)]).is_err());
    }

    #[test]
    fn weighted_mean_uses_each_units_weight() {
        let (p, q) = (t("80 %"), t("90 %"));
        let (w1, w2) = (t("100 st"), t("300 st"));
        let got = aggregate(
            Some(Aggregation::WeightedMean),
            &[
                Contribution {
                    unit: "A",
                    target: &p,
                    weight: Some(&w1),
                },
                Contribution {
                    unit: "B",
                    target: &q,
                    weight: Some(&w2),
                },
            ],
        )
        .unwrap();
        assert!((got.value - 87.5).abs() < 1e-9);
        let err = aggregate(Some(Aggregation::WeightedMean), &[c("A", &p)]).unwrap_err();
        assert!(err.contains("vikten"), "{err}");
    }

    #[test]
    fn outcomes_are_weighted_and_their_refusals_worded_for_outcomes() {
        let (p, q) = (t("80 %"), t("90 %"));
        let (w1, w2) = (t("100 st"), t("300 st"));
        let weighted = |unit, target, weight| Contribution {
            unit,
            target,
            weight,
        };
        let got = aggregate_outcomes(
            Aggregation::WeightedMean,
            &[weighted("A", &p, Some(&w1)), weighted("B", &q, Some(&w2))],
        )
        .unwrap();
        assert!((got.value - 87.5).abs() < 1e-9);
        let err = aggregate_outcomes(
            Aggregation::WeightedMean,
            &[weighted("A", &p, Some(&w1)), weighted("B", &q, None)],
        )
        .unwrap_err();
        assert!(
            err.contains("utfallen vägs med enheternas årsmål för viktindikatorn")
                && err.contains("B har inget eget årsmål"),
            "{err}"
        );
        let n = t("10 st");
        let err = aggregate_outcomes(Aggregation::Mean, &[c("A", &p), c("B", &n)]).unwrap_err();
        assert!(err.starts_with("utfallen har olika enheter"), "{err}");
        let err = aggregate_outcomes(Aggregation::Sum, &[]).unwrap_err();
        assert_eq!(err, "ingen enhet har rapporterat");
    }

    #[test]
    fn comparison_follows_direction() {
        let agg = Aggregated {
            value: 25.0,
            unit: Some("st".into()),
        };
        let target = t("30 st");
        let higher = compare(&agg, &target, Some(Direction::Higher)).unwrap();
        assert_eq!((higher.gap, higher.reaches), (-5.0, Some(false)));
        let lower = compare(&agg, &target, Some(Direction::Lower)).unwrap();
        assert_eq!(lower.reaches, Some(true));
        assert_eq!(compare(&agg, &target, None).unwrap().reaches, None);
        assert!(compare(&agg, &t("30 %"), Some(Direction::Higher)).is_err());
        assert!(compare(&agg, &t("Öka"), Some(Direction::Higher)).is_err());
    }
}
