//! Prose: the Markdown's chapters and goal sections attached to the model, and
//! the rules that every goal heading belongs to a goal in the YAML, once, that
//! the sections a goal needs are there and not empty, and that every table of
//! the plan's `ekonomi` is placed in the text once.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::convert::Ctx;
use crate::diag::{Code, Diagnostic, did_you_mean};
use crate::load::ProseDoc;
use crate::load::markdown::{Block, GoalProse};
use crate::model::prose::{
    Chapter, GoalKind, GoalText, KfText, Markdown, Placement, PlanProse, Section, TablePlacement,
};
use crate::model::{CommitteePlan, KfYear, Table, UnitPlan};
use crate::source::Span;

/// The text the Markdown file gives a goal; empty when it has none.
pub fn goal_text(doc: Option<&ProseDoc>, kind: GoalKind, id: &str) -> GoalText {
    let Some(doc) = doc else {
        return GoalText::default();
    };
    doc.goal(kind, id)
        .map(|g| text_of(doc, g))
        .unwrap_or_default()
}

fn text_of(doc: &ProseDoc, g: &GoalProse) -> GoalText {
    let md = |span, tables: &[TablePlacement]| {
        Markdown::new(doc.source.clone(), span).with_tables(tables.to_vec())
    };
    GoalText {
        intro: Some(md(g.intro, &g.intro_tables)),
        // The loader keeps only the kind's known sections, so every name is found.
        sections: g
            .sections
            .iter()
            .filter_map(|s| {
                let name = g.kind.sections().iter().find(|n| **n == s.name)?;
                Some(Section {
                    name,
                    text: md(s.body, &s.tables),
                })
            })
            .collect(),
        heading: Some(g.heading_span),
    }
}

/// Chapters, and the plan's text under KF's goals, in file order.
pub fn plan_prose(doc: Option<&ProseDoc>) -> PlanProse {
    let mut prose = PlanProse::default();
    let Some(doc) = doc else { return prose };
    let mut placement = Placement::BeforeGoals;
    for block in &doc.blocks {
        match block {
            Block::Chapter(c) => prose.chapters.push(Chapter {
                title: c.title.clone(),
                text: Markdown::new(doc.source.clone(), c.body).with_tables(c.tables.clone()),
                placement,
            }),
            Block::Goal(g) => {
                placement = Placement::AfterGoals;
                if matches!(g.kind, GoalKind::Direction | GoalKind::KfGoal)
                    && !prose
                        .kf_texts
                        .iter()
                        .any(|t| t.kind == g.kind && t.number == g.id)
                {
                    prose.kf_texts.push(KfText {
                        kind: g.kind,
                        number: g.id.clone(),
                        text: text_of(doc, g),
                    });
                }
            }
        }
    }
    prose
}

/// A goal of the YAML that may have prose: its kind, id, title and where it stands.
struct Target<'a> {
    kind: GoalKind,
    id: String,
    title: Option<&'a str>,
    span: Span,
    /// The plan's own goal, or a KF goal its YAML refers to: what a mistyped
    /// heading most likely meant.
    used: bool,
    /// The id of the goal this one continues (`fortsätter`): a heading still
    /// written with last year's id.
    continues: Option<&'a str>,
}

pub fn committee_plan(
    cx: &mut Ctx,
    plan: &CommitteePlan,
    prose: Option<&ProseDoc>,
    kf: Option<&KfYear>,
) {
    let mut targets: Vec<Target> = plan
        .goals
        .iter()
        .map(|g| Target {
            kind: GoalKind::CommitteeGoal,
            id: g.id.clone(),
            title: Some(&g.title),
            span: g.span,
            used: true,
            continues: g.continues.as_ref().map(|c| c.text.as_str()),
        })
        .collect();
    let used: Vec<&str> = plan
        .kf_goals
        .iter()
        .map(|k| k.kf_goal.as_str())
        .chain(plan.goals.iter().map(|g| g.kf_goal.as_str()))
        .collect();
    targets.extend(kf_targets(kf, plan.file, &used));
    check(cx, prose, &targets, "nämndplanen");
    check_tables(cx, prose, &targets, &plan.economy, "nämndplanen");
}

