//! `vp lsp` driven as an editor drives it: the binary spawned, JSON-RPC over
//! its standard in and out, on the bundled plans. The server must publish the
//! findings `vp validate` reports, answer completion, hover, definition,
//! references, rename and code actions from the other files, and survive
//! requests about things it does not know.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const TIMEOUT: Duration = Duration::from_secs(30);

struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    next_id: i64,
    /// Notifications seen while waiting for something else.
    notifications: Vec<Value>,
}

fn read_message(r: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(n) = line.strip_prefix("Content-Length: ") {
            length = n.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    r.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

impl Client {
    fn start(root: &Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_vp"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("vp lsp starts");
        let stdin = child.stdin.take().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let (tx, incoming) = channel();
        std::thread::spawn(move || {
            while let Some(msg) = read_message(&mut stdout) {
                if tx.send(msg).is_err() {
                    break;
                }
            }
        });
        let mut client = Client {
            child,
            stdin,
            incoming,
            next_id: 0,
            notifications: Vec::new(),
        };
        let result = client.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": uri(root),
                "capabilities": {},
            }),
        );
        assert!(result["capabilities"]["completionProvider"].is_object());
        client.notify("initialized", json!({}));
        client
    }

    fn send(&mut self, msg: &Value) {
        let body = serde_json::to_vec(msg).unwrap();
        write!(self.stdin, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
        self.stdin.write_all(&body).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn next(&mut self, deadline: Instant) -> Value {
        match self
            .incoming
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
        {
            Ok(v) => v,
            Err(RecvTimeoutError::Timeout) => panic!("no message from vp lsp in time"),
            Err(RecvTimeoutError::Disconnected) => panic!("vp lsp closed its output"),
        }
    }

    /// The whole response (result or error).
    fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let msg = self.next(deadline);
            if msg["id"] == json!(id) && msg.get("method").is_none() {
                return msg;
            }
            if msg.get("method").is_some() && msg.get("id").is_none() {
                self.notifications.push(msg);
            }
        }
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.call(method, params);
        assert!(response.get("error").is_none(), "{method}: {response}");
        response["result"].clone()
    }

    /// The latest diagnostics published for `uri` that satisfy `ok`, waiting for them.
    fn diagnostics_for(&mut self, uri: &str, ok: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let latest = self
                .notifications
                .iter()
                .rev()
                .find(|n| {
                    n["method"] == "textDocument/publishDiagnostics" && n["params"]["uri"] == uri
                })
                .map(|n| n["params"]["diagnostics"].as_array().unwrap().clone());
            if let Some(d) = latest
                && ok(&d)
            {
                return d;
            }
            let msg = self.next(deadline);
            self.notifications.push(msg);
        }
    }

    fn open(&mut self, path: &Path, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri(path), "languageId": "yaml", "version": 1, "text": text}}),
        );
    }

    fn change(&mut self, path: &Path, version: i64, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri(path), "version": version}, "contentChanges": [{"text": text}]}),
        );
    }

    fn stop(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                assert!(status.success(), "vp lsp exited with {status}");
                return;
            }
            assert!(Instant::now() < deadline, "vp lsp did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

fn plans() -> PathBuf {
    std::fs::canonicalize(Path::new(env!("CARGO_MANIFEST_DIR")).join("plans")).unwrap()
}

fn uri(path: &Path) -> String {
    let mut out = String::from("file://");
    for b in path.to_str().unwrap().bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The LSP position (line, UTF-16 column) of the `nth` byte offset of `needle` in `text`, plus `plus` bytes.
fn position(text: &str, needle: &str, plus: usize) -> Value {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in text"))
        + plus;
    let line = text[..at].matches('\n').count();
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let col: usize = text[start..at].chars().map(char::len_utf16).sum();
    json!({"line": line, "character": col})
}

fn at(path: &Path, text: &str, needle: &str, plus: usize) -> Value {
    json!({"textDocument": {"uri": uri(path)}, "position": position(text, needle, plus)})
}

/// The diagnostics published on start for files no one opened are those
/// `vp validate --format json` reports: code, message with hints, place.
#[test]
fn findings_of_files_not_open_are_those_of_validate() {
    let root = plans();
    let out = Command::new(env!("CARGO_BIN_EXE_vp"))
        .args(["validate", "--format", "json"])
        .arg(&root)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = report["findings"].as_array().unwrap();
    assert!(
        !findings.is_empty(),
        "the bundled plans have warnings to compare"
    );
    let mut client = Client::start(&root);
    for f in findings {
        let file = PathBuf::from(f["location"]["file"].as_str().unwrap());
        let text = std::fs::read_to_string(&file).unwrap();
        let published = client.diagnostics_for(&uri(&file), |d| !d.is_empty());
        let line = f["location"]["line"].as_u64().unwrap() as usize - 1;
        let column = f["location"]["column"].as_u64().unwrap() as usize - 1;
        let utf16: usize = text
            .lines()
            .nth(line)
            .unwrap()
            .chars()
            .take(column)
            .map(char::len_utf16)
            .sum();
        let mut message = f["message"].as_str().unwrap().to_owned();
        for h in f["hints"].as_array().unwrap() {
            message.push_str("\nhjälp: ");
            message.push_str(h.as_str().unwrap());
        }
        assert!(
            published.iter().any(|d| d["code"] == f["code"]
                && d["message"] == message.as_str()
                && d["range"]["start"] == json!({"line": line, "character": utf16})),
            "{f} not among {published:?}"
        );
    }
    client.stop();
}

/// A misspelt nämndmål in an open buffer: VP012 with its did-you-mean, a code
/// action that applies it, and the finding cleared when the text is right again.
#[test]
fn a_misspelt_reference_is_found_fixed_and_cleared() {
    let root = plans();
    let path = root.join("2020/hagersten-liljeholmen/resursenheten.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let good = "nämndmål: medvetna-val-for-miljon";
    let bad_text = text.replace(good, "nämndmål: medvetna-val-for-miljo");
    let mut client = Client::start(&root);
    client.open(&path, &text);
    client.change(&path, 2, &bad_text);
    let found = client.diagnostics_for(&uri(&path), |d| d.iter().any(|d| d["code"] == "VP012"));
    let d = found.iter().find(|d| d["code"] == "VP012").unwrap();
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("menade du `medvetna-val-for-miljon`?"),
        "{d}"
    );
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": uri(&path)},
            "range": d["range"],
            "context": {"diagnostics": [d]},
        }),
    );
    let fix = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Ändra till `medvetna-val-for-miljon`")
        .unwrap_or_else(|| panic!("{actions}"));
    let edit = &fix["edit"]["changes"][uri(&path)][0];
    assert_eq!(edit["newText"], "medvetna-val-for-miljon");
    assert_eq!(edit["range"], d["range"]);
    client.change(&path, 3, &text);
    client.diagnostics_for(&uri(&path), |d| !d.iter().any(|d| d["code"] == "VP012"));
    client.stop();
}

