//! The generated STS client (`generated/sts`, awsQuery) driven through
//! `MockTransport`, and once over loopback HTTP with its signature
//! recomputed by the tests' own SigV4 verifier.
//!
//! Expected bodies and responses are written from the STS model and the
//! awsQuery protocol (form keys `Name.member.N.Field`, `Action` and
//! `Version`, results under `<{Op}Response><{Op}Result>`, errors under
//! `<ErrorResponse><Error>` with the `@awsQueryError` code), never from the
//! client's own output.

mod support;

use std::time::Duration;

use smithy_runtime::https::HttpsTransport;
use smithy_runtime::sigv4::Credentials;
use smithy_runtime::{
    Config, DateTime, MockTransport, ProvideErrorMetadata, RetryConfig, SdkError,
};
use sts::Client;
use sts::error::{AssumeRoleError, GetCallerIdentityError};
use sts::types::{AssumeRoleRequest, GetCallerIdentityRequest, PolicyDescriptorType, Tag};
use support::{ACCESS_KEY_ID, Reply, SECRET_ACCESS_KEY, Server, Signer, verify_sigv4};

const ENDPOINT: &str = "http://localhost:8080";
const ROLE_ARN: &str = "arn:aws:iam::123456789012:role/deploy";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY";

fn client_with(config: Config) -> (Client<MockTransport>, MockTransport) {
    let mock = MockTransport::new();
    (Client::new(config, mock.clone()), mock)
}

/// One attempt per call, to the fixed endpoint.
fn client() -> (Client<MockTransport>, MockTransport) {
    client_with(
        Config::new()
            .with_endpoint_url(ENDPOINT)
            .with_retry(RetryConfig::disabled()),
    )
}

fn xml(mock: &MockTransport, status: u16, body: &str) {
    mock.push_json(status, &[("content-type", "text/xml")], body);
}

/// The pairs of a form body, sorted (their order carries no meaning).
fn form(body: &[u8]) -> Vec<String> {
    let text = std::str::from_utf8(body).expect("the body is UTF-8");
    let mut pairs: Vec<String> = text.split('&').map(str::to_owned).collect();
    pairs.sort();
    pairs
}

fn sorted(pairs: &[&str]) -> Vec<String> {
    let mut pairs: Vec<String> = pairs.iter().map(|p| (*p).to_owned()).collect();
    pairs.sort();
    pairs
}

/// The service error of a failed call.
fn service_error<T: std::fmt::Debug, E: std::fmt::Debug>(result: Result<T, SdkError<E>>) -> E {
    match result {
        Err(SdkError::Service(error)) => *error,
        other => panic!("expected a service error, got {other:?}"),
    }
}

fn assume_role_input() -> AssumeRoleRequest {
    AssumeRoleRequest::builder()
        .role_arn(ROLE_ARN)
        .role_session_name("ci-run@42")
        .duration_seconds(3600)
        .policy_arns(vec![
            PolicyDescriptorType::builder()
                .arn("arn:aws:iam::aws:policy/ReadOnlyAccess")
                .build(),
        ])
        .tags(vec![
            Tag::builder()
                .key("team")
                .value("platform")
                .build()
                .unwrap(),
            Tag::builder().key("stage").value("prod").build().unwrap(),
        ])
        .transitive_tag_keys(vec!["team".to_owned()])
        .build()
        .unwrap()
}

const ASSUME_ROLE_RESPONSE: &str = r#"<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <SourceIdentity>alice</SourceIdentity>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::123456789012:assumed-role/deploy/ci-run@42</Arn>
      <AssumedRoleId>AROA3XFRBF535PLBIFPI4:ci-run@42</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>ASIAIOSFODNN7EXAMPLE</AccessKeyId>
      <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>
      <SessionToken>AQoDYXdzEPT//////////wEXAMPLEtc764</SessionToken>
      <Expiration>2026-12-03T10:15:30Z</Expiration>
    </Credentials>
    <PackedPolicySize>6</PackedPolicySize>
  </AssumeRoleResult>
  <ResponseMetadata>
    <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
  </ResponseMetadata>
</AssumeRoleResponse>"#;

