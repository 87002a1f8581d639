//! Structures (with serde derives) and the builders of input structures.
//! Unions are in [`super::unions`].

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::attrs::{self, REDACTED};
use super::rust::{Scope, doc_html, ident, outer_doc, rust_type, serde_crate};
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
        .filter(|s| s.usage.input && !s.is_union)
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
    if s.is_union {
        return super::unions::union(service, s, scope);
    }
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
    let fields = (0..s.members.len()).map(|index| field(service, s, index, scope));
    let member_defaults = super::defaults::member_impls(service, s, scope);
    let deprecated = attrs::deprecated(s.deprecated.as_ref());
    let allow = attrs::allow_deprecated(service.touches_deprecated(&s.name));
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
    // `Debug` is written by hand when it must hide a `@sensitive` value.
    let (debug_derive, debug_impl) = if s.redacts() {
        (TokenStream::new(), debug(s, &allow))
    } else {
        (quote! { Debug, }, TokenStream::new())
    };
    let builder_fn = if s.usage.input && s.error.is_none() {
        let builder = builder_ident(&s.name);
        let doc = format!(" Starts a builder for [`{}`].", s.name);
        quote! {
            #allow
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
        #deprecated
        #allow
        #[derive(#debug_derive Clone, PartialEq, #default ::smithy_runtime::serde::Serialize, ::smithy_runtime::serde::Deserialize)]
        #serde
        pub struct #name {
            #(#fields)*
            #extra
        }
        #debug_impl
        #builder_fn
        #member_defaults
    }
}

