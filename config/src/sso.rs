//! [`SsoCredentialsProvider`]: role credentials from IAM Identity Center
//! (successor to AWS Single Sign-On), with the access token `aws sso login`
//! left in `~/.aws/sso/cache`.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{Map, Value};
use sha1::{Digest, Sha1};
use smithy_runtime::credentials::{
    Clock, Credentials, CredentialsError, CredentialsResult, ProvideCredentials,
    ProvideCredentialsFuture,
};
use smithy_runtime::env::Env;
use smithy_runtime::profile::ProfileSet;
use smithy_runtime::settings::Settings;
use smithy_runtime::{Config, DateTime, SdkError, SharedTransport};
use zeroize::{Zeroize, Zeroizing};

use crate::ProviderContext;

/// The `environment id` of the SSO portal service, for
/// `AWS_ENDPOINT_URL_SSO` and `[services]` sections.
const SSO_SERVICE_ID: &str = "SSO";
/// The same of SSO OIDC: `AWS_ENDPOINT_URL_SSO_OIDC`.
const SSO_OIDC_SERVICE_ID: &str = "SSO_OIDC";

/// Role credentials from IAM Identity Center (AWS SDKs and Tools Reference
/// Guide, "IAM Identity Center credential provider"), configured by a
/// profile in one of two forms.
///
/// The `sso_session` form, which `aws configure sso` writes today:
///
/// ```ini
/// [profile dev]
/// sso_session = my-sso
/// sso_account_id = 111122223333
/// sso_role_name = Developer
///
/// [sso-session my-sso]
/// sso_start_url = https://d-abc123.awsapps.com/start
/// sso_region = us-east-1
/// sso_registration_scopes = sso:account:access
/// ```
///
/// and the legacy form, with `sso_start_url`, `sso_region`,
/// `sso_account_id` and `sso_role_name` all in the profile.
///
/// # What it does
///
/// 1. Reads the access token from the AWS CLI's cache file,
///    `~/.aws/sso/cache/HASH.json`, where `HASH` is the lowercase hex SHA-1
///    of the session's name (`sso_session` form) or of the start URL
///    (legacy form); `~` is [`Env::home_dir`].
/// 2. `sso_session` form: when the token expires within
///    [`REFRESH_WINDOW`](Self::REFRESH_WINDOW), refreshes it through SSO
///    OIDC `CreateToken` (`grantType` `refresh_token`, with the `clientId`,
///    `clientSecret` and `refreshToken` of the cache file, unless its
///    `registrationExpiresAt` has passed) and writes the new `accessToken`,
///    `expiresAt` and `refreshToken` back into the file, keeping its other
///    fields. When the refresh fails but the cached token has not expired
///    yet, the cached token is used (and a new refresh is tried at most
///    every [`MIN_TIME_BETWEEN_REFRESHES`](Self::MIN_TIME_BETWEEN_REFRESHES)).
///    The legacy form never refreshes: its token is used until it expires.
/// 3. Calls SSO `GetRoleCredentials` (unsigned; the token in
///    `x-amz-sso_bearer_token`) for `sso_account_id` and `sso_role_name`.
///    The credentials expire when the response says and carry the account
///    id.
///
/// Both calls go to `sso_region` through the generated `sso-oidc` and `sso`
/// clients and the context's transport. Their endpoint URLs are resolved as
/// any client's ([`Settings::endpoint_url`] over the context's environment
/// and selected profile: `AWS_ENDPOINT_URL_SSO_OIDC` / `AWS_ENDPOINT_URL_SSO`,
/// `AWS_ENDPOINT_URL`, the `[services]` section, the profile's
/// `endpoint_url`), unless set with
/// [`with_sso_endpoint_url`](Self::with_sso_endpoint_url) /
/// [`with_oidc_endpoint_url`](Self::with_oidc_endpoint_url).
///
/// `sso_registration_scopes` is read and kept, not sent: scopes are asked
/// for when the client registers at `aws sso login`, and a refresh without
/// `scope` keeps those of the original grant (RFC 6749, section 6).
///
/// # Errors
///
/// [`from_profile`](Self::from_profile) fails with
/// [`InvalidConfiguration`](CredentialsError::InvalidConfiguration) naming
/// the missing key or section. Loading fails with
/// [`ProviderFailed`](CredentialsError::ProviderFailed) when the cache file
/// is missing, unreadable or malformed, when the token has expired and
/// cannot be refreshed, or when a call fails; messages name the cache
/// file's path and say to run `aws sso login`, and never contain a token,
/// the client secret or the file's content.
pub struct SsoCredentialsProvider {
    profile: String,
    account_id: String,
    role_name: String,
    region: String,
    start_url: String,
    /// `None` in the legacy form.
    session: Option<Session>,
    env: Env,
    transport: SharedTransport,
    sso_endpoint: Option<String>,
    oidc_endpoint: Option<String>,
    clock: Clock,
    last_refresh_attempt: Mutex<Option<SystemTime>>,
}

