//! Stable ids from titles: the words that carry meaning, folded to ASCII.
//! `Invånarna i stadsdelsområdet är självförsörjande` →
//! `invanarna-stadsdelsomradet-sjalvforsorjande`.

use std::collections::HashSet;

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

/// `base`, or `base-2`, `base-3` … if taken; the result is taken from now on.
pub fn unique(taken: &mut HashSet<String>, base: &str) -> String {
    let mut id = base.to_owned();
    let mut n = 2;
    while taken.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    taken.insert(id.clone());
    id
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
        let mut taken = HashSet::new();
        assert_eq!(unique(&mut taken, "a"), "a");
        assert_eq!(unique(&mut taken, "a"), "a-2");
    }
}
