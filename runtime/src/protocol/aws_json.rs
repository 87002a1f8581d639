//! awsJson1_0 and awsJson1_1: every operation is a `POST` to `/` naming
//! itself in `X-Amz-Target`, with the whole input as a JSON body.
//! Errors carry their code in `__type` (or `code`, or the
//! `X-Amzn-Errortype` header), read by [`ErrorMetadata::from_response`];
//! services marked `@awsQueryCompatible` (SQS) also send the code their
//! query API used in `x-amzn-query-error`, which [`error_metadata`] prefers.

use crate::error::{ErrorMetadata, RequestError};
use crate::transport::{HttpRequest, HttpResponse};

/// Which awsJson protocol: they differ only in the media type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// `aws.protocols#awsJson1_0`.
    V1_0,
    /// `aws.protocols#awsJson1_1`.
    V1_1,
}

impl Version {
    /// The `Content-Type` of requests.
    pub fn content_type(self) -> &'static str {
        match self {
            Version::V1_0 => "application/x-amz-json-1.0",
            Version::V1_1 => "application/x-amz-json-1.1",
        }
    }
}

/// The request for operation `target` (`{service name}.{operation name}`)
/// under `endpoint`: `POST /` with `body`, which is `{}` for an operation
/// without input (the protocol asks clients always to send an object).
/// `query_compatible` services also get `x-amzn-query-mode: true`, which
/// asks the service for its query API's error codes.
pub fn request(
    endpoint: &str,
    version: Version,
    target: &str,
    query_compatible: bool,
    body: Vec<u8>,
) -> Result<HttpRequest, RequestError> {
    let uri = format!("{}/", endpoint.trim_end_matches('/'));
    let mut builder = http::Request::builder()
        .method("POST")
        .uri(&uri)
        .header(http::header::CONTENT_TYPE, version.content_type())
        .header("x-amz-target", target);
    if query_compatible {
        builder = builder.header("x-amzn-query-mode", "true");
    }
    builder
        .body(body)
        .map_err(|e| RequestError::new(format!("cannot build a request for {uri:?}: {e}")))
}

/// The metadata of an error response. With `query_compatible`, a
/// `x-amzn-query-error: Code;Type` header gives the code (the one the
/// model's `@awsQueryError` names), else it is read as for every JSON
/// protocol.
pub fn error_metadata(response: &HttpResponse, query_compatible: bool) -> ErrorMetadata {
    let meta = ErrorMetadata::from_response(response);
    if !query_compatible {
        return meta;
    }
    let query_code = response
        .headers()
        .get("x-amzn-query-error")
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .map(str::trim)
        .filter(|code| !code.is_empty());
    match query_code {
        Some(code) => meta.with_code(code),
        None => meta,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_post_to_the_root_with_target_and_media_type() {
        let request = request(
            "https://example.com/base/",
            Version::V1_1,
            "TrentService.Encrypt",
            false,
            b"{}".to_vec(),
        )
        .unwrap();
        assert_eq!(request.method(), "POST");
        assert_eq!(request.uri(), "https://example.com/base/");
        assert_eq!(
            request.headers()["content-type"],
            "application/x-amz-json-1.1"
        );
        assert_eq!(request.headers()["x-amz-target"], "TrentService.Encrypt");
        assert!(request.headers().get("x-amzn-query-mode").is_none());
        assert_eq!(request.body(), b"{}");

        let request =
            super::request("https://example.com", Version::V1_0, "S.Op", true, vec![]).unwrap();
        assert_eq!(request.uri(), "https://example.com/");
        assert_eq!(request.headers()["x-amzn-query-mode"], "true");
        assert_eq!(
            request.headers()["content-type"],
            "application/x-amz-json-1.0"
        );
    }

    fn error(headers: &[(&str, &str)], body: &str) -> HttpResponse {
        let mut builder = http::Response::builder().status(400);
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        builder.body(body.as_bytes().to_vec()).unwrap()
    }

    #[test]
    fn query_compatible_errors_take_the_query_code() {
        let body = r#"{"__type": "com.amazonaws.sqs#QueueDoesNotExist", "message": "no"}"#;
        let response = error(
            &[(
                "x-amzn-query-error",
                "AWS.SimpleQueryService.NonExistentQueue;Sender",
            )],
            body,
        );
        let meta = error_metadata(&response, true);
        assert_eq!(meta.code(), Some("AWS.SimpleQueryService.NonExistentQueue"));
        assert_eq!(meta.message(), Some("no"));
        // Other services ignore the header.
        assert_eq!(
            error_metadata(&response, false).code(),
            Some("QueueDoesNotExist")
        );
        // Without the header, the body's type.
        let meta = error_metadata(&error(&[], body), true);
        assert_eq!(meta.code(), Some("QueueDoesNotExist"));
        // An empty code in the header is no code.
        let meta = error_metadata(&error(&[("x-amzn-query-error", ";Sender")], body), true);
        assert_eq!(meta.code(), Some("QueueDoesNotExist"));
    }
}
