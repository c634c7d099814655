//! Raw plans → the validated [`PlanSet`] and every finding. Never stops at the first.
//!
//! Order matters only for references: organisation, then KF years, then nämnd
//! plans (which refer to KF goals), then unit plans (which refer to nämndmål).

mod convert;
pub mod economy;
mod prose;

use std::collections::HashMap;

use crate::diag::{Code, Diagnostic, Diagnostics, did_you_mean};
use crate::load::raw::{self, Text};
use crate::load::{RawContent, RawDoc};
use crate::model::*;
use crate::source::{FileId, Span};
pub use convert::is_id;
use convert::{Ctx, check_id, check_unique, check_unique_numbers};

/// Validates all documents of a run together.
pub fn validate(docs: Vec<RawDoc>) -> (PlanSet, Diagnostics) {
    let mut diags = Diagnostics::default();
    let mut set = PlanSet::default();
    let mut kf = Vec::new();
    let mut committee_plans = Vec::new();
    let mut unit_plans = Vec::new();
    for doc in docs {
        match doc.content {
            RawContent::Organisation(org) => organisation(&mut set, doc.yaml, &org, &mut diags),
            RawContent::KfBudget(f) => kf.push((doc.yaml, f)),
            RawContent::CommitteePlan(p) => committee_plans.push((doc.yaml, doc.prose, p)),
            RawContent::UnitPlan(p) => unit_plans.push((doc.yaml, doc.prose, p)),
        }
    }
    check_unique(
        &mut diags,
        "nämnden",
        set.committees.iter().map(|c| (c.id.as_str(), c.span)),
    );
    for c in &set.committees {
        for pred in &c.continues {
            if set.committee(pred).is_none() {
                diags.push(
                    Diagnostic::new(
                        Code::UnknownCommittee,
                        c.span,
                        format!("nämnden `{}` fortsätter `{pred}`, som inte finns", c.id),
                    )
                    .hint_opt(did_you_mean(
                        pred,
                        set.committees.iter().map(|c| c.id.as_str()),
                    )),
                );
            }
        }
    }
    for (file, f) in kf {
        kf_year(&mut set, file, &f, &mut diags);
    }
    for (file, prose, p) in committee_plans {
        let plan = committee_plan(&set, file, prose, &p, &mut diags);
        if let Some(plan) = plan {
            set.committee_plans.push(plan);
        }
    }
    for (file, prose, p) in unit_plans {
        if let Some(plan) = unit_plan(&set, file, prose, &p, &mut diags) {
            set.unit_plans.push(plan);
        }
    }
    continuity(&set, &mut diags);
    weights(&set, &mut diags);
    (set, diags)
}

/// The indicators among `inds` that `level` defines itself.
fn own<'a>(inds: impl Iterator<Item = &'a Indicator>, level: Level) -> Vec<&'a Indicator> {
    inds.filter(|i| i.defined_by == level).collect()
}

/// A weighted mean names its weight: an indicator visible from where it is defined.
fn weights(set: &PlanSet, diags: &mut Diagnostics) {
    let mut check = |defs: Vec<&Indicator>, visible: &[&Indicator]| {
        for i in defs {
            let Some(w) = &i.weight else { continue };
            if !visible.iter().any(|v| &v.id == w) {
                diags.push(
                    Diagnostic::new(
                        Code::UnknownIndicator,
                        i.span,
                        format!("indikatorn `{}` viktas med `{w}`, som inte är en indikator det här året", i.id),
                    )
                    .hint_opt(did_you_mean(w, visible.iter().map(|v| v.id.as_str())))
                    .hint("vikten är en annan indikator, t.ex. antal barn, som enheterna också rapporterar"),
                );
            }
        }
    };
    let kf_defs = |year: i32| -> Vec<&Indicator> {
        set.kf_years
            .get(&year)
            .into_iter()
            .flat_map(|k| k.goals().flat_map(|g| g.indicators.iter()))
            .collect()
    };
    for kf in set.kf_years.values() {
        let defs = kf_defs(kf.year);
        check(defs.clone(), &defs);
    }
    for plan in &set.committee_plans {
        let mine = own(
            plan.goals.iter().flat_map(|g| g.indicators.iter()),
            Level::Committee,
        );
        let mut visible = kf_defs(plan.year);
        visible.extend(mine.iter().copied());
        check(mine, &visible);
    }
    for plan in &set.unit_plans {
        let mine = own(
            plan.goals
                .iter()
                .flat_map(|g| g.unit_goals.iter().flat_map(|u| u.indicators.iter())),
            Level::Unit,
        );
        let mut visible = kf_defs(plan.year);
        if let Some(c) = set.committee_plan(&plan.committee, plan.year) {
            visible.extend(own(
                c.goals.iter().flat_map(|g| g.indicators.iter()),
                Level::Committee,
            ));
        }
        visible.extend(mine.iter().copied());
        check(mine, &visible);
    }
}

