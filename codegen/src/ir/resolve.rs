//! Model → IR: pick the service and operations, walk the shapes they reach,
//! name everything, and resolve member types.

mod endpoint;
mod members;
mod paginated;
mod waiters;

use std::collections::{BTreeMap, BTreeSet};

use super::names::{self, Namespace};
use super::{
    Binding, Constraints, Element, Enum, ErrorInfo, Field, Http, InlineShape, Operation, Protocol,
    Service, Structure, Type, TypeKind, UriPart, Usage, Variant,
};
use crate::error::{Error, Location, Result};
use crate::model::trait_set::Fault;
use crate::model::traits::{self, EnumValue};
use crate::model::{Model, Shape, ShapeId, ShapeKind, TraitSet};

/// How deep lists and maps may nest in one member's type. Real models nest
/// a few levels; the limit stops a list that holds itself (through lists
/// and maps only: structures break the recursion) and keeps generated types
/// within what `syn` parses on a normal stack.
const MAX_COLLECTION_NESTING: usize = 64;

/// The protocols the generator emits, in the order it prefers them.
const SUPPORTED_PROTOCOLS: &[Protocol] = &[
    Protocol::RestJson1,
    Protocol::AwsJson1_0,
    Protocol::AwsJson1_1,
    Protocol::AwsQuery,
    Protocol::Ec2Query,
];

/// Items the generator emits in the `types` module besides shapes.
const TYPES_RESERVED: &[&str] = &["builders", "Unhandled"];
/// Client methods the generator emits besides operations.
const CLIENT_RESERVED: &[&str] = &["new", "config", "transport"];

/// Resolves `service` (or the model's only service) with the operations
/// named in `operations` (all of them when empty).
pub fn resolve(model: &Model, service: Option<&str>, operations: &[String]) -> Result<Service> {
    let service_shape = Resolver::find_service(model, service)?;
    let resolver = Resolver {
        model,
        protocol: Resolver::protocol(model, service_shape)?,
        query_compatible: service_shape.traits.aws_query_compatible,
    };
    let ops = resolver.operations(service_shape, operations)?;
    let (ops, skipped) = resolver.skip_event_streams(ops, !operations.is_empty())?;
    let usage = resolver.closure(&ops);
    let naming = resolver.names(service_shape, &ops, &usage)?;
    let mut service = resolver.build(service_shape, &ops, &usage, &naming)?;
    service.skipped = skipped;
    service.unchecked_patterns = resolver.unchecked_patterns(&usage);
    super::customize::apply(&mut service);
    Ok(service)
}

struct Resolver<'a> {
    model: &'a Model,
    /// The service's protocol, which decides how members are bound.
    protocol: Protocol,
    /// `@awsQueryCompatible`.
    query_compatible: bool,
}

/// Rust names decided before types are resolved, so that members can refer
/// to any shape by name.
struct Naming {
    types: BTreeMap<ShapeId, String>,
    operations: BTreeMap<ShapeId, (String, String)>,
    /// Paginator methods, by operation.
    paginators: BTreeMap<ShapeId, String>,
    /// Waiter methods, by operation and waiter name.
    waiters: BTreeMap<(ShapeId, String), String>,
}

/// An error about `shape` in `model`.
fn shape_error(model: &Model, shape: &ShapeId, message: impl Into<String>) -> Error {
    Error::Invalid {
        location: Location {
            file: model.file.clone(),
            shape: Some(shape.to_string()),
            json_path: Some(format!("shapes[{:?}]", shape.as_str())),
        },
        message: message.into(),
    }
}

impl<'a> Resolver<'a> {
    fn error(&self, shape: &ShapeId, message: impl Into<String>) -> Error {
        shape_error(self.model, shape, message)
    }

    /// Where the protocol puts a member: the `http*` traits say for the
    /// REST protocols; the others send every member in the body.
    fn binding(&self, member: &TraitSet) -> Binding {
        if self.protocol.binds_http() {
            member.binding.clone()
        } else {
            Binding::Body
        }
    }

