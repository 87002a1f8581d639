//! The `wait_until_*` methods of clients generated from published models
//! with waiters (EKS: restJson1, `output` paths and an `errorType`
//! success; AWS Private CA: awsJson1_1, `success`; DynamoDB: awsJson1_0)
//! and of `tests/fixtures/waiters.json` (`inputOutput`, a filter, a
//! deprecated waiter), driven through `MockTransport` with a timer that
//! returns at once and records each delay, so no test waits.
//!
//! The states, paths, expected values and delays come from the models'
//! `smithy.waiters#waitable` traits.
#![cfg(aws_json_models)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use smithy_runtime::sleep::Sleep;
use smithy_runtime::waiter::WaiterError;
use smithy_runtime::{
    BoxFuture, Config, MockTransport, ProvideErrorMetadata, RetryConfig, SdkError,
};
use smithy_service_tests::{acm_pca, dynamodb, eks, widgets};

/// A timer that returns at once and records what it was asked to wait.
#[derive(Debug, Default)]
struct Delays(Mutex<Vec<Duration>>);

impl Sleep for Delays {
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        self.0.lock().unwrap().push(duration);
        Box::pin(async {})
    }
}

impl Delays {
    fn seconds(&self) -> Vec<f64> {
        self.0
            .lock()
            .unwrap()
            .iter()
            .map(Duration::as_secs_f64)
            .collect()
    }
}

/// A config for us-east-1 that makes one attempt per call and waits with
/// the returned recorder.
fn config() -> (Config, Arc<Delays>) {
    let delays = Arc::new(Delays::default());
    let config = Config::new()
        .with_region("us-east-1")
        .with_retry(RetryConfig::disabled())
        .with_sleep(delays.clone());
    (config, delays)
}

