//! The EC2 Instance Metadata Service (IMDS): credentials of the instance's
//! IAM role ([`ImdsCredentialsProvider`]) and the instance's region
//! ([`imds_region`]), through an [`ImdsClient`].
//!
//! The behaviour follows the AWS SDKs and Tools Reference Guide, "IMDS
//! credential provider":
//!
//! - IMDSv2 by default: `PUT /latest/api/token` with
//!   `x-aws-ec2-metadata-token-ttl-seconds: 21600`, then each `GET` with
//!   `x-aws-ec2-metadata-token`. The token is reused until shortly before
//!   its TTL ends; a `401` to a `GET` (a token IMDS no longer accepts) gets
//!   one new token and one more try.
//! - IMDSv1 (the same `GET`s without a token) when the token request fails
//!   with a non-retryable `403`, `404` or `405`, as the guide and botocore
//!   do, or gets no answer within the attempt timeout (as botocore does for
//!   a read timeout: the usual case is a container behind a hop limit of 1,
//!   where the token's answer is dropped) — unless
//!   `AWS_EC2_METADATA_V1_DISABLED` / `ec2_metadata_v1_disabled` is `true`,
//!   in which case a refused token is an error. A `400` to the token request
//!   is always an error (botocore's `BadIMDSRequestError`).
//! - `AWS_EC2_METADATA_DISABLED=true`: IMDS is not asked at all.
//! - The endpoint: `AWS_EC2_METADATA_SERVICE_ENDPOINT` /
//!   `ec2_metadata_service_endpoint` if set, else by
//!   `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE` /
//!   `ec2_metadata_service_endpoint_mode` (`IPv4`, the default:
//!   `http://169.254.169.254`; `IPv6`: `http://[fd00:ec2::254]`). The
//!   environment wins over the profile.
//!
//! # Timeouts and retries
//!
//! Most programs run where there is no IMDS, and the default chain asks it
//! last: it must give up fast. Each attempt has 1 s (botocore's
//! `metadata_service_timeout` default; aws-config uses a 1 s connect and a
//! 1 s read timeout). A request is tried at most 3 times
//! ([`DEFAULT_MAX_ATTEMPTS`]), and only after a `5xx` answer or a reset
//! connection, 100 ms and then 200 ms apart. A refused connection, a
//! timeout or any other failure to reach IMDS is not retried and makes the
//! credentials provider answer
//! [`NotLoaded`](CredentialsError::NotLoaded), so the chain moves on: at
//! once where the connection is refused, after about 1 s where packets are
//! dropped (2 s when the token request times out and the IMDSv1 request
//! does too). aws-config also treats an unreachable IMDS as "not loaded";
//! botocore returns no credentials.
//!
//! What is not done: the extended credentials API
//! (`security-credentials-extended`), extending expired credentials when
//! IMDS is down ("static stability"), and botocore's
//! `AWS_METADATA_SERVICE_TIMEOUT` / `AWS_METADATA_SERVICE_NUM_ATTEMPTS`
//! variables (the builder methods set both).

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use smithy_runtime::credentials::{
    Clock, Credentials, CredentialsError, CredentialsResult, ProvideCredentials,
    ProvideCredentialsFuture,
};
use smithy_runtime::http;
use smithy_runtime::sleep::{SharedSleep, Sleep};
use smithy_runtime::types::{DateTime, TimestampFormat};
use smithy_runtime::{
    HttpRequest, HttpResponse, ResponseBodyLimit, SharedTransport, TransportError,
    TransportErrorKind,
};

use crate::ProviderContext;

