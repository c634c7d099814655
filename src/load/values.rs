//! Rules for single values that the schema states and vp enforces alike: ids,
//! dates, years and closed lists. The patterns here are written into the JSON
//! Schema; the findings are built here for the schema walker (a file with
//! structural errors) and for validation (a file without), so both say the same.

use crate::diag::{Code, Diagnostic, did_you_mean};
use crate::model::value::slug;
use crate::source::Span;

/// An id in a JSON Schema, generated from [`is_id`]'s own alphabet so the
/// two cannot drift: `^[a-z0-9ß-ö…]+(-[a-z0-9ß-ö…]+)*$`.
pub fn id_pattern() -> &'static str {
    static PATTERN: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    PATTERN.get_or_init(|| {
        let mut class = String::from("a-z0-9");
        let mut run: Option<(char, char)> = None;
        let flush = |run: Option<(char, char)>, class: &mut String| match run {
            Some((a, b)) if a == b => class.push(a),
            Some((a, b)) => {
                class.push(a);
                class.push('-');
                class.push(b);
            }
            None => {}
        };
        for c in LATIN.filter_map(char::from_u32) {
            if !is_id_letter(c) {
                flush(run.take(), &mut class);
                continue;
            }
            run = match run {
                Some((a, b)) if u32::from(b) + 1 == u32::from(c) => Some((a, c)),
                other => {
                    flush(other, &mut class);
                    Some((c, c))
                }
            };
        }
        flush(run, &mut class);
        format!("^[{class}]+(-[{class}]+)*$")
    })
}

/// The Latin letters beyond a–z that ids may hold: Latin-1 Supplement and
/// Latin Extended-A and -B (å, ä, ö, é, ü, and the Sami š, ŋ, ŧ, đ, ž …).
/// Letters this old read alike in every Unicode version, Rust's and an editor's.
const LATIN: std::ops::RangeInclusive<u32> = 0xDF..=0x24F;

/// A date in a JSON Schema: `ÅÅÅÅ-MM-DD`. Whether the day exists is checked by vp.
pub const DATE_PATTERN: &str = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

/// The years a plan may be for.
pub const YEARS: std::ops::RangeInclusive<i64> = 1900..=2200;

/// The rules a budget table row's `avvikelse` may name.
pub const DEVIABLE: [Code; 6] = [
    Code::SumMismatch,
    Code::PartExceedsWhole,
    Code::TableShape,
    Code::NetMismatch,
    Code::DifferenceMismatch,
    Code::PartWithoutWhole,
];

/// Lower-case letters, digits and single hyphens: readable, stable, and usable
/// as an anchor in rendered plans and in file names. The letters are a–z and
/// the lower-case Latin letters of `LATIN` (U+00DF–U+024F), as in [`id_pattern`].
pub fn is_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .chars()
            .all(|c| c == '-' || c.is_ascii_digit() || is_id_letter(c))
}

fn is_id_letter(c: char) -> bool {
    c.is_ascii_lowercase() || (LATIN.contains(&u32::from(c)) && c.is_lowercase())
}

/// The longest id, in characters. The longest in the city's plans is 95 (an
/// activity's); a unit's id becomes part of a file name (`nämnd-enhet-år.html`),
/// which most file systems cap at 255 bytes.
pub const MAX_ID_CHARS: usize = 120;

/// An id longer than [`MAX_ID_CHARS`], or `None`.
pub fn id_too_long(span: Span, id: &str, what: &str) -> Option<Diagnostic> {
    let n = id.chars().count();
    (n > MAX_ID_CHARS).then(|| {
        Diagnostic::new(
            Code::IdTooLong,
            span,
            format!("id:t för {what} är {n} tecken långt; ett id får vara högst {MAX_ID_CHARS} tecken"),
        )
        .hint("korta id:t till några ord som skiljer det från de andra; titeln kan vara hur lång som helst")
    })
}

/// `Feriejobb` is not an id: with the id it should be.
pub fn invalid_id(span: Span, id: &str, what: &str) -> Diagnostic {
    Diagnostic::new(
        Code::InvalidId,
        span,
        format!("`{id}` är inget giltigt id för {what}"),
    )
    .hint(format!(
        "skriv id med små bokstäver, siffror och bindestreck, t.ex. `{}`",
        slug(id)
    ))
}

/// A date that does not exist or is not written `ÅÅÅÅ-MM-DD`; `what` names the field.
pub fn invalid_date(span: Span, text: &str, what: &str) -> Diagnostic {
    let looks_iso = text.len() == 10 && text.as_bytes().get(4) == Some(&b'-');
    let hint = if looks_iso {
        format!("{what} `{text}` finns inte i kalendern; kontrollera månad och dag")
    } else {
        format!("skriv {what} som ÅÅÅÅ-MM-DD, t.ex. 2020-01-01")
    };
    Diagnostic::new(
        Code::InvalidDate,
        span,
        format!("`{text}` är inget giltigt datum"),
    )
    .hint(hint)
}

/// A plan year outside [`YEARS`].
pub fn unreasonable_year(span: Span, year: &str) -> Diagnostic {
    Diagnostic::new(
        Code::UnreasonableYear,
        span,
        format!("`{year}` är inget rimligt år"),
    )
    .hint("skriv året med fyra siffror, t.ex. `år: 2020`")
}

/// A value outside a closed list, with "menade du" on a near miss.
pub fn not_in_list(code: Code, span: Span, value: &str, what: &str, names: &[&str]) -> Diagnostic {
    Diagnostic::new(code, span, format!("`{value}` är ingen giltig {what}"))
        .hint_opt(did_you_mean(value, names.iter().copied()))
        .hint(format!("tillåtna värden: {}", names.join(", ")))
}

/// An `avvikelse` that names a rule a table row cannot deviate from.
pub fn unknown_deviation(span: Span, kod: &str) -> Diagnostic {
    Diagnostic::new(
        Code::UnknownDeviationRule,
        span,
        format!("`{kod}` är ingen regel som en tabellrad kan avvika från"),
    )
    .hint(format!(
        "en tabellrad kan avvika från {}",
        DEVIABLE.map(Code::as_str).join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_may_hold_swedish_letters_but_not_spaces_or_capitals() {
        for ok in ["fler-rör-sig", "mal-1", "a", "ß-ø-é", "sámi-ŋ-š"] {
            assert!(is_id(ok), "{ok}");
        }
        for bad in ["Mål 1", "mal_1", "-a", "a--b", "", "a-", "ª", "ⅰ", "ⓐ", "ω"] {
            assert!(!is_id(bad), "{bad}");
        }
        assert!(id_pattern().starts_with("^[a-z0-9ß-ö"), "{}", id_pattern());
    }
}
