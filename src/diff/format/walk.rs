//! One walk over a [`Diff`] for the text, Markdown and HTML writers: the walk
//! decides which parts come and in what order, each writer only how a part
//! reads. A new part of the diff is added here once, not in three writers.

use super::ordered_goals;
use crate::diff::{
    ActivityDiff, BudgetRowDiff, Diff, GoalDiff, GroupDiff, IndicatorDiff, KfGoalDiff, KfPartDiff,
    PlanDiff, SectionDiff,
};

/// What an indicator, activity or section stands under, for a writer that
/// indents or frames it by its place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Under {
    /// A KF goal for the verksamhetsområde.
    KfGoal,
    /// A plan's part under a KF goal.
    KfPart,
    /// A nämndmål a unit works towards.
    Group,
    /// A plan's nämndmål or enhetsmål.
    Goal,
    /// The plan itself (its chapters).
    Plan,
}

/// A writer of one format, called by [`walk`] part by part. The `_start` and
/// `_end` calls frame a list that is not empty; the default does nothing.
pub(crate) trait Writer {
    /// The heading and the summary; false when nothing more is shown (no differences).
    fn summary(&mut self, d: &Diff) -> bool;
    fn kf_goals_start(&mut self) {}
    /// A KF goal; its indicators and activities follow.
    fn kf_goal(&mut self, k: &KfGoalDiff);
    fn kf_goals_end(&mut self) {}
    /// A plan's heading and sides; `index` counts the plans from 0.
    fn plan_start(&mut self, index: usize, p: &PlanDiff);
    fn plan_end(&mut self) {}
    /// A plan's part under a KF goal; its indicators and activities follow.
    fn kf_part_start(&mut self, k: &KfPartDiff);
    fn kf_part_end(&mut self) {}
    fn groups_start(&mut self) {}
    /// A nämndmål the unit works towards; whether its indicators and activities follow.
    fn group(&mut self, g: &GroupDiff) -> bool;
    fn groups_end(&mut self) {}
    /// A goal; whether its indicators, activities and sections follow (then
    /// [`Writer::goal_end`] closes them).
    fn goal_start(&mut self, g: &GoalDiff) -> bool;
    fn goal_end(&mut self) {}
    fn indicator(&mut self, under: Under, i: &IndicatorDiff);
    fn activity(&mut self, under: Under, a: &ActivityDiff);
    fn section(&mut self, under: Under, s: &SectionDiff);
    /// Before the plan's own chapters.
    fn sections_start(&mut self) {}
    fn sections_end(&mut self) {}
    fn budget_start(&mut self) {}
    fn budget_row(&mut self, r: &BudgetRowDiff);
    fn budget_end(&mut self) {}
}

/// Walks `d` in the order a reader is shown it: the summary, KF's goals, then
/// each plan: its parts under KF goals, the nämndmål a unit works towards, its
/// goals (changed, removed, added), its chapters and its budget rows.
pub(crate) fn walk(d: &Diff, w: &mut impl Writer) {
    if !w.summary(d) {
        return;
    }
    if !d.kf_goals.is_empty() {
        w.kf_goals_start();
        for k in &d.kf_goals {
            w.kf_goal(k);
            contents(w, Under::KfGoal, &k.indicators, &k.activities);
        }
        w.kf_goals_end();
    }
    for (index, p) in d.plans.iter().enumerate() {
        w.plan_start(index, p);
        for k in &p.kf_parts {
            w.kf_part_start(k);
            contents(w, Under::KfPart, &k.indicators, &k.activities);
            w.kf_part_end();
        }
        if !p.committee_goals.is_empty() {
            w.groups_start();
            for g in &p.committee_goals {
                if w.group(g) {
                    contents(w, Under::Group, &g.indicators, &g.activities);
                }
            }
            w.groups_end();
        }
        for g in ordered_goals(p) {
            if w.goal_start(g) {
                contents(w, Under::Goal, &g.indicators, &g.activities);
                for s in &g.sections {
                    w.section(Under::Goal, s);
                }
                w.goal_end();
            }
        }
        if !p.sections.is_empty() {
            w.sections_start();
            for s in &p.sections {
                w.section(Under::Plan, s);
            }
            w.sections_end();
        }
        if !p.budget.is_empty() {
            w.budget_start();
            for r in &p.budget {
                w.budget_row(r);
            }
            w.budget_end();
        }
        w.plan_end();
    }
}

fn contents(
    w: &mut impl Writer,
    under: Under,
    indicators: &[IndicatorDiff],
    activities: &[ActivityDiff],
) {
    for i in indicators {
        w.indicator(under, i);
    }
    for a in activities {
        w.activity(under, a);
    }
}
