//! A plan's folder and its fields agree: `plans/2020/hagersten-liljeholmen/x.yaml`
//! says `år: 2020` and `nämnd: hagersten-liljeholmen`. A plan moved to another
//! year's or nämnd's folder, or a typo in `år`, is said with both places and
//! which one to change. Trees that keep their plans side by side (no year or
//! nämnd folders) are not judged.

use std::path::Path;

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::model::PlanSet;
use crate::source::{SourceMap, Span};

pub fn check(set: &PlanSet, sources: &SourceMap, diags: &mut Diagnostics) {
    let plans = set
        .committee_plans
        .iter()
        .map(|p| (p.file, p.year, p.year_span, &p.committee, p.span, &[][..]))
        .chain(set.unit_plans.iter().map(|p| {
            (
                p.file,
                p.year,
                p.year_span,
                &p.committee,
                p.committee_span,
                p.unit.other_committees.as_slice(),
            )
        }));
    for (file, year, year_span, committee, committee_span, others) in plans {
        let path = sources.path(file);
        if let Some(folder) = year_folder(path)
            && folder != year
        {
            diags.push(wrong_folder(
                year_span,
                format!("planen ligger i mappen för {folder} men anger `år: {year}`"),
                format!(
                    "rätta `år` till {folder} om planen gäller {folder}; gäller den {year}, flytta filerna till mappen för {year}"
                ),
            ));
        }
        let parent = path
            .parent()
            .and_then(Path::file_name)
            .map(|n| n.to_string_lossy().into_owned());
        if let Some(folder) = parent
            && set.committee(&folder).is_some()
            && &folder != committee
            && !others.contains(&folder)
        {
            diags.push(wrong_folder(
                committee_span,
                format!("planen ligger i mappen för nämnden `{folder}` men anger `nämnd: {committee}`"),
                format!(
                    "rätta `nämnd` till `{folder}` om planen hör dit; hör den till `{committee}`, flytta filerna till dess mapp"
                ),
            ));
        }
    }
}

fn wrong_folder(span: Span, message: String, hint: String) -> Diagnostic {
    Diagnostic::new(Code::WrongFolder, span, message).hint(hint)
}

/// The year of the nearest folder named as a year (`2020`), if any.
fn year_folder(path: &Path) -> Option<i32> {
    path.ancestors().skip(1).find_map(|a| {
        let name = a.file_name()?.to_str()?;
        (name.len() == 4 && name.bytes().all(|b| b.is_ascii_digit()))
            .then(|| name.parse().ok())
            .flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_year_folder_counts() {
        assert_eq!(year_folder(Path::new("plans/2020/hl/x.yaml")), Some(2020));
        assert_eq!(year_folder(Path::new("2019/plans/2020/x.yaml")), Some(2020));
        assert_eq!(year_folder(Path::new("plans/hl/x.yaml")), None);
        assert_eq!(year_folder(Path::new("plans/20201/x.yaml")), None);
    }
}
