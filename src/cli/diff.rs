//! `vp diff`: what changed between two years, two plan trees or two git revisions.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;

use super::{ColorChoice, CommandError, exit};
use crate::diff::{self, Selection, Tree, format};
use crate::project::Project;
use crate::workspace;

pub const AFTER_HELP: &str = "\
FRÅN och TILL är år i planträdet (2020 2022), två kataloger med planträd, två
uppföljningsperioder samma år (T1 T2, T2 VB; med --ar), eller två git-revisioner
av det här förrådet (HEAD~3 HEAD, main feature). Revisionerna
läses med git archive; arbetskatalogen och indexet rörs inte.

Sammanfattningen (--sammanfattning) är skriven för en politiker som har två
minuter: nämndmål som är nya, borttagna och omformulerade (gammal och ny
titel), årsmål som är mer eller mindre ambitiösa, aktiviteter som börjar och
slutar, nettobudgeten och de största förändringarna per verksamhet. Den ryms
på två utskrivna sidor för en nämnd; finns i text, md och html.

Slutkoder:
  0  jämförelsen gjordes (med --exit-code: inga skillnader)
  1  med --exit-code: det finns skillnader
  2  vp kunde inte köras (okänt år eller revision, fel i planerna, felaktiga argument)

Exempel:
  vp diff 2019 2020 --committee hagersten-liljeholmen --sammanfattning
  vp diff 2019 2020 --committee hagersten-liljeholmen --sammanfattning --format html --out sammanfattning.html
  vp diff 2020 2022 --unit resursenheten
  vp diff 2020 2022 --committee hagersten-alvsjo --format md
  vp diff main HEAD --format html --out diff.html
  vp diff T1 T2 --ar 2020 --uppfoljning examples/uppfoljning
                     vad som har rört sig mellan två uppföljningar samma år";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Den gamla sidan: ett år, en katalog eller en git-revision.
    #[arg(value_name = "FRÅN", add = super::complete::years())]
    pub from: String,
    /// Den nya sidan: ett år, en katalog eller en git-revision.
    #[arg(value_name = "TILL", add = super::complete::years())]
    pub to: String,
    /// Planträdet (förval: plans); för git-revisioner sökvägen i förrådet.
    #[arg(value_name = "SÖKVÄG")]
    pub path: Option<PathBuf>,
    /// Jämför bara nämndens plan (nämndens id, t.ex. hagersten-alvsjo).
    #[arg(long, value_name = "ID", add = super::complete::committees(), help_heading = "Flaggor")]
    pub committee: Option<String>,
    /// Jämför bara enhetens plan (enhetens id, t.ex. resursenheten).
    #[arg(long, value_name = "ID", add = super::complete::units(), help_heading = "Flaggor")]
    pub unit: Option<String>,
    /// Utdataformat: human (förval; för terminalen; `text` går också), md (Markdown för en pull request), html (en fristående sida) eller json.
    #[arg(long, value_enum, default_value_t = Format::Human, value_name = "FORMAT", hide_possible_values = true, hide_default_value = true, help_heading = "Flaggor")]
    pub format: Format,
    /// En kort sammanfattning för politiker i stället för alla skillnader: nämndmål, årsmål, aktiviteter och budget, utan id:n (text, md eller html).
    #[arg(long, help_heading = "Flaggor")]
    pub sammanfattning: bool,
    /// Skriv till en fil i stället för till standard ut (`-`: standard ut).
    #[arg(long, value_name = "FIL", help_heading = "Flaggor")]
    pub out: Option<PathBuf>,
    /// Året, när FRÅN och TILL är uppföljningsperioder (T1, T2, VB).
    #[arg(long = "ar", value_name = "ÅR", help_heading = "Flaggor")]
    pub year: Option<i32>,
    /// Fler kataloger att läsa uppföljningar från, utöver planträdet (kan upprepas).
    #[arg(long = "uppfoljning", value_name = "SÖKVÄG", help_heading = "Flaggor")]
    pub follow_up: Vec<PathBuf>,
    /// Med --format md: högst N byte, avkortad före en rubrik med en rad om vad som utelämnats (en GitHub-kommentar rymmer 65 536 tecken; t.ex. 60000).
    #[arg(long, value_name = "N", help_heading = "Flaggor")]
    pub max_bytes: Option<usize>,
    /// Slutkod 1 när det finns skillnader, som git diff --exit-code.
    #[arg(long, help_heading = "Flaggor")]
    pub exit_code: bool,
    #[command(flatten)]
    pub common: super::output::Common,
}

/// `--format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    #[value(alias = "text")]
    Human,
    Md,
    Html,
    Json,
}

pub fn run(args: Args) -> ExitCode {
    let period = |s: &str| crate::model::FollowUpPeriod::parse(&s.to_uppercase());
    if let (Some(from), Some(to)) = (period(&args.from), period(&args.to)) {
        return super::finish("diff", periods(&args, from, to));
    }
    super::finish("diff", compute(&args).and_then(|d| output(&args, &d)))
}

