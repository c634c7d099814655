//! A plan's prose as its Markdown file: chapters, KF's parts and goals under
//! their headings, budget tables by their place (`{{tabell: id}}`), plan text
//! escaped so that it stays text.

use crate::import::document::Block;
use crate::import::merge::{CommitteeGoal, CommitteePlan, Goal, GoalProse, MdPart, UnitPlan};

/// Markdown text of prose blocks; headings inside at `level`; a budget
/// table's place as `{{tabell: id}}`, `tables` giving the ids.
fn md_blocks(out: &mut String, blocks: &[Block], level: usize, tables: &[String]) {
    for b in blocks {
        match b {
            Block::Table(k) => {
                if let Some(id) = tables.get(*k) {
                    out.push_str(&format!("{{{{tabell: {id}}}}}\n\n"));
                }
            }
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
    md_blocks(out, &prose.intro, 3, &[]);
    for (name, blocks) in &prose.sections {
        out.push_str("## ");
        out.push_str(name);
        out.push_str("\n\n");
        md_blocks(out, blocks, 3, &[]);
    }
}

fn chapter_md(out: &mut String, title: &str, blocks: &[Block], tables: &[String]) {
    out.push_str("# ");
    out.push_str(title);
    out.push_str("\n\n");
    md_blocks(out, blocks, 2, tables);
}

pub(super) fn committee_md(c: &CommitteePlan) -> String {
    let mut out = String::new();
    let table_ids: Vec<String> = c.tables.iter().map(|(id, _)| id.clone()).collect();
    let mut parts: Vec<&MdPart> = c.md.iter().collect();
    let goals: std::collections::HashMap<&str, &CommitteeGoal> =
        c.goals.iter().map(|g| (g.goal.id.as_str(), g)).collect();
    // A nämnd plan put together from units' plans holds only nämndmål: in KF's order.
    if parts.iter().all(|p| matches!(p, MdPart::CommitteeGoal(_))) {
        let kf_of = |p: &MdPart| match p {
            MdPart::CommitteeGoal(id) => goals.get(id.as_str()).map_or("", |g| g.kf_goal.as_str()),
            _ => "",
        };
        parts.sort_by(|a, b| crate::import::merge::compare_numbers(kf_of(a), kf_of(b)));
    }
    for part in parts {
        match part {
            MdPart::Chapter(t, b) => chapter_md(&mut out, t, b, &table_ids),
            MdPart::Direction(..) | MdPart::KfGoal(..) => kf_md(&mut out, part),
            MdPart::CommitteeGoal(id) => {
                if let Some(g) = goals.get(id.as_str()) {
                    goal_md(
                        &mut out,
                        &format!("# Nämndmål: {} {{#{}}}", g.goal.title, g.goal.id),
                        &g.goal.prose,
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
            md_blocks(out, b, 3, &[]);
        }
        MdPart::KfGoal(n, t, b, comment) => {
            out.push_str(&format!("# Mål för verksamhetsområdet: {t} {{#{n}}}\n\n"));
            md_blocks(out, b, 3, &[]);
            if !comment.is_empty() {
                out.push_str("## Kommentar\n\n");
                md_blocks(out, comment, 3, &[]);
            }
        }
        _ => {}
    }
}

pub(super) fn unit_md(u: &UnitPlan) -> String {
    let mut out = String::new();
    let table_ids: Vec<String> = u.tables.iter().map(|(id, _)| id.clone()).collect();
    let goals: std::collections::HashMap<&str, &Goal> = u
        .goals
        .iter()
        .flat_map(|g| g.unit_goals.iter())
        .map(|g| (g.id.as_str(), g))
        .collect();
    for part in &u.md {
        match part {
            MdPart::Chapter(t, b) => chapter_md(&mut out, t, b, &table_ids),
            MdPart::Direction(..) | MdPart::KfGoal(..) => kf_md(&mut out, part),
            MdPart::UnitGoal(id) => {
                if let Some(g) = goals.get(id.as_str()) {
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
    use super::*;

    #[test]
    fn markdown_escapes_markup() {
        assert_eq!(escape("# inte rubrik", true), "\\# inte rubrik");
        assert_eq!(escape("2019. Ett år", true), "2019\\. Ett år");
        assert_eq!(escape("a*b_c", true), "a\\*b\\_c");
    }
}
