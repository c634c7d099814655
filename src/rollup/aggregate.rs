//! Units' targets for one indicator, rolled up by the rule the indicator's
//! definition declares (`aggregering`), and set against the nämnd's target.
//! Never guessed: without a rule, with markers, shares to add or mixed units,
//! nothing is computed and the reason is said.

use crate::model::value::units_agree;
use crate::model::{Aggregation, Direction, Target};

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
    aggregate_by(rule, contributions)
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

fn aggregate_by(rule: Aggregation, contributions: &[Contribution]) -> Result<Aggregated, String> {
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
                        "målvärdena har olika enheter ({a} och {b}) och kan inte räknas samman"
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
        Aggregation::WeightedMean => weighted_mean(contributions, &values)?,
        Aggregation::NoRollup => unreachable!("handled above"),
    };
    Ok(Aggregated {
        value,
        unit: unit.map(str::to_owned),
    })
}

fn weighted_mean(contributions: &[Contribution], values: &[f64]) -> Result<f64, String> {
    let mut total = 0.0;
    let mut weights = 0.0;
    let mut weight_unit: Option<&str> = None;
    for (c, v) in contributions.iter().zip(values) {
        let Some(w) = c.weight else {
            return Err(format!("{} har inget eget årsmål för vikten", c.unit));
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
