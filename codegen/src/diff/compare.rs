//! The comparison: both models are walked from the compared operations
//! (as the generator walks them), and every operation and reached shape is
//! compared member by member.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::{Change, ChangeKind, Options, Report, Scope, Severity};
use crate::error::{Error, Location, Result};
use crate::ir::Usage;
use crate::ir::names;
use crate::model::traits::{self, Length, Range};
use crate::model::{Model, Shape, ShapeId, ShapeKind, Traits, UNIT};

const ENUM_TRAIT: &str = "smithy.api#enum";
const PAGINATED: &str = "smithy.api#paginated";

/// Traits the generator reads that this module has no dedicated kind for:
/// (trait, changes the wire, why the Rust API is not broken).
const OTHER_TRAITS: &[(&str, bool, &str)] = &[
    (
        traits::DEPRECATED,
        false,
        "`#[deprecated]` is added, removed or reworded: uses may warn (or stop warning), nothing stops compiling",
    ),
    (
        traits::SENSITIVE,
        false,
        "only what `Debug` prints changes (redacted or not)",
    ),
    (
        traits::IDEMPOTENCY_TOKEN,
        false,
        "only whether the builder fills the member with a fresh token when it is unset changes; the setter and the field stay",
    ),
    (
        traits::DEFAULT,
        true,
        "the value an unset member of a JSON body is sent as (and a missing one read as), and the one the builder gives an unset required member, change; the setter and the field stay",
    ),
    (
        traits::CLIENT_OPTIONAL,
        true,
        "whether an unset member with a default is sent as its default (and a missing one read as it) changes; the field stays an `Option`",
    ),
    (
        traits::ERROR,
        false,
        "client or server fault: the error's Rust type is unchanged",
    ),
    (
        traits::HTTP_ERROR,
        true,
        "the error's HTTP status changes; errors are told apart by their code, the Rust API is unchanged",
    ),
    (
        traits::MEDIA_TYPE,
        true,
        "the Content-Type sent or expected changes; the Rust type is unchanged",
    ),
    (
        traits::REQUEST_COMPRESSION,
        true,
        "whether the client gzips the request body changes; the Rust API is unchanged",
    ),
    (
        traits::HTTP_CHECKSUM_REQUIRED,
        true,
        "whether the client sends Content-MD5 changes; the Rust API is unchanged",
    ),
    (
        traits::STREAMING,
        true,
        "a streaming payload is buffered like any other, so the Rust type is unchanged; how the body is sent is not",
    ),
    (
        traits::ENDPOINT,
        true,
        "the host prefix of the operation's endpoint changes; the Rust API is unchanged",
    ),
    (
        traits::HOST_LABEL,
        true,
        "whether the member goes into the endpoint's host changes; the Rust API is unchanged",
    ),
    (
        traits::CONTEXT_PARAM,
        true,
        "which endpoint rule parameter the member sets changes; the Rust API is unchanged",
    ),
    (
        traits::STATIC_CONTEXT_PARAMS,
        true,
        "the endpoint rule parameters the operation fixes change; the Rust API is unchanged",
    ),
    (
        traits::OPERATION_CONTEXT_PARAMS,
        true,
        "the endpoint rule parameters read from the input change; the Rust API is unchanged",
    ),
];

pub(super) fn compare(old: &Model, new: &Model, options: &Options) -> Result<Report> {
    let old_service = find_service(old, options.service.as_deref())?;
    let new_service = find_service(new, options.service.as_deref())?;
    let old_ops = operations(old, old_service);
    let new_ops = operations(new, new_service);
    let selected = select(options, &old_ops, &new_ops, new, new_service)?;
    let old = Side::new(old, old_service, old_ops, &selected);
    let new = Side::new(new, new_service, new_ops, &selected);

    let mut out = Collector::default();
    let diff = Diff {
        old: &old,
        new: &new,
    };
    diff.service(&selected, &mut out);
    for name in &selected {
        if let (Some(o), Some(n)) = (old.ops.get(name), new.ops.get(name)) {
            diff.operation(name, o, n, &mut out);
        }
    }
    let ids: BTreeSet<&ShapeId> = old.usage.keys().chain(new.usage.keys()).collect();
    for id in ids {
        if id.namespace() == "smithy.api" {
            continue;
        }
        diff.shape(id, &mut out);
    }
    out.changes.sort_by(order);
    out.docs.sort_by(order);
    out.changes.dedup();
    out.docs.dedup();
    Ok(Report {
        old: old.model.file.clone(),
        new: new.model.file.clone(),
        service: new_service.id.to_string(),
        operations: if options.operations.is_empty() {
            Vec::new()
        } else {
            selected.into_iter().collect()
        },
        changes: out.changes,
        documentation: out.docs,
        list_docs: options.docs,
    })
}

/// Service first, then operations, then shapes; each by name, the subject's
/// own changes before its members'.
pub(super) fn order(a: &Change, b: &Change) -> std::cmp::Ordering {
    let key = |c: &Change| {
        (
            c.scope,
            c.subject.clone(),
            c.kind == ChangeKind::Documentation,
            c.member.is_some(),
            c.member.clone(),
            c.kind,
            c.detail.clone(),
        )
    };
    key(a).cmp(&key(b))
}

fn find_service<'a>(model: &'a Model, wanted: Option<&str>) -> Result<&'a Shape> {
    let services: Vec<&Shape> = model.services().collect();
    let found = match wanted {
        Some(name) => services
            .iter()
            .find(|s| s.id.as_str() == name || s.id.name() == name)
            .copied(),
        None if services.len() == 1 => services.first().copied(),
        None => None,
    };
    found.ok_or_else(|| {
        let names: Vec<&str> = services.iter().map(|s| s.id.as_str()).collect();
        let message = match wanted {
            Some(name) => format!("service {name} is not in the model (it has: {names:?})"),
            None if names.is_empty() => "the model defines no service".to_owned(),
            None => format!("the model defines several services, choose one of {names:?}"),
        };
        Error::Invalid {
            location: Location {
                file: model.file.clone(),
                shape: None,
                json_path: None,
            },
            message,
        }
    })
}

/// The service's operations, through its resources, by name.
fn operations<'a>(model: &'a Model, service: &Shape) -> BTreeMap<String, &'a Shape> {
    let mut found = BTreeMap::new();
    let mut pending: Vec<ShapeId> = service.operations.clone();
    let mut seen = BTreeSet::new();
    while let Some(id) = pending.pop() {
        if !seen.insert(id.clone()) {
            continue;
        }
        let Some(shape) = model.shape(&id) else {
            continue;
        };
        match shape.kind {
            ShapeKind::Operation => {
                found.insert(id.name().to_owned(), shape);
            }
            _ => pending.extend(shape.operations.iter().cloned()),
        }
    }
    found
}

