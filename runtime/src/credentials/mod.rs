//! Where signing credentials come from.
//!
//! A [`ProvideCredentials`] hands out [`Credentials`] on request. This module
//! has the sources that need no network:
//!
//! - [`Credentials`] itself (static credentials you already hold);
//! - [`EnvironmentProvider`]: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`
//!   and optionally `AWS_SESSION_TOKEN` and `AWS_ACCOUNT_ID`;
//! - [`ProfileProvider`]: `aws_access_key_id`, `aws_secret_access_key` and
//!   optionally `aws_session_token` and `aws_account_id` of a profile in the
//!   shared config and credentials files ([`crate::profile`]);
//! - [`DefaultChain`]: the environment, then the profile, the first two
//!   links of the AWS SDKs' default chain (AWS SDKs and Tools Reference
//!   Guide, "Understand the credential provider chain"; aws-sdk-rust's
//!   `DefaultCredentialsChain` and botocore's `create_credential_resolver`
//!   also start with these two).
//!
//! The trait is asynchronous, so that a source may go to the network (IMDS,
//! SSO, STS AssumeRole, a container endpoint); these local ones answer with
//! a ready [`ProvideCredentialsFuture`], which costs no allocation. A
//! [`CredentialsCache`] in front of any provider (the client config puts
//! one there) asks it only when it has nothing usable, refreshes
//! credentials before they expire, and runs one refresh at a time.
//!
//! # Errors
//!
//! [`CredentialsError`] says whether a source simply has nothing
//! ([`NotLoaded`](crate::credentials::CredentialsError::NotLoaded): a chain moves on) or is
//! configured wrongly ([`InvalidConfiguration`](crate::credentials::CredentialsError::InvalidConfiguration):
//! a chain stops, as in aws-sdk-rust, so that a half-configured source never
//! silently yields a different identity). Messages name variables, profile
//! keys, profiles and files, never a key or a token.
//!
//! The sources that call AWS services or other processes (profiles that
//! assume a role, web identity, IAM Identity Center, `credential_process`,
//! containers, EC2 instance metadata) are the `smithy-config` crate's, which
//! sits above this one and whose default chain generated clients use. Here
//! such a profile is an [`InvalidConfiguration`](crate::credentials::CredentialsError::InvalidConfiguration)
//! error rather than silently using different credentials (the SDKs give
//! those keys precedence over static keys in the same profile).

mod cache;
mod future;

use std::error::Error;
use std::fmt;
use std::sync::Arc;

pub use crate::sigv4::Credentials;
pub use cache::{Clock, CredentialsCache};
pub use future::{CredentialsResult, ProvideCredentialsFuture};

use crate::env::Env;
use crate::profile::{DEFAULT_PROFILE, ProfileSet};

/// The variable holding the access key id.
pub const ACCESS_KEY_ID_ENV_VAR: &str = "AWS_ACCESS_KEY_ID";
/// The variable holding the secret access key.
pub const SECRET_ACCESS_KEY_ENV_VAR: &str = "AWS_SECRET_ACCESS_KEY";
/// The variable holding the session token of temporary credentials.
pub const SESSION_TOKEN_ENV_VAR: &str = "AWS_SESSION_TOKEN";
/// The variable holding the account id the credentials belong to.
pub const ACCOUNT_ID_ENV_VAR: &str = "AWS_ACCOUNT_ID";

/// The profile key holding the access key id.
pub const ACCESS_KEY_ID_KEY: &str = "aws_access_key_id";
/// The profile key holding the secret access key.
pub const SECRET_ACCESS_KEY_KEY: &str = "aws_secret_access_key";
/// The profile key holding the session token.
pub const SESSION_TOKEN_KEY: &str = "aws_session_token";
/// The profile key holding the account id the credentials belong to.
pub const ACCOUNT_ID_KEY: &str = "aws_account_id";

/// Profile keys that select a credential source this crate does not
/// implement; the SDKs prefer them over static keys.
const UNSUPPORTED_PROFILE_KEYS: &[&str] = &[
    "role_arn",
    "credential_source",
    "web_identity_token_file",
    "sso_session",
    "sso_start_url",
    "credential_process",
];

