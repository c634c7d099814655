//! How `vp diff`'s matcher grows with the number of goals under one parent, in
//! its worst case: every goal renamed (no id matches), so every pair is found by
//! similar text. Prints the time for 500 to 8,000 goals; a quadratic matcher
//! would take 16 × longer for 4 × as many goals, a linear one 4 ×.
//!
//! cargo run --release --example match_scaling

use std::time::Instant;

use vp::diff::matching::{Item, Reason, match_items};

const CORPUS: &str = include_str!("../plans/2019/hagersten-liljeholmen/namndplan.md");

fn main() {
    let paragraphs: Vec<&str> = CORPUS
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.starts_with('#') && p.len() > 80)
        .collect();
    let words: Vec<&str> = CORPUS
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 6)
        .collect();
    println!("mål under ett KF-mål, alla med nytt id: tid för matchningen");
    for n in [500usize, 1000, 2000, 4000, 8000] {
        let titles: Vec<(String, String)> = (0..n)
            .map(|i| {
                let w = |k: usize| words[(i * k + k) % words.len()];
                (
                    format!(
                        "Stadsdelsnämnden arbetar med {} och {} för {} nr {i}",
                        w(7),
                        w(13),
                        w(31)
                    ),
                    format!(
                        "Stadsdelsnämnden utvecklar {} och {} för {} nr {i}",
                        w(7),
                        w(13),
                        w(31)
                    ),
                )
            })
            .collect();
        let ids: Vec<(String, String)> = (0..n)
            .map(|i| (format!("mal-{i}"), format!("nytt-mal-{i}")))
            .collect();
        let text = |i: usize| {
            vec![
                paragraphs[i % paragraphs.len()],
                paragraphs[(i * 7 + 3) % paragraphs.len()],
            ]
        };
        let old: Vec<Item> = (0..n)
            .map(|i| Item {
                id: Some(&ids[i].0),
                bucket: Some(0),
                title: &titles[i].0,
                text: text(i),
            })
            .collect();
        let new: Vec<Item> = (0..n)
            .map(|i| Item {
                id: Some(&ids[i].1),
                bucket: Some(0),
                title: &titles[i].1,
                text: text(i),
            })
            .collect();
        let start = Instant::now();
        let pairs = match_items(&old, &new, &[]);
        let took = start.elapsed();
        let right = pairs
            .iter()
            .filter(|p| p.old == p.new && p.info.reason == Reason::SimilarText)
            .count();
        println!(
            "  {n:>5} mål: {:>7.1} ms, {right} av {n} rätt parade",
            took.as_secs_f64() * 1000.0
        );
    }
}
