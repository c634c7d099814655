//! The walk over the text: chapters, KF:s inriktningsmål and mål, nämndmål,
//! enhetsmål, their sections and their indicator and activity tables.

use super::{Level, Parser, Sink};
use crate::import::document::*;
use crate::import::structure::{Class, Header, ROLLUP_APPENDIX};
use crate::import::tables::{self, RawIndicator};
use crate::import::text::{LineKind, join_wrapped};
use crate::load::markdown::{COMMITTEE_SECTIONS, UNIT_SECTIONS};
use crate::model::value::Periodicity;

impl Parser<'_> {
    pub(super) fn walk(&mut self) {
        let n = self.lines.len();
        let mut i = 0;
        while i < n {
            let line = &self.lines[i];
            if line.kind == LineKind::Furniture {
                i += 1;
                continue;
            }
            if line.kind == LineKind::Blank || self.used[i] {
                // A budget table's place stays in the prose around it.
                if (line.kind == LineKind::Blank || self.table_starts.contains_key(&i))
                    && let Some(p) = self.prose_mut()
                {
                    p.lines.push(i);
                }
                i += 1;
                continue;
            }
            // An indicator table read column by column (pdfminer.six), from
            // its head's first part, which may stand after its values.
            if matches!(
                self.classes[i],
                Class::HeaderPart(Header::IndicatorFirst | Header::Indicator)
            ) && let Some(next) = self.indicator_table_by_runs(i)
            {
                i = next;
                continue;
            }
            // Or from its periodicities, which pdfminer.six may put before
            // the head.
            if self.periodicities_before_head(i)
                && let Some(next) = self.indicator_table_by_runs(i)
            {
                i = next;
                continue;
            }
            i = match self.classes[i].clone() {
                Class::Chapter(title) => {
                    self.doc.items.push(Item::Chapter(Chapter {
                        title: title.to_owned(),
                        line: line.no,
                        prose: Prose::default(),
                    }));
                    self.used[i] = true;
                    self.sink = Sink::Chapter(self.doc.items.len() - 1);
                    self.level = Level::Chapter;
                    i + 1
                }
                Class::Direction(rest) => self.direction(i, &rest),
                Class::KfGoal(rest) => self.kf_goal(i, &rest),
                Class::NumberedDirection(..) if self.direction_heading[i] => {
                    let text = line.text.clone();
                    self.direction(i, &text)
                }
                Class::NumberedKfGoal(major, text) if self.numbered_goal_here(i, major, &text) => {
                    self.kf_goal(i, &text)
                }
                Class::CommitteeGoal(rest) => self.committee_goal(i, &rest),
                Class::UnitGoal(rest) => self.unit_goal(i, &rest),
                Class::Section(name) => self.section(i, name),
                Class::IndicatorHeader => self.indicator_table(i),
                Class::ActivityHeader => self.activity_table(i),
                Class::HeaderPart(Header::IndicatorFirst)
                    if self.head_follows(i, Header::Indicator) =>
                {
                    self.indicator_table(i)
                }
                Class::HeaderPart(Header::ActivityFirst)
                    if self.head_follows(i, Header::Activity) || self.dates_follow(i) =>
                {
                    self.activity_table(i)
                }
                // A table's caption; text read cell by cell may put it after
                // the table.
                Class::Caption
                    if (self.table_follows(i)
                        && matches!(
                            self.level,
                            Level::KfGoal | Level::CommitteeGoal | Level::UnitGoal
                        ))
                        || self.table_precedes(i) =>
                {
                    self.used[i] = true;
                    i + 1
                }
                Class::RollupAppendix => self.rollup_appendix(i),
                _ => {
                    self.push_line(i);
                    i + 1
                }
            };
        }
    }

    /// Whether the line at `i` starts a run of periodicities alone on their
    /// lines that goes on up to an indicator table's head part (each run is
    /// looked at once, from its first line: the walk stays linear).
    fn periodicities_before_head(&self, i: usize) -> bool {
        let alone = |k: usize| Periodicity::parse(self.lines[k].text.trim()).is_some();
        if !alone(i)
            || (0..i)
                .rev()
                .find(|&k| self.lines[k].is_text())
                .is_some_and(alone)
        {
            return false;
        }
        let mut k = i;
        while let Some(n) = self.next_text(k) {
            if self.is_indicator_header(n) {
                return true;
            }
            if !alone(n) {
                return false;
            }
            k = n;
        }
        false
    }

    /// Whether the rest of a table's head (`Årsmål`, `Startdatum`) follows
    /// the line `i` within three lines, as text read cell by cell has it.
    fn head_follows(&self, i: usize, part: Header) -> bool {
        let mut k = i;
        for _ in 0..3 {
            let Some(n) = self.next_text(k) else {
                return false;
            };
            if self.classes[n] == Class::HeaderPart(part) {
                return true;
            }
            k = n;
        }
        false
    }

    /// Whether an activity table read column by column starts at `i`: its
    /// `Startdatum` after the rows' texts, before anything structural.
    fn dates_follow(&self, i: usize) -> bool {
        let is_activity_head = |k: usize| {
            matches!(
                self.classes[k],
                Class::HeaderPart(Header::ActivityFirst | Header::Activity)
            )
        };
        let stop = |k: usize| self.structural(k) && !is_activity_head(k);
        let taken = |k: usize| self.table_lines.contains(&k);
        tables::activities_by_column(self.lines, i + 1, &is_activity_head, &taken, &stop).is_some()
    }

    /// Whether the text line before `i` was a row of an indicator or activity table.
    fn table_precedes(&self, i: usize) -> bool {
        (0..i)
            .rev()
            .find(|&k| self.lines[k].is_text())
            .is_some_and(|k| self.table_lines.contains(&k))
    }

    /// Whether a table's head follows a caption (`Indikatorer`).
    fn table_follows(&self, i: usize) -> bool {
        self.next_text(i).is_some_and(|n| {
            matches!(
                self.classes[n],
                Class::IndicatorHeader
                    | Class::ActivityHeader
                    | Class::HeaderPart(Header::IndicatorFirst | Header::ActivityFirst)
            )
        })
    }

    /// Whether `N.M Title` at `i` is one of KF's goals: under the open
    /// inriktningsmål N and numbered after its goals so far, or, where no
    /// inriktningsmål is open, followed by what a goal holds.
    fn numbered_goal_here(&self, i: usize, major: i64, text: &str) -> bool {
        let minor =
            |t: &str| -> Option<i64> { t.split(['.', ' ']).nth(1).and_then(|m| m.parse().ok()) };
        let open = matches!(
            self.level,
            Level::Direction | Level::KfGoal | Level::CommitteeGoal | Level::UnitGoal
        );
        let direction = self.doc.items.iter().rev().find_map(|it| match it {
            Item::Direction(d) => Some(d),
            Item::Chapter(_) => None,
        });
        if open && let Some(d) = direction {
            let after = d
                .goals
                .last()
                .and_then(|g| minor(&g.number))
                .is_none_or(|last| minor(text).is_some_and(|m| m > last));
            return d.number == major && after;
        }
        self.next_text(i).is_some_and(|n| {
            matches!(
                self.classes[n],
                Class::CommitteeGoal(_)
                    | Class::IndicatorHeader
                    | Class::ActivityHeader
                    | Class::Caption
                    | Class::HeaderPart(Header::IndicatorFirst | Header::ActivityFirst)
            )
        })
    }

    /// The appendix vp writes from the rollup, to the end of the text or the
    /// next chapter: recognised, left out, and reported as such.
    fn rollup_appendix(&mut self, i: usize) -> usize {
        let n = self.lines.len();
        let end = (i + 1..n)
            .find(|&k| matches!(self.classes[k], Class::Chapter(_)))
            .unwrap_or(n);
        let last = (i..end)
            .rev()
            .find(|&k| self.lines[k].is_text())
            .unwrap_or(i);
        for k in i..end {
            if self.lines[k].is_text() {
                self.used[k] = true;
            }
        }
        self.skipped.push((
            format!("bilagan {ROLLUP_APPENDIX:?}, som vp skriver ur enheternas planer och som inte är planens text"),
            self.lines[i].no,
            self.lines[last].no,
        ));
        self.sink = Sink::Nowhere;
        self.level = Level::None;
        end
    }

    /// A goal's title: on the keyword's line or the next, going on until the
    /// next line that is something else — however the text was wrapped, with
    /// page furniture between its lines skipped. Where a table of contents
    /// lists the heading, it says where the title ends; otherwise the line
    /// ends where the text says a line ends ([`Line::soft`]).
    fn title(&mut self, i: usize, rest: &str) -> (String, usize) {
        self.used[i] = true;
        let (mut title, mut last) = if rest.is_empty() {
            match self.next_text(i) {
                Some(k)
                    if matches!(
                        self.classes[k],
                        Class::Other | Class::NumberedDirection(..) | Class::NumberedKfGoal(..)
                    ) =>
                {
                    self.used[k] = true;
                    (self.lines[k].text.clone(), k)
                }
                _ => return (String::new(), i + 1),
            }
        } else {
            (rest.to_owned(), i)
        };
        // The heading as a table of contents writes it: the whole first line.
        let mut head = (!rest.is_empty()).then(|| self.lines[i].text.clone());
        while let Some(k) = self.next_text(last) {
            if self.structural(k) {
                break;
            }
            let listed = head
                .as_deref()
                .filter(|h| self.contents.iter().any(|c| word_prefix(c, &clean(h))));
            let goes_on = match listed {
                Some(h) => {
                    let mut longer = h.to_owned();
                    join_wrapped(&mut longer, &self.lines[k].text);
                    let longer = clean(&longer);
                    self.contents.iter().any(|c| word_prefix(c, &longer))
                }
                None => {
                    let prev = &self.lines[last];
                    // A blank line ends an OCR title, unless a page break brought it.
                    let between = &self.lines[last + 1..k];
                    let paragraph_end = between.iter().any(|l| l.kind == LineKind::Blank)
                        && !between.iter().any(|l| l.kind == LineKind::Furniture);
                    if self.ocr { !paragraph_end } else { prev.soft }
                }
            };
            if !goes_on {
                break;
            }
            join_wrapped(&mut title, &self.lines[k].text);
            if let Some(h) = head.as_mut() {
                join_wrapped(h, &self.lines[k].text);
            }
            last = k;
            self.used[k] = true;
        }
        (clean(&title), last + 1)
    }

    fn direction(&mut self, i: usize, rest: &str) -> usize {
        let (text, next) = self.title(i, rest);
        let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
        let number = digits.parse().unwrap_or(0);
        let title = text[digits.len()..]
            .trim_start_matches(['.', ' '])
            .to_owned();
        if number == 0 {
            self.notes.push(format!(
                "rad {}: inriktningsmålet saknar nummer",
                self.lines[i].no
            ));
        }
        self.doc.items.push(Item::Direction(Direction {
            number,
            title,
            line: self.lines[i].no,
            prose: Prose::default(),
            goals: Vec::new(),
        }));
        self.sink = Sink::Direction;
        self.level = Level::Direction;
        next
    }

    fn ensure_direction(&mut self, number: i64) {
        let open = matches!(
            self.level,
            Level::Direction | Level::KfGoal | Level::CommitteeGoal | Level::UnitGoal
        );
        if !open || self.direction_mut().is_none() {
            // A KF goal without its inriktningsmål above it (after a chapter):
            // the goal's number says which one.
            let existing = self
                .doc
                .items
                .iter()
                .rposition(|it| matches!(it, Item::Direction(d) if d.number == number));
            match existing {
                Some(k) if k + 1 == self.doc.items.len() => {}
                _ => self.doc.items.push(Item::Direction(Direction {
                    number,
                    ..Direction::default()
                })),
            }
        }
    }

    fn kf_goal(&mut self, i: usize, rest: &str) -> usize {
        let (text, next) = self.title(i, rest);
        let raw_number: String = text
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        let title = text[raw_number.len()..].trim().to_owned();
        let number = raw_number.trim_end_matches('.').to_owned();
        let major: i64 = number
            .split('.')
            .next()
            .and_then(|m| m.parse().ok())
            .unwrap_or(0);
        if number.is_empty() {
            self.notes.push(format!(
                "rad {}: KF:s mål för verksamhetsområdet saknar nummer",
                self.lines[i].no
            ));
        }
        self.ensure_direction(major);
        let goal = KfGoal {
            number,
            title,
            line: self.lines[i].no,
            ..KfGoal::default()
        };
        if let Some(d) = self.direction_mut() {
            d.goals.push(goal);
        }
        self.sink = Sink::KfGoal;
        self.level = Level::KfGoal;
        next
    }

    fn committee_goal(&mut self, i: usize, rest: &str) -> usize {
        let (title, next) = self.title(i, rest);
        if self.kf_goal_mut().is_none()
            || !matches!(
                self.level,
                Level::KfGoal | Level::CommitteeGoal | Level::UnitGoal
            )
        {
            self.notes.push(format!(
                "rad {}: nämndmålet står inte under något av KF:s mål för verksamhetsområdet",
                self.lines[i].no
            ));
            self.ensure_direction(0);
            if let Some(d) = self.direction_mut() {
                d.goals.push(KfGoal::default());
            }
        }
        let goal = Goal {
            title,
            line: self.lines[i].no,
            ..Goal::default()
        };
        if let Some(g) = self.kf_goal_mut() {
            g.committee_goals.push(goal);
        }
        self.sink = Sink::CommitteeIntro;
        self.level = Level::CommitteeGoal;
        next
    }

    fn unit_goal(&mut self, i: usize, rest: &str) -> usize {
        let (title, next) = self.title(i, rest);
        if self.committee_goal_mut().is_none()
            || !matches!(self.level, Level::CommitteeGoal | Level::UnitGoal)
        {
            self.notes.push(format!(
                "rad {}: enhetsmålet står inte under något nämndmål",
                self.lines[i].no
            ));
            if self.kf_goal_mut().is_none() {
                self.ensure_direction(0);
                if let Some(d) = self.direction_mut() {
                    d.goals.push(KfGoal::default());
                }
            }
            if let Some(g) = self.kf_goal_mut() {
                g.committee_goals.push(Goal::default());
            }
        }
        let goal = Goal {
            title,
            line: self.lines[i].no,
            ..Goal::default()
        };
        if let Some(g) = self.committee_goal_mut() {
            g.unit_goals.push(goal);
        }
        self.sink = Sink::UnitIntro;
        self.level = Level::UnitGoal;
        next
    }

    fn section(&mut self, i: usize, name: &'static str) -> usize {
        let no = self.lines[i].no;
        let open = |sections: &mut Vec<Section>| match sections.iter().position(|s| s.name == name)
        {
            Some(k) => k,
            None => {
                sections.push(Section {
                    name,
                    line: no,
                    prose: Prose::default(),
                });
                sections.len() - 1
            }
        };
        let sink = match self.level {
            Level::UnitGoal if UNIT_SECTIONS.contains(&name) => self
                .unit_goal_mut()
                .map(|g| Sink::UnitSection(open(&mut g.sections))),
            Level::CommitteeGoal if COMMITTEE_SECTIONS.contains(&name) => self
                .committee_goal_mut()
                .map(|g| Sink::CommitteeSection(open(&mut g.sections))),
            Level::KfGoal if name == "Kommentar" => self.kf_goal_mut().map(|g| {
                g.comment.get_or_insert_with(|| Section {
                    name,
                    line: no,
                    prose: Prose::default(),
                });
                Sink::KfComment
            }),
            _ => None,
        };
        match sink {
            Some(s) => {
                self.sink = s;
                self.used[i] = true;
            }
            // A section name where no goal has such a section: a heading in the text.
            None => self.push_line(i),
        }
        i + 1
    }

    fn table_style(&self) -> tables::Style {
        tables::Style {
            ocr: self.ocr,
            soft_marked: self.soft_marked,
        }
    }

    /// The line at `k` is an indicator table's head, or a part of one.
    fn is_indicator_header(&self, k: usize) -> bool {
        matches!(
            self.classes[k],
            Class::IndicatorHeader | Class::HeaderPart(Header::IndicatorFirst | Header::Indicator)
        )
    }

    fn indicator_table(&mut self, i: usize) -> usize {
        let parsed = {
            let is_header = |k: usize| self.is_indicator_header(k);
            let stop = |k: usize| self.structural(k);
            tables::indicators(self.lines, i + 1, self.table_style(), &is_header, &stop)
        };
        self.place_indicators(i, parsed)
    }

    /// An indicator table read column by column ([`tables::indicators_by_runs`])
    /// from the head part at `i`, placed under the open goal: where reading
    /// goes on, or `None` where no such table is read here.
    fn indicator_table_by_runs(&mut self, i: usize) -> Option<usize> {
        if !matches!(
            self.level,
            Level::KfGoal | Level::CommitteeGoal | Level::UnitGoal
        ) {
            return None;
        }
        let parsed = {
            let is_header = |k: usize| self.is_indicator_header(k);
            let skip = |k: usize| {
                matches!(
                    self.classes[k],
                    Class::Caption
                        | Class::ActivityHeader
                        | Class::HeaderPart(Header::ActivityFirst | Header::Activity)
                )
            };
            let stop = |k: usize| self.structural(k);
            tables::indicators_by_runs(self.lines, i, &is_header, &skip, &stop, self.kf_targets)?
        };
        // The head's first part, `Indikator`, is among what the table read.
        let named = parsed
            .used
            .iter()
            .any(|&k| self.classes[k] == Class::HeaderPart(Header::IndicatorFirst));
        if !named {
            return None;
        }
        Some(self.place_indicators(i, parsed))
    }

    /// Puts an indicator table's rows under the open goal, reports rows
    /// missing, and says where reading goes on.
    fn place_indicators(&mut self, i: usize, parsed: tables::Parsed<RawIndicator>) -> usize {
        let level = self.level;
        let rows: Vec<IndicatorRow> = parsed
            .rows
            .iter()
            .map(|r| assign_targets(r, level == Level::KfGoal))
            .collect();
        let placed = match level {
            Level::UnitGoal => self.unit_goal_mut().map(|g| g.indicators.extend(rows)),
            Level::CommitteeGoal => self.committee_goal_mut().map(|g| g.indicators.extend(rows)),
            Level::KfGoal => self.kf_goal_mut().map(|g| g.indicators.extend(rows)),
            _ => None,
        };
        self.check_rows(i, parsed.rows.len(), Header::Indicator);
        if placed.is_some() && parsed.kf_chose {
            self.notes.push(format!(
                "rad {}: indikatortabellens Årsmål och KF:s årsmål skildes åt med KF:s årsmål ur KF:s budget i utkatalogen (texten ensam säger inte vilket som är vilket); läs tabellen mot källan",
                self.lines[i].no
            ));
        }
        if placed.is_some() {
            self.indicator_tables += 1;
            self.used[i] = true;
            for k in parsed.used {
                self.used[k] = true;
                self.table_lines.insert(k);
            }
        }
        parsed.resume.max(i + 1)
    }

    fn activity_table(&mut self, i: usize) -> usize {
        let parsed = {
            let is_header = |k: usize| {
                matches!(
                    self.classes[k],
                    Class::ActivityHeader
                        | Class::HeaderPart(Header::ActivityFirst | Header::Activity)
                )
            };
            let stop = |k: usize| self.structural(k);
            let taken = |k: usize| self.table_lines.contains(&k);
            tables::activities(
                self.lines,
                i + 1,
                self.table_style(),
                &is_header,
                &taken,
                &stop,
            )
        };
        self.check_rows(i, parsed.rows.len(), Header::Activity);
        let rows = parsed.rows;
        let placed = match self.level {
            Level::UnitGoal => self.unit_goal_mut().map(|g| g.activities.extend(rows)),
            Level::CommitteeGoal => self.committee_goal_mut().map(|g| g.activities.extend(rows)),
            Level::KfGoal => self.kf_goal_mut().map(|g| g.activities.extend(rows)),
            _ => None,
        };
        if placed.is_some() {
            self.activity_tables += 1;
            self.used[i] = true;
            for k in parsed.used {
                self.used[k] = true;
                self.table_lines.insert(k);
            }
        }
        parsed.resume.max(i + 1)
    }
}

