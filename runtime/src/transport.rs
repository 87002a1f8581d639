//! The HTTP layer that generated clients send requests through.
//!
//! Clients are generic over [`Transport`] so callers can plug in any HTTP
//! stack (or none at all, as [`MockTransport`] does in tests) without this
//! crate depending on an async runtime.

use std::collections::VecDeque;
use std::error::Error;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// An HTTP request with a fully buffered body.
pub type HttpRequest = http::Request<Vec<u8>>;

/// An HTTP response with a fully buffered body.
pub type HttpResponse = http::Response<Vec<u8>>;

/// A boxed, `Send` future, so [`Transport`] stays object safe.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Sends one HTTP request and yields its response.
///
/// Implementations only move bytes: any response that arrives, whatever its
/// status, is `Ok`. An `Err` means no response was received at all.
pub trait Transport: Send + Sync {
    /// Sends `request` and resolves to the response the server returned.
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>>;
}

impl<T: Transport + ?Sized> Transport for &T {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        (**self).send(request)
    }
}

impl<T: Transport + ?Sized> Transport for Box<T> {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        (**self).send(request)
    }
}

/// A transport shared between clients (the credential providers' clients
/// share the application's).
pub type SharedTransport = std::sync::Arc<dyn Transport>;

impl<T: Transport + ?Sized> Transport for Arc<T> {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        (**self).send(request)
    }
}

/// The broad reason a [`TransportError`] happened.
///
/// Callers use it to decide whether a retry might help.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// The server refused the connection.
    ConnectionRefused,
    /// The connection was dropped before a full response arrived.
    ConnectionReset,
    /// No response arrived in time.
    Timeout,
    /// Some other I/O failure, such as DNS resolution or TLS.
    Io,
    /// The response body is larger than the [`ResponseBodyLimit`] (see
    /// [`Config::with_max_response_body`](crate::Config::with_max_response_body));
    /// it was not read whole. Never retried.
    ResponseTooLarge,
    /// Anything that fits no other kind.
    Other,
}

impl fmt::Display for TransportErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::ConnectionRefused => "connection refused",
            Self::ConnectionReset => "connection reset",
            Self::Timeout => "timed out",
            Self::Io => "I/O error",
            Self::ResponseTooLarge => "response too large",
            Self::Other => "transport error",
        })
    }
}

/// A request could not be sent, or no response was received.
#[derive(Debug)]
pub struct TransportError {
    kind: TransportErrorKind,
    message: String,
    source: Option<Box<dyn Error + Send + Sync>>,
}

impl TransportError {
    /// Creates an error of `kind` described by `message`.
    pub fn new(kind: TransportErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            source: None,
        }
    }

    /// Attaches the lower-level error that caused this one.
    #[must_use]
    pub fn with_source(mut self, source: impl Into<Box<dyn Error + Send + Sync>>) -> Self {
        self.source = Some(source.into());
        self
    }

    /// The broad reason for the failure.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// The human-readable description given when the error was created.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.message.is_empty() {
            write!(f, "{}", self.kind)
        } else {
            write!(f, "{}: {}", self.kind, self.message)
        }
    }
}

impl Error for TransportError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source
            .as_deref()
            .map(|source| source as &(dyn Error + 'static))
    }
}

/// The most bytes of response body a caller will accept, carried in the
/// request's extensions (`request.extensions().get::<ResponseBodyLimit>()`).
///
/// [`invoke`](crate::invoke()) adds it to every request from the client's
/// [`Config::max_response_body`](crate::Config::max_response_body). A
/// transport should fail with [`TransportErrorKind::ResponseTooLarge`] as
/// soon as it knows the body is larger — from `Content-Length` before
/// reading any of it, or while reading once more has arrived — so a hostile
/// or broken server cannot make the client buffer an unbounded body.
/// `HttpsTransport` does; for any other transport
/// `invoke` checks the body it hands back, which bounds what is parsed but
/// not what that transport read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ResponseBodyLimit(pub usize);

impl ResponseBodyLimit {
    /// The limit of `request`, if it carries one.
    pub fn of(request: &HttpRequest) -> Option<usize> {
        request.extensions().get::<Self>().map(|limit| limit.0)
    }

    /// The error for a body over `limit`: `length` bytes, announced by
    /// `Content-Length` before any was read, or else read before stopping.
    pub fn exceeded(limit: usize, length: u64, announced: bool) -> TransportError {
        let message = if announced {
            format!(
                "the response announces a body of {length} bytes (Content-Length), \
                 over the limit of {limit} bytes"
            )
        } else {
            format!(
                "the response body is over the limit of {limit} bytes \
                 (stopped after reading {length})"
            )
        };
        TransportError::new(TransportErrorKind::ResponseTooLarge, message)
    }
}