#[test]
fn get_caller_identity_posts_action_and_version_and_reads_the_result() {
    let (client, mock) = client();
    xml(
        &mock,
        200,
        r#"<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
    <Arn>arn:aws:iam::123456789012:user/alice</Arn>
    <UserId>AIDACKCEVSQ6C2EXAMPLE</UserId>
    <Account>123456789012</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata>
</GetCallerIdentityResponse>"#,
    );
    let output = pollster::block_on(client.get_caller_identity(GetCallerIdentityRequest {}))
        .expect("the call succeeds");
    assert_eq!(output.account.as_deref(), Some("123456789012"));
    assert_eq!(
        output.arn.as_deref(),
        Some("arn:aws:iam::123456789012:user/alice")
    );
    assert_eq!(output.user_id.as_deref(), Some("AIDACKCEVSQ6C2EXAMPLE"));

    let request = mock.last_request().expect("a request was sent");
    assert_eq!(request.method(), "POST");
    assert_eq!(request.uri(), "http://localhost:8080/");
    assert_eq!(
        request.headers()["content-type"],
        "application/x-www-form-urlencoded"
    );
    assert_eq!(
        request.body().as_slice(),
        b"Action=GetCallerIdentity&Version=2011-06-15"
    );
}

#[test]
fn assume_role_sends_lists_and_structures_as_query_keys() {
    let (client, mock) = client();
    xml(&mock, 200, ASSUME_ROLE_RESPONSE);
    pollster::block_on(client.assume_role(assume_role_input())).expect("the call succeeds");
    let request = mock.last_request().expect("a request was sent");
    // Reserved characters (`:`, `/`, `@`) are percent-encoded; list members are `member.N`,
    // starting at 1; structure members are dotted.
    assert_eq!(
        form(request.body()),
        sorted(&[
            "Action=AssumeRole",
            "Version=2011-06-15",
            "RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdeploy",
            "RoleSessionName=ci-run%4042",
            "DurationSeconds=3600",
            "PolicyArns.member.1.arn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FReadOnlyAccess",
            "Tags.member.1.Key=team",
            "Tags.member.1.Value=platform",
            "Tags.member.2.Key=stage",
            "Tags.member.2.Value=prod",
            "TransitiveTagKeys.member.1=team",
        ])
    );
}

#[test]
fn assume_role_reads_nested_results_timestamps_and_redacts_the_secret() {
    let (client, mock) = client();
    xml(&mock, 200, ASSUME_ROLE_RESPONSE);
    let output =
        pollster::block_on(client.assume_role(assume_role_input())).expect("the call succeeds");
    let credentials = output.credentials.as_ref().expect("credentials are read");
    assert_eq!(
        credentials.access_key_id.as_deref(),
        Some("ASIAIOSFODNN7EXAMPLE")
    );
    assert_eq!(credentials.secret_access_key.as_deref(), Some(SECRET));
    // The query protocols' default timestamp format is date-time.
    assert_eq!(
        credentials.expiration,
        Some(DateTime::from_secs(1_796_292_930))
    );
    let user = output.assumed_role_user.as_ref().expect("the user is read");
    assert_eq!(
        user.assumed_role_id.as_deref(),
        Some("AROA3XFRBF535PLBIFPI4:ci-run@42")
    );
    assert_eq!(output.packed_policy_size, Some(6));
    assert_eq!(output.source_identity.as_deref(), Some("alice"));
    // `SecretAccessKey` targets a `@sensitive` shape.
    let shown = format!("{output:?}");
    assert!(!shown.contains(SECRET), "{shown}");
    assert!(shown.contains("ASIAIOSFODNN7EXAMPLE"), "{shown}");
}

