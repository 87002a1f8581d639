//! Smithy's awsJson1_0 and awsJson1_1 protocol compliance cases, run
//! against the clients `build.rs` generated for the suite's test services;
//! see `rest_json1.rs` for how cases are counted and skipped.

// Whole clients are generated; the cases use only some of each. The
// generated code is held to what generated crates deny. (The suite's
// `ErrorWithMembers`, which holds a whole `KitchenSink` inline, is boxed in
// its operation's error enum.)
#[cfg(protocol_tests)]
#[allow(dead_code, unused_imports)]
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

/// The suite's `ErrorWithMembers` (a whole `KitchenSink` inline) is far
/// larger than its operation's other errors, so the generator boxes it: the
/// enum is the size of its `Unhandled` variant (clippy's
/// `large_enum_variant`, which this file no longer allows, would otherwise
/// fire), and a boxed error reads, displays and gives its metadata as an
/// inline one does.
#[cfg(protocol_tests)]
#[test]
fn a_large_modeled_error_is_boxed_in_its_operation_error() {
    use generated::json11::error::{ErrorWithMembers, KitchenSinkOperationError};
    use smithy_runtime::ProvideErrorMetadata;
    use std::mem::size_of;

    assert!(size_of::<ErrorWithMembers>() > 400);
    assert_eq!(
        size_of::<KitchenSinkOperationError>(),
        size_of::<smithy_runtime::Unhandled>()
    );

    let mock = smithy_runtime::MockTransport::new();
    mock.push_json(
        400,
        &[("x-amzn-requestid", "rid")],
        r#"{"__type":"ErrorWithMembers","Code":"c","Message":"m","IntegerField":7}"#,
    );
    let config = smithy_protocol_test::config(None, "{}").expect("a configuration");
    let client = generated::json11::client::Client::new(config, mock);
    let input = generated::json11::types::KitchenSink::builder().build();
    let Err(smithy_runtime::SdkError::Service(error)) =
        smithy_protocol_test::block_on(client.kitchen_sink_operation(input))
    else {
        panic!("an error response reads as a service error");
    };
    assert_eq!(error.code(), Some("ErrorWithMembers"));
    assert_eq!(error.request_id(), Some("rid"));
    assert_eq!(error.to_string(), "ErrorWithMembers: m");
    let KitchenSinkOperationError::ErrorWithMembers(inner) = *error else {
        panic!("the ErrorWithMembers variant: {error:?}");
    };
    assert_eq!(inner.integer_field, Some(7));
    assert_eq!(inner.code.as_deref(), Some("c"));
}

/// Machine Learning's `Predict` goes to the URL of its `PredictEndpoint`
/// member, path and all, and is signed for the service as usual; a value
/// that is not an `http(s)://` URL with a host is a validation error and
/// nothing is sent (a customization, see `codegen/src/ir/customize.rs`).
#[cfg(protocol_tests)]
#[test]
fn predict_is_sent_to_its_predict_endpoint_and_a_bad_one_is_refused() {
    use generated::machinelearning::client::Client;
    use generated::machinelearning::types::PredictInput;

    let input = |endpoint: &str| {
        PredictInput::builder()
            .ml_model_id("model-1")
            .record(std::collections::HashMap::new())
            .predict_endpoint(endpoint)
            .build()
            .expect("a complete input")
    };
    let mock = smithy_runtime::MockTransport::new();
    mock.push_json(200, &[], "{}");
    let config = smithy_protocol_test::config(None, "{}").expect("a configuration");
    let client = Client::new(config, mock.clone());
    smithy_protocol_test::block_on(
        client.predict(input("https://realtime.machinelearning.example.com/base")),
    )
    .expect("the call succeeds");
    let request = mock.last_request().expect("a request was sent");
    assert_eq!(
        request.uri().to_string(),
        "https://realtime.machinelearning.example.com/base/"
    );

    for bad in ["", "realtime.example.com", "ftp://example.com/"] {
        let result = smithy_protocol_test::block_on(client.predict(input(bad)));
        let Err(smithy_runtime::SdkError::Validation(error)) = result else {
            panic!("{bad:?} is refused: {result:?}");
        };
        assert!(
            error.to_string().starts_with("PredictEndpoint: "),
            "{bad:?}: {error}"
        );
    }
    assert_eq!(mock.request_count(), 1, "nothing more was sent");
}
