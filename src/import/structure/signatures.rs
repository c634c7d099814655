//! The signatures of a tjänsteutlåtande.

use super::Parser;
use crate::import::structure::Class;

impl Parser<'_> {
    /// The signatures of a tjänsteutlåtande: names on one line, titles under them.
    pub(super) fn signatures(&mut self) {
        let n = self.lines.len();
        let Some(start) = self
            .classes
            .iter()
            .position(|c| *c == Class::Chapter("Ärendets beredning"))
        else {
            return;
        };
        let mut k = start + 1;
        while k + 1 < n && !matches!(self.classes[k + 1], Class::Chapter(_)) {
            let names: Vec<&str> = self.lines[k].text.split(' ').collect();
            let titles: Vec<&str> = self.lines[k + 1].text.split(' ').collect();
            let titled = self.lines[k + 1].is_text()
                && (1..=3).contains(&titles.len())
                && titles
                    .iter()
                    .all(|t| t.chars().all(|c| c.is_lowercase() || c == '-'));
            let named = self.lines[k].is_text()
                && names.len() == 2 * titles.len()
                && names
                    .iter()
                    .all(|t| t.chars().next().is_some_and(char::is_uppercase));
            if titled && named {
                for (p, title) in titles.iter().enumerate() {
                    let name = names[2 * p..2 * p + 2].join(" ");
                    self.doc.signatories.push((name, (*title).to_owned()));
                }
                self.used[k] = true;
                self.used[k + 1] = true;
                // Side by side, the signatures are one pair of lines; read
                // cell by cell, each is a pair of its own, the next after a
                // blank line.
                match self.next_text(k + 1) {
                    Some(next) if !matches!(self.classes[next], Class::Chapter(_)) => {
                        k = next;
                        continue;
                    }
                    _ => return,
                }
            }
            if !self.doc.signatories.is_empty() {
                return;
            }
            k += 1;
        }
    }
}
