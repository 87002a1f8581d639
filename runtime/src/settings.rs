//! Client settings resolved the way the AWS SDKs resolve them.
//!
//! [`Settings`] answers "which region, which endpoint, FIPS or not, how many
//! attempts, which credentials" from three places, highest precedence first
//! (AWS SDKs and Tools Reference Guide, "Precedence of settings" in
//! "Configure SDKs and tools"):
//!
//! 1. values set explicitly in code (`Settings::with_*`);
//! 2. environment variables;
//! 3. the selected profile of the shared `config`/`credentials` files
//!    ([`crate::profile`]; for a key in both files the credentials file
//!    wins).
//!
//! The first place that has a non-empty value decides; an invalid value
//! there is an error (it does not fall through to the next place).
//!
//! | setting | environment | profile key | reference guide page |
//! | --- | --- | --- | --- |
//! | [`region`](crate::settings::Settings::region) | `AWS_REGION`, then `AWS_DEFAULT_REGION` | `region` | "AWS Region" |
//! | [`endpoint_url`](crate::settings::Settings::endpoint_url) | `AWS_ENDPOINT_URL_<SERVICE>`, then `AWS_ENDPOINT_URL` | `[services]` section, then `endpoint_url` | "Service-specific endpoints" |
//! | [`ignore_configured_endpoint_urls`](crate::settings::Settings::ignore_configured_endpoint_urls) | `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` | `ignore_configured_endpoint_urls` | "Service-specific endpoints" |
//! | [`use_fips`](crate::settings::Settings::use_fips) | `AWS_USE_FIPS_ENDPOINT` | `use_fips_endpoint` | "Dual-stack and FIPS endpoints" |
//! | [`use_dual_stack`](crate::settings::Settings::use_dual_stack) | `AWS_USE_DUALSTACK_ENDPOINT` | `use_dualstack_endpoint` | "Dual-stack and FIPS endpoints" |
//! | [`disable_host_prefix_injection`](crate::settings::Settings::disable_host_prefix_injection) | `AWS_DISABLE_HOST_PREFIX_INJECTION` | `disable_host_prefix_injection` | "Host prefix injection" |
//! | [`max_attempts`](crate::settings::Settings::max_attempts) | `AWS_MAX_ATTEMPTS` | `max_attempts` | "Retry behavior" |
//! | [`retry_mode`](crate::settings::Settings::retry_mode) | `AWS_RETRY_MODE` | `retry_mode` | "Retry behavior" |
//! | [`disable_request_compression`](crate::settings::Settings::disable_request_compression) | `AWS_DISABLE_REQUEST_COMPRESSION` | `disable_request_compression` | "Request compression" |
//! | [`request_min_compression_size_bytes`](crate::settings::Settings::request_min_compression_size_bytes) | `AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES` | `request_min_compression_size_bytes` | "Request compression" |
//! | [`ca_bundle`](crate::settings::Settings::ca_bundle) | `AWS_CA_BUNDLE` | `ca_bundle` | (botocore, AWS CLI: "ca_bundle") |
//! | [`account_id_endpoint_mode`](crate::settings::Settings::account_id_endpoint_mode) | `AWS_ACCOUNT_ID_ENDPOINT_MODE` | `account_id_endpoint_mode` | "Account-based endpoints" |
//! | [`credentials`](crate::settings::Settings::credentials) | `AWS_ACCESS_KEY_ID`, ... | `aws_access_key_id`, ... | "Understand the credential provider chain" |
//!
//! `AWS_REGION` is what aws-sdk-rust (and the Java, Go, JS SDKs) read;
//! botocore reads only `AWS_DEFAULT_REGION`. Reading both, `AWS_REGION`
//! first, is aws-sdk-rust's behaviour.
//!
//! # Invalid values are errors
//!
//! A boolean that is not `true`/`false` (any case), a `max_attempts` that
//! is not an integer of at least 1, a `retry_mode` other than
//! `standard`/`adaptive` (any case: `legacy`, each SDK's own, is not
//! supported), an `account_id_endpoint_mode`
//! other than `preferred`/`disabled`/`required` (any case), or a
//! `request_min_compression_size_bytes` that is not an integer from 0 to
//! 10485760 is a [`SettingsError`] naming the variable or the profile key. The SDKs disagree on booleans (botocore
//! treats anything but `true` as false, aws-sdk-rust logs and ignores); this
//! crate has no logger, and silently ignoring `AWS_USE_FIPS_ENDPOINT=yes`
//! would send traffic to non-FIPS endpoints, so it reports the error. For
//! `max_attempts` and `retry_mode` botocore and aws-sdk-rust both fail.
//!
//! Each getter resolves on demand, so an invalid value only fails the getter
//! that reads it.

use std::fmt;
use std::sync::Arc;

use crate::credentials::{DefaultChain, SharedCredentials};
use crate::env::Env;
use crate::profile::ProfileSet;

/// The `[services NAME]` link key in a profile.
const SERVICES_KEY: &str = "services";
const ENDPOINT_URL_KEY: &str = "endpoint_url";

/// The retry modes the SDKs define that this runtime has (not `legacy`,
/// whose behaviour each SDK defines its own way).
pub const RETRY_MODES: [&str; 2] = ["standard", "adaptive"];

