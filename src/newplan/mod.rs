//! `vp new`: a new plan's skeleton, pure.
//!
//! An enhetsplan under its nämnd's goals of the year, or a nämndplan under KF's
//! goals of the year: the YAML (through `load::raw`'s types, so what is written is
//! what the loader reads) with the schema's modeline, and the Markdown beside it
//! with every goal's required sections as headings and a comment under each of
//! what goes there. Ids come from the titles. The comments are not text, so each
//! required section is reported as empty (VP050) until it is written: the only
//! findings a new plan has.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::import::ids::{self, Ids};
use crate::load::raw;
use crate::load::spanned::Sp;
use crate::model::PlanSet;
use crate::model::prose::GoalKind;
use crate::source::SourceMap;

/// Which plan to start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Kind {
    /// En enhets (eller avdelnings) plan, under nämndens nämndmål.
    #[serde(rename = "enhetsplan")]
    UnitPlan,
    /// Nämndens plan, under KF:s mål för verksamhetsområdet.
    #[serde(rename = "nämndplan")]
    CommitteePlan,
}

impl Kind {
    fn word(self) -> &'static str {
        match self {
            Kind::UnitPlan => "enhetsplan",
            Kind::CommitteePlan => "nämndplan",
        }
    }
}

/// What to start.
#[derive(Debug, Clone)]
pub struct Request {
    pub kind: Kind,
    pub committee: String,
    pub year: i32,
    /// The unit's name (an enhetsplan's; required there).
    pub name: Option<String>,
    /// The unit's id; else made from its name.
    pub id: Option<String>,
    /// The unit's avdelning.
    pub department: Option<String>,
    /// The goals the plan is under: nämndmål ids (enhetsplan) or KF goal numbers
    /// (nämndplan). Empty: all of the year's.
    pub under: Vec<String>,
    /// The plan's own goals: (what it is under, its title).
    pub goals: Vec<(String, String)>,
}

/// A file to write, relative to the plan tree's root, and its text.
#[derive(Debug, Clone)]
pub struct OutFile {
    pub path: PathBuf,
    pub text: String,
}

/// One of the plan's own goals as written.
#[derive(Debug, Clone, Serialize)]
pub struct NewGoal {
    /// The nämndmål id or KF goal number it is under.
    pub under: String,
    pub id: String,
    pub title: String,
}

/// What a run wrote, for the person at the terminal.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub kind: Kind,
    pub committee: String,
    pub year: i32,
    /// The unit's id (enhetsplan).
    pub unit: Option<String>,
    /// The goals the plan is under, with their titles.
    pub under: Vec<(String, String)>,
    pub goals: Vec<NewGoal>,
    /// Sections to fill in (VP050 until written).
    pub to_fill: usize,
}

/// The run's files (YAML first, Markdown second) and report.
#[derive(Debug)]
pub struct NewPlan {
    pub files: Vec<OutFile>,
    pub report: Report,
}

/// Why a plan cannot be started, in Swedish.
#[derive(Debug)]
pub struct Error(pub String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn did_you_mean<'a>(given: &str, known: impl IntoIterator<Item = &'a str>) -> String {
    crate::diag::did_you_mean(given, known)
        .map(|m| format!("; menade du `{m}`?"))
        .unwrap_or_default()
}

/// What goes under each of a goal's sections, for the comment under its heading.
fn section_comment(kind: GoalKind, section: &str) -> &'static str {
    match (kind, section) {
        (GoalKind::CommitteeGoal, "Beskrivning") => {
            "Vad nämndmålet innebär för invånarna och verksamheterna, och varför det är viktigt."
        }
        (GoalKind::CommitteeGoal, "Förväntat resultat") => {
            "Vad som ska ha uppnåtts vid årets slut, så att det går att följa upp i tertialrapporterna och verksamhetsberättelsen."
        }
        (GoalKind::UnitGoal, "Förväntat resultat") => {
            "Vad enheten ska ha uppnått vid årets slut, så att det går att följa upp."
        }
        (GoalKind::UnitGoal, "Arbetssätt") => {
            "Hur enheten arbetar för att nå målet: metoder, samverkan, vem som gör vad."
        }
        _ => "Avsnittets text.",
    }
}

