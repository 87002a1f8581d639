//! [`AssumeRoleProvider`]: credentials of an IAM role, from STS
//! `AssumeRole` signed with other credentials; and [`StsSettings`], where
//! the providers of this crate send their STS calls.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use smithy_runtime::credentials::{
    Credentials, CredentialsError, CredentialsResult, ProvideCredentials, ProvideCredentialsFuture,
    SharedCredentials,
};
use smithy_runtime::settings::Settings;
use smithy_runtime::{Config, DateTime, SharedTransport};

use crate::ProviderContext;

/// The variable choosing between STS's regional and global endpoints.
pub const STS_REGIONAL_ENDPOINTS_ENV_VAR: &str = "AWS_STS_REGIONAL_ENDPOINTS";
/// The profile key choosing between STS's regional and global endpoints.
pub const STS_REGIONAL_ENDPOINTS_KEY: &str = "sts_regional_endpoints";

/// The region STS is called in when none is configured: its regional
/// endpoint `sts.us-east-1.amazonaws.com` (or, with `legacy`, the global
/// one, which is signed for us-east-1 too).
pub const STS_FALLBACK_REGION: &str = "us-east-1";

/// The environment id of STS, for `AWS_ENDPOINT_URL_STS` and the
/// `[services]` sections.
const STS_ENV_ID: &str = "STS";

/// Where the providers send their STS calls: the configured region,
/// endpoint URL, FIPS and dual-stack settings, and whether to use the
/// global endpoint.
///
/// | setting | from |
/// | --- | --- |
/// | region | `AWS_REGION`, `AWS_DEFAULT_REGION`, profile `region` (the runtime's [`Settings::region`]); else `us-east-1` |
/// | endpoint URL | `AWS_ENDPOINT_URL_STS`, `AWS_ENDPOINT_URL`, the profile's `services` section or `endpoint_url` ([`Settings::endpoint_url`]) |
/// | FIPS, dual-stack | `AWS_USE_FIPS_ENDPOINT`, `AWS_USE_DUALSTACK_ENDPOINT` and their profile keys |
/// | global endpoint | `AWS_STS_REGIONAL_ENDPOINTS`, profile `sts_regional_endpoints`: `regional` (the default) or `legacy` |
///
/// With `legacy`, the STS rule set's `UseGlobalEndpoint` parameter (the
/// `AWS::STS::UseGlobalEndpoint` built-in) is true, so the regions that
/// had the global endpoint before regional ones existed (us-east-1,
/// eu-west-1, ap-northeast-1 and the other thirteen the rule set lists)
/// call `https://sts.amazonaws.com`; any other region keeps its regional
/// endpoint, as in the SDKs (reference guide, "AWS STS Regionalized
/// endpoints").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StsSettings {
    region: String,
    endpoint_url: Option<String>,
    use_fips: bool,
    use_dual_stack: bool,
    use_global_endpoint: bool,
}

impl StsSettings {
    /// The name errors about these settings use.
    const PROVIDER: &'static str = "sts settings";

    /// The settings of `settings`' environment and selected profile.
    ///
    /// # Errors
    ///
    /// [`InvalidConfiguration`](CredentialsError::InvalidConfiguration)
    /// when a setting's value is not valid (e.g.
    /// `AWS_STS_REGIONAL_ENDPOINTS=global`).
    pub fn from_settings(settings: &Settings) -> Result<Self, CredentialsError> {
        let invalid = |e: smithy_runtime::settings::SettingsError| {
            CredentialsError::invalid_configuration(Self::PROVIDER, e.to_string())
        };
        let use_global_endpoint = match sts_regional_endpoints(settings) {
            None => false,
            Some((_, value)) if value.eq_ignore_ascii_case("regional") => false,
            Some((_, value)) if value.eq_ignore_ascii_case("legacy") => true,
            Some((origin, value)) => {
                return Err(CredentialsError::invalid_configuration(
                    Self::PROVIDER,
                    format!("{origin} is `{value}`; expected `regional` or `legacy`"),
                ));
            }
        };
        Ok(StsSettings {
            region: settings
                .region()
                .unwrap_or_else(|| STS_FALLBACK_REGION.to_owned()),
            endpoint_url: settings.endpoint_url(STS_ENV_ID).map_err(invalid)?,
            use_fips: settings.use_fips().map_err(invalid)?,
            use_dual_stack: settings.use_dual_stack().map_err(invalid)?,
            use_global_endpoint,
        })
    }

