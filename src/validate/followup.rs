//! Follow-up files (tertialrapporter, verksamhetsberättelser) → [`FollowUp`]s
//! checked against their plans: VP110–VP124.
//!
//! Runs after every plan is in the graph, since a follow-up names its plan by
//! nämnd, year and unit, and each of its rows by the place the plan gives it.

use std::collections::HashMap;

use rayon::prelude::*;

use super::convert::Ctx;
use crate::diag::{Code, Diagnostic, Diagnostics, did_you_mean};
use crate::load::ProseDoc;
use crate::load::markdown::Block;
use crate::load::raw::{
    ActivityStatusRaw, AssessmentRuleRaw, FollowUpCommitteeGoal, FollowUpFile, IndicatorOutcomeRaw,
    Text,
};
use crate::load::spanned::Sp;
use crate::model::followup::CaseDetails;
use crate::model::followup::{
    ActivityOutcome, AssessmentRule, BudgetOutcome, FollowUpPlace, GoalAssessment,
    IndicatorOutcome, Measure, Owed, PlanPlace, Split, TargetChange, Thresholds, activity_key,
};
use crate::model::value::{parse_amount, units_agree};
use crate::model::{
    ActivityStatus, Aggregation, Assessment, FollowUp, FollowUpPeriod, GoalKind, Indicator,
    Markdown, PlanId, PlanSet, SexSplit, Signatory, Target,
};
use crate::source::{FileId, Span};

/// One follow-up file as loaded.
pub(super) type RawFollowUp<'a> = (FileId, Option<&'a ProseDoc>, &'a FollowUpFile);

/// Validates every follow-up against the plan graph and adds them to it.
pub(super) fn follow_ups(set: &mut PlanSet, files: Vec<RawFollowUp<'_>>, diags: &mut Diagnostics) {
    // Which plan and period each file follows up; the second file for the same
    // plan and period is reported and left out.
    let mut accepted: Vec<(usize, PlanId, FollowUpPeriod)> = Vec::new();
    {
        let units: HashMap<(&str, i32, &str), PlanId> = set
            .unit_plan_ids()
            .map(|(id, p)| {
                (
                    (p.committee.as_str(), p.year, p.unit.id.as_str()),
                    PlanId::Unit(id),
                )
            })
            .collect();
        let mut seen: HashMap<(PlanId, FollowUpPeriod), Span> = HashMap::new();
        for (i, (file, _, raw)) in files.iter().enumerate() {
            let mut cx = Ctx {
                file: *file,
                diags,
                kf_missing: false,
            };
            let Some((plan, period)) = header(set, &units, &mut cx, raw) else {
                continue;
            };
            let span = cx.span(&raw.period);
            if let Some(first) = seen.get(&(plan, period)) {
                cx.push(
                    Diagnostic::new(
                        Code::DuplicateFollowUp,
                        span,
                        format!(
                            "planen har redan en {} för {}",
                            period.report_name(),
                            set.plan_year(plan)
                        ),
                    )
                    .related(*first, "den första uppföljningen")
                    .hint("slå ihop filerna, eller rätta `period`, `nämnd`, `enhet` eller `år`"),
                );
                continue;
            }
            seen.insert((plan, period), span);
            accepted.push((i, plan, period));
        }
    }
    // In the year's order, each nämnd's before its units': a target changed by a
    // decision in an earlier period (or in the nämnd's report) is in force when a
    // later one is checked.
    //
    // A follow-up is checked against its own plan's earlier periods and, for a
    // unit, its nämnd's report of the same or an earlier period, never against
    // another file of its own batch (the same period, nämnder or units): each
    // batch is checked in parallel against the graph as the batches before it
    // left it, and added, with its findings, in the files' order.
    accepted.sort_by_key(|&(i, plan, period)| (period.rank(), matches!(plan, PlanId::Unit(_)), i));
    let batch = |&(_, plan, period): &(usize, PlanId, FollowUpPeriod)| {
        (period.rank(), matches!(plan, PlanId::Unit(_)))
    };
    for same in accepted.chunk_by(|a, b| batch(a) == batch(b)) {
        let shared: &PlanSet = set;
        let checked: Vec<(FollowUp, Diagnostics)> = same
            .par_iter()
            .map(|&(i, plan, period)| {
                let (file, prose, raw) = &files[i];
                let mut found = Diagnostics::default();
                let mut cx = Ctx {
                    file: *file,
                    diags: &mut found,
                    kf_missing: false,
                };
                let f = follow_up(shared, &mut cx, plan, period, *prose, raw);
                (f, found)
            })
            .collect();
        for (f, found) in checked {
            diags.0.extend(found.0);
            set.add_follow_up(f);
        }
    }
    let shared: &PlanSet = set;
    let complete: Vec<Diagnostics> = shared
        .follow_ups
        .par_iter()
        .map(|f| {
            let mut found = Diagnostics::default();
            completeness(shared, f, &mut found);
            found
        })
        .collect();
    for found in complete {
        diags.0.extend(found.0);
    }
}

