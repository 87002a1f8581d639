//! Errors returned by generated operations, and the metadata parsed from
//! error responses.

use std::error::Error;
use std::fmt;

use serde::Deserialize;
use serde::de::IgnoredAny;

use crate::intercept::InterceptorError;
use crate::transport::{HttpResponse, TransportError};
use crate::validate::ValidationError;

mod macros;

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

    /// The metadata the call loop read from error `response` to decide
    /// whether to retry, if it did: it keeps it in the response's
    /// extensions, so that an error body is parsed for its code once per
    /// call.
    pub fn cached(response: &HttpResponse) -> Option<Self> {
        response.extensions().get::<Self>().cloned()
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
    /// empty or non-JSON body simply yields no code and no message. The body
    /// is read as a stream without building a tree: other members, however
    /// large or deeply nested, are skipped without recursion, and a body that
    /// breaks off (truncated, or invalid further on) keeps the fields read
    /// before the break. When a field appears twice the last one counts.
    ///
    /// Codes may arrive as `aws.protocoltests.restjson#FooError:http://...`:
    /// everything from the first `:` is dropped, then only what follows the
    /// last `#` is kept, giving `FooError`.
    pub fn from_response(response: &HttpResponse) -> Self {
        // An unparsable body is normal here (HTML from a proxy, an empty 500),
        // so it only means "no fields" (or fewer), not a failure.
        let mut fields = ErrorFields::default();
        let mut deserializer = serde_json::Deserializer::from_slice(response.body());
        let _partial = serde::de::DeserializeSeed::deserialize(&mut fields, &mut deserializer);

        let code = header_str(response, &X_AMZN_ERRORTYPE)
            .and_then(sanitize_code)
            .or_else(|| fields.code.as_deref().and_then(sanitize_code))
            .or_else(|| fields.type_.as_deref().and_then(sanitize_code))
            .map(str::to_owned);
        let message = fields
            .message
            .or(fields.message_upper)
            .or(fields.error_message);

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

/// The top-level string fields of an error body that say what it is.
#[derive(Default)]
struct ErrorFields {
    code: Option<String>,
    type_: Option<String>,
    message: Option<String>,
    message_upper: Option<String>,
    error_message: Option<String>,
}

/// Reads the fields into `self` as they come, so those before a syntax
/// error are kept.
impl<'de> serde::de::DeserializeSeed<'de> for &mut ErrorFields {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for &mut ErrorFields {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an error object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            let slot = match key.as_str() {
                "code" => &mut self.code,
                "__type" => &mut self.type_,
                "message" => &mut self.message,
                "Message" => &mut self.message_upper,
                "errorMessage" => &mut self.error_message,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
            };
            *slot = map.next_value::<TextOrNothing>()?.0;
        }
        Ok(())
    }
}

/// A string, or `None` for any other value, which is skipped without
/// recursion (`IgnoredAny` lets serde_json skip it on its own stack).
struct TextOrNothing(Option<String>);

impl<'de> Deserialize<'de> for TextOrNothing {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Text;

        impl<'de> serde::de::Visitor<'de> for Text {
            type Value = TextOrNothing;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any value")
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<TextOrNothing, E> {
                Ok(TextOrNothing(Some(text.to_owned())))
            }

            fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<TextOrNothing, E> {
                Ok(TextOrNothing(None))
            }

            fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<TextOrNothing, E> {
                Ok(TextOrNothing(None))
            }

            fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<TextOrNothing, E> {
                Ok(TextOrNothing(None))
            }

            fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<TextOrNothing, E> {
                Ok(TextOrNothing(None))
            }

            fn visit_unit<E: serde::de::Error>(self) -> Result<TextOrNothing, E> {
                Ok(TextOrNothing(None))
            }

            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<TextOrNothing, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(TextOrNothing(None))
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<TextOrNothing, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(TextOrNothing(None))
            }
        }

        deserializer.deserialize_any(Text)
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

// Looked up as `HeaderName`s, which `http` does not parse again on each
// call as it does a `&str`.
const X_AMZN_ERRORTYPE: http::HeaderName = http::HeaderName::from_static("x-amzn-errortype");
const X_AMZN_REQUESTID: http::HeaderName = http::HeaderName::from_static("x-amzn-requestid");
const X_AMZ_REQUEST_ID: http::HeaderName = http::HeaderName::from_static("x-amz-request-id");

/// A header value as text; headers that are not visible ASCII are ignored.
fn header_str<'a>(response: &'a HttpResponse, name: &http::HeaderName) -> Option<&'a str> {
    response.headers().get(name)?.to_str().ok()
}