    /// The settings of `context`'s environment and its selected profile.
    ///
    /// # Errors
    ///
    /// As [`from_settings`](Self::from_settings).
    pub fn from_context(context: &ProviderContext) -> Result<Self, CredentialsError> {
        Self::from_settings(&settings_of(context, None))
    }

    /// Calls STS in `region`.
    #[must_use]
    pub fn with_region(mut self, region: impl Into<String>) -> Self {
        self.region = region.into();
        self
    }

    /// Sends the STS calls to `url` (a local server in tests).
    #[must_use]
    pub fn with_endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint_url = Some(url.into());
        self
    }

    /// Uses (or not) the global endpoint for the legacy regions.
    #[must_use]
    pub fn with_global_endpoint(mut self, use_global_endpoint: bool) -> Self {
        self.use_global_endpoint = use_global_endpoint;
        self
    }

    /// The region STS is called in.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// The endpoint URL the calls go to instead of STS's, if any.
    pub fn endpoint_url(&self) -> Option<&str> {
        self.endpoint_url.as_deref()
    }

    /// Whether the legacy regions use the global endpoint.
    pub fn use_global_endpoint(&self) -> bool {
        self.use_global_endpoint
    }

    /// A client configuration for STS, without credentials.
    pub(crate) fn config(&self) -> Config {
        let mut config = Config::new()
            .with_region(self.region.as_str())
            .with_use_fips(self.use_fips)
            .with_use_dual_stack(self.use_dual_stack)
            // Bound by name: the runtime knows the parameter only as a
            // rule-set parameter, not as one of its own built-ins.
            .with_client_context_param("UseGlobalEndpoint", self.use_global_endpoint);
        if let Some(url) = &self.endpoint_url {
            config = config.with_endpoint_url(url.as_str());
        }
        config
    }
}

/// `AWS_STS_REGIONAL_ENDPOINTS`, else the profile's `sts_regional_endpoints`,
/// with where it came from.
fn sts_regional_endpoints(settings: &Settings) -> Option<(String, String)> {
    if let Some(value) = settings.env().get(STS_REGIONAL_ENDPOINTS_ENV_VAR) {
        return Some((STS_REGIONAL_ENDPOINTS_ENV_VAR.to_owned(), value));
    }
    let profile = settings.profile_name();
    settings
        .profiles()
        .get(profile, STS_REGIONAL_ENDPOINTS_KEY)
        .filter(|value| !value.is_empty())
        .map(|value| {
            (
                format!("`{STS_REGIONAL_ENDPOINTS_KEY}` in profile `{profile}`"),
                value.to_owned(),
            )
        })
}

/// The runtime's settings over `context`, for `profile` or the selected one.
pub(crate) fn settings_of(context: &ProviderContext, profile: Option<&str>) -> Settings {
    let settings = Settings::from_parts(context.env().clone(), context.profiles().clone());
    match profile {
        Some(profile) => settings.with_profile(profile),
        None => settings,
    }
}

/// A session name as the SDKs make one when none is configured: a prefix
/// and the time in milliseconds (`[\w+=,.@-]`, at most 64 characters).
pub(crate) fn default_session_name(prefix: &str) -> String {
    let millis = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_millis());
    format!("{prefix}-{millis}")
}

