//! Renderers over one [`Diff`]: text for the terminal, Markdown for a
//! pull-request comment, a self-contained HTML page, and JSON. Each returns text.

use super::Diff;

/// The diff as pretty JSON, described by `schemas/diff.schema.json`.
pub fn json(diff: &Diff) -> serde_json::Result<String> {
    let mut s = serde_json::to_string_pretty(diff)?;
    s.push('\n');
    Ok(s)
}

mod html;
mod markdown;
mod text;
mod walk;

pub use html::html;
pub use html::{MARKS as HTML_MARKS, Parts as HtmlParts, parts as html_parts};
pub(crate) use markdown::esc as md_escape;
pub use markdown::{MIN_BOUND, bounded, markdown};
pub use text::{Style, text};

use super::{
    Ambition, Change, GoalDiff, GoalLevel, IndicatorDiff, MatchInfo, PlanDiff, PlanKind, PlanRef,
    Summary, WordOp, WordTag,
};

/// What happened to a plan's part under a KF goal: the plan's part, not KF's goal.
pub(crate) fn kf_part_words(change: Change) -> &'static str {
    match change {
        Change::Added => "planen visar något här (nytt)",
        Change::Removed => "planen visar inget här längre",
        Change::Changed => "ändrat i det planen visar",
    }
}

/// The KF goal a plan's part stands under, as the newer side numbers it.
pub(crate) fn kf_part_number(k: &crate::diff::KfPartDiff) -> &str {
    k.new.as_ref().or(k.old.as_ref()).map_or("", String::as_str)
}

/// An indicator's target as one side shows it, saying whose it is:
/// ` (nämndens årsmål 3,3 GWh)`; empty when the row stands for no target.
pub(crate) fn target_note(r: &super::IndicatorRef) -> String {
    use crate::model::graph::TargetSource;
    if r.target.is_empty() {
        return String::new();
    }
    let whose = match r.target_source {
        Some(TargetSource::Committee) => "nämndens ",
        Some(TargetSource::Kf) => "KF:s ",
        _ => "",
    };
    format!(" ({whose}årsmål {})", r.target)
}

/// The summary as (kind, counts) rows, leaving out kinds with nothing to count.
pub(crate) fn summary_rows(s: &Summary) -> Vec<(&'static str, String)> {
    let n = |count: usize, one: &str, many: &str| {
        format!("{count} {}", if count == 1 { one } else { many })
    };
    let mut rows = vec![(
        "Planer",
        format!(
            "{}, {} med skillnader, {}, {}",
            n(s.plans_compared, "jämförd", "jämförda"),
            s.plans_changed,
            n(s.plans_added, "tillagd", "tillagda"),
            n(s.plans_removed, "borttagen", "borttagna")
        ),
    )];
    if s.committee_changed > 0 {
        rows.push(("Ny nämnd", n(s.committee_changed, "plan", "planer")));
    }
    let mut push = |label, parts: &[(usize, &str, &str)]| {
        let shown: Vec<String> = parts
            .iter()
            .filter(|(count, _, _)| *count > 0)
            .map(|&(count, one, many)| n(count, one, many))
            .collect();
        if !shown.is_empty() {
            rows.push((label, shown.join(", ")));
        }
    };
    push(
        "KF:s mål",
        &[
            (s.kf_goals_added, "tillagt", "tillagda"),
            (s.kf_goals_removed, "borttaget", "borttagna"),
            (s.kf_goals_changed, "ändrat", "ändrade"),
        ],
    );
    push(
        "Enheters nämndmål",
        &[
            (s.unit_committee_goals_added, "tillagt", "tillagda"),
            (s.unit_committee_goals_removed, "borttaget", "borttagna"),
        ],
    );
    push(
        "Mål",
        &[
            (s.goals_added, "tillagt", "tillagda"),
            (s.goals_removed, "borttaget", "borttagna"),
            (s.goals_reworded, "omformulerat", "omformulerade"),
            (s.goals_moved, "flyttat", "flyttade"),
        ],
    );
    push(
        "Indikatorer",
        &[
            (s.indicators_added, "tillagd", "tillagda"),
            (s.indicators_removed, "borttagen", "borttagna"),
            (s.targets_changed, "nytt årsmål", "nya årsmål"),
            (s.indicators_changed, "ändrad", "ändrade"),
        ],
    );
    push(
        "Aktiviteter",
        &[
            (s.activities_added, "tillagd", "tillagda"),
            (s.activities_removed, "borttagen", "borttagna"),
            (s.activity_dates_changed, "med nya datum", "med nya datum"),
            (s.activity_texts_changed, "med ny text", "med ny text"),
        ],
    );
    push("Textavsnitt", &[(s.sections_changed, "ändrat", "ändrade")]);
    push(
        "Budgetrader",
        &[
            (s.budget_rows_added, "tillagd", "tillagda"),
            (s.budget_rows_removed, "borttagen", "borttagna"),
            (s.budget_rows_changed, "ändrad", "ändrade"),
        ],
    );
    rows
}

