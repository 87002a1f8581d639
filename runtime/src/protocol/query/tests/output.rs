//! Reading outputs. Bodies and expected values are those of the Smithy
//! protocol tests (`aws/awsQuery/xml-*.smithy`, `aws/ec2Query/xml-*.smithy`),
//! named by case id; the expected values are the cases' `params` in the
//! serde form of the types.

use serde_json::{Value, json};

use super::super::{Dialect, from_xml, read_output};
use crate::error::ResponseErrorKind;
use crate::schema::{ListSchema, MapSchema, Member, Schema};
use crate::transport::HttpResponse;
use crate::types::TimestampFormat;

pub(super) fn response(status: u16, body: &str) -> HttpResponse {
    http::Response::builder()
        .status(status)
        .header("x-amzn-requestid", "header-id")
        .body(body.as_bytes().to_vec())
        .unwrap()
}

/// Wraps `members` as an awsQuery response to `op` and reads it.
fn query(op: &str, members: &str, schema: &Schema) -> Value {
    let body = format!(
        r#"<{op}Response xmlns="https://example.com/"><{op}Result>{members}</{op}Result><ResponseMetadata><RequestId>id</RequestId></ResponseMetadata></{op}Response>"#
    );
    read_output(&response(200, &body), op, schema, Dialect::AwsQuery).unwrap()
}

fn query_error(op: &str, members: &str, schema: &Schema) -> crate::error::ResponseError {
    let body = format!("<{op}Response><{op}Result>{members}</{op}Result></{op}Response>");
    read_output(&response(200, &body), op, schema, Dialect::AwsQuery).unwrap_err()
}

static SCALARS: Schema = Schema::Structure(&[
    Member::new("stringValue", &Schema::String),
    Member::new("emptyStringValue", &Schema::String),
    Member::new("trueBooleanValue", &Schema::Boolean),
    Member::new("falseBooleanValue", &Schema::Boolean),
    Member::new("byteValue", &Schema::Integer),
    Member::new("shortValue", &Schema::Integer),
    Member::new("integerValue", &Schema::Integer),
    Member::new("longValue", &Schema::Integer),
    Member::new("floatValue", &Schema::Float),
    Member::new("doubleValue", &Schema::Float).xml_name("DoubleDribble"),
    Member::new("bigInteger", &Schema::BigInteger),
    Member::new("data", &Schema::Blob),
]);

#[test]
fn scalars_query_simple_scalar_properties() {
    let read = query(
        "SimpleScalarXmlProperties",
        "<stringValue>string</stringValue>
         <emptyStringValue/>
         <trueBooleanValue>true</trueBooleanValue>
         <falseBooleanValue>false</falseBooleanValue>
         <byteValue>1</byteValue>
         <shortValue>2</shortValue>
         <integerValue>3</integerValue>
         <longValue>4</longValue>
         <floatValue>5.5</floatValue>
         <DoubleDribble>6.5</DoubleDribble>",
        &SCALARS,
    );
    assert_eq!(
        read,
        json!({
            "stringValue": "string",
            "emptyStringValue": "",
            "trueBooleanValue": true,
            "falseBooleanValue": false,
            "byteValue": 1,
            "shortValue": 2,
            "integerValue": 3,
            "longValue": 4,
            "floatValue": 5.5,
            "doubleValue": 6.5
        })
    );
}

#[test]
fn non_finite_floats_aws_query_supports_nan_and_infinity_float_outputs() {
    for special in ["NaN", "Infinity", "-Infinity"] {
        let read = query(
            "SimpleScalarXmlProperties",
            &format!("<floatValue>{special}</floatValue><DoubleDribble>{special}</DoubleDribble>"),
            &SCALARS,
        );
        assert_eq!(read, json!({"floatValue": special, "doubleValue": special}));
    }
}

#[test]
fn blobs_stay_base64_query_xml_blobs_and_empty_blobs() {
    // QueryXmlBlobs
    assert_eq!(
        query("XmlBlobs", "<data>dmFs\n dWU=</data>", &SCALARS),
        json!({"data": "dmFsdWU="})
    );
    // QueryXmlEmptyBlobs, QueryXmlEmptySelfClosedBlobs
    assert_eq!(
        query("XmlEmptyBlobs", "<data></data>", &SCALARS),
        json!({"data": ""})
    );
    assert_eq!(
        query("XmlEmptyBlobs", "<data/>", &SCALARS),
        json!({"data": ""})
    );
}

