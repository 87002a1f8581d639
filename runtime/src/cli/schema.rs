//! What the command line takes and prints beyond the types' serde.
//!
//! The generated types' serde uses the model's member names, as the AWS CLI
//! does, but writes timestamps in the member's `@timestampFormat`, while the
//! CLI takes them as ISO 8601 strings or epoch seconds and prints ISO 8601;
//! and the CLI names the required members a `--cli-input-json` leaves out
//! and every unknown one, by member path, before anything is sent. The
//! generated `cli` module holds a [`Schema`] per structure; [`to_serde`]
//! turns command-line JSON into what the types deserialize, and
//! [`from_serde`] turns what they serialize back into command-line JSON.

use serde::Serialize;
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde_json::Value;
use serde_json::value::RawValue;

use crate::protocol::tree::Entries;
use crate::types::{DateTime, TimestampFormat};

/// How a value is written on the command line and in the types' serde.
#[derive(Debug)]
pub enum Schema {
    /// The same in both: strings, numbers, booleans, blobs (base64), enums,
    /// documents.
    Value,
    /// A timestamp, written by serde in this format (a number for
    /// `epoch-seconds`, else a string).
    Timestamp(TimestampFormat),
    /// A list of these.
    List(&'static Schema),
    /// A map to these (keys are data, never renamed).
    Map(&'static Schema),
    /// A structure or union, with its members.
    Structure(&'static [Member]),
}

/// A member of a structure or union.
#[derive(Debug)]
pub struct Member {
    /// The model's member name, which the command line and the types'
    /// serde use.
    pub name: &'static str,
    /// Whether the input must give it (a required member serde has no
    /// default for).
    pub required: bool,
    /// Its value.
    pub schema: &'static Schema,
}

/// Command-line input (JSON text) as the types deserialize it (JSON
/// text): member names become serde keys, timestamps (ISO 8601 strings or
/// epoch seconds) the format serde reads. Numbers keep their exact
/// digits, so big integers and decimals pass through whole.
///
/// # Errors
///
/// Invalid JSON; every unknown member, by its path
/// (`logging.s3Logs.bogus`); else a missing required member or a
/// timestamp that is not one.
pub fn to_serde(text: &str, schema: &Schema) -> Result<String, String> {
    let node = Node::parse(text).map_err(|e| format!("invalid input: {e}"))?;
    let mut problems = Problems::default();
    let node = input(node, schema, "", &mut problems);
    if !problems.unknown.is_empty() {
        return Err(format!(
            "unknown member in input: {}",
            problems.unknown.join(", ")
        ));
    }
    if let Some(problem) = problems.other.into_iter().next() {
        return Err(problem);
    }
    serde_json::to_string(&node).map_err(|e| format!("invalid input: {e}"))
}

/// Output as the types serialize it (JSON text), in command-line form,
/// pretty-printed: serde keys become member names, timestamps RFC 3339
/// strings (ISO 8601, as the AWS CLI prints them).
///
/// # Errors
///
/// When `text` is not JSON, which serde never writes.
pub fn from_serde(text: &str, schema: &Schema) -> Result<String, String> {
    let node = Node::parse(text).map_err(|e| e.to_string())?;
    serde_json::to_string_pretty(&output(node, schema)).map_err(|e| e.to_string())
}

/// A JSON value whose objects and arrays are open and whose scalars stay
/// the exact text they were (`serde_json::Value` would round a 30-digit
/// integer to a float).
enum Node {
    Object(Vec<(String, Node)>),
    Array(Vec<Node>),
    Scalar(Box<RawValue>),
}

impl Node {
    fn parse(text: &str) -> Result<Node, serde_json::Error> {
        let raw: Box<RawValue> = serde_json::from_str(text)?;
        Node::from_raw(raw)
    }

    fn from_raw(raw: Box<RawValue>) -> Result<Node, serde_json::Error> {
        match raw.get().trim_start().as_bytes().first() {
            Some(b'{') => {
                let Entries(entries) = serde_json::from_str(raw.get())?;
                entries
                    .into_iter()
                    .map(|(key, value)| Ok((key, Node::from_raw(value)?)))
                    .collect::<Result<_, _>>()
                    .map(Node::Object)
            }
            Some(b'[') => {
                let items: Vec<Box<RawValue>> = serde_json::from_str(raw.get())?;
                items
                    .into_iter()
                    .map(Node::from_raw)
                    .collect::<Result<_, _>>()
                    .map(Node::Array)
            }
            _ => Ok(Node::Scalar(raw)),
        }
    }

    fn value(value: &Value) -> Option<Node> {
        serde_json::value::to_raw_value(value)
            .ok()
            .map(Node::Scalar)
    }

    /// A scalar's value (small: strings and numbers).
    fn as_value(&self) -> Option<Value> {
        match self {
            Node::Scalar(raw) => serde_json::from_str(raw.get()).ok(),
            _ => None,
        }
    }
}

impl Serialize for Node {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Node::Object(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (key, value) in entries {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
            Node::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Node::Scalar(raw) => raw.serialize(serializer),
        }
    }
}

#[derive(Default)]
struct Problems {
    unknown: Vec<String>,
    other: Vec<String>,
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

fn input(node: Node, schema: &Schema, path: &str, problems: &mut Problems) -> Node {
    match (schema, node) {
        (Schema::Structure(members), Node::Object(entries)) => {
            let mut out = Vec::with_capacity(entries.len());
            for (name, value) in entries {
                let here = join(path, &name);
                match members.iter().find(|m| m.name == name) {
                    Some(member) => {
                        out.push((
                            member.name.to_owned(),
                            input(value, member.schema, &here, problems),
                        ));
                    }
                    None => problems.unknown.push(here),
                }
            }
            for member in members.iter().filter(|m| m.required) {
                if !out.iter().any(|(name, _)| name == member.name) {
                    problems.other.push(format!(
                        "invalid input: missing required member {}",
                        join(path, member.name)
                    ));
                }
            }
            Node::Object(out)
        }
        (Schema::List(item), Node::Array(items)) => Node::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(index, v)| input(v, item, &format!("{path}[{index}]"), problems))
                .collect(),
        ),
        (Schema::Map(item), Node::Object(entries)) => Node::Object(
            entries
                .into_iter()
                .map(|(key, v)| {
                    let here = join(path, &key);
                    let v = input(v, item, &here, problems);
                    (key, v)
                })
                .collect(),
        ),
        (Schema::Timestamp(format), node) => {
            let Some(value) = node.as_value().filter(|v| !v.is_null()) else {
                // `null` (an unset member) or a structure: serde's to judge.
                return node;
            };
            match read_cli_timestamp(&value)
                .and_then(|time| write_serde_timestamp(time, *format))
                .and_then(|value| Node::value(&value))
            {
                Some(converted) => converted,
                None => {
                    problems.other.push(format!(
                        "invalid input at {path}: {value} is not a timestamp (an ISO 8601 \
                         string such as 2024-05-01T12:00:00Z, or seconds since the epoch)"
                    ));
                    node
                }
            }
        }
        // Anything else is serde's to judge (and name, see `member_path`).
        (_, node) => node,
    }
}

fn output(node: Node, schema: &Schema) -> Node {
    match (schema, node) {
        (Schema::Structure(members), Node::Object(entries)) => Node::Object(
            entries
                .into_iter()
                .map(
                    |(name, value)| match members.iter().find(|m| m.name == name) {
                        Some(member) => (name, output(value, member.schema)),
                        None => (name, value),
                    },
                )
                .collect(),
        ),
        (Schema::List(item), Node::Array(items)) => {
            Node::Array(items.into_iter().map(|v| output(v, item)).collect())
        }
        (Schema::Map(item), Node::Object(entries)) => Node::Object(
            entries
                .into_iter()
                .map(|(key, value)| (key, output(value, item)))
                .collect(),
        ),
        (Schema::Timestamp(format), node) => node
            .as_value()
            .and_then(|value| read_serde_timestamp(&value, *format))
            .and_then(|time| Node::value(&Value::String(time.to_string())))
            .unwrap_or(node),
        (_, node) => node,
    }
}

/// A timestamp as the AWS CLI takes it: an ISO 8601 date-time (with `Z`
/// or an offset; without one, UTC), a date alone (midnight UTC), or epoch
/// seconds as a number or a string.
fn read_cli_timestamp(value: &Value) -> Option<DateTime> {
    match value {
        Value::Number(_) => serde_json::from_value(value.clone()).ok(),
        Value::String(text) => {
            let text = text.trim();
            DateTime::parse(text, TimestampFormat::DateTime)
                .or_else(|_| DateTime::parse(text, TimestampFormat::EpochSeconds))
                .or_else(|_| DateTime::parse(&format!("{text}Z"), TimestampFormat::DateTime))
                .or_else(|_| {
                    DateTime::parse(&format!("{text}T00:00:00Z"), TimestampFormat::DateTime)
                })
                .ok()
        }
        _ => None,
    }
}

fn write_serde_timestamp(time: DateTime, format: TimestampFormat) -> Option<Value> {
    match format {
        TimestampFormat::EpochSeconds => serde_json::to_value(time).ok(),
        _ => time.format(format).ok().map(Value::String),
    }
}

fn read_serde_timestamp(value: &Value, format: TimestampFormat) -> Option<DateTime> {
    match (format, value) {
        (TimestampFormat::EpochSeconds, Value::Number(_)) => {
            serde_json::from_value(value.clone()).ok()
        }
        (_, Value::String(text)) => DateTime::parse(text, format).ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    static RULE: Schema = Schema::Structure(&[
        Member {
            name: "RuleName",
            required: true,
            schema: &Schema::Value,
        },
        Member {
            name: "Until",
            required: false,
            schema: &Schema::Timestamp(TimestampFormat::DateTime),
        },
    ]);
    static REQUEST: Schema = Schema::Structure(&[
        Member {
            name: "Name",
            required: true,
            schema: &Schema::Value,
        },
        Member {
            name: "ExpiresAt",
            required: false,
            schema: &Schema::Timestamp(TimestampFormat::EpochSeconds),
        },
        Member {
            name: "Rules",
            required: false,
            schema: &Schema::List(&RULE),
        },
        Member {
            name: "Tags",
            required: false,
            schema: &Schema::Map(&Schema::Value),
        },
    ]);

    fn to_serde(value: Value, schema: &Schema) -> Result<Value, String> {
        super::to_serde(&value.to_string(), schema).map(|text| serde_json::from_str(&text).unwrap())
    }

    fn from_serde(value: Value, schema: &Schema) -> Value {
        serde_json::from_str(&super::from_serde(&value.to_string(), schema).unwrap()).unwrap()
    }

    #[test]
    fn member_names_pass_through_and_timestamps_convert_both_ways() {
        let cli = json!({
            "Name": "g",
            "Rules": [{"RuleName": "r", "Until": "2024-05-01T12:00:00Z"}],
            "Tags": {"Name": "kept", "RuleName": "kept too"}
        });
        assert_eq!(to_serde(cli.clone(), &REQUEST).unwrap(), cli);
        let serde = json!({"Name": "g", "ExpiresAt": 1714564800, "Rules": [{"RuleName": "r"}]});
        assert_eq!(
            from_serde(serde, &REQUEST),
            json!({"Name": "g", "ExpiresAt": "2024-05-01T12:00:00Z", "Rules": [{"RuleName": "r"}]})
        );
    }

    #[test]
    fn timestamps_are_iso_8601_or_epoch_seconds() {
        for given in [
            json!("2024-05-01T12:00:00Z"),
            json!("2024-05-01T14:00:00+02:00"),
            json!("2024-05-01T12:00:00"),
            json!(1714564800),
            json!("1714564800"),
        ] {
            let serde = to_serde(json!({"Name": "g", "ExpiresAt": given}), &REQUEST).unwrap();
            assert_eq!(serde["ExpiresAt"], json!(1714564800), "{given}");
            assert_eq!(
                from_serde(serde, &REQUEST)["ExpiresAt"],
                "2024-05-01T12:00:00Z"
            );
        }
        let serde = to_serde(json!({"Name": "g", "ExpiresAt": "2024-05-01"}), &REQUEST).unwrap();
        assert_eq!(serde["ExpiresAt"], json!(1714521600));
        let serde = to_serde(json!({"Name": "g", "ExpiresAt": 1714564800.5}), &REQUEST).unwrap();
        assert_eq!(serde["ExpiresAt"], json!(1714564800.5));

        let error = to_serde(json!({"Name": "g", "ExpiresAt": "soon"}), &REQUEST).unwrap_err();
        assert!(error.contains("ExpiresAt"), "{error}");
        assert!(error.contains("not a timestamp"), "{error}");
    }

    #[test]
    fn unknown_and_missing_members_are_named_by_member_path() {
        let error = super::to_serde(
            r#"{"name": "g", "Rules": [{"RuleName": "r", "bogus": 1}]}"#,
            &REQUEST,
        )
        .unwrap_err();
        assert_eq!(error, "unknown member in input: name, Rules[0].bogus");

        let error =
            to_serde(json!({"Rules": [{"RuleName": "r", "Until": 0}]}), &REQUEST).unwrap_err();
        assert_eq!(error, "invalid input: missing required member Name");
    }

    #[test]
    fn numbers_keep_their_digits() {
        let text = r#"{"Name":"g","Tags":{"n":123456789012345678901234567890.5}}"#;
        let serde = super::to_serde(text, &REQUEST).unwrap();
        assert!(
            serde.contains("123456789012345678901234567890.5"),
            "{serde}"
        );
        let printed = super::from_serde(&serde, &REQUEST).unwrap();
        assert!(
            printed.contains("123456789012345678901234567890.5"),
            "{printed}"
        );
        assert!(printed.contains("\"Name\""), "{printed}");
    }
}
