//! The generated `imagebuilder` program end to end (issue 3): built once
//! per test process (`cargo build -p imagebuilder --features cli` into
//! `target/cli-e2e`, a target dir of its own so the outer cargo's lock is no
//! obstacle), then run with a controlled environment against the scripted
//! server on 127.0.0.1 from `support`.
//!
//! Each run starts from an empty environment (`env_clear`) with only `PATH`,
//! a temporary `HOME` and the `AWS_*` variables the test sets, so nothing
//! from the machine running the tests (its `~/.aws`, its variables) leaks in.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use support::{
    ACCESS_KEY_ID, ARN, OPERATION_PATH, Reply, SECRET_ACCESS_KEY, SESSION_TOKEN, Server, Signer,
    TOKEN, TempDir, refused_port, verify_sigv4,
};

const SUBCOMMAND: &str = "update-infrastructure-configuration";
/// The longest one run of the program may take before the test kills it.
const RUN_LIMIT: Duration = Duration::from_secs(60);

// ---------------------------------------------------------------- helpers

/// The program, built on first use. A failed build fails every test that
/// needs the program, with cargo's message, without building again.
fn binary() -> &'static Path {
    static BINARY: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    let built = BINARY.get_or_init(|| {
        let root = smithy_tests::repo_root();
        let target = root.join("target").join("cli-e2e");
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let started = Instant::now();
        let output = Command::new(cargo)
            .current_dir(&root)
            .env("CARGO_TARGET_DIR", &target)
            .args([
                "build",
                "-p",
                "imagebuilder",
                "--features",
                "cli",
                "--bin",
                "imagebuilder",
                "--quiet",
            ])
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        if !output.status.success() {
            return Err(format!(
                "building the imagebuilder program failed:\n{}",
                String::from_utf8_lossy(&output.stderr)
            ));
        }
        println!("built the imagebuilder program in {:?}", started.elapsed());
        Ok(target
            .join("debug")
            .join(format!("imagebuilder{}", std::env::consts::EXE_SUFFIX)))
    });
    match built {
        Ok(path) => path,
        Err(message) => panic!("{message}"),
    }
}

/// What one run of the program did.
#[derive(Debug)]
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    elapsed: Duration,
}

impl Run {
    fn stdout_json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {self:#?}"))
    }

    /// Asserts that no secret of the test's credentials was printed.
    fn assert_no_secrets(&self) {
        for secret in [SECRET_ACCESS_KEY, SESSION_TOKEN, "dev-secret", "dev-token"] {
            assert!(
                !self.stdout.contains(secret) && !self.stderr.contains(secret),
                "{secret} printed: {self:#?}"
            );
        }
    }
}

/// Runs the program with `args` in an environment of only `PATH`, `HOME`
/// (= `home`) and `env`.
/// A scripted server, started only once the program is built: the first
/// build takes minutes on a fresh checkout, longer than a server waits.
fn start_server(script: Vec<Reply>) -> Server {
    binary();
    Server::start(script)
}

fn run_cli(args: &[&str], env: &[(&str, &str)], home: &Path) -> Run {
    // The first call builds the program (minutes on a fresh checkout); the
    // time limit is for running it.
    let program = binary();
    let started = Instant::now();
    let mut child = Command::new(program)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        // The default chain ends with the EC2 instance metadata service:
        // tests reach only their own servers on 127.0.0.1.
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .envs(env.iter().copied())
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the program starts");
    // Outputs are a few lines, far below a pipe's capacity, so waiting
    // before reading them cannot deadlock.
    loop {
        match child.try_wait().expect("wait for the program") {
            Some(_) => break,
            None if started.elapsed() > RUN_LIMIT => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("the program ran for more than {RUN_LIMIT:?}: {args:?}");
            }
            None => std::thread::sleep(Duration::from_millis(10)),
        }
    }
    let output = child.wait_with_output().expect("the program's output");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        elapsed: started.elapsed(),
    }
}

