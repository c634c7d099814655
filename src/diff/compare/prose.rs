//! The plans' prose: chapters (renamed ones paired), the tjänsteutlåtande's
//! chapters, and a goal's text.

use super::*;
use crate::model::prose::report_chapter;

pub(super) fn goal_text(t: &GoalText) -> Vec<&str> {
    t.intro
        .iter()
        .map(|m| m.as_str())
        .chain(t.sections.iter().map(|s| s.text.as_str()))
        .collect()
}

/// The chapters a tjänsteutlåtande shows whether or not the plan writes them:
/// vp writes a Sammanfattning from the plan's figures, and Ärendets beredning
/// from its `beredning:`. A plan that writes one as a Markdown chapter on one
/// side and leaves it to vp on the other has not removed it: the chapter is
/// compared with the text vp writes, and is not reported when the words agree.
pub(super) fn report_chapters(
    sections: Vec<SectionDiff>,
    (po, pn): (&crate::model::CommitteePlan, &crate::model::CommitteePlan),
) -> Vec<SectionDiff> {
    let generated = |p: &crate::model::CommitteePlan, name: &str| -> Option<String> {
        match name {
            report_chapter::SUMMARY => Some(crate::model::prose::generated_summary(
                p.goals.len(),
                p.summary.as_ref(),
            )),
            report_chapter::PREPARATION => {
                let steps = crate::model::prose::generated_preparation(&p.preparation);
                (!steps.is_empty()).then(|| steps.join("\n\n"))
            }
            _ => None,
        }
    };
    let text = |s: &SectionDiff, tag: WordTag| words::side(&s.words, tag);
    sections
        .into_iter()
        .filter_map(|s| match s.change {
            // vp writes the other side's chapter: it has no place in a file.
            Change::Removed => match generated(pn, &s.name) {
                Some(g) => section(&s.name, Some(&text(&s, WordTag::Delete)), Some(&g))
                    .map(|d| d.at(s.locations.old.clone(), None)),
                None => Some(s),
            },
            Change::Added => match generated(po, &s.name) {
                Some(g) => section(&s.name, Some(&g), Some(&text(&s, WordTag::Insert)))
                    .map(|d| d.at(None, s.locations.new.clone())),
                None => Some(s),
            },
            Change::Changed => Some(s),
        })
        .collect()
}

/// Chapters left unpaired by title and text, paired by their titles with the
/// headings inside them: a renamed chapter whose text was rewritten
/// ("Uppföljning av ekonomi" → "Redovisning av ekonomi", both with
/// *Resursanvändning*) is one chapter changed, not one removed and one added.
fn renamed_chapters(
    old: &[crate::model::Chapter],
    new: &[crate::model::Chapter],
    pairs: &[Pair],
) -> Vec<Pair> {
    fn outline(c: &crate::model::Chapter) -> String {
        let mut s = c.title.clone();
        for line in c.text.as_str().lines() {
            if let Some(h) = line.trim_start().strip_prefix("##") {
                s.push(' ');
                s.push_str(h.trim_start_matches('#').trim());
            }
        }
        s
    }
    let left = |n: usize, taken: &dyn Fn(usize) -> bool| -> Vec<usize> {
        (0..n).filter(|&i| !taken(i)).collect()
    };
    let lo = left(old.len(), &|i| pairs.iter().any(|p| p.old == i));
    let ln = left(new.len(), &|i| pairs.iter().any(|p| p.new == i));
    if lo.is_empty() || ln.is_empty() {
        return Vec::new();
    }
    let (to, tn): (Vec<String>, Vec<String>) = (
        lo.iter().map(|&i| outline(&old[i])).collect(),
        ln.iter().map(|&i| outline(&new[i])).collect(),
    );
    fn item(t: &str) -> Item<'_> {
        Item {
            id: None,
            bucket: Some(0),
            title: t,
            text: Vec::new(),
        }
    }
    let oi: Vec<Item> = to.iter().map(|t| item(t)).collect();
    let ni: Vec<Item> = tn.iter().map(|t| item(t)).collect();
    match_items(&oi, &ni, &[])
        .into_iter()
        .map(|p| Pair {
            old: lo[p.old],
            new: ln[p.new],
            info: p.info,
        })
        .collect()
}

