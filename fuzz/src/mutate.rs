//! JSON-level mutations of a Smithy JSON AST model, chosen with `arbitrary`.
//!
//! Each [`Mutation`] names what it changes by index (taken modulo the number
//! of candidates), so any bytes give a mutation that applies to any model;
//! one that finds nothing to change (no shapes, no members) does nothing.
//! The mutations keep the file mostly well formed JSON and mostly a model,
//! so the generator gets past its parser and checks into `ir` and `emit`.

use arbitrary::{Arbitrary, Unstructured};
use serde_json::{Map, Number, Value, json};

/// Applies up to `max` mutations read from `bytes` to `model`; returns how
/// many were applied.
pub fn mutate_with(model: &mut Value, bytes: &[u8], max: usize) -> usize {
    let mut u = Unstructured::new(bytes);
    let mut applied = 0;
    while applied < max {
        let Ok(mutation) = Mutation::arbitrary(&mut u) else {
            break;
        };
        mutation.apply(model);
        applied += 1;
    }
    applied
}

/// One change to a model.
#[derive(Debug, Clone, Arbitrary)]
pub enum Mutation {
    /// Removes a key of some object (a shape's `type`, a member's `target`,
    /// a trait, a whole member...).
    DeleteKey { node: u32, key: u32 },
    /// Replaces some value with one of another JSON type.
    ChangeType { node: u32, to: Weird },
    /// Replaces some string with a weird one.
    ReplaceString { node: u32, with: NameStyle },
    /// Replaces some string with a shape id (operation input, a service's
    /// operation, an error, a member target...).
    StringToShapeId { node: u32, to: u32 },
    /// Renames a shape, updating references to it or leaving them dangling.
    RenameShape {
        shape: u32,
        name: NameStyle,
        update_refs: bool,
    },
    /// Points a member at another shape (or a prelude shape, or nothing).
    Retarget { shape: u32, member: u32, to: u32 },
    /// Adds a copy of a shape whose name differs (mostly in case) and makes
    /// a structure refer to it, so both are reached.
    DuplicateShape {
        shape: u32,
        style: NameStyle,
        attach: u32,
    },
    /// Adds a copy of a member whose name differs (mostly in case).
    DuplicateMember {
        shape: u32,
        member: u32,
        style: NameStyle,
    },
    /// Adds a member with a weird name to a shape.
    AddMember {
        shape: u32,
        name: NameStyle,
        to: u32,
    },
    /// Sets a trait on a shape or one of its members.
    AddTrait {
        shape: u32,
        member: Option<u32>,
        which: TraitId,
        value: TraitValue,
    },
    /// Changes a shape's `type`, keeping everything else.
    ChangeShapeType { shape: u32, to: u8 },
    /// Removes a shape (references to it dangle).
    RemoveShape { shape: u32 },
    /// Wraps some value in deeply nested arrays or objects.
    DeepNest { node: u32, depth: u8, array: bool },
    /// Adds a chain of shapes, each containing the next, hung off a
    /// structure: deep nesting of the type graph, or a cycle.
    ShapeChain {
        attach: u32,
        len: u16,
        kind: ChainKind,
        cyclic: bool,
    },
    /// Replaces some value with a copy of another.
    CopyNode { from: u32, to: u32 },
}

/// What a [`Mutation::ShapeChain`] is made of.
#[derive(Debug, Clone, Copy, Arbitrary)]
pub enum ChainKind {
    Structure,
    List,
    Map,
    Union,
    Mixed,
}

/// A value of some JSON type, chosen to be awkward.
#[derive(Debug, Clone, Arbitrary)]
pub enum Weird {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(f64),
    Str(String),
    Name(NameStyle),
    EmptyArray,
    EmptyObject,
    ArrayOfNulls,
    NestedObject,
    LongString(u16),
}

impl Weird {
    fn value(&self, base: &str) -> Value {
        match self {
            Weird::Null => Value::Null,
            Weird::Bool(b) => Value::Bool(*b),
            Weird::Int(i) => json!(i),
            Weird::UInt(u) => json!(u),
            Weird::Float(f) => Number::from_f64(*f).map_or(Value::Null, Value::Number),
            Weird::Str(s) => Value::String(s.clone()),
            Weird::Name(style) => Value::String(style.apply(base)),
            Weird::EmptyArray => json!([]),
            Weird::EmptyObject => json!({}),
            Weird::ArrayOfNulls => json!([null, null]),
            Weird::NestedObject => json!({ "a": { "b": [1, "c", { "d": null }] } }),
            Weird::LongString(n) => Value::String("a".repeat(usize::from(*n) % 20_000)),
        }
    }
}

