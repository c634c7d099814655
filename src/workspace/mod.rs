//! The I/O edge: finds plan files, reads them, and writes outputs atomically.

mod file;
pub mod git;
mod output;
mod replace;
mod staging;

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

pub use file::{ReadError, io_sv, io_sv as io_error_sv, read_limited, read_stream_limited};
pub use output::{WORK_PREFIX, WorkDir, check_replaceable, clean_stale, work_dir, write_atomic};
pub use replace::{Replaced, Staged, stage};
pub use staging::{WriteAllError, write_all};

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::load::{self, MAX_FILE_BYTES, PlanFiles};
use crate::source::{FileId, SourceMap, Span};
use file::{check_regular, dangling_target};

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

/// Which symbolic links in a plan tree are followed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Links {
    /// Links whose target lies inside the folder that holds the plan tree
    /// (the parent of the folder with `organisation.yaml`; for a folder with no
    /// `organisation.yaml` above it, that folder itself): a year folder kept
    /// beside the tree in the same repository is read, a link to `/` or to a
    /// file elsewhere on the machine is a finding, not followed.
    #[default]
    NearTree,
    /// Every link, wherever it leads (`vp validate --folj-lankar`).
    All,
    /// Only links whose target lies inside this folder, whatever else is
    /// asked: a git revision's checkout, whose links are data of the revision.
    Within(PathBuf),
}

/// Finds `*.yaml`/`*.yml` plan files (with a `.md` of the same name beside them) and reads them in parallel.
pub fn read(paths: &[PathBuf]) -> Result<Workspace, WorkspaceError> {
    read_with(paths, None, &Links::default())
}

