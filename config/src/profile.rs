//! [`ProfileCredentialsProvider`]: the credentials a profile of the shared
//! config and credentials files describes, static or assumed through STS.

use std::fmt;
use std::sync::Arc;

use smithy_runtime::credentials::{
    ACCESS_KEY_ID_KEY, ACCOUNT_ID_KEY, Credentials, CredentialsError, CredentialsResult,
    EnvironmentProvider, ProvideCredentials, ProvideCredentialsFuture, SECRET_ACCESS_KEY_KEY,
    SESSION_TOKEN_KEY, SharedCredentials,
};
use smithy_runtime::profile::{DEFAULT_PROFILE, ProfileSet};

use crate::ProviderContext;
use crate::assume_role::{AssumeRoleProvider, StsSettings, settings_of};
use crate::container::ContainerCredentialsProvider;
use crate::imds::ImdsCredentialsProvider;
use crate::process::ProcessCredentialsProvider;
use crate::sso::SsoCredentialsProvider;
use crate::web_identity::WebIdentityProvider;

/// The profile key naming the role to assume.
pub const ROLE_ARN_KEY: &str = "role_arn";
/// The profile key naming the profile whose credentials assume the role.
pub const SOURCE_PROFILE_KEY: &str = "source_profile";
/// The profile key naming a non-profile source of credentials for the role.
pub const CREDENTIAL_SOURCE_KEY: &str = "credential_source";
/// The profile key holding the role session name.
pub const ROLE_SESSION_NAME_KEY: &str = "role_session_name";
/// The profile key holding the external id sent with `AssumeRole`.
pub const EXTERNAL_ID_KEY: &str = "external_id";
/// The profile key holding the requested session length in seconds.
pub const DURATION_SECONDS_KEY: &str = "duration_seconds";
/// The profile key naming an MFA device, which this crate does not support.
pub const MFA_SERIAL_KEY: &str = "mfa_serial";
/// The profile key naming the web identity token file.
pub const WEB_IDENTITY_TOKEN_FILE_KEY: &str = "web_identity_token_file";
/// The profile key naming an IAM Identity Center session.
pub const SSO_SESSION_KEY: &str = "sso_session";
/// The profile key of legacy IAM Identity Center configuration.
pub const SSO_START_URL_KEY: &str = "sso_start_url";
/// The profile key holding a command that prints credentials.
pub const CREDENTIAL_PROCESS_KEY: &str = "credential_process";

/// The credentials a profile describes, resolved as the AWS SDKs do
/// (reference guide, "Assume role credential provider"; aws-sdk-rust's
/// profile provider and botocore agree on the rules below).
///
/// The profile is the [`ProviderContext`]'s selected one (`AWS_PROFILE`,
/// default `default`) unless [`with_profile`](Self::with_profile) names
/// another. The profiles are those the context holds (read when it was
/// built); the chain is resolved again at every refresh.
///
/// In the profile asked for, the first that applies:
///
/// 1. `role_arn` with `web_identity_token_file`: a
///    [`WebIdentityProvider`] (`role_session_name` optional);
/// 2. `role_arn`: STS `AssumeRole` ([`AssumeRoleProvider`]) with
///    `role_session_name`, `external_id` and `duration_seconds`, signed
///    with the credentials of exactly one of
///    - `source_profile`: another profile, resolved by the same rules
///      (chains of any length), except that a source profile's complete
///      static keys win over its own `role_arn`, as in aws-sdk-rust and
///      botocore; a profile naming itself uses its own static keys;
///    - `credential_source`: `Environment` (the environment variables),
///      `Ec2InstanceMetadata` or `EcsContainer`, spelled as the reference
///      guide does (botocore matches them exactly too);
/// 3. `sso_session` / `sso_start_url` (IAM Identity Center);
/// 4. `credential_process`;
/// 5. `aws_access_key_id`, `aws_secret_access_key` (and optionally
///    `aws_session_token`, `aws_account_id`).
///
/// | situation | result |
/// | --- | --- |
/// | profile `default` not defined, or it has no credential keys | [`NotLoaded`](CredentialsError::NotLoaded) |
/// | another profile named but not defined | [`InvalidConfiguration`](CredentialsError::InvalidConfiguration) |
/// | partial static keys | [`InvalidConfiguration`](CredentialsError::InvalidConfiguration) |
/// | `source_profile` and `credential_source` both, or neither, with `role_arn` | [`InvalidConfiguration`](CredentialsError::InvalidConfiguration) |
/// | a `source_profile` that is not defined or has no credentials | [`InvalidConfiguration`](CredentialsError::InvalidConfiguration) |
/// | `source_profile`s that form a cycle | [`InvalidConfiguration`](CredentialsError::InvalidConfiguration) naming the profiles in order |
/// | `mfa_serial` on a profile that assumes a role | [`InvalidConfiguration`](CredentialsError::InvalidConfiguration): there is no MFA prompt |
/// | `web_identity_token_file` without `role_arn`, `credential_source` without `role_arn`, an unknown `credential_source`, a `duration_seconds` that is not a number | [`InvalidConfiguration`](CredentialsError::InvalidConfiguration) |
/// | an STS error response | [`ProviderFailed`](CredentialsError::ProviderFailed) naming the role |
///
/// Source credentials that a role profile names but that are not there
/// (`credential_source = Environment` without the variables) are an
/// [`InvalidConfiguration`](CredentialsError::InvalidConfiguration), not
/// [`NotLoaded`](CredentialsError::NotLoaded): a chain must not move on to
/// another identity.
///
/// STS is called as [`StsSettings`] read them from the environment and the
/// profile asked for (its `region`, `sts_regional_endpoints`, endpoint
/// URLs).
#[derive(Clone)]
pub struct ProfileCredentialsProvider {
    context: ProviderContext,
    profile: Option<String>,
}

