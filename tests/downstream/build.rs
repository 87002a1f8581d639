//! Generates the Image Builder client from the repository's model, the way
//! a downstream crate uses smithy-codegen.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    smithy_codegen::Config::new()
        .model("../../model/imagebuilder.json")
        .operation("UpdateInfrastructureConfiguration")
        .generate_to_out_dir("imagebuilder.rs")?;
    Ok(())
}
