//! What a line is, structurally: a chapter, one of the goal headings
//! (`KF:s inriktningsmål:`, `KF:s mål för verksamhetsområdet:`, `Nämndmål:`,
//! `Enhetsmål:`), a goal's section, or a table's head.
//!
//! Headings are matched on folded text (no case, no accents) and, in OCR
//! text, with one character wrong, so `Namndmal:` and `Uppfbljning` are found.

use crate::import::text::fold;
use crate::model::prose::report_chapter;

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
    report_chapter::SUMMARY,
    report_chapter::BACKGROUND,
    report_chapter::PREPARATION,
    "Inledning",
    "Uppföljning av ekonomi",
    "Redovisning av ekonomi",
    "Övrigt",
    "Systematiskt kvalitetsarbete",
];
pub(super) const ECONOMY_CHAPTERS: [&str; 2] = ["Uppföljning av ekonomi", "Redovisning av ekonomi"];

/// What a line is, structurally.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Class {
    Chapter(&'static str),
    /// `KF:s inriktningsmål:` and the text after the colon.
    Direction(String),
    KfGoal(String),
    CommitteeGoal(String),
    UnitGoal(String),
    /// `1. En modern storstad …`: an inriktningsmål printed as a numbered
    /// heading, without the label; or an item of a numbered list, which the
    /// parser tells apart by what follows.
    NumberedDirection(i64, String),
    /// `1.3 I Stockholm når barn …` (or `1.3.`): one of KF's goals printed as
    /// a numbered heading, or a line of prose that starts with a number.
    NumberedKfGoal(i64, String),
    Section(&'static str),
    IndicatorHeader,
    ActivityHeader,
    /// A part of a table's head on a line of its own (`Årsmål`,
    /// `Startdatum`), as text read cell by cell gives it.
    HeaderPart(Header),
    /// `Indikatorer`, `Aktiviteter`: the caption over a table.
    Caption,
    /// `Bilaga: Sammanställning av enheternas planer`: what vp writes from
    /// `vp rollup` under a nämnd's plan, not plan content.
    RollupAppendix,
    Other,
}

/// Which table a head belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Header {
    /// `Indikator`: the first cell of an indicator table's head.
    IndicatorFirst,
    Indicator,
    /// `Aktivitet`: the first cell of an activity table's head.
    ActivityFirst,
    Activity,
}

impl Class {
    pub(super) fn is_structural(&self) -> bool {
        *self != Class::Other
    }
}

/// The appendix `vp render` adds to a nämnd's plan from the rollup.
pub const ROLLUP_APPENDIX: &str = "Bilaga: Sammanställning av enheternas planer";

/// `1. Title` → (1, `Title`); `1.3 Title`, `1.3. Title` → (1, `1.3 Title`'s
/// number and title). The title must start with a capital letter.
fn numbered(text: &str) -> Option<Class> {
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() || digits.len() > 2 {
        return None;
    }
    let major: i64 = digits.parse().ok()?;
    let rest = &text[digits.len()..];
    let capital = |t: &str| t.chars().next().is_some_and(char::is_uppercase);
    if let Some(title) = rest.strip_prefix(". ") {
        return (major >= 1 && capital(title))
            .then(|| Class::NumberedDirection(major, title.to_owned()));
    }
    let minor = rest.strip_prefix('.')?;
    let minor_digits: String = minor.chars().take_while(char::is_ascii_digit).collect();
    if minor_digits.is_empty() || minor_digits.len() > 2 {
        return None;
    }
    let after = &minor[minor_digits.len()..];
    let title = after
        .strip_prefix(". ")
        .or_else(|| after.strip_prefix(' '))?;
    (major >= 1 && capital(title)).then(|| Class::NumberedKfGoal(major, text.to_owned()))
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

/// Classifies one line of text (OCR-repaired when `ocr`).
pub fn classify(text: &str, ocr: bool) -> Class {
    // Keywords start a line and chapters and sections are short: a long line
    // needs only its start folded.
    if text == ROLLUP_APPENDIX {
        return Class::RollupAppendix;
    }
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
    // A table's head is a line of its own: words after it are something else.
    let length = text.chars().count();
    if (folded.starts_with("indikator arsmal") && length <= 44)
        || (ocr && folded.starts_with("indikator ")) && folded.contains("periodicitet")
    {
        return Class::IndicatorHeader;
    }
    if folded.starts_with("aktivitet startdatum") && length <= 32 {
        return Class::ActivityHeader;
    }
    if let Some(c) = numbered(text) {
        return c;
    }
    // Headings start with a capital letter: `utveckling` on a line of its own
    // ends a wrapped sentence or title (OCR text may have lost the capital).
    if long || (!ocr && !text.chars().next().is_some_and(char::is_uppercase)) {
        return Class::Other;
    }
    match bare {
        "indikator" => return Class::HeaderPart(Header::IndicatorFirst),
        "arsmal"
        | "kf:s arsmal"
        | "periodicitet"
        | "arsmal kf:s arsmal"
        | "arsmal kf:s arsmal periodicitet"
        | "kf:s arsmal periodicitet" => {
            return Class::HeaderPart(Header::Indicator);
        }
        "aktivitet" => return Class::HeaderPart(Header::ActivityFirst),
        "startdatum" | "slutdatum" | "startdatum slutdatum" => {
            return Class::HeaderPart(Header::Activity);
        }
        "indikatorer" | "aktiviteter" => return Class::Caption,
        _ => {}
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
        assert_eq!(
            classify("1. En modern storstad", false),
            Class::NumberedDirection(1, "En modern storstad".into())
        );
        assert_eq!(
            classify("1.3 I Stockholm når barn", false),
            Class::NumberedKfGoal(1, "1.3 I Stockholm når barn".into())
        );
        assert_eq!(
            classify("2.5. Stockholm är en hållbar stad", false),
            Class::NumberedKfGoal(2, "2.5. Stockholm är en hållbar stad".into())
        );
        assert_eq!(classify("2019. Det året", false), Class::Other);
        assert_eq!(classify("1.3 miljoner", false), Class::Other);
        assert_eq!(
            classify("KF:s årsmål", false),
            Class::HeaderPart(Header::Indicator)
        );
        assert_eq!(classify("Aktiviteter", false), Class::Caption);
        assert_eq!(classify("utveckling", false), Class::Other);
    }
}
