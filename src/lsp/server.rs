//! The protocol: initialize, then one message at a time — buffers opened,
//! changed, saved and closed rebuild the tree's project and publish its
//! findings; requests are answered from the project as it stands. A request
//! about something the server does not know (a file outside any tree, a place
//! past the end) gets an empty answer, never an error that stops the server.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CompletionOptions,
    DidChangeTextDocumentParams, DidChangeWatchedFilesParams,
    DidChangeWatchedFilesRegistrationOptions, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DidSaveTextDocumentParams, FileSystemWatcher, GlobPattern,
    GotoDefinitionParams, GotoDefinitionResponse, Hover, HoverContents, HoverParams,
    HoverProviderCapability, InitializeParams, Location, MarkupContent, MarkupKind, OneOf,
    Position, PublishDiagnosticsParams, Registration, RegistrationParams, RenameOptions,
    SaveOptions, ServerCapabilities, TextDocumentPositionParams, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Url,
    WorkDoneProgressOptions, notification, request,
};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::position::LineIndex;
use super::world::World;
use super::{actions, complete, diagnostics, hover, outline, rename, symbol};
use crate::source::{FileId, Span};

/// How many notifications may queue up before the tree is checked anyway.
const MAX_UNCHECKED: usize = 64;

/// Why the server stopped other than by `shutdown` and `exit`: the connection broke.
#[derive(Debug)]
pub struct ServerError(pub String);

impl std::fmt::Display for ServerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<lsp_server::ProtocolError> for ServerError {
    fn from(e: lsp_server::ProtocolError) -> Self {
        ServerError(format!("protokollfel: {e}"))
    }
}

/// What the server offers: full text sync (plan files are small; a buffer is
/// read whole anyway), and the requests answered below.
pub fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::FULL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..TextDocumentSyncOptions::default()
            },
        )),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![
                ":".into(),
                " ".into(),
                "#".into(),
                "{".into(),
                "/".into(),
                "[".into(),
                ",".into(),
            ]),
            ..CompletionOptions::default()
        }),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: WorkDoneProgressOptions::default(),
        })),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::REFACTOR_REWRITE,
            ]),
            ..CodeActionOptions::default()
        })),
        ..ServerCapabilities::default()
    }
}

/// Runs the server on a connection until the client says `exit`.
pub fn run(connection: &Connection) -> Result<(), ServerError> {
    let caps = serde_json::to_value(capabilities()).unwrap_or_default();
    let (id, params) = connection.initialize_start()?;
    let params: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    connection.initialize_finish(
        id,
        serde_json::json!({
            "capabilities": caps,
            "serverInfo": { "name": "vp", "version": env!("CARGO_PKG_VERSION") },
        }),
    )?;
    let mut server = Server::default();
    for folder in workspace_folders(&params) {
        if let Some(tree) = server.world.load_workspace(&folder) {
            server.dirty.push(tree);
        }
    }
    let watch = params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files.as_ref())
        .and_then(|w| w.dynamic_registration)
        .unwrap_or(false);
    if watch {
        send(connection, Message::Request(watch_request()))?;
    }
    server.flush(connection)?;
    let mut unchecked = 0;
    for msg in &connection.receiver {
        match msg {
            Message::Request(req) => {
                if connection.handle_shutdown(&req)? {
                    return Ok(());
                }
                // Answered on the text as it stands now.
                server.refresh();
                server.flush(connection)?;
                unchecked = 0;
                let id = req.id.clone();
                let response = catch_unwind(AssertUnwindSafe(|| server.request(req)))
                    .unwrap_or_else(|_| {
                        Response::new_err(
                            id,
                            ErrorCode::InternalError as i32,
                            "vp lsp: internt fel; frågan kunde inte besvaras".into(),
                        )
                    });
                send(connection, Message::Response(response))?;
            }
            Message::Notification(n) => {
                if catch_unwind(AssertUnwindSafe(|| server.notify(n))).is_err() {
                    // A state half changed is rebuilt from what is known.
                    server.rebuild_all();
                }
                // Changes that arrived while the last check ran are checked
                // together: a rebuild per keystroke would fall behind the typing.
                unchecked += 1;
                if connection.receiver.is_empty() || unchecked >= MAX_UNCHECKED {
                    server.refresh();
                    server.flush(connection)?;
                    unchecked = 0;
                }
            }
            Message::Response(_) => {}
        }
    }
    Ok(())
}