/// Client error correction (Smithy's aggregate-types specification): a
/// required member of an output structure that the XML leaves out reads as
/// its zero value (the empty string, the epoch), and an optional one stays
/// unset; the corrected values are not invented on the way out (the
/// output's serde writes what it holds).
#[test]
fn required_members_the_result_leaves_out_read_as_their_zero_values() {
    let (client, mock) = client();
    let body = r#"<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <AssumedRoleUser>
      <AssumedRoleId>AROA3XFRBF535PLBIFPI4:ci-run@42</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>ASIAIOSFODNN7EXAMPLE</AccessKeyId>
    </Credentials>
  </AssumeRoleResult>
</AssumeRoleResponse>"#;
    xml(&mock, 200, body);
    let output =
        pollster::block_on(client.assume_role(assume_role_input())).expect("the call succeeds");
    let credentials = output.credentials.as_ref().expect("credentials are read");
    assert_eq!(
        credentials.access_key_id.as_deref(),
        Some("ASIAIOSFODNN7EXAMPLE")
    );
    assert_eq!(credentials.secret_access_key.as_deref(), Some(""));
    assert_eq!(credentials.session_token.as_deref(), Some(""));
    assert_eq!(credentials.expiration, Some(DateTime::from_secs(0)));
    let user = output.assumed_role_user.as_ref().expect("the user is read");
    assert_eq!(user.arn.as_deref(), Some(""));
    // Optional members stay unset, and so does an optional structure.
    assert_eq!(output.source_identity, None);
    assert_eq!(output.packed_policy_size, None);
    let json = smithy_runtime::serde_json::to_value(&output).expect("the output serializes");
    assert!(json.get("SourceIdentity").is_none(), "{json}");
}

#[test]
fn errors_are_matched_by_their_query_codes() {
    let (client, mock) = client();
    // `MalformedPolicyDocumentException` is sent as its `@awsQueryError`
    // code, `MalformedPolicyDocument`, with status 400.
    xml(
        &mock,
        400,
        r#"<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error>
    <Type>Sender</Type>
    <Code>MalformedPolicyDocument</Code>
    <Message>The policy is not valid JSON.</Message>
  </Error>
  <RequestId>3f0f4f0e-0000-4000-8000-000000000001</RequestId>
</ErrorResponse>"#,
    );
    let error = service_error(pollster::block_on(client.assume_role(assume_role_input())));
    let AssumeRoleError::MalformedPolicyDocumentException(modeled) = &error else {
        panic!("expected MalformedPolicyDocumentException, got {error:?}");
    };
    assert_eq!(modeled.code(), Some("MalformedPolicyDocument"));
    assert_eq!(modeled.message(), Some("The policy is not valid JSON."));
    assert_eq!(
        modeled.request_id(),
        Some("3f0f4f0e-0000-4000-8000-000000000001")
    );
    assert_eq!(modeled.status(), 400);

    // The shape's own name is not what the service sends: not matched.
    xml(
        &mock,
        400,
        "<ErrorResponse><Error><Code>MalformedPolicyDocumentException</Code></Error></ErrorResponse>",
    );
    let error = service_error(pollster::block_on(client.assume_role(assume_role_input())));
    assert!(
        matches!(&error, AssumeRoleError::Unhandled(u)
            if u.code() == Some("MalformedPolicyDocumentException")),
        "{error:?}"
    );

    // An error the operation does not name keeps its code.
    xml(
        &mock,
        403,
        "<ErrorResponse><Error><Code>AccessDenied</Code><Message>no</Message></Error></ErrorResponse>",
    );
    let error = service_error(pollster::block_on(
        client.get_caller_identity(GetCallerIdentityRequest {}),
    ));
    // The operation names no error: everything is `Unhandled`.
    let GetCallerIdentityError::Unhandled(unhandled) = &error;
    assert_eq!(unhandled.code(), Some("AccessDenied"));
    assert_eq!(unhandled.status(), 403);
}

#[test]
fn query_throttling_codes_are_retried() {
    let (client, mock) = client_with(
        Config::new().with_endpoint_url(ENDPOINT).with_retry(
            RetryConfig::standard()
                .with_max_attempts(3)
                .with_initial_backoff(Duration::from_millis(1))
                .with_max_backoff(Duration::from_millis(2)),
        ),
    );
    xml(
        &mock,
        400,
        "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>",
    );
    xml(
        &mock,
        200,
        "<GetCallerIdentityResponse><GetCallerIdentityResult><Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>",
    );
    let output = pollster::block_on(client.get_caller_identity(GetCallerIdentityRequest {}))
        .expect("the retry succeeds");
    assert_eq!(output.account.as_deref(), Some("123456789012"));
    assert_eq!(mock.request_count(), 2);

    // A client error that is not throttling is not retried.
    xml(
        &mock,
        400,
        "<ErrorResponse><Error><Code>ValidationError</Code></Error></ErrorResponse>",
    );
    let error =
        pollster::block_on(client.get_caller_identity(GetCallerIdentityRequest {})).unwrap_err();
    assert!(matches!(error, SdkError::Service(_)), "{error:?}");
    assert_eq!(mock.request_count(), 3);
}

