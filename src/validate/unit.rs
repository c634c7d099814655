//! A unit's plan: the nämndmål it works towards, its enhetsmål with their
//! indicators and activities, its targets for KF's indicators.

use rustc_hash::FxHashMap as HashMap;

use super::committee::kf_goal_targets;
use super::convert::{Ctx, check_id, check_unique};
use super::{amounts, committee_ref, economy, prose, successors_text, summary, year_of};
use crate::diag::{Code, Diagnostic, Diagnostics, did_you_mean};
use crate::load::ProseDoc;
use crate::load::raw;
use crate::model::*;
use crate::source::FileId;

/// Validates one unit plan against the set's nämnd plans and KF years. `id` is
/// the id the plan will have once added; duplicates are sorted out before
/// (see [`duplicates`]), so unit plans can be validated in parallel.
pub fn unit_plan(
    set: &PlanSet,
    id: UnitPlanId,
    file: FileId,
    prose: Option<&ProseDoc>,
    p: &raw::UnitPlanFile,
    diags: &mut Diagnostics,
) -> UnitPlan {
    let mut cx = Ctx {
        file,
        diags,
        kf_missing: false,
    };
    let year = year_of(&mut cx, &p.år);
    let committee = committee_ref(set, &mut cx, &p.nämnd, year);
    for other in &p.enhet.fler_nämnder {
        committee_ref(set, &mut cx, other, year);
    }
    let unit_id = p.enhet.id.trim().to_owned();
    check_id(cx.diags, "enheten", &unit_id, cx.span(&p.enhet.id));
    let committee_id = p.nämnd.trim().to_owned();
    let mut period = (Date::first_of_year(year), Date::last_of_year(year));
    if let Some(per) = &p.period {
        let from = cx.date(&per.från, "från");
        let till = cx.date(&per.till, "till");
        if let (Some(f), Some(t)) = (from, till) {
            if f > t {
                cx.push(Diagnostic::new(
                    Code::StartAfterEnd,
                    cx.span(&per.till),
                    format!("periodens slut {t} ligger före dess början {f}"),
                ));
            } else if f.year != year || t.year != year {
                cx.push(
                    Diagnostic::new(
                        Code::OutsidePeriod,
                        cx.span(if f.year != year {
                            &per.från
                        } else {
                            &per.till
                        }),
                        format!("perioden {f}–{t} ligger inte inom planåret {year}"),
                    )
                    .hint("en verksamhetsplan gäller ett år; dela upp längre perioder per år"),
                );
            } else {
                period = (f, t);
            }
        }
    }
    if let Some(c) = committee {
        outside_committee(&mut cx, set, c, period, p);
    }
    let adopted = cx.opt_date(&p.fastställd, "fastställd");
    let kf = set.kf_years.get(&year);
    if kf.is_none() {
        // One finding for the plan, not one per KF indicator it refers to.
        cx.kf_missing = true;
        cx.push(
            Diagnostic::new(
                Code::MissingPlan,
                p.år.span(file),
                format!(
                    "KF-budget {year} saknas, så planens KF-mål och KF:s indikatorer kan inte kontrolleras"
                ),
            )
            .hint(format!(
                "lägg till en fil med `typ: kf-budget` och `år: {year}` (controllern har den), eller rätta `år`"
            )),
        );
    }
    let owner = IndicatorOwner::Unit(id);
    let cplan_id = committee.and_then(|c| set.committee_plan_id(&c.id, year));
    let cplan = cplan_id.map(|id| &set[id]);
    if committee.is_some() && cplan.is_none() {
        cx.push(
            Diagnostic::new(
                Code::MissingPlan,
                cx.span(&p.nämnd),
                format!("nämndplanen för `{committee_id}` {year} saknas, så nämndmålen kan inte kontrolleras"),
            )
            .hint(format!("lägg till en fil med `typ: nämndplan`, `nämnd: {committee_id}` och `år: {year}`")),
        );
    }
    let defs: HashMap<&str, &Indicator> = kf
        .into_iter()
        .flat_map(|k| k.goals().flat_map(|g| g.indicators.iter()))
        .chain(
            cplan
                .into_iter()
                .flat_map(|c| c.goals.iter().flat_map(|g| g.indicators.iter()))
                .filter(|i| i.defined_by == Level::Committee),
        )
        .map(|i| (i.id.as_str(), i))
        .collect();
    let lookup = |id: &str| defs.get(id).map(|i| (*i).clone());
    let ids = || defs.keys().map(|k| k.to_string()).collect::<Vec<_>>();
    let period_name = if p.period.is_some() {
        "planens period"
    } else {
        "planåret"
    };
    let kf_goals = p
        .kf_mål
        .iter()
        .map(|g| kf_goal_targets(&mut cx, set, year, g, owner, &lookup, &ids))
        .collect();
    let mut goals = Vec::new();
    for g in &p.nämndmål {
        let cg_id = g.nämndmål.trim();
        let committee_goal_id = cplan_id.and_then(|p| set.committee_goal(p, cg_id));
        if let Some(cplan) = cplan
            && committee_goal_id.is_none()
        {
            // A goal of an earlier year that this year's plan continues under a new id.
            let successor = cplan
                .goals
                .iter()
                .find(|s| s.continues.as_ref().is_some_and(|c| c.text == cg_id));
            let hint = match successor {
                Some(s) => Some(format!(
                    "nämndmålet `{cg_id}` fortsätter {year} som `{}` (\"{}\"): skriv `nämndmål: {}`",
                    s.id, s.title, s.id
                )),
                None => did_you_mean(cg_id, cplan.goals.iter().map(|g| g.id.as_str())),
            };
            cx.push(
                Diagnostic::new(
                    Code::UnknownCommitteeGoal,
                    cx.span(&g.nämndmål),
                    format!(
                        "nämndmålet `{cg_id}` finns inte i nämndplanen för `{}` {year}",
                        cplan.committee
                    ),
                )
                .hint_opt(hint)
                .hint(format!(
                    "enhetsplanen hänvisar till nämndmål med deras id i nämndplanen; `vp visa {} {year}` listar dem",
                    cplan.committee
                )),
            );
        }
        if let (Some(ids), Some(cgoal)) = (&g.aktiviteter, committee_goal_id.map(|id| &set[id])) {
            for id in ids {
                if !cgoal
                    .activities
                    .iter()
                    .any(|a| a.id.as_deref() == Some(id.trim()))
                {
                    cx.push(
                        Diagnostic::new(
                            Code::UnknownActivity,
                            cx.span(id),
                            format!("nämndmålet `{cg_id}` har ingen aktivitet `{}`", id.value),
                        )
                        .hint_opt(did_you_mean(
                            id,
                            cgoal.activities.iter().filter_map(|a| a.id.as_deref()),
                        ))
                        .hint("aktiviteterna hänvisas till med sitt `id` i nämndplanen"),
                    );
                }
            }
        }
        let mut unit_goals = Vec::new();
        for u in &g.enhetsmål {
            let indicators = u
                .indikatorer
                .iter()
                .filter_map(|row| cx.indicator(row, owner, &lookup, &ids))
                .collect();
            let activities = u
                .aktiviteter
                .iter()
                .filter_map(|a| cx.activity(a, period, period_name))
                .collect();
            unit_goals.push(UnitGoal {
                id: u.id.trim().to_owned(),
                title: u.titel.trim().to_owned(),
                continues: u.fortsätter.as_ref().map(|c| cx.reference(c)),
                indicators,
                activities,
                text: prose::goal_text(prose, GoalKind::UnitGoal, u.id.trim()),
                span: cx.span(&u.id),
            });
        }
        goals.push(UnitCommitteeGoal {
            committee_goal: cg_id.to_owned(),
            committee_goal_id,
            committee_activities: g
                .aktiviteter
                .as_ref()
                .map(|ids| ids.iter().map(|i| i.trim().to_owned()).collect()),
            unit_goals,
            span: cx.span(&g.nämndmål),
        });
    }
    check_unique(
        cx.diags,
        "nämndmålet",
        goals.iter().map(|g| (g.committee_goal.as_str(), g.span)),
    );
    check_unique(
        cx.diags,
        "enhetsmålet",
        goals
            .iter()
            .flat_map(|g| g.unit_goals.iter())
            .map(|u| (u.id.as_str(), u.span)),
    );
    check_unique(
        cx.diags,
        "indikatorn",
        goals
            .iter()
            .flat_map(|g| g.unit_goals.iter().flat_map(|u| u.indicators.iter()))
            .filter(|i| i.defined_by == Level::Unit)
            .map(|i| (i.id.as_str(), i.span)),
    );
    let plan = UnitPlan {
        committee: committee_id,
        committee_span: cx.span(&p.nämnd),
        year_span: p.år.span(file),
        unit: Unit {
            id: unit_id,
            name: p.enhet.namn.trim().to_owned(),
            department: p.enhet.avdelning.as_ref().map(|a| a.trim().to_owned()),
            continues: p.enhet.fortsätter.as_ref().map(|c| cx.reference(c)),
            other_committees: p
                .enhet
                .fler_nämnder
                .iter()
                .map(|c| c.trim().to_owned())
                .collect(),
            other_committee_spans: p.enhet.fler_nämnder.iter().map(|c| cx.span(c)).collect(),
            span: cx.span(&p.enhet.id),
        },
        year,
        period,
        adopted,
        file,
        prose_file: prose.map(|d| d.file),
        prose: prose::plan_prose(prose),
        kf_goals,
        goals,
        economy: economy::tables(&mut cx, &p.ekonomi, None),
    };
    prose::unit_plan(&mut cx, &plan, prose, kf);
    summary::check_fields(&mut cx, prose, None, &plan.economy);
    amounts::check(&mut cx, prose, &plan.economy, None);
    plan
}