fn send(connection: &Connection, msg: Message) -> Result<(), ServerError> {
    connection
        .sender
        .send(msg)
        .map_err(|e| ServerError(format!("kan inte skicka till klienten: {e}")))
}

/// The folders the client names, newest form first: `workspaceFolders`, else `rootUri`.
#[allow(deprecated)]
fn workspace_folders(params: &InitializeParams) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = params
        .workspace_folders
        .iter()
        .flatten()
        .filter_map(|f| f.uri.to_file_path().ok())
        .collect();
    if out.is_empty()
        && let Some(root) = params.root_uri.as_ref().and_then(|u| u.to_file_path().ok())
    {
        out.push(root);
    }
    out
}

fn watch_request() -> Request {
    let options = DidChangeWatchedFilesRegistrationOptions {
        watchers: vec![FileSystemWatcher {
            glob_pattern: GlobPattern::String("**/*.{yaml,md}".into()),
            kind: None,
        }],
    };
    Request::new(
        RequestId::from("vp-watch".to_owned()),
        request::RegisterCapability::METHOD.to_owned(),
        RegistrationParams {
            registrations: vec![Registration {
                id: "vp-watch".into(),
                method: notification::DidChangeWatchedFiles::METHOD.into(),
                register_options: serde_json::to_value(options).ok(),
            }],
        },
    )
}

#[derive(Default)]
pub struct Server {
    pub world: World,
    /// Trees whose files changed since their project was last built.
    stale: Vec<usize>,
    /// Trees rebuilt since their findings were last published.
    dirty: Vec<usize>,
}

impl Server {
    /// Publishes the findings of every tree that changed.
    fn flush(&mut self, connection: &Connection) -> Result<(), ServerError> {
        for params in self.take_publications() {
            send(
                connection,
                Message::Notification(Notification::new(
                    notification::PublishDiagnostics::METHOD.to_owned(),
                    params,
                )),
            )?;
        }
        Ok(())
    }

    pub fn take_publications(&mut self) -> Vec<PublishDiagnosticsParams> {
        let mut dirty = std::mem::take(&mut self.dirty);
        dirty.sort_unstable();
        dirty.dedup();
        let mut out = Vec::new();
        for i in dirty {
            if let Some(tree) = self.world.trees.get_mut(i) {
                out.extend(diagnostics::publish(tree));
            }
        }
        out
    }

    /// Builds the project of every tree whose files changed.
    pub fn refresh(&mut self) {
        let mut stale = std::mem::take(&mut self.stale);
        stale.sort_unstable();
        stale.dedup();
        for i in stale {
            if let Some(tree) = self.world.trees.get_mut(i) {
                tree.rebuild(&self.world.open);
                self.dirty.push(i);
            }
        }
    }

    fn rebuild_all(&mut self) {
        for (i, tree) in self.world.trees.iter_mut().enumerate() {
            tree.reload();
            tree.rebuild(&self.world.open);
            self.dirty.push(i);
        }
    }

    /// An open buffer's new text: the tree it lies in (loaded the first time)
    /// is checked again.
    fn edited(&mut self, path: PathBuf, text: String) {
        self.world.open.insert(path.clone(), text.clone());
        if let Some(i) = self.world.tree_for(&path) {
            self.world.trees[i].set_text(&path, text.into_bytes());
            self.stale.push(i);
        }
    }

