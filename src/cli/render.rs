//! `vp render`: every plan (or those asked for) as HTML and as PDF through typst.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use clap::ValueEnum;
use rayon::prelude::*;

use super::{exit, fail};
use crate::project::Project;
use crate::render::{self, Filter, Job, html, typst};
use crate::typst_cli::{self, FONTS, Typst};
use crate::workspace;

pub const AFTER_HELP: &str = "\
PDF skapas med typst (installera med `cargo install --locked typst-cli`), med
typsnitten som följer med vp och tillgänglighetsstandarden PDF/UA-1. Utan
--format skrivs HTML, och PDF där typst finns; saknas typst säger vp hur det
installeras och avslutar ändå med 0, eftersom HTML-filerna skrevs.

Slutkoder:
  0  alla dokument skrevs (utan --format: HTML skrevs, PDF om typst fanns)
  1  ett eller flera dokument kunde inte skapas (de andra skrevs)
  2  vp kunde inte köras (planerna har fel, som visas; typst saknas med
     --format pdf eller both, eller med --typst; inga planer matchar;
     felaktiga argument)

Exempel:
  vp render                                     alla planer i plans/ till out/
  vp render --committee hagersten-liljeholmen --year 2019 --format pdf
  vp render --unit resursenheten --format html --out public
  vp render --period T1 --uppfoljning examples/uppfoljning --committee hagersten-liljeholmen
                                                tertialrapport 1 för nämnden och enheterna";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Planträdet (förval: plans).
    #[arg(
        value_name = "SÖKVÄG",
        default_value = "plans",
        hide_default_value = true
    )]
    pub path: PathBuf,
    /// Bara nämndens planer (och enheter som tjänar den).
    #[arg(long, value_name = "ID", add = super::complete::committees(), help_heading = "Flaggor")]
    pub committee: Option<String>,
    /// Bara enhetens planer.
    #[arg(long, value_name = "ID", add = super::complete::units(), help_heading = "Flaggor")]
    pub unit: Option<String>,
    /// Bara planer för året.
    #[arg(long, value_name = "ÅR", add = super::complete::years(), help_heading = "Flaggor")]
    pub year: Option<i32>,
    /// pdf, html eller both. Förval: HTML, och PDF där typst finns (saknas typst sägs hur det installeras).
    #[arg(
        long,
        value_enum,
        value_name = "FORMAT",
        hide_possible_values = true,
        help_heading = "Flaggor"
    )]
    pub format: Option<Format>,
    /// Katalogen dokumenten skrivs till; skapas om den saknas (förval: out).
    #[arg(
        long,
        value_name = "KATALOG",
        default_value = "out",
        hide_default_value = true,
        help_heading = "Flaggor"
    )]
    pub out: PathBuf,
    /// Antal typst-processer samtidigt (förval: antal kärnor).
    #[arg(long, value_name = "N", help_heading = "Flaggor")]
    pub jobs: Option<usize>,
    /// Sökväg till typst (annars VP_TYPST, annars typst i PATH).
    #[arg(long, value_name = "FIL", help_heading = "Flaggor")]
    pub typst: Option<PathBuf>,
    /// Rendera uppföljningen för perioden (T1, T2 eller VB) i stället för planerna:
    /// tertialrapporten eller verksamhetsberättelsen för varje plan som har en.
    #[arg(long, value_name = "PERIOD", help_heading = "Flaggor")]
    pub period: Option<String>,
    /// Fler kataloger att läsa uppföljningar från, utöver planträdet (kan upprepas).
    #[arg(long = "uppfoljning", value_name = "SÖKVÄG", help_heading = "Flaggor")]
    pub follow_up: Vec<PathBuf>,
    /// Skriv typst-projektet för varje plan (plan.typ, data.json, fonts/) till KATALOG i stället för att kompilera, t.ex. för `typst watch` när mallen ändras.
    #[arg(long, value_name = "KATALOG", help_heading = "Flaggor")]
    pub typst_source: Option<PathBuf>,
    #[command(flatten)]
    pub common: super::output::Common,
}

