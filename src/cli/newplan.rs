//! `vp new`: a new enhetsplan or nämndplan, as a skeleton to fill in.

use std::path::PathBuf;
use std::process::ExitCode;

use super::{CommandError, exit};
use crate::newplan::{self, Kind, Request};
use crate::workspace;

pub const AFTER_HELP: &str = "\
Skriver en ny plan i planträdet, <SÖKVÄG>/<ÅR>/<NÄMND>/: YAML-filen med
schemaraden för redigeraren och .md-filen bredvid den med varje måls obligatoriska
avsnitt som rubriker och en kommentar under var och en om vad som ska stå där.
En enhetsplan står under nämndens nämndmål det året (de som anges med --under,
annars alla), en nämndplan under KF:s mål för verksamhetsområdet (de som anges,
annars alla). Planens egna mål anges med --mal UNDER=TITEL; id:n görs av titlarna
och enhetens namn. Den nya planen går igenom vp validate med bara fynden för det
som är kvar att skriva (VP050, tomma avsnitt). Båda filerna skrivs, eller ingen;
inget skrivs över utan --force.

Slutkoder:
  0  planen skrevs (eller visades, med --dry-run)
  1  filerna fanns redan (då skrevs ingen)
  2  vp kunde inte köras (planträdet har fel, som visas som av vp validate;
     okänd nämnd, nämndmål eller KF-mål; nämndplanen eller KF-budgeten för
     året saknas; felaktiga argument; en fil gick inte att skriva)

Exempel:
  vp new enhetsplan hagersten-alvsjo 2022 --namn Kansliet
  vp new enhetsplan hagersten-alvsjo 2022 --namn Kansliet --avdelning \"Administrativa avdelningen\" \\
      --mal \"stadsdelsnamnden-bedriver-verksamheterna-givna-ekonomiska-ramar=Kansliets budget är i balans\"
  vp new nämndplan skarholmen 2022 --mal \"1.3=Alla barn i förskolan utvecklas och lär\"
  vp new nämndplan skarholmen 2022 --under 3.2 --dry-run";

/// `enhetsplan` or `nämndplan`.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum KindArg {
    /// En enhets eller avdelnings plan, under nämndens nämndmål.
    Enhetsplan,
    /// Nämndens plan, under KF:s mål för verksamhetsområdet.
    #[value(name = "nämndplan", alias = "namndplan")]
    Namndplan,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Planens slag: enhetsplan eller nämndplan.
    #[arg(value_enum, value_name = "SLAG", hide_possible_values = true)]
    pub kind: KindArg,
    /// Nämndens id i organisation.yaml, t.ex. hagersten-alvsjo.
    #[arg(value_name = "NÄMND", add = super::complete::committees())]
    pub committee: String,
    /// Planens år.
    #[arg(value_name = "ÅR", add = super::complete::years())]
    pub year: i32,
    /// Planträdet, katalogen med organisation.yaml (förval: plans).
    #[arg(
        value_name = "SÖKVÄG",
        default_value = "plans",
        hide_default_value = true
    )]
    pub path: PathBuf,
    /// Enhetens namn (enhetsplan), t.ex. "Kansliet"; id:t görs av namnet.
    #[arg(long, value_name = "NAMN", help_heading = "Flaggor")]
    pub namn: Option<String>,
    /// Enhetens id (enhetsplan), i stället för det som görs av namnet.
    #[arg(long, value_name = "ID", help_heading = "Flaggor")]
    pub id: Option<String>,
    /// Avdelningen enheten hör till (enhetsplan).
    #[arg(long, value_name = "TEXT", help_heading = "Flaggor")]
    pub avdelning: Option<String>,
    /// Ett mål planen står under: nämndmålets id (enhetsplan) eller KF-målets nummer (nämndplan); kan upprepas. Förval: alla det året.
    #[arg(long, value_name = "ID", help_heading = "Flaggor")]
    pub under: Vec<String>,
    /// Ett av planens egna mål, UNDER=TITEL: enhetsmål under ett nämndmål, nämndmål under ett KF-mål; kan upprepas.
    #[arg(long = "mal", value_name = "UNDER=TITEL", value_parser = goal_arg, help_heading = "Flaggor")]
    pub goals: Vec<(String, String)>,
    /// Skriv inga filer, visa bara vad som skulle skrivas.
    #[arg(long, help_heading = "Flaggor")]
    pub dry_run: bool,
    /// Skriv över filer som redan finns.
    #[arg(long, help_heading = "Flaggor")]
    pub force: bool,
    #[command(flatten)]
    pub common: super::output::Common,
}

