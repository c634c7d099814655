//! The structure the published plans share: chapters, KF:s inriktningsmål, KF:s
//! mål för verksamhetsområdet (with number), nämndmål, enhetsmål, their
//! sections and tables, and the economy part with its budget tables.
//!
//! Headings are matched on folded text (no case, no accents) and, in OCR
//! text, with one character wrong, so `Namndmal:` and `Uppfbljning` are found.

use super::document::*;
use super::ocr::{Lexicon, RepairLog, repair_line};
use super::prose;
use super::tables::{self, RawIndicator};
use super::text::{self, Line, LineKind, fold, join_wrapped};

use crate::load::markdown::{COMMITTEE_SECTIONS, UNIT_SECTIONS};

/// Every goal section name, for recognising headings.
const ALL_SECTIONS: [&str; 7] = [
    "Beskrivning",
    "Förväntat resultat",
    "Kommentar",
    "Arbetssätt",
    "Resursanvändning",
    "Uppföljning",
    "Utveckling",
];

/// Chapter headings: the parts of a plan that are not goals.
const CHAPTERS: [&str; 8] = [
    "Sammanfattning",
    "Bakgrund",
    "Ärendets beredning",
    "Inledning",
    "Uppföljning av ekonomi",
    "Redovisning av ekonomi",
    "Övrigt",
    "Systematiskt kvalitetsarbete",
];
const ECONOMY_CHAPTERS: [&str; 2] = ["Uppföljning av ekonomi", "Redovisning av ekonomi"];

/// What a line is, structurally.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Class {
    Chapter(&'static str),
    /// `KF:s inriktningsmål:` and the text after the colon.
    Direction(String),
    KfGoal(String),
    CommitteeGoal(String),
    UnitGoal(String),
    Section(&'static str),
    IndicatorHeader,
    ActivityHeader,
    Other,
}

impl Class {
    fn is_structural(&self) -> bool {
        *self != Class::Other
    }
}

/// Levenshtein distance, for headings damaged by OCR.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Whether a folded line is the folded name, allowing one wrong character in OCR text.
fn same_name(folded: &str, name: &str, ocr: bool) -> bool {
    folded == name
        || (ocr
            && name.chars().count() >= 8
            && folded.len().abs_diff(name.len()) <= 2
            && distance(folded, name) <= 1)
}

/// Chapter and section names folded once.
fn folded_names() -> &'static (Vec<String>, Vec<String>) {
    static NAMES: std::sync::OnceLock<(Vec<String>, Vec<String>)> = std::sync::OnceLock::new();
    NAMES.get_or_init(|| {
        (
            CHAPTERS.iter().map(|c| fold(c)).collect(),
            ALL_SECTIONS.iter().map(|c| fold(c)).collect(),
        )
    })
}

/// The text after a keyword at the start of the line (`Nämndmål: titel` → `titel`).
fn after_keyword(text: &str, folded: &str, keyword: &str, ocr: bool) -> Option<String> {
    let n = keyword.chars().count();
    let matches = folded.starts_with(keyword)
        || (ocr && n >= 8 && {
            let head: String = folded.chars().take(n).collect();
            head.chars().count() == n && distance(&head, keyword) <= 1
        });
    if !matches {
        return None;
    }
    Some(text.chars().skip(n).collect::<String>().trim().to_owned())
}

