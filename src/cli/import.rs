//! `vp import`: published plans (text from PDF) → plan files.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;

use super::exit;
use crate::import::{self, Overrides, report};
use crate::workspace;

pub const AFTER_HELP: &str = "\
Texten tas fram med t.ex. `pdftotext -layout plan.pdf plan.txt` eller `pdftotext plan.pdf`.
Flera filer som hänvisar till samma KF-mål och nämndmål slås ihop: nämndmålen hamnar
i nämndens plan och enhetsplanerna hänvisar till dem. Alla filer skrivs, eller ingen:
finns en av dem redan (utan --force) eller går en inte att skriva, skrivs ingenting.
Saknas organisation.yaml i utkatalogen skrivs en med de nämnder som används.
Finns KF:s budget redan i utkatalogen läses KF:s årsmål där, för att skilja en
indikatortabells kolumner Årsmål och KF:s årsmål åt där texten inte gör det.

Slutkoder:
  0  allt importerat och skrivet
  1  importerat, men rader kunde inte placeras, delar kom inte med i planfilerna,
     filer fanns redan (då skrevs ingen), eller år, nämnd eller enhetens namn
     framgår inte av texten
  2  vp kunde inte köras (filen finns inte, är binär, ingen vanlig fil eller över
     32 MB eller 500 000 rader, eller går inte att skriva)

Exempel:
  vp import plan-2020.txt                          skriv planfilerna under plans/
  vp import *.txt --out /tmp/import --format json
  vp import resurs.txt --unit Resursenheten --committee hagersten-alvsjo
  pdftotext plan.pdf - | vp import -               texten från standard in";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Textfiler med publicerade planer; `-` läser texten från standard in.
    #[arg(value_name = "FIL", required = true)]
    pub files: Vec<PathBuf>,
    /// Katalog att skriva planfilerna i (förval: plans).
    #[arg(
        long,
        default_value = "plans",
        hide_default_value = true,
        value_name = "KATALOG",
        help_heading = "Flaggor"
    )]
    pub out: PathBuf,
    /// Utdataformat för rapporten: human (förval, läsbar) eller json.
    #[arg(long, value_enum, default_value_t = Format::Human, value_name = "FORMAT", hide_possible_values = true, hide_default_value = true, help_heading = "Flaggor")]
    pub format: Format,
    /// Skriv över filer som redan finns.
    #[arg(long, help_heading = "Flaggor")]
    pub force: bool,
    /// Skriv inga filer, visa bara rapporten.
    #[arg(long, help_heading = "Flaggor")]
    pub dry_run: bool,
    /// Planens år, om texten inte visar det.
    #[arg(long, value_name = "ÅR", help_heading = "Flaggor")]
    pub year: Option<i32>,
    /// Nämndens id (t.ex. hagersten-liljeholmen), om texten inte visar det.
    #[arg(long, value_name = "ID", help_heading = "Flaggor")]
    pub committee: Option<String>,
    /// Enhetens namn, om texten inte visar det.
    #[arg(long, value_name = "NAMN", help_heading = "Flaggor")]
    pub unit: Option<String>,
    /// Enhetens id; annars bildat av namnet.
    #[arg(long, value_name = "ID", help_heading = "Flaggor")]
    pub unit_id: Option<String>,
    /// Enheten som denna fortsätter, som nämnd/enhet.
    #[arg(long, value_name = "NÄMND/ENHET", help_heading = "Flaggor")]
    pub continues: Option<String>,
    /// Andra nämnder som en delad enhet arbetar för, kommaseparerade.
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "ID,…",
        help_heading = "Flaggor"
    )]
    pub other_committees: Vec<String>,
    #[command(flatten)]
    pub common: super::output::Common,
}

/// `--format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Läsbar rapport.
    Human,
    /// Ett JSON-dokument.
    Json,
}

/// The name standard input goes by in reports, when the file is given as `-`.
const STDIN_NAME: &str = "standard in";

