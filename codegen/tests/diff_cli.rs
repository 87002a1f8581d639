//! `smithy-codegen diff OLD NEW`: its exit codes (0 nothing breaking, 3
//! something breaking, 1 a model that does not load, 2 usage errors), its
//! formats and its options.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root (the parent of this crate's folder).
fn repo_root() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.parent().unwrap_or(here).to_owned()
}

fn fixture(name: &str) -> String {
    repo_root()
        .join("tests/fixtures/diff")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_smithy-codegen"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn assert_exit(output: &Output, code: i32) {
    assert_eq!(
        output.status.code(),
        Some(code),
        "expected exit code {code}; stdout:\n{}\nstderr:\n{}",
        stdout(output),
        stderr(output)
    );
}

#[test]
fn nothing_breaking_exits_0() {
    let old = fixture("old.json");
    // The same model twice.
    let output = run(&["diff", &old, &old]);
    assert_exit(&output, 0);
    assert!(stdout(&output).contains("No changes to the generated API."));
    // Only a wire change (UploadItem's payload binding).
    let output = run(&[
        "diff",
        &old,
        &fixture("new.json"),
        "--operation",
        "UploadItem",
    ]);
    assert_exit(&output, 0);
    let text = stdout(&output);
    assert!(
        text.contains("[compatible, wire] binding changed data"),
        "{text}"
    );
    assert!(text.contains("regenerate for the wire changes"), "{text}");
}

#[test]
fn something_breaking_exits_3() {
    let output = run(&["diff", &fixture("old.json"), &fixture("new.json")]);
    assert_exit(&output, 3);
    let text = stdout(&output);
    assert!(
        text.contains("[BREAKING] operation removed DeleteItem"),
        "{text}"
    );
    assert!(text.contains("16 breaking, 28 compatible"), "{text}");
    assert!(stderr(&output).is_empty(), "{}", stderr(&output));
}

#[test]
fn json_format_with_docs() {
    let output = run(&[
        "diff",
        &fixture("old.json"),
        &fixture("new.json"),
        "--format",
        "json",
        "--docs",
        "--operation",
        "GetItem",
    ]);
    assert_exit(&output, 3);
    let value: serde_json::Value =
        serde_json::from_str(&stdout(&output)).expect("the output is JSON");
    assert_eq!(value["breaking"], serde_json::json!(true));
    assert_eq!(value["operations"], serde_json::json!(["GetItem"]));
    let docs = value["documentation"]
        .as_array()
        .expect("--docs lists them");
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["subject"], serde_json::json!("GetItem"));
    let kinds: Vec<&str> = value["changes"]
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|c| c["kind"].as_str())
        .collect();
    assert!(kinds.contains(&"error_removed"), "{kinds:?}");
}

#[test]
fn a_bad_model_exits_1_naming_the_file() {
    let dir = std::env::temp_dir().join(format!("smithy-codegen-diff-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temp folder");
    let bad = dir.join("bad-model.json");
    std::fs::write(&bad, "{\"smithy\": \"2.0\", \"shapes\": {\"x\": 1}}").expect("writable");
    let bad = bad.to_string_lossy().into_owned();
    let output = run(&["diff", &fixture("old.json"), &bad]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_exit(&output, 1);
    let message = stderr(&output);
    assert!(message.starts_with("error: "), "{message}");
    assert!(message.contains("bad-model.json"), "{message}");
    assert!(stdout(&output).is_empty());

    let output = run(&["diff", "no/such/model.json", &fixture("new.json")]);
    assert_exit(&output, 1);
    assert!(
        stderr(&output).contains("no/such/model.json"),
        "{}",
        stderr(&output)
    );

    // An operation in neither model.
    let output = run(&[
        "diff",
        &fixture("old.json"),
        &fixture("new.json"),
        "--operation",
        "Nope",
    ]);
    assert_exit(&output, 1);
    assert!(
        stderr(&output).contains("operation Nope"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn usage_errors_exit_2() {
    let old = fixture("old.json");
    for (args, expected) in [
        (vec!["diff"], "two models"),
        (vec!["diff", old.as_str()], "two models"),
        (
            vec!["diff", old.as_str(), old.as_str(), old.as_str()],
            "two models",
        ),
        (
            vec!["diff", old.as_str(), old.as_str(), "--format", "yaml"],
            "unknown format",
        ),
        (
            vec!["diff", old.as_str(), old.as_str(), "--format"],
            "--format needs a value",
        ),
        (
            vec!["diff", old.as_str(), old.as_str(), "--operation"],
            "--operation needs a value",
        ),
        (
            vec!["diff", old.as_str(), old.as_str(), "--frobnicate"],
            "unknown option",
        ),
    ] {
        let output = run(&args);
        assert_exit(&output, 2);
        let message = stderr(&output);
        assert!(message.contains(expected), "{args:?}: {message}");
        assert!(message.contains("usage: smithy-codegen diff"), "{message}");
    }
}