/// `vp diff T1 T2 --ar ÅR`: what moved between two follow-ups.
fn periods(
    args: &Args,
    from: crate::model::FollowUpPeriod,
    to: crate::model::FollowUpPeriod,
) -> Result<ExitCode, CommandError> {
    let Some(year) = args.year else {
        return Err(CommandError(
            "ange året med --ar när FRÅN och TILL är uppföljningsperioder, t.ex. `vp diff T1 T2 --ar 2020`".to_owned(),
        ));
    };
    if args.sammanfattning {
        return Err(CommandError(
            "--sammanfattning gäller planer; uppföljningsperioder jämförs i text, md, html eller json".to_owned(),
        ));
    }
    let mut paths = vec![args.path.clone().unwrap_or_else(|| PathBuf::from("plans"))];
    paths.extend(args.follow_up.iter().cloned());
    let project = super::load_valid_paths(&paths, "jämförs")?;
    let set = &project.plans;
    let keep = |plan: crate::model::PlanId| match plan {
        crate::model::PlanId::Committee(c) => {
            args.unit.is_none()
                && args
                    .committee
                    .as_ref()
                    .is_none_or(|x| x == &set[c].committee)
        }
        crate::model::PlanId::Unit(u) => {
            args.committee
                .as_ref()
                .is_none_or(|x| x == &set[u].committee)
                && args.unit.as_ref().is_none_or(|x| x == &set[u].unit.id)
        }
    };
    let d = diff::followup::compare(set, year, from, to, &keep);
    let text = match args.format {
        Format::Json => serde_json::to_string_pretty(&d)
            .map(|mut j| {
                j.push('\n');
                j
            })
            .map_err(|e| CommandError(format!("kunde inte skriva json: {e}")))?,
        Format::Md => diff::followup::markdown(&d),
        Format::Html => diff::followup::html(&d),
        Format::Human => diff::followup::text(&d),
    };
    if let Err(code) = super::output::write_out(args.out.as_deref(), text.as_bytes()) {
        return Ok(code);
    }
    Ok(if args.exit_code && !d.plans.is_empty() {
        ExitCode::from(1)
    } else {
        exit(0)
    })
}