/// The operations to compare, by name: the chosen ones (each must be in one
/// of the models), else every operation of either.
fn select(
    options: &Options,
    old: &BTreeMap<String, &Shape>,
    new: &BTreeMap<String, &Shape>,
    new_model: &Model,
    new_service: &Shape,
) -> Result<BTreeSet<String>> {
    if options.operations.is_empty() {
        return Ok(old.keys().chain(new.keys()).cloned().collect());
    }
    let find = |ops: &BTreeMap<String, &Shape>, wanted: &str| {
        ops.iter()
            .find(|(name, op)| name.as_str() == wanted || op.id.as_str() == wanted)
            .map(|(name, _)| name.clone())
    };
    options
        .operations
        .iter()
        .map(|wanted| {
            find(new, wanted)
                .or_else(|| find(old, wanted))
                .ok_or_else(|| Error::Invalid {
                    location: Location {
                        file: new_model.file.clone(),
                        shape: Some(new_service.id.to_string()),
                        json_path: None,
                    },
                    message: format!(
                        "operation {wanted} is not an operation of service {} in either model",
                        new_service.id
                    ),
                })
        })
        .collect()
}

/// One model, walked from the compared operations.
struct Side<'a> {
    model: &'a Model,
    service: &'a Shape,
    /// Every operation of the service, by name.
    ops: BTreeMap<String, &'a Shape>,
    /// The shapes the compared operations reach, and how.
    usage: BTreeMap<ShapeId, Usage>,
    /// The compared operations that reach each shape.
    reached_by: BTreeMap<ShapeId, BTreeSet<String>>,
}

impl<'a> Side<'a> {
    fn new(
        model: &'a Model,
        service: &'a Shape,
        ops: BTreeMap<String, &'a Shape>,
        selected: &BTreeSet<String>,
    ) -> Side<'a> {
        let mut usage: BTreeMap<ShapeId, Usage> = BTreeMap::new();
        let mut reached_by: BTreeMap<ShapeId, BTreeSet<String>> = BTreeMap::new();
        for (name, op) in &ops {
            if !selected.contains(name) {
                continue;
            }
            for (id, reached) in crate::ir::closure(model, &[op]) {
                let entry = usage.entry(id.clone()).or_default();
                entry.input |= reached.input;
                entry.output |= reached.output;
                reached_by.entry(id).or_default().insert(name.clone());
            }
        }
        Side {
            model,
            service,
            ops,
            usage,
            reached_by,
        }
    }

    fn shape(&self, id: &ShapeId) -> Option<&'a Shape> {
        self.model.shape(id)
    }

    fn usage(&self, id: &ShapeId) -> Usage {
        self.usage.get(id).copied().unwrap_or_default()
    }

    /// The model name of a shape after the service's `rename`.
    fn model_name<'s>(&'s self, id: &'s ShapeId) -> &'s str {
        self.service
            .rename
            .get(id.as_str())
            .map_or(id.name(), String::as_str)
    }

    /// The Rust type the generator writes for a value of shape `id`.
    fn rust_type(&self, id: &ShapeId) -> String {
        let Some(shape) = self.shape(id) else {
            return id.name().to_owned();
        };
        let element = |index: usize| {
            shape
                .members
                .get(index)
                .map_or_else(|| "?".to_owned(), |m| self.rust_type(&m.target))
        };
        let sparse = |ty: String| {
            if traits::has(&shape.traits, traits::SPARSE) {
                format!("Option<{ty}>")
            } else {
                ty
            }
        };
        match shape.kind {
            _ if is_named(shape) => names::type_name(self.model_name(id)),
            ShapeKind::String => "String".to_owned(),
            ShapeKind::Boolean => "bool".to_owned(),
            ShapeKind::Byte => "i8".to_owned(),
            ShapeKind::Short => "i16".to_owned(),
            ShapeKind::Integer => "i32".to_owned(),
            ShapeKind::Long => "i64".to_owned(),
            ShapeKind::Float => "f32".to_owned(),
            ShapeKind::Double => "f64".to_owned(),
            ShapeKind::BigInteger => "BigInteger".to_owned(),
            ShapeKind::BigDecimal => "BigDecimal".to_owned(),
            ShapeKind::Blob => "Blob".to_owned(),
            ShapeKind::Timestamp => "DateTime".to_owned(),
            ShapeKind::Document => "Document".to_owned(),
            ShapeKind::List => format!("Vec<{}>", sparse(element(0))),
            ShapeKind::Map => format!("HashMap<{}, {}>", element(0), sparse(element(1))),
            _ => id.name().to_owned(),
        }
    }

    /// The Rust name of an operation's input or output type (`()` for
    /// `smithy.api#Unit` or none).
    fn io_type(&self, id: Option<&ShapeId>) -> String {
        match id {
            Some(id) if id.as_str() != UNIT => self.rust_type(id),
            _ => "()".to_owned(),
        }
    }
}

/// Whether the generator emits a Rust type for the shape.
fn is_named(shape: &Shape) -> bool {
    matches!(
        shape.kind,
        ShapeKind::Structure | ShapeKind::Union | ShapeKind::Enum | ShapeKind::IntEnum
    ) || is_enum_string(shape)
}

/// The shape's kind, a string with the `enum` trait counted as an `enum`.
fn family(shape: &Shape) -> ShapeKind {
    if is_enum_string(shape) {
        ShapeKind::Enum
    } else {
        shape.kind
    }
}

fn is_enum_string(shape: &Shape) -> bool {
    shape.kind == ShapeKind::String && traits::has(&shape.traits, ENUM_TRAIT)
}

