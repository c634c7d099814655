//! What stands at a place in a plan file, read from the text line by line, so
//! that it works on the half-typed YAML an editor holds as much as on a file
//! that parses: the key a value belongs to, the keys it stands under, the value
//! around the cursor; in Markdown, a goal heading's `{#id}` or a `{{…}}` field.

/// A place in a YAML file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlPlace {
    /// The key the value belongs to (`nämndmål`, `indikator`); for an item of a
    /// list (`- x`, `[a, b]`), the list's key.
    pub key: String,
    /// The keys it stands under, outermost first, without `key`.
    pub path: Vec<String>,
    /// The value around the cursor, without quotes.
    pub value: String,
    /// Where the value stands (bytes, without quotes); the cursor is inside or at its end.
    pub start: usize,
    pub end: usize,
    /// Whether the value is written in quotes.
    pub quoted: bool,
}

/// One line of YAML: where its key starts and what the key is, and the rest.
struct Line<'a> {
    /// The column of the key (or of a bare list item's value).
    column: usize,
    key: Option<&'a str>,
    /// Byte offset in the line where the value starts (after `key: ` or `- `).
    value_at: usize,
}

fn parse_line(line: &str) -> Option<Line<'_>> {
    let trimmed = line.trim_start_matches(' ');
    let mut column = line.len() - trimmed.len();
    let mut rest = trimmed;
    while let Some(r) = rest
        .strip_prefix("- ")
        .or_else(|| (rest == "-").then_some(""))
    {
        let r2 = r.trim_start_matches(' ');
        column += rest.len() - r2.len();
        rest = r2;
    }
    if rest.is_empty() || rest.starts_with('#') {
        return (column < line.len() || line.trim_start().starts_with('-')).then_some(Line {
            column,
            key: None,
            value_at: column,
        });
    }
    let key_end = key_end(rest);
    match key_end {
        Some(k) => {
            let after = &rest[k + 1..];
            let value_at = column + k + 1 + (after.len() - after.trim_start_matches(' ').len());
            Some(Line {
                column,
                key: Some(&rest[..k]),
                value_at,
            })
        }
        None => Some(Line {
            column,
            key: None,
            value_at: column,
        }),
    }
}

/// The end of a plain key (`nämndmål:`): a colon followed by a space or the line's end,
/// before any quote, bracket or comment.
fn key_end(s: &str) -> Option<usize> {
    for (i, c) in s.char_indices() {
        match c {
            ':' if s[i + 1..].is_empty() || s[i + 1..].starts_with(' ') => {
                return (i > 0).then_some(i);
            }
            '"' | '\'' | '[' | '{' | '#' => return None,
            _ => {}
        }
    }
    None
}

/// The value of `key` in the same mapping as the key the line at byte `offset`
/// stands under (for `aktiviteter: [` under `- nämndmål: x`, with `key`
/// `nämndmål`: `x`), looking up from that line to the start of the list item.
pub fn sibling_value(text: &str, offset: usize, key: &str) -> Option<String> {
    let offset = offset.min(text.len());
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let mut lines = text[..start].lines().rev();
    // The line the value stands on, or, for an item of a list on lines of its
    // own, the line of the list's key above it.
    let here = text[start..].lines().next().unwrap_or("");
    let mut column = None;
    for line in std::iter::once(here).chain(lines.by_ref()) {
        let Some(l) = parse_line(line) else { continue };
        if l.key.is_some() {
            column = Some(l.column);
            if line.trim_start().starts_with('-') {
                // The list item starts on this line: its first key is the sibling.
                return (l.key == Some(key)).then(|| value_of(line, &l));
            }
            break;
        }
    }
    let column = column?;
    for line in lines {
        let Some(l) = parse_line(line) else { continue };
        if l.key.is_none() && line.trim().is_empty() {
            continue;
        }
        if l.column < column {
            return None;
        }
        if l.column == column {
            if l.key == Some(key) {
                return Some(value_of(line, &l));
            }
            if line.trim_start().starts_with('-') {
                return None;
            }
        }
    }
    None
}

fn value_of(line: &str, l: &Line<'_>) -> String {
    let v = line[l.value_at.min(line.len())..].trim();
    let v = v.split(" #").next().unwrap_or(v).trim();
    v.trim_matches(|c| c == '"' || c == '\'').to_owned()
}

