//! The plan files as written: one struct per YAML mapping, every value spanned.
//!
//! These types are the schema. `schemas/*.json` is generated from them
//! (`vp schema`), and a test keeps the committed files in step. Doc comments
//! here become the descriptions editors show, so they are written in Swedish.
//!
//! `vp import` writes plan files by serializing these same types, so what it
//! writes is what `load` reads; optional fields left empty are not written.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::spanned::{Sp, opt_text_or_number, present, text_or_number};
use super::values::{DATE_PATTERN, DEVIABLE, YEARS, id_pattern};
use crate::model::value::{Aggregation, Direction, Periodicity, RowKind};

/// A text value with its place in the file.
pub type Text = Sp<String>;

/// KF:s budget för ett år: inriktningsmål, mål för verksamhetsområdet, KF:s indikatorer och aktiviteter.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "KF-budget")]
pub struct KfBudgetFile {
    /// Filens typ: alltid `kf-budget`.
    #[schemars(extend("const" = "kf-budget"))]
    pub typ: Text,
    /// Budgetåret, t.ex. 2020.
    #[schemars(with = "Year")]
    pub år: Sp<i64>,
    /// Budgetens namn, t.ex. "Budget 2020 med inriktning för 2021-2022".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub beslut: Option<Text>,
    /// KF:s inriktningsmål (vanligen tre), med sina mål för verksamhetsområdet.
    pub inriktningsmål: Vec<KfDirection>,
}

/// KF:s inriktningsmål.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KfDirection {
    /// Inriktningsmålets nummer: 1, 2 eller 3.
    pub nummer: Sp<i64>,
    /// Inriktningsmålets lydelse som i budgeten, t.ex. "En stad som håller ihop".
    pub titel: Text,
    /// KF:s mål för verksamhetsområdet under inriktningsmålet.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mål: Vec<KfGoal>,
}

/// KF:s mål för verksamhetsområdet.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KfGoal {
    /// Målets nummer som i budgeten, t.ex. "1.3". Nämndmål hänvisar hit med `kf_mål`.
    pub nummer: Text,
    /// Målets lydelse som i budgeten.
    pub titel: Text,
    /// Numret på motsvarande mål ett tidigare budgetår, om målet har fått nytt nummer eller ny lydelse.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fortsätter: Option<Text>,
    /// KF:s indikatorer för målet, med KF:s årsmål.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indikatorer: Vec<IndicatorRow>,
    /// KF:s aktiviteter till nämnderna.
    // KF's activities need an id, which the nämnder refer to (VP005).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("items" = { "allOf": [
        { "$ref": "#/definitions/ActivityRow" },
        { "required": ["id"], "properties": { "id": {
            "description": "KF:s aktiviteter har ett id, som nämnderna hänvisar till.",
            "type": "string"
        } } }
    ] }))]
    pub aktiviteter: Vec<ActivityRow>,
}

