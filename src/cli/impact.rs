//! `vp impact`: which plans a changed KF budget reaches.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;

use super::{CommandError, exit};
use crate::project::Project;
use crate::workspace;

pub const AFTER_HELP: &str = "\
Jämför en ändrad KF-budget (KF-FIL, t.ex. efter avstämningen av mål och budget
eller ett beslut i en tertialrapport) med planträdets KF-budget för samma år, och
visar för varje ändring varje ställe i nämndplanerna och enhetsplanerna som
hänvisar till det ändrade, med fil:rad:kolumn: KF-mål som tagits bort,
numrerats om eller formulerats om (parade som vp new-year och vp diff parar
dem), KF:s indikatorer som tagits bort, flyttats till ett annat KF-mål eller fått
ett nytt årsmål, och KF:s aktiviteter som tagits bort eller flyttats.

Med --fran REV (och --till REV) jämförs i stället KF-budgeten i två git-revisioner
av förrådet (utan --till: med arbetskatalogens), mot planerna i arbetskatalogen.
Revisionerna läses med git archive, som vp diff REV REV gör; arbetskatalogen och
indexet rörs inte. Året är det vars KF-budget skiljer sig (--ar väljer, när flera
gör det).

Slutkoder:
  0  rapporten skrevs (med --exit-code: inga ställen i planerna berörs)
  1  med --exit-code: ställen i planerna berörs av ändringarna
  2  vp kunde inte köras (planträdet eller KF-FIL har fel, som visas som av vp
     validate; ingen KF-budget i planträdet för KF-FILs år; en revision som inte
     finns; felaktiga argument; utdata kunde inte skrivas)

Exempel:
  vp impact ny-kf-budget-2022.yaml                 mot plans/2022/kf-budget.yaml
  vp impact ny-kf-budget-2022.yaml plans --format md > paverkan.md
  vp impact ny-kf-budget-2022.yaml --format json --exit-code
  vp impact --fran main --till HEAD                KF-budgeten i main och i HEAD
  vp impact --fran HEAD                            ändringar som inte checkats in";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Den ändrade KF-budgeten (typ: kf-budget), t.ex. en kopia av årets med KF:s ändringar; inte med --fran.
    #[arg(value_name = "KF-FIL")]
    pub changed: Option<PathBuf>,
    /// Planträdet (förval: plans); med --fran dess sökväg i förrådet.
    #[arg(value_name = "SÖKVÄG")]
    pub path: Option<PathBuf>,
    /// Jämför KF-budgeten i den här git-revisionen (t.ex. main, HEAD~1) i stället för planträdets.
    #[arg(long, value_name = "REV", help_heading = "Flaggor")]
    pub fran: Option<String>,
    /// Med --fran: den ändrade KF-budgeten i den här git-revisionen (förval: arbetskatalogens).
    #[arg(long, value_name = "REV", requires = "fran", help_heading = "Flaggor")]
    pub till: Option<String>,
    /// Med --fran: KF-budgetens år, när flera års budgetar skiljer sig mellan revisionerna.
    #[arg(long, value_name = "ÅR", requires = "fran", help_heading = "Flaggor")]
    pub ar: Option<i32>,
    /// Utdataformat: human (förval; för terminalen), md (Markdown, t.ex. för en pull request) eller json (för skript).
    #[arg(long, value_enum, default_value_t = Format::Human, value_name = "FORMAT", hide_possible_values = true, hide_default_value = true, help_heading = "Flaggor")]
    pub format: Format,
    /// Slutkod 1 när ändringarna berör något ställe i planerna, för CI.
    #[arg(long, help_heading = "Flaggor")]
    pub exit_code: bool,
    #[command(flatten)]
    pub common: super::output::Common,
}

/// `--format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// För terminalen.
    #[value(alias = "text")]
    Human,
    /// Markdown.
    Md,
    /// Ett JSON-dokument.
    Json,
}

pub fn run(args: Args) -> ExitCode {
    super::finish("impact", run_inner(&args))
}

/// A KF budget read on its own, as vp validate reads a budget, under the name
/// `name` (a path, or `REV:path`); its errors shown and turned into the command's.
fn read_budget(name: PathBuf, bytes: Vec<u8>, color: bool) -> Result<Project, CommandError> {
    let changed = Project::from_sources(vec![(name.clone(), bytes)]);
    if changed.has_errors() {
        let errors = changed.errors();
        let summary = crate::report::Summary::new(&errors, changed.sources.len());
        eprint!(
            "{}",
            crate::report::human(
                &changed.sources,
                &errors,
                summary,
                if color {
                    crate::report::Style::Color
                } else {
                    crate::report::Style::Plain
                }
            )
        );
        return Err(CommandError(format!(
            "`{}` har fel och kan inte jämföras",
            name.display()
        )));
    }
    if changed.plans.kf_years.is_empty() {
        return Err(CommandError(format!(
            "`{}` är ingen KF-budget (`typ: kf-budget`)",
            name.display()
        )));
    }
    Ok(changed)
}