/// `Debug` for a structure with `@sensitive` members: each of those (every
/// member, if the shape itself is sensitive) shows as redacted, whatever it
/// holds.
fn debug(s: &Structure, allow: &TokenStream) -> TokenStream {
    let name = ident(&s.name);
    let type_name = s.name.trim_start_matches("r#");
    let fields = s.members.iter().map(|f| {
        let member = ident(&f.rust_name);
        let label = f.rust_name.trim_start_matches("r#");
        if f.sensitive || s.sensitive {
            quote! { .field(#label, &#REDACTED) }
        } else {
            quote! { .field(#label, &self.#member) }
        }
    });
    let meta = if s.error.is_some() {
        quote! { .field("meta", &self.meta) }
    } else {
        TokenStream::new()
    };
    quote! {
        #allow
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#type_name)
                    #(#fields)*
                    #meta
                    .finish()
            }
        }
    }
}

/// Field `index` of `s`.
fn field(service: &Service, s: &Structure, index: usize, scope: Scope) -> TokenStream {
    let Some(f) = s.members.get(index) else {
        return TokenStream::new();
    };
    let name = ident(&f.rust_name);
    let docs = match &f.docs {
        Some(html) => doc_html(Some(html)),
        None => outer_doc(&format!("The `{}` member.", f.wire_name)),
    };
    // The types' serde uses the model's member names, whatever the
    // protocol writes (restJson1's `jsonName`s are its own business).
    let json_name = &f.wire_name;
    let ty = field_type(service, f, scope);
    let marker = super::defaults::serde_marker(service, s, index);
    let with = attrs::serde_with(&f.ty, f.optional);
    let corrected = super::defaults::correction_marker(service, s, index);
    let attrs = match (f.optional, marker, corrected, with) {
        // Always written: unset, as the default.
        (true, Some(marker), _, _) => {
            let (default, with) = attrs::serde_with_default(&f.ty, &marker);
            quote! {
                #[serde(rename = #json_name, default = #default, with = #with)]
            }
        }
        // Client error correction: a required member a response lacks is
        // read as its default or zero value; nothing changes how it is
        // written.
        (true, None, Some(corrected), with) => {
            let default = format!("::smithy_runtime::serde_util::default::Or::<{corrected}>::some");
            match with {
                Some(with) => quote! {
                    #[serde(rename = #json_name, default = #default, skip_serializing_if = "::std::option::Option::is_none", with = #with)]
                },
                None => quote! {
                    #[serde(rename = #json_name, default = #default, skip_serializing_if = "::std::option::Option::is_none")]
                },
            }
        }
        // `with` turns off serde's "a missing `Option` is `None`", so
        // `default` puts it back.
        (true, None, None, Some(with)) => quote! {
            #[serde(rename = #json_name, default, skip_serializing_if = "::std::option::Option::is_none", with = #with)]
        },
        (true, None, None, None) => quote! {
            #[serde(rename = #json_name, skip_serializing_if = "::std::option::Option::is_none")]
        },
        (false, _, _, _) if f.idempotency_token => quote! {
            #[serde(rename = #json_name, default = "::smithy_runtime::idempotency_token")]
        },
        // A required member the JSON lacks gets its default, as from the
        // builder.
        (false, Some(marker), _, with) => {
            let default = match attrs::serde_required_default(&marker) {
                Some(path) => quote! { default = #path },
                None => quote! { default },
            };
            match with {
                Some(with) => quote! { #[serde(rename = #json_name, #default, with = #with)] },
                None => quote! { #[serde(rename = #json_name, #default)] },
            }
        }
        (false, None, _, Some(with)) => quote! { #[serde(rename = #json_name, with = #with)] },
        (false, None, _, None) => quote! { #[serde(rename = #json_name)] },
    };
    let deprecated = attrs::deprecated(f.deprecated.as_ref());
    quote! {
        #docs
        #deprecated
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

pub(crate) fn value_type(service: &Service, f: &Field, scope: Scope) -> TokenStream {
    let inner = rust_type(service, &f.ty, scope);
    if f.boxed {
        quote! { ::std::boxed::Box<#inner> }
    } else {
        inner
    }
}

/// Whether a structure's builder's `build()` returns a `Result`: when some
/// member must be set and has neither a default nor a token to fill in.
pub(crate) fn build_is_fallible(service: &Service, s: &Structure) -> bool {
    s.members
        .iter()
        .any(|f| !f.optional && !builder_fills(service, f))
}

/// Whether the builder fills in the member when it is unset: it has a
/// default the generator writes, or is an idempotency token.
pub(crate) fn builder_fills(service: &Service, f: &Field) -> bool {
    f.idempotency_token || super::defaults::has(service, f)
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
    let defaults: Vec<Option<TokenStream>> = s
        .members
        .iter()
        .map(|f| super::defaults::builder_fill(service, f))
        .collect();
    let fallible = build_is_fallible(service, s);
    let assignments = s.members.iter().zip(&defaults).map(|(f, default)| {
        let name = ident(&f.rust_name);
        let wire = &f.wire_name;
        let value = if f.optional {
            quote! { self.#name }
        } else if f.idempotency_token {
            quote! { self.#name.unwrap_or_else(::smithy_runtime::idempotency_token) }
        } else if let Some(default) = default {
            quote! { self.#name #default }
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
    // A builder holds no more than the structure it builds, so it hides
    // the same values.
    let allow = attrs::allow_deprecated(service.touches_deprecated(&s.name));
    let (debug_derive, debug_impl) = if s.redacts() {
        let builder_name = builder.to_string();
        let fields = s.members.iter().map(|f| {
            let member = ident(&f.rust_name);
            let label = f.rust_name.trim_start_matches("r#");
            if f.sensitive || s.sensitive {
                quote! { .field(#label, &#REDACTED) }
            } else {
                quote! { .field(#label, &self.#member) }
            }
        });
        let debug = quote! {
            #allow
            impl ::std::fmt::Debug for #builder {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.debug_struct(#builder_name)
                        #(#fields)*
                        .finish()
                }
            }
        };
        (TokenStream::new(), debug)
    } else {
        (quote! { Debug, }, TokenStream::new())
    };
    quote! {
        #doc
        #allow
        #[derive(#debug_derive Clone, Default)]
        pub struct #builder {
            #(#slots)*
        }
        #allow
        impl #builder {
            #(#setters)*
            #build
        }
        #debug_impl
    }
}

/// An integer literal; a negative one as `-` and the magnitude, which is
/// how Rust source spells it.
pub(crate) fn int_literal(value: i64) -> TokenStream {
    let magnitude = proc_macro2::Literal::u64_unsuffixed(value.unsigned_abs());
    if value < 0 {
        quote! { -#magnitude }
    } else {
        quote! { #magnitude }
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
        } else if !f.optional && super::defaults::has(service, f) {
            "; the model's default when it is not set"
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
    let deprecated = attrs::deprecated(f.deprecated.as_ref());
    let operator = attrs::operator_setter_allow(&f.rust_name);
    quote! {
        #[doc = #doc]
        #deprecated
        #operator
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
