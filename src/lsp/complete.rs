//! Completion of references from what exists in the tree: nämndmål of the
//! nämnd's plan that year, KF goals of the year, indicators, nämnder, the
//! closed lists with what each value means; in Markdown, goal headings'
//! `{#id}`, `{{tabell: id}}` and the `{{…}}` fields.

use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionTextEdit, Documentation, Range, TextEdit,
};

use crate::load::FileKind;
use crate::model::fields::Field;
use crate::model::graph::Element;
use crate::model::{IndicatorOwner, PlanId, PlanSet};
use crate::source::FileId;

use super::cursor::{self, MarkdownPlace};
use super::position::LineIndex;
use super::symbol::is_markdown;
use super::world::{PlanRef, Tree};

/// A candidate: what is inserted, a short label beside it, and whether YAML
/// needs it quoted (`"1.3"` would otherwise be read as a number).
struct Candidate {
    text: String,
    detail: String,
    kind: CompletionItemKind,
    quote: bool,
}

fn candidate(
    text: impl Into<String>,
    detail: impl Into<String>,
    kind: CompletionItemKind,
) -> Candidate {
    Candidate {
        text: text.into(),
        detail: detail.into(),
        kind,
        quote: false,
    }
}

/// The closed lists, each value with what it means.
const PERIODICITY: &[(&str, &str)] = &[
    ("Månad", "följs upp varje månad"),
    ("Tertial", "följs upp varje tertial (tre gånger om året)"),
    ("Halvår", "följs upp varje halvår"),
    ("År", "följs upp en gång om året"),
];
const DIRECTION: &[(&str, &str)] = &[
    ("högre", "ett högre värde är bättre"),
    ("lägre", "ett lägre värde är bättre"),
    ("ingen", "varken högre eller lägre är bättre"),
];
const AGGREGATION: &[(&str, &str)] = &[
    ("summa", "enheternas utfall läggs ihop (antal, belopp)"),
    ("medel", "medelvärdet av enheternas utfall"),
    (
        "viktat-medel",
        "medelvärde vägt med en annan indikator (ange `vikt`)",
    ),
    ("min", "det lägsta av enheternas utfall"),
    ("max", "det högsta av enheternas utfall"),
    ("ingen", "enheternas utfall räknas inte samman"),
];
const ROW_KIND: &[(&str, &str)] = &[
    ("rad", "en vanlig rad"),
    ("varav", "en del av raden ovanför"),
    ("summa", "summan av raderna ovanför"),
];

pub fn complete(tree: &Tree, file: FileId, offset: usize) -> Vec<CompletionItem> {
    let text = tree.project.sources.get(file).text.as_str();
    let index = LineIndex::new(text);
    let (candidates, start, end, quoted) = if is_markdown(tree, file) {
        let Some(place) = cursor::markdown_place(text, offset) else {
            return Vec::new();
        };
        let (c, s, e) = markdown(tree, file, place);
        (c, s, e, true)
    } else {
        let Some(place) = cursor::yaml_place(text, offset) else {
            return Vec::new();
        };
        (
            yaml(tree, file, text, &place),
            place.start,
            place.end,
            place.quoted,
        )
    };
    let range = Range::new(index.position(start), index.position(end.max(offset)));
    // Right after `nämndmål:` the value needs its space, or YAML reads one word.
    let space = if text[..start].ends_with(':') {
        " "
    } else {
        ""
    };
    candidates
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            let insert = if c.quote && !quoted {
                format!("{space}\"{}\"", c.text)
            } else {
                format!("{space}{}", c.text)
            };
            CompletionItem {
                label: c.text.clone(),
                kind: Some(c.kind),
                detail: (!c.detail.is_empty()).then(|| c.detail.clone()),
                documentation: (!c.detail.is_empty())
                    .then(|| Documentation::String(c.detail.clone())),
                sort_text: Some(format!("{i:05}")),
                filter_text: Some(c.text.clone()),
                text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(range, insert))),
                ..CompletionItem::default()
            }
        })
        .collect()
}

fn closed(list: &[(&str, &str)]) -> Vec<Candidate> {
    list.iter()
        .map(|(v, d)| candidate(*v, *d, CompletionItemKind::ENUM_MEMBER))
        .collect()
}

fn committees(set: &PlanSet, year: Option<i32>) -> Vec<Candidate> {
    set.committees
        .iter()
        .filter(|c| year.is_none_or(|y| c.exists_in(y)))
        .map(|c| candidate(&c.id, &c.name, CompletionItemKind::MODULE))
        .collect()
}

