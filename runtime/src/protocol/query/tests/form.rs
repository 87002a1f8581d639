//! Request bodies. Expected bodies are those of the Smithy protocol tests
//! (`aws/awsQuery/input*.smithy`, `aws/ec2Query/input*.smithy`), named by
//! case id.

use serde_json::json;

use super::super::{Dialect, form_body, request};
use crate::schema::{ListSchema, MapSchema, Member, Schema};
use crate::types::TimestampFormat;

fn body(action: &str, input: serde_json::Value, schema: &Schema, dialect: Dialect) -> String {
    let bytes = form_body(action, "2020-01-08", &input, schema, dialect).unwrap();
    String::from_utf8(bytes).unwrap()
}

fn query(action: &str, input: serde_json::Value, schema: &Schema) -> String {
    body(action, input, schema, Dialect::AwsQuery)
}

fn ec2(action: &str, input: serde_json::Value, schema: &Schema) -> String {
    body(action, input, schema, Dialect::Ec2Query)
}

static SIMPLE: Schema = Schema::Structure(&[
    Member::new("Foo", &Schema::String),
    Member::new("Bar", &Schema::String),
    Member::new("Baz", &Schema::Boolean),
    Member::new("Bam", &Schema::Integer),
    Member::new("FloatValue", &Schema::Float),
    Member::new("Boo", &Schema::Float),
    Member::new("Qux", &Schema::Blob),
    Member::new("FooEnum", &Schema::String),
    Member::new("IntegerEnum", &Schema::Integer),
    Member::new("HasQueryName", &Schema::String).ec2_query_name("HasQueryName"),
    Member::new("HasQueryAndXmlName", &Schema::String)
        .ec2_query_name("HasQueryAndXmlName")
        .xml_name("hasQueryAndXmlName"),
    Member::new("UsesXmlName", &Schema::String).xml_name("usesXmlName"),
    Member::new("DistinctQueryName", &Schema::String).ec2_query_name("QueryName"),
    Member::new("DistinctQueryAndXmlName", &Schema::String)
        .ec2_query_name("queryAndXmlName")
        .xml_name("xmlAndQueryName"),
    Member::new("DistinctXmlName", &Schema::String).xml_name("xmlNameOnly"),
]);

#[test]
fn simple_scalars_query_simple_input_params_cases() {
    // QuerySimpleInputParamsStrings
    assert_eq!(
        query(
            "SimpleInputParams",
            json!({"Foo": "val1", "Bar": "val2"}),
            &SIMPLE
        ),
        "Action=SimpleInputParams&Version=2020-01-08&Foo=val1&Bar=val2"
    );
    // QuerySimpleInputParamsStringAndBooleanTrue
    assert_eq!(
        query(
            "SimpleInputParams",
            json!({"Foo": "val1", "Baz": true}),
            &SIMPLE
        ),
        "Action=SimpleInputParams&Version=2020-01-08&Foo=val1&Baz=true"
    );
    // QuerySimpleInputParamsStringsAndBooleanFalse
    assert_eq!(
        query("SimpleInputParams", json!({"Baz": false}), &SIMPLE),
        "Action=SimpleInputParams&Version=2020-01-08&Baz=false"
    );
    // QuerySimpleInputParamsInteger, QuerySimpleInputParamsFloat
    assert_eq!(
        query(
            "SimpleInputParams",
            json!({"Bam": 10, "Boo": 10.8}),
            &SIMPLE
        ),
        "Action=SimpleInputParams&Version=2020-01-08&Bam=10&Boo=10.8"
    );
    // QuerySimpleInputParamsBlob: the serde form is already base64.
    assert_eq!(
        query("SimpleInputParams", json!({"Qux": "dmFsdWU="}), &SIMPLE),
        "Action=SimpleInputParams&Version=2020-01-08&Qux=dmFsdWU%3D"
    );
    // QueryEnums, QueryIntEnums
    assert_eq!(
        query(
            "SimpleInputParams",
            json!({"FooEnum": "Foo", "IntegerEnum": 1}),
            &SIMPLE
        ),
        "Action=SimpleInputParams&Version=2020-01-08&FooEnum=Foo&IntegerEnum=1"
    );
    // AwsQuerySupportsNaNFloatInputs and the infinities.
    for special in ["NaN", "Infinity", "-Infinity"] {
        assert_eq!(
            query(
                "SimpleInputParams",
                json!({"FloatValue": special, "Boo": special}),
                &SIMPLE
            ),
            format!(
                "Action=SimpleInputParams&Version=2020-01-08&FloatValue={special}&Boo={special}"
            )
        );
    }
}

