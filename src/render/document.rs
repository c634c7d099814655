//! The rendered document as data: what the typst template reads as JSON and the
//! HTML renderer walks. Every piece of plan text is a string here, never markup.

use serde::Serialize;

/// A finished plan: a nämnd's tjänsteutlåtande or a unit's verksamhetsplan.
#[derive(Debug, Serialize)]
pub struct Document {
    pub kind: Kind,
    /// `Verksamhetsplan 2019`.
    pub title: String,
    /// Whose plan: `Hägersten-Liljeholmens stadsdelsnämnd`, `Resursenheten`.
    pub organisation: String,
    /// The line under the title: department and nämnd for a unit, förvaltning for a nämnd.
    pub subtitle: Option<String>,
    /// For the PDF's metadata.
    pub author: String,
    pub year: i32,
    /// A plan for less than its year: `2020-01-01 – 2020-06-30`.
    pub period: Option<String>,
    /// The running head on every page: `Tjänsteutlåtande` for a nämnd.
    pub running_head: String,
    /// The tjänsteutlåtande's first page; `None` for a unit plan.
    pub cover: Option<Cover>,
    pub sections: Vec<Section>,
}

/// Which kind of plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A nämnd's plan, as tjänsteutlåtande.
    Committee,
    /// A unit's or department's plan.
    Unit,
    /// A page of `vp site` that is not a plan (a KF goal, an overview); never printed.
    Page,
}

/// The first page of a tjänsteutlåtande; each field is optional where the plan does not give it.
#[derive(Debug, Serialize)]
pub struct Cover {
    pub administration: Option<String>,
    pub department: Option<String>,
    pub officer: Option<String>,
    pub registry_number: Option<String>,
    pub date: Option<String>,
    /// `Till Hägersten-Liljeholmens stadsdelsnämnd`.
    pub to: String,
    pub proposals: Vec<String>,
}

/// A part of the document with a heading, shown in the table of contents.
#[derive(Debug, Serialize)]
pub struct Section {
    /// A stable anchor: a goal's id, `mal-1-3` for a KF goal, a chapter's slug.
    pub id: String,
    pub title: String,
    /// 1 for the document's top-level parts.
    pub level: u8,
    /// Starts a new page in print.
    pub page_break: bool,
    pub blocks: Vec<Block>,
    pub sections: Vec<Section>,
}

/// A block of content.
#[derive(Debug, Serialize, PartialEq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    Paragraph {
        content: Vec<Inline>,
    },
    /// A heading inside a section (a goal's *Förväntat resultat*, a `##` in prose);
    /// `level` counts like [`Section::level`].
    Heading {
        level: u8,
        content: Vec<Inline>,
    },
    List {
        ordered: bool,
        start: u64,
        items: Vec<Vec<Block>>,
    },
    Quote {
        blocks: Vec<Block>,
    },
    Code {
        text: String,
    },
    Rule,
    Table {
        kind: TableKind,
        caption: Option<String>,
        /// `mnkr`, shown with the caption.
        unit: Option<String>,
        columns: Vec<Column>,
        rows: Vec<Row>,
    },
    /// Names over titles, side by side.
    Signatures {
        people: Vec<Signatory>,
    },
    /// A picture drawn by vp (`render::chart`): an SVG element, its caption and its
    /// text alternative. The SVG is generated from figures, every text in it escaped.
    Chart {
        title: String,
        alt: String,
        svg: String,
    },
}

/// What a table holds, for its layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TableKind {
    Indicators,
    Activities,
    Budget,
    /// A table written in the prose.
    Prose,
    /// The rollup appendix's tables.
    Rollup,
}

/// A column's heading and alignment.
#[derive(Debug, Serialize, PartialEq)]
pub struct Column {
    pub title: String,
    pub align: Align,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Align {
    Left,
    Center,
    Right,
}

/// A table row; the first cell is the row's heading.
#[derive(Debug, Serialize, PartialEq)]
pub struct Row {
    pub cells: Vec<Vec<Inline>>,
    pub style: RowStyle,
    pub note: Option<String>,
}

impl Row {
    /// A row of plain cells, without a note.
    pub fn plain(cells: Vec<Vec<Inline>>) -> Row {
        Row {
            cells,
            style: RowStyle::Normal,
            note: None,
        }
    }
}

/// How a budget row is set: varav rows indented, SUMMA rows bold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RowStyle {
    Normal,
    Part,
    Total,
}

/// A person signing.
#[derive(Debug, Serialize, PartialEq)]
pub struct Signatory {
    pub name: String,
    pub title: String,
}

impl From<&crate::model::Signatory> for Signatory {
    fn from(s: &crate::model::Signatory) -> Self {
        Signatory {
            name: s.name.clone(),
            title: s.title.clone(),
        }
    }
}

/// Inline content.
#[derive(Debug, Serialize, PartialEq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Inline {
    Text { text: String },
    Emph { content: Vec<Inline> },
    Strong { content: Vec<Inline> },
    Strike { content: Vec<Inline> },
    Code { text: String },
    Link { url: String, content: Vec<Inline> },
    Break,
}

impl Inline {
    pub fn text(s: impl Into<String>) -> Inline {
        Inline::Text { text: s.into() }
    }
}

impl Document {
    /// Every section, depth first, in document order.
    pub fn all_sections(&self) -> Vec<&Section> {
        fn walk<'a>(s: &'a [Section], out: &mut Vec<&'a Section>) {
            for x in s {
                out.push(x);
                walk(&x.sections, out);
            }
        }
        let mut out = Vec::new();
        walk(&self.sections, &mut out);
        out
    }
}
