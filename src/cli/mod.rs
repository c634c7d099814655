//! The command line: clap types, one file per subcommand. The only place that prints.

mod complete;
mod diff;
mod impact;
mod import;
mod lsp;
mod man;
mod newplan;
mod newyear;
pub mod output;
mod render;
mod rollup;
mod site;
mod usage;
mod validate;
mod visa;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{ArgAction, Parser, Subcommand, ValueEnum};

use crate::workspace;

/// Help in Swedish: clap's own headings ("Arguments", "Options") are replaced.
const TEMPLATE: &str = "{about}\n\nAnvändning: {usage}\n\nFlaggor:\n{options}{after-help}";
/// For subcommands that take arguments.
const TEMPLATE_ARGS: &str =
    "{about}\n\nAnvändning: {usage}\n\nArgument:\n{positionals}\n\nFlaggor:\n{options}{after-help}";
/// For the top level, which lists subcommands.
const TEMPLATE_TOP: &str = "{about}\n\nAnvändning: {usage}\n\n{all-args}{after-help}";

/// vp — verksamhetsplaner som kod för Stockholms stad.
///
/// Nämndernas och enheternas verksamhetsplaner skrivs som YAML (struktur) och
/// Markdown (text) i git. vp kontrollerar dem mot stadens målstruktur:
/// KF:s inriktningsmål → mål för verksamhetsområdet → nämndmål → enhetsmål.
#[derive(Debug, Parser)]
#[command(
    name = "vp",
    version,
    help_template = TEMPLATE_TOP,
    subcommand_value_name = "KOMMANDO",
    subcommand_help_heading = "Kommandon",
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Visa hjälp.
    #[arg(short = 'h', long = "help", action = ArgAction::Help, global = true, help_heading = "Flaggor")]
    help: Option<bool>,
    /// Visa versionen.
    #[arg(short = 'V', long = "version", action = ArgAction::Version, help_heading = "Flaggor")]
    version: Option<bool>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Kontrollera planfiler: struktur, hänvisningar mellan mål, datum, målvärden, budgettabeller och texter.
    #[command(
        help_template = TEMPLATE_ARGS,
        after_help = validate::AFTER_HELP,
        override_usage = "vp validate [FLAGGOR] [SÖKVÄG]..."
    )]
    Validate(validate::Args),
    /// Importera publicerade planer (text ur PDF) till planfiler: mål, indikatorer, aktiviteter, texter och budgettabeller.
    #[command(
        help_template = TEMPLATE_ARGS,
        after_help = import::AFTER_HELP,
        override_usage = "vp import [FLAGGOR] <FIL>..."
    )]
    Import(import::Args),
    /// Sammanställ enheternas planer under nämndens mål: enhetsmål, indikatorer och aktiviteter per nämndmål, täckning och sammanräknade årsmål.
    #[command(
        help_template = TEMPLATE_ARGS,
        after_help = rollup::AFTER_HELP,
        override_usage = "vp rollup [FLAGGOR] <NÄMND> <ÅR> [SÖKVÄG]"
    )]
    Rollup(rollup::Args),
    /// Rendera planerna: nämndens plan som tjänsteutlåtande och enheternas planer, som HTML och PDF (typst).
    #[command(
        help_template = TEMPLATE_ARGS,
        after_help = render::AFTER_HELP,
        override_usage = "vp render [FLAGGOR] [SÖKVÄG]"
    )]
    Render(render::Args),
    /// Jämför planer mellan två år, två planträd eller två git-revisioner: mål, indikatorer, aktiviteter, texter och budgetrader.
    #[command(
        help_template = TEMPLATE_ARGS,
        after_help = diff::AFTER_HELP,
        override_usage = "vp diff [FLAGGOR] <FRÅN> <TILL> [SÖKVÄG]"
    )]
    Diff(diff::Args),
    /// Bygg en statisk webbplats av alla planer alla år: planerna, sammanställningar, jämförelser mellan åren, KF:s mål och indikatorer genom hela staden, sökning.
    #[command(
        help_template = TEMPLATE_ARGS,
        after_help = site::AFTER_HELP,
        override_usage = "vp site [FLAGGOR] [SÖKVÄG]"
    )]
    Site(site::Args),
    /// Visa en nämnds mål ett år med id: nämndmålen, deras KF-mål (nummer och titel), KF:s indikatorer under dem och nämndens egna indikatorer och aktiviteter.
    #[command(
        help_template = TEMPLATE_ARGS,
        after_help = visa::AFTER_HELP,
        override_usage = "vp visa [FLAGGOR] <NÄMND> <ÅR> [SÖKVÄG]"
    )]
    Visa(visa::Args),
    /// För ett års planer till nästa år som utkast: samma mål och text, `fortsätter` på varje mål, aktiviteterna flyttade, årsmålen markerade som ogranskade, nämndmålen kopplade till årets KF-mål.
    #[command(
        name = "new-year",
        help_template = TEMPLATE_ARGS,
        after_help = newyear::AFTER_HELP,
        override_usage = "vp new-year [FLAGGOR] <FRÅN> <TILL> [SÖKVÄG]"
    )]
    NewYear(newyear::Args),
    /// Börja en ny enhetsplan eller nämndplan: YAML och Markdown under årets nämndmål eller KF-mål, med målens avsnitt som rubriker att fylla i.
    #[command(
        help_template = TEMPLATE_ARGS,
        after_help = newplan::AFTER_HELP,
        override_usage = "vp new [FLAGGOR] <SLAG> <NÄMND> <ÅR> [SÖKVÄG]"
    )]
    New(newplan::Args),
    /// Visa vilka planer en ändrad KF-budget berör: varje nämndmål, del under KF:s mål, indikatorrad och aktivitet som hänvisar till ett KF-mål, en indikator eller aktivitet som tagits bort, numrerats om, flyttats eller fått nytt årsmål.
    #[command(
        help_template = TEMPLATE_ARGS,
        after_help = impact::AFTER_HELP,
        override_usage = "vp impact [FLAGGOR] <KF-FIL> [SÖKVÄG]"
    )]
    Impact(impact::Args),
    /// Språkserver (LSP) för redigerare: fynden medan du skriver, komplettering, hovring, gå till definition, referenser, namnbyte.
    #[command(help_template = TEMPLATE, after_help = lsp::AFTER_HELP, override_usage = "vp lsp")]
    Lsp(lsp::Args),
    /// Skriv JSON Schema (draft-07) för planfilerna, så att redigerare kan fylla i och kontrollera nycklar, och för varje kommandos --format json (validate, rollup, diff, import, visa, new-year, impact).
    #[command(help_template = TEMPLATE, after_help = SCHEMA_AFTER_HELP, override_usage = "vp schema [FLAGGOR]")]
    Schema {
        /// Katalog att skriva schemafilerna i (förval: schemas).
        #[arg(
            long,
            default_value = "schemas",
            hide_default_value = true,
            value_name = "KATALOG",
            help_heading = "Flaggor"
        )]
        out: PathBuf,
        #[command(flatten)]
        common: output::Common,
    },
    /// Lista alla regler med kod, allvarlighetsgrad och beskrivning, eller förklara en regel.
    #[command(help_template = TEMPLATE_ARGS, after_help = REGLER_AFTER_HELP, override_usage = "vp regler [FLAGGOR] [KOD]")]
    Regler {
        /// En regels kod, t.ex. VP012: visa vad regeln kontrollerar, varför och hur felet rättas.
        #[arg(value_name = "KOD", add = complete::rule_codes())]
        code: Option<String>,
        #[command(flatten)]
        common: output::Common,
    },
    /// Skriv skalkomplettering för vp till standard ut.
    #[command(help_template = TEMPLATE_ARGS, after_help = PRINT_AFTER_HELP, override_usage = "vp completions [FLAGGOR] <SKAL>")]
    Completions {
        /// Skalet: bash, zsh, fish, elvish eller powershell.
        #[arg(value_enum, value_name = "SKAL", hide_possible_values = true)]
        shell: clap_complete::Shell,
        #[command(flatten)]
        common: output::Common,
    },
    /// Skriv manualsidan vp(1) i roff-format till standard ut: alla kommandon med flaggor, slutkoder, miljövariabler och regler.
    #[command(help_template = TEMPLATE, after_help = PRINT_AFTER_HELP, override_usage = "vp man [FLAGGOR]")]
    Man {
        #[command(flatten)]
        common: output::Common,
    },
}

