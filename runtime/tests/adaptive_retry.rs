//! The adaptive retry mode through the call loop, on a fake clock and a
//! fake timer (which moves the clock by what it is asked to wait): after a
//! throttling response the client-side rate limiter delays the next
//! attempt and the next call; standard mode never waits for it.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use smithy_runtime::adaptive::ClientRateLimiter;
use smithy_runtime::sleep::Sleep;
use smithy_runtime::{BoxFuture, Config, HttpRequest, MockTransport, RetryConfig, ServiceInfo};

static SERVICE: ServiceInfo = ServiceInfo::new("svc", "svc", "SVC", None);

/// The time, and every wait asked for.
#[derive(Debug, Default)]
struct FakeTime {
    now: Mutex<Duration>,
    waits: Mutex<Vec<Duration>>,
}

impl Sleep for FakeTime {
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        *self.now.lock().unwrap() += duration;
        self.waits.lock().unwrap().push(duration);
        Box::pin(async {})
    }
}

impl FakeTime {
    /// The waits that were not zero (the backoffs here are).
    fn nonzero_waits(&self) -> Vec<Duration> {
        let waits = self.waits.lock().unwrap();
        waits.iter().copied().filter(|w| !w.is_zero()).collect()
    }
}

fn client(retry: RetryConfig) -> (Config, Arc<FakeTime>) {
    let time = Arc::new(FakeTime::default());
    let clock = Arc::clone(&time);
    let limiter = ClientRateLimiter::with_clock(Arc::new(move || *clock.now.lock().unwrap()));
    let config = Config::new()
        .with_endpoint_url("http://127.0.0.1:9")
        .with_retry(retry.with_initial_backoff(Duration::ZERO))
        .with_rate_limiter(limiter)
        .with_sleep(time.clone());
    (config, time)
}

fn call(config: &Config, transport: &MockTransport) -> u16 {
    let response = pollster::block_on(smithy_runtime::invoke(config, &SERVICE, transport, |url| {
        let mut request = HttpRequest::new(Vec::new());
        *request.uri_mut() = url.parse().unwrap();
        Ok(request)
    }));
    response.unwrap().status().as_u16()
}

fn close(a: Duration, seconds: f64) -> bool {
    (a.as_secs_f64() - seconds).abs() < 1e-6
}

#[test]
fn after_a_throttle_the_limiter_delays_the_next_sends() {
    let (config, time) = client(RetryConfig::adaptive());
    let transport = MockTransport::new();
    transport.push_json(429, &[], r#"{"__type":"ThrottlingException"}"#);
    transport.push_json(200, &[], "{}");
    transport.push_json(200, &[], "{}");
    assert_eq!(call(&config, &transport), 200);
    assert!(config.rate_limiter().is_enabled());
    // Throttled at t = 0 with no sending rate measured yet: the bucket
    // fills at its floor of 0.5 token/s and is empty, so the retry waits
    // 1/0.5 = 2 s.
    let waits = time.nonzero_waits();
    assert_eq!(waits.len(), 1, "{waits:?}");
    assert!(close(waits[0], 2.0), "{waits:?}");
    // The success at t = 2 closes the rate meter's first buckets: 2
    // responses in 2 s, measured 0.8·1 = 0.8/s; the curve (0.4·2³ = 3.2)
    // is capped at twice that, 1.6/s. The next call waits 1/1.6 s for its
    // token.
    assert_eq!(call(&config, &transport), 200);
    let waits = time.nonzero_waits();
    assert_eq!(waits.len(), 2, "{waits:?}");
    assert!(close(waits[1], 1.0 / 1.6), "{waits:?}");
    assert_eq!(transport.request_count(), 3);
}

#[test]
fn standard_mode_never_waits_for_the_limiter() {
    let (config, time) = client(RetryConfig::standard());
    let transport = MockTransport::new();
    transport.push_json(429, &[], r#"{"__type":"ThrottlingException"}"#);
    transport.push_json(200, &[], "{}");
    transport.push_json(200, &[], "{}");
    assert_eq!(call(&config, &transport), 200);
    assert_eq!(call(&config, &transport), 200);
    assert_eq!(time.nonzero_waits(), Vec::<Duration>::new());
    assert!(!config.rate_limiter().is_enabled());
    assert_eq!(transport.request_count(), 3);
    // The retry itself is standard: one backoff (of zero here).
    assert_eq!(time.waits.lock().unwrap().len(), 1);
}

#[test]
fn adaptive_mode_without_throttling_never_waits() {
    let (config, time) = client(RetryConfig::adaptive());
    let transport = MockTransport::new();
    transport.push_json(503, &[], "{}");
    for _ in 0..20 {
        transport.push_json(200, &[], "{}");
    }
    for _ in 0..20 {
        assert_eq!(call(&config, &transport), 200);
    }
    assert_eq!(time.nonzero_waits(), Vec::<Duration>::new());
    assert!(!config.rate_limiter().is_enabled());
}
