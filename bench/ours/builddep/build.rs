//! Generates the Image Builder client at build time, as a downstream user of
//! smithy-codegen would.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    smithy_codegen::Config::new()
        .model("../../../model/imagebuilder.json")
        .operation("UpdateInfrastructureConfiguration")
        .generate_to_out_dir("imagebuilder.rs")?;
    Ok(())
}
