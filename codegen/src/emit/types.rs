//! Structures (with serde derives) and the builders of input structures.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{Scope, doc_html, ident, outer_doc, rust_type, serde_crate};
use crate::ir::{Field, Service, Structure};

/// The `types` module's structures and its `builders` submodule.
pub fn emit(service: &Service) -> TokenStream {
    let structures = service
        .structures
        .values()
        .map(|s| structure(service, s, Scope::Types));
    let builders: Vec<TokenStream> = service
        .structures
        .values()
        .filter(|s| s.usage.input)
        .map(|s| builder(service, s))
        .collect();
    let builders_module = if builders.is_empty() {
        TokenStream::new()
    } else {
        quote! {
            /// Builders for the structures of requests.
            pub mod builders {
                #(#builders)*
            }
        }
    };
    quote! {
        #(#structures)*
        #builders_module
    }
}

/// A structure's definition. Error structures reuse it from the `error`
/// module with their metadata field added by the caller.
pub(crate) fn structure(service: &Service, s: &Structure, scope: Scope) -> TokenStream {
    let name = ident(&s.name);
    let docs = match (&s.docs, &s.error) {
        (Some(html), _) => doc_html(Some(html)),
        (None, Some(error)) => outer_doc(&format!(
            "The `{}` error{}.",
            error.code,
            error
                .status
                .map(|status| format!(" (HTTP {status})"))
                .unwrap_or_default()
        )),
        (None, None) => outer_doc(&format!("The `{}` structure.", s.id.name())),
    };
    let fields = s.members.iter().map(|f| field(service, f, scope));
    let extra = if s.error.is_some() {
        quote! {
            #[serde(skip)]
            meta: ::smithy_runtime::ErrorMetadata,
        }
    } else {
        TokenStream::new()
    };
    // Structures with nothing required can be written as
    // `Name { x: Some(..), ..Default::default() }`.
    let default = if s.members.iter().all(|f| f.optional) {
        quote! { Default, }
    } else {
        TokenStream::new()
    };
    let serde = serde_crate();
    let builder_fn = if s.usage.input && s.error.is_none() {
        let builder = builder_ident(&s.name);
        let doc = format!(" Starts a builder for [`{}`].", s.name);
        quote! {
            impl #name {
                #[doc = #doc]
                pub fn builder() -> builders::#builder {
                    builders::#builder::default()
                }
            }
        }
    } else {
        TokenStream::new()
    };
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #default ::smithy_runtime::serde::Serialize, ::smithy_runtime::serde::Deserialize)]
        #serde
        pub struct #name {
            #(#fields)*
            #extra
        }
        #builder_fn
    }
}

fn field(service: &Service, f: &Field, scope: Scope) -> TokenStream {
    let name = ident(&f.rust_name);
    let docs = match &f.docs {
        Some(html) => doc_html(Some(html)),
        None => outer_doc(&format!("The `{}` member.", f.wire_name)),
    };
    let json_name = &f.json_name;
    let ty = field_type(service, f, scope);
    let attrs = if f.optional {
        quote! { #[serde(rename = #json_name, skip_serializing_if = "::std::option::Option::is_none")] }
    } else if f.idempotency_token {
        quote! { #[serde(rename = #json_name, default = "::smithy_runtime::idempotency_token")] }
    } else {
        quote! { #[serde(rename = #json_name)] }
    };
    quote! {
        #docs
        #attrs
        pub #name: #ty,
    }
}

/// The field's declared type: boxed if on a cycle, `Option` if optional.
pub(crate) fn field_type(service: &Service, f: &Field, scope: Scope) -> TokenStream {
    let inner = value_type(service, f, scope);
    if f.optional {
        quote! { ::std::option::Option<#inner> }
    } else {
        inner
    }
}

fn value_type(service: &Service, f: &Field, scope: Scope) -> TokenStream {
    let inner = rust_type(service, &f.ty, scope);
    if f.boxed {
        quote! { ::std::boxed::Box<#inner> }
    } else {
        inner
    }
}

fn builder(service: &Service, s: &Structure) -> TokenStream {
    let target = ident(&s.name);
    let builder = builder_ident(&s.name);
    let doc = outer_doc(&format!(
        "A builder for [`{0}`](super::{0}).",
        s.name.trim_start_matches("r#")
    ));
    let slots = s.members.iter().map(|f| {
        let name = ident(&f.rust_name);
        let ty = value_type(service, f, Scope::Builders);
        quote! { #name: Option<#ty>, }
    });
    let setters = s.members.iter().map(|f| setter(service, s, f));
    let fallible = s
        .members
        .iter()
        .any(|f| !f.optional && !f.idempotency_token);
    let assignments = s.members.iter().map(|f| {
        let name = ident(&f.rust_name);
        let wire = &f.wire_name;
        let value = if f.optional {
            quote! { self.#name }
        } else if f.idempotency_token {
            quote! { self.#name.unwrap_or_else(::smithy_runtime::idempotency_token) }
        } else {
            quote! {
                self.#name.ok_or_else(|| {
                    ::smithy_runtime::validate::missing(&::smithy_runtime::Path::Root.member(#wire))
                })?
            }
        };
        quote! { #name: #value, }
    });
    let build = if fallible {
        let doc = format!(
            " Builds the [`{0}`](super::{0}).\n\n # Errors\n\n When a required member is not set; the error names it.",
            s.name.trim_start_matches("r#")
        );
        let docs: Vec<&str> = doc.split('\n').collect();
        quote! {
            #(#[doc = #docs])*
            pub fn build(self) -> Result<super::#target, ::smithy_runtime::ValidationError> {
                Ok(super::#target { #(#assignments)* })
            }
        }
    } else {
        let doc = format!(
            " Builds the [`{0}`](super::{0}).",
            s.name.trim_start_matches("r#")
        );
        quote! {
            #[doc = #doc]
            pub fn build(self) -> super::#target {
                super::#target { #(#assignments)* }
            }
        }
    };
    quote! {
        #doc
        #[derive(Debug, Clone, Default)]
        pub struct #builder {
            #(#slots)*
        }
        impl #builder {
            #(#setters)*
            #build
        }
    }
}

fn setter(service: &Service, s: &Structure, f: &Field) -> TokenStream {
    let name = ident(&f.rust_name);
    let ty = rust_type(service, &f.ty, Scope::Builders);
    let doc = format!(
        " Sets [`{0}::{1}`](super::{0}::{1}){2}.",
        s.name.trim_start_matches("r#"),
        f.rust_name.trim_start_matches("r#"),
        if f.idempotency_token {
            "; a fresh token is used when it is not set"
        } else if !f.optional {
            " (required)"
        } else {
            ""
        }
    );
    let value = if f.boxed {
        quote! { ::std::boxed::Box::new(value.into()) }
    } else {
        quote! { value.into() }
    };
    quote! {
        #[doc = #doc]
        #[must_use]
        pub fn #name(mut self, value: impl Into<#ty>) -> Self {
            self.#name = Some(#value);
            self
        }
    }
}

/// The builder of structure `name`: `NameBuilder`. A name the IR suffixed
/// with `_` to avoid a keyword or a collision (`Self_`, `FooBar_`) keeps its
/// underscores at the end (`SelfBuilder_`): `Self_Builder` would trip the
/// `non_camel_case_types` lint, and moving them keeps builder names distinct.
fn builder_ident(name: &str) -> proc_macro2::Ident {
    let name = name.trim_start_matches("r#");
    let base = name.trim_end_matches('_');
    let underscores = &name[base.len()..];
    format_ident!("{base}Builder{underscores}")
}
