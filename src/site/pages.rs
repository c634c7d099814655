//! The pages of plans and of the organisation: each plan as `vp render` writes
//! it, a nämnd's year, its rollup, a unit over the years, a diff, the start page.

use super::frame::{Frame, document, framed, link, list, page, para, section, text};
use super::{
    Catalog, CommitteeYear, File, UnitHistory, follow_up_page, goal_page, indicators_page,
    pdf_path, search,
};
use crate::diff::{self, Diff};
use crate::model::FollowUp;
use crate::model::PlanId;
use crate::render::compose::rollup_appendix;
use crate::render::document::*;
use crate::render::{self, html};

fn home() -> (String, String) {
    ("index.html".to_owned(), "Start".to_owned())
}

fn committee_name(cat: &Catalog, committee: &str) -> String {
    cat.input
        .plans
        .committee(committee)
        .map_or_else(|| committee.to_owned(), |c| c.name.clone())
}

/// A plan, as `vp render` writes it, with links to what belongs with it, and
/// its goals and sections for the search index when the site has one.
pub fn plan(cat: &Catalog, p: PlanId) -> (File, Option<search::Page>) {
    let set = cat.input.plans;
    let (path, stem) = &cat.plan_pages[&p];
    let doc = render::document(set, cat.input.sources, p);
    let mut trail = vec![home()];
    let mut related = Vec::new();
    let label = match p {
        PlanId::Committee(id) => {
            let plan = &set[id];
            format!("{} · {}", committee_name(cat, &plan.committee), plan.year)
        }
        PlanId::Unit(id) => {
            let plan = &set[id];
            format!(
                "{} · {} · {}",
                plan.unit.name,
                committee_name(cat, &plan.committee),
                plan.year
            )
        }
    };
    match p {
        PlanId::Committee(id) => {
            let plan = &set[id];
            trail.push((
                Catalog::committee_year_page(&plan.committee, plan.year),
                format!("{} {}", committee_name(cat, &plan.committee), plan.year),
            ));
            if let Some(cy) = cat
                .committee_years
                .iter()
                .find(|c| c.committee == plan.committee && c.year == plan.year)
            {
                if let Some(r) = Catalog::rollup_page(cy) {
                    related.push((r, "Sammanställning av enheternas planer".to_owned()));
                }
                if let Some((from, d)) = &cy.previous {
                    related.push((d.clone(), format!("Jämförelse med {from}")));
                }
                for (to, d) in &cy.next {
                    related.push((d.clone(), format!("Jämförelse med {to}")));
                }
            }
        }
        PlanId::Unit(id) => {
            let plan = &set[id];
            trail.push((
                Catalog::committee_year_page(&plan.committee, plan.year),
                format!("{} {}", committee_name(cat, &plan.committee), plan.year),
            ));
            let history = &cat.units[cat.unit_of[&id]];
            trail.push((history.path.clone(), history.name.clone()));
            for (old, new, d) in &history.diffs {
                if *old == id {
                    related.push((d.clone(), format!("Jämförelse med {}", set[*new].year)));
                } else if *new == id {
                    related.push((d.clone(), format!("Jämförelse med {}", set[*old].year)));
                }
            }
        }
    }
    if cat.input.pdfs.contains(stem) {
        related.push((pdf_path(stem), "Planen som PDF".to_owned()));
    }
    for f in set.follow_ups.iter().filter(|f| f.plan == p) {
        related.push((follow_up_page(set, f), report_title(f)));
    }
    let title = format!("{} – {}", doc.title, doc.organisation);
    let search = cat.input.search.then(|| search::Page {
        path: path.clone(),
        label,
        docs: search::documents(&doc),
        repeats: None,
    });
    (framed(path, &title, &trail, &related, &doc), search)
}

