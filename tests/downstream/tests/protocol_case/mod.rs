//! Smithy's `httpRequestTests` cases, read from the AWS protocol tests'
//! JSON AST in the shared reference data, and a check of a request the
//! client built against one.

#![allow(dead_code)]

use std::path::PathBuf;

use smithy_runtime::HttpRequest;
use smithy_runtime::serde_json::{self, Value};

/// The endpoint the test clients send to; case URIs are relative to it.
pub const ENDPOINT: &str = "http://127.0.0.1:1";

fn tests_file() -> PathBuf {
    let shared = std::env::var_os("SMITHY_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    shared.join("smithy/protocol-tests/aws-protocol-tests.json")
}

/// The request case `id` of operation `operation` (a shape id).
pub fn case(operation: &str, id: &str) -> Value {
    let text = std::fs::read_to_string(tests_file()).expect("the protocol tests are present");
    let model: Value = serde_json::from_str(&text).expect("the protocol tests are JSON");
    let cases = &model["shapes"][operation]["traits"]["smithy.test#httpRequestTests"];
    cases
        .as_array()
        .and_then(|cases| cases.iter().find(|c| c["id"] == id))
        .unwrap_or_else(|| panic!("no request case {id} on {operation}"))
        .clone()
}

/// Asserts that `request` is what the case expects: method, URI, the
/// headers it lists, none of those it forbids, and the body (as JSON when
/// its media type is JSON). `Content-Length`, which some cases require, is
/// the transport's to add, so it is not looked for here.
pub fn assert_request(request: &HttpRequest, case: &Value) {
    let id = case["id"].as_str().unwrap_or("?");
    assert_eq!(request.method().as_str(), case["method"], "{id}: method");
    let uri = request.uri().to_string();
    let path = uri.strip_prefix(ENDPOINT).unwrap_or(&uri);
    assert_eq!(path, case["uri"].as_str().unwrap(), "{id}: URI");
    if let Some(headers) = case["headers"].as_object() {
        for (name, value) in headers {
            let sent = request
                .headers()
                .get(name.as_str())
                .map(|v| v.to_str().unwrap());
            assert_eq!(sent, value.as_str(), "{id}: header {name}");
        }
    }
    if let Some(forbidden) = case["forbidHeaders"].as_array() {
        for name in forbidden.iter().filter_map(Value::as_str) {
            assert!(
                request.headers().get(name).is_none(),
                "{id}: header {name} is forbidden but was sent"
            );
        }
    }
    let expected = case["body"].as_str().unwrap_or("");
    let json = case["bodyMediaType"] == "application/json";
    if json && !expected.is_empty() {
        let sent: Value = serde_json::from_slice(request.body())
            .unwrap_or_else(|e| panic!("{id}: body is not JSON: {e}"));
        let expected: Value = serde_json::from_str(expected).unwrap();
        assert_eq!(sent, expected, "{id}: body");
    } else {
        assert_eq!(
            String::from_utf8_lossy(request.body()),
            expected,
            "{id}: body"
        );
    }
}
