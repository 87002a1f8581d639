//! One operation call, the same for every service: resolve the endpoint,
//! build the request once, then for each attempt sign it afresh, send it
//! under the attempt timeout, and retry what the standard retry mode
//! retries; in the adaptive mode each attempt first waits for the client's
//! rate limiter, and tells it whether it was throttled. The request is built once, so every attempt carries the same
//! body, idempotency token included: a retry cannot make a second change.
//!
//! # Tracing
//!
//! Each call is a `tracing` span `operation` (fields `service`, the
//! service's SDK id, and `operation`, its name in the model), and each
//! attempt a span `attempt` inside it (`attempt`, 1 for the first; then, as
//! they are known, `status`, `request_id`, `transport_error` (its kind),
//! `retry_reason` and `backoff_ms`), all at `DEBUG` under the target
//! `smithy_runtime::invoke`. An event gives the resolved endpoint (scheme,
//! host and path: a query or user info is left out). Nothing else of the
//! request or response is recorded: no body, no header but the request id,
//! no credentials, no input member, so neither a secret nor a
//! `@sensitive` value can reach a subscriber. Without a subscriber that
//! wants them, spans and events cost a load and a compare each, and no
//! field is computed.
//!
//! What it costs (2 cores shared with other builds, December 2026):
//! `bench/ours/percall` counts 148,950 instructions per call before,
//! 149,277 with no subscriber (+0.2%, interceptor loops included) and
//! 149,265 with a subscriber that wants nothing of `smithy_runtime`
//! (callgrind; its `trace` mode's timings, 15–25 µs a call on the loaded
//! machine, differ by less than their noise). `tracing` is built without
//! its `attributes` proc-macro; with the `https` feature hyper-util already
//! builds it, and a clean release build of this crate took 151.6 s of CPU
//! against 151.1 s before. Without `https`, `tracing` and `tracing-core`
//! are new: 2.7 s and 10.4 s in `cargo build --timings` on that machine.
//! The example program (`bench/ours/app`, release) grew by 27.6 kB, 15.9 kB
//! stripped (+0.3%: spans, interceptors and the generated call sites).
//!
//! # Interceptors
//!
//! The config's [interceptors](crate::intercept) run at the points
//! [`Intercept`](crate::intercept::Intercept) names: the input before the
//! request is built, each attempt's request before and after signing, and
//! each response.

use std::any::Any;
use std::sync::OnceLock;
use std::time::SystemTime;

use tracing::Instrument;
use tracing::field::Empty;

use crate::config::Config;
use crate::endpoint::{self, EndpointError, OperationEndpoint, RuleSet};
use crate::error::{ErrorMetadata, RequestError, SdkError, TimeoutError};
use crate::intercept::{self, Context, Hook, InterceptorError};
use crate::retry::{self, RetryKind, RetryMode};
use crate::sigv4::{self, Credentials, SigningParams};
use crate::sleep::with_timeout;
use crate::transport::{
    HttpRequest, HttpResponse, ResponseBodyLimit, Transport, TransportError, TransportErrorKind,
};
use crate::validate::ValidationError;

/// What the runtime needs to know about a generated service.
#[derive(Debug)]
pub struct ServiceInfo {
    endpoint_prefix: &'static str,
    sdk_id: Option<&'static str>,
    signing_name: &'static str,
    env_id: &'static str,
    rule_set: Option<&'static str>,
    error_metadata: fn(&HttpResponse) -> ErrorMetadata,
    parsed: OnceLock<Result<RuleSet, EndpointError>>,
}