pub fn unit_plan(cx: &mut Ctx, plan: &UnitPlan, prose: Option<&ProseDoc>, kf: Option<&KfYear>) {
    let mut targets: Vec<Target> = plan
        .goals
        .iter()
        .flat_map(|g| g.unit_goals.iter())
        .map(|g| Target {
            kind: GoalKind::UnitGoal,
            id: g.id.clone(),
            title: Some(&g.title),
            span: g.span,
            used: true,
            continues: g.continues.as_ref().map(|c| c.text.as_str()),
        })
        .collect();
    let used: Vec<&str> = plan.kf_goals.iter().map(|k| k.kf_goal.as_str()).collect();
    targets.extend(kf_targets(kf, plan.file, &used));
    check(cx, prose, &targets, "enhetsplanen");
    check_tables(cx, prose, &targets, &plan.economy, "enhetsplanen");
}

/// KF:s inriktningsmål and mål för verksamhetsområdet of the year: a plan may
/// write its own text, or a Kommentar, under any of them.
fn kf_targets<'a>(
    kf: Option<&'a KfYear>,
    file: crate::source::FileId,
    used: &[&str],
) -> Vec<Target<'a>> {
    let mut targets = Vec::new();
    let Some(kf) = kf else { return targets };
    for d in &kf.directions {
        targets.push(Target {
            kind: GoalKind::Direction,
            id: d.number.to_string(),
            title: Some(&d.title),
            span: Span::file_start(file),
            used: used
                .iter()
                .any(|u| u.split('.').next() == Some(&d.number.to_string())),
            continues: None,
        });
        for g in &d.goals {
            targets.push(Target {
                kind: GoalKind::KfGoal,
                id: g.number.clone(),
                title: Some(&g.title),
                span: Span::file_start(file),
                used: used.contains(&g.number.as_str()),
                continues: g.continues.as_ref().map(|c| c.text.as_str()),
            });
        }
    }
    targets
}

fn check(cx: &mut Ctx, prose: Option<&ProseDoc>, targets: &[Target], plan_name: &str) {
    let mut first = HashMap::default();
    if let Some(doc) = prose {
        for g in doc.goals() {
            let Some(target) = targets.iter().find(|t| t.kind == g.kind && t.id == g.id) else {
                // Without the year's KF budget its goals are unknown, not wrong:
                // the plan's VP016 says so once.
                if cx.kf_missing && matches!(g.kind, GoalKind::Direction | GoalKind::KfGoal) {
                    continue;
                }
                unknown_goal(cx, g, targets, doc, plan_name);
                continue;
            };
            if let Some(&earlier) = first.get(&(g.kind, g.id.as_str())) {
                cx.push(
                    Diagnostic::new(
                        Code::DuplicateProse,
                        g.id_span,
                        format!(
                            "texten till {} `{}` finns redan längre upp",
                            g.kind.heading().to_lowercase(),
                            g.id
                        ),
                    )
                    .related(earlier, "första förekomsten")
                    .hint("samla målets text under en rubrik"),
                );
                continue;
            }
            first.insert((g.kind, g.id.as_str()), g.id_span);
            if let (Some(written), Some(title)) = (&g.title, target.title)
                && normalize(written) != normalize(title)
            {
                cx.push(
                    Diagnostic::new(
                        Code::HeadingTitle,
                        g.heading_span,
                        format!("rubriken säger \"{written}\" men målets titel är \"{title}\""),
                    )
                    .hint(format!(
                        "skriv samma titel i rubriken, `# {kind}: {title} {{#{id}}}`, eller rubriken utan titel, `# {kind} {{#{id}}}`",
                        kind = g.kind.heading(),
                        id = g.id
                    )),
                );
            }
        }
    }
    for t in targets {
        let required = t.kind.required_sections();
        if required.is_empty() {
            continue;
        }
        let goal = prose.and_then(|d| d.goal(t.kind, &t.id));
        let mut missing = Vec::new();
        for name in required {
            match goal.and_then(|g| g.section(name)) {
                Some(s) if !s.is_empty => {}
                Some(s) => cx.push(
                    Diagnostic::new(
                        Code::EmptyProse,
                        s.name_span,
                        format!("avsnittet `{name}` för `{}` är tomt", t.id),
                    )
                    .hint("skriv avsnittets text under rubriken"),
                ),
                None => missing.push(*name),
            }
        }
        if !missing.is_empty() {
            let (span, hint) = match goal {
                Some(g) => (
                    g.heading_span,
                    format!(
                        "lägg till `## {}` under rubriken",
                        missing.join("` och `## ")
                    ),
                ),
                None => (
                    t.span,
                    format!(
                        "lägg till `# {} {{#{}}}` med `## {}` i .md-filen bredvid",
                        t.kind.heading(),
                        t.id,
                        missing.join("` och `## ")
                    ),
                ),
            };
            cx.push(
                Diagnostic::new(
                    Code::EmptyProse,
                    span,
                    format!(
                        "{} `{}` saknar {}",
                        t.kind.heading().to_lowercase(),
                        t.id,
                        missing.join(" och ")
                    ),
                )
                .hint(hint),
            );
        }
    }
}

