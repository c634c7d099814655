//! A document's part of its nämnd's plan: the nämnd's targets for KF's
//! indicators and the KF activities it got, its nämndmål (found by title, or
//! added) with their prose, indicators and activities; and, from the nämnd's
//! own plan, its chapters, the text under KF's goals, signatures and budget tables.

use std::collections::{HashMap, HashSet};

use super::{
    Activity, CommitteeGoal, CommitteePlan, Goal, Indicator, KfYear, MdPart, Tree, blocks_of,
    chapter_blocks, committee_plan, direction_number, goal_prose, indicator, key, plain,
    push_kf_md, unfiled_direction_text, unfiled_goal_text,
};
use crate::import::document::{self as d, Document, PlanKind};
use crate::import::ids::{self, Ids};

/// Adds what `doc` says of its nämnd's plan for `year`, after KF's budget.
pub(super) fn add(tree: &mut Tree, doc: &Document, year: i32, committee: &str) {
    let kf = KfLookup::new(tree.kf.get(&year));
    let plan = committee_plan(tree, year, committee);
    let mut merge = Merge::new(doc, year, committee, plan, kf);
    merge.items();
    if merge.is_committee_doc {
        merge.note_unit_goals();
        merge.tables();
    }
    let Merge {
        plan,
        ids,
        notes,
        dropped,
        ..
    } = merge;
    plan.ids = ids;
    tree.notes.extend(notes);
    tree.dropped.extend(dropped);
}

/// KF's indicators and activities of the year, looked up by folded text, built
/// once: a long plan has thousands of rows.
#[derive(Default)]
struct KfLookup {
    /// The numbers of KF's goals: text under another has no heading to stand under.
    goal_numbers: HashSet<String>,
    /// Every KF indicator's id: the nämnd's own ids must differ from them.
    indicator_ids: Vec<String>,
    indicator_by_name: HashMap<String, String>,
    /// By KF goal number and folded text.
    activity: HashMap<(String, String), String>,
}

impl KfLookup {
    fn new(kf: Option<&KfYear>) -> Self {
        let Some(kf) = kf else {
            return KfLookup::default();
        };
        let goals = || kf.directions.iter().flat_map(|d| d.goals.iter());
        KfLookup {
            goal_numbers: goals().map(|g| g.number.clone()).collect(),
            indicator_ids: goals()
                .flat_map(|g| g.indicators.iter().map(|i| i.id.clone()))
                .collect(),
            indicator_by_name: goals()
                .flat_map(|g| g.indicators.iter())
                .map(|i| (key(&i.name), i.id.clone()))
                .collect(),
            activity: goals()
                .flat_map(|g| {
                    g.activities
                        .iter()
                        .filter_map(|a| Some(((g.number.clone(), key(&a.text)), a.id.clone()?)))
                })
                .collect(),
        }
    }

    /// The id of KF's indicator of this name.
    fn indicator(&self, name: &str) -> Option<String> {
        self.indicator_by_name.get(&key(name)).cloned()
    }
}

/// One document being merged into its nämnd's plan. Notes and what is left out
/// are gathered here and handed to the tree at the end.
struct Merge<'a> {
    doc: &'a Document,
    year: i32,
    committee: &'a str,
    plan: &'a mut CommitteePlan,
    /// The nämnd's own plan, not a unit's: its chapters, text under KF's goals,
    /// signatures and tables are the plan's.
    is_committee_doc: bool,
    ids: Ids,
    kf: KfLookup,
    /// The plan's nämndmål by folded title.
    goal_at: HashMap<String, usize>,
    /// The plan's nämndmål activities, by goal and folded text: where each is.
    activity_at: HashMap<(usize, String), usize>,
    /// The nämnd's own indicators under each nämndmål, by goal and folded
    /// name: where each is.
    own_indicator_at: HashMap<(usize, String), usize>,
    /// KF's indicators shown under each nämndmål, by goal and id.
    ref_indicators: HashSet<(usize, String)>,
    notes: Vec<String>,
    dropped: Vec<String>,
}

