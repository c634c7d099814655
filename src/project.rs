//! One entry point for every command: paths → sources, the validated plan
//! graph, every finding, and the focus (the files the user named).

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::load::{PlanFiles, RawDoc};
use crate::model::PlanSet;
use crate::source::{FileId, Location, SourceMap, Span};
use crate::workspace::{self, WorkspaceError};
use crate::{load, report, validate};

/// One plan's parse: its raw document, if it could be read, and the findings.
type Parsed = (Option<RawDoc>, Diagnostics);

/// What the last build of a tree keeps for the next one
/// ([`Project::rebuild_from_sources`], [`Project::edit`]): each plan's parse by
/// its files' ids, the plans' files and the findings of reading them, and the
/// validation's cache.
#[derive(Debug, Default)]
pub struct Parses {
    parsed: FxHashMap<(FileId, Option<FileId>), Parsed>,
    plans: Vec<PlanFiles>,
    read: Vec<Diagnostic>,
    validated: validate::Cache,
}

/// A plan tree read, parsed and validated.
#[derive(Debug)]
pub struct Project {
    pub sources: SourceMap,
    pub plans: PlanSet,
    /// Every finding of the whole tree, in report order (file, place, code).
    pub diagnostics: Vec<Diagnostic>,
    /// The paths asked about. When they lie inside a plan tree, the whole tree
    /// is read so references resolve, but only these are reported on.
    pub focus: Vec<PathBuf>,
}

impl Project {
    /// Reads every plan under `paths` (and the rest of their plan tree) and validates
    /// them together. `Err` only when a path cannot be searched at all (exit code 2);
    /// everything wrong inside the files is a finding.
    pub fn load(paths: &[PathBuf]) -> Result<Project, WorkspaceError> {
        Project::load_with(paths, None, &workspace::Links::default())
    }

    /// [`Project::load`], with one plan file's text from standard input, checked
    /// in its place in the tree (`vp validate - --stdin-filename …`), and the
    /// symbolic links `links` allows followed.
    pub fn load_with(
        paths: &[PathBuf],
        stdin: Option<&workspace::Stdin>,
        links: &workspace::Links,
    ) -> Result<Project, WorkspaceError> {
        Ok(Project::from_workspace(workspace::read_with(
            paths, stdin, links,
        )?))
    }

    /// A project of files already in memory, as `(path, bytes)`: an editor's
    /// open buffers with the rest of the tree, a fuzz input, a test's tree. Each
    /// `.yaml` file is read with the `.md` file of the same name; all are in focus.
    pub fn from_sources(files: Vec<(PathBuf, Vec<u8>)>) -> Project {
        Project::from_workspace(workspace::from_memory(files))
    }

    /// [`Project::from_sources`] again, for a tree whose files changed since
    /// `previous` was built from them: a plan whose YAML and Markdown stand where
    /// they stood, with the same text, is not parsed again but taken from
    /// `parses` (which is brought up to date for the next time), and a unit plan
    /// that did not change is not validated again when the plans it is checked
    /// against did not change either (see [`validate::Cache`]); what looks
    /// across plans is checked whole. The result is what `from_sources` gives
    /// for the same files.
    pub fn rebuild_from_sources(
        files: Vec<(PathBuf, Vec<u8>)>,
        previous: &Project,
        parses: &mut Parses,
    ) -> Project {
        let tree = workspace::TreeBytes {
            files,
            unread: Vec::new(),
        };
        Project::rebuild_from_tree(tree, previous, parses)
    }

    /// [`Project::rebuild_from_sources`], with the files the walk of the tree
    /// could not read reported as `vp validate` reports them.
    pub fn rebuild_from_tree(
        tree: workspace::TreeBytes,
        previous: &Project,
        parses: &mut Parses,
    ) -> Project {
        let mut ws = workspace::from_memory_with(tree.files, tree.unread);
        let same = ws.sources.share_unchanged(&previous.sources);
        let same = |id: FileId| same.get(id.0 as usize).copied().unwrap_or(false);
        let changed: Vec<bool> = ws
            .plans
            .iter()
            .map(|p| !(same(p.yaml) && p.markdown.is_none_or(same)))
            .collect();
        Project::build(ws, &changed, parses)
    }