pub fn classify(text: &str, ocr: bool) -> Class {
    // Keywords start a line and chapters and sections are short: a long line
    // needs only its start folded.
    let folded: String = text
        .chars()
        .take(41)
        .map(crate::import::text::fold_char)
        .collect();
    let long = folded.chars().count() > 40;
    let bare = folded.trim_end_matches([':', ' ']);
    for (keyword, make) in [
        (
            "kf:s inriktningsmal:",
            Class::Direction as fn(String) -> Class,
        ),
        ("kf:s mal for verksamhetsomradet:", Class::KfGoal),
        ("namndmal:", Class::CommitteeGoal),
        ("enhetsmal:", Class::UnitGoal),
    ] {
        if let Some(rest) = after_keyword(text, &folded, keyword, ocr) {
            return make(rest);
        }
    }
    if folded.starts_with("indikator arsmal")
        || (ocr && folded.starts_with("indikator ")) && folded.contains("periodicitet")
    {
        return Class::IndicatorHeader;
    }
    if folded.starts_with("aktivitet startdatum") {
        return Class::ActivityHeader;
    }
    if long {
        return Class::Other;
    }
    let (chapters, sections) = folded_names();
    if let Some(k) = chapters.iter().position(|c| same_name(bare, c, ocr)) {
        return Class::Chapter(CHAPTERS[k]);
    }
    if let Some(k) = sections.iter().position(|s| same_name(bare, s, ocr)) {
        return Class::Section(ALL_SECTIONS[k]);
    }
    Class::Other
}

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

    /// Lines dropped as page furniture.
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
    used: Vec<bool>,
    ocr: bool,
    doc: Document,
    sink: Sink,
    level: Level,
    notes: Vec<String>,
    indicator_tables: usize,
    activity_tables: usize,
}

