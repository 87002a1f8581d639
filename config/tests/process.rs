//! The `credential_process` provider running small `/bin/sh` scripts
//! written to a temporary directory.

#![cfg(unix)]

#[path = "../../tests/tests/support/mod.rs"]
mod support;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant, UNIX_EPOCH};

use smithy_config::ProcessCredentialsProvider;
use smithy_runtime::credentials::{Credentials, CredentialsError, ProvideCredentials};
use support::TempDir;

const SECRET: &str = "ProcessSecretAccessKeyEXAMPLEzz";
const TOKEN: &str = "ProcessSessionTokenEXAMPLEzz";
/// An argument that stands for a secret passed on the command line.
const SECRET_ARG: &str = "ArgumentSecretEXAMPLEzz";

/// Writing an executable while another thread forks and then running it
/// can fail with "text file busy"; the tests of this file write and run
/// their scripts one at a time.
static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Writes an executable `/bin/sh` script `name` with `body`.
fn script(dir: &Path, name: &str, body: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

fn load(provider: &ProcessCredentialsProvider) -> Result<Credentials, CredentialsError> {
    pollster::block_on(provider.provide_credentials())
}

/// The `ProviderFailed` message, checked for secrets.
fn failure(result: Result<Credentials, CredentialsError>) -> String {
    match result {
        Err(err @ CredentialsError::ProviderFailed { .. }) => {
            let text = format!("{err} {err:?}");
            for secret in [SECRET, TOKEN, SECRET_ARG] {
                assert!(!text.contains(secret), "{secret} in {text}");
            }
            err.to_string()
        }
        other => panic!("expected ProviderFailed, got {other:?}"),
    }
}

#[test]
fn credentials_with_an_expiry() {
    let _serial = serial();
    let dir = TempDir::new("process");
    let path = script(
        dir.path(),
        "creds.sh",
        &format!(
            "printf '{{\"Version\": 1, \"AccessKeyId\": \"AKIDPROCESS\", \"SecretAccessKey\": \"{SECRET}\", \
             \"SessionToken\": \"{TOKEN}\", \"Expiration\": \"2030-01-02T03:04:05Z\", \
             \"AccountId\": \"111122223333\"}}\\n'"
        ),
    );
    let provider = ProcessCredentialsProvider::new(path.to_str().unwrap());
    let credentials = load(&provider).unwrap();
    assert_eq!(credentials.access_key_id(), "AKIDPROCESS");
    assert_eq!(credentials.secret_access_key(), SECRET);
    assert_eq!(credentials.session_token(), Some(TOKEN));
    assert_eq!(credentials.account_id(), Some("111122223333"));
    assert_eq!(
        credentials.expiry(),
        Some(UNIX_EPOCH + Duration::from_secs(1_893_553_445))
    );
    assert_eq!(provider.program().as_deref(), path.to_str());

    // Under a Tokio runtime too (the program runs on a thread of its own).
    let credentials = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(provider.provide_credentials())
        .unwrap();
    assert_eq!(credentials.access_key_id(), "AKIDPROCESS");
}

#[test]
fn long_term_keys_without_token_or_expiry() {
    let _serial = serial();
    let dir = TempDir::new("process");
    let path = script(
        dir.path(),
        "creds.sh",
        &format!(
            "printf '{{\"Version\":1,\"AccessKeyId\":\"AKIDLONG\",\"SecretAccessKey\":\"{SECRET}\"}}'"
        ),
    );
    let credentials = load(&ProcessCredentialsProvider::new(path.to_str().unwrap())).unwrap();
    assert_eq!(credentials.access_key_id(), "AKIDLONG");
    assert_eq!(credentials.session_token(), None);
    assert_eq!(credentials.expiry(), None);
    assert_eq!(credentials.account_id(), None);
}

#[test]
fn arguments_are_split_with_quotes_and_passed_without_a_shell() {
    let _serial = serial();
    let dir = TempDir::new("process");
    std::fs::create_dir(dir.path().join("dir with spaces")).unwrap();
    // Prints its argument count and its arguments joined by `|`.
    let path = script(
        &dir.path().join("dir with spaces"),
        "creds.sh",
        "joined=\"\"\nfor arg in \"$@\"; do joined=\"$joined|$arg\"; done\n\
         printf '{\"Version\":1,\"AccessKeyId\":\"AK%s\",\"SecretAccessKey\":\"%s\"}' \"$#\" \"$joined\"",
    );
    let command_line = format!(
        "\"{}\" plain \"with spaces\" 'single quoted' escaped\\ space \"\" $HOME '*' a;b",
        path.display()
    );
    let credentials = load(&ProcessCredentialsProvider::new(&command_line)).unwrap();
    assert_eq!(credentials.access_key_id(), "AK8");
    assert_eq!(
        credentials.secret_access_key(),
        "|plain|with spaces|single quoted|escaped space||$HOME|*|a;b"
    );
}

#[test]
fn a_non_zero_exit_names_the_program_and_status_not_the_arguments() {
    let _serial = serial();
    let dir = TempDir::new("process");
    let path = script(
        dir.path(),
        "fails.sh",
        &format!(
            "echo 'credential helper: not logged in (this goes to our standard error)' >&2\n\
             printf '{{\"Version\":1,\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"{SECRET}\"}}'\nexit 3"
        ),
    );
    let provider =
        ProcessCredentialsProvider::new(&format!("{} --token {SECRET_ARG}", path.display()));
    let message = failure(load(&provider));
    assert!(
        message.contains(&format!("`{}`", path.display())),
        "{message}"
    );
    assert!(message.contains("exited with status 3"), "{message}");
    assert!(
        !message.contains("not logged in"),
        "stderr is passed through: {message}"
    );

    let path = script(dir.path(), "killed.sh", "kill -9 $$");
    let message = failure(load(&ProcessCredentialsProvider::new(
        path.to_str().unwrap(),
    )));
    assert!(message.contains("terminated by signal 9"), "{message}");
}

#[test]
fn malformed_output_is_an_error_without_the_output() {
    let _serial = serial();
    let dir = TempDir::new("process");
    for (name, body, expected) in [
        (
            "garbage.sh",
            format!("printf 'AccessKeyId=A SecretAccessKey={SECRET}'"),
            "printed output that is not valid JSON (at line 1 column 1)",
        ),
        (
            "truncated.sh",
            format!("printf '{{\"Version\":1,\"SecretAccessKey\":\"{SECRET}\"'"),
            "not valid JSON",
        ),
        ("nothing.sh", "true".to_owned(), "not valid JSON"),
        (
            "array.sh",
            format!("printf '[\"{SECRET}\"]'"),
            "printed JSON that is not an object",
        ),
        (
            "no-key.sh",
            format!("printf '{{\"Version\":1,\"SecretAccessKey\":\"{SECRET}\"}}'"),
            "printed no `AccessKeyId`",
        ),
        (
            "no-secret.sh",
            format!(
                "printf '{{\"Version\":1,\"AccessKeyId\":\"A\",\"SessionToken\":\"{TOKEN}\"}}'"
            ),
            "printed no `SecretAccessKey`",
        ),
        (
            "bad-expiry.sh",
            format!(
                "printf '{{\"Version\":1,\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"{SECRET}\",\"Expiration\":\"{TOKEN}\"}}'"
            ),
            "`Expiration` that is not an RFC 3339 timestamp",
        ),
    ] {
        let path = script(dir.path(), name, &body);
        let message = failure(load(&ProcessCredentialsProvider::new(
            path.to_str().unwrap(),
        )));
        assert!(message.contains(expected), "{name}: {message}");
        assert!(message.contains(name), "{name}: {message}");
    }
}

#[test]
fn only_version_1_is_read() {
    let _serial = serial();
    let dir = TempDir::new("process");
    for (version, expected) in [
        ("2", "printed `Version` 2; only version 1 is supported"),
        ("\"1\"", "`Version` that is not a number"),
    ] {
        let path = script(
            dir.path(),
            "v.sh",
            &format!(
                "printf '{{\"Version\":{version},\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"{SECRET}\"}}'"
            ),
        );
        let message = failure(load(&ProcessCredentialsProvider::new(
            path.to_str().unwrap(),
        )));
        assert!(message.contains(expected), "{message}");
    }
    let path = script(
        dir.path(),
        "none.sh",
        &format!("printf '{{\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"{SECRET}\"}}'"),
    );
    let message = failure(load(&ProcessCredentialsProvider::new(
        path.to_str().unwrap(),
    )));
    assert!(message.contains("printed no `Version`"), "{message}");
}

#[test]
fn a_program_that_runs_too_long_is_killed() {
    let _serial = serial();
    let dir = TempDir::new("process");
    let path = script(dir.path(), "slow.sh", "sleep 3");
    let provider = ProcessCredentialsProvider::new(path.to_str().unwrap())
        .with_timeout(Duration::from_millis(300));
    assert_eq!(provider.timeout(), Duration::from_millis(300));
    let started = Instant::now();
    let message = failure(load(&provider));
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert!(
        message.contains("did not finish within 300 ms; it was killed"),
        "{message}"
    );
    assert_eq!(
        ProcessCredentialsProvider::new("x").timeout(),
        ProcessCredentialsProvider::DEFAULT_TIMEOUT
    );
}

#[test]
fn too_much_output_is_an_error() {
    let _serial = serial();
    let dir = TempDir::new("process");
    let path = script(
        dir.path(),
        "chatty.sh",
        "i=0\nwhile [ $i -lt 1100 ]; do printf '%064d\\n' 0; i=$((i+1)); done",
    );
    let message = failure(load(&ProcessCredentialsProvider::new(
        path.to_str().unwrap(),
    )));
    assert!(
        message.contains("printed more than 65536 bytes"),
        "{message}"
    );
}

#[test]
fn programs_that_cannot_run_and_bad_command_lines() {
    let _serial = serial();
    let dir = TempDir::new("process");
    let missing = dir.path().join("missing");
    let message = failure(load(&ProcessCredentialsProvider::new(&format!(
        "{} {SECRET_ARG}",
        missing.display()
    ))));
    assert!(
        message.contains("could not be started: no such program"),
        "{message}"
    );
    assert!(
        message.contains(&missing.display().to_string()),
        "{message}"
    );

    let not_executable = dir.path().join("plain.txt");
    std::fs::write(&not_executable, "#!/bin/sh\n").unwrap();
    let message = failure(load(&ProcessCredentialsProvider::new(
        not_executable.to_str().unwrap(),
    )));
    assert!(message.contains("permission denied"), "{message}");

    for (line, expected) in [
        ("", "empty"),
        ("   ", "empty"),
        (&*format!("prog '{SECRET_ARG}"), "unclosed single quote"),
        (&*format!("prog \"{SECRET_ARG}"), "unclosed double quote"),
    ] {
        let provider = ProcessCredentialsProvider::new(line);
        match load(&provider) {
            Err(err @ CredentialsError::InvalidConfiguration { .. }) => {
                let message = err.to_string();
                assert!(message.contains(expected), "{message}");
                assert!(!message.contains(SECRET_ARG), "{message}");
            }
            other => panic!("expected InvalidConfiguration, got {other:?}"),
        }
    }
}

#[test]
fn debug_shows_the_program_only() {
    let provider = ProcessCredentialsProvider::new(&format!("/opt/bin/creds --token {SECRET_ARG}"));
    let debug = format!("{provider:?} {provider:#?}");
    assert!(debug.contains("/opt/bin/creds"), "{debug}");
    assert!(!debug.contains(SECRET_ARG), "{debug}");
    assert!(!debug.contains("--token"), "{debug}");
    let outcome = {
        let _serial = serial();
        let dir = TempDir::new("process");
        let path = script(
            dir.path(),
            "creds.sh",
            &format!(
                "printf '{{\"Version\":1,\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"{SECRET}\",\"SessionToken\":\"{TOKEN}\"}}'"
            ),
        );
        load(&ProcessCredentialsProvider::new(path.to_str().unwrap()))
    };
    let text = format!("{outcome:?}");
    assert!(outcome.is_ok(), "{text}");
    assert!(!text.contains(SECRET) && !text.contains(TOKEN), "{text}");
}

#[test]
fn a_profiles_credential_process_is_the_default_chains_source() {
    let _serial = serial();
    let dir = TempDir::new("process");
    let path = script(
        dir.path(),
        "creds.sh",
        &format!(
            "printf '{{\"Version\": 1, \"AccessKeyId\": \"AKIDCHAIN\", \"SecretAccessKey\": \"{SECRET}\"}}\\n'"
        ),
    );
    // Quoted, as a path with spaces would be; a role over it is assumed
    // elsewhere (the STS tests): here the process is the profile's source.
    let config = format!(
        "[default]\ncredential_process = \"{}\" --flag\n",
        path.display()
    );
    let context = smithy_config::ProviderContext::new(
        smithy_runtime::env::Env::from_map([("AWS_EC2_METADATA_DISABLED", "true")]),
        smithy_runtime::profile::ProfileSet::parse(&config, "", "default"),
        std::sync::Arc::new(smithy_runtime::MockTransport::new()),
    );
    let chain = smithy_config::DefaultCredentialsChain::new(&context);
    let credentials = pollster::block_on(chain.provide_credentials()).unwrap();
    assert_eq!(credentials.access_key_id(), "AKIDCHAIN");
}
