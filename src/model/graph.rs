//! The plan graph: indexes built once during validation, and the queries the
//! commands ask of a [`PlanSet`] — the goals under a nämndmål, the plans serving
//! a nämnd in a year, an element's predecessors and successors through
//! `fortsätter` and the organisation's mergers, an indicator's definition and
//! its effective target.

use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

use super::id::*;
use super::*;

/// An element that can have a predecessor in an earlier year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Element {
    KfGoal(KfGoalId),
    CommitteePlan(CommitteePlanId),
    CommitteeGoal(CommitteeGoalId),
    UnitPlan(UnitPlanId),
    UnitGoal(UnitGoalId),
}

/// Where an indicator row stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RowPlace {
    /// Under a KF goal in KF's budget.
    Kf(KfGoalId),
    /// In a plan's part under a KF goal (`kf_mål`), the `group`th of them.
    PlanKfGoal(PlanId, u32),
    CommitteeGoal(CommitteeGoalId),
    UnitGoal(UnitGoalId),
}

/// One indicator row: its place and its position there.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RowId {
    pub place: RowPlace,
    pub(crate) row: u32,
}

impl RowId {
    /// The plan the row stands in; `None` for KF's budget.
    pub fn plan(self) -> Option<PlanId> {
        match self.place {
            RowPlace::Kf(_) => None,
            RowPlace::PlanKfGoal(p, _) => Some(p),
            RowPlace::CommitteeGoal(g) => Some(PlanId::Committee(g.plan)),
            RowPlace::UnitGoal(g) => Some(PlanId::Unit(g.plan)),
        }
    }
}

/// Where an indicator's effective target comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum TargetSource {
    /// The row's own Årsmål.
    Own,
    /// The nämnd's Årsmål for the same indicator, for a unit row without one.
    Committee,
    /// KF:s årsmål.
    Kf,
}

/// The target an indicator row stands for, and where it comes from.
#[derive(Clone, Copy, Debug)]
pub struct EffectiveTarget<'a> {
    pub target: &'a Target,
    pub source: TargetSource,
}

/// Lookups and back-links, built once by validation, or updated for the unit
/// plans an edit changed (`PlanSet::update_index`).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Index {
    committees: HashMap<String, usize>,
    committee_plans: HashMap<(String, i32), CommitteePlanId>,
    kf_goals: HashMap<(i32, String), KfGoalId>,
    committee_goals: HashMap<(CommitteePlanId, String), CommitteeGoalId>,
    serving: HashMap<(String, i32), Vec<UnitPlanId>>,
    /// A unit's plans over the years, by (nämnd, unit id), in file order.
    unit_history: HashMap<(String, String), Vec<UnitPlanId>>,
    committee_goals_under: HashMap<KfGoalId, Vec<CommitteeGoalId>>,
    unit_goals_under: HashMap<CommitteeGoalId, Vec<UnitGoalId>>,
    definitions: HashMap<IndicatorKey, RowId>,
    rows: HashMap<IndicatorKey, Vec<RowId>>,
    predecessors: HashMap<Element, Vec<Element>>,
    successors: HashMap<Element, Vec<Element>>,
}

impl std::ops::Index<CommitteePlanId> for PlanSet {
    type Output = CommitteePlan;
    fn index(&self, id: CommitteePlanId) -> &CommitteePlan {
        &self.committee_plans[id.index()]
    }
}

impl std::ops::Index<UnitPlanId> for PlanSet {
    type Output = UnitPlan;
    fn index(&self, id: UnitPlanId) -> &UnitPlan {
        &self.unit_plans[id.index()]
    }
}

impl std::ops::Index<KfGoalId> for PlanSet {
    type Output = KfGoal;
    fn index(&self, id: KfGoalId) -> &KfGoal {
        &self.kf_years[&id.year].directions[id.direction as usize].goals[id.goal as usize]
    }
}

impl std::ops::Index<CommitteeGoalId> for PlanSet {
    type Output = CommitteeGoal;
    fn index(&self, id: CommitteeGoalId) -> &CommitteeGoal {
        &self[id.plan].goals[id.goal as usize]
    }
}

impl std::ops::Index<UnitGoalId> for PlanSet {
    type Output = UnitGoal;
    fn index(&self, id: UnitGoalId) -> &UnitGoal {
        &self[id.plan].goals[id.group as usize].unit_goals[id.goal as usize]
    }
}

