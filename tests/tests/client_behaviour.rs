//! Behaviour of the generated EC2 Image Builder client (`imagebuilder`) for
//! `UpdateInfrastructureConfiguration`, driven through `MockTransport`.
//!
//! Every expected value below comes from the model (`model/imagebuilder.json`),
//! the seed page (`../shared/seed/update_infrastructure_configuration.txt`) or
//! the restJson1 protocol, never from the client's own output: member names
//! and order, the `PUT /UpdateInfrastructureConfiguration` binding, the
//! constraint traits, and the three ways restJson1 names an error.

use std::collections::HashMap;

use imagebuilder::Client;
use imagebuilder::error::UpdateInfrastructureConfigurationError as OperationError;
use imagebuilder::types::builders::UpdateInfrastructureConfigurationRequestBuilder;
use imagebuilder::types::{
    InstanceMetadataOptions, Logging, S3Logs, UpdateInfrastructureConfigurationRequest,
    UpdateInfrastructureConfigurationResponse,
};
use serde_json::{Value, json};
use smithy_runtime::{
    Config, MockTransport, ProvideErrorMetadata, RetryConfig, SdkError, TransportError,
    TransportErrorKind, ValidationError,
};

const ENDPOINT: &str = "http://localhost:8080";
const ARN: &str =
    "arn:aws:imagebuilder:us-east-1:123456789012:infrastructure-configuration/web-tier";
const PROFILE: &str = "ImageBuilderInstanceProfile";
/// A caller-chosen token: 36 characters, the most `ClientToken` allows.
const TOKEN: &str = "5f0c6c8e-2d4b-4f7a-9a61-0b8d3e2c1a77";

/// The members of `UpdateInfrastructureConfigurationRequest` in model order.
const REQUEST_MEMBERS: [&str; 13] = [
    "infrastructureConfigurationArn",
    "description",
    "instanceTypes",
    "instanceProfileName",
    "securityGroupIds",
    "subnetId",
    "logging",
    "keyPair",
    "terminateInstanceOnFailure",
    "snsTopicArn",
    "resourceTags",
    "instanceMetadataOptions",
    "clientToken",
];

/// The operation's errors with their `@httpError` codes from the model.
const ERRORS: [(&str, u16); 8] = [
    ("ServiceException", 500),
    ("ClientException", 400),
    ("ServiceUnavailableException", 503),
    ("InvalidRequestException", 400),
    ("IdempotentParameterMismatchException", 400),
    ("ForbiddenException", 403),
    ("CallRateLimitExceededException", 429),
    ("ResourceInUseException", 400),
];

type Outcome = Result<UpdateInfrastructureConfigurationResponse, SdkError<OperationError>>;

// ---------------------------------------------------------------- helpers

/// A client sending to [`ENDPOINT`] through a mock, and a handle on the mock.
/// A client that makes one attempt per call: these tests check how each
/// response is read; retries are tested over loopback HTTP.
fn client() -> (Client<MockTransport>, MockTransport) {
    client_with(
        Config::new()
            .with_endpoint_url(ENDPOINT)
            .with_retry(RetryConfig::disabled()),
    )
}

fn client_with(config: Config) -> (Client<MockTransport>, MockTransport) {
    let mock = MockTransport::new();
    (Client::new(config, mock.clone()), mock)
}

fn send(
    client: &Client<MockTransport>,
    input: UpdateInfrastructureConfigurationRequest,
) -> Outcome {
    pollster::block_on(client.update_infrastructure_configuration(input))
}

/// A builder with the two required members a caller must set.
fn minimal_builder() -> UpdateInfrastructureConfigurationRequestBuilder {
    UpdateInfrastructureConfigurationRequest::builder()
        .infrastructure_configuration_arn(ARN)
        .instance_profile_name(PROFILE)
}

fn minimal_input() -> UpdateInfrastructureConfigurationRequest {
    minimal_builder().client_token(TOKEN).build().unwrap()
}

