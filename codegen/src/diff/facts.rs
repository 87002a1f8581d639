//! The facts of the IR the report compares, as the report shows them: Rust
//! types, type labels, bindings, and the traits the generator reads (as
//! the JSON the model writes them in).

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::ir::{
    Binding, Constraints, DefaultValue, Document, Element, Enum, Field, HostPart, InlineShape,
    Operation, Paginated, StaticValue, Structure, TimestampFormat, Type, TypeKind,
};

/// A shape one side reaches.
#[derive(Clone, Copy)]
pub(super) enum Node<'a> {
    Structure(&'a Structure),
    Enum(&'a Enum),
    Inline(&'a InlineShape),
}

impl Node<'_> {
    /// Whether the generator emits a Rust type for it.
    pub(super) fn is_named(self) -> bool {
        !matches!(self, Node::Inline(_))
    }

    /// The Rust type of a value of it.
    pub(super) fn rust(self) -> String {
        match self {
            Node::Structure(s) => s.name.clone(),
            Node::Enum(e) => e.name.clone(),
            Node::Inline(i) => rust(&i.ty),
        }
    }

    /// Its type as the report names it; a string with the `enum` trait is
    /// an `enum`, as the generator treats it.
    pub(super) fn label(self) -> &'static str {
        match self {
            Node::Structure(s) if s.is_union => "union",
            Node::Structure(_) => "structure",
            Node::Enum(e) if e.int => "intEnum",
            Node::Enum(_) => "enum",
            Node::Inline(i) => match &i.ty.kind {
                TypeKind::String => "string",
                TypeKind::Bool => "boolean",
                TypeKind::Byte => "byte",
                TypeKind::Short => "short",
                TypeKind::Integer => "integer",
                TypeKind::Long => "long",
                TypeKind::Float => "float",
                TypeKind::Double => "double",
                TypeKind::BigInteger => "bigInteger",
                TypeKind::BigDecimal => "bigDecimal",
                TypeKind::Blob => "blob",
                TypeKind::Timestamp(_) => "timestamp",
                TypeKind::Document => "document",
                TypeKind::List { sparse: true, .. } => "sparse list",
                TypeKind::List { .. } => "list",
                TypeKind::Map { sparse: true, .. } => "sparse map",
                TypeKind::Map { .. } => "map",
                TypeKind::Structure(_) => "structure",
                TypeKind::Enum(_) => "enum",
                TypeKind::IntEnum(_) => "intEnum",
                TypeKind::Unit => "structure",
            },
        }
    }

    /// The constraints it declares.
    pub(super) fn constraints(self) -> Constraints {
        match self {
            Node::Structure(_) => Constraints::default(),
            Node::Enum(e) => e.constraints.clone(),
            Node::Inline(i) => i.declared.constraints.clone(),
        }
    }

    /// Which of them the generated client checks.
    pub(super) fn checked(self) -> crate::ir::Checked {
        match self {
            Node::Inline(i) => i.ty.checked(),
            _ => crate::ir::Checked::default(),
        }
    }

    /// Its documentation and the traits the generator reads.
    pub(super) fn facts(self) -> Facts {
        match self {
            Node::Structure(s) => {
                let mut facts = Facts::docs(s.docs.as_deref());
                facts.deprecated(s.deprecated.as_ref());
                facts.flag(crate::model::traits::SENSITIVE, s.sensitive);
                if let Some(error) = &s.error {
                    let fault = if error.server { "server" } else { "client" };
                    facts.set(crate::model::traits::ERROR, json!(fault));
                    if let Some(status) = error.status {
                        facts.set(crate::model::traits::HTTP_ERROR, json!(status));
                    }
                    // The query protocols' code, which the resolver put in
                    // place of the shape's name (or beside it, as the alias
                    // of a query-compatible service).
                    let query_code = error
                        .alias
                        .as_deref()
                        .or((error.code != s.id.name()).then_some(error.code.as_str()));
                    if let Some(code) = query_code {
                        facts.set(crate::model::traits::AWS_QUERY_ERROR, json!(code));
                    }
                }
                facts
            }
            Node::Enum(e) => {
                let mut facts = Facts::docs(e.docs.as_deref());
                facts.deprecated(e.deprecated.as_ref());
                facts.flag(crate::model::traits::SENSITIVE, e.sensitive);
                facts
            }
            Node::Inline(i) => {
                let mut facts = Facts::docs(i.declared.docs.as_deref());
                facts.timestamp_format = i.declared.timestamp_format;
                facts.deprecated(i.deprecated.as_ref());
                facts.flag(crate::model::traits::SENSITIVE, i.declared.sensitive);
                if let Some(media_type) = &i.ty.media_type {
                    facts.set(crate::model::traits::MEDIA_TYPE, json!(media_type));
                }
                facts.flag(crate::model::traits::STREAMING, i.ty.streaming);
                facts
            }
        }
    }
}