impl Parser<'_> {
    /// Compares the rows read for the table whose head is at `i` with the
    /// rows the text under the head implies, to the next structural line
    /// (parts of the table's own head skipped): one periodicity per indicator
    /// row, two dates per activity row. Fewer read is reported.
    fn check_rows(&mut self, i: usize, read: usize, table: Header) {
        let own_head = |c: &Class| match table {
            Header::Indicator | Header::IndicatorFirst => matches!(
                c,
                Class::IndicatorHeader
                    | Class::HeaderPart(Header::IndicatorFirst | Header::Indicator)
            ),
            Header::Activity | Header::ActivityFirst => matches!(
                c,
                Class::ActivityHeader | Class::HeaderPart(Header::ActivityFirst | Header::Activity)
            ),
        };
        let mut periods = 0;
        let mut dates = 0;
        for k in i + 1..self.lines.len() {
            if !self.lines[k].is_text() || own_head(&self.classes[k]) {
                continue;
            }
            if self.structural(k) {
                break;
            }
            let t = &self.lines[k].text;
            let last = t.rsplit(' ').next().unwrap_or(t);
            if Periodicity::parse(last).is_some() {
                periods += 1;
            }
            dates += t.split(' ').filter(|w| tables::is_iso_date(w)).count();
        }
        let implied = match table {
            Header::Indicator | Header::IndicatorFirst => periods,
            Header::Activity | Header::ActivityFirst => dates / 2,
        };
        if read < implied {
            self.short_tables.push((self.lines[i].no, read, implied));
        }
    }
}