/// The activities with an id, for a list that names them.
fn activities(list: &[crate::model::Activity]) -> Vec<Candidate> {
    list.iter()
        .filter_map(|a| {
            let id = a.id.as_deref()?;
            Some(candidate(id, &a.text, CompletionItemKind::REFERENCE))
        })
        .collect()
}

fn kf_goals(set: &PlanSet, year: Option<i32>) -> Vec<Candidate> {
    let Some(kf) = year.and_then(|y| set.kf_years.get(&y)) else {
        return Vec::new();
    };
    kf.goals()
        .map(|g| Candidate {
            quote: true,
            ..candidate(&g.number, &g.title, CompletionItemKind::CONSTANT)
        })
        .collect()
}

fn yaml(tree: &Tree, file: FileId, text: &str, place: &cursor::YamlPlace) -> Vec<Candidate> {
    let set = &tree.project.plans;
    let header = cursor::header(text);
    let kind = header.kind.as_deref().unwrap_or("");
    let parent = place.path.last().map(String::as_str);
    let year = header.year;
    match (place.key.as_str(), parent) {
        ("typ", None) => FileKind::ALL
            .iter()
            .map(|k| candidate(k.tag(), "", CompletionItemKind::ENUM_MEMBER))
            .collect(),
        ("typ", _) => closed(ROW_KIND),
        ("periodicitet", _) => closed(PERIODICITY),
        ("riktning", _) => closed(DIRECTION),
        ("aggregering", _) => closed(AGGREGATION),
        ("nämnd", None) | ("fler_nämnder", None | Some("enhet")) => committees(set, year),
        ("fortsätter", Some("nämnder")) => committees(set, None),
        ("kf_mål", Some("nämndmål")) | ("mål", Some("kf_mål")) => kf_goals(set, year),
        ("nämndmål", Some("nämndmål")) if kind == "enhetsplan" => {
            let Some(plan) = header
                .committee
                .as_deref()
                .zip(year)
                .and_then(|(c, y)| set.committee_plan(c, y))
            else {
                return Vec::new();
            };
            plan.goals
                .iter()
                .map(|g| candidate(&g.id, &g.title, CompletionItemKind::REFERENCE))
                .collect()
        }
        ("indikator" | "vikt", _) => indicators(tree, file, &header),
        // A unit plan's `aktiviteter` under a nämndmål: that nämndmål's activities.
        ("aktiviteter", Some("nämndmål")) if kind == "enhetsplan" => {
            let goal = cursor::sibling_value(text, place.start, "nämndmål");
            let plan = header
                .committee
                .as_deref()
                .zip(year)
                .and_then(|(c, y)| set.committee_plan_id(c, y));
            match plan.zip(goal).and_then(|(p, g)| set.committee_goal(p, &g)) {
                Some(g) => activities(&set[g].activities),
                None => Vec::new(),
            }
        }
        // A nämnd plan's `aktiviteter` under a KF goal: KF's activities of that goal.
        ("aktiviteter", Some("kf_mål")) if kind == "nämndplan" => {
            let goal = cursor::sibling_value(text, place.start, "mål");
            match year
                .zip(goal)
                .and_then(|(y, g)| set.kf_goal(y, g.trim_end_matches('.')))
            {
                Some(g) => activities(&set[g].activities),
                None => Vec::new(),
            }
        }
        ("fortsätter", Some("nämndmål")) if kind == "nämndplan" => {
            let Some(c) = header.committee.as_deref() else {
                return Vec::new();
            };
            let Some(y) = year else { return Vec::new() };
            set.earlier_committee_plans(c, y)
                .into_iter()
                .flat_map(|p| {
                    set[p].goals.iter().map(move |g| {
                        candidate(
                            &g.id,
                            format!("{} ({})", g.title, set[p].year),
                            CompletionItemKind::REFERENCE,
                        )
                    })
                })
                .collect()
        }
        ("fortsätter", Some("enhetsmål")) => match tree.plan_of(file) {
            Some(PlanRef::Unit(PlanId::Unit(u), _)) => set
                .predecessors(Element::UnitPlan(u))
                .iter()
                .filter_map(|e| match e {
                    Element::UnitPlan(prev) => Some(*prev),
                    _ => None,
                })
                .flat_map(|prev| {
                    set[prev].unit_goal_ids(prev).map(move |(_, g)| {
                        candidate(
                            &g.id,
                            format!("{} ({})", g.title, set[prev].year),
                            CompletionItemKind::REFERENCE,
                        )
                    })
                })
                .collect(),
            _ => Vec::new(),
        },
        ("fortsätter", Some("enhet")) => {
            let lineage: Vec<&str> = header
                .committee
                .as_deref()
                .map(|c| set.committee_lineage(c))
                .unwrap_or_default();
            set.unit_plan_ids()
                .filter(|(_, p)| year.is_none_or(|y| p.year < y))
                .filter(|(_, p)| lineage.is_empty() || lineage.contains(&p.committee.as_str()))
                .map(|(_, p)| {
                    candidate(
                        format!("{}/{}", p.committee, p.unit.id),
                        format!("{} ({})", p.unit.name, p.year),
                        CompletionItemKind::MODULE,
                    )
                })
                .collect()
        }
        ("fortsätter", Some("mål")) if kind == "kf-budget" => kf_goals(
            set,
            year.and_then(|y| set.kf_years.range(..y).next_back().map(|(y, _)| *y)),
        ),
        _ => Vec::new(),
    }
}

