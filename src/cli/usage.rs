//! Usage errors in Swedish. clap has no Swedish locale, so its errors are read
//! by kind and context and said again here: what is wrong, a suggestion when
//! clap has one, the command's usage line and where to read more.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Command, CommandFactory};

use super::Cli;

/// The message for a usage error, to print on standard error (exit code 2).
/// `args` are the arguments as given, without the program name: they say which
/// subcommand's usage to show when clap's error does not.
pub fn message(e: &clap::Error, args: &[String]) -> String {
    let mut cmd = Cli::command();
    cmd.build();
    let sub = args
        .iter()
        .find_map(|a| cmd.get_subcommands().find(|s| s.get_name() == a))
        .map(|s| s.get_name().to_owned());
    let name = sub
        .as_deref()
        .map_or("vp".to_owned(), |s| format!("vp {s}"));

    let get = |k: ContextKind| e.get(k).map(text).unwrap_or_default();
    let arg = get(ContextKind::InvalidArg);
    let value = get(ContextKind::InvalidValue);
    let mut hints: Vec<String> = Vec::new();
    let what = match e.kind() {
        ErrorKind::UnknownArgument => {
            if let Some(s) = e.get(ContextKind::SuggestedArg) {
                hints.push(format!("menade du `{}`?", text(s)));
            }
            if let Some(ContextValue::String(trailing)) = e.get(ContextKind::TrailingArg) {
                hints.push(format!(
                    "för att ange `{trailing}` som sökväg eller värde, skriv `-- {trailing}`"
                ));
            }
            if arg.starts_with('-') {
                format!("okänd flagga `{arg}`")
            } else {
                format!("oväntat argument `{arg}`")
            }
        }
        ErrorKind::InvalidSubcommand => {
            if let Some(s) = e.get(ContextKind::SuggestedSubcommand) {
                hints.push(format!("menade du `vp {}`?", text(s)));
            }
            let names: Vec<&str> = cmd.get_subcommands().map(Command::get_name).collect();
            hints.push(format!("kommandona är: {}", names.join(", ")));
            format!("okänt kommando `{}`", get(ContextKind::InvalidSubcommand))
        }
        ErrorKind::InvalidValue if value.is_empty() => {
            format!("{} behöver ett värde", describe(&arg))
        }
        ErrorKind::InvalidValue => {
            if let Some(s) = e.get(ContextKind::SuggestedValue) {
                hints.push(format!("menade du `{}`?", text(s)));
            }
            if let Some(valid) = e.get(ContextKind::ValidValue) {
                hints.push(format!("tillåtna värden: {}", text(valid)));
            }
            format!("`{value}` är inget giltigt värde för {}", describe(&arg))
        }
        ErrorKind::ValueValidation => {
            let source = std::error::Error::source(e);
            match source {
                Some(s) if s.is::<std::num::ParseIntError>() => {
                    hints.push("ange ett heltal, t.ex. 2020".to_owned());
                }
                // vp's own value parsers (`vp new --mal`) say in Swedish what is expected.
                Some(s) => hints.push(s.to_string()),
                None => {}
            }
            format!("`{value}` är inget giltigt värde för {}", describe(&arg))
        }
        ErrorKind::MissingRequiredArgument => {
            format!("argument saknas: {}", arg.replace('\n', ", "))
        }
        ErrorKind::TooManyValues if !value.is_empty() => {
            format!("{} tar inget värde här (`{value}`)", describe(&arg))
        }
        ErrorKind::TooManyValues | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("fel antal värden för {}", describe(&arg))
        }
        ErrorKind::ArgumentConflict => format!(
            "{} kan inte användas tillsammans med {}",
            describe(&arg),
            describe(&get(ContextKind::PriorArg))
        ),
        ErrorKind::NoEquals => format!("skriv {} med `=`: `{arg}=VÄRDE`", describe(&arg)),
        ErrorKind::InvalidUtf8 => "ett argument är inte giltig UTF-8".to_owned(),
        ErrorKind::MissingSubcommand => "ange ett kommando".to_owned(),
        _ => "felaktiga argument".to_owned(),
    };

    let usage = match &sub {
        Some(s) => cmd.find_subcommand_mut(s).map(|c| c.render_usage()),
        None => Some(cmd.render_usage()),
    }
    .map(|u| {
        let u = u.to_string();
        let u = u.trim().trim_start_matches("Usage:").trim().to_owned();
        // A subcommand's own usage lacks the program name unless overridden.
        if u.starts_with("vp") {
            u
        } else {
            format!("vp {u}")
        }
    });

    let mut out = format!("vp: {what}\n");
    for h in hints {
        out.push_str(&format!("  hjälp: {h}\n"));
    }
    if let Some(u) = usage {
        out.push_str(&format!("\nAnvändning: {u}\n"));
    }
    out.push_str(&format!("\nMer information: `{name} --help`.\n"));
    out
}