/// The optional sections of a goal, named in the comment under its heading.
fn optional_sections(kind: GoalKind) -> &'static str {
    match kind {
        GoalKind::CommitteeGoal => "## Kommentar",
        _ => "## Resursanvändning, ## Uppföljning, ## Utveckling och ## Kommentar",
    }
}

/// A goal's heading and its required sections, each with its comment.
fn goal_markdown(out: &mut String, kind: GoalKind, id: &str, title: &str, under: &str) -> usize {
    out.push_str(&format!("# {}: {title} {{#{id}}}\n\n", kind.heading()));
    out.push_str(&format!(
        "<!-- {under} Frivilliga avsnitt: {}. -->\n\n",
        optional_sections(kind)
    ));
    let required = kind.required_sections();
    for section in required {
        out.push_str(&format!(
            "## {section}\n\n<!-- {} -->\n\n",
            section_comment(kind, section)
        ));
    }
    required.len()
}

/// The schema modeline for a plan two folders below the tree's root
/// (`<år>/<nämnd>/`), from the one `organisation.yaml` opens with; else the
/// repository's layout (`plans/` beside `schemas/`).
fn modeline(sources: &SourceMap, root: &Path, schema_file: &str) -> String {
    let folder = sources
        .iter()
        .map(|(_, f)| f)
        .find(|f| f.path == root.join("organisation.yaml"))
        .and_then(|f| {
            let line = f.text.lines().next()?;
            let target = line.strip_prefix("# yaml-language-server: $schema=")?;
            let (folder, _) = target.trim().rsplit_once('/')?;
            // A URL is the same from every folder.
            Some(if folder.contains("://") {
                folder.to_owned()
            } else {
                format!("../../{folder}")
            })
        })
        .unwrap_or_else(|| "../../../schemas".to_owned());
    format!("# yaml-language-server: $schema={folder}/{schema_file}\n")
}

/// Splits the request's goals by what they are under, checking each title.
fn goal_titles(req: &Request) -> Result<Vec<(String, String)>, Error> {
    let mut out = Vec::new();
    for (under, title) in &req.goals {
        let title = title.trim();
        if title.is_empty() {
            return Err(Error(format!(
                "målet under `{under}` har ingen titel; skriv `--mal {under}=Målets lydelse`"
            )));
        }
        if title.contains('\n') {
            return Err(Error(format!(
                "målets titel under `{under}` har flera rader; en titel står på en rad"
            )));
        }
        out.push((under.trim().to_owned(), title.to_owned()));
    }
    Ok(out)
}

/// The goals the plan is under, in the year's order: the chosen ones (and
/// those its own goals name), or all. `known` is (id or number, title).
fn chosen(
    req: &Request,
    goals: &[(String, String)],
    known: &[(String, String)],
    what: &str,
    list_hint: &str,
) -> Result<Vec<(String, String)>, Error> {
    for wanted in req.under.iter().chain(goals.iter().map(|(u, _)| u)) {
        let wanted = wanted.trim();
        if !known.iter().any(|(k, _)| k == wanted) {
            return Err(Error(format!(
                "{what} `{wanted}` finns inte{}{list_hint}",
                did_you_mean(wanted, known.iter().map(|(k, _)| k.as_str()))
            )));
        }
    }
    Ok(known
        .iter()
        .filter(|(k, _)| {
            req.under.is_empty()
                || req.under.iter().any(|u| u.trim() == k)
                || goals.iter().any(|(u, _)| u == k)
        })
        .cloned()
        .collect())
}

/// A new plan's files. The tree must be valid (the caller's `load_valid`).
pub fn new_plan(
    set: &PlanSet,
    sources: &SourceMap,
    root: &Path,
    req: &Request,
) -> Result<NewPlan, Error> {
    let c = &req.committee;
    let Some(committee) = set.committee(c) else {
        return Err(Error(format!(
            "nämnden `{c}` finns inte i organisation.yaml{}",
            did_you_mean(c, set.committees.iter().map(|c| c.id.as_str()))
        )));
    };
    if !committee.exists_in(req.year) {
        return Err(Error(format!(
            "{} finns inte {} enligt organisation.yaml (från {}, till {})",
            committee.name,
            req.year,
            committee.from.map_or("–".to_owned(), |d| d.to_string()),
            committee.until.map_or("–".to_owned(), |d| d.to_string()),
        )));
    }
    let goals = goal_titles(req)?;
    match req.kind {
        Kind::UnitPlan => unit_plan(set, sources, root, req, &goals),
        Kind::CommitteePlan => committee_plan(set, sources, root, req, &goals),
    }
}

