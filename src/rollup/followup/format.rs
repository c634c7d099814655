//! The follow-up rollup as text: for the terminal and as Markdown.

use super::*;

/// The follow-up rollup as text for the terminal (and Markdown-readable): one
/// block per KF goal and nämndmål, outcome beside target with the standing in
/// words and a symbol, never colour alone.
pub fn text(r: &FollowUpRollup) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {} — {} ({})\n",
        r.committee_name, r.year, r.report, r.period
    );
    if !r.committee_reported {
        let _ = writeln!(out, "Nämnden har ingen uppföljning för perioden.");
    }
    let _ = writeln!(out, "Enheter som har rapporterat: {}", names(&r.reported));
    let _ = writeln!(
        out,
        "Enheter som inte har rapporterat: {}",
        names(&r.not_reported)
    );
    match &r.rule {
        Some(rule) => {
            let _ = writeln!(out, "Bedömningsregel: {rule}.");
        }
        None => {
            let _ = writeln!(
                out,
                "Bedömningsregel: ingen angiven; vp föreslår inga bedömningar."
            );
        }
    }
    for p in &r.places {
        let head = if p.kind == "kf_mål" {
            format!("KF:s mål {} {}", p.id, p.title)
        } else {
            format!("Nämndmål: {}", p.title)
        };
        let _ = writeln!(out, "\n{head}");
        if let Some(a) = &p.assessment {
            let _ = writeln!(out, "  Bedömning: {a}");
        } else if p.kind == "nämndmål" {
            let _ = writeln!(out, "  Bedömning: saknas");
        }
        if let Some(s) = &p.suggestion {
            let mark = if p.differs { " ≠ bedömningen" } else { "" };
            let _ = writeln!(out, "  Förslag{mark}: {s}");
        }
        for i in &p.indicators {
            let _ = writeln!(out, "  Indikator: {}", i.name);
            let mut line = format!(
                "    årsmål {}",
                if i.target.is_empty() {
                    "–"
                } else {
                    &i.target
                }
            );
            if let Some(o) = &i.outcome {
                let _ = write!(line, " · utfall {o}");
            }
            if let Some(f) = &i.forecast {
                let _ = write!(line, " · prognos {f}");
            }
            if let Some(s) = i.standing {
                let symbol = if s == "når målet" { "✔" } else { "✘" };
                let _ = write!(line, " · {symbol} {s}");
            }
            let _ = writeln!(out, "{line}");
            if let Some(c) = &i.target_change {
                let _ = writeln!(out, "    årsmålet ändrat: {c}");
            }
            if let Some(s) = &i.split {
                let _ = writeln!(out, "    {s}");
            }
            for u in &i.units {
                let value = match (&u.outcome, &u.forecast) {
                    (Some(o), Some(f)) => format!("utfall {o}, prognos {f}"),
                    (Some(o), None) => format!("utfall {o}"),
                    (None, Some(f)) => format!("prognos {f}"),
                    (None, None) => "ej rapporterat".to_owned(),
                };
                let _ = writeln!(out, "    {}: {value}", u.unit_name);
            }
            match (i.aggregation, &i.rolled_up_outcome, &i.rolled_up_forecast) {
                _ if i.units.is_empty() => {}
                (None | Some("ingen"), Err(why), _) => {
                    let _ = writeln!(out, "    enheternas utfall räknas inte samman: {why}");
                }
                (rule, outcome, forecast) => {
                    let rule = rule.unwrap_or("ingen angiven");
                    let show = |r: &Result<String, String>| match r {
                        Ok(v) => v.clone(),
                        Err(why) => format!("räknas inte samman ({why})"),
                    };
                    let _ = writeln!(
                        out,
                        "    enheterna sammanräknat ({rule}): utfall {}",
                        show(outcome)
                    );
                    if let Some(f) = forecast {
                        let _ = writeln!(
                            out,
                            "    enheterna sammanräknat ({rule}): prognos {}",
                            show(f)
                        );
                    }
                }
            }
        }
        for a in &p.activities {
            let status = a.status.unwrap_or("status saknas");
            let _ = writeln!(out, "  Aktivitet [{status}]: {}", a.activity);
            if let Some(c) = &a.comment {
                let _ = writeln!(out, "    kommentar: {c}");
            }
            if !a.units.is_empty() {
                let _ = writeln!(
                    out,
                    "    enheterna som genomför den ({} av {} har rapporterat status):",
                    a.units.len(),
                    a.carried_by
                );
                for u in &a.units {
                    let _ = writeln!(out, "      {}: {}", u.unit_name, u.status);
                    if let Some(c) = &u.comment {
                        let _ = writeln!(out, "        kommentar: {c}");
                    }
                }
            }
        }
        for u in &p.units {
            if !u.reported {
                let _ = writeln!(out, "  {}: har inte rapporterat", u.unit_name);
                continue;
            }
            for g in &u.goals {
                let a = g.assessment.as_deref().unwrap_or("bedömning saknas");
                let _ = writeln!(out, "  {} — {}: {a}", u.unit_name, g.title);
                if g.differs
                    && let Some(s) = &g.suggestion
                {
                    let _ = writeln!(out, "    förslag ≠ bedömningen: {s}");
                }
            }
        }
    }
    out
}

