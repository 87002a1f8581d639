//! [`DefaultCredentialsChain`].

use std::fmt;

use smithy_runtime::credentials::{
    CredentialsError, CredentialsResult, EnvironmentProvider, ProfileProvider, ProvideCredentials,
    ProvideCredentialsFuture, SharedCredentials,
};

use crate::ProviderContext;

/// The AWS SDKs' default credentials chain (AWS SDKs and Tools Reference
/// Guide, "Understand the credential provider chain"), asked in order:
///
/// 1. the environment (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, ...);
/// 2. the shared config and credentials files' selected profile.
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
    /// The chain over `context`'s environment, profiles and transport.
    pub fn new(context: &ProviderContext) -> Self {
        let env = context.env().clone();
        let profiles = context.profiles().clone();
        Self::from_sources(vec![
            std::sync::Arc::new(EnvironmentProvider::new(env)),
            std::sync::Arc::new(ProfileProvider::from_profiles(profiles)),
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
