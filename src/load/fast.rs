//! A fast reader for the small part of YAML that vp's plan files use, tried
//! before serde-saphyr on every typed read.
//!
//! Most of the time of `vp validate` on a city-year with follow-up went to the
//! general YAML parser. Plan files use little of YAML: block mappings and
//! sequences, one-line scalars (plain, single- or double-quoted), one-line flow
//! lists and tables (`[a, b]`, `{ helt: 100 }`), folded text (`>-`) on lines
//! of one indentation, comments and empty values.
//! This module reads exactly that into a small tree and hands it to serde.
//!
//! It never decides anything on its own: on whatever it is not sure of
//! (anchors, tags, block scalars other than that `>-`, multi-line scalars, tabs, `\r`, a
//! byte-order mark, directives, a repeated key, a scalar it cannot type with
//! certainty, a value that does not fit the target type, …) it *declines*
//! and the caller reads the text with serde-saphyr as before. So what is
//! accepted, every finding, message and span stays serde-saphyr's; a test
//! and a property test (`fast_tests.rs`, and the `validate` fuzz target)
//! hold the two readers equal.
//!
//! The typing follows the loader's serde-saphyr options exactly where it
//! types at all: only `true`/`True`/`TRUE` and the `false` forms are booleans
//! (strict booleans: `NO`, `yes`, `on` stay text), `~`, `null`, `Null`,
//! `NULL` and the empty value are null, a decimal whole number without a
//! redundant leading zero is a number, and a plain scalar that cannot be a
//! number, a boolean or null (it holds a space, `%`, a letter outside ASCII,
//! starts with a letter and is no spelling of infinity or NaN, or is a date)
//! is text. Every other plain scalar (`0x1F`, `1e3`, `12:30`, `1.5`, `007`)
//! declines.

use std::borrow::Cow;
use std::fmt;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor,
};

use super::spanned::{FAST_SPAN, SPANNED};

/// Reads `text` as `T` when it is in the subset and fits `T`; `None` to leave it to serde-saphyr.
pub(super) fn read<T: DeserializeOwned>(text: &str) -> Option<T> {
    let root = parse(text).ok()?;
    T::deserialize(&root).ok()
}

/// Why the fast reader left a text to serde-saphyr. Never shown to a user.
#[derive(Debug)]
pub(super) struct Decline;

impl fmt::Display for Decline {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("not in the fast YAML subset")
    }
}

impl std::error::Error for Decline {}

impl de::Error for Decline {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Decline
    }
}

type Res<T> = Result<T, Decline>;

/// A node of the tree, with the byte range of a scalar (quotes included);
/// collections and empty values carry none, and a request for it declines.
struct Item<'a> {
    node: Node<'a>,
    span: Option<(u32, u32)>,
}

enum Node<'a> {
    /// The scalar's value (quotes and escapes resolved); `plain` when written without quotes.
    Scalar {
        text: Cow<'a, str>,
        plain: bool,
    },
    Seq(Vec<Item<'a>>),
    Map(Vec<(Item<'a>, Item<'a>)>),
}

impl<'a> Item<'a> {
    fn scalar(text: Cow<'a, str>, plain: bool, start: usize, end: usize) -> Self {
        Item {
            node: Node::Scalar { text, plain },
            // `parse` refuses texts whose offsets do not fit.
            span: Some((start as u32, end as u32)),
        }
    }

    fn empty() -> Self {
        Item {
            node: Node::Scalar {
                text: Cow::Borrowed(""),
                plain: true,
            },
            span: None,
        }
    }
}

/// A line with content (not blank, not only a comment): where it starts, its
/// indentation in spaces and where its content ends (before the line break).
#[derive(Clone, Copy)]
struct Line {
    start: usize,
    indent: usize,
    end: usize,
}

