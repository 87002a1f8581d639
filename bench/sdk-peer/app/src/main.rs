//! Calls UpdateInfrastructureConfiguration over HTTPS with the AWS SDK for
//! Rust, region and credentials from the environment.

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let config = aws_config::load_from_env().await;
    let client = aws_sdk_imagebuilder::Client::new(&config);
    let output = client
        .update_infrastructure_configuration()
        .infrastructure_configuration_arn(
            "arn:aws:imagebuilder:us-east-1:123456789012:infrastructure-configuration/build",
        )
        .instance_profile_name("ImageBuilderInstance")
        .instance_types("m5.large")
        .send()
        .await?;
    println!("updated {:?}", output.infrastructure_configuration_arn());
    Ok(())
}
