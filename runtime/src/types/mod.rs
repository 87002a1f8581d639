//! The Smithy values with no ready Rust type, and their restJson1 encodings.
//!
//! | Smithy | Rust | JSON body |
//! | --- | --- | --- |
//! | `timestamp` | [`DateTime`] | a number of seconds, or a string for `@timestampFormat("date-time")` and `("http-date")`, through [`serde_util::timestamp`] |
//! | `blob` | [`Blob`] | a base64 string ([`base64`]) |
//! | `float`, `double` | `f32`, `f64` | a number, or `"NaN"`, `"Infinity"`, `"-Infinity"`, through [`serde_util::float`] |
//! | `bigInteger` | [`BigInteger`] | a number token of any length |
//! | `bigDecimal` | [`BigDecimal`] | a number token of any length |
//! | `document` | [`Document`] | any JSON |
//! | `union` | a generated enum | an object with one member, through [`serde_util::union`] |

pub mod base64;
mod blob;
mod date_time;
mod number;
pub mod serde_util;

pub use blob::Blob;
pub use date_time::{DateTime, DateTimeError, TimestampFormat};
pub use number::{BigDecimal, BigInteger, ParseBigNumberError};

/// A Smithy `document`: untyped JSON.
pub type Document = serde_json::Value;