impl ServiceInfo {
    /// Describes a service: the host prefix of its classic endpoint, its
    /// SigV4 signing name, its id in `AWS_ENDPOINT_URL_<ID>` variables, and
    /// its `smithy.rules#endpointRuleSet` as JSON, if the model has one.
    /// An error response's code is read as restJson1 and awsJson write it
    /// (see [`with_error_metadata`](Self::with_error_metadata)).
    pub const fn new(
        endpoint_prefix: &'static str,
        signing_name: &'static str,
        env_id: &'static str,
        rule_set: Option<&'static str>,
    ) -> Self {
        Self {
            endpoint_prefix,
            sdk_id: None,
            signing_name,
            env_id,
            rule_set,
            error_metadata: ErrorMetadata::from_response,
            parsed: OnceLock::new(),
        }
    }

    /// With `read` as the reader of an error response's code, message and
    /// request id: the protocol's, which the retry classifier asks for the
    /// code (throttling codes are retried).
    #[must_use]
    pub const fn with_error_metadata(mut self, read: fn(&HttpResponse) -> ErrorMetadata) -> Self {
        self.error_metadata = read;
        self
    }

    /// With `sdk_id` as the service's name in traces and interceptors
    /// (the model's `sdkId`, e.g. `imagebuilder`, `STS`).
    #[must_use]
    pub const fn with_sdk_id(mut self, sdk_id: &'static str) -> Self {
        self.sdk_id = Some(sdk_id);
        self
    }

    /// The service's name in traces and interceptors: its SDK id, or the
    /// endpoint prefix if none was given.
    pub fn sdk_id(&self) -> &'static str {
        match self.sdk_id {
            Some(id) => id,
            None => self.endpoint_prefix,
        }
    }

    /// The code, message and request id of an error `response`, as the
    /// service's protocol writes them.
    pub fn error_metadata(&self, response: &HttpResponse) -> ErrorMetadata {
        (self.error_metadata)(response)
    }

    /// The host prefix of the classic endpoint, e.g. `imagebuilder`.
    pub fn endpoint_prefix(&self) -> &'static str {
        self.endpoint_prefix
    }

    /// The SigV4 signing name.
    pub fn signing_name(&self) -> &'static str {
        self.signing_name
    }

    /// The service's id in environment variables, e.g. `IMAGEBUILDER`.
    pub fn env_id(&self) -> &'static str {
        self.env_id
    }

    /// The endpoint rule set, parsed on first use.
    pub fn rule_set(&self) -> Option<Result<&RuleSet, RequestError>> {
        let source = self.rule_set?;
        let parsed = self.parsed.get_or_init(|| RuleSet::from_json_str(source));
        Some(parsed.as_ref().map_err(|e| {
            RequestError::new(format!(
                "the service's endpoint rule set is invalid: {}",
                e.message()
            ))
        }))
    }
}

/// Why a call ended before a response could be returned (non-exhaustive,
/// as [`SdkError`]).
#[derive(Debug)]
#[non_exhaustive]
pub enum InvokeError {
    /// The request could not be built or signed; nothing was sent.
    Request(RequestError),
    /// The input cannot go into the request's endpoint (a host label that
    /// is not a valid host label); nothing was sent.
    Validation(ValidationError),
    /// The last attempt failed in the transport.
    Transport(TransportError),
    /// An interceptor failed the call.
    Interceptor(InterceptorError),
    /// The call ran out of its operation timeout.
    Timeout(TimeoutError),
}

impl<E> From<InvokeError> for SdkError<E> {
    fn from(error: InvokeError) -> Self {
        match error {
            InvokeError::Request(error) => SdkError::Request(error),
            InvokeError::Validation(error) => SdkError::Validation(error),
            InvokeError::Transport(error) => SdkError::Transport(error),
            InvokeError::Interceptor(error) => SdkError::Interceptor(error),
            InvokeError::Timeout(error) => SdkError::Timeout(error),
        }
    }
}

impl From<RequestError> for InvokeError {
    fn from(error: RequestError) -> Self {
        Self::Request(error)
    }
}

/// One call of a generated operation, as traces and interceptors see it:
/// the operation's name, its input, and what it adds to endpoint
/// resolution.
#[derive(Clone, Copy)]
pub struct Operation<'a> {
    name: &'static str,
    input: &'a (dyn Any + Send + Sync),
    endpoint: Option<&'a OperationEndpoint>,
}

