//! The DynamoDB (awsJson1_0), SQS (awsJson1_0, `@awsQueryCompatible`) and
//! KMS (awsJson1_1) clients generated from AWS's published models, driven
//! through `MockTransport`.
//!
//! Every expected value comes from the models (`../shared/models-other`:
//! member names, `X-Amz-Target`s, `@awsQueryError` codes, constraints,
//! `endpointTests`) or from the awsJson protocols (media types, base64
//! blobs, `__type`), never from the clients' own output.
#![cfg(aws_json_models)]

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

use serde_json::{Value, json};
use smithy_runtime::sigv4::Credentials;
use smithy_runtime::{Blob, Config, MockTransport, ProvideErrorMetadata, RetryConfig, SdkError};
use smithy_service_tests::{dynamodb, kms, sqs};

use dynamodb::types::AttributeValue;

// ---------------------------------------------------------------- helpers

/// A config for us-east-1 (endpoints from the model's rules) that makes one
/// attempt per call.
fn config() -> Config {
    Config::new()
        .with_region("us-east-1")
        .with_retry(RetryConfig::disabled())
}

/// Retries without waiting, at most `attempts` attempts.
fn retrying(attempts: u32) -> Config {
    config().with_retry(
        RetryConfig::standard()
            .with_max_attempts(attempts)
            .with_initial_backoff(Duration::ZERO)
            .with_max_backoff(Duration::ZERO),
    )
}

fn body(request: &http::Request<Vec<u8>>) -> Value {
    serde_json::from_slice(request.body()).unwrap_or_else(|e| {
        panic!(
            "the request body is not JSON ({e}): {}",
            String::from_utf8_lossy(request.body())
        )
    })
}

fn header<'r>(request: &'r http::Request<Vec<u8>>, name: &str) -> Vec<&'r str> {
    request
        .headers()
        .get_all(name)
        .iter()
        .map(|v| v.to_str().expect("an ASCII header"))
        .collect()
}

/// What every awsJson request is: `POST /` to `url` with the operation in
/// `X-Amz-Target` and the protocol's media type.
fn assert_aws_json(request: &http::Request<Vec<u8>>, url: &str, target: &str, media_type: &str) {
    assert_eq!(request.method(), "POST");
    assert_eq!(request.uri().to_string(), url);
    assert_eq!(header(request, "x-amz-target"), [target]);
    assert_eq!(header(request, "content-type"), [media_type]);
}

fn s(value: &str) -> AttributeValue {
    AttributeValue::S(value.to_owned())
}

fn n(value: &str) -> AttributeValue {
    AttributeValue::N(value.to_owned())
}

fn item(pairs: &[(&str, AttributeValue)]) -> HashMap<String, AttributeValue> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect()
}

/// The published model `models-other/{name}.json`, parsed.
fn model(name: &str) -> Value {
    let shared = std::env::var_os("SMITHY_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    let path = shared.join("models-other").join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).expect("the model is JSON")
}

// --------------------------------------------------------------- DynamoDB

const DYNAMODB_URL: &str = "https://dynamodb.us-east-1.amazonaws.com/";
const JSON_1_0: &str = "application/x-amz-json-1.0";
const JSON_1_1: &str = "application/x-amz-json-1.1";

fn dynamodb_client(config: Config) -> (dynamodb::Client<MockTransport>, MockTransport) {
    let mock = MockTransport::new();
    (dynamodb::Client::new(config, mock.clone()), mock)
}

fn put_item_input() -> dynamodb::types::PutItemInput {
    dynamodb::types::PutItemInput::builder()
        .table_name("Music")
        .item(item(&[
            ("Artist", s("No One You Know")),
            ("Year", n("2021")),
            (
                "Cover",
                AttributeValue::B(Blob::new(vec![0xff, 0x00, 0x7f])),
            ),
            (
                "Genres",
                AttributeValue::Ss(vec!["Country".to_owned(), "Folk".to_owned()]),
            ),
            (
                "Tour",
                AttributeValue::M(item(&[
                    ("Cities", AttributeValue::L(vec![s("Austin"), n("3")])),
                    ("Sponsor", AttributeValue::Null(true)),
                ])),
            ),
            ("Live", AttributeValue::Bool(false)),
        ]))
        .condition_expression("attribute_not_exists(Artist)")
        .return_values(dynamodb::types::ReturnValue::AllOld)
        .build()
        .expect("the required members are set")
}

#[test]
fn put_item_sends_the_whole_input_as_awsjson_1_0() {
    let (client, mock) = dynamodb_client(config());
    mock.push_json(
        200,
        &[("x-amzn-RequestId", "req-1")],
        r#"{"Attributes":{"Artist":{"S":"Someone Else"}},
            "ConsumedCapacity":{"TableName":"Music","CapacityUnits":1.0}}"#,
    );
    let output = pollster::block_on(client.put_item(put_item_input())).expect("the call succeeds");
    let request = mock.last_request().expect("a request was sent");
    assert_aws_json(
        &request,
        DYNAMODB_URL,
        "DynamoDB_20120810.PutItem",
        JSON_1_0,
    );
    // Member names as the model spells them; AttributeValue's members as
    // its union member names; the blob in base64; the set as a list.
    assert_eq!(
        body(&request),
        json!({
            "TableName": "Music",
            "Item": {
                "Artist": {"S": "No One You Know"},
                "Year": {"N": "2021"},
                "Cover": {"B": "/wB/"},
                "Genres": {"SS": ["Country", "Folk"]},
                "Tour": {"M": {
                    "Cities": {"L": [{"S": "Austin"}, {"N": "3"}]},
                    "Sponsor": {"NULL": true}
                }},
                "Live": {"BOOL": false}
            },
            "ConditionExpression": "attribute_not_exists(Artist)",
            "ReturnValues": "ALL_OLD"
        })
    );
    assert_eq!(
        output.attributes,
        Some(item(&[("Artist", s("Someone Else"))]))
    );
    let consumed = output.consumed_capacity.expect("consumed capacity is read");
    assert_eq!(consumed.table_name.as_deref(), Some("Music"));
    assert_eq!(consumed.capacity_units, Some(1.0));
}