/// A unit plan for a unit, nämnd and year that an earlier file already has a plan for:
/// reported (VP017) and left out, before the plans are validated.
pub fn duplicates(
    plans: &[(FileId, Option<&ProseDoc>, &raw::UnitPlanFile, bool)],
    diags: &mut Diagnostics,
) -> Vec<bool> {
    let mut first: HashMap<(String, String, i64), (FileId, crate::source::Span)> =
        HashMap::default();
    plans
        .iter()
        .map(|(file, _, p, _)| {
            let unit_id = p.enhet.id.trim().to_owned();
            let committee_id = p.nämnd.trim().to_owned();
            let year = p.år.value;
            let span = p.enhet.id.span(*file);
            match first.get(&(committee_id.clone(), unit_id.clone(), year)) {
                Some(&(_, existing)) => {
                    diags.push(
                        Diagnostic::new(
                            Code::DuplicatePlan,
                            span,
                            format!(
                                "det finns redan en plan för enheten `{unit_id}` i `{committee_id}` {year}"
                            ),
                        )
                        .related(existing, "den första planen")
                        .hint("en enhet har en plan per år; ge olika enheter olika id"),
                    );
                    true
                }
                None => {
                    first.insert((committee_id, unit_id, year), (*file, span));
                    false
                }
            }
        })
        .collect()
}