impl std::ops::Index<RowId> for PlanSet {
    type Output = Indicator;
    fn index(&self, id: RowId) -> &Indicator {
        let row = id.row as usize;
        match id.place {
            RowPlace::Kf(g) => &self[g].indicators[row],
            RowPlace::PlanKfGoal(PlanId::Committee(p), group) => {
                &self[p].kf_goals[group as usize].indicators[row]
            }
            RowPlace::PlanKfGoal(PlanId::Unit(p), group) => {
                &self[p].kf_goals[group as usize].indicators[row]
            }
            RowPlace::CommitteeGoal(g) => &self[g].indicators[row],
            RowPlace::UnitGoal(g) => &self[g].indicators[row],
        }
    }
}

/// How many entries each of an index's larger maps held: a set validated again
/// after an edit (nearly the same plans) reserves them up front instead of
/// growing each map step by step.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct IndexSizes {
    serving: usize,
    unit_history: usize,
    unit_goals_under: usize,
    definitions: usize,
    rows: usize,
    predecessors: usize,
    successors: usize,
}

/// Building, for validation: each plan is registered as it is accepted, so later
/// plans resolve against earlier ones; back-links are made once at the end.
impl PlanSet {
    /// The sizes of this set's index, for [`PlanSet::reserve_index`].
    pub(crate) fn index_sizes(&self) -> IndexSizes {
        let i = &self.index;
        IndexSizes {
            serving: i.serving.len(),
            unit_history: i.unit_history.len(),
            unit_goals_under: i.unit_goals_under.len(),
            definitions: i.definitions.len(),
            rows: i.rows.len(),
            predecessors: i.predecessors.len(),
            successors: i.successors.len(),
        }
    }

    /// Room in the index for what a set of `sizes` held (before its plans are added).
    pub(crate) fn reserve_index(&mut self, sizes: IndexSizes) {
        let i = Arc::make_mut(&mut self.index);
        i.serving.reserve(sizes.serving);
        i.unit_history.reserve(sizes.unit_history);
        i.unit_goals_under.reserve(sizes.unit_goals_under);
        i.definitions.reserve(sizes.definitions);
        i.rows.reserve(sizes.rows);
        i.predecessors.reserve(sizes.predecessors);
        i.successors.reserve(sizes.successors);
    }

    pub(crate) fn add_committee(&mut self, c: Committee) {
        Arc::make_mut(&mut self.index)
            .committees
            .entry(c.id.clone())
            .or_insert(self.committees.len());
        self.committees.push(c);
    }

    pub(crate) fn add_kf_year(&mut self, kf: KfYear) {
        let index = Arc::make_mut(&mut self.index);
        for (id, g) in kf.goals_with_ids() {
            index
                .kf_goals
                .entry((kf.year, g.number.clone()))
                .or_insert(id);
        }
        self.kf_years.insert(kf.year, kf);
    }

    pub(crate) fn add_committee_plan(&mut self, plan: CommitteePlan) -> CommitteePlanId {
        let id = CommitteePlanId::new(self.committee_plans.len());
        let index = Arc::make_mut(&mut self.index);
        index
            .committee_plans
            .insert((plan.committee.clone(), plan.year), id);
        for (i, g) in plan.goals.iter().enumerate() {
            index
                .committee_goals
                .entry((id, g.id.clone()))
                .or_insert(CommitteeGoalId::new(id, i));
        }
        self.committee_plans.push(plan);
        id
    }

    pub(crate) fn add_unit_plan(&mut self, plan: Arc<UnitPlan>) -> UnitPlanId {
        let id = UnitPlanId::new(self.unit_plans.len());
        let index = Arc::make_mut(&mut self.index);
        for c in std::iter::once(&plan.committee).chain(&plan.unit.other_committees) {
            let serving = index.serving.entry((c.clone(), plan.year)).or_default();
            if !serving.contains(&id) {
                serving.push(id);
            }
        }
        index
            .unit_history
            .entry((plan.committee.clone(), plan.unit.id.clone()))
            .or_default()
            .push(id);
        self.unit_plans.push(plan);
        id
    }

    /// Adds a unit plan without indexing it: for a set whose index is then
    /// taken from the last validation and updated ([`PlanSet::update_index`]).
    pub(crate) fn push_unit_plan(&mut self, plan: Arc<UnitPlan>) {
        self.unit_plans.push(plan);
    }

