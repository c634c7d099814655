//! `vp lsp`: the language server on standard in and out.

use std::process::ExitCode;

use super::exit;

pub const AFTER_HELP: &str = "\
vp lsp talar språkserverprotokollet (LSP) på standard in och ut. Starta det
från redigeraren, inte i en terminal: se docs/lsp.md för VS Code, Neovim och
Helix. Redigeraren får samma fynd som `vp validate` medan du skriver, och kan
fylla i nämndmål, KF-mål, indikatorer och nämnder ur de andra filerna.

Slutkoder:
  0  redigeraren avslutade servern (shutdown och exit)
  2  vp kunde inte köras (förbindelsen med redigeraren bröts; felaktiga argument)";

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub common: super::output::Common,
}

pub fn run(_args: Args) -> ExitCode {
    let (connection, io) = lsp_server::Connection::stdio();
    let result = crate::lsp::run(&connection);
    // The writer must see the channel close to finish.
    drop(connection);
    let joined = io.join();
    match (result, joined) {
        (Ok(()), Ok(())) => exit(0),
        (Err(e), _) => {
            eprintln!("vp lsp: {e}");
            exit(2)
        }
        (_, Err(e)) => {
            eprintln!("vp lsp: förbindelsen med redigeraren bröts: {e}");
            exit(2)
        }
    }
}
