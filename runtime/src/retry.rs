//! The AWS SDKs' "standard" retry mode: which failures are retried, how
//! long to wait between attempts, and the retry quota that stops a client
//! from hammering a struggling service.
//!
//! - At most [`RetryConfig::max_attempts`] attempts (3 by default).
//! - Backoff with full jitter: before retry `i` (1-based), wait a random
//!   duration in `[0, min(initial_backoff * 2^(i-1), max_backoff))`.
//! - A quota of 500 tokens shared by every call of a client: a retry costs 5
//!   (10 after a timeout) and is not made when the quota cannot pay; a call
//!   that succeeds returns what its retries cost, or 1 token if it did not
//!   retry.
//!
//! The "adaptive" mode ([`RetryMode::Adaptive`]) retries the same way and
//! adds a client-side rate limiter ([`crate::adaptive`]) that slows every
//! attempt once the service throttles the client. The SDKs' `legacy` mode
//! is not supported.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use crate::error::ErrorMetadata;
use crate::transport::{HttpResponse, TransportError, TransportErrorKind};

/// Error codes the SDKs treat as throttling.
pub const THROTTLING_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
    // Image Builder's throttling error (HTTP 429).
    "CallRateLimitExceededException",
];

/// Error codes the SDKs treat as transient.
pub const TRANSIENT_CODES: &[&str] =
    &["RequestTimeout", "RequestTimeoutException", "InternalError"];

/// HTTP statuses that are retried whatever the error code.
pub const TRANSIENT_STATUSES: &[u16] = &[500, 502, 503, 504];

const INITIAL_QUOTA: u32 = 500;
const RETRY_COST: u32 = 5;
const TIMEOUT_RETRY_COST: u32 = 10;
const NO_RETRY_INCREMENT: u32 = 1;

/// The retry modes of the AWS SDKs this runtime has (`retry_mode`,
/// `AWS_RETRY_MODE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RetryMode {
    /// Retries with backoff and the retry quota.
    #[default]
    Standard,
    /// Standard retries, and a client-side rate limiter that slows sending
    /// after throttling responses ([`crate::adaptive`]).
    Adaptive,
}

impl RetryMode {
    /// The mode's name in settings: `standard` or `adaptive`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Standard => "standard",
            Self::Adaptive => "adaptive",
        }
    }
}

/// How a client retries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryConfig {
    mode: RetryMode,
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
}

impl Default for RetryConfig {
    fn default() -> Self {
        Self {
            mode: RetryMode::Standard,
            max_attempts: 3,
            initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(20),
        }
    }
}

impl RetryConfig {
    /// Standard mode: 3 attempts, 1 s initial backoff, at most 20 s.
    pub fn standard() -> Self {
        Self::default()
    }

    /// Adaptive mode: standard mode's retries and the client-side rate
    /// limiter.
    pub fn adaptive() -> Self {
        Self::default().with_mode(RetryMode::Adaptive)
    }

    /// Sets the retry mode, keeping the attempts and backoffs.
    #[must_use]
    pub fn with_mode(mut self, mode: RetryMode) -> Self {
        self.mode = mode;
        self
    }

    /// The retry mode.
    pub fn mode(&self) -> RetryMode {
        self.mode
    }

    /// No retries: one attempt.
    pub fn disabled() -> Self {
        Self::default().with_max_attempts(1)
    }

    /// Sets the number of attempts, the first included (at least 1).
    #[must_use]
    pub fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = max_attempts.max(1);
        self
    }

    /// Sets the backoff before the first retry, doubled for each next one.
    #[must_use]
    pub fn with_initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// Sets the longest backoff.
    #[must_use]
    pub fn with_max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// The number of attempts, the first included.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The wait before retry number `retry` (1-based), given a uniform
    /// random number in `[0, 1)`.
    pub fn backoff(&self, retry: u32, random: f64) -> Duration {
        let exponent = retry.saturating_sub(1).min(62);
        let ceiling = self
            .initial_backoff
            .saturating_mul(1u32.checked_shl(exponent).unwrap_or(u32::MAX))
            .min(self.max_backoff);
        ceiling.mul_f64(random.clamp(0.0, 1.0))
    }
}

