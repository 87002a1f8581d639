//! Smithy's awsQuery and ec2Query protocol compliance cases, run against
//! the clients `build.rs` generated for the suite's test services; see
//! `rest_json1.rs` for how cases are counted and skipped.

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
    pub mod query {
        include!(concat!(env!("OUT_DIR"), "/query.rs"));
    }
    pub mod ec2 {
        include!(concat!(env!("OUT_DIR"), "/ec2.rs"));
    }
}

use smithy_protocol_test::{Case, suite};

#[test]
fn aws_query_client_cases() {
    let Some(model) = suite::model() else {
        return;
    };
    suite::check(
        "awsQuery",
        &query_cases(),
        &suite::cases_in_model(&model, "aws.protocols#awsQuery"),
        "skip/awsQuery.txt",
        include_str!("../skip/awsQuery.txt"),
    );
}

#[test]
fn ec2_query_client_cases() {
    let Some(model) = suite::model() else {
        return;
    };
    suite::check(
        "ec2Query",
        &ec2_cases(),
        &suite::cases_in_model(&model, "aws.protocols#ec2Query"),
        "skip/ec2Query.txt",
        include_str!("../skip/ec2Query.txt"),
    );
}

#[cfg(protocol_tests)]
fn query_cases() -> Vec<Case> {
    generated::query::protocol_tests::cases()
}

#[cfg(protocol_tests)]
fn ec2_cases() -> Vec<Case> {
    generated::ec2::protocol_tests::cases()
}

#[cfg(not(protocol_tests))]
fn query_cases() -> Vec<Case> {
    panic!("the shared folder appeared after the build: rebuild to generate the clients")
}

#[cfg(not(protocol_tests))]
fn ec2_cases() -> Vec<Case> {
    query_cases()
}
