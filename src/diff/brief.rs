//! `vp diff --sammanfattning`: what changed, for a politician who has two
//! minutes: nämndmål new, removed and reworded; årsmål that ask for more or
//! less; activities begun and ended; the net budget and the largest changes by
//! verksamhet. Built from a [`Diff`] alone, in Swedish, with no ids, slugs or
//! match scores; three renderers (text, Markdown, HTML) return strings.

use std::fmt::Write;

use super::format::{format_amount, signed_amount};
use super::{
    Ambition, Change, Diff, GoalLevel, Incomparable, IndicatorDiff, PlanDiff, PlanKind,
    TargetChange,
};

/// The summary: a heading, a line saying what is compared, and its sections.
#[derive(Clone, Debug, PartialEq)]
pub struct Brief {
    pub heading: String,
    pub intro: String,
    pub sections: Vec<BriefSection>,
}

/// One part of the summary: a heading, a line of counts, and its items.
#[derive(Clone, Debug, PartialEq)]
pub struct BriefSection {
    pub heading: String,
    pub counts: Option<String>,
    pub items: Vec<BriefItem>,
}

/// One line of the summary, with what it is (`Nytt`, `Mer ambitiöst`), and an
/// optional second line (the new title of a reworded goal).
#[derive(Clone, Debug, PartialEq)]
pub struct BriefItem {
    pub label: String,
    pub text: String,
    pub detail: Option<String>,
}

/// Titles listed of activities begun or ended; the rest are counted.
const ACTIVITIES_LISTED: usize = 5;
/// Characters kept of an activity's text: two lines of the text summary.
const ACTIVITY_CHARS: usize = 130;
/// Verksamheter listed with the largest budget changes.
const BUDGET_ROWS: usize = 5;

fn item(label: &str, text: impl Into<String>, detail: Option<String>) -> BriefItem {
    BriefItem {
        label: label.to_owned(),
        text: text.into(),
        detail,
    }
}

