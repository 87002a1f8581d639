//! The command-line program's view of the types: a static
//! `smithy_runtime::cli::Schema` per structure an operation's input or
//! output reaches, giving each member's model name (the types' serde uses
//! it for every protocol, as the AWS CLI does), whether the input must give
//! it, and how its timestamps are written, which the program converts to
//! and from the CLI's ISO 8601.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToShoutySnakeCase;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::ir::{Service, TimestampFormat, Type, TypeKind};

/// The schema statics, and the name of each structure's.
pub(super) struct Schemas {
    pub(super) items: TokenStream,
    names: BTreeMap<String, Ident>,
}

impl Schemas {
    /// The static of structure `name`, if one was emitted.
    pub(super) fn of(&self, name: &str) -> Option<&Ident> {
        self.names.get(name)
    }
}

/// The statics for every structure the operations' inputs and outputs
/// reach (a static no schema refers to would be dead code).
pub(super) fn emit(service: &Service) -> Schemas {
    let reached = reached(service);
    let mut names = BTreeMap::new();
    let mut taken = BTreeSet::new();
    for name in &reached {
        let base = format!(
            "{}_SCHEMA",
            name.trim_start_matches("r#").to_shouty_snake_case()
        );
        let mut ident = base.clone();
        let mut n = 2;
        while !taken.insert(ident.clone()) {
            ident = format!("{base}_{n}");
            n += 1;
        }
        names.insert(name.clone(), format_ident!("{ident}"));
    }
    let items = reached
        .iter()
        .filter_map(|name| {
            let s = service.structures.get(name)?;
            let ident = names.get(name)?;
            let members = s.members.iter().map(|f| {
                let member = &f.wire_name;
                // serde fills a missing required idempotency token.
                let required = !s.is_union && !f.optional && !f.idempotency_token;
                let schema = schema(&f.ty, &names);
                quote! {
                    Member { name: #member, required: #required, schema: #schema }
                }
            });
            let doc = format!(" The members of `{}` on the command line.", s.id.name());
            Some(quote! {
                #[doc = #doc]
                static #ident: Schema = Schema::Structure(&[#(#members),*]);
            })
        })
        .collect();
    Schemas { items, names }
}

/// A `&'static Schema` expression for a value of `ty`.
fn schema(ty: &Type, names: &BTreeMap<String, Ident>) -> TokenStream {
    match &ty.kind {
        TypeKind::Timestamp(format) => {
            // serde writes a timestamp without `@timestampFormat` as epoch
            // seconds, wherever it is bound.
            let format = match format {
                Some(TimestampFormat::DateTime) => quote! { DateTime },
                Some(TimestampFormat::HttpDate) => quote! { HttpDate },
                Some(TimestampFormat::EpochSeconds) | None => quote! { EpochSeconds },
            };
            quote! { &Schema::Timestamp(::smithy_runtime::types::TimestampFormat::#format) }
        }
        TypeKind::List { member, .. } => {
            let item = schema(member, names);
            quote! { &Schema::List(#item) }
        }
        TypeKind::Map { value, .. } => {
            let item = schema(value, names);
            quote! { &Schema::Map(#item) }
        }
        TypeKind::Structure(name) => match names.get(name) {
            Some(ident) => quote! { &#ident },
            None => quote! { &Schema::Value },
        },
        _ => quote! { &Schema::Value },
    }
}

/// The structures reachable from the operations' inputs and outputs, in
/// name order.
fn reached(service: &Service) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut queue: Vec<String> = service
        .operations
        .values()
        .flat_map(|op| op.input.iter().chain(op.output.iter()).cloned())
        .collect();
    while let Some(name) = queue.pop() {
        let Some(s) = service.structures.get(&name) else {
            continue;
        };
        if !seen.insert(name) {
            continue;
        }
        for f in &s.members {
            structures_in(&f.ty, &mut queue);
        }
    }
    seen
}

fn structures_in(ty: &Type, out: &mut Vec<String>) {
    match &ty.kind {
        TypeKind::Structure(name) => out.push(name.clone()),
        TypeKind::List { member, .. } => structures_in(member, out),
        TypeKind::Map { value, .. } => structures_in(value, out),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_json::json;

    #[test]
    fn statics_of_names_that_shout_alike_are_distinct() {
        let model = json!({
            "smithy": "2.0",
            "shapes": {
                "ex#Svc": {
                    "type": "service",
                    "version": "1",
                    "operations": [{"target": "ex#Op"}],
                    "traits": {"aws.protocols#restJson1": {}}
                },
                "ex#Op": {
                    "type": "operation",
                    "input": {"target": "ex#FooBar"},
                    "output": {"target": "ex#Foo_Bar"},
                    "traits": {"smithy.api#http": {"method": "POST", "uri": "/"}}
                },
                "ex#FooBar": {"type": "structure", "members": {}},
                "ex#Foo_Bar": {
                    "type": "structure",
                    "members": {"t": {"target": "smithy.api#Timestamp", "traits": {"smithy.api#jsonName": "T"}}}
                }
            }
        });
        let model = crate::model::parse(&model.to_string(), Path::new("t.json")).unwrap();
        let service = crate::ir::resolve(&model, None, &[]).unwrap();
        let schemas = super::emit(&service);
        let names: Vec<&String> = service.structures.keys().collect();
        assert_eq!(names.len(), 2, "{names:?}");
        let a = schemas.of(names[0]).unwrap().to_string();
        let b = schemas.of(names[1]).unwrap().to_string();
        assert_ne!(a, b);
        let items = schemas.items.to_string();
        assert!(items.contains(&format!("static {a} ")), "{items}");
        assert!(items.contains(&format!("static {b} ")), "{items}");
        // The member's name, whatever `jsonName` says.
        assert!(items.contains(r#"name : "t" , required"#), "{items}");
        assert!(items.contains("EpochSeconds"), "{items}");
    }
}
