//! The shapes of `smithy.api` that every model may target without defining.

use super::{Shape, ShapeId, ShapeKind, Traits};

/// `smithy.api#Unit`, the empty structure used for "no input" or "no output".
pub const UNIT: &str = "smithy.api#Unit";

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
