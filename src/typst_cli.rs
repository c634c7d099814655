//! The external `typst` CLI: found on PATH, through `--typst` or `VP_TYPST`;
//! its version checked; a compilation run with the fonts vp ships and the
//! accessibility standard PDF/UA-1; its errors told with the template's line.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The oldest typst whose PDFs are tagged and that knows `--pdf-standard ua-1`.
pub const MIN_VERSION: (u32, u32) = (0, 14);

/// How to install typst, for every message that says it is missing.
pub const INSTALL: &str = "cargo install --locked typst-cli";

/// The fonts the template uses, shipped so output is the same on every machine.
pub const FONTS: [(&str, &[u8]); 4] = [
    (
        "LiberationSans-Regular.ttf",
        include_bytes!("../templates/fonts/LiberationSans-Regular.ttf"),
    ),
    (
        "LiberationSans-Bold.ttf",
        include_bytes!("../templates/fonts/LiberationSans-Bold.ttf"),
    ),
    (
        "LiberationSans-Italic.ttf",
        include_bytes!("../templates/fonts/LiberationSans-Italic.ttf"),
    ),
    (
        "LiberationSans-BoldItalic.ttf",
        include_bytes!("../templates/fonts/LiberationSans-BoldItalic.ttf"),
    ),
];

/// A typst executable that answered its version.
#[derive(Clone, Debug)]
pub struct Typst {
    pub path: PathBuf,
    pub version: String,
}

/// Why typst cannot be used.
#[derive(Debug)]
pub enum TypstError {
    Missing { tried: String },
    TooOld { path: PathBuf, version: String },
}

impl std::fmt::Display for TypstError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TypstError::Missing { tried } => write!(
                f,
                "typst hittades inte ({tried}); PDF kräver typst {}.{} eller senare: installera med `{INSTALL}`, eller ange sökvägen med --typst eller VP_TYPST",
                MIN_VERSION.0, MIN_VERSION.1
            ),
            TypstError::TooOld { path, version } => write!(
                f,
                "`{}` är typst {version}, men PDF kräver {}.{} eller senare: uppdatera med `{INSTALL}`",
                path.display(),
                MIN_VERSION.0,
                MIN_VERSION.1
            ),
        }
    }
}

/// Finds typst: `explicit` (from `--typst`), then `VP_TYPST`, then `typst` on PATH.
pub fn find(explicit: Option<&Path>) -> Result<Typst, TypstError> {
    let env = std::env::var_os("VP_TYPST").filter(|v| !v.is_empty());
    let (path, tried) = match (explicit, env) {
        (Some(p), _) => (p.to_path_buf(), format!("--typst {}", p.display())),
        (None, Some(v)) => {
            let p = PathBuf::from(v);
            let tried = format!("VP_TYPST={}", p.display());
            (p, tried)
        }
        (None, None) => (PathBuf::from("typst"), "typst i PATH".to_owned()),
    };
    let out = Command::new(&path)
        .arg("--version")
        .output()
        .map_err(|_| TypstError::Missing {
            tried: tried.clone(),
        })?;
    let text = String::from_utf8_lossy(&out.stdout);
    let version = text
        .split_whitespace()
        .nth(1)
        .unwrap_or("")
        .trim()
        .to_owned();
    if !out.status.success() || version.is_empty() {
        return Err(TypstError::Missing { tried });
    }
    let mut parts = version.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    let (major, minor) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    if (major, minor) < MIN_VERSION {
        return Err(TypstError::TooOld { path, version });
    }
    Ok(Typst { path, version })
}

impl Typst {
    /// Compiles `root/main` to `out`, reading fonts only from `fonts`. `Err`
    /// holds typst's errors, each with the template file and line as the user
    /// knows them (`templates/plan.typ:12:5`).
    ///
    /// `created` (seconds since 1970) is the PDF's creation date, so that the
    /// same plan gives the same bytes; typst would stamp the time of the run.
    pub fn compile(
        &self,
        root: &Path,
        main: &str,
        fonts: &Path,
        out: &Path,
        created: i64,
    ) -> Result<(), String> {
        let result = Command::new(&self.path)
            .args(compile_args(
                root,
                main,
                fonts,
                out,
                created,
                &["--diagnostic-format", "short"],
            ))
            .output()
            .map_err(|e| format!("typst kunde inte startas: {e}"))?;
        if result.status.success() {
            return Ok(());
        }
        let stderr = String::from_utf8_lossy(&result.stderr);
        Err(describe_errors(&stderr, root, main))
    }
}

