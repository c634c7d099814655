//! Uppföljning: a plan's follow-up for one period (T1, T2, VB), checked against
//! the plan, and the assessment vp suggests by the rule the files declare.
//!
//! Outcomes are kept as written, beside the plan; nothing here overwrites a
//! reported value. The nämnd's figures are computed from the units' each time.

use super::value::{
    ActivityStatus, Assessment, Date, Direction, FollowUpPeriod, Periodicity, SexSplit,
};
use super::{Activity, Indicator, Markdown, PlanId, PlanSet, Signatory, Target};
use crate::source::{FileId, Span};

impl FollowUpPeriod {
    /// The last day the period covers.
    pub fn end(self, year: i32) -> Date {
        let (month, day) = match self {
            FollowUpPeriod::T1 => (4, 30),
            FollowUpPeriod::T2 => (8, 31),
            FollowUpPeriod::Vb => (12, 31),
        };
        Date { year, month, day }
    }

    /// Whether the period is a tertialrapport, which forecasts the year.
    pub fn forecasts(self) -> bool {
        !matches!(self, FollowUpPeriod::Vb)
    }

    /// The report's Swedish name: "tertialrapport 1", "verksamhetsberättelse".
    pub fn report_name(self) -> &'static str {
        match self {
            FollowUpPeriod::T1 => "tertialrapport 1",
            FollowUpPeriod::T2 => "tertialrapport 2",
            FollowUpPeriod::Vb => "verksamhetsberättelse",
        }
    }

    /// The months covered, as the documents name them: "januari–april".
    pub fn months(self) -> &'static str {
        match self {
            FollowUpPeriod::T1 => "januari–april",
            FollowUpPeriod::T2 => "januari–augusti",
            FollowUpPeriod::Vb => "januari–december",
        }
    }
}

impl Assessment {
    /// The words a document uses: a forecast at T1 and T2 (*bedöms uppfyllas helt*),
    /// the outcome in the VB (*uppfyllt helt*).
    pub fn words(self, period: FollowUpPeriod) -> &'static str {
        match (period.forecasts(), self) {
            (true, Assessment::Full) => "bedöms uppfyllas helt",
            (true, Assessment::Partial) => "bedöms uppfyllas delvis",
            (true, Assessment::Not) => "bedöms inte uppfyllas",
            (false, Assessment::Full) => "uppfyllt helt",
            (false, Assessment::Partial) => "uppfyllt delvis",
            (false, Assessment::Not) => "ej uppfyllt",
        }
    }
}

impl ActivityStatus {
    /// Whether an activity with this status goes to plan at `period_end`, given its
    /// start: ongoing or done, or not started before its start date.
    pub fn on_plan(self, start: Date, period_end: Date) -> bool {
        match self {
            ActivityStatus::Ongoing | ActivityStatus::Done => true,
            ActivityStatus::NotStarted => start > period_end,
            ActivityStatus::Postponed | ActivityStatus::Cancelled => false,
        }
    }
}

impl SexSplit {
    /// The two groups' Swedish names, as the file keys and documents write them.
    pub fn labels(self) -> (&'static str, &'static str) {
        match self {
            SexSplit::WomenMen => ("kvinnor", "män"),
            SexSplit::GirlsBoys => ("flickor", "pojkar"),
        }
    }
}

/// A number with its unit as a follow-up writes it: `82 %`, `1 050 st`.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Measure {
    pub value: f64,
    pub unit: Option<String>,
    /// As written, for output.
    pub text: String,
    #[serde(skip)]
    pub span: Span,
}

/// Where a row stands in its plan: under one of KF's goals (by number), or under
/// a nämndmål or enhetsmål (by id); in a unit's follow-up also under a nämndmål
/// whose activities the unit carries (by the nämndmål's id).
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(tag = "under", content = "id", rename_all = "snake_case")]
pub enum FollowUpPlace {
    KfGoal(String),
    /// The plan's own goal: a nämndmål in a nämnd's plan, an enhetsmål in a unit's.
    Goal(String),
    /// A nämndmål in a unit's plan: the nämnd's activities under it that the
    /// unit carries (its `aktiviteter`, or all of them), which the unit may
    /// report its status of. Not assessed by the unit.
    CommitteeGoal(String),
}

