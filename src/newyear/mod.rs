//! `vp new-year`: last year's plans as the first draft of next year's, pure.
//!
//! Each nämnd plan and unit plan of the year `from` is read again as the file
//! format (`load::raw`), changed as a new year needs, and serialized back
//! through the same types, so what is written is what the loader reads:
//!
//! - the year, `fortsätter` on every goal (and on the unit) pointing at last year's;
//! - activities' dates moved to the new year where they lay inside the old one;
//! - every target carried, marked `ej_granskat: true` (VP090);
//! - every nämndmål re-linked to the new year's KF budget: by number where number
//!   and title agree, by `diff::matching` where the goal was renumbered or
//!   reworded, else marked `kf_mål_avgörs` (VP091) with last year's number kept;
//! - budget tables with their rows and no amounts (unless asked to keep them).
//!
//! The Markdown beside a plan is copied, its KF goal headings renumbered as the
//! goals were. A nämnd that starts and continues others gets one plan seeded
//! from all its predecessors' (`merger`). Nothing here touches the disk: the
//! result is files and a report.
//!
//! The parts: `kf` (where last year's KF goals go), `carry` (one plan's file
//! changed in place, and where its files go), `merger`, `report`.

use std::collections::HashSet;
use std::path::PathBuf;

use crate::load::raw;
use crate::model::{Date, PlanSet};
use crate::source::SourceMap;

mod carry;
mod kf;
mod merger;
mod report;

use carry::{Carry, file_name_year, moved_path, yaml_text};
use kf::{Kf, kf_side};
pub(crate) use kf::{Link, kf_goal_links};
pub use report::{Carried, JSON_VERSION, JsonReport, Relink, Report, SCHEMA_FILE, human};

/// What to carry.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub from: i32,
    pub to: i32,
    /// Only these nämnder (ids); empty: every nämnd with a plan `from`.
    pub committees: Vec<String>,
    /// Only these units' plans (ids), and no nämnd plan; empty: every plan.
    pub units: Vec<String>,
    /// Keep the budget tables' amounts instead of emptying them.
    pub keep_amounts: bool,
}

/// A file to write: its path (as the tree's paths are given) and its text.
#[derive(Debug, Clone)]
pub struct OutFile {
    pub path: PathBuf,
    pub text: String,
}

/// The run's files and report.
#[derive(Debug, Default)]
pub struct NewYear {
    pub files: Vec<OutFile>,
    pub report: Report,
}

