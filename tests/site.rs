//! `vp site`: the bundled plans' site has no broken internal link or anchor,
//! fetches nothing from elsewhere, is the same bytes every build, leaves
//! unchanged files alone, and a failed build leaves the old site. The browser
//! test (axe-core, Playwright) is ignored unless Chromium and the npm packages
//! are there; `.ci/run` runs it.

mod common;
use common::run;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command as Process;

/// The bundled plans' site, with the example follow-up of Hägersten-Liljeholmen
/// 2020 (invented figures) read with them, so that every check covers the pages
/// and columns follow-up adds.
fn build(out: &Path, extra: &[&str]) -> (String, i32) {
    let mut args = vec![
        "site",
        "plans",
        "--uppfoljning",
        "examples/uppfoljning",
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let (_, err, code) = run(&args);
    (err, code)
}

fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Every value of `attr="…"` in the page, unescaped.
fn attribute_values(html: &str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=\"");
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = html[from..].find(&needle) {
        let start = from + i + needle.len();
        let end = start + html[start..].find('"').expect("a closing quote");
        out.push(
            html[start..end]
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&"),
        );
        from = end;
    }
    out
}

/// A file of the search index as JSON: `(self.vpSok=…)["NAME"]=JSON;`.
fn index_file(bytes: &[u8], name: &str) -> serde_json::Value {
    let text = std::str::from_utf8(bytes).unwrap();
    let prefix = format!("(self.vpSok=self.vpSok||{{}})[\"{name}\"]=");
    let json = text
        .strip_prefix(&prefix)
        .and_then(|t| t.strip_suffix(";\n"))
        .unwrap_or_else(|| panic!("{name}: {text}"));
    serde_json::from_str(json).unwrap()
}

