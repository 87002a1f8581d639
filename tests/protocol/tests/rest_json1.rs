//! Smithy's restJson1 protocol compliance cases, run against the clients
//! `build.rs` generated for the suite's test services.
//!
//! The clients and cases come from the suite's IDL sources; the cases are
//! counted again here straight from the suite's JSON AST (read with
//! serde_json, not the generator), plus the two cases newer than that file,
//! so a case the generator or its IDL reader drops counts as a failure. Every failure must be in
//! `skip/restJson1.txt` with its reason, and every case listed there must
//! still fail: the list only shrinks.

// Whole clients are generated; the cases use only some of each. The
// generated code is held to what generated crates deny.
#[cfg(protocol_tests)]
#[allow(dead_code, unused_imports)]
#[deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
mod generated {
    pub mod rest_json {
        include!(concat!(env!("OUT_DIR"), "/rest_json.rs"));
    }
    pub mod glacier {
        include!(concat!(env!("OUT_DIR"), "/glacier.rs"));
    }
    pub mod apigateway {
        include!(concat!(env!("OUT_DIR"), "/apigateway.rs"));
    }
    pub mod validation {
        include!(concat!(env!("OUT_DIR"), "/validation.rs"));
    }
}

use std::collections::BTreeSet;
use std::path::PathBuf;

use smithy_protocol_test::{Kind, skip};

const PROTOCOL: &str = "aws.protocols#restJson1";

/// Cases the IDL sources have that `aws-protocol-tests.json`, converted
/// from an older commit of the suite, lacks.
const NEWER_THAN_THE_JSON: &[(&str, &str)] = &[
    ("RestJsonSerializeNestedUnionValue", "request"),
    ("RestJsonDeserializeNestedUnionValue", "response"),
];

fn shared() -> PathBuf {
    std::env::var_os("SMITHY_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"))
}

/// The client cases of the protocol in the suite's model, read directly.
fn cases_in_model(model: &serde_json::Value) -> BTreeSet<(String, &'static str)> {
    let mut cases = BTreeSet::new();
    let shapes = model["shapes"].as_object().into_iter().flatten();
    for (_, shape) in shapes {
        for (trait_id, kind) in [
            ("smithy.test#httpRequestTests", "request"),
            ("smithy.test#httpResponseTests", "response"),
        ] {
            let list = shape["traits"][trait_id].as_array().into_iter().flatten();
            for case in list {
                if case["protocol"] == PROTOCOL && case["appliesTo"] != "server" {
                    let id = case["id"].as_str().unwrap_or_default().to_owned();
                    cases.insert((id, kind));
                }
            }
        }
    }
    cases
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Request => "request",
        Kind::Response => "response",
    }
}

#[test]
fn rest_json1_client_cases() {
    let path = shared().join("smithy/protocol-tests/aws-protocol-tests.json");
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!(
            "{} is absent: the restJson1 protocol tests were not run",
            path.display()
        );
        return;
    };
    let model: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut in_model = cases_in_model(&model);
    for (id, kind) in NEWER_THAN_THE_JSON {
        in_model.insert(((*id).to_owned(), kind));
    }
    run_cases(&in_model);
}

#[cfg(protocol_tests)]
fn generated_cases() -> Vec<smithy_protocol_test::Case> {
    let mut cases = generated::rest_json::protocol_tests::cases();
    cases.extend(generated::glacier::protocol_tests::cases());
    cases.extend(generated::apigateway::protocol_tests::cases());
    cases.extend(generated::validation::protocol_tests::cases());
    cases
}

#[cfg(not(protocol_tests))]
fn generated_cases() -> Vec<smithy_protocol_test::Case> {
    panic!("the shared folder appeared after the build: rebuild to generate the clients")
}

fn run_cases(in_model: &BTreeSet<(String, &'static str)>) {
    let cases = generated_cases();
    let outcome = smithy_protocol_test::run(&cases);
    let mut failed: Vec<(String, String)> = outcome
        .failed
        .iter()
        .map(|(id, kind, why)| (format!("{id} ({})", kind_name(*kind)), why.clone()))
        .collect();
    let generated: BTreeSet<(String, &'static str)> = cases
        .iter()
        .map(|c| (c.id.to_owned(), kind_name(c.kind)))
        .collect();
    for (id, kind) in in_model.difference(&generated) {
        failed.push((format!("{id} ({kind})"), "no case was generated".to_owned()));
    }
    let extra: Vec<_> = generated.difference(in_model).collect();
    assert!(
        extra.is_empty(),
        "cases generated that the model does not have: {extra:?}"
    );

    let skips = skip::parse(include_str!("../skip/restJson1.txt")).unwrap();
    let listed: BTreeSet<&str> = skips.iter().map(|s| s.id.as_str()).collect();
    let failed_ids: BTreeSet<&str> = failed
        .iter()
        .map(|(id, _)| id.split(" (").next().unwrap_or(id))
        .collect();
    let total = in_model.len();
    let passed = total - failed.len();
    for (id, why) in &failed {
        println!("FAIL {id}: {}", why.replace('\n', "\n    "));
    }
    let requests = in_model.iter().filter(|(_, k)| *k == "request").count();
    println!(
        "{passed} of {total} restJson1 client cases pass ({requests} request and {} response cases in the suite; {} listed as expected to fail)",
        total - requests,
        skips.len()
    );
    let unlisted: Vec<&&str> = failed_ids.difference(&listed).collect();
    let fixed: Vec<&&str> = listed.difference(&failed_ids).collect();
    assert!(
        unlisted.is_empty(),
        "cases failed that skip/restJson1.txt does not list: {unlisted:?}"
    );
    assert!(
        fixed.is_empty(),
        "cases listed in skip/restJson1.txt pass now (or are gone): take them off the list: {fixed:?}"
    );
}