/// The shape's type as the report names it. A string with the `enum`
/// trait is an `enum`, as the generator treats it.
fn type_label(shape: &Shape) -> String {
    let sparse = traits::has(&shape.traits, traits::SPARSE);
    let label = match shape.kind {
        ShapeKind::Blob => "blob",
        ShapeKind::Boolean => "boolean",
        ShapeKind::String if is_enum_string(shape) => "enum",
        ShapeKind::String => "string",
        ShapeKind::Byte => "byte",
        ShapeKind::Short => "short",
        ShapeKind::Integer => "integer",
        ShapeKind::Long => "long",
        ShapeKind::Float => "float",
        ShapeKind::Double => "double",
        ShapeKind::BigInteger => "bigInteger",
        ShapeKind::BigDecimal => "bigDecimal",
        ShapeKind::Timestamp => "timestamp",
        ShapeKind::Document => "document",
        ShapeKind::Enum => "enum",
        ShapeKind::IntEnum => "intEnum",
        ShapeKind::List if sparse => "sparse list",
        ShapeKind::List => "list",
        ShapeKind::Map if sparse => "sparse map",
        ShapeKind::Map => "map",
        ShapeKind::Structure => "structure",
        ShapeKind::Union => "union",
        ShapeKind::Operation => "operation",
        ShapeKind::Service => "service",
        ShapeKind::Resource => "resource",
    };
    label.to_owned()
}

/// Which constraints client-side validation checks on a value of this
/// shape: (length, pattern, range).
fn checked(shape: Option<&Shape>) -> (bool, bool, bool) {
    let Some(shape) = shape else {
        return (false, false, false);
    };
    let string = shape.kind == ShapeKind::String && !is_enum_string(shape);
    let length = string
        || matches!(
            shape.kind,
            ShapeKind::Blob | ShapeKind::List | ShapeKind::Map
        );
    let range = matches!(
        shape.kind,
        ShapeKind::Byte
            | ShapeKind::Short
            | ShapeKind::Integer
            | ShapeKind::Long
            | ShapeKind::Float
            | ShapeKind::Double
    );
    (length, string, range)
}

/// One enum value: its wire value, the name its Rust variant is made from,
/// its documentation.
struct EnumValue {
    value: String,
    variant: String,
    docs: Option<Value>,
}

/// The known values of an `enum`, `intEnum` or string with the `enum`
/// trait, in model order.
fn enum_values(shape: &Shape) -> Option<Vec<EnumValue>> {
    match shape.kind {
        ShapeKind::Enum | ShapeKind::IntEnum => Some(
            shape
                .members
                .iter()
                .map(|m| EnumValue {
                    value: match traits::enum_value(&m.traits) {
                        Some(traits::EnumValue::String(s)) => s,
                        Some(traits::EnumValue::Int(n)) => n.to_string(),
                        None => m.name.clone(),
                    },
                    variant: m.name.clone(),
                    docs: m.traits.get(traits::DOCUMENTATION).cloned(),
                })
                .collect(),
        ),
        ShapeKind::String => {
            let definitions = shape.traits.get(ENUM_TRAIT)?.as_array()?;
            Some(
                definitions
                    .iter()
                    .filter_map(|d| {
                        let value = d.get("value")?.as_str()?.to_owned();
                        let variant = d
                            .get("name")
                            .and_then(Value::as_str)
                            .unwrap_or(&value)
                            .to_owned();
                        Some(EnumValue {
                            value,
                            variant,
                            docs: d.get("documentation").cloned(),
                        })
                    })
                    .collect(),
            )
        }
        _ => None,
    }
}

/// Where a member travels, as the report shows it.
fn binding(member: &Traits) -> String {
    let name = |id: &str| traits::string(member, id).map(str::to_owned);
    if traits::has(member, "smithy.api#httpLabel") {
        "URI label".to_owned()
    } else if let Some(name) = name("smithy.api#httpQuery") {
        format!("query parameter {name:?}")
    } else if traits::has(member, "smithy.api#httpQueryParams") {
        "query parameters (map)".to_owned()
    } else if let Some(name) = name("smithy.api#httpHeader") {
        format!("header {name:?}")
    } else if let Some(prefix) = name("smithy.api#httpPrefixHeaders") {
        format!("headers prefixed {prefix:?}")
    } else if traits::has(member, "smithy.api#httpPayload") {
        "the whole body (payload)".to_owned()
    } else if traits::has(member, "smithy.api#httpResponseCode") {
        "the status code".to_owned()
    } else {
        "the JSON body".to_owned()
    }
}

fn show(value: Option<&Value>) -> String {
    match value {
        None => "none".to_owned(),
        Some(Value::String(s)) => format!("{s:?}"),
        Some(other) => other.to_string(),
    }
}

fn show_length(length: Option<Length>) -> String {
    match length {
        None => "none".to_owned(),
        Some(Length { min, max }) => bounds(min.map(|n| n.to_string()), max.map(|n| n.to_string())),
    }
}

fn show_range(range: Option<&Range>) -> String {
    match range {
        None => "none".to_owned(),
        Some(Range { min, max }) => bounds(
            min.as_ref().map(ToString::to_string),
            max.as_ref().map(ToString::to_string),
        ),
    }
}

fn bounds(min: Option<String>, max: Option<String>) -> String {
    match (min, max) {
        (Some(min), Some(max)) => format!("min {min}, max {max}"),
        (Some(min), None) => format!("min {min}"),
        (None, Some(max)) => format!("max {max}"),
        (None, None) => "no bounds".to_owned(),
    }
}

/// Whether going from bounds `old` to `new` (as `f64`, `None` unbounded)
/// rejects values it accepted (narrower) and accepts values it rejected
/// (wider).
fn direction(old: (Option<f64>, Option<f64>), new: (Option<f64>, Option<f64>)) -> (bool, bool) {
    let lower = |v: Option<f64>| v.unwrap_or(f64::NEG_INFINITY);
    let upper = |v: Option<f64>| v.unwrap_or(f64::INFINITY);
    let narrower = lower(new.0) > lower(old.0) || upper(new.1) < upper(old.1);
    let wider = lower(new.0) < lower(old.0) || upper(new.1) > upper(old.1);
    (narrower, wider)
}

/// A required member that the builder never fails on: it has a usable
/// default or is an idempotency token.
fn filled_by_builder(member: &Traits) -> bool {
    traits::has(member, traits::IDEMPOTENCY_TOKEN)
        || member.get(traits::DEFAULT).is_some_and(|v| !v.is_null())
}

/// Whether an input structure's `build()` returns a `Result`: some member
/// is a plain (non-`Option`) field the builder cannot fill.
fn fallible(shape: &Shape, usage: Usage) -> bool {
    !usage.output
        && shape
            .members
            .iter()
            .any(|m| traits::has(&m.traits, traits::REQUIRED) && !filled_by_builder(&m.traits))
}

fn optional(shape: &Shape, member: &Traits, usage: Usage) -> bool {
    shape.kind != ShapeKind::Union && (!traits::has(member, traits::REQUIRED) || usage.output)
}

