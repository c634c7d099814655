//! The import report: per file, what was found, what OCR repair did, which
//! lines were dropped as page furniture and which could not be placed.
//! Rendered for people (Swedish) and as JSON.

use serde::Serialize;

use super::document::PlanKind;
use super::ocr::{Repair, Unknown};
use super::structure::Parse;
use crate::source::Place;

/// Counts of what one file held.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Counts {
    pub directions: usize,
    pub kf_goals: usize,
    pub committee_goals: usize,
    pub unit_goals: usize,
    pub indicators: usize,
    pub activities: usize,
    pub indicator_tables: usize,
    pub activity_tables: usize,
    pub budget_tables: usize,
}

/// A part of the text left out on purpose.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Skipped {
    pub what: String,
    /// Where it stands in the text read: its first line (`line`) and its
    /// last (`end_line`).
    pub location: Place,
    /// Its lines with text.
    pub lines: Vec<usize>,
}

/// A line that ended up nowhere.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Unplaced {
    /// The line in the text read.
    pub location: Place,
    pub text: String,
}

/// A word OCR repair changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct RepairedWord {
    /// The line in the text read.
    pub location: Place,
    pub from: String,
    pub to: String,
}

/// A word no repair reached, left as written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct UnknownWord {
    /// The line in the text read.
    pub location: Place,
    pub word: String,
}

/// The line a place in the text read is on, for the text report.
fn line_of(p: &Place) -> usize {
    p.line.unwrap_or_default()
}

/// The report on one input file.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct FileReport {
    /// The text read (`{"file": …}`, the place every JSON output of vp writes);
    /// the places below are in it, and the bare line numbers (`furniture`,
    /// `contents`, `skipped[].lines`) are its lines.
    pub location: crate::source::Place,
    pub kind: PlanKind,
    pub year: Option<i32>,
    pub committee: Option<String>,
    pub unit: Option<String>,
    pub ocr: bool,
    pub counts: Counts,
    /// Words repaired, the first `ocr::MAX_LISTED`.
    pub repaired: Vec<RepairedWord>,
    /// Repairs beyond those listed.
    pub repaired_unlisted: usize,
    /// Words no repair reached, left as written: the first `ocr::MAX_LISTED`.
    pub left: Vec<UnknownWord>,
    /// Words left beyond those listed.
    pub left_unlisted: usize,
    /// Lines dropped as page furniture.
    pub furniture: Vec<usize>,
    /// Lines of a table of contents (dropped with the furniture).
    pub contents: Vec<usize>,
    /// Parts recognised and left out on purpose: what, first and last line.
    pub skipped: Vec<Skipped>,
    pub unrecognised: Vec<Unplaced>,
    /// Lines that look like table cells but ended up in prose.
    pub cells_in_prose: Vec<Unplaced>,
    /// Tables whose head was read with fewer rows than the text implies.
    pub short_tables: Vec<ShortTable>,
    /// Budget tables found and counted but not read.
    pub unread_tables: Vec<UnreadTable>,
    pub notes: Vec<String>,
}

/// A table whose head was read but whose rows are fewer than the text under
/// it implies.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct ShortTable {
    /// The line of the table's head in the text read.
    pub location: Place,
    pub rows: usize,
    pub implied: usize,
}

/// A budget table found under its caption, its head, labels and amounts
/// counted, but not read: the amounts stand before the rows' labels in an
/// order (runs of a column and runs of a row in turn) that does not say
/// which cell each amount is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct UnreadTable {
    /// The line of the table's caption in the text read.
    pub location: Place,
    /// The caption's title.
    pub title: String,
    /// The columns the head names.
    pub columns: usize,
    /// The rows' labels.
    pub rows: usize,
    /// The amounts found (as many as columns times rows).
    pub amounts: usize,
}

impl FileReport {
    /// Whether the file's text was not all read as it should be: lines
    /// placed nowhere, cells in prose, tables with rows missing.
    pub fn has_findings(&self) -> bool {
        !self.unrecognised.is_empty()
            || !self.cells_in_prose.is_empty()
            || !self.short_tables.is_empty()
            || !self.unread_tables.is_empty()
    }
}