#[test]
fn an_f32_is_written_as_serde_writes_it_not_widened() {
    #[derive(serde::Serialize)]
    struct Input {
        #[serde(rename = "FloatValue")]
        float_value: f32,
    }
    let bytes = form_body(
        "SimpleInputParams",
        "2020-01-08",
        &Input { float_value: 10.8 },
        &SIMPLE,
        Dialect::AwsQuery,
    )
    .unwrap();
    assert_eq!(
        String::from_utf8(bytes).unwrap(),
        "Action=SimpleInputParams&Version=2020-01-08&FloatValue=10.8"
    );
}

#[test]
fn ec2_names_ec2_query_is_preferred_then_capitalised_xml_name() {
    // Ec2Query, Ec2QueryIsPreferred, Ec2XmlNameIsUppercased
    assert_eq!(
        ec2(
            "SimpleInputParams",
            json!({"HasQueryName": "Hi", "HasQueryAndXmlName": "Hi", "UsesXmlName": "Hi"}),
            &SIMPLE
        ),
        "Action=SimpleInputParams&Version=2020-01-08&HasQueryName=Hi&HasQueryAndXmlName=Hi&UsesXmlName=Hi"
    );
    // Ec2QueryNameDistinctFromXmlNameAndMemberName
    assert_eq!(
        ec2(
            "SimpleInputParams",
            json!({
                "DistinctQueryName": "value1",
                "DistinctQueryAndXmlName": "value2",
                "DistinctXmlName": "value3"
            }),
            &SIMPLE
        ),
        "Action=SimpleInputParams&Version=2020-01-08&QueryName=value1&queryAndXmlName=value2&XmlNameOnly=value3"
    );
    // awsQuery takes the xmlName as is.
    assert_eq!(
        query("SimpleInputParams", json!({"UsesXmlName": "Hi"}), &SIMPLE),
        "Action=SimpleInputParams&Version=2020-01-08&usesXmlName=Hi"
    );
}

static EPOCH_SECONDS_SERDE: Schema = Schema::Timestamp(TimestampFormat::EpochSeconds);
static DATE_TIME_SERDE: Schema = Schema::Timestamp(TimestampFormat::DateTime);
static TIMESTAMPS: Schema = Schema::Structure(&[
    Member::new("normalFormat", &EPOCH_SECONDS_SERDE),
    Member::new("epochMember", &DATE_TIME_SERDE).timestamp_format(TimestampFormat::EpochSeconds),
    Member::new("epochTarget", &EPOCH_SECONDS_SERDE)
        .timestamp_format(TimestampFormat::EpochSeconds),
    Member::new("httpDate", &EPOCH_SECONDS_SERDE).timestamp_format(TimestampFormat::HttpDate),
]);

#[test]
fn timestamps_query_timestamps_input_and_ec2_timestamps_input() {
    // The serde form differs per member (a number, or a date-time string);
    // the wire is date-time unless the member says otherwise.
    let input = json!({
        "normalFormat": 1422172800,
        "epochMember": "2015-01-25T08:00:00Z",
        "epochTarget": 1422172800
    });
    assert_eq!(
        query("QueryTimestamps", input.clone(), &TIMESTAMPS),
        "Action=QueryTimestamps&Version=2020-01-08&normalFormat=2015-01-25T08%3A00%3A00Z&epochMember=1422172800&epochTarget=1422172800"
    );
    assert_eq!(
        ec2("QueryTimestamps", input, &TIMESTAMPS),
        "Action=QueryTimestamps&Version=2020-01-08&NormalFormat=2015-01-25T08%3A00%3A00Z&EpochMember=1422172800&EpochTarget=1422172800"
    );
    assert_eq!(
        query(
            "T",
            json!({"normalFormat": 1.5, "httpDate": 0}),
            &TIMESTAMPS
        ),
        "Action=T&Version=2020-01-08&normalFormat=1970-01-01T00%3A00%3A01.5Z&httpDate=Thu%2C%2001%20Jan%201970%2000%3A00%3A00%20GMT"
    );
}

