//! The awsJson clients over real HTTP on 127.0.0.1: the default
//! `HttpsTransport` (plain `http://` here) against the scripted local server
//! of `tests/tests/support`, one service per protocol — DynamoDB and SQS
//! (awsJson1_0), KMS (awsJson1_1).
//!
//! Each request is checked as it arrived on the wire, and its SigV4
//! signature is recomputed by the test's own verifier
//! (`support::verify_sigv4`, on the `hmac` and `sha2` crates, not on
//! `smithy_runtime::sigv4`) with the service's signing name from the model.
//! Expected values come from the models and the protocols.
#![cfg(aws_json_models)]

#[path = "../../tests/support/mod.rs"]
mod support;

use std::collections::HashMap;
use std::future::Future;
use std::time::Duration;

use serde_json::{Value, json};
use smithy_runtime::https::HttpsTransport;
use smithy_runtime::sigv4::Credentials;
use smithy_runtime::{Blob, Config, ProvideErrorMetadata, RetryConfig, SdkError};
use smithy_service_tests::{dynamodb, kms, sqs};
use support::{
    ACCESS_KEY_ID, Recorded, Reply, SECRET_ACCESS_KEY, SESSION_TOKEN, Server, Signer, verify_sigv4,
};

use dynamodb::types::AttributeValue;

/// Runs `future` on a fresh current-thread Tokio runtime with I/O and time.
fn run<F: Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a Tokio runtime")
        .block_on(future)
}

/// The default transport with bounded timeouts, so no test can hang.
fn transport() -> HttpsTransport {
    HttpsTransport::builder()
        .connect_timeout(Duration::from_secs(2))
        .read_timeout(Duration::from_secs(5))
        .build()
        .expect("the transport builds")
}

/// Sends to `server` in us-east-1 with `credentials`, at most
/// `max_attempts` attempts, 5 ms of initial backoff.
fn config(server: &Server, credentials: Credentials, max_attempts: u32) -> Config {
    Config::new()
        .with_endpoint_url(server.url())
        .with_region("us-east-1")
        .with_credentials(credentials)
        .with_retry(
            RetryConfig::standard()
                .with_initial_backoff(Duration::from_millis(5))
                .with_max_attempts(max_attempts),
        )
}

fn keys() -> Credentials {
    Credentials::from_keys(ACCESS_KEY_ID, SECRET_ACCESS_KEY)
}

fn signer(service: &'static str, session_token: Option<&'static str>) -> Signer<'static> {
    Signer {
        access_key_id: ACCESS_KEY_ID,
        secret_access_key: SECRET_ACCESS_KEY,
        session_token,
        region: "us-east-1",
        service,
    }
}

/// A JSON reply in the protocol's media type.
fn reply(status: u16, media_type: &str, headers: &[(&str, &str)], body: &str) -> Reply {
    let mut all = vec![("Content-Type".to_owned(), media_type.to_owned())];
    all.extend(
        headers
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned())),
    );
    Reply::Respond {
        status,
        headers: all,
        body: body.as_bytes().to_vec(),
    }
}

/// Checks what every awsJson request must be on the wire — `POST /`, the
/// operation in `X-Amz-Target`, the media type, the host — and its
/// signature, which must cover the target and the media type. Returns the
/// body as JSON.
fn check_request(
    request: &Recorded,
    server: &Server,
    signer: &Signer<'_>,
    target: &str,
    media_type: &str,
) -> Value {
    assert_eq!(request.method, "POST");
    assert_eq!(request.target, "/", "no path, no query string");
    assert_eq!(request.version, "HTTP/1.1");
    assert_eq!(
        request.header_values("x-amz-target"),
        [target],
        "{request:?}"
    );
    assert_eq!(
        request.header_values("content-type"),
        [media_type],
        "{request:?}"
    );
    assert_eq!(request.header_values("host"), [server.authority().as_str()]);
    assert_eq!(
        request.header("content-length"),
        Some(request.body.len().to_string().as_str())
    );
    let signed = verify_sigv4(request, signer).unwrap_or_else(|e| panic!("{e}\n{request:?}"));
    for name in ["content-type", "host", "x-amz-date", "x-amz-target"] {
        assert!(
            signed.iter().any(|n| n == name),
            "{name} unsigned: {signed:?}"
        );
    }
    request.json()
}

fn s(value: &str) -> AttributeValue {
    AttributeValue::S(value.to_owned())
}

// ------------------------------------------------------------- awsJson1_0

