//! Swedish typography for printed figures: decimal comma, no-break space between
//! thousands and before a unit, and a true minus sign (U+2212).

use crate::model::value::{format_amount, format_decimals, format_number};

pub use crate::model::value::{swedish_date, swedish_period};

/// A table amount with one decimal: `1 948,4`, `−51,3`.
pub fn amount(v: f64) -> String {
    format_amount(v)
}

/// A table amount with the table's `decimals`: `12\u{a0}500` in tkr, `1\u{a0}948,4` in mnkr.
pub fn amount_in(v: f64, decimals: usize) -> String {
    format_decimals(v, decimals)
}

/// A computed value, `+` shown when `signed` and positive: `+7,5`, `−15`.
pub fn number_text(v: f64, signed: bool) -> String {
    let s = format_number(v);
    if signed && v > 0.0 {
        format!("+{s}")
    } else {
        s
    }
}

/// What an empty target cell prints: an en dash, as Swedish tables mark "no
/// value". A cell left blank is lost when the text is read out of the PDF
/// without its columns (`pdftotext` then reads the column's next cell in its
/// place); `vp import` reads a lone en dash in a target cell as no target. The
/// marker "no target this year" (`-` or `–` in plan files) prints as `-`.
pub const NO_TARGET: &str = "–";

/// A target as written (`1 050 st`, `0,57 %`, `-2 %`), set for print: the spaces
/// inside and after the number are no-break spaces, a leading hyphen a minus sign.
pub fn target(text: &str) -> String {
    let text = text.trim();
    // The marker "no target this year" may be written with either dash; it
    // prints as a hyphen, since an en dash alone marks an empty cell.
    if text == NO_TARGET {
        return "-".to_owned();
    }
    let mut out = String::with_capacity(text.len() + 4);
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1).copied();
        match c {
            '-' if i == 0 && next.is_some_and(|n| n.is_ascii_digit()) => out.push('−'),
            ' ' if prev.is_some_and(|p| p.is_ascii_digit()) && next.is_some() => {
                out.push('\u{a0}');
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::value::Date;

    #[test]
    fn swedish_print_forms() {
        assert_eq!(amount(1948.4), "1\u{a0}948,4");
        assert_eq!(amount(-51.3), "−51,3");
        assert_eq!(target("1 050 st"), "1\u{a0}050\u{a0}st");
        assert_eq!(target("0,57 %"), "0,57\u{a0}%");
        assert_eq!(target("-2 %"), "−2\u{a0}%");
        assert_eq!(target("Tas fram av nämnden"), "Tas fram av nämnden");
        assert_eq!(target("+/-1 %"), "+/-1\u{a0}%");
        assert_eq!(target("–"), "-", "the marker is not an empty cell");
        assert_eq!(target("-"), "-");
        assert_eq!(number_text(7.5, true), "+7,5");
        assert_eq!(number_text(-15.0, true), "−15");
        assert_eq!(amount_in(12500.0, 0), "12\u{a0}500");
        assert_eq!(amount_in(-0.25, 2), "−0,25");
    }

    #[test]
    fn dates_in_prose_are_swedish() {
        let d = |s| Date::parse(s).unwrap();
        assert_eq!(swedish_date(d("2019-01-10")), "10 januari 2019");
        assert_eq!(swedish_date(d("2020-12-31")), "31 december 2020");
        assert_eq!(
            swedish_period(d("2020-01-01"), d("2020-06-30")),
            "1 januari – 30 juni 2020"
        );
        assert_eq!(
            swedish_period(d("2020-07-01"), d("2021-06-30")),
            "1 juli 2020 – 30 juni 2021"
        );
    }
}
