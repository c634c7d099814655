//! Tells the tests whether the seed plans are checked out beside the
//! repository (`../shared/seeds`): with them, `cfg(seeds)` is set; without,
//! the tests that read them are ignored with a reason instead of passing
//! without having looked at anything.

use std::path::Path;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(seeds)");
    println!("cargo::rerun-if-changed=build.rs");
    man_date();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let seeds = root.join("../shared/seeds");
    // Cargo reruns a build script on every build while a watched path is
    // missing, so watch the nearest directory that exists: the seeds appearing
    // in `../shared` change `../shared`. A clone with no `../shared` at all is
    // not rechecked until `build.rs` changes (or `cargo clean`).
    let shared = root.join("../shared");
    if seeds.is_dir() {
        println!("cargo::rerun-if-changed={}", seeds.display());
        println!("cargo::rustc-cfg=seeds");
    } else if shared.is_dir() {
        println!("cargo::rerun-if-changed={}", shared.display());
    }
}

/// The date on the manual page's `.TH` line (`VP_MAN_DATE`, ÅÅÅÅ-MM-DD): the
/// date of the commit built, or `SOURCE_DATE_EPOCH`'s when set, so that a build
/// of the same source writes the same page. Empty outside a git checkout.
fn man_date() {
    println!("cargo::rerun-if-env-changed=SOURCE_DATE_EPOCH");
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
    };
    // A new commit changes the date: watch the file HEAD's branch points through.
    for path in ["HEAD", "logs/HEAD"] {
        if let Some(p) = git(&["rev-parse", "--git-path", path]) {
            let p = Path::new(env!("CARGO_MANIFEST_DIR")).join(p);
            if p.exists() {
                println!("cargo::rerun-if-changed={}", p.display());
            }
        }
    }
    let date = match std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.trim().parse::<i64>().ok())
    {
        Some(epoch) => Some(civil(epoch)),
        None => git(&["log", "-1", "--format=%cs"]),
    };
    println!("cargo::rustc-env=VP_MAN_DATE={}", date.unwrap_or_default());
}

/// `YYYY-MM-DD` of a time in seconds since 1970 (UTC), Howard Hinnant's algorithm.
fn civil(epoch: i64) -> String {
    let z = epoch.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}