const SCHEMA_AFTER_HELP: &str = "\
Slutkoder:
  0  schemafilerna skrevs
  2  vp kunde inte köras (katalogen kunde inte skapas eller en fil inte skrivas;
     felaktiga argument)";

const REGLER_AFTER_HELP: &str = "\
Slutkoder:
  0  regellistan eller regeln visades
  2  vp kunde inte köras (ingen regel med den koden; felaktiga argument; utdata
     kunde inte skrivas)";

const PRINT_AFTER_HELP: &str = "\
Slutkoder:
  0  texten skrevs till standard ut
  2  vp kunde inte köras (felaktiga argument; utdata kunde inte skrivas)";

/// `--color`.
#[derive(Clone, Copy, Debug, Default, ValueEnum)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

/// The exit-code contract: 0 clean, 1 findings, 2 could not run.
pub fn exit(code: u8) -> ExitCode {
    ExitCode::from(code)
}

/// What a command loaded, left to the end of the process rather than freed:
/// the process ends right after the command, and the system takes its memory
/// back at once, where freeing a city's plans, texts and findings piece by
/// piece took 4-5 % of `vp rollup`'s time (docs/prestanda.md).
fn leave<T>(loaded: T) {
    std::mem::forget(loaded);
}

pub fn main() -> ExitCode {
    // The shell asking for completions (`COMPLETE=bash vp -- …`): answered, and exit.
    complete::answer_shell();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(&e),
    };
    match cli.command {
        Command::Validate(args) => validate::run(args),
        Command::Import(args) => import::run(args),
        Command::Rollup(args) => rollup::run(args),
        Command::Render(args) => render::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Site(args) => site::run(args),
        Command::Visa(args) => visa::run(args),
        Command::NewYear(args) => newyear::run(args),
        Command::New(args) => newplan::run(args),
        Command::Impact(args) => impact::run(args),
        Command::Lsp(args) => lsp::run(args),
        Command::Schema { out, common } => schema(&out, &common),
        Command::Regler { code: None, .. } => {
            let mut s = String::new();
            for c in crate::diag::Code::ALL {
                s.push_str(&format!(
                    "{}  {:<8} {}\n",
                    c.as_str(),
                    c.severity().label(),
                    c.title()
                ));
            }
            print(&s)
        }
        Command::Regler {
            code: Some(code), ..
        } => {
            let wanted = code.trim().to_uppercase();
            match crate::diag::Code::ALL.iter().find(|c| c.as_str() == wanted) {
                Some(c) => print(&format!(
                    "{} ({}): {}\n\n{}\n",
                    c.as_str(),
                    c.severity().label(),
                    c.title(),
                    c.help_text()
                )),
                None => fail(&format!(
                    "det finns ingen regel `{code}`; `vp regler` listar dem"
                )),
            }
        }
        Command::Completions { shell, .. } => print_bytes(&complete::registration(shell)),
        Command::Man { .. } => print(&man::page()),
    }
}