    /// Back-links, indicator rows and lineage; called once, after every plan is added.
    pub(crate) fn finish_index(&mut self) {
        let mut index = std::mem::take(Arc::make_mut(&mut self.index));
        for (p, plan) in self.committee_plan_ids() {
            for (i, g) in plan.goals.iter().enumerate() {
                if let Some(kf) = g.kf_goal_id {
                    index
                        .committee_goals_under
                        .entry(kf)
                        .or_default()
                        .push(CommitteeGoalId::new(p, i));
                }
            }
        }
        for (u, plan) in self.unit_plan_ids() {
            for (gi, group) in plan.goals.iter().enumerate() {
                let Some(cg) = group.committee_goal_id else {
                    continue;
                };
                if group.unit_goals.is_empty() {
                    continue;
                }
                let under = index.unit_goals_under.entry(cg).or_default();
                under.extend((0..group.unit_goals.len()).map(|i| UnitGoalId::new(u, gi, i)));
            }
        }
        for (row, ind) in self.indicator_rows() {
            // Most rows show a KF or nämnd indicator that other rows showed before:
            // the key is cloned only the first time it is seen.
            if !ind.is_reference && !index.definitions.contains_key(&ind.key) {
                index.definitions.insert(ind.key.clone(), row);
            }
            match index.rows.get_mut(&ind.key) {
                Some(rows) => rows.push(row),
                None => {
                    index.rows.insert(ind.key.clone(), vec![row]);
                }
            }
        }
        self.index = Arc::new(index);
        let links = self.lineage_links();
        let index = Arc::make_mut(&mut self.index);
        for (from, to) in links {
            index.predecessors.entry(from).or_default().push(to);
            index.successors.entry(to).or_default().push(from);
        }
    }

    /// Whether `new` takes the same place among the other unit plans as `old`
    /// did: the same nämnd, unit, year and `fortsätter`, so that every other
    /// plan's predecessor stays the same. Then [`PlanSet::update_index`] can put
    /// `new` in `old`'s place.
    pub(crate) fn same_place(old: &UnitPlan, new: &UnitPlan) -> bool {
        old.committee == new.committee
            && old.unit.id == new.unit.id
            && old.year == new.year
            && old.unit.continues.as_ref().map(|c| &c.text)
                == new.unit.continues.as_ref().map(|c| &c.text)
    }

