//! The I/O edge: finds plan files, reads them, and writes outputs atomically.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::load::{self, MAX_FILE_BYTES, PlanFiles};
use crate::source::{FileId, SourceMap, Span};

/// Every plan file found under the given paths, read into memory.
#[derive(Debug, Default)]
pub struct Workspace {
    pub sources: SourceMap,
    pub plans: Vec<PlanFiles>,
    /// Files that could not be read or decoded.
    pub diags: Diagnostics,
    /// The paths asked about. When they lie inside a plan tree (a directory with
    /// `organisation.yaml`), the whole tree is read so references resolve, but
    /// only findings under these paths are of interest.
    pub focus: Vec<PathBuf>,
}

/// A path that cannot be searched at all: the run cannot go on (exit code 2).
#[derive(Debug)]
pub struct WorkspaceError(pub String);

impl std::fmt::Display for WorkspaceError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The nearest directory at or above `path` holding `organisation.yaml`: the plan
/// tree's root. Returned relative to the working directory when it lies inside it;
/// otherwise absolute, and then `path` is made absolute too so both spell files alike.
fn tree_root(path: &mut PathBuf) -> Option<PathBuf> {
    let abs = std::path::absolute(&*path).ok()?;
    let start = if abs.is_file() { abs.parent()? } else { &abs };
    let root = start
        .ancestors()
        .find(|dir| dir.join("organisation.yaml").is_file())?
        .to_path_buf();
    let cwd = std::env::current_dir().ok()?;
    match root.strip_prefix(&cwd) {
        Ok(rel) if path.is_relative() => Some(if rel.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            rel.to_path_buf()
        }),
        _ => {
            *path = abs;
            Some(root)
        }
    }
}

/// Finds `*.yaml`/`*.yml` plan files (with a `.md` of the same name beside them) and reads them in parallel.
pub fn read(paths: &[PathBuf]) -> Result<Workspace, WorkspaceError> {
    let mut yaml_paths = Vec::new();
    let mut focus = Vec::new();
    let mut roots: Vec<PathBuf> = Vec::new();
    for path in paths {
        let mut path = path.clone();
        let root = tree_root(&mut path);
        let path = &path;
        let meta = fs::metadata(path).map_err(|e| {
            WorkspaceError(format!("kan inte läsa `{}`: {}", path.display(), io_sv(&e)))
        })?;
        focus.push(path.strip_prefix(".").unwrap_or(path).to_path_buf());
        if let Some(root) = root
            && !roots.contains(&root)
        {
            collect(&root, &mut yaml_paths).map_err(|e| {
                WorkspaceError(format!(
                    "kan inte läsa katalogen `{}`: {}",
                    root.display(),
                    io_sv(&e)
                ))
            })?;
            roots.push(root);
        }
        if meta.is_dir() {
            collect(path, &mut yaml_paths).map_err(|e| {
                WorkspaceError(format!(
                    "kan inte läsa katalogen `{}`: {}",
                    path.display(),
                    io_sv(&e)
                ))
            })?;
        } else if is_markdown(path) {
            let yaml = path.with_extension("yaml");
            if !yaml.exists() {
                return Err(WorkspaceError(format!(
                    "`{}` är en textfil utan YAML-fil bredvid; ange planens `{}`",
                    path.display(),
                    yaml.display()
                )));
            }
            yaml_paths.push(yaml);
        } else {
            yaml_paths.push(path.clone());
        }
    }
    for p in &mut yaml_paths {
        if let Ok(stripped) = p.strip_prefix(".") {
            *p = stripped.to_path_buf();
        }
    }
    yaml_paths.sort();
    yaml_paths.dedup();
    if yaml_paths.is_empty() {
        let names: Vec<String> = paths.iter().map(|p| format!("`{}`", p.display())).collect();
        return Err(WorkspaceError(format!(
            "hittade inga planfiler (*.yaml) i {}",
            names.join(", ")
        )));
    }
    let read: Vec<ReadPlan> = yaml_paths
        .into_par_iter()
        .map(|yaml| {
            let md = yaml.with_extension("md");
            let md = md.is_file().then(|| {
                let text = read_text(&md);
                (md, text)
            });
            let text = read_text(&yaml);
            (yaml, text, md)
        })
        .collect();
    let mut ws = Workspace {
        focus,
        ..Workspace::default()
    };
    for (yaml_path, yaml_text, md) in read {
        let yaml = add(&mut ws, yaml_path, yaml_text);
        let markdown = md.and_then(|(p, t)| add(&mut ws, p, t));
        if let Some(yaml) = yaml {
            ws.plans.push(PlanFiles { yaml, markdown });
        }
    }
    Ok(ws)
}

