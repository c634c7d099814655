//! Realistic single mistakes planted in copies of the bundled plans, one at a
//! time: `vp validate` must catch each with a warning or an error at the line
//! the mistake is on (info exits 0 and is lost in CI). The set grows with the
//! rules; what it measures is the share of mistakes a reviewer would catch.

mod common;

use std::path::Path;

/// One planted mistake: the file, the text replaced (once) and its replacement,
/// the codes that count as catching it, and where the finding must point: the
/// line of `at` in the edited file (the first line of `to` when `at` is empty),
/// or a related place on it (a duplicate points at its second occurrence).
struct Plant {
    what: &'static str,
    file: &'static str,
    from: &'static str,
    to: &'static str,
    codes: &'static [&'static str],
    at: &'static str,
    /// Text a catching finding's hints must contain (a hint that misleads is a
    /// miss too), or empty.
    hint: &'static str,
    /// Edits made first, elsewhere in the tree: (file, from, to), each once.
    also: &'static [(&'static str, &'static str, &'static str)],
}

const PLANTS: &[Plant] = &[
    Plant {
        what: "two activities of one nämndmål with the same id",
        file: "2020/hagersten-liljeholmen/namndplan.yaml",
        from: "      - id: minimera-visstidsanstallning\n",
        to: "      - id: anstalla-personer-med-funktionsnedsattning\n",
        codes: &["VP010"],
        at: "",
        hint: "",
        also: &[],
    },
    Plant {
        what: "a KF indicator under a KF goal it does not belong to",
        file: "2020/hagersten-liljeholmen/familjeratt-sydvast.yaml",
        from: "  - mål: \"3.2\"\n",
        to: "  - mål: \"3.1\"\n",
        codes: &["VP066"],
        at: "      - indikator: sjukfranvaro\n",
        hint: "",
        also: &[],
    },
    Plant {
        what: "a budget row named SUMMA without `typ: summa`",
        file: "2019/hagersten-liljeholmen/namndplan.yaml",
        from: "        typ: summa\n",
        to: "        not: summerad för hand\n",
        codes: &["VP067", "VP044"],
        at: "      - text: SUMMA\n        not: summerad",
        hint: "",
        also: &[],
    },
    Plant {
        what: "a date that does not exist",
        file: "2020/hagersten-liljeholmen/familjeratt-sydvast.yaml",
        from: "            startdatum: \"2020-01-16\"\n",
        to: "            startdatum: \"2020-01-32\"\n",
        codes: &["VP020"],
        at: "",
        hint: "",
        also: &[],
    },
    Plant {
        what: "a nämndmål id with a typo in a unit plan",
        file: "2020/hagersten-liljeholmen/resursenheten.yaml",
        from: "  - nämndmål: attraktiv-arbetsgivare\n",
        to: "  - nämndmål: attraktiv-arbetsgivar\n",
        codes: &["VP012"],
        at: "",
        hint: "",
        also: &[],
    },
    Plant {
        what: "a count written with a thousands comma",
        file: "2020/hagersten-liljeholmen/namndplan.yaml",
        from: "årsmål: \"360 st\"",
        to: "årsmål: \"1,050 st\"",
        codes: &["VP100"],
        at: "",
        hint: "",
        also: &[],
    },
    Plant {
        what: "a count written with a thousands point",
        file: "2020/hagersten-liljeholmen/namndplan.yaml",
        from: "årsmål: \"360 st\"",
        to: "årsmål: \"1.050 st\"",
        codes: &["VP030"],
        at: "",
        hint: "",
        also: &[],
    },
    Plant {
        what: "a unit plan's year written wrong",
        file: "2020/hagersten-liljeholmen/resursenheten.yaml",
        from: "år: 2020\n",
        to: "år: 2021\n",
        codes: &["VP101"],
        at: "",
        hint: "",
        also: &[],
    },
    Plant {
        what: "a target in another unit than KF's",
        file: "2020/hagersten-liljeholmen/namndplan.yaml",
        from: "årsmål: \"3,3 GWh\"",
        to: "årsmål: \"3,3 %\"",
        codes: &["VP032"],
        at: "",
        hint: "",
        also: &[],
    },
    Plant {
        what: "a unit plan continuing a unit of a nämnd outside its lineage",
        file: "2022/hagersten-alvsjo/resursenheten.yaml",
        from: "fortsätter: hagersten-liljeholmen/resursenheten",
        to: "fortsätter: skarholmen/resursenheten",
        codes: &["VP103"],
        at: "",
        hint: "",
        also: &[],
    },
    Plant {
        what: "a nämnd that ends after its successor starts",
        file: "organisation.yaml",
        from: "    till: 2020-06-30\n",
        to: "    till: 2020-12-31\n",
        codes: &["VP104"],
        at: "",
        hint: "",
        also: &[],
    },
    Plant {
        what: "a successor that starts before its predecessor ends",
        file: "organisation.yaml",
        from: "    från: 2020-07-01\n",
        to: "    från: 2020-01-01\n",
        codes: &["VP104"],
        at: "",
        hint: "",
        also: &[],
    },
    Plant {
        what: "a KF indicator under another KF goal in a nämnd plan",
        file: "2020/hagersten-liljeholmen/namndplan.yaml",
        from: "  - mål: \"3.2\"\n",
        to: "  - mål: \"3.1\"\n",
        codes: &["VP066"],
        at: "      - indikator: sjukfranvaro\n",
        hint: "",
        also: &[],
    },
    Plant {
        what: "a nämnd target less ambitious than KF's, given riktning",
        file: "2020/hagersten-liljeholmen/namndplan.yaml",
        from: "årsmål: \"7 %\"",
        to: "årsmål: \"8 %\"",
        codes: &["VP102"],
        at: "",
        hint: "",
        also: &[(
            "2020/kf-budget.yaml",
            "            namn: Sjukfrånvaro\n            periodicitet: Tertial\n",
            "            namn: Sjukfrånvaro\n            årsmål: \"6 %\"\n            enhet: \"%\"\n            riktning: lägre\n            periodicitet: Tertial\n",
        )],
    },
    Plant {
        what: "a count of nine with three decimals (9,000 st)",
        file: "2020/hagersten-liljeholmen/namndplan.yaml",
        from: "årsmål: \"360 st\"",
        to: "årsmål: \"9,000 st\"",
        codes: &["VP100"],
        at: "",
        hint: "9 000",
        also: &[],
    },
    Plant {
        what: "a share above 100 written without %",
        file: "2020/hagersten-liljeholmen/namndplan.yaml",
        from: "årsmål: \"7 %\"",
        to: "årsmål: \"107\"",
        codes: &["VP031"],
        at: "",
        hint: "",
        also: &[(
            "2020/kf-budget.yaml",
            "            namn: Sjukfrånvaro\n",
            "            namn: Sjukfrånvaro\n            enhet: \"%\"\n",
        )],
    },
    Plant {
        what: "a target in dagar on an indicator measured in %",
        file: "2020/hagersten-liljeholmen/namndplan.yaml",
        from: "årsmål: \"7 %\"",
        to: "årsmål: \"7 dagar\"",
        codes: &["VP032"],
        at: "",
        hint: "",
        also: &[(
            "2020/kf-budget.yaml",
            "            namn: Sjukfrånvaro\n",
            "            namn: Sjukfrånvaro\n            enhet: \"%\"\n",
        )],
    },
    Plant {
        what: "two activities of two nämndmål with the same id",
        file: "2020/hagersten-liljeholmen/namndplan.yaml",
        from: "      - id: forskolans-medarbetare-erbjudas-kompetensutveckling-sprak-kommunikation\n",
        to: "      - id: mottagande-av-praktikanter\n",
        codes: &["VP010"],
        at: "",
        hint: "",
        also: &[],
    },
    Plant {
        what: "a unit plan naming another nämnd than its folder",
        file: "2022/hagersten-alvsjo/resursenheten.yaml",
        from: "nämnd: hagersten-alvsjo\n",
        to: "nämnd: skarholmen\n",
        codes: &["VP101"],
        at: "",
        hint: "",
        also: &[],
    },
    Plant {
        what: "a nämnd plan's year written wrong",
        file: "2022/hagersten-alvsjo/namndplan.yaml",
        from: "år: 2022\n",
        to: "år: 2021\n",
        codes: &["VP101"],
        at: "",
        hint: "",
        also: &[],
    },
    Plant {
        what: "a unit plan referring to last year's id of a nämndmål that continues",
        file: "2022/hagersten-alvsjo/resursenheten.yaml",
        from: "  - nämndmål: stadsdelsnamnden-attraktiv-arbetsgivare-god-arbetsmiljo\n",
        to: "  - nämndmål: attraktiv-arbetsgivare\n",
        codes: &["VP012"],
        at: "",
        hint: "stadsdelsnamnden-attraktiv-arbetsgivare-god-arbetsmiljo",
        also: &[],
    },
    Plant {
        what: "a heading with last year's id of a nämndmål that continues",
        file: "2022/hagersten-alvsjo/namndplan.md",
        from: "{#stadsdelsnamnden-attraktiv-arbetsgivare-god-arbetsmiljo}",
        to: "{#attraktiv-arbetsgivare}",
        codes: &["VP051"],
        at: "",
        hint: "{#stadsdelsnamnden-attraktiv-arbetsgivare-god-arbetsmiljo}",
        also: &[],
    },
    Plant {
        what: "a KF goal heading renumbered to one the plan does not have",
        file: "2019/hagersten-liljeholmen/namndplan.md",
        from: "till största nytta för stockholmarna {#3.2}",
        to: "till största nytta för stockholmarna {#3.3}",
        codes: &["VP051"],
        at: "",
        hint: "`3.2`",
        also: &[],
    },
    Plant {
        what: "an activity that ends before it starts",
        file: "2020/hagersten-liljeholmen/namndplan.yaml",
        from: "        startdatum: 2020-01-27\n        slutdatum: 2020-12-31\n",
        to: "        startdatum: 2020-01-27\n        slutdatum: 2020-01-07\n",
        codes: &["VP021"],
        at: "        slutdatum: 2020-01-07\n",
        hint: "",
        also: &[],
    },
    Plant {
        what: "a KF goal number that the year's budget does not have",
        file: "2020/hagersten-liljeholmen/namndplan.yaml",
        from: "    kf_mål: \"1.4\"\n",
        to: "    kf_mål: \"1.9\"\n",
        codes: &["VP011"],
        at: "",
        hint: "",
        also: &[],
    },
    Plant {
        what: "a KF indicator id with a typo",
        file: "2020/hagersten-liljeholmen/namndplan.yaml",
        from: "      - indikator: sjukfranvaro\n",
        to: "      - indikator: sjukfranvar\n",
        codes: &["VP014"],
        at: "",
        hint: "sjukfranvaro",
        also: &[],
    },
    Plant {
        what: "a share above 100 written without % on a unit's own indicator measured in %",
        file: "2020/hagersten-liljeholmen/familjeratt-sydvast.yaml",
        from: "            årsmål: \"100 %\"\n            periodicitet: År\n",
        to: "            årsmål: \"110\"\n            enhet: \"%\"\n            periodicitet: År\n",
        codes: &["VP031"],
        at: "",
        hint: "",
        also: &[],
    },
    Plant {
        what: "a share above 100 %",
        file: "2020/hagersten-liljeholmen/namndplan.yaml",
        from: "årsmål: \"7 %\"",
        to: "årsmål: \"170 %\"",
        codes: &["VP031"],
        at: "",
        hint: "",
        also: &[],
    },
    Plant {
        what: "two enhetsmål of a unit plan with the same id",
        file: "2020/hagersten-liljeholmen/resursenheten.yaml",
        from: "      - id: varje-barn-hagersten-liljeholmens-forskolor-mots\n",
        to: "      - id: gruppen-tillgang-varje-barn-sjalvklara-plats\n",
        codes: &["VP010"],
        at: "",
        hint: "",
        also: &[],
    },
    Plant {
        what: "a unit plan naming an activity its nämndmål does not have",
        file: "2020/hagersten-liljeholmen/resursenheten.yaml",
        from: "      - ledningsrapporter\n",
        to: "      - ledningsrapport\n",
        codes: &["VP018"],
        at: "",
        hint: "ledningsrapporter",
        also: &[],
    },
    Plant {
        what: "a SUMMA figure that is not the sum of its rows",
        file: "2019/hagersten-liljeholmen/namndplan.yaml",
        from: "        värden: \"183,1 | -183,1\"\n",
        to: "        värden: \"183,1 | -183,7\"\n",
        codes: &["VP040"],
        at: "",
        hint: "",
        also: &[],
    },
    Plant {
        what: "a unit plan whose period runs past its nämnd's end",
        file: "2022/hagersten-alvsjo/resursenheten.yaml",
        from: "år: 2022\n",
        to: "år: 2022\nperiod:\n  från: 2022-01-01\n  till: 2022-12-31\n",
        codes: &["VP065"],
        at: "  till: 2022-12-31\n",
        hint: "2022-06-30",
        also: &[(
            "organisation.yaml",
            "    från: 2020-07-01\n",
            "    från: 2020-07-01\n    till: 2022-06-30\n",
        )],
    },
];

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let dest = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).unwrap();
        }
    }
}

