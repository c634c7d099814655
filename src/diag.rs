//! Findings: what is wrong, where, and how to fix it. No printing here.

use crate::source::Span;

/// How serious a finding is.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    /// The Swedish word shown to users.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "fel",
            Severity::Warning => "varning",
            Severity::Info => "info",
        }
    }
}

macro_rules! codes {
    ($($variant:ident = $code:literal, $sev:ident, $title:literal;)*) => {
        /// The stable code of every rule. Codes are never reused or renumbered.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $($variant,)* }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The code as users see it, `VP001`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code,)* }
            }

            /// The severity a finding of this rule has.
            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$sev,)* }
            }

            /// The rule's documentation (what, why, how to fix), in Swedish, from `docs/regler.md`.
            pub fn explanation(self) -> &'static str {
                let doc = include_str!("../docs/regler.md");
                let head = format!("## {}\n", self.as_str());
                let Some(start) = doc.find(&head) else { return "" };
                let body = &doc[start + head.len()..];
                body[..body.find("\n## ").unwrap_or(body.len())].trim()
            }

            /// A one-line Swedish description of the rule.
            pub fn title(self) -> &'static str {
                match self { $(Code::$variant => $title,)* }
            }

            /// The rule's name in code, `UnknownCommitteeGoal`: SARIF's friendly name.
            pub fn name(self) -> &'static str {
                match self { $(Code::$variant => stringify!($variant),)* }
            }
        }
    };
}

