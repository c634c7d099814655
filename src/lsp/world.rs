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
pub struct Tree {
    pub root: PathBuf,
    /// The files as last read from disk.
    disk: BTreeMap<PathBuf, Vec<u8>>,
    pub project: Project,
    /// Each plan's parse in `project`: an edit parses only the plans it changed.
    parses: Parses,
    ids: HashMap<PathBuf, FileId>,
    /// What was last published for each file with findings: a file is sent
    /// again only when its findings change, and cleared when they go.
    pub published: BTreeMap<PathBuf, Vec<lsp_types::Diagnostic>>,
}

impl Tree {
    fn load(root: PathBuf, open: &HashMap<PathBuf, String>) -> Tree {
        // A plan outside every tree is its own tree: the file alone, as
        // `vp validate` reads a lone file (its folder may be anyone's home).
        let disk: BTreeMap<PathBuf, Vec<u8>> = if is_plan_file(&root) {
            workspace::read_file_bytes(&root)
                .map(|b| (root.clone(), b))
                .into_iter()
                .collect()
        } else {
            workspace::read_tree_bytes(&root)
                .unwrap_or_default()
                .into_iter()
                .collect()
        };
        let mut tree = Tree {
            root,
            disk,
            project: Project::from_sources(Vec::new()),
            parses: Parses::default(),
            ids: HashMap::new(),
            published: BTreeMap::new(),
        };
        tree.rebuild(open);
        tree
    }

    /// Builds the project again from the files on disk with the open buffers over them.
    pub fn rebuild(&mut self, open: &HashMap<PathBuf, String>) {
        let mut files: BTreeMap<PathBuf, Vec<u8>> = self.disk.clone();
        for (path, text) in open {
            if path.starts_with(&self.root) && is_plan_file(path) {
                files.insert(path.clone(), text.clone().into_bytes());
            }
        }
        self.project = Project::rebuild_from_sources(
            files.into_iter().collect(),
            &self.project,
            &mut self.parses,
        );
        self.ids = self
            .project
            .sources
            .iter()
            .map(|(id, f)| (f.path.clone(), id))
            .collect();
    }

    /// Reads a file again from disk (saved, changed by git or another editor, removed).
    pub fn reread(&mut self, path: &Path) {
        match workspace::read_file_bytes(path) {
            Some(bytes) if is_plan_file(path) => {
                self.disk.insert(path.to_path_buf(), bytes);
            }
            _ => {
                self.disk.remove(path);
            }
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