fn full_builder() -> UpdateInfrastructureConfigurationRequestBuilder {
    minimal_builder()
        .description("Builds the web tier")
        .instance_types(vec!["m5.large".to_owned(), "c5.xlarge".to_owned()])
        .security_group_ids(vec!["sg-0123456789abcdef0".to_owned()])
        .subnet_id("subnet-0123456789abcdef0")
        .logging(
            Logging::builder()
                .s3_logs(
                    S3Logs::builder()
                        .s3_bucket_name("build-logs")
                        .s3_key_prefix("image-builder/")
                        .build(),
                )
                .build(),
        )
        .key_pair("debug-key")
        // `false` is a value too: it must be sent, not dropped as a default.
        .terminate_instance_on_failure(false)
        .sns_topic_arn("arn:aws:sns:us-east-1:123456789012:image-builds")
        .resource_tags(tags(&[("Team", "platform"), ("Stage", "prod")]))
        .instance_metadata_options(
            InstanceMetadataOptions::builder()
                .http_tokens("required")
                .http_put_response_hop_limit(2)
                .build(),
        )
        .client_token(TOKEN)
}

/// A request with every member set.
fn full_input() -> UpdateInfrastructureConfigurationRequest {
    full_builder().build().unwrap()
}

/// The JSON body [`full_input`] must produce, written from the model.
fn full_json() -> Value {
    json!({
        "infrastructureConfigurationArn": ARN,
        "description": "Builds the web tier",
        "instanceTypes": ["m5.large", "c5.xlarge"],
        "instanceProfileName": PROFILE,
        "securityGroupIds": ["sg-0123456789abcdef0"],
        "subnetId": "subnet-0123456789abcdef0",
        "logging": {
            "s3Logs": {
                "s3BucketName": "build-logs",
                "s3KeyPrefix": "image-builder/"
            }
        },
        "keyPair": "debug-key",
        "terminateInstanceOnFailure": false,
        "snsTopicArn": "arn:aws:sns:us-east-1:123456789012:image-builds",
        "resourceTags": { "Team": "platform", "Stage": "prod" },
        "instanceMetadataOptions": {
            "httpTokens": "required",
            "httpPutResponseHopLimit": 2
        },
        "clientToken": TOKEN
    })
}

fn tags(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs
        .iter()
        .map(|(key, value)| ((*key).to_owned(), (*value).to_owned()))
        .collect()
}

fn body_json(request: &http::Request<Vec<u8>>) -> Value {
    serde_json::from_slice(request.body()).expect("the request body is JSON")
}

/// Sends `input` and returns the body the mock received.
fn sent_body(input: UpdateInfrastructureConfigurationRequest) -> Value {
    let (client, mock) = client();
    mock.push_json(200, &[], "{}");
    send(&client, input).expect("the call succeeds");
    assert_eq!(mock.request_count(), 1);
    body_json(&mock.last_request().unwrap())
}

/// Answers a minimal call with the canned response and returns the service
/// error it produced.
fn service_error(status: u16, headers: &[(&str, &str)], body: &str) -> OperationError {
    let (client, mock) = client();
    mock.push_json(status, headers, body);
    match send(&client, minimal_input()) {
        Err(SdkError::Service(error)) => *error,
        other => {
            panic!("HTTP {status} {headers:?} {body}: expected a service error, got {other:?}")
        }
    }
}

/// The variant's name and its modeled `message` member.
fn variant(error: &OperationError) -> (&'static str, Option<&str>) {
    use OperationError as E;
    match error {
        E::ServiceException(e) => ("ServiceException", e.message.as_deref()),
        E::ClientException(e) => ("ClientException", e.message.as_deref()),
        E::ServiceUnavailableException(e) => ("ServiceUnavailableException", e.message.as_deref()),
        E::InvalidRequestException(e) => ("InvalidRequestException", e.message.as_deref()),
        E::IdempotentParameterMismatchException(e) => {
            ("IdempotentParameterMismatchException", e.message.as_deref())
        }
        E::ForbiddenException(e) => ("ForbiddenException", e.message.as_deref()),
        E::CallRateLimitExceededException(e) => {
            ("CallRateLimitExceededException", e.message.as_deref())
        }
        E::ResourceInUseException(e) => ("ResourceInUseException", e.message.as_deref()),
        E::Unhandled(_) => ("Unhandled", None),
    }
}

