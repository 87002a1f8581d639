//! The paginator generated for `ListParts` (a `paginated` operation of the
//! fixture model), driven through the mock transport: each request carries
//! the previous page's token, items come out in order, and pagination stops
//! on the last page, on a repeated token and on an error.

use downstream_example::kinds::Client;
use downstream_example::kinds::error::ListPartsError;
use downstream_example::kinds::types::{ListPartsInput, Part};
use smithy_runtime::{
    Config, HttpRequest, MockTransport, ProvideErrorMetadata, RetryConfig, SdkError,
};

fn mock_client() -> (Client<MockTransport>, MockTransport) {
    let transport = MockTransport::new();
    // One attempt per call: a failed page is not retried here.
    let config = Config::new()
        .with_endpoint_url("http://127.0.0.1:1/base")
        .with_retry(RetryConfig::disabled());
    (Client::new(config, transport.clone()), transport)
}

fn input() -> ListPartsInput {
    ListPartsInput::builder().max_results(2).build()
}

/// A value of the request's query string (the tokens here need no
/// percent-decoding).
fn query(request: &HttpRequest, name: &str) -> Option<String> {
    request.uri().query()?.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        (key == name).then(|| value.to_owned())
    })
}

fn labels(parts: &[Part]) -> Vec<&str> {
    parts.iter().filter_map(|p| p.label.as_deref()).collect()
}

/// Three pages: two parts, one part, one part and no token.
fn push_three_pages(transport: &MockTransport) {
    transport.push_json(
        200,
        &[],
        r#"{"parts":[{"label":"a"},{"label":"b"}],"nextToken":"t1"}"#,
    );
    transport.push_json(200, &[], r#"{"parts":[{"label":"c"}],"nextToken":"t2"}"#);
    transport.push_json(200, &[], r#"{"parts":[{"label":"d"}]}"#);
}

#[test]
fn pages_carry_the_previous_token_and_stop_on_the_last_page() {
    let (client, transport) = mock_client();
    push_three_pages(&transport);
    let mut paginator = client.list_parts_paginator(input());
    let mut pages = Vec::new();
    while let Some(page) = pollster::block_on(paginator.next_page()) {
        pages.push(page.unwrap());
    }
    assert_eq!(pages.len(), 3);
    assert_eq!(labels(pages[0].parts.as_ref().unwrap()), ["a", "b"]);
    assert_eq!(pages[1].next_token.as_deref(), Some("t2"));
    assert_eq!(pages[2].next_token, None);

    let requests = transport.requests();
    assert_eq!(requests.len(), 3);
    assert_eq!(
        requests[0].uri().to_string(),
        "http://127.0.0.1:1/base/parts?maxResults=2"
    );
    let tokens: Vec<Option<String>> = requests.iter().map(|r| query(r, "nextToken")).collect();
    assert_eq!(tokens, [None, Some("t1".to_owned()), Some("t2".to_owned())]);
    for request in &requests {
        assert_eq!(request.method(), "GET");
        assert_eq!(query(request, "maxResults").as_deref(), Some("2"));
    }
    // Done: nothing more is sent.
    assert!(pollster::block_on(paginator.next_page()).is_none());
    assert_eq!(transport.request_count(), 3);
}

#[test]
fn items_are_collected_in_order_across_pages() {
    let (client, transport) = mock_client();
    push_three_pages(&transport);
    let parts = pollster::block_on(client.list_parts_paginator(input()).collect_items()).unwrap();
    assert_eq!(labels(&parts), ["a", "b", "c", "d"]);
    assert_eq!(transport.request_count(), 3);

    // One item at a time, the same items.
    let (client, transport) = mock_client();
    push_three_pages(&transport);
    let mut paginator = client.list_parts_paginator(input());
    let mut labels = Vec::new();
    while let Some(part) = pollster::block_on(paginator.next_item()) {
        labels.push(part.unwrap().label.unwrap());
    }
    assert_eq!(labels, ["a", "b", "c", "d"]);
    assert_eq!(paginator.pages(), 3);
}

#[test]
fn a_repeated_token_stops_pagination() {
    let (client, transport) = mock_client();
    transport.push_json(200, &[], r#"{"parts":[{"label":"a"}],"nextToken":"same"}"#);
    transport.push_json(200, &[], r#"{"parts":[{"label":"b"}],"nextToken":"same"}"#);
    // Would loop forever if the repeated token were followed.
    transport.push_json(200, &[], r#"{"parts":[{"label":"c"}],"nextToken":"same"}"#);
    let parts = pollster::block_on(client.list_parts_paginator(input()).collect_items()).unwrap();
    assert_eq!(labels(&parts), ["a", "b"]);
    let tokens: Vec<Option<String>> = transport
        .requests()
        .iter()
        .map(|r| query(r, "nextToken"))
        .collect();
    assert_eq!(tokens, [None, Some("same".to_owned())]);
}

#[test]
fn a_starting_token_is_sent_and_an_empty_token_ends_pagination() {
    let (client, transport) = mock_client();
    transport.push_json(200, &[], r#"{"parts":[],"nextToken":"next"}"#);
    transport.push_json(200, &[], r#"{"parts":[{"label":"z"}],"nextToken":""}"#);
    let input = ListPartsInput::builder().next_token("start").build();
    let parts = pollster::block_on(client.list_parts_paginator(input).collect_items()).unwrap();
    assert_eq!(labels(&parts), ["z"]);
    let tokens: Vec<Option<String>> = transport
        .requests()
        .iter()
        .map(|r| query(r, "nextToken"))
        .collect();
    assert_eq!(tokens, [Some("start".to_owned()), Some("next".to_owned())]);
}

#[test]
fn a_failed_page_returns_its_error_and_ends_pagination() {
    let (client, transport) = mock_client();
    transport.push_json(200, &[], r#"{"parts":[{"label":"a"}],"nextToken":"t1"}"#);
    transport.push_json(500, &[("x-amzn-errortype", "InternalFault")], "{}");
    let mut paginator = client.list_parts_paginator(input());
    assert_eq!(
        pollster::block_on(paginator.next_item())
            .unwrap()
            .unwrap()
            .label
            .as_deref(),
        Some("a")
    );
    let error = pollster::block_on(paginator.next_item())
        .unwrap()
        .unwrap_err();
    let SdkError::Service(error) = error else {
        panic!("expected a service error, got {error:?}");
    };
    let ListPartsError::Unhandled(unhandled) = &*error;
    assert_eq!(unhandled.status(), 500);
    assert!(pollster::block_on(paginator.next_item()).is_none());
    assert_eq!(transport.request_count(), 2);

    let (client, transport) = mock_client();
    transport.push_json(200, &[], r#"{"parts":[{"label":"a"}],"nextToken":"t1"}"#);
    transport.push_json(500, &[], "{}");
    let result = pollster::block_on(client.list_parts_paginator(input()).collect_pages());
    assert!(result.is_err());
}

#[test]
fn the_page_limit_stops_early() {
    let (client, transport) = mock_client();
    push_three_pages(&transport);
    let pages = pollster::block_on(
        client
            .list_parts_paginator(input())
            .with_page_limit(2)
            .collect_pages(),
    )
    .unwrap();
    assert_eq!(pages.len(), 2);
    assert_eq!(transport.request_count(), 2);
}

#[test]
fn paginators_can_move_between_threads() {
    fn send<T: Send>(_: &T) {}
    let (client, _) = mock_client();
    let mut paginator = client.list_parts_paginator(input());
    send(&paginator);
    send(&paginator.next_page());
    send(&paginator.next_item());
}
