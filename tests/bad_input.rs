//! Hostile and broken input: wrong encodings, BOM, CRLF, empty and huge files,
//! YAML bombs, and random damage. Each gets a clear finding; nothing panics or hangs.
//!
//! Then the file system's traps, each test named after the bug it pins (issue
//! #11): FIFOs and device files as paths, standard input and huge texts for
//! `vp import`, huge reference values, symbolic links (followed, looped,
//! dangling), unreadable folders, killed runs' temporary files, a NUL byte's
//! position, and a newline in a file name. Every run that could hang has a
//! deadline and fails, instead of blocking the suite, when it is not met.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use vp::diag::Diagnostic;
use vp::load::{self, PlanFiles};
use vp::source::SourceMap;

const BASE: &str = "tests/fixtures/_base";

/// A temporary tree with the clean base plans plus `idrott.yaml` with the given bytes.
fn tree_with(unit: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(BASE).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
    }
    let unit_path = dir.path().join("idrott.yaml");
    std::fs::write(&unit_path, unit).unwrap();
    std::fs::copy(
        Path::new(BASE).join("fritid.md"),
        dir.path().join("idrott.md"),
    )
    .unwrap();
    (dir, unit_path)
}

fn validate_json(dir: &Path) -> (serde_json::Value, i32, Duration) {
    let start = Instant::now();
    let out = Command::cargo_bin("vp")
        .unwrap()
        .args(["validate", "--format", "json"])
        .arg(dir)
        .timeout(Duration::from_secs(20))
        .output()
        .unwrap();
    let took = start.elapsed();
    let code = out.status.code().expect("vp was killed: a panic or a hang");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    (serde_json::from_slice(&out.stdout).unwrap(), code, took)
}

fn findings(doc: &serde_json::Value) -> Vec<(String, String, u64, u64)> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_owned(),
                f["message"].as_str().unwrap().to_owned(),
                f["location"]["line"].as_u64().unwrap(),
                f["location"]["column"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn base_unit() -> String {
    std::fs::read_to_string(Path::new(BASE).join("fritid.yaml"))
        .unwrap()
        .replace("id: fritid", "id: idrott")
}

#[test]
fn utf16_is_named() {
    let mut bytes = vec![0xFF, 0xFE];
    for u in base_unit().encode_utf16() {
        bytes.extend(u.to_le_bytes());
    }
    let (_dir, _) = tree_with(&bytes);
    let (doc, code, _) = validate_json(_dir.path());
    let f = findings(&doc);
    assert_eq!(code, 1);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, "VP001");
    assert!(f[0].1.contains("UTF-16"));
}

#[test]
fn utf8_bom_is_accepted() {
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend(base_unit().into_bytes());
    let (dir, _) = tree_with(&bytes);
    let (doc, code, _) = validate_json(dir.path());
    assert_eq!(findings(&doc), vec![]);
    assert_eq!(code, 0);
}

#[test]
fn crlf_line_ends_are_accepted_and_positions_stay_right() {
    let text = base_unit()
        .replace("periodicitet: År", "periodicitet: Årligen")
        .replace('\n', "\r\n");
    let (dir, _) = tree_with(text.as_bytes());
    let (doc, code, _) = validate_json(dir.path());
    let f = findings(&doc);
    assert_eq!(code, 1);
    // `periodicitet: Årligen` on line 24, the value at column 27.
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!((f[0].0.as_str(), f[0].2, f[0].3), ("VP033", 24, 27));
}

#[test]
fn empty_file_is_named() {
    let (dir, _) = tree_with(b" \n\n");
    let (doc, code, _) = validate_json(dir.path());
    let f = findings(&doc);
    assert_eq!(code, 1);
    assert_eq!(f[0].0, "VP001");
    assert!(f[0].1.contains("tom"));
}

#[test]
fn fifty_megabyte_file_is_refused_quickly() {
    let mut big = base_unit().into_bytes();
    big.extend(std::iter::repeat_n(b'#', 50 * 1024 * 1024));
    let (dir, _) = tree_with(&big);
    let (doc, code, took) = validate_json(dir.path());
    let f = findings(&doc);
    assert_eq!(code, 1);
    assert_eq!(f[0].0, "VP001");
    assert!(f[0].1.contains("50.0 MB"), "{}", f[0].1);
    assert!(took < Duration::from_secs(10));
}

#[test]
fn alias_bomb_is_stopped() {
    let mut bomb = String::from(
        "typ: enhetsplan\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (i, prev) in ('b'..='j').zip('a'..='i') {
        bomb.push_str(&format!(
            "{i}: &{i} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
        ));
    }
    let (dir, _) = tree_with(bomb.as_bytes());
    let (doc, code, took) = validate_json(dir.path());
    let f = findings(&doc);
    assert_eq!(code, 1);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, "VP002");
    assert!(took < Duration::from_secs(10));
}

#[test]
fn deep_nesting_is_stopped() {
    let deep = format!(
        "typ: enhetsplan\nx: {}{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let (dir, _) = tree_with(deep.as_bytes());
    let (doc, code, _) = validate_json(dir.path());
    assert_eq!(code, 1);
    assert_eq!(findings(&doc)[0].0, "VP002");
}

#[test]
fn binary_garbage_is_named() {
    let garbage: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let (dir, _) = tree_with(&garbage);
    let (doc, code, _) = validate_json(dir.path());
    assert_eq!(code, 1);
    assert_eq!(findings(&doc)[0].0, "VP001");
}

#[test]
fn tabs_and_odd_yaml_shapes_get_findings() {
    for text in [
        "typ: enhetsplan\n\tenhet: x\n",
        "typ: enhetsplan\n- a\n- b\n",
        "typ: enhetsplan\nenhet: [1, 2\n",
        "typ: enhetsplan\nenhet: {id: x, namn: y}\nnämnd: norrmalm\når: tjugotjugo\n",
        "typ: enhetsplan\nenhet: {id: x, namn: y}\nnämnd: norrmalm\når: 2020\nnämndmål: ~\n",
        "typ: enhetsplan\nenhet: {id: x, namn: y}\nnämnd: norrmalm\når: 99999999999999999999\n",
        "typ: enhetsplan\nenhet: {id: x, namn: y}\nnämnd: norrmalm\når: 2020\nnämnd: city\n",
        "typ: enhetsplan\nenhet: !!binary aGVq\n",
        "typ: enhetsplan\n? [a]\n: b\n",
    ] {
        let (dir, _) = tree_with(text.as_bytes());
        let (doc, code, _) = validate_json(dir.path());
        assert_eq!(code, 1, "{text:?}");
        assert!(!findings(&doc).is_empty(), "{text:?}");
    }
}

/// Runs the whole pipeline in-process on one damaged unit plan next to the base.
fn pipeline(unit: &[u8]) -> Vec<Diagnostic> {
    let md = std::fs::read_to_string(Path::new(BASE).join("fritid.md")).unwrap();
    pipeline_with_prose(unit, md.as_bytes())
}

fn pipeline_with_prose(unit: &[u8], prose: &[u8]) -> Vec<Diagnostic> {
    let mut sources = SourceMap::default();
    let mut plans = Vec::new();
    let mut diags = Vec::new();
    for name in ["organisation.yaml", "kf-2020.yaml", "norrmalm-2020.yaml"] {
        let text = std::fs::read_to_string(Path::new(BASE).join(name)).unwrap();
        let yaml = sources.add(name.into(), text);
        let markdown = (name == "norrmalm-2020.yaml").then(|| {
            sources.add(
                "norrmalm-2020.md".into(),
                std::fs::read_to_string(Path::new(BASE).join("norrmalm-2020.md")).unwrap(),
            )
        });
        plans.push(PlanFiles { yaml, markdown });
    }
    match load::decode(unit.to_vec()) {
        Ok(text) => {
            let yaml = sources.add("idrott.yaml".into(), text);
            let markdown = load::decode(prose.to_vec())
                .ok()
                .map(|md| sources.add("idrott.md".into(), md));
            plans.push(PlanFiles { yaml, markdown });
        }
        Err(_) => return diags,
    }
    let (docs, d) = load::parse_all(&sources, &plans);
    diags.extend(d.0);
    let (_, d) = vp::validate::validate(docs);
    diags.extend(d.0);
    // Rendering every finding exercises the line/column arithmetic on damaged text.
    let _ = vp::report::human(
        &sources,
        &diags,
        vp::report::Summary::new(&diags, 5),
        vp::report::Style::Plain,
    );
    let _ = vp::report::sarif(&sources, &diags, std::path::Path::new("/planer"));
    diags
}

/// A deterministic pseudo-random sequence, so a failing damage is reproducible.
fn xorshift(mut state: u64) -> impl FnMut() -> u64 {
    move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    }
}

