//! Writes a synthetic city-year for benchmarks: 14 nämnder, 2,000 unit plans with
//! seed-sized prose (about 100 MB), all valid, so `vp validate` reads every byte.
//!
//! cargo run --release --example gen_city -- OUT_DIR [UNITS] [NÄMNDER] [--mutate] [--uppfoljning]
//!
//! With `--mutate` it writes the same city changed the way a year changes it,
//! for `bench/diff.sh`: every fifth nämndmål reworded and one per nämnd renamed
//! (new id, as if `fortsätter` were forgotten), every fourth nämnd indicator
//! retargeted; in every third unit plan an enhetsmål reworded, an indicator
//! retargeted and an activity moved; in every tenth an enhetsmål renamed.
//!
//! With `--uppfoljning` it also writes every plan's follow-up for T1, T2 and the
//! VB beside it (`namndplan.t1.yaml` + `.md`, `enhet-0001.vb.yaml` …), complete
//! and clean, with invented outcomes, for `bench/uppfoljning.sh`; a unit's
//! follow-up also gives its own status for the nämnd activities it carries
//! (`nämndmål:`), so rollup and the rules read that path too.
//!
//! The prose is cut from the bundled real plans, so its shape (paragraph
//! length, å/ä/ö, punctuation) is that of real plans.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

const CORPUS: &[&str] = &[
    include_str!("../plans/2020/hagersten-liljeholmen/namndplan.md"),
    include_str!("../plans/2020/hagersten-liljeholmen/administrativa-avdelningen.md"),
];

/// Deterministic xorshift, so every run writes the same city.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() as usize) % items.len()]
    }
}

fn paragraphs() -> Vec<&'static str> {
    CORPUS
        .iter()
        .flat_map(|t| t.split("\n\n"))
        .map(str::trim)
        .filter(|p| !p.starts_with('#') && p.len() > 80)
        .collect()
}

fn prose(rng: &mut Rng, paras: &[&str], bytes: usize) -> String {
    let mut s = String::new();
    while s.len() < bytes {
        s.push_str(rng.pick::<&str>(paras));
        s.push_str("\n\n");
    }
    s
}

