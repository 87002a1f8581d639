//! `X-Amz-Date` formatting from [`SystemTime`] without a date library.

use std::time::{SystemTime, UNIX_EPOCH};

use super::SigningError;

const SECONDS_PER_DAY: u64 = 86_400;

/// Formats `time` as SigV4's basic ISO 8601 form, `YYYYMMDDTHHMMSSZ` (UTC).
///
/// Times before 1970 or after year 9999 have no such form and are an error.
pub fn format_amz_date(time: SystemTime) -> Result<String, SigningError> {
    let secs = time
        .duration_since(UNIX_EPOCH)
        .map_err(|_| SigningError::InvalidTime)?
        .as_secs();
    let (year, month, day) = civil_from_days(secs / SECONDS_PER_DAY);
    if year > 9999 {
        return Err(SigningError::InvalidTime);
    }
    let of_day = secs % SECONDS_PER_DAY;
    // Digit by digit: `format!` costs several times as much, on every call.
    let mut out = String::with_capacity(16);
    push_digits(&mut out, year, 4);
    push_digits(&mut out, month, 2);
    push_digits(&mut out, day, 2);
    out.push('T');
    push_digits(&mut out, of_day / 3600, 2);
    push_digits(&mut out, of_day / 60 % 60, 2);
    push_digits(&mut out, of_day % 60, 2);
    out.push('Z');
    Ok(out)
}

/// Appends the `width` lowest decimal digits of `value`, zero-padded.
fn push_digits(out: &mut String, value: u64, width: u32) {
    for place in (0..width).rev() {
        let digit = value / 10u64.pow(place) % 10;
        out.push(char::from(b'0' + digit as u8));
    }
}

/// Proleptic Gregorian `(year, month, day)` of the day `days` after
/// 1970-01-01.
///
/// Howard Hinnant's `civil_from_days`, restricted to non-negative day counts
/// so it runs on unsigned integers. Days are shifted to an epoch of
/// 0000-03-01, so the leap day falls at the end of each year, and split into
/// 400-year eras of 146,097 days. No intermediate value can overflow: `days`
/// is at most `u64::MAX / 86400`.
pub(crate) fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let day_of_era = z - era * 146_097; // [0, 146096]
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365; // [0, 399]
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100); // [0, 365]
    let shifted_month = (5 * day_of_year + 2) / 153; // [0, 11], March = 0
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1; // [1, 31]
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn at(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(secs)
    }

    #[test]
    fn known_instants() {
        let cases = [
            (0, "19700101T000000Z"),
            (1_440_938_160, "20150830T123600Z"),
            (1_620_747_645, "20210511T154045Z"),
            (951_782_400, "20000229T000000Z"),
            (951_868_800, "20000301T000000Z"),
            (1_483_228_799, "20161231T235959Z"),
            (4_107_542_400, "21000301T000000Z"),
            (253_402_300_799, "99991231T235959Z"),
        ];
        for (secs, want) in cases {
            assert_eq!(format_amz_date(at(secs)).unwrap(), want, "{secs}");
        }
    }

    /// The digit-by-digit form is `format!`'s, over a sweep of instants.
    #[test]
    fn same_as_format() {
        for secs in (0..253_402_300_799u64).step_by(7_919_993) {
            let (year, month, day) = civil_from_days(secs / SECONDS_PER_DAY);
            let of_day = secs % SECONDS_PER_DAY;
            let want = format!(
                "{year:04}{month:02}{day:02}T{:02}{:02}{:02}Z",
                of_day / 3600,
                of_day / 60 % 60,
                of_day % 60
            );
            assert_eq!(format_amz_date(at(secs)).unwrap(), want, "{secs}");
        }
    }

    #[test]
    fn sub_second_part_is_dropped() {
        let t = at(1_440_938_160) + Duration::from_millis(999);
        assert_eq!(format_amz_date(t).unwrap(), "20150830T123600Z");
    }

    #[test]
    fn out_of_range_is_an_error_not_a_panic() {
        assert_eq!(
            format_amz_date(at(253_402_300_800)),
            Err(SigningError::InvalidTime)
        );
        assert_eq!(
            format_amz_date(UNIX_EPOCH - Duration::from_secs(1)),
            Err(SigningError::InvalidTime)
        );
        // The largest day count the algorithm can be handed.
        let (year, month, day) = civil_from_days(u64::MAX / SECONDS_PER_DAY);
        assert!(year > 9999 && (1..=12).contains(&month) && (1..=31).contains(&day));
    }

    /// Independent inverse (days from a civil date by counting whole years
    /// and months) to check every day from 1970 to 2400.
    #[test]
    fn every_day_round_trips() {
        fn is_leap(y: u64) -> bool {
            matches!((y % 4, y % 100, y % 400), (0, 1.., _) | (0, 0, 0))
        }
        fn month_len(y: u64, m: u64) -> u64 {
            match m {
                2 if is_leap(y) => 29,
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            }
        }
        let (mut y, mut m, mut d) = (1970, 1, 1);
        let mut days = 0;
        while y < 2400 {
            assert_eq!(civil_from_days(days), (y, m, d), "day {days}");
            days += 1;
            d += 1;
            if d > month_len(y, m) {
                d = 1;
                m += 1;
                if m > 12 {
                    m = 1;
                    y += 1;
                }
            }
        }
    }
}