/// Damages `bytes` in place: deletions, insertions, replacements and moved chunks.
fn damage(bytes: &mut Vec<u8>, next: &mut impl FnMut() -> u64) {
    let alphabet = b" \n:-#&*[]{}|>'\"!%@`\t,?0123456789abcxyz\xc3\xa5";
    for _ in 0..1 + next() % 6 {
        if bytes.is_empty() {
            bytes.push(b'#');
        }
        let at = (next() as usize) % bytes.len();
        match next() % 4 {
            0 => {
                bytes.remove(at);
            }
            1 => bytes.insert(at, alphabet[(next() as usize) % alphabet.len()]),
            2 => bytes[at] = alphabet[(next() as usize) % alphabet.len()],
            _ => {
                let len = ((next() % 40) as usize).min(bytes.len() - at);
                let chunk: Vec<u8> = bytes[at..at + len].to_vec();
                let to = (next() as usize) % bytes.len();
                bytes.splice(to..to, chunk);
            }
        }
    }
}

#[test]
fn random_damage_to_prose_never_panics() {
    let original = std::fs::read(Path::new(BASE).join("fritid.md")).unwrap();
    let unit = base_unit();
    let mut next = xorshift(0x2545_F491_4F6C_DD1D);
    for _ in 0..400 {
        let mut bytes = original.clone();
        damage(&mut bytes, &mut next);
        pipeline_with_prose(unit.as_bytes(), &bytes);
    }
}

#[test]
fn random_damage_never_panics() {
    let original = base_unit().into_bytes();
    let mut next = xorshift(0x9E37_79B9_7F4A_7C15);
    for _ in 0..400 {
        let mut bytes = original.clone();
        damage(&mut bytes, &mut next);
        pipeline(&bytes);
    }
}

#[test]
fn clean_unit_through_the_pipeline_has_no_findings() {
    assert!(pipeline(base_unit().as_bytes()).is_empty());
}

#[test]
fn yaml_traps_are_explained() {
    // `-` unquoted is a list item in YAML, not the seeds' "no target" marker.
    let (dir, _) = tree_with(base_unit().replace("årsmål: 40 st", "årsmål: -").as_bytes());
    let (doc, _, _) = validate_json(dir.path());
    let hints = doc["findings"][0]["hints"].to_string();
    assert!(hints.contains("citattecken"), "{hints}");
    // `NO` stays the text "NO" (strict booleans), so it is a target that does not parse.
    let (dir, _) = tree_with(base_unit().replace("årsmål: 90 %", "årsmål: NO").as_bytes());
    let (doc, _, _) = validate_json(dir.path());
    let f = findings(&doc);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, "VP030");
    assert!(f[0].1.contains("`NO`"));
}

/// The binary, with a deadline: a hang is killed at `deadline` and then fails
/// the test through the missing exit code.
fn vp_cmd(deadline: Duration) -> Command {
    let mut cmd = Command::cargo_bin("vp").unwrap();
    cmd.env("NO_COLOR", "1").timeout(deadline);
    cmd
}

/// What a run printed and its exit code, and how long it took; a run killed
/// (at its deadline, or by a signal) fails here.
fn finished(cmd: &mut Command) -> (String, String, i32, Duration) {
    let start = Instant::now();
    let out = cmd.output().unwrap();
    let took = start.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let code = out
        .status
        .code()
        .unwrap_or_else(|| panic!("vp did not finish (hang or signal) after {took:?}: {stderr}"));
    assert!(!stderr.contains("panicked"), "{stderr}");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr,
        code,
        took,
    )
}

const QUICK: Duration = Duration::from_secs(5);

#[cfg(unix)]
fn mkfifo(path: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path; mkfifo only creates a file.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo");
}

#[cfg(unix)]
#[test]
fn fifo_as_a_plan_file_is_a_finding_not_a_hang() {
    let (dir, unit) = tree_with(b"");
    std::fs::remove_file(&unit).unwrap();
    mkfifo(&unit);
    let (out, _, code, took) = finished(
        vp_cmd(QUICK * 4)
            .args(["validate", "--format", "json"])
            .arg(dir.path()),
    );
    assert!(took < QUICK, "{took:?}");
    assert_eq!(code, 1);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let f = findings(&doc);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, "VP001");
    assert!(f[0].1.contains("FIFO"), "{}", f[0].1);
    assert_eq!(
        doc["findings"][0]["location"]["file"],
        unit.display().to_string()
    );
}

#[cfg(unix)]
#[test]
fn fifo_as_the_markdown_beside_a_plan_is_a_finding_not_a_hang() {
    let (dir, unit) = tree_with(base_unit().as_bytes());
    let md = unit.with_extension("md");
    std::fs::remove_file(&md).unwrap();
    mkfifo(&md);
    let (out, _, code, took) = finished(
        vp_cmd(QUICK * 4)
            .args(["validate", "--format", "json"])
            .arg(dir.path()),
    );
    assert!(took < QUICK, "{took:?}");
    assert_eq!(code, 1);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let f = findings(&doc);
    assert_eq!(f[0].0, "VP001", "{f:?}");
    assert!(f[0].1.contains("FIFO"), "{}", f[0].1);
    assert_eq!(
        doc["findings"][0]["location"]["file"],
        md.display().to_string()
    );
}

