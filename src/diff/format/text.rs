//! The diff for the terminal: a summary, then each plan's changes, at most 80
//! columns wide. Removed words are marked `[-…-]` and added ones `{+…+}`, as
//! `git diff --word-diff=plain` does, so the diff reads without colour too;
//! colour, when on, only adds to the marks.

use super::walk::{Under, Writer, walk};
use super::*;
use crate::diff::{
    ActivityDiff, BudgetRowDiff, Diff, GroupDiff, KfGoalDiff, KfPartDiff, SectionDiff,
};

/// Whether to colour the output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Plain,
    Color,
}

const WIDTH: usize = 80;
/// Unchanged words kept on each side of a change in a text section.
const CONTEXT: usize = 8;

struct Out {
    style: Style,
    s: String,
}

impl Out {
    fn paint(&self, code: &str, text: &str) -> String {
        match self.style {
            Style::Plain => text.to_owned(),
            Style::Color => format!("\x1b[{code}m{text}\x1b[0m"),
        }
    }

    fn line(&mut self, indent: usize, text: &str) {
        self.s.push_str(&" ".repeat(indent));
        self.s.push_str(text);
        self.s.push('\n');
    }

    /// Plain text wrapped at [`WIDTH`], continuation lines indented by `indent + 2`.
    fn wrapped(&mut self, indent: usize, text: &str) {
        let ops = [WordOp {
            op: WordTag::Equal,
            text: text.to_owned(),
        }];
        self.words(indent, "", &ops);
    }

    /// A word diff after `lead`, wrapped at [`WIDTH`].
    fn words(&mut self, indent: usize, lead: &str, ops: &[WordOp]) {
        // (visible text, painted text) per word; None for a paragraph break.
        // (visible text, painted text, glued to the previous piece) per word;
        // None for a paragraph break.
        let mut words: Vec<Option<(String, String, bool)>> = Vec::new();
        let room = WIDTH.saturating_sub(indent + 2).max(20);
        for op in ops {
            let (open, close, color) = match op.op {
                WordTag::Equal => ("", "", ""),
                WordTag::Delete => ("[-", "-]", "31"),
                WordTag::Insert => ("{+", "+}", "32"),
            };
            let mut toks: Vec<Option<&str>> = Vec::new();
            for (k, para) in op.text.split("\n\n").enumerate() {
                if k > 0 {
                    toks.push(None);
                }
                toks.extend(
                    para.split(|c: char| c.is_ascii_whitespace())
                        .filter(|w| !w.is_empty())
                        .map(Some),
                );
            }
            let count = toks.iter().filter(|t| t.is_some()).count();
            let mut seen = 0;
            for t in toks {
                let Some(t) = t else {
                    words.push(None);
                    continue;
                };
                seen += 1;
                let mut w = String::new();
                if seen == 1 {
                    w.push_str(open);
                }
                w.push_str(t);
                if seen == count {
                    w.push_str(close);
                }
                for (k, piece) in pieces(&w, room).into_iter().enumerate() {
                    let painted = if color.is_empty() {
                        piece.clone()
                    } else {
                        self.paint(color, &piece)
                    };
                    words.push(Some((piece, painted, k > 0)));
                }
            }
        }
        let pad = " ".repeat(indent);
        let cont = " ".repeat(indent + 2);
        let lead = lead.trim_end();
        let mut line = format!("{pad}{lead}");
        let mut width = line.chars().count();
        let mut fresh = lead.is_empty();
        for w in words {
            match w {
                None => {
                    self.s.push_str(line.trim_end());
                    self.s.push_str("\n\n");
                    line = cont.clone();
                    width = cont.len();
                    fresh = true;
                }
                Some((plain, painted, glue)) => {
                    let len = plain.chars().count();
                    let space = usize::from(!fresh && !glue);
                    if !fresh && width + space + len > WIDTH {
                        self.s.push_str(line.trim_end());
                        self.s.push('\n');
                        line = cont.clone();
                        width = cont.len();
                        fresh = true;
                    }
                    if !fresh && !glue {
                        line.push(' ');
                        width += 1;
                    }
                    line.push_str(&painted);
                    width += len;
                    fresh = false;
                }
            }
        }
        if !line.trim().is_empty() {
            self.s.push_str(line.trim_end());
            self.s.push('\n');
        }
    }
}