/// A target changed during the year by a decision.
#[derive(Clone, Debug, serde::Serialize)]
pub struct TargetChange {
    pub target: Target,
    pub date: Date,
    /// The decision: who, when, its registry number, as written.
    pub decision: String,
    #[serde(skip)]
    pub span: Span,
}

/// The outcome the two groups of a [`SexSplit`] report.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Split {
    pub kind: SexSplit,
    pub first: Measure,
    pub second: Measure,
}

/// The follow-up of one indicator row of the plan.
#[derive(Clone, Debug, serde::Serialize)]
pub struct IndicatorOutcome {
    pub place: FollowUpPlace,
    /// The indicator's id, as the plan's row names it.
    pub indicator: String,
    pub outcome: Option<Measure>,
    pub forecast: Option<Measure>,
    pub split: Option<Split>,
    /// A change of the row's target written in this period's file.
    pub target_change: Option<TargetChange>,
    #[serde(skip)]
    pub span: Span,
}

/// The status of one activity of the plan.
#[derive(Clone, Debug, serde::Serialize)]
pub struct ActivityOutcome {
    pub place: FollowUpPlace,
    /// The activity's id, or its text when it has none.
    pub activity: String,
    pub status: ActivityStatus,
    pub comment: Option<String>,
    #[serde(skip)]
    pub span: Span,
}

/// The assessment of one nämndmål or enhetsmål, with its reasons from the `.md` file.
#[derive(Clone, Debug)]
pub struct GoalAssessment {
    pub goal: String,
    pub assessment: Option<Assessment>,
    /// The text under the goal's heading in the follow-up's Markdown.
    pub reasons: Option<Markdown>,
    pub span: Span,
}

/// The outcome and forecast of one budget row, and the budget they are measured against.
#[derive(Clone, Debug, serde::Serialize)]
pub struct BudgetOutcome {
    pub table: String,
    /// The column holding the year's budget.
    pub budget_column: String,
    pub row: String,
    pub budget: Option<f64>,
    pub outcome: Option<f64>,
    pub forecast: Option<f64>,
    #[serde(skip)]
    pub span: Span,
}

impl BudgetOutcome {
    /// The deviation from the budget, computed, never typed: the forecast minus the
    /// budget at T1 and T2 (the outcome when no forecast is given), the outcome
    /// minus the budget in the VB.
    pub fn deviation(&self, period: FollowUpPeriod) -> Option<f64> {
        let against = if period.forecasts() {
            self.forecast.or(self.outcome)
        } else {
            self.outcome
        };
        Some(against? - self.budget?)
    }
}

/// The lowest shares, in percent, that suggest an assessment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Thresholds {
    pub indicators: u8,
    pub activities: u8,
}

/// The rule vp suggests assessments by, as a follow-up file declares it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct AssessmentRule {
    pub full: Thresholds,
    pub partial: Thresholds,
}

/// A count out of a whole: `met` of `counted`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Share {
    pub met: usize,
    pub counted: usize,
}

impl Share {
    /// The share in percent; `None` when nothing is counted.
    pub fn percent(self) -> Option<f64> {
        (self.counted > 0).then(|| 100.0 * self.met as f64 / self.counted as f64)
    }
}

/// What vp suggests for a goal, with the figures it rests on.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Suggestion {
    pub assessment: Assessment,
    /// Indicators that reach the target in force, of those that can be compared.
    pub indicators: Share,
    /// Activities on plan, of the goal's activities with a status.
    pub activities: Share,
    pub rule: AssessmentRule,
}

impl AssessmentRule {
    /// The assessment the shares suggest: `helt` if both reach the `helt`
    /// thresholds, else `delvis` if both reach `delvis`, else `ej`. A share with
    /// nothing counted is not tried; with nothing counted at all, no suggestion.
    pub fn suggest(self, indicators: Share, activities: Share) -> Option<Suggestion> {
        if indicators.counted == 0 && activities.counted == 0 {
            return None;
        }
        let reaches = |t: Thresholds| {
            let ok = |share: Share, min: u8| share.percent().is_none_or(|p| p >= f64::from(min));
            ok(indicators, t.indicators) && ok(activities, t.activities)
        };
        let assessment = if reaches(self.full) {
            Assessment::Full
        } else if reaches(self.partial) {
            Assessment::Partial
        } else {
            Assessment::Not
        };
        Some(Suggestion {
            assessment,
            indicators,
            activities,
            rule: self,
        })
    }

