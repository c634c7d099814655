//! YAML parsing with fixed options, and a full structural report when a file
//! does not fit its schema; and writing, with the options `vp import` uses.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::spanned::{Node, Sp};
use super::{fast, syntax, walk};
use crate::diag::Diagnostics;
use crate::source::{FileId, SourceFile};

/// The one place YAML options are set: strict booleans so `NO` stays text,
/// duplicate keys as errors (the default), and a budget sized for plan files
/// so an alias bomb or absurd nesting stops early instead of eating memory.
pub(super) fn options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        strict_booleans: true,
        with_snippet: false,
        budget: serde_saphyr::budget! {
            max_depth: 64,
            max_nodes: 2_000_000,
            max_aliases: 1_000,
            max_anchors: 1_000,
            max_documents: 1,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: 100_000,
        },
    }
}

/// The one place YAML writing options are set, for files a planner reads and edits:
/// lists indented under their key, as the README's examples write them; every
/// string on one line (no `>` or `|` blocks, so a title reads as one line); and
/// YAML 1.1's spellings quoted as well as 1.2's, so that `-`, `1.1`,
/// `2020-01-01`, `NO` and `on` stay text in any editor's YAML, not only in ours
/// (which reads booleans strictly).
fn write_options() -> serde_saphyr::SerializerOptions {
    serde_saphyr::ser_options! {
        compact_list_indent: false,
        prefer_block_scalars: false,
    }
}

/// `value` as YAML text, block style, ending in a newline.
pub fn write<T: Serialize>(value: &T) -> Result<String, serde_saphyr::SerializeError> {
    serde_saphyr::to_string_with_options(value, write_options())
}

/// For the first, typed read of a plan file: the same options, but without
/// serde-saphyr's own bookkeeping of the keys of every mapping (a hash set per
/// mapping, an owned and hashed copy of every key). It is not needed there: every mapping in a plan file is read into a struct that
/// refuses unknown fields, so a repeated key is refused by the struct (serde's
/// `duplicate field`) and a merge key `<<` as an unknown field. Either way the
/// read fails and [`parse`] reads the file again with [`options`], so what is
/// accepted, and every finding, is as with those options.
fn typed_options() -> serde_saphyr::Options {
    let mut options = options();
    options.duplicate_keys = serde_saphyr::options::DuplicateKeyPolicy::PassThrough;
    options.merge_keys = serde_saphyr::MergeKeyPolicy::AsOrdinary;
    options
}

/// For the generic tree read when a file does not fit its type: the same
/// options, but duplicate keys passed on, so the walk can point at both.
fn node_options() -> serde_saphyr::Options {
    let mut options = options();
    options.duplicate_keys = serde_saphyr::options::DuplicateKeyPolicy::PassThrough;
    options
}

/// Parses `text` as `T`. On failure, reports every structural problem the
/// schema can see (unknown and repeated keys, missing fields, wrong types, ids,
/// dates and values outside their lists), not only the first.
/// Reads `text` as `T` with the loader's options, for a file already validated:
/// the message of the first problem when it does not fit.
pub fn read<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    if let Some(v) = fast::read(text) {
        return Ok(v);
    }
    serde_saphyr::from_str_with_options::<T>(text, options()).map_err(|e| e.to_string())
}

/// For the fuzzer: how the fast reader and serde-saphyr differ on `text` read
/// as each plan type, if they do (the fast reader accepts and serde-saphyr
/// refuses, or reads other values or places).
pub(super) fn fast_differs(text: &str) -> Option<String> {
    fn one<T: DeserializeOwned + std::fmt::Debug>(text: &str) -> Option<String> {
        let fast = fast::read::<T>(text)?;
        match serde_saphyr::from_str_with_options::<T>(text, options()) {
            Ok(slow) => {
                let (fast, slow) = (format!("{fast:?}"), format!("{slow:?}"));
                (fast != slow).then(|| format!("fast: {fast}\nserde-saphyr: {slow}"))
            }
            Err(e) => Some(format!(
                "serde-saphyr refuses what the fast reader accepts: {e}"
            )),
        }
    }
    use super::raw::{
        CommitteePlanFile, FollowUpFile, KfBudgetFile, OrganisationFile, UnitPlanFile,
    };
    one::<KfBudgetFile>(text)
        .or_else(|| one::<OrganisationFile>(text))
        .or_else(|| one::<CommitteePlanFile>(text))
        .or_else(|| one::<UnitPlanFile>(text))
        .or_else(|| one::<FollowUpFile>(text))
}

