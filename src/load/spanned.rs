//! Values with their place in the YAML text, and a generic spanned YAML tree.

use std::borrow::Cow;
use std::marker::PhantomData;

use schemars::{JsonSchema, SchemaGenerator};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Serialize, Serializer};

use crate::source::{FileId, Span};

/// A value and the byte range it was read from. The file is attached later,
/// because the deserializer does not know which file it reads.
#[derive(Clone, Debug, PartialEq)]
pub struct Sp<T> {
    pub value: T,
    start: u32,
    end: u32,
}

impl<T> Sp<T> {
    pub fn span(&self, file: FileId) -> Span {
        Span::new(file, self.start as usize, self.end as usize)
    }

    /// For values made in code (tests, generators, the importer) that have no place in a file.
    pub fn detached(value: T) -> Self {
        Sp {
            value,
            start: 0,
            end: 0,
        }
    }
}

impl<T> std::ops::Deref for Sp<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<'de, T: Typed<'de>> Deserialize<'de> for Sp<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        spanned::<D, Strict<T>>(deserializer).map(|s| Sp {
            value: s.value.0,
            start: s.start,
            end: s.end,
        })
    }
}

/// serde-saphyr's name for a value read with its place (what its `Spanned` asks for).
pub(super) const SPANNED: &str = "__yaml_spanned";

/// Reads `V` with its place, by serde-saphyr's protocol for `Spanned` (a newtype
/// named [`SPANNED`] that the YAML deserializer answers with a map of a marker,
/// the value, and where it is referenced and defined), but without what
/// `Spanned` spends on every value: an owned `String` for the marker key, and
/// the line and column kept. The place is the use site, as `Spanned::referenced`.
fn spanned<'de, D: Deserializer<'de>, V: Deserialize<'de>>(
    deserializer: D,
) -> Result<Sp<V>, D::Error> {
    deserializer.deserialize_newtype_struct(SPANNED, SpannedVisitor(PhantomData))
}

struct SpannedVisitor<V>(PhantomData<V>);

impl<'de, V: Deserialize<'de>> Visitor<'de> for SpannedVisitor<V> {
    type Value = Sp<V>;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a value with its place")
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Sp<V>, D::Error> {
        d.deserialize_any(SpannedFields(PhantomData))
    }
}

/// The field in which vp's own fast YAML reader ([`super::fast`]) hands over a
/// value's place: the start and end byte offsets packed in one `u64`.
pub(super) const FAST_SPAN: &str = "__vp_span";

/// The fields of serde-saphyr's spanned view, by name, borrowed (no allocation),
/// and the fast reader's place.
enum SpannedField {
    Value,
    Referenced,
    Defined,
    FastSpan,
    Other,
}

impl<'de> Deserialize<'de> for SpannedField {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Name;
        impl Visitor<'_> for Name {
            type Value = SpannedField;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a field of a spanned value")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<SpannedField, E> {
                Ok(match v {
                    "value" => SpannedField::Value,
                    "referenced" => SpannedField::Referenced,
                    "defined" => SpannedField::Defined,
                    FAST_SPAN => SpannedField::FastSpan,
                    _ => SpannedField::Other,
                })
            }
        }
        deserializer.deserialize_identifier(Name)
    }
}

struct SpannedFields<V>(PhantomData<V>);

impl<'de, V: Deserialize<'de>> Visitor<'de> for SpannedFields<V> {
    type Value = Sp<V>;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a value with its place")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Sp<V>, A::Error> {
        let mut value = None;
        let mut at = None;
        let mut fast = None;
        while let Some(field) = map.next_key::<SpannedField>()? {
            match field {
                SpannedField::Value => value = Some(map.next_value::<V>()?),
                SpannedField::Referenced => {
                    at = Some(map.next_value::<serde_saphyr::Location>()?);
                }
                // Read as what it is: serde-saphyr's locations cannot be skipped.
                SpannedField::Defined => {
                    map.next_value::<serde_saphyr::Location>()?;
                }
                SpannedField::FastSpan => {
                    let packed = map.next_value::<u64>()?;
                    fast = Some(((packed >> 32) as u32, packed as u32));
                }
                SpannedField::Other => {
                    map.next_value::<de::IgnoredAny>()?;
                }
            }
        }
        let value = value.ok_or_else(|| de::Error::missing_field("value"))?;
        if let Some((start, end)) = fast {
            return Ok(Sp { value, start, end });
        }
        let at = at.ok_or_else(|| de::Error::missing_field("referenced"))?;
        Ok(Sp::from_spanned(at, value))
    }
}

impl<T> Sp<T> {
    fn from_spanned(at: serde_saphyr::Location, value: T) -> Self {
        let span = at.span();
        let start = span.byte_offset().unwrap_or(0);
        let len = span.byte_len().unwrap_or(0);
        Sp {
            value,
            start: u32::try_from(start).unwrap_or(u32::MAX),
            end: u32::try_from(start + len).unwrap_or(u32::MAX),
        }
    }
}

