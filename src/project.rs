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

/// Each plan's parse in the last build of a tree, by its files' ids, for
/// [`Project::rebuild_from_sources`].
#[derive(Debug, Default)]
pub struct Parses(FxHashMap<(FileId, Option<FileId>), Parsed>);

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
    /// `parses` (which is brought up to date for the next time); the rest is
    /// parsed, and the whole tree validated. The result is what `from_sources`
    /// gives for the same files.
    pub fn rebuild_from_sources(
        files: Vec<(PathBuf, Vec<u8>)>,
        previous: &Project,
        parses: &mut Parses,
    ) -> Project {
        let mut ws = workspace::from_memory(files);
        let same = ws.sources.share_unchanged(&previous.sources);
        let same = |id: FileId| same.get(id.0 as usize).copied().unwrap_or(false);
        let mut old = std::mem::take(&mut parses.0);
        let work: Vec<(PlanFiles, Option<Parsed>)> = ws
            .plans
            .iter()
            .map(|p| {
                let unchanged = same(p.yaml) && p.markdown.is_none_or(same);
                let kept = old.remove(&(p.yaml, p.markdown)).filter(|_| unchanged);
                (*p, kept)
            })
            .collect();
        let done: Vec<(PlanFiles, Parsed, Parsed)> = work
            .into_par_iter()
            .map(|(p, kept)| {
                let parsed = kept.unwrap_or_else(|| load::parse_plan(&ws.sources, p));
                (p, parsed.clone(), parsed)
            })
            .collect();
        let mut docs = Vec::with_capacity(done.len());
        let mut parse_diags = Diagnostics::default();
        for (p, keep, (doc, d)) in done {
            parses.0.insert((p.yaml, p.markdown), keep);
            docs.extend(doc);
            parse_diags.extend(d);
        }
        Project::from_parsed(ws, docs, parse_diags)
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
