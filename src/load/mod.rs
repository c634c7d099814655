//! Text → raw plan structs with spans. Pure: the files are already in memory.

mod fast;
pub mod limits;
pub mod markdown;
pub mod raw;
pub mod spanned;
mod syntax;
pub mod values;
mod walk;
mod yaml;

use std::sync::OnceLock;

use rayon::prelude::*;
use serde_json::Value;

use crate::diag::{Code, Diagnostic, Diagnostics, did_you_mean};
use crate::source::{FileId, SourceMap, Span};
pub use markdown::ProseDoc;
use raw::{CommitteePlanFile, FollowUpFile, KfBudgetFile, OrganisationFile, UnitPlanFile};
pub use yaml::read as read_yaml;
pub use yaml::write as write_yaml;

/// For the fuzzer: how vp's fast YAML reader and serde-saphyr differ on `text`
/// read as each plan type, if they do. `None` is the only right answer.
#[doc(hidden)]
pub fn fast_yaml_differs(text: &str) -> Option<String> {
    yaml::fast_differs(text)
}

/// The kinds of plan file, named by the `typ` key on their first level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    KfBudget,
    Organisation,
    CommitteePlan,
    UnitPlan,
    /// A plan's follow-up for one period (tertialrapport, verksamhetsberättelse).
    FollowUp,
}

impl FileKind {
    pub const ALL: [FileKind; 5] = [
        FileKind::KfBudget,
        FileKind::Organisation,
        FileKind::CommitteePlan,
        FileKind::UnitPlan,
        FileKind::FollowUp,
    ];

    /// The value of `typ:` in the file.
    pub fn tag(self) -> &'static str {
        match self {
            FileKind::KfBudget => "kf-budget",
            FileKind::Organisation => "organisation",
            FileKind::CommitteePlan => "nämndplan",
            FileKind::UnitPlan => "enhetsplan",
            FileKind::FollowUp => "uppföljning",
        }
    }

    /// File name of the JSON Schema in `schemas/`.
    pub fn schema_file(self) -> &'static str {
        match self {
            FileKind::KfBudget => "kf-budget.schema.json",
            FileKind::Organisation => "organisation.schema.json",
            FileKind::CommitteePlan => "namndplan.schema.json",
            FileKind::UnitPlan => "enhetsplan.schema.json",
            FileKind::FollowUp => "uppfoljning.schema.json",
        }
    }

    /// The draft-07 JSON Schema for this kind, generated from the raw types.
    pub fn schema(self) -> &'static Value {
        static SCHEMAS: OnceLock<[Value; 5]> = OnceLock::new();
        let all = SCHEMAS.get_or_init(|| {
            fn schema_of<T: schemars::JsonSchema>() -> Value {
                let schema = schemars::generate::SchemaSettings::draft07()
                    .into_generator()
                    .into_root_schema_for::<T>();
                serde_json::to_value(schema).unwrap_or(Value::Null)
            }
            [
                schema_of::<KfBudgetFile>(),
                schema_of::<OrganisationFile>(),
                schema_of::<CommitteePlanFile>(),
                schema_of::<UnitPlanFile>(),
                schema_of::<FollowUpFile>(),
            ]
        });
        &all[self as usize]
    }
}

/// The structured content of one plan file.
#[derive(Clone, Debug)]
pub enum RawContent {
    KfBudget(KfBudgetFile),
    Organisation(OrganisationFile),
    CommitteePlan(Box<CommitteePlanFile>),
    UnitPlan(Box<UnitPlanFile>),
    FollowUp(Box<FollowUpFile>),
}

/// One plan file as written: its YAML and, beside it, its Markdown prose.
#[derive(Clone, Debug)]
pub struct RawDoc {
    pub yaml: FileId,
    pub prose: Option<ProseDoc>,
    pub content: RawContent,
}

/// The files of one plan: the YAML file and the Markdown file with the same stem, if any.
/// Only files that could be read and decoded are named here.
#[derive(Clone, Copy, Debug)]
pub struct PlanFiles {
    pub yaml: FileId,
    pub markdown: Option<FileId>,
}

/// Largest plan file read; real ones are well under 1 MB.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Why a file's bytes are not plan text.
#[derive(Debug)]
pub struct DecodeError {
    pub message: String,
    /// Byte offset of the first bad byte.
    pub offset: usize,
    pub hint: &'static str,
    /// The text as far as it can be shown (invalid bytes replaced), for pointing at the place.
    pub lossy: String,
}

/// Bytes → text, or a finding that says what the encoding is and how to fix it.
/// A UTF-8 byte order mark is dropped; CRLF line ends are left to the parsers, which accept them.
pub fn decode(bytes: Vec<u8>) -> Result<String, DecodeError> {
    let fix = "spara filen som UTF-8 (utan BOM) i redigeraren";
    let fail = |message: String, offset, hint, lossy| DecodeError {
        message,
        offset,
        hint,
        lossy,
    };
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(fail(
            "filen är kodad som UTF-16, inte UTF-8".into(),
            0,
            fix,
            String::new(),
        ));
    }
    let bytes = match bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    if let Some(nul) = memchr::memchr(0, &bytes) {
        // The text before the NUL, so the finding points at its line and column.
        let before = String::from_utf8_lossy(&bytes[..nul]).into_owned();
        return Err(fail(
            "filen innehåller NUL-tecken: den är binär eller kodad som UTF-16".into(),
            before.len(),
            fix,
            before,
        ));
    }
    // simdutf8 checks the bytes several times as fast as std (which goes byte by
    // byte through Swedish text's å, ä and ö); std's check runs only on a file that
    // is not UTF-8, to say where. The copy costs less than the check it saves.
    let text = match simdutf8::basic::from_utf8(&bytes) {
        Ok(text) => Ok(text.to_owned()),
        Err(_) => String::from_utf8(bytes),
    };
    match text {
        Ok(text) if text.trim().is_empty() => Err(fail(
            "filen är tom".into(),
            0,
            "fyll i planen, eller ta bort filen",
            String::new(),
        )),
        Ok(text) => Ok(text),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let byte = bytes[at];
            let what = if byte >= 0xA0 {
                format!(
                    "filen är inte UTF-8 (troligen Latin-1 eller Windows-1252: byte 0x{byte:02X} är `{}` där)",
                    char::from(byte)
                )
            } else {
                format!("filen är inte UTF-8 (byte 0x{byte:02X})")
            };
            Err(fail(
                what,
                at,
                fix,
                String::from_utf8_lossy(&bytes).into_owned(),
            ))
        }
    }
}

