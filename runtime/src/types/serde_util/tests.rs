//! The adapters through serde_json, spelled as generated code spells them.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::types::DateTime;

fn at(secs: i64, nanos: u32) -> DateTime {
    DateTime::from_secs_and_nanos(secs, nanos)
}

#[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(crate = "::smithy_runtime::serde")]
struct Timestamps {
    #[serde(
        rename = "plain",
        skip_serializing_if = "::std::option::Option::is_none"
    )]
    plain: ::std::option::Option<DateTime>,
    #[serde(
        rename = "epoch",
        default,
        skip_serializing_if = "::std::option::Option::is_none",
        with = "::smithy_runtime::serde_util::timestamp::option_epoch_seconds"
    )]
    epoch: ::std::option::Option<DateTime>,
    #[serde(
        rename = "iso",
        default,
        skip_serializing_if = "::std::option::Option::is_none",
        with = "::smithy_runtime::serde_util::timestamp::option_date_time"
    )]
    iso: ::std::option::Option<DateTime>,
    #[serde(
        rename = "http",
        default,
        skip_serializing_if = "::std::option::Option::is_none",
        with = "::smithy_runtime::serde_util::timestamp::option_http_date"
    )]
    http: ::std::option::Option<DateTime>,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(crate = "::smithy_runtime::serde")]
struct Required {
    #[serde(
        rename = "iso",
        with = "::smithy_runtime::serde_util::timestamp::date_time"
    )]
    iso: DateTime,
    #[serde(
        rename = "http",
        with = "::smithy_runtime::serde_util::timestamp::http_date"
    )]
    http: DateTime,
    #[serde(
        rename = "epoch",
        with = "::smithy_runtime::serde_util::timestamp::epoch_seconds"
    )]
    epoch: DateTime,
    #[serde(rename = "double", with = "::smithy_runtime::serde_util::float::f64")]
    double: f64,
    #[serde(rename = "float", with = "::smithy_runtime::serde_util::float::f32")]
    float: f32,
}

#[test]
fn option_timestamps_absent_null_and_present() {
    let none = Timestamps::default();
    assert_eq!(serde_json::to_string(&none).unwrap(), "{}");
    assert_eq!(serde_json::from_str::<Timestamps>("{}").unwrap(), none);
    let nulls = r#"{"plain":null,"epoch":null,"iso":null,"http":null}"#;
    assert_eq!(serde_json::from_str::<Timestamps>(nulls).unwrap(), none);

    let t = at(1_398_796_238, 0);
    let all = Timestamps {
        plain: Some(t),
        epoch: Some(t),
        iso: Some(t),
        http: Some(t),
    };
    let json = serde_json::to_value(&all).unwrap();
    assert_eq!(
        json,
        json!({
            "plain": 1398796238,
            "epoch": 1398796238,
            "iso": "2014-04-29T18:30:38Z",
            "http": "Tue, 29 Apr 2014 18:30:38 GMT",
        })
    );
    assert_eq!(serde_json::from_value::<Timestamps>(json).unwrap(), all);
    let text = serde_json::to_string(&all).unwrap();
    assert_eq!(serde_json::from_str::<Timestamps>(&text).unwrap(), all);
}

