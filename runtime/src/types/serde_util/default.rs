//! Smithy `@default` values of optional members in JSON bodies.
//!
//! A member with a model default (and without `@clientOptional`) is an
//! `Option` in Rust, but on the wire it always has a value: an unset one is
//! sent as its default, and one missing from a response (or `null`) is read
//! as `Some(default)`, as the AWS SDKs do. Generated code says so with
//! [`Or`] (or [`OrAs`], for values that need a marker of their own such as
//! floats), naming the default with a [`Value`]:
//!
//! ```
//! # use smithy_runtime::serde;
//!
//! #[derive(serde::Serialize, serde::Deserialize)]
//! # #[serde(crate = "smithy_runtime::serde")]
//! struct Page {
//!     #[serde(
//!         rename = "size",
//!         default = "::smithy_runtime::serde_util::default::Or::<::smithy_runtime::serde_util::default::Int<100>>::some",
//!         with = "::smithy_runtime::serde_util::default::Or::<::smithy_runtime::serde_util::default::Int<100>>"
//!     )]
//!     size: Option<i32>,
//! }
//!
//! let json = smithy_runtime::serde_json::to_string(&Page { size: None }).unwrap();
//! assert_eq!(json, r#"{"size":100}"#);
//! let page: Page = smithy_runtime::serde_json::from_str("{}").unwrap();
//! assert_eq!(page.size, Some(100));
//! ```
//!
//! The value markers are [`Zero`] (the type's `Default`: `false`, `0`, `""`,
//! an empty blob, list or map), [`Int`] (a whole number, for integers,
//! floats, big numbers and epoch-seconds timestamps), [`True`],
//! [`IntEnum`], [`EmptyText`] (an enum's unknown value `""`), and
//! [`Member`] for any other value (a string, an enum, a document, a union's
//! unknown variant, ...), which the generated structure spells out in a
//! [`MemberDefault`] impl.
//!
//! The same markers serve *client error correction* (Smithy's
//! aggregate-types specification): a required member of an output or error
//! structure that a response lacks is read as `Some` of its default, or of
//! its type's zero value, with only `default = "Or::<V>::some"` (a missing
//! member is filled in; an unset one is not written):
//!
//! ```
//! # use smithy_runtime::serde;
//! #[derive(serde::Serialize, serde::Deserialize)]
//! # #[serde(crate = "smithy_runtime::serde")]
//! struct Output {
//!     #[serde(
//!         rename = "name",
//!         default = "::smithy_runtime::serde_util::default::Or::<::smithy_runtime::serde_util::default::Zero>::some",
//!         skip_serializing_if = "Option::is_none"
//!     )]
//!     name: Option<String>,
//! }
//!
//! let output: Output = smithy_runtime::serde_json::from_str("{}").unwrap();
//! assert_eq!(output.name.as_deref(), Some(""));
//! let json = smithy_runtime::serde_json::to_string(&Output { name: None }).unwrap();
//! assert_eq!(json, "{}");
//! ```

use std::marker::PhantomData;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{DeserializeAs, SerializeAs};
use crate::types::{BigDecimal, BigInteger, DateTime};

/// A default value of type `T`.
pub trait Value<T> {
    /// The value.
    fn value() -> T;
}

/// The default of `T` (`Default::default()`), which is what Smithy's zero
/// values are in Rust.
pub struct Zero;

impl<T: Default> Value<T> for Zero {
    fn value() -> T {
        T::default()
    }
}

/// The whole number `N`, as an integer of any width, a float, a big
/// number or a timestamp `N` seconds after the epoch. The generator only
/// writes values the member's type holds, so narrowing casts keep them.
pub struct Int<const N: i64>;

macro_rules! int_values {
    ($($ty:ty),*) => {
        $(
            impl<const N: i64> Value<$ty> for Int<N> {
                fn value() -> $ty {
                    N as $ty
                }
            }
        )*
    };
}

int_values!(i8, i16, i32, i64, f32, f64);

impl<const N: i64> Value<DateTime> for Int<N> {
    fn value() -> DateTime {
        DateTime::from_secs(N)
    }
}

