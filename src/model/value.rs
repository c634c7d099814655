//! Values in plans: dates, targets, periodicity, direction, aggregation.

use std::fmt;

/// A calendar date (ISO 8601, `ÅÅÅÅ-MM-DD`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Parses `2020-01-27`; `None` for anything that is not a real date in that form.
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        // Digits only, as the schema's pattern: `+020-01-01` is no date.
        if !(digits(0..4) && digits(5..7) && digits(8..10)) {
            return None;
        }
        let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<u32>().ok();
        let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let date = Date {
            year: year as i32,
            month: u8::try_from(month).ok()?,
            day: u8::try_from(day).ok()?,
        };
        (1..=12)
            .contains(&month)
            .then_some(())
            .filter(|_| day >= 1 && day <= u32::from(days_in_month(date.year, date.month)))
            .map(|_| date)
    }

    pub fn first_of_year(year: i32) -> Date {
        Date {
            year,
            month: 1,
            day: 1,
        }
    }

    /// Seconds since 1970-01-01 00:00 UTC at the start of the day (a PDF's
    /// creation date, `SOURCE_DATE_EPOCH`'s unit).
    pub fn unix_timestamp(self) -> i64 {
        // Days from the civil date (Howard Hinnant's algorithm), proleptic Gregorian.
        let (m, d) = (i64::from(self.month), i64::from(self.day));
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        (era * 146_097 + doe - 719_468) * 86_400
    }

    pub fn last_of_year(year: i32) -> Date {
        Date {
            year,
            month: 12,
            day: 31,
        }
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// In JSON outputs: `ÅÅÅÅ-MM-DD`.
impl schemars::JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" })
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A target value (årsmål): a number with a unit, a marker, or nothing.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(tag = "typ", rename_all = "snake_case")]
pub enum Target {
    /// `1 050 st`, `0,57 %`, `+/-1 %`, `2 % energieffektivisering relativt 2018`.
    Number {
        value: f64,
        unit: Option<String>,
        /// Written as a tolerance, `+/-1 %`.
        tolerance: bool,
        text: String,
    },
    /// One of the seeds' non-numeric markers, kept apart from numbers.
    Marker { marker: Marker, text: String },
    /// No target given (an empty cell).
    Empty,
}

/// Targets that are not numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Marker {
    /// `Öka`.
    Increase,
    /// `Minska`.
    Decrease,
    /// `-`: no target this year.
    NotApplicable,
    /// `Fastställs 2019`: set later, a placeholder.
    SetLater(i32),
    /// `Tas fram av nämnden` (also written `nämnd`, `nämnd/styrelse`): the
    /// nämnd sets it, a placeholder.
    SetByCommittee,
}

impl Marker {
    pub fn is_placeholder(self) -> bool {
        matches!(self, Marker::SetLater(_) | Marker::SetByCommittee)
    }
}

/// Why a target did not parse, with a suggestion.
#[derive(Debug, PartialEq)]
pub struct TargetError {
    pub hint: String,
}

