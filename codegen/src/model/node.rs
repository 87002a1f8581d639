//! Smithy node values in the order a file gives them: the JSON AST as read
//! from JSON or built by the IDL reader, before it becomes a [`Model`].
//!
//! Objects are lists of entries because order matters in a model (members
//! are serialized in model order) and `serde_json::Map` sorts its keys.
//!
//! [`Model`]: super::Model

use std::fmt::Write as _;
use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Result};

/// A JSON value whose objects keep their entries' order.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    String(String),
    Array(Vec<Node>),
    Object(Vec<(String, Node)>),
}

impl Node {
    /// An empty object.
    pub fn object() -> Node {
        Node::Object(Vec::new())
    }

    /// Parses JSON text; a syntax error names `file`, line and column.
    pub fn from_json(text: &str, file: &Path) -> Result<Node> {
        serde_json::from_str(text).map_err(|e| json_error(&e, file))
    }

    /// The entries of an object.
    pub fn as_object(&self) -> Option<&[(String, Node)]> {
        match self {
            Node::Object(entries) => Some(entries),
            _ => None,
        }
    }

    /// The entries of an object, to change.
    pub fn as_object_mut(&mut self) -> Option<&mut Vec<(String, Node)>> {
        match self {
            Node::Object(entries) => Some(entries),
            _ => None,
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Node::String(s) => Some(s),
            _ => None,
        }
    }

    /// The items, if this is an array.
    pub fn as_array(&self) -> Option<&[Node]> {
        match self {
            Node::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The value under `key`, if this is an object that has it (the last
    /// one, should a key repeat).
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_object()?
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    /// The value under `key`, to change.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Node> {
        self.as_object_mut()?
            .iter_mut()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    /// Sets `key` in an object: replaces the value in place if the key is
    /// there, else appends it. Does nothing to a value that is not an object.
    pub fn insert(&mut self, key: impl Into<String>, value: Node) {
        let key = key.into();
        if let Some(entries) = self.as_object_mut() {
            match entries.iter_mut().find(|(k, _)| *k == key) {
                Some((_, old)) => *old = value,
                None => entries.push((key, value)),
            }
        }
    }

    /// Removes `key` from an object, returning its value.
    pub fn remove(&mut self, key: &str) -> Option<Node> {
        let entries = self.as_object_mut()?;
        let index = entries.iter().position(|(k, _)| k == key)?;
        Some(entries.remove(index).1)
    }

    /// The value as compact JSON text, entries in their order.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, None, 0);
        out
    }

    /// The value as JSON text indented by four spaces, entries in their
    /// order (sort first for a stable file).
    pub fn to_json_pretty(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, Some(4), 0);
        out.push('\n');
        out
    }

    fn write(&self, out: &mut String, indent: Option<usize>, depth: usize) {
        let newline = |out: &mut String, depth: usize| {
            if let Some(width) = indent {
                out.push('\n');
                out.extend(std::iter::repeat_n(' ', width * depth));
            }
        };
        match self {
            Node::Null => out.push_str("null"),
            Node::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Node::Number(n) => {
                let _ = write!(out, "{n}");
            }
            Node::String(s) => write_string(out, s),
            Node::Array(items) if items.is_empty() => out.push_str("[]"),
            Node::Array(items) => {
                out.push('[');
                for (index, item) in items.iter().enumerate() {
                    if index > 0 {
                        out.push(',');
                    }
                    newline(out, depth + 1);
                    item.write(out, indent, depth + 1);
                }
                newline(out, depth);
                out.push(']');
            }
            Node::Object(entries) if entries.is_empty() => out.push_str("{}"),
            Node::Object(entries) => {
                out.push('{');
                for (index, (key, value)) in entries.iter().enumerate() {
                    if index > 0 {
                        out.push(',');
                    }
                    newline(out, depth + 1);
                    write_string(out, key);
                    out.push(':');
                    if indent.is_some() {
                        out.push(' ');
                    }
                    value.write(out, indent, depth + 1);
                }
                newline(out, depth);
                out.push('}');
            }
        }
    }

    /// The same value with every object's entries in key order (as
    /// `serde_json::Value` has them), for comparing models by content.
    pub fn to_value(&self) -> serde_json::Value {
        match self {
            Node::Null => serde_json::Value::Null,
            Node::Bool(b) => serde_json::Value::Bool(*b),
            Node::Number(n) => serde_json::Value::Number(n.clone()),
            Node::String(s) => serde_json::Value::String(s.clone()),
            Node::Array(items) => items.iter().map(Node::to_value).collect(),
            Node::Object(entries) => serde_json::Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_value()))
                    .collect(),
            ),
        }
    }
}

impl From<&serde_json::Value> for Node {
    fn from(value: &serde_json::Value) -> Node {
        match value {
            serde_json::Value::Null => Node::Null,
            serde_json::Value::Bool(b) => Node::Bool(*b),
            serde_json::Value::Number(n) => Node::Number(n.clone()),
            serde_json::Value::String(s) => Node::String(s.clone()),
            serde_json::Value::Array(items) => Node::Array(items.iter().map(Node::from).collect()),
            serde_json::Value::Object(map) => Node::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), Node::from(v)))
                    .collect(),
            ),
        }
    }
}

fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// serde_json's error as ours: its message ends with the position, which
/// `Error::Json` shows as `file:line:column:` already.
pub(crate) fn json_error(e: &serde_json::Error, file: &Path) -> Error {
    let position = format!(" at line {} column {}", e.line(), e.column());
    let message = e.to_string();
    Error::Json {
        file: file.to_owned(),
        line: e.line(),
        column: e.column(),
        message: message
            .strip_suffix(&position)
            .unwrap_or(&message)
            .to_owned(),
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Node, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> serde::de::Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Number(v.into()))
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Node, E> {
        serde_json::Number::from_f64(v)
            .map(Node::Number)
            .ok_or_else(|| E::custom("a number that is not finite"))
    }

    fn visit_str<E>(self, v: &str) -> Result<Node, E> {
        Ok(Node::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Node, E> {
        Ok(Node::String(v))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::Array(items))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry::<String, Node>()? {
            entries.push(entry);
        }
        Ok(Node::Object(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order_and_round_trips() {
        let text = r#"{"b":1,"a":[true,null,"x\n\u0001"],"c":{"z":1.5,"y":-2}}"#;
        let node = Node::from_json(text, Path::new("t.json")).unwrap();
        assert_eq!(
            node.to_json(),
            r#"{"b":1,"a":[true,null,"x\n\u0001"],"c":{"z":1.5,"y":-2}}"#
        );
        let keys: Vec<_> = node
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, _)| k.as_str())
            .collect();
        assert_eq!(keys, ["b", "a", "c"]);
        let again = Node::from_json(&node.to_json_pretty(), Path::new("t.json")).unwrap();
        assert_eq!(again, node);
    }

    #[test]
    fn syntax_errors_name_the_position() {
        let error = Node::from_json("{\n  \"a\": ,\n}", Path::new("m.json")).unwrap_err();
        assert!(error.to_string().starts_with("m.json:2:8: "), "{error}");
    }
}
