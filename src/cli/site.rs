//! `vp site`: the whole plan tree as one static website, built in a staging
//! folder, indexed for search by Pagefind where it is found, and moved into
//! place as a whole.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use super::{CommandError, exit, finish};
use crate::render::{self, Filter};
use crate::site;
use crate::workspace;

pub const AFTER_HELP: &str = "\
Webbplatsen byggs i en tillfällig katalog bredvid KATALOG och ersätter den
först när allt är skrivet: ett bygge som misslyckas lämnar den gamla
webbplatsen kvar. Filer som inte ändrats skrivs inte om. KATALOG ska vara ny,
tom eller byggd av vp site tidigare.

Sökningen byggs av Pagefind (`npm install pagefind`) när det finns: --pagefind,
annars VP_PAGEFIND, annars node_modules/.bin/pagefind, annars pagefind i PATH.
Utan Pagefind byggs webbplatsen utan sökindex, och vp säger det.

Sökningen fungerar när webbplatsen ligger på en webbserver, inte som filer
(file://); prova med `python3 -m http.server` i KATALOG.

Slutkoder:
  0  webbplatsen byggdes
  2  vp kunde inte köras (planerna har fel, som visas; KATALOG är inte en
     webbplats av vp; Pagefind misslyckades; felaktiga argument)

Exempel:
  vp site --out public
  vp render --format pdf --out out && vp site --pdf out --out public";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Planträdet (förval: plans).
    #[arg(
        value_name = "SÖKVÄG",
        default_value = "plans",
        hide_default_value = true
    )]
    pub path: PathBuf,
    /// Katalogen webbplatsen byggs i; ersätts helt (förval: site).
    #[arg(
        long,
        value_name = "KATALOG",
        default_value = "site",
        hide_default_value = true,
        help_heading = "Flaggor"
    )]
    pub out: PathBuf,
    /// Katalog med planernas PDF:er från `vp render`; de som finns kopieras in och länkas från planerna.
    #[arg(long, value_name = "KATALOG", help_heading = "Flaggor")]
    pub pdf: Option<PathBuf>,
    #[command(flatten)]
    pub common: super::output::Common,
    /// Sökväg till pagefind, som bygger sökindexet.
    #[arg(long, value_name = "FIL", help_heading = "Flaggor")]
    pub pagefind: Option<PathBuf>,
    /// Adressen webbplatsen publiceras på (https://…/): då skrivs också sitemap.xml för sökmotorer.
    #[arg(long, value_name = "URL", help_heading = "Flaggor")]
    pub adress: Option<String>,
    /// Bygg utan sökindex.
    #[arg(long, help_heading = "Flaggor")]
    pub utan_sok: bool,
}

pub fn run(args: Args) -> ExitCode {
    finish("site", build(&args))
}

fn build(args: &Args) -> Result<ExitCode, CommandError> {
    let project = super::load_valid(&args.path, "publiceras")?;
    let root = super::diff::tree_root(&project, &args.path);
    let mut pdfs = Vec::new();
    if let Some(dir) = &args.pdf {
        if !dir.is_dir() {
            return Err(CommandError(format!(
                "`{}` är ingen katalog; --pdf anger katalogen där `vp render` skrev PDF:erna",
                dir.display()
            )));
        }
        for job in render::jobs(&project.plans, &Filter::default()) {
            let path = dir.join(format!("{}.pdf", job.stem));
            if path.is_file() {
                let bytes = std::fs::read(&path).map_err(|e| {
                    CommandError(format!("kan inte läsa `{}`: {e}", path.display()))
                })?;
                pdfs.push((job.stem, bytes));
            }
        }
    }
    let address = match &args.adress {
        None => None,
        Some(a) if a.starts_with("https://") || a.starts_with("http://") => {
            Some(if a.ends_with('/') {
                a.clone()
            } else {
                format!("{a}/")
            })
        }
        Some(a) => {
            return Err(CommandError(format!(
                "--adress `{a}` är ingen webbadress; skriv hela adressen, t.ex. https://example.se/planer/"
            )));
        }
    };
    let stems: BTreeSet<String> = pdfs.iter().map(|(s, _)| s.clone()).collect();
    let files = site::build(site::Input {
        plans: &project.plans,
        sources: &project.sources,
        root: &root,
        pdfs: &stems,
        address: address.as_deref(),
    });
    let staged = workspace::stage(&args.out, site::MARKER)
        .map_err(|e| CommandError(format!("kan inte bygga i `{}`: {e}", args.out.display())))?;
    let write = |rel: &str, bytes: &[u8]| {
        staged
            .write(rel, bytes)
            .map_err(|e| CommandError(format!("kan inte skriva `{rel}`: {e}")))
    };
    for f in &files {
        write(&f.path, &f.bytes)?;
    }
    for (stem, bytes) in &pdfs {
        write(&site::pdf_path(stem), bytes)?;
    }
    let indexed = if args.utan_sok {
        false
    } else {
        match find_pagefind(args.pagefind.as_deref()) {
            Some(pagefind) => {
                index(&pagefind, &staged.path())?;
                true
            }
            None => {
                eprintln!(
                    "vp site: sökindexet byggs inte: pagefind finns inte (installera med `npm install pagefind`, eller ange --pagefind FIL); webbplatsen fungerar utom sökningen"
                );
                false
            }
        }
    };
    let pages = files.iter().filter(|f| f.path.ends_with(".html")).count();
    let done = staged.commit().map_err(|e| {
        CommandError(format!(
            "kan inte flytta webbplatsen till `{}`: {e}",
            args.out.display()
        ))
    })?;
    args.common.note(&format!(
        "vp site: {pages} sidor i {}{}; {} filer nya eller ändrade, {} oförändrade",
        args.out.display(),
        if indexed { " med sökindex" } else { "" },
        done.written,
        done.kept
    ));
    Ok(exit(0))
}

/// Pagefind: given, or from VP_PAGEFIND, or the npm package's in the current
/// folder, or in PATH. `None` when none of those runs; an explicit one that
/// does not run is an error, found when it is run.
fn find_pagefind(explicit: Option<&Path>) -> Option<PathBuf> {
    if let Some(p) = explicit {
        return Some(p.to_path_buf());
    }
    if let Some(v) = std::env::var_os("VP_PAGEFIND").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(v));
    }
    [
        PathBuf::from("node_modules/.bin/pagefind"),
        PathBuf::from("pagefind"),
    ]
    .into_iter()
    .find(|p| {
        Command::new(p)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// Builds the search index into the staged site.
fn index(pagefind: &Path, site: &Path) -> Result<(), CommandError> {
    let out = Command::new(pagefind)
        .arg("--site")
        .arg(site)
        .arg("--quiet")
        .output()
        .map_err(|e| {
            CommandError(format!(
                "kan inte köra pagefind (`{}`): {e}; installera med `npm install pagefind`, eller bygg utan sökning med --utan-sok",
                pagefind.display()
            ))
        })?;
    if !out.status.success() {
        return Err(CommandError(format!(
            "pagefind misslyckades; den gamla webbplatsen är kvar:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )));
    }
    Ok(())
}