/// `true` turns IMDS off (environment only).
pub const DISABLED_ENV_VAR: &str = "AWS_EC2_METADATA_DISABLED";
/// `true` forbids the IMDSv1 fallback.
pub const V1_DISABLED_ENV_VAR: &str = "AWS_EC2_METADATA_V1_DISABLED";
/// The profile key forbidding the IMDSv1 fallback.
pub const V1_DISABLED_KEY: &str = "ec2_metadata_v1_disabled";
/// The endpoint's URL.
pub const ENDPOINT_ENV_VAR: &str = "AWS_EC2_METADATA_SERVICE_ENDPOINT";
/// The profile key of the endpoint's URL.
pub const ENDPOINT_KEY: &str = "ec2_metadata_service_endpoint";
/// `IPv4` or `IPv6`.
pub const ENDPOINT_MODE_ENV_VAR: &str = "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE";
/// The profile key of the endpoint mode.
pub const ENDPOINT_MODE_KEY: &str = "ec2_metadata_service_endpoint_mode";

/// The IPv4 endpoint.
pub const IPV4_ENDPOINT: &str = "http://169.254.169.254";
/// The IPv6 endpoint.
pub const IPV6_ENDPOINT: &str = "http://[fd00:ec2::254]";

/// The token's time to live asked for, as the SDKs do (6 hours).
pub const DEFAULT_TOKEN_TTL: Duration = Duration::from_secs(21_600);
/// How long each attempt may take.
pub const DEFAULT_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(1);
/// How many times a request is tried at most (retries are only for `5xx`
/// answers and reset connections).
pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;

/// How long before its TTL ends a token is replaced (at most half the TTL).
const TOKEN_EXPIRY_BUFFER: Duration = Duration::from_secs(10);
const TOKEN_PATH: &str = "/latest/api/token";
const TOKEN_TTL_HEADER: &str = "x-aws-ec2-metadata-token-ttl-seconds";
const TOKEN_HEADER: &str = "x-aws-ec2-metadata-token";
const CREDENTIALS_PATH: &str = "/latest/meta-data/iam/security-credentials/";
const REGION_PATH: &str = "/latest/meta-data/placement/region";
/// The most bytes of an answer read (IMDS answers are a few hundred).
const MAX_BODY: usize = 64 * 1024;
const FIRST_BACKOFF: Duration = Duration::from_millis(100);

/// Why IMDS gave no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ImdsError {
    /// `AWS_EC2_METADATA_DISABLED` is `true`.
    Disabled,
    /// IMDS could not be reached or did not answer in time: most likely
    /// this is not an EC2 instance.
    Unreachable(String),
    /// IMDS answered `404` for the path: it has no such data.
    NotFound(String),
    /// The settings are not valid.
    InvalidConfiguration(String),
    /// IMDS answered, but with an error or something unreadable.
    Failed(String),
}