impl FileReport {
    pub fn new(p: &Parse) -> Self {
        let doc = &p.doc;
        let at = |line: usize| Place::line(doc.source.clone(), line);
        let counts = Counts {
            directions: doc.directions().filter(|d| d.number > 0).count(),
            kf_goals: doc.kf_goals().filter(|g| !g.number.is_empty()).count(),
            committee_goals: doc.committee_goals().count(),
            unit_goals: doc.unit_goals().count(),
            indicators: doc
                .kf_goals()
                .map(|g| {
                    g.indicators.len()
                        + g.committee_goals
                            .iter()
                            .map(|c| {
                                c.indicators.len()
                                    + c.unit_goals
                                        .iter()
                                        .map(|u| u.indicators.len())
                                        .sum::<usize>()
                            })
                            .sum::<usize>()
                })
                .sum(),
            activities: doc
                .kf_goals()
                .map(|g| {
                    g.activities.len()
                        + g.committee_goals
                            .iter()
                            .map(|c| {
                                c.activities.len()
                                    + c.unit_goals
                                        .iter()
                                        .map(|u| u.activities.len())
                                        .sum::<usize>()
                            })
                            .sum::<usize>()
                })
                .sum(),
            indicator_tables: p.indicator_tables,
            activity_tables: p.activity_tables,
            budget_tables: doc.tables.len(),
        };
        FileReport {
            location: Place::file(doc.source.clone()),
            kind: doc.kind,
            year: doc.year,
            committee: doc.committee.clone(),
            unit: doc.unit_name.clone(),
            ocr: doc.ocr,
            counts,
            repaired: p
                .repairs
                .repairs
                .iter()
                .map(|r: &Repair| RepairedWord {
                    location: at(r.line),
                    from: r.from.clone(),
                    to: r.to.clone(),
                })
                .collect(),
            repaired_unlisted: p.repairs.repairs_unlisted,
            left: p
                .repairs
                .unknown
                .iter()
                .map(|u: &Unknown| UnknownWord {
                    location: at(u.line),
                    word: u.word.clone(),
                })
                .collect(),
            left_unlisted: p.repairs.unknown_unlisted,
            furniture: p.furniture(),
            contents: p.contents.clone(),
            skipped: p
                .skipped
                .iter()
                .map(|(what, from, to)| Skipped {
                    what: what.clone(),
                    location: Place {
                        end_line: Some(*to),
                        ..at(*from)
                    },
                    lines: p
                        .lines
                        .iter()
                        .filter(|l| l.no >= *from && l.no <= *to && l.is_text())
                        .map(|l| l.no)
                        .collect(),
                })
                .collect(),
            unrecognised: p
                .unrecognised()
                .into_iter()
                .map(|(line, text)| Unplaced {
                    location: at(line),
                    text,
                })
                .collect(),
            cells_in_prose: p
                .cells_in_prose
                .iter()
                .filter_map(|&no| {
                    let l = p.lines.iter().find(|l| l.no == no)?;
                    Some(Unplaced {
                        location: at(no),
                        text: l.raw.trim().to_owned(),
                    })
                })
                .collect(),
            short_tables: p
                .short_tables
                .iter()
                .map(|&(line, rows, implied)| ShortTable {
                    location: at(line),
                    rows,
                    implied,
                })
                .collect(),
            unread_tables: p
                .unread_tables
                .iter()
                .map(|t| UnreadTable {
                    location: at(t.line),
                    title: t.title.clone(),
                    columns: t.columns,
                    rows: t.rows,
                    amounts: t.amounts,
                })
                .collect(),
            notes: p.notes.clone(),
        }
    }
}

/// The whole run: per file, the notes from merging, and the files written or skipped.
#[derive(Clone, Debug, Default, Serialize, schemars::JsonSchema)]
pub struct RunReport {
    pub files: Vec<FileReport>,
    pub notes: Vec<String>,
    /// Parts of the texts that were read but that no written plan file holds.
    pub dropped: Vec<String>,
    pub written: Vec<String>,
    /// Files that exist and were left alone (no `--force`).
    pub skipped: Vec<String>,
    /// The run wrote no file: one existed (without `--force`) or one could
    /// not be written, and a run writes all its files or none.
    pub nothing_written: bool,
    pub errors: Vec<String>,
}

