//! A client's settings: where requests go, how they are signed, retried
//! and timed out.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::adaptive::ClientRateLimiter;
use crate::credentials::{CredentialsCache, ProvideCredentials, SharedCredentials};
use crate::endpoint::{self, Endpoint, OperationEndpoint, Params, Value};
use crate::error::RequestError;
use crate::intercept::{Intercept, SharedInterceptor};
use crate::invoke::ServiceInfo;
use crate::retry::{RetryConfig, RetryMode, RetryQuota};
use crate::settings::{Settings, SettingsError};
use crate::sigv4::{Credentials, SigningKeyCache, SigningSettings};
use crate::sleep::{SharedSleep, Sleep};
use crate::token::SharedTokenProvider;

/// Settings shared by every operation of a client. Clones share the retry
/// quota, as clones of a client should.
#[derive(Clone)]
pub struct Config {
    region: Option<String>,
    endpoint_url: Option<String>,
    use_fips: bool,
    use_dual_stack: bool,
    account_id_endpoint_mode: Option<String>,
    disable_host_prefix: bool,
    client_context_params: Params,
    credentials: Option<SharedCredentials>,
    retry: RetryConfig,
    quota: RetryQuota,
    /// Used in the adaptive retry mode; shared by clones, as the quota is.
    rate_limiter: ClientRateLimiter,
    sleep: SharedSleep,
    attempt_timeout: Option<Duration>,
    operation_timeout: Option<Duration>,
    max_response_body: usize,
    signing: SigningSettings,
    /// Shared by the config's clones, as the retry quota is.
    signing_keys: Arc<SigningKeyCache>,
    idempotency_tokens: Option<SharedTokenProvider>,
    disable_request_compression: bool,
    request_min_compression_size_bytes: u32,
    /// In registration order; clones share each interceptor.
    interceptors: Vec<SharedInterceptor>,
}

/// The largest response body a client reads unless
/// [`Config::with_max_response_body`] says otherwise: 10 MiB.
///
/// The AWS SDKs set no limit, but they stream; a client that reads each
/// body whole into memory to parse it needs one, or a broken proxy or
/// hostile endpoint could make it buffer without end. JSON responses of AWS
/// APIs are far smaller (they paginate); raise it for operations whose
/// (buffered) `@streaming` payload can be larger.
pub const DEFAULT_MAX_RESPONSE_BODY: usize = 10 * 1024 * 1024;

impl Default for Config {
    fn default() -> Self {
        Self {
            region: None,
            endpoint_url: None,
            use_fips: false,
            use_dual_stack: false,
            account_id_endpoint_mode: None,
            disable_host_prefix: false,
            client_context_params: Params::new(),
            credentials: None,
            retry: RetryConfig::standard(),
            quota: RetryQuota::new(),
            rate_limiter: ClientRateLimiter::new(),
            sleep: crate::sleep::default_sleep(),
            attempt_timeout: None,
            operation_timeout: None,
            max_response_body: DEFAULT_MAX_RESPONSE_BODY,
            signing: SigningSettings::default(),
            signing_keys: Arc::new(SigningKeyCache::new()),
            idempotency_tokens: None,
            disable_request_compression: false,
            request_min_compression_size_bytes:
                crate::compression::DEFAULT_MIN_COMPRESSION_SIZE_BYTES,
            interceptors: Vec::new(),
        }
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Credential providers redact their own secrets in Debug.
        f.debug_struct("Config")
            .field("region", &self.region)
            .field("endpoint_url", &self.endpoint_url)
            .field("use_fips", &self.use_fips)
            .field("use_dual_stack", &self.use_dual_stack)
            .field("account_id_endpoint_mode", &self.account_id_endpoint_mode)
            .field("disable_host_prefix", &self.disable_host_prefix)
            .field("client_context_params", &self.client_context_params)
            .field("credentials", &self.credentials)
            .field("retry", &self.retry)
            .field("attempt_timeout", &self.attempt_timeout)
            .field("operation_timeout", &self.operation_timeout)
            .field("max_response_body", &self.max_response_body)
            .field(
                "idempotency_token_provider",
                &self.idempotency_tokens.as_ref().map(|_| "custom"),
            )
            .field(
                "disable_request_compression",
                &self.disable_request_compression,
            )
            .field(
                "request_min_compression_size_bytes",
                &self.request_min_compression_size_bytes,
            )
            .field(
                "interceptors",
                &self
                    .interceptors
                    .iter()
                    .map(|i| i.name())
                    .collect::<Vec<_>>(),
            )
            .finish_non_exhaustive()
    }
}