/// Resolves `link` (relative, as the site writes them) from the page at `page`.
fn resolve(page: &str, link: &str) -> String {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in link.split('/') {
        match seg {
            ".." => {
                assert!(
                    parts.pop().is_some(),
                    "{page}: `{link}` leads out of the site"
                );
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    parts.join("/")
}

#[test]
fn every_internal_link_and_anchor_resolves() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let (err, code) = build(&out, &[]);
    assert_eq!(code, 0, "{err}");
    let site = files(&out);
    let pages: BTreeMap<&str, String> = site
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, b)| (p.as_str(), String::from_utf8(b.clone()).unwrap()))
        .collect();
    assert!(pages.len() > 100, "{}", pages.len());
    let ids: BTreeMap<&str, BTreeSet<String>> = pages
        .iter()
        .map(|(p, h)| (*p, attribute_values(h, "id").into_iter().collect()))
        .collect();
    let mut checked = 0;
    let mut anchors = 0;
    let mut broken = Vec::new();
    for (page, html) in &pages {
        assert!(html.contains("<html lang=\"sv\">"), "{page}");
        assert!(
            html.contains("<a class=\"skip\" href=\"#innehall\">")
                && html.contains("id=\"innehall\""),
            "{page}: skip link"
        );
        assert_eq!(html.matches("<h1").count(), 1, "{page}: one h1");
        for src in attribute_values(html, "src") {
            assert!(
                !src.contains(':') && !src.starts_with('/'),
                "{page}: src {src}"
            );
            assert!(site.contains_key(&resolve(page, &src)), "{page}: src {src}");
        }
        assert!(!html.contains("<link "), "{page}: the style is inline");
        // The fonts the style names are the site's own.
        for part in html.split("url(\"").skip(1) {
            let url = &part[..part.find('"').unwrap()];
            assert!(!url.contains(':'), "{page}: font {url}");
            assert!(site.contains_key(&resolve(page, url)), "{page}: font {url}");
        }
        for link in attribute_values(html, "href") {
            if link.starts_with("https://") {
                panic!("{page}: a link out of the site: {link}");
            }
            assert!(
                !link.contains(':') && !link.starts_with('/'),
                "{page}: not a relative link: {link}"
            );
            let (file, fragment) = match link.split_once('#') {
                Some((f, a)) => (f, Some(a)),
                None => (link.as_str(), None),
            };
            let target = if file.is_empty() {
                (*page).to_owned()
            } else {
                resolve(page, file)
            };
            checked += 1;
            if !site.contains_key(&target) {
                broken.push(format!("{page}: {link} (no file {target})"));
                continue;
            }
            if let Some(a) = fragment {
                anchors += 1;
                if !ids.get(target.as_str()).is_some_and(|ids| ids.contains(a)) {
                    broken.push(format!("{page}: {link} (no id {a} in {target})"));
                }
            }
        }
    }
    assert!(
        broken.is_empty(),
        "{} broken:\n{}",
        broken.len(),
        broken.join("\n")
    );
    assert!(
        checked > 2000 && anchors > 500,
        "{checked} links, {anchors} anchors"
    );
    // Every search result leads to a page and an anchor on it.
    let mut docs = 0;
    for (path, bytes) in &site {
        let Some(name) = path
            .strip_prefix("sok/m-")
            .and_then(|n| n.strip_suffix(".js"))
        else {
            continue;
        };
        let chunk = index_file(bytes, &format!("m-{name}"));
        let on = chunk["p"].as_array().unwrap();
        for d in chunk["d"].as_array().unwrap() {
            let page = on[d[0].as_u64().unwrap() as usize][0].as_str().unwrap();
            let anchor = d[1].as_str().unwrap();
            assert!(
                ids.get(page).is_some_and(|ids| ids.contains(anchor)),
                "a search result leads nowhere: {page}#{anchor}"
            );
            docs += 1;
        }
    }
    let index = index_file(&site["sok/index.js"], "index");
    assert_eq!(index["n"].as_u64(), Some(docs), "{index}");
    assert!(docs > 100, "{docs} documents");
    // Every page is reachable from the site map.
    let map = &pages["webbplatskarta.html"];
    let listed: BTreeSet<String> = attribute_values(map, "href")
        .iter()
        .map(|l| resolve("webbplatskarta.html", l))
        .collect();
    for page in pages.keys() {
        assert!(listed.contains(*page), "{page} is not in the site map");
    }
}