    pub fn notify(&mut self, n: Notification) {
        match n.method.as_str() {
            notification::DidOpenTextDocument::METHOD => {
                let Some(p) = params::<DidOpenTextDocumentParams>(n.params) else {
                    return;
                };
                let Some(path) = path_of(&p.text_document.uri) else {
                    return;
                };
                self.edited(path, p.text_document.text);
            }
            notification::DidChangeTextDocument::METHOD => {
                let Some(p) = params::<DidChangeTextDocumentParams>(n.params) else {
                    return;
                };
                let Some(path) = path_of(&p.text_document.uri) else {
                    return;
                };
                // Full sync: the last change is the whole text.
                let Some(change) = p.content_changes.into_iter().last() else {
                    return;
                };
                self.edited(path, change.text);
            }
            notification::DidSaveTextDocument::METHOD => {
                let Some(p) = params::<DidSaveTextDocumentParams>(n.params) else {
                    return;
                };
                let Some(path) = path_of(&p.text_document.uri) else {
                    return;
                };
                self.reread(&path);
            }
            notification::DidCloseTextDocument::METHOD => {
                let Some(p) = params::<DidCloseTextDocumentParams>(n.params) else {
                    return;
                };
                let Some(path) = path_of(&p.text_document.uri) else {
                    return;
                };
                // Closed unsaved: the file on disk counts again.
                if self.world.open.remove(&path).is_some() {
                    self.reread(&path);
                }
            }
            notification::DidChangeWatchedFiles::METHOD => {
                let Some(p) = params::<DidChangeWatchedFilesParams>(n.params) else {
                    return;
                };
                for change in p.changes {
                    if let Some(path) = path_of(&change.uri) {
                        self.reread(&path);
                    }
                }
            }
            _ => {}
        }
    }

    /// Reads a file again from disk into its tree (loaded trees only: a file
    /// changed outside every tree is of no interest until it is opened).
    fn reread(&mut self, path: &std::path::Path) {
        if let Some(i) = self.world.find(path) {
            self.world.trees[i].reread(path, &self.world.open);
            self.stale.push(i);
        }
    }

    pub fn request(&mut self, req: Request) -> Response {
        let id = req.id.clone();
        match req.method.as_str() {
            request::Completion::METHOD => {
                answer(id, req.params, |p: lsp_types::CompletionParams| {
                    let at = p.text_document_position;
                    self.at(&at, |tree, file, offset| {
                        complete::complete(tree, file, offset)
                    })
                    .unwrap_or_default()
                })
            }
            request::HoverRequest::METHOD => answer(id, req.params, |p: HoverParams| {
                self.at(&p.text_document_position_params, |tree, file, offset| {
                    hover::hover(tree, file, offset).map(|text| Hover {
                        contents: HoverContents::Markup(MarkupContent {
                            kind: MarkupKind::Markdown,
                            value: text,
                        }),
                        range: None,
                    })
                })
                .flatten()
            }),
            request::GotoDefinition::METHOD => answer(id, req.params, |p: GotoDefinitionParams| {
                self.at(&p.text_document_position_params, |tree, file, offset| {
                    let found = symbol::at(tree, file, offset)?;
                    let def = symbol::definition(&tree.project.plans, &found.symbol)?;
                    // On the definition itself: its Markdown heading (and back).
                    let target = if def.file == file
                        && (def.start as usize..=def.end as usize).contains(&offset)
                    {
                        symbol::heading(tree, &found.symbol).unwrap_or(def)
                    } else {
                        def
                    };
                    location(tree, target).map(GotoDefinitionResponse::Scalar)
                })
                .flatten()
            }),
            request::References::METHOD => {
                answer(id, req.params, |p: lsp_types::ReferenceParams| {
                    self.at(&p.text_document_position, |tree, file, offset| {
                        let found = symbol::at(tree, file, offset)?;
                        let def = symbol::definition(&tree.project.plans, &found.symbol);
                        Some(
                            symbol::references(tree, &found.symbol)
                                .into_iter()
                                .filter(|s| p.context.include_declaration || Some(*s) != def)
                                .filter_map(|s| location(tree, s))
                                .collect::<Vec<Location>>(),
                        )
                    })
                    .flatten()
                    .unwrap_or_default()
                })
            }
            request::DocumentSymbolRequest::METHOD => {
                answer(id, req.params, |p: lsp_types::DocumentSymbolParams| {
                    self.in_file(&p.text_document.uri, outline::outline)
                })
            }
            request::PrepareRenameRequest::METHOD => {
                answer(id, req.params, |p: TextDocumentPositionParams| {
                    self.at(&p, rename::prepare).flatten()
                })
            }
            request::Rename::METHOD => {
                let parsed = serde_json::from_value::<lsp_types::RenameParams>(req.params);
                let Ok(p) = parsed else {
                    return invalid_params(id);
                };
                let result = self
                    .at(&p.text_document_position, |tree, file, offset| {
                        rename::rename(tree, file, offset, &p.new_name)
                    })
                    .unwrap_or(Ok(None));
                match result {
                    Ok(edit) => Response::new_ok(id, edit),
                    // Refused: the client shows the reason.
                    Err(reason) => Response::new_err(id, ErrorCode::RequestFailed as i32, reason),
                }
            }
            request::CodeActionRequest::METHOD => {
                answer(id, req.params, |p: lsp_types::CodeActionParams| {
                    self.in_file(&p.text_document.uri, |tree, f| {
                        actions::actions(tree, f, &p)
                    })
                })
            }
            _ => Response::new_err(
                id,
                ErrorCode::MethodNotFound as i32,
                format!("vp lsp svarar inte på `{}`", req.method),
            ),
        }
    }