#[test]
fn constraints_are_checked_before_anything_is_sent() {
    let (client, mock) = client();
    // `RoleSessionName` is at least 2 characters; `RoleArn` at least 20.
    let mut input = assume_role_input();
    input.role_session_name = "x".to_owned();
    let error = pollster::block_on(client.assume_role(input)).unwrap_err();
    let SdkError::Validation(validation) = &error else {
        panic!("expected a validation error, got {error:?}");
    };
    assert!(
        validation.to_string().contains("RoleSessionName"),
        "{validation}"
    );
    let mut input = assume_role_input();
    input.role_arn = "arn:short".to_owned();
    let error = pollster::block_on(client.assume_role(input)).unwrap_err();
    assert!(matches!(error, SdkError::Validation(_)), "{error:?}");
    assert_eq!(mock.request_count(), 0);
}

#[test]
fn endpoints_come_from_the_rule_set() {
    for (config, expected) in [
        (
            Config::new().with_region("eu-west-1"),
            "https://sts.eu-west-1.amazonaws.com/",
        ),
        (
            Config::new().with_region("us-east-2").with_use_fips(true),
            "https://sts-fips.us-east-2.amazonaws.com/",
        ),
        (
            Config::new().with_region("cn-north-1"),
            "https://sts.cn-north-1.amazonaws.com.cn/",
        ),
    ] {
        let (client, mock) = client_with(config.with_retry(RetryConfig::disabled()));
        xml(
            &mock,
            200,
            "<GetCallerIdentityResponse><GetCallerIdentityResult/></GetCallerIdentityResponse>",
        );
        pollster::block_on(client.get_caller_identity(GetCallerIdentityRequest {}))
            .expect("the call succeeds");
        let request = mock.last_request().expect("a request was sent");
        assert_eq!(request.uri(), expected);
    }
}

#[test]
fn serde_uses_the_model_member_names() {
    let input = assume_role_input();
    let json = serde_json::to_value(&input).unwrap();
    assert_eq!(json["RoleArn"], ROLE_ARN);
    assert_eq!(json["Tags"][1]["Key"], "stage");
    assert_eq!(
        json["PolicyArns"][0]["arn"],
        "arn:aws:iam::aws:policy/ReadOnlyAccess"
    );
    let back: AssumeRoleRequest = serde_json::from_value(json).unwrap();
    assert_eq!(back, input);
}

#[test]
fn a_signed_call_over_loopback_http() {
    let server = Server::start(vec![Reply::Respond {
        status: 200,
        headers: vec![("Content-Type".to_owned(), "text/xml".to_owned())],
        body: ASSUME_ROLE_RESPONSE.as_bytes().to_vec(),
    }]);
    let config = Config::new()
        .with_endpoint_url(server.url())
        .with_region("us-east-1")
        .with_credentials(Credentials::from_keys(ACCESS_KEY_ID, SECRET_ACCESS_KEY))
        .with_retry(RetryConfig::disabled());
    let transport = HttpsTransport::builder()
        .connect_timeout(Duration::from_secs(2))
        .read_timeout(Duration::from_secs(5))
        .build()
        .expect("the transport builds");
    let client = Client::new(config, transport);
    let output = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a Tokio runtime")
        .block_on(client.assume_role(assume_role_input()))
        .expect("the call succeeds");
    assert_eq!(output.packed_policy_size, Some(6));

    let requests = server.requests();
    let [request] = requests.as_slice() else {
        panic!("expected one request, got {requests:?}");
    };
    assert_eq!(request.method, "POST");
    assert_eq!(request.path, "/");
    assert_eq!(
        request.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert!(form(&request.body).contains(&"Action=AssumeRole".to_owned()));
    let signer = Signer {
        service: "sts",
        ..Signer::test_keys()
    };
    let signed = verify_sigv4(request, &signer).expect("the signature verifies");
    assert!(signed.contains(&"content-type".to_owned()), "{signed:?}");
}