#[test]
fn planted_mistakes_are_caught_at_their_line() {
    let mut missed = Vec::new();
    for plant in PLANTS {
        let dir = tempfile::tempdir().unwrap();
        copy(Path::new("plans"), dir.path());
        for (file, from, to) in plant.also {
            let path = dir.path().join(file);
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(
                text.contains(from),
                "{}: {from:?} is not in {file}",
                plant.what
            );
            std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        }
        let path = dir.path().join(plant.file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.contains(plant.from),
            "{}: {:?} is not in {}",
            plant.what,
            plant.from,
            plant.file
        );
        let edited = text.replacen(plant.from, plant.to, 1);
        let mark = if plant.at.is_empty() {
            plant.to
        } else {
            plant.at
        };
        let at = edited
            .find(mark)
            .unwrap_or_else(|| panic!("{}: no {mark:?}", plant.what));
        let line = edited[..at].matches('\n').count() + 1;
        std::fs::write(&path, edited).unwrap();
        let (out, err, _) =
            common::run(&["validate", "--format", "json", dir.path().to_str().unwrap()]);
        let doc: serde_json::Value =
            serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}"));
        let caught = doc["findings"].as_array().unwrap().iter().any(|f| {
            plant.codes.contains(&f["code"].as_str().unwrap_or(""))
                && f["severity"] != "info"
                && (plant.hint.is_empty()
                    || f["hints"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .any(|h| h.as_str().is_some_and(|h| h.contains(plant.hint))))
                && std::iter::once(f)
                    .chain(f["related"].as_array().into_iter().flatten())
                    .any(|place| {
                        place["location"]["file"]
                            .as_str()
                            .is_some_and(|p| p.ends_with(plant.file))
                            && place["location"]["line"].as_u64() == Some(line as u64)
                    })
        });
        if !caught {
            missed.push(format!(
                "{} ({}:{line}): {}",
                plant.what, plant.file, doc["findings"]
            ));
        }
    }
    assert!(
        missed.is_empty(),
        "missed {} of {}:\n{}",
        missed.len(),
        PLANTS.len(),
        missed.join("\n")
    );
}