/// [`read`], with one file's text taken from standard input instead of the disk.
///
/// Symbolic links inside the tree are followed as `links` allows, except one
/// that leads back to a folder it stands in (a loop); a file reached twice is
/// read once. A link that leads where `links` does not allow is a finding on
/// the link, and what it points at is not read. Whatever in the tree cannot be
/// read (a folder, a dangling link, something that is not a file) is a finding
/// on its path, and the rest is read.
pub fn read_with(
    paths: &[PathBuf],
    stdin: Option<&Stdin>,
    links: &Links,
) -> Result<Workspace, WorkspaceError> {
    // Compared as absolute paths: the tree's files may be spelled either way.
    let absolute = |p: &Path| lexical(&std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf()));
    let stdin = stdin.map(|s| (absolute(&s.path), &s.bytes));
    let is_stdin = |p: &Path| stdin.as_ref().is_some_and(|(path, _)| absolute(p) == *path);
    let mut walk = Walk::default();
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
        if let Some(meta) = meta.as_ref().filter(|m| !m.is_dir())
            && !is_stdin(path)
        {
            check_regular(meta).map_err(|e| {
                WorkspaceError(format!(
                    "`{}` {}; vp läser planfiler och kataloger med planfiler",
                    path.display(),
                    e.message()
                ))
            })?;
        }
        let f = lexical(path);
        focus.push(if f == Path::new(".") {
            PathBuf::new()
        } else {
            f
        });
        let is_dir = meta.as_ref().is_some_and(fs::Metadata::is_dir);
        walk.boundary = boundary(links, root.as_deref(), path, is_dir);
        if let Some(root) = root
            && !roots.contains(&root)
        {
            walk.root(&root)?;
            roots.push(root);
        }
        if is_dir {
            walk.root(path)?;
        } else if is_markdown(path) {
            let yaml = path.with_extension("yaml");
            if !yaml.exists() && !is_stdin(&yaml) {
                return Err(WorkspaceError(format!(
                    "`{}` är en textfil utan YAML-fil bredvid; ange planens `{}`",
                    path.display(),
                    yaml.display()
                )));
            }
            walk.yaml.push(yaml);
        } else {
            walk.yaml.push(path.clone());
        }
    }
    let Walk {
        yaml: mut yaml_paths,
        mut skipped,
        links,
        refused,
        ..
    } = walk;
    let refused: HashSet<PathBuf> = refused.iter().map(|p| lexical(p)).collect();
    for p in yaml_paths
        .iter_mut()
        .chain(skipped.iter_mut().map(|s| &mut s.path))
    {
        *p = lexical(p);
    }
    yaml_paths.sort();
    yaml_paths.dedup();
    if links {
        read_once(&mut yaml_paths, &focus);
    }
    skipped.sort_by(|a, b| a.path.cmp(&b.path));
    skipped.dedup_by(|a, b| a.path == b.path);
    if yaml_paths.is_empty() && skipped.is_empty() {
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
            // Anything there is read, or said why not: a dangling link or a FIFO
            // beside a plan is not a plan without prose.
            // A link beside a plan that leads outside the tree is a finding, not read.
            let md = ((fs::symlink_metadata(&md).is_ok() && !refused.contains(&md))
                || is_stdin(&md))
            .then(|| {
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
    for s in skipped {
        let id = ws.sources.add(s.path, String::new());
        ws.diags.push(
            Diagnostic::new(Code::FileUnreadable, Span::file_start(id), s.message).hint(s.hint),
        );
    }
    for (yaml_path, yaml_text, md) in read {
        let yaml = add(&mut ws, yaml_path, yaml_text);
        let markdown = md.and_then(|(p, t)| add(&mut ws, p, t));
        if let Some(yaml) = yaml {
            ws.plans.push(PlanFiles { yaml, markdown });
        }
    }
    Ok(ws)
}

/// A plan tree whose files are already in memory (an editor's buffers, a fuzz
/// input, a test): each `.yaml` (or `.yml`) file with the `.md` file of the same
/// name beside it, as [`read`] finds them on disk, decoded as files on disk are (a file that is not text is a finding at its
/// first bad byte). Every file is in focus. Nothing is read from disk.
pub fn from_memory(files: Vec<(PathBuf, Vec<u8>)>) -> Workspace {
    from_memory_with(files, Vec::new())
}

/// [`from_memory`], with the files a walk of the tree could not read
/// ([`read_tree_bytes`]) reported as [`read`] reports them.
pub fn from_memory_with(files: Vec<(PathBuf, Vec<u8>)>, unread: Vec<Unread>) -> Workspace {
    let mut files: Vec<(PathBuf, Vec<u8>)> = files
        .into_iter()
        .map(|(p, bytes)| (lexical(&p), bytes))
        .collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files.dedup_by(|a, b| a.0 == b.0);
    let is = |p: &Path, ext: &str| p.extension().is_some_and(|e| e == ext);
    let mut markdown: HashMap<PathBuf, Vec<u8>> = HashMap::new();
    let mut yaml = Vec::new();
    for (path, bytes) in files {
        if is(&path, "md") {
            markdown.insert(path, bytes);
        } else if is_yaml(&path) {
            yaml.push((path, bytes));
        }
    }
    let mut ws = Workspace {
        focus: yaml.iter().map(|(p, _)| p.clone()).collect(),
        ..Workspace::default()
    };
    let mut unread = unread;
    unread.sort_by(|a, b| a.path.cmp(&b.path));
    unread.dedup_by(|a, b| a.path == b.path);
    for u in unread {
        let id = ws.sources.add(lexical(&u.path), String::new());
        let span = Span::new(id, 0, usize::from(!u.skipped));
        ws.diags
            .push(Diagnostic::new(Code::FileUnreadable, span, u.message).hint(u.hint));
    }
    for (path, bytes) in yaml {
        let md_path = path.with_extension("md");
        let md = markdown.remove(&md_path).map(|b| (md_path, decode_text(b)));
        let yaml = add(&mut ws, path, decode_text(bytes));
        let markdown = md.and_then(|(p, t)| add(&mut ws, p, t));
        if let Some(yaml) = yaml {
            ws.plans.push(PlanFiles { yaml, markdown });
        }
    }
    ws
}

/// The plan tree a file belongs to: the nearest folder at or above it holding
/// `organisation.yaml`, absolute; `None` when there is none.
pub fn plan_tree_root(file: &Path) -> Option<PathBuf> {
    let abs = std::path::absolute(file).ok()?;
    abs.ancestors()
        .skip(1)
        .find(|dir| dir.join("organisation.yaml").is_file())
        .map(Path::to_path_buf)
}

/// The plan tree of an editor's workspace folder: at or above it, or one
/// folder down (a repository with its plans in `plans/`); absolute.
pub fn plan_tree_near(folder: &Path) -> Option<PathBuf> {
    let folder = std::path::absolute(folder).ok()?;
    if folder.join("organisation.yaml").is_file() {
        return Some(folder);
    }
    plan_tree_root(&folder).or_else(|| {
        let mut subs: Vec<PathBuf> = fs::read_dir(&folder)
            .ok()?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.join("organisation.yaml").is_file())
            .collect();
        subs.sort();
        subs.into_iter().next()
    })
}

/// A plan tree's files read into memory, for a caller that keeps them there:
/// the language server, whose open buffers stand in for files on disk.
#[derive(Debug, Default)]
pub struct TreeBytes {
    /// Each plan file's bytes (each `*.yaml` and the `.md` beside it).
    pub files: Vec<(PathBuf, Vec<u8>)>,
    /// What the walk found but could not read (a link out of the tree, a
    /// FIFO, a file too large or not readable), with why: the findings
    /// [`read`] makes of them.
    pub unread: Vec<Unread>,
}

/// A file of the tree that was not read, and why.
#[derive(Debug, Clone)]
pub struct Unread {
    pub path: PathBuf,
    pub message: String,
    pub hint: &'static str,
    /// Left out by the walk (a finding on the file as a whole), rather than
    /// failed when read (a finding on its first byte).
    pub skipped: bool,
}

/// The bytes of every plan file under `root`, by the walk [`read`] makes, and
/// what it could not read; [`from_memory_with`] builds the workspace of them.
pub fn read_tree_bytes(root: &Path) -> Result<TreeBytes, WorkspaceError> {
    let mut walk = Walk {
        boundary: boundary(&Links::NearTree, Some(root), root, true),
        ..Walk::default()
    };
    walk.root(root)?;
    let mut yaml = walk.yaml;
    yaml.sort();
    yaml.dedup();
    let refused: HashSet<PathBuf> = walk.refused.into_iter().collect();
    let read: Vec<(PathBuf, Result<Vec<u8>, ReadFailure>)> = yaml
        .into_par_iter()
        .flat_map_iter(|yaml| {
            let md = yaml.with_extension("md");
            // As `read`: anything beside a plan is read, or said why not.
            let md = (fs::symlink_metadata(&md).is_ok() && !refused.contains(&md)).then_some(md);
            std::iter::once(yaml)
                .chain(md)
                .map(|p| {
                    let bytes = read_bytes(&p);
                    (p, bytes)
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let mut out = TreeBytes {
        unread: walk
            .skipped
            .into_iter()
            .map(|s| Unread {
                path: s.path,
                message: s.message,
                hint: s.hint,
                skipped: true,
            })
            .collect(),
        ..TreeBytes::default()
    };
    for (path, bytes) in read {
        match bytes {
            Ok(bytes) => out.files.push((path, bytes)),
            Err(f) => out.unread.push(Unread {
                path,
                message: f.message,
                hint: f.hint,
                skipped: false,
            }),
        }
    }
    Ok(out)
}

/// One plan file's bytes, within the size limit; `None` when it is not there or
/// cannot be read (a file changed on disk is read again with this).
pub fn read_file_bytes(path: &Path) -> Option<Vec<u8>> {
    read_limited(path, MAX_FILE_BYTES).ok()
}

/// Keeps one path of each file reached through several (by a symbolic link):
/// one the user named if there is one, else the first.
fn read_once(paths: &mut Vec<PathBuf>, focus: &[PathBuf]) {
    let named = |p: &Path| focus.iter().any(|f| p.starts_with(f));
    paths.sort_by_cached_key(|p| (!named(p), p.clone()));
    let mut seen = HashSet::new();
    paths.retain(|p| seen.insert(fs::canonicalize(p).unwrap_or_else(|_| p.clone())));
    paths.sort();
}

/// Something in the tree that is not read, and why: a finding on its path.
#[derive(Debug)]
struct Skipped {
    path: PathBuf,
    message: String,
    hint: &'static str,
}

/// The folder the links of a walk may lead into, canonical; `None` when any is followed.
fn boundary(links: &Links, root: Option<&Path>, named: &Path, is_dir: bool) -> Option<PathBuf> {
    let near = || {
        let dir = match root {
            Some(root) => std::path::absolute(root)
                .ok()?
                .parent()
                .map(Path::to_path_buf)?,
            None if is_dir => named.to_path_buf(),
            None => named.parent()?.to_path_buf(),
        };
        Some(dir)
    };
    let dir = match links {
        Links::All => return None,
        Links::Within(dir) => dir.clone(),
        Links::NearTree => near().unwrap_or_else(|| PathBuf::from("/")),
    };
    let dir = if dir.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        dir
    };
    Some(fs::canonicalize(&dir).unwrap_or(dir))
}

/// The walk through the plan folders.
#[derive(Debug, Default)]
struct Walk {
    yaml: Vec<PathBuf>,
    skipped: Vec<Skipped>,
    /// A symbolic link was followed, so a file may have been found twice.
    links: bool,
    /// The folder links may lead into (canonical), for the root being walked;
    /// `None`: every link is followed.
    boundary: Option<PathBuf>,
    /// Links found leading outside `boundary`: not followed, not read.
    refused: Vec<PathBuf>,
}

impl Walk {
    /// A folder the user named, or the tree it lies in: if it cannot be read,
    /// the run cannot go on. Its folders are walked by `walkdir` (links
    /// followed, a link back into a folder being walked reported as a loop, an
    /// error for each entry that cannot be read), hidden entries skipped.
    fn root(&mut self, dir: &Path) -> Result<(), WorkspaceError> {
        fs::read_dir(dir).map_err(|e| {
            WorkspaceError(format!(
                "kan inte läsa katalogen `{}`: {}",
                dir.display(),
                io_sv(&e)
            ))
        })?;
        let mut entries = walkdir::WalkDir::new(dir)
            .follow_links(true)
            .min_depth(1)
            .into_iter()
            .filter_entry(|e| !e.file_name().to_string_lossy().starts_with('.'));
        while let Some(entry) = entries.next() {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    self.walk_error(&e);
                    continue;
                }
            };
            let ty = entry.file_type();
            let path = entry.path();
            if entry.path_is_symlink() {
                if self.leaves(path) {
                    if ty.is_dir() {
                        entries.skip_current_dir();
                    }
                    continue;
                }
                self.links = true;
            }
            if ty.is_dir() || !is_yaml(path) {
                continue;
            }
            if ty.is_file() {
                // The plan's text beside it may be a link out of the tree too.
                let md = path.with_extension("md");
                if fs::symlink_metadata(&md).is_ok_and(|m| m.file_type().is_symlink()) {
                    self.leaves(&md);
                }
                self.yaml.push(entry.into_path());
            } else if let Err(e) = fs::metadata(path)
                .map_err(ReadError::from)
                .and_then(|m| check_regular(&m))
            {
                self.skip(
                    path,
                    format!("filen {}", e.message()),
                    "en planfil är en vanlig fil; ta bort eller byt namn på den här",
                );
            }
        }
        Ok(())
    }

    /// What the walk could not go through, as a finding on its path: a link
    /// back into a folder being walked, a link that goes nowhere, a folder
    /// that cannot be read.
    fn walk_error(&mut self, e: &walkdir::Error) {
        let Some(path) = e.path() else { return };
        if let Some(ancestor) = e.loop_ancestor() {
            let ancestor = fs::canonicalize(ancestor).unwrap_or_else(|_| ancestor.to_path_buf());
            self.skip(
                path,
                format!(
                    "katalogen är en symbolisk länk tillbaka till `{}`, som den ligger i: en slinga, som inte följs",
                    ancestor.display()
                ),
                "ta bort länken, eller låt den peka på en katalog utanför sig själv",
            );
            return;
        }
        let Some(io) = e.io_error() else { return };
        let is_link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
        if is_link && fs::metadata(path).is_err() {
            // A link that goes nowhere may have been a plan or a year folder.
            if is_yaml(path) || path.extension().is_none() {
                let message = match dangling_target(path, io) {
                    Some(target) => format!(
                        "den symboliska länken pekar på `{}`, som inte finns",
                        target.display()
                    ),
                    None => format!("länken kan inte följas: {}", io_sv(io)),
                };
                self.skip(
                    path,
                    message,
                    "rätta länken eller ta bort den; det den pekade på är inte kontrollerat",
                );
            }
            return;
        }
        self.skip(
            path,
            format!("katalogen kan inte läsas: {}", io_sv(io)),
            "kontrollera katalogens behörigheter; planerna i den är inte kontrollerade",
        );
    }

    /// Whether the link at `path` leads outside the folder links may lead
    /// into: then it is reported, and neither followed nor read. A link that
    /// goes nowhere is not decided here (the walk or the read reports it).
    fn leaves(&mut self, path: &Path) -> bool {
        let Some(boundary) = &self.boundary else {
            return false;
        };
        let Ok(target) = fs::canonicalize(path) else {
            return false;
        };
        // What is neither a folder nor a file (`/dev/zero`) is not read wherever
        // it is, and reported as what it is.
        let followed = fs::metadata(&target).is_ok_and(|m| m.is_dir() || m.is_file());
        if !followed || target.starts_with(boundary) {
            return false;
        }
        let message = format!(
            "den symboliska länken pekar på `{}`, utanför planträdet (`{}`): den följs inte och det den pekar på läses inte",
            target.display(),
            boundary.display()
        );
        self.skip(
            path,
            message,
            "låt länken peka inom planträdet, eller ta bort den; `vp validate --folj-lankar` följer länkar vart de än pekar (inte i en git-revision)",
        );
        self.refused.push(path.to_path_buf());
        true
    }

    fn skip(&mut self, path: &Path, message: String, hint: &'static str) {
        self.skipped.push(Skipped {
            path: path.to_path_buf(),
            message,
            hint,
        });
    }
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
            // The character at the bad byte, as far as the text shown has one:
            // none in an empty file or after the text before a NUL.
            let mut start = f.offset.min(f.lossy.len());
            while !f.lossy.is_char_boundary(start) {
                start -= 1;
            }
            let end = f.lossy[start..]
                .chars()
                .next()
                .map_or(start, |c| start + c.len_utf8());
            let id = ws.sources.add(path, f.lossy);
            ws.diags.push(
                Diagnostic::new(Code::FileUnreadable, Span::new(id, start, end), f.message)
                    .hint(f.hint),
            );
            None
        }
    }
}

