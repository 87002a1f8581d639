//! The resolved service: what the emitters need and nothing of JSON.
//!
//! Rust names are computed here once (see [`names`]); the wire names stay
//! beside them. Collections are ordered (`BTreeMap`, or model order where
//! the wire depends on it) so that output is byte-identical run to run.

mod customize;
pub mod names;
mod protocol_tests;
mod resolve;

use std::collections::BTreeMap;

pub use protocol_tests::{ProtocolTests, RequestTest, ResponseTest, protocol_tests};
pub use resolve::resolve;

use crate::model::ShapeId;
pub use crate::model::jmespath;
pub use crate::model::trait_set::{
    AcceptorState, Binding, Deprecated, Document, Number, PathComparator, PathMatcher,
    TimestampFormat,
};
pub use crate::model::traits::{
    ClientContextParam, Http, Length, PathStep, Protocol, Range, RuleParamType, StaticValue, Xml,
    XmlNamespace,
};

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
    /// The wire protocol: the first the service declares that the
    /// generator supports.
    pub protocol: Protocol,
    /// `@awsQueryCompatible`: a JSON service that also sends the error
    /// codes of the query API it replaced.
    pub query_compatible: bool,
    /// `smithy.rules#endpointRuleSet` as compact JSON, when the model has one.
    pub endpoint_rule_set: Option<String>,
    /// `smithy.rules#clientContextParams` the rule set declares: endpoint
    /// parameters a client's config may set.
    pub client_context_params: Vec<ClientContextParam>,
    /// By Rust method name.
    pub operations: BTreeMap<String, Operation>,
    /// Structures (inputs and outputs included, errors not), by Rust name.
    pub structures: BTreeMap<String, Structure>,
    /// Error structures, by Rust name.
    pub errors: BTreeMap<String, Structure>,
    /// Enums, by Rust name.
    pub enums: BTreeMap<String, Enum>,
    /// Operations of the service left out of the client, with why (e.g.
    /// event streams), by shape id.
    pub skipped: Vec<Skipped>,
    /// `@pattern`s of input shapes that are not ECMAScript regular
    /// expressions (AWS models have a few written for Java's engine), by
    /// the shape or member that has them: not checked client-side.
    pub unchecked_patterns: BTreeMap<String, UncheckedPattern>,
    /// Smithy's protocol compliance cases for the service's protocol, when
    /// the generator was asked for them ([`protocol_tests`]).
    pub protocol_tests: Option<ProtocolTests>,
    /// Headers (name, value) every request carries unless a member sets
    /// them: customizations the model does not say (see `customize`).
    pub request_headers: Vec<(String, String)>,
    /// What the customizations applied do, one sentence each, for the docs.
    pub customizations: Vec<String>,
    /// The shapes reached that have no Rust type of their own (strings,
    /// numbers, lists, maps, ...), by shape id: what they declare, for a
    /// comparison of two models (`diff`).
    pub inline_shapes: BTreeMap<ShapeId, InlineShape>,
}

impl Service {
    /// Whether `name` is a deprecated structure, union or enum (a Rust item
    /// with `#[deprecated]`).
    pub fn is_deprecated_type(&self, name: &str) -> bool {
        self.structures
            .get(name)
            .or_else(|| self.errors.get(name))
            .map(|s| s.deprecated.is_some())
            .or_else(|| self.enums.get(name).map(|e| e.deprecated.is_some()))
            .unwrap_or(false)
    }

    /// Whether the Rust type of `ty` names a deprecated item.
    pub fn type_is_deprecated(&self, ty: &Type) -> bool {
        match &ty.kind {
            TypeKind::List { member, .. } => self.type_is_deprecated(member),
            TypeKind::Map { key, value, .. } => {
                self.type_is_deprecated(key) || self.type_is_deprecated(value)
            }
            TypeKind::Structure(name) | TypeKind::Enum(name) | TypeKind::IntEnum(name) => {
                self.is_deprecated_type(name)
            }
            _ => false,
        }
    }

    /// Whether code that names structure `name` or touches its fields uses
    /// something deprecated: the structure itself, one of its fields, or a
    /// field's type. Such code gets a targeted `#[allow(deprecated)]`:
    /// generated code must not warn about what the model deprecates.
    pub fn touches_deprecated(&self, name: &str) -> bool {
        let Some(s) = self.structures.get(name).or_else(|| self.errors.get(name)) else {
            return self.is_deprecated_type(name);
        };
        s.deprecated.is_some()
            || s.members
                .iter()
                .any(|f| f.deprecated.is_some() || self.type_is_deprecated(&f.ty))
    }
}

/// An operation the generated client leaves out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The model's name of the operation.
    pub operation: String,
    /// Why, e.g. `event stream`.
    pub reason: String,
}