/// A page of `Query`: its items and, unless it is the last, the key of the
/// last item read.
fn query_page(items: &[&str], last: Option<Value>) -> String {
    let items: Vec<Value> = items
        .iter()
        .map(|song| json!({"Artist": {"S": "Acme Band"}, "SongTitle": {"S": song}}))
        .collect();
    let mut page = json!({"Items": items, "Count": items.len(), "ScannedCount": items.len()});
    if let Some(last) = last {
        page["LastEvaluatedKey"] = last;
    }
    page.to_string()
}

fn song_key(song: &str) -> Value {
    json!({"Artist": {"S": "Acme Band"}, "SongTitle": {"S": song}})
}

fn query_input() -> dynamodb::types::QueryInput {
    dynamodb::types::QueryInput::builder()
        .table_name("Music")
        .key_condition_expression("Artist = :a")
        .expression_attribute_values(item(&[(":a", s("Acme Band"))]))
        .limit(2)
        .build()
        .expect("the required members are set")
}

#[test]
fn the_query_paginator_carries_the_map_key_from_page_to_page() {
    let (client, mock) = dynamodb_client(config());
    mock.push_json(200, &[], &query_page(&["A", "B"], Some(song_key("B"))));
    mock.push_json(200, &[], &query_page(&["C", "D"], Some(song_key("D"))));
    mock.push_json(200, &[], &query_page(&["E"], None));
    let items = pollster::block_on(client.query_paginator(query_input()).collect_items())
        .expect("every page succeeds");
    let songs: Vec<&AttributeValue> = items.iter().map(|item| &item["SongTitle"]).collect();
    assert_eq!(songs, [&s("A"), &s("B"), &s("C"), &s("D"), &s("E")]);

    let requests = mock.requests();
    assert_eq!(requests.len(), 3);
    let expected_first = json!({
        "TableName": "Music",
        "KeyConditionExpression": "Artist = :a",
        "ExpressionAttributeValues": {":a": {"S": "Acme Band"}},
        "Limit": 2
    });
    let mut expected = vec![expected_first.clone(); 3];
    expected[1]["ExclusiveStartKey"] = song_key("B");
    expected[2]["ExclusiveStartKey"] = song_key("D");
    for (request, expected) in requests.iter().zip(&expected) {
        assert_aws_json(request, DYNAMODB_URL, "DynamoDB_20120810.Query", JSON_1_0);
        assert_eq!(body(request), *expected);
    }
}

