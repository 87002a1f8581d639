//! restJson1: a function per operation that turns the input into an HTTP
//! request, and one that turns the response into the output or the
//! operation's error. The shared mechanics live in
//! `smithy_runtime::protocol::rest_json`.

mod bindings;

use proc_macro2::TokenStream;
use quote::quote;

use super::super::rust::{Scope, type_path};
use super::customized;
use super::schema::Statics;
use crate::ir::{Binding, Field, Operation, Service, Structure};

/// restJson1's code generator, for one service.
pub(super) struct RestJson {
    bodies: Bodies,
}

impl RestJson {
    pub(super) fn new(service: &Service) -> Self {
        Self {
            bodies: Bodies::new(service),
        }
    }
}

impl super::Protocol for RestJson {
    fn module_doc(&self) -> &'static str {
        "restJson1 serialization of requests and parsing of responses."
    }

    fn operation(&self, service: &Service, op: &Operation) -> TokenStream {
        operation(&self.bodies, service, op)
    }

    fn error_metadata(&self, _service: &Service) -> TokenStream {
        quote! { ::smithy_runtime::ErrorMetadata::from_response(response) }
    }

    fn error_body(&self, _service: &Service, _error: &Structure) -> TokenStream {
        if self.bodies.statics.is_some() {
            quote! { ::smithy_runtime::protocol::json::error_body_renamed }
        } else {
            quote! { ::smithy_runtime::protocol::json::from_json }
        }
    }

    fn error_member(&self, service: &Service, field: &Field) -> Option<(TokenStream, TokenStream)> {
        match field.binding {
            Binding::Header(_) | Binding::PrefixHeaders(_) | Binding::ResponseCode => {
                bindings::read_member(&self.bodies, service, field)
            }
            _ => None,
        }
    }

    fn support(&self, service: &Service) -> TokenStream {
        match &self.bodies.statics {
            // Errors are read by one generic reader, which finds their schema
            // through the trait.
            Some(statics) => statics.items(service),
            None => TokenStream::new(),
        }
    }
}

/// How JSON bodies are written and read: by the types' serde, whose keys
/// are the model's member names, unless some member the service reaches
/// has a `@jsonName`; then through the structures' schemas, which rename
/// the keys.
pub(super) struct Bodies {
    statics: Option<Statics>,
}

impl Bodies {
    fn new(service: &Service) -> Self {
        let renames = service
            .structures
            .values()
            .chain(service.errors.values())
            .flat_map(|s| &s.members)
            .any(|f| f.json_name != f.wire_name);
        Self {
            statics: renames.then(|| Statics::of(service)),
        }
    }

    /// An expression of type `Result<Vec<u8>, RequestError>`: `value` (an
    /// expression of a reference) as a JSON body, the value being of
    /// generated structure `structure` if it is one.
    pub(super) fn write(&self, value: TokenStream, structure: Option<&str>) -> TokenStream {
        match (&self.statics, structure) {
            (Some(statics), Some(name)) => {
                let schema = statics.name(name);
                quote! { ::smithy_runtime::protocol::json::to_json_renamed(#value, &#schema) }
            }
            _ => quote! { ::smithy_runtime::protocol::json::to_json(#value) },
        }
    }

    /// An expression of type `Result<T, ResponseError>` reading `response`'s
    /// JSON body as generated structure `structure`, if it is one.
    pub(super) fn read(&self, structure: Option<&str>) -> TokenStream {
        match (&self.statics, structure) {
            (Some(statics), Some(name)) => {
                let schema = statics.name(name);
                quote! { ::smithy_runtime::protocol::json::from_json_renamed(response, &#schema) }
            }
            _ => quote! { ::smithy_runtime::protocol::json::from_json(response) },
        }
    }
}

fn operation(bodies: &Bodies, service: &Service, op: &Operation) -> TokenStream {
    let input = op
        .input
        .as_ref()
        .and_then(|name| service.structures.get(name));
    let output = op
        .output
        .as_ref()
        .and_then(|name| service.structures.get(name));
    if needs_bindings(op, input, output) {
        return bindings::operation(bodies, service, op, input, output);
    }
    let method = &op.http.method;
    let uri = &op.http.uri;
    let code = proc_macro2::Literal::u16_unsuffixed(op.http.code);
    // An input without members sends no body and no `Content-Type`, as
    // Smithy's protocol tests say (RestJsonEmptyInputAndEmptyOutput,
    // RestJsonHttpGetWithNoModeledBody); one with members sends `{}` even
    // when none is set (RestJsonHttpWithEmptyBody).
    let has_body = input.is_some_and(|s| !s.members.is_empty());
    let (input_param, body) = match &op.input {
        Some(input) if has_body => {
            let ty = type_path(service, input, Scope::Sibling);
            let body = bodies.write(quote! { input }, Some(input));
            (quote! { input: &#ty, }, quote! { Some(#body?) })
        }
        Some(input) => {
            let ty = type_path(service, input, Scope::Sibling);
            (quote! { _input: &#ty, }, quote! { None })
        }
        None => (TokenStream::new(), quote! { None }),
    };
    let serialize_doc = if has_body {
        format!("`{method} {uri}` with the input's members as a JSON body.")
    } else {
        format!("`{method} {uri}`, without a body.")
    };
    let (output_ty, parse) = match &op.output {
        Some(output) => {
            let ty = type_path(service, output, Scope::Sibling);
            let read = bodies.read(Some(output));
            (ty, quote! { #read? })
        }
        None => (quote! { () }, quote! { () }),
    };
    let build = customized(
        service,
        op,
        quote! { ::smithy_runtime::protocol::rest_json::request(#method, endpoint, #uri, #body) },
    );
    let serialize = super::serializer(service, op, &serialize_doc, input_param, build);
    let deserialize = super::deserializer(
        service,
        op,
        "The output from a success response, else the operation's error.",
        quote! { ::smithy_runtime::protocol::rest_json::is_success(response, #code) },
        output_ty,
        quote! { ::std::result::Result::Ok(#parse) },
    );
    quote! { #serialize #deserialize }
}

/// Whether the operation binds anything outside the JSON body: then the
/// request is built piece by piece (see [`super::bindings`]).
fn needs_bindings(op: &Operation, input: Option<&Structure>, output: Option<&Structure>) -> bool {
    let bound = |s: Option<&Structure>| {
        s.is_some_and(|s| s.members.iter().any(|f| f.binding != Binding::Body))
    };
    op.query_literal.is_some() || op.path.len() != 1 || bound(input) || bound(output)
}
