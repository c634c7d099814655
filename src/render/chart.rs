//! An indicator's target and outcome over its follow-ups (the year's, and
//! earlier years') as an SVG bar chart, with a text alternative that says the
//! same in words. Nothing is told
//! by colour alone: outcomes are filled bars, forecasts outlined and hatched bars,
//! each labelled with its value; targets are dashed lines labelled "mål".
//! Every text in the picture is escaped; the SVG is data, never a template.

use std::fmt::Write;

use super::typography::target as swedish;

/// One period's figures.
#[derive(Clone, Debug, PartialEq)]
pub struct Point {
    /// `T1`, `T2`, `VB`.
    pub label: String,
    /// The outcome, or the forecast when `forecast` is set; `None`: not reported.
    pub value: Option<f64>,
    /// Whether `value` is a forecast for the year rather than an outcome.
    pub forecast: bool,
    /// The value as the file writes it, for its label.
    pub text: String,
    /// The target in force then, when it is a number.
    pub target: Option<f64>,
    /// The target as written, for the text alternative.
    pub target_text: String,
    /// The target short enough to stand beside its line: the number and the
    /// unit's first word (`mål 2 %` for "2 % energieffektivisering relativt 2018").
    pub target_label: String,
}

/// The narrowest chart, for a year's three periods; a chart over several
/// years widens by [`SLOT`] a period up to [`MAX_WIDTH`], so that labels keep
/// apart while the PDF, which fits the picture to the page, keeps its text legible.
const WIDTH: f64 = 480.0;
const SLOT: f64 = 64.0;
const MAX_WIDTH: f64 = 720.0;
const HEIGHT: f64 = 210.0;
const LEFT: f64 = 20.0;
const TOP: f64 = 24.0;
const BOTTOM: f64 = 44.0;
/// The right margin that holds the last target's label ("mål 1 050 st").
const TARGET_LABEL: f64 = 76.0;

/// The targets as dashed lines, one per run of periods with the same target,
/// each labelled once: the last run in the right margin after its line, an
/// earlier one above its line where the run starts, beside the bars.
fn targets(s: &mut String, points: &[Point], y: &dyn Fn(f64) -> f64, slot: f64) {
    let mut i = 0;
    while i < points.len() {
        let Some(t) = points[i].target else {
            i += 1;
            continue;
        };
        let label = &points[i].target_label;
        let mut j = i + 1;
        while j < points.len() && points[j].target == Some(t) && points[j].target_label == *label {
            j += 1;
        }
        let (x1, x2, ty) = (
            LEFT + slot * i as f64 + 4.0,
            LEFT + slot * j as f64 - 4.0,
            y(t),
        );
        let _ = write!(
            s,
            r##"<line x1="{x1:.1}" y1="{ty:.1}" x2="{x2:.1}" y2="{ty:.1}" stroke="#8a1c1c" stroke-width="2" stroke-dasharray="6 3"/>"##
        );
        let (x, ly) = if j == points.len() {
            (x2 + 6.0, ty + 4.0)
        } else {
            (x1, ty - 5.0)
        };
        let _ = write!(
            s,
            r##"<text x="{x:.1}" y="{ly:.1}" fill="#8a1c1c" font-size="10" stroke="#fff" stroke-width="3" paint-order="stroke">{}</text>"##,
            escape(&format!("mål {}", swedish(label)))
        );
        i = j;
    }
}

