//! Operations that add to their endpoint, driven through generated clients
//! and the mock transport: where each request went.
//!
//! One crate holds the clients of `tests/fixtures/endpoints.json` (every
//! source of endpoint parameters and both host-prefix cases of the
//! restJson1 protocol tests) and of published models that use
//! `@contextParam` (CloudFront KeyValueStore, SES v2) and
//! `@endpoint(hostPrefix)` (MWAA), and a program that makes each call and
//! prints what was sent. It is compiled once; this test writes the calls
//! and checks the printed outcomes.
//!
//! No published model has `operationInputs` in its `endpointTests`, so
//! each test case becomes a call here: the case's built-ins become the
//! client's config, its other parameters the members their
//! `@contextParam` binds. The request must go to the case's
//! `expect.endpoint.url`, with the operation's host prefix before the host
//! (as the AWS SDKs do; their own generated endpoint tests add it the same
//! way), or, for `expect.error`, fail with that message and send nothing.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use serde_json::{Value, json};
use smithy_tests::TempDir;

/// A client config, as the driver builds it.
#[derive(Default)]
struct Setup {
    region: Option<String>,
    fips: bool,
    dual_stack: bool,
    endpoint_url: Option<String>,
    client_params: Vec<(&'static str, &'static str)>,
    disable_host_prefix: bool,
}

/// One call the driver makes.
struct Call {
    id: String,
    module: &'static str,
    method: &'static str,
    input_type: &'static str,
    input: Value,
    setup: Setup,
}

/// What the driver saw.
#[derive(Debug)]
struct Outcome {
    urls: Vec<String>,
    body: String,
    error: Option<String>,
    validation: bool,
}

impl Outcome {
    fn sent_to(&self) -> Option<&str> {
        match self.urls.as_slice() {
            [url] if self.error.is_none() => Some(url),
            _ => None,
        }
    }
}

const MODELS: [(&str, &str, &[&str]); 3] = [
    (
        "kvs",
        "cloudfront-keyvaluestore-2022-07-26",
        &["DescribeKeyValueStore"],
    ),
    ("sesv2", "sesv2-2019-09-27", &["SendEmail"]),
    (
        "mwaa",
        "mwaa-2020-07-01",
        &["ListEnvironments", "CreateCliToken"],
    ),
];

fn driver_source(calls: &[Call]) -> String {
    let mut main = String::from(
        "//! Makes each call through the mock transport and prints what was sent.\n\
         use smithy_runtime::{Config, MockTransport, SdkError, serde_json};\n\n",
    );
    for module in ["fixture"].iter().chain(MODELS.iter().map(|m| &m.0)) {
        writeln!(
            main,
            "/// A generated client.\npub mod {module} {{\n    include!(\"{module}.rs\");\n}}\n"
        )
        .unwrap();
    }
    main.push_str(
        r#"fn report<T, E: std::fmt::Display>(id: &str, mock: &MockTransport, result: Result<T, SdkError<E>>) {
    let requests = mock.requests();
    let urls: Vec<String> = requests.iter().map(|r| r.uri().to_string()).collect();
    let body = requests
        .last()
        .map(|r| String::from_utf8_lossy(r.body()).into_owned())
        .unwrap_or_default();
    let (error, validation) = match &result {
        Ok(_) => (None, false),
        Err(e) => (Some(e.to_string()), matches!(e, SdkError::Validation(_))),
    };
    let line = serde_json::json!({"id": id, "urls": urls, "body": body, "error": error, "validation": validation});
    println!("{line}");
}

fn main() {
"#,
    );
    for call in calls {
        let s = &call.setup;
        let mut config = String::from("Config::new()");
        if let Some(region) = &s.region {
            write!(config, ".with_region({region:?})").unwrap();
        }
        write!(
            config,
            ".with_use_fips({}).with_use_dual_stack({})",
            s.fips, s.dual_stack
        )
        .unwrap();
        if let Some(url) = &s.endpoint_url {
            write!(config, ".with_endpoint_url({url:?})").unwrap();
        }
        for (name, value) in &s.client_params {
            write!(config, ".with_client_context_param({name:?}, {value:?})").unwrap();
        }
        if s.disable_host_prefix {
            config.push_str(".with_disable_host_prefix(true)");
        }
        let (parse, arg) = if call.input_type == "Unit" {
            (String::new(), "")
        } else {
            (
                format!(
                    "let input: {}::types::{} = serde_json::from_str({:?}).expect(\"the input parses\");\n        ",
                    call.module,
                    call.input_type,
                    call.input.to_string()
                ),
                "input",
            )
        };
        writeln!(
            main,
            "    {{\n        let client = {module}::Client::new({config}, MockTransport::new());\n        \
             client.transport().push_json(200, &[], \"{{}}\");\n        \
             {parse}let result = pollster::block_on(client.{method}({arg}));\n        \
             report({id:?}, client.transport(), result);\n    }}",
            module = call.module,
            method = call.method,
            id = call.id,
        )
        .unwrap();
    }
    main.push_str("}\n");
    main
}

