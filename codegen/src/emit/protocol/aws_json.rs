//! awsJson1_0 and awsJson1_1: every operation is a `POST /` naming itself
//! in `X-Amz-Target` with the whole input as its JSON body, and reads the
//! whole output from the JSON body of a 200 response. The shared mechanics
//! live in `smithy_runtime::protocol::aws_json`.

use proc_macro2::TokenStream;
use quote::quote;

use super::super::rust::{Scope, type_path};
use super::customized;
use crate::ir::{self, Field, Operation, Service, Structure};

/// awsJson1_0's and awsJson1_1's code generator.
pub(super) struct AwsJson;

impl super::Protocol for AwsJson {
    fn module_doc(&self) -> &'static str {
        "awsJson serialization of requests and parsing of responses."
    }

    fn operation(&self, service: &Service, op: &Operation) -> TokenStream {
        let serialize = serializer(service, op);
        let deserialize = deserializer(service, op);
        quote! { #serialize #deserialize }
    }

    fn error_metadata(&self, service: &Service) -> TokenStream {
        let query_compatible = service.query_compatible;
        quote! { ::smithy_runtime::protocol::aws_json::error_metadata(response, #query_compatible) }
    }

    fn error_body(&self, _service: &Service, _error: &Structure) -> TokenStream {
        quote! { ::smithy_runtime::protocol::json::from_json }
    }

    fn error_member(&self, _: &Service, _: &Field) -> Option<(TokenStream, TokenStream)> {
        None
    }
}

/// The runtime's name for the service's protocol version.
fn version(service: &Service) -> TokenStream {
    match service.protocol {
        ir::Protocol::AwsJson1_0 => quote! { ::smithy_runtime::protocol::aws_json::Version::V1_0 },
        _ => quote! { ::smithy_runtime::protocol::aws_json::Version::V1_1 },
    }
}

fn serializer(service: &Service, op: &Operation) -> TokenStream {
    let target = format!("{}.{}", service.id.name(), op.name);
    let (param, body) = match &op.input {
        Some(name) => {
            let ty = type_path(service, name, Scope::Sibling);
            (
                quote! { input: &#ty, },
                quote! { ::smithy_runtime::protocol::json::to_json(input)? },
            )
        }
        // Clients always send an object, so that input added later is not
        // a change of form (AwsJson10MustAlwaysSendEmptyJsonPayload).
        None => (TokenStream::new(), quote! { b"{}".to_vec() }),
    };
    let version = version(service);
    let query_compatible = service.query_compatible;
    let build = customized(
        service,
        op,
        quote! {
            ::smithy_runtime::protocol::aws_json::request(
                endpoint, #version, #target, #query_compatible, #body,
            )
        },
    );
    let doc = format!("`POST /` as `{target}`, with the input as its JSON body.");
    super::serializer(service, op, &doc, param, build)
}

fn deserializer(service: &Service, op: &Operation) -> TokenStream {
    let (output_ty, parse) = match &op.output {
        Some(output) => {
            let ty = type_path(service, output, Scope::Sibling);
            (
                ty,
                quote! { ::smithy_runtime::protocol::json::from_json(response)? },
            )
        }
        // A body sent anyway is ignored (AwsJson10HandlesUnexpectedJsonOutput).
        None => (quote! { () }, quote! { () }),
    };
    super::deserializer(
        service,
        op,
        "The output from a success response, else the operation's error.",
        quote! { response.status().is_success() },
        output_ty,
        quote! { ::std::result::Result::Ok(#parse) },
    )
}
