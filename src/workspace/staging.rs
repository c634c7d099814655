//! Writing a set of files all or none: `vp import` puts a whole run in place or
//! leaves the target as it was.

use std::collections::HashSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

/// Why [`write_all`] wrote nothing.
#[derive(Debug)]
pub enum WriteAllError {
    /// Files that exist, when overwriting was not asked for.
    Exists(Vec<PathBuf>),
    /// A file could not be written: the path and the error. Everything the
    /// run had put in place is taken back.
    Io(PathBuf, std::io::Error),
}

/// One step taken while putting files in place, undone in reverse on failure.
enum Step {
    /// A directory that did not exist.
    Dir(PathBuf),
    /// A file that was there, moved aside into the staging directory.
    MovedAside { target: PathBuf, aside: PathBuf },
    /// A new file at its place.
    Placed(PathBuf),
}

/// Writes every file (paths relative to `root`) or none. The files are first
/// written and synced into a staging directory beside them (inside `root`,
/// so the moves are renames within one file system), then moved into place;
/// files they replace are moved aside first. Should anything fail — a file
/// that exists without `overwrite`, a full disk, a directory that cannot be
/// made — the run's new files and directories are removed and the files they
/// replaced put back, so no run leaves half of its files behind.
pub fn write_all(
    root: &Path,
    files: &[(PathBuf, Vec<u8>)],
    overwrite: bool,
) -> Result<Vec<PathBuf>, WriteAllError> {
    let targets: Vec<PathBuf> = files.iter().map(|(p, _)| root.join(p)).collect();
    if !overwrite {
        let existing: Vec<PathBuf> = targets
            .iter()
            .filter(|t| t.symlink_metadata().is_ok())
            .cloned()
            .collect();
        if !existing.is_empty() {
            return Err(WriteAllError::Exists(existing));
        }
    }
    // The directories made for `root` itself are taken back last, once the
    // staging directory inside it is gone.
    let mut root_steps: Vec<Step> = Vec::new();
    if let Err(e) = create_dirs(root, &mut root_steps) {
        undo(root_steps);
        return Err(WriteAllError::Io(root.to_path_buf(), e));
    }
    // A locked work folder: a killed run's is removed by the next run (see `output`).
    let staging = match super::output::work_dir(root) {
        Ok(s) => s,
        Err(e) => {
            undo(root_steps);
            return Err(WriteAllError::Io(root.to_path_buf(), e));
        }
    };
    let staged = |k: usize| staging.path().join(format!("{k}.ny"));
    let mut steps: Vec<Step> = Vec::new();
    let result = (|| {
        // The staged files are independent of each other: written on every core.
        let written = files
            .par_iter()
            .zip(&targets)
            .enumerate()
            .map(|(k, ((_, bytes), target))| {
                (|| {
                    let mut f = fs::File::create(staged(k))?;
                    f.write_all(bytes)?;
                    Ok(f)
                })()
                .map_err(|e| WriteAllError::Io(target.clone(), e))
            })
            .collect::<Result<Vec<fs::File>, WriteAllError>>()?;
        // Every staged file is on disk before the first is moved into place.
        sync_files(staging.path(), &written)
            .map_err(|e| WriteAllError::Io(root.to_path_buf(), e))?;
        drop(written);
        // Each directory is looked through once, not once per file put in it
        // (a nämnd's folder holds hundreds of plans).
        let mut cleaned: HashSet<&Path> = HashSet::new();
        for (k, target) in targets.iter().enumerate() {
            (|| {
                if let Some(dir) = target.parent() {
                    create_dirs(dir, &mut steps)?;
                    // Temporary files a killed run left beside the target go now.
                    if cleaned.insert(dir) {
                        super::output::clean_stale(dir);
                    }
                }
                if target.symlink_metadata().is_ok() {
                    if !overwrite {
                        return Err(std::io::Error::new(
                            std::io::ErrorKind::AlreadyExists,
                            "filen finns redan",
                        ));
                    }
                    let aside = staging.path().join(format!("{k}.gammal"));
                    fs::rename(target, &aside)?;
                    steps.push(Step::MovedAside {
                        target: target.clone(),
                        aside,
                    });
                }
                fs::rename(staged(k), target)?;
                steps.push(Step::Placed(target.clone()));
                Ok(())
            })()
            .map_err(|e| WriteAllError::Io(target.clone(), e))?;
        }
        Ok(targets.clone())
    })();
    if result.is_err() {
        // Files moved aside are put back before the staging directory goes.
        undo(steps);
    }
    // Replaced files go with the staging directory.
    drop(staging);
    if result.is_err() {
        undo(root_steps);
    }
    result
}

/// Flushes the staged files to disk. On Linux one `syncfs` of the staging
/// directory's file system does it for all of them: a new year's 4,000 files
/// are one call, not 4,000 `fsync`s (measured: 8.6 s → see docs/prestanda.md).
/// Elsewhere, or where `syncfs` fails, each file is synced.
fn sync_files(staging: &Path, files: &[fs::File]) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        if let Ok(dir) = fs::File::open(staging)
            && rustix::fs::syncfs(&dir).is_ok()
        {
            return Ok(());
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = staging;
    files.iter().try_for_each(fs::File::sync_all)
}

/// Creates `dir` and the directories above it that do not exist, recording each.
fn create_dirs(dir: &Path, steps: &mut Vec<Step>) -> std::io::Result<()> {
    let missing: Vec<&Path> = dir
        .ancestors()
        .take_while(|d| !d.as_os_str().is_empty() && d.symlink_metadata().is_err())
        .collect();
    for d in missing.into_iter().rev() {
        fs::create_dir(d)?;
        steps.push(Step::Dir(d.to_path_buf()));
    }
    Ok(())
}

/// Takes back what [`write_all`] did, last step first.
fn undo(steps: Vec<Step>) {
    for step in steps.into_iter().rev() {
        match step {
            Step::Placed(p) => {
                let _ = fs::remove_file(p);
            }
            Step::MovedAside { target, aside } => {
                let _ = fs::rename(aside, target);
            }
            Step::Dir(d) => {
                let _ = fs::remove_dir(d);
            }
        }
    }
}