/// What kind of failure an attempt ended in, for retrying.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryKind {
    /// The service asked the caller to slow down.
    Throttling,
    /// A failure that a later attempt may not meet (5xx, connection errors).
    Transient,
    /// The attempt timed out.
    Timeout,
    /// Not retryable: the same request would fail the same way.
    Never,
}

/// Classifies a response: success and ordinary client errors are not
/// retried. `metadata` reads an error response's code as the service's
/// protocol writes it (e.g. [`ErrorMetadata::from_response`] for the JSON
/// protocols).
pub fn classify_response(
    response: &HttpResponse,
    metadata: impl FnOnce(&HttpResponse) -> ErrorMetadata,
) -> RetryKind {
    let status = response.status().as_u16();
    if status < 400 {
        return RetryKind::Never;
    }
    classify_error(status, &metadata(response))
}

/// Classifies an error response (status 400 or above) by its code, else
/// its status.
pub fn classify_error(status: u16, meta: &ErrorMetadata) -> RetryKind {
    match meta.code() {
        Some(code) if THROTTLING_CODES.contains(&code) => return RetryKind::Throttling,
        Some(code) if TRANSIENT_CODES.contains(&code) => return RetryKind::Transient,
        _ => {}
    }
    if status == 429 {
        RetryKind::Throttling
    } else if TRANSIENT_STATUSES.contains(&status) {
        RetryKind::Transient
    } else {
        RetryKind::Never
    }
}

/// Classifies a transport failure: connection failures and timeouts are
/// retried, anything else is not.
pub fn classify_transport_error(error: &TransportError) -> RetryKind {
    match error.kind() {
        TransportErrorKind::Timeout => RetryKind::Timeout,
        TransportErrorKind::ConnectionRefused
        | TransportErrorKind::ConnectionReset
        | TransportErrorKind::Io => RetryKind::Transient,
        _ => RetryKind::Never,
    }
}

/// The retry quota shared by the calls of one client (clones share it).
#[derive(Debug, Clone)]
pub struct RetryQuota {
    tokens: Arc<AtomicU32>,
}

impl Default for RetryQuota {
    fn default() -> Self {
        Self {
            tokens: Arc::new(AtomicU32::new(INITIAL_QUOTA)),
        }
    }
}

impl RetryQuota {
    /// A full quota.
    pub fn new() -> Self {
        Self::default()
    }

    /// Tokens left.
    pub fn available(&self) -> u32 {
        self.tokens.load(Ordering::Relaxed)
    }

    /// Takes what a retry after `kind` costs; `None` when the quota cannot
    /// pay, in which case no retry is made.
    pub fn acquire(&self, kind: RetryKind) -> Option<u32> {
        let cost = if kind == RetryKind::Timeout {
            TIMEOUT_RETRY_COST
        } else {
            RETRY_COST
        };
        self.tokens
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |tokens| {
                tokens.checked_sub(cost)
            })
            .ok()
            .map(|_| cost)
    }

    /// Returns tokens after a call succeeded: what its retries cost, or the
    /// small increment of a call that needed none. Never above the start.
    pub fn release(&self, spent: u32) {
        let refund = if spent == 0 {
            NO_RETRY_INCREMENT
        } else {
            spent
        };
        // The closure always returns `Some`, so this cannot fail.
        let _ = self
            .tokens
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |tokens| {
                Some(tokens.saturating_add(refund).min(INITIAL_QUOTA))
            });
    }
}

