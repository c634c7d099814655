//! A [`Document`] as one self-contained HTML page: inline CSS, no scripts,
//! nothing fetched; `lang="sv"`, landmarks, one `h1`, headings in order, tables
//! with captions and header cells, a table of contents anchored on the goals' ids,
//! and a print stylesheet. Every piece of plan text is escaped.

use std::fmt::Write;

use super::document::*;
use crate::model::value::MONTHS;

/// The stylesheet of every page vp writes (plans, `vp diff`'s page and its
/// summary): one typeface, one set of colours, one print layout.
pub const CSS: &str = include_str!("../../templates/plan.css");

/// Escapes text for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s);
    out
}

/// [`escape`], written straight onto `out`: the prose's text is not copied
/// once more on its way into the page.
fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

/// [`escape`], with each date in a `<span class="date">` kept on one line.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    text_into(&mut out, s);
    out
}

/// [`escape_into`], with each date (`2019-12-31`, `10 januari 2019`) in a
/// `<span class="date">` that the stylesheet keeps on one line: a narrow
/// column breaks a date at its hyphen otherwise ("2019-12-" / "31").
fn text_into(out: &mut String, s: &str) {
    let mut rest = s;
    while let Some((start, end)) = next_date(rest) {
        escape_into(out, &rest[..start]);
        out.push_str("<span class=\"date\">");
        escape_into(out, &rest[start..end]);
        out.push_str("</span>");
        rest = &rest[end..];
    }
    escape_into(out, rest);
}

/// The byte range of the first date in `s`: `YYYY-MM-DD`, `D månad YYYY` or
/// `D månad`, not inside a longer run of digits or word.
fn next_date(s: &str) -> Option<(usize, usize)> {
    let b = s.as_bytes();
    let digits = |from: usize, n: usize| {
        b.get(from..from + n)
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
    };
    let boundary_before = |i: usize| i == 0 || !b[i - 1].is_ascii_digit();
    let boundary_after = |i: usize| b.get(i).is_none_or(|c| !c.is_ascii_digit());
    for i in 0..b.len() {
        if !b[i].is_ascii_digit() || !boundary_before(i) {
            continue;
        }
        if digits(i, 4)
            && b.get(i + 4) == Some(&b'-')
            && digits(i + 5, 2)
            && b.get(i + 7) == Some(&b'-')
            && digits(i + 8, 2)
            && boundary_after(i + 10)
        {
            return Some((i, i + 10));
        }
        // `10 januari 2019`: a day of one or two digits, a month, a year.
        let day = if digits(i, 2) { 2 } else { 1 };
        let mut j = i + day;
        if !matches!(b.get(j), Some(b' ')) {
            continue;
        }
        j += 1;
        let Some(month) = MONTHS.iter().find(|m| s[j..].starts_with(*m)) else {
            continue;
        };
        j += month.len();
        if matches!(b.get(j), Some(b' ')) && digits(j + 1, 4) && boundary_after(j + 5) {
            return Some((i, j + 5));
        }
        // `1 januari – 30 juni 2020`: the first day of a period has no year.
        if s[j..].chars().next().is_none_or(|c| !c.is_alphanumeric()) {
            return Some((i, j));
        }
    }
    None
}

fn heading_tag(level: u8) -> u8 {
    (level + 1).clamp(2, 6)
}

/// The page.
pub fn render(doc: &Document) -> String {
    let mut h = String::with_capacity(64 * 1024);
    let title = format!("{} – {}", doc.title, doc.organisation);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"author\" content=\"{}\">\n<title>{}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n<a class=\"skip\" href=\"#innehall\">Till innehållet</a>\n",
        escape(&doc.author),
        escape(&title)
    );
    body_into(&mut h, doc);
    h.push_str("</body>\n</html>\n");
    h
}

/// The stylesheet every page carries, for a page that frames a document in
/// its own `<head>` (`vp site`).
pub const STYLESHEET: &str = CSS;

