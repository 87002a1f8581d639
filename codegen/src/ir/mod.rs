//! The resolved service: what the emitters need and nothing of JSON.
//!
//! Rust names are computed here once (see [`names`]); the wire names stay
//! beside them. Collections are ordered (`BTreeMap`, or model order where
//! the wire depends on it) so that output is byte-identical run to run.

pub mod names;
mod resolve;

use std::collections::BTreeMap;

pub use resolve::resolve;

use crate::model::ShapeId;
pub use crate::model::traits::{Http, Length, Range};

/// One service and the part of the model the chosen operations reach.
#[derive(Debug, Clone)]
pub struct Service {
    pub id: ShapeId,
    /// `smithy.api#title`, else the sdkId.
    pub title: String,
    /// `aws.api#service` sdkId, else the shape name.
    pub sdk_id: String,
    pub version: String,
    /// HTML, as the model has it.
    pub docs: Option<String>,
    /// The host prefix of the classic endpoint scheme.
    pub endpoint_prefix: String,
    /// The SigV4 signing name.
    pub signing_name: String,
    /// `smithy.rules#endpointRuleSet` as compact JSON, when the model has one.
    pub endpoint_rule_set: Option<String>,
    /// By Rust method name.
    pub operations: BTreeMap<String, Operation>,
    /// Structures (inputs and outputs included, errors not), by Rust name.
    pub structures: BTreeMap<String, Structure>,
    /// Error structures, by Rust name.
    pub errors: BTreeMap<String, Structure>,
    /// Enums, by Rust name.
    pub enums: BTreeMap<String, Enum>,
}

/// An operation of the service.
#[derive(Debug, Clone)]
pub struct Operation {
    pub id: ShapeId,
    /// The model's name, e.g. `UpdateInfrastructureConfiguration`.
    pub name: String,
    /// The client method, e.g. `update_infrastructure_configuration`.
    pub fn_name: String,
    /// The error enum, e.g. `UpdateInfrastructureConfigurationError`.
    pub error_name: String,
    pub docs: Option<String>,
    pub http: Http,
    /// The `http` trait's URI pattern, its path split into literal parts
    /// and labels.
    pub path: Vec<UriPart>,
    /// The pattern's constant query string (after `?`), if any.
    pub query_literal: Option<String>,
    /// The input structure's Rust name; `None` for `smithy.api#Unit`.
    pub input: Option<String>,
    /// The output structure's Rust name; `None` for `smithy.api#Unit`.
    pub output: Option<String>,
    /// Rust names of the error structures, in model order.
    pub errors: Vec<String>,
}

/// A piece of a URI pattern's path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UriPart {
    /// Text sent as written, e.g. `/images/`.
    Literal(String),
    /// `{name}` (or greedy `{name+}`, which keeps slashes).
    Label { name: String, greedy: bool },
}

/// Where a member of an operation's input or output travels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Binding {
    /// In the JSON body (the default).
    Body,
    /// In the URI path (`httpLabel`).
    Label,
    /// In the query string under this name (`httpQuery`).
    Query(String),
    /// A map spread over the query string (`httpQueryParams`).
    QueryParams,
    /// In this header (`httpHeader`).
    Header(String),
    /// A map over the headers starting with this prefix (`httpPrefixHeaders`).
    PrefixHeaders(String),
    /// The whole body (`httpPayload`).
    Payload,
    /// The response's status code (`httpResponseCode`).
    ResponseCode,
}

/// What a structure is used for; decides optionality and which impls it
/// gets.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    /// Reachable from an operation input: gets a builder and validation.
    pub input: bool,
    /// Reachable from an output or error: every member is optional.
    pub output: bool,
}

/// A structure.
#[derive(Debug, Clone)]
pub struct Structure {
    pub id: ShapeId,
    pub name: String,
    pub docs: Option<String>,
    pub members: Vec<Field>,
    pub usage: Usage,
    /// Whether some member has constraints to check (directly or through
    /// the shapes it holds); only input structures are checked.
    pub validated: bool,
    /// For error structures: the `error` fault and HTTP status.
    pub error: Option<ErrorInfo>,
}

/// The `error` and `httpError` traits.
#[derive(Debug, Clone)]
pub struct ErrorInfo {
    /// The code the service sends (the shape's name).
    pub code: String,
    /// `true` for `server` faults.
    pub server: bool,
    pub status: Option<u16>,
}

/// A member of a structure.
#[derive(Debug, Clone)]
pub struct Field {
    /// The model's member name.
    pub wire_name: String,
    /// The JSON key: `jsonName`, else the member name.
    pub json_name: String,
    pub rust_name: String,
    pub docs: Option<String>,
    pub ty: Type,
    /// `@required` in the model.
    pub required: bool,
    /// Whether the Rust field is an `Option` (see [`Usage`]).
    pub optional: bool,
    /// `@idempotencyToken`: filled with a fresh token when not set.
    pub idempotency_token: bool,
    /// Boxed to break a cycle of structures.
    pub boxed: bool,
    /// Where it travels when the structure is an operation's input or
    /// output (elsewhere members are always in the body).
    pub binding: Binding,
}

/// A resolved member type with the constraints of its target (and of the
/// member, which win).
#[derive(Debug, Clone)]
pub struct Type {
    pub target: ShapeId,
    pub kind: TypeKind,
    pub constraints: Constraints,
}

/// Constraint traits that client-side validation checks.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    pub length: Option<Length>,
    pub pattern: Option<String>,
    pub range: Option<Range>,
}

impl Constraints {
    /// Whether there is nothing to check.
    pub fn is_empty(&self) -> bool {
        self.length.is_none() && self.pattern.is_none() && self.range.is_none()
    }
}

/// The Rust shape of a type.
#[derive(Debug, Clone)]
pub enum TypeKind {
    String,
    Bool,
    Byte,
    Short,
    Integer,
    Long,
    Float,
    Double,
    BigInteger,
    BigDecimal,
    Blob,
    Timestamp,
    Document,
    List {
        member: Box<Type>,
        sparse: bool,
    },
    Map {
        key: Box<Type>,
        value: Box<Type>,
        sparse: bool,
    },
    /// A generated structure (by Rust name).
    Structure(String),
    /// A generated enum (by Rust name).
    Enum(String),
}

impl Type {
    /// Whether validating a value of this type checks anything.
    pub fn needs_validation(&self, service: &Service) -> bool {
        if !self.constraints.is_empty() {
            return true;
        }
        match &self.kind {
            TypeKind::List { member, .. } => member.needs_validation(service),
            TypeKind::Map { key, value, .. } => {
                key.needs_validation(service) || value.needs_validation(service)
            }
            TypeKind::Structure(name) => service
                .structures
                .get(name)
                .is_some_and(|s| s.usage.input && s.validated),
            _ => false,
        }
    }
}

/// An enum shape (or a string with the `enum` trait).
#[derive(Debug, Clone)]
pub struct Enum {
    pub id: ShapeId,
    pub name: String,
    pub docs: Option<String>,
    pub variants: Vec<Variant>,
}

/// One known value of an enum.
#[derive(Debug, Clone)]
pub struct Variant {
    pub rust_name: String,
    pub value: String,
    pub docs: Option<String>,
}