/// `--format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Pdf,
    Html,
    Both,
}

pub fn run(args: Args) -> ExitCode {
    return_large_blocks();
    let (project, period) = match super::load_valid_period(
        &args.path,
        &args.follow_up,
        args.period.as_deref(),
        "renderas",
    ) {
        Ok(loaded) => loaded,
        Err(e) => return super::finish("render", Err(e)),
    };
    let filter = Filter {
        committee: args.committee.clone(),
        unit: args.unit.clone(),
        year: args.year,
    };
    let targets = match period {
        Some(p) => render::follow_up_jobs(&project.plans, &filter, p),
        None => render::jobs(&project.plans, &filter),
    };
    if targets.is_empty() {
        return fail(match period {
            Some(_) => {
                "inga uppföljningar för perioden matchar; kontrollera --period, --uppfoljning, --committee, --unit och --year"
            }
            None => "inga planer matchar; kontrollera --committee, --unit och --year",
        });
    }
    if let Err(e) = super::output::out_folder(&args.out) {
        return super::finish("render", Err(e));
    }
    if let Err(e) = std::fs::create_dir_all(&args.out) {
        return fail(&format!(
            "kan inte skapa `{}`: {}",
            args.out.display(),
            workspace::io_error_sv(&e)
        ));
    }
    let progress = args.common.progress();
    // Without `--format` (or a typst named by `--typst` or `VP_TYPST`), PDF is written where typst is found: the
    // quick start's `vp render` does its main job, the HTML, on a fresh machine.
    let pdf_optional = args.format.is_none()
        && args.typst.is_none()
        && std::env::var_os("VP_TYPST").is_none_or(|v| v.is_empty());
    let format = args.format.unwrap_or(Format::Both);
    let mut failed: Vec<String> = Vec::new();
    let (mut html_written, mut pdf_written) = (0, 0);
    if format != Format::Pdf {
        // Pages are independent: composed, rendered and written in parallel.
        let results: Vec<Result<PathBuf, String>> = targets
            .par_iter()
            .map(|t| {
                let doc = render::job_document(&project.plans, &project.sources, t);
                let path = args.out.join(format!("{}.html", t.stem));
                workspace::write_atomic(&path, html::render(&doc).as_bytes())
                    .map(|()| path.clone())
                    .map_err(|e| super::output::cannot_write(&path, &e))
            })
            .collect();
        for r in results {
            match r {
                Ok(path) => {
                    html_written += 1;
                    if progress {
                        eprintln!(
                            "[{html_written}/{}] skrev {}",
                            targets.len(),
                            path.display()
                        );
                    }
                }
                Err(e) => failed.push(e),
            }
        }
    }
    if let Some(dir) = &args.typst_source {
        for t in &targets {
            let doc = render::job_document(&project.plans, &project.sources, t);
            if let Err(e) = write_source(&dir.join(&t.stem), &doc) {
                failed.push(format!("{}: {e}", t.stem));
            }
        }
        let fonts = dir.join("fonts");
        if let Err(e) = write_fonts(&fonts) {
            failed.push(format!("{}: {e}", fonts.display()));
        }
        // The command for each plan, with the plan's creation date, so that
        // the PDF compiled by hand is the one `vp render` writes.
        args.common.note(&format!(
            "vp: typst-projekten står i {}; kompilera varje plan med:",
            dir.display()
        ));
        for t in &targets {
            let root = dir.join(&t.stem);
            let line = typst_cli::shell_line(&typst_cli::compile_args(
                &root,
                typst::MAIN_FILE,
                &fonts,
                &dir.join(format!("{}.pdf", t.stem)),
                creation_time(&project, t.plan),
                &[],
            ));
            args.common.note(&format!("  {line}"));
        }
    } else if format != Format::Html {
        match typst_cli::find(args.typst.as_deref()) {
            Ok(typst) => {
                let jobs = args
                    .jobs
                    .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
                    .max(1);
                let pdf_failed = pdfs(&project, &typst, &targets, &args.out, jobs, progress);
                pdf_written = targets.len() - pdf_failed.len().min(targets.len());
                failed.extend(pdf_failed);
            }
            // The HTML is what was asked for; the PDF only where typst is.
            Err(e) if pdf_optional => args.common.note(&format!(
                "vp: HTML skrevs till {}; PDF skrevs inte: {e}",
                args.out.display()
            )),
            Err(e) => {
                if format == Format::Both {
                    eprintln!("vp: HTML skrevs till {}", args.out.display());
                }
                return fail(&e.to_string());
            }
        }
    }
    // What the run did, also in a pipe or a CI log: the files and the warnings
    // the plans have (rendered all the same; `vp validate` shows them).
    let warnings = project
        .focused_diagnostics()
        .iter()
        .filter(|d| d.severity == crate::diag::Severity::Warning)
        .count();
    if args.typst_source.is_none() {
        let files =
            |n: usize, kind: &str| format!("{n} {kind}-{}", if n == 1 { "fil" } else { "filer" });
        let written = match format {
            Format::Html => files(html_written, "HTML"),
            Format::Pdf => files(pdf_written, "PDF"),
            Format::Both => format!(
                "{} och {}",
                files(html_written, "HTML"),
                files(pdf_written, "PDF")
            ),
        };
        args.common.note(&format!(
            "vp: skrev {written} till {}{}",
            args.out.display(),
            match warnings {
                0 => String::new(),
                1 => "; planerna har 1 varning (`vp validate` visar den)".to_owned(),
                n => format!("; planerna har {n} varningar (`vp validate` visar dem)"),
            }
        ));
    }
    if failed.is_empty() {
        exit(0)
    } else {
        eprintln!("vp: {} dokument kunde inte skapas:", failed.len());
        for f in &failed {
            eprintln!("  {f}");
        }
        exit(1)
    }
}