/// Reads an input file (or standard input, given as `-`) as text: UTF-8, or
/// else Windows-1252, as older exports are. Only regular files, and no more
/// than the importer takes, so that a FIFO, `/dev/zero` or a huge file ends
/// the run with a message instead of hanging it or filling the memory.
fn read_input(path: &Path) -> Result<(String, Option<String>), String> {
    let stdin = path == Path::new("-");
    let shown = if stdin {
        STDIN_NAME.to_owned()
    } else {
        format!("`{}`", path.display())
    };
    let bytes = if stdin {
        workspace::read_stream_limited(std::io::stdin().lock(), import::MAX_INPUT_BYTES)
    } else {
        workspace::read_limited(path, import::MAX_INPUT_BYTES)
    }
    .map_err(|e| {
        let hint = match e {
            workspace::ReadError::NotRegular(_) => {
                "; ge vp en textfil, eller texten på standard in med `-`"
            }
            workspace::ReadError::TooLarge { .. } => {
                "; en nämnds hela plan är under 1 MB: dela upp texten i flera filer"
            }
            _ => "",
        };
        format!("{shown} {}{hint}", e.message())
    })?;
    let bytes = bytes
        .strip_prefix(&[0xEF, 0xBB, 0xBF])
        .map(<[u8]>::to_vec)
        .unwrap_or(bytes);
    if bytes.contains(&0) {
        return Err(format!(
            "{shown} är en binär fil; ge vp texten ur PDF:en, t.ex. med `pdftotext`"
        ));
    }
    let lines = bytes.iter().filter(|&&b| b == b'\n').count();
    if lines > import::MAX_INPUT_LINES {
        return Err(format!(
            "{shown} har {lines} rader; högst {} läses per fil (en nämnds hela plan har omkring 3 300): dela upp texten i flera filer",
            import::MAX_INPUT_LINES
        ));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok((text, None)),
        Err(e) => {
            let text: String = e.into_bytes().iter().map(|&b| windows_1252(b)).collect();
            Ok((
                text,
                Some(format!("{shown} är inte UTF-8 och lästes som Windows-1252")),
            ))
        }
    }
}

fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9f => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

/// KF:s årsmål of the indicators in the KF budgets of the plan tree at
/// `out`, where there is one (they tell apart an indicator table's columns
/// where the text does not; see docs/import.md). A tree that does not load
/// gives none: the import then reads the text alone.
fn kf_targets(out: &Path) -> import::tables::KfTargets {
    if !out.is_dir() {
        return Default::default();
    }
    crate::project::Project::load(&[out.to_path_buf()])
        .map(|p| import::tables::KfTargets::from_plans(&p.plans))
        .unwrap_or_default()
}