    /// Takes `index`, the last validation's, as this set's, after its plans
    /// were pushed ([`PlanSet::push_unit_plan`]): the same plans at the same
    /// ids but for `replaced`, each unit plan id with the plan it had then, in
    /// the [same place](PlanSet::same_place) as the plan it has now. The
    /// entries of the replaced plans are taken out and those of their new
    /// plans put in, in the order a whole build gives them, so the index
    /// equals what [`PlanSet::add_unit_plan`] for each plan and
    /// [`PlanSet::finish_index`] would build.
    pub(crate) fn update_index(
        &mut self,
        index: Arc<Index>,
        replaced: &[(UnitPlanId, Arc<UnitPlan>)],
    ) {
        self.index = index;
        let mut index = std::mem::take(Arc::make_mut(&mut self.index));
        let mut keys: rustc_hash::FxHashSet<IndicatorKey> = rustc_hash::FxHashSet::default();
        for (u, old) in replaced {
            let u = *u;
            let new = &*self.unit_plans[u.index()];
            // The nämnder served.
            for c in std::iter::once(&old.committee).chain(&old.unit.other_committees) {
                let key = (c.clone(), old.year);
                if let Some(list) = index.serving.get_mut(&key) {
                    list.retain(|&x| x != u);
                    if list.is_empty() {
                        index.serving.remove(&key);
                    }
                }
            }
            for c in std::iter::once(&new.committee).chain(&new.unit.other_committees) {
                let list = index.serving.entry((c.clone(), new.year)).or_default();
                if let Err(at) = list.binary_search(&u) {
                    list.insert(at, u);
                }
            }
            // The enhetsmål under each nämndmål, in plan, group and goal order.
            for group in &old.goals {
                let Some(cg) = group.committee_goal_id else {
                    continue;
                };
                if let Some(list) = index.unit_goals_under.get_mut(&cg) {
                    list.retain(|g| g.plan != u);
                    if list.is_empty() {
                        index.unit_goals_under.remove(&cg);
                    }
                }
            }
            for (gi, group) in new.goals.iter().enumerate() {
                let Some(cg) = group.committee_goal_id else {
                    continue;
                };
                if group.unit_goals.is_empty() {
                    continue;
                }
                let list = index.unit_goals_under.entry(cg).or_default();
                let at = list.partition_point(|g| *g < UnitGoalId::new(u, gi, 0));
                list.splice(
                    at..at,
                    (0..group.unit_goals.len()).map(|i| UnitGoalId::new(u, gi, i)),
                );
            }
            // The rows showing each indicator, in the order of `indicator_rows`.
            let mine = |r: &RowId| r.plan() == Some(PlanId::Unit(u));
            let mut gone: rustc_hash::FxHashSet<&IndicatorKey> = rustc_hash::FxHashSet::default();
            for (_, ind) in unit_plan_rows(u, old) {
                if gone.insert(&ind.key) {
                    if let Some(list) = index.rows.get_mut(&ind.key) {
                        list.retain(|r| !mine(r));
                    }
                    if !keys.contains(&ind.key) {
                        keys.insert(ind.key.clone());
                    }
                }
            }
            for (row, ind) in unit_plan_rows(u, new) {
                let order = row_order(row);
                match index.rows.get_mut(&ind.key) {
                    Some(list) => {
                        let at = list.partition_point(|r| row_order(*r) < order);
                        list.insert(at, row);
                    }
                    None => {
                        index.rows.insert(ind.key.clone(), vec![row]);
                    }
                }
                if !keys.contains(&ind.key) {
                    keys.insert(ind.key.clone());
                }
            }
        }
        // An indicator's definition: the first row showing it that is not a reference.
        for key in keys {
            let first = index
                .rows
                .get(&key)
                .and_then(|list| list.iter().copied().find(|&r| !self[r].is_reference));
            if index.rows.get(&key).is_some_and(Vec::is_empty) {
                index.rows.remove(&key);
            }
            match first {
                Some(row) => {
                    index.definitions.insert(key, row);
                }
                None => {
                    index.definitions.remove(&key);
                }
            }
        }
        // Lineage: the plans' own links stand (each is in the same place);
        // the links of the enhetsmål of the replaced plans and of the plans
        // after them in their line are made again.
        let mut redo: Vec<UnitPlanId> = replaced.iter().map(|(u, _)| *u).collect();
        let mut i = 0;
        while i < redo.len() {
            for e in index
                .successors
                .get(&Element::UnitPlan(redo[i]))
                .map_or(&[][..], Vec::as_slice)
            {
                if let Element::UnitPlan(next) = *e
                    && !redo.contains(&next)
                {
                    redo.push(next);
                }
            }
            i += 1;
        }
        redo.sort();
        for &p in &redo {
            let plan = replaced
                .iter()
                .find(|(u, _)| *u == p)
                .map_or(&*self.unit_plans[p.index()], |(_, old)| &**old);
            for (goal, _) in plan.unit_goal_ids(p) {
                let from = Element::UnitGoal(goal);
                for to in index.predecessors.remove(&from).unwrap_or_default() {
                    if let Some(list) = index.successors.get_mut(&to) {
                        list.retain(|e| *e != from);
                        if list.is_empty() {
                            index.successors.remove(&to);
                        }
                    }
                }
            }
        }
        self.index = Arc::new(index);
        let mut links = Vec::new();
        for &p in &redo {
            if let Some(prev) = self.unit_predecessor(&self[p]) {
                self.unit_goal_links(p, prev, &mut links);
            }
        }
        let index = Arc::make_mut(&mut self.index);
        for (from, to) in links {
            index.predecessors.entry(from).or_default().push(to);
            let list = index.successors.entry(to).or_default();
            let at = list.partition_point(|e| *e < from);
            list.insert(at, from);
        }
    }

    /// The lookups and back-links: equal for two sets of the same plans,
    /// however each was built (a test compares an index updated after edits
    /// with one built whole).
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// This set's index, shared, for [`PlanSet::update_index`] in the next validation.
    pub(crate) fn shared_index(&self) -> Arc<Index> {
        Arc::clone(&self.index)
    }