static STRUCT_ARG: Schema = Schema::Structure(&[
    Member::new("StringArg", &Schema::String),
    Member::new("OtherArg", &Schema::Boolean),
    Member::new("RecursiveArg", &STRUCT_ARG),
]);
static NESTED: Schema = Schema::Structure(&[Member::new("Nested", &STRUCT_ARG)]);

#[test]
fn nested_structures_use_dots_nested_structures_and_ec2_nested_structures() {
    let input = json!({
        "Nested": {"StringArg": "foo", "OtherArg": true, "RecursiveArg": {"StringArg": "baz"}}
    });
    let expected = "Action=NestedStructures&Version=2020-01-08&Nested.StringArg=foo&Nested.OtherArg=true&Nested.RecursiveArg.StringArg=baz";
    assert_eq!(query("NestedStructures", input.clone(), &NESTED), expected);
    assert_eq!(ec2("NestedStructures", input, &NESTED), expected);
}

static STRING_LIST: ListSchema = ListSchema::new(&Schema::String);
static GREETING: Schema = Schema::Structure(&[Member::new("hi", &Schema::String)]);
static GREETING_LIST: ListSchema = ListSchema::new(&GREETING);
static LIST_WITH_XML_NAME: ListSchema = ListSchema {
    member_name: Some("item"),
    ..ListSchema::new(&Schema::String)
};
static NESTED_WITH_LIST: Schema =
    Schema::Structure(&[Member::new("ListArg", &Schema::List(&STRING_LIST))]);
static LISTS: Schema = Schema::Structure(&[
    Member::new("ListArg", &Schema::List(&STRING_LIST)),
    Member::new("ComplexListArg", &Schema::List(&GREETING_LIST)),
    Member::new("FlattenedListArg", &Schema::List(&STRING_LIST)).flattened(),
    Member::new(
        "ListArgWithXmlNameMember",
        &Schema::List(&LIST_WITH_XML_NAME),
    ),
    Member::new(
        "FlattenedListArgWithXmlName",
        &Schema::List(&LIST_WITH_XML_NAME),
    )
    .flattened()
    .xml_name("Hi"),
    Member::new("NestedWithList", &NESTED_WITH_LIST),
]);

#[test]
fn lists_query_lists_cases() {
    // QueryLists
    assert_eq!(
        query(
            "QueryLists",
            json!({"ListArg": ["foo", "bar", "baz"], "ComplexListArg": [{"hi": "hello"}, {"hi": "hola"}]}),
            &LISTS
        ),
        "Action=QueryLists&Version=2020-01-08&ListArg.member.1=foo&ListArg.member.2=bar&ListArg.member.3=baz&ComplexListArg.member.1.hi=hello&ComplexListArg.member.2.hi=hola"
    );
    // EmptyQueryLists
    assert_eq!(
        query("QueryLists", json!({"ListArg": []}), &LISTS),
        "Action=QueryLists&Version=2020-01-08&ListArg="
    );
    // FlattenedQueryLists
    assert_eq!(
        query(
            "QueryLists",
            json!({"FlattenedListArg": ["A", "B"]}),
            &LISTS
        ),
        "Action=QueryLists&Version=2020-01-08&FlattenedListArg.1=A&FlattenedListArg.2=B"
    );
    // QueryListArgWithXmlNameMember
    assert_eq!(
        query(
            "QueryLists",
            json!({"ListArgWithXmlNameMember": ["A", "B"]}),
            &LISTS
        ),
        "Action=QueryLists&Version=2020-01-08&ListArgWithXmlNameMember.item.1=A&ListArgWithXmlNameMember.item.2=B"
    );
    // QueryFlattenedListArgWithXmlName
    assert_eq!(
        query(
            "QueryLists",
            json!({"FlattenedListArgWithXmlName": ["A", "B"]}),
            &LISTS
        ),
        "Action=QueryLists&Version=2020-01-08&Hi.1=A&Hi.2=B"
    );
    // QueryNestedStructWithList
    assert_eq!(
        query(
            "QueryLists",
            json!({"NestedWithList": {"ListArg": ["A", "B"]}}),
            &LISTS
        ),
        "Action=QueryLists&Version=2020-01-08&NestedWithList.ListArg.member.1=A&NestedWithList.ListArg.member.2=B"
    );
}