#[cfg(unix)]
#[test]
fn fifo_named_as_a_path_could_not_run_and_does_not_hang() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("plan.yaml");
    mkfifo(&fifo);
    for command in ["validate", "import"] {
        let (out, err, code, took) = finished(vp_cmd(QUICK * 4).arg(command).arg(&fifo));
        // vp import tells it in its report, on standard out.
        let err = err + &out;
        assert!(took < QUICK, "{command}: {took:?}");
        assert_eq!(code, 2, "{command}: {err}");
        assert!(err.contains("FIFO"), "{command}: {err}");
        assert!(err.contains("plan.yaml"), "{command}: {err}");
    }
}

#[cfg(unix)]
#[test]
fn dev_zero_as_a_path_is_refused_not_read_without_bound() {
    for command in ["validate", "import"] {
        let (out, err, code, took) = finished(vp_cmd(QUICK * 4).args([command, "/dev/zero"]));
        let err = err + &out;
        assert!(took < QUICK, "{command}: {took:?}");
        assert_eq!(code, 2, "{command}: {err}");
        assert!(
            err.contains("`/dev/zero` är en enhetsfil"),
            "{command}: {err}"
        );
    }
    // Through a link inside a plan tree: a finding on the link, the rest is read.
    let (dir, _) = tree_with(base_unit().as_bytes());
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("noll.yaml")).unwrap();
    let (out, _, code, took) = finished(
        vp_cmd(QUICK * 4)
            .args(["validate", "--format", "json"])
            .arg(dir.path()),
    );
    assert!(took < QUICK, "{took:?}");
    assert_eq!(code, 1);
    let f = findings(&serde_json::from_str(&out).unwrap());
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, "VP001");
    assert!(f[0].1.contains("enhetsfil"), "{}", f[0].1);
}

/// A small unit plan's text, as `pdftotext` gives it.
const UNIT_TEXT: &str =
    "Verksamhetsplan 2020 för Kansliet\n\nInledning\n\nKansliet stödjer nämnden.\n";

#[test]
fn import_reads_standard_input_given_as_a_dash() {
    let (out, err, code, _) = finished(
        vp_cmd(QUICK * 4)
            .args(["import", "-", "--dry-run", "--format", "json"])
            .write_stdin(UNIT_TEXT),
    );
    assert!(code < 2, "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["files"][0]["location"]["file"], "standard in", "{out}");
}

#[test]
fn import_reads_standard_input_only_up_to_the_limit() {
    let big = vec![b'a'; 33 * 1024 * 1024];
    let (out, err, code, took) = finished(
        vp_cmd(QUICK * 6)
            .args(["import", "-", "--dry-run"])
            .write_stdin(big),
    );
    let err = err + &out;
    assert!(took < QUICK * 2, "{took:?}");
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("standard in är större än 32 MB"), "{err}");
}

#[test]
fn fifty_megabytes_of_empty_lines_are_refused_by_import() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("tom.txt");
    std::fs::write(&text, vec![b'\n'; 50 * 1024 * 1024]).unwrap();
    let (out, err, code, took) =
        finished(vp_cmd(QUICK * 4).args(["import", "--dry-run"]).arg(&text));
    let err = err + &out;
    assert!(took < QUICK, "{took:?}");
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("är 50.0 MB; högst 32 MB läses"), "{err}");
}

#[test]
fn more_lines_than_import_reads_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("rader.txt");
    std::fs::write(&text, vec![b'\n'; vp::import::MAX_INPUT_LINES + 1]).unwrap();
    let (out, err, code, took) =
        finished(vp_cmd(QUICK * 4).args(["import", "--dry-run"]).arg(&text));
    let err = err + &out;
    assert!(took < QUICK, "{took:?}");
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("har 500001 rader; högst 500000 läses"),
        "{err}"
    );
}

#[test]
fn huge_reference_values_are_reported_quickly() {
    // did_you_mean skips what is over 256 characters; nothing else on the path
    // (the YAML parser, id checks, the reports) may be slow on a 4 MB value.
    let pad = "x".repeat(4 * 1024 * 1024);
    let cases = [
        (
            "- nämndmål: sjalvforsorjande",
            format!("- nämndmål: sjalvforsorjande{pad}"),
            "VP012",
        ),
        (
            "indikator: antal-feriejobb",
            format!("indikator: antal-feriejobb{pad}"),
            "VP014",
        ),
        (
            "aktiviteter: [praktikanter]",
            format!("aktiviteter: [praktikanter{pad}]"),
            "VP018",
        ),
    ];
    for (from, to, code) in cases {
        let (dir, _) = tree_with(base_unit().replace(from, &to).as_bytes());
        for format in ["json", "human", "github", "sarif"] {
            let (out, err, exit, took) = finished(
                vp_cmd(Duration::from_secs(60))
                    .args(["validate", "--format", format])
                    .arg(dir.path()),
            );
            assert!(took < Duration::from_secs(10), "{code} {format}: {took:?}");
            assert_eq!(exit, 1, "{code} {format}: {err}");
            assert!(out.contains(code), "{code} {format}");
        }
    }
}

/// The tree of `tree_with`, with the unit plan moved to `elsewhere/2020/` and
/// reached through a symbolic link: the unit plan has an unknown nämndmål
/// (VP012), so a finding proves it was read.
#[cfg(unix)]
fn linked_tree() -> (tempfile::TempDir, PathBuf) {
    let unit = base_unit().replace("- nämndmål: sjalvforsorjande", "- nämndmål: finns-inte");
    let (dir, unit_path) = tree_with(unit.as_bytes());
    let tree = dir.path().join("plans");
    std::fs::create_dir(&tree).unwrap();
    let outside = dir.path().join("elsewhere/2020");
    std::fs::create_dir_all(&outside).unwrap();
    for e in std::fs::read_dir(dir.path()).unwrap() {
        let p = e.unwrap().path();
        if p.is_file() {
            let to = if p.file_stem() == unit_path.file_stem() {
                outside.join(p.file_name().unwrap())
            } else {
                tree.join(p.file_name().unwrap())
            };
            std::fs::rename(&p, to).unwrap();
        }
    }
    (dir, tree)
}

#[cfg(unix)]
#[test]
fn symlinked_year_folder_is_read_not_skipped() {
    let (dir, tree) = linked_tree();
    std::os::unix::fs::symlink(dir.path().join("elsewhere/2020"), tree.join("2020")).unwrap();
    let (doc, code, _) = validate_json(&tree);
    let f = findings(&doc);
    assert_eq!(code, 1);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, "VP012");
    assert_eq!(
        doc["findings"][0]["location"]["file"],
        tree.join("2020/idrott.yaml").display().to_string()
    );
}

#[cfg(unix)]
#[test]
fn symlinked_plan_file_is_read_not_skipped() {
    let (dir, tree) = linked_tree();
    for ext in ["yaml", "md"] {
        std::os::unix::fs::symlink(
            dir.path().join(format!("elsewhere/2020/idrott.{ext}")),
            tree.join(format!("idrott.{ext}")),
        )
        .unwrap();
    }
    let (doc, code, _) = validate_json(&tree);
    let f = findings(&doc);
    assert_eq!(code, 1);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, "VP012");
}