const YEAR: i32 = 2024;
const KF_GOALS: [&str; 10] = [
    "1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3",
];

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let out = args.next().unwrap_or_else(|| "target/bench-city".into());
    let units: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(2000);
    let committees: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(14);
    let flags: Vec<String> = args.collect();
    let mutate = flags.iter().any(|f| f == "--mutate");
    let follow_up = flags.iter().any(|f| f == "--uppfoljning");
    // The id of nämndmål `n` in the city as written.
    let goal_id = |n: usize| {
        if mutate && n == 7 {
            "mal-07-ny".to_owned()
        } else {
            format!("mal-{n:02}")
        }
    };
    let out = Path::new(&out);
    fs::create_dir_all(out)?;
    let paras = paragraphs();
    let mut rng = Rng(0x5EED_2024);

    let mut org = String::from("typ: organisation\nnämnder:\n");
    for c in 0..committees {
        let _ = writeln!(org, "  - id: namnd-{c:02}\n    namn: Stadsdelsnämnd {c}");
    }
    fs::write(out.join("organisation.yaml"), org)?;

    let mut kf = format!("typ: kf-budget\når: {YEAR}\ninriktningsmål:\n");
    for d in 1..=3 {
        let _ = writeln!(
            kf,
            "  - nummer: {d}\n    titel: Inriktningsmål {d}\n    mål:"
        );
        for g in KF_GOALS.iter().filter(|g| g.starts_with(&d.to_string())) {
            let gid = g.replace('.', "-");
            let _ = writeln!(
                kf,
                "      - nummer: \"{g}\"\n        titel: Mål {g} för verksamhetsområdet\n        indikatorer:\n          - id: kf-{gid}-andel\n            namn: Andel nöjda invånare, mål {g}\n            årsmål: 75 %\n            periodicitet: År\n            enhet: \"%\"\n            riktning: högre\n            aggregering: medel\n        aktiviteter:\n          - id: kf-{gid}-aktivitet\n            text: Nämnderna ska utveckla arbetet under mål {g}.\n            startdatum: {YEAR}-01-01\n            slutdatum: {YEAR}-12-31"
            );
        }
    }
    fs::write(out.join("kf-budget.yaml"), kf)?;

    for c in 0..committees {
        let dir = out.join(format!("namnd-{c:02}"));
        fs::create_dir_all(&dir)?;
        let mut y = format!("typ: nämndplan\nnämnd: namnd-{c:02}\når: {YEAR}\nkf_mål:\n");
        for g in KF_GOALS {
            let gid = g.replace('.', "-");
            let _ = writeln!(
                y,
                "  - mål: \"{g}\"\n    indikatorer:\n      - indikator: kf-{gid}-andel\n        årsmål: 80 %\n    aktiviteter: [kf-{gid}-aktivitet]"
            );
        }
        y.push_str("nämndmål:\n");
        let mut md = format!("# Inledning\n\n{}", prose(&mut rng, &paras, 8_000));
        for n in 0..20 {
            let g = KF_GOALS[n % KF_GOALS.len()];
            let id = goal_id(n);
            let title = match (mutate, n) {
                (true, 7) => format!("Nämndmål {n} i stadsdelsnämnd {c} med fokus på resultat"),
                (true, n) if n % 5 == 0 => {
                    format!("Nämndmål {n} för stadsdelsnämnd {c}, för alla invånare")
                }
                _ => format!("Nämndmål {n} för stadsdelsnämnd {c}"),
            };
            let target = if mutate && n % 4 == 0 {
                "1 100 st"
            } else {
                "1 050 st"
            };
            let _ = writeln!(
                y,
                "  - id: {id}\n    titel: {title}\n    kf_mål: \"{g}\"\n    indikatorer:\n      - id: n{c}-ind-{n}\n        namn: Antal aktiviteter för mål {n}\n        årsmål: {target}\n        periodicitet: Tertial\n        enhet: st\n        aggregering: summa\n    aktiviteter:\n      - id: n{c}-akt-{n}\n        text: Förvaltningen ska genomföra insatser för mål {n}.\n        startdatum: {YEAR}-01-01\n        slutdatum: {YEAR}-12-31"
            );
            let _ = write!(
                md,
                "# Nämndmål {{#{id}}}\n\n## Beskrivning\n\n{}## Förväntat resultat\n\n{}",
                prose(&mut rng, &paras, 1_500),
                prose(&mut rng, &paras, 600)
            );
        }
        fs::write(dir.join("namndplan.yaml"), y)?;
        fs::write(dir.join("namndplan.md"), md)?;
        if follow_up {
            for (period, step) in PERIODS {
                let (y, md) = committee_follow_up(c, period, step, &goal_id);
                let stem = format!("namndplan.{}", period.to_lowercase());
                fs::write(dir.join(format!("{stem}.yaml")), y)?;
                fs::write(dir.join(format!("{stem}.md")), md)?;
            }
        }
    }

    for u in 0..units {
        let c = u % committees;
        let dir = out.join(format!("namnd-{c:02}"));
        let mut y = format!(
            "typ: enhetsplan\nenhet:\n  id: enhet-{u:04}\n  namn: Enhet {u}\n  avdelning: Avdelning {}\nnämnd: namnd-{c:02}\når: {YEAR}\nnämndmål:\n",
            u % 5
        );
        let mut md = String::new();
        for chapter in [
            "Inledning",
            "Verksamhetsidé och värdegrund",
            "Utvecklingsarbete",
            "Medarbetarnas delaktighet",
        ] {
            let _ = write!(md, "# {chapter}\n\n{}", prose(&mut rng, &paras, 3_000));
        }
        let changed = mutate && u % 3 == 0;
        for k in 0..8 {
            let n = (u + k * 3) % 20;
            let parent = goal_id(n);
            let id = if mutate && u % 10 == 0 && k == 3 {
                "enhetsmal-3-ny".to_owned()
            } else {
                format!("enhetsmal-{k}")
            };
            let title = if changed && k == 0 {
                format!("Enhetens mål {k} under nämndmål {n}, med fokus på kvalitet")
            } else {
                format!("Enhetens mål {k} under nämndmål {n}")
            };
            let share = if changed && k == 1 { 8 } else { 9 };
            let start = if changed && k == 2 { "03-01" } else { "02-01" };
            let _ = writeln!(
                y,
                "  - nämndmål: {parent}\n    aktiviteter: [n{c}-akt-{n}]\n    enhetsmål:\n      - id: {id}\n        titel: {title}\n        indikatorer:\n          - indikator: n{c}-ind-{n}\n            årsmål: {} st\n          - id: u{u}-ind-{k}\n            namn: Andel nöjda brukare, mål {k}\n            årsmål: {share}{k} %\n            periodicitet: Halvår\n            enhet: \"%\"\n            aggregering: medel\n        aktiviteter:\n          - text: Enheten genomför arbetsplatsträffar om mål {k}.\n            startdatum: {YEAR}-{start}\n            slutdatum: {YEAR}-11-30",
                10 + k
            );
            let _ = write!(
                md,
                "# Enhetsmål {{#{id}}}\n\n## Förväntat resultat\n\n{}## Arbetssätt\n\n{}## Resursanvändning\n\n{}## Uppföljning\n\n{}",
                prose(&mut rng, &paras, 950),
                prose(&mut rng, &paras, 1_300),
                prose(&mut rng, &paras, 380),
                prose(&mut rng, &paras, 560)
            );
        }
        fs::write(dir.join(format!("enhet-{u:04}.yaml")), y)?;
        fs::write(dir.join(format!("enhet-{u:04}.md")), md)?;
        if follow_up {
            for (period, step) in PERIODS {
                let (y, md) = unit_follow_up(u, c, period, step, mutate, &goal_id);
                let stem = format!("enhet-{u:04}.{}", period.to_lowercase());
                fs::write(dir.join(format!("{stem}.yaml")), y)?;
                fs::write(dir.join(format!("{stem}.md")), md)?;
            }
        }
    }
    eprintln!(
        "skrev {units} enhetsplaner under {committees} nämnder i {}",
        out.display()
    );
    Ok(())
}