#[derive(Debug, Clone)]
struct Session {
    name: String,
    registration_scopes: Vec<String>,
}

impl SsoCredentialsProvider {
    /// The name this provider uses in errors.
    pub const NAME: &'static str = "sso";

    /// A token that expires within this time is refreshed first (the SDKs'
    /// SSO token provider: aws-sdk-rust, botocore and the SDK for PHP all
    /// use five minutes).
    pub const REFRESH_WINDOW: Duration = Duration::from_secs(5 * 60);

    /// After a refresh attempt, another one is made only this much later
    /// while the cached token is still usable (the SDKs' 30 seconds).
    pub const MIN_TIME_BETWEEN_REFRESHES: Duration = Duration::from_secs(30);

    /// The provider for profile `profile_name` of `context`'s profiles, in
    /// the `sso_session` form when the profile has `sso_session`, else in
    /// the legacy form. The cache file is read only when credentials are
    /// asked for.
    ///
    /// # Errors
    ///
    /// [`InvalidConfiguration`](CredentialsError::InvalidConfiguration) when
    /// the profile is not defined, a required key is missing or empty
    /// (naming it), the `[sso-session NAME]` section does not exist, the
    /// profile's own `sso_start_url` or `sso_region` differ from its
    /// session's, or an endpoint setting is invalid.
    pub fn from_profile(
        context: &ProviderContext,
        profile_name: &str,
    ) -> Result<Self, CredentialsError> {
        let profiles = context.profiles();
        let invalid = |reason: String| CredentialsError::invalid_configuration(Self::NAME, reason);
        if !profiles.has_profile(profile_name) {
            return Err(invalid(format!("profile `{profile_name}` is not defined")));
        }
        let value = |key: &str| {
            profiles
                .get(profile_name, key)
                .map(str::trim)
                .filter(|v| !v.is_empty())
        };
        let require = |key: &str| {
            value(key).map(str::to_owned).ok_or_else(|| {
                invalid(format!(
                    "profile `{profile_name}` has no `{key}`, which IAM Identity Center \
                     credentials need"
                ))
            })
        };
        let (start_url, region, session) = match value("sso_session") {
            Some(name) => {
                let (start_url, region, session) = session_settings(profiles, name)?;
                for (key, session_value) in [("sso_start_url", &start_url), ("sso_region", &region)]
                {
                    if let Some(own) = value(key) {
                        if own != session_value {
                            return Err(invalid(format!(
                                "profile `{profile_name}` sets `{key}` to a value other than \
                                 that of its sso-session `{name}`; remove it from the profile"
                            )));
                        }
                    }
                }
                (start_url, region, Some(session))
            }
            None if value("sso_start_url").is_none() => {
                return Err(invalid(format!(
                    "profile `{profile_name}` has neither `sso_session` nor `sso_start_url`"
                )));
            }
            None => (require("sso_start_url")?, require("sso_region")?, None),
        };
        let account_id = require("sso_account_id")?;
        let role_name = require("sso_role_name")?;
        let settings = Settings::from_parts(context.env().clone(), profiles.clone());
        let endpoint = |service: &str| {
            settings
                .endpoint_url(service)
                .map_err(|err| invalid(err.to_string()))
        };
        Ok(SsoCredentialsProvider {
            profile: profile_name.to_owned(),
            account_id,
            role_name,
            region,
            start_url,
            session,
            env: context.env().clone(),
            transport: Arc::clone(context.transport()),
            sso_endpoint: endpoint(SSO_SERVICE_ID)?,
            oidc_endpoint: endpoint(SSO_OIDC_SERVICE_ID)?,
            clock: Arc::new(SystemTime::now),
            last_refresh_attempt: Mutex::new(None),
        })
    }