fn year(s: &str) -> Option<i32> {
    (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

fn compute(args: &Args) -> Result<diff::Diff, CommandError> {
    let selection = Selection {
        committee: args.committee.clone(),
        unit: args.unit.clone(),
    };
    let path = args.path.clone().unwrap_or_else(|| PathBuf::from("plans"));
    if let (Some(from), Some(to)) = (year(&args.from), year(&args.to)) {
        let project = load(&path)?;
        for y in [from, to] {
            let has = project.plans.kf_years.contains_key(&y)
                || project.plans.committee_plans.iter().any(|p| p.year == y)
                || project.plans.unit_plans.iter().any(|p| p.year == y);
            if !has {
                return Err(CommandError(format!(
                    "det finns inga planer för {y} i `{}`",
                    path.display()
                )));
            }
        }
        let root = tree_root(&project, &path);
        let tree = Tree {
            plans: &project.plans,
            sources: &project.sources,
            root: &root,
        };
        let d = diff::years(tree, from, to, &selection);
        check_selection(&d, &selection)?;
        return Ok(d);
    }
    let (a_dir, b_dir) = (Path::new(&args.from), Path::new(&args.to));
    if a_dir.is_dir() && b_dir.is_dir() {
        if args.path.is_some() {
            return Err(CommandError(
                "ange ingen SÖKVÄG när FRÅN och TILL är kataloger".to_owned(),
            ));
        }
        return two_trees(a_dir, b_dir, &args.from, &args.to, &selection);
    }
    if a_dir.is_dir() || b_dir.is_dir() {
        let missing = if a_dir.is_dir() { &args.to } else { &args.from };
        return Err(CommandError(format!(
            "`{missing}` är ingen katalog; FRÅN och TILL är två år, två kataloger eller två git-revisioner"
        )));
    }
    // Git revisions: each side's tree read into a temporary directory.
    // A revision's tree is data: its links are followed only inside its own checkout.
    let a = workspace::git::checkout(&args.from, &path).map_err(|e| CommandError(e.0))?;
    let b = workspace::git::checkout(&args.to, &path).map_err(|e| CommandError(e.0))?;
    let (a_links, b_links) = (
        crate::workspace::Links::Within(a.0.path().to_path_buf()),
        crate::workspace::Links::Within(b.0.path().to_path_buf()),
    );
    let (a_tree, b_tree) = rayon::join(|| load_with(&a.1, &a_links), || load_with(&b.1, &b_links));
    compare(
        a_tree?,
        b_tree?,
        (&a.1, &b.1),
        &args.from,
        &args.to,
        &selection,
    )
}

fn two_trees(
    a_dir: &Path,
    b_dir: &Path,
    from: &str,
    to: &str,
    selection: &Selection,
) -> Result<diff::Diff, CommandError> {
    let (a, b) = rayon::join(|| load(a_dir), || load(b_dir));
    compare(a?, b?, (a_dir, b_dir), from, to, selection)
}

/// Two loaded trees compared.
fn compare(
    a: Project,
    b: Project,
    (a_dir, b_dir): (&Path, &Path),
    from: &str,
    to: &str,
    selection: &Selection,
) -> Result<diff::Diff, CommandError> {
    let (a_root, b_root) = (tree_root(&a, a_dir), tree_root(&b, b_dir));
    let d = diff::trees(
        Tree {
            plans: &a.plans,
            sources: &a.sources,
            root: &a_root,
        },
        Tree {
            plans: &b.plans,
            sources: &b.sources,
            root: &b_root,
        },
        from,
        to,
        selection,
    );
    // The process ends after printing: freeing two whole trees, hundreds of
    // thousands of small allocations, would cost a twentieth of the run.
    std::mem::forget((a, b));
    check_selection(&d, selection)?;
    Ok(d)
}

/// The directory of the tree's `organisation.yaml`, which paths in the diff are
/// relative to; the path given when the tree has none.
pub(super) fn tree_root(project: &Project, given: &Path) -> PathBuf {
    project
        .sources
        .iter()
        .map(|(_, f)| f.path.as_path())
        .find(|p| p.file_name().is_some_and(|n| n == "organisation.yaml"))
        .and_then(Path::parent)
        .map_or_else(|| given.to_path_buf(), Path::to_path_buf)
}

/// A `--committee` or `--unit` that names no plan on either side is a mistake, not "no differences".
fn check_selection(d: &diff::Diff, s: &Selection) -> Result<(), CommandError> {
    if (s.committee.is_some() || s.unit.is_some())
        && d.summary.plans_compared + d.summary.plans_added + d.summary.plans_removed == 0
    {
        let what = match (&s.committee, &s.unit) {
            (Some(c), Some(u)) => format!("enheten `{u}` under nämnden `{c}`"),
            (None, Some(u)) => format!("enheten `{u}`"),
            (Some(c), None) => format!("nämnden `{c}`"),
            (None, None) => String::new(),
        };
        return Err(CommandError(format!(
            "ingen plan för {what} på någon av sidorna"
        )));
    }
    Ok(())
}

fn load(path: &Path) -> Result<Project, CommandError> {
    super::load_valid(path, "jämförs")
}

fn load_with(path: &Path, links: &crate::workspace::Links) -> Result<Project, CommandError> {
    super::load_valid_with(path, "jämförs", links)
}

fn output(args: &Args, d: &diff::Diff) -> Result<ExitCode, CommandError> {
    if let Some(max) = args.max_bytes {
        if args.format != Format::Md {
            return Err(CommandError(
                "--max-bytes gäller --format md (en kommentar i en pull request); ange --format md"
                    .to_owned(),
            ));
        }
        if max < format::MIN_BOUND {
            return Err(CommandError(format!(
                "--max-bytes {max} är för litet: minst {} byte",
                format::MIN_BOUND
            )));
        }
    }
    let text = if args.sammanfattning {
        let b = diff::brief::brief(d);
        match args.format {
            Format::Human => diff::brief::text(&b),
            Format::Md => diff::brief::markdown(&b),
            Format::Html => diff::brief::html(&b),
            Format::Json => {
                return Err(CommandError(
                    "--sammanfattning finns för --format text, md och html; för json, utelämna --sammanfattning".to_owned(),
                ));
            }
        }
    } else {
        full(args, d)?
    };
    let text = match args.max_bytes {
        Some(max) => {
            let whole = format!("`vp diff {} {} --format html`", args.from, args.to);
            format::bounded(&text, max, &whole)
        }
        None => text,
    };
    write_out(args, d, &text)
}

fn full(args: &Args, d: &diff::Diff) -> Result<String, CommandError> {
    Ok(match args.format {
        Format::Human => format::text(
            d,
            style(
                args.common.color,
                args.out.as_deref().is_none_or(super::output::is_stdout),
            ),
        ),
        Format::Md => format::markdown(d),
        Format::Html => format::html(d),
        Format::Json => {
            format::json(d).map_err(|e| CommandError(format!("kunde inte skriva json: {e}")))?
        }
    })
}

fn write_out(args: &Args, d: &diff::Diff, text: &str) -> Result<ExitCode, CommandError> {
    if let Err(code) = super::output::write_out(args.out.as_deref(), text.as_bytes()) {
        return Ok(code);
    }
    Ok(exit(u8::from(args.exit_code && !d.is_empty())))
}

/// Colour for the terminal by the policy every command follows; never in a file.
fn style(choice: ColorChoice, to_stdout: bool) -> format::Style {
    let terminal = to_stdout && std::io::stdout().is_terminal();
    if to_stdout && super::color_enabled(choice, |k| std::env::var_os(k), terminal) {
        format::Style::Color
    } else {
        format::Style::Plain
    }
}