/// Sends `input`, expects a validation failure, and checks nothing was sent.
fn validation_error(input: UpdateInfrastructureConfigurationRequest) -> ValidationError {
    let (client, mock) = client();
    mock.push_json(200, &[], "{}");
    let outcome = send(&client, input);
    assert_eq!(
        mock.request_count(),
        0,
        "an invalid request must not be sent"
    );
    match outcome {
        Err(SdkError::Validation(error)) => error,
        other => panic!("expected a validation error, got {other:?}"),
    }
}

fn assert_validation(input: UpdateInfrastructureConfigurationRequest, path: &str, message: &str) {
    let error = validation_error(input);
    assert_eq!(error.path(), path);
    assert_eq!(error.message(), message);
    assert_eq!(error.to_string(), format!("{path}: {message}"));
}

/// A lowercase, hyphenated RFC 4122 version 4 UUID.
fn assert_v4_uuid(token: &str) {
    assert_eq!(token.len(), 36, "{token}");
    for (i, c) in token.chars().enumerate() {
        if [8, 13, 18, 23].contains(&i) {
            assert_eq!(c, '-', "{token}");
        } else {
            assert!(matches!(c, '0'..='9' | 'a'..='f'), "{token}");
        }
    }
    assert_eq!(token.as_bytes()[14], b'4', "version of {token}");
    assert!(
        matches!(token.as_bytes()[19], b'8' | b'9' | b'a' | b'b'),
        "variant of {token}"
    );
}

/// Asserts that each `"name":` occurs once in `body` and that they occur in
/// the order given.
fn assert_key_order(body: &str, names: &[&str]) {
    let positions: Vec<usize> = names
        .iter()
        .map(|name| {
            let key = format!("\"{name}\":");
            assert_eq!(body.matches(&key).count(), 1, "{key} once in {body}");
            body.find(&key).unwrap()
        })
        .collect();
    for (pair, names) in positions.windows(2).zip(names.windows(2)) {
        assert!(
            pair[0] < pair[1],
            "{} must come before {} in {body}",
            names[0],
            names[1]
        );
    }
}

// --------------------------------------------------------------- requests

#[test]
fn full_request_is_a_put_with_every_member_in_the_json_body() {
    let (client, mock) = client();
    mock.push_json(200, &[], "{}");
    send(&client, full_input()).unwrap();

    assert_eq!(mock.request_count(), 1);
    let request = mock.last_request().unwrap();
    assert_eq!(request.method(), http::Method::PUT);
    assert_eq!(
        request.uri().to_string(),
        "http://localhost:8080/UpdateInfrastructureConfiguration"
    );
    assert_eq!(request.uri().path(), "/UpdateInfrastructureConfiguration");
    assert_eq!(request.uri().query(), None);
    let content_types: Vec<_> = request.headers().get_all("content-type").iter().collect();
    assert_eq!(content_types, ["application/json"]);
    assert_eq!(body_json(&request), full_json());
}

#[test]
fn full_request_body_lists_members_in_model_order() {
    let (client, mock) = client();
    mock.push_json(200, &[], "{}");
    send(&client, full_input()).unwrap();
    let request = mock.last_request().unwrap();
    let body = std::str::from_utf8(request.body()).expect("the body is UTF-8");

    assert_key_order(body, &REQUEST_MEMBERS);
    assert_key_order(body, &["s3BucketName", "s3KeyPrefix"]);
    assert_key_order(body, &["httpTokens", "httpPutResponseHopLimit"]);
}

#[test]
fn minimal_request_sends_only_the_required_members() {
    let body = sent_body(minimal_input());
    assert_eq!(
        body,
        json!({
            "infrastructureConfigurationArn": ARN,
            "instanceProfileName": PROFILE,
            "clientToken": TOKEN
        })
    );
}