#[test]
fn epoch_seconds_numbers() {
    let cases = [
        (at(1_398_796_238, 0), "1398796238"),
        (at(1_398_796_238, 123_000_000), "1398796238.123"),
        (at(1_515_531_081, 123_456_000), "1515531081.123456"),
        (at(-1, 500_000_000), "-0.5"),
        (at(-1_000_000, 0), "-1000000"),
        (at(0, 0), "0"),
    ];
    for (time, number) in cases {
        assert_eq!(serde_json::to_string(&time).unwrap(), number);
        assert_eq!(serde_json::from_str::<DateTime>(number).unwrap(), time);
    }
    // Other spellings of numbers.
    assert_eq!(
        serde_json::from_str::<DateTime>("1.398796238123E9").unwrap(),
        at(1_398_796_238, 123_000_000)
    );
    assert_eq!(
        serde_json::from_str::<DateTime>("1398796238.0").unwrap(),
        at(1_398_796_238, 0)
    );
    assert_eq!(
        serde_json::from_str::<DateTime>("-9223372036854775808").unwrap(),
        DateTime::MIN
    );
    for bad in [
        r#""1398796238""#,
        r#""2014-04-29T18:30:38Z""#,
        "9223372036854775808",
        "1e300",
        "true",
        "null",
    ] {
        let err = serde_json::from_str::<DateTime>(bad)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("epoch-seconds") || err.contains("not a time"),
            "{bad}: {err}"
        );
    }
}

#[test]
fn required_fields_and_errors() {
    let value = Required {
        iso: at(1_575_280_800, 120_000_000),
        http: at(1_575_280_800, 0),
        epoch: at(1_575_280_800, 500_000_000),
        double: f64::NEG_INFINITY,
        float: 1.1,
    };
    let json = json!({
        "iso": "2019-12-02T10:00:00.12Z",
        "http": "Mon, 02 Dec 2019 10:00:00 GMT",
        "epoch": 1575280800.5,
        "double": "-Infinity",
        // `serde_json::Value` widens f32 to f64; text keeps `1.1`.
        "float": 1.1_f32,
    });
    assert_eq!(serde_json::to_value(&value).unwrap(), json);
    assert_eq!(
        serde_json::from_value::<Required>(json.clone()).unwrap(),
        value
    );
    let text = serde_json::to_string(&value).unwrap();
    assert!(text.ends_with(r#""float":1.1}"#), "{text}");
    assert_eq!(serde_json::from_str::<Required>(&text).unwrap(), value);

    let with = |key: &str, member: serde_json::Value| {
        let mut json = json.clone();
        json[key] = member;
        serde_json::from_str::<Required>(&json.to_string())
            .unwrap_err()
            .to_string()
    };
    let err = with("iso", json!("2019-12-02T10:00:00"));
    assert!(err.starts_with("invalid date-time timestamp"), "{err}");
    let err = with("iso", json!(1575280800));
    assert!(
        err.contains("expected a timestamp in date-time (a string)"),
        "{err}"
    );
    let err = with("http", json!("2019-12-02T10:00:00Z"));
    assert!(err.starts_with("invalid http-date timestamp"), "{err}");
    let err = with("epoch", json!("1575280800"));
    assert!(err.contains("epoch-seconds (a number)"), "{err}");
    let err = with("double", json!("nan"));
    assert!(
        err.contains(r#"expected a number, "NaN", "Infinity" or "-Infinity""#),
        "{err}"
    );
    let err = with("iso", json!(null));
    assert!(err.contains("invalid type: null"), "{err}");
    let mut missing = json.clone();
    missing.as_object_mut().unwrap().remove("iso");
    let err = serde_json::from_value::<Required>(missing)
        .unwrap_err()
        .to_string();
    assert_eq!(err, "missing field `iso`");

    // Years RFC 3339 cannot write fail to serialize, not panic.
    let far = Required {
        iso: DateTime::MAX,
        ..value
    };
    let err = serde_json::to_string(&far).unwrap_err().to_string();
    assert!(err.contains("cannot be written as date-time"), "{err}");
}

#[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(crate = "::smithy_runtime::serde")]
struct Floats {
    #[serde(
        rename = "d",
        default,
        skip_serializing_if = "::std::option::Option::is_none",
        with = "::smithy_runtime::serde_util::float::option_f64"
    )]
    d: ::std::option::Option<f64>,
    #[serde(
        rename = "f",
        default,
        skip_serializing_if = "::std::option::Option::is_none",
        with = "::smithy_runtime::serde_util::float::option_f32"
    )]
    f: ::std::option::Option<f32>,
    #[serde(
        rename = "list",
        default,
        skip_serializing_if = "::std::option::Option::is_none",
        with = "::smithy_runtime::serde_util::As::<::std::option::Option<::std::vec::Vec<::smithy_runtime::serde_util::float::Float>>>"
    )]
    list: ::std::option::Option<::std::vec::Vec<f64>>,
}

