//! serde adapters for the Smithy values whose JSON is not what serde derives
//! for their Rust type: timestamps in a non-default `@timestampFormat`, and
//! floats, whose NaN and infinities travel as strings.
//!
//! Generated code names these in `#[serde(with = "...")]`. For a plain
//! field or an `Option` field there are ready modules, such as
//! [`timestamp::date_time`] and [`float::option_f64`]:
//!
//! ```
//! use smithy_runtime::types::DateTime;
//! # use smithy_runtime::serde;
//!
//! #[derive(serde::Serialize, serde::Deserialize)]
//! # #[serde(crate = "smithy_runtime::serde")]
//! struct Example {
//!     #[serde(rename = "at", with = "::smithy_runtime::serde_util::timestamp::date_time")]
//!     at: DateTime,
//!     // `default`: with `with`, serde no longer treats a missing
//!     // `Option` member as `None` by itself.
//!     #[serde(
//!         rename = "ratio",
//!         default,
//!         skip_serializing_if = "::std::option::Option::is_none",
//!         with = "::smithy_runtime::serde_util::float::option_f64"
//!     )]
//!     ratio: Option<f64>,
//! }
//! ```
//!
//! For any other shape, lists and maps of such values at any depth
//! included, [`As`] takes the field's type with each adapted value replaced
//! by its marker ([`timestamp::DateTimeFormat`], [`timestamp::HttpDateFormat`],
//! [`timestamp::EpochSecondsFormat`], [`float::Float`]):
//!
//! ```
//! use std::collections::HashMap;
//! use smithy_runtime::types::DateTime;
//! # use smithy_runtime::serde;
//!
//! #[derive(serde::Serialize, serde::Deserialize)]
//! # #[serde(crate = "smithy_runtime::serde")]
//! struct Example {
//!     #[serde(
//!         rename = "history",
//!         default,
//!         skip_serializing_if = "::std::option::Option::is_none",
//!         with = "::smithy_runtime::serde_util::As::<::std::option::Option<::std::collections::HashMap<::std::string::String, ::std::vec::Vec<::smithy_runtime::serde_util::timestamp::DateTimeFormat>>>>"
//!     )]
//!     history: Option<HashMap<String, Vec<DateTime>>>,
//! }
//!
//! let json = r#"{"history":{"a":["2019-12-02T10:00:00Z"]}}"#;
//! let example: Example = smithy_runtime::serde_json::from_str(json).unwrap();
//! assert_eq!(example.history.unwrap()["a"][0], DateTime::from_secs(1_575_280_800));
//! ```
//!
//! Optional members with a `@default` go through [`default`].
//!
//! Unions are written and read by hand in generated code, with the helpers
//! of [`union`].
//!
//! Values serde already gets right need nothing: [`DateTime`] itself is
//! `epoch-seconds`, and [`Blob`](crate::types::Blob),
//! [`BigInteger`](crate::types::BigInteger) and
//! [`BigDecimal`](crate::types::BigDecimal) serialize as restJson1 wants.
//!
//! [`DateTime`]: crate::types::DateTime

pub mod default;
pub mod float;
pub mod timestamp;
pub mod union;

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasher, Hash};
use std::marker::PhantomData;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Serializes a `T` as `Self` describes (`Self` is a marker such as
/// [`timestamp::DateTimeFormat`], or a container of markers).
pub trait SerializeAs<T: ?Sized> {
    /// Serializes `source`.
    fn serialize_as<S: Serializer>(source: &T, serializer: S) -> Result<S::Ok, S::Error>;
}

/// Deserializes a `T` as `Self` describes (`Self` is a marker such as
/// [`timestamp::DateTimeFormat`], or a container of markers).
pub trait DeserializeAs<'de, T>: Sized {
    /// Deserializes a `T`.
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error>;
}

/// The `with` target for a field of any shape: `As::<M>` serializes and
/// deserializes the field's type as `M`, its type with each adapted value
/// replaced by a marker, describes.
///
/// `Option<M>`, `Vec<M>`, `HashMap<K, M>` and `BTreeMap<K, M>` adapt the
/// values inside (the keys `K` are the field's own key type), to any depth:
/// `Vec<Option<M>>` for a sparse list, `HashMap<String, Vec<M>>`,
/// `Option<...>` for an optional member.
pub struct As<M: ?Sized>(PhantomData<M>);

impl<M: ?Sized> As<M> {
    /// Serializes `value` as `M` describes.
    pub fn serialize<S, T>(value: &T, serializer: S) -> Result<S::Ok, S::Error>
    where
        S: Serializer,
        T: ?Sized,
        M: SerializeAs<T>,
    {
        M::serialize_as(value, serializer)
    }

