//! Shared code of the fuzz targets: the generator pipeline as the targets
//! drive it, the structure-aware model mutations of `model_mutations`, and
//! the response reading of `protocol_response`.
//!
//! Kept in a library so the mutations are plain functions that unit tests
//! and clippy see, outside the `fuzz_target!` macros.

pub mod mutate;
pub mod responses;

use std::path::Path;

use smithy_codegen::{emit, ir, model};

/// With `SMITHY_FUZZ_LAST_INPUT=path` set, writes each input to `path`
/// before running it. Without a sanitizer, libFuzzer's handler cannot save
/// the input that overflowed the stack (it runs on that stack); this can.
pub fn save_input_if_asked(data: &[u8]) {
    static PATH: std::sync::OnceLock<Option<std::ffi::OsString>> = std::sync::OnceLock::new();
    if let Some(path) = PATH.get_or_init(|| std::env::var_os("SMITHY_FUZZ_LAST_INPUT")) {
        // Best effort: a debugging aid, not part of what is fuzzed.
        let _ = std::fs::write(path, data);
    }
}

/// Runs the whole generator on model text: load and check, resolve each
/// service (at most two), render it as a crate (and, for some inputs, as
/// the single file of the build-script API) and its `Cargo.toml`. Errors
/// are expected and ignored (their messages are rendered, as the CLI does);
/// a panic, an overflow or a hang is the bug the fuzzer looks for.
pub fn generate(text: &str) {
    generate_from(model::parse(text, Path::new("fuzz.json")), text.len());
}

/// [`generate`] for IDL text: the IDL reader, then the same pipeline.
pub fn generate_idl(text: &str) {
    generate_from(model::parse_idl(text, Path::new("fuzz.smithy")), text.len());
}

fn generate_from(model: smithy_codegen::Result<model::Model>, len: usize) {
    let model = match model {
        Ok(model) => model,
        Err(error) => {
            std::hint::black_box(error.to_string());
            return;
        }
    };
    let services: Vec<String> = model
        .services()
        .map(|service| service.id.as_str().to_owned())
        .collect();
    // One service: the `--service`-less path; several: each by id.
    let choices: Vec<Option<&str>> = match services.len() {
        0 | 1 => vec![None],
        _ => services
            .iter()
            .take(2)
            .map(|id| Some(id.as_str()))
            .collect(),
    };
    for choice in choices {
        let service = match ir::resolve(&model, choice, &[]) {
            Ok(service) => service,
            Err(error) => {
                std::hint::black_box(error.to_string());
                continue;
            }
        };
        render(&service, emit::Layout::Crate);
        if len.is_multiple_of(4) {
            render(&service, emit::Layout::SingleFile);
        }
        std::hint::black_box(emit::cargo_toml(&service, "fuzzed", "../runtime"));
    }
}

fn render(service: &ir::Service, layout: emit::Layout) {
    match emit::render(service, layout, "fuzzed") {
        Ok(rendered) => {
            std::hint::black_box(rendered);
        }
        Err(error) => {
            std::hint::black_box(error.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generates_the_kinds_fixture_and_survives_garbage() {
        let kinds = include_str!("../seeds/models/minimal.json");
        generate(kinds);
        generate("");
        generate("{");
        generate(r#"{"smithy":"2.0","shapes":{}}"#);
    }

    #[test]
    fn reads_the_idl_seed_and_survives_garbage() {
        let seed = include_str!("../seeds/idl/minimal.smithy");
        let model = model::parse_idl(seed, Path::new("minimal.smithy"))
            .unwrap_or_else(|e| panic!("the seed loads: {e}"));
        assert!(ir::resolve(&model, None, &[]).is_ok());
        generate_idl(seed);
        for garbage in [
            "",
            "$",
            "namespace",
            "namespace a\nstructure A { b: ",
            "@a(",
            "\"\"\"",
            "[[[[[",
        ] {
            generate_idl(garbage);
        }
        generate_idl(&"@a([".repeat(5_000));
        // Cut anywhere, the seed is an error, never a panic.
        for end in (0..seed.len())
            .step_by(7)
            .filter(|end| seed.is_char_boundary(*end))
        {
            generate_idl(&seed[..end]);
        }
    }

    #[test]
    fn a_list_holding_itself_is_an_error_not_an_overflow() {
        generate(include_str!("../seeds/regressions/list-cycle.json"));
    }
}
