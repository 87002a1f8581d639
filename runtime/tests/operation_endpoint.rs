//! What an operation adds to its endpoint, through `invoke_with` and the
//! mock transport: context parameters over the client's and the
//! built-ins, and the host prefix, of rule-set endpoints, classic ones and
//! custom endpoint URLs alike (the restJson1 protocol tests'
//! `RestJsonEndpointTrait` cases: `example.com` becomes `foo.example.com`).

use smithy_runtime::endpoint::{OperationEndpoint, Value};
use smithy_runtime::{
    Config, HttpRequest, InvokeError, MockTransport, RequestError, ServiceInfo, invoke_with,
};

/// `https://{Tenant}.{Mode}.example.com`, or the custom endpoint; `Mode`
/// defaults to `live`, `Tenant` is required.
const RULES: &str = r#"{
  "version": "1.0",
  "parameters": {
    "Endpoint": {"type": "String", "builtIn": "SDK::Endpoint", "required": false},
    "Region": {"type": "String", "builtIn": "AWS::Region", "required": false},
    "Tenant": {"type": "String", "required": false},
    "Mode": {"type": "String", "required": true, "default": "live"}
  },
  "rules": [
    {"conditions": [{"fn": "isSet", "argv": [{"ref": "Endpoint"}]}],
     "endpoint": {"url": {"ref": "Endpoint"}}, "type": "endpoint"},
    {"conditions": [{"fn": "isSet", "argv": [{"ref": "Tenant"}]}],
     "endpoint": {"url": "https://{Tenant}.{Mode}.example.com"}, "type": "endpoint"},
    {"conditions": [], "error": "Tenant must be set", "type": "error"}
  ]
}"#;

static RULED: ServiceInfo = ServiceInfo::new("svc", "svc", "SVC", Some(RULES));
static CLASSIC: ServiceInfo = ServiceInfo::new("svc", "svc", "SVC", None);

fn build(url: &str) -> Result<HttpRequest, RequestError> {
    smithy_runtime::protocol::rest_json::request("POST", url, "/Op", None)
}

/// The URL the one request went to, or the error when nothing was sent.
fn call(
    config: &Config,
    service: &ServiceInfo,
    operation: &OperationEndpoint,
) -> Result<String, InvokeError> {
    let mock = MockTransport::new();
    mock.push_json(200, &[], "{}");
    let result = pollster::block_on(invoke_with(config, service, &mock, operation, build));
    match result {
        Ok(_) => {
            assert_eq!(mock.request_count(), 1);
            Ok(mock
                .last_request()
                .map(|r| r.uri().to_string())
                .unwrap_or_default())
        }
        Err(error) => {
            assert_eq!(mock.request_count(), 0, "an error after sending");
            Err(error)
        }
    }
}

fn with_label(value: &str) -> OperationEndpoint {
    let mut operation = OperationEndpoint::new();
    operation
        .host_literal("foo.")
        .host_label("label", Some(value))
        .host_literal(".");
    operation
}

#[test]
fn operation_parameters_win_over_client_parameters() {
    let config = Config::new().with_region("us-east-1");
    let error = call(&config, &RULED, &OperationEndpoint::new()).unwrap_err();
    assert!(
        matches!(&error, InvokeError::Request(e) if e.to_string().contains("Tenant must be set")),
        "{error:?}"
    );

    let config = config
        .with_client_context_param("Tenant", "client")
        .with_client_context_param("Mode", "test");
    assert_eq!(
        call(&config, &RULED, &OperationEndpoint::new()).unwrap(),
        "https://client.test.example.com/Op"
    );

    let mut operation = OperationEndpoint::new();
    operation.param("Tenant", "op").param("Mode", Value::None);
    assert_eq!(
        call(&config, &RULED, &operation).unwrap(),
        "https://op.test.example.com/Op"
    );
}

#[test]
fn host_prefixes_go_before_every_kind_of_endpoint() {
    let mut literal = OperationEndpoint::new();
    literal.host_literal("foo.");
    // RestJsonEndpointTrait: host example.com, resolved host foo.example.com.
    let custom = Config::new().with_endpoint_url("https://example.com");
    assert_eq!(
        call(&custom, &RULED, &literal).unwrap(),
        "https://foo.example.com/Op"
    );
    assert_eq!(
        call(&custom, &CLASSIC, &literal).unwrap(),
        "https://foo.example.com/Op"
    );
    // RestJsonEndpointTraitWithHostLabel: label "bar", foo.bar.example.com.
    assert_eq!(
        call(&custom, &RULED, &with_label("bar")).unwrap(),
        "https://foo.bar.example.com/Op"
    );

    let regional = Config::new().with_region("eu-west-1");
    assert_eq!(
        call(&regional, &CLASSIC, &literal).unwrap(),
        "https://foo.svc.eu-west-1.amazonaws.com/Op"
    );
    let mut both = with_label("t1");
    both.param("Tenant", "acme");
    assert_eq!(
        call(&regional, &RULED, &both).unwrap(),
        "https://foo.t1.acme.live.example.com/Op"
    );
}

#[test]
fn a_bad_host_label_is_a_validation_error_and_nothing_is_sent() {
    let config = Config::new().with_endpoint_url("https://example.com");
    for bad in ["", "a.b", "-x", "with space", "evil.com/"] {
        match call(&config, &RULED, &with_label(bad)) {
            Err(InvokeError::Validation(error)) => {
                assert!(error.to_string().starts_with("label: "), "{bad:?}: {error}");
            }
            other => panic!("{bad:?}: {other:?}"),
        }
    }
    let mut unset = OperationEndpoint::new();
    unset.host_label("label", None);
    assert!(matches!(
        call(&config, &RULED, &unset),
        Err(InvokeError::Validation(_))
    ));
}

#[test]
fn the_host_prefix_can_be_turned_off() {
    let config = Config::new()
        .with_endpoint_url("http://127.0.0.1:4566")
        .with_disable_host_prefix(true);
    assert_eq!(
        call(&config, &RULED, &with_label("bar")).unwrap(),
        "http://127.0.0.1:4566/Op"
    );
    // Nothing is expanded, so nothing is checked.
    assert_eq!(
        call(&config, &RULED, &with_label("not a label")).unwrap(),
        "http://127.0.0.1:4566/Op"
    );
}

#[test]
fn the_environment_and_the_profile_turn_the_host_prefix_off() {
    use smithy_runtime::env::Env;
    use smithy_runtime::profile::ProfileSet;
    use smithy_runtime::settings::Settings;
    let config = |vars: &[(&str, &str)], profile: &str| {
        let settings = Settings::from_parts(
            Env::from_map(vars.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))),
            ProfileSet::parse(profile, "", "default"),
        );
        Config::from_settings(&RULED, &settings)
    };
    assert!(!config(&[], "").unwrap().disable_host_prefix());
    assert!(
        config(&[("AWS_DISABLE_HOST_PREFIX_INJECTION", "true")], "")
            .unwrap()
            .disable_host_prefix()
    );
    let profile = "[default]\ndisable_host_prefix_injection = true\n";
    assert!(config(&[], profile).unwrap().disable_host_prefix());
    assert!(
        !config(&[("AWS_DISABLE_HOST_PREFIX_INJECTION", "false")], profile)
            .unwrap()
            .disable_host_prefix()
    );
    let error = config(&[("AWS_DISABLE_HOST_PREFIX_INJECTION", "yes")], "").unwrap_err();
    assert_eq!(error.setting(), "AWS_DISABLE_HOST_PREFIX_INJECTION");
}