/// The chart as an SVG element and its text alternative; `None` when no period
/// has a number to draw.
pub fn svg(name: &str, points: &[Point]) -> Option<(String, String)> {
    let max = points
        .iter()
        .flat_map(|p| [p.value, p.target])
        .flatten()
        .fold(f64::NEG_INFINITY, f64::max);
    if !max.is_finite() || points.iter().all(|p| p.value.is_none()) {
        return None;
    }
    let min = points
        .iter()
        .flat_map(|p| [p.value, p.target])
        .flatten()
        .fold(0.0_f64, f64::min);
    let span = (max - min).max(f64::EPSILON) * 1.15;
    let plot = HEIGHT - TOP - BOTTOM;
    let y = |v: f64| TOP + plot * (1.0 - (v - min) / span);
    let width = (points.len() as f64 * SLOT).clamp(WIDTH, MAX_WIDTH);
    // The last target's label stands in a margin of its own on the right,
    // clear of the bars.
    let right = if points.iter().any(|p| p.target.is_some()) {
        TARGET_LABEL
    } else {
        LEFT
    };
    let slot = (width - LEFT - right) / points.len().max(1) as f64;
    let alt = alternative(name, points);
    let mut s = String::new();
    let _ = write!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {HEIGHT}" width="{width}" height="{HEIGHT}" role="img" aria-label="{}" font-family="Liberation Sans, Arial, sans-serif" font-size="11"><title>{}</title><defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" stroke="#1f3b63" stroke-width="2"/></pattern></defs>"##,
        escape(&alt),
        escape(&alt)
    );
    let base = y(min.max(0.0).min(max));
    let _ = write!(
        s,
        r##"<line x1="{LEFT}" y1="{base:.1}" x2="{:.1}" y2="{base:.1}" stroke="#333" stroke-width="1"/>"##,
        width - LEFT
    );
    let mut labels = String::new();
    for (i, p) in points.iter().enumerate() {
        let x0 = LEFT + slot * i as f64;
        let cx = x0 + slot / 2.0;
        let bar = slot * 0.45;
        if let Some(v) = p.value {
            let top = y(v).min(base);
            let h = (y(v) - base).abs().max(1.0);
            let fill = if p.forecast { "url(#hatch)" } else { "#1f3b63" };
            let _ = write!(
                s,
                r##"<rect x="{:.1}" y="{top:.1}" width="{bar:.1}" height="{h:.1}" fill="{fill}" stroke="#1f3b63" stroke-width="1.5"/>"##,
                cx - bar / 2.0
            );
            let word = if p.forecast { "prognos " } else { "" };
            // Written after the target lines, with a white halo, so a line
            // through the label never hides it.
            let _ = write!(
                labels,
                r##"<text x="{cx:.1}" y="{:.1}" text-anchor="middle" fill="#111" stroke="#fff" stroke-width="3" paint-order="stroke">{}</text>"##,
                top - 5.0,
                escape(&format!("{word}{}", swedish(&p.text)))
            );
        }
        let _ = write!(
            s,
            r##"<text x="{cx:.1}" y="{:.1}" text-anchor="middle" fill="#111">{}</text>"##,
            HEIGHT - BOTTOM + 16.0,
            escape(&p.label)
        );
    }
    targets(&mut s, points, &y, slot);
    s.push_str(&labels);
    let _ = write!(
        s,
        r##"<text x="{LEFT}" y="{:.1}" fill="#333" font-size="10">Fylld stapel: utfall · randig stapel: prognos för året · streckad linje: årsmål</text></svg>"##,
        HEIGHT - 8.0
    );
    Some((s, alt))
}

/// The chart in words: "Sjukfrånvaro. T1: utfall 7,8 % (årsmål 7 %). T2: …".
pub fn alternative(name: &str, points: &[Point]) -> String {
    let mut out = format!("{name}.");
    for p in points {
        let value = match (p.value, p.forecast) {
            (None, _) => "inte rapporterat".to_owned(),
            (Some(_), true) => format!("prognos {}", swedish(&p.text)),
            (Some(_), false) => format!("utfall {}", swedish(&p.text)),
        };
        let target = if p.target_text.is_empty() {
            String::new()
        } else {
            format!(" (årsmål {})", swedish(&p.target_text))
        };
        let _ = write!(out, " {}: {value}{target}.", p.label);
    }
    out
}

