//! `vp site`: every plan of every year as one static website, pure. The plan
//! graph → the site's [`Catalog`] (which pages exist and where) → every page as
//! bytes, in a fixed order. Pages are `vp render`'s documents, `vp rollup`'s
//! appendix and `vp diff`'s comparison in one frame ([`frame`]), with the pages
//! only a whole tree can give: a KF goal read downwards through every nämndmål
//! and enhetsmål serving it, a KF indicator's targets side by side (`kf`).
//! The search index over every goal and section of the plans ([`search`]) is
//! built with the pages. Writing the files is the CLI's.
//!
//! Every link is relative and every page sits at most one folder down, so the
//! site works from any static host and from `file://`.

mod about;
pub mod frame;
mod kf;
mod pages;
pub mod search;

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use crate::diff::{self, Selection, Tree};
use crate::model::value::slug;
use crate::model::{Element, PlanId, PlanSet, UnitPlanId};
use crate::render::{self, Filter};
use crate::source::SourceMap;

/// The file a built site holds at its root, so that the next build knows the
/// folder is a site it may replace as a whole.
pub const MARKER: &str = ".vp-webbplats";

/// What a site is built from.
#[derive(Clone, Copy)]
pub struct Input<'a> {
    pub plans: &'a PlanSet,
    pub sources: &'a SourceMap,
    /// The tree's root (the folder of `organisation.yaml`), for the paths a diff names.
    pub root: &'a std::path::Path,
    /// The plans (by file stem, as `vp render` names them) whose PDF the site
    /// carries at [`pdf_path`]; the CLI copies them in.
    pub pdfs: &'a BTreeSet<String>,
    /// The address the site is published at (`https://…/`, ending in `/`), for
    /// `sitemap.xml`, whose addresses must be absolute; without it there is none.
    pub address: Option<&'a str>,
    /// Whether the site has its search index.
    pub search: bool,
}

/// One file of the site: its path from the site's root, with `/` between folders.
#[derive(Debug, PartialEq, Eq)]
pub struct File {
    pub path: String,
    /// A page's title, for the site map.
    pub title: Option<String>,
    pub bytes: Vec<u8>,
}

/// Where a plan's PDF sits in the site.
pub fn pdf_path(stem: &str) -> String {
    format!("pdf/{stem}.pdf")
}

/// A link from the page at `from` to `to` (both paths from the site's root),
/// relative, so the site works wherever it is put.
pub fn href(from: &str, to: &str) -> String {
    let depth = from.matches('/').count();
    let mut s = "../".repeat(depth);
    s.push_str(to);
    s
}

/// A KF goal's page.
pub fn goal_page(year: i32, number: &str) -> String {
    format!("kf/{year}-mal-{}.html", slug(number))
}

/// The page listing a year's KF indicators.
pub fn indicators_page(year: i32) -> String {
    format!("kf/{year}-indikatorer.html")
}

/// A KF indicator's page.
pub fn indicator_page(year: i32, id: &str) -> String {
    format!("kf/{year}-indikator-{}.html", slug(id))
}

/// A follow-up's page (tertialrapport, verksamhetsberättelse): `vp render`'s name for it.
pub fn follow_up_page(set: &PlanSet, f: &crate::model::FollowUp) -> String {
    format!("uppfoljning/{}.html", render::followup::stem(set, f))
}

/// A nämnd's year: its plan, the units serving it, the years it is compared with.
#[derive(Debug)]
pub struct CommitteeYear {
    pub committee: String,
    pub name: String,
    pub year: i32,
    /// The nämnd's plan and its page, when there is one.
    pub plan: Option<(PlanId, String)>,
    /// The unit plans serving the nämnd that year, in file order.
    pub units: Vec<UnitPlanId>,
    /// The diff page against the nämnd's plan of an earlier year (its lineage's, after a merger).
    pub previous: Option<(i32, String)>,
    /// The diff pages of later years against this one: (year, page).
    pub next: Vec<(i32, String)>,
}

