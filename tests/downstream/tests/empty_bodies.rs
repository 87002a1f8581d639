//! When a restJson1 request has a body, `{}` or a `Content-Type`, as
//! Smithy's protocol tests say (`empty-input-output.smithy`,
//! `http-content-type.smithy`, `http-payload.smithy`): an input without
//! body members sends nothing, whatever the method; one with body members
//! sends `{}` when none is set; an unset structure payload is `{}`, an
//! unset blob or union payload nothing.

#[cfg(not(protocol_tests))]
#[test]
fn skipped_without_the_protocol_tests() {
    println!("shared protocol tests not found: the restJson1 body cases were not generated");
}

#[cfg(protocol_tests)]
mod protocol_case;

#[cfg(protocol_tests)]
mod cases {
    use downstream_example::restjson_bodies::Client;
    use downstream_example::restjson_bodies::types::*;
    use smithy_runtime::{Blob, Config, MockTransport, RetryConfig};

    use super::protocol_case::{ENDPOINT, assert_request, case};

    fn client() -> (Client<MockTransport>, MockTransport) {
        let transport = MockTransport::new();
        // An empty body: every output here reads it as nothing set.
        transport.push_json(200, &[], "");
        let config = Config::new()
            .with_endpoint_url(ENDPOINT)
            .with_retry(RetryConfig::disabled());
        (Client::new(config, transport.clone()), transport)
    }

    /// Runs `call` on a fresh client and checks its one request against
    /// case `id` of `operation`.
    fn check<F, Fut, O, E>(operation: &str, id: &str, call: F)
    where
        F: FnOnce(Client<MockTransport>) -> Fut,
        Fut: std::future::Future<Output = Result<O, E>>,
        E: std::fmt::Debug,
    {
        let (client, transport) = client();
        pollster::block_on(call(client)).expect("the call succeeds");
        let request = transport.last_request().expect("a request was sent");
        let case = case(&format!("aws.protocoltests.restjson#{operation}"), id);
        assert_request(&request, &case);
    }

    #[test]
    fn operations_without_input_send_no_body() {
        check(
            "NoInputAndNoOutput",
            "RestJsonNoInputAndNoOutput",
            |c| async move { c.no_input_and_no_output().await },
        );
        check(
            "NoInputAndOutput",
            "RestJsonNoInputAndOutput",
            |c| async move { c.no_input_and_output().await },
        );
        check(
            "UnitInputAndOutput",
            "RestJsonUnitInputAndOutput",
            |c| async move { c.unit_input_and_output().await },
        );
        check(
            "TestGetNoInputNoPayload",
            "RestJsonHttpGetWithNoInput",
            |c| async move { c.test_get_no_input_no_payload().await },
        );
        check(
            "TestPostNoInputNoPayload",
            "RestJsonHttpPostWithNoInput",
            |c| async move { c.test_post_no_input_no_payload().await },
        );
    }

    #[test]
    fn inputs_without_body_members_send_no_body_or_content_type() {
        check(
            "EmptyInputAndEmptyOutput",
            "RestJsonEmptyInputAndEmptyOutput",
            |c| async move {
                c.empty_input_and_empty_output(EmptyInputAndEmptyOutputInput {})
                    .await
            },
        );
        for (id, test_id) in [
            ("RestJsonHttpGetWithNoModeledBody", None),
            (
                "RestJsonHttpGetWithHeaderMemberNoModeledBody",
                Some("t-12345"),
            ),
        ] {
            check("TestGetNoPayload", id, |c| async move {
                let input = TestNoPayloadInputOutput {
                    test_id: test_id.map(str::to_owned),
                };
                c.test_get_no_payload(input).await
            });
        }
        for (id, test_id) in [
            ("RestJsonHttpPostWithNoModeledBody", None),
            (
                "RestJsonHttpWithPostHeaderMemberNoModeledBody",
                Some("t-12345"),
            ),
        ] {
            check("TestPostNoPayload", id, |c| async move {
                let input = TestNoPayloadInputOutput {
                    test_id: test_id.map(str::to_owned),
                };
                c.test_post_no_payload(input).await
            });
        }
    }

    #[test]
    fn inputs_with_body_members_send_an_object_even_when_none_is_set() {
        check(
            "TestBodyStructure",
            "RestJsonHttpWithEmptyBody",
            |c| async move {
                c.test_body_structure(TestBodyStructureInputOutput::default())
                    .await
            },
        );
        check(
            "TestBodyStructure",
            "RestJsonTestBodyStructure",
            |c| async move {
                let input = TestBodyStructureInputOutput {
                    test_config: Some(TestConfig { timeout: Some(10) }),
                    ..Default::default()
                };
                c.test_body_structure(input).await
            },
        );
    }

    #[test]
    fn an_unset_structure_payload_is_an_empty_object() {
        check(
            "TestPayloadStructure",
            "RestJsonHttpWithEmptyStructurePayload",
            |c| async move {
                c.test_payload_structure(TestPayloadStructureInputOutput::default())
                    .await
            },
        );
        check(
            "TestPayloadStructure",
            "RestJsonHttpWithHeadersButNoPayload",
            |c| async move {
                let input = TestPayloadStructureInputOutput {
                    test_id: Some("t-12345".to_owned()),
                    ..Default::default()
                };
                c.test_payload_structure(input).await
            },
        );
        check(
            "TestPayloadStructure",
            "RestJsonTestPayloadStructure",
            |c| async move {
                let input = TestPayloadStructureInputOutput {
                    payload_config: Some(PayloadConfig { data: Some(25) }),
                    ..Default::default()
                };
                c.test_payload_structure(input).await
            },
        );
    }

    #[test]
    fn unset_blob_and_union_payloads_send_no_body() {
        check(
            "TestPayloadBlob",
            "RestJsonHttpWithEmptyBlobPayload",
            |c| async move {
                c.test_payload_blob(TestPayloadBlobInputOutput::default())
                    .await
            },
        );
        check(
            "HttpPayloadTraits",
            "RestJsonHttpPayloadTraitsWithNoBlobBody",
            |c| async move {
                let input = HttpPayloadTraitsInputOutput {
                    foo: Some("Foo".to_owned()),
                    blob: None,
                };
                c.http_payload_traits(input).await
            },
        );
        check(
            "HttpPayloadWithUnion",
            "RestJsonHttpPayloadWithUnsetUnion",
            |c| async move {
                c.http_payload_with_union(HttpPayloadWithUnionInputOutput::default())
                    .await
            },
        );
        check(
            "TestPayloadBlob",
            "RestJsonTestPayloadBlob",
            |c| async move {
                let input = TestPayloadBlobInputOutput {
                    content_type: Some("image/jpg".to_owned()),
                    data: Some(Blob::new(b"1234".to_vec())),
                };
                c.test_payload_blob(input).await
            },
        );
    }
}