codes! {
    FileUnreadable = "VP001", Error, "filen eller katalogen kan inte läsas (saknas, fel teckenkodning, för stor, tom, ingen vanlig fil, trasig länk)";
    YamlSyntax = "VP002", Error, "YAML-syntaxfel eller för komplex YAML";
    UnknownKind = "VP003", Error, "filens `typ` saknas eller är okänd";
    UnknownKey = "VP004", Error, "okänd nyckel";
    MissingField = "VP005", Error, "obligatoriskt fält saknas";
    WrongType = "VP006", Error, "värdet har fel form (text, lista, tabell …)";
    InvalidId = "VP007", Error, "id:t är inte skrivet med små bokstäver, siffror och bindestreck";
    MisplacedKfGoal = "VP008", Error, "KF-målets nummer hör inte till inriktningsmålet det står under";
    DuplicateKey = "VP009", Error, "samma nyckel förekommer två gånger i en tabell";
    DuplicateId = "VP010", Error, "samma id förekommer två gånger";
    UnknownKfGoal = "VP011", Error, "hänvisning till ett KF-mål som inte finns det året";
    UnknownCommitteeGoal = "VP012", Error, "hänvisning till ett nämndmål som inte finns i nämndens plan det året";
    UnknownCommittee = "VP013", Error, "hänvisning till en nämnd som inte finns det året";
    UnknownIndicator = "VP014", Error, "hänvisning till en indikator som inte finns";
    UnknownPredecessor = "VP015", Warning, "`fortsätter` pekar på något som inte finns ett tidigare år";
    MissingPlan = "VP016", Error, "KF-budget eller nämndplan saknas för året";
    DuplicatePlan = "VP017", Error, "två planer för samma nämnd eller enhet och år";
    UnknownActivity = "VP018", Error, "hänvisning till en aktivitet som inte finns";
    InvalidDate = "VP020", Error, "datumet finns inte eller är inte skrivet ÅÅÅÅ-MM-DD";
    StartAfterEnd = "VP021", Error, "startdatum efter slutdatum";
    OutsidePeriod = "VP022", Warning, "aktiviteten ligger utanför planens period";
    UnreasonableYear = "VP023", Error, "året är orimligt (före 1900 eller efter 2200)";
    TargetUnparsable = "VP030", Error, "målvärdet kan inte tolkas";
    PercentOutOfRange = "VP031", Error, "procentsats utanför 0–100";
    UnitMismatch = "VP032", Warning, "årsmålets enhet skiljer sig från KF:s årsmål";
    UnknownPeriodicity = "VP033", Error, "periodiciteten finns inte i listan";
    PlaceholderTarget = "VP034", Info, "målvärdet är en platshållare (`Fastställs 2019`, `Tas fram av nämnden`)";
    IndicatorDefinition = "VP035", Error, "indikatorn är varken definierad eller hänvisar till en definition";
    UnknownDirection = "VP036", Error, "riktningen finns inte i listan";
    UnitsBelowTarget = "VP037", Warning, "enheternas årsmål når tillsammans inte nämndens årsmål";
    SumMismatch = "VP040", Error, "SUMMA-raden är inte summan av raderna";
    PartExceedsWhole = "VP041", Error, "en varav-rad är större än raden den ingår i";
    TableShape = "VP042", Error, "tabellraden har fel antal värden eller ett värde som inte är ett tal, eller tabellen nämner en kolumn eller rad den inte har";
    StaleDeviation = "VP043", Warning, "tabellraden är markerad som känd avvikelse men avviker inte längre";
    SummarySource = "VP044", Error, "sammanfattningens tabell, kolumn eller belopp finns inte";
    NetMismatch = "VP045", Error, "nettot är inte kostnader minus intäkter";
    UnclearDeviation = "VP046", Error, "den kända avvikelsen anger inte entydigt vilka kolumner den gäller";
    DifferenceMismatch = "VP047", Error, "skillnadskolumnen är inte skillnaden mellan sina kolumner";
    EmptyProse = "VP050", Warning, "obligatoriskt textavsnitt saknas eller är tomt";
    ProseTarget = "VP051", Error, "textavsnittet hör till ett mål eller en rubrik som inte finns";
    DuplicateProse = "VP052", Error, "samma textavsnitt förekommer två gånger";
    HeadingTitle = "VP053", Warning, "rubrikens måltitel skiljer sig från titeln i YAML-filen";
    TablePlacement = "VP054", Error, "`{{tabell: …}}` namnger ingen av planens tabeller";
    TableNotPlaced = "VP055", Warning, "tabellen är inte placerad i planens text";
    UnknownField = "VP056", Error, "texten nämner ett värde (`{{…}}`) som inte finns";
    ProseAmount = "VP060", Warning, "beloppet i texten stämmer inte med raden i planens tabell";
    PreparationTwice = "VP061", Warning, "ärendets beredning står både under `beredning:` och som kapitel i texten";
    IncompleteReport = "VP062", Warning, "tjänsteutlåtandet saknar budget i sammanfattningen, Bakgrund, Ärendets beredning eller underskrifter";
    OutsideCommittee = "VP065", Warning, "enhetsplanens period går utanför den tid nämnden finns";
    IndicatorUnderOtherKfGoal = "VP066", Warning, "KF:s indikator står under ett annat KF-mål än det KF-budgeten definierar den under";
    UnmarkedSumRow = "VP067", Warning, "raden heter Summa eller Totalt men är inte markerad `typ: summa`";
    UnknownRowKind = "VP072", Error, "budgettabellens radtyp finns inte i listan";
    UnknownDeviationRule = "VP073", Error, "`avvikelse` nämner en regel som en tabellrad inte kan avvika från";
    WeightWithoutWeightedMean = "VP074", Error, "`vikt` utan `aggregering: viktat-medel`";
    UnknownAggregation = "VP075", Error, "aggregeringen finns inte i listan";
    PartWithoutWhole = "VP076", Error, "varav-raden har ingen rad ovanför att ingå i";
    TablePlacedTwice = "VP077", Error, "`{{tabell: …}}` placerar en tabell som redan är placerad";
    ThousandsComma = "VP100", Warning, "ett tal med tre decimaler ser ut som tusental skrivna med komma";
    WrongFolder = "VP101", Warning, "planens mapp och dess `år` eller `nämnd` säger olika";
    LessThanKf = "VP102", Warning, "årsmålet är lägre ställt än KF:s årsmål för samma indikator";
    OutsideLineage = "VP103", Warning, "`fortsätter` pekar på en nämnd som nämnden inte fortsätter enligt organisation.yaml";
    CommitteeOverlap = "VP104", Error, "nämnden upphör efter att nämnden som fortsätter den har börjat";
    FollowUpWithoutPlan = "VP110", Error, "uppföljningen gäller en plan som inte finns";
    FollowUpUnknownElement = "VP111", Error, "uppföljningen nämner en indikator, aktivitet, ett mål eller en budgetrad som planen inte har";
    NotFollowedUp = "VP112", Warning, "något i planen som ska följas upp den här perioden saknas i uppföljningen";
    OutcomeUnitMismatch = "VP113", Error, "utfallet är skrivet i en annan enhet än årsmålet";
    OutcomeShareOutOfRange = "VP114", Error, "utfallet är en andel utanför 0–100 %";
    SplitSumMismatch = "VP115", Error, "könsuppdelningen blir inte totalen för ett antal";
    SplitMissing = "VP116", Error, "könsuppdelning saknas där indikatorn kräver den, eller står där den inte hör hemma";
    AssessmentWithoutReasons = "VP117", Warning, "bedömningen saknar skäl i texten";
    AssessmentContradicts = "VP118", Warning, "bedömningen säger emot målets indikatorer";
    ForecastMissing = "VP119", Warning, "prognos saknas i tertialrapporten";
    FollowUpList = "VP120", Error, "period, status, bedömning eller könsuppdelning finns inte i listan";
    StatusWithoutComment = "VP121", Warning, "aktiviteten går inte enligt plan men saknar kommentar";
    DuplicateFollowUp = "VP122", Error, "två uppföljningar av samma plan och period";
    OutcomeUnparsable = "VP123", Error, "utfallet, prognosen eller beloppet kan inte tolkas som ett tal";
    CaseDetailsInUnitReport = "VP124", Warning, "en enhets uppföljning har uppgifter som bara nämndens tjänsteutlåtande har";
    IdTooLong = "VP082", Error, "id:t är längre än 120 tecken";
    MarkdownTooComplex = "VP080", Error, "texten är för djupt nästlad eller har för många element för att kunna återges";
    TextBeforeHeading = "VP081", Error, "texten står före den första rubriken i `.md`-filen och hör inte till något kapitel eller mål";
    UnreviewedTarget = "VP090", Warning, "årsmålet är förra årets och ännu inte granskat (`ej_granskat: true`)";
    UndecidedKfGoal = "VP091", Warning, "nämndmålets KF-mål måste avgöras: inget mål i årets KF-budget motsvarar förra årets (`kf_mål_avgörs`)";
}

