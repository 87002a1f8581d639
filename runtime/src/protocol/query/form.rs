//! The request body: the input as `application/x-www-form-urlencoded`
//! `Name=value` pairs.

use serde::Serialize;

use super::Dialect;
use crate::error::RequestError;
use crate::protocol::tree::Json;
use crate::schema::{ListSchema, MapSchema, Member, Schema};
use crate::types::{DateTime, TimestampFormat};

/// The body of a query request: `Action`, `Version`, then `input`'s members.
///
/// `input` is the operation's input (or its `serde_json::Value`) as its
/// serde writes it; `schema` is the input structure's. Members are written
/// in schema order, map entries sorted by key so the body is the same for
/// the same input; members that are unset (absent or `null`) are skipped.
///
/// | shape | awsQuery | ec2Query |
/// | --- | --- | --- |
/// | member name | `@xmlName`, else the member name | `@ec2QueryName`, else `@xmlName` capitalised, else the member name capitalised |
/// | list | `Name.member.1` (the list member's `@xmlName` for `member`); flattened `Name.1`; empty `Name=` | `Name.1`; empty: nothing |
/// | map | `Name.entry.1.key`, `Name.entry.1.value` (the key's and value's `@xmlName`); flattened `Name.1.key`; empty: nothing | as awsQuery |
/// | structure, union | `Name.Member` | `Name.Member` |
/// | timestamp | the member's `@timestampFormat`, else `date-time` | the same |
/// | blob | base64 | base64 |
/// | float | the number, `NaN`, `Infinity`, `-Infinity` | the same |
///
/// Names and values are percent-encoded except for RFC 3986's unreserved
/// characters (`A-Z a-z 0-9 - . _ ~`).
///
/// # Errors
///
/// A value that does not fit its schema (naming the member path, e.g.
/// `Nested.Values[1]`), a `document` (which the query protocols cannot
/// carry), or an input that does not serialize.
pub fn form_body<T: Serialize + ?Sized>(
    action: &str,
    version: &str,
    input: &T,
    schema: &Schema,
    dialect: Dialect,
) -> Result<Vec<u8>, RequestError> {
    let input = Json::from_serialize(input)
        .map_err(|e| RequestError::new(format!("cannot serialize the input: {e}")))?;
    let mut writer = Writer {
        out: String::new(),
        dialect,
    };
    writer.pair("Action", action);
    writer.pair("Version", version);
    match (&input, schema) {
        (Json::Object(entries), Schema::Structure(members) | Schema::Union(members)) => {
            writer.members("", entries, members, "")?;
        }
        (Json::Null, _) => {}
        (other, _) => {
            return Err(RequestError::new(format!(
                "invalid input: expected an object, found {}",
                other.kind()
            )));
        }
    }
    Ok(writer.out.into_bytes())
}

struct Writer {
    out: String,
    dialect: Dialect,
}

/// Joins a wire name (`A.B`) or a member path (`a.b`).
fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_owned()
    } else {
        format!("{prefix}.{name}")
    }
}

fn invalid(path: &str, message: impl std::fmt::Display) -> RequestError {
    if path.is_empty() {
        RequestError::new(format!("invalid input: {message}"))
    } else {
        RequestError::new(format!("invalid input at {path}: {message}"))
    }
}

