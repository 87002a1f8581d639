//! What the generated client does to a request body after serializing it,
//! seen through the mock transport: gzip for `@requestCompression`
//! (`PutWithContentEncoding` of the suite's RestJson service), as the
//! config says.

#[cfg(protocol_tests)]
#[allow(dead_code, unused_imports)]
mod generated {
    pub mod rest_json {
        include!(concat!(env!("OUT_DIR"), "/rest_json.rs"));
    }
}

#[cfg(protocol_tests)]
mod compression {
    use std::io::Read;

    use smithy_runtime::{Config, HttpRequest, MockTransport, RetryConfig};

    use super::generated::rest_json::Client;
    use super::generated::rest_json::types::PutWithContentEncodingInput;

    fn send(config: Config, encoding: Option<&str>, data: &str) -> HttpRequest {
        let transport = MockTransport::new();
        transport.push_json(200, &[], "{}");
        let config = config
            .with_endpoint_url("https://example.com")
            .with_retry(RetryConfig::disabled());
        let client = Client::new(config, transport.clone());
        let mut input = PutWithContentEncodingInput::builder().data(data);
        if let Some(encoding) = encoding {
            input = input.encoding(encoding);
        }
        pollster::block_on(client.put_with_content_encoding(input.build()))
            .expect("the call succeeds");
        transport.last_request().expect("a request was sent")
    }

    fn header<'a>(request: &'a HttpRequest, name: &str) -> Option<&'a str> {
        request.headers().get(name).map(|v| v.to_str().unwrap())
    }

    fn gunzip(body: &[u8]) -> serde_json::Value {
        let mut text = String::new();
        flate2::read::GzDecoder::new(body)
            .read_to_string(&mut text)
            .expect("the body is gzip");
        serde_json::from_str(&text).expect("gzipped JSON")
    }

    #[test]
    fn a_large_body_is_sent_gzipped_with_its_length() {
        let data = "0123456789".repeat(1100);
        let request = send(Config::new(), None, &data);
        assert_eq!(header(&request, "content-encoding"), Some("gzip"));
        assert_eq!(gunzip(request.body()), serde_json::json!({ "data": data }));
        assert!(request.body().len() < 1000, "{}", request.body().len());
        assert_eq!(
            header(&request, "content-length"),
            Some(request.body().len().to_string().as_str())
        );
    }

    #[test]
    fn a_small_body_is_sent_as_it_is_unless_the_minimum_is_lowered() {
        let request = send(Config::new(), Some("custom"), "small");
        assert_eq!(header(&request, "content-encoding"), Some("custom"));
        assert_eq!(request.body(), br#"{"data":"small"}"#);

        let lowered = Config::new().with_request_min_compression_size_bytes(16);
        let request = send(lowered, Some("custom"), "small");
        assert_eq!(header(&request, "content-encoding"), Some("custom, gzip"));
        assert_eq!(gunzip(request.body()), serde_json::json!({"data": "small"}));
    }

    #[test]
    fn disabled_compression_sends_large_bodies_as_they_are() {
        let data = "0123456789".repeat(1100);
        let config = Config::new().with_disable_request_compression(true);
        let request = send(config, None, &data);
        assert_eq!(header(&request, "content-encoding"), None);
        let body: serde_json::Value = serde_json::from_slice(request.body()).unwrap();
        assert_eq!(body, serde_json::json!({ "data": data }));
    }

    #[test]
    fn an_invalid_minimum_fails_before_sending() {
        let transport = MockTransport::new();
        let config = Config::new()
            .with_endpoint_url("https://example.com")
            .with_request_min_compression_size_bytes(10_485_761);
        let client = Client::new(config, transport.clone());
        let input = PutWithContentEncodingInput::builder().data("x").build();
        let error = pollster::block_on(client.put_with_content_encoding(input)).unwrap_err();
        assert!(
            format!("{error:?}").contains("request_min_compression_size_bytes"),
            "{error:?}"
        );
        assert!(transport.last_request().is_none());
    }
}
