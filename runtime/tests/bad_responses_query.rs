//! Bad responses in the AWS query protocols (awsQuery and ec2Query), read
//! as generated clients read them: through `protocol::query` with a static
//! [`Schema`] and serde types shaped as the generated ones (enums that keep
//! unknown values, `DateTime`, `Blob`, unions). Issue 12: truncated or
//! malformed XML, text that is not of its member's type, unknown elements
//! and values, deep nesting, huge bodies, a wrong root and junk error
//! bodies are errors naming the member path (or metadata without a code),
//! never a panic, as restJson1's are (`tests/tests/bad_responses.rs`).

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};

use serde::Deserialize;
use smithy_runtime::error::modeled_or_unhandled;
use smithy_runtime::protocol::query::{
    self, Dialect, error_from_xml, error_metadata, from_xml, read_error, read_output,
};
use smithy_runtime::schema::{ListSchema, MapSchema, Member, Schema};
use smithy_runtime::types::TimestampFormat;
use smithy_runtime::{
    Blob, Config, DateTime, HttpResponse, InvokeError, MockTransport, ProvideErrorMetadata,
    ResponseError, ResponseErrorKind, RetryConfig, ServiceInfo, TransportErrorKind,
};

const DIALECTS: [Dialect; 2] = [Dialect::AwsQuery, Dialect::Ec2Query];
const OP: &str = "GetThing";

// ------------------------------------------------------------ the shapes

// structure GetThingOutput {
//   name: String, count: Byte, enabled: Boolean, ratio: Double,
//   created: Timestamp, @timestampFormat("epoch-seconds") expires: Timestamp,
//   data: Blob, status: Status (enum),
//   nested: Nested, @xmlFlattened @xmlName("item") items: ItemList,
//   choice: Choice (union), @xmlAttribute version: String
// }
static ITEM: Schema = Schema::Structure(&[Member::new("id", &Schema::Integer)]);
static ITEMS: ListSchema = ListSchema::new(&ITEM);
static INTEGERS: ListSchema = ListSchema::new(&Schema::Integer);
static INTEGER_MAP: MapSchema = MapSchema::new(&Schema::Integer);
static TIMESTAMPS: ListSchema = ListSchema::new(&Schema::Timestamp(TimestampFormat::EpochSeconds));
static NESTED: Schema = Schema::Structure(&[
    Member::new("values", &Schema::List(&INTEGERS)).xml_name("Values"),
    Member::new("counts", &Schema::Map(&INTEGER_MAP)),
    Member::new("when", &Schema::List(&TIMESTAMPS)),
    Member::new("child", &NESTED),
]);
static CHOICE: Schema = Schema::Union(&[
    Member::new("text", &Schema::String),
    Member::new("number", &Schema::Integer),
]);
static OUTPUT: Schema = Schema::Structure(&[
    Member::new("version", &Schema::String).attribute(),
    Member::new("name", &Schema::String),
    Member::new("count", &Schema::Integer),
    Member::new("enabled", &Schema::Boolean),
    Member::new("ratio", &Schema::Float),
    // The types' serde form of a timestamp is epoch seconds (`DateTime`'s
    // own); the wire's is date-time unless the member says otherwise.
    Member::new("created", &Schema::Timestamp(TimestampFormat::EpochSeconds)),
    Member::new("expires", &Schema::Timestamp(TimestampFormat::EpochSeconds))
        .timestamp_format(TimestampFormat::EpochSeconds),
    Member::new("data", &Schema::Blob),
    Member::new("status", &Schema::String),
    Member::new("nested", &NESTED).xml_name("Nested"),
    Member::new("items", &Schema::List(&ITEMS))
        .xml_name("item")
        .flattened(),
    Member::new("choice", &CHOICE),
]);

/// An enum as generated: a value this client does not know is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Status {
    Ready,
    Unknown(String),
}

impl<'de> Deserialize<'de> for Status {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = String::deserialize(deserializer)?;
        Ok(match value.as_str() {
            "READY" => Self::Ready,
            _ => Self::Unknown(value),
        })
    }
}