fn capitalize(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

impl Writer {
    fn pair(&mut self, name: &str, value: &str) {
        if !self.out.is_empty() {
            self.out.push('&');
        }
        percent_encode(&mut self.out, name);
        self.out.push('=');
        percent_encode(&mut self.out, value);
    }

    fn wire_name(&self, member: &Member) -> String {
        match self.dialect {
            Dialect::AwsQuery => member.xml_element_name().to_owned(),
            Dialect::Ec2Query => match (member.ec2_query_name, member.xml_name) {
                (Some(name), _) => name.to_owned(),
                (None, Some(name)) => capitalize(name),
                (None, None) => capitalize(member.name),
            },
        }
    }

    /// Writes the set members of a structure (or the one of a union).
    fn members(
        &mut self,
        prefix: &str,
        entries: &[(String, Json)],
        members: &[Member],
        path: &str,
    ) -> Result<(), RequestError> {
        for member in members {
            // The last of a repeated key counts, as serde would read it.
            let Some((_, value)) = entries.iter().rev().find(|(key, _)| key == member.name) else {
                continue;
            };
            let name = join(prefix, &self.wire_name(member));
            let path = join(path, member.name);
            self.value(&name, value, member.schema, member, &path)?;
        }
        Ok(())
    }

    /// Writes `value` under `name`; `member` is the structure member it is
    /// (or is inside, for list items and map values).
    fn value(
        &mut self,
        name: &str,
        value: &Json,
        schema: &Schema,
        member: &Member,
        path: &str,
    ) -> Result<(), RequestError> {
        match (schema, value) {
            (_, Json::Null) => Ok(()),
            (Schema::Structure(members) | Schema::Union(members), Json::Object(entries)) => {
                self.members(name, entries, members, path)
            }
            (Schema::List(list), Json::Array(items)) => self.list(name, items, list, member, path),
            (Schema::Map(map), Json::Object(entries)) => self.map(name, entries, map, member, path),
            (Schema::Timestamp(serde_format), value) => {
                let time = serde_timestamp(value, *serde_format).map_err(|e| invalid(path, e))?;
                let format = member.timestamp_format.unwrap_or(TimestampFormat::DateTime);
                let text = time.format(format).map_err(|e| invalid(path, e))?;
                self.pair(name, &text);
                Ok(())
            }
            (Schema::Document, _) => Err(invalid(
                path,
                "a document cannot be sent in a query protocol request",
            )),
            (schema, value) => {
                let text = scalar(schema, value).ok_or_else(|| {
                    invalid(
                        path,
                        format!("{} does not fit a {}", value.kind(), describe(schema)),
                    )
                })?;
                self.pair(name, text);
                Ok(())
            }
        }
    }

    fn list(
        &mut self,
        name: &str,
        items: &[Json],
        list: &ListSchema,
        member: &Member,
        path: &str,
    ) -> Result<(), RequestError> {
        if items.is_empty() {
            // awsQuery sends an empty list as the bare name, so the service
            // can tell it from an unset one; ec2Query cannot say it.
            if self.dialect == Dialect::AwsQuery {
                self.pair(name, "");
            }
            return Ok(());
        }
        let prefix = match self.dialect {
            Dialect::AwsQuery if !member.flattened => {
                join(name, list.member_name.unwrap_or("member"))
            }
            _ => name.to_owned(),
        };
        // A list item takes the list's member traits, not the structure
        // member's: its timestamp format is the list member target's.
        let item_member = Member {
            timestamp_format: list.timestamp_format,
            ..Member::new(member.name, list.member)
        };
        for (index, item) in items.iter().enumerate() {
            let name = format!("{prefix}.{}", index + 1);
            let path = format!("{path}[{index}]");
            self.value(&name, item, list.member, &item_member, &path)?;
        }
        Ok(())
    }

    fn map(
        &mut self,
        name: &str,
        entries: &[(String, Json)],
        map: &MapSchema,
        member: &Member,
        path: &str,
    ) -> Result<(), RequestError> {
        let prefix = if member.flattened {
            name.to_owned()
        } else {
            join(name, "entry")
        };
        let value_member = Member {
            timestamp_format: map.timestamp_format,
            ..Member::new(member.name, map.value)
        };
        let mut sorted: Vec<&(String, Json)> = entries.iter().collect();
        sorted.sort_by(|a, b| a.0.cmp(&b.0));
        // A repeated key (possible only in hand-written JSON) is written
        // once, with its first value (the sort is stable).
        sorted.dedup_by(|later, earlier| later.0 == earlier.0);
        for (index, (key, value)) in sorted.into_iter().enumerate() {
            let entry = format!("{prefix}.{}", index + 1);
            self.pair(&join(&entry, map.key_name.unwrap_or("key")), key.as_str());
            let value_name = join(&entry, map.value_name.unwrap_or("value"));
            self.value(
                &value_name,
                value,
                map.value,
                &value_member,
                &join(path, key),
            )?;
        }
        Ok(())
    }
}

/// The text of a scalar, or `None` if `value` does not fit `schema`.
fn scalar<'a>(schema: &Schema, value: &'a Json) -> Option<&'a str> {
    match (schema, value) {
        (Schema::Boolean, Json::Bool(true)) => Some("true"),
        (Schema::Boolean, Json::Bool(false)) => Some("false"),
        (Schema::Integer | Schema::BigInteger | Schema::BigDecimal, Json::Number(n)) => Some(n),
        // Big numbers may travel as strings holding them; the types check
        // the digits when built.
        (Schema::BigInteger | Schema::BigDecimal, Json::String(s)) => Some(s),
        (Schema::Float, Json::Number(n)) => Some(n),
        (Schema::Float, Json::String(s))
            if matches!(s.as_str(), "NaN" | "Infinity" | "-Infinity") =>
        {
            Some(s)
        }
        // Blobs are already base64 in the serde form, as the wire wants.
        (Schema::String | Schema::Blob, Json::String(s)) => Some(s),
        _ => None,
    }
}

fn describe(schema: &Schema) -> &'static str {
    match schema {
        Schema::Boolean => "boolean",
        Schema::Integer => "integer",
        Schema::Float => "float",
        Schema::BigInteger => "bigInteger",
        Schema::BigDecimal => "bigDecimal",
        Schema::String => "string",
        Schema::Blob => "blob",
        Schema::Timestamp(_) => "timestamp",
        Schema::Document => "document",
        Schema::List(_) => "list",
        Schema::Map(_) => "map",
        Schema::Structure(_) => "structure",
        Schema::Union(_) => "union",
    }
}

/// A timestamp in the types' serde form: a number of seconds for
/// `epoch-seconds`, else a string in `format`.
fn serde_timestamp(value: &Json, format: TimestampFormat) -> Result<DateTime, String> {
    match value {
        Json::Number(n) => DateTime::parse(n, TimestampFormat::EpochSeconds),
        Json::String(s) => DateTime::parse(s, format),
        other => return Err(format!("{} is not a timestamp", other.kind())),
    }
    .map_err(|e| e.to_string())
}

/// Appends `text` percent-encoded as the Smithy protocol tests expect: every
/// byte but RFC 3986's unreserved characters, `%XX` in upper case.
fn percent_encode(out: &mut String, text: &str) {
    use std::fmt::Write as _;
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            // Writing to a `String` cannot fail.
            let _ = write!(out, "%{byte:02X}");
        }
    }
}
