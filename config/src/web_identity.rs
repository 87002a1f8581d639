//! [`WebIdentityProvider`]: credentials of an IAM role, from STS
//! `AssumeRoleWithWebIdentity` with an OIDC token read from a file (EKS
//! service accounts, CI systems).

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use smithy_runtime::SharedTransport;
use smithy_runtime::credentials::{
    CredentialsError, CredentialsResult, ProvideCredentials, ProvideCredentialsFuture,
};
use smithy_runtime::env::Env;

use crate::ProviderContext;
use crate::assume_role::{StsSettings, credentials_from_sts, default_session_name};

/// The variable naming the file holding the web identity token.
pub const TOKEN_FILE_ENV_VAR: &str = "AWS_WEB_IDENTITY_TOKEN_FILE";
/// The variable holding the role to assume with the token.
pub const ROLE_ARN_ENV_VAR: &str = "AWS_ROLE_ARN";
/// The variable holding the role session name.
pub const ROLE_SESSION_NAME_ENV_VAR: &str = "AWS_ROLE_SESSION_NAME";

/// Credentials of an IAM role, from STS `AssumeRoleWithWebIdentity`
/// (unsigned) with the token of a file.
///
/// Configured either from the environment ([`from_env`](Self::from_env);
/// the default chain's second source) or explicitly ([`new`](Self::new);
/// what a profile's `web_identity_token_file`, `role_arn` and
/// `role_session_name` give). From the environment, as aws-sdk-rust:
///
/// | `AWS_WEB_IDENTITY_TOKEN_FILE` | `AWS_ROLE_ARN` | result |
/// | --- | --- | --- |
/// | unset | any | [`NotLoaded`](CredentialsError::NotLoaded) (the chain moves on) |
/// | set | unset | [`InvalidConfiguration`](CredentialsError::InvalidConfiguration) |
/// | set | set | the role's credentials |
///
/// (botocore instead takes each of the two from the environment or else
/// from the profile; here the environment and the profile are separate
/// sources.) `AWS_ROLE_SESSION_NAME` is optional; without it the session
/// is `web-identity-token-<ms>`, the current time in milliseconds, as
/// aws-sdk-rust names it.
///
/// The file is read at every refresh (the platforms rotate the token in
/// place); surrounding whitespace is dropped. An unreadable or empty file
/// is a [`ProviderFailed`](CredentialsError::ProviderFailed); so is an
/// error response, naming the role and STS's code and message. The token
/// appears in no error and no `Debug`.
#[derive(Clone)]
pub struct WebIdentityProvider {
    source: Source,
    sts: Result<StsSettings, CredentialsError>,
    transport: SharedTransport,
}

#[derive(Debug, Clone)]
enum Source {
    Env(Env),
    Static(WebIdentity),
}

#[derive(Debug, Clone)]
struct WebIdentity {
    token_file: PathBuf,
    role_arn: String,
    session_name: Option<String>,
}

impl WebIdentityProvider {
    /// The name this provider uses in errors.
    pub const NAME: &'static str = "web identity token";

    /// Reads `AWS_WEB_IDENTITY_TOKEN_FILE`, `AWS_ROLE_ARN` and
    /// `AWS_ROLE_SESSION_NAME` of `context` at each call, calling STS as
    /// its environment and selected profile say.
    pub fn from_env(context: &ProviderContext) -> Self {
        WebIdentityProvider {
            source: Source::Env(context.env().clone()),
            sts: StsSettings::from_context(context),
            transport: Arc::clone(context.transport()),
        }
    }

    /// Assumes `role_arn` with the token in `token_file`, calling STS as
    /// `context`'s environment and selected profile say.
    pub fn new(
        token_file: impl Into<PathBuf>,
        role_arn: impl Into<String>,
        context: &ProviderContext,
    ) -> Self {
        WebIdentityProvider {
            source: Source::Static(WebIdentity {
                token_file: token_file.into(),
                role_arn: role_arn.into(),
                session_name: None,
            }),
            sts: StsSettings::from_context(context),
            transport: Arc::clone(context.transport()),
        }
    }

    /// Names the role session (for [`new`](Self::new); from the
    /// environment, `AWS_ROLE_SESSION_NAME` is read instead).
    #[must_use]
    pub fn with_session_name(mut self, name: impl Into<String>) -> Self {
        if let Source::Static(identity) = &mut self.source {
            identity.session_name = Some(name.into());
        }
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

    fn identity(&self) -> Result<WebIdentity, CredentialsError> {
        match &self.source {
            Source::Static(identity) => Ok(identity.clone()),
            Source::Env(env) => {
                let token_file = env.get(TOKEN_FILE_ENV_VAR).ok_or_else(|| {
                    CredentialsError::not_loaded(
                        Self::NAME,
                        format!("{TOKEN_FILE_ENV_VAR} is not set"),
                    )
                })?;
                let role_arn = env.get(ROLE_ARN_ENV_VAR).ok_or_else(|| {
                    CredentialsError::invalid_configuration(
                        Self::NAME,
                        format!("{TOKEN_FILE_ENV_VAR} is set but {ROLE_ARN_ENV_VAR} is not"),
                    )
                })?;
                Ok(WebIdentity {
                    token_file: token_file.into(),
                    role_arn,
                    session_name: env.get(ROLE_SESSION_NAME_ENV_VAR),
                })
            }
        }
    }

    async fn provide(&self) -> CredentialsResult {
        let identity = self.identity()?;
        let sts = self.sts.clone()?;
        let path = identity.token_file.display();
        let token = std::fs::read_to_string(&identity.token_file).map_err(|e| {
            CredentialsError::provider_failed(
                Self::NAME,
                format!("cannot read the web identity token file `{path}`: {e}"),
            )
        })?;
        let token = token.trim();
        if token.is_empty() {
            return Err(CredentialsError::provider_failed(
                Self::NAME,
                format!("the web identity token file `{path}` is empty"),
            ));
        }
        let what = format!(
            "STS AssumeRoleWithWebIdentity for role `{}`",
            identity.role_arn
        );
        let session_name = identity
            .session_name
            .unwrap_or_else(|| default_session_name("web-identity-token"));
        let request = sts::types::AssumeRoleWithWebIdentityRequest::builder()
            .role_arn(identity.role_arn.as_str())
            .role_session_name(session_name)
            .web_identity_token(token)
            .build()
            .map_err(|e| {
                CredentialsError::invalid_configuration(Self::NAME, format!("{what}: {e}"))
            })?;
        // No credentials in the config: the call is unsigned.
        let client = sts::Client::new(sts.config(), Arc::clone(&self.transport));
        let response = client
            .assume_role_with_web_identity(request)
            .await
            .map_err(|e| {
                CredentialsError::provider_failed(Self::NAME, format!("{what} failed: {e}"))
            })?;
        let arn = response
            .assumed_role_user
            .as_ref()
            .and_then(|u| u.arn.as_deref());
        credentials_from_sts(Self::NAME, &what, response.credentials, arn)
    }
}

impl ProvideCredentials for WebIdentityProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        ProvideCredentialsFuture::new(self.provide())
    }
}

impl fmt::Debug for WebIdentityProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The token is only ever in the file, never held here.
        f.debug_struct("WebIdentityProvider")
            .field("source", &self.source)
            .field("sts", &self.sts)
            .finish_non_exhaustive()
    }
}
