//! Snapshots of generated code, one per module of a small model that uses
//! every kind of item the generator emits (`tests/fixtures/kinds.json`):
//! structures with list, map, nested and recursive members, an enum,
//! builders, error structures and an operation error enum, client methods,
//! restJson1 serialization and validation. The same model is generated and
//! compiled (and its client driven) by `tests/downstream`, so the code in
//! these snapshots is code that builds.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn generate(model: &str) -> BTreeMap<PathBuf, String> {
    smithy_codegen::Config::new()
        .model(smithy_tests::repo_root().join(model))
        .runtime_path("../runtime")
        .generate_crate(Path::new("kinds"))
        .expect("the fixture model generates")
}

fn file<'a>(files: &'a BTreeMap<PathBuf, String>, name: &str) -> &'a str {
    files
        .get(Path::new(name))
        .unwrap_or_else(|| panic!("{name} was not generated"))
}

#[test]
fn kinds_model_snapshots() {
    let files = generate("tests/fixtures/kinds.json");
    let names: Vec<String> = files.keys().map(|p| p.display().to_string()).collect();
    assert_eq!(
        names,
        [
            "Cargo.toml",
            "src/cli.rs",
            "src/client.rs",
            "src/error.rs",
            "src/lib.rs",
            "src/main.rs",
            "src/protocol.rs",
            "src/types.rs",
            "src/validate.rs"
        ]
    );
    insta::assert_snapshot!("cargo_toml", file(&files, "Cargo.toml"));
    insta::assert_snapshot!("lib", file(&files, "src/lib.rs"));
    insta::assert_snapshot!("types_structs_enums_builders", file(&files, "src/types.rs"));
    insta::assert_snapshot!("errors", file(&files, "src/error.rs"));
    insta::assert_snapshot!("client_methods", file(&files, "src/client.rs"));
    insta::assert_snapshot!("protocol_serialization", file(&files, "src/protocol.rs"));
    insta::assert_snapshot!("validation", file(&files, "src/validate.rs"));
    insta::assert_snapshot!("cli_commands", file(&files, "src/cli.rs"));
    insta::assert_snapshot!("cli_main", file(&files, "src/main.rs"));
}

/// The model with every type and trait restJson1 can say
/// (`tests/fixtures/types.json`, also compiled and driven by
/// `tests/downstream`): timestamp and float adapters, unions, intEnums,
/// sensitive `Debug`, deprecations, defaults, and the protocol code for
/// timestamps in labels, queries and headers and for raw payloads.
#[test]
fn types_model_snapshots() {
    let files = generate("tests/fixtures/types.json");
    insta::assert_snapshot!("types_fixture_types", file(&files, "src/types.rs"));
    insta::assert_snapshot!("types_fixture_protocol", file(&files, "src/protocol.rs"));
    insta::assert_snapshot!("types_fixture_validation", file(&files, "src/validate.rs"));
}

/// The client of `tests/fixtures/waiters.json` (compiled and driven by
/// `tests/services`): a `wait_until_*` method per waiter, each a table of
/// acceptors with its paths compiled to `Expr` constants (an
/// `inputOutput` comparison, a flatten projection, a filter inside
/// `length`), a deprecated waiter, an `errorType` given as a shape id.
#[test]
fn waiters_model_snapshot() {
    let files = generate("tests/fixtures/waiters.json");
    insta::assert_snapshot!("waiters_fixture_client", file(&files, "src/client.rs"));
}

#[test]
fn single_file_layout_snapshot() {
    let code = smithy_codegen::Config::new()
        .model(smithy_tests::repo_root().join("tests/fixtures/kinds.json"))
        .operation("ListColors")
        .generate()
        .expect("the fixture model generates");
    insta::assert_snapshot!("single_file_list_colors", code);
}

#[test]
fn output_is_byte_identical_run_to_run() {
    let first = generate("model/imagebuilder.json");
    for _ in 0..3 {
        assert_eq!(generate("model/imagebuilder.json"), first);
    }
}
