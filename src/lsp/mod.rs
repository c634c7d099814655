//! `vp lsp`: a language server (LSP 3.17) for the plan files, so the editor
//! knows the whole tree as you type. The project is built from the files on
//! disk with the editor's open buffers over them, then kept up to date edit by
//! edit (`Project::edit`: only the changed plans parsed again, only what they
//! can affect validated again): findings as `vp validate` gives them, for
//! every file of the tree; and from
//! the plan graph, completion, hover, definition, references, outline, rename
//! and code actions. Synchronous: one message at a time, no async runtime.
//!
//! ```text
//! client ─▶ server (protocol) ─▶ world (trees: disk + buffers → Project)
//!                             ─▶ cursor (what a place in the text is) ─▶ symbol (the element it names)
//!                             ─▶ diagnostics · complete · hover · outline · rename · actions
//! ```

mod actions;
mod complete;
mod cursor;
mod diagnostics;
mod hover;
mod outline;
mod position;
mod rename;
mod server;
mod symbol;
mod world;

pub use server::{ServerError, run};