    /// The rule in words, printed with every suggestion.
    pub fn describe(self) -> String {
        format!(
            "helt om minst {} % av indikatorerna når årsmålet och minst {} % av aktiviteterna går enligt plan, delvis om minst {} % och {} %, annars ej",
            self.full.indicators,
            self.full.activities,
            self.partial.indicators,
            self.partial.activities
        )
    }
}

impl Suggestion {
    /// The suggestion with the figures and the rule: "delvis (indikatorer 1 av 2 når
    /// årsmålet, aktiviteter 2 av 3 enligt plan; regel: …)".
    pub fn describe(&self) -> String {
        let share = |s: Share, what: &str, how: &str, none: &str| match s.percent() {
            Some(p) => format!("{what} {} av {} ({:.0} %) {how}", s.met, s.counted, p),
            None => none.to_owned(),
        };
        format!(
            "{} ({}, {}; regel: {})",
            self.assessment.name(),
            share(
                self.indicators,
                "indikatorer",
                "når årsmålet",
                "inga indikatorer att jämföra med årsmålet"
            ),
            share(
                self.activities,
                "aktiviteter",
                "enligt plan",
                "inga aktiviteter med status"
            ),
            self.rule.describe()
        )
    }
}

/// Whether an outcome reaches a target, by the indicator's direction: `None` when
/// they cannot be compared (a marker or tolerance target, no direction, another unit).
pub fn reaches(outcome: &Measure, target: &Target, direction: Option<Direction>) -> Option<bool> {
    let Target::Number {
        value,
        unit,
        tolerance: false,
        ..
    } = target
    else {
        return None;
    };
    if !super::value::units_agree(
        outcome.unit.as_deref().unwrap_or(""),
        unit.as_deref().unwrap_or(""),
    ) {
        return None;
    }
    match direction? {
        Direction::Higher => Some(outcome.value >= *value),
        Direction::Lower => Some(outcome.value <= *value),
        Direction::Neither => None,
    }
}

/// What a nämnd's follow-up, a tjänsteutlåtande like the nämnd's plan, states
/// on its first page and signs with; all empty for a unit's.
#[derive(Debug, Clone, Default)]
pub struct CaseDetails {
    pub registry_number: Option<String>,
    /// Avdelning on the first page.
    pub department: Option<String>,
    /// Handläggare on the first page.
    pub officer: Option<String>,
    /// Förslag till beslut, in order.
    pub proposals: Vec<String>,
    pub signatories: Vec<Signatory>,
}

/// One plan's follow-up for one period.
#[derive(Debug)]
pub struct FollowUp {
    pub plan: PlanId,
    pub period: FollowUpPeriod,
    pub year: i32,
    pub file: FileId,
    /// The Markdown file beside the YAML, if there is one.
    pub prose_file: Option<FileId>,
    /// Where the file names its period.
    pub span: Span,
    pub date: Option<Date>,
    /// A nämnd's follow-up as tjänsteutlåtande: its first page and signatures.
    pub case: CaseDetails,
    /// The rule this file declares; units without one use their nämnd's.
    pub rule: Option<AssessmentRule>,
    pub indicators: Vec<IndicatorOutcome>,
    pub activities: Vec<ActivityOutcome>,
    pub goals: Vec<GoalAssessment>,
    pub budget: Vec<BudgetOutcome>,
    /// Chapters of the Markdown (Sammanfattning, Ekonomi …), in order.
    pub chapters: Vec<(String, Markdown)>,
    /// Values written but unreadable (reported where they stand), as (place, indicator
    /// id or activity key, or `""` for a goal's assessment): not reported missing too.
    pub(crate) unreadable: Vec<(FollowUpPlace, String)>,
}

