//! Values with their place in the YAML text, and a generic spanned YAML tree.

use std::borrow::Cow;

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

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Sp<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = serde_saphyr::Spanned::<T>::deserialize(deserializer)?;
        let span = s.referenced.span();
        let start = span.byte_offset().unwrap_or(0);
        let len = span.byte_len().unwrap_or(0);
        Ok(Sp {
            value: s.value,
            start: u32::try_from(start).unwrap_or(u32::MAX),
            end: u32::try_from(start + len).unwrap_or(u32::MAX),
        })
    }
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
    Number(f64),
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
            Node::Number(_) => "ett tal",
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
        Ok(Node::Number(v as f64))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Number(v as f64))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Node, E> {
        Ok(Node::Number(v as f64))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Node, E> {
        Ok(Node::Number(v as f64))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Number(v))
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
