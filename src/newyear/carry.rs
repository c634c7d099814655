//! One plan carried to the new year: its file changed in place (year, goals'
//! `fortsätter`, KF links, targets marked, activities moved, tables emptied),
//! its Markdown's headings renumbered, and where its files go.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::kf::{Kf, Link};
use super::{Relink, Report, Request};
use crate::load::raw;
use crate::load::spanned::Sp;
use crate::model::{Date, PlanSet};
use crate::source::{FileId, Place, SourceFile};

/// The path of a plan's file in the new year: the folder named for the old year
/// (the last one, `plans/2022/nämnd/x.yaml`) renamed to the new.
pub(super) fn moved_path(path: &Path, from: i32, to: i32) -> Option<PathBuf> {
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
pub(super) fn file_name_year(name: &str, from: i32, to: i32) -> String {
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
pub(super) fn move_date(date: Date, to: i32) -> String {
    let s = format!("{to:04}-{:02}-{:02}", date.month, date.day);
    if Date::parse(&s).is_some() {
        s
    } else {
        format!("{to:04}-{:02}-28", date.month)
    }
}

/// What one plan's carrying needs, and what it tells.
pub(super) struct Carry<'a> {
    pub(super) req: &'a Request,
    pub(super) kf: &'a Kf,
    pub(super) set: &'a PlanSet,
    /// The plan, as the report names it.
    pub(super) plan: String,
    /// Last year's file, for the places of what is reported.
    pub(super) source: &'a SourceFile,
    pub(super) report: &'a mut Report,
    /// Old KF goal number → new, where it changed (for the Markdown's headings).
    pub(super) renumbered: BTreeMap<String, String>,
    /// KF goals whose part did not follow: their text in the Markdown goes too.
    pub(super) dropped: Vec<String>,
}

impl<'a> Carry<'a> {
    pub(super) fn new(
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

    pub(super) fn activities(&mut self, rows: &mut [raw::ActivityRow]) {
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

    pub(super) fn indicators(&mut self, rows: &mut Vec<raw::IndicatorRow>) {
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
    pub(super) fn kf_goal(&mut self, g: &mut raw::CommitteeKfGoal) -> bool {
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
    pub(super) fn place(&self, text: &raw::Text) -> Place {
        let (line, column) = self.source.line_col(text.span(FileId(0)).start as usize);
        Place::at(self.plan.replace('\\', "/"), line, column)
    }

    pub(super) fn committee_goal(&mut self, g: &mut raw::CommitteeGoal) {
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
    pub(super) fn committee_plan(&mut self, file: &mut raw::CommitteePlanFile) {
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
    pub(super) fn unit_plan(&mut self, file: &mut raw::UnitPlanFile, committee: &str) {
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
    pub(super) fn other_committees(&mut self, file: &mut raw::UnitPlanFile) {
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

    pub(super) fn tables(&mut self, tables: &mut [raw::Table]) {
        self.tables_except(tables, None);
    }

    /// Empties every table's amounts but `keep`'s.
    pub(super) fn tables_except(&mut self, tables: &mut [raw::Table], keep: Option<&str>) {
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
    pub(super) fn markdown(&mut self, text: &str) -> String {
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
pub(super) fn yaml_text<T: Serialize>(
    original: &str,
    value: &T,
    from: i32,
    to: i32,
    spaced: bool,
) -> String {
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
