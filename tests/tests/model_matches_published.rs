//! Checks the model the project ships, `model/imagebuilder.json`, against
//! AWS's published Image Builder model in `../shared`.
//!
//! Our model holds one operation and the shapes it reaches. Its
//! documentation is our own, but its shape ids, member names, targets and the
//! traits that shape the wire format and validation must be AWS's. The
//! published model is a later version that adds the `placement` member (and
//! with it the `Placement` and `TenancyType` shapes); those are the only
//! differences allowed.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::{Map, Value};

const PUBLISHED_MODEL: &str = "models/imagebuilder-2019-12-02.json";
const SERVICE: &str = "com.amazonaws.imagebuilder#imagebuilder";
const OPERATION: &str = "com.amazonaws.imagebuilder#UpdateInfrastructureConfiguration";
const REQUEST: &str = "com.amazonaws.imagebuilder#UpdateInfrastructureConfigurationRequest";

/// The traits whose values must be the same in both models, on shapes and
/// on members alike. An absent trait must be absent in both.
const COMPARED_TRAITS: &[&str] = &[
    "smithy.api#required",
    "smithy.api#idempotencyToken",
    "smithy.api#length",
    "smithy.api#pattern",
    "smithy.api#range",
    "smithy.api#enumValue",
    "smithy.api#error",
    "smithy.api#httpError",
    "smithy.api#http",
    "smithy.api#input",
    "smithy.api#output",
];

/// Shapes the published operation reaches that our (earlier) model leaves out.
const LEFT_OUT_SHAPES: &[&str] = &[
    "com.amazonaws.imagebuilder#Placement",
    "com.amazonaws.imagebuilder#TenancyType",
];

/// Members of the published model that our model leaves out: (shape, member).
const LEFT_OUT_MEMBERS: &[(&str, &str)] = &[(REQUEST, "placement")];

fn load(path: &Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not valid JSON: {e}", path.display()))
}

fn ours() -> Value {
    load(&smithy_tests::repo_root().join("model/imagebuilder.json"))
}

/// The published model, or `None` (after a line saying so) without `../shared`.
fn published() -> Option<Value> {
    smithy_tests::shared_path(PUBLISHED_MODEL).map(|path| load(&path))
}

fn shapes(model: &Value) -> &Map<String, Value> {
    model["shapes"]
        .as_object()
        .expect("a model has a `shapes` object")
}

fn members(shape: &Value) -> Option<&Map<String, Value>> {
    shape.get("members").and_then(Value::as_object)
}

fn target(reference: &Value) -> &str {
    reference["target"]
        .as_str()
        .expect("a shape reference has a string `target`")
}

/// The targets of a list of shape references (an operation's `errors`).
fn target_set(references: Option<&Value>) -> BTreeSet<&str> {
    references
        .and_then(Value::as_array)
        .map(|list| list.iter().map(target).collect())
        .unwrap_or_default()
}

fn trait_value<'a>(shape_or_member: &'a Value, name: &str) -> Option<&'a Value> {
    shape_or_member
        .get("traits")
        .and_then(|traits| traits.get(name))
}

/// Every shape id a shape refers to: operation input, output and errors,
/// member targets, and list/map member, key and value targets.
fn references(shape: &Value) -> Vec<&str> {
    let mut found = Vec::new();
    for key in ["input", "output", "member", "key", "value"] {
        if let Some(reference) = shape.get(key) {
            found.push(target(reference));
        }
    }
    found.extend(target_set(shape.get("errors")));
    if let Some(members) = members(shape) {
        found.extend(members.values().map(target));
    }
    found
}

/// The ids of the shapes of `model` reachable from `root`, `root` included
/// (prelude shapes such as `smithy.api#Unit`, not in the model, are left out).
fn closure<'a>(model: &'a Map<String, Value>, root: &'a str) -> BTreeSet<&'a str> {
    let mut seen = BTreeSet::new();
    let mut pending = vec![root];
    while let Some(id) = pending.pop() {
        let Some((id, shape)) = model.get_key_value(id) else {
            continue;
        };
        if seen.insert(id.as_str()) {
            pending.extend(references(shape));
        }
    }
    seen
}

