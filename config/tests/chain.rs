//! The default chain's order and how it passes or stops, over test
//! environments and profile files.

use std::sync::Arc;

use smithy_config::{DefaultCredentialsChain, ProviderContext};
use smithy_runtime::credentials::ProvideCredentials;
use smithy_runtime::env::Env;
use smithy_runtime::profile::ProfileSet;
use smithy_runtime::{MockTransport, ServiceInfo};

fn context(env: &[(&str, &str)], credentials_file: &str) -> ProviderContext {
    let env = Env::from_map(env.iter().copied());
    let profiles = ProfileSet::parse("", credentials_file, "default");
    ProviderContext::new(env, profiles, Arc::new(MockTransport::new()))
}

fn access_key(context: &ProviderContext) -> Result<String, String> {
    pollster::block_on(DefaultCredentialsChain::new(context).provide_credentials())
        .map(|c| c.access_key_id().to_owned())
        .map_err(|e| e.to_string())
}

const STATIC_PROFILE: &str =
    "[default]\naws_access_key_id = AKPROFILE\naws_secret_access_key = s\n";

#[test]
fn the_environment_wins_over_the_profile() {
    let env = [
        ("AWS_ACCESS_KEY_ID", "AKENV"),
        ("AWS_SECRET_ACCESS_KEY", "s"),
    ];
    assert_eq!(
        access_key(&context(&env, STATIC_PROFILE)),
        Ok("AKENV".into())
    );
    assert_eq!(
        access_key(&context(&[], STATIC_PROFILE)),
        Ok("AKPROFILE".into())
    );
}

#[test]
fn a_source_with_nothing_passes_and_a_misconfigured_one_stops_the_chain() {
    let half = "[default]\naws_access_key_id = AKPROFILE\n";
    let error = access_key(&context(&[], half)).unwrap_err();
    assert!(
        error.contains("sets `aws_access_key_id` but not"),
        "{error}"
    );
    let error = access_key(&context(&[], "")).unwrap_err();
    assert!(
        error.starts_with("no credentials found; tried environment"),
        "{error}"
    );
    assert!(error.contains("then profile"), "{error}");
}

static SERVICE: ServiceInfo = ServiceInfo::new("thing", "thing", "THING", None);

#[test]
fn load_gives_a_config_signing_with_the_chains_credentials() {
    let env = [
        ("AWS_ACCESS_KEY_ID", "AKENV"),
        ("AWS_SECRET_ACCESS_KEY", "s"),
        ("AWS_REGION", "eu-west-3"),
    ];
    let config = pollster::block_on(smithy_config::load(&SERVICE, context(&env, ""))).unwrap();
    assert_eq!(config.region(), Some("eu-west-3"));
    let credentials = pollster::block_on(config.credentials()).unwrap().unwrap();
    assert_eq!(credentials.access_key_id(), "AKENV");
}
