//! Generates clients at build time, the way a downstream crate uses
//! smithy-codegen: the Image Builder operation from the repository's model,
//! the small models whose generated code the snapshot tests show, and — when
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
    smithy_codegen::Config::new()
        .model("../fixtures/types.json")
        .generate_to_out_dir("types.rs")?;

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
    Ok(())
}
