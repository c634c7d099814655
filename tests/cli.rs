//! The `vp` binary as users and CI meet it: the bundled plans, exit codes, formats,
//! schemas, completions and the man page.

use std::path::Path;

use assert_cmd::Command;
use vp::load::FileKind;

fn vp(args: &[&str]) -> (String, String, i32) {
    let out = Command::cargo_bin("vp")
        .unwrap()
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap(),
    )
}

/// The seeds are real plans: their real inconsistencies stay and are reported
/// (as warnings and info), but nothing in them is an error.
/// The codes of `vp validate --format json` on `path`, and the exit code.
fn finding_codes(path: &Path) -> (Vec<String>, i32) {
    let (out, _, code) = vp(&["validate", path.to_str().unwrap(), "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let codes = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_owned())
        .collect();
    (codes, code)
}

/// A copy of the clean base tree, each file's text passed through `edit`.
fn base_copy(edit: impl Fn(String) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir("tests/fixtures/_base").unwrap() {
        let p = e.unwrap().path();
        let text = edit(std::fs::read_to_string(&p).unwrap());
        std::fs::write(dir.path().join(p.file_name().unwrap()), text).unwrap();
    }
    dir
}

/// The exit-code contract: a command that builds on the plan tree (rollup,
/// render, diff) cannot run on a tree with errors. It shows them, as `vp
/// validate` does, and exits 2; `vp validate` itself answers 1.
#[test]
fn commands_that_need_a_valid_tree_exit_2_on_errors() {
    let broken = base_copy(|t| t.replace("datum: 2020-01-20", "datum: 2020-01-32"));
    let tree = broken.path().to_str().unwrap();
    let out = tempfile::tempdir().unwrap();
    let out = out.path().to_str().unwrap();
    let (_, err, code) = vp(&["validate", tree]);
    assert_eq!(code, 1, "{err}");
    for args in [
        vec!["rollup", "norrmalm", "2020", tree],
        vec!["render", tree, "--format", "html", "--out", out],
        vec!["diff", "tests/fixtures/_base", tree],
        vec!["diff", "2020", "2020", tree],
        vec!["visa", "norrmalm", "2020", tree],
    ] {
        let (stdout, err, code) = vp(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(stdout.is_empty(), "{args:?}: {stdout}");
        assert!(err.contains("VP020"), "{args:?}: {err}");
        assert!(
            err.contains("har fel; rätta dem (se `vp validate`)"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn bundled_plans_validate_without_errors() {
    let (out, _, code) = vp(&["validate"]);
    assert_eq!(code, 0, "{out}");
    let summary = out.lines().rev().find(|l| l.contains(" fel, ")).unwrap();
    // The two whole-year 2020 unit plans under Hägersten-Liljeholmen, which
    // ended on 30 June (VP065), are two of the warnings: seeds 000 and 004 are
    // written for the whole year.
    assert_eq!(summary, "0 fel, 7 varningar och 15 info i 18 filer.");
}

#[test]
fn missing_path_could_not_run() {
    let (out, err, code) = vp(&["validate", "finns/inte"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        err.contains("finns/inte") && err.contains("finns inte"),
        "{err}"
    );
}

#[test]
fn a_directory_without_plans_could_not_run() {
    let dir = tempfile::tempdir().unwrap();
    let (out, err, code) = vp(&["validate", dir.path().to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("hittade inga planfiler"), "{err}");
}

#[test]
fn bad_arguments_could_not_run() {
    let (_, _, code) = vp(&["validate", "--format", "xml"]);
    assert_eq!(code, 2);
}

/// clap's own errors (`error: unexpected argument … Usage: … For more
/// information, try '--help'.`) are said in Swedish, with the usage line and
/// where to read more; exit code 2 for errors, 0 for help and version.
#[test]
fn usage_errors_are_swedish() {
    let (out, err, code) = vp(&["validate", "--formt", "json"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert_eq!(
        err,
        "vp: okänd flagga `--formt`\n  hjälp: menade du `--format`?\n\n\
         Användning: vp validate [FLAGGOR] [SÖKVÄG]...\n\n\
         Mer information: `vp validate --help`.\n"
    );
    let (_, err, code) = vp(&["rollup", "hagersten-liljeholmen", "tjugo"]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("vp: `tjugo` är inget giltigt värde för argumentet <ÅR>\n"),
        "{err}"
    );
    let (_, err, code) = vp(&[]);
    assert_eq!(code, 2);
    assert!(err.contains("Användning: vp <KOMMANDO>"), "{err}");
    for args in [&["--help"][..], &["--version"], &["validate", "-h"]] {
        let (out, err, code) = vp(args);
        assert_eq!(code, 0, "{args:?}");
        assert!(!out.is_empty() && err.is_empty(), "{args:?}");
    }
}

#[test]
fn warnings_pass_unless_denied() {
    let args = [
        "validate",
        "tests/fixtures/_base",
        "tests/fixtures/VP022-outside-period",
    ];
    assert_eq!(vp(&args).2, 0);
    let mut denied = args.to_vec();
    denied.push("--deny-warnings");
    assert_eq!(vp(&denied).2, 1);
}

#[test]
fn info_never_fails() {
    let args = [
        "validate",
        "tests/fixtures/_base",
        "tests/fixtures/VP034-placeholder-target",
        "--deny-warnings",
    ];
    assert_eq!(vp(&args).2, 0);
}

#[test]
fn github_annotations_escape_and_summarise() {
    let (out, _, code) = vp(&[
        "validate",
        "tests/fixtures/_base",
        "tests/fixtures/VP040-sum-mismatch",
        "--format",
        "github",
    ]);
    assert_eq!(code, 1);
    let first = out.lines().next().unwrap();
    assert!(
        first.starts_with(
            "::error file=tests/fixtures/VP040-sum-mismatch/city-2020.yaml,line=17,col=17,"
        ),
        "{first}"
    );
    // The hint follows the message on an escaped new line; `:` in title is escaped.
    assert!(first.contains("%0Ahjälp: "), "{first}");
    assert!(first.contains("title=VP040 SUMMA-raden"), "{first}");
    assert_eq!(
        out.lines().last(),
        Some("2 fel, 0 varningar och 2 info i 7 filer.")
    );
}

#[test]
fn sarif_is_valid_shape() {
    let (out, _, _) = vp(&[
        "validate",
        "tests/fixtures/_base",
        "tests/fixtures/VP012-unknown-committee-goal",
        "--format",
        "sarif",
    ]);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["version"], "2.1.0");
    let run = &doc["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    assert_eq!(run["results"].as_array().unwrap().len(), 1);
    let r = &run["results"][0];
    assert_eq!(r["ruleId"], "VP012");
    assert_eq!(r["level"], "error");
    assert_eq!(
        r["locations"][0]["physicalLocation"]["region"]["startLine"],
        12
    );
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), vp::diag::Code::ALL.len());
}

/// A duplicate points at both places in every format: the second occurrence is
/// the finding, the first its related location.
#[test]
fn duplicates_point_at_the_first_occurrence_in_every_format() {
    let run = |format| {
        vp(&[
            "validate",
            "tests/fixtures/_base",
            "tests/fixtures/VP010-duplicate-id",
            "--format",
            format,
        ])
        .0
    };
    let first = "tests/fixtures/VP010-duplicate-id/idrott.yaml";

    let human = run("human");
    assert!(human.contains(&format!("  --> {first}:14:13\n")), "{human}");
    assert!(human.contains("------------ första förekomsten"), "{human}");

    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    let f = &json["findings"][1];
    assert_eq!(f["location"]["line"], 16);
    assert_eq!(f["related"][0]["location"]["file"], first);
    assert_eq!(f["related"][0]["location"]["line"], 14);
    assert_eq!(f["related"][0]["location"]["column"], 13);
    assert_eq!(f["related"][0]["message"], "första förekomsten");
    // Across files: a nämnd's indicator with the id of KF's points at KF's.
    let f = &json["findings"][0];
    assert_eq!(
        f["related"][0]["location"]["file"],
        "tests/fixtures/_base/kf-2020.yaml"
    );
    assert_eq!(f["related"][0]["location"]["line"], 18);

    let github = run("github");
    assert!(
        github.contains(&format!("%0Aförsta förekomsten: {first}:14%0A")),
        "{github}"
    );

    let sarif: serde_json::Value = serde_json::from_str(&run("sarif")).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let related = &results[1]["relatedLocations"][0];
    assert_eq!(related["message"]["text"], "första förekomsten");
    assert_eq!(
        related["physicalLocation"]["artifactLocation"]["uri"],
        first
    );
    assert_eq!(related["physicalLocation"]["region"]["startLine"], 14);
    // A finding without a second place has no relatedLocations at all.
    let (out, _, _) = vp(&[
        "validate",
        "tests/fixtures/_base",
        "tests/fixtures/VP012-unknown-committee-goal",
        "--format",
        "sarif",
    ]);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(
        doc["runs"][0]["results"][0]
            .get("relatedLocations")
            .is_none()
    );
}

#[test]
fn committed_schemas_are_generated_from_the_types() {
    for kind in FileKind::ALL {
        let path = Path::new("schemas").join(kind.schema_file());
        let committed: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(
            &committed,
            kind.schema(),
            "{} is stale: run `cargo run -- schema`",
            path.display()
        );
        assert_eq!(
            committed["$schema"],
            "http://json-schema.org/draft-07/schema#"
        );
    }
    for (file, schema) in vp::cli::output_schemas() {
        let path = Path::new("schemas").join(file);
        let committed: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(
            committed,
            schema,
            "{} is stale: run `cargo run -- schema`",
            path.display()
        );
    }
}

/// Issue 26, one JSON convention: every JSON output has a strict schema in
/// `schemas/`, and the output of the bundled plans follows it.
#[test]
fn every_json_output_follows_its_schema() {
    let schemas: std::collections::HashMap<&str, serde_json::Value> =
        vp::cli::output_schemas().into_iter().collect();
    let text = tempfile::tempdir().unwrap();
    let seed = text.path().join("enhet.txt");
    std::fs::write(
        &seed,
        "Verksamhetsplan 2020 för Kansliet\n\nInledning\n\nKansliet stödjer nämnden.\n\nInnehåll\nEtt 3\n",
    )
    .unwrap();
    let seed = seed.to_str().unwrap();
    // KF's budget 2022 with a goal renumbered and a target changed, for vp impact.
    let changed_kf = text.path().join("kf-budget-2022.yaml");
    std::fs::write(
        &changed_kf,
        std::fs::read_to_string("plans/2022/kf-budget.yaml")
            .unwrap()
            .replace("nummer: \"3.2\"", "nummer: \"3.3\"")
            .replace("årsmål: Tas fram av nämnd/styrelse", "årsmål: 1 000 st"),
    )
    .unwrap();
    let changed_kf = changed_kf.to_str().unwrap();
    let runs: Vec<(&str, Vec<&str>)> = vec![
        ("validate", vec!["validate", "plans"]),
        (
            "validate",
            vec!["validate", "tests/fixtures/VP010-duplicate-id"],
        ),
        ("validate", vec!["validate", "tests/fixtures/VP001-latin1"]),
        ("rollup", vec!["rollup", "hagersten-liljeholmen", "2020"]),
        ("rollup", vec!["rollup", "alla", "2019"]),
        ("rollup", vec!["rollup", "alla", "2020"]),
        ("rollup", vec!["rollup", "hagersten-alvsjo", "2022"]),
        (
            "rollup-uppfoljning",
            vec![
                "rollup",
                "alla",
                "2020",
                "--period",
                "T2",
                "--uppfoljning",
                "examples/uppfoljning",
            ],
        ),
        (
            "rollup-uppfoljning",
            vec![
                "rollup",
                "hagersten-liljeholmen",
                "2020",
                "--period",
                "VB",
                "--uppfoljning",
                "examples/uppfoljning",
            ],
        ),
        ("diff", vec!["diff", "2019", "2020"]),
        ("diff", vec!["diff", "2020", "2022"]),
        ("diff", vec!["diff", "2022", "2019"]),
        (
            "diff-uppfoljning",
            vec![
                "diff",
                "T1",
                "T2",
                "--ar",
                "2020",
                "--uppfoljning",
                "examples/uppfoljning",
            ],
        ),
        ("import", vec!["import", seed, "--dry-run"]),
        ("visa", vec!["visa", "hagersten-liljeholmen", "2020"]),
        ("visa", vec!["visa", "hagersten-alvsjo", "2022"]),
        ("new-year", vec!["new-year", "2022", "2023", "--dry-run"]),
        (
            "new-year",
            vec![
                "new-year",
                "2020",
                "2021",
                "tests/fixtures/new-year-merger",
                "--dry-run",
            ],
        ),
        ("impact", vec!["impact", changed_kf]),
    ];
    for (kind, mut args) in runs {
        args.extend(["--format", "json"]);
        let (out, err, code) = vp(&args);
        assert!(code <= 1, "{args:?}: {err}");
        let doc: serde_json::Value =
            serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: {e}\n{out}"));
        let schema = &schemas[format!("{kind}.schema.json").as_str()];
        let validator = jsonschema::draft7::new(schema).unwrap();
        let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{args:?}: {errors:#?}");
        assert!(doc["version"].as_u64().is_some_and(|v| v >= 1), "{args:?}");
        // Strict: a key the schema does not name is refused, at the top and below.
        let mut misspelt = doc.clone();
        misspelt["versoin"] = 1.into();
        assert!(!validator.is_valid(&misspelt), "{args:?}");
    }
    // Below the top too: a finding with a misspelt key.
    let (out, _, _) = vp(&[
        "validate",
        "tests/fixtures/VP010-duplicate-id",
        "--format",
        "json",
    ]);
    let mut doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    doc["findings"][0]["lines"] = 3.into();
    let validator = jsonschema::draft7::new(&schemas["validate.schema.json"]).unwrap();
    assert!(!validator.is_valid(&doc));
}

/// Every `location` in a JSON document (and every side under `locations`),
/// with the path to it, and every object outside them that writes a place's
/// keys itself (`file`; `line`, `column`, `end_line`, `end_column` as numbers).
fn places(doc: &serde_json::Value) -> (Vec<(String, serde_json::Value)>, Vec<String>) {
    fn walk(
        v: &serde_json::Value,
        path: &str,
        found: &mut Vec<(String, serde_json::Value)>,
        stray: &mut Vec<String>,
    ) {
        match v {
            serde_json::Value::Object(map) => {
                // A budget cell's `column` is the column's name, not a place.
                for key in ["file", "line", "column", "end_line", "end_column"] {
                    if map.get(key).is_some_and(|x| key == "file" || x.is_number()) {
                        stray.push(format!("{path}/{key}"));
                    }
                }
                for (k, x) in map {
                    let here = format!("{path}/{k}");
                    match (k.as_str(), x) {
                        ("location", serde_json::Value::Object(_)) => {
                            found.push((here, x.clone()));
                        }
                        ("locations", serde_json::Value::Object(sides)) => {
                            assert!(
                                sides.keys().all(|s| s == "old" || s == "new"),
                                "{here}: {x}"
                            );
                            for (side, place) in sides {
                                found.push((format!("{here}/{side}"), place.clone()));
                            }
                        }
                        _ => walk(x, &here, found, stray),
                    }
                }
            }
            serde_json::Value::Array(items) => {
                for x in items {
                    walk(x, &format!("{path}[]"), found, stray);
                }
            }
            _ => {}
        }
    }
    let (mut found, mut stray) = (Vec::new(), Vec::new());
    walk(doc, "", &mut found, &mut stray);
    (found, stray)
}

/// Issue 26, one location object everywhere: in the JSON of `vp validate`,
/// `vp diff`, `vp import`, `vp rollup`, `vp visa` and `vp impact`, every place
/// in a file is a `location` object (`file`, then `line`, `column`,
/// `end_line`, `end_column` where vp knows them), and no other object writes
/// a place's keys itself. Each command gives line and column where it knows
/// them: validate every finding with where it ends, diff every KF goal, goal,
/// indicator, activity, section and budget row (only a plan is its whole
/// file), import every line of the text it read (a line, no column).
#[test]
fn every_place_in_json_is_one_location_object() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    let seed = |prefix: &str| -> String {
        let mut names: Vec<_> = std::fs::read_dir(&seeds)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        names.sort();
        names
            .into_iter()
            .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
            .unwrap()
            .display()
            .to_string()
    };
    let out_dir = tempfile::tempdir().unwrap();
    let (seed_ocr, seed_unit) = (seed("001"), seed("002"));
    let budget = tempfile::tempdir().unwrap();
    let changed = budget.path().join("kf-budget.yaml");
    std::fs::write(
        &changed,
        std::fs::read_to_string("plans/2022/kf-budget.yaml")
            .unwrap()
            .replacen("nummer: \"2.4\"", "nummer: \"2.9\"", 1),
    )
    .unwrap();
    let changed = changed.to_str().unwrap();
    let out_s = out_dir.path().to_str().unwrap();
    // (command, arguments, which locations must have a line (and but for
    // import's lines, a column): by their path in the document)
    type Rule = fn(&str) -> bool;
    let everywhere: Rule = |_| true;
    let not_a_plan: Rule = |path| {
        !(path.starts_with("/plans[]/old/")
            || path.starts_with("/plans[]/new/")
            || path.starts_with("/plans[]/also_old[]/")
            || path.starts_with("/plans[]/also_new[]/"))
    };
    let a_line: Rule = |path| path != "/files[]/location";
    let runs: Vec<(&str, Vec<&str>, Rule)> = vec![
        ("validate", vec!["validate", "plans"], everywhere),
        (
            "validate",
            vec!["validate", "tests/fixtures/VP010-duplicate-id"],
            everywhere,
        ),
        ("diff", vec!["diff", "2019", "2020"], not_a_plan),
        ("diff", vec!["diff", "2020", "2022"], not_a_plan),
        ("diff", vec!["diff", "2022", "2019"], not_a_plan),
        (
            "import",
            vec!["import", &seed_ocr, &seed_unit, "--dry-run", "--out", out_s],
            a_line,
        ),
        ("impact", vec!["impact", changed], everywhere),
        ("rollup", vec!["rollup", "alla", "2020"], |p| {
            !p.ends_with("/units[]/location")
        }),
        ("visa", vec!["visa", "hagersten-liljeholmen", "2020"], |p| {
            p != "/location"
        }),
    ];
    for (command, mut args, with_line) in runs {
        args.extend(["--format", "json"]);
        let (out, err, code) = vp(&args);
        assert!(code <= 1, "{args:?}: {err}");
        let doc: serde_json::Value =
            serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: {e}\n{out}"));
        let (found, stray) = places(&doc);
        assert!(
            stray.is_empty(),
            "{command}: a place outside `location`: {stray:?}"
        );
        assert!(!found.is_empty(), "{command}: no place at all");
        let mut lines = 0;
        for (path, place) in &found {
            let keys: Vec<&str> = place
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect();
            assert!(
                keys.iter()
                    .all(|k| { ["file", "line", "column", "end_line", "end_column"].contains(k) }),
                "{command} {path}: {place}"
            );
            assert!(
                place["file"].as_str().is_some_and(|f| !f.is_empty()),
                "{command} {path}: {place}"
            );
            let line = place["line"].as_u64();
            assert!(line != Some(0), "{command} {path}: {place}");
            if place.get("column").is_some() {
                assert!(line.is_some(), "{command} {path}: a column without a line");
            }
            if with_line(path) {
                assert!(line.is_some(), "{command} {path}: no line: {place}");
                // The line is in the file.
                let file = match command {
                    "diff" => format!("plans/{}", place["file"].as_str().unwrap()),
                    _ => place["file"].as_str().unwrap().to_owned(),
                };
                let text = std::fs::read_to_string(&file)
                    .unwrap_or_else(|e| panic!("{command} {path}: {file}: {e}"));
                assert!(
                    line.unwrap() as usize <= text.lines().count().max(1),
                    "{command} {path}: {place}"
                );
                if command != "import" {
                    assert!(
                        place["column"].as_u64().is_some_and(|c| c >= 1),
                        "{command} {path}: no column: {place}"
                    );
                }
                lines += 1;
            }
            if command == "validate" {
                for key in ["end_line", "end_column"] {
                    assert!(place[key].as_u64().is_some(), "{path}: {place}");
                }
            }
        }
        assert!(lines > 0, "{command}: no place with a line");
    }
    // diff: every kind of element has its places, not only the plans.
    let (out, _, _) = vp(&["diff", "2020", "2022", "--format", "json"]);
    let (found, _) = places(&serde_json::from_str(&out).unwrap());
    for part in [
        "/goals[]/old/",
        "/goals[]/new/",
        "/indicators[]/old/",
        "/indicators[]/new/",
        "/activities[]/old/",
        "/activities[]/new/",
        "/committee_goals[]/old/",
        "/kf_parts[]/locations/old",
        "/sections[]/locations/new",
        "/kf_goals[]/old/",
    ] {
        assert!(
            found
                .iter()
                .any(|(p, x)| p.contains(part) && x["line"].is_u64()),
            "diff: no place under {part}"
        );
    }
}

/// Issue 26: one JSON convention. A place is `{"file", "line", "column"}` under
/// `location` (line and column where vp knows them), in validate's findings
/// too; `vp rollup` has one shape for one nämnd and `alla`.
#[test]
fn json_outputs_share_one_location_and_shape() {
    let json = |args: &[&str]| -> serde_json::Value {
        let mut args = args.to_vec();
        args.extend(["--format", "json"]);
        let (out, err, _) = vp(&args);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: {e}: {err}"))
    };
    let one = json(&["rollup", "hagersten-liljeholmen", "2020"]);
    let all = json(&["rollup", "alla", "2020"]);
    let keys = |v: &serde_json::Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&one), keys(&all));
    assert_eq!(one["committees"][0], all["committees"][0]);
    // The first enhetsmål under any nämndmål.
    let goal = one["committees"][0]["directions"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["kf_goals"].as_array().unwrap())
        .flat_map(|k| k["committee_goals"].as_array().unwrap())
        .flat_map(|c| c["units"].as_array().unwrap())
        .flat_map(|u| u["goals"].as_array().unwrap())
        .next()
        .unwrap();
    let place = &goal["location"];
    let file = place["file"].as_str().unwrap();
    let (line, column) = (
        place["line"].as_u64().unwrap(),
        place["column"].as_u64().unwrap(),
    );
    // The place is where the goal's id stands.
    let text = std::fs::read_to_string(file).unwrap();
    let at = text.lines().nth(line as usize - 1).unwrap();
    let id = goal["id"].as_str().unwrap();
    assert_eq!(
        at.chars()
            .skip(column as usize - 1)
            .take(id.chars().count())
            .collect::<String>(),
        id
    );
    let unit = &one["committees"][0]["units"][0]["location"];
    assert!(unit["file"].as_str().unwrap().ends_with(".yaml"), "{unit}");
    let diff = json(&["diff", "2020", "2022"]);
    let plan = &diff["plans"][0]["old"]["location"];
    assert!(plan["file"].as_str().unwrap().ends_with(".yaml"), "{plan}");
    let visa = json(&["visa", "hagersten-liljeholmen", "2020"]);
    let place = &visa["kf_goals"][0]["committee_goals"][0]["location"];
    assert!(place["line"].as_u64().unwrap() > 1, "{place}");
    let found = json(&["validate", "tests/fixtures/VP010-duplicate-id"]);
    let f = &found["findings"][0];
    assert!(
        f["location"]["file"].is_string()
            && f["location"]["line"].is_u64()
            && f["location"]["column"].is_u64(),
        "{f}"
    );
}

#[test]
fn plan_files_name_their_schema() {
    fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|e| e == "yaml") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(Path::new("plans"), &mut files);
    walk(Path::new("tests/fixtures/_base"), &mut files);
    assert!(files.len() >= 4);
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let first = text.lines().next().unwrap();
        let rel = first
            .strip_prefix("# yaml-language-server: $schema=")
            .unwrap_or_else(|| panic!("{} has no schema line", file.display()));
        let schema = file.parent().unwrap().join(rel);
        assert!(
            schema.exists(),
            "{}: {} does not exist",
            file.display(),
            schema.display()
        );
        let kind = FileKind::ALL
            .into_iter()
            .find(|k| text.contains(&format!("\ntyp: {}\n", k.tag())))
            .unwrap();
        assert!(
            rel.ends_with(kind.schema_file()),
            "{}: wrong schema",
            file.display()
        );
    }
}

#[test]
fn completions_and_man_page_come_from_the_cli_definition() {
    let (bash, _, code) = vp(&["completions", "bash"]);
    assert_eq!(code, 0);
    // The script asks vp itself, which answers from the clap definition.
    assert!(
        bash.contains("COMPLETE=\"bash\"") && bash.contains("complete "),
        "{bash}"
    );
    assert!(complete(&plans_dir(), &["vp", ""]).contains(&"validate".to_owned()));
    assert!(
        complete(&plans_dir(), &["vp", "validate", "--d"]).contains(&"--deny-warnings".to_owned())
    );
    let (man, _, code) = vp(&["man"]);
    assert_eq!(code, 0);
    assert!(man.contains(".TH VP 1") && man.contains("validate"));
}

/// One complete page in Swedish: NAMN reads `vp - …` once, no pages are named
/// that are never written, every command's flags and the exit codes are there.
#[test]
fn man_page_is_complete_and_swedish() {
    let (man, _, _) = vp(&["man"]);
    assert!(man.is_ascii(), "non-ASCII is escaped for any formatter");
    assert!(
        man.contains(".SH NAMN\nvp \\- verksamhetsplaner som kod f\\[u00F6]r Stockholms stad\n"),
        "{man}"
    );
    for heading in [
        "ANVÄNDNING",
        "BESKRIVNING",
        "KOMMANDON",
        "SLUTSTATUS",
        "MILJÖ",
        "REGLER",
    ] {
        let escaped: String = heading
            .chars()
            .map(|c| {
                if c.is_ascii() {
                    c.to_string()
                } else {
                    format!("\\[u{:04X}]", u32::from(c))
                }
            })
            .collect();
        assert!(man.contains(&format!(".SH {escaped}")), "{heading}");
    }
    for english in [
        "NAME",
        "SYNOPSIS",
        "DESCRIPTION",
        "OPTIONS",
        "SUBCOMMANDS",
        "EXIT STATUS",
        "SEE ALSO",
        "Usage",
    ] {
        assert!(!man.contains(english), "{english}");
    }
    // The only page named is this one.
    assert_eq!(
        man.matches("(1)").count(),
        man.matches("vp(1)").count(),
        "no pages that are never written"
    );
    assert!(!man.contains("vp\\-validate"));
    for flag in [
        "deny\\-warnings",
        "typst\\-source",
        "dry\\-run",
        "\\-\\-out",
    ] {
        assert!(man.contains(flag), "{flag}");
    }
    assert!(
        man.contains("Slutkoder:") && man.contains(".SS \"vp rollup"),
        "{man}"
    );
}

/// The page as `man` shows it: groff reads it without a warning.
#[test]
#[ignore = "needs groff (Debian groff-base)"]
fn man_page_renders_with_groff() {
    let (man, _, _) = vp(&["man"]);
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("vp.1");
    std::fs::write(&page, man).unwrap();
    let out = std::process::Command::new("groff")
        // Plain text: no bold or underline by overstriking or escape sequences.
        .args(["-man", "-Tutf8", "-ww", "-P-cbou"])
        .arg(&page)
        .output()
        .expect("groff");
    let warnings = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && warnings.is_empty(), "{warnings}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("NAMN\n       vp - verksamhetsplaner som kod för Stockholms stad"),
        "{text}"
    );
    assert!(
        text.contains("SLUTSTATUS") && text.contains("vp rollup [FLAGGOR] <NÄMND> <ÅR>"),
        "{text}"
    );
}

#[test]
fn help_is_swedish() {
    let (out, _, code) = vp(&["validate", "--help"]);
    assert_eq!(code, 0);
    assert!(out.contains("Användning:"), "{out}");
    assert!(out.contains("Slutkoder:"), "{out}");
    assert!(out.contains("Räkna varningar som fel"), "{out}");
}

#[test]
fn rules_are_listed() {
    let (out, _, _) = vp(&["regler"]);
    assert_eq!(out.lines().count(), vp::diag::Code::ALL.len());
    assert!(out.contains("VP040  fel"));
    let (one, _, code) = vp(&["regler", "vp012"]);
    assert_eq!(code, 0);
    assert!(one.starts_with("VP012 (fel): "), "{one}");
    assert!(one.contains("Vad:") && one.contains("Rätta:"), "{one}");
    assert_eq!(vp(&["regler", "VP999"]).2, 2);
}

/// A rule split in parts names them, and each part the rule it came from.
#[test]
fn split_rules_name_their_parts() {
    let (old, _, code) = vp(&["regler", "VP006"]);
    assert_eq!(code, 0);
    let old = old.split_whitespace().collect::<Vec<_>>().join(" ");
    for part in ["VP072", "VP073", "VP074"] {
        assert!(old.contains(&format!("nu {part}")), "{old}");
    }
    let (part, _, code) = vp(&["regler", "VP074"]);
    assert_eq!(code, 0);
    assert!(part.contains("tidigare VP006"), "{part}");
}

#[test]
fn schema_command_writes_atomically_into_a_directory() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("s");
    let (_, _, code) = vp(&["schema", "--out", out.to_str().unwrap()]);
    assert_eq!(code, 0);
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names.len(),
        FileKind::ALL.len() + vp::cli::output_schemas().len(),
        "{names:?}"
    );
    assert!(names.iter().all(|n| n.ends_with(".schema.json")));
}

#[test]
fn single_file_is_checked_against_its_tree() {
    let (out, _, code) = vp(&[
        "validate",
        "plans/2020/hagersten-liljeholmen/administrativa-avdelningen.yaml",
    ]);
    assert!(out.starts_with("Inga fynd i "), "{out}");
    assert_eq!(code, 0);
}

#[test]
fn findings_outside_the_asked_paths_are_left_out() {
    let dir = base_copy(|text| {
        text.replace("datum: 2020-01-20", "datum: 2020-01-32")
            .replace("nämndmål: sjalvforsorjande", "nämndmål: sjalvforsorjand")
    });
    let (codes, code) = finding_codes(&dir.path().join("fritid.yaml"));
    assert_eq!(codes, ["VP012"]);
    assert_eq!(code, 1);
    let (codes, _) = finding_codes(dir.path());
    assert_eq!(codes.len(), 2);
}

/// What an editor sees: the plan files read as plain YAML 1.2 values must satisfy
/// the schemas they name, so yaml-language-server marks nothing in them.
#[test]
fn plan_files_satisfy_their_schema_as_editors_read_them() {
    let mut files = Vec::new();
    for root in ["plans", "tests/fixtures/_base"] {
        let mut stack = vec![std::path::PathBuf::from(root)];
        while let Some(dir) = stack.pop() {
            for e in std::fs::read_dir(&dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|e| e == "yaml") {
                    files.push(p);
                }
            }
        }
    }
    let options = serde_saphyr::options! { strict_booleans: true };
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let value: serde_json::Value =
            serde_saphyr::from_str_with_options(&text, options.clone()).unwrap();
        let kind = FileKind::ALL
            .into_iter()
            .find(|k| value["typ"] == k.tag())
            .unwrap_or_else(|| panic!("{}: no typ", file.display()));
        let validator = jsonschema::draft7::new(kind.schema()).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", file.display());
    }
}

