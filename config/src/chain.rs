//! [`DefaultCredentialsChain`].

use std::fmt;

use smithy_runtime::credentials::{
    CredentialsError, CredentialsResult, EnvironmentProvider, ProfileProvider, ProvideCredentials,
    ProvideCredentialsFuture, SharedCredentials,
};

use crate::ProviderContext;
use crate::container::ContainerCredentialsProvider;
use crate::imds::ImdsCredentialsProvider;

/// The AWS SDKs' default credentials chain (AWS SDKs and Tools Reference
/// Guide, "Understand the credential provider chain"), asked in order:
///
/// 1. the environment (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, ...);
/// 2. the shared config and credentials files' selected profile;
/// 3. a container credentials endpoint
///    ([`ContainerCredentialsProvider`]: `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`
///    or `AWS_CONTAINER_CREDENTIALS_FULL_URI`);
/// 4. the EC2 instance metadata service ([`ImdsCredentialsProvider`]),
///    unless `AWS_EC2_METADATA_DISABLED=true`. Where there is no IMDS it
///    gives up at once when the connection is refused, after about a second
///    when nothing answers, and the chain ends with
///    [`NoneFound`](CredentialsError::NoneFound).
///
/// A source that simply has nothing ([`NotLoaded`]) passes to the next; any
/// other error (a source configured wrongly, or one that failed) stops the
/// chain, as in the SDKs, so that a half-configured source never silently
/// yields another identity. When no source has credentials the error lists
/// each one tried and why it had none.
///
/// [`NotLoaded`]: CredentialsError::NotLoaded
pub struct DefaultCredentialsChain {
    sources: Vec<SharedCredentials>,
}

impl DefaultCredentialsChain {
    /// The chain over `context`'s environment, profiles and transport (the
    /// IMDS settings are read now).
    pub fn new(context: &ProviderContext) -> Self {
        let env = context.env().clone();
        let profiles = context.profiles().clone();
        Self::from_sources(vec![
            std::sync::Arc::new(EnvironmentProvider::new(env)),
            std::sync::Arc::new(ProfileProvider::from_profiles(profiles)),
            std::sync::Arc::new(ContainerCredentialsProvider::new(context)),
            std::sync::Arc::new(ImdsCredentialsProvider::new(context)),
        ])
    }

    /// A chain of these sources, in this order.
    pub fn from_sources(sources: Vec<SharedCredentials>) -> Self {
        DefaultCredentialsChain { sources }
    }

    async fn provide(&self) -> CredentialsResult {
        let mut tried = Vec::new();
        for source in &self.sources {
            match source.provide_credentials().await {
                Err(CredentialsError::NotLoaded { provider, reason }) => {
                    tried.push((provider, reason));
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
