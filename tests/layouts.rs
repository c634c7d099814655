//! `vp import` on the seeds laid out as other extractions would lay them out.
//! Each seed is taken apart into its paragraphs (a line that ends in a space
//! goes on on the next, as pdftotext writes it), its page furniture taken
//! out, and laid out again: wrapped at other widths, with or without the
//! trailing space that marks a wrapped line, with page breaks moved and page
//! furniture (running head, page number, a running foot) put in at random
//! places — in the middle of paragraphs, goal titles and table rows, and
//! for each width once right inside a wrapped title and a wrapped table row.
//! Every goal title, indicator, activity and budget row must come out as the
//! seed's own import gives them. Generated here from the seeds, with several
//! widths and seeds of randomness; ignored without `../shared/seeds`.

#[path = "common/seeds.rs"]
mod seeds;
use seeds::seed;

use std::path::PathBuf;

use vp::import::{self, document::Document};

/// xorshift: the same variants every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// A paragraph of the seed: its text, and whether it is blank.
#[derive(Clone, Debug)]
enum Para {
    Blank,
    Text(String),
}

/// The seed's paragraphs: lines joined where pdftotext marked a wrap with a
/// trailing space, page furniture and the space that starts a page dropped.
fn paragraphs(text: &str) -> Vec<Para> {
    let lines = import::layout::lines(text);
    let mut out: Vec<Para> = Vec::new();
    let mut current: Option<String> = None;
    for l in &lines {
        match l.kind {
            import::text::LineKind::Furniture => continue,
            import::text::LineKind::Blank => {
                if let Some(c) = current.take() {
                    out.push(Para::Text(c));
                }
                if !matches!(out.last(), Some(Para::Blank)) {
                    out.push(Para::Blank);
                }
                continue;
            }
            import::text::LineKind::Text => {}
        }
        let t = l.raw.trim().to_owned();
        let ends_row = row_end(&t).is_some();
        match current.as_mut() {
            Some(c) => {
                c.push(' ');
                c.push_str(&t);
            }
            None => current = Some(t),
        }
        // A table row ends its paragraph, whatever space follows it.
        if (!l.soft || ends_row)
            && let Some(c) = current.take()
        {
            out.push(Para::Text(c));
        }
    }
    if let Some(c) = current {
        out.push(Para::Text(c));
    }
    out
}

/// Where a table row's cells of values start, if the line ends one: the
/// dates of an activity, the targets and periodicity of an indicator, the
/// amounts of a budget row. Another width wraps the first cell, and leaves
/// these on the row's line, as a table does.
fn row_end(t: &str) -> Option<usize> {
    if let Some((text, _, _)) = import::tables::split_dates(t) {
        return Some(text.len());
    }
    let (name, values, period) = import::tables::split_indicator(t, false);
    if period.is_some() && (t.split(' ').count() > 1 || !values.is_empty()) {
        return Some(name.len());
    }
    let (label, amounts) = import::tables::trailing_amounts(t);
    (amounts.len() >= 2).then_some(label.len())
}

/// How a variant is laid out.
#[derive(Clone, Copy, Debug)]
struct Style {
    width: usize,
    /// Wrapped lines end in a space (pdftotext), or not (copy-paste, Tika).
    soft: bool,
    /// Lines between page breaks.
    page: usize,
}

/// A line of the variant, and what it is part of.
struct Out {
    text: String,
    /// Inside a paragraph that goes on on the next line.
    wraps: bool,
}

