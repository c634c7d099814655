//! The diff as GitHub-flavoured Markdown, for a pull-request comment: a summary
//! table, then one heading per plan. Removed words are ~~struck through~~ and
//! added ones **bold**, each also marked with − and + in the list, so the diff
//! reads without colour. Plan text is escaped.

use std::fmt::Write;

use super::walk::{Under, Writer, walk};
use super::*;
use crate::diff::{
    ActivityDiff, BudgetRowDiff, Diff, GroupDiff, KfGoalDiff, KfPartDiff, SectionDiff,
};

const CONTEXT: usize = 12;

/// Escapes what Markdown (and the HTML it may hold) would read as markup.
/// Escapes what Markdown would read as markup in plan text, on one line.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '>' | '<' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '&' => out.push_str("&amp;"),
            '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn ops_md(ops: &[WordOp]) -> String {
    let mut out = String::new();
    for op in ops {
        let text = op.text.replace("\n\n", " ¶ ");
        let (lead, body, trail) = split_space(&text);
        match op.op {
            WordTag::Equal => out.push_str(&esc(&text)),
            WordTag::Delete if !body.is_empty() => {
                let _ = write!(out, "{}~~{}~~{}", lead, esc(body), trail);
            }
            WordTag::Insert if !body.is_empty() => {
                let _ = write!(out, "{}**{}**{}", lead, esc(body), trail);
            }
            _ => out.push_str(&text),
        }
    }
    out
}

/// Emphasis must not start or end with a space.
fn split_space(s: &str) -> (&str, &str, &str) {
    let body = s.trim();
    let start = s.len() - s.trim_start().len();
    (&s[..start], body, &s[start + body.len()..])
}

fn mark(c: Change) -> &'static str {
    match c {
        Change::Added => "➕ tillagt",
        Change::Removed => "➖ borttaget",
        Change::Changed => "✏️ ändrat",
    }
}

/// The diff as Markdown.
pub fn markdown(d: &Diff) -> String {
    let mut w = Md(String::new());
    walk(d, &mut w);
    w.0
}

/// The Markdown written so far.
struct Md(String);

impl Writer for Md {
    fn summary(&mut self, d: &Diff) -> bool {
        let s = &mut self.0;
        let _ = writeln!(s, "## vp diff {} → {}\n", esc(&d.from), esc(&d.to));
        if d.is_empty() {
            let _ = writeln!(
                s,
                "Inga skillnader ({} planer jämförda).",
                d.summary.plans_compared
            );
            return false;
        }
        s.push_str("| slag | antal |\n|---|---|\n");
        for (k, v) in summary_rows(&d.summary) {
            let _ = writeln!(s, "| {k} | {v} |");
        }
        true
    }

    fn kf_goals_start(&mut self) {
        self.0.push_str("\n### KF:s mål för verksamhetsområdet\n\n");
    }

    fn kf_goal(&mut self, k: &KfGoalDiff) {
        let s = &mut self.0;
        match (&k.old, &k.new) {
            (Some(a), Some(b)) => {
                let _ = write!(s, "- {} **{}", mark(k.change), esc(&a.number));
                if a.number != b.number {
                    let _ = write!(s, " → {}", esc(&b.number));
                }
                s.push_str("**");
                if let Some(t) = &k.title {
                    let _ = write!(s, ": {}", ops_md(t));
                }
                if let Some(m) = &k.matched {
                    let _ = write!(s, " _({})_", match_text(m));
                }
                s.push('\n');
                if let Some(x) = &k.suggestion {
                    let on = kf_later(k).unwrap_or(b);
                    let _ = writeln!(s, "  - förslag: `{x}` på {} {}", on.year, esc(&on.number));
                }
            }
            (Some(a), None) => {
                let _ = writeln!(
                    s,
                    "- {} **{}** {}",
                    mark(k.change),
                    esc(&a.number),
                    esc(&a.title)
                );
            }
            (None, Some(b)) => {
                let _ = writeln!(
                    s,
                    "- {} **{}** {}",
                    mark(k.change),
                    esc(&b.number),
                    esc(&b.title)
                );
            }
            (None, None) => {}
        }
    }

