//! Memory bounded by the input (issue #11): `vp import` on a text of empty
//! lines peaked at 97 bytes a line (4.9 GB for 50 MB). The peak of the child
//! process is read with getrusage(RUSAGE_CHILDREN), which reports the largest
//! of every child this test process waited for: so this file holds one test,
//! alone in its process.

#![cfg(unix)]

use std::time::Duration;

use assert_cmd::Command;

/// The largest resident set of any child waited for so far, in bytes.
fn children_peak() -> u64 {
    // SAFETY: getrusage only writes into the struct it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        assert_eq!(libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage), 0);
        usage
    };
    let max = u64::try_from(usage.ru_maxrss).unwrap();
    // Linux counts kilobytes, macOS bytes.
    if cfg!(target_os = "macos") {
        max
    } else {
        max * 1024
    }
}

#[test]
fn import_memory_is_bounded_by_the_input_size() {
    let dir = tempfile::tempdir().unwrap();
    // The most lines import reads, all empty: the case that cost most per byte.
    let text = dir.path().join("tomma-rader.txt");
    std::fs::write(&text, vec![b'\n'; vp::import::MAX_INPUT_LINES]).unwrap();
    let out = Command::cargo_bin("vp")
        .unwrap()
        .args(["import", "--dry-run", "--format", "json"])
        .arg(&text)
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    let code = out.status.code().expect("vp was killed");
    assert!(code < 2, "{}", String::from_utf8_lossy(&out.stdout));
    let peak = children_peak();
    // 500 000 lines at about 100 bytes each, and the program itself.
    assert!(
        peak < 150 * 1024 * 1024,
        "vp import peaked at {} MB on 500 000 empty lines",
        peak / 1_048_576
    );
}