/// En indikator: antingen en egen definition (`id`, `namn` …) eller en hänvisning
/// (`indikator`) till en indikator som KF eller nämnden har definierat, med eget årsmål.
// The conditions below are vp's (VP005, VP035, VP074) stated for the editor: a
// reference writes none of the definition's keys; a definition has `id`, `namn`
// and `periodicitet`; a weighted mean names its `vikt`, and `vikt` goes with a
// weighted mean only. (A comment, not a doc comment: editors show doc comments.)
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("allOf" = [
    {
        "if": { "required": ["indikator"], "properties": { "indikator": { "type": "string" } } },
        "then": { "properties": {
            "id": { "type": "null" }, "namn": { "type": "null" }, "periodicitet": { "type": "null" },
            "enhet": { "type": "null" }, "riktning": { "type": "null" }, "aggregering": { "type": "null" },
            "vikt": { "type": "null" }, "kolada": { "type": "null" }
        } },
        "else": {
            "required": ["id", "namn", "periodicitet"],
            "properties": { "id": { "type": "string" }, "namn": { "type": "string" } }
        }
    },
    {
        "if": { "required": ["aggregering"], "properties": { "aggregering": { "const": "viktat-medel" } } },
        "then": { "required": ["vikt"], "properties": { "vikt": { "type": "string" } } }
    },
    {
        "if": { "required": ["vikt", "aggregering"], "properties": { "vikt": { "type": "string" } } },
        "then": { "properties": { "aggregering": { "const": "viktat-medel" } } }
    }
]))]
pub struct IndicatorRow {
    /// Hänvisning till en indikator som definieras av KF eller nämnden samma år.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indikator: Option<Text>,
    /// Stabilt id för en ny indikator (små bokstäver, siffror och bindestreck).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Id>")]
    pub id: Option<Text>,
    /// Indikatorns namn som i planen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namn: Option<Text>,
    /// Årsmål: tal med enhet ("1 050 st", "0,57 %") eller markör ("Öka", "-", "Fastställs 2019", "Tas fram av nämnden").
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "opt_text_or_number"
    )]
    #[schemars(with = "Option<TextOrNumber>")]
    pub årsmål: Option<Text>,
    /// Hur ofta indikatorn följs upp.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    #[schemars(with = "PeriodicityName")]
    pub periodicitet: Option<Text>,
    /// Enhet för indikatorns värden, t.ex. "%", "st", "GWh".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enhet: Option<Text>,
    /// Om ett högre eller lägre värde är bättre.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    #[schemars(with = "DirectionName")]
    pub riktning: Option<Text>,
    /// Hur enheternas utfall räknas samman till nämnden. Anges alltid, gissas aldrig.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    #[schemars(with = "AggregationName")]
    pub aggregering: Option<Text>,
    /// Vid viktat medelvärde: id för indikatorn som är vikt (t.ex. antal barn).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vikt: Option<Text>,
    /// `kvinnor-män` eller `flickor-pojkar` när indikatorn handlar om individer: då
    /// redovisas utfallet uppdelat på kön i uppföljningen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<SexSplitName>")]
    pub könsuppdelning: Option<Text>,
    /// KPI-id i Kolada, t.ex. "N15008".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kolada: Option<Text>,
    /// `true`: årsmålet är förra årets, fört till det nya året av `vp new-year` och ännu
    /// inte granskat (VP090). Ta bort raden när årsmålet är granskat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ej_granskat: Option<Sp<bool>>,
}

/// Text; a plain `100` is read as the text "100", so editors should accept a number too.
pub struct TextOrNumber;

impl JsonSchema for TextOrNumber {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "TextOrNumber".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": ["string", "number"] })
    }
}

/// A value from one of the closed lists in `model::value`: the schema's `enum`
/// is the list vp parses, so the editor and vp accept the same words.
macro_rules! closed_list_schema {
    ($($(#[$m:meta])* $name:ident => $names:expr;)*) => {$(
        $(#[$m])*
        pub struct $name;

        impl JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }
            fn inline_schema() -> bool {
                true
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({ "type": "string", "enum": $names })
            }
        }
    )*};
}

closed_list_schema! {
    /// Periodicitet: `Månad`, `Tertial`, `Halvår`, `År`.
    PeriodicityName => Periodicity::NAMES;
    /// Riktning: `högre`, `lägre`, `ingen`.
    DirectionName => Direction::NAMES;
    /// Aggregering: `summa`, `medel`, `viktat-medel`, `min`, `max`, `ingen`.
    AggregationName => Aggregation::NAMES;
    /// Radtyp: `rad`, `varav`, `summa`.
    RowKindName => RowKind::NAMES;
    /// The rules a table row may be marked as deviating from.
    DeviableCode => DEVIABLE.map(crate::diag::Code::as_str);
}

/// An id: small letters, digits and single hyphens (`invanarna-ar-sjalvforsorjande`).
pub struct Id;

impl JsonSchema for Id {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Id".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": id_pattern(),
            // yaml-language-server shows this instead of the pattern.
            "patternErrorMessage": "Id skrivs med små bokstäver, siffror och bindestreck, t.ex. invanarna-ar-sjalvforsorjande.",
        })
    }
}

/// A date, `ÅÅÅÅ-MM-DD`.
pub struct Datum;