/// Targets as written → the plan's årsmål and KF:s årsmål. Two values are
/// both; one value under a KF goal is KF's (the nämnd's cell is empty), under a
/// nämndmål or enhetsmål it is the plan's own.
fn assign_targets(r: &RawIndicator, under_kf_goal: bool) -> IndicatorRow {
    let (target, kf_target) = match (&r.columns, r.values.as_slice()) {
        (Some([a, b]), _) => (a.clone(), b.clone()),
        (None, [a, b]) => (Some(a.clone()), Some(b.clone())),
        (None, [a]) if under_kf_goal => (None, Some(a.clone())),
        (None, [a]) => (Some(a.clone()), None),
        _ => (None, None),
    };
    // vp's own PDFs print an empty target cell as a lone en dash (the marker for
    // "no target this year" is written `-`).
    let given = |t: Option<String>| t.filter(|t| t.trim() != "–");
    IndicatorRow {
        name: r.name.clone(),
        target: given(target),
        kf_target: given(kf_target),
        periodicity: r.periodicity.clone(),
        line: r.line,
    }
}

/// A title as it is kept: no soft hyphen left where a word was broken.
fn clean(s: &str) -> String {
    s.replace('\u{ad}', "")
}

/// Whether `prefix` is `whole` or its first words. A table of contents may
/// lose a title's full stop in its dot leaders: one at the end is not compared.
fn word_prefix(whole: &str, prefix: &str) -> bool {
    let prefix = prefix.strip_suffix('.').unwrap_or(prefix);
    whole.starts_with(prefix)
        && (whole.len() == prefix.len() || whole[prefix.len()..].starts_with([' ', '.']))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(values: &[&str]) -> RawIndicator {
        RawIndicator {
            name: "Sjukfrånvaro".into(),
            values: values.iter().map(|v| (*v).to_owned()).collect(),
            columns: None,
            periodicity: Some("Tertial".into()),
            line: 1,
        }
    }

    #[test]
    fn an_en_dash_in_a_target_cell_is_no_target_and_a_hyphen_is_the_marker() {
        // vp prints an empty cell as an en dash: which of the two is empty is then known.
        let r = assign_targets(&raw(&["7 %", "–"]), true);
        assert_eq!(
            (r.target.as_deref(), r.kf_target.as_deref()),
            (Some("7 %"), None)
        );
        let r = assign_targets(&raw(&["–", "2 %"]), false);
        assert_eq!(
            (r.target.as_deref(), r.kf_target.as_deref()),
            (None, Some("2 %"))
        );
        // "No target this year" is a target of its own.
        let r = assign_targets(&raw(&["-", "2 %"]), false);
        assert_eq!(r.target.as_deref(), Some("-"));
    }
}
