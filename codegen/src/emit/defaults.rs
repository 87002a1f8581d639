//! Members' `@default` values as Rust: the expression a builder fills a
//! required member with, and the `smithy_runtime::serde_util::default`
//! marker that writes an unset optional member of the JSON body as its
//! default and reads a missing one as it (see `Field::wire_default`).
//!
//! Zero values (`false`, `0`, `""`, empty blobs, lists and maps) are the
//! type's `Default`, and whole numbers and `true` have markers of their own
//! in the runtime, so most members need no generated code besides their
//! serde attribute; other values (strings, enums, documents, ...) get a
//! `MemberDefault` impl on their structure.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::rust::{Scope, ident, rust_type, type_path};
use super::types::int_literal;
use crate::ir::{DefaultValue, Document, Field, Number, Service, Structure, TypeKind};

/// The runtime module with the markers.
const MARKERS: &str = "::smithy_runtime::serde_util::default";

/// A member's default, written two ways.
pub(crate) struct DefaultCode {
    /// The expression of the value; `None` for the type's `Default`.
    pub expr: Option<TokenStream>,
    /// Whether `expr` is a literal that `unwrap_or` may take as is.
    pub literal: bool,
    /// The runtime's `Value` marker, as text for a serde attribute; `None`
    /// when only a `MemberDefault` impl can give the value.
    pub marker: Option<String>,
}

