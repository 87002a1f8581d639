//! Optional `@idempotencyToken` members (as Bedrock's `clientRequestToken`)
//! get a fresh token when the request is serialized, however the input was
//! made — builder, struct literal, serde — in the body, a header or beside
//! a label; a token the caller set is kept; a retried call sends the same
//! token (the request is built once); a token provider in the config
//! replaces the random tokens.

use std::time::Duration;

use downstream_example::guardrails::Client;
use downstream_example::guardrails::types::{
    CreateGuardrailRequest, CreateGuardrailVersionRequest, UpdateGuardrailRequest,
};
use smithy_runtime::serde_json::{self, Value};
use smithy_runtime::{Config, MockTransport, RetryConfig};

fn client(retry: RetryConfig) -> (Client<MockTransport>, MockTransport) {
    let transport = MockTransport::new();
    let config = Config::new()
        .with_endpoint_url("http://127.0.0.1:1")
        .with_retry(retry);
    (Client::new(config, transport.clone()), transport)
}

fn body(request: &smithy_runtime::HttpRequest) -> Value {
    serde_json::from_slice(request.body()).expect("the body is JSON")
}

/// A version 4 UUID, as the runtime's tokens are.
fn assert_uuid(token: &str) {
    let parts: Vec<&str> = token.split('-').collect();
    let lengths: Vec<usize> = parts.iter().map(|p| p.len()).collect();
    assert_eq!(lengths, [8, 4, 4, 4, 12], "{token}");
    assert!(parts[2].starts_with('4'), "{token}");
}

fn create(
    client: &Client<MockTransport>,
    transport: &MockTransport,
    input: CreateGuardrailRequest,
) -> Value {
    transport.push_json(202, &[], "{}");
    pollster::block_on(client.create_guardrail(input)).expect("the call succeeds");
    body(&transport.last_request().expect("a request was sent"))
}