struct Parser<'a> {
    text: &'a str,
    lines: Vec<Line>,
    at: usize,
    /// Block collections open around the current line, and nodes read so far:
    /// kept far below serde-saphyr's budget (depth 64, two million nodes), so
    /// what that budget refuses is always left to serde-saphyr to refuse, and a
    /// deeply nested text cannot exhaust the stack here.
    depth: usize,
    nodes: usize,
}

const MAX_DEPTH: usize = 48;
const MAX_NODES: usize = 500_000;

/// The whole text as one block mapping or sequence starting at column 0.
fn parse(text: &str) -> Res<Item<'_>> {
    if u32::try_from(text.len()).is_err() || text.chars().any(not_plain_text) {
        return Err(Decline);
    }
    let mut lines = Vec::new();
    let mut start = 0;
    for piece in text.split_inclusive('\n') {
        let body = piece.strip_suffix('\n').unwrap_or(piece);
        let content = body.trim_start_matches(' ');
        let indent = body.len() - content.len();
        if !content.is_empty() && !content.starts_with('#') {
            if indent == 0 && (content.starts_with("---") || content.starts_with("...")) {
                return Err(Decline);
            }
            lines.push(Line {
                start,
                indent,
                end: start + body.len(),
            });
        }
        start += piece.len();
    }
    match lines.first() {
        Some(first) if first.indent == 0 => {}
        _ => return Err(Decline),
    }
    let mut parser = Parser {
        text,
        lines,
        at: 0,
        depth: 0,
        nodes: 0,
    };
    let root = parser.block(0)?;
    if parser.at != parser.lines.len() {
        return Err(Decline);
    }
    Ok(root)
}

/// Characters the fast reader leaves to serde-saphyr wherever they stand:
/// tabs and carriage returns (indentation and line-break rules), other control
/// characters, YAML 1.1's extra line breaks, a byte-order mark and non-characters.
fn not_plain_text(c: char) -> bool {
    (c < ' ' && c != '\n')
        || matches!(
            c,
            '\u{7f}'..='\u{9f}' | '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
        )
}

/// `- item` or a lone `-`: a block sequence entry.
fn is_entry(rest: &str) -> bool {
    rest == "-" || rest.starts_with("- ")
}

impl<'a> Parser<'a> {
    fn line(&self) -> Line {
        self.lines[self.at]
    }

    fn skip_spaces(&self, mut pos: usize, end: usize) -> usize {
        while pos < end && self.text.as_bytes()[pos] == b' ' {
            pos += 1;
        }
        pos
    }

    /// After an inline value: the rest of the line is blank or a comment.
    fn line_done(&self, pos: usize, end: usize) -> Res<()> {
        let next = self.skip_spaces(pos, end);
        if next == end || (next > pos && self.text.as_bytes()[next] == b'#') {
            Ok(())
        } else {
            Err(Decline)
        }
    }

