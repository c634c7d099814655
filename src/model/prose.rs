//! The prose of a plan: chapters, and the text sections each goal owns.
//!
//! Text is held as [`Markdown`], a slice of the loaded file shared with the
//! source map, so a whole city's prose is not copied to build the model.

use std::fmt;
use std::sync::Arc;

use crate::source::Span;

/// The chapters a tjänsteutlåtande opens with, as the plans name them.
pub mod report_chapter {
    pub const SUMMARY: &str = "Sammanfattning";
    pub const BACKGROUND: &str = "Bakgrund";
    pub const PREPARATION: &str = "Ärendets beredning";
    /// In the order a tjänsteutlåtande prints them.
    pub const ALL: [&str; 3] = [SUMMARY, BACKGROUND, PREPARATION];
}

/// The sections of a nämndmål, as the plans name them.
pub const COMMITTEE_SECTIONS: [&str; 3] = ["Beskrivning", "Förväntat resultat", "Kommentar"];
/// The sections of an enhetsmål, as the plans name them.
pub const UNIT_SECTIONS: [&str; 6] = [
    "Förväntat resultat",
    "Arbetssätt",
    "Resursanvändning",
    "Uppföljning",
    "Utveckling",
    "Kommentar",
];

/// Which kind of goal a piece of prose belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GoalKind {
    /// KF:s inriktningsmål, by number: the plan's text under it.
    Direction,
    /// KF:s mål för verksamhetsområdet, by number: the plan's text under it.
    KfGoal,
    /// Nämndmål.
    CommitteeGoal,
    /// Enhetsmål.
    UnitGoal,
}

impl GoalKind {
    pub const ALL: [GoalKind; 4] = [
        GoalKind::Direction,
        GoalKind::KfGoal,
        GoalKind::CommitteeGoal,
        GoalKind::UnitGoal,
    ];

    /// The heading word, as the seeds write it.
    pub fn heading(self) -> &'static str {
        match self {
            GoalKind::Direction => "Inriktningsmål",
            GoalKind::KfGoal => "Mål för verksamhetsområdet",
            GoalKind::CommitteeGoal => "Nämndmål",
            GoalKind::UnitGoal => "Enhetsmål",
        }
    }

    /// The sections a goal of this kind may have, in document order.
    pub fn sections(self) -> &'static [&'static str] {
        match self {
            GoalKind::Direction | GoalKind::KfGoal => &["Kommentar"],
            GoalKind::CommitteeGoal => &COMMITTEE_SECTIONS,
            GoalKind::UnitGoal => &UNIT_SECTIONS,
        }
    }

    /// Sections without which the goal is incomplete.
    pub fn required_sections(self) -> &'static [&'static str] {
        match self {
            GoalKind::Direction | GoalKind::KfGoal => &[],
            GoalKind::CommitteeGoal => &["Beskrivning", "Förväntat resultat"],
            GoalKind::UnitGoal => &["Förväntat resultat", "Arbetssätt"],
        }
    }
}

/// A line `{{tabell: id}}` in a plan's Markdown: the table of the plan's
/// `ekonomi` with that id stands here, between the text before and after.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TablePlacement {
    /// The table's id, as written (trimmed); may be empty.
    pub id: String,
    /// Where the id stands (empty, at the colon's end, when no id is written).
    pub id_span: Span,
    /// The whole line, its line end included.
    pub line: Span,
}

/// A piece of a [`Markdown`] text, in order: CommonMark text, or a table to stand there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Segment<'a> {
    /// CommonMark text, without the `{{tabell: …}}` lines.
    Text(&'a str),
    /// The id of the table of the plan's `ekonomi` that stands here.
    Table(&'a str),
}

/// A piece of CommonMark text from a plan's `.md` file, and where it stands.
#[derive(Clone)]
pub struct Markdown {
    source: Arc<String>,
    span: Span,
    /// The `{{tabell: …}}` lines within `span`, in order.
    tables: Vec<TablePlacement>,
}

impl Markdown {
    /// The text `span` covers in `source` (the whole file's text).
    pub(crate) fn new(source: Arc<String>, span: Span) -> Self {
        Markdown {
            source,
            span,
            tables: Vec::new(),
        }
    }

    /// The same text, with the table placements found in it (in order, each
    /// line within the text's span) by the loader.
    pub(crate) fn with_tables(mut self, tables: Vec<TablePlacement>) -> Self {
        debug_assert!(tables.windows(2).all(|w| w[0].line.end <= w[1].line.start));
        debug_assert!(
            tables
                .iter()
                .all(|t| self.span.start <= t.line.start && t.line.end <= self.span.end)
        );
        self.tables = tables;
        self
    }

    /// Text written in code, not read from a file (tests, generators).
    pub fn detached(text: &str, span: Span) -> Self {
        let len = text.len();
        Markdown {
            source: Arc::new(text.to_owned()),
            span: Span::new(span.file, 0, len),
            tables: Vec::new(),
        }
    }

    /// The tables placed in the text (`{{tabell: id}}` lines), in order.
    pub fn tables(&self) -> &[TablePlacement] {
        &self.tables
    }

    /// The text in order, split where tables are placed: the `{{tabell: …}}`
    /// lines become [`Segment::Table`], the text between them
    /// [`Segment::Text`]. Text that is only white space (such as the blank
    /// lines between two placements) is left out.
    pub fn segments(&self) -> Vec<Segment<'_>> {
        let mut out = Vec::with_capacity(2 * self.tables.len() + 1);
        let mut at = self.span.start as usize;
        for t in &self.tables {
            self.push_text(at, t.line.start as usize, &mut out);
            out.push(Segment::Table(&t.id));
            at = t.line.end as usize;
        }
        self.push_text(at, self.span.end as usize, &mut out);
        out
    }

    fn push_text<'a>(&'a self, from: usize, to: usize, out: &mut Vec<Segment<'a>>) {
        let text = self.source.get(from..to).unwrap_or("");
        if !text.trim().is_empty() {
            out.push(Segment::Text(text));
        }
    }

    pub fn as_str(&self) -> &str {
        self.source.get(self.span.range()).unwrap_or("")
    }

    /// The text without the blank lines around it.
    pub fn trimmed(&self) -> &str {
        self.as_str().trim()
    }

    pub fn is_blank(&self) -> bool {
        self.trimmed().is_empty()
    }

    /// Where the text stands in its file.
    pub fn span(&self) -> Span {
        self.span
    }
}

