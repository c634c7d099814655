//! What the tests that build a git repository share: running `git` in it.

use std::path::Path;

/// Runs `git` in `dir` with a fixed author; its standard output. Fails the test
/// when git fails.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "vp")
        .env("GIT_AUTHOR_EMAIL", "vp@example.org")
        .env("GIT_COMMITTER_NAME", "vp")
        .env("GIT_COMMITTER_EMAIL", "vp@example.org")
        .output()
        .expect("git must be installed for this test: apt-get install git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}