    /// The block collection whose first content is on the current line at `col`.
    fn block(&mut self, col: usize) -> Res<Item<'a>> {
        let line = self.line();
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Decline);
        }
        let block = if is_entry(&self.text[line.start + col..line.end]) {
            self.seq(col)
        } else {
            self.map(col, line.start + col)
        };
        self.depth -= 1;
        block
    }

    /// Counts `n` more nodes against [`MAX_NODES`].
    fn count(&mut self, n: usize) -> Res<()> {
        self.nodes += n;
        if self.nodes > MAX_NODES {
            return Err(Decline);
        }
        Ok(())
    }

    /// A value on the rest of the line, its flow items counted.
    fn inline_counted(&mut self, pos: usize, end: usize) -> Res<Item<'a>> {
        let value = self.inline(pos, end)?;
        match &value.node {
            Node::Seq(items) => self.count(items.len())?,
            Node::Map(entries) => self.count(entries.len())?,
            Node::Scalar { .. } => {}
        }
        Ok(value)
    }

    /// After a key or entry with nothing on its line: the block below it, or an empty value.
    /// A key's sequence may stand at the key's own indentation (`same_col_seq`).
    fn nested_or_empty(&mut self, col: usize, same_col_seq: bool) -> Res<Item<'a>> {
        let Some(&next) = self.lines.get(self.at) else {
            return Ok(Item::empty());
        };
        if next.indent > col {
            self.block(next.indent)
        } else if same_col_seq
            && next.indent == col
            && is_entry(&self.text[next.start + col..next.end])
        {
            self.seq(col)
        } else {
            Ok(Item::empty())
        }
    }

    /// After an inline value: no continuation lines (a multi-line scalar declines).
    fn no_continuation(&self, col: usize) -> Res<()> {
        match self.lines.get(self.at) {
            Some(next) if next.indent > col => Err(Decline),
            _ => Ok(()),
        }
    }

    fn seq(&mut self, col: usize) -> Res<Item<'a>> {
        let mut items = Vec::new();
        while let Some(&line) = self.lines.get(self.at) {
            if line.indent < col {
                break;
            }
            if line.indent > col {
                return Err(Decline);
            }
            if !is_entry(&self.text[line.start + col..line.end]) {
                break;
            }
            self.count(1)?;
            let after = line.start + col + 1;
            let pos = self.skip_spaces(after, line.end);
            if pos == line.end || self.text.as_bytes()[pos] == b'#' {
                self.at += 1;
                items.push(self.nested_or_empty(col, false)?);
            } else if is_entry(&self.text[pos..line.end]) {
                return Err(Decline);
            } else if self.key(pos, line.end).is_ok() {
                items.push(self.map(pos - line.start, pos)?);
            } else {
                items.push(self.inline_counted(pos, line.end)?);
                self.at += 1;
                self.no_continuation(col)?;
            }
        }
        Ok(Item {
            node: Node::Seq(items),
            span: None,
        })
    }

    /// A block mapping at `col`, its first key at byte `pos` of the current line.
    fn map(&mut self, col: usize, mut pos: usize) -> Res<Item<'a>> {
        let mut entries: Vec<(Item<'a>, Item<'a>)> = Vec::new();
        loop {
            self.count(1)?;
            let line = self.line();
            let (key, after) = self.key(pos, line.end)?;
            if entries.iter().any(|(k, _)| same_text(k, &key)) {
                return Err(Decline);
            }
            let vpos = self.skip_spaces(after, line.end);
            let value = if vpos == line.end || self.text.as_bytes()[vpos] == b'#' {
                self.at += 1;
                self.nested_or_empty(col, true)?
            } else if &self.text[vpos..line.end] == ">-" {
                self.at += 1;
                self.folded(col)?
            } else {
                let value = self.inline_counted(vpos, line.end)?;
                self.at += 1;
                self.no_continuation(col)?;
                value
            };
            entries.push((key, value));
            let Some(&next) = self.lines.get(self.at) else {
                break;
            };
            if next.indent < col {
                break;
            }
            if next.indent > col || is_entry(&self.text[next.start + col..next.end]) {
                return Err(Decline);
            }
            pos = next.start + col;
        }
        Ok(Item {
            node: Node::Map(entries),
            span: None,
        })
    }

    /// A folded block scalar `>-` under a key at `col`, in
    /// the one shape vp's plans use it: lines at one indentation, none blank and
    /// none ending in a space, joined by spaces, no final line break.
    fn folded(&mut self, col: usize) -> Res<Item<'a>> {
        let first = self.at;
        while self.lines.get(self.at).is_some_and(|l| l.indent > col) {
            self.at += 1;
        }
        if self.at == first {
            return Err(Decline);
        }
        let (start, end) = (self.lines[first].start, self.lines[self.at - 1].end);
        let indent = self.lines[first].indent;
        let mut text = String::with_capacity(end - start);
        for line in self.text[start..end].split('\n') {
            let content = line.get(indent..).ok_or(Decline)?;
            if line.len() - line.trim_start_matches(' ').len() != indent
                || content.is_empty()
                || content.ends_with(' ')
            {
                return Err(Decline);
            }
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(content);
        }
        // serde-saphyr's span for it runs from its first letter to where the
        // next line's content starts (or the end of the text); so a blank or
        // comment line right after declines.
        let stop = match self.lines.get(self.at) {
            Some(next) if next.start == end + 1 => next.start + next.indent,
            None if self.text.len() == end + 1 => end + 1,
            _ => return Err(Decline),
        };
        Ok(Item::scalar(Cow::Owned(text), false, start + indent, stop))
    }

    /// A plain key at `pos` up to its `: ` (or `:` at the end of the line); the
    /// key and the position after the colon.
    fn key(&self, pos: usize, end: usize) -> Res<(Item<'a>, usize)> {
        let bytes = self.text.as_bytes();
        if starts_special(bytes[pos]) {
            return Err(Decline);
        }
        for i in pos..end {
            match bytes[i] {
                b':' if i + 1 == end || bytes[i + 1] == b' ' => {
                    let key = self.text[pos..i].trim_end_matches(' ');
                    if key == "<<" {
                        // A merge key: serde-saphyr's to merge.
                        return Err(Decline);
                    }
                    return Ok((
                        Item::scalar(Cow::Borrowed(key), true, pos, pos + key.len()),
                        i + 1,
                    ));
                }
                b'#' if bytes[i - 1] == b' ' => return Err(Decline),
                _ => {}
            }
        }
        Err(Decline)
    }

    /// A value on the rest of a line: a scalar or a one-line flow collection.
    fn inline(&self, pos: usize, end: usize) -> Res<Item<'a>> {
        let bytes = self.text.as_bytes();
        match bytes[pos] {
            b'"' => self.double_quoted(pos, end),
            b'\'' => self.single_quoted(pos, end),
            b'[' => self.flow(pos, end, b']'),
            b'{' => self.flow(pos, end, b'}'),
            b if starts_special(b) => Err(Decline),
            _ => {
                let mut stop = end;
                for i in pos + 1..end {
                    if bytes[i] == b'#' && bytes[i - 1] == b' ' {
                        stop = i;
                        break;
                    }
                }
                let text = self.text[pos..stop].trim_end_matches(' ');
                if text.contains(": ") || text.ends_with(':') {
                    return Err(Decline);
                }
                Ok(Item::scalar(
                    Cow::Borrowed(text),
                    true,
                    pos,
                    pos + text.len(),
                ))
            }
        }
    }

    fn single_quoted(&self, pos: usize, end: usize) -> Res<Item<'a>> {
        let bytes = self.text.as_bytes();
        let mut i = pos + 1;
        let mut escaped = false;
        while i < end {
            if bytes[i] == b'\'' {
                if i + 1 < end && bytes[i + 1] == b'\'' {
                    escaped = true;
                    i += 2;
                    continue;
                }
                self.line_done(i + 1, end)?;
                let raw = &self.text[pos + 1..i];
                let text = if escaped {
                    Cow::Owned(raw.replace("''", "'"))
                } else {
                    Cow::Borrowed(raw)
                };
                return Ok(Item::scalar(text, false, pos, i + 1));
            }
            i += 1;
        }
        Err(Decline)
    }

    fn double_quoted(&self, pos: usize, end: usize) -> Res<Item<'a>> {
        let bytes = self.text.as_bytes();
        let mut owned: Option<String> = None;
        let mut run = pos + 1;
        let mut i = pos + 1;
        while i < end {
            match bytes[i] {
                b'"' => {
                    self.line_done(i + 1, end)?;
                    let text = match owned {
                        Some(mut s) => {
                            s.push_str(&self.text[run..i]);
                            Cow::Owned(s)
                        }
                        None => Cow::Borrowed(&self.text[pos + 1..i]),
                    };
                    return Ok(Item::scalar(text, false, pos, i + 1));
                }
                b'\\' => {
                    let s = owned.get_or_insert_with(String::new);
                    s.push_str(&self.text[run..i]);
                    let (c, len) = escape(&self.text[i + 1..end])?;
                    s.push(c);
                    i += 1 + len;
                    run = i;
                }
                _ => i += 1,
            }
        }
        Err(Decline)
    }

    /// A one-line flow sequence or mapping of plain scalars: `[a, b]`, `{ k: v }`, `[]`.
    fn flow(&self, pos: usize, end: usize, close: u8) -> Res<Item<'a>> {
        let bytes = self.text.as_bytes();
        let mut items = Vec::new();
        let mut entries: Vec<(Item<'a>, Item<'a>)> = Vec::new();
        let mut i = self.skip_spaces(pos + 1, end);
        if i < end && bytes[i] == close {
            return self.flow_done(i, end, close, items, entries);
        }
        loop {
            let (first, next) = self.flow_scalar(i, end)?;
            i = next;
            if close == b'}' {
                if i >= end || bytes[i] != b':' || i + 1 >= end || bytes[i + 1] != b' ' {
                    return Err(Decline);
                }
                let (value, next) = self.flow_scalar(self.skip_spaces(i + 1, end), end)?;
                i = next;
                if entries.iter().any(|(k, _)| same_text(k, &first)) {
                    return Err(Decline);
                }
                entries.push((first, value));
            } else {
                items.push(first);
            }
            match bytes.get(i) {
                Some(b',') if i < end => i = self.skip_spaces(i + 1, end),
                Some(&b) if b == close && i < end => {
                    return self.flow_done(i, end, close, items, entries);
                }
                _ => return Err(Decline),
            }
        }
    }

    fn flow_done(
        &self,
        close_at: usize,
        end: usize,
        close: u8,
        items: Vec<Item<'a>>,
        entries: Vec<(Item<'a>, Item<'a>)>,
    ) -> Res<Item<'a>> {
        self.line_done(close_at + 1, end)?;
        let node = if close == b']' {
            Node::Seq(items)
        } else {
            Node::Map(entries)
        };
        Ok(Item { node, span: None })
    }

    /// A plain scalar inside a flow collection, up to `,`, `:`, `]` or `}`
    /// (trailing spaces dropped); the position after it.
    fn flow_scalar(&self, pos: usize, end: usize) -> Res<(Item<'a>, usize)> {
        let bytes = self.text.as_bytes();
        if pos >= end
            || starts_special(bytes[pos])
            || matches!(bytes[pos], b'"' | b'\'' | b'[' | b'{')
        {
            return Err(Decline);
        }
        let mut i = pos;
        while i < end && !matches!(bytes[i], b',' | b']' | b'}' | b':') {
            if matches!(bytes[i], b'#' | b'[' | b'{') {
                return Err(Decline);
            }
            i += 1;
        }
        let text = self.text[pos..i].trim_end_matches(' ');
        Ok((
            Item::scalar(Cow::Borrowed(text), true, pos, pos + text.len()),
            i,
        ))
    }
}