/// A source of credentials.
///
/// The client config asks it through a [`CredentialsCache`], so it is asked
/// again only when the credentials it gave are about to expire. Errors, and
/// `Debug`, must not contain secrets.
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// The current credentials, or why there are none.
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_>;
}

/// A credentials source shared between clients.
pub type SharedCredentials = Arc<dyn ProvideCredentials>;

/// Static credentials provide themselves.
impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        ProvideCredentialsFuture::ready(Ok(self.clone()))
    }
}

impl<T: ProvideCredentials + ?Sized> ProvideCredentials for Arc<T> {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        (**self).provide_credentials()
    }
}

/// Why no credentials were provided.
///
/// `Display` and `Debug` never contain a secret key or session token.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CredentialsError {
    /// The source has no credentials configured. A chain tries the next
    /// source.
    NotLoaded {
        /// The source, e.g. `environment`.
        provider: String,
        /// What was missing.
        reason: String,
    },
    /// The source is configured, but wrongly or in a way this crate does
    /// not support. A chain stops here.
    InvalidConfiguration {
        /// The source, e.g. `profile`.
        provider: String,
        /// What is wrong.
        reason: String,
    },
    /// No source of a chain had credentials.
    NoneFound {
        /// Each source tried, in order, with why it had none:
        /// `(provider, reason)`.
        tried: Vec<(String, String)>,
    },
    /// The source failed to load credentials (for network sources: a
    /// timeout, an error response).
    ProviderFailed {
        /// The source.
        provider: String,
        /// What went wrong.
        message: String,
    },
}

impl CredentialsError {
    /// A [`NotLoaded`](Self::NotLoaded) error.
    pub fn not_loaded(provider: impl Into<String>, reason: impl Into<String>) -> Self {
        CredentialsError::NotLoaded {
            provider: provider.into(),
            reason: reason.into(),
        }
    }

    /// An [`InvalidConfiguration`](Self::InvalidConfiguration) error.
    pub fn invalid_configuration(provider: impl Into<String>, reason: impl Into<String>) -> Self {
        CredentialsError::InvalidConfiguration {
            provider: provider.into(),
            reason: reason.into(),
        }
    }

    /// A [`ProviderFailed`](Self::ProviderFailed) error.
    pub fn provider_failed(provider: impl Into<String>, message: impl Into<String>) -> Self {
        CredentialsError::ProviderFailed {
            provider: provider.into(),
            message: message.into(),
        }
    }

    /// True when the source simply had nothing, so a chain should try the
    /// next one.
    pub fn is_not_loaded(&self) -> bool {
        matches!(self, CredentialsError::NotLoaded { .. })
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CredentialsError::NotLoaded { provider, reason } => {
                write!(f, "no credentials from {provider}: {reason}")
            }
            CredentialsError::InvalidConfiguration { provider, reason } => {
                write!(
                    f,
                    "invalid credentials configuration in {provider}: {reason}"
                )
            }
            CredentialsError::NoneFound { tried } => {
                f.write_str("no credentials found; tried ")?;
                for (index, (provider, reason)) in tried.iter().enumerate() {
                    if index > 0 {
                        f.write_str(", then ")?;
                    }
                    write!(f, "{provider} ({reason})")?;
                }
                Ok(())
            }
            CredentialsError::ProviderFailed { provider, message } => {
                write!(f, "failed to load credentials from {provider}: {message}")
            }
        }
    }
}

impl Error for CredentialsError {}

/// Credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and
/// (optional) `AWS_SESSION_TOKEN` and `AWS_ACCOUNT_ID`. Empty variables
/// count as unset.
///
/// When only one of the key pair is set the result is
/// [`NotLoaded`](CredentialsError::NotLoaded) naming the missing variable,
/// as in aws-sdk-rust (botocore instead fails with `PartialCredentialsError`).
/// The legacy names `AWS_SECRET_KEY`/`AWS_SECURITY_TOKEN` are not read.
#[derive(Debug, Clone, Default)]
pub struct EnvironmentProvider {
    env: Env,
}