impl JsonSchema for Datum {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Datum".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": DATE_PATTERN,
            "patternErrorMessage": "Datum skrivs ÅÅÅÅ-MM-DD, t.ex. 2020-01-01.",
        })
    }
}

/// A plan's year: a whole number between 1900 and 2200.
pub struct Year;

impl JsonSchema for Year {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Year".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "integer",
            "minimum": YEARS.start(),
            "maximum": YEARS.end(),
        })
    }
}

/// En aktivitet med start- och slutdatum.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ActivityRow {
    /// Stabilt id; krävs för KF:s aktiviteter, som nämnderna hänvisar till.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Id>")]
    pub id: Option<Text>,
    /// Aktiviteten som i planen.
    pub text: Text,
    /// Startdatum, ÅÅÅÅ-MM-DD.
    #[schemars(with = "Datum")]
    pub startdatum: Text,
    /// Slutdatum, ÅÅÅÅ-MM-DD.
    #[schemars(with = "Datum")]
    pub slutdatum: Text,
}

/// Nämnder och deras förändringar över tid.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Organisation")]
pub struct OrganisationFile {
    /// Filens typ: alltid `organisation`.
    #[schemars(extend("const" = "organisation"))]
    pub typ: Text,
    /// Stadens nämnder, även de som upphört, med sammanslagningar (`fortsätter`).
    pub nämnder: Vec<CommitteeEntry>,
}

/// En nämnd.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CommitteeEntry {
    /// Stabilt id, t.ex. `hagersten-liljeholmen`.
    #[schemars(with = "Id")]
    pub id: Text,
    /// Nämndens namn, t.ex. "Hägersten-Liljeholmens stadsdelsnämnd".
    pub namn: Text,
    /// Förvaltningen som betjänar nämnden.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub förvaltning: Option<Text>,
    /// Första dagen nämnden finns, ÅÅÅÅ-MM-DD. Utelämnas om den funnits längre än planerna.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Datum>")]
    pub från: Option<Text>,
    /// Sista dagen nämnden finns, ÅÅÅÅ-MM-DD.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Datum>")]
    pub till: Option<Text>,
    /// Nämnder som denna ersätter, t.ex. vid en sammanslagning.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fortsätter: Vec<Text>,
}

/// Nämndens verksamhetsplan för ett år (tjänsteutlåtande).
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Nämndplan")]
pub struct CommitteePlanFile {
    /// Filens typ: alltid `nämndplan`.
    #[schemars(extend("const" = "nämndplan"))]
    pub typ: Text,
    /// Nämndens id i organisation.yaml.
    pub nämnd: Text,
    /// Planens år, t.ex. 2020.
    #[schemars(with = "Year")]
    pub år: Sp<i64>,
    /// Diarienummer, t.ex. "HäL 2018/1234".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diarienummer: Option<Text>,
    /// Tjänsteutlåtandets datum, ÅÅÅÅ-MM-DD.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Datum>")]
    pub datum: Option<Text>,
    /// Avdelningen som skrivit tjänsteutlåtandet, för första sidan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avdelning: Option<Text>,
    /// Handläggaren, med telefon om den ska stå på första sidan, t.ex. "Anna Andersson, 08-508 00 000".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handläggare: Option<Text>,
    /// Förslag till beslut, en punkt per beslut, i ordning.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub förslag_till_beslut: Vec<Text>,
    /// Var sammanfattningens siffror hämtas: driftbudgetens tabell och kolumner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sammanfattning: Option<SummarySource>,
    /// Underskrifter: namn och titel, i ordning.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub underskrifter: Vec<Signatory>,
    /// Ärendets beredning: förhandling och råd, med datum.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub beredning: Vec<PreparationStep>,
    /// Nämndens årsmål för KF:s indikatorer och KF:s aktiviteter, per mål för verksamhetsområdet.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kf_mål: Vec<CommitteeKfGoal>,
    /// Nämndmålen, i planens ordning.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nämndmål: Vec<CommitteeGoal>,
    /// Budgettabeller och andra tabeller om ekonomin.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ekonomi: Vec<Table>,
    /// Bilagor som planen hänvisar till.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bilagor: Vec<Appendix>,
}