/// The plan and period a file follows up; `None` (with a finding) when either is unknown.
fn header(
    set: &PlanSet,
    units: &HashMap<(&str, i32, &str), PlanId>,
    cx: &mut Ctx,
    raw: &FollowUpFile,
) -> Option<(PlanId, FollowUpPeriod)> {
    let period = cx.closed(
        Some(&raw.period),
        Code::FollowUpList,
        "period",
        FollowUpPeriod::parse,
        FollowUpPeriod::NAMES,
    );
    let year = super::year_of(cx, &raw.år);
    let committee = raw.nämnd.trim();
    let plan = match &raw.enhet {
        None => set
            .committee_plan_id(committee, year)
            .map(PlanId::Committee),
        Some(unit) => units.get(&(committee, year, unit.trim())).copied(),
    };
    let Some(plan) = plan else {
        let (what, at) = match &raw.enhet {
            None => (
                format!("nämnden `{committee}` har ingen plan för {year}"),
                &raw.nämnd,
            ),
            Some(u) => (
                format!(
                    "enheten `{}` i nämnden `{committee}` har ingen plan för {year}",
                    u.trim()
                ),
                u,
            ),
        };
        let known: Vec<&str> = units
            .keys()
            .filter(|(c, y, _)| *c == committee && *y == year)
            .map(|(_, _, u)| *u)
            .collect();
        let near = raw
            .enhet
            .as_ref()
            .and_then(|u| did_you_mean(u.trim(), known.iter().copied()));
        cx.push(
            Diagnostic::new(Code::FollowUpWithoutPlan, cx.span(at), what)
                .hint_opt(near)
                .hint("en uppföljning gäller planen med samma `nämnd`, `år` och `enhet` (utan `enhet`: nämndens plan); läs planerna tillsammans med uppföljningen"),
        );
        return None;
    };
    Some((plan, period?))
}

/// The tjänsteutlåtande's first page and signatures of a nämnd's follow-up.
/// A unit's report is no tjänsteutlåtande: written there, they would print
/// nowhere, so VP124 says so and they are left out.
fn case_details(cx: &mut Ctx, plan: PlanId, raw: &FollowUpFile) -> CaseDetails {
    let trimmed = |t: &Option<Text>| t.as_ref().map(|t| t.trim().to_owned());
    let case = CaseDetails {
        registry_number: trimmed(&raw.diarienummer),
        department: trimmed(&raw.avdelning),
        officer: trimmed(&raw.handläggare),
        proposals: raw
            .förslag_till_beslut
            .iter()
            .map(|p| p.trim().to_owned())
            .collect(),
        signatories: raw
            .underskrifter
            .iter()
            .map(|s| Signatory {
                name: s.namn.trim().to_owned(),
                title: s.titel.trim().to_owned(),
            })
            .collect(),
    };
    if matches!(plan, PlanId::Committee(_)) {
        return case;
    }
    let written = [
        (raw.diarienummer.as_ref(), "diarienummer"),
        (raw.avdelning.as_ref(), "avdelning"),
        (raw.handläggare.as_ref(), "handläggare"),
        (raw.förslag_till_beslut.first(), "förslag_till_beslut"),
        (raw.underskrifter.first().map(|s| &s.namn), "underskrifter"),
    ];
    let fields: Vec<(&Text, &str)> = written
        .iter()
        .filter_map(|(t, name)| t.map(|t| (t, *name)))
        .collect();
    if let Some((first, _)) = fields.first() {
        let names: Vec<String> = fields.iter().map(|(_, n)| format!("`{n}:`")).collect();
        cx.push(
            Diagnostic::new(
                Code::CaseDetailsInUnitReport,
                cx.span(first),
                format!(
                    "{} hör till nämndens tjänsteutlåtande; en enhets uppföljning skrivs inte ut med dem",
                    names.join(", ")
                ),
            )
            .hint("ta bort dem här och skriv dem i nämndens uppföljning för samma period (filen utan `enhet:`)"),
        );
    }
    CaseDetails::default()
}