/// A [`Transport`] that replays canned responses and records what was sent.
///
/// Clones share the same queue and log, so a test can keep one handle while
/// a client owns another.
///
/// ```
/// use smithy_runtime::{MockTransport, Transport};
///
/// let mock = MockTransport::new();
/// mock.push_json(200, &[], r#"{"ok":true}"#);
/// let request = http::Request::new(Vec::new());
/// let response = pollster::block_on(mock.send(request)).unwrap();
/// assert_eq!(response.body(), br#"{"ok":true}"#);
/// assert_eq!(mock.request_count(), 1);
/// ```
#[derive(Debug, Clone, Default)]
pub struct MockTransport {
    state: Arc<Mutex<MockState>>,
}

#[derive(Debug, Default)]
struct MockState {
    queue: VecDeque<Result<HttpResponse, TransportError>>,
    requests: Vec<HttpRequest>,
}

impl MockTransport {
    /// Creates a mock with nothing queued and nothing recorded.
    pub fn new() -> Self {
        Self::default()
    }

    /// Queues `response` to answer a future request.
    pub fn push_response(&self, response: HttpResponse) {
        self.state().queue.push_back(Ok(response));
    }

    /// Queues a response with `status`, `headers` and a JSON `body`.
    ///
    /// `Content-Type: application/json` is added unless `headers` sets a
    /// content type. A status or header that `http` rejects is queued as a
    /// [`TransportError`] instead, so the mistake shows up where the request
    /// is sent rather than panicking here.
    pub fn push_json(&self, status: u16, headers: &[(&str, &str)], body: &str) {
        let entry = json_response(status, headers, body).map_err(|error| {
            TransportError::new(
                TransportErrorKind::Other,
                "mock transport: invalid queued response",
            )
            .with_source(error)
        });
        self.state().queue.push_back(entry);
    }

    /// Queues `error` to be returned instead of a response.
    pub fn push_error(&self, error: TransportError) {
        self.state().queue.push_back(Err(error));
    }

    /// Copies of every request sent so far, oldest first.
    pub fn requests(&self) -> Vec<HttpRequest> {
        self.state().requests.clone()
    }

    /// A copy of the most recently sent request, if any.
    pub fn last_request(&self) -> Option<HttpRequest> {
        self.state().requests.last().cloned()
    }

    /// How many requests have been sent.
    pub fn request_count(&self) -> usize {
        self.state().requests.len()
    }

    fn state(&self) -> MutexGuard<'_, MockState> {
        // A test that panicked while holding the lock leaves the queue in a
        // consistent state (every operation is a single push or pop), so the
        // data is still safe to use.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Transport for MockTransport {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        let result = {
            let mut state = self.state();
            state.requests.push(request);
            state.queue.pop_front().unwrap_or_else(|| {
                Err(TransportError::new(
                    TransportErrorKind::Other,
                    "mock transport: no response queued",
                ))
            })
        };
        Box::pin(std::future::ready(result))
    }
}

