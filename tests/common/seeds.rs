//! The published plans in `../shared/seeds`, for the tests that read them.

use std::path::PathBuf;

/// The seed whose file name starts with `prefix`, as (path, text). Only called
/// from tests ignored without `cfg(seeds)` (set by `build.rs` when
/// `../shared/seeds` exists), so a missing seed is a failure, never a pass.
pub fn seed(prefix: &str) -> (String, String) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    let entries =
        std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("frön saknas i {}: {e}", dir.display()));
    let mut names: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    names.sort();
    let path = names
        .into_iter()
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix))
        })
        .unwrap_or_else(|| panic!("frö {prefix} saknas i {}", dir.display()));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (path.display().to_string(), text)
}