/// Sammanfattningens siffror räknas ur driftbudgetens SUMMA-rad, aldrig skrivna för hand.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SummarySource {
    /// Id för tabellen i `ekonomi` med nämndens driftbudget.
    pub driftbudget: Text,
    /// Kolumnen i den tabellen med årets kostnader.
    pub kostnader: Text,
    /// Kolumnen med årets intäkter.
    pub intäkter: Text,
    /// Kolumnen med årets nettobudget.
    pub netto: Text,
    /// Investeringar i mnkr, när ingen tabell anger dem, t.ex. "17,1".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub investeringar: Option<Text>,
}

/// En underskrift.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Signatory {
    /// Namnet som det ska stå under underskriften.
    pub namn: Text,
    /// T.ex. "stadsdelsdirektör".
    pub titel: Text,
}

/// Ett steg i ärendets beredning.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PreparationStep {
    /// Dagen då steget togs, ÅÅÅÅ-MM-DD.
    #[schemars(with = "Datum")]
    pub datum: Text,
    /// T.ex. "Förhandlat med de fackliga organisationerna".
    pub händelse: Text,
}

/// En bilaga.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Appendix {
    /// Bilagans nummer, t.ex. 1.
    pub nummer: Sp<i64>,
    /// Bilagans titel som i planen.
    pub titel: Text,
}

/// Nämndens (eller enhetens) del under ett av KF:s mål för verksamhetsområdet.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CommitteeKfGoal {
    /// Numret på KF:s mål, t.ex. "1.1".
    pub mål: Text,
    /// KF:s indikatorer med planens årsmål (`indikator` + `årsmål`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indikatorer: Vec<IndicatorRow>,
    /// Id för KF:s aktiviteter som nämnden har fått under målet.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aktiviteter: Vec<Text>,
}

/// Nämndmål.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CommitteeGoal {
    /// Stabilt id, t.ex. `invanarna-ar-sjalvforsorjande`. Enhetsplaner hänvisar hit.
    #[schemars(with = "Id")]
    pub id: Text,
    /// Nämndmålets lydelse som i planen.
    pub titel: Text,
    /// Numret på KF:s mål för verksamhetsområdet som nämndmålet hör till.
    pub kf_mål: Text,
    /// Id för nämndmålet ett tidigare år som detta mål fortsätter. Efter en
    /// sammanslagning `nämnd/id`, t.ex. `alvsjo/trygg-stadsdel`: nämndmålet i den
    /// nämndens plan (när två föregångare har mål med samma id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fortsätter: Option<Text>,
    /// Varför nämndmålets KF-mål måste avgöras: `vp new-year` hittade inget KF-mål i det
    /// nya årets budget som motsvarar förra årets (VP091). `kf_mål` är då förra årets nummer.
    /// Ta bort raden när `kf_mål` pekar på rätt mål.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kf_mål_avgörs: Option<Text>,
    /// Nämndens indikatorer för målet: egna definitioner eller hänvisningar med årsmål.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indikatorer: Vec<IndicatorRow>,
    /// Nämndens aktiviteter för målet; enheterna hänvisar till dem med `id`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aktiviteter: Vec<ActivityRow>,
}

/// En tabell i ekonomidelen.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Table {
    /// Tabellens id. En egen rad `{{tabell: id}}` i .md-filen placerar tabellen i texten.
    #[schemars(with = "Id")]
    pub id: Text,
    /// Tabellens rubrik som i planen, t.ex. "Budget per verksamhetsområde".
    pub rubrik: Text,
    /// Enhet för talen, t.ex. "mnkr".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enhet: Option<Text>,
    /// Kolumnrubriker för talen (utan radrubriken).
    pub kolumner: Vec<Text>,
    /// Kolumner som visar en skillnad (t.ex. "Jmf budget 2019-2018"): där kan en
    /// varav-rad vara större än raden den ingår i.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub differenskolumner: Vec<Text>,
    /// Kolumner som är skillnaden mellan två andra på varje rad, t.ex.
    /// `{kolumn: Jmf budget 2019-2018, från: Budget 2018, till: Budget 2019}`: kolumnen
    /// är `till` − `från`. Kolumnen räknas också som en differenskolumn.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub differenser: Vec<Difference>,
    /// Kolumner där netto = kostnader − intäkter på varje rad, t.ex.
    /// `{netto: VP 2019 netto, kostnader: VP 2019 kostnader, intäkter: VP 2019 intäkter}`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nettokolumner: Vec<NetRelation>,
    /// Rader där netto = kostnader − intäkter i varje kolumn, med radrubrikerna, t.ex.
    /// `{netto: Netto, kostnader: Kostnader, intäkter: Intäkter}`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nettorader: Vec<NetRelation>,
    /// Tabellens rader i ordning, med delrader (`varav`) och summeringsraden (`summa`).
    pub rader: Vec<TableRow>,
}

