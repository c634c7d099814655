//! `vp impact`: which plans a changed KF budget reaches.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;

use super::{CommandError, exit};
use crate::workspace;

pub const AFTER_HELP: &str = "\
Jämför en ändrad KF-budget (KF-FIL, t.ex. efter avstämningen av mål och budget
eller ett beslut i en tertialrapport) med planträdets KF-budget för samma år, och
visar för varje ändring varje ställe i nämndplanerna och enhetsplanerna som
hänvisar till det ändrade, med fil:rad:kolumn: KF-mål som tagits bort,
numrerats om eller formulerats om (parade som vp new-year och vp diff parar
dem), KF:s indikatorer som tagits bort, flyttats till ett annat KF-mål eller fått
ett nytt årsmål, och KF:s aktiviteter som tagits bort eller flyttats.

Slutkoder:
  0  rapporten skrevs (med --exit-code: inga ställen i planerna berörs)
  1  med --exit-code: ställen i planerna berörs av ändringarna
  2  vp kunde inte köras (planträdet eller KF-FIL har fel, som visas som av vp
     validate; ingen KF-budget i planträdet för KF-FILs år; felaktiga argument;
     utdata kunde inte skrivas)

Exempel:
  vp impact ny-kf-budget-2022.yaml                 mot plans/2022/kf-budget.yaml
  vp impact ny-kf-budget-2022.yaml plans --format md > paverkan.md
  vp impact ny-kf-budget-2022.yaml --format json --exit-code";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Den ändrade KF-budgeten (typ: kf-budget), t.ex. en kopia av årets med KF:s ändringar.
    #[arg(value_name = "KF-FIL")]
    pub changed: PathBuf,
    /// Planträdet (förval: plans).
    #[arg(
        value_name = "SÖKVÄG",
        default_value = "plans",
        hide_default_value = true
    )]
    pub path: PathBuf,
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

fn run_inner(args: &Args) -> Result<ExitCode, CommandError> {
    let project = super::load_valid(&args.path, "kan jämföras med en ändrad KF-budget")?;
    let bytes =
        workspace::read_limited(&args.changed, crate::load::MAX_FILE_BYTES).map_err(|e| {
            CommandError(format!(
                "kan inte läsa `{}`: {}",
                args.changed.display(),
                e.message()
            ))
        })?;
    // The changed budget read on its own, as vp validate reads a budget.
    let changed = crate::project::Project::from_sources(vec![(args.changed.clone(), bytes)]);
    if changed.has_errors() {
        let errors = changed.errors();
        let summary = crate::report::Summary::new(&errors, changed.sources.len());
        eprint!(
            "{}",
            crate::report::human(
                &changed.sources,
                &errors,
                summary,
                if args.common.stderr_color() {
                    crate::report::Style::Color
                } else {
                    crate::report::Style::Plain
                }
            )
        );
        return Err(CommandError(format!(
            "`{}` har fel och kan inte jämföras",
            args.changed.display()
        )));
    }
    let Some(new) = changed.plans.kf_years.values().next() else {
        return Err(CommandError(format!(
            "`{}` är ingen KF-budget (`typ: kf-budget`)",
            args.changed.display()
        )));
    };
    let Some(old) = project.plans.kf_years.get(&new.year) else {
        let years: Vec<String> = project.plans.kf_years.keys().map(i32::to_string).collect();
        return Err(CommandError(format!(
            "planträdet `{}` har ingen KF-budget för {} att jämföra med (det har {})",
            args.path.display(),
            new.year,
            if years.is_empty() {
                "inga".to_owned()
            } else {
                years.join(", ")
            }
        )));
    };
    if std::fs::canonicalize(project.sources.path(old.file)).ok()
        == std::fs::canonicalize(&args.changed).ok()
    {
        return Err(CommandError(format!(
            "`{}` är planträdets egen KF-budget; ange den ändrade budgeten som en annan fil (t.ex. en kopia med KF:s ändringar)",
            args.changed.display()
        )));
    }
    let impact =
        crate::impact::impact(&project.plans, &project.sources, old, new, &changed.sources);
    let text = match args.format {
        Format::Human => crate::impact::human(&impact),
        Format::Md => crate::impact::markdown(&impact),
        Format::Json => {
            let mut t = serde_json::to_string_pretty(&impact)
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
