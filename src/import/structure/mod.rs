//! The structure the published plans share: chapters, KF:s inriktningsmål, KF:s
//! mål för verksamhetsområdet (with number), nämndmål, enhetsmål, their
//! sections and tables, and the economy part with its budget tables.
//!
//! `headings` says what each line is. [`parse`] here drives the parser: it
//! reads the title block (`title_block`), the economy part's budget tables
//! (`economy`) and the signatures (`signatures`) first, then walks the lines
//! and builds the [`Document`]'s goals (`goals`), with [`super::tables`]
//! reading the rows of tables; `facts` finds what the text says in passing
//! (year, nämnd, unit, period). The parser's state and the helpers its parts
//! share stay here.

mod economy;
mod facts;
mod goals;
mod headings;
mod signatures;
mod title_block;

pub use headings::{Class, Header, ROLLUP_APPENDIX, classify};

use super::document::*;
use super::layout;
use super::ocr::{Lexicon, RepairLog, repair_line};
use super::prose;
use super::tables::{self, KfTargets};
use super::text::{self, Line, LineKind};

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
    /// Lines that look like a table's cells (a date, a periodicity, a
    /// table's head) but ended up in prose: a table the importer did not
    /// read as one. Their numbers.
    pub cells_in_prose: Vec<usize>,
    /// Tables whose head was read but whose rows are fewer than the text
    /// under the head implies: (line of the head, rows read, rows implied).
    pub short_tables: Vec<(usize, usize, usize)>,
    /// Budget tables found and counted but not read (their amounts stand
    /// before their labels in an order that does not say which cell each is).
    pub unread_tables: Vec<tables::UnreadTable>,
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
    cells_in_prose: Vec<usize>,
    short_tables: Vec<(usize, usize, usize)>,
    unread_tables: Vec<tables::UnreadTable>,
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
    /// KF:s årsmål KF's budgets give, to tell an indicator table's columns
    /// apart where the text does not.
    kf_targets: &'a KfTargets,
}

/// Reads a plan's text; `kf_targets` are KF:s årsmål that KF's budgets in
/// the plan tree give (empty without a tree).
pub fn parse(source: &str, input: &str, lex: &Lexicon, kf_targets: &KfTargets) -> Parse {
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
        cells_in_prose: Vec::new(),
        short_tables: Vec::new(),
        unread_tables: Vec::new(),
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
        kf_targets,
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
        cells_in_prose,
        short_tables,
        unread_tables,
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
        cells_in_prose,
        short_tables,
        unread_tables,
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

    fn committee_goal_mut(&mut self) -> Option<&mut Goal> {
        self.kf_goal_mut()
            .and_then(|g| g.committee_goals.last_mut())
    }

    fn unit_goal_mut(&mut self) -> Option<&mut Goal> {
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
        let cell = !blank && self.looks_like_cells(i);
        if let Some(p) = self.prose_mut() {
            p.lines.push(i);
            if !blank {
                self.used[i] = true;
            }
            if cell {
                self.cells_in_prose.push(self.lines[i].no);
            }
        }
    }

    /// Whether the text line `i` looks like a table's cells rather than
    /// prose: a table head's part (`Startdatum`, `Periodicitet`), a date
    /// alone, two dates ending the line, or a periodicity alone or ending a line
    /// with a target before it. What a table read wrongly leaves in prose.
    fn looks_like_cells(&self, i: usize) -> bool {
        let t = self.lines[i].text.as_str();
        if matches!(
            self.classes[i],
            Class::IndicatorHeader | Class::ActivityHeader | Class::HeaderPart(_)
        ) {
            return true;
        }
        let last = t.rsplit(' ').next().unwrap_or(t);
        if super::tables::is_iso_date(t) || super::tables::split_dates(t).is_some() {
            return true;
        }
        if crate::model::value::Periodicity::parse(last).is_some() {
            let (name, values, _) = super::tables::split_indicator(t, self.ocr);
            return name.is_empty() || !values.is_empty() || t == last;
        }
        false
    }

    /// The next text line after `i`, past blank lines and page furniture.
    fn next_text(&self, i: usize) -> Option<usize> {
        (i + 1..self.lines.len()).find(|&k| self.lines[k].is_text())
    }
}
