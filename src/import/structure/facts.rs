//! Facts a plan states in passing rather than under a heading: its year,
//! its nämnd (or the nämnder a shared unit works for), the unit's name and
//! department, the plan's period, when it was adopted, and the dates of
//! ärendets beredning.

use crate::import::committees;
use crate::import::document::{Block, Document, PlanKind};
use crate::import::tables;
use crate::import::text::{Line, LineKind, fold, join_wrapped};
use crate::model::prose::report_chapter;

/// Year, nämnd, unit, period and the other facts the text states in passing,
/// into `doc`. Reads the first chapter's paragraphs: call it once the prose is built.
pub(super) fn read(doc: &mut Document, lines: &[Line]) {
    let committee_plan = doc.chapters().any(|c| {
        [report_chapter::SUMMARY, report_chapter::PREPARATION].contains(&c.title.as_str())
    });
    doc.kind = if committee_plan {
        PlanKind::Committee
    } else {
        PlanKind::Unit
    };
    // What a plan says in passing it says early: the first 400 kB (twice the
    // largest seed) are enough, and a long text costs no more.
    let mut all_text = String::new();
    for l in lines.iter().filter(|l| l.is_text()) {
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
    // A nämnd a text only mentions ("en ny förvaltning tillsammans med
    // Älvsjö") is not the plan's: the plan's is the one it names by its
    // organisation's name, as a letterhead, a cover or a unit's description
    // does ("… inom Förskoleavdelningen i Hägersten-Liljeholmens
    // stadsdelsförvaltning"). Running heads and feet say it too.
    let mut named_text = String::new();
    for l in lines.iter().filter(|l| l.kind != LineKind::Blank) {
        if named_text.len() > 400_000 {
            break;
        }
        named_text.push_str(&l.text);
        named_text.push('\n');
    }
    doc.committee = organisation_named(&named_text.replace("-\n", "-"));
    doc.committee_clear = doc.committee.is_some();
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
        // A title block names the unit, and its department before the nämnd.
        let block = doc.title_block.clone();
        doc.unit_name = block
            .as_ref()
            .map(|b| b.name.clone())
            .or_else(|| unit_name(&opening));
        doc.department = block
            .as_ref()
            .and_then(|b| b.subtitle.as_deref())
            .and_then(|s| s.split(", ").next())
            .filter(|d| organisation_named(d).is_none() && !d.contains("stadsdels"))
            .map(str::to_owned)
            .or_else(|| department(&opening));
    }
    doc.period = doc
        .title_block
        .as_ref()
        .and_then(|b| b.period.clone())
        .or_else(|| period(&all_text));
    doc.adopted = adopted(&all_text);
    if doc.kind == PlanKind::Committee {
        let beredning: Vec<usize> = doc
            .chapters()
            .filter(|c| c.title == "Ärendets beredning")
            .flat_map(|c| c.prose.lines.iter().copied())
            .collect();
        let mut text = String::new();
        for k in beredning {
            if lines[k].is_text()
                && !doc
                    .signatories
                    .iter()
                    .any(|(n, _)| lines[k].text.contains(n.as_str()))
            {
                join_wrapped(&mut text, &lines[k].text);
            }
        }
        doc.preparation = preparation(&text);
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

/// The value most often in `xs`, the least of those equally often.
fn mode(xs: &[i32]) -> Option<i32> {
    let mut counts: std::collections::BTreeMap<i32, usize> = std::collections::BTreeMap::new();
    for &x in xs {
        *counts.entry(x).or_default() += 1;
    }
    let mut best: Option<(i32, usize)> = None;
    for (x, n) in counts {
        if best.is_none_or(|(_, bn)| n > bn) {
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

/// The nämnder the text names (see [`committees`]), with how often, most named first.
fn committees_named(text: &str) -> Vec<(String, usize)> {
    let folded = fold(text).replace('\n', " ");
    let count = |p: &str| folded.matches(p).count();
    let mut out = Vec::new();
    let all = committees::builtin();
    for c in all {
        let mut n = 0;
        for p in &c.spellings {
            n += count(p);
            // A longer name that holds this one is not a mention of it:
            // "Hägersten-Älvsjö" is not Älvsjö.
            for other in all {
                if other.id != c.id {
                    for l in &other.spellings {
                        if l.len() > p.len() && l.contains(p.as_str()) {
                            n = n.saturating_sub(count(l));
                        }
                    }
                }
            }
        }
        if n > 0 {
            out.push((c.id.clone(), n));
        }
    }
    out.sort_by_key(|c| std::cmp::Reverse(c.1));
    out
}

/// The nämnd whose organisation the text names by its name: "Hägersten-
/// Liljeholmens stadsdelsnämnd", "Hägersten Liljeholmens stadsdelsförvaltning"
/// (in OCR text "stadsdelsférvaltning"). Of several, the one named most, and of
/// those named as often the first (a unit shared by three lists its own nämnd
/// first). `None` when the text names none.
fn organisation_named(text: &str) -> Option<String> {
    let folded = fold(text).replace('\n', " ");
    // (id, how often, where first)
    let mut found: Vec<(&str, usize, usize)> = Vec::new();
    for c in committees::builtin() {
        let mut n = 0;
        let mut first = usize::MAX;
        for p in &c.spellings {
            for (at, _) in folded.match_indices(p.as_str()) {
                // A whole name: "Hägersten-Älvsjö" is not Älvsjö's.
                let before = folded[..at].chars().next_back();
                if before.is_some_and(|b| b.is_alphanumeric() || b == '-') {
                    continue;
                }
                let rest = &folded[at + p.len()..];
                let rest = rest.strip_prefix('s').unwrap_or(rest);
                if rest.starts_with(" stadsdels") {
                    n += 1;
                    first = first.min(at);
                }
            }
        }
        if n > 0 {
            found.push((c.id.as_str(), n, first));
        }
    }
    found
        .into_iter()
        .min_by_key(|&(_, n, first)| (std::cmp::Reverse(n), first))
        .map(|(id, _, _)| id.to_owned())
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
    for c in committees::builtin() {
        for p in &c.spellings {
            if let Some(at) = rest.find(p.as_str()) {
                found.push((at, c.id.clone()));
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

/// `10 januari 2019` in a list of words at `k`: the ISO date and how many words it took.
fn swedish_date(words: &[&str], k: usize, year_default: Option<&str>) -> Option<(String, usize)> {
    let day: u32 = words.get(k)?.parse().ok()?;
    let month_word = words.get(k + 1)?.trim_end_matches(['.', ',']);
    let month = crate::model::value::MONTHS
        .iter()
        .position(|m| *m == month_word)?;
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
    fn facts_in_passing() {
        assert_eq!(
            organisation_named("inom Förskoleavdelningen i Hägersten \nLiljeholmens stadsdelsförvaltning. Hägersten-Älvsjö stadsdelsnämnd, Hägersten-Älvsjö stadsdelsförvaltning".replace('\n', "").as_str()).as_deref(),
            Some("hagersten-alvsjo")
        );
        assert_eq!(
            organisation_named(
                "en ny förvaltning tillsammans med Älvsjö; stadsdelsförvaltningens egna"
            ),
            None
        );
        assert_eq!(
            organisation_named(
                "Familjerätt, Hägersten-Liljeholmens stadsdelsnämnd, Skärholmens stadsdelsnämnd"
            )
            .as_deref(),
            Some("hagersten-liljeholmen")
        );
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