#[test]
fn empty_nested_structures_are_sent_as_empty_objects() {
    let input = minimal_builder()
        .client_token(TOKEN)
        .logging(
            Logging::builder()
                .s3_logs(S3Logs::builder().build())
                .build(),
        )
        .instance_metadata_options(InstanceMetadataOptions::builder().build())
        .build()
        .unwrap();
    let body = sent_body(input);
    assert_eq!(body["logging"], json!({ "s3Logs": {} }));
    assert_eq!(body["instanceMetadataOptions"], json!({}));
}

#[test]
fn region_gives_the_classic_endpoint() {
    let (client, mock) = client_with(Config::new().with_region("us-east-1"));
    mock.push_json(200, &[], "{}");
    send(&client, minimal_input()).unwrap();
    assert_eq!(
        mock.last_request().unwrap().uri().to_string(),
        "https://imagebuilder.us-east-1.amazonaws.com/UpdateInfrastructureConfiguration"
    );
}

#[test]
fn endpoint_url_overrides_the_region_and_keeps_its_base_path() {
    let config = Config::new()
        .with_region("eu-west-1")
        .with_endpoint_url("http://127.0.0.1:9000/proxy/");
    let (client, mock) = client_with(config);
    mock.push_json(200, &[], "{}");
    send(&client, minimal_input()).unwrap();
    assert_eq!(
        mock.last_request().unwrap().uri().to_string(),
        "http://127.0.0.1:9000/proxy/UpdateInfrastructureConfiguration"
    );
}

// ------------------------------------------------------- idempotency token

#[test]
fn client_token_is_generated_when_not_given() {
    let first = sent_body(minimal_builder().build().unwrap());
    let second = sent_body(minimal_builder().build().unwrap());
    let first = first["clientToken"].as_str().expect("clientToken is sent");
    let second = second["clientToken"].as_str().expect("clientToken is sent");
    assert_v4_uuid(first);
    assert_v4_uuid(second);
    assert_ne!(first, second, "every request gets its own token");
}

#[test]
fn explicit_client_token_is_kept() {
    let body = sent_body(
        minimal_builder()
            .client_token("my-token-1")
            .build()
            .unwrap(),
    );
    assert_eq!(body["clientToken"], "my-token-1");
}

#[test]
fn deserializing_an_input_without_client_token_fills_one_in() {
    let without_token = json!({
        "infrastructureConfigurationArn": ARN,
        "instanceProfileName": PROFILE
    });
    let first: UpdateInfrastructureConfigurationRequest =
        serde_json::from_value(without_token.clone()).unwrap();
    let second: UpdateInfrastructureConfigurationRequest =
        serde_json::from_value(without_token).unwrap();
    assert_v4_uuid(&first.client_token);
    assert_v4_uuid(&second.client_token);
    assert_ne!(first.client_token, second.client_token);
    assert_eq!(first.infrastructure_configuration_arn, ARN);
    assert_eq!(first.instance_profile_name, PROFILE);

    let with_token: UpdateInfrastructureConfigurationRequest = serde_json::from_value(json!({
        "infrastructureConfigurationArn": ARN,
        "instanceProfileName": PROFILE,
        "clientToken": "given"
    }))
    .unwrap();
    assert_eq!(with_token.client_token, "given");
}

// -------------------------------------------------------------- responses

#[test]
fn success_response_fills_every_output_member() {
    let (client, mock) = client();
    mock.push_json(
        200,
        &[("x-amzn-requestid", "hdr-req-1")],
        &json!({
            "requestId": "body-req-1",
            "clientToken": TOKEN,
            "infrastructureConfigurationArn": ARN
        })
        .to_string(),
    );
    let output = send(&client, minimal_input()).unwrap();
    assert_eq!(
        output,
        UpdateInfrastructureConfigurationResponse {
            request_id: Some("body-req-1".to_owned()),
            client_token: Some(TOKEN.to_owned()),
            infrastructure_configuration_arn: Some(ARN.to_owned()),
        }
    );
}

#[test]
fn unknown_response_members_are_ignored() {
    let (client, mock) = client();
    mock.push_json(
        200,
        &[],
        &json!({
            "requestId": "r-2",
            "placement": { "availabilityZone": "us-east-1a" },
            "somethingNew": [1, 2, 3],
            "infrastructureConfigurationArn": ARN
        })
        .to_string(),
    );
    let output = send(&client, minimal_input()).unwrap();
    assert_eq!(output.request_id.as_deref(), Some("r-2"));
    assert_eq!(output.client_token, None);
    assert_eq!(
        output.infrastructure_configuration_arn.as_deref(),
        Some(ARN)
    );
}