/// Bytes that give a plain scalar or key another meaning at its start
/// (indicators, anchors, tags, block scalars, reserved), or `- `, `? `, `: `.
fn starts_special(b: u8) -> bool {
    matches!(
        b,
        b'-' | b'?'
            | b':'
            | b','
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'#'
            | b'&'
            | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'\''
            | b'"'
            | b'%'
            | b'@'
            | b'`'
    )
}

fn same_text(a: &Item, b: &Item) -> bool {
    match (&a.node, &b.node) {
        (Node::Scalar { text: a, .. }, Node::Scalar { text: b, .. }) => a == b,
        _ => false,
    }
}

/// A double-quoted escape (after the backslash): the character and the bytes it took.
fn escape(rest: &str) -> Res<(char, usize)> {
    let mut chars = rest.chars();
    let c = match chars.next().ok_or(Decline)? {
        '\\' => '\\',
        '"' => '"',
        '/' => '/',
        'n' => '\n',
        't' => '\t',
        'r' => '\r',
        '0' => '\0',
        'a' => '\u{7}',
        'b' => '\u{8}',
        'e' => '\u{1b}',
        'f' => '\u{c}',
        'v' => '\u{b}',
        'N' => '\u{85}',
        '_' => '\u{a0}',
        'L' => '\u{2028}',
        'P' => '\u{2029}',
        ' ' => ' ',
        'x' => return hex(rest, 2),
        'u' => return hex(rest, 4),
        'U' => return hex(rest, 8),
        _ => return Err(Decline),
    };
    Ok((c, 1))
}