fn json_response(
    status: u16,
    headers: &[(&str, &str)],
    body: &str,
) -> Result<HttpResponse, http::Error> {
    let mut builder = http::Response::builder().status(status);
    let has_content_type = headers
        .iter()
        .any(|(name, _)| name.eq_ignore_ascii_case("content-type"));
    if !has_content_type {
        builder = builder.header(http::header::CONTENT_TYPE, "application/json");
    }
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(body.as_bytes().to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(uri: &str) -> HttpRequest {
        http::Request::builder().uri(uri).body(Vec::new()).unwrap()
    }

    #[test]
    fn responses_are_returned_in_fifo_order_with_errors_interleaved() {
        let mock = MockTransport::new();
        mock.push_json(200, &[], "first");
        mock.push_error(TransportError::new(TransportErrorKind::Timeout, "slow"));
        mock.push_json(404, &[], "third");

        let first = pollster::block_on(mock.send(request("/1"))).unwrap();
        assert_eq!(first.status(), 200);
        assert_eq!(first.body(), b"first");

        let second = pollster::block_on(mock.send(request("/2"))).unwrap_err();
        assert_eq!(second.kind(), TransportErrorKind::Timeout);
        assert_eq!(second.message(), "slow");

        let third = pollster::block_on(mock.send(request("/3"))).unwrap();
        assert_eq!(third.status(), 404);
        assert_eq!(third.body(), b"third");
    }

    #[test]
    fn empty_queue_is_an_error_and_the_request_is_still_recorded() {
        let mock = MockTransport::new();
        let error = pollster::block_on(mock.send(request("/lonely"))).unwrap_err();
        assert_eq!(error.kind(), TransportErrorKind::Other);
        assert_eq!(error.message(), "mock transport: no response queued");
        assert_eq!(mock.request_count(), 1);
        assert_eq!(mock.last_request().unwrap().uri(), "/lonely");
    }

    #[test]
    fn requests_are_recorded_in_order_and_shared_between_clones() {
        let mock = MockTransport::new();
        let handle = mock.clone();
        mock.push_json(200, &[], "{}");
        mock.push_json(200, &[], "{}");
        assert!(handle.last_request().is_none());

        pollster::block_on(mock.send(request("/a"))).unwrap();
        pollster::block_on(mock.send(request("/b"))).unwrap();

        let uris: Vec<String> = handle
            .requests()
            .iter()
            .map(|r| r.uri().to_string())
            .collect();
        assert_eq!(uris, ["/a", "/b"]);
        assert_eq!(handle.request_count(), 2);
        assert_eq!(handle.last_request().unwrap().uri(), "/b");
    }

    #[test]
    fn push_json_sets_headers_and_default_content_type() {
        let mock = MockTransport::new();
        mock.push_json(400, &[("X-Amzn-Errortype", "Boom")], "{}");
        mock.push_json(200, &[("content-type", "text/plain")], "hi");

        let first = pollster::block_on(mock.send(request("/"))).unwrap();
        assert_eq!(first.headers()["x-amzn-errortype"], "Boom");
        assert_eq!(first.headers()["content-type"], "application/json");

        let second = pollster::block_on(mock.send(request("/"))).unwrap();
        let content_types: Vec<_> = second.headers().get_all("content-type").iter().collect();
        assert_eq!(content_types, ["text/plain"]);
    }

    #[test]
    fn push_json_with_invalid_status_queues_an_error_instead_of_panicking() {
        let mock = MockTransport::new();
        mock.push_json(1000, &[], "{}");
        let error = pollster::block_on(mock.send(request("/"))).unwrap_err();
        assert_eq!(error.kind(), TransportErrorKind::Other);
        assert!(error.source().is_some());
    }

    #[test]
    fn push_response_returns_the_exact_response() {
        let mock = MockTransport::new();
        let response = http::Response::builder()
            .status(204)
            .header("x-custom", "1")
            .body(vec![1, 2, 3])
            .unwrap();
        mock.push_response(response);
        let got = pollster::block_on(mock.send(request("/"))).unwrap();
        assert_eq!(got.status(), 204);
        assert_eq!(got.headers()["x-custom"], "1");
        assert_eq!(got.body(), &[1, 2, 3]);
    }

    #[test]
    fn poisoned_lock_is_recovered() {
        let mock = MockTransport::new();
        let poisoner = mock.clone();
        let _ = std::thread::spawn(move || {
            let _guard = poisoner.state.lock().unwrap();
            panic!("poison the mock");
        })
        .join();
        assert!(mock.state.is_poisoned());

        mock.push_json(200, &[], "{}");
        assert!(pollster::block_on(mock.send(request("/"))).is_ok());
        assert_eq!(mock.request_count(), 1);
    }

    #[test]
    fn forwarding_impls_reach_the_inner_transport() {
        fn send_via(transport: impl Transport) -> Result<HttpResponse, TransportError> {
            pollster::block_on(transport.send(request("/")))
        }
        let mock = MockTransport::new();
        for _ in 0..4 {
            mock.push_json(200, &[], "{}");
        }
        send_via(&mock).unwrap();
        send_via(Box::new(mock.clone())).unwrap();
        send_via(Arc::new(mock.clone())).unwrap();
        let dynamic: Arc<dyn Transport> = Arc::new(mock.clone());
        send_via(dynamic).unwrap();
        assert_eq!(mock.request_count(), 4);
    }

    #[test]
    fn transport_error_display_and_source() {
        let io = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "nope");
        let error = TransportError::new(TransportErrorKind::ConnectionRefused, "dialing example")
            .with_source(io);
        assert_eq!(error.to_string(), "connection refused: dialing example");
        assert_eq!(error.source().unwrap().to_string(), "nope");

        let bare = TransportError::new(TransportErrorKind::Timeout, "");
        assert_eq!(bare.to_string(), "timed out");
        assert!(bare.source().is_none());
    }
}
