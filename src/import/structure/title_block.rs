//! The title block before the text and the cover's facts above it.

use super::Parser;
use crate::import::document::TitleBlock;
use crate::import::tables;
use crate::import::text::{LineKind, join_wrapped};

impl Parser<'_> {
    /// A title block before the text (`Verksamhetsplan 2020`, whose plan,
    /// the line under it, `Period: …`), with the cover's facts above it
    /// (`Förvaltning …`, `Till …`): read, and not taken for prose.
    pub(super) fn title_block(&mut self) {
        let text: Vec<usize> = (0..self.lines.len())
            .filter(|&k| self.lines[k].is_text())
            .take(30)
            .collect();
        let Some(pos) = text.iter().position(|&k| {
            self.lines[k]
                .text
                .strip_prefix("Verksamhetsplan ")
                .is_some_and(|y| y.len() == 4 && y.chars().all(|c| c.is_ascii_digit()))
        }) else {
            return;
        };
        // Nothing of the plan's text above it.
        if text[..pos]
            .iter()
            .any(|&k| self.classes[k].is_structural() || self.lines[k].text.chars().count() > 80)
        {
            return;
        }
        let title = text[pos];
        let Some(&name_at) = text.get(pos + 1) else {
            return;
        };
        // A name: a capital first, no figures or colons, not a sentence.
        let name = &self.lines[name_at].text;
        let name_ok = name.chars().next().is_some_and(char::is_uppercase)
            && name.chars().count() <= 60
            && !name.contains(|c: char| c.is_ascii_digit() || c == ':');
        if self.classes[name_at].is_structural() || !name_ok {
            return;
        }
        let year = self.lines[title].text["Verksamhetsplan ".len()..]
            .parse()
            .unwrap_or(0);
        let mut block = TitleBlock {
            year,
            name: self.lines[name_at].text.clone(),
            ..TitleBlock::default()
        };
        // Above it, the cover's facts: `Förvaltning …`, `Till …`, and a bare
        // label's value on the next line (text read cell by cell).
        const LABELS: [&str; 5] = [
            "Förvaltning",
            "Avdelning",
            "Handläggare",
            "Diarienummer",
            "Datum",
        ];
        let mut used = vec![title, name_at];
        let mut after_label = false;
        for &k in &text[..pos] {
            let t = &self.lines[k].text;
            let label = LABELS
                .iter()
                .any(|l| t == l || t.strip_prefix(l).is_some_and(|r| r.starts_with(' ')));
            if label || after_label || t.starts_with("Till ") {
                used.push(k);
            }
            after_label = LABELS.contains(&t.as_str());
        }
        // The lines under the name, up to a blank line.
        let mut k = name_at;
        while let Some(n) = self.next_text(k) {
            if (k + 1..n).any(|b| self.lines[b].kind == LineKind::Blank)
                || self.classes[n].is_structural()
            {
                break;
            }
            let t = &self.lines[n].text;
            if let Some(p) = t.strip_prefix("Period: ") {
                // `2020-01-01 – 2020-06-30`: the two dates, whatever dash stands between.
                let dates: Vec<&str> = p.split(' ').filter(|d| tables::is_iso_date(d)).collect();
                if let [from, to] = dates.as_slice() {
                    block.period = Some(((*from).to_owned(), (*to).to_owned()));
                }
            } else {
                join_wrapped(block.subtitle.get_or_insert_with(String::new), t);
            }
            used.push(n);
            k = n;
        }
        used.sort_unstable();
        let (Some(&first), Some(&last)) = (used.first(), used.last()) else {
            return;
        };
        self.skipped.push((
            "titelblocket, läst för planens år, enhet, avdelning och period".to_owned(),
            self.lines[first].no,
            self.lines[last].no,
        ));
        for u in used {
            self.used[u] = true;
        }
        self.doc.title_block = Some(block);
    }
}
