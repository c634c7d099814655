//! Values a plan's prose may name in `{{…}}`, so the figures a Sammanfattning
//! states are computed from the plan's data when it is rendered, never typed.
//!
//! ```markdown
//! Nämnden har tagit fram {{antal nämndmål}} nämndmål. Nettobudgeten om
//! {{nettobudget}} mnkr består av kostnader med {{kostnader}} mnkr …
//! ```
//!
//! `{{tabell: id}}` lines place budget tables and are not fields.

/// A value the prose can name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// `{{antal nämndmål}}`: the number of the nämnd's goals.
    CommitteeGoalCount,
    /// `{{nettobudget}}`, mnkr, from the operating budget's SUMMA row.
    Net,
    /// `{{kostnader}}`, mnkr.
    Costs,
    /// `{{intäkter}}`, mnkr.
    Income,
    /// `{{investeringar}}`, mnkr.
    Investments,
    /// `{{inriktningsmål}}` on a line of its own: KF's inriktningsmål as a list.
    Directions,
}

impl Field {
    pub const ALL: [Field; 6] = [
        Field::CommitteeGoalCount,
        Field::Net,
        Field::Costs,
        Field::Income,
        Field::Investments,
        Field::Directions,
    ];

    /// The name written between the braces.
    pub fn name(self) -> &'static str {
        match self {
            Field::CommitteeGoalCount => "antal nämndmål",
            Field::Net => "nettobudget",
            Field::Costs => "kostnader",
            Field::Income => "intäkter",
            Field::Investments => "investeringar",
            Field::Directions => "inriktningsmål",
        }
    }

    pub fn parse(name: &str) -> Option<Field> {
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        Field::ALL.into_iter().find(|f| f.name() == name)
    }

    /// Whether the value comes from the nämnd plan's `sammanfattning`.
    pub fn needs_budget(self) -> bool {
        matches!(
            self,
            Field::Net | Field::Costs | Field::Income | Field::Investments
        )
    }
}

/// A `{{…}}` in a text: its byte range (braces included) and the name inside, trimmed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldRef<'a> {
    pub range: std::ops::Range<usize>,
    pub name: &'a str,
}

/// Every `{{…}}` in `text` that is not a table placement (`{{tabell: …}}`).
pub fn field_refs(text: &str) -> Vec<FieldRef<'_>> {
    let mut out = Vec::new();
    let mut at = 0;
    // A char pattern is searched with memchr; most of a city's prose has no `{`.
    while let Some(open) = text[at..].find('{').map(|i| at + i) {
        if !text[open + 1..].starts_with('{') {
            at = open + 1;
            continue;
        }
        let Some(close) = text[open + 2..].find("}}").map(|i| open + 2 + i) else {
            break;
        };
        let inner = &text[open + 2..close];
        // A `{{` without its `}}` on the same line is plain text.
        if inner.contains('\n') {
            at = open + 2;
            continue;
        }
        let name = inner.trim();
        if !name.starts_with("tabell:") && !name.starts_with("tabell ") {
            out.push(FieldRef {
                range: open..close + 2,
                name,
            });
        }
        at = close + 2;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_fields_but_not_table_placements() {
        let text = "Nämnden har {{antal nämndmål}} mål.\n{{tabell: drift}}\n{{ nettobudget }} mnkr, {{okänd}}. {{ej\nstängd}}";
        let refs: Vec<&str> = field_refs(text).iter().map(|r| r.name).collect();
        assert_eq!(refs, ["antal nämndmål", "nettobudget", "okänd"]);
        assert_eq!(
            Field::parse("antal  nämndmål"),
            Some(Field::CommitteeGoalCount)
        );
        assert_eq!(Field::parse("nettobudget"), Some(Field::Net));
        assert_eq!(Field::parse("okänd"), None);
        let first = &field_refs(text)[0];
        assert_eq!(&text[first.range.clone()], "{{antal nämndmål}}");
    }
}
