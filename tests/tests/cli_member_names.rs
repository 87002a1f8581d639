//! The generated command-line program of `tests/fixtures/guardrails.json`,
//! whose members have `jsonName`s (`Name` is `name` on the wire, as in API
//! Gateway V2) and timestamps: like the AWS CLI, it takes and prints the
//! model's member names, whatever the wire calls them, and takes timestamps
//! as ISO 8601 strings or epoch seconds. Built once (a generated crate,
//! `--features cli`), then run against the scripted server from `support`.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use serde_json::{Value, json};
use support::{ACCESS_KEY_ID, Reply, SECRET_ACCESS_KEY, Server, TempDir};

/// The program, built on first use.
fn binary() -> &'static Path {
    static BINARY: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    let built = BINARY.get_or_init(|| {
        let dir =
            std::env::temp_dir().join(format!("smithy-tests-cli-names-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let model = smithy_tests::repo_root().join("tests/fixtures/guardrails.json");
        let crate_dir = smithy_tests::standalone_crate(&model, "guardrails", &dir);
        let target = smithy_tests::generated_crates_target();
        smithy_tests::cargo(
            &crate_dir,
            &target,
            &[
                "build",
                "--offline",
                "--quiet",
                "--features",
                "cli",
                "--bin",
                "guardrails",
            ],
        );
        let _ = std::fs::remove_dir_all(&dir);
        Ok(target
            .join("debug")
            .join(format!("guardrails{}", std::env::consts::EXE_SUFFIX)))
    });
    match built {
        Ok(path) => path,
        Err(message) => panic!("{message}"),
    }
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs `guardrails COMMAND --cli-input-json INPUT` against `server` in a
/// clean environment.
fn run(server: &Server, command: &str, input: &str) -> Run {
    let home = TempDir::new("cli-names-home");
    let output = Command::new(binary())
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home.path())
        // The default chain ends with the EC2 instance metadata service:
        // tests reach only their own servers on 127.0.0.1.
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID)
        .env("AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY)
        .args([
            command,
            "--endpoint-url",
            &server.url(),
            "--region",
            "us-east-1",
            "--cli-input-json",
            input,
        ])
        .stdin(Stdio::null())
        .output()
        .expect("the program runs");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// A scripted server, started once the program is built (a build can take
/// longer than a server waits).
fn server(script: Vec<Reply>) -> Server {
    binary();
    Server::start(script)
}

#[test]
fn input_and_output_use_the_models_member_names() {
    // What the service answers, in wire names and epoch seconds.
    let response = json!({
        "guardrailId": "gr-1",
        "createdAt": 1714564800,
        "updatedAt": "2024-05-01T12:30:00Z",
        "config": {"timeoutInSeconds": 5, "reviewedAt": 1714564800.5},
        "rules": [{"ruleName": "r", "enabled": true}]
    });
    let server = server(vec![Reply::json(202, &[], &response.to_string())]);
    // The request syntax of the AWS documentation: member names, and
    // timestamps as ISO 8601 or epoch seconds.
    let input = json!({
        "Name": "g",
        "ExpiresAt": "2024-05-01T14:00:00+02:00",
        "NotBefore": 1714564800,
        "Config": {"TimeoutInSeconds": 5, "ReviewedAt": "2024-05-01"},
        "Rules": [{"RuleName": "r", "Enabled": false}],
        "Tags": {"Name": "a tag key, not a member"},
        "clientRequestToken": "tok"
    });
    let run = run(&server, "create-guardrail", &input.to_string());
    assert_eq!(run.code, Some(0), "{}", run.stderr);

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    // On the wire: `jsonName`s, body timestamps as epoch seconds unless
    // `@timestampFormat` says otherwise (notBefore is a date-time).
    assert_eq!(
        requests[0].json(),
        json!({
            "name": "g",
            "expiresAt": 1714564800,
            "notBefore": "2024-05-01T12:00:00Z",
            "config": {"timeoutInSeconds": 5, "reviewedAt": 1714521600},
            "rules": [{"ruleName": "r", "enabled": false}],
            "tags": {"Name": "a tag key, not a member"},
            "clientRequestToken": "tok"
        })
    );

    // Printed: member names, timestamps in ISO 8601.
    let printed: Value = serde_json::from_str(&run.stdout).expect("the output is JSON");
    assert_eq!(
        printed,
        json!({
            "GuardrailId": "gr-1",
            "CreatedAt": "2024-05-01T12:00:00Z",
            "UpdatedAt": "2024-05-01T12:30:00Z",
            "Config": {"TimeoutInSeconds": 5, "ReviewedAt": "2024-05-01T12:00:00.5Z"},
            "Rules": [{"RuleName": "r", "Enabled": true}]
        })
    );
}

#[test]
fn bound_members_take_their_member_names_too() {
    let server = server(vec![Reply::json(200, &[], r#"{"guardrailId":"gr-1"}"#)]);
    let run = run(
        &server,
        "get-guardrail",
        r#"{"GuardrailId": "gr-1", "AsOf": 1714564800}"#,
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let requests = server.requests();
    assert_eq!(
        requests[0].target,
        "/guardrails/gr-1?asOf=2024-05-01T12%3A00%3A00Z"
    );
}

#[test]
fn bad_input_is_named_by_member_path_and_sends_nothing() {
    let server = server(Vec::new());
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "the wire name instead of the member name",
            r#"{"name": "g"}"#,
            &["unknown member in input: name"],
        ),
        (
            "an unknown nested member",
            r#"{"Name": "g", "Rules": [{"RuleName": "r", "bogus": 1}]}"#,
            &["unknown member in input: Rules[0].bogus"],
        ),
        (
            "a missing required member",
            r#"{"Description": "d"}"#,
            &["missing required member Name"],
        ),
        (
            "a wrong type, nested",
            r#"{"Name": "g", "Config": {"TimeoutInSeconds": "five"}}"#,
            &["Config.TimeoutInSeconds", "invalid type"],
        ),
        (
            "a wrong type in a list",
            r#"{"Name": "g", "Rules": [{"RuleName": "r"}, {"RuleName": 5}]}"#,
            &["Rules[1].RuleName"],
        ),
        (
            "a timestamp that is not one",
            r#"{"Name": "g", "ExpiresAt": "next week"}"#,
            &["ExpiresAt", "not a timestamp"],
        ),
    ];
    for (what, input, expected) in cases {
        let run = run(&server, "create-guardrail", input);
        assert_eq!(run.code, Some(2), "{what}: {}", run.stderr);
        assert_eq!(run.stdout, "", "{what}");
        for text in *expected {
            assert!(run.stderr.contains(text), "{what}: {text}: {}", run.stderr);
        }
    }
    assert!(server.requests().is_empty(), "{:#?}", server.requests());
}