#[test]
fn completion_hover_definition_and_references_across_files() {
    let root = plans();
    let path = root.join("2020/hagersten-liljeholmen/resursenheten.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut client = Client::start(&root);
    client.open(&path, &text);

    // Completion of a nämndmål id, with the title from the nämnd's plan.
    let typed = text.replace(
        "  - nämndmål: medvetna-val-for-miljon\n",
        "  - nämndmål: medv\n",
    );
    client.change(&path, 2, &typed);
    let items = client.request(
        "textDocument/completion",
        at(&path, &typed, "nämndmål: medv", "nämndmål: medv".len()),
    );
    let items = items.as_array().unwrap();
    let item = items
        .iter()
        .find(|i| i["label"] == "medvetna-val-for-miljon")
        .unwrap_or_else(|| panic!("{items:?}"));
    assert!(
        item["detail"].as_str().unwrap().contains("miljön"),
        "{item}"
    );
    assert_eq!(item["textEdit"]["newText"], "medvetna-val-for-miljon");
    // Right after the colon, the space comes with it.
    let bare = text.replace("  - nämndmål: medvetna-val-for-miljon\n", "  - nämndmål:\n");
    client.change(&path, 3, &bare);
    let items = client.request(
        "textDocument/completion",
        at(&path, &bare, "  - nämndmål:\n", "  - nämndmål:".len()),
    );
    assert!(
        items
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["textEdit"]["newText"] == " medvetna-val-for-miljon"),
        "{items}"
    );
    client.change(&path, 4, &text);

    // A KF goal number is offered quoted.
    let items = client.request(
        "textDocument/completion",
        at(&path, &text, "- mål: \"2.5\"", 8),
    );
    assert!(
        items
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["label"] == "2.5" && i["textEdit"]["newText"] == "2.5"),
        "{items}"
    );

    // Hover: the chain up to KF's inriktningsmål.
    let hover = client.request(
        "textDocument/hover",
        at(&path, &text, "nämndmål: medvetna-val-for-miljon", 12),
    );
    let shown = hover["contents"]["value"].as_str().unwrap();
    assert!(
        shown.contains("**Nämndmål** `medvetna-val-for-miljon`"),
        "{shown}"
    );
    assert!(shown.contains("KF:s inriktningsmål"), "{shown}");

    // Definition: the nämndmål in the nämnd's plan.
    let def = client.request(
        "textDocument/definition",
        at(&path, &text, "nämndmål: medvetna-val-for-miljon", 12),
    );
    let committee_plan = root.join("2020/hagersten-liljeholmen/namndplan.yaml");
    assert_eq!(def["uri"], uri(&committee_plan));
    let plan_text = std::fs::read_to_string(&committee_plan).unwrap();
    assert_eq!(
        def["range"]["start"],
        position(&plan_text, "id: medvetna-val-for-miljon", 4)
    );

    // References: the unit plans serving it.
    let refs = client.request(
        "textDocument/references",
        json!({
            "textDocument": {"uri": uri(&path)},
            "position": position(&text, "nämndmål: medvetna-val-for-miljon", 12),
            "context": {"includeDeclaration": true},
        }),
    );
    let files: Vec<&str> = refs
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["uri"].as_str().unwrap())
        .collect();
    assert!(files.contains(&uri(&path).as_str()), "{files:?}");
    assert!(files.contains(&uri(&committee_plan).as_str()), "{files:?}");
    assert!(
        files
            .iter()
            .any(|f| f.ends_with("familjeratt-sydvast.yaml")),
        "{files:?}"
    );

    // Outline: the nämndmål groups with their enhetsmål.
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri(&path)}}),
    );
    let group = symbols
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "medvetna-val-for-miljon")
        .unwrap();
    assert_eq!(
        group["children"][0]["name"],
        "enhetens-medarbetare-gor-medvetna-val-ta"
    );
    client.stop();
}

