//! `Validate` impls for input structures: the model's `length`, `pattern`
//! and `range` traits checked before anything is sent. Paths are built
//! lazily by the runtime, so a valid input allocates nothing here.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::attrs;
use super::rust::{Scope, ident, type_path};
use crate::ir::names;
use crate::ir::{Constraints, Field, Number, Service, Structure, Type, TypeKind};

/// The `validate` module: pattern statics and the impls.
pub fn emit(service: &Service) -> TokenStream {
    let mut patterns = Patterns::default();
    let impls: Vec<TokenStream> = service
        .structures
        .values()
        .filter(|s| s.usage.input && s.validated)
        .map(|s| structure(service, s, &mut patterns))
        .collect();
    let statics = patterns.by_source.iter().map(|(source, name)| {
        let name = format_ident!("{}", name);
        quote! { static #name: ::smithy_runtime::Pattern = ::smithy_runtime::Pattern::new(#source); }
    });
    quote! {
        #(#statics)*
        #(#impls)*
    }
}

/// One static per distinct pattern, named after the first shape that has it.
#[derive(Default)]
struct Patterns {
    by_source: BTreeMap<String, String>,
    names: names::Namespace,
}

impl Patterns {
    fn name(&mut self, source: &str, ty: &Type) -> proc_macro2::Ident {
        if let Some(name) = self.by_source.get(source) {
            return format_ident!("{}", name);
        }
        let name = self
            .names
            .claim(format!("{}_PATTERN", names::static_name(ty.target.name())));
        self.by_source.insert(source.to_owned(), name.clone());
        format_ident!("{}", name)
    }
}

fn structure(service: &Service, s: &Structure, patterns: &mut Patterns) -> TokenStream {
    let name = type_path(service, &s.name, Scope::Sibling);
    let allow = attrs::allow_deprecated(service.touches_deprecated(&s.name));
    if s.is_union {
        return union(service, s, patterns, &allow);
    }
    let checks = s
        .members
        .iter()
        .filter(|f| f.ty.needs_validation(service))
        .map(|f| field(service, f, patterns));
    quote! {
        #allow
        impl ::smithy_runtime::Validate for #name {
            fn validate_at(&self, path: &::smithy_runtime::Path<'_>) -> Result<(), ::smithy_runtime::ValidationError> {
                #(#checks)*
                Ok(())
            }
        }
    }
}