    /// Leaves this set's index empty, so that a validation holding the same
    /// index ([`validate_cached`](crate::validate::validate_cached)) updates
    /// it in place instead of copying it; for a set about to be replaced.
    pub fn release_index(&mut self) {
        self.index = Arc::default();
    }

    pub(crate) fn indicator_mut(&mut self, id: RowId) -> &mut Indicator {
        let row = id.row as usize;
        match id.place {
            RowPlace::Kf(g) => {
                let kf = self.kf_years.get_mut(&g.year).expect("KF year of a row id");
                &mut kf.directions[g.direction as usize].goals[g.goal as usize].indicators[row]
            }
            RowPlace::PlanKfGoal(PlanId::Committee(p), group) => {
                &mut self.committee_plans[p.index()].kf_goals[group as usize].indicators[row]
            }
            RowPlace::PlanKfGoal(PlanId::Unit(p), group) => {
                &mut std::sync::Arc::make_mut(&mut self.unit_plans[p.index()]).kf_goals
                    [group as usize]
                    .indicators[row]
            }
            RowPlace::CommitteeGoal(g) => {
                &mut self.committee_plans[g.plan.index()].goals[g.goal as usize].indicators[row]
            }
            RowPlace::UnitGoal(g) => {
                &mut std::sync::Arc::make_mut(&mut self.unit_plans[g.plan.index()]).goals
                    [g.group as usize]
                    .unit_goals[g.goal as usize]
                    .indicators[row]
            }
        }
    }

    /// Every indicator row of the set, with its id.
    pub fn indicator_rows(&self) -> impl Iterator<Item = (RowId, &Indicator)> {
        self.indicator_rows_of(|_| true)
    }

    /// KF's and the nämnd plans' indicator rows, and those of the unit plans
    /// `units` names, with their ids, in the order of [`PlanSet::indicator_rows`].
    pub fn indicator_rows_of(
        &self,
        units: impl Fn(UnitPlanId) -> bool,
    ) -> impl Iterator<Item = (RowId, &Indicator)> {
        let kf = self
            .kf_years
            .values()
            .flat_map(|k| k.goals_with_ids())
            .flat_map(|(id, g)| rows(RowPlace::Kf(id), &g.indicators));
        let committee = self.committee_plan_ids().flat_map(|(p, plan)| {
            let kf = plan.kf_goals.iter().enumerate().flat_map(move |(i, g)| {
                rows(
                    RowPlace::PlanKfGoal(PlanId::Committee(p), i as u32),
                    &g.indicators,
                )
            });
            let own = plan.goals.iter().enumerate().flat_map(move |(i, g)| {
                rows(
                    RowPlace::CommitteeGoal(CommitteeGoalId::new(p, i)),
                    &g.indicators,
                )
            });
            kf.chain(own)
        });
        let unit = self
            .unit_plan_ids()
            .filter(move |&(u, _)| units(u))
            .flat_map(|(u, plan)| unit_plan_rows(u, plan));
        kf.chain(committee).chain(unit)
    }

    /// Declared `fortsätter` links and the organisation's mergers, resolved:
    /// (element, its predecessor).
    fn lineage_links(&self) -> Vec<(Element, Element)> {
        let mut links = Vec::new();
        for kf in self.kf_years.values() {
            for (id, g) in kf.goals_with_ids() {
                if let Some(prev) = g
                    .continues
                    .as_ref()
                    .and_then(|c| self.earlier_kf_goal(kf.year, &c.text))
                {
                    links.push((Element::KfGoal(id), Element::KfGoal(prev)));
                }
            }
        }
        for (p, plan) in self.committee_plan_ids() {
            let earlier = self.earlier_committee_plans(&plan.committee, plan.year);
            links.extend(
                earlier
                    .iter()
                    .map(|&e| (Element::CommitteePlan(p), Element::CommitteePlan(e))),
            );
            for (i, g) in plan.goals.iter().enumerate() {
                if let Some(prev) = g
                    .continues
                    .as_ref()
                    .and_then(|c| self.earlier_committee_goal(&plan.committee, plan.year, &c.text))
                {
                    links.push((
                        Element::CommitteeGoal(CommitteeGoalId::new(p, i)),
                        Element::CommitteeGoal(prev),
                    ));
                }
            }
        }
        for (u, plan) in self.unit_plan_ids() {
            let Some(prev) = self.unit_predecessor(plan) else {
                continue;
            };
            links.push((Element::UnitPlan(u), Element::UnitPlan(prev)));
            self.unit_goal_links(u, prev, &mut links);
        }
        links
    }

