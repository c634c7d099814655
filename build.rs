//! Tells the tests whether the seed plans are checked out beside the
//! repository (`../shared/seeds`): with them, `cfg(seeds)` is set; without,
//! the tests that read them are ignored with a reason instead of passing
//! without having looked at anything.

use std::path::Path;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(seeds)");
    println!("cargo::rerun-if-changed=build.rs");
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