/// Where the plan's text under a KF goal stands: its heading, else its first text.
fn heading_place(tree: &Tree, t: &GoalText) -> Option<crate::source::Place> {
    match t.heading {
        Some(span) => Some(tree.place(span)),
        None => t
            .intro
            .iter()
            .chain(t.sections.iter().map(|s| &s.text))
            .next()
            .map(|m| text_place(tree, m)),
    }
}

pub(super) fn plan_prose(
    ctx: &Ctx,
    maps: &Maps,
    old: &PlanProse,
    new: &PlanProse,
    old_year: i32,
    new_year: i32,
) -> Vec<SectionDiff> {
    let mut out = Vec::new();
    // Chapters, by title, then by similar title and text.
    fn item(c: &crate::model::Chapter) -> Item<'_> {
        Item {
            id: Some(c.title.as_str()),
            bucket: Some(0),
            title: c.title.as_str(),
            text: vec![c.text.as_str()],
        }
    }
    let oi: Vec<Item> = old.chapters.iter().map(item).collect();
    let ni: Vec<Item> = new.chapters.iter().map(item).collect();
    let mut pairs = match_items(&oi, &ni, &[]);
    pairs.extend(renamed_chapters(&old.chapters, &new.chapters, &pairs));
    for p in &pairs {
        let (co, cn) = (&old.chapters[p.old], &new.chapters[p.new]);
        let name = if co.title == cn.title {
            cn.title.clone()
        } else {
            format!("{} → {}", co.title, cn.title)
        };
        let places = (
            Some(text_place(&ctx.a, &co.text)),
            Some(text_place(&ctx.b, &cn.text)),
        );
        match section(&name, Some(co.text.trimmed()), Some(cn.text.trimmed())) {
            Some(d) => out.push(d.at(places.0, places.1)),
            None if co.title != cn.title => out.push(SectionDiff {
                change: Change::Changed,
                name,
                words: words::diff(co.text.trimmed(), cn.text.trimmed()),
                locations: Locations {
                    old: places.0,
                    new: places.1,
                },
            }),
            None => {}
        }
    }
    for (_, o, n) in unmatched(&old.chapters, &new.chapters, &pairs) {
        let title = o.or(n).map_or("", |c| c.title.as_str());
        out.extend(
            section(
                title,
                o.map(|c| c.text.trimmed()),
                n.map(|c| c.text.trimmed()),
            )
            .map(|d| {
                d.at(
                    o.map(|c| text_place(&ctx.a, &c.text)),
                    n.map(|c| text_place(&ctx.b, &c.text)),
                )
            }),
        );
    }
    // The plan's text under KF's goals, by KF goal (renumbered ones mapped).
    let key = |kind: GoalKind, number: &str, old_side: bool| -> String {
        if kind == GoalKind::KfGoal && old_side {
            let mapped = ctx
                .a
                .plans
                .kf_goal(old_year, number)
                .and_then(|k| maps.kf.get(&k))
                .map(|&k| ctx.b.plans[k].number.clone());
            if let Some(m) = mapped {
                return format!("{} {m}", kind.heading());
            }
        }
        format!("{} {number}", kind.heading())
    };
    let _ = new_year;
    let mut seen = HashSet::new();
    for tn in &new.kf_texts {
        let name = key(tn.kind, &tn.number, false);
        let to = old
            .kf_texts
            .iter()
            .find(|t| t.kind == tn.kind && key(t.kind, &t.number, true) == name);
        if let Some(to) = to {
            seen.insert((to.kind, to.number.clone()));
        }
        let texts = |t: &GoalText| goal_text(t).join("\n\n");
        out.extend(
            section(
                &name,
                to.map(|t| texts(&t.text)).as_deref(),
                Some(&texts(&tn.text)),
            )
            .map(|d| {
                d.at(
                    to.and_then(|t| heading_place(&ctx.a, &t.text)),
                    heading_place(&ctx.b, &tn.text),
                )
            }),
        );
    }
    for to in &old.kf_texts {
        if !seen.contains(&(to.kind, to.number.clone())) {
            let text = goal_text(&to.text).join("\n\n");
            out.extend(
                section(
                    &format!("{} {}", to.kind.heading(), to.number),
                    Some(&text),
                    None,
                )
                .map(|d| d.at(heading_place(&ctx.a, &to.text), None)),
            );
        }
    }
    out
}