/// `s` cut after a word to at most `max` characters, with `…` when cut.
fn short(s: &str, max: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let mut out = String::new();
    for w in s.split_whitespace() {
        if out.chars().count() + w.chars().count() + 2 > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    let out = out.trim_end_matches([',', '.', ';', ':']);
    format!("{out} …")
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The summary of a diff.
pub fn brief(d: &Diff) -> Brief {
    let committee_plans: Vec<&PlanDiff> = d
        .plans
        .iter()
        .filter(|p| p.new.as_ref().or(p.old.as_ref()).map(|r| r.kind) == Some(PlanKind::Committee))
        .collect();
    let names: Vec<String> = committee_plans
        .iter()
        .filter_map(|p| p.new.as_ref().or(p.old.as_ref()))
        .map(|r| r.committee_name.clone())
        .collect();
    let intro = if names.is_empty() {
        format!("Verksamhetsplanerna {} jämförda med {}.", d.to, d.from)
    } else {
        format!(
            "{}: verksamhetsplanen {} jämförd med {}.",
            names.join(", "),
            d.to,
            d.from
        )
    };
    let mut sections = Vec::new();
    let many = committee_plans.len() > 1;
    for p in &committee_plans {
        let prefix = if many {
            p.new
                .as_ref()
                .or(p.old.as_ref())
                .map(|r| format!("{}: ", r.committee_name))
                .unwrap_or_default()
        } else {
            String::new()
        };
        sections.extend(plan_sections(p, &prefix, d));
    }
    if let Some(s) = unit_plans(d) {
        sections.push(s);
    }
    if sections.is_empty() {
        sections.push(BriefSection {
            heading: "Inga skillnader".into(),
            counts: None,
            items: Vec::new(),
        });
    }
    Brief {
        heading: format!("Vad som ändrats från {} till {}", d.from, d.to),
        intro,
        sections,
    }
}

fn plan_sections(p: &PlanDiff, prefix: &str, d: &Diff) -> Vec<BriefSection> {
    let mut out = Vec::new();
    // Nämndmål.
    let goals: Vec<_> = p
        .goals
        .iter()
        .filter(|g| g.level == GoalLevel::CommitteeGoal)
        .collect();
    let mut items = Vec::new();
    let (mut new, mut gone, mut reworded) = (0, 0, 0);
    for g in goals.iter().filter(|g| g.change == Change::Added) {
        new += 1;
        if let Some(n) = &g.new {
            items.push(item("Nytt", n.title.clone(), None));
        }
    }
    for g in goals.iter().filter(|g| g.change == Change::Removed) {
        gone += 1;
        if let Some(o) = &g.old {
            items.push(item("Borttaget", o.title.clone(), None));
        }
    }
    for g in goals
        .iter()
        .filter(|g| g.change == Change::Changed && g.title.is_some())
    {
        reworded += 1;
        if let (Some(o), Some(n)) = (&g.old, &g.new) {
            items.push(item(
                "Omformulerat",
                o.title.clone(),
                Some(format!("nu: {}", n.title)),
            ));
        }
    }
    if !items.is_empty() {
        out.push(BriefSection {
            heading: format!("{prefix}Nämndmål"),
            counts: Some(format!(
                "{}, {}, {}.",
                count(new, "nytt", "nya"),
                count(gone, "borttaget", "borttagna"),
                count(reworded, "omformulerat", "omformulerade")
            )),
            items,
        });
    }

    // Årsmål: the plan's targets for KF's indicators and its own.
    let indicators: Vec<&IndicatorDiff> = p
        .kf_parts
        .iter()
        .flat_map(|k| &k.indicators)
        .chain(p.goals.iter().flat_map(|g| &g.indicators))
        .collect();
    let mut targets: Vec<(String, &TargetChange)> = indicators
        .iter()
        .filter_map(|i| Some((i.new.as_ref()?.name.clone(), i.target.as_ref()?)))
        .collect();
    let order = |a: Ambition| match a {
        Ambition::More => 0,
        Ambition::Less => 1,
        Ambition::Same => 2,
        Ambition::Unknown => 3,
    };
    targets.sort_by_key(|(_, t)| order(t.ambition));
    let added = indicators
        .iter()
        .filter(|i| i.change == Change::Added)
        .count();
    let removed = indicators
        .iter()
        .filter(|i| i.change == Change::Removed)
        .count();
    if !targets.is_empty() || added + removed > 0 {
        let items = targets
            .iter()
            .map(|(name, t)| {
                let label = match t.ambition {
                    Ambition::More => "Mer ambitiöst",
                    Ambition::Less => "Mindre ambitiöst",
                    Ambition::Same => "Lika ambitiöst",
                    Ambition::Unknown => "Kan inte jämföras",
                };
                let shown = |s: &str| {
                    if s.is_empty() {
                        "inget".to_owned()
                    } else {
                        s.to_owned()
                    }
                };
                let mut text = format!("{name}: {} → {}", shown(&t.old), shown(&t.new));
                if let Some(why) = &t.incomparable {
                    text.push_str(&format!(" ({})", why_short(why)));
                }
                item(label, text, None)
            })
            .collect();
        let more = targets
            .iter()
            .filter(|(_, t)| t.ambition == Ambition::More)
            .count();
        let less = targets
            .iter()
            .filter(|(_, t)| t.ambition == Ambition::Less)
            .count();
        out.push(BriefSection {
            heading: format!("{prefix}Indikatorer och årsmål"),
            counts: Some(format!(
                "{} ({} mer och {} mindre ambitiösa); {}, {}.",
                count(targets.len(), "nytt årsmål", "nya årsmål"),
                more,
                less,
                count(added, "ny indikator", "nya indikatorer"),
                count(removed, "borttagen", "borttagna")
            )),
            items,
        });
    }

    // Aktiviteter.
    let activities: Vec<_> = p
        .kf_parts
        .iter()
        .flat_map(|k| &k.activities)
        .chain(p.goals.iter().flat_map(|g| &g.activities))
        .collect();
    let begun: Vec<&str> = activities
        .iter()
        .filter(|a| a.change == Change::Added)
        .filter_map(|a| Some(a.new.as_ref()?.text.as_str()))
        .collect();
    let ended: Vec<&str> = activities
        .iter()
        .filter(|a| a.change == Change::Removed)
        .filter_map(|a| Some(a.old.as_ref()?.text.as_str()))
        .collect();
    if !begun.is_empty() || !ended.is_empty() {
        let mut items = Vec::new();
        for (label, list) in [("Ny", &begun), ("Avslutad", &ended)] {
            for t in list.iter().take(ACTIVITIES_LISTED) {
                items.push(item(label, short(t, ACTIVITY_CHARS), None));
            }
            if list.len() > ACTIVITIES_LISTED {
                let rest = list.len() - ACTIVITIES_LISTED;
                let what = if label == "Ny" { "nya" } else { "avslutade" };
                items.push(item(label, format!("… och {rest} {what} till"), None));
            }
        }
        out.push(BriefSection {
            heading: format!("{prefix}Aktiviteter"),
            counts: Some(format!(
                "{}, {}.",
                count(begun.len(), "ny", "nya"),
                count(ended.len(), "avslutad", "avslutade")
            )),
            items,
        });
    }

    // Budget.
    if let Some(s) = budget_section(p, prefix, d) {
        out.push(s);
    }
    out
}

/// Why an ambition cannot be told, in a few words.
fn why_short(why: &Incomparable) -> String {
    match why {
        Incomparable::NoDirection { .. } => "indikatorn saknar riktning".into(),
        Incomparable::NotNumbers => "årsmålen är inte tal".into(),
        Incomparable::OtherUnits => "olika enheter".into(),
        Incomparable::Tolerance => "ett intervall".into(),
    }
}

fn budget_section(p: &PlanDiff, prefix: &str, d: &Diff) -> Option<BriefSection> {
    let mut items = Vec::new();
    let year = |r: Option<&super::PlanRef>, label: &str| {
        r.map_or_else(|| label.to_owned(), |r| r.year.to_string())
    };
    let (yo, yn) = (year(p.old.as_ref(), &d.from), year(p.new.as_ref(), &d.to));
    if let Some(net) = &p.net_budget {
        let v = |x: Option<f64>, y: &str| {
            x.map_or_else(
                || format!("uppgift saknas i planen för {y}"),
                |x| format!("{} mnkr ({y})", format_amount(x)),
            )
        };
        let mut text = format!("{} → {}", v(net.old, &yo), v(net.new, &yn));
        if let (Some(a), Some(b)) = (net.old, net.new) {
            text.push_str(&format!(", {} mnkr", signed_amount(b - a)));
        }
        items.push(item("Nettobudget", text, None));
    }
    // The largest changes by verksamhet: each changed row's netto column (or
    // its largest change), summa rows left out.
    let mut rows: Vec<(String, f64, Option<f64>, Option<f64>)> = p
        .budget
        .iter()
        .filter(|r| r.change == Change::Changed)
        .filter(|r| !r.row.trim().eq_ignore_ascii_case("summa"))
        .filter_map(|r| {
            let net = r
                .cells
                .iter()
                .filter(|c| c.column.to_lowercase().contains("netto"))
                .filter(|c| c.difference.is_some())
                .max_by(|a, b| {
                    a.difference
                        .unwrap_or(0.0)
                        .abs()
                        .total_cmp(&b.difference.unwrap_or(0.0).abs())
                });
            let cell = net.or_else(|| {
                r.cells
                    .iter()
                    .filter(|c| c.difference.is_some())
                    .max_by(|a, b| {
                        a.difference
                            .unwrap_or(0.0)
                            .abs()
                            .total_cmp(&b.difference.unwrap_or(0.0).abs())
                    })
            })?;
            Some((r.row.clone(), cell.difference?, cell.old, cell.new))
        })
        .collect();
    rows.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then(a.0.cmp(&b.0)));
    rows.dedup_by(|a, b| a.0 == b.0);
    for (row, diff, old, new) in rows.iter().take(BUDGET_ROWS) {
        let v = |x: &Option<f64>| x.map_or_else(|| "–".to_owned(), format_amount);
        items.push(item(
            "Verksamhet",
            format!(
                "{row}: {} mnkr ({} → {})",
                signed_amount(*diff),
                v(old),
                v(new)
            ),
            None,
        ));
    }
    let only_old = p
        .budget
        .iter()
        .filter(|r| r.change == Change::Removed)
        .count();
    let only_new = p
        .budget
        .iter()
        .filter(|r| r.change == Change::Added)
        .count();
    if only_old + only_new > 0 {
        items.push(item(
            "Går inte att jämföra",
            format!(
                "{} bara {yo} och {} bara {yn} (tabeller eller kolumner utan motsvarighet)",
                count(only_old, "budgetrad", "budgetrader"),
                count(only_new, "budgetrad", "budgetrader")
            ),
            None,
        ));
    }
    (!items.is_empty()).then(|| BriefSection {
        heading: format!("{prefix}Budget"),
        counts: None,
        items,
    })
}

fn unit_plans(d: &Diff) -> Option<BriefSection> {
    let units: Vec<&PlanDiff> = d
        .plans
        .iter()
        .filter(|p| p.new.as_ref().or(p.old.as_ref()).map(|r| r.kind) == Some(PlanKind::Unit))
        .collect();
    if units.is_empty() {
        return None;
    }
    let name = |p: &PlanDiff| {
        p.new
            .as_ref()
            .or(p.old.as_ref())
            .and_then(|r| r.unit_name.clone())
            .unwrap_or_default()
    };
    let mut items = Vec::new();
    for (change, label) in [
        (Change::Added, "Ny plan"),
        (Change::Removed, "Ingen plan längre"),
        (Change::Changed, "Ändrad plan"),
    ] {
        let list: Vec<String> = units
            .iter()
            .filter(|p| p.change == change)
            .map(|p| name(p))
            .collect();
        if !list.is_empty() {
            items.push(item(label, list.join(", "), None));
        }
    }
    Some(BriefSection {
        heading: "Enheternas planer".into(),
        counts: None,
        items,
    })
}

/// Width of the text summary.
const WIDTH: usize = 80;

/// `text` after `first`, wrapped at [`WIDTH`], continuation lines indented by `indent`.
fn wrap(out: &mut String, first: &str, text: &str, indent: usize) {
    let mut line = first.to_owned();
    let mut fresh = true;
    // Only ASCII spaces break a line: an amount's no-break space (`1 948,4`) holds.
    for w in text
        .split(|c: char| c.is_ascii_whitespace())
        .filter(|w| !w.is_empty())
    {
        let len = line.chars().count();
        if !fresh && len + 1 + w.chars().count() > WIDTH {
            out.push_str(line.trim_end());
            out.push('\n');
            line = " ".repeat(indent);
            fresh = true;
        }
        if !fresh {
            line.push(' ');
        }
        line.push_str(w);
        fresh = false;
    }
    out.push_str(line.trim_end());
    out.push('\n');
}

/// The summary as text, at most 80 columns wide.
pub fn text(b: &Brief) -> String {
    let mut s = String::new();
    wrap(&mut s, "", &b.heading, 0);
    wrap(&mut s, "", &b.intro, 0);
    for sec in &b.sections {
        s.push('\n');
        s.push_str(&sec.heading);
        s.push('\n');
        if let Some(c) = &sec.counts {
            wrap(&mut s, "  ", c, 2);
        }
        for it in &sec.items {
            wrap(&mut s, &format!("  • {}: ", it.label), &it.text, 4);
            if let Some(d) = &it.detail {
                wrap(&mut s, "    ", d, 6);
            }
        }
    }
    s
}

/// The summary as Markdown.
pub fn markdown(b: &Brief) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "## {}\n\n{}",
        super::format::md_escape(&b.heading),
        super::format::md_escape(&b.intro)
    );
    for sec in &b.sections {
        let _ = writeln!(s, "\n### {}\n", super::format::md_escape(&sec.heading));
        if let Some(c) = &sec.counts {
            let _ = writeln!(s, "{}\n", super::format::md_escape(c));
        }
        for it in &sec.items {
            let _ = writeln!(
                s,
                "- **{}:** {}",
                super::format::md_escape(&it.label),
                super::format::md_escape(&it.text)
            );
            if let Some(d) = &it.detail {
                let _ = writeln!(s, "  {}", super::format::md_escape(d));
            }
        }
    }
    s
}