impl EnvironmentProvider {
    /// The name this provider uses in errors.
    pub const NAME: &'static str = "environment";

    /// Reads the variables from `env` at each call.
    pub fn new(env: Env) -> Self {
        EnvironmentProvider { env }
    }
}

impl ProvideCredentials for EnvironmentProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        ProvideCredentialsFuture::ready(self.load())
    }
}

impl EnvironmentProvider {
    /// Reads the variables now.
    pub fn load(&self) -> CredentialsResult {
        let access_key_id = self.env.get(ACCESS_KEY_ID_ENV_VAR);
        let secret_access_key = self.env.get(SECRET_ACCESS_KEY_ENV_VAR);
        match (access_key_id, secret_access_key) {
            (Some(id), Some(secret)) => {
                let credentials = Credentials::new(id, secret, self.env.get(SESSION_TOKEN_ENV_VAR));
                Ok(match self.env.get(ACCOUNT_ID_ENV_VAR) {
                    Some(account_id) => credentials.with_account_id(account_id),
                    None => credentials,
                })
            }
            (None, None) => Err(CredentialsError::not_loaded(
                Self::NAME,
                format!("{ACCESS_KEY_ID_ENV_VAR} and {SECRET_ACCESS_KEY_ENV_VAR} are not set"),
            )),
            (Some(_), None) => Err(CredentialsError::not_loaded(
                Self::NAME,
                format!("{ACCESS_KEY_ID_ENV_VAR} is set but {SECRET_ACCESS_KEY_ENV_VAR} is not"),
            )),
            (None, Some(_)) => Err(CredentialsError::not_loaded(
                Self::NAME,
                format!("{SECRET_ACCESS_KEY_ENV_VAR} is set but {ACCESS_KEY_ID_ENV_VAR} is not"),
            )),
        }
    }
}

/// Credentials from a profile of the shared config and credentials files:
/// `aws_access_key_id`, `aws_secret_access_key` and (optional)
/// `aws_session_token`.
///
/// The profile is the [`ProfileSet`]'s selected one (`AWS_PROFILE`, default
/// `default`) unless [`with_profile`](Self::with_profile) names another. When
/// a profile is in both files, each key comes from the credentials file if it
/// is there, else from the config file (the files are merged property by
/// property, as the SDKs do).
///
/// The files are read once, when the provider is built (as aws-sdk-rust
/// does); build a new provider to pick up changes.
///
/// | situation | result |
/// | --- | --- |
/// | both keys set (non-empty) | credentials |
/// | profile `default` not defined, or defines no keys | [`NotLoaded`](CredentialsError::NotLoaded) |
/// | another profile named but not defined (botocore: `ProfileNotFound`) | [`InvalidConfiguration`](CredentialsError::InvalidConfiguration) |
/// | only one key set, or only a session token | [`InvalidConfiguration`](CredentialsError::InvalidConfiguration) |
/// | `role_arn`, `credential_source`, `web_identity_token_file`, `sso_session`, `sso_start_url` or `credential_process` set | [`InvalidConfiguration`](CredentialsError::InvalidConfiguration) (not supported) |
#[derive(Debug, Clone)]
pub struct ProfileProvider {
    profiles: ProfileSet,
    profile: Option<String>,
}

impl ProfileProvider {
    /// The name this provider uses in errors.
    pub const NAME: &'static str = "profile";

    /// Loads the shared files `env` points to, now.
    pub fn new(env: &Env) -> Self {
        Self::from_profiles(ProfileSet::load(env))
    }

    /// Uses already loaded profiles.
    pub fn from_profiles(profiles: ProfileSet) -> Self {
        ProfileProvider {
            profiles,
            profile: None,
        }
    }

    /// Reads profile `name` instead of the selected one.
    #[must_use]
    pub fn with_profile(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self
    }

    /// The profile this provider reads.
    pub fn profile_name(&self) -> &str {
        self.profile
            .as_deref()
            .unwrap_or_else(|| self.profiles.selected())
    }

    fn value(&self, key: &str) -> Option<&str> {
        self.profiles
            .get(self.profile_name(), key)
            .filter(|value| !value.is_empty())
    }
}