/// "`a`, `b` and `c`" (at most 5 names, then "and N more").
fn list_names(names: &[String]) -> String {
    const SHOWN: usize = 5;
    let quoted: Vec<String> = names.iter().take(SHOWN).map(|n| format!("`{n}`")).collect();
    let mut text = match quoted.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    };
    if names.len() > SHOWN {
        text = format!("{}, and {} more", quoted.join(", "), names.len() - SHOWN);
    }
    text
}

#[derive(Default)]
struct Collector {
    changes: Vec<Change>,
    docs: Vec<Change>,
}

impl Collector {
    fn push(&mut self, change: Change) {
        if change.kind == ChangeKind::Documentation {
            self.docs.push(change);
        } else {
            self.changes.push(change);
        }
    }
}

/// What changes are about: a service, an operation or a shape.
struct Subject {
    scope: Scope,
    name: String,
    ty: String,
    operations: Vec<String>,
}

impl Subject {
    fn change(
        &self,
        member: Option<&str>,
        kind: ChangeKind,
        severity: Severity,
        detail: impl Into<String>,
        reason: impl Into<String>,
    ) -> Change {
        Change {
            scope: self.scope,
            subject: self.name.clone(),
            subject_type: self.ty.clone(),
            member: member.map(str::to_owned),
            kind,
            severity,
            wire: false,
            detail: detail.into(),
            reason: reason.into(),
            operations: self.operations.clone(),
        }
    }

    /// A change of the wire that leaves the Rust API alone.
    fn wire(
        &self,
        member: Option<&str>,
        kind: ChangeKind,
        detail: impl Into<String>,
        reason: impl Into<String>,
    ) -> Change {
        Change {
            wire: true,
            ..self.change(member, kind, Severity::Compatible, detail, reason)
        }
    }

    /// Documentation-only changes, the other generator-read traits, and
    /// `jsonName`/`timestampFormat`, between two trait maps.
    fn traits(&self, member: Option<&str>, old: &Traits, new: &Traits, out: &mut Collector) {
        let old_docs = old.get(traits::DOCUMENTATION);
        let new_docs = new.get(traits::DOCUMENTATION);
        if old_docs != new_docs {
            let detail = match (old_docs, new_docs) {
                (None, _) => "documentation added",
                (_, None) => "documentation removed",
                _ => "documentation changed",
            };
            out.push(self.change(
                member,
                ChangeKind::Documentation,
                Severity::Compatible,
                detail,
                "only rustdoc changes",
            ));
        }
        for (id, kind, what) in [
            (traits::JSON_NAME, ChangeKind::JsonNameChanged, "JSON key"),
            (
                traits::TIMESTAMP_FORMAT,
                ChangeKind::TimestampFormatChanged,
                "timestamp format",
            ),
        ] {
            let (before, after) = (old.get(id), new.get(id));
            if before != after {
                out.push(self.wire(
                    member,
                    kind,
                    format!("{} -> {}", show(before), show(after)),
                    format!(
                        "the {what} on the wire changes; the Rust API is unchanged, but a client generated from the old model sends and reads the old one: regenerate"
                    ),
                ));
            }
        }
        for (id, wire, reason) in OTHER_TRAITS {
            let (before, after) = (old.get(*id), new.get(*id));
            if before == after {
                continue;
            }
            let name = id.trim_start_matches("smithy.api#");
            let detail = match (before, after) {
                (None, Some(value)) => format!("@{name} added ({})", show(Some(value))),
                (Some(_), None) => format!("@{name} removed"),
                _ => format!("@{name} {} -> {}", show(before), show(after)),
            };
            let change = if *wire {
                self.wire(member, ChangeKind::TraitChanged, detail, *reason)
            } else {
                self.change(
                    member,
                    ChangeKind::TraitChanged,
                    Severity::Compatible,
                    detail,
                    *reason,
                )
            };
            out.push(change);
        }
    }
}

struct Diff<'s, 'a> {
    old: &'s Side<'a>,
    new: &'s Side<'a>,
}

impl Diff<'_, '_> {
    fn service(&self, selected: &BTreeSet<String>, out: &mut Collector) {
        let subject = Subject {
            scope: Scope::Service,
            name: self.new.service.id.name().to_owned(),
            ty: "service".to_owned(),
            operations: Vec::new(),
        };
        for name in selected {
            let method = names::field_name(name);
            match (self.old.ops.get(name), self.new.ops.get(name)) {
                (None, Some(_)) => out.push(subject.change(
                    Some(name),
                    ChangeKind::OperationAdded,
                    Severity::Compatible,
                    format!("client method {method}"),
                    format!("a new client method `{method}`; existing calls are unaffected"),
                )),
                (Some(_), None) => out.push(subject.change(
                    Some(name),
                    ChangeKind::OperationRemoved,
                    Severity::Breaking,
                    format!("client method {method}"),
                    format!(
                        "the client method `{method}` (and its error enum) is no longer generated: code that calls it no longer compiles"
                    ),
                )),
                _ => {}
            }
        }
        let (old, new) = (&self.old.service.traits, &self.new.service.traits);
        let endpoint = [
            (traits::ENDPOINT_RULE_SET, "endpoint rule set"),
            (
                traits::CLIENT_CONTEXT_PARAMS,
                "client context parameters of the endpoint rules",
            ),
            (traits::SIGV4, "SigV4 signing name"),
            (
                traits::AWS_SERVICE,
                "aws.api#service (sdkId, endpoint prefix)",
            ),
        ];
        for (id, what) in endpoint {
            let (before, after) = (old.get(id), new.get(id));
            if before == after {
                continue;
            }
            let detail = match (before, after) {
                (None, _) => format!("{what} added"),
                (_, None) => format!("{what} removed"),
                _ => format!("{what} changed"),
            };
            out.push(subject.wire(
                None,
                ChangeKind::TraitChanged,
                detail,
                "where and how requests are sent (endpoints, signing) changes; the Rust API is unchanged: regenerate",
            ));
        }
        if old.get(PAGINATED) != new.get(PAGINATED) {
            out.push(subject.wire(
                None,
                ChangeKind::PaginationChanged,
                "service-wide paginated defaults changed",
                "paginators follow other members; the paginator methods are unchanged",
            ));
        }
        if old.get(traits::DOCUMENTATION) != new.get(traits::DOCUMENTATION) {
            out.push(subject.change(
                None,
                ChangeKind::Documentation,
                Severity::Compatible,
                "documentation changed",
                "only rustdoc changes",
            ));
        }
    }

