//! Raw plans → the validated [`PlanSet`] and every finding. Never stops at the first.
//!
//! Order matters only for references: organisation, then KF years, then nämnd
//! plans (which refer to KF goals), then unit plans (which refer to nämndmål).
//! Each plan is added to the set's index as it is accepted, so every reference
//! resolves to a typed id; back-links and lineage are made once at the end (or,
//! after an edit of unit plans only, updated for those plans: `validate_cached`).

mod amounts;
mod committee;
mod convert;
pub mod economy;
pub mod folders;
mod followup;
mod indicators;
mod kf;
mod lineage;
mod officer_report;
mod organisation;
mod placement;
mod prose;
mod summary;
mod targets;
mod unit;

use crate::diag::{Code, Diagnostic, Diagnostics, did_you_mean};
use crate::load::raw::Text;
use crate::load::spanned::Sp;
pub use crate::load::values::is_id;
use crate::load::{RawContent, RawDoc};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::Arc;

use crate::source::FileId;

use crate::model::graph::{Index, IndexSizes};
use crate::model::{Committee, CommitteePlanId, PlanSet, UnitPlan, UnitPlanId};
use convert::Ctx;

/// Validates all documents of a run together.
pub fn validate(docs: Vec<RawDoc>) -> (PlanSet, Diagnostics) {
    let borrowed: Vec<(&RawDoc, bool)> = docs.iter().map(|d| (d, true)).collect();
    // Nothing kept: a run that validates once does not copy its unit plans.
    let mut once = Cache {
        keep: false,
        ..Cache::default()
    };
    let validated = validate_cached(&borrowed, &mut once);
    drop(borrowed);
    // The parsed documents are freed on a worker of the thread pool while the
    // caller goes on with the plan graph: freeing a city's documents took
    // about a fifth of the time `vp validate` spends on one thread only.
    rayon::spawn(move || drop(docs));
    validated
}

/// What a file upstream of the unit plans held when it was last validated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Upstream {
    Organisation,
    Kf,
    Committee,
}

/// What one validation keeps for the next, so that a tree checked again after
/// an edit ([`validate_cached`]) does not validate again the unit plans the
/// edit cannot have changed.
///
/// A unit plan's validation depends on its own document, the organisation,
/// KF's budgets and its nämnd's plans, never on other unit plans: after an edit
/// of one unit plan only that plan is validated again, after an edit of a
/// nämnd plan the unit plans of that nämnd (the nämnd it names before and
/// after the edit). The set's index is then updated for the unit plans
/// validated again, not built (`PlanSet::update_index`), when the tree's
/// unit plans stand in the same order and no other plan changed. What looks
/// across unit plans (duplicates, lineage, follow-ups, folders) runs whole
/// every time.
#[derive(Debug)]
pub struct Cache {
    /// Whether to keep the unit plans for the next validation.
    keep: bool,
    /// The YAML files of the organisation, KF years and nämnd plans last
    /// validated, each with what it was: a KF budget whose file now holds a
    /// nämnd plan is a change of KF, whatever the file's id.
    upstream: Vec<(FileId, Upstream)>,
    /// The nämnd plans accepted into the set, in order (their index is their id).
    accepted: Vec<FileId>,
    /// The nämnd each nämnd plan named.
    committee_of: FxHashMap<FileId, String>,
    /// Each unit plan validated last time, by its YAML file and its id, as it
    /// stood in the set at the end (weights resolved): shared with that set.
    units: FxHashMap<(FileId, UnitPlanId), KeptUnit>,
    /// Each nämnd plan's findings of its targets against its units' (VP101),
    /// by its YAML file and its id.
    targets: FxHashMap<(FileId, CommitteePlanId), Vec<Diagnostic>>,
    /// The sizes of the last set's index, reserved up front in the next.
    index_sizes: IndexSizes,
    /// The last set's index (shared with it) and its unit plans' files in
    /// order: a set with the same unit plans in the same order, where only
    /// unit plans changed, updates it for those plans instead of building it.
    index: Option<(Arc<Index>, Vec<FileId>)>,
}