#[test]
fn text_entities_cdata_and_whitespace() {
    assert_eq!(
        query(
            "Op",
            "<stringValue> a &amp; &lt;b&gt; &#x263A; <![CDATA[<raw> & ]]>z </stringValue>\
             <integerValue>\n  7\n</integerValue><bigInteger>123456789012345678901234567890</bigInteger>",
            &SCALARS
        ),
        json!({
            "stringValue": " a & <b> \u{263A} <raw> & z ",
            "integerValue": 7,
            "bigInteger": "123456789012345678901234567890"
        })
    );
}

static DATE_TIME_SERDE: Schema = Schema::Timestamp(TimestampFormat::DateTime);
static EPOCH_SERDE: Schema = Schema::Timestamp(TimestampFormat::EpochSeconds);
static TIMESTAMPS: Schema = Schema::Structure(&[
    Member::new("normal", &EPOCH_SERDE),
    Member::new("dateTime", &EPOCH_SERDE).timestamp_format(TimestampFormat::DateTime),
    Member::new("epochSeconds", &EPOCH_SERDE).timestamp_format(TimestampFormat::EpochSeconds),
    Member::new("httpDate", &EPOCH_SERDE).timestamp_format(TimestampFormat::HttpDate),
    // Serde in date-time: the value read is converted to it.
    Member::new("asText", &DATE_TIME_SERDE).timestamp_format(TimestampFormat::EpochSeconds),
    Member::new("datetime", &EPOCH_SERDE),
]);

#[test]
fn timestamps_query_xml_timestamps_cases() {
    // QueryXmlTimestamps, ...WithDateTimeFormat, ...WithEpochSecondsFormat,
    // ...WithHttpDateFormat
    assert_eq!(
        query(
            "XmlTimestamps",
            "<normal>2014-04-29T18:30:38Z</normal>
             <dateTime>2014-04-29T18:30:38Z</dateTime>
             <epochSeconds>1398796238</epochSeconds>
             <httpDate>Tue, 29 Apr 2014 18:30:38 GMT</httpDate>
             <asText>1398796238</asText>",
            &TIMESTAMPS
        ),
        json!({
            "normal": 1398796238,
            "dateTime": 1398796238,
            "epochSeconds": 1398796238,
            "httpDate": 1398796238,
            "asText": "2014-04-29T18:30:38Z"
        })
    );
    // AwsQueryDateTimeWithNegativeOffset, AwsQueryDateTimeWithPositiveOffset
    for text in ["2019-12-16T22:48:18-01:00", "2019-12-17T00:48:18+01:00"] {
        assert_eq!(
            query(
                "DatetimeOffsets",
                &format!("<datetime>{text}</datetime>"),
                &TIMESTAMPS
            ),
            json!({"datetime": 1576540098})
        );
    }
    // AwsQueryDateTimeWithFractionalSeconds
    assert_eq!(
        query(
            "FractionalSeconds",
            "<datetime>2000-01-02T20:34:56.123Z</datetime>",
            &TIMESTAMPS
        ),
        json!({"datetime": 946845296.123})
    );
}