static EC2_LISTS: Schema = Schema::Structure(&[
    Member::new("ListArg", &Schema::List(&STRING_LIST)),
    Member::new("ComplexListArg", &Schema::List(&GREETING_LIST)),
    Member::new(
        "ListArgWithXmlNameMember",
        &Schema::List(&LIST_WITH_XML_NAME),
    ),
    Member::new("ListArgWithXmlName", &Schema::List(&LIST_WITH_XML_NAME)).xml_name("Hi"),
    Member::new("NestedWithList", &NESTED_WITH_LIST),
]);

#[test]
fn lists_ec2_lists_cases() {
    // Ec2Lists
    assert_eq!(
        ec2(
            "QueryLists",
            json!({"ListArg": ["foo", "bar", "baz"], "ComplexListArg": [{"hi": "hello"}, {"hi": "hola"}]}),
            &EC2_LISTS
        ),
        "Action=QueryLists&Version=2020-01-08&ListArg.1=foo&ListArg.2=bar&ListArg.3=baz&ComplexListArg.1.Hi=hello&ComplexListArg.2.Hi=hola"
    );
    // Ec2EmptyQueryLists
    assert_eq!(
        ec2("QueryLists", json!({"ListArg": []}), &EC2_LISTS),
        "Action=QueryLists&Version=2020-01-08"
    );
    // Ec2ListArgWithXmlNameMember
    assert_eq!(
        ec2(
            "QueryLists",
            json!({"ListArgWithXmlNameMember": ["A", "B"]}),
            &EC2_LISTS
        ),
        "Action=QueryLists&Version=2020-01-08&ListArgWithXmlNameMember.1=A&ListArgWithXmlNameMember.2=B"
    );
    // Ec2ListMemberWithXmlName
    assert_eq!(
        ec2(
            "QueryLists",
            json!({"ListArgWithXmlName": ["A", "B"]}),
            &EC2_LISTS
        ),
        "Action=QueryLists&Version=2020-01-08&Hi.1=A&Hi.2=B"
    );
    // Ec2ListNestedStructWithList
    assert_eq!(
        ec2(
            "QueryLists",
            json!({"NestedWithList": {"ListArg": ["A", "B"]}}),
            &EC2_LISTS
        ),
        "Action=QueryLists&Version=2020-01-08&NestedWithList.ListArg.1=A&NestedWithList.ListArg.2=B"
    );
}

static STRING_MAP: MapSchema = MapSchema::new(&Schema::String);
static COMPLEX_MAP: MapSchema = MapSchema::new(&GREETING);
static MAP_WITH_XML_NAME: MapSchema = MapSchema {
    key_name: Some("K"),
    value_name: Some("V"),
    ..MapSchema::new(&Schema::String)
};
static MAP_OF_LISTS: MapSchema = MapSchema::new(&Schema::List(&STRING_LIST));
static NESTED_WITH_MAP: Schema =
    Schema::Structure(&[Member::new("MapArg", &Schema::Map(&STRING_MAP))]);
static MAPS: Schema = Schema::Structure(&[
    Member::new("MapArg", &Schema::Map(&STRING_MAP)),
    Member::new("RenamedMapArg", &Schema::Map(&STRING_MAP)).xml_name("Foo"),
    Member::new("ComplexMapArg", &Schema::Map(&COMPLEX_MAP)),
    Member::new("MapWithXmlMemberName", &Schema::Map(&MAP_WITH_XML_NAME)),
    Member::new("FlattenedMap", &Schema::Map(&STRING_MAP)).flattened(),
    Member::new("FlattenedMapWithXmlName", &Schema::Map(&MAP_WITH_XML_NAME))
        .flattened()
        .xml_name("Hi"),
    Member::new("MapOfLists", &Schema::Map(&MAP_OF_LISTS)),
    Member::new("NestedStructWithMap", &NESTED_WITH_MAP),
]);