impl ProvideCredentials for ProfileProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        ProvideCredentialsFuture::ready(self.load())
    }
}

impl ProfileProvider {
    /// Reads the profile's keys.
    pub fn load(&self) -> CredentialsResult {
        let name = self.profile_name();
        if !self.profiles.has_profile(name) {
            let reason = format!(
                "profile `{name}` is not defined in {}",
                self.profiles.sources_description()
            );
            return Err(if name == DEFAULT_PROFILE {
                CredentialsError::not_loaded(Self::NAME, reason)
            } else {
                CredentialsError::invalid_configuration(Self::NAME, reason)
            });
        }
        if let Some(key) = UNSUPPORTED_PROFILE_KEYS
            .iter()
            .find(|key| self.value(key).is_some())
        {
            return Err(CredentialsError::invalid_configuration(
                Self::NAME,
                format!(
                    "profile `{name}` sets `{key}`, a credential source this client does not \
                     support; only `{ACCESS_KEY_ID_KEY}`/`{SECRET_ACCESS_KEY_KEY}` are read"
                ),
            ));
        }
        let id = self.value(ACCESS_KEY_ID_KEY);
        let secret = self.value(SECRET_ACCESS_KEY_KEY);
        let token = self.value(SESSION_TOKEN_KEY);
        match (id, secret) {
            (Some(id), Some(secret)) => {
                let credentials = Credentials::new(id, secret, token.map(str::to_owned));
                Ok(match self.value(ACCOUNT_ID_KEY) {
                    Some(account_id) => credentials.with_account_id(account_id),
                    None => credentials,
                })
            }
            (None, None) if token.is_none() => Err(CredentialsError::not_loaded(
                Self::NAME,
                format!("profile `{name}` has no `{ACCESS_KEY_ID_KEY}`/`{SECRET_ACCESS_KEY_KEY}`"),
            )),
            (None, None) => Err(CredentialsError::invalid_configuration(
                Self::NAME,
                format!(
                    "profile `{name}` sets `{SESSION_TOKEN_KEY}` without \
                     `{ACCESS_KEY_ID_KEY}`/`{SECRET_ACCESS_KEY_KEY}`"
                ),
            )),
            (Some(_), None) => Err(CredentialsError::invalid_configuration(
                Self::NAME,
                format!(
                    "profile `{name}` sets `{ACCESS_KEY_ID_KEY}` but not `{SECRET_ACCESS_KEY_KEY}`"
                ),
            )),
            (None, Some(_)) => Err(CredentialsError::invalid_configuration(
                Self::NAME,
                format!(
                    "profile `{name}` sets `{SECRET_ACCESS_KEY_KEY}` but not `{ACCESS_KEY_ID_KEY}`"
                ),
            )),
        }
    }
}

/// The environment, then the profile: the first source with credentials
/// wins.
///
/// A source that has nothing ([`NotLoaded`](CredentialsError::NotLoaded)) is
/// skipped; any other error stops the chain and is returned as is. When no
/// source has credentials the error is
/// [`NoneFound`](CredentialsError::NoneFound), listing every source tried
/// and why it had none. The source that had them is named in a `tracing`
/// event (`DEBUG`, field `source`).
///
/// ```
/// use smithy_runtime::credentials::{DefaultChain, ProvideCredentials};
/// use smithy_runtime::env::Env;
/// use smithy_runtime::profile::ProfileSet;
///
/// let env = Env::from_map([("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")]);
/// let chain = DefaultChain::from_parts(env, ProfileSet::default());
/// let err = chain.load().unwrap_err().to_string();
/// assert!(err.contains("AWS_SECRET_ACCESS_KEY is not"), "{err}");
/// assert!(err.contains("profile `default` is not defined"), "{err}");
/// ```
#[derive(Debug, Clone)]
pub struct DefaultChain {
    environment: EnvironmentProvider,
    profile: ProfileProvider,
}

impl DefaultChain {
    /// The chain over `env`, loading the shared files it points to now.
    pub fn new(env: &Env) -> Self {
        Self::from_parts(env.clone(), ProfileSet::load(env))
    }