/// The document's part of the page, from its header to its footer, for a
/// page that frames it (`vp site`, with its own `<head>`, skip link and
/// navigation).
pub fn body(doc: &Document) -> String {
    let mut h = String::with_capacity(64 * 1024);
    body_into(&mut h, doc);
    h
}

fn body_into(h: &mut String, doc: &Document) {
    h.push_str("<header class=\"doc-header\">\n");
    let _ = writeln!(
        h,
        "<p class=\"running-head\">{}</p>",
        escape(&doc.running_head)
    );
    if let Some(c) = &doc.cover {
        cover_facts(h, c);
    }
    let _ = writeln!(
        h,
        "<h1>{}<span class=\"organisation\">{}</span></h1>",
        escape(&doc.title),
        escape(&doc.organisation)
    );
    if let Some(s) = &doc.subtitle {
        let _ = writeln!(h, "<p class=\"subtitle\">{}</p>", escape(s));
    }
    if let Some(p) = &doc.period {
        h.push_str("<p class=\"period\">Period: ");
        text_into(h, p);
        h.push_str("</p>\n");
    }
    h.push_str("</header>\n");
    toc(h, doc);
    h.push_str("<main id=\"innehall\">\n");
    if let Some(c) = &doc.cover
        && !c.proposals.is_empty()
    {
        h.push_str("<section aria-labelledby=\"forslag-till-beslut\">\n<h2 id=\"forslag-till-beslut\">Förslag till beslut</h2>\n<ol>\n");
        for p in &c.proposals {
            let _ = writeln!(h, "<li>{}</li>", escape(p));
        }
        h.push_str("</ol>\n</section>\n");
    }
    for s in &doc.sections {
        section(h, s);
    }
    h.push_str("</main>\n");
    let _ = writeln!(
        h,
        "<footer class=\"doc-footer\"><p>{} · {}</p></footer>",
        escape(&doc.organisation),
        escape(&doc.title)
    );
}

fn cover_facts(h: &mut String, c: &Cover) {
    let facts = [
        ("Förvaltning", &c.administration),
        ("Avdelning", &c.department),
        ("Handläggare", &c.officer),
        ("Diarienummer", &c.registry_number),
        ("Datum", &c.date),
    ];
    if facts.iter().any(|(_, v)| v.is_some()) {
        h.push_str("<dl class=\"cover\">\n");
        for (k, v) in facts {
            if let Some(v) = v {
                let _ = write!(h, "<div><dt>{k}</dt><dd>");
                text_into(h, v);
                h.push_str("</dd></div>\n");
            }
        }
        h.push_str("</dl>\n");
    }
    let _ = writeln!(h, "<p class=\"to\">{}</p>", escape(&c.to));
}

/// The table of contents: every section, down to the enhetsmål of a unit plan
/// (as the PDF's outline has them); headings inside a section's text are not sections.
fn toc(h: &mut String, doc: &Document) {
    fn list(h: &mut String, sections: &[Section]) {
        if sections.is_empty() {
            return;
        }
        h.push_str("<ol>\n");
        for s in sections {
            let _ = write!(
                h,
                "<li><a href=\"#{}\">{}</a>",
                escape(&s.id),
                escape(&s.title)
            );
            list(h, &s.sections);
            h.push_str("</li>\n");
        }
        h.push_str("</ol>\n");
    }
    // A page of one part (a page of `vp site`) needs no table of contents.
    if doc.all_sections().len() < 2 {
        return;
    }
    h.push_str(
        "<nav class=\"toc\" aria-labelledby=\"toc-rubrik\">\n<h2 id=\"toc-rubrik\">Innehåll</h2>\n",
    );
    list(h, &doc.sections);
    h.push_str("</nav>\n");
}