type ReadResult = (PathBuf, Result<String, ReadFailure>);
/// A plan's YAML file and, if there is one, its Markdown file, as read.
type ReadPlan = (PathBuf, Result<String, ReadFailure>, Option<ReadResult>);

struct ReadFailure {
    message: String,
    hint: &'static str,
    offset: usize,
    /// What can be shown of the text, so the finding can point at the line.
    lossy: String,
}

/// Registers a file; `None` (with a finding) when it could not be read as text.
fn add(ws: &mut Workspace, path: PathBuf, text: Result<String, ReadFailure>) -> Option<FileId> {
    match text {
        Ok(text) => Some(ws.sources.add(path, text)),
        Err(f) => {
            let id = ws.sources.add(path, f.lossy);
            ws.diags.push(
                Diagnostic::new(
                    Code::FileUnreadable,
                    Span::new(id, f.offset, f.offset + 1),
                    f.message,
                )
                .hint(f.hint),
            );
            None
        }
    }
}

fn read_text(path: &Path) -> Result<String, ReadFailure> {
    let fail = |message: String, hint| ReadFailure {
        message,
        hint,
        offset: 0,
        lossy: String::new(),
    };
    let meta = fs::metadata(path).map_err(|e| {
        fail(
            format!("filen kan inte läsas: {}", io_sv(&e)),
            "kontrollera att filen finns och går att läsa",
        )
    })?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(fail(
            format!(
                "filen är {:.1} MB; en planfil får vara högst {} MB",
                meta.len() as f64 / 1_048_576.0,
                MAX_FILE_BYTES / 1_048_576
            ),
            "dela upp planen, eller kontrollera att det verkligen är en planfil",
        ));
    }
    let bytes = fs::read(path).map_err(|e| {
        fail(
            format!("filen kan inte läsas: {}", io_sv(&e)),
            "kontrollera att filen går att läsa",
        )
    })?;
    load::decode(bytes).map_err(|e| ReadFailure {
        message: e.message,
        hint: e.hint,
        offset: e.offset,
        lossy: e.lossy,
    })
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if hidden {
            continue;
        }
        let ty = entry.file_type()?;
        if ty.is_dir() {
            collect(&path, out)?;
        } else if ty.is_file() && is_yaml(&path) {
            out.push(path);
        }
    }
    Ok(())
}

fn is_yaml(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    )
}

fn is_markdown(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()) == Some("md")
}

fn io_sv(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "filen eller katalogen finns inte".into(),
        std::io::ErrorKind::PermissionDenied => "behörighet saknas".into(),
        _ => e.to_string(),
    }
}

/// Writes `bytes` to `path` through a temporary file in the same directory and a
/// rename, so a failed run never leaves a half-written file behind.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.vp-tmp-{}", std::process::id()));
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

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
    let staging = match tempfile::Builder::new()
        .prefix(".vp-import-")
        .tempdir_in(root)
    {
        Ok(s) => s,
        Err(e) => {
            undo(root_steps);
            return Err(WriteAllError::Io(root.to_path_buf(), e));
        }
    };
    let staged = |k: usize| staging.path().join(format!("{k}.ny"));
    let mut steps: Vec<Step> = Vec::new();
    let result = (|| {
        for (k, ((_, bytes), target)) in files.iter().zip(&targets).enumerate() {
            (|| {
                let mut f = fs::File::create(staged(k))?;
                f.write_all(bytes)?;
                f.sync_all()
            })()
            .map_err(|e| WriteAllError::Io(target.clone(), e))?;
        }
        for (k, target) in targets.iter().enumerate() {
            (|| {
                if let Some(dir) = target.parent() {
                    create_dirs(dir, &mut steps)?;
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
    let _ = staging.close();
    if result.is_err() {
        undo(root_steps);
    }
    result
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