fn follow_up(
    set: &PlanSet,
    cx: &mut Ctx,
    plan: PlanId,
    period: FollowUpPeriod,
    prose: Option<&ProseDoc>,
    raw: &FollowUpFile,
) -> FollowUp {
    let places = set.follow_up_places(plan);
    let year = set.plan_year(plan);
    let mut f = FollowUp {
        plan,
        period,
        year,
        file: cx.file,
        prose_file: prose.map(|p| p.file),
        span: cx.span(&raw.period),
        date: cx.opt_date(&raw.datum, "datum"),
        case: case_details(cx, plan, raw),
        rule: raw.bedömningsregel.as_ref().map(|r| rule(cx, r)),
        indicators: Vec::new(),
        activities: Vec::new(),
        goals: Vec::new(),
        budget: Vec::new(),
        chapters: Vec::new(),
        unreadable: Vec::new(),
    };
    for g in &raw.kf_mål {
        let number = super::normalize_goal_number(&g.mål);
        let place = FollowUpPlace::KfGoal(number.clone());
        let Some(pp) = places.iter().find(|p| p.place == place) else {
            unknown(
                cx,
                &g.mål,
                format!("planen har inga rader under KF:s mål {number}"),
                places.iter().filter_map(|p| match &p.place {
                    FollowUpPlace::KfGoal(n) => Some(n.as_str()),
                    FollowUpPlace::Goal(_) | FollowUpPlace::CommitteeGoal(_) => None,
                }),
            );
            continue;
        };
        rows(set, cx, &mut f, pp, &g.indikatorer, &g.aktiviteter);
    }
    let goal_word = match plan {
        PlanId::Committee(_) => "nämndmål",
        PlanId::Unit(_) => "enhetsmål",
    };
    let kind = match plan {
        PlanId::Committee(_) => GoalKind::CommitteeGoal,
        PlanId::Unit(_) => GoalKind::UnitGoal,
    };
    for g in &raw.mål {
        let id = g.mål.trim();
        let place = FollowUpPlace::Goal(id.to_owned());
        let Some(pp) = places.iter().find(|p| p.place == place) else {
            // A unit reporting on the nämndmål whose activities it carries.
            if places
                .iter()
                .any(|p| p.place == FollowUpPlace::CommitteeGoal(id.to_owned()))
            {
                cx.push(
                    Diagnostic::new(
                        Code::FollowUpUnknownElement,
                        cx.span(&g.mål),
                        format!(
                            "`{id}` är nämndens mål, inget enhetsmål; enheten bedömer bara sina enhetsmål"
                        ),
                    )
                    .hint(format!(
                        "status för nämndens aktiviteter som enheten genomför skrivs under `nämndmål:` → `- nämndmål: {id}` → `aktiviteter:`"
                    )),
                );
                continue;
            }
            unknown(
                cx,
                &g.mål,
                format!("planen har inget {goal_word} `{id}`"),
                places.iter().filter_map(|p| match &p.place {
                    FollowUpPlace::Goal(n) => Some(n.as_str()),
                    FollowUpPlace::KfGoal(_) | FollowUpPlace::CommitteeGoal(_) => None,
                }),
            );
            continue;
        };
        if f.goals.iter().any(|x| x.goal == id) {
            cx.push(
                Diagnostic::new(
                    Code::DuplicateId,
                    cx.span(&g.mål),
                    format!("målet `{id}` följs upp två gånger"),
                )
                .hint("slå ihop uppföljningen av målet under en post"),
            );
            continue;
        }
        let assessment = cx.closed(
            g.bedömning.as_ref(),
            Code::FollowUpList,
            "bedömning",
            Assessment::parse,
            Assessment::NAMES,
        );
        if assessment.is_none() && g.bedömning.is_some() {
            f.unreadable.push((place.clone(), String::new()));
        }
        let reasons = prose
            .and_then(|p| p.goal(kind, id))
            .map(|gp| {
                Markdown::new(
                    prose.map(|p| p.source.clone()).unwrap_or_default(),
                    gp.intro,
                )
            })
            .filter(|m| !m.is_blank());
        if let (Some(a), None) = (assessment, &reasons)
            && let Some(t) = &g.bedömning
        {
            cx.push(
                Diagnostic::new(
                    Code::AssessmentWithoutReasons,
                    cx.span(t),
                    format!("bedömningen `{}` av {goal_word} `{id}` saknar skäl", a.name()),
                )
                .hint(format!(
                    "skriv skälen i uppföljningens .md-fil, direkt under rubriken `# {}: … {{#{id}}}`",
                    kind.heading()
                )),
            );
        }
        f.goals.push(GoalAssessment {
            goal: id.to_owned(),
            assessment,
            reasons,
            span: cx.span(&g.mål),
        });
        rows(set, cx, &mut f, pp, &g.indikatorer, &g.aktiviteter);
    }
    committee_goals(set, cx, &mut f, &places, &raw.nämndmål);
    if let Some(prose) = prose {
        for b in &prose.blocks {
            match b {
                Block::Chapter(c) => f
                    .chapters
                    .push((c.title.clone(), Markdown::new(prose.source.clone(), c.body))),
                Block::Goal(g)
                    if g.kind != kind
                        || !places
                            .iter()
                            .any(|p| p.place == FollowUpPlace::Goal(g.id.clone())) =>
                {
                    cx.push(
                        Diagnostic::new(
                            Code::FollowUpUnknownElement,
                            g.id_span,
                            format!("planen har inget {goal_word} `{}`", g.id),
                        )
                        .hint(format!(
                            "skälen skrivs under `# {}: … {{#id}}` med ett av planens mål",
                            kind.heading()
                        )),
                    );
                }
                Block::Goal(_) => {}
            }
        }
    }
    budget(set, cx, &mut f, raw);
    contradictions(set, cx, &f, &places);
    f
}