/// How a value in a plan file is read: by its YAML type, as the schema (and so
/// an editor) reads it. A text field takes text, not `123` or `true`; a whole
/// number takes `2020`, not `"2020"` or `2020.0`. Where the schema allows text
/// or a number (`årsmål`, `värden`), the field says so with [`text_or_number`].
pub trait Typed<'de>: Sized {
    fn read<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

struct Strict<T>(T);

impl<'de, T: Typed<'de>> Deserialize<'de> for Strict<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::read(deserializer).map(Strict)
    }
}

impl<'de> Typed<'de> for String {
    fn read<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Text;
        impl Visitor<'_> for Text {
            type Value = String;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a text")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
                Ok(v.to_owned())
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
                Ok(v)
            }
        }
        // `deserialize_any`: the YAML type decides, so a plain `123` arrives as a number and is refused.
        deserializer.deserialize_any(Text)
    }
}

impl<'de> Typed<'de> for i64 {
    fn read<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Whole;
        impl Visitor<'_> for Whole {
            type Value = i64;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a whole number")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<i64, E> {
                Ok(v)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<i64, E> {
                i64::try_from(v).map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
            }
            fn visit_i128<E: de::Error>(self, v: i128) -> Result<i64, E> {
                i64::try_from(v)
                    .map_err(|_| E::invalid_value(de::Unexpected::Other("a huge number"), &self))
            }
            fn visit_u128<E: de::Error>(self, v: u128) -> Result<i64, E> {
                i64::try_from(v)
                    .map_err(|_| E::invalid_value(de::Unexpected::Other("a huge number"), &self))
            }
        }
        deserializer.deserialize_any(Whole)
    }
}

impl<'de> Typed<'de> for bool {
    fn read<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Flag;
        impl Visitor<'_> for Flag {
            type Value = bool;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("true or false")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
                Ok(v)
            }
        }
        deserializer.deserialize_any(Flag)
    }
}

impl<'de> Typed<'de> for Node {
    fn read<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Node::deserialize(deserializer)
    }
}

/// For a text field whose schema also allows a number (`årsmål: 100`): the
/// scalar as written, `1.10` staying `1.10`.
pub fn text_or_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Sp<String>, D::Error> {
    spanned::<D, String>(deserializer)
}

/// [`text_or_number`] for an optional field.
pub fn opt_text_or_number<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Sp<String>>, D::Error> {
    struct TextOrNumber(Sp<String>);
    impl<'de> Deserialize<'de> for TextOrNumber {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            text_or_number(deserializer).map(TextOrNumber)
        }
    }
    Ok(Option::<TextOrNumber>::deserialize(deserializer)?.map(|t| t.0))
}

/// An optional field whose key, once written, must have a value: `periodicitet:`
/// left empty is not the field left out (the schema offers no `null` for it
/// either), so an editor and vp both say so where it stands.
pub fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    T::deserialize(deserializer).map(Some)
}

// A spanned value is written as its bare value: spans belong to the text it was read from.
impl<T: Serialize> Serialize for Sp<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

// The schema of a spanned value is the schema of the value: spans are invisible in files.
impl<T: JsonSchema> JsonSchema for Sp<T> {
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }
    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> schemars::Schema {
        T::json_schema(generator)
    }
    fn inline_schema() -> bool {
        T::inline_schema()
    }
}

/// Any YAML value, every node with its span. Used to report every structural
/// problem in a file when the typed parse stops at the first.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    Null,
    Bool(bool),
    /// A plain whole number, `2020`; wider than `i64` so a huge one is still a number.
    Integer(i128),
    /// A plain number with a fraction or exponent, `2020.0`, `1e3`.
    Float(f64),
    Str(String),
    Seq(Vec<Sp<Node>>),
    Map(Vec<(Sp<String>, Sp<Node>)>),
}

impl Node {
    /// What a user would call this kind of value, in Swedish.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Node::Null => "ett tomt värde",
            Node::Bool(_) => "ett sanningsvärde",
            Node::Integer(_) => "ett heltal",
            Node::Float(_) => "ett decimaltal",
            Node::Str(_) => "en text",
            Node::Seq(_) => "en lista",
            Node::Map(_) => "en tabell med nycklar",
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Integer(i128::from(v)))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Integer(i128::from(v)))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Node, E> {
        Ok(Node::Integer(v))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Node, E> {
        Ok(Node::Integer(i128::try_from(v).unwrap_or(i128::MAX)))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Float(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Str(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Node, E> {
        Ok(Node::Str(v))
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Node, E> {
        Ok(Node::Str(String::from_utf8_lossy(v).into_owned()))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        Node::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Sp<Node>>()? {
            items.push(item);
        }
        Ok(Node::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Sp<String>>()? {
            let value = map.next_value::<Sp<Node>>()?;
            entries.push((key, value));
        }
        Ok(Node::Map(entries))
    }
}