#[test]
fn the_query_paginator_stops_at_an_empty_or_repeated_key() {
    // An empty key is no key (as botocore and the AWS SDK for Rust read it).
    let (client, mock) = dynamodb_client(config());
    mock.push_json(200, &[], &query_page(&["A"], Some(song_key("A"))));
    mock.push_json(200, &[], &query_page(&["B"], Some(json!({}))));
    let pages = pollster::block_on(client.query_paginator(query_input()).collect_pages())
        .expect("every page succeeds");
    assert_eq!(pages.len(), 2);
    assert_eq!(mock.request_count(), 2);

    // A service that answers with the key it was sent cannot loop forever.
    let (client, mock) = dynamodb_client(config());
    mock.push_json(200, &[], &query_page(&["A"], Some(song_key("A"))));
    mock.push_json(200, &[], &query_page(&["A"], Some(song_key("A"))));
    let pages = pollster::block_on(client.query_paginator(query_input()).collect_pages())
        .expect("every page succeeds");
    assert_eq!(pages.len(), 2);
    assert_eq!(mock.request_count(), 2);

    // A starting key given by the caller is sent first.
    let (client, mock) = dynamodb_client(config());
    mock.push_json(200, &[], &query_page(&["C"], None));
    let mut input = query_input();
    input.exclusive_start_key = Some(item(&[("Artist", s("Acme Band")), ("SongTitle", s("B"))]));
    let pages = pollster::block_on(client.query_paginator(input).collect_pages())
        .expect("the page succeeds");
    assert_eq!(pages.len(), 1);
    assert_eq!(
        body(&mock.last_request().unwrap())["ExclusiveStartKey"],
        song_key("B")
    );
}

#[test]
fn throttling_codes_in_type_are_retried() {
    // DynamoDB's own throttling error (modeled) and the one its front end
    // sends (`com.amazon.coral.availability#ThrottlingException`), by
    // `__type` alone: HTTP 400 is not retried otherwise.
    for (code, modeled) in [
        (
            "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
            true,
        ),
        ("com.amazon.coral.availability#ThrottlingException", false),
    ] {
        let (client, mock) = dynamodb_client(retrying(3));
        let error = format!(r#"{{"__type":"{code}","message":"slow down"}}"#);
        mock.push_json(400, &[], &error);
        mock.push_json(400, &[], &error);
        mock.push_json(200, &[], "{}");
        pollster::block_on(client.put_item(put_item_input())).expect("the third attempt succeeds");
        let requests = mock.requests();
        assert_eq!(requests.len(), 3, "{code}");
        assert!(requests.iter().all(|r| body(r) == body(&requests[0])));

        // Out of attempts: the last error, as the modeled variant.
        let (client, mock) = dynamodb_client(retrying(2));
        mock.push_json(400, &[], &error);
        mock.push_json(400, &[], &error);
        let Err(SdkError::Service(error)) = pollster::block_on(client.put_item(put_item_input()))
        else {
            panic!("{code}: expected a service error");
        };
        assert_eq!(mock.request_count(), 2);
        assert_eq!(
            matches!(
                *error,
                dynamodb::error::PutItemError::ProvisionedThroughputExceededException(_)
            ),
            modeled,
            "{error:?}"
        );
        assert_eq!(error.message(), Some("slow down"));
        assert_eq!(error.status(), 400);
    }

    // A client error that is not throttling is not retried.
    let (client, mock) = dynamodb_client(retrying(3));
    mock.push_json(
        400,
        &[],
        r#"{"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",
            "message":"The conditional request failed","Item":{"Artist":{"S":"x"}}}"#,
    );
    let Err(SdkError::Service(error)) = pollster::block_on(client.put_item(put_item_input()))
    else {
        panic!("expected a service error");
    };
    assert_eq!(mock.request_count(), 1);
    match *error {
        dynamodb::error::PutItemError::ConditionalCheckFailedException(e) => {
            assert_eq!(e.code(), Some("ConditionalCheckFailedException"));
            assert_eq!(e.item, Some(item(&[("Artist", s("x"))])));
        }
        other => panic!("expected ConditionalCheckFailedException, got {other:?}"),
    }
}

#[test]
fn required_and_constrained_members_are_checked_before_sending() {
    // `TableName` is required: the builder names it.
    let error = dynamodb::types::PutItemInput::builder()
        .item(item(&[("Artist", s("x"))]))
        .build()
        .expect_err("TableName is missing");
    assert_eq!(error.path(), "TableName");

    // `TableName` targets `TableArn`, length 1 to 1024: nothing is sent.
    let (client, mock) = dynamodb_client(config());
    let mut input = put_item_input();
    input.table_name = String::new();
    let outcome = pollster::block_on(client.put_item(input));
    assert!(
        matches!(&outcome, Err(SdkError::Validation(e)) if e.path() == "TableName"),
        "{outcome:?}"
    );
    assert_eq!(mock.request_count(), 0);

    // KMS: `Plaintext` is 1 to 4096 bytes.
    let (client, mock) = kms_client(config());
    let input = kms::types::EncryptRequest::builder()
        .key_id("alias/app")
        .plaintext(vec![0u8; 4097])
        .build()
        .expect("the required members are set");
    let outcome = pollster::block_on(client.encrypt(input));
    assert!(
        matches!(&outcome, Err(SdkError::Validation(e)) if e.path() == "Plaintext"),
        "{outcome:?}"
    );
    assert_eq!(mock.request_count(), 0);
}

