//! The proleptic Gregorian calendar on signed day counts.
//!
//! Howard Hinnant's `days_from_civil` and `civil_from_days`
//! (<https://howardhinnant.github.io/date_algorithms.html>): days are shifted
//! to an epoch of 0000-03-01, so the leap day falls at the end of each year,
//! and split into 400-year eras of 146,097 days. `sigv4`'s `X-Amz-Date`
//! formatter has an unsigned copy of the second; timestamps need dates before
//! 1970 too.

/// Days in the 400-year Gregorian cycle.
const DAYS_PER_ERA: i64 = 146_097;
/// Days from 0000-03-01 to 1970-01-01.
const EPOCH_SHIFT: i64 = 719_468;

/// `(year, month, day)` of the day `days` after 1970-01-01 (negative for
/// days before it).
///
/// No intermediate value overflows for `|days| <= i64::MAX / 86_400`, the
/// range of [`DateTime`](super::DateTime).
pub(crate) fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + EPOCH_SHIFT;
    let era = z.div_euclid(DAYS_PER_ERA);
    let day_of_era = z.rem_euclid(DAYS_PER_ERA); // [0, 146096]
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
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    // Both are small by construction (see the ranges above).
    (year, month as u32, day as u32)
}

/// Days from 1970-01-01 to `year-month-day`; `month` is 1 to 12 and `day`
/// 1 to 31 (not checked against the month: see [`days_in_month`]).
///
/// No intermediate value overflows for `|year| <= 2^40`.
pub(crate) fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let (month, day) = (i64::from(month), i64::from(day));
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400); // [0, 399]
    let shifted_month = if month > 2 { month - 3 } else { month + 9 }; // March = 0
    let day_of_year = (153 * shifted_month + 2) / 5 + day - 1; // [0, 365]
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * DAYS_PER_ERA + day_of_era - EPOCH_SHIFT
}

/// Whether `year` has a 29 February.
pub(crate) fn is_leap_year(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// The number of days in `month` (1 to 12) of `year`.
pub(crate) fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Day of the week of the day `days` after 1970-01-01: 0 is Sunday.
pub(crate) fn weekday(days: i64) -> u32 {
    // 1970-01-01 was a Thursday; the result is in [0, 6].
    (days + 4).rem_euclid(7) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_days() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(civil_from_days(-719_468), (0, 3, 1));
        assert_eq!(civil_from_days(-719_528), (0, 1, 1));
        assert_eq!(civil_from_days(-719_529), (-1, 12, 31));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(2_932_896), (9999, 12, 31));
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(1900, 3, 1), -25_508);
        assert_eq!(weekday(0), 4);
        assert_eq!(weekday(-1), 3);
        assert_eq!(weekday(days_from_civil(2014, 4, 29)), 2); // a Tuesday
    }

    #[test]
    fn leap_years() {
        assert!(is_leap_year(2000) && is_leap_year(2024) && is_leap_year(0));
        assert!(is_leap_year(-4) && is_leap_year(1600));
        assert!(!is_leap_year(1900) && !is_leap_year(2100) && !is_leap_year(2023));
        assert!(!is_leap_year(-1) && !is_leap_year(-100));
        assert_eq!(days_in_month(2000, 2), 29);
        assert_eq!(days_in_month(1900, 2), 28);
        assert_eq!(days_in_month(2024, 4), 30);
        assert_eq!(days_in_month(2024, 12), 31);
    }

    /// Walks every day from 1600 to 2500 by counting, checking both
    /// directions.
    #[test]
    fn every_day_round_trips() {
        let (mut year, mut month, mut day) = (1600, 1, 1);
        let mut days = days_from_civil(1600, 1, 1);
        assert_eq!(days, -135_140);
        while year < 2500 {
            assert_eq!(civil_from_days(days), (year, month, day), "day {days}");
            assert_eq!(days_from_civil(year, month, day), days);
            days += 1;
            day += 1;
            if day > days_in_month(year, month) {
                day = 1;
                month += 1;
                if month > 12 {
                    month = 1;
                    year += 1;
                }
            }
        }
    }

    #[test]
    fn extremes_do_not_overflow() {
        for days in [i64::MAX / 86_400, i64::MIN / 86_400 - 1] {
            let (year, month, day) = civil_from_days(days);
            assert_eq!(days_from_civil(year, month, day), days);
        }
    }
}
