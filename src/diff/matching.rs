//! Matching the elements of two plans: first by a declared link (`fortsätter`),
//! then by the same id, then, for what is left, by the similarity of title and text.
//!
//! Similarity is the Dice coefficient of two sets of word stems (a light Swedish
//! stemmer: lowercase, common endings cut, at most seven letters), for the title
//! and, when both have one, the text, averaged. Candidates come from an inverted
//! index of stems, first among elements with the same parent (the same KF goal or
//! nämndmål, after mapping the old parents to the new), then anywhere, at a higher
//! threshold. Stems found in very many elements pick no candidates, and each
//! element scores at most a few candidates, so matching grows with the number of
//! elements, not its square.

use std::collections::{HashMap, HashSet};

use schemars::JsonSchema;
use serde::Serialize;

/// Why two elements were matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The plans say so: `fortsätter`, or (for nämnd plans) the organisation's mergers.
    Declared,
    /// The same id in both.
    SameId,
    /// Guessed from similar title and text under the same parent.
    SimilarText,
}

impl Reason {
    /// How a reader is told, in Swedish.
    pub fn label(self) -> &'static str {
        match self {
            Reason::Declared => "angiven koppling",
            Reason::SameId => "samma id",
            Reason::SimilarText => "liknande text",
        }
    }
}

/// How an element was matched to its counterpart, and how alike they are.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, JsonSchema)]
pub struct MatchInfo {
    pub reason: Reason,
    /// Similarity of title and text, 0–1, two decimals.
    pub score: f64,
}

/// An element as the matcher sees it.
#[derive(Clone, Debug, Default)]
pub struct Item<'a> {
    /// Its id, when it has one.
    pub id: Option<&'a str>,
    /// Its parent, as a number shared by both sides (new parents, and old ones
    /// mapped to the new); `None` when the parent has no counterpart.
    pub bucket: Option<u32>,
    pub title: &'a str,
    /// Text beside the title (a goal's sections), in order.
    pub text: Vec<&'a str>,
}

impl Item<'_> {
    fn key(&self) -> &str {
        self.id.unwrap_or(self.title)
    }
}

/// A matched pair: indexes into the old and new items.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pair {
    pub old: usize,
    pub new: usize,
    pub info: MatchInfo,
}

/// Least similarity for a guess under the same parent.
pub const SAME_PARENT: f64 = 0.4;
/// Least similarity for a guess under another parent (the element moved).
pub const OTHER_PARENT: f64 = 0.6;
/// Least similarity for a guess between two indicators: their names are short
/// and alike by kind ("Andel …", "Antal …"), so two different measures share
/// many words ("Andelen vårdnadshavare … respekt" and "Andel föräldrar …
/// digitalt" score 0,42).
pub const INDICATOR: f64 = 0.6;
/// A stem found in more elements than this picks no candidates.
const COMMON: usize = 64;
/// Candidates scored per element.
const CANDIDATES: usize = 8;

/// Matches `old` to `new`. `links` are declared (old, new) pairs.
/// Each element is in at most one pair.
pub fn match_items(old: &[Item], new: &[Item], links: &[(usize, usize)]) -> Vec<Pair> {
    match_items_above(old, new, links, SAME_PARENT)
}