/// What the comparison reads of a shape, member or operation besides its
/// type: documentation, `jsonName`, `timestampFormat`, and the other
/// traits the generator reads, by trait id, as JSON.
#[derive(Default)]
pub(super) struct Facts {
    pub(super) docs: Option<String>,
    pub(super) json_name: Option<String>,
    pub(super) timestamp_format: Option<TimestampFormat>,
    pub(super) traits: BTreeMap<&'static str, Value>,
}

impl Facts {
    fn docs(docs: Option<&str>) -> Facts {
        Facts {
            docs: docs.map(str::to_owned),
            ..Facts::default()
        }
    }

    fn set(&mut self, id: &'static str, value: Value) {
        self.traits.insert(id, value);
    }

    /// A trait without a value (`{}` in the model).
    fn flag(&mut self, id: &'static str, present: bool) {
        if present {
            self.set(id, json!({}));
        }
    }

    fn deprecated(&mut self, deprecated: Option<&crate::ir::Deprecated>) {
        if let Some(d) = deprecated {
            let mut value = serde_json::Map::new();
            if let Some(message) = &d.message {
                value.insert("message".to_owned(), json!(message));
            }
            if let Some(since) = &d.since {
                value.insert("since".to_owned(), json!(since));
            }
            self.set(crate::model::traits::DEPRECATED, Value::Object(value));
        }
    }

    /// A member of a structure or union.
    pub(super) fn field(f: &Field) -> Facts {
        use crate::model::traits;
        let mut facts = Facts::docs(f.declared.docs.as_deref());
        facts.json_name = (f.json_name != f.wire_name).then(|| f.json_name.clone());
        facts.timestamp_format = f.declared.timestamp_format;
        facts.deprecated(f.deprecated.as_ref());
        facts.flag(traits::SENSITIVE, f.declared.sensitive);
        facts.flag(traits::IDEMPOTENCY_TOKEN, f.idempotency_token);
        if let Some(default) = &f.default {
            facts.set(traits::DEFAULT, default_json(default, &f.ty));
        }
        facts.flag(traits::CLIENT_OPTIONAL, f.client_optional);
        facts.flag(traits::HOST_LABEL, f.host_label);
        if let Some(name) = &f.context_param {
            facts.set(traits::CONTEXT_PARAM, json!({ "name": name }));
        }
        facts.xml(&f.ty.xml);
        facts
    }

    /// The XML and query traits of a member.
    fn xml(&mut self, xml: &crate::ir::Xml) {
        use crate::model::traits;
        if let Some(name) = &xml.name {
            self.set(traits::XML_NAME, json!(name));
        }
        self.flag(traits::XML_FLATTENED, xml.flattened);
        self.flag(traits::XML_ATTRIBUTE, xml.attribute);
        if let Some(namespace) = &xml.namespace {
            self.set(
                traits::XML_NAMESPACE,
                json!({ "uri": namespace.uri, "prefix": namespace.prefix }),
            );
        }
        if let Some(name) = &xml.ec2_query_name {
            self.set(traits::EC2_QUERY_NAME, json!(name));
        }
    }

    /// A member of a list or map.
    pub(super) fn element(element: &Element) -> Facts {
        let mut facts = Facts::docs(element.declared.docs.as_deref());
        facts.timestamp_format = element.declared.timestamp_format;
        facts.flag(crate::model::traits::SENSITIVE, element.declared.sensitive);
        facts.xml(&element.xml);
        facts
    }

    pub(super) fn operation(op: &Operation) -> Facts {
        use crate::model::traits;
        let mut facts = Facts::docs(op.docs.as_deref());
        facts.deprecated(op.deprecated.as_ref());
        if let Some(encodings) = &op.request_compression {
            facts.set(
                traits::REQUEST_COMPRESSION,
                json!({ "encodings": encodings }),
            );
        }
        facts.flag(traits::HTTP_CHECKSUM_REQUIRED, op.checksum_required);
        let endpoint = &op.endpoint;
        if !endpoint.host_prefix.is_empty() {
            let prefix: String = endpoint
                .host_prefix
                .iter()
                .map(|part| match part {
                    HostPart::Literal(text) => text.clone(),
                    HostPart::Label(field) => format!("{{{}}}", field.wire_name),
                })
                .collect();
            facts.set(traits::ENDPOINT, json!({ "hostPrefix": prefix }));
        }
        if !endpoint.static_params.is_empty() {
            let params: serde_json::Map<String, Value> = endpoint
                .static_params
                .iter()
                .map(|(name, value)| {
                    let value = match value {
                        StaticValue::Bool(b) => json!(b),
                        StaticValue::String(s) => json!(s),
                        StaticValue::Strings(list) => json!(list),
                    };
                    (name.clone(), json!({ "value": value }))
                })
                .collect();
            facts.set(traits::STATIC_CONTEXT_PARAMS, Value::Object(params));
        }
        if !endpoint.path_params.is_empty() {
            let params: serde_json::Map<String, Value> = endpoint
                .path_params
                .iter()
                .map(|p| (p.param.clone(), json!({ "path": p.text })))
                .collect();
            facts.set(traits::OPERATION_CONTEXT_PARAMS, Value::Object(params));
        }
        facts
    }
}

