//! The command-line program of an awsJson service end to end: DynamoDB
//! (awsJson1_0) generated from its published model with `PutItem` and
//! `Query`, built once per test process with the `cli` feature (in the
//! target folder of the generated crates, so `smithy-runtime` and its
//! dependencies are shared with them), then run with a controlled
//! environment against the scripted server on 127.0.0.1 from `support`,
//! the signature of each request recomputed by the test's own verifier.
//!
//! Input and output are in the model's member names, which for awsJson are
//! the wire's too; blobs are base64, attribute values the union's members.
//! STS's program (awsQuery) shows the same for a query protocol: JSON in,
//! a form on the wire, XML back, JSON out.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use support::{ACCESS_KEY_ID, Reply, SECRET_ACCESS_KEY, Server, Signer, TempDir, verify_sigv4};

/// The longest one run of the program may take before the test kills it.
const RUN_LIMIT: Duration = Duration::from_secs(60);
const JSON_1_0: &str = "application/x-amz-json-1.0";

/// The DynamoDB program, built on first use; `None` when the shared models
/// are absent. A failed build fails every test, with cargo's message.
fn binary() -> Option<&'static Path> {
    static BINARY: OnceLock<Option<Result<PathBuf, String>>> = OnceLock::new();
    built(
        &BINARY,
        "dynamodb-2012-08-10.json",
        "dynamodb",
        &["PutItem", "Query"],
    )
}

/// The STS program (awsQuery), with `AssumeRole` only (not named `sts`:
/// `smithy-config`, which it depends on, depends on the checked-in `sts`).
fn sts_binary() -> Option<&'static Path> {
    static BINARY: OnceLock<Option<Result<PathBuf, String>>> = OnceLock::new();
    built(
        &BINARY,
        "sts-2011-06-15.json",
        "sts-assume-role",
        &["AssumeRole"],
    )
}

/// The program `name` of `operations` of the model `file` in
/// `models-other`, built once into `cell`.
fn built(
    cell: &'static OnceLock<Option<Result<PathBuf, String>>>,
    file: &str,
    name: &str,
    operations: &[&str],
) -> Option<&'static Path> {
    let built = cell.get_or_init(|| {
        let model = smithy_tests::shared_path(&format!("models-other/{file}"))?;
        if !model.is_file() {
            println!("{} not found: skipping the check", model.display());
            return None;
        }
        // A folder that outlives the process, so an unchanged crate is not
        // rebuilt by the next run.
        let parent = smithy_tests::repo_root()
            .join("target")
            .join("cli-aws-json");
        let crate_dir = smithy_tests::standalone_crate_of(&model, name, &parent, operations);
        let target = smithy_tests::generated_crates_target();
        let started = Instant::now();
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let built = Command::new(cargo)
            .current_dir(&crate_dir)
            .env("CARGO_TARGET_DIR", &target)
            .env_remove("RUSTFLAGS")
            .env_remove("CARGO_ENCODED_RUSTFLAGS")
            .env_remove("RUSTC_WORKSPACE_WRAPPER")
            .args(["build", "--offline", "--quiet", "--features", "cli"])
            .args(["--bin", name])
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("cannot run cargo: {e}"))
            .and_then(|output| {
                if output.status.success() {
                    Ok(())
                } else {
                    Err(format!(
                        "building the {name} program failed:\n{}",
                        String::from_utf8_lossy(&output.stderr)
                    ))
                }
            });
        println!("built the {name} program in {:?}", started.elapsed());
        Some(built.map(|()| {
            target
                .join("debug")
                .join(format!("{name}{}", std::env::consts::EXE_SUFFIX))
        }))
    });
    match built {
        None => None,
        Some(Ok(path)) => Some(path),
        Some(Err(message)) => panic!("{message}"),
    }
}

/// What one run of the program did.
#[derive(Debug)]
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    fn stdout_json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {self:#?}"))
    }
}

