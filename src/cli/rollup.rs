//! `vp rollup`: everything a nämnd's units plan, under each nämndmål.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;

use super::{exit, fail};
use crate::rollup::followup::follow_up_rollup;
use crate::rollup::{self, format};

pub const AFTER_HELP: &str = "\
Slutkoder:
  0  sammanställningen skrevs
  2  vp kunde inte köras (planerna har fel, som visas som av vp validate;
     nämnden eller planen finns inte; felaktiga argument)

Exempel:
  vp rollup hagersten-liljeholmen 2020               i terminalen
  vp rollup hagersten-liljeholmen 2020 --format csv --out tackning.csv
  vp rollup hagersten-liljeholmen 2020 --format excel --out tackning.csv
                                                     för svenskt Excel (dubbelklick)
  vp rollup alla 2020 --format json                  alla nämnder med plan 2020
  vp rollup hagersten-liljeholmen 2020 --period T1 --uppfoljning examples/uppfoljning
                                                     tertialrapport 1: utfall mot årsmål";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Nämndens id i organisation.yaml, eller `alla` för varje nämnd med en plan det året.
    #[arg(value_name = "NÄMND", add = super::complete::committees_or_all())]
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
    /// Utdataformat: human (förval; för terminalen; `table` går också), md (Markdown), json (allt), csv (täckningsmatrisen, RFC 4180 med komma, för verktyg) eller excel (täckningsmatrisen med semikolon och BOM, som svenskt Excel öppnar den, med en förklaring av cellerna).
    #[arg(long, value_enum, default_value_t = Format::Human, value_name = "FORMAT", hide_possible_values = true, hide_default_value = true, help_heading = "Flaggor")]
    pub format: Format,
    /// Skriv till filen i stället för till standard ut (`-`: standard ut).
    #[arg(long, value_name = "FIL", help_heading = "Flaggor")]
    pub out: Option<PathBuf>,
    /// Sammanställ uppföljningen för perioden: T1, T2 eller VB (utfall mot årsmål, bedömningar, enheter som inte har rapporterat).
    #[arg(long, value_name = "PERIOD", help_heading = "Flaggor")]
    pub period: Option<String>,
    /// Fler kataloger att läsa uppföljningar från, utöver planträdet (kan upprepas).
    #[arg(long = "uppfoljning", value_name = "SÖKVÄG", help_heading = "Flaggor")]
    pub follow_up: Vec<PathBuf>,
    #[command(flatten)]
    pub common: super::output::Common,
}

/// `--format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// För terminalen.
    #[value(alias = "table")]
    Human,
    /// Markdown.
    Md,
    /// Ett JSON-dokument med allt.
    Json,
    /// Täckningsmatrisen, RFC 4180 med komma, för verktyg.
    Csv,
    /// Täckningsmatrisen som svenskt Excel öppnar den: semikolon, BOM, CRLF, förklaring.
    Excel,
}

