//! What a `tracing` subscriber sees of a call (issue 14, "Observability"):
//! the generated STS client through `MockTransport`, a 503 that is retried
//! and then a 200, recorded by the tests' own subscriber
//! (`support/trace.rs`). The spans must carry the service, the operation,
//! each attempt with its status and request id, and the retry's reason and
//! backoff; and nothing recorded may contain the secret key, the session
//! token, a `@sensitive` input member (`WebIdentityToken`) or the secret
//! in the response.

#[path = "support/trace.rs"]
mod trace;

use std::time::Duration;

use smithy_runtime::intercept::{BoxError, Context, Intercept};
use smithy_runtime::sigv4::Credentials;
use smithy_runtime::{Config, HttpRequest, MockTransport, RetryConfig};
use sts::Client;
use sts::types::AssumeRoleWithWebIdentityRequest;
use trace::Collector;

const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYTRACESECRET";
const SESSION_TOKEN: &str = "IQoJb3JpZ2luX2VjTRACESESSIONTOKEN";
const WEB_IDENTITY_TOKEN: &str = "eyJhbGciOiJSUzI1NiJ9.SENSITIVE-OIDC-TOKEN.sig";
const RESPONSE_SECRET: &str = "RESPONSESECRETwJalrXUtnFEMI/K7MDENG";
const ROLE_ARN: &str = "arn:aws:iam::123456789012:role/web";

fn input() -> AssumeRoleWithWebIdentityRequest {
    AssumeRoleWithWebIdentityRequest::builder()
        .role_arn(ROLE_ARN)
        .role_session_name("web-session")
        .web_identity_token(WEB_IDENTITY_TOKEN)
        .build()
        .expect("the input is complete")
}

/// A 503 with an awsQuery error body, then the 200, each with its own
/// request id.
fn script(mock: &MockTransport) {
    mock.push_json(
        503,
        &[
            ("content-type", "text/xml"),
            ("x-amzn-requestid", "rid-first-503"),
        ],
        r#"<ErrorResponse><Error><Type>Receiver</Type><Code>ServiceUnavailable</Code><Message>try again</Message></Error><RequestId>rid-first-503</RequestId></ErrorResponse>"#,
    );
    mock.push_json(
        200,
        &[
            ("content-type", "text/xml"),
            ("x-amzn-requestid", "rid-second-200"),
        ],
        &format!(
            r#"<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleWithWebIdentityResult>
    <Credentials>
      <AccessKeyId>ASIATRACEEXAMPLE</AccessKeyId>
      <SecretAccessKey>{RESPONSE_SECRET}</SecretAccessKey>
      <SessionToken>RESPONSETOKEN</SessionToken>
      <Expiration>2026-12-03T10:15:30Z</Expiration>
    </Credentials>
  </AssumeRoleWithWebIdentityResult>
  <ResponseMetadata><RequestId>rid-second-200</RequestId></ResponseMetadata>
</AssumeRoleWithWebIdentityResponse>"#
        ),
    );
}

/// Traces from inside a hook: its event belongs to the attempt's span.
#[derive(Debug)]
struct Noisy;

impl Intercept for Noisy {
    fn name(&self) -> &'static str {
        "noisy"
    }

    fn modify_before_signing(
        &self,
        context: &Context<'_>,
        _request: &mut HttpRequest,
    ) -> Result<(), BoxError> {
        tracing::info!(attempt = context.attempt(), "interceptor ran");
        Ok(())
    }
}

fn client(mock: &MockTransport) -> Client<MockTransport> {
    let config = Config::new()
        .with_region("us-east-1")
        .with_endpoint_url("https://sts.example.com/base?token=QUERYSECRET")
        .with_credentials(
            Credentials::from_keys("AKIDTRACE", SECRET_KEY).with_session_token(SESSION_TOKEN),
        )
        .with_retry(
            RetryConfig::standard()
                .with_max_attempts(3)
                .with_initial_backoff(Duration::from_millis(2)),
        )
        .with_interceptor(Noisy);
    Client::new(config, mock.clone())
}