/// En tabellrad.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TableRow {
    /// Radrubriken, t.ex. "Förskoleverksamhet". En varav-rad skrivs som planen
    /// trycker den ("Varav feriearbetare"); saknas ordet varav sätter vp det framför.
    pub text: Text,
    /// `rad` (förval), `varav` (del av raden ovan) eller `summa` (summan av raderna).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    #[schemars(with = "RowKindName")]
    pub typ: Option<Text>,
    /// Värdena åtskilda med `|`, med decimalkomma: "692,7 | 55,8 | 748,5". Tomt eller "-" för inget värde.
    #[serde(deserialize_with = "text_or_number")]
    #[schemars(with = "TextOrNumber")]
    pub värden: Text,
    /// En not till raden, t.ex. "Avser försäljning till andra SDN och kommuner".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not: Option<Text>,
    /// En känd avvikelse i källan som ska stå kvar: fyndet rapporteras som info med skälet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avvikelse: Option<KnownDeviation>,
}

/// En kolumn som visar skillnaden mellan två andra: `kolumn` = `till` − `från`.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Difference {
    /// Kolumnen med skillnaden, t.ex. "Jmf budget 2019-2018".
    pub kolumn: Text,
    /// Kolumnen som skillnaden räknas från, t.ex. "Budget 2018".
    pub från: Text,
    /// Kolumnen som skillnaden räknas till, t.ex. "Budget 2019".
    pub till: Text,
}

/// Sambandet netto = kostnader − intäkter mellan tre kolumner (i `nettokolumner`,
/// med kolumnrubrikerna) eller tre rader (i `nettorader`, med radrubrikerna).
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NetRelation {
    /// Kolumnen eller raden med nettot, t.ex. "VP 2019 netto" eller "Netto".
    pub netto: Text,
    /// Kolumnen eller raden med kostnaderna, t.ex. "VP 2019 kostnader" eller "Kostnader".
    pub kostnader: Text,
    /// Kolumnen eller raden med intäkterna, t.ex. "VP 2019 intäkter" eller "Intäkter".
    pub intäkter: Text,
}

/// En känd avvikelse: regeln som slår till, i vilka kolumner, och varför raden ändå
/// står som i källan.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KnownDeviation {
    /// Regelns kod: VP040, VP041, VP042, VP045, VP047 eller VP076.
    #[schemars(with = "DeviableCode")]
    pub kod: Text,
    /// Kolumnerna (rubrikerna som i `kolumner`) där raden avviker, t.ex. ["Omfördelning adm."].
    /// Utan `kolumner` gäller avvikelsen bara om raden avviker i en enda kolumn.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kolumner: Vec<Text>,
    /// Varför avvikelsen står kvar, t.ex. "så står det i det beslutade tjänsteutlåtandet".
    pub skäl: Text,
}

