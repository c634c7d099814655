//! What the YAML parser could not read, said in Swedish for a planner: each kind
//! of parser error gets a message and a hint; the parser's own English text is
//! kept as the last hint, a detail for whoever needs it.

use serde_saphyr::granit_parser::ErrorKind;

use crate::diag::{Code, Diagnostic};
use crate::source::{FileId, SourceFile, Span};

/// The finding for a file whose YAML cannot be read (or for a failed typed read
/// that the schema walk could not explain, which should not happen).
pub fn finding(file: FileId, source: &SourceFile, err: &serde_saphyr::Error) -> Diagnostic {
    let err = innermost(err);
    let offset = err
        .location()
        .filter(|l| l.line() > 0)
        .map(|l| {
            l.span()
                .byte_offset()
                .map(|o| o as usize)
                .unwrap_or_else(|| source.offset_of(l.line() as usize, l.column() as usize))
        })
        .unwrap_or(0);
    let offset = match scan_kind(err) {
        Some(kind) if is_tab(kind) => indentation_tab(source, offset).unwrap_or(offset),
        _ => offset,
    };
    let detail = detail(err);
    let (line, _) = source.line_col(offset);
    let line_text = source.line_text(line).trim_end();
    let prev_text = source.line_text(line.saturating_sub(1)).trim_end();
    let span = Span::new(file, offset, offset);

    let (code, message, hint) = describe(err, line_text, prev_text);
    let mut d = Diagnostic::new(code, span, message).hint(hint);
    if !detail.is_empty() {
        d = d.hint(format!("YAML-tolkens meddelande: {detail}"));
    }
    d
}

/// Whether the parser complains of a tab.
fn is_tab(kind: &ErrorKind) -> bool {
    matches!(
        kind,
        ErrorKind::TabNotAllowed
            | ErrorKind::TabInBlockIndentation
            | ErrorKind::TabInIndentation
            | ErrorKind::TabInPlainScalar
            | ErrorKind::TabAtBlockScalarStart
    )
}

/// The tab the parser means: it notices a tab in indentation when it looks for
/// the next token, and reports the end of the line before (`51:27`), where an
/// editor marks the tab itself (`52:1`). The first tab in the indentation of
/// the reported line or the one after it.
fn indentation_tab(source: &SourceFile, offset: usize) -> Option<usize> {
    let (line, _) = source.line_col(offset);
    (line..line + 2)
        .take_while(|&l| l <= source.line_count())
        .find_map(|l| {
            let text = source.line_text(l);
            let indent = &text[..text.len() - text.trim_start_matches([' ', '\t']).len()];
            indent.find('\t').map(|i| source.offset_of(l, 1) + i)
        })
}

/// The error itself, without the snippet and alias wrappers around it.
fn innermost(err: &serde_saphyr::Error) -> &serde_saphyr::Error {
    let mut err = err.without_snippet();
    for _ in 0..8 {
        match err {
            serde_saphyr::Error::AliasError { error, .. } => err = error.without_snippet(),
            _ => break,
        }
    }
    err
}

/// The parser's text without its position (ours is in the span).
fn detail(err: &serde_saphyr::Error) -> String {
    let text = err.to_string();
    let text = match text.find(" at line ") {
        Some(i) => &text[..i],
        None => &text,
    };
    text.trim().to_owned()
}

const CHECK_LINE: &str = "kontrollera indrag, kolon och citattecken på raden och raden före";
const TOO_COMPLEX: &str =
    "planfiler behöver inga ankare (`&`/`*`) eller djup nästling: skriv ut värdena";