#[test]
fn empty_object_and_empty_body_give_an_empty_output() {
    for body in ["{}", ""] {
        let (client, mock) = client();
        mock.push_json(200, &[], body);
        let output = send(&client, minimal_input()).unwrap();
        assert_eq!(output.request_id, None, "body {body:?}");
        assert_eq!(output.client_token, None, "body {body:?}");
        assert_eq!(
            output.infrastructure_configuration_arn, None,
            "body {body:?}"
        );
    }
}

// ----------------------------------------------------------------- errors

#[test]
fn every_modeled_error_is_recognized_in_all_three_restjson1_forms() {
    for (index, (name, status)) in ERRORS.into_iter().enumerate() {
        let message = format!("{name} happened (case {index})");
        // Half the header cases carry the `:http://internal...` suffix
        // services add; both spellings must resolve to the same error.
        let header_code = if index % 2 == 0 {
            format!("{name}:http://internal.amazon.com/coral/com.amazon.coral.service/")
        } else {
            name.to_owned()
        };
        let forms = [
            ("header", Some(header_code), json!({ "message": message })),
            ("code", None, json!({ "code": name, "message": message })),
            (
                "__type",
                None,
                json!({
                    "__type": format!("com.amazonaws.imagebuilder#{name}"),
                    "message": message
                }),
            ),
        ];
        for (form, header, body) in forms {
            let request_id = format!("req-{index}-{form}");
            let mut headers = vec![("x-amzn-requestid", request_id.as_str())];
            if let Some(header) = &header {
                headers.push(("X-Amzn-Errortype", header.as_str()));
            }
            let case = format!("{name} as {form}");
            let error = service_error(status, &headers, &body.to_string());

            assert_eq!(variant(&error), (name, Some(message.as_str())), "{case}");
            assert_eq!(error.code(), Some(name), "{case}");
            assert_eq!(error.message(), Some(message.as_str()), "{case}");
            assert_eq!(error.status(), status, "{case}");
            assert_eq!(error.request_id(), Some(request_id.as_str()), "{case}");
            assert_eq!(error.to_string(), format!("{name}: {message}"), "{case}");
            assert_eq!(
                SdkError::service(error).to_string(),
                format!("service error: {name}: {message}"),
                "{case}"
            );
        }
    }
}

#[test]
fn header_code_wins_over_body_code_and_type() {
    let error = service_error(
        403,
        &[("X-Amzn-Errortype", "ForbiddenException")],
        r#"{"code":"ClientException","__type":"com.amazonaws.imagebuilder#InvalidRequestException","message":"no"}"#,
    );
    assert_eq!(variant(&error), ("ForbiddenException", Some("no")));
    assert_eq!(error.code(), Some("ForbiddenException"));
}

#[test]
fn body_code_wins_over_type() {
    let error = service_error(
        400,
        &[],
        r#"{"__type":"com.amazonaws.imagebuilder#InvalidRequestException","code":"ResourceInUseException","message":"busy"}"#,
    );
    assert_eq!(variant(&error), ("ResourceInUseException", Some("busy")));
    assert_eq!(error.code(), Some("ResourceInUseException"));
}

#[test]
fn modeled_error_with_an_empty_body_has_no_message() {
    let error = service_error(
        503,
        &[
            ("X-Amzn-Errortype", "ServiceUnavailableException"),
            ("x-amzn-requestid", "req-empty"),
        ],
        "",
    );
    assert_eq!(variant(&error), ("ServiceUnavailableException", None));
    assert_eq!(error.message(), None);
    assert_eq!(error.status(), 503);
    assert_eq!(error.request_id(), Some("req-empty"));
    assert_eq!(error.to_string(), "ServiceUnavailableException");
}