    /// Runs `f` on the tree, file and byte offset a position names; `None` when
    /// the file is outside every tree or the position past the file's end.
    /// What `f` makes of a document's file in its tree; the default (nothing)
    /// for a document outside every plan tree.
    fn in_file<T: Default>(
        &mut self,
        uri: &Url,
        f: impl FnOnce(&super::world::Tree, FileId) -> T,
    ) -> T {
        let Some(path) = path_of(uri) else {
            return T::default();
        };
        let Some(i) = self.world.tree_for(&path) else {
            return T::default();
        };
        let tree = &self.world.trees[i];
        tree.file(&path)
            .map(|file| f(tree, file))
            .unwrap_or_default()
    }

    fn at<T>(
        &mut self,
        pos: &TextDocumentPositionParams,
        f: impl FnOnce(&super::world::Tree, FileId, usize) -> T,
    ) -> Option<T> {
        self.in_file(&pos.text_document.uri, |tree, file| {
            let offset = offset_of(tree, file, pos.position)?;
            Some(f(tree, file, offset))
        })
    }
}

fn offset_of(tree: &super::world::Tree, file: FileId, pos: Position) -> Option<usize> {
    LineIndex::new(&tree.project.sources.get(file).text).offset(pos)
}

pub fn location(tree: &super::world::Tree, span: Span) -> Option<Location> {
    let source = tree.project.sources.get(span.file);
    let uri = Url::from_file_path(&source.path).ok()?;
    Some(Location::new(uri, LineIndex::new(&source.text).range(span)))
}

fn path_of(uri: &Url) -> Option<PathBuf> {
    if uri.scheme() != "file" {
        return None;
    }
    uri.to_file_path().ok()
}

fn params<P: DeserializeOwned>(value: serde_json::Value) -> Option<P> {
    serde_json::from_value(value).ok()
}

fn invalid_params(id: RequestId) -> Response {
    Response::new_err(
        id,
        ErrorCode::InvalidParams as i32,
        "vp lsp: frågans parametrar kan inte läsas".into(),
    )
}

/// Answers a request whose parameters parse; otherwise an error for this request alone.
fn answer<P: DeserializeOwned, R: Serialize>(
    id: RequestId,
    value: serde_json::Value,
    f: impl FnOnce(P) -> R,
) -> Response {
    match serde_json::from_value::<P>(value) {
        Ok(p) => Response::new_ok(id, f(p)),
        Err(_) => invalid_params(id),
    }
}