/// A unit over the years: its plans linked by `fortsätter` (or by keeping its id).
#[derive(Debug)]
pub struct UnitHistory {
    /// The page.
    pub path: String,
    pub name: String,
    /// Its plans, oldest first.
    pub plans: Vec<UnitPlanId>,
    /// Diff pages between consecutive plans: (older plan, newer plan, page).
    pub diffs: Vec<(UnitPlanId, UnitPlanId, String)>,
}

/// Everything the site holds and where: built once, read by every page.
pub struct Catalog<'a> {
    pub input: Input<'a>,
    /// Each plan's page and stem (`vp render`'s file name).
    pub plan_pages: BTreeMap<PlanId, (String, String)>,
    /// Nämnd years, by year, then in organisation order.
    pub committee_years: Vec<CommitteeYear>,
    pub units: Vec<UnitHistory>,
    /// A unit plan's history (an index into `units`).
    pub unit_of: BTreeMap<UnitPlanId, usize>,
    pub years: Vec<i32>,
}

impl<'a> Catalog<'a> {
    fn new(input: Input<'a>) -> Catalog<'a> {
        let set = input.plans;
        let plan_pages: BTreeMap<PlanId, (String, String)> = render::jobs(set, &Filter::default())
            .into_iter()
            .map(|j| (j.plan, (format!("plan/{}.html", j.stem), j.stem)))
            .collect();
        let mut years: BTreeSet<i32> = set.kf_years.keys().copied().collect();
        years.extend(set.committee_plans.iter().map(|p| p.year));
        years.extend(set.unit_plans.iter().map(|p| p.year));
        let years: Vec<i32> = years.into_iter().collect();

        let mut committee_years = Vec::new();
        for &year in &years {
            for c in &set.committees {
                let plan = set.committee_plan_id(&c.id, year).map(PlanId::Committee);
                let units = set.plans_serving(&c.id, year).to_vec();
                if plan.is_none() && units.is_empty() {
                    continue;
                }
                committee_years.push(CommitteeYear {
                    committee: c.id.clone(),
                    name: c.name.clone(),
                    year,
                    plan: plan.map(|p| (p, plan_pages[&p].0.clone())),
                    units,
                    previous: None,
                    next: Vec::new(),
                });
            }
        }
        // A nämnd plan is compared with the latest earlier plan of its nämnd or
        // of a nämnd it continues.
        for i in 0..committee_years.len() {
            let cy = &committee_years[i];
            if cy.plan.is_none() {
                continue;
            }
            let lineage = set.committee_lineage(&cy.committee);
            let earlier = committee_years
                .iter()
                .enumerate()
                .filter(|(_, o)| {
                    o.year < cy.year && o.plan.is_some() && lineage.contains(&o.committee.as_str())
                })
                .map(|(j, o)| (o.year, j))
                .max();
            if let Some((from, j)) = earlier {
                let page = format!("jamforelse/{}-{from}-{}.html", cy.committee, cy.year);
                let to = cy.year;
                committee_years[i].previous = Some((from, page.clone()));
                committee_years[j].next.push((to, page));
            }
        }

        // Unit plans joined by their predecessors, oldest first.
        let mut order: Vec<(i32, UnitPlanId)> =
            set.unit_plan_ids().map(|(id, p)| (p.year, id)).collect();
        order.sort();
        let mut units: Vec<UnitHistory> = Vec::new();
        let mut unit_of: BTreeMap<UnitPlanId, usize> = BTreeMap::new();
        for &(_, id) in &order {
            let prev = set
                .predecessors(Element::UnitPlan(id))
                .iter()
                .find_map(|e| match e {
                    Element::UnitPlan(p) => Some(*p),
                    _ => None,
                });
            match prev.and_then(|p| unit_of.get(&p).map(|&h| (p, h))) {
                Some((p, h)) => {
                    let plan = &set[id];
                    let page = format!(
                        "jamforelse/{}-{}-{}-{}.html",
                        plan.committee, plan.unit.id, set[p].year, plan.year
                    );
                    units[h].plans.push(id);
                    units[h].diffs.push((p, id, page));
                    unit_of.insert(id, h);
                }
                None => {
                    unit_of.insert(id, units.len());
                    units.push(UnitHistory {
                        path: String::new(),
                        name: String::new(),
                        plans: vec![id],
                        diffs: Vec::new(),
                    });
                }
            }
        }
        // Each unit's page is named for its latest plan.
        let mut taken = BTreeSet::new();
        for u in &mut units {
            let last = &set[*u.plans.last().expect("a history has a plan")];
            u.name = last.unit.name.clone();
            let base = format!("enhet/{}-{}", last.committee, last.unit.id);
            let mut path = format!("{base}.html");
            let mut n = 2;
            while !taken.insert(path.clone()) {
                path = format!("{base}-{n}.html");
                n += 1;
            }
            u.path = path;
        }
        Catalog {
            input,
            plan_pages,
            committee_years,
            units,
            unit_of,
            years,
        }
    }

    /// A plan's page.
    pub fn plan_page(&self, plan: PlanId) -> &str {
        &self.plan_pages[&plan].0
    }

    /// The nämnd year's page.
    pub fn committee_year_page(committee: &str, year: i32) -> String {
        format!("namnd/{committee}-{year}.html")
    }

    /// The rollup's page for a nämnd year that has a plan and units.
    pub fn rollup_page(cy: &CommitteeYear) -> Option<String> {
        (cy.plan.is_some() && !cy.units.is_empty())
            .then(|| format!("sammanstallning/{}-{}.html", cy.committee, cy.year))
    }

    fn tree(&self) -> Tree<'a> {
        Tree {
            plans: self.input.plans,
            sources: self.input.sources,
            root: self.input.root,
        }
    }
}

