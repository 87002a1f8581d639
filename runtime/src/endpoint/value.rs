//! Run-time values of the rules engine.

use std::collections::BTreeMap;

/// A value produced or consumed while evaluating a rule set.
///
/// Parameters are strings, booleans or string arrays; library functions also
/// return records (the parsed URL of `parseURL`, the ARN of `aws.parseArn`,
/// the partition of `aws.partition`) and integers appear as literal arguments
/// (`substring`). [`Value::None`] is the "unset" value: an unset parameter, an
/// optional function result that is absent, or an out-of-range array index.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Value {
    /// No value (an unset optional).
    #[default]
    None,
    /// A boolean.
    Bool(bool),
    /// A string.
    String(String),
    /// An integer (only literal arguments such as `substring`'s indices).
    Int(i64),
    /// An array (a `StringArray` parameter, an ARN's `resourceId`).
    Array(Vec<Value>),
    /// A record with named fields.
    Record(BTreeMap<String, Value>),
}

impl Value {
    /// Whether this is [`Value::None`].
    pub fn is_none(&self) -> bool {
        matches!(self, Value::None)
    }

    /// The string, if this is a [`Value::String`].
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The boolean, if this is a [`Value::Bool`].
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The field `name` of a record (`None` if this is not a record or the
    /// field is absent).
    pub fn field(&self, name: &str) -> Option<&Value> {
        match self {
            Value::Record(map) => map.get(name),
            _ => None,
        }
    }

    /// A short name of the value's type, for error messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::None => "none",
            Value::Bool(_) => "boolean",
            Value::String(_) => "string",
            Value::Int(_) => "integer",
            Value::Array(_) => "array",
            Value::Record(_) => "record",
        }
    }

    /// Whether a condition whose function returned this value holds: every
    /// value except `false` and [`Value::None`] is truthy.
    pub fn is_truthy(&self) -> bool {
        !matches!(self, Value::None | Value::Bool(false))
    }

    /// Converts to JSON (`None` becomes `null`, records become objects).
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Value::None => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::String(s) => serde_json::Value::String(s.clone()),
            Value::Int(i) => serde_json::Value::from(*i),
            Value::Array(items) => {
                serde_json::Value::Array(items.iter().map(Value::to_json).collect())
            }
            Value::Record(map) => serde_json::Value::Object(
                map.iter().map(|(k, v)| (k.clone(), v.to_json())).collect(),
            ),
        }
    }

    /// Converts from JSON: `null` is [`Value::None`], integers are
    /// [`Value::Int`], objects are records. Returns `None` for numbers that
    /// are not 64-bit integers.
    pub fn from_json(json: &serde_json::Value) -> Option<Value> {
        Some(match json {
            serde_json::Value::Null => Value::None,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::String(s) => Value::String(s.clone()),
            serde_json::Value::Number(n) => Value::Int(n.as_i64()?),
            serde_json::Value::Array(items) => Value::Array(
                items
                    .iter()
                    .map(Value::from_json)
                    .collect::<Option<Vec<_>>>()?,
            ),
            serde_json::Value::Object(map) => Value::Record(
                map.iter()
                    .map(|(k, v)| Some((k.clone(), Value::from_json(v)?)))
                    .collect::<Option<BTreeMap<_, _>>>()?,
            ),
        })
    }
}

impl Value {
    /// A string array (a `StringArray` parameter) of `items`.
    pub fn strings<I, S>(items: I) -> Value
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        Value::Array(
            items
                .into_iter()
                .map(|s| Value::String(s.as_ref().to_owned()))
                .collect(),
        )
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(s.to_owned())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::String(s)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}