/// A `@pattern` validation leaves to the service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UncheckedPattern {
    pub pattern: String,
    /// What the regular expression parser said.
    pub problem: String,
}

impl Deprecated {
    /// The text of `#[deprecated(note = ...)]`: the message, with `since`
    /// folded in (Rust's own `since` wants a semantic version, which
    /// models rarely give), or `None` when the trait says neither.
    pub fn note(&self) -> Option<String> {
        match (&self.message, &self.since) {
            (Some(message), Some(since)) => Some(format!("{message} (deprecated since {since})")),
            (Some(message), None) => Some(message.clone()),
            (None, Some(since)) => Some(format!("deprecated since {since}")),
            (None, None) => None,
        }
    }
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
    pub deprecated: Option<Deprecated>,
    /// The `paginated` trait, for operations that have it.
    pub paginated: Option<Paginated>,
    /// The `smithy.waiters#waitable` trait's waiters, in name order.
    pub waiters: Vec<Waiter>,
    /// Labels (by name) sent as this value when their member is unset or
    /// empty: a customization (Glacier's `accountId`).
    pub label_defaults: BTreeMap<String, String>,
    /// Whether the request gets Glacier's SHA-256 and tree-hash headers of
    /// its body: a customization.
    pub glacier_checksums: bool,
    /// `@requestCompression` lists `gzip`, the one encoding the runtime
    /// applies: the body is gzipped when large enough.
    pub compress_request: bool,
    /// `@requestCompression`'s encodings (lowercased), when the operation
    /// has the trait.
    pub request_compression: Option<Vec<String>>,
    /// `@httpChecksumRequired`: the request carries `Content-MD5`.
    pub checksum_required: bool,
    /// What the operation adds to endpoint resolution.
    pub endpoint: OperationEndpoint,
}

/// An operation's endpoint parameters (only those the rule set declares)
/// and host prefix.
#[derive(Debug, Clone, Default)]
pub struct OperationEndpoint {
    /// `@endpoint(hostPrefix)`, empty without one.
    pub host_prefix: Vec<HostPart>,
    /// `staticContextParams`: parameter name to value.
    pub static_params: Vec<(String, StaticValue)>,
    /// `@contextParam` members of the input.
    pub member_params: Vec<MemberParam>,
    /// `operationContextParams`.
    pub path_params: Vec<PathParam>,
    /// A string member of the input whose value, when set, is the URL the
    /// request is sent to instead of the resolved endpoint's: a
    /// customization (Machine Learning's `Predict`, see `customize`).
    pub url_member: Option<FieldStep>,
}

impl OperationEndpoint {
    /// Whether the operation leaves its endpoint as the client resolves it.
    pub fn is_empty(&self) -> bool {
        self.host_prefix.is_empty()
            && self.static_params.is_empty()
            && self.member_params.is_empty()
            && self.path_params.is_empty()
            && self.url_member.is_none()
    }
}

/// A piece of a host prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostPart {
    Literal(String),
    /// A `@hostLabel` member of the input: a string.
    Label(FieldStep),
}

/// A rule-set parameter bound to a top-level input member.
#[derive(Debug, Clone)]
pub struct MemberParam {
    pub param: String,
    pub field: FieldStep,
    /// `@required`: a string must not be blank.
    pub required: bool,
    pub kind: ParamValueKind,
}

/// How a member's value becomes a parameter value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamValueKind {
    /// A `String` field.
    String,
    /// An enum field (`as_str()`).
    Enum,
    Bool,
    /// A list of strings or enums.
    Strings,
}

/// A rule-set parameter bound to a path into the input.
#[derive(Debug, Clone)]
pub struct PathParam {
    pub param: String,
    /// The path as the model writes it, for docs.
    pub text: String,
    /// Members named by their model names (the keys of the input's serde, which the runtime reads).
    pub steps: Vec<PathStep>,
    pub keys: bool,
}

/// An operation's `paginated` trait, merged with the service's defaults,
/// its member paths resolved to Rust fields.
#[derive(Debug, Clone)]
pub struct Paginated {
    /// The paginator's client method, e.g. `list_images_paginator`.
    pub fn_name: String,
    /// The input member that carries the continuation token (an optional
    /// member, not boxed).
    pub input_token: FieldStep,
    /// The path to the output member that holds the next token.
    pub output_token: Vec<FieldStep>,
    /// The tokens' type (the input token's; the output token's has the same
    /// Rust type): a string for almost every operation, a map for
    /// DynamoDB's `Query` and `Scan`.
    pub token: Type,
    /// The input member that sets the page size.
    pub page_size: Option<FieldStep>,
    /// The output's list or map of items, if the model names one.
    pub items: Option<PageItems>,
}

