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

use smithy_protocol_test::suite;

const PROTOCOL: &str = "aws.protocols#restJson1";

/// Cases the IDL sources have that `aws-protocol-tests.json`, converted
/// from an older commit of the suite, lacks.
const NEWER_THAN_THE_JSON: &[(&str, &str)] = &[
    ("RestJsonSerializeNestedUnionValue", "request"),
    ("RestJsonDeserializeNestedUnionValue", "response"),
];

#[test]
fn rest_json1_client_cases() {
    let Some(model) = suite::model() else {
        return;
    };
    let mut in_model = suite::cases_in_model(&model, PROTOCOL);
    for (id, kind) in NEWER_THAN_THE_JSON {
        in_model.insert(((*id).to_owned(), kind));
    }
    suite::check(
        "restJson1",
        &generated_cases(),
        &in_model,
        "skip/restJson1.txt",
        include_str!("../skip/restJson1.txt"),
    );
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
