//! The client generated in build.rs works end to end through the mock
//! transport.

use downstream_example::imagebuilder::Client;
use downstream_example::imagebuilder::types::UpdateInfrastructureConfigurationRequest;
use smithy_runtime::serde_json::{self, json};
use smithy_runtime::{Config, MockTransport};

#[test]
fn calls_update_infrastructure_configuration() {
    let transport = MockTransport::new();
    transport.push_json(
        200,
        &[("x-amzn-requestid", "r-1")],
        r#"{"requestId":"r-1","clientToken":"t-1","infrastructureConfigurationArn":"arn:aws:imagebuilder:us-east-1:123456789012:infrastructure-configuration/x"}"#,
    );
    let client = Client::new(
        Config::new().with_endpoint_url("http://127.0.0.1:1"),
        transport.clone(),
    );
    let input = UpdateInfrastructureConfigurationRequest::builder()
        .infrastructure_configuration_arn(
            "arn:aws:imagebuilder:us-east-1:123456789012:infrastructure-configuration/x",
        )
        .instance_profile_name("profile")
        .client_token("t-1")
        .build()
        .unwrap();
    let output = pollster::block_on(client.update_infrastructure_configuration(input)).unwrap();
    assert_eq!(output.request_id.as_deref(), Some("r-1"));
    assert_eq!(output.client_token.as_deref(), Some("t-1"));

    let request = transport.last_request().unwrap();
    assert_eq!(request.method(), "PUT");
    assert_eq!(
        request.uri().to_string(),
        "http://127.0.0.1:1/UpdateInfrastructureConfiguration"
    );
    let body: serde_json::Value = serde_json::from_slice(request.body()).unwrap();
    assert_eq!(
        body,
        json!({
            "infrastructureConfigurationArn": "arn:aws:imagebuilder:us-east-1:123456789012:infrastructure-configuration/x",
            "instanceProfileName": "profile",
            "clientToken": "t-1"
        })
    );
}