/// Parses every plan in parallel. Files that cannot be parsed yield findings and no document.
pub fn parse_all(sources: &SourceMap, plans: &[PlanFiles]) -> (Vec<RawDoc>, Diagnostics) {
    let results: Vec<(Option<RawDoc>, Diagnostics)> =
        plans.par_iter().map(|p| parse_plan(sources, *p)).collect();
    let mut docs = Vec::with_capacity(results.len());
    let mut diags = Diagnostics::default();
    for (doc, d) in results {
        docs.extend(doc);
        diags.extend(d);
    }
    (docs, diags)
}

/// One plan's files parsed: its raw document (none when the YAML cannot be
/// read as its kind) and the findings of parsing.
pub fn parse_plan(sources: &SourceMap, files: PlanFiles) -> (Option<RawDoc>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let source = sources.get(files.yaml);
    let Some(kind) = detect_kind(files.yaml, &source.text, &mut diags) else {
        return (None, diags);
    };
    let schema = kind.schema();
    let content = match kind {
        FileKind::KfBudget => yaml::parse(files.yaml, source, schema).map(RawContent::KfBudget),
        FileKind::Organisation => {
            yaml::parse(files.yaml, source, schema).map(RawContent::Organisation)
        }
        FileKind::CommitteePlan => {
            yaml::parse(files.yaml, source, schema).map(|p| RawContent::CommitteePlan(Box::new(p)))
        }
        FileKind::UnitPlan => {
            yaml::parse(files.yaml, source, schema).map(|p| RawContent::UnitPlan(Box::new(p)))
        }
        FileKind::FollowUp => {
            yaml::parse(files.yaml, source, schema).map(|p| RawContent::FollowUp(Box::new(p)))
        }
    };
    let prose = files.markdown.map(|md| {
        let text = &sources.get(md).text;
        match kind {
            FileKind::FollowUp => markdown::parse_follow_up(md, text, &mut diags),
            _ => markdown::parse(md, text, &mut diags),
        }
    });
    match content {
        Ok(content) => (
            Some(RawDoc {
                yaml: files.yaml,
                prose,
                content,
            }),
            diags,
        ),
        Err(d) => {
            diags.extend(d);
            (None, diags)
        }
    }
}

/// Reads `typ:` from the file's first level without parsing the YAML.
fn detect_kind(file: FileId, text: &str, diags: &mut Diagnostics) -> Option<FileKind> {
    let tags = FileKind::ALL.map(FileKind::tag);
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let Some(rest) = line.strip_prefix("typ:") else {
            continue;
        };
        let value = rest.split(" #").next().unwrap_or("").trim();
        let value = value.trim_matches(|c| c == '"' || c == '\'');
        let value_start = start + 4 + (rest.len() - rest.trim_start().len());
        if let Some(kind) = FileKind::ALL.into_iter().find(|k| k.tag() == value) {
            return Some(kind);
        }
        diags.push(
            Diagnostic::new(
                Code::UnknownKind,
                Span::new(file, value_start, value_start + value.len()),
                format!("okänd filtyp `{value}`"),
            )
            .hint_opt(did_you_mean(value, tags))
            .hint(format!("filtyperna är: {}", tags.join(", "))),
        );
        return None;
    }
    diags.push(
        Diagnostic::new(
            Code::UnknownKind,
            Span::file_start(file),
            "filen saknar `typ:` på översta nivån",
        )
        .hint(format!(
            "lägg till t.ex. `typ: enhetsplan` överst; filtyperna är: {}",
            tags.join(", ")
        )),
    );
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_reports_latin1_position() {
        let err = decode(b"typ: enhetsplan\nnamn: R\xe5d\n".to_vec()).unwrap_err();
        assert!(err.message.contains("Latin-1"), "{}", err.message);
        assert_eq!(err.offset, 23);
        assert_eq!(err.lossy, "typ: enhetsplan\nnamn: R\u{fffd}d\n");
    }

    #[test]
    fn decode_strips_bom_and_rejects_utf16_and_empty() {
        assert_eq!(decode(b"\xEF\xBB\xBFtyp: x".to_vec()).unwrap(), "typ: x");
        assert!(
            decode(b"\xFF\xFEt\0".to_vec())
                .unwrap_err()
                .message
                .contains("UTF-16")
        );
        let nul = decode(b"typ: x\nb: 1\nc: 2\nd: \0\n".to_vec()).unwrap_err();
        assert_eq!(
            (nul.offset, nul.lossy.as_str()),
            (20, "typ: x\nb: 1\nc: 2\nd: ")
        );
        assert!(
            decode(b"  \n".to_vec())
                .unwrap_err()
                .message
                .contains("tom")
        );
    }
}