/// `Enhetsplan Resursenheten`, `Nämndplan Hägersten-Älvsjö stadsdelsnämnd`.
pub(crate) fn plan_title(p: &PlanDiff) -> String {
    let r = p.new.as_ref().or(p.old.as_ref());
    match r {
        Some(r) if r.kind == PlanKind::Unit => format!(
            "Enhetsplan {}",
            r.unit_name.as_deref().or(r.unit.as_deref()).unwrap_or("")
        ),
        Some(r) => format!("Nämndplan {}", r.committee_name),
        None => String::new(),
    }
}

/// `2020, Hägersten-Liljeholmens stadsdelsnämnd (2020/…/resursenheten.yaml)`.
pub(crate) fn side(r: &PlanRef) -> String {
    format!("{}, {} ({})", r.year, r.committee_name, r.path)
}

pub(crate) fn goal_word(level: GoalLevel) -> &'static str {
    match level {
        GoalLevel::CommitteeGoal => "Nämndmål",
        GoalLevel::UnitGoal => "Enhetsmål",
    }
}

/// `gissad koppling, likhet 0,42` for an indicator or activity paired by
/// similar text alone: the reader is told the pair is a guess.
pub(crate) fn guess_note(m: Option<&MatchInfo>) -> Option<String> {
    m.filter(|m| m.reason == super::Reason::SimilarText)
        .map(|m| format!("gissad koppling, likhet {}", decimal(m.score, 2)))
}

/// `angiven koppling, likhet 0,35`.
pub(crate) fn match_text(m: &MatchInfo) -> String {
    format!("{}, likhet {}", m.reason.label(), decimal(m.score, 2))
}

/// A number with decimal comma and at most `places` decimals, trailing zeros dropped.
pub(crate) fn decimal(v: f64, places: usize) -> String {
    let s = format!("{v:.places$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s
    };
    let s = if s == "-0" { "0".to_owned() } else { s };
    s.replace('.', ",").replace('-', "−")
}

/// A difference with its sign: `+12,3`, `−0,4`.
pub(crate) fn signed(v: f64, places: usize) -> String {
    let d = decimal(v, places);
    if v > 0.0 && d != "0" {
        format!("+{d}")
    } else {
        d
    }
}

/// A budget amount, one decimal: `1 948,4`.
pub(crate) fn format_amount(v: f64) -> String {
    crate::model::value::format_amount(v)
}

/// A budget difference with its sign: `+10,0`, `−0,4`.
pub(crate) fn signed_amount(v: f64) -> String {
    let s = format_amount(v);
    if v > 0.0 && s != "0,0" {
        format!("+{s}")
    } else {
        s
    }
}

/// What changed in an indicator, in words: `årsmål 80 % → 85 % (+5, mer ambitiöst); periodicitet`.
pub(crate) fn indicator_changes(i: &IndicatorDiff) -> String {
    let mut parts = Vec::new();
    if let Some(t) = &i.target {
        let empty = |s: &str| {
            if s.is_empty() {
                "(inget)".to_owned()
            } else {
                s.to_owned()
            }
        };
        let mut s = format!("årsmål {} → {}", empty(&t.old), empty(&t.new));
        let mut notes = Vec::new();
        if let Some(d) = t.difference.filter(|d| *d != 0.0) {
            notes.push(signed(d, 4));
        }
        if t.ambition != Ambition::Unknown || t.difference.is_some() {
            match &t.incomparable {
                Some(why) => notes.push(format!("{}: {}", t.ambition.label(), why.explain())),
                None => notes.push(t.ambition.label().to_owned()),
            }
        } else if let Some(why) = &t.incomparable {
            notes.push(format!("{}: {}", t.ambition.label(), why.explain()));
        }
        if !notes.is_empty() {
            s.push_str(&format!(" ({})", notes.join(", ")));
        }
        parts.push(s);
    }
    let (o, n) = (i.old.as_ref(), i.new.as_ref());
    for &f in &i.fields {
        let show = |r: Option<&super::IndicatorRef>| {
            r.and_then(|r| f.value(r))
                .unwrap_or_else(|| "(ingen)".to_owned())
        };
        parts.push(format!("{} {} → {}", f.label(), show(o), show(n)));
    }
    if let (Some(o), Some(n)) = (o, n)
        && o.id != n.id
    {
        parts.push(format!("id {} → {}", o.id, n.id));
    }
    parts.join("; ")
}