/// Another plan already in the tree where this one would go, or for the same
/// nämnd (and unit) and year elsewhere: two plans for one would not validate.
fn already(existing: Option<&Path>, path: &Path, root: &Path, what: &str) -> Result<(), Error> {
    match existing {
        Some(p) if p != root.join(path) => Err(Error(format!(
            "{what} finns redan, i `{}`; en ny plan bredvid den skulle inte gå igenom vp validate",
            p.display()
        ))),
        _ => Ok(()),
    }
}

fn unit_plan(
    set: &PlanSet,
    sources: &SourceMap,
    root: &Path,
    req: &Request,
    goals: &[(String, String)],
) -> Result<NewPlan, Error> {
    let (c, year) = (&req.committee, req.year);
    let Some(name) = req.name.as_deref().map(str::trim).filter(|n| !n.is_empty()) else {
        return Err(Error(
            "en enhetsplan behöver enhetens namn: --namn \"Enhetens namn\"".into(),
        ));
    };
    let Some(plan) = set.committee_plan(c, year) else {
        return Err(Error(format!(
            "nämndplanen {year} för `{c}` finns inte i planträdet, och enhetsplanen ska stå under dess nämndmål; skriv den först (vp new nämndplan {c} {year})"
        )));
    };
    let id = match req.id.as_deref().map(str::trim) {
        Some(id) if crate::load::values::is_id(id) => id.to_owned(),
        Some(id) => {
            return Err(Error(format!(
                "`{id}` är inget id: små bokstäver, siffror och enstaka bindestreck, t.ex. `{}`",
                ids::short_full(id)
            )));
        }
        None => ids::short_full(name),
    };
    if !crate::load::values::is_id(&id) {
        return Err(Error(format!(
            "kan inte göra ett id av namnet \"{name}\"; ange det med --id"
        )));
    }
    let path = PathBuf::from(year.to_string())
        .join(c)
        .join(format!("{id}.yaml"));
    let existing = set
        .unit_plan_ids()
        .find(|(_, u)| u.committee == *c && u.year == year && u.unit.id == id)
        .map(|(_, u)| sources.path(u.file));
    already(
        existing,
        &path,
        root,
        &format!("en plan {year} för enheten `{id}` i `{c}`"),
    )?;
    let known: Vec<(String, String)> = plan
        .goals
        .iter()
        .map(|g| (g.id.clone(), g.title.clone()))
        .collect();
    let under = chosen(
        req,
        goals,
        &known,
        "nämndmålet",
        &format!(" i nämndplanen {year} för `{c}` (vp visa {c} {year} listar nämndmålen)"),
    )?;
    let mut taken = Ids::default();
    let mut new_goals = Vec::new();
    let mut file_goals = Vec::new();
    for (goal_id, _) in &under {
        let mut unit_goals = Vec::new();
        for (_, title) in goals.iter().filter(|(u, _)| u == goal_id) {
            let gid = taken.unique(&ids::short(title));
            unit_goals.push(raw::UnitGoal {
                id: Sp::detached(gid.clone()),
                titel: Sp::detached(title.clone()),
                fortsätter: None,
                indikatorer: Vec::new(),
                aktiviteter: Vec::new(),
            });
            new_goals.push(NewGoal {
                under: goal_id.clone(),
                id: gid,
                title: title.clone(),
            });
        }
        file_goals.push(raw::UnitCommitteeGoal {
            nämndmål: Sp::detached(goal_id.clone()),
            aktiviteter: None,
            enhetsmål: unit_goals,
        });
    }
    let file = raw::UnitPlanFile {
        typ: Sp::detached("enhetsplan".into()),
        enhet: raw::UnitInfo {
            id: Sp::detached(id.clone()),
            namn: Sp::detached(name.to_owned()),
            avdelning: req
                .department
                .as_deref()
                .map(str::trim)
                .filter(|d| !d.is_empty())
                .map(|d| Sp::detached(d.to_owned())),
            fortsätter: None,
            fler_nämnder: Vec::new(),
        },
        nämnd: Sp::detached(c.clone()),
        år: Sp::detached(i64::from(year)),
        period: None,
        fastställd: None,
        kf_mål: Vec::new(),
        nämndmål: file_goals,
        ekonomi: Vec::new(),
    };
    let mut yaml = modeline(sources, root, crate::load::FileKind::UnitPlan.schema_file());
    yaml.push_str(&format!(
        "# {name}s verksamhetsplan {year}, påbörjad av `vp new`. Texten står i {id}.md.\n\
         # Enhetsmål läggs under sitt nämndmål (`enhetsmål:` med `id` och `titel`), med\n\
         # indikatorer och aktiviteter under målet; se docs/filformat.md.\n"
    ));
    yaml.push_str(&write(&file)?);

    let mut md = String::new();
    md.push_str(&format!(
        "# Inledning\n\n<!-- Enhetens uppdrag, verksamhetsidé och organisation. Text inom kommentarer som denna syns inte i den renderade planen: ersätt dem med planens text. Planen arbetar mot nämndmålen:\n{}\n-->\n\n",
        under
            .iter()
            .map(|(id, title)| format!("     - {title} ({id})"))
            .collect::<Vec<_>>()
            .join("\n")
    ));
    let mut to_fill = 0;
    for g in &new_goals {
        let title = &under
            .iter()
            .find(|(id, _)| *id == g.under)
            .map_or("", |(_, t)| t.as_str());
        to_fill += goal_markdown(
            &mut md,
            GoalKind::UnitGoal,
            &g.id,
            &g.title,
            &format!("Under nämndmålet \"{title}\"."),
        );
    }
    let md_path = path.with_extension("md");
    Ok(NewPlan {
        files: vec![
            OutFile { path, text: yaml },
            OutFile {
                path: md_path,
                text: finish_md(md),
            },
        ],
        report: Report {
            kind: Kind::UnitPlan,
            committee: c.clone(),
            year,
            unit: Some(id),
            under,
            goals: new_goals,
            to_fill,
        },
    })
}