impl Code {
    /// The code whose check this one was split off from, if any: `VP072` was part
    /// of `VP006`. Codes are never reused, so the old code keeps its remaining check.
    pub fn formerly(self) -> Option<Code> {
        match self {
            Code::UnknownRowKind | Code::UnknownDeviationRule | Code::WeightWithoutWeightedMean => {
                Some(Code::WrongType)
            }
            Code::UnknownAggregation => Some(Code::UnknownDirection),
            Code::PartWithoutWhole => Some(Code::PartExceedsWhole),
            Code::TablePlacedTwice => Some(Code::TablePlacement),
            _ => None,
        }
    }
}

/// Where the rules are documented, one section per code (`docs/regler.md#vp012`),
/// from the package's repository address in Cargo.toml.
pub const RULES_URL: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/docs/regler.md");

impl Code {
    /// The rule's documentation as `vp regler KOD` prints it: plain text, no Markdown emphasis.
    pub fn help_text(self) -> String {
        self.explanation().replace("**", "")
    }

    /// What the rule checks (the **Vad:** paragraph of its documentation), on one line.
    pub fn what(self) -> String {
        let doc = self.explanation();
        let start = doc.find("**Vad:**").map_or(0, |i| i + "**Vad:**".len());
        let rest = &doc[start..];
        let end = rest.find("\n**").unwrap_or(rest.len());
        rest[..end]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .replace("**", "")
    }

    /// The address of the rule's section in `docs/regler.md`.
    pub fn doc_url(self) -> String {
        format!("{RULES_URL}#{}", self.as_str().to_lowercase())
    }
}

