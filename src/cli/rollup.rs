//! `vp rollup`: everything a nämnd's units plan, under each nämndmål.

use std::fmt::Write as _;
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
    // One nämnd at a time: each rollup is rendered and dropped before the next,
    // so a whole city's run holds one rollup and the text, not every rollup.
    let mut text = String::new();
    let mut bytes: Vec<u8> = Vec::new();
    // JSON: one document of the same shape for one nämnd and for `alla`
    // (`rollup::Document`), each nämnd's rollup written as it is made.
    if args.format == Format::Json {
        let _ = write!(
            text,
            "{{\n  \"version\": {},\n  \"year\": {},\n  \"committees\": [\n",
            rollup::JSON_VERSION,
            args.year
        );
    }
    if let Some(period) = period {
        if matches!(args.format, Format::Csv | Format::Excel) {
            return fail(
                "csv och excel skriver täckningsmatrisen; för uppföljningen, välj table, md eller json",
            );
        }
        for (i, c) in committees.iter().enumerate() {
            let r = match follow_up_rollup(&project.plans, c, args.year, period) {
                Ok(r) => r,
                Err(e) => return fail(&e.to_string()),
            };
            if i > 0 {
                text.push_str(if args.format == Format::Json {
                    ",\n"
                } else {
                    "\n"
                });
            }
            match args.format {
                Format::Json => match serde_json::to_string_pretty(&r) {
                    Ok(json) => push_indented(&mut text, &json),
                    Err(e) => return fail(&format!("kunde inte skriva json: {e}")),
                },
                Format::Md => text.push_str(&crate::rollup::followup::markdown(&r)),
                _ => text.push_str(&crate::rollup::followup::text(&r)),
            }
        }
        if args.format == Format::Json {
            text.push_str(JSON_END);
        }
        return write(&args, text.as_bytes());
    }
    for (i, c) in committees.iter().enumerate() {
        let r = match rollup::rollup(&project.plans, &project.sources, c, args.year) {
            Ok(r) => r,
            Err(e) => return fail(&e.to_string()),
        };
        if i > 0 {
            text.push_str(if args.format == Format::Json {
                ",\n"
            } else {
                "\n"
            });
        }
        match args.format {
            Format::Human => text.push_str(&format::table(&r)),
            Format::Md => text.push_str(&format::markdown(&r)),
            Format::Csv => match format::csv(&r) {
                Ok(csv) => text.push_str(&csv),
                Err(e) => return fail(&e),
            },
            Format::Excel => match format::csv_excel(&r) {
                Ok(csv) => bytes = csv,
                Err(e) => return fail(&e),
            },
            Format::Json => match serde_json::to_string_pretty(&r) {
                Ok(json) => push_indented(&mut text, &json),
                Err(e) => return fail(&format!("kunde inte skriva json: {e}")),
            },
        }
    }
    if args.format == Format::Json {
        text.push_str(JSON_END);
    }
    if bytes.is_empty() {
        bytes = text.into_bytes();
    }
    write(&args, &bytes)
}

/// The end of the JSON document the rollups stand in.
const JSON_END: &str = "\n  ]\n}\n";

/// One rollup's pretty JSON as an element of the document's `committees`
/// (four spaces in; a JSON string holds no line break of its own).
fn push_indented(text: &mut String, json: &str) {
    for (i, line) in json.lines().enumerate() {
        if i > 0 {
            text.push('\n');
        }
        text.push_str("    ");
        text.push_str(line);
    }
}

fn write(args: &Args, bytes: &[u8]) -> ExitCode {
    match super::output::write_out(args.out.as_deref(), bytes) {
        Ok(()) => exit(0),
        Err(code) => code,
    }
}
