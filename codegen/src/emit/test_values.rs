//! Rust expressions that build a value of a generated type from a Smithy
//! node value (a protocol test case's `params`): builder calls for
//! structures sent in requests, field assignments for the ones read from
//! responses, literals for the rest.
//!
//! The expressions may use `?` on a `Result<_, String>`: they are placed
//! in functions that return one.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::rust::{Scope, ident, type_path};
use super::types::{build_is_fallible, int_literal};
use crate::ir::{Document, Field, Number, Service, Structure, Type, TypeKind};

/// What building a value found besides the expression.
#[derive(Debug, Default)]
pub(crate) struct Built {
    /// Some float in it is NaN, which `PartialEq` never finds equal.
    pub has_nan: bool,
    /// It sets the fields of an error structure one by one after
    /// `Default::default()` (see [`structure`]).
    pub assigns_fields: bool,
}

/// The expression for structure `name` holding `value`'s members.
pub(crate) fn structure(
    service: &Service,
    name: &str,
    value: &Document,
    built: &mut Built,
) -> Result<TokenStream, String> {
    let s = service
        .structures
        .get(name)
        .or_else(|| service.errors.get(name))
        .ok_or_else(|| format!("no structure {name}"))?;
    let Some(entries) = value.as_object() else {
        return Err(format!("expected an object for {}, found {value}", s.id));
    };
    let path = type_path(service, name, Scope::Sibling);
    if s.is_union {
        return union(service, s, &path, entries, built);
    }
    let mut members = Vec::new();
    for (key, item) in entries {
        let field = field(s, key)?;
        if item.is_null() {
            continue;
        }
        let expr = expr(service, &field.ty, item, built)
            .map_err(|e| format!("{}.{key}: {e}", s.id.name()))?;
        members.push((field, expr));
    }
    if s.usage.input {
        let setters = members.iter().map(|(f, expr)| {
            let setter = ident(&f.rust_name);
            quote! { .#setter(#expr) }
        });
        let build = if build_is_fallible(service, s) {
            quote! { .build().map_err(|e| e.to_string())? }
        } else {
            quote! { .build() }
        };
        return Ok(quote! { #path::builder() #(#setters)* #build });
    }
    if members.is_empty() {
        return Ok(quote! { <#path as ::std::default::Default>::default() });
    }
    if s.error.is_none() {
        let fields = members.iter().map(|(f, expr)| {
            let name = ident(&f.rust_name);
            let value = field_value(f, expr);
            if f.optional {
                quote! { #name: ::std::option::Option::Some(#value), }
            } else {
                quote! { #name: #value, }
            }
        });
        let rest = if members.len() < s.members.len() {
            quote! { ..::std::default::Default::default() }
        } else {
            TokenStream::new()
        };
        return Ok(quote! { #path { #(#fields)* #rest } });
    }
    // Error structures keep private metadata, so neither a struct literal
    // nor `..Default::default()` can name them from outside their module.
    built.assigns_fields = true;
    let assignments = members.iter().map(|(f, expr)| {
        let name = ident(&f.rust_name);
        let value = field_value(f, expr);
        if f.optional {
            quote! { value.#name = ::std::option::Option::Some(#value); }
        } else {
            quote! { value.#name = #value; }
        }
    });
    Ok(quote! {{
        let mut value = <#path as ::std::default::Default>::default();
        #(#assignments)*
        value
    }})
}

/// A field's value: boxed where the field breaks a cycle.
fn field_value(f: &Field, expr: &TokenStream) -> TokenStream {
    if f.boxed {
        quote! { ::std::boxed::Box::new(#expr) }
    } else {
        expr.clone()
    }
}

fn union(
    service: &Service,
    s: &Structure,
    path: &TokenStream,
    entries: &[(String, Document)],
    built: &mut Built,
) -> Result<TokenStream, String> {
    let mut iter = entries.iter();
    let (Some((key, item)), None) = (iter.next(), iter.next()) else {
        return Err(format!("a union {} needs exactly one member", s.id));
    };
    let f = field(s, key)?;
    let variant = ident(&f.rust_name);
    if matches!(f.ty.kind, TypeKind::Unit) {
        return Ok(quote! { #path::#variant });
    }
    let inner = expr(service, &f.ty, item, built)?;
    Ok(if f.boxed {
        quote! { #path::#variant(::std::boxed::Box::new(#inner)) }
    } else {
        quote! { #path::#variant(#inner) }
    })
}

fn field<'s>(s: &'s Structure, key: &str) -> Result<&'s Field, String> {
    s.members
        .iter()
        .find(|f| f.wire_name == key)
        .ok_or_else(|| format!("{} has no member {key:?}", s.id))
}

/// The expression for a value of type `ty`.
pub(crate) fn expr(
    service: &Service,
    ty: &Type,
    value: &Document,
    built: &mut Built,
) -> Result<TokenStream, String> {
    let mismatch = || format!("{value} is not a valid {:?}", ty.kind);
    Ok(match &ty.kind {
        TypeKind::String => {
            let text = value.as_str().ok_or_else(mismatch)?;
            quote! { ::std::string::String::from(#text) }
        }
        TypeKind::Bool => {
            let b = value.as_bool().ok_or_else(mismatch)?;
            quote! { #b }
        }
        TypeKind::Byte => integer(value, i64::from(i8::MIN), i64::from(i8::MAX), "i8")?,
        TypeKind::Short => integer(value, i64::from(i16::MIN), i64::from(i16::MAX), "i16")?,
        TypeKind::Integer => integer(value, i64::from(i32::MIN), i64::from(i32::MAX), "i32")?,
        TypeKind::Long => integer(value, i64::MIN, i64::MAX, "i64")?,
        TypeKind::Float => float(value, "f32", built)?,
        TypeKind::Double => float(value, "f64", built)?,
        TypeKind::BigInteger | TypeKind::BigDecimal => {
            let text = match value {
                Document::Number(n) => n.to_string(),
                Document::String(s) => s.clone(),
                _ => return Err(mismatch()),
            };
            let path = if matches!(ty.kind, TypeKind::BigInteger) {
                quote! { ::smithy_runtime::BigInteger }
            } else {
                quote! { ::smithy_runtime::BigDecimal }
            };
            quote! { #text.parse::<#path>().map_err(|e| e.to_string())? }
        }
        TypeKind::Blob => {
            let text = value.as_str().ok_or_else(mismatch)?;
            let bytes = Literal::byte_string(text.as_bytes());
            quote! { ::smithy_runtime::Blob::new(#bytes.to_vec()) }
        }
        TypeKind::Timestamp(_) => match value {
            Document::Number(n) if n.as_i64().is_some() => {
                let secs = int_literal(n.as_i64().unwrap_or_default());
                quote! { ::smithy_runtime::DateTime::from_secs(#secs) }
            }
            Document::Number(n) => {
                let secs = n.as_f64();
                let secs = Literal::f64_suffixed(secs);
                quote! { ::smithy_runtime::DateTime::from_secs_f64(#secs).map_err(|e| e.to_string())? }
            }
            Document::String(text) => quote! {
                ::smithy_runtime::DateTime::parse(#text, ::smithy_runtime::types::TimestampFormat::DateTime)
                    .map_err(|e| e.to_string())?
            },
            _ => return Err(mismatch()),
        },
        TypeKind::Document => {
            let json = value.to_string();
            quote! {
                ::smithy_runtime::serde_json::from_str::<::smithy_runtime::Document>(#json)
                    .map_err(|e| e.to_string())?
            }
        }
        TypeKind::List { member, sparse } => {
            let items = value.as_array().ok_or_else(mismatch)?;
            let items = items
                .iter()
                .enumerate()
                .map(|(index, item)| {
                    optional(service, member, item, *sparse, built)
                        .map_err(|e| format!("[{index}]: {e}"))
                })
                .collect::<Result<Vec<_>, _>>()?;
            quote! { ::std::vec![#(#items),*] }
        }
        TypeKind::Map {
            key,
            value: item_ty,
            sparse,
        } => {
            let entries = value.as_object().ok_or_else(mismatch)?;
            let entries = entries
                .iter()
                .map(|(k, v)| {
                    let k_expr = expr(service, key, &Document::String(k.clone()), built)?;
                    let v_expr = optional(service, item_ty, v, *sparse, built)
                        .map_err(|e| format!("[{k:?}]: {e}"))?;
                    Ok(quote! { (#k_expr, #v_expr) })
                })
                .collect::<Result<Vec<_>, String>>()?;
            quote! {
                <::std::collections::HashMap<_, _> as ::std::iter::FromIterator<_>>::from_iter([#(#entries),*])
            }
        }
        TypeKind::Structure(name) => structure(service, name, value, built)?,
        TypeKind::Unit => return Err("a unit value outside a union".to_owned()),
        TypeKind::Enum(name) => {
            let text = value.as_str().ok_or_else(mismatch)?;
            let path = type_path(service, name, Scope::Sibling);
            quote! { #path::from(#text) }
        }
        TypeKind::IntEnum(name) => {
            let path = type_path(service, name, Scope::Sibling);
            let number = integer(value, i64::from(i32::MIN), i64::from(i32::MAX), "i32")?;
            quote! { #path::from(#number) }
        }
    })
}

/// An item of a sparse list or map is an `Option`; `null` is `None`.
fn optional(
    service: &Service,
    ty: &Type,
    value: &Document,
    sparse: bool,
    built: &mut Built,
) -> Result<TokenStream, String> {
    if !sparse {
        return expr(service, ty, value, built);
    }
    if value.is_null() {
        return Ok(quote! { ::std::option::Option::None });
    }
    let inner = expr(service, ty, value, built)?;
    Ok(quote! { ::std::option::Option::Some(#inner) })
}

fn integer(value: &Document, min: i64, max: i64, ty: &str) -> Result<TokenStream, String> {
    match value.as_i64() {
        Some(n) if (min..=max).contains(&n) => {
            let magnitude = Literal::u64_unsuffixed(n.unsigned_abs());
            let literal: TokenStream = format!("{magnitude}{ty}")
                .parse()
                .map_err(|_| format!("{value} is not a valid {ty}"))?;
            Ok(if n < 0 {
                quote! { -#literal }
            } else {
                literal
            })
        }
        _ => Err(format!("{value} is not a valid {ty}")),
    }
}

fn float(value: &Document, ty: &str, built: &mut Built) -> Result<TokenStream, String> {
    let path = if ty == "f32" {
        quote! { f32 }
    } else {
        quote! { f64 }
    };
    Ok(match value {
        Document::Number(n) => {
            let v = Number::as_f64(*n);
            let literal = if ty == "f32" {
                // The literal is the nearest f32, as a client would hold it.
                let narrow = v.abs() as f32;
                if !narrow.is_finite() {
                    return Err(format!("{value} does not fit an f32"));
                }
                Literal::f32_suffixed(narrow)
            } else {
                Literal::f64_suffixed(v.abs())
            };
            if v.is_sign_negative() {
                quote! { -#literal }
            } else {
                quote! { #literal }
            }
        }
        Document::String(s) if s == "NaN" => {
            built.has_nan = true;
            quote! { #path::NAN }
        }
        Document::String(s) if s == "Infinity" => quote! { #path::INFINITY },
        Document::String(s) if s == "-Infinity" => quote! { #path::NEG_INFINITY },
        _ => return Err(format!("{value} is not a valid {ty}")),
    })
}
