//! Interceptors registered on a `Config` (issue 14, "control"), through the
//! generated Image Builder client: a header added before signing is signed
//! (the signature recomputed by the tests' own SigV4 verifier over loopback
//! HTTP), one added after signing is sent but not signed, the input and
//! each response are read, interceptors run in registration order, clones
//! of a config share them, and an interceptor's error ends the call with
//! an error the caller can match.

mod support;

use std::error::Error;
use std::fmt;
use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use imagebuilder::Client;
use imagebuilder::error::UpdateInfrastructureConfigurationError as OperationError;
use imagebuilder::types::{
    UpdateInfrastructureConfigurationRequest, UpdateInfrastructureConfigurationResponse,
};
use serde_json::json;
use smithy_runtime::https::HttpsTransport;
use smithy_runtime::intercept::{BoxError, Context, Hook, Intercept};
use smithy_runtime::sigv4::Credentials;
use smithy_runtime::{Config, HttpRequest, HttpResponse, MockTransport, RetryConfig, SdkError};
use support::{ACCESS_KEY_ID, ARN, Reply, SECRET_ACCESS_KEY, Server, Signer, TOKEN, verify_sigv4};

type Outcome = Result<UpdateInfrastructureConfigurationResponse, SdkError<OperationError>>;

// ---------------------------------------------------------------- helpers

fn run<F: Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a Tokio runtime")
        .block_on(future)
}

fn config(url: &str) -> Config {
    Config::new()
        .with_endpoint_url(url)
        .with_region("us-east-1")
        .with_credentials(Credentials::from_keys(ACCESS_KEY_ID, SECRET_ACCESS_KEY))
        .with_retry(
            RetryConfig::standard()
                .with_initial_backoff(Duration::from_millis(2))
                .with_max_attempts(3),
        )
}

fn transport() -> HttpsTransport {
    HttpsTransport::builder()
        .connect_timeout(Duration::from_secs(2))
        .read_timeout(Duration::from_secs(5))
        .build()
        .expect("the transport builds")
}

fn input() -> UpdateInfrastructureConfigurationRequest {
    UpdateInfrastructureConfigurationRequest::builder()
        .infrastructure_configuration_arn(ARN)
        .instance_profile_name("ImageBuilderInstanceProfile")
        .client_token(TOKEN)
        .build()
        .unwrap()
}

fn success_body(request_id: &str) -> String {
    json!({"requestId": request_id, "clientToken": TOKEN, "infrastructureConfigurationArn": ARN})
        .to_string()
}

fn success(request_id: &str) -> Reply {
    Reply::json(
        200,
        &[("x-amzn-RequestId", request_id)],
        &success_body(request_id),
    )
}

fn mock_call(config: Config, mock: &MockTransport) -> Outcome {
    let client = Client::new(config, mock.clone());
    pollster::block_on(client.update_infrastructure_configuration(input()))
}

fn push_503_then_200(mock: &MockTransport) {
    mock.push_json(
        503,
        &[("x-amzn-RequestId", "rid-1")],
        r#"{"__type": "ServiceUnavailableException", "message": "later"}"#,
    );
    mock.push_json(
        200,
        &[("x-amzn-RequestId", "rid-2")],
        &success_body("rid-2"),
    );
}

type Log = Arc<Mutex<Vec<String>>>;

fn entries(log: &Log) -> Vec<String> {
    log.lock().unwrap_or_else(PoisonError::into_inner).clone()
}

/// Writes `name:hook[:attempt][:detail]` for every hook it sees.
#[derive(Debug)]
struct Recorder {
    name: &'static str,
    log: Log,
}

impl Recorder {
    fn write(&self, hook: &str, context: &Context<'_>, detail: &str) {
        let mut line = format!("{}:{hook}", self.name);
        if let Some(attempt) = context.attempt() {
            line.push_str(&format!(":{attempt}"));
        }
        if !detail.is_empty() {
            line.push(':');
            line.push_str(detail);
        }
        self.log
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(line);
    }
}