fn read_text(path: &Path) -> Result<String, ReadFailure> {
    decode_text(read_bytes(path)?)
}

/// A plan file's bytes, or why they cannot be read.
fn read_bytes(path: &Path) -> Result<Vec<u8>, ReadFailure> {
    let fail = |message: String, hint| ReadFailure {
        message,
        hint,
        offset: 0,
        lossy: String::new(),
    };
    read_limited(path, MAX_FILE_BYTES).map_err(|e| match e {
        ReadError::TooLarge { size, limit } => fail(
            match size {
                Some(size) => format!(
                    "filen är {:.1} MB; en planfil får vara högst {} MB",
                    size as f64 / 1_048_576.0,
                    limit / 1_048_576
                ),
                None => format!(
                    "filen är större än {} MB, som en planfil får vara",
                    limit / 1_048_576
                ),
            },
            "dela upp planen, eller kontrollera att det verkligen är en planfil",
        ),
        ReadError::NotRegular(_) => fail(
            format!("filen {}", e.message()),
            "en planfil är en vanlig fil; ta bort eller byt namn på den här",
        ),
        ReadError::DanglingLink(_) => fail(
            format!("filen {}", e.message()),
            "rätta länken eller ta bort den",
        ),
        ReadError::Io(e) => fail(
            format!("filen kan inte läsas: {}", io_sv(&e)),
            "kontrollera att filen finns och går att läsa",
        ),
    })
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
/// A file's bytes as the text [`from_memory`] would read from them, or `None`
/// when they could not be read as a plan file (too large, not UTF-8): then
/// `from_memory` reports the file.
pub fn decoded(bytes: Vec<u8>) -> Option<String> {
    decode_text(bytes).ok()
}

/// A path as [`from_memory`] names its file: `.` and `..` resolved without the file system.
pub fn lexical(path: &Path) -> PathBuf {
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

fn is_yaml(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    )
}

fn is_markdown(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()) == Some("md")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file that cannot be read as text is shown as far as it can be, and
    /// its finding points inside that text: at the bad character, or at the
    /// end where there is none (an empty file, the text before a NUL; found
    /// by the validate fuzz target).
    #[test]
    fn an_unreadable_files_finding_lies_inside_what_is_shown() {
        let inputs: [&[u8]; 5] = [
            b"",
            b"  \n",
            b"typ: x\n\0",
            b"\xFF\xFEt\0",
            b"namn: R\xe5d\n",
        ];
        for bytes in inputs {
            let ws = from_memory(vec![(PathBuf::from("t/a.yaml"), bytes.to_vec())]);
            let d = &ws.diags.0[0];
            let text = &ws.sources.get(d.span.file).text;
            let (start, end) = (d.span.start as usize, d.span.end as usize);
            assert!(
                start <= end && end <= text.len(),
                "{bytes:?}: {start}..{end}"
            );
            assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
        }
    }

    /// `.yml` is a plan file in memory as on disk (`read` walks both), so the
    /// language server checks what `vp validate` checks.
    #[test]
    fn a_yml_file_in_memory_is_a_plan_file() {
        let ws = from_memory(vec![
            (PathBuf::from("t/a.yml"), b"typ: organisation\n".to_vec()),
            (PathBuf::from("t/a.md"), b"# Inledning\n".to_vec()),
            (PathBuf::from("t/b.txt"), b"x".to_vec()),
        ]);
        assert_eq!(ws.plans.len(), 1);
        assert!(ws.plans[0].markdown.is_some());
        assert_eq!(ws.focus, [PathBuf::from("t/a.yml")]);
    }

    /// A folder whose listing fails, simulated without permissions (the tests
    /// may run as root, who reads any folder): a link to a file where the walk
    /// expects a folder is read as a folder whose listing fails.
    #[cfg(unix)]
    #[test]
    fn a_folder_that_cannot_be_read_is_a_finding() {
        let dir = tempfile::tempdir().unwrap();
        let tree = dir.path().join("plans");
        fs::create_dir(&tree).unwrap();
        let sub = tree.join("2020");
        fs::create_dir(&sub).unwrap();
        fs::write(sub.join("a.yaml"), "").unwrap();
        let mut walk = Walk::default();
        // Listing a folder that is removed while it is walked fails as an
        // unreadable one does: walk the tree, then a folder that vanished.
        walk.root(&tree).unwrap();
        assert_eq!(walk.yaml, [sub.join("a.yaml")]);
        let gone = tree.join("2021");
        fs::create_dir(&gone).unwrap();
        let it = walkdir::WalkDir::new(&gone).into_iter();
        fs::remove_dir(&gone).unwrap();
        for e in it {
            if let Err(e) = e {
                walk.walk_error(&e);
            }
        }
        assert_eq!(walk.skipped.len(), 1);
        assert_eq!(walk.skipped[0].path, gone);
        assert!(
            walk.skipped[0]
                .message
                .starts_with("katalogen kan inte läsas: "),
            "{}",
            walk.skipped[0].message
        );
    }

    #[test]
    fn an_unreadable_folder_the_user_named_could_not_run() {
        let dir = tempfile::tempdir().unwrap();
        let err = Walk::default()
            .root(&dir.path().join("finns-inte"))
            .unwrap_err();
        assert!(err.0.contains("finns-inte"), "{err}");
    }
}
