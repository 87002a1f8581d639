//! What every provider reads: the environment, the shared config and
//! credentials files, and the transport its calls go through.

use std::fmt;

use smithy_runtime::SharedTransport;
use smithy_runtime::env::Env;
use smithy_runtime::profile::ProfileSet;
use smithy_runtime::settings::Settings;

/// The environment, profiles and transport the providers use; tests give
/// their own.
#[derive(Clone)]
pub struct ProviderContext {
    env: Env,
    profiles: ProfileSet,
    transport: SharedTransport,
}

impl ProviderContext {
    /// The process's environment, the files it points to (read now) and
    /// the default HTTPS transport.
    pub fn from_process_env() -> Self {
        Self::from_settings(&Settings::from_process_env())
    }

    /// The environment and profiles (its selected one) of `settings`, and
    /// the default HTTPS transport with the proxies (`HTTPS_PROXY`,
    /// `NO_PROXY`, ...) and CA bundle (`AWS_CA_BUNDLE`, profile `ca_bundle`)
    /// they name: [`HttpsTransport::from_settings`](smithy_runtime::HttpsTransport::from_settings).
    /// Instance metadata and container credentials on link-local and
    /// loopback addresses are never proxied.
    pub fn from_settings(settings: &Settings) -> Self {
        Self::new(
            settings.env().clone(),
            settings.profiles().clone(),
            std::sync::Arc::new(smithy_runtime::HttpsTransport::from_settings(settings)),
        )
    }

    /// A context of these parts.
    pub fn new(env: Env, profiles: ProfileSet, transport: SharedTransport) -> Self {
        ProviderContext {
            env,
            profiles,
            transport,
        }
    }

    /// The environment variables.
    pub fn env(&self) -> &Env {
        &self.env
    }

    /// The shared config and credentials files.
    pub fn profiles(&self) -> &ProfileSet {
        &self.profiles
    }

    /// The transport the providers' calls go through.
    pub fn transport(&self) -> &SharedTransport {
        &self.transport
    }
}

impl fmt::Debug for ProviderContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `Env` and `ProfileSet` show no values, so no secret.
        f.debug_struct("ProviderContext")
            .field("env", &self.env)
            .field("profiles", &self.profiles)
            .finish_non_exhaustive()
    }
}