#[cfg(unix)]
#[test]
fn a_plan_reached_through_two_paths_is_read_once() {
    let (dir, tree) = linked_tree();
    let outside = dir.path().join("elsewhere/2020");
    std::os::unix::fs::symlink(&outside, tree.join("2020")).unwrap();
    std::os::unix::fs::symlink(&outside, tree.join("aktuellt")).unwrap();
    let (doc, _, _) = validate_json(&tree);
    // One VP012 for the one plan, no VP017 (two plans for one unit and year).
    let codes: Vec<String> = findings(&doc).into_iter().map(|f| f.0).collect();
    assert_eq!(codes, ["VP012"]);
    // Named through the second path, it is reported there.
    let (doc, _, _) = validate_json(&tree.join("aktuellt/idrott.yaml"));
    assert_eq!(
        doc["findings"][0]["location"]["file"],
        tree.join("aktuellt/idrott.yaml").display().to_string()
    );
}

#[cfg(unix)]
#[test]
fn symlink_loop_is_reported_and_the_rest_is_read() {
    let (dir, tree) = linked_tree();
    std::os::unix::fs::symlink(dir.path().join("elsewhere/2020"), tree.join("2020")).unwrap();
    // A link back to the tree's root, inside the linked year folder.
    std::os::unix::fs::symlink(&tree, dir.path().join("elsewhere/2020/upp")).unwrap();
    // Links that point at each other.
    std::os::unix::fs::symlink("b", tree.join("a")).unwrap();
    std::os::unix::fs::symlink("a", tree.join("b")).unwrap();
    let (doc, code, took) = validate_json(&tree);
    assert!(took < QUICK, "{took:?}");
    assert_eq!(code, 1);
    let f: Vec<(String, String, String)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let file = f["location"]["file"].as_str().unwrap();
            let file = file.strip_prefix(&format!("{}/", tree.display())).unwrap();
            (
                f["code"].as_str().unwrap().to_owned(),
                file.to_owned(),
                f["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let codes: Vec<(&str, &str)> = f.iter().map(|(c, p, _)| (c.as_str(), p.as_str())).collect();
    assert_eq!(
        codes,
        [
            ("VP012", "2020/idrott.yaml"),
            ("VP001", "2020/upp"),
            ("VP001", "a"),
            ("VP001", "b"),
        ],
        "{f:#?}"
    );
    assert!(f[1].2.contains("en slinga"), "{}", f[1].2);
    assert!(
        f[2].2.contains("symboliska länkar i en slinga"),
        "{}",
        f[2].2
    );
}

#[cfg(unix)]
#[test]
fn dangling_symlink_is_reported_not_skipped() {
    let (_dir, tree) = linked_tree();
    std::os::unix::fs::symlink("../elsewhere/2021", tree.join("2021")).unwrap();
    std::os::unix::fs::symlink("borta.yaml", tree.join("plan.yaml")).unwrap();
    let (doc, code, _) = validate_json(&tree);
    assert_eq!(code, 1);
    let f = findings(&doc);
    assert_eq!(f.len(), 2, "{f:?}");
    assert!(f.iter().all(|f| f.0 == "VP001"), "{f:?}");
    assert!(
        f[0].1.contains("`../elsewhere/2021`, som inte finns"),
        "{}",
        f[0].1
    );
    assert!(
        f[1].1.contains("`borta.yaml`, som inte finns"),
        "{}",
        f[1].1
    );
}

/// Unreadable for real: the folder's permission bits are 000. Root reads it
/// anyway, so when the tests run as root, vp runs as `nobody` (through
/// util-linux's `setpriv`) over a tree `nobody` may enter; the unit test
/// `workspace::tests::a_folder_that_cannot_be_read_is_a_finding` covers the
/// same path without permissions.
#[cfg(unix)]
#[test]
fn unreadable_subfolder_is_a_finding_on_it_and_the_rest_is_read() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, tree) = linked_tree();
    std::fs::rename(dir.path().join("elsewhere/2020"), tree.join("2020")).unwrap();
    let locked = tree.join("2021");
    std::fs::create_dir(&locked).unwrap();
    std::fs::copy(tree.join("2020/idrott.yaml"), locked.join("idrott.yaml")).unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let vp = assert_cmd::cargo::cargo_bin("vp");
    // SAFETY: geteuid has no preconditions and cannot fail.
    let root = unsafe { libc::geteuid() } == 0;
    let mut cmd = if root {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(&vp);
        c
    } else {
        Command::new(&vp)
    };
    let (out, err, code, _) = finished(
        cmd.args(["validate", "--format", "json"])
            .arg(&tree)
            .timeout(QUICK * 4),
    );
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(code, 1, "{err}{out}");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let f = findings(&doc);
    assert_eq!(f.len(), 2, "{f:?}");
    assert_eq!(f[0].0, "VP012", "the readable plan is checked: {f:?}");
    assert_eq!(f[1].0, "VP001");
    assert_eq!(f[1].1, "katalogen kan inte läsas: behörighet saknas");
    assert_eq!(
        doc["findings"][1]["location"]["file"],
        locked.display().to_string()
    );
}

#[test]
fn nul_byte_on_line_4_is_reported_on_line_4() {
    let mut bytes = b"typ: enhetsplan\nenhet:\n  id: idrott\n  namn: Idr".to_vec();
    bytes.push(0);
    bytes.extend(b"ott\n");
    let (dir, _) = tree_with(&bytes);
    let (doc, code, _) = validate_json(dir.path());
    let f = findings(&doc);
    assert_eq!(code, 1);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!((f[0].0.as_str(), f[0].2, f[0].3), ("VP001", 4, 12));
}

#[cfg(unix)]
#[test]
fn newline_in_a_file_name_does_not_split_the_report_line() {
    let dir = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(BASE).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
    }
    let text = base_unit().replace("periodicitet: År", "periodicitet: Årligen");
    std::fs::write(dir.path().join("id\nrott.yaml"), text).unwrap();
    let (out, _, code, _) = finished(vp_cmd(QUICK * 4).arg("validate").arg(dir.path()));
    assert_eq!(code, 1);
    let arrows: Vec<&str> = out.lines().filter(|l| l.contains("-->")).collect();
    assert!(!arrows.is_empty(), "{out}");
    for arrow in arrows {
        let place = arrow.rsplit_once("/id\\nrott.yaml:").map(|(_, p)| p);
        assert!(
            place.is_some_and(|p| p.split(':').all(|n| n.parse::<u32>().is_ok())),
            "{out}"
        );
    }
    assert!(out.contains("/id\\nrott.yaml:24:27"), "{out}");
    assert!(!out.lines().any(|l| l.starts_with("rott.yaml")), "{out}");
}

