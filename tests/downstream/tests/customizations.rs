//! The customizations the AWS SDKs apply to restJson1 services beyond their
//! models (the generator's `ir::customize` table), checked against the
//! cases of Smithy's Glacier and API Gateway test services: Glacier's
//! version header, `accountId` default and checksums, API Gateway's
//! `Accept`.

#[cfg(not(protocol_tests))]
#[test]
fn skipped_without_the_protocol_tests() {
    println!(
        "shared protocol tests not found: the Glacier and API Gateway clients were not generated"
    );
}

#[cfg(protocol_tests)]
mod protocol_case;

#[cfg(protocol_tests)]
mod cases {
    use downstream_example::apigateway;
    use downstream_example::glacier;
    use downstream_example::glacier::types::{UploadArchiveInput, UploadMultipartPartInput};
    use smithy_runtime::credentials::Credentials;
    use smithy_runtime::{Blob, Config, HttpRequest, MockTransport, RetryConfig};

    use super::protocol_case::{ENDPOINT, assert_request, case};

    fn config() -> Config {
        Config::new()
            .with_endpoint_url(ENDPOINT)
            .with_retry(RetryConfig::disabled())
    }

    fn glacier() -> (glacier::Client<MockTransport>, MockTransport) {
        let transport = MockTransport::new();
        (glacier::Client::new(config(), transport.clone()), transport)
    }

    fn upload(input: UploadArchiveInput) -> HttpRequest {
        let (client, transport) = glacier();
        transport.push_json(201, &[], "");
        pollster::block_on(client.upload_archive(input)).expect("the call succeeds");
        transport.last_request().expect("a request was sent")
    }

    fn archive(account_id: &str, body: Option<&str>) -> UploadArchiveInput {
        UploadArchiveInput {
            vault_name: "bar".to_owned(),
            account_id: account_id.to_owned(),
            archive_description: None,
            checksum: None,
            body: body.map(|b| Blob::new(b.as_bytes().to_vec())),
        }
    }

    fn glacier_case(operation: &str, id: &str) -> smithy_runtime::serde_json::Value {
        case(&format!("com.amazonaws.glacier#{operation}"), id)
    }

    #[test]
    fn glacier_sends_its_version_on_every_request() {
        let request = upload(archive("foo", None));
        assert_request(
            &request,
            &glacier_case("UploadArchive", "GlacierVersionHeader"),
        );
    }

    #[test]
    fn glacier_uploads_carry_their_checksums() {
        let request = upload(archive("foo", Some("hello world")));
        assert_request(&request, &glacier_case("UploadArchive", "GlacierChecksums"));

        let (client, transport) = glacier();
        transport.push_json(204, &[], "");
        let input = UploadMultipartPartInput {
            account_id: "foo".to_owned(),
            vault_name: "bar".to_owned(),
            upload_id: "baz".to_owned(),
            checksum: None,
            range: None,
            body: Some(Blob::new(b"hello world".to_vec())),
        };
        pollster::block_on(client.upload_multipart_part(input)).unwrap();
        let request = transport.last_request().unwrap();
        assert_request(
            &request,
            &glacier_case("UploadMultipartPart", "GlacierMultipartChecksums"),
        );
    }

    #[test]
    fn a_tree_hash_the_caller_gives_is_kept() {
        let mut input = archive("foo", Some("hello world"));
        input.checksum = Some("precomputed".to_owned());
        let request = upload(input);
        let values: Vec<_> = request
            .headers()
            .get_all("x-amz-sha256-tree-hash")
            .iter()
            .collect();
        assert_eq!(values, ["precomputed"]);
    }

    #[test]
    fn an_empty_or_unset_account_id_is_the_callers_account() {
        let request = upload(archive("", None));
        assert_request(&request, &glacier_case("UploadArchive", "GlacierAccountId"));

        // Unset: the builder fills it (only the vault is required).
        let input = UploadArchiveInput::builder()
            .vault_name("bar")
            .build()
            .unwrap();
        assert_eq!(input.account_id, "-");
        let request = upload(input);
        assert_eq!(request.uri().path(), "/-/vaults/bar/archives");
    }

    #[test]
    fn the_signature_covers_the_precomputed_payload_hash() {
        let transport = MockTransport::new();
        let config = config()
            .with_region("us-east-1")
            .with_credentials(Credentials::from_keys("AKIDEXAMPLE", "secret"));
        let client = glacier::Client::new(config, transport.clone());
        transport.push_json(201, &[], "");
        pollster::block_on(client.upload_archive(archive("foo", Some("hello world")))).unwrap();
        let request = transport.last_request().unwrap();
        let hashes: Vec<_> = request
            .headers()
            .get_all("x-amz-content-sha256")
            .iter()
            .collect();
        assert_eq!(
            hashes,
            ["b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"]
        );
        let authorization = request.headers()["authorization"].to_str().unwrap();
        let signed = authorization
            .split("SignedHeaders=")
            .nth(1)
            .and_then(|rest| rest.split(',').next())
            .unwrap();
        for header in [
            "x-amz-content-sha256",
            "x-amz-glacier-version",
            "x-amz-sha256-tree-hash",
        ] {
            assert!(
                signed.split(';').any(|h| h == header),
                "{header} not in {signed}"
            );
        }
    }

    #[test]
    fn api_gateway_asks_for_json() {
        let transport = MockTransport::new();
        let client = apigateway::Client::new(config(), transport.clone());
        transport.push_json(200, &[], "{}");
        let input = apigateway::types::GetRestApisRequest::default();
        pollster::block_on(client.get_rest_apis(input)).unwrap();
        let request = transport.last_request().unwrap();
        let case = case("com.amazonaws.apigateway#GetRestApis", "ApiGatewayAccept");
        assert_request(&request, &case);
    }
}