/// The follow-up periods and how far into the year each is (thirds).
const PERIODS: [(&str, usize); 3] = [("T1", 1), ("T2", 2), ("VB", 3)];

const REASONS: &str = "Påhittade siffror. Arbetet följer planen; aktiviteterna genomförs och indikatorerna följs upp.\n\n";

/// A nämnd plan's follow-up: every KF row and nämndmål, as the plan is written.
fn committee_follow_up(
    c: usize,
    period: &str,
    step: usize,
    goal_id: &dyn Fn(usize) -> String,
) -> (String, String) {
    let status = if step == 3 { "avslutad" } else { "pågående" };
    let mut y = format!(
        "typ: uppföljning\nperiod: {period}\nnämnd: namnd-{c:02}\når: {YEAR}\nbedömningsregel:\n  helt: {{ indikatorer: 100, aktiviteter: 100 }}\n  delvis: {{ indikatorer: 50, aktiviteter: 50 }}\nkf_mål:\n"
    );
    let key = if step == 3 { "utfall" } else { "prognos" };
    for g in KF_GOALS {
        let gid = g.replace('.', "-");
        let _ = writeln!(
            y,
            "  - mål: \"{g}\"\n    indikatorer:\n      - indikator: kf-{gid}-andel\n        {key}: {} %\n    aktiviteter:\n      - aktivitet: kf-{gid}-aktivitet\n        status: {status}",
            76 + (c + step) % 8
        );
    }
    y.push_str("mål:\n");
    let mut md = String::from("# Sammanfattning\n\nPåhittade siffror för en genererad stad.\n\n");
    for n in 0..20 {
        let id = goal_id(n);
        let _ = writeln!(
            y,
            "  - mål: {id}\n    bedömning: {}\n    indikatorer:\n      - indikator: n{c}-ind-{n}\n        utfall: {} st\n    aktiviteter:\n      - aktivitet: n{c}-akt-{n}\n        status: {status}",
            if n.is_multiple_of(3) {
                "delvis"
            } else {
                "helt"
            },
            350 * step + n
        );
        let _ = write!(md, "# Nämndmål {{#{id}}}\n\n{REASONS}");
    }
    (y, md)
}

/// A unit plan's follow-up: its enhetsmål with their rows and activities, and
/// its own status for the nämnd activity it carries under each nämndmål.
fn unit_follow_up(
    u: usize,
    c: usize,
    period: &str,
    step: usize,
    mutate: bool,
    goal_id: &dyn Fn(usize) -> String,
) -> (String, String) {
    let status = if step == 3 { "avslutad" } else { "pågående" };
    let mut y = format!(
        "typ: uppföljning\nperiod: {period}\nnämnd: namnd-{c:02}\når: {YEAR}\nenhet: enhet-{u:04}\nmål:\n"
    );
    let mut md = String::new();
    for k in 0..8 {
        let n = (u + k * 3) % 20;
        let id = if mutate && u.is_multiple_of(10) && k == 3 {
            "enhetsmal-3-ny".to_owned()
        } else {
            format!("enhetsmal-{k}")
        };
        let _ = writeln!(
            y,
            "  - mål: {id}\n    bedömning: {}\n    indikatorer:\n      - indikator: n{c}-ind-{n}\n        utfall: {} st",
            if (u + k).is_multiple_of(4) {
                "delvis"
            } else {
                "helt"
            },
            (3 + k) * step
        );
        // Halvår: owed from T2.
        if step >= 2 {
            let _ = writeln!(
                y,
                "      - indikator: u{u}-ind-{k}\n        utfall: {} %",
                85 + (u + k) % 10
            );
        }
        let _ = writeln!(
            y,
            "    aktiviteter:\n      - aktivitet: Enheten genomför arbetsplatsträffar om mål {k}.\n        status: {status}"
        );
        let _ = write!(md, "# Enhetsmål {{#{id}}}\n\n{REASONS}");
    }
    // The nämnd activity the plan carries under each of its nämndmål
    // (`aktiviteter: [n{c}-akt-{n}]` there), with the unit's own status.
    y.push_str("nämndmål:\n");
    for k in 0..8 {
        let n = (u + k * 3) % 20;
        let _ = writeln!(
            y,
            "  - nämndmål: {}\n    aktiviteter:\n      - aktivitet: n{c}-akt-{n}\n        status: {status}",
            goal_id(n)
        );
    }
    (y, md)
}
