//! The model-update workflow for `build.rs` users: a crate that generates
//! its client with `Config::generate_to_out_dir` is not regenerated or
//! rebuilt when nothing changed, re-runs its build script (which rewrites
//! nothing) when the model is only touched, and is regenerated and rebuilt
//! when the model's content changes. For CLI users: regenerating a crate
//! from the same model touches none of its files, so cargo rebuilds
//! nothing.
//!
//! The crate lives under `target/model-update/` (its own workspace, with
//! the repository's lock file so it builds offline) with its own target
//! dir there, so repeated runs only build it, not its dependencies.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

const PACKAGE: &str = "model-update-example";

const MANIFEST: &str = r#"[package]
name = "model-update-example"
version = "0.1.0"
edition = "2024"
publish = false

[dependencies]
smithy-runtime = { path = "RUNTIME", default-features = false }

[build-dependencies]
smithy-codegen = { path = "CODEGEN" }

[workspace]
"#;

const BUILD_RS: &str = r#"fn main() -> Result<(), Box<dyn std::error::Error>> {
    // A crate that brings its own configuration: no `smithy-config`.
    smithy_codegen::Config::new()
        .model("model/kinds.json")
        .smithy_config(false)
        .generate_to_out_dir("kinds.rs")?;
    Ok(())
}
"#;

const LIB_RS: &str = r#"//! A downstream crate generating its client in `build.rs`.

/// The generated client.
pub mod kinds {
    include!(concat!(env!("OUT_DIR"), "/kinds.rs"));
}
"#;

/// What one `cargo build -v` did.
struct Build {
    /// cargo's stderr (`Compiling`, `Fresh`, `Running` lines).
    log: String,
}

impl Build {
    /// Whether the build script was run.
    fn ran_build_script(&self) -> bool {
        self.log.lines().any(|line| {
            line.trim_start().starts_with("Running")
                && line.contains(&format!("{PACKAGE}-"))
                && line.contains("build-script-build")
        })
    }

    /// Whether the crate's library was compiled.
    fn compiled_lib(&self) -> bool {
        self.log.lines().any(|line| {
            line.trim_start().starts_with("Running")
                && line.contains("--crate-name model_update_example")
                && line.contains("src/lib.rs")
        })
    }

    /// Whether cargo found the whole crate up to date.
    fn fresh(&self) -> bool {
        self.log
            .lines()
            .any(|line| line.trim_start().starts_with(&format!("Fresh {PACKAGE}")))
            && !self.log.lines().any(|line| {
                line.trim_start()
                    .starts_with(&format!("Compiling {PACKAGE}"))
            })
    }
}