impl<'a> Operation<'a> {
    /// A call of the operation `name` (as in the model) with `input` (`&()`
    /// for an operation without one), adding nothing to endpoint
    /// resolution.
    pub fn new(name: &'static str, input: &'a (dyn Any + Send + Sync)) -> Self {
        Self {
            name,
            input,
            endpoint: None,
        }
    }

    /// With what the operation adds to endpoint resolution.
    #[must_use]
    pub fn with_endpoint(mut self, endpoint: &'a OperationEndpoint) -> Self {
        self.endpoint = Some(endpoint);
        self
    }

    /// The operation's name.
    pub fn name(&self) -> &'static str {
        self.name
    }
}

impl std::fmt::Debug for Operation<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The input is the caller's, possibly with `@sensitive` members.
        f.debug_struct("Operation")
            .field("name", &self.name)
            .field("endpoint", &self.endpoint)
            .finish_non_exhaustive()
    }
}

/// Performs one call of `operation` of `service`, in a `tracing` span
/// `operation` and running the config's interceptors: what the generated
/// clients call. See [`invoke_with`] for the rest.
pub async fn invoke_operation<T, F>(
    config: &Config,
    service: &ServiceInfo,
    transport: &T,
    operation: &Operation<'_>,
    build: F,
) -> Result<HttpResponse, InvokeError>
where
    T: Transport + ?Sized,
    F: FnOnce(&str) -> Result<HttpRequest, RequestError> + Send,
{
    // The call itself is one function for every operation and transport:
    // generic, its state machine (the largest in the runtime) would be
    // compiled again for each operation's `build`, in the binary and in
    // the build time of a crate with many operations.
    let mut build = Some(build);
    let mut build_once = |url: &str| match build.take() {
        Some(build) => build(url),
        None => Err(RequestError::new("the request was already built")),
    };
    let transport: &dyn Transport = &transport;
    traced_call(config, service, transport, operation, &mut build_once).await
}

/// The builder of a call's request, called once with the endpoint URL.
type BuildRequest<'a> = dyn FnMut(&str) -> Result<HttpRequest, RequestError> + Send + 'a;

/// The call in its `operation` span.
async fn traced_call(
    config: &Config,
    service: &ServiceInfo,
    transport: &dyn Transport,
    operation: &Operation<'_>,
    build: &mut BuildRequest<'_>,
) -> Result<HttpResponse, InvokeError> {
    let span = tracing::debug_span!(
        "operation",
        service = service.sdk_id(),
        operation = operation.name
    );
    let empty;
    let endpoint = match operation.endpoint {
        Some(endpoint) => endpoint,
        None => {
            empty = OperationEndpoint::new();
            &empty
        }
    };
    invoke_call(config, service, transport, operation, endpoint, build)
        .instrument(span)
        .await
}

/// Performs one call of an operation that adds nothing to endpoint
/// resolution: [`invoke_with`] and an empty [`OperationEndpoint`].
pub async fn invoke<T, F>(
    config: &Config,
    service: &ServiceInfo,
    transport: &T,
    build: F,
) -> Result<HttpResponse, InvokeError>
where
    T: Transport + ?Sized,
    F: FnOnce(&str) -> Result<HttpRequest, RequestError> + Send,
{
    invoke_with(config, service, transport, &OperationEndpoint::new(), build).await
}

