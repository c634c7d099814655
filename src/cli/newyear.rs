//! `vp new-year`: last year's plans written as the first draft of the next year's.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{CommandError, exit};
use crate::newyear::{self, Request};
use crate::workspace;

pub const AFTER_HELP: &str = "\
Varje nämndplan och enhetsplan för FRÅN (eller de som anges) skrivs som plan för
TILL bredvid årets katalog (plans/<år>/<nämnd>/…): samma mål, text och struktur,
`fortsätter` på varje mål, aktiviteternas datum flyttade till TILL (aktiviteter som
inte låg inom FRÅN står kvar och visas), budgettabellerna med sina rader men utan
belopp (--behall-belopp behåller dem). Årsmålen följer med, markerade
`ej_granskat: true` (VP090) tills någon granskat dem. Finns KF-budgeten för TILL i
planträdet kopplas varje nämndmål till dess KF-mål: med samma nummer där nummer
och lydelse stämmer, annars med liknande lydelse (som vp diff paras ihop, med
likheten i rapporten); där inget motsvarar står `kf_mål_avgörs` (VP091). En nämnd
som upphör före TILL får ingen plan; en nämnd som fortsätter andra (en
sammanslagning) får en plan sådd ur alla föregångarnas, med deras enheter under sig.
Alla filer skrivs, eller ingen; inget skrivs över utan --force.

Slutkoder:
  0  planerna skrevs (eller visades, med --dry-run)
  1  filer fanns redan (då skrevs ingen)
  2  vp kunde inte köras (planerna har fel, som visas som av vp validate; inga
     planer för FRÅN; felaktiga argument; en fil gick inte att skriva)

Exempel:
  vp new-year 2022 2023                                  alla planer 2022 till 2023
  vp new-year 2022 2023 --committee hagersten-alvsjo --dry-run
  vp new-year 2022 2023 --committee hagersten-alvsjo --unit resursenheten
  vp new-year 2022 2023 --force                          skriv över 2023 års filer
  vp new-year 2022 2023 --dry-run --format json          rapporten för skript";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Året vars planer förs vidare.
    #[arg(value_name = "FRÅN", add = super::complete::years())]
    pub from: i32,
    /// Det nya året.
    #[arg(value_name = "TILL")]
    pub to: i32,
    /// Planträdet (förval: plans).
    #[arg(
        value_name = "SÖKVÄG",
        default_value = "plans",
        hide_default_value = true
    )]
    pub path: PathBuf,
    /// Bara nämndens planer (nämndens id, t.ex. hagersten-alvsjo); kan upprepas.
    #[arg(long, value_name = "ID", add = super::complete::committees(), help_heading = "Flaggor")]
    pub committee: Vec<String>,
    /// Bara enhetens plan (enhetens id, t.ex. resursenheten), inte nämndens; kan upprepas.
    #[arg(long, value_name = "ID", add = super::complete::units(), help_heading = "Flaggor")]
    pub unit: Vec<String>,
    /// Behåll beloppen i budgettabellerna.
    #[arg(long, help_heading = "Flaggor")]
    pub behall_belopp: bool,
    /// Skriv inga filer, visa bara vad som skulle skrivas.
    #[arg(long, help_heading = "Flaggor")]
    pub dry_run: bool,
    /// Skriv över filer som redan finns.
    #[arg(long, help_heading = "Flaggor")]
    pub force: bool,
    /// Rapportens format: human (förval, för terminalen) eller json (för skript).
    #[arg(long, value_enum, default_value_t = Format::Human, value_name = "FORMAT", hide_possible_values = true, hide_default_value = true, help_heading = "Flaggor")]
    pub format: Format,
    #[command(flatten)]
    pub common: super::output::Common,
}

/// `--format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// För terminalen.
    #[value(alias = "text")]
    Human,
    /// Ett JSON-dokument: rapporten, filerna och om de skrevs.
    Json,
}

