//! `vp visa`: a nämnd's goals for a year with their ids, the KF goals they
//! belong to and the indicators and activities a plan can refer to: what a unit
//! head needs to write `nämndmål:`, `indikator:` and `aktiviteter:` right.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;
use serde::Serialize;

use crate::source::Place;

use super::{CommandError, exit};
use crate::diag::did_you_mean;
use crate::model::{Activity, Indicator, Level, PlanSet};
use crate::project::Project;

pub const AFTER_HELP: &str = "\
Slutkoder:
  0  listan skrevs
  2  vp kunde inte köras (planerna har fel, som visas som av vp validate;
     nämnden eller nämndplanen det året finns inte; felaktiga argument)

Exempel:
  vp visa hagersten-liljeholmen 2020                 nämndmål, KF-mål och indikatorer
  vp visa hagersten-alvsjo 2022 --format json        samma sak för skript";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Nämndens id i organisation.yaml.
    #[arg(value_name = "NÄMND", add = super::complete::committees())]
    pub committee: String,
    /// Planåret.
    #[arg(value_name = "ÅR", add = super::complete::years())]
    pub year: i32,
    /// Planträdet (förval: plans).
    #[arg(
        value_name = "SÖKVÄG",
        default_value = "plans",
        hide_default_value = true
    )]
    pub path: PathBuf,
    /// Utdataformat: human (förval; för terminalen; `table` går också) eller json (för skript).
    #[arg(long, value_enum, default_value_t = Format::Human, value_name = "FORMAT", hide_possible_values = true, hide_default_value = true, help_heading = "Flaggor")]
    pub format: Format,
    #[command(flatten)]
    pub common: super::output::Common,
}

/// `--format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// För terminalen.
    #[value(alias = "table")]
    Human,
    /// Ett JSON-dokument.
    Json,
}

/// The version of `vp visa --format json`'s document.
pub const JSON_VERSION: u32 = 1;

/// What `vp visa` shows: the nämnd plan's goals, per KF goal in the budget's order.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Listing {
    pub version: u32,
    pub committee: String,
    pub committee_name: String,
    pub year: i32,
    /// The nämnd plan: where it names its nämnd.
    pub location: Place,
    pub kf_goals: Vec<KfGoalEntry>,
}

/// A KF goal the nämnd works under.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct KfGoalEntry {
    /// `1.3`.
    pub number: String,
    pub title: String,
    /// KF's indicators defined under this goal in the year's budget.
    pub kf_indicators: Vec<IndicatorEntry>,
    /// KF's activities the nämnd plan takes under this goal (`kf_mål`).
    pub kf_activities: Vec<ActivityEntry>,
    pub committee_goals: Vec<CommitteeGoalEntry>,
}