pub fn run(args: Args) -> ExitCode {
    let (project, period) = match super::load_valid_period(
        &args.path,
        &args.follow_up,
        args.period.as_deref(),
        "sammanställs",
    ) {
        Ok(loaded) => loaded,
        Err(e) => return super::finish("rollup", Err(e)),
    };
    let committees: Vec<String> = if args.committee == "alla" {
        let mut ids: Vec<String> = project
            .plans
            .committee_plans
            .iter()
            .filter(|p| p.year == args.year)
            .map(|p| p.committee.clone())
            .collect();
        ids.sort();
        if ids.is_empty() {
            return fail(&format!("det finns inga nämndplaner för {}", args.year));
        }
        if matches!(args.format, Format::Csv | Format::Excel) && ids.len() > 1 {
            return fail("csv och excel skriver en nämnds täckningsmatris; ange en nämnd");
        }
        ids
    } else {
        // An unknown nämnd is rollup's own error, with its suggestion.
        vec![args.committee.clone()]
    };
    if period.is_some() && matches!(args.format, Format::Csv | Format::Excel) {
        return fail(
            "csv och excel skriver täckningsmatrisen; för uppföljningen, välj table, md eller json",
        );
    }
    let joined = join(&committees, args.format, args.year, |c| match period {
        Some(period) => {
            let r = follow_up_rollup(&project.plans, c, args.year, period)
                .map_err(|e| e.to_string())?;
            Ok(match args.format {
                Format::Json => json(&r)?.into_bytes(),
                Format::Md => crate::rollup::followup::markdown(&r).into_bytes(),
                _ => crate::rollup::followup::text(&r).into_bytes(),
            })
        }
        None => {
            let r = rollup::rollup(&project.plans, &project.sources, c, args.year)
                .map_err(|e| e.to_string())?;
            Ok(match args.format {
                Format::Human => format::table(&r).into_bytes(),
                Format::Md => format::markdown(&r).into_bytes(),
                Format::Csv => format::csv(&r)?.into_bytes(),
                Format::Excel => format::csv_excel(&r)?,
                Format::Json => json(&r)?.into_bytes(),
            })
        }
    });
    let code = match joined {
        Ok(bytes) => write(&args, &bytes),
        Err(e) => fail(&e),
    };
    super::leave(project);
    code
}

/// The output for `committees`, as many nämnder at a time as there are cores:
/// each rollup is made, formatted by `part` and dropped before the next batch,
/// so a whole city's run holds a few rollups and the text, not every rollup.
/// The parts are joined in the order of `committees`, and the first nämnd (in
/// that order) that fails is the error, as when they were made one by one.
/// JSON is one document of the same shape for one nämnd and for `alla`
/// (`rollup::Document`), each nämnd's rollup an element of its `committees`.
fn join(
    committees: &[String],
    format: Format,
    year: i32,
    part: impl Fn(&str) -> Result<Vec<u8>, String> + Sync,
) -> Result<Vec<u8>, String> {
    use rayon::prelude::*;
    let json = format == Format::Json;
    let mut out = Vec::new();
    if json {
        out.extend_from_slice(
            format!(
                "{{\n  \"version\": {},\n  \"year\": {},\n  \"committees\": [\n",
                rollup::JSON_VERSION,
                year
            )
            .as_bytes(),
        );
    }
    let batch = rayon::current_num_threads().max(1);
    let parts = committees.chunks(batch).flat_map(|chunk| {
        let made: Vec<Result<Vec<u8>, String>> = chunk.par_iter().map(|c| part(c)).collect();
        made
    });
    for (i, bytes) in parts.enumerate() {
        let bytes = bytes?;
        if json {
            if i > 0 {
                out.extend_from_slice(b",\n");
            }
            push_indented(&mut out, &bytes);
        } else {
            if i > 0 {
                out.push(b'\n');
            }
            out.extend_from_slice(&bytes);
        }
    }
    if json {
        out.extend_from_slice(JSON_END.as_bytes());
    }
    Ok(out)
}

/// Pretty JSON of one nämnd's rollup.
fn json(r: &impl serde::Serialize) -> Result<String, String> {
    serde_json::to_string_pretty(r).map_err(|e| format!("kunde inte skriva json: {e}"))
}

/// The end of the JSON document the rollups stand in.
const JSON_END: &str = "\n  ]\n}\n";

/// One rollup's pretty JSON as an element of the document's `committees`
/// (four spaces in; a JSON string holds no line break of its own).
fn push_indented(out: &mut Vec<u8>, json: &[u8]) {
    for (i, line) in json.split(|&b| b == b'\n').enumerate() {
        if i > 0 {
            out.push(b'\n');
        }
        out.extend_from_slice(b"    ");
        out.extend_from_slice(line);
    }
}

fn write(args: &Args, bytes: &[u8]) -> ExitCode {
    match super::output::write_out(args.out.as_deref(), bytes) {
        Ok(()) => exit(0),
        Err(code) => code,
    }
}