/// A unit plan as the last validation left it: the plan, its own findings, and
/// the findings of the checks across plans about its indicator rows (weights,
/// placement, targets against KF's), which depend on nothing more than the
/// plan's own validation does.
#[derive(Debug)]
struct KeptUnit {
    plan: Arc<UnitPlan>,
    own: Diagnostics,
    rows: Vec<Diagnostic>,
}

impl Default for Cache {
    fn default() -> Self {
        Cache {
            keep: true,
            upstream: Vec::new(),
            accepted: Vec::new(),
            committee_of: FxHashMap::default(),
            units: FxHashMap::default(),
            targets: FxHashMap::default(),
            index_sizes: IndexSizes::default(),
            index: None,
        }
    }
}

/// [`validate`], on documents borrowed with whether each changed since the
/// last validation with `cache` (`true` for a document not seen before). A
/// document marked unchanged must be the same text at the same file ids as
/// then. The result equals `validate` of the same documents.
pub fn validate_cached(docs: &[(&RawDoc, bool)], cache: &mut Cache) -> (PlanSet, Diagnostics) {
    let mut diags = Diagnostics::default();
    let mut set = PlanSet::default();
    let mut kf = Vec::new();
    let mut committee_plans = Vec::new();
    let mut unit_plans = Vec::new();
    let mut follow_ups = Vec::new();
    let mut upstream = Vec::new();
    // Whether a change reaches every unit plan (organisation, KF), and the
    // nämnder whose plans changed.
    let mut all_changed = false;
    let mut touched: FxHashSet<String> = FxHashSet::default();
    let mut committee_of = FxHashMap::default();
    for &(doc, changed) in docs {
        let prose = doc.prose.as_ref();
        match &doc.content {
            RawContent::Organisation(org) => {
                upstream.push((doc.yaml, Upstream::Organisation));
                all_changed |= changed;
                organisation::organisation(&mut set, doc.yaml, org, &mut diags);
            }
            RawContent::KfBudget(f) => {
                upstream.push((doc.yaml, Upstream::Kf));
                all_changed |= changed;
                kf.push((doc.yaml, f));
            }
            RawContent::CommitteePlan(p) => {
                upstream.push((doc.yaml, Upstream::Committee));
                let committee = p.nämnd.trim().to_owned();
                if changed {
                    touched.insert(committee.clone());
                    touched.extend(cache.committee_of.get(&doc.yaml).cloned());
                }
                committee_of.insert(doc.yaml, committee);
                committee_plans.push((doc.yaml, prose, &**p));
            }
            RawContent::UnitPlan(p) => unit_plans.push((doc.yaml, prose, &**p, changed)),
            RawContent::FollowUp(f) => follow_ups.push((doc.yaml, prose, &**f)),
        }
    }
    organisation::check(&set, &mut diags);
    for (file, f) in kf {
        kf::kf_year(&mut set, file, f, &mut diags);
    }
    let mut accepted = Vec::new();
    for (file, prose, p) in committee_plans {
        if let Some(plan) = committee::committee_plan(&set, file, prose, p, &mut diags) {
            set.add_committee_plan(plan);
            accepted.push(file);
        }
    }
    // A unit plan validated last time stands if it did not change, nor did
    // what it was checked against: the organisation, KF, its nämnd's plans, and
    // the nämnd plans' ids (their places in the set).
    let mut kept = std::mem::take(&mut cache.units);
    let mut kept_targets = std::mem::take(&mut cache.targets);
    let mut last_index = cache.index.take();
    if all_changed || upstream != cache.upstream || accepted != cache.accepted {
        kept.clear();
        kept_targets.clear();
        last_index = None;
    }
    if !touched.is_empty() {
        last_index = None;
    }
    cache.upstream = upstream;
    cache.accepted = accepted;
    cache.committee_of = committee_of;
    // Unit plans depend only on nämnd plans and KF years, not on each other:
    // with duplicates left out first, each plan's id is known and the plans of a
    // city are validated in parallel, then added in file order.
    let duplicate = unit::duplicates(&unit_plans, &mut diags);
    let base = set.unit_plans.len();
    // The nämnder whose units' targets are to be rolled up again: those whose
    // plans changed, and those a unit plan served or serves that is not kept.
    let mut dirty = touched.clone();
    let mut mark = |plan: &UnitPlan| {
        dirty.insert(plan.committee.clone());
        dirty.extend(plan.unit.other_committees.iter().cloned());
    };
    // The unit plans validated again, with the plans they were last time:
    // for the index to be updated, not built.
    let mut replaced: Vec<(UnitPlanId, Arc<UnitPlan>)> = Vec::new();
    let mut unknown = false;
    let accepted: Vec<_> = unit_plans
        .into_iter()
        .zip(duplicate)
        .filter_map(|(plan, dup)| (!dup).then_some(plan))
        .enumerate()
        .map(|(i, (file, prose, p, changed))| {
            let id = UnitPlanId::new(base + i);
            let old = kept.remove(&(file, id));
            let reuse = !changed && !touched.contains(p.nämnd.trim());
            let old = match old {
                Some(k) if reuse => Some(k),
                Some(k) => {
                    mark(&k.plan);
                    replaced.push((id, k.plan));
                    None
                }
                None => {
                    unknown = true;
                    None
                }
            };
            (id, file, prose, p, old)
        })
        .collect();
    for k in kept.values() {
        mark(&k.plan);
    }
    drop(kept);
    let validated: Vec<(Arc<UnitPlan>, Diagnostics, Option<Vec<Diagnostic>>)> = accepted
        .into_par_iter()
        .map(|(id, file, prose, p, old)| match old {
            Some(k) => (k.plan, k.own, Some(k.rows)),
            None => {
                let mut d = Diagnostics::default();
                let plan = unit::unit_plan(&set, id, file, prose, p, &mut d);
                (Arc::new(plan), d, None)
            }
        })
        .collect();
    // The unit plans' own findings, kept for the next validation, and the
    // findings about the rows of those kept from the last.
    let mut unit_diags = Vec::new();
    let mut rows_kept: Vec<Option<Vec<Diagnostic>>> = Vec::new();
    let unit_files: Vec<FileId> = validated.iter().map(|(p, _, _)| p.file).collect();
    let last_index = last_index.filter(|(_, files)| {
        !unknown
            && *files == unit_files
            && replaced
                .iter()
                .all(|(u, old)| PlanSet::same_place(old, &validated[u.index() - base].0))
    });
    if last_index.is_none() {
        set.reserve_index(cache.index_sizes);
    }
    for (plan, d, rows) in validated {
        if rows.is_none() {
            mark(&plan);
        }
        if cache.keep {
            unit_diags.push(d.clone());
        }
        rows_kept.push(rows);
        diags.extend(d);
        if last_index.is_some() {
            set.push_unit_plan(plan);
        } else {
            set.add_unit_plan(plan);
        }
    }
    match last_index {
        Some((index, _)) => set.update_index(index, &replaced),
        None => set.finish_index(),
    }
    drop(replaced);
    lineage::check(&set, &mut diags);
    // The checks of indicator rows across plans, for every row but those of
    // the unit plans kept, whose findings are kept with them.
    let fresh_rows: Vec<bool> = rows_kept.iter().map(Option::is_none).collect();
    let check = |u: UnitPlanId| {
        u.index()
            .checked_sub(base)
            .is_none_or(|i| fresh_rows.get(i).copied().unwrap_or(true))
    };
    let mut rows = Diagnostics::default();
    indicators::resolve_weights(&mut set, &check, &mut rows);
    targets::less_than_kf(&set, &check, &mut rows);
    placement::check(&set, &check, &mut rows);
    // Each finding about a row of a unit plan validated now goes with that
    // plan (its span lies in the plan's file); the rest (KF's and the nämnd
    // plans' rows) stand on their own.
    let fresh: FxHashMap<FileId, usize> = set.unit_plans[base..]
        .iter()
        .enumerate()
        .filter(|&(i, _)| rows_kept[i].is_none())
        .map(|(i, p)| (p.file, i))
        .collect();
    let mut rows_of: Vec<Vec<Diagnostic>> = rows_kept
        .into_iter()
        .map(Option::unwrap_or_default)
        .collect();
    for d in rows.0 {
        match fresh.get(&d.span.file) {
            Some(&i) => rows_of[i].push(d),
            None => diags.push(d),
        }
    }
    for r in &rows_of {
        diags.0.extend(r.iter().cloned());
    }
    let committee_files: Vec<(FileId, CommitteePlanId)> = set
        .committee_plan_ids()
        .map(|(id, p)| (p.file, id))
        .collect();
    let found = targets::committee_targets(&set, &|cp| {
        let plan = &set[cp];
        if dirty.contains(&plan.committee) {
            return None;
        }
        kept_targets.get(&(plan.file, cp)).cloned()
    });
    drop(kept_targets);
    for d in &found {
        diags.0.extend(d.iter().cloned());
    }
    followup::follow_ups(&mut set, follow_ups, &mut diags);
    if !cache.keep {
        return (set, diags);
    }
    cache.targets = committee_files.into_iter().zip(found).collect();
    cache.index_sizes = set.index_sizes();
    cache.index = Some((set.shared_index(), unit_files));
    // Kept as they stand now, weights resolved: shared with the set, not
    // copied. A plan kept next time keeps its weights, which `resolve_weights`
    // then finds right and leaves unwritten (a write would copy the plan).
    cache.units = set.unit_plans[base..]
        .iter()
        .zip(unit_diags)
        .zip(rows_of)
        .enumerate()
        .map(|(i, ((plan, own), rows))| {
            (
                (plan.file, UnitPlanId::new(base + i)),
                KeptUnit {
                    plan: Arc::clone(plan),
                    own,
                    rows,
                },
            )
        })
        .collect();
    (set, diags)
}