#[test]
fn floats() {
    let cases: [(f64, serde_json::Value); 7] = [
        (1.5, json!(1.5)),
        (-0.25, json!(-0.25)),
        (3.0, json!(3.0)),
        (f64::INFINITY, json!("Infinity")),
        (f64::NEG_INFINITY, json!("-Infinity")),
        (f64::MAX, json!(f64::MAX)),
        (f64::MIN_POSITIVE, json!(f64::MIN_POSITIVE)),
    ];
    for (value, json) in cases {
        let floats = Floats {
            d: Some(value),
            f: Some(value as f32),
            list: Some(vec![value, value]),
        };
        let written = serde_json::to_value(&floats).unwrap();
        assert_eq!(written["d"], json);
        assert_eq!(written["list"], json!([json, json]));
        assert_eq!(serde_json::from_value::<Floats>(written).unwrap(), floats);
    }
    // NaN is not equal to itself: checked apart.
    let nan = Floats {
        d: Some(f64::NAN),
        f: Some(f32::NAN),
        list: Some(vec![f64::NAN]),
    };
    let text = serde_json::to_string(&nan).unwrap();
    assert_eq!(text, r#"{"d":"NaN","f":"NaN","list":["NaN"]}"#);
    let back: Floats = serde_json::from_str(&text).unwrap();
    assert!(back.d.unwrap().is_nan() && back.f.unwrap().is_nan() && back.list.unwrap()[0].is_nan());
    // Integers, absent and null members.
    let read: Floats =
        serde_json::from_str(r#"{"d":3,"f":-2,"list":[18446744073709551615]}"#).unwrap();
    assert_eq!((read.d, read.f), (Some(3.0), Some(-2.0)));
    assert_eq!(read.list, Some(vec![18_446_744_073_709_551_615.0]));
    assert_eq!(
        serde_json::from_str::<Floats>("{}").unwrap(),
        Floats::default()
    );
    assert_eq!(
        serde_json::from_str::<Floats>(r#"{"d":null,"f":null,"list":null}"#).unwrap(),
        Floats::default()
    );
    assert_eq!(serde_json::to_string(&Floats::default()).unwrap(), "{}");
    for bad in [
        r#"{"d":"1.5"}"#,
        r#"{"d":"inf"}"#,
        r#"{"f":true}"#,
        r#"{"list":[null]}"#,
    ] {
        assert!(serde_json::from_str::<Floats>(bad).is_err(), "{bad}");
    }
}

#[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(crate = "::smithy_runtime::serde")]
struct Collections {
    #[serde(
        rename = "list",
        default,
        skip_serializing_if = "::std::option::Option::is_none",
        with = "::smithy_runtime::serde_util::As::<::std::option::Option<::std::vec::Vec<::smithy_runtime::serde_util::timestamp::DateTimeFormat>>>"
    )]
    list: ::std::option::Option<::std::vec::Vec<DateTime>>,
    #[serde(
        rename = "sparse",
        default,
        skip_serializing_if = "::std::option::Option::is_none",
        with = "::smithy_runtime::serde_util::As::<::std::option::Option<::std::vec::Vec<::std::option::Option<::smithy_runtime::serde_util::timestamp::HttpDateFormat>>>>"
    )]
    sparse: ::std::option::Option<::std::vec::Vec<::std::option::Option<DateTime>>>,
    #[serde(
        rename = "map",
        default,
        skip_serializing_if = "::std::option::Option::is_none",
        with = "::smithy_runtime::serde_util::As::<::std::option::Option<::std::collections::HashMap<::std::string::String, ::std::vec::Vec<::smithy_runtime::serde_util::timestamp::DateTimeFormat>>>>"
    )]
    map: ::std::option::Option<
        ::std::collections::HashMap<::std::string::String, ::std::vec::Vec<DateTime>>,
    >,
    // The key type may be left to inference.
    #[serde(
        rename = "inferred",
        default,
        with = "::smithy_runtime::serde_util::As::<::std::collections::BTreeMap<_, ::smithy_runtime::serde_util::timestamp::EpochSecondsFormat>>"
    )]
    inferred: BTreeMap<String, DateTime>,
    // Lists of default-format timestamps need nothing.
    #[serde(
        rename = "epochs",
        default,
        skip_serializing_if = "::std::vec::Vec::is_empty"
    )]
    epochs: ::std::vec::Vec<DateTime>,
}