/// Code, message and hint for one error.
fn describe(err: &serde_saphyr::Error, line: &str, prev: &str) -> (Code, String, String) {
    use serde_saphyr::Error as E;
    let syntax = |m: &str, h: &str| (Code::YamlSyntax, m.to_owned(), h.to_owned());
    // `-` is a real target marker, but unquoted YAML reads it as a list item.
    let dash = |l: &str| l.ends_with(": -") || l.ends_with(": –");
    if dash(line) || dash(prev) {
        return syntax(
            "YAML-filen kan inte läsas: `-` utan citattecken inleder en lista",
            "markören `-` måste stå inom citattecken: `\"-\"`",
        );
    }
    match err {
        E::ExternalMessage { .. } => match scan_kind(err) {
            Some(kind) => parser(kind),
            None => syntax("YAML-filen kan inte läsas", CHECK_LINE),
        },
        E::UnknownAnchor { .. } => syntax(
            "YAML-filen kan inte läsas: hänvisningen (`*namn`) går till ett ankare (`&namn`) som inte finns",
            "planfiler behöver inga ankare: skriv ut värdet där hänvisningen står",
        ),
        E::Budget { .. }
        | E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayStackDepthExceeded { .. }
        | E::AliasReplayCounterOverflow { .. } => syntax(
            "YAML-filen är för komplex: för många ankare, hänvisningar eller nivåer",
            TOO_COMPLEX,
        ),
        E::RecursiveReferencesRequireWeakTypes { .. } => syntax(
            "YAML-filen kan inte läsas: ett ankare hänvisar till sig självt",
            TOO_COMPLEX,
        ),
        E::MultipleDocuments { .. } => syntax(
            "YAML-filen innehåller flera dokument (`---`); en planfil är ett dokument",
            "ta bort raden `---` och dela upp innehållet i flera filer om det är flera planer",
        ),
        E::Eof { .. } => syntax(
            "YAML-filen slutar mitt i ett värde",
            "kontrollera att citattecken och klamrar (`[`, `{`) stängs",
        ),
        E::DuplicateMappingKey { key, .. } => (
            Code::DuplicateKey,
            match key {
                Some(k) => format!("nyckeln `{k}` förekommer två gånger"),
                None => "samma nyckel förekommer två gånger".to_owned(),
            },
            "varje nyckel får bara förekomma en gång i samma tabell".to_owned(),
        ),
        E::InvalidUtf8Input => (
            Code::FileUnreadable,
            "filen är inte UTF-8".to_owned(),
            "spara filen som UTF-8 i redigeraren".to_owned(),
        ),
        E::UnsupportedTag { .. } | E::TaggedScalarCannotDeserializeIntoString { .. } => syntax(
            "YAML-filen använder en tagg (`!…`) som planfiler inte har",
            "ta bort taggen och skriv bara värdet",
        ),
        // A value of the wrong kind that the schema walk did not explain.
        _ => (
            Code::WrongType,
            "värdet har fel form för nyckeln".to_owned(),
            "se schemat i `schemas/` för vilka värden nyckeln tar".to_owned(),
        ),
    }
}

fn scan_kind(err: &serde_saphyr::Error) -> Option<&ErrorKind> {
    match err {
        serde_saphyr::Error::ExternalMessage { source, .. } => match source.as_ref() {
            serde_saphyr::localizer::ExternalMessageSource::Parser(scan) => Some(scan.kind()),
            _ => None,
        },
        _ => None,
    }
}