#[test]
fn rename_edits_every_file_or_says_why_not() {
    let root = plans();
    let path = root.join("2020/hagersten-liljeholmen/namndplan.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut client = Client::start(&root);
    client.open(&path, &text);
    let place = at(&path, &text, "id: medvetna-val-for-miljon", 6);
    let mut params = place.clone();
    params["newName"] = json!("medvetna-val");
    let edit = client.request("textDocument/rename", params);
    let changes = edit["changes"].as_object().unwrap();
    assert!(changes.contains_key(&uri(&path)));
    assert!(
        changes.contains_key(&uri(&path.with_extension("md"))),
        "{edit}"
    );
    assert!(
        changes.keys().any(|k| k.ends_with("resursenheten.yaml")),
        "{edit}"
    );
    for edits in changes.values() {
        for e in edits.as_array().unwrap() {
            assert_eq!(e["newText"], "medvetna-val");
        }
    }
    // Taken, and not an id: refused with the reason.
    let mut params = place.clone();
    params["newName"] = json!("attraktiv-arbetsgivare");
    let refused = client.call("textDocument/rename", params);
    assert!(
        refused["error"]["message"]
            .as_str()
            .unwrap()
            .contains("finns redan"),
        "{refused}"
    );
    // RequestFailed: the request was understood and refused.
    assert_eq!(refused["error"]["code"], -32803);
    let mut params = place;
    params["newName"] = json!("Mål Ett");
    let refused = client.call("textDocument/rename", params);
    assert!(
        refused["error"]["message"]
            .as_str()
            .unwrap()
            .contains("inget giltigt id"),
        "{refused}"
    );
    client.stop();
}

/// After a merger, a nämndmål continues `nämnd/id` (vp new-year writes it): a
/// rename of the predecessor's goal keeps the nämnd and changes the id.
#[test]
fn rename_follows_a_merged_namnds_fortsatter() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(dir.path()).unwrap().join("plans");
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/new-year-merger"),
        &root,
    );
    let out = Command::new(env!("CARGO_BIN_EXE_vp"))
        .args(["new-year", "2020", "2021"])
        .arg(&root)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let merged = root.join("2021/mitt/namndplan.yaml");
    assert!(
        std::fs::read_to_string(&merged)
            .unwrap()
            .contains("fortsätter: soder/trygg-stadsdel")
    );
    let path = root.join("2020/soder/namndplan-2020.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut client = Client::start(&root);
    client.open(&path, &text);
    let mut params = at(&path, &text, "id: trygg-stadsdel", 6);
    params["newName"] = json!("trygghet");
    let edit = client.request("textDocument/rename", params);
    let edits = edit["changes"][uri(&merged)]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(
        edits.iter().any(|e| e["newText"] == "soder/trygghet"),
        "{edit}"
    );
    client.stop();
}

