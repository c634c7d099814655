//! `vp validate`: load every plan, report every finding.

use std::io::{IsTerminal, Read};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;

use super::{ColorChoice, exit};
use crate::diag::Severity;
use crate::project::Project;
use crate::{report, workspace};

pub const AFTER_HELP: &str = "\
Slutkoder:
  0  inga fel (varningar och info tillåts, om inte --deny-warnings anges)
  1  fel hittades
  2  vp kunde inte köras (sökvägen finns inte eller är ingen vanlig fil, felaktiga argument,
     utdata kunde inte skrivas)

Exempel:
  vp validate                       kontrollera allt under plans/
  vp validate plans/2020 --format github
  vp validate - --stdin-filename plans/2020/norrmalm/fritid.yaml < utkast.yaml";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Planfiler eller kataloger att kontrollera (förval: plans). `-` läser en plan från standard in (se --stdin-filename).
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
    /// Var planen från standard in (`-`) står i planträdet, t.ex. plans/2020/norrmalm/fritid.yaml: den kontrolleras där, mot resten av trädet, i stället för filen på disken (som inte behöver finnas).
    #[arg(long, value_name = "SÖKVÄG", help_heading = "Flaggor")]
    pub stdin_filename: Option<PathBuf>,
    /// Följ symboliska länkar vart de än pekar. Utan flaggan följs bara länkar inom katalogen som håller planträdet (den ovanför katalogen med organisation.yaml); andra rapporteras och läses inte.
    #[arg(
        long = "folj-lankar",
        visible_alias = "follow-links",
        help_heading = "Flaggor"
    )]
    pub folj_lankar: bool,
    #[command(flatten)]
    pub common: super::output::Common,
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
    let stdin = match read_stdin(&args) {
        Ok(stdin) => stdin,
        Err(message) => {
            eprintln!("vp: {message}");
            return exit(2);
        }
    };
    let paths = match &stdin {
        Some(s) => vec![s.path.clone()],
        None => args.paths.clone(),
    };
    let links = if args.folj_lankar {
        workspace::Links::All
    } else {
        workspace::Links::NearTree
    };
    let project = match Project::load_with(&paths, stdin.as_ref(), &links) {
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
        // `--quiet`: the findings only, without the summary line.
        Format::Human if args.common.quiet => {
            report::human_findings(sources, &all, style(args.common.color))
        }
        Format::Human => report::human(sources, &all, summary, style(args.common.color)),
        Format::Json => report::json(sources, &all, summary),
        Format::Github if args.common.quiet => report::github_findings(sources, &all),
        Format::Github => report::github(sources, &all, summary),
        Format::Sarif => {
            // Locations are written relative to where vp runs: the checkout, in CI.
            let root = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
            report::sarif(sources, &all, &root)
        }
    };
    if let Err(code) = super::write_stdout(text.as_bytes()) {
        return code;
    }
    let failed = all.iter().any(|d| {
        d.severity == Severity::Error || (args.deny_warnings && d.severity == Severity::Warning)
    });
    super::leave((all, text, project));
    exit(u8::from(failed))
}

/// `-` among the paths: the plan on standard input, for where `--stdin-filename` says.
fn read_stdin(args: &Args) -> Result<Option<workspace::Stdin>, String> {
    let dash = args.paths.iter().any(|p| p.as_os_str() == "-");
    match (dash, &args.stdin_filename) {
        (false, None) => Ok(None),
        (false, Some(_)) => Err(
            "--stdin-filename säger var planen från standard in står; ange också `-` som sökväg: \
             `vp validate - --stdin-filename …`"
                .to_owned(),
        ),
        (true, _) if args.paths.len() > 1 => Err(
            "`-` (en plan från standard in) kan inte kombineras med andra sökvägar; \
             kontrollera dem i en egen körning"
                .to_owned(),
        ),
        (true, None) => Err(
            "`-` läser en plan från standard in, men vp behöver veta var i planträdet den står \
             för att kunna kontrollera hänvisningarna: ange \
             `--stdin-filename plans/ÅR/NÄMND/PLAN.yaml` (filen behöver inte finnas), \
             eller ange filens sökväg i stället för `-`"
                .to_owned(),
        ),
        (true, Some(path)) => {
            if !matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml" | "md")
            ) {
                return Err(format!(
                    "--stdin-filename `{}` är ingen planfil: ange planens .yaml-fil (eller dess .md-fil)",
                    path.display()
                ));
            }
            let mut bytes = Vec::new();
            // One byte past the limit is enough to say the text is too large.
            let limit = crate::load::MAX_FILE_BYTES + 1;
            std::io::stdin()
                .lock()
                .take(limit)
                .read_to_end(&mut bytes)
                .map_err(|e| {
                    format!(
                        "kunde inte läsa standard in: {}",
                        workspace::io_error_sv(&e)
                    )
                })?;
            Ok(Some(workspace::Stdin {
                path: path.clone(),
                bytes,
            }))
        }
    }
}

fn style(choice: ColorChoice) -> report::Style {
    let terminal = std::io::stdout().is_terminal();
    if super::color_enabled(choice, |k| std::env::var_os(k), terminal) {
        report::Style::Color
    } else {
        report::Style::Plain
    }
}