/// Names in `dir` as the user sees them (hidden ones included).
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn killed_runs_temporary_files_are_removed_by_the_next_run() {
    let out = tempfile::tempdir().unwrap();
    // As a killed run leaves them: temporary files of write_atomic (before
    // and after they were locked), a render work folder with and without its lock file.
    let stale = [
        ".hagersten-liljeholmen-resursenheten-2020.html.vp-tmp-4242",
        ".annat.html.vp-tmp-4242-3",
    ];
    for name in stale {
        std::fs::write(out.path().join(name), "halv").unwrap();
    }
    for (dir, lock) in [(".vp-render-AbC123", true), (".vp-render-XyZ789", false)] {
        let work = out.path().join(dir).join("plan");
        std::fs::create_dir_all(&work).unwrap();
        std::fs::write(work.join("plan.typ"), "").unwrap();
        if lock {
            std::fs::write(out.path().join(dir).join(".lock"), "").unwrap();
        }
    }
    // A file of a run still at work: its lock is held (here by this process).
    let live = out.path().join(".annat.html.vp-tmp-1-0");
    let held = std::fs::File::create(&live).unwrap();
    held.try_lock().unwrap();
    let (_, err, code, _) = finished(
        vp_cmd(Duration::from_secs(60))
            .args(["render", "--format", "html", "--unit", "resursenheten"])
            .args(["--year", "2020", "--out"])
            .arg(out.path()),
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        names_in(out.path()),
        [
            ".annat.html.vp-tmp-1-0",
            "hagersten-liljeholmen-resursenheten-2020.html"
        ]
    );
    drop(held);
}

#[test]
fn killed_import_runs_temporary_files_are_removed_by_the_next_run() {
    let out = tempfile::tempdir().unwrap();
    let unit_dir = out.path().join("2020/hagersten-liljeholmen");
    std::fs::create_dir_all(&unit_dir).unwrap();
    std::fs::write(unit_dir.join(".kansliet.yaml.vp-tmp-4242-0"), "halv").unwrap();
    let text = out.path().join("kansliet.txt");
    std::fs::write(&text, UNIT_TEXT).unwrap();
    let (_, err, code, _) = finished(
        vp_cmd(Duration::from_secs(60))
            .arg("import")
            .arg(&text)
            .args(["--year", "2020", "--committee", "hagersten-liljeholmen"])
            .args(["--unit", "Kansliet", "--out"])
            .arg(out.path()),
    );
    assert!(code < 2, "{err}");
    assert!(
        !names_in(&unit_dir).iter().any(|n| n.contains(".vp-tmp-")),
        "{:?}",
        names_in(&unit_dir)
    );
    assert!(
        unit_dir.join("kansliet.yaml").is_file(),
        "{:?}",
        names_in(&unit_dir)
    );
}

/// A real kill: `vp render` with a typst that never finishes is killed while
/// its work folder exists; the next run removes the folder.
#[cfg(unix)]
#[test]
fn render_killed_while_typst_runs_leaves_nothing_after_the_next_run() {
    use std::os::unix::fs::PermissionsExt;
    let out = tempfile::tempdir().unwrap();
    let typst = out.path().join("typst-som-hanger");
    std::fs::write(
        &typst,
        "#!/bin/sh\nif [ \"$1\" = --version ]; then echo 'typst 0.15.1'; exit 0; fi\nexec sleep 20\n",
    )
    .unwrap();
    std::fs::set_permissions(&typst, std::fs::Permissions::from_mode(0o755)).unwrap();
    let docs = out.path().join("ut");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("vp"))
        .args([
            "render",
            "--format",
            "pdf",
            "--unit",
            "resursenheten",
            "--year",
            "2020",
        ])
        .args(["--jobs", "1", "--typst"])
        .arg(&typst)
        .arg("--out")
        .arg(&docs)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let work = |docs: &Path| {
        std::fs::read_dir(docs).ok().into_iter().flatten().any(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with(".vp-render-")
        })
    };
    let start = Instant::now();
    while !work(&docs) {
        assert!(start.elapsed() < Duration::from_secs(30), "no work folder");
        std::thread::sleep(Duration::from_millis(20));
    }
    // The PDF's typst project is written after the folder is made.
    std::thread::sleep(Duration::from_millis(300));
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(work(&docs), "the killed run's work folder is there");
    let (_, err, code, _) = finished(
        vp_cmd(Duration::from_secs(60))
            .args(["render", "--format", "html", "--unit", "resursenheten"])
            .args(["--year", "2020", "--out"])
            .arg(&docs),
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        names_in(&docs),
        ["hagersten-liljeholmen-resursenheten-2020.html"]
    );
}

/// The YAML parser's messages (`invalid indentation in multiline quoted scalar`,
/// `mapping values are not allowed in this context`, `tabs disallowed`, `alias
/// references unknown anchor`, `recursion limit exceeded`, `duplicate mapping key
/// … set DuplicateKeyPolicy in Options`) reach the planner in Swedish with what
/// to do; the parser's English is kept only as the last hint.
#[test]
fn yaml_errors_are_explained_in_swedish() {
    let unit = base_unit();
    let deep = format!(
        "typ: enhetsplan\nx: {}{}\n",
        "[".repeat(300),
        "]".repeat(300)
    );
    let cases: Vec<(String, &str, &str)> = vec![
        (
            unit.replace("titel: Unga får feriejobb", "titel: Mål: unga får jobb"),
            "VP002",
            "ett kolon följt av mellanslag",
        ),
        (
            unit.replace("  namn: Fritidsenheten", "\tnamn: Fritidsenheten"),
            "VP002",
            "tabbtecken",
        ),
        (
            unit.replace("  id: idrott\n", "\tid: idrott\n"),
            "VP002",
            "tabbtecken",
        ),
        (unit.replace("år: 2020", "år: *år"), "VP002", "ankare"),
        (
            unit.replace(
                "titel: Unga får feriejobb",
                "titel: \"Unga får\nferiejobb\"",
            ),
            "VP002",
            "citattecken",
        ),
        (deep, "VP002", "för komplex"),
        (
            unit.replace("år: 2020", "år: 2020\når: 2021"),
            "VP009",
            "nyckeln `år` förekommer två gånger",
        ),
    ];
    for (text, code, words) in cases {
        let (dir, _) = tree_with(text.as_bytes());
        let (doc, status, _) = validate_json(dir.path());
        assert_eq!(status, 1);
        let f = &doc["findings"][0];
        let message = f["message"].as_str().unwrap();
        assert_eq!(f["code"], code, "{message}");
        assert!(message.contains(words), "{words}: {message}");
        for english in [
            "invalid",
            "mapping",
            "tabs",
            "disallowed",
            "alias",
            "anchor",
            "recursion",
            "duplicate",
            "Options",
            "limit",
            "found",
        ] {
            assert!(!message.contains(english), "{message}");
        }
        let hints = f["hints"].as_array().unwrap();
        assert!(!hints.is_empty(), "{message}");
        if code == "VP002" {
            let last = hints.last().unwrap().as_str().unwrap();
            assert!(last.starts_with("YAML-tolkens meddelande: "), "{last}");
        }
    }
}

/// A tab in indentation is pointed at where the tab is, as an editor marks it,
/// not at the end of the line before (issue 26: VP002 at 51:27 for a tab at 52:1).
#[test]
fn a_tab_in_indentation_is_reported_at_the_tab() {
    let unit = base_unit();
    for (from, to) in [
        ("  namn: Fritidsenheten", "\tnamn: Fritidsenheten"),
        ("  id: idrott\n", "\tid: idrott\n"),
        (
            "        titel: Unga får feriejobb\n",
            "    \t  titel: Unga får feriejobb\n",
        ),
    ] {
        assert!(unit.contains(from), "{from}");
        let text = unit.replacen(from, to, 1);
        let tab = text.find('\t').unwrap();
        let line = text[..tab].matches('\n').count() + 1;
        let column = text[..tab].rsplit('\n').next().unwrap().chars().count() + 1;
        let (dir, _) = tree_with(text.as_bytes());
        let (doc, _, _) = validate_json(dir.path());
        let f = &doc["findings"][0];
        assert_eq!(f["code"], "VP002", "{to:?}");
        assert_eq!(
            (
                f["location"]["line"].as_u64(),
                f["location"]["column"].as_u64()
            ),
            (Some(line as u64), Some(column as u64)),
            "{to:?}"
        );
    }
}

