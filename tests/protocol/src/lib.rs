//! Support for Smithy's protocol compliance cases: what the `protocol_tests`
//! module that `smithy-codegen` emits (with `Config::protocol_tests`) calls
//! to drive a generated client through the mock transport and compare what
//! it sent or read with a case's expectations.
//!
//! Each case is a function returning `Err` with what differed, so that a
//! harness can run every case, count them, and report the failures
//! together ([`run`]).

#![forbid(unsafe_code)]

mod body;
mod request;
pub mod skip;
pub mod suite;

use std::fmt::Debug;

pub use body::check_body;
pub use request::{ExpectedRequest, check_request};
use smithy_runtime::{Config, HttpRequest, HttpResponse, MockTransport, RetryConfig};

/// Whether a case checks a request a client sends or a response it reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `smithy.test#httpRequestTests`.
    Request,
    /// `smithy.test#httpResponseTests`.
    Response,
}

/// One compliance case: its id and the function that runs it.
#[derive(Debug, Clone, Copy)]
pub struct Case {
    pub id: &'static str,
    pub kind: Kind,
    pub run: fn() -> Result<(), String>,
}

impl Case {
    /// A request case.
    pub fn request(id: &'static str, run: fn() -> Result<(), String>) -> Case {
        Case {
            id,
            kind: Kind::Request,
            run,
        }
    }

    /// A response case.
    pub fn response(id: &'static str, run: fn() -> Result<(), String>) -> Case {
        Case {
            id,
            kind: Kind::Response,
            run,
        }
    }
}

