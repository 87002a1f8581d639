//! The crate generated from `tests/fixtures/types.json`, the model that uses
//! every type and trait restJson1 can say (timestamps in each format and
//! place, blobs and streaming payloads, big numbers, floats, documents,
//! unions, intEnums, sparse collections, sensitive, deprecated and default
//! members, an event stream), builds without a warning: `cargo clippy -D
//! warnings` (the command-line program included) and `cargo doc` with
//! `-D warnings`. `tests/downstream/tests/types.rs` drives its client.

use std::path::{Path, PathBuf};
use std::process::Command;

use smithy_codegen::Config;

fn model() -> PathBuf {
    smithy_tests::repo_root().join("tests/fixtures/types.json")
}

/// A folder under the system's temporary folder, removed when dropped
/// unless the test is failing (so that what failed can be looked at).
struct TempDir(PathBuf);

impl TempDir {
    fn new(label: &str) -> TempDir {
        let path =
            std::env::temp_dir().join(format!("smithy-tests-{label}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", path.display()));
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!("left {} in place for inspection", self.0.display());
        } else {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

/// Runs cargo in `dir`, asserting success and showing its output otherwise.
fn cargo(dir: &Path, target_dir: &Path, args: &[&str]) {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(args)
        // Only rustdoc reads it: broken intra-doc links fail the doc build.
        .env("RUSTDOCFLAGS", "-D warnings")
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target_dir)
        .env_remove("RUSTC_WORKSPACE_WRAPPER")
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "`cargo {}` failed in {}:\n{}",
        args.join(" "),
        dir.display(),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn the_types_crate_builds_without_warnings() {
    let root = smithy_tests::repo_root();
    let runtime = std::fs::canonicalize(root.join("runtime")).expect("the runtime folder exists");
    let dir = TempDir::new("types-fixture");
    let crate_dir = dir.0.join("types-fixture");
    Config::new()
        .model(model())
        .crate_name("types-fixture")
        .runtime_path(runtime.to_str().expect("the runtime path is UTF-8"))
        .write_crate(&crate_dir)
        .unwrap_or_else(|e| panic!("generation failed: {e}"));

    // Its own workspace, and the repository's lock file so that it builds
    // offline with the versions the repository uses.
    let manifest = crate_dir.join("Cargo.toml");
    let mut toml = std::fs::read_to_string(&manifest).expect("Cargo.toml was written");
    toml.push_str("\n[workspace]\n");
    std::fs::write(&manifest, toml).expect("Cargo.toml is writable");
    std::fs::copy(root.join("Cargo.lock"), crate_dir.join("Cargo.lock"))
        .expect("Cargo.lock copies");

    // The only lint the generated code turns off is `deprecated`, on the
    // items that must touch what the model deprecates.
    for entry in std::fs::read_dir(crate_dir.join("src")).expect("src/ was written") {
        let path = entry.expect("src/ lists").path();
        let text = std::fs::read_to_string(&path).expect("a generated file reads");
        for line in text.lines().filter(|l| l.contains("#[allow(")) {
            assert_eq!(line.trim(), "#[allow(deprecated)]", "in {}", path.display());
        }
    }

    let target_dir = root.join("target").join("types-fixture");
    // `--all-features`: the command-line program calls the deprecated
    // operation too.
    cargo(
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
    cargo(
        &crate_dir,
        &target_dir,
        &["doc", "--offline", "--no-deps", "--all-features"],
    );
}

#[test]
fn event_stream_operations_are_left_out_and_listed() {
    let code = Config::new()
        .model(model())
        .generate()
        .unwrap_or_else(|e| panic!("generation failed: {e}"));
    assert!(!code.contains("fn subscribe"), "Subscribe was generated");
    assert!(!code.contains("EventStream"), "its stream was generated");
    assert!(
        code.contains("/// Not generated: `Subscribe` (event stream)."),
        "the client's docs do not list it"
    );

    let files = Config::new()
        .model(model())
        .generate_crate(Path::new("types"))
        .unwrap_or_else(|e| panic!("generation failed: {e}"));
    let lib = &files[Path::new("src/lib.rs")];
    assert!(
        lib.contains("//! Not generated: `Subscribe` (event stream)."),
        "{lib}"
    );

    // Asked for by name, it is an error that says why.
    let error = Config::new()
        .model(model())
        .operation("Subscribe")
        .generate()
        .expect_err("an event stream operation cannot be generated");
    let message = error.to_string();
    assert!(
        message.contains("Subscribe") && message.contains("event streams are not supported"),
        "{message}"
    );
    assert!(message.contains("types.json"), "{message}");
}