/// The credentials of an STS response, with their expiry and the account
/// id of the assumed role's ARN.
pub(crate) fn credentials_from_sts(
    provider: &str,
    what: &str,
    credentials: Option<sts::types::Credentials>,
    assumed_role_arn: Option<&str>,
) -> CredentialsResult {
    let missing = |field: &str| {
        CredentialsError::provider_failed(provider, format!("{what}: the response has no {field}"))
    };
    let credentials = credentials.ok_or_else(|| missing("Credentials"))?;
    let access_key_id = credentials
        .access_key_id
        .ok_or_else(|| missing("AccessKeyId"))?;
    let secret_access_key = credentials
        .secret_access_key
        .ok_or_else(|| missing("SecretAccessKey"))?;
    let session_token = credentials
        .session_token
        .ok_or_else(|| missing("SessionToken"))?;
    let expiration = credentials
        .expiration
        .ok_or_else(|| missing("Expiration"))?;
    let expiry = system_time(&expiration).ok_or_else(|| {
        CredentialsError::provider_failed(
            provider,
            format!("{what}: the expiration {expiration} is before 1970"),
        )
    })?;
    let mut out =
        Credentials::new(access_key_id, secret_access_key, Some(session_token)).with_expiry(expiry);
    if let Some(account_id) = assumed_role_arn.and_then(account_of_arn) {
        out = out.with_account_id(account_id);
    }
    Ok(out)
}

fn system_time(time: &DateTime) -> Option<SystemTime> {
    let secs = u64::try_from(time.secs()).ok()?;
    UNIX_EPOCH.checked_add(Duration::new(secs, time.subsec_nanos()))
}

/// The account of an ARN (`arn:PARTITION:SERVICE:REGION:ACCOUNT:...`), if it
/// is twelve digits.
fn account_of_arn(arn: &str) -> Option<&str> {
    let mut parts = arn.splitn(6, ':');
    if parts.next() != Some("arn") {
        return None;
    }
    let account = parts.nth(3)?;
    (account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit())).then_some(account)
}

/// Credentials of an IAM role, from STS `AssumeRole` signed with source
/// credentials (any provider).
///
/// Each call asks the source for credentials and then STS for new role
/// credentials, which carry their expiry, so that the
/// [`CredentialsCache`](smithy_runtime::credentials::CredentialsCache) in
/// front of it refreshes them in time. The request has:
///
/// - `RoleArn`;
/// - `RoleSessionName`: the one given, else `assume-role-provider-<ms>`
///   (the current time in milliseconds, as aws-sdk-rust names sessions;
///   botocore uses `botocore-session-<s>`);
/// - `DurationSeconds` if given (else STS's default, one hour);
/// - `ExternalId` if given.
///
/// STS is reached as [`StsSettings`] say (by default those of the context
/// it is built from). An error response is a
/// [`ProviderFailed`](CredentialsError::ProviderFailed) naming the role and
/// STS's code and message; a source that has no credentials is an
/// [`InvalidConfiguration`](CredentialsError::InvalidConfiguration) (the
/// role was asked for, so a chain must not move on to another identity).
///
/// `Debug` shows the role and session name, and only whether an external
/// id is set.
#[derive(Clone)]
pub struct AssumeRoleProvider {
    role_arn: String,
    session_name: Option<String>,
    external_id: Option<String>,
    duration_seconds: Option<i32>,
    source: SharedCredentials,
    sts: Result<StsSettings, CredentialsError>,
    transport: SharedTransport,
}

impl AssumeRoleProvider {
    /// The name this provider uses in errors.
    pub const NAME: &'static str = "assume role";

    /// Assumes `role_arn` with credentials from `source`, calling STS as
    /// `context`'s environment and selected profile say, through its
    /// transport.
    pub fn new(
        role_arn: impl Into<String>,
        source: SharedCredentials,
        context: &ProviderContext,
    ) -> Self {
        AssumeRoleProvider {
            role_arn: role_arn.into(),
            session_name: None,
            external_id: None,
            duration_seconds: None,
            source,
            sts: StsSettings::from_context(context),
            transport: Arc::clone(context.transport()),
        }
    }

    /// Names the role session (`RoleSessionName`).
    #[must_use]
    pub fn with_session_name(mut self, name: impl Into<String>) -> Self {
        self.session_name = Some(name.into());
        self
    }

