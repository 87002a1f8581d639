//! The AWS protocol tests as one JSON AST (`aws-protocol-tests.json`, with
//! mixins) load, flatten and resolve.

use std::path::PathBuf;

use serde_json::Value;

mod common;

use common::smithy_dir;

#[test]
fn the_json_protocol_tests_load_with_mixins_flattened() {
    let Some(dir) = smithy_dir() else { return };
    let model = smithy_codegen::model::load(&dir.join("protocol-tests/aws-protocol-tests.json"))
        .unwrap_or_else(|e| panic!("{e}"));
    let id = |s: &str| smithy_codegen::model::ShapeId::new(s);
    // No mixin is left, and what they carried is in the shapes using them.
    assert!(model.shape(&id("smithy.test#HttpRequestMixin")).is_none());
    assert!(
        model
            .shape(&id("aws.protocoltests.restjson#DefaultsMixin"))
            .is_none()
    );
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

/// A shape as a JSON value, with what the JSON AST may write either way
/// made one way: lists Smithy treats as sets (service operations,
/// resources, errors) sorted, operation input and output
/// `smithy.api#Unit` when absent, empty objects and lists left out.
fn normalized(shape: &Value) -> Value {
    let mut shape = shape.clone();
    let is_operation = shape.get("type").and_then(Value::as_str) == Some("operation");
    let Some(object) = shape.as_object_mut() else {
        return shape;
    };
    for key in ["operations", "resources", "errors", "collectionOperations"] {
        if let Some(list) = object.get_mut(key).and_then(Value::as_array_mut) {
            list.sort_by_key(|t| t["target"].as_str().unwrap_or_default().to_owned());
        }
    }
    if is_operation {
        for key in ["input", "output"] {
            object
                .entry(key)
                .or_insert_with(|| serde_json::json!({"target": "smithy.api#Unit"}));
        }
    }
    object.retain(|_, v| {
        !(v.as_object().is_some_and(|o| o.is_empty()) || v.as_array().is_some_and(|a| a.is_empty()))
    });
    if let Some(members) = object.get_mut("members").and_then(Value::as_object_mut) {
        for member in members.values_mut() {
            if let Some(m) = member.as_object_mut() {
                m.retain(|_, v| !v.as_object().is_some_and(|o| o.is_empty()));
            }
        }
    }
    shape
}

fn flattened(paths: &[PathBuf]) -> serde_json::Map<String, Value> {
    let mut doc = smithy_codegen::model::load_document(paths).unwrap_or_else(|e| panic!("{e}"));
    smithy_codegen::model::flatten_document(&mut doc, &paths[0], false)
        .unwrap_or_else(|e| panic!("{e}"));
    match doc.to_value().get_mut("shapes").map(Value::take) {
        Some(Value::Object(shapes)) => shapes,
        _ => panic!("no shapes"),
    }
}

/// The two newest restJson1 cases, which `aws-protocol-tests.json` (made
/// from an older smithy) lacks.
const NEWER_CASES: &[&str] = &[
    "RestJsonSerializeNestedUnionValue",
    "RestJsonDeserializeNestedUnionValue",
];

#[test]
fn the_idl_protocol_tests_load_to_the_shapes_of_the_json() {
    let Some(dir) = smithy_dir() else { return };
    let traits = dir.join("traits");
    let idl = flattened(&[dir.join("protocol-tests/aws"), traits.clone()]);
    let json = flattened(&[dir.join("protocol-tests/aws-protocol-tests.json")]);
    // The trait definitions (and the prelude) come from `traits/`, newer
    // than the JSON's: they are not what is compared.
    let definitions = flattened(&[traits]);
    let mut compared = 0;
    let mut failures = Vec::new();
    for (id, expected) in json.iter().filter(|(id, _)| !definitions.contains_key(*id)) {
        let Some(actual) = idl.get(id) else {
            failures.push(format!("{id} is missing"));
            continue;
        };
        let mut actual = normalized(actual);
        let expected = normalized(expected);
        match id.as_str() {
            "aws.protocoltests.restjson#JsonUnions" => {
                for tests in [
                    "smithy.test#httpRequestTests",
                    "smithy.test#httpResponseTests",
                ] {
                    let cases = actual["traits"][tests].as_array_mut().expect("test cases");
                    let before = cases.len();
                    cases.retain(|case| !NEWER_CASES.contains(&case["id"].as_str().unwrap_or("")));
                    assert_eq!(
                        before,
                        cases.len() + 1,
                        "{tests} has one of {NEWER_CASES:?}"
                    );
                }
            }
            "aws.protocoltests.restjson#MyUnion" => {
                // The member the newer cases use.
                let members = actual["members"].as_object_mut().expect("members");
                assert!(members.remove("unionValue").is_some());
            }
            _ => {}
        }
        compared += 1;
        if actual != expected {
            failures.push(format!("{id}:\n  IDL:  {actual}\n  JSON: {expected}"));
        }
    }
    let only_idl: Vec<&String> = idl
        .keys()
        .filter(|id| !json.contains_key(*id) && !definitions.contains_key(*id))
        .collect();
    assert_eq!(only_idl, ["aws.protocoltests.restjson#NestedUnion"]);
    println!(
        "{} of {compared} protocol test shapes loaded from the IDL equal the JSON's",
        compared - failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(compared > 900, "{compared}");
    // And the generator takes them: the restJson1 service resolves.
    let model =
        smithy_codegen::model::load_all(&[dir.join("protocol-tests/aws"), dir.join("traits")])
            .unwrap_or_else(|e| panic!("{e}"));
    let service =
        smithy_codegen::ir::resolve(&model, Some("aws.protocoltests.restjson#RestJson"), &[])
            .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        service.operations.len() > 100,
        "{}",
        service.operations.len()
    );
}
