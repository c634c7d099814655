//! Values a plan's prose may name in `{{…}}`, so the figures a Sammanfattning
//! states are computed from the plan's data when it is rendered, never typed.
//!
//! ```markdown
//! Nämnden har tagit fram {{antal nämndmål}} nämndmål. Nettobudgeten om
//! {{nettobudget}} mnkr består av kostnader med {{kostnader}} mnkr …
//! ```
//!
//! Any cell of the plan's `ekonomi` tables is named by table id, row and
//! column, so a figure in the running text follows its table:
//!
//! ```markdown
//! Nettobudgeten uppgår till {{belopp: fordelning | Förskoleverksamhet | VP 2019 netto}} mnkr.
//! ```
//!
//! `{{tabell: id}}` lines place budget tables and are not fields.

use crate::model::Table;

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
    /// `{{beredning}}`: the steps of `beredning:` in the YAML, as sentences with Swedish dates.
    Preparation,
}

impl Field {
    pub const ALL: [Field; 7] = [
        Field::CommitteeGoalCount,
        Field::Net,
        Field::Costs,
        Field::Income,
        Field::Investments,
        Field::Directions,
        Field::Preparation,
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
            Field::Preparation => "beredning",
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

/// The word that opens a cell reference: `{{belopp: tabell | rad | kolumn}}`.
pub const CELL_PREFIX: &str = "belopp:";

/// A reference to one cell of a plan's `ekonomi` tables, as written (each part trimmed).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CellRef<'a> {
    pub table: &'a str,
    pub row: &'a str,
    pub column: &'a str,
}

impl<'a> CellRef<'a> {
    /// `None` when `name` is not a cell reference (no `belopp:` in front);
    /// `Some(Err(parts))` when it is one without exactly three parts.
    pub fn parse(name: &'a str) -> Option<Result<CellRef<'a>, usize>> {
        let rest = name.strip_prefix(CELL_PREFIX)?;
        let parts: Vec<&str> = rest.split('|').map(str::trim).collect();
        Some(match parts.as_slice() {
            [table, row, column] if !table.is_empty() && !row.is_empty() && !column.is_empty() => {
                Ok(CellRef { table, row, column })
            }
            _ => Err(parts.len()),
        })
    }
}

/// Why a cell reference gives no figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CellError {
    UnknownTable,
    UnknownRow,
    UnknownColumn,
    /// The row has no figure in that column.
    Empty,
}

/// Row labels and column names are compared with runs of white space as one
/// space and case ignored (`SUMMA`, `Summa`).
pub fn same_label(a: &str, b: &str) -> bool {
    a.split_whitespace()
        .map(str::to_lowercase)
        .eq(b.split_whitespace().map(str::to_lowercase))
}

/// The figure a cell reference names, from the plan's tables. The first row
/// with the label counts when a table has two.
pub fn lookup_cell(tables: &[Table], r: &CellRef) -> Result<f64, CellError> {
    let table = tables
        .iter()
        .find(|t| t.id == r.table)
        .ok_or(CellError::UnknownTable)?;
    let row = table
        .rows
        .iter()
        .find(|row| same_label(&row.label, r.row))
        .ok_or(CellError::UnknownRow)?;
    let column = table
        .columns
        .iter()
        .position(|c| same_label(c, r.column))
        .ok_or(CellError::UnknownColumn)?;
    row.values
        .get(column)
        .copied()
        .flatten()
        .ok_or(CellError::Empty)
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

    #[test]
    fn cell_references_have_three_parts() {
        assert_eq!(
            CellRef::parse("belopp: drift | SUMMA | VP 2019 netto"),
            Some(Ok(CellRef {
                table: "drift",
                row: "SUMMA",
                column: "VP 2019 netto"
            }))
        );
        assert_eq!(CellRef::parse("belopp: drift | SUMMA"), Some(Err(2)));
        assert_eq!(CellRef::parse("belopp: drift | | netto"), Some(Err(3)));
        assert_eq!(CellRef::parse("nettobudget"), None);
        assert!(same_label("SUMMA", "Summa"));
        assert!(same_label("VP 2019  netto", "VP 2019 netto"));
        assert!(!same_label("Netto", "Netto 2"));
    }
}
