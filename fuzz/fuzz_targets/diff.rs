//! `vp diff`'s pure part, both ways it compares, in every format and in the
//! summary (`--sammanfattning`):
//! - two trees (`vp diff A B`): the clean plan tree with one plan file beside
//!   it on each side, compared plan by plan;
//! - two years of one tree (`vp diff 2020 2021`): the clean tree of 2020 and
//!   its next year as `vp new-year` makes it, with both sides' plan files
//!   beside them, compared by year and by `fortsätter`.
//!
//! Input: the old side's plan file, 0x1D, the new side's (each as the
//! `validate` target's input; without 0x1D the old side has no file), each byte
//! 0x1F read as the marker `<x-fuzz>`.
//!
//! Besides not panicking: the JSON is JSON, and the marker never stands raw in
//! the HTML.

#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use vp::diff::{self, Diff, Selection, Tree, brief, format};
use vp::project::Project;

mod common;

fuzz_target!(|data: &[u8]| {
    let data = common::with_marker(data);
    let (old, new) = match data.iter().position(|&b| b == common::SIDES) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (&[][..], &data[..]),
    };
    let (a, b) = (common::project(old), common::project(new));
    // As `vp diff` does: a tree with errors is not compared.
    if !a.has_errors() && !b.has_errors() {
        write(&diff::trees(
            tree(&a),
            tree(&b),
            "a",
            "b",
            &Selection::default(),
        ));
    }
    let years = common::two_years(old, new);
    if !years.has_errors() {
        write(&diff::years(
            tree(&years),
            2020,
            2021,
            &Selection::default(),
        ));
    }
});

/// The diff in every format and its summary in every format, with the checks on
/// the JSON and the HTML.
fn write(d: &Diff) {
    let _ = format::text(d, format::Style::Plain);
    let _ = format::text(d, format::Style::Color);
    let _ = format::markdown(d);
    common::assert_escaped(&format::html(d), "the diff's HTML");
    match format::json(d) {
        Ok(json) => common::assert_json(&json, "the diff's JSON"),
        Err(e) => panic!("the diff's JSON could not be written: {e}"),
    }
    let summary = brief::brief(d);
    let _ = brief::text(&summary);
    let _ = brief::markdown(&summary);
    common::assert_escaped(&brief::html(&summary), "the summary's HTML");
}

/// One side of the diff; paths in the project are relative already.
fn tree(p: &Project) -> Tree<'_> {
    Tree {
        plans: &p.plans,
        sources: &p.sources,
        root: Path::new(""),
    }
}
