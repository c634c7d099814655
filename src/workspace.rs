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

/// A plan file's text given on standard input (`vp validate -`), with the path
/// it stands for in the tree: it is read there instead of the file on disk,
/// which need not exist yet.
#[derive(Debug)]
pub struct Stdin {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// Finds `*.yaml`/`*.yml` plan files (with a `.md` of the same name beside them) and reads them in parallel.
pub fn read(paths: &[PathBuf]) -> Result<Workspace, WorkspaceError> {
    read_with(paths, None)
}

/// [`read`], with one file's text taken from standard input instead of the disk.
pub fn read_with(paths: &[PathBuf], stdin: Option<&Stdin>) -> Result<Workspace, WorkspaceError> {
    // Compared as absolute paths: the tree's files may be spelled either way.
    let absolute = |p: &Path| lexical(&std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf()));
    let stdin = stdin.map(|s| (absolute(&s.path), &s.bytes));
    let is_stdin = |p: &Path| stdin.as_ref().is_some_and(|(path, _)| absolute(p) == *path);
    let mut yaml_paths = Vec::new();
    let mut focus = Vec::new();
    let mut roots: Vec<PathBuf> = Vec::new();
    for path in paths {
        let mut path = path.clone();
        let root = tree_root(&mut path);
        let path = &path;
        let meta = match fs::metadata(path) {
            Ok(meta) => Some(meta),
            // The file read from standard input need not be on disk yet.
            Err(_) if is_stdin(path) => None,
            Err(e) => {
                return Err(WorkspaceError(format!(
                    "kan inte läsa `{}`: {}",
                    path.display(),
                    io_sv(&e)
                )));
            }
        };
        let f = lexical(path);
        focus.push(if f == Path::new(".") {
            PathBuf::new()
        } else {
            f
        });
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
        if meta.as_ref().is_some_and(fs::Metadata::is_dir) {
            collect(path, &mut yaml_paths).map_err(|e| {
                WorkspaceError(format!(
                    "kan inte läsa katalogen `{}`: {}",
                    path.display(),
                    io_sv(&e)
                ))
            })?;
        } else if is_markdown(path) {
            let yaml = path.with_extension("yaml");
            if !yaml.exists() && !is_stdin(&yaml) {
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
        *p = lexical(p);
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
            let read = |p: &Path| match &stdin {
                Some((_, bytes)) if is_stdin(p) => decode_text(bytes.to_vec()),
                _ => read_text(p),
            };
            let md = yaml.with_extension("md");
            let md = (md.is_file() || is_stdin(&md)).then(|| {
                let text = read(&md);
                (md, text)
            });
            let text = read(&yaml);
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
    decode_text(bytes)
}

/// Bytes read (from disk or standard input) → text, or why they are not plan text.
fn decode_text(bytes: Vec<u8>) -> Result<String, ReadFailure> {
    // Standard input is read only to one byte past the limit: its size is not known.
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadFailure {
            message: format!(
                "texten är större än {mb} MB; en planfil får vara högst {mb} MB",
                mb = MAX_FILE_BYTES / 1_048_576
            ),
            hint: "dela upp planen, eller kontrollera att det verkligen är en planfil",
            offset: 0,
            lossy: String::new(),
        });
    }
    load::decode(bytes).map_err(|e| ReadFailure {
        message: e.message,
        hint: e.hint,
        offset: e.offset,
        lossy: e.lossy,
    })
}

/// `./plans/x/../y.yaml` → `plans/y.yaml`, without asking the file system, so a
/// path given two ways names one file.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir
                if matches!(
                    out.components().next_back(),
                    Some(std::path::Component::Normal(_))
                ) =>
            {
                out.pop();
            }
            other => out.push(other),
        }
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
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
    io_error_sv(e)
}

/// An I/O error as a planner reads it: the common kinds in Swedish, others as the system says them.
pub fn io_error_sv(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "filen eller katalogen finns inte".into(),
        std::io::ErrorKind::PermissionDenied => "behörighet saknas".into(),
        std::io::ErrorKind::StorageFull => "disken är full".into(),
        std::io::ErrorKind::BrokenPipe => "mottagaren slutade läsa".into(),
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