/// The example plan in docs/filformat.md is a real plan: next to the bundled ones it validates clean.
#[test]
fn readme_example_validates() {
    let readme = std::fs::read_to_string("docs/filformat.md").unwrap();
    let block = |fence: &str, after: &str| -> String {
        let start = readme.find(after).unwrap();
        let open = start + readme[start..].find(fence).unwrap() + fence.len() + 1;
        let close = open + readme[open..].find("\n```").unwrap();
        readme[open..=close].to_owned()
    };
    let yaml = block("```yaml", "En enhetsplan (förenklad");
    let md = block("```markdown", "och bredvid den `kansliet.md`");
    let dir = tempfile::tempdir().unwrap();
    let copy = |from: &Path, to: &Path| {
        for e in std::fs::read_dir(from).unwrap() {
            let p = e.unwrap().path();
            if p.is_file() {
                std::fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
            }
        }
    };
    let unit_dir = dir.path().join("2020/hagersten-liljeholmen");
    std::fs::create_dir_all(&unit_dir).unwrap();
    copy(Path::new("plans"), dir.path());
    copy(Path::new("plans/2020"), &dir.path().join("2020"));
    copy(Path::new("plans/2020/hagersten-liljeholmen"), &unit_dir);
    std::fs::write(unit_dir.join("kansliet.yaml"), yaml).unwrap();
    std::fs::write(unit_dir.join("kansliet.md"), md).unwrap();
    let (out, _, code) = vp(&["validate", unit_dir.join("kansliet.yaml").to_str().unwrap()]);
    assert!(out.starts_with("Inga fynd"), "{out}");
    assert_eq!(code, 0);
}

