//! The whole published Image Builder service, driven through the mock
//! transport with one operation of each binding kind: a GET with a query
//! member, a paginated POST over three pages, a DELETE with a label and a
//! query list, a POST with a label and a body, a PUT with a body.

#[cfg(not(full_imagebuilder))]
#[test]
fn full_imagebuilder_model_absent() {
    println!("shared reference models not found: the full Image Builder client was not generated");
}

#[cfg(full_imagebuilder)]
mod full {
    use downstream_example::imagebuilder_full::Client;
    use downstream_example::imagebuilder_full::types::{
        CreateImageRequest, GetImageRequest, ListImagesRequest, Ownership, TagResourceRequest,
        UntagResourceRequest,
    };
    use smithy_runtime::serde_json::{self, Value, json};
    use smithy_runtime::{Config, MockTransport, RetryConfig};

    const RECIPE: &str = "arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/web/1.0.0";
    const INFRA: &str =
        "arn:aws:imagebuilder:us-east-1:123456789012:infrastructure-configuration/build";
    const IMAGE: &str = "arn:aws:imagebuilder:us-east-1:123456789012:image/web/1.0.0/1";

    fn client() -> (Client<MockTransport>, MockTransport) {
        let transport = MockTransport::new();
        let config = Config::new()
            .with_endpoint_url("https://imagebuilder.example.com")
            .with_retry(RetryConfig::disabled());
        (Client::new(config, transport.clone()), transport)
    }

    fn body(request: &smithy_runtime::HttpRequest) -> Value {
        serde_json::from_slice(request.body()).unwrap()
    }

    #[test]
    fn get_image_sends_its_member_in_the_query() {
        let (client, transport) = client();
        transport.push_json(
            200,
            &[],
            &json!({"requestId": "r", "image": {"arn": IMAGE, "name": "web", "version": "1.0.0"}})
                .to_string(),
        );
        let input = GetImageRequest::builder()
            .image_build_version_arn(IMAGE)
            .build()
            .unwrap();
        let output = pollster::block_on(client.get_image(input)).unwrap();
        assert_eq!(output.image.unwrap().name.as_deref(), Some("web"));
        let request = transport.last_request().unwrap();
        assert_eq!(request.method(), "GET");
        assert_eq!(
            request.uri(),
            "https://imagebuilder.example.com/GetImage?imageBuildVersionArn=arn%3Aaws%3Aimagebuilder%3Aus-east-1%3A123456789012%3Aimage%2Fweb%2F1.0.0%2F1"
        );
        assert!(request.body().is_empty());
        assert!(request.headers().get("content-type").is_none());
    }

    #[test]
    fn list_images_pages_through_three_posts() {
        let (client, transport) = client();
        let version = |name: &str| json!({"arn": format!("{IMAGE}-{name}"), "name": name});
        // The last page has no token: the paginator stops there.
        let pages = [
            json!({"requestId": "r1", "imageVersionList": [version("a"), version("b")], "nextToken": "t1"}),
            json!({"requestId": "r2", "imageVersionList": [version("c")], "nextToken": "t2"}),
            json!({"requestId": "r3", "imageVersionList": [version("d")]}),
        ];
        for page in &pages {
            transport.push_json(200, &[], &page.to_string());
        }
        let input = ListImagesRequest::builder()
            .owner(Ownership::Self_)
            .max_results(2)
            .build();
        let items =
            pollster::block_on(client.list_images_paginator(input).collect_items()).unwrap();
        let names: Vec<_> = items.iter().filter_map(|v| v.name.as_deref()).collect();
        assert_eq!(names, ["a", "b", "c", "d"]);

        let requests = transport.requests();
        assert_eq!(requests.len(), 3);
        for (request, token) in requests.iter().zip([None, Some("t1"), Some("t2")]) {
            assert_eq!(request.method(), "POST");
            assert_eq!(request.uri(), "https://imagebuilder.example.com/ListImages");
            assert_eq!(request.headers()["content-type"], "application/json");
            let mut expected = json!({"owner": "Self", "maxResults": 2});
            if let Some(token) = token {
                expected["nextToken"] = json!(token);
            }
            assert_eq!(body(request), expected);
        }
    }

    #[test]
    fn untag_resource_sends_a_label_and_a_query_list() {
        let (client, transport) = client();
        transport.push_json(200, &[], "{}");
        let input = UntagResourceRequest::builder()
            .resource_arn(RECIPE)
            .tag_keys(vec!["team".to_owned(), "cost/center".to_owned()])
            .build()
            .unwrap();
        pollster::block_on(client.untag_resource(input)).unwrap();
        let request = transport.last_request().unwrap();
        assert_eq!(request.method(), "DELETE");
        assert_eq!(
            request.uri(),
            "https://imagebuilder.example.com/tags/arn%3Aaws%3Aimagebuilder%3Aus-east-1%3A123456789012%3Aimage-recipe%2Fweb%2F1.0.0?tagKeys=team&tagKeys=cost%2Fcenter"
        );
        assert!(request.body().is_empty());
    }

    #[test]
    fn tag_resource_sends_a_label_and_a_body() {
        let (client, transport) = client();
        transport.push_json(200, &[], "{}");
        let input = TagResourceRequest::builder()
            .resource_arn(RECIPE)
            .tags(
                [("team".to_owned(), "web".to_owned())]
                    .into_iter()
                    .collect::<std::collections::HashMap<_, _>>(),
            )
            .build()
            .unwrap();
        pollster::block_on(client.tag_resource(input)).unwrap();
        let request = transport.last_request().unwrap();
        assert_eq!(request.method(), "POST");
        assert_eq!(
            request.uri().path(),
            "/tags/arn%3Aaws%3Aimagebuilder%3Aus-east-1%3A123456789012%3Aimage-recipe%2Fweb%2F1.0.0"
        );
        assert_eq!(request.headers()["content-type"], "application/json");
        // The label travels in the path only; the body holds the rest.
        assert_eq!(body(&request), json!({"tags": {"team": "web"}}));
    }

    #[test]
    fn create_image_puts_its_members_in_the_body() {
        let (client, transport) = client();
        transport.push_json(
            200,
            &[],
            &json!({"requestId": "r", "clientToken": "t", "imageBuildVersionArn": IMAGE})
                .to_string(),
        );
        let input = CreateImageRequest::builder()
            .image_recipe_arn(RECIPE)
            .infrastructure_configuration_arn(INFRA)
            .enhanced_image_metadata_enabled(true)
            .client_token("t")
            .build()
            .unwrap();
        let output = pollster::block_on(client.create_image(input)).unwrap();
        assert_eq!(output.image_build_version_arn.as_deref(), Some(IMAGE));
        let request = transport.last_request().unwrap();
        assert_eq!(request.method(), "PUT");
        assert_eq!(
            request.uri(),
            "https://imagebuilder.example.com/CreateImage"
        );
        assert_eq!(
            body(&request),
            json!({
                "imageRecipeArn": RECIPE,
                "infrastructureConfigurationArn": INFRA,
                "enhancedImageMetadataEnabled": true,
                "clientToken": "t"
            })
        );
    }
}
