//! The structure the published plans share: chapters, KF:s inriktningsmål, KF:s
//! mål för verksamhetsområdet (with number), nämndmål, enhetsmål, their
//! sections and tables, and the economy part with its budget tables.
//!
//! `headings` says what each line is; the parser here walks the lines and
//! builds the [`Document`], with [`super::tables`] reading the rows of tables;
//! `facts` finds what the text says in passing (year, nämnd, unit, period).

mod facts;
mod headings;

pub use headings::{Class, Header, ROLLUP_APPENDIX, classify};

use super::document::*;
use super::layout;
use super::ocr::{Lexicon, RepairLog, repair_line};
use super::prose;
use super::tables::{self, RawIndicator};
use super::text::{self, Line, LineKind, join_wrapped};
use headings::ECONOMY_CHAPTERS;

use crate::load::markdown::{COMMITTEE_SECTIONS, UNIT_SECTIONS};

/// The result of reading one text.
#[derive(Debug)]
pub struct Parse {
    pub doc: Document,
    pub lines: Vec<Line>,
    /// Lines that ended up in the plan.
    pub used: Vec<bool>,
    pub repairs: RepairLog,
    /// Things a person should look at, in Swedish.
    pub notes: Vec<String>,
    /// Indicator and activity tables read (a table continued after a page break counts once).
    pub indicator_tables: usize,
    pub activity_tables: usize,
    /// Lines of a table of contents, dropped with the page furniture.
    pub contents: Vec<usize>,
    /// Parts recognised and left out on purpose, with their first and last
    /// line: the appendix vp writes from the rollup.
    pub skipped: Vec<(String, usize, usize)>,
}

impl Parse {
    /// Text lines that ended up nowhere, with their numbers.
    pub fn unrecognised(&self) -> Vec<(usize, String)> {
        self.lines
            .iter()
            .enumerate()
            .filter(|(i, l)| l.kind == LineKind::Text && !self.used[*i])
            .map(|(_, l)| (l.no, l.raw.trim().to_owned()))
            .collect()
    }

    /// Lines dropped as page furniture (the table of contents among them).
    pub fn furniture(&self) -> Vec<usize> {
        self.lines
            .iter()
            .filter(|l| l.kind == LineKind::Furniture)
            .map(|l| l.no)
            .collect()
    }
}

/// Where prose goes now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Sink {
    Nowhere,
    Chapter(usize),
    Direction,
    KfGoal,
    KfComment,
    CommitteeIntro,
    CommitteeSection(usize),
    UnitIntro,
    UnitSection(usize),
}

/// The innermost goal open now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Level {
    None,
    Chapter,
    Direction,
    KfGoal,
    CommitteeGoal,
    UnitGoal,
}

struct Parser<'a> {
    lines: &'a [Line],
    classes: Vec<Class>,
    /// A `1. Title` line is an inriktningsmål's heading, not a list item:
    /// the next numbered heading after it is one of its goals (`1.1 …`).
    direction_heading: Vec<bool>,
    /// The titles a table of contents lists, as read.
    contents: Vec<String>,
    /// Cells were wrapped inside words without a mark (text from PDFs made
    /// by Word): only then do two lines of a cell join without a space.
    soft_marked: bool,
    used: Vec<bool>,
    ocr: bool,
    skipped: Vec<(String, usize, usize)>,
    /// The first line of each budget table, and the table's place in
    /// `doc.tables`: the prose around it keeps the table's place.
    table_starts: std::collections::HashMap<usize, usize>,
    /// Lines indicator and activity tables were read from.
    table_lines: std::collections::HashSet<usize>,
    doc: Document,
    sink: Sink,
    level: Level,
    notes: Vec<String>,
    indicator_tables: usize,
    activity_tables: usize,
}