impl Intercept for Recorder {
    fn name(&self) -> &'static str {
        self.name
    }

    fn read_before_serialization(&self, context: &Context<'_>) -> Result<(), BoxError> {
        let input = context
            .input()
            .downcast_ref::<UpdateInfrastructureConfigurationRequest>()
            .ok_or("the input is not the operation's")?;
        let detail = format!(
            "{}/{}/{}",
            context.service(),
            context.operation(),
            input.infrastructure_configuration_arn
        );
        self.write("read_before_serialization", context, &detail);
        Ok(())
    }

    fn modify_before_signing(
        &self,
        context: &Context<'_>,
        request: &mut HttpRequest,
    ) -> Result<(), BoxError> {
        let signed = request.headers().contains_key("authorization");
        self.write(
            "modify_before_signing",
            context,
            &format!("signed={signed}"),
        );
        Ok(())
    }

    fn modify_before_transmit(
        &self,
        context: &Context<'_>,
        request: &mut HttpRequest,
    ) -> Result<(), BoxError> {
        let signed = request.headers().contains_key("authorization");
        self.write(
            "modify_before_transmit",
            context,
            &format!("signed={signed}"),
        );
        Ok(())
    }

    fn read_after_transmit(
        &self,
        context: &Context<'_>,
        response: &HttpResponse,
    ) -> Result<(), BoxError> {
        let request_id = response
            .headers()
            .get("x-amzn-requestid")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("-");
        let detail = format!("{} {request_id}", response.status().as_u16());
        self.write("read_after_transmit", context, &detail);
        Ok(())
    }
}

/// Adds a header in one of the two request hooks.
#[derive(Debug)]
struct AddHeader {
    name: &'static str,
    value: &'static str,
    after_signing: bool,
}

impl AddHeader {
    fn add(&self, request: &mut HttpRequest) {
        request.headers_mut().insert(
            http::HeaderName::from_static(self.name),
            http::HeaderValue::from_static(self.value),
        );
    }
}

impl Intercept for AddHeader {
    fn name(&self) -> &'static str {
        "add-header"
    }

    fn modify_before_signing(
        &self,
        _context: &Context<'_>,
        request: &mut HttpRequest,
    ) -> Result<(), BoxError> {
        if !self.after_signing {
            self.add(request);
        }
        Ok(())
    }

    fn modify_before_transmit(
        &self,
        _context: &Context<'_>,
        request: &mut HttpRequest,
    ) -> Result<(), BoxError> {
        if self.after_signing {
            self.add(request);
        }
        Ok(())
    }
}

/// The interceptor's own error type, which the caller matches.
#[derive(Debug, PartialEq)]
struct Refused(&'static str);

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "refused: {}", self.0)
    }
}

impl Error for Refused {}

/// Fails in one hook.
#[derive(Debug)]
struct Fail(Hook);

impl Fail {
    fn check(&self, hook: Hook) -> Result<(), BoxError> {
        if self.0 == hook {
            Err(Box::new(Refused(hook.name())))
        } else {
            Ok(())
        }
    }
}

impl Intercept for Fail {
    fn name(&self) -> &'static str {
        "gatekeeper"
    }
    fn read_before_serialization(&self, _: &Context<'_>) -> Result<(), BoxError> {
        self.check(Hook::ReadBeforeSerialization)
    }
    fn modify_before_signing(&self, _: &Context<'_>, _: &mut HttpRequest) -> Result<(), BoxError> {
        self.check(Hook::ModifyBeforeSigning)
    }
    fn modify_before_transmit(&self, _: &Context<'_>, _: &mut HttpRequest) -> Result<(), BoxError> {
        self.check(Hook::ModifyBeforeTransmit)
    }
    fn read_after_transmit(&self, _: &Context<'_>, _: &HttpResponse) -> Result<(), BoxError> {
        self.check(Hook::ReadAfterTransmit)
    }
}

fn send_over_loopback(config: Config, server: &Server) -> Outcome {
    let client = Client::new(config, transport());
    let outcome = run(client.update_infrastructure_configuration(input()));
    assert!(server.problems().is_empty(), "{:?}", server.problems());
    outcome
}

// ------------------------------------------------------------------- tests

#[test]
fn a_header_added_before_signing_is_signed() {
    let server = Server::start(vec![success("rid-signed")]);
    let config = config(&server.url()).with_interceptor(AddHeader {
        name: "x-trace-context",
        value: "trace-1234",
        after_signing: false,
    });
    let output = send_over_loopback(config, &server).expect("the call succeeds");
    assert_eq!(output.request_id.as_deref(), Some("rid-signed"));
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].header("x-trace-context"), Some("trace-1234"));
    let signed = verify_sigv4(&requests[0], &Signer::test_keys()).expect("the signature verifies");
    assert!(
        signed.iter().any(|name| name == "x-trace-context"),
        "SignedHeaders: {signed:?}"
    );
}

#[test]
fn a_header_added_after_signing_is_sent_but_not_signed() {
    let server = Server::start(vec![success("rid-unsigned")]);
    let config = config(&server.url()).with_interceptor(AddHeader {
        name: "x-added-late",
        value: "late",
        after_signing: true,
    });
    send_over_loopback(config, &server).expect("the call succeeds");
    let requests = server.requests();
    assert_eq!(requests[0].header("x-added-late"), Some("late"));
    let signed = verify_sigv4(&requests[0], &Signer::test_keys())
        .expect("the signature still verifies: the header is not part of it");
    assert!(
        !signed.iter().any(|name| name == "x-added-late"),
        "SignedHeaders: {signed:?}"
    );
}