#[test]
fn unknown_error_code_is_unhandled_with_everything_kept() {
    let body = r#"{"message":"Rate exceeded","retryAfter":3}"#;
    let error = service_error(
        400,
        &[
            (
                "X-Amzn-Errortype",
                "ThrottlingException:http://internal.amazon.com/coral/",
            ),
            ("x-amzn-requestid", "req-unknown"),
        ],
        body,
    );
    let OperationError::Unhandled(unhandled) = &error else {
        panic!("expected Unhandled, got {error:?}");
    };
    assert_eq!(unhandled.body(), body.as_bytes());
    assert_eq!(unhandled.code(), Some("ThrottlingException"));
    assert_eq!(error.code(), Some("ThrottlingException"));
    assert_eq!(error.message(), Some("Rate exceeded"));
    assert_eq!(error.status(), 400);
    assert_eq!(error.request_id(), Some("req-unknown"));
    assert_eq!(error.to_string(), "ThrottlingException: Rate exceeded");
}

#[test]
fn error_without_any_code_is_unhandled() {
    let body = "<html><body>502 Bad Gateway</body></html>";
    let error = service_error(502, &[("content-type", "text/html")], body);
    let OperationError::Unhandled(unhandled) = &error else {
        panic!("expected Unhandled, got {error:?}");
    };
    assert_eq!(unhandled.body(), body.as_bytes());
    assert_eq!(error.code(), None);
    assert_eq!(error.message(), None);
    assert_eq!(error.status(), 502);
    assert_eq!(error.request_id(), None);
    assert_eq!(error.to_string(), "Unknown");
}

// ------------------------------------------------------------- validation

#[test]
fn missing_required_members_are_named_by_the_builder() {
    let (_client, mock) = client();
    let error = UpdateInfrastructureConfigurationRequest::builder()
        .instance_profile_name(PROFILE)
        .build()
        .unwrap_err();
    assert_eq!(error.path(), "infrastructureConfigurationArn");
    assert_eq!(error.message(), "required member is missing");
    assert_eq!(
        error.to_string(),
        "infrastructureConfigurationArn: required member is missing"
    );

    let error = UpdateInfrastructureConfigurationRequest::builder()
        .infrastructure_configuration_arn(ARN)
        .build()
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "instanceProfileName: required member is missing"
    );
    assert_eq!(mock.request_count(), 0);
}

#[test]
fn tag_key_longer_than_128_is_rejected() {
    let key = "k".repeat(129);
    let input = full_builder()
        .resource_tags(tags(&[(key.as_str(), "v")]))
        .build()
        .unwrap();
    assert_validation(
        input,
        &format!("resourceTags[\"{key}\"]"),
        "length 129 exceeds 128",
    );
}

#[test]
fn tag_value_longer_than_256_is_rejected() {
    let value = "v".repeat(257);
    let input = full_builder()
        .resource_tags(tags(&[("Team", value.as_str())]))
        .build()
        .unwrap();
    assert_validation(input, "resourceTags[\"Team\"]", "length 257 exceeds 256");
}

#[test]
fn empty_description_is_rejected() {
    let input = full_builder().description("").build().unwrap();
    assert_validation(input, "description", "length 0 is below 1");
}

#[test]
fn resource_tags_map_must_hold_1_to_30_entries() {
    let keys: Vec<String> = (0..31).map(|i| format!("Tag{i:02}")).collect();
    let many: Vec<(&str, &str)> = keys.iter().map(|key| (key.as_str(), "v")).collect();
    let input = full_builder().resource_tags(tags(&many)).build().unwrap();
    assert_validation(input, "resourceTags", "length 31 exceeds 30");

    let input = full_builder()
        .resource_tags(HashMap::new())
        .build()
        .unwrap();
    assert_validation(input, "resourceTags", "length 0 is below 1");
}

#[test]
fn reserved_aws_tag_key_is_rejected_by_the_lookahead() {
    let input = full_builder()
        .resource_tags(tags(&[("aws:reserved", "v")]))
        .build()
        .unwrap();
    assert_validation(
        input,
        "resourceTags[\"aws:reserved\"]",
        "value does not match pattern ^(?!aws:)[a-zA-Z+-=._:/]+$",
    );
}