    fn plan_start(&mut self, _index: usize, p: &PlanDiff) {
        let s = &mut self.0;
        let _ = writeln!(s, "\n### {} ({})\n", esc(&plan_title(p)), mark(p.change));
        match (&p.old, &p.new) {
            (Some(a), Some(b)) => {
                let _ = writeln!(s, "- före: {}", esc(&side(a)));
                for x in &p.also_old {
                    let _ = writeln!(s, "- före, också: {}", esc(&side(x)));
                }
                let _ = writeln!(s, "- efter: {}", esc(&side(b)));
                for x in &p.also_new {
                    let _ = writeln!(s, "- efter, också: {}", esc(&side(x)));
                }
                if p.committee_changed {
                    let _ = writeln!(
                        s,
                        "- ny nämnd: {} → {}",
                        esc(&a.committee_name),
                        esc(&b.committee_name)
                    );
                }
                if let Some(m) = &p.matched {
                    let _ = writeln!(s, "- matchning: {}", m.reason.label());
                }
            }
            (Some(a), None) => {
                let _ = writeln!(s, "- finns bara före: {}", esc(&side(a)));
            }
            (None, Some(b)) => {
                let _ = writeln!(s, "- finns bara efter: {}", esc(&side(b)));
            }
            (None, None) => {}
        }
    }

    fn kf_part_start(&mut self, k: &KfPartDiff) {
        let number = kf_part_number(k);
        let _ = writeln!(
            self.0,
            "\n#### Under KF:s mål {}: {} {}\n",
            esc(number),
            mark(k.change),
            kf_part_words(k.change)
        );
    }

    fn groups_start(&mut self) {
        self.0
            .push_str("\n#### Nämndmål som enheten arbetar mot\n\n");
    }

    fn group(&mut self, g: &GroupDiff) -> bool {
        let s = &mut self.0;
        let Some(r) = g.new.as_ref().or(g.old.as_ref()) else {
            return false;
        };
        let title = r.title.as_deref().map(esc).unwrap_or_default();
        let _ = writeln!(s, "- {} `{}` {title}", mark(g.change), r.id);
        if let Some(t) = &g.title {
            let _ = writeln!(s, "  - nämnden har omformulerat titeln: {}", ops_md(t));
        }
        true
    }

    /// A matched goal shows what differs inside it; an added or removed one its place.
    fn goal_start(&mut self, g: &GoalDiff) -> bool {
        let s = &mut self.0;
        let word = goal_word(g.level);
        let Some(r) = g.new.as_ref().or(g.old.as_ref()) else {
            return false;
        };
        let _ = writeln!(s, "\n#### {word}: {} ({})\n", esc(&r.title), mark(g.change));
        match (&g.old, &g.new) {
            (Some(a), Some(b)) => {
                if a.id == b.id {
                    let _ = writeln!(s, "- id: `{}`", b.id);
                } else {
                    let _ = writeln!(s, "- id: `{}` → `{}`", a.id, b.id);
                }
                if let Some(m) = &g.matched {
                    let _ = writeln!(s, "- matchning: {}", match_text(m));
                }
                if let Some(x) = &g.suggestion {
                    let _ = writeln!(s, "- förslag: skriv `{x}` på målet `{}`", later_id(g));
                }
                if let Some(t) = &g.title {
                    let _ = writeln!(s, "- titel: {}", ops_md(t));
                }
                if g.moved {
                    let _ = writeln!(
                        s,
                        "- flyttat: {} `{}` → `{}`",
                        parent_word(g),
                        a.parent.id,
                        b.parent.id
                    );
                }
                true
            }
            (Some(a), None) => {
                let _ = writeln!(s, "- id: `{}`, under `{}`", a.id, a.parent.id);
                false
            }
            (None, Some(b)) => {
                let _ = writeln!(s, "- id: `{}`, under `{}`", b.id, b.parent.id);
                false
            }
            (None, None) => false,
        }
    }