/// What running a set of cases found.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Ids of the cases that passed.
    pub passed: Vec<(&'static str, Kind)>,
    /// Ids of the cases that failed, with what differed.
    pub failed: Vec<(&'static str, Kind, String)>,
}

/// Runs every case; a case that panics counts as failed.
pub fn run(cases: &[Case]) -> Outcome {
    let mut outcome = Outcome::default();
    for case in cases {
        let result = std::panic::catch_unwind(case.run)
            .unwrap_or_else(|_| Err("the case panicked".to_owned()));
        match result {
            Ok(()) => outcome.passed.push((case.id, case.kind)),
            Err(why) => outcome.failed.push((case.id, case.kind, why)),
        }
    }
    outcome
}

/// The endpoint a case's client is given when the case names no `host`.
pub const DEFAULT_HOST: &str = "example.com";

/// A mock transport with one `200 {}` response queued, so a request case's
/// call completes (its result is not what the case checks).
pub fn transport() -> MockTransport {
    let transport = MockTransport::new();
    transport.push_json(200, &[], "{}");
    transport
}

/// The idempotency token every case's client fills in: the one the suite's
/// cases expect (`RestJsonQueryIdempotencyTokenAutoFill`).
pub const IDEMPOTENCY_TOKEN: &str = "00000000-0000-4000-8000-000000000000";

/// The client configuration of a case: its `host` as an HTTPS endpoint
/// URL, one attempt, no credentials (requests go unsigned), the fixed
/// [`IDEMPOTENCY_TOKEN`], and the `vendorParams` the runtime knows
/// (`region`, `useFips`, `useDualStack`).
pub fn config(host: Option<&str>, vendor_params: &str) -> Result<Config, String> {
    let host = host.unwrap_or(DEFAULT_HOST);
    let vendor: serde_json::Value =
        serde_json::from_str(vendor_params).map_err(|e| format!("vendorParams: {e}"))?;
    let text = |key: &str| vendor.get(key).and_then(serde_json::Value::as_str);
    let flag = |key: &str| vendor.get(key).and_then(serde_json::Value::as_bool);
    let mut config = Config::new()
        .with_endpoint_url(format!("https://{host}"))
        .with_region(text("region").unwrap_or("us-east-1"))
        .with_retry(RetryConfig::standard().with_max_attempts(1))
        .with_idempotency_token_provider(|| IDEMPOTENCY_TOKEN.to_owned());
    if let Some(fips) = flag("useFips") {
        config = config.with_use_fips(fips);
    }
    if let Some(dual_stack) = flag("useDualStack") {
        config = config.with_use_dual_stack(dual_stack);
    }
    Ok(config)
}

/// Runs a client call to completion (the mock transport never waits).
pub fn block_on<F: std::future::Future>(future: F) -> F::Output {
    pollster::block_on(future)
}

/// The request the call sent, or why there is none.
pub fn sent<T, E: Debug>(
    transport: &MockTransport,
    result: Result<T, E>,
) -> Result<HttpRequest, String> {
    match (transport.last_request(), result) {
        (Some(request), _) => Ok(request),
        (None, Err(error)) => Err(format!("nothing was sent: {error:?}")),
        (None, Ok(_)) => Err("nothing was sent, yet the call succeeded".to_owned()),
    }
}

/// A canned response.
pub fn response(code: u16, headers: &[(&str, &str)], body: &[u8]) -> Result<HttpResponse, String> {
    let mut builder = http::Response::builder().status(code);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder
        .body(body.to_vec())
        .map_err(|e| format!("the case's response is not valid HTTP: {e}"))
}

/// `Ok` when `actual == expected`.
pub fn check_equal<T: PartialEq + Debug>(actual: &T, expected: &T) -> Result<(), String> {
    if actual == expected {
        Ok(())
    } else {
        Err(format!("read {actual:#?}\nexpected {expected:#?}"))
    }
}

/// `Ok` when both serialize to the same JSON: for values holding NaN, which
/// `PartialEq` never finds equal, and for errors, whose metadata (request
/// id, message as parsed) the case does not state.
pub fn check_same_json<T: smithy_runtime::serde::Serialize + Debug>(
    actual: &T,
    expected: &T,
) -> Result<(), String> {
    let json = |value: &T| serde_json::to_value(value).map_err(|e| format!("{value:?}: {e}"));
    if json(actual)? == json(expected)? {
        Ok(())
    } else {
        Err(format!("read {actual:#?}\nexpected {expected:#?}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn passes() -> Result<(), String> {
        Ok(())
    }

    fn fails() -> Result<(), String> {
        Err("differs".to_owned())
    }

    fn panics() -> Result<(), String> {
        let items: Vec<u8> = Vec::new();
        // A case that panics must not stop the others.
        #[allow(clippy::indexing_slicing)]
        let _ = items[1];
        Ok(())
    }

    #[test]
    fn every_case_runs_and_counts() {
        let outcome = run(&[
            Case::request("A", passes),
            Case::response("B", fails),
            Case::request("C", panics),
            Case::response("D", passes),
        ]);
        assert_eq!(
            outcome.passed,
            [("A", Kind::Request), ("D", Kind::Response)]
        );
        let failed: Vec<_> = outcome
            .failed
            .iter()
            .map(|(id, _, why)| (*id, why.as_str()))
            .collect();
        assert_eq!(failed, [("B", "differs"), ("C", "the case panicked")]);
    }

    #[test]
    fn config_takes_the_host_and_vendor_params() {
        let custom = config(
            Some("example.com/custom"),
            r#"{"region": "eu-west-1", "useFips": true}"#,
        )
        .unwrap();
        assert_eq!(custom.endpoint_url(), Some("https://example.com/custom"));
        assert_eq!(custom.region(), Some("eu-west-1"));
        assert!(custom.use_fips());
        assert!(config(None, "not json").is_err());
        assert_eq!(
            config(None, "{}").unwrap().endpoint_url(),
            Some("https://example.com")
        );
    }

    #[test]
    fn nan_compares_by_json_not_by_partial_eq() {
        assert!(check_equal(&f64::NAN, &f64::NAN).is_err());
        assert!(check_same_json(&vec![1.5], &vec![1.5]).is_ok());
        assert!(check_same_json(&vec![1.5], &vec![2.5]).is_err());
    }
}
