//! Enums: a variant per known value and `Unknown` keeping any other value,
//! so parsing a response never fails on a value added after generation.

use proc_macro2::TokenStream;
use quote::quote;

use super::attrs;
use super::rust::{doc_html, ident, outer_doc};
use crate::ir::{Enum, Service};

/// Every enum of the service.
pub fn emit(service: &Service) -> TokenStream {
    service
        .enums
        .values()
        .map(|e| {
            if e.int {
                int_enumeration(e)
            } else {
                enumeration(e)
            }
        })
        .collect()
}

/// The enum's docs: the model's, else a line (the generated crate has
/// `#![warn(missing_docs)]`).
fn enum_docs(e: &Enum) -> TokenStream {
    match &e.docs {
        Some(html) => doc_html(Some(html)),
        None => outer_doc(&format!("The `{}` enum.", e.id.name())),
    }
}

fn variant_docs(e: &Enum) -> Vec<TokenStream> {
    e.variants
        .iter()
        .map(|v| match &v.docs {
            Some(_) => doc_html(v.docs.as_deref()),
            None => {
                let doc = format!(" `{}`", v.value);
                quote! { #[doc = #doc] }
            }
        })
        .collect()
}

fn enumeration(e: &Enum) -> TokenStream {
    let name = ident(&e.name);
    let docs = enum_docs(e);
    let deprecated = attrs::deprecated(e.deprecated.as_ref());
    // Its own impls name it.
    let allow = attrs::allow_deprecated(e.deprecated.is_some());
    let variants = e.variants.iter().zip(variant_docs(e)).map(|(v, docs)| {
        let variant = ident(&v.rust_name);
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
        #deprecated
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#variants)*
            /// A value this client does not know, kept as sent.
            Unknown(::std::string::String),
        }

        #allow
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

        #allow
        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_str)*
                    other => Self::Unknown(::std::string::String::from(other)),
                }
            }
        }

        #allow
        impl ::std::convert::From<::std::string::String> for #name {
            fn from(value: ::std::string::String) -> Self {
                Self::from(value.as_str())
            }
        }

        #allow
        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        #allow
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #allow
        impl ::smithy_runtime::serde::Serialize for #name {
            fn serialize<S: ::smithy_runtime::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        #allow
        impl<'de> ::smithy_runtime::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::smithy_runtime::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::std::string::String as ::smithy_runtime::serde::Deserialize>::deserialize(deserializer)?;
                ::std::result::Result::Ok(Self::from(value))
            }
        }
    }
}

/// An `intEnum`: as a string enum, with `i32` values, written as a JSON
/// number.
fn int_enumeration(e: &Enum) -> TokenStream {
    let name = ident(&e.name);
    let docs = enum_docs(e);
    let deprecated = attrs::deprecated(e.deprecated.as_ref());
    let allow = attrs::allow_deprecated(e.deprecated.is_some());
    let variants = e.variants.iter().zip(variant_docs(e)).map(|(v, docs)| {
        let variant = ident(&v.rust_name);
        quote! { #docs #variant, }
    });
    // Negative values are spelled `-` and the magnitude, as in Rust source.
    let values: Vec<TokenStream> = e
        .variants
        .iter()
        .map(|v| {
            let number = i64::from(v.number.unwrap_or_default());
            let magnitude = proc_macro2::Literal::u64_unsuffixed(number.unsigned_abs());
            if number < 0 {
                quote! { -#magnitude }
            } else {
                quote! { #magnitude }
            }
        })
        .collect();
    let as_i32 = e.variants.iter().zip(&values).map(|(v, value)| {
        let variant = ident(&v.rust_name);
        quote! { Self::#variant => #value, }
    });
    let from_i32 = e.variants.iter().zip(&values).map(|(v, value)| {
        let variant = ident(&v.rust_name);
        quote! { #value => Self::#variant, }
    });
    quote! {
        #docs
        #deprecated
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#variants)*
            /// A value this client does not know, kept as sent.
            Unknown(i32),
        }

        #allow
        impl #name {
            /// Every value the model defines, in model order.
            pub const VALUES: &'static [i32] = &[#(#values),*];

            /// The value as it appears on the wire.
            pub fn as_i32(&self) -> i32 {
                match self {
                    #(#as_i32)*
                    Self::Unknown(value) => *value,
                }
            }
        }

        #allow
        impl ::std::convert::From<i32> for #name {
            fn from(value: i32) -> Self {
                match value {
                    #(#from_i32)*
                    other => Self::Unknown(other),
                }
            }
        }

        #allow
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.as_i32(), f)
            }
        }

        #allow
        impl ::smithy_runtime::serde::Serialize for #name {
            fn serialize<S: ::smithy_runtime::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_i32(self.as_i32())
            }
        }

        #allow
        impl<'de> ::smithy_runtime::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::smithy_runtime::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <i32 as ::smithy_runtime::serde::Deserialize>::deserialize(deserializer)?;
                ::std::result::Result::Ok(Self::from(value))
            }
        }
    }
}
