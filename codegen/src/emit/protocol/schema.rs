//! The static schemas of a service's structures (`smithy_runtime::schema`):
//! what protocol code needs to turn the generated types' serde form, which
//! uses the model's member names, into the wire's (query forms and XML, and
//! restJson1's `jsonName`s) and back. One `static` per structure, named by
//! [`Statics`]; the generated module imports `::smithy_runtime::schema`.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use heck::ToShoutySnakeCase;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::super::attrs;
use super::super::rust::{Scope, type_path};
use crate::ir::{Field, Service, Structure, TimestampFormat, Type, TypeKind};

/// The names of the schema statics, by Rust type name: the type's name in
/// upper snake case, with `_2`, `_3`, … after a name already taken (two
/// Rust names can differ only in case, e.g. `FooBAR` and `FooBar`). It
/// remembers which statics the protocol code named, so that only those
/// (with what they refer to, and the errors') are emitted: a static nothing
/// uses would be dead code.
pub(super) struct Statics {
    names: BTreeMap<String, Ident>,
    used: RefCell<BTreeSet<String>>,
}

impl Statics {
    pub(super) fn of(service: &Service) -> Self {
        let mut taken = BTreeSet::new();
        let mut names = BTreeMap::new();
        for name in service.structures.keys().chain(service.errors.keys()) {
            let base = name.trim_start_matches("r#").to_shouty_snake_case();
            let mut candidate = base.clone();
            let mut n = 2;
            while !taken.insert(candidate.clone()) {
                candidate = format!("{base}_{n}");
                n += 1;
            }
            names.insert(name.clone(), format_ident!("{candidate}"));
        }
        Self {
            names,
            used: RefCell::new(BTreeSet::new()),
        }
    }

    /// The static of structure `name`, which is then emitted.
    pub(super) fn name(&self, name: &str) -> TokenStream {
        self.used.borrow_mut().insert(name.to_owned());
        self.ident(name)
    }

    fn ident(&self, name: &str) -> TokenStream {
        match self.names.get(name) {
            Some(ident) => quote! { #ident },
            // The resolver names every structure it reaches.
            None => quote! { ::smithy_runtime::schema::Schema::Structure(&[]) },
        }
    }

    /// The statics named so far, those they refer to and the errors', with
    /// the import they use, and `HasSchema` impls for the errors, which one
    /// generic reader per protocol reads through the trait. Nothing when no
    /// static is needed.
    pub(super) fn items(&self, service: &Service) -> TokenStream {
        let mut needed: BTreeSet<String> = self.used.borrow().clone();
        needed.extend(service.errors.keys().cloned());
        let mut pending: Vec<String> = needed.iter().cloned().collect();
        while let Some(name) = pending.pop() {
            let Some(s) = service
                .structures
                .get(&name)
                .or_else(|| service.errors.get(&name))
            else {
                continue;
            };
            for f in &s.members {
                refers_to(&f.ty, &mut |target| {
                    if needed.insert(target.to_owned()) {
                        pending.push(target.to_owned());
                    }
                });
            }
        }
        if needed.is_empty() {
            return TokenStream::new();
        }
        let schemas = service
            .structures
            .values()
            .chain(service.errors.values())
            .filter(|s| needed.contains(&s.name))
            .map(|s| schema_static(s, self));
        let error_impls = service.errors.values().map(|s| {
            let ty = type_path(service, &s.name, Scope::Sibling);
            let name = self.ident(&s.name);
            let allow = attrs::allow_deprecated(s.deprecated.is_some());
            quote! {
                #allow
                impl schema::HasSchema for #ty {
                    const SCHEMA: &'static schema::Schema = &#name;
                }
            }
        });
        quote! {
            use ::smithy_runtime::schema;

            #(#schemas)*
            #(#error_impls)*
        }
    }
}

/// Calls `found` with each structure a value of `ty` holds directly (in
/// lists and maps too).
fn refers_to(ty: &Type, found: &mut impl FnMut(&str)) {
    match &ty.kind {
        TypeKind::Structure(name) => found(name),
        TypeKind::List { member, .. } => refers_to(member, found),
        TypeKind::Map { value, .. } => refers_to(value, found),
        _ => {}
    }
}

