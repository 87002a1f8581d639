//! [`DateTime`], Smithy's `timestamp`, and its three text formats.

mod civil;
mod format;

use std::fmt;
use std::str::FromStr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const NANOS_PER_SECOND: u32 = 1_000_000_000;

/// An instant: whole seconds since 1970-01-01T00:00:00Z (the Unix epoch,
/// leap seconds not counted) and nanoseconds into the second.
///
/// Smithy's `timestamp`. Instants before the epoch have negative seconds and,
/// as everywhere, non-negative nanoseconds: half a second before the epoch is
/// `-1` seconds and `500_000_000` nanoseconds. Ordering is chronological.
///
/// `Display` and `FromStr` use RFC 3339 (Smithy's `date-time` format);
/// [`DateTime::format`] and [`DateTime::parse`] take any
/// [`TimestampFormat`]. With serde, a `DateTime` is a JSON number of
/// seconds (`epoch-seconds`, the default of restJson1 bodies); the other
/// formats are in [`serde_util::timestamp`](crate::serde_util::timestamp).
///
/// ```
/// use smithy_runtime::types::{DateTime, TimestampFormat};
///
/// let t = DateTime::from_millis(1_575_280_800_123);
/// assert_eq!(t.to_string(), "2019-12-02T10:00:00.123Z");
/// assert_eq!(t.format(TimestampFormat::HttpDate).unwrap(), "Mon, 02 Dec 2019 10:00:00 GMT");
/// assert_eq!(t.format(TimestampFormat::EpochSeconds).unwrap(), "1575280800.123");
/// assert_eq!("2019-12-02T11:00:00.123+01:00".parse::<DateTime>().unwrap(), t);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DateTime {
    // Field order makes the derived `Ord` chronological.
    secs: i64,
    nanos: u32,
}

impl DateTime {
    /// 1970-01-01T00:00:00Z.
    pub const UNIX_EPOCH: Self = Self { secs: 0, nanos: 0 };
    /// The earliest `DateTime`.
    pub const MIN: Self = Self {
        secs: i64::MIN,
        nanos: 0,
    };
    /// The latest `DateTime`.
    pub const MAX: Self = Self {
        secs: i64::MAX,
        nanos: NANOS_PER_SECOND - 1,
    };

    /// The instant `secs` whole seconds after the epoch (before it if
    /// negative).
    pub const fn from_secs(secs: i64) -> Self {
        Self { secs, nanos: 0 }
    }

    /// The instant `secs` seconds and `nanos` nanoseconds after the epoch.
    ///
    /// `nanos` of a second or more carry into the seconds, saturating at
    /// [`DateTime::MAX`].
    pub const fn from_secs_and_nanos(secs: i64, nanos: u32) -> Self {
        if nanos < NANOS_PER_SECOND {
            return Self { secs, nanos };
        }
        match secs.checked_add((nanos / NANOS_PER_SECOND) as i64) {
            Some(secs) => Self {
                secs,
                nanos: nanos % NANOS_PER_SECOND,
            },
            None => Self::MAX,
        }
    }

    /// The instant `millis` milliseconds after the epoch.
    pub const fn from_millis(millis: i64) -> Self {
        Self {
            secs: millis.div_euclid(1000),
            // In [0, 999_000_000].
            nanos: millis.rem_euclid(1000) as u32 * 1_000_000,
        }
    }

    /// The instant `secs` (fractional) seconds after the epoch.
    ///
    /// The fraction is taken from `secs`'s shortest decimal form, the one
    /// it prints as, so `1515531081.123` is exactly 123 milliseconds past
    /// the second although no `f64` is. Digits past nanoseconds round
    /// towards the past. A double only has about 16 significant digits: for
    /// present-day instants that is microseconds.
    ///
    /// NaN, the infinities and values outside the range of `i64` seconds
    /// are an error.
    pub fn from_secs_f64(secs: f64) -> Result<Self, DateTimeError> {
        // Checked first so an enormous value is not written out in full.
        if !secs.is_finite() || secs.abs() > 9.3e18 {
            return Err(DateTimeError::new(format!(
                "{secs} seconds since the epoch is not a time"
            )));
        }
        // Whole values directly: near 2^63, `Display` pads the shortest
        // digits with zeros rather than writing the exact integer.
        if secs.fract() == 0.0 {
            // Exactly -2^63 and 2^63.
            let (min, end) = (i64::MIN as f64, -(i64::MIN as f64));
            return if (min..end).contains(&secs) {
                Ok(Self::from_secs(secs as i64))
            } else {
                Err(DateTimeError::new(format!(
                    "{secs} seconds since the epoch is out of range"
                )))
            };
        }
        Self::parse(&secs.to_string(), TimestampFormat::EpochSeconds)
    }

    /// Whole seconds since the epoch, rounded towards the past (so `-1` for
    /// half a second before it).
    pub const fn secs(&self) -> i64 {
        self.secs
    }

    /// Nanoseconds past [`DateTime::secs`], in `0..1_000_000_000`.
    pub const fn subsec_nanos(&self) -> u32 {
        self.nanos
    }

    /// Whether the instant is not a whole second.
    pub const fn has_subsec_nanos(&self) -> bool {
        self.nanos != 0
    }

    /// Seconds since the epoch as the nearest `f64`.
    pub fn as_secs_f64(&self) -> f64 {
        let mut text = String::with_capacity(32);
        let _ = format::write_epoch_seconds(&mut text, *self);
        // Parsing the exact decimal rounds once, where arithmetic on the
        // two fields would round twice; the text is always a valid float.
        text.parse()
            .unwrap_or(self.secs as f64 + f64::from(self.nanos) / 1e9)
    }

