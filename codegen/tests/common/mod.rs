//! What the generator's integration tests share.

use std::path::PathBuf;

/// `$SMITHY_SHARED_DIR/smithy`, else `../shared/smithy` beside the
/// repository; `None` (said on a line) when absent.
pub fn smithy_dir() -> Option<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let shared = std::env::var_os("SMITHY_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared"));
    let dir = shared.join("smithy");
    if dir.is_dir() {
        Some(dir)
    } else {
        println!(
            "{} not found (set SMITHY_SHARED_DIR): skipping",
            dir.display()
        );
        None
    }
}