/// Records a failure for each compared trait whose value differs. `what`
/// names the shape (`Shape`) or member (`Shape$member`).
fn compare_traits(what: &str, ours: &Value, theirs: &Value, failures: &mut Vec<String>) {
    for name in COMPARED_TRAITS {
        let (a, b) = (trait_value(ours, name), trait_value(theirs, name));
        if a != b {
            failures.push(format!(
                "{what}: trait {name} differs: ours {}, published {}",
                show(a),
                show(b)
            ));
        }
    }
}

fn show(value: Option<&Value>) -> String {
    value.map_or_else(|| "absent".to_owned(), Value::to_string)
}

fn compare_members(id: &str, ours: &Value, theirs: &Value, failures: &mut Vec<String>) {
    let Some(our_members) = members(ours) else {
        return;
    };
    let their_members = members(theirs);
    for (name, member) in our_members {
        let what = format!("{id}${name}");
        let Some(their_member) = their_members.and_then(|m| m.get(name)) else {
            failures.push(format!("{what}: member not in the published model"));
            continue;
        };
        if target(member) != target(their_member) {
            failures.push(format!(
                "{what}: target is {}, published {}",
                target(member),
                target(their_member)
            ));
        }
        compare_traits(&what, member, their_member, failures);
    }
}

fn compare_collection_targets(id: &str, ours: &Value, theirs: &Value, failures: &mut Vec<String>) {
    for key in ["member", "key", "value"] {
        let ours = ours.get(key).map(target);
        let theirs = theirs.get(key).map(target);
        if ours != theirs {
            failures.push(format!(
                "{id}${key}: target is {ours:?}, published {theirs:?}"
            ));
        }
    }
}

fn compare_operation(id: &str, ours: &Value, theirs: &Value, failures: &mut Vec<String>) {
    for key in ["input", "output"] {
        let ours = ours.get(key).map(target);
        let theirs = theirs.get(key).map(target);
        if ours != theirs {
            failures.push(format!("{id}: {key} is {ours:?}, published {theirs:?}"));
        }
    }
    let our_errors = target_set(ours.get("errors"));
    let their_errors = target_set(theirs.get("errors"));
    if our_errors != their_errors {
        failures.push(format!(
            "{id}: errors differ: only ours {:?}, only published {:?}",
            our_errors.difference(&their_errors).collect::<Vec<_>>(),
            their_errors.difference(&our_errors).collect::<Vec<_>>()
        ));
    }
}

fn compare_service(id: &str, ours: &Value, theirs: &Value, failures: &mut Vec<String>) {
    let checks: [(&str, Option<&Value>, Option<&Value>); 4] = [
        ("version", ours.get("version"), theirs.get("version")),
        (
            "aws.api#service sdkId",
            trait_value(ours, "aws.api#service").and_then(|t| t.get("sdkId")),
            trait_value(theirs, "aws.api#service").and_then(|t| t.get("sdkId")),
        ),
        (
            "aws.auth#sigv4 name",
            trait_value(ours, "aws.auth#sigv4").and_then(|t| t.get("name")),
            trait_value(theirs, "aws.auth#sigv4").and_then(|t| t.get("name")),
        ),
        (
            "aws.protocols#restJson1",
            trait_value(ours, "aws.protocols#restJson1"),
            trait_value(theirs, "aws.protocols#restJson1"),
        ),
    ];
    for (what, a, b) in checks {
        if a.is_none() || a != b {
            failures.push(format!(
                "{id}: {what} is {}, published {}",
                show(a),
                show(b)
            ));
        }
    }
    let their_operations = target_set(theirs.get("operations"));
    for operation in target_set(ours.get("operations")) {
        if !their_operations.contains(operation) {
            failures.push(format!(
                "{id}: operation {operation} is not an operation of the published service"
            ));
        }
    }
}

fn assert_no_failures(failures: &[String]) {
    assert!(
        failures.is_empty(),
        "{} difference(s) from the published model:\n  {}",
        failures.len(),
        failures.join("\n  ")
    );
}