impl<'a> Merge<'a> {
    fn new(
        doc: &'a Document,
        year: i32,
        committee: &'a str,
        plan: &'a mut CommitteePlan,
        kf: KfLookup,
    ) -> Self {
        let is_committee_doc = doc.kind == PlanKind::Committee;
        if is_committee_doc {
            plan.signatories = doc.signatories.clone();
            plan.preparation = doc.preparation.clone();
        }
        let mut ids = std::mem::take(&mut plan.ids);
        ids.extend(kf.indicator_ids.iter().cloned());
        let goal_at = plan
            .goals
            .iter()
            .enumerate()
            .map(|(k, g)| (key(&g.goal.title), k))
            .collect();
        let mut activity_at = HashMap::new();
        let mut own_indicator_at = HashMap::new();
        let mut ref_indicators = HashSet::new();
        for (k, g) in plan.goals.iter().enumerate() {
            for (at, a) in g.goal.activities.iter().enumerate() {
                activity_at.entry((k, key(&a.text))).or_insert(at);
            }
            for (at, i) in g.goal.indicators.iter().enumerate() {
                match i {
                    Indicator::Own { name, .. } => {
                        own_indicator_at.entry((k, key(name))).or_insert(at);
                    }
                    Indicator::Ref { id, .. } => {
                        ref_indicators.insert((k, id.clone()));
                    }
                }
            }
        }
        Merge {
            doc,
            year,
            committee,
            plan,
            is_committee_doc,
            ids,
            kf,
            goal_at,
            activity_at,
            own_indicator_at,
            ref_indicators,
            notes: Vec::new(),
            dropped: Vec::new(),
        }
    }

    /// The document's chapters and KF goals in order. In the plan's text,
    /// chapters after the first goal come after all goals.
    fn items(&mut self) {
        let doc = self.doc;
        let mut md_after: Vec<MdPart> = Vec::new();
        let mut seen_goals = false;
        for item in &doc.items {
            let dir = match item {
                d::Item::Chapter(c) => {
                    if self.is_committee_doc {
                        // This document's tables are added after the plan's so far.
                        let offset = self.plan.tables.len();
                        let part =
                            MdPart::Chapter(c.title.clone(), chapter_blocks(&c.prose, offset));
                        if seen_goals {
                            md_after.push(part);
                        } else {
                            self.plan.md.push(part);
                        }
                    }
                    continue;
                }
                d::Item::Direction(dir) => dir,
            };
            seen_goals = true;
            if self.is_committee_doc && !dir.prose.is_empty() {
                match direction_number(dir) {
                    Some(number) => push_kf_md(
                        &mut self.plan.md,
                        MdPart::Direction(number, dir.title.clone(), blocks_of(&dir.prose)),
                    ),
                    None => self.dropped.push(unfiled_direction_text(&doc.source, dir)),
                }
            }
            for g in &dir.goals {
                self.kf_goal(g);
            }
        }
        self.plan.md.extend(md_after);
    }

    /// One of KF's goals as the document shows it: the nämnd's text under it,
    /// the nämnd's targets for it, and the nämndmål under it.
    fn kf_goal(&mut self, g: &d::KfGoal) {
        if g.number.is_empty() {
            for cg in &g.committee_goals {
                self.dropped.push(format!(
                    "{}: rad {}: nämndmålet \"{}\" står inte under något numrerat KF-mål och kom inte med i nämndplanen",
                    self.doc.source, cg.line, cg.title
                ));
            }
            return;
        }
        let comment = g
            .comment
            .as_ref()
            .map(|c| blocks_of(&c.prose))
            .unwrap_or_default();
        let has_text = !g.prose.is_empty() || !comment.is_empty();
        if self.is_committee_doc && has_text && !self.kf.goal_numbers.contains(&g.number) {
            self.dropped.push(unfiled_goal_text(&self.doc.source, g));
        } else if self.is_committee_doc && has_text {
            push_kf_md(
                &mut self.plan.md,
                MdPart::KfGoal(
                    g.number.clone(),
                    g.title.clone(),
                    blocks_of(&g.prose),
                    comment,
                ),
            );
        }
        self.kf_targets(g);
        for cg in &g.committee_goals {
            let pos = self.committee_goal(g, cg);
            self.goal_indicators(pos, cg);
            self.goal_activities(pos, cg);
        }
    }