    /// Under a KF goal or a nämndmål the unit works towards, rows nest in its list item.
    fn indicator(&mut self, under: Under, i: &IndicatorDiff) {
        if matches!(under, Under::KfGoal | Under::Group) {
            self.0.push_str("  ");
        }
        indicator(&mut self.0, i);
    }

    fn activity(&mut self, under: Under, a: &ActivityDiff) {
        if matches!(under, Under::KfGoal | Under::Group) {
            self.0.push_str("  ");
        }
        activity(&mut self.0, a);
    }

    fn section(&mut self, _under: Under, x: &SectionDiff) {
        section(&mut self.0, "", x);
    }

    fn sections_start(&mut self) {
        self.0.push_str("\n#### Planens text\n\n");
    }

    fn budget_start(&mut self) {
        self.0.push_str("\n#### Budget\n\n| | tabell | rad | kolumn | före | efter | skillnad |\n|---|---|---|---|---:|---:|---:|\n");
    }

    fn budget_row(&mut self, r: &BudgetRowDiff) {
        let unit = r.unit.as_deref().unwrap_or("");
        for c in &r.cells {
            let v = |x: Option<f64>| x.map_or_else(|| "–".to_owned(), format_amount);
            let d = c
                .difference
                .map_or_else(String::new, |d| format!("{} {unit}", signed_amount(d)));
            let _ = writeln!(
                self.0,
                "| {} | {} | {} | {} | {} | {} | {} |",
                mark(r.change),
                esc(&r.table),
                esc(&r.row),
                esc(&c.column),
                v(c.old),
                v(c.new),
                esc(&d)
            );
        }
    }
}

fn indicator(s: &mut String, i: &IndicatorDiff) {
    match (&i.old, &i.new) {
        (Some(_), Some(b)) => {
            let guess =
                guess_note(i.matched.as_ref()).map_or_else(String::new, |g| format!(" _({g})_"));
            let _ = writeln!(
                s,
                "- ✏️ indikator {}{guess}: {}",
                esc(&b.name),
                esc(&indicator_changes(i))
            );
        }
        (Some(a), None) => {
            let _ = writeln!(
                s,
                "- ➖ indikator borttagen: {}{}",
                esc(&a.name),
                esc(&target_note(a))
            );
        }
        (None, Some(b)) => {
            let _ = writeln!(
                s,
                "- ➕ indikator tillagd: {}{}",
                esc(&b.name),
                esc(&target_note(b))
            );
        }
        (None, None) => {}
    }
}

fn activity(s: &mut String, a: &ActivityDiff) {
    match (&a.old, &a.new) {
        (Some(x), Some(y)) => {
            let text = a.text.as_ref().map_or_else(|| esc(&y.text), |t| ops_md(t));
            let guess =
                guess_note(a.matched.as_ref()).map_or_else(String::new, |g| format!(" _({g})_"));
            let _ = write!(s, "- ✏️ aktivitet{guess}: {text}");
            if a.dates_changed {
                let _ = write!(s, " (datum {}–{} → {}–{})", x.start, x.end, y.start, y.end);
            } else {
                let _ = write!(s, " ({}–{})", y.start, y.end);
            }
            s.push('\n');
        }
        (Some(x), None) => {
            let _ = writeln!(
                s,
                "- ➖ aktivitet borttagen: {} ({}–{})",
                esc(&x.text),
                x.start,
                x.end
            );
        }
        (None, Some(y)) => {
            let _ = writeln!(
                s,
                "- ➕ aktivitet tillagd: {} ({}–{})",
                esc(&y.text),
                y.start,
                y.end
            );
        }
        (None, None) => {}
    }
}

/// Words in a section diff above which a pull-request comment folds it away.
const FOLD_WORDS: usize = 60;

