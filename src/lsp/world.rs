//! What the server knows: each plan tree's files as on disk, the editor's open
//! buffers over them, and the project (sources, plan graph, findings) built from
//! the two together, as `vp validate` would see the tree if the buffers were saved.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::model::{CommitteePlan, PlanId, UnitPlan};
use crate::project::{Parses, Project};
use crate::source::FileId;
use crate::workspace;

/// One plan tree: the folder with `organisation.yaml` and everything under it;
/// or, for a plan outside any tree, that file alone.
///
/// Each file's text is held once, in the project's source map. An edit gives
/// the project new text for the files it changed ([`Project::edit`]: only
/// their plans are parsed again, and only what they can affect validated
/// again); a file new to the tree or gone from it has the tree read again.
pub struct Tree {
    pub root: PathBuf,
    pub project: Project,
    /// What the last build keeps for the next: an edit parses only the plans it changed.
    parses: Parses,
    ids: HashMap<PathBuf, FileId>,
    /// New texts since the project was built, by file.
    pending: BTreeMap<PathBuf, Vec<u8>>,
    /// Whether a file appeared or went since: the tree is read again.
    reload: bool,
    /// What was last published for each file with findings: a file is sent
    /// again only when its findings change, and cleared when they go.
    pub published: BTreeMap<PathBuf, Vec<lsp_types::Diagnostic>>,
}

impl Tree {
    fn load(root: PathBuf, open: &HashMap<PathBuf, String>) -> Tree {
        let mut tree = Tree {
            root,
            project: Project::from_sources(Vec::new()),
            parses: Parses::default(),
            ids: HashMap::new(),
            pending: BTreeMap::new(),
            reload: true,
            published: BTreeMap::new(),
        };
        tree.rebuild(open);
        tree
    }

    /// A file's new text (an open buffer typed in, or read from disk), for the next build.
    pub fn set_text(&mut self, path: &Path, bytes: Vec<u8>) {
        if path.starts_with(&self.root) && is_plan_file(path) {
            self.pending.insert(path.to_path_buf(), bytes);
        }
    }

    /// Has the tree read again from disk at the next build.
    pub fn reload(&mut self) {
        self.reload = true;
    }

    /// Builds the project again with the texts changed since: in place when
    /// only texts of files it reads changed, else from the tree on disk with
    /// the open buffers over it.
    pub fn rebuild(&mut self, open: &HashMap<PathBuf, String>) {
        let changes: Vec<(PathBuf, Vec<u8>)> =
            std::mem::take(&mut self.pending).into_iter().collect();
        if !self.reload {
            if changes.is_empty() {
                return;
            }
            // The project is replaced: its index is left to the validation's
            // cache, to be updated there in place rather than copied.
            self.project.plans.release_index();
            if let Some(project) = self.project.edit(changes, &mut self.parses) {
                self.project = project;
                return;
            }
        }
        self.reload = false;
        // A plan outside every tree is its own tree: the file alone, as
        // `vp validate` reads a lone file (its folder may be anyone's home).
        let mut read = if is_plan_file(&self.root) {
            workspace::TreeBytes {
                files: workspace::read_file_bytes(&self.root)
                    .map(|b| (self.root.clone(), b))
                    .into_iter()
                    .collect(),
                unread: Vec::new(),
            }
        } else {
            workspace::read_tree_bytes(&self.root).unwrap_or_default()
        };
        let mut files: BTreeMap<PathBuf, Vec<u8>> = read.files.into_iter().collect();
        for (path, text) in open {
            if path.starts_with(&self.root) && is_plan_file(path) {
                files.insert(path.clone(), text.clone().into_bytes());
            }
        }
        // What could not be read on disk but is open is read from the buffer.
        read.unread.retain(|u| !files.contains_key(&u.path));
        read.files = files.into_iter().collect();
        self.project = Project::rebuild_from_tree(read, &self.project, &mut self.parses);
        self.ids = self
            .project
            .sources
            .iter()
            .map(|(id, f)| (f.path.clone(), id))
            .collect();
    }

    /// Reads a file again from disk (saved, changed by git or another editor,
    /// removed); an open buffer stands over the file on disk.
    pub fn reread(&mut self, path: &Path, open: &HashMap<PathBuf, String>) {
        if open.contains_key(path) || !is_plan_file(path) {
            return;
        }
        match workspace::read_file_bytes(path) {
            Some(bytes) => self.set_text(path, bytes),
            None => self.reload = true,
        }
    }

    pub fn file(&self, path: &Path) -> Option<FileId> {
        self.ids.get(path).copied()
    }

    /// The plan a file (its YAML or its Markdown) belongs to.
    pub fn plan_of(&self, file: FileId) -> Option<PlanRef<'_>> {
        let set = &self.project.plans;
        if let Some((id, p)) = set
            .committee_plan_ids()
            .find(|(_, p)| p.file == file || p.prose_file == Some(file))
        {
            return Some(PlanRef::Committee(PlanId::Committee(id), p));
        }
        set.unit_plan_ids()
            .find(|(_, p)| p.file == file || p.prose_file == Some(file))
            .map(|(id, p)| PlanRef::Unit(PlanId::Unit(id), p))
    }
}

/// A nämnd's or a unit's plan, with its id.
#[derive(Clone, Copy)]
pub enum PlanRef<'a> {
    Committee(PlanId, &'a CommitteePlan),
    Unit(PlanId, &'a UnitPlan),
}

/// Whether the server reads a file as part of a plan tree.
pub fn is_plan_file(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml" | "md")
    )
}

/// The plan trees and the open buffers.
#[derive(Default)]
pub struct World {
    pub trees: Vec<Tree>,
    pub open: HashMap<PathBuf, String>,
}

impl World {
    /// Loads the tree at or under the workspace's folder, if it has one: at or
    /// above it, or one folder down (a repository with its plans in `plans/`).
    pub fn load_workspace(&mut self, folder: &Path) -> Option<usize> {
        let root = workspace::plan_tree_near(folder)?;
        Some(self.tree_at(root))
    }

    /// The index of the tree a file belongs to, read from disk the first time.
    pub fn tree_for(&mut self, path: &Path) -> Option<usize> {
        if !is_plan_file(path) {
            return None;
        }
        if let Some(i) = self.find(path) {
            return Some(i);
        }
        let root = workspace::plan_tree_root(path).unwrap_or_else(|| path.to_path_buf());
        Some(self.tree_at(root))
    }

    /// The tree a file lies in, among those loaded.
    pub fn find(&self, path: &Path) -> Option<usize> {
        self.trees
            .iter()
            .enumerate()
            .filter(|(_, t)| path.starts_with(&t.root))
            .max_by_key(|(_, t)| t.root.components().count())
            .map(|(i, _)| i)
    }

    fn tree_at(&mut self, root: PathBuf) -> usize {
        if let Some(i) = self.trees.iter().position(|t| t.root == root) {
            return i;
        }
        self.trees.push(Tree::load(root, &self.open));
        self.trees.len() - 1
    }
}