/// Text for XML: HTML's escaping of the five characters that could end a text
/// or an attribute, without the control characters XML 1.0 does not allow
/// (a line break and a tab stay).
fn escape(s: &str) -> String {
    let allowed: String = s
        .chars()
        .filter(|&c| !c.is_control() || c == '\n' || c == '\t')
        .collect();
    super::html::escape(&allowed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(label: &str, value: Option<f64>, target: Option<f64>) -> Point {
        Point {
            label: label.into(),
            value,
            forecast: false,
            text: value
                .map(|v| format!("{v} %").replace('.', ","))
                .unwrap_or_default(),
            target,
            target_text: target
                .map(|v| format!("{v} %").replace('.', ","))
                .unwrap_or_default(),
            target_label: target
                .map(|v| format!("{v} %").replace('.', ","))
                .unwrap_or_default(),
        }
    }

    #[test]
    fn chart_escapes_text_and_says_it_in_words() {
        let pts = [
            point("T1", Some(7.8), Some(7.0)),
            point("T2", None, Some(7.5)),
        ];
        let (svg, alt) = svg("Andel <b> & \"x\"", &pts).unwrap();
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(!svg.contains("<b>"), "{svg}");
        assert!(svg.contains("Andel &lt;b&gt; &amp; &quot;x&quot;"));
        assert_eq!(
            alt,
            // Figures as print sets them: a no-break space before the unit.
            "Andel <b> & \"x\". T1: utfall 7,8\u{a0}% (årsmål 7\u{a0}%). T2: inte rapporterat (årsmål 7,5\u{a0}%)."
        );
    }

    #[test]
    fn a_chart_over_several_years_widens_and_says_every_point() {
        let labels = [
            "2019 T1", "2019 T2", "2019 VB", "2020 T1", "2020 T2", "2020 VB",
        ];
        let pts: Vec<Point> = labels
            .iter()
            .enumerate()
            .map(|(i, l)| point(l, Some(5.0 + i as f64), Some(8.0)))
            .collect();
        let (picture, alt) = svg("Andel", &pts).unwrap();
        // Six periods of 64 points: 384, so the narrowest width, 480, holds.
        assert!(picture.contains(r#"viewBox="0 0 480 210""#), "{picture}");
        for l in labels {
            assert_eq!(alt.matches(&format!(" {l}: utfall ")).count(), 1, "{alt}");
            assert!(picture.contains(&format!(">{l}</text>")), "{picture}");
        }
        let many: Vec<Point> = (0..15)
            .map(|i| point(&format!("{} VB", 2006 + i), Some(1.0), None))
            .collect();
        let (picture, alt) = svg("Andel", &many).unwrap();
        assert!(picture.contains(r#"viewBox="0 0 720 210""#), "{picture}");
        assert!(alt.starts_with("Andel. 2006 VB: utfall 1") && alt.contains("2020 VB: utfall 1"));
        let nine: Vec<Point> = (0..9).map(|_| point("T1", Some(1.0), None)).collect();
        assert_eq!(svg_width(&nine), 576.0);
    }

    fn svg_width(points: &[Point]) -> f64 {
        let (picture, _) = svg("x", points).unwrap();
        let w = picture.split("width=\"").nth(1).unwrap();
        w[..w.find('"').unwrap()].parse().unwrap()
    }

    #[test]
    fn a_target_is_labelled_once_for_the_periods_it_holds() {
        let year = |y: i32, t: f64| {
            ["T1", "T2", "VB"].map(|p| point(&format!("{y} {p}"), Some(5.0), Some(t)))
        };
        let pts: Vec<Point> = year(2019, 8.0).into_iter().chain(year(2020, 9.0)).collect();
        let (picture, _) = svg("Andel", &pts).unwrap();
        let label = |t: &str| format!(">mål {}</text>", swedish(t));
        assert_eq!(picture.matches(&label("8 %")).count(), 1, "{picture}");
        assert_eq!(picture.matches(&label("9 %")).count(), 1, "{picture}");
        assert_eq!(picture.matches("stroke-dasharray").count(), 2, "{picture}");
        // The last target's label stands right of every bar.
        let x = |needle: &str| -> f64 {
            let at = picture.find(needle).unwrap();
            let before = &picture[..at];
            let tag = &before[before.rfind("<text x=\"").unwrap() + 9..];
            tag[..tag.find('"').unwrap()].parse().unwrap()
        };
        let bars = picture.matches("<rect x=\"").map(|_| ()).count();
        assert_eq!(bars, 6);
        let last_bar_end = picture
            .split("<rect x=\"")
            .skip(1)
            .map(|r| {
                let x: f64 = r[..r.find('"').unwrap()].parse().unwrap();
                let w = r.split("width=\"").nth(1).unwrap();
                x + w[..w.find('"').unwrap()].parse::<f64>().unwrap()
            })
            .fold(0.0, f64::max);
        assert!(x(&label("9 %")) > last_bar_end, "{picture}");
    }

    #[test]
    fn nothing_to_draw_is_no_chart() {
        assert!(svg("x", &[point("T1", None, Some(1.0))]).is_none());
        assert!(svg("x", &[]).is_none());
    }
}
