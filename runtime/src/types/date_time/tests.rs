use super::*;

const DT: TimestampFormat = TimestampFormat::DateTime;
const HTTP: TimestampFormat = TimestampFormat::HttpDate;
const EPOCH: TimestampFormat = TimestampFormat::EpochSeconds;

fn t(secs: i64, nanos: u32) -> DateTime {
    DateTime::from_secs_and_nanos(secs, nanos)
}

fn parse(text: &str, format: TimestampFormat) -> DateTime {
    DateTime::parse(text, format).unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn fmt(time: DateTime, format: TimestampFormat) -> String {
    time.format(format).unwrap()
}

#[test]
fn constructors_and_accessors() {
    assert_eq!(DateTime::from_secs(5), t(5, 0));
    assert_eq!(DateTime::from_millis(1_500), t(1, 500_000_000));
    assert_eq!(DateTime::from_millis(-1), t(-1, 999_000_000));
    assert_eq!(DateTime::from_millis(-1_000), t(-1, 0));
    assert_eq!(DateTime::from_millis(i64::MIN).secs(), i64::MIN / 1000 - 1);
    assert_eq!(t(1, 2_500_000_000), t(3, 500_000_000));
    assert_eq!(t(i64::MAX, 1_000_000_000), DateTime::MAX);
    let x = t(-2, 250_000_000);
    assert_eq!((x.secs(), x.subsec_nanos()), (-2, 250_000_000));
    assert!(x.has_subsec_nanos() && !DateTime::from_secs(1).has_subsec_nanos());
    assert_eq!(x.as_secs_f64(), -1.75);
    assert_eq!(x.to_millis().unwrap(), -1_750);
    assert_eq!(DateTime::from_millis(-1).to_millis().unwrap(), -1);
    assert!(DateTime::MAX.to_millis().is_err());
    assert_eq!(DateTime::UNIX_EPOCH, DateTime::from_secs(0));
}

#[test]
fn from_secs_f64_keeps_the_printed_decimal() {
    let x = DateTime::from_secs_f64(1_515_531_081.123).unwrap();
    assert_eq!(x, t(1_515_531_081, 123_000_000));
    assert_eq!(x.as_secs_f64(), 1_515_531_081.123);
    assert_eq!(DateTime::from_secs_f64(-0.5).unwrap(), t(-1, 500_000_000));
    assert_eq!(DateTime::from_secs_f64(-0.0).unwrap(), DateTime::UNIX_EPOCH);
    assert_eq!(
        DateTime::from_secs_f64(1e-10).unwrap(),
        DateTime::UNIX_EPOCH
    );
    assert_eq!(DateTime::from_secs_f64(-1e-10).unwrap(), t(-1, 999_999_999));
    assert_eq!(
        DateTime::from_secs_f64(1_398_796_238.123_456).unwrap(),
        t(1_398_796_238, 123_456_000)
    );
    for bad in [
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        1e19,
        -1e300,
        f64::MAX,
    ] {
        assert!(DateTime::from_secs_f64(bad).is_err(), "{bad}");
    }
    // The largest f64 below 2^63 fits; 2^63 does not.
    assert!(DateTime::from_secs_f64(9_223_372_036_854_774_784.0).is_ok());
    assert!(DateTime::from_secs_f64(9_223_372_036_854_775_808.0).is_err());
    assert_eq!(
        DateTime::from_secs_f64(-9_223_372_036_854_775_808.0).unwrap(),
        DateTime::MIN
    );
}

#[test]
fn display_and_date_time_format() {
    let cases = [
        (t(0, 0), "1970-01-01T00:00:00Z"),
        (t(-1, 0), "1969-12-31T23:59:59Z"),
        (t(-1, 500_000_000), "1969-12-31T23:59:59.5Z"),
        (t(1_575_280_800, 0), "2019-12-02T10:00:00Z"),
        (t(1_575_280_800, 123_000_000), "2019-12-02T10:00:00.123Z"),
        (t(1_575_280_800, 120_000_000), "2019-12-02T10:00:00.12Z"),
        (
            t(1_575_280_800, 123_456_789),
            "2019-12-02T10:00:00.123456789Z",
        ),
        (t(1_575_280_800, 1), "2019-12-02T10:00:00.000000001Z"),
        (t(951_782_400, 0), "2000-02-29T00:00:00Z"),
        (t(1_398_796_238, 0), "2014-04-29T18:30:38Z"),
        (t(-62_167_219_200, 0), "0000-01-01T00:00:00Z"),
        (
            t(253_402_300_799, 999_999_999),
            "9999-12-31T23:59:59.999999999Z",
        ),
    ];
    for (time, text) in cases {
        assert_eq!(time.to_string(), text);
        assert_eq!(fmt(time, DT), text);
        assert_eq!(parse(text, DT), time, "{text}");
        assert_eq!(text.parse::<DateTime>().unwrap(), time);
        assert_eq!(format!("{time:?}"), format!("DateTime({text})"));
    }
}

#[test]
fn years_rfc_3339_cannot_write() {
    let after = t(253_402_300_800, 0);
    let before = t(-62_167_219_201, 0);
    assert_eq!(after.to_string(), "+10000-01-01T00:00:00Z");
    assert_eq!(before.to_string(), "-0001-12-31T23:59:59Z");
    for time in [after, before, DateTime::MIN, DateTime::MAX] {
        for format in [DT, HTTP] {
            let err = time.format(format).unwrap_err().to_string();
            assert!(err.contains("0000 and 9999"), "{err}");
        }
        // Display never fails, and epoch seconds always exist.
        let _ = time.to_string();
        assert_eq!(parse(&fmt(time, EPOCH), EPOCH), time);
    }
    assert_eq!(DateTime::MIN.to_string(), "-292277022657-01-27T08:29:52Z");
    assert_eq!(
        DateTime::MAX.to_string(),
        "+292277026596-12-04T15:30:07.999999999Z"
    );
}

#[test]
fn date_time_parsing() {
    let base = t(1_575_280_800, 0); // 2019-12-02T10:00:00Z
    let cases = [
        ("2019-12-02T10:00:00z", base),
        ("2019-12-02t10:00:00Z", base),
        ("2019-12-02T11:00:00+01:00", base),
        ("2019-12-02T04:30:00-05:30", base),
        ("2019-12-02T10:00:00-00:00", base),
        ("2019-12-03T09:59:00+23:59", base),
        ("2019-12-02T10:00:00.1Z", t(1_575_280_800, 100_000_000)),
        ("2019-12-02T10:00:00.000Z", base),
        (
            "2019-12-02T10:00:00.123456789Z",
            t(1_575_280_800, 123_456_789),
        ),
        // Past nanoseconds: dropped.
        (
            "2019-12-02T10:00:00.1234567891234Z",
            t(1_575_280_800, 123_456_789),
        ),
        ("2019-12-02T11:00:00.5+01:00", t(1_575_280_800, 500_000_000)),
        // A leap second is the next minute's first.
        ("2016-12-31T23:59:60Z", t(1_483_228_800, 0)),
        ("1970-01-01T00:00:00+01:00", t(-3600, 0)),
        ("1969-12-31T23:59:59.999Z", t(-1, 999_000_000)),
        ("1900-02-28T00:00:00Z", t(-2_203_977_600, 0)),
        ("2024-02-29T12:00:00Z", t(1_709_208_000, 0)),
        ("1600-02-29T00:00:00Z", t(-11_670_998_400, 0)),
        ("0000-01-01T00:00:00+01:00", t(-62_167_222_800, 0)),
    ];
    for (text, time) in cases {
        assert_eq!(parse(text, DT), time, "{text}");
    }
}

#[test]
fn invalid_date_times_are_errors() {
    let cases = [
        ("", "expected 4 digits of the year, found the end"),
        ("2019-12-02", "expected 'T', found the end"),
        (
            "2019-12-02T10:00:00",
            "expected 'Z' or an offset, found the end",
        ),
        (
            "2019-12-02 10:00:00Z",
            "expected 'T', found ' ' at offset 10",
        ),
        ("19-12-02T10:00:00Z", "expected 4 digits of the year"),
        ("2019-1-02T10:00:00Z", "expected 2 digits of the month"),
        ("2019-12-02T10:00Z", "expected ':'"),
        ("2019-12-02T10:00:00.Z", "expected digits after '.'"),
        ("2019-12-02T10:00:00+0100", "expected ':'"),
        ("2019-12-02T10:00:00+01", "expected ':', found the end"),
        (
            "2019-12-02T10:00:00Z ",
            "expected the end, found ' ' at offset 20",
        ),
        ("2019-12-02T10:00:00ZZ", "expected the end"),
        ("2019-13-02T10:00:00Z", "month 13 does not exist"),
        ("2019-00-02T10:00:00Z", "month 0 does not exist"),
        ("2019-02-29T10:00:00Z", "day 29 does not exist in 2019-02"),
        ("1900-02-29T10:00:00Z", "day 29 does not exist in 1900-02"),
        ("2019-04-31T10:00:00Z", "day 31 does not exist"),
        ("2019-04-00T10:00:00Z", "day 0 does not exist"),
        ("2019-12-02T24:00:00Z", "24:00 is not a time"),
        ("2019-12-02T10:60:00Z", "10:60 is not a time"),
        ("2019-12-02T10:00:61Z", "second 61 does not exist"),
        ("2019-12-02T10:00:00+24:00", "offset 24:00 is out of range"),
        ("2019-12-02T10:00:00+01:60", "offset 01:60 is out of range"),
        ("２019-12-02T10:00:00Z", "found '２' at offset 0"),
        (
            "Mon, 02 Dec 2019 10:00:00 GMT",
            "expected 4 digits of the year",
        ),
        ("1575280800", "expected '-'"),
    ];
    for (text, reason) in cases {
        let err = DateTime::parse(text, DT).unwrap_err().to_string();
        assert!(
            err.starts_with(&format!("invalid date-time timestamp {text:?}: ")),
            "{err}"
        );
        assert!(err.contains(reason), "{text}: {err}");
    }
    let long = "x".repeat(1000);
    let err = DateTime::parse(&long, DT).unwrap_err().to_string();
    assert!(err.len() < 200 && err.contains('…'), "{err}");
}

#[test]
fn http_dates() {
    let cases = [
        (t(1_398_796_238, 0), "Tue, 29 Apr 2014 18:30:38 GMT"),
        (t(0, 0), "Thu, 01 Jan 1970 00:00:00 GMT"),
        (t(-1, 0), "Wed, 31 Dec 1969 23:59:59 GMT"),
        (t(951_782_400, 0), "Tue, 29 Feb 2000 00:00:00 GMT"),
        (t(1_575_280_800, 0), "Mon, 02 Dec 2019 10:00:00 GMT"),
        (t(1_577_836_800, 0), "Wed, 01 Jan 2020 00:00:00 GMT"),
        (t(1_566_000_000, 0), "Sat, 17 Aug 2019 00:00:00 GMT"),
        (t(1_565_913_600, 0), "Fri, 16 Aug 2019 00:00:00 GMT"),
        (t(1_566_086_400, 0), "Sun, 18 Aug 2019 00:00:00 GMT"),
        (t(253_402_300_799, 0), "Fri, 31 Dec 9999 23:59:59 GMT"),
    ];
    for (time, text) in cases {
        assert_eq!(fmt(time, HTTP), text);
        assert_eq!(parse(text, HTTP), time, "{text}");
    }
    // The fraction is dropped when writing and read when parsing.
    assert_eq!(
        fmt(t(1_398_796_238, 999_000_000), HTTP),
        "Tue, 29 Apr 2014 18:30:38 GMT"
    );
    assert_eq!(
        parse("Tue, 29 Apr 2014 18:30:38.123 GMT", HTTP),
        t(1_398_796_238, 123_000_000)
    );
    // A one-digit day, other cases, and a day name that does not match.
    assert_eq!(
        parse("Thu, 1 Jan 1970 00:00:00 GMT", HTTP),
        DateTime::UNIX_EPOCH
    );
    assert_eq!(
        parse("thu, 01 JAN 1970 00:00:00 gmt", HTTP),
        DateTime::UNIX_EPOCH
    );
    assert_eq!(
        parse("Mon, 01 Jan 1970 00:00:00 GMT", HTTP),
        DateTime::UNIX_EPOCH
    );
}

#[test]
fn invalid_http_dates_are_errors() {
    let cases = [
        ("", "expected a day name, found the end"),
        ("Tue 29 Apr 2014 18:30:38 GMT", "expected ','"),
        ("Tuesday, 29 Apr 2014 18:30:38 GMT", "expected ','"),
        ("Xyz, 29 Apr 2014 18:30:38 GMT", "expected a day name"),
        ("Tue, 29 April 2014 18:30:38 GMT", "expected ' '"),
        ("Tue, 29 Apx 2014 18:30:38 GMT", "expected a month name"),
        (
            "Tue, 29 Apr 14 18:30:38 GMT",
            "expected 4 digits of the year",
        ),
        ("Tue, 29 Apr 2014 18:30:38 UTC", "expected 'G'"),
        ("Tue, 29 Apr 2014 18:30:38", "expected ' ', found the end"),
        ("Tue, 29 Apr 2014 18:30:38 GMT ", "expected the end"),
        ("Tue, 29 Apr 2014 18:30 GMT", "expected ':'"),
        ("Tue, 31 Apr 2014 18:30:38 GMT", "day 31 does not exist"),
        ("Tue, 29 Apr 2014 25:30:38 GMT", "25:30 is not a time"),
        ("Tue, 123 Apr 2014 18:30:38 GMT", "expected ' '"),
        ("Tuesday, 29-Apr-14 18:30:38 GMT", "expected ','"),
        ("Tue Apr 29 18:30:38 2014", "expected ','"),
        ("2014-04-29T18:30:38Z", "expected a day name"),
        ("Tu", "expected a day name"),
        ("Tué, 29 Apr 2014 18:30:38 GMT", "expected a day name"),
    ];
    for (text, reason) in cases {
        let err = DateTime::parse(text, HTTP).unwrap_err().to_string();
        assert!(err.starts_with("invalid http-date timestamp"), "{err}");
        assert!(err.contains(reason), "{text}: {err}");
    }
}

#[test]
fn epoch_seconds_text() {
    let cases = [
        (t(0, 0), "0"),
        (t(1_515_531_081, 0), "1515531081"),
        (t(1_515_531_081, 123_000_000), "1515531081.123"),
        (t(1_515_531_081, 123_456_789), "1515531081.123456789"),
        (t(-1, 0), "-1"),
        (t(-1, 500_000_000), "-0.5"),
        (t(-2, 1), "-1.999999999"),
        (t(-1_000, 250_000_000), "-999.75"),
        (DateTime::MIN, "-9223372036854775808"),
        (DateTime::MAX, "9223372036854775807.999999999"),
    ];
    for (time, text) in cases {
        assert_eq!(fmt(time, EPOCH), text);
        assert_eq!(parse(text, EPOCH), time, "{text}");
    }
    assert_eq!(parse("-0", EPOCH), DateTime::UNIX_EPOCH);
    assert_eq!(parse("0001.10", EPOCH), t(1, 100_000_000));
    assert_eq!(parse("1.0000000009", EPOCH), t(1, 0));
    assert_eq!(parse("-1.0000000001", EPOCH), t(-2, 999_999_999));
    for bad in [
        "",
        "-",
        "+1",
        ".5",
        "1.",
        "1e9",
        "1,5",
        " 1",
        "1 ",
        "NaN",
        "9223372036854775808",
        "-9223372036854775808.000000001",
        "99999999999999999999999999999999999999999999",
    ] {
        assert!(DateTime::parse(bad, EPOCH).is_err(), "{bad:?}");
    }
}

#[test]
fn ordering_and_hashing() {
    use std::collections::HashSet;
    let mut times = vec![t(1, 0), t(-1, 999_999_999), t(-1, 0), t(0, 1), t(0, 0)];
    times.sort();
    assert_eq!(
        times,
        [t(-1, 0), t(-1, 999_999_999), t(0, 0), t(0, 1), t(1, 0)]
    );
    let set: HashSet<_> = [t(1, 0), DateTime::from_millis(1_000)].into();
    assert_eq!(set.len(), 1);
}

#[test]
fn system_time_round_trips() {
    let cases = [
        (UNIX_EPOCH, t(0, 0)),
        (
            UNIX_EPOCH + Duration::new(1_575_280_800, 5),
            t(1_575_280_800, 5),
        ),
        (UNIX_EPOCH - Duration::from_secs(1), t(-1, 0)),
        (
            UNIX_EPOCH - Duration::from_millis(1_500),
            t(-2, 500_000_000),
        ),
        (UNIX_EPOCH - Duration::from_nanos(1), t(-1, 999_999_999)),
    ];
    for (system, time) in cases {
        assert_eq!(DateTime::from(system), time);
        assert_eq!(SystemTime::try_from(time).unwrap(), system);
    }
    let now = SystemTime::now();
    assert_eq!(SystemTime::try_from(DateTime::from(now)).unwrap(), now);
    // Where the platform's SystemTime reaches, the conversion is exact.
    for extreme in [DateTime::MIN, DateTime::MAX] {
        if let Ok(system) = SystemTime::try_from(extreme) {
            assert_eq!(DateTime::from(system), extreme);
        }
    }
}

#[test]
fn every_second_of_a_leap_day_and_the_epoch_boundary() {
    for secs in (951_782_400 - 90_000..951_782_400 + 90_000).step_by(997) {
        let time = t(secs, 0);
        assert_eq!(parse(&fmt(time, DT), DT), time);
        assert_eq!(parse(&fmt(time, HTTP), HTTP), time);
    }
    for secs in (-100_000..100_000).step_by(7) {
        let time = t(secs, 250_000_000);
        assert_eq!(parse(&time.to_string(), DT), time);
    }
}