/// A nämnd's year: its plan, rollup, diffs and the units serving it.
pub fn committee_year(cat: &Catalog, cy: &CommitteeYear) -> File {
    let set = cat.input.plans;
    let path = Catalog::committee_year_page(&cy.committee, cy.year);
    let mut sections = Vec::new();
    let plan_blocks = match &cy.plan {
        Some((p, page)) => {
            let mut items = vec![vec![link(
                &path,
                page,
                format!("Verksamhetsplan {} (tjänsteutlåtande)", cy.year),
            )]];
            let stem = &cat.plan_pages[p].1;
            if cat.input.pdfs.contains(stem) {
                items.push(vec![link(&path, &pdf_path(stem), "Planen som PDF")]);
            }
            if let Some(r) = Catalog::rollup_page(cy) {
                items.push(vec![link(
                    &path,
                    &r,
                    "Sammanställning av enheternas planer",
                )]);
            }
            if let Some((from, d)) = &cy.previous {
                items.push(vec![link(&path, d, format!("Jämförelse med {from}"))]);
            }
            for (to, d) in &cy.next {
                items.push(vec![link(&path, d, format!("Jämförelse med {to}"))]);
            }
            vec![list(items)]
        }
        None => vec![para(vec![text(format!(
            "Nämndens plan för {} finns inte i planträdet.",
            cy.year
        ))])],
    };
    sections.push(section("namndens-plan", "Nämndens plan", 1, plan_blocks));
    sections.push(follow_up_section(cat, cy, &path));
    let units: Vec<Vec<Inline>> = cy
        .units
        .iter()
        .map(|&u| {
            let plan = &set[u];
            let mut item = vec![link(&path, cat.plan_page(PlanId::Unit(u)), &plan.unit.name)];
            if let Some(d) = &plan.unit.department {
                item.push(text(format!(", {d}")));
            }
            if plan.committee != cy.committee {
                item.push(text(format!(
                    " (delad enhet, hör till {})",
                    committee_name(cat, &plan.committee)
                )));
            }
            item.push(text(" · "));
            item.push(link(
                &path,
                &cat.units[cat.unit_of[&u]].path,
                "planer över åren",
            ));
            item
        })
        .collect();
    let unit_blocks = if units.is_empty() {
        vec![para(vec![text("Inga enheters planer för året.")])]
    } else {
        vec![list(units)]
    };
    sections.push(section(
        "enheternas-planer",
        "Enheternas planer",
        1,
        unit_blocks,
    ));
    if let Some((PlanId::Committee(id), _)) = &cy.plan {
        let mut goals: Vec<Vec<Inline>> = Vec::new();
        let mut seen = Vec::new();
        for g in &set[*id].goals {
            if seen.contains(&&g.kf_goal) {
                continue;
            }
            seen.push(&g.kf_goal);
            if let Some(kf) = set.kf_years.get(&cy.year).and_then(|k| k.goal(&g.kf_goal)) {
                goals.push(vec![link(
                    &path,
                    &goal_page(cy.year, &kf.number),
                    format!("{} {}", kf.number, kf.title),
                )]);
            }
        }
        if !goals.is_empty() {
            sections.push(section(
                "kf-mal",
                "KF:s mål som nämndens mål tjänar",
                1,
                vec![list(goals)],
            ));
        }
    }
    let doc = document(
        &format!("Verksamhetsplaner {}", cy.year),
        &cy.name,
        "Nämnd och år",
        sections,
    );
    let title = format!("{} {}", cy.name, cy.year);
    framed(&path, &title, &[home()], &[], &doc)
}

/// A follow-up's name: `Tertialrapport 1 2020`.
fn report_title(f: &FollowUp) -> String {
    let name = f.period.report_name();
    let mut chars = name.chars();
    let first = chars.next().map(|c| c.to_uppercase().collect::<String>());
    format!("{}{} {}", first.unwrap_or_default(), chars.as_str(), f.year)
}

/// The nämnd's follow-up of the year: its tertialrapporter and
/// verksamhetsberättelse and the units', each linked to its page.
fn follow_up_section(cat: &Catalog, cy: &CommitteeYear, path: &str) -> Section {
    let set = cat.input.plans;
    let mut items: Vec<Vec<Inline>> = Vec::new();
    let of = |p: PlanId| set.follow_ups.iter().filter(move |f| f.plan == p);
    if let Some((p, _)) = &cy.plan {
        for f in of(*p) {
            items.push(vec![link(
                path,
                &follow_up_page(set, f),
                format!("Nämndens {}", report_title(f).to_lowercase()),
            )]);
        }
    }
    for &u in &cy.units {
        for f in of(PlanId::Unit(u)) {
            items.push(vec![link(
                path,
                &follow_up_page(set, f),
                format!("{}: {}", set[u].unit.name, report_title(f).to_lowercase()),
            )]);
        }
    }
    let blocks = if items.is_empty() {
        vec![para(vec![text(format!(
            "Tertialrapporter och verksamhetsberättelse för {} finns inte i planträdet.",
            cy.year
        ))])]
    } else {
        vec![list(items)]
    };
    section("uppfoljning", "Uppföljning", 1, blocks)
}

