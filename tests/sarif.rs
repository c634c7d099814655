//! SARIF as code-scanning tools read it: valid against the official SARIF 2.1.0
//! schema (vendored in `tests/sarif-schema-2.1.0.json`, formats checked), with
//! locations as URIs and every rule documented.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn sarif_in(dir: &Path, paths: &[&str]) -> Value {
    let out = Command::cargo_bin("vp")
        .unwrap()
        .current_dir(dir)
        .arg("validate")
        .args(paths)
        .args(["--format", "sarif"])
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

fn sarif(paths: &[&str]) -> Value {
    sarif_in(Path::new("."), paths)
}

/// The schema's complaints about `doc`, with where they are.
fn schema_errors(doc: &Value) -> Vec<String> {
    let mut schema: Value =
        serde_json::from_str(&std::fs::read_to_string("tests/sarif-schema-2.1.0.json").unwrap())
            .unwrap();
    // The published schema's pattern for `run.language` has a stray `]`, which
    // ECMA-262 reads as a literal but the validator's regex check refuses; it
    // constrains nothing vp writes, so it is escaped here, not in the vendored file.
    for definition in ["run", "toolComponent"] {
        let language = &mut schema["definitions"][definition]["properties"]["language"]["pattern"];
        assert_eq!(language, "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$");
        *language = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}\\]?$".into();
    }
    // Draft-07 checks formats (`uri`, `uri-reference`) by default.
    let validator = jsonschema::draft7::new(&schema).unwrap();
    validator
        .iter_errors(doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

#[test]
fn the_schema_checks_uris() {
    // The vendored schema and the validator do catch what the issue was about.
    let mut doc = sarif(&[
        "tests/fixtures/_base",
        "tests/fixtures/VP012-unknown-committee-goal",
    ]);
    doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] =
        "mina planer/x.yaml".into();
    assert!(!schema_errors(&doc).is_empty());
}

#[test]
fn every_rule_fixture_gives_valid_sarif() {
    let mut dirs: Vec<_> = std::fs::read_dir("tests/fixtures")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("VP"))
        .collect();
    dirs.sort();
    assert!(dirs.len() > 40);
    for dir in dirs {
        let doc = sarif(&["tests/fixtures/_base", dir.to_str().unwrap()]);
        let errors = schema_errors(&doc);
        assert!(errors.is_empty(), "{}: {errors:#?}", dir.display());
        assert!(
            !doc["runs"][0]["results"].as_array().unwrap().is_empty(),
            "{}",
            dir.display()
        );
    }
}

#[test]
fn locations_are_relative_uris_against_the_source_root() {
    let dir = tempfile::tempdir().unwrap();
    let plans = dir.path().join("mina planer/Älvsjö");
    std::fs::create_dir_all(&plans).unwrap();
    for e in std::fs::read_dir("tests/fixtures/_base").unwrap() {
        let p = e.unwrap().path();
        let text = std::fs::read_to_string(&p)
            .unwrap()
            .replace("nämndmål: sjalvforsorjande", "nämndmål: sjalvforsorjand");
        std::fs::write(plans.join(p.file_name().unwrap()), text).unwrap();
    }
    let doc = sarif_in(dir.path(), &["mina planer"]);
    assert_eq!(schema_errors(&doc), Vec::<String>::new());
    let run = &doc["runs"][0];
    let artifact = &run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(
        artifact["uri"],
        "mina%20planer/%C3%84lvsj%C3%B6/fritid.yaml"
    );
    assert_eq!(artifact["uriBaseId"], "%SRCROOT%");
    let root = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap();
    assert!(
        root.starts_with("file:///") && root.ends_with('/'),
        "{root}"
    );
    assert!(!root.contains(' '), "{root}");
}

#[test]
fn absolute_paths_outside_the_root_are_file_uris() {
    let dir = tempfile::Builder::new()
        .prefix("planer å ")
        .tempdir()
        .unwrap();
    for e in std::fs::read_dir("tests/fixtures/_base").unwrap() {
        let p = e.unwrap().path();
        let text = std::fs::read_to_string(&p)
            .unwrap()
            .replace("nämndmål: sjalvforsorjande", "nämndmål: sjalvforsorjand");
        std::fs::write(dir.path().join(p.file_name().unwrap()), text).unwrap();
    }
    let doc = sarif(&[dir.path().to_str().unwrap()]);
    assert_eq!(schema_errors(&doc), Vec::<String>::new());
    let artifact =
        &doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
    let uri = artifact["uri"].as_str().unwrap();
    assert!(uri.starts_with("file:///"), "{uri}");
    assert!(
        uri.contains("/planer%20%C3%A5%20") && uri.ends_with("/fritid.yaml"),
        "{uri}"
    );
    assert!(artifact.get("uriBaseId").is_none());
}

/// What GitHub code scanning shows for a rule: its full description and help,
/// the same text as `vp regler KOD`, and links to the rule and the tool.
#[test]
fn rules_carry_their_documentation() {
    let doc = sarif(&[
        "tests/fixtures/_base",
        "tests/fixtures/VP012-unknown-committee-goal",
    ]);
    let driver = &doc["runs"][0]["tool"]["driver"];
    assert!(
        driver["informationUri"]
            .as_str()
            .unwrap()
            .starts_with("https://")
    );
    let rules = driver["rules"].as_array().unwrap();
    assert_eq!(rules.len(), vp::diag::Code::ALL.len());
    for rule in rules {
        let id = rule["id"].as_str().unwrap();
        for field in ["fullDescription", "help"] {
            assert!(
                !rule[field]["text"].as_str().unwrap_or("").is_empty(),
                "{id} {field}"
            );
        }
        assert!(
            rule["help"]["markdown"]
                .as_str()
                .unwrap()
                .starts_with("**Vad:**"),
            "{id}"
        );
        // Issue 26: Vad, Varför and Rätta are paragraphs of their own in a
        // Markdown renderer (a blank line between), not one run-on paragraph.
        let markdown = rule["help"]["markdown"].as_str().unwrap();
        assert!(markdown.contains("\n\n**Rätta:**"), "{id}: {markdown}");
        assert_eq!(
            markdown.matches("**Varför:**").count(),
            markdown.matches("\n\n**Varför:**").count(),
            "{id}: {markdown}"
        );
        assert!(
            rule["helpUri"]
                .as_str()
                .unwrap()
                .ends_with(&format!("/docs/regler.md#{}", id.to_lowercase())),
            "{id}"
        );
        assert_ne!(rule["name"], rule["id"]);
    }
    let rule = rules.iter().find(|r| r["id"] == "VP012").unwrap();
    let (regler, _, _) = {
        let out = Command::cargo_bin("vp")
            .unwrap()
            .args(["regler", "VP012"])
            .output()
            .unwrap();
        (String::from_utf8(out.stdout).unwrap(), (), ())
    };
    assert!(
        regler.contains(rule["help"]["text"].as_str().unwrap()),
        "{regler}\n---\n{}",
        rule["help"]["text"]
    );
    assert!(
        rule["fullDescription"]["text"]
            .as_str()
            .unwrap()
            .starts_with("En enhetsplan hänvisar till ett nämndmål")
    );
    // A result names its rule by index too, as the spec recommends.
    let result = &doc["runs"][0]["results"][0];
    assert_eq!(
        rules[result["ruleIndex"].as_u64().unwrap() as usize]["id"],
        "VP012"
    );
}
