//! `vp impact`: what a changed KF budget means for the plans, pure.
//!
//! The tree's KF budget for a year against a changed one (the avstämning, a
//! tertialrapport decision): KF goals removed, renumbered or reworded (paired as
//! `vp new-year` and `vp diff` pair them), KF indicators removed, moved to another
//! KF goal or given a new årsmål, KF activities removed or moved. For each change,
//! every nämnd plan and unit plan row that refers to what changed, with its place.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use crate::model::id::{IndicatorKey, IndicatorOwner};
use crate::model::value::Target;
use crate::model::{KfGoal, KfYear, PlanSet};
use crate::newyear::{Link, kf_goal_links};
use crate::source::{Place, SourceMap, Span};

/// A place in a plan that refers to what changed.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq, Eq)]
pub struct Reference {
    /// Where it stands, as every JSON output of vp writes a place.
    pub location: Place,
    /// What stands there, in Swedish: a nämndmål, a plan's part under a KF goal, an indicator row.
    pub what: String,
}

/// One change in KF's budget and the places it reaches.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Change {
    /// `borttaget`, `omnumrerat`, `omformulerat`, `borttagen`, `flyttad`, `nytt årsmål`.
    #[schemars(with = "ChangeKind")]
    pub kind: &'static str,
    /// What changed, in Swedish: "KF-mål 1.3", an indicator or an activity by its id.
    pub subject: String,
    pub before: String,
    /// None when it was removed.
    pub after: Option<String>,
    /// Where the change stands in the changed file, when it is there.
    pub location: Option<Place>,
    pub references: Vec<Reference>,
}

/// The values of [`Change::kind`].
#[derive(JsonSchema)]
#[allow(dead_code)] // Only its schema is used.
enum ChangeKind {
    #[serde(rename = "borttaget")]
    Removed,
    #[serde(rename = "omnumrerat")]
    Renumbered,
    #[serde(rename = "omformulerat")]
    Reworded,
    #[serde(rename = "borttagen")]
    RemovedRow,
    #[serde(rename = "flyttad")]
    Moved,
    #[serde(rename = "nytt årsmål")]
    NewTarget,
}

/// The version of `vp impact --format json` (2: places became `location` objects).
pub const JSON_VERSION: u32 = 2;

/// Where `vp schema` writes [`Impact`]'s schema.
pub const SCHEMA_FILE: &str = "impact.schema.json";

/// The whole answer.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Impact {
    /// The format's version (docs/json.md).
    pub version: u32,
    pub year: i32,
    /// The budget compared with (the tree's, or `REV:path` at `--fran`), and the
    /// changed one (the file as given, or `REV:path` at `--till`).
    pub tree_file: String,
    pub changed_file: String,
    pub changes: Vec<Change>,
}

impl Impact {
    /// Places in the plans that must be looked at.
    pub fn references(&self) -> usize {
        self.changes.iter().map(|c| c.references.len()).sum()
    }
}

fn locate(sources: &SourceMap, span: Span, what: String) -> Reference {
    Reference {
        location: at(sources, span),
        what,
    }
}

fn at(sources: &SourceMap, span: Span) -> Place {
    sources.locate(span).to_place()
}

/// `file:line`, as the text and Markdown reports show a place.
fn file_line(p: &Place) -> String {
    format!("{}:{}", p.file, p.line.unwrap_or_default())
}

fn target_text(t: &Target) -> String {
    match t {
        Target::Number { text, .. } | Target::Marker { text, .. } => text.clone(),
        Target::Empty => "(inget)".to_owned(),
    }
}

/// Every place in the year's plans that names KF goal `number`: nämndmål under it
/// and plans' parts under it (`kf_mål`).
fn goal_references(set: &PlanSet, sources: &SourceMap, year: i32, number: &str) -> Vec<Reference> {
    let mut out = Vec::new();
    for p in set.committee_plans.iter().filter(|p| p.year == year) {
        for g in p.goals.iter().filter(|g| g.kf_goal == number) {
            out.push(locate(sources, g.span, format!("nämndmål `{}`", g.id)));
        }
        for k in p.kf_goals.iter().filter(|k| k.kf_goal == number) {
            out.push(locate(
                sources,
                k.span,
                format!("nämndplanens del under KF-mål {number}"),
            ));
        }
    }
    for (_, u) in set.unit_plan_ids().filter(|(_, u)| u.year == year) {
        for k in u.kf_goals.iter().filter(|k| k.kf_goal == number) {
            out.push(locate(
                sources,
                k.span,
                format!("enhetsplanens del under KF-mål {number}"),
            ));
        }
    }
    out
}