fn organisation(
    set: &mut PlanSet,
    file: FileId,
    org: &raw::OrganisationFile,
    diags: &mut Diagnostics,
) {
    let mut cx = Ctx { file, diags };
    for c in &org.nämnder {
        let from = cx.opt_date(&c.från, "från");
        let until = cx.opt_date(&c.till, "till");
        if let (Some(f), Some(u)) = (from, until)
            && f > u
            && let Some(t) = &c.till
        {
            cx.push(Diagnostic::new(
                Code::StartAfterEnd,
                cx.span(t),
                format!(
                    "nämnden `{}` upphör ({u}) innan den börjar ({f})",
                    c.id.value
                ),
            ));
        }
        set.committees.push(Committee {
            id: c.id.trim().to_owned(),
            name: c.namn.trim().to_owned(),
            administration: c.förvaltning.as_ref().map(|f| f.trim().to_owned()),
            from,
            until,
            continues: c.fortsätter.iter().map(|p| p.trim().to_owned()).collect(),
            span: cx.span(&c.id),
        });
    }
}

fn year_of(cx: &mut Ctx, year: &crate::load::spanned::Sp<i64>) -> i32 {
    let y = year.value;
    if !(1900..=2200).contains(&y) {
        cx.push(
            Diagnostic::new(
                Code::UnreasonableYear,
                year.span(cx.file),
                format!("`{y}` är inget rimligt år"),
            )
            .hint("skriv året med fyra siffror, t.ex. `år: 2020`"),
        );
    }
    y.clamp(1900, 2200) as i32
}

fn kf_year(set: &mut PlanSet, file: FileId, f: &raw::KfBudgetFile, diags: &mut Diagnostics) {
    let mut cx = Ctx { file, diags };
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
                .filter_map(|row| cx.indicator(row, Level::Kf, &no_defs, &Vec::new))
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
                continues: g.fortsätter.as_ref().map(normalize_goal_number),
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
    check_unique_numbers(
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
    check_unique(
        cx.diags,
        "aktiviteten",
        kf.goals()
            .flat_map(|g| g.activities.iter())
            .filter_map(|a| Some((a.id.as_deref()?, a.span))),
    );
    set.kf_years.insert(year, kf);
}

/// `2.5.` and `2.5` are the same goal; the seeds write both.
fn normalize_goal_number(t: &Text) -> String {
    t.trim().trim_end_matches('.').to_owned()
}

/// The nämnd named by `t`, or a finding if it does not exist in `year`.
fn committee_ref<'s>(set: &'s PlanSet, cx: &mut Ctx, t: &Text, year: i32) -> Option<&'s Committee> {
    let id = t.trim();
    match set.committee(id) {
        Some(c) if c.exists_in(year) => Some(c),
        Some(c) => {
            cx.push(
                Diagnostic::new(
                    Code::UnknownCommittee,
                    cx.span(t),
                    format!("nämnden `{id}` finns inte {year}"),
                )
                .hint(match (c.from, c.until) {
                    (_, Some(u)) if u.year < year => format!("nämnden upphörde {u}; se vilken nämnd som fortsätter den i organisation.yaml"),
                    (Some(f), _) => format!("nämnden finns från {f}"),
                    _ => "kontrollera `från` och `till` i organisation.yaml".to_owned(),
                }),
            );
            None
        }
        None => {
            cx.push(
                Diagnostic::new(
                    Code::UnknownCommittee,
                    cx.span(t),
                    format!("nämnden `{id}` finns inte"),
                )
                .hint_opt(did_you_mean(
                    id,
                    set.committees.iter().map(|c| c.id.as_str()),
                ))
                .hint("nämnderna listas i organisation.yaml"),
            );
            None
        }
    }
}

