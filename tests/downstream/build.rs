//! Generates clients at build time, the way a downstream crate uses
//! smithy-codegen: the Image Builder operation from the repository's model,
//! and the small model whose generated code the snapshot tests show.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    smithy_codegen::Config::new()
        .model("../../model/imagebuilder.json")
        .operation("UpdateInfrastructureConfiguration")
        .generate_to_out_dir("imagebuilder.rs")?;
    smithy_codegen::Config::new()
        .model("../fixtures/kinds.json")
        .generate_to_out_dir("kinds.rs")?;
    Ok(())
}