/// A word longer than `room` (a long id) cut after its hyphens, or anywhere
/// when a piece is still too long, so no line passes [`WIDTH`].
///
/// One pass over the word: each character is counted and copied once, so a
/// word of a megabyte costs what a megabyte of short words does (cutting the
/// head off the rest, as this once did, was quadratic in the word's length).
fn pieces(word: &str, room: usize) -> Vec<String> {
    let room = room.max(1);
    if word.chars().count() <= room {
        return vec![word.to_owned()];
    }
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut current_len = 0;
    for part in word.split_inclusive('-') {
        let part_len = part.chars().count();
        if current_len > 0 && current_len + part_len > room {
            out.push(std::mem::take(&mut current));
            current_len = 0;
        }
        if current_len + part_len <= room {
            current.push_str(part);
            current_len += part_len;
            continue;
        }
        for c in part.chars() {
            if current_len == room {
                out.push(std::mem::take(&mut current));
                current_len = 0;
            }
            current.push(c);
            current_len += 1;
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// The diff as text for a terminal.
pub fn text(d: &Diff, style: Style) -> String {
    let mut o = Out {
        style,
        s: String::new(),
    };
    walk(d, &mut o);
    o.s
}

fn marker(o: &Out, c: Change) -> String {
    let code = match c {
        Change::Added => "32",
        Change::Removed => "31",
        Change::Changed => "33",
    };
    o.paint(code, &sign(c).to_string())
}

impl Writer for Out {
    fn summary(&mut self, d: &Diff) -> bool {
        let head = format!("vp diff {} → {}", d.from, d.to);
        let head = self.paint("1", &head);
        self.line(0, &head);
        self.line(0, "");
        if d.is_empty() {
            let plans = d.summary.plans_compared;
            self.line(
                0,
                &format!(
                    "Inga skillnader ({plans} {} jämförda).",
                    if plans == 1 { "plan" } else { "planer" }
                ),
            );
            return false;
        }
        let rows = summary_rows(&d.summary);
        let w = rows
            .iter()
            .map(|(k, _)| k.chars().count())
            .max()
            .unwrap_or(0);
        for (k, v) in rows {
            let pad = " ".repeat(w - k.chars().count());
            self.wrapped(0, &format!("{k}:{pad} {v}"));
        }
        true
    }

    fn kf_goals_start(&mut self) {
        self.line(0, "");
        let h = self.paint("1", "KF:s mål för verksamhetsområdet");
        self.line(0, &h);
    }

    fn kf_goal(&mut self, k: &KfGoalDiff) {
        let m = marker(self, k.change);
        match (&k.old, &k.new) {
            (Some(a), Some(b)) => {
                let number = if a.number == b.number {
                    b.number.clone()
                } else {
                    format!("{} → {}", a.number, b.number)
                };
                self.line(2, &format!("{m} {number} ändrat"));
                if let Some(t) = &k.title {
                    self.words(4, "titel: ", t);
                }
                if let Some(i) = &k.matched {
                    self.line(4, &format!("matchning: {}", match_text(i)));
                }
                if let Some(s) = &k.suggestion {
                    self.line(
                        4,
                        &format!(
                            "förslag: skriv `{s}` på {} {}",
                            kf_later(k).unwrap_or(b).year,
                            kf_later(k).unwrap_or(b).number
                        ),
                    );
                }
            }
            (Some(a), None) => self.wrapped(2, &format!("{m} {} borttaget: {}", a.number, a.title)),
            (None, Some(b)) => self.wrapped(2, &format!("{m} {} tillagt: {}", b.number, b.title)),
            (None, None) => {}
        }
    }

    fn plan_start(&mut self, _index: usize, p: &PlanDiff) {
        self.line(0, "");
        let title = self.paint("1", &plan_title(p));
        let m = marker(self, p.change);
        self.line(0, &format!("{m} {title}"));
        match (&p.old, &p.new) {
            (Some(a), Some(b)) => {
                self.wrapped(2, &format!("före:  {}", side(a)));
                for x in &p.also_old {
                    self.wrapped(2, &format!("       och {}", side(x)));
                }
                self.wrapped(2, &format!("efter: {}", side(b)));
                for x in &p.also_new {
                    self.wrapped(2, &format!("       och {}", side(x)));
                }
                if p.committee_changed {
                    self.wrapped(
                        2,
                        &format!("ny nämnd: {} → {}", a.committee_name, b.committee_name),
                    );
                }
                if a.unit != b.unit {
                    self.line(
                        2,
                        &format!(
                            "ny enhet: {} → {}",
                            a.unit.as_deref().unwrap_or(""),
                            b.unit.as_deref().unwrap_or("")
                        ),
                    );
                }
                if let Some(i) = &p.matched {
                    self.line(2, &format!("matchning: {}", i.reason.label()));
                }
            }
            (Some(a), None) => self.wrapped(2, &format!("finns bara före: {}", side(a))),
            (None, Some(b)) => self.wrapped(2, &format!("finns bara efter: {}", side(b))),
            (None, None) => {}
        }
    }

    fn kf_part_start(&mut self, k: &KfPartDiff) {
        let m = marker(self, k.change);
        let number = match (&k.old, &k.new) {
            (Some(a), Some(b)) if a != b => format!("{a} → {b}"),
            (_, Some(b)) => b.clone(),
            (Some(a), None) => a.clone(),
            (None, None) => String::new(),
        };
        let what = kf_part_words(k.change);
        self.line(2, &format!("{m} Under KF:s mål {number}: {what}"));
    }

    fn group(&mut self, g: &GroupDiff) -> bool {
        let m = marker(self, g.change);
        let id = match (&g.old, &g.new) {
            (Some(a), Some(b)) if a.id != b.id => format!("{} → {}", a.id, b.id),
            (_, Some(b)) => b.id.clone(),
            (Some(a), None) => a.id.clone(),
            (None, None) => String::new(),
        };
        let what = match g.change {
            Change::Added => "enheten arbetar mot nämndmålet (tillagt)",
            Change::Removed => "enheten arbetar inte längre mot nämndmålet (borttaget)",
            Change::Changed => "ändrat i det enheten visar",
        };
        self.wrapped(2, &format!("{m} Nämndmål {id}: {what}"));
        if let Some(t) = &g.title {
            self.words(4, "nämnden har omformulerat titeln: ", t);
        }
        true
    }

    /// A matched goal shows what differs inside it; an added or removed one its title.
    fn goal_start(&mut self, g: &GoalDiff) -> bool {
        let m = marker(self, g.change);
        let word = goal_word(g.level);
        match (&g.old, &g.new) {
            (Some(a), Some(b)) => {
                let id = if a.id == b.id {
                    b.id.clone()
                } else {
                    format!("{} → {}", a.id, b.id)
                };
                self.wrapped(2, &format!("{m} {word} {id}"));
                if let Some(i) = &g.matched {
                    self.line(4, &format!("matchning: {}", match_text(i)));
                }
                if let Some(s) = &g.suggestion {
                    self.wrapped(4, &format!("förslag: skriv `{s}` på målet {}", later_id(g)));
                }
                match &g.title {
                    Some(t) => self.words(4, "titel: ", t),
                    None => self.wrapped(4, &format!("titel: {}", b.title)),
                }
                if g.moved {
                    self.wrapped(
                        4,
                        &format!(
                            "flyttat: {} {} → {}",
                            parent_word(g),
                            a.parent.id,
                            b.parent.id
                        ),
                    );
                }
                true
            }
            (Some(a), None) => {
                self.wrapped(2, &format!("{m} {word} {} borttaget: {}", a.id, a.title));
                false
            }
            (None, Some(b)) => {
                self.wrapped(2, &format!("{m} {word} {} tillagt: {}", b.id, b.title));
                false
            }
            (None, None) => false,
        }
    }

    fn indicator(&mut self, _under: Under, i: &IndicatorDiff) {
        let m = marker(self, i.change);
        match (&i.old, &i.new) {
            (Some(_), Some(b)) => {
                let guess =
                    guess_note(i.matched.as_ref()).map_or_else(String::new, |g| format!(" ({g})"));
                self.wrapped(
                    4,
                    &format!("{m} indikator {}{guess}: {}", b.name, indicator_changes(i)),
                );
            }
            (Some(a), None) => self.wrapped(
                4,
                &format!("{m} indikator borttagen: {}{}", a.name, target_note(a)),
            ),
            (None, Some(b)) => self.wrapped(
                4,
                &format!("{m} indikator tillagd: {}{}", b.name, target_note(b)),
            ),
            (None, None) => {}
        }
    }

    fn activity(&mut self, _under: Under, a: &ActivityDiff) {
        let m = marker(self, a.change);
        match (&a.old, &a.new) {
            (Some(x), Some(y)) => {
                let lead = match guess_note(a.matched.as_ref()) {
                    Some(g) => format!("{m} aktivitet ({g}): "),
                    None => format!("{m} aktivitet: "),
                };
                match &a.text {
                    Some(t) => self.words(4, &lead, t),
                    None => self.wrapped(4, &format!("{lead}{}", y.text)),
                }
                if a.dates_changed {
                    self.line(
                        6,
                        &format!("datum: {}–{} → {}–{}", x.start, x.end, y.start, y.end),
                    );
                } else {
                    self.line(6, &format!("datum: {}–{}", y.start, y.end));
                }
            }
            (Some(x), None) => self.wrapped(
                4,
                &format!(
                    "{m} aktivitet borttagen: {} ({}–{})",
                    x.text, x.start, x.end
                ),
            ),
            (None, Some(y)) => self.wrapped(
                4,
                &format!("{m} aktivitet tillagd: {} ({}–{})", y.text, y.start, y.end),
            ),
            (None, None) => {}
        }
    }

    fn sections_start(&mut self) {
        self.line(2, "Planens text:");
    }

    fn section(&mut self, _under: Under, s: &SectionDiff) {
        let indent = 4;
        let m = marker(self, s.change);
        let what = match s.change {
            Change::Added => "tillagt",
            Change::Removed => "borttaget",
            Change::Changed => "ändrat",
        };
        self.line(indent, &format!("{m} avsnitt {} ({what}):", s.name));
        self.words(indent + 2, "", &excerpt(&s.words, CONTEXT));
    }

    fn budget_start(&mut self) {
        self.line(2, "Budget:");
    }

    fn budget_row(&mut self, r: &BudgetRowDiff) {
        let m = marker(self, r.change);
        let unit = r.unit.as_deref().unwrap_or("");
        let cells: Vec<String> = r
            .cells
            .iter()
            .map(|c| {
                let v = |x: Option<f64>| x.map_or_else(|| "–".to_owned(), format_amount);
                match (r.change, c.difference) {
                    (Change::Changed, Some(d)) => format!(
                        "{} {} → {} ({} {unit})",
                        c.column,
                        v(c.old),
                        v(c.new),
                        signed_amount(d)
                    ),
                    (Change::Changed, None) => {
                        format!("{} {} → {}", c.column, v(c.old), v(c.new))
                    }
                    (Change::Removed, _) => format!("{} {}", c.column, v(c.old)),
                    (Change::Added, _) => format!("{} {}", c.column, v(c.new)),
                }
            })
            .collect();
        self.wrapped(
            4,
            &format!("{m} {} / {}: {}", r.table, r.row, cells.join(", ")),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_words_are_cut_after_hyphens_then_anywhere() {
        assert_eq!(pieces("kort", 20), ["kort"]);
        assert_eq!(
            pieces("aaaa-bbbb-cccc", 10),
            ["aaaa-bbbb-", "cccc"],
            "cut after a hyphen"
        );
        assert_eq!(pieces("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(pieces("ab-cdefghijk", 4), ["ab-", "cdef", "ghij", "k"]);
        assert_eq!(pieces("åäöåäö", 4), ["åäöå", "äö"], "characters, not bytes");
    }

    /// A megabyte word (issue 21: 4.6 s for 900 kB, 18.7 s for 1.8 MB): cut in
    /// one pass into pieces that fit, nothing lost. Work is counted, not timed:
    /// the pieces hold each character once and the count is the least possible.
    #[test]
    fn a_megabyte_word_is_cut_in_one_pass() {
        let word = "ö".repeat(1 << 20);
        let room = 76;
        let cut = pieces(&word, room);
        assert_eq!(cut.len(), (1usize << 20).div_ceil(room));
        assert!(cut.iter().all(|p| p.chars().count() <= room));
        assert_eq!(cut.concat(), word);
    }
}