fn section(h: &mut String, s: &Section) {
    let tag = heading_tag(s.level);
    let class = if s.page_break {
        " class=\"page-break\""
    } else {
        ""
    };
    let _ = writeln!(
        h,
        "<section{class} aria-labelledby=\"{id}\">\n<h{tag} id=\"{id}\">{}</h{tag}>",
        escape(&s.title),
        id = escape(&s.id)
    );
    for b in &s.blocks {
        block(h, b, &s.title);
    }
    for c in &s.sections {
        section(h, c);
    }
    h.push_str("</section>\n");
}

fn block(h: &mut String, b: &Block, context: &str) {
    match b {
        Block::Paragraph { content } => {
            h.push_str("<p>");
            inlines(h, content);
            h.push_str("</p>\n");
        }
        Block::Heading { level, content } => {
            let tag = heading_tag(*level);
            let _ = write!(h, "<h{tag}>");
            inlines(h, content);
            let _ = writeln!(h, "</h{tag}>");
        }
        Block::List {
            ordered,
            start,
            items,
        } => {
            if *ordered {
                if *start == 1 {
                    h.push_str("<ol>\n");
                } else {
                    let _ = writeln!(h, "<ol start=\"{start}\">");
                }
            } else {
                h.push_str("<ul>\n");
            }
            for item in items {
                h.push_str("<li>");
                // A tight list item is one paragraph: no <p> around it.
                if let [Block::Paragraph { content }] = item.as_slice() {
                    inlines(h, content);
                } else {
                    for b in item {
                        block(h, b, context);
                    }
                }
                h.push_str("</li>\n");
            }
            h.push_str(if *ordered { "</ol>\n" } else { "</ul>\n" });
        }
        Block::Quote { blocks } => {
            h.push_str("<blockquote>\n");
            for b in blocks {
                block(h, b, context);
            }
            h.push_str("</blockquote>\n");
        }
        Block::Code { text } => {
            let _ = writeln!(h, "<pre><code>{}</code></pre>", escape(text));
        }
        Block::Rule => h.push_str("<hr>\n"),
        Block::Signatures { people } => {
            h.push_str("<div class=\"signatures\">\n");
            for p in people {
                let _ = writeln!(
                    h,
                    "<p><span class=\"name\">{}</span><br><span class=\"role\">{}</span></p>",
                    escape(&p.name),
                    escape(&p.title)
                );
            }
            h.push_str("</div>\n");
        }
        Block::Chart { title, svg, .. } => {
            // The SVG carries role="img" and its text alternative (`alt`) as
            // aria-label and <title>; the caption names it.
            let _ = writeln!(
                h,
                "<figure class=\"chart\">\n{svg}\n<figcaption>{}</figcaption>\n</figure>",
                escape(title)
            );
        }
        Block::Table {
            kind,
            caption,
            unit,
            columns,
            rows,
        } => table(
            h,
            *kind,
            caption.as_deref(),
            unit.as_deref(),
            columns,
            rows,
            context,
        ),
    }
}

