//! Value rules: dates, targets, periodicity and the other closed lists, indicator
//! and activity rows. Each helper reports what is wrong and returns what it could read.

use crate::diag::{Code, Diagnostic, Diagnostics, did_you_mean};
use crate::load::raw::{ActivityRow, IndicatorRow, Text};
use crate::load::values;
use crate::model::value::units_agree;
use crate::model::{
    Activity, Aggregation, Date, Direction, Indicator, IndicatorKey, IndicatorOwner, Level,
    Periodicity, Reference, SexSplit, Target,
};
use crate::source::{FileId, Span};

/// What a rule needs to report on one file.
pub struct Ctx<'a> {
    pub file: FileId,
    pub diags: &'a mut Diagnostics,
    /// The year's KF budget is missing (reported once for the plan, VP016): a
    /// reference to an indicator that cannot be found is not reported again per row.
    pub kf_missing: bool,
}

impl Ctx<'_> {
    pub fn span(&self, t: &Text) -> Span {
        t.span(self.file)
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    /// A reference as written (`fortsätter: …`), trimmed, with its place.
    pub fn reference(&self, t: &Text) -> Reference {
        Reference {
            text: t.trim().to_owned(),
            span: self.span(t),
        }
    }

    /// A date value; `None` (with a finding) if it is not a real ISO date.
    pub fn date(&mut self, t: &Text, what: &str) -> Option<Date> {
        let parsed = Date::parse(&t.value);
        if parsed.is_none() {
            self.push(values::invalid_date(self.span(t), &t.value, what));
        }
        parsed
    }

    pub fn opt_date(&mut self, t: &Option<Text>, what: &str) -> Option<Date> {
        t.as_ref().and_then(|t| self.date(t, what))
    }

    /// VP031 for a share written without its `%` (`190`) on an indicator
    /// measured in percent (`unit`, the definition's or KF's).
    fn bare_share(&mut self, target: &Target, unit: Option<&str>, text: Option<&Text>) {
        if let Target::Number {
            value,
            unit: None,
            tolerance: false,
            ..
        } = target
            && unit.is_some_and(|u| u.starts_with('%'))
            && !(0.0..=100.0).contains(value)
            && let Some(t) = text
        {
            self.push(
                Diagnostic::new(
                    Code::PercentOutOfRange,
                    self.span(t),
                    format!(
                        "`{}` är en andel utanför 0–100 % (indikatorn mäts i procent)",
                        t.value
                    ),
                )
                .hint("kontrollera talet och skriv enheten: t.ex. `85 %`"),
            );
        }
    }

    /// A target (årsmål). Reports unparsable values, percentages outside 0–100 and placeholders.
    pub fn target(&mut self, t: Option<&Text>) -> Target {
        let Some(t) = t else {
            return Target::Empty;
        };
        match Target::parse(t) {
            Ok(target) => {
                if let Target::Number {
                    value,
                    tolerance: false,
                    ..
                } = &target
                    && target.is_percent()
                    && !(0.0..=100.0).contains(value)
                {
                    self.push(
                        Diagnostic::new(
                            Code::PercentOutOfRange,
                            self.span(t),
                            format!("`{}` är en andel utanför 0–100 %", t.value),
                        )
                        .hint("kontrollera talet och enheten; en förändring skrivs t.ex. `+/-1 %`"),
                    );
                }
                if !target.is_percent() && looks_like_thousands(&t.value) {
                    let suggestion = t.value.replacen(',', " ", 1);
                    self.push(
                        Diagnostic::new(
                            Code::ThousandsComma,
                            self.span(t),
                            format!(
                                "`{}` har tre decimaler; menas `{suggestion}`?",
                                t.value
                            ),
                        )
                        .hint(format!(
                            "skriv tusental med mellanslag, `{suggestion}`; decimaler skrivs med komma utan nollor på slutet"
                        )),
                    );
                }
                if let Target::Marker { marker, .. } = &target
                    && marker.is_placeholder()
                {
                    self.push(
                        Diagnostic::new(
                            Code::PlaceholderTarget,
                            self.span(t),
                            format!("årsmålet `{}` är ännu inte fastställt", t.value),
                        )
                        .hint("ersätt platshållaren med målvärdet när det är beslutat"),
                    );
                }
                target
            }
            Err(e) => {
                self.push(
                    Diagnostic::new(
                        Code::TargetUnparsable,
                        self.span(t),
                        format!("målvärdet `{}` kan inte tolkas", t.value),
                    )
                    .hint(e.hint),
                );
                Target::Empty
            }
        }
    }

    /// A value from a closed list, with "menade du" on a near miss.
    pub fn closed<T>(
        &mut self,
        t: Option<&Text>,
        code: Code,
        what: &str,
        parse: fn(&str) -> Option<T>,
        names: &[&str],
    ) -> Option<T> {
        let t = t?;
        // As the schema's `enum`: the value exactly, no spaces around it.
        let parsed = parse(&t.value);
        if parsed.is_none() {
            self.push(values::not_in_list(
                code,
                self.span(t),
                &t.value,
                what,
                names,
            ));
        }
        parsed
    }

    /// An activity row; `period` is the plan's period, which the activity should lie within.
    pub fn activity(
        &mut self,
        row: &ActivityRow,
        period: (Date, Date),
        period_name: &str,
    ) -> Option<Activity> {
        if let Some(id) = &row.id {
            check_id(self.diags, "aktiviteten", id.trim(), self.span(id));
        }
        let start = self.date(&row.startdatum, "startdatum");
        let end = self.date(&row.slutdatum, "slutdatum");
        let (start, end) = (start?, end?);
        if start > end {
            self.push(
                Diagnostic::new(
                    Code::StartAfterEnd,
                    self.span(&row.slutdatum),
                    format!("slutdatum {end} ligger före startdatum {start}"),
                )
                .hint("byt plats på datumen eller rätta det som är fel"),
            );
        } else if start < period.0 || end > period.1 {
            let culprit = if start < period.0 {
                &row.startdatum
            } else {
                &row.slutdatum
            };
            self.push(
                Diagnostic::new(
                    Code::OutsidePeriod,
                    self.span(culprit),
                    format!(
                        "aktiviteten ({start}–{end}) ligger utanför {period_name} {}–{}",
                        period.0, period.1
                    ),
                )
                .hint("flytta datumen in i perioden, eller ändra planens `period`"),
            );
        }
        Some(Activity {
            id: row.id.as_ref().map(|i| i.value.clone()),
            text: row.text.trim().to_owned(),
            start,
            end,
            span: self.span(&row.text),
        })
    }

    /// An indicator row, resolved against the definitions visible from this plan.
    pub fn indicator(
        &mut self,
        row: &IndicatorRow,
        owner: IndicatorOwner,
        lookup: &dyn Fn(&str) -> Option<Indicator>,
        known_ids: &dyn Fn() -> Vec<String>,
    ) -> Option<Indicator> {
        let level = match owner {
            IndicatorOwner::Kf(_) => Level::Kf,
            IndicatorOwner::Committee(_) => Level::Committee,
            IndicatorOwner::Unit(_) => Level::Unit,
        };
        let target_text = row.årsmål.as_ref();
        if let Some(flag) = &row.ej_granskat
            && flag.value
        {
            let name = row
                .indikator
                .as_ref()
                .or(row.id.as_ref())
                .map_or("", |t| t.value.as_str());
            let target = target_text.map_or("", |t| t.value.as_str());
            self.push(
                Diagnostic::new(
                    Code::UnreviewedTarget,
                    flag.span(self.file),
                    format!(
                        "årsmålet `{target}` för `{name}` är förra årets och ännu inte granskat"
                    ),
                )
                .hint("granska årsmålet, ändra det om det behövs och ta bort `ej_granskat: true`"),
            );
        }
        if let Some(reference) = &row.indikator {
            let extra = [
                ("id", row.id.as_ref()),
                ("namn", row.namn.as_ref()),
                ("periodicitet", row.periodicitet.as_ref()),
                ("enhet", row.enhet.as_ref()),
                ("riktning", row.riktning.as_ref()),
                ("aggregering", row.aggregering.as_ref()),
                ("vikt", row.vikt.as_ref()),
                ("kolada", row.kolada.as_ref()),
                ("könsuppdelning", row.könsuppdelning.as_ref()),
            ];
            for (key, value) in extra {
                if let Some(v) = value {
                    self.push(
                        Diagnostic::new(
                            Code::IndicatorDefinition,
                            self.span(v),
                            format!("`{key}` anges i indikatorns definition, inte i en hänvisning"),
                        )
                        .hint(format!(
                            "ta bort `{key}` här, eller ändra definitionen av `{}`",
                            reference.value
                        )),
                    );
                }
            }
            let target = self.target(target_text);
            let Some(def) = lookup(reference.trim()) else {
                if self.kf_missing {
                    return None;
                }
                let ids = known_ids();
                self.push(
                    Diagnostic::new(
                        Code::UnknownIndicator,
                        self.span(reference),
                        format!(
                            "indikatorn `{}` är inte definierad det här året",
                            reference.value
                        ),
                    )
                    .hint_opt(did_you_mean(
                        &reference.value,
                        ids.iter().map(String::as_str),
                    ))
                    .hint("indikatorer definieras i KF-budgeten eller i nämndens plan samma år"),
                );
                return None;
            };
            // The unit KF's target is written in, else the definition's `enhet`.
            let kf_unit = def.kf_target.as_ref().and_then(Target::unit);
            let theirs = kf_unit.or(def.unit.as_deref());
            if let (Some(mine), Some(theirs)) = (target.unit(), theirs)
                && !units_agree(mine, theirs)
                && let Some(t) = target_text
            {
                let whose = if kf_unit.is_some() {
                    "KF:s årsmål i"
                } else {
                    "indikatorns enhet är"
                };
                self.push(
                    Diagnostic::new(
                        Code::UnitMismatch,
                        self.span(t),
                        format!("årsmålet anges i `{mine}` men {whose} `{theirs}`"),
                    )
                    .hint(format!("skriv årsmålet i indikatorns enhet, `{theirs}`")),
                );
            }
            self.bare_share(&target, theirs, target_text);
            return Some(Indicator {
                target,
                is_reference: true,
                span: self.span(reference),
                target_span: target_text.map(|t| self.span(t)),
                ..def
            });
        }
        let Some(id) = &row.id else {
            let span = row
                .namn
                .as_ref()
                .or(row.årsmål.as_ref())
                .map_or(Span::file_start(self.file), |t| self.span(t));
            self.push(
                Diagnostic::new(
                    Code::IndicatorDefinition,
                    span,
                    "indikatorn har varken `id` (egen definition) eller `indikator` (hänvisning)",
                )
                .hint("ge indikatorn ett stabilt `id`, eller hänvisa till en befintlig med `indikator: …`"),
            );
            return None;
        };
        let Some(name) = &row.namn else {
            self.push(
                Diagnostic::new(
                    Code::MissingField,
                    self.span(id),
                    format!("indikatorn `{}` saknar `namn`", id.value),
                )
                .hint("lägg till `namn: …` med indikatorns namn som i planen"),
            );
            return None;
        };
        let periodicity = self.closed(
            row.periodicitet.as_ref(),
            Code::UnknownPeriodicity,
            "periodicitet",
            Periodicity::parse,
            Periodicity::NAMES,
        );
        if row.periodicitet.is_none() {
            self.push(
                Diagnostic::new(
                    Code::MissingField,
                    self.span(id),
                    format!("indikatorn `{}` saknar `periodicitet`", id.value),
                )
                .hint(format!(
                    "lägg till `periodicitet:` med ett av {}",
                    Periodicity::NAMES.join(", ")
                )),
            );
        }
        let direction = self.closed(
            row.riktning.as_ref(),
            Code::UnknownDirection,
            "riktning",
            Direction::parse,
            Direction::NAMES,
        );
        let aggregation = self.closed(
            row.aggregering.as_ref(),
            Code::UnknownAggregation,
            "aggregering",
            Aggregation::parse,
            Aggregation::NAMES,
        );
        match (aggregation, &row.vikt) {
            (Some(Aggregation::WeightedMean), None) => self.push(
                Diagnostic::new(
                    Code::MissingField,
                    self.span(row.aggregering.as_ref().unwrap_or(id)),
                    "viktat medelvärde kräver `vikt`",
                )
                .hint("ange id för indikatorn som är vikt, t.ex. `vikt: antal-barn`"),
            ),
            (Some(a), Some(w)) if a != Aggregation::WeightedMean => self.push(
                Diagnostic::new(
                    Code::WeightWithoutWeightedMean,
                    self.span(w),
                    "`vikt` används bara med `aggregering: viktat-medel`",
                )
                .hint("ta bort `vikt` eller ändra aggregeringen"),
            ),
            _ => {}
        }
        let sex_split = self.closed(
            row.könsuppdelning.as_ref(),
            Code::FollowUpList,
            "könsuppdelning",
            SexSplit::parse,
            SexSplit::NAMES,
        );
        let target = self.target(target_text);
        self.bare_share(
            &target,
            row.enhet.as_ref().map(|u| u.value.trim()),
            target_text,
        );
        let (target, kf_target) = match level {
            Level::Kf => (Target::Empty, Some(target)),
            _ => (target, None),
        };
        if let (Some(unit), Some(t_unit)) = (
            row.enhet.as_ref(),
            kf_target.as_ref().unwrap_or(&target).unit(),
        ) && !units_agree(unit, t_unit)
            && let Some(t) = target_text
        {
            self.push(
                Diagnostic::new(
                    Code::UnitMismatch,
                    self.span(t),
                    format!(
                        "årsmålet anges i `{t_unit}` men indikatorns enhet är `{}`",
                        unit.value
                    ),
                )
                .hint("skriv årsmålet i indikatorns enhet"),
            );
        }
        Some(Indicator {
            id: id.trim().to_owned(),
            key: IndicatorKey {
                owner,
                id: id.trim().to_owned(),
            },
            is_reference: false,
            weight_key: None,
            name: name.trim().to_owned(),
            target,
            kf_target,
            periodicity,
            unit: row.enhet.as_ref().map(|u| u.value.clone()),
            direction,
            aggregation,
            weight: row.vikt.as_ref().map(|v| v.value.clone()),
            weight_span: row.vikt.as_ref().map(|v| self.span(v)),
            kolada: row.kolada.as_ref().map(|k| k.value.clone()),
            sex_split,
            defined_by: level,
            span: self.span(id),
            target_span: target_text.map(|t| self.span(t)),
        })
    }
}