/// A union checks its active member.
fn union(
    service: &Service,
    s: &Structure,
    patterns: &mut Patterns,
    allow: &TokenStream,
) -> TokenStream {
    let name = type_path(service, &s.name, Scope::Sibling);
    let checked: Vec<(TokenStream, TokenStream)> = s
        .members
        .iter()
        .filter(|f| f.ty.needs_validation(service))
        .map(|f| {
            let variant = ident(&f.rust_name);
            let wire = &f.wire_name;
            let value = if f.boxed {
                quote! { &**value }
            } else {
                quote! { value }
            };
            let checks = value_checks(service, &f.ty, &value, patterns);
            let block = quote! {
                {
                    let path = path.member(#wire);
                    #checks
                }
            };
            (quote! { Self::#variant(value) }, block)
        })
        .collect();
    // One member reads better (and passes clippy) as `if let`.
    let body = match checked.as_slice() {
        [(pattern, block)] => quote! { if let #pattern = self #block },
        _ => {
            let arms = checked
                .iter()
                .map(|(pattern, block)| quote! { #pattern => #block });
            quote! {
                match self {
                    #(#arms)*
                    _ => {}
                }
            }
        }
    };
    quote! {
        #allow
        impl ::smithy_runtime::Validate for #name {
            fn validate_at(&self, path: &::smithy_runtime::Path<'_>) -> Result<(), ::smithy_runtime::ValidationError> {
                #body
                Ok(())
            }
        }
    }
}

fn field(service: &Service, f: &Field, patterns: &mut Patterns) -> TokenStream {
    let name = ident(&f.rust_name);
    let wire = &f.wire_name;
    let value = if f.boxed {
        quote! { &**value }
    } else {
        quote! { value }
    };
    let checks = value_checks(service, &f.ty, &value, patterns);
    if f.optional {
        quote! {
            if let Some(value) = &self.#name {
                let path = path.member(#wire);
                #checks
            }
        }
    } else {
        quote! {
            {
                let value = &self.#name;
                let path = path.member(#wire);
                #checks
            }
        }
    }
}

/// Checks of `value` (an expression of type `&T`) at `path`.
fn value_checks(
    service: &Service,
    ty: &Type,
    value: &TokenStream,
    patterns: &mut Patterns,
) -> TokenStream {
    let mut checks = constraint_checks(&ty.constraints, ty, value, patterns);
    match &ty.kind {
        TypeKind::List { member, sparse } if member.needs_validation(service) => {
            let item = quote! { item };
            let inner = value_checks(service, member, &item, patterns);
            let inner = if *sparse {
                quote! { if let Some(item) = item { #inner } }
            } else {
                inner
            };
            checks.extend(quote! {
                for (index, item) in #value.iter().enumerate() {
                    let path = path.index(index);
                    #inner
                }
            });
        }
        TypeKind::Map {
            key,
            value: map_value,
            sparse,
        } if key.needs_validation(service) || map_value.needs_validation(service) => {
            let key_expr = quote! { key };
            let key_checks = if matches!(key.kind, TypeKind::String) {
                value_checks(service, key, &key_expr, patterns)
            } else {
                TokenStream::new()
            };
            // Keys are strings or enums; paths name them by their text.
            let key_text = match key.kind {
                TypeKind::String => quote! { key },
                _ => quote! { key.as_str() },
            };
            let item = quote! { item };
            let inner = value_checks(service, map_value, &item, patterns);
            let inner = if *sparse && !inner.is_empty() {
                quote! { if let Some(item) = item { #inner } }
            } else {
                inner
            };
            // Only the keys may have something to check.
            let entry = if inner.is_empty() {
                quote! { key in #value.keys() }
            } else {
                quote! { (key, item) in #value }
            };
            checks.extend(quote! {
                for #entry {
                    let path = path.key(#key_text);
                    #key_checks
                    #inner
                }
            });
        }
        TypeKind::Structure(name)
            if service
                .structures
                .get(name)
                .is_some_and(|s| s.usage.input && s.validated) =>
        {
            checks.extend(quote! { ::smithy_runtime::Validate::validate_at(#value, &path)?; });
        }
        _ => {}
    }
    checks
}

fn constraint_checks(
    c: &Constraints,
    ty: &Type,
    value: &TokenStream,
    patterns: &mut Patterns,
) -> TokenStream {
    let mut checks = TokenStream::new();
    if let Some(length) = &c.length {
        let min = option_u64(length.min);
        let max = option_u64(length.max);
        match &ty.kind {
            TypeKind::String => checks.extend(quote! {
                ::smithy_runtime::validate::length_str(&path, #value, #min, #max)?;
            }),
            TypeKind::List { .. } | TypeKind::Map { .. } | TypeKind::Blob => {
                checks.extend(quote! {
                    ::smithy_runtime::validate::length_count(&path, #value.len(), #min, #max)?;
                })
            }
            _ => {}
        }
    }
    if let (Some(source), TypeKind::String) = (&c.pattern, &ty.kind) {
        let pattern = patterns.name(source, ty);
        checks.extend(quote! {
            ::smithy_runtime::validate::pattern(&path, #value, &#pattern)?;
        });
    }
    if let Some(range) = &c.range {
        match &ty.kind {
            TypeKind::Byte | TypeKind::Short | TypeKind::Integer | TypeKind::Long => {
                let bound = |n: &Option<Number>, up: bool| match n {
                    Some(n) => {
                        let value = n.as_i64().unwrap_or_else(|| {
                            let f = n.as_f64();
                            // A fractional bound on an integer: the nearest integer inside it.
                            (if up { f.ceil() } else { f.floor() }) as i64
                        });
                        let value = proc_macro2::Literal::i64_unsuffixed(value);
                        quote! { Some(#value) }
                    }
                    None => quote! { None },
                };
                let min = bound(&range.min, true);
                let max = bound(&range.max, false);
                let number = if matches!(ty.kind, TypeKind::Long) {
                    quote! { *#value }
                } else {
                    quote! { i64::from(*#value) }
                };
                checks.extend(quote! {
                    ::smithy_runtime::validate::range_i64(&path, #number, #min, #max)?;
                });
            }
            TypeKind::Float | TypeKind::Double => {
                let bound =
                    |n: &Option<Number>| match n.map(Number::as_f64).filter(|f| f.is_finite()) {
                        Some(value) => {
                            let value = proc_macro2::Literal::f64_unsuffixed(value);
                            quote! { Some(#value) }
                        }
                        None => quote! { None },
                    };
                let min = bound(&range.min);
                let max = bound(&range.max);
                let number = if matches!(ty.kind, TypeKind::Double) {
                    quote! { *#value }
                } else {
                    quote! { f64::from(*#value) }
                };
                checks.extend(quote! {
                    ::smithy_runtime::validate::range_f64(&path, #number, #min, #max)?;
                });
            }
            _ => {}
        }
    }
    checks
}

fn option_u64(n: Option<u64>) -> TokenStream {
    match n {
        Some(n) => {
            let n = proc_macro2::Literal::u64_unsuffixed(n);
            quote! { Some(#n) }
        }
        None => quote! { None },
    }
}