/// Performs one operation call. The endpoint is resolved with the
/// operation's endpoint parameters, and its host prefix (unless the config
/// disables it) goes before the host, of a custom endpoint URL too, as the
/// AWS SDKs do. A URL the operation takes from its input
/// ([`OperationEndpoint::url_from_member`]) replaces the resolved one. `build` makes the request for that endpoint URL. Returns the last response, success or error, for the
/// generated code to parse; or why no response came.
///
/// Each request carries the config's [`ResponseBodyLimit`], and a response
/// whose body is over it is a [`TransportErrorKind::ResponseTooLarge`]
/// error (not retried) whichever transport returned it.
///
/// The whole call runs under the config's operation timeout, if any
/// ([`Config::with_operation_timeout`]): past it the call ends in
/// [`InvokeError::Timeout`].
///
/// The call is an operation without a name or input for traces and
/// interceptors; generated clients call [`invoke_operation`].
pub async fn invoke_with<T, F>(
    config: &Config,
    service: &ServiceInfo,
    transport: &T,
    operation: &OperationEndpoint,
    build: F,
) -> Result<HttpResponse, InvokeError>
where
    T: Transport + ?Sized,
    F: FnOnce(&str) -> Result<HttpRequest, RequestError> + Send,
{
    let unnamed = Operation::new("", &()).with_endpoint(operation);
    invoke_operation(config, service, transport, &unnamed, build).await
}

/// The call under its operation timeout, if any.
async fn invoke_call(
    config: &Config,
    service: &ServiceInfo,
    transport: &dyn Transport,
    call: &Operation<'_>,
    operation: &OperationEndpoint,
    build: &mut BuildRequest<'_>,
) -> Result<HttpResponse, InvokeError> {
    let call = attempts(config, service, transport, call, operation, build);
    let Some(timeout) = config.operation_timeout() else {
        return call.await;
    };
    with_timeout(call, Some(timeout), config.sleep().as_ref())
        .await
        .unwrap_or_else(|| Err(InvokeError::Timeout(TimeoutError::operation(timeout))))
}

