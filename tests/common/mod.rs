//! What several test files share: running the `vp` binary.

use assert_cmd::Command;

/// Runs `vp` with `args`: standard output, standard error and the exit code.
pub fn run(args: &[&str]) -> (String, String, i32) {
    let out = Command::cargo_bin("vp")
        .unwrap()
        .args(args)
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap(),
    )
}