/// Half-typed YAML, a place past the end, a file outside every tree, a
/// request it does not know: answers, and the server goes on.
#[test]
fn nothing_stops_the_server() {
    let root = plans();
    let path = root.join("2020/hagersten-liljeholmen/resursenheten.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut client = Client::start(&root);
    client.open(&path, &text);
    let broken = format!("{text}\nnämndmål:\n  - nämndmål: [\n  \"ofärdig: {{\n");
    client.change(&path, 2, &broken);
    let found = client.diagnostics_for(&uri(&path), |d| d.iter().any(|d| d["code"] == "VP002"));
    assert!(!found.is_empty());
    let far =
        json!({"textDocument": {"uri": uri(&path)}, "position": {"line": 99999, "character": 5}});
    assert_eq!(
        client.request("textDocument/hover", far.clone()),
        Value::Null
    );
    assert_eq!(
        client.request("textDocument/completion", far.clone()),
        json!([])
    );
    assert_eq!(client.request("textDocument/definition", far), Value::Null);
    let elsewhere = json!({"textDocument": {"uri": "file:///inte/har/plan.yaml"}, "position": {"line": 0, "character": 0}});
    assert_eq!(client.request("textDocument/hover", elsewhere), Value::Null);
    let odd = json!({"textDocument": {"uri": "untitled:Namnlös-1"}, "position": {"line": 0, "character": 0}});
    assert_eq!(client.request("textDocument/completion", odd), json!([]));
    let unknown = client.call("vp/okänd", json!({}));
    assert_eq!(unknown["error"]["code"], -32601);
    let bad = client.call("textDocument/hover", json!({"nonsens": true}));
    assert_eq!(bad["error"]["code"], -32602);
    // Still answering.
    client.change(&path, 3, &text);
    client.diagnostics_for(&uri(&path), |d| !d.iter().any(|d| d["code"] == "VP002"));
    client.stop();
}

/// In Markdown: a goal heading's `{#id}` and `{{tabell: id}}` complete from
/// the plan's YAML, and definition goes from the heading to the goal and back.
#[test]
fn markdown_ids_complete_and_lead_to_the_yaml() {
    let root = plans();
    let md = root.join("2019/hagersten-liljeholmen/namndplan.md");
    let yaml = md.with_extension("yaml");
    let text = std::fs::read_to_string(&md).unwrap();
    let yaml_text = std::fs::read_to_string(&yaml).unwrap();
    let mut client = Client::start(&root);
    client.open(&md, &text);
    let table = "{{tabell: fordelning-verksamheter}}";
    let items = client.request(
        "textDocument/completion",
        at(&md, &text, table, "{{tabell: ".len()),
    );
    assert!(
        items
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["label"] == "fordelning-verksamheter"),
        "{items}"
    );
    let heading = text
        .lines()
        .find(|l| l.starts_with("# Nämndmål:") && l.contains("{#"))
        .unwrap();
    let id = &heading[heading.find("{#").unwrap() + 2..heading.len() - 1];
    let items = client.request(
        "textDocument/completion",
        at(&md, &text, heading, heading.find("{#").unwrap() + 2),
    );
    assert!(
        items.as_array().unwrap().iter().any(|i| i["label"] == id),
        "{id} not in {items}"
    );
    let def = client.request(
        "textDocument/definition",
        at(&md, &text, heading, heading.find("{#").unwrap() + 3),
    );
    assert_eq!(def["uri"], uri(&yaml));
    let goal = format!("id: {id}\n");
    assert_eq!(def["range"]["start"], position(&yaml_text, &goal, 4));
    // And from the goal's id in the YAML to its heading.
    client.open(&yaml, &yaml_text);
    let back = client.request("textDocument/definition", at(&yaml, &yaml_text, &goal, 5));
    assert_eq!(back["uri"], uri(&md));
    client.stop();
}

/// Hover on an indicator a unit plan shows: its definition by KF and the
/// target at KF's and the nämnd's level.
#[test]
fn hover_on_an_indicator_shows_every_level() {
    let root = plans();
    let path = root.join("2020/hagersten-liljeholmen/resursenheten.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut client = Client::start(&root);
    client.open(&path, &text);
    let hover = client.request(
        "textDocument/hover",
        at(&path, &text, "indikator: klimatpaverkan", 12),
    );
    let shown = hover["contents"]["value"].as_str().unwrap();
    assert!(shown.contains("Definierad i KF:s budget 2020"), "{shown}");
    assert!(
        shown.contains("- KF: 1,9 kg CO2 per kg livsmedel"),
        "{shown}"
    );
    assert!(
        shown.contains("- nämnden hagersten-liljeholmen 2020: 1,9"),
        "{shown}"
    );
    assert!(shown.contains("Resursenheten 2020"), "{shown}");
    client.stop();
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_tree(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// A file changed on disk (git checkout, another editor) and announced by
/// `workspace/didChangeWatchedFiles` is read again: its findings follow the disk.
#[test]
fn a_file_changed_on_disk_is_read_again() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(dir.path()).unwrap().join("plans");
    copy_tree(&plans(), &root);
    let path = root.join("2020/hagersten-liljeholmen/resursenheten.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut client = Client::start(&root);
    client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri(&path)}}),
    );
    std::fs::write(
        &path,
        text.replace(
            "nämndmål: medvetna-val-for-miljon",
            "nämndmål: medvetna-val-for-miljo",
        ),
    )
    .unwrap();
    let changed = json!({"changes": [{"uri": uri(&path), "type": 2}]});
    client.notify("workspace/didChangeWatchedFiles", changed.clone());
    client.diagnostics_for(&uri(&path), |d| d.iter().any(|d| d["code"] == "VP012"));
    std::fs::write(&path, &text).unwrap();
    client.notify("workspace/didChangeWatchedFiles", changed);
    client.diagnostics_for(&uri(&path), |d| !d.iter().any(|d| d["code"] == "VP012"));
    client.stop();
}

