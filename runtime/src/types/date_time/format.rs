//! The text forms of Smithy's three timestamp formats.

use std::fmt::Write as _;

use super::civil::{civil_from_days, days_from_civil, days_in_month, weekday};
use super::{DateTime, DateTimeError, NANOS_PER_SECOND, TimestampFormat};

const SECONDS_PER_DAY: i64 = 86_400;
const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A time's calendar fields in UTC.
struct Civil {
    year: i64,
    month: u32,
    day: u32,
    hour: i64,
    minute: i64,
    second: i64,
    weekday: u32,
}

impl Civil {
    fn of(time: DateTime) -> Self {
        let days = time.secs.div_euclid(SECONDS_PER_DAY);
        let of_day = time.secs.rem_euclid(SECONDS_PER_DAY);
        let (year, month, day) = civil_from_days(days);
        Self {
            year,
            month,
            day,
            hour: of_day / 3600,
            minute: of_day / 60 % 60,
            second: of_day % 60,
            weekday: weekday(days),
        }
    }
}

/// Writes RFC 3339 in UTC, the year as given by `year` (which writes four
/// digits for the years RFC 3339 has, and more and a sign for the others).
pub(super) fn write_date_time(
    out: &mut impl std::fmt::Write,
    time: DateTime,
    year: impl FnOnce(&mut dyn std::fmt::Write, i64) -> std::fmt::Result,
) -> std::fmt::Result {
    let c = Civil::of(time);
    year(out, c.year)?;
    write!(
        out,
        "-{:02}-{:02}T{:02}:{:02}:{:02}",
        c.month, c.day, c.hour, c.minute, c.second
    )?;
    write_fraction(out, time.nanos)?;
    out.write_char('Z')
}

/// `.` and the nanoseconds without trailing zeros; nothing for none.
fn write_fraction(out: &mut impl std::fmt::Write, nanos: u32) -> std::fmt::Result {
    if nanos == 0 {
        return Ok(());
    }
    let digits = format!("{nanos:09}");
    write!(out, ".{}", digits.trim_end_matches('0'))
}

/// Formats `time` in `format`.
pub(super) fn format(time: DateTime, format: TimestampFormat) -> Result<String, DateTimeError> {
    let mut out = String::with_capacity(32);
    let in_range = |year: i64| {
        if (0..=9999).contains(&year) {
            Ok(())
        } else {
            Err(DateTimeError::new(format!(
                "{time} cannot be written as {format}: the year is not between 0000 and 9999"
            )))
        }
    };
    // Writing to a `String` cannot fail.
    let _ = match format {
        TimestampFormat::DateTime => {
            in_range(Civil::of(time).year)?;
            write_date_time(&mut out, time, |out, year| write!(out, "{year:04}"))
        }
        TimestampFormat::HttpDate => {
            let c = Civil::of(time);
            in_range(c.year)?;
            let weekday = WEEKDAYS.get(c.weekday as usize).copied().unwrap_or("");
            let month = MONTHS.get(c.month as usize - 1).copied().unwrap_or("");
            write!(
                out,
                "{weekday}, {:02} {month} {:04} {:02}:{:02}:{:02} GMT",
                c.day, c.year, c.hour, c.minute, c.second
            )
        }
        TimestampFormat::EpochSeconds => write_epoch_seconds(&mut out, time),
    };
    Ok(out)
}

/// Seconds since the epoch as exact decimal text: `1515531081`,
/// `1515531081.123`, `-0.5`.
pub(super) fn write_epoch_seconds(
    out: &mut impl std::fmt::Write,
    time: DateTime,
) -> std::fmt::Result {
    if time.nanos == 0 {
        write!(out, "{}", time.secs)
    } else if time.secs >= 0 {
        write!(out, "{}", time.secs)?;
        write_fraction(out, time.nanos)
    } else {
        // secs + nanos / 10^9 with secs < 0 < nanos is
        // -((-secs - 1) + (10^9 - nanos) / 10^9).
        write!(out, "-{}", -(i128::from(time.secs) + 1))?;
        write_fraction(out, NANOS_PER_SECOND - time.nanos)
    }
}

/// Parses `text` in `format`.
pub(super) fn parse(text: &str, format: TimestampFormat) -> Result<DateTime, DateTimeError> {
    let mut cursor = Cursor { text, pos: 0 };
    let parsed = match format {
        TimestampFormat::DateTime => cursor.date_time(),
        TimestampFormat::HttpDate => cursor.http_date(),
        TimestampFormat::EpochSeconds => cursor.epoch_seconds(),
    };
    parsed.map_err(|reason| {
        let shown: String = text.chars().take(64).collect();
        let ellipsis = if shown.len() < text.len() { "…" } else { "" };
        DateTimeError::new(format!(
            "invalid {format} timestamp {shown:?}{ellipsis}: {reason}"
        ))
    })
}