#[test]
fn maps_query_maps_cases() {
    let maps = |input| query("QueryMaps", input, &MAPS);
    // QuerySimpleQueryMaps: entries sorted by key.
    assert_eq!(
        maps(json!({"MapArg": {"foo": "Foo", "bar": "Bar"}})),
        "Action=QueryMaps&Version=2020-01-08&MapArg.entry.1.key=bar&MapArg.entry.1.value=Bar&MapArg.entry.2.key=foo&MapArg.entry.2.value=Foo"
    );
    // QuerySimpleQueryMapsWithXmlName
    assert_eq!(
        maps(json!({"RenamedMapArg": {"foo": "Foo"}})),
        "Action=QueryMaps&Version=2020-01-08&Foo.entry.1.key=foo&Foo.entry.1.value=Foo"
    );
    // QueryComplexQueryMaps
    assert_eq!(
        maps(json!({"ComplexMapArg": {"foo": {"hi": "Foo"}, "bar": {"hi": "Bar"}}})),
        "Action=QueryMaps&Version=2020-01-08&ComplexMapArg.entry.1.key=bar&ComplexMapArg.entry.1.value.hi=Bar&ComplexMapArg.entry.2.key=foo&ComplexMapArg.entry.2.value.hi=Foo"
    );
    // QueryEmptyQueryMaps
    assert_eq!(
        maps(json!({"MapArg": {}})),
        "Action=QueryMaps&Version=2020-01-08"
    );
    // QueryQueryMapWithMemberXmlName
    assert_eq!(
        maps(json!({"MapWithXmlMemberName": {"foo": "Foo", "bar": "Bar"}})),
        "Action=QueryMaps&Version=2020-01-08&MapWithXmlMemberName.entry.1.K=bar&MapWithXmlMemberName.entry.1.V=Bar&MapWithXmlMemberName.entry.2.K=foo&MapWithXmlMemberName.entry.2.V=Foo"
    );
    // QueryFlattenedQueryMaps
    assert_eq!(
        maps(json!({"FlattenedMap": {"foo": "Foo", "bar": "Bar"}})),
        "Action=QueryMaps&Version=2020-01-08&FlattenedMap.1.key=bar&FlattenedMap.1.value=Bar&FlattenedMap.2.key=foo&FlattenedMap.2.value=Foo"
    );
    // QueryFlattenedQueryMapsWithXmlName
    assert_eq!(
        maps(json!({"FlattenedMapWithXmlName": {"foo": "Foo", "bar": "Bar"}})),
        "Action=QueryMaps&Version=2020-01-08&Hi.1.K=bar&Hi.1.V=Bar&Hi.2.K=foo&Hi.2.V=Foo"
    );
    // QueryQueryMapOfLists
    assert_eq!(
        maps(json!({"MapOfLists": {"foo": ["A", "B"], "bar": ["C", "D"]}})),
        "Action=QueryMaps&Version=2020-01-08&MapOfLists.entry.1.key=bar&MapOfLists.entry.1.value.member.1=C&MapOfLists.entry.1.value.member.2=D&MapOfLists.entry.2.key=foo&MapOfLists.entry.2.value.member.1=A&MapOfLists.entry.2.value.member.2=B"
    );
    // QueryNestedStructWithMap
    assert_eq!(
        maps(json!({"NestedStructWithMap": {"MapArg": {"foo": "Foo", "bar": "Bar"}}})),
        "Action=QueryMaps&Version=2020-01-08&NestedStructWithMap.MapArg.entry.1.key=bar&NestedStructWithMap.MapArg.entry.1.value=Bar&NestedStructWithMap.MapArg.entry.2.key=foo&NestedStructWithMap.MapArg.entry.2.value=Foo"
    );
}

#[test]
fn names_and_values_are_percent_encoded_except_unreserved_characters() {
    assert_eq!(
        query(
            "SimpleInputParams",
            json!({"Foo": "a b&c=d/é~-._+"}),
            &SIMPLE
        ),
        "Action=SimpleInputParams&Version=2020-01-08&Foo=a%20b%26c%3Dd%2F%C3%A9~-._%2B"
    );
    assert_eq!(
        query("QueryMaps", json!({"MapArg": {"a=b": "c&d"}}), &MAPS),
        "Action=QueryMaps&Version=2020-01-08&MapArg.entry.1.key=a%3Db&MapArg.entry.1.value=c%26d"
    );
}