/// A plan outside every plan tree is checked alone, as `vp validate` checks a
/// lone file: its folder (anyone's home) is not read.
#[test]
fn a_file_outside_every_tree_is_checked_alone() {
    let dir = tempfile::tempdir().unwrap();
    let dir = std::fs::canonicalize(dir.path()).unwrap();
    let lone = dir.join("plan.yaml");
    let sibling = dir.join("annan.yaml");
    std::fs::write(&lone, "typ: nonsens\n").unwrap();
    std::fs::write(&sibling, "typ: nonsens\n").unwrap();
    let mut client = Client::start(&plans());
    client.open(&lone, "typ: nonsens\n");
    client.diagnostics_for(&uri(&lone), |d| d.iter().any(|d| d["code"] == "VP003"));
    client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri(&lone)}}),
    );
    assert!(
        !client
            .notifications
            .iter()
            .any(|n| n["params"]["uri"] == uri(&sibling)),
        "the lone file's folder was read"
    );
    client.stop();
}

/// VP050 for a section missing under a goal's heading: a code action adds the
/// `## …` heading right under it.
#[test]
fn a_missing_section_is_added_by_a_code_action() {
    let root = plans();
    let md = root.join("2019/hagersten-liljeholmen/namndplan.md");
    let text = std::fs::read_to_string(&md).unwrap();
    let mut client = Client::start(&root);
    client.open(&md, &text);
    let found = client.diagnostics_for(&uri(&md), |d| {
        d.iter()
            .any(|d| d["code"] == "VP050" && d["message"].as_str().unwrap().contains("saknar"))
    });
    let d = found
        .iter()
        .find(|d| d["code"] == "VP050" && d["message"].as_str().unwrap().contains("saknar"))
        .unwrap();
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": uri(&md)},
            "range": d["range"],
            "context": {"diagnostics": [d]},
        }),
    );
    let add = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Lägg till avsnitten som saknas")
        .unwrap_or_else(|| panic!("{actions}"));
    let edit = &add["edit"]["changes"][uri(&md)][0];
    assert_eq!(edit["newText"], "\n\n## Förväntat resultat");
    // At the end of the heading's line.
    let line = d["range"]["start"]["line"].as_u64().unwrap() as usize;
    let heading = text.lines().nth(line).unwrap();
    let end: usize = heading.chars().map(char::len_utf16).sum();
    assert_eq!(
        edit["range"]["start"],
        json!({"line": line, "character": end})
    );
    client.stop();
}

/// The places of a references answer, as `file-name:line`.
fn places(refs: &Value) -> Vec<String> {
    refs.as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let file = r["uri"].as_str().unwrap().rsplit('/').next().unwrap();
            format!("{file}:{}", r["range"]["start"]["line"])
        })
        .collect()
}

