//! What a typst compilation needs: the template (from `templates/`, built into vp
//! so an installed binary has it) and the document as JSON, which the template
//! reads with `json("data.json")`. Plan text is never written into typst markup.

use super::document::Document;

/// The template: `templates/plan.typ`.
pub const TEMPLATE: &str = include_str!("../../templates/plan.typ");

/// The file names inside the render root.
pub const MAIN_FILE: &str = "plan.typ";
pub const DATA_FILE: &str = "data.json";

/// The document as the template reads it.
pub fn data(doc: &Document) -> serde_json::Result<String> {
    serde_json::to_string(doc)
}

/// [`data`], written as it is made: a large plan's text is not held twice.
pub fn write_data(doc: &Document, out: impl std::io::Write) -> serde_json::Result<()> {
    let mut out = std::io::BufWriter::new(out);
    serde_json::to_writer(&mut out, doc)?;
    std::io::Write::flush(&mut out).map_err(serde_json::Error::io)
}