    /// The first protocol the service declares that the generator supports.
    fn protocol(model: &Model, service: &Shape) -> Result<Protocol> {
        let declared = &service.traits.protocols;
        declared
            .iter()
            .copied()
            .find(|p| SUPPORTED_PROTOCOLS.contains(p))
            .ok_or_else(|| {
                let supported: Vec<&str> = SUPPORTED_PROTOCOLS.iter().map(|p| p.name()).collect();
                let message = match declared.first() {
                    Some(p) => format!(
                        "the service's protocol {} is not supported yet (supported: {})",
                        p.name(),
                        supported.join(", ")
                    ),
                    None => format!(
                        "the service declares no protocol trait (supported: {})",
                        supported.join(", ")
                    ),
                };
                shape_error(model, &service.id, message)
            })
    }

    fn shape(&self, id: &ShapeId) -> Result<&'a Shape> {
        self.model
            .shape(id)
            .ok_or_else(|| self.error(id, format!("{id} does not exist")))
    }

    fn find_service(model: &'a Model, wanted: Option<&str>) -> Result<&'a Shape> {
        let services: Vec<&Shape> = model.services().collect();
        let found = match wanted {
            Some(name) => services
                .iter()
                .find(|s| s.id.as_str() == name || s.id.name() == name)
                .copied(),
            None if services.len() == 1 => services.first().copied(),
            None => None,
        };
        let Some(service) = found else {
            let names: Vec<&str> = services.iter().map(|s| s.id.as_str()).collect();
            let message = match wanted {
                Some(name) => format!("service {name} is not in the model (it has: {names:?})"),
                None if names.is_empty() => "the model defines no service".to_owned(),
                None => format!("the model defines several services, choose one of {names:?}"),
            };
            return Err(Error::Invalid {
                location: Location {
                    file: model.file.clone(),
                    shape: None,
                    json_path: None,
                },
                message,
            });
        };
        Ok(service)
    }

    /// The service's operations (through its resources too), or the chosen ones.
    fn operations(&self, service: &Shape, chosen: &[String]) -> Result<Vec<&'a Shape>> {
        let mut found = BTreeMap::new();
        let mut pending: Vec<ShapeId> = service.operations.clone();
        let mut seen = BTreeSet::new();
        while let Some(id) = pending.pop() {
            if !seen.insert(id.clone()) {
                continue;
            }
            let shape = self.shape(&id)?;
            match shape.kind {
                ShapeKind::Operation => {
                    found.insert(id, shape);
                }
                _ => pending.extend(shape.operations.iter().cloned()),
            }
        }
        if chosen.is_empty() {
            return Ok(found.into_values().collect());
        }
        chosen
            .iter()
            .map(|name| {
                found
                    .values()
                    .find(|op| op.id.name() == name || op.id.as_str() == name)
                    .copied()
                    .ok_or_else(|| {
                        self.error(
                            &service.id,
                            format!(
                                "operation {name} is not an operation of service {}",
                                service.id
                            ),
                        )
                    })
            })
            .collect()
    }

    /// Every data shape the operations reach, with how it is used.
    fn closure(&self, ops: &[&Shape]) -> BTreeMap<ShapeId, Usage> {
        closure(self.model, ops)
    }

    fn names(
        &self,
        service: &Shape,
        ops: &[&Shape],
        usage: &BTreeMap<ShapeId, Usage>,
    ) -> Result<Naming> {
        let mut types = BTreeMap::new();
        let mut namespace = Namespace::with_reserved(TYPES_RESERVED);
        for id in usage.keys() {
            let shape = self.shape(id)?;
            let named = matches!(
                shape.kind,
                ShapeKind::Structure | ShapeKind::Enum | ShapeKind::IntEnum | ShapeKind::Union
            ) || (shape.kind == ShapeKind::String
                && shape.traits.legacy_enum.is_some());
            if named {
                let model_name = service
                    .rename
                    .get(id.as_str())
                    .map_or(id.name(), String::as_str);
                types.insert(id.clone(), namespace.claim(names::type_name(model_name)));
            }
        }
        let mut methods = Namespace::with_reserved(CLIENT_RESERVED);
        // Error structures share the `error` module with the enums.
        let mut error_enums = Namespace::default();
        for (id, name) in &types {
            if self
                .model
                .shape(id)
                .is_some_and(|s| s.traits.error.is_some())
            {
                error_enums.claim(name.clone());
            }
        }
        let operations = ops
            .iter()
            .map(|op| {
                let fn_name = methods.claim(names::field_name(op.id.name()));
                let error_name =
                    error_enums.claim(format!("{}Error", names::type_name(op.id.name())));
                (op.id.clone(), (fn_name, error_name))
            })
            .collect();
        let paginators = paginated::claim_names(ops, &operations, &mut methods);
        let waiters = waiters::claim_names(ops, &mut methods);
        Ok(Naming {
            types,
            operations,
            paginators,
            waiters,
        })
    }

    fn build(
        &self,
        service: &Shape,
        ops: &[&Shape],
        usage: &BTreeMap<ShapeId, Usage>,
        naming: &Naming,
    ) -> Result<Service> {
        let aws = service.traits.aws_service.as_ref();
        let sdk_id = aws
            .and_then(|a| a.sdk_id.clone())
            .unwrap_or_else(|| service.id.name().to_owned());
        let endpoint_prefix = aws
            .and_then(|a| a.endpoint_prefix.clone())
            .unwrap_or_else(|| names::field_name(&sdk_id).replace('_', "-"));
        let signing_name = service
            .traits
            .sigv4_name
            .clone()
            .unwrap_or_else(|| endpoint_prefix.clone());
        let mut out = Service {
            id: service.id.clone(),
            title: service
                .traits
                .title
                .clone()
                .unwrap_or_else(|| sdk_id.clone()),
            sdk_id,
            version: service.version.clone().unwrap_or_default(),
            docs: service.traits.documentation.clone(),
            endpoint_prefix,
            signing_name,
            protocol: self.protocol,
            query_compatible: self.query_compatible,
            client_context_params: Vec::new(),
            endpoint_rule_set: service
                .traits
                .endpoint_rule_set
                .as_ref()
                .map(|rules| rules.json.clone()),
            operations: BTreeMap::new(),
            structures: BTreeMap::new(),
            errors: BTreeMap::new(),
            enums: BTreeMap::new(),
            skipped: Vec::new(),
            unchecked_patterns: BTreeMap::new(),
            protocol_tests: None,
            request_headers: Vec::new(),
            customizations: Vec::new(),
            inline_shapes: BTreeMap::new(),
        };
        for (id, name) in &naming.types {
            let shape = self.shape(id)?;
            let shape_usage = usage.get(id).copied().unwrap_or_default();
            match shape.kind {
                ShapeKind::Structure | ShapeKind::Union => {
                    let structure = self.structure(shape, name, shape_usage, naming)?;
                    if structure.error.is_some() {
                        out.errors.insert(name.clone(), structure);
                    } else {
                        out.structures.insert(name.clone(), structure);
                    }
                }
                _ => {
                    out.enums
                        .insert(name.clone(), self.enumeration(shape, name, shape_usage)?);
                }
            }
        }
        out.inline_shapes = self.inline_shapes(usage, naming)?;
        for op in ops {
            let operation = self.operation(op, naming)?;
            out.operations.insert(operation.fn_name.clone(), operation);
        }
        input_members_optional(&mut out);
        mark_boxed(&mut out);
        mark_validated(&mut out);
        self.paginate(service, ops, &naming.paginators, &mut out)?;
        self.waiters(ops, &naming.waiters, &mut out)?;
        self.endpoints(service, ops, &mut out)?;
        self.check_bindings(&out)?;
        Ok(out)
    }

    /// Rejects bindings of types the protocol emitter cannot send or read
    /// yet, instead of generating code that does not compile.
    fn check_bindings(&self, service: &Service) -> Result<()> {
        let scalar = |ty: &Type| {
            matches!(
                ty.kind,
                TypeKind::String
                    | TypeKind::Enum(_)
                    | TypeKind::Bool
                    | TypeKind::Byte
                    | TypeKind::Short
                    | TypeKind::Integer
                    | TypeKind::Long
                    | TypeKind::Float
                    | TypeKind::Double
                    | TypeKind::BigInteger
                    | TypeKind::BigDecimal
                    | TypeKind::Timestamp(_)
                    | TypeKind::IntEnum(_)
            )
        };
        let scalar_or_list = |ty: &Type| match &ty.kind {
            TypeKind::List { member, .. } => scalar(member),
            _ => scalar(ty),
        };
        let string_map = |ty: &Type, lists: bool| match &ty.kind {
            TypeKind::Map { value, .. } => match &value.kind {
                TypeKind::String => true,
                TypeKind::List { member, .. } => lists && matches!(member.kind, TypeKind::String),
                _ => false,
            },
            _ => false,
        };
        for op in service.operations.values() {
            for name in op.input.iter().chain(op.output.iter()) {
                let Some(structure) = service.structures.get(name) else {
                    continue;
                };
                for field in &structure.members {
                    let supported = match &field.binding {
                        Binding::Body => true,
                        Binding::Label => scalar(&field.ty),
                        Binding::Query(_) | Binding::Header(_) => scalar_or_list(&field.ty),
                        Binding::QueryParams => string_map(&field.ty, true),
                        Binding::PrefixHeaders(_) => string_map(&field.ty, false),
                        Binding::ResponseCode => matches!(field.ty.kind, TypeKind::Integer),
                        Binding::Payload => matches!(
                            field.ty.kind,
                            TypeKind::Structure(_)
                                | TypeKind::String
                                | TypeKind::Enum(_)
                                | TypeKind::Document
                                | TypeKind::Blob
                        ),
                    };
                    if !supported {
                        return Err(self.error(
                            &structure.id,
                            format!(
                                "member {} is bound as {:?} with a type ({}) the generator does not support there yet",
                                field.wire_name, field.binding, field.ty.target
                            ),
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    fn operation(&self, op: &Shape, naming: &Naming) -> Result<Operation> {
        // The RPC protocols post every operation to `/`, whatever the
        // model's `http` trait (some have one for other protocols) says.
        let http = if self.protocol.binds_http() {
            op.traits
                .http
                .clone()
                .ok_or_else(|| self.error(&op.id, "operation has no smithy.api#http trait"))?
        } else {
            Http {
                method: "POST".to_owned(),
                uri: "/".to_owned(),
                code: 200,
            }
        };
        let type_name = |id: &Option<ShapeId>| {
            id.as_ref()
                .filter(|id| id.as_str() != crate::model::UNIT)
                .and_then(|id| naming.types.get(id).cloned())
        };
        let (fn_name, error_name) = naming
            .operations
            .get(&op.id)
            .cloned()
            .ok_or_else(|| self.error(&op.id, "operation was not named"))?;
        let (path, query_literal) = uri_pattern(&http.uri);
        Ok(Operation {
            id: op.id.clone(),
            name: op.id.name().to_owned(),
            fn_name,
            error_name,
            docs: op.traits.documentation.clone(),
            http,
            path,
            query_literal,
            input: type_name(&op.input),
            output: type_name(&op.output),
            errors: op
                .errors
                .iter()
                .filter_map(|id| naming.types.get(id).cloned())
                .collect(),
            deprecated: op.traits.deprecated.clone(),
            paginated: None,
            waiters: Vec::new(),
            endpoint: super::OperationEndpoint::default(),
            label_defaults: BTreeMap::new(),
            glacier_checksums: false,
            compress_request: op
                .traits
                .request_compression
                .as_ref()
                .is_some_and(|encodings| encodings.iter().any(|e| e == "gzip")),
            request_compression: op.traits.request_compression.clone(),
            checksum_required: op.traits.http_checksum_required,
        })
    }

    fn structure(
        &self,
        shape: &Shape,
        name: &str,
        usage: Usage,
        naming: &Naming,
    ) -> Result<Structure> {
        let query_error = shape.traits.query_error.as_ref();
        // The query protocols send the `@awsQueryError` code (and status)
        // in place of the shape's name; a query-compatible JSON service
        // sends it beside the name, in a header.
        let queried = query_error.filter(|_| self.protocol.is_query());
        let error = shape.traits.error.map(|fault| ErrorInfo {
            code: queried.map_or_else(|| shape.id.name().to_owned(), |q| q.code.clone()),
            alias: query_error
                .filter(|_| self.query_compatible)
                .map(|q| q.code.clone()),
            server: fault == Fault::Server,
            status: queried.and_then(|q| q.status).or(shape.traits.http_error),
        });
        let is_union = shape.kind == ShapeKind::Union;
        // Error structures carry their response metadata in a field of
        // their own; builders have `build`; unions have `Unknown`.
        let mut fields = if error.is_some() {
            Namespace::with_reserved(&["meta"])
        } else if is_union {
            Namespace::with_reserved(&["Unknown"])
        } else {
            Namespace::with_reserved(&["build"])
        };
        let mut members = Vec::new();
        for member in &shape.members {
            let required = member.traits.required;
            let ty = self.member_type(&shape.id, &member.target, &member.traits, naming, 0)?;
            let default = members::default_value(&member.traits, &ty.kind);
            let rust_name = if is_union {
                names::type_name(&member.name)
            } else {
                names::field_name(&member.name)
            };
            members.push(Field {
                wire_name: member.name.clone(),
                json_name: member
                    .traits
                    .json_name
                    .clone()
                    .filter(|_| self.protocol.uses_json_name())
                    .unwrap_or_else(|| member.name.clone()),
                rust_name: fields.claim(rust_name),
                docs: member.traits.documentation.clone().or_else(|| {
                    self.model
                        .shape(&member.target)
                        .and_then(|t| t.traits.documentation.clone())
                }),
                required,
                // Services omit members the model calls required, so only
                // structures that are never read from a response may hold
                // required members without an `Option`. A member with a
                // `default` that is not required stays an `Option` too (no
                // type depends on the default), but on the wire it has a
                // value, as in the AWS SDKs' clients: unset, it is sent as
                // its default, and read as it when a response leaves it out
                // (`wire_default`). Not so for `@clientOptional` members, nor
                // for the members of operation inputs, which Smithy treats as
                // client-optional (`@input`; see `input_members_optional`):
                // those are only sent when set. Only the JSON body has
                // defaults; headers, query strings and labels do not. (A
                // union's variants hold their values directly.)
                optional: !is_union && (!required || usage.output),
                idempotency_token: member.traits.idempotency_token,
                client_optional: member.traits.client_optional,
                host_label: member.traits.host_label,
                context_param: member.traits.context_param.clone(),
                declared: members::declared(&member.traits),
                boxed: false,
                binding: self.binding(&member.traits),
                sensitive: self.sensitive(&member.traits, &member.target),
                deprecated: member.traits.deprecated.clone(),
                wire_default: default.is_some()
                    && self.binding(&member.traits) == Binding::Body
                    && !member.traits.client_optional,
                default,
                ty,
            });
        }
        Ok(Structure {
            id: shape.id.clone(),
            name: name.to_owned(),
            docs: shape.traits.documentation.clone(),
            members,
            usage,
            validated: false,
            error,
            is_union,
            sensitive: shape.traits.sensitive,
            deprecated: shape.traits.deprecated.clone(),
        })
    }

    /// The type of a member of `owner` targeting `target`, `depth` lists
    /// and maps down from the structure that holds it.
    fn member_type(
        &self,
        owner: &ShapeId,
        target: &ShapeId,
        member_traits: &TraitSet,
        naming: &Naming,
        depth: usize,
    ) -> Result<Type> {
        if depth > MAX_COLLECTION_NESTING {
            return Err(self.error(
                target,
                format!(
                    "lists and maps nest more than {MAX_COLLECTION_NESTING} deep here \
                     (a list or map that holds itself, which Smithy forbids, or a chain \
                     of them too deep for a Rust type)"
                ),
            ));
        }
        let shape = self.shape(target)?;
        if target.as_str() == crate::model::UNIT {
            let in_union = self.shape(owner).is_ok_and(|s| s.kind == ShapeKind::Union);
            if !in_union {
                return Err(self.error(owner, "only union members may target smithy.api#Unit"));
            }
            return Ok(Type {
                target: target.clone(),
                kind: TypeKind::Unit,
                constraints: Constraints::default(),
                media_type: None,
                streaming: false,
                xml: member_traits.xml.clone(),
            });
        }
        let constraints = merged_constraints(&shape.traits, member_traits);
        let named = || {
            naming
                .types
                .get(target)
                .cloned()
                .ok_or_else(|| self.error(owner, format!("{target} was not named")))
        };
        let sparse = shape.traits.sparse;
        let element = |index: usize| -> Result<Box<Type>> {
            let member = shape
                .members
                .get(index)
                .ok_or_else(|| self.error(target, "collection without members"))?;
            Ok(Box::new(self.member_type(
                target,
                &member.target,
                &member.traits,
                naming,
                depth + 1,
            )?))
        };
        let kind = match shape.kind {
            ShapeKind::String if shape.traits.legacy_enum.is_some() => TypeKind::Enum(named()?),
            ShapeKind::String => TypeKind::String,
            ShapeKind::Boolean => TypeKind::Bool,
            ShapeKind::Byte => TypeKind::Byte,
            ShapeKind::Short => TypeKind::Short,
            ShapeKind::Integer => TypeKind::Integer,
            ShapeKind::IntEnum => TypeKind::IntEnum(named()?),
            ShapeKind::Long => TypeKind::Long,
            ShapeKind::Float => TypeKind::Float,
            ShapeKind::Double => TypeKind::Double,
            ShapeKind::BigInteger => TypeKind::BigInteger,
            ShapeKind::BigDecimal => TypeKind::BigDecimal,
            ShapeKind::Blob => TypeKind::Blob,
            ShapeKind::Timestamp => TypeKind::Timestamp(
                member_traits
                    .timestamp_format
                    .or(shape.traits.timestamp_format),
            ),
            ShapeKind::Document => TypeKind::Document,
            ShapeKind::Enum => TypeKind::Enum(named()?),
            ShapeKind::Structure | ShapeKind::Union => TypeKind::Structure(named()?),
            ShapeKind::List => TypeKind::List {
                member: element(0)?,
                sparse,
            },
            ShapeKind::Map => TypeKind::Map {
                key: element(0)?,
                value: element(1)?,
                sparse,
            },
            ShapeKind::Operation | ShapeKind::Service | ShapeKind::Resource => {
                return Err(self.error(
                    owner,
                    format!("a member targets {target}, not a data shape"),
                ));
            }
        };
        Ok(Type {
            target: target.clone(),
            kind,
            constraints,
            media_type: shape.traits.media_type.clone(),
            streaming: shape.traits.streaming,
            xml: member_traits.xml.clone(),
        })
    }

    fn enumeration(&self, shape: &Shape, name: &str, usage: Usage) -> Result<Enum> {
        let mut namespace = Namespace::with_reserved(&["Unknown"]);
        let mut variants = Vec::new();
        if shape.kind == ShapeKind::IntEnum {
            for member in &shape.members {
                let number = match &member.traits.enum_value {
                    Some(EnumValue::Int(value)) => i32::try_from(*value).ok(),
                    _ => None,
                }
                .ok_or_else(|| {
                    self.error(
                        &shape.id,
                        format!(
                            "intEnum member {} needs an enumValue that is a 32-bit integer",
                            member.name
                        ),
                    )
                })?;
                variants.push(Variant {
                    rust_name: namespace.claim(names::type_name(&member.name)),
                    value: number.to_string(),
                    number: Some(number),
                    docs: member.traits.documentation.clone(),
                });
            }
        } else if shape.kind == ShapeKind::Enum {
            for member in &shape.members {
                let value = match &member.traits.enum_value {
                    Some(EnumValue::String(value)) => value.clone(),
                    Some(EnumValue::Int(_)) => {
                        return Err(self.error(
                            &shape.id,
                            format!("enum member {} has an integer value", member.name),
                        ));
                    }
                    None => member.name.clone(),
                };
                variants.push(Variant {
                    rust_name: namespace.claim(names::type_name(&member.name)),
                    value,
                    number: None,
                    docs: member.traits.documentation.clone(),
                });
            }
        } else {
            // Smithy 1.0's `enum` trait on a string: values with optional names.
            for definition in shape.traits.legacy_enum.iter().flatten() {
                let variant_source = definition.name.as_deref().unwrap_or(&definition.value);
                variants.push(Variant {
                    rust_name: namespace.claim(names::type_name(variant_source)),
                    value: definition.value.clone(),
                    number: None,
                    docs: definition.documentation.clone(),
                });
            }
        }
        Ok(Enum {
            id: shape.id.clone(),
            name: name.to_owned(),
            docs: shape.traits.documentation.clone(),
            variants,
            int: shape.kind == ShapeKind::IntEnum,
            deprecated: shape.traits.deprecated.clone(),
            usage,
            constraints: members::declared(&shape.traits).constraints,
            sensitive: shape.traits.sensitive,
        })
    }

    /// The shapes `usage` reaches that are not named (no Rust type of their
    /// own), with what they declare.
    fn inline_shapes(
        &self,
        usage: &BTreeMap<ShapeId, Usage>,
        naming: &Naming,
    ) -> Result<BTreeMap<ShapeId, InlineShape>> {
        let mut found = BTreeMap::new();
        for (id, shape_usage) in usage {
            if naming.types.contains_key(id) {
                continue;
            }
            let shape = self.shape(id)?;
            found.insert(
                id.clone(),
                InlineShape {
                    id: id.clone(),
                    ty: self.member_type(id, id, &TraitSet::default(), naming, 0)?,
                    declared: members::declared(&shape.traits),
                    deprecated: shape.traits.deprecated.clone(),
                    usage: *shape_usage,
                    members: shape
                        .members
                        .iter()
                        .map(|m| Element {
                            name: m.name.clone(),
                            declared: members::declared(&m.traits),
                            xml: m.traits.xml.clone(),
                        })
                        .collect(),
                },
            );
        }
        Ok(found)
    }
}

/// Every data shape the operations reach, with how it is used: from their
/// inputs (sent in requests), and from their outputs and errors (read from
/// responses).
fn closure(model: &Model, ops: &[&Shape]) -> BTreeMap<ShapeId, Usage> {
    let mut usage: BTreeMap<ShapeId, Usage> = BTreeMap::new();
    let mut pending: Vec<(ShapeId, bool)> = Vec::new();
    for op in ops {
        pending.extend(op.input.iter().map(|id| (id.clone(), true)));
        pending.extend(op.output.iter().map(|id| (id.clone(), false)));
        pending.extend(op.errors.iter().map(|id| (id.clone(), false)));
    }
    // Unit is no input or output, and a union member targeting it is a
    // variant without a value (`TypeKind::Unit`): no type either way.
    while let Some((id, input)) = pending.pop() {
        if id.as_str() == crate::model::UNIT {
            continue;
        }
        let entry = usage.entry(id.clone()).or_default();
        let known = if input { entry.input } else { entry.output };
        if known {
            continue;
        }
        if input {
            entry.input = true;
        } else {
            entry.output = true;
        }
        if let Some(shape) = model.shape(&id) {
            if !matches!(shape.kind, ShapeKind::Enum | ShapeKind::IntEnum) {
                pending.extend(shape.members.iter().map(|m| (m.target.clone(), input)));
            }
        }
    }
    usage
}

/// The target's constraints, each replaced by the member's where the
/// member has its own. A pattern that is not an ECMAScript regular
/// expression is left out (see [`Service::unchecked_patterns`]).
fn merged_constraints(target: &TraitSet, member: &TraitSet) -> Constraints {
    Constraints {
        length: member.length.or(target.length),
        pattern: member
            .pattern
            .as_ref()
            .or(target.pattern.as_ref())
            .filter(|pattern| traits::pattern_problem(pattern).is_none())
            .cloned(),
        range: member.range.or(target.range),
    }
}

/// Takes the wire defaults off the members of operation inputs: Smithy
/// makes the members of `@input` structures client-optional, and the AWS
/// SDKs treat every operation's input so (models converted from Smithy 1.0
/// have inputs without `@input`), so that a service may drop a default
/// without old clients sending it.
fn input_members_optional(service: &mut Service) {
    for op in service.operations.values() {
        let Some(input) = op
            .input
            .as_ref()
            .and_then(|i| service.structures.get_mut(i))
        else {
            continue;
        };
        for field in &mut input.members {
            field.wire_default = false;
        }
    }
}

/// Boxes every structure-typed field that lies on a cycle of directly held
/// structures, so the types have a finite size, and every structure a union
/// holds.
fn mark_boxed(service: &mut Service) {
    let edges: BTreeMap<String, BTreeSet<String>> = service
        .structures
        .iter()
        .map(|(name, s)| {
            let targets = s
                .members
                .iter()
                .filter_map(|f| match &f.ty.kind {
                    TypeKind::Structure(t) => Some(t.clone()),
                    _ => None,
                })
                .collect();
            (name.clone(), targets)
        })
        .collect();
    let component = strongly_connected(&edges);
    for (name, structure) in service.structures.iter_mut() {
        let is_union = structure.is_union;
        for field in &mut structure.members {
            if let TypeKind::Structure(target) = &field.ty.kind {
                // A union's variants hold structures boxed, cycle or not:
                // an enum is as large as its largest variant, and one large
                // structure would make every value of the union that large.
                // Otherwise the field is on a cycle exactly when its target
                // reaches back to this structure: the two share a strongly
                // connected component.
                let cycle = component.get(target.as_str()) == component.get(name.as_str());
                field.boxed = is_union || cycle;
            }
        }
    }
}

/// The strongly connected component of every node of `edges` (Tarjan's
/// algorithm, with an explicit stack so that a long chain of shapes cannot
/// overflow the thread's): linear in the graph, where asking "does the
/// target reach back?" for every field was quadratic.
fn strongly_connected(edges: &BTreeMap<String, BTreeSet<String>>) -> BTreeMap<&str, usize> {
    let mut tarjan = Tarjan {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        calls: Vec::new(),
        component: BTreeMap::new(),
    };
    for root in edges.keys() {
        if !tarjan.index.contains_key(root.as_str()) {
            tarjan.run(root);
        }
    }
    tarjan.component
}

struct Tarjan<'a> {
    edges: &'a BTreeMap<String, BTreeSet<String>>,
    index: BTreeMap<&'a str, usize>,
    low: BTreeMap<&'a str, usize>,
    stack: Vec<&'a str>,
    on_stack: BTreeSet<&'a str>,
    /// The depth-first search's frames: a node and its successors left.
    calls: Vec<(&'a str, std::vec::IntoIter<&'a str>)>,
    component: BTreeMap<&'a str, usize>,
}

impl<'a> Tarjan<'a> {
    fn visit(&mut self, node: &'a str) {
        let n = self.index.len();
        self.index.insert(node, n);
        self.low.insert(node, n);
        self.stack.push(node);
        self.on_stack.insert(node);
        let successors: Vec<&'a str> = self
            .edges
            .get(node)
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect();
        self.calls.push((node, successors.into_iter()));
    }

    fn lower(&mut self, node: &'a str, to: usize) {
        self.low.entry(node).and_modify(|low| *low = (*low).min(to));
    }

    fn run(&mut self, root: &'a str) {
        self.visit(root);
        while let Some((node, next)) = self.calls.last_mut().map(|(n, it)| (*n, it.next())) {
            match next {
                Some(next) if !self.index.contains_key(next) => self.visit(next),
                Some(next) => {
                    if self.on_stack.contains(next) {
                        let reached = self.index.get(next).copied().unwrap_or(usize::MAX);
                        self.lower(node, reached);
                    }
                }
                None => {
                    self.calls.pop();
                    let low = self.low.get(node).copied().unwrap_or(usize::MAX);
                    if let Some(&(parent, _)) = self.calls.last() {
                        self.lower(parent, low);
                    }
                    if self.index.get(node) == Some(&low) {
                        let id = self.component.len();
                        while let Some(member) = self.stack.pop() {
                            self.on_stack.remove(member);
                            self.component.insert(member, id);
                            if member == node {
                                break;
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Decides which input structures have anything to validate, by fixpoint
/// (recursive shapes make a plain recursion loop).
fn mark_validated(service: &mut Service) {
    loop {
        let mut changed = false;
        let names: Vec<String> = service.structures.keys().cloned().collect();
        for name in names {
            let Some(structure) = service.structures.get(&name) else {
                continue;
            };
            if structure.validated || !structure.usage.input {
                continue;
            }
            let validated = structure
                .members
                .iter()
                .any(|f| f.ty.needs_validation(service));
            if validated {
                if let Some(s) = service.structures.get_mut(&name) {
                    s.validated = true;
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
}

/// Splits a URI pattern (checked by the loader) into path parts and the
/// constant query string.
fn uri_pattern(uri: &str) -> (Vec<UriPart>, Option<String>) {
    let (path, query) = match uri.split_once('?') {
        Some((path, query)) => (path, Some(query.to_owned())),
        None => (uri, None),
    };
    let mut parts = Vec::new();
    let mut literal = String::new();
    for (index, segment) in path.split('/').enumerate() {
        if index > 0 {
            literal.push('/');
        }
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(label) => {
                if !literal.is_empty() {
                    parts.push(UriPart::Literal(std::mem::take(&mut literal)));
                }
                let (name, greedy) = match label.strip_suffix('+') {
                    Some(name) => (name, true),
                    None => (label, false),
                };
                parts.push(UriPart::Label {
                    name: name.to_owned(),
                    greedy,
                });
            }
            None => literal.push_str(segment),
        }
    }
    if !literal.is_empty() {
        parts.push(UriPart::Literal(literal));
    }
    (parts, query.filter(|q| !q.is_empty()))
}
