//! `organisation.yaml`: the nämnder, when they exist, and which ones they continue.

use super::convert::{Ctx, check_unique};
use crate::diag::{Code, Diagnostic, Diagnostics, did_you_mean};
use crate::load::raw;
use crate::model::{Committee, PlanSet};
use crate::source::FileId;

pub fn organisation(
    set: &mut PlanSet,
    file: FileId,
    org: &raw::OrganisationFile,
    diags: &mut Diagnostics,
) {
    let mut cx = Ctx {
        file,
        diags,
        kf_missing: false,
    };
    for c in &org.nämnder {
        let from = cx.opt_date(&c.från, "från");
        let until = cx.opt_date(&c.till, "till");
        if let (Some(f), Some(u)) = (from, until)
            && f > u
            && let Some(t) = &c.till
        {
            cx.push(Diagnostic::new(
                Code::StartAfterEnd,
                cx.span(t),
                format!(
                    "nämnden `{}` upphör ({u}) innan den börjar ({f})",
                    c.id.value
                ),
            ));
        }
        set.add_committee(Committee {
            id: c.id.trim().to_owned(),
            name: c.namn.trim().to_owned(),
            administration: c.förvaltning.as_ref().map(|f| f.trim().to_owned()),
            from,
            until,
            continues: c.fortsätter.iter().map(|p| p.trim().to_owned()).collect(),
            continues_spans: c.fortsätter.iter().map(|p| cx.span(p)).collect(),
            span: cx.span(&c.id),
            from_span: c.från.as_ref().map(|t| cx.span(t)),
            until_span: c.till.as_ref().map(|t| cx.span(t)),
        });
    }
}

/// Ids are unique, every nämnd a nämnd continues exists and has ended before
/// its successor begins (VP104).
pub fn check(set: &PlanSet, diags: &mut Diagnostics) {
    check_unique(
        diags,
        "nämnden",
        set.committees.iter().map(|c| (c.id.as_str(), c.span)),
    );
    for c in &set.committees {
        for (pred, &span) in c.continues.iter().zip(&c.continues_spans) {
            if set.committee(pred).is_none() {
                diags.push(
                    Diagnostic::new(
                        Code::UnknownCommittee,
                        span,
                        format!("nämnden `{}` fortsätter `{pred}`, som inte finns", c.id),
                    )
                    .hint_opt(did_you_mean(
                        pred,
                        set.committees.iter().map(|c| c.id.as_str()),
                    )),
                );
            }
        }
        overlap(set, c, diags);
    }
}

/// VP104: a nämnd that a later one continues still exists on the day the later
/// one begins: both would be responsible for the same work.
fn overlap(set: &PlanSet, c: &Committee, diags: &mut Diagnostics) {
    let (Some(from), Some(from_span)) = (c.from, c.from_span) else {
        return;
    };
    for pred in c.continues.iter().filter_map(|p| set.committee(p)) {
        let d = match (pred.until, pred.until_span) {
            (Some(until), Some(span)) if until >= from => Diagnostic::new(
                Code::CommitteeOverlap,
                span,
                format!(
                    "nämnden `{}` upphör {until}, men `{}`, som fortsätter den, finns från {from}",
                    pred.id, c.id
                ),
            )
            .hint(format!(
                "låt `{}` sluta dagen före {from}, eller `{}` börja dagen efter {until}",
                pred.id, c.id
            )),
            (None, _) => Diagnostic::new(
                Code::CommitteeOverlap,
                pred.span,
                format!(
                    "nämnden `{}` har inget `till`, men `{}`, som fortsätter den, finns från {from}",
                    pred.id, c.id
                ),
            )
            .hint(format!(
                "skriv `till:` för `{}` med dagen före {from}",
                pred.id
            )),
            _ => continue,
        };
        diags.push(d.related(from_span, "efterträdarens `från`"));
    }
}