    /// Whole milliseconds since the epoch, rounded towards the past; an
    /// error if they do not fit in an `i64`.
    pub fn to_millis(&self) -> Result<i64, DateTimeError> {
        let millis = i128::from(self.secs) * 1000 + i128::from(self.nanos / 1_000_000);
        i64::try_from(millis).map_err(|_| {
            DateTimeError::new(format!("{self} is out of the range of i64 milliseconds"))
        })
    }

    /// Formats the instant in `format`.
    ///
    /// `date-time` is RFC 3339 in UTC, with a fraction of the second only
    /// if it is not whole, as many digits as it needs (at most nine):
    /// `2019-12-02T10:00:00Z`, `2019-12-02T10:00:00.12Z`. `http-date` is
    /// RFC 7231's IMF-fixdate, `Mon, 02 Dec 2019 10:00:00 GMT`, which has no
    /// fraction: it is dropped. Both are an error for years before 0000 or
    /// after 9999. `epoch-seconds` is exact decimal seconds,
    /// `1575280800.12` (this is its text form, for headers and query
    /// strings; JSON bodies carry a number).
    pub fn format(&self, format: TimestampFormat) -> Result<String, DateTimeError> {
        format::format(*self, format)
    }

    /// Parses `text` in `format`.
    ///
    /// `date-time` accepts any RFC 3339 `date-time`: offsets `Z` or
    /// `±hh:mm`, fractions of any length (digits past nanoseconds are
    /// dropped), a leap second (`:60`, read as the next minute's first
    /// second, as POSIX time does), and lowercase `t` and `z`.
    /// `http-date` accepts IMF-fixdate, also with a fraction of the second
    /// and a one-digit day; the day name must be valid but is not checked
    /// against the date. `epoch-seconds` accepts `-?digits(.digits)?`.
    pub fn parse(text: &str, format: TimestampFormat) -> Result<Self, DateTimeError> {
        format::parse(text, format)
    }
}

impl fmt::Display for DateTime {
    /// RFC 3339 in UTC, as [`DateTime::format`] with
    /// [`TimestampFormat::DateTime`]. Years outside 0000 to 9999, which RFC
    /// 3339 cannot express, are written with a sign and at least four
    /// digits, as ISO 8601's expanded form: `+10000-01-01T00:00:00Z`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        format::write_date_time(f, *self, |out, year| {
            if (0..=9999).contains(&year) {
                write!(out, "{year:04}")
            } else {
                write!(out, "{year:+05}")
            }
        })
    }
}

impl fmt::Debug for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DateTime({self})")
    }
}

impl FromStr for DateTime {
    type Err = DateTimeError;

    /// Parses RFC 3339, as [`DateTime::parse`] with
    /// [`TimestampFormat::DateTime`].
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text, TimestampFormat::DateTime)
    }
}

impl From<SystemTime> for DateTime {
    /// The same instant. (It always fits: a `SystemTime` more than 2^63
    /// seconds from the epoch, which no platform has, would saturate.)
    fn from(time: SystemTime) -> Self {
        match time.duration_since(UNIX_EPOCH) {
            Ok(after) => match i64::try_from(after.as_secs()) {
                Ok(secs) => Self::from_secs_and_nanos(secs, after.subsec_nanos()),
                Err(_) => Self::MAX,
            },
            Err(before) => {
                let before = before.duration();
                match i64::try_from(before.as_secs()) {
                    Ok(secs) if before.subsec_nanos() == 0 => Self::from_secs(-secs),
                    Ok(secs) => Self {
                        secs: -secs - 1,
                        nanos: NANOS_PER_SECOND - before.subsec_nanos(),
                    },
                    Err(_) => Self::MIN,
                }
            }
        }
    }
}

impl TryFrom<DateTime> for SystemTime {
    type Error = DateTimeError;

    /// The same instant, or an error where the platform's `SystemTime`
    /// cannot hold it.
    fn try_from(time: DateTime) -> Result<Self, Self::Error> {
        let whole = Duration::from_secs(time.secs.unsigned_abs());
        let at_second = if time.secs >= 0 {
            UNIX_EPOCH.checked_add(whole)
        } else {
            UNIX_EPOCH.checked_sub(whole)
        };
        at_second
            .and_then(|t| t.checked_add(Duration::from_nanos(u64::from(time.nanos))))
            .ok_or_else(|| DateTimeError::new(format!("{time} is out of the range of SystemTime")))
    }
}

/// Smithy's `@timestampFormat` values: how a timestamp is written.
///
/// restJson1 uses `EpochSeconds` in bodies, `HttpDate` in headers and
/// `DateTime` in paths and query strings, unless a member says otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimestampFormat {
    /// `date-time`: RFC 3339, `2019-12-02T10:00:00Z`.
    DateTime,
    /// `http-date`: RFC 7231 IMF-fixdate, `Mon, 02 Dec 2019 10:00:00 GMT`.
    HttpDate,
    /// `epoch-seconds`: seconds since the epoch, `1575280800.123`.
    EpochSeconds,
}

impl fmt::Display for TimestampFormat {
    /// The Smithy name: `date-time`, `http-date` or `epoch-seconds`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::DateTime => "date-time",
            Self::HttpDate => "http-date",
            Self::EpochSeconds => "epoch-seconds",
        })
    }
}

/// A timestamp that could not be parsed, formatted or converted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateTimeError {
    message: String,
}

impl DateTimeError {
    fn new(message: String) -> Self {
        Self { message }
    }
}

impl fmt::Display for DateTimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DateTimeError {}

#[cfg(test)]
mod tests;