    /// Sends `GetRoleCredentials` to `url` instead of the resolved endpoint.
    #[must_use]
    pub fn with_sso_endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.sso_endpoint = Some(url.into());
        self
    }

    /// Sends `CreateToken` to `url` instead of the resolved endpoint.
    #[must_use]
    pub fn with_oidc_endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.oidc_endpoint = Some(url.into());
        self
    }

    /// Uses `clock` for "now" when deciding whether the token needs a
    /// refresh and when computing a refreshed token's expiry (tests).
    #[must_use]
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// The profile this provider was built from.
    pub fn profile_name(&self) -> &str {
        &self.profile
    }

    /// The `sso-session` name, `None` in the legacy form.
    pub fn session_name(&self) -> Option<&str> {
        self.session.as_ref().map(|s| s.name.as_str())
    }

    /// `sso_registration_scopes`, split at commas (empty in the legacy
    /// form).
    pub fn registration_scopes(&self) -> &[String] {
        self.session
            .as_ref()
            .map_or(&[], |s| s.registration_scopes.as_slice())
    }

    /// The start URL.
    pub fn start_url(&self) -> &str {
        &self.start_url
    }

    /// `sso_region`, where both calls go.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// The endpoint URL `GetRoleCredentials` goes to, when not the
    /// region's.
    pub fn sso_endpoint_url(&self) -> Option<&str> {
        self.sso_endpoint.as_deref()
    }

    /// The endpoint URL `CreateToken` goes to, when not the region's.
    pub fn oidc_endpoint_url(&self) -> Option<&str> {
        self.oidc_endpoint.as_deref()
    }

    /// The name of the token's cache file: the lowercase hex SHA-1 of the
    /// session name (or, legacy form, of the start URL), then `.json`.
    pub fn cache_file_name(&self) -> String {
        let key = self
            .session
            .as_ref()
            .map_or(self.start_url.as_str(), |s| s.name.as_str());
        let digest = Sha1::digest(key.as_bytes());
        let mut name: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        name.push_str(".json");
        name
    }

    /// `~/.aws/sso/cache/` and [`cache_file_name`](Self::cache_file_name);
    /// `None` when no home directory is known.
    pub fn cache_file(&self) -> Option<PathBuf> {
        Some(
            self.env
                .home_dir()?
                .join(".aws")
                .join("sso")
                .join("cache")
                .join(self.cache_file_name()),
        )
    }

    /// Reads (and refreshes) the token, then asks for the role's
    /// credentials.
    ///
    /// # Errors
    ///
    /// See [the type's documentation](Self#errors).
    pub async fn load(&self) -> CredentialsResult {
        let token = self.access_token().await?;
        self.role_credentials(token).await
    }

    fn failed(&self, message: impl Into<String>) -> CredentialsError {
        CredentialsError::provider_failed(Self::NAME, message)
    }

    fn login_hint(&self) -> String {
        format!("run `aws sso login --profile {}`", self.profile)
    }

    /// The access token to call `GetRoleCredentials` with.
    async fn access_token(&self) -> Result<Zeroizing<String>, CredentialsError> {
        let path = self.cache_file().ok_or_else(|| {
            self.failed(format!(
                "no home directory is known (none of HOME, USERPROFILE or HOMEDRIVE+HOMEPATH is \
                 set), so the SSO token cache \
                 `~/.aws/sso/cache/{}` cannot be found",
                self.cache_file_name()
            ))
        })?;
        let cached = CachedToken::read(&path).map_err(|problem| {
            self.failed(format!(
                "the SSO token cache file {} {problem}; {}",
                path.display(),
                self.login_hint()
            ))
        })?;
        let now = (self.clock)();
        let expired = now >= cached.expires_at;
        let fresh = now + Self::REFRESH_WINDOW < cached.expires_at;
        if fresh {
            return Ok(cached.take_access_token());
        }
        let Some(session) = &self.session else {
            if !expired {
                return Ok(cached.take_access_token());
            }
            return Err(self.failed(format!(
                "the SSO token in {} has expired, and a profile with `sso_start_url` and no \
                 `sso_session` cannot refresh it; {} (or configure an sso-session, which \
                 refreshes its token)",
                path.display(),
                self.login_hint()
            )));
        };
        let refresh = match cached.refresh_grant(now) {
            Ok(grant) => grant,
            Err(_) if !expired => return Ok(cached.take_access_token()),
            Err(why) => {
                return Err(self.failed(format!(
                    "the SSO token in {} has expired and cannot be refreshed ({why}); {}",
                    path.display(),
                    self.login_hint()
                )));
            }
        };
        if !expired && !self.may_attempt_refresh(now) {
            return Ok(cached.take_access_token());
        }
        self.note_refresh_attempt(now);
        match self.create_token(&refresh).await {
            Ok(new) => {
                let token = new.access_token.clone();
                // As in the SDKs, a token that could not be saved is still
                // used; the next load refreshes again.
                let _ = cached.write_back(&path, &new, now);
                Ok(token)
            }
            Err(_) if !expired => Ok(cached.take_access_token()),
            Err(why) => Err(self.failed(format!(
                "the SSO token in {} has expired and refreshing it for sso-session `{}` \
                 failed ({why}); {}",
                path.display(),
                session.name,
                self.login_hint()
            ))),
        }
    }

    fn may_attempt_refresh(&self, now: SystemTime) -> bool {
        let last = *self
            .last_refresh_attempt
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        match last {
            Some(at) => now
                .duration_since(at)
                .is_ok_and(|since| since >= Self::MIN_TIME_BETWEEN_REFRESHES),
            None => true,
        }
    }

    fn note_refresh_attempt(&self, now: SystemTime) {
        *self
            .last_refresh_attempt
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(now);
    }

    fn client_config(&self, endpoint: Option<&str>) -> Config {
        let config = Config::new().with_region(self.region.clone());
        match endpoint {
            Some(url) => config.with_endpoint_url(url),
            None => config,
        }
    }

    /// SSO OIDC `CreateToken` with the refresh token; a description of the
    /// failure (no secret) otherwise.
    async fn create_token(&self, grant: &RefreshGrant) -> Result<NewToken, String> {
        let client = sso_oidc::Client::new(
            self.client_config(self.oidc_endpoint.as_deref()),
            Arc::clone(&self.transport),
        );
        let input = sso_oidc::types::CreateTokenRequest::builder()
            .grant_type("refresh_token")
            .client_id(grant.client_id.clone())
            .client_secret(String::clone(&grant.client_secret))
            .refresh_token(String::clone(&grant.refresh_token))
            .build()
            .map_err(|err| format!("CreateToken: {err}"))?;
        let output = client
            .create_token(input)
            .await
            .map_err(|err| format!("CreateToken: {}", describe_sdk_error(&err)))?;
        let access_token = output
            .access_token
            .filter(|t| !t.is_empty())
            .ok_or("CreateToken returned no accessToken")?;
        let expires_in = output
            .expires_in
            .and_then(|secs| u64::try_from(secs).ok())
            .ok_or("CreateToken returned no valid expiresIn")?;
        Ok(NewToken {
            access_token: Zeroizing::new(access_token),
            expires_in: Duration::from_secs(expires_in),
            refresh_token: output
                .refresh_token
                .filter(|t| !t.is_empty())
                .map(Zeroizing::new),
        })
    }

    /// SSO `GetRoleCredentials`.
    async fn role_credentials(&self, access_token: Zeroizing<String>) -> CredentialsResult {
        let client = sso::Client::new(
            self.client_config(self.sso_endpoint.as_deref()),
            Arc::clone(&self.transport),
        );
        let input = sso::types::GetRoleCredentialsRequest::builder()
            .account_id(self.account_id.clone())
            .role_name(self.role_name.clone())
            .access_token(String::clone(&access_token))
            .build()
            .map_err(|err| self.failed(format!("GetRoleCredentials: {err}")))?;
        let output = client.get_role_credentials(input).await.map_err(|err| {
            let hint = match &err {
                SdkError::Service(service)
                    if matches!(
                        **service,
                        sso::error::GetRoleCredentialsError::UnauthorizedException(_)
                    ) =>
                {
                    format!("; the SSO token was not accepted: {}", self.login_hint())
                }
                _ => String::new(),
            };
            self.failed(format!(
                "GetRoleCredentials for role `{}` in account {}: {}{hint}",
                self.role_name,
                self.account_id,
                describe_sdk_error(&err)
            ))
        })?;
        let role = output
            .role_credentials
            .ok_or_else(|| self.failed("GetRoleCredentials returned no roleCredentials"))?;
        let (Some(access_key_id), Some(secret_access_key)) = (
            role.access_key_id.filter(|v| !v.is_empty()),
            role.secret_access_key.filter(|v| !v.is_empty()),
        ) else {
            return Err(self.failed(
                "GetRoleCredentials returned roleCredentials without accessKeyId or \
                 secretAccessKey",
            ));
        };
        let expiration = role
            .expiration
            .and_then(|ms| u64::try_from(ms).ok())
            .filter(|ms| *ms > 0)
            .ok_or_else(|| self.failed("GetRoleCredentials returned no expiration"))?;
        Ok(Credentials::new(
            access_key_id,
            secret_access_key,
            role.session_token.filter(|v| !v.is_empty()),
        )
        .with_account_id(self.account_id.clone())
        .with_expiry(UNIX_EPOCH + Duration::from_millis(expiration)))
    }
}

