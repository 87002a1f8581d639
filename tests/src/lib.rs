//! Helpers shared by the integration tests: where the repository and the
//! reference data in `../shared` live.

use std::path::PathBuf;

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
