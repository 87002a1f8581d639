//! Unions: a Rust enum with a tuple variant per member and `Unknown`
//! keeping the name of a member this client does not know. The JSON is an
//! object with exactly one member; the impls are short because the work is
//! in `smithy_runtime::serde_util::union`.

use proc_macro2::TokenStream;
use quote::quote;

use super::attrs::{self, REDACTED};
use super::rust::{Scope, doc_html, ident, outer_doc};
use super::types::value_type;
use crate::ir::{Field, Service, Structure, TypeKind};

/// Whether the member targets `smithy.api#Unit`: a variant without a value.
fn is_unit(f: &Field) -> bool {
    matches!(f.ty.kind, TypeKind::Unit)
}

/// A union's enum and its `Debug`, `Serialize` and `Deserialize` impls.
pub(crate) fn union(service: &Service, s: &Structure, scope: Scope) -> TokenStream {
    let name = ident(&s.name);
    let type_name = s.name.trim_start_matches("r#");
    let docs = match &s.docs {
        Some(html) => doc_html(Some(html)),
        None => outer_doc(&format!("The `{}` union.", s.id.name())),
    };
    let deprecated = attrs::deprecated(s.deprecated.as_ref());
    let allow = attrs::allow_deprecated(service.touches_deprecated(&s.name));
    let variants = s.members.iter().map(|f| {
        let variant = ident(&f.rust_name);
        let docs = match &f.docs {
            Some(html) => doc_html(Some(html)),
            None => outer_doc(&format!("The `{}` member.", f.wire_name)),
        };
        let deprecated = attrs::deprecated(f.deprecated.as_ref());
        if is_unit(f) {
            return quote! { #docs #deprecated #variant, };
        }
        let ty = value_type(service, f, scope);
        quote! { #docs #deprecated #variant(#ty), }
    });
    let serializers = s.members.iter().map(|f| {
        let variant = ident(&f.rust_name);
        let json_name = &f.wire_name;
        if is_unit(f) {
            return quote! { Self::#variant => union::serialize_unit_member(serializer, #json_name), };
        }
        match attrs::marker(&f.ty) {
            Some(marker) => quote! {
                Self::#variant(value) => union::serialize_member_as::<#marker, _, _>(serializer, #json_name, value),
            },
            None => quote! {
                Self::#variant(value) => union::serialize_member(serializer, #json_name, value),
            },
        }
    });
    let readers = s.members.iter().map(|f| {
        let variant = ident(&f.rust_name);
        let json_name = &f.wire_name;
        if is_unit(f) {
            return quote! { #json_name => union::next_unit(map)?.map(|()| Self::#variant), };
        }
        let read = match attrs::marker(&f.ty) {
            Some(marker) => quote! { union::next_value_as::<#marker, _, _>(map)? },
            None => quote! { union::next_value(map)? },
        };
        if f.boxed {
            quote! { #json_name => #read.map(|value| Self::#variant(::std::boxed::Box::new(value))), }
        } else {
            quote! { #json_name => #read.map(Self::#variant), }
        }
    });
    let (debug_derive, debug_impl) = if s.redacts() {
        let arms = s.members.iter().map(|f| {
            let variant = ident(&f.rust_name);
            let label = f.rust_name.trim_start_matches("r#");
            if is_unit(f) {
                quote! { Self::#variant => f.write_str(#label), }
            } else if f.sensitive || s.sensitive {
                quote! { Self::#variant(_) => f.debug_tuple(#label).field(&#REDACTED).finish(), }
            } else {
                quote! { Self::#variant(value) => f.debug_tuple(#label).field(value).finish(), }
            }
        });
        let debug = quote! {
            #allow
            impl ::std::fmt::Debug for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    match self {
                        #(#arms)*
                        Self::Unknown(name) => f.debug_tuple("Unknown").field(name).finish(),
                    }
                }
            }
        };
        (TokenStream::new(), debug)
    } else {
        (quote! { Debug, }, TokenStream::new())
    };
    quote! {
        #docs
        #deprecated
        #allow
        #[derive(#debug_derive Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
            /// A member this client does not know, by its name (its value is
            /// not kept). Sending it is an error.
            Unknown(::std::string::String),
        }

        #debug_impl

        #allow
        impl ::smithy_runtime::serde::Serialize for #name {
            fn serialize<S: ::smithy_runtime::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                use ::smithy_runtime::serde_util::union;
                match self {
                    #(#serializers)*
                    Self::Unknown(name) => union::serialize_unknown::<S>(#type_name, name),
                }
            }
        }

        #allow
        impl<'de> ::smithy_runtime::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::smithy_runtime::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                ::smithy_runtime::serde_util::union::deserialize(deserializer)
            }
        }

        #allow
        impl ::smithy_runtime::serde_util::union::Union for #name {
            const NAME: &'static str = #type_name;

            fn read<'de, A: ::smithy_runtime::serde::de::MapAccess<'de>>(
                name: &str,
                map: &mut A,
            ) -> ::std::result::Result<::std::option::Option<Self>, A::Error> {
                use ::smithy_runtime::serde_util::union;
                ::std::result::Result::Ok(match name {
                    #(#readers)*
                    other => union::next_unknown(map, other)?.map(Self::Unknown),
                })
            }
        }
    }
}
