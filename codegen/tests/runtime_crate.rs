//! `Config::runtime_crate`: the path generated code names the runtime by.

use std::path::{Path, PathBuf};

fn model() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../model/imagebuilder.json")
}

#[test]
fn a_generated_crate_depends_on_the_runtime_under_the_name_its_code_uses() {
    let files = smithy_codegen::Config::new()
        .model(model())
        .runtime_crate("::rt")
        .runtime_path("../runtime")
        .generate_crate(Path::new("out"))
        .unwrap();
    let manifest = &files[Path::new("Cargo.toml")];
    assert!(
        manifest.contains(
            r#"rt = { package = "smithy-runtime", path = "../runtime", default-features = false }"#
        ),
        "{manifest}"
    );
    assert!(manifest.contains(r#"https = ["rt/https"]"#), "{manifest}");
    assert!(
        manifest.contains(r#"cli = ["https", "patterns", "rt/cli"]"#),
        "{manifest}"
    );
    assert!(
        manifest.contains(r#"patterns = ["rt/patterns"]"#),
        "{manifest}"
    );
    for (path, code) in &files {
        assert!(!code.contains("smithy_runtime"), "{}", path.display());
    }
    assert!(files[Path::new("src/client.rs")].contains("::rt::ServiceInfo"));

    // The default is unchanged.
    let files = smithy_codegen::Config::new()
        .model(model())
        .runtime_path("../runtime")
        .generate_crate(Path::new("out"))
        .unwrap();
    assert!(files[Path::new("Cargo.toml")].contains(r#"smithy-runtime = { path = "../runtime""#));
}

#[test]
fn paths_a_crate_cannot_depend_by_or_that_are_not_paths_are_refused() {
    let error = smithy_codegen::Config::new()
        .model(model())
        .runtime_crate("crate::rt")
        .generate_crate(Path::new("out"))
        .unwrap_err();
    assert!(error.to_string().contains("must be `::name`"), "{error}");
    let error = smithy_codegen::Config::new()
        .model(model())
        .runtime_crate("not a path")
        .generate()
        .unwrap_err();
    assert!(error.to_string().contains("is not a Rust path"), "{error}");
}

#[test]
fn a_generated_crate_can_depend_on_the_runtime_by_version() {
    let files = smithy_codegen::Config::new()
        .model(model())
        .runtime_version("0.1")
        .smithy_config(false)
        .generate_crate(Path::new("out"))
        .unwrap();
    let manifest = &files[Path::new("Cargo.toml")];
    assert!(
        manifest.contains(r#"smithy-runtime = { version = "0.1", default-features = false }"#),
        "{manifest}"
    );
    assert!(!manifest.contains(r#"path = "../"#), "{manifest}");

    // Under another name, too.
    let files = smithy_codegen::Config::new()
        .model(model())
        .runtime_crate("::rt")
        .runtime_version("0.1.0")
        .smithy_config(false)
        .generate_crate(Path::new("out"))
        .unwrap();
    assert!(files[Path::new("Cargo.toml")].contains(
        r#"rt = { package = "smithy-runtime", version = "0.1.0", default-features = false }"#
    ));

    // smithy-config is not on crates.io: by version it needs a path.
    let error = smithy_codegen::Config::new()
        .model(model())
        .runtime_version("0.1")
        .generate_crate(Path::new("out"))
        .unwrap_err();
    assert!(error.to_string().contains("--config-path"), "{error}");
    let files = smithy_codegen::Config::new()
        .model(model())
        .runtime_version("0.1")
        .config_path("../config")
        .generate_crate(Path::new("out"))
        .unwrap();
    let manifest = &files[Path::new("Cargo.toml")];
    assert!(
        manifest.contains(r#"smithy-config = { path = "../config", default-features = false }"#),
        "{manifest}"
    );

    // The last of path and version wins.
    let files = smithy_codegen::Config::new()
        .model(model())
        .runtime_version("0.1")
        .runtime_path("../runtime")
        .generate_crate(Path::new("out"))
        .unwrap();
    assert!(files[Path::new("Cargo.toml")].contains(r#"smithy-runtime = { path = "../runtime""#));
}