/// The place at byte `offset` of a YAML text.
pub fn yaml_place(text: &str, offset: usize) -> Option<YamlPlace> {
    let offset = offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let line = text[line_start..line_end].trim_end_matches('\r');
    let parsed = parse_line(line)?;
    let at = offset - line_start;
    if at < parsed.value_at {
        return None;
    }
    // The value: a comment cut off, one item of a flow list, quotes taken off.
    let raw = &line[parsed.value_at..];
    let raw_end = comment_start(raw).unwrap_or(raw.len());
    let raw = &raw[..raw_end];
    let (mut start, mut end) = (parsed.value_at, parsed.value_at + raw.trim_end().len());
    if at > end {
        return None;
    }
    if raw.starts_with('[') {
        start += 1;
        let inner_end = raw.find(']').map_or(end, |i| parsed.value_at + i);
        end = end.min(inner_end);
        if at < start {
            return None;
        }
        // The item between the commas around the cursor.
        let before = line[start..at].rfind(',').map_or(start, |i| start + i + 1);
        let after = line[at..end].find(',').map_or(end, |i| at + i);
        start = before;
        end = after;
    }
    let item = &line[start..end];
    start += item.len() - item.trim_start().len();
    end -= item.len() - item.trim_end().len();
    let start = start.min(end);
    let mut quoted = false;
    let value = &line[start..end];
    let (mut vs, mut ve) = (start, end);
    if let Some(q) = value.chars().next().filter(|c| *c == '"' || *c == '\'') {
        quoted = true;
        vs += 1;
        if value.len() > 1 && value.ends_with(q) {
            ve -= 1;
        }
    }
    let vs = vs.min(ve);
    let (key, path) = match parsed.key {
        Some(k) => (
            k.to_owned(),
            enclosing_keys(text, line_start, parsed.column),
        ),
        None => {
            let mut path = enclosing_keys(text, line_start, parsed.column);
            let key = path.pop()?;
            (key, path)
        }
    };
    Some(YamlPlace {
        key,
        path,
        value: line[vs..ve].to_owned(),
        start: line_start + vs,
        end: line_start + ve,
        quoted,
    })
}

/// The keys above a line: each earlier line whose key stands further left.
fn enclosing_keys(text: &str, line_start: usize, column: usize) -> Vec<String> {
    let mut keys = Vec::new();
    let mut column = column;
    for line in text[..line_start].lines().rev() {
        if column == 0 {
            break;
        }
        let Some(parsed) = parse_line(line) else {
            continue;
        };
        if parsed.column < column
            && let Some(k) = parsed.key
        {
            keys.push(k.to_owned());
            column = parsed.column;
        }
    }
    keys.reverse();
    keys
}

/// Where a ` #` comment starts outside quotes.
fn comment_start(s: &str) -> Option<usize> {
    let mut quote = None;
    let mut prev = ' ';
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '#') if prev == ' ' => return Some(i),
            _ => {}
        }
        prev = c;
    }
    None
}

/// The top-level facts of a plan file as written: `typ`, `år`, `nämnd`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Header {
    pub kind: Option<String>,
    pub year: Option<i32>,
    pub committee: Option<String>,
}

pub fn header(text: &str) -> Header {
    let mut h = Header::default();
    for line in text.lines() {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.split(" #").next().unwrap_or("").trim();
        let value = value.trim_matches(|c| c == '"' || c == '\'');
        match key {
            "typ" => h.kind = Some(value.to_owned()),
            "år" => h.year = value.parse().ok(),
            "nämnd" => h.committee = Some(value.to_owned()),
            _ => {}
        }
    }
    h
}

/// A place in a Markdown file that names something.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MarkdownPlace {
    /// The id in a heading's `{#id}`.
    GoalHeading {
        id: String,
        start: usize,
        end: usize,
    },
    /// The id in `{{tabell: id}}`.
    Table {
        id: String,
        start: usize,
        end: usize,
    },
    /// Inside `{{…}}`: a field's name (or `belopp: …`).
    Field {
        text: String,
        start: usize,
        end: usize,
    },
}