/// A uniform random number in `[0, 1)` for jitter.
pub(crate) fn jitter() -> f64 {
    let mut bytes = [0u8; 8];
    if getrandom::fill(&mut bytes).is_err() {
        // Without an entropy source, fall back to the clock's nanoseconds:
        // jitter only spreads retries out, it protects no secret.
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        return f64::from(nanos) / 1e9;
    }
    // 53 random bits make every double in [0, 1) equally likely.
    (u64::from_le_bytes(bytes) >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
        let mut builder = http::Response::builder().status(status);
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        builder.body(body.as_bytes().to_vec()).unwrap()
    }

    #[test]
    fn throttling_and_transient_errors_are_retried_others_not() {
        let json = |r: &HttpResponse| classify_response(r, ErrorMetadata::from_response);
        assert_eq!(json(&response(200, &[], "{}")), RetryKind::Never);
        assert_eq!(json(&response(429, &[], "")), RetryKind::Throttling);
        for status in [500, 502, 503, 504] {
            assert_eq!(json(&response(status, &[], "")), RetryKind::Transient);
        }
        for status in [400, 403, 404, 501] {
            assert_eq!(json(&response(status, &[], "")), RetryKind::Never);
        }
        let throttled = response(400, &[], r#"{"__type":"ThrottlingException"}"#);
        assert_eq!(json(&throttled), RetryKind::Throttling);
        let throttled = response(400, &[("x-amzn-errortype", "TooManyRequestsException")], "");
        assert_eq!(json(&throttled), RetryKind::Throttling);
        let timeout = response(400, &[], r#"{"code":"RequestTimeout"}"#);
        assert_eq!(json(&timeout), RetryKind::Transient);
        let invalid = response(400, &[], r#"{"code":"InvalidRequestException"}"#);
        assert_eq!(json(&invalid), RetryKind::Never);
    }

    #[test]
    fn the_code_is_read_as_the_protocol_says() {
        // A query protocol's XML error: the JSON reader finds no code, the
        // protocol's reader does.
        let body = "<ErrorResponse><Error><Code>Throttling</Code></Error></ErrorResponse>";
        let throttled = response(400, &[], body);
        assert_eq!(
            classify_response(&throttled, ErrorMetadata::from_response),
            RetryKind::Never
        );
        let xml = |r: &HttpResponse| {
            crate::protocol::query::error_metadata(r, crate::protocol::query::Dialect::AwsQuery)
        };
        assert_eq!(classify_response(&throttled, xml), RetryKind::Throttling);
        let ec2 = response(
            400,
            &[],
            "<Response><Errors><Error><Code>RequestLimitExceeded</Code></Error></Errors></Response>",
        );
        assert_eq!(classify_response(&ec2, xml), RetryKind::Throttling);
    }

    #[test]
    fn transport_errors_are_classified_by_kind() {
        let error = |kind| TransportError::new(kind, "x");
        assert_eq!(
            classify_transport_error(&error(TransportErrorKind::Timeout)),
            RetryKind::Timeout
        );
        assert_eq!(
            classify_transport_error(&error(TransportErrorKind::ConnectionRefused)),
            RetryKind::Transient
        );
        assert_eq!(
            classify_transport_error(&error(TransportErrorKind::ConnectionReset)),
            RetryKind::Transient
        );
        assert_eq!(
            classify_transport_error(&error(TransportErrorKind::Other)),
            RetryKind::Never
        );
    }

    #[test]
    fn backoff_is_exponential_capped_and_jittered() {
        let config = RetryConfig::standard();
        assert_eq!(
            config.backoff(1, 0.999_999),
            Duration::from_secs(1).mul_f64(0.999_999)
        );
        assert_eq!(config.backoff(2, 0.5), Duration::from_secs(1));
        assert_eq!(config.backoff(3, 0.5), Duration::from_secs(2));
        assert_eq!(config.backoff(10, 0.5), Duration::from_secs(10));
        assert_eq!(config.backoff(100, 1.0), Duration::from_secs(20));
        assert_eq!(config.backoff(1, 0.0), Duration::ZERO);
    }

    #[test]
    fn jitter_is_in_the_unit_interval() {
        for _ in 0..1000 {
            let value = jitter();
            assert!((0.0..1.0).contains(&value), "{value}");
        }
    }

    #[test]
    fn the_quota_stops_retries_when_spent_and_refills_on_success() {
        let quota = RetryQuota::new();
        let mut retries = 0;
        while quota.acquire(RetryKind::Transient).is_some() {
            retries += 1;
        }
        assert_eq!(retries, 100);
        assert_eq!(quota.available(), 0);
        quota.release(RETRY_COST);
        assert_eq!(quota.available(), 5);
        assert_eq!(
            quota.acquire(RetryKind::Timeout),
            None,
            "a timeout retry costs 10"
        );
        quota.release(0);
        assert_eq!(quota.available(), 6);
    }

    #[test]
    fn the_quota_never_grows_past_its_start() {
        let quota = RetryQuota::new();
        quota.release(0);
        quota.release(50);
        assert_eq!(quota.available(), INITIAL_QUOTA);
    }

    #[test]
    fn max_attempts_is_at_least_one() {
        assert_eq!(
            RetryConfig::standard().with_max_attempts(0).max_attempts(),
            1
        );
        assert_eq!(RetryConfig::disabled().max_attempts(), 1);
    }
}