impl FollowUp {
    /// The outcome reported for a row of the plan.
    pub fn indicator(&self, place: &FollowUpPlace, id: &str) -> Option<&IndicatorOutcome> {
        self.indicators
            .iter()
            .find(|o| &o.place == place && o.indicator == id)
    }

    /// The status reported for an activity of the plan (by id, or text).
    pub fn activity(&self, place: &FollowUpPlace, key: &str) -> Option<&ActivityOutcome> {
        self.activities
            .iter()
            .find(|o| &o.place == place && o.activity == key)
    }

    /// Whether a value for this element is written but could not be read.
    pub(crate) fn is_unreadable(&self, place: &FollowUpPlace, key: &str) -> bool {
        self.unreadable.iter().any(|(p, k)| p == place && k == key)
    }

    /// The assessment of a goal.
    pub fn goal(&self, id: &str) -> Option<&GoalAssessment> {
        self.goals.iter().find(|g| g.goal == id)
    }
}

impl FollowUpPeriod {
    /// The periods in the year's order.
    pub const ALL: [FollowUpPeriod; 3] =
        [FollowUpPeriod::T1, FollowUpPeriod::T2, FollowUpPeriod::Vb];

    /// The periods in the year's order: T1 before T2 before the VB.
    pub fn rank(self) -> u8 {
        match self {
            FollowUpPeriod::T1 => 1,
            FollowUpPeriod::T2 => 2,
            FollowUpPeriod::Vb => 3,
        }
    }

    /// What an indicator followed up at `periodicity` owes this period: an outcome,
    /// a forecast for the year, or nothing. No periodicity is read as yearly.
    pub fn owes(self, periodicity: Option<Periodicity>) -> Owed {
        match (periodicity.unwrap_or(Periodicity::Year), self) {
            (Periodicity::Month | Periodicity::Tertial, _) => Owed::Outcome,
            (Periodicity::HalfYear, FollowUpPeriod::T1) => Owed::Nothing,
            (Periodicity::HalfYear, _) => Owed::Outcome,
            (Periodicity::Year, FollowUpPeriod::Vb) => Owed::Outcome,
            (Periodicity::Year, _) => Owed::Forecast,
        }
    }
}

/// What an indicator row owes a period's follow-up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Owed {
    Outcome,
    Forecast,
    Nothing,
}

/// A place in a plan that its follow-up reports on: one of KF's goals (its rows
/// and KF's activities) or a nämndmål / enhetsmål (its rows, activities and the
/// assessment).
#[derive(Debug)]
pub struct PlanPlace<'a> {
    pub place: FollowUpPlace,
    /// The goal's title as the plan writes it (KF's title for a KF goal).
    pub title: &'a str,
    pub indicators: &'a [Indicator],
    /// The activities reported on here; for a [`FollowUpPlace::CommitteeGoal`]
    /// those of the nämnd the unit carries.
    pub activities: Vec<&'a Activity>,
    pub span: Span,
}

impl PlanPlace<'_> {
    /// Whether the place is a goal that is assessed (a nämndmål or enhetsmål).
    pub fn is_goal(&self) -> bool {
        matches!(self.place, FollowUpPlace::Goal(_))
    }
}

/// How a follow-up names an activity: its id, or its text when it has none.
pub fn activity_key(a: &Activity) -> &str {
    a.id.as_deref().unwrap_or(&a.text)
}

