//! The `protocol` module of a generated client: for each operation a
//! `serialize_{op}` function (input → request) and a `deserialize_{op}`
//! function (response → output or the operation's error), plus how an
//! error response's metadata is read. Each wire protocol is a module
//! behind [`Protocol`]; what they share (idempotency tokens, the
//! customizations' headers) is here.

mod aws_json;
mod query;
mod rest_json;
mod schema;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::attrs;
use super::rust::{Scope, ident, type_path};
use crate::ir::{self, Field, Operation, Service, Structure};

/// A wire protocol's code generator.
pub(super) trait Protocol {
    /// The generated `protocol` module's doc comment.
    fn module_doc(&self) -> &'static str;

    /// The operation's `serialize_{op}` and `deserialize_{op}` functions.
    /// The serializer takes `input` (when the operation has one), `config`
    /// when [`takes_config`] says so, and `endpoint`, and returns a
    /// `Result<HttpRequest, RequestError>`; the deserializer takes
    /// `response` and returns the output or an `SdkError` of the
    /// operation's error.
    fn operation(&self, service: &Service, op: &Operation) -> TokenStream;

    /// An expression of type `ErrorMetadata`: the code, message and request
    /// id of the error `response`.
    fn error_metadata(&self, service: &Service) -> TokenStream;

    /// The path of a function `fn(&HttpResponse) -> Result<T, ResponseError>`
    /// reading the members of `error` from a response's body.
    fn error_body(&self, service: &Service, error: &Structure) -> TokenStream;

    /// A member of an error the protocol reads from outside the body (a
    /// header, the status): its field and the expression that reads it.
    fn error_member(&self, service: &Service, field: &Field) -> Option<(TokenStream, TokenStream)>;

    /// Items the operations' functions share (e.g. the query protocols'
    /// schemas), put before them.
    fn support(&self, _service: &Service) -> TokenStream {
        TokenStream::new()
    }
}

/// The generator of the service's protocol.
pub(super) fn of(service: &Service) -> Box<dyn Protocol> {
    match service.protocol {
        ir::Protocol::AwsJson1_0 | ir::Protocol::AwsJson1_1 => Box::new(aws_json::AwsJson),
        ir::Protocol::AwsQuery | ir::Protocol::Ec2Query => Box::new(query::Query::new(service)),
        // The resolver refuses the others.
        _ => Box::new(rest_json::RestJson::new(service)),
    }
}

/// The `protocol` module's functions: the operations', then the one that
/// reads an error response's metadata.
pub fn emit(service: &Service, protocol: &dyn Protocol) -> TokenStream {
    let operations: TokenStream = service
        .operations
        .values()
        .map(|op| protocol.operation(service, op))
        .collect();
    let meta = protocol.error_metadata(service);
    let support = protocol.support(service);
    quote! {
        #support

        #operations

        /// The code, message and request id of an error response (read once
        /// per call: the call loop keeps what it read in the response).
        pub(crate) fn error_metadata(
            response: &::smithy_runtime::HttpResponse,
        ) -> ::smithy_runtime::ErrorMetadata {
            ::smithy_runtime::ErrorMetadata::cached(response).unwrap_or_else(|| #meta)
        }
    }
}

/// The input's optional `@idempotencyToken` members, which the serializer
/// fills when unset.
fn optional_tokens(input: Option<&Structure>) -> impl Iterator<Item = &crate::ir::Field> {
    input
        .into_iter()
        .flat_map(|s| &s.members)
        .filter(|f| f.idempotency_token && f.optional)
}

/// Whether the serializer takes the client's config: only to fill optional
/// idempotency tokens from its provider, so other serializers keep their
/// signature.
pub(crate) fn takes_config(service: &Service, op: &Operation) -> bool {
    let input = op
        .input
        .as_ref()
        .and_then(|name| service.structures.get(name));
    optional_tokens(input).next().is_some()
}

/// The serializer's `config` parameter, if it takes one.
pub(crate) fn config_param(service: &Service, op: &Operation) -> TokenStream {
    if takes_config(service, op) {
        quote! { config: &::smithy_runtime::Config, }
    } else {
        TokenStream::new()
    }
}

/// Statements that rebind `input` to a copy with a token from the config
/// (its provider, else a random UUID) in each unset optional
/// `@idempotencyToken` member, when one is unset. The builder fills
/// required tokens, but an input made another way (a struct literal, serde,
/// the command-line program) can leave an optional one unset, and the AWS
/// SDKs fill it when the request is serialized. The request is built once
/// per call, so every retry carries the same token.
pub(crate) fn fill_idempotency_tokens(
    service: &Service,
    op: &Operation,
    input: Option<&Structure>,
) -> TokenStream {
    let Some(name) = &op.input else {
        return TokenStream::new();
    };
    let tokens: Vec<_> = optional_tokens(input)
        .map(|f| ident(&f.rust_name))
        .collect();
    if tokens.is_empty() {
        return TokenStream::new();
    }
    let ty = type_path(service, name, Scope::Sibling);
    quote! {
        let filled: #ty;
        let input = if #(input.#tokens.is_none())||* {
            let mut copy = input.clone();
            #(
                if copy.#tokens.is_none() {
                    copy.#tokens = Some(config.idempotency_token());
                }
            )*
            filled = copy;
            &filled
        } else {
            input
        };
    }
}