    fn operation(&self, name: &str, old: &Shape, new: &Shape, out: &mut Collector) {
        let subject = Subject {
            scope: Scope::Operation,
            name: name.to_owned(),
            ty: "operation".to_owned(),
            operations: vec![name.to_owned()],
        };
        let method = names::field_name(name);
        for (kind, what, before, after) in [
            (
                ChangeKind::OperationInputChanged,
                "input",
                self.old.io_type(old.input.as_ref()),
                self.new.io_type(new.input.as_ref()),
            ),
            (
                ChangeKind::OperationOutputChanged,
                "output",
                self.old.io_type(old.output.as_ref()),
                self.new.io_type(new.output.as_ref()),
            ),
        ] {
            if before != after {
                out.push(subject.change(
                    None,
                    kind,
                    Severity::Breaking,
                    format!("{what} {before} -> {after}"),
                    format!(
                        "`{method}` now {} `{after}` instead of `{before}`: callers no longer compile",
                        if what == "input" { "takes" } else { "returns" }
                    ),
                ));
            }
        }

        let error_enum = format!("{}Error", names::type_name(name));
        let errors = |side: &Side, op: &Shape| -> BTreeMap<String, ShapeId> {
            op.errors
                .iter()
                .map(|id| (side.rust_type(id), id.clone()))
                .collect()
        };
        let (old_errors, new_errors) = (errors(self.old, old), errors(self.new, new));
        for error in new_errors.keys().filter(|e| !old_errors.contains_key(*e)) {
            out.push(subject.change(
                Some(error),
                ChangeKind::ErrorAdded,
                Severity::Compatible,
                format!("variant of {error_enum}"),
                format!(
                    "`{error_enum}` gets a variant `{error}` (the error arrived as `Unhandled` before); a `match` without a wildcard arm must add it"
                ),
            ));
        }
        for error in old_errors.keys().filter(|e| !new_errors.contains_key(*e)) {
            out.push(subject.change(
                Some(error),
                ChangeKind::ErrorRemoved,
                Severity::Breaking,
                format!("variant of {error_enum}"),
                format!(
                    "the variant `{error_enum}::{error}` disappears: code that matches it no longer compiles (the error now arrives as `Unhandled`)"
                ),
            ));
        }

        let (old_http, new_http) = (traits::http(&old.traits), traits::http(&new.traits));
        let field = |http: &Option<traits::Http>, f: fn(&traits::Http) -> String| {
            http.as_ref().map_or_else(|| "none".to_owned(), f)
        };
        for (kind, what, get) in [
            (
                ChangeKind::HttpMethodChanged,
                "method",
                (|h: &traits::Http| h.method.clone()) as fn(&traits::Http) -> String,
            ),
            (ChangeKind::HttpUriChanged, "URI", |h: &traits::Http| {
                h.uri.clone()
            }),
            (
                ChangeKind::HttpCodeChanged,
                "success code",
                |h: &traits::Http| h.code.to_string(),
            ),
        ] {
            let (before, after) = (field(&old_http, get), field(&new_http, get));
            if before != after {
                let old_client = if kind == ChangeKind::HttpCodeChanged {
                    "expects the old status"
                } else {
                    "sends the old request"
                };
                out.push(subject.wire(
                    None,
                    kind,
                    format!("{before} -> {after}"),
                    format!(
                        "the HTTP {what} changes; `{method}` keeps its signature, but a client generated from the old model {old_client}: regenerate"
                    ),
                ));
            }
        }

        let paginator = format!("{method}_paginator");
        match (old.traits.get(PAGINATED), new.traits.get(PAGINATED)) {
            (None, Some(_)) => out.push(subject.change(
                None,
                ChangeKind::PaginationChanged,
                Severity::Compatible,
                "now paginated",
                format!("a new client method `{paginator}`"),
            )),
            (Some(_), None) => out.push(subject.change(
                None,
                ChangeKind::PaginationChanged,
                Severity::Breaking,
                "no longer paginated",
                format!("the client method `{paginator}` disappears: code that calls it no longer compiles"),
            )),
            (Some(a), Some(b)) if a != b => out.push(subject.wire(
                None,
                ChangeKind::PaginationChanged,
                format!("paginated {a} -> {b}"),
                format!("`{paginator}` follows other members; its signature may change with the items' type"),
            )),
            _ => {}
        }
        subject.traits(None, &old.traits, &new.traits, out);
    }

    fn shape(&self, id: &ShapeId, out: &mut Collector) {
        let old_shape = self.old.usage.contains_key(id).then(|| self.old.shape(id));
        let new_shape = self.new.usage.contains_key(id).then(|| self.new.shape(id));
        let mut operations: BTreeSet<String> = BTreeSet::new();
        for side in [self.old, self.new] {
            operations.extend(side.reached_by.get(id).into_iter().flatten().cloned());
        }
        let any = new_shape.flatten().or(old_shape.flatten());
        let Some(any) = any else {
            return;
        };
        let subject = Subject {
            scope: Scope::Shape,
            name: id.name().to_owned(),
            ty: type_label(any),
            operations: operations.into_iter().collect(),
        };
        match (old_shape.flatten(), new_shape.flatten()) {
            (None, Some(new)) if is_named(new) => {
                let usage = self.new.usage(id);
                let rust = self.new.rust_type(id);
                out.push(subject.change(
                    None,
                    ChangeKind::ShapeAdded,
                    Severity::Compatible,
                    format!("new {} {rust}{}", subject.ty, usage_note(usage)),
                    format!("a new Rust type `{rust}`; nothing existing changes"),
                ));
            }
            (Some(old), None) if is_named(old) => {
                let rust = self.old.rust_type(id);
                out.push(subject.change(
                    None,
                    ChangeKind::ShapeRemoved,
                    Severity::Breaking,
                    format!("{} {rust} no longer generated", subject.ty),
                    format!(
                        "the compared operations no longer reach it, so the Rust type `{rust}` is not generated: code that names it no longer compiles"
                    ),
                ));
            }
            (Some(old), Some(new)) => self.both(id, old, new, &subject, out),
            _ => {}
        }
    }