fn wrap(p: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for w in p.split(' ').filter(|w| !w.is_empty()) {
        if !cur.is_empty() && cur.chars().count() + 1 + w.chars().count() > width {
            lines.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(w);
    }
    if !cur.is_empty() || lines.is_empty() {
        lines.push(cur);
    }
    lines
}

/// Page furniture as a page break brings it: the foot of one page, the head
/// and number of the next.
fn page_break(k: usize, n: usize) -> Vec<String> {
    vec![
        String::new(),
        "Stockholms stad · Verksamhetsplan".to_owned(),
        "\u{c}Tjänsteutlåtande".to_owned(),
        format!("Sid {k} ({n})"),
        String::new(),
    ]
}

/// The seed laid out again in `style`, page breaks at random lines
/// (randomness from `seed`) and once inside the first wrapped goal title and
/// the first wrapped indicator or activity row.
fn relayout(paras: &[Para], style: Style, seed: u64) -> (String, usize, bool, bool) {
    let mut rng = Rng(seed);
    let mut out: Vec<Out> = Vec::new();
    let mut after_label = false;
    let mut forced_title: Option<usize> = None;
    let mut forced_row: Option<usize> = None;
    let mut in_table = false;
    for (k, p) in paras.iter().enumerate() {
        match p {
            Para::Blank => out.push(Out {
                text: String::new(),
                wraps: false,
            }),
            Para::Text(t) => {
                let folded = import::text::fold(t);
                if folded.starts_with("indikator arsmal")
                    || folded.starts_with("aktivitet startdatum")
                {
                    in_table = true;
                } else if ["namndmal", "enhetsmal", "kf:s", "forvantat", "beskrivning"]
                    .iter()
                    .any(|h| folded.starts_with(h))
                {
                    in_table = false;
                }
                let mut lines = match row_end(t) {
                    Some(at) if at > 0 => {
                        let mut l = wrap(t[..at].trim(), style.width);
                        if let Some(last) = l.last_mut() {
                            last.push(' ');
                            last.push_str(t[at..].trim());
                        }
                        l
                    }
                    _ => wrap(t, style.width),
                };
                // A word the seed broke inside a table cell without a mark
                // (`energieffekti` / `visering`): text without trailing spaces
                // can only say so with a soft hyphen, as typeset text has it.
                let broken = in_table
                    && !style.soft
                    && style.width != usize::MAX
                    && t.chars().last().is_some_and(char::is_alphabetic)
                    && matches!(paras.get(k + 1), Some(Para::Text(n)) if n.chars().next().is_some_and(char::is_lowercase));
                if broken && let Some(last) = lines.last_mut() {
                    last.push('\u{ad}');
                }
                let n = lines.len();
                if n > 1 && after_label && forced_title.is_none() {
                    forced_title = Some(out.len() + 1);
                }
                if n > 1 && in_table && forced_row.is_none() {
                    forced_row = Some(out.len() + 1);
                }
                for (i, l) in lines.into_iter().enumerate() {
                    out.push(Out {
                        text: l,
                        wraps: i + 1 < n,
                    });
                }
                after_label = matches!(t.as_str(), "Nämndmål:" | "Enhetsmål:");
            }
        }
    }
    // Where pages break: every `page` lines or so, and at the two forced places.
    let mut breaks: Vec<usize> = Vec::new();
    let mut at = 0;
    loop {
        at += style.page / 2 + rng.below(style.page as u64) as usize;
        if at >= out.len() {
            break;
        }
        breaks.push(at);
    }
    let forced = (forced_title.is_some(), forced_row.is_some());
    breaks.extend(forced_title);
    breaks.extend(forced_row);
    breaks.sort_unstable();
    breaks.dedup();
    let pages = breaks.len() + 1;
    let mut text = String::new();
    let mut page = 1;
    for (i, l) in out.iter().enumerate() {
        if breaks.contains(&i) {
            page += 1;
            for f in page_break(page, pages) {
                text.push_str(&f);
                text.push('\n');
            }
        }
        text.push_str(&l.text);
        if l.wraps && style.soft {
            text.push(' ');
        }
        text.push('\n');
    }
    (text, breaks.len(), forced.0, forced.1)
}

/// Everything a plan is made of, as the import reads it, one line each.
fn items(doc: &Document) -> Vec<String> {
    let mut out = Vec::new();
    let row = |kind: &str, goal: &str, r: &import::document::IndicatorRow| {
        format!(
            "{kind} {goal} | {} | {:?} | {:?} | {:?}",
            r.name, r.target, r.kf_target, r.periodicity
        )
    };
    let act = |goal: &str, a: &import::document::ActivityRow| {
        format!("aktivitet {goal} | {} | {} | {}", a.text, a.start, a.end)
    };
    for d in doc.directions() {
        out.push(format!("inriktningsmål {} {}", d.number, d.title));
        for g in &d.goals {
            out.push(format!("KF-mål {} {}", g.number, g.title));
            out.extend(g.indicators.iter().map(|r| row("indikator", &g.number, r)));
            out.extend(g.activities.iter().map(|a| act(&g.number, a)));
            for c in &g.committee_goals {
                out.push(format!("nämndmål {}", c.title));
                out.extend(c.indicators.iter().map(|r| row("indikator", &c.title, r)));
                out.extend(c.activities.iter().map(|a| act(&c.title, a)));
                for u in &c.unit_goals {
                    out.push(format!("enhetsmål {}", u.title));
                    out.extend(u.indicators.iter().map(|r| row("indikator", &u.title, r)));
                    out.extend(u.activities.iter().map(|a| act(&u.title, a)));
                }
            }
        }
    }
    for t in &doc.tables {
        for r in &t.rows {
            out.push(format!(
                "budget {:?} | {} | {:?} | {} | {:?}",
                t.title,
                r.label,
                r.kind,
                r.values.join(" | "),
                r.note
            ));
        }
    }
    out
}

fn first_difference(want: &[String], got: &[String]) -> String {
    let at = want
        .iter()
        .zip(got)
        .position(|(a, b)| a != b)
        .unwrap_or(want.len().min(got.len()));
    format!(
        "post {at} av {} (fick {}):\n  väntat: {:?}\n  fick:   {:?}",
        want.len(),
        got.len(),
        want.get(at),
        got.get(at)
    )
}

/// Variants whose text cannot say what the seed's import read, and why:
/// (seed, width, trailing spaces, the item that differs).
const UNDECIDABLE: &[(&str, usize, bool, &str, &str)] = &[(
    "002",
    84,
    false,
    "KF-mål 1.2 Stockholm är en trygg, säker och välskött stad att bo och vistas i",
    "the title ends in `i`, fills its line, and the next line (`Trygghetsskapande \
     arbete`, a heading of the goal's text) could as well be its last words: without \
     the trailing space that marks a wrapped line, and with no table of contents to \
     list the title, nothing in the text tells them apart",
)];

/// The clean seeds at three widths, with and without the trailing space,
/// each with two seeds of randomness for where pages break.
#[test]
#[cfg_attr(not(seeds), ignore = "needs ../shared/seeds")]
fn seeds_laid_out_otherwise_import_the_same() {
    let mut failures = Vec::new();
    let mut variants = 0;
    let mut breaks = 0;
    let mut explained = 0;
    let (mut inside_titles, mut inside_rows) = (0, 0);
    for prefix in ["000", "002", "003", "004"] {
        let (name, text) = seed(prefix);
        let want = items(&import::read(&name, &text).doc);
        assert!(want.len() > 10, "seed {prefix}: {want:?}");
        let paras = paragraphs(&text);
        for width in [62, 84, 118] {
            for soft in [true, false] {
                for chance in [1u64, 2] {
                    let style = Style {
                        width,
                        soft,
                        page: 45,
                    };
                    let seed_of = (width as u64) << 8 | chance << 1 | u64::from(soft);
                    let (variant, n, in_title, in_row) =
                        relayout(&paras, style, 0x9e37_79b9 ^ seed_of);
                    breaks += n;
                    inside_titles += usize::from(in_title);
                    inside_rows += usize::from(in_row);
                    if let Some(dir) = std::env::var_os("VP_LAYOUTS_KEEP") {
                        let dir = PathBuf::from(dir);
                        std::fs::create_dir_all(&dir).unwrap();
                        let file = format!("{prefix}-{width}-{soft}-{chance}.txt");
                        std::fs::write(dir.join(file), &variant).unwrap();
                    }
                    let got = items(&import::read(&name, &variant).doc);
                    let undecidable = UNDECIDABLE.iter().find(|(p, w, so, item, _)| {
                        *p == prefix
                            && *w == width
                            && *so == soft
                            && want.iter().zip(&got).find(|(a, b)| a != b).is_some_and(|(a, _)| a == item)
                            // Only that item: the rest is the same.
                            && want.iter().zip(&got).filter(|(a, b)| a != b).count() == 1
                    });
                    if undecidable.is_some() {
                        explained += 1;
                    } else if got != want {
                        failures.push(format!(
                            "frö {prefix}, bredd {width}, {}, slump {chance}: {}",
                            if soft {
                                "mjuka radslut"
                            } else {
                                "utan mjuka radslut"
                            },
                            first_difference(&want, &got)
                        ));
                    }
                    variants += 1;
                }
            }
        }
    }
    assert_eq!(variants, 48);
    // Each undecidable case shows in both its variants of randomness, and
    // the list is kept exact.
    assert_eq!(
        explained,
        2 * UNDECIDABLE.len(),
        "UNDECIDABLE stämmer inte längre"
    );
    assert!(breaks > 48 * 3, "{breaks} sidbrytningar");
    // A page break inside a wrapped goal title and inside a wrapped table
    // row in most variants (at the widest, some seeds wrap none).
    eprintln!(
        "{variants} varianter, {breaks} sidbrytningar, {inside_titles} inne i en titel, {inside_rows} inne i en tabellrad"
    );
    assert!(
        inside_titles >= 32,
        "{inside_titles} brytningar inne i en titel"
    );
    assert!(
        inside_rows >= 32,
        "{inside_rows} brytningar inne i en tabellrad"
    );
    assert!(
        failures.is_empty(),
        "{} av {variants} varianter skiljer sig:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The OCR seed (001) has no trailing spaces to say where its lines were
/// wrapped, so its lines are kept as they are; its page breaks are moved,
/// with their furniture, to random places (and inside a title and a row).
#[test]
#[cfg_attr(not(seeds), ignore = "needs ../shared/seeds")]
fn ocr_seed_with_page_breaks_moved_imports_the_same() {
    let (name, text) = seed("001");
    let want = items(&import::read(&name, &text).doc);
    assert!(want.len() > 10, "{want:?}");
    let paras = paragraphs(&text);
    for chance in 1u64..=4 {
        let style = Style {
            width: usize::MAX,
            soft: false,
            page: 30 + 10 * chance as usize,
        };
        let (variant, n, _, _) = relayout(&paras, style, 0x5bd1_e995 ^ chance);
        if let Some(dir) = std::env::var_os("VP_LAYOUTS_KEEP") {
            let dir = PathBuf::from(dir);
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join(format!("001-{chance}.txt")), &variant).unwrap();
        }
        assert!(n > 5, "{n} sidbrytningar");
        let got = items(&import::read(&name, &variant).doc);
        assert!(
            got == want,
            "slump {chance}: {}",
            first_difference(&want, &got)
        );
    }
}