/// As [`match_items`], guessing a pair under the same parent only from
/// similarity `least` up (under another parent, at least [`OTHER_PARENT`]).
pub fn match_items_above(
    old: &[Item],
    new: &[Item],
    links: &[(usize, usize)],
    least: f64,
) -> Vec<Pair> {
    let mut vocab = Vocabulary::default();
    let mut profiles_old: Vec<Option<Profile>> = vec![None; old.len()];
    let mut profiles_new: Vec<Option<Profile>> = vec![None; new.len()];
    let mut taken_old = vec![false; old.len()];
    let mut taken_new = vec![false; new.len()];
    let mut pairs = Vec::new();

    // Declared links. An element with several takes the first by the pairs' ids
    // (the same whichever side is old); scores are left for `scored`, as
    // tokenizing every goal's text only to report its similarity costs more than
    // all the rest of a diff.
    let mut declared: Vec<(f64, usize, usize)> = links
        .iter()
        .filter(|&&(o, n)| o < old.len() && n < new.len())
        .map(|&(o, n)| (0.0, o, n))
        .collect();
    sort_candidates(&mut declared, old, new);
    for (s, o, n) in declared {
        take(
            &mut pairs,
            &mut taken_old,
            &mut taken_new,
            o,
            n,
            Reason::Declared,
            s,
        );
    }

    // The same id.
    let by_id: HashMap<&str, usize> = old
        .iter()
        .enumerate()
        .filter_map(|(i, it)| Some((it.id?, i)))
        .collect();
    for (n, it) in new.iter().enumerate() {
        if taken_new[n] {
            continue;
        }
        if let Some(&o) = it.id.and_then(|id| by_id.get(id))
            && !taken_old[o]
        {
            take(
                &mut pairs,
                &mut taken_old,
                &mut taken_new,
                o,
                n,
                Reason::SameId,
                0.0,
            );
        }
    }

    // Similar text: under the same parent, then anywhere.
    for same_parent in [true, false] {
        let rest_old: Vec<usize> = (0..old.len()).filter(|&o| !taken_old[o]).collect();
        let rest_new: Vec<usize> = (0..new.len()).filter(|&n| !taken_new[n]).collect();
        if rest_old.is_empty() || rest_new.is_empty() {
            break;
        }
        let bucket = |it: &Item| {
            if same_parent {
                it.bucket
            } else {
                Some(u32::MAX)
            }
        };
        let mut postings: HashMap<(u32, u32), Vec<usize>> = HashMap::new();
        for &o in &rest_old {
            let Some(b) = bucket(&old[o]) else { continue };
            let p = profiles_old[o].get_or_insert_with(|| vocab.profile(&old[o]));
            for &t in p.all() {
                postings.entry((b, t)).or_default().push(o);
            }
        }
        let threshold = if same_parent {
            least
        } else {
            OTHER_PARENT.max(least)
        };
        let mut found: Vec<(f64, usize, usize)> = Vec::new();
        for &n in &rest_new {
            let Some(b) = bucket(&new[n]) else { continue };
            let pn = profiles_new[n]
                .get_or_insert_with(|| vocab.profile(&new[n]))
                .clone();
            let mut shared: HashMap<usize, u32> = HashMap::new();
            for &t in pn.all() {
                if let Some(list) = postings.get(&(b, t))
                    && list.len() <= COMMON
                {
                    for &o in list {
                        *shared.entry(o).or_default() += 1;
                    }
                }
            }
            let mut best: Vec<(u32, usize)> = shared.into_iter().map(|(o, c)| (c, o)).collect();
            best.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            for &(_, o) in best.iter().take(CANDIDATES) {
                let po = profiles_old[o]
                    .as_ref()
                    .expect("indexed items have profiles");
                let s = round(similarity(po, &pn));
                if s >= threshold {
                    found.push((s, o, n));
                }
            }
        }
        sort_candidates(&mut found, old, new);
        for (s, o, n) in found {
            take(
                &mut pairs,
                &mut taken_old,
                &mut taken_new,
                o,
                n,
                Reason::SimilarText,
                s,
            );
        }
    }
    pairs.sort_by_key(|p| (p.new, p.old));
    pairs
}

/// Least similarity for the one goal left under a parent on each side.
pub const SOLE_UNDER_PARENT: f64 = 0.15;