/// How to make a new name out of an old one.
#[derive(Debug, Clone, Arbitrary)]
pub enum NameStyle {
    LowerFirst,
    UpperFirst,
    Upper,
    Lower,
    /// `FooBar` → `Foo_Bar`, `foo_bar`, `foo-bar`, `Foo__Bar`...
    Separated(u8),
    /// A Rust keyword, std name or a name the generator emits itself.
    Reserved(u8),
    DigitFirst,
    Unicode(u8),
    Empty,
    Punctuation(u8),
    Repeated(u8),
    Suffix(u8),
    Other(String),
}

const RESERVED: &[&str] = &[
    "type",
    "Self",
    "self",
    "crate",
    "super",
    "gen",
    "async",
    "await",
    "r#type",
    "dyn",
    "union",
    "match",
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "HashMap",
    "Unknown",
    "Unhandled",
    "Client",
    "Config",
    "Error",
    "Builder",
    "build",
    "builder",
    "meta",
    "Default",
    "std",
    "core",
    "smithy_runtime",
    "_",
    "__",
    "__type",
    "as_str",
    "VALUES",
    "from",
    "fmt",
    "new",
    "serde",
];

const UNICODE: &[&str] = &[
    "Ünïcødé",
    "名前",
    "a\u{200b}b",
    "\u{301}x",
    "ß",
    "İstanbul",
    "ǅemal",
    "x\u{0}y",
    "\u{feff}",
    "😀",
    "\u{10ffff}",
];

const PUNCTUATION: &[&str] = &[
    "-", ".", "$", "#", " ", "/", ":", "\\", "\"", "'", "{", "}", "+", "*", "?", "\n", "<",
];

const SUFFIXES: &[&str] = &[
    "Error",
    "Builder",
    "_",
    "Paginator",
    "Request",
    "Response",
    "Input",
    "Output",
    "Exception",
    "Unknown",
    "_paginator",
];

impl NameStyle {
    /// The new name made from `base`.
    pub fn apply(&self, base: &str) -> String {
        match self {
            NameStyle::LowerFirst => change_first(base, char::to_lowercase),
            NameStyle::UpperFirst => change_first(base, char::to_uppercase),
            NameStyle::Upper => base.to_uppercase(),
            NameStyle::Lower => base.to_lowercase(),
            NameStyle::Separated(n) => separated(base, *n),
            NameStyle::Reserved(n) => pick(RESERVED, *n).to_owned(),
            NameStyle::DigitFirst => format!("1{base}"),
            NameStyle::Unicode(n) => format!("{base}{}", pick(UNICODE, *n)),
            NameStyle::Empty => String::new(),
            NameStyle::Punctuation(n) => {
                let mid = base.char_indices().nth(1).map_or(base.len(), |(i, _)| i);
                format!("{}{}{}", &base[..mid], pick(PUNCTUATION, *n), &base[mid..])
            }
            NameStyle::Repeated(n) => base.repeat(usize::from(*n % 64) + 2),
            NameStyle::Suffix(n) => format!("{base}{}", pick(SUFFIXES, *n)),
            NameStyle::Other(s) => s.clone(),
        }
    }
}

fn change_first<I: Iterator<Item = char>>(base: &str, f: impl Fn(char) -> I) -> String {
    let mut chars = base.chars();
    match chars.next() {
        Some(first) => f(first).chain(chars).collect(),
        None => String::new(),
    }
}

/// Inserts a separator before every inner capital and picks a case.
fn separated(base: &str, n: u8) -> String {
    let separator = ["_", "-", "__", ".", " "][usize::from(n % 5)];
    let mut out = String::new();
    for (i, c) in base.chars().enumerate() {
        if i > 0 && c.is_uppercase() {
            out.push_str(separator);
        }
        out.push(c);
    }
    if n / 5 % 2 == 1 {
        out.to_lowercase()
    } else {
        out
    }
}

fn pick<T: Copy>(items: &[T], n: impl Into<u64>) -> T {
    items[index(n.into(), items.len())]
}