pub fn markdown_place(text: &str, offset: usize) -> Option<MarkdownPlace> {
    let offset = offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let line = text[line_start..line_end].trim_end_matches('\r');
    let at = offset - line_start;
    if line.starts_with('#')
        && let Some(open) = line.rfind("{#")
        && at >= open + 2
    {
        let start = open + 2;
        let end = line[start..].find('}').map_or(line.len(), |i| start + i);
        if at <= end {
            return Some(MarkdownPlace::GoalHeading {
                id: line[start..end].trim().to_owned(),
                start: line_start + start,
                end: line_start + end,
            });
        }
    }
    let open = line[..at].rfind("{{")?;
    if line[open..at].contains("}}") {
        return None;
    }
    let start = open + 2;
    let end = line[start..].find("}}").map_or(line.len(), |i| start + i);
    if at > end {
        return None;
    }
    let inner = &line[start..end];
    if let Some(rest) = inner.trim_start().strip_prefix("tabell:") {
        let id_start = end - rest.len() + (rest.len() - rest.trim_start().len());
        let id_start = id_start.min(end);
        if at < id_start {
            return None;
        }
        return Some(MarkdownPlace::Table {
            id: line[id_start..end].trim().to_owned(),
            start: line_start + id_start,
            end: line_start + id_start + line[id_start..end].trim_end().len(),
        });
    }
    Some(MarkdownPlace::Field {
        text: inner.to_owned(),
        start: line_start + start,
        end: line_start + end,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_sibling_key_of_the_list_item_is_found() {
        let unit = "nämndmål:\n  - nämndmål: medvetna-val\n    enhetsmål: []\n    aktiviteter:\n      - akt\n  - nämndmål: annat\n    aktiviteter: [x, y]\n";
        let at = |needle: &str| unit.find(needle).unwrap() + needle.len();
        assert_eq!(
            sibling_value(unit, at("- akt"), "nämndmål").as_deref(),
            Some("medvetna-val")
        );
        assert_eq!(
            sibling_value(unit, at("[x"), "nämndmål").as_deref(),
            Some("annat")
        );
        assert_eq!(sibling_value(unit, at("- akt"), "mål"), None);
        let committee = "kf_mål:\n  - mål: \"1.4\"\n    aktiviteter:\n      - st\n";
        let at = committee.find("- st").unwrap() + 4;
        assert_eq!(sibling_value(committee, at, "mål").as_deref(), Some("1.4"));
    }

    use super::*;

    const UNIT: &str = "typ: enhetsplan\nnämnd: hagersten-liljeholmen\når: 2020\nnämndmål:\n  - nämndmål: medvetna-val\n    enhetsmål:\n      - id: enhetens-mål\n        fortsätter: \"gammalt\"  # kommentar\nfler_nämnder: [alvsjo, skarholmen]\n";

    fn at(text: &str, needle: &str, plus: usize) -> usize {
        text.find(needle).unwrap() + plus
    }

    #[test]
    fn a_list_items_key_and_the_keys_above_it() {
        let p = yaml_place(UNIT, at(UNIT, "medvetna", 3)).unwrap();
        assert_eq!(p.key, "nämndmål");
        assert_eq!(p.path, ["nämndmål"]);
        assert_eq!(p.value, "medvetna-val");
        assert_eq!(&UNIT[p.start..p.end], "medvetna-val");
        let p = yaml_place(UNIT, at(UNIT, "gammalt", 2)).unwrap();
        assert_eq!(p.key, "fortsätter");
        assert_eq!(p.path, ["nämndmål", "enhetsmål"]);
        assert_eq!(p.value, "gammalt");
        assert!(p.quoted);
    }

    #[test]
    fn an_item_of_a_flow_list() {
        let p = yaml_place(UNIT, at(UNIT, "skarholmen", 4)).unwrap();
        assert_eq!(p.key, "fler_nämnder");
        assert_eq!(p.value, "skarholmen");
        assert!(p.path.is_empty());
    }

    #[test]
    fn a_half_typed_value_and_an_empty_one() {
        let text = "nämndmål:\n  - nämndmål: med\n  - nämndmål: ";
        let p = yaml_place(text, at(text, "med", 3)).unwrap();
        assert_eq!((p.key.as_str(), p.value.as_str()), ("nämndmål", "med"));
        let p = yaml_place(text, text.len()).unwrap();
        assert_eq!((p.key.as_str(), p.value.as_str()), ("nämndmål", ""));
        // On the key itself: no value.
        assert_eq!(yaml_place(text, 3), None);
    }

    #[test]
    fn the_header_as_written() {
        let h = header(UNIT);
        assert_eq!(h.kind.as_deref(), Some("enhetsplan"));
        assert_eq!(h.year, Some(2020));
        assert_eq!(h.committee.as_deref(), Some("hagersten-liljeholmen"));
    }

    #[test]
    fn markdown_headings_tables_and_fields() {
        let md =
            "# Nämndmål: Titel {#mal-ett}\n\n{{tabell: drift}}\n\nBudget {{nettobudget}} mnkr\n";
        assert_eq!(
            markdown_place(md, at(md, "ett", 1)),
            Some(MarkdownPlace::GoalHeading {
                id: "mal-ett".into(),
                start: at(md, "mal-ett", 0),
                end: at(md, "mal-ett", 7)
            })
        );
        match markdown_place(md, at(md, "drift", 2)) {
            Some(MarkdownPlace::Table { id, start, end }) => {
                assert_eq!(id, "drift");
                assert_eq!(&md[start..end], "drift");
            }
            other => panic!("{other:?}"),
        }
        match markdown_place(md, at(md, "netto", 2)) {
            Some(MarkdownPlace::Field { text, .. }) => assert_eq!(text, "nettobudget"),
            other => panic!("{other:?}"),
        }
        assert_eq!(markdown_place(md, at(md, "Budget", 0)), None);
    }
}
