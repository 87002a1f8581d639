//! Smithy unions in JSON: an object with exactly one member set.
//!
//! A generated union is a Rust enum with a tuple variant per member and
//! `Unknown(String)`. Its `Serialize` writes one member through
//! [`serialize_member`] (or [`serialize_member_as`] when the value needs an
//! adapter); its `Deserialize` is [`deserialize`], which reads the object's
//! entries and asks the union's [`Union::read`] for each.
//!
//! Reading follows restJson1: `__type` entries (which some services add)
//! and members whose value is `null` are ignored, a member this client does
//! not know becomes `Unknown` with its name (the value is dropped), and an
//! object with no member set, or with several, is an error.
//!
//! ```
//! use smithy_runtime::serde::de::MapAccess;
//! use smithy_runtime::serde::{Deserialize, Deserializer, Serialize, Serializer};
//! use smithy_runtime::serde_util::union;
//!
//! #[derive(Debug, PartialEq)]
//! enum Shape {
//!     Circle(f64),
//!     Name(String),
//!     Unknown(String),
//! }
//!
//! impl Serialize for Shape {
//!     fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
//!         match self {
//!             Self::Circle(value) => union::serialize_member_as::<
//!                 smithy_runtime::serde_util::float::Float, _, _,
//!             >(serializer, "circle", value),
//!             Self::Name(value) => union::serialize_member(serializer, "name", value),
//!             Self::Unknown(name) => union::serialize_unknown::<S>("Shape", name),
//!         }
//!     }
//! }
//!
//! impl union::Union for Shape {
//!     const NAME: &'static str = "Shape";
//!
//!     fn read<'de, A: MapAccess<'de>>(name: &str, map: &mut A) -> Result<Option<Self>, A::Error> {
//!         Ok(match name {
//!             "circle" => union::next_value_as::<
//!                 smithy_runtime::serde_util::float::Float, _, _,
//!             >(map)?.map(Self::Circle),
//!             "name" => union::next_value(map)?.map(Self::Name),
//!             other => union::next_unknown(map, other)?.map(Self::Unknown),
//!         })
//!     }
//! }
//!
//! impl<'de> Deserialize<'de> for Shape {
//!     fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
//!         union::deserialize(deserializer)
//!     }
//! }
//!
//! let json = smithy_runtime::serde_json::to_string(&Shape::Circle(f64::NAN)).unwrap();
//! assert_eq!(json, r#"{"circle":"NaN"}"#);
//! let read: Shape =
//!     smithy_runtime::serde_json::from_str(r#"{"__type":"x","name":"n","circle":null}"#).unwrap();
//! assert_eq!(read, Shape::Name("n".to_owned()));
//! let read: Shape = smithy_runtime::serde_json::from_str(r#"{"square":{"side":1}}"#).unwrap();
//! assert_eq!(read, Shape::Unknown("square".to_owned()));
//! assert!(smithy_runtime::serde_json::from_str::<Shape>(r#"{"name":"n","circle":1}"#).is_err());
//! ```

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, IgnoredAny, MapAccess, Visitor};
use serde::ser::{self, SerializeMap};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{DeserializeAs, DeserializeAsWrap, SerializeAs, SerializeAsWrap};

/// What a generated union tells [`deserialize`].
pub trait Union: Sized {
    /// The union's name, for error messages.
    const NAME: &'static str;

    /// Reads the value of member `name` (the JSON key) from `map`: `None`
    /// when it is `null`. Members the union does not know go through
    /// [`next_unknown`].
    fn read<'de, A: MapAccess<'de>>(name: &str, map: &mut A) -> Result<Option<Self>, A::Error>;
}

/// Deserializes a union from a JSON object with exactly one member set.
pub fn deserialize<'de, D: Deserializer<'de>, U: Union>(deserializer: D) -> Result<U, D::Error> {
    deserializer.deserialize_map(UnionVisitor(PhantomData))
}

struct UnionVisitor<U>(PhantomData<U>);