    /// A shape both models' operations reach.
    fn both(&self, id: &ShapeId, old: &Shape, new: &Shape, subject: &Subject, out: &mut Collector) {
        let (old_usage, new_usage) = (self.old.usage(id), self.new.usage(id));
        let input = old_usage.input || new_usage.input;
        let (old_label, new_label) = (type_label(old), type_label(new));
        if old_label != new_label {
            let (before, after) = (self.old.rust_type(id), self.new.rust_type(id));
            let change = if before == after {
                subject.change(
                    None,
                    ChangeKind::TypeChanged,
                    Severity::Compatible,
                    format!("{old_label} -> {new_label}"),
                    format!("the Rust type stays `{after}`"),
                )
            } else {
                subject.change(
                    None,
                    ChangeKind::TypeChanged,
                    Severity::Breaking,
                    format!("{old_label} -> {new_label} (Rust {before} -> {after})"),
                    format!(
                        "the Rust type changes from `{before}` to `{after}`: code that builds or reads values of it no longer compiles"
                    ),
                )
            };
            out.push(change);
            if family(old) != family(new) {
                return;
            }
        }
        if is_named(old) && is_named(new) {
            // The service's `rename` renames the Rust type.
            let (before, after) = (self.old.rust_type(id), self.new.rust_type(id));
            if before != after {
                out.push(subject.change(
                    None,
                    ChangeKind::TypeChanged,
                    Severity::Breaking,
                    format!("Rust type {before} -> {after} (service rename)"),
                    format!(
                        "the Rust type is renamed from `{before}` to `{after}`: code that names it no longer compiles"
                    ),
                ));
            }
        }
        subject.traits(None, &old.traits, &new.traits, out);
        let checks = checked(Some(new));
        constraints(subject, None, &old.traits, &new.traits, checks, input, out);

        if let (Some(old_values), Some(new_values)) = (enum_values(old), enum_values(new)) {
            self.enum_values(subject, &old_values, &new_values, out);
            return;
        }
        match new.kind {
            ShapeKind::Structure | ShapeKind::Union => {
                self.structure(id, old, new, subject, out);
            }
            ShapeKind::List | ShapeKind::Map => {
                for (old_member, new_member) in old.members.iter().zip(&new.members) {
                    self.member_target(
                        subject,
                        &new_member.name,
                        (old_member, new_member),
                        input,
                        out,
                    );
                    let checks = checked(self.new.shape(&new_member.target));
                    if old_member.target == new_member.target {
                        constraints(
                            subject,
                            Some(&new_member.name),
                            &old_member.traits,
                            &new_member.traits,
                            checks,
                            input,
                            out,
                        );
                    }
                    subject.traits(
                        Some(&new_member.name),
                        &old_member.traits,
                        &new_member.traits,
                        out,
                    );
                }
            }
            _ => {}
        }
    }

