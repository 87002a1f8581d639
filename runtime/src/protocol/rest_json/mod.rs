//! restJson1: the plumbing every generated operation shares, building the
//! HTTP request around a JSON body; [`bindings`] places members in the
//! path, query string and headers. JSON bodies are [`super::json`]'s.

pub mod bindings;

use crate::error::RequestError;
use crate::transport::{HttpRequest, HttpResponse};

/// Builds a request for `path` (which starts with `/`) under `endpoint`
/// (which may carry a base path of its own). A JSON body gets
/// `Content-Type: application/json`; `None` sends no body at all, as
/// restJson1 does for operations without body members.
pub fn request(
    method: &str,
    endpoint: &str,
    path: &str,
    json_body: Option<Vec<u8>>,
) -> Result<HttpRequest, RequestError> {
    let base = endpoint.trim_end_matches('/');
    let mut uri = String::with_capacity(base.len() + path.len());
    uri.push_str(base);
    uri.push_str(path);
    let mut builder = http::Request::builder().method(method).uri(&uri);
    if json_body.is_some() {
        builder = builder.header(http::header::CONTENT_TYPE, "application/json");
    }
    builder
        .body(json_body.unwrap_or_default())
        .map_err(|e| RequestError::new(format!("cannot build a request for {uri:?}: {e}")))
}

/// Whether a response is the operation's success: its modeled status code,
/// or any 2xx.
pub fn is_success(response: &HttpResponse, expected: u16) -> bool {
    response.status().as_u16() == expected || response.status().is_success()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: u16, body: &str) -> HttpResponse {
        http::Response::builder()
            .status(status)
            .header("x-amzn-requestid", "req-1")
            .body(body.as_bytes().to_vec())
            .unwrap()
    }

    #[test]
    fn builds_json_requests_under_the_endpoint() {
        let request = request(
            "PUT",
            "http://127.0.0.1:8080/base/",
            "/Op",
            Some(b"{}".to_vec()),
        )
        .unwrap();
        assert_eq!(request.method(), "PUT");
        assert_eq!(request.uri(), "http://127.0.0.1:8080/base/Op");
        assert_eq!(request.headers()["content-type"], "application/json");
        assert_eq!(request.body(), b"{}");
    }

    #[test]
    fn requests_without_body_members_have_no_body_or_content_type() {
        let request = request("GET", "https://example.com", "/Op", None).unwrap();
        assert!(request.headers().get("content-type").is_none());
        assert!(request.body().is_empty());
    }

    #[test]
    fn bad_endpoints_are_errors() {
        let error = request("GET", "not a url", "/Op", None).unwrap_err();
        assert!(error.message().contains("not a url"), "{error}");
    }

    #[test]
    fn success_is_the_modeled_code_or_2xx() {
        assert!(is_success(&response(200, ""), 200));
        assert!(is_success(&response(204, ""), 200));
        assert!(!is_success(&response(400, ""), 200));
    }
}