/// A unit's `nämndmål:`: the status of the nämnd's activities the unit
/// carries (the unit plan's `aktiviteter` under the nämndmål, or all of them).
/// A nämnd's own activities are followed up under `mål:`.
fn committee_goals(
    set: &PlanSet,
    cx: &mut Ctx,
    f: &mut FollowUp,
    places: &[PlanPlace<'_>],
    raw: &[FollowUpCommitteeGoal],
) {
    for g in raw {
        let id = g.nämndmål.trim();
        if matches!(f.plan, PlanId::Committee(_)) {
            cx.push(
                Diagnostic::new(
                    Code::FollowUpUnknownElement,
                    cx.span(&g.nämndmål),
                    "`nämndmål:` hör till en enhets uppföljning: nämndens aktiviteter som enheten genomför".to_owned(),
                )
                .hint(format!("följ upp nämndmålet under `mål:` → `- mål: {id}`")),
            );
            continue;
        }
        let place = FollowUpPlace::CommitteeGoal(id.to_owned());
        let Some(pp) = places.iter().find(|p| p.place == place) else {
            let PlanId::Unit(u) = f.plan else { continue };
            let listed = set[u].goals.iter().any(|grp| grp.committee_goal == id);
            let message = if listed {
                format!(
                    "enheten genomför ingen av nämndmålet `{id}`s aktiviteter enligt sin plan (`aktiviteter:` under nämndmålet)"
                )
            } else {
                format!("planen tar inte upp nämndmålet `{id}`")
            };
            unknown(
                cx,
                &g.nämndmål,
                message,
                places.iter().filter_map(|p| match &p.place {
                    FollowUpPlace::CommitteeGoal(n) => Some(n.as_str()),
                    _ => None,
                }),
            );
            continue;
        };
        if f.activities.iter().any(|a| a.place == place) {
            cx.push(
                Diagnostic::new(
                    Code::DuplicateId,
                    cx.span(&g.nämndmål),
                    format!("nämndmålet `{id}` följs upp två gånger"),
                )
                .hint("slå ihop aktiviteterna under en post"),
            );
            continue;
        }
        rows(set, cx, f, pp, &[], &g.aktiviteter);
    }
}

fn rule(cx: &mut Ctx, raw: &AssessmentRuleRaw) -> AssessmentRule {
    let mut percent = |v: &Sp<i64>| {
        if !(0..=100).contains(&v.value) {
            cx.push(
                Diagnostic::new(
                    Code::WrongType,
                    v.span(cx.file),
                    format!("gränsen {} är ingen andel i procent", v.value),
                )
                .hint("skriv gränsen som ett heltal 0–100"),
            );
        }
        v.value.clamp(0, 100) as u8
    };
    let mut thresholds = |t: &crate::load::raw::Thresholds| Thresholds {
        indicators: percent(&t.indikatorer),
        activities: percent(&t.aktiviteter),
    };
    AssessmentRule {
        full: thresholds(&raw.helt),
        partial: thresholds(&raw.delvis),
    }
}

fn unknown<'a>(cx: &mut Ctx, at: &Text, message: String, known: impl Iterator<Item = &'a str>) {
    cx.push(
        Diagnostic::new(Code::FollowUpUnknownElement, cx.span(at), message)
            .hint_opt(did_you_mean(at.trim(), known))
            .hint("uppföljningen följer planen: rätta id:t eller lägg till det i planen först"),
    );
}