/// Every kind of parser error a planner meets, in Swedish, with what to do.
fn parser(kind: &ErrorKind) -> (Code, String, String) {
    if let ErrorKind::RecursionLimitExceeded = kind {
        return (
            Code::YamlSyntax,
            "YAML-filen är för komplex: för många nivåer i varandra".to_owned(),
            TOO_COMPLEX.to_owned(),
        );
    }
    let (message, hint): (String, &str) = match kind {
        kind if is_tab(kind) => (
            "tabbtecken i indraget".into(),
            "dra in med mellanslag, inte tabb; många redigerare kan visa och byta ut tabbar",
        ),
        ErrorKind::InvalidQuotedScalarIndent => (
            "en text inom citattecken fortsätter på en rad som inte är indragen".into(),
            "stäng citattecknet där texten slutar; fortsätter texten på nästa rad ska den raden vara indragen mer än nyckeln",
        ),
        ErrorKind::MappingValueNotAllowed | ErrorKind::InvalidColonPlacement => (
            "ett kolon följt av mellanslag (`: `) där ett värde väntas".into(),
            "sätt ett värde som innehåller `: ` inom citattecken, t.ex. `titel: \"Mål: bättre skola\"`; annars kontrollera indraget",
        ),
        ErrorKind::MappingKeyNotAllowed => {
            ("en nyckel där ingen nyckel får stå".into(), CHECK_LINE)
        }
        ErrorKind::InvalidIndentation
        | ErrorKind::InvalidFlowScalarIndent
        | ErrorKind::InvalidBlockScalarIndent
        | ErrorKind::ExpectedBlockMappingKey
        | ErrorKind::ExpectedBlockSequenceEntry
        | ErrorKind::BlockSequenceEntryNotAllowed => (
            "indraget stämmer inte".into(),
            "nycklar i samma tabell står rakt under varandra, och en listas `- ` under sin nyckel; kontrollera raden och raden före",
        ),
        ErrorKind::SimpleKeyExpected | ErrorKind::InvalidSimpleKey => (
            "kolon saknas efter nyckeln".into(),
            "skriv `nyckel: värde`, med mellanslag efter kolon",
        ),
        ErrorKind::InvalidMappingValueWhitespace => (
            "mellanslag saknas efter kolon".into(),
            "skriv `nyckel: värde`, med mellanslag efter kolon; ett värde med `:` i sätts inom citattecken",
        ),
        ErrorKind::UnclosedQuotedScalar | ErrorKind::DocumentIndicatorInQuotedScalar => (
            "ett citattecken stängs aldrig".into(),
            "avsluta texten med samma citattecken som den börjar med (`\"` eller `'`)",
        ),
        ErrorKind::InvalidTrailingSingleQuotedScalar
        | ErrorKind::InvalidTrailingDoubleQuotedScalar => (
            "text efter det avslutande citattecknet".into(),
            "sätt hela värdet inom citattecken; ett citattecken inne i texten skrivs `\\\"` (eller `''` inom enkla)",
        ),
        ErrorKind::UnknownQuotedScalarEscape
        | ErrorKind::InvalidQuotedScalarHexEscape
        | ErrorKind::InvalidLowSurrogateHexEscape
        | ErrorKind::InvalidLowSurrogate
        | ErrorKind::MissingLowSurrogate
        | ErrorKind::UnpairedLowSurrogate
        | ErrorKind::InvalidUnicodeEscape => (
            "ett omvänt snedstreck (`\\`) inom dubbla citattecken som inte betyder något".into(),
            "skriv `\\\\` för ett omvänt snedstreck, eller sätt texten inom enkla citattecken",
        ),
        ErrorKind::UnclosedFlowCollection { open } => (
            format!("`{open}` stängs aldrig"),
            "stäng listan med `]` eller tabellen med `}`, eller skriv den med en rad per värde",
        ),
        ErrorKind::MismatchedFlowCollectionEnd { open, close } => (
            format!("`{open}` stängs med `{close}`"),
            "en lista skrivs `[a, b]`, en tabell `{nyckel: värde}`",
        ),
        ErrorKind::MisplacedFlowCollectionEnd => (
            "en avslutande klammer (`]` eller `}`) utan början".into(),
            "ta bort klammern, eller sätt värdet inom citattecken",
        ),
        ErrorKind::ExpectedFlowMappingSeparator | ErrorKind::ExpectedFlowSequenceSeparator => (
            "komma saknas mellan värdena inom klamrar".into(),
            "skriv `[a, b]` eller `{nyckel: värde, nyckel: värde}`; ett värde med komma i sätts inom citattecken",
        ),
        ErrorKind::UnexpectedEof
        | ErrorKind::UnexpectedEofFlowSequence
        | ErrorKind::UnexpectedEofFlowMapping
        | ErrorKind::UnexpectedEofImplicitFlowMapping
        | ErrorKind::UnexpectedEofBlockSequence
        | ErrorKind::UnexpectedEofBlockMapping => (
            "filen slutar mitt i ett värde".into(),
            "kontrollera att citattecken och klamrar (`[`, `{`) stängs",
        ),
        ErrorKind::UnexpectedCharacter { character } => (
            format!("`{character}` kan inte inleda ett värde utan citattecken"),
            "sätt värdet inom citattecken",
        ),
        ErrorKind::PlainScalarStartsWithDashFlowIndicator
        | ErrorKind::BlockEntryInFlowCollection
        | ErrorKind::InvalidBlockEntryWhitespace => (
            "ett bindestreck som YAML läser som en lista".into(),
            "sätt värdet inom citattecken; en lista skrivs med `- ` (bindestreck och mellanslag) på egen rad",
        ),
        ErrorKind::CommentNotSeparated | ErrorKind::CommentInterceptedScalar => (
            "`#` inleder en kommentar mitt i ett värde".into(),
            "sätt värdet inom citattecken om `#` hör till texten, eller skriv mellanslag före kommentaren",
        ),
        ErrorKind::ExpectedWhitespace => ("mellanslag saknas".into(), CHECK_LINE),
        ErrorKind::UnknownAnchor => (
            "hänvisningen (`*namn`) går till ett ankare (`&namn`) som inte finns".into(),
            "planfiler behöver inga ankare: skriv ut värdet där hänvisningen står",
        ),
        ErrorKind::MissingAnchorOrAliasName | ErrorKind::AnchorCountOverflow => (
            "ett `&` eller `*` utan namn".into(),
            "planfiler behöver inga ankare (`&`/`*`); sätt ett värde som börjar med `&` eller `*` inom citattecken",
        ),
        ErrorKind::BomInsideDocument => (
            "ett BOM-tecken mitt i filen".into(),
            "spara filen som UTF-8 i redigeraren; kontrollera om två filer klistrats ihop",
        ),
        ErrorKind::InvalidDocumentEnd | ErrorKind::MultipleDocumentsUnsupported => (
            "filen innehåller flera dokument (`---` eller `...`)".into(),
            "en planfil är ett dokument: ta bort raden `---` eller `...`",
        ),
        ErrorKind::DirectiveDisallowed
        | ErrorKind::DuplicateVersionDirective
        | ErrorKind::UnsupportedYamlMajorVersion
        | ErrorKind::DuplicateTagDirective
        | ErrorKind::MissingDocumentEndBeforeDirective => (
            "en YAML-direktivrad (`%…`)".into(),
            "planfiler behöver inga direktiv: ta bort raden, eller sätt ett värde som börjar med `%` inom citattecken",
        ),
        _ => ("YAML-syntaxfel".into(), CHECK_LINE),
    };
    (
        Code::YamlSyntax,
        format!("YAML-filen kan inte läsas: {message}"),
        hint.to_owned(),
    )
}
