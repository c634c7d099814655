//! What a run tells: the report, in Swedish where a reader sees it, and as JSON.

use schemars::JsonSchema;
use serde::Serialize;

use crate::source::Place;

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
