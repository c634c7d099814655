//! A nämnd's plan: its nämndmål under KF's goals, its indicators and
//! activities, the tjänsteutlåtande's fields and the economy tables.

use super::convert::{Ctx, check_unique};
use super::{
    amounts, committee_ref, economy, normalize_goal_number, officer_report, prose, summary, year_of,
};
use crate::diag::{Code, Diagnostic, Diagnostics, did_you_mean};
use crate::load::ProseDoc;
use crate::load::raw::{self, Text};
use crate::model::*;
use crate::source::FileId;

pub fn committee_plan(
    set: &PlanSet,
    file: FileId,
    prose: Option<&ProseDoc>,
    p: &raw::CommitteePlanFile,
    diags: &mut Diagnostics,
) -> Option<CommitteePlan> {
    let mut cx = Ctx {
        file,
        diags,
        kf_missing: false,
    };
    let year = year_of(&mut cx, &p.år);
    let committee = committee_ref(set, &mut cx, &p.nämnd, year).map(|c| c.id.clone());
    if let Some(existing) = set.committee_plan(p.nämnd.trim(), year) {
        cx.push(
            Diagnostic::new(
                Code::DuplicatePlan,
                cx.span(&p.nämnd),
                format!(
                    "det finns redan en nämndplan för `{}` {year}",
                    p.nämnd.value
                ),
            )
            .related(existing.span, "den första planen")
            .hint("en nämnd har en plan per år"),
        );
        return None;
    }
    let kf = set.kf_years.get(&year);
    let owner = IndicatorOwner::Committee(CommitteePlanId::new(set.committee_plans.len()));
    if kf.is_none() {
        cx.kf_missing = true;
        cx.push(
            Diagnostic::new(
                Code::MissingPlan,
                p.år.span(file),
                format!(
                    "KF-budget {year} saknas, så nämndmålens KF-mål och KF:s indikatorer kan inte kontrolleras"
                ),
            )
            .hint(format!(
                "lägg till en fil med `typ: kf-budget` och `år: {year}`"
            )),
        );
    }
    let whole_year = (Date::first_of_year(year), Date::last_of_year(year));
    let kf_lookup = |id: &str| kf.and_then(|k| k.indicator(id)).cloned();
    let kf_ids = || {
        kf.map(|k| {
            k.goals()
                .flat_map(|g| g.indicators.iter().map(|i| i.id.clone()))
                .collect()
        })
        .unwrap_or_default()
    };
    let kf_goals = p
        .kf_mål
        .iter()
        .map(|g| kf_goal_targets(&mut cx, set, year, g, owner, &kf_lookup, &kf_ids))
        .collect();
    // The nämnd's own indicators may be referred to from its goals and units.
    let mut goals = Vec::new();
    for g in &p.nämndmål {
        // A goal `vp new-year` could not re-link keeps last year's number until the
        // author decides: that is the finding, not an unknown KF goal.
        let kf_goal_id = match &g.kf_mål_avgörs {
            Some(why) => {
                cx.push(
                    Diagnostic::new(
                        Code::UndecidedKfGoal,
                        cx.span(why),
                        format!(
                            "nämndmålet `{}` behöver ett KF-mål {year}: {}",
                            g.id.value,
                            why.value.trim()
                        ),
                    )
                    .hint(
                        "sätt `kf_mål` till rätt mål i årets KF-budget och ta bort `kf_mål_avgörs`",
                    ),
                );
                set.kf_goal(year, &normalize_goal_number(&g.kf_mål))
            }
            None => kf_goal_ref(&mut cx, set, &g.kf_mål, year),
        };
        let indicators = g
            .indikatorer
            .iter()
            .filter_map(|row| cx.indicator(row, owner, &kf_lookup, &kf_ids))
            .collect();
        let activities = g
            .aktiviteter
            .iter()
            .filter_map(|a| cx.activity(a, whole_year, "planåret"))
            .collect();
        goals.push(CommitteeGoal {
            id: g.id.trim().to_owned(),
            title: g.titel.trim().to_owned(),
            kf_goal: normalize_goal_number(&g.kf_mål),
            kf_goal_id,
            continues: g.fortsätter.as_ref().map(|c| cx.reference(c)),
            indicators,
            activities,
            text: prose::goal_text(prose, GoalKind::CommitteeGoal, g.id.trim()),
            span: cx.span(&g.id),
        });
    }
    check_unique(
        cx.diags,
        "nämndmålet",
        goals.iter().map(|g| (g.id.as_str(), g.span)),
    );
    // Units name the nämnd's activities by id: one id, one activity in the plan.
    let activity_ids: Vec<(&str, crate::source::Span)> = p
        .nämndmål
        .iter()
        .flat_map(|g| g.aktiviteter.iter())
        .filter_map(|a| a.id.as_ref())
        .map(|id| (id.value.trim(), cx.span(id)))
        .collect();
    check_unique(cx.diags, "aktiviteten", activity_ids);
    let own_indicators = || {
        goals
            .iter()
            .flat_map(|g| g.indicators.iter())
            .filter(|i| i.defined_by == Level::Committee)
    };
    check_unique(
        cx.diags,
        "indikatorn",
        own_indicators().map(|i| (i.id.as_str(), i.span)),
    );
    // KF's ids were checked with KF's budget; here only a clash with the nämnd's own.
    for i in own_indicators() {
        if let Some(theirs) = kf.and_then(|k| k.indicator(&i.id)) {
            cx.push(
                Diagnostic::new(
                    Code::DuplicateId,
                    i.span,
                    format!("indikatorn `{}` finns redan i KF-budgeten {year}", i.id),
                )
                .related(theirs.span, "KF:s indikator")
                .hint("hänvisa till KF:s indikator med `indikator:`, eller ge nämndens en egen id"),
            );
        }
    }
    let economy = economy::tables(
        &mut cx,
        &p.ekonomi,
        p.sammanfattning.as_ref().map(|s| s.driftbudget.trim()),
    );
    let summary = summary::resolve(&mut cx, p.sammanfattning.as_ref(), &economy);
    let signatories = p
        .underskrifter
        .iter()
        .map(|s| Signatory {
            name: s.namn.trim().to_owned(),
            title: s.titel.trim().to_owned(),
        })
        .collect();
    let preparation = p
        .beredning
        .iter()
        .filter_map(|s| {
            Some(PreparationStep {
                date: cx.date(&s.datum, "datum")?,
                event: s.händelse.trim().to_owned(),
            })
        })
        .collect();
    let date = cx.opt_date(&p.datum, "datum");
    let plan = CommitteePlan {
        committee: committee.unwrap_or_else(|| p.nämnd.trim().to_owned()),
        year,
        year_span: p.år.span(file),
        file,
        span: cx.span(&p.nämnd),
        prose_file: prose.map(|d| d.file),
        prose: prose::plan_prose(prose),
        registry_number: p.diarienummer.as_ref().map(|d| d.trim().to_owned()),
        date,
        department: p.avdelning.as_ref().map(|d| d.trim().to_owned()),
        officer: p.handläggare.as_ref().map(|d| d.trim().to_owned()),
        proposals: p
            .förslag_till_beslut
            .iter()
            .map(|f| f.trim().to_owned())
            .collect(),
        summary,
        signatories,
        preparation,
        kf_goals,
        goals,
        economy,
        appendices: p
            .bilagor
            .iter()
            .map(|b| (b.nummer.value, b.titel.trim().to_owned()))
            .collect(),
    };
    prose::committee_plan(&mut cx, &plan, prose, kf);
    summary::check_fields(
        &mut cx,
        prose,
        Some((&plan, p.sammanfattning.is_some())),
        &plan.economy,
    );
    amounts::check(&mut cx, prose, &plan.economy, plan.summary.as_ref());
    officer_report::preparation_twice(&mut cx, p, prose);
    officer_report::incomplete_report(&mut cx, p, &plan, prose);
    Some(plan)
}