/// The fields of a parsed date and time, the second's fraction in
/// nanoseconds.
struct Fields {
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    nanos: u32,
}

impl Fields {
    /// Checks the ranges and converts, `offset` seconds east of UTC.
    fn to_date_time(&self, offset: i64) -> Result<DateTime, String> {
        if !(1..=12).contains(&self.month) {
            return Err(format!("month {} does not exist", self.month));
        }
        if self.day == 0 || self.day > days_in_month(self.year, self.month) {
            return Err(format!(
                "day {} does not exist in {:04}-{:02}",
                self.day, self.year, self.month
            ));
        }
        if self.hour > 23 || self.minute > 59 {
            return Err(format!("{:02}:{:02} is not a time", self.hour, self.minute));
        }
        // 60 is a leap second; like POSIX time, it is the next minute's
        // first second.
        if self.second > 60 {
            return Err(format!("second {} does not exist", self.second));
        }
        let days = days_from_civil(self.year, self.month, self.day);
        let secs = days * SECONDS_PER_DAY
            + i64::from(self.hour) * 3600
            + i64::from(self.minute) * 60
            + i64::from(self.second)
            - offset;
        Ok(DateTime::from_secs_and_nanos(secs, self.nanos))
    }
}

/// A parser over the text of one timestamp. Errors are a reason, which
/// [`parse`] puts in context.
struct Cursor<'a> {
    text: &'a str,
    pos: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn found(&self) -> String {
        match self
            .text
            .get(self.pos..)
            .and_then(|rest| rest.chars().next())
        {
            Some(c) => format!("found {c:?} at offset {}", self.pos),
            None => "found the end".to_owned(),
        }
    }

    /// Consumes `byte` (ASCII case-insensitively) if it is next.
    fn eat(&mut self, byte: u8) -> bool {
        let next = self.peek().is_some_and(|b| b.eq_ignore_ascii_case(&byte));
        if next {
            self.pos += 1;
        }
        next
    }

    fn expect(&mut self, byte: u8) -> Result<(), String> {
        if self.eat(byte) {
            Ok(())
        } else {
            Err(format!("expected {:?}, {}", char::from(byte), self.found()))
        }
    }

    fn expect_end(&self) -> Result<(), String> {
        if self.pos == self.text.len() {
            Ok(())
        } else {
            Err(format!("expected the end, {}", self.found()))
        }
    }

    /// A run of `min` to `max` ASCII digits, as a number (`max <= 9`).
    fn number(&mut self, min: usize, max: usize, what: &str) -> Result<u32, String> {
        let start = self.pos;
        let mut value = 0u32;
        while self.pos - start < max {
            match self.peek() {
                Some(b @ b'0'..=b'9') => {
                    value = value * 10 + u32::from(b - b'0');
                    self.pos += 1;
                }
                _ => break,
            }
        }
        if self.pos - start < min {
            let digits = if min == max {
                format!("{min}")
            } else {
                format!("{min} to {max}")
            };
            return Err(format!(
                "expected {digits} digits of {what}, {}",
                self.found()
            ));
        }
        Ok(value)
    }

    /// After the `.`: one or more digits, as nanoseconds (digits past the
    /// ninth are dropped), and whether any dropped digit was not zero.
    fn fraction(&mut self) -> Result<(u32, bool), String> {
        let start = self.pos;
        let mut nanos = 0u32;
        let mut dropped = false;
        while let Some(b @ b'0'..=b'9') = self.peek() {
            let digit = u32::from(b - b'0');
            if self.pos - start < 9 {
                nanos = nanos * 10 + digit;
            } else {
                dropped |= digit != 0;
            }
            self.pos += 1;
        }
        let len = self.pos - start;
        if len == 0 {
            return Err(format!("expected digits after '.', {}", self.found()));
        }
        for _ in len..9 {
            nanos *= 10;
        }
        Ok((nanos, dropped))
    }

    /// One of `names`, ASCII case-insensitively: its index.
    fn name(&mut self, names: &[&str], what: &str) -> Result<u32, String> {
        let word = self.text.get(self.pos..self.pos + 3).unwrap_or("");
        let index = names
            .iter()
            .position(|name| name.eq_ignore_ascii_case(word))
            .ok_or_else(|| format!("expected {what}, {}", self.found()))?;
        self.pos += 3;
        Ok(index as u32)
    }

    fn time(&mut self) -> Result<(u32, u32, u32, u32), String> {
        let hour = self.number(2, 2, "the hour")?;
        self.expect(b':')?;
        let minute = self.number(2, 2, "the minute")?;
        self.expect(b':')?;
        let second = self.number(2, 2, "the second")?;
        let nanos = if self.eat(b'.') {
            self.fraction()?.0
        } else {
            0
        };
        Ok((hour, minute, second, nanos))
    }

    /// RFC 3339 `date-time`: `2019-12-02T10:00:00Z`, `1985-04-12T23:20:50.52Z`,
    /// `1996-12-19T16:39:57-08:00`. `T` and `Z` may be lowercase.
    fn date_time(&mut self) -> Result<DateTime, String> {
        let year = self.number(4, 4, "the year")?;
        self.expect(b'-')?;
        let month = self.number(2, 2, "the month")?;
        self.expect(b'-')?;
        let day = self.number(2, 2, "the day")?;
        self.expect(b'T')?;
        let (hour, minute, second, nanos) = self.time()?;
        let offset = if self.eat(b'Z') {
            0
        } else {
            let sign = match self.peek() {
                Some(b'+') => 1,
                Some(b'-') => -1,
                _ => return Err(format!("expected 'Z' or an offset, {}", self.found())),
            };
            self.pos += 1;
            let hours = self.number(2, 2, "the offset's hours")?;
            self.expect(b':')?;
            let minutes = self.number(2, 2, "the offset's minutes")?;
            if hours > 23 || minutes > 59 {
                return Err(format!("offset {hours:02}:{minutes:02} is out of range"));
            }
            sign * (i64::from(hours) * 3600 + i64::from(minutes) * 60)
        };
        self.expect_end()?;
        Fields {
            year: i64::from(year),
            month,
            day,
            hour,
            minute,
            second,
            nanos,
        }
        .to_date_time(offset)
    }

    /// RFC 7231 IMF-fixdate, `Tue, 29 Apr 2014 18:30:38 GMT`, also with a
    /// fraction of a second (`18:30:38.123`) or a one-digit day. Names are
    /// matched ASCII case-insensitively; the day name must be one, but is
    /// not checked against the date.
    fn http_date(&mut self) -> Result<DateTime, String> {
        self.name(&WEEKDAYS, "a day name")?;
        self.expect(b',')?;
        self.expect(b' ')?;
        let day = self.number(1, 2, "the day")?;
        self.expect(b' ')?;
        let month = self.name(&MONTHS, "a month name")? + 1;
        self.expect(b' ')?;
        let year = self.number(4, 4, "the year")?;
        self.expect(b' ')?;
        let (hour, minute, second, nanos) = self.time()?;
        for byte in *b" GMT" {
            self.expect(byte)?;
        }
        self.expect_end()?;
        Fields {
            year: i64::from(year),
            month,
            day,
            hour,
            minute,
            second,
            nanos,
        }
        .to_date_time(0)
    }

    /// Decimal seconds since the epoch: `1515531081`, `1515531081.123`,
    /// `-1.5`. Digits past nanoseconds round towards the past.
    fn epoch_seconds(&mut self) -> Result<DateTime, String> {
        let negative = self.eat(b'-');
        let start = self.pos;
        let mut whole: i128 = 0;
        while let Some(b @ b'0'..=b'9') = self.peek() {
            whole = whole
                .checked_mul(10)
                .and_then(|w| w.checked_add(i128::from(b - b'0')))
                .filter(|w| *w <= i128::from(i64::MAX) + 1)
                .ok_or("out of range")?;
            self.pos += 1;
        }
        if self.pos == start {
            return Err(format!("expected digits, {}", self.found()));
        }
        let (nanos, dropped) = if self.eat(b'.') {
            self.fraction()?
        } else {
            (0, false)
        };
        self.expect_end()?;
        let magnitude = whole * i128::from(NANOS_PER_SECOND) + i128::from(nanos);
        let total = if negative {
            -(magnitude + i128::from(dropped))
        } else {
            magnitude
        };
        let secs = i64::try_from(total.div_euclid(i128::from(NANOS_PER_SECOND)))
            .map_err(|_| "out of range")?;
        // In [0, 10^9).
        let nanos = total.rem_euclid(i128::from(NANOS_PER_SECOND)) as u32;
        Ok(DateTime::from_secs_and_nanos(secs, nanos))
    }
}
