//! One operation call, the same for every service: resolve the endpoint,
//! build the request once, then for each attempt sign it afresh, send it
//! under the attempt timeout, and retry what the standard retry mode
//! retries. The request is built once, so every attempt carries the same
//! body, idempotency token included: a retry cannot make a second change.

use std::sync::OnceLock;
use std::time::SystemTime;

use crate::config::Config;
use crate::endpoint::{self, EndpointError, OperationEndpoint, RuleSet};
use crate::error::{ErrorMetadata, RequestError, SdkError};
use crate::retry::{self, RetryKind};
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

/// Why a call ended before a response could be returned.
#[derive(Debug)]
pub enum InvokeError {
    /// The request could not be built or signed; nothing was sent.
    Request(RequestError),
    /// The input cannot go into the request's endpoint (a host label that
    /// is not a valid host label); nothing was sent.
    Validation(ValidationError),
    /// The last attempt failed in the transport.
    Transport(TransportError),
}

impl<E> From<InvokeError> for SdkError<E> {
    fn from(error: InvokeError) -> Self {
        match error {
            InvokeError::Request(error) => SdkError::Request(error),
            InvokeError::Validation(error) => SdkError::Validation(error),
            InvokeError::Transport(error) => SdkError::Transport(error),
        }
    }
}

impl From<RequestError> for InvokeError {
    fn from(error: RequestError) -> Self {
        Self::Request(error)
    }
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
    F: FnOnce(&str) -> Result<HttpRequest, RequestError>,
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
pub async fn invoke_with<T, F>(
    config: &Config,
    service: &ServiceInfo,
    transport: &T,
    operation: &OperationEndpoint,
    build: F,
) -> Result<HttpResponse, InvokeError>
where
    T: Transport + ?Sized,
    F: FnOnce(&str) -> Result<HttpRequest, RequestError>,
{
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
    loop {
        let mut attempt_request = request.clone();
        if let Some(credentials) = &credentials {
            let region = signing_region
                .ok_or_else(|| RequestError::new("no region to sign the request for"))?;
            let params = SigningParams::new(credentials, region, signing_name, SystemTime::now())
                .with_settings(*config.signing_settings())
                .with_key_cache(config.signing_keys());
            sigv4::sign(&mut attempt_request, &params)
                .map_err(|e| RequestError::new(format!("cannot sign the request: {e}")))?;
        }
        let mut sent = with_timeout(
            transport.send(attempt_request),
            config.attempt_timeout(),
            config.sleep().as_ref(),
        )
        .await
        .unwrap_or_else(|| {
            Err(TransportError::new(
                TransportErrorKind::Timeout,
                "no response within the attempt timeout",
            ))
        })
        .and_then(|response| within_limit(response, limit));
        let kind = match &mut sent {
            Ok(response) if response.status().as_u16() >= 400 => {
                // Read once: the generated code finds it in the response.
                let meta = service.error_metadata(response);
                let kind = retry::classify_error(response.status().as_u16(), &meta);
                response.extensions_mut().insert(meta);
                kind
            }
            Ok(_) => RetryKind::Never,
            Err(error) => retry::classify_transport_error(error),
        };
        if kind == RetryKind::Never {
            if sent.is_ok() {
                config.retry_quota().release(spent);
            }
            return sent.map_err(InvokeError::Transport);
        }
        if attempt >= max_attempts {
            return sent.map_err(InvokeError::Transport);
        }
        let Some(cost) = config.retry_quota().acquire(kind) else {
            return sent.map_err(InvokeError::Transport);
        };
        spent += cost;
        let backoff = config.retry().backoff(attempt, retry::jitter());
        config.sleep().sleep(backoff).await;
        attempt += 1;
    }
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