/// `sso_start_url`, `sso_region` and the session of `[sso-session name]`.
fn session_settings(
    profiles: &ProfileSet,
    name: &str,
) -> Result<(String, String, Session), CredentialsError> {
    let invalid = |reason: String| {
        CredentialsError::invalid_configuration(SsoCredentialsProvider::NAME, reason)
    };
    if !profiles.has_sso_session(name) {
        return Err(invalid(format!(
            "the profile names sso_session `{name}`, but the config file has no \
             `[sso-session {name}]` section"
        )));
    }
    let value = |key: &str| {
        profiles
            .sso_session_get(name, key)
            .map(str::trim)
            .filter(|v| !v.is_empty())
    };
    let require = |key: &str| {
        value(key).map(str::to_owned).ok_or_else(|| {
            invalid(format!(
                "`[sso-session {name}]` has no `{key}`, which IAM Identity Center credentials \
                 need"
            ))
        })
    };
    let start_url = require("sso_start_url")?;
    let region = require("sso_region")?;
    let registration_scopes = value("sso_registration_scopes")
        .map(|scopes| {
            scopes
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    Ok((
        start_url,
        region,
        Session {
            name: name.to_owned(),
            registration_scopes,
        },
    ))
}

/// An SDK error's message without what a hostile or broken response body
/// could make long.
fn describe_sdk_error<E: fmt::Display>(err: &SdkError<E>) -> String {
    let text = err.to_string();
    const MAX: usize = 300;
    if text.len() <= MAX {
        return text;
    }
    let mut end = MAX;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}...", text.get(..end).unwrap_or_default())
}

impl ProvideCredentials for SsoCredentialsProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        ProvideCredentialsFuture::new(self.load())
    }
}