/// Reads a plan's text.
pub fn parse(source: &str, input: &str, lex: &Lexicon) -> Parse {
    let mut lines = text::lines(input);
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
    let classes = lines
        .iter()
        .map(|l| {
            if l.is_text() {
                classify(&l.text, ocr)
            } else {
                Class::Other
            }
        })
        .collect();
    let n = lines.len();
    let mut p = Parser {
        lines: &lines,
        classes,
        used: vec![false; n],
        ocr,
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
    p.economy_tables();
    p.signatures();
    p.walk();
    let width = prose::line_width(&lines);
    build_prose(&mut p.doc, &lines, ocr, width);
    p.metadata();
    let Parser {
        doc,
        used,
        notes,
        indicator_tables,
        activity_tables,
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
    }
}

fn build_prose(doc: &mut Document, lines: &[Line], ocr: bool, width: usize) {
    let build = |p: &mut Prose| p.blocks = prose::blocks(lines, &p.lines, ocr, width);
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
                for k in found.used {
                    self.used[k] = true;
                }
                self.doc.tables.extend(found.rows);
            }
            i = end;
        }
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
                if line.kind == LineKind::Blank {
                    self.push_line(i);
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
                Class::CommitteeGoal(rest) => self.committee_goal(i, &rest),
                Class::UnitGoal(rest) => self.unit_goal(i, &rest),
                Class::Section(name) => self.section(i, name),
                Class::IndicatorHeader => self.indicator_table(i),
                Class::ActivityHeader => self.activity_table(i),
                Class::Other => {
                    self.push_line(i);
                    i + 1
                }
            };
        }
    }

    /// A goal's title: on the keyword's line or the next, wrapped over more lines.
    fn title(&mut self, i: usize, rest: &str) -> (String, usize) {
        self.used[i] = true;
        let n = self.lines.len();
        let (mut title, mut last) = if rest.is_empty() {
            match (i + 1..n).find(|&k| self.lines[k].kind != LineKind::Blank) {
                Some(k) if self.lines[k].is_text() && !self.structural(k) => {
                    self.used[k] = true;
                    (self.lines[k].text.clone(), k)
                }
                _ => return (String::new(), i + 1),
            }
        } else {
            (rest.to_owned(), i)
        };
        while last + 1 < n {
            let next = &self.lines[last + 1];
            let prev = &self.lines[last];
            let wraps = self.ocr || prev.soft || prev.text.ends_with('-');
            if !next.is_text() || self.structural(last + 1) || !wraps {
                break;
            }
            join_wrapped(&mut title, &next.text);
            last += 1;
            self.used[last] = true;
        }
        (title, last + 1)
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

    fn is_header(&self, k: usize, header: &Class) -> bool {
        self.classes.get(k) == Some(header)
    }

    fn indicator_table(&mut self, i: usize) -> usize {
        let parsed = {
            let is_header = |k: usize| self.is_header(k, &Class::IndicatorHeader);
            let stop = |k: usize| self.structural(k);
            tables::indicators(self.lines, i + 1, self.ocr, &is_header, &stop)
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
            }
        }
        parsed.resume.max(i + 1)
    }

    fn activity_table(&mut self, i: usize) -> usize {
        let parsed = {
            let is_header = |k: usize| self.is_header(k, &Class::ActivityHeader);
            let stop = |k: usize| self.structural(k);
            tables::activities(self.lines, i + 1, self.ocr, &is_header, &stop)
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
            }
        }
        parsed.resume.max(i + 1)
    }

    /// Year, nämnd, unit, period and the other facts the text states in passing.
    fn metadata(&mut self) {
        let doc = &mut self.doc;
        let committee_plan = doc
            .chapters()
            .any(|c| matches!(c.title.as_str(), "Sammanfattning" | "Ärendets beredning"));
        doc.kind = if committee_plan {
            PlanKind::Committee
        } else {
            PlanKind::Unit
        };
        // What a plan says in passing it says early: the first 400 kB (twice the
        // largest seed) are enough, and a long text costs no more.
        let mut all_text = String::new();
        for l in self.lines.iter().filter(|l| l.is_text()) {
            if all_text.len() > 400_000 {
                break;
            }
            all_text.push_str(&l.text);
            all_text.push('\n');
        }
        doc.year = activity_year(doc).or_else(|| stated_year(&all_text));
        // Committees are named near each other ("Hägersten-\nLiljeholmen"): one line.
        let all_text = all_text.replace("-\n", "-");
        doc.committees_named = committees_named(&all_text);
        doc.committee = doc.committees_named.first().map(|(id, _)| id.clone());
        doc.committee_clear = match doc.committees_named.as_slice() {
            [(_, n)] => *n >= 2,
            [(_, n), (_, m), ..] => *n >= 2 && *n >= 2 * m,
            [] => false,
        };
        doc.shared_by = shared_by(&all_text);
        if let Some(first) = doc.shared_by.first() {
            doc.committee = Some(first.clone());
            doc.committee_clear = false;
        }
        // The first paragraphs of the first chapter, without its headings.
        let opening: Vec<&str> = doc
            .chapters()
            .next()
            .into_iter()
            .flat_map(|c| c.prose.blocks.iter())
            .filter_map(|b| match b {
                Block::Paragraph(t) => Some(t.as_str()),
                _ => None,
            })
            .take(3)
            .collect();
        let opening = opening.join(" ");
        if doc.kind == PlanKind::Unit {
            doc.unit_name = unit_name(&opening);
            doc.department = department(&opening);
        }
        doc.period = period(&all_text);
        doc.adopted = adopted(&all_text);
        if doc.kind == PlanKind::Committee {
            let beredning: Vec<usize> = doc
                .chapters()
                .filter(|c| c.title == "Ärendets beredning")
                .flat_map(|c| c.prose.lines.iter().copied())
                .collect();
            let mut text = String::new();
            for k in beredning {
                if self.lines[k].is_text()
                    && !self
                        .doc
                        .signatories
                        .iter()
                        .any(|(n, _)| self.lines[k].text.contains(n.as_str()))
                {
                    join_wrapped(&mut text, &self.lines[k].text);
                }
            }
            self.doc.preparation = preparation(&text);
        }
    }
}

/// Targets as written → the plan's årsmål and KF:s årsmål. Two values are
/// both; one value under a KF goal is KF's (the nämnd's cell is empty), under a
/// nämndmål or enhetsmål it is the plan's own.
fn assign_targets(r: &RawIndicator, under_kf_goal: bool) -> IndicatorRow {
    let (target, kf_target) = match r.values.as_slice() {
        [a, b] => (Some(a.clone()), Some(b.clone())),
        [a] if under_kf_goal => (None, Some(a.clone())),
        [a] => (Some(a.clone()), None),
        _ => (None, None),
    };
    IndicatorRow {
        name: r.name.clone(),
        target,
        kf_target,
        periodicity: r.periodicity.clone(),
        line: r.line,
    }
}

