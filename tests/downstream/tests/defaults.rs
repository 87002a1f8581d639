//! `@default` values on the wire, through the client generated from
//! `tests/fixtures/defaults.json`: every expected value below is the
//! fixture's default, written as restJson1 writes it.

#![allow(deprecated)] // `Settings.legacy` is deprecated in the model.

use downstream_example::defaults::Client;
use downstream_example::defaults::error::PutThingError;
use downstream_example::defaults::types::{Level, Mode, Options, PutThingInput, Reason, Settings};
use smithy_runtime::serde_json::{self, Value, json};
use smithy_runtime::{BigInteger, Blob, Config, DateTime, MockTransport, RetryConfig, SdkError};

fn client() -> (Client<MockTransport>, MockTransport) {
    let transport = MockTransport::new();
    let config = Config::new()
        .with_endpoint_url("http://127.0.0.1:1")
        .with_retry(RetryConfig::disabled());
    (Client::new(config, transport.clone()), transport)
}

fn respond(transport: &MockTransport, status: u16, headers: &[(&str, &str)], body: &[u8]) {
    let mut response = smithy_runtime::http::Response::builder().status(status);
    for (name, value) in headers {
        response = response.header(*name, *value);
    }
    transport.push_response(response.body(body.to_vec()).unwrap());
}

/// Sends `input` and returns the JSON body sent.
fn sent(input: PutThingInput) -> Value {
    let (client, transport) = client();
    respond(&transport, 200, &[], b"{}");
    pollster::block_on(client.put_thing(input)).unwrap();
    serde_json::from_slice(transport.last_request().unwrap().body()).unwrap()
}

/// `Settings` with every member at the fixture's default, as JSON: `note`
/// (`@clientOptional`) and `plain` (no default) are absent.
fn default_settings_json() -> Value {
    json!({
        "name": "default",
        "level": 2,
        "offset": -5,
        "enabled": true,
        "since": "1970-01-02T00:00:00Z",
        "history": [],
        "big": 12_345_678_901_i64,
        "scale": 1.5,
        "data": "aGk=",
        "meta": {"a": [1, -2, 1.5, null, "x"]},
        "legacy": "old",
        "mode": "SLOW",
        "tags": {},
        "size": 7
    })
}

/// `Settings` with every member at the fixture's default, as Rust.
fn default_settings() -> Settings {
    Settings {
        name: Some("default".to_owned()),
        level: Some(Level::from(2)),
        offset: Some(-5),
        enabled: Some(true),
        since: Some(DateTime::from_secs(86_400)),
        history: Some(Vec::new()),
        big: Some(BigInteger::from(12_345_678_901_i64)),
        scale: Some(1.5),
        data: Some(Blob::from("hi")),
        meta: Some(json!({"a": [1, -2, 1.5, null, "x"]})),
        note: None,
        legacy: Some("old".to_owned()),
        mode: Some(Mode::from("SLOW")),
        tags: Some(Default::default()),
        size: Some(7),
        plain: None,
    }
}

