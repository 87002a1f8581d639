//! Shared code of the fuzz targets: the generator pipeline as the targets
//! drive it, and the structure-aware model mutations of `model_mutations`.
//!
//! Kept in a library so the mutations are plain functions that unit tests
//! and clippy see, outside the `fuzz_target!` macros.

pub mod mutate;

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
    let model = match model::parse(text, Path::new("fuzz.json")) {
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
        if text.len().is_multiple_of(4) {
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
    fn a_list_holding_itself_is_an_error_not_an_overflow() {
        generate(include_str!("../seeds/regressions/list-cycle.json"));
    }
}