/// A KF budget's file: its name and bytes.
type Budget = (PathBuf, Vec<u8>);

/// The KF budgets of one side by year.
type Budgets = BTreeMap<i32, Budget>;

/// A plan tree read from a git revision: the checkout (kept while it is used),
/// its root, and the tree.
struct AtRevision {
    dir: tempfile::TempDir,
    root: PathBuf,
    tree: Project,
}

/// The plan tree `path` in git revision `rev`; `valid`: its errors stop the command.
fn at_revision(rev: &str, path: &Path, valid: bool) -> Result<AtRevision, CommandError> {
    let (dir, root) = workspace::git::checkout(rev, path).map_err(|e| CommandError(e.0))?;
    // A revision's tree is data: its links are followed only inside its own checkout.
    let links = workspace::Links::Within(dir.path().to_path_buf());
    let tree = if valid {
        super::load_valid_with(&root, "kan jämföras med en ändrad KF-budget", &links)?
    } else {
        Project::load_with(std::slice::from_ref(&root), None, &links)
            .map_err(|e| CommandError(e.to_string()))?
    };
    Ok(AtRevision { dir, root, tree })
}

impl AtRevision {
    /// A file of the checkout as the working tree names it: `path` (as given) and
    /// the file's place under the tree's root.
    fn shown(&self, file: &Path, path: &Path) -> PathBuf {
        file.strip_prefix(&self.root)
            .map_or_else(|_| file.to_path_buf(), |rel| path.join(rel))
    }

    /// Its KF budgets, named `REV:path`.
    fn budgets(&self, rev: &str) -> Budgets {
        self.tree
            .plans
            .kf_years
            .iter()
            .map(|(year, kf)| {
                let file = self.tree.sources.get(kf.file);
                let rel = file
                    .path
                    .strip_prefix(self.dir.path())
                    .unwrap_or(&file.path)
                    .to_string_lossy()
                    .replace('\\', "/");
                (
                    *year,
                    (
                        PathBuf::from(format!("{rev}:{rel}")),
                        file.text.as_bytes().to_vec(),
                    ),
                )
            })
            .collect()
    }
}

/// Revisions: the plans as they stand at `--fran` (written against its budget),
/// and the year's budget there and at `--till` (or in the working tree).
fn by_revision(
    args: &Args,
    from: &str,
    path: &Path,
) -> Result<(AtRevision, Budget, Budget), CommandError> {
    let fran = at_revision(from, path, true)?;
    let old = fran.budgets(from);
    let new: Budgets = match &args.till {
        Some(rev) => at_revision(rev, path, false)?.budgets(rev),
        // The working tree's budget files where the revision has them.
        None => fran
            .tree
            .plans
            .kf_years
            .iter()
            .filter_map(|(year, kf)| {
                let shown = fran.shown(&fran.tree.sources.get(kf.file).path, path);
                let bytes = workspace::read_file_bytes(&shown)?;
                Some((*year, (shown, bytes)))
            })
            .collect(),
    };
    let till = match &args.till {
        Some(rev) => format!("`{rev}`"),
        None => "arbetskatalogen".to_owned(),
    };
    let year = match args.ar {
        Some(year) => year,
        None => {
            let years: std::collections::BTreeSet<i32> =
                old.keys().chain(new.keys()).copied().collect();
            let differ: Vec<i32> = years
                .into_iter()
                .filter(|y| old.get(y).map(|o| &o.1) != new.get(y).map(|n| &n.1))
                .collect();
            match differ.as_slice() {
                [year] => *year,
                // Nothing changed: the latest year both have, with no changes.
                [] => old
                    .keys()
                    .rev()
                    .find(|y| new.contains_key(y))
                    .copied()
                    .ok_or_else(|| {
                        CommandError(format!(
                            "`{from}` och {till} har ingen KF-budget för samma år under `{}`",
                            path.display()
                        ))
                    })?,
                years => {
                    let years: Vec<String> = years.iter().map(i32::to_string).collect();
                    return Err(CommandError(format!(
                        "KF-budgetarna för {} skiljer sig mellan `{from}` och {till}; välj ett år med --ar",
                        years.join(", ")
                    )));
                }
            }
        }
    };
    let side = |budgets: &Budgets, name: &str| {
        budgets.get(&year).cloned().ok_or_else(|| {
            CommandError(format!(
                "{name} har ingen KF-budget för {year} under `{}`",
                path.display()
            ))
        })
    };
    let old = side(&old, &format!("`{from}`"))?;
    let new = side(&new, &till)?;
    Ok((fran, old, new))
}