/// Generates the clients, writes the driver, builds and runs it once.
fn run(calls: &[Call], models: &Path) -> BTreeMap<String, Outcome> {
    let root = smithy_tests::repo_root();
    let dir = TempDir::new("endpoint-context");
    let crate_dir = dir.path().join("endpoint-drive");
    let src = crate_dir.join("src");
    std::fs::create_dir_all(&src).unwrap();
    let generate = |model: &Path, operations: &[&str], name: &str| {
        let mut config = smithy_codegen::Config::new();
        // The driver builds its clients with `Client::new`.
        config.model(model).smithy_config(false);
        for op in operations {
            config.operation(*op);
        }
        let code = config
            .generate()
            .unwrap_or_else(|e| panic!("{name}: generation failed: {e}"));
        std::fs::write(src.join(format!("{name}.rs")), code).unwrap();
    };
    generate(&root.join("tests/fixtures/endpoints.json"), &[], "fixture");
    for (name, model, operations) in MODELS {
        generate(&models.join(format!("{model}.json")), operations, name);
    }
    std::fs::write(src.join("main.rs"), driver_source(calls)).unwrap();
    let runtime = std::fs::canonicalize(root.join("runtime")).unwrap();
    // The features of the other generated crates, so the runtime built for
    // them is reused.
    let manifest = format!(
        "[package]\nname = \"endpoint-drive\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\nsmithy-runtime = {{ path = {:?}, features = [\"https\"] }}\npollster = \"1\"\n\n[workspace]\n",
        runtime.to_str().unwrap()
    );
    std::fs::write(crate_dir.join("Cargo.toml"), manifest).unwrap();
    std::fs::copy(root.join("Cargo.lock"), crate_dir.join("Cargo.lock")).unwrap();

    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(["run", "--offline", "--quiet"])
        .current_dir(&crate_dir)
        .env("CARGO_TARGET_DIR", smithy_tests::generated_crates_target())
        .env_remove("RUSTC_WORKSPACE_WRAPPER")
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "the driver failed:\n{stderr}");
    assert!(
        !stderr.contains("warning"),
        "the driver built with warnings:\n{stderr}"
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| {
            let v: Value = serde_json::from_str(line).unwrap();
            let outcome = Outcome {
                urls: v["urls"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|u| u.as_str().unwrap().to_owned())
                    .collect(),
                body: v["body"].as_str().unwrap().to_owned(),
                error: v["error"].as_str().map(str::to_owned),
                validation: v["validation"].as_bool().unwrap(),
            };
            (v["id"].as_str().unwrap().to_owned(), outcome)
        })
        .collect()
}

fn fixture_call(
    id: &str,
    method: &'static str,
    input_type: &'static str,
    input: Value,
    setup: Setup,
) -> Call {
    Call {
        id: id.to_owned(),
        module: "fixture",
        method,
        input_type,
        input,
        setup,
    }
}

fn region() -> Setup {
    Setup {
        region: Some("us-east-1".to_owned()),
        ..Setup::default()
    }
}

fn example_com() -> Setup {
    Setup {
        endpoint_url: Some("https://example.com".to_owned()),
        ..Setup::default()
    }
}