/// A table cell: plan text escaped for Markdown, on one line.
fn cell(s: &str) -> String {
    crate::rollup::format::md_escape(s).replace(['\r', '\n'], " ")
}

/// The standing with its symbol, never colour alone.
fn standing_cell(s: Option<&str>) -> String {
    match s {
        Some(s @ "når målet") => format!("✔ {s}"),
        Some(s) => format!("✘ {s}"),
        None => "–".to_owned(),
    }
}

/// A rolled-up value or, in a table cell, why there is none.
fn rolled_cell(r: &Result<String, String>) -> String {
    match r {
        Ok(v) => cell(v),
        Err(why) => format!("*räknas inte samman: {}*", cell(why)),
    }
}

/// The follow-up rollup as Markdown, for a pull request comment or a wiki
/// page: a heading per KF goal and nämndmål, tables of the indicators (outcome
/// beside target, the standing in words and a symbol), of each indicator's
/// units with their roll-up, of the activities and of the units' assessments.
pub fn markdown(r: &FollowUpRollup) -> String {
    use std::fmt::Write;
    let e = crate::rollup::format::md_escape;
    let names = |us: &[UnitRef]| {
        if us.is_empty() {
            "inga".to_owned()
        } else {
            us.iter().map(|u| e(&u.name)).collect::<Vec<_>>().join(", ")
        }
    };
    let mut out = format!(
        "# {} {}: {} ({})\n\n",
        e(&r.committee_name),
        r.year,
        r.report,
        r.period
    );
    if !r.committee_reported {
        out.push_str("*Nämnden har ingen uppföljning för perioden.*\n\n");
    }
    let _ = writeln!(out, "- Enheter som har rapporterat: {}", names(&r.reported));
    let _ = writeln!(
        out,
        "- Enheter som inte har rapporterat: {}",
        names(&r.not_reported)
    );
    match &r.rule {
        Some(rule) => {
            let _ = writeln!(out, "- Bedömningsregel: {}.", e(rule));
        }
        None => out.push_str("- Bedömningsregel: ingen angiven; vp föreslår inga bedömningar.\n"),
    }
    for p in &r.places {
        if p.kind == "kf_mål" {
            let _ = writeln!(out, "\n## KF:s mål {} {}\n", e(&p.id), e(&p.title));
        } else {
            let _ = writeln!(out, "\n## Nämndmål: {}\n", e(&p.title));
        }
        if let Some(a) = &p.assessment {
            let _ = writeln!(out, "**Bedömning:** {}\n", e(a));
        } else if p.kind == "nämndmål" {
            out.push_str("**Bedömning:** saknas\n\n");
        }
        if let Some(s) = &p.suggestion {
            let mark = if p.differs { " (≠ bedömningen)" } else { "" };
            let _ = writeln!(out, "**Förslag{mark}:** {}\n", e(s));
        }
        if !p.indicators.is_empty() {
            out.push_str("### Indikatorer\n\n");
            out.push_str("| Indikator | Årsmål | Utfall | Prognos | Mot årsmålet |\n");
            out.push_str("|---|---:|---:|---:|---|\n");
            for i in &p.indicators {
                let target = if i.target.is_empty() {
                    "–".to_owned()
                } else {
                    cell(&i.target)
                };
                let _ = writeln!(
                    out,
                    "| {} | {target} | {} | {} | {} |",
                    cell(&i.name),
                    i.outcome.as_deref().map_or_else(|| "–".to_owned(), cell),
                    i.forecast.as_deref().map_or_else(|| "–".to_owned(), cell),
                    standing_cell(i.standing)
                );
            }
            let notes: Vec<String> = p
                .indicators
                .iter()
                .flat_map(|i| {
                    let changed = i
                        .target_change
                        .as_ref()
                        .map(|c| format!("- {}: årsmålet ändrat: {}", e(&i.name), e(c)));
                    let split = i
                        .split
                        .as_ref()
                        .map(|s| format!("- {}: {}", e(&i.name), e(s)));
                    changed.into_iter().chain(split)
                })
                .collect();
            if !notes.is_empty() {
                let _ = writeln!(out, "\n{}", notes.join("\n"));
            }
            for i in p.indicators.iter().filter(|i| !i.units.is_empty()) {
                let _ = writeln!(out, "\n#### {}: enheterna\n", e(&i.name));
                out.push_str("| Enhet | Utfall | Prognos |\n|---|---:|---:|\n");
                for u in &i.units {
                    let (outcome, forecast) = match (&u.outcome, &u.forecast) {
                        (None, None) => ("ej rapporterat".to_owned(), "–".to_owned()),
                        (o, f) => (
                            o.as_deref().map_or_else(|| "–".to_owned(), cell),
                            f.as_deref().map_or_else(|| "–".to_owned(), cell),
                        ),
                    };
                    let _ = writeln!(out, "| {} | {outcome} | {forecast} |", cell(&u.unit_name));
                }
                let rule = i.aggregation.unwrap_or("ingen angiven");
                let forecast = i
                    .rolled_up_forecast
                    .as_ref()
                    .map_or_else(|| "–".to_owned(), rolled_cell);
                let _ = writeln!(
                    out,
                    "| **Sammanräknat ({rule})** | {} | {forecast} |",
                    rolled_cell(&i.rolled_up_outcome)
                );
            }
        }
        if !p.activities.is_empty() {
            out.push_str(
                "\n### Aktiviteter\n\n| Aktivitet | Status | Kommentar |\n|---|---|---|\n",
            );
            for a in &p.activities {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} |",
                    cell(&a.activity),
                    a.status.unwrap_or("status saknas"),
                    a.comment.as_deref().map_or_else(String::new, cell)
                );
            }
            if p.activities.iter().any(|a| !a.units.is_empty()) {
                out.push_str(
                    "\n#### Enheternas status för nämndens aktiviteter\n\n| Aktivitet | Enhet | Status | Kommentar |\n|---|---|---|---|\n",
                );
                for a in &p.activities {
                    for u in &a.units {
                        let _ = writeln!(
                            out,
                            "| {} | {} | {} | {} |",
                            cell(&a.activity),
                            cell(&u.unit_name),
                            u.status,
                            u.comment.as_deref().map_or_else(String::new, cell)
                        );
                    }
                }
            }
        }
        if !p.units.is_empty() {
            out.push_str(
                "\n### Enheternas mål\n\n| Enhet | Enhetsmål | Bedömning | Förslag när det skiljer sig |\n|---|---|---|---|\n",
            );
            for u in &p.units {
                if !u.reported {
                    let _ = writeln!(
                        out,
                        "| {} | – | *har inte rapporterat* | |",
                        cell(&u.unit_name)
                    );
                    continue;
                }
                for g in &u.goals {
                    let suggestion = match (&g.suggestion, g.differs) {
                        (Some(s), true) => cell(s),
                        _ => String::new(),
                    };
                    let _ = writeln!(
                        out,
                        "| {} | {} | {} | {suggestion} |",
                        cell(&u.unit_name),
                        cell(&g.title),
                        g.assessment
                            .as_deref()
                            .map_or_else(|| "bedömning saknas".to_owned(), cell)
                    );
                }
            }
        }
    }
    out
}

/// The units named, or `inga`.
fn names(us: &[UnitRef]) -> String {
    if us.is_empty() {
        "inga".to_owned()
    } else {
        us.iter()
            .map(|u| u.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_text_in_a_markdown_cell_stays_text_on_one_line() {
        assert_eq!(cell("a | b\n*c*"), "a \\| b \\*c\\*");
        assert_eq!(
            rolled_cell(&Err("x | y".into())),
            "*räknas inte samman: x \\| y*"
        );
    }
}
