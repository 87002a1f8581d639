//! The AWS protocol tests as one JSON AST (`aws-protocol-tests.json`, with
//! mixins) load, flatten and resolve.

use std::path::PathBuf;

/// `$SMITHY_SHARED_DIR/smithy`, else `../shared/smithy` beside the
/// repository; `None` (said on a line) when absent.
fn smithy_dir() -> Option<PathBuf> {
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

#[test]
fn the_json_protocol_tests_load_with_mixins_flattened() {
    let Some(dir) = smithy_dir() else { return };
    let model = smithy_codegen::model::load(&dir.join("protocol-tests/aws-protocol-tests.json"))
        .unwrap_or_else(|e| panic!("{e}"));
    let id = |s: &str| smithy_codegen::model::ShapeId::new(s);
    // No mixin is left, and what they carried is in the shapes using them.
    assert!(
        model
            .shapes
            .values()
            .all(|s| !s.traits.contains_key("smithy.api#mixin"))
    );
    assert!(model.shape(&id("smithy.test#HttpRequestMixin")).is_none());
    // `Defaults` has no members of its own: all come from `DefaultsMixin`,
    // in its order.
    let defaults = model
        .shape(&id("aws.protocoltests.restjson#Defaults"))
        .expect("Defaults");
    let names: Vec<_> = defaults.members.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(
        names.get(..3),
        Some(&["defaultString", "defaultBoolean", "defaultList"][..]),
        "{names:?}"
    );
    let service =
        smithy_codegen::ir::resolve(&model, Some("aws.protocoltests.restjson#RestJson"), &[])
            .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        service.operations.len() > 100,
        "{}",
        service.operations.len()
    );
}