impl fmt::Display for ImdsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImdsError::Disabled => write!(f, "IMDS is disabled by {DISABLED_ENV_VAR}"),
            ImdsError::Unreachable(message)
            | ImdsError::NotFound(message)
            | ImdsError::InvalidConfiguration(message)
            | ImdsError::Failed(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for ImdsError {}

/// The settings read from the environment and the profile.
#[derive(Debug, Clone)]
struct Settings {
    disabled: bool,
    endpoint: Result<String, String>,
    v1_disabled: Result<bool, String>,
}

impl Settings {
    fn read(context: &ProviderContext) -> Settings {
        let env = context.env();
        let profiles = context.profiles();
        let lookup = |var: &str, key: &str| -> Option<(String, String)> {
            if let Some(value) = env.get(var).filter(|v| !v.trim().is_empty()) {
                return Some((value.trim().to_owned(), var.to_owned()));
            }
            profiles
                .get_selected(key)
                .filter(|v| !v.trim().is_empty())
                .map(|value| {
                    (
                        value.trim().to_owned(),
                        format!("`{key}` of profile `{}`", profiles.selected()),
                    )
                })
        };
        let disabled = env
            .get(DISABLED_ENV_VAR)
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
        let v1_disabled = match lookup(V1_DISABLED_ENV_VAR, V1_DISABLED_KEY) {
            None => Ok(false),
            Some((value, source)) => parse_bool(&value)
                .ok_or_else(|| format!("{source} must be `true` or `false`, not `{value}`")),
        };
        let endpoint = match lookup(ENDPOINT_ENV_VAR, ENDPOINT_KEY) {
            Some((value, source)) => check_endpoint(&value)
                .map_err(|why| format!("{source} is not a valid endpoint URL ({why})")),
            None => match lookup(ENDPOINT_MODE_ENV_VAR, ENDPOINT_MODE_KEY) {
                None => Ok(IPV4_ENDPOINT.to_owned()),
                Some((mode, _)) if mode.eq_ignore_ascii_case("ipv4") => {
                    Ok(IPV4_ENDPOINT.to_owned())
                }
                Some((mode, _)) if mode.eq_ignore_ascii_case("ipv6") => {
                    Ok(IPV6_ENDPOINT.to_owned())
                }
                Some((mode, source)) => {
                    Err(format!("{source} must be `IPv4` or `IPv6`, not `{mode}`"))
                }
            },
        };
        Settings {
            disabled,
            endpoint,
            v1_disabled,
        }
    }
}

fn parse_bool(value: &str) -> Option<bool> {
    if value.eq_ignore_ascii_case("true") {
        Some(true)
    } else if value.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// An `http`/`https` URL with a host and nothing after the path; returned
/// without a trailing `/`.
fn check_endpoint(value: &str) -> Result<String, String> {
    let uri: http::Uri = value.parse().map_err(|_| "not a URL".to_owned())?;
    match uri.scheme_str() {
        Some("http" | "https") => {}
        _ => return Err("the scheme must be http or https".to_owned()),
    }
    if uri.host().is_none_or(str::is_empty) {
        return Err("no host".to_owned());
    }
    if uri.query().is_some() {
        return Err("a query is not allowed".to_owned());
    }
    Ok(value.trim_end_matches('/').to_owned())
}

/// Where a few requests in a row go, and with which token.
struct Session {
    endpoint: String,
    v1_disabled: bool,
    /// `None` for IMDSv1.
    token: Option<String>,
}

/// A token and when it stops being used.
struct Token {
    value: String,
    use_until: SystemTime,
}

/// What the retry loop of [`send_with_retries`] ended with.
pub(crate) enum Sent {
    /// A response, whatever its status (after the retries of `5xx`).
    Response(HttpResponse),
    /// No answer within the attempt timeout.
    TimedOut,
    /// The transport failed.
    Failed(TransportError),
}

/// Sends the request `build` makes, up to `max_attempts` times: again only
/// after a `5xx` answer or a reset connection (never after a timeout or a
/// refused connection), with a doubling back-off from 100 ms.
pub(crate) async fn send_with_retries(
    transport: &SharedTransport,
    sleep: &dyn Sleep,
    attempt_timeout: Duration,
    max_attempts: u32,
    build: impl Fn() -> Result<HttpRequest, String>,
) -> Result<Sent, String> {
    let mut backoff = FIRST_BACKOFF;
    let mut attempt = 1;
    loop {
        let mut request = build()?;
        request.extensions_mut().insert(ResponseBodyLimit(MAX_BODY));
        let sent = match smithy_runtime::sleep::with_timeout(
            transport.send(request),
            Some(attempt_timeout),
            sleep,
        )
        .await
        {
            None => Sent::TimedOut,
            Some(Ok(response)) if response.body().len() > MAX_BODY => {
                Sent::Failed(TransportError::new(
                    TransportErrorKind::ResponseTooLarge,
                    format!("the answer is over {MAX_BODY} bytes"),
                ))
            }
            Some(Ok(response)) => Sent::Response(response),
            Some(Err(error)) => Sent::Failed(error),
        };
        let retry = match &sent {
            Sent::Response(response) => response.status().is_server_error(),
            Sent::Failed(error) => error.kind() == TransportErrorKind::ConnectionReset,
            Sent::TimedOut => false,
        };
        if !retry || attempt >= max_attempts {
            return Ok(sent);
        }
        sleep.sleep(backoff).await;
        backoff *= 2;
        attempt += 1;
    }
}

/// A client of the instance metadata service: IMDSv2 with its session
/// token (kept and reused), IMDSv1 as the fallback the settings allow.
///
/// See the [module documentation](self) for the settings, the fallback and
/// the timeouts.
pub struct ImdsClient {
    settings: Settings,
    transport: SharedTransport,
    sleep: SharedSleep,
    clock: Clock,
    token_ttl: Duration,
    attempt_timeout: Duration,
    max_attempts: u32,
    token: Mutex<Option<Token>>,
}

impl ImdsClient {
    /// A client with `context`'s settings (read now) and transport.
    pub fn new(context: &ProviderContext) -> Self {
        ImdsClient {
            settings: Settings::read(context),
            transport: Arc::clone(context.transport()),
            sleep: smithy_runtime::sleep::default_sleep(),
            clock: Arc::new(SystemTime::now),
            token_ttl: DEFAULT_TOKEN_TTL,
            attempt_timeout: DEFAULT_ATTEMPT_TIMEOUT,
            max_attempts: DEFAULT_MAX_ATTEMPTS,
            token: Mutex::new(None),
        }
    }

    /// Measures timeouts and back-off with `sleep`.
    #[must_use]
    pub fn with_sleep(mut self, sleep: SharedSleep) -> Self {
        self.sleep = sleep;
        self
    }

    /// Reads the time (for the token's expiry) from `clock`.
    #[must_use]
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// Asks for tokens that live `ttl` (whole seconds, at least 1; IMDS
    /// accepts 1 to 21600).
    #[must_use]
    pub fn with_token_ttl(mut self, ttl: Duration) -> Self {
        self.token_ttl = Duration::from_secs(ttl.as_secs().max(1));
        self
    }

    /// Gives each attempt `timeout`.
    #[must_use]
    pub fn with_attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = timeout;
        self
    }

    /// Tries a request at most `attempts` times (at least once).
    #[must_use]
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The endpoint the client calls, or why the settings give none.
    ///
    /// # Errors
    ///
    /// The endpoint or endpoint mode setting is not valid.
    pub fn endpoint(&self) -> Result<&str, ImdsError> {
        self.settings
            .endpoint
            .as_deref()
            .map_err(|why| ImdsError::InvalidConfiguration(why.clone()))
    }

    /// The body of `GET path` (e.g. `/latest/meta-data/placement/region`).
    ///
    /// # Errors
    ///
    /// See [`ImdsError`]'s variants.
    pub async fn get(&self, path: &str) -> Result<String, ImdsError> {
        let mut session = self.session().await?;
        self.get_in(&mut session, path).await
    }

    /// The endpoint and the token (or IMDSv1) for a few requests in a row,
    /// so that a fallback to IMDSv1 is decided once for them.
    async fn session(&self) -> Result<Session, ImdsError> {
        if self.settings.disabled {
            return Err(ImdsError::Disabled);
        }
        let endpoint = self.endpoint()?.to_owned();
        let v1_disabled = self
            .settings
            .v1_disabled
            .clone()
            .map_err(ImdsError::InvalidConfiguration)?;
        let token = self.token(&endpoint, v1_disabled).await?;
        Ok(Session {
            endpoint,
            v1_disabled,
            token,
        })
    }

    async fn get_in(&self, session: &mut Session, path: &str) -> Result<String, ImdsError> {
        let mut renewed = false;
        loop {
            let Session {
                endpoint, token, ..
            } = &*session;
            let sent = self.send(http::Method::GET, endpoint, path, token.as_deref(), None);
            let response = match sent.await? {
                Sent::Response(response) => response,
                // With a token IMDS is known to be there: its silence now
                // is a failure; without one it may just not exist.
                Sent::TimedOut if token.is_some() => {
                    return Err(ImdsError::Failed(format!(
                        "IMDS did not answer GET {path} within {:?}",
                        self.attempt_timeout
                    )));
                }
                Sent::TimedOut => {
                    return Err(ImdsError::Unreachable(format!(
                        "IMDS at {endpoint} did not answer within {:?}",
                        self.attempt_timeout
                    )));
                }
                Sent::Failed(error) if token.is_some() => {
                    return Err(ImdsError::Failed(format!("GET {path}: {error}")));
                }
                Sent::Failed(error) => {
                    return Err(ImdsError::Unreachable(format!(
                        "IMDS at {endpoint} could not be reached: {error}"
                    )));
                }
            };
            if response.status().as_u16() == 401 && token.is_some() && !renewed {
                // The token is no longer accepted: one new one, one more
                // try.
                self.forget_token();
                session.token = self.token(&session.endpoint, session.v1_disabled).await?;
                renewed = true;
                continue;
            }
            match response.status().as_u16() {
                200 => {
                    return String::from_utf8(response.into_body()).map_err(|_| {
                        ImdsError::Failed(format!("the answer to GET {path} is not UTF-8"))
                    });
                }
                404 => {
                    return Err(ImdsError::NotFound(format!(
                        "IMDS has nothing at {path} (404)"
                    )));
                }
                status => {
                    return Err(ImdsError::Failed(format!(
                        "IMDS answered GET {path} with status {status}"
                    )));
                }
            }
        }
    }

    fn forget_token(&self) {
        *self.token.lock().unwrap_or_else(PoisonError::into_inner) = None;
    }

    /// The token to send: the kept one while it is good, else a new one;
    /// `None` for IMDSv1.
    async fn token(&self, endpoint: &str, v1_disabled: bool) -> Result<Option<String>, ImdsError> {
        let now = (self.clock)();
        {
            let kept = self.token.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some(token) = kept.as_ref().filter(|t| now < t.use_until) {
                return Ok(Some(token.value.clone()));
            }
        }
        let ttl = self.token_ttl.as_secs().to_string();
        let sent = self
            .send(http::Method::PUT, endpoint, TOKEN_PATH, None, Some(&ttl))
            .await?;
        let fallback = |why: String| {
            if v1_disabled {
                Err(ImdsError::Failed(format!(
                    "{why}, and the IMDSv1 fallback is disabled \
                     ({V1_DISABLED_ENV_VAR} / {V1_DISABLED_KEY})"
                )))
            } else {
                Ok(None)
            }
        };
        let response = match sent {
            Sent::Response(response) => response,
            Sent::TimedOut if v1_disabled => {
                return Err(ImdsError::Unreachable(format!(
                    "IMDS at {endpoint} did not answer the token request within {:?} \
                     (the IMDSv1 fallback is disabled)",
                    self.attempt_timeout
                )));
            }
            Sent::TimedOut => return Ok(None),
            Sent::Failed(error) => {
                return Err(ImdsError::Unreachable(format!(
                    "IMDS at {endpoint} could not be reached: {error}"
                )));
            }
        };
        match response.status().as_u16() {
            200 => {}
            status @ 403..=405 => {
                return fallback(format!("the IMDSv2 token request was refused ({status})"));
            }
            400 => {
                return Err(ImdsError::Failed(
                    "IMDS rejected the token request as invalid (400)".to_owned(),
                ));
            }
            status => {
                return Err(ImdsError::Failed(format!(
                    "IMDS answered the token request with status {status}"
                )));
            }
        }
        let granted = response
            .headers()
            .get(TOKEN_TTL_HEADER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map_or(self.token_ttl, Duration::from_secs);
        let value = String::from_utf8(response.into_body())
            .ok()
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty() && http::HeaderValue::from_str(v).is_ok())
            .ok_or_else(|| {
                ImdsError::Failed("IMDS answered the token request with no usable token".into())
            })?;
        let use_until = now + granted - TOKEN_EXPIRY_BUFFER.min(granted / 2);
        *self.token.lock().unwrap_or_else(PoisonError::into_inner) = Some(Token {
            value: value.clone(),
            use_until,
        });
        Ok(Some(value))
    }

    async fn send(
        &self,
        method: http::Method,
        endpoint: &str,
        path: &str,
        token: Option<&str>,
        ttl: Option<&str>,
    ) -> Result<Sent, ImdsError> {
        let url = format!("{endpoint}{path}");
        let build = || {
            let mut builder = http::Request::builder()
                .method(method.clone())
                .uri(&url)
                .header(http::header::ACCEPT, "*/*")
                .header(http::header::USER_AGENT, "smithy-config");
            if let Some(token) = token {
                builder = builder.header(TOKEN_HEADER, token);
            }
            if let Some(ttl) = ttl {
                builder = builder.header(TOKEN_TTL_HEADER, ttl);
            }
            builder
                .body(Vec::new())
                .map_err(|_| format!("cannot make a request to {endpoint}{path}"))
        };
        send_with_retries(
            &self.transport,
            self.sleep.as_ref(),
            self.attempt_timeout,
            self.max_attempts,
            build,
        )
        .await
        .map_err(ImdsError::InvalidConfiguration)
    }
}

impl fmt::Debug for ImdsClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never the token.
        let has_token = self.token.lock().map(|t| t.is_some()).unwrap_or_default();
        f.debug_struct("ImdsClient")
            .field("endpoint", &self.settings.endpoint)
            .field("disabled", &self.settings.disabled)
            .field("v1_disabled", &self.settings.v1_disabled)
            .field("token_ttl", &self.token_ttl)
            .field("attempt_timeout", &self.attempt_timeout)
            .field("max_attempts", &self.max_attempts)
            .field("has_token", &has_token)
            .finish_non_exhaustive()
    }
}