static STRING_LIST: ListSchema = ListSchema::new(&Schema::String);
static INTEGER_LIST: ListSchema = ListSchema::new(&Schema::Integer);
static TIMESTAMP_LIST: ListSchema = ListSchema::new(&EPOCH_SERDE);
static EPOCH_LIST: ListSchema = ListSchema {
    timestamp_format: Some(TimestampFormat::EpochSeconds),
    ..ListSchema::new(&EPOCH_SERDE)
};
static NESTED_STRING_LIST: ListSchema = ListSchema::new(&Schema::List(&STRING_LIST));
static RENAMED: ListSchema = ListSchema {
    member_name: Some("item"),
    ..ListSchema::new(&Schema::String)
};
static STRUCTURE_LIST_MEMBER: Schema = Schema::Structure(&[
    Member::new("a", &Schema::String).xml_name("value"),
    Member::new("b", &Schema::String).xml_name("other"),
]);
static STRUCTURE_LIST: ListSchema = ListSchema {
    member_name: Some("item"),
    ..ListSchema::new(&STRUCTURE_LIST_MEMBER)
};
static LISTS: Schema = Schema::Structure(&[
    Member::new("stringList", &Schema::List(&STRING_LIST)),
    Member::new("stringSet", &Schema::List(&STRING_LIST)),
    Member::new("integerList", &Schema::List(&INTEGER_LIST)),
    Member::new("timestampList", &Schema::List(&TIMESTAMP_LIST)),
    Member::new("epochList", &Schema::List(&EPOCH_LIST)),
    Member::new("nestedStringList", &Schema::List(&NESTED_STRING_LIST)),
    Member::new("renamedListMembers", &Schema::List(&RENAMED)).xml_name("renamed"),
    Member::new("flattenedList", &Schema::List(&RENAMED)).flattened(),
    Member::new("flattenedList2", &Schema::List(&RENAMED))
        .flattened()
        .xml_name("customName"),
    Member::new(
        "flattenedListWithMemberNamespace",
        &Schema::List(&STRING_LIST),
    )
    .flattened(),
    Member::new("structureList", &Schema::List(&STRUCTURE_LIST)).xml_name("myStructureList"),
]);

#[test]
fn lists_query_xml_lists() {
    let read = query(
        "XmlLists",
        r#"<stringList><member>foo</member><member>bar</member></stringList>
           <stringSet><member>foo</member><member>bar</member></stringSet>
           <integerList><member>1</member><member>2</member></integerList>
           <timestampList><member>2014-04-29T18:30:38Z</member><member>2014-04-29T18:30:38Z</member></timestampList>
           <epochList><member>1398796238</member></epochList>
           <nestedStringList>
               <member><member>foo</member><member>bar</member></member>
               <member><member>baz</member><member>qux</member></member>
           </nestedStringList>
           <renamed><item>foo</item><item>bar</item></renamed>
           <flattenedList>hi</flattenedList>
           <flattenedList>bye</flattenedList>
           <customName>yep</customName>
           <customName>nope</customName>
           <flattenedListWithMemberNamespace xmlns="https://xml-member.example.com">a</flattenedListWithMemberNamespace>
           <flattenedListWithMemberNamespace xmlns="https://xml-member.example.com">b</flattenedListWithMemberNamespace>
           <myStructureList>
               <item><value>1</value><other>2</other></item>
               <item><value>3</value><other>4</other></item>
           </myStructureList>"#,
        &LISTS,
    );
    assert_eq!(
        read,
        json!({
            "stringList": ["foo", "bar"],
            "stringSet": ["foo", "bar"],
            "integerList": [1, 2],
            "timestampList": [1398796238, 1398796238],
            "epochList": [1398796238],
            "nestedStringList": [["foo", "bar"], ["baz", "qux"]],
            "renamedListMembers": ["foo", "bar"],
            "flattenedList": ["hi", "bye"],
            "flattenedList2": ["yep", "nope"],
            "flattenedListWithMemberNamespace": ["a", "b"],
            "structureList": [{"a": "1", "b": "2"}, {"a": "3", "b": "4"}]
        })
    );
}

#[test]
fn empty_lists_query_xml_empty_lists() {
    assert_eq!(
        query(
            "XmlEmptyLists",
            "<stringList/><stringSet></stringSet>",
            &LISTS
        ),
        json!({"stringList": [], "stringSet": []})
    );
}

static GREETING: Schema = Schema::Structure(&[Member::new("hi", &Schema::String)]);
static GREETING_MAP: MapSchema = MapSchema::new(&GREETING);
static RENAMED_GREETING_MAP: MapSchema = MapSchema {
    key_name: Some("Attribute"),
    value_name: Some("Setting"),
    ..MapSchema::new(&GREETING)
};
static STRING_MAP: MapSchema = MapSchema::new(&Schema::String);
static KV_MAP: MapSchema = MapSchema {
    key_name: Some("K"),
    value_name: Some("V"),
    ..MapSchema::new(&Schema::String)
};
static MAPS: Schema = Schema::Structure(&[Member::new("myMap", &Schema::Map(&GREETING_MAP))]);
static RENAMED_MAPS: Schema =
    Schema::Structure(&[Member::new("myMap", &Schema::Map(&RENAMED_GREETING_MAP))]);
