//! [`ContainerCredentialsProvider`]: credentials from the endpoint a
//! container platform runs for its tasks or pods (ECS task roles, EKS Pod
//! Identity), as the AWS SDKs and Tools Reference Guide, "Container
//! credential provider", describes.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::sync::Arc;
use std::time::Duration;

use smithy_runtime::SharedTransport;
use smithy_runtime::credentials::{
    CredentialsError, CredentialsResult, ProvideCredentials, ProvideCredentialsFuture,
};
use smithy_runtime::env::Env;
use smithy_runtime::http;
use smithy_runtime::sleep::SharedSleep;

use crate::ProviderContext;
use crate::imds::{Sent, parse_credentials, send_with_retries};

/// A path on the ECS endpoint, `http://169.254.170.2`.
pub const RELATIVE_URI_ENV_VAR: &str = "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI";
/// A whole URL (EKS Pod Identity and others).
pub const FULL_URI_ENV_VAR: &str = "AWS_CONTAINER_CREDENTIALS_FULL_URI";
/// A file holding the `Authorization` header's value, read at each call.
pub const AUTHORIZATION_TOKEN_FILE_ENV_VAR: &str = "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE";
/// The `Authorization` header's value.
pub const AUTHORIZATION_TOKEN_ENV_VAR: &str = "AWS_CONTAINER_AUTHORIZATION_TOKEN";

/// The ECS endpoint the relative URI goes on.
pub const ECS_ENDPOINT: &str = "http://169.254.170.2";
/// How long each attempt may take (botocore's container fetcher: 2 s).
pub const DEFAULT_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(2);
/// How many times the request is tried at most (botocore: 3); only `5xx`
/// answers and reset connections are retried.
pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;

const ECS_ADDRESS: Ipv4Addr = Ipv4Addr::new(169, 254, 170, 2);
const EKS_ADDRESS: Ipv4Addr = Ipv4Addr::new(169, 254, 170, 23);
const EKS_ADDRESS_V6: Ipv6Addr = Ipv6Addr::new(0xfd00, 0x0ec2, 0, 0, 0, 0, 0, 0x23);

/// Credentials from a container credentials endpoint.
///
/// - `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` (ECS): `GET
///   http://169.254.170.2` + that path. It wins over the full URI, as in
///   the SDKs.
/// - `AWS_CONTAINER_CREDENTIALS_FULL_URI`: `GET` that URL, which must be
///   `https` (any host) or `http` to a loopback address (`127.0.0.0/8`,
///   `::1`, `localhost`), the ECS `169.254.170.2` or the EKS Pod Identity
///   `169.254.170.23` / `[fd00:ec2::23]`; anything else is an
///   [`InvalidConfiguration`](CredentialsError::InvalidConfiguration) error.
///   Host names other than `localhost` are not resolved to check them
///   (aws-config resolves them; botocore does not).
/// - The `Authorization` header: the contents of the file
///   `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` (read at each call, surrounding
///   white space removed), else `AWS_CONTAINER_AUTHORIZATION_TOKEN`.
///
/// The answer's `AccessKeyId`, `SecretAccessKey`, `Token`, `Expiration` and
/// `AccountId` make the credentials. Neither URI variable set:
/// [`NotLoaded`](CredentialsError::NotLoaded). An error answer, an
/// unreachable endpoint or unreadable JSON:
/// [`ProviderFailed`](CredentialsError::ProviderFailed), naming the status
/// or the field, never a value of the answer.
pub struct ContainerCredentialsProvider {
    env: Env,
    transport: SharedTransport,
    sleep: SharedSleep,
    attempt_timeout: Duration,
    max_attempts: u32,
}

impl ContainerCredentialsProvider {
    /// The name this provider uses in errors.
    pub const NAME: &'static str = "container";

