//! The code the snapshot tests show, compiled and driven: enums, recursive
//! structures, `jsonName`, a modeled success code, an operation without
//! input, modeled errors with members of their own.

use downstream_example::kinds::Client;
use downstream_example::kinds::error::{ListColorsError, PutWidgetError};
use downstream_example::kinds::types::{Color, Part, PutWidgetInput};
use smithy_runtime::serde_json::{self, json};
use smithy_runtime::{Config, MockTransport, ProvideErrorMetadata, RetryConfig, SdkError};

fn client() -> (Client<MockTransport>, MockTransport) {
    let transport = MockTransport::new();
    // One attempt per call: these tests read single responses.
    let config = Config::new()
        .with_endpoint_url("http://127.0.0.1:1/base")
        .with_retry(RetryConfig::disabled());
    (Client::new(config, transport.clone()), transport)
}

fn widget() -> PutWidgetInput {
    let leaf = Part {
        label: Some("leaf".to_owned()),
        ..Part::default()
    };
    PutWidgetInput::builder()
        .name("sprocket")
        .color(Color::DarkGreen)
        .tags(vec!["a".to_owned()])
        .sizes(
            [("wheel".to_owned(), 3)]
                .into_iter()
                .collect::<std::collections::HashMap<_, _>>(),
        )
        .part(Part {
            label: Some("root".to_owned()),
            subparts: Some(vec![leaf.clone()]),
            parent: Some(Box::new(leaf)),
        })
        .r#type("plain")
        .token("tok")
        .build()
        .unwrap()
}

#[test]
fn put_widget_serializes_every_kind_of_member() {
    let (client, transport) = client();
    transport.push_json(201, &[], r#"{"name":"sprocket","color":"ultraviolet"}"#);
    let output = pollster::block_on(client.put_widget(widget())).unwrap();
    // A value added to the model after generation is kept, not an error.
    assert_eq!(output.color, Some(Color::Unknown("ultraviolet".to_owned())));
    assert_eq!(output.name.as_deref(), Some("sprocket"));

    let request = transport.last_request().unwrap();
    assert_eq!(request.method(), "POST");
    assert_eq!(request.uri(), "http://127.0.0.1:1/base/widgets");
    let body: serde_json::Value = serde_json::from_slice(request.body()).unwrap();
    assert_eq!(
        body,
        json!({
            "name": "sprocket",
            "color": "dark-green",
            "tags": ["a"],
            "sizeByPart": {"wheel": 3},
            "part": {"label": "root", "subparts": [{"label": "leaf"}], "parent": {"label": "leaf"}},
            "type": "plain",
            "token": "tok"
        })
    );
}

/// Client error correction: `PutWidgetOutput`'s required `name`, missing
/// from the response, reads as `""`; its optional members stay unset.
#[test]
fn a_required_output_member_the_response_leaves_out_reads_as_its_zero_value() {
    let (client, transport) = client();
    transport.push_json(201, &[], "{}");
    let output = pollster::block_on(client.put_widget(widget())).unwrap();
    assert_eq!(output.name.as_deref(), Some(""));
    assert_eq!(output.color, None);
}

#[test]
fn operations_without_input_send_no_body() {
    let (client, transport) = client();
    transport.push_json(200, &[], r#"{"colors":["red","dark-green","blue"]}"#);
    let output = pollster::block_on(client.list_colors()).unwrap();
    assert_eq!(
        output.colors,
        Some(vec![
            Color::Red,
            Color::DarkGreen,
            Color::Unknown("blue".to_owned())
        ])
    );
    let request = transport.last_request().unwrap();
    assert_eq!(request.method(), "GET");
    assert!(request.body().is_empty());
    assert!(request.headers().get("content-type").is_none());
}

#[test]
fn modeled_errors_keep_their_members() {
    let (client, transport) = client();
    transport.push_json(
        404,
        &[
            ("x-amzn-errortype", "WidgetNotFound"),
            ("x-amzn-requestid", "r-9"),
        ],
        r#"{"message":"no such widget","widgetName":"sprocket"}"#,
    );
    let error = pollster::block_on(client.put_widget(widget())).unwrap_err();
    let SdkError::Service(error) = error else {
        panic!("expected a service error, got {error:?}");
    };
    let PutWidgetError::WidgetNotFound(not_found) = *error else {
        panic!("expected WidgetNotFound");
    };
    assert_eq!(not_found.widget_name.as_deref(), Some("sprocket"));
    assert_eq!(not_found.code(), Some("WidgetNotFound"));
    assert_eq!(not_found.status(), 404);
    assert_eq!(not_found.request_id(), Some("r-9"));
    assert_eq!(not_found.to_string(), "WidgetNotFound: no such widget");
}

#[test]
fn operations_without_modeled_errors_report_them_unhandled() {
    let (client, transport) = client();
    transport.push_json(
        500,
        &[],
        r#"{"__type":"example.kinds#InternalFault","message":"boom"}"#,
    );
    let error = pollster::block_on(client.list_colors()).unwrap_err();
    let error = error.into_service_error().unwrap();
    let ListColorsError::Unhandled(unhandled) = &error;
    assert_eq!(unhandled.code(), Some("InternalFault"));
    assert_eq!(error.message(), Some("boom"));
}

#[test]
fn validation_reaches_into_lists_and_maps() {
    let (client, transport) = client();
    let mut input = widget();
    input.tags = Some(vec!["ok".to_owned(), String::new()]);
    let error = pollster::block_on(client.put_widget(input)).unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid request: tags[1]: length 0 is below 1"
    );
    let mut input = widget();
    input.sizes = Some([("wheel".to_owned(), 101)].into_iter().collect());
    let error = pollster::block_on(client.put_widget(input)).unwrap_err();
    assert_eq!(
        error.to_string(),
        r#"invalid request: sizes["wheel"]: value 101 exceeds 100"#
    );
    assert_eq!(transport.request_count(), 0);
}

#[test]
fn a_client_naming_the_runtime_through_a_re_export_behaves_the_same() {
    use downstream_example::kinds_reexported as reexported;
    let transport = MockTransport::new();
    let config = Config::new()
        .with_endpoint_url("http://127.0.0.1:1/base")
        .with_retry(RetryConfig::disabled());
    let client = reexported::Client::new(config, transport.clone());
    transport.push_json(200, &[], r#"{"colors":["red"]}"#);
    let output = pollster::block_on(client.list_colors()).unwrap();
    assert_eq!(output.colors, Some(vec![reexported::types::Color::Red]));
    // The code names no runtime path of its own.
    let code = std::fs::read_to_string(concat!(env!("OUT_DIR"), "/kinds_reexported.rs")).unwrap();
    assert!(
        !code.contains("smithy_runtime"),
        "a path escaped the re-export"
    );
    assert!(
        code.contains("crate::rt::serde"),
        "serde attributes name the re-export"
    );
}
