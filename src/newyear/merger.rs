//! A nämnd that starts and continues others (the 2020 merger: Hägersten-Älvsjö
//! continues Hägersten-Liljeholmen and Älvsjö): one plan for the new year seeded
//! from all its predecessors' plans, their units listed under the new nämnd.
//!
//! What a planner gets is every predecessor's nämndmål, each continuing its own
//! (`fortsätter: nämnd/id`), so `vp diff` pairs every goal by its declared link
//! and nothing is merged by a guess; where two predecessors have nämndmål under
//! the same KF goal the report says so, for the nämnd to merge them by hand.
//! KF parts (the nämnd's targets for KF's indicators) are one per KF goal; the
//! tjänsteutlåtande's fields and the budget tables are the first predecessor's
//! (in `organisation.yaml`'s order). An id two predecessors share gets the
//! second's nämnd as a suffix, in its units' references too.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::{Carry, Error, Kf, NewYear, OutFile, Request, file_name_year, yaml_text};
use crate::load::raw;
use crate::load::spanned::Sp;
use crate::model::{Committee, PlanSet};
use crate::source::SourceMap;

/// A nämnd to seed, and the predecessors (with plans the old year) it is seeded from.
pub(super) struct Seed<'a> {
    pub committee: &'a Committee,
    pub predecessors: Vec<&'a str>,
}

/// One predecessor's ids that were taken by an earlier predecessor: old → new.
#[derive(Default)]
struct Renames {
    goals: HashMap<String, String>,
    indicators: HashMap<String, String>,
    activities: HashMap<String, String>,
}

fn renamed(map: &HashMap<String, String>, id: &str) -> Option<String> {
    map.get(id.trim()).cloned()
}

/// `id`, or `id-<predecessor>` (numbered on) when a predecessor before took it.
fn unique(taken: &mut HashSet<String>, id: &str, predecessor: &str) -> String {
    let id = id.trim();
    if taken.insert(id.to_owned()) {
        return id.to_owned();
    }
    let max = crate::load::values::MAX_ID_CHARS;
    for n in 1.. {
        let suffix = if n == 1 {
            format!("-{predecessor}")
        } else {
            format!("-{predecessor}-{n}")
        };
        let room = max.saturating_sub(suffix.chars().count());
        let stem: String = id.chars().take(room).collect();
        let candidate = format!("{}{suffix}", stem.trim_end_matches('-'));
        if taken.insert(candidate.clone()) {
            return candidate;
        }
    }
    unreachable!("an unbounded range ends only by returning")
}

/// The path of a predecessor's file in the new year: the year folder renamed,
/// the predecessor's folder renamed to the new nämnd's, and the file's stem to
/// `stem` when given (a unit whose id was taken).
fn merged_path(
    path: &Path,
    (from, to): (i32, i32),
    (old, new): (&str, &str),
    stem: Option<&str>,
) -> Option<PathBuf> {
    let moved = super::moved_path(path, from, to)?;
    let parts: Vec<_> = moved.components().collect();
    let year = to.to_string();
    let at = parts.iter().rposition(|c| c.as_os_str() == year.as_str())?;
    let mut out = PathBuf::new();
    for (i, c) in parts.iter().enumerate() {
        if i > at && i + 1 < parts.len() && c.as_os_str() == old {
            out.push(new);
        } else if i + 1 == parts.len()
            && let Some(stem) = stem
        {
            let ext = Path::new(c.as_os_str())
                .extension()
                .map(|e| format!(".{}", e.to_string_lossy()))
                .unwrap_or_default();
            out.push(format!("{}{ext}", file_name_year(stem, from, to)));
        } else {
            out.push(c.as_os_str());
        }
    }
    Some(out)
}

/// The merged nämnd plan being built: the first predecessor's, with the others' added.
struct Merged {
    shown: Vec<String>,
    path: PathBuf,
    file: raw::CommitteePlanFile,
    /// The first predecessor's YAML, for its modeline.
    original: String,
    /// The Markdown and where it goes.
    md: Option<(PathBuf, String)>,
}

/// The heading's `{#tag}`, if it ends with one.
fn heading_tag(line: &str) -> Option<&str> {
    let t = line.trim_end();
    let open = t.rfind("{#")?;
    t.ends_with('}').then(|| &t[open + 2..t.len() - 1])
}

fn heading_title(line: &str) -> String {
    let t = line.trim_start_matches('#').trim();
    let t = match t.rfind("{#") {
        Some(i) => &t[..i],
        None => t,
    };
    t.trim().to_lowercase()
}