/// A follow-up (tertialrapport or verksamhetsberättelse) as `vp render` writes
/// it, linked to its plan and its nämnd's year.
pub fn follow_up(cat: &Catalog, f: &FollowUp) -> File {
    let set = cat.input.plans;
    let path = follow_up_page(set, f);
    let doc = crate::render::followup::document(set, f);
    let (committee, year) = match f.plan {
        PlanId::Committee(c) => (&set[c].committee, set[c].year),
        PlanId::Unit(u) => (&set[u].committee, set[u].year),
    };
    let trail = [
        home(),
        (
            Catalog::committee_year_page(committee, year),
            format!("{} {year}", committee_name(cat, committee)),
        ),
    ];
    let related = [(
        cat.plan_page(f.plan).to_owned(),
        format!("Verksamhetsplan {year}"),
    )];
    let title = format!("{} – {}", doc.title, doc.organisation);
    framed(&path, &title, &trail, &related, &doc)
}

/// The rollup of a nämnd's year as a page, as the rendered plan's appendix has it.
pub fn rollup(cat: &Catalog, cy: &CommitteeYear) -> File {
    let path = Catalog::rollup_page(cy).expect("only nämnd years with a rollup");
    let mut sections = Vec::new();
    if let Some(mut s) = rollup_appendix(cat.input.plans, cat.input.sources, &cy.committee, cy.year)
    {
        s.title = "Enheternas mål under nämndmålen".to_owned();
        s.page_break = false;
        sections.push(s);
    }
    let doc = document(
        &format!("Sammanställning av enheternas planer {}", cy.year),
        &cy.name,
        "Sammanställning",
        sections,
    );
    let title = format!("Sammanställning {} {}", cy.name, cy.year);
    let mut related = Vec::new();
    if let Some((_, p)) = &cy.plan {
        related.push((p.clone(), format!("Nämndens plan {}", cy.year)));
    }
    let trail = [
        home(),
        (
            Catalog::committee_year_page(&cy.committee, cy.year),
            format!("{} {}", cy.name, cy.year),
        ),
    ];
    framed(&path, &title, &trail, &related, &doc)
}

/// A unit's plans over the years and the diffs between them.
pub fn unit(cat: &Catalog, u: &UnitHistory) -> File {
    let set = cat.input.plans;
    let path = &u.path;
    let plans: Vec<Vec<Inline>> = u
        .plans
        .iter()
        .map(|&id| {
            let plan = &set[id];
            let mut item = vec![link(
                path,
                cat.plan_page(PlanId::Unit(id)),
                format!("Verksamhetsplan {}", plan.year),
            )];
            item.push(text(format!(
                ", {} ({})",
                plan.unit.name,
                committee_name(cat, &plan.committee)
            )));
            let stem = &cat.plan_pages[&PlanId::Unit(id)].1;
            if cat.input.pdfs.contains(stem) {
                item.push(text(" · "));
                item.push(link(path, &pdf_path(stem), format!("PDF {}", plan.year)));
            }
            item
        })
        .collect();
    let mut sections = vec![section("planer", "Planer", 1, vec![list(plans)])];
    let diffs: Vec<Vec<Inline>> = u
        .diffs
        .iter()
        .map(|(old, new, d)| {
            vec![link(
                path,
                d,
                format!("Från {} till {}", set[*old].year, set[*new].year),
            )]
        })
        .collect();
    sections.push(section(
        "jamforelser",
        "Jämförelser mellan åren",
        1,
        if diffs.is_empty() {
            vec![para(vec![text(
                "Enheten har en plan; det finns inget att jämföra med.",
            )])]
        } else {
            vec![list(diffs)]
        },
    ));
    let doc = document("Verksamhetsplaner över åren", &u.name, "Enhet", sections);
    framed(path, &u.name, &[home()], &[], &doc)
}