fn section(s: &mut String, indent: &str, x: &SectionDiff) {
    let shown = excerpt(&x.words, CONTEXT);
    let words: usize = shown
        .iter()
        .map(|o| o.text.split_whitespace().count())
        .sum();
    if words <= FOLD_WORDS {
        let _ = writeln!(
            s,
            "{indent}- {} avsnitt **{}**:\n{indent}  > {}",
            mark(x.change),
            esc(&x.name),
            ops_md(&shown)
        );
        return;
    }
    // A long diff folded, so the comment stays readable (GitHub renders
    // Markdown inside <details> when blank lines surround it).
    let _ = writeln!(
        s,
        "{indent}- {} avsnitt **{}**\n{indent}  <details><summary>visa ordvis diff ({words} ord)</summary>\n\n{indent}  > {}\n\n{indent}  </details>",
        mark(x.change),
        esc(&x.name),
        ops_md(&shown)
    );
}

/// The least `--max-bytes` a bounded comparison can be cut to: its heading, a
/// section and the closing note.
pub const MIN_BOUND: usize = 1024;

/// `md` in at most `max` bytes, for a place that holds no more (a GitHub
/// comment holds 65,536 characters): cut before a heading (`###`, `####`), so
/// that no list, table or `<details>` is left open, and closed by a line that
/// says how many sections were left out and where the whole comparison is
/// (`whole`). `md` itself when it fits.
pub fn bounded(md: &str, max: usize, whole: &str) -> String {
    if md.len() <= max {
        return md.to_owned();
    }
    // Where each section begins: the byte offset of its heading line.
    let starts: Vec<usize> = std::iter::once(0)
        .chain(md.match_indices("\n###").map(|(i, _)| i + 1))
        .collect();
    let total = starts.len().saturating_sub(1);
    let note = |left: usize| {
        format!(
            "\n---\n\n*Avkortad: {left} av {total} avsnitt visas inte, så att texten ryms i {max} byte. Hela jämförelsen: {whole}.*\n"
        )
    };
    // The most sections that fit with the note; at least the heading before them.
    let mut cut = starts.get(1).copied().unwrap_or(md.len());
    let mut kept = 0;
    for n in 1..starts.len() {
        let end = starts.get(n + 1).copied().unwrap_or(md.len());
        if end + note(total - n).len() > max {
            break;
        }
        cut = end;
        kept = n;
    }
    let mut head = &md[..cut];
    // A preamble too long by itself is cut at a line.
    let room = max.saturating_sub(note(total - kept).len());
    if head.len() > room {
        let mut end = room.min(head.len());
        while !head.is_char_boundary(end) {
            end -= 1;
        }
        end = head[..end].rfind('\n').map_or(0, |i| i + 1);
        head = &head[..end];
    }
    let mut out = head.trim_end_matches('\n').to_owned();
    out.push('\n');
    out.push_str(&note(total - kept));
    out
}

#[cfg(test)]
mod bounded_tests {
    use super::bounded;

    #[test]
    fn a_long_comparison_is_cut_before_a_heading_and_says_so() {
        let md: String = std::iter::once("## vp diff 2020 → 2022\n\nSammanfattning.\n".to_owned())
            .chain((1..=50).map(|i| format!("\n### Plan {i}\n\n- {}\n", "ändrat ".repeat(40))))
            .collect();
        assert_eq!(bounded(&md, md.len(), "x"), md);
        for max in [1024, 4000, 10_000] {
            let b = bounded(&md, max, "`vp diff 2020 2022 --format html`");
            assert!(b.len() <= max, "{max}: {}", b.len());
            assert!(b.starts_with("## vp diff 2020 → 2022"));
            assert!(b.contains("avsnitt visas inte"), "{b}");
            // Whole sections only.
            let shown = b.matches("\n### Plan ").count();
            assert!(
                b.contains(&format!("Avkortad: {} av 50 avsnitt", 50 - shown)),
                "{b}"
            );
            for i in 1..=shown {
                assert!(b.contains(&format!("### Plan {i}\n\n- {}", "ändrat ".repeat(40))));
            }
        }
    }
}