/// A plan's part under one KF goal: its targets for KF:s indicators and the KF activities it got.
pub(super) fn kf_goal_targets(
    cx: &mut Ctx,
    set: &PlanSet,
    year: i32,
    g: &raw::CommitteeKfGoal,
    owner: IndicatorOwner,
    lookup: &dyn Fn(&str) -> Option<Indicator>,
    ids: &dyn Fn() -> Vec<String>,
) -> CommitteeKfGoal {
    let kf = set.kf_years.get(&year);
    let kf_goal_id = kf_goal_ref(cx, set, &g.mål, year);
    let indicators = g
        .indikatorer
        .iter()
        .filter_map(|row| cx.indicator(row, owner, lookup, ids))
        .collect();
    let mut activities = Vec::new();
    for a in &g.aktiviteter {
        match kf.and_then(|k| k.activity(a.trim())) {
            Some(act) => activities.push(act.clone()),
            None if kf.is_some() => cx.push(
                Diagnostic::new(
                    Code::UnknownActivity,
                    cx.span(a),
                    format!(
                        "KF:s aktivitet `{}` finns inte i KF-budgeten {year}",
                        a.value
                    ),
                )
                .hint_opt(did_you_mean(
                    a,
                    kf.iter()
                        .flat_map(|k| k.goals().flat_map(|g| g.activities.iter()))
                        .filter_map(|a| a.id.as_deref()),
                )),
            ),
            None => {}
        }
    }
    CommitteeKfGoal {
        kf_goal: normalize_goal_number(&g.mål),
        kf_goal_id,
        indicators,
        activities,
        span: cx.span(&g.mål),
    }
}

/// The KF goal a plan names, resolved; a finding if the year's budget lacks it.
fn kf_goal_ref(cx: &mut Ctx, set: &PlanSet, t: &Text, year: i32) -> Option<KfGoalId> {
    let kf = set.kf_years.get(&year)?;
    let number = normalize_goal_number(t);
    let found = set.kf_goal(year, &number);
    if found.is_none() {
        cx.push(
            Diagnostic::new(
                Code::UnknownKfGoal,
                cx.span(t),
                format!("KF:s mål för verksamhetsområdet `{number}` finns inte i budgeten {year}"),
            )
            .hint_opt(
                // Last year's number of a goal that continues under a new one.
                match kf.goals().find(|g| {
                    g.continues
                        .as_ref()
                        .is_some_and(|c| c.text.trim().trim_end_matches('.') == number)
                }) {
                    Some(s) => Some(format!(
                        "KF-målet `{number}` fortsätter {year} som `{}` (\"{}\"): skriv `{}`",
                        s.number, s.title, s.number
                    )),
                    None => did_you_mean(&number, kf.goals().map(|g| g.number.as_str())),
                },
            )
            .hint(format!(
                "målen {year} är: {}",
                kf.goals()
                    .map(|g| g.number.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        );
    }
    found
}