/// A diff as `vp diff` writes it, in the site's frame; `back` links the pages it compares.
pub fn diff_page(path: &str, d: &Diff, back: &[(String, String)]) -> File {
    let parts = diff::format::html_parts(d);
    let body = format!(
        "<header class=\"doc-header\">\n<p class=\"running-head\">Jämförelse</p>\n<h1>{}</h1>\n{}</header>\n<main id=\"innehall\">\n{}</main>\n",
        html::escape(&parts.title),
        parts.intro,
        parts.main
    );
    let frame = Frame {
        path,
        title: &parts.title,
        trail: &[home()],
        related: back,
        extra_css: diff::format::HTML_MARKS,
        script: None,
    };
    File {
        path: path.to_owned(),
        title: Some(parts.title.clone()),
        bytes: page(&frame, &body).into_bytes(),
    }
}

/// The start page: nämnder × years, each year's nämnder with their units, KF's goals.
pub fn start(cat: &Catalog) -> File {
    let set = cat.input.plans;
    let path = "index.html";
    let mut sections = Vec::new();
    let committees: Vec<(&str, &str)> = set
        .committees
        .iter()
        .filter(|c| cat.committee_years.iter().any(|cy| cy.committee == c.id))
        .map(|c| (c.id.as_str(), c.name.as_str()))
        .collect();
    let mut columns = vec![Column {
        title: "Nämnd".into(),
        align: Align::Left,
    }];
    columns.extend(cat.years.iter().map(|y| Column {
        title: y.to_string(),
        align: Align::Left,
    }));
    let rows = committees
        .iter()
        .map(|(id, name)| {
            let mut cells = vec![vec![text(*name)]];
            for &y in &cat.years {
                cells.push(
                    match cat
                        .committee_years
                        .iter()
                        .find(|cy| cy.committee == *id && cy.year == y)
                    {
                        Some(cy) => {
                            let what = match (cy.plan.is_some(), cy.units.len()) {
                                (true, 0) => "nämndens plan".to_owned(),
                                (true, 1) => "nämndens plan, 1 enhet".to_owned(),
                                (true, n) => format!("nämndens plan, {n} enheter"),
                                (false, 1) => "1 enhet".to_owned(),
                                (false, n) => format!("{n} enheter"),
                            };
                            vec![link(path, &Catalog::committee_year_page(id, y), what)]
                        }
                        None => vec![text("–")],
                    },
                );
            }
            Row::plain(cells)
        })
        .collect();
    sections.push(section(
        "namnder-och-ar",
        "Nämnder och år",
        1,
        vec![
            para(vec![text(
                "Varje nämnds planer per år: nämndens verksamhetsplan, sammanställningen av enheternas planer och jämförelsen med året före.",
            )]),
            Block::Table {
                kind: TableKind::Prose,
                caption: Some("Nämndernas planer per år".into()),
                unit: None,
                columns,
                rows,
            },
        ],
    ));
    for &y in cat.years.iter().rev() {
        let mut year = section(format!("ar-{y}"), format!("Planerna {y}"), 1, Vec::new());
        for cy in cat.committee_years.iter().filter(|cy| cy.year == y) {
            let here = Catalog::committee_year_page(&cy.committee, y);
            let mut items = Vec::new();
            if let Some((_, p)) = &cy.plan {
                items.push(vec![link(path, p, format!("Nämndens verksamhetsplan {y}"))]);
            }
            for &u in &cy.units {
                items.push(vec![link(
                    path,
                    cat.plan_page(PlanId::Unit(u)),
                    &set[u].unit.name,
                )]);
            }
            let mut s = section(
                format!("ar-{y}-{}", cy.committee),
                &cy.name,
                2,
                vec![para(vec![link(
                    path,
                    &here,
                    format!("{} {y}: översikt", cy.name),
                )])],
            );
            s.blocks.push(list(items));
            year.sections.push(s);
        }
        if let Some(kf) = set.kf_years.get(&y) {
            let goals: Vec<Vec<Inline>> = kf
                .goals()
                .map(|g| {
                    vec![link(
                        path,
                        &goal_page(y, &g.number),
                        format!("{} {}", g.number, g.title),
                    )]
                })
                .collect();
            let mut s = section(
                format!("ar-{y}-kf"),
                format!("KF:s mål {y}"),
                2,
                vec![list(goals)],
            );
            s.blocks.push(para(vec![link(
                path,
                &indicators_page(y),
                format!("KF:s indikatorer {y}"),
            )]));
            year.sections.push(s);
        }
        sections.push(year);
    }
    let doc = document(
        super::frame::SITE_NAME,
        "Nämndernas och enheternas planer, alla år",
        "Start",
        sections,
    );
    framed(path, "Start", &[], &[], &doc)
}