#[test]
fn lists_and_maps() {
    let (a, b) = (at(1_575_280_800, 0), at(0, 1_000_000));
    let value = Collections {
        list: Some(vec![a, b]),
        sparse: Some(vec![Some(a), None]),
        map: Some(HashMap::from([
            ("k".to_owned(), vec![b]),
            ("e".to_owned(), vec![]),
        ])),
        inferred: BTreeMap::from([("x".to_owned(), b)]),
        epochs: vec![a, b],
    };
    let json = json!({
        "list": ["2019-12-02T10:00:00Z", "1970-01-01T00:00:00.001Z"],
        "sparse": ["Mon, 02 Dec 2019 10:00:00 GMT", null],
        "map": {"k": ["1970-01-01T00:00:00.001Z"], "e": []},
        "inferred": {"x": 0.001},
        "epochs": [1575280800, 0.001],
    });
    assert_eq!(serde_json::to_value(&value).unwrap(), json);
    assert_eq!(
        serde_json::from_value::<Collections>(json.clone()).unwrap(),
        value
    );
    let text = serde_json::to_string(&value).unwrap();
    assert_eq!(serde_json::from_str::<Collections>(&text).unwrap(), value);
    assert_eq!(
        serde_json::from_str::<Collections>("{}").unwrap(),
        Collections::default()
    );
    let err = serde_json::from_str::<Collections>(r#"{"list":["2019-12-02T10:00:00Z", null]}"#)
        .unwrap_err()
        .to_string();
    assert!(err.contains("invalid type: null"), "{err}");
    let err = serde_json::from_str::<Collections>(r#"{"map":{"k":["nope"]}}"#)
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with(r#"invalid date-time timestamp "nope""#),
        "{err}"
    );
}

/// An `intEnum` as generated code has it: a `From<i32>`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(crate = "::smithy_runtime::serde", from = "i32", into = "i32")]
enum Level {
    One,
    Other(i32),
}

impl From<i32> for Level {
    fn from(value: i32) -> Self {
        if value == 1 {
            Level::One
        } else {
            Level::Other(value)
        }
    }
}

impl From<Level> for i32 {
    fn from(level: Level) -> Self {
        match level {
            Level::One => 1,
            Level::Other(value) => value,
        }
    }
}

#[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(crate = "::smithy_runtime::serde")]
struct Defaults {
    #[serde(
        rename = "zero",
        default = "::smithy_runtime::serde_util::default::Or::<::smithy_runtime::serde_util::default::Zero>::some",
        with = "::smithy_runtime::serde_util::default::Or::<::smithy_runtime::serde_util::default::Zero>"
    )]
    zero: Option<i64>,
    #[serde(
        rename = "int",
        default = "::smithy_runtime::serde_util::default::Or::<::smithy_runtime::serde_util::default::Int<-7>>::some",
        with = "::smithy_runtime::serde_util::default::Or::<::smithy_runtime::serde_util::default::Int<-7>>"
    )]
    int: Option<i8>,
    #[serde(
        rename = "yes",
        default = "::smithy_runtime::serde_util::default::Or::<::smithy_runtime::serde_util::default::True>::some",
        with = "::smithy_runtime::serde_util::default::Or::<::smithy_runtime::serde_util::default::True>"
    )]
    yes: Option<bool>,
    #[serde(
        rename = "level",
        default = "::smithy_runtime::serde_util::default::Or::<::smithy_runtime::serde_util::default::IntEnum<1>>::some",
        with = "::smithy_runtime::serde_util::default::Or::<::smithy_runtime::serde_util::default::IntEnum<1>>"
    )]
    level: Option<Level>,
    #[serde(
        rename = "text",
        default = "::smithy_runtime::serde_util::default::Or::<::smithy_runtime::serde_util::default::Member<Defaults, 4>>::some",
        with = "::smithy_runtime::serde_util::default::Or::<::smithy_runtime::serde_util::default::Member<Defaults, 4>>"
    )]
    text: Option<String>,
    #[serde(
        rename = "ratio",
        default = "::smithy_runtime::serde_util::default::OrAs::<::smithy_runtime::serde_util::default::Int<2>, ::smithy_runtime::serde_util::float::Float>::some",
        with = "::smithy_runtime::serde_util::default::OrAs::<::smithy_runtime::serde_util::default::Int<2>, ::smithy_runtime::serde_util::float::Float>"
    )]
    ratio: Option<f64>,
    #[serde(
        rename = "at",
        default = "::smithy_runtime::serde_util::default::OrAs::<::smithy_runtime::serde_util::default::Int<86400>, ::smithy_runtime::serde_util::timestamp::DateTimeFormat>::some",
        with = "::smithy_runtime::serde_util::default::OrAs::<::smithy_runtime::serde_util::default::Int<86400>, ::smithy_runtime::serde_util::timestamp::DateTimeFormat>"
    )]
    at: Option<DateTime>,
}