fn build(dir: &Path, target_dir: &Path) -> Build {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(["build", "--offline", "-v"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target_dir)
        .env_remove("RUSTC_WORKSPACE_WRAPPER")
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("CARGO_BUILD_RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let log = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(
        output.status.success(),
        "`cargo build` failed in {}:\n{log}",
        dir.display()
    );
    Build { log }
}

/// The generated file: `$OUT_DIR/kinds.rs` of the crate's build script.
fn generated_file(target_dir: &Path) -> PathBuf {
    let build = target_dir.join("debug/build");
    let mut found: Vec<PathBuf> = std::fs::read_dir(&build)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", build.display()))
        .flatten()
        .map(|entry| entry.path().join("out/kinds.rs"))
        .filter(|path| {
            path.is_file()
                && path
                    .parent()
                    .and_then(Path::parent)
                    .and_then(Path::file_name)
                    .is_some_and(|name| name.to_string_lossy().starts_with(PACKAGE))
        })
        .collect();
    // A changed build script gets a new folder; the newest is current.
    found.sort_by_key(|path| modified(path));
    found
        .pop()
        .unwrap_or_else(|| panic!("no {PACKAGE}-*/out/kinds.rs under {}", build.display()))
}

fn modified(path: &Path) -> SystemTime {
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .unwrap_or_else(|e| panic!("no mtime for {}: {e}", path.display()))
}

/// Sets the file's modification time to now (its content unchanged),
/// after a pause so that it is later than anything cargo recorded. (Not
/// in the future: cargo would then find the crate stale until that time.)
fn touch(path: &Path) {
    std::thread::sleep(Duration::from_millis(1100));
    let file = std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap_or_else(|e| panic!("cannot open {}: {e}", path.display()));
    file.set_modified(SystemTime::now())
        .unwrap_or_else(|e| panic!("cannot touch {}: {e}", path.display()));
}

#[test]
fn build_rs_users_rebuild_only_when_the_model_changes() {
    let root = smithy_tests::repo_root();
    let base = root.join("target/model-update");
    let dir = base.join("crate");
    let target_dir = base.join("target");
    let absolute = |relative: &str| {
        std::fs::canonicalize(root.join(relative))
            .unwrap_or_else(|e| panic!("{relative} is missing: {e}"))
            .to_string_lossy()
            .replace('\\', "/")
    };
    let manifest = MANIFEST
        .replace("RUNTIME", &absolute("runtime"))
        .replace("CODEGEN", &absolute("codegen"));
    smithy_tests::write_if_changed(&dir.join("Cargo.toml"), &manifest);
    smithy_tests::write_if_changed(&dir.join("build.rs"), BUILD_RS);
    smithy_tests::write_if_changed(&dir.join("src/lib.rs"), LIB_RS);
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).expect("Cargo.lock reads");
    smithy_tests::write_if_changed(&dir.join("Cargo.lock"), &lock);
    let original = std::fs::read_to_string(root.join("tests/fixtures/kinds.json"))
        .expect("tests/fixtures/kinds.json reads");
    let model = dir.join("model/kinds.json");
    // A previous run leaves the changed model behind.
    smithy_tests::write_if_changed(&model, &original);

    // Whatever state the crate was in, it is up to date after this.
    build(&dir, &target_dir);
    let generated = generated_file(&target_dir);
    let generated_at = modified(&generated);

    // 1. Nothing changed: no build script run, no compilation, and the
    //    generated file is untouched.
    let again = build(&dir, &target_dir);
    assert!(
        again.fresh(),
        "an unchanged crate was rebuilt:\n{}",
        again.log
    );
    assert!(
        !again.ran_build_script(),
        "the build script re-ran:\n{}",
        again.log
    );
    assert!(
        !again.compiled_lib(),
        "the library was recompiled:\n{}",
        again.log
    );
    assert_eq!(modified(&generated), generated_at, "kinds.rs was rewritten");

    // 2. The model is touched but not changed: `rerun-if-changed` re-runs
    //    the build script, which writes nothing (write-if-changed: the
    //    generated file keeps its content and its mtime). Cargo itself
    //    recompiles a package whose build script ran, so the library is
    //    not asserted either way here.
    touch(&model);
    let touched = build(&dir, &target_dir);
    assert!(
        touched.ran_build_script(),
        "touching the model did not re-run the build script:\n{}",
        touched.log
    );
    assert_eq!(
        modified(&generated),
        generated_at,
        "the same model rewrote kinds.rs"
    );
    let after_touch = build(&dir, &target_dir);
    assert!(after_touch.fresh(), "{}", after_touch.log);

    // 3. The model changes: regenerated and recompiled, with the change.
    let changed = original.replace(r#""uri": "/widgets""#, r#""uri": "/v2/widgets""#);
    assert_ne!(changed, original, "the edit applies to kinds.json");
    std::fs::write(&model, &changed).expect("the model is writable");
    touch(&model);
    let rebuilt = build(&dir, &target_dir);
    assert!(rebuilt.ran_build_script(), "{}", rebuilt.log);
    assert!(
        rebuilt.compiled_lib(),
        "a changed model did not recompile the library:\n{}",
        rebuilt.log
    );
    let code = std::fs::read_to_string(generated_file(&target_dir)).expect("kinds.rs reads");
    assert!(
        code.contains("\"/v2/widgets\""),
        "kinds.rs lacks the change"
    );

    // 4. And after that, fresh again.
    let settled = build(&dir, &target_dir);
    assert!(settled.fresh(), "{}", settled.log);
    assert!(!settled.ran_build_script(), "{}", settled.log);

    // Leave the crate as the first build found it, for the next run.
    std::fs::write(&model, &original).expect("the model is writable");
}

/// `write_crate` (what the CLI's `generate` does) twice with the same
/// model leaves every file as it was, modification time included, so the
/// generated crate and those depending on it are not rebuilt.
#[test]
fn regenerating_a_crate_from_the_same_model_touches_no_file() {
    let root = smithy_tests::repo_root();
    let dir = root.join("target/model-update/regenerated");
    let _ = std::fs::remove_dir_all(&dir);
    let mut config = smithy_codegen::Config::new();
    config
        .model(root.join("tests/fixtures/kinds.json"))
        .crate_name("kinds");
    config.write_crate(&dir).expect("the crate is written");
    let snapshot = |dir: &Path| -> Vec<(PathBuf, SystemTime, String)> {
        let mut files = Vec::new();
        let mut pending = vec![dir.to_owned()];
        while let Some(folder) = pending.pop() {
            for entry in std::fs::read_dir(&folder)
                .expect("the folder lists")
                .flatten()
            {
                let path = entry.path();
                if path.is_dir() {
                    pending.push(path);
                } else {
                    let text = std::fs::read_to_string(&path).expect("a generated file reads");
                    files.push((path.clone(), modified(&path), text));
                }
            }
        }
        files.sort();
        files
    };
    let before = snapshot(&dir);
    assert!(before.len() >= 3, "{before:?}");
    std::thread::sleep(Duration::from_millis(50));
    config
        .write_crate(&dir)
        .expect("the crate is written again");
    assert_eq!(snapshot(&dir), before);
    let _ = std::fs::remove_dir_all(&dir);
}
