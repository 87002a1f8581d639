//! Error responses (`aws/awsQuery/xml-errors.smithy`,
//! `aws/ec2Query/xml-errors.smithy`) and hostile bodies.

use serde_json::json;

use super::super::{Dialect, error_from_xml, error_metadata, read_error, read_output};
use super::output::response;
use crate::error::ResponseErrorKind;
use crate::schema::{Member, Schema};

const QUERY_INVALID_GREETING: &str = "<ErrorResponse>
   <Error>
      <Type>Sender</Type>
      <Code>InvalidGreeting</Code>
      <Message>Hi</Message>
   </Error>
   <RequestId>foo-id</RequestId>
</ErrorResponse>";

const EC2_INVALID_GREETING: &str = "<Response>
    <Errors>
        <Error>
            <Code>InvalidGreeting</Code>
            <Message>Hi</Message>
        </Error>
    </Errors>
    <RequestID>foo-id</RequestID>
</Response>";

#[test]
fn metadata_query_invalid_greeting_error_and_ec2_invalid_greeting_error() {
    for (body, dialect) in [
        (QUERY_INVALID_GREETING, Dialect::AwsQuery),
        (EC2_INVALID_GREETING, Dialect::Ec2Query),
    ] {
        let meta = error_metadata(&response(400, body), dialect);
        assert_eq!(meta.code(), Some("InvalidGreeting"));
        assert_eq!(meta.message(), Some("Hi"));
        assert_eq!(meta.request_id(), Some("foo-id"));
        assert_eq!(meta.status(), 400);
        // Either form is understood whatever the dialect.
        let other = match dialect {
            Dialect::AwsQuery => Dialect::Ec2Query,
            Dialect::Ec2Query => Dialect::AwsQuery,
        };
        assert_eq!(
            error_metadata(&response(400, body), other).code(),
            Some("InvalidGreeting")
        );
    }
}

#[test]
fn metadata_query_customized_error_keeps_the_custom_code() {
    let body = QUERY_INVALID_GREETING.replace("InvalidGreeting", "Customized");
    let meta = error_metadata(&response(402, &body), Dialect::AwsQuery);
    assert_eq!((meta.code(), meta.status()), (Some("Customized"), 402));
}

#[test]
fn metadata_of_a_body_that_is_not_an_error_document_has_only_status_and_header_id() {
    for body in [
        "",
        "<html><body>502 Bad Gateway</body></html>",
        "<ErrorResponse><Error><Code>Cut",
        "not xml at all",
        "<ErrorResponse><Error><Code></Code></Error></ErrorResponse>",
    ] {
        let meta = error_metadata(&response(502, body), Dialect::AwsQuery);
        assert_eq!(meta.code(), None, "{body:?}");
        assert_eq!(meta.message(), None, "{body:?}");
        assert_eq!(meta.request_id(), Some("header-id"), "{body:?}");
        assert_eq!(meta.status(), 502);
    }
}

static COMPLEX_NESTED: Schema = Schema::Structure(&[Member::new("Foo", &Schema::String)]);
static COMPLEX_ERROR: Schema = Schema::Structure(&[
    Member::new("TopLevel", &Schema::String),
    Member::new("Nested", &COMPLEX_NESTED),
]);

#[test]
fn modeled_error_members_query_complex_error_and_ec2_complex_error() {
    let query = "<ErrorResponse>
       <Error>
          <Type>Sender</Type>
          <Code>ComplexError</Code>
          <TopLevel>Top level</TopLevel>
          <Nested>
              <Foo>bar</Foo>
          </Nested>
       </Error>
       <RequestId>foo-id</RequestId>
    </ErrorResponse>";
    let ec2 = "<Response><Errors><Error><Code>ComplexError</Code><Message>Hi</Message>\
        <TopLevel>Top level</TopLevel><Nested><Foo>bar</Foo></Nested></Error></Errors>\
        <RequestID>foo-id</RequestID></Response>";
    for (body, dialect) in [(query, Dialect::AwsQuery), (ec2, Dialect::Ec2Query)] {
        assert_eq!(
            read_error(&response(400, body), &COMPLEX_ERROR, dialect).unwrap(),
            json!({"TopLevel": "Top level", "Nested": {"Foo": "bar"}})
        );
    }

    #[derive(Debug, serde::Deserialize, PartialEq)]
    struct InvalidGreeting {
        #[serde(rename = "Message")]
        message: Option<String>,
    }
    static INVALID_GREETING: Schema = Schema::Structure(&[Member::new("Message", &Schema::String)]);
    let read: InvalidGreeting = error_from_xml(
        &response(400, QUERY_INVALID_GREETING),
        &INVALID_GREETING,
        Dialect::AwsQuery,
    )
    .unwrap();
    assert_eq!(read.message.as_deref(), Some("Hi"));

    let error = read_error(
        &response(400, "<Other/>"),
        &COMPLEX_ERROR,
        Dialect::AwsQuery,
    )
    .unwrap_err();
    assert_eq!(error.kind(), ResponseErrorKind::InvalidXml);
}

static RECURSIVE: Schema = Schema::Structure(&[
    Member::new("next", &RECURSIVE),
    Member::new("value", &Schema::String),
]);

fn read(body: &str) -> crate::error::ResponseError {
    read_output(&response(200, body), "Op", &RECURSIVE, Dialect::AwsQuery).unwrap_err()
}