/// Reads a plan's text.
pub fn parse(source: &str, input: &str, lex: &Lexicon) -> Parse {
    let mut lines = super::layout::lines(input);
    let ocr = text::looks_like_ocr(&lines);
    let mut repairs = RepairLog::default();
    if ocr {
        let mut prev: Option<String> = None;
        for k in 0..lines.len() {
            if lines[k].kind != LineKind::Text {
                prev = None;
                continue;
            }
            let next_line = lines
                .get(k + 1)
                .filter(|n| n.is_text())
                .map(|n| n.text.clone());
            let l = &mut lines[k];
            l.text = repair_line(
                lex,
                l.no,
                &l.text,
                &mut prev,
                next_line.as_deref(),
                &mut repairs,
            );
            if text::ends_sentence(&l.text) {
                prev = None;
            }
        }
    }
    if ocr {
        text::mark_furniture(&mut lines);
    }
    let was_furniture: Vec<bool> = lines
        .iter()
        .map(|l| l.kind == LineKind::Furniture)
        .collect();
    let contents_titles = layout::contents(&mut lines);
    let contents_lines: Vec<usize> = lines
        .iter()
        .zip(&was_furniture)
        .filter(|(l, was)| l.kind == LineKind::Furniture && !**was)
        .map(|(l, _)| l.no)
        .collect();
    layout::learn_running_heads(&mut lines, &|t| classify(t, ocr).is_structural());
    let soft_marked = layout::soft_marked(&lines);
    if !soft_marked && !ocr {
        layout::infer_wraps(&mut lines);
    }
    let classes: Vec<Class> = lines
        .iter()
        .map(|l| {
            if l.is_text() {
                classify(&l.text, ocr)
            } else {
                Class::Other
            }
        })
        .collect();
    let direction_heading = direction_headings(&lines, &classes);
    let n = lines.len();
    let mut p = Parser {
        lines: &lines,
        classes,
        direction_heading,
        contents: contents_titles,
        soft_marked,
        used: vec![false; n],
        ocr,
        skipped: Vec::new(),
        table_starts: Default::default(),
        table_lines: Default::default(),
        doc: Document {
            source: source.to_owned(),
            kind: PlanKind::Unit,
            ocr,
            year: None,
            committee: None,
            committees_named: Vec::new(),
            committee_clear: false,
            shared_by: Vec::new(),
            unit_name: None,
            department: None,
            title_block: None,
            period: None,
            adopted: None,
            signatories: Vec::new(),
            preparation: Vec::new(),
            items: Vec::new(),
            tables: Vec::new(),
        },
        sink: Sink::Nowhere,
        level: Level::None,
        notes: Vec::new(),
        indicator_tables: 0,
        activity_tables: 0,
    };
    p.title_block();
    p.economy_tables();
    p.signatures();
    p.walk();
    let width = prose::line_width(&lines);
    let table_starts = std::mem::take(&mut p.table_starts);
    build_prose(&mut p.doc, &lines, ocr, width, &table_starts);
    facts::read(&mut p.doc, &lines);
    let Parser {
        doc,
        used,
        notes,
        indicator_tables,
        activity_tables,
        skipped,
        ..
    } = p;
    Parse {
        doc,
        lines,
        used,
        repairs,
        notes,
        indicator_tables,
        activity_tables,
        contents: contents_lines,
        skipped,
    }
}

/// Which `1. Title` lines are inriktningsmål headings: those whose next
/// numbered heading (`N.M …`, labels skipped) is one of their own goals.
fn direction_headings(lines: &[Line], classes: &[Class]) -> Vec<bool> {
    let mut out = vec![false; lines.len()];
    // The major number of the next `N.M` line, or 0 after a `N.` line.
    let mut next: Option<i64> = None;
    for i in (0..lines.len()).rev() {
        if !lines[i].is_text() {
            continue;
        }
        match &classes[i] {
            Class::NumberedDirection(m, _) => {
                out[i] = next == Some(*m);
                next = Some(0);
            }
            Class::NumberedKfGoal(m, _) => next = Some(*m),
            _ => {}
        }
    }
    out
}

fn build_prose(
    doc: &mut Document,
    lines: &[Line],
    ocr: bool,
    width: usize,
    tables: &std::collections::HashMap<usize, usize>,
) {
    let build = |p: &mut Prose| p.blocks = prose::blocks(lines, &p.lines, ocr, width, tables);
    for item in &mut doc.items {
        match item {
            Item::Chapter(c) => build(&mut c.prose),
            Item::Direction(d) => {
                build(&mut d.prose);
                for g in &mut d.goals {
                    build(&mut g.prose);
                    if let Some(c) = &mut g.comment {
                        build(&mut c.prose);
                    }
                    for cg in &mut g.committee_goals {
                        build(&mut cg.intro);
                        for s in &mut cg.sections {
                            build(&mut s.prose);
                        }
                        for ug in &mut cg.unit_goals {
                            build(&mut ug.intro);
                            for s in &mut ug.sections {
                                build(&mut s.prose);
                            }
                        }
                    }
                }
            }
        }
    }
}

