//! Source files held in memory: file ids, byte spans and line/column lookup.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// Index of a file in a [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// A byte range in one source file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(file: FileId, start: usize, end: usize) -> Self {
        let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Span {
            file,
            start: clamp(start),
            end: clamp(end.max(start)),
        }
    }

    /// An empty span at the start of a file, for findings about the file as a whole.
    pub fn file_start(file: FileId) -> Self {
        Span::new(file, 0, 0)
    }

    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// One loaded file: its path as given, its text and where its lines start.
#[derive(Debug)]
pub struct SourceFile {
    pub path: PathBuf,
    /// Shared, so the plan model can hold prose without copying it (an `Arc<String>`,
    /// not `Arc<str>`: wrapping the read buffer costs no copy).
    pub text: Arc<String>,
    /// Built on first use: most files of a clean run are never asked for a line.
    line_starts: OnceLock<Vec<u32>>,
}

impl SourceFile {
    pub fn new(path: PathBuf, text: String) -> Self {
        SourceFile {
            path,
            text: text.into(),
            line_starts: OnceLock::new(),
        }
    }

    fn line_starts(&self) -> &[u32] {
        self.line_starts.get_or_init(|| {
            let mut starts = vec![0u32];
            starts.extend(
                self.text
                    .bytes()
                    .enumerate()
                    .filter(|&(_, b)| b == b'\n')
                    .map(|(i, _)| u32::try_from(i + 1).unwrap_or(u32::MAX)),
            );
            starts
        })
    }

    /// 1-based line and 1-based column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let starts = self.line_starts();
        let line = match starts.binary_search(&(offset as u32)) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = starts[line] as usize;
        let col = self.text[start..offset].chars().count() + 1;
        (line + 1, col)
    }

    /// Byte offset of a 1-based line and 1-based character column.
    pub fn offset_of(&self, line: usize, col: usize) -> usize {
        let Some(&start) = self.line_starts().get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let start = start as usize;
        let rest = &self.text[start..];
        let line_len = rest.find('\n').unwrap_or(rest.len());
        rest[..line_len]
            .char_indices()
            .nth(col.saturating_sub(1))
            .map_or(start + line_len, |(i, _)| start + i)
    }

    /// The text of a 1-based line, without its line end.
    pub fn line_text(&self, line: usize) -> &str {
        let Some(&start) = self.line_starts().get(line.saturating_sub(1)) else {
            return "";
        };
        let rest = &self.text[start as usize..];
        let end = rest.find('\n').unwrap_or(rest.len());
        rest[..end].trim_end_matches('\r')
    }

    pub fn line_count(&self) -> usize {
        self.line_starts().len()
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// All files of one run, addressed by [`FileId`].
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    pub fn add(&mut self, path: PathBuf, text: String) -> FileId {
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        self.files.push(SourceFile::new(path, text));
        id
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub fn path(&self, id: FileId) -> &Path {
        &self.get(id).path
    }

    /// The text a span covers.
    /// Where a span stands, as users count: path, 1-based line and character column.
    pub fn locate(&self, span: Span) -> Location<'_> {
        let file = self.get(span.file);
        let (line, column) = file.line_col(span.start as usize);
        Location {
            path: &file.path,
            line,
            column,
        }
    }

    pub fn slice(&self, span: Span) -> &str {
        let text = &self.get(span.file).text;
        text.get(span.range()).unwrap_or("")
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// For each file, whether `previous` held it at the same id with the same path
    /// and text; such a file's text is then shared with `previous` (one copy in
    /// memory for a tree built again after an edit).
    pub fn share_unchanged(&mut self, previous: &SourceMap) -> Vec<bool> {
        self.files
            .iter_mut()
            .zip(
                previous
                    .files
                    .iter()
                    .map(Some)
                    .chain(std::iter::repeat(None)),
            )
            .map(|(file, prev)| match prev {
                Some(prev) if prev.path == file.path && prev.text == file.text => {
                    file.text = prev.text.clone();
                    true
                }
                _ => false,
            })
            .collect()
    }

    /// The same files, their texts shared (not copied) with this map.
    pub fn share(&self) -> SourceMap {
        SourceMap {
            files: self
                .files
                .iter()
                .map(|f| SourceFile {
                    path: f.path.clone(),
                    text: f.text.clone(),
                    line_starts: f.line_starts.clone(),
                })
                .collect(),
        }
    }

    /// The file at `path`, if the map holds it.
    pub fn find(&self, path: &Path) -> Option<FileId> {
        self.files
            .iter()
            .position(|f| f.path == path)
            .map(|i| FileId(i as u32))
    }

    /// Gives a file new text in its place: the same id, the same path.
    pub fn replace_text(&mut self, id: FileId, text: String) {
        if let Some(f) = self.files.get_mut(id.0 as usize) {
            *f = SourceFile::new(std::mem::take(&mut f.path), text);
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(i as u32), f))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let f = SourceFile::new("x".into(), "ab\nåäö: x\n".into());
        assert_eq!(f.line_col(0), (1, 1));
        let x = f.text.find('x').unwrap();
        assert_eq!(f.line_col(x), (2, 6));
        assert_eq!(f.offset_of(2, 6), x);
        assert_eq!(f.line_text(2), "åäö: x");
    }
}

/// A place in a plan file, for messages and reports: `plans/2020/x.yaml:12:7`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Location<'a> {
    pub path: &'a Path,
    pub line: usize,
    pub column: usize,
}

impl std::fmt::Display for Location<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.path.display(), self.line, self.column)
    }
}

/// A place in a file as every JSON output of vp writes it, under the key
/// `location`: `{"file": "plans/2020/x.yaml", "line": 12, "column": 7}`.
/// `line` and `column` (1-based; columns count characters) are left out where
/// the place is a file as a whole; `end_line` and `end_column` (where the
/// marked text ends, as `vp validate` marks it) are written only where vp marks
/// a stretch of text.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, schemars::JsonSchema)]
pub struct Place {
    /// The file's path as vp was given it, with `/` between folders.
    pub file: String,
    /// 1-based line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// 1-based column, in characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// The line the marked text ends on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_line: Option<usize>,
    /// The column the marked text ends before, in characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_column: Option<usize>,
}

impl Place {
    /// A file as a whole.
    pub fn file(path: impl Into<String>) -> Self {
        Place {
            file: path.into(),
            line: None,
            column: None,
            end_line: None,
            end_column: None,
        }
    }

    /// A line of a file, without a column.
    pub fn line(path: impl Into<String>, line: usize) -> Self {
        Place {
            line: Some(line),
            ..Place::file(path)
        }
    }

    /// A line and column of a file.
    pub fn at(path: impl Into<String>, line: usize, column: usize) -> Self {
        Place {
            line: Some(line),
            column: Some(column),
            ..Place::file(path)
        }
    }
}

impl Location<'_> {
    /// The place for JSON.
    pub fn to_place(&self) -> Place {
        Place::at(
            self.path.to_string_lossy().replace('\\', "/"),
            self.line,
            self.column,
        )
    }
}

/// `file:line:column`, or `file` for a file as a whole, as the text formats show it.
impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        Ok(())
    }
}