/// One finding.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub span: Span,
    pub message: String,
    pub hints: Vec<String>,
    /// Other places the finding is about, e.g. the first occurrence of a duplicate.
    pub related: Vec<Related>,
}

/// A second place a finding points at, with a note saying what is there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    pub span: Span,
    pub message: String,
}

impl Diagnostic {
    pub fn new(code: Code, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: code.severity(),
            span,
            message: message.into(),
            hints: Vec::new(),
            related: Vec::new(),
        }
    }

    /// Points also at `span`, e.g. `.related(first, "första förekomsten")`.
    pub fn related(mut self, span: Span, message: impl Into<String>) -> Self {
        self.related.push(Related {
            span,
            message: message.into(),
        });
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    pub fn hint_opt(self, hint: Option<String>) -> Self {
        match hint {
            Some(h) => self.hint(h),
            None => self,
        }
    }
}

/// A growing list of findings; validation passes one around instead of returning early.
#[derive(Clone, Debug, Default)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.0.iter().filter(|d| d.severity == severity).count()
    }
}

/// Names longer than this are not looked up: no name is that long, and the edit
/// distance is quadratic in length (a 4 MB value must not make a report slow).
const MAX_NAME_CHARS: usize = 256;

/// At most this many edits between a name and its suggestion, however long the name.
const MAX_EDITS: usize = 4;

