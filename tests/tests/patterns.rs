//! `@pattern`s that are not ECMAScript regular expressions.
//!
//! Smithy says patterns are ECMAScript regular expressions, but a few in
//! AWS's models were written for Java's engine. The generator leaves those
//! out of client-side validation, lists them in the crate docs, and still
//! generates the client; the service checks them. Java's leading `(?s)`,
//! common in AWS's models, is read as ECMAScript's `s` flag. The generator
//! decides what compiles (`pattern_problem`) apart from the runtime that
//! compiles it (`Pattern`), so the two are held to the same answer here.

use std::collections::BTreeSet;

use serde_json::{Value, json};
use smithy_codegen::model::traits::pattern_problem;
use smithy_runtime::Pattern;

/// Every `@pattern` of every model in `models`, on shapes and on members.
fn patterns_of(models: &std::path::Path) -> BTreeSet<(String, String)> {
    let mut found = BTreeSet::new();
    let mut files: Vec<_> = std::fs::read_dir(models)
        .expect("the models folder is readable")
        .map(|entry| entry.expect("a folder entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("a model is readable");
        let model: Value = serde_json::from_str(&text).expect("a published model is JSON");
        let Some(shapes) = model["shapes"].as_object() else {
            continue;
        };
        for (id, shape) in shapes {
            let members = shape["members"].as_object().into_iter().flatten();
            let traits = std::iter::once((id.clone(), &shape["traits"]))
                .chain(members.map(|(name, m)| (format!("{id}${name}"), &m["traits"])));
            for (at, traits) in traits {
                if let Some(pattern) = traits["smithy.api#pattern"].as_str() {
                    found.insert((at, pattern.to_owned()));
                }
            }
        }
    }
    found
}

#[test]
fn generator_and_runtime_agree_on_every_published_pattern() {
    let Some(models) = smithy_tests::shared_path("models") else {
        println!("shared reference models not found: skipped");
        return;
    };
    let patterns = patterns_of(&models);
    assert!(
        patterns.len() > 1000,
        "only {} patterns found",
        patterns.len()
    );
    let mut unchecked = BTreeSet::new();
    for (at, source) in &patterns {
        let generator_accepts = pattern_problem(source).is_none();
        let runtime = Pattern::new(Box::leak(source.clone().into_boxed_str()));
        assert_eq!(
            generator_accepts,
            runtime.is_valid(),
            "{at}: the generator and the runtime disagree on {source:?}"
        );
        if !generator_accepts {
            unchecked.insert(at.as_str());
        }
        if source.starts_with("^(?s)") {
            assert!(generator_accepts, "{at}: leading (?s) is the s flag");
        }
    }
    // Both were read by hand and are not ECMAScript: a quantifier on the `$`
    // assertion, and a quantifier on a quantified atom (`{11}{0,1011}`).
    for known in [
        "com.amazonaws.chimesdkvoice#ClientRequestId",
        "com.amazonaws.rbin#RuleArn",
    ] {
        assert!(unchecked.contains(known), "{known} compiled: {unchecked:?}");
    }
    println!(
        "{} patterns, {} not ECMAScript: {unchecked:?}",
        patterns.len(),
        unchecked.len()
    );
}

/// A service whose input has a member with a broken pattern, one with a
/// Java-style `(?s)` pattern and one with a plain pattern.
fn model_with_patterns() -> Value {
    json!({
        "smithy": "2.0",
        "shapes": {
            "ex.test#Svc": {
                "type": "service",
                "version": "2024-01-01",
                "operations": [{ "target": "ex.test#DoIt" }],
                "traits": { "aws.protocols#restJson1": {} }
            },
            "ex.test#DoIt": {
                "type": "operation",
                "input": { "target": "ex.test#Input" },
                "traits": { "smithy.api#http": { "method": "POST", "uri": "/x" } }
            },
            "ex.test#Input": {
                "type": "structure",
                "members": {
                    "broken": { "target": "ex.test#Broken" },
                    "text": { "target": "ex.test#Text" },
                    "code": {
                        "target": "smithy.api#String",
                        "traits": { "smithy.api#pattern": "^[a-z]+$" }
                    }
                },
                "traits": { "smithy.api#input": {} }
            },
            "ex.test#Broken": {
                "type": "string",
                "traits": { "smithy.api#pattern": "^[a-" }
            },
            "ex.test#Text": {
                "type": "string",
                "traits": { "smithy.api#pattern": "^(?s).+$" }
            }
        }
    })
}

#[test]
fn a_pattern_that_is_not_ecmascript_is_left_to_the_service_and_listed() {
    let dir = smithy_tests::TempDir::new("patterns");
    let path = dir.write_json("patterns.json", &model_with_patterns());
    let code = smithy_codegen::Config::new()
        .model(&path)
        .generate()
        .expect("a model with a broken pattern still generates");

    assert!(
        code.contains("/// - the pattern of `ex.test#Broken`: `^[a-`"),
        "the client's docs list the unchecked pattern"
    );
    // prettyplease may break a call over lines.
    let squeezed: String = code.split_whitespace().collect();
    assert!(
        !squeezed.contains("Pattern::new(\"^[a-\""),
        "no static for it"
    );
    assert!(squeezed.contains("Pattern::new(\"^(?s).+$\""));
    assert!(squeezed.contains("Pattern::new(\"^[a-z]+$\""));
    // Only the broken one is listed.
    assert!(!code.contains("the pattern of `ex.test#Text`"));
    assert!(!code.contains("the pattern of `ex.test#Input$code`"));
}