impl Parser<'_> {
    fn structural(&self, i: usize) -> bool {
        self.classes.get(i).is_some_and(Class::is_structural)
    }

    fn direction_mut(&mut self) -> Option<&mut Direction> {
        self.doc.items.iter_mut().rev().find_map(|i| match i {
            Item::Direction(d) => Some(d),
            Item::Chapter(_) => None,
        })
    }

    fn kf_goal_mut(&mut self) -> Option<&mut KfGoal> {
        self.direction_mut().and_then(|d| d.goals.last_mut())
    }

    fn committee_goal_mut(&mut self) -> Option<&mut CommitteeGoal> {
        self.kf_goal_mut()
            .and_then(|g| g.committee_goals.last_mut())
    }

    fn unit_goal_mut(&mut self) -> Option<&mut UnitGoal> {
        self.committee_goal_mut()
            .and_then(|g| g.unit_goals.last_mut())
    }

    fn prose_mut(&mut self) -> Option<&mut Prose> {
        match self.sink {
            Sink::Nowhere => None,
            Sink::Chapter(k) => match self.doc.items.get_mut(k) {
                Some(Item::Chapter(c)) => Some(&mut c.prose),
                _ => None,
            },
            Sink::Direction => self.direction_mut().map(|d| &mut d.prose),
            Sink::KfGoal => self.kf_goal_mut().map(|g| &mut g.prose),
            Sink::KfComment => self
                .kf_goal_mut()
                .and_then(|g| g.comment.as_mut())
                .map(|c| &mut c.prose),
            Sink::CommitteeIntro => self.committee_goal_mut().map(|g| &mut g.intro),
            Sink::CommitteeSection(k) => self
                .committee_goal_mut()
                .and_then(|g| g.sections.get_mut(k))
                .map(|s| &mut s.prose),
            Sink::UnitIntro => self.unit_goal_mut().map(|g| &mut g.intro),
            Sink::UnitSection(k) => self
                .unit_goal_mut()
                .and_then(|g| g.sections.get_mut(k))
                .map(|s| &mut s.prose),
        }
    }

    fn push_line(&mut self, i: usize) {
        let blank = self.lines[i].kind != LineKind::Text;
        if let Some(p) = self.prose_mut() {
            p.lines.push(i);
            if !blank {
                self.used[i] = true;
            }
        }
    }

    /// Budget tables are found first, in the economy chapters, so that the
    /// lines of their headers never reach the prose.
    fn economy_tables(&mut self) {
        let n = self.lines.len();
        let mut i = 0;
        while i < n {
            let Class::Chapter(name) = self.classes[i] else {
                i += 1;
                continue;
            };
            let mut end = i + 1;
            while end < n && !matches!(self.classes[end], Class::Chapter(_)) {
                end += 1;
            }
            if ECONOMY_CHAPTERS.contains(&name) {
                let lines = self.lines;
                let classes = &self.classes;
                let context = |row: usize| {
                    // The nearest heading-like line above the table.
                    (i..row)
                        .rev()
                        .find(|&k| {
                            lines[k].is_text()
                                && !lines[k].soft
                                && lines[k].text.chars().count() <= 60
                                && !lines[k].text.ends_with('.')
                                && tables::trailing_amounts(&lines[k].text).1.is_empty()
                                && k + 1 < row
                                && classes[k] == Class::Other
                        })
                        .map(|k| lines[k].text.clone())
                };
                let found = tables::budget_tables(self.lines, i + 1, end, &context);
                for t in &found.rows {
                    // The table's first line in the input, found by its number.
                    let first = found
                        .used
                        .iter()
                        .copied()
                        .filter(|&k| self.lines[k].no >= t.line)
                        .min();
                    if let Some(k) = first {
                        self.table_starts.insert(k, self.doc.tables.len());
                    }
                    self.doc.tables.push(t.clone());
                }
                for k in found.used {
                    self.used[k] = true;
                }
            }
            i = end;
        }
    }

    /// A title block before the text (`Verksamhetsplan 2020`, whose plan,
    /// the line under it, `Period: …`), with the cover's facts above it
    /// (`Förvaltning …`, `Till …`): read, and not taken for prose.
    fn title_block(&mut self) {
        let text: Vec<usize> = (0..self.lines.len())
            .filter(|&k| self.lines[k].is_text())
            .take(30)
            .collect();
        let Some(pos) = text.iter().position(|&k| {
            self.lines[k]
                .text
                .strip_prefix("Verksamhetsplan ")
                .is_some_and(|y| y.len() == 4 && y.chars().all(|c| c.is_ascii_digit()))
        }) else {
            return;
        };
        // Nothing of the plan's text above it.
        if text[..pos]
            .iter()
            .any(|&k| self.classes[k].is_structural() || self.lines[k].text.chars().count() > 80)
        {
            return;
        }
        let title = text[pos];
        let Some(&name_at) = text.get(pos + 1) else {
            return;
        };
        // A name: a capital first, no figures or colons, not a sentence.
        let name = &self.lines[name_at].text;
        let name_ok = name.chars().next().is_some_and(char::is_uppercase)
            && name.chars().count() <= 60
            && !name.contains(|c: char| c.is_ascii_digit() || c == ':');
        if self.classes[name_at].is_structural() || !name_ok {
            return;
        }
        let year = self.lines[title].text["Verksamhetsplan ".len()..]
            .parse()
            .unwrap_or(0);
        let mut block = TitleBlock {
            year,
            name: self.lines[name_at].text.clone(),
            ..TitleBlock::default()
        };
        // Above it, the cover's facts: `Förvaltning …`, `Till …`, and a bare
        // label's value on the next line (text read cell by cell).
        const LABELS: [&str; 5] = [
            "Förvaltning",
            "Avdelning",
            "Handläggare",
            "Diarienummer",
            "Datum",
        ];
        let mut used = vec![title, name_at];
        let mut after_label = false;
        for &k in &text[..pos] {
            let t = &self.lines[k].text;
            let label = LABELS
                .iter()
                .any(|l| t == l || t.strip_prefix(l).is_some_and(|r| r.starts_with(' ')));
            if label || after_label || t.starts_with("Till ") {
                used.push(k);
            }
            after_label = LABELS.contains(&t.as_str());
        }
        // The lines under the name, up to a blank line.
        let mut k = name_at;
        while let Some(n) = self.next_text(k) {
            if (k + 1..n).any(|b| self.lines[b].kind == LineKind::Blank)
                || self.classes[n].is_structural()
            {
                break;
            }
            let t = &self.lines[n].text;
            if let Some(p) = t.strip_prefix("Period: ") {
                // `2020-01-01 – 2020-06-30`: the two dates, whatever dash stands between.
                let dates: Vec<&str> = p.split(' ').filter(|d| tables::is_iso_date(d)).collect();
                if let [from, to] = dates.as_slice() {
                    block.period = Some(((*from).to_owned(), (*to).to_owned()));
                }
            } else {
                join_wrapped(block.subtitle.get_or_insert_with(String::new), t);
            }
            used.push(n);
            k = n;
        }
        used.sort_unstable();
        let (Some(&first), Some(&last)) = (used.first(), used.last()) else {
            return;
        };
        self.skipped.push((
            "titelblocket, läst för planens år, enhet, avdelning och period".to_owned(),
            self.lines[first].no,
            self.lines[last].no,
        ));
        for u in used {
            self.used[u] = true;
        }
        self.doc.title_block = Some(block);
    }

    /// The signatures of a tjänsteutlåtande: names on one line, titles under them.
    fn signatures(&mut self) {
        let n = self.lines.len();
        let Some(start) = self
            .classes
            .iter()
            .position(|c| *c == Class::Chapter("Ärendets beredning"))
        else {
            return;
        };
        let mut k = start + 1;
        while k + 1 < n && !matches!(self.classes[k + 1], Class::Chapter(_)) {
            let names: Vec<&str> = self.lines[k].text.split(' ').collect();
            let titles: Vec<&str> = self.lines[k + 1].text.split(' ').collect();
            let titled = self.lines[k + 1].is_text()
                && (1..=3).contains(&titles.len())
                && titles
                    .iter()
                    .all(|t| t.chars().all(|c| c.is_lowercase() || c == '-'));
            let named = self.lines[k].is_text()
                && names.len() == 2 * titles.len()
                && names
                    .iter()
                    .all(|t| t.chars().next().is_some_and(char::is_uppercase));
            if titled && named {
                for (p, title) in titles.iter().enumerate() {
                    let name = names[2 * p..2 * p + 2].join(" ");
                    self.doc.signatories.push((name, (*title).to_owned()));
                }
                self.used[k] = true;
                self.used[k + 1] = true;
                // Side by side, the signatures are one pair of lines; read
                // cell by cell, each is a pair of its own, the next after a
                // blank line.
                match self.next_text(k + 1) {
                    Some(next) if !matches!(self.classes[next], Class::Chapter(_)) => {
                        k = next;
                        continue;
                    }
                    _ => return,
                }
            }
            if !self.doc.signatories.is_empty() {
                return;
            }
            k += 1;
        }
    }

    fn walk(&mut self) {
        let n = self.lines.len();
        let mut i = 0;
        while i < n {
            let line = &self.lines[i];
            if line.kind == LineKind::Furniture {
                i += 1;
                continue;
            }
            if line.kind == LineKind::Blank || self.used[i] {
                // A budget table's place stays in the prose around it.
                if (line.kind == LineKind::Blank || self.table_starts.contains_key(&i))
                    && let Some(p) = self.prose_mut()
                {
                    p.lines.push(i);
                }
                i += 1;
                continue;
            }
            i = match self.classes[i].clone() {
                Class::Chapter(title) => {
                    self.doc.items.push(Item::Chapter(Chapter {
                        title: title.to_owned(),
                        line: line.no,
                        prose: Prose::default(),
                    }));
                    self.used[i] = true;
                    self.sink = Sink::Chapter(self.doc.items.len() - 1);
                    self.level = Level::Chapter;
                    i + 1
                }
                Class::Direction(rest) => self.direction(i, &rest),
                Class::KfGoal(rest) => self.kf_goal(i, &rest),
                Class::NumberedDirection(..) if self.direction_heading[i] => {
                    let text = line.text.clone();
                    self.direction(i, &text)
                }
                Class::NumberedKfGoal(major, text) if self.numbered_goal_here(i, major, &text) => {
                    self.kf_goal(i, &text)
                }
                Class::CommitteeGoal(rest) => self.committee_goal(i, &rest),
                Class::UnitGoal(rest) => self.unit_goal(i, &rest),
                Class::Section(name) => self.section(i, name),
                Class::IndicatorHeader => self.indicator_table(i),
                Class::ActivityHeader => self.activity_table(i),
                Class::HeaderPart(Header::IndicatorFirst)
                    if self.head_follows(i, Header::Indicator) =>
                {
                    self.indicator_table(i)
                }
                Class::HeaderPart(Header::ActivityFirst)
                    if self.head_follows(i, Header::Activity) =>
                {
                    self.activity_table(i)
                }
                // A table's caption; text read cell by cell may put it after
                // the table.
                Class::Caption
                    if (self.table_follows(i)
                        && matches!(
                            self.level,
                            Level::KfGoal | Level::CommitteeGoal | Level::UnitGoal
                        ))
                        || self.table_precedes(i) =>
                {
                    self.used[i] = true;
                    i + 1
                }
                Class::RollupAppendix => self.rollup_appendix(i),
                _ => {
                    self.push_line(i);
                    i + 1
                }
            };
        }
    }

    /// The next text line after `i`, past blank lines and page furniture.
    fn next_text(&self, i: usize) -> Option<usize> {
        (i + 1..self.lines.len()).find(|&k| self.lines[k].is_text())
    }

    /// Whether the rest of a table's head (`Årsmål`, `Startdatum`) follows
    /// the line `i` within three lines, as text read cell by cell has it.
    fn head_follows(&self, i: usize, part: Header) -> bool {
        let mut k = i;
        for _ in 0..3 {
            let Some(n) = self.next_text(k) else {
                return false;
            };
            if self.classes[n] == Class::HeaderPart(part) {
                return true;
            }
            k = n;
        }
        false
    }

    /// Whether the text line before `i` was a row of an indicator or activity table.
    fn table_precedes(&self, i: usize) -> bool {
        (0..i)
            .rev()
            .find(|&k| self.lines[k].is_text())
            .is_some_and(|k| self.table_lines.contains(&k))
    }

    /// Whether a table's head follows a caption (`Indikatorer`).
    fn table_follows(&self, i: usize) -> bool {
        self.next_text(i).is_some_and(|n| {
            matches!(
                self.classes[n],
                Class::IndicatorHeader
                    | Class::ActivityHeader
                    | Class::HeaderPart(Header::IndicatorFirst | Header::ActivityFirst)
            )
        })
    }

    /// Whether `N.M Title` at `i` is one of KF's goals: under the open
    /// inriktningsmål N and numbered after its goals so far, or, where no
    /// inriktningsmål is open, followed by what a goal holds.
    fn numbered_goal_here(&self, i: usize, major: i64, text: &str) -> bool {
        let minor =
            |t: &str| -> Option<i64> { t.split(['.', ' ']).nth(1).and_then(|m| m.parse().ok()) };
        let open = matches!(
            self.level,
            Level::Direction | Level::KfGoal | Level::CommitteeGoal | Level::UnitGoal
        );
        let direction = self.doc.items.iter().rev().find_map(|it| match it {
            Item::Direction(d) => Some(d),
            Item::Chapter(_) => None,
        });
        if open && let Some(d) = direction {
            let after = d
                .goals
                .last()
                .and_then(|g| minor(&g.number))
                .is_none_or(|last| minor(text).is_some_and(|m| m > last));
            return d.number == major && after;
        }
        self.next_text(i).is_some_and(|n| {
            matches!(
                self.classes[n],
                Class::CommitteeGoal(_)
                    | Class::IndicatorHeader
                    | Class::ActivityHeader
                    | Class::Caption
                    | Class::HeaderPart(Header::IndicatorFirst | Header::ActivityFirst)
            )
        })
    }

    /// The appendix vp writes from the rollup, to the end of the text or the
    /// next chapter: recognised, left out, and reported as such.
    fn rollup_appendix(&mut self, i: usize) -> usize {
        let n = self.lines.len();
        let end = (i + 1..n)
            .find(|&k| matches!(self.classes[k], Class::Chapter(_)))
            .unwrap_or(n);
        let last = (i..end)
            .rev()
            .find(|&k| self.lines[k].is_text())
            .unwrap_or(i);
        for k in i..end {
            if self.lines[k].is_text() {
                self.used[k] = true;
            }
        }
        self.skipped.push((
            format!("bilagan {ROLLUP_APPENDIX:?}, som vp skriver ur enheternas planer och som inte är planens text"),
            self.lines[i].no,
            self.lines[last].no,
        ));
        self.sink = Sink::Nowhere;
        self.level = Level::None;
        end
    }

    /// A goal's title: on the keyword's line or the next, going on until the
    /// next line that is something else — however the text was wrapped, with
    /// page furniture between its lines skipped. Where a table of contents
    /// lists the heading, it says where the title ends; otherwise the line
    /// ends where the text says a line ends ([`Line::soft`]).
    fn title(&mut self, i: usize, rest: &str) -> (String, usize) {
        self.used[i] = true;
        let (mut title, mut last) = if rest.is_empty() {
            match self.next_text(i) {
                Some(k)
                    if matches!(
                        self.classes[k],
                        Class::Other | Class::NumberedDirection(..) | Class::NumberedKfGoal(..)
                    ) =>
                {
                    self.used[k] = true;
                    (self.lines[k].text.clone(), k)
                }
                _ => return (String::new(), i + 1),
            }
        } else {
            (rest.to_owned(), i)
        };
        // The heading as a table of contents writes it: the whole first line.
        let mut head = (!rest.is_empty()).then(|| self.lines[i].text.clone());
        while let Some(k) = self.next_text(last) {
            if self.structural(k) {
                break;
            }
            let listed = head
                .as_deref()
                .filter(|h| self.contents.iter().any(|c| word_prefix(c, &clean(h))));
            let goes_on = match listed {
                Some(h) => {
                    let mut longer = h.to_owned();
                    join_wrapped(&mut longer, &self.lines[k].text);
                    let longer = clean(&longer);
                    self.contents.iter().any(|c| word_prefix(c, &longer))
                }
                None => {
                    let prev = &self.lines[last];
                    // A blank line ends an OCR title, unless a page break brought it.
                    let between = &self.lines[last + 1..k];
                    let paragraph_end = between.iter().any(|l| l.kind == LineKind::Blank)
                        && !between.iter().any(|l| l.kind == LineKind::Furniture);
                    if self.ocr { !paragraph_end } else { prev.soft }
                }
            };
            if !goes_on {
                break;
            }
            join_wrapped(&mut title, &self.lines[k].text);
            if let Some(h) = head.as_mut() {
                join_wrapped(h, &self.lines[k].text);
            }
            last = k;
            self.used[k] = true;
        }
        (clean(&title), last + 1)
    }

    fn direction(&mut self, i: usize, rest: &str) -> usize {
        let (text, next) = self.title(i, rest);
        let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
        let number = digits.parse().unwrap_or(0);
        let title = text[digits.len()..]
            .trim_start_matches(['.', ' '])
            .to_owned();
        if number == 0 {
            self.notes.push(format!(
                "rad {}: inriktningsmålet saknar nummer",
                self.lines[i].no
            ));
        }
        self.doc.items.push(Item::Direction(Direction {
            number,
            title,
            line: self.lines[i].no,
            prose: Prose::default(),
            goals: Vec::new(),
        }));
        self.sink = Sink::Direction;
        self.level = Level::Direction;
        next
    }

    fn ensure_direction(&mut self, number: i64) {
        let open = matches!(
            self.level,
            Level::Direction | Level::KfGoal | Level::CommitteeGoal | Level::UnitGoal
        );
        if !open || self.direction_mut().is_none() {
            // A KF goal without its inriktningsmål above it (after a chapter):
            // the goal's number says which one.
            let existing = self
                .doc
                .items
                .iter()
                .rposition(|it| matches!(it, Item::Direction(d) if d.number == number));
            match existing {
                Some(k) if k + 1 == self.doc.items.len() => {}
                _ => self.doc.items.push(Item::Direction(Direction {
                    number,
                    ..Direction::default()
                })),
            }
        }
    }

    fn kf_goal(&mut self, i: usize, rest: &str) -> usize {
        let (text, next) = self.title(i, rest);
        let raw_number: String = text
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        let title = text[raw_number.len()..].trim().to_owned();
        let number = raw_number.trim_end_matches('.').to_owned();
        let major: i64 = number
            .split('.')
            .next()
            .and_then(|m| m.parse().ok())
            .unwrap_or(0);
        if number.is_empty() {
            self.notes.push(format!(
                "rad {}: KF:s mål för verksamhetsområdet saknar nummer",
                self.lines[i].no
            ));
        }
        self.ensure_direction(major);
        let goal = KfGoal {
            number,
            title,
            line: self.lines[i].no,
            ..KfGoal::default()
        };
        if let Some(d) = self.direction_mut() {
            d.goals.push(goal);
        }
        self.sink = Sink::KfGoal;
        self.level = Level::KfGoal;
        next
    }

    fn committee_goal(&mut self, i: usize, rest: &str) -> usize {
        let (title, next) = self.title(i, rest);
        if self.kf_goal_mut().is_none()
            || !matches!(
                self.level,
                Level::KfGoal | Level::CommitteeGoal | Level::UnitGoal
            )
        {
            self.notes.push(format!(
                "rad {}: nämndmålet står inte under något av KF:s mål för verksamhetsområdet",
                self.lines[i].no
            ));
            self.ensure_direction(0);
            if let Some(d) = self.direction_mut() {
                d.goals.push(KfGoal::default());
            }
        }
        let goal = CommitteeGoal {
            title,
            line: self.lines[i].no,
            ..CommitteeGoal::default()
        };
        if let Some(g) = self.kf_goal_mut() {
            g.committee_goals.push(goal);
        }
        self.sink = Sink::CommitteeIntro;
        self.level = Level::CommitteeGoal;
        next
    }

    fn unit_goal(&mut self, i: usize, rest: &str) -> usize {
        let (title, next) = self.title(i, rest);
        if self.committee_goal_mut().is_none()
            || !matches!(self.level, Level::CommitteeGoal | Level::UnitGoal)
        {
            self.notes.push(format!(
                "rad {}: enhetsmålet står inte under något nämndmål",
                self.lines[i].no
            ));
            if self.kf_goal_mut().is_none() {
                self.ensure_direction(0);
                if let Some(d) = self.direction_mut() {
                    d.goals.push(KfGoal::default());
                }
            }
            if let Some(g) = self.kf_goal_mut() {
                g.committee_goals.push(CommitteeGoal::default());
            }
        }
        let goal = UnitGoal {
            title,
            line: self.lines[i].no,
            ..UnitGoal::default()
        };
        if let Some(g) = self.committee_goal_mut() {
            g.unit_goals.push(goal);
        }
        self.sink = Sink::UnitIntro;
        self.level = Level::UnitGoal;
        next
    }

    fn section(&mut self, i: usize, name: &'static str) -> usize {
        let no = self.lines[i].no;
        let open = |sections: &mut Vec<Section>| match sections.iter().position(|s| s.name == name)
        {
            Some(k) => k,
            None => {
                sections.push(Section {
                    name,
                    line: no,
                    prose: Prose::default(),
                });
                sections.len() - 1
            }
        };
        let sink = match self.level {
            Level::UnitGoal if UNIT_SECTIONS.contains(&name) => self
                .unit_goal_mut()
                .map(|g| Sink::UnitSection(open(&mut g.sections))),
            Level::CommitteeGoal if COMMITTEE_SECTIONS.contains(&name) => self
                .committee_goal_mut()
                .map(|g| Sink::CommitteeSection(open(&mut g.sections))),
            Level::KfGoal if name == "Kommentar" => self.kf_goal_mut().map(|g| {
                g.comment.get_or_insert_with(|| Section {
                    name,
                    line: no,
                    prose: Prose::default(),
                });
                Sink::KfComment
            }),
            _ => None,
        };
        match sink {
            Some(s) => {
                self.sink = s;
                self.used[i] = true;
            }
            // A section name where no goal has such a section: a heading in the text.
            None => self.push_line(i),
        }
        i + 1
    }

    fn table_style(&self) -> tables::Style {
        tables::Style {
            ocr: self.ocr,
            soft_marked: self.soft_marked,
        }
    }

    fn indicator_table(&mut self, i: usize) -> usize {
        let parsed = {
            let is_header = |k: usize| {
                matches!(
                    self.classes[k],
                    Class::IndicatorHeader
                        | Class::HeaderPart(Header::IndicatorFirst | Header::Indicator)
                )
            };
            let stop = |k: usize| self.structural(k);
            tables::indicators(self.lines, i + 1, self.table_style(), &is_header, &stop)
        };
        let level = self.level;
        let rows: Vec<IndicatorRow> = parsed
            .rows
            .iter()
            .map(|r| assign_targets(r, level == Level::KfGoal))
            .collect();
        let placed = match level {
            Level::UnitGoal => self.unit_goal_mut().map(|g| g.indicators.extend(rows)),
            Level::CommitteeGoal => self.committee_goal_mut().map(|g| g.indicators.extend(rows)),
            Level::KfGoal => self.kf_goal_mut().map(|g| g.indicators.extend(rows)),
            _ => None,
        };
        if placed.is_some() {
            self.indicator_tables += 1;
            self.used[i] = true;
            for k in parsed.used {
                self.used[k] = true;
                self.table_lines.insert(k);
            }
        }
        parsed.resume.max(i + 1)
    }

    fn activity_table(&mut self, i: usize) -> usize {
        let parsed = {
            let is_header = |k: usize| {
                matches!(
                    self.classes[k],
                    Class::ActivityHeader
                        | Class::HeaderPart(Header::ActivityFirst | Header::Activity)
                )
            };
            let stop = |k: usize| self.structural(k);
            tables::activities(self.lines, i + 1, self.table_style(), &is_header, &stop)
        };
        let rows = parsed.rows;
        let placed = match self.level {
            Level::UnitGoal => self.unit_goal_mut().map(|g| g.activities.extend(rows)),
            Level::CommitteeGoal => self.committee_goal_mut().map(|g| g.activities.extend(rows)),
            Level::KfGoal => self.kf_goal_mut().map(|g| g.activities.extend(rows)),
            _ => None,
        };
        if placed.is_some() {
            self.activity_tables += 1;
            self.used[i] = true;
            for k in parsed.used {
                self.used[k] = true;
                self.table_lines.insert(k);
            }
        }
        parsed.resume.max(i + 1)
    }
}

