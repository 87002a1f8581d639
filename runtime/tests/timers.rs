//! The default timer starts no thread: a thousand concurrent calls that
//! each back off twice and half of which hit their attempt timeout run on a
//! current-thread Tokio runtime without the process gaining a thread. The
//! same calls with the thread timer forced ([`ThreadSleep`]) must gain
//! threads, which shows that the measurement sees per-wait threads.
//!
//! One test in this binary, so no other test's threads come and go while
//! it counts.
#![cfg(feature = "https-transport")]

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use smithy_runtime::sleep::ThreadSleep;
use smithy_runtime::{
    BoxFuture, Config, HttpRequest, HttpResponse, RetryConfig, ServiceInfo, Transport,
    TransportError,
};

static SERVICE: ServiceInfo = ServiceInfo::new("svc", "svc", "SVC", None);

const CALLS: usize = 1000;
const ATTEMPT_TIMEOUT: Duration = Duration::from_millis(100);

/// Per call (the `x-call` header): the first attempt is answered 503, the
/// second 503 or (every other call) not before the attempt timeout, the
/// third 200.
#[derive(Default)]
struct Flaky {
    attempts: Mutex<HashMap<usize, u32>>,
}

impl Transport for Flaky {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        Box::pin(async move {
            let call: usize = request.headers()["x-call"]
                .to_str()
                .unwrap()
                .parse()
                .unwrap();
            let attempt = {
                let mut attempts = self.attempts.lock().unwrap();
                let n = attempts.entry(call).or_insert(0);
                *n += 1;
                *n
            };
            let status = match attempt {
                1 => 503,
                2 if call % 2 == 0 => {
                    tokio::time::sleep(ATTEMPT_TIMEOUT * 5).await;
                    200
                }
                2 => 503,
                _ => 200,
            };
            Ok(http::Response::builder()
                .status(status)
                .body(b"{}".to_vec())
                .unwrap())
        })
    }
}

fn threads() -> usize {
    std::fs::read_dir("/proc/self/task").unwrap().count()
}

/// Runs the calls on a fresh current-thread runtime; returns the thread
/// counts before the calls and at their peak, and how many attempts were
/// made.
fn run(config: impl Fn() -> Config) -> (usize, usize, u32) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let before = threads();
    let transport = Arc::new(Flaky::default());
    let peak = Arc::new(AtomicUsize::new(before));
    let done = Arc::new(AtomicBool::new(false));
    runtime.block_on(async {
        let sampler = {
            let (peak, done) = (Arc::clone(&peak), Arc::clone(&done));
            tokio::spawn(async move {
                while !done.load(Ordering::Relaxed) {
                    peak.fetch_max(threads(), Ordering::Relaxed);
                    tokio::time::sleep(Duration::from_millis(2)).await;
                }
            })
        };
        let calls: Vec<_> = (0..CALLS)
            .map(|call| {
                // A config each: each call retries on a full retry quota.
                let config = config();
                let transport = Arc::clone(&transport);
                tokio::spawn(async move {
                    let response = smithy_runtime::invoke(&config, &SERVICE, &*transport, |url| {
                        let mut request = HttpRequest::new(Vec::new());
                        *request.uri_mut() = url.parse().unwrap();
                        request.headers_mut().insert("x-call", call.into());
                        Ok(request)
                    })
                    .await;
                    assert_eq!(response.unwrap().status(), 200, "call {call}");
                })
            })
            .collect();
        for call in calls {
            call.await.unwrap();
        }
        peak.fetch_max(threads(), Ordering::Relaxed);
        done.store(true, Ordering::Relaxed);
        sampler.await.unwrap();
    });
    let attempts = transport.attempts.lock().unwrap().values().sum();
    (before, peak.load(Ordering::Relaxed), attempts)
}

fn config() -> Config {
    Config::new()
        .with_endpoint_url("http://127.0.0.1:9")
        .with_retry(
            RetryConfig::standard()
                .with_max_attempts(3)
                .with_initial_backoff(Duration::from_millis(20))
                .with_max_backoff(Duration::from_millis(40)),
        )
        .with_attempt_timeout(ATTEMPT_TIMEOUT)
}

#[test]
fn concurrent_calls_with_retries_and_timeouts_start_no_threads() {
    let (before, peak, attempts) = run(config);
    assert_eq!(attempts, 3 * CALLS as u32, "every call retried twice");
    assert!(
        peak <= before,
        "the default timer started threads: {before} before, {peak} at the peak"
    );
    let after = threads();
    assert!(after <= before, "{before} before, {after} after");

    // The thread timer, forced: the same calls must show up in the count.
    let (before, peak, attempts) = run(|| config().with_sleep(Arc::new(ThreadSleep)));
    assert_eq!(attempts, 3 * CALLS as u32);
    assert!(
        peak > before + CALLS / 10,
        "the thread timer should start threads: {before} before, {peak} at the peak"
    );
}