fn run_inner(args: &Args) -> Result<ExitCode, CommandError> {
    // With revisions there is no KF-FIL: a single path is the plan tree.
    let (changed, path) = match (&args.fran, &args.changed, &args.path) {
        (Some(_), Some(_), Some(_)) => {
            return Err(CommandError(
                "ange ingen KF-FIL med --fran: då jämförs KF-budgeten i revisionerna".to_owned(),
            ));
        }
        (Some(_), Some(path), None) | (Some(_), None, Some(path)) => (None, path.clone()),
        (Some(_), None, None) => (None, PathBuf::from("plans")),
        (None, Some(changed), path) => (
            Some(changed),
            path.clone().unwrap_or_else(|| PathBuf::from("plans")),
        ),
        (None, None, _) => {
            return Err(CommandError(
                "ange den ändrade KF-budgeten (KF-FIL), eller två revisioner med --fran och --till"
                    .to_owned(),
            ));
        }
    };
    let color = args.common.stderr_color();
    if let Some(from) = &args.fran {
        let (fran, (old_name, old_bytes), (new_name, new_bytes)) = by_revision(args, from, &path)?;
        let old_budget = read_budget(old_name, old_bytes, color)?;
        let new_budget = read_budget(new_name, new_bytes, color)?;
        let (Some(old), Some(new)) = (
            old_budget.plans.kf_years.values().next(),
            new_budget.plans.kf_years.values().next(),
        ) else {
            return Err(CommandError("ingen KF-budget att jämföra".to_owned()));
        };
        if old.year != new.year {
            return Err(CommandError(format!(
                "KF-budgetarna gäller olika år ({} och {})",
                old.year, new.year
            )));
        }
        let mut impact = crate::impact::impact(
            &fran.tree.plans,
            &fran.tree.sources,
            (old, &old_budget.sources),
            (new, &new_budget.sources),
        );
        // The plans' places as the working tree names them, not the checkout.
        for c in &mut impact.changes {
            for r in &mut c.references {
                let shown = fran.shown(Path::new(&r.location.file), &path);
                r.location.file = shown.to_string_lossy().replace('\\', "/");
            }
        }
        return output(args, &impact);
    }
    let Some(changed) = changed else {
        unreachable!("a KF-FIL is required without --fran, refused above")
    };
    let project = super::load_valid(&path, "kan jämföras med en ändrad KF-budget")?;
    let bytes = workspace::read_limited(changed, crate::load::MAX_FILE_BYTES).map_err(|e| {
        CommandError(format!(
            "kan inte läsa `{}`: {}",
            changed.display(),
            e.message()
        ))
    })?;
    let new_budget = read_budget(changed.clone(), bytes, color)?;
    let Some(new) = new_budget.plans.kf_years.values().next() else {
        return Err(CommandError("ingen KF-budget att jämföra".to_owned()));
    };
    let Some(old) = project.plans.kf_years.get(&new.year) else {
        let years: Vec<String> = project.plans.kf_years.keys().map(i32::to_string).collect();
        return Err(CommandError(format!(
            "planträdet `{}` har ingen KF-budget för {} att jämföra med (det har {})",
            path.display(),
            new.year,
            if years.is_empty() {
                "inga".to_owned()
            } else {
                years.join(", ")
            }
        )));
    };
    if std::fs::canonicalize(project.sources.path(old.file)).ok()
        == std::fs::canonicalize(changed).ok()
    {
        return Err(CommandError(format!(
            "`{}` är planträdets egen KF-budget; ange den ändrade budgeten som en annan fil (t.ex. en kopia med KF:s ändringar), eller jämför två revisioner med --fran och --till",
            changed.display()
        )));
    }
    let impact = crate::impact::impact(
        &project.plans,
        &project.sources,
        (old, &project.sources),
        (new, &new_budget.sources),
    );
    output(args, &impact)
}

/// The report in the asked format, and the exit code.
fn output(args: &Args, impact: &crate::impact::Impact) -> Result<ExitCode, CommandError> {
    let text = match args.format {
        Format::Human => crate::impact::human(impact),
        Format::Md => crate::impact::markdown(impact),
        Format::Json => {
            let mut t = serde_json::to_string_pretty(impact)
                .map_err(|e| CommandError(format!("kunde inte skriva JSON: {e}")))?;
            t.push('\n');
            t
        }
    };
    if let Err(code) = super::write_stdout(text.as_bytes()) {
        return Ok(code);
    }
    Ok(exit(u8::from(args.exit_code && impact.references() > 0)))
}
