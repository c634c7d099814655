//! Plan files as text: YAML for the structure, Markdown for the prose.
//!
//! The YAML writer quotes every scalar that is not plainly a word or a
//! sentence, so that `-`, `1.1`, `2020-01-01`, `NO` and `Öka: mer` all stay text.

use super::document::{Block, BudgetRow, BudgetTable, RowKind};
use super::merge::{Activity, CommitteePlan, GoalProse, Indicator, KfYear, MdPart, Tree, UnitPlan};

/// A file to write, relative to the output directory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutFile {
    pub path: String,
    pub text: String,
}

/// All files of a tree.
pub fn files(tree: &Tree) -> Vec<OutFile> {
    let mut out = Vec::new();
    for kf in tree.kf.values() {
        out.push(OutFile {
            path: format!("{}/kf-budget.yaml", kf.year),
            text: kf_budget(kf),
        });
    }
    for c in &tree.committees {
        let dir = format!("{}/{}", c.year, c.committee);
        out.push(OutFile {
            path: format!("{dir}/namndplan.yaml"),
            text: committee_yaml(c),
        });
        let md = committee_md(c);
        if !md.is_empty() {
            out.push(OutFile {
                path: format!("{dir}/namndplan.md"),
                text: md,
            });
        }
    }
    for u in &tree.units {
        let dir = format!("{}/{}", u.year, u.committee);
        let cplan = tree
            .committees
            .iter()
            .find(|c| c.year == u.year && c.committee == u.committee);
        out.push(OutFile {
            path: format!("{dir}/{}.yaml", u.id),
            text: unit_yaml(u, cplan),
        });
        let md = unit_md(u);
        if !md.is_empty() {
            out.push(OutFile {
                path: format!("{dir}/{}.md", u.id),
                text: md,
            });
        }
    }
    out
}

/// `organisation.yaml` naming the given nämnder, for an output directory that has none.
pub fn organisation(committees: &[(&str, &str)]) -> String {
    let mut y = Yaml::new("organisation", 0);
    y.comment(0, "Nämnderna som de importerade planerna hör till.");
    y.kv(0, "typ", "organisation");
    y.key(0, "nämnder");
    for (id, name) in committees {
        y.item(2, "id", id);
        y.kv(4, "namn", name);
    }
    y.out
}

/// YAML text, line by line.
struct Yaml {
    out: String,
}

impl Yaml {
    /// Starts a file with the editor modeline; `depth` is the number of
    /// directories between the output root and the file.
    fn new(schema: &str, depth: usize) -> Self {
        Yaml {
            out: format!(
                "# yaml-language-server: $schema={}schemas/{schema}.schema.json\n",
                "../".repeat(depth + 1)
            ),
        }
    }

    fn pad(&mut self, indent: usize) {
        for _ in 0..indent {
            self.out.push(' ');
        }
    }

    fn comment(&mut self, indent: usize, text: &str) {
        self.pad(indent);
        self.out.push_str("# ");
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn key(&mut self, indent: usize, key: &str) {
        self.pad(indent);
        self.out.push_str(key);
        self.out.push_str(":\n");
    }

    fn kv(&mut self, indent: usize, key: &str, value: &str) {
        self.pad(indent);
        self.out.push_str(key);
        self.out.push_str(": ");
        self.out.push_str(&scalar(value));
        self.out.push('\n');
    }

    fn kv_opt(&mut self, indent: usize, key: &str, value: Option<&str>) {
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            self.kv(indent, key, v);
        }
    }

    fn kv_num(&mut self, indent: usize, key: &str, value: i64) {
        self.pad(indent);
        self.out.push_str(&format!("{key}: {value}\n"));
    }

    /// `- key: value`, the first key of a list item at `indent`.
    fn item(&mut self, indent: usize, key: &str, value: &str) {
        self.pad(indent);
        self.out.push_str("- ");
        self.out.push_str(key);
        self.out.push_str(": ");
        self.out.push_str(&scalar(value));
        self.out.push('\n');
    }

    fn item_num(&mut self, indent: usize, key: &str, value: i64) {
        self.pad(indent);
        self.out.push_str(&format!("- {key}: {value}\n"));
    }

    /// `- value`.
    fn entry(&mut self, indent: usize, value: &str) {
        self.pad(indent);
        self.out.push_str("- ");
        self.out.push_str(&scalar(value));
        self.out.push('\n');
    }

    fn blank(&mut self) {
        self.out.push('\n');
    }
}