/// Why a run cannot start.
#[derive(Debug)]
pub struct Error(pub String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl NewYear {
    /// A plan's file read again to be carried: its name in the report, where
    /// it goes in the new year, and its YAML; `None`, with a note, for a file
    /// outside a folder for the old year.
    fn reopen<F: serde::de::DeserializeOwned>(
        &mut self,
        source: &crate::source::SourceFile,
        (from, to): (i32, i32),
    ) -> Result<Option<(String, PathBuf, F)>, Error> {
        let shown = source.path.display().to_string();
        let Some(path) = moved_path(&source.path, from, to) else {
            self.report.notes.push(format!(
                "{shown}: ligger inte i en katalog för {from}, så platsen för {to} är okänd; hoppades över"
            ));
            return Ok(None);
        };
        let file = crate::load::read_yaml(&source.text)
            .map_err(|e| Error(format!("{shown} kan inte läsas igen: {e}")))?;
        Ok(Some((shown, path, file)))
    }

    /// One plan's new files: its YAML, and its Markdown moved beside it.
    fn push_plan(
        &mut self,
        shown: String,
        path: PathBuf,
        text: String,
        md: Option<(&crate::source::SourceFile, String)>,
        (from, to): (i32, i32),
    ) {
        self.report.plans.push(Carried {
            from: shown,
            to: path.display().to_string(),
        });
        self.files.push(OutFile { path, text });
        if let Some((md_source, md_text)) = md
            && let Some(md_path) = moved_path(&md_source.path, from, to)
        {
            self.files.push(OutFile {
                path: md_path,
                text: md_text,
            });
        }
    }
}

/// Last year's plans as next year's. An error only when there is nothing to carry.
pub fn new_year(set: &PlanSet, sources: &SourceMap, req: &Request) -> Result<NewYear, Error> {
    let (from, to) = (req.from, req.to);
    if to <= from {
        return Err(Error(format!(
            "TILL ({to}) måste vara ett senare år än FRÅN ({from})"
        )));
    }
    for c in &req.committees {
        if set.committee(c).is_none() {
            return Err(Error(format!(
                "nämnden `{c}` finns inte i organisation.yaml"
            )));
        }
    }
    let mut out = NewYear::default();
    out.report.from = from;
    out.report.to = to;
    let kf = kf_side(set, from, to);
    out.report.kf_budget = kf.links.is_some();
    let wanted = |c: &str| req.committees.is_empty() || req.committees.iter().any(|w| w == c);
    let first_day = Date::first_of_year(to);
    let has_plan = |c: &str| {
        set.committee_plan(c, from).is_some()
            || set
                .unit_plan_ids()
                .any(|(_, u)| u.committee == c && u.year == from)
    };
    let ends = |c: &str| {
        set.committee(c)
            .and_then(|c| c.until)
            .is_some_and(|until| until < first_day)
    };
    // A nämnd that starts and continues others gets a plan seeded from theirs.
    let seeds: Vec<merger::Seed> = set
        .committees
        .iter()
        .filter(|s| wanted(&s.id) && s.exists_in(to) && !has_plan(&s.id))
        .filter_map(|s| {
            let predecessors: Vec<&str> = s
                .continues
                .iter()
                .map(String::as_str)
                .filter(|p| ends(p) && has_plan(p))
                .collect();
            (!predecessors.is_empty()).then_some(merger::Seed {
                committee: s,
                predecessors,
            })
        })
        .collect();
    // Nämnder that end before the new year get no plan; their successors are told.
    let mut ended: HashSet<&str> = HashSet::new();
    for c in &set.committees {
        if !wanted(&c.id) || !ends(&c.id) || !has_plan(&c.id) {
            continue;
        }
        ended.insert(c.id.as_str());
        let until = c.until.map(|d| d.to_string()).unwrap_or_default();
        let mut note = format!(
            "{} upphörde {until}: ingen egen plan {to} skrivs för den eller dess enheter",
            c.name
        );
        for s in set
            .committees
            .iter()
            .filter(|s| s.continues.contains(&c.id))
        {
            if seeds.iter().any(|x| x.committee.id == s.id) {
                note.push_str(&format!(
                    "; dess planer sås in i planerna {to} för {} (`{}`)",
                    s.name, s.id
                ));
            } else if s.exists_in(to) && !has_plan(&s.id) && !wanted(&s.id) {
                note.push_str(&format!(
                    "; den fortsätts av {}: för fram den med --committee {}, så sås dess plan {to} ur föregångarnas",
                    s.id, s.id
                ));
            } else {
                note.push_str(&format!("; den fortsätts av {}", s.id));
            }
        }
        out.report.notes.push(note);
    }
    if !out.report.kf_budget {
        out.report.notes.push(format!(
            "KF-budgeten {to} finns inte i planträdet: nämndmålen behåller sina KF-mål från {from}; lägg till KF-budgeten {to} och kör igen med --force för att koppla om dem"
        ));
    }
    let carried = |c: &str| wanted(c) && !ended.contains(c);
    if req.units.is_empty() {
        for p in set
            .committee_plans
            .iter()
            .filter(|p| p.year == from && carried(&p.committee))
        {
            let source = sources.get(p.file);
            let Some((shown, path, mut file)) =
                out.reopen::<raw::CommitteePlanFile>(source, (from, to))?
            else {
                continue;
            };
            let mut carry = Carry::new(req, &kf, set, (&shown, source), &mut out.report);
            carry.committee_plan(&mut file);
            let text = yaml_text(&source.text, &file, from, to, true);
            let md = p
                .prose_file
                .map(|f| (sources.get(f), carry.markdown(&sources.get(f).text)));
            out.push_plan(shown, path, text, md, (from, to));
        }
    }
    for (_, u) in set.unit_plan_ids() {
        if u.year != from
            || !carried(&u.committee)
            || !(req.units.is_empty() || req.units.contains(&u.unit.id))
        {
            continue;
        }
        let source = sources.get(u.file);
        let Some((shown, path, mut file)) = out.reopen::<raw::UnitPlanFile>(source, (from, to))?
        else {
            continue;
        };
        if !req.units.is_empty() && set.committee_plan(&u.committee, to).is_none() {
            out.report.notes.push(format!(
                "{shown}: nämndplanen {to} för {} finns inte i planträdet, och enhetsplanen hänvisar till dess nämndmål; för fram den också (utan --unit)",
                u.committee
            ));
        }
        let mut carry = Carry::new(req, &kf, set, (&shown, source), &mut out.report);
        carry.unit_plan(&mut file, &u.committee);
        carry.other_committees(&mut file);
        let text = yaml_text(&source.text, &file, from, to, false);
        let md = u
            .prose_file
            .map(|f| (sources.get(f), carry.markdown(&sources.get(f).text)));
        out.push_plan(shown, path, text, md, (from, to));
    }
    for seed in &seeds {
        out.seed(set, sources, req, &kf, seed)?;
    }
    let mut paths = HashSet::new();
    if let Some(f) = out.files.iter().find(|f| !paths.insert(&f.path)) {
        return Err(Error(format!(
            "två planer skulle skrivas till `{}`; byt namn på den ena filen {from} och kör igen",
            f.path.display()
        )));
    }
    if out.files.is_empty() {
        let which = if req.committees.is_empty() {
            String::new()
        } else {
            format!(" för {}", req.committees.join(", "))
        };
        let mut msg = format!("det finns inga planer {from}{which} att föra till {to}");
        if !out.report.notes.is_empty() {
            msg.push_str(": ");
            msg.push_str(&out.report.notes.join("; "));
        }
        return Err(Error(msg));
    }
    Ok(out)
}
