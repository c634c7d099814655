//! Shell completion of what the plan tree holds: nämnd ids, unit ids and
//! years, read from `plans/` (or `VP_PLANS`) when the shell asks, and the rule
//! codes for `vp regler`. The shell calls `vp` with `COMPLETE=<skal>` set
//! (clap_complete's dynamic engine); `vp completions SKAL` writes the script
//! that registers it.

use std::path::PathBuf;

use clap_complete::engine::{ArgValueCandidates, CompletionCandidate};

use crate::project::Project;

/// The plan tree completion reads: `VP_PLANS`, else `plans` where the shell is.
fn tree() -> Option<Project> {
    let path = std::env::var_os("VP_PLANS")
        .filter(|v| !v.is_empty())
        .map_or_else(|| PathBuf::from("plans"), PathBuf::from);
    path.is_dir().then(|| Project::load(&[path]).ok()).flatten()
}

fn candidates(values: impl IntoIterator<Item = (String, String)>) -> Vec<CompletionCandidate> {
    let mut values: Vec<(String, String)> = values.into_iter().collect();
    values.sort();
    values.dedup_by(|a, b| a.0 == b.0);
    values
        .into_iter()
        .map(|(value, help)| CompletionCandidate::new(value).help(Some(help.into())))
        .collect()
}

/// The nämnder with a plan in the tree, by id.
pub fn committees() -> ArgValueCandidates {
    ArgValueCandidates::new(committee_list)
}

/// The nämnder, and `alla` (every nämnd with a plan that year), for `vp rollup`.
pub fn committees_or_all() -> ArgValueCandidates {
    ArgValueCandidates::new(|| {
        let mut all = committee_list();
        all.insert(
            0,
            CompletionCandidate::new("alla").help(Some("varje nämnd med en plan det året".into())),
        );
        all
    })
}

fn committee_list() -> Vec<CompletionCandidate> {
    let Some(p) = tree() else { return Vec::new() };
    candidates(
        p.plans
            .committee_plans
            .iter()
            .map(|c| (c.committee.clone(), format!("nämndplan {}", c.year))),
    )
}

/// The units with a plan in the tree, by id.
pub fn units() -> ArgValueCandidates {
    ArgValueCandidates::new(|| {
        let Some(p) = tree() else { return Vec::new() };
        candidates(
            p.plans
                .unit_plans
                .iter()
                .map(|u| (u.unit.id.clone(), u.unit.name.clone())),
        )
    })
}

/// The years with a nämnd or unit plan in the tree.
pub fn years() -> ArgValueCandidates {
    ArgValueCandidates::new(|| {
        let Some(p) = tree() else { return Vec::new() };
        let years = p
            .plans
            .committee_plans
            .iter()
            .map(|c| c.year)
            .chain(p.plans.unit_plans.iter().map(|u| u.year));
        candidates(years.map(|y| (y.to_string(), "planår".to_owned())))
    })
}

/// Every rule code, with its title, for `vp regler`.
pub fn rule_codes() -> ArgValueCandidates {
    ArgValueCandidates::new(|| {
        crate::diag::Code::ALL
            .iter()
            .map(|c| CompletionCandidate::new(c.as_str()).help(Some(c.title().into())))
            .collect()
    })
}

/// The script `vp completions SHELL` writes: it registers vp's completion
/// with the shell, which then asks `vp` itself (`COMPLETE=<shell> vp -- …`).
pub fn registration(shell: clap_complete::Shell) -> Vec<u8> {
    use clap_complete::env::{Bash, Elvish, EnvCompleter, Fish, Powershell, Zsh};
    let completer: &dyn EnvCompleter = match shell {
        clap_complete::Shell::Bash => &Bash,
        clap_complete::Shell::Elvish => &Elvish,
        clap_complete::Shell::Fish => &Fish,
        clap_complete::Shell::PowerShell => &Powershell,
        _ => &Zsh,
    };
    let mut buf = Vec::new();
    let _ = completer.write_registration("COMPLETE", "vp", "vp", "vp", &mut buf);
    buf
}

/// Answers the shell when it asks (`COMPLETE` set) and exits; otherwise returns.
pub fn answer_shell() {
    clap_complete::CompleteEnv::with_factory(<super::Cli as clap::CommandFactory>::command)
        .complete();
}