impl fmt::Debug for SsoCredentialsProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Holds no token or secret: those stay in the cache file.
        f.debug_struct("SsoCredentialsProvider")
            .field("profile", &self.profile)
            .field("session", &self.session)
            .field("start_url", &self.start_url)
            .field("region", &self.region)
            .field("account_id", &self.account_id)
            .field("role_name", &self.role_name)
            .field("sso_endpoint", &self.sso_endpoint)
            .field("oidc_endpoint", &self.oidc_endpoint)
            .field("cache_file", &self.cache_file())
            .finish_non_exhaustive()
    }
}

/// The AWS CLI's token cache file. No `Debug`: it holds the tokens, which
/// are zeroed in memory when it is dropped (the file's other fields are not
/// secret). Copies handed to the generated SSO clients' inputs are plain
/// `String`s, out of reach, as in the AWS SDKs.
struct CachedToken {
    /// Every field of the file, kept to write back.
    fields: Map<String, Value>,
    access_token: Zeroizing<String>,
    expires_at: SystemTime,
}

/// The cache file's fields that hold secrets.
const SECRET_FIELDS: [&str; 3] = ["accessToken", "refreshToken", "clientSecret"];

/// What `CreateToken` needs from the cache file.
struct RefreshGrant {
    client_id: String,
    client_secret: Zeroizing<String>,
    refresh_token: Zeroizing<String>,
}

