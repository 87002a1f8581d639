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