pub fn parse<T: DeserializeOwned>(
    file: FileId,
    source: &SourceFile,
    schema: &Value,
) -> Result<T, Diagnostics> {
    // Plan files as vp and its importer write them: read by vp's own reader for
    // that small subset of YAML; anything else, and every problem, as before.
    if let Some(v) = fast::read(&source.text) {
        return Ok(v);
    }
    if let Ok(v) = serde_saphyr::from_str_with_options::<T>(&source.text, typed_options()) {
        return Ok(v);
    }
    let err = match serde_saphyr::from_str_with_options::<T>(&source.text, options()) {
        Ok(v) => return Ok(v),
        Err(e) => e,
    };
    let mut diags = Diagnostics::default();
    match serde_saphyr::from_str_with_options::<Sp<Node>>(&source.text, node_options()) {
        Ok(node) => walk::check(file, source, schema, &node, &mut diags),
        // The YAML itself cannot be read (syntax, anchors, nesting): that is the finding,
        // whatever the typed read stopped at first.
        Err(syntax_err) => diags.push(syntax::finding(file, source, &syntax_err)),
    }
    if diags.0.is_empty() {
        diags.push(syntax::finding(file, source, &err));
    }
    Err(diags)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{FileKind, raw};

    /// The typed read without serde-saphyr's key bookkeeping accepts and refuses
    /// what the full options do: a merge key is merged, a repeated key is a finding
    /// at the repeated key, as before.
    #[test]
    fn merge_keys_and_repeated_keys_read_as_with_the_full_options() {
        let schema = FileKind::Organisation.schema();
        let read = |text: &str| {
            let source = SourceFile::new("o.yaml".into(), text.to_owned());
            parse::<raw::OrganisationFile>(FileId(0), &source, schema)
        };
        let merged = read(
            "typ: organisation\nnämnder:\n  - &n\n    id: a\n    namn: Nämnd A\n  - <<: *n\n    id: b\n",
        )
        .unwrap_or_else(|d| panic!("{:?}", d.0));
        let names: Vec<(&str, &str)> = merged
            .nämnder
            .iter()
            .map(|n| (n.id.as_str(), n.namn.as_str()))
            .collect();
        assert_eq!(names, [("a", "Nämnd A"), ("b", "Nämnd A")]);
        let text = "typ: organisation\nnämnder:\n  - id: a\n    namn: A\n    namn: B\n";
        let diags = read(text).unwrap_err();
        let second = text.rfind("namn").unwrap();
        assert!(
            diags.0.iter().any(|d| d.span.start as usize == second),
            "{:?}",
            diags.0
        );
    }

    /// Strings the plans hold, through the writer and back through the loader's
    /// own YAML reading: each comes back as written, and stays a string.
    #[test]
    fn strings_come_back_as_written() {
        let tricky = [
            "-",
            "1.1",
            "1",
            "2020-01-01",
            "NO",
            "on",
            "y",
            "~",
            "",
            " leading",
            "HR: IT",
            "\"citat\"",
            "Öka # inte kommentar",
            "Öka",
            "1 050 st",
            "+/-1 %",
            "% av",
            "Tas fram av nämnden",
            "Alla barn\u{FFFF} ska\u{1b}\u{9b}",
            "rad\nbrytning",
            "\u{85}",
            "\u{f0b7} punkt",
        ];
        let text = |s: &str| Sp::detached(s.to_owned());
        let file = raw::OrganisationFile {
            typ: text("organisation"),
            nämnder: tricky
                .iter()
                .map(|s| raw::CommitteeEntry {
                    id: text("x"),
                    namn: text(s),
                    förvaltning: None,
                    från: None,
                    till: None,
                    fortsätter: Vec::new(),
                })
                .collect(),
        };
        let yaml = write(&file).unwrap();
        let source = SourceFile::new("o.yaml".into(), yaml.clone());
        let schema = FileKind::Organisation.schema();
        let back: raw::OrganisationFile =
            parse(FileId(0), &source, schema).unwrap_or_else(|d| panic!("{yaml}\n{:?}", d.0));
        let names: Vec<&str> = back.nämnder.iter().map(|n| n.namn.as_str()).collect();
        assert_eq!(names, tricky, "{yaml}");
        // Readable: Swedish letters as they are, one line per value, lists under their key.
        assert!(yaml.contains("\n  - id: x\n    namn: Öka\n"), "{yaml}");
        assert!(yaml.contains("namn: Tas fram av nämnden\n"), "{yaml}");
        assert!(yaml.contains("namn: \"2020-01-01\"\n"), "{yaml}");
    }
}
