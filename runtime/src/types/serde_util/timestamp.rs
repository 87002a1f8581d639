//! Timestamps ([`DateTime`]) in each Smithy `@timestampFormat`.
//!
//! | field type | `date-time` | `http-date` | `epoch-seconds` (the default) |
//! | --- | --- | --- | --- |
//! | `DateTime` | [`date_time`] | [`http_date`] | nothing, or [`epoch_seconds`] |
//! | `Option<DateTime>` | [`option_date_time`] | [`option_http_date`] | nothing, or [`option_epoch_seconds`] |
//! | anything else | `As::<...DateTimeFormat...>` | `As::<...HttpDateFormat...>` | nothing |
//!
//! (`As` is [`serde_util::As`](super::As).) `date-time` and `http-date`
//! are JSON strings, `epoch-seconds` a JSON number: an integer for whole
//! seconds (`1398796238`), otherwise with the fraction (`1398796238.123`).
//! A number is read back exactly to the microsecond for present-day times
//! (see [`DateTime::from_secs_f64`]).

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{As, DeserializeAs, SerializeAs};
use crate::types::{DateTime, TimestampFormat};

/// Marker for [`As`]: a timestamp as an RFC 3339 string (`date-time`).
pub struct DateTimeFormat;

/// Marker for [`As`]: a timestamp as an IMF-fixdate string (`http-date`).
pub struct HttpDateFormat;

/// Marker for [`As`]: a timestamp as a number of seconds
/// (`epoch-seconds`), as [`DateTime`]'s own `Serialize` writes it.
pub struct EpochSecondsFormat;

impl Serialize for DateTime {
    /// `epoch-seconds`: a JSON number.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        EpochSecondsFormat::serialize_as(self, serializer)
    }
}

impl<'de> Deserialize<'de> for DateTime {
    /// `epoch-seconds`: a JSON number.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        EpochSecondsFormat::deserialize_as(deserializer)
    }
}

impl SerializeAs<DateTime> for EpochSecondsFormat {
    fn serialize_as<S: Serializer>(source: &DateTime, serializer: S) -> Result<S::Ok, S::Error> {
        if source.has_subsec_nanos() {
            serializer.serialize_f64(source.as_secs_f64())
        } else {
            serializer.serialize_i64(source.secs())
        }
    }
}

impl<'de> DeserializeAs<'de, DateTime> for EpochSecondsFormat {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<DateTime, D::Error> {
        struct Seconds;

        impl Visitor<'_> for Seconds {
            type Value = DateTime;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a timestamp in epoch-seconds (a number)")
            }

            fn visit_i64<E: de::Error>(self, secs: i64) -> Result<DateTime, E> {
                Ok(DateTime::from_secs(secs))
            }

            fn visit_u64<E: de::Error>(self, secs: u64) -> Result<DateTime, E> {
                i64::try_from(secs)
                    .map(DateTime::from_secs)
                    .map_err(|_| E::custom(format!("{secs} seconds since the epoch is not a time")))
            }

            fn visit_f64<E: de::Error>(self, secs: f64) -> Result<DateTime, E> {
                DateTime::from_secs_f64(secs).map_err(E::custom)
            }
        }

        deserializer.deserialize_any(Seconds)
    }
}

/// A timestamp string in `format`.
struct Text(TimestampFormat);

impl Visitor<'_> for Text {
    type Value = DateTime;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a timestamp in {} (a string)", self.0)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<DateTime, E> {
        DateTime::parse(text, self.0).map_err(E::custom)
    }
}

fn serialize_text<S: Serializer>(
    time: &DateTime,
    format: TimestampFormat,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let text = time.format(format).map_err(serde::ser::Error::custom)?;
    serializer.serialize_str(&text)
}

impl SerializeAs<DateTime> for DateTimeFormat {
    fn serialize_as<S: Serializer>(source: &DateTime, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_text(source, TimestampFormat::DateTime, serializer)
    }
}

impl<'de> DeserializeAs<'de, DateTime> for DateTimeFormat {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<DateTime, D::Error> {
        deserializer.deserialize_str(Text(TimestampFormat::DateTime))
    }
}

impl SerializeAs<DateTime> for HttpDateFormat {
    fn serialize_as<S: Serializer>(source: &DateTime, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_text(source, TimestampFormat::HttpDate, serializer)
    }
}

impl<'de> DeserializeAs<'de, DateTime> for HttpDateFormat {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<DateTime, D::Error> {
        deserializer.deserialize_str(Text(TimestampFormat::HttpDate))
    }
}

/// Writes the `serialize`/`deserialize` pair of a `with` module.
macro_rules! with_module {
    ($(#[$doc:meta])* $name:ident, $ty:ty, $marker:ty) => {
        $(#[$doc])*
        pub mod $name {
            use super::*;

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
    /// `#[serde(with = "...")]` for a `DateTime` in `date-time` format.
    date_time,
    DateTime,
    DateTimeFormat
);
with_module!(
    /// `#[serde(with = "...")]` for a `DateTime` in `http-date` format.
    http_date,
    DateTime,
    HttpDateFormat
);
with_module!(
    /// `#[serde(with = "...")]` for a `DateTime` in `epoch-seconds` format,
    /// which is also what `DateTime` does without it.
    epoch_seconds,
    DateTime,
    EpochSecondsFormat
);
with_module!(
    /// `#[serde(with = "...")]` for an `Option<DateTime>` in `date-time`
    /// format; `null` reads as `None`. Add `#[serde(default)]` so a missing
    /// member does too.
    option_date_time,
    Option<DateTime>,
    Option<DateTimeFormat>
);
with_module!(
    /// `#[serde(with = "...")]` for an `Option<DateTime>` in `http-date`
    /// format; `null` reads as `None`. Add `#[serde(default)]` so a missing
    /// member does too.
    option_http_date,
    Option<DateTime>,
    Option<HttpDateFormat>
);
with_module!(
    /// `#[serde(with = "...")]` for an `Option<DateTime>` in
    /// `epoch-seconds` format (also what it does without it); `null` reads
    /// as `None`. Add `#[serde(default)]` so a missing member does too.
    option_epoch_seconds,
    Option<DateTime>,
    Option<EpochSecondsFormat>
);