/// A duplicate key is its own rule and points at both occurrences, however deep.
#[test]
fn a_duplicate_key_points_at_both() {
    let text = base_unit().replace(
        "        titel: Unga får feriejobb\n",
        "        titel: Unga får feriejobb\n        titel: Unga får sommarjobb\n",
    );
    let (dir, _) = tree_with(text.as_bytes());
    let (doc, _, _) = validate_json(dir.path());
    let f = &doc["findings"][0];
    assert_eq!(f["code"], "VP009");
    assert_eq!(
        (
            f["location"]["line"].as_u64(),
            f["location"]["column"].as_u64()
        ),
        (Some(18), Some(9))
    );
    assert_eq!(f["related"][0]["location"]["line"], 17);
    assert_eq!(f["related"][0]["message"], "första förekomsten");
}

/// `år: 2020.0` is a number of the wrong kind, not a syntax error; so is a
/// whole number too large to be one.
#[test]
fn a_decimal_year_is_a_wrong_type() {
    let (dir, _) = tree_with(base_unit().replace("år: 2020", "år: 2020.0").as_bytes());
    let (doc, _, _) = validate_json(dir.path());
    let f = findings(&doc);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!((f[0].0.as_str(), f[0].2, f[0].3), ("VP006", 8, 5));
    assert!(
        f[0].1
            .contains("ska vara ett heltal, men är ett decimaltal"),
        "{}",
        f[0].1
    );
    let (dir, _) = tree_with(
        base_unit()
            .replace("år: 2020", "år: 99999999999999999999")
            .as_bytes(),
    );
    let (doc, _, _) = validate_json(dir.path());
    let f = findings(&doc);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, "VP023");
}

/// As README promises and an editor with the schema shows: every problem the
/// schema can see in a file is reported at once. An unknown key no longer hides
/// a bad value, date, id, year or list value in the same file.
#[test]
fn all_structural_errors_of_a_file_at_once() {
    let text = base_unit()
        .replace(
            "  namn: Fritidsenheten",
            "  namm: Fritidsenheten\n  namn: F",
        )
        .replace("år: 2020", "år: 2020.0")
        .replace("id: nojda-feriearbetare", "id: Nojda-Feriearbetare")
        .replace("periodicitet: År", "periodicitet: Årligen")
        .replace("riktning: högre", "riktning: hogre")
        .replace("startdatum: 2020-02-01", "startdatum: 2020-02-31")
        .replace("titel: Unga får feriejobb", "titel: [Unga]");
    let (dir, _) = tree_with(text.as_bytes());
    let (doc, code, _) = validate_json(dir.path());
    assert_eq!(code, 1);
    let mut codes: Vec<String> = findings(&doc).into_iter().map(|f| f.0).collect();
    codes.sort();
    assert_eq!(
        codes,
        [
            "VP004", "VP006", "VP006", "VP007", "VP020", "VP033", "VP036"
        ],
        "{doc:#}"
    );
}

