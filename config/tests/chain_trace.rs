//! The default chain names the source that supplied credentials in a
//! `tracing` event, and only its name: recorded by the tests' own
//! subscriber (shared with the tests crate).

#[path = "../../tests/tests/support/trace.rs"]
mod trace;

use std::sync::Arc;

use smithy_config::{DefaultCredentialsChain, ProviderContext};
use smithy_runtime::MockTransport;
use smithy_runtime::credentials::ProvideCredentials;
use smithy_runtime::env::Env;
use smithy_runtime::profile::ProfileSet;
use trace::Collector;

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYCHAINSECRET";
const TOKEN: &str = "IQoJb3JpZ2luX2VjCHAINTOKEN";

/// The chain's event for `env` and a credentials file, and all that was
/// recorded as text.
fn loaded_event(env: &[(&str, &str)], credentials: &str) -> (Vec<trace::EventRecord>, String) {
    let mut all = vec![("AWS_EC2_METADATA_DISABLED", "true")];
    all.extend_from_slice(env);
    let context = ProviderContext::new(
        Env::from_map(all),
        ProfileSet::parse("", credentials, "default"),
        Arc::new(MockTransport::new()),
    );
    let chain = DefaultCredentialsChain::new(&context);
    let collector = Collector::new();
    let credentials = tracing::subscriber::with_default(collector.clone(), || {
        pollster::block_on(chain.provide_credentials())
    })
    .expect("the chain has credentials");
    assert_eq!(credentials.secret_access_key(), SECRET);
    let events = collector
        .events()
        .into_iter()
        .filter(|e| e.field("message") == Some("credentials loaded"))
        .collect();
    (events, collector.text())
}

#[test]
fn the_environment_is_named_when_it_supplies_the_credentials() {
    let (events, text) = loaded_event(
        &[
            ("AWS_ACCESS_KEY_ID", "AKIDENVTRACE"),
            ("AWS_SECRET_ACCESS_KEY", SECRET),
            ("AWS_SESSION_TOKEN", TOKEN),
        ],
        "",
    );
    assert_eq!(events.len(), 1, "{events:#?}");
    assert_eq!(events[0].target, "smithy_config::chain");
    assert_eq!(events[0].field("source"), Some("environment"));
    assert_eq!(events[0].field("position"), Some("1"));
    assert!(!text.contains(SECRET) && !text.contains(TOKEN), "{text}");
    assert!(!text.contains("AKIDENVTRACE"), "{text}");
}

#[test]
fn the_profile_is_named_when_it_supplies_the_credentials() {
    let file = format!(
        "[default]\naws_access_key_id = AKIDPROFILETRACE\naws_secret_access_key = {SECRET}\naws_session_token = {TOKEN}\n"
    );
    let (events, text) = loaded_event(&[], &file);
    assert_eq!(events.len(), 1, "{events:#?}");
    assert_eq!(events[0].field("source"), Some("profile"));
    assert_eq!(events[0].field("position"), Some("3"));
    assert!(!text.contains(SECRET) && !text.contains(TOKEN), "{text}");
}
