//! The service's command-line program, built with the generated crate's
//! `cli` feature: the crate's `cli` module holds a kebab-case subcommand per
//! operation, `src/main.rs` calls it, and the mechanics live in
//! `smithy_runtime::cli`.

use heck::ToKebabCase;
use proc_macro2::TokenStream;
use quote::quote;

use super::rust::{ident, inner_doc};
use crate::ir::{Operation, Service};

/// `src/main.rs` of a crate named `crate_name`.
pub fn main_rs(service: &Service, crate_name: &str) -> TokenStream {
    let krate = ident(&crate_name.replace('-', "_"));
    let doc = inner_doc(&program_doc(service, crate_name));
    quote! {
        #doc

        fn main() -> ::std::process::ExitCode {
            #krate::cli::main()
        }
    }
}

fn program_doc(service: &Service, program: &str) -> String {
    format!(
        "`{program}`: the {} API from the command line, a subcommand per operation.\n\n\
         `{program} <command> --cli-input-json '{{...}}'` takes the operation's input in the \
         model's member names (or `file://PATH`), prints the output as JSON, and exits 0 on \
         success, 1 when the service or the network fails, 2 when the input is bad.",
        service.title
    )
}

/// The `cli` module of a crate whose program is `program`.
pub fn emit(service: &Service, program: &str, smithy_config: bool) -> TokenStream {
    let commands = service.operations.values().map(command);
    let schemas = super::cli_schema::emit(service);
    let arms = service.operations.values().map(|op| arm(op, &schemas));
    let config = if smithy_config {
        quote! { invocation.config_with(&super::client::SERVICE, ::smithy_config::default_credentials) }
    } else {
        quote! { invocation.config(&super::client::SERVICE) }
    };
    let items = &schemas.items;
    let imports = if items.is_empty() {
        quote! { use ::smithy_runtime::cli::{Command, Invocation}; }
    } else {
        quote! { use ::smithy_runtime::cli::{Command, Invocation, Member, Schema}; }
    };
    quote! {
        use ::std::process::ExitCode;
        #imports

        #items

        /// The subcommands, one per operation.
        const COMMANDS: &[Command] = &[#(#commands),*];

        /// Runs the program on `std::env::args()`; returns its exit code.
        pub fn main() -> ExitCode {
            let invocation = match Invocation::from_args(#program, COMMANDS) {
                Ok(invocation) => invocation,
                Err(code) => return code,
            };
            let config = match #config {
                Ok(config) => config,
                Err(code) => return code,
            };
            let transport = match invocation.transport() {
                Ok(transport) => transport,
                Err(code) => return code,
            };
            let client = super::Client::new(config, transport);
            match invocation.command().operation {
                #(#arms)*
                _ => ExitCode::from(::smithy_runtime::cli::EXIT_BAD_INPUT),
            }
        }
    }
}

fn command(op: &Operation) -> TokenStream {
    let name = op.name.to_kebab_case();
    let operation = &op.name;
    let summary = op
        .docs
        .as_deref()
        .map(|html| first_sentence(&crate::docs::html_to_markdown(html)))
        .unwrap_or_default();
    quote! { Command { name: #name, operation: #operation, summary: #summary } }
}

fn arm(op: &Operation, schemas: &super::cli_schema::Schemas) -> TokenStream {
    let operation = &op.name;
    let method = ident(&op.fn_name);
    let output = match op.output.as_deref().and_then(|name| schemas.of(name)) {
        Some(schema) => quote! { Some(&#schema) },
        None => quote! { None },
    };
    let input = op.input.as_deref().map(|name| schemas.of(name));
    let call = match input {
        Some(Some(schema)) => quote! {
            let input = match invocation.input(&#schema) {
                Ok(input) => input,
                Err(code) => return code,
            };
            invocation.finish(#output, client.#method(input))
        },
        // An input the IR has no structure for (cannot happen for a
        // resolved model) is read without renaming.
        Some(None) => quote! {
            let input = match invocation.input(&::smithy_runtime::cli::Schema::Value) {
                Ok(input) => input,
                Err(code) => return code,
            };
            invocation.finish(#output, client.#method(input))
        },
        None => quote! {
            if let Err(code) = invocation.no_input() {
                return code;
            }
            invocation.finish(#output, client.#method())
        },
    };
    // A subcommand for a deprecated operation still calls it.
    let allow = super::attrs::allow_deprecated(op.deprecated.is_some());
    quote! { #allow #operation => { #call } }
}

/// The first sentence of Markdown text, on one line, without markup that
/// would look odd in a terminal.
fn first_sentence(markdown: &str) -> String {
    let paragraph = markdown
        .split("\n\n")
        .next()
        .unwrap_or("")
        .replace('\n', " ");
    let sentence = paragraph
        .find(". ")
        .and_then(|end| paragraph.get(..=end))
        .unwrap_or(&paragraph);
    sentence.replace(['`', '*', '\\'], "")
}