/// clap's help and version as they are (the help is written in Swedish); its
/// errors said again in Swedish, exit code 2.
fn usage_error(e: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            print_bytes(e.render().to_string().as_bytes())
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            eprint!("{}", e.render());
            exit(2)
        }
        _ => {
            let args: Vec<String> = std::env::args_os()
                .skip(1)
                .map(|a| a.to_string_lossy().into_owned())
                .collect();
            eprint!("{}", usage::message(e, &args));
            exit(2)
        }
    }
}

fn schema(out: &std::path::Path, common: &output::Common) -> ExitCode {
    if let Err(e) = output::out_folder(out) {
        return finish("schema", Err(e));
    }
    // `--out` names a folder: made if missing (a file's folder is not).
    if let Err(e) = std::fs::create_dir_all(out) {
        return fail(&format!(
            "kan inte skapa katalogen `{}`: {}",
            out.display(),
            workspace::io_error_sv(&e)
        ));
    }
    for kind in crate::load::FileKind::ALL {
        let path = out.join(kind.schema_file());
        let mut text = serde_json::to_string_pretty(kind.schema()).unwrap_or_default();
        text.push('\n');
        if let Err(e) = workspace::write_atomic(&path, text.as_bytes()) {
            return fail(&output::cannot_write(&path, &e));
        }
        common.note(&format!("skrev {}", path.display()));
    }
    // The JSON outputs, for tools that read them.
    for (file, schema) in output_schemas() {
        let path = out.join(file);
        let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
        text.push('\n');
        if let Err(e) = workspace::write_atomic(&path, text.as_bytes()) {
            return fail(&output::cannot_write(&path, &e));
        }
        common.note(&format!("skrev {}", path.display()));
    }
    exit(0)
}