impl Target {
    /// Parses a target as the seeds write them: Swedish decimal comma,
    /// space or no-break space between thousands, unit after the number.
    ///
    /// ```
    /// use vp::model::{Marker, Target};
    ///
    /// let t = Target::parse("1 050 st").unwrap();
    /// assert_eq!(t.unit(), Some("st"));
    /// assert!(matches!(t, Target::Number { value, .. } if value == 1050.0));
    /// assert!(matches!(
    ///     Target::parse("Fastställs 2019").unwrap(),
    ///     Target::Marker { marker: Marker::SetLater(2019), .. }
    /// ));
    /// assert!(Target::parse("1.5 %").is_err()); // decimal comma, not point
    /// ```
    pub fn parse(s: &str) -> Result<Target, TargetError> {
        let text = s.trim();
        if text.is_empty() {
            return Ok(Target::Empty);
        }
        let marker = |m| {
            Ok(Target::Marker {
                marker: m,
                text: text.to_owned(),
            })
        };
        match text {
            "Öka" | "öka" => return marker(Marker::Increase),
            "Minska" | "minska" => return marker(Marker::Decrease),
            "-" | "–" => return marker(Marker::NotApplicable),
            _ => {}
        }
        // The seeds write it "Tas fram av nämnden", "tas fram av nämnd" and,
        // where KF's budget speaks to nämnder and bolag at once, "nämnd/styrelse".
        if let Some(by) = text
            .strip_prefix("Tas fram av ")
            .or_else(|| text.strip_prefix("tas fram av "))
            && matches!(by.trim(), "nämnden" | "nämnd" | "nämnd/styrelse")
        {
            return marker(Marker::SetByCommittee);
        }
        if let Some(year) = text.strip_prefix("Fastställs ") {
            return match year.trim().parse::<i32>() {
                Ok(y) if (1900..=2200).contains(&y) => marker(Marker::SetLater(y)),
                _ => Err(TargetError {
                    hint: "skriv `Fastställs` följt av ett årtal, t.ex. `Fastställs 2019`".into(),
                }),
            };
        }
        let (tolerance, rest) = match text.strip_prefix("+/-").or_else(|| text.strip_prefix("±")) {
            Some(r) => (true, r.trim_start()),
            None => (false, text),
        };
        let (negative, rest) = match rest.strip_prefix(['-', '−']) {
            Some(r) => (true, r),
            None => (false, rest),
        };
        // The number: digits in groups separated by a space or no-break space, then ",decimals".
        let mut digits = String::new();
        let mut end = 0;
        let mut seen_comma = false;
        let chars: Vec<(usize, char)> = rest.char_indices().collect();
        let mut k = 0;
        while k < chars.len() {
            let (i, c) = chars[k];
            if c.is_ascii_digit() {
                digits.push(c);
                end = i + 1;
            } else if c == ','
                && !seen_comma
                && chars.get(k + 1).is_some_and(|(_, n)| n.is_ascii_digit())
                && !digits.is_empty()
            {
                seen_comma = true;
                digits.push('.');
            } else if (c == ' ' || c == '\u{a0}' || c == '\u{202f}')
                && !seen_comma
                && !digits.is_empty()
                && chars[k + 1..]
                    .iter()
                    .take_while(|(_, d)| d.is_ascii_digit())
                    .count()
                    == 3
                && chars.get(k + 4).is_none_or(|(_, d)| !d.is_ascii_digit())
            {
                // thousands separator
            } else {
                break;
            }
            k += 1;
        }
        if digits.is_empty() {
            return Err(TargetError {
                hint: "skriv ett tal med enhet (`15 st`, `0,57 %`) eller en av markörerna `Öka`, `Minska`, `-`, `Fastställs ÅÅÅÅ`, `Tas fram av nämnden`".into(),
            });
        }
        let after = &rest[end..];
        if after.starts_with('.') && after[1..].starts_with(|c: char| c.is_ascii_digit()) {
            // `1.050 st`: a point before three digits between digit groups is a
            // thousands separator, which Swedish writes as a space.
            let group = after[1..].chars().take_while(char::is_ascii_digit).count();
            let hint = if group == 3 && digits.len() <= 3 && !digits.contains('.') {
                format!(
                    "skriv tusental med mellanslag: `{}` (eller decimalkomma, `{}`, om talet har decimaler)",
                    text.replacen('.', " ", 1),
                    text.replacen('.', ",", 1)
                )
            } else {
                format!("använd decimalkomma: `{}`", text.replacen('.', ",", 1))
            };
            return Err(TargetError { hint });
        }
        let value: f64 = digits.parse().map_err(|_| TargetError {
            hint: "talet kan inte läsas".into(),
        })?;
        let unit = after.trim();
        if !after.is_empty() && !after.starts_with([' ', '\u{a0}', '%']) {
            return Err(TargetError {
                hint: "skriv ett mellanslag mellan talet och enheten, t.ex. `15 st`".into(),
            });
        }
        Ok(Target::Number {
            value: if negative { -value } else { value },
            unit: (!unit.is_empty()).then(|| unit.to_owned()),
            tolerance,
            text: text.to_owned(),
        })
    }

