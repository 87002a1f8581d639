//! awsQuery and ec2Query: every operation is a `POST /` whose body is the
//! input as a form (`Action`, `Version`, then the members), and reads its
//! output and errors from XML. Both directions are driven by a static
//! schema of each structure (`smithy_runtime::schema`), which this module
//! writes once; the mechanics live in `smithy_runtime::protocol::query`.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToShoutySnakeCase;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::super::{Scope, type_path};
use super::customized;
use crate::ir::{self, Field, Operation, Service, Structure, TimestampFormat, Type, TypeKind};

/// awsQuery's and ec2Query's code generator, for one service.
pub(super) struct Query {
    statics: Statics,
}

impl Query {
    pub(super) fn new(service: &Service) -> Self {
        Self {
            statics: Statics::of(service),
        }
    }
}

impl super::Protocol for Query {
    fn module_doc(&self) -> &'static str {
        "Query serialization of requests (forms) and parsing of XML responses, driven by a schema of each structure."
    }

    fn operation(&self, service: &Service, op: &Operation) -> TokenStream {
        let serialize = serializer(service, op, &self.statics);
        let deserialize = deserializer(service, op, &self.statics);
        quote! { #serialize #deserialize }
    }

    fn error_metadata(&self, _service: &Service) -> TokenStream {
        quote! { query::error_metadata(response, DIALECT) }
    }

    fn error_body(&self, _service: &Service, _error: &Structure) -> TokenStream {
        quote! { ::smithy_runtime::protocol::query::error_body }
    }

    fn error_member(&self, _: &Service, _: &Field) -> Option<(TokenStream, TokenStream)> {
        None
    }

    fn support(&self, service: &Service) -> TokenStream {
        let statics = &self.statics;
        let dialect = match service.protocol {
            ir::Protocol::Ec2Query => quote! { Ec2Query },
            _ => quote! { AwsQuery },
        };
        let schemas = service
            .structures
            .values()
            .chain(service.errors.values())
            .map(|s| schema_static(s, statics));
        // Modeled errors are read by one generic reader, which finds their
        // schema through the trait.
        let error_impls = service.errors.values().map(|s| {
            let ty = type_path(service, &s.name, Scope::Sibling);
            let name = statics.name(&s.name);
            let allow = super::super::attrs::allow_deprecated(s.deprecated.is_some());
            quote! {
                #allow
                impl schema::HasSchema for #ty {
                    const SCHEMA: &'static schema::Schema = &#name;
                }
            }
        });
        // The functions name the runtime's query module, and the statics its
        // schema types, through one import.
        let import = if statics.0.is_empty() {
            quote! { use ::smithy_runtime::protocol::query; }
        } else {
            quote! { use ::smithy_runtime::{protocol::query, schema}; }
        };
        quote! {
            #import

            /// The service's query dialect.
            const DIALECT: query::Dialect = query::Dialect::#dialect;

            #(#schemas)*
            #(#error_impls)*
        }
    }
}

/// The names of the schema statics, by Rust type name: the type's name in
/// upper snake case, with `_2`, `_3`, … after a name already taken (two
/// Rust names can differ only in case, e.g. `FooBAR` and `FooBar`).
struct Statics(BTreeMap<String, Ident>);

impl Statics {
    fn of(service: &Service) -> Self {
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
        Self(names)
    }

    /// The static of structure `name`; every structure reached has one.
    fn name(&self, name: &str) -> TokenStream {
        match self.0.get(name) {
            Some(ident) => quote! { #ident },
            // The resolver names every structure it reaches.
            None => quote! { ::smithy_runtime::schema::Schema::Structure(&[]) },
        }
    }
}

/// `static NAME: Schema = Schema::Structure(&[...]);` for structure `s`.
fn schema_static(s: &Structure, statics: &Statics) -> TokenStream {
    let name = statics.name(&s.name);
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

/// A structure member: its serde key, its shape, and its XML traits.
fn member(f: &Field, statics: &Statics) -> TokenStream {
    let key = &f.json_name;
    let schema = schema(&f.ty, statics);
    let mut tokens = quote! { schema::Member::new(#key, #schema) };
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
            let name = statics.name(name);
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

fn serializer(service: &Service, op: &Operation, statics: &Statics) -> TokenStream {
    let action = &op.name;
    let version = &service.version;
    let (param, input, schema) = match &op.input {
        Some(name) => {
            let ty = type_path(service, name, Scope::Sibling);
            let schema = statics.name(name);
            (
                quote! { input: &#ty, },
                quote! { input },
                quote! { &#schema },
            )
        }
        // `Action` and `Version` alone.
        None => (
            TokenStream::new(),
            quote! { &() },
            quote! { &::smithy_runtime::schema::Schema::Structure(&[]) },
        ),
    };
    let build = customized(
        service,
        op,
        quote! {
            query::request(endpoint, #action, #version, #input, #schema, DIALECT)
        },
    );
    let doc = format!("`POST /` with `Action={action}` and the input as a form.");
    super::serializer(service, op, &doc, param, build)
}

fn deserializer(service: &Service, op: &Operation, statics: &Statics) -> TokenStream {
    let action = &op.name;
    let (output_ty, parse) = match &op.output {
        Some(output) => {
            let ty = type_path(service, output, Scope::Sibling);
            let schema = statics.name(output);
            (
                ty,
                quote! {
                    query::from_xml(response, #action, &#schema, DIALECT)?
                },
            )
        }
        // Whatever a body without output says is ignored.
        None => (quote! { () }, quote! { () }),
    };
    super::deserializer(
        service,
        op,
        "The output from a success response's XML, else the operation's error.",
        quote! { response.status().is_success() },
        output_ty,
        quote! { ::std::result::Result::Ok(#parse) },
    )
}