    /// Sends `ExternalId`.
    #[must_use]
    pub fn with_external_id(mut self, external_id: impl Into<String>) -> Self {
        self.external_id = Some(external_id.into());
        self
    }

    /// Asks for credentials valid this many seconds (`DurationSeconds`,
    /// 900 up to the role's maximum; STS checks).
    #[must_use]
    pub fn with_duration_seconds(mut self, seconds: i32) -> Self {
        self.duration_seconds = Some(seconds);
        self
    }

    /// Calls STS as `sts` says.
    #[must_use]
    pub fn with_sts_settings(mut self, sts: StsSettings) -> Self {
        self.sts = Ok(sts);
        self
    }

    /// Uses these STS settings, or fails each call with this error.
    pub(crate) fn with_sts_result(mut self, sts: Result<StsSettings, CredentialsError>) -> Self {
        self.sts = sts;
        self
    }

    /// The role this provider assumes.
    pub fn role_arn(&self) -> &str {
        &self.role_arn
    }

    async fn provide(&self) -> CredentialsResult {
        let sts = self.sts.clone()?;
        let source = match self.source.provide_credentials().await {
            Ok(credentials) => credentials,
            Err(CredentialsError::NotLoaded { provider, reason }) => {
                return Err(CredentialsError::invalid_configuration(
                    Self::NAME,
                    format!(
                        "no source credentials to assume role `{}`: {provider} has none ({reason})",
                        self.role_arn
                    ),
                ));
            }
            Err(other) => return Err(other),
        };
        let session_name = self
            .session_name
            .clone()
            .unwrap_or_else(|| default_session_name("assume-role-provider"));
        let mut request = sts::types::AssumeRoleRequest::builder()
            .role_arn(self.role_arn.as_str())
            .role_session_name(session_name);
        if let Some(external_id) = &self.external_id {
            request = request.external_id(external_id.as_str());
        }
        if let Some(seconds) = self.duration_seconds {
            request = request.duration_seconds(seconds);
        }
        let what = format!("STS AssumeRole for role `{}`", self.role_arn);
        let request = request.build().map_err(|e| {
            CredentialsError::invalid_configuration(Self::NAME, format!("{what}: {e}"))
        })?;
        let client = sts::Client::new(
            sts.config().with_credentials(source),
            Arc::clone(&self.transport),
        );
        let response = client.assume_role(request).await.map_err(|e| {
            CredentialsError::provider_failed(Self::NAME, format!("{what} failed: {e}"))
        })?;
        let arn = response
            .assumed_role_user
            .as_ref()
            .and_then(|u| u.arn.as_deref());
        credentials_from_sts(Self::NAME, &what, response.credentials, arn)
    }
}

impl ProvideCredentials for AssumeRoleProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        ProvideCredentialsFuture::new(self.provide())
    }
}

impl fmt::Debug for AssumeRoleProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AssumeRoleProvider")
            .field("role_arn", &self.role_arn)
            .field("session_name", &self.session_name)
            .field("external_id", &self.external_id.as_ref().map(|_| "set"))
            .field("duration_seconds", &self.duration_seconds)
            .field("source", &self.source)
            .field("sts", &self.sts)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_account_is_the_fifth_field_of_twelve_digits() {
        assert_eq!(
            account_of_arn("arn:aws:sts::123456789012:assumed-role/r/s"),
            Some("123456789012")
        );
        assert_eq!(account_of_arn("arn:aws:sts::1234:assumed-role/r/s"), None);
        assert_eq!(account_of_arn("nope:aws:sts::123456789012:x"), None);
        assert_eq!(account_of_arn("arn:aws"), None);
    }

    #[test]
    fn default_session_names_fit_the_pattern() {
        let name = default_session_name("assume-role-provider");
        assert!(name.len() <= 64, "{name}");
        assert!(name.starts_with("assume-role-provider-"), "{name}");
        assert!(
            name.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"_+=,.@-".contains(&b)),
            "{name}"
        );
    }
}
