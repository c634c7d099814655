//! Typed keys for the elements of a [`PlanSet`](super::PlanSet).
//!
//! Validation resolves every reference in the files (a nämndmål's KF goal, a
//! unit's nämndmål, an indicator's definition, `fortsätter`) into one of these,
//! so consumers never match strings again. Plan and goal ids index the plan
//! set's vectors; they are made only by the model and stay valid for its life.

/// A nämnd's plan: an index into [`PlanSet::committee_plans`](super::PlanSet::committee_plans).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CommitteePlanId(pub(crate) u32);

/// A unit's plan: an index into [`PlanSet::unit_plans`](super::PlanSet::unit_plans).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnitPlanId(pub(crate) u32);

/// Either kind of plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PlanId {
    Committee(CommitteePlanId),
    Unit(UnitPlanId),
}

/// KF:s mål för verksamhetsområdet in one budget year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KfGoalId {
    pub year: i32,
    pub(crate) direction: u32,
    pub(crate) goal: u32,
}

/// A nämndmål: its plan and its place in the plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CommitteeGoalId {
    pub plan: CommitteePlanId,
    pub(crate) goal: u32,
}

/// An enhetsmål: its plan, the nämndmål group it stands under, and its place there.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnitGoalId {
    pub plan: UnitPlanId,
    pub(crate) group: u32,
    pub(crate) goal: u32,
}

/// Who defines an indicator. A unit's own indicator ids are unique only within
/// its plan, so an indicator is known by its owner and id together.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IndicatorOwner {
    /// KF's budget for the year.
    Kf(i32),
    Committee(CommitteePlanId),
    Unit(UnitPlanId),
}

/// An indicator's definition: its owner and its id there.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IndicatorKey {
    pub owner: IndicatorOwner,
    pub id: String,
}

fn index(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

impl CommitteePlanId {
    pub(crate) fn new(i: usize) -> Self {
        CommitteePlanId(index(i))
    }

    pub(crate) fn index(self) -> usize {
        self.0 as usize
    }
}

impl UnitPlanId {
    pub(crate) fn new(i: usize) -> Self {
        UnitPlanId(index(i))
    }

    pub(crate) fn index(self) -> usize {
        self.0 as usize
    }
}

impl KfGoalId {
    pub(crate) fn new(year: i32, direction: usize, goal: usize) -> Self {
        KfGoalId {
            year,
            direction: index(direction),
            goal: index(goal),
        }
    }
}

impl CommitteeGoalId {
    pub(crate) fn new(plan: CommitteePlanId, goal: usize) -> Self {
        CommitteeGoalId {
            plan,
            goal: index(goal),
        }
    }
}

impl UnitGoalId {
    pub(crate) fn new(plan: UnitPlanId, group: usize, goal: usize) -> Self {
        UnitGoalId {
            plan,
            group: index(group),
            goal: index(goal),
        }
    }
}

impl From<CommitteeGoalId> for PlanId {
    /// The plan a nämndmål stands in.
    fn from(g: CommitteeGoalId) -> Self {
        PlanId::Committee(g.plan)
    }
}

impl From<UnitGoalId> for PlanId {
    /// The plan an enhetsmål stands in.
    fn from(g: UnitGoalId) -> Self {
        PlanId::Unit(g.plan)
    }
}
