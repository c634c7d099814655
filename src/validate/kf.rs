//! KF:s budget for a year: inriktningsmål, mål för verksamhetsområdet, KF's
//! indicators and the activities KF gives the nämnder.

use super::convert::{Ctx, check_no_duplicates, check_unique};
use super::{normalize_goal_number, year_of};
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::load::raw;
use crate::model::{Date, IndicatorOwner, KfDirection, KfGoal, KfYear, PlanSet, Reference};
use crate::source::{FileId, Span};

pub fn kf_year(set: &mut PlanSet, file: FileId, f: &raw::KfBudgetFile, diags: &mut Diagnostics) {
    let mut cx = Ctx {
        file,
        diags,
        kf_missing: false,
    };
    let year = year_of(&mut cx, &f.år);
    if let Some(existing) = set.kf_years.get(&year) {
        cx.push(
            Diagnostic::new(
                Code::DuplicatePlan,
                f.år.span(file),
                format!("det finns redan en KF-budget för {year}"),
            )
            .related(Span::file_start(existing.file), "den första KF-budgeten")
            .hint("varje budgetår har en enda fil med `typ: kf-budget`"),
        );
        return;
    }
    let whole_year = (Date::first_of_year(year), Date::last_of_year(year));
    let mut directions = Vec::new();
    let owner = IndicatorOwner::Kf(year);
    for d in &f.inriktningsmål {
        let mut goals = Vec::new();
        for g in &d.mål {
            let number = normalize_goal_number(&g.nummer);
            if !number.starts_with(&format!("{}.", d.nummer.value)) {
                cx.push(
                    Diagnostic::new(
                        Code::MisplacedKfGoal,
                        cx.span(&g.nummer),
                        format!(
                            "mål {number} står under inriktningsmål {} men har ett annat nummer",
                            d.nummer.value
                        ),
                    )
                    .hint("flytta målet till rätt inriktningsmål eller rätta numret"),
                );
            }
            let no_defs = |_: &str| None;
            let indicators = g
                .indikatorer
                .iter()
                .filter_map(|row| cx.indicator(row, owner, &no_defs, &Vec::new))
                .collect();
            let activities = g
                .aktiviteter
                .iter()
                .filter_map(|a| {
                    if a.id.is_none() {
                        cx.push(
                            Diagnostic::new(
                                Code::MissingField,
                                cx.span(&a.text),
                                "KF:s aktiviteter behöver ett `id`, som nämnderna hänvisar till",
                            )
                            .hint("lägg till `id: …`, t.ex. en förkortning av texten"),
                        );
                    }
                    cx.activity(a, whole_year, "budgetåret")
                })
                .collect();
            goals.push(KfGoal {
                number,
                title: g.titel.trim().to_owned(),
                continues: g.fortsätter.as_ref().map(|c| Reference {
                    text: normalize_goal_number(c),
                    span: cx.span(c),
                }),
                indicators,
                activities,
                span: cx.span(&g.nummer),
            });
        }
        directions.push(KfDirection {
            number: d.nummer.value,
            title: d.titel.trim().to_owned(),
            goals,
        });
    }
    let kf = KfYear {
        year,
        file,
        decision: f.beslut.as_ref().map(|b| b.trim().to_owned()),
        directions,
    };
    check_no_duplicates(
        cx.diags,
        "KF-målet",
        kf.goals().map(|g| (g.number.as_str(), g.span)),
    );
    check_unique(
        cx.diags,
        "indikatorn",
        kf.goals()
            .flat_map(|g| g.indicators.iter())
            .map(|i| (i.id.as_str(), i.span)),
    );
    // An activity's id is checked where the activity is read.
    check_no_duplicates(
        cx.diags,
        "aktiviteten",
        kf.goals()
            .flat_map(|g| g.activities.iter())
            .filter_map(|a| Some((a.id.as_deref()?, a.span))),
    );
    set.add_kf_year(kf);
}