/// `static NAME: Schema = Schema::Structure(&[...]);` for structure `s`.
fn schema_static(s: &Structure, statics: &Statics) -> TokenStream {
    let name = statics.ident(&s.name);
    let members = s.members.iter().map(|f| member(f, statics));
    let kind = if s.is_union {
        quote! { Union }
    } else {
        quote! { Structure }
    };
    let doc = format!(" The wire form of `{}`.", s.name.trim_start_matches("r#"));
    quote! {
        #[doc = #doc]
        static #name: schema::Schema =
            schema::Schema::#kind(&[#(#members),*]);
    }
}

/// A structure member: its name (the serde key), its shape, and its
/// `jsonName` and XML traits.
fn member(f: &Field, statics: &Statics) -> TokenStream {
    let key = &f.wire_name;
    let schema = schema(&f.ty, statics);
    let mut tokens = quote! { schema::Member::new(#key, #schema) };
    if f.json_name != f.wire_name {
        let json_name = &f.json_name;
        tokens.extend(quote! { .json_name(#json_name) });
    }
    let xml = &f.ty.xml;
    if let Some(name) = &xml.name {
        tokens.extend(quote! { .xml_name(#name) });
    }
    if let Some(name) = &xml.ec2_query_name {
        tokens.extend(quote! { .ec2_query_name(#name) });
    }
    if xml.flattened {
        tokens.extend(quote! { .flattened() });
    }
    if xml.attribute {
        tokens.extend(quote! { .attribute() });
    }
    if let Some(format) = wire_format(&f.ty) {
        tokens.extend(quote! { .timestamp_format(#format) });
    }
    tokens
}

/// The `@timestampFormat` of a timestamp type, as the runtime's value.
fn wire_format(ty: &Type) -> Option<TokenStream> {
    match ty.kind {
        TypeKind::Timestamp(Some(format)) => Some(format_path(format)),
        _ => None,
    }
}

fn format_path(format: TimestampFormat) -> TokenStream {
    let variant = match format {
        TimestampFormat::DateTime => quote! { DateTime },
        TimestampFormat::HttpDate => quote! { HttpDate },
        TimestampFormat::EpochSeconds => quote! { EpochSeconds },
    };
    quote! { ::smithy_runtime::types::TimestampFormat::#variant }
}

/// An expression of type `&'static Schema` for a value of `ty`.
fn schema(ty: &Type, statics: &Statics) -> TokenStream {
    let simple = |variant: TokenStream| quote! { &schema::Schema::#variant };
    match &ty.kind {
        TypeKind::String | TypeKind::Enum(_) => simple(quote! { String }),
        TypeKind::Bool => simple(quote! { Boolean }),
        TypeKind::Byte
        | TypeKind::Short
        | TypeKind::Integer
        | TypeKind::Long
        | TypeKind::IntEnum(_) => simple(quote! { Integer }),
        TypeKind::Float | TypeKind::Double => simple(quote! { Float }),
        TypeKind::BigInteger => simple(quote! { BigInteger }),
        TypeKind::BigDecimal => simple(quote! { BigDecimal }),
        TypeKind::Blob => simple(quote! { Blob }),
        TypeKind::Document => simple(quote! { Document }),
        // The types' serde writes a timestamp in its own format, else as
        // epoch seconds (see `attrs::marker`).
        TypeKind::Timestamp(format) => {
            let format = format_path(format.unwrap_or(TimestampFormat::EpochSeconds));
            simple(quote! { Timestamp(#format) })
        }
        // A union variant without a value is `{}` in the types' serde.
        TypeKind::Unit => simple(quote! { Structure(&[]) }),
        TypeKind::Structure(name) => {
            let name = statics.ident(name);
            quote! { &#name }
        }
        TypeKind::List { member, .. } => {
            let inner = schema(member, statics);
            let mut list = quote! { schema::ListSchema::new(#inner) };
            if let Some(name) = &member.xml.name {
                list.extend(quote! { .member_name(#name) });
            }
            if let Some(format) = wire_format(member) {
                list.extend(quote! { .timestamp_format(#format) });
            }
            simple(quote! { List(&#list) })
        }
        TypeKind::Map { key, value, .. } => {
            let inner = schema(value, statics);
            let mut map = quote! { schema::MapSchema::new(#inner) };
            if let Some(name) = &key.xml.name {
                map.extend(quote! { .key_name(#name) });
            }
            if let Some(name) = &value.xml.name {
                map.extend(quote! { .value_name(#name) });
            }
            if let Some(format) = wire_format(value) {
                map.extend(quote! { .timestamp_format(#format) });
            }
            simple(quote! { Map(&#map) })
        }
    }
}
