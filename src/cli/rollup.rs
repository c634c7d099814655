//! `vp rollup`: everything a nämnd's units plan, under each nämndmål.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;

use super::exit;
use crate::diag::did_you_mean;
use crate::project::Project;
use crate::rollup::{self, Rollup, render};
use crate::{report, workspace};

pub const AFTER_HELP: &str = "\
Slutkoder:
  0  sammanställningen skrevs
  1  planerna har fel (de visas, som av vp validate)
  2  vp kunde inte köras (nämnden eller planen finns inte, felaktiga argument)

Exempel:
  vp rollup hagersten-liljeholmen 2020               i terminalen
  vp rollup hagersten-liljeholmen 2020 --format csv --out tackning.csv
  vp rollup alla 2020 --format json                  alla nämnder med plan 2020";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Nämndens id i organisation.yaml, eller `alla` för varje nämnd med en plan det året.
    #[arg(value_name = "NÄMND")]
    pub committee: String,
    /// Planåret.
    #[arg(value_name = "ÅR")]
    pub year: i32,
    /// Planträdet (förval: plans).
    #[arg(
        value_name = "SÖKVÄG",
        default_value = "plans",
        hide_default_value = true
    )]
    pub path: PathBuf,
    /// Utdataformat: table (förval; för terminalen), md (Markdown), json (allt) eller csv (täckningsmatrisen).
    #[arg(long, value_enum, default_value_t = Format::Table, value_name = "FORMAT", hide_possible_values = true, hide_default_value = true, help_heading = "Flaggor")]
    pub format: Format,
    /// Skriv till filen i stället för till standard ut.
    #[arg(long, value_name = "FIL", help_heading = "Flaggor")]
    pub out: Option<PathBuf>,
}

/// `--format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// För terminalen.
    Table,
    /// Markdown.
    Md,
    /// Ett JSON-dokument med allt.
    Json,
    /// Täckningsmatrisen, för kalkylblad.
    Csv,
}

pub fn run(args: Args) -> ExitCode {
    let project = match Project::load(std::slice::from_ref(&args.path)) {
        Ok(p) => p,
        Err(e) => return fail(&e.to_string()),
    };
    if project.has_errors() {
        let errors = project.errors();
        let summary = report::Summary::new(&errors, project.sources.len());
        eprint!(
            "{}",
            report::human(&project.sources, &errors, summary, report::Style::Plain)
        );
        eprintln!("vp: planerna har fel; rätta dem innan sammanställningen görs");
        return exit(1);
    }
    let committees: Vec<String> = if args.committee == "alla" {
        let mut ids: Vec<String> = project
            .plans
            .committee_plans
            .iter()
            .filter(|p| p.year == args.year)
            .map(|p| p.committee.clone())
            .collect();
        ids.sort();
        if ids.is_empty() {
            return fail(&format!("det finns inga nämndplaner för {}", args.year));
        }
        if args.format == Format::Csv && ids.len() > 1 {
            return fail("csv skriver en nämnds täckningsmatris; ange en nämnd");
        }
        ids
    } else {
        if project.plans.committee(&args.committee).is_none() {
            let known = project.plans.committees.iter().map(|c| c.id.as_str());
            let hint = did_you_mean(&args.committee, known)
                .map(|h| format!("; {h}"))
                .unwrap_or_default();
            return fail(&format!(
                "nämnden `{}` finns inte i organisation.yaml{hint}",
                args.committee
            ));
        }
        vec![args.committee.clone()]
    };
    let mut rollups: Vec<Rollup> = Vec::with_capacity(committees.len());
    for c in &committees {
        match rollup::rollup(&project, c, args.year) {
            Ok(r) => rollups.push(r),
            Err(e) => return fail(&e.to_string()),
        }
    }
    let text = match args.format {
        Format::Table => join(&rollups, render::table, "\n"),
        Format::Md => join(&rollups, render::markdown, "\n"),
        Format::Csv => join(&rollups, render::csv, ""),
        Format::Json => {
            let json = if args.committee == "alla" {
                serde_json::to_string_pretty(&rollups)
            } else {
                serde_json::to_string_pretty(&rollups[0])
            };
            json.map(|mut s| {
                s.push('\n');
                s
            })
            .unwrap_or_default()
        }
    };
    match &args.out {
        Some(path) => match workspace::write_atomic(path, text.as_bytes()) {
            Ok(()) => exit(0),
            Err(e) => fail(&format!("kan inte skriva `{}`: {e}", path.display())),
        },
        None => {
            let mut out = std::io::stdout().lock();
            let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
            exit(0)
        }
    }
}

fn join(rollups: &[Rollup], f: fn(&Rollup) -> String, sep: &str) -> String {
    rollups.iter().map(f).collect::<Vec<_>>().join(sep)
}

fn fail(message: &str) -> ExitCode {
    eprintln!("vp: {message}");
    exit(2)
}