/// The values `account_id_endpoint_mode` may take; the first is the
/// default.
pub const ACCOUNT_ID_ENDPOINT_MODES: [&str; 3] = ["preferred", "disabled", "required"];

/// The identifier a service uses in `AWS_ENDPOINT_URL_<SERVICE>`: its
/// `sdkId` uppercased, spaces and hyphens replaced by `_`
/// (`"Image Builder"` → `IMAGE_BUILDER`, `imagebuilder` → `IMAGEBUILDER`).
/// The key in a `[services]` section is the same, lowercased. Applying it to
/// an identifier already in this form changes nothing.
pub fn service_env_id(sdk_id: &str) -> String {
    sdk_id
        .trim()
        .chars()
        .map(|c| match c {
            ' ' | '-' => '_',
            c => c.to_ascii_uppercase(),
        })
        .collect()
}

/// Where a setting's value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SettingOrigin {
    /// Set in code through `Settings::with_*`.
    Explicit,
    /// An environment variable.
    Environment,
    /// A key of a profile in the shared files.
    Profile {
        /// The profile's name.
        profile: String,
    },
}

/// A setting whose value could not be parsed.
///
/// `Display` names the variable or profile key, shows the value and says
/// what was expected, e.g. ``invalid value `abc` for environment variable
/// AWS_MAX_ATTEMPTS: expected an integer of at least 1``. Settings never hold
/// credentials, so no secret reaches this error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsError {
    setting: String,
    origin: SettingOrigin,
    value: String,
    expected: &'static str,
}

impl SettingsError {
    /// The variable (`AWS_MAX_ATTEMPTS`), profile key (`max_attempts`) or,
    /// for explicit values, setting name that holds the invalid value.
    pub fn setting(&self) -> &str {
        &self.setting
    }

    /// Where the invalid value came from.
    pub fn origin(&self) -> &SettingOrigin {
        &self.origin
    }

    /// The invalid value.
    pub fn value(&self) -> &str {
        &self.value
    }
}

impl fmt::Display for SettingsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let SettingsError {
            setting,
            origin,
            value,
            expected,
        } = self;
        match origin {
            SettingOrigin::Explicit => write!(
                f,
                "invalid value `{value}` for {setting} set in code: expected {expected}"
            ),
            SettingOrigin::Environment => write!(
                f,
                "invalid value `{value}` for environment variable {setting}: expected {expected}"
            ),
            SettingOrigin::Profile { profile } => write!(
                f,
                "invalid value `{value}` for `{setting}` in profile `{profile}` of the shared \
                 config files: expected {expected}"
            ),
        }
    }
}

impl std::error::Error for SettingsError {}

/// A raw value and where it came from.
struct Found {
    setting: String,
    origin: SettingOrigin,
    value: String,
}

impl Found {
    fn error(self, expected: &'static str) -> SettingsError {
        SettingsError {
            setting: self.setting,
            origin: self.origin,
            value: self.value,
            expected,
        }
    }

    fn parse_bool(self) -> Result<bool, SettingsError> {
        if self.value.eq_ignore_ascii_case("true") {
            Ok(true)
        } else if self.value.eq_ignore_ascii_case("false") {
            Ok(false)
        } else {
            Err(self.error("`true` or `false`"))
        }
    }
}

/// Client settings: explicit values, then the environment, then the
/// selected profile. See the [module documentation](self).
///
/// ```
/// use smithy_runtime::env::Env;
/// use smithy_runtime::profile::ProfileSet;
/// use smithy_runtime::settings::Settings;
///
/// let env = Env::from_map([("AWS_DEFAULT_REGION", "eu-west-1"), ("AWS_MAX_ATTEMPTS", "5")]);
/// let profiles = ProfileSet::parse("[default]\nregion = us-east-1\nretry_mode = adaptive", "", "default");
/// let settings = Settings::from_parts(env, profiles);
/// assert_eq!(settings.region().as_deref(), Some("eu-west-1"));
/// assert_eq!(settings.max_attempts(), Ok(Some(5)));
/// assert_eq!(settings.retry_mode(), Ok(Some("adaptive")));
/// assert_eq!(settings.with_region("ap-south-1").region().as_deref(), Some("ap-south-1"));
/// ```
///
/// `Debug` never shows credentials: [`Env`], [`ProfileSet`] and
/// [`Credentials`](crate::sigv4::Credentials) all redact.
#[derive(Debug, Clone)]
pub struct Settings {
    env: Env,
    profiles: ProfileSet,
    region: Option<String>,
    endpoint_url: Option<String>,
    ignore_configured_endpoint_urls: Option<bool>,
    use_fips: Option<bool>,
    use_dual_stack: Option<bool>,
    disable_host_prefix_injection: Option<bool>,
    max_attempts: Option<u32>,
    retry_mode: Option<String>,
    disable_request_compression: Option<bool>,
    request_min_compression_size_bytes: Option<u32>,
    account_id_endpoint_mode: Option<String>,
    credentials: Option<SharedCredentials>,
}

impl Settings {
    /// Settings over `env` and the shared files it points to (read now).
    pub fn load(env: Env) -> Self {
        let profiles = ProfileSet::load(&env);
        Self::from_parts(env, profiles)
    }

    /// Settings over the real process environment and the shared files it
    /// points to.
    pub fn from_process_env() -> Self {
        Self::load(Env::real())
    }

