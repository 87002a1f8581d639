//! A JSON value as a tree whose numbers keep their exact text:
//! `serde_json::Value` would widen an `f32` (`10.8` becomes
//! `10.800000190734863`) and round a 30-digit `bigInteger`. The query
//! protocols turn the types' serde form into forms through it, and
//! restJson1 renames keys to `jsonName`s (and back) in it.

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::schema::Schema;

/// How deep values may nest: as deep as serde_json's own parser allows.
pub(crate) const MAX_DEPTH: usize = 128;

/// A JSON value; numbers are their token.
#[derive(Debug, PartialEq)]
pub(crate) enum Json {
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
    pub(crate) fn from_serialize<T: Serialize + ?Sized>(
        value: &T,
    ) -> Result<Json, serde_json::Error> {
        let text = serde_json::to_string(value)?;
        let raw: Box<RawValue> = serde_json::from_str(&text)?;
        Json::from_raw(&raw, 0)
    }

    /// The JSON `text` as a tree.
    pub(crate) fn from_text(text: &str) -> Result<Json, serde_json::Error> {
        let raw: Box<RawValue> = serde_json::from_str(text)?;
        Json::from_raw(&raw, 0)
    }

    /// The tree as JSON text.
    pub(crate) fn write(&self, out: &mut String) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(true) => out.push_str("true"),
            Json::Bool(false) => out.push_str("false"),
            Json::Number(token) => out.push_str(token),
            Json::String(text) => quote(text, out),
            Json::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Json::Object(entries) => {
                out.push('{');
                for (i, (key, value)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    quote(key, out);
                    out.push(':');
                    value.write(out);
                }
                out.push('}');
            }
        }
    }

    /// The tree with each structure's keys renamed as `schema` says:
    /// `to_wire`, from member names to their `jsonName`s; else back.
    /// Map keys are data and stay; reading, keys the schema does not name
    /// are dropped (the types would ignore them, and one could collide with
    /// a member's renamed key).
    pub(crate) fn rename(self, schema: &Schema, to_wire: bool) -> Json {
        match (self, schema) {
            (Json::Object(entries), Schema::Structure(members) | Schema::Union(members)) => {
                Json::Object(
                    entries
                        .into_iter()
                        .filter_map(|(key, value)| {
                            let member = members.iter().find(|m| {
                                let name = if to_wire { m.name } else { m.json_key() };
                                name == key
                            });
                            match member {
                                Some(m) => {
                                    let key = if to_wire { m.json_key() } else { m.name };
                                    Some((key.to_owned(), value.rename(m.schema, to_wire)))
                                }
                                None if to_wire => Some((key, value)),
                                None => None,
                            }
                        })
                        .collect(),
                )
            }
            (Json::Object(entries), Schema::Map(map)) => Json::Object(
                entries
                    .into_iter()
                    .map(|(key, value)| (key, value.rename(map.value, to_wire)))
                    .collect(),
            ),
            (Json::Array(items), Schema::List(list)) => Json::Array(
                items
                    .into_iter()
                    .map(|item| item.rename(list.member, to_wire))
                    .collect(),
            ),
            (other, _) => other,
        }
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
    pub(crate) fn kind(&self) -> &'static str {
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

/// `text` as a JSON string literal.
fn quote(text: &str, out: &mut String) {
    // serde_json escapes exactly as JSON requires; a `&str` cannot fail.
    match serde_json::to_string(text) {
        Ok(quoted) => out.push_str(&quoted),
        Err(_) => out.push_str("\"\""),
    }
}

/// An object's entries in order, values unparsed (the command-line
/// program's re-keying reads objects with it too).
pub(crate) struct Entries(pub(crate) Vec<(String, Box<RawValue>)>);

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