#[test]
fn malformed_infrastructure_configuration_arn_is_rejected() {
    for arn in [
        "not-an-arn",
        // An image pipeline, not an infrastructure configuration.
        "arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/web-tier",
        // An 11-digit account.
        "arn:aws:imagebuilder:us-east-1:12345678901:infrastructure-configuration/web-tier",
    ] {
        let input = full_builder()
            .infrastructure_configuration_arn(arn)
            .build()
            .unwrap();
        assert_validation(
            input,
            "infrastructureConfigurationArn",
            "value does not match pattern ^arn:aws[^:]*:imagebuilder:[^:]+:(?:[0-9]{12}|aws):infrastructure-configuration/[a-z0-9-_]+$",
        );
    }
}

#[test]
fn hop_limit_must_be_between_1_and_64() {
    for (limit, message) in [(65, "value 65 exceeds 64"), (0, "value 0 is below 1")] {
        let input = full_builder()
            .instance_metadata_options(
                InstanceMetadataOptions::builder()
                    .http_put_response_hop_limit(limit)
                    .build(),
            )
            .build()
            .unwrap();
        assert_validation(
            input,
            "instanceMetadataOptions.httpPutResponseHopLimit",
            message,
        );
    }
}

#[test]
fn nested_s3_bucket_name_is_checked_with_its_full_path() {
    let input = full_builder()
        .logging(
            Logging::builder()
                .s3_logs(S3Logs::builder().s3_bucket_name("").build())
                .build(),
        )
        .build()
        .unwrap();
    assert_validation(input, "logging.s3Logs.s3BucketName", "length 0 is below 1");
}

#[test]
fn other_member_constraints_are_checked() {
    let cases = [
        (
            full_builder().instance_profile_name("has space").build(),
            "instanceProfileName",
            r"value does not match pattern ^[\w+=,.@-]+$",
        ),
        (
            full_builder().instance_profile_name("").build(),
            "instanceProfileName",
            "length 0 is below 1",
        ),
        (
            full_builder()
                .security_group_ids(vec!["sg-1".to_owned(), String::new()])
                .build(),
            "securityGroupIds[1]",
            "length 0 is below 1",
        ),
        (
            full_builder()
                .sns_topic_arn("arn:aws:sqs:us-east-1:123456789012:q")
                .build(),
            "snsTopicArn",
            "value does not match pattern ^arn:aws[^:]*:sns:[^:]+:[0-9]{12}:[a-zA-Z0-9-_]{1,256}$",
        ),
        (
            full_builder().client_token("x".repeat(37)).build(),
            "clientToken",
            "length 37 exceeds 36",
        ),
        (
            full_builder().client_token("").build(),
            "clientToken",
            "length 0 is below 1",
        ),
    ];
    for (input, path, message) in cases {
        assert_validation(input.unwrap(), path, message);
    }
}

#[test]
fn values_at_the_edges_of_the_constraints_are_sent() {
    let long_key = "k".repeat(128);
    let mut edge_tags = tags(&[
        (long_key.as_str(), ""),
        // Only the prefix `aws:` is reserved.
        ("aws-team", "platform"),
    ]);
    edge_tags.extend((0..28).map(|i| (format!("Tag{i:02}"), "v".repeat(256))));
    assert_eq!(edge_tags.len(), 30);

    for limit in [1, 64] {
        let input = full_builder()
            .description("d")
            .resource_tags(edge_tags.clone())
            .instance_metadata_options(
                InstanceMetadataOptions::builder()
                    .http_put_response_hop_limit(limit)
                    .build(),
            )
            .build()
            .unwrap();
        let body = sent_body(input);
        assert_eq!(
            body["instanceMetadataOptions"]["httpPutResponseHopLimit"],
            limit
        );
        assert_eq!(body["resourceTags"].as_object().unwrap().len(), 30);
        assert_eq!(body["resourceTags"][long_key.as_str()], "");
    }
}

// -------------------------------------------- other failures of the call