pub fn run(args: Args) -> ExitCode {
    if let Err(e) = super::output::out_folder(&args.out) {
        return super::finish("import", Err(e));
    }
    // `--continues` is written into the unit plan as `nämnd/enhet`: two ids.
    if let Some(c) = &args.continues {
        let ids = c.split_once('/').filter(|(committee, unit)| {
            crate::validate::is_id(committee) && crate::validate::is_id(unit)
        });
        if ids.is_none() {
            eprintln!(
                "vp: --continues `{c}` är inte `nämnd/enhet`: två id med små bokstäver, siffror och bindestreck, t.ex. `hagersten-alvsjo/resursenheten`"
            );
            return ExitCode::from(2);
        }
    }
    // These become parts of file paths: only ids, so nothing is written outside --out.
    let named = [
        ("--committee", &args.committee),
        ("--unit-id", &args.unit_id),
    ]
    .into_iter()
    .filter_map(|(flag, v)| Some((flag, v.as_ref()?)))
    .chain(
        args.other_committees
            .iter()
            .map(|c| ("--other-committees", c)),
    );
    for (flag, v) in named {
        if !crate::validate::is_id(v) {
            eprintln!(
                "vp: {flag} `{v}` är inget id: skriv med små bokstäver, siffror och bindestreck, t.ex. `{}`",
                crate::model::value::slug(v)
            );
            return ExitCode::from(2);
        }
    }
    let mut inputs = Vec::new();
    let mut run_report = report::RunReport::default();
    for path in &args.files {
        match read_input(path) {
            Ok((text, note)) => {
                run_report.notes.extend(note);
                let name = if path == Path::new("-") {
                    STDIN_NAME.to_owned()
                } else {
                    path.display().to_string()
                };
                inputs.push((name, text));
            }
            Err(e) => run_report.errors.push(e),
        }
    }
    let overrides = Overrides {
        year: args.year,
        committee: args.committee.clone(),
        unit_name: args.unit.clone(),
        unit_id: args.unit_id.clone(),
        continues: args.continues.clone(),
        other_committees: args.other_committees.clone(),
        kf_targets: kf_targets(&args.out),
    };
    let imported = import::import(&inputs, &overrides);
    let mut files = imported.files.clone();
    let org = args.out.join("organisation.yaml");
    if !org.exists() && !imported.tree.committees.is_empty() {
        let mut used: Vec<&str> = imported
            .tree
            .committees
            .iter()
            .map(|c| c.committee.as_str())
            .chain(
                imported
                    .tree
                    .units
                    .iter()
                    .flat_map(|u| u.other_committees.iter().map(String::as_str)),
            )
            .collect();
        used.sort_unstable();
        used.dedup();
        let named: Vec<(&str, &str)> = used
            .iter()
            .map(|id| {
                let name = crate::import::committees::name(id).unwrap_or(id);
                (*id, name)
            })
            .collect();
        files.push(import::emit::OutFile {
            path: "organisation.yaml".into(),
            text: import::emit::organisation(&named),
        });
    }
    let notes = std::mem::take(&mut run_report.notes);
    run_report.files = imported.report.files;
    run_report.notes = notes;
    run_report.notes.extend(imported.report.notes);
    run_report.dropped = imported.report.dropped;
    // Every input is read and checked before anything is written: one that
    // cannot be read (missing, binary, too long) stops the whole run, so no
    // run writes the files of some of its inputs and not the others'.
    let unreadable = !run_report.errors.is_empty();
    if unreadable && !args.dry_run {
        run_report.nothing_written = true;
        run_report.errors.push(
            "ingen fil skrevs: en körning skriver alla sina filer eller ingen; rätta indata och kör igen"
                .to_owned(),
        );
    } else if args.dry_run {
        for f in &files {
            let path = args.out.join(&f.path);
            let shown = path.display().to_string();
            if path.symlink_metadata().is_ok() && !args.force {
                run_report.skipped.push(shown);
            } else {
                run_report
                    .written
                    .push(format!("{shown} (torrkörning, inte skriven)"));
            }
        }
    } else {
        // All files of the run or none: a file that exists (without --force)
        // or one that cannot be written leaves nothing of the run behind.
        let contents: Vec<(PathBuf, Vec<u8>)> = files
            .iter()
            .map(|f| (PathBuf::from(&f.path), f.text.clone().into_bytes()))
            .collect();
        match workspace::write_all(&args.out, &contents, args.force) {
            Ok(paths) => {
                run_report.written = paths.iter().map(|p| p.display().to_string()).collect();
            }
            Err(workspace::WriteAllError::Exists(paths)) => {
                run_report.skipped = paths.iter().map(|p| p.display().to_string()).collect();
                run_report.nothing_written = true;
            }
            Err(workspace::WriteAllError::Io(path, e)) => {
                run_report.nothing_written = true;
                run_report.errors.push(format!(
                    "{}; ingen fil från körningen skrevs",
                    super::output::cannot_write(&path, &e)
                ));
            }
        }
    }
    let text = match args.format {
        Format::Human => report::human(&run_report),
        Format::Json => report::json(&run_report),
    };
    if let Err(code) = super::write_stdout(text.as_bytes()) {
        return code;
    }
    let not_imported = imported.tree.incomplete > 0;
    let findings = run_report
        .files
        .iter()
        .any(report::FileReport::has_findings)
        || !run_report.dropped.is_empty()
        || !run_report.skipped.is_empty()
        || not_imported;
    if !run_report.errors.is_empty() {
        exit(2)
    } else {
        exit(u8::from(findings))
    }
}