/// Where a profile chain's first credentials come from.
enum Base {
    Static(Credentials),
    Environment,
    Ec2InstanceMetadata,
    EcsContainer,
    /// IAM Identity Center or `credential_process`: built (and checked)
    /// while the profile is resolved.
    Provider(SharedCredentials),
    WebIdentity {
        token_file: String,
        role_arn: String,
        session_name: Option<String>,
    },
}

/// A role one profile of the chain assumes.
struct Link {
    role_arn: String,
    session_name: Option<String>,
    external_id: Option<String>,
    duration_seconds: Option<i32>,
}

impl ProfileCredentialsProvider {
    /// The name this provider uses in errors.
    pub const NAME: &'static str = "profile";

    /// The selected profile of `context`.
    pub fn new(context: &ProviderContext) -> Self {
        ProfileCredentialsProvider {
            context: context.clone(),
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
            .unwrap_or_else(|| self.context.profiles().selected())
    }

    fn profiles(&self) -> &ProfileSet {
        self.context.profiles()
    }

    /// A non-empty value of `key` in `profile`.
    fn value<'a>(&'a self, profile: &str, key: &str) -> Option<&'a str> {
        self.profiles()
            .get(profile, key)
            .filter(|value| !value.is_empty())
    }

    fn invalid(reason: String) -> CredentialsError {
        CredentialsError::invalid_configuration(Self::NAME, reason)
    }

    /// The profile chain: where the first credentials come from and the
    /// roles assumed with them, the innermost last.
    fn resolve(&self) -> Result<(Base, Vec<Link>), CredentialsError> {
        let root = self.profile_name();
        if !self.profiles().has_profile(root) {
            let reason = format!(
                "profile `{root}` is not defined in {}",
                self.profiles().sources_description()
            );
            return Err(if root == DEFAULT_PROFILE {
                CredentialsError::not_loaded(Self::NAME, reason)
            } else {
                Self::invalid(reason)
            });
        }
        let mut visited: Vec<&str> = Vec::new();
        let mut links = Vec::new();
        let mut name = root;
        loop {
            if visited.contains(&name) {
                let mut path: Vec<String> = visited.iter().map(|p| format!("`{p}`")).collect();
                path.push(format!("`{name}`"));
                return Err(Self::invalid(format!(
                    "the `{SOURCE_PROFILE_KEY}` of these profiles form a cycle: {}",
                    path.join(" -> ")
                )));
            }
            let referrer = visited.last().copied();
            visited.push(name);
            if referrer.is_some() {
                // A source profile's complete static keys win over its own
                // role (aws-sdk-rust's and botocore's rule).
                if let Ok(Some(credentials)) = self.static_keys(name) {
                    return Ok((Base::Static(credentials), links));
                }
            }
            if let Some(role_arn) = self.value(name, ROLE_ARN_KEY) {
                if let Some(token_file) = self.value(name, WEB_IDENTITY_TOKEN_FILE_KEY) {
                    let base = Base::WebIdentity {
                        token_file: token_file.to_owned(),
                        role_arn: role_arn.to_owned(),
                        session_name: self.value(name, ROLE_SESSION_NAME_KEY).map(str::to_owned),
                    };
                    return Ok((base, links));
                }
                links.push(self.link(name, role_arn)?);
                let source_profile = self.value(name, SOURCE_PROFILE_KEY);
                let credential_source = self.value(name, CREDENTIAL_SOURCE_KEY);
                match (source_profile, credential_source) {
                    (Some(_), Some(_)) => {
                        return Err(Self::invalid(format!(
                            "profile `{name}` sets both `{SOURCE_PROFILE_KEY}` and \
                             `{CREDENTIAL_SOURCE_KEY}`; only one can say where the \
                             credentials for `{ROLE_ARN_KEY}` come from"
                        )));
                    }
                    (None, None) => {
                        return Err(Self::invalid(format!(
                            "profile `{name}` sets `{ROLE_ARN_KEY}` but neither \
                             `{SOURCE_PROFILE_KEY}` nor `{CREDENTIAL_SOURCE_KEY}`"
                        )));
                    }
                    (Some(source), None) if source == name => {
                        let base = match self.static_keys(name)? {
                            Some(credentials) => Base::Static(credentials),
                            None => {
                                return Err(Self::invalid(format!(
                                    "profile `{name}` is its own `{SOURCE_PROFILE_KEY}` but \
                                     has no `{ACCESS_KEY_ID_KEY}`/`{SECRET_ACCESS_KEY_KEY}`"
                                )));
                            }
                        };
                        return Ok((base, links));
                    }
                    (Some(source), None) => {
                        if !self.profiles().has_profile(source) {
                            return Err(Self::invalid(format!(
                                "profile `{name}` sets `{SOURCE_PROFILE_KEY} = {source}`, but \
                                 profile `{source}` is not defined in {}",
                                self.profiles().sources_description()
                            )));
                        }
                        name = source;
                        continue;
                    }
                    (None, Some(source)) => return Ok((self.named_source(name, source)?, links)),
                }
            }
            if self.value(name, WEB_IDENTITY_TOKEN_FILE_KEY).is_some() {
                return Err(Self::invalid(format!(
                    "profile `{name}` sets `{WEB_IDENTITY_TOKEN_FILE_KEY}` but not `{ROLE_ARN_KEY}`"
                )));
            }
            if self.value(name, CREDENTIAL_SOURCE_KEY).is_some() {
                return Err(Self::invalid(format!(
                    "profile `{name}` sets `{CREDENTIAL_SOURCE_KEY}` but not `{ROLE_ARN_KEY}`; \
                     it names where the credentials to assume that role come from"
                )));
            }
            if [SSO_SESSION_KEY, SSO_START_URL_KEY]
                .into_iter()
                .any(|key| self.value(name, key).is_some())
            {
                let sso = SsoCredentialsProvider::from_profile(&self.context, name)?;
                return Ok((Base::Provider(Arc::new(sso)), links));
            }
            if let Some(command) = self.value(name, CREDENTIAL_PROCESS_KEY) {
                let process = ProcessCredentialsProvider::new(command);
                return Ok((Base::Provider(Arc::new(process)), links));
            }
            return match (self.static_keys(name)?, referrer) {
                (Some(credentials), _) => Ok((Base::Static(credentials), links)),
                (None, None) => Err(CredentialsError::not_loaded(
                    Self::NAME,
                    format!(
                        "profile `{name}` has no `{ACCESS_KEY_ID_KEY}`/`{SECRET_ACCESS_KEY_KEY}`"
                    ),
                )),
                (None, Some(referrer)) => Err(Self::invalid(format!(
                    "profile `{name}`, the `{SOURCE_PROFILE_KEY}` of `{referrer}`, has no \
                     credentials: no `{ACCESS_KEY_ID_KEY}`/`{SECRET_ACCESS_KEY_KEY}` and no \
                     `{ROLE_ARN_KEY}`"
                ))),
            };
        }
    }

    /// The role of profile `name`, which sets `role_arn`.
    fn link(&self, name: &str, role_arn: &str) -> Result<Link, CredentialsError> {
        if self.value(name, MFA_SERIAL_KEY).is_some() {
            return Err(Self::invalid(format!(
                "profile `{name}` sets `{MFA_SERIAL_KEY}`: assuming a role with MFA needs a \
                 token code and this client has no MFA prompt; use credentials that need no \
                 MFA, or get a session with MFA first (e.g. `aws sts get-session-token`)"
            )));
        }
        let duration_seconds = match self.value(name, DURATION_SECONDS_KEY) {
            None => None,
            Some(text) => Some(text.trim().parse::<i32>().map_err(|_| {
                Self::invalid(format!(
                    "profile `{name}` sets `{DURATION_SECONDS_KEY} = {text}`, which is not a \
                     number of seconds"
                ))
            })?),
        };
        Ok(Link {
            role_arn: role_arn.to_owned(),
            session_name: self.value(name, ROLE_SESSION_NAME_KEY).map(str::to_owned),
            external_id: self.value(name, EXTERNAL_ID_KEY).map(str::to_owned),
            duration_seconds,
        })
    }

    /// The base of a `credential_source`.
    fn named_source(&self, name: &str, source: &str) -> Result<Base, CredentialsError> {
        match source {
            "Environment" => Ok(Base::Environment),
            "Ec2InstanceMetadata" => Ok(Base::Ec2InstanceMetadata),
            "EcsContainer" => Ok(Base::EcsContainer),
            other => Err(Self::invalid(format!(
                "profile `{name}` sets `{CREDENTIAL_SOURCE_KEY} = {other}`; expected \
                 `Environment`, `Ec2InstanceMetadata` or `EcsContainer`"
            ))),
        }
    }

    /// The static keys of profile `name`: `None` when it has none at all,
    /// an error when they are partial.
    fn static_keys(&self, name: &str) -> Result<Option<Credentials>, CredentialsError> {
        let id = self.value(name, ACCESS_KEY_ID_KEY);
        let secret = self.value(name, SECRET_ACCESS_KEY_KEY);
        let token = self.value(name, SESSION_TOKEN_KEY);
        match (id, secret) {
            (Some(id), Some(secret)) => {
                let credentials = Credentials::new(id, secret, token.map(str::to_owned));
                Ok(Some(match self.value(name, ACCOUNT_ID_KEY) {
                    Some(account_id) => credentials.with_account_id(account_id),
                    None => credentials,
                }))
            }
            (None, None) if token.is_none() => Ok(None),
            (None, None) => Err(Self::invalid(format!(
                "profile `{name}` sets `{SESSION_TOKEN_KEY}` without \
                 `{ACCESS_KEY_ID_KEY}`/`{SECRET_ACCESS_KEY_KEY}`"
            ))),
            (Some(_), None) => Err(Self::invalid(format!(
                "profile `{name}` sets `{ACCESS_KEY_ID_KEY}` but not `{SECRET_ACCESS_KEY_KEY}`"
            ))),
            (None, Some(_)) => Err(Self::invalid(format!(
                "profile `{name}` sets `{SECRET_ACCESS_KEY_KEY}` but not `{ACCESS_KEY_ID_KEY}`"
            ))),
        }
    }

    /// The providers of the resolved chain, the outermost role last.
    fn providers(&self) -> Result<SharedCredentials, CredentialsError> {
        let (base, links) = self.resolve()?;
        let sts =
            StsSettings::from_settings(&settings_of(&self.context, Some(self.profile_name())));
        let context = &self.context;
        let mut provider: SharedCredentials = match base {
            Base::Static(credentials) => Arc::new(credentials),
            Base::Environment => Arc::new(EnvironmentProvider::new(context.env().clone())),
            Base::Ec2InstanceMetadata => Arc::new(ImdsCredentialsProvider::new(context)),
            Base::EcsContainer => Arc::new(ContainerCredentialsProvider::new(context)),
            Base::Provider(provider) => provider,
            Base::WebIdentity {
                token_file,
                role_arn,
                session_name,
            } => {
                let mut web = WebIdentityProvider::new(token_file, role_arn, context)
                    .with_sts_result(sts.clone());
                if let Some(name) = session_name {
                    web = web.with_session_name(name);
                }
                Arc::new(web)
            }
        };
        for link in links.into_iter().rev() {
            let mut role = AssumeRoleProvider::new(link.role_arn, provider, context)
                .with_sts_result(sts.clone());
            if let Some(name) = link.session_name {
                role = role.with_session_name(name);
            }
            if let Some(external_id) = link.external_id {
                role = role.with_external_id(external_id);
            }
            if let Some(seconds) = link.duration_seconds {
                role = role.with_duration_seconds(seconds);
            }
            provider = Arc::new(role);
        }
        Ok(provider)
    }

    async fn provide(&self) -> CredentialsResult {
        self.providers()?.provide_credentials().await
    }
}

impl ProvideCredentials for ProfileCredentialsProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        ProvideCredentialsFuture::new(self.provide())
    }
}

impl fmt::Debug for ProfileCredentialsProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The context shows no values, so no secret.
        f.debug_struct("ProfileCredentialsProvider")
            .field("profile", &self.profile_name())
            .field("context", &self.context)
            .finish()
    }
}