#[test]
fn the_site_shows_what_the_tree_holds() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let (err, code) = build(&out, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("med sökindex"), "{err}");
    let read = |p: &str| std::fs::read_to_string(out.join(p)).unwrap();
    // The plan as vp render writes it, in the site's frame.
    let plan = read("plan/hagersten-liljeholmen-resursenheten-2020.html");
    assert!(plan.contains("<main id=\"innehall\">"));
    assert!(plan.contains("href=\"../enhet/hagersten-alvsjo-resursenheten.html\""));
    assert!(plan.contains("Jämförelse med 2022"));
    // Diffs both ways: 2020 → 2022 links back to both years.
    let committee = read("namnd/hagersten-liljeholmen-2020.html");
    assert!(committee.contains("Jämförelse med 2019"), "{committee}");
    assert!(committee.contains("href=\"../jamforelse/hagersten-alvsjo-2020-2022.html\""));
    assert!(read("namnd/hagersten-alvsjo-2022.html").contains("Jämförelse med 2020"));
    let diff = read("jamforelse/hagersten-alvsjo-resursenheten-2020-2022.html");
    assert!(diff.contains("Skillnader mellan 2020 och 2022"));
    assert!(diff.contains("<ins><span class=\"vh\">tillagt: </span>"));
    // A KF goal read downwards: nämndmål and the enhetsmål under them, with targets.
    let goal = read("kf/2020-mal-1-3.html");
    assert!(goal.contains("Enhetsmål, Resursenheten:"), "{goal}");
    assert!(goal.contains("href=\"../plan/hagersten-liljeholmen-resursenheten-2020.html#"));
    assert!(goal.contains("href=\"../plan/hagersten-liljeholmen-2020.html#"));
    // A KF indicator with each nämnd's target and the units' rolled up.
    let feriejobb = read("kf/2019-indikator-antal-tillhandahallna-platser-feriejobb.html");
    assert!(feriejobb.contains("Hägersten-Liljeholmens stadsdelsnämnd"));
    assert!(feriejobb.contains("Sammanräknat"));
    // No follow-up of 2019 in the tree: no outcome section, no outcome column.
    assert!(!feriejobb.contains("Utfall"), "{feriejobb}");
    assert!(!read("kf/2019-mal-1-1.html").contains("Utfall"));
    // The example follow-up of 2020: each period's outcomes beside the targets
    // in force, the nämnd's and each unit's, with words and a symbol.
    let sick = read("kf/2020-indikator-sjukfranvaro.html");
    for (id, heading) in [
        ("utfall-t1", "Utfall: Tertialrapport 1 (januari–april)"),
        ("utfall-t2", "Utfall: Tertialrapport 2 (januari–augusti)"),
        (
            "utfall-vb",
            "Utfall: Verksamhetsberättelse (januari–december)",
        ),
    ] {
        assert!(
            sick.contains(&format!("<h2 id=\"{id}\">{heading}</h2>")),
            "{sick}"
        );
    }
    // The nämnd's row at T2: the target changed by decision, its outcome and
    // forecast, linked to its tertialrapport's KF goal.
    assert!(
        sick.contains("href=\"../uppfoljning/hagersten-liljeholmen-2020-t2.html#mal-3-2\""),
        "{sick}"
    );
    assert!(
        sick.contains("7,5\u{a0}% från <span class=\"date\">2020-06-17</span>"),
        "{sick}"
    );
    assert!(
        sick.contains("<td class=\"left\">7,3\u{a0}%</td>"),
        "{sick}"
    );
    // The unit's own row: Familjerätt Sydväst's 5,6 % in the verksamhetsberättelse.
    assert!(
        sick.contains("<td class=\"left\">5,6\u{a0}%</td>"),
        "{sick}"
    );
    // KF's definition declares no aggregering and no riktning: said, not guessed.
    assert!(
        sick.contains("indikatorns definition anger inte hur utfallen räknas samman"),
        "{sick}"
    );
    assert!(sick.contains("kan inte jämföras"), "{sick}");
    // The KF goal's table of KF's indicators has a column per period followed up.
    let goal = read("kf/2020-mal-3-2.html");
    assert!(goal.contains("class=\"left\">Utfall T1</th>"), "{goal}");
    assert!(goal.contains("class=\"left\">Utfall VB</th>"), "{goal}");
    // The rollup as a page, the accessibility statement, the search page and its index.
    assert!(
        read("sammanstallning/hagersten-liljeholmen-2020.html").contains("Enhetsmål per nämndmål")
    );
    assert!(read("tillganglighet.html").contains("DOS-lagen"));
    let search = read("sok.html");
    assert!(search.contains("<label for=\"sok-ord\">Sökord</label>"));
    assert!(search.contains("<script src=\"sok.js\"></script>"));
    // Inflected forms share a stem: the words with their stems, the stem's postings.
    let fe = index_file(read("sok/o-fe.js").as_bytes(), "o-fe");
    let words = fe["w"].as_array().unwrap();
    assert!(words.iter().any(|w| w[0] == "feriejobb"), "{fe}");
    assert!(
        words
            .iter()
            .any(|w| w[0] == "feriearbeten" && w[1] == "feriearbet"),
        "{fe}"
    );
    assert!(fe["s"]["feriejobb"].as_array().unwrap().len() >= 4, "{fe}");
    // A unit plan's text repeated from its nämnd's plan is indexed at the nämnd's only.
    let mut titles = Vec::new();
    for (p, b) in files(&out) {
        if let Some(n) = p.strip_prefix("sok/m-").and_then(|n| n.strip_suffix(".js")) {
            let chunk = index_file(&b, &format!("m-{n}"));
            let on = chunk["p"].as_array().unwrap().clone();
            for d in chunk["d"].as_array().unwrap() {
                let page = on[d[0].as_u64().unwrap() as usize][0]
                    .as_str()
                    .unwrap()
                    .to_owned();
                titles.push((page, d[2].as_str().unwrap().to_owned()));
            }
        }
    }
    let nämndmål = "Nämndmål: Alla barn i förskolan utvecklar sin förståelse för grundläggande demokratiska värden";
    let at: Vec<&str> = titles
        .iter()
        .filter(|(_, t)| t == nämndmål)
        .map(|(p, _)| p.as_str())
        .collect();
    assert!(
        at.contains(&"plan/hagersten-liljeholmen-2020.html"),
        "{at:?}"
    );
    assert!(at.iter().all(|p| !p.contains("resursenheten")), "{at:?}");
    // The unit's own goal under it is there.
    assert!(titles.iter().any(
        |(p, t)| p == "plan/hagersten-liljeholmen-resursenheten-2020.html"
            && t.starts_with("Enhetsmål: Gruppen är en tillgång")
    ));
    // Only the search page has a script.
    for (p, b) in files(&out) {
        if p.ends_with(".html") && p != "sok.html" {
            assert!(!String::from_utf8(b).unwrap().contains("<script"), "{p}");
        }
    }
}