    fn enum_values(
        &self,
        subject: &Subject,
        old: &[EnumValue],
        new: &[EnumValue],
        out: &mut Collector,
    ) {
        let rust = subject.name.as_str();
        let find = |values: &'_ [EnumValue], value: &str| -> Option<usize> {
            values.iter().position(|v| v.value == value)
        };
        for value in new {
            let variant = names::type_name(&value.variant);
            match find(old, &value.value) {
                None => out.push(subject.change(
                    Some(&value.value),
                    ChangeKind::EnumValueAdded,
                    Severity::Compatible,
                    format!("variant {variant}"),
                    format!(
                        "a new variant `{rust}::{variant}` (the value parsed as `Unknown` before); a `match` without a wildcard arm must add it"
                    ),
                )),
                Some(index) => {
                    let before = &old[index];
                    let old_variant = names::type_name(&before.variant);
                    if old_variant != variant {
                        out.push(subject.change(
                            Some(&value.value),
                            ChangeKind::EnumVariantRenamed,
                            Severity::Breaking,
                            format!("variant {old_variant} -> {variant}"),
                            format!(
                                "the value {:?} is now the variant `{variant}`: code that names `{rust}::{old_variant}` no longer compiles",
                                value.value
                            ),
                        ));
                    }
                    if before.docs != value.docs {
                        out.push(subject.change(
                            Some(&value.value),
                            ChangeKind::Documentation,
                            Severity::Compatible,
                            "documentation changed",
                            "only rustdoc changes",
                        ));
                    }
                }
            }
        }
        for value in old.iter().filter(|v| find(new, &v.value).is_none()) {
            let variant = names::type_name(&value.variant);
            out.push(subject.change(
                Some(&value.value),
                ChangeKind::EnumValueRemoved,
                Severity::Breaking,
                format!("variant {variant}"),
                format!(
                    "the variant `{rust}::{variant}` disappears: code that names it no longer compiles (the value would now parse as `Unknown`)"
                ),
            ));
        }
    }

    fn structure(
        &self,
        id: &ShapeId,
        old: &Shape,
        new: &Shape,
        subject: &Subject,
        out: &mut Collector,
    ) {
        let (old_usage, new_usage) = (self.old.usage(id), self.new.usage(id));
        let is_union = new.kind == ShapeKind::Union;
        let is_error = traits::has(&new.traits, traits::ERROR);
        let rust = self.new.rust_type(id);
        if !is_union && !is_error {
            self.usage_change(subject, old, new, (old_usage, new_usage), &rust, out);
        }

        for member in &new.members {
            let field = if is_union {
                names::type_name(&member.name)
            } else {
                names::field_name(&member.name)
            };
            let ty = self.new.rust_type(&member.target);
            let Some(old_member) = old.member(&member.name) else {
                let required = traits::has(&member.traits, traits::REQUIRED);
                let detail = format!(
                    "{}{}",
                    member.target.name(),
                    match (is_union, required) {
                        (true, _) => "",
                        (false, true) => ", required",
                        (false, false) => ", optional",
                    }
                );
                let (severity, reason) = if is_union {
                    (
                        Severity::Compatible,
                        format!(
                            "a new variant `{rust}::{field}` (values of it arrived as `Unknown` before); a `match` without a wildcard arm must add it"
                        ),
                    )
                } else if !required && new_usage.input {
                    (
                        Severity::Compatible,
                        format!(
                            "an optional member: a new `Option` field `{field}` and builder setter; code that uses the builder or `..Default::default()` is unaffected, a struct literal naming every field must add it"
                        ),
                    )
                } else if !required {
                    (
                        Severity::Compatible,
                        format!(
                            "an optional member of a structure read from responses: a new `Option` field `{field}`; code that reads the structure is unaffected"
                        ),
                    )
                } else if !new_usage.input {
                    (
                        Severity::Compatible,
                        format!(
                            "required in the model, but `{rust}` is read from responses, where every member is an `Option`: a new field `{field}: Option<{ty}>`"
                        ),
                    )
                } else if filled_by_builder(&member.traits) && !new_usage.output {
                    (
                        Severity::Compatible,
                        format!(
                            "a required input member the builder fills in when unset (it has a default or is an idempotency token): a new field `{field}: {ty}` and setter"
                        ),
                    )
                } else if new_usage.output {
                    (
                        Severity::Breaking,
                        format!(
                            "a required input member: the service rejects requests without it (the field is an `Option<{ty}>` because `{rust}` is also read from responses, so `build()` does not catch it)"
                        ),
                    )
                } else {
                    (
                        Severity::Breaking,
                        format!(
                            "a required input member: a plain field `{field}: {ty}`, and `build()` fails until it is set, so existing requests fail"
                        ),
                    )
                };
                out.push(subject.change(
                    Some(&member.name),
                    ChangeKind::MemberAdded,
                    severity,
                    detail,
                    reason,
                ));
                continue;
            };
            self.member(
                subject,
                (old, new),
                (old_member, member),
                (old_usage, new_usage),
                out,
            );
        }
        for member in old.members.iter().filter(|m| new.member(&m.name).is_none()) {
            let reason = if is_union {
                format!(
                    "the variant `{rust}::{}` disappears: code that builds or matches it no longer compiles",
                    names::type_name(&member.name)
                )
            } else {
                format!(
                    "the field `{}` (and its builder setter) disappears: code that sets or reads it no longer compiles",
                    names::field_name(&member.name)
                )
            };
            out.push(subject.change(
                Some(&member.name),
                ChangeKind::MemberRemoved,
                Severity::Breaking,
                member.target.name().to_owned(),
                reason,
            ));
        }
    }

    /// A structure's use in requests and responses, and its builder.
    fn usage_change(
        &self,
        subject: &Subject,
        old: &Shape,
        new: &Shape,
        (old_usage, new_usage): (Usage, Usage),
        rust: &str,
        out: &mut Collector,
    ) {
        // Required members whose field changes between `T` and `Option<T>`
        // because the structure is now (or no longer) read from responses.
        let flips: Vec<String> = new
            .members
            .iter()
            .filter(|m| {
                old.member(&m.name).is_some_and(|o| {
                    traits::has(&o.traits, traits::REQUIRED)
                        && traits::has(&m.traits, traits::REQUIRED)
                })
            })
            .map(|m| names::field_name(&m.name))
            .collect();
        // Without required members nothing changes: every field is an
        // `Option` either way.
        if !old_usage.output && new_usage.output && old_usage.input && !flips.is_empty() {
            let reason = format!(
                "structures read from responses hold every member as an `Option`: the required fields {} change from `T` to `Option<T>`; builder callers are unaffected, code that reads them must adapt",
                list_names(&flips)
            );
            out.push(subject.change(
                None,
                ChangeKind::UsageChanged,
                Severity::Compatible,
                "now also read from responses",
                reason,
            ));
        }
        if old_usage.output && !new_usage.output && new_usage.input && !flips.is_empty() {
            out.push(subject.change(
                None,
                ChangeKind::UsageChanged,
                Severity::Breaking,
                "no longer read from responses",
                format!(
                    "only structures never read from responses hold required members without `Option`: the fields {} change from `Option<T>` to `T`, and `build()` fails until they are set",
                    list_names(&flips)
                ),
            ));
        }
        if !old_usage.input && new_usage.input {
            out.push(subject.change(
                None,
                ChangeKind::UsageChanged,
                Severity::Compatible,
                "now used in requests",
                format!("`{rust}` gets a builder and client-side validation"),
            ));
        }
        if old_usage.input && !new_usage.input {
            out.push(subject.change(
                None,
                ChangeKind::UsageChanged,
                Severity::Breaking,
                "no longer used in requests",
                format!("the builder of `{rust}` is no longer generated: code that uses it no longer compiles"),
            ));
        }
        if old_usage.input && new_usage.input {
            let (before, after) = (fallible(old, old_usage), fallible(new, new_usage));
            if before != after {
                let (from, to) = if after {
                    (rust.to_owned(), format!("Result<{rust}, ValidationError>"))
                } else {
                    (format!("Result<{rust}, ValidationError>"), rust.to_owned())
                };
                out.push(subject.change(
                    None,
                    ChangeKind::BuilderChanged,
                    Severity::Breaking,
                    format!("build() returns {to} (was {from})"),
                    format!(
                        "the builder's `build()` now returns `{to}` instead of `{from}`: callers that {} no longer compile",
                        if after { "use its value directly" } else { "use `?` or match on it" }
                    ),
                ));
            }
        }
    }

    /// A member both versions of a structure or union have.
    fn member(
        &self,
        subject: &Subject,
        (old_owner, new_owner): (&Shape, &Shape),
        (old, new): (&crate::model::Member, &crate::model::Member),
        (old_usage, new_usage): (Usage, Usage),
        out: &mut Collector,
    ) {
        let name = new.name.as_str();
        let input = old_usage.input || new_usage.input;
        let rust = self.new.rust_type(&new_owner.id);
        let field = names::field_name(name);
        let ty = self.new.rust_type(&new.target);
        let was_required = traits::has(&old.traits, traits::REQUIRED);
        let required = traits::has(&new.traits, traits::REQUIRED);
        let was_optional = optional(old_owner, &old.traits, old_usage);
        let is_optional = optional(new_owner, &new.traits, new_usage);
        if new_owner.kind != ShapeKind::Union && was_required != required {
            let change = if required {
                if !new_usage.input {
                    subject.change(
                        Some(name),
                        ChangeKind::MemberRequired,
                        Severity::Compatible,
                        "now required",
                        format!(
                            "`{rust}` is only read from responses, where every member is an `Option`: the field stays `Option<{ty}>`"
                        ),
                    )
                } else if is_optional {
                    subject.change(
                        Some(name),
                        ChangeKind::MemberRequired,
                        Severity::Breaking,
                        "now required",
                        format!(
                            "the service now rejects requests without it; the field stays `Option<{ty}>` because `{rust}` is also read from responses, so `build()` does not catch it"
                        ),
                    )
                } else {
                    subject.change(
                        Some(name),
                        ChangeKind::MemberRequired,
                        Severity::Breaking,
                        "now required",
                        format!(
                            "on an input structure: the field `{field}` changes from `Option<{ty}>` to `{ty}`{}",
                            if filled_by_builder(&new.traits) {
                                " (the builder fills it in when unset)"
                            } else {
                                ", and `build()` fails until it is set, so requests that left it out fail"
                            }
                        ),
                    )
                }
            } else if was_optional == is_optional {
                subject.change(
                    Some(name),
                    ChangeKind::MemberOptional,
                    Severity::Compatible,
                    "no longer required",
                    format!(
                        "the field stays `Option<{ty}>` (`{rust}` is read from responses, where every member is an `Option`); requests may leave it out"
                    ),
                )
            } else {
                subject.change(
                    Some(name),
                    ChangeKind::MemberOptional,
                    Severity::Compatible,
                    "no longer required",
                    format!(
                        "on an input structure: requests may now leave it out; the field changes from `{ty}` to `Option<{ty}>`, the builder setter is unchanged (code that reads the field or writes a struct literal must adapt)"
                    ),
                )
            };
            out.push(change);
        }
        self.member_target(subject, name, (old, new), input, out);
        if old.target == new.target {
            let checks = checked(self.new.shape(&new.target));
            constraints(
                subject,
                Some(name),
                &old.traits,
                &new.traits,
                checks,
                input,
                out,
            );
        }
        let (before, after) = (binding(&old.traits), binding(&new.traits));
        if before != after {
            out.push(subject.wire(
                Some(name),
                ChangeKind::BindingChanged,
                format!("{before} -> {after}"),
                "where the member travels in the HTTP message changes; the field is unchanged, but a client generated from the old model puts it in the old place: regenerate",
            ));
        }
        subject.traits(Some(name), &old.traits, &new.traits, out);
    }

    /// A member's target: its Rust type, and the constraints that come with
    /// it.
    fn member_target(
        &self,
        subject: &Subject,
        name: &str,
        (old, new): (&crate::model::Member, &crate::model::Member),
        input: bool,
        out: &mut Collector,
    ) {
        if old.target == new.target {
            return;
        }
        let (before, after) = (
            self.old.rust_type(&old.target),
            self.new.rust_type(&new.target),
        );
        let detail = format!("{} -> {}", old.target.name(), new.target.name());
        let change = if before == after {
            subject.change(
                Some(name),
                ChangeKind::TargetChanged,
                Severity::Compatible,
                detail,
                format!("both are `{after}` in Rust"),
            )
        } else {
            subject.change(
                Some(name),
                ChangeKind::TargetChanged,
                Severity::Breaking,
                format!("{detail} (Rust {before} -> {after})"),
                format!(
                    "the Rust type changes from `{before}` to `{after}`: code that sets or reads it no longer compiles"
                ),
            )
        };
        out.push(change);
        // The constraints in force: the member's own, else the target's.
        let effective = |side: &Side, member: &crate::model::Member| -> Traits {
            let mut merged = side
                .shape(&member.target)
                .map(|s| s.traits.clone())
                .unwrap_or_default();
            for id in [traits::LENGTH, traits::PATTERN, traits::RANGE] {
                if let Some(value) = member.traits.get(id) {
                    merged.insert(id.to_owned(), value.clone());
                }
            }
            merged.retain(|id, _| {
                [traits::LENGTH, traits::PATTERN, traits::RANGE].contains(&id.as_str())
            });
            merged
        };
        let checks = checked(self.new.shape(&new.target));
        constraints(
            subject,
            Some(name),
            &effective(self.old, old),
            &effective(self.new, new),
            checks,
            input,
            out,
        );
    }
}