/// VP065: a plan whose period runs past its nämnd's end (the 2020 merger: a
/// whole-year plan under a nämnd that ended on 30 June), or starts before the
/// nämnd does. Says which nämnd continues it, or which it continues.
fn outside_committee(
    cx: &mut Ctx,
    set: &PlanSet,
    c: &Committee,
    period: (Date, Date),
    p: &raw::UnitPlanFile,
) {
    let file = cx.file;
    let place = |end: bool| match &p.period {
        Some(per) => (if end { &per.till } else { &per.från }).span(file),
        None => p.år.span(file),
    };
    let year = period.0.year;
    let said = |end: bool| match (&p.period, end) {
        (Some(_), true) => format!("planens period slutar {}", period.1),
        (Some(_), false) => format!("planens period börjar {}", period.0),
        (None, _) => format!("planen gäller hela {year} (den har ingen `period`)"),
    };
    if let Some(until) = c.until
        && period.1 > until
    {
        let hint = match successors_text(set, &c.id) {
            Some(next) => format!(
                "nämnden fortsätter som {next}: låt planen sluta {until} (`period: {{ från: {}, till: {until} }}`) och skriv en plan för resten av året under den nämnden",
                period.0
            ),
            None => format!(
                "låt planen sluta {until} (`period: {{ från: {}, till: {until} }}`)",
                period.0
            ),
        };
        cx.push(
            Diagnostic::new(
                Code::OutsideCommittee,
                place(true),
                format!("{} men nämnden `{}` upphörde {until}", said(true), c.id),
            )
            .hint(hint),
        );
    }
    if let Some(from) = c.from
        && period.0 < from
    {
        let before: Vec<String> = c.continues.iter().map(|p| format!("`{p}`")).collect();
        let hint = if before.is_empty() {
            format!(
                "låt planen börja {from} (`period: {{ från: {from}, till: {} }}`)",
                period.1
            )
        } else {
            format!(
                "nämnden fortsätter {}: låt planen börja {from} (`period: {{ från: {from}, till: {} }}`); tiden före hör till {} plan",
                before.join(" och "),
                period.1,
                if before.len() > 1 {
                    "de nämndernas"
                } else {
                    "den nämndens"
                }
            )
        };
        cx.push(
            Diagnostic::new(
                Code::OutsideCommittee,
                place(false),
                format!("{} men nämnden `{}` finns från {from}", said(false), c.id),
            )
            .hint(hint),
        );
    }
}