/// The indicator rows and activities reported under one place of the plan.
fn rows(
    set: &PlanSet,
    cx: &mut Ctx,
    f: &mut FollowUp,
    place: &PlanPlace<'_>,
    indicators: &[IndicatorOutcomeRaw],
    activities: &[ActivityStatusRaw],
) {
    for o in indicators {
        let id = o.indikator.trim();
        let Some(row) = place.indicators.iter().find(|r| r.id == id) else {
            unknown(
                cx,
                &o.indikator,
                format!("planen har ingen indikator `{id}` här"),
                place.indicators.iter().map(|r| r.id.as_str()),
            );
            continue;
        };
        if f.indicator(&place.place, id).is_some() {
            cx.push(
                Diagnostic::new(
                    Code::DuplicateId,
                    cx.span(&o.indikator),
                    format!("indikatorn `{id}` följs upp två gånger här"),
                )
                .hint("ta bort den ena posten"),
            );
            continue;
        }
        let outcome = indicator(set, cx, f, place, row, o);
        if (o.utfall.is_some() && outcome.outcome.is_none())
            || (o.prognos.is_some() && outcome.forecast.is_none())
        {
            f.unreadable.push((place.place.clone(), id.to_owned()));
        }
        f.indicators.push(outcome);
    }
    let end = f.period.end(f.year);
    for a in activities {
        let key = a.aktivitet.trim();
        let Some(activity) = place.activities.iter().find(|x| activity_key(x) == key) else {
            if let (PlanId::Unit(u), FollowUpPlace::CommitteeGoal(goal)) = (f.plan, &place.place)
                && set
                    .committee_plan_id(&set[u].committee, set[u].year)
                    .and_then(|c| set.committee_goal(c, goal))
                    .is_some_and(|g| set[g].activities.iter().any(|x| activity_key(x) == key))
            {
                cx.push(
                    Diagnostic::new(
                        Code::FollowUpUnknownElement,
                        cx.span(&a.aktivitet),
                        format!(
                            "enheten genomför inte nämndens aktivitet `{}` enligt sin plan",
                            short(key)
                        ),
                    )
                    .hint(format!(
                        "lägg till `{}` i planens `aktiviteter:` under nämndmålet `{goal}`, eller ta bort posten här",
                        short(key)
                    )),
                );
                continue;
            }
            if let Some(goal) = carried_elsewhere(set, f.plan, place, key) {
                cx.push(
                    Diagnostic::new(
                        Code::FollowUpUnknownElement,
                        cx.span(&a.aktivitet),
                        format!(
                            "aktiviteten `{}` är nämndens, under nämndmålet `{goal}`, och enheten genomför den; den följs inte upp under ett enhetsmål",
                            short(key)
                        ),
                    )
                    .hint(format!(
                        "flytta den till `nämndmål:` → `- nämndmål: {goal}` → `aktiviteter:`"
                    )),
                );
                continue;
            }
            unknown(
                cx,
                &a.aktivitet,
                format!("planen har ingen aktivitet `{key}` här"),
                place.activities.iter().map(|a| activity_key(a)),
            );
            continue;
        };
        let Some(status) = cx.closed(
            Some(&a.status),
            Code::FollowUpList,
            "status",
            ActivityStatus::parse,
            ActivityStatus::NAMES,
        ) else {
            f.unreadable.push((place.place.clone(), key.to_owned()));
            continue;
        };
        let comment = a
            .kommentar
            .as_ref()
            .map(|c| c.trim().to_owned())
            .filter(|c| !c.is_empty());
        if !status.on_plan(activity.start, end) && comment.is_none() {
            cx.push(
                Diagnostic::new(
                    Code::StatusWithoutComment,
                    cx.span(&a.status),
                    format!(
                        "aktiviteten är `{}` (start {}) men saknar kommentar",
                        status.name(),
                        activity.start
                    ),
                )
                .hint(
                    "skriv i `kommentar:` varför aktiviteten inte går enligt plan och vad som görs",
                ),
            );
        }
        f.activities.push(ActivityOutcome {
            place: place.place.clone(),
            activity: key.to_owned(),
            status,
            comment,
            span: cx.span(&a.aktivitet),
        });
    }
}

/// A number with its unit, as outcomes are written; `None` (VP123) for anything else.
fn measure(cx: &mut Ctx, t: Option<&Text>, what: &str) -> Option<Measure> {
    let t = t?;
    match Target::parse(t) {
        Ok(Target::Number {
            value,
            unit,
            tolerance: false,
            text,
        }) => Some(Measure {
            value,
            unit,
            text,
            span: cx.span(t),
        }),
        Ok(Target::Empty) => None,
        _ => {
            cx.push(
                Diagnostic::new(
                    Code::OutcomeUnparsable,
                    cx.span(t),
                    format!("{what} `{}` är inget tal", t.value),
                )
                .hint(format!(
                    "skriv {what} som ett tal med enhet, som årsmålet: `82 %`, `1 050 st`"
                )),
            );
            None
        }
    }
}