fn activity_year(doc: &Document) -> Option<i32> {
    let mut years: Vec<i32> = Vec::new();
    for g in doc.kf_goals() {
        let acts = g
            .activities
            .iter()
            .chain(g.committee_goals.iter().flat_map(|c| c.activities.iter()))
            .chain(
                g.committee_goals
                    .iter()
                    .flat_map(|c| c.unit_goals.iter().flat_map(|u| u.activities.iter())),
            );
        for a in acts {
            if let Some(y) = a.start.get(..4).and_then(|y| y.parse().ok()) {
                years.push(y);
            }
        }
    }
    mode(&years)
}

fn mode(xs: &[i32]) -> Option<i32> {
    let mut best: Option<(i32, usize)> = None;
    for &x in xs {
        let n = xs.iter().filter(|&&y| y == x).count();
        if best.is_none_or(|(b, bn)| n > bn || (n == bn && x < b)) {
            best = Some((x, n));
        }
    }
    best.map(|b| b.0)
}

/// "Verksamhetsplanen 2020", "budget 2022": the year the text names most.
fn stated_year(text: &str) -> Option<i32> {
    let years: Vec<i32> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|t| t.len() == 4)
        .filter_map(|t| t.parse().ok())
        .filter(|y| (2000..=2100).contains(y))
        .collect();
    mode(&years)
}

/// Nämnder of Stockholm by id, with how their names are written (folded).
/// Longer names first: "Hägersten-Älvsjö" is not a mention of Älvsjö.
pub const COMMITTEES: &[(&str, &str, &[&str])] = &[
    (
        "hagersten-liljeholmen",
        "Hägersten-Liljeholmens stadsdelsnämnd",
        &["hagersten-liljeholmen", "hagersten liljeholmen"],
    ),
    (
        "hagersten-alvsjo",
        "Hägersten-Älvsjö stadsdelsnämnd",
        &["hagersten-alvsjo", "hagersten alvsjo"],
    ),
    (
        "enskede-arsta-vantor",
        "Enskede-Årsta-Vantörs stadsdelsnämnd",
        &["enskede-arsta-vantor"],
    ),
    (
        "rinkeby-kista",
        "Rinkeby-Kista stadsdelsnämnd",
        &["rinkeby-kista"],
    ),
    (
        "spanga-tensta",
        "Spånga-Tensta stadsdelsnämnd",
        &["spanga-tensta"],
    ),
    (
        "hasselby-vallingby",
        "Hässelby-Vällingby stadsdelsnämnd",
        &["hasselby-vallingby"],
    ),
    ("skarholmen", "Skärholmens stadsdelsnämnd", &["skarholmen"]),
    ("alvsjo", "Älvsjö stadsdelsnämnd", &["alvsjo"]),
    ("bromma", "Bromma stadsdelsnämnd", &["bromma"]),
    (
        "kungsholmen",
        "Kungsholmens stadsdelsnämnd",
        &["kungsholmen"],
    ),
    ("norrmalm", "Norrmalms stadsdelsnämnd", &["norrmalm"]),
    ("ostermalm", "Östermalms stadsdelsnämnd", &["ostermalm"]),
    ("sodermalm", "Södermalms stadsdelsnämnd", &["sodermalm"]),
    ("skarpnack", "Skarpnäcks stadsdelsnämnd", &["skarpnack"]),
    ("farsta", "Farsta stadsdelsnämnd", &["farsta"]),
];

fn committees_named(text: &str) -> Vec<(String, usize)> {
    let folded = fold(text).replace('\n', " ");
    let count = |p: &str| folded.matches(p).count();
    let mut out = Vec::new();
    for (id, _, patterns) in COMMITTEES {
        let mut n = 0;
        for p in *patterns {
            n += count(p);
            // A longer name that holds this one is not a mention of it:
            // "Hägersten-Älvsjö" is not Älvsjö.
            for (other, _, longer) in COMMITTEES {
                if other != id {
                    for l in *longer {
                        if l.len() > p.len() && l.contains(p) {
                            n = n.saturating_sub(count(l));
                        }
                    }
                }
            }
        }
        if n > 0 {
            out.push(((*id).to_owned(), n));
        }
    }
    out.sort_by_key(|c| std::cmp::Reverse(c.1));
    out
}