    /// A provider over `context`'s environment (read at each call) and
    /// transport.
    pub fn new(context: &ProviderContext) -> Self {
        ContainerCredentialsProvider {
            env: context.env().clone(),
            transport: Arc::clone(context.transport()),
            sleep: smithy_runtime::sleep::default_sleep(),
            attempt_timeout: DEFAULT_ATTEMPT_TIMEOUT,
            max_attempts: DEFAULT_MAX_ATTEMPTS,
        }
    }

    /// Measures timeouts and back-off with `sleep`.
    #[must_use]
    pub fn with_sleep(mut self, sleep: SharedSleep) -> Self {
        self.sleep = sleep;
        self
    }

    /// Gives each attempt `timeout`.
    #[must_use]
    pub fn with_attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = timeout;
        self
    }

    /// Tries the request at most `attempts` times (at least once).
    #[must_use]
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    fn invalid(reason: impl Into<String>) -> CredentialsError {
        CredentialsError::invalid_configuration(Self::NAME, reason)
    }

    fn failed(message: impl Into<String>) -> CredentialsError {
        CredentialsError::provider_failed(Self::NAME, message)
    }

    /// The URL to ask, from the variables.
    fn url(&self) -> Result<String, CredentialsError> {
        let set = |name: &str| self.env.get(name).filter(|v| !v.trim().is_empty());
        if let Some(relative) = set(RELATIVE_URI_ENV_VAR) {
            let relative = relative.trim();
            let url = if relative.starts_with('/') {
                format!("{ECS_ENDPOINT}{relative}")
            } else {
                format!("{ECS_ENDPOINT}/{relative}")
            };
            return match url.parse::<http::Uri>() {
                Ok(_) => Ok(url),
                Err(_) => Err(Self::invalid(format!(
                    "{RELATIVE_URI_ENV_VAR} is not a valid path"
                ))),
            };
        }
        if let Some(full) = set(FULL_URI_ENV_VAR) {
            let full = full.trim();
            check_full_uri(full)
                .map_err(|why| Self::invalid(format!("{FULL_URI_ENV_VAR} {why}")))?;
            return Ok(full.to_owned());
        }
        Err(CredentialsError::not_loaded(
            Self::NAME,
            format!("neither {RELATIVE_URI_ENV_VAR} nor {FULL_URI_ENV_VAR} is set"),
        ))
    }

    /// The `Authorization` header's value, if the variables give one.
    fn authorization(&self) -> Result<Option<http::HeaderValue>, CredentialsError> {
        let value = if let Some(path) = self
            .env
            .get(AUTHORIZATION_TOKEN_FILE_ENV_VAR)
            .filter(|v| !v.is_empty())
        {
            let contents = std::fs::read_to_string(&path).map_err(|e| {
                Self::invalid(format!(
                    "cannot read the file {AUTHORIZATION_TOKEN_FILE_ENV_VAR} names ({path}): {}",
                    e.kind()
                ))
            })?;
            (
                contents.trim().to_owned(),
                format!("the file {AUTHORIZATION_TOKEN_FILE_ENV_VAR} names"),
            )
        } else if let Some(token) = self
            .env
            .get(AUTHORIZATION_TOKEN_ENV_VAR)
            .filter(|v| !v.is_empty())
        {
            (token, AUTHORIZATION_TOKEN_ENV_VAR.to_owned())
        } else {
            return Ok(None);
        };
        let (token, source) = value;
        if token.is_empty() {
            return Err(Self::invalid(format!("{source} holds an empty token")));
        }
        if token.contains(['\r', '\n']) {
            return Err(Self::invalid(format!(
                "{source} holds a token with a line break, which cannot go in a header"
            )));
        }
        let mut header = http::HeaderValue::from_str(&token).map_err(|_| {
            Self::invalid(format!("{source} holds a token that cannot go in a header"))
        })?;
        header.set_sensitive(true);
        Ok(Some(header))
    }

    async fn load(&self) -> CredentialsResult {
        let url = self.url()?;
        // The path is left out of errors: an ECS path is unguessable on
        // purpose.
        let shown = url
            .parse::<http::Uri>()
            .ok()
            .and_then(|u| Some(format!("{}://{}", u.scheme_str()?, u.authority()?)))
            .unwrap_or_else(|| "of the container".to_owned());
        let authorization = self.authorization()?;
        let build = || {
            let mut builder = http::Request::builder()
                .method(http::Method::GET)
                .uri(&url)
                .header(http::header::ACCEPT, "application/json")
                .header(http::header::USER_AGENT, "smithy-config");
            if let Some(value) = &authorization {
                builder = builder.header(http::header::AUTHORIZATION, value.clone());
            }
            builder
                .body(Vec::new())
                .map_err(|_| format!("cannot make a request to {shown}"))
        };
        let sent = send_with_retries(
            &self.transport,
            self.sleep.as_ref(),
            self.attempt_timeout,
            self.max_attempts,
            build,
        )
        .await
        .map_err(Self::invalid)?;
        let response = match sent {
            Sent::Response(response) => response,
            Sent::TimedOut => {
                return Err(Self::failed(format!(
                    "the endpoint {shown} did not answer within {:?}",
                    self.attempt_timeout
                )));
            }
            Sent::Failed(error) => {
                return Err(Self::failed(format!(
                    "the endpoint {shown} could not be reached: {error}"
                )));
            }
        };
        let status = response.status();
        if !status.is_success() {
            let code = serde_json::from_slice::<serde_json::Value>(response.body())
                .ok()
                .and_then(|json| {
                    let code = json.get("code").or_else(|| json.get("Code"))?.as_str()?;
                    let plain = code.len() <= 64 && code.chars().all(|c| c.is_ascii_alphanumeric());
                    plain.then(|| format!(" (code `{code}`)"))
                })
                .unwrap_or_default();
            return Err(Self::failed(format!(
                "the endpoint {shown} answered with status {}{code}",
                status.as_u16()
            )));
        }
        let body = std::str::from_utf8(response.body())
            .map_err(|_| Self::failed("the credentials answer is not UTF-8"))?;
        parse_credentials(body, Self::NAME, false)
    }
}

