//! The fast reader against serde-saphyr: on every bundled YAML file, a
//! generated city with follow-up, and generated texts full of awkward
//! scalars, it either declines or reads exactly what serde-saphyr reads,
//! spans included.

use std::fmt::Debug;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use serde::de::{self, Deserialize, DeserializeOwned, Deserializer, MapAccess, SeqAccess, Visitor};

use super::read;
use crate::load::raw::{
    CommitteePlanFile, FollowUpFile, KfBudgetFile, OrganisationFile, UnitPlanFile,
};
use crate::load::yaml;

/// Any YAML value without places, to compare the untyped reading.
#[derive(Debug, PartialEq)]
enum Plain {
    Null,
    Bool(bool),
    Int(i128),
    Float(String),
    Str(String),
    Seq(Vec<Plain>),
    Map(Vec<(String, Plain)>),
}

impl<'de> Deserialize<'de> for Plain {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Plain;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("any value")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Plain, E> {
                Ok(Plain::Bool(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Plain, E> {
                Ok(Plain::Int(v.into()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Plain, E> {
                Ok(Plain::Int(v.into()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Plain, E> {
                Ok(Plain::Float(format!("{v:?}")))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Plain, E> {
                Ok(Plain::Str(v.to_owned()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Plain, E> {
                Ok(Plain::Null)
            }
            fn visit_none<E: de::Error>(self) -> Result<Plain, E> {
                Ok(Plain::Null)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Plain, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Plain::Seq(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Plain, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    entries.push((key, map.next_value()?));
                }
                Ok(Plain::Map(entries))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// Reads `text` as `T` both ways; when the fast reader accepts, serde-saphyr
/// must accept too and read the same (compared by `Debug`, which shows spans).
/// Whether the fast reader accepted.
fn same<T: DeserializeOwned + Debug>(text: &str) -> bool {
    let Some(fast) = read::<T>(text) else {
        return false;
    };
    match serde_saphyr::from_str_with_options::<T>(text, yaml::options()) {
        Ok(slow) => {
            let (fast, slow) = (format!("{fast:?}"), format!("{slow:?}"));
            if let Some(at) = fast.bytes().zip(slow.bytes()).position(|(a, b)| a != b) {
                let from = at.saturating_sub(200);
                let show = |s: &str| {
                    s.get(from..(at + 100).min(s.len()))
                        .unwrap_or("")
                        .to_owned()
                };
                panic!(
                    "the two readers differ on\n{text}\nfast: …{}\nslow: …{}",
                    show(&fast),
                    show(&slow)
                );
            }
            assert_eq!(fast, slow, "the two readers differ on\n{text}");
        }
        Err(e) => panic!("the fast reader accepted what serde-saphyr refuses ({e}):\n{text}"),
    }
    true
}

/// Every plan type and the untyped reading; whether the fast reader accepted any typed read.
fn same_all(text: &str) -> bool {
    same::<Plain>(text);
    let typed = [
        same::<KfBudgetFile>(text),
        same::<OrganisationFile>(text),
        same::<CommitteePlanFile>(text),
        same::<UnitPlanFile>(text),
        same::<FollowUpFile>(text),
    ];
    typed.contains(&true)
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
}

/// Every YAML file the project holds: the fast reader accepts every bundled
/// plan, and reads everything it accepts as serde-saphyr does.
#[test]
fn bundled_files_read_the_same() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["plans", "examples", "tests"] {
        yaml_files(&root.join(dir), &mut files);
    }
    assert!(files.len() > 100, "{} files", files.len());
    let mut declined_plans = Vec::new();
    let mut accepted = 0;
    for path in &files {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let ok = same_all(&text);
        accepted += usize::from(ok);
        if !ok && path.starts_with(root.join("plans")) {
            declined_plans.push(path.display().to_string());
        }
    }
    declined_plans.retain(|p| {
        let text = std::fs::read_to_string(p).unwrap();
        !text.contains("NOT-IN-SUBSET")
    });
    assert!(declined_plans.is_empty(), "declined: {declined_plans:#?}");
    assert!(
        accepted * 2 > files.len(),
        "accepted {accepted} of {}",
        files.len()
    );
}

/// A generated city with follow-up, as the benchmark reads it: every file accepted.
#[test]
fn generated_city_reads_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let city = dir.path().join("city");
    let status = std::process::Command::new(env!("CARGO"))
        .args(["run", "--quiet", "--example", "gen_city", "--"])
        .args([city.to_str().unwrap(), "20", "2", "--uppfoljning"])
        .status()
        .unwrap();
    assert!(status.success());
    let mut files = Vec::new();
    yaml_files(&city, &mut files);
    assert!(files.len() > 60, "{} files", files.len());
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        assert!(same_all(&text), "declined {}", path.display());
    }
}

/// Scalars that YAML types in surprising ways, or that hold YAML's own signs.
const NASTY: &[&str] = &[
    "NO",
    "no",
    "yes",
    "Yes",
    "on",
    "off",
    "y",
    "n",
    "true",
    "True",
    "TRUE",
    "false",
    "FALSE",
    "tRue",
    "null",
    "Null",
    "NULL",
    "nULL",
    "~",
    "0x1F",
    "0X1F",
    "0o17",
    "0b101",
    "1e3",
    "1E3",
    "1.5",
    ".5",
    "5.",
    "+1",
    "-1",
    "-0",
    "0",
    "00",
    "007",
    "1_000",
    "12:30",
    "1:2:3",
    ".inf",
    "-.inf",
    ".nan",
    "inf",
    "NaN",
    "infinity",
    "2024-02-01",
    "2024-2-1",
    "2024-02-01T10:00:00",
    "9223372036854775807",
    "9223372036854775808",
    "18446744073709551616",
    "-9223372036854775809",
    "a # b",
    "a#b",
    "#b",
    "a: b",
    "a:b",
    "a :b",
    "key:",
    "- a",
    "-a",
    "? x",
    "[a]",
    "{a}",
    "a, b",
    "&a",
    "*a",
    "!t",
    "|",
    ">",
    "%",
    "@x",
    "`x",
    "'x'",
    "\"x\"",
    "it's",
    "say \"hi\"",
    "back\\slash",
    "Öka",
    "å ä ö",
    "90 %",
    "1 050 st",
    "+/-1 %",
    "€",
    "日本",
    "emoji 😀",
    "",
    " ",
    "tab\there",
    "x\u{85}y",
    "x\u{a0}y",
    "a  b",
    "end ",
    " start",
];

/// A scalar written in one of YAML's styles (some of them unreadable on purpose).
fn styled(s: &str, style: u8) -> String {
    match style {
        0 => s.to_owned(),
        1 => format!("'{}'", s.replace('\'', "''")),
        2 => {
            let mut out = String::from("\"");
            for c in s.chars() {
                match c {
                    '"' => out.push_str("\\\""),
                    '\\' => out.push_str("\\\\"),
                    '\t' => out.push_str("\\t"),
                    '\u{85}' => out.push_str("\\N"),
                    c => out.push(c),
                }
            }
            out.push('"');
            out
        }
        _ => format!("\"{s}\""),
    }
}

fn scalar() -> impl Strategy<Value = String> {
    (
        prop_oneof![
            3 => proptest::sample::select(NASTY).prop_map(str::to_owned),
            1 => "[ -~åäöÅÄÖ]{0,12}",
        ],
        0u8..4,
    )
        .prop_map(|(s, style)| styled(&s, style))
}

/// Changes to a real plan file, line by line.
#[derive(Clone, Debug)]
enum Edit {
    /// The value of the line's `key: value` replaced.
    Value(usize, String),
    /// A comment line before the line, at some indentation.
    Comment(usize, usize, String),
    /// Text appended to the line (trailing spaces, a comment).
    Tail(usize, String),
    /// A blank line before the line.
    Blank(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => (any::<usize>(), scalar()).prop_map(|(l, s)| Edit::Value(l, s)),
        1 => (any::<usize>(), 0usize..8, "[ -~åäö#:]{0,10}")
            .prop_map(|(l, i, s)| Edit::Comment(l, i, s)),
        1 => (any::<usize>(), prop_oneof![Just("  ".to_owned()), Just(" # ok".to_owned()),
            Just("#x".to_owned()), Just(" #: x".to_owned()), Just(":".to_owned())])
            .prop_map(|(l, s)| Edit::Tail(l, s)),
        1 => any::<usize>().prop_map(Edit::Blank),
    ]
}

/// Small real files of every kind to start from.
const BASES: &[&str] = &[
    "typ: organisation\nnämnder:\n  - id: a\n    namn: Nämnd A\n    förvaltning: F\n  - id: b\n    namn: B\n    fortsätter: [a]\n",
    "typ: enhetsplan\nenhet:\n  id: enhet-1\n  namn: Enhet 1\n  avdelning: Avd\nnämnd: namnd-10\når: 2024\nnämndmål:\n  - nämndmål: mal-12\n    aktiviteter: [n10-akt-12, n10-akt-13]\n    enhetsmål:\n      - id: enhetsmal-0\n        titel: Enhetens mål 0\n        indikatorer:\n          - indikator: n10-ind-12\n            årsmål: 10 st\n          - id: u1-ind-0\n            namn: Andel nöjda\n            årsmål: 90 %\n            periodicitet: Halvår\n            enhet: \"%\"\n            aggregering: medel\n        aktiviteter:\n          - text: Enheten genomför träffar.\n            startdatum: 2024-02-01\n            slutdatum: 2024-11-30\n",
    "typ: uppföljning\nperiod: VB\nnämnd: namnd-10\når: 2024\nenhet: enhet-1830\nmål:\n  - mål: enhetsmal-0\n    bedömning: helt\n    indikatorer:\n      - indikator: n10-ind-10\n        utfall: 9 st\n      - indikator: u1830-ind-0\n        utfall: 85 %\n    aktiviteter:\n      - aktivitet: Enheten genomför träffar.\n        status: avslutad\n",
];

fn apply(base: &str, edits: &[Edit], shift: usize, crlf: bool, bom: bool) -> String {
    let mut lines: Vec<String> = base.lines().map(str::to_owned).collect();
    for e in edits {
        let n = lines.len();
        match e {
            Edit::Value(l, s) => {
                let line = &mut lines[l % n];
                if let Some(at) = line.find(": ") {
                    line.truncate(at + 2);
                    line.push_str(s);
                }
            }
            Edit::Comment(l, i, s) => lines.insert(l % n, format!("{}#{s}", " ".repeat(*i))),
            Edit::Tail(l, s) => lines[l % n].push_str(s),
            Edit::Blank(l) => lines.insert(l % n, String::new()),
        }
    }
    let mut text = String::new();
    if bom {
        text.push('\u{feff}');
    }
    for line in lines {
        let body = line.trim_start_matches(' ');
        let indent = line.len() - body.len();
        text.push_str(&" ".repeat(if indent > 0 { indent + shift } else { 0 }));
        text.push_str(body);
        text.push_str(if crlf { "\r\n" } else { "\n" });
    }
    text
}

/// Real plan shapes with awkward scalars, comments everywhere, nested blocks
/// indented further, CRLF and a byte-order mark: the fast reader declines or
/// reads exactly what serde-saphyr reads. And it accepts a fair share of them,
/// so the property cannot hold by declining everything.
#[test]
fn edited_plans_read_the_same() {
    let texts = (
        0..BASES.len(),
        proptest::collection::vec(edit(), 0..6),
        0usize..3,
        proptest::bool::weighted(0.1),
        proptest::bool::weighted(0.1),
    )
        .prop_map(|(base, edits, shift, crlf, bom)| apply(BASES[base], &edits, shift, crlf, bom));
    let cases = 2000;
    let accepted = std::cell::Cell::new(0);
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(cases));
    runner
        .run(&texts, |text| {
            accepted.set(accepted.get() + usize::from(same_all(&text)));
            Ok(())
        })
        .unwrap();
    assert!(
        accepted.get() * 5 > cases as usize,
        "accepted {} of {cases}",
        accepted.get()
    );
}

/// The edits above leave plenty for the fast reader to accept (so the property
/// cannot hold by declining everything), and each base is accepted as is.
#[test]
fn the_bases_are_accepted() {
    for base in BASES {
        assert!(same_all(base), "{base}");
        assert!(same_all(&apply(base, &[], 2, false, false)), "{base}");
    }
}

/// Shapes at the edges of the subset, each read both ways.
#[test]
fn edge_shapes_read_the_same() {
    let texts = [
        "a:\n- x\n- y\nb: 1\n",
        "- a:\n  - x\n  b: 2\n",
        "- a:\n    - x\n  b: 2\n",
        "a: x\n  # more indented comment\nb: y\n",
        "a: x # c\n# c\n  # c\nb:\n  # c\n  c: d\n",
        "a:\n  b: 1\n c: 2\n",
        "a: [ x , y ]\nb: []\nc: {}\nd: { e: 1, f: g }\n",
        "a: b:c\nd: e#f\ng: 'h''i'\nj: \"k\\\"l\\u00e5\"\n",
        "a :  b  \n",
        "a: >-\n  one\n  two\nb: 1\n",
        "a: >-\n  one\n\n  two\nb: 1\n",
        "a: >-\n  one\n  # two\nb: 1\n",
        "a: >-\n  one\n",
        "<<: x\n",
        "a: 1\na: 2\n",
        "-\n- a\n-\n  b: c\n",
        "a: x\n...\n",
        "a:\n  - - x\n",
        "a: -1\nb: 0\nc: 007\n",
    ];
    for text in texts {
        same_all(text);
    }
    assert!(same::<Plain>(texts[0]) && same::<Plain>(texts[1]));
    assert!(same::<Plain>(texts[6]) && same::<Plain>(texts[7]) && same::<Plain>(texts[9]));
}

/// Nesting deeper than serde-saphyr's budget, and a flow list longer than the
/// fast reader counts, are left to serde-saphyr (and the deep one cannot
/// exhaust the stack).
#[test]
fn deep_and_long_texts_decline() {
    let mut deep = String::new();
    for level in 0..5_000 {
        deep.push_str(&" ".repeat(level));
        deep.push_str("a:\n");
    }
    assert!(super::parse(&deep).is_err());
    let long = format!("a: [{}]\n", vec!["x"; 600_000].join(", "));
    assert!(super::parse(&long).is_err());
    let mut nested = String::new();
    for level in 0..40 {
        nested.push_str(&" ".repeat(level));
        nested.push_str("a:\n");
    }
    assert!(super::parse(&nested).is_ok());
}
