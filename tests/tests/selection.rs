//! `--operation` (the build-script `operation`) emits the chosen operations
//! and exactly the shapes they reach: generating one Image Builder
//! operation from the published model emits none of the others' shapes.

use std::collections::BTreeSet;

use serde_json::Value;

/// The names of the shapes `operation` reaches in the model, walked here
/// independently of the generator.
fn closure(model: &Value, operation: &str) -> BTreeSet<String> {
    let shapes = &model["shapes"];
    let mut seen = BTreeSet::new();
    let mut pending = vec![format!("com.amazonaws.imagebuilder#{operation}")];
    while let Some(id) = pending.pop() {
        if !seen.insert(id.clone()) {
            continue;
        }
        let shape = &shapes[&id];
        for key in ["input", "output", "member", "key", "value"] {
            if let Some(target) = shape[key]["target"].as_str() {
                pending.push(target.to_owned());
            }
        }
        for list in ["errors"] {
            for target in shape[list].as_array().into_iter().flatten() {
                if let Some(target) = target["target"].as_str() {
                    pending.push(target.to_owned());
                }
            }
        }
        if shape["type"] != "enum" {
            for member in shape["members"]
                .as_object()
                .into_iter()
                .flat_map(|m| m.values())
            {
                if let Some(target) = member["target"].as_str() {
                    pending.push(target.to_owned());
                }
            }
        }
    }
    seen.iter()
        .filter(|id| id.starts_with("com.amazonaws.imagebuilder#"))
        .filter(|id| {
            matches!(
                shapes[id.as_str()]["type"].as_str(),
                Some("structure" | "union" | "enum")
            )
        })
        .filter_map(|id| id.split_once('#').map(|(_, name)| name.to_owned()))
        .collect()
}

/// The structures and enums a generated file defines for shapes (the
/// client, builders and operation error enums aside).
fn defined_types(code: &str) -> BTreeSet<String> {
    code.lines()
        .filter_map(|line| {
            let line = line.trim_start();
            line.strip_prefix("pub struct ")
                .or_else(|| line.strip_prefix("pub enum "))
        })
        .filter_map(|rest| rest.split([' ', '{', '<', '(']).next())
        .filter(|name| *name != "Client" && !name.ends_with("Builder") && !name.ends_with("Error"))
        .map(str::to_owned)
        .collect()
}

#[test]
fn one_operation_emits_only_the_shapes_it_reaches() {
    let Some(path) = smithy_tests::shared_path("models/imagebuilder-2019-12-02.json") else {
        return;
    };
    let model: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let code = smithy_codegen::Config::new()
        .model(&path)
        .operation("GetImage")
        .generate()
        .unwrap();
    let expected = closure(&model, "GetImage");
    let emitted = defined_types(&code);
    assert_eq!(
        emitted, expected,
        "emitted types differ from GetImage's closure"
    );
    // Shapes of other operations, and the other operations themselves.
    for absent in [
        "CreateImageRequest",
        "ListImagesRequest",
        "Workflow",
        "Component",
    ] {
        assert!(!emitted.contains(absent), "{absent} was emitted");
    }
    assert!(code.contains("pub async fn get_image("));
    assert!(!code.contains("pub async fn create_image("));
    // The one operation, besides the client's `from_env`.
    let methods = code.matches("pub async fn ").count();
    assert_eq!(methods - code.matches("pub async fn from_env(").count(), 1);
}
