//! The diff as GitHub-flavoured Markdown, for a pull-request comment: a summary
//! table, then one heading per plan. Removed words are ~~struck through~~ and
//! added ones **bold**, each also marked with − and + in the list, so the diff
//! reads without colour. Plan text is escaped.

use std::fmt::Write;

use super::*;
use crate::diff::{ActivityDiff, Diff, KfPartDiff, SectionDiff};

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
    let mut s = String::new();
    let _ = writeln!(s, "## vp diff {} → {}\n", esc(&d.from), esc(&d.to));
    if d.is_empty() {
        let _ = writeln!(
            s,
            "Inga skillnader ({} planer jämförda).",
            d.summary.plans_compared
        );
        return s;
    }
    s.push_str("| slag | antal |\n|---|---|\n");
    for (k, v) in summary_rows(&d.summary) {
        let _ = writeln!(s, "| {k} | {v} |");
    }
    if !d.kf_goals.is_empty() {
        s.push_str("\n### KF:s mål för verksamhetsområdet\n\n");
        for k in &d.kf_goals {
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
                        let _ =
                            writeln!(s, "  - förslag: `{x}` på {} {}", on.year, esc(&on.number));
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
            for i in &k.indicators {
                s.push_str("  ");
                indicator(&mut s, i);
            }
            for a in &k.activities {
                s.push_str("  ");
                activity(&mut s, a);
            }
        }
    }
    for p in &d.plans {
        plan(&mut s, p);
    }
    s
}

fn plan(s: &mut String, p: &PlanDiff) {
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
    for k in &p.kf_parts {
        kf_part(s, k);
    }
    if !p.committee_goals.is_empty() {
        s.push_str("\n#### Nämndmål som enheten arbetar mot\n\n");
        for g in &p.committee_goals {
            let r = g.new.as_ref().or(g.old.as_ref());
            let Some(r) = r else { continue };
            let title = r.title.as_deref().map(esc).unwrap_or_default();
            let _ = writeln!(s, "- {} `{}` {title}", mark(g.change), r.id);
            if let Some(t) = &g.title {
                let _ = writeln!(s, "  - nämnden har omformulerat titeln: {}", ops_md(t));
            }
            for i in &g.indicators {
                s.push_str("  ");
                indicator(s, i);
            }
            for a in &g.activities {
                s.push_str("  ");
                activity(s, a);
            }
        }
    }
    for g in ordered_goals(p) {
        goal(s, g);
    }
    if !p.sections.is_empty() {
        s.push_str("\n#### Planens text\n\n");
        for x in &p.sections {
            section(s, "", x);
        }
    }
    if !p.budget.is_empty() {
        s.push_str("\n#### Budget\n\n| | tabell | rad | kolumn | före | efter | skillnad |\n|---|---|---|---|---:|---:|---:|\n");
        for r in &p.budget {
            let unit = r.unit.as_deref().unwrap_or("");
            for c in &r.cells {
                let v = |x: Option<f64>| x.map_or_else(|| "–".to_owned(), format_amount);
                let d = c
                    .difference
                    .map_or_else(String::new, |d| format!("{} {unit}", signed_amount(d)));
                let _ = writeln!(
                    s,
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
}

fn kf_part(s: &mut String, k: &KfPartDiff) {
    let number = k
        .new
        .as_ref()
        .or(k.old.as_ref())
        .cloned()
        .unwrap_or_default();
    let _ = writeln!(
        s,
        "\n#### Under KF:s mål {}: {} {}\n",
        esc(&number),
        mark(k.change),
        kf_part_words(k.change)
    );
    for i in &k.indicators {
        indicator(s, i);
    }
    for a in &k.activities {
        activity(s, a);
    }
}

fn goal(s: &mut String, g: &GoalDiff) {
    let word = goal_word(g.level);
    let r = g.new.as_ref().or(g.old.as_ref());
    let Some(r) = r else { return };
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
                let _ = writeln!(
                    s,
                    "- förslag: skriv `{x}` på målet `{}`",
                    super::text::later_id(g)
                );
            }
            if let Some(t) = &g.title {
                let _ = writeln!(s, "- titel: {}", ops_md(t));
            }
            if g.moved {
                let _ = writeln!(
                    s,
                    "- flyttat: {} `{}` → `{}`",
                    super::text::parent_word(g),
                    a.parent.id,
                    b.parent.id
                );
            }
            for i in &g.indicators {
                indicator(s, i);
            }
            for a in &g.activities {
                activity(s, a);
            }
            for x in &g.sections {
                section(s, "", x);
            }
        }
        (Some(a), None) => {
            let _ = writeln!(s, "- id: `{}`, under `{}`", a.id, a.parent.id);
        }
        (None, Some(b)) => {
            let _ = writeln!(s, "- id: `{}`, under `{}`", b.id, b.parent.id);
        }
        (None, None) => {}
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