#[test]
fn unset_members_are_skipped_and_an_unset_input_sends_only_the_action() {
    assert_eq!(
        query(
            "SimpleInputParams",
            json!({"Foo": null, "Unknown": 1}),
            &SIMPLE
        ),
        "Action=SimpleInputParams&Version=2020-01-08"
    );
    assert_eq!(
        query("SimpleInputParams", serde_json::Value::Null, &SIMPLE),
        "Action=SimpleInputParams&Version=2020-01-08"
    );
}

static BIG: Schema = Schema::Structure(&[
    Member::new("I", &Schema::BigInteger),
    Member::new("D", &Schema::BigDecimal),
]);

#[test]
fn big_numbers_keep_every_digit() {
    #[derive(serde::Serialize)]
    struct Input {
        #[serde(rename = "I")]
        i: crate::types::BigInteger,
        #[serde(rename = "D")]
        d: crate::types::BigDecimal,
    }
    let input = Input {
        i: "123456789012345678901234567890".parse().unwrap(),
        d: "-0.1000000000000000000000000001e-5".parse().unwrap(),
    };
    let bytes = form_body("Big", "1", &input, &BIG, Dialect::AwsQuery).unwrap();
    assert_eq!(
        String::from_utf8(bytes).unwrap(),
        "Action=Big&Version=1&I=123456789012345678901234567890&D=-0.1000000000000000000000000001e-5"
    );
}

static UNION: Schema = Schema::Union(&[
    Member::new("text", &Schema::String),
    Member::new("list", &Schema::List(&STRING_LIST)),
]);
static WITH_UNION: Schema = Schema::Structure(&[Member::new("U", &UNION)]);

#[test]
fn a_union_writes_its_one_member_as_a_structure_would() {
    assert_eq!(
        query("Op", json!({"U": {"list": ["a"]}}), &WITH_UNION),
        "Action=Op&Version=2020-01-08&U.list.member.1=a"
    );
}

#[test]
fn values_that_do_not_fit_are_errors_naming_the_member_path() {
    let error = |input, schema: &Schema| {
        form_body("Op", "1", &input, schema, Dialect::AwsQuery)
            .unwrap_err()
            .to_string()
    };
    assert_eq!(
        error(json!({"Baz": "yes"}), &SIMPLE),
        "invalid input at Baz: a string does not fit a boolean"
    );
    assert_eq!(
        error(json!({"ComplexListArg": [{"hi": "a"}, {"hi": 5}]}), &LISTS),
        "invalid input at ComplexListArg[1].hi: a number does not fit a string"
    );
    assert_eq!(
        error(json!({"Boo": "nan"}), &SIMPLE),
        "invalid input at Boo: a string does not fit a float"
    );
    assert!(
        error(json!({"epochMember": "yesterday"}), &TIMESTAMPS)
            .starts_with("invalid input at epochMember: invalid date-time timestamp \"yesterday\""),
    );
    assert_eq!(
        error(json!([1]), &SIMPLE),
        "invalid input: expected an object, found an array"
    );
    static WITH_DOCUMENT: Schema = Schema::Structure(&[Member::new("Doc", &Schema::Document)]);
    assert_eq!(
        error(json!({"Doc": {}}), &WITH_DOCUMENT),
        "invalid input at Doc: a document cannot be sent in a query protocol request"
    );
}

#[test]
fn deep_input_is_an_error_not_a_stack_overflow() {
    let mut value = json!({"StringArg": "x"});
    for _ in 0..200 {
        value = json!({ "RecursiveArg": value });
    }
    let result = form_body(
        "Op",
        "1",
        &json!({ "Nested": value }),
        &NESTED,
        Dialect::AwsQuery,
    );
    let error = result.unwrap_err().to_string();
    assert!(error.contains("nests more than 128"), "{error}");
}

