//! Errors returned by generated operations, and the metadata parsed from
//! error responses.

use std::error::Error;
use std::fmt;

use serde_json::{Map, Value};

use crate::transport::{HttpResponse, TransportError};
use crate::validate::ValidationError;

/// What every service error carries, whether or not the model names it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ErrorMetadata {
    code: Option<String>,
    message: Option<String>,
    status: u16,
    request_id: Option<String>,
}

impl ErrorMetadata {
    /// Metadata for a response with `status` and nothing else known.
    pub fn new(status: u16) -> Self {
        Self {
            status,
            ..Self::default()
        }
    }

    /// Sets the error code, e.g. `ResourceNotFoundException`.
    #[must_use]
    pub fn with_code(mut self, code: impl Into<String>) -> Self {
        self.code = Some(code.into());
        self
    }

    /// Sets the human-readable message.
    #[must_use]
    pub fn with_message(mut self, message: impl Into<String>) -> Self {
        self.message = Some(message.into());
        self
    }

    /// Sets the request id the service assigned.
    #[must_use]
    pub fn with_request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }

    /// Parses metadata from an error response using the restJson1 rules.
    ///
    /// - code: the `X-Amzn-Errortype` header, else the body's `code`, else
    ///   its `__type`, sanitized to the bare shape name (see below);
    /// - message: the body's `message`, else `Message`, else `errorMessage`;
    /// - request id: the `x-amzn-requestid` header, else `x-amz-request-id`.
    ///
    /// Only top-level string fields of a JSON object body are considered; an
    /// empty or non-JSON body simply yields no code and no message.
    ///
    /// Codes may arrive as `aws.protocoltests.restjson#FooError:http://...`:
    /// everything from the first `:` is dropped, then only what follows the
    /// last `#` is kept, giving `FooError`.
    pub fn from_response(response: &HttpResponse) -> Self {
        // An unparsable body is normal here (HTML from a proxy, an empty 500),
        // so it only means "no fields", not a failure.
        let body = serde_json::from_slice::<Map<String, Value>>(response.body()).ok();
        let body_str = |key: &str| body.as_ref()?.get(key)?.as_str();

        let code = header_str(response, "x-amzn-errortype")
            .and_then(sanitize_code)
            .or_else(|| body_str("code").and_then(sanitize_code))
            .or_else(|| body_str("__type").and_then(sanitize_code))
            .map(str::to_owned);
        let message = ["message", "Message", "errorMessage"]
            .into_iter()
            .find_map(body_str)
            .map(str::to_owned);

        Self {
            code,
            message,
            status: response.status().as_u16(),
            request_id: request_id(response),
        }
    }

    /// The error code, e.g. `ResourceNotFoundException`.
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// The human-readable message, if the service sent one.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The request id the service assigned, useful when contacting support.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
}

/// Reduces a wire error code to the bare shape name; `None` if nothing is left.
fn sanitize_code(raw: &str) -> Option<&str> {
    let without_url = raw.split_once(':').map_or(raw, |(head, _)| head);
    let name = without_url
        .rsplit_once('#')
        .map_or(without_url, |(_, tail)| tail);
    // An empty code would render as ": message" and match no modeled error;
    // treating it as absent lets a later source supply a usable one.
    (!name.is_empty()).then_some(name)
}

/// A header value as text; headers that are not visible ASCII are ignored.
fn header_str<'a>(response: &'a HttpResponse, name: &str) -> Option<&'a str> {
    response.headers().get(name)?.to_str().ok()
}

fn request_id(response: &HttpResponse) -> Option<String> {
    header_str(response, "x-amzn-requestid")
        .or_else(|| header_str(response, "x-amz-request-id"))
        .map(str::to_owned)
}

/// Implemented by every service error so callers can inspect it uniformly.
pub trait ProvideErrorMetadata {
    /// The metadata parsed from the error response.
    fn meta(&self) -> &ErrorMetadata;

    /// The error code, e.g. `ResourceNotFoundException`.
    fn code(&self) -> Option<&str> {
        self.meta().code()
    }

    /// The human-readable message, if the service sent one.
    fn message(&self) -> Option<&str> {
        self.meta().message()
    }

    /// The HTTP status of the response.
    fn status(&self) -> u16 {
        self.meta().status()
    }

    /// The request id the service assigned.
    fn request_id(&self) -> Option<&str> {
        self.meta().request_id()
    }
}