/// The `{{tabell: …}}` lines whose text reaches the plan's model, in file order:
/// those in chapters, and in the first text of each goal the YAML has (text
/// under an unknown or repeated heading is reported as such and left out).
fn placements<'d>(doc: &'d ProseDoc, targets: &[Target]) -> Vec<&'d TablePlacement> {
    let mut seen = HashSet::default();
    let mut out = Vec::new();
    for block in &doc.blocks {
        match block {
            Block::Chapter(c) => out.extend(&c.tables),
            Block::Goal(g) => {
                let known = targets.iter().any(|t| t.kind == g.kind && t.id == g.id);
                if known && seen.insert((g.kind, g.id.as_str())) {
                    out.extend(&g.intro_tables);
                    out.extend(g.sections.iter().flat_map(|s| &s.tables));
                }
            }
        }
    }
    out
}

/// Each `{{tabell: id}}` names one of the plan's tables, each table is placed
/// at most once, and, when the plan has Markdown, every table is placed.
fn check_tables(
    cx: &mut Ctx,
    prose: Option<&ProseDoc>,
    targets: &[Target],
    tables: &[Table],
    plan_name: &str,
) {
    // A plan without prose has nowhere to place its tables.
    let Some(doc) = prose else { return };
    let ids = || tables.iter().map(|t| t.id.as_str());
    let mut first: HashMap<&str, Span> = HashMap::default();
    for p in placements(doc, targets) {
        if p.id.is_empty() {
            let line = doc.source.get(p.line.range()).unwrap_or("");
            let visible = line.trim_end_matches(['\n', '\r']).len();
            let start = p.line.start as usize;
            cx.push(
                Diagnostic::new(
                    Code::TablePlacement,
                    Span::new(p.line.file, start, start + visible),
                    "raden placerar en tabell men säger inte vilken",
                )
                .hint(table_list(tables)),
            );
        } else if !ids().any(|id| id == p.id) {
            cx.push(
                Diagnostic::new(
                    Code::TablePlacement,
                    p.id_span,
                    format!("{plan_name} har ingen tabell `{}` under `ekonomi`", p.id),
                )
                .hint_opt(did_you_mean(&p.id, ids()))
                .hint(table_list(tables)),
            );
        } else if let Some(&earlier) = first.get(p.id.as_str()) {
            cx.push(
                Diagnostic::new(
                    Code::TablePlacedTwice,
                    p.id_span,
                    format!("tabellen `{}` är redan placerad längre upp", p.id),
                )
                .related(earlier, "första placeringen")
                .hint("en tabell står på ett ställe i planen; ta bort den ena raden"),
            );
        } else {
            first.insert(&p.id, p.id_span);
        }
    }
    let mut reported = HashSet::default();
    for t in tables {
        // A repeated id is VP010; its tables are placed, or not, once.
        if first.contains_key(t.id.as_str()) || !reported.insert(t.id.as_str()) {
            continue;
        }
        cx.push(
            Diagnostic::new(
                Code::TableNotPlaced,
                t.span,
                format!("tabellen `{}` står inte någonstans i planens text", t.id),
            )
            .hint(format!(
                "lägg till en egen rad `{{{{tabell: {}}}}}` i .md-filen bredvid, efter stycket som inleder tabellen, t.ex. i kapitlet *Uppföljning av ekonomi*",
                t.id
            )),
        );
    }
}