/// The serializer's last expression: `build` (the request, a `Result`),
/// with the headers the service's customizations add (see
/// `ir::customize`), if any.
pub(crate) fn customized(service: &Service, op: &Operation, build: TokenStream) -> TokenStream {
    if service.request_headers.is_empty() && !op.glacier_checksums {
        return build;
    }
    let headers = if service.request_headers.is_empty() {
        TokenStream::new()
    } else {
        let pairs = service
            .request_headers
            .iter()
            .map(|(name, value)| quote! { (#name, #value) });
        quote! { ::smithy_runtime::customize::default_headers(&mut request, &[#(#pairs),*])?; }
    };
    let checksums = if op.glacier_checksums {
        quote! { ::smithy_runtime::customize::glacier_checksums(&mut request)?; }
    } else {
        TokenStream::new()
    };
    quote! {
        let mut request = #build?;
        #headers
        #checksums
        Ok(request)
    }
}

/// The operation's `serialize_{op}` function, documented by `doc`: it takes
/// `input_param` (the input, or nothing), the config when [`takes_config`]
/// says so, and `endpoint`; it fills unset idempotency tokens, then runs
/// `body`, whose value is the `Result` of the request.
pub(crate) fn serializer(
    service: &Service,
    op: &Operation,
    doc: &str,
    input_param: TokenStream,
    body: TokenStream,
) -> TokenStream {
    let name = format_ident!("serialize_{}", op.fn_name.trim_start_matches("r#"));
    let input = op
        .input
        .as_ref()
        .and_then(|name| service.structures.get(name));
    let fill = fill_idempotency_tokens(service, op, input);
    let config_param = config_param(service, op);
    let allow = attrs::allow_deprecated(attrs::operation_touches_deprecated(service, op));
    let doc = format!(" {doc}");
    quote! {
        #[doc = #doc]
        #allow
        pub(crate) fn #name(
            #input_param
            #config_param
            endpoint: &str,
        ) -> ::std::result::Result<::smithy_runtime::HttpRequest, ::smithy_runtime::RequestError> {
            #fill
            #body
        }
    }
}

/// The operation's `deserialize_{op}` function, documented by `doc`: a
/// response for which `success` (an expression of `response`) is false is
/// the operation's error, read by the error module from the
/// [`Protocol::error_metadata`] the generated `error_metadata` function
/// reads; otherwise `parse` (statements whose value is the `Result`) reads
/// the output, of type `output_ty`.
pub(crate) fn deserializer(
    service: &Service,
    op: &Operation,
    doc: &str,
    success: TokenStream,
    output_ty: TokenStream,
    parse: TokenStream,
) -> TokenStream {
    let name = format_ident!("deserialize_{}", op.fn_name.trim_start_matches("r#"));
    let error = ident(&op.error_name);
    let allow = attrs::allow_deprecated(attrs::operation_touches_deprecated(service, op));
    let doc = format!(" {doc}");
    quote! {
        #[doc = #doc]
        #allow
        pub(crate) fn #name(
            response: &::smithy_runtime::HttpResponse,
        ) -> ::std::result::Result<#output_ty, ::smithy_runtime::SdkError<super::error::#error>> {
            if !#success {
                // How the code and message are found is the protocol's part; the
                // error module only matches the code.
                let meta = error_metadata(response);
                let error = super::error::#error::from_response(meta, response);
                return ::std::result::Result::Err(::smithy_runtime::SdkError::service(error));
            }
            #parse
        }
    }
}