fn indicator(
    set: &PlanSet,
    cx: &mut Ctx,
    f: &FollowUp,
    place: &PlanPlace<'_>,
    row: &Indicator,
    o: &IndicatorOutcomeRaw,
) -> IndicatorOutcome {
    let outcome = measure(cx, o.utfall.as_ref(), "utfallet");
    let forecast = measure(cx, o.prognos.as_ref(), "prognosen");
    let target_change = o.ändrat_årsmål.as_ref().and_then(|c| {
        let target = cx.target(Some(&c.årsmål));
        let date = cx.date(&c.datum, "beslutets datum")?;
        Some(TargetChange {
            target,
            date,
            decision: c.beslut.trim().to_owned(),
            span: cx.span(&c.årsmål),
        })
    });
    // The unit to measure in: the target in force (a change in this file counts),
    // else the indicator's own unit.
    let in_force = target_change
        .as_ref()
        .map(|c| c.target.clone())
        .or_else(|| {
            set.target_in_force(f.plan, &place.place, row, f.period)
                .map(|t| t.target.clone())
        });
    let expected_unit = in_force
        .as_ref()
        .and_then(|t| t.unit().map(str::to_owned))
        .or_else(|| row.unit.clone());
    let is_share = expected_unit.as_deref().is_some_and(|u| u.starts_with('%'));
    let split = split(cx, row, o, outcome.as_ref());
    let mut check = |m: &Measure, what: &str| {
        if let (Some(mine), Some(theirs)) = (m.unit.as_deref(), expected_unit.as_deref())
            && !units_agree(mine, theirs)
        {
            cx.push(
                Diagnostic::new(
                    Code::OutcomeUnitMismatch,
                    m.span,
                    format!("{what} anges i `{mine}` men årsmålet i `{theirs}`"),
                )
                .related(row.span, "indikatorns rad i planen")
                .hint(format!("skriv {what} i årsmålets enhet, `{theirs}`")),
            );
        } else if (m.unit.as_deref().is_some_and(|u| u.starts_with('%'))
            || (m.unit.is_none() && is_share))
            && !(0.0..=100.0).contains(&m.value)
        {
            cx.push(
                Diagnostic::new(
                    Code::OutcomeShareOutOfRange,
                    m.span,
                    format!("{what} `{}` är en andel utanför 0–100 %", m.text),
                )
                .hint("kontrollera talet; en andel är mellan 0 och 100 %"),
            );
        }
    };
    for (m, what) in [(&outcome, "utfallet"), (&forecast, "prognosen")] {
        if let Some(m) = m {
            check(m, what);
        }
    }
    if let Some(s) = &split {
        let (a, b) = s.kind.labels();
        check(&s.first, &format!("utfallet för {a}"));
        check(&s.second, &format!("utfallet för {b}"));
    }
    IndicatorOutcome {
        place: place.place.clone(),
        indicator: row.id.clone(),
        outcome,
        forecast,
        split,
        target_change,
        span: cx.span(&o.indikator),
    }
}

/// The split by sex: required where the definition asks for it (VP116), and adding
/// up to the total for a count (VP115).
fn split(
    cx: &mut Ctx,
    row: &Indicator,
    o: &IndicatorOutcomeRaw,
    outcome: Option<&Measure>,
) -> Option<Split> {
    let groups = [
        (SexSplit::WomenMen, &o.kvinnor, &o.män),
        (SexSplit::GirlsBoys, &o.flickor, &o.pojkar),
    ];
    // Keys of a split the definition does not ask for.
    for (kind, a, b) in groups {
        if Some(kind) == row.sex_split {
            continue;
        }
        for t in [a, b].into_iter().flatten() {
            cx.push(
                Diagnostic::new(
                    Code::SplitMissing,
                    cx.span(t),
                    match row.sex_split {
                        Some(k) => format!(
                            "indikatorn `{}` delas upp på {}, inte på {}",
                            row.id,
                            k.name(),
                            kind.name()
                        ),
                        None => format!(
                            "indikatorn `{}` har ingen `könsuppdelning` i sin definition",
                            row.id
                        ),
                    },
                )
                .related(row.span, "indikatorns rad i planen")
                .hint("ta bort uppdelningen, eller lägg till `könsuppdelning:` i indikatorns definition"),
            );
        }
    }
    let kind = row.sex_split?;
    let (_, a, b) = groups.into_iter().find(|(k, _, _)| *k == kind)?;
    let (la, lb) = kind.labels();
    let outcome = outcome?;
    let first = measure(cx, a.as_ref(), &format!("utfallet för {la}"));
    let second = measure(cx, b.as_ref(), &format!("utfallet för {lb}"));
    if a.is_none() || b.is_none() {
        let missing: Vec<&str> = [(la, a), (lb, b)]
            .iter()
            .filter(|(_, t)| t.is_none())
            .map(|(l, _)| *l)
            .collect();
        cx.push(
            Diagnostic::new(
                Code::SplitMissing,
                outcome.span,
                format!(
                    "indikatorn `{}` handlar om individer: utfallet för {} saknas",
                    row.id,
                    missing.join(" och ")
                ),
            )
            .related(row.span, "indikatorns rad i planen")
            .hint(format!("lägg till `{la}:` och `{lb}:` under utfallet")),
        );
    }
    let (first, second) = (first?, second?);
    let is_count =
        row.aggregation == Some(Aggregation::Sum) || outcome.unit.as_deref() == Some("st");
    let sum = first.value + second.value;
    if is_count && (sum - outcome.value).abs() > 1e-6 * outcome.value.abs().max(1.0) {
        cx.push(
            Diagnostic::new(
                Code::SplitSumMismatch,
                outcome.span,
                format!(
                    "{la} {} och {lb} {} blir {} men utfallet är {}",
                    first.text,
                    second.text,
                    swedish(sum),
                    outcome.text
                ),
            )
            .hint("ett antal delas upp utan rest: rätta utfallet eller uppdelningen"),
        );
    }
    Some(Split {
        kind,
        first,
        second,
    })
}