/// One page to make: what it is, so pages are made in parallel and collected in order.
enum Job<'c> {
    Plan(PlanId),
    CommitteeYear(&'c CommitteeYear),
    Rollup(&'c CommitteeYear),
    CommitteeDiff(&'c CommitteeYear),
    Unit(&'c UnitHistory),
    UnitDiff(UnitPlanId, UnitPlanId, &'c str),
    /// A follow-up, by its place in the plan set's.
    FollowUp(usize),
}

/// Every file of the site, sorted by path: the same tree gives the same bytes.
pub fn build(input: Input) -> Vec<File> {
    let cat = Catalog::new(input);
    let mut jobs: Vec<Job> = cat.plan_pages.keys().map(|&p| Job::Plan(p)).collect();
    for cy in &cat.committee_years {
        jobs.push(Job::CommitteeYear(cy));
        if Catalog::rollup_page(cy).is_some() {
            jobs.push(Job::Rollup(cy));
        }
        if cy.previous.is_some() {
            jobs.push(Job::CommitteeDiff(cy));
        }
    }
    for u in &cat.units {
        jobs.push(Job::Unit(u));
        for (old, new, page) in &u.diffs {
            jobs.push(Job::UnitDiff(*old, *new, page));
        }
    }
    jobs.extend((0..input.plans.follow_ups.len()).map(Job::FollowUp));
    let (mut files, found): (Vec<File>, Vec<Option<(PlanId, search::Page)>>) = jobs
        .par_iter()
        .map(|job| match *job {
            Job::Plan(p) => {
                let (file, found) = pages::plan(&cat, p);
                (file, found.map(|f| (p, f)))
            }
            Job::CommitteeYear(cy) => (pages::committee_year(&cat, cy), None),
            Job::Rollup(cy) => (pages::rollup(&cat, cy), None),
            Job::CommitteeDiff(cy) => (committee_diff(&cat, cy), None),
            Job::Unit(u) => (pages::unit(&cat, u), None),
            Job::UnitDiff(old, new, page) => (unit_diff(&cat, old, new, page), None),
            Job::FollowUp(i) => (pages::follow_up(&cat, &cat.input.plans.follow_ups[i]), None),
        })
        .unzip();
    if input.search {
        files.extend(search_index(
            input.plans,
            found.into_iter().flatten().collect(),
        ));
    }
    files.extend(kf::pages(&cat));
    files.push(pages::start(&cat));
    files.extend(about::pages(&cat, &files));
    // The plans' typeface, shipped with the site (the print's, typst's), and its licence.
    for (name, bytes) in crate::typst_cli::FONTS {
        files.push(File {
            path: format!("fonts/{name}"),
            title: None,
            bytes: bytes.to_vec(),
        });
    }
    files.push(File {
        path: "fonts/OFL.txt".to_owned(),
        title: None,
        bytes: include_bytes!("../../templates/fonts/OFL.txt").to_vec(),
    });
    files.push(File {
        path: MARKER.to_owned(),
        title: None,
        bytes: "Den här katalogen är en webbplats byggd av `vp site`. Nästa bygge ersätter hela katalogen.\n"
            .as_bytes()
            .to_vec(),
    });
    // Stable: where two pages would share a path (ids that slug alike), the first made is kept.
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files.dedup_by(|later, first| later.path == first.path);
    files
}

/// The search index over the plans' pages (in plan order: the same tree gives
/// the same numbering), a unit plan's text repeated from its nämnd's plan of
/// the year indexed at the nämnd's only.
fn search_index(set: &PlanSet, found: Vec<(PlanId, search::Page)>) -> Vec<File> {
    let at: BTreeMap<PlanId, usize> = found
        .iter()
        .enumerate()
        .map(|(i, (p, _))| (*p, i))
        .collect();
    let pages: Vec<search::Page> = found
        .into_iter()
        .map(|(p, mut page)| {
            if let PlanId::Unit(u) = p {
                let plan = &set[u];
                page.repeats = set
                    .committee_plan_id(&plan.committee, plan.year)
                    .and_then(|c| at.get(&PlanId::Committee(c)).copied());
            }
            page
        })
        .collect();
    search::index(&pages)
}

/// The diff of a nämnd plan against its earlier year, as `vp diff` writes it.
fn committee_diff(cat: &Catalog, cy: &CommitteeYear) -> File {
    let (from, path) = cy
        .previous
        .as_ref()
        .expect("only nämnd years with an earlier plan");
    let d = diff::years(
        cat.tree(),
        *from,
        cy.year,
        &Selection {
            committee: Some(cy.committee.clone()),
            unit: None,
        },
    );
    let back = vec![
        (
            Catalog::committee_year_page(&cy.committee, cy.year),
            format!("{} {}", cy.name, cy.year),
        ),
        (
            cat.committee_years
                .iter()
                .find(|o| o.year == *from && o.next.iter().any(|(_, p)| p == path))
                .map_or_else(
                    || Catalog::committee_year_page(&cy.committee, *from),
                    |o| Catalog::committee_year_page(&o.committee, o.year),
                ),
            format!("{} {from}", cy.name),
        ),
    ];
    pages::diff_page(path, &d, &back)
}

/// The diff between two consecutive plans of a unit, as `vp diff` writes it.
fn unit_diff(cat: &Catalog, old: UnitPlanId, new: UnitPlanId, path: &str) -> File {
    let set = cat.input.plans;
    let (o, n) = (&set[old], &set[new]);
    let d = diff::years(
        cat.tree(),
        o.year,
        n.year,
        &Selection {
            committee: Some(n.committee.clone()),
            unit: Some(n.unit.id.clone()),
        },
    );
    let history = &cat.units[cat.unit_of[&new]];
    let back = vec![
        (history.path.clone(), n.unit.name.clone()),
        (
            cat.plan_page(PlanId::Unit(old)).to_owned(),
            format!("Verksamhetsplan {}", o.year),
        ),
        (
            cat.plan_page(PlanId::Unit(new)).to_owned(),
            format!("Verksamhetsplan {}", n.year),
        ),
    ];
    pages::diff_page(path, &d, &back)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_relative_to_the_page() {
        assert_eq!(href("index.html", "plan/a.html"), "plan/a.html");
        assert_eq!(href("plan/a.html", "index.html"), "../index.html");
        assert_eq!(href("plan/a.html", "plan/b.html#m"), "../plan/b.html#m");
    }
}
