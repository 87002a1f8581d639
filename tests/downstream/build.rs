//! Generates clients at build time, the way a downstream crate uses
//! smithy-codegen: the Image Builder operation from the repository's model,
//! the small models whose generated code the snapshot tests show (and one
//! with `@default`s of every kind), and — when
//! the shared reference models are present — the whole published Image
//! Builder service (`cfg(full_imagebuilder)`).

fn main() -> Result<(), Box<dyn std::error::Error>> {
    smithy_codegen::Config::new()
        .model("../../model/imagebuilder.json")
        .operation("UpdateInfrastructureConfiguration")
        .generate_to_out_dir("imagebuilder.rs")?;
    smithy_codegen::Config::new()
        .model("../fixtures/kinds.json")
        .generate_to_out_dir("kinds.rs")?;
    // The same client naming the runtime through this crate's re-export.
    smithy_codegen::Config::new()
        .model("../fixtures/kinds.json")
        .runtime_crate("crate::rt")
        .generate_to_out_dir("kinds_reexported.rs")?;
    smithy_codegen::Config::new()
        .model("../fixtures/types.json")
        .generate_to_out_dir("types.rs")?;
    smithy_codegen::Config::new()
        .model("../fixtures/guardrails.json")
        .generate_to_out_dir("guardrails.rs")?;
    smithy_codegen::Config::new()
        .model("../fixtures/defaults.json")
        .generate_to_out_dir("defaults.rs")?;

    println!("cargo::rustc-check-cfg=cfg(full_imagebuilder)");
    println!("cargo:rerun-if-env-changed=SMITHY_SHARED_DIR");
    let shared = std::env::var_os("SMITHY_SHARED_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::PathBuf::from("../../../shared"));
    let full = shared.join("models/imagebuilder-2019-12-02.json");
    if full.is_file() {
        smithy_codegen::Config::new()
            .model(&full)
            .generate_to_out_dir("imagebuilder_full.rs")?;
        println!("cargo:rustc-cfg=full_imagebuilder");
    } else {
        println!("cargo:rerun-if-changed={}", full.display());
    }

    // Smithy's AWS protocol tests: the restJson1 cases about bodies of
    // inputs without body members, and the two services AWS's SDKs
    // customize (`cfg(protocol_tests)`).
    println!("cargo::rustc-check-cfg=cfg(protocol_tests)");
    let tests = shared.join("smithy/protocol-tests/aws-protocol-tests.json");
    if tests.is_file() {
        let mut bodies = smithy_codegen::Config::new();
        bodies
            .model(&tests)
            .service("aws.protocoltests.restjson#RestJson");
        for operation in BODY_OPERATIONS {
            bodies.operation(*operation);
        }
        bodies.generate_to_out_dir("restjson_bodies.rs")?;
        smithy_codegen::Config::new()
            .model(&tests)
            .service("com.amazonaws.glacier#Glacier")
            .generate_to_out_dir("glacier.rs")?;
        smithy_codegen::Config::new()
            .model(&tests)
            .service("com.amazonaws.apigateway#BackplaneControlService")
            .generate_to_out_dir("apigateway.rs")?;
        println!("cargo:rustc-cfg=protocol_tests");
    } else {
        println!("cargo:rerun-if-changed={}", tests.display());
    }
    Ok(())
}

/// The operations of Smithy's restJson1 test service whose request cases
/// say when a body, `{}` or a `Content-Type` is sent.
const BODY_OPERATIONS: &[&str] = &[
    "NoInputAndNoOutput",
    "NoInputAndOutput",
    "UnitInputAndOutput",
    "EmptyInputAndEmptyOutput",
    "TestBodyStructure",
    "TestPayloadStructure",
    "TestPayloadBlob",
    "TestGetNoPayload",
    "TestPostNoPayload",
    "TestGetNoInputNoPayload",
    "TestPostNoInputNoPayload",
    "HttpPayloadTraits",
    "HttpPayloadWithStructure",
    "HttpPayloadWithUnion",
];