fn committee_plan(
    set: &PlanSet,
    file: FileId,
    prose: Option<crate::load::ProseDoc>,
    p: &raw::CommitteePlanFile,
    diags: &mut Diagnostics,
) -> Option<CommitteePlan> {
    let mut cx = Ctx { file, diags };
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
            .related(Span::file_start(existing.file), "den första planen")
            .hint("en nämnd har en plan per år"),
        );
        return None;
    }
    let kf = set.kf_years.get(&year);
    if kf.is_none() {
        cx.push(
            Diagnostic::new(
                Code::MissingPlan,
                p.år.span(file),
                format!(
                    "KF-budgeten för {year} saknas, så nämndmålens KF-mål kan inte kontrolleras"
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
        .map(|g| kf_goal_targets(&mut cx, kf, year, g, Level::Committee, &kf_lookup, &kf_ids))
        .collect();
    // The nämnd's own indicators may be referred to from its goals and units.
    let mut goals = Vec::new();
    for g in &p.nämndmål {
        kf_goal_ref(&mut cx, kf, &g.kf_mål, year);
        let indicators = g
            .indikatorer
            .iter()
            .filter_map(|row| cx.indicator(row, Level::Committee, &kf_lookup, &kf_ids))
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
            continues: g.fortsätter.as_ref().map(|c| c.trim().to_owned()),
            indicators,
            activities,
            span: cx.span(&g.id),
        });
    }
    check_unique(
        cx.diags,
        "nämndmålet",
        goals.iter().map(|g| (g.id.as_str(), g.span)),
    );
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
    let economy = economy::tables(&mut cx, &p.ekonomi);
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
        file,
        prose,
        registry_number: p.diarienummer.as_ref().map(|d| d.trim().to_owned()),
        date,
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
    prose::committee_plan(&mut cx, &plan, kf);
    Some(plan)
}

/// A plan's part under one KF goal: its targets for KF:s indicators and the KF activities it got.
fn kf_goal_targets(
    cx: &mut Ctx,
    kf: Option<&KfYear>,
    year: i32,
    g: &raw::CommitteeKfGoal,
    level: Level,
    lookup: &dyn Fn(&str) -> Option<Indicator>,
    ids: &dyn Fn() -> Vec<String>,
) -> CommitteeKfGoal {
    kf_goal_ref(cx, kf, &g.mål, year);
    let indicators = g
        .indikatorer
        .iter()
        .filter_map(|row| cx.indicator(row, level, lookup, ids))
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
        indicators,
        activities,
        span: cx.span(&g.mål),
    }
}

