//! The operation timeout cuts a whole call, retries and backoffs included;
//! an attempt timeout shorter than it still lets the call retry.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use smithy_runtime::sleep::default_sleep;
use smithy_runtime::{
    BoxFuture, Config, HttpRequest, HttpResponse, InvokeError, RetryConfig, SdkError, ServiceInfo,
    Transport, TransportError, TransportErrorKind, Unhandled,
};

static SERVICE: ServiceInfo = ServiceInfo::new("svc", "svc", "SVC", None);

/// Answers attempt `n` (1-based) as `script(n)` says: a status, after a
/// delay.
struct Scripted {
    script: fn(u32) -> (Duration, u16),
    attempts: Mutex<u32>,
}

impl Scripted {
    fn new(script: fn(u32) -> (Duration, u16)) -> Self {
        Self {
            script,
            attempts: Mutex::new(0),
        }
    }

    fn attempts(&self) -> u32 {
        *self.attempts.lock().unwrap()
    }
}

impl Transport for Scripted {
    fn send(&self, _: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        let attempt = {
            let mut attempts = self.attempts.lock().unwrap();
            *attempts += 1;
            *attempts
        };
        let (delay, status) = (self.script)(attempt);
        Box::pin(async move {
            default_sleep().sleep(delay).await;
            Ok(http::Response::builder()
                .status(status)
                .body(b"{}".to_vec())
                .unwrap())
        })
    }
}

/// Runs `future` as the default timer expects: on a Tokio runtime with the
/// `https` feature, else on any executor.
fn block_on<F: std::future::Future>(future: F) -> F::Output {
    #[cfg(feature = "https-transport")]
    {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(future)
    }
    #[cfg(not(feature = "https-transport"))]
    {
        pollster::block_on(future)
    }
}

fn call(config: &Config, transport: &Scripted) -> Result<HttpResponse, InvokeError> {
    block_on(smithy_runtime::invoke(config, &SERVICE, transport, |url| {
        let mut request = HttpRequest::new(Vec::new());
        *request.uri_mut() = url.parse().unwrap();
        Ok(request)
    }))
}

fn config() -> Config {
    Config::new()
        .with_endpoint_url("http://127.0.0.1:9")
        .with_retry(
            RetryConfig::standard()
                .with_max_attempts(1000)
                .with_initial_backoff(Duration::from_millis(10))
                .with_max_backoff(Duration::from_millis(20)),
        )
}

#[test]
fn a_call_that_keeps_being_retried_is_cut_at_the_operation_timeout() {
    let transport = Scripted::new(|_| (Duration::ZERO, 503));
    let timeout = Duration::from_millis(300);
    let start = Instant::now();
    let outcome = call(&config().with_operation_timeout(timeout), &transport);
    let elapsed = start.elapsed();
    let error = match outcome {
        Err(InvokeError::Timeout(error)) => error,
        other => panic!("expected the operation timeout, got {other:?}"),
    };
    assert_eq!(error.timeout(), timeout);
    assert!(elapsed >= timeout, "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
    let attempts = transport.attempts();
    assert!(
        (2..1000).contains(&attempts),
        "retried, then cut: {attempts} attempts"
    );
    let error = SdkError::<Unhandled>::from(InvokeError::Timeout(error));
    assert!(matches!(&error, SdkError::Timeout(e) if e.timeout() == timeout));
    assert!(
        error.to_string().contains("operation timeout of 300ms"),
        "{error}"
    );
}

#[test]
fn an_attempt_timeout_shorter_than_the_operation_timeout_still_retries() {
    // The first attempt hangs past the attempt timeout, the second answers.
    let transport = Scripted::new(|attempt| match attempt {
        1 => (Duration::from_secs(30), 200),
        _ => (Duration::ZERO, 200),
    });
    let config = config()
        .with_attempt_timeout(Duration::from_millis(50))
        .with_operation_timeout(Duration::from_secs(10));
    let start = Instant::now();
    let response = call(&config, &transport).unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(transport.attempts(), 2);
    assert!(start.elapsed() < Duration::from_secs(5));
}

#[test]
fn an_attempt_timeout_longer_than_the_operation_timeout_is_cut_by_it() {
    let transport = Scripted::new(|_| (Duration::from_secs(30), 200));
    let config = config()
        .with_attempt_timeout(Duration::from_secs(20))
        .with_operation_timeout(Duration::from_millis(100));
    let start = Instant::now();
    assert!(matches!(
        call(&config, &transport),
        Err(InvokeError::Timeout(_))
    ));
    assert!(start.elapsed() < Duration::from_secs(5));
    assert_eq!(transport.attempts(), 1);
}

#[test]
fn without_an_operation_timeout_the_attempt_timeout_ends_the_call() {
    let transport = Scripted::new(|_| (Duration::from_secs(30), 200));
    let config = config()
        .with_retry(
            RetryConfig::standard()
                .with_max_attempts(2)
                .with_initial_backoff(Duration::ZERO),
        )
        .with_attempt_timeout(Duration::from_millis(50));
    assert_eq!(config.operation_timeout(), None);
    match call(&config, &transport) {
        Err(InvokeError::Transport(error)) => assert_eq!(error.kind(), TransportErrorKind::Timeout),
        other => panic!("expected the attempt timeout, got {other:?}"),
    }
    assert_eq!(transport.attempts(), 2);
}