/// En enhets (eller avdelnings) verksamhetsplan för ett år.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Enhetsplan")]
pub struct UnitPlanFile {
    /// Filens typ: alltid `enhetsplan`.
    #[schemars(extend("const" = "enhetsplan"))]
    pub typ: Text,
    /// Enheten som planen gäller: id, namn och avdelning.
    pub enhet: UnitInfo,
    /// Nämndens id i organisation.yaml.
    pub nämnd: Text,
    /// Planens år, t.ex. 2020.
    #[schemars(with = "Year")]
    pub år: Sp<i64>,
    /// Planens period om den inte är hela året.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
    /// Datum då planen fastställdes, ÅÅÅÅ-MM-DD.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Datum>")]
    pub fastställd: Option<Text>,
    /// KF:s indikatorer som planen visar under KF:s mål för verksamhetsområdet: utan
    /// `årsmål` gäller nämndens, med `årsmål` enhetens eget. Planens text om målet, t.ex.
    /// en kommentar, står under `# Mål för verksamhetsområdet {#3.2}`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kf_mål: Vec<CommitteeKfGoal>,
    /// Nämndmålen enheten arbetar mot, med enhetens egna mål under dem.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nämndmål: Vec<UnitCommitteeGoal>,
    /// Enhetens budgettabeller, om planen har några.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ekonomi: Vec<Table>,
}

/// Enheten.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UnitInfo {
    /// Stabilt id inom nämnden, t.ex. `resursenheten`.
    #[schemars(with = "Id")]
    pub id: Text,
    /// Enhetens namn som i planen, t.ex. "Resursenheten".
    pub namn: Text,
    /// Avdelningen enheten hör till.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avdelning: Option<Text>,
    /// Enheten som denna fortsätter, som `nämnd/enhet`, t.ex. efter en sammanslagning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fortsätter: Option<Text>,
    /// Andra nämnder som enheten arbetar för, när den delas av flera stadsdelar.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fler_nämnder: Vec<Text>,
}

/// Planens period.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// Periodens första dag, ÅÅÅÅ-MM-DD.
    #[schemars(with = "Datum")]
    pub från: Text,
    /// Periodens sista dag, ÅÅÅÅ-MM-DD.
    #[schemars(with = "Datum")]
    pub till: Text,
}

/// Ett nämndmål som enheten arbetar mot.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UnitCommitteeGoal {
    /// Id för nämndmålet i nämndens plan samma år.
    #[schemars(with = "Id")]
    pub nämndmål: Text,
    /// Id för de av nämndmålets aktiviteter som enhetens plan tar upp. Utelämnas: alla.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aktiviteter: Option<Vec<Text>>,
    /// Enhetens egna mål under nämndmålet.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub enhetsmål: Vec<UnitGoal>,
}

/// Enhetsmål.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UnitGoal {
    /// Stabilt id inom enhetens plan.
    #[schemars(with = "Id")]
    pub id: Text,
    /// Enhetsmålets lydelse som i planen.
    pub titel: Text,
    /// Id för enhetsmålet ett tidigare år som detta mål fortsätter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fortsätter: Option<Text>,
    /// Enhetens indikatorer för målet: hänvisningar till KF:s eller nämndens, eller egna.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indikatorer: Vec<IndicatorRow>,
    /// Enhetens aktiviteter för målet.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aktiviteter: Vec<ActivityRow>,
}

