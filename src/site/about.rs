//! The pages about the site: search, the site map and the accessibility
//! statement (tillgänglighetsredogörelse) that DOS-lagen asks of public sites.

use super::frame::{Frame, document, framed, link, list, page, para, section, text};
use super::{Catalog, File};

/// The search page's script: vp's search index (`search`) read in the browser.
const SEARCH_JS: &str = include_str!("../../templates/sok.js");

/// The search page, its script, the site map (of `files`, every page made so
/// far, and these) and the accessibility statement.
pub fn pages(cat: &Catalog, files: &[File]) -> Vec<File> {
    let mut out = vec![
        search(),
        File {
            path: "sok.js".to_owned(),
            title: None,
            bytes: SEARCH_JS.as_bytes().to_vec(),
        },
        statement(cat),
    ];
    let map = sitemap(files, &out);
    out.push(map);
    if let Some(address) = cat.input.address {
        let xml = sitemap_xml(address, files.iter().chain(&out));
        out.push(xml);
    }
    out
}

/// `sitemap.xml` for search engines: every page's absolute address, in path order.
fn sitemap_xml<'f>(address: &str, files: impl Iterator<Item = &'f File>) -> File {
    let mut pages: Vec<&str> = files
        .filter(|f| f.path.ends_with(".html"))
        .map(|f| f.path.as_str())
        .collect();
    pages.sort_unstable();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for p in pages {
        xml.push_str("<url><loc>");
        xml.push_str(&crate::render::html::escape(&format!("{address}{p}")));
        xml.push_str("</loc></url>\n");
    }
    xml.push_str("</urlset>\n");
    File {
        path: "sitemap.xml".to_owned(),
        title: None,
        bytes: xml.into_bytes(),
    }
}

fn home() -> Vec<(String, String)> {
    vec![("index.html".to_owned(), "Start".to_owned())]
}

/// The search page: a form that works with JavaScript, from a server and from
/// `file://` alike, and says so where it cannot (no script).
fn search() -> File {
    let path = "sok.html";
    let body = "<header class=\"doc-header\">\n<p class=\"running-head\">Sök</p>\n<h1>Sök i planerna</h1>\n</header>\n<main id=\"innehall\">\n\
<p>Sök i all text i alla planer: mål, indikatorer, aktiviteter och kapitel. Sökningen hittar också böjda former av svenska ord (<i>feriejobben</i> hittar <i>feriejobb</i>) och ord som börjar med det du skriver (<i>ferie</i> hittar <i>feriejobb</i>). Varje träff leder till målet eller avsnittet där ordet står; träffar med alla sökorden kommer först.</p>\n\
<noscript><p class=\"notice\">Sökningen behöver JavaScript. Allt annat på webbplatsen fungerar utan: gå till <a href=\"index.html\">startsidan</a> eller <a href=\"webbplatskarta.html\">webbplatskartan</a>.</p></noscript>\n\
<form class=\"search\" role=\"search\" id=\"sok-form\" action=\"sok.html\" method=\"get\">\n<label for=\"sok-ord\">Sökord</label>\n<input id=\"sok-ord\" name=\"q\" type=\"search\" autocomplete=\"off\">\n<button type=\"submit\">Sök</button>\n</form>\n\
<p id=\"sok-status\" role=\"status\" aria-live=\"polite\"></p>\n<ol id=\"sok-resultat\" class=\"results\"></ol>\n</main>\n";
    let frame = Frame {
        path,
        title: "Sök",
        trail: &[],
        related: &[],
        extra_css: "",
        script: Some("sok.js"),
    };
    File {
        path: path.to_owned(),
        title: Some("Sök".to_owned()),
        bytes: page(&frame, body).into_bytes(),
    }
}

