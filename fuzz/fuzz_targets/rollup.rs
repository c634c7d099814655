//! `vp rollup`'s pure part on one plan file beside a clean plan tree: every
//! nämnd year rolled up, in every format, and every follow-up period's rollup.
//! Input: as the `validate` target's (the fuzzed file is most often a unit plan
//! serving the tree's nämnd).
//!
//! Besides not panicking: the JSON is JSON, and the csv is rectangular CSV.

#![no_main]

use libfuzzer_sys::fuzz_target;
use vp::model::FollowUpPeriod;
use vp::rollup::{self, followup, format};

mod common;

fuzz_target!(|data: &[u8]| {
    let project = common::project(data);
    // As `vp rollup` does: a tree with errors is not rolled up.
    if project.has_errors() {
        return;
    }
    let (set, sources) = (&project.plans, &project.sources);
    let years: Vec<(String, i32)> = set
        .committee_plans
        .iter()
        .map(|p| (p.committee.clone(), p.year))
        .collect();
    for (committee, year) in &years {
        let what = format!("{committee} {year}");
        let r = match rollup::rollup(set, sources, committee, *year) {
            Ok(r) => r,
            Err(e) => panic!("{what}: a nämnd plan of the tree is not rolled up: {e}"),
        };
        let _ = format::table(&r);
        let _ = format::markdown(&r);
        match format::csv(&r) {
            Ok(csv) => assert_rectangular(csv.as_bytes(), b',', &what),
            Err(e) => panic!("{what}: csv refused: {e}"),
        }
        if let Err(e) = format::csv_excel(&r) {
            panic!("{what}: csv for Excel refused: {e}");
        }
        match serde_json::to_string_pretty(&r) {
            Ok(json) => common::assert_json(&json, &what),
            Err(e) => panic!("{what}: json refused: {e}"),
        }
        for period in FollowUpPeriod::ALL {
            // A period without follow-ups is an error the CLI reports; not a panic.
            if let Ok(f) = followup::follow_up_rollup(set, committee, *year, period) {
                let _ = followup::text(&f);
                match serde_json::to_string_pretty(&f) {
                    Ok(json) => common::assert_json(&json, &what),
                    Err(e) => panic!("{what} {period:?}: json refused: {e}"),
                }
            }
        }
    }
});

/// `csv` is CSV with `delimiter` whose rows all have as many fields.
fn assert_rectangular(csv: &[u8], delimiter: u8, what: &str) {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .from_reader(csv);
    for row in reader.byte_records() {
        if let Err(e) = row {
            panic!(
                "{what}: the csv does not read back: {e}\n{}",
                String::from_utf8_lossy(csv)
            );
        }
    }
}