#[test]
fn interceptors_read_the_input_and_every_response_in_registration_order() {
    let mock = MockTransport::new();
    push_503_then_200(&mock);
    let log = Log::default();
    let config = config("https://imagebuilder.example.com")
        .with_interceptor(Recorder {
            name: "first",
            log: Arc::clone(&log),
        })
        .with_interceptor(Recorder {
            name: "second",
            log: Arc::clone(&log),
        });
    let output = mock_call(config, &mock).expect("the retry succeeds");
    assert_eq!(output.request_id.as_deref(), Some("rid-2"));
    let read = format!("imagebuilder/UpdateInfrastructureConfiguration/{ARN}");
    let mut expected = vec![
        format!("first:read_before_serialization:{read}"),
        format!("second:read_before_serialization:{read}"),
    ];
    for (attempt, response) in [(1, "503 rid-1"), (2, "200 rid-2")] {
        for hook in [
            "modify_before_signing:{a}:signed=false",
            "modify_before_transmit:{a}:signed=true",
            "read_after_transmit:{a}:{r}",
        ] {
            for name in ["first", "second"] {
                let hook = hook
                    .replace("{a}", &attempt.to_string())
                    .replace("{r}", response);
                expected.push(format!("{name}:{hook}"));
            }
        }
    }
    assert_eq!(entries(&log), expected);
}

#[test]
fn clones_of_a_config_share_its_interceptors() {
    let log = Log::default();
    let config = config("https://imagebuilder.example.com").with_interceptor(Recorder {
        name: "shared",
        log: Arc::clone(&log),
    });
    let clone = config.clone();
    assert_eq!(clone.interceptors().len(), 1);
    assert!(Arc::ptr_eq(
        &config.interceptors()[0],
        &clone.interceptors()[0]
    ));
    assert!(format!("{clone:?}").contains("shared"), "{clone:?}");

    let mock = MockTransport::new();
    mock.push_json(200, &[], &success_body("rid"));
    mock_call(clone, &mock).expect("the call succeeds");
    assert!(
        entries(&log).contains(&"shared:read_after_transmit:1:200 -".to_owned()),
        "{:?}",
        entries(&log)
    );
}

/// The interceptor's error, as the caller matches it.
fn refused(outcome: Outcome) -> (String, Hook, Refused) {
    match outcome {
        Err(SdkError::Interceptor(error)) => {
            let refused = error
                .source_error()
                .downcast_ref::<Refused>()
                .expect("the interceptor's own error");
            let message = error.to_string();
            (message, error.hook(), Refused(refused.0))
        }
        other => panic!("expected an interceptor error, got {other:?}"),
    }
}

#[test]
fn an_interceptor_error_ends_the_call() {
    for hook in [
        Hook::ReadBeforeSerialization,
        Hook::ModifyBeforeSigning,
        Hook::ModifyBeforeTransmit,
    ] {
        let mock = MockTransport::new();
        mock.push_json(200, &[], &success_body("rid"));
        let log = Log::default();
        let config = config("https://imagebuilder.example.com")
            .with_interceptor(Fail(hook))
            .with_interceptor(Recorder {
                name: "after",
                log: Arc::clone(&log),
            });
        let (message, failed, error) = refused(mock_call(config, &mock));
        assert_eq!(failed, hook);
        assert_eq!(error, Refused(hook.name()));
        assert_eq!(
            message,
            format!(
                "interceptor gatekeeper failed in {0}: refused: {0}",
                hook.name()
            )
        );
        assert!(mock.requests().is_empty(), "{hook:?}: nothing is sent");
        // The interceptor registered after the failing one never runs that
        // hook (nor any later one).
        let hook_name = hook.name();
        assert!(
            entries(&log).iter().all(|line| !line.contains(hook_name)),
            "{hook:?}: {:?}",
            entries(&log)
        );
    }
}

#[test]
fn an_interceptor_error_after_a_response_stops_the_retries() {
    let mock = MockTransport::new();
    push_503_then_200(&mock);
    let config =
        config("https://imagebuilder.example.com").with_interceptor(Fail(Hook::ReadAfterTransmit));
    let (_, hook, _) = refused(mock_call(config, &mock));
    assert_eq!(hook, Hook::ReadAfterTransmit);
    assert_eq!(mock.requests().len(), 1, "the 503 is not retried");
}