impl crate::serde_util::default::MemberDefault<4> for Defaults {
    type Value = String;
    fn value() -> String {
        "hi".to_owned()
    }
}

#[test]
fn unset_defaulted_members_are_written_as_their_defaults() {
    let json = serde_json::to_value(Defaults::default()).unwrap();
    let expected = json!({
        "zero": 0, "int": -7, "yes": true, "level": 1, "text": "hi", "ratio": 2.0,
        "at": "1970-01-02T00:00:00Z"
    });
    assert_eq!(json, expected);
}

#[test]
fn set_defaulted_members_are_written_as_set() {
    let value = Defaults {
        zero: Some(5),
        int: Some(0),
        yes: Some(false),
        level: Some(Level::Other(3)),
        text: Some(String::new()),
        ratio: Some(f64::NAN),
        at: Some(DateTime::from_secs(0)),
    };
    let expected = json!({
        "zero": 5, "int": 0, "yes": false, "level": 3, "text": "", "ratio": "NaN",
        "at": "1970-01-01T00:00:00Z"
    });
    assert_eq!(serde_json::to_value(&value).unwrap(), expected);
}

#[test]
fn missing_and_null_defaulted_members_read_as_their_defaults() {
    let defaults = Defaults {
        zero: Some(0),
        int: Some(-7),
        yes: Some(true),
        level: Some(Level::One),
        text: Some("hi".to_owned()),
        ratio: Some(2.0),
        at: Some(DateTime::from_secs(86_400)),
    };
    assert_eq!(serde_json::from_str::<Defaults>("{}").unwrap(), defaults);
    let nulls =
        r#"{"zero":null,"int":null,"yes":null,"level":null,"text":null,"ratio":null,"at":null}"#;
    assert_eq!(serde_json::from_str::<Defaults>(nulls).unwrap(), defaults);
    let present = r#"{"zero":1,"int":2,"yes":false,"level":9,"text":"x","ratio":"Infinity","at":"1970-01-01T00:00:01Z"}"#;
    let read = serde_json::from_str::<Defaults>(present).unwrap();
    assert_eq!(
        read,
        Defaults {
            zero: Some(1),
            int: Some(2),
            yes: Some(false),
            level: Some(Level::Other(9)),
            text: Some("x".to_owned()),
            ratio: Some(f64::INFINITY),
            at: Some(DateTime::from_secs(1)),
        }
    );
}