/// The default of `f`, with type paths as seen from `scope`; `None` when
/// it has none the generator can write.
pub(crate) fn of(service: &Service, f: &Field, scope: Scope) -> Option<DefaultCode> {
    let default = f.default.as_ref()?;
    if f.boxed {
        return None;
    }
    let zero = || DefaultCode {
        expr: None,
        literal: false,
        marker: Some(format!("{MARKERS}::Zero")),
    };
    let int = |value: i64, expr: TokenStream, literal: bool| DefaultCode {
        expr: Some(expr),
        literal,
        marker: Some(format!("{MARKERS}::Int<{value}>")),
    };
    let computed = |expr: TokenStream| DefaultCode {
        expr: Some(expr),
        literal: false,
        marker: None,
    };
    Some(match (default, &f.ty.kind) {
        (DefaultValue::Empty | DefaultValue::Bool(false), _) => zero(),
        (DefaultValue::Bool(true), _) => DefaultCode {
            expr: Some(quote! { true }),
            literal: true,
            marker: Some(format!("{MARKERS}::True")),
        },
        (DefaultValue::String(text), TypeKind::String) if text.is_empty() => zero(),
        (DefaultValue::String(text), TypeKind::String) => {
            computed(quote! { ::std::string::String::from(#text) })
        }
        (DefaultValue::String(text), TypeKind::Enum(name)) => {
            let path = type_path(service, name, scope);
            computed(quote! { #path::from(#text) })
        }
        (DefaultValue::Blob(bytes), _) if bytes.is_empty() => zero(),
        (DefaultValue::Blob(bytes), _) => {
            let bytes = Literal::byte_string(bytes);
            computed(quote! { ::smithy_runtime::Blob::new(#bytes.to_vec()) })
        }
        (DefaultValue::Document(value), _) => computed(document(value)?),
        (DefaultValue::Number(n), kind) => match kind {
            TypeKind::Byte | TypeKind::Short | TypeKind::Integer | TypeKind::Long => {
                match n.as_i64()? {
                    0 => zero(),
                    value => int(value, int_literal(value), true),
                }
            }
            TypeKind::Float | TypeKind::Double => {
                let value = Some(n.as_f64()).filter(|v| v.is_finite())?;
                if value == 0.0 && value.is_sign_positive() {
                    return Some(zero());
                }
                let expr = float_literal(value);
                // Whole numbers up to 2^53 are exact as `i64` and as floats.
                if value.fract() == 0.0 && value.abs() < 9_007_199_254_740_992.0 {
                    int(value as i64, expr, true)
                } else {
                    DefaultCode {
                        expr: Some(expr),
                        literal: true,
                        marker: None,
                    }
                }
            }
            TypeKind::IntEnum(name) => {
                let path = type_path(service, name, scope);
                let value = i32::try_from(n.as_i64()?).ok()?;
                let literal = int_literal(value.into());
                DefaultCode {
                    expr: Some(quote! { #path::from(#literal) }),
                    literal: false,
                    marker: Some(format!("{MARKERS}::IntEnum<{value}>")),
                }
            }
            TypeKind::BigInteger | TypeKind::BigDecimal => {
                let ty = rust_type(service, &f.ty, scope);
                let value = n.as_i64()?;
                let literal = Literal::i64_suffixed(value);
                int(value, quote! { #ty::from(#literal) }, false)
            }
            TypeKind::Timestamp(_) => {
                let value = n.as_i64()?;
                let literal = int_literal(value);
                int(
                    value,
                    quote! { ::smithy_runtime::DateTime::from_secs(#literal) },
                    false,
                )
            }
            _ => return None,
        },
        _ => return None,
    })
}

/// Whether `f` has a default the generator can write.
pub(crate) fn has(service: &Service, f: &Field) -> bool {
    of(service, f, Scope::Builders).is_some()
}

/// `.unwrap_or…(...)` giving a builder's required member its default.
/// (Spelled out even where the structure's `MemberDefault` impl has the
/// same value for serde: `<Name as MemberDefault<7>>::value` would say
/// less to a reader.)
pub(crate) fn builder_fill(service: &Service, f: &Field) -> Option<TokenStream> {
    let default = of(service, f, Scope::Builders)?;
    Some(match (default.expr, default.literal) {
        (None, _) => quote! { .unwrap_or_default() },
        (Some(expr), true) => quote! { .unwrap_or(#expr) },
        (Some(expr), false) => quote! { .unwrap_or_else(|| #expr) },
    })
}

/// Whether serde gives `f` its default when the JSON lacks it: an `Option`
/// of the JSON body with a wire default (which is also written when
/// unset), or a required member that is not an `Option`, as its builder
/// does.
fn in_serde(f: &Field) -> bool {
    if f.optional {
        f.wire_default
    } else {
        !f.idempotency_token
    }
}

/// The `serde_util::default::Value` marker of field `index` of `s` (as text,
/// from the structure's module), if serde fills its default in.
pub(crate) fn serde_marker(service: &Service, s: &Structure, index: usize) -> Option<String> {
    let f = s.members.get(index)?;
    if !in_serde(f) {
        return None;
    }
    let default = of(service, f, Scope::Types)?;
    Some(default.marker.unwrap_or_else(|| {
        let name = s.name.trim_start_matches("r#");
        format!("{MARKERS}::Member<{name}, {index}>")
    }))
}

/// Whether member `f` of `s` takes part in client error correction (Smithy's
/// aggregate-types specification: a client may fill in a required member
/// a response lacks): a required member without `@clientOptional` of a
/// structure only responses reach (an output, an error, or a structure
/// they hold that no input holds: the command-line program reads inputs
/// with the same serde, and a missing required member of an input must stay
/// an error there).
pub(crate) fn corrects(s: &Structure, f: &Field) -> bool {
    s.usage.output
        && !s.usage.input
        && !s.is_union
        && f.required
        && f.optional
        && !f.client_optional
        && !f.idempotency_token
}

/// The value client error correction reads a missing member as: a
/// `serde_util::default::Value` marker (as text, naming the structure
/// `path`), and the `MemberDefault` impl's type and value when the marker
/// is `Member`.
struct Correction {
    marker: String,
    member_impl: Option<(TokenStream, TokenStream)>,
}

/// The correction of field `index` of `s` (see [`corrects`]), unless serde
/// already fills the member in (its wire default): the model's default if
/// the generator can write it, else the zero value of its type (`false`,
/// `0`, `""`, empty blobs, lists and maps, the epoch, a `null` document, an
/// enum's or union's unknown variant, a structure with nothing set). `None`
/// when the member is not corrected.
fn correction(
    service: &Service,
    s: &Structure,
    index: usize,
    path: &str,
    scope: Scope,
) -> Option<Correction> {
    let f = s.members.get(index)?;
    if !corrects(s, f) || serde_marker(service, s, index).is_some() {
        return None;
    }
    let member = |ty: TokenStream, expr: TokenStream| Correction {
        marker: format!("{MARKERS}::Member<{path}, {index}>"),
        member_impl: Some((ty, expr)),
    };
    let marker = |marker: &str| Correction {
        marker: format!("{MARKERS}::{marker}"),
        member_impl: None,
    };
    if let Some(default) = of(service, f, scope) {
        return Some(match (default.marker, default.expr) {
            (Some(text), _) => Correction {
                marker: text,
                member_impl: None,
            },
            (None, Some(expr)) => member(rust_type(service, &f.ty, scope), expr),
            (None, None) => marker("Zero"),
        });
    }
    Some(match &f.ty.kind {
        TypeKind::String
        | TypeKind::Bool
        | TypeKind::Byte
        | TypeKind::Short
        | TypeKind::Integer
        | TypeKind::Long
        | TypeKind::Float
        | TypeKind::Double
        | TypeKind::Blob
        | TypeKind::Document
        | TypeKind::List { .. }
        | TypeKind::Map { .. } => marker("Zero"),
        TypeKind::BigInteger | TypeKind::BigDecimal | TypeKind::Timestamp(_) => marker("Int<0>"),
        TypeKind::Enum(_) => marker("EmptyText"),
        TypeKind::IntEnum(_) => marker("IntEnum<0>"),
        TypeKind::Structure(name) => {
            if let Some(union) = service.structures.get(name).filter(|u| u.is_union) {
                let ty = type_path(service, &union.name, scope);
                let unknown = quote! { #ty::Unknown(::std::string::String::new()) };
                if f.boxed {
                    member(
                        quote! { ::std::boxed::Box<#ty> },
                        quote! { ::std::boxed::Box::new(#unknown) },
                    )
                } else {
                    member(ty, unknown)
                }
            } else {
                // `{}`: a structure responses reach has only optional
                // members, and so a `Default` (boxed or not).
                let target = service
                    .structures
                    .get(name)
                    .or_else(|| service.errors.get(name))?;
                if !target.members.iter().all(|m| m.optional) {
                    return None;
                }
                marker("Zero")
            }
        }
        TypeKind::Unit => return None,
    })
}

/// The `serde_util::default::Value` marker (as text, from the structure's
/// module) of field `index` of `s` that client error correction reads a
/// missing member as, if it corrects the member (see [`corrects`]).
pub(crate) fn correction_marker(service: &Service, s: &Structure, index: usize) -> Option<String> {
    let name = s.name.trim_start_matches("r#");
    Some(correction(service, s, index, name, Scope::Types)?.marker)
}

/// `value`, an `Option` expression reading member `index` of `s` from
/// outside the body (a restJson1 header, the status or the payload), with
/// the member filled in when it is corrected and missing, as seen from
/// `scope`.
pub(crate) fn correct_read(
    service: &Service,
    s: &Structure,
    index: usize,
    scope: Scope,
    value: TokenStream,
) -> TokenStream {
    let path = type_path(service, &s.name, scope)
        .to_string()
        .replace(' ', "");
    let Some(correction) = correction(service, s, index, &path, scope) else {
        return value;
    };
    let or = format!("{MARKERS}::Or::<{}>::some", correction.marker);
    match or.parse::<TokenStream>() {
        Ok(some) => quote! { (#value).or_else(#some) },
        Err(_) => value,
    }
}

/// The `MemberDefault` impls of the members of `s` whose default serde
/// fills in (a wire default, or the value client error correction gives)
/// and no runtime marker writes, as seen from `scope` (the structure's
/// module).
pub(crate) fn member_impls(service: &Service, s: &Structure, scope: Scope) -> TokenStream {
    let impls = s.members.iter().enumerate().filter_map(|(index, f)| {
        let wire = if in_serde(f) {
            of(service, f, scope)
        } else {
            None
        };
        let (ty, expr) = match wire {
            Some(default) if default.marker.is_some() => return None,
            Some(default) => (rust_type(service, &f.ty, scope), default.expr?),
            None => correction(service, s, index, "", scope)?.member_impl?,
        };
        let name = ident(&s.name);
        let index = Literal::usize_unsuffixed(index);
        let allow = super::attrs::allow_deprecated(service.touches_deprecated(&s.name));
        Some(quote! {
            #[doc(hidden)]
            #allow
            impl ::smithy_runtime::serde_util::default::MemberDefault<#index> for #name {
                type Value = #ty;
                fn value() -> #ty {
                    #expr
                }
            }
        })
    });
    quote! { #(#impls)* }
}

/// A float literal, negative as `-` and the magnitude.
fn float_literal(value: f64) -> TokenStream {
    let magnitude = Literal::f64_unsuffixed(value.abs());
    if value < 0.0 {
        quote! { -#magnitude }
    } else {
        quote! { #magnitude }
    }
}

/// The expression building a document (a `serde_json::Value`).
fn document(value: &Document) -> Option<TokenStream> {
    let json = quote! { ::smithy_runtime::serde_json::Value };
    Some(match value {
        Document::Null => quote! { #json::Null },
        Document::Bool(b) => quote! { #json::Bool(#b) },
        Document::Number(n) => {
            // Suffixed, so that `from` knows the type; a negative number
            // as `-` and its magnitude, as Rust spells it.
            let number = if let Some(v) = n.as_u64() {
                let v = Literal::u64_suffixed(v);
                quote! { #v }
            } else if let Some(v) = n.as_i64() {
                match v.checked_neg() {
                    Some(magnitude) => {
                        let magnitude = Literal::i64_suffixed(magnitude);
                        quote! { -#magnitude }
                    }
                    None => quote! { i64::MIN },
                }
            } else {
                let v = match n {
                    Number::Float(v) if v.is_finite() => *v,
                    _ => return None,
                };
                let magnitude = Literal::f64_suffixed(v.abs());
                if v < 0.0 {
                    quote! { -#magnitude }
                } else {
                    quote! { #magnitude }
                }
            };
            quote! { #json::from(#number) }
        }
        Document::String(text) => quote! { #json::String(::std::string::String::from(#text)) },
        Document::Array(items) if items.is_empty() => {
            quote! { #json::Array(::std::vec::Vec::new()) }
        }
        Document::Object(entries) if entries.is_empty() => {
            quote! { #json::Object(::smithy_runtime::serde_json::Map::new()) }
        }
        Document::Array(items) => {
            let items = items.iter().map(document).collect::<Option<Vec<_>>>()?;
            quote! { #json::Array(::std::vec::Vec::from([#(#items),*])) }
        }
        Document::Object(entries) => {
            let entries = entries
                .iter()
                .map(|(key, value)| {
                    let value = document(value)?;
                    Some(quote! { (::std::string::String::from(#key), #value) })
                })
                .collect::<Option<Vec<_>>>()?;
            quote! { #json::Object(::std::iter::FromIterator::from_iter([#(#entries),*])) }
        }
    })
}