/// The JSON Schema of every JSON output of vp, strict, by its file name in
/// `schemas/` (`vp schema` writes them; a test keeps the committed ones in step).
pub fn output_schemas() -> Vec<(&'static str, serde_json::Value)> {
    use crate::report::output_schema;
    use crate::rollup::{Document, Rollup, followup::FollowUpRollup};
    vec![
        (
            "validate.schema.json",
            output_schema::<crate::report::JsonReport>(),
        ),
        ("rollup.schema.json", output_schema::<Document<Rollup>>()),
        (
            "rollup-uppfoljning.schema.json",
            output_schema::<Document<FollowUpRollup>>(),
        ),
        (crate::diff::SCHEMA_FILE, crate::diff::schema()),
        (
            "diff-uppfoljning.schema.json",
            output_schema::<crate::diff::followup::PeriodDiff>(),
        ),
        (
            "import.schema.json",
            output_schema::<crate::import::report::JsonReport<'static>>(),
        ),
        ("visa.schema.json", output_schema::<visa::Listing>()),
        (
            crate::newyear::SCHEMA_FILE,
            output_schema::<crate::newyear::JsonReport<'static>>(),
        ),
        (
            crate::impact::SCHEMA_FILE,
            output_schema::<crate::impact::Impact>(),
        ),
    ]
}

fn print(s: &str) -> ExitCode {
    print_bytes(s.as_bytes())
}

fn print_bytes(b: &[u8]) -> ExitCode {
    match write_stdout(b) {
        Ok(()) => exit(0),
        Err(code) => code,
    }
}

/// Writes a command's output to standard output. A full disk or a closed file
/// (`vp validate > /dev/full`) is a run that did not do its job: a message and
/// exit code 2, so a CI step cannot pass on a report that was never written. A
/// reader that stopped reading (`vp regler | head`) wanted no more: that is
/// not an error worth a message, and the exit code stays the command's own.
pub fn write_stdout(b: &[u8]) -> Result<(), ExitCode> {
    let mut out = std::io::stdout().lock();
    match out.write_all(b).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(fail(&format!(
            "kunde inte skriva till standard ut: {}",
            workspace::io_error_sv(&e)
        ))),
    }
}

/// Whether to colour output for people, after `--color` and the environment:
/// `NO_COLOR` set to anything but the empty string turns colour off (no-color.org:
/// `NO_COLOR=0` too), as does `TERM=dumb` and `CLICOLOR=0`; `CLICOLOR_FORCE`
/// (not empty, not `0`) turns it on where output is not a terminal; otherwise
/// colour when standard output is a terminal. `--color always/never` overrides all.
pub fn color_enabled(
    choice: ColorChoice,
    env: impl Fn(&str) -> Option<std::ffi::OsString>,
    terminal: bool,
) -> bool {
    let set = |k: &str| env(k).is_some_and(|v| !v.is_empty());
    let on = |k: &str| env(k).is_some_and(|v| !v.is_empty() && v != "0");
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if set("NO_COLOR") => false,
        ColorChoice::Auto if on("CLICOLOR_FORCE") => true,
        ColorChoice::Auto => {
            let dumb = env("TERM").is_some_and(|t| t == "dumb");
            let clicolor_off = env("CLICOLOR").is_some_and(|v| v == "0");
            terminal && !dumb && !clicolor_off
        }
    }
}

/// Why a command could not do its job: exit code 2, with a message in Swedish
/// that says what is wrong and how to go on.
#[derive(Debug)]
pub struct CommandError(pub String);

impl std::fmt::Display for CommandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CommandError {}

impl From<String> for CommandError {
    fn from(message: String) -> Self {
        CommandError(message)
    }
}

/// The one place a command's result becomes its exit code: its own code when it
/// ran, 2 with the message when it could not.
pub fn finish(command: &str, result: Result<ExitCode, CommandError>) -> ExitCode {
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("vp {command}: {e}");
            exit(2)
        }
    }
}

/// Whether to colour what goes to standard error (findings shown by a command
/// that stops on them), by the same policy as everything else.
fn stderr_style() -> crate::report::Style {
    if color_enabled(
        ColorChoice::Auto,
        |k| std::env::var_os(k),
        std::io::stderr().is_terminal(),
    ) {
        crate::report::Style::Color
    } else {
        crate::report::Style::Plain
    }
}

/// Loads a plan tree for a command that builds on it (rollup, render, diff, visa): a
/// tree with errors is shown, as `vp validate` shows it, and stops the command
/// with exit code 2, since what it would build on is not there.
fn load_valid(
    path: &std::path::Path,
    doing: &str,
) -> Result<crate::project::Project, CommandError> {
    load_valid_with(path, doing, &workspace::Links::default())
}

