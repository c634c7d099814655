//! `vp render`: the plan graph → finished documents. Pure: a [`Document`] is
//! built from the project ([`compose`]), then written as HTML ([`html`]) or as the
//! JSON a typst template reads ([`typst`]). Running typst is the CLI's business.

pub mod chart;
pub mod compose;
pub mod document;
pub mod followup;
pub mod html;
pub mod markdown;
pub mod typography;
pub mod typst;

pub use document::Document;

use crate::model::value::Date;
use crate::model::{FollowUpPeriod, PlanId, PlanSet};
use crate::source::{FileId, SourceMap};

/// A plan to render, and the file name its outputs get (without extension).
#[derive(Clone, Debug)]
pub struct Job {
    pub plan: PlanId,
    /// `hagersten-liljeholmen-2019`, `hagersten-liljeholmen-resursenheten-2020`.
    pub stem: String,
    /// For a follow-up's document: its index in [`PlanSet::follow_ups`].
    pub follow_up: Option<usize>,
}

/// Which plans to render.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub committee: Option<String>,
    pub unit: Option<String>,
    pub year: Option<i32>,
}

/// The plans matching `filter`, nämnd plans first, each in file order.
pub fn jobs(set: &PlanSet, filter: &Filter) -> Vec<Job> {
    let year_ok = |y: i32| filter.year.is_none_or(|f| f == y);
    let mut out = Vec::new();
    if filter.unit.is_none() {
        for (id, p) in set.committee_plan_ids() {
            if year_ok(p.year) && filter.committee.as_ref().is_none_or(|c| c == &p.committee) {
                out.push(Job {
                    plan: PlanId::Committee(id),
                    stem: format!("{}-{}", p.committee, p.year),
                    follow_up: None,
                });
            }
        }
    }
    for (id, p) in set.unit_plan_ids() {
        let committee_ok = filter
            .committee
            .as_ref()
            .is_none_or(|c| c == &p.committee || p.unit.other_committees.contains(c));
        if year_ok(p.year) && committee_ok && filter.unit.as_ref().is_none_or(|u| u == &p.unit.id) {
            out.push(Job {
                plan: PlanId::Unit(id),
                stem: format!("{}-{}-{}", p.committee, p.unit.id, p.year),
                follow_up: None,
            });
        }
    }
    out
}

/// What a plan says of itself for its PDF's creation date, so that the same
/// plan gives the same PDF: its files (for the date of the last commit that
/// touched them), the date it names (the tjänsteutlåtande's `datum`), and its
/// year for a plan that names no date and has no commit.
#[derive(Clone, Debug)]
pub struct PlanDating {
    pub files: Vec<FileId>,
    pub date: Option<Date>,
    pub year: i32,
}

/// [`PlanDating`] for one plan.
pub fn dating(set: &PlanSet, plan: PlanId) -> PlanDating {
    match plan {
        PlanId::Committee(id) => {
            let p = &set[id];
            PlanDating {
                files: std::iter::once(p.file).chain(p.prose_file).collect(),
                date: p.date,
                year: p.year,
            }
        }
        PlanId::Unit(id) => {
            let p = &set[id];
            PlanDating {
                files: std::iter::once(p.file).chain(p.prose_file).collect(),
                date: None,
                year: p.year,
            }
        }
    }
}

/// The document for one plan.
pub fn document(set: &PlanSet, sources: &SourceMap, plan: PlanId) -> Document {
    match plan {
        PlanId::Committee(id) => compose::committee_document(set, sources, id),
        PlanId::Unit(id) => compose::unit_document(set, id),
    }
}

/// The follow-ups for `period` of the plans matching `filter`, as the plans' jobs
/// are ordered; their stems end in the period (`…-2020-t1`).
pub fn follow_up_jobs(set: &PlanSet, filter: &Filter, period: FollowUpPeriod) -> Vec<Job> {
    jobs(set, filter)
        .into_iter()
        .filter_map(|j| {
            let i = set
                .follow_ups
                .iter()
                .position(|f| f.plan == j.plan && f.period == period)?;
            Some(Job {
                plan: j.plan,
                stem: followup::stem(set, &set.follow_ups[i]),
                follow_up: Some(i),
            })
        })
        .collect()
}

/// The document a job renders: its plan, or its follow-up.
pub fn job_document(set: &PlanSet, sources: &SourceMap, job: &Job) -> Document {
    match job.follow_up.and_then(|i| set.follow_ups.get(i)) {
        Some(f) => followup::document(set, f),
        None => document(set, sources, job.plan),
    }
}
