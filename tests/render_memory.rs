//! Render's memory bounded by the plan's text (issue 21): ten times the file,
//! as validate's. The worst Markdown within VP080's limits we know: three
//! chapters of 19 000 elements each, and the rest of 8 MB one paragraph of
//! plain lines (comrak holds a paragraph's text whole while it parses it). It
//! peaked at 11 × the file, in html, in the typst data and in both in one run.
//! The peak of the child processes is read with getrusage(RUSAGE_CHILDREN),
//! the largest of every child this process waited for: so this file holds one
//! test, alone in its process. glibc only: the bound is kept by an option of
//! glibc's allocator and one of mimalloc's, which the binary allocates with
//! (`cli::render`).

#![cfg(all(target_os = "linux", target_env = "gnu"))]

use std::time::Duration;

use assert_cmd::Command;

const BASE: &str = "tests/fixtures/_base";

/// The largest resident set of any child waited for so far, in bytes.
fn children_peak() -> u64 {
    // SAFETY: getrusage only writes into the struct it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        assert_eq!(libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage), 0);
        usage
    };
    u64::try_from(usage.ru_maxrss).unwrap() * 1024
}

/// The unit's Markdown, 8 MB: its introduction, three chapters at the element
/// limit, a chapter of one long paragraph, and its goal's sections.
fn worst_prose() -> String {
    let mut text = String::from("# Inledning\n\nFritidsenheten driver fritidsgårdar.\n\n");
    for i in 1..=3 {
        text.push_str(&format!("# Kapitel {i}\n\n{}\n\n", "*a* ".repeat(9_500)));
    }
    let goal = "# Enhetsmål: Unga får feriejobb {#feriejobb}\n\n## Förväntat resultat\n\n\
                Alla sökande får ett erbjudande.\n\n## Arbetssätt\n\nSamarbete med skolorna.\n";
    text.push_str("# Övrigt\n\n");
    let line = format!(
        "{}\n",
        "Fritidsenheten driver fritidsgårdar i stadsdelen och arbetar med unga. ".repeat(14)
    );
    while text.len() + line.len() + goal.len() + 1 < 8 * 1024 * 1024 - 1024 {
        text.push_str(&line);
    }
    text.push('\n');
    text.push_str(goal);
    text
}

#[test]
fn render_memory_is_bounded_by_the_file_size() {
    let dir = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(BASE).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
    }
    let md = dir.path().join("fritid.md");
    std::fs::write(&md, worst_prose()).unwrap();
    let size = std::fs::metadata(&md).unwrap().len();
    for args in [
        &["--format", "html"][..],
        &["--format", "pdf", "--typst-source", "ts"][..],
        &["--format", "html", "--typst-source", "ts"][..],
    ] {
        let out = Command::cargo_bin("vp")
            .unwrap()
            .current_dir(dir.path())
            .args(["render", "--unit", "fritid", "--out", "ut"])
            .args(args)
            .arg(".")
            .timeout(Duration::from_secs(120))
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let wrote = if args.contains(&"ts") {
            "ts/norrmalm-fritid-2020/data.json"
        } else {
            "ut/norrmalm-fritid-2020.html"
        };
        assert!(dir.path().join(wrote).is_file(), "{args:?}: no {wrote}");
    }
    let peak = children_peak();
    assert!(
        peak < 10 * size,
        "vp render peaked at {} MB, {:.1} × the {} MB file",
        peak / 1_048_576,
        peak as f64 / size as f64,
        size / 1_048_576
    );
}
