//! XML elements read into the serde form of the types, guided by a
//! [`Schema`].

use roxmltree::Node;
use serde_json::{Map, Value};

use crate::error::ResponseErrorKind;
use crate::schema::{ListSchema, MapSchema, Member, Schema};
use crate::types::{DateTime, TimestampFormat};

/// How deep values may nest (structures, lists and maps); deeper is an
/// error, so a hostile body cannot overflow the stack through a recursive
/// shape. The same bound as the JSON parser's.
pub(super) use crate::protocol::tree::MAX_DEPTH;

/// Why a body could not be read.
#[derive(Debug)]
pub(super) struct ReadError {
    pub(super) kind: ResponseErrorKind,
    /// The member path (`nested.values[1]`), empty for the whole body.
    pub(super) path: String,
    pub(super) message: String,
}

impl ReadError {
    pub(super) fn xml(message: impl Into<String>) -> Self {
        Self {
            kind: ResponseErrorKind::InvalidXml,
            path: String::new(),
            message: message.into(),
        }
    }

    fn value(path: &str, message: impl Into<String>) -> Self {
        Self {
            kind: ResponseErrorKind::InvalidValue,
            path: path.to_owned(),
            message: message.into(),
        }
    }
}

/// Parses `body` as an XML document. DTDs are refused (roxmltree's
/// default), so no entity can expand beyond the body.
pub(super) fn parse(body: &[u8]) -> Result<roxmltree::Document<'_>, ReadError> {
    let text = std::str::from_utf8(body)
        .map_err(|e| ReadError::xml(format!("the body is not UTF-8: {e}")))?;
    roxmltree::Document::parse(text).map_err(|e| ReadError::xml(e.to_string()))
}

/// The child elements of `node`.
pub(super) fn elements<'a, 'input>(
    node: Node<'a, 'input>,
) -> impl Iterator<Item = Node<'a, 'input>> {
    node.children().filter(Node::is_element)
}

/// The first child element of `node` named `name` (namespaces ignored).
pub(super) fn child<'a, 'input>(node: Node<'a, 'input>, name: &str) -> Option<Node<'a, 'input>> {
    elements(node).find(|e| e.tag_name().name() == name)
}

/// The text of `node`: its text and CDATA children, entities resolved.
pub(super) fn text(node: Node<'_, '_>) -> String {
    node.children()
        .filter(Node::is_text)
        .filter_map(|n| n.text())
        .collect()
}

/// A name as it is matched: without a prefix (`xsi:type` is `type`), as
/// namespaces are ignored.
fn local(name: &str) -> &str {
    name.rsplit_once(':').map_or(name, |(_, local)| local)
}

fn index_path(path: &str, index: usize) -> String {
    format!("{path}[{index}]")
}

fn member_path(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

/// Reads the members of a structure from the children (and attributes) of
/// `node`. Unknown elements are ignored; a member given twice takes the
/// last; flattened lists and maps gather every element of their name.
pub(super) fn structure(
    node: Node<'_, '_>,
    members: &[Member],
    path: &str,
    depth: usize,
) -> Result<Value, ReadError> {
    let depth = deeper(depth, path)?;
    let mut out = Map::new();
    for member in members.iter().filter(|m| m.attribute) {
        let name = local(member.xml_element_name());
        let found = node.attributes().find(|a| a.name() == name);
        if let Some(attribute) = found {
            let path = member_path(path, member.name);
            let value = scalar(attribute.value(), member.schema, member, &path)?;
            out.insert(member.name.to_owned(), value);
        }
    }
    for element in elements(node) {
        let name = element.tag_name().name();
        let Some(member) = members
            .iter()
            .find(|m| !m.attribute && local(m.xml_element_name()) == name)
        else {
            continue;
        };
        let path = member_path(path, member.name);
        match (member.schema, member.flattened) {
            (Schema::List(list), true) => {
                let items = out
                    .entry(member.name)
                    .or_insert_with(|| Value::Array(Vec::new()));
                if let Value::Array(items) = items {
                    let path = index_path(&path, items.len());
                    items.push(list_item(element, list, &path, depth)?);
                }
            }
            (Schema::Map(map), true) => {
                let entries = out
                    .entry(member.name)
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(entries) = entries {
                    map_entry(element, map, entries, &path, depth)?;
                }
            }
            (schema, _) => {
                let value = value(element, schema, member, &path, depth)?;
                out.insert(member.name.to_owned(), value);
            }
        }
    }
    Ok(Value::Object(out))
}

/// One level deeper than `depth`, into the value at `path`, which is
/// named in the error past [`MAX_DEPTH`].
fn deeper(depth: usize, path: &str) -> Result<usize, ReadError> {
    if depth >= MAX_DEPTH {
        Err(ReadError {
            path: path.to_owned(),
            ..ReadError::xml(format!("values nest more than {MAX_DEPTH} deep"))
        })
    } else {
        Ok(depth + 1)
    }
}

/// Reads `node` as `schema`; `member` is the structure member (or the list
/// or map member) it is, for its timestamp format.
fn value(
    node: Node<'_, '_>,
    schema: &Schema,
    member: &Member,
    path: &str,
    depth: usize,
) -> Result<Value, ReadError> {
    match schema {
        Schema::Structure(members) => structure(node, members, path, depth),
        Schema::Union(members) => union(node, members, path, depth),
        Schema::List(list) => {
            let depth = deeper(depth, path)?;
            let item_name = local(list.member_name.unwrap_or("member"));
            elements(node)
                .filter(|e| e.tag_name().name() == item_name)
                .enumerate()
                .map(|(index, item)| list_item(item, list, &index_path(path, index), depth))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array)
        }
        Schema::Map(map) => {
            let depth = deeper(depth, path)?;
            let mut entries = Map::new();
            for entry in elements(node).filter(|e| e.tag_name().name() == "entry") {
                map_entry(entry, map, &mut entries, path, depth)?;
            }
            Ok(Value::Object(entries))
        }
        scalar_schema => scalar(&text(node), scalar_schema, member, path),
    }
}