fn committee_plan(
    set: &PlanSet,
    sources: &SourceMap,
    root: &Path,
    req: &Request,
    goals: &[(String, String)],
) -> Result<NewPlan, Error> {
    let (c, year) = (&req.committee, req.year);
    let Some(kf) = set.kf_years.get(&year) else {
        let years: Vec<String> = set.kf_years.keys().map(i32::to_string).collect();
        return Err(Error(format!(
            "KF-budgeten {year} finns inte i planträdet, och nämndmålen står under dess mål; lägg till {year}/kf-budget.yaml först (planträdet har KF-budgetar för {})",
            if years.is_empty() {
                "inga år".to_owned()
            } else {
                years.join(", ")
            }
        )));
    };
    let path = PathBuf::from(year.to_string())
        .join(c)
        .join("namndplan.yaml");
    already(
        set.committee_plan(c, year).map(|p| sources.path(p.file)),
        &path,
        root,
        &format!("nämndplanen {year} för `{c}`"),
    )?;
    let known: Vec<(String, String)> = kf
        .goals()
        .map(|g| (g.number.clone(), g.title.clone()))
        .collect();
    let under = chosen(
        req,
        goals,
        &known,
        "KF-målet",
        &format!(" i KF-budgeten {year}"),
    )?;
    let mut taken = Ids::default();
    let mut new_goals = Vec::new();
    for (number, _) in &under {
        for (_, title) in goals.iter().filter(|(u, _)| u == number) {
            new_goals.push(NewGoal {
                under: number.clone(),
                id: taken.unique(&ids::short(title)),
                title: title.clone(),
            });
        }
    }
    let file = raw::CommitteePlanFile {
        typ: Sp::detached("nämndplan".into()),
        nämnd: Sp::detached(c.clone()),
        år: Sp::detached(i64::from(year)),
        diarienummer: None,
        datum: None,
        avdelning: None,
        handläggare: None,
        förslag_till_beslut: Vec::new(),
        sammanfattning: None,
        underskrifter: Vec::new(),
        beredning: Vec::new(),
        kf_mål: Vec::new(),
        nämndmål: new_goals
            .iter()
            .map(|g| raw::CommitteeGoal {
                id: Sp::detached(g.id.clone()),
                titel: Sp::detached(g.title.clone()),
                kf_mål: Sp::detached(g.under.clone()),
                fortsätter: None,
                kf_mål_avgörs: None,
                indikatorer: Vec::new(),
                aktiviteter: Vec::new(),
            })
            .collect(),
        ekonomi: Vec::new(),
        bilagor: Vec::new(),
    };
    let committee = set.committee(c).map_or(c.as_str(), |x| x.name.as_str());
    let mut yaml = modeline(
        sources,
        root,
        crate::load::FileKind::CommitteePlan.schema_file(),
    );
    yaml.push_str(&format!(
        "# {committee}s verksamhetsplan {year}, påbörjad av `vp new`. Texten står i namndplan.md.\n\
         # Nämndens årsmål för KF:s indikatorer står under `kf_mål`, nämndmålens egna\n\
         # indikatorer och aktiviteter under varje nämndmål; se docs/filformat.md.\n"
    ));
    yaml.push_str(&crate::import::emit::space_items(
        &write(&file)?,
        "nämndmål",
    ));

    let mut md = String::from(
        "# Inledning\n\n<!-- Nämndens uppdrag, stadsdelsområdet och dess invånare, organisationen och samverkan. Text inom kommentarer som denna syns inte i den renderade planen: ersätt dem med planens text. -->\n\n",
    );
    let mut to_fill = 0;
    for (number, title) in &under {
        md.push_str(&format!(
            "# {}: {title} {{#{number}}}\n\n<!-- Nämndens text under KF:s mål {number} (frivillig). -->\n\n",
            GoalKind::KfGoal.heading()
        ));
        for g in new_goals.iter().filter(|g| g.under == *number) {
            to_fill += goal_markdown(
                &mut md,
                GoalKind::CommitteeGoal,
                &g.id,
                &g.title,
                &format!("Under KF:s mål {number}."),
            );
        }
    }
    md.push_str(
        "# Uppföljning av ekonomi\n\n<!-- Nämndens budget: tabellerna under `ekonomi` i YAML-filen står här, var och en på en egen rad `{{tabell: id}}` efter stycket som inleder den. -->\n",
    );
    Ok(NewPlan {
        files: vec![
            OutFile {
                path: path.clone(),
                text: yaml,
            },
            OutFile {
                path: path.with_extension("md"),
                text: finish_md(md),
            },
        ],
        report: Report {
            kind: Kind::CommitteePlan,
            committee: c.clone(),
            year,
            unit: None,
            under,
            goals: new_goals,
            to_fill,
        },
    })
}