#[test]
fn invalid_json_in_a_success_response_is_a_response_error() {
    let (client, mock) = client();
    mock.push_json(200, &[("x-amzn-requestid", "req-bad")], r#"{"requestId": "#);
    let outcome = send(&client, minimal_input());
    let Err(SdkError::Response(error)) = outcome else {
        panic!("expected a response error, got {outcome:?}");
    };
    assert_eq!(error.status(), 200);
    assert_eq!(error.request_id(), Some("req-bad"));
    assert!(
        error.message().starts_with("invalid JSON body"),
        "{}",
        error.message()
    );
}

#[test]
fn wrongly_typed_output_member_is_a_response_error() {
    let (client, mock) = client();
    mock.push_json(200, &[], r#"{"requestId": 42}"#);
    let outcome = send(&client, minimal_input());
    let Err(SdkError::Response(error)) = outcome else {
        panic!("expected a response error, got {outcome:?}");
    };
    assert!(error.message().starts_with("invalid JSON body"), "{error}");
}

#[test]
fn transport_failure_is_a_transport_error() {
    let (client, mock) = client();
    mock.push_error(TransportError::new(
        TransportErrorKind::Timeout,
        "after 30s",
    ));
    let outcome = send(&client, minimal_input());
    let Err(SdkError::Transport(error)) = outcome else {
        panic!("expected a transport error, got {outcome:?}");
    };
    assert_eq!(error.kind(), TransportErrorKind::Timeout);
    assert_eq!(error.message(), "after 30s");
    assert_eq!(mock.request_count(), 1);
}

#[test]
fn no_region_and_no_endpoint_is_a_request_error_and_nothing_is_sent() {
    let (client, mock) = client_with(Config::new());
    mock.push_json(200, &[], "{}");
    let outcome = send(&client, minimal_input());
    let Err(SdkError::Request(error)) = outcome else {
        panic!("expected a request error, got {outcome:?}");
    };
    assert_eq!(error.message(), "no region and no endpoint URL configured");
    assert_eq!(mock.request_count(), 0);
}

// ------------------------------------------------------------------ serde

#[test]
fn seed_request_syntax_round_trips_through_serde() {
    // The seed page's request syntax, every member with its model name.
    let seed = json!({
        "infrastructureConfigurationArn": ARN,
        "description": "string",
        "instanceTypes": ["string"],
        "instanceProfileName": "string",
        "securityGroupIds": ["string"],
        "subnetId": "string",
        "logging": {
            "s3Logs": {
                "s3BucketName": "string",
                "s3KeyPrefix": "string"
            }
        },
        "keyPair": "string",
        "terminateInstanceOnFailure": true,
        "snsTopicArn": "string",
        "clientToken": "string",
        "resourceTags": { "string": "string" },
        "instanceMetadataOptions": {
            "httpTokens": "string",
            "httpPutResponseHopLimit": 123
        }
    });
    let input: UpdateInfrastructureConfigurationRequest =
        serde_json::from_value(seed.clone()).unwrap();
    assert_eq!(input.instance_profile_name, "string");
    assert_eq!(input.terminate_instance_on_failure, Some(true));
    assert_eq!(
        input
            .instance_metadata_options
            .as_ref()
            .and_then(|options| options.http_put_response_hop_limit),
        Some(123)
    );
    assert_eq!(serde_json::to_value(&input).unwrap(), seed);

    // And the JSON of the full request reads back as the same value.
    let full: UpdateInfrastructureConfigurationRequest =
        serde_json::from_value(full_json()).unwrap();
    assert_eq!(full, full_input());
}

#[test]
fn output_serializes_with_model_names_and_skips_unset_members() {
    let output = UpdateInfrastructureConfigurationResponse {
        request_id: Some("r-1".to_owned()),
        client_token: Some(TOKEN.to_owned()),
        infrastructure_configuration_arn: Some(ARN.to_owned()),
    };
    assert_eq!(
        serde_json::to_value(&output).unwrap(),
        json!({
            "requestId": "r-1",
            "clientToken": TOKEN,
            "infrastructureConfigurationArn": ARN
        })
    );
    assert_eq!(
        serde_json::to_value(UpdateInfrastructureConfigurationResponse::default()).unwrap(),
        json!({})
    );
}