#[test]
fn the_request_is_a_form_post_to_the_endpoint_path() {
    // QueryHostWithPath: an endpoint's own path is kept, with `/` after it.
    for (endpoint, uri) in [
        ("https://example.com/custom", "https://example.com/custom/"),
        ("https://example.com", "https://example.com/"),
        ("https://example.com/", "https://example.com/"),
    ] {
        let built = request(
            endpoint,
            "HostWithPathOperation",
            "2020-01-08",
            &json!({}),
            &SIMPLE,
            Dialect::AwsQuery,
        )
        .unwrap();
        assert_eq!(built.method(), "POST");
        assert_eq!(built.uri(), uri);
        assert_eq!(
            built.headers()["content-type"],
            "application/x-www-form-urlencoded"
        );
        assert_eq!(built.headers()["content-length"], "47");
        assert_eq!(
            built.body(),
            b"Action=HostWithPathOperation&Version=2020-01-08"
        );
    }
    assert!(
        request(
            "not a uri",
            "Op",
            "1",
            &json!({}),
            &SIMPLE,
            Dialect::AwsQuery
        )
        .is_err()
    );
}

static EMPTY: Schema = Schema::Structure(&[]);
static TOKEN: Schema = Schema::Structure(&[Member::new("token", &Schema::String)]);

#[test]
fn no_input_query_no_input_and_no_output_and_ec2_empty_input_and_empty_output() {
    // QueryNoInputAndNoOutput (no input at all), QueryEmptyInputAndEmptyOutput
    assert_eq!(
        query("NoInputAndNoOutput", serde_json::Value::Null, &EMPTY),
        "Action=NoInputAndNoOutput&Version=2020-01-08"
    );
    assert_eq!(
        ec2("EmptyInputAndEmptyOutput", json!({}), &EMPTY),
        "Action=EmptyInputAndEmptyOutput&Version=2020-01-08"
    );
}

#[test]
fn member_names_query_and_ec2_protocol_idempotency_token_auto_fill_is_set() {
    let input = json!({"token": "00000000-0000-4000-8000-000000000123"});
    assert_eq!(
        query("QueryIdempotencyTokenAutoFill", input.clone(), &TOKEN),
        "Action=QueryIdempotencyTokenAutoFill&Version=2020-01-08&token=00000000-0000-4000-8000-000000000123"
    );
    assert_eq!(
        ec2("QueryIdempotencyTokenAutoFill", input, &TOKEN),
        "Action=QueryIdempotencyTokenAutoFill&Version=2020-01-08&Token=00000000-0000-4000-8000-000000000123"
    );
}

#[test]
fn the_runtime_types_serde_form_is_what_the_writer_reads() {
    use crate::types::{Blob, DateTime};

    #[derive(serde::Serialize)]
    struct Input {
        #[serde(rename = "Qux")]
        qux: Blob,
        #[serde(rename = "Boo", with = "crate::serde_util::float::f64")]
        boo: f64,
    }
    #[derive(serde::Serialize)]
    struct Times {
        #[serde(rename = "normalFormat")]
        normal: DateTime,
        #[serde(
            rename = "epochMember",
            with = "crate::serde_util::timestamp::date_time"
        )]
        epoch: DateTime,
    }
    let bytes = form_body(
        "SimpleInputParams",
        "2020-01-08",
        &Input {
            qux: Blob::new("value"),
            boo: f64::NAN,
        },
        &SIMPLE,
        Dialect::AwsQuery,
    )
    .unwrap();
    assert_eq!(
        String::from_utf8(bytes).unwrap(),
        "Action=SimpleInputParams&Version=2020-01-08&Boo=NaN&Qux=dmFsdWU%3D"
    );
    let time = DateTime::from_secs(1_422_172_800);
    let bytes = form_body(
        "QueryTimestamps",
        "2020-01-08",
        &Times {
            normal: time,
            epoch: time,
        },
        &TIMESTAMPS,
        Dialect::AwsQuery,
    )
    .unwrap();
    assert_eq!(
        String::from_utf8(bytes).unwrap(),
        "Action=QueryTimestamps&Version=2020-01-08&normalFormat=2015-01-25T08%3A00%3A00Z&epochMember=1422172800"
    );
}