/// The nämnder of a shared unit, from the sentence that says it is shared,
/// in the order named.
fn shared_by(text: &str) -> Vec<String> {
    let hint = [
        "sammanslagning av",
        "gemensam för",
        "gemensam for",
        "delas av",
    ];
    if !hint.iter().any(|h| text.contains(h)) {
        return Vec::new();
    }
    let flat = fold(&text.split_whitespace().collect::<Vec<_>>().join(" "));
    let Some(sentence) = flat.split(". ").find(|s| {
        s.contains("sammanslagning av") || s.contains("gemensam for") || s.contains("delas av")
    }) else {
        return Vec::new();
    };
    let mut rest = sentence.to_owned();
    let mut found: Vec<(usize, String)> = Vec::new();
    for (id, _, patterns) in COMMITTEES {
        for p in *patterns {
            if let Some(at) = rest.find(p) {
                found.push((at, (*id).to_owned()));
                rest = rest.replace(p, &" ".repeat(p.len()));
            }
        }
    }
    found.sort();
    let ids: Vec<String> = found.into_iter().map(|(_, id)| id).collect();
    if ids.len() >= 2 { ids } else { Vec::new() }
}

/// "Resursenheten är en …", "Familjerätt Sydväst är en …".
fn unit_name(opening: &str) -> Option<String> {
    for sentence in opening.split(". ").take(3) {
        let Some(at) = sentence
            .find(" är en ")
            .or_else(|| sentence.find(" är ett "))
        else {
            continue;
        };
        // The capitalised words just before "är", after any heading in capitals.
        let words: Vec<&str> = sentence[..at].split(' ').collect();
        let name: Vec<&str> = words
            .iter()
            .rev()
            .take_while(|w| {
                let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
                letters.first().is_some_and(|c| c.is_uppercase())
                    && !(letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()))
            })
            .take(3)
            .copied()
            .collect();
        if !name.is_empty() {
            return Some(name.into_iter().rev().collect::<Vec<_>>().join(" "));
        }
    }
    None
}

/// "en enhet inom Förskoleavdelningen".
fn department(opening: &str) -> Option<String> {
    opening
        .split(' ')
        .collect::<Vec<_>>()
        .windows(2)
        .find_map(|w| {
            let name = w[1].trim_end_matches(['.', ',']);
            (w[0] == "inom"
                && name.chars().next().is_some_and(char::is_uppercase)
                && name.ends_with("avdelningen"))
            .then(|| name.to_owned())
        })
}

const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];

/// `10 januari 2019` in a list of words at `k`: the ISO date and how many words it took.
fn swedish_date(words: &[&str], k: usize, year_default: Option<&str>) -> Option<(String, usize)> {
    let day: u32 = words.get(k)?.parse().ok()?;
    let month_word = words.get(k + 1)?.trim_end_matches(['.', ',']);
    let month = MONTHS.iter().position(|m| *m == month_word)?;
    let year_word = words.get(k + 2).map(|w| w.trim_end_matches(['.', ',']));
    let (year, used) = match year_word {
        Some(y) if y.len() == 4 && y.chars().all(|c| c.is_ascii_digit()) => (y.to_owned(), 3),
        _ => (year_default?.to_owned(), 2),
    };
    if !(1..=31).contains(&day) {
        return None;
    }
    Some((format!("{year}-{:02}-{day:02}", month + 1), used))
}