fn year_of(cx: &mut Ctx, year: &Sp<i64>) -> i32 {
    let y = year.value;
    if !crate::load::values::YEARS.contains(&y) {
        cx.push(crate::load::values::unreasonable_year(
            year.span(cx.file),
            &y.to_string(),
        ));
    }
    y.clamp(1900, 2200) as i32
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
                    (_, Some(u)) if u.year < year => match successors_text(set, &c.id) {
                        Some(next) => format!("nämnden upphörde {u} och fortsätter som {next}; skriv `nämnd:` med den nämndens id"),
                        None => format!("nämnden upphörde {u}; ingen nämnd i organisation.yaml säger att den fortsätter den (`fortsätter: [{id}]`)"),
                    },
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

/// The nämnder that continue `committee` (`fortsätter` in organisation.yaml).
pub(crate) fn successors_of<'s>(set: &'s PlanSet, committee: &str) -> Vec<&'s Committee> {
    set.committees
        .iter()
        .filter(|c| c.continues.iter().any(|p| p == committee))
        .collect()
}

/// "`hagersten-alvsjo` (Hägersten-Älvsjö stadsdelsnämnd, från 2020-07-01)" for each
/// nämnd continuing `committee`, joined with "eller"; `None` if none does.
pub(crate) fn successors_text(set: &PlanSet, committee: &str) -> Option<String> {
    let next: Vec<String> = successors_of(set, committee)
        .iter()
        .map(|c| match c.from {
            Some(f) => format!("`{}` ({}, från {f})", c.id, c.name),
            None => format!("`{}` ({})", c.id, c.name),
        })
        .collect();
    (!next.is_empty()).then(|| next.join(" eller "))
}