impl fmt::Debug for Markdown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

/// A named section of a goal's text, such as *Förväntat resultat*.
#[derive(Clone, Debug)]
pub struct Section {
    /// One of the goal kind's [`GoalKind::sections`].
    pub name: &'static str,
    pub text: Markdown,
}

/// The text a goal owns: what stands under its heading, then its sections in file order.
#[derive(Clone, Debug, Default)]
pub struct GoalText {
    /// Text between the goal's heading and its first section; `None` when the
    /// plan has no heading for the goal at all.
    pub intro: Option<Markdown>,
    pub sections: Vec<Section>,
    /// Where the goal's heading stands in the Markdown file.
    pub heading: Option<Span>,
}

impl GoalText {
    pub fn section(&self, name: &str) -> Option<&Markdown> {
        self.sections
            .iter()
            .find(|s| s.name == name)
            .map(|s| &s.text)
    }

    /// Whether the plan writes anything at all about the goal.
    pub fn is_empty(&self) -> bool {
        self.intro.as_ref().is_none_or(Markdown::is_blank)
            && self.sections.iter().all(|s| s.text.is_blank())
    }
}

/// Where a chapter stands relative to the plan's goals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placement {
    /// Before the goals, such as *Inledning*.
    BeforeGoals,
    /// After the goals, such as *Uppföljning av ekonomi*.
    AfterGoals,
}

/// A chapter: a level-1 heading that names no goal, and its text.
#[derive(Clone, Debug)]
pub struct Chapter {
    pub title: String,
    pub text: Markdown,
    pub placement: Placement,
}

/// The plan's own text under one of KF:s goals (inriktningsmål or mål för verksamhetsområdet).
#[derive(Clone, Debug)]
pub struct KfText {
    pub kind: GoalKind,
    /// The KF goal's number: `1` or `1.3`.
    pub number: String,
    pub text: GoalText,
}

/// Everything a plan's Markdown file says that is not a nämndmål's or enhetsmål's
/// own text (those are on the goals).
#[derive(Clone, Debug, Default)]
pub struct PlanProse {
    /// Chapters in file order.
    pub chapters: Vec<Chapter>,
    /// The plan's text under KF:s goals, in file order.
    pub kf_texts: Vec<KfText>,
}

impl PlanProse {
    pub fn chapters_before_goals(&self) -> impl Iterator<Item = &Chapter> {
        self.chapters
            .iter()
            .filter(|c| c.placement == Placement::BeforeGoals)
    }

    pub fn chapters_after_goals(&self) -> impl Iterator<Item = &Chapter> {
        self.chapters
            .iter()
            .filter(|c| c.placement == Placement::AfterGoals)
    }

    /// The plan's text under KF:s inriktningsmål `number` (`1`) or mål för verksamhetsområdet (`1.3`).
    pub fn kf_text(&self, kind: GoalKind, number: &str) -> Option<&GoalText> {
        self.kf_texts
            .iter()
            .find(|t| t.kind == kind && t.number == number)
            .map(|t| &t.text)
    }
}

/// The Sammanfattning a nämnd plan's tjänsteutlåtande shows when the plan
/// writes none, with its `{{…}}` fields unfilled: KF's inriktningsmål, the
/// number of nämndmål and, when the plan names its budget table
/// (`sammanfattning:`), the figures.
pub fn generated_summary(goals: usize, summary: Option<&super::Summary>) -> String {
    let mut text = String::from(
        "Nämndens verksamhetsplan utgår från kommunfullmäktiges inriktningsmål:\n\n{{inriktningsmål}}\n\n",
    );
    text.push_str(&format!(
        "Nämnden har tagit fram {goals} nämndmål med tillhörande aktiviteter och indikatorer."
    ));
    if let Some(s) = summary {
        text.push_str(" Nettobudgeten för nämndens driftverksamhet om {{nettobudget}} mnkr består av kostnader med {{kostnader}} mnkr och intäkter med {{intäkter}} mnkr.");
        if s.investments.is_some() {
            text.push_str(" För investeringar har {{investeringar}} mnkr fördelats.");
        }
    }
    text
}

/// The Ärendets beredning a tjänsteutlåtande shows when the plan writes no
/// such chapter: one paragraph per step of its `beredning:`; empty without steps.
pub fn generated_preparation(steps: &[super::PreparationStep]) -> Vec<String> {
    steps
        .iter()
        .map(|p| {
            let event = p.event.trim_end_matches('.');
            format!("{event} {}.", super::value::swedish_date(p.date))
        })
        .collect()
}
