//! A static description of a service's shapes, for the protocols whose wire
//! form cannot be derived from the generated types' serde, which uses the
//! model's member names: the AWS query protocols (see
//! [`protocol::query`](crate::protocol::query)) and restJson1 bodies with
//! `@jsonName`s (see [`protocol::json::to_json_renamed`](crate::protocol::json::to_json_renamed)).
//!
//! Generated code writes one `static` per shape, referring to the others by
//! address, so recursive shapes need no indirection:
//!
//! ```
//! use smithy_runtime::schema::{Member, Schema};
//!
//! // structure Node { name: String, next: Node }
//! static NODE: Schema = Schema::Structure(&[
//!     Member::new("name", &Schema::String),
//!     Member::new("next", &NODE).xml_name("Next"),
//! ]);
//! # let _ = &NODE;
//! ```
//!
//! Values travel in the serde form of the generated types (see
//! [`Schema`]); the protocol code turns that form into the wire's and back.

use crate::types::TimestampFormat;

/// A generated type whose wire form a [`Schema`] describes: the query
/// protocols' clients implement it for their modeled errors, so that one
/// generic reader ([`protocol::query::error_body`](crate::protocol::query::error_body))
/// serves them all.
pub trait HasSchema {
    /// The type's structure.
    const SCHEMA: &'static Schema;
}