fn list_item(
    node: Node<'_, '_>,
    list: &ListSchema,
    path: &str,
    depth: usize,
) -> Result<Value, ReadError> {
    let item = Member {
        timestamp_format: list.timestamp_format,
        ..Member::new("member", list.member)
    };
    value(node, list.member, &item, path, depth)
}

/// Reads one `<entry>` (or flattened entry) into `entries`; an entry
/// without a key is skipped, one without a value is `null` (a sparse map's
/// null; any other map's deserializer says what is wrong).
fn map_entry(
    node: Node<'_, '_>,
    map: &MapSchema,
    entries: &mut Map<String, Value>,
    path: &str,
    depth: usize,
) -> Result<(), ReadError> {
    let Some(key) = child(node, local(map.key_name.unwrap_or("key"))) else {
        return Ok(());
    };
    let key = text(key);
    let path = member_path(path, &key);
    let value_member = Member {
        timestamp_format: map.timestamp_format,
        ..Member::new("value", map.value)
    };
    let read = match child(node, local(map.value_name.unwrap_or("value"))) {
        Some(element) => value(element, map.value, &value_member, &path, depth)?,
        None => Value::Null,
    };
    entries.insert(key, read);
    Ok(())
}

/// A union: its members as a structure's. A child this client does not
/// know is kept by name with an empty value, so the union reads as its
/// unknown variant rather than as one with no member set.
fn union(
    node: Node<'_, '_>,
    members: &[Member],
    path: &str,
    depth: usize,
) -> Result<Value, ReadError> {
    let mut read = structure(node, members, path, depth)?;
    if let Value::Object(entries) = &mut read {
        if entries.is_empty() {
            if let Some(unknown) = elements(node).next() {
                entries.insert(
                    unknown.tag_name().name().to_owned(),
                    Value::Object(Map::new()),
                );
            }
        }
    }
    Ok(read)
}

/// A scalar from its text, in the types' serde form.
fn scalar(text: &str, schema: &Schema, member: &Member, path: &str) -> Result<Value, ReadError> {
    let trimmed = text.trim();
    let wrong = |what: &str| {
        let shown: String = trimmed.chars().take(64).collect();
        let ellipsis = if shown.len() < trimmed.len() {
            "…"
        } else {
            ""
        };
        ReadError::value(path, format!("{shown:?}{ellipsis} is not {what}"))
    };
    match schema {
        Schema::String => Ok(Value::String(text.to_owned())),
        Schema::Boolean => match trimmed {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err(wrong("a boolean")),
        },
        Schema::Integer => trimmed
            .parse::<i64>()
            .map(Value::from)
            .or_else(|_| trimmed.parse::<u64>().map(Value::from))
            .map_err(|_| wrong("an integer")),
        Schema::Float => match trimmed {
            "NaN" | "Infinity" | "-Infinity" => Ok(Value::String(trimmed.to_owned())),
            _ => trimmed
                .parse::<f64>()
                .ok()
                .and_then(serde_json::Number::from_f64)
                // `inf` and `nan`, which Rust parses, are not XML's numbers.
                .filter(|_| {
                    trimmed
                        .bytes()
                        .all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b))
                })
                .map(Value::Number)
                .ok_or_else(|| wrong("a number")),
        },
        // The types check the digits (and keep all of them) from a string.
        Schema::BigInteger | Schema::BigDecimal => Ok(Value::String(trimmed.to_owned())),
        // Base64 stays base64, as serde reads it; line breaks some services
        // wrap it in are not part of it.
        Schema::Blob => Ok(Value::String(
            text.chars().filter(|c| !c.is_ascii_whitespace()).collect(),
        )),
        Schema::Timestamp(serde_format) => {
            let wire = member.timestamp_format.unwrap_or(TimestampFormat::DateTime);
            let time = DateTime::parse(trimmed, wire)
                .map_err(|e| ReadError::value(path, e.to_string()))?;
            serde_timestamp(time, *serde_format).map_err(|e| ReadError::value(path, e))
        }
        Schema::Document => Err(ReadError::value(
            path,
            "a document cannot be read from a query protocol response",
        )),
        // Only reached for an attribute of an aggregate shape, which Smithy
        // does not allow.
        Schema::List(_) | Schema::Map(_) | Schema::Structure(_) | Schema::Union(_) => {
            Err(wrong("a list, map or structure"))
        }
    }
}

/// A timestamp in the types' serde form: a number for `epoch-seconds`,
/// else a string.
fn serde_timestamp(time: DateTime, format: TimestampFormat) -> Result<Value, String> {
    match format {
        TimestampFormat::EpochSeconds => serde_json::to_value(time).map_err(|e| e.to_string()),
        _ => time
            .format(format)
            .map(Value::String)
            .map_err(|e| e.to_string()),
    }
}