/// A waiter of an operation: a `wait_until_*` client method that polls it.
#[derive(Debug, Clone)]
pub struct Waiter {
    /// The model's name, e.g. `TableExists`.
    pub name: String,
    /// The client method, e.g. `wait_until_table_exists`.
    pub fn_name: String,
    /// The waiter's `documentation` (CommonMark).
    pub docs: Option<String>,
    /// Seconds.
    pub min_delay: u64,
    /// Seconds.
    pub max_delay: u64,
    /// The waiter's `deprecated`.
    pub deprecated: bool,
    /// In the model's order.
    pub acceptors: Vec<Acceptor>,
}

/// An acceptor of a [`Waiter`].
#[derive(Debug, Clone)]
pub struct Acceptor {
    pub state: AcceptorState,
    pub matcher: Matcher,
}

/// When an [`Acceptor`] applies.
#[derive(Debug, Clone)]
pub enum Matcher {
    Output(PathMatcher),
    InputOutput(PathMatcher),
    Success(bool),
    /// The error codes that match: the `errorType` as written (its shape
    /// name, for an absolute id), and the codes the protocol sends for the
    /// operation's error of that name when they differ (`@awsQueryError`).
    ErrorType(Vec<String>),
}

/// One member of a member path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldStep {
    /// The model's member name.
    pub wire_name: String,
    /// The Rust field.
    pub rust_name: String,
    /// Whether the Rust field is an `Option`.
    pub optional: bool,
    /// Whether the Rust field holds a `Box`.
    pub boxed: bool,
}

/// Where a paginated operation's items are.
#[derive(Debug, Clone)]
pub struct PageItems {
    /// The path to the output member.
    pub path: Vec<FieldStep>,
    /// Its type: a list (items are its members) or a map (items are
    /// key-value pairs).
    pub ty: Type,
}

/// A piece of a URI pattern's path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UriPart {
    /// Text sent as written, e.g. `/images/`.
    Literal(String),
    /// `{name}` (or greedy `{name+}`, which keeps slashes).
    Label { name: String, greedy: bool },
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
    /// A union: a Rust enum with a variant per member (the members are
    /// never `optional`), plus `Unknown`.
    pub is_union: bool,
    /// `@sensitive` on the shape itself: every field is redacted in `Debug`.
    pub sensitive: bool,
    pub deprecated: Option<Deprecated>,
}

impl Structure {
    /// Whether `Debug` must be written by hand to redact something.
    pub fn redacts(&self) -> bool {
        self.sensitive || self.members.iter().any(|f| f.sensitive)
    }
}

/// The `error` and `httpError` traits.
#[derive(Debug, Clone)]
pub struct ErrorInfo {
    /// The code the service sends: the shape's name, or for the query
    /// protocols the `@awsQueryError` code.
    pub code: String,
    /// Another code that means this error: a query-compatible service's
    /// `@awsQueryError` code, which its `x-amzn-query-error` header carries.
    pub alias: Option<String>,
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
    /// `@clientOptional`: an unset member with a default is not sent as it.
    pub client_optional: bool,
    /// `@hostLabel`: the member goes into the endpoint's host.
    pub host_label: bool,
    /// `@contextParam`: the endpoint rule parameter the member sets, as the
    /// model names it (whether or not the rule set declares it).
    pub context_param: Option<String>,
    /// What the member itself declares, before its target's.
    pub declared: Declared,
    /// Boxed to break a cycle of structures.
    pub boxed: bool,
    /// Where it travels when the structure is an operation's input or
    /// output (elsewhere members are always in the body).
    pub binding: Binding,
    /// `@sensitive` on the member, its target, or the members of the lists
    /// and maps it holds: redacted in `Debug`.
    pub sensitive: bool,
    pub deprecated: Option<Deprecated>,
    /// The model's `default` value, when it is one the generator can write
    /// for the member's type: the builder fills it in for a required member
    /// left unset, and for a [`wire_default`](Self::wire_default) member the
    /// JSON body has it.
    pub default: Option<DefaultValue>,
    /// Whether an unset (`None`) value of this `default`ed member is sent as
    /// its default, and a missing (or `null`) one read as `Some(default)`:
    /// members of the JSON body, without `@clientOptional`, outside
    /// operation inputs (whose members Smithy treats as client-optional,
    /// see `Resolver::structure`).
    pub wire_default: bool,
}

/// A `smithy.api#default` value the generator can write as Rust.
#[derive(Debug, Clone, PartialEq)]
pub enum DefaultValue {
    Bool(bool),
    /// For integers, intEnums, floats, big numbers and timestamps (epoch
    /// seconds).
    Number(Number),
    /// For strings and enums.
    String(String),
    /// For blobs: the bytes the model's base64 text stands for.
    Blob(Vec<u8>),
    /// For documents: any value but `null`.
    Document(Document),
    /// `[]` or `{}`.
    Empty,
}

