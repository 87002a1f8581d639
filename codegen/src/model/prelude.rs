//! The shapes of `smithy.api` that every model may target without defining.

use super::{Shape, ShapeId, ShapeKind, Traits};

/// `smithy.api#Unit`, the empty structure used for "no input" or "no output".
pub const UNIT: &str = "smithy.api#Unit";

/// The names of every shape of `smithy.api` (the prelude): what a relative
/// shape id in an IDL file resolves to when neither a `use` nor the file's
/// namespace has it.
pub const NAMES: &[&str] = &[
    "String",
    "Blob",
    "BigInteger",
    "BigDecimal",
    "Timestamp",
    "Document",
    "Boolean",
    "Byte",
    "Short",
    "Integer",
    "Long",
    "Float",
    "Double",
    "PrimitiveBoolean",
    "PrimitiveByte",
    "PrimitiveShort",
    "PrimitiveInteger",
    "PrimitiveLong",
    "PrimitiveFloat",
    "PrimitiveDouble",
    "Unit",
    "trait",
    "TraitDiffRules",
    "TraitDiffRule",
    "TraitChangeType",
    "Severity",
    "StructurallyExclusive",
    "deprecated",
    "box",
    "documentation",
    "externalDocumentation",
    "auth",
    "AuthTraitReference",
    "protocolDefinition",
    "TraitShapeIdList",
    "TraitShapeId",
    "authDefinition",
    "httpBasicAuth",
    "httpDigestAuth",
    "httpBearerAuth",
    "httpApiKeyAuth",
    "traitValidators",
    "TraitValidator",
    "metadata",
    "ShapeClosures",
    "ShapeClosure",
    "ClosureId",
    "Namespaces",
    "Renames",
    "CommonMark",
    "Identifier",
    "default",
    "addedDefault",
    "clientOptional",
    "HttpApiKeyLocations",
    "optionalAuth",
    "examples",
    "Example",
    "ExampleError",
    "error",
    "retryable",
    "readonly",
    "idempotent",
    "IdempotentErrors",
    "idempotencyToken",
    "internal",
    "jsonName",
    "xmlAttribute",
    "xmlFlattened",
    "xmlName",
    "xmlNamespace",
    "NonEmptyString",
    "noReplace",
    "mediaType",
    "references",
    "Reference",
    "NonEmptyStringMap",
    "resourceIdentifier",
    "private",
    "sensitive",
    "since",
    "streaming",
    "requiresLength",
    "longPoll",
    "tags",
    "title",
    "enum",
    "EnumDefinition",
    "EnumConstantBodyName",
    "enumValue",
    "length",
    "range",
    "pattern",
    "required",
    "property",
    "notProperty",
    "nestedProperties",
    "recommended",
    "sparse",
    "uniqueItems",
    "unstable",
    "paginated",
    "http",
    "httpLabel",
    "httpQuery",
    "httpQueryParams",
    "httpHeader",
    "httpPrefixHeaders",
    "httpPayload",
    "httpError",
    "httpResponseCode",
    "cors",
    "NonEmptyStringList",
    "eventPayload",
    "eventHeader",
    "idRef",
    "timestampFormat",
    "endpoint",
    "hostLabel",
    "suppress",
    "httpChecksumRequired",
    "input",
    "output",
    "unitType",
    "mixin",
    "LocalMixinTraitList",
    "LocalMixinTrait",
    "RequestCompressionEncodingsList",
    "requestCompression",
];

const SIMPLE: &[(&str, ShapeKind)] = &[
    ("String", ShapeKind::String),
    ("Blob", ShapeKind::Blob),
    ("BigInteger", ShapeKind::BigInteger),
    ("BigDecimal", ShapeKind::BigDecimal),
    ("Timestamp", ShapeKind::Timestamp),
    ("Document", ShapeKind::Document),
    ("Boolean", ShapeKind::Boolean),
    ("PrimitiveBoolean", ShapeKind::Boolean),
    ("Byte", ShapeKind::Byte),
    ("PrimitiveByte", ShapeKind::Byte),
    ("Short", ShapeKind::Short),
    ("PrimitiveShort", ShapeKind::Short),
    ("Integer", ShapeKind::Integer),
    ("PrimitiveInteger", ShapeKind::Integer),
    ("Long", ShapeKind::Long),
    ("PrimitiveLong", ShapeKind::Long),
    ("Float", ShapeKind::Float),
    ("PrimitiveFloat", ShapeKind::Float),
    ("Double", ShapeKind::Double),
    ("PrimitiveDouble", ShapeKind::Double),
];

/// The prelude's shapes, to be merged under the model's own.
pub fn shapes() -> impl Iterator<Item = Shape> {
    let simple = SIMPLE.iter().map(|(name, kind)| {
        let mut traits = Traits::new();
        if name.starts_with("Primitive") {
            let default = if *kind == ShapeKind::Boolean {
                serde_json::Value::Bool(false)
            } else {
                serde_json::Value::from(0)
            };
            traits.insert("smithy.api#default".to_owned(), default);
        }
        shape(&format!("smithy.api#{name}"), *kind, traits)
    });
    let mut unit_traits = Traits::new();
    unit_traits.insert("smithy.api#unitType".to_owned(), serde_json::json!({}));
    simple.chain(std::iter::once(shape(
        UNIT,
        ShapeKind::Structure,
        unit_traits,
    )))
}

fn shape(id: &str, kind: ShapeKind, traits: Traits) -> Shape {
    Shape {
        id: ShapeId::new(id),
        kind,
        members: Vec::new(),
        traits,
        input: None,
        output: None,
        errors: Vec::new(),
        operations: Vec::new(),
        version: None,
        rename: Default::default(),
    }
}