/// The benchmark's synthetic city must stay valid, or the benchmark would time error reporting.
#[test]
fn generated_city_is_clean() {
    let dir = tempfile::tempdir().unwrap();
    let city = dir.path().join("city");
    let status = std::process::Command::new(env!("CARGO"))
        .args(["run", "--quiet", "--example", "gen_city", "--"])
        .args([city.to_str().unwrap(), "30", "3"])
        .status()
        .unwrap();
    assert!(status.success());
    let (out, _, code) = vp(&["validate", city.to_str().unwrap()]);
    assert_eq!(out, "Inga fynd i 68 filer.\n");
    assert_eq!(code, 0);
}

/// Regression: a KF indicator's id was checked once per plan that sees it,
/// so one bad id gave one finding per nämnd plan.
#[test]
fn a_bad_kf_id_is_reported_once() {
    let dir = base_copy(|text| text.replace("antal-feriejobb", "antal.feriejobb"));
    let (codes, code) = finding_codes(dir.path());
    assert_eq!(codes, ["VP007"]);
    assert_eq!(code, 1);
}

/// Regression: `vp validate > /dev/full` exited 0 with no report written; a CI
/// step must not pass on a report that never reached its file.
///
/// Every command that prints, in every format (issue 21, point 3: `vp diff`
/// exited 0 for all of its formats).
#[cfg(target_os = "linux")]
#[test]
fn a_failed_write_to_standard_output_could_not_run() {
    let text = tempfile::tempdir().unwrap();
    let seed = text.path().join("enhet.txt");
    std::fs::write(
        &seed,
        "Verksamhetsplan 2020 för Kansliet\n\nInledning\n\nKansliet stödjer nämnden.\n",
    )
    .unwrap();
    let seed = seed.to_str().unwrap();
    let import_out = text.path().join("ut");
    let import_out = import_out.to_str().unwrap();
    let mut runs: Vec<Vec<&str>> = vec![
        vec!["regler"],
        vec!["regler", "VP001"],
        vec!["man"],
        vec!["completions", "bash"],
        vec!["--help"],
        vec!["--version"],
    ];
    for f in ["human", "json", "github", "sarif"] {
        runs.push(vec!["validate", "tests/fixtures/_base", "--format", f]);
    }
    for f in ["table", "md", "json", "csv"] {
        runs.push(vec![
            "rollup",
            "hagersten-alvsjo",
            "2022",
            "plans",
            "--format",
            f,
        ]);
    }
    for f in ["text", "md", "html", "json"] {
        runs.push(vec!["diff", "2020", "2022", "plans", "--format", f]);
    }
    for f in ["text", "md", "html"] {
        runs.push(vec![
            "diff",
            "2020",
            "2022",
            "plans",
            "--sammanfattning",
            "--format",
            f,
        ]);
    }
    for f in ["human", "json"] {
        runs.push(vec!["import", seed, "--dry-run", "--format", f]);
        runs.push(vec!["import", seed, "--out", import_out, "--format", f]);
    }
    for f in ["table", "json"] {
        runs.push(vec![
            "visa",
            "hagersten-alvsjo",
            "2022",
            "plans",
            "--format",
            f,
        ]);
    }
    for args in &runs {
        let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("vp"))
            .args(args)
            .stdout(
                std::fs::File::options()
                    .write(true)
                    .open("/dev/full")
                    .unwrap(),
            )
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains("kunde inte skriva till standard ut: disken är full"),
            "{args:?}: {err}"
        );
    }
}