/// Credentials of the instance's IAM role from IMDS: the role's name from
/// `GET /latest/meta-data/iam/security-credentials/`, then its credentials
/// from `GET /latest/meta-data/iam/security-credentials/{role}`, with their
/// `Expiration`.
///
/// | situation | result |
/// | --- | --- |
/// | IMDS disabled, unreachable or silent; no role attached (404 or an empty list) | [`NotLoaded`](CredentialsError::NotLoaded) |
/// | an invalid endpoint, endpoint mode or `ec2_metadata_v1_disabled` setting | [`InvalidConfiguration`](CredentialsError::InvalidConfiguration) |
/// | an error answer, a `Code` other than `Success`, unreadable JSON, a refused token with IMDSv1 disabled | [`ProviderFailed`](CredentialsError::ProviderFailed) |
#[derive(Debug)]
pub struct ImdsCredentialsProvider {
    client: ImdsClient,
}

impl ImdsCredentialsProvider {
    /// The name this provider uses in errors.
    pub const NAME: &'static str = "imds";

    /// A provider with `context`'s settings (read now) and transport.
    pub fn new(context: &ProviderContext) -> Self {
        Self::from_client(ImdsClient::new(context))
    }

    /// A provider asking `client`.
    pub fn from_client(client: ImdsClient) -> Self {
        ImdsCredentialsProvider { client }
    }

