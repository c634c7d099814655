//! Stockholm's nämnder as the importer knows them: id, name, and how a plan's
//! text writes the name. The list is data, `namnder.txt`, built into the
//! binary as the OCR word list is.

use std::sync::OnceLock;

const LIST: &str = include_str!("namnder.txt");

/// A nämnd the importer can recognise in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Committee {
    /// The id in `organisation.yaml`, `hagersten-liljeholmen`.
    pub id: String,
    /// `Hägersten-Liljeholmens stadsdelsnämnd`.
    pub name: String,
    /// How texts write the name, folded ([`super::text::fold`]): `hagersten liljeholmen`.
    pub spellings: Vec<String>,
}

/// The nämnder of `namnder.txt`, in its order (which matters: see there).
pub fn builtin() -> &'static [Committee] {
    static LIST_READ: OnceLock<Vec<Committee>> = OnceLock::new();
    LIST_READ.get_or_init(|| parse(LIST))
}

/// The name of the nämnd with this id, if the list has it.
pub fn name(id: &str) -> Option<&'static str> {
    builtin()
        .iter()
        .find(|c| c.id == id)
        .map(|c| c.name.as_str())
}

/// `id | namn | stavning, stavning` lines; `#` starts a comment line. A line
/// without three fields is left out (a test keeps the file free of them).
fn parse(text: &str) -> Vec<Committee> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let mut fields = l.split('|').map(str::trim);
            let (id, name, spellings) = (fields.next()?, fields.next()?, fields.next()?);
            let spellings: Vec<String> = spellings
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
            (fields.next().is_none() && !id.is_empty() && !name.is_empty() && !spellings.is_empty())
                .then(|| Committee {
                    id: id.to_owned(),
                    name: name.to_owned(),
                    spellings,
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::text::fold;

    #[test]
    fn every_line_of_the_list_is_read() {
        let lines = LIST
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
            .count();
        let all = builtin();
        assert_eq!(all.len(), lines);
        assert_eq!(all.len(), 15);
        for c in all {
            assert!(
                c.id.chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-'),
                "{}",
                c.id
            );
            for s in &c.spellings {
                assert_eq!(fold(s), *s, "{}: stavningen ska vara vikt", c.id);
            }
        }
        assert_eq!(name("alvsjo"), Some("Älvsjö stadsdelsnämnd"));
        assert_eq!(name("finns-inte"), None);
        // A name inside a longer one comes after it.
        let at = |id: &str| all.iter().position(|c| c.id == id).unwrap();
        assert!(at("hagersten-alvsjo") < at("alvsjo"));
    }
}
