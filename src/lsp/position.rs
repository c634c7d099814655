//! Byte offsets ↔ LSP positions: a line and a column counted in UTF-16 code
//! units (the protocol's default encoding), so `å` is one unit and `𝄞` two.

use lsp_types::{Position, Range};

use crate::source::Span;

/// Where each line of a text starts, for converting both ways.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { text, starts }
    }

    /// The position of a byte offset; an offset past the end or inside a
    /// character counts as the end or that character's start.
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let column: usize = self.text[self.starts[line]..offset]
            .chars()
            .map(char::len_utf16)
            .sum();
        Position::new(line as u32, column as u32)
    }

    pub fn range(&self, span: Span) -> Range {
        Range::new(
            self.position(span.start as usize),
            self.position(span.end as usize),
        )
    }

    /// The byte offset of a position; `None` for a line past the end. A column
    /// past the line's end is its end (the protocol asks for that), one inside a
    /// surrogate pair is the character's start.
    pub fn offset(&self, pos: Position) -> Option<usize> {
        let start = *self.starts.get(pos.line as usize)?;
        let rest = &self.text[start..];
        let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
        let line = line.strip_suffix('\r').unwrap_or(line);
        let mut units = 0usize;
        for (i, c) in line.char_indices() {
            units += c.len_utf16();
            if units > pos.character as usize {
                return Some(start + i);
            }
        }
        Some(start + line.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_letters_are_one_unit_and_astral_ones_two() {
        let text = "år: 2020\nnämnd: å𝄞x\n";
        let ix = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(ix.position(x), Position::new(1, 10));
        assert_eq!(ix.offset(Position::new(1, 10)), Some(x));
        let colon = text.find(':').unwrap();
        assert_eq!(ix.position(colon), Position::new(0, 2));
        assert_eq!(ix.offset(Position::new(0, 2)), Some(colon));
    }

    #[test]
    fn out_of_range_is_clamped_or_none() {
        let text = "ab\r\ncd";
        let ix = LineIndex::new(text);
        assert_eq!(ix.offset(Position::new(0, 99)), Some(2));
        assert_eq!(ix.offset(Position::new(1, 99)), Some(text.len()));
        assert_eq!(ix.offset(Position::new(2, 0)), None);
        assert_eq!(ix.position(999), Position::new(1, 2));
        // Inside the two bytes of `å`: the character's start.
        let ix = LineIndex::new("å");
        assert_eq!(ix.position(1), Position::new(0, 0));
    }
}