/// `n` modulo `len` as an index; 0 when `len` is 0 (callers then find
/// nothing at it).
fn index(n: u64, len: usize) -> usize {
    // `len` fits in u64 on every target; the result is below `len`.
    n.checked_rem(len as u64).unwrap_or(0) as usize
}

/// Traits the generator reads, and a few it should ignore.
#[derive(Debug, Clone, Copy, Arbitrary)]
pub enum TraitId {
    Required,
    Default,
    Length,
    Range,
    Pattern,
    Documentation,
    EnumValue,
    JsonName,
    HttpError,
    Http,
    HttpLabel,
    HttpQuery,
    HttpQueryParams,
    HttpHeader,
    HttpPrefixHeaders,
    HttpPayload,
    HttpResponseCode,
    TimestampFormat,
    IdempotencyToken,
    Sensitive,
    Deprecated,
    Error,
    Paginated,
    Streaming,
    Sparse,
    Title,
    AwsService,
    RestJson1,
    LegacyEnum,
    MediaType,
    UniqueItems,
    Retryable,
    Input,
    Output,
    Internal,
    Unknown,
}

impl TraitId {
    fn id(self) -> &'static str {
        match self {
            TraitId::Required => "smithy.api#required",
            TraitId::Default => "smithy.api#default",
            TraitId::Length => "smithy.api#length",
            TraitId::Range => "smithy.api#range",
            TraitId::Pattern => "smithy.api#pattern",
            TraitId::Documentation => "smithy.api#documentation",
            TraitId::EnumValue => "smithy.api#enumValue",
            TraitId::JsonName => "smithy.api#jsonName",
            TraitId::HttpError => "smithy.api#httpError",
            TraitId::Http => "smithy.api#http",
            TraitId::HttpLabel => "smithy.api#httpLabel",
            TraitId::HttpQuery => "smithy.api#httpQuery",
            TraitId::HttpQueryParams => "smithy.api#httpQueryParams",
            TraitId::HttpHeader => "smithy.api#httpHeader",
            TraitId::HttpPrefixHeaders => "smithy.api#httpPrefixHeaders",
            TraitId::HttpPayload => "smithy.api#httpPayload",
            TraitId::HttpResponseCode => "smithy.api#httpResponseCode",
            TraitId::TimestampFormat => "smithy.api#timestampFormat",
            TraitId::IdempotencyToken => "smithy.api#idempotencyToken",
            TraitId::Sensitive => "smithy.api#sensitive",
            TraitId::Deprecated => "smithy.api#deprecated",
            TraitId::Error => "smithy.api#error",
            TraitId::Paginated => "smithy.api#paginated",
            TraitId::Streaming => "smithy.api#streaming",
            TraitId::Sparse => "smithy.api#sparse",
            TraitId::Title => "smithy.api#title",
            TraitId::AwsService => "aws.api#service",
            TraitId::RestJson1 => "aws.protocols#restJson1",
            TraitId::LegacyEnum => "smithy.api#enum",
            TraitId::MediaType => "smithy.api#mediaType",
            TraitId::UniqueItems => "smithy.api#uniqueItems",
            TraitId::Retryable => "smithy.api#retryable",
            TraitId::Input => "smithy.api#input",
            TraitId::Output => "smithy.api#output",
            TraitId::Internal => "smithy.api#internal",
            TraitId::Unknown => "fuzz.traits#unknown",
        }
    }

    /// Values a model could plausibly give, including the edge cases.
    fn plausible(self) -> Vec<Value> {
        match self {
            TraitId::Required
            | TraitId::HttpLabel
            | TraitId::HttpQueryParams
            | TraitId::HttpPayload
            | TraitId::HttpResponseCode
            | TraitId::IdempotencyToken
            | TraitId::Sensitive
            | TraitId::Streaming
            | TraitId::Sparse
            | TraitId::RestJson1
            | TraitId::UniqueItems
            | TraitId::Input
            | TraitId::Output
            | TraitId::Internal
            | TraitId::Unknown => vec![json!({}), json!({ "http": ["http/1.1"] })],
            TraitId::Default => vec![
                json!(0),
                json!(-1),
                json!(1.5),
                json!(""),
                json!("x"),
                json!(true),
                json!([]),
                json!({}),
                json!(null),
                json!(i64::MIN),
                json!(u64::MAX),
                json!(1e308),
                json!("1970-01-01T00:00:00Z"),
                json!("not base64!"),
            ],
            TraitId::Length => vec![
                json!({ "min": 1 }),
                json!({ "max": 0 }),
                json!({ "min": 10, "max": 1 }),
                json!({ "min": -1 }),
                json!({ "min": u64::MAX, "max": u64::MAX }),
                json!({ "min": 1.5 }),
                json!({}),
            ],
            TraitId::Range => vec![
                json!({ "min": 0, "max": 100 }),
                json!({ "min": -9223372036854775808_i64 }),
                json!({ "max": 18446744073709551615_u64 }),
                json!({ "min": 1.5, "max": -1.5 }),
                json!({ "min": 1e308 }),
                json!({ "min": 5, "max": 1 }),
            ],
            TraitId::Pattern => vec![
                json!("^[a-z]+$"),
                json!("("),
                json!("\\"),
                json!("[z-a]"),
                json!("(?<=a)b"),
                json!("(?=a)(?!b)"),
                json!("a{1000000}"),
                json!("\\p{L}+"),
                json!("\\u{10FFFF}"),
                json!("(?<n>a)\\k<n>"),
                json!(""),
                json!("\u{0}"),
            ],
            TraitId::Documentation => vec![
                json!("<p>unclosed <b>bold <i>italic</p>"),
                json!("<ul><li><ul><li><ol><li>deep</li></ol></li></ul></li></ul>"),
                json!("&lt;&gt;&amp;&#x41;&#65;&bogus;&#xFFFFFFFF;&#0;&"),
                json!("<p>".repeat(500)),
                json!("</p></p></ul><li>"),
                json!("<a href=\"javascript:x\">link</a> <code>`</code> ``` ***"),
                json!("<pre>  a\n\tb\n</pre><note>n</note><important/>"),
                json!("*/ /* #![doc] \" \\ \r\n\u{2028}"),
                json!("<dl><dt>t</dt><dd><p>d</p></dd></dl><table><tr><td>x</td></tr></table>"),
                json!("1. a\n# heading\n    code\n> quote"),
                json!(""),
            ],
            TraitId::EnumValue => vec![
                json!(""),
                json!("a b"),
                json!(-1),
                json!(i64::MAX),
                json!("A"),
            ],
            TraitId::JsonName => vec![json!(""), json!("__type"), json!("a\"b"), json!("other")],
            TraitId::HttpError => vec![
                json!(0),
                json!(99),
                json!(200),
                json!(404),
                json!(599),
                json!(1000),
                json!(65536),
                json!(-1),
            ],
            TraitId::Http => vec![
                json!({ "method": "GET", "uri": "/{a}/{b+}" }),
                json!({ "method": "POST", "uri": "/x?a=b&c", "code": 204 }),
                json!({ "method": "PUT", "uri": "/{" }),
                json!({ "method": "", "uri": "" }),
                json!({ "method": "GET", "uri": "no-slash/{x}" }),
                json!({ "method": "DELETE", "uri": "/{x}{y}" }),
                json!({ "method": "PATCH", "uri": "/a", "code": 0 }),
                json!({ "method": "GET", "uri": "/a", "code": 70000 }),
                json!({ "method": "GET ME", "uri": "/%zz/{x+}/y" }),
            ],
            TraitId::HttpQuery | TraitId::HttpHeader | TraitId::HttpPrefixHeaders => vec![
                json!(""),
                json!("x-amz-date"),
                json!("Content-Type"),
                json!("bad header\n"),
                json!("a&b=c"),
                json!("Ünï"),
            ],
            TraitId::TimestampFormat => vec![
                json!("date-time"),
                json!("http-date"),
                json!("epoch-seconds"),
                json!("bogus"),
            ],
            TraitId::Deprecated => vec![
                json!({}),
                json!({ "message": "m\"]", "since": "\n" }),
                json!({ "message": 5 }),
            ],
            TraitId::Error => vec![json!("client"), json!("server"), json!("other")],
            TraitId::Paginated => vec![
                json!({ "inputToken": "nextToken", "outputToken": "nextToken", "items": "items", "pageSize": "maxResults" }),
                json!({ "inputToken": "a.b.c", "outputToken": "x.y", "items": "q.r" }),
                json!({ "inputToken": "", "outputToken": "" }),
                json!({ "items": "nope" }),
                json!({ "inputToken": "missing", "outputToken": "missing" }),
            ],
            TraitId::Title => vec![json!(""), json!("\"quoted\" # title\n")],
            TraitId::AwsService => vec![
                json!({ "sdkId": "" }),
                json!({ "sdkId": "---" }),
                json!({ "sdkId": "Ünï Cødé", "endpointPrefix": "" }),
                json!({ "sdkId": "a\"b\\c", "endpointPrefix": "x/y" }),
                json!({ "sdkId": "123" }),
                json!({}),
            ],
            TraitId::LegacyEnum => vec![
                json!([{ "value": "a" }, { "value": "a" }]),
                json!([{ "value": "" }]),
                json!([{ "value": "A", "name": "a" }, { "value": "a", "name": "A" }]),
                json!([]),
                json!([{ "name": "x" }]),
            ],
            TraitId::MediaType => vec![json!("application/json"), json!("")],
            TraitId::Retryable => vec![json!({ "throttling": true }), json!({})],
        }
    }
}

