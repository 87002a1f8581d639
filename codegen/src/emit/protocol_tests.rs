//! The `protocol_tests` module: a function per Smithy protocol compliance
//! case that builds the case's input or expected output as Rust code,
//! drives the generated client through the mock transport, and compares
//! what happened with the case through `smithy_protocol_test`.
//!
//! A case whose `params` do not fit the generated types still gets a
//! function, one that fails saying why: the module always compiles, and the
//! harness counts every case.

use std::collections::BTreeSet;

use heck::ToSnakeCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::rust::{Scope, ident, type_path};
use super::test_values;
use crate::ir::{ProtocolTests, RequestTest, ResponseTest, Service};

/// The module's items; empty when the service has no cases.
pub(crate) fn emit(service: &Service, tests: &ProtocolTests) -> TokenStream {
    let mut names = BTreeSet::new();
    let mut entries = Vec::new();
    let mut functions = Vec::new();
    for test in &tests.requests {
        let name = function_name(&mut names, "request", &test.case.message.id);
        let id = &test.case.message.id;
        entries.push(quote! { ::smithy_protocol_test::Case::request(#id, #name) });
        functions.push(request_case(service, test, &name));
    }
    for test in &tests.responses {
        let name = function_name(&mut names, "response", &test.case.message.id);
        let id = &test.case.message.id;
        entries.push(quote! { ::smithy_protocol_test::Case::response(#id, #name) });
        functions.push(response_case(service, test, &name));
    }
    let protocol = &tests.protocol;
    let doc = format!(" Every `{protocol}` client case of the service's model, in model order.");
    quote! {
        #[doc = #doc]
        pub fn cases() -> ::std::vec::Vec<::smithy_protocol_test::Case> {
            ::std::vec![#(#entries),*]
        }

        #(#functions)*
    }
}

fn function_name(taken: &mut BTreeSet<String>, kind: &str, id: &str) -> proc_macro2::Ident {
    let base: String = format!("{kind}_{}", id.to_snake_case())
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    let mut name = base.clone();
    let mut n = 2;
    while !taken.insert(name.clone()) {
        name = format!("{base}_{n}");
        n += 1;
    }
    format_ident!("{name}")
}

fn doc(id: &str, documentation: Option<&str>) -> TokenStream {
    let text = match documentation {
        Some(text) => format!(
            " `{id}`: {}",
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        ),
        None => format!(" `{id}`."),
    };
    quote! { #[doc = #text] }
}

fn strs(items: &[String]) -> TokenStream {
    quote! { &[#(#items),*] }
}

fn option(value: Option<&str>) -> TokenStream {
    match value {
        Some(text) => quote! { ::std::option::Option::Some(#text) },
        None => quote! { ::std::option::Option::None },
    }
}

/// The function for a case that cannot be built.
fn unbuildable(doc: TokenStream, name: &proc_macro2::Ident, why: &str) -> TokenStream {
    let message = format!("the case's params do not fit the generated types: {why}");
    quote! {
        #doc
        fn #name() -> ::std::result::Result<(), ::std::string::String> {
            ::std::result::Result::Err(::std::string::String::from(#message))
        }
    }
}

fn request_case(service: &Service, test: &RequestTest, name: &proc_macro2::Ident) -> TokenStream {
    let case = &test.case;
    let message = &case.message;
    let doc = doc(&message.id, message.documentation.as_deref());
    let Some(op) = service.operations.get(&test.operation) else {
        return unbuildable(doc, name, "the operation is not generated");
    };
    let method = ident(&op.fn_name);
    let (input, arg) = match &op.input {
        Some(input) => {
            let mut built = test_values::Built::default();
            match test_values::structure(service, input, &message.params, &mut built) {
                Ok(expr) => (quote! { let input = #expr; }, quote! { input }),
                Err(why) => return unbuildable(doc, name, &why),
            }
        }
        None => (TokenStream::new(), TokenStream::new()),
    };
    let host = option(case.host.as_deref());
    let vendor = message.vendor_params.to_string();
    let http_method = &case.method;
    let uri = &case.uri;
    let resolved_host = option(case.resolved_host.as_deref());
    let query_params = strs(&case.query_params);
    let forbid_query_params = strs(&case.forbid_query_params);
    let require_query_params = strs(&case.require_query_params);
    let headers = message.headers.iter().map(|(k, v)| quote! { (#k, #v) });
    let forbid_headers = strs(&case.forbid_headers);
    let require_headers = strs(&case.require_headers);
    let body = option(message.body.as_deref());
    let media_type = option(message.body_media_type.as_deref());
    quote! {
        #doc
        fn #name() -> ::std::result::Result<(), ::std::string::String> {
            #input
            let transport = ::smithy_protocol_test::transport();
            let client = super::client::Client::new(::smithy_protocol_test::config(#host, #vendor)?, &transport);
            let result = ::smithy_protocol_test::block_on(client.#method(#arg));
            let request = ::smithy_protocol_test::sent(&transport, result)?;
            ::smithy_protocol_test::check_request(&request, &::smithy_protocol_test::ExpectedRequest {
                method: #http_method,
                uri: #uri,
                resolved_host: #resolved_host,
                query_params: #query_params,
                forbid_query_params: #forbid_query_params,
                require_query_params: #require_query_params,
                headers: &[#(#headers),*],
                forbid_headers: #forbid_headers,
                require_headers: #require_headers,
                body: #body,
                body_media_type: #media_type,
            })
        }
    }
}

fn response_case(service: &Service, test: &ResponseTest, name: &proc_macro2::Ident) -> TokenStream {
    let case = &test.case;
    let message = &case.message;
    let doc = doc(&message.id, message.documentation.as_deref());
    let Some(op) = service.operations.get(&test.operation) else {
        return unbuildable(doc, name, "the operation is not generated");
    };
    let deserialize = format_ident!("deserialize_{}", op.fn_name.trim_start_matches("r#"));
    let code = case.code;
    let headers = message.headers.iter().map(|(k, v)| quote! { (#k, #v) });
    let body = proc_macro2::Literal::byte_string(message.body.as_deref().unwrap_or("").as_bytes());
    let mut built = test_values::Built::default();
    let check = match &test.error {
        Some(error) => {
            let expected = match test_values::structure(service, error, &message.params, &mut built)
            {
                Ok(expr) => expr,
                Err(why) => return unbuildable(doc, name, &why),
            };
            let error_enum = ident(&op.error_name);
            let variant = ident(error);
            let path = type_path(service, error, Scope::Sibling);
            quote! {
                let expected: #path = #expected;
                match actual {
                    ::std::result::Result::Err(::smithy_runtime::SdkError::Service(error)) => match *error {
                        super::error::#error_enum::#variant(error) => ::smithy_protocol_test::check_same_json(&error, &expected),
                        other => ::std::result::Result::Err(::std::format!("expected the {} error, got {other:?}", #error)),
                    },
                    other => ::std::result::Result::Err(::std::format!("expected the {} error, got {other:?}", #error)),
                }
            }
        }
        None => match &op.output {
            None => quote! {
                actual.map_err(|e| ::std::format!("the response was not read: {e:?}"))?;
                ::std::result::Result::Ok(())
            },
            Some(output) => {
                let expected =
                    match test_values::structure(service, output, &message.params, &mut built) {
                        Ok(expr) => expr,
                        Err(why) => return unbuildable(doc, name, &why),
                    };
                let compare = if built.has_nan {
                    quote! { ::smithy_protocol_test::check_same_json(&output, &expected) }
                } else {
                    quote! { ::smithy_protocol_test::check_equal(&output, &expected) }
                };
                quote! {
                    let expected = #expected;
                    let output = actual.map_err(|e| ::std::format!("the response was not read: {e:?}"))?;
                    #compare
                }
            }
        },
    };
    // The one way to fill an error structure's public fields from outside
    // its module (its metadata field is private).
    let allow = if built.assigns_fields {
        quote! { #[allow(clippy::field_reassign_with_default)] }
    } else {
        TokenStream::new()
    };
    quote! {
        #doc
        #allow
        fn #name() -> ::std::result::Result<(), ::std::string::String> {
            let response = ::smithy_protocol_test::response(#code, &[#(#headers),*], #body)?;
            let actual = super::protocol::#deserialize(&response);
            #check
        }
    }
}