/// As [`match_items`], for goals: after the usual passes, a parent (the same KF
/// goal or nämndmål on both sides) under which exactly one old and one new goal
/// are left pairs them when they share anything at all (similarity from
/// [`SOLE_UNDER_PARENT`]): a goal rewritten under the same parent, where a
/// removed goal and an added one would have to be coincidence.
pub fn match_goals(old: &[Item], new: &[Item], links: &[(usize, usize)]) -> Vec<Pair> {
    let mut pairs = match_items(old, new, links);
    let taken_old: HashSet<usize> = pairs.iter().map(|p| p.old).collect();
    let taken_new: HashSet<usize> = pairs.iter().map(|p| p.new).collect();
    let mut left: HashMap<u32, (Vec<usize>, Vec<usize>)> = HashMap::new();
    for (o, it) in old.iter().enumerate() {
        if let (false, Some(b)) = (taken_old.contains(&o), it.bucket) {
            left.entry(b).or_default().0.push(o);
        }
    }
    for (n, it) in new.iter().enumerate() {
        if let (false, Some(b)) = (taken_new.contains(&n), it.bucket) {
            left.entry(b).or_default().1.push(n);
        }
    }
    let mut sole: Vec<(u32, usize, usize)> = left
        .into_iter()
        .filter_map(|(b, (o, n))| match (o.as_slice(), n.as_slice()) {
            (&[o], &[n]) => Some((b, o, n)),
            _ => None,
        })
        .collect();
    sole.sort_unstable();
    for (_, o, n) in sole {
        let mut vocab = Vocabulary::default();
        let s = round(similarity(&vocab.profile(&old[o]), &vocab.profile(&new[n])));
        if s >= SOLE_UNDER_PARENT {
            pairs.push(Pair {
                old: o,
                new: n,
                info: MatchInfo {
                    reason: Reason::SimilarText,
                    score: s,
                },
            });
        }
    }
    pairs.sort_by_key(|p| (p.new, p.old));
    pairs
}

/// The items no pair took, in order: every old one (removed), then every new
/// one (added), each with the change it stands for and `None` on the other side.
pub fn unmatched<'a, T>(
    old: &'a [T],
    new: &'a [T],
    pairs: &[Pair],
) -> impl Iterator<Item = (super::Change, Option<&'a T>, Option<&'a T>)> {
    let taken_old: HashSet<usize> = pairs.iter().map(|p| p.old).collect();
    let taken_new: HashSet<usize> = pairs.iter().map(|p| p.new).collect();
    let removed = old
        .iter()
        .enumerate()
        .filter(move |(i, _)| !taken_old.contains(i))
        .map(|(_, x)| (super::Change::Removed, Some(x), None));
    let added = new
        .iter()
        .enumerate()
        .filter(move |(i, _)| !taken_new.contains(i))
        .map(|(_, x)| (super::Change::Added, None, Some(x)));
    removed.chain(added)
}

/// The pair's match, with its similarity computed if the matcher did not need it
/// (declared links and same ids): call it for the pairs that are reported.
pub fn scored(p: &Pair, old: &[Item], new: &[Item]) -> MatchInfo {
    if p.info.reason == Reason::SimilarText {
        return p.info;
    }
    let (x, y) = (&old[p.old], &new[p.new]);
    let mut v = Vocabulary::default();
    let score = if x.text == y.text {
        // The same text (the common case) needs no tokenizing: its Dice is 1
        // when it has a stem at all, which the first word with one shows.
        let mut title = |it: &Item| {
            v.profile(&Item {
                title: it.title,
                ..Item::default()
            })
        };
        let (a, b) = (title(x), title(y));
        let t = dice(&a.title, &b.title);
        let mut buf = String::new();
        let has_stem = x
            .text
            .iter()
            .flat_map(|t| t.split(|c: char| !c.is_alphanumeric()))
            .any(|w| stem_into(w, &mut buf));
        if has_stem { (t + 1.0) / 2.0 } else { t }
    } else {
        similarity(&v.profile(x), &v.profile(y))
    };
    MatchInfo {
        reason: p.info.reason,
        score: round(score),
    }
}