fn transact_input(token: Option<&str>) -> dynamodb::types::TransactWriteItemsInput {
    let put = dynamodb::types::Put::builder()
        .table_name("Music")
        .item(item(&[("Artist", s("x"))]))
        .build()
        .expect("the required members are set");
    let mut builder = dynamodb::types::TransactWriteItemsInput::builder().transact_items(vec![
        dynamodb::types::TransactWriteItem {
            put: Some(put),
            ..Default::default()
        },
    ]);
    if let Some(token) = token {
        builder = builder.client_request_token(token);
    }
    builder.build().expect("the required members are set")
}

#[test]
fn an_unset_idempotency_token_is_filled_once_per_call() {
    let fixed = retrying(2).with_idempotency_token_provider(|| "token-from-config".to_owned());
    let (client, mock) = dynamodb_client(fixed);
    mock.push_json(500, &[], r#"{"__type":"InternalServerError"}"#);
    mock.push_json(200, &[], "{}");
    pollster::block_on(client.transact_write_items(transact_input(None)))
        .expect("the retry succeeds");
    let requests = mock.requests();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_eq!(
            header(request, "x-amz-target"),
            ["DynamoDB_20120810.TransactWriteItems"]
        );
        assert_eq!(
            body(request),
            json!({
                "TransactItems": [{"Put": {"TableName": "Music", "Item": {"Artist": {"S": "x"}}}}],
                "ClientRequestToken": "token-from-config"
            })
        );
    }

    // A token the caller set is sent as is; without a provider a fresh
    // UUID is made.
    let (client, mock) = dynamodb_client(config());
    mock.push_json(200, &[], "{}");
    pollster::block_on(client.transact_write_items(transact_input(Some("mine"))))
        .expect("the call succeeds");
    assert_eq!(
        body(&mock.last_request().unwrap())["ClientRequestToken"],
        "mine"
    );
    mock.push_json(200, &[], "{}");
    pollster::block_on(client.transact_write_items(transact_input(None)))
        .expect("the call succeeds");
    let token = body(&mock.last_request().unwrap())["ClientRequestToken"].clone();
    let token = token.as_str().expect("a token is sent");
    assert_eq!(token.len(), 36, "{token}");
    assert_eq!(token.matches('-').count(), 4, "{token}");
}

#[test]
fn types_round_trip_through_serde_as_the_wire_spells_them() {
    let wire = json!({
        "Items": [{"Artist": {"S": "A"}, "Plays": {"N": "12"}, "Art": {"B": "AAEC"},
                   "Tags": {"NS": ["1", "2"]}, "Mixed": {"L": [{"BOOL": true}, {"NULL": true}]}}],
        "Count": 1,
        "ScannedCount": 4,
        "LastEvaluatedKey": {"Artist": {"S": "A"}}
    });
    let output: dynamodb::types::QueryOutput =
        serde_json::from_value(wire.clone()).expect("the wire JSON reads");
    assert_eq!(output.count, Some(1));
    let first = &output.items.as_ref().expect("items")[0];
    assert_eq!(first["Art"], AttributeValue::B(Blob::new(vec![0, 1, 2])));
    assert_eq!(
        first["Tags"],
        AttributeValue::Ns(vec!["1".to_owned(), "2".to_owned()])
    );
    assert_eq!(serde_json::to_value(&output).expect("it writes"), wire);

    let wire = json!({"KeyId": "alias/app", "Plaintext": "c2VjcmV0",
                      "EncryptionContext": {"purpose": "test"}});
    let request: kms::types::EncryptRequest =
        serde_json::from_value(wire.clone()).expect("the wire JSON reads");
    assert_eq!(request.plaintext.as_bytes(), b"secret");
    assert_eq!(serde_json::to_value(&request).expect("it writes"), wire);
}