    /// The nämnd's targets for KF's indicators, and KF's activities it got.
    fn kf_targets(&mut self, g: &d::KfGoal) {
        if g.indicators.is_empty() && g.activities.is_empty() {
            return;
        }
        let (year, committee) = (self.year, self.committee);
        let target = self.plan.kf_goal(&g.number);
        // Where each of KF's indicators already is, and the activities there.
        let mut shown: HashMap<String, usize> = target
            .indicators
            .iter()
            .enumerate()
            .filter_map(|(at, i)| match i {
                Indicator::Ref { id, .. } => Some((id.clone(), at)),
                Indicator::Own { .. } => None,
            })
            .collect();
        let mut got: HashSet<String> = target.activities.iter().cloned().collect();
        for r in &g.indicators {
            let Some(id) = self.kf.indicator(&r.name) else {
                continue;
            };
            match shown.get(&id).map(|&at| &mut target.indicators[at]) {
                Some(Indicator::Ref { target: t, .. }) => {
                    if t.is_none() {
                        *t = r.target.clone();
                    } else if r.target.is_some() && *t != r.target {
                        self.notes.push(format!(
                            "{year} {committee}: nämndens årsmål för \"{}\" är {:?} i {} men {:?} i ett annat dokument",
                            r.name, r.target, self.doc.source, t
                        ));
                    }
                }
                _ => {
                    shown.insert(id.clone(), target.indicators.len());
                    target.indicators.push(Indicator::Ref {
                        id,
                        target: r.target.clone(),
                    });
                }
            }
        }
        for a in &g.activities {
            let id = self
                .kf
                .activity
                .get(&(g.number.clone(), key(&a.text)))
                .cloned();
            if let Some(id) = id
                && got.insert(id.clone())
            {
                target.activities.push(id);
            }
        }
    }

    /// The nämndmål's place in the plan: one read before (by title), with this
    /// document's prose merged into it, or a new one.
    fn committee_goal(&mut self, g: &d::KfGoal, cg: &d::Goal) -> usize {
        let k = key(&cg.title);
        if let Some(p) = self.goal_at.get(&k).copied() {
            self.merge_goal(p, g, cg);
            return p;
        }
        let id = self.ids.unique(&ids::short(&cg.title));
        self.plan.goals.push(CommitteeGoal {
            kf_goal: g.number.clone(),
            goal: Goal {
                id: id.clone(),
                title: cg.title.clone(),
                prose: goal_prose(&cg.intro, &cg.sections),
                ..Default::default()
            },
        });
        self.plan.md.push(MdPart::CommitteeGoal(id));
        self.goal_at.insert(k, self.plan.goals.len() - 1);
        self.plan.goals.len() - 1
    }

    /// A nämndmål read before, in another document: the first wording is kept;
    /// prose it lacked is added, and differences are noted.
    fn merge_goal(&mut self, p: usize, g: &d::KfGoal, cg: &d::Goal) {
        let (year, committee, source) = (self.year, self.committee, &self.doc.source);
        let existing = &mut self.plan.goals[p];
        if existing.kf_goal != g.number {
            self.notes.push(format!(
                "{year} {committee}: nämndmålet \"{}\" står under KF-mål {} i {} men {} i ett annat dokument",
                cg.title, g.number, source, existing.kf_goal
            ));
        }
        let new = goal_prose(&cg.intro, &cg.sections);
        if !new.intro.is_empty() && plain(&new.intro) != plain(&existing.goal.prose.intro) {
            if existing.goal.prose.intro.is_empty() {
                existing.goal.prose.intro = new.intro.clone();
            } else {
                self.dropped.push(format!(
                    "{}: rad {}: texten före avsnitten i nämndmålet \"{}\" lyder annorlunda än i ett tidigare lästa dokument; den först lästa lydelsen behålls",
                    source, cg.line, cg.title
                ));
            }
        }
        for (name, blocks) in &new.sections {
            match existing.goal.prose.sections.iter().find(|(n, _)| n == name) {
                Some((_, old)) if plain(old) != plain(blocks) && !blocks.is_empty() => {
                    self.notes.push(format!(
                        "{year} {committee}: avsnittet {name} i nämndmålet \"{}\" lyder annorlunda i {}; den först lästa lydelsen behålls",
                        cg.title, source
                    ));
                }
                Some(_) => {}
                None => existing.goal.prose.sections.push((name, blocks.clone())),
            }
        }
    }

