//! What every command shares in how it talks and writes: `--color` and
//! `--quiet` ([`Common`], flattened into each command's arguments), `--out`
//! where `-` is standard output, and write errors said in Swedish. A new
//! subcommand flattens [`Common`] and writes through [`write_out`].

use std::io::IsTerminal;
use std::path::Path;

use super::{ColorChoice, CommandError, color_enabled};
use crate::workspace;

/// `--color` and `--quiet`, the same on every command.
#[derive(Clone, Copy, Debug, Default, clap::Args)]
pub struct Common {
    /// Färg i terminalen: auto (förval), always eller never. Vid auto: ingen färg med NO_COLOR (vilket värde som helst), TERM=dumb eller CLICOLOR=0; färg även utan terminal med CLICOLOR_FORCE.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "NÄR", hide_possible_values = true, hide_default_value = true, help_heading = "Flaggor")]
    pub color: ColorChoice,
    /// Inga meddelanden om vad som skrevs och hur långt arbetet kommit, ingen sammanfattningsrad; fynd, fel och utdata visas ändå.
    #[arg(short = 'q', long, help_heading = "Flaggor")]
    pub quiet: bool,
}

impl Common {
    /// A note for the person at the terminal (what was written, what was
    /// skipped), on standard error; none with `--quiet`.
    pub fn note(&self, message: &str) {
        if !self.quiet {
            eprintln!("{message}");
        }
    }

    /// Whether to show progress: on a terminal only (not in a pipe or a CI
    /// log), and not with `--quiet`.
    pub fn progress(&self) -> bool {
        !self.quiet && std::io::stderr().is_terminal()
    }

    /// Whether what goes to standard error is coloured, by `--color` and the environment.
    pub fn stderr_color(&self) -> bool {
        color_enabled(
            self.color,
            |k| std::env::var_os(k),
            std::io::stderr().is_terminal(),
        )
    }
}

/// `--out -`: standard output, as for every command with `--out FIL`.
pub fn is_stdout(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// A command's output to the file `--out` names (written atomically), or to
/// standard output without `--out` or with `--out -`. `Err` is the exit code
/// of a run whose output could not be written, its message said.
pub fn write_out(out: Option<&Path>, bytes: &[u8]) -> Result<(), std::process::ExitCode> {
    match out.filter(|p| !is_stdout(p)) {
        Some(path) => {
            workspace::write_atomic(path, bytes).map_err(|e| super::fail(&cannot_write(path, &e)))
        }
        None => super::write_stdout(bytes),
    }
}

/// `--out KATALOG` of a command that writes several files: `-` is no folder,
/// and is refused rather than made into one named `-`.
pub fn out_folder(path: &Path) -> Result<(), CommandError> {
    if is_stdout(path) {
        return Err(CommandError(
            "`--out -` (standard ut) går inte här: kommandot skriver flera filer; ange en katalog"
                .to_owned(),
        ));
    }
    Ok(())
}

/// "kan inte skriva `ut.csv`: filen finns redan": the path and the operating
/// system's error, in Swedish.
pub fn cannot_write(path: &Path, e: &std::io::Error) -> String {
    format!(
        "kan inte skriva `{}`: {}",
        path.display(),
        workspace::io_error_sv(e)
    )
}

/// What `vp new` and `vp new-year` print when files they would write exist
/// and `--force` is not given: the paths, one a line.
pub fn existing_files(paths: &[std::path::PathBuf]) -> String {
    let mut text =
        String::from("Filerna finns redan; ingen fil skrevs (--force skriver över dem):\n");
    for p in paths {
        text.push_str(&format!("  {}\n", p.display()));
    }
    text
}