    pub fn unit(&self) -> Option<&str> {
        match self {
            Target::Number { unit, .. } => unit.as_deref(),
            _ => None,
        }
    }

    pub fn is_percent(&self) -> bool {
        self.unit().is_some_and(|u| u.starts_with('%'))
    }

    /// The text as written, for output.
    pub fn text(&self) -> &str {
        match self {
            Target::Number { text, .. } | Target::Marker { text, .. } => text,
            Target::Empty => "",
        }
    }
}

/// Whether two units name the same thing: equal, or one is the other with more
/// words after it (`%` and `% energieffektivisering relativt 2018`).
pub fn units_agree(a: &str, b: &str) -> bool {
    // Word by word, case-insensitively: called for every unit row, so nothing is
    // allocated. (Lowercased a character at a time, a word-final Σ is σ, not ς;
    // no unit of a plan is Greek.)
    let same = |x: &str, y: &str| {
        x.chars()
            .flat_map(char::to_lowercase)
            .eq(y.chars().flat_map(char::to_lowercase))
    };
    let (mut a, mut b) = (a.split_whitespace(), b.split_whitespace());
    let mut words = 0;
    loop {
        match (a.next(), b.next()) {
            (Some(x), Some(y)) if same(x, y) => words += 1,
            (Some(_), Some(_)) => return false,
            (None, None) => return true,
            // One ran out of words first: it agrees if it had any (a unit without
            // words is no prefix of one with words).
            _ => return words > 0,
        }
    }
}

/// A closed list of a plan file's words (riktning, aggregering, …): each value
/// is one of them.
pub trait ClosedList: Copy {
    /// The Swedish name, as written in plan files.
    fn name(self) -> &'static str;
}

/// Serializes a closed list's value as the plan files write it (`högre`), for
/// outputs that speak the files' language.
pub fn serialize_name<S: serde::Serializer, T: ClosedList>(
    value: &Option<T>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => s.serialize_str(v.name()),
        None => s.serialize_none(),
    }
}

macro_rules! closed_list {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $text:literal),* $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
        pub enum $name { $($variant,)* }

        impl $name {
            pub const NAMES: &'static [&'static str] = &[$($text,)*];

            pub fn parse(s: &str) -> Option<Self> {
                match s { $($text => Some($name::$variant),)* _ => None }
            }

            /// The Swedish name, as written in plan files.
            pub fn name(self) -> &'static str {
                match self { $($name::$variant => $text,)* }
            }
        }

        /// In JSON outputs the Swedish name, as the files write it
        /// ([`serialize_name`]).
        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }
            fn inline_schema() -> bool {
                true
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({ "type": "string", "enum": $name::NAMES })
            }
        }

        impl ClosedList for $name {
            fn name(self) -> &'static str {
                $name::name(self)
            }
        }
    };
}

closed_list! {
    /// Periodicitet: how often an indicator is followed up.
    Periodicity { Month = "Månad", Tertial = "Tertial", HalfYear = "Halvår", Year = "År" }
}

closed_list! {
    /// Riktning: which way is better.
    Direction { Higher = "högre", Lower = "lägre", Neither = "ingen" }
}

closed_list! {
    /// Aggregering: how unit outcomes roll up to the nämnd. Declared, never guessed.
    Aggregation {
        Sum = "summa",
        Mean = "medel",
        WeightedMean = "viktat-medel",
        Min = "min",
        Max = "max",
        NoRollup = "ingen",
    }
}

closed_list! {
    /// A table row's role.
    RowKind { Row = "rad", PartOf = "varav", Total = "summa" }
}

/// How far a SUMMA row may stand from the sum of its rows: one unit of
/// rounding in the first decimal, which the tables print.
const SUM_TOLERANCE: f64 = 0.1 + 1e-9;

/// A SUMMA row's value that is not the sum of its rows.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SumMismatch {
    pub row: usize,
    pub column: usize,
    /// The SUMMA row's value.
    pub total: f64,
    /// What its rows add up to.
    pub sum: f64,
}