fn kf_goal_ref(cx: &mut Ctx, kf: Option<&KfYear>, t: &Text, year: i32) {
    let Some(kf) = kf else { return };
    let number = normalize_goal_number(t);
    if kf.goal(&number).is_none() {
        cx.push(
            Diagnostic::new(
                Code::UnknownKfGoal,
                cx.span(t),
                format!("KF:s mål för verksamhetsområdet `{number}` finns inte i budgeten {year}"),
            )
            .hint_opt(did_you_mean(&number, kf.goals().map(|g| g.number.as_str())))
            .hint(format!(
                "målen {year} är: {}",
                kf.goals()
                    .map(|g| g.number.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        );
    }
}

fn unit_plan(
    set: &PlanSet,
    file: FileId,
    prose: Option<crate::load::ProseDoc>,
    p: &raw::UnitPlanFile,
    diags: &mut Diagnostics,
) -> Option<UnitPlan> {
    let mut cx = Ctx { file, diags };
    let year = year_of(&mut cx, &p.år);
    let committee = committee_ref(set, &mut cx, &p.nämnd, year);
    for other in &p.enhet.fler_nämnder {
        committee_ref(set, &mut cx, other, year);
    }
    let unit_id = p.enhet.id.trim().to_owned();
    check_id(cx.diags, "enheten", &unit_id, cx.span(&p.enhet.id));
    let committee_id = p.nämnd.trim().to_owned();
    if let Some(existing) = set
        .unit_plans_of(&committee_id, year)
        .find(|u| u.unit.id == unit_id)
    {
        cx.push(
            Diagnostic::new(
                Code::DuplicatePlan,
                cx.span(&p.enhet.id),
                format!(
                    "det finns redan en plan för enheten `{unit_id}` i `{committee_id}` {year}"
                ),
            )
            .related(Span::file_start(existing.file), "den första planen")
            .hint("en enhet har en plan per år; ge olika enheter olika id"),
        );
        return None;
    }
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
    let adopted = cx.opt_date(&p.fastställd, "fastställd");
    let kf = set.kf_years.get(&year);
    let cplan = committee.and_then(|c| set.committee_plan(&c.id, year));
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
        .map(|g| kf_goal_targets(&mut cx, kf, year, g, Level::Unit, &lookup, &ids))
        .collect();
    let mut goals = Vec::new();
    for g in &p.nämndmål {
        let cg_id = g.nämndmål.trim();
        if let Some(cplan) = cplan
            && cplan.goal(cg_id).is_none()
        {
            cx.push(
                Diagnostic::new(
                    Code::UnknownCommitteeGoal,
                    cx.span(&g.nämndmål),
                    format!(
                        "nämndmålet `{cg_id}` finns inte i nämndplanen för `{}` {year}",
                        cplan.committee
                    ),
                )
                .hint_opt(did_you_mean(
                    cg_id,
                    cplan.goals.iter().map(|g| g.id.as_str()),
                ))
                .hint("enhetsplanen hänvisar till nämndmål med deras id i nämndplanen"),
            );
        }
        if let (Some(ids), Some(cgoal)) = (&g.aktiviteter, cplan.and_then(|c| c.goal(cg_id))) {
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
                .filter_map(|row| cx.indicator(row, Level::Unit, &lookup, &ids))
                .collect();
            let activities = u
                .aktiviteter
                .iter()
                .filter_map(|a| cx.activity(a, period, period_name))
                .collect();
            unit_goals.push(UnitGoal {
                id: u.id.trim().to_owned(),
                title: u.titel.trim().to_owned(),
                continues: u.fortsätter.as_ref().map(|c| c.trim().to_owned()),
                indicators,
                activities,
                span: cx.span(&u.id),
            });
        }
        goals.push(UnitCommitteeGoal {
            committee_goal: cg_id.to_owned(),
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
        unit: Unit {
            id: unit_id,
            name: p.enhet.namn.trim().to_owned(),
            department: p.enhet.avdelning.as_ref().map(|a| a.trim().to_owned()),
            continues: p.enhet.fortsätter.as_ref().map(|c| c.trim().to_owned()),
            other_committees: p
                .enhet
                .fler_nämnder
                .iter()
                .map(|c| c.trim().to_owned())
                .collect(),
        },
        year,
        period,
        adopted,
        file,
        prose,
        kf_goals,
        goals,
        economy: economy::tables(&mut cx, &p.ekonomi),
    };
    prose::unit_plan(&mut cx, &plan, kf);
    Some(plan)
}

/// `fortsätter` on goals and units: the earlier goal or unit should exist, if
/// that year is in the tree at all. Missing history is normal; a wrong id is not.
fn continuity(set: &PlanSet, diags: &mut Diagnostics) {
    for kf in set.kf_years.values() {
        let earlier: Vec<&KfYear> = set.kf_years.range(..kf.year).map(|(_, k)| k).collect();
        if earlier.is_empty() {
            continue;
        }
        for g in kf.goals() {
            if let Some(prev) = &g.continues
                && !earlier.iter().any(|k| k.goal(prev).is_some())
            {
                diags.push(
                    Diagnostic::new(
                        Code::UnknownPredecessor,
                        g.span,
                        format!("KF-målet {} fortsätter {prev}, som inte finns i någon tidigare KF-budget", g.number),
                    )
                    .hint_opt(did_you_mean(prev, earlier.iter().flat_map(|k| k.goals().map(|g| g.number.as_str())))),
                );
            }
        }
    }
    let predecessors = |committee: &str| -> Vec<String> {
        let mut out = vec![committee.to_owned()];
        let mut i = 0;
        while i < out.len() {
            if let Some(c) = set.committee(&out[i]) {
                for p in &c.continues {
                    if !out.contains(p) {
                        out.push(p.clone());
                    }
                }
            }
            i += 1;
        }
        out
    };
    for plan in &set.committee_plans {
        let lineage = predecessors(&plan.committee);
        let earlier: Vec<&CommitteePlan> = set
            .committee_plans
            .iter()
            .filter(|p| p.year < plan.year && lineage.contains(&p.committee))
            .collect();
        if earlier.is_empty() {
            continue;
        }
        for g in &plan.goals {
            if let Some(prev) = &g.continues
                && !earlier.iter().any(|p| p.goal(prev).is_some())
            {
                diags.push(
                    Diagnostic::new(
                        Code::UnknownPredecessor,
                        g.span,
                        format!("nämndmålet `{}` fortsätter `{prev}`, som inte finns i någon tidigare nämndplan", g.id),
                    )
                    .hint_opt(did_you_mean(prev, earlier.iter().flat_map(|p| p.goals.iter().map(|g| g.id.as_str())))),
                );
            }
        }
    }
    for plan in &set.unit_plans {
        let Some(prev) = &plan.unit.continues else {
            continue;
        };
        let Some((c, u)) = prev.split_once('/') else {
            diags.push(
                Diagnostic::new(
                    Code::UnknownPredecessor,
                    Span::file_start(plan.file),
                    format!("`fortsätter: {prev}` ska skrivas som `nämnd/enhet`"),
                )
                .hint("t.ex. `fortsätter: hagersten-liljeholmen/resursenheten`"),
            );
            continue;
        };
        let earlier: Vec<&UnitPlan> = set
            .unit_plans
            .iter()
            .filter(|p| p.year < plan.year && p.committee == c && p.unit.id == u)
            .collect();
        if set.committee(c).is_none() {
            diags.push(
                Diagnostic::new(
                    Code::UnknownPredecessor,
                    Span::file_start(plan.file),
                    format!("enheten fortsätter `{prev}`, men nämnden `{c}` finns inte"),
                )
                .hint_opt(did_you_mean(
                    c,
                    set.committees.iter().map(|c| c.id.as_str()),
                )),
            );
            continue;
        }
        for g in plan.goals.iter().flat_map(|g| g.unit_goals.iter()) {
            if let Some(prev_goal) = &g.continues
                && !earlier.is_empty()
                && !earlier.iter().any(|p| {
                    p.goals
                        .iter()
                        .flat_map(|x| x.unit_goals.iter())
                        .any(|x| &x.id == prev_goal)
                })
            {
                diags.push(Diagnostic::new(
                    Code::UnknownPredecessor,
                    g.span,
                    format!("enhetsmålet `{}` fortsätter `{prev_goal}`, som inte finns i enhetens tidigare planer", g.id),
                ));
            }
        }
    }
}