/// What the summary adds to the plans' stylesheet: a narrow page, made to
/// print on few pages.
const STYLE: &str = "
body { max-width: 46rem; line-height: 1.4; }
h1 { font-size: 1.5rem; margin-bottom: 0.3rem; } h2 { font-size: 1.15rem; margin: 1.2rem 0 0.3rem; border-bottom: 1px solid var(--accent); }
p { margin: 0.3rem 0; } ul { margin: 0.3rem 0; padding-left: 1.2rem; } li { margin: 0.15rem 0; }
.detail { display: block; }
";

/// The summary as one self-contained HTML page, made to print on few pages.
pub fn html(b: &Brief) -> String {
    use crate::render::html::{CSS, escape_text as esc};
    let mut s = String::new();
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>\n{CSS}{STYLE}</style>\n</head>\n<body>\n<main>\n<h1>{}</h1>\n<p>{}</p>\n",
        esc(&b.heading),
        esc(&b.heading),
        esc(&b.intro)
    );
    for sec in &b.sections {
        let _ = writeln!(s, "<section>\n<h2>{}</h2>", esc(&sec.heading));
        if let Some(c) = &sec.counts {
            let _ = writeln!(s, "<p>{}</p>", esc(c));
        }
        if !sec.items.is_empty() {
            s.push_str("<ul>\n");
            for it in &sec.items {
                let _ = write!(
                    s,
                    "<li><strong>{}:</strong> {}",
                    esc(&it.label),
                    esc(&it.text)
                );
                if let Some(d) = &it.detail {
                    let _ = write!(s, "<span class=\"detail\">{}</span>", esc(d));
                }
                s.push_str("</li>\n");
            }
            s.push_str("</ul>\n");
        }
        s.push_str("</section>\n");
    }
    s.push_str("</main>\n</body>\n</html>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_texts_are_cut_after_a_word() {
        assert_eq!(short("Kort text.", 20), "Kort text.");
        let cut = short(
            "Förskolorna ska utveckla arbetet med att stärka medarbetarnas digitala kompetens",
            40,
        );
        assert!(cut.chars().count() <= 40, "{cut}");
        assert!(cut.ends_with(" …"), "{cut}");
    }
}