/// Uppföljningen av en plan för en period: tertialrapport 1 (T1), tertialrapport 2 (T2)
/// eller verksamhetsberättelsen (VB). Skälen till bedömningarna står i .md-filen bredvid,
/// under målets rubrik.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Uppföljning")]
pub struct FollowUpFile {
    /// Filens typ: alltid `uppföljning`.
    #[schemars(extend("const" = "uppföljning"))]
    pub typ: Text,
    /// Perioden: `T1` (januari–april), `T2` (januari–augusti) eller `VB` (hela året).
    #[schemars(with = "FollowUpPeriodName")]
    pub period: Text,
    /// Planens nämnd, id i organisation.yaml.
    pub nämnd: Text,
    /// Planens år, t.ex. 2020.
    #[schemars(with = "Year")]
    pub år: Sp<i64>,
    /// Enhetens id när uppföljningen gäller en enhets plan; utelämnas för nämndens plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Id>")]
    pub enhet: Option<Text>,
    /// Dagen då rapporten fastställdes, ÅÅÅÅ-MM-DD.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Datum>")]
    pub datum: Option<Text>,
    /// Tjänsteutlåtandets diarienummer (nämndens uppföljning), t.ex. "HäL 2020/1234".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diarienummer: Option<Text>,
    /// Avdelningen som skrivit tjänsteutlåtandet (nämndens uppföljning), för första sidan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avdelning: Option<Text>,
    /// Handläggaren (nämndens uppföljning), med telefon om den ska stå på första sidan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handläggare: Option<Text>,
    /// Förslag till beslut (nämndens uppföljning), en punkt per beslut, i ordning.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub förslag_till_beslut: Vec<Text>,
    /// Underskrifter (nämndens uppföljning): namn och titel, i ordning.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub underskrifter: Vec<Signatory>,
    /// Regeln som vp föreslår bedömningar efter. Nämndens regel gäller också dess enheter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bedömningsregel: Option<AssessmentRuleRaw>,
    /// Planens indikatorer och KF:s aktiviteter under KF:s mål för verksamhetsområdet.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kf_mål: Vec<FollowUpKfGoal>,
    /// Nämndmålen (nämndens plan) eller enhetsmålen (enhetens plan), med bedömning.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mål: Vec<FollowUpGoal>,
    /// Bara i en enhets uppföljning: status för nämndens aktiviteter som enheten
    /// genomför (planens `aktiviteter` under nämndmålet), per nämndmål.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nämndmål: Vec<FollowUpCommitteeGoal>,
    /// Utfall och prognos för planens budgetrader.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ekonomi: Vec<FollowUpTable>,
}

/// Bedömningsregeln: de lägsta andelarna (i procent) av målets indikatorer som når
/// årsmålet och av dess aktiviteter som går enligt plan, för `helt` och för `delvis`.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AssessmentRuleRaw {
    /// Gränserna för att föreslå `helt`.
    pub helt: Thresholds,
    /// Gränserna för att föreslå `delvis`.
    pub delvis: Thresholds,
}

/// Två gränser i procent, 0–100.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    /// Lägsta andel (%) av målets indikatorer som når årsmålet.
    #[schemars(range(min = 0, max = 100))]
    pub indikatorer: Sp<i64>,
    /// Lägsta andel (%) av målets aktiviteter som går enligt plan.
    #[schemars(range(min = 0, max = 100))]
    pub aktiviteter: Sp<i64>,
}

/// Uppföljningen under ett av KF:s mål för verksamhetsområdet.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FollowUpKfGoal {
    /// Numret på KF:s mål, t.ex. "2.5", som i planen.
    pub mål: Text,
    /// Utfall för planens indikatorer under målet.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indikatorer: Vec<IndicatorOutcomeRaw>,
    /// Status för KF:s aktiviteter som planen har fått under målet.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aktiviteter: Vec<ActivityStatusRaw>,
}

/// Nämndens aktiviteter under ett nämndmål som enheten genomför, i enhetens uppföljning.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FollowUpCommitteeGoal {
    /// Nämndmålets id i nämndens plan, som under `nämndmål:` i enhetens plan.
    #[schemars(with = "Id")]
    pub nämndmål: Text,
    /// Status för nämndens aktiviteter under målet som enheten genomför.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aktiviteter: Vec<ActivityStatusRaw>,
}

/// Uppföljningen av ett nämndmål eller enhetsmål.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FollowUpGoal {
    /// Målets id i planen.
    #[schemars(with = "Id")]
    pub mål: Text,
    /// `helt`, `delvis` eller `ej`: vid T1 och T2 en prognos (bedöms uppfyllas), i VB
    /// utfallet (uppfyllt). Skälen skrivs under målets rubrik i .md-filen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<AssessmentName>")]
    pub bedömning: Option<Text>,
    /// Utfall för målets indikatorer.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indikatorer: Vec<IndicatorOutcomeRaw>,
    /// Status för målets aktiviteter.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aktiviteter: Vec<ActivityStatusRaw>,
}