/// Every plan row showing KF's indicator `id` (KF's own definition left out).
fn indicator_references(set: &PlanSet, sources: &SourceMap, year: i32, id: &str) -> Vec<Reference> {
    let key = IndicatorKey {
        owner: IndicatorOwner::Kf(year),
        id: id.to_owned(),
    };
    set.rows_showing(&key)
        .iter()
        .filter(|r| !matches!(r.place, crate::model::graph::RowPlace::Kf(_)))
        .map(|r| locate(sources, set[*r].span, format!("indikatorrad `{id}`")))
        .collect()
}

/// Every plan's reference to KF's activity `id`.
fn activity_references(set: &PlanSet, sources: &SourceMap, year: i32, id: &str) -> Vec<Reference> {
    let mut out = Vec::new();
    let groups = set
        .committee_plans
        .iter()
        .filter(|p| p.year == year)
        .flat_map(|p| p.kf_goals.iter())
        .chain(
            set.unit_plans
                .iter()
                .filter(|u| u.year == year)
                .flat_map(|u| u.kf_goals.iter()),
        );
    for k in groups {
        for a in k.activities.iter().filter(|a| a.id.as_deref() == Some(id)) {
            out.push(locate(sources, a.span, format!("aktivitet `{id}`")));
        }
    }
    out
}

/// The goal each indicator and activity id stands under, with the row.
fn by_id<'a, T>(
    kf: &'a KfYear,
    rows: impl Fn(&'a KfGoal) -> Vec<(&'a str, &'a T)>,
) -> BTreeMap<&'a str, (&'a KfGoal, &'a T)> {
    let mut out = BTreeMap::new();
    for g in kf.goals() {
        for (id, row) in rows(g) {
            out.entry(id).or_insert((g, row));
        }
    }
    out
}

/// The changes from one budget (`old`, read into `old_sources`: the tree's, or a
/// revision's) to the changed one (`new`, read on its own into `new_sources`),
/// each with the references to it of the plans in `set`.
pub fn impact(
    set: &PlanSet,
    sources: &SourceMap,
    (old, old_sources): (&KfYear, &SourceMap),
    (new, new_sources): (&KfYear, &SourceMap),
) -> Impact {
    let year = old.year;
    let mut changes = Vec::new();
    let old_goals: Vec<&KfGoal> = old.goals().collect();
    let new_goals: Vec<&KfGoal> = new.goals().collect();
    let links = kf_goal_links(&old_goals, &new_goals, year, new.year);
    let new_goal = |number: &str| new_goals.iter().find(|g| g.number == number).copied();
    // Where each old goal went: its number in the new budget.
    let mut goes_to: BTreeMap<&str, Option<&str>> = BTreeMap::new();
    for g in &old_goals {
        let link = links.get(&g.number);
        let (kind, after, to) = match link {
            Some(Link::To { number, how, .. }) if *number == g.number && *how == "samma" => {
                goes_to.insert(&g.number, Some(&g.number));
                continue;
            }
            Some(Link::To { number, .. }) => {
                let n = new_goal(number);
                let title = n.map_or(String::new(), |n| n.title.clone());
                let kind = if *number == g.number {
                    "omformulerat"
                } else {
                    "omnumrerat"
                };
                (kind, Some(format!("{number} {title}")), n)
            }
            Some(Link::Undecided(_)) | None => ("borttaget", None, None),
        };
        goes_to.insert(&g.number, to.map(|n| n.number.as_str()));
        changes.push(Change {
            kind,
            subject: format!("KF-mål {}", g.number),
            before: format!("{} {}", g.number, g.title),
            after,
            location: to.map(|n| at(new_sources, n.span)),
            references: goal_references(set, sources, year, &g.number),
        });
    }

    let old_ind = by_id(old, |g| {
        g.indicators
            .iter()
            .map(|i| (i.id.as_str(), i))
            .collect::<Vec<_>>()
    });
    let new_ind = by_id(new, |g| {
        g.indicators
            .iter()
            .map(|i| (i.id.as_str(), i))
            .collect::<Vec<_>>()
    });
    for (id, (g, row)) in &old_ind {
        let refs = || indicator_references(set, sources, year, id);
        match new_ind.get(id) {
            None => changes.push(Change {
                kind: "borttagen",
                subject: format!("indikator `{id}`"),
                before: format!("{} (under KF-mål {})", row.name, g.number),
                after: None,
                location: None,
                references: refs(),
            }),
            Some((ng, nrow)) => {
                let expected = goes_to.get(g.number.as_str()).copied().flatten();
                if expected != Some(ng.number.as_str()) {
                    changes.push(Change {
                        kind: "flyttad",
                        subject: format!("indikator `{id}`"),
                        before: format!("under KF-mål {}", g.number),
                        after: Some(format!("under KF-mål {}", ng.number)),
                        location: Some(at(new_sources, nrow.span)),
                        references: refs(),
                    });
                }
                // KF's own rows carry KF's årsmål.
                let kf_target = |r: &'_ crate::model::Indicator| {
                    r.kf_target.clone().unwrap_or_else(|| r.target.clone())
                };
                let (before, after) = (kf_target(row), kf_target(nrow));
                if before != after {
                    changes.push(Change {
                        kind: "nytt årsmål",
                        subject: format!("indikator `{id}`"),
                        before: target_text(&before),
                        after: Some(target_text(&after)),
                        location: Some(at(new_sources, nrow.span)),
                        references: refs(),
                    });
                }
            }
        }
    }

    let activities = |kf: &'_ KfYear| {
        let mut out: BTreeMap<String, (String, crate::source::Span)> = BTreeMap::new();
        for g in kf.goals() {
            for a in &g.activities {
                if let Some(id) = &a.id {
                    out.entry(id.clone()).or_insert((g.number.clone(), a.span));
                }
            }
        }
        out
    };
    let new_act = activities(new);
    for (id, (number, _)) in activities(old) {
        let refs = activity_references(set, sources, year, &id);
        match new_act.get(&id) {
            None => changes.push(Change {
                kind: "borttagen",
                subject: format!("aktivitet `{id}`"),
                before: format!("under KF-mål {number}"),
                after: None,
                location: None,
                references: refs,
            }),
            Some((n, span)) if goes_to.get(number.as_str()).copied().flatten() != Some(n) => {
                changes.push(Change {
                    kind: "flyttad",
                    subject: format!("aktivitet `{id}`"),
                    before: format!("under KF-mål {number}"),
                    after: Some(format!("under KF-mål {n}")),
                    location: Some(at(new_sources, *span)),
                    references: refs,
                });
            }
            Some(_) => {}
        }
    }
    Impact {
        version: JSON_VERSION,
        year,
        tree_file: old_sources.path(old.file).display().to_string(),
        changed_file: new_sources.path(new.file).display().to_string(),
        changes,
    }
}