fn table(
    h: &mut String,
    kind: TableKind,
    caption: Option<&str>,
    unit: Option<&str>,
    columns: &[Column],
    rows: &[Row],
    context: &str,
) {
    let class = match kind {
        TableKind::Indicators => "indicators",
        TableKind::Activities => "activities",
        TableKind::Budget => "budget",
        TableKind::Prose => "prose",
        TableKind::Rollup => "rollup",
    };
    let caption = match (caption, kind) {
        (Some(c), _) => c.to_owned(),
        (None, TableKind::Indicators) => format!("Indikatorer: {context}"),
        (None, TableKind::Activities) => format!("Aktiviteter: {context}"),
        (None, _) => format!("Tabell: {context}"),
    };
    // A wide table scrolls on a narrow screen: its frame takes keyboard focus
    // so it can be scrolled without a mouse, and is named by the caption.
    // A table of many columns (the budget's nine amounts) is set smaller, its
    // headers wrapped, and printed on a landscape page, so that it fits whole.
    let wide = if columns.len() > WIDE_COLUMNS {
        " wide"
    } else {
        ""
    };
    let _ = write!(
        h,
        "<div class=\"table-wrap{wide}\" tabindex=\"0\" role=\"region\" aria-label=\"{0}\"><table class=\"{class}\">\n<caption>{0}",
        escape(&caption)
    );
    if let Some(u) = unit {
        let _ = write!(h, " <span class=\"unit\">({})</span>", escape(u));
    }
    h.push_str("</caption>\n<thead><tr>");
    for (i, c) in columns.iter().enumerate() {
        let title = if c.title.is_empty() && i == 0 {
            // A header cell needs a name, also for the row headings' column.
            "<span class=\"visually-hidden\">Rad</span>".to_owned()
        } else {
            escape(&c.title)
        };
        let _ = write!(
            h,
            "<th scope=\"col\" class=\"{}\">{title}</th>",
            align_class(c.align)
        );
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    let has_notes = rows.iter().any(|r| r.note.is_some());
    for r in rows {
        let style = match r.style {
            RowStyle::Normal => "",
            RowStyle::Part => " class=\"part\"",
            RowStyle::Total => " class=\"total\"",
        };
        let _ = write!(h, "<tr{style}>");
        for (i, c) in r.cells.iter().enumerate() {
            let align = columns.get(i).map_or("left", |c| align_class(c.align));
            if i == 0 {
                let _ = write!(h, "<th scope=\"row\" class=\"{align}\">");
                inlines(h, c);
                if let Some(n) = &r.note
                    && has_notes
                {
                    let _ = write!(h, "<span class=\"note\">{}</span>", escape(n));
                }
                h.push_str("</th>");
            } else {
                let _ = write!(h, "<td class=\"{align}\">");
                inlines(h, c);
                h.push_str("</td>");
            }
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody>\n</table></div>\n");
}

/// More columns than this make a table wide: set smaller, printed landscape.
const WIDE_COLUMNS: usize = 6;

fn align_class(a: Align) -> &'static str {
    match a {
        Align::Left => "left",
        Align::Center => "center",
        Align::Right => "right",
    }
}

fn inlines(h: &mut String, items: &[Inline]) {
    for i in items {
        match i {
            Inline::Text { text } => text_into(h, text),
            Inline::Break => h.push_str("<br>"),
            Inline::Code { text } => {
                let _ = write!(h, "<code>{}</code>", escape(text));
            }
            Inline::Emph { content } => {
                h.push_str("<em>");
                inlines(h, content);
                h.push_str("</em>");
            }
            Inline::Strong { content } => {
                h.push_str("<strong>");
                inlines(h, content);
                h.push_str("</strong>");
            }
            Inline::Strike { content } => {
                h.push_str("<del>");
                inlines(h, content);
                h.push_str("</del>");
            }
            Inline::Link { url, content } => {
                let _ = write!(h, "<a href=\"{}\">", escape(url));
                inlines(h, content);
                h.push_str("</a>");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::escape_text;

    #[test]
    fn dates_are_kept_whole_and_nothing_else() {
        assert_eq!(
            escape_text("2019-01-01–2019-12-31"),
            "<span class=\"date\">2019-01-01</span>–<span class=\"date\">2019-12-31</span>"
        );
        assert_eq!(
            escape_text("den 10 januari 2019 & <b>"),
            "den <span class=\"date\">10 januari 2019</span> &amp; &lt;b&gt;"
        );
        assert_eq!(
            escape_text("1 januari – 30 juni 2020"),
            "<span class=\"date\">1 januari</span> – <span class=\"date\">30 juni 2020</span>"
        );
        for plain in [
            "12019-01-01",
            "2019-01-011",
            "2019-1-01",
            "10 januarit",
            "1 050 st",
            "år 2019",
        ] {
            assert!(!escape_text(plain).contains("<span"), "{plain}");
        }
        assert_eq!(
            escape_text("31 december 2019."),
            "<span class=\"date\">31 december 2019</span>."
        );
    }
}