impl Config {
    /// Nothing set: no region, no credentials (requests go unsigned),
    /// standard retries.
    pub fn new() -> Self {
        Self::default()
    }

    /// The configuration the AWS SDKs would use for `service` in this
    /// process: region, endpoint URL (`AWS_ENDPOINT_URL_<ID>`,
    /// `AWS_ENDPOINT_URL`, the profile), FIPS and dual-stack, max attempts
    /// and retry mode (`standard` or `adaptive`),
    /// request compression and the default credentials chain (environment,
    /// then the shared files' profile), from the environment and
    /// `~/.aws/config` and `~/.aws/credentials`.
    ///
    /// # Errors
    ///
    /// A setting with a value that is not valid, e.g. `AWS_MAX_ATTEMPTS=abc`.
    pub fn from_env(service: &ServiceInfo) -> Result<Self, SettingsError> {
        Self::from_settings(service, &Settings::from_process_env())
    }

    /// The configuration for `service` from resolved [`Settings`].
    ///
    /// # Errors
    ///
    /// A setting with a value that is not valid.
    pub fn from_settings(
        service: &ServiceInfo,
        settings: &Settings,
    ) -> Result<Self, SettingsError> {
        let mut config = Self::new()
            .with_credentials_provider(settings.credentials())
            .with_use_fips(settings.use_fips()?)
            .with_use_dual_stack(settings.use_dual_stack()?)
            .with_account_id_endpoint_mode(settings.account_id_endpoint_mode()?)
            .with_disable_host_prefix(settings.disable_host_prefix_injection()?)
            .with_disable_request_compression(settings.disable_request_compression()?)
            .with_request_min_compression_size_bytes(
                settings.request_min_compression_size_bytes()?,
            );
        if let Some(region) = settings.region() {
            config = config.with_region(region);
        }
        if let Some(url) = settings.endpoint_url(service.env_id())? {
            config = config.with_endpoint_url(url);
        }
        if let Some(attempts) = settings.max_attempts()? {
            config.retry = config.retry.with_max_attempts(attempts);
        }
        if settings.retry_mode()? == Some(RetryMode::Adaptive.as_str()) {
            config.retry = config.retry.with_mode(RetryMode::Adaptive);
        }
        Ok(config)
    }

