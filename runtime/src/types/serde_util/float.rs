//! Smithy `float` and `double` values: finite values are JSON numbers, NaN
//! and the infinities the strings `"NaN"`, `"Infinity"` and `"-Infinity"`.
//!
//! serde's own `f64` would write them as `null` and refuse the strings, so
//! generated code puts every `float` and `double` member through these:
//!
//! | field type | `with` |
//! | --- | --- |
//! | `f64` / `f32` | [`f64`](mod@f64) / [`f32`](mod@f32) |
//! | `Option<f64>` / `Option<f32>` | [`option_f64`] / [`option_f32`] |
//! | anything else | `As::<...Float...>` with [`Float`] for each float |

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserializer, Serializer};

use super::{As, DeserializeAs, SerializeAs};

// This module's `f64` and `f32` submodules shadow the primitive types' names
// in paths such as `f64::NAN`.
type Double = ::core::primitive::f64;
type Single = ::core::primitive::f32;

/// Marker for [`As`]: an `f64` or `f32` that may be NaN or infinite.
pub struct Float;

const NAN: &str = "NaN";
const INFINITY: &str = "Infinity";
const NEG_INFINITY: &str = "-Infinity";

/// The string a non-finite value is written as.
fn non_finite(value: Double) -> &'static str {
    if value.is_nan() {
        NAN
    } else if value > 0.0 {
        INFINITY
    } else {
        NEG_INFINITY
    }
}

impl SerializeAs<Double> for Float {
    fn serialize_as<S: Serializer>(source: &Double, serializer: S) -> Result<S::Ok, S::Error> {
        if source.is_finite() {
            serializer.serialize_f64(*source)
        } else {
            serializer.serialize_str(non_finite(*source))
        }
    }
}

impl SerializeAs<Single> for Float {
    fn serialize_as<S: Serializer>(source: &Single, serializer: S) -> Result<S::Ok, S::Error> {
        if source.is_finite() {
            serializer.serialize_f32(*source)
        } else {
            serializer.serialize_str(non_finite(Double::from(*source)))
        }
    }
}

/// Reads a number or one of the three strings.
struct FloatVisitor;

impl Visitor<'_> for FloatVisitor {
    type Value = Double;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(r#"a number, "NaN", "Infinity" or "-Infinity""#)
    }

    fn visit_f64<E: de::Error>(self, value: Double) -> Result<Double, E> {
        Ok(value)
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Double, E> {
        Ok(value as Double)
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Double, E> {
        Ok(value as Double)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Double, E> {
        match value {
            NAN => Ok(Double::NAN),
            INFINITY => Ok(Double::INFINITY),
            NEG_INFINITY => Ok(Double::NEG_INFINITY),
            _ => Err(E::invalid_value(de::Unexpected::Str(value), &self)),
        }
    }
}

impl<'de> DeserializeAs<'de, Double> for Float {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<Double, D::Error> {
        deserializer.deserialize_any(FloatVisitor)
    }
}

impl<'de> DeserializeAs<'de, Single> for Float {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<Single, D::Error> {
        // Rounds to the nearest `f32`, as serde's own `f32` does.
        deserializer
            .deserialize_any(FloatVisitor)
            .map(|value| value as Single)
    }
}

/// Writes the `serialize`/`deserialize` pair of a `with` module.
macro_rules! with_module {
    ($(#[$doc:meta])* $name:ident, $ty:ty, $marker:ty) => {
        $(#[$doc])*
        pub mod $name {
            use super::{As, Deserializer, Float, Serializer};

            /// Serializes a field.
            pub fn serialize<S: Serializer>(value: &$ty, serializer: S) -> Result<S::Ok, S::Error> {
                As::<$marker>::serialize(value, serializer)
            }

            /// Deserializes a field.
            pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<$ty, D::Error> {
                As::<$marker>::deserialize(deserializer)
            }
        }
    };
}

with_module!(
    /// `#[serde(with = "...")]` for a Smithy `double` (`f64`).
    f64,
    ::core::primitive::f64,
    Float
);
with_module!(
    /// `#[serde(with = "...")]` for a Smithy `float` (`f32`).
    f32,
    ::core::primitive::f32,
    Float
);
with_module!(
    /// `#[serde(with = "...")]` for an optional Smithy `double`
    /// (`Option<f64>`); `null` reads as `None`. Add `#[serde(default)]` so
    /// a missing member does too.
    option_f64,
    Option<::core::primitive::f64>,
    Option<Float>
);
with_module!(
    /// `#[serde(with = "...")]` for an optional Smithy `float`
    /// (`Option<f32>`); `null` reads as `None`. Add `#[serde(default)]` so
    /// a missing member does too.
    option_f32,
    Option<::core::primitive::f32>,
    Option<Float>
);
