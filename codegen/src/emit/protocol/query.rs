//! awsQuery and ec2Query: every operation is a `POST /` whose body is the
//! input as a form (`Action`, `Version`, then the members), and reads its
//! output and errors from XML. Both directions are driven by a static
//! schema of each structure (`smithy_runtime::schema`), which this module
//! writes once; the mechanics live in `smithy_runtime::protocol::query`.

use proc_macro2::TokenStream;
use quote::quote;

use super::super::rust::{Scope, type_path};
use super::customized;
use super::schema::Statics;
use crate::ir::{self, Field, Operation, Service, Structure};

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
        // Modeled errors are read by one generic reader, which finds their
        // schema through the trait.
        let items = statics.items(service);
        let dialect = match service.protocol {
            ir::Protocol::Ec2Query => quote! { Ec2Query },
            _ => quote! { AwsQuery },
        };
        quote! {
            use ::smithy_runtime::protocol::query;

            /// The service's query dialect.
            const DIALECT: query::Dialect = query::Dialect::#dialect;

            #items
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