/// YAML 1.2's printable set (§5.1); anything else must be escaped in a quoted scalar.
fn yaml_printable(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{7e}' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

/// A YAML scalar: plain when it is plainly text, else double-quoted.
pub fn scalar(s: &str) -> String {
    let lower = s.to_lowercase();
    let special = matches!(
        lower.as_str(),
        "y" | "n" | "yes" | "no" | "true" | "false" | "on" | "off" | "null" | "~"
    );
    let plain = s.chars().next().is_some_and(char::is_alphabetic)
        && !special
        && !s.ends_with(' ')
        && !s.contains("  ")
        && s.chars()
            .all(|c| c.is_alphanumeric() || " -.,/()%+".contains(c));
    if plain {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if !yaml_printable(c) => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn kf_budget(kf: &KfYear) -> String {
    let mut y = Yaml::new("kf-budget", 1);
    y.comment(
        0,
        &format!(
            "KF:s budget {}, så långt de importerade planerna återger den.",
            kf.year
        ),
    );
    y.kv(0, "typ", "kf-budget");
    y.kv_num(0, "år", i64::from(kf.year));
    y.key(0, "inriktningsmål");
    for d in &kf.directions {
        y.item_num(2, "nummer", d.number);
        y.kv(4, "titel", &d.title);
        if d.goals.is_empty() {
            continue;
        }
        y.key(4, "mål");
        for g in &d.goals {
            y.item(6, "nummer", &g.number);
            y.kv(8, "titel", &g.title);
            if !g.indicators.is_empty() {
                y.key(8, "indikatorer");
                for i in &g.indicators {
                    y.item(10, "id", &i.id);
                    y.kv(12, "namn", &i.name);
                    y.kv_opt(12, "årsmål", i.kf_target.as_deref());
                    y.kv_opt(12, "periodicitet", i.periodicity.as_deref());
                }
            }
            activities(&mut y, 8, &g.activities);
        }
    }
    y.out
}

fn activities(y: &mut Yaml, indent: usize, acts: &[Activity]) {
    if acts.is_empty() {
        return;
    }
    y.key(indent, "aktiviteter");
    for a in acts {
        match &a.id {
            Some(id) => {
                y.item(indent + 2, "id", id);
                y.kv(indent + 4, "text", &a.text);
            }
            None => y.item(indent + 2, "text", &a.text),
        }
        y.kv(indent + 4, "startdatum", &a.start);
        y.kv(indent + 4, "slutdatum", &a.end);
    }
}

fn indicators(y: &mut Yaml, indent: usize, rows: &[Indicator]) {
    if rows.is_empty() {
        return;
    }
    y.key(indent, "indikatorer");
    for r in rows {
        match r {
            Indicator::Ref { id, target } => {
                y.item(indent + 2, "indikator", id);
                y.kv_opt(indent + 4, "årsmål", target.as_deref());
            }
            Indicator::Own {
                id,
                name,
                target,
                periodicity,
            } => {
                y.item(indent + 2, "id", id);
                y.kv(indent + 4, "namn", name);
                y.kv_opt(indent + 4, "årsmål", target.as_deref());
                y.kv_opt(indent + 4, "periodicitet", periodicity.as_deref());
            }
        }
    }
}

fn committee_yaml(c: &CommitteePlan) -> String {
    let mut y = Yaml::new("namndplan", 2);
    y.comment(
        0,
        &format!(
            "Nämndens verksamhetsplan {}. Texten står i namndplan.md.",
            c.year
        ),
    );
    y.kv(0, "typ", "nämndplan");
    y.kv(0, "nämnd", &c.committee);
    y.kv_num(0, "år", i64::from(c.year));
    if !c.signatories.is_empty() {
        y.key(0, "underskrifter");
        for (name, title) in &c.signatories {
            y.item(2, "namn", name);
            y.kv(4, "titel", title);
        }
    }
    if !c.preparation.is_empty() {
        y.key(0, "beredning");
        for (date, event) in &c.preparation {
            y.item(2, "datum", date);
            y.kv(4, "händelse", event);
        }
    }
    let kf_goals: Vec<_> = c
        .kf_goals
        .iter()
        .filter(|g| !g.indicators.is_empty() || !g.activities.is_empty())
        .collect();
    if !kf_goals.is_empty() {
        y.key(0, "kf_mål");
        for g in kf_goals {
            y.item(2, "mål", &g.number);
            indicators(&mut y, 4, &g.indicators);
            if !g.activities.is_empty() {
                y.key(4, "aktiviteter");
                for a in &g.activities {
                    y.entry(6, a);
                }
            }
        }
    }
    if !c.goals.is_empty() {
        y.key(0, "nämndmål");
        // In the order of KF's goals, as a nämnd's plan lists them.
        let mut goals: Vec<_> = c.goals.iter().collect();
        goals.sort_by(|a, b| super::merge::compare_numbers(&a.kf_goal, &b.kf_goal));
        for (k, g) in goals.into_iter().enumerate() {
            if k > 0 {
                y.blank();
            }
            y.item(2, "id", &g.id);
            y.kv(4, "titel", &g.title);
            y.kv(4, "kf_mål", &g.kf_goal);
            y.kv_opt(4, "fortsätter", g.continues.as_deref());
            indicators(&mut y, 4, &g.indicators);
            activities(&mut y, 4, &g.activities);
        }
    }
    if !c.tables.is_empty() {
        y.key(0, "ekonomi");
        for (id, t) in &c.tables {
            table(&mut y, id, t);
        }
    }
    y.out
}

/// The first column in which a SUMMA row differs from the sum of the rows above it
/// by more than rounding (varav rows are parts, not added), as `vp validate` checks it.
fn total_mismatch(t: &BudgetTable, rows: &[BudgetRow], total: &BudgetRow) -> Option<String> {
    use crate::model::value::parse_amount;
    let amount =
        |r: &BudgetRow, c: usize| r.values.get(c).and_then(|v| parse_amount(v).ok().flatten());
    (0..t.columns.len()).find_map(|c| {
        let expected = amount(total, c)?;
        let sum: f64 = rows
            .iter()
            .filter(|r| r.kind == RowKind::Row)
            .filter_map(|r| amount(r, c))
            .sum();
        (!crate::validate::economy::sums_agree(sum, expected)).then(|| t.columns[c].clone())
    })
}

fn table(y: &mut Yaml, id: &str, t: &BudgetTable) {
    y.item(2, "id", id);
    let title = t
        .title
        .clone()
        .or_else(|| t.context.clone())
        .unwrap_or_else(|| t.header.clone());
    y.kv(4, "rubrik", &title);
    y.kv_opt(4, "enhet", t.unit.as_deref());
    if t.columns.iter().all(|c| c.starts_with("Kolumn ")) {
        y.comment(
            4,
            &format!(
                "Kolumnrubrikerna kunde inte läsas ut; tabellhuvudet lyder: {}",
                t.header
            ),
        );
    }
    y.key(4, "kolumner");
    for c in &t.columns {
        y.entry(6, c);
    }
    // "Jmf budget 2019-2018" compares two budgets: a difference, where a part may grow more than its whole.
    let differences: Vec<&String> = t
        .columns
        .iter()
        .filter(|c| c.starts_with("Jmf") || c.to_lowercase().contains("förändring"))
        .collect();
    if !differences.is_empty() {
        y.key(4, "differenskolumner");
        for c in differences {
            y.entry(6, c);
        }
    }
    y.key(4, "rader");
    let mut section_start = 0;
    for (i, r) in t.rows.iter().enumerate() {
        y.item(6, "text", &r.label);
        match r.kind {
            RowKind::Row => {}
            RowKind::PartOf => y.kv(8, "typ", "varav"),
            RowKind::Total => y.kv(8, "typ", "summa"),
        }
        y.kv(8, "värden", &r.values.join(" | "));
        if let Some(note) = &r.note {
            y.kv(8, "not", note);
        }
        if r.kind == RowKind::Total {
            // The source's own sum is kept as printed; where it disagrees with its rows,
            // the plan says so, and `vp validate` reports it as a known deviation.
            let off = total_mismatch(t, &t.rows[section_start..i], r);
            if let Some(column) = off {
                y.key(8, "avvikelse");
                y.kv(10, "kod", "VP040");
                y.kv(
                    10,
                    "skäl",
                    &format!(
                        "så står det i den importerade texten (rad {}): summan i kolumnen {column} stämmer inte med raderna; kontrollera mot källan",
                        r.line
                    ),
                );
            }
            section_start = i + 1;
        }
    }
}

fn unit_yaml(u: &UnitPlan, cplan: Option<&CommitteePlan>) -> String {
    let mut y = Yaml::new("enhetsplan", 2);
    y.comment(
        0,
        &format!(
            "{}s verksamhetsplan {}. Texten står i {}.md.",
            u.name, u.year, u.id
        ),
    );
    y.kv(0, "typ", "enhetsplan");
    y.key(0, "enhet");
    y.kv(2, "id", &u.id);
    y.kv(2, "namn", &u.name);
    y.kv_opt(2, "avdelning", u.department.as_deref());
    y.kv_opt(2, "fortsätter", u.continues.as_deref());
    if !u.other_committees.is_empty() {
        y.key(2, "fler_nämnder");
        for c in &u.other_committees {
            y.entry(4, c);
        }
    }
    y.kv(0, "nämnd", &u.committee);
    y.kv_num(0, "år", i64::from(u.year));
    if let Some((from, to)) = &u.period {
        y.key(0, "period");
        y.kv(2, "från", from);
        y.kv(2, "till", to);
    }
    y.kv_opt(0, "fastställd", u.adopted.as_deref());
    // KF:s indicators the plan shows under each KF goal; their targets are the nämnd's.
    if !u.kf_goals.is_empty() {
        y.key(0, "kf_mål");
    }
    for (number, shown) in &u.kf_goals {
        y.item(2, "mål", number);
        y.key(4, "indikatorer");
        for id in shown {
            y.item(6, "indikator", id);
        }
    }
    if !u.goals.is_empty() {
        y.key(0, "nämndmål");
    }
    for g in &u.goals {
        y.item(2, "nämndmål", &g.committee_goal);
        // The nämndmål's activities the unit's plan shows, unless it shows them all.
        let all: Vec<String> = cplan
            .and_then(|c| c.goal(&g.committee_goal))
            .map(|c| c.activities.iter().filter_map(|a| a.id.clone()).collect())
            .unwrap_or_default();
        let shows_all = all.len() == g.shown_activities.len()
            && all.iter().all(|a| g.shown_activities.contains(a));
        if !shows_all {
            if g.shown_activities.is_empty() {
                y.pad(4);
                y.out.push_str("aktiviteter: []\n");
            } else {
                y.key(4, "aktiviteter");
                for a in &g.shown_activities {
                    y.entry(6, a);
                }
            }
        }
        if g.unit_goals.is_empty() {
            continue;
        }
        y.key(4, "enhetsmål");
        for ug in &g.unit_goals {
            y.item(6, "id", &ug.id);
            y.kv(8, "titel", &ug.title);
            y.kv_opt(8, "fortsätter", ug.continues.as_deref());
            indicators(&mut y, 8, &ug.indicators);
            activities(&mut y, 8, &ug.activities);
        }
    }
    if !u.tables.is_empty() {
        y.key(0, "ekonomi");
        for (id, t) in &u.tables {
            table(&mut y, id, t);
        }
    }
    y.out
}

/// Markdown text of prose blocks; headings inside at `level`.
fn md_blocks(out: &mut String, blocks: &[Block], level: usize) {
    for b in blocks {
        match b {
            Block::Heading(t) => {
                out.push_str(&"#".repeat(level));
                out.push(' ');
                out.push_str(&escape(t, false));
                out.push_str("\n\n");
            }
            Block::Paragraph(t) => {
                out.push_str(&escape(t, true));
                out.push_str("\n\n");
            }
            Block::List(items) => {
                for i in items {
                    out.push_str("- ");
                    out.push_str(&escape(i, false));
                    out.push('\n');
                }
                out.push('\n');
            }
            Block::Numbered(items) => {
                for i in items {
                    out.push_str(&escape_inline(i));
                    out.push('\n');
                }
                out.push('\n');
            }
        }
    }
}

/// Escapes what CommonMark would read as markup: emphasis, code, links, HTML,
/// and at the start of a paragraph, headings, quotes and list markers.
fn escape(s: &str, paragraph: bool) -> String {
    let mut out = escape_inline(s);
    let starts_block = out.starts_with(['#', '>', '+', '-', '='])
        || (paragraph && {
            let digits = out.chars().take_while(char::is_ascii_digit).count();
            digits > 0 && out[digits..].starts_with(['.', ')'])
        });
    if starts_block {
        let digits = out.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 {
            out.insert(digits, '\\');
        } else {
            out.insert(0, '\\');
        }
    }
    out
}

fn escape_inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '*' | '_' | '`' | '<' | '[' | ']') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn goal_md(out: &mut String, heading: &str, prose: &GoalProse) {
    out.push_str(heading);
    out.push_str("\n\n");
    md_blocks(out, &prose.intro, 3);
    for (name, blocks) in &prose.sections {
        out.push_str("## ");
        out.push_str(name);
        out.push_str("\n\n");
        md_blocks(out, blocks, 3);
    }
}

fn chapter_md(out: &mut String, title: &str, blocks: &[Block]) {
    out.push_str("# ");
    out.push_str(title);
    out.push_str("\n\n");
    md_blocks(out, blocks, 2);
}

fn committee_md(c: &CommitteePlan) -> String {
    let mut out = String::new();
    let mut parts: Vec<&MdPart> = c.md.iter().collect();
    // A nämnd plan put together from units' plans holds only nämndmål: in KF's order.
    if parts.iter().all(|p| matches!(p, MdPart::CommitteeGoal(_))) {
        let kf_of = |p: &MdPart| match p {
            MdPart::CommitteeGoal(id) => c.goal(id).map(|g| g.kf_goal.clone()).unwrap_or_default(),
            _ => String::new(),
        };
        parts.sort_by(|a, b| super::merge::compare_numbers(&kf_of(a), &kf_of(b)));
    }
    for part in parts {
        match part {
            MdPart::Chapter(t, b) => chapter_md(&mut out, t, b),
            MdPart::Direction(..) | MdPart::KfGoal(..) => kf_md(&mut out, part),
            MdPart::CommitteeGoal(id) => {
                if let Some(g) = c.goal(id) {
                    goal_md(
                        &mut out,
                        &format!("# Nämndmål: {} {{#{}}}", g.title, g.id),
                        &g.prose,
                    );
                }
            }
            MdPart::UnitGoal(_) => {}
        }
    }
    finish(out)
}

/// A plan's own text under KF:s inriktningsmål or mål för verksamhetsområdet.
fn kf_md(out: &mut String, part: &MdPart) {
    match part {
        MdPart::Direction(n, t, b) => {
            out.push_str(&format!("# Inriktningsmål: {t} {{#{n}}}\n\n"));
            md_blocks(out, b, 3);
        }
        MdPart::KfGoal(n, t, b, comment) => {
            out.push_str(&format!("# Mål för verksamhetsområdet: {t} {{#{n}}}\n\n"));
            md_blocks(out, b, 3);
            if !comment.is_empty() {
                out.push_str("## Kommentar\n\n");
                md_blocks(out, comment, 3);
            }
        }
        _ => {}
    }
}

fn unit_md(u: &UnitPlan) -> String {
    let mut out = String::new();
    for part in &u.md {
        match part {
            MdPart::Chapter(t, b) => chapter_md(&mut out, t, b),
            MdPart::Direction(..) | MdPart::KfGoal(..) => kf_md(&mut out, part),
            MdPart::UnitGoal(id) => {
                let goal = u
                    .goals
                    .iter()
                    .flat_map(|g| g.unit_goals.iter())
                    .find(|g| g.id == *id);
                if let Some(g) = goal {
                    goal_md(
                        &mut out,
                        &format!("# Enhetsmål: {} {{#{}}}", g.title, g.id),
                        &g.prose,
                    );
                }
            }
            _ => {}
        }
    }
    finish(out)
}

fn finish(mut out: String) -> String {
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn scalars_escape_what_yaml_cannot_print() {
        let s = super::scalar("Alla barn\u{FFFF} ska\u{1b}\u{9b}");
        assert_eq!(s, "\"Alla barn\\uffff ska\\u001b\\u009b\"");
        let back: String = serde_saphyr::from_str(&s).unwrap();
        assert_eq!(back, "Alla barn\u{FFFF} ska\u{1b}\u{9b}");
    }

    use super::*;

    #[test]
    fn scalars_quote_what_yaml_would_read_otherwise() {
        assert_eq!(scalar("Öka"), "Öka");
        assert_eq!(
            scalar("Allmän visstidsanställning minimeras."),
            "Allmän visstidsanställning minimeras."
        );
        assert_eq!(scalar("-"), "\"-\"");
        assert_eq!(scalar("1.1"), "\"1.1\"");
        assert_eq!(scalar("2020-01-01"), "\"2020-01-01\"");
        assert_eq!(scalar("NO"), "\"NO\"");
        assert_eq!(scalar("HR: IT"), "\"HR: IT\"");
        assert_eq!(scalar("\"citat\""), "\"\\\"citat\\\"\"");
        assert_eq!(scalar("Öka # inte kommentar"), "\"Öka # inte kommentar\"");
    }

    #[test]
    fn markdown_escapes_markup() {
        assert_eq!(escape("# inte rubrik", true), "\\# inte rubrik");
        assert_eq!(escape("2019. Ett år", true), "2019\\. Ett år");
        assert_eq!(escape("a*b_c", true), "a\\*b\\_c");
    }
}