#[test]
fn two_builds_are_byte_identical_and_a_rebuild_rewrites_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    for out in [&a, &b] {
        let (err, code) = build(out, &[]);
        assert_eq!(code, 0, "{err}");
    }
    let (fa, fb) = (files(&a), files(&b));
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    for (p, bytes) in &fa {
        assert!(bytes == &fb[p], "{p} differs between two builds");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let inode = |p: &Path| std::fs::metadata(p).unwrap().ino();
        let before: BTreeMap<&String, u64> = fa.keys().map(|p| (p, inode(&a.join(p)))).collect();
        let (err, code) = build(&a, &[]);
        assert_eq!(code, 0, "{err}");
        assert!(
            err.contains(&format!(
                "0 filer nya eller ändrade, {} oförändrade",
                fa.len()
            )),
            "{err}"
        );
        for (p, ino) in before {
            assert_eq!(inode(&a.join(p)), ino, "{p} was rewritten");
        }
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_failed_build_leaves_the_old_site() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let (err, code) = build(&out, &["--utan-sok"]);
    assert_eq!(code, 0, "{err}");
    let before = files(&out);
    // A PDF that cannot be read (a file whose every read fails, even as root):
    // the build stops while writing the staged site, before the move.
    let pdfs = dir.path().join("pdf");
    std::fs::create_dir(&pdfs).unwrap();
    std::os::unix::fs::symlink(
        "/proc/self/mem",
        pdfs.join("hagersten-liljeholmen-2019.pdf"),
    )
    .unwrap();
    let (err, code) = build(&out, &["--pdf", pdfs.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("kan inte läsa") && err.contains("den gamla webbplatsen är kvar"),
        "{err}"
    );
    std::fs::remove_dir_all(&pdfs).unwrap();
    assert_eq!(files(&out), before);
    let left: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(left, vec![out.clone()], "no staging folder is left");
    // A folder vp did not build is not replaced.
    let other = dir.path().join("annat");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("viktig.txt"), "x").unwrap();
    let (err, code) = build(&other, &["--utan-sok"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("inte byggd av vp"), "{err}");
    assert!(other.join("viktig.txt").exists());
}

#[test]
fn sitemap_xml_names_every_page_at_the_address_given() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let (err, code) = build(
        &out,
        &["--utan-sok", "--adress", "https://example.se/planer"],
    );
    assert_eq!(code, 0, "{err}");
    let xml = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    let pages = files(&out).keys().filter(|p| p.ends_with(".html")).count();
    assert_eq!(
        xml.matches("<loc>https://example.se/planer/").count(),
        pages,
        "{xml}"
    );
    assert!(xml.contains("<loc>https://example.se/planer/index.html</loc>"));
    let (err, code) = build(&out, &["--adress", "example.se"]);
    assert_eq!(code, 2);
    assert!(err.contains("ingen webbadress"), "{err}");
}