/// `--format` or `<ÅR>` as the user wrote it, quoted; clap writes `--format <FORMAT>`.
fn describe(arg: &str) -> String {
    let name = arg.split_whitespace().next().unwrap_or(arg);
    if name.starts_with('<') {
        format!("argumentet {name}")
    } else {
        format!("`{name}`")
    }
}

fn text(v: &ContextValue) -> String {
    match v {
        ContextValue::String(s) => s.clone(),
        ContextValue::Strings(s) => s.join(", "),
        ContextValue::StyledStr(s) => s.to_string(),
        ContextValue::StyledStrs(s) => s
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        ContextValue::Number(n) => n.to_string(),
        ContextValue::Bool(b) => b.to_string(),
        ContextValue::None => String::new(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    fn error_for(args: &[&str]) -> String {
        let full: Vec<&str> = std::iter::once("vp").chain(args.iter().copied()).collect();
        let e = Cli::try_parse_from(full).expect_err("a usage error");
        let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
        message(&e, &args)
    }

    #[test]
    fn unknown_flag_with_suggestion_and_usage() {
        let m = error_for(&["validate", "--formt", "json"]);
        assert_eq!(
            m,
            "vp: okänd flagga `--formt`\n  hjälp: menade du `--format`?\n\n\
             Användning: vp validate [FLAGGOR] [SÖKVÄG]...\n\n\
             Mer information: `vp validate --help`.\n"
        );
    }

    #[test]
    fn invalid_value_lists_the_values() {
        let m = error_for(&["validate", "--format", "xml"]);
        assert!(
            m.starts_with("vp: `xml` är inget giltigt värde för `--format`\n"),
            "{m}"
        );
        assert!(
            m.contains("tillåtna värden: human, json, github, sarif"),
            "{m}"
        );
    }

    #[test]
    fn unknown_subcommand_suggests_and_lists() {
        let m = error_for(&["valdate"]);
        assert!(m.starts_with("vp: okänt kommando `valdate`\n"), "{m}");
        assert!(m.contains("menade du `vp validate`?"), "{m}");
        assert!(m.contains("Mer information: `vp --help`."), "{m}");
    }

    #[test]
    fn missing_arguments_and_bad_numbers() {
        let m = error_for(&["rollup"]);
        assert!(m.starts_with("vp: argument saknas: <NÄMND>, <ÅR>\n"), "{m}");
        assert!(
            m.contains("Användning: vp rollup [FLAGGOR] <NÄMND> <ÅR> [SÖKVÄG]"),
            "{m}"
        );
        let m = error_for(&["rollup", "x", "tjugo"]);
        assert!(
            m.starts_with("vp: `tjugo` är inget giltigt värde för argumentet <ÅR>"),
            "{m}"
        );
        assert!(m.contains("ange ett heltal"), "{m}");
        let m = error_for(&["schema", "--out"]);
        assert!(m.starts_with("vp: `--out` behöver ett värde\n"), "{m}");
        let m = error_for(&["validate", "--deny-warnings=ja"]);
        assert!(
            m.starts_with("vp: `--deny-warnings` tar inget värde här (`ja`)"),
            "{m}"
        );
    }

    #[test]
    fn no_english_from_clap() {
        for args in [
            &["validate", "--formt"][..],
            &["validate", "--format", "xml"],
            &["valdate"],
            &["rollup"],
            &["rollup", "x", "y"],
            &["regler", "a", "b"],
            &["completions"],
            &["completions", "tcsh"],
            &["validate", "--color=ibland"],
            &["--versio"],
            &["schema", "--out"],
        ] {
            let m = error_for(args);
            for english in ["error:", "Usage:", "tip:", "For more information", "found"] {
                assert!(!m.contains(english), "{args:?}: {m}");
            }
        }
    }
}
