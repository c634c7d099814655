//! The rollup as text: `table` for the terminal, `md` for a pull request or a
//! wiki, `csv` (the coverage matrix) for a spreadsheet. JSON is the value itself.

use std::fmt::Write;

use super::*;

/// Cell text of the coverage matrix: enhetsmål count, `·` listed without own
/// enhetsmål, `–` not listed.
fn cell_text(c: Cell) -> String {
    match c {
        Cell { listed: false, .. } => "–".into(),
        Cell { goals: 0, .. } => "·".into(),
        Cell { goals, .. } => goals.to_string(),
    }
}

fn unit_label(u: &Unit, committee: &str) -> String {
    let mut s = u.name.clone();
    if let Some(p) = u.period {
        let _ = write!(s, " ({}–{})", p.from, p.to);
    }
    if u.committee != committee {
        let _ = write!(s, " (delad, hör till {})", u.committee);
    }
    s
}

/// The words for a roll-up, shared by `vp rollup`'s formats and the rendered
/// plan's appendix: `fig` sets a target or figure as its medium prints it (as
/// written for the terminal, with Swedish typography in a document).
pub fn outcome_words(r: &IndicatorRollup, fig: &dyn Fn(&str) -> String) -> String {
    match &r.result {
        Outcome::NoUnits => "ingen enhet visar indikatorn".into(),
        Outcome::NotAggregated { reason } => format!("inte sammanräknat: {reason}"),
        Outcome::Aggregated {
            text,
            gap,
            reaches,
            note,
            ..
        } => {
            let mut s = format!("enheterna tillsammans {}", fig(text));
            if let Some(g) = gap {
                let sign = if *g > 0.0 { "+" } else { "" };
                let gap = format!("{sign}{}", format_number(*g));
                let _ = write!(s, ", {} mot nämndens årsmål", fig(&gap));
            }
            match reaches {
                Some(true) => s.push_str(", når nämndens årsmål"),
                Some(false) => s.push_str(", når INTE nämndens årsmål"),
                None => {}
            }
            if let Some(n) = note {
                let _ = write!(s, " ({n})");
            }
            s
        }
    }
}

/// Whose target the nämnd's row stands for, and KF's: `nämndens årsmål 360 st,
/// KF:s årsmål Tas fram av nämnd`.
pub fn targets_words(r: &IndicatorRollup, fig: &dyn Fn(&str) -> String) -> String {
    let or_dash = |s: &str| {
        if s.is_empty() {
            "–".to_owned()
        } else {
            fig(s)
        }
    };
    match r.committee_target_source {
        Some(TargetSource::Kf) => format!(
            "nämnden har inget eget årsmål, KF:s årsmål {}",
            or_dash(&r.kf_target)
        ),
        _ => format!(
            "nämndens årsmål {}, KF:s årsmål {}",
            or_dash(&r.committee_target),
            or_dash(&r.kf_target)
        ),
    }
}