/// Runs `program` with `args` in an environment of only `PATH`, a fresh
/// `HOME` and the test's keys.
fn run_cli(program: &Path, args: &[&str]) -> Run {
    let home = TempDir::new("cli-aws-json-home");
    let started = Instant::now();
    let mut child = Command::new(program)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home.path())
        // The default chain ends with the EC2 instance metadata service:
        // tests reach only their own servers on 127.0.0.1.
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID)
        .env("AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY)
        .env("AWS_REGION", "us-east-1")
        .env("AWS_MAX_ATTEMPTS", "1")
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the program starts");
    // Outputs are a few lines, far below a pipe's capacity.
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
    let run = Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert!(
        !run.stdout.contains(SECRET_ACCESS_KEY) && !run.stderr.contains(SECRET_ACCESS_KEY),
        "the secret was printed: {run:#?}"
    );
    run
}

fn reply(status: u16, headers: &[(&str, &str)], body: &Value) -> Reply {
    let mut all = vec![("Content-Type".to_owned(), JSON_1_0.to_owned())];
    all.extend(
        headers
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned())),
    );
    Reply::Respond {
        status,
        headers: all,
        body: body.to_string().into_bytes(),
    }
}

fn signer() -> Signer<'static> {
    Signer {
        service: "dynamodb",
        ..Signer::test_keys()
    }
}

/// The one request `server` saw: operation `target`, signed; its body.
fn the_request(server: &Server, target: &str) -> Value {
    let requests = server.requests();
    assert_eq!(requests.len(), 1, "{requests:#?}");
    let request = &requests[0];
    assert_eq!(request.method, "POST");
    assert_eq!(request.target, "/");
    assert_eq!(request.header("x-amz-target"), Some(target));
    assert_eq!(request.header("content-type"), Some(JSON_1_0));
    assert_eq!(request.header("host"), Some(server.authority().as_str()));
    verify_sigv4(request, &signer()).unwrap_or_else(|e| panic!("{e}\n{request:?}"));
    request.json()
}

fn put_item_input() -> Value {
    json!({
        "TableName": "Music",
        "Item": {
            "Artist": {"S": "No One You Know"},
            "Year": {"N": "2021"},
            "Cover": {"B": "AP9qcGVn"},
            "Tags": {"SS": ["a", "b"]},
            "Tour": {"M": {"Live": {"BOOL": true}, "Cities": {"L": [{"S": "Austin"}]}}}
        },
        "ConditionExpression": "attribute_not_exists(Artist)",
        "ReturnValues": "ALL_OLD"
    })
}

#[test]
fn put_item_takes_its_input_as_json_and_prints_the_output() {
    let Some(program) = binary() else { return };
    let output = json!({"Attributes": {"Artist": {"S": "Old"}, "Cover": {"B": "AQID"}}});
    let server = Server::start(vec![reply(200, &[("x-amzn-RequestId", "r-1")], &output)]);
    let input = put_item_input().to_string();
    let run = run_cli(
        program,
        &[
            "put-item",
            "--endpoint-url",
            &server.url(),
            "--cli-input-json",
            &input,
        ],
    );
    assert_eq!(run.code, Some(0), "{run:#?}");
    assert_eq!(run.stdout_json(), output, "{run:#?}");
    assert_eq!(
        the_request(&server, "DynamoDB_20120810.PutItem"),
        put_item_input()
    );
}

#[test]
fn query_sends_the_start_key_from_a_file_and_prints_the_last_key() {
    let Some(program) = binary() else { return };
    let key = |song: &str| json!({"Artist": {"S": "Acme"}, "SongTitle": {"S": song}});
    let output = json!({
        "Items": [key("C"), key("D")],
        "Count": 2,
        "ScannedCount": 2,
        "LastEvaluatedKey": key("D")
    });
    let server = Server::start(vec![reply(200, &[], &output)]);
    let input = json!({
        "TableName": "Music",
        "KeyConditionExpression": "Artist = :a",
        "ExpressionAttributeValues": {":a": {"S": "Acme"}},
        "Limit": 2,
        "ExclusiveStartKey": key("B")
    });
    let dir = TempDir::new("cli-aws-json-input");
    let file = dir.write("query.json", &input.to_string());
    let argument = format!("file://{}", file.display());
    let run = run_cli(
        program,
        &[
            "--endpoint-url",
            &server.url(),
            "query",
            "--cli-input-json",
            &argument,
        ],
    );
    assert_eq!(run.code, Some(0), "{run:#?}");
    assert_eq!(run.stdout_json(), output, "{run:#?}");
    assert_eq!(the_request(&server, "DynamoDB_20120810.Query"), input);
}

