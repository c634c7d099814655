//! A plan tree as it stands in a git revision, read into a temporary folder for
//! `vp diff REV REV`: the I/O edge runs git and tar, the commands get a folder.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::WorkspaceError;

/// Reads the plan tree at `path` in git revision `rev` into a temporary directory,
/// with `git archive` piped to `tar`: the working tree and index are not touched.
pub fn checkout(rev: &str, path: &Path) -> Result<(tempfile::TempDir, PathBuf), WorkspaceError> {
    let git = |args: &[&str]| -> Result<String, WorkspaceError> {
        let out = Command::new("git")
            .args(args)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| {
                WorkspaceError(format!(
                    "`{rev}` är varken ett år, en katalog eller en git-revision som kan läsas: git kunde inte köras ({e}); installera git, t.ex. `apt-get install git`"
                ))
            })?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
        } else {
            Err(WorkspaceError(format!(
                "`{rev}` är varken ett år, en katalog eller en git-revision: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            )))
        }
    };
    if rev.starts_with('-') {
        return Err(WorkspaceError(format!("`{rev}` är ingen git-revision")));
    }
    git(&[
        "rev-parse",
        "--verify",
        "--quiet",
        "--end-of-options",
        &format!("{rev}^{{commit}}"),
    ])
    .map_err(|_| {
        WorkspaceError(format!(
            "`{rev}` är varken ett år, en katalog eller en git-revision i det här förrådet"
        ))
    })?;
    let top = PathBuf::from(git(&["rev-parse", "--show-toplevel"])?);
    let prefix = git(&["rev-parse", "--show-prefix"])?;
    let rel = if path.is_absolute() {
        let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        abs.strip_prefix(&top)
            .map(Path::to_path_buf)
            .map_err(|_| WorkspaceError(format!("`{}` ligger inte i förrådet", path.display())))?
    } else {
        Path::new(&prefix).join(path)
    };
    let rel_str = rel.to_string_lossy().replace('\\', "/");
    let dir = tempfile::Builder::new()
        .prefix("vp-diff-")
        .tempdir()
        .map_err(|e| WorkspaceError(format!("kan inte skapa en tillfällig katalog: {e}")))?;
    let mut archive = Command::new("git")
        .arg("-C")
        .arg(&top)
        .args(["archive", "--format=tar", rev, "--", &rel_str])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| WorkspaceError(format!("git kunde inte köras: {e}")))?;
    let stdout = archive
        .stdout
        .take()
        .ok_or_else(|| WorkspaceError("git archive gav ingen utdata".into()))?;
    let tar = Command::new("tar")
        .arg("-x")
        .arg("-C")
        .arg(dir.path())
        .stdin(stdout)
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| WorkspaceError(format!("tar kunde inte köras: {e}; installera tar")))?;
    let archived = archive
        .wait_with_output()
        .map_err(|e| WorkspaceError(format!("git archive misslyckades: {e}")))?;
    if !archived.status.success() {
        return Err(WorkspaceError(format!(
            "`{}` finns inte i `{rev}`: {}",
            rel_str,
            String::from_utf8_lossy(&archived.stderr).trim()
        )));
    }
    if !tar.status.success() {
        return Err(WorkspaceError(format!(
            "tar kunde inte packa upp `{rev}`: {}",
            String::from_utf8_lossy(&tar.stderr).trim()
        )));
    }
    let root = dir.path().join(&rel);
    if !root.is_dir() {
        return Err(WorkspaceError(format!(
            "`{rel_str}` är ingen katalog i `{rev}`"
        )));
    }
    Ok((dir, root))
}

/// When the last commit that touched any of `files` was made, in seconds since
/// 1970 (`git log -1 --format=%ct`); `None` outside a git work tree, for files
/// never committed, or when git cannot run.
pub fn last_commit_time(files: &[PathBuf]) -> Option<i64> {
    let first = files.first()?;
    let dir = first
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let absolute: Vec<PathBuf> = files
        .iter()
        .map(|f| std::path::absolute(f).unwrap_or_else(|_| f.clone()))
        .collect();
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["log", "-1", "--format=%ct", "--"])
        .args(&absolute)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    String::from_utf8_lossy(&out.stdout).trim().parse().ok()
}