pub(crate) fn request_id(response: &HttpResponse) -> Option<String> {
    header_str(response, &X_AMZN_REQUESTID)
        .or_else(|| header_str(response, &X_AMZ_REQUEST_ID))
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
///
/// Also what an error the model does name becomes when its body cannot be
/// read (invalid JSON, a member of the wrong type): the code, message,
/// status and request id are kept, and [`parse_error`](Self::parse_error)
/// (also the [`source`](Error::source)) says what was wrong with the body.
/// The AWS SDKs do the same.
#[derive(Debug, Clone, PartialEq)]
pub struct Unhandled {
    meta: ErrorMetadata,
    body: Vec<u8>,
    // Boxed: it is rare, and keeps every error enum with an `Unhandled`
    // variant small.
    parse_error: Option<Box<ResponseError>>,
}

impl Unhandled {
    /// Wraps the metadata and raw body of an unrecognized error response.
    pub fn new(meta: ErrorMetadata, body: Vec<u8>) -> Self {
        Self {
            meta,
            body,
            parse_error: None,
        }
    }

    /// Records why the body of a modeled error could not be read.
    #[must_use]
    pub fn with_parse_error(mut self, error: ResponseError) -> Self {
        self.parse_error = Some(Box::new(error));
        self
    }

    /// The raw response body.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// Why the body could not be read as the modeled error its code names;
    /// `None` for a code the model does not name.
    pub fn parse_error(&self) -> Option<&ResponseError> {
        self.parse_error.as_deref()
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

impl Error for Unhandled {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.parse_error
            .as_deref()
            .map(|error| error as &(dyn Error + 'static))
    }
}

/// What was wrong with a response that could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ResponseErrorKind {
    /// The body is not JSON: a syntax error, a truncated document, text
    /// that is not UTF-8, or nesting deeper than the parser allows (128
    /// arrays and objects).
    InvalidJson,
    /// The body is JSON (or XML), but a value does not fit its member: the wrong
    /// type, a number out of range (even beyond an `f64`), a timestamp or base64 blob that does not
    /// parse, a union with several members set. [`ResponseError::path`]
    /// names the member.
    InvalidValue,
    /// The body is not XML: a syntax error, a truncated document, text
    /// that is not UTF-8, a DTD, values nested deeper than 128, or a root
    /// element other than the protocol's.
    InvalidXml,
    /// A header bound to an output member has a value that does not parse,
    /// or is not text.
    InvalidHeader,
    /// Anything else, e.g. a payload that is not UTF-8 text.
    Other,
}

impl fmt::Display for ResponseErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::InvalidJson => "invalid JSON",
            Self::InvalidValue => "invalid value",
            Self::InvalidXml => "invalid XML",
            Self::InvalidHeader => "invalid header",
            Self::Other => "unreadable response",
        })
    }
}

/// Reads the modeled error a response's code names with `parse` (its
/// generated `from_response`); a body that does not fit it gives an
/// [`Unhandled`] that keeps `meta` (code, message, status, request id), the
/// raw body and the parse error, as the AWS SDKs do, so the code is never
/// lost to a malformed body.
pub fn modeled_or_unhandled<T, F>(
    meta: ErrorMetadata,
    response: &HttpResponse,
    parse: F,
) -> Result<T, Unhandled>
where
    F: FnOnce(ErrorMetadata, &HttpResponse) -> Result<T, ResponseError>,
{
    parse(meta.clone(), response)
        .map_err(|error| Unhandled::new(meta, response.body().clone()).with_parse_error(error))
}

/// A response arrived but could not be turned into an output or an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseError {
    status: u16,
    request_id: Option<String>,
    kind: ResponseErrorKind,
    path: Option<String>,
    message: String,
}

impl ResponseError {
    /// Describes why `response` could not be parsed, of kind
    /// [`ResponseErrorKind::Other`].
    pub fn new(response: &HttpResponse, message: impl Into<String>) -> Self {
        Self::with_kind(response, ResponseErrorKind::Other, message)
    }

    /// Describes why `response` could not be parsed, of `kind`.
    pub fn with_kind(
        response: &HttpResponse,
        kind: ResponseErrorKind,
        message: impl Into<String>,
    ) -> Self {
        Self {
            status: response.status().as_u16(),
            request_id: request_id(response),
            kind,
            path: None,
            message: message.into(),
        }
    }

