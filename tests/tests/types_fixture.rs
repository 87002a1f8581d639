//! The crate generated from `tests/fixtures/types.json`, the model that uses
//! every type and trait restJson1 can say (timestamps in each format and
//! place, blobs and streaming payloads, big numbers, floats, documents,
//! unions, intEnums, sparse collections, sensitive, deprecated and default
//! members, an event stream), builds without a warning: `cargo clippy -D
//! warnings` (the command-line program included) and `cargo doc` with
//! `-D warnings`. `tests/downstream/tests/types.rs` drives its client.

use std::path::{Path, PathBuf};

use smithy_codegen::Config;
use smithy_tests::{TempDir, cargo};

fn model() -> PathBuf {
    smithy_tests::repo_root().join("tests/fixtures/types.json")
}

#[test]
fn the_types_crate_builds_without_warnings() {
    let dir = TempDir::new("types-fixture");
    let crate_dir = smithy_tests::standalone_crate(&model(), "types-fixture", dir.path());

    // The only lint the generated code turns off is `deprecated`, on the
    // items that must touch what the model deprecates.
    for entry in std::fs::read_dir(crate_dir.join("src")).expect("src/ was written") {
        let path = entry.expect("src/ lists").path();
        let text = std::fs::read_to_string(&path).expect("a generated file reads");
        for line in text.lines().filter(|l| l.contains("#[allow(")) {
            assert_eq!(line.trim(), "#[allow(deprecated)]", "in {}", path.display());
        }
    }

    let target_dir = smithy_tests::generated_crates_target();
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