/// [`load_valid`] on several paths read together (a plan tree and its follow-ups kept apart).
fn load_valid_paths(
    paths: &[std::path::PathBuf],
    doing: &str,
) -> Result<crate::project::Project, CommandError> {
    let project = crate::project::Project::load(paths).map_err(|e| CommandError(e.to_string()))?;
    let named: Vec<String> = paths.iter().map(|p| format!("`{}`", p.display())).collect();
    stop_on_errors(project, &named.join(" och "), doing)
}

/// A command's `--period` (T1, T2 or VB, in any case) and its plan tree read
/// with the `--uppfoljning` folders, valid ([`load_valid_paths`]).
fn load_valid_period(
    path: &std::path::Path,
    follow_up: &[std::path::PathBuf],
    period: Option<&str>,
    doing: &str,
) -> Result<
    (
        crate::project::Project,
        Option<crate::model::FollowUpPeriod>,
    ),
    CommandError,
> {
    let period = period
        .map(|p| {
            crate::model::FollowUpPeriod::parse(&p.to_uppercase())
                .ok_or_else(|| format!("`{p}` är ingen period; perioderna är T1, T2 och VB"))
        })
        .transpose()?;
    let mut paths = vec![path.to_path_buf()];
    paths.extend(follow_up.iter().cloned());
    Ok((load_valid_paths(&paths, doing)?, period))
}

/// A tree with errors shown, as `vp validate` shows it, and turned into the
/// error that stops the command; `named` is the tree as the message names it.
fn stop_on_errors(
    project: crate::project::Project,
    named: &str,
    doing: &str,
) -> Result<crate::project::Project, CommandError> {
    if project.has_errors() {
        let errors = project.errors();
        let summary = crate::report::Summary::new(&errors, project.sources.len());
        eprint!(
            "{}",
            crate::report::human(&project.sources, &errors, summary, stderr_style())
        );
        return Err(CommandError(format!(
            "planerna i {named} har fel; rätta dem (se `vp validate`) innan de {doing}"
        )));
    }
    Ok(project)
}

/// [`load_valid`], with the symbolic links `links` allows followed.
fn load_valid_with(
    path: &std::path::Path,
    doing: &str,
    links: &workspace::Links,
) -> Result<crate::project::Project, CommandError> {
    let project =
        crate::project::Project::load_with(std::slice::from_ref(&path.to_path_buf()), None, links)
            .map_err(|e| CommandError(e.to_string()))?;
    stop_on_errors(project, &format!("`{}`", path.display()), doing)
}

fn fail(message: &str) -> ExitCode {
    eprintln!("vp: {message}");
    exit(2)
}

#[cfg(test)]
mod tests {
    use std::ffi::OsString;

    use super::{ColorChoice, color_enabled};

    fn auto(vars: &[(&str, &str)], terminal: bool) -> bool {
        let env = |k: &str| {
            vars.iter()
                .find(|(name, _)| *name == k)
                .map(|(_, v)| OsString::from(v))
        };
        color_enabled(ColorChoice::Auto, env, terminal)
    }

    #[test]
    fn colour_follows_the_terminal() {
        assert!(auto(&[], true));
        assert!(!auto(&[], false));
    }

    #[test]
    fn no_color_with_any_value_turns_colour_off() {
        for value in ["1", "0", "false", "ja"] {
            assert!(!auto(&[("NO_COLOR", value)], true), "NO_COLOR={value}");
            assert!(
                !auto(&[("NO_COLOR", value), ("CLICOLOR_FORCE", "1")], true),
                "NO_COLOR={value} beats CLICOLOR_FORCE"
            );
        }
        // Empty is as if unset (no-color.org).
        assert!(auto(&[("NO_COLOR", "")], true));
    }

    #[test]
    fn a_dumb_terminal_gets_no_colour() {
        assert!(!auto(&[("TERM", "dumb")], true));
        assert!(auto(&[("TERM", "xterm-256color")], true));
        assert!(!auto(&[("CLICOLOR", "0")], true));
    }

    #[test]
    fn clicolor_force_colours_a_pipe() {
        assert!(auto(&[("CLICOLOR_FORCE", "1")], false));
        assert!(auto(&[("CLICOLOR_FORCE", "1"), ("TERM", "dumb")], false));
        assert!(!auto(&[("CLICOLOR_FORCE", "0")], false));
    }

    #[test]
    fn the_flag_wins_over_the_environment() {
        let env = |k: &str| (k == "NO_COLOR").then(|| OsString::from("1"));
        assert!(color_enabled(ColorChoice::Always, env, false));
        assert!(!color_enabled(ColorChoice::Never, |_| None, true));
    }
}