    /// Names the member at fault by its JSON path, e.g.
    /// `shape.group[1].circle` (`.` for the whole body is no path).
    #[must_use]
    pub fn with_path(mut self, path: impl Into<String>) -> Self {
        let path = path.into();
        self.path = (!path.is_empty() && path != ".").then_some(path);
        self
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The request id the service assigned, if the response had one.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// What kind of problem it was.
    pub fn kind(&self) -> ResponseErrorKind {
        self.kind
    }

    /// The JSON path of the member whose value was wrong (in the model's
    /// member names, e.g. `logging.s3Logs.s3BucketName`, `tags["k"]` shows
    /// as `tags.k`), when the problem is in one member.
    pub fn path(&self) -> Option<&str> {
        self.path.as_deref()
    }

    /// Why parsing failed; for a body, it names the path and, from the JSON
    /// parser, the line and column.
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
///
/// Non-exhaustive, as the AWS SDK's: kinds of failure may be added (the
/// operation timeout and interceptors added two), so a `match` needs a
/// wildcard arm.
#[derive(Debug)]
#[non_exhaustive]
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
    /// An interceptor registered on the config failed the call
    /// ([`intercept`](crate::intercept)); its error is boxed inside.
    Interceptor(InterceptorError),
    /// The call, retries and backoffs included, took longer than the
    /// operation timeout ([`Config::with_operation_timeout`](crate::Config::with_operation_timeout)).
    /// An attempt that runs out of its attempt timeout is retried; if none
    /// is left, the call ends in a [`Transport`](Self::Transport) error of
    /// kind [`Timeout`](crate::TransportErrorKind::Timeout) instead.
    Timeout(TimeoutError),
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
            Self::Interceptor(error) => write!(f, "{error}"),
            Self::Timeout(error) => write!(f, "{error}"),
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
            Self::Interceptor(error) => error.source(),
            Self::Timeout(error) => error.source(),
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

/// A call cut short by its operation timeout: whatever attempt or backoff
/// was under way was dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeoutError {
    timeout: std::time::Duration,
}

impl TimeoutError {
    /// The call ran out of the operation timeout `timeout`.
    pub fn operation(timeout: std::time::Duration) -> Self {
        Self { timeout }
    }

    /// The operation timeout the call ran out of.
    pub fn timeout(&self) -> std::time::Duration {
        self.timeout
    }
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the call took longer than its operation timeout of {:?}",
            self.timeout
        )
    }
}

impl Error for TimeoutError {}

impl<E> From<TimeoutError> for SdkError<E> {
    fn from(error: TimeoutError) -> Self {
        Self::Timeout(error)
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
    fn other_members_are_skipped_however_deep_and_a_broken_body_keeps_what_came_first() {
        let deep = "[".repeat(100_000) + &"]".repeat(100_000);
        let meta = ErrorMetadata::from_response(&response(
            &[],
            &format!(r#"{{"x": {deep}, "__type": "Deep", "message": {deep}, "Message": "m"}}"#),
        ));
        assert_eq!(meta.code(), Some("Deep"));
        assert_eq!(meta.message(), Some("m"));

        // Truncated after the code; invalid after the message.
        let meta = ErrorMetadata::from_response(&response(&[], r#"{"code": "Cut", "message": "#));
        assert_eq!((meta.code(), meta.message()), (Some("Cut"), None));
        let meta =
            ErrorMetadata::from_response(&response(&[], r#"{"code": "C", "message": "m", !}"#));
        assert_eq!((meta.code(), meta.message()), (Some("C"), Some("m")));

        // The last of a repeated field counts, as it did when read as a map.
        let meta = ErrorMetadata::from_response(&response(
            &[],
            r#"{"code": "First", "code": "Last", "message": "a", "message": 5}"#,
        ));
        assert_eq!((meta.code(), meta.message()), (Some("Last"), None));
    }

    #[test]
    fn a_modeled_error_that_does_not_parse_becomes_unhandled_with_its_metadata() {
        let resp = response(&[("x-amzn-requestid", "rid")], "{oops");
        let meta = ErrorMetadata::new(400).with_code("Known");
        let parsed: Result<ErrorMetadata, Unhandled> =
            modeled_or_unhandled(meta.clone(), &resp, |meta, _| Ok(meta));
        assert_eq!(parsed.unwrap().code(), Some("Known"));

        let failed: Result<ErrorMetadata, Unhandled> =
            modeled_or_unhandled(meta, &resp, |_, resp| {
                Err(
                    ResponseError::with_kind(resp, ResponseErrorKind::InvalidJson, "bad")
                        .with_path("a.b"),
                )
            });
        let unhandled = failed.unwrap_err();
        assert_eq!(unhandled.code(), Some("Known"));
        assert_eq!(unhandled.body(), b"{oops");
        let parse = unhandled.parse_error().unwrap();
        assert_eq!(parse.kind(), ResponseErrorKind::InvalidJson);
        assert_eq!(parse.path(), Some("a.b"));
        assert_eq!(parse.request_id(), Some("rid"));
        assert_eq!(unhandled.source().unwrap().to_string(), parse.to_string());
        assert!(
            Unhandled::new(ErrorMetadata::new(500), Vec::new())
                .source()
                .is_none()
        );
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