/// The call without its operation timeout: interceptors, endpoint, request,
/// attempts.
async fn attempts(
    config: &Config,
    service: &ServiceInfo,
    transport: &dyn Transport,
    call: &Operation<'_>,
    operation: &OperationEndpoint,
    build: &mut BuildRequest<'_>,
) -> Result<HttpResponse, InvokeError> {
    let interceptors = config.interceptors();
    let context = |attempt| Context {
        service: service.sdk_id(),
        operation: call.name,
        input: call.input,
        attempt,
    };
    intercept::run(interceptors, Hook::ReadBeforeSerialization, |i| {
        i.read_before_serialization(&context(None))
    })
    .map_err(InvokeError::Interceptor)?;
    let prefix = if config.disable_host_prefix() {
        None
    } else {
        operation.host_prefix().map_err(InvokeError::Validation)?
    };
    // A URL the input names (a customization) replaces the resolved one.
    let input_url = operation.url().map_err(InvokeError::Validation)?;
    // Asked once per call, before the endpoint: endpoint rules may use the
    // credentials' account id (`AWS::Auth::AccountId`).
    let credentials = config.credentials().await?;
    let account_id = credentials.as_ref().and_then(Credentials::account_id);
    let endpoint = config.resolve_operation_endpoint_for(service, operation, account_id)?;
    let base = input_url.unwrap_or(&endpoint.url);
    let url = match prefix {
        Some(prefix) => endpoint::prefix_host(base, &prefix)?,
        None => base.to_owned(),
    };
    tracing::debug!(endpoint = loggable_url(&url), "endpoint resolved");
    let mut request = build(&url)?;
    // Sent (and signed) as the SDKs do, whatever the transport would add.
    if !request.body().is_empty() && !request.headers().contains_key(http::header::CONTENT_LENGTH) {
        let length = request.body().len();
        request
            .headers_mut()
            .insert(http::header::CONTENT_LENGTH, length.into());
    }
    for (name, values) in &endpoint.headers {
        for value in values {
            let name = http::HeaderName::try_from(name.as_str())
                .map_err(|e| RequestError::new(format!("endpoint header {name:?}: {e}")))?;
            let value = http::HeaderValue::try_from(value.as_str())
                .map_err(|e| RequestError::new(format!("endpoint header value {value:?}: {e}")))?;
            request.headers_mut().append(name, value);
        }
    }
    let limit = config.max_response_body();
    request.extensions_mut().insert(ResponseBodyLimit(limit));
    let (signing_name, signing_region) = signing_scope(config, service, &endpoint.properties);

    let max_attempts = config.retry().max_attempts();
    let mut spent = 0;
    let mut attempt = 1;
    let adaptive = config.retry().mode() == RetryMode::Adaptive;
    loop {
        let attempt_span = tracing::debug_span!(
            "attempt",
            attempt,
            status = Empty,
            request_id = Empty,
            transport_error = Empty,
            retry_reason = Empty,
            backoff_ms = Empty,
        );
        let context = context(Some(attempt));
        if adaptive {
            config.rate_limiter().acquire(config.sleep().as_ref()).await;
        }
        let mut attempt_request = request.clone();
        // In the attempt's span, so an interceptor's own events are too.
        attempt_span
            .in_scope(|| {
                intercept::run(interceptors, Hook::ModifyBeforeSigning, |i| {
                    i.modify_before_signing(&context, &mut attempt_request)
                })
            })
            .map_err(InvokeError::Interceptor)?;
        if let Some(credentials) = &credentials {
            let region = signing_region
                .ok_or_else(|| RequestError::new("no region to sign the request for"))?;
            let params = SigningParams::new(credentials, region, signing_name, SystemTime::now())
                .with_settings(*config.signing_settings())
                .with_key_cache(config.signing_keys());
            sigv4::sign(&mut attempt_request, &params)
                .map_err(|e| RequestError::new(format!("cannot sign the request: {e}")))?;
        }
        attempt_span
            .in_scope(|| {
                intercept::run(interceptors, Hook::ModifyBeforeTransmit, |i| {
                    i.modify_before_transmit(&context, &mut attempt_request)
                })
            })
            .map_err(InvokeError::Interceptor)?;
        let mut sent = with_timeout(
            transport.send(attempt_request),
            config.attempt_timeout(),
            config.sleep().as_ref(),
        )
        .instrument(attempt_span.clone())
        .await
        .unwrap_or_else(|| {
            Err(TransportError::new(
                TransportErrorKind::Timeout,
                "no response within the attempt timeout",
            ))
        })
        .and_then(|response| within_limit(response, limit));
        if let Ok(response) = &sent {
            attempt_span.record("status", response.status().as_u16());
            attempt_span
                .in_scope(|| {
                    intercept::run(interceptors, Hook::ReadAfterTransmit, |i| {
                        i.read_after_transmit(&context, response)
                    })
                })
                .map_err(InvokeError::Interceptor)?;
        }
        let kind = match &mut sent {
            Ok(response) if response.status().as_u16() >= 400 => {
                // Read once: the generated code finds it in the response.
                let meta = service.error_metadata(response);
                attempt_span.record("request_id", meta.request_id());
                let kind = retry::classify_error(response.status().as_u16(), &meta);
                response.extensions_mut().insert(meta);
                kind
            }
            Ok(response) => {
                // Read (and allocated) only for a subscriber that wants it.
                if !attempt_span.is_disabled() {
                    attempt_span.record("request_id", crate::error::request_id(response));
                }
                RetryKind::Never
            }
            Err(error) => {
                attempt_span.record("transport_error", tracing::field::debug(error.kind()));
                retry::classify_transport_error(error)
            }
        };
        if adaptive {
            config.rate_limiter().record(kind == RetryKind::Throttling);
        }
        if kind == RetryKind::Never {
            if sent.is_ok() {
                config.retry_quota().release(spent);
            }
            return sent.map_err(InvokeError::Transport);
        }
        if attempt >= max_attempts {
            attempt_span.in_scope(|| tracing::debug!(max_attempts, "no attempts left"));
            return sent.map_err(InvokeError::Transport);
        }
        let Some(cost) = config.retry_quota().acquire(kind) else {
            attempt_span.in_scope(|| tracing::debug!("the retry quota is spent"));
            return sent.map_err(InvokeError::Transport);
        };
        spent += cost;
        let backoff = config.retry().backoff(attempt, retry::jitter());
        attempt_span.record("retry_reason", retry_reason(kind));
        attempt_span.record("backoff_ms", backoff.as_millis() as u64);
        config.sleep().sleep(backoff).instrument(attempt_span).await;
        attempt += 1;
    }
}