/// "Verksamhetsplanen avser perioden 1 januari till 30 juni 2020".
fn period(text: &str) -> Option<(String, String)> {
    text.match_indices("perioden ").find_map(|(at, _)| {
        let words: Vec<&str> = text[at..].split_whitespace().take(12).collect();
        let till = (1..words.len().min(6)).find(|&t| words[t] == "till")?;
        let (end, _) = swedish_date(&words, till + 1, None)?;
        let (start, _) = swedish_date(&words, 1, end.get(..4))?;
        Some((start, end))
    })
}

/// "Verksamhetsplanen fastställs vid APT 2020-01-17".
fn adopted(text: &str) -> Option<String> {
    text.lines().find_map(|l| {
        // "fastställs", "faststalls": the letters around the accent say enough to look closer.
        if !l.contains("astst") {
            return None;
        }
        let folded = fold(l);
        let at = folded.find("faststall")?;
        // Folding keeps characters, not bytes: count characters to find the place in `l`.
        let rest: String = l.chars().skip(folded[..at].chars().count()).collect();
        rest.split_whitespace()
            .map(|w| w.trim_end_matches(['.', ',']))
            .find(|w| tables::is_iso_date(w))
            .map(str::to_owned)
    })
}

/// Dates in ärendets beredning, each with the clause before it.
fn preparation(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for sentence in text.split(". ") {
        let words: Vec<&str> = sentence.split_whitespace().collect();
        let mut clause_start = 0;
        let mut k = 0;
        while k < words.len() {
            if let Some((date, used)) = swedish_date(&words, k, None) {
                let mut clause: Vec<&str> = words[clause_start..k].to_vec();
                if clause.first() == Some(&"och") {
                    clause.remove(0);
                }
                let event = clause.join(" ");
                let mut cs = event.chars();
                let event: String = match cs.next() {
                    Some(f) => f.to_uppercase().chain(cs).collect(),
                    None => String::new(),
                };
                if !event.is_empty() {
                    out.push((date, event));
                }
                k += used;
                clause_start = k;
            } else {
                k += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_clean_and_damaged() {
        assert_eq!(
            classify("Nämndmål:", false),
            Class::CommitteeGoal(String::new())
        );
        assert_eq!(
            classify("Namndmal: Alla barn", true),
            Class::CommitteeGoal("Alla barn".into())
        );
        assert_eq!(
            classify("Forvantat resultat", true),
            Class::Section("Förväntat resultat")
        );
        assert_eq!(classify("Uppfbljning", true), Class::Section("Uppföljning"));
        assert_eq!(classify("Uppfbljning", false), Class::Other);
        assert_eq!(
            classify("Indikator Årsmål KF:s årsmål Periodicitet", false),
            Class::IndicatorHeader
        );
        assert_eq!(classify("Övrigt", false), Class::Chapter("Övrigt"));
        assert_eq!(
            classify("KF:s mål för verksamhetsområdet:", false),
            Class::KfGoal(String::new())
        );
    }

    #[test]
    fn facts_in_passing() {
        assert_eq!(
            period("Verksamhetsplanen avser perioden 1 januari till 30 juni 2020."),
            Some(("2020-01-01".into(), "2020-06-30".into()))
        );
        assert_eq!(
            adopted("Verksamhetsplanen fastställs vid APT 2020-01-17.").as_deref(),
            Some("2020-01-17")
        );
        assert_eq!(
            unit_name("Familjerätt Sydväst är en familjerätt i framkant.").as_deref(),
            Some("Familjerätt Sydväst")
        );
        assert_eq!(
            department("Resursenheten är en enhet inom Förskoleavdelningen i Hägersten").as_deref(),
            Some("Förskoleavdelningen")
        );
        let p = preparation(
            "Förvaltningen har förhandlat ärendet med de fackliga organisationerna 10 januari 2019. Pensionärsrådet behandlar ärendet 23 januari 2019 och rådet för funktionshinderfrågor 24 januari 2019.",
        );
        assert_eq!(p.len(), 3);
        assert_eq!(
            p[2],
            (
                "2019-01-24".into(),
                "Rådet för funktionshinderfrågor".into()
            )
        );
    }
}