#[test]
fn bad_input_exits_2_without_sending_and_service_errors_exit_1() {
    let Some(program) = binary() else { return };
    let server = Server::start(vec![reply(
        400,
        &[("x-amzn-RequestId", "r-missing")],
        &json!({
            "__type": "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException",
            "message": "Requested resource not found"
        }),
    )]);
    let url = server.url();
    let cases = [
        (
            json!({"Item": {"Artist": {"S": "x"}}}).to_string(),
            "TableName",
        ),
        (
            json!({"TableName": "Music", "Item": {}, "Bogus": 1}).to_string(),
            "Bogus",
        ),
        // `TableName` is 1 to 1024 characters.
        (
            json!({"TableName": "", "Item": {}}).to_string(),
            "TableName",
        ),
    ];
    for (input, named) in &cases {
        let run = run_cli(
            program,
            &[
                "put-item",
                "--endpoint-url",
                &url,
                "--cli-input-json",
                input,
            ],
        );
        assert_eq!(run.code, Some(2), "{input}: {run:#?}");
        assert!(run.stderr.contains(named), "{input}: {run:#?}");
    }
    assert!(server.requests().is_empty(), "bad input was sent");

    let input = put_item_input().to_string();
    let run = run_cli(
        program,
        &[
            "put-item",
            "--endpoint-url",
            &url,
            "--cli-input-json",
            &input,
        ],
    );
    assert_eq!(run.code, Some(1), "{run:#?}");
    for shown in [
        "ResourceNotFoundException",
        "Requested resource not found",
        "400",
        "r-missing",
    ] {
        assert!(run.stderr.contains(shown), "{shown}: {run:#?}");
    }
    the_request(&server, "DynamoDB_20120810.PutItem");
}

#[test]
fn a_query_service_takes_json_sends_a_form_and_prints_the_xml_result_as_json() {
    let Some(program) = sts_binary() else { return };
    let xml = "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\
        <AssumeRoleResult><Credentials><AccessKeyId>ASIAEXAMPLE</AccessKeyId>\
        <SessionToken>token</SessionToken><Expiration>2026-12-03T10:15:30Z</Expiration>\
        </Credentials><PackedPolicySize>7</PackedPolicySize></AssumeRoleResult>\
        </AssumeRoleResponse>";
    let server = Server::start(vec![Reply::Respond {
        status: 200,
        headers: vec![("Content-Type".to_owned(), "text/xml".to_owned())],
        body: xml.as_bytes().to_vec(),
    }]);
    let input = json!({
        "RoleArn": "arn:aws:iam::123456789012:role/deploy",
        "RoleSessionName": "cli",
        "Tags": [{"Key": "team", "Value": "platform"}]
    })
    .to_string();
    let run = run_cli(
        program,
        &[
            "assume-role",
            "--endpoint-url",
            &server.url(),
            "--cli-input-json",
            &input,
        ],
    );
    assert_eq!(run.code, Some(0), "{run:#?}");
    let output = run.stdout_json();
    assert_eq!(output["Credentials"]["AccessKeyId"], "ASIAEXAMPLE");
    assert_eq!(output["PackedPolicySize"], 7);

    let requests = server.requests();
    let [request] = requests.as_slice() else {
        panic!("expected one request: {requests:#?}");
    };
    assert_eq!(
        request.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    let body = String::from_utf8_lossy(&request.body).into_owned();
    let mut pairs: Vec<&str> = body.split('&').collect();
    pairs.sort_unstable();
    assert_eq!(
        pairs,
        [
            "Action=AssumeRole",
            "RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdeploy",
            "RoleSessionName=cli",
            "Tags.member.1.Key=team",
            "Tags.member.1.Value=platform",
            "Version=2011-06-15",
        ]
    );
    let signer = Signer {
        service: "sts",
        ..Signer::test_keys()
    };
    verify_sigv4(request, &signer).unwrap_or_else(|e| panic!("{e}\n{request:?}"));
}