/// A shape: what its value is in the types' serde form, and what the wire
/// needs to know to write and read it.
#[derive(Debug)]
pub enum Schema {
    /// `boolean`: a JSON boolean.
    Boolean,
    /// `byte`, `short`, `integer`, `long` and `intEnum`: a JSON integer.
    Integer,
    /// `float` and `double`: a JSON number, or `"NaN"`, `"Infinity"`,
    /// `"-Infinity"`.
    Float,
    /// `bigInteger`: a JSON number token of any length (or a string holding
    /// one).
    BigInteger,
    /// `bigDecimal`: a JSON number token of any length (or a string holding
    /// one).
    BigDecimal,
    /// `string` and `enum`: a JSON string.
    String,
    /// `blob`: a base64 JSON string.
    Blob,
    /// `timestamp`, in the format the types' serde uses (a number for
    /// `epoch-seconds`, else a string). The wire's format is the member's
    /// ([`Member::timestamp_format`]).
    Timestamp(TimestampFormat),
    /// `document`: any JSON.
    Document,
    /// `list` and `set`: a JSON array.
    List(&'static ListSchema),
    /// `map`: a JSON object keyed by the map's keys.
    Map(&'static MapSchema),
    /// `structure`: a JSON object keyed by member name.
    Structure(&'static [Member]),
    /// `union`: a JSON object with one member.
    Union(&'static [Member]),
}

/// A list's member.
#[derive(Debug)]
pub struct ListSchema {
    /// The member's shape.
    pub member: &'static Schema,
    /// `@xmlName` on the list's member (`member` when absent).
    pub member_name: Option<&'static str>,
    /// `@timestampFormat` on the list's member, else on the shape it
    /// targets, for a list of timestamps (the wire's format; `date-time`
    /// when absent).
    pub timestamp_format: Option<TimestampFormat>,
}

impl ListSchema {
    /// A list of `member`, with no traits.
    pub const fn new(member: &'static Schema) -> Self {
        Self {
            member,
            member_name: None,
            timestamp_format: None,
        }
    }

    /// With `@xmlName(name)` on the member.
    #[must_use]
    pub const fn member_name(mut self, name: &'static str) -> Self {
        self.member_name = Some(name);
        self
    }

    /// With `@timestampFormat(format)` on the member (or its target).
    #[must_use]
    pub const fn timestamp_format(mut self, format: TimestampFormat) -> Self {
        self.timestamp_format = Some(format);
        self
    }
}

/// A map's key and value (keys are strings).
#[derive(Debug)]
pub struct MapSchema {
    /// The value's shape.
    pub value: &'static Schema,
    /// `@xmlName` on the map's key (`key` when absent).
    pub key_name: Option<&'static str>,
    /// `@xmlName` on the map's value (`value` when absent).
    pub value_name: Option<&'static str>,
    /// `@timestampFormat` on the map's value, else on the shape it
    /// targets, for a map of timestamps (the wire's format; `date-time`
    /// when absent).
    pub timestamp_format: Option<TimestampFormat>,
}

impl MapSchema {
    /// A map to `value`, with no traits.
    pub const fn new(value: &'static Schema) -> Self {
        Self {
            value,
            key_name: None,
            value_name: None,
            timestamp_format: None,
        }
    }

    /// With `@xmlName(name)` on the key.
    #[must_use]
    pub const fn key_name(mut self, name: &'static str) -> Self {
        self.key_name = Some(name);
        self
    }

    /// With `@xmlName(name)` on the value.
    #[must_use]
    pub const fn value_name(mut self, name: &'static str) -> Self {
        self.value_name = Some(name);
        self
    }

    /// With `@timestampFormat(format)` on the value (or its target).
    #[must_use]
    pub const fn timestamp_format(mut self, format: TimestampFormat) -> Self {
        self.timestamp_format = Some(format);
        self
    }
}

/// A member of a structure or union.
#[derive(Debug)]
pub struct Member {
    /// The model's member name: the key of the types' serde.
    pub name: &'static str,
    /// `@jsonName`: restJson1's key for the member.
    pub json_name: Option<&'static str>,
    /// `@xmlName`.
    pub xml_name: Option<&'static str>,
    /// `@ec2QueryName`.
    pub ec2_query_name: Option<&'static str>,
    /// `@xmlFlattened`.
    pub flattened: bool,
    /// `@xmlAttribute`.
    pub attribute: bool,
    /// `@timestampFormat` on the member, else on the shape it targets: the
    /// wire's format (`date-time` when absent in the query protocols).
    pub timestamp_format: Option<TimestampFormat>,
    /// The shape it targets.
    pub schema: &'static Schema,
}

impl Member {
    /// A member `name` of shape `schema`, with no traits.
    pub const fn new(name: &'static str, schema: &'static Schema) -> Self {
        Self {
            name,
            json_name: None,
            xml_name: None,
            ec2_query_name: None,
            flattened: false,
            attribute: false,
            timestamp_format: None,
            schema,
        }
    }

    /// With `@jsonName(name)`.
    #[must_use]
    pub const fn json_name(mut self, name: &'static str) -> Self {
        self.json_name = Some(name);
        self
    }

    /// With `@xmlName(name)`.
    #[must_use]
    pub const fn xml_name(mut self, name: &'static str) -> Self {
        self.xml_name = Some(name);
        self
    }

    /// With `@ec2QueryName(name)`.
    #[must_use]
    pub const fn ec2_query_name(mut self, name: &'static str) -> Self {
        self.ec2_query_name = Some(name);
        self
    }

    /// With `@xmlFlattened`.
    #[must_use]
    pub const fn flattened(mut self) -> Self {
        self.flattened = true;
        self
    }

    /// With `@xmlAttribute`.
    #[must_use]
    pub const fn attribute(mut self) -> Self {
        self.attribute = true;
        self
    }

    /// With `@timestampFormat(format)`.
    #[must_use]
    pub const fn timestamp_format(mut self, format: TimestampFormat) -> Self {
        self.timestamp_format = Some(format);
        self
    }

    /// The key in a restJson1 body: `@jsonName`, else the member name.
    pub fn json_key(&self) -> &'static str {
        self.json_name.unwrap_or(self.name)
    }

    /// The element (or attribute) name in XML: `@xmlName`, else the
    /// member name.
    pub fn xml_element_name(&self) -> &'static str {
        self.xml_name.unwrap_or(self.name)
    }
}