/// The fixture's calls and, for each, the URL it must go to (`Err` with
/// the member a validation error must name, nothing sent).
fn fixture_calls() -> Vec<(Call, Result<&'static str, &'static str>)> {
    let dev = || Setup {
        client_params: vec![("Stage", "dev")],
        ..region()
    };
    vec![
        // A @contextParam member; the rule set's default Stage.
        (
            fixture_call(
                "get",
                "get_thing",
                "GetThingInput",
                json!({"tenant": "acme"}),
                region(),
            ),
            Ok("https://acme.prod.example.com/thing"),
        ),
        // A clientContextParam from the config.
        (
            fixture_call(
                "get-dev",
                "get_thing",
                "GetThingInput",
                json!({"tenant": "acme"}),
                dev(),
            ),
            Ok("https://acme.dev.example.com/thing"),
        ),
        // A required @contextParam must not be blank.
        (
            fixture_call(
                "get-blank",
                "get_thing",
                "GetThingInput",
                json!({"tenant": " "}),
                region(),
            ),
            Err("tenant"),
        ),
        // staticContextParams win over the member and the client's value.
        (
            fixture_call(
                "pinned",
                "pinned",
                "PinnedInput",
                json!({"tenant": "mine"}),
                dev(),
            ),
            Ok("https://pinned.beta.example.com/pinned"),
        ),
        // A boolean member.
        (
            fixture_call(
                "pinned-local",
                "pinned",
                "PinnedInput",
                json!({"local": true}),
                dev(),
            ),
            Ok("http://localhost.localdomain/pinned"),
        ),
        // operationContextParams: a projection (through members with
        // jsonNames, which the input's serde, keyed by member names, does not
        // use)...
        (
            fixture_call(
                "keys",
                "list_keys",
                "ListKeysInput",
                json!({"items": [{"key": "k1"}, {}, {"key": "k2"}]}),
                region(),
            ),
            Ok("https://k1.k2.keys.prod.example.com/keys"),
        ),
        // ...and keys() of a map.
        (
            fixture_call(
                "tags",
                "list_keys",
                "ListKeysInput",
                json!({"tags": {"t1": "v"}}),
                region(),
            ),
            Ok("https://t1.tags.prod.example.com/keys"),
        ),
        // Nothing selected: the parameters stay unset.
        (
            fixture_call("none", "list_keys", "ListKeysInput", json!({}), region()),
            Ok("https://prod.us-east-1.example.com/keys"),
        ),
        // RestJsonEndpointTrait: host example.com, resolved foo.example.com.
        (
            fixture_call("prefixed", "prefixed", "Unit", json!(null), example_com()),
            Ok("https://foo.example.com/EndpointOperation"),
        ),
        (
            fixture_call("prefixed-region", "prefixed", "Unit", json!(null), region()),
            Ok("https://foo.prod.us-east-1.example.com/EndpointOperation"),
        ),
        // RestJsonEndpointTraitWithHostLabel: foo.bar.example.com.
        (
            fixture_call(
                "labelled",
                "labelled",
                "HostLabelInput",
                json!({"label": "bar"}),
                example_com(),
            ),
            Ok("https://foo.bar.example.com/EndpointWithHostLabelOperation"),
        ),
        (
            fixture_call(
                "labelled-bad",
                "labelled",
                "HostLabelInput",
                json!({"label": "b.a.d"}),
                example_com(),
            ),
            Err("label"),
        ),
        (
            fixture_call(
                "labelled-empty",
                "labelled",
                "HostLabelInput",
                json!({"label": ""}),
                example_com(),
            ),
            Err("label"),
        ),
        (
            fixture_call(
                "labelled-off",
                "labelled",
                "HostLabelInput",
                json!({"label": "bar"}),
                Setup {
                    disable_host_prefix: true,
                    ..example_com()
                },
            ),
            Ok("https://example.com/EndpointWithHostLabelOperation"),
        ),
    ]
}

/// An `endpointTests` case as a call, and what it expects.
struct Case {
    call: Call,
    expect: Expect,
}