#[test]
fn endpoints_follow_the_models_rules_and_endpoint_tests() {
    // Each of the model's `endpointTests` whose parameters are built-ins
    // the config sets (region, FIPS, dual-stack, endpoint URL) becomes a
    // call: it must go to the case's URL or fail with nothing sent.
    let mut checked = 0;
    let mut failures = Vec::new();
    for (name, call) in [
        ("dynamodb-2012-08-10", Service::DynamoDb),
        ("sqs-2012-11-05", Service::Sqs),
        ("kms-2014-11-01", Service::Kms),
    ] {
        let model = model(name);
        let shapes = model["shapes"].as_object().expect("shapes");
        let service = shapes
            .values()
            .find(|s| s["type"] == "service")
            .expect("a service");
        let cases = service["traits"]["smithy.rules#endpointTests"]["testCases"]
            .as_array()
            .expect("endpoint tests");
        for case in cases {
            let params = case["params"].as_object().cloned().unwrap_or_default();
            let known = ["Region", "UseFIPS", "UseDualStack", "Endpoint"];
            if params.keys().any(|key| !known.contains(&key.as_str())) {
                continue;
            }
            let mut config = Config::new().with_retry(RetryConfig::disabled());
            if let Some(region) = params.get("Region").and_then(Value::as_str) {
                config = config.with_region(region);
            }
            if let Some(url) = params.get("Endpoint").and_then(Value::as_str) {
                config = config.with_endpoint_url(url);
            }
            config = config
                .with_use_fips(params.get("UseFIPS") == Some(&json!(true)))
                .with_use_dual_stack(params.get("UseDualStack") == Some(&json!(true)));
            let mock = MockTransport::new();
            mock.push_json(200, &[], "{}");
            let outcome = call.send(config, &mock);
            let sent = mock.requests();
            let doc = case["documentation"].as_str().unwrap_or("?");
            match case["expect"]["endpoint"]["url"].as_str() {
                Some(url) => {
                    let want = format!("{}/", url.trim_end_matches('/'));
                    let got = sent.first().map(|r| r.uri().to_string());
                    if outcome.is_err() || got.as_deref() != Some(want.as_str()) {
                        failures.push(format!(
                            "{name} {doc}: sent to {got:?} ({outcome:?}), want {want}"
                        ));
                    }
                }
                None => {
                    if outcome.is_ok() || !sent.is_empty() {
                        failures.push(format!(
                            "{name} {doc}: expected an error, sent {}",
                            sent.len()
                        ));
                    }
                }
            }
            checked += 1;
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    // Every model has dozens of region/FIPS/dual-stack cases.
    assert!(checked > 100, "only {checked} cases");
    println!("{checked} endpoint test cases of DynamoDB, SQS and KMS pass");
}

#[test]
fn dynamodb_endpoint_tests_with_operation_inputs_bind_the_models_context_params() {
    // The cases that name an operation and its input: `DescribeTable`'s
    // `TableName` is the `ResourceArn` parameter (`@contextParam`),
    // `BatchGetItem`'s table names are `ResourceArnList`
    // (`operationContextParams`, `keys(RequestItems)`). The built-ins are
    // the config's, `AWS::Auth::AccountId` the credentials' account id.
    let model = model("dynamodb-2012-08-10");
    let cases = model["shapes"]["com.amazonaws.dynamodb#DynamoDB_20120810"]["traits"]
        ["smithy.rules#endpointTests"]["testCases"]
        .as_array()
        .expect("endpoint tests");
    let mut checked = 0;
    let mut failures = Vec::new();
    for case in cases {
        let doc = case["documentation"].as_str().unwrap_or("?");
        for call in case["operationInputs"].as_array().into_iter().flatten() {
            let builtins = &call["builtInParams"];
            let mut config = Config::new().with_retry(RetryConfig::disabled());
            if let Some(region) = builtins["AWS::Region"].as_str() {
                config = config.with_region(region);
            }
            if let Some(url) = builtins["SDK::Endpoint"].as_str() {
                config = config.with_endpoint_url(url);
            }
            config = config
                .with_use_fips(builtins["AWS::UseFIPS"] == json!(true))
                .with_use_dual_stack(builtins["AWS::UseDualStack"] == json!(true));
            if let Some(mode) = builtins["AWS::Auth::AccountIdEndpointMode"].as_str() {
                config = config.with_account_id_endpoint_mode(mode);
            }
            if let Some(account_id) = builtins["AWS::Auth::AccountId"].as_str() {
                let credentials =
                    Credentials::from_keys("AKIDTEST", "secret").with_account_id(account_id);
                config = config.with_credentials(credentials);
            }
            let (client, mock) = dynamodb_client(config);
            mock.push_json(200, &[], "{}");
            let input = match &call["operationParams"] {
                Value::Null => json!({}),
                params => params.clone(),
            };
            let operation = call["operationName"].as_str().unwrap_or("?");
            let outcome = match operation {
                "ListTables" => {
                    let input = serde_json::from_value(input).expect("a ListTables input");
                    pollster::block_on(client.list_tables(input))
                        .map(drop)
                        .map_err(|e| e.to_string())
                }
                "DescribeTable" => {
                    let input = serde_json::from_value(input).expect("a DescribeTable input");
                    pollster::block_on(client.describe_table(input))
                        .map(drop)
                        .map_err(|e| e.to_string())
                }
                "BatchGetItem" => {
                    let input = serde_json::from_value(input).expect("a BatchGetItem input");
                    pollster::block_on(client.batch_get_item(input))
                        .map(drop)
                        .map_err(|e| e.to_string())
                }
                other => panic!("{doc}: an operation the test does not call: {other}"),
            };
            let sent: Vec<String> = mock
                .requests()
                .iter()
                .map(|r| r.uri().to_string())
                .collect();
            match (&case["expect"]["endpoint"]["url"], &case["expect"]["error"]) {
                (Value::String(url), _) => {
                    let want = format!("{}/", url.trim_end_matches('/'));
                    if outcome.is_err() || sent != [want.clone()] {
                        failures.push(format!(
                            "{operation} {doc}: sent to {sent:?} ({outcome:?}), want {want}"
                        ));
                    }
                }
                (_, Value::String(message)) => match &outcome {
                    Err(error) if error.contains(message.as_str()) && sent.is_empty() => {}
                    _ => failures.push(format!(
                        "{operation} {doc}: {outcome:?}, sent {sent:?}, want the error {message:?}"
                    )),
                },
                _ => panic!("{doc}: a case that expects neither an endpoint nor an error"),
            }
            checked += 1;
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(checked > 100, "only {checked} cases");
    println!("{checked} DynamoDB endpoint test cases with operation inputs pass");
}

#[test]
fn the_account_id_of_the_credentials_chooses_dynamodbs_endpoint() {
    let input = || dynamodb::types::ListTablesInput::builder().build();
    let keys = || Credentials::from_keys("AKIDTEST", "secret");
    // The SDKs' default mode, `preferred`: the account's endpoint when the
    // credentials know their account, else the regional one.
    for (credentials, mode, want) in [
        (
            keys().with_account_id("111122223333"),
            None,
            "https://111122223333.ddb.us-east-1.amazonaws.com/",
        ),
        (keys(), None, DYNAMODB_URL),
        (
            keys().with_account_id("111122223333"),
            Some("disabled"),
            DYNAMODB_URL,
        ),
        (
            keys().with_account_id("111122223333"),
            Some("required"),
            "https://111122223333.ddb.us-east-1.amazonaws.com/",
        ),
    ] {
        let mut config = config().with_credentials(credentials);
        if let Some(mode) = mode {
            config = config.with_account_id_endpoint_mode(mode);
        }
        let (client, mock) = dynamodb_client(config);
        mock.push_json(200, &[], "{}");
        pollster::block_on(client.list_tables(input())).expect("the call succeeds");
        assert_eq!(
            mock.last_request().unwrap().uri().to_string(),
            want,
            "{mode:?}"
        );
    }
    // `required` without an account id: nothing is sent.
    let (client, mock) = dynamodb_client(
        config()
            .with_credentials(keys())
            .with_account_id_endpoint_mode("required"),
    );
    let outcome = pollster::block_on(client.list_tables(input()));
    assert!(matches!(outcome, Err(SdkError::Request(_))), "{outcome:?}");
    assert_eq!(mock.request_count(), 0);
}

#[derive(Clone, Copy)]
enum Service {
    DynamoDb,
    Sqs,
    Kms,
}

impl Service {
    /// One call of the service through `mock`; `Err` with the error's
    /// description.
    fn send(self, config: Config, mock: &MockTransport) -> Result<(), String> {
        match self {
            Service::DynamoDb => {
                let client = dynamodb::Client::new(config, mock.clone());
                pollster::block_on(client.put_item(put_item_input()))
                    .map(drop)
                    .map_err(|e| e.to_string())
            }
            Service::Sqs => {
                let client = sqs::Client::new(config, mock.clone());
                pollster::block_on(client.send_message(send_message_input()))
                    .map(drop)
                    .map_err(|e| e.to_string())
            }
            Service::Kms => {
                let client = kms::Client::new(config, mock.clone());
                pollster::block_on(client.encrypt(encrypt_input()))
                    .map(drop)
                    .map_err(|e| e.to_string())
            }
        }
    }
}

// -------------------------------------------------------------------- SQS

const QUEUE_URL: &str = "https://sqs.us-east-1.amazonaws.com/123456789012/orders";

fn sqs_client(config: Config) -> (sqs::Client<MockTransport>, MockTransport) {
    let mock = MockTransport::new();
    (sqs::Client::new(config, mock.clone()), mock)
}

fn send_message_input() -> sqs::types::SendMessageRequest {
    let attribute = sqs::types::MessageAttributeValue::builder()
        .data_type("String")
        .string_value("express")
        .build()
        .expect("the required members are set");
    sqs::types::SendMessageRequest::builder()
        .queue_url(QUEUE_URL)
        .message_body("order 42")
        .delay_seconds(5)
        .message_attributes(HashMap::from([("shipping".to_owned(), attribute)]))
        .build()
        .expect("the required members are set")
}

#[test]
fn send_message_is_awsjson_1_0_in_query_mode() {
    let (client, mock) = sqs_client(config());
    mock.push_json(
        200,
        &[],
        r#"{"MD5OfMessageBody":"8d8b0a2d4bd3bd4ed8e9e4f5fa5dc52b",
            "MessageId":"5fea7756-0ea4-451a-a703-a558b933e274"}"#,
    );
    let output =
        pollster::block_on(client.send_message(send_message_input())).expect("the call succeeds");
    let request = mock.last_request().expect("a request was sent");
    assert_aws_json(
        &request,
        "https://sqs.us-east-1.amazonaws.com/",
        "AmazonSQS.SendMessage",
        JSON_1_0,
    );
    // `@awsQueryCompatible`: the client asks for the query API's errors.
    assert_eq!(header(&request, "x-amzn-query-mode"), ["true"]);
    assert_eq!(
        body(&request),
        json!({
            "QueueUrl": QUEUE_URL,
            "MessageBody": "order 42",
            "DelaySeconds": 5,
            "MessageAttributes": {"shipping": {"DataType": "String", "StringValue": "express"}}
        })
    );
    assert_eq!(
        output.message_id.as_deref(),
        Some("5fea7756-0ea4-451a-a703-a558b933e274")
    );
    assert_eq!(
        output.md5_of_message_body.as_deref(),
        Some("8d8b0a2d4bd3bd4ed8e9e4f5fa5dc52b")
    );
}

fn send_message_error(headers: &[(&str, &str)], body: &str) -> sqs::error::SendMessageError {
    let (client, mock) = sqs_client(config());
    mock.push_json(400, headers, body);
    match pollster::block_on(client.send_message(send_message_input())) {
        Err(SdkError::Service(error)) => *error,
        other => panic!("expected a service error, got {other:?}"),
    }
}

#[test]
fn query_compatible_errors_are_the_modeled_errors_with_the_query_code() {
    const BODY: &str = r#"{"__type":"com.amazonaws.sqs#QueueDoesNotExist",
                           "message":"The specified queue does not exist."}"#;
    // `QueueDoesNotExist`'s `@awsQueryError` code, in the header.
    let error = send_message_error(
        &[
            (
                "x-amzn-query-error",
                "AWS.SimpleQueueService.NonExistentQueue;Sender",
            ),
            ("x-amzn-RequestId", "req-q"),
        ],
        BODY,
    );
    let sqs::error::SendMessageError::QueueDoesNotExist(inner) = &error else {
        panic!("expected QueueDoesNotExist, got {error:?}");
    };
    assert_eq!(
        inner.code(),
        Some("AWS.SimpleQueueService.NonExistentQueue")
    );
    assert_eq!(error.message(), Some("The specified queue does not exist."));
    assert_eq!(error.request_id(), Some("req-q"));
    assert_eq!(error.status(), 400);

    // Without the header, `__type` names the same error.
    let error = send_message_error(&[], BODY);
    assert!(
        matches!(error, sqs::error::SendMessageError::QueueDoesNotExist(_)),
        "{error:?}"
    );
    assert_eq!(error.code(), Some("QueueDoesNotExist"));

    // A query code the model does not know is `Unhandled`, keeping it.
    let error = send_message_error(
        &[(
            "x-amzn-query-error",
            "AWS.SimpleQueueService.Brand.New;Sender",
        )],
        r#"{"__type":"com.amazonaws.sqs#BrandNew","message":"new"}"#,
    );
    assert!(
        matches!(error, sqs::error::SendMessageError::Unhandled(_)),
        "{error:?}"
    );
    assert_eq!(error.code(), Some("AWS.SimpleQueueService.Brand.New"));
}

#[test]
fn sqs_throttling_is_retried() {
    // `RequestThrottled` (HTTP 403, query code `RequestThrottled`).
    let (client, mock) = sqs_client(retrying(3));
    let throttled = r#"{"__type":"com.amazonaws.sqs#RequestThrottled","message":"slow"}"#;
    mock.push_json(
        403,
        &[("x-amzn-query-error", "RequestThrottled;Sender")],
        throttled,
    );
    mock.push_json(200, &[], r#"{"MessageId":"m"}"#);
    let output =
        pollster::block_on(client.send_message(send_message_input())).expect("the retry succeeds");
    assert_eq!(output.message_id.as_deref(), Some("m"));
    assert_eq!(mock.request_count(), 2);
}

// -------------------------------------------------------------------- KMS

const KMS_URL: &str = "https://kms.us-east-1.amazonaws.com/";

fn kms_client(config: Config) -> (kms::Client<MockTransport>, MockTransport) {
    let mock = MockTransport::new();
    (kms::Client::new(config, mock.clone()), mock)
}

/// Bytes that are not UTF-8 and whose base64 has `+`, `/` and padding.
const SECRET: [u8; 5] = [0xfb, 0xff, 0x00, 0xfe, 0x3f];
const SECRET_BASE64: &str = "+/8A/j8=";

fn encrypt_input() -> kms::types::EncryptRequest {
    kms::types::EncryptRequest::builder()
        .key_id("alias/app")
        .plaintext(SECRET.to_vec())
        .encryption_context(HashMap::from([("purpose".to_owned(), "test".to_owned())]))
        .build()
        .expect("the required members are set")
}

#[test]
fn encrypt_sends_the_blob_in_base64_as_awsjson_1_1() {
    let (client, mock) = kms_client(config());
    mock.push_json(
        200,
        &[],
        r#"{"CiphertextBlob":"AQIDBA==","KeyId":"arn:aws:kms:us-east-1:123456789012:key/k",
            "EncryptionAlgorithm":"SYMMETRIC_DEFAULT"}"#,
    );
    let output = pollster::block_on(client.encrypt(encrypt_input())).expect("the call succeeds");
    let request = mock.last_request().expect("a request was sent");
    assert_aws_json(&request, KMS_URL, "TrentService.Encrypt", JSON_1_1);
    assert!(header(&request, "x-amzn-query-mode").is_empty());
    assert_eq!(
        body(&request),
        json!({
            "KeyId": "alias/app",
            "Plaintext": SECRET_BASE64,
            "EncryptionContext": {"purpose": "test"}
        })
    );
    assert_eq!(
        output.ciphertext_blob.as_ref().map(Blob::as_bytes),
        Some(&[1u8, 2, 3, 4][..])
    );
    assert_eq!(
        output.encryption_algorithm,
        Some(kms::types::EncryptionAlgorithmSpec::SymmetricDefault)
    );
}

#[test]
fn decrypt_reads_the_plaintext_blob_and_never_shows_it() {
    let (client, mock) = kms_client(config());
    mock.push_json(
        200,
        &[],
        &format!(r#"{{"KeyId":"k","Plaintext":"{SECRET_BASE64}"}}"#),
    );
    let input = kms::types::DecryptRequest::builder()
        .ciphertext_blob(vec![1u8, 2, 3, 4])
        .build()
        .expect("the required member is set");
    let output = pollster::block_on(client.decrypt(input)).expect("the call succeeds");
    let request = mock.last_request().expect("a request was sent");
    assert_aws_json(&request, KMS_URL, "TrentService.Decrypt", JSON_1_1);
    assert_eq!(body(&request), json!({"CiphertextBlob": "AQIDBA=="}));
    let plaintext = output.plaintext.as_ref().expect("the plaintext is read");
    assert_eq!(plaintext.as_bytes(), SECRET);

    // `Plaintext` is `@sensitive`: neither the request nor the response
    // shows it, in bytes or base64; other members show.
    let secret_bytes = format!("{:?}", SECRET.to_vec());
    let shown = [format!("{:?}", encrypt_input()), format!("{output:?}")];
    for debug in &shown {
        assert!(debug.contains("*** Sensitive Data Redacted ***"), "{debug}");
        assert!(!debug.contains(SECRET_BASE64), "{debug}");
        assert!(!debug.contains(&secret_bytes), "{debug}");
        assert!(!debug.contains("251"), "{debug}");
    }
    assert!(shown[0].contains("alias/app"), "{}", shown[0]);
}

#[test]
fn kms_errors_are_read_from_type() {
    let (client, mock) = kms_client(config());
    mock.push_json(
        400,
        &[("x-amzn-RequestId", "req-k")],
        r#"{"__type":"NotFoundException","message":"Alias alias/app is not found."}"#,
    );
    let Err(SdkError::Service(error)) = pollster::block_on(client.encrypt(encrypt_input())) else {
        panic!("expected a service error");
    };
    assert!(
        matches!(*error, kms::error::EncryptError::NotFoundException(_)),
        "{error:?}"
    );
    assert_eq!(error.code(), Some("NotFoundException"));
    assert_eq!(error.request_id(), Some("req-k"));
    assert_eq!(
        error.to_string(),
        "NotFoundException: Alias alias/app is not found."
    );
}