/// A default value as the model writes it.
fn default_json(default: &DefaultValue, ty: &Type) -> Value {
    match default {
        DefaultValue::Bool(b) => json!(b),
        DefaultValue::Number(n) => Document::Number(*n).to_json(),
        DefaultValue::String(s) => json!(s),
        // The bytes, not the model's base64: equal bytes are one default.
        DefaultValue::Blob(bytes) => json!(bytes),
        DefaultValue::Document(value) => value.to_json(),
        DefaultValue::Empty if matches!(ty.kind, TypeKind::Map { .. }) => json!({}),
        DefaultValue::Empty => json!([]),
    }
}

/// A `timestampFormat` as the model writes it.
pub(super) fn timestamp_format(format: Option<TimestampFormat>) -> Option<Value> {
    format.map(|f| {
        json!(match f {
            TimestampFormat::DateTime => "date-time",
            TimestampFormat::HttpDate => "http-date",
            TimestampFormat::EpochSeconds => "epoch-seconds",
        })
    })
}

/// An operation's pagination, merged with the service's defaults, as the
/// `paginated` trait would write it.
pub(super) fn paginated(p: &Paginated) -> String {
    let path = |steps: &[crate::ir::FieldStep]| -> String {
        steps
            .iter()
            .map(|s| s.wire_name.as_str())
            .collect::<Vec<_>>()
            .join(".")
    };
    let mut value = serde_json::Map::new();
    value.insert(
        "inputToken".to_owned(),
        json!(path(std::slice::from_ref(&p.input_token))),
    );
    value.insert("outputToken".to_owned(), json!(path(&p.output_token)));
    if let Some(page_size) = &p.page_size {
        value.insert(
            "pageSize".to_owned(),
            json!(path(std::slice::from_ref(page_size))),
        );
    }
    if let Some(items) = &p.items {
        value.insert("items".to_owned(), json!(path(&items.path)));
    }
    Value::Object(value).to_string()
}

/// The Rust type the generator writes for a value of `ty`, without paths.
pub(super) fn rust(ty: &Type) -> String {
    let sparse = |ty: String, sparse: bool| {
        if sparse { format!("Option<{ty}>") } else { ty }
    };
    match &ty.kind {
        TypeKind::String => "String".to_owned(),
        TypeKind::Bool => "bool".to_owned(),
        TypeKind::Byte => "i8".to_owned(),
        TypeKind::Short => "i16".to_owned(),
        TypeKind::Integer => "i32".to_owned(),
        TypeKind::Long => "i64".to_owned(),
        TypeKind::Float => "f32".to_owned(),
        TypeKind::Double => "f64".to_owned(),
        TypeKind::BigInteger => "BigInteger".to_owned(),
        TypeKind::BigDecimal => "BigDecimal".to_owned(),
        TypeKind::Blob => "Blob".to_owned(),
        TypeKind::Timestamp(_) => "DateTime".to_owned(),
        TypeKind::Document => "Document".to_owned(),
        TypeKind::Unit => "()".to_owned(),
        TypeKind::List { member, sparse: s } => format!("Vec<{}>", sparse(rust(member), *s)),
        TypeKind::Map {
            key,
            value,
            sparse: s,
        } => format!("HashMap<{}, {}>", rust(key), sparse(rust(value), *s)),
        TypeKind::Structure(name) | TypeKind::Enum(name) | TypeKind::IntEnum(name) => name.clone(),
    }
}

/// The element types of a list (`member`) or map (`key`, `value`), in the
/// order of [`InlineShape::members`].
pub(super) fn elements(ty: &Type) -> Vec<&Type> {
    match &ty.kind {
        TypeKind::List { member, .. } => vec![member],
        TypeKind::Map { key, value, .. } => vec![key, value],
        _ => Vec::new(),
    }
}

/// Where a member travels, as the report shows it.
pub(super) fn binding(binding: &Binding) -> String {
    match binding {
        Binding::Label => "URI label".to_owned(),
        Binding::Query(name) => format!("query parameter {name:?}"),
        Binding::QueryParams => "query parameters (map)".to_owned(),
        Binding::Header(name) => format!("header {name:?}"),
        Binding::PrefixHeaders(prefix) => format!("headers prefixed {prefix:?}"),
        Binding::Payload => "the whole body (payload)".to_owned(),
        Binding::ResponseCode => "the status code".to_owned(),
        Binding::Body => "the JSON body".to_owned(),
    }
}

/// A JSON value as the details show it: strings quoted, `none` for absent.
pub(super) fn show(value: Option<&Value>) -> String {
    match value {
        None => "none".to_owned(),
        Some(Value::String(s)) => format!("{s:?}"),
        Some(other) => other.to_string(),
    }
}
