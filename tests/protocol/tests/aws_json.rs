//! Smithy's awsJson1_0 and awsJson1_1 protocol compliance cases, run
//! against the clients `build.rs` generated for the suite's test services;
//! see `rest_json1.rs` for how cases are counted and skipped.

// Whole clients are generated; the cases use only some of each. The
// generated code is held to what generated crates deny. The suite's
// `ErrorWithMembers` holds every kind of member inline, which makes its
// operation's error enum lopsided; published models have no such error (the
// corpus is clippy-clean), and boxing large variants is not done yet.
#[cfg(protocol_tests)]
#[allow(dead_code, unused_imports, clippy::large_enum_variant)]
#[deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
mod generated {
    pub mod json10 {
        include!(concat!(env!("OUT_DIR"), "/json10.rs"));
    }
    pub mod json10_query_compatible {
        include!(concat!(env!("OUT_DIR"), "/json10_query_compatible.rs"));
    }
    pub mod json11 {
        include!(concat!(env!("OUT_DIR"), "/json11.rs"));
    }
    pub mod machinelearning {
        include!(concat!(env!("OUT_DIR"), "/machinelearning.rs"));
    }
}

use smithy_protocol_test::{Case, suite};

#[test]
fn aws_json1_0_client_cases() {
    let Some(model) = suite::model() else {
        return;
    };
    suite::check(
        "awsJson1_0",
        &json10_cases(),
        &suite::cases_in_model(&model, "aws.protocols#awsJson1_0"),
        "skip/awsJson1_0.txt",
        include_str!("../skip/awsJson1_0.txt"),
    );
}

#[test]
fn aws_json1_1_client_cases() {
    let Some(model) = suite::model() else {
        return;
    };
    suite::check(
        "awsJson1_1",
        &json11_cases(),
        &suite::cases_in_model(&model, "aws.protocols#awsJson1_1"),
        "skip/awsJson1_1.txt",
        include_str!("../skip/awsJson1_1.txt"),
    );
}

#[cfg(protocol_tests)]
fn json10_cases() -> Vec<Case> {
    let mut cases = generated::json10::protocol_tests::cases();
    cases.extend(generated::json10_query_compatible::protocol_tests::cases());
    cases
}

#[cfg(protocol_tests)]
fn json11_cases() -> Vec<Case> {
    let mut cases = generated::json11::protocol_tests::cases();
    cases.extend(generated::machinelearning::protocol_tests::cases());
    cases
}

#[cfg(not(protocol_tests))]
fn json10_cases() -> Vec<Case> {
    panic!("the shared folder appeared after the build: rebuild to generate the clients")
}

#[cfg(not(protocol_tests))]
fn json11_cases() -> Vec<Case> {
    json10_cases()
}
