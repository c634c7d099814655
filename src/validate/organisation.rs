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
        });
    }
}

/// Ids are unique and every nämnd a nämnd continues exists.
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
    }
}
