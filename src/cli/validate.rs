//! `vp validate`: load every plan, report every finding.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;

use super::{ColorChoice, exit};
use crate::diag::Severity;
use crate::project::Project;
use crate::report;

pub const AFTER_HELP: &str = "\
Slutkoder:
  0  inga fel (varningar och info tillåts, om inte --deny-warnings anges)
  1  fel hittades
  2  vp kunde inte köras (sökvägen finns inte eller är ingen vanlig fil, felaktiga argument)

Exempel:
  vp validate                       kontrollera allt under plans/
  vp validate plans/2020 --format github";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Planfiler eller kataloger att kontrollera (förval: plans).
    #[arg(
        value_name = "SÖKVÄG",
        default_value = "plans",
        hide_default_value = true
    )]
    pub paths: Vec<PathBuf>,
    /// Utdataformat: human (förval; läsbar rapport med källrad och markering), json, github (annoteringar i GitHub Actions) eller sarif (SARIF 2.1.0).
    #[arg(long, value_enum, default_value_t = Format::Human, value_name = "FORMAT", hide_possible_values = true, hide_default_value = true, help_heading = "Flaggor")]
    pub format: Format,
    /// Räkna varningar som fel (slutkod 1).
    #[arg(long, help_heading = "Flaggor")]
    pub deny_warnings: bool,
    /// Färg i terminalen: auto (förval), always eller never. NO_COLOR och CLICOLOR_FORCE respekteras vid auto.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "NÄR", hide_possible_values = true, hide_default_value = true, help_heading = "Flaggor")]
    pub color: ColorChoice,
}

/// `--format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Läsbar rapport med källrad och markering.
    Human,
    /// Ett JSON-dokument.
    Json,
    /// GitHub Actions-annoteringar.
    Github,
    /// SARIF 2.1.0.
    Sarif,
}

pub fn run(args: Args) -> ExitCode {
    let project = match Project::load(&args.paths) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("vp: {e}");
            return exit(2);
        }
    };
    let all = project.focused_diagnostics();
    let sources = &project.sources;
    let summary = report::Summary::new(&all, sources.len());
    let text = match args.format {
        Format::Human => report::human(sources, &all, summary, style(args.color)),
        Format::Json => report::json(sources, &all, summary),
        Format::Github => report::github(sources, &all, summary),
        Format::Sarif => report::sarif(sources, &all),
    };
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
    let failed = all.iter().any(|d| {
        d.severity == Severity::Error || (args.deny_warnings && d.severity == Severity::Warning)
    });
    exit(u8::from(failed))
}

fn style(choice: ColorChoice) -> report::Style {
    let env = |k: &str| std::env::var_os(k).is_some_and(|v| !v.is_empty() && v != "0");
    let color = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            !env("NO_COLOR") && (env("CLICOLOR_FORCE") || std::io::stdout().is_terminal())
        }
    };
    if color {
        report::Style::Color
    } else {
        report::Style::Plain
    }
}
