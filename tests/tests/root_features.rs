//! A generated crate's root-certificate features reach every crate of its
//! build: a program asking for the platform's roots alone links no
//! Mozilla roots, through `smithy-config` (whose providers call STS and
//! SSO over the same transport) no more than through the runtime, and the
//! default features still bring them. Read from `cargo tree` over the
//! checked-in Image Builder crate, offline with the workspace's lock file.

use std::path::Path;
use std::process::Command;

/// The names of the crates in the normal dependency tree of the
/// `imagebuilder` crate with `features` (and its default features when
/// `default` is set).
fn dependencies(default: bool, features: &str) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut command = Command::new(env!("CARGO"));
    command
        .current_dir(&root)
        .args(["tree", "--offline", "--locked", "-p", "imagebuilder"])
        .args(["-e", "normal", "--prefix", "none", "--format", "{p}"]);
    if !default {
        command.arg("--no-default-features");
    }
    if !features.is_empty() {
        command.args(["--features", features]);
    }
    let output = command.output().expect("cargo tree runs");
    assert!(
        output.status.success(),
        "cargo tree failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .map(str::to_owned)
        .collect()
}

fn has(tree: &[String], name: &str) -> bool {
    tree.iter().any(|crate_name| crate_name == name)
}

#[test]
fn platform_roots_alone_leave_mozillas_roots_out() {
    let tree = dependencies(false, "https-transport,platform-roots");
    assert!(
        has(&tree, "smithy-config"),
        "the crate uses smithy-config: {tree:?}"
    );
    assert!(has(&tree, "rustls-native-certs"), "{tree:?}");
    assert!(
        !has(&tree, "webpki-roots"),
        "Mozilla's roots are in the build: {tree:?}"
    );
}

#[test]
fn default_features_trust_mozillas_roots() {
    let tree = dependencies(true, "");
    assert!(has(&tree, "webpki-roots"), "{tree:?}");
    assert!(!has(&tree, "rustls-native-certs"), "{tree:?}");
}
