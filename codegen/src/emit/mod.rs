//! IR → Rust source. [`render`] is all this module does: it asks each
//! emitter for its module (one concern each, as a `TokenStream`), then
//! hands them to `layout` to be printed (one `prettyplease` pass, in
//! `print`) into a crate's files or one file for `include!`, and to [`rt`]
//! to put runtime paths under the configured crate. The Rust the emitters
//! share is in `rust`.

mod attrs;
mod cargo;
mod cli;
mod cli_schema;
mod client;
mod crate_doc;
mod defaults;
mod enums;
mod errors;
mod layout;
mod paginator;
mod print;
mod protocol;
mod protocol_tests;
pub mod rt;
mod rust;
mod size;
mod test_values;
mod types;
mod unions;
mod validate;
mod waiter;

use std::collections::BTreeMap;

use proc_macro2::TokenStream;

use crate::error::Result;
use crate::ir::Service;

pub use cargo::{Source, cargo_toml};
/// The builder rules, for the model comparison (`diff`) to classify by.
pub(crate) use types::{build_is_fallible, builder_fills};

/// One module of the generated code.
struct Module {
    name: &'static str,
    public: bool,
    /// Compiled only with the generated crate's `cli` feature.
    cli_only: bool,
    doc: String,
    body: TokenStream,
}

/// Generated source: `lib.rs` plus one file per module, or one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// File name (relative to `src/`) → content.
    pub files: BTreeMap<String, String>,
}

/// How the generated modules are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// `lib.rs` declaring `types.rs`, `error.rs`, … (a crate of its own).
    Crate,
    /// Everything inline in one file, for `include!` inside another crate.
    SingleFile,
}

/// Choices of the build beyond the model.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    /// The path runtime items are written under (see [`rt`]).
    pub runtime: &'a str,
    /// Whether `Client::from_env` and the command-line program load their
    /// configuration with `smithy-config` (the AWS SDKs' whole default
    /// credentials chain), which the crate then depends on; else they use
    /// the runtime's own settings (environment and static profile keys).
    pub smithy_config: bool,
}

fn modules(service: &Service, options: Options<'_>) -> Vec<Module> {
    // One generator of the service's protocol serves both modules that
    // depend on it (it computes the names of the schema statics once).
    let protocol = protocol::of(service);
    let mut modules = vec![
        Module {
            name: "types",
            public: true,
            cli_only: false,
            doc: format!("Structures and enums of the {} API.", service.title),
            body: {
                let mut body = types::emit(service);
                body.extend(enums::emit(service));
                body
            },
        },
        Module {
            name: "error",
            public: true,
            cli_only: false,
            doc: format!(
                "Errors of the {} API: a structure per modeled error and an enum per operation.",
                service.title
            ),
            body: errors::emit(service, protocol.as_ref()),
        },
        Module {
            name: "client",
            public: true,
            cli_only: false,
            doc: format!("The {} client.", service.title),
            body: client::emit(service, options.smithy_config),
        },
        Module {
            name: "protocol",
            public: false,
            cli_only: false,
            doc: protocol.module_doc().to_owned(),
            body: protocol::emit(service, protocol.as_ref()),
        },
        Module {
            name: "validate",
            public: false,
            cli_only: false,
            doc: "Client-side checks of the model's constraint traits.".to_owned(),
            body: validate::emit(service),
        },
    ];
    if let Some(tests) = &service.protocol_tests {
        modules.push(Module {
            name: "protocol_tests",
            public: true,
            cli_only: false,
            doc:
                "Smithy's protocol compliance cases, run through the client and the mock transport."
                    .to_owned(),
            body: protocol_tests::emit(service, tests),
        });
    }
    modules
}

/// Renders the service's code in the given layout; a crate named
/// `crate_name` also gets its command-line program.
pub fn render(
    service: &Service,
    layout: Layout,
    crate_name: &str,
    options: Options<'_>,
) -> Result<Rendered> {
    let mut modules = modules(service, options);
    let mut files = match layout {
        Layout::Crate => {
            modules.push(Module {
                name: "cli",
                public: true,
                cli_only: true,
                doc: format!("The `{crate_name}` command-line program."),
                body: cli::emit(service, crate_name, options.smithy_config),
            });
            layout::crate_files(
                &modules,
                crate_doc::crate_doc(service),
                cli::main_rs(service, crate_name),
            )?
        }
        Layout::SingleFile => layout::single_file(&modules)?,
    };
    for code in files.values_mut() {
        *code = rt::place(code, options.runtime);
    }
    Ok(Rendered { files })
}