enum Expect {
    Url(String),
    Error(String),
    /// A required context member the case leaves unset: the client must
    /// refuse the input (it cannot be sent without it).
    Refused(&'static str),
}

fn test_cases(models: &Path, model: &str) -> Vec<Value> {
    let text = std::fs::read_to_string(models.join(format!("{model}.json"))).unwrap();
    let json: Value = serde_json::from_str(&text).unwrap();
    let service = json["shapes"]
        .as_object()
        .unwrap()
        .values()
        .find(|s| s["type"] == "service")
        .unwrap();
    service["traits"]["smithy.rules#endpointTests"]["testCases"]
        .as_array()
        .unwrap()
        .clone()
}

fn setup_of(params: &Value) -> Setup {
    Setup {
        region: params["Region"].as_str().map(str::to_owned),
        fips: params["UseFIPS"].as_bool().unwrap_or(false),
        dual_stack: params["UseDualStack"].as_bool().unwrap_or(false),
        endpoint_url: params["Endpoint"].as_str().map(str::to_owned),
        ..Setup::default()
    }
}

/// The published models' cases: `(module, operation method, input type,
/// base input, the input member each context parameter binds, whether that
/// member is required, host prefix)`.
fn published_cases(models: &Path) -> Vec<Case> {
    type Op = (
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        fn() -> Value,
        Option<(&'static str, &'static str, bool)>,
        &'static str,
    );
    let ops: [Op; 4] = [
        (
            "kvs",
            "cloudfront-keyvaluestore-2022-07-26",
            "describe_key_value_store",
            "DescribeKeyValueStoreRequest",
            || json!({}),
            Some(("KvsARN", "KvsARN", true)),
            "",
        ),
        (
            "sesv2",
            "sesv2-2019-09-27",
            "send_email",
            "SendEmailRequest",
            || json!({"Content": {"Simple": {"Subject": {"Data": "s"}, "Body": {"Text": {"Data": "b"}}}}}),
            Some(("EndpointId", "EndpointId", false)),
            "",
        ),
        (
            "mwaa",
            "mwaa-2020-07-01",
            "list_environments",
            "ListEnvironmentsInput",
            || json!({}),
            None,
            "api.",
        ),
        (
            "mwaa",
            "mwaa-2020-07-01",
            "create_cli_token",
            "CreateCliTokenRequest",
            || json!({"Name": "env1"}),
            None,
            "env.",
        ),
    ];
    let mut cases = Vec::new();
    for (module, model, method, input_type, base, context, prefix) in ops {
        for (i, case) in test_cases(models, model).iter().enumerate() {
            let params = case.get("params").cloned().unwrap_or(json!({}));
            let mut input = base();
            let mut refused = None;
            if let Some((param, member, required)) = context {
                match params[param].as_str() {
                    Some(value) => input[member] = json!(value),
                    None if required => {
                        input[member] = json!("");
                        refused = Some(member);
                    }
                    None => {}
                }
            }
            let known = ["Region", "UseFIPS", "UseDualStack", "Endpoint"];
            for name in params.as_object().unwrap().keys() {
                assert!(
                    known.contains(&name.as_str()) || context.is_some_and(|c| c.0 == name),
                    "{model} case {i}: parameter {name} has no binding in this test"
                );
            }
            let expect = if let Some(member) = refused {
                Expect::Refused(member)
            } else if let Some(error) = case["expect"]["error"].as_str() {
                Expect::Error(error.to_owned())
            } else {
                let url = case["expect"]["endpoint"]["url"].as_str().unwrap();
                let (scheme, rest) = url.split_once("://").unwrap();
                Expect::Url(format!("{scheme}://{prefix}{rest}"))
            };
            cases.push(Case {
                call: Call {
                    id: format!("{model}#{method}#{i}"),
                    module,
                    method,
                    input_type,
                    input,
                    setup: setup_of(&params),
                },
                expect,
            });
        }
    }
    cases
}

#[test]
fn requests_go_where_the_operations_endpoint_says() {
    let Some(models) = smithy_tests::shared_path("models") else {
        eprintln!("../shared/models is absent: skipped");
        return;
    };
    let fixture = fixture_calls();
    let published = published_cases(&models);
    let (fixture_calls, fixture_expect): (Vec<Call>, Vec<_>) = fixture.into_iter().unzip();
    let (published_calls, published_expect): (Vec<Call>, Vec<Expect>) =
        published.into_iter().map(|c| (c.call, c.expect)).unzip();
    let all: Vec<Call> = fixture_calls.into_iter().chain(published_calls).collect();
    let outcomes = run(&all, &models);
    assert_eq!(outcomes.len(), all.len(), "one line per call");

    for (call, expect) in all.iter().zip(&fixture_expect) {
        let outcome = &outcomes[&call.id];
        match expect {
            Ok(url) => assert_eq!(outcome.sent_to(), Some(*url), "{}: {outcome:?}", call.id),
            Err(member) => {
                assert!(outcome.validation, "{}: {outcome:?}", call.id);
                assert!(outcome.urls.is_empty(), "{}: sent {outcome:?}", call.id);
                let error = outcome.error.as_deref().unwrap_or_default();
                assert!(
                    error.starts_with(&format!("invalid request: {member}: ")),
                    "{}: {error}",
                    call.id
                );
            }
        }
    }
    // The host label is still sent in the body, with or without the prefix.
    for id in ["labelled", "labelled-off"] {
        assert_eq!(outcomes[id].body, r#"{"label":"bar"}"#, "{id}");
    }

    let mut counts: BTreeMap<&str, [usize; 3]> = BTreeMap::new();
    for (call, expect) in all[fixture_expect.len()..].iter().zip(&published_expect) {
        let outcome = &outcomes[&call.id];
        let count = counts
            .entry(call.id.split('#').next().unwrap())
            .or_default();
        match expect {
            Expect::Url(url) => {
                let sent = outcome
                    .sent_to()
                    .unwrap_or_else(|| panic!("{}: {outcome:?}", call.id));
                // The operation's path follows the endpoint's URL.
                let rest = sent
                    .strip_prefix(url.trim_end_matches('/'))
                    .unwrap_or_else(|| panic!("{}: sent to {sent}, expected {url}", call.id));
                assert!(
                    rest.starts_with('/'),
                    "{}: sent to {sent}, expected {url}",
                    call.id
                );
                count[0] += 1;
            }
            Expect::Error(message) => {
                assert!(outcome.urls.is_empty(), "{}: sent {outcome:?}", call.id);
                let error = outcome.error.as_deref().unwrap_or_default();
                assert!(
                    error.contains(message.as_str()),
                    "{}: {error}, expected {message}",
                    call.id
                );
                count[1] += 1;
            }
            Expect::Refused(member) => {
                assert!(
                    outcome.validation && outcome.urls.is_empty(),
                    "{}: {outcome:?}",
                    call.id
                );
                let error = outcome.error.as_deref().unwrap_or_default();
                assert!(error.contains(member), "{}: {error}", call.id);
                count[2] += 1;
            }
        }
    }
    let summary: Vec<String> = counts
        .iter()
        .map(|(model, [urls, errors, refused])| {
            format!("{model}: {urls} URLs, {errors} errors, {refused} refused")
        })
        .collect();
    eprintln!("endpointTests as calls: {}", summary.join("; "));
    // Every case of the three models, once per operation called.
    assert_eq!(
        counts
            .values()
            .map(|c| c.iter().sum::<usize>())
            .collect::<Vec<_>>(),
        [
            test_cases(&models, "cloudfront-keyvaluestore-2022-07-26").len(),
            2 * test_cases(&models, "mwaa-2020-07-01").len(),
            test_cases(&models, "sesv2-2019-09-27").len()
        ]
    );
}

/// The fixture's crate, whose client uses every kind of binding, builds
/// without a clippy or rustdoc warning (the published models' are in the
/// corpus subset).
#[test]
fn the_fixture_crate_builds_without_warnings() {
    let dir = TempDir::new("endpoints-fixture");
    let model = smithy_tests::repo_root().join("tests/fixtures/endpoints.json");
    let crate_dir = smithy_tests::standalone_crate(&model, "endpoints-fixture", dir.path());
    let target_dir = smithy_tests::generated_crates_target();
    smithy_tests::cargo(
        &crate_dir,
        &target_dir,
        &[
            "clippy",
            "--offline",
            "--all-targets",
            "--all-features",
            "--",
            "-D",
            "warnings",
        ],
    );
    smithy_tests::cargo(&crate_dir, &target_dir, &["doc", "--offline", "--no-deps"]);
}
