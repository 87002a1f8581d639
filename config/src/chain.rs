//! [`DefaultCredentialsChain`].

use std::fmt;
use std::sync::Arc;

use smithy_runtime::credentials::{
    CredentialsError, CredentialsResult, EnvironmentProvider, ProvideCredentials,
    ProvideCredentialsFuture, SharedCredentials,
};

use crate::container::ContainerCredentialsProvider;
use crate::imds::ImdsCredentialsProvider;
use crate::{ProfileCredentialsProvider, ProviderContext, WebIdentityProvider};

/// The AWS SDKs' default credentials chain (AWS SDKs and Tools Reference
/// Guide, "Understand the credential provider chain"), asked in order:
///
/// 1. the environment (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, ...);
/// 2. a web identity token from the environment
///    (`AWS_WEB_IDENTITY_TOKEN_FILE`, `AWS_ROLE_ARN`; [`WebIdentityProvider`]);
/// 3. the shared config and credentials files' selected profile, static
///    keys or roles assumed through STS ([`ProfileCredentialsProvider`]);
/// 4. a container credentials endpoint
///    ([`ContainerCredentialsProvider`]: `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`
///    or `AWS_CONTAINER_CREDENTIALS_FULL_URI`);
/// 5. the EC2 instance metadata service ([`ImdsCredentialsProvider`]),
///    unless `AWS_EC2_METADATA_DISABLED=true`. Where there is no IMDS it
///    gives up at once when the connection is refused, after about a second
///    when nothing answers, and the chain ends with
///    [`NoneFound`](CredentialsError::NoneFound).
///
/// (The order of the AWS SDKs for Java and PHP; the reference guide leaves
/// it to each SDK, and aws-sdk-rust and botocore ask the profile before the
/// web identity variables.)
///
/// A source that simply has nothing ([`NotLoaded`]) passes to the next; any
/// other error (a source configured wrongly, or one that failed) stops the
/// chain, as in the SDKs, so that a half-configured source never silently
/// yields another identity. When no source has credentials the error lists
/// each one tried and why it had none.
///
/// The source that supplied the credentials is named in a `tracing` event
/// at `DEBUG` (target `smithy_config::chain`, fields `source` and
/// `position`, 1 for the first): never the credentials themselves.
///
/// [`NotLoaded`]: CredentialsError::NotLoaded
pub struct DefaultCredentialsChain {
    sources: Vec<SharedCredentials>,
    /// The sources' names for traces, by position.
    names: Vec<&'static str>,
}

impl DefaultCredentialsChain {
    /// The chain over `context`'s environment, profiles and transport (the
    /// IMDS settings are read now).
    pub fn new(context: &ProviderContext) -> Self {
        let mut chain = Self::from_sources(vec![
            Arc::new(EnvironmentProvider::new(context.env().clone())),
            Arc::new(WebIdentityProvider::from_env(context)),
            Arc::new(ProfileCredentialsProvider::new(context)),
            Arc::new(ContainerCredentialsProvider::new(context)),
            Arc::new(ImdsCredentialsProvider::new(context)),
        ]);
        chain.names = vec![
            EnvironmentProvider::NAME,
            WebIdentityProvider::NAME,
            ProfileCredentialsProvider::NAME,
            ContainerCredentialsProvider::NAME,
            ImdsCredentialsProvider::NAME,
        ];
        chain
    }

    /// A chain of these sources, in this order (named `custom` in traces).
    pub fn from_sources(sources: Vec<SharedCredentials>) -> Self {
        let names = vec!["custom"; sources.len()];
        DefaultCredentialsChain { sources, names }
    }

    async fn provide(&self) -> CredentialsResult {
        let mut tried = Vec::new();
        for (index, source) in self.sources.iter().enumerate() {
            match source.provide_credentials().await {
                Err(CredentialsError::NotLoaded { provider, reason }) => {
                    tried.push((provider, reason));
                }
                Ok(credentials) => {
                    let name = self.names.get(index).copied().unwrap_or("custom");
                    tracing::debug!(source = name, position = index + 1, "credentials loaded");
                    return Ok(credentials);
                }
                other => return other,
            }
        }
        Err(CredentialsError::NoneFound { tried })
    }
}

impl ProvideCredentials for DefaultCredentialsChain {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        ProvideCredentialsFuture::new(self.provide())
    }
}

impl fmt::Debug for DefaultCredentialsChain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DefaultCredentialsChain")
            .field("sources", &self.sources)
            .finish()
    }
}