    /// The client this provider asks.
    pub fn client(&self) -> &ImdsClient {
        &self.client
    }

    async fn load(&self) -> CredentialsResult {
        let mut session = self.client.session().await.map_err(credentials_error)?;
        let listing = self
            .client
            .get_in(&mut session, CREDENTIALS_PATH)
            .await
            .map_err(credentials_error)?;
        let Some(role) = listing.lines().map(str::trim).find(|l| !l.is_empty()) else {
            return Err(CredentialsError::not_loaded(
                Self::NAME,
                "the instance has no IAM role (the list of roles is empty)",
            ));
        };
        if !role
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c))
        {
            return Err(CredentialsError::provider_failed(
                Self::NAME,
                "IMDS answered with a role name that is not a valid IAM role name",
            ));
        }
        let body = self
            .client
            .get_in(&mut session, &format!("{CREDENTIALS_PATH}{role}"))
            .await
            .map_err(credentials_error)?;
        parse_credentials(&body, Self::NAME, true)
    }
}

fn credentials_error(error: ImdsError) -> CredentialsError {
    let name = ImdsCredentialsProvider::NAME;
    match error {
        ImdsError::Disabled => CredentialsError::not_loaded(name, error.to_string()),
        ImdsError::Unreachable(message) => CredentialsError::not_loaded(name, message),
        ImdsError::NotFound(message) => CredentialsError::not_loaded(
            name,
            format!("the instance has no IAM role credentials: {message}"),
        ),
        ImdsError::InvalidConfiguration(message) => {
            CredentialsError::invalid_configuration(name, message)
        }
        ImdsError::Failed(message) => CredentialsError::provider_failed(name, message),
    }
}