#[test]
fn every_shape_agrees_with_the_published_model() {
    let Some(published) = published() else {
        return;
    };
    let ours = ours();
    let theirs = shapes(&published);
    let mut failures = Vec::new();
    for (id, shape) in shapes(&ours) {
        let Some(their_shape) = theirs.get(id) else {
            failures.push(format!("{id}: shape not in the published model"));
            continue;
        };
        let (our_type, their_type) = (&shape["type"], &their_shape["type"]);
        if our_type != their_type {
            failures.push(format!("{id}: type is {our_type}, published {their_type}"));
            continue;
        }
        compare_traits(id, shape, their_shape, &mut failures);
        compare_members(id, shape, their_shape, &mut failures);
        match our_type.as_str() {
            Some("list" | "map") => {
                compare_collection_targets(id, shape, their_shape, &mut failures);
            }
            Some("operation") => compare_operation(id, shape, their_shape, &mut failures),
            Some("service") => compare_service(id, shape, their_shape, &mut failures),
            _ => {}
        }
    }
    assert_no_failures(&failures);
}

#[test]
fn every_shape_the_published_operation_reaches_is_ours() {
    let Some(published) = published() else {
        return;
    };
    let ours = ours();
    let (our_shapes, their_shapes) = (shapes(&ours), shapes(&published));
    assert!(
        our_shapes.contains_key(SERVICE),
        "{SERVICE}: the service shape is missing from our model"
    );
    let mut failures = Vec::new();
    for id in closure(their_shapes, OPERATION) {
        if LEFT_OUT_SHAPES.contains(&id) {
            if our_shapes.contains_key(id) {
                failures.push(format!("{id}: should be left out of our model"));
            }
            continue;
        }
        let Some(our_shape) = our_shapes.get(id) else {
            failures.push(format!(
                "{id}: reached by the published {OPERATION} but missing from our model"
            ));
            continue;
        };
        let our_members = members(our_shape);
        for name in members(&their_shapes[id]).into_iter().flat_map(Map::keys) {
            let left_out = LEFT_OUT_MEMBERS.contains(&(id, name.as_str()));
            let present = our_members.is_some_and(|m| m.contains_key(name));
            if left_out && present {
                failures.push(format!("{id}${name}: should be left out of our model"));
            } else if !left_out && !present {
                failures.push(format!(
                    "{id}${name}: published member missing from our model"
                ));
            }
        }
    }
    assert_no_failures(&failures);
}

#[test]
fn published_request_has_exactly_one_member_more_than_ours() {
    let Some(published) = published() else {
        return;
    };
    let ours = ours();
    let member_names = |model: &Value| -> BTreeSet<String> {
        let request = shapes(model)
            .get(REQUEST)
            .unwrap_or_else(|| panic!("{REQUEST}: shape missing"));
        members(request)
            .unwrap_or_else(|| panic!("{REQUEST}: structure without members"))
            .keys()
            .cloned()
            .collect()
    };
    let (our_names, their_names) = (member_names(&ours), member_names(&published));
    let only_published: Vec<&String> = their_names.difference(&our_names).collect();
    let only_ours: Vec<&String> = our_names.difference(&their_names).collect();
    assert_eq!(
        only_published,
        ["placement"],
        "{REQUEST}: members in the published model but not ours"
    );
    assert!(
        only_ours.is_empty(),
        "{REQUEST}: members in our model but not the published one: {only_ours:?}"
    );
}

/// The helpers themselves: the closure follows every kind of reference.
#[test]
fn closure_follows_operations_members_and_collections() {
    let model: Value = serde_json::json!({
        "smithy": "2.0",
        "shapes": {
            "a#Op": {
                "type": "operation",
                "input": { "target": "a#In" },
                "output": { "target": "smithy.api#Unit" },
                "errors": [{ "target": "a#Err" }]
            },
            "a#In": { "type": "structure", "members": { "m": { "target": "a#Map" } } },
            "a#Map": { "type": "map", "key": { "target": "a#K" }, "value": { "target": "a#List" } },
            "a#List": { "type": "list", "member": { "target": "a#K" } },
            "a#K": { "type": "string" },
            "a#Err": { "type": "structure", "members": {} },
            "a#Unrelated": { "type": "string" }
        }
    });
    let reached: Vec<&str> = closure(shapes(&model), "a#Op").into_iter().collect();
    assert_eq!(reached, ["a#Err", "a#In", "a#K", "a#List", "a#Map", "a#Op"]);
}