fn budget(set: &PlanSet, cx: &mut Ctx, f: &mut FollowUp, raw: &FollowUpFile) {
    let economy = match f.plan {
        PlanId::Committee(c) => &set[c].economy,
        PlanId::Unit(u) => &set[u].economy,
    };
    for t in &raw.ekonomi {
        let id = t.tabell.trim();
        let Some(table) = economy.iter().find(|x| x.id == id) else {
            unknown(
                cx,
                &t.tabell,
                format!("planen har ingen tabell `{id}`"),
                economy.iter().map(|x| x.id.as_str()),
            );
            continue;
        };
        let Some(column) = table.columns.iter().position(|c| c == t.budget.trim()) else {
            unknown(
                cx,
                &t.budget,
                format!("tabellen `{id}` har ingen kolumn `{}`", t.budget.trim()),
                table.columns.iter().map(String::as_str),
            );
            continue;
        };
        for r in &t.rader {
            let label = r.rad.trim();
            let Some(row) = table.rows.iter().find(|x| x.label == label) else {
                unknown(
                    cx,
                    &r.rad,
                    format!("tabellen `{id}` har ingen rad `{label}`"),
                    table.rows.iter().map(|x| x.label.as_str()),
                );
                continue;
            };
            let mut amount = |v: Option<&Text>, what: &str| {
                let v = v?;
                match parse_amount(v) {
                    Ok(a) => a,
                    Err(_) => {
                        cx.push(
                            Diagnostic::new(
                                Code::OutcomeUnparsable,
                                cx.span(v),
                                format!("{what} `{}` är inget belopp", v.value),
                            )
                            .hint(format!(
                                "skriv beloppet i tabellens enhet med decimalkomma, t.ex. `241,0`{}",
                                table.unit.as_deref().map(|u| format!(" ({u})")).unwrap_or_default()
                            )),
                        );
                        None
                    }
                }
            };
            let outcome = amount(r.utfall.as_ref(), "utfallet");
            let forecast = amount(r.prognos.as_ref(), "prognosen");
            if f.period.forecasts() && forecast.is_none() && r.prognos.is_none() {
                cx.push(
                    Diagnostic::new(
                        Code::ForecastMissing,
                        cx.span(&r.rad),
                        format!(
                            "budgetraden `{label}` saknar prognos för helåret i {}",
                            f.period.report_name()
                        ),
                    )
                    .hint("lägg till `prognos:` med helårsprognosen"),
                );
            }
            f.budget.push(BudgetOutcome {
                table: id.to_owned(),
                budget_column: table.columns[column].clone(),
                row: label.to_owned(),
                budget: row.values.get(column).copied().flatten(),
                outcome,
                forecast,
                span: cx.span(&r.rad),
            });
        }
    }
}