/// "Menade du …?" for a misspelled name among the known ones.
///
/// The Damerau–Levenshtein distance (case ignored) normalised by the longer
/// name's length: at most a third of the name may differ, and at most
/// `MAX_EDITS` (4) characters. Unlike Jaro–Winkler this does not favour a shared
/// prefix, so `antal-invanare` suggests nothing rather than `antal-praktikplatser`.
/// Candidates whose length alone rules them out are skipped before any distance
/// is computed.
pub fn did_you_mean<'a>(given: &str, known: impl IntoIterator<Item = &'a str>) -> Option<String> {
    if given.is_empty() || given.len() > MAX_NAME_CHARS * 4 {
        return None;
    }
    let given = given.to_lowercase();
    let n = given.chars().count();
    if n > MAX_NAME_CHARS {
        return None;
    }
    // (edits, longer length, name): the best has the smallest edits / length.
    let mut best: Option<(usize, usize, &str)> = None;
    for k in known {
        if k.len() > (MAX_NAME_CHARS + MAX_EDITS) * 4 {
            continue;
        }
        let lower = k.to_lowercase();
        let m = lower.chars().count();
        let longer = n.max(m);
        let max_edits = (longer / 3).min(MAX_EDITS);
        if n.abs_diff(m) > max_edits {
            continue;
        }
        let edits = strsim::damerau_levenshtein(&given, &lower);
        if edits > max_edits {
            continue;
        }
        let better = match best {
            None => true,
            Some((e, l, name)) => (edits * l, k) < (e * longer, name),
        };
        if better {
            best = Some((edits, longer, k));
        }
    }
    best.map(|(_, _, k)| format!("menade du `{k}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for c in Code::ALL {
            assert!(seen.insert(c.as_str()), "{} twice", c.as_str());
        }
    }

    #[test]
    fn every_rule_is_documented() {
        for c in Code::ALL {
            assert!(
                c.explanation().starts_with("**Vad:**"),
                "{} has no entry in docs/regler.md",
                c.as_str()
            );
        }
    }

    #[test]
    fn every_rule_says_what_it_checks() {
        for c in Code::ALL {
            let what = c.what();
            assert!(!what.is_empty() && !what.contains('\n'), "{}", c.as_str());
            assert!(!what.contains("Varför:"), "{}: {what}", c.as_str());
        }
        assert!(
            Code::UnknownCommitteeGoal
                .what()
                .starts_with("En enhetsplan hänvisar")
        );
        assert!(
            Code::UnknownCommitteeGoal
                .doc_url()
                .ends_with("/docs/regler.md#vp012")
        );
    }

    #[test]
    fn a_split_rule_names_its_parts_and_each_part_its_origin() {
        let split: Vec<Code> = Code::ALL
            .iter()
            .copied()
            .filter(|c| c.formerly() == Some(Code::WrongType))
            .collect();
        assert_eq!(
            split,
            [
                Code::UnknownRowKind,
                Code::UnknownDeviationRule,
                Code::WeightWithoutWeightedMean
            ]
        );
        for c in Code::ALL {
            if let Some(old) = c.formerly() {
                let words = c.explanation().split_whitespace().collect::<Vec<_>>();
                assert!(
                    words
                        .join(" ")
                        .contains(&format!("tidigare {}", old.as_str())),
                    "{} does not say it was part of {}",
                    c.as_str(),
                    old.as_str()
                );
                let words = old.explanation().split_whitespace().collect::<Vec<_>>();
                assert!(
                    words.join(" ").contains(&format!("nu {}", c.as_str())),
                    "{} does not name {}",
                    old.as_str(),
                    c.as_str()
                );
            }
        }
    }

    #[test]
    fn suggests_near_names() {
        let suggest = |given, known: &[&str]| did_you_mean(given, known.iter().copied());
        assert_eq!(
            suggest("periodicitt", &["årsmål", "periodicitet"]).as_deref(),
            Some("menade du `periodicitet`?")
        );
        assert_eq!(
            suggest(
                "resursenhet",
                &["administrativa-avdelningen", "resursenheten"]
            )
            .as_deref(),
            Some("menade du `resursenheten`?")
        );
        assert_eq!(
            suggest(
                "medvetna-val-for-miljo",
                &["medvetna-val-for-miljon", "medarbetarna-gor-medvetna-val"]
            )
            .as_deref(),
            Some("menade du `medvetna-val-for-miljon`?")
        );
        assert_eq!(
            suggest(
                "hagersten-liljeholmen/resursenhet",
                &[
                    "hagersten-liljeholmen/familjeratt-sydvast",
                    "hagersten-liljeholmen/resursenheten"
                ]
            )
            .as_deref(),
            Some("menade du `hagersten-liljeholmen/resursenheten`?")
        );
        // Case is ignored; the suggestion is written as it is known.
        assert_eq!(
            suggest("tertial", &["Månad", "Tertial"]).as_deref(),
            Some("menade du `Tertial`?")
        );
        assert_eq!(suggest("xyz", &["årsmål"]), None);
    }

    #[test]
    fn the_nearest_name_wins() {
        assert_eq!(
            did_you_mean("antal-ferijobb", ["antal-barn", "antal-feriejobb"]).as_deref(),
            Some("menade du `antal-feriejobb`?")
        );
        // Equally near: the first in alphabetical order, whatever the order given.
        assert_eq!(
            did_you_mean("mal-2", ["mal-3", "mal-1"]).as_deref(),
            Some("menade du `mal-1`?")
        );
    }

    #[test]
    fn a_shared_prefix_is_not_a_near_miss() {
        let known = [
            "antal-praktikplatser",
            "antal-feriejobb",
            "andel-med-bistand",
        ];
        assert_eq!(did_you_mean("antal-invanare", known), None);
        assert_eq!(
            did_you_mean(
                "hagersten-liljeholmen/kansliet",
                ["hagersten-liljeholmen/resursenheten"]
            ),
            None
        );
    }

    #[test]
    fn names_of_very_different_length_are_skipped() {
        // More than a third longer: not even compared.
        assert_eq!(did_you_mean("medel", ["medelvärde"]), None);
        assert_eq!(did_you_mean("medelvärde", ["medel"]), None);
    }

    #[test]
    fn long_values_are_not_looked_up() {
        let huge = "a".repeat(4 << 20);
        let start = std::time::Instant::now();
        assert_eq!(did_you_mean(&huge, ["a", "aa"]), None);
        assert_eq!(did_you_mean("aaaa", [huge.as_str()]), None);
        let near = "b".repeat(MAX_NAME_CHARS + 1);
        assert_eq!(did_you_mean(&near, [&near[1..]]), None);
        assert!(start.elapsed() < std::time::Duration::from_secs(2));
    }
}
