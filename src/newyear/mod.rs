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
//! goals were. Nothing here touches the disk: the result is files and a report.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use schemars::JsonSchema;
use serde::Serialize;

use crate::diff::matching::{self, Item, Reason};
use crate::load::raw;
use crate::load::spanned::Sp;
use crate::model::{Date, PlanSet};
use crate::source::{FileId, Place, SourceFile, SourceMap};

mod merger;

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

/// How a nämndmål found its KF goal in the new year.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Relink {
    /// Where the nämndmål stood in last year's plan (its id).
    pub location: Place,
    /// The nämndmål's id.
    pub goal: String,
    /// The KF goal's number last year.
    pub from: String,
    /// The number in the new year's budget; none when it needs a decision.
    pub to: Option<String>,
    /// `samma`, `fortsätter` (declared in the KF budget), `liknande` (the matcher), `avgörs`.
    #[schemars(with = "RelinkHow")]
    pub how: &'static str,
    /// Similarity of the KF goals' titles, 0–1, when the matcher paired them.
    pub score: Option<f64>,
}

/// How a nämndmål's KF goal was found: the values of [`Relink::how`].
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)] // Only its schema is used.
enum RelinkHow {
    Samma,
    Fortsätter,
    Liknande,
    Avgörs,
}

/// A plan carried: last year's file and the new one, as the tree's paths are given.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Carried {
    pub from: String,
    pub to: String,
}

/// What a run did and did not do, in Swedish where a reader sees it.
#[derive(Debug, Default, Serialize, JsonSchema)]
pub struct Report {
    pub from: i32,
    pub to: i32,
    /// The plans carried (a merged nämnd's plan once per predecessor's).
    pub plans: Vec<Carried>,
    pub relinks: Vec<Relink>,
    /// Whether the new year's KF budget is in the tree.
    pub kf_budget: bool,
    /// Targets marked `ej_granskat`.
    pub unreviewed: usize,
    /// Activities moved to the new year.
    pub activities_moved: usize,
    /// Things the author should know: kept activities, dropped references,
    /// nämnder that ended, what was not done.
    pub notes: Vec<String>,
}

impl Report {
    /// Nämndmål that need a decision on their KF goal.
    pub fn undecided(&self) -> usize {
        self.relinks.iter().filter(|r| r.to.is_none()).count()
    }
}

/// `vp new-year --format json`: the report, and the files with whether they were
/// written (`schemas/new-year.schema.json`).
#[derive(Debug, Serialize, JsonSchema)]
pub struct JsonReport<'a> {
    /// The format's version (docs/json.md).
    pub version: u32,
    pub report: &'a Report,
    /// Nämndmål that need a decision on their KF goal (VP091).
    pub undecided: usize,
    /// The files of the run, as the tree's paths are given.
    pub files: Vec<String>,
    /// Whether they were written (not with `--dry-run`, nor when some existed).
    pub written: bool,
    /// Files that existed already, so that none was written (without `--force`).
    pub existing: Vec<String>,
}

/// The version of [`JsonReport`].
pub const JSON_VERSION: u32 = 1;

/// Where `vp schema` writes [`JsonReport`]'s schema.
pub const SCHEMA_FILE: &str = "new-year.schema.json";

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

/// Last year's KF goal number → where it goes in the new year.
pub(crate) enum Link {
    To {
        number: String,
        how: &'static str,
        score: Option<f64>,
    },
    Undecided(String),
}

/// The KF side of a run: how numbers map, and what the new budget holds.
struct Kf {
    /// `None`: the new year's budget is not in the tree, references stay.
    links: Option<HashMap<String, Link>>,
    /// Ids of last year's KF indicators, and the new year's indicators and activities.
    old_indicators: HashSet<String>,
    new_indicators: HashSet<String>,
    new_activities: HashSet<String>,
}

fn normalize(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches('.')
        .to_lowercase()
}