impl PlanSet {
    /// The places of a plan its follow-up reports on, in the plan's order: its
    /// rows under KF's goals, then its nämndmål (a nämnd plan) or enhetsmål (a unit plan).
    pub fn follow_up_places(&self, plan: PlanId) -> Vec<PlanPlace<'_>> {
        let kf_goals = match plan {
            PlanId::Committee(c) => &self[c].kf_goals,
            PlanId::Unit(u) => &self[u].kf_goals,
        };
        let mut out: Vec<PlanPlace<'_>> = kf_goals
            .iter()
            .map(|g| PlanPlace {
                place: FollowUpPlace::KfGoal(g.kf_goal.clone()),
                title: g.kf_goal_id.map_or("", |id| self[id].title.as_str()),
                indicators: &g.indicators,
                activities: g.activities.iter().collect(),
                span: g.span,
            })
            .collect();
        match plan {
            PlanId::Committee(c) => out.extend(self[c].goals.iter().map(|g| PlanPlace {
                place: FollowUpPlace::Goal(g.id.clone()),
                title: &g.title,
                indicators: &g.indicators,
                activities: g.activities.iter().collect(),
                span: g.span,
            })),
            // Each nämndmål the unit works towards: the nämnd's activities it
            // carries (when it carries any), then its enhetsmål under it.
            PlanId::Unit(u) => {
                for group in &self[u].goals {
                    if let Some(cg) = group.committee_goal_id {
                        let goal = &self[cg];
                        let carried: Vec<&Activity> = group.carried(goal).collect();
                        if !carried.is_empty() {
                            out.push(PlanPlace {
                                place: FollowUpPlace::CommitteeGoal(goal.id.clone()),
                                title: &goal.title,
                                indicators: &[],
                                activities: carried,
                                span: group.span,
                            });
                        }
                    }
                    out.extend(group.unit_goals.iter().map(|g| PlanPlace {
                        place: FollowUpPlace::Goal(g.id.clone()),
                        title: &g.title,
                        indicators: &g.indicators,
                        activities: g.activities.iter().collect(),
                        span: g.span,
                    }));
                }
            }
        }
        out
    }

    /// The place of a plan's indicator row (`row` is one of the plan's own rows,
    /// by address): that of the [`PlanSet::follow_up_places`] entry holding it,
    /// without building them all.
    pub fn place_of_row(&self, plan: PlanId, row: &Indicator) -> Option<FollowUpPlace> {
        let holds = |rows: &[Indicator]| rows.iter().any(|x| std::ptr::eq(x, row));
        let kf_goals = match plan {
            PlanId::Committee(c) => &self[c].kf_goals,
            PlanId::Unit(u) => &self[u].kf_goals,
        };
        if let Some(g) = kf_goals.iter().find(|g| holds(&g.indicators)) {
            return Some(FollowUpPlace::KfGoal(g.kf_goal.clone()));
        }
        let id = match plan {
            PlanId::Committee(c) => self[c]
                .goals
                .iter()
                .find(|g| holds(&g.indicators))
                .map(|g| &g.id),
            // A unit's place under a nämndmål holds activities only.
            PlanId::Unit(u) => self[u]
                .goals
                .iter()
                .flat_map(|group| &group.unit_goals)
                .find(|g| holds(&g.indicators))
                .map(|g| &g.id),
        };
        id.map(|id| FollowUpPlace::Goal(id.clone()))
    }

    /// The follow-ups of a plan, in the year's order (T1, T2, VB).
    pub fn follow_ups_of(&self, plan: PlanId) -> Vec<&FollowUp> {
        FollowUpPeriod::ALL
            .iter()
            .filter_map(|&p| self.follow_up(plan, p))
            .collect()
    }

    /// The follow-up of a plan for a period.
    pub fn follow_up(&self, plan: PlanId, period: FollowUpPeriod) -> Option<&FollowUp> {
        self.follow_ups
            .get(*self.follow_up_index.get(&(plan, period))?)
    }

    /// Adds a follow-up; validation has made sure there is one per plan and period.
    pub(crate) fn add_follow_up(&mut self, f: FollowUp) {
        self.follow_up_index
            .insert((f.plan, f.period), self.follow_ups.len());
        self.follow_ups.push(f);
    }

    /// The target a row is measured against at the end of `period`: the latest
    /// change by decision dated by then, written in this or an earlier period's
    /// follow-up of the plan; else the plan's own (or inherited) target.
    pub fn target_in_force<'a>(
        &'a self,
        plan: PlanId,
        place: &FollowUpPlace,
        row: &'a Indicator,
        period: FollowUpPeriod,
    ) -> Option<InForce<'a>> {
        let end = period.end(self.plan_year(plan));
        let changed = FollowUpPeriod::ALL
            .iter()
            .filter(|p| p.rank() <= period.rank())
            .filter_map(|&p| self.follow_up(plan, p))
            .filter_map(|f| f.indicator(place, &row.id)?.target_change.as_ref())
            .filter(|c| c.date <= end)
            .max_by_key(|c| c.date);
        if let Some(c) = changed {
            return Some(InForce {
                target: &c.target,
                change: Some(c),
            });
        }
        // A unit row without a target of its own stands for the nämnd's: a
        // decision that changed the nämnd's target changes the unit's too.
        if let PlanId::Unit(u) = plan
            && matches!(row.target, Target::Empty)
            && let Some(cp) = self.committee_plan_id(&self[u].committee, self[u].year)
        {
            let committee = PlanId::Committee(cp);
            // The nämnd plan's rows in the order of its places
            // (`follow_up_places`), without building the places: only a row
            // with the same key gets its place.
            let plan = &self[cp];
            let same = |rows: &'a [Indicator]| rows.iter().filter(|r| r.key == row.key);
            let kf_rows = plan.kf_goals.iter().flat_map(|g| {
                same(&g.indicators).map(|r| (FollowUpPlace::KfGoal(g.kf_goal.clone()), r))
            });
            let goal_rows = plan
                .goals
                .iter()
                .flat_map(|g| same(&g.indicators).map(|r| (FollowUpPlace::Goal(g.id.clone()), r)));
            let changed = kf_rows
                .chain(goal_rows)
                .filter_map(|(place, r)| {
                    let c = self.target_in_force(committee, &place, r, period)?.change?;
                    Some(c)
                })
                .max_by_key(|c| c.date);
            if let Some(c) = changed {
                return Some(InForce {
                    target: &c.target,
                    change: Some(c),
                });
            }
        }
        self.effective_target(plan, row).map(|t| InForce {
            target: t.target,
            change: None,
        })
    }

    /// The same place in the plan's predecessor of the latest earlier year, as
    /// the plan graph links them: the plan's lineage (the nämnd's, or the unit's
    /// by `fortsätter` or id), a goal's `fortsätter` or else the same goal id, a
    /// KF goal's `fortsätter` or else the same number. `None` when the plan has
    /// no predecessor.
    pub fn earlier_place(
        &self,
        plan: PlanId,
        place: &FollowUpPlace,
    ) -> Option<(PlanId, FollowUpPlace)> {
        use super::graph::Element;
        let element = match plan {
            PlanId::Committee(c) => Element::CommitteePlan(c),
            PlanId::Unit(u) => Element::UnitPlan(u),
        };
        let earlier = self.predecessors(element).iter().find_map(|e| match e {
            Element::CommitteePlan(c) => Some(PlanId::Committee(*c)),
            Element::UnitPlan(u) => Some(PlanId::Unit(*u)),
            _ => None,
        })?;
        let continued = match (plan, place) {
            (_, FollowUpPlace::KfGoal(number)) => {
                self.kf_goal(self.plan_year(plan), number).and_then(|id| {
                    self.predecessors(Element::KfGoal(id))
                        .iter()
                        .find_map(|e| match e {
                            Element::KfGoal(k) => {
                                Some(FollowUpPlace::KfGoal(self[*k].number.clone()))
                            }
                            _ => None,
                        })
                })
            }
            (PlanId::Committee(c), FollowUpPlace::Goal(id)) => {
                self.committee_goal(c, id).and_then(|g| {
                    self.predecessors(Element::CommitteeGoal(g))
                        .iter()
                        .find_map(|e| match e {
                            Element::CommitteeGoal(x) => {
                                Some(FollowUpPlace::Goal(self[*x].id.clone()))
                            }
                            _ => None,
                        })
                })
            }
            // A nämndmål a unit carries activities of: the nämnd plan's goal it continues.
            (PlanId::Unit(u), FollowUpPlace::CommitteeGoal(id)) => {
                let committee = &self[u].committee;
                self.committee_plan_id(committee, self[u].year)
                    .and_then(|c| self.committee_goal(c, id))
                    .and_then(|g| {
                        self.predecessors(Element::CommitteeGoal(g))
                            .iter()
                            .find_map(|e| match e {
                                Element::CommitteeGoal(x) => {
                                    Some(FollowUpPlace::CommitteeGoal(self[*x].id.clone()))
                                }
                                _ => None,
                            })
                    })
            }
            (PlanId::Committee(_), FollowUpPlace::CommitteeGoal(_)) => None,
            (PlanId::Unit(u), FollowUpPlace::Goal(id)) => self[u]
                .unit_goal_ids(u)
                .find(|(_, g)| &g.id == id)
                .and_then(|(g, _)| {
                    self.predecessors(Element::UnitGoal(g))
                        .iter()
                        .find_map(|e| match e {
                            Element::UnitGoal(x) => Some(FollowUpPlace::Goal(self[*x].id.clone())),
                            _ => None,
                        })
                }),
        };
        Some((earlier, continued.unwrap_or_else(|| place.clone())))
    }

    /// The year of a plan.
    pub fn plan_year(&self, plan: PlanId) -> i32 {
        match plan {
            PlanId::Committee(c) => self[c].year,
            PlanId::Unit(u) => self[u].year,
        }
    }

    /// The rule that suggests assessments for a follow-up: its own, else its nämnd's
    /// for the same period.
    pub fn assessment_rule(&self, follow_up: &FollowUp) -> Option<AssessmentRule> {
        follow_up.rule.or_else(|| {
            let PlanId::Unit(u) = follow_up.plan else {
                return None;
            };
            let cp = self.committee_plan_id(&self[u].committee, self[u].year)?;
            self.follow_up(PlanId::Committee(cp), follow_up.period)?
                .rule
        })
    }

    /// How a goal's indicators stand against their targets in force: for each row
    /// the value compared (forecast at T1 and T2 where given, else outcome) and
    /// whether it reaches the target, `None` where the two cannot be compared.
    pub fn indicator_results<'a>(
        &'a self,
        follow_up: &'a FollowUp,
        place: &'a PlanPlace<'a>,
    ) -> Vec<IndicatorResult<'a>> {
        place
            .indicators
            .iter()
            .map(|row| {
                let reported = follow_up.indicator(&place.place, &row.id);
                let value = reported.and_then(|o| {
                    if follow_up.period.forecasts() {
                        o.forecast.as_ref().or(o.outcome.as_ref())
                    } else {
                        o.outcome.as_ref()
                    }
                });
                let target =
                    self.target_in_force(follow_up.plan, &place.place, row, follow_up.period);
                let reached = match (value, &target) {
                    (Some(v), Some(t)) => reaches(v, t.target, row.direction),
                    _ => None,
                };
                IndicatorResult {
                    row,
                    reported,
                    value,
                    target,
                    reached,
                }
            })
            .collect()
    }

    /// The share of a goal's activities on plan at the end of the period, of those
    /// with a reported status.
    pub fn activities_on_plan(&self, follow_up: &FollowUp, place: &PlanPlace<'_>) -> Share {
        let end = follow_up.period.end(self.plan_year(follow_up.plan));
        let mut share = Share::default();
        for a in &place.activities {
            if let Some(o) = follow_up.activity(&place.place, activity_key(a)) {
                share.counted += 1;
                share.met += usize::from(o.status.on_plan(a.start, end));
            }
        }
        share
    }

    /// What vp suggests for a goal by the declared rule; `None` without a rule or
    /// with nothing to count.
    pub fn suggest(&self, follow_up: &FollowUp, place: &PlanPlace<'_>) -> Option<Suggestion> {
        let rule = self.assessment_rule(follow_up)?;
        let results = self.indicator_results(follow_up, place);
        let indicators = Share {
            met: results.iter().filter(|r| r.reached == Some(true)).count(),
            counted: results.iter().filter(|r| r.reached.is_some()).count(),
        };
        rule.suggest(indicators, self.activities_on_plan(follow_up, place))
    }
}