/// `UNDER=TITEL`: split at the first `=` (ids and numbers have none).
fn goal_arg(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((under, title)) if !under.trim().is_empty() => {
            Ok((under.trim().to_owned(), title.trim().to_owned()))
        }
        _ => Err(format!(
            "`{s}` ska skrivas UNDER=TITEL, t.ex. `1.3=Alla barn i förskolan utvecklas och lär`"
        )),
    }
}

pub fn run(args: Args) -> ExitCode {
    super::finish("new", run_inner(&args))
}

fn run_inner(args: &Args) -> Result<ExitCode, CommandError> {
    if !args.path.is_dir() {
        return Err(CommandError(format!(
            "`{}` är ingen katalog; ange planträdet, katalogen med organisation.yaml",
            args.path.display()
        )));
    }
    let project = super::load_valid(&args.path, "får en ny plan")?;
    let kind = match args.kind {
        KindArg::Enhetsplan => Kind::UnitPlan,
        KindArg::Namndplan => Kind::CommitteePlan,
    };
    if kind == Kind::CommitteePlan
        && let Some(flag) = [
            ("--namn", args.namn.is_some()),
            ("--id", args.id.is_some()),
            ("--avdelning", args.avdelning.is_some()),
        ]
        .iter()
        .find(|(_, given)| *given)
        .map(|(f, _)| f)
    {
        return Err(CommandError(format!(
            "{flag} gäller enhetsplaner; en nämndplan har nämndens namn ur organisation.yaml"
        )));
    }
    let req = Request {
        kind,
        committee: args.committee.trim().to_owned(),
        year: args.year,
        name: args.namn.clone(),
        id: args.id.clone(),
        department: args.avdelning.clone(),
        under: args.under.clone(),
        goals: args.goals.clone(),
    };
    let run = newplan::new_plan(&project.plans, &project.sources, &args.path, &req)
        .map_err(|e| CommandError(e.to_string()))?;
    let shown: Vec<String> = run
        .files
        .iter()
        .map(|f| args.path.join(&f.path).display().to_string())
        .collect();
    if args.dry_run {
        let mut text = newplan::human(&run.report, &shown, true);
        for f in &run.files {
            text.push_str(&format!(
                "\n--- {} ---\n{}",
                args.path.join(&f.path).display(),
                f.text
            ));
        }
        return Ok(match super::write_stdout(text.as_bytes()) {
            Ok(()) => exit(0),
            Err(code) => code,
        });
    }
    let contents: Vec<(PathBuf, Vec<u8>)> = run
        .files
        .iter()
        .map(|f| (f.path.clone(), f.text.clone().into_bytes()))
        .collect();
    match workspace::write_all(&args.path, &contents, args.force) {
        Ok(_) => {
            let text = newplan::human(&run.report, &shown, false);
            Ok(match super::write_stdout(text.as_bytes()) {
                Ok(()) => exit(0),
                Err(code) => code,
            })
        }
        Err(workspace::WriteAllError::Exists(paths)) => {
            let text = super::output::existing_files(&paths);
            Ok(match super::write_stdout(text.as_bytes()) {
                Ok(()) => exit(1),
                Err(code) => code,
            })
        }
        Err(workspace::WriteAllError::Io(path, e)) => Err(CommandError(format!(
            "kan inte skriva `{}`: {}; ingen fil skrevs",
            path.display(),
            workspace::io_error_sv(&e)
        ))),
    }
}