/// A nämndmål.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct CommitteeGoalEntry {
    pub id: String,
    pub title: String,
    /// The id of the nämndmål it continues in an earlier plan.
    pub continues: Option<String>,
    /// Where its id stands.
    pub location: Place,
    /// The nämnd's own indicators defined under it.
    pub indicators: Vec<IndicatorEntry>,
    /// Its activities, with the ids a unit plan's `aktiviteter:` names.
    pub activities: Vec<ActivityEntry>,
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct IndicatorEntry {
    pub id: String,
    pub name: String,
    pub unit: Option<String>,
    pub periodicity: Option<String>,
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct ActivityEntry {
    pub id: Option<String>,
    pub text: String,
}

fn indicator(i: &Indicator) -> IndicatorEntry {
    IndicatorEntry {
        id: i.id.clone(),
        name: i.name.clone(),
        unit: i.unit.clone(),
        periodicity: i.periodicity.map(|p| p.name().to_owned()),
    }
}

fn activity(a: &Activity) -> ActivityEntry {
    ActivityEntry {
        id: a.id.clone(),
        text: a.text.clone(),
    }
}

/// The listing for a nämnd's plan; an error that says what exists when the
/// nämnd or its plan that year does not.
pub fn listing(project: &Project, committee: &str, year: i32) -> Result<Listing, CommandError> {
    let set = &project.plans;
    let Some(c) = set.committee(committee) else {
        let hint = did_you_mean(committee, set.committees.iter().map(|c| c.id.as_str()))
            .map(|h| format!("; {h}"))
            .unwrap_or_default();
        return Err(CommandError(format!(
            "nämnden `{committee}` finns inte i organisation.yaml{hint}"
        )));
    };
    let Some(pid) = set.committee_plan_id(committee, year) else {
        return Err(CommandError(missing_plan(set, committee, year)));
    };
    let plan = &set[pid];
    let mut kf_goals = Vec::new();
    if let Some(kf) = set.kf_years.get(&year) {
        for (kid, g) in kf.goals_with_ids() {
            let goals: Vec<CommitteeGoalEntry> = plan
                .goals
                .iter()
                .filter(|cg| cg.kf_goal_id == Some(kid))
                .map(|cg| CommitteeGoalEntry {
                    id: cg.id.clone(),
                    title: cg.title.clone(),
                    continues: cg.continues.as_ref().map(|c| c.text.clone()),
                    location: project.locate(cg.span).to_place(),
                    indicators: cg
                        .indicators
                        .iter()
                        .filter(|i| i.defined_by == Level::Committee)
                        .map(indicator)
                        .collect(),
                    activities: cg.activities.iter().map(activity).collect(),
                })
                .collect();
            let part = plan.kf_goals.iter().find(|p| p.kf_goal_id == Some(kid));
            if goals.is_empty() && part.is_none() {
                continue;
            }
            kf_goals.push(KfGoalEntry {
                number: g.number.clone(),
                title: g.title.clone(),
                kf_indicators: g.indicators.iter().map(indicator).collect(),
                kf_activities: part
                    .map(|p| p.activities.iter().map(activity).collect())
                    .unwrap_or_default(),
                committee_goals: goals,
            });
        }
    }
    Ok(Listing {
        version: JSON_VERSION,
        committee: c.id.clone(),
        committee_name: c.name.clone(),
        year,
        location: project.locate(plan.span).to_place(),
        kf_goals,
    })
}

/// Why there is nothing to show: the years the nämnd has plans for, or the nämnd
/// that continues it after a merger.
fn missing_plan(set: &PlanSet, committee: &str, year: i32) -> String {
    let mut years: Vec<i32> = set
        .committee_plan_ids()
        .filter(|(_, p)| p.committee == committee)
        .map(|(_, p)| p.year)
        .collect();
    years.sort_unstable();
    let mut msg = format!("det finns ingen nämndplan för `{committee}` {year}");
    let successors: Vec<&str> = set
        .committee_plan_ids()
        .filter(|(_, p)| p.year == year)
        .map(|(_, p)| p.committee.as_str())
        .filter(|c| set.committee_lineage(c).contains(&committee))
        .collect();
    if let Some(next) = successors.first() {
        let _ = write!(
            msg,
            "; nämnden fortsätter som `{next}`: `vp visa {next} {year}`"
        );
    } else if years.is_empty() {
        msg.push_str("; nämnden har ingen plan i planträdet");
    } else {
        let list: Vec<String> = years.iter().map(i32::to_string).collect();
        let _ = write!(msg, "; nämnden har planer för {}", list.join(", "));
    }
    msg
}

/// The listing for the terminal: ids first, so they can be copied.
pub fn table(l: &Listing) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{} ({}) {}", l.committee_name, l.committee, l.year);
    let _ = writeln!(s, "Nämndplan: {}", l.location);
    if l.kf_goals.is_empty() {
        s.push_str("\nNämndplanen har inga mål.\n");
    }
    for g in &l.kf_goals {
        let _ = writeln!(s, "\nKF-mål {} {}", g.number, g.title);
        if !g.kf_indicators.is_empty() {
            s.push_str("  KF:s indikatorer (`indikator: id`):\n");
            for i in &g.kf_indicators {
                indicator_line(&mut s, "    ", i);
            }
        }
        if !g.kf_activities.is_empty() {
            s.push_str("  KF:s aktiviteter i nämndplanen:\n");
            for a in &g.kf_activities {
                activity_line(&mut s, "    ", a);
            }
        }
        for cg in &g.committee_goals {
            let _ = writeln!(s, "  Nämndmål `{}`: {}", cg.id, cg.title);
            if let Some(c) = &cg.continues {
                let _ = writeln!(s, "    fortsätter `{c}`");
            }
            if !cg.indicators.is_empty() {
                s.push_str("    Nämndens indikatorer:\n");
                for i in &cg.indicators {
                    indicator_line(&mut s, "      ", i);
                }
            }
            if !cg.activities.is_empty() {
                s.push_str("    Aktiviteter (`aktiviteter: [id]`):\n");
                for a in &cg.activities {
                    activity_line(&mut s, "      ", a);
                }
            }
        }
    }
    s
}

fn indicator_line(s: &mut String, indent: &str, i: &IndicatorEntry) {
    let mut extra = Vec::new();
    if let Some(u) = &i.unit {
        extra.push(u.clone());
    }
    if let Some(p) = &i.periodicity {
        extra.push(p.clone());
    }
    let extra = if extra.is_empty() {
        String::new()
    } else {
        format!(" ({})", extra.join(", "))
    };
    let _ = writeln!(s, "{indent}{}  {}{extra}", i.id, i.name);
}

fn activity_line(s: &mut String, indent: &str, a: &ActivityEntry) {
    match &a.id {
        Some(id) => {
            let _ = writeln!(s, "{indent}{id}  {}", a.text);
        }
        None => {
            let _ = writeln!(s, "{indent}(utan id)  {}", a.text);
        }
    }
}

pub fn run(args: Args) -> ExitCode {
    super::finish("visa", show(&args))
}

fn show(args: &Args) -> Result<ExitCode, CommandError> {
    let project = super::load_valid(&args.path, "kan visas")?;
    let l = listing(&project, &args.committee, args.year)?;
    let text = match args.format {
        Format::Human => table(&l),
        Format::Json => {
            let mut t = serde_json::to_string_pretty(&l)
                .map_err(|e| CommandError(format!("kunde inte skriva JSON: {e}")))?;
            t.push('\n');
            t
        }
    };
    match super::write_stdout(text.as_bytes()) {
        Ok(()) => Ok(exit(0)),
        Err(code) => Ok(code),
    }
}
