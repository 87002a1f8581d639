//! Helpers shared by the integration tests: where the repository and the
//! reference data in `../shared` live, temporary folders, and cargo runs on
//! generated crates.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The repository root (the parent of this crate's folder).
pub fn repo_root() -> PathBuf {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    here.parent().map(PathBuf::from).unwrap_or(here)
}

/// The folder of reference data: `$SMITHY_SHARED_DIR`, or `../shared` next to
/// the repository. `None` (after saying so on a line of its own) when it is
/// absent, so tests that need it pass without checking.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("SMITHY_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("../shared"));
    if dir.is_dir() {
        Some(dir)
    } else {
        println!(
            "shared reference data not found at {}: skipping the check",
            dir.display()
        );
        None
    }
}

/// A file under the shared folder, or `None` when the folder is absent.
pub fn shared_path(relative: &str) -> Option<PathBuf> {
    shared_dir().map(|dir| dir.join(relative))
}

/// A fresh folder under the system's temporary folder, removed when dropped
/// unless the test is failing (so that what failed can be looked at).
pub struct TempDir(PathBuf);

impl TempDir {
    /// A new, empty folder whose name starts with `smithy-tests-{label}`.
    pub fn new(label: &str) -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let path =
            std::env::temp_dir().join(format!("smithy-tests-{label}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", path.display()));
        TempDir(path)
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        &self.0
    }

    /// Writes `text` to `name` in the folder, returning the file's path.
    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, text)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        path
    }

    /// Writes `model` as pretty JSON to `name`, returning the file's path.
    pub fn write_json(&self, name: &str, model: &serde_json::Value) -> PathBuf {
        let text = serde_json::to_string_pretty(model).expect("a JSON value serializes");
        self.write(name, &text)
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

/// Writes `content` to `path` unless it already holds it (so a test crate's
/// own files do not make cargo rebuild it between runs), creating its folder.
pub fn write_if_changed(path: &Path, content: &str) {
    if std::fs::read_to_string(path).is_ok_and(|old| old == content) {
        return;
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", parent.display()));
    }
    std::fs::write(path, content)
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

/// Runs `cargo args` in the crate at `dir` with its own `target_dir`,
/// asserting it succeeds and showing its output otherwise. Rustdoc runs
/// with `-D warnings` (broken intra-doc links fail); flags and wrappers of
/// the outer build are not passed on.
pub fn cargo(dir: &Path, target_dir: &Path, args: &[&str]) {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(args)
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

/// The one target folder of every generated crate the tests compile (the
/// corpus, the fixtures' crates): `smithy-runtime` and its dependencies
/// are compiled once for all of them, and again only when they change.
/// (Test binaries run one after the other, so they do not wait on its lock
/// for long.)
pub fn generated_crates_target() -> PathBuf {
    repo_root().join("target").join("generated-crates")
}

/// Generates the crate of the model at `model` as `crate_name` under
/// `parent`, ready for [`cargo`]: pointing at this repository's runtime, a
/// workspace of its own (so no workspace above the temporary folder claims
/// it), and the repository's lock file (so it builds offline, with the
/// versions and downloaded crates the repository uses). Returns its folder.
pub fn standalone_crate(model: &Path, crate_name: &str, parent: &Path) -> PathBuf {
    standalone_crate_of(model, crate_name, parent, &[])
}

/// [`standalone_crate`] with only `operations` (every one when empty) and
/// the shapes they reach.
pub fn standalone_crate_of(
    model: &Path,
    crate_name: &str,
    parent: &Path,
    operations: &[&str],
) -> PathBuf {
    let root = repo_root();
    let runtime = std::fs::canonicalize(root.join("runtime")).expect("the runtime folder exists");
    let crate_dir = parent.join(crate_name);
    let mut config = smithy_codegen::Config::new();
    config
        .model(model)
        .crate_name(crate_name)
        .runtime_path(runtime.to_str().expect("the runtime path is UTF-8"));
    for operation in operations {
        config.operation(*operation);
    }
    config
        .write_crate(&crate_dir)
        .unwrap_or_else(|e| panic!("generation failed: {e}"));
    let manifest = crate_dir.join("Cargo.toml");
    let mut toml = std::fs::read_to_string(&manifest).expect("Cargo.toml was written");
    toml.push_str("\n[workspace]\n");
    std::fs::write(&manifest, toml).expect("Cargo.toml is writable");
    std::fs::copy(root.join("Cargo.lock"), crate_dir.join("Cargo.lock"))
        .expect("Cargo.lock copies");
    crate_dir
}