    /// The links of the unit plan `u`'s enhetsmål to those of `prev`, its
    /// predecessor, or of the plans before that.
    fn unit_goal_links(
        &self,
        u: UnitPlanId,
        prev: UnitPlanId,
        links: &mut Vec<(Element, Element)>,
    ) {
        for (id, g) in self[u].unit_goal_ids(u) {
            if let Some(c) = &g.continues
                && let Some(found) = self.earlier_unit_goal(prev, &c.text)
            {
                links.push((Element::UnitGoal(id), Element::UnitGoal(found)));
            }
        }
    }

    /// The goal numbered `number` in the latest budget before `year` that has it.
    fn earlier_kf_goal(&self, year: i32, number: &str) -> Option<KfGoalId> {
        self.kf_years
            .range(..year)
            .rev()
            .find_map(|(y, _)| self.kf_goal(*y, number))
    }

    /// The plans of the latest year before `year` of the nämnd or of those it continues.
    pub(crate) fn earlier_committee_plans(
        &self,
        committee: &str,
        year: i32,
    ) -> Vec<CommitteePlanId> {
        let lineage = self.committee_lineage(committee);
        let mut best: Vec<(i32, CommitteePlanId)> = Vec::new();
        for (id, p) in self.committee_plan_ids() {
            if p.year >= year || !lineage.contains(&p.committee.as_str()) {
                continue;
            }
            match best.first() {
                Some(&(y, _)) if y > p.year => {}
                Some(&(y, _)) if y == p.year => best.push((p.year, id)),
                _ => best = vec![(p.year, id)],
            }
        }
        best.into_iter().map(|(_, id)| id).collect()
    }

    /// The nämndmål `id` in the latest earlier plan of the nämnd's lineage that has it;
    /// `nämnd/id` (a merged nämnd's goal, where two predecessors have the same id)
    /// only in that nämnd's plans, if the lineage holds it.
    fn earlier_committee_goal(
        &self,
        committee: &str,
        year: i32,
        id: &str,
    ) -> Option<CommitteeGoalId> {
        let mut lineage = self.committee_lineage(committee);
        let id = match id.split_once('/') {
            Some((c, id)) => {
                lineage.retain(|l| *l == c);
                id
            }
            None => id,
        };
        self.committee_plan_ids()
            .filter(|(_, p)| p.year < year && lineage.contains(&p.committee.as_str()))
            .filter_map(|(pid, p)| Some((p.year, self.committee_goal(pid, id)?)))
            .max_by_key(|(y, _)| *y)
            .map(|(_, g)| g)
    }

    /// The unit's plan in the latest earlier year: the declared `fortsätter`
    /// (`nämnd/enhet`), or else the same unit id in the nämnd's lineage.
    fn unit_predecessor(&self, plan: &UnitPlan) -> Option<UnitPlanId> {
        let (committees, unit): (Vec<&str>, &str) = match &plan.unit.continues {
            Some(c) => {
                let (committee, unit) = c.text.split_once('/')?;
                (vec![committee], unit)
            }
            None => (self.committee_lineage(&plan.committee), &plan.unit.id),
        };
        committees
            .iter()
            .filter_map(|c| {
                self.index
                    .unit_history
                    .get(&((*c).to_owned(), unit.to_owned()))
            })
            .flatten()
            .filter(|&&id| self[id].year < plan.year)
            .max_by_key(|&&id| self[id].year)
            .copied()
    }

    /// The enhetsmål `id` in the unit plan `plan` or, failing that, in its predecessors.
    fn earlier_unit_goal(&self, plan: UnitPlanId, id: &str) -> Option<UnitGoalId> {
        let mut at = Some(plan);
        let mut seen = Vec::new();
        while let Some(p) = at {
            if seen.contains(&p) {
                return None;
            }
            seen.push(p);
            if let Some((g, _)) = self[p].unit_goal_ids(p).find(|(_, g)| g.id == id) {
                return Some(g);
            }
            at = self.unit_predecessor(&self[p]);
        }
        None
    }
}