static FLAT_MAPS: Schema =
    Schema::Structure(&[Member::new("myMap", &Schema::Map(&STRING_MAP)).flattened()]);
static FLAT_KV_MAPS: Schema = Schema::Structure(&[Member::new("myMap", &Schema::Map(&KV_MAP))
    .flattened()
    .xml_name("KVP")]);

#[test]
fn maps_query_xml_maps_cases() {
    let expected = json!({"myMap": {"foo": {"hi": "there"}, "baz": {"hi": "bye"}}});
    // QueryXmlMaps
    assert_eq!(
        query(
            "XmlMaps",
            "<myMap>
                <entry><key>foo</key><value><hi>there</hi></value></entry>
                <entry><key>baz</key><value><hi>bye</hi></value></entry>
             </myMap>",
            &MAPS
        ),
        expected
    );
    // QueryQueryXmlMapsXmlName
    assert_eq!(
        query(
            "XmlMapsXmlName",
            "<myMap>
                <entry><Attribute>foo</Attribute><Setting><hi>there</hi></Setting></entry>
                <entry><Attribute>baz</Attribute><Setting><hi>bye</hi></Setting></entry>
             </myMap>",
            &RENAMED_MAPS
        ),
        expected
    );
    // QueryXmlEmptyMaps, QueryXmlEmptySelfClosedMaps
    assert_eq!(
        query("XmlEmptyMaps", "<myMap>\n</myMap>", &MAPS),
        json!({"myMap": {}})
    );
    assert_eq!(
        query("XmlEmptyMaps", "<myMap/>", &MAPS),
        json!({"myMap": {}})
    );
    // QueryQueryFlattenedXmlMap
    assert_eq!(
        query(
            "FlattenedXmlMap",
            "<myMap><key>foo</key><value>Foo</value></myMap>
             <myMap><key>baz</key><value>Baz</value></myMap>",
            &FLAT_MAPS
        ),
        json!({"myMap": {"foo": "Foo", "baz": "Baz"}})
    );
    // QueryQueryFlattenedXmlMapWithXmlName, ...WithXmlNamespace
    assert_eq!(
        query(
            "FlattenedXmlMapWithXmlName",
            r#"<KVP xmlns="https://the-member.example.com"><K xmlns="https://the-key.example.com">a</K><V>A</V></KVP>
               <KVP><K>b</K><V>B</V></KVP>"#,
            &FLAT_KV_MAPS
        ),
        json!({"myMap": {"a": "A", "b": "B"}})
    );
}

static RECURSIVE_1: Schema = Schema::Structure(&[
    Member::new("foo", &Schema::String),
    Member::new("nested", &RECURSIVE_2),
]);
static RECURSIVE_2: Schema = Schema::Structure(&[
    Member::new("bar", &Schema::String),
    Member::new("recursiveMember", &RECURSIVE_1),
]);
static RECURSIVE: Schema = Schema::Structure(&[Member::new("nested", &RECURSIVE_1)]);

#[test]
fn recursive_structures_query_recursive_shapes() {
    assert_eq!(
        query(
            "RecursiveXmlShapes",
            "<nested><foo>Foo1</foo><nested><bar>Bar1</bar><recursiveMember><foo>Foo2</foo>\
             <nested><bar>Bar2</bar></nested></recursiveMember></nested></nested>",
            &RECURSIVE
        ),
        json!({"nested": {"foo": "Foo1", "nested": {"bar": "Bar1", "recursiveMember": {
            "foo": "Foo2", "nested": {"bar": "Bar2"}}}}})
    );
}

static NAMESPACED_NESTED: Schema = Schema::Structure(&[
    Member::new("foo", &Schema::String),
    Member::new("values", &Schema::List(&STRING_LIST)),
]);
static NAMESPACES: Schema = Schema::Structure(&[Member::new("nested", &NAMESPACED_NESTED)]);