fn change_line(c: &Change) -> String {
    match &c.after {
        Some(after) => format!("{} {}: {} → {}", c.subject, c.kind, c.before, after),
        None => format!("{} {}: {}", c.subject, c.kind, c.before),
    }
}

/// For the terminal, in Swedish.
pub fn human(i: &Impact) -> String {
    let mut s = format!(
        "KF-budgeten {} ({}) jämförd med {}:\n",
        i.year, i.tree_file, i.changed_file
    );
    if i.changes.is_empty() {
        s.push_str("\nInga ändringar i KF:s mål, indikatorer eller aktiviteter.\n");
        return s;
    }
    for c in &i.changes {
        s.push_str(&format!("\n{}\n", change_line(c)));
        if let Some(at) = &c.location {
            s.push_str(&format!("  i den ändrade budgeten: {}\n", file_line(at)));
        }
        if c.references.is_empty() {
            s.push_str("  ingen plan hänvisar hit\n");
        }
        for r in &c.references {
            s.push_str(&format!("  {}: {}\n", r.location, r.what));
        }
    }
    s.push_str(&format!(
        "\n{} ändringar; {} ställen i planerna att se över.\n",
        i.changes.len(),
        i.references()
    ));
    s
}

fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// A Markdown report: a table per change.
pub fn markdown(i: &Impact) -> String {
    let mut s = format!(
        "# Ändringar i KF-budgeten {}\n\n`{}` jämförd med `{}`: {} ändringar, {} ställen i planerna att se över.\n",
        i.year,
        md_cell(&i.tree_file),
        md_cell(&i.changed_file),
        i.changes.len(),
        i.references()
    );
    for c in &i.changes {
        s.push_str(&format!("\n## {}\n\n", md_cell(&change_line(c))));
        if c.references.is_empty() {
            s.push_str("Ingen plan hänvisar hit.\n");
            continue;
        }
        s.push_str("| fil | rad | vad |\n|---|---:|---|\n");
        for r in &c.references {
            s.push_str(&format!(
                "| `{}` | {} | {} |\n",
                md_cell(&r.location.file),
                r.location.line.unwrap_or_default(),
                md_cell(&r.what)
            ));
        }
    }
    s
}
