//! `vp diff T1 T2 --ar ÅR`: what moved between two follow-ups of the same plans —
//! outcomes and forecasts, targets changed by decision, activity statuses, goal
//! assessments and budget outcomes. Pure: two periods of one plan graph in, a
//! list of changes per plan out.

use std::fmt::Write;

use serde::Serialize;

use crate::model::followup::{FollowUpPlace, activity_key};
use crate::model::{FollowUp, FollowUpPeriod, PlanId, PlanSet};

/// The version of the JSON format of the period diff.
pub const VERSION: u32 = 1;

/// The changes between two periods, plan by plan.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct PeriodDiff {
    pub version: u32,
    pub year: i32,
    pub from: &'static str,
    pub to: &'static str,
    pub plans: Vec<PlanChanges>,
    /// Plans with a follow-up for only one of the two periods.
    pub unmatched: Vec<String>,
}

/// What moved in one plan's follow-up.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct PlanChanges {
    /// `Hägersten-Liljeholmens stadsdelsnämnd`, `Resursenheten`.
    pub plan: String,
    pub changes: Vec<Change>,
}

/// One thing that moved.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Change {
    /// What the element is: `indikator`, `aktivitet`, `bedömning`, `årsmål`, `budget`.
    pub kind: &'static str,
    /// The element's name, with the goal it stands under.
    pub what: String,
    pub before: String,
    pub after: String,
}

/// Compares every plan's follow-up for `from` with its follow-up for `to` in `year`,
/// keeping the plans `keep` accepts.
pub fn compare(
    set: &PlanSet,
    year: i32,
    from: FollowUpPeriod,
    to: FollowUpPeriod,
    keep: &dyn Fn(PlanId) -> bool,
) -> PeriodDiff {
    let mut plans = Vec::new();
    let mut unmatched = Vec::new();
    let mut ids: Vec<PlanId> = set
        .follow_ups
        .iter()
        .filter(|f| f.year == year && keep(f.plan))
        .map(|f| f.plan)
        .collect();
    ids.sort();
    ids.dedup();
    for plan in ids {
        let name = plan_name(set, plan);
        match (set.follow_up(plan, from), set.follow_up(plan, to)) {
            (Some(a), Some(b)) => {
                let changes = plan_changes(set, a, b);
                if !changes.is_empty() {
                    plans.push(PlanChanges {
                        plan: name,
                        changes,
                    });
                }
            }
            _ => unmatched.push(name),
        }
    }
    PeriodDiff {
        version: VERSION,
        year,
        from: from.name(),
        to: to.name(),
        plans,
        unmatched,
    }
}

fn plan_name(set: &PlanSet, plan: PlanId) -> String {
    match plan {
        PlanId::Committee(c) => set
            .committee(&set[c].committee)
            .map_or_else(|| set[c].committee.clone(), |x| x.name.clone()),
        PlanId::Unit(u) => set[u].unit.name.clone(),
    }
}

fn text_of(m: Option<&crate::model::followup::Measure>) -> String {
    m.map_or_else(|| "–".to_owned(), |m| m.text.clone())
}

fn plan_changes(set: &PlanSet, a: &FollowUp, b: &FollowUp) -> Vec<Change> {
    let mut out = Vec::new();
    let mut push = |kind, what: String, before: String, after: String| {
        if before != after {
            out.push(Change {
                kind,
                what,
                before,
                after,
            });
        }
    };
    for place in set.follow_up_places(a.plan) {
        let under = match &place.place {
            FollowUpPlace::KfGoal(n) => format!("KF:s mål {n}"),
            FollowUpPlace::Goal(_) | FollowUpPlace::CommitteeGoal(_) => place.title.to_owned(),
        };
        if let FollowUpPlace::Goal(id) = &place.place {
            let word = |f: &FollowUp| {
                f.goal(id)
                    .and_then(|g| g.assessment)
                    .map_or_else(|| "–".to_owned(), |x| x.words(f.period).to_owned())
            };
            push("bedömning", under.clone(), word(a), word(b));
        }
        for row in place.indicators {
            let what = format!("{} ({under})", row.name);
            let (x, y) = (
                a.indicator(&place.place, &row.id),
                b.indicator(&place.place, &row.id),
            );
            push(
                "indikator",
                format!("{what}, utfall"),
                text_of(x.and_then(|o| o.outcome.as_ref())),
                text_of(y.and_then(|o| o.outcome.as_ref())),
            );
            push(
                "indikator",
                format!("{what}, prognos"),
                text_of(x.and_then(|o| o.forecast.as_ref())),
                text_of(y.and_then(|o| o.forecast.as_ref())),
            );
            let target = |f: &FollowUp| {
                set.target_in_force(f.plan, &place.place, row, f.period)
                    .map_or_else(|| "–".to_owned(), |t| t.target.text().to_owned())
            };
            push("årsmål", what, target(a), target(b));
        }
        for act in place.activities {
            let status = |f: &FollowUp| {
                f.activity(&place.place, activity_key(act))
                    .map_or_else(|| "–".to_owned(), |o| o.status.name().to_owned())
            };
            push(
                "aktivitet",
                format!("{} ({under})", act.text),
                status(a),
                status(b),
            );
        }
    }
    for row in &b.budget {
        let before = a
            .budget
            .iter()
            .find(|x| x.table == row.table && x.row == row.row);
        let fmt =
            |v: Option<f64>| v.map_or_else(|| "–".to_owned(), crate::model::value::format_number);
        push(
            "budget",
            format!("{}, utfall", row.row),
            fmt(before.and_then(|x| x.outcome)),
            fmt(row.outcome),
        );
        push(
            "budget",
            format!("{}, prognos", row.row),
            fmt(before.and_then(|x| x.forecast)),
            fmt(row.forecast),
        );
    }
    out
}

