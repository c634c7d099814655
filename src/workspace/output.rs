//! Writing outputs: atomically, through temporary files and folders that a
//! killed run cannot leave behind for long.
//!
//! A temporary file (`.<name>.vp-tmp-<pid>-<n>`) or work folder (`.vp-render-*`,
//! with a `.lock` file in it) is locked by the run that made it for as long as
//! it exists. The operating system drops the lock when the process ends,
//! however it ends; so the first time a run writes into a folder, whatever of
//! that kind it can lock there belongs to a run that is gone, and is removed.
//! A lock held means a run still at work, whose files are left alone.

use std::collections::HashSet;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};

/// Marks a temporary file of [`write_atomic`].
const TMP_MARK: &str = ".vp-tmp-";
/// The name a work folder starts with.
pub const WORK_PREFIX: &str = ".vp-render-";
/// The file in a work folder whose lock says the folder is in use.
const WORK_LOCK: &str = ".lock";
/// How often to try another name when a cleaner of another run took the one made.
const ATTEMPTS: usize = 100;

/// Writes `bytes` to `path` through a temporary file in the same directory and a
/// rename, so a failed run never leaves a half-written file behind, and a killed
/// one leaves a temporary file only until the next run writes there.
///
/// Only a regular file is replaced: a device (`/dev/null`), a FIFO, a socket
/// or a folder at `path` is refused, since the rename would put a file in its
/// place. No folder is made: the folder the file goes in must exist.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    match fs::metadata(dir) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => {
            return Err(io::Error::other(format!(
                "`{}` är ingen katalog",
                dir.display()
            )));
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(io::Error::other(format!(
                "katalogen `{}` finns inte; vp skapar inga kataloger för en fil, skapa den först",
                dir.display()
            )));
        }
        Err(e) => return Err(e),
    }
    check_replaceable(path)?;
    clean_once(dir);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (mut file, tmp) = locked_temp_file(dir, &name)?;
    let result = (|| {
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    // The lock goes with the handle, after the rename.
    drop(file);
    result
}

/// Whether an output may be put at `path`: nothing there, or a regular file
/// (a link is followed to see what it stands for). A device, a FIFO, a socket
/// or a folder is refused with a Swedish message: renaming a file over it would
/// replace it (as root, `--out /dev/null` the system's).
pub fn check_replaceable(path: &Path) -> io::Result<()> {
    match fs::metadata(path) {
        Ok(m) if m.is_file() => Ok(()),
        Ok(m) => {
            let what = match super::file::check_regular(&m) {
                Err(super::ReadError::NotRegular(what)) => what,
                _ => "något annat än en fil",
            };
            Err(io::Error::other(format!(
                "den är {what}, ingen vanlig fil; vp ersätter bara vanliga filer, välj en annan sökväg"
            )))
        }
        Err(_) => Ok(()),
    }
}

/// The longest part of the output's name kept in a temporary file's name, so
/// that the temporary name is no longer than a file system allows when the
/// output's own name is (255 bytes on most).
const TMP_NAME_BYTES: usize = 64;

/// A new temporary file beside the output, created and locked by this run.
fn locked_temp_file(dir: &Path, name: &str) -> io::Result<(File, PathBuf)> {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let mut end = name.len().min(TMP_NAME_BYTES);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    let name = &name[..end];
    for _ in 0..ATTEMPTS {
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let tmp = dir.join(format!(".{name}{TMP_MARK}{}-{n}", std::process::id()));
        let file = match OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        };
        // Between creating and locking, another run's cleaner may have taken
        // the file for a dead run's and removed it: then try another name.
        if owns(&file, &tmp) {
            return Ok((file, tmp));
        }
    }
    Err(io::Error::other(
        "kunde inte skapa en temporär fil: en annan körning städade bort den varje gång",
    ))
}

/// A work folder inside `parent` for the run's intermediate files (for `vp
/// render`, the typst projects), removed when dropped; a killed run's is
/// removed by the next run that writes into `parent`.
#[derive(Debug)]
pub struct WorkDir {
    // Dropped first: the lock is let go before the folder is removed (a locked
    // file cannot be removed on every platform).
    _lock: File,
    dir: tempfile::TempDir,
}