/// The accessibility statement, in the structure of DIGG's model statement.
fn statement(cat: &Catalog) -> File {
    let path = "tillganglighet.html";
    let p = |s: &str| para(vec![text(s)]);
    let sections = vec![
        section(
            "om-webbplatsen",
            "Om webbplatsen",
            1,
            vec![
                p(
                    "Webbplatsen visar nämndernas och enheternas verksamhetsplaner. Den är byggd ur planfilerna med vp site: samma planer som PDF-filerna, som HTML-sidor med samma innehåll.",
                ),
                p(
                    "Vi vill att så många som möjligt ska kunna använda webbplatsen. Den här redogörelsen beskriver hur webbplatsen uppfyller lagen om tillgänglighet till digital offentlig service (DOS-lagen), kända brister och hur du kan rapportera problem.",
                ),
            ],
        ),
        section(
            "forenlighet",
            "Hur tillgänglig är webbplatsen?",
            1,
            vec![
                p("Webbplatsen är byggd för att uppfylla WCAG 2.1 på nivå AA:"),
                list(vec![
                    vec![text(
                        "Varje sida har språket svenska angivet, en huvudrubrik, rubriker i ordning, landmärken och en länk förbi navigeringen till innehållet.",
                    )],
                    vec![text(
                        "Allt går att använda med tangentbordet, och den del som har fokus syns tydligt. Breda tabeller går att rulla med tangentbordet.",
                    )],
                    vec![text(
                        "Tabeller har rubrikceller och en beskrivning. Ändringar mellan år markeras med mer än färg: borttagen text är genomstruken och tillagd understruken, och båda är utskrivna för skärmläsare.",
                    )],
                    vec![text(
                        "Sidorna fungerar utan JavaScript; bara sökningen behöver det. Typsnitt och stilar följer med webbplatsen, inget hämtas från andra webbplatser.",
                    )],
                    vec![text(
                        "PDF-filerna görs enligt PDF/UA-1 (tillgänglig PDF) med taggad struktur, dokumenttitel och bokmärken.",
                    )],
                ]),
                p(
                    "Varje sida kontrolleras automatiskt med axe-core i webbläsaren Chromium mot WCAG 2.1 A och AA när webbplatsen byggs i testerna, och sökningen och navigeringen provas med tangentbord i samma webbläsare. En automatisk kontroll hittar inte alla brister; webbplatsen har inte granskats manuellt av en tillgänglighetsexpert.",
                ),
            ],
        ),
        section(
            "kanda-brister",
            "Kända brister",
            1,
            vec![list(vec![
                vec![text(
                    "Sökningen behöver JavaScript; utan det säger söksidan det och visar vägen till startsidan och webbplatskartan.",
                )],
                vec![text(
                    "Planernas texter är skrivna av nämnderna och enheterna. Långa tabeller och förkortningar i texterna kan vara svåra att läsa; vi rättar dem i planerna när vi får veta det.",
                )],
            ])],
        ),
        section(
            "rapportera",
            "Rapportera brister",
            1,
            vec![
                p(
                    "Om du inte kan ta del av något innehåll, eller hittar en brist som inte står här, kontakta den nämnd vars plan det gäller; kontaktuppgifterna finns på nämndens webbplats. Du kan också få innehållet i ett annat format.",
                ),
                p(
                    "Myndigheten för digital förvaltning (Digg) har tillsyn över lagen. Om du inte är nöjd med hur vi svarar kan du anmäla det till Digg på digg.se.",
                ),
            ],
        ),
        section(
            "hur-gjord",
            "Hur vi testat webbplatsen",
            1,
            vec![para(vec![
                text(
                    "Webbplatsen testas automatiskt varje gång den byggs i projektets tester (axe-core, Playwright och Chromium). Den innehåller ",
                ),
                text(format!(
                    "{} planer för åren {}.",
                    cat.plan_pages.len(),
                    cat.years
                        .iter()
                        .map(i32::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            ])],
        ),
    ];
    let doc = document(
        "Tillgänglighetsredogörelse",
        super::frame::SITE_NAME,
        "Tillgänglighet",
        sections,
    );
    framed(path, "Tillgänglighetsredogörelse", &home(), &[], &doc)
}

/// Every page of the site, by kind: the second way to any page (WCAG 2.4.5).
fn sitemap(files: &[File], more: &[File]) -> File {
    let path = "webbplatskarta.html";
    const GROUPS: [(&str, &str, &str); 8] = [
        ("", "oversikt", "Webbplatsen"),
        ("namnd/", "namnder", "Nämnder och år"),
        ("plan/", "planer", "Planerna"),
        (
            "sammanstallning/",
            "sammanstallningar",
            "Sammanställningar av enheternas planer",
        ),
        ("enhet/", "enheter", "Enheterna över åren"),
        ("jamforelse/", "jamforelser", "Jämförelser mellan åren"),
        (
            "uppfoljning/",
            "uppfoljningar",
            "Uppföljningar: tertialrapporter och verksamhetsberättelser",
        ),
        ("kf/", "kf", "KF:s mål och indikatorer"),
    ];
    let mut sections = Vec::new();
    for (folder, id, title) in GROUPS {
        let mut pages: Vec<(&str, &str)> = files
            .iter()
            .chain(more)
            .filter(|f| f.path.ends_with(".html"))
            .filter(|f| match folder {
                "" => !f.path.contains('/'),
                _ => f.path.starts_with(folder),
            })
            .filter_map(|f| f.title.as_deref().map(|t| (f.path.as_str(), t)))
            .collect();
        if folder.is_empty() {
            pages.push((path, "Webbplatskarta"));
        }
        if pages.is_empty() {
            continue;
        }
        pages.sort();
        let items = pages
            .iter()
            .map(|(to, label)| vec![link(path, to, *label)])
            .collect();
        sections.push(section(id, title, 1, vec![list(items)]));
    }
    let doc = document(
        "Webbplatskarta",
        super::frame::SITE_NAME,
        "Webbplatskarta",
        sections,
    );
    framed(path, "Webbplatskarta", &home(), &[], &doc)
}