/// Queries.
impl PlanSet {
    pub fn committee(&self, id: &str) -> Option<&Committee> {
        self.index.committees.get(id).map(|&i| &self.committees[i])
    }

    /// The nämnd and every nämnd it continues, transitively (the 2020 merger:
    /// `hagersten-alvsjo` → `hagersten-liljeholmen`, `alvsjo`). Starts with `committee`.
    pub fn committee_lineage<'a>(&'a self, committee: &'a str) -> Vec<&'a str> {
        let mut out = vec![committee];
        let mut i = 0;
        while i < out.len() {
            if let Some(c) = self.committee(out[i]) {
                for p in &c.continues {
                    if !out.contains(&p.as_str()) {
                        out.push(p);
                    }
                }
            }
            i += 1;
        }
        out
    }

    pub fn committee_plan_id(&self, committee: &str, year: i32) -> Option<CommitteePlanId> {
        // The key is owned; a nämnd has few plans, so build it for the lookup.
        self.index
            .committee_plans
            .get(&(committee.to_owned(), year))
            .copied()
    }

    pub fn committee_plan(&self, committee: &str, year: i32) -> Option<&CommitteePlan> {
        self.committee_plan_id(committee, year).map(|id| &self[id])
    }

    pub fn committee_plan_ids(&self) -> impl Iterator<Item = (CommitteePlanId, &CommitteePlan)> {
        self.committee_plans
            .iter()
            .enumerate()
            .map(|(i, p)| (CommitteePlanId::new(i), p))
    }

    pub fn unit_plan_ids(&self) -> impl Iterator<Item = (UnitPlanId, &UnitPlan)> {
        self.unit_plans
            .iter()
            .enumerate()
            .map(|(i, p)| (UnitPlanId::new(i), &**p))
    }

    /// KF:s mål för verksamhetsområdet `number` (`1.3`) in the budget for `year`.
    pub fn kf_goal(&self, year: i32, number: &str) -> Option<KfGoalId> {
        self.index.kf_goals.get(&(year, number.to_owned())).copied()
    }

    /// The nämndmål `id` in the nämnd plan `plan`.
    pub fn committee_goal(&self, plan: CommitteePlanId, id: &str) -> Option<CommitteeGoalId> {
        self.index
            .committee_goals
            .get(&(plan, id.to_owned()))
            .copied()
    }

    /// The unit plans serving a nämnd in a year, in file order: the nämnd's own
    /// units and shared ones that name it in `fler_nämnder`.
    pub fn plans_serving(&self, committee: &str, year: i32) -> &[UnitPlanId] {
        self.index
            .serving
            .get(&(committee.to_owned(), year))
            .map_or(&[], Vec::as_slice)
    }

    /// Every nämnd's nämndmål under a KF goal, in plan and file order.
    pub fn committee_goals_under(&self, kf_goal: KfGoalId) -> &[CommitteeGoalId] {
        self.index
            .committee_goals_under
            .get(&kf_goal)
            .map_or(&[], Vec::as_slice)
    }

    /// Every unit's enhetsmål under a nämndmål, in plan and file order.
    pub fn unit_goals_under(&self, committee_goal: CommitteeGoalId) -> &[UnitGoalId] {
        self.index
            .unit_goals_under
            .get(&committee_goal)
            .map_or(&[], Vec::as_slice)
    }

    /// The nämndmål group an enhetsmål stands under in its plan.
    pub fn unit_goal_group(&self, goal: UnitGoalId) -> &UnitCommitteeGoal {
        &self[goal.plan].goals[goal.group as usize]
    }

    /// An element's predecessors in earlier years: through `fortsätter` for goals and
    /// units (a unit without it continues itself), through the organisation's mergers
    /// for nämnd plans (a merged nämnd's plan has one per nämnd it continues).
    pub fn predecessors(&self, e: Element) -> &[Element] {
        self.index.predecessors.get(&e).map_or(&[], Vec::as_slice)
    }

    /// The elements in later years that continue `e`.
    pub fn successors(&self, e: Element) -> &[Element] {
        self.index.successors.get(&e).map_or(&[], Vec::as_slice)
    }

    /// The row that defines an indicator.
    pub fn indicator_definition(&self, key: &IndicatorKey) -> Option<&Indicator> {
        self.index.definitions.get(key).map(|&r| &self[r])
    }

