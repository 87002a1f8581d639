//! restJson1 for operations that bind members outside the JSON body:
//! labels in the path, query parameters, headers, a payload, the status
//! code. The request is built with `smithy_runtime::bindings::RequestBuilder`;
//! bound output members are read back from the response's headers and
//! status after the body.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{Scope, ident, rust_type, type_path};
use crate::ir::{Binding, Field, Operation, Service, Structure, Type, TypeKind, UriPart};

/// The serializer and deserializer of one operation.
pub fn operation(
    service: &Service,
    op: &Operation,
    input: Option<&Structure>,
    output: Option<&Structure>,
) -> TokenStream {
    let serialize = serializer(service, op, input);
    let deserialize = deserializer(service, op, output);
    quote! { #serialize #deserialize }
}

fn serializer(service: &Service, op: &Operation, input: Option<&Structure>) -> TokenStream {
    let name = format_ident!("serialize_{}", op.fn_name.trim_start_matches("r#"));
    let method = &op.http.method;
    let doc = format!(
        " `{method} {}`, members bound to the path, query, headers and body.",
        op.http.uri
    );
    let fields: Vec<&Field> = input
        .map(|s| s.members.iter().collect())
        .unwrap_or_default();
    let field = |wire: &str| fields.iter().find(|f| f.wire_name == wire).copied();
    let mut steps = Vec::new();
    for part in &op.path {
        match part {
            UriPart::Literal(text) => steps.push(quote! { request.path(#text); }),
            UriPart::Label { name, greedy } => match field(name) {
                Some(f) => {
                    let member = ident(&f.rust_name);
                    let value = quote! { value };
                    let text = text_of(&f.ty, &value);
                    let access = if f.optional {
                        quote! {
                            let Some(value) = &input.#member else {
                                return Err(::smithy_runtime::RequestError::new(concat!("the label ", #name, " is not set")));
                            };
                        }
                    } else {
                        quote! { let value = &input.#member; }
                    };
                    steps.push(quote! {
                        {
                            #access
                            request.label(#name, #text, #greedy)?;
                        }
                    });
                }
                // The loader lets a pattern name a label no member binds; the
                // request cannot be built then.
                None => steps.push(quote! {
                    return Err(::smithy_runtime::RequestError::new(concat!("no member binds the label ", #name)));
                }),
            },
        }
    }
    if let Some(literal) = &op.query_literal {
        steps.push(quote! { request.query_literal(#literal); });
    }
    let explicit: Vec<&str> = fields
        .iter()
        .filter_map(|f| match &f.binding {
            Binding::Query(name) => Some(name.as_str()),
            _ => None,
        })
        .collect();
    for f in &fields {
        let member = ident(&f.rust_name);
        let step = match &f.binding {
            Binding::Query(name) => {
                let add = match &f.ty.kind {
                    TypeKind::List { member, .. } => {
                        let item = quote! { item };
                        let text = text_of(member, &item);
                        quote! { for item in value { request.query(#name, #text); } }
                    }
                    _ => {
                        let text = text_of(&f.ty, &quote! { value });
                        quote! { request.query(#name, #text); }
                    }
                };
                Some(add)
            }
            Binding::QueryParams => {
                Some(quote! { request.query_params(value, &[#(#explicit),*]); })
            }
            Binding::Header(name) => {
                let text = match &f.ty.kind {
                    TypeKind::List { member, .. } => {
                        let item = quote! { item };
                        let text = text_of(member, &item);
                        quote! {
                            ::smithy_runtime::bindings::header_list(
                                &value.iter().map(|item| #text.to_owned()).collect::<Vec<_>>(),
                            )
                        }
                    }
                    _ => {
                        let text = text_of(&f.ty, &quote! { value });
                        quote! { #text }
                    }
                };
                Some(quote! { request.header(#name, #text); })
            }
            Binding::PrefixHeaders(prefix) => {
                Some(quote! { request.prefix_headers(#prefix, value); })
            }
            Binding::Payload => Some(payload_step(&f.ty)),
            Binding::Body | Binding::Label | Binding::ResponseCode => None,
        };
        if let Some(step) = step {
            steps.push(if f.optional {
                quote! { if let Some(value) = &input.#member { #step } }
            } else {
                quote! { { let value = &input.#member; #step } }
            });
        }
    }
    let body_fields: Vec<&&Field> = fields
        .iter()
        .filter(|f| f.binding == Binding::Body)
        .collect();
    let has_payload = fields.iter().any(|f| f.binding == Binding::Payload);
    let body = if body_fields.is_empty() || has_payload {
        TokenStream::new()
    } else {
        let declarations = body_fields.iter().map(|f| {
            let member = ident(&f.rust_name);
            let json_name = &f.json_name;
            let ty = rust_type(service, &f.ty, Scope::Sibling);
            let ty = if f.boxed {
                quote! { ::std::boxed::Box<#ty> }
            } else {
                ty
            };
            if f.optional {
                quote! {
                    #[serde(rename = #json_name, skip_serializing_if = "Option::is_none")]
                    #member: Option<&'a #ty>,
                }
            } else {
                quote! {
                    #[serde(rename = #json_name)]
                    #member: &'a #ty,
                }
            }
        });
        let values = body_fields.iter().map(|f| {
            let member = ident(&f.rust_name);
            if f.optional {
                quote! { #member: input.#member.as_ref(), }
            } else {
                quote! { #member: &input.#member, }
            }
        });
        quote! {
            /// The members that travel in the JSON body.
            #[derive(::smithy_runtime::serde::Serialize)]
            #[serde(crate = "::smithy_runtime::serde")]
            struct Body<'a> {
                #(#declarations)*
            }
            request.json_body(::smithy_runtime::rest::to_json(&Body { #(#values)* })?);
        }
    };
    let param = match &op.input {
        Some(input) => {
            let ty = type_path(service, input, Scope::Sibling);
            quote! { input: &#ty, }
        }
        None => TokenStream::new(),
    };
    quote! {
        #[doc = #doc]
        pub(crate) fn #name(
            #param
            endpoint: &str,
        ) -> Result<::smithy_runtime::HttpRequest, ::smithy_runtime::RequestError> {
            let mut request = ::smithy_runtime::bindings::RequestBuilder::new(#method, endpoint);
            #(#steps)*
            #body
            request.build()
        }
    }
}

/// An expression of type `&str` for a scalar `value` (a reference).
fn text_of(ty: &Type, value: &TokenStream) -> TokenStream {
    match &ty.kind {
        TypeKind::String => quote! { #value.as_str() },
        TypeKind::Enum(_) => quote! { #value.as_str() },
        _ => quote! { &#value.to_string() },
    }
}

fn payload_step(ty: &Type) -> TokenStream {
    match &ty.kind {
        TypeKind::String => quote! { request.payload(value.as_bytes().to_vec(), "text/plain"); },
        _ => quote! { request.json_body(::smithy_runtime::rest::to_json(value)?); },
    }
}

fn deserializer(service: &Service, op: &Operation, output: Option<&Structure>) -> TokenStream {
    let name = format_ident!("deserialize_{}", op.fn_name.trim_start_matches("r#"));
    let error = ident(&op.error_name);
    let code = proc_macro2::Literal::u16_unsuffixed(op.http.code);
    let (output_ty, parse) = match (&op.output, output) {
        (Some(output_name), Some(s)) => {
            let ty = type_path(service, output_name, Scope::Sibling);
            let payload = s.members.iter().find(|f| f.binding == Binding::Payload);
            let start = match payload {
                Some(_) => quote! { let mut output = #ty::default(); },
                None => {
                    quote! { let mut output: #ty = ::smithy_runtime::rest::from_json(response)?; }
                }
            };
            let reads: Vec<TokenStream> = s
                .members
                .iter()
                .filter_map(|f| read_member(service, f))
                .collect();
            let parse = if reads.is_empty() {
                quote! { Ok(::smithy_runtime::rest::from_json(response)?) }
            } else {
                quote! {
                    #start
                    #(#reads)*
                    Ok(output)
                }
            };
            (ty, parse)
        }
        _ => (quote! { () }, quote! { Ok(()) }),
    };
    quote! {
        /// The output from a success response (body, headers and status),
        /// else the operation's error.
        pub(crate) fn #name(
            response: &::smithy_runtime::HttpResponse,
        ) -> Result<#output_ty, ::smithy_runtime::SdkError<super::error::#error>> {
            if !::smithy_runtime::rest::is_success(response, #code) {
                let error = super::error::#error::from_response(response)?;
                return Err(::smithy_runtime::SdkError::service(error));
            }
            #parse
        }
    }
}

/// Reads one bound output member into `output`.
fn read_member(service: &Service, f: &Field) -> Option<TokenStream> {
    let member = ident(&f.rust_name);
    let value = match &f.binding {
        Binding::Header(name) => match &f.ty.kind {
            TypeKind::String => quote! { ::smithy_runtime::bindings::header(response, #name)? },
            TypeKind::Enum(_) => {
                quote! { ::smithy_runtime::bindings::header(response, #name)?.map(::std::convert::Into::into) }
            }
            TypeKind::List { member, .. } => match member.kind {
                TypeKind::String | TypeKind::Enum(_) => quote! {
                    ::smithy_runtime::bindings::header_items(response, #name)?
                        .map(|items| items.into_iter().map(::std::convert::Into::into).collect())
                },
                _ => {
                    let item = rust_type(service, member, Scope::Sibling);
                    quote! {
                        ::smithy_runtime::bindings::header_items(response, #name)?
                            .map(|items| items.iter().map(|item| item.parse::<#item>()).collect::<Result<Vec<_>, _>>())
                            .transpose()
                            .map_err(|_| ::smithy_runtime::ResponseError::new(response, concat!("header ", #name, " has an invalid item")))?
                    }
                }
            },
            _ => quote! { ::smithy_runtime::bindings::header_parse(response, #name)? },
        },
        Binding::PrefixHeaders(prefix) => {
            quote! { ::smithy_runtime::bindings::prefix_headers(response, #prefix)? }
        }
        Binding::ResponseCode => quote! { Some(i32::from(response.status().as_u16())) },
        Binding::Payload => match &f.ty.kind {
            TypeKind::String => quote! {
                Some(String::from_utf8(response.body().clone()).map_err(|_| {
                    ::smithy_runtime::ResponseError::new(response, "the payload is not UTF-8 text")
                })?)
            },
            _ => quote! {
                if response.body().is_empty() { None } else { Some(::smithy_runtime::rest::from_json(response)?) }
            },
        },
        Binding::Body | Binding::Label | Binding::Query(_) | Binding::QueryParams => return None,
    };
    let value = if f.boxed {
        quote! { (#value).map(::std::boxed::Box::new) }
    } else {
        value
    };
    Some(if f.optional {
        quote! { output.#member = #value; }
    } else {
        quote! { output.#member = (#value).unwrap_or_default(); }
    })
}