/// A reader that stops early (`vp regler | head -1`) is not an error.
#[cfg(unix)]
#[test]
fn a_closed_pipe_is_not_an_error() {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("vp"))
        .args(["validate", "plans", "--format", "json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Colour reaches a pipe only when forced, and `NO_COLOR` with any value, `0`
/// included, turns it off even then (no-color.org, as ripgrep and ruff).
#[test]
fn no_color_with_any_value_turns_colour_off() {
    let run = |env: &[(&str, &str)]| {
        let out = Command::cargo_bin("vp")
            .unwrap()
            .args([
                "validate",
                "tests/fixtures/_base",
                "tests/fixtures/VP012-unknown-committee-goal",
            ])
            .env_remove("NO_COLOR")
            .envs(env.iter().copied())
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(run(&[("CLICOLOR_FORCE", "1")]).contains("\x1b["));
    assert!(!run(&[]).contains("\x1b["));
    for value in ["1", "0"] {
        let out = run(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", value)]);
        assert!(!out.contains("\x1b["), "NO_COLOR={value}: {out}");
    }
}

/// In a real terminal (a pseudo-terminal from util-linux `script`), colour is on,
/// and `TERM=dumb` turns it off.
#[cfg(target_os = "linux")]
#[test]
fn a_dumb_terminal_gets_no_colour() {
    let vp = assert_cmd::cargo::cargo_bin("vp");
    let run = |term: &str| {
        let command = format!(
            "{} validate tests/fixtures/_base tests/fixtures/VP012-unknown-committee-goal",
            vp.display()
        );
        let out = std::process::Command::new("script")
            .args(["-qec", &command, "/dev/null"])
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE")
            .env("TERM", term)
            .output()
            .expect("util-linux `script`");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let xterm = run("xterm-256color");
    assert!(xterm.contains("\x1b[1;31mfel[VP012]"), "{xterm}");
    let dumb = run("dumb");
    assert!(dumb.contains("fel[VP012]"), "{dumb}");
    assert!(!dumb.contains("\x1b["), "{dumb}");
}

fn vp_stdin(args: &[&str], stdin: &str) -> (String, String, i32) {
    let out = Command::cargo_bin("vp")
        .unwrap()
        .args(args)
        .env("NO_COLOR", "1")
        .write_stdin(stdin)
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap(),
    )
}

/// `vp validate -` reads a plan from standard input, as ruff and ripgrep take
/// `-`; `--stdin-filename` says where it stands, so it is checked in its place
/// in the tree, against the rest, instead of the file on disk.
#[test]
fn a_plan_on_standard_input_is_checked_in_its_place() {
    let unit = std::fs::read_to_string("tests/fixtures/_base/fritid.yaml").unwrap();
    let edited = unit.replace("nämndmål: sjalvforsorjande", "nämndmål: sjalvforsorjand");
    let args = [
        "validate",
        "-",
        "--stdin-filename",
        "tests/fixtures/_base/fritid.yaml",
        "--format",
        "json",
    ];
    let (out, _, code) = vp_stdin(&args, &edited);
    assert_eq!(code, 1);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let f = &doc["findings"][0];
    assert_eq!(doc["findings"].as_array().unwrap().len(), 1, "{doc:#}");
    assert_eq!(f["code"], "VP012");
    assert_eq!(f["location"]["file"], "tests/fixtures/_base/fritid.yaml");
    assert_eq!(
        (
            f["location"]["line"].as_u64(),
            f["location"]["column"].as_u64()
        ),
        (Some(13), Some(15))
    );
    // The text on disk is not what was checked.
    let (out, _, code) = vp_stdin(&args, &unit);
    assert_eq!(code, 0, "{out}");

    // A file not yet saved: checked beside the others.
    let new = unit.replace("id: fritid", "id: idrott");
    let (out, _, code) = vp_stdin(
        &[
            "validate",
            "-",
            "--stdin-filename",
            "tests/fixtures/_base/idrott.yaml",
        ],
        &new,
    );
    // Its references resolve against the tree; only its prose is missing (no .md yet).
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("varning[VP050]"), "{out}");
    assert!(
        out.contains("\n0 fel, 1 varning och 0 info i 7 filer.\n"),
        "{out}"
    );
}

/// Without `--stdin-filename`, or mixed with other paths, `-` is refused with
/// what to do instead.
#[test]
fn standard_input_needs_its_place_in_the_tree() {
    let (out, err, code) = vp_stdin(&["validate", "-"], "typ: enhetsplan\n");
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        err.contains("--stdin-filename plans/ÅR/NÄMND/PLAN.yaml"),
        "{err}"
    );
    let (_, err, code) = vp_stdin(&["validate", "-", "plans"], "");
    assert_eq!(code, 2);
    assert!(err.contains("kan inte kombineras"), "{err}");
    let (_, err, code) = vp_stdin(&["validate", "--stdin-filename", "plans/x.yaml"], "");
    assert_eq!(code, 2);
    assert!(err.contains("ange också `-`"), "{err}");
}

/// Standard input is read no further than a plan file may be long.
#[test]
fn a_huge_plan_on_standard_input_is_refused() {
    let huge = format!("typ: enhetsplan\n{}", "#".repeat(9 * 1024 * 1024));
    let (out, _, code) = vp_stdin(
        &[
            "validate",
            "-",
            "--stdin-filename",
            "tests/fixtures/_base/idrott.yaml",
            "--format",
            "json",
        ],
        &huge,
    );
    assert_eq!(code, 1);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["findings"][0]["code"], "VP001");
    assert!(
        doc["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("större än 8 MB")
    );
}

/// Every file under `dir` with its bytes and modification time.
fn snapshot(dir: &Path) -> Vec<(std::path::PathBuf, Vec<u8>, std::time::SystemTime)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let meta = std::fs::metadata(&p).unwrap();
                out.push((
                    p.clone(),
                    std::fs::read(&p).unwrap(),
                    meta.modified().unwrap(),
                ));
            }
        }
    }
    out.sort();
    out
}