    /// The KF goal under which KF's budget defines an indicator; `None` for a
    /// nämnd's or unit's own indicator.
    pub fn kf_goal_defining(&self, key: &IndicatorKey) -> Option<&KfGoal> {
        match self.index.definitions.get(key)?.place {
            RowPlace::Kf(g) => Some(&self[g]),
            _ => None,
        }
    }

    /// Every row showing an indicator: its definition and the rows that refer to it,
    /// in KF, nämnd, unit order.
    pub fn rows_showing(&self, key: &IndicatorKey) -> &[RowId] {
        self.index.rows.get(key).map_or(&[], Vec::as_slice)
    }

    /// The target a row stands for: its own Årsmål; for a unit row without one, the
    /// nämnd's Årsmål for the same indicator; else KF:s årsmål.
    pub fn effective_target<'a>(
        &'a self,
        plan: PlanId,
        row: &'a Indicator,
    ) -> Option<EffectiveTarget<'a>> {
        if !matches!(row.target, Target::Empty) {
            return Some(EffectiveTarget {
                target: &row.target,
                source: TargetSource::Own,
            });
        }
        if let PlanId::Unit(u) = plan
            && let Some(cp) = self.committee_plan_id(&self[u].committee, self[u].year)
        {
            let from_committee = self.rows_showing(&row.key).iter().find_map(|&r| {
                let ind = &self[r];
                (r.plan() == Some(PlanId::Committee(cp)) && !matches!(ind.target, Target::Empty))
                    .then_some(&ind.target)
            });
            if let Some(target) = from_committee {
                return Some(EffectiveTarget {
                    target,
                    source: TargetSource::Committee,
                });
            }
        }
        row.kf_target
            .as_ref()
            .filter(|t| !matches!(t, Target::Empty))
            .map(|target| EffectiveTarget {
                target,
                source: TargetSource::Kf,
            })
    }
}

/// The rows of a list of indicators at `place`, with their ids.
fn rows(place: RowPlace, inds: &[Indicator]) -> impl Iterator<Item = (RowId, &Indicator)> {
    inds.iter().enumerate().map(move |(i, ind)| {
        (
            RowId {
                place,
                row: i as u32,
            },
            ind,
        )
    })
}

/// The indicator rows of the unit plan `u`, in the order of [`PlanSet::indicator_rows`].
fn unit_plan_rows(u: UnitPlanId, plan: &UnitPlan) -> impl Iterator<Item = (RowId, &Indicator)> {
    let kf = plan.kf_goals.iter().enumerate().flat_map(move |(i, g)| {
        rows(
            RowPlace::PlanKfGoal(PlanId::Unit(u), i as u32),
            &g.indicators,
        )
    });
    let own = plan
        .unit_goal_ids(u)
        .flat_map(move |(id, g)| rows(RowPlace::UnitGoal(id), &g.indicators));
    kf.chain(own)
}

/// A row's place in [`PlanSet::indicator_rows`]: KF's rows by year, area and
/// goal; then each nämnd plan's, its rows under KF goals before those under
/// its nämndmål; then each unit plan's likewise.
fn row_order(r: RowId) -> (u8, i64, u8, u32, u32, u32) {
    let row = r.row;
    match r.place {
        RowPlace::Kf(g) => (0, i64::from(g.year), 0, g.direction, g.goal, row),
        RowPlace::PlanKfGoal(PlanId::Committee(p), i) => (1, i64::from(p.0), 0, i, 0, row),
        RowPlace::CommitteeGoal(g) => (1, i64::from(g.plan.0), 1, g.goal, 0, row),
        RowPlace::PlanKfGoal(PlanId::Unit(p), i) => (2, i64::from(p.0), 0, i, 0, row),
        RowPlace::UnitGoal(g) => (2, i64::from(g.plan.0), 1, g.group, g.goal, row),
    }
}

impl UnitPlan {
    /// The plan's enhetsmål with their ids; `id` is this plan's id.
    pub fn unit_goal_ids(&self, id: UnitPlanId) -> impl Iterator<Item = (UnitGoalId, &UnitGoal)> {
        self.goals.iter().enumerate().flat_map(move |(gi, group)| {
            group
                .unit_goals
                .iter()
                .enumerate()
                .map(move |(i, g)| (UnitGoalId::new(id, gi, i), g))
        })
    }
}
