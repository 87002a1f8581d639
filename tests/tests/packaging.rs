//! The two published crates as crates.io would get them: `cargo package`
//! makes `smithy-runtime` and `smithy-codegen` with their licence files and
//! metadata and without path dependencies; the packaged generator, which
//! has no checkout beside it, writes a crate that depends on
//! `smithy-runtime` by version; and that crate builds against the packaged
//! runtime (put in crates.io's place with `[patch.crates-io]`, offline).
//!
//! Everything lives under `target/packaging/` (a workspace of its own, with
//! the repository's lock file so it builds offline, and its own target dir
//! there, so repeated runs only rebuild what changed).

use std::path::Path;
use std::process::Command;

const VERSION: &str = env!("CARGO_PKG_VERSION");

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Unpacks `crate_file` (a gzipped tar) into `dir`, replacing what an
/// earlier run left there.
fn unpack(crate_file: &Path, dir: &Path, name: &str) {
    let unpacked = dir.join(format!("{name}-{VERSION}"));
    if unpacked.exists() {
        std::fs::remove_dir_all(&unpacked)
            .unwrap_or_else(|e| panic!("cannot remove {}: {e}", unpacked.display()));
    }
    let status = Command::new("tar")
        .arg("xzf")
        .arg(crate_file)
        .arg("-C")
        .arg(dir)
        .status()
        .expect("tar runs");
    assert!(
        status.success(),
        "tar cannot unpack {}",
        crate_file.display()
    );
}

/// The packaged manifest's `[dependencies]`-like tables, which must name
/// versions only.
fn assert_published_manifest(manifest: &str, name: &str) {
    for key in [
        "license = \"Apache-2.0\"",
        "description = ",
        "readme = \"README.md\"",
        "documentation = ",
        "keywords = ",
        "categories = ",
    ] {
        assert!(
            manifest.contains(key),
            "{name}'s packaged Cargo.toml lacks `{key}`:\n{manifest}"
        );
    }
    assert!(
        !manifest.contains("publish = false"),
        "{name} is not publishable"
    );
    for line in manifest.lines() {
        assert!(
            !line.trim_start().starts_with("path = ") || line.contains(".rs\""),
            "{name}'s packaged Cargo.toml has a path dependency: {line}"
        );
    }
}

#[test]
fn packaged_crates_build_a_client_that_depends_on_the_runtime_by_version() {
    let root = smithy_tests::repo_root();
    let base = root.join("target/packaging");
    let target_dir = base.join("target");
    let workspace = base.join("workspace");
    std::fs::create_dir_all(&workspace).expect("target/packaging is writable");

    smithy_tests::cargo(
        &root,
        &target_dir,
        &[
            "package",
            "--offline",
            "--no-verify",
            "--allow-dirty",
            "-p",
            "smithy-runtime",
            "-p",
            "smithy-codegen",
        ],
    );
    for name in ["smithy-runtime", "smithy-codegen"] {
        let crate_file = target_dir.join(format!("package/{name}-{VERSION}.crate"));
        unpack(&crate_file, &workspace, name);
        let unpacked = workspace.join(format!("{name}-{VERSION}"));
        for file in ["LICENSE", "NOTICE", "README.md", "src/lib.rs"] {
            assert!(
                unpacked.join(file).is_file(),
                "{name}'s package has no {file}"
            );
        }
        assert!(
            read(&unpacked.join("LICENSE")).contains("Apache License"),
            "{name}'s LICENSE is the Apache License"
        );
        assert!(
            read(&unpacked.join("NOTICE")).contains("partitions.json"),
            "{name}'s NOTICE names the embedded partitions data"
        );
        assert_published_manifest(&read(&unpacked.join("Cargo.toml")), name);
    }

    // The packaged generator has no `runtime/` beside it: its crates depend
    // on the runtime of its own version.
    let manifest = |members: &str| {
        format!(
            "[workspace]\nresolver = \"3\"\nmembers = [{members}]\n\n[patch.crates-io]\nsmithy-runtime = {{ path = \"smithy-runtime-{VERSION}\" }}\n"
        )
    };
    smithy_tests::write_if_changed(
        &workspace.join("Cargo.toml"),
        &manifest(&format!("\"smithy-codegen-{VERSION}\"")),
    );
    smithy_tests::write_if_changed(
        &workspace.join("Cargo.lock"),
        &read(&root.join("Cargo.lock")),
    );
    let model = root.join("model/imagebuilder.json");
    let client = workspace.join("client");
    smithy_tests::cargo(
        &workspace,
        &target_dir,
        &[
            "run",
            "--offline",
            "-q",
            "-p",
            "smithy-codegen",
            "--",
            "generate",
            "--model",
            &model.to_string_lossy(),
            "--operation",
            "UpdateInfrastructureConfiguration",
            "--no-smithy-config",
            "--crate-name",
            "packaged-client",
            "--out",
            &client.to_string_lossy(),
        ],
    );
    let client_manifest = read(&client.join("Cargo.toml"));
    assert!(
        client_manifest.contains(&format!(
            "smithy-runtime = {{ version = \"{VERSION}\", default-features = false }}"
        )),
        "the packaged generator's crate depends on smithy-runtime {VERSION} by version:\n{client_manifest}"
    );

    smithy_tests::write_if_changed(
        &workspace.join("Cargo.toml"),
        &manifest(&format!("\"smithy-codegen-{VERSION}\", \"client\"")),
    );
    smithy_tests::cargo(
        &workspace,
        &target_dir,
        &["check", "--offline", "-q", "-p", "packaged-client"],
    );
}