impl WorkDir {
    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

pub fn work_dir(parent: &Path) -> io::Result<WorkDir> {
    fs::create_dir_all(parent)?;
    clean_once(parent);
    for _ in 0..ATTEMPTS {
        let dir = tempfile::Builder::new()
            .prefix(WORK_PREFIX)
            .tempdir_in(parent)?;
        let lock_path = dir.path().join(WORK_LOCK);
        // A cleaner that found the folder before its lock existed made the lock
        // itself, and removes the folder: then make another.
        let Ok(lock) = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&lock_path)
        else {
            continue;
        };
        if owns(&lock, &lock_path) {
            return Ok(WorkDir { _lock: lock, dir });
        }
    }
    Err(io::Error::other(
        "kunde inte skapa en arbetskatalog: en annan körning städade bort den varje gång",
    ))
}

/// Locks `file` for this process and checks that `path` still names it: a
/// cleaner may have locked and removed it between its creation and now.
fn owns(file: &File, path: &Path) -> bool {
    file.try_lock().is_ok() && same_file(file, path)
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &File, path: &Path) -> bool {
    path.exists()
}

/// Cleans `dir` of dead runs' temporary files the first time this process writes there.
fn clean_once(dir: &Path) {
    static CLEANED: OnceLock<Mutex<HashSet<PathBuf>>> = OnceLock::new();
    let cleaned = CLEANED.get_or_init(Mutex::default);
    let first = cleaned
        .lock()
        .map(|mut set| set.insert(dir.to_path_buf()))
        .unwrap_or(false);
    if first {
        clean_stale(dir);
    }
}

/// Removes the temporary files and work folders in `dir` that no live run
/// holds: those of runs that were killed. Best effort: what cannot be removed
/// now is left for a later run.
pub fn clean_stale(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let Ok(ty) = entry.file_type() else { continue };
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let path = entry.path();
        if ty.is_file() && is_temp_name(&name) {
            if let Ok(f) = File::open(&path)
                && f.try_lock().is_ok()
            {
                let _ = fs::remove_file(&path);
            }
        } else if ty.is_dir() && name.starts_with(WORK_PREFIX) {
            let lock_path = path.join(WORK_LOCK);
            let lock = match OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&lock_path)
            {
                // No lock yet: its run is starting (and, finding this one, makes
                // another folder) or was killed before it made one.
                Ok(f) => f,
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                    match File::open(&lock_path) {
                        Ok(f) => f,
                        Err(_) => continue,
                    }
                }
                Err(_) => continue,
            };
            if lock.try_lock().is_ok() {
                drop(lock);
                let _ = fs::remove_dir_all(&path);
            }
        }
    }
}

/// `.<name>.vp-tmp-<pid>` (before vp locked its temporary files) or `.<name>.vp-tmp-<pid>-<n>`.
fn is_temp_name(name: &str) -> bool {
    name.starts_with('.')
        && name.rsplit_once(TMP_MARK).is_some_and(|(_, tail)| {
            !tail.is_empty() && tail.chars().all(|c| c.is_ascii_digit() || c == '-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_names() {
        assert!(is_temp_name(".plan.html.vp-tmp-1234"));
        assert!(is_temp_name(".plan.html.vp-tmp-1234-7"));
        assert!(!is_temp_name("plan.html.vp-tmp-1234"));
        assert!(!is_temp_name(".plan.vp-tmp-notes"));
        assert!(!is_temp_name(".plan.vp-tmp-"));
    }

    #[test]
    fn a_live_temp_file_is_kept_and_a_dead_one_removed() {
        let dir = tempfile::tempdir().unwrap();
        let live = dir.path().join(".a.html.vp-tmp-1-0");
        let dead = dir.path().join(".b.html.vp-tmp-2-0");
        let held = File::create(&live).unwrap();
        held.try_lock().unwrap();
        File::create(&dead).unwrap();
        // Another process's lock: a second handle of this process conflicts
        // with it as another process's would (flock and LockFileEx are per handle).
        clean_stale(dir.path());
        assert!(live.exists());
        assert!(!dead.exists());
    }

    /// A name of 250 bytes is written: the temporary name beside it keeps
    /// only the start of it, so it is no longer than the file system allows.
    #[test]
    fn a_name_as_long_as_a_file_system_allows_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("{}.html", "å".repeat(122)));
        write_atomic(&path, b"sida").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"sida");
    }

    #[test]
    fn a_work_dir_in_use_is_kept() {
        let parent = tempfile::tempdir().unwrap();
        let work = work_dir(parent.path()).unwrap();
        clean_stale(parent.path());
        assert!(work.path().join(WORK_LOCK).exists());
        let path = work.path().to_path_buf();
        drop(work);
        assert!(!path.exists());
    }
}