/// The SUMMA check, the one `vp validate` (VP040) and `vp import` make: each
/// SUMMA row against the ordinary rows above it, back to the previous SUMMA
/// row; varav rows are parts of a row and not counted. `value(row, column)`
/// is a cell's amount, `None` where it is empty. Agreement is up to rounding.
pub fn sum_mismatches(
    kinds: &[RowKind],
    columns: usize,
    value: impl Fn(usize, usize) -> Option<f64>,
) -> Vec<SumMismatch> {
    let mut found = Vec::new();
    let mut section_start = 0;
    for (i, kind) in kinds.iter().enumerate() {
        if *kind != RowKind::Total {
            continue;
        }
        for column in 0..columns {
            let Some(total) = value(i, column) else {
                continue;
            };
            let sum: f64 = (section_start..i)
                .filter(|&r| kinds[r] == RowKind::Row)
                .filter_map(|r| value(r, column))
                .sum();
            if (sum - total).abs() > SUM_TOLERANCE {
                found.push(SumMismatch {
                    row: i,
                    column,
                    total,
                    sum,
                });
            }
        }
        section_start = i + 1;
    }
    found
}

closed_list! {
    /// The period of a follow-up: tertialrapport 1 (January–April), tertialrapport 2
    /// (January–August), verksamhetsberättelse (the year).
    FollowUpPeriod { T1 = "T1", T2 = "T2", Vb = "VB" }
}

closed_list! {
    /// Bedömning of a goal: at T1 and T2 a forecast, in the VB the outcome.
    Assessment { Full = "helt", Partial = "delvis", Not = "ej" }
}

closed_list! {
    /// An activity's status at a follow-up.
    ActivityStatus {
        NotStarted = "ej påbörjad",
        Ongoing = "pågående",
        Done = "avslutad",
        Postponed = "uppskjuten",
        Cancelled = "ställd in",
    }
}

closed_list! {
    /// Könsuppdelning: an indicator about individuals is reported by sex.
    SexSplit { WomenMen = "kvinnor-män", GirlsBoys = "flickor-pojkar" }
}

/// A table cell that is not a number.
#[derive(Debug, PartialEq, Eq)]
pub struct NotANumber;

/// Parses a Swedish table number: `1 948,4`, `-51,3`, `−0,4`. `None` for an empty cell or `-`.
pub fn parse_amount(s: &str) -> Result<Option<f64>, NotANumber> {
    let t = s.trim();
    if t.is_empty() || t == "-" || t == "–" {
        return Ok(None);
    }
    let (neg, body) = match t.strip_prefix(['-', '−', '–']) {
        Some(r) => (true, r.trim_start()),
        None => (false, t),
    };
    let cleaned: String = body
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    if cleaned.is_empty()
        || !cleaned.chars().all(|c| c.is_ascii_digit() || c == '.')
        || body.contains('.')
    {
        return Err(NotANumber);
    }
    let v: f64 = cleaned.parse().map_err(|_| NotANumber)?;
    Ok(Some(if neg { -v } else { v }))
}

/// The months' Swedish names, January first.
pub const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];

/// A date as Swedish prose writes it, `10 januari 2019` (seed 002's Ärendets
/// beredning); tables keep ISO dates, as the seeds' activity tables have them.
pub fn swedish_date(d: Date) -> String {
    let month = MONTHS
        .get(usize::from(d.month).wrapping_sub(1))
        .copied()
        .unwrap_or("?");
    format!("{} {month} {}", d.day, d.year)
}