impl ProvideErrorMetadata for ErrorMetadata {
    fn meta(&self) -> &ErrorMetadata {
        self
    }
}

/// Writes `{code}: {message}` for `meta`, as every service error displays.
///
/// The code is `Unknown` when absent; without a message only the code is
/// written.
pub fn display_error(f: &mut fmt::Formatter<'_>, meta: &ErrorMetadata) -> fmt::Result {
    let code = meta.code().unwrap_or("Unknown");
    match meta.message() {
        Some(message) => write!(f, "{code}: {message}"),
        None => f.write_str(code),
    }
}

/// A service error that the model does not name, kept with its raw body.
#[derive(Debug, Clone, PartialEq)]
pub struct Unhandled {
    meta: ErrorMetadata,
    body: Vec<u8>,
}

impl Unhandled {
    /// Wraps the metadata and raw body of an unrecognized error response.
    pub fn new(meta: ErrorMetadata, body: Vec<u8>) -> Self {
        Self { meta, body }
    }

    /// The raw response body.
    pub fn body(&self) -> &[u8] {
        &self.body
    }
}

impl ProvideErrorMetadata for Unhandled {
    fn meta(&self) -> &ErrorMetadata {
        &self.meta
    }
}

impl fmt::Display for Unhandled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        display_error(f, &self.meta)
    }
}

impl Error for Unhandled {}

/// A response arrived but could not be turned into an output or an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseError {
    status: u16,
    request_id: Option<String>,
    message: String,
}

impl ResponseError {
    /// Describes why `response` could not be parsed.
    pub fn new(response: &HttpResponse, message: impl Into<String>) -> Self {
        Self {
            status: response.status().as_u16(),
            request_id: request_id(response),
            message: message.into(),
        }
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The request id the service assigned, if the response had one.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// Why parsing failed.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "failed to parse response (HTTP {}): {}",
            self.status, self.message
        )
    }
}

impl Error for ResponseError {}

/// The error every generated operation returns; `E` is the operation's own
/// error enum.
#[derive(Debug)]
pub enum SdkError<E> {
    /// The input failed validation; nothing was sent.
    Validation(ValidationError),
    /// The request could not be built (no endpoint, a body that cannot be
    /// serialized); nothing was sent.
    Request(RequestError),
    /// The request could not be sent or no response arrived.
    Transport(TransportError),
    /// A response arrived that could not be parsed.
    Response(ResponseError),
    /// The service answered with an error, modeled or [`Unhandled`].
    ///
    /// Boxed: modeled errors carry their members and metadata, and a large
    /// `Err` would make every `Result` the operations return large too.
    Service(Box<E>),
}

impl<E> SdkError<E> {
    /// Wraps an error the service answered with.
    pub fn service(error: E) -> Self {
        Self::Service(Box::new(error))
    }

    /// The service error, if the service answered with one.
    pub fn service_error(&self) -> Option<&E> {
        match self {
            Self::Service(error) => Some(error),
            _ => None,
        }
    }

    /// Converts into the service error, if the service answered with one.
    pub fn into_service_error(self) -> Option<E> {
        match self {
            Self::Service(error) => Some(*error),
            _ => None,
        }
    }
}

impl<E: fmt::Display> fmt::Display for SdkError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Validation(error) => write!(f, "invalid request: {error}"),
            Self::Request(error) => write!(f, "cannot build request: {error}"),
            Self::Transport(error) => write!(f, "failed to send request: {error}"),
            Self::Response(error) => write!(f, "{error}"),
            Self::Service(error) => write!(f, "service error: {error}"),
        }
    }
}

impl<E: Error + 'static> Error for SdkError<E> {
    // Display already includes the wrapped error's message, so reporting it
    // again as the source would print it twice; skip to its own cause.
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match self {
            Self::Validation(error) => error.source(),
            Self::Request(error) => error.source(),
            Self::Transport(error) => error.source(),
            Self::Response(error) => error.source(),
            Self::Service(error) => error.source(),
        }
    }
}

impl<E> From<ValidationError> for SdkError<E> {
    fn from(error: ValidationError) -> Self {
        Self::Validation(error)
    }
}

impl<E> From<RequestError> for SdkError<E> {
    fn from(error: RequestError) -> Self {
        Self::Request(error)
    }
}

/// A request that could not be built; nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestError {
    message: String,
}

impl RequestError {
    /// An error with this explanation.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }

    /// What went wrong.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl Error for RequestError {}

impl<E> From<TransportError> for SdkError<E> {
    fn from(error: TransportError) -> Self {
        Self::Transport(error)
    }
}

impl<E> From<ResponseError> for SdkError<E> {
    fn from(error: ResponseError) -> Self {
        Self::Response(error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transport::TransportErrorKind;
    use crate::validate::Path;

    fn response(headers: &[(&str, &str)], body: &str) -> HttpResponse {
        let mut builder = http::Response::builder().status(400);
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        builder.body(body.as_bytes().to_vec()).unwrap()
    }

    fn code(headers: &[(&str, &str)], body: &str) -> Option<String> {
        ErrorMetadata::from_response(&response(headers, body))
            .code()
            .map(str::to_owned)
    }

    #[test]
    fn code_prefers_header_then_code_then_type() {
        let body = r#"{"code":"FromCode","__type":"FromType"}"#;
        assert_eq!(
            code(&[("X-Amzn-Errortype", "FromHeader")], body).as_deref(),
            Some("FromHeader")
        );
        assert_eq!(code(&[], body).as_deref(), Some("FromCode"));
        assert_eq!(
            code(&[], r#"{"__type":"FromType"}"#).as_deref(),
            Some("FromType")
        );
    }

    #[test]
    fn header_name_is_case_insensitive() {
        assert_eq!(
            code(&[("x-amzn-errortype", "Lower")], "").as_deref(),
            Some("Lower")
        );
    }

    #[test]
    fn code_is_sanitized() {
        let cases = [
            (
                "aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/",
                "FooError",
            ),
            ("FooError:http://internal.amazon.com/coral/", "FooError"),
            ("aws.protocoltests.restjson#FooError", "FooError"),
            ("a#b#FooError", "FooError"),
            // The ':' cut happens first, so a '#' inside the URL is ignored.
            ("ns#FooError:http://example.com/#frag", "FooError"),
            ("FooError", "FooError"),
        ];
        for (raw, expected) in cases {
            assert_eq!(
                code(&[("X-Amzn-Errortype", raw)], "").as_deref(),
                Some(expected),
                "header {raw}"
            );
            let body = serde_json::json!({ "__type": raw }).to_string();
            assert_eq!(code(&[], &body).as_deref(), Some(expected), "body {raw}");
        }
    }

    #[test]
    fn code_that_sanitizes_to_empty_falls_through() {
        assert_eq!(
            code(&[("X-Amzn-Errortype", ":http://x")], r#"{"code":"Body"}"#).as_deref(),
            Some("Body")
        );
        assert_eq!(code(&[], r#"{"code":"ns#"}"#), None);
    }

    #[test]
    fn empty_non_json_and_non_object_bodies_yield_no_code_or_message() {
        for body in ["", "<html>502</html>", "[1,2]", "\"code\"", "{\"code\":"] {
            let meta = ErrorMetadata::from_response(&response(&[], body));
            assert_eq!(meta.code(), None, "body {body:?}");
            assert_eq!(meta.message(), None, "body {body:?}");
            assert_eq!(meta.status(), 400);
        }
    }

    #[test]
    fn non_string_fields_are_ignored() {
        let meta = ErrorMetadata::from_response(&response(
            &[],
            r#"{"code":7,"__type":"Typed","message":{"x":1},"Message":"second"}"#,
        ));
        assert_eq!(meta.code(), Some("Typed"));
        assert_eq!(meta.message(), Some("second"));
    }

    #[test]
    fn nested_fields_are_not_considered() {
        let meta = ErrorMetadata::from_response(&response(
            &[],
            r#"{"error":{"code":"Deep","message":"m"}}"#,
        ));
        assert_eq!(meta.code(), None);
        assert_eq!(meta.message(), None);
    }

    #[test]
    fn message_lookup_order() {
        let message = |body: &str| {
            ErrorMetadata::from_response(&response(&[], body))
                .message()
                .map(str::to_owned)
        };
        assert_eq!(
            message(r#"{"errorMessage":"c","Message":"b","message":"a"}"#).as_deref(),
            Some("a")
        );
        assert_eq!(
            message(r#"{"errorMessage":"c","Message":"b"}"#).as_deref(),
            Some("b")
        );
        assert_eq!(message(r#"{"errorMessage":"c"}"#).as_deref(), Some("c"));
        assert_eq!(message(r#"{"msg":"d"}"#), None);
    }

    #[test]
    fn request_id_prefers_amzn_header() {
        let both = response(
            &[
                ("x-amz-request-id", "second"),
                ("X-Amzn-RequestId", "first"),
            ],
            "",
        );
        assert_eq!(
            ErrorMetadata::from_response(&both).request_id(),
            Some("first")
        );

        let fallback = response(&[("X-Amz-Request-Id", "second")], "");
        assert_eq!(
            ErrorMetadata::from_response(&fallback).request_id(),
            Some("second")
        );

        assert_eq!(
            ErrorMetadata::from_response(&response(&[], "")).request_id(),
            None
        );
    }

    #[test]
    fn status_is_copied() {
        let mut resp = response(&[], "");
        *resp.status_mut() = http::StatusCode::SERVICE_UNAVAILABLE;
        assert_eq!(ErrorMetadata::from_response(&resp).status(), 503);
    }

    #[test]
    fn builder_methods_set_fields() {
        let meta = ErrorMetadata::new(404)
            .with_code("NotFound")
            .with_message("gone")
            .with_request_id("rid");
        assert_eq!(meta.status(), 404);
        assert_eq!(meta.code(), Some("NotFound"));
        assert_eq!(meta.message(), Some("gone"));
        assert_eq!(meta.request_id(), Some("rid"));
    }

    #[test]
    fn unhandled_display_and_accessors() {
        let full = Unhandled::new(
            ErrorMetadata::new(500)
                .with_code("Boom")
                .with_message("it broke"),
            b"raw".to_vec(),
        );
        assert_eq!(full.to_string(), "Boom: it broke");
        assert_eq!(full.body(), b"raw");
        assert_eq!(full.code(), Some("Boom"));
        assert_eq!(full.status(), 500);

        let no_message = Unhandled::new(ErrorMetadata::new(500).with_code("Boom"), Vec::new());
        assert_eq!(no_message.to_string(), "Boom");

        let no_code = Unhandled::new(ErrorMetadata::new(500).with_message("hm"), Vec::new());
        assert_eq!(no_code.to_string(), "Unknown: hm");

        let nothing = Unhandled::new(ErrorMetadata::new(500), Vec::new());
        assert_eq!(nothing.to_string(), "Unknown");
    }

    #[test]
    fn response_error_takes_status_and_request_id() {
        let mut resp = response(&[("x-amzn-requestid", "abc")], "{");
        *resp.status_mut() = http::StatusCode::OK;
        let error = ResponseError::new(&resp, "EOF while parsing");
        assert_eq!(error.status(), 200);
        assert_eq!(error.request_id(), Some("abc"));
        assert_eq!(error.message(), "EOF while parsing");
        assert_eq!(
            error.to_string(),
            "failed to parse response (HTTP 200): EOF while parsing"
        );
    }

    #[test]
    fn sdk_error_display_conversions_and_accessors() {
        let validation: SdkError<Unhandled> =
            ValidationError::new(&Path::Root.member("name"), "required member is missing").into();
        assert_eq!(
            validation.to_string(),
            "invalid request: name: required member is missing"
        );
        assert!(validation.service_error().is_none());

        let transport: SdkError<Unhandled> =
            TransportError::new(TransportErrorKind::Timeout, "after 30s").into();
        assert_eq!(
            transport.to_string(),
            "failed to send request: timed out: after 30s"
        );
        assert!(transport.into_service_error().is_none());

        let response_error: SdkError<Unhandled> =
            ResponseError::new(&response(&[], ""), "bad json").into();
        assert_eq!(
            response_error.to_string(),
            "failed to parse response (HTTP 400): bad json"
        );

        let service = SdkError::service(Unhandled::new(
            ErrorMetadata::new(400).with_code("Bad"),
            Vec::new(),
        ));
        assert_eq!(service.to_string(), "service error: Bad");
        assert_eq!(service.service_error().and_then(|e| e.code()), Some("Bad"));
        assert_eq!(service.into_service_error().map(|e| e.status()), Some(400));
    }

    #[test]
    fn sdk_error_source_skips_the_already_displayed_layer() {
        let io = std::io::Error::other("socket closed");
        let error: SdkError<Unhandled> = TransportError::new(TransportErrorKind::Io, "reading")
            .with_source(io)
            .into();
        assert_eq!(error.source().unwrap().to_string(), "socket closed");

        let validation: SdkError<Unhandled> = ValidationError::new(&Path::Root, "whatever").into();
        assert!(validation.source().is_none());
    }
}
