//! Every waiter of the published AWS models (`$SMITHY_SHARED_DIR/models`
//! and `models-other`) loads: its trait is read into typed waiters and
//! each acceptor's JMESPath `path` parses, and none is dropped (the
//! counts are taken again from the raw JSON).

use std::path::PathBuf;

use serde_json::Value;
use smithy_codegen::model::trait_set::Matcher;

fn shared_dir() -> Option<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let shared = std::env::var_os("SMITHY_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared"));
    if shared.join("models").is_dir() {
        Some(shared)
    } else {
        println!(
            "{} not found (set SMITHY_SHARED_DIR): skipping",
            shared.display()
        );
        None
    }
}

/// (waiters, path matchers) the raw JSON of a model declares.
fn raw_counts(json: &Value) -> (usize, usize) {
    let mut counts = (0, 0);
    let shapes = json["shapes"].as_object().into_iter().flatten();
    for (_, shape) in shapes {
        let Some(waiters) = shape["traits"]["smithy.waiters#waitable"].as_object() else {
            continue;
        };
        counts.0 += waiters.len();
        for waiter in waiters.values() {
            for acceptor in waiter["acceptors"].as_array().into_iter().flatten() {
                let matcher = &acceptor["matcher"];
                if matcher.get("output").is_some() || matcher.get("inputOutput").is_some() {
                    counts.1 += 1;
                }
            }
        }
    }
    counts
}

#[test]
fn every_published_waiter_path_parses() {
    let Some(shared) = shared_dir() else {
        return;
    };
    let mut models = 0;
    let mut waiters = 0;
    let mut paths = 0;
    for dir in ["models", "models-other"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(shared.join(dir))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        files.sort();
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            if !text.contains("smithy.waiters#waitable") {
                continue;
            }
            let model = smithy_codegen::model::load(&file)
                .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            let (raw_waiters, raw_paths) = raw_counts(&serde_json::from_str(&text).unwrap());
            let loaded: Vec<_> = model
                .shapes
                .values()
                .flat_map(|shape| &shape.traits.waitable)
                .collect();
            let loaded_paths = loaded
                .iter()
                .flat_map(|w| &w.acceptors)
                .filter(|a| matches!(a.matcher, Matcher::Output(_) | Matcher::InputOutput(_)))
                .count();
            assert_eq!(loaded.len(), raw_waiters, "{}", file.display());
            assert_eq!(loaded_paths, raw_paths, "{}", file.display());
            models += 1;
            waiters += loaded.len();
            paths += loaded_paths;
        }
    }
    println!("{models} models: {waiters} waiters, {paths} path matchers, every path parsed");
    assert!(
        models >= 36 && waiters >= 150 && paths >= 400,
        "{models} {waiters} {paths}"
    );
}

#[test]
fn a_malformed_waiter_is_a_load_error_naming_the_shape_and_trait() {
    let model = r#"{"smithy": "2.0", "shapes": {
        "ex#GetThing": {"type": "operation", "traits": {"smithy.waiters#waitable": {
            "ThingReady": {"acceptors": [{"state": "success", "matcher": {"output": {
                "path": "items[?state = 'x']", "expected": "x", "comparator": "stringEquals"}}}]}
        }}}
    }}"#;
    let error = smithy_codegen::model::parse(model, std::path::Path::new("thing.json"))
        .unwrap_err()
        .to_string();
    for part in [
        "thing.json",
        "ex#GetThing",
        "smithy.waiters#waitable",
        "waiter ThingReady",
        "acceptor 0",
        "items[?state = 'x']",
    ] {
        assert!(error.contains(part), "{part:?} not in: {error}");
    }
}