impl<const N: i64> Value<BigInteger> for Int<N> {
    fn value() -> BigInteger {
        BigInteger::from(N)
    }
}

impl<const N: i64> Value<BigDecimal> for Int<N> {
    fn value() -> BigDecimal {
        BigDecimal::from(N)
    }
}

/// `true` (`false` is [`Zero`]).
pub struct True;

impl Value<bool> for True {
    fn value() -> bool {
        true
    }
}

/// The `intEnum` value `N`.
pub struct IntEnum<const N: i32>;

impl<const N: i32, E: From<i32>> Value<E> for IntEnum<N> {
    fn value() -> E {
        E::from(N)
    }
}

/// An enum's value read from empty text: its unknown value `""` (unless the
/// model names `""`), which is what client error correction makes of a
/// required enum member a response lacks.
pub struct EmptyText;

impl<E: for<'a> From<&'a str>> Value<E> for EmptyText {
    fn value() -> E {
        E::from("")
    }
}

/// The default of member `I` (in model order) of structure `S`, which `S`
/// gives in its [`MemberDefault`] impl.
pub struct Member<S, const I: usize>(PhantomData<S>);

/// Implemented by a generated structure for each member whose default no
/// other [`Value`] marker can write (strings, enums, documents, blobs, ...).
pub trait MemberDefault<const I: usize> {
    /// The member's type, without its `Option`.
    type Value;
    /// The member's default.
    fn value() -> Self::Value;
}

impl<S: MemberDefault<I>, const I: usize> Value<S::Value> for Member<S, I> {
    fn value() -> S::Value {
        S::value()
    }
}

/// The `with` (and `default`) target of an optional member with a default
/// `V` whose value serde writes as is: `None` is written as the default,
/// and a missing or `null` member read as `Some(default)`.
pub struct Or<V>(PhantomData<V>);

impl<V> Or<V> {
    /// Writes the value, or the default when there is none.
    pub fn serialize<S: Serializer, T: Serialize>(
        value: &Option<T>,
        serializer: S,
    ) -> Result<S::Ok, S::Error>
    where
        V: Value<T>,
    {
        match value {
            Some(value) => value.serialize(serializer),
            None => V::value().serialize(serializer),
        }
    }

    /// Reads the value; `null` is the default.
    pub fn deserialize<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
        deserializer: D,
    ) -> Result<Option<T>, D::Error>
    where
        V: Value<T>,
    {
        Ok(Some(
            Option::<T>::deserialize(deserializer)?.unwrap_or_else(V::value),
        ))
    }

    /// The value of a member missing from the JSON: the default.
    pub fn some<T>() -> Option<T>
    where
        V: Value<T>,
    {
        Some(V::value())
    }

    /// The value of a required (not `Option`) member missing from the
    /// JSON: the default, as the member's builder gives it.
    pub fn value<T>() -> T
    where
        V: Value<T>,
    {
        V::value()
    }
}

/// [`Or`] for a value written as marker `M` describes (see
/// [`As`](super::As)): a float, a timestamp in a `@timestampFormat`, a
/// list of them, ...
pub struct OrAs<V, M>(PhantomData<(V, M)>);

impl<V, M> OrAs<V, M> {
    /// Writes the value, or the default when there is none, as `M`.
    pub fn serialize<S: Serializer, T>(value: &Option<T>, serializer: S) -> Result<S::Ok, S::Error>
    where
        V: Value<T>,
        M: SerializeAs<T>,
    {
        match value {
            Some(value) => M::serialize_as(value, serializer),
            None => M::serialize_as(&V::value(), serializer),
        }
    }

    /// Reads the value as `M`; `null` is the default.
    pub fn deserialize<'de, D: Deserializer<'de>, T>(deserializer: D) -> Result<Option<T>, D::Error>
    where
        V: Value<T>,
        M: DeserializeAs<'de, T>,
    {
        let value = <Option<M> as DeserializeAs<'de, Option<T>>>::deserialize_as(deserializer)?;
        Ok(Some(value.unwrap_or_else(V::value)))
    }

    /// The value of a member missing from the JSON: the default.
    pub fn some<T>() -> Option<T>
    where
        V: Value<T>,
    {
        Some(V::value())
    }
}
