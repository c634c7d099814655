//! The editor's schema and vp agree: a value one refuses, the other refuses
//! too, and every key has a description an editor can show. The editor side is
//! the generated schema applied, as yaml-language-server applies it, to the
//! file read as plain YAML 1.2.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;
use vp::load::FileKind;
use vp::load::values::{id_pattern, is_id};

const BASE: &str = "tests/fixtures/_base";

/// The clean base unit plan, as a second unit `idrott`.
fn base_unit() -> String {
    std::fs::read_to_string(Path::new(BASE).join("fritid.yaml"))
        .unwrap()
        .replace("id: fritid", "id: idrott")
}

/// What an editor with the schema marks in a unit plan's text.
fn editor_errors(text: &str) -> Vec<String> {
    let options = serde_saphyr::options! { strict_booleans: true };
    let value: Value = serde_saphyr::from_str_with_options(text, options).unwrap();
    let validator = jsonschema::draft7::new(FileKind::UnitPlan.schema()).unwrap();
    validator
        .iter_errors(&value)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

/// The codes vp reports for the unit plan, checked in its place beside the base tree.
fn vp_codes(text: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(BASE).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
    }
    std::fs::write(dir.path().join("idrott.yaml"), text).unwrap();
    std::fs::copy(
        Path::new(BASE).join("fritid.md"),
        dir.path().join("idrott.md"),
    )
    .unwrap();
    let out = Command::cargo_bin("vp")
        .unwrap()
        .arg("validate")
        .arg(dir.path().join("idrott.yaml"))
        .args(["--format", "json"])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn the_base_unit_is_clean_for_both() {
    assert_eq!(editor_errors(&base_unit()), Vec::<String>::new());
    assert_eq!(vp_codes(&base_unit()), Vec::<String>::new());
}

/// Each edit is refused by the editor's schema and by vp, with vp's code.
#[test]
fn what_the_schema_refuses_vp_refuses() {
    let unit = base_unit();
    let cases = [
        // Types: the editor read `"2020"` as text and `123` as a number; vp took both.
        ("år: 2020", "år: \"2020\"", "VP006"),
        ("titel: Unga får feriejobb", "titel: 123", "VP006"),
        ("titel: Unga får feriejobb", "titel: true", "VP006"),
        ("namn: Fritidsenheten", "namn: 1.5", "VP006"),
        // Ids: vp refused them; the schema had no pattern.
        ("id: idrott", "id: Familjeratt-Sydvast", "VP007"),
        ("id: feriejobb", "id: ferie_jobb", "VP007"),
        (
            "id: nojda-feriearbetare",
            "id: nojda--feriearbetare",
            "VP007",
        ),
        (
            "nämndmål: sjalvforsorjande",
            "nämndmål: Sjalvforsorjande",
            "VP007",
        ),
        // Dates: the schema had no pattern.
        ("startdatum: 2020-02-01", "startdatum: 2020-2-1", "VP020"),
        ("till: 2020-06-30", "till: 30/6 2020", "VP020"),
        // Closed lists, and the year's range.
        ("periodicitet: År", "periodicitet: år", "VP033"),
        ("riktning: högre", "riktning: Högre", "VP036"),
        ("aggregering: medel", "aggregering: medelvärde", "VP075"),
        ("år: 2020", "år: 1899", "VP023"),
        // What a definition needs (issue 26): the schema said nothing, and
        // completion offered `null`, which vp refuses.
        ("            periodicitet: År\n", "", "VP005"),
        ("periodicitet: År", "periodicitet: null", "VP006"),
        ("periodicitet: År", "periodicitet:", "VP006"),
        ("riktning: högre", "riktning:", "VP006"),
        ("aggregering: medel", "aggregering: ~", "VP006"),
        ("namn: Andel nöjda feriearbetare", "namn:", "VP005"),
        ("            namn: Andel nöjda feriearbetare\n", "", "VP005"),
        (
            "          - id: nojda-feriearbetare\n            namn",
            "          - namn",
            "VP035",
        ),
        // A reference writes none of the definition's keys.
        (
            "årsmål: 40 st",
            "årsmål: 40 st\n            periodicitet: År",
            "VP035",
        ),
        (
            "årsmål: 40 st",
            "årsmål: 40 st\n            enhet: st",
            "VP035",
        ),
        // A weighted mean names its weight, and a weight goes with it only.
        ("aggregering: medel", "aggregering: viktat-medel", "VP005"),
        (
            "aggregering: medel",
            "aggregering: medel\n            vikt: antal-feriejobb",
            "VP074",
        ),
    ];
    for (from, to, code) in cases {
        assert!(unit.contains(from), "{from}");
        let text = unit.replacen(from, to, 1);
        let editor = editor_errors(&text);
        assert!(!editor.is_empty(), "the schema accepts `{to}`");
        let codes = vp_codes(&text);
        assert!(
            codes.contains(&code.to_owned()),
            "`{to}`: vp says {codes:?}"
        );
    }
}

/// And what the schema accepts, vp accepts.
#[test]
fn what_the_schema_accepts_vp_accepts() {
    let unit = base_unit();
    for (from, to) in [
        ("titel: Unga får feriejobb", "titel: \"123\""),
        ("årsmål: 40 st", "årsmål: 40"),
        ("årsmål: 90 %", "årsmål: \"90 %\""),
        ("namn: Fritidsenheten", "namn: 'NO'"),
        ("id: feriejobb", "id: sommar-jobb-2020"),
        ("id: feriejobb", "id: fler-rör-sig"),
        // Optional keys left empty are left out, for both.
        ("årsmål: 40 st", "årsmål: 40 st\n            enhet:"),
        ("enhet: \"%\"", "enhet:"),
        ("            riktning: högre\n", ""),
        ("            aggregering: medel\n", ""),
    ] {
        assert!(unit.contains(from), "{from}");
        let text = unit.replacen(from, to, 1);
        assert_eq!(editor_errors(&text), Vec::<String>::new(), "`{to}`");
        let codes: Vec<String> = vp_codes(&text)
            .into_iter()
            // A goal whose id or title changed no longer matches its prose heading.
            .filter(|c| !c.starts_with("VP05"))
            .collect();
        assert_eq!(codes, Vec::<String>::new(), "`{to}`");
    }
}

/// The id pattern in the schema and vp's `is_id` agree on every character.
#[test]
fn the_id_pattern_is_vps_rule() {
    let schema = serde_json::json!({ "type": "string", "pattern": id_pattern() });
    let validator = jsonschema::draft7::new(&schema).unwrap();
    let mut disagree = Vec::new();
    for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
        let id = format!("a{c}");
        if is_id(&id) != validator.is_valid(&Value::String(id.clone())) {
            disagree.push(format!("U+{:04X}", u32::from(c)));
        }
    }
    assert!(
        disagree.is_empty(),
        "{} characters: {disagree:?}",
        disagree.len()
    );
    for (id, ok) in [
        ("a-b", true),
        ("a--b", false),
        ("-a", false),
        ("a-", false),
        ("", false),
    ] {
        assert_eq!(validator.is_valid(&Value::String(id.into())), ok, "{id}");
        assert_eq!(is_id(id), ok, "{id}");
    }
}