/// Regression (issue 21, point 5): a link to `/` in the tree made validate walk
/// /usr, /proc and /sys, and a plan's text linked to a file elsewhere on the
/// machine was read. Links that leave the folder holding the tree are findings
/// on the link, not followed, unless `--folj-lankar` says so.
#[cfg(unix)]
#[test]
fn a_link_that_leaves_the_plan_tree_is_a_finding_not_followed() {
    let (_dir, tree) = linked_tree();
    let other = tempfile::tempdir().unwrap();
    std::fs::create_dir(other.path().join("2020")).unwrap();
    std::fs::write(other.path().join("2020/annan.yaml"), "typ: enhetsplan\n").unwrap();
    // `/` holds the tree: walkdir's loop check says so. /usr and the other
    // folder do not.
    std::os::unix::fs::symlink("/", tree.join("rot")).unwrap();
    std::os::unix::fs::symlink("/usr", tree.join("usr")).unwrap();
    std::os::unix::fs::symlink(other.path().join("2020"), tree.join("2020")).unwrap();
    let (doc, code, took) = validate_json(&tree);
    assert!(took < QUICK, "{took:?}");
    assert_eq!(code, 1);
    let f: Vec<(String, String, String)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_owned(),
                f["location"]["file"].as_str().unwrap().to_owned(),
                f["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let files: Vec<(&str, &str)> = f.iter().map(|(c, p, _)| (c.as_str(), p.as_str())).collect();
    assert_eq!(
        files,
        [
            ("VP001", tree.join("2020").to_str().unwrap()),
            ("VP001", tree.join("rot").to_str().unwrap()),
            ("VP001", tree.join("usr").to_str().unwrap()),
        ],
        "{f:#?}"
    );
    assert!(f[0].2.contains("utanför planträdet"), "{}", f[0].2);
    assert!(f[2].2.contains("utanför planträdet"), "{}", f[2].2);
    // Asked for, they are followed: the other folder's plan is read.
    let out = vp_cmd(QUICK * 4)
        .args(["validate", "--format", "json", "--folj-lankar"])
        .arg(tree.join("2020"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["location"]["file"].as_str().unwrap())
        .collect();
    assert!(
        files.contains(&tree.join("2020/annan.yaml").to_str().unwrap()),
        "{files:?}"
    );
}

/// A plan's text linked to a file outside the tree is not read.
#[cfg(unix)]
#[test]
fn a_plan_text_linked_out_of_the_tree_is_not_read() {
    // The tree in a folder of its own: `plans/` in a temporary folder.
    let (_dir, tree) = linked_tree();
    let other = tempfile::tempdir().unwrap();
    let secret = other.path().join("hemlig.md");
    std::fs::write(&secret, "# Hemligt {#finns-inte}\n\nLÖSENORD\n").unwrap();
    let md = tree.join("norrmalm-2020.md");
    std::fs::remove_file(&md).unwrap();
    std::os::unix::fs::symlink(&secret, &md).unwrap();
    let (doc, code, _) = validate_json(&tree);
    assert_eq!(code, 1);
    // The link, and then what a plan without its text lacks; nothing of the file.
    let f = findings(&doc);
    assert_eq!(f[0].0, "VP001", "{f:?}");
    assert!(f[0].1.contains("utanför planträdet"), "{}", f[0].1);
    assert_eq!(
        doc["findings"][0]["location"]["file"],
        md.display().to_string()
    );
    assert!(
        f[1..].iter().all(|f| f.0 != "VP001" && f.0 != "VP051"),
        "{f:?}"
    );
    assert!(!doc.to_string().contains("LÖSENORD"));
    assert!(!doc.to_string().contains("Hemligt"));
}

/// `vp import`'s inputs: a readable text and one that is not.
#[cfg(unix)]
fn import_with_bad_second_input(second: impl FnOnce(&Path) -> PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let seed = dir.path().join("enhet.txt");
    std::fs::write(&seed, UNIT_TEXT).unwrap();
    let bad = second(dir.path());
    let out = dir.path().join("ut");
    let (stdout, err, code, _) = finished(
        vp_cmd(QUICK * 4)
            .args(["import", "--unit-id", "kansliet", "--committee", "norrmalm"])
            .arg("--out")
            .arg(&out)
            .arg(&seed)
            .arg(&bad),
    );
    assert_eq!(code, 2, "{stdout}{err}");
    assert!(stdout.contains("ingen fil skrevs"), "{stdout}");
    let written: Vec<_> = walkdir::WalkDir::new(&out)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    assert!(written.is_empty(), "{written:?}");
}

/// Regression (issue 21, point 7): `vp import seed.txt /nonexistent.txt` wrote
/// the first text's files and exited 2; every input is read and checked first.
#[cfg(unix)]
#[test]
fn import_writes_nothing_when_a_later_input_cannot_be_read() {
    import_with_bad_second_input(|d| d.join("finns-inte.txt"));
    import_with_bad_second_input(|d| {
        let p = d.join("binar.txt");
        std::fs::write(&p, b"text\0mer").unwrap();
        p
    });
    import_with_bad_second_input(|d| {
        let p = d.join("rader.txt");
        std::fs::write(&p, vec![b'\n'; vp::import::MAX_INPUT_LINES + 1]).unwrap();
        p
    });
}

/// Regression (issue 21, extras): `--continues ../../a/../b` was written into the
/// unit plan; like the other id flags, it takes ids only (`nämnd/enhet`).
#[test]
fn import_refuses_a_continues_that_is_not_two_ids() {
    let dir = tempfile::tempdir().unwrap();
    let seed = dir.path().join("enhet.txt");
    std::fs::write(&seed, UNIT_TEXT).unwrap();
    for bad in [
        "../../a/../b",
        "a/b/c",
        "norrmalm",
        "Norrmalm/kansliet",
        "/kansliet",
    ] {
        let out = dir.path().join("ut");
        let (stdout, err, code, _) = finished(
            vp_cmd(QUICK * 4)
                .args(["import", "--continues", bad, "--out"])
                .arg(&out)
                .arg(&seed),
        );
        assert_eq!(code, 2, "{bad}: {stdout}{err}");
        assert!(err.contains("--continues"), "{err}");
        assert!(!out.exists(), "{bad}");
    }
    let (_, err, code, _) = finished(
        vp_cmd(QUICK * 4)
            .args(["import", "--dry-run", "--continues", "norrmalm/kansliet"])
            .arg(&seed),
    );
    assert!(code < 2, "{err}");
}

/// Regression (issue 21, point 4): `--out` renamed a file over whatever was at
/// its path: a device (`./null`, as root `/dev/null` itself) or a FIFO became
/// a regular file, and `--out /no/such/dir/x` made the missing folders.
#[cfg(unix)]
#[test]
fn out_replaces_only_regular_files_and_makes_no_folders() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo");
    mkfifo(&fifo);
    // A link to the system's /dev/null stands for it; as root, a device of our own too.
    let null = dir.path().join("null");
    std::os::unix::fs::symlink("/dev/null", &null).unwrap();
    let mut nodes = vec![fifo.clone(), null.clone()];
    let device = dir.path().join("enhet");
    {
        use std::os::unix::ffi::OsStrExt;
        let c = std::ffi::CString::new(device.as_os_str().as_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path; mknod only creates a node.
        let made = unsafe { libc::mknod(c.as_ptr(), libc::S_IFCHR | 0o666, libc::makedev(1, 3)) };
        if made == 0 {
            nodes.push(device.clone());
        }
    }
    let is_node = |p: &Path| {
        let m = std::fs::metadata(p).unwrap();
        m.file_type().is_fifo() || m.file_type().is_char_device()
    };
    for node in &nodes {
        for args in [
            &["rollup", "hagersten-alvsjo", "2022", "plans", "--out"][..],
            &["diff", "2020", "2022", "plans", "--format", "md", "--out"],
            &["schema", "--out"],
        ] {
            let target = if args[0] == "schema" {
                // `schema --out` names a folder: the node is one of its files.
                let folder = dir.path().join("schema");
                std::fs::create_dir_all(&folder).unwrap();
                let file = folder.join(vp::load::FileKind::ALL[0].schema_file());
                let _ = std::fs::remove_file(&file);
                std::os::unix::fs::symlink(node, &file).unwrap();
                folder
            } else {
                node.clone()
            };
            let (out, err, code, _) = finished(vp_cmd(QUICK * 6).args(args).arg(&target));
            assert_eq!(code, 2, "{args:?} {}: {out}{err}", node.display());
            assert!(err.contains("ingen vanlig fil"), "{err}");
            assert!(is_node(node), "{args:?} replaced {}", node.display());
        }
    }
    // Inside render's --out folder.
    let folder = dir.path().join("html");
    std::fs::create_dir(&folder).unwrap();
    mkfifo(&folder.join("hagersten-alvsjo-2022.html"));
    let (out, err, code, _) = finished(
        vp_cmd(QUICK * 6)
            .args(["render", "plans", "--format", "html", "--out"])
            .arg(&folder),
    );
    // render's own contract: 1 when a document could not be made (the others are).
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains("ingen vanlig fil"), "{err}");
    assert!(is_node(&folder.join("hagersten-alvsjo-2022.html")));
    // And in --typst-source's folder, where a FIFO would block the write.
    let source = dir.path().join("typst");
    std::fs::create_dir_all(source.join("hagersten-alvsjo-2022")).unwrap();
    let typ = source.join("hagersten-alvsjo-2022/plan.typ");
    mkfifo(&typ);
    let (out, err, code, _) = finished(
        vp_cmd(QUICK * 6)
            .args(["render", "plans", "--typst-source"])
            .arg(&source)
            .arg("--out")
            .arg(dir.path().join("ut")),
    );
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains("ingen vanlig fil"), "{err}");
    assert!(is_node(&typ));
    // No folder is made for a file.
    let missing = dir.path().join("finns-inte/ej/x.md");
    for args in [
        &["diff", "2020", "2022", "plans", "--format", "md", "--out"][..],
        &["rollup", "hagersten-alvsjo", "2022", "plans", "--out"],
    ] {
        let (out, err, code, _) = finished(vp_cmd(QUICK * 6).args(args).arg(&missing));
        assert_eq!(code, 2, "{out}{err}");
        assert!(err.contains("finns inte"), "{err}");
        assert!(!dir.path().join("finns-inte").exists());
    }
}

