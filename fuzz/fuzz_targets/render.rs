//! `vp render`'s pure part on one plan file beside a clean plan tree: every
//! plan's document (and every follow-up's), its HTML page and the JSON data its
//! typst template reads (typst itself is not run). Input: as the `validate`
//! target's, with each byte 0x1F read as the marker `<x-fuzz>`.
//!
//! Besides not panicking: the typst data is JSON, and the marker never stands
//! raw in the HTML, wherever in the plan's YAML or Markdown it was written.

#![no_main]

use libfuzzer_sys::fuzz_target;
use vp::model::FollowUpPeriod;
use vp::render::{self, Filter, html, typst};

mod common;

fuzz_target!(|data: &[u8]| {
    let project = common::project(&common::with_marker(data));
    // As `vp render` does: a tree with errors is not rendered.
    if project.has_errors() {
        return;
    }
    let (set, sources) = (&project.plans, &project.sources);
    let mut jobs = render::jobs(set, &Filter::default());
    for period in FollowUpPeriod::ALL {
        jobs.extend(render::follow_up_jobs(set, &Filter::default(), period));
    }
    for job in &jobs {
        let doc = render::job_document(set, sources, job);
        common::assert_escaped(&html::render(&doc), &job.stem);
        match typst::data(&doc) {
            Ok(json) => common::assert_json(&json, &job.stem),
            Err(e) => panic!("{}: the typst data could not be written: {e}", job.stem),
        }
    }
});
