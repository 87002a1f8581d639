//! Calls UpdateInfrastructureConfiguration over HTTPS with the generated
//! client, region and credentials from the environment.

use imagebuilder::Client;
use imagebuilder::types::UpdateInfrastructureConfigurationRequest;
use smithy_runtime::HttpsTransport;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let client = Client::from_env(HttpsTransport::new()).await?;
        let input = UpdateInfrastructureConfigurationRequest::builder()
            .infrastructure_configuration_arn(
                "arn:aws:imagebuilder:us-east-1:123456789012:infrastructure-configuration/build",
            )
            .instance_profile_name("ImageBuilderInstance")
            .instance_types(vec!["m5.large".to_owned()])
            .build()?;
        let output = client.update_infrastructure_configuration(input).await?;
        println!("updated {:?}", output.infrastructure_configuration_arn);
        Ok(())
    })
}