    /// The chain over `env` and already loaded profiles.
    pub fn from_parts(env: Env, profiles: ProfileSet) -> Self {
        DefaultChain {
            environment: EnvironmentProvider::new(env),
            profile: ProfileProvider::from_profiles(profiles),
        }
    }

    /// The chain over the real process environment and the files it points
    /// to.
    pub fn from_process_env() -> Self {
        Self::new(&Env::real())
    }
}

impl ProvideCredentials for DefaultChain {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        ProvideCredentialsFuture::ready(self.load())
    }
}

impl DefaultChain {
    /// Asks the environment, then the profile.
    pub fn load(&self) -> CredentialsResult {
        let mut tried = Vec::new();
        type Load = fn(&DefaultChain) -> CredentialsResult;
        let sources: [(&str, Load); 2] = [
            (EnvironmentProvider::NAME, |chain| chain.environment.load()),
            (ProfileProvider::NAME, |chain| chain.profile.load()),
        ];
        for (name, source) in sources {
            match source(self) {
                Err(CredentialsError::NotLoaded { provider, reason }) => {
                    tried.push((provider, reason));
                }
                Ok(credentials) => {
                    // Which source, never what it gave.
                    tracing::debug!(source = name, "credentials loaded");
                    return Ok(credentials);
                }
                other => return other,
            }
        }
        Err(CredentialsError::NoneFound { tried })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzSECRET";
    const TOKEN: &str = "IQoJb3JpZ2luX2VjEXAMPLETOKENzz";

    fn profiles(credentials: &str, selected: &str) -> ProfileSet {
        ProfileSet::parse("", credentials, selected)
    }

    #[test]
    fn static_credentials_provide_themselves() {
        let creds = Credentials::from_keys("AKID", SECRET);
        assert_eq!(
            pollster::block_on(creds.provide_credentials()),
            Ok(creds.clone())
        );
        let shared: SharedCredentials = Arc::new(creds.clone());
        assert_eq!(
            pollster::block_on(shared.provide_credentials()),
            Ok(creds.clone())
        );
        // Arc<dyn ProvideCredentials> is itself a provider.
        let nested: SharedCredentials = Arc::new(shared);
        assert_eq!(pollster::block_on(nested.provide_credentials()), Ok(creds));
    }

    #[test]
    fn the_account_id_comes_with_the_keys_from_the_environment_or_the_profile() {
        let env = Env::from_map([
            ("AWS_ACCESS_KEY_ID", "AKID"),
            ("AWS_SECRET_ACCESS_KEY", SECRET),
            ("AWS_ACCOUNT_ID", "111122223333"),
        ]);
        let creds = EnvironmentProvider::new(env).load().unwrap();
        assert_eq!(creds.account_id(), Some("111122223333"));
        assert!(format!("{creds:?}").contains("111122223333"));
        let env = Env::from_map([
            ("AWS_ACCESS_KEY_ID", "AKID"),
            ("AWS_SECRET_ACCESS_KEY", SECRET),
        ]);
        let creds = EnvironmentProvider::new(env).load().unwrap();
        assert_eq!(creds.account_id(), None);

        let file = format!(
            "[default]\naws_access_key_id = AKID\naws_secret_access_key = {SECRET}\n\
             aws_account_id = 444455556666\n"
        );
        let creds = ProfileProvider::from_profiles(profiles(&file, "default"))
            .load()
            .unwrap();
        assert_eq!(creds.account_id(), Some("444455556666"));
        assert_eq!(creds.access_key_id(), "AKID");
    }

    #[test]
    fn environment_provider() {
        let env = Env::from_map([
            ("AWS_ACCESS_KEY_ID", "AKID"),
            ("AWS_SECRET_ACCESS_KEY", SECRET),
            ("AWS_SESSION_TOKEN", TOKEN),
        ]);
        let creds = EnvironmentProvider::new(env).load();
        assert_eq!(
            creds,
            Ok(Credentials::new("AKID", SECRET, Some(TOKEN.to_owned())))
        );

        let env = Env::from_map([
            ("AWS_ACCESS_KEY_ID", "AKID"),
            ("AWS_SECRET_ACCESS_KEY", SECRET),
            ("AWS_SESSION_TOKEN", ""),
        ]);
        let creds = EnvironmentProvider::new(env).load();
        assert_eq!(creds, Ok(Credentials::from_keys("AKID", SECRET)));
    }

    #[test]
    fn environment_provider_missing_or_partial() {
        let cases = [
            (
                vec![],
                "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set",
            ),
            (
                vec![("AWS_ACCESS_KEY_ID", "AKID")],
                "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not",
            ),
            (
                vec![("AWS_ACCESS_KEY_ID", "AKID"), ("AWS_SECRET_ACCESS_KEY", "")],
                "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not",
            ),
            (
                vec![("AWS_SECRET_ACCESS_KEY", SECRET), ("AWS_ACCESS_KEY_ID", "")],
                "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not",
            ),
        ];
        for (vars, reason) in cases {
            let err = EnvironmentProvider::new(Env::from_map(vars))
                .load()
                .unwrap_err();
            assert_eq!(err, CredentialsError::not_loaded("environment", reason));
            assert!(!err.to_string().contains(SECRET));
        }
    }

    #[test]
    fn profile_provider_reads_selected_profile() {
        let set = profiles(
            &format!(
                "[default]\naws_access_key_id = AKID_DEFAULT\naws_secret_access_key = {SECRET}\n\
                 [dev]\naws_access_key_id = AKID_DEV\naws_secret_access_key = {SECRET}\n\
                 aws_session_token = {TOKEN}\n"
            ),
            "dev",
        );
        let provider = ProfileProvider::from_profiles(set.clone());
        assert_eq!(provider.profile_name(), "dev");
        assert_eq!(
            provider.load(),
            Ok(Credentials::new("AKID_DEV", SECRET, Some(TOKEN.to_owned())))
        );
        let provider = ProfileProvider::from_profiles(set).with_profile("default");
        assert_eq!(
            provider.load(),
            Ok(Credentials::from_keys("AKID_DEFAULT", SECRET))
        );
    }

    #[test]
    fn profile_provider_credentials_file_wins_over_config_file() {
        let set = ProfileSet::parse(
            "[profile dev]\naws_access_key_id = AKID_CONFIG\naws_secret_access_key = config-secret\n\
             aws_session_token = config-token\n",
            &format!("[dev]\naws_access_key_id = AKID_CREDS\naws_secret_access_key = {SECRET}\n"),
            "dev",
        );
        // Property-level merge: the session token only exists in the config file.
        assert_eq!(
            ProfileProvider::from_profiles(set).load(),
            Ok(Credentials::new(
                "AKID_CREDS",
                SECRET,
                Some("config-token".to_owned())
            ))
        );
    }

    #[test]
    fn profile_provider_errors() {
        let not_loaded = |set: ProfileSet| {
            let err = ProfileProvider::from_profiles(set).load().unwrap_err();
            assert!(err.is_not_loaded(), "{err:?}");
            err.to_string()
        };
        let invalid = |set: ProfileSet| {
            let err = ProfileProvider::from_profiles(set).load().unwrap_err();
            assert!(
                matches!(err, CredentialsError::InvalidConfiguration { .. }),
                "{err:?}"
            );
            let message = err.to_string();
            assert!(!message.contains(SECRET), "{message}");
            message
        };

        let msg = not_loaded(profiles("", "default"));
        assert!(msg.contains("profile `default` is not defined"), "{msg}");
        let msg = not_loaded(profiles("[default]\nregion = x\n", "default"));
        assert!(msg.contains("has no `aws_access_key_id`"), "{msg}");
        let msg = not_loaded(profiles("[default]\naws_access_key_id =\n", "default"));
        assert!(msg.contains("has no"), "{msg}");

        let msg = invalid(profiles("[default]\n", "missing"));
        assert!(msg.contains("profile `missing` is not defined"), "{msg}");
        let msg = invalid(profiles("[default]\naws_access_key_id = AKID\n", "default"));
        assert!(msg.contains("but not `aws_secret_access_key`"), "{msg}");
        let msg = invalid(profiles(
            &format!("[default]\naws_secret_access_key = {SECRET}\n"),
            "default",
        ));
        assert!(msg.contains("but not `aws_access_key_id`"), "{msg}");
        let msg = invalid(profiles(
            &format!("[default]\naws_session_token = {TOKEN}\n"),
            "default",
        ));
        assert!(msg.contains("without"), "{msg}");
        for key in UNSUPPORTED_PROFILE_KEYS {
            let msg = invalid(profiles(
                &format!(
                    "[default]\n{key} = something\naws_access_key_id = AKID\n\
                     aws_secret_access_key = {SECRET}\n"
                ),
                "default",
            ));
            assert!(msg.contains(key), "{msg}");
        }
    }

    #[test]
    fn default_chain_prefers_environment() {
        let env = Env::from_map([
            ("AWS_ACCESS_KEY_ID", "AKID_ENV"),
            ("AWS_SECRET_ACCESS_KEY", SECRET),
        ]);
        let set = profiles(
            "[default]\naws_access_key_id = AKID_PROFILE\naws_secret_access_key = other\n",
            "default",
        );
        let chain = DefaultChain::from_parts(env, set.clone());
        assert_eq!(chain.load(), Ok(Credentials::from_keys("AKID_ENV", SECRET)));
        // Partial environment: skipped, as in aws-sdk-rust.
        let env = Env::from_map([("AWS_ACCESS_KEY_ID", "AKID_ENV")]);
        let chain = DefaultChain::from_parts(env, set);
        assert_eq!(
            chain.load(),
            Ok(Credentials::from_keys("AKID_PROFILE", "other"))
        );
    }

    #[test]
    fn default_chain_reports_every_source_tried() {
        let chain = DefaultChain::from_parts(Env::from_map([("X", "1")]), profiles("", "default"));
        let err = chain.load().unwrap_err();
        let CredentialsError::NoneFound { tried } = &err else {
            panic!("unexpected {err:?}");
        };
        let providers: Vec<&str> = tried.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(providers, ["environment", "profile"]);
        let message = err.to_string();
        assert!(
            message.starts_with("no credentials found; tried environment ("),
            "{message}"
        );
        assert!(
            message.contains(", then profile (profile `default` is not defined in"),
            "{message}"
        );
    }

    #[test]
    fn default_chain_stops_at_invalid_configuration() {
        let chain = DefaultChain::from_parts(
            Env::from_map([("X", "1")]),
            profiles("[default]\naws_access_key_id = AKID\n", "default"),
        );
        let err = chain.load().unwrap_err();
        assert!(
            matches!(err, CredentialsError::InvalidConfiguration { .. }),
            "{err:?}"
        );
    }

    #[test]
    fn errors_display() {
        assert_eq!(
            CredentialsError::provider_failed("imds", "timed out").to_string(),
            "failed to load credentials from imds: timed out"
        );
        assert_eq!(
            CredentialsError::NoneFound { tried: vec![] }.to_string(),
            "no credentials found; tried "
        );
    }

    #[test]
    fn debug_never_shows_secrets() {
        let env = Env::from_map([
            ("AWS_ACCESS_KEY_ID", "AKID"),
            ("AWS_SECRET_ACCESS_KEY", SECRET),
            ("AWS_SESSION_TOKEN", TOKEN),
        ]);
        let set = profiles(
            &format!(
                "[default]\naws_access_key_id = AKID\naws_secret_access_key = {SECRET}\naws_session_token = {TOKEN}\n"
            ),
            "default",
        );
        let chain = DefaultChain::from_parts(env.clone(), set.clone());
        let creds = chain.load();
        let shared: SharedCredentials = Arc::new(chain.clone());
        for text in [
            format!("{chain:?}"),
            format!("{chain:#?}"),
            format!("{creds:?}"),
            format!("{shared:?}"),
            format!("{:?}", EnvironmentProvider::new(env)),
            format!("{:?}", ProfileProvider::from_profiles(set)),
        ] {
            assert!(!text.contains(SECRET), "{text}");
            assert!(!text.contains(TOKEN), "{text}");
        }
    }
}