#[test]
fn namespaces_are_ignored_query_xml_namespaces() {
    assert_eq!(
        query(
            "XmlNamespaces",
            r#"<nested><foo xmlns:baz="http://baz.com">Foo</foo>
               <values xmlns="http://qux.com"><member xmlns="http://bux.com">Bar</member>
               <member xmlns="http://bux.com">Baz</member></values></nested>"#,
            &NAMESPACES
        ),
        json!({"nested": {"foo": "Foo", "values": ["Bar", "Baz"]}})
    );
    // A prefixed element matches by its local name.
    assert_eq!(
        query(
            "Op",
            r#"<p:nested xmlns:p="urn:p"><p:foo>F</p:foo></p:nested>"#,
            &NAMESPACES
        ),
        json!({"nested": {"foo": "F"}})
    );
}

static ATTRIBUTES_INNER: Schema = Schema::Structure(&[
    Member::new("id", &Schema::Integer).attribute(),
    Member::new("kind", &Schema::String)
        .attribute()
        .xml_name("xsi:type"),
    Member::new("name", &Schema::String).xml_name("Name"),
]);
static ATTRIBUTES: Schema = Schema::Structure(&[Member::new("item", &ATTRIBUTES_INNER)]);

#[test]
fn attributes_are_read_from_the_element() {
    assert_eq!(
        query(
            "Op",
            r#"<item xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="5" xsi:type="Group"><Name>n</Name></item>"#,
            &ATTRIBUTES
        ),
        json!({"item": {"id": 5, "kind": "Group", "name": "n"}})
    );
}

static UNION: Schema = Schema::Union(&[
    Member::new("text", &Schema::String),
    Member::new("list", &Schema::List(&STRING_LIST)),
]);
static WITH_UNION: Schema = Schema::Structure(&[Member::new("u", &UNION)]);

#[test]
fn unions_read_their_member_or_the_unknown_one() {
    assert_eq!(
        query("Op", "<u><list><member>a</member></list></u>", &WITH_UNION),
        json!({"u": {"list": ["a"]}})
    );
    assert_eq!(
        query("Op", "<u><circle><r>1</r></circle></u>", &WITH_UNION),
        json!({"u": {"circle": {}}})
    );
}

#[test]
fn unknown_elements_are_ignored_and_the_last_of_a_repeated_member_counts() {
    assert_eq!(
        query(
            "Op",
            "<other><deep><deeper/></deep></other><stringValue>a</stringValue><stringValue>b</stringValue>",
            &SCALARS
        ),
        json!({"stringValue": "b"})
    );
}

static EC2: Schema = Schema::Structure(&[
    Member::new("greeting", &Schema::String),
    Member::new("items", &Schema::List(&RENAMED)).xml_name("itemSet"),
]);

#[test]
fn ec2_reads_members_directly_under_the_response_ec2_greeting_with_errors() {
    let body = r#"<GreetingWithErrorsResponse xmlns="https://example.com/">
        <greeting>Hello</greeting>
        <itemSet><item>a</item></itemSet>
        <requestId>requestid</requestId>
    </GreetingWithErrorsResponse>"#;
    assert_eq!(
        read_output(
            &response(200, body),
            "GreetingWithErrors",
            &EC2,
            Dialect::Ec2Query
        )
        .unwrap(),
        json!({"greeting": "Hello", "items": ["a"]})
    );
}

#[test]
fn outputs_without_members_read_as_empty_objects() {
    // QueryEmptyInputAndEmptyOutput: no Result element.
    let body = "<NoOutputResponse><ResponseMetadata><RequestId>x</RequestId></ResponseMetadata></NoOutputResponse>";
    assert_eq!(
        read_output(
            &response(200, body),
            "NoOutput",
            &SCALARS,
            Dialect::AwsQuery
        )
        .unwrap(),
        json!({})
    );
    assert_eq!(
        read_output(
            &response(200, " \n"),
            "NoOutput",
            &SCALARS,
            Dialect::AwsQuery
        )
        .unwrap(),
        json!({})
    );
}

