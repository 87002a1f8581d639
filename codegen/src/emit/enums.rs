//! Enums: a variant per known value and `Unknown` keeping any other value,
//! so parsing a response never fails on a value added after generation.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_html, ident, outer_doc};
use crate::ir::{Enum, Service};

/// Every enum of the service.
pub fn emit(service: &Service) -> TokenStream {
    service.enums.values().map(enumeration).collect()
}

fn enumeration(e: &Enum) -> TokenStream {
    let name = ident(&e.name);
    // An enum the model leaves undocumented still needs a doc: the
    // generated crate has `#![warn(missing_docs)]`.
    let docs = match &e.docs {
        Some(html) => doc_html(Some(html)),
        None => outer_doc(&format!("The `{}` enum.", e.id.name())),
    };
    let variants = e.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let docs = match &v.docs {
            Some(_) => doc_html(v.docs.as_deref()),
            None => {
                let doc = format!(" `{}`", v.value);
                quote! { #[doc = #doc] }
            }
        };
        quote! { #docs #variant, }
    });
    let as_str = e.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let value = &v.value;
        quote! { Self::#variant => #value, }
    });
    let from_str = e.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let value = &v.value;
        quote! { #value => Self::#variant, }
    });
    let values = e.variants.iter().map(|v| &v.value);
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#variants)*
            /// A value this client does not know, kept as sent.
            Unknown(::std::string::String),
        }

        impl #name {
            /// Every value the model defines, in model order.
            pub const VALUES: &'static [&'static str] = &[#(#values),*];

            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str)*
                    Self::Unknown(value) => value,
                }
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_str)*
                    other => Self::Unknown(::std::string::String::from(other)),
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for #name {
            fn from(value: ::std::string::String) -> Self {
                Self::from(value.as_str())
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::smithy_runtime::serde::Serialize for #name {
            fn serialize<S: ::smithy_runtime::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::smithy_runtime::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::smithy_runtime::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::std::string::String as ::smithy_runtime::serde::Deserialize>::deserialize(deserializer)?;
                ::std::result::Result::Ok(Self::from(value))
            }
        }
    }
}
