//! Imported documents → the plans they contribute to: KF's budget for each year,
//! each nämnd's plan, each unit's plan. Several documents of one run that cite
//! the same KF goal or nämndmål are merged: goals by title, indicators by name,
//! activities by text, and differences are noted rather than resolved.
//!
//! A unit's plan repeats the nämndmål it works towards; they belong to the
//! nämnd's plan, and the unit's plan refers to them by id.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::document::{self as d, Block, BudgetTable, Document, PlanKind};
use super::ids;

/// KF's budget for one year, as far as the imported plans show it.
#[derive(Clone, Debug, Default)]
pub struct KfYear {
    pub year: i32,
    pub directions: Vec<KfDirection>,
    ids: HashSet<String>,
}

#[derive(Clone, Debug, Default)]
pub struct KfDirection {
    pub number: i64,
    pub title: String,
    pub goals: Vec<KfGoal>,
}

#[derive(Clone, Debug, Default)]
pub struct KfGoal {
    pub number: String,
    pub title: String,
    pub indicators: Vec<KfIndicator>,
    pub activities: Vec<Activity>,
}

#[derive(Clone, Debug, Default)]
pub struct KfIndicator {
    pub id: String,
    pub name: String,
    pub kf_target: Option<String>,
    pub periodicity: Option<String>,
}

/// An activity with an id, for KF's and the nämnd's activities.
#[derive(Clone, Debug, Default)]
pub struct Activity {
    pub id: Option<String>,
    pub text: String,
    pub start: String,
    pub end: String,
}

/// An indicator row in a nämnd's or a unit's plan.
#[derive(Clone, Debug)]
pub enum Indicator {
    /// KF's or the nämnd's indicator, with this plan's target.
    Ref { id: String, target: Option<String> },
    /// An indicator the plan defines.
    Own {
        id: String,
        name: String,
        target: Option<String>,
        periodicity: Option<String>,
    },
}

/// The nämnd's targets and activities under one of KF's goals.
#[derive(Clone, Debug, Default)]
pub struct CommitteeKfGoal {
    pub number: String,
    pub indicators: Vec<Indicator>,
    pub activities: Vec<String>,
}