/// Credentials from the environment, as most runs use.
const ENV_KEYS: [(&str, &str); 2] = [
    ("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID),
    ("AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY),
];

/// The seed page's request syntax with every member given a valid value,
/// in the model's member names.
fn input_json() -> Value {
    json!({
        "infrastructureConfigurationArn": ARN,
        "description": "Builds the web tier",
        "instanceTypes": ["m5.large", "c5.xlarge"],
        "instanceProfileName": "ImageBuilderInstanceProfile",
        "securityGroupIds": ["sg-0123456789abcdef0"],
        "subnetId": "subnet-0123456789abcdef0",
        "logging": {"s3Logs": {"s3BucketName": "build-logs", "s3KeyPrefix": "image-builder/"}},
        "keyPair": "debug-key",
        "terminateInstanceOnFailure": true,
        "snsTopicArn": "arn:aws:sns:us-east-1:123456789012:image-builds",
        "clientToken": TOKEN,
        "resourceTags": {"Team": "platform"},
        "instanceMetadataOptions": {"httpTokens": "required", "httpPutResponseHopLimit": 2}
    })
}

/// The input with `edit` applied.
fn input_with(edit: impl FnOnce(&mut Value)) -> String {
    let mut input = input_json();
    edit(&mut input);
    input.to_string()
}

/// The canned output, in the model's output member names.
fn output_json() -> Value {
    json!({
        "requestId": "rid-cli",
        "clientToken": TOKEN,
        "infrastructureConfigurationArn": ARN
    })
}

fn success() -> Reply {
    Reply::json(
        200,
        &[("x-amzn-requestid", "rid-cli")],
        &output_json().to_string(),
    )
}

/// Asserts the one request `server` saw is this operation, signed by
/// `signer`; returns its body.
fn the_request(server: &Server, signer: &Signer<'_>) -> Value {
    let requests = server.requests();
    assert_eq!(requests.len(), 1, "{requests:#?}");
    let request = &requests[0];
    assert_eq!(request.method, "PUT");
    assert_eq!(request.target, OPERATION_PATH);
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(request.header("host"), Some(server.authority().as_str()));
    verify_sigv4(request, signer).unwrap_or_else(|e| panic!("{e}\n{request:?}"));
    request.json()
}

fn assert_success(run: &Run) {
    assert_eq!(run.code, Some(0), "{run:#?}");
    assert_eq!(run.stdout_json(), output_json(), "{run:#?}");
    run.assert_no_secrets();
}

// ------------------------------------------------------------------ tests

#[test]
fn inline_json_with_options_before_the_command_and_credentials_from_the_environment() {
    let home = TempDir::new("cli-home");
    let server = start_server(vec![success()]);
    let input = input_json().to_string();

    let run = run_cli(
        &[
            "--endpoint-url",
            &server.url(),
            "--region",
            "us-east-1",
            SUBCOMMAND,
            "--cli-input-json",
            &input,
        ],
        &ENV_KEYS,
        home.path(),
    );

    assert_success(&run);
    assert_eq!(the_request(&server, &Signer::test_keys()), input_json());
}

#[test]
fn file_input_with_endpoint_region_and_session_token_from_the_environment() {
    let home = TempDir::new("cli-home");
    let server = start_server(vec![success()]);
    // No clientToken: the program fills one in.
    let input = input_with(|v| {
        v.as_object_mut().unwrap().remove("clientToken");
    });
    let file = home.write("input.json", &input);
    let argument = format!("file://{}", file.display());
    let refused = format!("http://127.0.0.1:{}", refused_port());

    let run = run_cli(
        &[SUBCOMMAND, "--cli-input-json", &argument],
        &[
            ENV_KEYS[0],
            ENV_KEYS[1],
            ("AWS_SESSION_TOKEN", SESSION_TOKEN),
            ("AWS_REGION", "eu-west-1"),
            // The service's own variable wins over the general one.
            ("AWS_ENDPOINT_URL_IMAGEBUILDER", &server.url()),
            ("AWS_ENDPOINT_URL", &refused),
        ],
        home.path(),
    );

    assert_success(&run);
    let signer = Signer {
        region: "eu-west-1",
        ..Signer::test_session()
    };
    let mut body = the_request(&server, &signer);
    let token = body["clientToken"].take();
    assert_eq!(token.as_str().map(str::len), Some(36), "a UUID: {token}");
    body.as_object_mut().unwrap().remove("clientToken");
    let mut expected = input_json();
    expected.as_object_mut().unwrap().remove("clientToken");
    assert_eq!(body, expected);
}

#[test]
fn credentials_and_region_come_from_the_selected_profile() {
    let home = TempDir::new("cli-home");
    let config = home.write(
        "config",
        "[default]\nregion = ap-southeast-2\n\n[profile dev]\nregion = us-west-2\n",
    );
    let credentials = home.write(
        "credentials",
        "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = default-secret\n\n\
         [dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = dev-secret\n\
         aws_session_token = dev-token\n",
    );
    let config = config.display().to_string();
    let credentials = credentials.display().to_string();
    let files = [
        ("AWS_CONFIG_FILE", config.as_str()),
        ("AWS_SHARED_CREDENTIALS_FILE", credentials.as_str()),
    ];
    let dev = Signer {
        access_key_id: "AKIDDEV",
        secret_access_key: "dev-secret",
        session_token: Some("dev-token"),
        region: "us-west-2",
        service: "imagebuilder",
    };
    let input = input_json().to_string();

    // `--profile dev`, even though AWS_PROFILE names another.
    let server = start_server(vec![success()]);
    let run = run_cli(
        &[
            SUBCOMMAND,
            "--cli-input-json",
            &input,
            "--profile",
            "dev",
            "--endpoint-url",
            &server.url(),
        ],
        &[files[0], files[1], ("AWS_PROFILE", "default")],
        home.path(),
    );
    assert_success(&run);
    assert_eq!(the_request(&server, &dev), input_json());

    // AWS_PROFILE alone, and the endpoint from AWS_ENDPOINT_URL.
    let server = start_server(vec![success()]);
    let run = run_cli(
        &[SUBCOMMAND, "--cli-input-json", &input],
        &[
            files[0],
            files[1],
            ("AWS_PROFILE", "dev"),
            ("AWS_ENDPOINT_URL", &server.url()),
        ],
        home.path(),
    );
    assert_success(&run);
    assert_eq!(the_request(&server, &dev), input_json());

    // No profile selected: `default`.
    let server = start_server(vec![success()]);
    let run = run_cli(
        &[
            SUBCOMMAND,
            "--endpoint-url",
            &server.url(),
            "--cli-input-json",
            &input,
        ],
        &files,
        home.path(),
    );
    assert_success(&run);
    let default = Signer {
        access_key_id: "AKIDDEFAULT",
        secret_access_key: "default-secret",
        session_token: None,
        region: "ap-southeast-2",
        service: "imagebuilder",
    };
    assert_eq!(the_request(&server, &default), input_json());
}

/// Sources of the default chain that need no AWS service: the profile's
/// `credential_process`, and a container endpoint on 127.0.0.1 (the STS,
/// IAM Identity Center and IMDS sources are driven end to end in
/// `config/tests/`).
#[cfg(unix)]
#[test]
fn credentials_come_from_a_credential_process_or_a_container_endpoint() {
    use std::os::unix::fs::PermissionsExt;

    let home = TempDir::new("cli-home");
    let script = home.write(
        "creds.sh",
        "#!/bin/sh\nprintf '{\"Version\": 1, \"AccessKeyId\": \"AKIDPROCESS\", \
         \"SecretAccessKey\": \"process-secret\", \"SessionToken\": \"process-token\"}'\n",
    );
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let config = home.write(
        "config",
        &format!(
            "[default]\nregion = eu-north-1\ncredential_process = {}\n",
            script.display()
        ),
    );
    let config = config.display().to_string();
    let input = input_json().to_string();
    let server = start_server(vec![success()]);
    let run = run_cli(
        &[
            SUBCOMMAND,
            "--endpoint-url",
            &server.url(),
            "--cli-input-json",
            &input,
        ],
        &[("AWS_CONFIG_FILE", config.as_str())],
        home.path(),
    );
    assert_success(&run);
    let process = Signer {
        access_key_id: "AKIDPROCESS",
        secret_access_key: "process-secret",
        session_token: Some("process-token"),
        region: "eu-north-1",
        service: "imagebuilder",
    };
    assert_eq!(the_request(&server, &process), input_json());

    let container = Server::start(vec![Reply::json(
        200,
        &[],
        r#"{"AccessKeyId": "AKIDCONTAINER", "SecretAccessKey": "container-secret",
            "Token": "container-token", "Expiration": "2030-01-01T00:00:00Z"}"#,
    )]);
    let full_uri = format!("{}/v2/credentials", container.url());
    let server = start_server(vec![success()]);
    let run = run_cli(
        &[
            SUBCOMMAND,
            "--endpoint-url",
            &server.url(),
            "--region",
            "eu-north-1",
            "--cli-input-json",
            &input,
        ],
        &[
            ("AWS_CONTAINER_CREDENTIALS_FULL_URI", full_uri.as_str()),
            ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "pod-identity-token"),
        ],
        home.path(),
    );
    assert_success(&run);
    let asked = container.requests();
    assert_eq!(asked.len(), 1, "{:?}", container.problems());
    assert_eq!(asked[0].header("authorization"), Some("pod-identity-token"));
    let from_container = Signer {
        access_key_id: "AKIDCONTAINER",
        secret_access_key: "container-secret",
        session_token: Some("container-token"),
        ..process
    };
    assert_eq!(the_request(&server, &from_container), input_json());
}

