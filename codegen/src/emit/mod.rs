//! IR → Rust source. Each submodule emits one concern as a `TokenStream`;
//! [`render`] formats every module with one `prettyplease` pass and lays
//! them out either as a crate's files or as one file for `include!`.

mod attrs;
mod cargo;
mod cli;
mod cli_schema;
mod client;
mod defaults;
mod enums;
mod errors;
mod layout;
mod paginator;
mod protocol;
mod protocol_tests;
pub mod rt;
mod size;
mod split;
mod test_values;
mod types;
mod unions;
mod validate;

use std::collections::BTreeMap;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::docs;
use crate::error::{Error, Result};
use crate::ir::{Service, Type, TypeKind};

pub use cargo::cargo_toml;
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

fn modules(service: &Service) -> Vec<Module> {
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
            body: client::emit(service),
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
/// Runtime paths are written under `runtime` (see [`rt`]).
pub fn render(
    service: &Service,
    layout: Layout,
    crate_name: &str,
    runtime: &str,
) -> Result<Rendered> {
    let mut modules = modules(service);
    let crate_doc = crate_doc(service);
    let mut files = BTreeMap::new();
    match layout {
        Layout::Crate => {
            modules.push(Module {
                name: "cli",
                public: true,
                cli_only: true,
                doc: format!("The `{crate_name}` command-line program."),
                body: cli::emit(service, crate_name),
            });
            files.insert(
                "main.rs".to_owned(),
                format("main.rs", cli::main_rs(service, crate_name))?,
            );
            let declarations = modules.iter().map(module_declaration);
            let lib = quote! {
                #crate_doc
                #![forbid(unsafe_code)]
                #![warn(missing_docs)]
                #![deny(
                    clippy::unwrap_used,
                    clippy::expect_used,
                    clippy::panic,
                    clippy::indexing_slicing
                )]
                #(#declarations)*
                pub use client::Client;
            };
            files.insert("lib.rs".to_owned(), format("lib.rs", lib)?);
            for module in &modules {
                let doc = inner_doc(&module.doc);
                let body = &module.body;
                let file = format!("{}.rs", module.name);
                let text = format(&file, quote! { #doc #body })?;
                if text.lines().count() > split::SPLIT_LINES
                    && matches!(module.name, "types" | "error")
                {
                    files.extend(split::split(module.name, &doc, body.clone())?);
                } else {
                    files.insert(file, text);
                }
            }
        }
        Layout::SingleFile => {
            let inline = modules.iter().map(|module| {
                let name = format_ident!("{}", module.name);
                let visibility = visibility(module.public);
                let doc = inner_doc(&module.doc);
                let body = &module.body;
                quote! { #visibility mod #name { #doc #body } }
            });
            let file = quote! {
                #(#inline)*
                pub use client::Client;
            };
            files.insert("generated.rs".to_owned(), format("generated.rs", file)?);
        }
    }
    for code in files.values_mut() {
        *code = rt::place(code, runtime);
    }
    Ok(Rendered { files })
}

fn crate_doc(service: &Service) -> TokenStream {
    let mut text = format!(
        "A client for {}, generated from its Smithy model",
        service.title
    );
    text.push_str(&format!(
        " (`{}`, version {}).",
        service.id, service.version
    ));
    if let Some(docs) = &service.docs {
        text.push_str("\n\n");
        text.push_str(&docs::html_to_markdown(docs));
    }
    if !service.customizations.is_empty() {
        text.push_str("\n\nAs the AWS SDKs do for this service, though its model does not say so:");
        let items: Vec<String> = service
            .customizations
            .iter()
            .map(|c| format!("\n- {c}"))
            .collect();
        text.push_str(&items.join(";"));
        text.push('.');
    }
    if let Some(skipped) = skipped_doc(service) {
        text.push_str("\n\n");
        text.push_str(&skipped);
    }
    if let Some(unchecked) = unchecked_patterns_doc(service) {
        text.push_str("\n\n");
        text.push_str(&unchecked);
    }
    inner_doc(&text)
}

/// `Not generated: X (event stream), ...` for the operations the client
/// leaves out, if any.
pub(crate) fn skipped_doc(service: &Service) -> Option<String> {
    if service.skipped.is_empty() {
        return None;
    }
    let list: Vec<String> = service
        .skipped
        .iter()
        .map(|s| format!("`{}` ({})", s.operation, s.reason))
        .collect();
    Some(format!("Not generated: {}.", list.join(", ")))
}

/// The patterns validation leaves to the service, if any.
pub(crate) fn unchecked_patterns_doc(service: &Service) -> Option<String> {
    if service.unchecked_patterns.is_empty() {
        return None;
    }
    let mut text = "Not checked client-side, because they are not ECMAScript regular \
                    expressions (the service still checks them):"
        .to_owned();
    for (at, unchecked) in &service.unchecked_patterns {
        text.push_str(&format!(
            "\n- the pattern of `{at}`: {}",
            docs::code_span(&unchecked.pattern)
        ));
    }
    Some(text)
}

fn module_declaration(module: &Module) -> TokenStream {
    let name = format_ident!("{}", module.name);
    let visibility = visibility(module.public);
    // The files are formatted by prettyplease; `cargo fmt` in a workspace
    // that holds the generated crate must not rewrite them.
    let cfg = if module.cli_only {
        quote! { #[cfg(feature = "cli")] }
    } else {
        TokenStream::new()
    };
    quote! {
        #cfg
        #[rustfmt::skip]
        #visibility mod #name;
    }
}

fn visibility(public: bool) -> TokenStream {
    if public {
        quote! { pub }
    } else {
        TokenStream::new()
    }
}

/// Parses and pretty-prints one file.
fn format(what: &str, tokens: TokenStream) -> Result<String> {
    let file = syn::parse2::<syn::File>(tokens).map_err(|e| Error::Emit {
        what: what.to_owned(),
        message: e.to_string(),
    })?;
    Ok(space_items(&layout::error_macros(&prettyplease::unparse(
        &file,
    ))))
}

/// Puts a blank line between items, as a person would; prettyplease packs
/// them. Only lines that start an item after the end of one at the same
/// indentation are touched, so statements and fields stay as printed.
fn space_items(code: &str) -> String {
    const ITEM_STARTS: &[&str] = &[
        "///",
        "#[",
        "pub ",
        "pub(crate) ",
        "fn ",
        "impl",
        "static ",
        "const ",
        "mod ",
        "struct ",
        "enum ",
        "type ",
        "use ",
        // Item macros; other paths may start statements, which stay put.
        "::smithy_runtime::modeled_error!",
        "::smithy_runtime::operation_error!",
    ];
    let mut out = String::with_capacity(code.len() + code.len() / 16);
    let mut previous: Option<&str> = None;
    for line in code.lines() {
        if let Some(prev) = previous {
            let indent = line.len() - line.trim_start().len();
            let prev_indent = prev.len() - prev.trim_start().len();
            let prev_trimmed = prev.trim_start();
            // A comment ends no item, whatever it ends with (a doc line
            // quoting `{}` is followed by more of the same doc).
            let ends_item = !prev_trimmed.starts_with("//")
                && (prev_trimmed == "}"
                    || prev_trimmed.ends_with("{}")
                    || prev_trimmed.ends_with(';'));
            let ends_module_doc =
                prev_trimmed.starts_with("//!") && !line.trim_start().starts_with("//!");
            let starts_item = ITEM_STARTS.iter().any(|s| line.trim_start().starts_with(s));
            if (ends_item && starts_item && indent == prev_indent) || ends_module_doc {
                out.push('\n');
            }
        }
        out.push_str(line);
        out.push('\n');
        previous = Some(line);
    }
    out
}

/// `#[doc = ...]` attributes, one per line, from model HTML.
pub(crate) fn doc_html(html: Option<&str>) -> TokenStream {
    match html {
        Some(html) => outer_doc(&docs::html_to_markdown(html)),
        None => TokenStream::new(),
    }
}

/// Outer doc attributes for Markdown text.
pub(crate) fn outer_doc(markdown: &str) -> TokenStream {
    let lines = doc_lines(markdown);
    quote! { #(#[doc = #lines])* }
}

fn inner_doc(markdown: &str) -> TokenStream {
    let lines = doc_lines(markdown);
    quote! { #(#![doc = #lines])* }
}

/// Each line with a leading space so prettyplease prints `/// text`.
fn doc_lines(markdown: &str) -> Vec<String> {
    markdown
        .lines()
        .map(|line| {
            if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            }
        })
        .collect()
}

/// An identifier from a name the IR computed (possibly raw, `r#type`).
pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// Where a generated type is named from.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// Inside the `types` module: shapes are named bare.
    Types,
    /// Inside a sibling module: `super::types::Name`.
    Sibling,
    /// Inside `types::builders`: `super::Name`.
    Builders,
}

/// The Rust type of a value (without the `Option` of an optional member).
pub(crate) fn rust_type(service: &Service, ty: &Type, scope: Scope) -> TokenStream {
    match &ty.kind {
        TypeKind::String => quote! { ::std::string::String },
        TypeKind::BigInteger => quote! { ::smithy_runtime::BigInteger },
        TypeKind::BigDecimal => quote! { ::smithy_runtime::BigDecimal },
        TypeKind::Bool => quote! { bool },
        TypeKind::Byte => quote! { i8 },
        TypeKind::Short => quote! { i16 },
        TypeKind::Integer => quote! { i32 },
        TypeKind::Long => quote! { i64 },
        TypeKind::Float => quote! { f32 },
        TypeKind::Double => quote! { f64 },
        TypeKind::Blob => quote! { ::smithy_runtime::Blob },
        TypeKind::Timestamp(_) => quote! { ::smithy_runtime::DateTime },
        TypeKind::Document => quote! { ::smithy_runtime::Document },
        TypeKind::Unit => quote! { () },
        TypeKind::List { member, sparse } => {
            let member = rust_type(service, member, scope);
            if *sparse {
                quote! { ::std::vec::Vec<::std::option::Option<#member>> }
            } else {
                quote! { ::std::vec::Vec<#member> }
            }
        }
        TypeKind::Map { key, value, sparse } => {
            let key = rust_type(service, key, scope);
            let value = rust_type(service, value, scope);
            if *sparse {
                quote! { ::std::collections::HashMap<#key, ::std::option::Option<#value>> }
            } else {
                quote! { ::std::collections::HashMap<#key, #value> }
            }
        }
        TypeKind::Structure(name) | TypeKind::Enum(name) | TypeKind::IntEnum(name) => {
            type_path(service, name, scope)
        }
    }
}

/// The path of a generated structure or enum from `scope`.
pub(crate) fn type_path(service: &Service, name: &str, scope: Scope) -> TokenStream {
    let name_ident = ident(name);
    let error = service.errors.contains_key(name);
    match (scope, error) {
        (Scope::Types, false) => quote! { #name_ident },
        (Scope::Types | Scope::Sibling, true) => quote! { super::error::#name_ident },
        (Scope::Sibling, false) | (Scope::Builders, false) => match scope {
            Scope::Builders => quote! { super::#name_ident },
            _ => quote! { super::types::#name_ident },
        },
        (Scope::Builders, true) => quote! { super::super::error::#name_ident },
    }
}

/// The serde attributes every generated type carries, so that generated
/// code needs no direct dependency on serde.
pub(crate) fn serde_crate() -> TokenStream {
    quote! { #[serde(crate = "::smithy_runtime::serde")] }
}

#[cfg(test)]
mod tests {
    use super::space_items;

    #[test]
    fn items_are_spaced_but_doc_comments_are_not_split() {
        let code = "struct A {}\nstruct B;\n/// Returns:\n/// {}\n/// ```\nfn f() {}\n";
        assert_eq!(
            space_items(code),
            "struct A {}\n\nstruct B;\n\n/// Returns:\n/// {}\n/// ```\nfn f() {}\n"
        );
        let code = "    /// ends with;\n    /// }\n    fn g() {}\n";
        assert_eq!(space_items(code), code);
    }
}
