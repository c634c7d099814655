//! Replacing a whole folder at once: `vp site` builds the new site in a
//! staging folder beside the old one and moves it into place only when every
//! file is written, so a failed build leaves the old site as it was. Files
//! whose bytes did not change keep their old inode and modification time (the
//! new site holds a hard link to them), so a deploy that compares times or
//! sizes uploads only what changed.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::output::{WorkDir, work_dir};

/// What a finished replacement did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Replaced {
    /// Files new or changed since the folder's last build.
    pub written: usize,
    /// Files whose bytes were the same: the old file kept, not rewritten.
    pub kept: usize,
}

/// A folder being built to replace `target`. Dropped without
/// [`commit`](Self::commit), it is removed and `target` stays as it was.
#[derive(Debug)]
pub struct Staged {
    work: WorkDir,
    target: PathBuf,
}

/// The staging folder's name inside its work folder.
const NEW: &str = "ny";
/// Where the replaced folder waits, inside the work folder, until the work folder goes.
const OLD: &str = "gammal";

/// Starts a replacement of `target`. `marker` names a file the folder holds
/// when a build made it: an existing `target` that is not empty and has no
/// such file is someone else's folder, and is refused rather than replaced.
pub fn stage(target: &Path, marker: &str) -> io::Result<Staged> {
    match fs::symlink_metadata(target) {
        Ok(m) if !m.is_dir() => {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                "finns och är ingen katalog",
            ));
        }
        Ok(_) => {
            let empty = fs::read_dir(target)?.next().is_none();
            if !empty && !target.join(marker).is_file() {
                return Err(io::Error::new(
                    io::ErrorKind::AlreadyExists,
                    format!(
                        "katalogen finns och är inte byggd av vp (filen `{marker}` saknas); välj en ny eller tom katalog, den ersätts helt"
                    ),
                ));
            }
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let work = work_dir(&parent)?;
    fs::create_dir(work.path().join(NEW))?;
    Ok(Staged {
        work,
        target: target.to_path_buf(),
    })
}

impl Staged {
    /// The folder to build in.
    pub fn path(&self) -> PathBuf {
        self.work.path().join(NEW)
    }

    /// Writes one file of the new folder (`rel` with `/` between folders).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.path().join(rel);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)?;
        }
        fs::write(path, bytes)
    }

    /// Puts the new folder in place of the old. Each new file whose bytes equal
    /// the old file at its place is replaced by a hard link to the old one
    /// first, so it is not rewritten. Should the last move fail, the old folder
    /// is put back.
    pub fn commit(self) -> io::Result<Replaced> {
        let new = self.path();
        let mut done = Replaced::default();
        keep_unchanged(&new, &self.target, &mut done)?;
        let old = self.work.path().join(OLD);
        let had_old = self.target.exists();
        if had_old {
            fs::rename(&self.target, &old)?;
        }
        if let Err(e) = fs::rename(&new, &self.target) {
            if had_old {
                let _ = fs::rename(&old, &self.target);
            }
            return Err(e);
        }
        // The old folder goes with the work folder.
        drop(self.work);
        Ok(done)
    }
}

/// Links each file under `new` whose bytes equal the file at the same place
/// under `old` to the old file; counts both kinds.
fn keep_unchanged(new: &Path, old: &Path, done: &mut Replaced) -> io::Result<()> {
    for entry in fs::read_dir(new)? {
        let entry = entry?;
        let path = entry.path();
        let before = old.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            keep_unchanged(&path, &before, done)?;
            continue;
        }
        let same = fs::symlink_metadata(&before).is_ok_and(|m| m.is_file())
            && fs::metadata(&path)?.len() == fs::metadata(&before)?.len()
            && fs::read(&path)? == fs::read(&before)?;
        // A file system without hard links: the new file stays, rewritten.
        if same && fs::remove_file(&path).is_ok() {
            if fs::hard_link(&before, &path).is_ok() {
                done.kept += 1;
                continue;
            }
            fs::copy(&before, &path)?;
        }
        done.written += 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_second_build_keeps_unchanged_files_and_a_failed_one_leaves_the_old() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let s = stage(&site, ".vp").unwrap();
        s.write(".vp", b"").unwrap();
        s.write("a.html", b"a").unwrap();
        s.write("d/b.html", b"b").unwrap();
        assert_eq!(
            s.commit().unwrap(),
            Replaced {
                written: 3,
                kept: 0
            }
        );
        let inode = |p: &Path| {
            use std::os::unix::fs::MetadataExt;
            fs::metadata(p).unwrap().ino()
        };
        let a = inode(&site.join("a.html"));
        let s = stage(&site, ".vp").unwrap();
        s.write(".vp", b"").unwrap();
        s.write("a.html", b"a").unwrap();
        s.write("d/b.html", b"B").unwrap();
        assert_eq!(
            s.commit().unwrap(),
            Replaced {
                written: 1,
                kept: 2
            }
        );
        assert_eq!(inode(&site.join("a.html")), a);
        assert_eq!(fs::read(site.join("d/b.html")).unwrap(), b"B");
        // A build dropped before its commit leaves the site as it was.
        let s = stage(&site, ".vp").unwrap();
        s.write("a.html", b"changed").unwrap();
        drop(s);
        assert_eq!(fs::read(site.join("a.html")).unwrap(), b"a");
        let left: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "only the site is left: {left:?}");
    }

    #[test]
    fn a_folder_not_built_by_vp_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("egen.txt"), b"x").unwrap();
        let e = stage(dir.path(), ".vp").unwrap_err();
        assert!(e.to_string().contains("inte byggd av vp"), "{e}");
        let file = dir.path().join("egen.txt");
        assert!(stage(&file, ".vp").is_err());
    }
}