/// The changes as text (also readable as Markdown).
pub fn text(d: &PeriodDiff) -> String {
    let mut out = format!("Uppföljning {}: {} → {}\n", d.year, d.from, d.to);
    if d.plans.is_empty() {
        out.push_str("\nInget har ändrats.\n");
    }
    for p in &d.plans {
        let _ = writeln!(out, "\n{}", p.plan);
        for c in &p.changes {
            let _ = writeln!(out, "  {} {}: {} → {}", c.kind, c.what, c.before, c.after);
        }
    }
    if !d.unmatched.is_empty() {
        let _ = writeln!(
            out,
            "\nUppföljning för bara en av perioderna: {}",
            d.unmatched.join(", ")
        );
    }
    out
}

/// The changes as Markdown: a heading per plan and a table of what moved, with
/// before and after; plan text escaped.
pub fn markdown(d: &PeriodDiff) -> String {
    use crate::diff::format::md_escape as esc;
    let mut out = format!("# Uppföljning {}: {} → {}\n", d.year, d.from, d.to);
    if d.plans.is_empty() {
        out.push_str("\nInget har ändrats.\n");
    }
    for p in &d.plans {
        let _ = writeln!(
            out,
            "\n## {}\n\n| Slag | Vad | Före ({}) | Efter ({}) |\n|---|---|---|---|",
            esc(&p.plan),
            d.from,
            d.to
        );
        for c in &p.changes {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                c.kind,
                esc(&c.what),
                esc(&c.before),
                esc(&c.after)
            );
        }
    }
    if !d.unmatched.is_empty() {
        out.push_str("\n## Uppföljning för bara en av perioderna\n\n");
        for name in &d.unmatched {
            let _ = writeln!(out, "- {}", esc(name));
        }
    }
    out
}

/// The changes as one self-contained HTML page in the look of the plan diff
/// (the plans' stylesheet and the diff's [`HTML_MARKS`](crate::diff::format::HTML_MARKS)):
/// per plan a table of what moved, the value before struck through and the
/// value after underlined, each also labelled for screen readers; never colour
/// alone. Plan text is escaped.
pub fn html(d: &PeriodDiff) -> String {
    use crate::diff::format::HTML_MARKS as MARKS;
    use crate::render::html::{CSS, escape as esc};
    let title = format!("Uppföljning {}: {} → {}", d.year, d.from, d.to);
    // "–" is no value: shown as it is, never marked as removed or added.
    let value = |s: &str, tag: &str, label: &str| {
        if s == "–" {
            "–".to_owned()
        } else {
            format!(
                "<{tag}><span class=\"vh\">{label}: </span>{}</{tag}>",
                esc(s)
            )
        }
    };
    let mut main = String::new();
    if d.plans.is_empty() {
        main.push_str("<p>Inget har ändrats.</p>\n");
    }
    for (i, p) in d.plans.iter().enumerate() {
        let _ = writeln!(
            main,
            "<section aria-labelledby=\"plan-{i}\">\n<h2 id=\"plan-{i}\">{name}</h2>\n<table><caption>Ändringar i {name}</caption><thead><tr><th scope=\"col\">Slag</th><th scope=\"col\">Vad</th><th scope=\"col\">Före ({from})</th><th scope=\"col\">Efter ({to})</th></tr></thead><tbody>",
            name = esc(&p.plan),
            from = d.from,
            to = d.to
        );
        for c in &p.changes {
            let _ = writeln!(
                main,
                "<tr><td>{}</td><th scope=\"row\">{}</th><td class=\"old\">{}</td><td class=\"new\">{}</td></tr>",
                c.kind,
                esc(&c.what),
                value(&c.before, "del", "före"),
                value(&c.after, "ins", "efter")
            );
        }
        main.push_str("</tbody></table>\n</section>\n");
    }
    if !d.unmatched.is_empty() {
        main.push_str("<section aria-labelledby=\"bara-en\">\n<h2 id=\"bara-en\">Uppföljning för bara en av perioderna</h2>\n<ul>\n");
        for name in &d.unmatched {
            let _ = writeln!(main, "<li>{}</li>", esc(name));
        }
        main.push_str("</ul>\n</section>\n");
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n<style>\n{CSS}{STYLE}{MARKS}</style>\n</head>\n<body>\n<header>\n<h1>{title}</h1>\n<p>Vad som har ändrats mellan två uppföljningar av samma planer, med <code>vp diff</code>: utfall och prognoser, årsmål ändrade genom beslut, aktiviteternas status, målens bedömningar och budgetens utfall. Värdet före är <span class=\"as-del\">genomstruket</span>, värdet efter <span class=\"as-ins\">understruket</span>; båda är också märkta i texten för skärmläsare.</p>\n</header>\n<main>\n{main}</main>\n</body>\n</html>\n",
        title = esc(&title),
    )
}

/// What the page adds to the plans' stylesheet, as the plan diff's page does.
const STYLE: &str = "
body { max-width: 78rem; }
h2 { border-bottom: 2px solid var(--accent); }
table { margin: 0.5rem 0 1rem; }
th, td { text-align: left; }
tbody th { font-weight: normal; }
td.old, td.new { width: 25%; }
";