/// Highest score first; ties by the pair's ids, the same whichever side is old,
/// so that a diff and its mirror choose alike.
fn sort_candidates(c: &mut [(f64, usize, usize)], old: &[Item], new: &[Item]) {
    c.sort_by(|a, b| {
        let key = |&(_, o, n): &(f64, usize, usize)| {
            let (x, y) = (old[o].key(), new[n].key());
            if x <= y { (x, y) } else { (y, x) }
        };
        b.0.total_cmp(&a.0).then_with(|| key(a).cmp(&key(b)))
    });
}

fn take(
    pairs: &mut Vec<Pair>,
    taken_old: &mut [bool],
    taken_new: &mut [bool],
    o: usize,
    n: usize,
    reason: Reason,
    score: f64,
) {
    if taken_old[o] || taken_new[n] {
        return;
    }
    taken_old[o] = true;
    taken_new[n] = true;
    pairs.push(Pair {
        old: o,
        new: n,
        info: MatchInfo { reason, score },
    });
}

fn round(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The stems of an element's title and text, as sorted sets of vocabulary ids.
#[derive(Clone, Debug, Default)]
struct Profile {
    title: Vec<u32>,
    text: Vec<u32>,
    /// Title and text together, for the index.
    all: Vec<u32>,
}

impl Profile {
    fn all(&self) -> &[u32] {
        &self.all
    }
}

/// Stems numbered as they are first seen. The hasher is FxHash (a multiply and
/// a rotate per word): stems are short and not chosen by an attacker, and
/// SipHash showed in profiles of the city-sized benchmark.
#[derive(Default)]
struct Vocabulary {
    ids: HashMap<String, u32, std::hash::BuildHasherDefault<FxHasher>>,
    buf: String,
}

impl Vocabulary {
    fn ids(&mut self, text: &str, out: &mut Vec<u32>) {
        for word in text.split(|c: char| !c.is_alphanumeric()) {
            if !stem_into(word, &mut self.buf) {
                continue;
            }
            let id = match self.ids.get(self.buf.as_str()) {
                Some(&id) => id,
                None => {
                    let id = self.ids.len() as u32;
                    self.ids.insert(self.buf.clone(), id);
                    id
                }
            };
            out.push(id);
        }
    }

    fn profile(&mut self, it: &Item) -> Profile {
        let mut title = Vec::new();
        self.ids(it.title, &mut title);
        let mut text = Vec::new();
        for t in &it.text {
            self.ids(t, &mut text);
        }
        for v in [&mut title, &mut text] {
            v.sort_unstable();
            v.dedup();
        }
        let mut all: Vec<u32> = title.iter().chain(&text).copied().collect();
        all.sort_unstable();
        all.dedup();
        Profile { title, text, all }
    }
}

/// Words that say nothing about what a goal is about.
const STOP_WORDS: &[&str] = &[
    "alla", "att", "av", "de", "den", "det", "dess", "ett", "en", "för", "genom", "har", "i",
    "inom", "med", "och", "om", "på", "sig", "sin", "sina", "sitt", "ska", "som", "till", "under",
    "ut", "utifrån", "vid", "är", "år",
];

/// Endings cut from a word, longest first, when at least four letters remain.
const ENDINGS: &[&str] = &[
    "ernas", "arnas", "ornas", "heten", "erna", "arna", "orna", "ande", "ende", "ens", "ets",
    "ars", "ers", "en", "et", "er", "ar", "or", "na", "as", "es", "s", "a", "e",
];

/// A word's stem, or `None` for a stop word or a lone letter or digit.
#[cfg(test)]
fn stem(word: &str) -> Option<String> {
    let mut buf = String::new();
    stem_into(word, &mut buf).then_some(buf)
}

/// Writes a word's stem into `buf`; `false` for a stop word or a lone letter or digit.
fn stem_into(word: &str, buf: &mut String) -> bool {
    buf.clear();
    buf.extend(word.chars().flat_map(char::to_lowercase));
    if buf.chars().nth(1).is_none() || STOP_WORDS.contains(&buf.as_str()) {
        return false;
    }
    for e in ENDINGS {
        if let Some(rest) = buf.strip_suffix(e)
            && rest.chars().nth(3).is_some()
        {
            let keep = rest.len();
            buf.truncate(keep);
            break;
        }
    }
    if let Some((i, _)) = buf.char_indices().nth(7) {
        buf.truncate(i);
    }
    true
}

/// FxHash, as rustc uses it: fast for short keys.
#[derive(Default)]
struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut b = [0u8; 8];
            b[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(b));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

fn dice(a: &[u32], b: &[u32]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * shared as f64 / (a.len() + b.len()) as f64
}

fn similarity(a: &Profile, b: &Profile) -> f64 {
    let title = dice(&a.title, &b.title);
    if a.text.is_empty() || b.text.is_empty() {
        title
    } else {
        (title + dice(&a.text, &b.text)) / 2.0
    }
}

/// The similarity of two titles alone, 0–1, two decimals.
pub fn title_similarity(a: &str, b: &str) -> f64 {
    let mut v = Vocabulary::default();
    let (pa, pb) = (
        v.profile(&Item {
            title: a,
            ..Item::default()
        }),
        v.profile(&Item {
            title: b,
            ..Item::default()
        }),
    );
    round(dice(&pa.title, &pb.title))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item<'a>(id: &'a str, bucket: u32, title: &'a str) -> Item<'a> {
        Item {
            id: Some(id),
            bucket: Some(bucket),
            title,
            text: Vec::new(),
        }
    }

    #[test]
    fn swedish_inflections_share_a_stem() {
        assert_eq!(stem("verksamheterna"), stem("verksamheter"));
        assert_eq!(stem("Stadsdelsnämndens"), stem("stadsdelsnämnden"));
        assert_eq!(stem("ekonomiska"), stem("ekonomi"));
        assert_eq!(stem("och"), None);
        assert!(
            title_similarity(
                "Stadsdelsnämndens verksamheter har en långsiktigt hållbar ekonomi",
                "Stadsdelsnämnden bedriver verksamheterna inom givna ekonomiska ramar",
            ) >= SAME_PARENT
        );
    }

    #[test]
    fn declared_then_id_then_similar_text() {
        let old = [
            item("a", 1, "Barnen lär sig simma"),
            item(
                "b",
                1,
                "Stadsdelsnämndens verksamheter har en långsiktigt hållbar ekonomi",
            ),
            item("c", 2, "Medarbetarna trivs på arbetet"),
            item("d", 2, "Något helt annat"),
        ];
        let new = [
            item(
                "x",
                1,
                "Stadsdelsnämnden bedriver verksamheterna inom givna ekonomiska ramar",
            ),
            item("c", 2, "Medarbetarna trivs"),
            item("y", 3, "Något nytt"),
            item("z", 1, "Barnen badar"),
        ];
        let pairs = match_items(&old, &new, &[(0, 3)]);
        let got: Vec<(usize, usize, Reason)> = pairs
            .iter()
            .map(|p| (p.old, p.new, p.info.reason))
            .collect();
        assert_eq!(
            got,
            [
                (1, 0, Reason::SimilarText),
                (2, 1, Reason::SameId),
                (0, 3, Reason::Declared)
            ]
        );
    }

    #[test]
    fn a_goal_under_another_parent_needs_a_closer_match() {
        let old = [item("a", 1, "Barnen i förskolan lär sig simma i simhallen")];
        let new = [item("b", 2, "Barnen i förskolan lär sig simma i simhallen")];
        let pairs = match_items(&old, &new, &[]);
        assert_eq!(pairs.len(), 1);
        assert_eq!(scored(&pairs[0], &old, &new).score, 1.0);
        let new = [item("b", 2, "Barnen cyklar till skolan")];
        assert!(match_items(&old, &new, &[]).is_empty());
    }
}