    /// The nämndmål's indicators: KF's by reference, the nämnd's own by name.
    /// An own indicator already there with another target is left out, and said so.
    fn goal_indicators(&mut self, pos: usize, cg: &d::Goal) {
        let kf = &self.kf;
        let kf_indicator = |name: &str| kf.indicator(name);
        let goal = &mut self.plan.goals[pos];
        for r in &cg.indicators {
            let name_key = key(&r.name);
            let own = self.own_indicator_at.get(&(pos, name_key.clone())).copied();
            let kf_id = kf_indicator(&r.name);
            let shown = kf_id
                .as_ref()
                .is_some_and(|id| self.ref_indicators.contains(&(pos, id.clone())));
            if own.is_none() && !shown {
                let row = indicator(r, &kf_indicator, &mut self.ids);
                match &row {
                    Indicator::Own { .. } => {
                        self.own_indicator_at
                            .insert((pos, name_key), goal.goal.indicators.len());
                    }
                    Indicator::Ref { id, .. } => {
                        self.ref_indicators.insert((pos, id.clone()));
                    }
                }
                goal.goal.indicators.push(row);
            } else if let Some(at) = own
                && matches!(&goal.goal.indicators[at], Indicator::Own { target, .. } if *target != r.target)
            {
                self.dropped.push(format!(
                    "{}: rad {}: indikatorn \"{}\" står redan under nämndmålet \"{}\" med ett annat årsmål; raden med årsmålet {} kom inte med",
                    self.doc.source, r.line, r.name, cg.title, r.target.as_deref().unwrap_or("-")
                ));
            }
        }
    }

    /// The nämndmål's activities, by text. One already there with other dates
    /// is left out, and said so.
    fn goal_activities(&mut self, pos: usize, cg: &d::Goal) {
        let goal = &mut self.plan.goals[pos];
        for a in &cg.activities {
            let text_key = key(&a.text);
            if let Some(&at) = self.activity_at.get(&(pos, text_key.clone())) {
                let first = &goal.goal.activities[at];
                if first.start != a.start || first.end != a.end {
                    self.dropped.push(format!(
                        "{}: rad {}: aktiviteten \"{}\" står redan under nämndmålet med andra datum; {}–{} kom inte med",
                        self.doc.source, a.line, a.text, a.start, a.end
                    ));
                }
            } else {
                self.activity_at
                    .insert((pos, text_key), goal.goal.activities.len());
                goal.goal.activities.push(Activity {
                    id: Some(self.ids.unique(&ids::short(&a.text))),
                    text: a.text.clone(),
                    start: a.start.clone(),
                    end: a.end.clone(),
                });
            }
        }
    }

    /// A nämnd's plan has no enhetsmål: any found in it are noted, not imported.
    fn note_unit_goals(&mut self) {
        for g in self.doc.unit_goals() {
            self.notes.push(format!(
                "{}: rad {}: enhetsmålet \"{}\" står i en nämndplan, som inte har enhetsmål; det importeras inte",
                self.doc.source, g.line, g.title
            ));
        }
    }

    /// The nämnd's budget tables, with ids from their titles.
    fn tables(&mut self) {
        for t in &self.doc.tables {
            let title = t
                .title
                .clone()
                .or_else(|| t.context.clone())
                .unwrap_or_else(|| "tabell".into());
            let id = self.ids.unique(&ids::short(&title));
            self.plan.tables.push((id, t.clone()));
        }
    }
}