    /// Settings over `env` and already loaded profiles. The profile used is
    /// `profiles.selected()`.
    pub fn from_parts(env: Env, profiles: ProfileSet) -> Self {
        Settings {
            env,
            profiles,
            region: None,
            endpoint_url: None,
            ignore_configured_endpoint_urls: None,
            use_fips: None,
            use_dual_stack: None,
            disable_host_prefix_injection: None,
            max_attempts: None,
            retry_mode: None,
            disable_request_compression: None,
            request_min_compression_size_bytes: None,
            account_id_endpoint_mode: None,
            credentials: None,
        }
    }

    /// Uses `profile` instead of `AWS_PROFILE`/`default`.
    #[must_use]
    pub fn with_profile(mut self, profile: impl Into<String>) -> Self {
        self.profiles = self.profiles.with_selected(profile);
        self
    }

    /// Sets the region explicitly.
    #[must_use]
    pub fn with_region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Sets the endpoint URL explicitly; it applies to every service and
    /// even when configured endpoint URLs are ignored.
    #[must_use]
    pub fn with_endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint_url = Some(url.into());
        self
    }

    /// Ignores (or not) endpoint URLs from the environment and the files.
    #[must_use]
    pub fn with_ignore_configured_endpoint_urls(mut self, ignore: bool) -> Self {
        self.ignore_configured_endpoint_urls = Some(ignore);
        self
    }

    /// Sets FIPS endpoints on or off explicitly.
    #[must_use]
    pub fn with_use_fips(mut self, use_fips: bool) -> Self {
        self.use_fips = Some(use_fips);
        self
    }

    /// Sets dual-stack endpoints on or off explicitly.
    #[must_use]
    pub fn with_use_dual_stack(mut self, use_dual_stack: bool) -> Self {
        self.use_dual_stack = Some(use_dual_stack);
        self
    }

    /// Turns the operations' `@endpoint(hostPrefix)` off (or on) explicitly.
    #[must_use]
    pub fn with_disable_host_prefix_injection(mut self, disable: bool) -> Self {
        self.disable_host_prefix_injection = Some(disable);
        self
    }

    /// Sets the maximum number of attempts explicitly (must be at least 1;
    /// checked by [`max_attempts`](Self::max_attempts)).
    #[must_use]
    pub fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = Some(max_attempts);
        self
    }

    /// Sets the retry mode explicitly (`standard`, `legacy` or `adaptive`;
    /// checked by [`retry_mode`](Self::retry_mode)).
    #[must_use]
    pub fn with_retry_mode(mut self, retry_mode: impl Into<String>) -> Self {
        self.retry_mode = Some(retry_mode.into());
        self
    }

    /// Sets the account-id endpoint mode explicitly (`preferred`,
    /// `disabled` or `required`; checked by
    /// [`account_id_endpoint_mode`](Self::account_id_endpoint_mode)).
    #[must_use]
    pub fn with_account_id_endpoint_mode(mut self, mode: impl Into<String>) -> Self {
        self.account_id_endpoint_mode = Some(mode.into());
        self
    }

    /// Turns request compression off (or on) explicitly.
    #[must_use]
    pub fn with_disable_request_compression(mut self, disable: bool) -> Self {
        self.disable_request_compression = Some(disable);
        self
    }

    /// Sets the smallest body that is compressed explicitly (at most
    /// 10485760; checked by
    /// [`request_min_compression_size_bytes`](Self::request_min_compression_size_bytes)).
    #[must_use]
    pub fn with_request_min_compression_size_bytes(mut self, bytes: u32) -> Self {
        self.request_min_compression_size_bytes = Some(bytes);
        self
    }

    /// Uses these credentials instead of the default chain.
    #[must_use]
    pub fn with_credentials(mut self, credentials: SharedCredentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// The environment these settings read.
    pub fn env(&self) -> &Env {
        &self.env
    }

    /// The profiles these settings read.
    pub fn profiles(&self) -> &ProfileSet {
        &self.profiles
    }

    /// The name of the profile these settings read.
    pub fn profile_name(&self) -> &str {
        self.profiles.selected()
    }

    /// The PEM file of root certificates to trust instead of the built-in
    /// ones: `AWS_CA_BUNDLE`, then profile `ca_bundle` (as botocore and the
    /// AWS CLI read it); `None` when neither is set. The path is returned as
    /// written; [`HttpsTransport::from_settings`](crate::https::HttpsTransport::from_settings)
    /// reads the file.
    pub fn ca_bundle(&self) -> Option<String> {
        self.lookup(&["AWS_CA_BUNDLE"], "ca_bundle")
            .map(|found| found.value)
    }

    /// The region: explicit, `AWS_REGION`, `AWS_DEFAULT_REGION`, profile
    /// `region`. `None` when none is set (the SDKs then try the EC2
    /// instance metadata service, which this crate does not).
    pub fn region(&self) -> Option<String> {
        if let Some(region) = &self.region {
            return Some(region.clone());
        }
        self.lookup(&["AWS_REGION", "AWS_DEFAULT_REGION"], "region")
            .map(|found| found.value)
    }

    /// The endpoint URL configured for a service, if any.
    ///
    /// `service` is the identifier of [`service_env_id`] (e.g.
    /// `IMAGEBUILDER`; an `sdkId` such as `imagebuilder` is converted).
    /// Order (reference guide, "Service-specific endpoints"; the AWS CLI's
    /// `configured_endpoint_urls` test suite):
    ///
    /// 1. explicit [`with_endpoint_url`](Self::with_endpoint_url) (always
    ///    used);
    /// 2. nothing else if [`ignore_configured_endpoint_urls`](Self::ignore_configured_endpoint_urls)
    ///    is true;
    /// 3. `AWS_ENDPOINT_URL_<SERVICE>`;
    /// 4. `AWS_ENDPOINT_URL`;
    /// 5. `endpoint_url` under the service's lowercase key in the
    ///    `[services NAME]` section named by the profile's `services` key;
    /// 6. the profile's `endpoint_url`.
    ///
    /// The error is that of an invalid ignore flag.
    pub fn endpoint_url(&self, service: &str) -> Result<Option<String>, SettingsError> {
        if let Some(url) = &self.endpoint_url {
            return Ok(Some(url.clone()));
        }
        if self.ignore_configured_endpoint_urls()? {
            return Ok(None);
        }
        let id = service_env_id(service);
        let service_var = format!("AWS_ENDPOINT_URL_{id}");
        for var in [service_var.as_str(), "AWS_ENDPOINT_URL"] {
            if let Some(url) = self.env.get(var) {
                return Ok(Some(url));
            }
        }
        let from_services = self
            .profile_value(SERVICES_KEY)
            .and_then(|section| {
                self.profiles
                    .services_get(section, &id.to_ascii_lowercase(), ENDPOINT_URL_KEY)
            })
            .filter(|url| !url.is_empty());
        Ok(from_services
            .or_else(|| self.profile_value(ENDPOINT_URL_KEY))
            .map(str::to_owned))
    }

    /// Whether endpoint URLs from the environment and the shared files are
    /// ignored: explicit, `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS`, profile
    /// `ignore_configured_endpoint_urls`; default `false`.
    pub fn ignore_configured_endpoint_urls(&self) -> Result<bool, SettingsError> {
        self.bool_setting(
            self.ignore_configured_endpoint_urls,
            "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
            "ignore_configured_endpoint_urls",
        )
    }

    /// Whether to use FIPS endpoints: explicit, `AWS_USE_FIPS_ENDPOINT`,
    /// profile `use_fips_endpoint`; default `false`.
    pub fn use_fips(&self) -> Result<bool, SettingsError> {
        self.bool_setting(self.use_fips, "AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint")
    }

    /// Whether to use dual-stack endpoints: explicit,
    /// `AWS_USE_DUALSTACK_ENDPOINT`, profile `use_dualstack_endpoint`;
    /// default `false`.
    pub fn use_dual_stack(&self) -> Result<bool, SettingsError> {
        self.bool_setting(
            self.use_dual_stack,
            "AWS_USE_DUALSTACK_ENDPOINT",
            "use_dualstack_endpoint",
        )
    }

    /// Whether to leave out the host prefix some operations put before the
    /// endpoint's host (`@endpoint(hostPrefix)`, e.g. `api.` in
    /// `api.airflow.us-east-1.amazonaws.com`), for endpoints such as local
    /// test servers that do not have those names: explicit,
    /// `AWS_DISABLE_HOST_PREFIX_INJECTION`, profile
    /// `disable_host_prefix_injection`; default `false`.
    pub fn disable_host_prefix_injection(&self) -> Result<bool, SettingsError> {
        self.bool_setting(
            self.disable_host_prefix_injection,
            "AWS_DISABLE_HOST_PREFIX_INJECTION",
            "disable_host_prefix_injection",
        )
    }

    /// The maximum number of attempts (first try included): explicit,
    /// `AWS_MAX_ATTEMPTS`, profile `max_attempts`. `None` when unset; the
    /// SDKs' default is 3 in `standard` and `adaptive` mode.
    pub fn max_attempts(&self) -> Result<Option<u32>, SettingsError> {
        const EXPECTED: &str = "an integer of at least 1";
        let found = match self.max_attempts {
            Some(0) => {
                return Err(SettingsError {
                    setting: "max_attempts".to_owned(),
                    origin: SettingOrigin::Explicit,
                    value: "0".to_owned(),
                    expected: EXPECTED,
                });
            }
            Some(n) => return Ok(Some(n)),
            None => match self.lookup(&["AWS_MAX_ATTEMPTS"], "max_attempts") {
                Some(found) => found,
                None => return Ok(None),
            },
        };
        match found.value.parse::<u32>() {
            Ok(n) if n >= 1 => Ok(Some(n)),
            _ => Err(found.error(EXPECTED)),
        }
    }

    /// The retry mode, lowercased: explicit, `AWS_RETRY_MODE`, profile
    /// `retry_mode`; one of [`RETRY_MODES`] (matched case-insensitively).
    /// `None` when unset; the default is `standard`. `legacy` (botocore's
    /// default, and different in each SDK) is an error that names the
    /// supported modes.
    pub fn retry_mode(&self) -> Result<Option<&'static str>, SettingsError> {
        let found = match &self.retry_mode {
            Some(mode) => Found {
                setting: "retry_mode".to_owned(),
                origin: SettingOrigin::Explicit,
                value: mode.clone(),
            },
            None => match self.lookup(&["AWS_RETRY_MODE"], "retry_mode") {
                Some(found) => found,
                None => return Ok(None),
            },
        };
        match RETRY_MODES
            .into_iter()
            .find(|mode| found.value.eq_ignore_ascii_case(mode))
        {
            Some(mode) => Ok(Some(mode)),
            None if found.value.eq_ignore_ascii_case("legacy") => Err(found.error(
                "one of the supported retry modes, `standard` or `adaptive` (`legacy` is not supported)",
            )),
            None => Err(found.error(
                "one of the supported retry modes, `standard` or `adaptive`",
            )),
        }
    }

    /// Whether request bodies are never compressed, even for operations
    /// with `@requestCompression`: explicit,
    /// `AWS_DISABLE_REQUEST_COMPRESSION`, profile
    /// `disable_request_compression`; default `false`.
    pub fn disable_request_compression(&self) -> Result<bool, SettingsError> {
        self.bool_setting(
            self.disable_request_compression,
            "AWS_DISABLE_REQUEST_COMPRESSION",
            "disable_request_compression",
        )
    }

    /// The smallest request body, in bytes, that is compressed (bodies of
    /// this size or larger are): explicit,
    /// `AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES`, profile
    /// `request_min_compression_size_bytes`; default
    /// [`DEFAULT_MIN_COMPRESSION_SIZE_BYTES`](crate::compression::DEFAULT_MIN_COMPRESSION_SIZE_BYTES)
    /// (10240). Valid values are 0 to
    /// [`MAX_MIN_COMPRESSION_SIZE_BYTES`](crate::compression::MAX_MIN_COMPRESSION_SIZE_BYTES)
    /// (10485760), as the reference guide says.
    pub fn request_min_compression_size_bytes(&self) -> Result<u32, SettingsError> {
        use crate::compression::{
            DEFAULT_MIN_COMPRESSION_SIZE_BYTES, MAX_MIN_COMPRESSION_SIZE_BYTES,
        };
        const SETTING: &str = "request_min_compression_size_bytes";
        let found = match self.request_min_compression_size_bytes {
            Some(bytes) => Found {
                setting: SETTING.to_owned(),
                origin: SettingOrigin::Explicit,
                value: bytes.to_string(),
            },
            None => match self.lookup(&["AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES"], SETTING) {
                Some(found) => found,
                None => return Ok(DEFAULT_MIN_COMPRESSION_SIZE_BYTES),
            },
        };
        match found.value.parse::<u32>() {
            Ok(bytes) if bytes <= MAX_MIN_COMPRESSION_SIZE_BYTES => Ok(bytes),
            _ => Err(found.error("an integer from 0 to 10485760")),
        }
    }

    /// Whether endpoints may be chosen by the credentials' account id
    /// (the `AWS::Auth::AccountIdEndpointMode` endpoint parameter, which
    /// DynamoDB's rules use), lowercased: explicit,
    /// `AWS_ACCOUNT_ID_ENDPOINT_MODE`, profile `account_id_endpoint_mode`;
    /// one of [`ACCOUNT_ID_ENDPOINT_MODES`] (matched case-insensitively),
    /// `preferred` by default, as in the AWS SDKs.
    pub fn account_id_endpoint_mode(&self) -> Result<&'static str, SettingsError> {
        const SETTING: &str = "account_id_endpoint_mode";
        let found = match &self.account_id_endpoint_mode {
            Some(mode) => Found {
                setting: SETTING.to_owned(),
                origin: SettingOrigin::Explicit,
                value: mode.clone(),
            },
            None => match self.lookup(&["AWS_ACCOUNT_ID_ENDPOINT_MODE"], SETTING) {
                Some(found) => found,
                None => return Ok(ACCOUNT_ID_ENDPOINT_MODES[0]),
            },
        };
        ACCOUNT_ID_ENDPOINT_MODES
            .into_iter()
            .find(|mode| found.value.eq_ignore_ascii_case(mode))
            .ok_or_else(|| found.error("`preferred`, `disabled` or `required`"))
    }

    /// The credentials to sign with: the explicit ones, else a
    /// [`DefaultChain`] over this environment and these profiles.
    pub fn credentials(&self) -> SharedCredentials {
        match &self.credentials {
            Some(credentials) => Arc::clone(credentials),
            None => Arc::new(self.default_chain()),
        }
    }

    /// The [`DefaultChain`] (environment, then profile) over this
    /// environment and these profiles, ignoring explicit credentials.
    pub fn default_chain(&self) -> DefaultChain {
        DefaultChain::from_parts(self.env.clone(), self.profiles.clone())
    }

    /// A non-empty value of `key` in the selected profile.
    fn profile_value(&self, key: &str) -> Option<&str> {
        self.profiles
            .get_selected(key)
            .filter(|value| !value.is_empty())
    }

    /// The first of `vars` that is set, else profile `key`.
    fn lookup(&self, vars: &[&str], key: &str) -> Option<Found> {
        for var in vars {
            if let Some(value) = self.env.get(var) {
                return Some(Found {
                    setting: (*var).to_owned(),
                    origin: SettingOrigin::Environment,
                    value,
                });
            }
        }
        self.profile_value(key).map(|value| Found {
            setting: key.to_owned(),
            origin: SettingOrigin::Profile {
                profile: self.profiles.selected().to_owned(),
            },
            value: value.to_owned(),
        })
    }

    fn bool_setting(
        &self,
        explicit: Option<bool>,
        var: &str,
        key: &str,
    ) -> Result<bool, SettingsError> {
        if let Some(value) = explicit {
            return Ok(value);
        }
        match self.lookup(&[var], key) {
            Some(found) => found.parse_bool(),
            None => Ok(false),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(vars: &[(&str, &str)], config: &str) -> Settings {
        let env = Env::from_map(vars.iter().copied());
        let selected = env.get("AWS_PROFILE").unwrap_or_else(|| "default".into());
        Settings::from_parts(env, ProfileSet::parse(config, "", selected))
    }

    #[test]
    fn service_env_ids() {
        assert_eq!(service_env_id("imagebuilder"), "IMAGEBUILDER");
        assert_eq!(service_env_id("IMAGEBUILDER"), "IMAGEBUILDER");
        assert_eq!(service_env_id("API Gateway"), "API_GATEWAY");
        assert_eq!(service_env_id("ACM PCA"), "ACM_PCA");
        assert_eq!(service_env_id("sso-oidc"), "SSO_OIDC");
    }

    #[test]
    fn account_id_endpoint_mode_precedence_and_values() {
        assert_eq!(
            settings(&[], "").account_id_endpoint_mode(),
            Ok("preferred")
        );
        let profile = "[default]\naccount_id_endpoint_mode = Required\n";
        assert_eq!(
            settings(&[], profile).account_id_endpoint_mode(),
            Ok("required")
        );
        let env = [("AWS_ACCOUNT_ID_ENDPOINT_MODE", "disabled")];
        assert_eq!(
            settings(&env, profile).account_id_endpoint_mode(),
            Ok("disabled")
        );
        let explicit = settings(&env, profile).with_account_id_endpoint_mode("PREFERRED");
        assert_eq!(explicit.account_id_endpoint_mode(), Ok("preferred"));
        let error = settings(&[("AWS_ACCOUNT_ID_ENDPOINT_MODE", "sometimes")], "")
            .account_id_endpoint_mode()
            .unwrap_err();
        let message = error.to_string();
        assert!(
            message.contains("AWS_ACCOUNT_ID_ENDPOINT_MODE"),
            "{message}"
        );
        assert!(message.contains("sometimes"), "{message}");
    }

    #[test]
    fn region_precedence() {
        let config = "[default]\nregion = from-profile\n";
        let all = [
            ("AWS_REGION", "from-aws-region"),
            ("AWS_DEFAULT_REGION", "from-default-region"),
        ];
        let s = settings(&all, config);
        assert_eq!(
            s.clone().with_region("explicit").region().as_deref(),
            Some("explicit")
        );
        assert_eq!(s.region().as_deref(), Some("from-aws-region"));
        let s = settings(&[("AWS_DEFAULT_REGION", "from-default-region")], config);
        assert_eq!(s.region().as_deref(), Some("from-default-region"));
        let s = settings(&[("AWS_REGION", "")], config);
        assert_eq!(s.region().as_deref(), Some("from-profile"));
        assert_eq!(settings(&[], "[default]\nregion =\n").region(), None);
        assert_eq!(settings(&[], "").region(), None);
    }

    #[test]
    fn ca_bundle_from_env_then_profile() {
        let config = "[default]\nca_bundle = /etc/profile-ca.pem\n";
        assert_eq!(
            settings(&[("AWS_CA_BUNDLE", "/etc/env-ca.pem")], config)
                .ca_bundle()
                .as_deref(),
            Some("/etc/env-ca.pem")
        );
        assert_eq!(
            settings(&[], config).ca_bundle().as_deref(),
            Some("/etc/profile-ca.pem")
        );
        assert_eq!(settings(&[], "").ca_bundle(), None);
    }

    #[test]
    fn bool_settings_precedence_and_parsing() {
        type Getter = fn(&Settings) -> Result<bool, SettingsError>;
        type Setter = fn(Settings, bool) -> Settings;
        let cases: [(&str, &str, Getter, Setter); 5] = [
            (
                "AWS_DISABLE_REQUEST_COMPRESSION",
                "disable_request_compression",
                Settings::disable_request_compression,
                Settings::with_disable_request_compression,
            ),
            (
                "AWS_DISABLE_HOST_PREFIX_INJECTION",
                "disable_host_prefix_injection",
                Settings::disable_host_prefix_injection,
                Settings::with_disable_host_prefix_injection,
            ),
            (
                "AWS_USE_FIPS_ENDPOINT",
                "use_fips_endpoint",
                Settings::use_fips,
                Settings::with_use_fips,
            ),
            (
                "AWS_USE_DUALSTACK_ENDPOINT",
                "use_dualstack_endpoint",
                Settings::use_dual_stack,
                Settings::with_use_dual_stack,
            ),
            (
                "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
                "ignore_configured_endpoint_urls",
                Settings::ignore_configured_endpoint_urls,
                Settings::with_ignore_configured_endpoint_urls,
            ),
        ];
        for (var, key, get, set) in cases {
            let profile_true = format!("[default]\n{key} = true\n");
            assert_eq!(get(&settings(&[], "")), Ok(false), "{var} default");
            assert_eq!(get(&settings(&[], &profile_true)), Ok(true), "{key}");
            assert_eq!(get(&settings(&[(var, "FALSE")], &profile_true)), Ok(false));
            assert_eq!(get(&settings(&[(var, "True")], "")), Ok(true));
            assert_eq!(get(&settings(&[(var, "")], &profile_true)), Ok(true));
            assert_eq!(
                get(&set(settings(&[(var, "true")], &profile_true), false)),
                Ok(false)
            );
            // An explicit value wins even over an invalid variable.
            assert_eq!(get(&set(settings(&[(var, "yes")], ""), true)), Ok(true));

            let err = get(&settings(&[(var, "yes")], &profile_true)).unwrap_err();
            assert_eq!(err.setting(), var);
            assert_eq!(err.origin(), &SettingOrigin::Environment);
            assert_eq!(
                err.to_string(),
                format!(
                    "invalid value `yes` for environment variable {var}: expected `true` or `false`"
                )
            );
            let err = get(&settings(&[], &format!("[default]\n{key} = 1\n"))).unwrap_err();
            assert_eq!(err.setting(), key);
            assert_eq!(
                err.origin(),
                &SettingOrigin::Profile {
                    profile: "default".into()
                }
            );
            assert!(err.to_string().contains("in profile `default`"), "{err}");
        }
    }

    #[test]
    fn max_attempts() {
        let config = "[default]\nmax_attempts = 7\n";
        assert_eq!(settings(&[], "").max_attempts(), Ok(None));
        assert_eq!(settings(&[], config).max_attempts(), Ok(Some(7)));
        assert_eq!(
            settings(&[("AWS_MAX_ATTEMPTS", "2")], config).max_attempts(),
            Ok(Some(2))
        );
        assert_eq!(
            settings(&[("AWS_MAX_ATTEMPTS", "2")], config)
                .with_max_attempts(9)
                .max_attempts(),
            Ok(Some(9))
        );
        for bad in ["abc", "0", "-1", "1.5", " 3", "99999999999"] {
            let err = settings(&[("AWS_MAX_ATTEMPTS", bad)], config)
                .max_attempts()
                .unwrap_err();
            assert_eq!(err.setting(), "AWS_MAX_ATTEMPTS");
            assert_eq!(err.value(), bad);
            assert!(err.to_string().contains("AWS_MAX_ATTEMPTS"), "{err}");
        }
        let err = settings(&[], "[default]\nmax_attempts = many\n")
            .max_attempts()
            .unwrap_err();
        assert_eq!(err.setting(), "max_attempts");
        let err = settings(&[], "")
            .with_max_attempts(0)
            .max_attempts()
            .unwrap_err();
        assert_eq!(err.origin(), &SettingOrigin::Explicit);
        assert!(err.to_string().contains("set in code"), "{err}");
    }

    #[test]
    fn retry_mode() {
        let config = "[default]\nretry_mode = adaptive\n";
        assert_eq!(settings(&[], "").retry_mode(), Ok(None));
        assert_eq!(settings(&[], config).retry_mode(), Ok(Some("adaptive")));
        assert_eq!(
            settings(&[("AWS_RETRY_MODE", "Standard")], config).retry_mode(),
            Ok(Some("standard"))
        );
        assert_eq!(
            settings(&[("AWS_RETRY_MODE", "standard")], config)
                .with_retry_mode("ADAPTIVE")
                .retry_mode(),
            Ok(Some("adaptive"))
        );
        for legacy in [
            settings(&[("AWS_RETRY_MODE", "legacy")], config),
            settings(&[], "[default]\nretry_mode = Legacy\n"),
            settings(&[], "").with_retry_mode("legacy"),
        ] {
            let err = legacy.retry_mode().unwrap_err();
            let message = err.to_string();
            for named in ["`standard`", "`adaptive`", "`legacy` is not supported"] {
                assert!(message.contains(named), "{message}");
            }
        }
        let err = settings(&[("AWS_RETRY_MODE", "fast")], config)
            .retry_mode()
            .unwrap_err();
        assert_eq!(err.setting(), "AWS_RETRY_MODE");
        let err = settings(&[], "[default]\nretry_mode = fast\n")
            .retry_mode()
            .unwrap_err();
        assert_eq!(err.setting(), "retry_mode");
        let err = settings(&[], "")
            .with_retry_mode("fast")
            .retry_mode()
            .unwrap_err();
        assert_eq!(err.origin(), &SettingOrigin::Explicit);
    }

    #[test]
    fn request_min_compression_size_bytes() {
        let get = |s: Settings| s.request_min_compression_size_bytes();
        let var = "AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES";
        let config = "[default]\nrequest_min_compression_size_bytes = 128\n";
        assert_eq!(get(settings(&[], "")), Ok(10240));
        assert_eq!(get(settings(&[], config)), Ok(128));
        assert_eq!(get(settings(&[(var, "0")], config)), Ok(0));
        assert_eq!(get(settings(&[(var, "10485760")], "")), Ok(10_485_760));
        assert_eq!(get(settings(&[(var, "")], config)), Ok(128));
        assert_eq!(
            get(settings(&[(var, "7")], config).with_request_min_compression_size_bytes(9)),
            Ok(9)
        );
        for bad in ["10485761", "-1", "1k", "1.5", " 3", "99999999999"] {
            let err = get(settings(&[(var, bad)], config)).unwrap_err();
            assert_eq!(err.setting(), var);
            assert_eq!(err.value(), bad);
            assert_eq!(
                err.to_string(),
                format!(
                    "invalid value `{bad}` for environment variable {var}: \
                     expected an integer from 0 to 10485760"
                )
            );
        }
        let err = get(settings(
            &[],
            "[default]\nrequest_min_compression_size_bytes = big\n",
        ))
        .unwrap_err();
        assert_eq!(err.setting(), "request_min_compression_size_bytes");
        let err =
            get(settings(&[], "").with_request_min_compression_size_bytes(10_485_761)).unwrap_err();
        assert_eq!(err.origin(), &SettingOrigin::Explicit);
        assert!(err.to_string().contains("set in code"), "{err}");
    }

    #[test]
    fn endpoint_url_precedence() {
        let config = "[default]\nendpoint_url = http://profile-global\nservices = svc\n\
                      [services svc]\nimagebuilder =\n  endpoint_url = http://profile-service\n";
        let all = [
            ("AWS_ENDPOINT_URL_IMAGEBUILDER", "http://env-service"),
            ("AWS_ENDPOINT_URL", "http://env-global"),
        ];
        let url = |s: &Settings| s.endpoint_url("IMAGEBUILDER");
        let s = settings(&all, config);
        assert_eq!(
            url(&s.clone().with_endpoint_url("http://explicit")),
            Ok(Some("http://explicit".into()))
        );
        assert_eq!(url(&s), Ok(Some("http://env-service".into())));
        // Other services don't see IMAGEBUILDER's variable or section.
        assert_eq!(s.endpoint_url("ec2"), Ok(Some("http://env-global".into())));
        let s = settings(&[("AWS_ENDPOINT_URL", "http://env-global")], config);
        assert_eq!(url(&s), Ok(Some("http://env-global".into())));
        let s = settings(&[], config);
        assert_eq!(url(&s), Ok(Some("http://profile-service".into())));
        assert_eq!(s.endpoint_url("imagebuilder"), url(&s));
        assert_eq!(
            s.endpoint_url("ec2"),
            Ok(Some("http://profile-global".into()))
        );
        let s = settings(&[], "[default]\nendpoint_url = http://profile-global\n");
        assert_eq!(url(&s), Ok(Some("http://profile-global".into())));
        assert_eq!(url(&settings(&[], "")), Ok(None));
    }

    #[test]
    fn ignore_configured_endpoint_urls() {
        let config = "[default]\nendpoint_url = http://profile-global\n";
        let vars = [
            ("AWS_ENDPOINT_URL_IMAGEBUILDER", "http://env-service"),
            ("AWS_ENDPOINT_URL", "http://env-global"),
            ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"),
        ];
        let s = settings(&vars, config);
        assert_eq!(s.endpoint_url("IMAGEBUILDER"), Ok(None));
        // Explicit endpoints are never ignored.
        assert_eq!(
            s.with_endpoint_url("http://explicit")
                .endpoint_url("IMAGEBUILDER"),
            Ok(Some("http://explicit".into()))
        );
        // The flag from the profile ignores the environment too.
        let s = settings(
            &[("AWS_ENDPOINT_URL", "http://env-global")],
            "[default]\nignore_configured_endpoint_urls = true\nendpoint_url = http://p\n",
        );
        assert_eq!(s.endpoint_url("IMAGEBUILDER"), Ok(None));
        // The variable set to false overrides the profile's true.
        let s = settings(
            &[("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "false")],
            "[default]\nignore_configured_endpoint_urls = true\nendpoint_url = http://p\n",
        );
        assert_eq!(s.endpoint_url("IMAGEBUILDER"), Ok(Some("http://p".into())));
        // Explicitly not ignoring.
        let s = settings(&vars, config).with_ignore_configured_endpoint_urls(false);
        assert_eq!(
            s.endpoint_url("IMAGEBUILDER"),
            Ok(Some("http://env-service".into()))
        );
        let err = settings(&[("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "1")], config)
            .endpoint_url("IMAGEBUILDER")
            .unwrap_err();
        assert_eq!(err.setting(), "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
    }

    #[test]
    fn profile_selection() {
        let config = "[default]\nregion = d\nuse_fips_endpoint = true\n\
                      [profile dev]\nregion = dev-region\n";
        let s = settings(&[("AWS_PROFILE", "dev")], config);
        assert_eq!(s.profile_name(), "dev");
        assert_eq!(s.region().as_deref(), Some("dev-region"));
        // No inheritance from [default].
        assert_eq!(s.use_fips(), Ok(false));
        let s = s.with_profile("default");
        assert_eq!(s.region().as_deref(), Some("d"));
        assert_eq!(s.use_fips(), Ok(true));
    }

    #[test]
    fn credentials_explicit_or_chain() {
        use crate::credentials::{Credentials, ProvideCredentials};
        let s = settings(
            &[
                ("AWS_ACCESS_KEY_ID", "AKID"),
                ("AWS_SECRET_ACCESS_KEY", "s"),
            ],
            "",
        );
        assert_eq!(
            pollster::block_on(s.credentials().provide_credentials()),
            Ok(Credentials::from_keys("AKID", "s"))
        );
        let explicit = Credentials::from_keys("EXPLICIT", "e");
        let s = s.with_credentials(Arc::new(explicit.clone()));
        assert_eq!(
            pollster::block_on(s.credentials().provide_credentials()),
            Ok(explicit)
        );
        assert_eq!(
            pollster::block_on(s.default_chain().provide_credentials()),
            Ok(Credentials::from_keys("AKID", "s"))
        );
    }
}