/// Every key in every schema has a description for the editor to show.
#[test]
fn every_key_is_described() {
    fn walk(node: &Value, path: &str, missing: &mut Vec<String>, total: &mut usize) {
        match node {
            Value::Object(map) => {
                // Conditions between keys (`if`/`then`/`else`) name keys described above.
                if let Some(Value::Object(props)) = map.get("properties")
                    && !["/if", "/then", "/else"].iter().any(|c| path.ends_with(c))
                {
                    for (key, schema) in props {
                        *total += 1;
                        if schema.get("description").is_none() {
                            missing.push(format!("{path}.{key}"));
                        }
                    }
                }
                for (key, value) in map {
                    walk(value, &format!("{path}/{key}"), missing, total);
                }
            }
            Value::Array(items) => items.iter().for_each(|i| walk(i, path, missing, total)),
            _ => {}
        }
    }
    let (mut missing, mut total) = (Vec::new(), 0);
    for kind in FileKind::ALL {
        walk(kind.schema(), kind.schema_file(), &mut missing, &mut total);
    }
    assert!(total > 140, "{total}");
    assert_eq!(missing, Vec::<String>::new());
}

/// A KF activity without an id: the KF budget's schema and vp both refuse it
/// (VP005), since nämnder refer to KF's activities by id; a nämnd's own
/// activity may go without.
#[test]
fn a_kf_activity_needs_an_id_for_both() {
    let kf = std::fs::read_to_string(Path::new(BASE).join("kf-2020.yaml")).unwrap();
    let from = "          - id: samhallsvagledning\n            text:";
    assert!(kf.contains(from));
    let text = kf.replacen(from, "          - text:", 1);
    let options = serde_saphyr::options! { strict_booleans: true };
    let value: Value = serde_saphyr::from_str_with_options(&text, options.clone()).unwrap();
    let validator = jsonschema::draft7::new(FileKind::KfBudget.schema()).unwrap();
    assert!(!validator.is_valid(&value), "the schema accepts it");
    let original: Value = serde_saphyr::from_str_with_options(&kf, options).unwrap();
    assert!(validator.is_valid(&original));

    let dir = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(BASE).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
    }
    std::fs::write(dir.path().join("kf-2020.yaml"), text).unwrap();
    let out = Command::cargo_bin("vp")
        .unwrap()
        .arg("validate")
        .arg(dir.path())
        .args(["--format", "json"])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["code"].as_str())
        .collect();
    assert!(codes.contains(&"VP005"), "{codes:?}");
}