impl ProvideCredentials for ImdsCredentialsProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        ProvideCredentialsFuture::new(self.load())
    }
}

/// Credentials from the JSON IMDS and the container endpoints answer:
/// `AccessKeyId`, `SecretAccessKey`, `Token`, `Expiration` (RFC 3339) and
/// optionally `AccountId`; with `check_code`, `Code` must be `Success`.
/// Errors name the source and the field, never a value.
pub(crate) fn parse_credentials(body: &str, source: &str, check_code: bool) -> CredentialsResult {
    let failed = |why: String| CredentialsError::provider_failed(source, why);
    let json: serde_json::Value = serde_json::from_str(body).map_err(|e| {
        failed(format!(
            "the credentials answer is not JSON ({})",
            json_error_kind(&e)
        ))
    })?;
    let object = json
        .as_object()
        .ok_or_else(|| failed("the credentials answer is not a JSON object".to_owned()))?;
    let text = |field: &str| -> Result<Option<&str>, CredentialsError> {
        match object.get(field) {
            None | Some(serde_json::Value::Null) => Ok(None),
            Some(serde_json::Value::String(s)) if s.is_empty() => Ok(None),
            Some(serde_json::Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(failed(format!(
                "`{field}` in the credentials answer is not a string"
            ))),
        }
    };
    if check_code {
        match text("Code")? {
            Some("Success") => {}
            Some(code) if code.len() <= 64 && code.chars().all(|c| c.is_ascii_alphanumeric()) => {
                return Err(failed(format!("the credentials answer has Code `{code}`")));
            }
            Some(_) => {
                return Err(failed(
                    "the credentials answer has a Code other than `Success`".to_owned(),
                ));
            }
            None => return Err(failed("the credentials answer has no `Code`".to_owned())),
        }
    }
    let required = |field: &str| {
        text(field)?.ok_or_else(|| failed(format!("the credentials answer has no `{field}`")))
    };
    let access_key_id = required("AccessKeyId")?;
    let secret_access_key = required("SecretAccessKey")?;
    let token = text("Token")?;
    let mut credentials =
        Credentials::new(access_key_id, secret_access_key, token.map(str::to_owned));
    if let Some(expiration) = text("Expiration")? {
        let expiry = DateTime::parse(expiration, TimestampFormat::DateTime)
            .ok()
            .and_then(|t| SystemTime::try_from(t).ok())
            .ok_or_else(|| {
                failed("`Expiration` in the credentials answer is not an RFC 3339 time".into())
            })?;
        credentials = credentials.with_expiry(expiry);
    }
    if let Some(account_id) = text("AccountId")? {
        credentials = credentials.with_account_id(account_id);
    }
    Ok(credentials)
}

/// What kind of JSON error, without the excerpt or value serde_json's
/// message may quote.
pub(crate) fn json_error_kind(error: &serde_json::Error) -> &'static str {
    match error.classify() {
        serde_json::error::Category::Io => "an I/O error",
        serde_json::error::Category::Syntax => "a syntax error",
        serde_json::error::Category::Data => "unexpected data",
        serde_json::error::Category::Eof => "it ends too early",
    }
}

/// The instance's region from IMDS (`GET /latest/meta-data/placement/region`),
/// or `None` when IMDS is disabled, unreachable, or has no answer.
pub async fn imds_region(context: &ProviderContext) -> Option<String> {
    region_from(&ImdsClient::new(context)).await
}

/// The region `client` gets from IMDS, as [`imds_region`].
pub async fn region_from(client: &ImdsClient) -> Option<String> {
    let region = client.get(REGION_PATH).await.ok()?;
    let region = region.trim();
    let valid = !region.is_empty()
        && region.len() <= 64
        && region
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-');
    valid.then(|| region.to_owned())
}