/// A period, the year written once when both ends share it: `1 januari – 30 juni 2020`
/// (seed 003: "perioden 1 januari till 30 juni 2020").
pub fn swedish_period(from: Date, to: Date) -> String {
    if from.year == to.year {
        let full = swedish_date(from);
        let without_year = full
            .strip_suffix(&format!(" {}", from.year))
            .unwrap_or(&full)
            .to_owned();
        format!("{without_year} – {}", swedish_date(to))
    } else {
        format!("{} – {}", swedish_date(from), swedish_date(to))
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_date_is_its_unix_timestamp() {
        let at = |s: &str| Date::parse(s).unwrap().unix_timestamp();
        assert_eq!(at("1970-01-01"), 0);
        assert_eq!(at("2020-01-20"), 1_579_478_400);
        assert_eq!(at("2000-03-01"), 951_868_800);
        assert_eq!(at("1969-12-31"), -86_400);
        assert_eq!(at("2024-12-31"), 1_735_603_200);
    }

    #[test]
    fn a_point_between_digit_groups_is_read_as_thousands() {
        let hint = |t: &str| Target::parse(t).unwrap_err().hint;
        assert!(
            hint("1.050 st").contains("`1 050 st`"),
            "{}",
            hint("1.050 st")
        );
        assert!(hint("0.57 %").starts_with("använd decimalkomma: `0,57 %`"));
    }

    use super::*;

    #[test]
    fn a_summa_row_is_checked_against_the_ordinary_rows_since_the_last_summa_row() {
        use RowKind::*;
        // Rows: 10, varav 4, 5, SUMMA 15 | 1, SUMMA 2 (wrong), in one column;
        // the second column is empty on the first SUMMA row, so not checked there.
        let kinds = [Row, PartOf, Row, Total, Row, Total];
        let cells = [
            [Some(10.0), Some(1.0)],
            [Some(4.0), None],
            [Some(5.0), Some(1.0)],
            [Some(15.0), None],
            [Some(1.0), Some(3.0)],
            [Some(2.0), Some(3.04)],
        ];
        let found = sum_mismatches(&kinds, 2, |r, c| cells[r][c]);
        assert_eq!(
            found,
            [SumMismatch {
                row: 5,
                column: 0,
                total: 2.0,
                sum: 1.0
            }]
        );
    }

    fn num(s: &str) -> (f64, Option<String>) {
        match Target::parse(s).unwrap() {
            Target::Number { value, unit, .. } => (value, unit),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn targets_from_the_seeds() {
        assert_eq!(num("1 050 st"), (1050.0, Some("st".into())));
        assert_eq!(num("1\u{a0}050 st"), (1050.0, Some("st".into())));
        assert_eq!(num("0,57 %"), (0.57, Some("%".into())));
        assert_eq!(num("3,3 GWh"), (3.3, Some("GWh".into())));
        assert_eq!(
            num("1,9 kg CO2 per kg livsmedel"),
            (1.9, Some("kg CO2 per kg livsmedel".into()))
        );
        assert_eq!(
            num("2 % energieffektivisering relativt 2018"),
            (2.0, Some("% energieffektivisering relativt 2018".into()))
        );
        assert_eq!(num("1945 GWh"), (1945.0, Some("GWh".into())));
        assert_eq!(num("100"), (100.0, None));
        assert!(matches!(
            Target::parse("+/-1 %").unwrap(),
            Target::Number {
                tolerance: true,
                value: 1.0,
                ..
            }
        ));
        assert_eq!(Target::parse("").unwrap(), Target::Empty);
        assert!(matches!(
            Target::parse("Öka").unwrap(),
            Target::Marker {
                marker: Marker::Increase,
                ..
            }
        ));
        assert!(matches!(
            Target::parse("-").unwrap(),
            Target::Marker {
                marker: Marker::NotApplicable,
                ..
            }
        ));
        assert!(matches!(
            Target::parse("Fastställs 2019").unwrap(),
            Target::Marker {
                marker: Marker::SetLater(2019),
                ..
            }
        ));
        for written in ["tas fram av nämnd", "Tas fram av nämnd/styrelse"] {
            assert!(matches!(
                Target::parse(written).unwrap(),
                Target::Marker {
                    marker: Marker::SetByCommittee,
                    ..
                }
            ));
        }
        assert!(matches!(
            Target::parse("Tas fram av nämnden").unwrap(),
            Target::Marker {
                marker: Marker::SetByCommittee,
                ..
            }
        ));
    }

    #[test]
    fn bad_targets_say_how_to_fix() {
        assert!(Target::parse("1.5 %").unwrap_err().hint.contains("1,5 %"));
        assert!(Target::parse("ungefär fem").is_err());
        assert!(Target::parse("Fastställs sen").is_err());
        assert!(Target::parse("15st").is_err());
    }

    #[test]
    fn dates_must_exist() {
        assert_eq!(Date::parse("2020-02-29").map(|d| d.day), Some(29));
        assert_eq!(Date::parse("2019-02-29"), None);
        assert_eq!(Date::parse("2020-13-01"), None);
        assert_eq!(Date::parse("2020-1-01"), None);
        assert_eq!(Date::parse("2020-01-27").unwrap().to_string(), "2020-01-27");
    }

    #[test]
    fn amounts_and_units() {
        assert_eq!(parse_amount("1 948,4"), Ok(Some(1948.4)));
        assert_eq!(parse_amount("-51,3"), Ok(Some(-51.3)));
        assert_eq!(parse_amount("-"), Ok(None));
        assert!(parse_amount("1.5").is_err());
        assert!(units_agree("%", "% energieffektivisering relativt 2018"));
        assert!(units_agree("GWh", "GWh"));
        assert!(!units_agree("st", "%"));
        assert!(units_agree("Antal  Besök", "antal besök per år"));
        assert!(!units_agree("", "st"));
        assert!(units_agree(" ", ""));
        assert!(!units_agree("% andel", "%andel"));
        assert_eq!(format_amount(-51.26), "−51,3");
        assert_eq!(format_amount(-0.01), "0,0");
        assert_eq!(format_number(1050.0), "1\u{a0}050");
        assert_eq!(format_number(87.5), "87,5");
        assert_eq!(format_number(-0.254), "−0,25");
    }
}

/// A table number in Swedish form with one decimal: `1 948,4`, `−51,3`.
pub fn format_amount(v: f64) -> String {
    format_decimals(v, 1)
}

/// A computed value in Swedish form, with at most two decimals and no trailing
/// zeros: `1 050`, `87,5`, `−0,25`.
pub fn format_number(v: f64) -> String {
    let s = format_decimals(v, 2);
    match s.split_once(',') {
        Some((int, dec)) => {
            let dec = dec.trim_end_matches('0');
            if dec.is_empty() {
                int.to_owned()
            } else {
                format!("{int},{dec}")
            }
        }
        None => s,
    }
}

/// An amount in Swedish form with `decimals` decimals: `1 948,4`, `−0,70`.
pub fn format_decimals(v: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, v.abs());
    let (int, dec) = s.split_once('.').unwrap_or((&s, "0"));
    let mut grouped = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push('\u{a0}');
        }
        grouped.push(ch);
    }
    let sign = if v < 0.0 && dec.bytes().chain(int.bytes()).any(|b| b != b'0') {
        "−"
    } else {
        ""
    };
    if decimals == 0 {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped},{dec}")
    }
}

/// An id made from a title: `Invånarna är självförsörjande` → `invanarna-ar-sjalvforsorjande`.
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'å' | 'ä' | 'á' | 'à' => 'a',
            'ö' | 'ø' | 'ó' => 'o',
            'é' | 'è' => 'e',
            'ü' => 'u',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed = out.trim_end_matches('-');
    if trimmed.is_empty() {
        "id".to_owned()
    } else {
        trimmed.to_owned()
    }
}

#[cfg(test)]
mod format_tests {
    #[test]
    fn slugs_are_ascii_and_readable() {
        assert_eq!(
            super::slug("Invånarna i stadsdelsområdet är självförsörjande"),
            "invanarna-i-stadsdelsomradet-ar-sjalvforsorjande"
        );
        assert_eq!(super::slug("  HR & IT: 2020!  "), "hr-it-2020");
        assert_eq!(super::slug("!!"), "id");
    }

    #[test]
    fn swedish_amounts() {
        assert_eq!(super::format_amount(1948.4), "1\u{a0}948,4");
        assert_eq!(super::format_amount(-51.25), "−51,2");
        assert_eq!(super::format_amount(0.0), "0,0");
    }
}