/// Each unit's own target: `Enhet Alfa: 40 st; Enhet Delta: inget eget årsmål`.
pub fn unit_targets_words(r: &IndicatorRollup, fig: &dyn Fn(&str) -> String) -> String {
    r.unit_targets
        .iter()
        .map(|t| {
            if t.target.is_empty() {
                format!("{}: inget eget årsmål", t.unit_name)
            } else {
                format!("{}: {}", t.unit_name, fig(&t.target))
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// As written, for the terminal and Markdown.
fn plain(s: &str) -> String {
    s.to_owned()
}

fn outcome_text(r: &IndicatorRollup) -> String {
    outcome_words(r, &plain)
}

fn targets_text(r: &IndicatorRollup) -> String {
    targets_words(r, &plain)
}

fn unit_targets_text(r: &IndicatorRollup) -> String {
    unit_targets_words(r, &plain)
}

fn activity_text(a: &Activity) -> String {
    format!("{} ({}–{})", a.text, a.start, a.end)
}

fn indicator_text(i: &Indicator) -> String {
    let mut parts = Vec::new();
    if !i.target.is_empty() {
        let whose = match i.target_source {
            Some(TargetSource::Committee) => " (nämndens)",
            Some(TargetSource::Kf) => " (KF:s)",
            _ => "",
        };
        parts.push(format!("årsmål {}{whose}", i.target));
    }
    if let Some(p) = i.periodicity {
        parts.push(p.to_lowercase());
    }
    if parts.is_empty() {
        i.name.clone()
    } else {
        format!("{} ({})", i.name, parts.join(", "))
    }
}

/// An id cut to fit a column, with `…` where it was cut.
fn fit(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        s.to_owned()
    } else {
        let mut cut: String = s.chars().take(width - 1).collect();
        cut.push('…');
        cut
    }
}

/// Widest id shown in the terminal's coverage matrix.
const ID_WIDTH: usize = 48;

/// For the terminal.
pub fn table(r: &Rollup) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Sammanställning av enheternas planer: {} {}",
        r.committee_name, r.year
    );
    let _ = writeln!(out, "\nEnheter:");
    for (i, u) in r.units.iter().enumerate() {
        let _ = writeln!(out, "  E{} {}", i + 1, unit_label(u, &r.committee));
    }
    if r.units.is_empty() {
        let _ = writeln!(out, "  (inga enhetsplaner)");
    }
    for d in &r.directions {
        let _ = writeln!(out, "\n{}. {}", d.number, d.title);
        for k in &d.kf_goals {
            let _ = writeln!(out, "\n  {} {}", k.number, k.title);
            for i in &k.indicators {
                let _ = writeln!(out, "    KF:s indikator: {} ({})", i.name, targets_text(i));
                if !i.unit_targets.is_empty() {
                    let _ = writeln!(out, "      enheterna: {}", unit_targets_text(i));
                }
                let _ = writeln!(out, "      {}", outcome_text(i));
            }
            for a in &k.activities {
                let _ = writeln!(out, "    KF:s aktivitet: {}", activity_text(a));
            }
            for g in &k.committee_goals {
                let _ = writeln!(out, "\n    Nämndmål: {} [{}]", g.title, g.id);
                for i in &g.indicators {
                    let _ = writeln!(out, "      Indikator: {} ({})", i.name, targets_text(i));
                    if !i.unit_targets.is_empty() {
                        let _ = writeln!(out, "        enheterna: {}", unit_targets_text(i));
                    }
                    let _ = writeln!(out, "        {}", outcome_text(i));
                }
                for a in &g.activities {
                    let _ = writeln!(out, "      Aktivitet: {}", activity_text(a));
                }
                if g.units.is_empty() {
                    let _ = writeln!(out, "      Ingen enhet arbetar mot nämndmålet.");
                }
                for u in &g.units {
                    let _ = writeln!(out, "      {}", u.unit_name);
                    if u.goals.is_empty() {
                        let _ = writeln!(out, "        (inga egna enhetsmål)");
                    }
                    for ug in &u.goals {
                        let _ = writeln!(out, "        Enhetsmål: {} [{}]", ug.title, ug.id);
                        let _ = writeln!(out, "          {}", ug.location);
                        for i in &ug.indicators {
                            let _ = writeln!(out, "          Indikator: {}", indicator_text(i));
                        }
                        for a in &ug.activities {
                            let _ = writeln!(out, "          Aktivitet: {}", activity_text(a));
                        }
                    }
                    for a in &u.carries {
                        let _ = writeln!(
                            out,
                            "        Utför nämndens aktivitet: {}",
                            activity_text(a)
                        );
                    }
                }
            }
        }
    }
    let _ = writeln!(
        out,
        "\nTäckning: enhetsmål per nämndmål (· = nämndmålet står i planen utan egna enhetsmål, – = står inte i planen)\n"
    );
    out.push_str(&matrix_text(r));
    lists(&mut out, r, "", "");
    out
}

/// The coverage matrix as aligned columns.
fn matrix_text(r: &Rollup) -> String {
    let width = r
        .coverage
        .matrix
        .iter()
        .map(|m| m.committee_goal.chars().count().min(ID_WIDTH))
        .max()
        .unwrap_or(0)
        .max("nämndmål".len());
    let mut out = format!("  {:width$}", "nämndmål");
    for i in 0..r.units.len() {
        let _ = write!(out, " {:>4}", format!("E{}", i + 1));
    }
    out.push('\n');
    for m in &r.coverage.matrix {
        let _ = write!(out, "  {:width$}", fit(&m.committee_goal, ID_WIDTH));
        for c in &m.cells {
            let _ = write!(out, " {:>4}", cell_text(*c));
        }
        out.push('\n');
    }
    out
}

/// The lists of what nobody does, with a heading prefix (`` or `### `) and an item prefix.
fn lists(out: &mut String, r: &Rollup, heading: &str, item: &str) {
    let c = &r.coverage;
    // Plan text is escaped in Markdown, printed as it is in the terminal.
    let md = |s: &str| {
        if heading.is_empty() {
            s.to_owned()
        } else {
            md_escape(s)
        }
    };
    let bullet = if item.is_empty() { "  " } else { item };
    let title = |id: &String| {
        c.matrix
            .iter()
            .find(|m| &m.committee_goal == id)
            .map_or_else(|| id.clone(), |m| format!("{} [{id}]", m.title))
    };
    let _ = writeln!(out, "\n{heading}Nämndmål som ingen enhet nämner");
    if !heading.is_empty() {
        out.push('\n');
    }
    if c.uncovered_goals.is_empty() {
        let _ = writeln!(out, "{bullet}(inga)");
    }
    for g in &c.uncovered_goals {
        let _ = writeln!(out, "{bullet}{}", md(&title(g)));
    }
    let _ = writeln!(out, "\n{heading}Nämndmål utan enhetsmål i någon enhet");
    if !heading.is_empty() {
        out.push('\n');
    }
    if c.goals_without_unit_goals.is_empty() {
        let _ = writeln!(out, "{bullet}(inga)");
    }
    for g in &c.goals_without_unit_goals {
        let _ = writeln!(out, "{bullet}{}", md(&title(g)));
    }
    let _ = writeln!(out, "\n{heading}Nämndens aktiviteter som ingen enhet utför");
    if !heading.is_empty() {
        out.push('\n');
    }
    if c.uncarried_activities.is_empty() {
        let _ = writeln!(out, "{bullet}(inga)");
    }
    for a in &c.uncarried_activities {
        let _ = writeln!(
            out,
            "{bullet}{} [{}]",
            md(&activity_text(&a.activity)),
            a.committee_goal
        );
    }
    let _ = writeln!(out, "\n{heading}Enheter utan enhetsmål");
    if !heading.is_empty() {
        out.push('\n');
    }
    if c.units_without_goals.is_empty() {
        let _ = writeln!(out, "{bullet}(inga)");
    }
    for u in &c.units_without_goals {
        let _ = writeln!(out, "{bullet}{u}");
    }
    let _ = writeln!(out, "\n{heading}Enhetsmål utan indikator eller aktivitet");
    if !heading.is_empty() {
        out.push('\n');
    }
    if c.empty_unit_goals.is_empty() {
        let _ = writeln!(out, "{bullet}(inga)");
    }
    for g in &c.empty_unit_goals {
        let _ = writeln!(
            out,
            "{bullet}{}: {} [{}] {}",
            g.unit, g.title, g.goal, g.location
        );
    }
    let _ = writeln!(
        out,
        "\n{heading}KF:s indikatorer som enheterna visar (* = under ett enhetsmål)"
    );
    if !heading.is_empty() {
        out.push('\n');
    }
    if c.kf_indicators.is_empty() {
        let _ = writeln!(out, "{bullet}(inga)");
    }
    for k in &c.kf_indicators {
        let units: Vec<String> = k
            .units
            .iter()
            .map(|u| {
                if k.under_unit_goals.contains(u) {
                    format!("{u}*")
                } else {
                    u.clone()
                }
            })
            .collect();
        let _ = writeln!(
            out,
            "{bullet}{} {} [{}]: {}",
            k.kf_goal,
            md(&k.name),
            k.id,
            md(&units.join(", "))
        );
    }
}

/// Escapes what Markdown would read as markup in plan text.
pub(super) fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        if matches!(
            ch,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '!'
        ) {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

/// An indicator's line in Markdown: name, targets, the units' targets, the outcome.
fn md_indicator(i: &IndicatorRollup) -> String {
    let mut s = format!(
        "**{}** ({})",
        md_escape(&i.name),
        md_escape(&targets_text(i))
    );
    if !i.unit_targets.is_empty() {
        let _ = write!(s, ". Enheterna: {}", md_escape(&unit_targets_text(i)));
    }
    let _ = write!(s, ". {}.", md_escape(&capitalized(&outcome_text(i))));
    s
}

/// A sentence's first letter in upper case.
pub fn capitalized(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// For a pull request comment or a wiki page.
pub fn markdown(r: &Rollup) -> String {
    let e = md_escape;
    let mut out = format!(
        "# Sammanställning av enheternas planer: {} {}\n\n## Enheter\n\n",
        e(&r.committee_name),
        r.year
    );
    for (i, u) in r.units.iter().enumerate() {
        let _ = writeln!(out, "- E{} {}", i + 1, e(&unit_label(u, &r.committee)));
    }
    for d in &r.directions {
        let _ = writeln!(out, "\n## {}. {}", d.number, e(&d.title));
        for k in &d.kf_goals {
            let _ = writeln!(out, "\n### {} {}\n", k.number, e(&k.title));
            for i in &k.indicators {
                let _ = writeln!(out, "- KF:s indikator {}", md_indicator(i));
            }
            for a in &k.activities {
                let _ = writeln!(out, "- KF:s aktivitet: {}", e(&activity_text(a)));
            }
            for g in &k.committee_goals {
                let _ = writeln!(out, "\n#### Nämndmål: {}\n", e(&g.title));
                for i in &g.indicators {
                    let _ = writeln!(out, "- Indikator {}", md_indicator(i));
                }
                for a in &g.activities {
                    let _ = writeln!(out, "- Aktivitet: {}", e(&activity_text(a)));
                }
                if g.units.is_empty() {
                    let _ = writeln!(out, "- *Ingen enhet arbetar mot nämndmålet.*");
                }
                for u in &g.units {
                    let _ = writeln!(out, "- **{}**", e(&u.unit_name));
                    if u.goals.is_empty() {
                        let _ = writeln!(out, "  - *inga egna enhetsmål*");
                    }
                    for ug in &u.goals {
                        let _ = writeln!(
                            out,
                            "  - Enhetsmål: {} (`{}`, {})",
                            e(&ug.title),
                            ug.id,
                            e(&ug.location.to_string())
                        );
                        for i in &ug.indicators {
                            let _ = writeln!(out, "    - Indikator: {}", e(&indicator_text(i)));
                        }
                        for a in &ug.activities {
                            let _ = writeln!(out, "    - Aktivitet: {}", e(&activity_text(a)));
                        }
                    }
                    for a in &u.carries {
                        let _ = writeln!(
                            out,
                            "  - Utför nämndens aktivitet: {}",
                            e(&activity_text(a))
                        );
                    }
                }
            }
        }
    }
    let _ = writeln!(
        out,
        "\n## Täckning\n\nEnhetsmål per nämndmål: · = nämndmålet står i planen utan egna enhetsmål, – = står inte i planen.\n"
    );
    out.push_str("| Nämndmål |");
    for i in 0..r.units.len() {
        let _ = write!(out, " E{} |", i + 1);
    }
    out.push_str("\n|---|");
    for _ in &r.units {
        out.push_str("---:|");
    }
    out.push('\n');
    for m in &r.coverage.matrix {
        let _ = write!(out, "| {} |", e(&m.title));
        for c in &m.cells {
            let _ = write!(out, " {} |", cell_text(*c));
        }
        out.push('\n');
    }
    lists(&mut out, r, "### ", "- ");
    out
}

/// What a cell of the coverage matrix means, for the reader of a spreadsheet.
pub const CSV_LEGEND: [&str; 3] = [
    "Talet i en enhets kolumn: antal enhetsmål som enheten har under nämndmålet.",
    "0: enheten tar upp nämndmålet i sin plan men har inget enhetsmål under det.",
    "Tom cell: enheten tar inte upp nämndmålet.",
];

/// The coverage matrix for a spreadsheet: one row per nämndmål, one column per unit
/// with its number of enhetsmål (empty when the unit does not list the nämndmål).
/// RFC 4180 with commas, for tools. `Err` only if the csv writer refuses a row,
/// which would be a bug here.
pub fn csv(r: &Rollup) -> Result<String, String> {
    let w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let bytes = coverage_rows(r, w, false)?;
    String::from_utf8(bytes).map_err(|e| format!("kunde inte skriva csv: {e}"))
}

/// [`csv()`] as Swedish Excel opens it with a double click: semicolons (the list
/// separator of a Swedish Windows), a UTF-8 byte order mark (without it Excel
/// reads the text as Windows-1252: "nÃ¤mndmÃ¥l"), CRLF line ends, and after a
/// blank row what the cells mean ([`CSV_LEGEND`]).
pub fn csv_excel(r: &Rollup) -> Result<Vec<u8>, String> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    let w = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .flexible(true)
        .from_writer(Vec::new());
    out.extend(coverage_rows(r, w, true)?);
    Ok(out)
}

/// The matrix's rows through `w`; with `legend`, a blank row and the legend after.
fn coverage_rows(r: &Rollup, mut w: csv::Writer<Vec<u8>>, legend: bool) -> Result<Vec<u8>, String> {
    // A leading =, +, - or @ would run as a formula in a spreadsheet.
    fn field(s: &str) -> String {
        if s.starts_with(['=', '+', '-', '@']) {
            format!("'{s}")
        } else {
            s.to_owned()
        }
    }
    let mut head = vec!["nämndmål".to_owned(), "titel".to_owned()];
    head.extend(r.units.iter().map(|u| field(&unit_label(u, &r.committee))));
    let fail = |e: csv::Error| format!("kunde inte skriva csv: {e}");
    w.write_record(&head).map_err(fail)?;
    for m in &r.coverage.matrix {
        let mut row = vec![field(&m.committee_goal), field(&m.title)];
        row.extend(m.cells.iter().map(|c| {
            if c.listed {
                c.goals.to_string()
            } else {
                String::new()
            }
        }));
        w.write_record(&row).map_err(fail)?;
    }
    if legend {
        w.write_record(["", ""]).map_err(fail)?;
        for line in CSV_LEGEND {
            w.write_record([line]).map_err(fail)?;
        }
    }
    w.into_inner().map_err(|e| fail(e.into_error().into()))
}
