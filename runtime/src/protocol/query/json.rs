//! The serde form of an input as a tree whose numbers keep the exact text
//! serde wrote: `serde_json::Value` would widen an `f32` (`10.8` becomes
//! `10.800000190734863`) and round a 30-digit `bigInteger`.

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use super::xml::MAX_DEPTH;

/// A JSON value; numbers are their token.
#[derive(Debug, PartialEq)]
pub(super) enum Json {
    Null,
    Bool(bool),
    Number(String),
    String(String),
    Array(Vec<Json>),
    /// Entries in the order serde wrote them.
    Object(Vec<(String, Json)>),
}

impl Json {
    /// `value` as serde serializes it.
    pub(super) fn from_serialize<T: Serialize + ?Sized>(
        value: &T,
    ) -> Result<Json, serde_json::Error> {
        let text = serde_json::to_string(value)?;
        let raw: Box<RawValue> = serde_json::from_str(&text)?;
        Json::from_raw(&raw, 0)
    }

    /// The text was checked as a whole when first parsed, so each level
    /// only re-reads its own children. Nesting is capped at 128 (serde
    /// writes values of any depth), so a deep input cannot overflow the
    /// stack here or in the writer.
    fn from_raw(raw: &RawValue, depth: usize) -> Result<Json, serde_json::Error> {
        let token = raw.get().trim_start();
        if depth > MAX_DEPTH {
            return Err(serde::de::Error::custom(format!(
                "the input nests more than {MAX_DEPTH} deep"
            )));
        }
        Ok(match token.as_bytes().first() {
            Some(b'{') => {
                let Entries(entries) = serde_json::from_str(token)?;
                Json::Object(
                    entries
                        .into_iter()
                        .map(|(key, value)| Ok((key, Json::from_raw(&value, depth + 1)?)))
                        .collect::<Result<_, serde_json::Error>>()?,
                )
            }
            Some(b'[') => {
                let items: Vec<Box<RawValue>> = serde_json::from_str(token)?;
                Json::Array(
                    items
                        .iter()
                        .map(|item| Json::from_raw(item, depth + 1))
                        .collect::<Result<_, _>>()?,
                )
            }
            Some(b'"') => Json::String(serde_json::from_str(token)?),
            Some(b't' | b'f') => Json::Bool(serde_json::from_str(token)?),
            Some(b'n') => Json::Null,
            _ => Json::Number(token.trim_end().to_owned()),
        })
    }

    /// What kind of value it is, for error messages.
    pub(super) fn kind(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Number(_) => "a number",
            Json::String(_) => "a string",
            Json::Array(_) => "an array",
            Json::Object(_) => "an object",
        }
    }
}

/// An object's entries in order, values unparsed.
struct Entries(Vec<(String, Box<RawValue>)>);

impl<'de> Deserialize<'de> for Entries {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntriesVisitor;
        impl<'de> Visitor<'de> for EntriesVisitor {
            type Value = Entries;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entries, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
        }
        deserializer.deserialize_map(EntriesVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_the_text_serde_wrote() {
        #[derive(Serialize)]
        struct Input {
            single: f32,
            big: crate::types::BigInteger,
        }
        let input = Input {
            single: 10.8,
            big: "123456789012345678901234567890".parse().unwrap(),
        };
        assert_eq!(
            Json::from_serialize(&input).unwrap(),
            Json::Object(vec![
                ("single".to_owned(), Json::Number("10.8".to_owned())),
                (
                    "big".to_owned(),
                    Json::Number("123456789012345678901234567890".to_owned())
                ),
            ])
        );
    }

    #[test]
    fn reads_every_kind_of_value() {
        let value = serde_json::json!({"a": [true, null, "s", {"b": -1}]});
        assert_eq!(
            Json::from_serialize(&value).unwrap(),
            Json::Object(vec![(
                "a".to_owned(),
                Json::Array(vec![
                    Json::Bool(true),
                    Json::Null,
                    Json::String("s".to_owned()),
                    Json::Object(vec![("b".to_owned(), Json::Number("-1".to_owned()))]),
                ])
            )])
        );
    }
}