    /// Deserializes a value as `M` describes.
    pub fn deserialize<'de, D, T>(deserializer: D) -> Result<T, D::Error>
    where
        D: Deserializer<'de>,
        M: DeserializeAs<'de, T>,
    {
        M::deserialize_as(deserializer)
    }
}

/// A borrowed `T` that serializes as `M`.
struct SerializeAsWrap<'a, T: ?Sized, M: ?Sized>(&'a T, PhantomData<M>);

impl<'a, T: ?Sized, M: ?Sized> SerializeAsWrap<'a, T, M> {
    fn new(value: &'a T) -> Self {
        Self(value, PhantomData)
    }
}

impl<T: ?Sized, M: SerializeAs<T> + ?Sized> Serialize for SerializeAsWrap<'_, T, M> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        M::serialize_as(self.0, serializer)
    }
}

/// A `T` deserialized as `M`.
struct DeserializeAsWrap<T, M>(T, PhantomData<M>);

impl<'de, T, M: DeserializeAs<'de, T>> Deserialize<'de> for DeserializeAsWrap<T, M> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        M::deserialize_as(deserializer).map(|value| Self(value, PhantomData))
    }
}

/// A borrowed value serializes as the value does, so that a struct of
/// references (`Option<&'a DateTime>`, as generated request bodies hold)
/// takes the same markers as the owned field.
impl<T: ?Sized, M: SerializeAs<T> + ?Sized> SerializeAs<&T> for M {
    fn serialize_as<S: Serializer>(source: &&T, serializer: S) -> Result<S::Ok, S::Error> {
        M::serialize_as(*source, serializer)
    }
}

impl<T, M: SerializeAs<T>> SerializeAs<Option<T>> for Option<M> {
    fn serialize_as<S: Serializer>(source: &Option<T>, serializer: S) -> Result<S::Ok, S::Error> {
        match source {
            Some(value) => serializer.serialize_some(&SerializeAsWrap::<T, M>::new(value)),
            None => serializer.serialize_none(),
        }
    }
}

impl<'de, T, M: DeserializeAs<'de, T>> DeserializeAs<'de, Option<T>> for Option<M> {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<Option<T>, D::Error> {
        let value = Option::<DeserializeAsWrap<T, M>>::deserialize(deserializer)?;
        Ok(value.map(|wrap| wrap.0))
    }
}

impl<T, M: SerializeAs<T>> SerializeAs<Vec<T>> for Vec<M> {
    fn serialize_as<S: Serializer>(source: &Vec<T>, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(source.iter().map(SerializeAsWrap::<T, M>::new))
    }
}

impl<'de, T, M: DeserializeAs<'de, T>> DeserializeAs<'de, Vec<T>> for Vec<M> {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<Vec<T>, D::Error> {
        let values = Vec::<DeserializeAsWrap<T, M>>::deserialize(deserializer)?;
        Ok(values.into_iter().map(|wrap| wrap.0).collect())
    }
}

impl<K: Serialize, T, M: SerializeAs<T>, H> SerializeAs<HashMap<K, T, H>> for HashMap<K, M> {
    fn serialize_as<S: Serializer>(
        source: &HashMap<K, T, H>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_map(
            source
                .iter()
                .map(|(key, value)| (key, SerializeAsWrap::<T, M>::new(value))),
        )
    }
}

impl<'de, K, T, M, H> DeserializeAs<'de, HashMap<K, T, H>> for HashMap<K, M>
where
    K: Deserialize<'de> + Eq + Hash,
    M: DeserializeAs<'de, T>,
    H: BuildHasher + Default,
{
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<HashMap<K, T, H>, D::Error> {
        let entries = HashMap::<K, DeserializeAsWrap<T, M>, H>::deserialize(deserializer)?;
        Ok(entries
            .into_iter()
            .map(|(key, wrap)| (key, wrap.0))
            .collect())
    }
}

impl<K: Serialize, T, M: SerializeAs<T>> SerializeAs<BTreeMap<K, T>> for BTreeMap<K, M> {
    fn serialize_as<S: Serializer>(
        source: &BTreeMap<K, T>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_map(
            source
                .iter()
                .map(|(key, value)| (key, SerializeAsWrap::<T, M>::new(value))),
        )
    }
}

impl<'de, K, T, M> DeserializeAs<'de, BTreeMap<K, T>> for BTreeMap<K, M>
where
    K: Deserialize<'de> + Ord,
    M: DeserializeAs<'de, T>,
{
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<BTreeMap<K, T>, D::Error> {
        let entries = BTreeMap::<K, DeserializeAsWrap<T, M>>::deserialize(deserializer)?;
        Ok(entries
            .into_iter()
            .map(|(key, wrap)| (key, wrap.0))
            .collect())
    }
}

#[cfg(test)]
mod tests;