#[test]
fn a_retried_call_is_traced_without_secrets() {
    let mock = MockTransport::new();
    script(&mock);
    let client = client(&mock);
    let collector = Collector::new();
    let output = tracing::subscriber::with_default(collector.clone(), || {
        pollster::block_on(client.assume_role_with_web_identity(input()))
    })
    .expect("the second attempt succeeds");
    assert_eq!(
        output
            .credentials
            .expect("credentials")
            .access_key_id
            .as_deref(),
        Some("ASIATRACEEXAMPLE")
    );
    let sent = mock.requests();
    assert_eq!(sent.len(), 2, "one retry");
    assert!(
        sent.iter()
            .all(|r| r.headers().contains_key("authorization")),
        "both attempts are signed"
    );

    let operations = collector.spans_named("operation");
    assert_eq!(operations.len(), 1, "{operations:#?}");
    let operation = &operations[0];
    assert_eq!(operation.target, "smithy_runtime::invoke");
    assert_eq!(operation.field("service"), Some("STS"));
    assert_eq!(
        operation.field("operation"),
        Some("AssumeRoleWithWebIdentity")
    );

    let attempts = collector.spans_named("attempt");
    assert_eq!(attempts.len(), 2, "{attempts:#?}");
    for attempt in &attempts {
        assert_eq!(attempt.parent, Some(operation.id), "{attempt:?}");
    }
    let (first, second) = (&attempts[0], &attempts[1]);
    assert_eq!(first.field("attempt"), Some("1"));
    assert_eq!(first.field("status"), Some("503"));
    assert_eq!(first.field("request_id"), Some("rid-first-503"));
    assert_eq!(first.field("retry_reason"), Some("transient error"));
    let backoff: u64 = first
        .field("backoff_ms")
        .expect("the backoff is recorded")
        .parse()
        .expect("a number of milliseconds");
    assert!(
        backoff <= 2,
        "full jitter under the 2 ms initial backoff: {backoff}"
    );
    assert_eq!(second.field("attempt"), Some("2"));
    assert_eq!(second.field("status"), Some("200"));
    assert_eq!(second.field("request_id"), Some("rid-second-200"));
    assert_eq!(second.field("retry_reason"), None, "not retried");
    assert_eq!(second.field("backoff_ms"), None);

    let events = collector.events();
    let endpoint = events
        .iter()
        .find(|e| e.field("message") == Some("endpoint resolved"))
        .expect("an endpoint event");
    assert_eq!(endpoint.span, Some(operation.id));
    // The configured URL's query never reaches the trace.
    assert_eq!(
        endpoint.field("endpoint"),
        Some("https://sts.example.com/base")
    );

    let hooks: Vec<_> = events
        .iter()
        .filter(|e| e.field("message") == Some("interceptor ran"))
        .map(|e| e.span)
        .collect();
    assert_eq!(hooks, vec![Some(first.id), Some(second.id)]);

    let text = collector.text();
    assert!(
        text.contains("AssumeRoleWithWebIdentity"),
        "the text is searched: {text}"
    );
    for secret in [
        SECRET_KEY,
        SESSION_TOKEN,
        WEB_IDENTITY_TOKEN,
        RESPONSE_SECRET,
        "QUERYSECRET",
        "RESPONSETOKEN",
    ] {
        assert!(!text.contains(secret), "{secret} is in the trace: {text}");
    }
    // Nor a piece of the signature's material.
    let authorization = sent[1].headers()["authorization"].to_str().unwrap();
    let signature = authorization.rsplit("Signature=").next().unwrap();
    assert!(!text.contains(signature), "the signature is in the trace");
}

#[test]
fn a_subscriber_that_wants_nothing_of_the_runtime_records_nothing_of_it() {
    let mock = MockTransport::new();
    script(&mock);
    let client = client(&mock);
    let collector = Collector::disabled_for("smithy_runtime");
    tracing::subscriber::with_default(collector.clone(), || {
        pollster::block_on(client.assume_role_with_web_identity(input()))
    })
    .expect("the call succeeds");
    assert!(collector.spans().is_empty(), "{:#?}", collector.spans());
    // Only the interceptor's own events (this test's target), outside any
    // span, one per attempt.
    let events = collector.events();
    assert_eq!(events.len(), 2, "{events:#?}");
    for event in &events {
        assert_eq!(event.target, "observe");
        assert_eq!(event.span, None);
    }
}
