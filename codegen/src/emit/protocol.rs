//! restJson1: a function per operation that turns the input into an HTTP
//! request, and one that turns the response into the output or the
//! operation's error. The shared mechanics live in `smithy_runtime::rest`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::attrs;
use super::{Scope, ident, type_path};
use crate::ir::{Binding, Operation, Service, Structure};

/// The `protocol` module's functions.
pub fn emit(service: &Service) -> TokenStream {
    service
        .operations
        .values()
        .map(|op| operation(service, op))
        .collect()
}

fn operation(service: &Service, op: &Operation) -> TokenStream {
    let input = op
        .input
        .as_ref()
        .and_then(|name| service.structures.get(name));
    let output = op
        .output
        .as_ref()
        .and_then(|name| service.structures.get(name));
    if needs_bindings(op, input, output) {
        return super::bindings::operation(service, op, input, output);
    }
    let serialize = format_ident!("serialize_{}", op.fn_name.trim_start_matches("r#"));
    let deserialize = format_ident!("deserialize_{}", op.fn_name.trim_start_matches("r#"));
    let method = &op.http.method;
    let uri = &op.http.uri;
    let code = proc_macro2::Literal::u16_unsuffixed(op.http.code);
    let error = ident(&op.error_name);
    // An input without members sends no body and no `Content-Type`, as
    // Smithy's protocol tests say (RestJsonEmptyInputAndEmptyOutput,
    // RestJsonHttpGetWithNoModeledBody); one with members sends `{}` even
    // when none is set (RestJsonHttpWithEmptyBody).
    let has_body = input.is_some_and(|s| !s.members.is_empty());
    let (input_param, body) = match &op.input {
        Some(input) if has_body => {
            let ty = type_path(service, input, Scope::Sibling);
            (
                quote! { input: &#ty, },
                quote! { Some(::smithy_runtime::rest::to_json(input)?) },
            )
        }
        Some(input) => {
            let ty = type_path(service, input, Scope::Sibling);
            (quote! { _input: &#ty, }, quote! { None })
        }
        None => (TokenStream::new(), quote! { None }),
    };
    let serialize_doc = if has_body {
        format!(" `{method} {uri}` with the input's members as a JSON body.")
    } else {
        format!(" `{method} {uri}`, without a body.")
    };
    let (output_ty, parse) = match &op.output {
        Some(output) => {
            let ty = type_path(service, output, Scope::Sibling);
            (ty, quote! { ::smithy_runtime::rest::from_json(response)? })
        }
        None => (quote! { () }, quote! { () }),
    };
    let allow = attrs::allow_deprecated(attrs::operation_touches_deprecated(service, op));
    let fill = fill_idempotency_tokens(service, op, input);
    let config_param = config_param(service, op);
    let build = customized(
        service,
        op,
        quote! { ::smithy_runtime::rest::request(#method, endpoint, #uri, #body) },
    );
    quote! {
        #[doc = #serialize_doc]
        #allow
        pub(crate) fn #serialize(
            #input_param
            #config_param
            endpoint: &str,
        ) -> Result<::smithy_runtime::HttpRequest, ::smithy_runtime::RequestError> {
            #fill
            #build
        }

        /// The output from a success response, else the operation's error.
        #allow
        pub(crate) fn #deserialize(
            response: &::smithy_runtime::HttpResponse,
        ) -> Result<#output_ty, ::smithy_runtime::SdkError<super::error::#error>> {
            if !::smithy_runtime::rest::is_success(response, #code) {
                // How the code and message are found is the protocol's
                // part; the error module only matches the code.
                let meta = ::smithy_runtime::ErrorMetadata::from_response(response);
                let error = super::error::#error::from_response(meta, response);
                return Err(::smithy_runtime::SdkError::service(error));
            }
            Ok(#parse)
        }
    }
}

/// Whether the operation binds anything outside the JSON body: then the
/// request is built piece by piece (see [`super::bindings`]).
fn needs_bindings(op: &Operation, input: Option<&Structure>, output: Option<&Structure>) -> bool {
    let bound = |s: Option<&Structure>| {
        s.is_some_and(|s| s.members.iter().any(|f| f.binding != Binding::Body))
    };
    op.query_literal.is_some() || op.path.len() != 1 || bound(input) || bound(output)
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
pub(super) fn takes_config(service: &Service, op: &Operation) -> bool {
    let input = op
        .input
        .as_ref()
        .and_then(|name| service.structures.get(name));
    optional_tokens(input).next().is_some()
}

/// The serializer's `config` parameter, if it takes one.
pub(super) fn config_param(service: &Service, op: &Operation) -> TokenStream {
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
pub(super) fn fill_idempotency_tokens(
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
pub(super) fn customized(service: &Service, op: &Operation, build: TokenStream) -> TokenStream {
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
