//! Stable ids from titles: the words that carry meaning, folded to ASCII.
//! `Invånarna i stadsdelsområdet är självförsörjande` →
//! `invanarna-stadsdelsomradet-sjalvforsorjande`.

use std::collections::{HashMap, HashSet};

use crate::model::value::slug;

/// Words that make an id longer without telling goals apart (folded).
const STOPWORDS: &[&str] = &[
    "i", "och", "att", "for", "som", "av", "till", "med", "pa", "ar", "en", "ett", "det", "den",
    "de", "om", "ska", "sin", "sina", "sitt", "har", "vara", "inom", "fran", "samt", "dar", "kan",
    "dess", "hos", "vid", "sa", "mot", "efter", "under", "nar", "eller", "var", "sig",
];

/// Most words an id is made of.
const MAX_WORDS: usize = 6;

/// A short id from a title or a text: its first meaningful words.
pub fn short(text: &str) -> String {
    let full = slug(text);
    let words: Vec<&str> = full
        .split('-')
        .filter(|w| !w.is_empty() && !STOPWORDS.contains(w))
        .take(MAX_WORDS)
        .collect();
    if words.is_empty() {
        full
    } else {
        words.join("-")
    }
}

/// An id from a name, every word kept: `Familjerätt Sydväst` → `familjeratt-sydvast`.
pub fn short_full(name: &str) -> String {
    slug(name)
}

/// The ids taken in one file, handing out new ones.
#[derive(Clone, Debug, Default)]
pub struct Ids {
    taken: HashSet<String>,
    /// Per base, the suffix to try next: thousands of items whose ids share
    /// a base (activities that open with the same words) cost one look-up
    /// each, not one per id already numbered.
    next: HashMap<String, usize>,
}

impl Ids {
    /// Marks ids as taken.
    pub fn extend<I: IntoIterator<Item = String>>(&mut self, ids: I) {
        self.taken.extend(ids);
    }

    pub fn contains(&self, id: &str) -> bool {
        self.taken.contains(id)
    }

    /// `base`, or `base-2`, `base-3` … if taken; the result is taken from now on.
    pub fn unique(&mut self, base: &str) -> String {
        let mut id = base.to_owned();
        if self.taken.contains(&id) {
            let n = self.next.entry(base.to_owned()).or_insert(2);
            loop {
                id = format!("{base}-{n}");
                *n += 1;
                if !self.taken.contains(&id) {
                    break;
                }
            }
        }
        self.taken.insert(id.clone());
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_ids() {
        assert_eq!(
            short("Invånarna i stadsdelsområdet är självförsörjande"),
            "invanarna-stadsdelsomradet-sjalvforsorjande"
        );
        assert_eq!(
            short(
                "Förvaltningens verksamheter ska verka för att öka sitt mottagande av praktikanter"
            ),
            "forvaltningens-verksamheter-verka-oka-mottagande-praktikanter"
        );
        let mut taken = Ids::default();
        assert_eq!(taken.unique("a"), "a");
        assert_eq!(taken.unique("a"), "a-2");
        taken.extend(["b".to_owned(), "b-2".to_owned()]);
        assert_eq!(taken.unique("b"), "b-3");
        assert_eq!(taken.unique("a"), "a-3");
        assert!(taken.contains("b-3"));
    }
}