/// VP118: an assessment that all of its comparable indicators contradict.
fn contradictions(set: &PlanSet, cx: &mut Ctx, f: &FollowUp, places: &[PlanPlace<'_>]) {
    for g in &f.goals {
        let Some(assessment) = g.assessment else {
            continue;
        };
        let Some(place) = places
            .iter()
            .find(|p| p.place == FollowUpPlace::Goal(g.goal.clone()))
        else {
            continue;
        };
        let results = set.indicator_results(f, place);
        let compared: Vec<bool> = results.iter().filter_map(|r| r.reached).collect();
        if compared.is_empty() {
            continue;
        }
        let all = compared.iter().all(|r| *r);
        let none = compared.iter().all(|r| !*r);
        let contradiction = match assessment {
            Assessment::Not if all => Some("alla målets indikatorer når årsmålet"),
            Assessment::Full if none => Some("ingen av målets indikatorer når årsmålet"),
            _ => None,
        };
        if let Some(why) = contradiction {
            cx.push(
                Diagnostic::new(
                    Code::AssessmentContradicts,
                    g.span,
                    format!(
                        "målet `{}` {} fast {why} ({} av {})",
                        g.goal,
                        assessment.words(f.period),
                        compared.iter().filter(|r| **r).count(),
                        compared.len()
                    ),
                )
                .hint("bedömningen kan väga in mer än indikatorerna: skriv i så fall skälen under målets rubrik, annars rätta bedömningen"),
            );
        }
    }
}

/// VP112 and VP119: what the plan owes this period and the follow-up leaves out.
fn completeness(set: &PlanSet, f: &FollowUp, diags: &mut Diagnostics) {
    let report = f.period.report_name();
    for place in set.follow_up_places(f.plan) {
        let (at, where_) = match &place.place {
            FollowUpPlace::Goal(id) => (
                f.goal(id).map_or(f.span, |g| g.span),
                format!("målet `{id}`"),
            ),
            FollowUpPlace::KfGoal(n) => (f.span, format!("KF:s mål {n}")),
            // The nämnd follows up its activities; a unit carrying one may
            // report its own status of it, and owes none.
            FollowUpPlace::CommitteeGoal(_) => continue,
        };
        if let FollowUpPlace::Goal(id) = &place.place
            && f.goal(id).and_then(|g| g.assessment).is_none()
            && !f.is_unreadable(&place.place, "")
        {
            diags.push(
                Diagnostic::new(
                    Code::NotFollowedUp,
                    at,
                    format!("{where_} saknar bedömning i {report}"),
                )
                .related(place.span, "målet i planen")
                .hint(format!(
                    "lägg till `- mål: {id}` med `bedömning:` helt, delvis eller ej, och skälen i .md-filen"
                )),
            );
        }
        for row in place.indicators {
            if f.is_unreadable(&place.place, &row.id) {
                continue;
            }
            let reported = f.indicator(&place.place, &row.id);
            match f.period.owes(row.periodicity) {
                Owed::Outcome if reported.and_then(|o| o.outcome.as_ref()).is_none() => {
                    diags.push(
                        Diagnostic::new(
                            Code::NotFollowedUp,
                            reported.map_or(at, |o| o.span),
                            format!(
                                "indikatorn `{}` under {where_} ({}) saknar utfall i {report}",
                                row.id,
                                row.periodicity.map_or("År", |p| p.name())
                            ),
                        )
                        .related(row.span, "indikatorns rad i planen")
                        .hint("lägg till `utfall:` för perioden"),
                    );
                }
                Owed::Forecast if reported.and_then(|o| o.forecast.as_ref()).is_none() => {
                    diags.push(
                        Diagnostic::new(
                            Code::ForecastMissing,
                            reported.map_or(at, |o| o.span),
                            format!(
                                "indikatorn `{}` under {where_} följs upp årsvis och saknar prognos för helåret i {report}",
                                row.id
                            ),
                        )
                        .related(row.span, "indikatorns rad i planen")
                        .hint("lägg till `prognos:` för helåret"),
                    );
                }
                _ => {}
            }
        }
        for a in &place.activities {
            if f.activity(&place.place, activity_key(a)).is_none()
                && !f.is_unreadable(&place.place, activity_key(a))
            {
                diags.push(
                    Diagnostic::new(
                        Code::NotFollowedUp,
                        at,
                        format!(
                            "aktiviteten `{}` under {where_} saknar status i {report}",
                            short(activity_key(a))
                        ),
                    )
                    .related(a.span, "aktiviteten i planen")
                    .hint("lägg till `- aktivitet: …` med `status:` under målet"),
                );
            }
        }
    }
}

/// The nämndmål under which a unit carries the nämnd's activity `key`, when
/// the unit reports it under one of its enhetsmål instead.
fn carried_elsewhere(
    set: &PlanSet,
    plan: PlanId,
    place: &PlanPlace<'_>,
    key: &str,
) -> Option<String> {
    let (PlanId::Unit(_), FollowUpPlace::Goal(_)) = (plan, &place.place) else {
        return None;
    };
    set.follow_up_places(plan)
        .into_iter()
        .find_map(|p| match p.place {
            FollowUpPlace::CommitteeGoal(goal)
                if p.activities.iter().any(|a| activity_key(a) == key) =>
            {
                Some(goal)
            }
            _ => None,
        })
}

/// A long activity text shortened for a message.
fn short(text: &str) -> String {
    match text.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_owned(),
    }
}

/// A number as a message writes it: decimal comma, no trailing zeros.
fn swedish(v: f64) -> String {
    let text = format!("{v:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    text.replace('.', ",")
}