/// A goal's prose: text before the first section, then the sections.
#[derive(Clone, Debug, Default)]
pub struct GoalProse {
    pub intro: Vec<Block>,
    pub sections: Vec<(&'static str, Vec<Block>)>,
}

#[derive(Clone, Debug, Default)]
pub struct CommitteeGoal {
    pub id: String,
    pub title: String,
    pub kf_goal: String,
    pub continues: Option<String>,
    pub indicators: Vec<Indicator>,
    pub activities: Vec<Activity>,
    pub prose: GoalProse,
}

/// A part of a plan's Markdown, in order.
#[derive(Clone, Debug)]
pub enum MdPart {
    Chapter(String, Vec<Block>),
    Direction(i64, String, Vec<Block>),
    /// KF goal number, title, the nämnd's text, its Kommentar.
    KfGoal(String, String, Vec<Block>, Vec<Block>),
    CommitteeGoal(String),
    UnitGoal(String),
}

/// A nämnd's plan for one year.
#[derive(Clone, Debug, Default)]
pub struct CommitteePlan {
    pub year: i32,
    pub committee: String,
    pub signatories: Vec<(String, String)>,
    pub preparation: Vec<(String, String)>,
    pub kf_goals: Vec<CommitteeKfGoal>,
    pub goals: Vec<CommitteeGoal>,
    pub tables: Vec<(String, BudgetTable)>,
    pub md: Vec<MdPart>,
    ids: HashSet<String>,
}

#[derive(Clone, Debug, Default)]
pub struct UnitGoal {
    pub id: String,
    pub title: String,
    pub continues: Option<String>,
    pub indicators: Vec<Indicator>,
    pub activities: Vec<Activity>,
    pub prose: GoalProse,
}

/// A nämndmål in a unit's plan: a reference, the activities the unit shows, its own goals.
#[derive(Clone, Debug, Default)]
pub struct UnitCommitteeGoal {
    pub committee_goal: String,
    pub shown_activities: Vec<String>,
    pub unit_goals: Vec<UnitGoal>,
}

#[derive(Clone, Debug, Default)]
pub struct UnitPlan {
    pub year: i32,
    pub committee: String,
    pub id: String,
    pub name: String,
    pub department: Option<String>,
    pub continues: Option<String>,
    pub other_committees: Vec<String>,
    pub period: Option<(String, String)>,
    pub adopted: Option<String>,
    /// Per KF goal, the ids of KF:s indicators the unit's plan shows (with the nämnd's targets).
    pub kf_goals: Vec<(String, Vec<String>)>,
    pub goals: Vec<UnitCommitteeGoal>,
    pub tables: Vec<(String, BudgetTable)>,
    pub md: Vec<MdPart>,
    /// The document it came from.
    pub source: String,
}

/// Everything a run of `vp import` produces.
#[derive(Clone, Debug, Default)]
pub struct Tree {
    pub kf: BTreeMap<i32, KfYear>,
    pub committees: Vec<CommitteePlan>,
    pub units: Vec<UnitPlan>,
    /// Differences between documents and facts that could not be settled, in Swedish.
    pub notes: Vec<String>,
    /// The nämnd each document was found to belong to, in input order.
    pub committee_of: Vec<Option<String>>,
    /// Documents not imported, or imported with a placeholder, for want of a
    /// year, a nämnd or a unit's name.
    pub incomplete: usize,
    /// Parts of the texts that no written plan file holds, with file and line, in Swedish.
    pub dropped: Vec<String>,
}

/// What the user told `vp import` about a document, overriding what the text says.
#[derive(Clone, Debug, Default)]
pub struct Overrides {
    pub year: Option<i32>,
    pub committee: Option<String>,
    pub unit_name: Option<String>,
    pub unit_id: Option<String>,
    pub continues: Option<String>,
    pub other_committees: Vec<String>,
}

fn key(s: &str) -> String {
    super::text::fold(s.trim().trim_end_matches('.'))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The words of some prose, without its paragraph breaks: two plans that
/// quote the same text broke it over pages differently.
fn plain(blocks: &[Block]) -> String {
    let mut s = String::new();
    for b in blocks {
        match b {
            Block::Heading(t) | Block::Paragraph(t) => s.push_str(t),
            Block::List(items) | Block::Numbered(items) => {
                for i in items {
                    s.push_str(i);
                    s.push(' ');
                }
            }
        }
        s.push(' ');
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn blocks_of(p: &d::Prose) -> Vec<Block> {
    p.blocks.clone()
}

fn goal_prose(intro: &d::Prose, sections: &[d::Section]) -> GoalProse {
    GoalProse {
        intro: blocks_of(intro),
        sections: sections
            .iter()
            .map(|s| (s.name, blocks_of(&s.prose)))
            .collect(),
    }
}

impl KfYear {
    fn direction(&mut self, number: i64, title: &str) -> &mut KfDirection {
        let pos = match self.directions.iter().position(|d| d.number == number) {
            Some(p) => p,
            None => {
                self.directions.push(KfDirection {
                    number,
                    title: title.to_owned(),
                    goals: Vec::new(),
                });
                self.directions.sort_by_key(|d| d.number);
                self.directions
                    .iter()
                    .position(|d| d.number == number)
                    .unwrap_or(0)
            }
        };
        let dir = &mut self.directions[pos];
        if dir.title.is_empty() {
            dir.title = title.to_owned();
        }
        dir
    }

    pub fn goal(&self, number: &str) -> Option<&KfGoal> {
        self.directions
            .iter()
            .flat_map(|d| d.goals.iter())
            .find(|g| g.number == number)
    }

    fn indicator_by_name(&self, name: &str) -> Option<&KfIndicator> {
        let k = key(name);
        self.directions
            .iter()
            .flat_map(|d| d.goals.iter())
            .flat_map(|g| g.indicators.iter())
            .find(|i| key(&i.name) == k)
    }
}

impl CommitteePlan {
    pub fn goal(&self, id: &str) -> Option<&CommitteeGoal> {
        self.goals.iter().find(|g| g.id == id)
    }

    fn kf_goal(&mut self, number: &str) -> &mut CommitteeKfGoal {
        let pos = match self.kf_goals.iter().position(|g| g.number == number) {
            Some(p) => p,
            None => {
                self.kf_goals.push(CommitteeKfGoal {
                    number: number.to_owned(),
                    ..Default::default()
                });
                self.kf_goals
                    .sort_by(|a, b| compare_numbers(&a.number, &b.number));
                self.kf_goals
                    .iter()
                    .position(|g| g.number == number)
                    .unwrap_or(0)
            }
        };
        &mut self.kf_goals[pos]
    }
}

/// `1.10` after `1.9`.
pub fn compare_numbers(a: &str, b: &str) -> std::cmp::Ordering {
    let parts = |s: &str| -> Vec<u32> { s.split('.').filter_map(|p| p.parse().ok()).collect() };
    parts(a).cmp(&parts(b))
}

/// Merges the documents of one run. Nämnd plans go first, so that their
/// wording of a nämndmål is the one kept.
pub fn merge(docs: &[(Document, Overrides)]) -> Tree {
    let mut tree = Tree::default();
    let committees = resolve_committees(docs);
    tree.committee_of = committees.clone();
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_by_key(|&i| docs[i].0.kind != PlanKind::Committee);
    for i in order {
        let (doc, o) = &docs[i];
        let Some(year) = o.year.or(doc.year) else {
            tree.incomplete += 1;
            tree.notes.push(format!(
                "{}: året framgår inte av texten; ange --year",
                doc.source
            ));
            continue;
        };
        let Some(committee) = committees[i].clone() else {
            tree.incomplete += 1;
            tree.notes.push(format!(
                "{}: nämnden framgår inte av texten; ange --committee",
                doc.source
            ));
            continue;
        };
        add_kf(&mut tree, doc, year);
        add_committee(&mut tree, doc, year, &committee);
        if doc.kind == PlanKind::Unit {
            add_unit(&mut tree, doc, o, year, &committee);
        }
    }
    tree
}

/// The nämnd of each document. A text that names its nämnd clearly, or a
/// nämnd's own plan, says it; for the others (a unit shared by several
/// nämnder, a department that never names its nämnd) the nämnd is the one
/// whose nämndmål, in the clear documents of the same year, the text cites.
fn resolve_committees(docs: &[(Document, Overrides)]) -> Vec<Option<String>> {
    let titles =
        |d: &Document| -> HashSet<String> { d.committee_goals().map(|g| key(&g.title)).collect() };
    let clear: Vec<(Option<i32>, String, HashSet<String>)> = docs
        .iter()
        .filter_map(|(d, o)| {
            let committee = o.committee.clone().or_else(|| {
                (d.committee_clear || d.kind == PlanKind::Committee)
                    .then(|| d.committee.clone())
                    .flatten()
            })?;
            Some((o.year.or(d.year), committee, titles(d)))
        })
        .collect();
    docs.iter()
        .map(|(d, o)| {
            if let Some(c) = &o.committee {
                return Some(c.clone());
            }
            if d.committee_clear || d.kind == PlanKind::Committee {
                return d.committee.clone();
            }
            let year = o.year.or(d.year);
            let mine = titles(d);
            let mut scores: BTreeMap<&str, usize> = BTreeMap::new();
            for (y, c, theirs) in &clear {
                if *y == year {
                    *scores.entry(c.as_str()).or_default() += mine.intersection(theirs).count();
                }
            }
            scores
                .into_iter()
                .filter(|(_, n)| *n > 0)
                .max_by_key(|(_, n)| *n)
                .map(|(c, _)| c.to_owned())
                .or_else(|| d.committee.clone())
        })
        .collect()
}

fn add_kf(tree: &mut Tree, doc: &Document, year: i32) {
    let kf = tree.kf.entry(year).or_insert_with(|| KfYear {
        year,
        ..Default::default()
    });
    for dir in doc.directions() {
        // A direction printed without its number takes it from its goals: 2.5 is under 2.
        let number = if dir.number != 0 {
            dir.number
        } else {
            dir.goals
                .iter()
                .find_map(|g| g.number.split('.').next()?.parse::<i64>().ok())
                .unwrap_or(0)
        };
        if number == 0 {
            // A title-less direction is the importer's own holder for goals with no KF goal above.
            if !dir.title.is_empty() {
                tree.dropped.push(format!(
                    "{}: rad {}: inriktningsmålet \"{}\" har inget nummer, och inte målen under det heller; det kom inte med i KF-budgeten",
                    doc.source, dir.line, dir.title
                ));
            }
            continue;
        }
        let dir = &d::Direction {
            number,
            ..dir.clone()
        };
        kf.direction(dir.number, &dir.title);
        for g in &dir.goals {
            if g.number.is_empty() {
                tree.dropped.push(format!(
                    "{}: rad {}: KF:s mål för verksamhetsområdet \"{}\" har inget nummer och kom inte med i KF-budgeten",
                    doc.source, g.line, g.title
                ));
                continue;
            }
            let mut ids = std::mem::take(&mut kf.ids);
            let d = kf.direction(dir.number, &dir.title);
            // Goals stay in number order; found and placed by binary search.
            let at = d
                .goals
                .binary_search_by(|x| compare_numbers(&x.number, &g.number));
            let goal = match at {
                Ok(p) if d.goals[p].number == g.number => &mut d.goals[p],
                Ok(p) | Err(p) => {
                    d.goals.insert(
                        p,
                        KfGoal {
                            number: g.number.clone(),
                            title: g.title.clone(),
                            ..Default::default()
                        },
                    );
                    &mut d.goals[p]
                }
            };
            if key(&goal.title) != key(&g.title) && !g.title.is_empty() {
                tree.notes.push(format!(
                    "{year}: KF-målet {} heter \"{}\" i {} men \"{}\" i ett annat dokument; det första behålls",
                    g.number, g.title, doc.source, goal.title
                ));
            }
            for r in &g.indicators {
                let name_key = key(&r.name);
                match goal
                    .indicators
                    .iter_mut()
                    .find(|i| key(&i.name) == name_key)
                {
                    Some(existing) => {
                        if existing.kf_target.is_none() {
                            existing.kf_target = r.kf_target.clone();
                        } else if r.kf_target.is_some() && existing.kf_target != r.kf_target {
                            tree.notes.push(format!(
                                "{year}: KF:s årsmål för \"{}\" är {:?} i {} men {:?} i ett annat dokument",
                                r.name, r.kf_target, doc.source, existing.kf_target
                            ));
                        }
                    }
                    None => goal.indicators.push(KfIndicator {
                        id: ids::unique(&mut ids, &ids::short(&r.name)),
                        name: r.name.clone(),
                        kf_target: r.kf_target.clone(),
                        periodicity: r.periodicity.clone(),
                    }),
                }
            }
            for a in &g.activities {
                let text_key = key(&a.text);
                if !goal.activities.iter().any(|x| key(&x.text) == text_key) {
                    goal.activities.push(Activity {
                        id: Some(ids::unique(&mut ids, &ids::short(&a.text))),
                        text: a.text.clone(),
                        start: a.start.clone(),
                        end: a.end.clone(),
                    });
                }
            }
            kf.ids = ids;
        }
    }
}

fn committee_plan<'t>(tree: &'t mut Tree, year: i32, committee: &str) -> &'t mut CommitteePlan {
    let pos = match tree
        .committees
        .iter()
        .position(|c| c.year == year && c.committee == committee)
    {
        Some(p) => p,
        None => {
            tree.committees.push(CommitteePlan {
                year,
                committee: committee.to_owned(),
                ..Default::default()
            });
            tree.committees.len() - 1
        }
    };
    &mut tree.committees[pos]
}

/// An indicator row in a nämnd's or unit's plan: a reference when KF (or the
/// nämnd) defines an indicator of that name the same year.
fn indicator(
    row: &d::IndicatorRow,
    known: &dyn Fn(&str) -> Option<String>,
    ids: &mut HashSet<String>,
) -> Indicator {
    match known(&row.name) {
        Some(id) => Indicator::Ref {
            id,
            target: row.target.clone(),
        },
        None => Indicator::Own {
            id: ids::unique(ids, &ids::short(&row.name)),
            name: row.name.clone(),
            target: row.target.clone(),
            periodicity: row.periodicity.clone(),
        },
    }
}

fn add_committee(tree: &mut Tree, doc: &Document, year: i32, committee: &str) {
    let kf = tree.kf.get(&year).cloned().unwrap_or_default();
    let mut notes = Vec::new();
    let mut dropped = Vec::new();
    let plan = committee_plan(tree, year, committee);
    let is_committee_doc = doc.kind == PlanKind::Committee;
    if is_committee_doc {
        plan.signatories = doc.signatories.clone();
        plan.preparation = doc.preparation.clone();
    }
    let mut ids = std::mem::take(&mut plan.ids);
    for kf_id in kf
        .directions
        .iter()
        .flat_map(|d| d.goals.iter())
        .flat_map(|g| g.indicators.iter().map(|i| i.id.clone()))
    {
        ids.insert(kf_id);
    }
    // Lookups by folded text, built once: a long plan has thousands of rows.
    let kf_by_name: HashMap<String, String> = kf
        .directions
        .iter()
        .flat_map(|d| d.goals.iter())
        .flat_map(|g| g.indicators.iter())
        .map(|i| (key(&i.name), i.id.clone()))
        .collect();
    let kf_activity: HashMap<(String, String), String> = kf
        .directions
        .iter()
        .flat_map(|d| d.goals.iter())
        .flat_map(|g| {
            g.activities
                .iter()
                .filter_map(|a| Some(((g.number.clone(), key(&a.text)), a.id.clone()?)))
        })
        .collect();
    let kf_indicator = |name: &str| kf_by_name.get(&key(name)).cloned();
    let mut goal_at: HashMap<String, usize> = plan
        .goals
        .iter()
        .enumerate()
        .map(|(k, g)| (key(&g.title), k))
        .collect();
    let mut activity_keys: HashSet<(usize, String)> = plan
        .goals
        .iter()
        .enumerate()
        .flat_map(|(k, g)| g.activities.iter().map(move |a| (k, key(&a.text))))
        .collect();
    let mut md_after: Vec<MdPart> = Vec::new();
    let mut seen_goals = false;
    for item in &doc.items {
        let dir = match item {
            d::Item::Chapter(c) => {
                if is_committee_doc {
                    let part = MdPart::Chapter(c.title.clone(), blocks_of(&c.prose));
                    if seen_goals {
                        md_after.push(part);
                    } else {
                        plan.md.push(part);
                    }
                }
                continue;
            }
            d::Item::Direction(dir) => dir,
        };
        seen_goals = true;
        if is_committee_doc && !dir.prose.is_empty() {
            plan.md.push(MdPart::Direction(
                dir.number,
                dir.title.clone(),
                blocks_of(&dir.prose),
            ));
        }
        for g in &dir.goals {
            if g.number.is_empty() {
                for cg in &g.committee_goals {
                    dropped.push(format!(
                        "{}: rad {}: nämndmålet \"{}\" står inte under något numrerat KF-mål och kom inte med i nämndplanen",
                        doc.source, cg.line, cg.title
                    ));
                }
                continue;
            }
            let comment = g
                .comment
                .as_ref()
                .map(|c| blocks_of(&c.prose))
                .unwrap_or_default();
            if is_committee_doc && (!g.prose.is_empty() || !comment.is_empty()) {
                plan.md.push(MdPart::KfGoal(
                    g.number.clone(),
                    g.title.clone(),
                    blocks_of(&g.prose),
                    comment,
                ));
            }
            // The nämnd's targets for KF's indicators, and KF's activities it got.
            if !g.indicators.is_empty() || !g.activities.is_empty() {
                let target = plan.kf_goal(&g.number);
                for r in &g.indicators {
                    let Some(id) = kf_indicator(&r.name) else {
                        continue;
                    };
                    match target
                        .indicators
                        .iter_mut()
                        .find(|i| matches!(i, Indicator::Ref { id: x, .. } if *x == id))
                    {
                        Some(Indicator::Ref { target: t, .. }) => {
                            if t.is_none() {
                                *t = r.target.clone();
                            } else if r.target.is_some() && *t != r.target {
                                notes.push(format!(
                                    "{year} {committee}: nämndens årsmål för \"{}\" är {:?} i {} men {:?} i ett annat dokument",
                                    r.name, r.target, doc.source, t
                                ));
                            }
                        }
                        _ => target.indicators.push(Indicator::Ref {
                            id,
                            target: r.target.clone(),
                        }),
                    }
                }
                for a in &g.activities {
                    let id = kf_activity.get(&(g.number.clone(), key(&a.text))).cloned();
                    if let Some(id) = id
                        && !target.activities.contains(&id)
                    {
                        target.activities.push(id);
                    }
                }
            }
            for cg in &g.committee_goals {
                let k = key(&cg.title);
                let pos = goal_at.get(&k).copied();
                let pos = match pos {
                    Some(p) => {
                        let existing = &mut plan.goals[p];
                        if existing.kf_goal != g.number {
                            notes.push(format!(
                                "{year} {committee}: nämndmålet \"{}\" står under KF-mål {} i {} men {} i ett annat dokument",
                                cg.title, g.number, doc.source, existing.kf_goal
                            ));
                        }
                        let new = goal_prose(&cg.intro, &cg.sections);
                        if !new.intro.is_empty()
                            && plain(&new.intro) != plain(&existing.prose.intro)
                        {
                            if existing.prose.intro.is_empty() {
                                existing.prose.intro = new.intro.clone();
                            } else {
                                dropped.push(format!(
                                    "{}: rad {}: texten före avsnitten i nämndmålet \"{}\" lyder annorlunda än i ett tidigare lästa dokument; den först lästa lydelsen behålls",
                                    doc.source, cg.line, cg.title
                                ));
                            }
                        }
                        for (name, blocks) in &new.sections {
                            match existing.prose.sections.iter().find(|(n, _)| n == name) {
                                Some((_, old))
                                    if plain(old) != plain(blocks) && !blocks.is_empty() =>
                                {
                                    notes.push(format!(
                                        "{year} {committee}: avsnittet {name} i nämndmålet \"{}\" lyder annorlunda i {}; den först lästa lydelsen behålls",
                                        cg.title, doc.source
                                    ));
                                }
                                Some(_) => {}
                                None => existing.prose.sections.push((name, blocks.clone())),
                            }
                        }
                        p
                    }
                    None => {
                        let id = ids::unique(&mut ids, &ids::short(&cg.title));
                        plan.goals.push(CommitteeGoal {
                            id: id.clone(),
                            title: cg.title.clone(),
                            kf_goal: g.number.clone(),
                            prose: goal_prose(&cg.intro, &cg.sections),
                            ..Default::default()
                        });
                        plan.md.push(MdPart::CommitteeGoal(id));
                        goal_at.insert(k, plan.goals.len() - 1);
                        plan.goals.len() - 1
                    }
                };
                let goal = &mut plan.goals[pos];
                for r in &cg.indicators {
                    let name_key = key(&r.name);
                    let exists = goal.indicators.iter().any(|i| match i {
                        Indicator::Own { name, .. } => key(name) == name_key,
                        Indicator::Ref { id, .. } => kf_indicator(&r.name).as_deref() == Some(id),
                    });
                    if !exists {
                        goal.indicators.push(indicator(r, &kf_indicator, &mut ids));
                    } else if goal.indicators.iter().any(|i| {
                        matches!(i, Indicator::Own { name, target, .. } if key(name) == name_key && *target != r.target)
                    }) {
                        dropped.push(format!(
                            "{}: rad {}: indikatorn \"{}\" står redan under nämndmålet \"{}\" med ett annat årsmål; raden med årsmålet {} kom inte med",
                            doc.source, r.line, r.name, cg.title, r.target.as_deref().unwrap_or("-")
                        ));
                    }
                }
                for a in &cg.activities {
                    if !activity_keys.insert((pos, key(&a.text))) {
                        if let Some(first) = goal
                            .activities
                            .iter()
                            .find(|x| key(&x.text) == key(&a.text))
                            && (first.start != a.start || first.end != a.end)
                        {
                            dropped.push(format!(
                                "{}: rad {}: aktiviteten \"{}\" står redan under nämndmålet med andra datum; {}–{} kom inte med",
                                doc.source, a.line, a.text, a.start, a.end
                            ));
                        }
                    } else {
                        goal.activities.push(Activity {
                            id: Some(ids::unique(&mut ids, &ids::short(&a.text))),
                            text: a.text.clone(),
                            start: a.start.clone(),
                            end: a.end.clone(),
                        });
                    }
                }
            }
        }
    }
    plan.md.extend(md_after);
    if is_committee_doc {
        for g in doc.unit_goals() {
            notes.push(format!(
                "{}: rad {}: enhetsmålet \"{}\" står i en nämndplan, som inte har enhetsmål; det importeras inte",
                doc.source, g.line, g.title
            ));
        }
        for t in &doc.tables {
            let title = t
                .title
                .clone()
                .or_else(|| t.context.clone())
                .unwrap_or_else(|| "tabell".into());
            let id = ids::unique(&mut ids, &ids::short(&title));
            plan.tables.push((id, t.clone()));
        }
    }
    plan.ids = ids;
    tree.notes.extend(notes);
    tree.dropped.extend(dropped);
}

fn add_unit(tree: &mut Tree, doc: &Document, o: &Overrides, year: i32, committee: &str) {
    let name = o
        .unit_name
        .clone()
        .or_else(|| doc.unit_name.clone())
        .unwrap_or_else(|| {
            tree.incomplete += 1;
            tree.notes.push(format!(
                "{}: enhetens namn framgår inte av texten; planen heter \"Enhet\" tills --unit anges",
                doc.source
            ));
            "Enhet".to_owned()
        });
    let id = o.unit_id.clone().unwrap_or_else(|| ids::short_full(&name));
    let Some(cplan) = tree
        .committees
        .iter()
        .find(|c| c.year == year && c.committee == committee)
        .cloned()
    else {
        return;
    };
    let kf = tree.kf.get(&year).cloned().unwrap_or_default();
    let mut ids: HashSet<String> = HashSet::new();
    let mut unit = UnitPlan {
        year,
        committee: committee.to_owned(),
        id,
        name,
        department: doc.department.clone(),
        continues: o.continues.clone(),
        other_committees: if o.other_committees.is_empty() {
            doc.shared_by
                .iter()
                .filter(|c| *c != committee)
                .cloned()
                .collect()
        } else {
            o.other_committees.clone()
        },
        period: doc.period.clone(),
        adopted: doc.adopted.clone(),
        source: doc.source.clone(),
        ..Default::default()
    };
    let known = |name: &str| {
        kf.indicator_by_name(name)
            .map(|i| i.id.clone())
            .or_else(|| {
                cplan
                    .goals
                    .iter()
                    .flat_map(|g| g.indicators.iter())
                    .find_map(|i| match i {
                        Indicator::Own { id, name: n, .. } if key(n) == key(name) => {
                            Some(id.clone())
                        }
                        _ => None,
                    })
            })
    };
    let mut md_after = Vec::new();
    let mut seen_goals = false;
    for item in &doc.items {
        let dir = match item {
            d::Item::Chapter(c) => {
                let part = MdPart::Chapter(c.title.clone(), blocks_of(&c.prose));
                if seen_goals {
                    md_after.push(part);
                } else {
                    unit.md.push(part);
                }
                continue;
            }
            d::Item::Direction(dir) => dir,
        };
        seen_goals = true;
        // A unit's own text under KF's goals (often a Kommentar) is kept under
        // the same headings as in a nämnd plan.
        if !dir.prose.is_empty() {
            unit.md.push(MdPart::Direction(
                dir.number,
                dir.title.clone(),
                blocks_of(&dir.prose),
            ));
        }
        for g in &dir.goals {
            let comment = g
                .comment
                .as_ref()
                .map(|c| blocks_of(&c.prose))
                .unwrap_or_default();
            let shown: Vec<String> = g
                .indicators
                .iter()
                .filter_map(|r| kf.indicator_by_name(&r.name).map(|i| i.id.clone()))
                .collect();
            if !g.number.is_empty() && !shown.is_empty() {
                unit.kf_goals.push((g.number.clone(), shown));
            }
            if !g.number.is_empty() && (!g.prose.is_empty() || !comment.is_empty()) {
                unit.md.push(MdPart::KfGoal(
                    g.number.clone(),
                    g.title.clone(),
                    blocks_of(&g.prose),
                    comment,
                ));
            }
            for cg in &g.committee_goals {
                let Some(cgoal) = cplan.goals.iter().find(|x| key(&x.title) == key(&cg.title))
                else {
                    // Reported where the nämndmål itself was left out; its unit goals go with it.
                    for ug in &cg.unit_goals {
                        tree.dropped.push(format!(
                            "{}: rad {}: enhetsmålet \"{}\" står under ett nämndmål som inte kom med, och kom inte heller med",
                            doc.source, ug.line, ug.title
                        ));
                    }
                    continue;
                };
                let shown: Vec<String> = cg
                    .activities
                    .iter()
                    .filter_map(|a| {
                        cgoal
                            .activities
                            .iter()
                            .find(|x| key(&x.text) == key(&a.text))
                            .and_then(|x| x.id.clone())
                    })
                    .collect();
                let mut ucg = UnitCommitteeGoal {
                    committee_goal: cgoal.id.clone(),
                    shown_activities: shown,
                    unit_goals: Vec::new(),
                };
                for ug in &cg.unit_goals {
                    let gid = ids::unique(&mut ids, &ids::short(&ug.title));
                    let indicators = ug
                        .indicators
                        .iter()
                        .map(|r| indicator(r, &known, &mut ids))
                        .collect();
                    ucg.unit_goals.push(UnitGoal {
                        id: gid.clone(),
                        title: ug.title.clone(),
                        continues: None,
                        indicators,
                        activities: ug
                            .activities
                            .iter()
                            .map(|a| Activity {
                                id: None,
                                text: a.text.clone(),
                                start: a.start.clone(),
                                end: a.end.clone(),
                            })
                            .collect(),
                        prose: goal_prose(&ug.intro, &ug.sections),
                    });
                    unit.md.push(MdPart::UnitGoal(gid));
                }
                unit.goals.push(ucg);
            }
        }
    }
    unit.md.extend(md_after);
    for t in &doc.tables {
        let title = t
            .title
            .clone()
            .or_else(|| t.context.clone())
            .unwrap_or_else(|| "tabell".into());
        let id = ids::unique(&mut ids, &ids::short(&title));
        unit.tables.push((id, t.clone()));
    }
    tree.units.push(unit);
}