/// Where each of last year's KF goals goes in the new year's budget: the same
/// number where number and title agree; else the budget's own `fortsätter`, or
/// the goal `vp diff`'s matcher pairs it with (similar title, same
/// inriktningsmål); else undecided. `vp impact` asks the same of a changed budget.
pub(crate) fn kf_goal_links(
    old_goals: &[&crate::model::KfGoal],
    new_goals: &[&crate::model::KfGoal],
    from: i32,
    to: i32,
) -> HashMap<String, Link> {
    let mut links = HashMap::new();
    let mut taken = vec![false; new_goals.len()];
    let mut rest_old = Vec::new();
    for g in old_goals {
        match new_goals
            .iter()
            .position(|n| n.number == g.number && normalize(&n.title) == normalize(&g.title))
        {
            Some(k) if !taken[k] => {
                taken[k] = true;
                links.insert(
                    g.number.clone(),
                    Link::To {
                        number: g.number.clone(),
                        how: "samma",
                        score: None,
                    },
                );
            }
            _ => rest_old.push(*g),
        }
    }
    let rest_new: Vec<_> = new_goals
        .iter()
        .zip(&taken)
        .filter(|(_, t)| !**t)
        .map(|(g, _)| *g)
        .collect();
    /// What matching sees of a KF goal: its title, under its inriktningsmål.
    fn items<'g>(goals: &[&'g crate::model::KfGoal]) -> Vec<Item<'g>> {
        goals
            .iter()
            .map(|g| Item {
                id: None,
                bucket: g.number.split('.').next().and_then(|d| d.parse().ok()),
                title: &g.title,
                text: Vec::new(),
            })
            .collect()
    }
    let (old_items, new_items) = (items(&rest_old), items(&rest_new));
    // The new budget's own `fortsätter` is a declared link.
    let declared: Vec<(usize, usize)> = rest_new
        .iter()
        .enumerate()
        .filter_map(|(n, g)| {
            let prev = g.continues.as_ref()?;
            let o = rest_old.iter().position(|o| o.number == prev.text)?;
            Some((o, n))
        })
        .collect();
    let mut paired = vec![false; rest_old.len()];
    for p in matching::match_items(&old_items, &new_items, &declared) {
        paired[p.old] = true;
        let declared = p.info.reason == Reason::Declared;
        links.insert(
            rest_old[p.old].number.clone(),
            Link::To {
                number: rest_new[p.new].number.clone(),
                how: if declared { "fortsätter" } else { "liknande" },
                score: (!declared).then_some(p.info.score),
            },
        );
    }
    for (g, _) in rest_old.iter().zip(&paired).filter(|(_, p)| !**p) {
        links.insert(
            g.number.clone(),
            Link::Undecided(format!(
                "KF-mål {} ({from}, \"{}\") har ingen motsvarighet i KF-budgeten {to}",
                g.number, g.title
            )),
        );
    }
    links
}

fn kf_side(set: &PlanSet, from: i32, to: i32) -> Kf {
    let old = set.kf_years.get(&from);
    let new = set.kf_years.get(&to);
    let ids = |k: Option<&crate::model::KfYear>| -> (HashSet<String>, HashSet<String>) {
        let Some(k) = k else {
            return Default::default();
        };
        (
            k.goals()
                .flat_map(|g| g.indicators.iter().map(|i| i.id.clone()))
                .collect(),
            k.goals()
                .flat_map(|g| g.activities.iter().filter_map(|a| a.id.clone()))
                .collect(),
        )
    };
    let (old_indicators, _) = ids(old);
    let (new_indicators, new_activities) = ids(new);
    let links = new.map(|new| {
        let old_goals: Vec<_> = old.map(|o| o.goals().collect()).unwrap_or_default();
        let new_goals: Vec<_> = new.goals().collect();
        kf_goal_links(&old_goals, &new_goals, from, to)
    });
    Kf {
        links,
        old_indicators,
        new_indicators,
        new_activities,
    }
}

impl Kf {
    /// Where last year's KF goal `number` goes; numbers last year's budget did not
    /// hold (or no budget last year) go by number alone.
    fn link(&self, number: &str, set: &PlanSet, to: i32, from: i32) -> Option<Link> {
        let links = self.links.as_ref()?;
        let number = number.trim();
        if let Some(Link::To { number, how, score }) = links.get(number) {
            return Some(Link::To {
                number: number.clone(),
                how,
                score: *score,
            });
        }
        if let Some(Link::Undecided(why)) = links.get(number) {
            return Some(Link::Undecided(why.clone()));
        }
        Some(if set.kf_goal(to, number).is_some() {
            Link::To {
                number: number.to_owned(),
                how: "samma",
                score: None,
            }
        } else {
            Link::Undecided(format!(
                "KF-mål {number} ({from}) finns inte i KF-budgeten {to}"
            ))
        })
    }