fn hex(rest: &str, digits: usize) -> Res<(char, usize)> {
    let hex = rest.get(1..1 + digits).ok_or(Decline)?;
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(Decline);
    }
    let code = u32::from_str_radix(hex, 16).map_err(|_| Decline)?;
    Ok((char::from_u32(code).ok_or(Decline)?, 1 + digits))
}

/// What a plain scalar is, as serde-saphyr types it with the loader's options,
/// where that is certain.
enum Kind {
    Null,
    Bool(bool),
    Unsigned(u64),
    Signed(i64),
    Text,
}

fn is_null(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

fn classify(text: &str) -> Res<Kind> {
    match text {
        t if is_null(t) => return Ok(Kind::Null),
        "true" | "True" | "TRUE" => return Ok(Kind::Bool(true)),
        "false" | "False" | "FALSE" => return Ok(Kind::Bool(false)),
        _ => {}
    }
    let digits = text.strip_prefix('-').unwrap_or(text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        if digits.len() > 1 && digits.starts_with('0') {
            return Err(Decline);
        }
        return if text.starts_with('-') {
            text.parse().map(Kind::Signed).map_err(|_| Decline)
        } else {
            text.parse().map(Kind::Unsigned).map_err(|_| Decline)
        };
    }
    // No number, boolean or null has a character outside these.
    let numeric =
        |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.' | b'_' | b':');
    if !text.bytes().all(numeric) {
        return Ok(Kind::Text);
    }
    let first = text.as_bytes()[0];
    let spelled_number = ["inf", "infinity", "nan", "null", "true", "false"]
        .iter()
        .any(|w| text.eq_ignore_ascii_case(w));
    if first.is_ascii_alphabetic() && !spelled_number {
        return Ok(Kind::Text);
    }
    if is_date(text) {
        return Ok(Kind::Text);
    }
    Err(Decline)
}

/// `2024-02-01`: text to serde-saphyr (no timestamp typing without a tag).
fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, &c)| {
            if i == 4 || i == 7 {
                c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

impl Item<'_> {
    fn text(&self) -> Res<(&str, bool)> {
        match &self.node {
            Node::Scalar { text, plain } => Ok((text, *plain)),
            _ => Err(Decline),
        }
    }
}

macro_rules! decline {
    ($($method:ident)*) => {
        $(fn $method<V: Visitor<'de>>(self, _visitor: V) -> Res<V::Value> {
            Err(Decline)
        })*
    };
}