/// The value given to a trait.
#[derive(Debug, Clone, Arbitrary)]
pub enum TraitValue {
    Plausible(u8),
    Weird(Weird),
}

/// Shape ids that every model can point at, besides its own.
const EXTRA_TARGETS: &[&str] = &[
    "smithy.api#String",
    "smithy.api#Integer",
    "smithy.api#PrimitiveInteger",
    "smithy.api#Long",
    "smithy.api#Boolean",
    "smithy.api#PrimitiveBoolean",
    "smithy.api#Timestamp",
    "smithy.api#Blob",
    "smithy.api#Document",
    "smithy.api#BigDecimal",
    "smithy.api#BigInteger",
    "smithy.api#Unit",
    "smithy.api#Float",
    "no.such#Shape",
    "",
    "#",
    "Bare",
    "smithy.api#String$member",
    "a#b#c",
];

const SHAPE_TYPES: &[&str] = &[
    "blob",
    "boolean",
    "string",
    "byte",
    "short",
    "integer",
    "long",
    "float",
    "double",
    "bigInteger",
    "bigDecimal",
    "timestamp",
    "document",
    "enum",
    "intEnum",
    "list",
    "set",
    "map",
    "structure",
    "union",
    "operation",
    "service",
    "resource",
    "apply",
    "",
    "Structure",
];