#[test]
fn a_service_error_exits_1_with_code_message_status_and_request_id() {
    let home = TempDir::new("cli-home");
    let server = start_server(vec![Reply::json(
        400,
        &[
            ("X-Amzn-Errortype", "InvalidRequestException"),
            ("X-Amzn-RequestId", "rid-e2e-400"),
        ],
        r#"{"message":"The subnet does not exist."}"#,
    )]);
    let input = input_json().to_string();

    let run = run_cli(
        &[
            SUBCOMMAND,
            "--endpoint-url",
            &server.url(),
            "--region",
            "us-east-1",
            "--cli-input-json",
            &input,
        ],
        &ENV_KEYS,
        home.path(),
    );

    assert_eq!(run.code, Some(1), "{run:#?}");
    assert_eq!(run.stdout, "", "{run:#?}");
    for expected in [
        "InvalidRequestException",
        "The subnet does not exist.",
        "400",
        "rid-e2e-400",
    ] {
        assert!(run.stderr.contains(expected), "{expected}: {run:#?}");
    }
    run.assert_no_secrets();
    the_request(&server, &Signer::test_keys());
}

#[test]
fn retryable_errors_are_retried_up_to_aws_max_attempts() {
    let home = TempDir::new("cli-home");
    let unavailable = || {
        Reply::json(
            503,
            &[("x-amzn-requestid", "rid-503")],
            r#"{"code":"ServiceUnavailableException","message":"try later"}"#,
        )
    };
    let server = start_server(vec![unavailable(), unavailable(), success()]);
    let input = input_json().to_string();

    let run = run_cli(
        &[
            SUBCOMMAND,
            "--endpoint-url",
            &server.url(),
            "--cli-input-json",
            &input,
        ],
        &[
            ENV_KEYS[0],
            ENV_KEYS[1],
            ("AWS_REGION", "us-east-1"),
            ("AWS_MAX_ATTEMPTS", "2"),
        ],
        home.path(),
    );

    assert_eq!(run.code, Some(1), "{run:#?}");
    for expected in ["ServiceUnavailableException", "try later", "503", "rid-503"] {
        assert!(run.stderr.contains(expected), "{expected}: {run:#?}");
    }
    let requests = server.requests();
    assert_eq!(requests.len(), 2, "AWS_MAX_ATTEMPTS=2");
    assert_eq!(requests[0].body, requests[1].body);
}