#[test]
fn deserializes_into_the_output_type_naming_the_member_path() {
    #[derive(Debug, serde::Deserialize, PartialEq)]
    struct Output {
        #[serde(rename = "byteValue")]
        byte_value: Option<i8>,
        #[serde(rename = "structureList", default)]
        structure_list: Vec<Item>,
    }
    #[derive(Debug, serde::Deserialize, PartialEq)]
    struct Item {
        a: Option<String>,
    }
    static OUTPUT: Schema = Schema::Structure(&[
        Member::new("byteValue", &Schema::Integer),
        Member::new("structureList", &Schema::List(&STRUCTURE_LIST)),
    ]);
    let body = |members: &str| {
        response(
            200,
            &format!("<OpResponse><OpResult>{members}</OpResult></OpResponse>"),
        )
    };
    let read: Output = from_xml(
        &body(
            "<byteValue>-5</byteValue><structureList><item><value>x</value></item></structureList>",
        ),
        "Op",
        &OUTPUT,
        Dialect::AwsQuery,
    )
    .unwrap();
    assert_eq!(
        read,
        Output {
            byte_value: Some(-5),
            structure_list: vec![Item {
                a: Some("x".to_owned())
            }]
        }
    );

    let error = from_xml::<Output>(
        &body("<byteValue>300</byteValue>"),
        "Op",
        &OUTPUT,
        Dialect::AwsQuery,
    )
    .unwrap_err();
    assert_eq!(error.kind(), ResponseErrorKind::InvalidValue);
    assert_eq!(error.path(), Some("byteValue"));
    assert_eq!(error.request_id(), Some("header-id"));
    assert!(
        error
            .message()
            .starts_with("invalid XML body at byteValue: invalid value: integer `300`"),
        "{error}"
    );
}

#[test]
fn text_that_is_not_of_the_members_type_is_an_error_naming_the_path() {
    let error = query_error("Op", "<trueBooleanValue>yes</trueBooleanValue>", &SCALARS);
    assert_eq!(error.kind(), ResponseErrorKind::InvalidValue);
    assert_eq!(error.path(), Some("trueBooleanValue"));
    assert_eq!(
        error.message(),
        r#"invalid XML body at trueBooleanValue: "yes" is not a boolean"#
    );
    for (members, path) in [
        ("<integerValue>1.5</integerValue>", "integerValue"),
        (
            "<integerValue>99999999999999999999</integerValue>",
            "integerValue",
        ),
        ("<floatValue>inf</floatValue>", "floatValue"),
        ("<floatValue>1e999</floatValue>", "floatValue"),
        ("<floatValue></floatValue>", "floatValue"),
    ] {
        let error = query_error("Op", members, &SCALARS);
        assert_eq!(error.kind(), ResponseErrorKind::InvalidValue, "{members}");
        assert_eq!(error.path(), Some(path), "{members}");
    }
    let error = query_error(
        "Op",
        "<integerList><member>1</member><member>x</member></integerList>",
        &LISTS,
    );
    assert_eq!(error.path(), Some("integerList[1]"));
    static INTEGER_MAP: MapSchema = MapSchema::new(&Schema::Integer);
    static INTEGER_MAPS: Schema =
        Schema::Structure(&[Member::new("counts", &Schema::Map(&INTEGER_MAP))]);
    let error = query_error(
        "Op",
        "<counts><entry><key>k</key><value>x</value></entry></counts>",
        &INTEGER_MAPS,
    );
    assert_eq!(error.path(), Some("counts.k"));
    let error = query_error("Op", "<normal>yesterday</normal>", &TIMESTAMPS);
    assert_eq!(error.kind(), ResponseErrorKind::InvalidValue);
    assert_eq!(error.path(), Some("normal"));
}

fn ec2(op: &str, members: &str, schema: &Schema) -> Value {
    let body = format!(
        r#"<{op}Response xmlns="https://example.com/">{members}<requestId>requestid</requestId></{op}Response>"#
    );
    read_output(&response(200, &body), op, schema, Dialect::Ec2Query).unwrap()
}

