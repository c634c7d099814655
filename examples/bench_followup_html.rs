//! Times one nämnd's follow-up document as HTML (composed and written to a
//! string, no disk) on a plan tree already loaded: `bench/uppfoljning.sh` runs it
//! on the generated city.
//!
//! cargo run --release --example bench_followup_html -- TREE NÄMND ÅR PERIOD [RUNS]

use std::path::PathBuf;
use std::time::Instant;

use vp::model::{FollowUpPeriod, PlanId};
use vp::project::Project;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [tree, committee, year, period, rest @ ..] = args.as_slice() else {
        eprintln!("användning: bench_followup_html TRÄD NÄMND ÅR PERIOD [KÖRNINGAR]");
        std::process::exit(2);
    };
    let runs: usize = rest.first().and_then(|r| r.parse().ok()).unwrap_or(20);
    let project = Project::load(&[PathBuf::from(tree)]).expect("trädet läses");
    let set = &project.plans;
    let (Ok(year), Some(period)) = (year.parse::<i32>(), FollowUpPeriod::parse(period)) else {
        eprintln!("år och period (T1, T2, VB) behövs");
        std::process::exit(2);
    };
    let Some(plan) = set.committee_plan_id(committee, year) else {
        eprintln!("ingen nämndplan för {committee} {year}");
        std::process::exit(2);
    };
    let Some(f) = set.follow_up(PlanId::Committee(plan), period) else {
        eprintln!("ingen uppföljning för perioden");
        std::process::exit(2);
    };
    let mut times = Vec::with_capacity(runs);
    let mut bytes = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let page = vp::render::html::render(&vp::render::followup::document(set, f));
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        bytes = page.len();
    }
    times.sort_by(f64::total_cmp);
    println!(
        "nämndens uppföljning som HTML: median {:.1} ms, längst {:.1} ms ({runs} körningar, {} kB)",
        times[runs / 2],
        times[runs - 1],
        bytes / 1000
    );
}