/// Targets as written → the plan's årsmål and KF:s årsmål. Two values are
/// both; one value under a KF goal is KF's (the nämnd's cell is empty), under a
/// nämndmål or enhetsmål it is the plan's own.
fn assign_targets(r: &RawIndicator, under_kf_goal: bool) -> IndicatorRow {
    let (target, kf_target) = match (&r.columns, r.values.as_slice()) {
        (Some([a, b]), _) => (a.clone(), b.clone()),
        (None, [a, b]) => (Some(a.clone()), Some(b.clone())),
        (None, [a]) if under_kf_goal => (None, Some(a.clone())),
        (None, [a]) => (Some(a.clone()), None),
        _ => (None, None),
    };
    // vp's own PDFs print an empty target cell as a lone en dash (the marker for
    // "no target this year" is written `-`).
    let given = |t: Option<String>| t.filter(|t| t.trim() != "–");
    IndicatorRow {
        name: r.name.clone(),
        target: given(target),
        kf_target: given(kf_target),
        periodicity: r.periodicity.clone(),
        line: r.line,
    }
}

/// A title as it is kept: no soft hyphen left where a word was broken.
fn clean(s: &str) -> String {
    s.replace('\u{ad}', "")
}

/// Whether `prefix` is `whole` or its first words. A table of contents may
/// lose a title's full stop in its dot leaders: one at the end is not compared.
fn word_prefix(whole: &str, prefix: &str) -> bool {
    let prefix = prefix.strip_suffix('.').unwrap_or(prefix);
    whole.starts_with(prefix)
        && (whole.len() == prefix.len() || whole[prefix.len()..].starts_with([' ', '.']))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(values: &[&str]) -> RawIndicator {
        RawIndicator {
            name: "Sjukfrånvaro".into(),
            values: values.iter().map(|v| (*v).to_owned()).collect(),
            columns: None,
            periodicity: Some("Tertial".into()),
            line: 1,
        }
    }

    #[test]
    fn an_en_dash_in_a_target_cell_is_no_target_and_a_hyphen_is_the_marker() {
        // vp prints an empty cell as an en dash: which of the two is empty is then known.
        let r = assign_targets(&raw(&["7 %", "–"]), true);
        assert_eq!(
            (r.target.as_deref(), r.kf_target.as_deref()),
            (Some("7 %"), None)
        );
        let r = assign_targets(&raw(&["–", "2 %"]), false);
        assert_eq!(
            (r.target.as_deref(), r.kf_target.as_deref()),
            (None, Some("2 %"))
        );
        // "No target this year" is a target of its own.
        let r = assign_targets(&raw(&["-", "2 %"]), false);
        assert_eq!(r.target.as_deref(), Some("-"));
    }
}