/// Why an attempt is retried, for traces.
fn retry_reason(kind: RetryKind) -> &'static str {
    match kind {
        RetryKind::Throttling => "throttling",
        RetryKind::Transient => "transient error",
        RetryKind::Timeout => "attempt timeout",
        RetryKind::Never => "not retried",
    }
}

/// `url` without what a trace must not show: user info (`user:password@`),
/// query and fragment. Endpoints have none of them, but a configured
/// endpoint URL could.
fn loggable_url(url: &str) -> String {
    let url = url.split(['?', '#']).next().unwrap_or_default();
    let Some((scheme, rest)) = url.split_once("://") else {
        return String::new();
    };
    let (authority, path) = match rest.find('/') {
        Some(slash) => rest.split_at(slash),
        None => (rest, ""),
    };
    let host = authority.rsplit('@').next().unwrap_or_default();
    format!("{scheme}://{host}{path}")
}

/// Rejects a body over `limit`, whatever the transport read: not every
/// transport honours [`ResponseBodyLimit`] (a [`MockTransport`](crate::MockTransport) does not).
fn within_limit(response: HttpResponse, limit: usize) -> Result<HttpResponse, TransportError> {
    let length = response.body().len();
    if length > limit {
        return Err(TransportError::new(
            TransportErrorKind::ResponseTooLarge,
            format!("the response body of {length} bytes is over the limit of {limit} bytes"),
        ));
    }
    Ok(response)
}

/// The signing name and region: the service's and the client's, unless
/// the endpoint's `authSchemes` property names others.
fn signing_scope<'a>(
    config: &'a Config,
    service: &ServiceInfo,
    properties: &'a serde_json::Map<String, serde_json::Value>,
) -> (&'a str, Option<&'a str>) {
    let mut name = service.signing_name();
    let mut region = config.region();
    let sigv4 = properties
        .get("authSchemes")
        .and_then(serde_json::Value::as_array)
        .and_then(|schemes| {
            schemes
                .iter()
                .find(|s| s.get("name").and_then(serde_json::Value::as_str) == Some("sigv4"))
        });
    if let Some(scheme) = sigv4 {
        if let Some(n) = scheme
            .get("signingName")
            .and_then(serde_json::Value::as_str)
        {
            name = n;
        }
        if let Some(r) = scheme
            .get("signingRegion")
            .and_then(serde_json::Value::as_str)
        {
            region = Some(r);
        }
    }
    (name, region)
}

#[cfg(test)]
mod tests {
    use super::loggable_url;

    #[test]
    fn traced_urls_lose_user_info_query_and_fragment() {
        for (url, traced) in [
            (
                "https://sts.us-east-1.amazonaws.com",
                "https://sts.us-east-1.amazonaws.com",
            ),
            ("http://127.0.0.1:8080/base/", "http://127.0.0.1:8080/base/"),
            (
                "https://user:pa%40ss@proxy.example.com:8443/p?x=1",
                "https://proxy.example.com:8443/p",
            ),
            (
                "https://host.example.com?X-Amz-Signature=abc#frag",
                "https://host.example.com",
            ),
            (
                "https://host.example.com/a#b?c",
                "https://host.example.com/a",
            ),
            ("not a url", ""),
        ] {
            assert_eq!(loggable_url(url), traced, "{url}");
        }
    }
}
