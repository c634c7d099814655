//! `vp man`: one complete manual page, vp(1), in Swedish, from the clap
//! definitions: every command with its arguments, flags, exit codes and
//! examples, the environment, and the rules. (clap_mangen writes English
//! section names and refers to pages per subcommand that it does not write.)

use clap::{Arg, Command, CommandFactory};
use roff::{Inline, Roff, bold, italic, roman};

use super::Cli;
use crate::diag::Code;

/// The page, in roff (`man ./vp.1` shows it).
pub fn page() -> String {
    let mut cmd = Cli::command();
    cmd.build();
    let version = cmd.get_version().unwrap_or_default().to_owned();
    let mut r = Roff::new();
    r.control(
        "TH",
        [
            "VP",
            "1",
            // The date of the source built (build.rs), not of the day it runs.
            env!("VP_MAN_DATE"),
            &format!("vp {version}"),
            "Användarkommandon",
        ],
    );

    r.control("SH", ["NAMN"]);
    let about = cmd.get_about().map(ToString::to_string).unwrap_or_default();
    // The about line reads `vp — …`: NAMN wants `vp \- …`.
    let what = about
        .split_once('—')
        .map_or(about.as_str(), |(_, rest)| rest)
        .trim();
    r.text([roman(format!("vp - {what}"))]);

    r.control("SH", ["ANVÄNDNING"]);
    for sub in visible(&cmd) {
        r.text([roman(usage(sub))]);
        r.control("br", []);
    }

    r.control("SH", ["BESKRIVNING"]);
    let long = cmd
        .get_long_about()
        .map(ToString::to_string)
        .unwrap_or_default();
    for para in long.split("\n\n").skip(1) {
        r.control("PP", []);
        r.text([roman(para.replace('\n', " "))]);
    }
    r.control("PP", []);
    r.text([roman(
        "Alla kommandon läser planträdet under plans/ om inget annat anges. \
         Ett fynd pekar på fil:rad:kolumn och har en stabil kod (se REGLER).",
    )]);

    r.control("SH", ["KOMMANDON"]);
    for sub in visible(&cmd) {
        command(&mut r, sub);
    }

    r.control("SH", ["GEMENSAMMA FLAGGOR"]);
    for arg in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
        flag(&mut r, arg);
    }

    r.control("SH", ["SLUTSTATUS"]);
    for (code, meaning) in [
        (
            "0",
            "kommandot lyckades; för vp validate: inga fel (varningar och info tillåts, \
             om inte --deny-warnings anges)",
        ),
        (
            "1",
            "kommandot kördes och svaret är nej: vp validate hittade fel, vp diff \
             --exit-code hittade skillnader, vp render kunde inte skapa alla dokument, \
             vp new-year fann filer som redan fanns",
        ),
        (
            "2",
            "vp kunde inte köras: felaktiga argument, en sökväg som inte finns, \
             planer med fel (för rollup, render, diff, site, visa och new-year, som bygger på planerna), \
             utdata som inte kunde skrivas, ett verktyg som saknas, en katalog som vp site inte byggt",
        ),
    ] {
        r.control("TP", []);
        r.text([bold(code)]);
        r.text([roman(meaning)]);
    }

    r.control("SH", ["MILJÖ"]);
    for (name, meaning) in [
        (
            "NO_COLOR",
            "Med vilket värde som helst utom tomt: ingen färg (även NO_COLOR=0).",
        ),
        ("CLICOLOR", "0: ingen färg."),
        (
            "CLICOLOR_FORCE",
            "Satt och inte 0: färg även när utdata inte går till en terminal.",
        ),
        ("TERM", "dumb: ingen färg."),
        (
            "VP_TYPST",
            "Sökvägen till typst för vp render, om den inte står i PATH (som --typst).",
        ),
    ] {
        r.control("TP", []);
        r.text([bold(name)]);
        r.text([roman(meaning)]);
    }

    r.control("SH", ["FILER"]);
    for (name, meaning) in [
        (
            "plans/",
            "Planträdet: organisation.yaml, och per år kf-budget.yaml, nämndplaner och \
             enhetsplaner, var och en som .yaml (struktur) med .md (text) bredvid.",
        ),
        (
            "schemas/*.schema.json",
            "JSON Schema (draft-07) för redigerare; skrivs av vp schema.",
        ),
        (
            "docs/regler.md",
            "Reglerna: vad var och en kontrollerar, varför och hur felet rättas.",
        ),
    ] {
        r.control("TP", []);
        r.text([bold(name)]);
        r.text([roman(meaning)]);
    }

    r.control("SH", ["REGLER"]);
    r.text([roman(
        "Varje fynd har en av dessa koder. vp regler KOD förklarar en regel.",
    )]);
    for c in Code::ALL {
        r.control("TP", []);
        r.text([
            bold(c.as_str()),
            roman(format!(" ({})", c.severity().label())),
        ]);
        r.text([roman(c.title().replace('`', ""))]);
    }

    r.control("SH", ["SE ÄVEN"]);
    r.text([roman(
        "vp regler, vp KOMMANDO --help, README.md och docs/regler.md i vp:s källkod.",
    )]);
    ascii(&r.render())
}