/// The run's report as JSON: what `human` says, as data.
fn json(
    report: &newyear::Report,
    files: &[String],
    written: bool,
    existing: &[String],
) -> Result<String, CommandError> {
    let doc = newyear::JsonReport {
        version: newyear::JSON_VERSION,
        report,
        undecided: report.undecided(),
        files: files.to_vec(),
        written,
        existing: existing.to_vec(),
    };
    let mut t = serde_json::to_string_pretty(&doc)
        .map_err(|e| CommandError(format!("kunde inte skriva JSON: {e}")))?;
    t.push('\n');
    Ok(t)
}

pub fn run(args: Args) -> ExitCode {
    super::finish("new-year", run_inner(&args))
}

/// The tree's root as the files' paths begin with it, for writing them relative to it.
fn root_of(path: &Path) -> PathBuf {
    if path.is_file() {
        path.parent().map(Path::to_path_buf).unwrap_or_default()
    } else {
        path.to_path_buf()
    }
}

fn run_inner(args: &Args) -> Result<ExitCode, CommandError> {
    let project = super::load_valid(&args.path, "förs till ett nytt år")?;
    let req = Request {
        from: args.from,
        to: args.to,
        committees: args.committee.clone(),
        units: args.unit.clone(),
        keep_amounts: args.behall_belopp,
    };
    let run = newyear::new_year(&project.plans, &project.sources, &req)
        .map_err(|e| CommandError(e.to_string()))?;
    let root = root_of(&args.path);
    let mut contents = Vec::with_capacity(run.files.len());
    for f in &run.files {
        // A tree given as `.` has paths without it.
        let under = if root == Path::new(".") && f.path.is_relative() {
            Ok(f.path.strip_prefix(".").unwrap_or(&f.path))
        } else {
            f.path.strip_prefix(&root)
        };
        let rel = under.map_err(|_| {
            CommandError(format!(
                "`{}` ligger inte under `{}`",
                f.path.display(),
                root.display()
            ))
        })?;
        contents.push((rel.to_path_buf(), f.text.clone().into_bytes()));
    }
    let shown: Vec<String> = run
        .files
        .iter()
        .map(|f| f.path.display().to_string())
        .collect();
    if args.dry_run {
        let existing: Vec<&String> = run
            .files
            .iter()
            .zip(&shown)
            .filter(|(f, _)| f.path.symlink_metadata().is_ok())
            .map(|(_, s)| s)
            .collect();
        if args.format == Format::Json {
            let existing: Vec<String> = existing.into_iter().cloned().collect();
            let text = json(&run.report, &shown, false, &existing)?;
            return Ok(match super::write_stdout(text.as_bytes()) {
                Ok(()) => exit(0),
                Err(code) => code,
            });
        }
        let mut text = newyear::human(&run.report, &shown, true);
        if !existing.is_empty() && !args.force {
            text.push_str(
                "\nFinns redan (skulle inte skrivas över utan --force, och då skrivs ingen):\n",
            );
            for e in &existing {
                text.push_str(&format!("  {e}\n"));
            }
        }
        return Ok(match super::write_stdout(text.as_bytes()) {
            Ok(()) => exit(0),
            Err(code) => code,
        });
    }
    match workspace::write_all(&root, &contents, args.force) {
        Ok(_) => {
            let text = match args.format {
                Format::Human => newyear::human(&run.report, &shown, false),
                Format::Json => json(&run.report, &shown, true, &[])?,
            };
            Ok(match super::write_stdout(text.as_bytes()) {
                Ok(()) => exit(0),
                Err(code) => code,
            })
        }
        Err(workspace::WriteAllError::Exists(paths)) if args.format == Format::Json => {
            let existing: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
            let text = json(&run.report, &shown, false, &existing)?;
            Ok(match super::write_stdout(text.as_bytes()) {
                Ok(()) => exit(1),
                Err(code) => code,
            })
        }
        Err(workspace::WriteAllError::Exists(paths)) => {
            let mut text = newyear::human(&run.report, &[], false);
            text.push('\n');
            text.push_str(&super::output::existing_files(&paths));
            Ok(match super::write_stdout(text.as_bytes()) {
                Ok(()) => exit(1),
                Err(code) => code,
            })
        }
        Err(workspace::WriteAllError::Io(path, e)) => Err(CommandError(format!(
            "kan inte skriva `{}`: {}; ingen fil från körningen skrevs",
            path.display(),
            workspace::io_error_sv(&e)
        ))),
    }
}
