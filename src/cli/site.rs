//! `vp site`: the whole plan tree as one static website with its search
//! index, built in a staging folder and moved into place as a whole.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::ExitCode;

use super::{CommandError, exit, finish};
use crate::render::{self, Filter};
use crate::site;
use crate::workspace;

pub const AFTER_HELP: &str = "\
Webbplatsen byggs i en tillfällig katalog bredvid KATALOG och ersätter den
först när allt är skrivet: ett bygge som misslyckas lämnar den gamla
webbplatsen kvar. Filer som inte ändrats skrivs inte om. KATALOG ska vara ny,
tom eller byggd av vp site tidigare.

vp bygger sökindexet (sok/) med sidorna; sökningen fungerar både på en
webbserver och när webbplatsen öppnas som filer (file://).

Slutkoder:
  0  webbplatsen byggdes
  2  vp kunde inte köras (planerna har fel, som visas; KATALOG är inte en
     webbplats av vp; en fil kunde inte läsas eller skrivas; felaktiga
     argument)

Exempel:
  vp site --out public
  vp site --uppfoljning examples/uppfoljning --out public
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
    /// Adressen webbplatsen publiceras på (https://…/): då skrivs också sitemap.xml för sökmotorer.
    #[arg(long, value_name = "URL", help_heading = "Flaggor")]
    pub adress: Option<String>,
    /// Bygg utan sökindex.
    #[arg(long, help_heading = "Flaggor")]
    pub utan_sok: bool,
    /// Fler kataloger att läsa uppföljningar från, utöver planträdet (kan upprepas).
    #[arg(long = "uppfoljning", value_name = "SÖKVÄG", help_heading = "Flaggor")]
    pub follow_up: Vec<PathBuf>,
}

pub fn run(args: Args) -> ExitCode {
    finish("site", build(&args))
}

fn build(args: &Args) -> Result<ExitCode, CommandError> {
    let mut paths = vec![args.path.clone()];
    paths.extend(args.follow_up.iter().cloned());
    let project = super::load_valid_paths(&paths, "publiceras")?;
    let root = super::diff::tree_root(&project, &args.path);
    // The PDFs there are; read one at a time when the site is written.
    let mut pdfs: Vec<(String, PathBuf)> = Vec::new();
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
                pdfs.push((job.stem, path));
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
        search: !args.utan_sok,
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
    for (stem, path) in &pdfs {
        let bytes = std::fs::read(path).map_err(|e| {
            CommandError(format!(
                "kan inte läsa `{}`: {e}; den gamla webbplatsen är kvar",
                path.display()
            ))
        })?;
        write(&site::pdf_path(stem), &bytes)?;
    }
    let indexed = !args.utan_sok;
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