    /// Sets the AWS region, e.g. `us-east-1`.
    #[must_use]
    pub fn with_region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Sends every request to this URL instead of the service's endpoint
    /// (a local server in tests, a proxy, a VPC endpoint).
    #[must_use]
    pub fn with_endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint_url = Some(url.into());
        self
    }

    /// Uses FIPS endpoints.
    #[must_use]
    pub fn with_use_fips(mut self, use_fips: bool) -> Self {
        self.use_fips = use_fips;
        self
    }

    /// Leaves out the host prefix some operations put before the endpoint's
    /// host (`@endpoint(hostPrefix)` in the model), as
    /// `AWS_DISABLE_HOST_PREFIX_INJECTION=true` does: for an endpoint URL
    /// such as a local test server that has no `api.`-style names. The
    /// host-label members are still sent wherever else the model binds
    /// them.
    #[must_use]
    pub fn with_disable_host_prefix(mut self, disable: bool) -> Self {
        self.disable_host_prefix = disable;
        self
    }

    /// Sets a parameter of the service's endpoint rules that its model
    /// lets clients configure (`smithy.rules#clientContextParams`, listed
    /// in a generated client's documentation), e.g.
    /// `with_client_context_param("Accelerate", true)`. An operation's own
    /// bindings win over it; it wins over the built-ins (region, FIPS, ...).
    /// A parameter the rules do not declare is ignored; one of the wrong
    /// type fails endpoint resolution.
    #[must_use]
    pub fn with_client_context_param(mut self, name: &str, value: impl Into<Value>) -> Self {
        self.client_context_params.set(name, value.into());
        self
    }

    /// Uses dual-stack (IPv4 and IPv6) endpoints.
    #[must_use]
    pub fn with_use_dual_stack(mut self, use_dual_stack: bool) -> Self {
        self.use_dual_stack = use_dual_stack;
        self
    }

    /// Sets the `AWS::Auth::AccountIdEndpointMode` endpoint parameter:
    /// `preferred` (the default: the credentials' account id chooses the
    /// endpoint where the service's rules have account-based endpoints, as
    /// DynamoDB's do), `disabled` or `required` (a call whose credentials
    /// carry no account id fails). The account id is
    /// [`Credentials::account_id`].
    #[must_use]
    pub fn with_account_id_endpoint_mode(mut self, mode: impl Into<String>) -> Self {
        self.account_id_endpoint_mode = Some(mode.into());
        self
    }

    /// Signs requests with these static credentials.
    #[must_use]
    pub fn with_credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(Arc::new(credentials));
        self
    }

    /// Signs requests with credentials from this provider, through a
    /// [`CredentialsCache`]: it is asked on the first call, and again only
    /// when the credentials it gave are about to expire. (Clones of the
    /// config share the cache.)
    #[must_use]
    pub fn with_credentials_provider(mut self, provider: Arc<dyn ProvideCredentials>) -> Self {
        self.credentials = Some(Arc::new(CredentialsCache::new(provider)));
        self
    }

    /// Sets how failed attempts are retried: e.g. [`RetryConfig::adaptive`]
    /// for the adaptive mode's client-side rate limiter.
    #[must_use]
    pub fn with_retry(mut self, retry: RetryConfig) -> Self {
        self.retry = retry;
        self
    }

    /// Uses `limiter` in the adaptive retry mode instead of the config's
    /// own: to share one between clients of the same service and account,
    /// or to read the time from a test's clock. Ignored in standard mode.
    #[must_use]
    pub fn with_rate_limiter(mut self, limiter: ClientRateLimiter) -> Self {
        self.rate_limiter = limiter;
        self
    }

    /// Gives up on an attempt that has no response after `timeout` (the
    /// attempt then counts as a timeout, which is retried).
    #[must_use]
    pub fn with_attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = Some(timeout);
        self
    }

    /// Gives up on a call that has not ended after `timeout`, all its
    /// attempts and backoffs (and the credentials it waits for) included:
    /// the call fails with [`SdkError::Timeout`](crate::SdkError::Timeout),
    /// whatever attempt or backoff was under way dropped. As aws-sdk-rust's
    /// `TimeoutConfig::operation_timeout`: no limit unless set, and no
    /// environment variable or profile key sets it. Set it beside
    /// [`with_attempt_timeout`](Self::with_attempt_timeout) for a hard limit on a call whose
    /// slow attempts are still retried. Measured with the config's timer
    /// ([`with_sleep`](Self::with_sleep)).
    #[must_use]
    pub fn with_operation_timeout(mut self, timeout: Duration) -> Self {
        self.operation_timeout = Some(timeout);
        self
    }

    /// Rejects a response whose body is larger than `bytes` (default
    /// [`DEFAULT_MAX_RESPONSE_BODY`], 10 MiB) with a
    /// [`TransportErrorKind::ResponseTooLarge`](crate::TransportErrorKind::ResponseTooLarge)
    /// error, which is not retried. The limit travels with each request as a
    /// [`ResponseBodyLimit`](crate::ResponseBodyLimit):
    /// `HttpsTransport` refuses a `Content-Length`
    /// over it before reading any of the body and stops reading a chunked
    /// body as soon as it passes it; the body of any other transport's
    /// response (a [`MockTransport`](crate::MockTransport)'s included) is
    /// checked when it is handed back. `usize::MAX` lifts the limit.
    #[must_use]
    pub fn with_max_response_body(mut self, bytes: usize) -> Self {
        self.max_response_body = bytes;
        self
    }

    /// Waits (between retries, for timeouts) with this timer instead of
    /// [`default_sleep`](crate::sleep::default_sleep)'s (Tokio's timer with
    /// the `https` feature, a parked thread without it); e.g. another async
    /// runtime's, or [`ThreadSleep`](crate::sleep::ThreadSleep).
    #[must_use]
    pub fn with_sleep(mut self, sleep: Arc<dyn Sleep>) -> Self {
        self.sleep = sleep;
        self
    }

    /// Sets SigV4 options, such as sending `X-Amz-Content-Sha256`.
    #[must_use]
    pub fn with_signing_settings(mut self, settings: SigningSettings) -> Self {
        self.signing = settings;
        self
    }

    /// Fills the idempotency tokens of inputs that leave an optional
    /// `@idempotencyToken` member unset with what `provider` returns
    /// instead of a random UUID: for tests that expect a known token. A
    /// provider shared by clones of the config is asked once per such call.
    ///
    /// Required token members are filled by the input's builder, with
    /// [`idempotency_token`](crate::token::idempotency_token), when the
    /// input is built; this provider does not see them.
    #[must_use]
    pub fn with_idempotency_token_provider(
        mut self,
        provider: impl Fn() -> String + Send + Sync + 'static,
    ) -> Self {
        self.idempotency_tokens = Some(Arc::new(provider));
        self
    }

    /// Never compresses request bodies (`true`), or compresses those of
    /// operations with `@requestCompression` that are large enough
    /// (`false`, the default), as `AWS_DISABLE_REQUEST_COMPRESSION` and the
    /// profile's `disable_request_compression` say. See
    /// [`compression`](crate::compression).
    #[must_use]
    pub fn with_disable_request_compression(mut self, disable: bool) -> Self {
        self.disable_request_compression = disable;
        self
    }

    /// Compresses the body of an operation with `@requestCompression` when
    /// it has at least `bytes` bytes (default
    /// [`DEFAULT_MIN_COMPRESSION_SIZE_BYTES`](crate::compression::DEFAULT_MIN_COMPRESSION_SIZE_BYTES),
    /// 10240), as `AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES` and the profile's
    /// `request_min_compression_size_bytes` say. The SDKs allow 0 to
    /// [`MAX_MIN_COMPRESSION_SIZE_BYTES`](crate::compression::MAX_MIN_COMPRESSION_SIZE_BYTES)
    /// (10 MiB); a call of such an operation with a larger value fails
    /// before anything is sent.
    #[must_use]
    pub fn with_request_min_compression_size_bytes(mut self, bytes: u32) -> Self {
        self.request_min_compression_size_bytes = bytes;
        self
    }

    /// Adds an interceptor, run after those added before it (see
    /// [`intercept`](crate::intercept) for its hooks). Clones of the config
    /// share it.
    #[must_use]
    pub fn with_interceptor(mut self, interceptor: impl Intercept + 'static) -> Self {
        self.interceptors.push(Arc::new(interceptor));
        self
    }

    /// The interceptors, in the order they run.
    pub fn interceptors(&self) -> &[SharedInterceptor] {
        &self.interceptors
    }

    /// A token for an unset optional `@idempotencyToken` member: from the
    /// provider set with
    /// [`with_idempotency_token_provider`](Self::with_idempotency_token_provider),
    /// else a fresh random UUID ([`idempotency_token`](crate::token::idempotency_token)).
    pub fn idempotency_token(&self) -> String {
        match &self.idempotency_tokens {
            Some(provider) => provider(),
            None => crate::token::idempotency_token(),
        }
    }

    /// Whether request compression is turned off.
    pub fn disable_request_compression(&self) -> bool {
        self.disable_request_compression
    }

    /// The smallest request body, in bytes, that is compressed.
    pub fn request_min_compression_size_bytes(&self) -> u32 {
        self.request_min_compression_size_bytes
    }

    /// The region, if set.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The endpoint URL override, if set.
    pub fn endpoint_url(&self) -> Option<&str> {
        self.endpoint_url.as_deref()
    }

    /// Whether FIPS endpoints are used.
    pub fn use_fips(&self) -> bool {
        self.use_fips
    }

    /// Whether host prefixes are left out.
    pub fn disable_host_prefix(&self) -> bool {
        self.disable_host_prefix
    }

    /// The endpoint rule parameters set with
    /// [`with_client_context_param`](Self::with_client_context_param).
    pub fn client_context_params(&self) -> &Params {
        &self.client_context_params
    }

    /// Whether dual-stack endpoints are used.
    pub fn use_dual_stack(&self) -> bool {
        self.use_dual_stack
    }

    /// The retry settings.
    pub fn retry(&self) -> &RetryConfig {
        &self.retry
    }

    /// The client-side rate limiter this client's calls share in the
    /// adaptive retry mode.
    pub fn rate_limiter(&self) -> &ClientRateLimiter {
        &self.rate_limiter
    }

    /// The retry quota this client's calls share.
    pub fn retry_quota(&self) -> &RetryQuota {
        &self.quota
    }

    /// The attempt timeout, if set.
    pub fn attempt_timeout(&self) -> Option<Duration> {
        self.attempt_timeout
    }

    /// The operation timeout, if set.
    pub fn operation_timeout(&self) -> Option<Duration> {
        self.operation_timeout
    }

    /// The largest response body accepted, in bytes.
    pub fn max_response_body(&self) -> usize {
        self.max_response_body
    }

    /// The timer.
    pub fn sleep(&self) -> &SharedSleep {
        &self.sleep
    }

    /// The SigV4 options.
    pub fn signing_settings(&self) -> &SigningSettings {
        &self.signing
    }

    /// The signing keys this config's calls derived (one per secret, day,
    /// region and service).
    pub fn signing_keys(&self) -> &SigningKeyCache {
        &self.signing_keys
    }

    /// The credentials to sign with, or `None` to send unsigned requests.
    pub async fn credentials(&self) -> Result<Option<Credentials>, RequestError> {
        match &self.credentials {
            None => Ok(None),
            Some(provider) => provider
                .provide_credentials()
                .await
                .map(Some)
                .map_err(|e| RequestError::new(format!("no credentials: {e}"))),
        }
    }

    /// The endpoint for `service`: by its rule set, given the region, FIPS,
    /// dual-stack and endpoint URL settings; for a service without one, the
    /// URL override or else the classic `https://{prefix}.{region}.{dnsSuffix}`.
    pub fn resolve_endpoint(&self, service: &ServiceInfo) -> Result<Endpoint, RequestError> {
        self.resolve_operation_endpoint(service, &OperationEndpoint::new())
    }

    /// The endpoint for one operation of `service`: as
    /// [`resolve_endpoint`](Self::resolve_endpoint), with the client's
    /// context parameters over the built-ins and the operation's over
    /// both (the rules-engine specification's order). The host prefix is
    /// not applied here (see [`invoke_with`](crate::invoke::invoke_with)).
    pub fn resolve_operation_endpoint(
        &self,
        service: &ServiceInfo,
        operation: &OperationEndpoint,
    ) -> Result<Endpoint, RequestError> {
        self.resolve_operation_endpoint_for(service, operation, None)
    }

    /// [`resolve_operation_endpoint`](Self::resolve_operation_endpoint) for
    /// a call signed with credentials of `account_id` (the
    /// `AWS::Auth::AccountId` built-in; not bound when the account-id
    /// endpoint mode is `disabled`).
    pub fn resolve_operation_endpoint_for(
        &self,
        service: &ServiceInfo,
        operation: &OperationEndpoint,
        account_id: Option<&str>,
    ) -> Result<Endpoint, RequestError> {
        let mode = self
            .account_id_endpoint_mode
            .as_deref()
            .unwrap_or(crate::settings::ACCOUNT_ID_ENDPOINT_MODES[0]);
        let failed = |e: endpoint::EndpointError| {
            RequestError::new(format!("cannot resolve the endpoint: {}", e.message()))
        };
        if let Some(rules) = service.rule_set() {
            let rules = rules?;
            let mut params = Params::new();
            for parameter in rules.parameters() {
                match parameter.built_in.as_deref() {
                    Some("AWS::Region") => {
                        if let Some(region) = &self.region {
                            params.set_str(&parameter.name, region.as_str());
                        }
                    }
                    Some("AWS::UseFIPS") => {
                        params.set_bool(&parameter.name, self.use_fips);
                    }
                    Some("AWS::UseDualStack") => {
                        params.set_bool(&parameter.name, self.use_dual_stack);
                    }
                    Some("SDK::Endpoint") => {
                        if let Some(url) = &self.endpoint_url {
                            params.set_str(&parameter.name, url.as_str());
                        }
                    }
                    Some("AWS::Auth::AccountIdEndpointMode") => {
                        params.set_str(&parameter.name, mode);
                    }
                    Some("AWS::Auth::AccountId") => {
                        if let Some(id) = account_id.filter(|_| mode != "disabled") {
                            params.set_str(&parameter.name, id);
                        }
                    }
                    _ => {}
                }
                for bound in [&self.client_context_params, operation.params()] {
                    if let Some(value) = bound.get(&parameter.name) {
                        params.set(&parameter.name, value.clone());
                    }
                }
            }
            return rules.resolve(&params).map_err(failed);
        }
        if let Some(url) = &self.endpoint_url {
            return Ok(Endpoint::from_url(url.as_str()));
        }
        let region = self
            .region
            .as_deref()
            .ok_or_else(|| RequestError::new("no region and no endpoint URL configured"))?;
        endpoint::classic_endpoint(
            service.endpoint_prefix(),
            region,
            self.use_fips,
            self.use_dual_stack,
        )
        .map_err(failed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static CLASSIC: ServiceInfo =
        ServiceInfo::new("imagebuilder", "imagebuilder", "IMAGEBUILDER", None);
    static RULED: ServiceInfo = ServiceInfo::new(
        "svc",
        "svc",
        "SVC",
        Some(
            r#"{"version": "1.0",
                "parameters": {
                    "Region": {"type": "String", "builtIn": "AWS::Region", "required": false},
                    "Endpoint": {"type": "String", "builtIn": "SDK::Endpoint", "required": false},
                    "UseFIPS": {"type": "Boolean", "builtIn": "AWS::UseFIPS", "required": true, "default": false}
                },
                "rules": [
                    {"conditions": [{"fn": "isSet", "argv": [{"ref": "Endpoint"}]}],
                     "endpoint": {"url": {"ref": "Endpoint"}}, "type": "endpoint"},
                    {"conditions": [{"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, true]}],
                     "endpoint": {"url": "https://svc-fips.{Region}.example.com"}, "type": "endpoint"},
                    {"conditions": [{"fn": "isSet", "argv": [{"ref": "Region"}]}],
                     "endpoint": {"url": "https://svc.{Region}.example.com"}, "type": "endpoint"},
                    {"conditions": [], "error": "Invalid Configuration: Missing Region", "type": "error"}
                ]}"#,
        ),
    );

    #[test]
    fn the_override_wins_over_the_region() {
        let config = Config::new()
            .with_region("eu-west-1")
            .with_endpoint_url("http://127.0.0.1:9000");
        assert_eq!(
            config.resolve_endpoint(&CLASSIC).unwrap().url,
            "http://127.0.0.1:9000"
        );
        assert_eq!(
            config.resolve_endpoint(&RULED).unwrap().url,
            "http://127.0.0.1:9000"
        );
    }

    #[test]
    fn the_region_gives_the_classic_endpoint() {
        let config = Config::new().with_region("eu-west-1");
        assert_eq!(
            config.resolve_endpoint(&CLASSIC).unwrap().url,
            "https://imagebuilder.eu-west-1.amazonaws.com"
        );
        let china = Config::new().with_region("cn-north-1");
        assert_eq!(
            china.resolve_endpoint(&CLASSIC).unwrap().url,
            "https://imagebuilder.cn-north-1.amazonaws.com.cn"
        );
        let fips = Config::new().with_region("us-east-1").with_use_fips(true);
        assert_eq!(
            fips.resolve_endpoint(&CLASSIC).unwrap().url,
            "https://imagebuilder-fips.us-east-1.amazonaws.com"
        );
    }

    #[test]
    fn rule_sets_get_the_builtins() {
        let config = Config::new().with_region("eu-west-1");
        assert_eq!(
            config.resolve_endpoint(&RULED).unwrap().url,
            "https://svc.eu-west-1.example.com"
        );
        let fips = config.with_use_fips(true);
        assert_eq!(
            fips.resolve_endpoint(&RULED).unwrap().url,
            "https://svc-fips.eu-west-1.example.com"
        );
        let error = Config::new().resolve_endpoint(&RULED).unwrap_err();
        assert!(error.message().contains("Missing Region"), "{error}");
    }

    #[test]
    fn idempotency_tokens_come_from_the_provider_or_are_random() {
        let fixed = Config::new().with_idempotency_token_provider(|| "fixed-token".to_owned());
        assert_eq!(fixed.idempotency_token(), "fixed-token");
        assert_eq!(fixed.clone().idempotency_token(), "fixed-token");
        assert!(format!("{fixed:?}").contains("custom"), "{fixed:?}");

        let counter = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let seen = Arc::clone(&counter);
        let counting = Config::new().with_idempotency_token_provider(move || {
            let n = seen.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            format!("token-{n}")
        });
        assert_eq!(counting.idempotency_token(), "token-0");
        assert_eq!(counting.idempotency_token(), "token-1");

        let random = Config::new();
        let (first, second) = (random.idempotency_token(), random.idempotency_token());
        assert_ne!(first, second);
        assert_eq!(first.len(), 36, "{first}");
        assert_eq!(first.as_bytes()[14], b'4', "a version 4 UUID: {first}");
    }

    #[test]
    fn nothing_configured_is_an_error() {
        assert!(Config::new().resolve_endpoint(&CLASSIC).is_err());
    }

    #[test]
    fn no_credentials_means_unsigned_and_static_ones_are_returned() {
        assert!(
            pollster::block_on(Config::new().credentials())
                .unwrap()
                .is_none()
        );
        let config = Config::new().with_credentials(Credentials::from_keys("AKID", "SECRET"));
        let credentials = pollster::block_on(config.credentials()).unwrap().unwrap();
        assert_eq!(credentials.access_key_id(), "AKID");
        assert!(!format!("{config:?}").contains("SECRET"));
    }

    #[test]
    fn the_retry_mode_comes_from_the_settings() {
        let settings = |vars: &[(&str, &str)]| {
            crate::settings::Settings::from_parts(
                crate::env::Env::from_map(vars.iter().copied()),
                crate::profile::ProfileSet::parse("", "", "default"),
            )
        };
        let mode = |vars: &[(&str, &str)]| {
            Config::from_settings(&CLASSIC, &settings(vars)).map(|c| c.retry().mode())
        };
        assert_eq!(mode(&[]).unwrap(), RetryMode::Standard);
        assert_eq!(
            mode(&[("AWS_RETRY_MODE", "standard")]).unwrap(),
            RetryMode::Standard
        );
        assert_eq!(
            mode(&[("AWS_RETRY_MODE", "adaptive"), ("AWS_MAX_ATTEMPTS", "5")]).unwrap(),
            RetryMode::Adaptive
        );
        let config = Config::from_settings(
            &CLASSIC,
            &settings(&[("AWS_RETRY_MODE", "adaptive"), ("AWS_MAX_ATTEMPTS", "5")]),
        )
        .unwrap();
        assert_eq!(config.retry().max_attempts(), 5);
        let error = mode(&[("AWS_RETRY_MODE", "legacy")]).unwrap_err();
        assert!(
            error.to_string().contains("`standard` or `adaptive`"),
            "{error}"
        );
        // Clones share the limiter.
        let limiter = config.clone().rate_limiter().clone();
        limiter.record(true);
        assert!(config.rate_limiter().is_enabled());
    }
}
