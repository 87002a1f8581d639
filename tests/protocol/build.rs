//! Generates the clients of the restJson1, awsJson and query test services of Smithy's AWS
//! protocol compliance suite, with their cases (`protocol_tests` modules),
//! from the suite's Smithy IDL sources in the shared reference folder (with
//! the trait definitions they use), read by the generator's own IDL
//! reader. Without that folder nothing is generated and the harness says
//! so.

use std::path::PathBuf;

/// The restJson1 services of the suite and the file each is written to.
pub const REST_JSON1: &[(&str, &str)] = &[
    ("aws.protocoltests.restjson#RestJson", "rest_json.rs"),
    ("com.amazonaws.glacier#Glacier", "glacier.rs"),
    (
        "com.amazonaws.apigateway#BackplaneControlService",
        "apigateway.rs",
    ),
    (
        "aws.protocoltests.restjson.validation#RestJsonValidation",
        "validation.rs",
    ),
];

/// The awsJson services of the suite: the protocol's folder, the service
/// and the file it is written to.
pub const AWS_JSON: &[(&str, &str, &str)] = &[
    (
        "awsJson1_0",
        "aws.protocoltests.json10#JsonRpc10",
        "json10.rs",
    ),
    (
        "awsJson1_0",
        "aws.protocoltests.json10#QueryCompatibleJsonRpc10",
        "json10_query_compatible.rs",
    ),
    (
        "awsJson1_1",
        "aws.protocoltests.json#JsonProtocol",
        "json11.rs",
    ),
    (
        "awsJson1_1",
        "com.amazonaws.machinelearning#AmazonML_20141212",
        "machinelearning.rs",
    ),
];

/// The query services of the suite: the protocol's folder, the service and
/// the file it is written to.
pub const QUERY: &[(&str, &str, &str)] = &[
    ("awsQuery", "aws.protocoltests.query#AwsQuery", "query.rs"),
    ("ec2Query", "aws.protocoltests.ec2#AwsEc2", "ec2.rs"),
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo::rustc-check-cfg=cfg(protocol_tests)");
    println!("cargo:rerun-if-env-changed=SMITHY_SHARED_DIR");
    let shared = std::env::var_os("SMITHY_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../../../shared"));
    let smithy = shared.join("smithy");
    let aws = smithy.join("protocol-tests/aws");
    let sources = [
        aws.join("restJson1"),
        aws.join("shared-types.smithy"),
        aws.join("aws-config.smithy"),
        smithy.join("traits"),
    ];
    if !sources.iter().all(|path| path.exists()) {
        println!("cargo:rerun-if-changed={}", aws.display());
        return Ok(());
    }
    for (service, file) in REST_JSON1 {
        let mut config = smithy_codegen::Config::new();
        for source in &sources {
            config.model(source);
        }
        // The cases drive the client through the mock transport; nothing
        // loads a configuration from the environment.
        config
            .service(*service)
            .protocol_tests(true)
            .smithy_config(false)
            .generate_to_out_dir(file)?;
    }
    for (folder, service, file) in AWS_JSON.iter().chain(QUERY) {
        let mut config = smithy_codegen::Config::new();
        config.model(aws.join(folder));
        for source in sources.iter().skip(1) {
            config.model(source);
        }
        // The cases drive the client through the mock transport; nothing
        // loads a configuration from the environment.
        config
            .service(*service)
            .protocol_tests(true)
            .smithy_config(false)
            .generate_to_out_dir(file)?;
    }
    println!("cargo:rustc-cfg=protocol_tests");
    Ok(())
}
