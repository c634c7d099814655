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