/// The hint listing a plan's tables.
fn table_list(tables: &[Table]) -> String {
    if tables.is_empty() {
        return "planen har inga tabeller under `ekonomi`".to_owned();
    }
    let mut seen = HashSet::default();
    let ids: Vec<&str> = tables
        .iter()
        .map(|t| t.id.as_str())
        .filter(|id| seen.insert(*id))
        .collect();
    format!("tabellerna i planen är: {}", ids.join(", "))
}

fn unknown_goal(cx: &mut Ctx, g: &GoalProse, targets: &[Target], doc: &ProseDoc, plan_name: &str) {
    let same_kind: Vec<&str> = targets
        .iter()
        .filter(|t| t.kind == g.kind)
        .map(|t| t.id.as_str())
        .collect();
    // The goal the heading meant: the one whose title it has; else a near id
    // among the goals the plan itself uses that have no heading yet, then among
    // those it uses, then any (`{#3.3}` is 3.2 in a plan about 3.1 and 3.2, not 1.3).
    let headed: Vec<&str> = doc
        .goals()
        .filter(|h| h.kind == g.kind)
        .map(|h| h.id.as_str())
        .collect();
    let titled = g.title.as_deref().and_then(|title| {
        targets.iter().find(|t| {
            t.kind == g.kind
                && !headed.contains(&t.id.as_str())
                && t.title.is_some_and(|x| normalize(x) == normalize(title))
        })
    });
    let near = |keep: &dyn Fn(&Target) -> bool| {
        did_you_mean(
            &g.id,
            targets
                .iter()
                .filter(|t| t.kind == g.kind && keep(t))
                .map(|t| t.id.as_str()),
        )
    };
    let successor = targets
        .iter()
        .find(|t| t.kind == g.kind && t.continues.is_some_and(|c| c.trim_end_matches('.') == g.id));
    let suggestion = match (successor, titled) {
        (Some(t), _) => Some(format!(
            "`{}` är förra årets id; målet fortsätter som `{}`: skriv `{{#{}}}`",
            g.id, t.id, t.id
        )),
        (None, Some(t)) => Some(format!(
            "rubrikens titel är målets `{}`: skriv `{{#{}}}`",
            t.id, t.id
        )),
        (None, None) => near(&|t| t.used && !headed.contains(&t.id.as_str()))
            .or_else(|| near(&|t| t.used))
            .or_else(|| near(&|_| true)),
    };
    let d = if same_kind.is_empty() {
        Diagnostic::new(
            Code::ProseTarget,
            g.heading_span,
            format!("{} hör inte hemma i {plan_name}", g.kind.heading()),
        )
        .hint(
            "enhetsmål skrivs i enhetsplaner; nämndmål och nämndens text om KF:s mål i nämndplaner",
        )
    } else {
        Diagnostic::new(
            Code::ProseTarget,
            g.id_span,
            format!(
                "{} `{}` finns inte i {plan_name}s YAML-fil",
                g.kind.heading().to_lowercase(),
                g.id
            ),
        )
        .hint_opt(suggestion)
        .hint("rubrikens id ska vara målets `id` i YAML-filen")
    };
    cx.push(d);
}

fn normalize(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