fn usage_note(usage: Usage) -> &'static str {
    match (usage.input, usage.output) {
        (true, true) => " (in requests and responses)",
        (true, false) => " (in requests)",
        (false, true) => " (in responses)",
        (false, false) => "",
    }
}

/// `length`, `pattern` and `range` between two trait maps. `checks` says
/// which the generated client validates for the value's type; `input`
/// whether the value is sent in requests (only those are validated).
fn constraints(
    subject: &Subject,
    member: Option<&str>,
    old: &Traits,
    new: &Traits,
    (check_length, check_pattern, check_range): (bool, bool, bool),
    input: bool,
    out: &mut Collector,
) {
    let classify = |kind: ChangeKind,
                    detail: String,
                    checked: bool,
                    (narrower, wider): (bool, bool),
                    what: &str| {
        let (severity, reason) = if !checked {
            (
                Severity::Compatible,
                format!("the generated client does not check {what} on a value of this type"),
            )
        } else if !input {
            (
                Severity::Compatible,
                "only read from responses, which the generated client does not validate".to_owned(),
            )
        } else if narrower {
            (
                Severity::Breaking,
                format!(
                    "narrower: client-side validation now rejects values it accepted{}, so requests that worked fail before they are sent",
                    if wider { " (and accepts others)" } else { "" }
                ),
            )
        } else {
            (
                Severity::Compatible,
                "wider: validation accepts every value it accepted before".to_owned(),
            )
        };
        subject.change(member, kind, severity, detail, reason)
    };
    let (old_length, new_length) = (traits::length(old), traits::length(new));
    if old_length != new_length {
        let as_f64 = |l: Option<Length>| {
            let l = l.unwrap_or_default();
            (l.min.map(|n| n as f64), l.max.map(|n| n as f64))
        };
        out.push(classify(
            ChangeKind::LengthChanged,
            format!(
                "length {} -> {}",
                show_length(old_length),
                show_length(new_length)
            ),
            check_length,
            direction(as_f64(old_length), as_f64(new_length)),
            "length",
        ));
    }
    let (old_pattern, new_pattern) = (traits::pattern(old), traits::pattern(new));
    if old_pattern != new_pattern {
        let direction = match (old_pattern, new_pattern) {
            (None, Some(_)) => (true, false),
            (Some(_), None) => (false, true),
            // Two regular expressions cannot be compared in general: a
            // different one may reject what the old one accepted.
            _ => (true, true),
        };
        out.push(classify(
            ChangeKind::PatternChanged,
            format!(
                "pattern {} -> {}",
                show(old.get(traits::PATTERN)),
                show(new.get(traits::PATTERN))
            ),
            check_pattern,
            direction,
            "patterns",
        ));
    }
    let (old_range, new_range) = (traits::range(old), traits::range(new));
    if old_range != new_range {
        let as_f64 = |r: &Option<Range>| {
            let r = r.clone().unwrap_or_default();
            (
                r.min.as_ref().and_then(serde_json::Number::as_f64),
                r.max.as_ref().and_then(serde_json::Number::as_f64),
            )
        };
        out.push(classify(
            ChangeKind::RangeChanged,
            format!(
                "range {} -> {}",
                show_range(old_range.as_ref()),
                show_range(new_range.as_ref())
            ),
            check_range,
            direction(as_f64(&old_range), as_f64(&new_range)),
            "ranges",
        ));
    }
}