#[test]
fn pdfs_given_are_carried_and_linked() {
    let dir = tempfile::tempdir().unwrap();
    let pdfs = dir.path().join("pdf");
    std::fs::create_dir(&pdfs).unwrap();
    std::fs::write(
        pdfs.join("hagersten-liljeholmen-2019.pdf"),
        b"%PDF-1.7 prov",
    )
    .unwrap();
    let out = dir.path().join("site");
    let (err, code) = build(&out, &["--utan-sok", "--pdf", pdfs.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        std::fs::read(out.join("pdf/hagersten-liljeholmen-2019.pdf")).unwrap(),
        b"%PDF-1.7 prov"
    );
    let plan = std::fs::read_to_string(out.join("plan/hagersten-liljeholmen-2019.html")).unwrap();
    assert!(plan.contains("<a href=\"../pdf/hagersten-liljeholmen-2019.pdf\">Planen som PDF</a>"));
    let year = std::fs::read_to_string(out.join("namnd/hagersten-liljeholmen-2019.html")).unwrap();
    assert!(year.contains("../pdf/hagersten-liljeholmen-2019.pdf"));
    // Plans without a PDF link none.
    let unit =
        std::fs::read_to_string(out.join("plan/hagersten-liljeholmen-resursenheten-2020.html"))
            .unwrap();
    assert!(!unit.contains(".pdf"));
    assert!(!out.join("sitemap.xml").exists());
    let (err, code) = build(&out, &["--pdf", "finns-inte"]);
    assert_eq!(code, 2);
    assert!(err.contains("`finns-inte` är ingen katalog"), "{err}");
}

/// axe-core in Chromium over every page of the bundled site, and a walk with
/// Playwright: the start page, a unit's goal by keyboard and links, a search
/// for a word from the plans and a result followed, from a server and from
/// `file://`. Needs Chromium
/// and the npm packages of tests/browser; fails, not skips, when they are missing.
#[test]
#[ignore = "needs Chromium (/usr/bin/chromium) and `npm ci` in tests/browser (axe-core, playwright-core); .ci/run runs it"]
fn the_site_is_accessible_and_searchable_in_a_browser() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let (err, code) = build(&out, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("med sökindex"), "{err}");
    let mut cmd = Process::new("node");
    cmd.arg("tests/browser/site.mjs").arg(&out);
    if let Some(dir) = std::env::var_os("VP_SITE_SCREENSHOTS") {
        cmd.env("SCREENSHOTS", dir);
    }
    let result = cmd.output().expect("node");
    let report = String::from_utf8_lossy(&result.stdout);
    let errors = String::from_utf8_lossy(&result.stderr);
    assert!(result.status.success(), "{report}\n{errors}");
    let pages = files(&out).keys().filter(|p| p.ends_with(".html")).count();
    // Every page, and the search page once more with its results shown.
    assert_eq!(
        report
            .lines()
            .filter(|l| l.starts_with("{\"file\""))
            .count(),
        pages + 1,
        "axe ran on every page:\n{report}\n{errors}"
    );
    assert!(report.contains("walk: ok"), "{report}\n{errors}");
    // The search index is the same bytes for the same pages: a rebuild rewrites nothing.
    let before = files(&out);
    let (err, code) = build(&out, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(&format!(
            "0 filer nya eller ändrade, {} oförändrade",
            before.len()
        )),
        "{err}"
    );
}