/// A weight indicator's references include the `vikt` of every weighted mean
/// weighted by it, and renaming it edits them too; a nämnd's references
/// include the units that also serve it (`fler_nämnder`).
#[test]
fn references_and_rename_cover_vikt_and_fler_namnder() {
    let root =
        std::fs::canonicalize(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rollup"))
            .unwrap();
    let path = root.join("solna-2021.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let vikt_line = text[..text.find("vikt: antal-barn").unwrap()]
        .matches('\n')
        .count();
    let mut client = Client::start(&root);
    client.open(&path, &text);
    let refs = client.request(
        "textDocument/references",
        json!({
            "textDocument": {"uri": uri(&path)},
            "position": position(&text, "id: antal-barn", 6),
            "context": {"includeDeclaration": true},
        }),
    );
    let found = places(&refs);
    assert!(
        found.contains(&format!("solna-2021.yaml:{vikt_line}")),
        "{found:?}"
    );
    let mut params = at(&path, &text, "id: antal-barn", 6);
    params["newName"] = json!("antal-inskrivna-barn");
    let edit = client.request("textDocument/rename", params);
    let edits = edit["changes"][uri(&path)].as_array().unwrap();
    assert!(
        edits
            .iter()
            .any(|e| e["range"]["start"]["line"] == vikt_line),
        "{edit}"
    );
    client.stop();

    let root = plans();
    let path = root.join("2020/hagersten-liljeholmen/familjeratt-sydvast.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut client = Client::start(&root);
    client.open(&path, &text);
    let refs = client.request(
        "textDocument/references",
        json!({
            "textDocument": {"uri": uri(&path)},
            "position": position(&text, "- skarholmen", 4),
            "context": {"includeDeclaration": true},
        }),
    );
    let found = places(&refs);
    let line = text[..text.find("- skarholmen").unwrap()]
        .matches('\n')
        .count();
    assert!(
        found.contains(&format!("familjeratt-sydvast.yaml:{line}")),
        "{found:?}"
    );
    assert!(
        found.iter().any(|f| f.starts_with("organisation.yaml:")),
        "{found:?}"
    );
    client.stop();
}

/// Activity ids complete where they are referenced: under a KF goal of a nämnd
/// plan, KF's activities of that goal.
#[test]
fn activity_ids_complete_where_they_are_referenced() {
    let root = plans();
    let path = root.join("2020/hagersten-liljeholmen/namndplan.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut client = Client::start(&root);
    client.open(&path, &text);
    let id = "stadsdelsnamnderna-samarbete-socialnamnden-aldrenamnden-ramen-handlingsplanen";
    let typed = text.replace(&format!("      - {id}\n"), "      - stads\n");
    assert_ne!(typed, text);
    client.change(&path, 2, &typed);
    let items = client.request(
        "textDocument/completion",
        at(&path, &typed, "- stads\n", "- stads".len()),
    );
    let labels: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["label"].as_str())
        .collect();
    assert!(labels.contains(&id), "{labels:?}");
    client.stop();
}

/// A nämndmål `vp diff 2019 2020` pairs by similar title with last year's gets
/// the `fortsätter` line the diff suggests, from anywhere in the goal; with the
/// line added the action is gone, the plan has no new findings, and goals the
/// diff pairs by id get none.
#[test]
fn a_code_action_adds_the_fortsatter_vp_diff_suggests() {
    let root = plans();
    let yaml = root.join("2020/hagersten-liljeholmen/namndplan.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap();
    let mut client = Client::start(&root);
    client.open(&yaml, &text);
    let line =
        "fortsätter: stadsdelsnamndens-medarbetare-professionella-engagerade-halsosam-arbetsmiljo";
    let actions_at = |client: &mut Client, needle: &str| {
        let p = position(&text, needle, 0);
        client.request(
            "textDocument/codeAction",
            json!({
                "textDocument": {"uri": uri(&yaml)},
                "range": {"start": p, "end": p},
                "context": {"diagnostics": []},
            }),
        )
    };
    // On the goal's title line, not only on its id.
    let actions = actions_at(
        &mut client,
        "titel: Stadsdelsnämnden är en attraktiv arbetsgivare",
    );
    let add = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"].as_str().unwrap().contains(line))
        .unwrap_or_else(|| panic!("{actions}"));
    let edit = &add["edit"]["changes"][uri(&yaml)][0];
    assert_eq!(edit["newText"], format!("\n    {line}"));
    let id_line = "  - id: attraktiv-arbetsgivare";
    let at = position(&text, id_line, id_line.len());
    assert_eq!(edit["range"], json!({"start": at, "end": at}));
    // Another nämndmål, the same in both years: nothing to add.
    let other = actions_at(&mut client, "titel: Alla barn i förskolan utvecklar");
    assert!(!other.to_string().contains("fortsätter"), "{other}");
    // Applied, the plan reads as before with the link, and nothing is offered.
    let applied = text.replacen(id_line, &format!("{id_line}\n    {line}"), 1);
    // The findings published for the plan (a request is answered after they are sent).
    let published = |client: &Client| {
        client
            .notifications
            .iter()
            .rev()
            .find(|n| {
                n["method"] == "textDocument/publishDiagnostics" && n["params"]["uri"] == uri(&yaml)
            })
            .map(|n| n["params"]["diagnostics"].clone())
            .unwrap_or(json!([]))
    };
    let before = published(&client);
    client.change(&yaml, 2, &applied);
    let p = position(
        &applied,
        "titel: Stadsdelsnämnden är en attraktiv arbetsgivare",
        0,
    );
    let again = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": uri(&yaml)},
            "range": {"start": p, "end": p},
            "context": {"diagnostics": []},
        }),
    );
    assert!(!again.to_string().contains("fortsätter"), "{again}");
    assert_eq!(published(&client), before);
    client.stop();
}

// ---------------------------------------------------------------------------
// The protocol-level property test: random edit sequences sent as an editor
// sends them, and after each step the diagnostics the client holds (the last
// published for each file) compared with a fresh full check of the same texts
// (`Project::from_sources`, what `vp validate` does).

mod protocol_property {
    use super::*;
    use std::collections::BTreeMap;

    use proptest::prelude::*;
    use vp::project::Project;

    #[derive(Clone, Debug)]
    enum Step {
        /// Text typed in a file at a place (both taken modulo what there is);
        /// the file opened first if it is not.
        Insert(usize, usize, String),
        Delete(usize, usize, usize),
        /// Every `from` in a file replaced by `to` (an id renamed, or broken).
        Replace(usize, String, String),
        /// The buffer written to disk (`didSave`).
        Save(usize),
        /// The buffer closed unsaved: the file on disk counts again.
        Close(usize),
        /// A closed file moved to another folder on disk, announced as the
        /// editor's file watcher does: the old path deleted, the new created.
        Move(usize, usize),
    }

    fn step() -> impl Strategy<Value = Step> {
        let ids = prop::sample::select(vec![
            "medvetna-val-for-miljon",
            "attraktiv-arbetsgivare",
            "langsiktigt-hallbar-ekonomi",
            "2.5",
            "hagersten-liljeholmen",
            "klimatpaverkan-upphandlade-livsmedel-maltider",
        ]);
        prop_oneof![
            3 => (any::<usize>(), any::<usize>(), "[a-zåäö:\\- \n{}#\"]{1,6}")
                .prop_map(|(f, at, s)| Step::Insert(f, at, s)),
            2 => (any::<usize>(), any::<usize>(), 1usize..40)
                .prop_map(|(f, at, n)| Step::Delete(f, at, n)),
            3 => (any::<usize>(), ids, "[a-z]{0,3}").prop_map(|(f, id, suffix)| {
                Step::Replace(f, id.to_owned(), format!("{id}{suffix}x"))
            }),
            1 => any::<usize>().prop_map(Step::Save),
            1 => any::<usize>().prop_map(Step::Close),
            1 => (any::<usize>(), any::<usize>()).prop_map(|(f, to)| Step::Move(f, to)),
        ]
    }

    /// What the editor and the disk hold: every plan file's text on disk, and
    /// the open buffers over them (with their versions).
    struct Model {
        disk: BTreeMap<PathBuf, String>,
        open: BTreeMap<PathBuf, (String, i64)>,
    }

    impl Model {
        fn paths(&self) -> Vec<PathBuf> {
            self.disk.keys().cloned().collect()
        }

        /// The tree as `vp validate` would read it if every buffer were saved.
        fn texts(&self) -> Vec<(PathBuf, Vec<u8>)> {
            self.disk
                .iter()
                .map(|(p, t)| {
                    let t = self.open.get(p).map_or(t, |(b, _)| b);
                    (p.clone(), t.clone().into_bytes())
                })
                .collect()
        }
    }

    fn read_dir_texts(dir: &Path, out: &mut BTreeMap<PathBuf, String>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                read_dir_texts(&p, out);
            } else if p.extension().is_some_and(|e| e == "yaml" || e == "md") {
                out.insert(p.clone(), std::fs::read_to_string(&p).unwrap());
            }
        }
    }

    fn floor_boundary(s: &str, mut at: usize) -> usize {
        at = at.min(s.len());
        while !s.is_char_boundary(at) {
            at -= 1;
        }
        at
    }

    /// An edit of a buffer, as the editor sends it: opened first if need be,
    /// then the whole new text (the server asks for full sync).
    fn edit_buffer(
        client: &mut Client,
        model: &mut Model,
        path: &Path,
        f: impl FnOnce(&str) -> String,
    ) {
        if !model.open.contains_key(path) {
            let text = model.disk[path].clone();
            client.open(path, &text);
            model.open.insert(path.to_path_buf(), (text, 1));
        }
        let (text, version) = model.open.get_mut(path).unwrap();
        *text = f(text);
        *version += 1;
        let (text, version) = (text.clone(), *version);
        client.change(path, version, &text);
    }

    fn apply(client: &mut Client, model: &mut Model, root: &Path, step: &Step) {
        let paths = model.paths();
        let n = paths.len();
        match step {
            Step::Insert(f, at, s) => edit_buffer(client, model, &paths[f % n], |t| {
                let at = floor_boundary(t, at % (t.len() + 1));
                format!("{}{s}{}", &t[..at], &t[at..])
            }),
            Step::Delete(f, at, len) => edit_buffer(client, model, &paths[f % n], |t| {
                let at = floor_boundary(t, at % (t.len() + 1));
                let end = floor_boundary(t, at + len);
                format!("{}{}", &t[..at], &t[end..])
            }),
            Step::Replace(f, from, to) => edit_buffer(client, model, &paths[f % n], |t| {
                t.replace(from.as_str(), to)
            }),
            Step::Save(f) => {
                let path = &paths[f % n];
                if let Some((text, _)) = model.open.get(path) {
                    std::fs::write(path, text).unwrap();
                    model.disk.insert(path.clone(), text.clone());
                    client.notify(
                        "textDocument/didSave",
                        json!({"textDocument": {"uri": uri(path)}}),
                    );
                }
            }
            Step::Close(f) => {
                let path = &paths[f % n];
                if model.open.remove(path).is_some() {
                    client.notify(
                        "textDocument/didClose",
                        json!({"textDocument": {"uri": uri(path)}}),
                    );
                }
            }
            Step::Move(f, to) => {
                let from = &paths[f % n];
                // The tree's root file stays: moved, the folder is another tree.
                if model.open.contains_key(from) || from == &root.join("organisation.yaml") {
                    return;
                }
                let dest = paths[to % n]
                    .parent()
                    .unwrap()
                    .join(from.file_name().unwrap());
                if model.disk.contains_key(&dest) {
                    return;
                }
                std::fs::rename(from, &dest).unwrap();
                let text = model.disk.remove(from).unwrap();
                model.disk.insert(dest.clone(), text);
                client.notify(
                    "workspace/didChangeWatchedFiles",
                    json!({"changes": [
                        {"uri": uri(from), "type": 3},
                        {"uri": uri(&dest), "type": 1},
                    ]}),
                );
            }
        }
    }

    /// A `file://` URI's path, percent-decoded.
    fn path_of_uri(uri: &str) -> String {
        let raw = uri.strip_prefix("file://").unwrap().as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < raw.len() {
            if raw[i] == b'%' && i + 2 < raw.len() {
                let hex = std::str::from_utf8(&raw[i + 1..i + 3]).unwrap();
                out.push(u8::from_str_radix(hex, 16).unwrap());
                i += 3;
            } else {
                out.push(raw[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap()
    }

    /// The LSP position of a byte offset (UTF-16 columns), as the protocol counts.
    fn lsp_position(text: &str, offset: usize) -> (usize, usize) {
        let at = floor_boundary(text, offset);
        let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let line = text[..at].matches('\n').count();
        (line, text[start..at].chars().map(char::len_utf16).sum())
    }

    fn range_of(range: &Value) -> String {
        format!(
            "{}:{}-{}:{}",
            range["start"]["line"],
            range["start"]["character"],
            range["end"]["line"],
            range["end"]["character"]
        )
    }

    /// A published diagnostic as a comparable line: place, severity, code,
    /// message with hints, and the related places.
    fn line_of(d: &Value) -> String {
        let related: Vec<String> = d["relatedInformation"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|r| {
                format!(
                    "{} {} {}",
                    path_of_uri(r["location"]["uri"].as_str().unwrap()),
                    range_of(&r["location"]["range"]),
                    r["message"].as_str().unwrap()
                )
            })
            .collect();
        format!(
            "{} {} {} {} {:?}",
            range_of(&d["range"]),
            d["severity"],
            d["code"].as_str().unwrap(),
            d["message"].as_str().unwrap(),
            related
        )
    }

    /// What a fresh full check of the texts reports, per file, as the lines
    /// [`line_of`] makes of what the server publishes.
    fn expected(texts: Vec<(PathBuf, Vec<u8>)>) -> BTreeMap<String, Vec<String>> {
        let fresh = Project::from_sources(texts);
        let place = |span: vp::source::Span| {
            let text = &fresh.sources.get(span.file).text;
            let (l1, c1) = lsp_position(text, span.start as usize);
            let (l2, c2) = lsp_position(text, span.end as usize);
            format!("{l1}:{c1}-{l2}:{c2}")
        };
        let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for d in &fresh.diagnostics {
            let mut message = d.message.clone();
            for h in &d.hints {
                message.push_str("\nhjälp: ");
                message.push_str(h);
            }
            let severity = match d.severity {
                vp::diag::Severity::Error => 1,
                vp::diag::Severity::Warning => 2,
                vp::diag::Severity::Info => 3,
            };
            let related: Vec<String> = d
                .related
                .iter()
                .map(|r| {
                    format!(
                        "{} {} {}",
                        fresh.sources.path(r.span.file).display(),
                        place(r.span),
                        r.message
                    )
                })
                .collect();
            out.entry(fresh.sources.path(d.span.file).display().to_string())
                .or_default()
                .push(format!(
                    "{} {severity} {} {message} {related:?}",
                    place(d.span),
                    d.code.as_str()
                ));
        }
        out
    }

    /// Every publication received so far applied to what the client holds.
    fn take_published(client: &mut Client, held: &mut BTreeMap<String, Vec<String>>) {
        for n in std::mem::take(&mut client.notifications) {
            if n["method"] != "textDocument/publishDiagnostics" {
                continue;
            }
            let path = path_of_uri(n["params"]["uri"].as_str().unwrap());
            let lines: Vec<String> = n["params"]["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .map(line_of)
                .collect();
            if lines.is_empty() {
                held.remove(&path);
            } else {
                held.insert(path, lines);
            }
        }
    }

    /// Waits until the server has handled everything sent: it checks the tree
    /// and publishes before it answers a request.
    fn settle(client: &mut Client, any_file: &Path) {
        client.request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": uri(any_file)}}),
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

        #[test]
        fn published_diagnostics_equal_a_fresh_check(steps in prop::collection::vec(step(), 1..8)) {
            let dir = tempfile::tempdir().unwrap();
            let root = std::fs::canonicalize(dir.path()).unwrap().join("plans");
            copy_tree(&plans(), &root);
            let mut model = Model { disk: BTreeMap::new(), open: BTreeMap::new() };
            read_dir_texts(&root, &mut model.disk);
            let org = root.join("organisation.yaml");
            let mut client = Client::start(&root);
            let mut held = BTreeMap::new();
            settle(&mut client, &org);
            take_published(&mut client, &mut held);
            prop_assert_eq!(&held, &expected(model.texts()), "on start");
            for (i, s) in steps.iter().enumerate() {
                apply(&mut client, &mut model, &root, s);
                settle(&mut client, &org);
                take_published(&mut client, &mut held);
                prop_assert_eq!(&held, &expected(model.texts()), "after step {} {:?}", i, s);
            }
            client.stop();
        }
    }
}