impl<'de, U: Union> Visitor<'de> for UnionVisitor<U> {
    type Value = U;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object with one member of union {}", U::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<U, A::Error> {
        let mut found: Option<(String, U)> = None;
        while let Some(name) = map.next_key::<String>()? {
            if name == "__type" {
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            let Some(value) = U::read(&name, &mut map)? else {
                continue;
            };
            if let Some((first, _)) = &found {
                return Err(de::Error::custom(format!(
                    "union {} has more than one member set: {first} and {name}",
                    U::NAME
                )));
            }
            found = Some((name, value));
        }
        match found {
            Some((_, value)) => Ok(value),
            None => Err(de::Error::custom(format!(
                "union {} has no member set",
                U::NAME
            ))),
        }
    }
}

/// The next value of the map as a `T`; `None` for `null`.
pub fn next_value<'de, T, A>(map: &mut A) -> Result<Option<T>, A::Error>
where
    T: Deserialize<'de>,
    A: MapAccess<'de>,
{
    map.next_value::<Option<T>>()
}

/// The next value of the map as a `T` read the way marker `M` says (see
/// [`As`](super::As)); `None` for `null`.
pub fn next_value_as<'de, M, T, A>(map: &mut A) -> Result<Option<T>, A::Error>
where
    M: DeserializeAs<'de, T>,
    A: MapAccess<'de>,
{
    let value = map.next_value::<Option<DeserializeAsWrap<T, M>>>()?;
    Ok(value.map(|wrap| wrap.0))
}

/// Skips the value of a member the union does not know: `Some(name)` for
/// the union's `Unknown` variant, `None` when the value is `null`.
pub fn next_unknown<'de, A: MapAccess<'de>>(
    map: &mut A,
    name: &str,
) -> Result<Option<String>, A::Error> {
    Ok(map
        .next_value::<Option<IgnoredAny>>()?
        .map(|_| name.to_owned()))
}

/// Writes `{"name": value}`.
pub fn serialize_member<S, T>(serializer: S, name: &str, value: &T) -> Result<S::Ok, S::Error>
where
    S: Serializer,
    T: Serialize + ?Sized,
{
    let mut map = serializer.serialize_map(Some(1))?;
    map.serialize_entry(name, value)?;
    map.end()
}

/// Writes `{"name": {}}`, a member that targets `smithy.api#Unit`.
pub fn serialize_unit_member<S: Serializer>(serializer: S, name: &str) -> Result<S::Ok, S::Error> {
    serialize_member(serializer, name, &Empty)
}

/// Reads the value of a member that targets `smithy.api#Unit`: an object
/// (whose members, of a newer model, are ignored); `None` for `null`.
pub fn next_unit<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Option<()>, A::Error> {
    Ok(map.next_value::<Option<Empty>>()?.map(|Empty| ()))
}

/// `{}`: the value of a `smithy.api#Unit` member.
struct Empty;

impl Serialize for Empty {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_map(Some(0))?.end()
    }
}

impl<'de> Deserialize<'de> for Empty {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> de::Visitor<'de> for Visitor {
            type Value = Empty;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Empty, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Empty)
            }
        }
        deserializer.deserialize_map(Visitor)
    }
}

/// Writes `{"name": value}` with the value written as marker `M` says (see
/// [`As`](super::As)).
pub fn serialize_member_as<M, S, T>(serializer: S, name: &str, value: &T) -> Result<S::Ok, S::Error>
where
    M: SerializeAs<T> + ?Sized,
    S: Serializer,
    T: ?Sized,
{
    serialize_member(serializer, name, &SerializeAsWrap::<T, M>::new(value))
}

/// The error for an `Unknown` variant: a member this client does not know
/// cannot be sent, its value was not kept.
pub fn serialize_unknown<S: Serializer>(union: &str, name: &str) -> Result<S::Ok, S::Error> {
    Err(ser::Error::custom(format!(
        "cannot serialize the unknown member {name:?} of union {union}"
    )))
}