/// Reports ids that are not well formed or occur more than once among `items`.
pub fn check_unique<'a>(
    diags: &mut Diagnostics,
    what: &str,
    items: impl IntoIterator<Item = (&'a str, Span)>,
) {
    unique(diags, what, items, true);
}

/// Reports values that occur more than once, without checking their form:
/// KF goal numbers (`1.3`), and ids whose form is checked where they are read.
pub fn check_no_duplicates<'a>(
    diags: &mut Diagnostics,
    what: &str,
    items: impl IntoIterator<Item = (&'a str, Span)>,
) {
    unique(diags, what, items, false);
}

/// Reports an id that is not well formed.
pub fn check_id(diags: &mut Diagnostics, what: &str, id: &str, span: Span) {
    if !values::is_id(id) {
        diags.push(values::invalid_id(span, id, what));
    } else if let Some(d) = values::id_too_long(span, id, what) {
        diags.push(d);
    }
}

fn unique<'a>(
    diags: &mut Diagnostics,
    what: &str,
    items: impl IntoIterator<Item = (&'a str, Span)>,
    ids: bool,
) {
    let mut first: rustc_hash::FxHashMap<&str, Span> = rustc_hash::FxHashMap::default();
    for (id, span) in items {
        if ids {
            check_id(diags, what, id, span);
        }
        match first.entry(id) {
            std::collections::hash_map::Entry::Occupied(e) => diags.push(
                Diagnostic::new(Code::DuplicateId, span, format!("{what} `{id}` finns redan"))
                    .related(*e.get(), "första förekomsten")
                    .hint("ge varje id ett eget, stabilt namn; id:n används för hänvisningar och jämförelser mellan år"),
            ),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(span);
            }
        }
    }
}

/// `9,000 st`: one to three digits, a comma and exactly three digits, which in
/// a Swedish plan reads as decimals but was almost always meant as thousands.
fn looks_like_thousands(text: &str) -> bool {
    let t = text.trim().trim_start_matches(['+', '-', '−']);
    let int = t.chars().take_while(char::is_ascii_digit).count();
    let Some(rest) = t[int..].strip_prefix(',') else {
        return false;
    };
    let decimals = rest.chars().take_while(char::is_ascii_digit).count();
    (1..=3).contains(&int) && decimals == 3
}