/// What `CreateToken` returned.
struct NewToken {
    access_token: Zeroizing<String>,
    expires_in: Duration,
    refresh_token: Option<Zeroizing<String>>,
}

impl Drop for CachedToken {
    fn drop(&mut self) {
        scrub(&mut self.fields);
    }
}

/// Zeroes the secret fields' text in place.
fn scrub(fields: &mut Map<String, Value>) {
    for key in SECRET_FIELDS {
        if let Some(Value::String(text)) = fields.get_mut(key) {
            text.zeroize();
        }
    }
}

impl CachedToken {
    /// The file's token; the error completes "the SSO token cache file
    /// PATH ..." and never holds the file's content.
    fn read(path: &Path) -> Result<CachedToken, String> {
        let bytes = Zeroizing::new(std::fs::read(path).map_err(|err| match err.kind() {
            std::io::ErrorKind::NotFound => "does not exist".to_owned(),
            _ => format!("cannot be read ({err})"),
        })?);
        let value: Value = serde_json::from_slice(&bytes).map_err(|err| {
            format!(
                "is not valid JSON (at line {} column {})",
                err.line(),
                err.column()
            )
        })?;
        let Value::Object(mut fields) = value else {
            return Err("is not a JSON object".to_owned());
        };
        // Once in `CachedToken`, the secret fields are scrubbed on drop; a
        // file refused before that is scrubbed here, whatever the reason.
        let parsed = (|| {
            let access_token =
                string_field(&fields, "accessToken").ok_or("has no `accessToken`")?;
            let expires_at = string_field(&fields, "expiresAt").ok_or("has no `expiresAt`")?;
            let expires_at =
                parse_time(expires_at).ok_or("has an `expiresAt` that is not an RFC 3339 time")?;
            Ok::<_, &str>((Zeroizing::new(access_token.to_owned()), expires_at))
        })();
        match parsed {
            Ok((access_token, expires_at)) => Ok(CachedToken {
                fields,
                access_token,
                expires_at,
            }),
            Err(why) => {
                scrub(&mut fields);
                Err(why.to_owned())
            }
        }
    }

    /// The access token, leaving the rest to be zeroed.
    fn take_access_token(mut self) -> Zeroizing<String> {
        std::mem::take(&mut self.access_token)
    }