/// The promise in README's Tillförlitlighet: validate, rollup and render read
/// the plan tree and never write into it, whatever they report.
#[test]
fn reading_commands_never_modify_their_inputs() {
    let dir = plans_copy(&[]);
    let tree = dir.path().join("plans");
    let before = snapshot(&tree);
    let t = tree.to_str().unwrap();
    let out = dir.path().join("ut");
    let o = out.to_str().unwrap();
    for format in ["human", "json", "github", "sarif"] {
        let (_, _, code) = vp(&["validate", t, "--format", format]);
        assert_eq!(code, 0);
    }
    let (_, err, code) = vp(&["rollup", "hagersten-liljeholmen", "2020", t]);
    assert_eq!(code, 0, "{err}");
    let (_, err, code) = vp(&["render", t, "--format", "html", "--out", o]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(snapshot(&tree), before);
}

/// A copy of the bundled plan tree as `plans/` in a temporary directory, with each
/// `(file under plans, from, to)` replaced once (and found, or the test fails).
fn plans_copy(edits: &[(&str, &str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("plans");
    let mut stack = vec![(Path::new("plans").to_path_buf(), tree.clone())];
    while let Some((from, to)) = stack.pop() {
        std::fs::create_dir_all(&to).unwrap();
        for e in std::fs::read_dir(&from).unwrap() {
            let p = e.unwrap().path();
            let target = to.join(p.file_name().unwrap());
            if p.is_dir() {
                stack.push((p, target));
            } else {
                std::fs::copy(&p, &target).unwrap();
            }
        }
    }
    for (file, from, to) in edits {
        let path = tree.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.matches(from).count(), 1, "`{from}` in {file}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }
    dir
}

const NAMNDPLAN_2019: &str = "2019/hagersten-liljeholmen/namndplan.yaml";
const PRESCHOOL_2019: &str = "\"692,7 | 55,8 | 748,5 | -19,0 | 4,6 | 0,0 | 734,1 | 55,8 | 678,3\"";

/// `vp validate --format json` on a tree: (code, severity, message) of each finding, and the exit code.
fn findings(tree: &Path) -> (Vec<(String, String, String)>, i32) {
    let (out, _, code) = vp(&["validate", tree.to_str().unwrap(), "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let found = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap().to_owned();
            (s("code"), s("severity"), s("message"))
        })
        .collect();
    (found, code)
}

/// Issue 22: the known deviation on the 2019 SUMMA row (column Omfördelning adm.)
/// swallowed a new sum error in other columns of the same row.
#[test]
fn a_known_deviation_does_not_hide_a_new_sum_error_in_another_column() {
    let changed = "\"692,7 | 55,8 | 748,5 | -19,0 | 4,6 | 0,0 | 744,1 | 55,8 | 688,3\"";
    let dir = plans_copy(&[(NAMNDPLAN_2019, PRESCHOOL_2019, changed)]);
    let (found, code) = findings(&dir.path().join("plans"));
    assert_eq!(code, 1, "{found:?}");
    let mut sums: Vec<(&str, &str)> = found
        .iter()
        .filter(|(c, _, _)| c == "VP040")
        .map(|(_, severity, message)| {
            let column = message.split('`').nth(1).unwrap();
            (column, severity.as_str())
        })
        .collect();
    sums.sort_unstable();
    assert_eq!(
        sums,
        [
            ("Omfördelning adm.", "info"),
            ("VP 2019 kostnader", "error"),
            ("VP 2019 netto", "error"),
        ]
    );
    assert!(
        found.iter().all(|(c, _, _)| c != "VP045"),
        "744,1 − 55,8 is 688,3: {found:?}"
    );
}

/// The same change against a deviation written without `kolumner`: which column it
/// meant is unclear, so it covers none and says so.
#[test]
fn a_deviation_without_columns_covers_only_a_single_failing_column() {
    let changed = "\"692,7 | 55,8 | 748,5 | -19,0 | 4,6 | 0,0 | 744,1 | 55,8 | 688,3\"";
    let dir = plans_copy(&[
        (NAMNDPLAN_2019, PRESCHOOL_2019, changed),
        (
            NAMNDPLAN_2019,
            "          kolumner:\n            - Omfördelning adm.\n",
            "",
        ),
    ]);
    let (found, code) = findings(&dir.path().join("plans"));
    assert_eq!(code, 1);
    let mut budget: Vec<(&str, &str)> = found
        .iter()
        .filter(|(c, s, _)| c.starts_with("VP04") && s == "error")
        .map(|(c, s, _)| (c.as_str(), s.as_str()))
        .collect();
    budget.sort_unstable();
    assert_eq!(
        budget,
        [
            ("VP040", "error"),
            ("VP040", "error"),
            ("VP040", "error"),
            ("VP046", "error"),
        ]
    );
    // Unchanged, the old form still stands: the row deviates in one column only.
    let dir = plans_copy(&[(
        NAMNDPLAN_2019,
        "          kolumner:\n            - Omfördelning adm.\n",
        "",
    )]);
    let (found, code) = findings(&dir.path().join("plans"));
    assert_eq!(code, 0, "{found:?}");
}

/// Kostnader changed, netto not: netto = kostnader − intäkter no longer holds, in
/// a table with netto columns and in one with netto rows (where the comparison
/// with last year's budget no longer holds either).
#[test]
fn costs_changed_without_the_net_is_an_error() {
    let changed = "\"692,7 | 55,8 | 748,5 | -19,0 | 4,6 | 0,0 | 744,1 | 55,8 | 678,3\"";
    let dir = plans_copy(&[
        (NAMNDPLAN_2019, PRESCHOOL_2019, changed),
        (
            NAMNDPLAN_2019,
            "\"743,4 | 748,5 | 5,1 | 731,7 | 720,5\"",
            "\"743,4 | 758,5 | 5,1 | 731,7 | 720,5\"",
        ),
    ]);
    let (found, code) = findings(&dir.path().join("plans"));
    assert_eq!(code, 1);
    let net: Vec<&str> = found
        .iter()
        .filter(|(c, s, _)| c == "VP045" && s == "error")
        .map(|(_, _, m)| m.as_str())
        .collect();
    assert_eq!(
        net,
        [
            "nettot på raden `Förskoleverksamhet` är 678,3 i kolumnen `VP 2019 netto`, men kostnader 744,1 (`VP 2019 kostnader`) − intäkter 55,8 (`VP 2019 intäkter`) är 688,3",
            "nettot på raden `Netto` är 692,7 i kolumnen `Budget 2019`, men kostnader 758,5 (raden `Kostnader`) − intäkter 55,8 (raden `Intäkter`) är 702,7",
        ]
    );
    // Budget 2019 changed, its comparison with 2018 not.
    let changes: Vec<&str> = found
        .iter()
        .filter(|(c, s, _)| c == "VP047" && s == "error")
        .map(|(_, _, m)| m.as_str())
        .collect();
    assert_eq!(
        changes,
        [
            "skillnaden på raden `Kostnader` är 5,1 i kolumnen `Jmf budget 2019-2018`, men `Budget 2019` 758,5 − `Budget 2018` 743,4 är 15,1"
        ]
    );
}

/// `vp validate --format json` on a tree: (code, file name, message, hints) of each finding.
fn findings_with_hints(tree: &Path) -> Vec<(String, String, String, String)> {
    let (out, _, _) = vp(&["validate", tree.to_str().unwrap(), "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or_default().to_owned();
            let file = f["location"]["file"]
                .as_str()
                .unwrap_or_default()
                .rsplit('/')
                .next()
                .unwrap()
                .to_owned();
            let hints = f["hints"]
                .as_array()
                .map(|h| {
                    h.iter()
                        .filter_map(|x| x.as_str())
                        .collect::<Vec<_>>()
                        .join(" | ")
                })
                .unwrap_or_default();
            (s("code"), file, s("message"), hints)
        })
        .collect()
}

/// Issue 24, point 1: a whole-year unit plan under Hägersten-Liljeholmen, which
/// ended on 2020-06-30, is warned about (VP065), and the warning names the nämnd
/// that continues it. A plan that ends with the nämnd is not.
#[test]
fn a_unit_plan_past_its_nämnds_end_is_warned_with_the_successor() {
    let dir = plans_copy(&[]);
    let found = findings_with_hints(&dir.path().join("plans"));
    let resurs: Vec<_> = found
        .iter()
        .filter(|f| f.0 == "VP065" && f.1 == "resursenheten.yaml")
        .collect();
    assert_eq!(resurs.len(), 1, "{found:?}");
    assert!(
        resurs[0].2.contains("upphörde 2020-06-30"),
        "{:?}",
        resurs[0]
    );
    assert!(
        resurs[0].3.contains("`hagersten-alvsjo`"),
        "{:?}",
        resurs[0]
    );
    let halved = plans_copy(&[(
        "2020/hagersten-liljeholmen/resursenheten.yaml",
        "år: 2020\n",
        "år: 2020\nperiod:\n  från: 2020-01-01\n  till: 2020-06-30\n",
    )]);
    let found = findings_with_hints(&halved.path().join("plans"));
    assert!(
        !found
            .iter()
            .any(|f| f.0 == "VP065" && f.1 == "resursenheten.yaml"),
        "{found:?}"
    );
}

/// Issue 24, point 2: a year without KF's budget is one finding per plan ("KF-budget
/// 2021 saknas", VP016 at `år`), not a VP014 for every KF indicator it refers to.
#[test]
fn a_missing_kf_budget_is_one_finding_not_one_per_indicator() {
    let dir = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir("tests/fixtures/_base").unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_str().unwrap().to_owned();
        let mut text = std::fs::read_to_string(&p).unwrap();
        // The nämnd plan and the unit plan move to 2021; KF's budget stays 2020.
        if name.starts_with("fritid") || name.starts_with("norrmalm") {
            text = text.replace("2020", "2021");
        }
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let found = findings_with_hints(dir.path());
    let codes: Vec<(&str, &str)> = found.iter().map(|f| (f.0.as_str(), f.1.as_str())).collect();
    assert_eq!(
        codes,
        [("VP016", "fritid.yaml"), ("VP016", "norrmalm-2020.yaml")],
        "{found:?}"
    );
    for f in &found {
        assert!(f.2.starts_with("KF-budget 2021 saknas"), "{f:?}");
    }
}

/// Issue 24, point 3: a unit plan naming a nämndmål that this year's nämnd plan
/// continues under a new id (`fortsätter`) is told the new id.
#[test]
fn an_unknown_nämndmål_continued_under_a_new_id_suggests_it() {
    let dir = plans_copy(&[(
        "2022/hagersten-alvsjo/resursenheten.yaml",
        "  - nämndmål: hagersten-alvsjo-stadsdelsnamnd-fossilfri-organisation-2030\n",
        "  - nämndmål: medvetna-val-for-miljon\n",
    )]);
    let found = findings_with_hints(&dir.path().join("plans"));
    let vp012: Vec<_> = found.iter().filter(|f| f.0 == "VP012").collect();
    assert_eq!(vp012.len(), 1, "{found:?}");
    assert!(
        vp012[0].3.contains(
            "nämndmålet `medvetna-val-for-miljon` fortsätter 2022 som `hagersten-alvsjo-stadsdelsnamnd-fossilfri-organisation-2030`"
        ),
        "{:?}",
        vp012[0]
    );
}

/// Issue 24, point 5: `vp visa` lists a nämnd's goals with their ids, their KF
/// goals and the indicators a plan can refer to, as a table and as JSON.
#[test]
fn visa_lists_a_nämnds_goals_kf_goals_and_indicators() {
    let (out, err, code) = vp(&["visa", "norrmalm", "2020", "tests/fixtures/_base"]);
    assert_eq!(code, 0, "{err}");
    for expected in [
        "Norrmalms stadsdelsnämnd (norrmalm) 2020",
        "KF-mål 1.1 I Stockholm är människor självförsörjande",
        "    andel-med-bistand  Andel personer som har ekonomiskt bistånd (%, Tertial)",
        "  Nämndmål `sjalvforsorjande`: Invånarna är självförsörjande",
        "      antal-praktikplatser  Antal praktikplatser (st, Tertial)",
        "      praktikanter  Ta emot fler praktikanter.",
        "KF-mål 3.1 Stockholm har en budget i balans",
        "  Nämndmål `hallbar-ekonomi`: Verksamheterna har en hållbar ekonomi",
    ] {
        assert!(out.contains(expected), "{expected}\n{out}");
    }
    let (json, _, code) = vp(&[
        "visa",
        "norrmalm",
        "2020",
        "tests/fixtures/_base",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(doc["committee"], "norrmalm");
    assert_eq!(doc["kf_goals"][0]["number"], "1.1");
    assert_eq!(
        doc["kf_goals"][0]["kf_indicators"][1]["id"],
        "antal-feriejobb"
    );
    assert_eq!(
        doc["kf_goals"][0]["committee_goals"][0]["id"],
        "sjalvforsorjande"
    );
    assert_eq!(
        doc["kf_goals"][0]["committee_goals"][0]["indicators"][0]["id"],
        "antal-praktikplatser"
    );
    assert_eq!(doc["kf_goals"][1]["number"], "3.1");
    // An unknown nämnd, a year without a plan: exit 2 with what to do instead.
    let (out, err, code) = vp(&["visa", "normalm", "2020", "tests/fixtures/_base"]);
    assert_eq!((out.as_str(), code), ("", 2));
    assert!(err.contains("menade du `norrmalm`?"), "{err}");
    let (_, err, code) = vp(&["visa", "hagersten-liljeholmen", "2022"]);
    assert_eq!(code, 2);
    assert!(err.contains("`vp visa hagersten-alvsjo 2022`"), "{err}");
    let (man, _, _) = vp(&["man"]);
    assert!(man.contains("vp visa"), "{man}");
}

/// Issue 24, point 8: the unit head's guide is followed as written: its plan,
/// put where it says in a copy of the bundled plans, validates clean, and so does
/// the whole tree with it.
#[test]
fn unit_head_guide_example_validates() {
    let guide = std::fs::read_to_string("docs/guide-enhetschef.md").unwrap();
    let block = |fence: &str, after: &str| -> String {
        let start = guide.find(after).unwrap();
        let open = start + guide[start..].find(fence).unwrap() + fence.len() + 1;
        let close = open + guide[open..].find("\n```").unwrap();
        guide[open..=close].to_owned()
    };
    let yaml = block("```yaml", "## 3. Skriv YAML-filen");
    let md = block("```markdown", "## 4. Skriv texten");
    let dir = plans_copy(&[]);
    let unit_dir = dir.path().join("plans/2022/hagersten-alvsjo");
    std::fs::write(unit_dir.join("fritidsenheten.yaml"), yaml).unwrap();
    std::fs::write(unit_dir.join("fritidsenheten.md"), md).unwrap();
    let (out, _, code) = vp(&[
        "validate",
        unit_dir.join("fritidsenheten.yaml").to_str().unwrap(),
    ]);
    assert!(out.starts_with("Inga fynd"), "{out}");
    assert_eq!(code, 0);
    let (out, _, code) = vp(&["validate", dir.path().join("plans").to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("\n0 fel, 7 varningar och 15 info i 20 filer.\n"),
        "{out}"
    );
    // The ids the guide copies are those `vp visa` lists.
    let (listing, _, _) = vp(&[
        "visa",
        "hagersten-alvsjo",
        "2022",
        dir.path().join("plans").to_str().unwrap(),
    ]);
    for id in [
        "antal-tillhandahallna-platser-feriejobb",
        "`invanarna-hagersten-alvsjo-tillgang-rikt-utbud`",
        "`hagersten-alvsjo-stadsdelsnamnd-fossilfri-organisation-2030`",
        "forvaltningens-verksamheter-arbeta-minska-anvandningen-plast",
    ] {
        assert!(listing.contains(id), "{id}\n{listing}");
        assert!(guide.contains(id.trim_matches('`')), "{id}");
    }
}

/// Every subcommand, by name.
const SUBCOMMANDS: [&str; 15] = [
    "validate",
    "site",
    "lsp",
    "import",
    "rollup",
    "render",
    "diff",
    "visa",
    "new-year",
    "new",
    "impact",
    "schema",
    "regler",
    "completions",
    "man",
];

/// Issue 26, one CLI: every command takes `--color` and `--quiet`, and its
/// `--help` says its exit codes (0 and 2 at least) at its end.
#[test]
fn every_command_has_color_quiet_and_its_exit_codes() {
    for sub in SUBCOMMANDS {
        let (help, err, code) = vp(&[sub, "--help"]);
        assert_eq!(code, 0, "{sub}: {err}");
        assert!(help.contains("--color <NÄR>"), "{sub}:\n{help}");
        assert!(help.contains("-q, --quiet"), "{sub}:\n{help}");
        let codes = help
            .rfind("\nSlutkoder:\n")
            .map(|i| &help[i..])
            .unwrap_or_else(|| panic!("{sub}: no exit codes in\n{help}"));
        assert!(
            codes.contains("\n  0  ") && codes.contains("\n  2  vp kunde inte köras"),
            "{sub}:\n{codes}"
        );
        // Nothing after the exit codes but the examples.
        let rest = codes.split("\n\n").nth(1).unwrap_or("");
        assert!(
            rest.is_empty() || rest.starts_with("Exempel:"),
            "{sub}:\n{codes}"
        );
    }
}

/// Issue 26: `--out -` is standard output for a command that writes one file
/// (it made a file named `-`); a command that writes a folder of files says
/// `-` is no folder, exit 2, and makes none.
#[test]
fn out_dash_is_standard_output() {
    let cwd = tempfile::tempdir().unwrap();
    let plans = std::fs::canonicalize("plans").unwrap();
    let plans = plans.to_str().unwrap();
    let run = |args: &[&str]| {
        let out = Command::cargo_bin("vp")
            .unwrap()
            .args(args)
            .current_dir(cwd.path())
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        (
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
            out.status.code().unwrap(),
        )
    };
    let (out, err, code) = run(&[
        "rollup",
        "hagersten-liljeholmen",
        "2020",
        plans,
        "--format",
        "csv",
        "--out",
        "-",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("nämndmål,titel,"), "{out}");
    let (out, err, code) = run(&[
        "diff",
        "2020",
        "2022",
        plans,
        "--unit",
        "resursenheten",
        "--format",
        "md",
        "--out",
        "-",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Resursenheten"), "{out}");
    for args in [
        &["render", plans, "--format", "html", "--out", "-"][..],
        &["schema", "--out", "-"][..],
        &["import", "x.txt", "--out", "-"][..],
    ] {
        let (_, err, code) = run(args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(
            err.contains("`--out -` (standard ut) går inte här"),
            "{args:?}: {err}"
        );
    }
    let left: Vec<_> = std::fs::read_dir(cwd.path()).unwrap().collect();
    assert!(left.is_empty(), "{left:?}");
}

/// Issue 26: what `vp render` did is said also in a pipe or a CI log, with
/// `--format html` too: the files written and the warnings the plans have;
/// `--quiet` says nothing. Per-file progress is for a terminal only.
#[test]
fn render_says_what_it_wrote_and_the_warnings() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().to_str().unwrap();
    let (_, err, code) = vp(&["render", "--format", "html", "--out", dir]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        err,
        format!(
            "vp: skrev 7 HTML-filer till {dir}; planerna har 7 varningar (`vp validate` visar dem)\n"
        )
    );
    let (_, err, code) = vp(&["render", "--format", "html", "--out", dir, "--quiet"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(err, "");
}

/// Issue 26: the man page's `.TH` has its date and version.
#[test]
fn the_man_page_has_its_date_and_version() {
    let (man, _, code) = vp(&["man"]);
    assert_eq!(code, 0);
    let th = man.lines().find(|l| l.starts_with(".TH ")).unwrap();
    let fields: Vec<&str> = th.split_whitespace().collect();
    assert_eq!(&fields[..3], [".TH", "VP", "1"], "{th}");
    let date = fields[3];
    assert!(
        date.len() == 10 && date.as_bytes()[4] == b'-' && date.as_bytes()[7] == b'-',
        "{th}"
    );
    assert!(
        th.contains(&format!("\"vp {}\"", env!("CARGO_PKG_VERSION"))),
        "{th}"
    );
}

/// Issue 26: the default format for people has one name on every command,
/// `human`; the old names (`table`, `text`) still work.
#[test]
fn the_human_format_has_one_name() {
    for (args, old) in [
        (&["validate"][..], None),
        (
            &["rollup", "hagersten-liljeholmen", "2020"][..],
            Some("table"),
        ),
        (
            &["visa", "hagersten-liljeholmen", "2020"][..],
            Some("table"),
        ),
        (
            &["diff", "2020", "2022", "--unit", "resursenheten"][..],
            Some("text"),
        ),
    ] {
        let (default, _, code) = vp(args);
        let human: Vec<&str> = args.iter().copied().chain(["--format", "human"]).collect();
        let (named, err, named_code) = vp(&human);
        assert_eq!((named_code, &named), (code, &default), "{args:?}: {err}");
        if let Some(old) = old {
            let old: Vec<&str> = args.iter().copied().chain(["--format", old]).collect();
            assert_eq!(vp(&old).0, default, "{old:?}");
        }
        let (help, _, _) = vp(&[args[0], "--help"]);
        assert!(help.contains("human (förval"), "{}: {help}", args[0]);
    }
}

fn plans_dir() -> std::path::PathBuf {
    std::fs::canonicalize("plans").unwrap()
}

/// What vp offers when bash asks to complete the last of `words` (the shell's
/// words, `vp` first), with the plan tree `tree` (as VP_PLANS).
fn complete(tree: &Path, words: &[&str]) -> Vec<String> {
    let out = Command::cargo_bin("vp")
        .unwrap()
        .env("COMPLETE", "bash")
        .env("_CLAP_IFS", "\n")
        .env("_CLAP_COMPLETE_INDEX", (words.len() - 1).to_string())
        .env("VP_PLANS", tree)
        .arg("--")
        .args(words)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

/// Issue 26: completion offers what the plan tree holds, read when the shell
/// asks: nämnd ids (and `alla` for rollup), unit ids, years, rule codes.
#[test]
fn completion_offers_ids_and_years_from_the_plan_tree() {
    let plans = plans_dir();
    let has = |words: &[&str], expected: &[&str]| {
        let got = complete(&plans, words);
        for e in expected {
            assert!(
                got.contains(&(*e).to_owned()),
                "{words:?}: {e} not in {got:?}"
            );
        }
    };
    has(
        &["vp", "rollup", ""],
        &["alla", "hagersten-liljeholmen", "hagersten-alvsjo"],
    );
    has(
        &["vp", "rollup", "hagersten-liljeholmen", ""],
        &["2019", "2020", "2022"],
    );
    has(
        &["vp", "visa", "hag"],
        &["hagersten-liljeholmen", "hagersten-alvsjo"],
    );
    has(
        &["vp", "render", "--unit", ""],
        &["resursenheten", "familjeratt-sydvast"],
    );
    has(&["vp", "diff", "--committee", ""], &["hagersten-alvsjo"]);
    has(&["vp", "new-year", ""], &["2022"]);
    has(&["vp", "regler", "VP01"], &["VP012", "VP013"]);
    // Another tree, another answer.
    let base = std::fs::canonicalize("tests/fixtures/_base").unwrap();
    let got = complete(&base, &["vp", "render", "--unit", ""]);
    assert_eq!(got, ["fritid"]);
    let got = complete(&base, &["vp", "rollup", ""]);
    assert_eq!(got[..2], ["alla", "norrmalm"]);
}

/// Issue 26: `--quiet` leaves the findings and drops the summary line, in the
/// human format and in GitHub's; the JSON keeps its counts (they are data).
#[test]
fn quiet_validate_shows_findings_without_the_summary() {
    let fixture = "tests/fixtures/VP022-outside-period";
    let (loud, _, loud_code) = vp(&["validate", fixture]);
    let (quiet, err, code) = vp(&["validate", fixture, "-q"]);
    assert_eq!((loud_code, code), (1, 1));
    assert!(err.is_empty(), "{err}");
    assert!(
        loud.contains(" fel, ") && loud.contains("`vp regler "),
        "{loud}"
    );
    assert!(quiet.contains("[VP022]"), "{quiet}");
    assert!(
        !quiet.contains(" fel, ") && !quiet.contains("`vp regler "),
        "{quiet}"
    );
    assert!(loud.starts_with(&quiet), "the findings are the same");
    let (loud, _, _) = vp(&["validate", fixture, "--format", "github"]);
    let (quiet, _, _) = vp(&["validate", fixture, "--format", "github", "--quiet"]);
    assert!(loud.lines().last().unwrap().contains(" fel, "), "{loud}");
    assert!(quiet.lines().all(|l| l.starts_with("::")), "{quiet}");
    assert_eq!(quiet.lines().count(), loud.lines().count() - 1);
    // A clean tree says nothing at all.
    let (out, err, code) = vp(&["validate", "tests/fixtures/_base", "-q"]);
    assert_eq!((out.as_str(), err.as_str(), code), ("", "", 0));
}

/// Issue 26: `vp render --typst-source` tells how to compile each plan as vp
/// does, its creation date included (`--creation-timestamp`), so a PDF made by
/// hand is reproducible too; `--quiet` leaves that out.
#[test]
fn typst_source_names_each_plans_command_with_its_date() {
    let dir = tempfile::tempdir().unwrap();
    let ts = dir.path().join("ts");
    let html = dir.path().join("html");
    let out = Command::cargo_bin("vp")
        .unwrap()
        .args(["render", "plans", "--format", "html", "--typst-source"])
        .arg(&ts)
        .arg("--out")
        .arg(&html)
        .env("SOURCE_DATE_EPOCH", "1234567890")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8(out.stderr).unwrap();
    let commands: Vec<&str> = err
        .lines()
        .filter_map(|l| l.strip_prefix("  typst compile "))
        .collect();
    let plans: Vec<String> = std::fs::read_dir(&ts)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "fonts")
        .collect();
    assert!(plans.len() >= 6, "{plans:?}");
    assert_eq!(commands.len(), plans.len(), "{err}");
    for plan in &plans {
        let line = commands
            .iter()
            .find(|c| c.contains(&format!("/{plan}/plan.typ ")))
            .unwrap_or_else(|| panic!("no command for {plan}:\n{err}"));
        assert!(
            line.contains("--ignore-system-fonts --pdf-standard ua-1"),
            "{line}"
        );
        let stamp: i64 = line
            .split("--creation-timestamp ")
            .nth(1)
            .and_then(|r| r.split(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no timestamp: {line}"));
        // The plan's own date, else SOURCE_DATE_EPOCH; never the time of the run.
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64;
        assert!(stamp == 1_234_567_890 || stamp < now - 86_400, "{line}");
        assert!(line.ends_with(&format!("/{plan}.pdf")), "{line}");
    }
    let (_, err, code) = vp(&[
        "render",
        "plans",
        "--format",
        "html",
        "-q",
        "--typst-source",
        ts.to_str().unwrap(),
        "--out",
        html.to_str().unwrap(),
    ]);
    assert_eq!((err.as_str(), code), ("", 0));
}