/// Follow-up documents (issue 19) where the tree has them: a page each, as
/// `vp render` writes them, listed on the nämnd's year and linked from the plan.
#[test]
fn follow_ups_are_pages_listed_on_the_nämnd_year() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("planer");
    std::fs::create_dir(&tree).unwrap();
    for from in ["tests/fixtures/_base", "tests/fixtures/_followup"] {
        for e in std::fs::read_dir(from).unwrap() {
            let p = e.unwrap().path();
            std::fs::copy(&p, tree.join(p.file_name().unwrap())).unwrap();
        }
    }
    let out = dir.path().join("site");
    let (_, err, code) = run(&[
        "site",
        tree.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let read = |p: &str| std::fs::read_to_string(out.join(p)).unwrap();
    let year = read("namnd/norrmalm-2020.html");
    assert!(
        year.contains(
            "<a href=\"../uppfoljning/norrmalm-2020-t1.html\">Nämndens tertialrapport 1 2020</a>"
        ),
        "{year}"
    );
    assert!(
        year.contains("../uppfoljning/norrmalm-2020-t2.html"),
        "{year}"
    );
    assert!(!year.contains("finns inte i planträdet"), "{year}");
    let t1 = read("uppfoljning/norrmalm-2020-t1.html");
    assert!(t1.contains("<h1>Tertialrapport 1 2020<span"), "{t1}");
    assert!(t1.contains("12\u{a0}st"), "the outcome: {t1}");
    assert!(t1.contains("href=\"../plan/norrmalm-2020.html\""), "{t1}");
    let plan = read("plan/norrmalm-2020.html");
    assert!(plan.contains("href=\"../uppfoljning/norrmalm-2020-t2.html\""));
    assert!(read("webbplatskarta.html").contains("uppfoljning/norrmalm-2020-t1.html"));
    // The KF indicator (summa, högre) at T1: the nämnd's 12 st against its 40 st;
    // its units' 41 + 25 = 66 st against the same 40 st; the nämnder's 12 st
    // against KF's 9 000 st; each unit's own row.
    let feriejobb = read("kf/2020-indikator-antal-feriejobb.html");
    let t1 = &feriejobb[feriejobb.find("id=\"utfall-t1\"").expect("T1's outcomes")
        ..feriejobb.find("id=\"utfall-t2\"").expect("T2's outcomes")];
    assert!(
        t1.contains("Nämndernas utfall räknade samman (summa): 12\u{a0}st. Mot KF:s årsmål 9\u{a0}000\u{a0}st: ✘ sämre än målet."),
        "{t1}"
    );
    assert!(
        t1.contains("<td class=\"left\">12\u{a0}st</td><td class=\"left\">✘ sämre än målet</td><td class=\"left\">66\u{a0}st</td><td class=\"left\">✔ når målet</td>"),
        "{t1}"
    );
    assert!(
        t1.contains("<td class=\"left\">40\u{a0}st</td><td class=\"left\">41\u{a0}st</td><td class=\"left\">✔ når målet</td>"),
        "{t1}"
    );
    assert!(
        !t1.contains("Prognos"),
        "no forecast given, no column: {t1}"
    );
    assert!(
        !feriejobb.contains("id=\"utfall-vb\""),
        "no VB in the tree: {feriejobb}"
    );
    // A unit that has not reported at T2 is named as such.
    let share = read("kf/2020-indikator-andel-med-bistand.html");
    let t2 = &share[share.find("id=\"utfall-t2\"").unwrap()..];
    assert!(t2.contains("Simhallen</th><td class=\"left\">Norrmalms stadsdelsnämnd</td><td class=\"left\">0,6\u{a0}%</td><td class=\"left\">har inte rapporterat</td>"), "{t2}");
    // The KF goal: the nämnder's figure per period against KF's target.
    let goal = read("kf/2020-mal-1-1.html");
    assert!(goal.contains("12\u{a0}st: ✘ sämre än målet"), "{goal}");
    assert!(goal.contains("0,9\u{a0}%: ✔ når målet"), "{goal}");
}