#[test]
fn inputs_made_without_the_builder_get_a_token() {
    let (client, transport) = client(RetryConfig::disabled());
    let literal = CreateGuardrailRequest {
        name: "g".to_owned(),
        description: None,
        expires_at: None,
        not_before: None,
        config: None,
        rules: None,
        tags: None,
        client_request_token: None,
    };
    let from_serde: CreateGuardrailRequest =
        // serde uses the model's member name (`Name`), not the wire's
        // `jsonName` (`name`).
        serde_json::from_str(r#"{"Name":"g"}"#).expect("the input deserializes");
    assert_eq!(from_serde.client_request_token, None);
    let from_builder = CreateGuardrailRequest::builder().name("g").build().unwrap();

    let mut seen = Vec::new();
    for input in [literal, from_serde, from_builder] {
        let sent = create(&client, &transport, input);
        let token = sent["clientRequestToken"]
            .as_str()
            .unwrap_or_else(|| panic!("no token sent: {sent}"))
            .to_owned();
        assert_uuid(&token);
        seen.push(token);
    }
    seen.dedup();
    assert_eq!(seen.len(), 3, "each call has its own token: {seen:?}");
}

#[test]
fn a_token_the_caller_set_is_kept() {
    let (client, transport) = client(RetryConfig::disabled());
    let input = CreateGuardrailRequest::builder()
        .name("g")
        .client_request_token("caller-token")
        .build()
        .unwrap();
    let sent = create(&client, &transport, input);
    assert_eq!(sent["clientRequestToken"], "caller-token");

    transport.push_json(200, &[], "");
    let input = UpdateGuardrailRequest {
        guardrail_id: "g-1".to_owned(),
        name: None,
        client_token: Some("header-token".to_owned()),
    };
    pollster::block_on(client.update_guardrail(input)).unwrap();
    let request = transport.last_request().unwrap();
    assert_eq!(request.headers()["x-amz-client-token"], "header-token");
}

#[test]
fn tokens_bound_to_headers_and_beside_labels_are_filled_too() {
    let (client, transport) = client(RetryConfig::disabled());
    transport.push_json(200, &[], "");
    let input = UpdateGuardrailRequest {
        guardrail_id: "g-1".to_owned(),
        name: Some("n".to_owned()),
        client_token: None,
    };
    pollster::block_on(client.update_guardrail(input)).unwrap();
    let request = transport.last_request().unwrap();
    assert_eq!(request.uri().path(), "/guardrails/g-1");
    assert_uuid(request.headers()["x-amz-client-token"].to_str().unwrap());
    assert_eq!(body(&request), serde_json::json!({"name": "n"}));

    transport.push_json(202, &[], "{}");
    let input: CreateGuardrailVersionRequest =
        serde_json::from_str(r#"{"guardrailIdentifier":"g-1","description":"v"}"#).unwrap();
    pollster::block_on(client.create_guardrail_version(input)).unwrap();
    let request = transport.last_request().unwrap();
    assert_eq!(request.uri().path(), "/guardrails/g-1");
    let sent = body(&request);
    assert_eq!(sent["description"], "v");
    assert_uuid(
        sent["clientRequestToken"]
            .as_str()
            .expect("a token is sent"),
    );
}

#[test]
fn a_retried_call_sends_the_same_token() {
    let retry = RetryConfig::standard()
        .with_max_attempts(3)
        .with_initial_backoff(Duration::ZERO)
        .with_max_backoff(Duration::ZERO);
    let (client, transport) = client(retry);
    transport.push_json(503, &[], r#"{"__type":"ServiceUnavailableException"}"#);
    transport.push_json(500, &[], r#"{"__type":"InternalServerException"}"#);
    transport.push_json(202, &[], "{}");
    let input = CreateGuardrailRequest {
        name: "g".to_owned(),
        description: None,
        expires_at: None,
        not_before: None,
        config: None,
        rules: None,
        tags: None,
        client_request_token: None,
    };
    pollster::block_on(client.create_guardrail(input)).expect("the third attempt succeeds");
    let requests = transport.requests();
    assert_eq!(requests.len(), 3);
    let tokens: Vec<Value> = requests
        .iter()
        .map(|r| body(r)["clientRequestToken"].clone())
        .collect();
    assert_uuid(tokens[0].as_str().expect("a token is sent"));
    assert!(tokens.iter().all(|t| *t == tokens[0]), "{tokens:?}");
}

#[test]
fn the_configs_token_provider_fills_unset_tokens_once_per_call() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    let asked = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&asked);
    let transport = MockTransport::new();
    let retry = RetryConfig::standard()
        .with_max_attempts(2)
        .with_initial_backoff(Duration::ZERO)
        .with_max_backoff(Duration::ZERO);
    let config = Config::new()
        .with_endpoint_url("http://127.0.0.1:1")
        .with_retry(retry)
        .with_idempotency_token_provider(move || {
            format!("fixed-{}", counter.fetch_add(1, Ordering::Relaxed))
        });
    let client = Client::new(config, transport.clone());

    transport.push_json(503, &[], r#"{"__type":"ServiceUnavailableException"}"#);
    transport.push_json(202, &[], "{}");
    let input: CreateGuardrailRequest = serde_json::from_str(r#"{"Name":"g"}"#).unwrap();
    pollster::block_on(client.create_guardrail(input)).expect("the retry succeeds");
    let tokens: Vec<Value> = transport
        .requests()
        .iter()
        .map(|r| body(r)["clientRequestToken"].clone())
        .collect();
    assert_eq!(tokens, ["fixed-0", "fixed-0"], "one token, asked once");

    transport.push_json(200, &[], "");
    let input = UpdateGuardrailRequest {
        guardrail_id: "g-1".to_owned(),
        name: None,
        client_token: None,
    };
    pollster::block_on(client.update_guardrail(input)).unwrap();
    let request = transport.last_request().unwrap();
    assert_eq!(request.headers()["x-amz-client-token"], "fixed-1");

    // A token the caller set is not replaced, and the provider is not asked.
    transport.push_json(202, &[], "{}");
    let input = CreateGuardrailRequest::builder()
        .name("g")
        .client_request_token("mine")
        .build()
        .unwrap();
    let sent = create(&client, &transport, input);
    assert_eq!(sent["clientRequestToken"], "mine");
    assert_eq!(asked.load(Ordering::Relaxed), 2);
}