fn write<T: Serialize>(value: &T) -> Result<String, Error> {
    crate::load::write_yaml(value).map_err(|e| Error(format!("planen kunde inte skrivas: {e}")))
}

/// One line end at the file's end.
fn finish_md(mut md: String) -> String {
    while md.ends_with("\n\n") {
        md.pop();
    }
    md
}

/// The report for a person, in Swedish.
pub fn human(r: &Report, written: &[String], dry_run: bool) -> String {
    let mut s = String::new();
    match &r.unit {
        Some(unit) => s.push_str(&format!(
            "Ny {} {} för `{unit}` i `{}`, under {} nämndmål:\n",
            r.kind.word(),
            r.year,
            r.committee,
            r.under.len()
        )),
        None => s.push_str(&format!(
            "Ny {} {} för `{}`, under {} av KF:s mål:\n",
            r.kind.word(),
            r.year,
            r.committee,
            r.under.len()
        )),
    }
    for (id, title) in &r.under {
        s.push_str(&format!("  {id}  {title}\n"));
        for g in r.goals.iter().filter(|g| g.under == *id) {
            s.push_str(&format!("    + {}  {}\n", g.id, g.title));
        }
    }
    s.push_str(&format!(
        "\n{} avsnitt att fylla i: vp validate visar dem som tomma (VP050) tills texten är skriven.\n",
        r.to_fill
    ));
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