/// `other`'s chapters added to `base`: its nämndmål's sections always, a chapter
/// or KF section only when `base` has none with that title or tag (reported, as
/// are table placements of tables that did not follow).
fn append_markdown(
    base: &mut String,
    other: &str,
    goals: &HashSet<String>,
    notes: &mut Vec<String>,
    plan: &str,
) {
    let level = |l: &str| l.chars().take_while(|c| *c == '#').count();
    let top = other
        .lines()
        .filter(|l| l.starts_with('#'))
        .map(level)
        .min()
        .unwrap_or(1);
    let base_tags: HashSet<String> = base
        .lines()
        .filter(|l| l.starts_with('#'))
        .filter_map(heading_tag)
        .map(str::to_owned)
        .collect();
    let base_titles: HashSet<String> = base
        .lines()
        .filter(|l| l.starts_with('#') && level(l) == top)
        .map(heading_title)
        .collect();
    let mut sections: Vec<(String, String)> = Vec::new();
    for line in other.split_inclusive('\n') {
        if line.starts_with('#') && level(line) == top {
            sections.push((line.to_owned(), String::new()));
        } else if let Some((_, body)) = sections.last_mut() {
            body.push_str(line);
        } else if !line.trim().is_empty() {
            notes.push(format!(
                "{plan}: texten före första rubriken fördes inte med: \"{}\"",
                line.trim()
            ));
        }
    }
    for (heading, body) in sections {
        let keep = match heading_tag(&heading) {
            Some(tag) => goals.contains(tag) || !base_tags.contains(tag),
            None => !base_titles.contains(&heading_title(&heading)),
        };
        if !keep {
            notes.push(format!(
                "{plan}: kapitlet \"{}\" fördes inte med, eftersom planen redan har ett med samma rubrik; flytta in det som behövs",
                heading.trim()
            ));
            continue;
        }
        let mut text = heading;
        for line in body.split_inclusive('\n') {
            if line.trim_start().starts_with("{{tabell:") {
                notes.push(format!(
                    "{plan}: `{}` togs bort, eftersom tabellen inte fördes med",
                    line.trim()
                ));
                continue;
            }
            text.push_str(line);
        }
        if !base.is_empty() && !base.ends_with("\n\n") {
            base.push_str(if base.ends_with('\n') { "\n" } else { "\n\n" });
        }
        base.push_str(&text);
    }
}

/// Every row's indicator: its own definition's id, or the one it refers to.
fn indicator_key(r: &raw::IndicatorRow) -> Option<String> {
    r.indikator
        .as_ref()
        .or(r.id.as_ref())
        .map(|t| t.trim().to_owned())
}

/// `part`'s rows and KF activities added to `into`'s (the same KF goal).
fn merge_kf_part(
    into: &mut raw::CommitteeKfGoal,
    part: raw::CommitteeKfGoal,
    notes: &mut Vec<String>,
    plan: &str,
    predecessor: &str,
) {
    for row in part.indikatorer {
        let key = indicator_key(&row);
        match into
            .indikatorer
            .iter()
            .find(|r| key.is_some() && indicator_key(r) == key)
        {
            None => into.indikatorer.push(row),
            Some(kept) => {
                let target = |r: &raw::IndicatorRow| {
                    r.årsmål
                        .as_ref()
                        .map(|t| t.trim().to_owned())
                        .unwrap_or_default()
                };
                if target(kept) != target(&row) {
                    notes.push(format!(
                        "{plan}: KF-mål {}: indikatorn `{}` har årsmålet \"{}\" från den första föregångaren; {predecessor} hade \"{}\"",
                        into.mål.trim(),
                        key.unwrap_or_default(),
                        target(kept),
                        target(&row)
                    ));
                }
            }
        }
    }
    for a in part.aktiviteter {
        if !into.aktiviteter.iter().any(|x| x.trim() == a.trim()) {
            into.aktiviteter.push(a);
        }
    }
}