/// Regression (issue 21, extras): a unit id of 215 characters passed validate,
/// but render failed with "File name too long" (the temporary file's name was
/// longer than the page's own). An id is at most 120 characters (VP082), in a
/// file with structural errors too; `write_atomic`'s temporary names are short
/// (`workspace::output::tests::a_name_as_long_as_a_file_system_allows_is_written`).
#[test]
fn an_id_too_long_for_a_file_name_is_a_finding() {
    let long = "a".repeat(215);
    let (dir, _) = tree_with(
        base_unit()
            .replace("id: idrott", &format!("id: {long}"))
            .as_bytes(),
    );
    let (doc, code, _) = validate_json(dir.path());
    assert_eq!(code, 1);
    let f = findings(&doc);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, "VP082");
    assert!(f[0].1.contains("215 tecken"), "{}", f[0].1);
    let out = dir.path().join("html");
    let (stdout, err, code, _) = finished(
        vp_cmd(QUICK * 6)
            .args(["render", "--format", "html", "--out"])
            .arg(&out)
            .arg(dir.path()),
    );
    assert_eq!(code, 2, "{stdout}{err}");
    assert!(err.contains("VP082"), "{err}");
    assert!(!err.contains("too long"), "{err}");
    // With a structural error the schema walker reports the file, and says the same.
    let (dir, _) = tree_with(
        base_unit()
            .replace("id: idrott", &format!("id: {long}\n  okänd: 1"))
            .as_bytes(),
    );
    let (doc, _, _) = validate_json(dir.path());
    let codes: Vec<String> = findings(&doc).into_iter().map(|f| f.0).collect();
    assert_eq!(codes, ["VP082", "VP004"], "{doc}");
}

/// Issue 21, point 2: `vp diff --format text` cut a word longer than a line by
/// copying the rest of the word for every line, quadratic in the word's length
/// (4.6 s for 900 kB, 18.7 s for 1.8 MB in release; a debug build took
/// minutes for 1 MB). A one-megabyte word in a section and in a goal's title,
/// diffed in every format: each run, loading both trees included, ends within
/// the deadline, far above the ~0.1 s a linear cut takes, far below a quadratic.
#[test]
fn a_megabyte_word_is_diffed_in_linear_time() {
    let word = "ord".repeat(350_000);
    let (old, _) = tree_with(base_unit().as_bytes());
    let (new, _) = tree_with(
        base_unit()
            .replace(
                "titel: Unga får feriejobb",
                &format!("titel: Unga får {word}"),
            )
            .as_bytes(),
    );
    let md = std::fs::read_to_string(new.path().join("idrott.md")).unwrap();
    std::fs::write(
        new.path().join("idrott.md"),
        md.replace("Alla sökande får", &format!("Alla {word} får")),
    )
    .unwrap();
    for format in ["text", "md", "html", "json"] {
        let (out, err, code, took) = finished(
            vp_cmd(Duration::from_secs(60))
                .args(["diff", "--format", format])
                .arg(old.path())
                .arg(new.path()),
        );
        assert!(code < 2, "{format}: {err}");
        assert!(out.len() > word.len(), "{format}: the word is shown whole");
        assert!(took < Duration::from_secs(60), "{format}: {took:?}");
    }
}

/// Issue 21, point 6: text before the first heading of a plan's Markdown
/// belonged to nothing, so it was neither reported nor rendered; a `.md` that
/// was not Markdown at all (here a copy of /etc/passwd) passed unnoticed.
/// Now it is VP081, an error naming its first line, and render refuses.
#[test]
fn text_before_the_first_heading_is_a_finding() {
    let (dir, _) = tree_with(base_unit().as_bytes());
    let md = dir.path().join("idrott.md");
    let passwd =
        "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n";
    std::fs::write(&md, passwd).unwrap();
    let (doc, code, _) = validate_json(dir.path());
    let f = findings(&doc);
    assert!(f.contains(&(
        "VP081".into(),
        "filen har ingen rubrik (`# …`), så texten hör inte till något kapitel eller mål och skulle inte visas".into(),
        1,
        1
    )), "{f:?}");
    assert_eq!(code, 1);

    let original = std::fs::read_to_string(Path::new(BASE).join("fritid.md")).unwrap();
    std::fs::write(&md, format!("\n  Förord utan rubrik.\n{original}")).unwrap();
    let (doc, _, _) = validate_json(dir.path());
    let f = findings(&doc);
    assert!(
        f.iter().any(|x| x.0 == "VP081" && (x.2, x.3) == (2, 3)),
        "{f:?}"
    );
    // Render refuses a tree with an error, so the text cannot vanish from a document.
    let out_dir = dir.path().join("ut");
    let (_, err, code, _) = finished(
        vp_cmd(QUICK * 4)
            .args(["render", "--format", "html", "--unit", "idrott", "--out"])
            .arg(&out_dir)
            .arg(dir.path()),
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("VP081"), "{err}");
    assert!(!out_dir.join("idrott").exists());

    // An HTML comment before the first heading is not text anyone reads.
    std::fs::write(&md, format!("<!-- utkast -->\n{original}")).unwrap();
    let (doc, _, _) = validate_json(dir.path());
    assert!(!findings(&doc).iter().any(|x| x.0 == "VP081"), "{doc:#}");
}

/// Issue 21, point 1: Markdown nested thousands deep passed `vp validate` and
/// then overflowed render's stack (exit 134), in HTML and in `--typst-source`.
/// Each is now VP080, an error at the line where the nesting passes the limit,
/// and render refuses (exit 2) instead of aborting.
#[test]
fn deep_markdown_nesting_is_a_finding_and_render_does_not_abort() {
    let cases = [
        ("citat", format!("{}x", "> ".repeat(4000))),
        (
            "betoning",
            format!("{}x{}", "*".repeat(20_000), "*".repeat(20_000)),
        ),
        (
            "understreck",
            format!("{}x{}", "_".repeat(50_000), "_".repeat(50_000)),
        ),
        (
            "genomstruket",
            format!("{}x{}", "~~a ".repeat(50_000), " b~~".repeat(50_000)),
        ),
        (
            "bilder",
            format!("{}x{}", "![".repeat(50_000), "](u)".repeat(50_000)),
        ),
        ("hakparenteser", "[".repeat(8_200_000)),
        (
            "bred tabell",
            format!("{}|\n{}|\n", "| a ".repeat(1000), "|---".repeat(1000)),
        ),
    ];
    for (name, text) in cases {
        let (dir, _) = tree_with(base_unit().as_bytes());
        let md = dir.path().join("idrott.md");
        let original = std::fs::read_to_string(&md).unwrap();
        std::fs::write(
            &md,
            original.replace("Alla sökande får ett erbjudande.", &text),
        )
        .unwrap();
        let (doc, code, _) = validate_json(dir.path());
        let f = findings(&doc);
        assert!(
            f.iter().any(|x| x.0 == "VP080" && (9..=10).contains(&x.2)),
            "{name}: {f:?}"
        );
        assert_eq!(code, 1, "{name}");
        for extra in [&["--format", "html"][..], &["--typst-source", "typst"][..]] {
            let (_, err, code, _) = finished(
                vp_cmd(Duration::from_secs(60))
                    .current_dir(dir.path())
                    .args(["render", "--unit", "idrott", "--out", "ut"])
                    .args(extra)
                    .arg("."),
            );
            assert_eq!(code, 2, "{name} {extra:?}: {err}");
            assert!(err.contains("VP080"), "{name}: {err}");
        }
    }
}