/// Keeps glibc's allocator from holding on to large freed blocks, so that
/// render's peak memory stays within ten times the plan's text (issue 21).
/// glibc serves a block of 128 kB or more from the system and gives it back
/// when freed, but raises that threshold to the largest block freed, so the
/// multi-megabyte buffers of one long chapter (comrak's text, the page) were
/// later carved out of the heap, and their freed space kept: 11 × an 8 MB
/// text against 8.7 × with the threshold fixed at its default. Large blocks
/// from the system also grow in place (mremap), without a second copy.
///
/// vp's own binary allocates with mimalloc (src/main.rs), which gives freed
/// memory back to the system 10 ms after it is freed: the same text peaked at
/// 11.7 × the file. It gives it back at once here (`purge_delay` 0), as
/// `MIMALLOC_PURGE_DELAY=0` does, and the peak is under ten times again.
fn return_large_blocks() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt sets one of the allocator's parameters and has no other
    // effect; glibc takes its own lock for it.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
    // `mi_option_purge_delay` in mimalloc's `mimalloc.h` (2 and 3 alike); the
    // bindings name no constant for it.
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: mi_option_set stores one option's value, which mimalloc reads
    // when it next decides to purge; it has no other effect.
    unsafe {
        libmimalloc_sys::mi_option_set(PURGE_DELAY, 0);
    }
}