/// A resolved member type with the constraints of its target (and of the
/// member, which win).
#[derive(Debug, Clone)]
pub struct Type {
    pub target: ShapeId,
    pub kind: TypeKind,
    pub constraints: Constraints,
    /// The target's `@mediaType` (strings and blobs).
    pub media_type: Option<String>,
    /// The target's `@streaming` (a blob sent or received as the body).
    pub streaming: bool,
    /// The XML traits of the member resolved to this type (a structure's
    /// member, or a list's or map's `member`, `key` and `value`), which the
    /// query protocols read.
    pub xml: Xml,
}

impl Type {
    /// Whether one of its constraints is one validation checks for a value
    /// of this kind (see [`checked`](Self::checked)).
    pub fn checks_constraints(&self) -> bool {
        let c = &self.constraints;
        let checked = self.checked();
        (c.length.is_some() && checked.length)
            || (c.pattern.is_some() && checked.pattern)
            || (c.range.is_some() && checked.range)
    }

    /// Which constraints validation checks for a value of this kind:
    /// `length` of strings, blobs, lists and maps, `pattern` of strings,
    /// `range` of numbers. (Models also put them on enums, whose unknown
    /// values a client should not judge.)
    pub fn checked(&self) -> Checked {
        Checked {
            length: matches!(
                self.kind,
                TypeKind::String | TypeKind::Blob | TypeKind::List { .. } | TypeKind::Map { .. }
            ),
            pattern: matches!(self.kind, TypeKind::String),
            range: matches!(
                self.kind,
                TypeKind::Byte
                    | TypeKind::Short
                    | TypeKind::Integer
                    | TypeKind::Long
                    | TypeKind::Float
                    | TypeKind::Double
            ),
        }
    }
}

/// Which constraints client-side validation checks for a type.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Checked {
    pub length: bool,
    pub pattern: bool,
    pub range: bool,
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
    /// With the member's (else the target's) `@timestampFormat`; without
    /// one, each place has its own default.
    Timestamp(Option<TimestampFormat>),
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
    /// A generated structure or union (by Rust name).
    Structure(String),
    /// A generated enum (by Rust name).
    Enum(String),
    /// A generated `intEnum` (by Rust name).
    IntEnum(String),
    /// `smithy.api#Unit`, which only a union member may target: a variant
    /// without a value (`{"name": {}}` in JSON).
    Unit,
}

impl Type {
    /// Whether validating a value of this type checks anything.
    pub fn needs_validation(&self, service: &Service) -> bool {
        if self.checks_constraints() {
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
    /// An `intEnum`: the variants have a `number`.
    pub int: bool,
    pub deprecated: Option<Deprecated>,
    /// How the chosen operations use it.
    pub usage: Usage,
    /// The constraints the shape declares (validation ignores them).
    pub constraints: Constraints,
    /// `@sensitive` on the shape itself.
    pub sensitive: bool,
}

/// One known value of an enum.
#[derive(Debug, Clone)]
pub struct Variant {
    pub rust_name: String,
    /// The wire value (for an `intEnum`, the number as text).
    pub value: String,
    /// The value of an `intEnum` variant.
    pub number: Option<i32>,
    pub docs: Option<String>,
}

/// What a shape or member declares itself, before anything it inherits
/// from its target: where a comparison of two models (`diff`) reports a
/// change.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Declared {
    /// Its own `documentation` (HTML), without the target's.
    pub docs: Option<String>,
    /// Its own `length`, `pattern` and `range`, as written (a pattern that
    /// is not an ECMAScript regular expression is kept).
    pub constraints: Constraints,
    /// Its own `@timestampFormat`.
    pub timestamp_format: Option<TimestampFormat>,
    /// Its own `@sensitive`.
    pub sensitive: bool,
}

/// A shape reached that has no Rust type of its own: a string, number,
/// blob, timestamp, document, list or map, inlined into the fields that
/// hold it.
#[derive(Debug, Clone)]
pub struct InlineShape {
    pub id: ShapeId,
    /// The type of a member that targets it and declares nothing itself.
    pub ty: Type,
    pub declared: Declared,
    pub deprecated: Option<Deprecated>,
    /// How the chosen operations use it.
    pub usage: Usage,
    /// A list's `member`, a map's `key` and `value`, in that order (the
    /// order of the elements of [`TypeKind::List`] and [`TypeKind::Map`]).
    pub members: Vec<Element>,
}

/// A member of a list or map.
#[derive(Debug, Clone)]
pub struct Element {
    /// `member`, `key` or `value`.
    pub name: String,
    pub declared: Declared,
    /// Its XML traits (`@xmlName` of a list's member, a map's key or value).
    pub xml: Xml,
}