    /// The refresh grant, or why there is none.
    fn refresh_grant(&self, now: SystemTime) -> Result<RefreshGrant, &'static str> {
        let field = |key: &str| string_field(&self.fields, key).map(str::to_owned);
        let secret = |key: &str| field(key).map(Zeroizing::new);
        let (Some(client_id), Some(client_secret), Some(refresh_token)) = (
            field("clientId"),
            secret("clientSecret"),
            secret("refreshToken"),
        ) else {
            return Err("the cache file has no clientId, clientSecret and refreshToken");
        };
        if let Some(registration) = string_field(&self.fields, "registrationExpiresAt") {
            match parse_time(registration) {
                Some(at) if at <= now => return Err("the client registration has expired"),
                Some(_) => {}
                None => return Err("the cache file's registrationExpiresAt is not a time"),
            }
        }
        Ok(RefreshGrant {
            client_id,
            client_secret,
            refresh_token,
        })
    }

    /// Writes the refreshed token into the file, keeping its other fields:
    /// to a temporary file in the same directory (owner-only on Unix, as
    /// the AWS CLI creates it), then renamed over the old one.
    fn write_back(mut self, path: &Path, new: &NewToken, now: SystemTime) -> std::io::Result<()> {
        let mut fields = std::mem::take(&mut self.fields);
        // Whole seconds, as the AWS CLI writes it.
        let secs = (now + new.expires_in)
            .duration_since(UNIX_EPOCH)
            .map_or(0, |since| since.as_secs());
        let expires_at = DateTime::from_secs(i64::try_from(secs).unwrap_or(i64::MAX));
        fields.insert(
            "accessToken".to_owned(),
            Value::String(String::clone(&new.access_token)),
        );
        fields.insert(
            "expiresAt".to_owned(),
            Value::String(expires_at.to_string()),
        );
        if let Some(refresh_token) = &new.refresh_token {
            fields.insert(
                "refreshToken".to_owned(),
                Value::String(String::clone(refresh_token)),
            );
        }
        let text = serde_json::to_vec(&fields).map(Zeroizing::new);
        scrub(&mut fields);
        let text = text.map_err(|err| std::io::Error::other(err.to_string()))?;
        let mut temporary = path.as_os_str().to_owned();
        temporary.push(format!(".tmp-{}", std::process::id()));
        let temporary = PathBuf::from(temporary);
        let written =
            write_private(&temporary, &text).and_then(|()| std::fs::rename(&temporary, path));
        if written.is_err() {
            let _ = std::fs::remove_file(&temporary);
        }
        written
    }
}

fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

fn string_field<'a>(fields: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    fields
        .get(key)
        .and_then(Value::as_str)
        .filter(|v| !v.is_empty())
}

/// RFC 3339, and the `2019-11-14T04:05:45UTC` form older AWS CLI versions
/// wrote.
fn parse_time(text: &str) -> Option<SystemTime> {
    let text = text.trim();
    let parsed = text.parse::<DateTime>().ok().or_else(|| {
        text.strip_suffix("UTC")
            .and_then(|rest| format!("{rest}Z").parse::<DateTime>().ok())
    })?;
    SystemTime::try_from(parsed).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cache_files_secrets_are_zeroed_and_the_rest_kept() {
        let Value::Object(mut fields) = serde_json::json!({
            "accessToken": "at-secret",
            "refreshToken": "rt-secret",
            "clientSecret": "cs-secret",
            "clientId": "client",
            "expiresAt": "2019-11-14T04:05:45Z",
        }) else {
            unreachable!("an object literal");
        };
        scrub(&mut fields);
        for key in SECRET_FIELDS {
            assert_eq!(fields[key], "", "{key}");
        }
        assert_eq!(fields["clientId"], "client");
        assert_eq!(fields["expiresAt"], "2019-11-14T04:05:45Z");

        fn zeroized_on_drop<T: zeroize::ZeroizeOnDrop>(_: &T) {}
        let token = CachedToken {
            fields: Map::new(),
            access_token: Zeroizing::new("at".to_owned()),
            expires_at: UNIX_EPOCH,
        };
        zeroized_on_drop(&token.access_token);
        assert_eq!(token.take_access_token().as_str(), "at");
    }

    #[test]
    fn cache_times_in_both_forms() {
        let at = UNIX_EPOCH + Duration::from_secs(1_573_704_345);
        assert_eq!(parse_time("2019-11-14T04:05:45Z"), Some(at));
        assert_eq!(parse_time("2019-11-14T04:05:45UTC"), Some(at));
        assert_eq!(parse_time("2019-11-14T05:05:45+01:00"), Some(at));
        assert_eq!(parse_time("yesterday"), None);
        assert_eq!(parse_time("UTC"), None);
    }

    #[test]
    fn sdk_errors_are_cut_short() {
        let long: SdkError<std::fmt::Error> = SdkError::Validation(
            smithy_runtime::ValidationError::new(&smithy_runtime::Path::Root, "é".repeat(400)),
        );
        let text = describe_sdk_error(&long);
        assert!(text.len() < 320, "{}", text.len());
        assert!(text.ends_with("..."), "{text}");
    }
}