/// Utfallet för en indikatorrad i planen.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IndicatorOutcomeRaw {
    /// Indikatorns id, som i planens rad.
    pub indikator: Text,
    /// Utfallet för perioden, skrivet som årsmålet: "82 %", "1 050 st".
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "opt_text_or_number"
    )]
    #[schemars(with = "Option<TextOrNumber>")]
    pub utfall: Option<Text>,
    /// Prognos för helåret (T1 och T2), skriven som utfallet.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "opt_text_or_number"
    )]
    #[schemars(with = "Option<TextOrNumber>")]
    pub prognos: Option<Text>,
    /// Utfallet för kvinnor, när indikatorn har `könsuppdelning: kvinnor-män`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "opt_text_or_number"
    )]
    #[schemars(with = "Option<TextOrNumber>")]
    pub kvinnor: Option<Text>,
    /// Utfallet för män, när indikatorn har `könsuppdelning: kvinnor-män`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "opt_text_or_number"
    )]
    #[schemars(with = "Option<TextOrNumber>")]
    pub män: Option<Text>,
    /// Utfallet för flickor, när indikatorn har `könsuppdelning: flickor-pojkar`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "opt_text_or_number"
    )]
    #[schemars(with = "Option<TextOrNumber>")]
    pub flickor: Option<Text>,
    /// Utfallet för pojkar, när indikatorn har `könsuppdelning: flickor-pojkar`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "opt_text_or_number"
    )]
    #[schemars(with = "Option<TextOrNumber>")]
    pub pojkar: Option<Text>,
    /// Ett årsmål som ändrats under året genom beslut; gäller från beslutets datum.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ändrat_årsmål: Option<TargetChangeRaw>,
}

/// Ett årsmål som ändrats genom beslut under året.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TargetChangeRaw {
    /// Det nya årsmålet, skrivet som i planen: "7,5 %".
    #[serde(deserialize_with = "text_or_number")]
    #[schemars(with = "TextOrNumber")]
    pub årsmål: Text,
    /// Beslutets datum, ÅÅÅÅ-MM-DD.
    #[schemars(with = "Datum")]
    pub datum: Text,
    /// Beslutet: vem, när och diarienummer, t.ex. "KF 2020-06-17, avstämning av mål och budget".
    pub beslut: Text,
}

/// Status för en aktivitet i planen.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ActivityStatusRaw {
    /// Aktivitetens id, eller dess text som i planen när den saknar id.
    pub aktivitet: Text,
    /// `ej påbörjad`, `pågående`, `avslutad`, `uppskjuten` eller `ställd in`.
    #[schemars(with = "ActivityStatusName")]
    pub status: Text,
    /// Varför aktiviteten inte går enligt plan; krävs för `uppskjuten`, `ställd in` och
    /// `ej påbörjad` efter startdatum.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kommentar: Option<Text>,
}

/// Utfall och prognos för rader i en av planens budgettabeller.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FollowUpTable {
    /// Tabellens id i planens `ekonomi`.
    #[schemars(with = "Id")]
    pub tabell: Text,
    /// Kolumnen i tabellen med årets budget, som utfall och prognos ställs mot.
    pub budget: Text,
    /// Raderna som följs upp.
    pub rader: Vec<FollowUpTableRow>,
}

/// Utfall och prognos för en budgetrad.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FollowUpTableRow {
    /// Radens text som i planens tabell.
    pub rad: Text,
    /// Utfallet för perioden, i tabellens enhet: "241,0".
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "opt_text_or_number"
    )]
    #[schemars(with = "Option<TextOrNumber>")]
    pub utfall: Option<Text>,
    /// Prognos för helåret (T1 och T2).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "opt_text_or_number"
    )]
    #[schemars(with = "Option<TextOrNumber>")]
    pub prognos: Option<Text>,
}

closed_list_schema! {
    /// Period: `T1`, `T2`, `VB`.
    FollowUpPeriodName => crate::model::value::FollowUpPeriod::NAMES;
    /// Bedömning: `helt`, `delvis`, `ej`.
    AssessmentName => crate::model::value::Assessment::NAMES;
    /// Status: `ej påbörjad`, `pågående`, `avslutad`, `uppskjuten`, `ställd in`.
    ActivityStatusName => crate::model::value::ActivityStatus::NAMES;
    /// Könsuppdelning: `kvinnor-män`, `flickor-pojkar`.
    SexSplitName => crate::model::value::SexSplit::NAMES;
}