/// A step of a path into a JSON value.
#[derive(Debug, Clone)]
enum Step {
    Key(String),
    Index(usize),
}

type JsonPath = Vec<Step>;

fn get_mut<'a>(mut value: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    for step in path {
        value = match (step, value) {
            (Step::Key(key), Value::Object(map)) => map.get_mut(key)?,
            (Step::Index(i), Value::Array(items)) => items.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(value)
}

fn get<'a>(mut value: &'a Value, path: &[Step]) -> Option<&'a Value> {
    for step in path {
        value = match (step, value) {
            (Step::Key(key), Value::Object(map)) => map.get(key)?,
            (Step::Index(i), Value::Array(items)) => items.get(*i)?,
            _ => return None,
        };
    }
    Some(value)
}

/// Every node of `value` (the root too) in pre-order, at most `limit`.
fn nodes(value: &Value, filter: fn(&Value) -> bool, limit: usize) -> Vec<JsonPath> {
    let mut out = Vec::new();
    let mut stack = vec![(value, Vec::new())];
    while let Some((node, path)) = stack.pop() {
        if out.len() >= limit {
            break;
        }
        if filter(node) {
            out.push(path.clone());
        }
        match node {
            Value::Object(map) => {
                for (key, child) in map.iter().rev() {
                    let mut child_path = path.clone();
                    child_path.push(Step::Key(key.clone()));
                    stack.push((child, child_path));
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate().rev() {
                    let mut child_path = path.clone();
                    child_path.push(Step::Index(i));
                    stack.push((child, child_path));
                }
            }
            _ => {}
        }
    }
    out
}

const NODE_LIMIT: usize = 50_000;

fn pick_node(model: &Value, n: u32, filter: fn(&Value) -> bool) -> Option<JsonPath> {
    let all = nodes(model, filter, NODE_LIMIT);
    if all.is_empty() {
        return None;
    }
    let i = index(n.into(), all.len());
    all.into_iter().nth(i)
}

fn shapes_mut(model: &mut Value) -> Option<&mut Map<String, Value>> {
    model.get_mut("shapes")?.as_object_mut()
}

fn shape_ids(model: &Value) -> Vec<String> {
    model
        .get("shapes")
        .and_then(Value::as_object)
        .map(|shapes| shapes.keys().cloned().collect())
        .unwrap_or_default()
}

fn pick_shape(model: &Value, n: u32) -> Option<String> {
    let ids = shape_ids(model);
    (!ids.is_empty()).then(|| ids[index(n.into(), ids.len())].clone())
}

/// A shape id to point at: one of the model's, or of [`EXTRA_TARGETS`].
fn pick_target(model: &Value, n: u32) -> String {
    let ids = shape_ids(model);
    let i = index(n.into(), ids.len() + EXTRA_TARGETS.len());
    ids.get(i)
        .cloned()
        .unwrap_or_else(|| EXTRA_TARGETS[i - ids.len()].to_owned())
}

/// Structures (and unions) of the model, by id.
fn structure_ids(model: &Value) -> Vec<String> {
    model
        .get("shapes")
        .and_then(Value::as_object)
        .map(|shapes| {
            shapes
                .iter()
                .filter(|(_, shape)| {
                    matches!(
                        shape.get("type").and_then(Value::as_str),
                        Some("structure" | "union")
                    )
                })
                .map(|(id, _)| id.clone())
                .collect()
        })
        .unwrap_or_default()
}

/// The member objects of a shape: `members` entries, or a list's `member`,
/// a map's `key` and `value`.
fn member_paths(shape: &Value) -> Vec<JsonPath> {
    let mut out = Vec::new();
    if let Some(members) = shape.get("members").and_then(Value::as_object) {
        out.extend(
            members
                .keys()
                .map(|name| vec![Step::Key("members".to_owned()), Step::Key(name.clone())]),
        );
    }
    for key in ["member", "key", "value"] {
        if shape.get(key).is_some_and(Value::is_object) {
            out.push(vec![Step::Key(key.to_owned())]);
        }
    }
    out
}

fn namespace_and_name(id: &str) -> (&str, &str) {
    id.split_once('#').unwrap_or(("fuzz", id))
}

/// Replaces every string equal to `from` (and `from$member`) with `to`.
fn replace_refs(value: &mut Value, from: &str, to: &str) {
    match value {
        Value::String(s) => {
            if s == from {
                *s = to.to_owned();
            } else if let Some(rest) = s.strip_prefix(from).filter(|r| r.starts_with('$')) {
                *s = format!("{to}{rest}");
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| replace_refs(v, from, to)),
        Value::Object(map) => map.values_mut().for_each(|v| replace_refs(v, from, to)),
        _ => {}
    }
}

/// Adds `member` under `name` to the structure `id`, if it has `members`.
fn attach_member(model: &mut Value, id: &str, name: String, target: &str) {
    if let Some(members) = shapes_mut(model)
        .and_then(|shapes| shapes.get_mut(id))
        .and_then(|shape| shape.as_object_mut())
        .map(|shape| shape.entry("members").or_insert_with(|| json!({})))
        .and_then(Value::as_object_mut)
    {
        members.insert(name, json!({ "target": target }));
    }
}

impl Mutation {
    /// Applies the mutation; does nothing when it has nothing to change.
    pub fn apply(&self, model: &mut Value) {
        // Every arm is a statement; `None` just means "nothing to mutate".
        let _: Option<()> = self.try_apply(model);
    }

    fn try_apply(&self, model: &mut Value) -> Option<()> {
        match self {
            Mutation::DeleteKey { node, key } => {
                let path = pick_node(model, *node, |v| {
                    v.as_object().is_some_and(|m| !m.is_empty())
                })?;
                let map = get_mut(model, &path)?.as_object_mut()?;
                let key = map.keys().nth(index((*key).into(), map.len()))?.clone();
                map.remove(&key);
            }
            Mutation::ChangeType { node, to } => {
                let path = pick_node(model, *node, |_| true)?;
                let target = get_mut(model, &path)?;
                let base = target.as_str().unwrap_or("Name").to_owned();
                *target = to.value(&base);
            }
            Mutation::ReplaceString { node, with } => {
                let path = pick_node(model, *node, Value::is_string)?;
                let target = get_mut(model, &path)?;
                let base = target.as_str()?.to_owned();
                *target = Value::String(with.apply(&base));
            }
            Mutation::StringToShapeId { node, to } => {
                let target_id = pick_target(model, *to);
                let path = pick_node(model, *node, Value::is_string)?;
                *get_mut(model, &path)? = Value::String(target_id);
            }
            Mutation::RenameShape {
                shape,
                name,
                update_refs,
            } => {
                let id = pick_shape(model, *shape)?;
                let (namespace, old) = namespace_and_name(&id);
                let new_id = format!("{namespace}#{}", name.apply(old));
                let shapes = shapes_mut(model)?;
                let value = shapes.remove(&id)?;
                shapes.insert(new_id.clone(), value);
                if *update_refs {
                    replace_refs(model, &id, &new_id);
                }
            }
            Mutation::Retarget { shape, member, to } => {
                let id = pick_shape(model, *shape)?;
                let target = pick_target(model, *to);
                let shape_value = shapes_mut(model)?.get_mut(&id)?;
                let members = member_paths(shape_value);
                if members.is_empty() {
                    return None;
                }
                let path = &members[index((*member).into(), members.len())];
                let member = get_mut(shape_value, path)?.as_object_mut()?;
                member.insert("target".to_owned(), Value::String(target));
            }
            Mutation::DuplicateShape {
                shape,
                style,
                attach,
            } => {
                let id = pick_shape(model, *shape)?;
                let (namespace, old) = namespace_and_name(&id);
                let new_name = style.apply(old);
                let new_id = format!("{namespace}#{new_name}");
                let copy = model.get("shapes")?.get(&id)?.clone();
                shapes_mut(model)?.insert(new_id.clone(), copy);
                let structures = structure_ids(model);
                if !structures.is_empty() {
                    let holder = &structures[index((*attach).into(), structures.len())];
                    attach_member(model, holder, new_name, &new_id);
                }
            }
            Mutation::DuplicateMember {
                shape,
                member,
                style,
            } => {
                let id = pick_shape(model, *shape)?;
                let members = shapes_mut(model)?
                    .get_mut(&id)?
                    .get_mut("members")?
                    .as_object_mut()?;
                let name = members
                    .keys()
                    .nth(index((*member).into(), members.len()))?
                    .clone();
                let copy = members.get(&name)?.clone();
                members.insert(style.apply(&name), copy);
            }
            Mutation::AddMember { shape, name, to } => {
                let id = pick_shape(model, *shape)?;
                let target = pick_target(model, *to);
                attach_member(model, &id, name.apply("member"), &target);
            }
            Mutation::AddTrait {
                shape,
                member,
                which,
                value,
            } => {
                let id = pick_shape(model, *shape)?;
                let shape_value = shapes_mut(model)?.get_mut(&id)?;
                let holder = match member {
                    Some(m) => {
                        let members = member_paths(shape_value);
                        if members.is_empty() {
                            shape_value
                        } else {
                            let path = &members[index((*m).into(), members.len())];
                            get_mut(shape_value, path)?
                        }
                    }
                    None => shape_value,
                };
                let trait_value = match value {
                    TraitValue::Plausible(n) => {
                        let values = which.plausible();
                        values[index((*n).into(), values.len())].clone()
                    }
                    TraitValue::Weird(weird) => weird.value("Trait"),
                };
                let traits = holder
                    .as_object_mut()?
                    .entry("traits")
                    .or_insert_with(|| json!({}))
                    .as_object_mut()?;
                traits.insert(which.id().to_owned(), trait_value);
            }
            Mutation::ChangeShapeType { shape, to } => {
                let id = pick_shape(model, *shape)?;
                let shape_value = shapes_mut(model)?.get_mut(&id)?.as_object_mut()?;
                shape_value.insert("type".to_owned(), json!(pick(SHAPE_TYPES, *to)));
            }
            Mutation::RemoveShape { shape } => {
                let id = pick_shape(model, *shape)?;
                shapes_mut(model)?.remove(&id);
            }
            Mutation::DeepNest { node, depth, array } => {
                let path = pick_node(model, *node, |_| true)?;
                let target = get_mut(model, &path)?;
                let mut value = target.take();
                for _ in 0..*depth {
                    value = if *array {
                        Value::Array(vec![value])
                    } else {
                        json!({ "nested": value })
                    };
                }
                *target = value;
            }
            Mutation::ShapeChain {
                attach,
                len,
                kind,
                cyclic,
            } => {
                let structures = structure_ids(model);
                if structures.is_empty() {
                    return None;
                }
                let holder = structures[index((*attach).into(), structures.len())].clone();
                // Up to 600: deeper chains only repeat the two known issues (a stack
                // overflow past ~1,200 nested lists, quadratic time in depth).
                let len = usize::from(*len % 600) + 1;
                let id = |i: usize| format!("fuzz.chain#Link{i}");
                let shapes = shapes_mut(model)?;
                for i in 0..len {
                    let next = if i + 1 < len {
                        id(i + 1)
                    } else if *cyclic {
                        id(0)
                    } else {
                        "smithy.api#String".to_owned()
                    };
                    let kind = match kind {
                        ChainKind::Mixed => [
                            ChainKind::Structure,
                            ChainKind::List,
                            ChainKind::Map,
                            ChainKind::Union,
                        ][i % 4],
                        other => *other,
                    };
                    let shape = match kind {
                        ChainKind::Structure | ChainKind::Mixed => {
                            json!({ "type": "structure", "members": { "next": { "target": next } } })
                        }
                        ChainKind::Union => json!({
                            "type": "union",
                            "members": {
                                "next": { "target": next },
                                "leaf": { "target": "smithy.api#String" }
                            }
                        }),
                        ChainKind::List => json!({ "type": "list", "member": { "target": next } }),
                        ChainKind::Map => json!({
                            "type": "map",
                            "key": { "target": "smithy.api#String" },
                            "value": { "target": next }
                        }),
                    };
                    shapes.insert(id(i), shape);
                }
                attach_member(model, &holder, "chain".to_owned(), &id(0));
            }
            Mutation::CopyNode { from, to } => {
                let from = pick_node(model, *from, |_| true)?;
                let copy = get(model, &from)?.clone();
                let to = pick_node(model, *to, |_| true)?;
                *get_mut(model, &to)? = copy;
            }
        }
        Some(())
    }
}

/// Moves up to `count` shapes (services excepted) of `other` into `model`,
/// starting at the `start`-th: the structure-aware crossover.
pub fn cross_over(model: &mut Value, other: &Value, start: usize, count: usize) {
    let Some(other_shapes) = other.get("shapes").and_then(Value::as_object) else {
        return;
    };
    let Some(shapes) = shapes_mut(model) else {
        return;
    };
    if other_shapes.is_empty() {
        return;
    }
    let skip = start % other_shapes.len();
    for (id, shape) in other_shapes
        .iter()
        .skip(skip)
        .filter(|(_, shape)| shape.get("type").and_then(Value::as_str) != Some("service"))
        .take(count)
    {
        shapes.insert(id.clone(), shape.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model() -> Value {
        serde_json::from_str(include_str!("../seeds/models/minimal.json")).unwrap()
    }

    #[test]
    fn every_mutation_applies_to_a_real_model_and_to_nothing() {
        let mut rng = 0x2545_f491_4f6c_dd1d_u64;
        for round in 0..2000 {
            let mut bytes = vec![0u8; 256];
            for byte in &mut bytes {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                *byte = rng.to_le_bytes()[0];
            }
            let mut value = model();
            assert!(mutate_with(&mut value, &bytes, 4) > 0, "round {round}");
            serde_json::to_string(&value).unwrap();
            let mut empty = json!({});
            mutate_with(&mut empty, &bytes, 4);
            let mut hollow = json!({ "shapes": { "a#S": { "type": "structure", "members": {} } } });
            mutate_with(&mut hollow, &bytes, 4);
            let mut scalar = json!(5);
            mutate_with(&mut scalar, &bytes, 4);
        }
    }

    #[test]
    fn renaming_updates_references() {
        let mut value = json!({
            "shapes": {
                "a#Foo": { "type": "string" },
                "a#Bar": { "type": "structure", "members": { "m": { "target": "a#Foo" } } }
            }
        });
        Mutation::RenameShape {
            shape: 1,
            name: NameStyle::Lower,
            update_refs: true,
        }
        .apply(&mut value);
        assert_eq!(value["shapes"]["a#Bar"]["members"]["m"]["target"], "a#foo");
    }

    #[test]
    fn names() {
        assert_eq!(NameStyle::Separated(5).apply("FooBar"), "foo_bar");
        assert_eq!(NameStyle::LowerFirst.apply("FooBar"), "fooBar");
        assert_eq!(NameStyle::Punctuation(0).apply("ab"), "a-b");
        assert_eq!(NameStyle::Punctuation(0).apply(""), "-");
    }
}