#[derive(Debug, Deserialize, PartialEq)]
struct Output {
    version: Option<String>,
    name: Option<String>,
    count: Option<i8>,
    enabled: Option<bool>,
    ratio: Option<f64>,
    created: Option<DateTime>,
    expires: Option<DateTime>,
    data: Option<Blob>,
    status: Option<Status>,
    nested: Option<Nested>,
    items: Option<Vec<Item>>,
    choice: Option<Choice>,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Nested {
    values: Option<Vec<i32>>,
    counts: Option<BTreeMap<String, i32>>,
    when: Option<Vec<DateTime>>,
    child: Option<Box<Nested>>,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Item {
    id: Option<i32>,
}

/// A union as serde reads it: exactly one member.
#[derive(Debug, Deserialize, PartialEq)]
enum Choice {
    #[serde(rename = "text")]
    Text(String),
    #[serde(rename = "number")]
    Number(i32),
}

// ------------------------------------------------------------ helpers

fn response(status: u16, headers: &[(&str, &[u8])], body: &[u8]) -> HttpResponse {
    let mut builder = http::Response::builder().status(status);
    for (name, value) in headers {
        builder = builder.header(*name, http::HeaderValue::from_bytes(value).unwrap());
    }
    builder.body(body.to_vec()).unwrap()
}

/// `members` as the success response of [`OP`] in `dialect`.
fn success(dialect: Dialect, members: &str) -> String {
    match dialect {
        Dialect::AwsQuery => format!(
            r#"<{OP}Response xmlns="https://example.com/doc/"><{OP}Result>{members}</{OP}Result><ResponseMetadata><RequestId>body-id</RequestId></ResponseMetadata></{OP}Response>"#
        ),
        Dialect::Ec2Query => format!(
            r#"<{OP}Response xmlns="https://example.com/doc/">{members}<requestId>body-id</requestId></{OP}Response>"#
        ),
    }
}

/// Runs `f`, turning a panic into a failure that names `case`.
fn no_panic<T>(case: &str, f: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|_| panic!("{case}: panicked"))
}

/// Reads `body` (a 200 with a request id header) as [`Output`].
fn read(case: &str, dialect: Dialect, body: &[u8]) -> Result<Output, ResponseError> {
    let response = response(200, &[("x-amzn-requestid", b"header-id")], body);
    no_panic(case, || from_xml::<Output>(&response, OP, &OUTPUT, dialect))
}

fn read_err(case: &str, dialect: Dialect, body: &[u8]) -> ResponseError {
    match read(case, dialect, body) {
        Ok(output) => panic!("{case} ({dialect:?}): expected an error, read {output:?}"),
        Err(error) => {
            assert_eq!(error.status(), 200, "{case}");
            assert_eq!(error.request_id(), Some("header-id"), "{case}");
            error
        }
    }
}

/// Asserts that `message` holds every fragment.
fn assert_contains(case: &str, message: &str, fragments: &[&str]) {
    for fragment in fragments {
        assert!(
            message.contains(fragment),
            "{case}: {fragment:?} not in {message:?}"
        );
    }
}

// ------------------------------------------------ what a good body reads

#[test]
fn a_good_body_reads_with_unknown_elements_ignored_and_unknown_enum_values_kept() {
    let members = r#"<name>thing</name><count>-5</count><enabled>true</enabled>
        <ratio>0.25</ratio><created>2018-01-09T20:51:21.5Z</created>
        <expires>1515531081.5</expires><data>aGk=</data>
        <status>BRAND_NEW_VALUE</status>
        <Unknown attr="x"><deeper><deepest>1</deepest></deeper></Unknown>
        <Nested><Values><member>1</member><member>2</member></Values>
          <counts><entry><key>a</key><value>1</value></entry></counts>
          <when><member>1970-01-01T00:00:00Z</member></when>
          <extra>ignored</extra>
          <child><Values><member>3</member></Values></child></Nested>
        <item><id>1</id><colour>red</colour></item><item><id>2</id></item>
        <choice><number>7</number></choice>"#;
    for dialect in DIALECTS {
        let body = success(dialect, members).replacen(
            &format!("<{OP}Response "),
            &format!("<{OP}Response version=\"v2\" "),
            1,
        );
        // The attribute is on the element the members are read from.
        let body = match dialect {
            Dialect::AwsQuery => body.replacen(
                &format!("<{OP}Result>"),
                &format!("<{OP}Result version=\"v2\">"),
                1,
            ),
            Dialect::Ec2Query => body,
        };
        let output = read("good", dialect, body.as_bytes()).unwrap();
        assert_eq!(
            output,
            Output {
                version: Some("v2".to_owned()),
                name: Some("thing".to_owned()),
                count: Some(-5),
                enabled: Some(true),
                ratio: Some(0.25),
                created: Some(DateTime::from_secs_and_nanos(1_515_531_081, 500_000_000)),
                expires: Some(DateTime::from_secs_and_nanos(1_515_531_081, 500_000_000)),
                data: Some(Blob::new(b"hi".to_vec())),
                status: Some(Status::Unknown("BRAND_NEW_VALUE".to_owned())),
                nested: Some(Nested {
                    values: Some(vec![1, 2]),
                    counts: Some(BTreeMap::from([("a".to_owned(), 1)])),
                    when: Some(vec![DateTime::from_secs(0)]),
                    child: Some(Box::new(Nested {
                        values: Some(vec![3]),
                        counts: None,
                        when: None,
                        child: None,
                    })),
                }),
                items: Some(vec![Item { id: Some(1) }, Item { id: Some(2) }]),
                choice: Some(Choice::Number(7)),
            },
            "{dialect:?}"
        );
        let known = read(
            "known enum value",
            dialect,
            success(dialect, "<status>READY</status>").as_bytes(),
        )
        .unwrap();
        assert_eq!(known.status, Some(Status::Ready));
    }
}

// ------------------------------------------- wrong types: member paths

struct Wrong {
    case: &'static str,
    members: &'static str,
    path: &'static str,
    message: &'static [&'static str],
}