#[test]
fn dynamodb_over_http_is_signed_and_retries_throttling() {
    const JSON_1_0: &str = "application/x-amz-json-1.0";
    let server = Server::start(vec![
        reply(
            400,
            JSON_1_0,
            &[("x-amzn-RequestId", "throttled")],
            r#"{"__type":"com.amazon.coral.availability#ThrottlingException",
                "message":"Rate of requests exceeds the allowed throughput."}"#,
        ),
        reply(
            200,
            JSON_1_0,
            &[("x-amzn-RequestId", "put-1")],
            r#"{"ConsumedCapacity":{"TableName":"Music","CapacityUnits":1.0}}"#,
        ),
    ]);
    let client = dynamodb::Client::new(config(&server, keys(), 3), transport());
    let input = dynamodb::types::PutItemInput::builder()
        .table_name("Music")
        .item(HashMap::from([
            ("Artist".to_owned(), s("No One You Know")),
            ("Year".to_owned(), AttributeValue::N("2021".to_owned())),
            (
                "Cover".to_owned(),
                AttributeValue::B(Blob::new(b"\x00\xffjpeg".to_vec())),
            ),
        ]))
        .return_consumed_capacity(dynamodb::types::ReturnConsumedCapacity::Total)
        .build()
        .expect("the required members are set");
    let output = run(client.put_item(input)).expect("the retry succeeds");
    assert_eq!(
        output.consumed_capacity.and_then(|c| c.capacity_units),
        Some(1.0)
    );

    let requests = server.wait_for_requests(2, Duration::from_secs(5));
    assert_eq!(requests.len(), 2, "the throttled attempt is retried");
    let signer = signer("dynamodb", None);
    let expected = json!({
        "TableName": "Music",
        "Item": {
            "Artist": {"S": "No One You Know"},
            "Year": {"N": "2021"},
            "Cover": {"B": "AP9qcGVn"}
        },
        "ReturnConsumedCapacity": "TOTAL"
    });
    for request in &requests {
        let body = check_request(
            request,
            &server,
            &signer,
            "DynamoDB_20120810.PutItem",
            JSON_1_0,
        );
        assert_eq!(body, expected);
    }
    assert!(server.problems().is_empty(), "{:?}", server.problems());
}

#[test]
fn a_dynamodb_query_pages_over_http_with_map_keys() {
    const JSON_1_0: &str = "application/x-amz-json-1.0";
    let key = |song: &str| json!({"Artist": {"S": "Acme"}, "SongTitle": {"S": song}});
    let page = |songs: &[&str], last: Option<Value>| {
        let items: Vec<Value> = songs.iter().map(|song| key(song)).collect();
        let mut page = json!({"Items": items, "Count": items.len()});
        if let Some(last) = last {
            page["LastEvaluatedKey"] = last;
        }
        reply(200, JSON_1_0, &[], &page.to_string())
    };
    let server = Server::start(vec![
        page(&["A", "B"], Some(key("B"))),
        page(&["C"], Some(key("C"))),
        page(&[], None),
    ]);
    let client = dynamodb::Client::new(config(&server, keys(), 1), transport());
    let input = dynamodb::types::QueryInput::builder()
        .table_name("Music")
        .key_condition_expression("Artist = :a")
        .expression_attribute_values(HashMap::from([(":a".to_owned(), s("Acme"))]))
        .build()
        .expect("the required members are set");
    let items = run(client.query_paginator(input).collect_items()).expect("every page succeeds");
    assert_eq!(items.len(), 3);
    assert_eq!(items[2]["SongTitle"], s("C"));

    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    let signer = signer("dynamodb", None);
    let starts: Vec<Value> = requests
        .iter()
        .map(|r| check_request(r, &server, &signer, "DynamoDB_20120810.Query", JSON_1_0))
        .map(|body| body["ExclusiveStartKey"].clone())
        .collect();
    assert_eq!(starts, [Value::Null, key("B"), key("C")]);
}