#[test]
fn ec2_simple_scalar_properties_and_ec2_xml_empty_lists() {
    assert_eq!(
        ec2(
            "SimpleScalarXmlProperties",
            "<stringValue>string</stringValue><emptyStringValue/>\
             <trueBooleanValue>true</trueBooleanValue><falseBooleanValue>false</falseBooleanValue>\
             <byteValue>1</byteValue><shortValue>2</shortValue><integerValue>3</integerValue>\
             <longValue>4</longValue><floatValue>5.5</floatValue><DoubleDribble>6.5</DoubleDribble>",
            &SCALARS
        ),
        json!({
            "stringValue": "string",
            "emptyStringValue": "",
            "trueBooleanValue": true,
            "falseBooleanValue": false,
            "byteValue": 1,
            "shortValue": 2,
            "integerValue": 3,
            "longValue": 4,
            "floatValue": 5.5,
            "doubleValue": 6.5
        })
    );
    assert_eq!(
        ec2(
            "XmlEmptyLists",
            "<stringList/><stringSet></stringSet>",
            &LISTS
        ),
        json!({"stringList": [], "stringSet": []})
    );
}

#[test]
fn response_metadata_is_not_output_query_no_input_and_no_output_with_response_metadata() {
    let body = "<NoInputAndNoOutputResponse>
        <ResponseMetadata><RequestId>abc-123</RequestId></ResponseMetadata>
    </NoInputAndNoOutputResponse>";
    static EMPTY: Schema = Schema::Structure(&[]);
    assert_eq!(
        read_output(
            &response(200, body),
            "NoInputAndNoOutput",
            &EMPTY,
            Dialect::AwsQuery
        )
        .unwrap(),
        json!({})
    );
}

#[test]
fn the_serde_form_read_is_what_the_runtime_types_deserialize() {
    use crate::types::{BigDecimal, BigInteger, Blob, DateTime};

    #[derive(Debug, serde::Deserialize)]
    struct Output {
        data: Blob,
        at: DateTime,
        #[serde(with = "crate::serde_util::timestamp::date_time")]
        text_at: DateTime,
        #[serde(with = "crate::serde_util::float::f32")]
        ratio: f32,
        #[serde(with = "crate::serde_util::float::f64")]
        missing: f64,
        big: BigInteger,
        decimal: BigDecimal,
    }
    static OUTPUT: Schema = Schema::Structure(&[
        Member::new("data", &Schema::Blob),
        Member::new("at", &EPOCH_SERDE),
        Member::new("text_at", &DATE_TIME_SERDE).timestamp_format(TimestampFormat::HttpDate),
        Member::new("ratio", &Schema::Float),
        Member::new("missing", &Schema::Float),
        Member::new("big", &Schema::BigInteger),
        Member::new("decimal", &Schema::BigDecimal),
    ]);
    let body = "<OpResponse><OpResult>\
        <data>dmFsdWU=</data>\
        <at>2000-01-02T20:34:56.123Z</at>\
        <text_at>Tue, 29 Apr 2014 18:30:38 GMT</text_at>\
        <ratio>0.1</ratio>\
        <missing>-Infinity</missing>\
        <big>123456789012345678901234567890</big>\
        <decimal>-1.000000000000000000000000000001e-30</decimal>\
        </OpResult></OpResponse>";
    let read: Output = from_xml(&response(200, body), "Op", &OUTPUT, Dialect::AwsQuery).unwrap();
    assert_eq!(read.data.as_bytes(), b"value");
    assert_eq!(read.at, DateTime::from_secs_f64(946_845_296.123).unwrap());
    assert_eq!(read.text_at, DateTime::from_secs(1_398_796_238));
    assert_eq!(read.ratio, 0.1_f32);
    assert_eq!(read.missing, f64::NEG_INFINITY);
    assert_eq!(read.big.as_str(), "123456789012345678901234567890");
    assert_eq!(
        read.decimal.as_str(),
        "-1.000000000000000000000000000001e-30"
    );

    let bad_blob = body.replace("dmFsdWU=", "not base64!");
    let error = from_xml::<Output>(&response(200, &bad_blob), "Op", &OUTPUT, Dialect::AwsQuery)
        .unwrap_err();
    assert_eq!(error.kind(), ResponseErrorKind::InvalidValue);
    assert_eq!(error.path(), Some("data"));
    let bad_big = body.replace("123456789012345678901234567890", "12x");
    let error =
        from_xml::<Output>(&response(200, &bad_big), "Op", &OUTPUT, Dialect::AwsQuery).unwrap_err();
    assert_eq!(error.path(), Some("big"));
}