/// A target in force and, when a decision changed it, the change.
#[derive(Clone, Copy, Debug)]
pub struct InForce<'a> {
    pub target: &'a Target,
    pub change: Option<&'a TargetChange>,
}

/// One indicator row of a goal at a follow-up.
#[derive(Debug)]
pub struct IndicatorResult<'a> {
    pub row: &'a Indicator,
    pub reported: Option<&'a IndicatorOutcome>,
    /// The value compared: the forecast at T1 and T2 where given, else the outcome.
    pub value: Option<&'a Measure>,
    pub target: Option<InForce<'a>>,
    pub reached: Option<bool>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule() -> AssessmentRule {
        AssessmentRule {
            full: Thresholds {
                indicators: 100,
                activities: 80,
            },
            partial: Thresholds {
                indicators: 50,
                activities: 50,
            },
        }
    }

    fn share(met: usize, counted: usize) -> Share {
        Share { met, counted }
    }

    fn measure(value: f64, unit: &str) -> Measure {
        Measure {
            value,
            unit: (!unit.is_empty()).then(|| unit.to_owned()),
            text: String::new(),
            span: Span::new(FileId(0), 0, 0),
        }
    }

    #[test]
    fn suggestion_known_answers() {
        let s = |i, a| rule().suggest(i, a).map(|s| s.assessment);
        // All indicators reach, 4 of 5 activities on plan = 80 %: helt.
        assert_eq!(s(share(2, 2), share(4, 5)), Some(Assessment::Full));
        // 3 of 4 activities = 75 % < 80 %: delvis.
        assert_eq!(s(share(2, 2), share(3, 4)), Some(Assessment::Partial));
        // 1 of 2 indicators = 50 %, activities all on plan: delvis.
        assert_eq!(s(share(1, 2), share(3, 3)), Some(Assessment::Partial));
        // 1 of 3 indicators = 33 %: ej, whatever the activities.
        assert_eq!(s(share(1, 3), share(3, 3)), Some(Assessment::Not));
        // Only activities counted: the indicator share is not tried.
        assert_eq!(s(share(0, 0), share(1, 2)), Some(Assessment::Partial));
        // Only indicators counted.
        assert_eq!(s(share(0, 1), share(0, 0)), Some(Assessment::Not));
        // Nothing to count: no suggestion.
        assert_eq!(s(share(0, 0), share(0, 0)), None);
    }

    #[test]
    fn suggestion_prints_its_rule_and_figures() {
        let text = rule().suggest(share(1, 2), share(2, 3)).unwrap().describe();
        assert_eq!(
            text,
            "delvis (indikatorer 1 av 2 (50 %) når årsmålet, aktiviteter 2 av 3 (67 %) enligt plan; regel: helt om minst 100 % av indikatorerna når årsmålet och minst 80 % av aktiviteterna går enligt plan, delvis om minst 50 % och 50 %, annars ej)"
        );
    }

    #[test]
    fn reaching_a_target_follows_the_direction() {
        let target = Target::parse("7 %").unwrap();
        let higher = Some(Direction::Higher);
        let lower = Some(Direction::Lower);
        assert_eq!(reaches(&measure(7.0, "%"), &target, higher), Some(true));
        assert_eq!(reaches(&measure(6.9, "%"), &target, higher), Some(false));
        assert_eq!(reaches(&measure(6.9, "%"), &target, lower), Some(true));
        assert_eq!(reaches(&measure(7.4, "%"), &target, lower), Some(false));
        // Not comparable: no direction, another unit, a marker, a tolerance.
        assert_eq!(reaches(&measure(7.0, "%"), &target, None), None);
        assert_eq!(reaches(&measure(7.0, "st"), &target, higher), None);
        assert_eq!(
            reaches(&measure(7.0, "%"), &Target::parse("Öka").unwrap(), higher),
            None
        );
        assert_eq!(
            reaches(
                &measure(1.0, "%"),
                &Target::parse("+/-1 %").unwrap(),
                higher
            ),
            None
        );
        // Units without words on either side agree.
        assert_eq!(
            reaches(&measure(2.0, ""), &Target::parse("1,9").unwrap(), lower),
            Some(false)
        );
    }

    #[test]
    fn period_ends_and_deviation() {
        assert_eq!(FollowUpPeriod::T2.end(2020).to_string(), "2020-08-31");
        let row = BudgetOutcome {
            table: "t".into(),
            budget_column: "Budget".into(),
            row: "r".into(),
            budget: Some(100.0),
            outcome: Some(40.0),
            forecast: Some(103.5),
            span: Span::new(FileId(0), 0, 0),
        };
        assert_eq!(row.deviation(FollowUpPeriod::T1), Some(3.5));
        assert_eq!(row.deviation(FollowUpPeriod::Vb), Some(-60.0));
    }
}