#[test]
fn bad_input_exits_2_and_sends_nothing() {
    let home = TempDir::new("cli-home");
    let server = start_server(Vec::new());
    let url = server.url();
    let missing_file = format!("file://{}", home.path().join("absent.json").display());
    let cases: Vec<(&str, String, &[&str])> = vec![
        (
            "invalid JSON",
            r#"{"infrastructureConfigurationArn": "#.to_owned(),
            &["invalid input"],
        ),
        (
            "an unknown member",
            input_with(|v| v["logging"]["s3Logs"]["bogus"] = json!(1)),
            &["unknown member", "logging.s3Logs.bogus"],
        ),
        (
            "an unknown top-level member",
            input_with(|v| v["instanceType"] = json!("m5.large")),
            &["unknown member", "instanceType"],
        ),
        (
            "a wrong type",
            input_with(|v| v["instanceTypes"] = json!("m5.large")),
            &["instanceTypes"],
        ),
        (
            "a wrong type in a list",
            input_with(|v| v["instanceTypes"] = json!(["m5.large", 5])),
            &["instanceTypes[1]"],
        ),
        (
            "a wrong type in a nested structure",
            input_with(|v| v["logging"]["s3Logs"]["s3BucketName"] = json!(5)),
            &["logging.s3Logs.s3BucketName"],
        ),
        (
            "a failed pattern",
            input_with(|v| v["resourceTags"] = json!({"aws:x": "y"})),
            &[r#"resourceTags["aws:x"]"#],
        ),
        (
            "a failed range",
            input_with(|v| v["instanceMetadataOptions"]["httpPutResponseHopLimit"] = json!(65)),
            &["instanceMetadataOptions.httpPutResponseHopLimit"],
        ),
        (
            "a missing required member",
            input_with(|v| {
                v.as_object_mut().unwrap().remove("instanceProfileName");
            }),
            &["instanceProfileName"],
        ),
        ("an unreadable file", missing_file, &["cannot read"]),
    ];
    for (what, input, expected) in &cases {
        let run = run_cli(
            &[
                SUBCOMMAND,
                "--endpoint-url",
                &url,
                "--region",
                "us-east-1",
                "--cli-input-json",
                input,
            ],
            &ENV_KEYS,
            home.path(),
        );
        assert_eq!(run.code, Some(2), "{what}: {run:#?}");
        assert_eq!(run.stdout, "", "{what}: {run:#?}");
        for text in *expected {
            assert!(run.stderr.contains(text), "{what}: {text}: {run:#?}");
        }
        run.assert_no_secrets();
    }

    // An invalid setting is bad input too.
    let input = input_json().to_string();
    let run = run_cli(
        &[
            SUBCOMMAND,
            "--endpoint-url",
            &url,
            "--cli-input-json",
            &input,
        ],
        &[
            ENV_KEYS[0],
            ENV_KEYS[1],
            ("AWS_REGION", "us-east-1"),
            ("AWS_MAX_ATTEMPTS", "abc"),
        ],
        home.path(),
    );
    assert_eq!(run.code, Some(2), "{run:#?}");
    assert!(run.stderr.contains("AWS_MAX_ATTEMPTS"), "{run:#?}");

    assert!(server.requests().is_empty(), "{:#?}", server.requests());
}

#[test]
fn wrong_command_lines_exit_2_and_help_exits_0() {
    let home = TempDir::new("cli-home");
    let server = start_server(Vec::new());
    let url = server.url();
    let cases: [(&[&str], &str); 6] = [
        (&["update-everything"], "unknown command"),
        (
            &["--endpoint-url", &url, "update-everything"],
            "unknown command",
        ),
        (&[], "usage"),
        (&["--region", "us-east-1"], "usage"),
        (&[SUBCOMMAND, "--bogus", "1"], "unknown option"),
        (&[SUBCOMMAND, "--region"], "needs a value"),
    ];
    for (args, expected) in cases {
        let run = run_cli(args, &ENV_KEYS, home.path());
        assert_eq!(run.code, Some(2), "{args:?}: {run:#?}");
        assert!(run.stderr.contains(expected), "{args:?}: {run:#?}");
    }
    let run = run_cli(&[SUBCOMMAND, SUBCOMMAND], &ENV_KEYS, home.path());
    assert_eq!(run.code, Some(2), "{run:#?}");

    let run = run_cli(&["--help"], &ENV_KEYS, home.path());
    assert_eq!(run.code, Some(0), "{run:#?}");
    assert!(run.stdout.contains(SUBCOMMAND), "{run:#?}");

    assert!(server.requests().is_empty(), "{:#?}", server.requests());
}

#[test]
fn connection_refused_exits_1_quickly() {
    let home = TempDir::new("cli-home");
    let url = format!("http://127.0.0.1:{}", refused_port());
    let input = input_json().to_string();

    let run = run_cli(
        &[
            SUBCOMMAND,
            "--endpoint-url",
            &url,
            "--region",
            "us-east-1",
            "--cli-input-json",
            &input,
        ],
        &[ENV_KEYS[0], ENV_KEYS[1], ("AWS_MAX_ATTEMPTS", "1")],
        home.path(),
    );

    assert_eq!(run.code, Some(1), "{run:#?}");
    assert!(run.stderr.contains("connection refused"), "{run:#?}");
    assert!(run.elapsed < Duration::from_secs(10), "{run:#?}");
    run.assert_no_secrets();
}

#[test]
fn no_credentials_fails_without_sending() {
    let home = TempDir::new("cli-home");
    let server = start_server(Vec::new());
    let input = input_json().to_string();

    let run = run_cli(
        &[
            SUBCOMMAND,
            "--endpoint-url",
            &server.url(),
            "--region",
            "us-east-1",
            "--cli-input-json",
            &input,
        ],
        &[],
        home.path(),
    );

    assert_ne!(run.code, Some(0), "{run:#?}");
    assert!(run.stderr.contains("credentials"), "{run:#?}");
    assert!(server.requests().is_empty(), "{:#?}", server.requests());
}
