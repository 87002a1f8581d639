//! The Rust every emitter shares: identifiers from IR names, the types of
//! values and the paths of generated types from each module, doc
//! attributes, and the serde attribute every generated type carries.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::docs;
use crate::ir::{Service, Type, TypeKind};

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

/// Inner doc attributes (`//!`) for Markdown text.
pub(crate) fn inner_doc(markdown: &str) -> TokenStream {
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

/// `pub`, or nothing.
pub(super) fn visibility(public: bool) -> TokenStream {
    if public {
        quote! { pub }
    } else {
        TokenStream::new()
    }
}
