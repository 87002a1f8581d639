//! The `error` module: a structure per modeled error, carrying the
//! response's metadata, and an enum per operation of the errors it can
//! return, with one variant for errors the model does not name. A variant
//! holds its structure in a `Box` when the structure is large (an estimated
//! size above [`size::BOX_ERROR_ABOVE`] bytes), so that no enum is
//! lopsided (clippy's `large_enum_variant`).

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::attrs;
use super::defaults;
use super::protocol::Protocol;
use super::rust::{Scope, doc_html, ident, outer_doc};
use super::size;
use super::types::structure;
use crate::ir::{Operation, Service, Structure};

/// The `error` module's items.
pub fn emit(service: &Service, protocol: &dyn Protocol) -> TokenStream {
    let structures = service
        .errors
        .values()
        .map(|s| error_structure(service, protocol, s));
    // Decided once per error, not once per operation that returns it.
    let boxed: BTreeSet<&str> = service
        .errors
        .values()
        .filter(|s| size::boxes_error(service, s))
        .map(|s| s.name.as_str())
        .collect();
    let enums = service
        .operations
        .values()
        .map(|op| operation_error(service, op, &boxed));
    quote! {
        #(#structures)*
        #(#enums)*
    }
}

fn error_structure(service: &Service, protocol: &dyn Protocol, s: &Structure) -> TokenStream {
    let name = ident(&s.name);
    let definition = structure(service, s, Scope::Sibling);
    let code = s
        .error
        .as_ref()
        .map_or(s.name.as_str(), |e| e.code.as_str());
    let constructor_doc =
        format!(" Reads the `{code}` error from a response whose metadata is already parsed.");
    let allow = attrs::allow_deprecated(s.deprecated.is_some());
    // Members bound to headers (or the status) are read from the response
    // after the body, and corrected as the body's are when required and
    // missing (see `defaults::corrects`).
    let reads: Vec<TokenStream> = s
        .members
        .iter()
        .enumerate()
        .filter_map(|(index, f)| {
            let (member, value) = protocol.error_member(service, f)?;
            let value = defaults::correct_read(service, s, index, Scope::Sibling, value);
            Some(quote! { error.#member = #value; })
        })
        .collect();
    // The body reader is the protocol's; the rest is the same for every
    // error (see `smithy_runtime::modeled_error!`).
    let read_body = protocol.error_body(service, s);
    if reads.is_empty() {
        return quote! {
            #definition

            ::smithy_runtime::modeled_error!(#allow #name, read_body = #read_body);
        };
    }
    quote! {
        #definition

        #allow
        impl #name {
            #[doc = #constructor_doc]
            pub(crate) fn from_response(
                meta: ::smithy_runtime::ErrorMetadata,
                response: &::smithy_runtime::HttpResponse,
            ) -> ::std::result::Result<Self, ::smithy_runtime::ResponseError> {
                let mut error: Self = #read_body(response)?;
                #(#reads)*
                error.meta = meta;
                ::std::result::Result::Ok(error)
            }
        }

        ::smithy_runtime::modeled_error!(#allow #name);
    }
}

/// The error enum of `op`; the errors named in `boxed` are held in a `Box`.
fn operation_error(service: &Service, op: &Operation, boxed: &BTreeSet<&str>) -> TokenStream {
    let name = ident(&op.error_name);
    let doc = outer_doc(&format!(
        "The errors [`Client::{0}`](super::client::Client::{0}) can return.",
        op.fn_name.trim_start_matches("r#")
    ));
    let modeled: Vec<&Structure> = op
        .errors
        .iter()
        .filter_map(|e| service.errors.get(e))
        .collect();
    let variants = modeled.iter().map(|s| {
        let variant = ident(&s.name);
        let docs = match &s.docs {
            Some(html) => doc_html(Some(html)),
            None => outer_doc(&format!("The `{}` error.", s.name.trim_start_matches("r#"))),
        };
        // A large structure is boxed, so that the enum stays about the
        // size of its other variants (see `size`).
        if boxed.contains(s.name.as_str()) {
            quote! { #docs #variant(::std::boxed::Box<#variant>), }
        } else {
            quote! { #docs #variant(#variant), }
        }
    });
    // A modeled error whose body cannot be read keeps its code, message
    // and request id as `Unhandled`, with the parse error as its source, as
    // the AWS SDKs do (see `smithy_runtime::operation_error!`).
    let codes = modeled.iter().map(|s| {
        let variant = ident(&s.name);
        let code = s
            .error
            .as_ref()
            .map_or(s.name.as_str(), |e| e.code.as_str());
        // A query-compatible service's header carries the query code.
        match s.error.as_ref().and_then(|e| e.alias.as_deref()) {
            Some(alias) => quote! { #variant = #code | #alias, },
            None => quote! { #variant = #code, },
        }
    });
    let allow = attrs::allow_deprecated(modeled.iter().any(|s| s.deprecated.is_some()));
    quote! {
        #doc
        #allow
        #[derive(Debug)]
        pub enum #name {
            #(#variants)*
            /// An error the model does not name for this operation, or a named
            /// one whose body could not be read (see
            /// [`Unhandled::parse_error`](::smithy_runtime::Unhandled::parse_error)).
            Unhandled(::smithy_runtime::Unhandled),
        }

        ::smithy_runtime::operation_error!(#allow #name { #(#codes)* });
    }
}