/// `+`, `-` or `~`.
pub(crate) fn sign(c: Change) -> char {
    match c {
        Change::Added => '+',
        Change::Removed => '-',
        Change::Changed => '~',
    }
}

/// The ops with long unchanged runs cut to `context` words at each side of a change.
pub(crate) fn with_context(ops: &[WordOp], context: usize) -> Vec<WordOp> {
    let n = ops.len();
    ops.iter()
        .enumerate()
        .map(|(i, op)| {
            if op.op != WordTag::Equal {
                return op.clone();
            }
            let words: Vec<&str> = op.text.split_whitespace().collect();
            let (first, last) = (i == 0, i + 1 == n);
            let keep_start = if first { 0 } else { context };
            let keep_end = if last { 0 } else { context };
            if words.len() <= keep_start + keep_end + 2 {
                return op.clone();
            }
            let mut text = String::new();
            if !first {
                text.push_str(&words[..keep_start].join(" "));
                text.push(' ');
            }
            text.push('…');
            if !last {
                text.push(' ');
                text.push_str(&words[words.len() - keep_end..].join(" "));
            }
            // Keep the spaces that joined this run to its neighbours.
            if !first && op.text.starts_with(char::is_whitespace) {
                text.insert(0, ' ');
            }
            if !last && op.text.ends_with(char::is_whitespace) {
                text.push(' ');
            }
            WordOp {
                op: WordTag::Equal,
                text,
            }
        })
        .collect()
}

/// Goals in the order a reader wants them: changed, then removed, then added.
pub(crate) fn ordered_goals(p: &PlanDiff) -> impl Iterator<Item = &GoalDiff> {
    [Change::Changed, Change::Removed, Change::Added]
        .into_iter()
        .flat_map(move |c| p.goals.iter().filter(move |g| g.change == c))
}

/// Words shown of an added or removed text: the first ones.
const ONE_SIDED_WORDS: usize = 40;

/// What a reader is shown of a section's diff: a changed text with `context`
/// words around each change; an added or removed one by its first words and its length.
pub(crate) fn excerpt(ops: &[WordOp], context: usize) -> Vec<WordOp> {
    if ops.len() == 1 && ops[0].op != WordTag::Equal {
        let words: Vec<&str> = ops[0].text.split_whitespace().collect();
        if words.len() > ONE_SIDED_WORDS {
            return vec![
                WordOp {
                    op: ops[0].op,
                    text: format!("{} …", words[..ONE_SIDED_WORDS].join(" ")),
                },
                WordOp {
                    op: WordTag::Equal,
                    text: format!(" ({} ord)", words.len()),
                },
            ];
        }
        return ops.to_vec();
    }
    with_context(ops, context)
}

/// The KF goal a suggested `fortsätter` line goes on: the later of the pair,
/// the one that does not name itself.
pub(crate) fn kf_later(k: &crate::diff::KfGoalDiff) -> Option<&crate::diff::KfGoalRef> {
    let (a, b, s) = (k.old.as_ref()?, k.new.as_ref()?, k.suggestion.as_ref()?);
    Some(if *s == format!("fortsätter: \"{}\"", a.number) {
        b
    } else {
        a
    })
}

/// The id of the later of a matched pair, where a `fortsätter` line goes.
pub(crate) fn later_id(g: &GoalDiff) -> &str {
    match (&g.old, &g.new, &g.suggestion) {
        (Some(a), Some(b), Some(s)) => {
            if *s == format!("fortsätter: {}", a.id) {
                &b.id
            } else {
                &a.id
            }
        }
        _ => "",
    }
}

/// What a goal stands under: `KF:s mål` for a nämndmål, `nämndmål` for an enhetsmål.
pub(crate) fn parent_word(g: &GoalDiff) -> &'static str {
    match g.level {
        GoalLevel::CommitteeGoal => "KF:s mål",
        GoalLevel::UnitGoal => "nämndmål",
    }
}