    /// The project again after files of the tree changed their text in place
    /// (`(path, bytes)`, an editor's buffer typed in): only the plans of those
    /// files are parsed again, and validated as [`Project::rebuild_from_sources`]
    /// does. `parses` must be those of the build of `self`. `None` when a change
    /// is not a new text for a plan file `self` reads (a file new to the tree,
    /// a Markdown file without its YAML, a text that cannot be decoded, or a
    /// file that could not be decoded before): then the caller builds from all
    /// sources. The result is what `from_sources` gives for the same files.
    pub fn edit(&self, changes: Vec<(PathBuf, Vec<u8>)>, parses: &mut Parses) -> Option<Project> {
        let mut sources = self.sources.share();
        let mut touched = Vec::new();
        for (path, bytes) in changes {
            let id = sources.find(&workspace::lexical(&path))?;
            let text = workspace::decoded(bytes)?;
            if parses.read.iter().any(|d| d.span.file == id) {
                return None;
            }
            if *sources.get(id).text != text {
                sources.replace_text(id, text);
                touched.push(id);
            }
        }
        let known = |id: FileId| {
            parses
                .plans
                .iter()
                .any(|p| p.yaml == id || p.markdown == Some(id))
        };
        if !touched.iter().all(|&id| known(id)) {
            return None;
        }
        let changed: Vec<bool> = parses
            .plans
            .iter()
            .map(|p| touched.contains(&p.yaml) || p.markdown.is_some_and(|m| touched.contains(&m)))
            .collect();
        let ws = workspace::Workspace {
            sources,
            plans: parses.plans.clone(),
            diags: Diagnostics(parses.read.clone()),
            focus: self.focus.clone(),
        };
        Some(Project::build(ws, &changed, parses))
    }

    /// Parse (the plans marked changed, or not in `parses`) → validate →
    /// sorted findings; `parses` kept for the next build.
    fn build(ws: workspace::Workspace, changed: &[bool], parses: &mut Parses) -> Project {
        let mut old = std::mem::take(&mut parses.parsed);
        let work: Vec<(PlanFiles, Option<Parsed>)> = ws
            .plans
            .iter()
            .zip(changed)
            .map(|(p, &changed)| {
                let kept = old.remove(&(p.yaml, p.markdown)).filter(|_| !changed);
                (*p, kept)
            })
            .collect();
        drop(old);
        let done: Vec<(PlanFiles, bool, Parsed)> = work
            .into_par_iter()
            .map(|(p, kept)| match kept {
                Some(parsed) => (p, false, parsed),
                None => (p, true, load::parse_plan(&ws.sources, p)),
            })
            .collect();
        let mut diagnostics = ws.diags.0.clone();
        for (_, _, (_, d)) in &done {
            diagnostics.extend(d.0.iter().cloned());
        }
        let docs: Vec<(&RawDoc, bool)> = done
            .iter()
            .filter_map(|(_, fresh, (doc, _))| doc.as_ref().map(|d| (d, *fresh)))
            .collect();
        let (plans, mut validate_diags) = validate::validate_cached(&docs, &mut parses.validated);
        drop(docs);
        validate::folders::check(&plans, &ws.sources, &mut validate_diags);
        diagnostics.extend(validate_diags.0);
        report::sort(&ws.sources, &mut diagnostics);
        parses.parsed = done
            .into_iter()
            .map(|(p, _, parsed)| ((p.yaml, p.markdown), parsed))
            .collect();
        parses.plans = ws.plans;
        parses.read = ws.diags.0;
        Project {
            sources: ws.sources,
            plans,
            diagnostics,
            focus: ws.focus,
        }
    }

    /// Load → validate → sorted findings, on sources however they were read.
    fn from_workspace(ws: workspace::Workspace) -> Project {
        let (docs, parse_diags) = load::parse_all(&ws.sources, &ws.plans);
        Project::from_parsed(ws, docs, parse_diags)
    }

    /// Validate → sorted findings, on plans already parsed.
    fn from_parsed(
        ws: workspace::Workspace,
        docs: Vec<RawDoc>,
        parse_diags: Diagnostics,
    ) -> Project {
        let (plans, mut validate_diags) = validate::validate(docs);
        validate::folders::check(&plans, &ws.sources, &mut validate_diags);
        let mut diagnostics = ws.diags.0;
        diagnostics.extend(parse_diags.0);
        diagnostics.extend(validate_diags.0);
        report::sort(&ws.sources, &mut diagnostics);
        Project {
            sources: ws.sources,
            plans,
            diagnostics,
            focus: ws.focus,
        }
    }

    /// Where a span stands, as users count: path, 1-based line and character column.
    pub fn locate(&self, span: Span) -> Location<'_> {
        self.sources.locate(span)
    }

    /// Whether a file (or the YAML file beside a Markdown file) lies under the focus.
    pub fn in_focus(&self, file: &Path) -> bool {
        let yaml = file.with_extension("yaml");
        self.focus
            .iter()
            .any(|f| file.starts_with(f) || yaml.starts_with(f))
    }

    /// The findings in the files the user named, in report order.
    pub fn focused_diagnostics(&self) -> Vec<Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| self.in_focus(self.sources.path(d.span.file)))
            .cloned()
            .collect()
    }

    /// Whether the tree has an error anywhere: a command that builds on the plan
    /// graph (rollup, render, diff) shows them and stops.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }

    /// The tree's errors alone, for a command that cannot go on with them.
    pub fn errors(&self) -> Vec<Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .cloned()
            .collect()
    }
}