/// A string enum as generated: known values and `Unknown`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(crate = "::smithy_runtime::serde", from = "String", into = "String")]
enum Shade {
    Dark,
    Unknown(String),
}

impl From<&str> for Shade {
    fn from(value: &str) -> Self {
        match value {
            "dark" => Shade::Dark,
            other => Shade::Unknown(other.to_owned()),
        }
    }
}

impl From<String> for Shade {
    fn from(value: String) -> Self {
        Shade::from(value.as_str())
    }
}

impl From<Shade> for String {
    fn from(shade: Shade) -> Self {
        match shade {
            Shade::Dark => "dark".to_owned(),
            Shade::Unknown(value) => value,
        }
    }
}

/// Required members of an output, as the generator writes them for client
/// error correction: only a `default` (and the usual `with`).
#[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(crate = "::smithy_runtime::serde")]
struct Corrected {
    #[serde(
        rename = "text",
        default = "::smithy_runtime::serde_util::default::Or::<::smithy_runtime::serde_util::default::Zero>::some",
        skip_serializing_if = "::std::option::Option::is_none"
    )]
    text: Option<String>,
    #[serde(
        rename = "shade",
        default = "::smithy_runtime::serde_util::default::Or::<::smithy_runtime::serde_util::default::EmptyText>::some",
        skip_serializing_if = "::std::option::Option::is_none"
    )]
    shade: Option<Shade>,
    #[serde(
        rename = "level",
        default = "::smithy_runtime::serde_util::default::Or::<::smithy_runtime::serde_util::default::IntEnum<0>>::some",
        skip_serializing_if = "::std::option::Option::is_none"
    )]
    level: Option<Level>,
    #[serde(
        rename = "ratio",
        default = "::smithy_runtime::serde_util::default::Or::<::smithy_runtime::serde_util::default::Zero>::some",
        skip_serializing_if = "::std::option::Option::is_none",
        with = "::smithy_runtime::serde_util::float::option_f64"
    )]
    ratio: Option<f64>,
    #[serde(
        rename = "at",
        default = "::smithy_runtime::serde_util::default::Or::<::smithy_runtime::serde_util::default::Int<0>>::some",
        skip_serializing_if = "::std::option::Option::is_none",
        with = "::smithy_runtime::serde_util::timestamp::option_date_time"
    )]
    at: Option<DateTime>,
}

#[test]
fn corrected_members_read_missing_as_their_zero_values_and_are_written_as_held() {
    let zeros = Corrected {
        text: Some(String::new()),
        shade: Some(Shade::Unknown(String::new())),
        level: Some(Level::Other(0)),
        ratio: Some(0.0),
        at: Some(DateTime::from_secs(0)),
    };
    assert_eq!(serde_json::from_str::<Corrected>("{}").unwrap(), zeros);
    let present =
        r#"{"text":"t","shade":"dark","level":1,"ratio":"NaN","at":"1970-01-01T00:00:01Z"}"#;
    let read = serde_json::from_str::<Corrected>(present).unwrap();
    assert_eq!(read.shade, Some(Shade::Dark));
    assert_eq!(read.level, Some(Level::One));
    assert!(read.ratio.unwrap().is_nan());
    assert_eq!(read.at, Some(DateTime::from_secs(1)));
    // Nothing is invented on the way out.
    assert_eq!(
        serde_json::to_value(Corrected::default()).unwrap(),
        json!({})
    );
}