#[test]
fn sqs_over_http_signs_the_query_mode_header_and_reads_query_errors() {
    const JSON_1_0: &str = "application/x-amz-json-1.0";
    let server = Server::start(vec![
        reply(
            200,
            JSON_1_0,
            &[],
            r#"{"MD5OfMessageBody":"0cc175b9c0f1b6a831c399e269772661","MessageId":"m-1"}"#,
        ),
        reply(
            400,
            JSON_1_0,
            &[
                (
                    "x-amzn-query-error",
                    "AWS.SimpleQueueService.NonExistentQueue;Sender",
                ),
                ("x-amzn-RequestId", "req-missing"),
            ],
            r#"{"__type":"com.amazonaws.sqs#QueueDoesNotExist",
                "message":"The specified queue does not exist."}"#,
        ),
    ]);
    let credentials =
        Credentials::from_keys(ACCESS_KEY_ID, SECRET_ACCESS_KEY).with_session_token(SESSION_TOKEN);
    let client = sqs::Client::new(config(&server, credentials, 1), transport());
    let input = |queue: &str| {
        sqs::types::SendMessageRequest::builder()
            .queue_url(queue)
            .message_body("a")
            .build()
            .expect("the required members are set")
    };
    let queue = "https://sqs.us-east-1.amazonaws.com/123456789012/orders";
    let output = run(client.send_message(input(queue))).expect("the call succeeds");
    assert_eq!(output.message_id.as_deref(), Some("m-1"));
    let Err(SdkError::Service(error)) = run(client.send_message(input("gone"))) else {
        panic!("expected a service error");
    };
    assert!(
        matches!(*error, sqs::error::SendMessageError::QueueDoesNotExist(_)),
        "{error:?}"
    );
    assert_eq!(
        error.code(),
        Some("AWS.SimpleQueueService.NonExistentQueue")
    );
    assert_eq!(error.request_id(), Some("req-missing"));

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let signer = signer("sqs", Some(SESSION_TOKEN));
    for (request, queue) in requests.iter().zip([queue, "gone"]) {
        let body = check_request(request, &server, &signer, "AmazonSQS.SendMessage", JSON_1_0);
        assert_eq!(body, json!({"QueueUrl": queue, "MessageBody": "a"}));
        assert_eq!(request.header_values("x-amzn-query-mode"), ["true"]);
        let signed = verify_sigv4(request, &signer).expect("verified above");
        assert!(
            signed.iter().any(|n| n == "x-amzn-query-mode"),
            "{signed:?}"
        );
    }
}

// ------------------------------------------------------------- awsJson1_1

#[test]
fn kms_over_http_sends_and_reads_blobs_signed_with_a_session() {
    const JSON_1_1: &str = "application/x-amz-json-1.1";
    let server = Server::start(vec![
        reply(
            200,
            JSON_1_1,
            &[("x-amzn-RequestId", "enc-1")],
            r#"{"CiphertextBlob":"Y2lwaGVy","KeyId":"arn:aws:kms:us-east-1:123456789012:key/k",
                "EncryptionAlgorithm":"SYMMETRIC_DEFAULT"}"#,
        ),
        reply(
            400,
            JSON_1_1,
            &[("x-amzn-RequestId", "dec-1")],
            r#"{"__type":"InvalidCiphertextException","message":"bad ciphertext"}"#,
        ),
    ]);
    let credentials =
        Credentials::from_keys(ACCESS_KEY_ID, SECRET_ACCESS_KEY).with_session_token(SESSION_TOKEN);
    let client = kms::Client::new(config(&server, credentials, 3), transport());
    let input = kms::types::EncryptRequest::builder()
        .key_id("alias/app")
        .plaintext(b"\xfa\xfb secret".to_vec())
        .build()
        .expect("the required members are set");
    let output = run(client.encrypt(input)).expect("the call succeeds");
    assert_eq!(
        output.ciphertext_blob.as_ref().map(Blob::as_bytes),
        Some(&b"cipher"[..])
    );
    let input = kms::types::DecryptRequest::builder()
        .ciphertext_blob(b"cipher".to_vec())
        .build()
        .expect("the required member is set");
    let Err(SdkError::Service(error)) = run(client.decrypt(input)) else {
        panic!("expected a service error");
    };
    assert!(
        matches!(
            *error,
            kms::error::DecryptError::InvalidCiphertextException(_)
        ),
        "{error:?}"
    );
    assert_eq!(error.message(), Some("bad ciphertext"));
    assert_eq!(error.request_id(), Some("dec-1"));

    let requests = server.requests();
    assert_eq!(requests.len(), 2, "a modeled client error is not retried");
    let signer = signer("kms", Some(SESSION_TOKEN));
    let encrypt = check_request(
        &requests[0],
        &server,
        &signer,
        "TrentService.Encrypt",
        JSON_1_1,
    );
    assert_eq!(
        encrypt,
        json!({"KeyId": "alias/app", "Plaintext": "+vsgc2VjcmV0"})
    );
    let decrypt = check_request(
        &requests[1],
        &server,
        &signer,
        "TrentService.Decrypt",
        JSON_1_1,
    );
    assert_eq!(decrypt, json!({"CiphertextBlob": "Y2lwaGVy"}));
    assert!(requests[1].header("x-amzn-query-mode").is_none());
}