#[test]
fn malformed_and_truncated_xml_is_an_invalid_xml_error() {
    for body in [
        "<OpResponse><OpResult><value>x</value>",
        "<OpResponse><OpResult><value>x</wrong></OpResult></OpResponse>",
        "<OpResponse><OpResult><value>&unknown;</value></OpResult></OpResponse>",
        "<OpResponse></OpResponse><Second/>",
        "<OpResponse",
        "{\"json\": true}",
    ] {
        let error = read(body);
        assert_eq!(
            error.kind(),
            ResponseErrorKind::InvalidXml,
            "{body:?}: {error}"
        );
        assert!(error.message().starts_with("invalid XML body: "), "{error}");
        assert_eq!(error.path(), None);
    }
    let error = read_output(&response(200, ""), "Op", &RECURSIVE, Dialect::AwsQuery);
    assert!(error.is_ok(), "an empty body is an empty output");
    let not_utf8 = http::Response::builder()
        .status(200)
        .body(b"<OpResponse>\xff</OpResponse>".to_vec())
        .unwrap();
    let error = read_output(&not_utf8, "Op", &RECURSIVE, Dialect::AwsQuery).unwrap_err();
    assert_eq!(error.kind(), ResponseErrorKind::InvalidXml);
    assert!(error.message().contains("not UTF-8"), "{error}");
}

#[test]
fn the_root_must_be_the_operations_response() {
    let error = read("<OtherResponse><OtherResult/></OtherResponse>");
    assert_eq!(error.kind(), ResponseErrorKind::InvalidXml);
    assert_eq!(
        error.message(),
        "invalid XML body: expected <OpResponse>, found <OtherResponse>"
    );
}

#[test]
fn a_dtd_is_refused_so_entities_cannot_expand() {
    let body = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<OpResponse><OpResult><value>&lol2;</value></OpResult></OpResponse>"#;
    assert_eq!(read(body).kind(), ResponseErrorKind::InvalidXml);
}

#[test]
fn values_nested_deeper_than_the_limit_are_an_error() {
    let nest = |depth: usize| {
        format!(
            "<OpResponse><OpResult>{}<value>v</value>{}</OpResult></OpResponse>",
            "<next>".repeat(depth),
            "</next>".repeat(depth)
        )
    };
    let ok = read_output(
        &response(200, &nest(100)),
        "Op",
        &RECURSIVE,
        Dialect::AwsQuery,
    );
    assert!(ok.is_ok(), "{ok:?}");
    let error = read(&nest(200));
    assert_eq!(error.kind(), ResponseErrorKind::InvalidXml);
    assert!(error.message().contains("more than 128 deep"), "{error}");
}

#[test]
fn very_deep_documents_do_not_overflow_the_stack() {
    // Deep where the schema does not look, and deep where it does.
    let deep = |tag: &str| {
        format!(
            "<OpResponse><OpResult>{}{}</OpResult></OpResponse>",
            format!("<{tag}>").repeat(100_000),
            format!("</{tag}>").repeat(100_000)
        )
    };
    let ignored = read_output(
        &response(200, &deep("x")),
        "Op",
        &RECURSIVE,
        Dialect::AwsQuery,
    );
    // roxmltree builds its tree without recursion, and unknown elements
    // are never visited.
    assert_eq!(ignored.unwrap(), json!({}));
    assert_eq!(read(&deep("next")).kind(), ResponseErrorKind::InvalidXml);
    let meta = error_metadata(&response(400, &deep("x")), Dialect::AwsQuery);
    assert_eq!(meta.code(), None);
}

#[test]
fn a_large_body_is_read() {
    let items = "<member>item</member>".repeat(200_000);
    static LIST: crate::schema::ListSchema = crate::schema::ListSchema::new(&Schema::String);
    static LISTS: Schema = Schema::Structure(&[Member::new("l", &Schema::List(&LIST))]);
    let body = format!("<OpResponse><OpResult><l>{items}</l></OpResult></OpResponse>");
    let read = read_output(&response(200, &body), "Op", &LISTS, Dialect::AwsQuery).unwrap();
    assert_eq!(read["l"].as_array().map(Vec::len), Some(200_000));
}

#[test]
fn every_truncation_and_byte_flip_of_a_body_is_a_result_not_a_panic() {
    let body = r#"<OpResponse xmlns="https://example.com/"><OpResult><value>a &amp; b</value>
        <next><value><![CDATA[c]]></value><next/></next></OpResult></OpResponse>"#;
    let bytes = body.as_bytes();
    let mut errors = 0;
    for end in 0..bytes.len() {
        let cut = http::Response::builder()
            .status(200)
            .body(bytes[..end].to_vec())
            .unwrap();
        errors += usize::from(read_output(&cut, "Op", &RECURSIVE, Dialect::AwsQuery).is_err());
        let _ = error_metadata(&cut, Dialect::AwsQuery);
    }
    // Every proper prefix but the empty one (an empty output) is an error.
    assert_eq!(errors, bytes.len() - 1);
    for index in 0..bytes.len() {
        for flip in [b'<', b'>', b'&', b'/', 0xff, b'"'] {
            let mut changed = bytes.to_vec();
            changed[index] = flip;
            let changed = http::Response::builder().status(200).body(changed).unwrap();
            let _ = read_output(&changed, "Op", &RECURSIVE, Dialect::AwsQuery);
            let _ = read_error(&changed, &RECURSIVE, Dialect::Ec2Query);
        }
    }
}