    /// Whether a reference to a KF indicator cannot follow: it was KF's last
    /// year and the new budget (in the tree) does not have it.
    fn indicator_gone(&self, id: &str) -> bool {
        self.links.is_some()
            && self.old_indicators.contains(id)
            && !self.new_indicators.contains(id)
    }

    fn activity_gone(&self, id: &str) -> bool {
        self.links.is_some() && !self.new_activities.contains(id)
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

/// The path of a plan's file in the new year: the folder named for the old year
/// (the last one, `plans/2022/nämnd/x.yaml`) renamed to the new.
fn moved_path(path: &Path, from: i32, to: i32) -> Option<PathBuf> {
    let old = from.to_string();
    let parts: Vec<_> = path.components().collect();
    let at = parts.iter().rposition(|c| c.as_os_str() == old.as_str())?;
    let mut out = PathBuf::new();
    for (i, c) in parts.iter().enumerate() {
        if i == at {
            out.push(to.to_string());
        } else if i + 1 == parts.len() {
            out.push(file_name_year(&c.as_os_str().to_string_lossy(), from, to));
        } else {
            out.push(c.as_os_str());
        }
    }
    Some(out)
}

/// A file name with the old year (`norrmalm-2020.yaml`) given the new one; a
/// name without it stays. Only the year as a number of its own counts, not
/// digits inside a longer one (`20201`).
fn file_name_year(name: &str, from: i32, to: i32) -> String {
    let old = from.to_string();
    let mut out = String::with_capacity(name.len());
    let mut rest = name;
    while let Some(i) = rest.find(&old) {
        out.push_str(&rest[..i]);
        let before = out.chars().next_back();
        let after = rest[i + old.len()..].chars().next();
        if before.is_some_and(|c| c.is_ascii_digit()) || after.is_some_and(|c| c.is_ascii_digit()) {
            out.push_str(&old);
        } else {
            out.push_str(&to.to_string());
        }
        rest = &rest[i + old.len()..];
    }
    out.push_str(rest);
    out
}

/// `date` a year on, `to`'s 28 February for a 29th the new year lacks.
fn move_date(date: Date, to: i32) -> String {
    let s = format!("{to:04}-{:02}-{:02}", date.month, date.day);
    if Date::parse(&s).is_some() {
        s
    } else {
        format!("{to:04}-{:02}-28", date.month)
    }
}

/// What one plan's carrying needs, and what it tells.
struct Carry<'a> {
    req: &'a Request,
    kf: &'a Kf,
    set: &'a PlanSet,
    /// The plan, as the report names it.
    plan: String,
    /// Last year's file, for the places of what is reported.
    source: &'a SourceFile,
    report: &'a mut Report,
    /// Old KF goal number → new, where it changed (for the Markdown's headings).
    renumbered: BTreeMap<String, String>,
    /// KF goals whose part did not follow: their text in the Markdown goes too.
    dropped: Vec<String>,
}

impl<'a> Carry<'a> {
    fn new(
        req: &'a Request,
        kf: &'a Kf,
        set: &'a PlanSet,
        (plan, source): (&str, &'a SourceFile),
        report: &'a mut Report,
    ) -> Self {
        Carry {
            req,
            kf,
            set,
            plan: plan.to_owned(),
            source,
            report,
            renumbered: BTreeMap::new(),
            dropped: Vec::new(),
        }
    }

    fn activities(&mut self, rows: &mut [raw::ActivityRow]) {
        let (from, to) = (self.req.from, self.req.to);
        for a in rows {
            let (Some(start), Some(end)) = (Date::parse(&a.startdatum), Date::parse(&a.slutdatum))
            else {
                continue;
            };
            if start.year == from && end.year == from {
                a.startdatum = Sp::detached(move_date(start, to));
                a.slutdatum = Sp::detached(move_date(end, to));
                self.report.activities_moved += 1;
            } else {
                self.report.notes.push(format!(
                    "{}: aktiviteten \"{}\" ({start}–{end}) ligger inte inom {from} och står kvar med sina datum",
                    self.plan,
                    a.text.trim()
                ));
            }
        }
    }

    fn indicators(&mut self, rows: &mut Vec<raw::IndicatorRow>) {
        rows.retain(|r| {
            let Some(id) = &r.indikator else { return true };
            if self.kf.indicator_gone(id.trim()) {
                self.report.notes.push(format!(
                    "{}: KF:s indikator `{}` finns inte i KF-budgeten {} och fördes inte med",
                    self.plan,
                    id.trim(),
                    self.req.to
                ));
                return false;
            }
            true
        });
        for r in rows {
            if r.årsmål.as_ref().is_some_and(|t| !t.trim().is_empty()) {
                r.ej_granskat = Some(Sp::detached(true));
                self.report.unreviewed += 1;
            } else {
                r.ej_granskat = None;
            }
        }
    }

    /// A plan's (or unit's) part under KF's goals; `false` when it cannot follow.
    fn kf_goal(&mut self, g: &mut raw::CommitteeKfGoal) -> bool {
        let (from, to) = (self.req.from, self.req.to);
        match self.kf.link(&g.mål, self.set, to, from) {
            Some(Link::To { number, .. }) if number != g.mål.trim() => {
                self.renumbered
                    .insert(g.mål.trim().to_owned(), number.clone());
                g.mål = Sp::detached(number);
            }
            None | Some(Link::To { .. }) => {}
            Some(Link::Undecided(why)) => {
                self.report.notes.push(format!(
                    "{}: årsmålen under KF-mål {} fördes inte med: {why}",
                    self.plan,
                    g.mål.trim()
                ));
                self.dropped.push(g.mål.trim().to_owned());
                return false;
            }
        }
        g.aktiviteter.retain(|a| {
            if self.kf.activity_gone(a.trim()) {
                self.report.notes.push(format!(
                    "{}: KF:s aktivitet `{}` finns inte i KF-budgeten {to} och fördes inte med",
                    self.plan,
                    a.trim()
                ));
                return false;
            }
            true
        });
        self.indicators(&mut g.indikatorer);
        true
    }

    /// Where `text` stood in last year's file.
    fn place(&self, text: &raw::Text) -> Place {
        let (line, column) = self.source.line_col(text.span(FileId(0)).start as usize);
        Place {
            file: self.plan.replace('\\', "/"),
            line: Some(line),
            column: Some(column),
        }
    }

    fn committee_goal(&mut self, g: &mut raw::CommitteeGoal) {
        let (from, to) = (self.req.from, self.req.to);
        let location = self.place(&g.id);
        g.fortsätter = Some(Sp::detached(g.id.trim().to_owned()));
        let old = g.kf_mål.trim().to_owned();
        g.kf_mål_avgörs = None;
        match self.kf.link(&old, self.set, to, from) {
            None => {}
            Some(Link::To { number, how, score }) => {
                if number != old {
                    g.kf_mål = Sp::detached(number.clone());
                }
                self.report.relinks.push(Relink {
                    location: location.clone(),
                    goal: g.id.trim().to_owned(),
                    from: old,
                    to: Some(number),
                    how,
                    score,
                });
            }
            Some(Link::Undecided(why)) => {
                g.kf_mål_avgörs = Some(Sp::detached(why));
                self.report.relinks.push(Relink {
                    location,
                    goal: g.id.trim().to_owned(),
                    from: old,
                    to: None,
                    how: "avgörs",
                    score: None,
                });
            }
        }
        self.indicators(&mut g.indikatorer);
        self.activities(&mut g.aktiviteter);
    }

    /// A nämnd plan's file as next year's: the year, KF parts relinked, nämndmål
    /// continued and relinked, budget tables emptied.
    fn committee_plan(&mut self, file: &mut raw::CommitteePlanFile) {
        let (from, to) = (self.req.from, self.req.to);
        file.år = Sp::detached(i64::from(to));
        file.kf_mål.retain_mut(|g| self.kf_goal(g));
        for g in &mut file.nämndmål {
            self.committee_goal(g);
        }
        // The Sammanfattning's figures come from the operating budget's SUMMA row:
        // that table keeps its amounts, or the plan would not validate.
        let summary_table = file
            .sammanfattning
            .as_ref()
            .map(|s| s.driftbudget.trim().to_owned());
        if let Some(t) = &summary_table
            && !self.req.keep_amounts
            && file.ekonomi.iter().any(|x| x.id.trim() == t)
        {
            self.report.notes.push(format!(
                "{}: tabellen `{t}` behöll {from} års belopp, eftersom sammanfattningen räknas ur den; för in beloppen för {to}",
                self.plan
            ));
        }
        self.tables_except(&mut file.ekonomi, summary_table.as_deref());
    }

    /// A unit plan's file as next year's, the unit continuing `committee/unit`.
    fn unit_plan(&mut self, file: &mut raw::UnitPlanFile, committee: &str) {
        let (from, to) = (self.req.from, self.req.to);
        file.år = Sp::detached(i64::from(to));
        file.enhet.fortsätter = Some(Sp::detached(format!(
            "{committee}/{}",
            file.enhet.id.trim()
        )));
        // Adopted for the old year; the new plan is not yet.
        file.fastställd = None;
        if let Some(period) = &mut file.period
            && let (Some(a), Some(b)) = (Date::parse(&period.från), Date::parse(&period.till))
            && a.year == from
            && b.year == from
        {
            period.från = Sp::detached(move_date(a, to));
            period.till = Sp::detached(move_date(b, to));
        }
        file.kf_mål.retain_mut(|g| self.kf_goal(g));
        for ng in &mut file.nämndmål {
            for g in &mut ng.enhetsmål {
                g.fortsätter = Some(Sp::detached(g.id.trim().to_owned()));
                self.indicators(&mut g.indikatorer);
                self.activities(&mut g.aktiviteter);
            }
        }
        self.tables(&mut file.ekonomi);
    }

    /// A shared unit's other nämnder in the new year: one that ended goes on as its
    /// successor, unless that is the unit's own nämnd (a merger); each change told.
    fn other_committees(&mut self, file: &mut raw::UnitPlanFile) {
        let to = self.req.to;
        let own = file.nämnd.trim().to_owned();
        let mut kept: Vec<raw::Text> = Vec::new();
        for c in std::mem::take(&mut file.enhet.fler_nämnder) {
            let id = c.trim().to_owned();
            let exists = self.set.committee(&id).is_none_or(|x| x.exists_in(to));
            let now = if exists {
                Some(id.clone())
            } else {
                self.set
                    .committees
                    .iter()
                    .find(|s| s.continues.contains(&id) && s.exists_in(to))
                    .map(|s| s.id.clone())
            };
            match now {
                Some(n) if n == own || kept.iter().any(|k| k.trim() == n) => {
                    self.report.notes.push(format!(
                        "{}: `fler_nämnder` nämner inte längre `{id}`, som {to} är en del av `{n}`",
                        self.plan
                    ));
                }
                Some(n) if n == id => kept.push(c),
                Some(n) => {
                    self.report.notes.push(format!(
                        "{}: `fler_nämnder`: `{id}` finns inte {to} och fortsätts av `{n}`",
                        self.plan
                    ));
                    kept.push(Sp::detached(n));
                }
                None => self.report.notes.push(format!(
                    "{}: `fler_nämnder`: `{id}` finns inte {to} och togs bort",
                    self.plan
                )),
            }
        }
        file.enhet.fler_nämnder = kept;
    }

    fn tables(&mut self, tables: &mut [raw::Table]) {
        self.tables_except(tables, None);
    }

    /// Empties every table's amounts but `keep`'s.
    fn tables_except(&mut self, tables: &mut [raw::Table], keep: Option<&str>) {
        if self.req.keep_amounts {
            return;
        }
        for t in tables.iter_mut().filter(|t| Some(t.id.trim()) != keep) {
            let empty = vec!["-"; t.kolumner.len().max(1)].join(" | ");
            for r in &mut t.rader {
                r.värden = Sp::detached(empty.clone());
                // A known deviation of last year's amounts is no longer there.
                r.avvikelse = None;
            }
        }
    }

    /// The Markdown beside the plan, with KF goal headings renumbered, and the
    /// sections of KF goals that did not follow left out (and reported).
    fn markdown(&mut self, text: &str) -> String {
        if self.renumbered.is_empty() && self.dropped.is_empty() {
            return text.to_owned();
        }
        let level = |l: &str| l.chars().take_while(|c| *c == '#').count();
        let mut out = String::with_capacity(text.len());
        let mut skipping: Option<usize> = None;
        for line in text.split_inclusive('\n') {
            let mut line = line.to_owned();
            if line.starts_with('#') {
                let here = level(&line);
                if skipping.is_some_and(|l| here <= l) {
                    skipping = None;
                }
                if skipping.is_none()
                    && let Some(n) = self
                        .dropped
                        .iter()
                        .find(|n| line.trim_end().ends_with(&format!("{{#{n}}}")))
                {
                    self.report.notes.push(format!(
                        "{}: texten under \"{}\" togs bort, eftersom KF-mål {n} inte finns {}; flytta den om den behövs",
                        self.plan,
                        line.trim(),
                        self.req.to
                    ));
                    skipping = Some(here);
                }
            }
            if skipping.is_some() {
                continue;
            }
            if line.starts_with('#') {
                for (old, new) in &self.renumbered {
                    let tag = format!("{{#{old}}}");
                    if line.trim_end().ends_with(&tag) {
                        line = line.replacen(&tag, &format!("{{#{new}}}"), 1);
                        break;
                    }
                }
            }
            out.push_str(&line);
        }
        out
    }
}

/// The editor's modeline the file opens with, and a line saying where the file came from.
fn yaml_text<T: Serialize>(original: &str, value: &T, from: i32, to: i32, spaced: bool) -> String {
    // The editor's modeline stays (the folder depth is the same); last year's
    // description of the file does not.
    let mut head: String = original
        .lines()
        .take_while(|l| l.starts_with('#'))
        .filter(|l| l.starts_with("# yaml-language-server:"))
        .map(|l| format!("{l}\n"))
        .collect();
    head.push_str(&format!(
        "# Förd från {from} till {to} av `vp new-year`: granska årsmålen (`ej_granskat`) och nämndmålens KF-mål (`kf_mål_avgörs`).\n"
    ));
    match crate::load::write_yaml(value) {
        // A blank line between a nämnd plan's goals, as `vp import` writes them.
        Ok(body) if spaced => head + &crate::import::emit::space_items(&body, "nämndmål"),
        Ok(body) => head + &body,
        Err(e) => format!("{head}# kunde inte skrivas: {e}\n"),
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

/// The report for a person, in Swedish.
pub fn human(r: &Report, written: &[String], dry_run: bool) -> String {
    let mut s = String::new();
    s.push_str(&format!("Planerna {} förs till {}.\n", r.from, r.to));
    for p in &r.plans {
        s.push_str(&format!("  {} → {}\n", p.from, p.to));
    }
    if !r.relinks.is_empty() {
        s.push_str(&format!("\nNämndmålens KF-mål {}:\n", r.to));
        for l in &r.relinks {
            let line = match (&l.to, l.how) {
                (Some(to), "samma") => format!("{} → {to} (samma nummer och lydelse)", l.from),
                (Some(to), "fortsätter") => {
                    format!(
                        "{} → {to} (KF-budgeten anger att målet fortsätter {})",
                        l.from, l.from
                    )
                }
                (Some(to), _) => format!(
                    "{} → {to} (liknande lydelse, likhet {:.2}; kontrollera)",
                    l.from,
                    l.score.unwrap_or(0.0)
                ),
                (None, _) => format!("{} → ? behöver avgöras (VP091)", l.from),
            };
            s.push_str(&format!("  {}: {}: {line}\n", l.location.file, l.goal));
        }
    }
    s.push_str(&format!(
        "\n{} årsmål fördes med och är markerade `ej_granskat: true` (VP090); {} nämndmål behöver ett KF-mål (VP091); {} aktiviteter flyttades till {}.\n",
        r.unreviewed,
        r.undecided(),
        r.activities_moved,
        r.to
    ));
    if !r.notes.is_empty() {
        s.push_str("\nAtt känna till:\n");
        for n in &r.notes {
            s.push_str(&format!("  - {n}\n"));
        }
    }
    if dry_run {
        s.push_str("\nTorrkörning: inga filer skrevs. Skulle skrivas:\n");
    } else if !written.is_empty() {
        s.push_str("\nSkrivna filer:\n");
    }
    for w in written {
        s.push_str(&format!("  {w}\n"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::file_name_year;

    #[test]
    fn a_file_name_takes_the_new_year_only_where_it_has_the_old() {
        assert_eq!(
            file_name_year("norrmalm-2020.yaml", 2020, 2021),
            "norrmalm-2021.yaml"
        );
        assert_eq!(
            file_name_year("namndplan.yaml", 2020, 2021),
            "namndplan.yaml"
        );
        assert_eq!(
            file_name_year("2020-plan-2020.md", 2020, 2021),
            "2021-plan-2021.md"
        );
        // Digits around it make another number.
        assert_eq!(
            file_name_year("enhet-20201.yaml", 2020, 2021),
            "enhet-20201.yaml"
        );
        assert_eq!(file_name_year("120200.yaml", 2020, 2021), "120200.yaml");
        assert_eq!(file_name_year("20202020.yaml", 2020, 2021), "20202020.yaml");
    }
}