#[test]
fn unset_nested_members_are_sent_as_their_defaults() {
    let expected = json!({ "settings": default_settings_json() });
    // However the input was made: builders, a struct literal, serde.
    let built = PutThingInput::builder()
        .settings(Settings::builder().build())
        .build();
    assert_eq!(sent(built), expected);
    let literal = PutThingInput {
        settings: Some(Settings::default()),
        ..Default::default()
    };
    assert_eq!(sent(literal), expected);
    let parsed: PutThingInput = serde_json::from_str(r#"{"settings": {}}"#).unwrap();
    assert_eq!(sent(parsed), expected);
}

#[test]
fn members_of_the_operation_input_are_sent_only_when_set() {
    // `limit` (default 25) is a member of the input itself.
    assert_eq!(sent(PutThingInput::builder().build()), json!({}));
    assert_eq!(
        sent(PutThingInput::builder().limit(25).build())["limit"],
        json!(25)
    );
}

#[test]
fn set_members_are_sent_as_set() {
    let settings = Settings::builder()
        .name("")
        .level(Level::from(1))
        .offset(0)
        .enabled(false)
        .since(DateTime::from_secs(0))
        .history(vec![DateTime::from_secs(1)])
        .big(BigInteger::from(0))
        .scale(0.0)
        .data(Blob::default())
        .meta(Value::Null)
        .note("n")
        .legacy("new")
        .mode(Mode::from("FAST"))
        .tags([("k".to_owned(), "v".to_owned())])
        .size(0)
        .build();
    let body = sent(PutThingInput::builder().settings(settings).build());
    assert_eq!(
        body["settings"],
        json!({
            "name": "",
            "level": 1,
            "offset": 0,
            "enabled": false,
            "since": "1970-01-01T00:00:00Z",
            "history": ["1970-01-01T00:00:01Z"],
            "big": 0,
            "scale": 0.0,
            "data": "",
            // A document set to `null` is a JSON null, not the default.
            "meta": null,
            "note": "n",
            "legacy": "new",
            "mode": "FAST",
            "tags": {"k": "v"},
            "size": 0
        })
    );
}

#[test]
fn members_missing_from_a_response_read_as_their_defaults() {
    let (client, transport) = client();
    respond(&transport, 200, &[], br#"{"settings": {"plain": "p"}}"#);
    let output = pollster::block_on(client.put_thing(PutThingInput::default())).unwrap();
    let settings = Settings {
        plain: Some("p".to_owned()),
        ..default_settings()
    };
    assert_eq!(output.settings, Some(settings));
    assert_eq!(output.count, Some(3));
    assert_eq!(output.ratio, Some(0.5));
    // Headers have no defaults: `x-mode` (default "fast") was not sent.
    assert_eq!(output.mode, None);

    // `null` is the default too; values present are kept.
    let (client, transport) = self::client();
    respond(
        &transport,
        200,
        &[("x-mode", "slow")],
        br#"{"count": null, "ratio": 2, "settings": {"name": null, "mode": "FAST"}}"#,
    );
    let output = pollster::block_on(client.put_thing(PutThingInput::default())).unwrap();
    assert_eq!(output.count, Some(3));
    assert_eq!(output.ratio, Some(2.0));
    assert_eq!(output.mode.as_deref(), Some("slow"));
    let settings = output.settings.unwrap();
    assert_eq!(settings.name.as_deref(), Some("default"));
    assert_eq!(settings.mode, Some(Mode::from("FAST")));
}

#[test]
fn error_members_missing_from_the_body_read_as_their_defaults() {
    let (client, transport) = client();
    respond(
        &transport,
        429,
        &[("x-amzn-errortype", "ThingBusy")],
        br#"{"message": "later"}"#,
    );
    let error = pollster::block_on(client.put_thing(PutThingInput::default())).unwrap_err();
    let SdkError::Service(error) = error else {
        panic!("expected a service error, got {error:?}");
    };
    let PutThingError::ThingBusy(busy) = *error else {
        panic!("expected ThingBusy, got {error:?}");
    };
    assert_eq!(busy.message.as_deref(), Some("later"));
    assert_eq!(busy.retry_after_seconds, Some(30));
    assert_eq!(busy.reason, Some(Reason::from("BUSY")));
}

#[test]
fn serde_reads_and_writes_the_defaults_of_the_types() {
    let settings: Settings = serde_json::from_str("{}").unwrap();
    assert_eq!(settings, default_settings());
    assert_eq!(
        serde_json::to_value(Settings::default()).unwrap(),
        default_settings_json()
    );
}

#[test]
fn required_members_with_defaults_get_them_from_serde_as_from_the_builder() {
    // `Options` is only sent, so its required members are plain values.
    let expected = Options {
        retries: 3,
        label: "x".to_owned(),
        ratio: 0.25,
        quiet: false,
    };
    assert_eq!(Options::builder().build(), expected);
    assert_eq!(serde_json::from_str::<Options>("{}").unwrap(), expected);
    let body = sent(PutThingInput::builder().options(expected).build());
    assert_eq!(
        body,
        json!({ "options": { "retries": 3, "label": "x", "ratio": 0.25, "quiet": false } })
    );
}