/// The indicators a row of this plan may refer to: KF's of the year, the
/// nämnd plan's own (for a unit plan), and those the plan itself defines.
fn indicators(tree: &Tree, file: FileId, header: &cursor::Header) -> Vec<Candidate> {
    let set = &tree.project.plans;
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let own = match tree.plan_of(file) {
        Some(PlanRef::Committee(id, _) | PlanRef::Unit(id, _)) => Some(id),
        None => None,
    };
    let committee_plan = header
        .committee
        .as_deref()
        .zip(header.year)
        .and_then(|(c, y)| set.committee_plan_id(c, y));
    for (_, row) in set.indicator_rows() {
        if row.is_reference {
            continue;
        }
        let (visible, whose) = match row.key.owner {
            IndicatorOwner::Kf(y) => (Some(y) == header.year, "KF"),
            IndicatorOwner::Committee(p) => (
                Some(p) == committee_plan || own == Some(PlanId::Committee(p)),
                "nämnden",
            ),
            IndicatorOwner::Unit(u) => (own == Some(PlanId::Unit(u)), "enheten"),
        };
        if visible && seen.insert(row.id.clone()) {
            out.push(candidate(
                &row.id,
                format!("{} ({whose})", row.name),
                CompletionItemKind::VALUE,
            ));
        }
    }
    out
}

fn markdown(tree: &Tree, file: FileId, place: MarkdownPlace) -> (Vec<Candidate>, usize, usize) {
    let set = &tree.project.plans;
    let plan = tree.plan_of(file);
    match place {
        MarkdownPlace::GoalHeading { start, end, .. } => {
            let mut out = Vec::new();
            let year = match plan {
                Some(PlanRef::Committee(_, p)) => {
                    out.extend(
                        p.goals
                            .iter()
                            .map(|g| candidate(&g.id, &g.title, CompletionItemKind::REFERENCE)),
                    );
                    Some(p.year)
                }
                Some(PlanRef::Unit(_, p)) => {
                    out.extend(p.goals.iter().flat_map(|group| {
                        group
                            .unit_goals
                            .iter()
                            .map(|g| candidate(&g.id, &g.title, CompletionItemKind::REFERENCE))
                    }));
                    Some(p.year)
                }
                None => None,
            };
            out.extend(
                kf_goals(set, year)
                    .into_iter()
                    .map(|c| Candidate { quote: false, ..c }),
            );
            (out, start, end)
        }
        MarkdownPlace::Table { start, end, .. } => {
            let tables = match plan {
                Some(PlanRef::Committee(_, p)) => p.economy.as_slice(),
                Some(PlanRef::Unit(_, p)) => p.economy.as_slice(),
                None => &[],
            };
            let out = tables
                .iter()
                .map(|t| candidate(&t.id, &t.title, CompletionItemKind::STRUCT))
                .collect();
            (out, start, end)
        }
        MarkdownPlace::Field { start, end, .. } => {
            let mut out: Vec<Candidate> = Field::ALL
                .iter()
                .map(|f| candidate(f.name(), "", CompletionItemKind::FIELD))
                .collect();
            out.push(candidate(
                "tabell: ",
                "placera en budgettabell",
                CompletionItemKind::KEYWORD,
            ));
            out.push(candidate(
                "belopp: ",
                "en cell: tabell | rad | kolumn",
                CompletionItemKind::KEYWORD,
            ));
            (out, start, end)
        }
    }
}