/// The report for people, in Swedish.
pub fn human(r: &RunReport) -> String {
    let mut s = String::new();
    for f in &r.files {
        let kind = match f.kind {
            PlanKind::Committee => "nämndplan",
            PlanKind::Unit => "enhetsplan",
        };
        s.push_str(&format!("{}: {kind}", f.location));
        if let Some(y) = f.year {
            s.push_str(&format!(" {y}"));
        }
        if let Some(c) = &f.committee {
            s.push_str(&format!(", nämnd {c}"));
        }
        if let Some(u) = &f.unit {
            s.push_str(&format!(", enhet {u}"));
        }
        if f.ocr {
            s.push_str(" (OCR-text)");
        }
        s.push('\n');
        let c = &f.counts;
        s.push_str(&format!(
            "  mål: {} inriktningsmål, {} mål för verksamhetsområdet, {} nämndmål, {} enhetsmål\n",
            c.directions, c.kf_goals, c.committee_goals, c.unit_goals
        ));
        s.push_str(&format!(
            "  {} indikatorer, {} aktiviteter; tabeller: {} med indikatorer, {} med aktiviteter, {} budgettabeller\n",
            c.indicators, c.activities, c.indicator_tables, c.activity_tables, c.budget_tables
        ));
        if f.ocr {
            s.push_str(&format!(
                "  OCR: {} ord lagade, {} ord kvar som ordlistan inte känner\n",
                f.repaired.len() + f.repaired_unlisted,
                f.left.len() + f.left_unlisted
            ));
            if !f.left.is_empty() {
                // A screenful, not hundreds: the JSON report lists every one.
                const SHOWN: usize = 25;
                let words: Vec<String> = f
                    .left
                    .iter()
                    .take(SHOWN)
                    .map(|u| format!("{} (rad {})", u.word, line_of(&u.location)))
                    .collect();
                let more = (f.left.len() + f.left_unlisted).saturating_sub(SHOWN);
                let tail = if f.left_unlisted > 0 {
                    format!(
                        " … och {more} till (de första {} med --format json)",
                        f.left.len()
                    )
                } else if more > 0 {
                    format!(" … och {more} till (alla med --format json)")
                } else {
                    String::new()
                };
                s.push_str(&format!("    kvar: {}{tail}\n", words.join(", ")));
            }
        }
        if !f.furniture.is_empty() {
            s.push_str(&format!(
                "  {} rader sidhuvud och sidfot borttagna (rad {})\n",
                f.furniture.len(),
                join_numbers(&f.furniture)
            ));
        }
        if !f.contents.is_empty() {
            s.push_str(&format!(
                "  innehållsförteckningen (rad {}–{}) borttagen med sidhuvudena\n",
                f.contents.first().unwrap_or(&0),
                f.contents.last().unwrap_or(&0)
            ));
        }
        for k in &f.skipped {
            s.push_str(&format!(
                "  hoppade över {} (rad {}–{})\n",
                k.what,
                line_of(&k.location),
                k.location.end_line.unwrap_or_default()
            ));
        }
        for t in &f.short_tables {
            s.push_str(&format!(
                "  tabellen på rad {} fick {} rader, men texten under huvudet har {}: läs tabellen för hand\n",
                line_of(&t.location), t.rows, t.implied
            ));
        }
        for t in &f.unread_tables {
            s.push_str(&format!(
                "  budgettabellen {} (rad {}) lästes inte: huvudet har {} kolumner och texten {} radrubriker och {} belopp, men alla belopp står före radrubrikerna, i en ordning som inte säger vilken cell varje belopp hör till: tabellen skrevs med kolumner och rader men tomma celler, skriv in beloppen för hand\n",
                t.title, line_of(&t.location), t.columns, t.rows, t.amounts
            ));
        }
        if !f.cells_in_prose.is_empty() {
            s.push_str(&format!(
                "  {} rader ser ut som tabellceller men hamnade i löptexten (en tabell lästes inte som tabell):\n",
                f.cells_in_prose.len()
            ));
            for u in &f.cells_in_prose {
                let shown = printable(&u.text);
                s.push_str(&format!("    rad {}: {shown}\n", line_of(&u.location)));
            }
        }
        if !f.has_findings() {
            s.push_str("  alla rader kändes igen\n");
        } else if !f.unrecognised.is_empty() {
            s.push_str(&format!(
                "  {} rader kunde inte placeras:\n",
                f.unrecognised.len()
            ));
            for u in &f.unrecognised {
                let shown = printable(&u.text);
                s.push_str(&format!("    rad {}: {shown}\n", line_of(&u.location)));
            }
        }
        for n in &f.notes {
            s.push_str(&format!("  obs: {n}\n"));
        }
    }
    if !r.dropped.is_empty() {
        s.push_str(&format!(
            "{} delar av texten kom inte med i planfilerna:\n",
            r.dropped.len()
        ));
        for d in &r.dropped {
            s.push_str(&format!("  {d}\n"));
        }
    }
    for n in &r.notes {
        s.push_str(&format!("obs: {n}\n"));
    }
    for w in &r.written {
        s.push_str(&format!("skrev {w}\n"));
    }
    for w in &r.skipped {
        s.push_str(&format!("{w}: filen finns redan\n"));
    }
    if r.nothing_written && !r.skipped.is_empty() {
        s.push_str("inga filer skrevs: en körning skriver alla sina filer eller ingen (använd --force för att skriva över)\n");
    } else if !r.skipped.is_empty() {
        s.push_str("använd --force för att skriva över\n");
    }
    for e in &r.errors {
        s.push_str(&format!("fel: {e}\n"));
    }
    s
}

fn join_numbers(ns: &[usize]) -> String {
    ns.iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The version of `vp import --format json`'s document (2: a line of the
/// text read is a `location`, `{"file", "line"}`, as every JSON output of vp
/// writes a place, in `repaired`, `left`, `unrecognised`, `cells_in_prose`
/// `short_tables` and `unread_tables`; a skipped part's `from` and `to` are its location's
/// `line` and `end_line`).
pub const JSON_VERSION: u32 = 2;

/// `vp import --format json`: the run's report with its version.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct JsonReport<'a> {
    pub version: u32,
    #[serde(flatten)]
    pub report: &'a RunReport,
}

/// The report as one JSON document.
pub fn json(r: &RunReport) -> String {
    let doc = JsonReport {
        version: JSON_VERSION,
        report: r,
    };
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

/// Input text as it may go to a terminal: control characters are shown (as
/// U+FFFD), not obeyed.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect()
}