/// Every character outside ASCII as a groff/mandoc escape (`å` → `\[u00E5]`):
/// the page reads the same whether or not the formatter is told it is UTF-8.
fn ascii(roff: &str) -> String {
    let mut out = String::with_capacity(roff.len());
    for c in roff.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            out.push_str(&format!("\\[u{:04X}]", u32::from(c)));
        }
    }
    out
}

fn visible(cmd: &Command) -> impl Iterator<Item = &Command> {
    cmd.get_subcommands().filter(|s| !s.is_hide_set())
}

/// `vp validate [FLAGGOR] [SÖKVÄG]...`, as the command's help writes it.
fn usage(sub: &Command) -> String {
    let mut sub = sub.clone();
    let u = sub.render_usage().to_string();
    let u = u.trim().trim_start_matches("Usage:").trim();
    if u.starts_with("vp") {
        u.to_owned()
    } else {
        format!("vp {u}")
    }
}

fn command(r: &mut Roff, sub: &Command) {
    r.control("SS", [usage(sub).as_str()]);
    let about = sub
        .get_long_about()
        .or(sub.get_about())
        .map(ToString::to_string)
        .unwrap_or_default();
    r.text([roman(about)]);
    let args: Vec<&Arg> = sub
        .get_arguments()
        .filter(|a| !a.is_hide_set() && !a.is_global_set())
        .filter(|a| !matches!(a.get_id().as_str(), "help" | "version"))
        .collect();
    let (positional, flags): (Vec<&Arg>, Vec<&Arg>) =
        args.into_iter().partition(|a| a.is_positional());
    if !positional.is_empty() {
        r.control("PP", []);
        r.text([bold("Argument:")]);
        for arg in positional {
            flag(r, arg);
        }
    }
    if !flags.is_empty() {
        r.control("PP", []);
        r.text([bold("Flaggor:")]);
        for arg in flags {
            flag(r, arg);
        }
    }
    if let Some(after) = sub.get_after_long_help().or(sub.get_after_help()) {
        for block in after.to_string().split("\n\n") {
            match block.split_once('\n') {
                // `Slutkoder:` and `Exempel:` are laid out as written.
                Some((head, rest)) if head.ends_with(':') => {
                    r.control("PP", []);
                    r.text([bold(head)]);
                    r.control("nf", []);
                    for line in rest.lines() {
                        r.text([roman(line)]);
                    }
                    r.control("fi", []);
                }
                _ => {
                    r.control("PP", []);
                    r.text([roman(block.replace('\n', " "))]);
                }
            }
        }
    }
}

/// One argument or flag as a tagged paragraph: `--format FORMAT`, then its help.
fn flag(r: &mut Roff, arg: &Arg) {
    let values: Vec<String> = arg
        .get_value_names()
        .map(|v| v.iter().map(ToString::to_string).collect())
        .unwrap_or_default();
    let takes_value = arg.get_action().takes_values();
    let mut head: Vec<Inline> = Vec::new();
    if let Some(short) = arg.get_short() {
        head.push(bold(format!("-{short}")));
    }
    if let Some(long) = arg.get_long() {
        if !head.is_empty() {
            head.push(roman(", "));
        }
        head.push(bold(format!("--{long}")));
    }
    if arg.is_positional() {
        head.push(italic(values.join(" ")));
    } else if takes_value && !values.is_empty() {
        head.push(roman(" "));
        head.push(italic(values.join(" ")));
    }
    r.control("TP", []);
    r.text(head);
    let help = arg
        .get_long_help()
        .or(arg.get_help())
        .map(ToString::to_string)
        .unwrap_or_default();
    r.text([roman(help)]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_flag_of_every_command_is_on_the_page() {
        let page = page();
        let cmd = Cli::command();
        for sub in cmd.get_subcommands() {
            assert!(
                page.contains(&format!("vp {}", sub.get_name())),
                "{}",
                sub.get_name()
            );
            for arg in sub.get_arguments() {
                if let Some(long) = arg.get_long()
                    && long != "help"
                {
                    assert!(
                        page.contains(&format!("\\-\\-{}", long.replace('-', "\\-"))),
                        "{} --{long}",
                        sub.get_name()
                    );
                }
            }
        }
    }
}