/// Every PDF, `jobs` typst processes at a time; one failure does not stop the others.
fn pdfs(
    project: &Project,
    typst: &Typst,
    targets: &[Job],
    out: &Path,
    jobs: usize,
    progress: bool,
) -> Vec<String> {
    // One work folder for the run, inside the output folder so the finished PDF
    // is moved into place by a rename; removed when the run ends, and if the
    // run is killed, by the next run that writes there.
    let work = match workspace::work_dir(out) {
        Ok(w) => w,
        Err(e) => {
            return vec![format!(
                "kan inte skapa en arbetskatalog i `{}`: {e}",
                out.display()
            )];
        }
    };
    let fonts = work.path().join("fonts");
    if let Err(e) = write_fonts(&fonts) {
        return vec![format!("kan inte skriva typsnitten: {e}")];
    }
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let failed = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..jobs.min(targets.len()) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(t) = targets.get(i) else { break };
                    let result = pdf(project, typst, t, work.path(), &fonts, out);
                    let n = done.fetch_add(1, Ordering::SeqCst) + 1;
                    match result {
                        Ok(path) if progress => {
                            eprintln!("[{n}/{}] skrev {}", targets.len(), path.display());
                        }
                        Ok(_) => {}
                        Err(e) => {
                            if progress {
                                eprintln!("[{n}/{}] {}.pdf misslyckades", targets.len(), t.stem);
                            }
                            if let Ok(mut f) = failed.lock() {
                                f.push(format!("{}.pdf: {e}", t.stem));
                            }
                        }
                    }
                }
            });
        }
    });
    failed.into_inner().unwrap_or_default()
}

fn pdf(
    project: &Project,
    typst: &Typst,
    t: &Job,
    work: &Path,
    fonts: &Path,
    out: &Path,
) -> Result<PathBuf, String> {
    let root = work.join(&t.stem);
    let doc = render::job_document(&project.plans, &project.sources, t);
    write_source(&root, &doc).map_err(|e| format!("kan inte förbereda typst: {e}"))?;
    let tmp = root.join("plan.pdf");
    typst.compile(
        &root,
        typst::MAIN_FILE,
        fonts,
        &tmp,
        creation_time(project, t.plan),
    )?;
    let path = out.join(format!("{}.pdf", t.stem));
    workspace::check_replaceable(&path).map_err(|e| super::output::cannot_write(&path, &e))?;
    std::fs::rename(&tmp, &path).map_err(|e| super::output::cannot_write(&path, &e))?;
    Ok(path)
}

/// The PDF's creation date, so that a PDF is a function of its plan (two
/// renders give the same bytes): the date the plan names (the
/// tjänsteutlåtande's `datum`); else `SOURCE_DATE_EPOCH` when set
/// (reproducible-builds.org); else the last commit that touched the plan's
/// files; else 1 January of the plan's year.
fn creation_time(project: &Project, plan: crate::model::PlanId) -> i64 {
    let dating = render::dating(&project.plans, plan);
    if let Some(date) = dating.date {
        return date.unix_timestamp();
    }
    if let Some(epoch) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.trim().parse::<i64>().ok())
    {
        return epoch;
    }
    let files: Vec<PathBuf> = dating
        .files
        .iter()
        .map(|&f| project.sources.path(f).to_path_buf())
        .collect();
    workspace::git::last_commit_time(&files)
        .unwrap_or_else(|| crate::model::value::Date::first_of_year(dating.year).unix_timestamp())
}

/// A typst project for one plan: the template and the plan's data beside it.
fn write_source(root: &Path, doc: &render::Document) -> std::io::Result<()> {
    std::fs::create_dir_all(root)?;
    write_file(&root.join(typst::MAIN_FILE), typst::TEMPLATE.as_bytes())?;
    // The data is streamed to its file, not held as one more copy of the plan.
    let path = root.join(typst::DATA_FILE);
    workspace::check_replaceable(&path)?;
    let file = std::fs::File::create(&path)?;
    typst::write_data(doc, file).map_err(std::io::Error::other)
}

/// The fonts vp ships, for typst's `--font-path`.
fn write_fonts(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    FONTS
        .iter()
        .try_for_each(|(name, bytes)| write_file(&dir.join(name), bytes))
}

/// A file of a typst project; in `--typst-source`'s folder something may be
/// there already, and only a regular file is replaced (a FIFO would block the write).
fn write_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    workspace::check_replaceable(path)?;
    std::fs::write(path, bytes)
}