fn eks_cluster(status: &str) -> String {
    format!(r#"{{"cluster": {{"name": "prod", "status": "{status}"}}}}"#)
}

fn describe_cluster() -> eks::types::DescribeClusterRequest {
    eks::types::DescribeClusterRequest::builder()
        .name("prod")
        .build()
        .unwrap()
}

#[test]
fn output_matchers_poll_until_the_success_state() {
    let (config, delays) = config();
    let mock = MockTransport::new();
    let client = eks::Client::new(config, mock.clone());
    mock.push_json(200, &[], &eks_cluster("CREATING"));
    mock.push_json(200, &[], &eks_cluster("CREATING"));
    mock.push_json(200, &[], &eks_cluster("ACTIVE"));
    let output = pollster::block_on(
        client.wait_until_cluster_active(describe_cluster(), Duration::from_secs(3600)),
    )
    .unwrap()
    .expect("the output that matched");
    assert_eq!(
        output
            .cluster
            .unwrap()
            .status
            .map(|s| s.as_str().to_owned()),
        Some("ACTIVE".to_owned())
    );
    let requests = mock.requests();
    assert_eq!(requests.len(), 3);
    for request in &requests {
        assert_eq!(request.method(), "GET");
        assert_eq!(request.uri().path(), "/clusters/prod");
    }
    // `ClusterActive` has minDelay 30 (maxDelay 120 by default): the first
    // retry waits 30 s, the second from 30 to 60.
    let waited = delays.seconds();
    assert_eq!(waited.len(), 2);
    assert_eq!(waited[0], 30.0);
    assert!((30.0..=60.0).contains(&waited[1]), "{waited:?}");
}

#[test]
fn an_output_failure_state_ends_the_wait() {
    let (config, delays) = config();
    let mock = MockTransport::new();
    let client = eks::Client::new(config, mock.clone());
    mock.push_json(200, &[], &eks_cluster("CREATING"));
    mock.push_json(200, &[], &eks_cluster("FAILED"));
    let error = pollster::block_on(
        client.wait_until_cluster_active(describe_cluster(), Duration::from_secs(3600)),
    )
    .unwrap_err();
    assert!(
        matches!(
            error,
            WaiterError::Failure {
                waiter: "ClusterActive",
                attempts: 2,
                error: None
            }
        ),
        "{error:?}"
    );
    assert_eq!(mock.request_count(), 2);
    assert_eq!(delays.seconds().len(), 1);
}

#[test]
fn an_error_type_can_be_the_success() {
    let (config, _) = config();
    let mock = MockTransport::new();
    let client = eks::Client::new(config, mock.clone());
    // `ClusterDeleted`: DELETING matches nothing (retry), then the cluster is gone.
    mock.push_json(200, &[], &eks_cluster("DELETING"));
    mock.push_json(
        404,
        &[("x-amzn-errortype", "ResourceNotFoundException")],
        r#"{"message": "No cluster found for name: prod."}"#,
    );
    let outcome = pollster::block_on(
        client.wait_until_cluster_deleted(describe_cluster(), Duration::from_secs(3600)),
    )
    .unwrap();
    assert!(outcome.is_none(), "{outcome:?}");
    assert_eq!(mock.request_count(), 2);

    // ACTIVE is a failure state of `ClusterDeleted`.
    mock.push_json(200, &[], &eks_cluster("ACTIVE"));
    let error = pollster::block_on(
        client.wait_until_cluster_deleted(describe_cluster(), Duration::from_secs(3600)),
    )
    .unwrap_err();
    assert!(
        matches!(error, WaiterError::Failure { attempts: 1, .. }),
        "{error:?}"
    );
}

fn get_certificate() -> acm_pca::types::GetCertificateRequest {
    acm_pca::types::GetCertificateRequest::builder()
        .certificate_authority_arn(
            "arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/ca",
        )
        .certificate_arn(
            "arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/ca/certificate/c",
        )
        .build()
        .unwrap()
}

fn aws_json_error(code: &str) -> String {
    format!(r#"{{"__type": "{code}", "message": "m"}}"#)
}

#[test]
fn the_success_matcher_and_error_types_over_aws_json() {
    let (config, delays) = config();
    let mock = MockTransport::new();
    let client = acm_pca::Client::new(config, mock.clone());
    // `CertificateIssued`: success on any output, retry while in progress.
    mock.push_json(400, &[], &aws_json_error("RequestInProgressException"));
    mock.push_json(400, &[], &aws_json_error("RequestInProgressException"));
    mock.push_json(
        200,
        &[],
        r#"{"Certificate": "PEM", "CertificateChain": "CHAIN"}"#,
    );
    let output = pollster::block_on(
        client.wait_until_certificate_issued(get_certificate(), Duration::from_secs(600)),
    )
    .unwrap()
    .unwrap();
    assert_eq!(output.certificate.as_deref(), Some("PEM"));
    assert_eq!(mock.request_count(), 3);
    // minDelay 1, maxDelay 60: the first retry waits 1 s, the second 1 or 2.
    let waited = delays.seconds();
    assert_eq!(waited[0], 1.0);
    assert!(waited[1] == 1.0 || waited[1] == 2.0, "{waited:?}");

    // An error named with the failure state ends the wait with that error.
    mock.push_json(400, &[], &aws_json_error("AccessDeniedException"));
    let error = pollster::block_on(
        client.wait_until_certificate_issued(get_certificate(), Duration::from_secs(600)),
    )
    .unwrap_err();
    let code = error
        .operation_error()
        .and_then(SdkError::service_error)
        .and_then(|e| e.code());
    assert_eq!(code, Some("AccessDeniedException"));
    assert!(matches!(error, WaiterError::Failure { attempts: 1, .. }));

    // An error no acceptor names ends the wait with it, as the operation's error.
    mock.push_json(400, &[], &aws_json_error("InvalidArnException"));
    let error = pollster::block_on(
        client.wait_until_certificate_issued(get_certificate(), Duration::from_secs(600)),
    )
    .unwrap_err();
    match &error {
        WaiterError::Operation {
            error: SdkError::Service(e),
            attempts: 1,
            ..
        } => assert!(
            matches!(
                **e,
                acm_pca::error::GetCertificateError::InvalidArnException(_)
            ),
            "{e:?}"
        ),
        other => panic!("{other:?}"),
    }
    assert!(error.to_string().contains("no acceptor matched"), "{error}");
}

fn describe_table() -> dynamodb::types::DescribeTableInput {
    dynamodb::types::DescribeTableInput::builder()
        .table_name("Music")
        .build()
        .unwrap()
}

#[test]
fn dynamodb_table_exists_retries_on_not_found() {
    let (config, _) = config();
    let mock = MockTransport::new();
    let client = dynamodb::Client::new(config, mock.clone());
    mock.push_json(
        400,
        &[],
        &aws_json_error("com.amazonaws.dynamodb.v20120810#ResourceNotFoundException"),
    );
    mock.push_json(
        200,
        &[],
        r#"{"Table": {"TableName": "Music", "TableStatus": "CREATING"}}"#,
    );
    mock.push_json(
        200,
        &[],
        r#"{"Table": {"TableName": "Music", "TableStatus": "ACTIVE"}}"#,
    );
    let output = pollster::block_on(
        client.wait_until_table_exists(describe_table(), Duration::from_secs(600)),
    )
    .unwrap()
    .unwrap();
    assert_eq!(output.table.unwrap().table_name.as_deref(), Some("Music"));
    assert_eq!(mock.request_count(), 3);
}

#[test]
fn a_waiter_times_out_with_its_last_delay_cut() {
    let (config, delays) = config();
    let mock = MockTransport::new();
    let client = dynamodb::Client::new(config, mock.clone());
    for _ in 0..10 {
        mock.push_json(
            200,
            &[],
            r#"{"Table": {"TableName": "Music", "TableStatus": "ACTIVE"}}"#,
        );
    }
    // `TableNotExists`, minDelay 20, 50 s allowed: calls at 0 and 20 s;
    // then 30 s remain and any delay from 20 to 40 would leave no more than
    // 20, so the last is cut to 30 - 20 = 10; at 30 s only 20 remain.
    let started = std::time::Instant::now();
    let error = pollster::block_on(
        client.wait_until_table_not_exists(describe_table(), Duration::from_secs(50)),
    )
    .unwrap_err();
    assert!(
        matches!(
            error,
            WaiterError::Timeout {
                waiter: "TableNotExists",
                attempts: 3,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(delays.seconds(), [20.0, 10.0]);
    assert_eq!(mock.request_count(), 3);
    assert_eq!(
        error.to_string(),
        "waiter TableNotExists timed out after 3 attempt(s) in 50s"
    );
    assert!(started.elapsed() < Duration::from_secs(2));
}

fn get_widget(expected_version: i32) -> widgets::types::GetWidgetRequest {
    widgets::types::GetWidgetRequest::builder()
        .id("w1")
        .expected_version(expected_version)
        .build()
        .unwrap()
}

#[test]
fn input_output_matchers_see_the_input() {
    let (config, delays) = config();
    let mock = MockTransport::new();
    let client = widgets::Client::new(config, mock.clone());
    for version in [1, 2, 3] {
        mock.push_json(
            200,
            &[],
            &format!(r#"{{"id": "w1", "version": {version}}}"#),
        );
    }
    // Success when `output.version == input.expectedVersion`.
    let output = pollster::block_on(
        client.wait_until_widget_version_reached(get_widget(3), Duration::from_secs(60)),
    )
    .unwrap()
    .unwrap();
    assert_eq!(output.version, Some(3));
    assert_eq!(mock.request_count(), 3);
    assert_eq!(
        mock.last_request()
            .unwrap()
            .uri()
            .path_and_query()
            .unwrap()
            .as_str(),
        "/widgets/w1?expectedVersion=3"
    );
    // minDelay 1, maxDelay 8.
    let waited = delays.seconds();
    assert_eq!(waited[0], 1.0);
    assert!((1.0..=2.0).contains(&waited[1]), "{waited:?}");

    // The retry on the modeled `WidgetNotFound` (named by its shape id), then BROKEN: failure.
    mock.push_json(404, &[("x-amzn-errortype", "WidgetNotFound")], "{}");
    mock.push_json(200, &[], r#"{"id": "w1", "version": 1, "state": "BROKEN"}"#);
    let error = pollster::block_on(
        client.wait_until_widget_version_reached(get_widget(3), Duration::from_secs(60)),
    )
    .unwrap_err();
    assert!(
        matches!(
            error,
            WaiterError::Failure {
                attempts: 2,
                error: None,
                ..
            }
        ),
        "{error:?}"
    );
}

#[test]
#[allow(deprecated)] // `WidgetPartsReady` is deprecated in the model.
fn filters_and_all_string_equals_through_a_deprecated_waiter() {
    let (config, _) = config();
    let mock = MockTransport::new();
    let client = widgets::Client::new(config, mock.clone());
    let parts = |states: &[&str]| {
        let parts: Vec<String> = states
            .iter()
            .map(|s| format!(r#"{{"name": "p", "state": "{s}"}}"#))
            .collect();
        format!(r#"{{"id": "w1", "parts": [{}]}}"#, parts.join(","))
    };
    // An empty list is not "all READY"; a PENDING part is not either.
    mock.push_json(200, &[], &parts(&[]));
    mock.push_json(200, &[], &parts(&["READY", "PENDING"]));
    mock.push_json(200, &[], &parts(&["READY", "READY"]));
    let output = pollster::block_on(
        client.wait_until_widget_parts_ready(get_widget(1), Duration::from_secs(600)),
    )
    .unwrap()
    .unwrap();
    assert_eq!(output.parts.unwrap().len(), 2);
    assert_eq!(mock.request_count(), 3);

    // `length(parts[?state == 'FAILED']) > `0``: failure.
    mock.push_json(200, &[], &parts(&["READY", "FAILED"]));
    let error = pollster::block_on(
        client.wait_until_widget_parts_ready(get_widget(1), Duration::from_secs(600)),
    )
    .unwrap_err();
    assert!(
        matches!(error, WaiterError::Failure { attempts: 1, .. }),
        "{error:?}"
    );
}