/// The arguments of `typst compile` for one plan, as vp runs it and as
/// `vp render --typst-source` tells the user to: the shipped fonts only, PDF/UA-1,
/// and the plan's creation date so that the PDF is the same on every run;
/// `extra` options stand before the input and output files.
pub fn compile_args(
    root: &Path,
    main: &str,
    fonts: &Path,
    out: &Path,
    created: i64,
    extra: &[&str],
) -> Vec<std::ffi::OsString> {
    let mut args: Vec<std::ffi::OsString> = vec!["compile".into(), "--root".into()];
    args.push(root.into());
    args.push("--font-path".into());
    args.push(fonts.into());
    args.extend(
        [
            "--ignore-system-fonts",
            "--pdf-standard",
            "ua-1",
            "--creation-timestamp",
        ]
        .map(Into::into),
    );
    args.push(created.to_string().into());
    args.extend(extra.iter().map(Into::into));
    args.push(root.join(main).into());
    args.push(out.into());
    args
}

/// `typst` and `args` as one line for a POSIX shell: an argument with
/// anything but letters, digits and `-_./=+,:` is single-quoted.
pub fn shell_line(args: &[std::ffi::OsString]) -> String {
    let mut line = String::from("typst");
    for a in args {
        let a = a.to_string_lossy();
        line.push(' ');
        let plain = !a.is_empty()
            && a.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_./=+,:".contains(c));
        if plain {
            line.push_str(&a);
        } else {
            line.push('\'');
            line.push_str(&a.replace('\'', "'\\''"));
            line.push('\'');
        }
    }
    line
}

/// typst's short diagnostics, with the render root's paths turned back into the
/// template's place in `templates/`; warnings dropped; at most ten lines.
pub fn describe_errors(stderr: &str, root: &Path, main: &str) -> String {
    let root = root.display().to_string();
    let lines: Vec<String> = stderr
        .lines()
        .filter(|l| l.contains("error"))
        .map(|l| {
            l.replace(&format!("{root}/{main}"), &format!("templates/{main}"))
                .replace(&format!("{root}/"), "")
        })
        .take(10)
        .collect();
    if lines.is_empty() {
        format!(
            "typst misslyckades utan felmeddelande (slutkod {})",
            stderr.trim()
        )
    } else {
        lines.join("\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_line_quotes_what_a_shell_would_split() {
        let args = compile_args(
            Path::new("ut/mina planer"),
            "plan.typ",
            Path::new("ut/fonts"),
            Path::new("ut/it's.pdf"),
            1_577_836_800,
            &[],
        );
        assert_eq!(
            shell_line(&args),
            "typst compile --root 'ut/mina planer' --font-path ut/fonts --ignore-system-fonts \
             --pdf-standard ua-1 --creation-timestamp 1577836800 'ut/mina planer/plan.typ' \
             'ut/it'\\''s.pdf'"
        );
    }

    #[test]
    fn errors_point_at_the_template_not_the_temporary_root() {
        let stderr = "/tmp/x/.vp-1/plan.typ:12:5: error: unknown variable: foo\n/tmp/x/.vp-1/plan.typ:3:1: warning: unused\n";
        assert_eq!(
            describe_errors(stderr, Path::new("/tmp/x/.vp-1"), "plan.typ"),
            "templates/plan.typ:12:5: error: unknown variable: foo"
        );
    }

    #[test]
    fn a_missing_typst_says_how_to_install_it() {
        let err = find(Some(Path::new("/finns/inte/typst"))).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains(INSTALL), "{msg}");
        assert!(msg.contains("--typst /finns/inte/typst"), "{msg}");
    }
}
