//! The generated crate's documentation (its command-line module included)
//! and the runtime's build without a single rustdoc warning: every item
//! documented, no broken links, no raw HTML left over from the model.

use std::process::Command;

#[test]
fn generated_crate_docs_build_without_warnings() {
    let repo = smithy_tests::repo_root();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .current_dir(&repo)
        .args([
            "doc",
            "-p",
            "imagebuilder",
            "-p",
            "smithy-runtime",
            "--features",
            "imagebuilder/cli",
            "--no-deps",
            "--quiet",
        ])
        // A target folder of its own: the outer `cargo test` may hold the
        // lock on the default one.
        .env("CARGO_TARGET_DIR", repo.join("target/doc-check"))
        .env("RUSTDOCFLAGS", "-D warnings")
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo doc failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn the_clients_docs_name_the_services_protocol() {
    for (model, operation, protocol) in [
        ("models-other/kms-2014-11-01.json", "Encrypt", "awsJson1_1"),
        (
            "models-other/dynamodb-2012-08-10.json",
            "PutItem",
            "awsJson1_0",
        ),
        (
            "models/imagebuilder-2019-12-02.json",
            "ListImages",
            "restJson1",
        ),
    ] {
        let Some(path) = smithy_tests::shared_path(model) else {
            return;
        };
        let code = smithy_codegen::Config::new()
            .model(&path)
            .operation(operation)
            .generate()
            .unwrap_or_else(|e| panic!("{model}: {e}"));
        let text = format!("serializes it as {protocol},");
        let lines: Vec<&str> = code
            .lines()
            .filter(|line| line.contains("serializes it as"))
            .collect();
        assert!(
            lines.iter().all(|line| line.contains(&text)),
            "{model}: {lines:?}"
        );
        assert!(!lines.is_empty(), "{model}: the client's docs say nothing");
    }
}