fn wrong_values() -> Vec<Wrong> {
    let wrong = |case, members, path, message| Wrong {
        case,
        members,
        path,
        message,
    };
    vec![
        wrong(
            "text for an integer",
            "<count>ten</count>",
            "count",
            &[r#""ten" is not an integer"#],
        ),
        wrong(
            "a fraction for an integer",
            "<count>1.5</count>",
            "count",
            &[r#""1.5" is not an integer"#],
        ),
        wrong(
            "an integer out of the member's range (a byte)",
            "<count>300</count>",
            "count",
            &["invalid value: integer `300`", "i8"],
        ),
        wrong(
            "an integer beyond u64",
            "<count>99999999999999999999999</count>",
            "count",
            &["is not an integer"],
        ),
        wrong(
            "a number for a boolean",
            "<enabled>1</enabled>",
            "enabled",
            &[r#""1" is not a boolean"#],
        ),
        wrong(
            "capitalised boolean",
            "<enabled>True</enabled>",
            "enabled",
            &[r#""True" is not a boolean"#],
        ),
        wrong(
            "text for a double",
            "<ratio>fast</ratio>",
            "ratio",
            &[r#""fast" is not a number"#],
        ),
        wrong(
            "Rust's spelling of infinity for a double",
            "<ratio>inf</ratio>",
            "ratio",
            &["is not a number"],
        ),
        wrong(
            "an empty double",
            "<ratio/>",
            "ratio",
            &[r#""" is not a number"#],
        ),
        wrong(
            "text for a timestamp",
            "<created>yesterday</created>",
            "created",
            &["invalid date-time timestamp \"yesterday\""],
        ),
        wrong(
            "epoch seconds where date-time is the wire's format",
            "<created>1515531081</created>",
            "created",
            &["invalid date-time timestamp \"1515531081\""],
        ),
        wrong(
            "a date that does not exist",
            "<created>2019-02-29T00:00:00Z</created>",
            "created",
            &["day 29 does not exist in 2019-02"],
        ),
        wrong(
            "a date-time where epoch seconds are modeled",
            "<expires>2020-01-01T00:00:00Z</expires>",
            "expires",
            &["invalid epoch-seconds timestamp"],
        ),
        wrong(
            "a timestamp beyond i64 seconds",
            "<expires>99999999999999999999</expires>",
            "expires",
            &["invalid epoch-seconds timestamp"],
        ),
        wrong(
            "text that is not base64",
            "<data>not base64!</data>",
            "data",
            &["invalid base64"],
        ),
        wrong(
            "a list item of the wrong type",
            "<Nested><Values><member>1</member><member>x</member></Values></Nested>",
            "nested.values[1]",
            &[r#""x" is not an integer"#],
        ),
        wrong(
            "a list item out of range (i32)",
            "<Nested><Values><member>1</member><member>2</member><member>4294967296</member></Values></Nested>",
            "nested.values[2]",
            &["invalid value: integer `4294967296`"],
        ),
        wrong(
            "a map value of the wrong type",
            "<Nested><counts><entry><key>ok</key><value>1</value></entry><entry><key>bad</key><value>one</value></entry></counts></Nested>",
            "nested.counts.bad",
            &[r#""one" is not an integer"#],
        ),
        wrong(
            "a timestamp in a list in a nested structure",
            "<Nested><child><when><member>1970-01-01T00:00:00Z</member><member>soon</member></when></child></Nested>",
            "nested.child.when[1]",
            &["invalid date-time timestamp \"soon\""],
        ),
        wrong(
            "a flattened list item's member of the wrong type",
            "<item><id>1</id></item><item><id>two</id></item>",
            "items[1].id",
            &[r#""two" is not an integer"#],
        ),
        wrong(
            "a union with two members set",
            "<choice><text>a</text><number>1</number></choice>",
            "choice",
            &[],
        ),
        wrong(
            "a union member of the wrong type",
            "<choice><number>seven</number></choice>",
            "choice.number",
            &[r#""seven" is not an integer"#],
        ),
    ]
}

#[test]
fn values_not_of_their_members_type_are_invalid_values_naming_the_member_path() {
    for case in wrong_values() {
        for dialect in DIALECTS {
            let body = success(dialect, case.members);
            let error = read_err(case.case, dialect, body.as_bytes());
            let what = format!("{} ({dialect:?}): {error}", case.case);
            assert_eq!(error.kind(), ResponseErrorKind::InvalidValue, "{what}");
            assert_eq!(error.path(), Some(case.path), "{what}");
            let prefix = format!("invalid XML body at {}: ", case.path);
            assert!(error.message().starts_with(&prefix), "{what}");
            assert_contains(&what, error.message(), case.message);
            assert!(
                error
                    .to_string()
                    .starts_with("failed to parse response (HTTP 200): invalid XML body at "),
                "{what}"
            );
        }
    }
}

#[test]
fn a_wrong_value_in_an_unknown_element_is_not_read() {
    // The same text as in the cases above, where the schema does not look.
    for dialect in DIALECTS {
        let body = success(
            dialect,
            "<Count>ten</Count><Nested><values><member>x</member></values></Nested>",
        );
        let output = read("unknown elements", dialect, body.as_bytes()).unwrap();
        assert_eq!(output.count, None);
        let nested = output.nested.expect("Nested is read");
        // `values` is `Values` in XML: element names are case-sensitive.
        assert_eq!(nested.values, None);
    }
}

// ------------------------------------- bodies that are not the XML asked

struct Malformed {
    case: &'static str,
    body: Vec<u8>,
    message: &'static [&'static str],
}

fn malformed_bodies(dialect: Dialect) -> Vec<Malformed> {
    let good = success(dialect, "<name>thing</name><count>1</count>");
    let cut = |n: usize| good.as_bytes()[..good.len() - n].to_vec();
    let bad = |case, body: &[u8], message| Malformed {
        case,
        body: body.to_vec(),
        message,
    };
    vec![
        Malformed {
            case: "truncated in the closing tag",
            body: cut(3),
            message: &["unexpected end of stream"],
        },
        Malformed {
            case: "truncated inside a member's text",
            body: good.as_bytes()[..good.find("thing").unwrap() + 2].to_vec(),
            message: &["the root node was opened but never closed"],
        },
        bad(
            "an end tag that does not match",
            format!("<{OP}Response><name>x</nam></{OP}Response>").as_bytes(),
            &["expected 'name' tag, not 'nam'", "1:"],
        ),
        bad(
            "an unknown entity",
            format!("<{OP}Response><name>&nbsp;</name></{OP}Response>").as_bytes(),
            &["unknown entity reference 'nbsp'"],
        ),
        bad(
            "two roots",
            format!("<{OP}Response/><{OP}Response/>").as_bytes(),
            &["unknown token at 1:20"],
        ),
        bad("JSON", br#"{"name": "thing"}"#, &["unknown token at 1:1"]),
        bad(
            "text before the root",
            format!("oops<{OP}Response/>").as_bytes(),
            &["unknown token at 1:1"],
        ),
        bad(
            "an unclosed attribute",
            format!("<{OP}Response version=\"1><name>x</name></{OP}Response>").as_bytes(),
            &["expected '\"' not '<' at 1:30"],
        ),
        bad(
            "a NUL character in a member's text",
            format!("<{OP}Response><name>\u{0}</name></{OP}Response>").as_bytes(),
            &["non-XML character"],
        ),
        bad(
            "a DTD with an entity",
            format!(
                "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY e \"x\">]><{OP}Response><name>&e;</name></{OP}Response>"
            )
            .as_bytes(),
            &["DTD"],
        ),
        bad(
            "not UTF-8",
            &[b"<GetThingResponse><name>".as_slice(), b"\xff\xfe", b"</name></GetThingResponse>"]
                .concat(),
            &["the body is not UTF-8"],
        ),
        bad(
            "UTF-16",
            &"<GetThingResponse/>"
                .encode_utf16()
                .flat_map(u16::to_le_bytes)
                .collect::<Vec<_>>(),
            &[],
        ),
    ]
}

#[test]
fn malformed_and_truncated_xml_is_invalid_xml_without_a_path() {
    for dialect in DIALECTS {
        for case in malformed_bodies(dialect) {
            let error = read_err(case.case, dialect, &case.body);
            let what = format!("{} ({dialect:?}): {error}", case.case);
            assert_eq!(error.kind(), ResponseErrorKind::InvalidXml, "{what}");
            assert_eq!(error.path(), None, "{what}");
            assert!(error.message().starts_with("invalid XML body: "), "{what}");
            assert_contains(&what, error.message(), case.message);
            // The value form (`read_output`) says the same.
            let response = response(200, &[], &case.body);
            let value = no_panic(case.case, || read_output(&response, OP, &OUTPUT, dialect));
            assert_eq!(value.unwrap_err().message(), error.message(), "{what}");
        }
    }
}

#[test]
fn every_cut_of_a_good_body_is_an_error_or_the_empty_output() {
    let members = "<name>a &amp; b</name><Nested><Values><member>1</member></Values>\
        <counts><entry><key>k</key><value>2</value></entry></counts></Nested>\
        <item><id>3</id></item><choice><text><![CDATA[c]]></text></choice>";
    for dialect in DIALECTS {
        let body = success(dialect, members);
        let full = read("whole", dialect, body.as_bytes()).unwrap();
        assert_eq!(full.name.as_deref(), Some("a & b"));
        for end in 0..body.len() {
            let cut = &body.as_bytes()[..end];
            let case = format!("cut at {end}");
            match read(&case, dialect, cut) {
                // Only the empty body is an (empty) output.
                Ok(output) => assert_eq!(end, 0, "{case}: {output:?}"),
                Err(error) => {
                    assert_eq!(
                        error.kind(),
                        ResponseErrorKind::InvalidXml,
                        "{case}: {error}"
                    )
                }
            }
        }
    }
}

#[test]
fn a_root_other_than_the_operations_response_is_invalid_xml() {
    for dialect in DIALECTS {
        for (case, body, found) in [
            (
                "an error document with status 200",
                "<ErrorResponse><Error><Code>Oops</Code></Error></ErrorResponse>".to_owned(),
                "ErrorResponse",
            ),
            (
                "ec2's error document with status 200",
                "<Response><Errors><Error><Code>Oops</Code></Error></Errors></Response>".to_owned(),
                "Response",
            ),
            (
                "an HTML page",
                "<html><body><h1>502 Bad Gateway</h1></body></html>".to_owned(),
                "html",
            ),
            (
                "another operation's response",
                success(dialect, "<name>x</name>").replace(OP, "PutThing"),
                "PutThingResponse",
            ),
            (
                "the result without its response",
                format!("<{OP}Result><name>x</name></{OP}Result>"),
                "GetThingResult",
            ),
        ] {
            let error = read_err(case, dialect, body.as_bytes());
            assert_eq!(error.kind(), ResponseErrorKind::InvalidXml, "{case}");
            assert_eq!(
                error.message(),
                format!("invalid XML body: expected <{OP}Response>, found <{found}>"),
                "{case}"
            );
        }
    }
}

// ------------------------------------------------------ deep nesting

/// `<Nested>` holding `child` `depth` times, with an item at the bottom.
fn nested_children(depth: usize, leaf: &str) -> String {
    format!(
        "<Nested>{}<Values><member>{leaf}</member></Values>{}</Nested>",
        "<child>".repeat(depth),
        "</child>".repeat(depth)
    )
}

#[test]
fn values_nested_past_the_limit_are_an_error_naming_the_depth_and_path() {
    for dialect in DIALECTS {
        // Within the limit, the value at the bottom is read (and a wrong
        // one is named by its whole path).
        let ok = read(
            "100 deep",
            dialect,
            success(dialect, &nested_children(100, "1")).as_bytes(),
        )
        .unwrap();
        let mut node = ok.nested.unwrap();
        for _ in 0..100 {
            node = *node.child.unwrap();
        }
        assert_eq!(node.values, Some(vec![1]));
        let error = read_err(
            "100 deep, wrong leaf",
            dialect,
            success(dialect, &nested_children(100, "x")).as_bytes(),
        );
        let expected = format!("nested{}.values[0]", ".child".repeat(100));
        assert_eq!(error.path(), Some(expected.as_str()));

        for depth in [200, 100_000] {
            let case = format!("{depth} deep");
            let body = success(dialect, &nested_children(depth, "1"));
            let error = no_panic(&case, || read_err(&case, dialect, body.as_bytes()));
            assert_eq!(error.kind(), ResponseErrorKind::InvalidXml, "{case}");
            assert_contains(&case, error.message(), &["values nest more than 128 deep"]);
            // The path is that of the structure where the limit was met.
            let path = error.path().unwrap_or_else(|| panic!("{case}: no path"));
            assert!(path.starts_with("nested.child.child."), "{case}: {path}");
            assert_eq!(path.matches('.').count(), 127, "{case}: {path}");
        }
    }
}

#[test]
fn deep_documents_where_the_schema_does_not_look_read_without_overflow() {
    let deep = |tag: &str, depth: usize| {
        format!("<{tag}>").repeat(depth) + "x" + &format!("</{tag}>").repeat(depth)
    };
    for dialect in DIALECTS {
        // Under an unknown element, and under a string member (whose text
        // is only its own).
        for members in [
            deep("unknown", 200_000),
            format!("<name>{}</name>", deep("b", 200_000)),
        ] {
            let body = success(dialect, &members);
            let output = read("deep unknown", dialect, body.as_bytes()).unwrap();
            assert_eq!(output.count, None);
        }
        let meta = no_panic("deep error", || {
            error_metadata(
                &response(400, &[], deep("ErrorResponse", 200_000).as_bytes()),
                dialect,
            )
        });
        assert_eq!((meta.code(), meta.status()), (None, 400));
    }
}

#[test]
fn lists_of_lists_nested_past_the_limit_are_an_error() {
    static LIST_OF_LISTS: Schema = Schema::List(&LISTS);
    static LISTS: ListSchema = ListSchema::new(&LIST_OF_LISTS);
    static DEEP: Schema = Schema::Structure(&[Member::new("l", &LIST_OF_LISTS)]);
    for dialect in DIALECTS {
        let body = success(
            dialect,
            &format!(
                "<l>{}{}</l>",
                "<member>".repeat(500),
                "</member>".repeat(500)
            ),
        );
        let response = response(200, &[], body.as_bytes());
        let error = no_panic("lists", || read_output(&response, OP, &DEEP, dialect)).unwrap_err();
        assert_eq!(error.kind(), ResponseErrorKind::InvalidXml);
        assert_contains("lists", error.message(), &["more than 128 deep"]);
        assert!(error.path().unwrap().starts_with("l[0][0][0]"), "{error}");
    }
}

// ------------------------------------------------------- huge bodies

static SERVICE: ServiceInfo = ServiceInfo::new("thing", "thing", "THING", None);

/// One call through the runtime's call loop, answered with `body`.
fn invoke_with_limit(limit: usize, body: Vec<u8>) -> Result<HttpResponse, InvokeError> {
    let config = Config::new()
        .with_endpoint_url("http://localhost:8080")
        .with_retry(RetryConfig::disabled())
        .with_max_response_body(limit);
    let mock = MockTransport::new();
    mock.push_response(response(200, &[], &body));
    let call = smithy_runtime::invoke(&config, &SERVICE, &mock, |url| {
        query::request(
            url,
            OP,
            "2020-01-01",
            &serde_json::json!({}),
            &OUTPUT,
            Dialect::AwsQuery,
        )
    });
    pollster::block_on(call)
}

#[test]
fn a_body_over_the_limit_is_refused_before_it_is_parsed() {
    let items = "<item><id>1</id></item>".repeat(10_000);
    let body = success(Dialect::AwsQuery, &items).into_bytes();
    let len = body.len();
    match invoke_with_limit(len - 1, body.clone()) {
        Err(InvokeError::Transport(error)) => {
            assert_eq!(error.kind(), TransportErrorKind::ResponseTooLarge);
            assert_contains(
                "over",
                error.message(),
                &[&format!("{len} bytes"), &format!("{} bytes", len - 1)],
            );
        }
        other => panic!("expected ResponseTooLarge, got {other:?}"),
    }
    // At the limit, it is read whole.
    let response = invoke_with_limit(len, body).unwrap();
    let output: Output = from_xml(&response, OP, &OUTPUT, Dialect::AwsQuery).unwrap();
    assert_eq!(output.items.map(|items| items.len()), Some(10_000));
}

#[test]
fn large_bodies_under_the_default_limit_are_read() {
    // A 4 MiB member, and 100,000 elements the schema does not name.
    let long = "x".repeat(4 << 20);
    let members = format!("<name>{long}</name>{}", "<other>1</other>".repeat(100_000));
    for dialect in DIALECTS {
        let output = read("large", dialect, success(dialect, &members).as_bytes()).unwrap();
        assert_eq!(output.name.map(|name| name.len()), Some(4 << 20));
    }
}

// --------------------------------------------------- error responses

#[test]
fn junk_error_bodies_give_metadata_without_a_code() {
    // Each body, and whether it holds an `<Error>` element (so that a
    // modeled error's members read, all absent) or not (an error).
    let cases: [(&str, u16, &[u8], bool); 10] = [
        ("an empty 503", 503, b"", false),
        ("whitespace", 500, b" \r\n", false),
        (
            "an HTML page from a proxy",
            502,
            b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
            false,
        ),
        (
            "an unclosed HTML page",
            504,
            b"<html><body><p>Gateway Timeout",
            false,
        ),
        (
            "a JSON error",
            400,
            br#"{"__type": "ThrottlingException", "message": "slow"}"#,
            false,
        ),
        (
            "not UTF-8",
            500,
            b"<ErrorResponse>\xff</ErrorResponse>",
            false,
        ),
        (
            "an error element without a code",
            400,
            b"<ErrorResponse><Error><Type>Sender</Type></Error></ErrorResponse>",
            true,
        ),
        (
            "an empty code",
            400,
            b"<ErrorResponse><Error><Code> </Code></Error></ErrorResponse>",
            true,
        ),
        (
            "a code outside the error element",
            400,
            b"<ErrorResponse><Code>Throttling</Code></ErrorResponse>",
            false,
        ),
        (
            // Unlike JSON's metadata, nothing is read from a document that
            // does not parse.
            "a truncated error document",
            400,
            b"<ErrorResponse><Error><Code>Throttling</Code><Message>slow",
            false,
        ),
    ];
    for dialect in DIALECTS {
        for (case, status, body, has_error_element) in cases {
            let meta = no_panic(case, || {
                error_metadata(
                    &response(status, &[("x-amzn-requestid", b"header-id")], body),
                    dialect,
                )
            });
            assert_eq!(meta.code(), None, "{case} ({dialect:?})");
            assert_eq!(meta.message(), None, "{case} ({dialect:?})");
            assert_eq!(meta.status(), status, "{case}");
            assert_eq!(meta.request_id(), Some("header-id"), "{case}");
            // Reading a modeled error from it is an error, not a panic.
            let read = no_panic(case, || {
                read_error(&response(status, &[], body), &MODELED, dialect)
            });
            if has_error_element {
                assert_eq!(read.unwrap(), serde_json::json!({}), "{case}");
            } else {
                let error = read.expect_err(case);
                assert_eq!(error.kind(), ResponseErrorKind::InvalidXml, "{case}");
                assert_eq!(error.status(), status, "{case}");
            }
        }
    }
}

#[test]
fn metadata_codes_are_trimmed_and_request_ids_fall_back_to_headers() {
    let body = b"<ErrorResponse><Error>\n  <Code>\n    Throttling\n  </Code>\n  <Message> slow </Message></Error></ErrorResponse>";
    for dialect in DIALECTS {
        let meta = error_metadata(&response(400, &[], body), dialect);
        assert_eq!(meta.code(), Some("Throttling"));
        // The message is kept as sent.
        assert_eq!(meta.message(), Some(" slow "));
        assert_eq!(meta.request_id(), None);
        // A header that is not text is no request id, not a panic.
        let meta = error_metadata(
            &response(400, &[("x-amzn-requestid", b"\xff\xfe")], body),
            dialect,
        );
        assert_eq!(meta.request_id(), None);
        let meta = error_metadata(
            &response(400, &[("x-amz-request-id", b"second")], body),
            dialect,
        );
        assert_eq!(meta.request_id(), Some("second"));
    }
}

// A modeled error: structure ThingError { @xmlName("Message") message,
// retryAfterSeconds: Integer, @xmlName("Nested") nested: Nested }
static MODELED: Schema = Schema::Structure(&[
    Member::new("message", &Schema::String).xml_name("Message"),
    Member::new("retryAfterSeconds", &Schema::Integer),
    Member::new("nested", &NESTED).xml_name("Nested"),
]);

#[derive(Debug, Deserialize, PartialEq)]
struct ThingError {
    message: Option<String>,
    #[serde(rename = "retryAfterSeconds")]
    retry_after_seconds: Option<i32>,
    nested: Option<Nested>,
}

fn error_body(dialect: Dialect, members: &str) -> String {
    match dialect {
        Dialect::AwsQuery => format!(
            "<ErrorResponse><Error><Type>Sender</Type><Code>ThingError</Code>{members}</Error><RequestId>body-id</RequestId></ErrorResponse>"
        ),
        Dialect::Ec2Query => format!(
            "<Response><Errors><Error><Code>ThingError</Code>{members}</Error></Errors><RequestID>body-id</RequestID></Response>"
        ),
    }
}

#[test]
fn a_modeled_error_with_a_wrong_value_is_unhandled_keeping_its_code_and_the_path() {
    for dialect in DIALECTS {
        let good = error_body(
            dialect,
            "<Message>m</Message><retryAfterSeconds>5</retryAfterSeconds><Unknown><x/></Unknown>",
        );
        let read: ThingError =
            error_from_xml(&response(400, &[], good.as_bytes()), &MODELED, dialect).unwrap();
        assert_eq!(read.message.as_deref(), Some("m"));
        assert_eq!(read.retry_after_seconds, Some(5));

        for (members, path, fragment) in [
            (
                "<retryAfterSeconds>soon</retryAfterSeconds>",
                "retryAfterSeconds",
                r#""soon" is not an integer"#,
            ),
            (
                "<Nested><Values><member>1</member><member>1e3</member></Values></Nested>",
                "nested.values[1]",
                r#""1e3" is not an integer"#,
            ),
            (
                "<retryAfterSeconds>-2147483649</retryAfterSeconds>",
                "retryAfterSeconds",
                "invalid value: integer `-2147483649`",
            ),
        ] {
            let body = error_body(dialect, members);
            let response = response(400, &[("x-amzn-requestid", b"header-id")], body.as_bytes());
            let meta = error_metadata(&response, dialect);
            assert_eq!(meta.code(), Some("ThingError"));
            assert_eq!(meta.request_id(), Some("body-id"));
            let unhandled = modeled_or_unhandled(meta, &response, |_, response| {
                error_from_xml::<ThingError>(response, &MODELED, dialect)
            })
            .unwrap_err();
            assert_eq!(unhandled.code(), Some("ThingError"), "{members}");
            assert_eq!(unhandled.status(), 400);
            assert_eq!(unhandled.body(), body.as_bytes());
            let error = unhandled.parse_error().expect("why it is unhandled");
            assert_eq!(error.kind(), ResponseErrorKind::InvalidValue, "{members}");
            assert_eq!(error.path(), Some(path), "{members}");
            assert_contains(members, error.message(), &[fragment]);
        }
    }
}

#[test]
fn a_modeled_error_body_nested_too_deep_is_an_error() {
    for dialect in DIALECTS {
        let body = error_body(dialect, &nested_children(300, "1"));
        let response = response(400, &[], body.as_bytes());
        let error = no_panic("deep error", || {
            error_from_xml::<ThingError>(&response, &MODELED, dialect)
        })
        .unwrap_err();
        assert_eq!(error.kind(), ResponseErrorKind::InvalidXml);
        assert_contains("deep error", error.message(), &["more than 128 deep"]);
        assert_eq!(
            error_metadata(&response, dialect).code(),
            Some("ThingError")
        );
    }
}