impl NewYear {
    /// The seeded plans of `seed`'s nämnd for the new year.
    pub(super) fn seed(
        &mut self,
        set: &PlanSet,
        sources: &SourceMap,
        req: &Request,
        kf: &Kf,
        seed: &Seed,
    ) -> Result<(), Error> {
        let (from, to) = (req.from, req.to);
        let new = seed.committee.id.as_str();
        let mut renames: HashMap<&str, Renames> = HashMap::new();
        let (mut goal_ids, mut indicator_ids, mut activity_ids) =
            (HashSet::new(), HashSet::new(), HashSet::new());
        let mut merged: Option<Merged> = None;
        // KF goal number → the nämndmål under it, with their predecessor.
        let mut under_kf: BTreeMap<String, Vec<(String, &str)>> = BTreeMap::new();
        let plans = seed
            .predecessors
            .iter()
            .filter_map(|p| set.committee_plan(p, from));
        for p in plans.filter(|_| req.units.is_empty()) {
            let pred = p.committee.as_str();
            let source = sources.get(p.file);
            let Some((shown, _, mut file)) =
                self.reopen::<raw::CommitteePlanFile>(source, (from, to))?
            else {
                continue;
            };
            let Some(path) = merged_path(&source.path, (from, to), (pred, new), None) else {
                continue;
            };
            let r = renames.entry(pred).or_default();
            for g in &file.nämndmål {
                let id = unique(&mut goal_ids, &g.id, pred);
                if id != g.id.trim() {
                    r.goals.insert(g.id.trim().to_owned(), id);
                }
                for i in g.indikatorer.iter().filter_map(|i| i.id.as_ref()) {
                    let id = unique(&mut indicator_ids, i, pred);
                    if id != i.trim() {
                        r.indicators.insert(i.trim().to_owned(), id);
                    }
                }
                for a in g.aktiviteter.iter().filter_map(|a| a.id.as_ref()) {
                    let id = unique(&mut activity_ids, a, pred);
                    if id != a.trim() {
                        r.activities.insert(a.trim().to_owned(), id);
                    }
                }
            }
            let mut carry = Carry::new(req, kf, set, (&shown, source), &mut self.report);
            carry.committee_plan(&mut file);
            file.nämnd = Sp::detached(new.to_owned());
            for g in &mut file.nämndmål {
                let old = g.id.trim().to_owned();
                g.fortsätter = Some(Sp::detached(format!("{pred}/{old}")));
                if let Some(id) = renamed(&r.goals, &old) {
                    carry.report.notes.push(format!(
                        "{shown}: nämndmålet `{old}` heter `{id}` {to}, eftersom en föregångare före {pred} har ett nämndmål med samma id"
                    ));
                    g.id = Sp::detached(id);
                }
                for row in &mut g.indikatorer {
                    if let Some(id) = row.id.as_ref().and_then(|i| renamed(&r.indicators, i)) {
                        row.id = Some(Sp::detached(id));
                    }
                    if let Some(id) = row
                        .indikator
                        .as_ref()
                        .and_then(|i| renamed(&r.indicators, i))
                    {
                        row.indikator = Some(Sp::detached(id));
                    }
                }
                for a in &mut g.aktiviteter {
                    if let Some(id) = a.id.as_ref().and_then(|i| renamed(&r.activities, i)) {
                        a.id = Some(Sp::detached(id));
                    }
                }
                under_kf
                    .entry(g.kf_mål.trim().to_owned())
                    .or_default()
                    .push((g.id.trim().to_owned(), pred));
            }
            for (old, id) in &r.goals {
                carry.renumbered.insert(old.clone(), id.clone());
            }
            let md = p.prose_file.map(|f| {
                let s = sources.get(f);
                (s.path.clone(), carry.markdown(&s.text))
            });
            match &mut merged {
                None => {
                    let md = md.and_then(|(p, text)| {
                        Some((merged_path(&p, (from, to), (pred, new), None)?, text))
                    });
                    merged = Some(Merged {
                        shown: vec![shown],
                        path,
                        file,
                        original: source.text.to_string(),
                        md,
                    });
                }
                Some(m) => {
                    let notes = &mut self.report.notes;
                    for part in file.kf_mål {
                        match m
                            .file
                            .kf_mål
                            .iter_mut()
                            .find(|x| x.mål.trim() == part.mål.trim())
                        {
                            Some(into) => merge_kf_part(into, part, notes, &shown, pred),
                            None => m.file.kf_mål.push(part),
                        }
                    }
                    let goals: HashSet<String> = file
                        .nämndmål
                        .iter()
                        .map(|g| g.id.trim().to_owned())
                        .collect();
                    m.file.nämndmål.extend(file.nämndmål);
                    for t in &file.ekonomi {
                        notes.push(format!(
                            "{shown}: tabellen `{}` fördes inte med: budgettabellerna är {}s; för in det som behövs",
                            t.id.trim(),
                            m.shown[0]
                        ));
                    }
                    match (&mut m.md, md) {
                        (Some((_, base)), Some((_, text))) => {
                            append_markdown(base, &text, &goals, notes, &shown);
                        }
                        (None, Some((p, text))) => {
                            let mut base = String::new();
                            append_markdown(&mut base, &text, &goals, notes, &shown);
                            m.md =
                                merged_path(&p, (from, to), (pred, new), None).map(|p| (p, base));
                        }
                        (_, None) => {}
                    }
                    m.shown.push(shown);
                }
            }
        }
        let mut names = seed.predecessors.clone();
        names.dedup();
        if let Some(m) = merged {
            let text = yaml_text(&m.original, &m.file, from, to, true);
            let new_path = m.path.display().to_string();
            for s in &m.shown {
                self.report.plans.push(super::Carried {
                    from: s.clone(),
                    to: new_path.clone(),
                });
            }
            self.report.notes.push(format!(
                "{} fortsätter {}: nämndplanen {to} ({new_path}) är sådd ur {}: nämndmålen från alla, vart och ett med `fortsätter: nämnd/id`; KF-delarna samlade per KF-mål; tjänsteutlåtandets uppgifter och budgettabellerna från {}",
                seed.committee.name,
                names.join(", "),
                m.shown.join(", "),
                m.shown[0]
            ));
            for (number, goals) in &under_kf {
                let preds: HashSet<&str> = goals.iter().map(|(_, p)| *p).collect();
                if preds.len() > 1 {
                    let list: Vec<String> =
                        goals.iter().map(|(g, p)| format!("`{g}` ({p})")).collect();
                    self.report.notes.push(format!(
                        "{new_path}: KF-mål {number} har nämndmål från flera föregångare: {}; granska dem och slå ihop dem om nämnden ska ha ett",
                        list.join(", ")
                    ));
                }
            }
            self.files.push(OutFile { path: m.path, text });
            if let Some((path, text)) = m.md {
                self.files.push(OutFile { path, text });
            }
        }
        // The units of every predecessor, under the new nämnd.
        let mut unit_ids: HashSet<String> = HashSet::new();
        for pred in &seed.predecessors {
            let r = renames.remove(pred).unwrap_or_default();
            for (_, u) in set.unit_plan_ids().filter(|(_, u)| {
                u.year == from
                    && u.committee == *pred
                    && (req.units.is_empty() || req.units.contains(&u.unit.id))
            }) {
                let source = sources.get(u.file);
                let Some((shown, _, mut file)) =
                    self.reopen::<raw::UnitPlanFile>(source, (from, to))?
                else {
                    continue;
                };
                let id = unique(&mut unit_ids, &u.unit.id, pred);
                let stem = (id != u.unit.id).then_some(id.as_str());
                let Some(path) = merged_path(&source.path, (from, to), (pred, new), stem) else {
                    continue;
                };
                if !req.units.is_empty() && set.committee_plan(new, to).is_none() {
                    self.report.notes.push(format!(
                        "{shown}: nämndplanen {to} för {new} finns inte i planträdet, och enhetsplanen hänvisar till dess nämndmål; för fram den också (utan --unit)"
                    ));
                }
                let mut carry = Carry::new(req, kf, set, (&shown, source), &mut self.report);
                carry.unit_plan(&mut file, pred);
                file.nämnd = Sp::detached(new.to_owned());
                carry.other_committees(&mut file);
                if let Some(stem) = stem {
                    carry.report.notes.push(format!(
                        "{shown}: enheten `{}` heter `{stem}` under {new}, eftersom en enhet i en föregångare före {pred} har samma id",
                        u.unit.id
                    ));
                    file.enhet.id = Sp::detached(stem.to_owned());
                }
                for ng in &mut file.nämndmål {
                    if let Some(id) = renamed(&r.goals, &ng.nämndmål) {
                        ng.nämndmål = Sp::detached(id);
                    }
                    for a in ng.aktiviteter.iter_mut().flatten() {
                        if let Some(id) = renamed(&r.activities, a) {
                            *a = Sp::detached(id);
                        }
                    }
                    for g in &mut ng.enhetsmål {
                        for row in &mut g.indikatorer {
                            if let Some(id) = row
                                .indikator
                                .as_ref()
                                .and_then(|i| renamed(&r.indicators, i))
                            {
                                row.indikator = Some(Sp::detached(id));
                            }
                        }
                    }
                }
                for (old, id) in &r.goals {
                    carry.renumbered.insert(old.clone(), id.clone());
                }
                let md = u.prose_file.and_then(|f| {
                    let s = sources.get(f);
                    let text = carry.markdown(&s.text);
                    Some((merged_path(&s.path, (from, to), (pred, new), stem)?, text))
                });
                let text = yaml_text(&source.text, &file, from, to, false);
                self.report.plans.push(super::Carried {
                    from: shown,
                    to: path.display().to_string(),
                });
                self.files.push(OutFile { path, text });
                if let Some((path, text)) = md {
                    self.files.push(OutFile { path, text });
                }
            }
        }
        Ok(())
    }
}