impl<'de> Deserializer<'de> for &Item<'_> {
    type Error = Decline;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Res<V::Value> {
        match &self.node {
            Node::Scalar { text, plain: false } => visitor.visit_str(text),
            Node::Scalar { text, plain: true } => match classify(text)? {
                Kind::Null => visitor.visit_unit(),
                Kind::Bool(b) => visitor.visit_bool(b),
                Kind::Unsigned(n) => visitor.visit_u64(n),
                Kind::Signed(n) => visitor.visit_i64(n),
                Kind::Text => visitor.visit_str(text),
            },
            Node::Seq(items) => visitor.visit_seq(Items(items.iter())),
            Node::Map(entries) => visitor.visit_map(Entries(entries.iter(), None)),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Res<V::Value> {
        match self.text()? {
            (text, true) if is_null(text) => Err(Decline),
            (text, _) => visitor.visit_str(text),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Res<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Res<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Res<V::Value> {
        match &self.node {
            Node::Scalar { text, plain: true } if is_null(text) => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Res<V::Value> {
        if name == SPANNED {
            let (start, end) = self.span.ok_or(Decline)?;
            visitor.visit_newtype_struct(Spanned {
                item: self,
                packed: u64::from(start) << 32 | u64::from(end),
            })
        } else {
            visitor.visit_newtype_struct(self)
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Res<V::Value> {
        match &self.node {
            Node::Seq(items) => visitor.visit_seq(Items(items.iter())),
            _ => Err(Decline),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Res<V::Value> {
        match &self.node {
            Node::Map(entries) => visitor.visit_map(Entries(entries.iter(), None)),
            _ => Err(Decline),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Res<V::Value> {
        self.deserialize_map(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Res<V::Value> {
        visitor.visit_unit()
    }

    // Not used by the plan types: left to serde-saphyr.
    decline! {
        deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_f32
        deserialize_f64 deserialize_char deserialize_bytes deserialize_byte_buf
        deserialize_unit
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, _: &'static str, _: V) -> Res<V::Value> {
        Err(Decline)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, _: V) -> Res<V::Value> {
        Err(Decline)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        _: V,
    ) -> Res<V::Value> {
        Err(Decline)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        _: V,
    ) -> Res<V::Value> {
        Err(Decline)
    }
}

struct Items<'n, 'a>(std::slice::Iter<'n, Item<'a>>);

impl<'de> SeqAccess<'de> for Items<'_, '_> {
    type Error = Decline;
    fn next_element_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Res<Option<S::Value>> {
        self.0.next().map(|item| seed.deserialize(item)).transpose()
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

struct Entries<'n, 'a>(
    std::slice::Iter<'n, (Item<'a>, Item<'a>)>,
    Option<&'n Item<'a>>,
);

impl<'de> MapAccess<'de> for Entries<'_, '_> {
    type Error = Decline;
    fn next_key_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Res<Option<S::Value>> {
        match self.0.next() {
            Some((key, value)) => {
                self.1 = Some(value);
                seed.deserialize(key).map(Some)
            }
            None => Ok(None),
        }
    }
    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Res<S::Value> {
        seed.deserialize(self.1.take().ok_or(Decline)?)
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

/// A scalar with its place, in the shape `Sp`'s reader asks for: a map of
/// `value` and [`FAST_SPAN`].
struct Spanned<'n, 'a> {
    item: &'n Item<'a>,
    packed: u64,
}

impl<'de> Deserializer<'de> for Spanned<'_, '_> {
    type Error = Decline;
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Res<V::Value> {
        visitor.visit_map(SpannedFields {
            spanned: self,
            field: 0,
        })
    }
    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

struct SpannedFields<'n, 'a> {
    spanned: Spanned<'n, 'a>,
    field: u8,
}

impl<'de> MapAccess<'de> for SpannedFields<'_, '_> {
    type Error = Decline;
    fn next_key_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Res<Option<S::Value>> {
        let name = match self.field {
            0 => "value",
            1 => FAST_SPAN,
            _ => return Ok(None),
        };
        seed.deserialize(de::value::StrDeserializer::<Decline>::new(name))
            .map(Some)
    }
    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Res<S::Value> {
        self.field += 1;
        match self.field {
            1 => seed.deserialize(self.spanned.item),
            _ => seed.deserialize(de::value::U64Deserializer::<Decline>::new(
                self.spanned.packed,
            )),
        }
    }
}

#[cfg(test)]
#[path = "fast_tests.rs"]
mod tests;
