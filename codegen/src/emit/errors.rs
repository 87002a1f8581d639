//! The `error` module: a structure per modeled error, carrying the
//! response's metadata, and an enum per operation of the errors it can
//! return, with one variant for errors the model does not name.

use proc_macro2::TokenStream;
use quote::quote;

use super::attrs;
use super::types::structure;
use super::{Scope, doc_html, ident, outer_doc};
use crate::ir::{Operation, Service, Structure};

/// The `error` module's items.
pub fn emit(service: &Service) -> TokenStream {
    let structures = service.errors.values().map(|s| error_structure(service, s));
    let enums = service
        .operations
        .values()
        .map(|op| operation_error(service, op));
    quote! {
        #(#structures)*
        #(#enums)*
    }
}

fn error_structure(service: &Service, s: &Structure) -> TokenStream {
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
    // after the body.
    let protocol = super::protocol::of(service);
    let reads = s.members.iter().filter_map(|f| {
        let (member, value) = protocol.error_member(service, f)?;
        Some(quote! { error.#member = #value; })
    });
    let body = protocol.error_body(service, s);
    quote! {
        #definition

        #allow
        impl #name {
            #[doc = #constructor_doc]
            pub(crate) fn from_response(
                meta: ::smithy_runtime::ErrorMetadata,
                response: &::smithy_runtime::HttpResponse,
            ) -> ::std::result::Result<Self, ::smithy_runtime::ResponseError> {
                let mut error: Self = #body?;
                #(#reads)*
                error.meta = meta;
                ::std::result::Result::Ok(error)
            }
        }

        #allow
        impl ::smithy_runtime::ProvideErrorMetadata for #name {
            fn meta(&self) -> &::smithy_runtime::ErrorMetadata {
                &self.meta
            }
        }

        #allow
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::smithy_runtime::error::display_error(f, &self.meta)
            }
        }

        #allow
        impl ::std::error::Error for #name {}
    }
}

fn operation_error(service: &Service, op: &Operation) -> TokenStream {
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
        quote! { #docs #variant(#variant), }
    });
    let metas = modeled.iter().map(|s| {
        let variant = ident(&s.name);
        quote! { Self::#variant(error) => ::smithy_runtime::ProvideErrorMetadata::meta(error), }
    });
    let parsers = modeled.iter().map(|s| {
        let variant = ident(&s.name);
        let code = s
            .error
            .as_ref()
            .map_or(s.name.as_str(), |e| e.code.as_str());
        // A modeled error whose body cannot be read keeps its code, message
        // and request id as `Unhandled`, with the parse error as its source,
        // as the AWS SDKs do, rather than becoming a bare response error.
        // A query-compatible service's header carries the query code.
        let codes = match s.error.as_ref().and_then(|e| e.alias.as_deref()) {
            Some(alias) => quote! { #code | #alias },
            None => quote! { #code },
        };
        quote! {
            ::std::option::Option::Some(#codes) => ::smithy_runtime::error::modeled_or_unhandled(
                meta, response, #variant::from_response,
            ).map_or_else(Self::Unhandled, Self::#variant),
        }
    });
    let unhandled = quote! {
        Self::Unhandled(::smithy_runtime::Unhandled::new(meta, response.body().clone()))
    };
    // Without modeled errors every code is unhandled; a one-arm match would
    // read oddly (and clippy says so).
    let resolve = if modeled.is_empty() {
        quote! { ::std::result::Result::Ok(#unhandled) }
    } else {
        quote! {
            ::std::result::Result::Ok(match meta.code() {
                #(#parsers)*
                _ => #unhandled,
            })
        }
    };
    let sources = modeled.iter().map(|s| {
        let variant = ident(&s.name);
        quote! { Self::#variant(error) => error, }
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

        #allow
        impl #name {
            /// Resolves the error code of a failed response to a variant.
            pub(crate) fn from_response(
                response: &::smithy_runtime::HttpResponse,
            ) -> ::std::result::Result<Self, ::smithy_runtime::ResponseError> {
                let meta = super::protocol::error_metadata(response);
                #resolve
            }

            fn inner(&self) -> &(dyn ::std::error::Error + 'static) {
                match self {
                    #(#sources)*
                    Self::Unhandled(error) => error,
                }
            }
        }

        #allow
        impl ::smithy_runtime::ProvideErrorMetadata for #name {
            fn meta(&self) -> &::smithy_runtime::ErrorMetadata {
                match self {
                    #(#metas)*
                    Self::Unhandled(error) => ::smithy_runtime::ProvideErrorMetadata::meta(error),
                }
            }
        }

        #allow
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(self.inner(), f)
            }
        }

        #allow
        impl ::std::error::Error for #name {
            fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                self.inner().source()
            }
        }
    }
}