/// Whether `uri` is a full URI the SDKs allow; the reason when not.
fn check_full_uri(uri: &str) -> Result<(), String> {
    let parsed: http::Uri = uri.parse().map_err(|_| "is not a valid URL".to_owned())?;
    let host = parsed
        .host()
        .filter(|h| !h.is_empty())
        .ok_or_else(|| "has no host".to_owned())?;
    match parsed.scheme_str() {
        Some("https") => return Ok(()),
        Some("http") => {}
        _ => return Err("must be an http or https URL".to_owned()),
    }
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let allowed = bare.eq_ignore_ascii_case("localhost")
        || match bare.parse::<IpAddr>() {
            Ok(IpAddr::V4(address)) => {
                address.is_loopback() || address == ECS_ADDRESS || address == EKS_ADDRESS
            }
            Ok(IpAddr::V6(address)) => address.is_loopback() || address == EKS_ADDRESS_V6,
            Err(_) => false,
        };
    if allowed {
        Ok(())
    } else {
        Err(format!(
            "is an http URL to {host}: over http only a loopback address, the ECS \
             169.254.170.2 or the EKS 169.254.170.23 / [fd00:ec2::23] are allowed; \
             use https for other hosts"
        ))
    }
}

impl ProvideCredentials for ContainerCredentialsProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        ProvideCredentialsFuture::new(self.load())
    }
}

impl fmt::Debug for ContainerCredentialsProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `Env` shows no values, so no token.
        f.debug_struct("ContainerCredentialsProvider")
            .field("env", &self.env)
            .field("attempt_timeout", &self.attempt_timeout)
            .field("max_attempts", &self.max_attempts)
            .finish_non_exhaustive()
    }
}
