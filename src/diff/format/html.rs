//! The diff as one self-contained HTML page (inline CSS, no scripts): old and new
//! side by side in tables with captions and header cells. Changes are marked with
//! more than colour (WCAG 1.4.1): removed text is `<del>`, struck through and
//! labelled «borttaget» for screen readers; added text is `<ins>`, underlined and
//! labelled «tillagt». Every piece of plan text is escaped.

use std::fmt::Write;

use super::walk::{Under, Writer, walk};
use super::*;
use crate::diff::{
    ActivityDiff, ActivityRef, BudgetRowDiff, Diff, GoalRef, GroupDiff, IndicatorRef, KfGoalDiff,
    KfPartDiff, SectionDiff,
};
// HTML escaping as the rendered plans do it.
use crate::render::html::{CSS, escape as esc, escape_text};

/// How changes are marked: the part of the diff page's style that a page
/// framing the diff in its own look (`vp site`) adds to its stylesheet.
pub const MARKS: &str = "td.old, td.new { width: 40%; }
del, .as-del { background: #ffe0e0; color: #5c0000; text-decoration: line-through; }
ins, .as-ins { background: #d6f5da; color: #0b3d12; text-decoration: underline; }
.badge { display: inline-block; border: 1px solid var(--text); border-radius: 0.3rem; padding: 0 0.35rem; font-size: 0.9em; }
.vh { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
@media print { del, ins, .as-del, .as-ins { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
";

/// What the diff's own page adds to the plans' stylesheet ([`CSS`]): a wider
/// page for old and new side by side; then the [`MARKS`].
const STYLE: &str = "
body { max-width: 78rem; }
h2 { border-bottom: 2px solid var(--accent); }
table { margin: 0.5rem 0 1rem; }
th, td { text-align: left; }
tbody th { background: #f5f7f9; font-weight: bold; width: 14rem; }
";

fn text_html(s: &str) -> String {
    escape_text(s).replace("\n\n", "<br><br>")
}

fn del(s: &str) -> String {
    format!(
        "<del><span class=\"vh\">borttaget: </span>{}</del>",
        text_html(s)
    )
}

fn ins(s: &str) -> String {
    format!(
        "<ins><span class=\"vh\">tillagt: </span>{}</ins>",
        text_html(s)
    )
}

/// One side of a word diff: the old side shows removed words, the new side added ones.
fn side_html(ops: &[WordOp], old: bool) -> String {
    let mut out = String::new();
    for op in ops {
        match op.op {
            WordTag::Equal => out.push_str(&text_html(&op.text)),
            WordTag::Delete if old => out.push_str(&del(&op.text)),
            WordTag::Insert if !old => out.push_str(&ins(&op.text)),
            _ => {}
        }
    }
    out
}

fn badge(c: Change) -> String {
    let (sym, word) = match c {
        Change::Added => ("+", "Tillagt"),
        Change::Removed => ("−", "Borttaget"),
        Change::Changed => ("~", "Ändrat"),
    };
    format!("<span class=\"badge\"><span aria-hidden=\"true\">{sym} </span>{word}</span>")
}

struct Page {
    s: String,
    from: String,
    to: String,
}

impl Page {
    /// Opens a two-column comparison table.
    fn table(&mut self, caption: &str) {
        let _ = writeln!(
            self.s,
            "<table><caption>{}</caption><thead><tr><th scope=\"col\">Vad</th><th scope=\"col\">Före ({})</th><th scope=\"col\">Efter ({})</th></tr></thead><tbody>",
            esc(caption),
            esc(&self.from),
            esc(&self.to)
        );
    }

    fn row(&mut self, what: &str, old: &str, new: &str) {
        let _ = writeln!(
            self.s,
            "<tr><th scope=\"row\">{what}</th><td class=\"old\">{old}</td><td class=\"new\">{new}</td></tr>"
        );
    }

    fn wide(&mut self, what: &str, text: &str) {
        let _ = writeln!(
            self.s,
            "<tr><th scope=\"row\">{what}</th><td colspan=\"2\">{text}</td></tr>"
        );
    }

    fn end_table(&mut self) {
        self.s.push_str("</tbody></table>\n");
    }
}

/// The diff as a self-contained HTML page.
pub fn html(d: &Diff) -> String {
    let parts = parts(d);
    format!(
        "<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n<style>\n{CSS}{STYLE}{MARKS}</style>\n</head>\n<body>\n<header>\n<h1>{title}</h1>\n{}</header>\n<main>\n{}</main>\n</body>\n</html>\n",
        parts.intro,
        parts.main,
        title = esc(&parts.title),
    )
}

/// The diff page's parts, for a page that frames them in its own look (`vp site`).
pub struct Parts {
    /// `Skillnader mellan 2020 och 2022`, as text.
    pub title: String,
    /// The paragraph under the title: how changes are marked (HTML).
    pub intro: String,
    /// The comparison: the summary, then KF's goals and each plan (HTML, `h2` down).
    pub main: String,
}

/// The diff as [`Parts`].
pub fn parts(d: &Diff) -> Parts {
    let mut p = Page {
        s: String::new(),
        from: d.from.clone(),
        to: d.to.clone(),
    };
    let title = format!("Skillnader mellan {} och {}", d.from, d.to);
    let intro = "<p>Jämförelse av verksamhetsplaner med <code>vp diff</code>: mål, indikatorer, aktiviteter, texter och budgetrader. Borttagen text är <span class=\"as-del\">genomstruken</span>, tillagd text är <span class=\"as-ins\">understruken</span>; båda är också märkta i texten för skärmläsare.</p>\n".to_owned();
    walk(d, &mut p);
    Parts {
        title,
        intro,
        main: p.s,
    }
}

impl Writer for Page {
    /// The summary table, also when nothing differs.
    fn summary(&mut self, d: &Diff) -> bool {
        self.s.push_str("<section aria-labelledby=\"sammanfattning\">\n<h2 id=\"sammanfattning\">Sammanfattning</h2>\n");
        if d.is_empty() {
            let _ = writeln!(
                self.s,
                "<p>Inga skillnader ({} planer jämförda).</p>",
                d.summary.plans_compared
            );
        }
        self.s.push_str("<table><caption>Antal ändringar per slag</caption><thead><tr><th scope=\"col\">Slag</th><th scope=\"col\">Antal</th></tr></thead><tbody>\n");
        for (k, v) in summary_rows(&d.summary) {
            let _ = writeln!(
                self.s,
                "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
                esc(k),
                esc(&v)
            );
        }
        self.s.push_str("</tbody></table>\n</section>\n");
        true
    }

    fn kf_goals_start(&mut self) {
        self.s.push_str("<section aria-labelledby=\"kf-mal\">\n<h2 id=\"kf-mal\">KF:s mål för verksamhetsområdet</h2>\n");
        self.table("KF:s mål som skiljer sig");
    }

    fn kf_goal(&mut self, k: &KfGoalDiff) {
        let what = format!(
            "{} {}",
            badge(k.change),
            esc(&k
                .new
                .as_ref()
                .or(k.old.as_ref())
                .map(|g| g.number.clone())
                .unwrap_or_default())
        );
        let cell = |g: &Option<crate::diff::KfGoalRef>, old: bool| match (g, &k.title) {
            (Some(g), Some(t)) => format!("{} {}", esc(&g.number), side_html(t, old)),
            (Some(g), None) => format!("{} {}", esc(&g.number), esc(&g.title)),
            (None, _) => "—".to_owned(),
        };
        let (o, n) = (cell(&k.old, true), cell(&k.new, false));
        self.row(&what, &o, &n);
        if let Some(m) = &k.matched {
            let mut t = format!("Matchning: {}", esc(&match_text(m)));
            if let Some(s) = &k.suggestion {
                let _ = write!(t, ". Förslag: skriv <code>{}</code> på målet", esc(s));
            }
            self.wide("Matchning", &t);
        }
    }

    fn kf_goals_end(&mut self) {
        self.end_table();
        self.s.push_str("</section>\n");
    }

    fn plan_start(&mut self, i: usize, plan: &PlanDiff) {
        let p = self;
        let id = format!("plan-{}", i + 1);
        let _ = writeln!(
            p.s,
            "<section aria-labelledby=\"{id}\">\n<h2 id=\"{id}\">{} {}</h2>",
            esc(&plan_title(plan)),
            badge(plan.change)
        );
        p.table("Planen");
        let side_cell =
            |r: &Option<PlanRef>| r.as_ref().map_or("—".to_owned(), |r| esc(&side(r)));
        let (o, n) = (side_cell(&plan.old), side_cell(&plan.new));
        p.row("Plan", &o, &n);
        let others = |v: &[PlanRef]| {
            if v.is_empty() {
                "—".to_owned()
            } else {
                v.iter()
                    .map(|r| esc(&side(r)))
                    .collect::<Vec<_>>()
                    .join("<br>")
            }
        };
        if !plan.also_old.is_empty() || !plan.also_new.is_empty() {
            let (o, n) = (others(&plan.also_old), others(&plan.also_new));
            p.row("Också (sammanslagning)", &o, &n);
        }
        if plan.committee_changed
            && let (Some(a), Some(b)) = (&plan.old, &plan.new)
        {
            let (o, n) = (del(&a.committee_name), ins(&b.committee_name));
            p.row("Nämnd (ny)", &o, &n);
        }
        if let Some(m) = &plan.matched {
            p.wide("Matchning", &esc(m.reason.label()));
        }
        p.end_table();
    }

    fn plan_end(&mut self) {
        self.s.push_str("</section>\n");
    }

    fn kf_part_start(&mut self, k: &KfPartDiff) {
        let number = kf_part_number(k);
        let _ = writeln!(
            self.s,
            "<h3>Under KF:s mål {}: {} {}</h3>",
            esc(number),
            badge(k.change),
            kf_part_words(k.change)
        );
        self.table(&format!(
            "KF:s indikatorer och aktiviteter under mål {number}"
        ));
    }

    fn kf_part_end(&mut self) {
        self.end_table();
    }

    fn groups_start(&mut self) {
        self.s
            .push_str("<h3>Nämndmål som enheten arbetar mot</h3>\n");
        self.table(
            "Nämndmål och deras indikatorer och aktiviteter som enheten visar, där de skiljer sig",
        );
    }

    fn group(&mut self, g: &GroupDiff) -> bool {
        let cell = |r: &Option<crate::diff::ParentRef>| {
            r.as_ref().map_or("—".to_owned(), |r| {
                format!(
                    "<code>{}</code> {}",
                    esc(&r.id),
                    esc(r.title.as_deref().unwrap_or(""))
                )
            })
        };
        let what = format!("{} Nämndmål", badge(g.change));
        let (o, n) = (cell(&g.old), cell(&g.new));
        self.row(&what, &o, &n);
        true
    }

    fn groups_end(&mut self) {
        self.end_table();
    }

    /// Every goal is a table of its own, with what it holds on each side.
    fn goal_start(&mut self, g: &GoalDiff) -> bool {
        let p = self;
        let word = goal_word(g.level);
        let Some(r) = g.new.as_ref().or(g.old.as_ref()) else {
            return false;
        };
        let _ = writeln!(
            p.s,
            "<h3>{word}: {} {}</h3>",
            esc(&r.title),
            badge(g.change)
        );
        p.table(&format!("{word} {}", r.id));
        let id_cell = |x: &Option<GoalRef>| {
            x.as_ref()
                .map_or("—".to_owned(), |x| format!("<code>{}</code>", esc(&x.id)))
        };
        let (o, n) = (id_cell(&g.old), id_cell(&g.new));
        p.row("Id", &o, &n);
        let title_cell = |x: &Option<GoalRef>, old: bool| match (x, &g.title) {
            (Some(_), Some(t)) => side_html(t, old),
            (Some(x), None) => esc(&x.title),
            (None, _) => "—".to_owned(),
        };
        let (o, n) = (title_cell(&g.old, true), title_cell(&g.new, false));
        p.row("Titel", &o, &n);
        let parent_cell = |x: &Option<GoalRef>| {
            x.as_ref().map_or("—".to_owned(), |x| {
                let t = x.parent.title.as_deref().unwrap_or("");
                format!("<code>{}</code> {}", esc(&x.parent.id), esc(t))
            })
        };
        let what = if g.moved {
            format!("Under {} (flyttat)", parent_word(g))
        } else {
            format!("Under {}", parent_word(g))
        };
        let (o, n) = (parent_cell(&g.old), parent_cell(&g.new));
        p.row(&what, &o, &n);
        if let Some(m) = &g.matched {
            let mut t = esc(&match_text(m));
            if let Some(s) = &g.suggestion {
                let _ = write!(
                    t,
                    ". Förslag: skriv <code>{}</code> på målet <code>{}</code>",
                    esc(s),
                    esc(later_id(g))
                );
            }
            p.wide("Matchning", &t);
        }
        true
    }

    fn goal_end(&mut self) {
        self.end_table();
    }

    fn indicator(&mut self, _under: Under, i: &IndicatorDiff) {
        indicator(self, i);
    }

    fn activity(&mut self, _under: Under, a: &ActivityDiff) {
        activity(self, a);
    }

    fn section(&mut self, _under: Under, s: &SectionDiff) {
        section(self, s);
    }

    fn sections_start(&mut self) {
        self.s.push_str("<h3>Planens text</h3>\n");
        self.table("Kapitel och text under KF:s mål som skiljer sig");
    }

    fn sections_end(&mut self) {
        self.end_table();
    }

    fn budget_start(&mut self) {
        self.s.push_str("<h3>Budget</h3>\n");
        self.table("Budgetrader som skiljer sig");
    }

    fn budget_row(&mut self, r: &BudgetRowDiff) {
        let unit = r.unit.as_deref().unwrap_or("");
        for c in &r.cells {
            let v = |x: Option<f64>| x.map_or_else(|| "–".to_owned(), format_amount);
            let what = format!(
                "{} {}: {}, {}",
                badge(r.change),
                esc(&r.table),
                esc(&r.row),
                esc(&c.column)
            );
            let new = match c.difference {
                Some(d) => format!("{} ({} {})", v(c.new), signed_amount(d), esc(unit)),
                None => v(c.new),
            };
            self.row(&what, &v(c.old), &esc(&new));
        }
    }

    fn budget_end(&mut self) {
        self.end_table();
    }
}

fn indicator_cell(r: &Option<IndicatorRef>) -> String {
    r.as_ref().map_or("—".to_owned(), |r| {
        let mut s = format!(
            "{}<br>årsmål: {}",
            esc(&r.name),
            esc(if r.target.is_empty() {
                "(inget)"
            } else {
                &r.target
            })
        );
        if let Some(x) = &r.periodicity {
            let _ = write!(s, "<br>periodicitet: {}", esc(x));
        }
        if let Some(x) = &r.unit {
            let _ = write!(s, "<br>enhet: {}", esc(x));
        }
        if let Some(x) = &r.direction {
            let _ = write!(s, "<br>riktning: {}", esc(x));
        }
        s
    })
}

fn indicator(p: &mut Page, i: &IndicatorDiff) {
    let mut what = format!("{} Indikator", badge(i.change));
    if let Some(g) = guess_note(i.matched.as_ref()) {
        let _ = write!(what, " ({})", esc(&g));
    }
    if i.change == Change::Changed {
        let _ = write!(what, "<br>{}", esc(&indicator_changes(i)));
    }
    let (o, n) = (indicator_cell(&i.old), indicator_cell(&i.new));
    p.row(&what, &o, &n);
}

fn activity(p: &mut Page, a: &ActivityDiff) {
    let cell = |r: &Option<ActivityRef>, old: bool| {
        r.as_ref().map_or("—".to_owned(), |r| {
            let text = match &a.text {
                Some(t) => side_html(t, old),
                None => esc(&r.text),
            };
            let dates = format!("{}–{}", r.start, r.end);
            let dates = if a.dates_changed {
                if old { del(&dates) } else { ins(&dates) }
            } else {
                escape_text(&dates)
            };
            format!("{text}<br>{dates}")
        })
    };
    let mut what = format!("{} Aktivitet", badge(a.change));
    if let Some(g) = guess_note(a.matched.as_ref()) {
        let _ = write!(what, " ({})", esc(&g));
    }
    let (o, n) = (cell(&a.old, true), cell(&a.new, false));
    p.row(&what, &o, &n);
}

fn section(p: &mut Page, s: &SectionDiff) {
    let what = format!("{} Avsnitt {}", badge(s.change), esc(&s.name));
    let (o, n) = match s.change {
        Change::Added => ("—".to_owned(), side_html(&s.words, false)),
        Change::Removed => (side_html(&s.words, true), "—".to_owned()),
        Change::Changed => (side_html(&s.words, true), side_html(&s.words, false)),
    };
    p.row(&what, &o, &n);
}
