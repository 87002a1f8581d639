//! restJson1 for operations that bind members outside the JSON body:
//! labels in the path, query parameters, headers, a payload, the status
//! code. The request is built with `smithy_runtime::protocol::rest_json::bindings::RequestBuilder`;
//! bound output members are read back from the response's headers and
//! status after the body.

use proc_macro2::TokenStream;
use quote::quote;

use super::super::super::rust::{Scope, ident, rust_type, type_path};
use super::super::super::{attrs, defaults};
use super::super::customized;
use super::Bodies;
use crate::ir::{
    Binding, Field, Operation, Service, Structure, TimestampFormat, Type, TypeKind, UriPart,
};

/// Where a scalar travels; decides the default timestamp format and how
/// some values are written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Label,
    Query,
    Header,
}

/// The serializer and deserializer of one operation.
pub fn operation(
    bodies: &Bodies,
    service: &Service,
    op: &Operation,
    input: Option<&Structure>,
    output: Option<&Structure>,
) -> TokenStream {
    let serialize = serializer(bodies, service, op, input);
    let deserialize = deserializer(bodies, service, op, output);
    quote! { #serialize #deserialize }
}

fn serializer(
    bodies: &Bodies,
    service: &Service,
    op: &Operation,
    input: Option<&Structure>,
) -> TokenStream {
    let method = &op.http.method;
    let mut doc = format!(
        " `{method} {}`, members bound to the path, query, headers and body.",
        op.http.uri
    );
    // A `@streaming` blob payload is a `Blob` like any other: the whole body
    // is buffered in memory, sent and received in one piece.
    if let Some(f) = input.and_then(|s| {
        s.members
            .iter()
            .find(|f| f.binding == Binding::Payload && f.ty.streaming)
    }) {
        doc.push_str(&format!(
            " The streaming payload `{}` is buffered: sent from memory in one piece.",
            f.wire_name
        ));
    }
    let fields: Vec<&Field> = input
        .map(|s| s.members.iter().collect())
        .unwrap_or_default();
    let field = |wire: &str| fields.iter().find(|f| f.wire_name == wire).copied();
    let mut steps = Vec::new();
    // An input whose members all travel elsewhere (e.g. only in responses)
    // is taken but not read.
    let mut uses_input = false;
    for part in &op.path {
        match part {
            UriPart::Literal(text) => steps.push(quote! { request.path(#text); }),
            UriPart::Label { name, greedy } => match (field(name), op.label_defaults.get(name)) {
                (Some(f), Some(default)) => {
                    // A customization (Glacier's `accountId`): unset or
                    // empty, the label is sent as its default.
                    let member = ident(&f.rust_name);
                    let value = if f.optional {
                        quote! { input.#member.as_deref().unwrap_or("") }
                    } else {
                        quote! { input.#member.as_str() }
                    };
                    steps.push(quote! {
                        request.label(#name, ::smithy_runtime::customize::non_empty_or(#value, #default), #greedy)?;
                    });
                }
                (Some(f), None) => {
                    let member = ident(&f.rust_name);
                    let value = quote! { value };
                    let text = text_of(&f.ty, &value, Place::Label);
                    let access = if f.optional {
                        quote! {
                            let Some(value) = &input.#member else {
                                return Err(::smithy_runtime::RequestError::new(concat!("the label ", #name, " is not set")));
                            };
                        }
                    } else {
                        quote! { let value = &input.#member; }
                    };
                    uses_input = true;
                    steps.push(quote! {
                        {
                            #access
                            request.label(#name, #text, #greedy)?;
                        }
                    });
                }
                // The loader lets a pattern name a label no member binds; the
                // request cannot be built then.
                (None, _) => steps.push(quote! {
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
                        let text = text_of(member, &item, Place::Query);
                        quote! { for item in value { request.query(#name, #text); } }
                    }
                    _ => {
                        let text = text_of(&f.ty, &quote! { value }, Place::Query);
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
                    // Timestamps are never quoted, `http-date`s included.
                    TypeKind::List { member, .. }
                        if matches!(member.kind, TypeKind::Timestamp(_)) =>
                    {
                        let format = timestamp_format(member, Place::Header);
                        quote! { ::smithy_runtime::protocol::rest_json::bindings::timestamp_list_header(value, #format)? }
                    }
                    TypeKind::List { member, .. } => {
                        let item = quote! { item };
                        let text = owned_text(member, &item, Place::Header);
                        quote! {
                            ::smithy_runtime::protocol::rest_json::bindings::header_list(
                                &value.iter().map(|item| #text).collect::<Vec<_>>(),
                            )
                        }
                    }
                    // `header` takes an owned `String` as well as a `&str`.
                    TypeKind::String if f.ty.media_type.is_none() => quote! { value.as_str() },
                    TypeKind::Enum(_) | TypeKind::BigInteger | TypeKind::BigDecimal => {
                        quote! { value.as_str() }
                    }
                    _ => owned_text(&f.ty, &quote! { value }, Place::Header),
                };
                Some(quote! { request.header(#name, #text); })
            }
            Binding::PrefixHeaders(prefix) => {
                Some(quote! { request.prefix_headers(#prefix, value); })
            }
            Binding::Payload => Some(payload_step(bodies, &f.ty)),
            Binding::Body | Binding::Label | Binding::ResponseCode => None,
        };
        if let Some(step) = step {
            uses_input = true;
            steps.push(if f.optional && empty_structure_payload(service, f) {
                // An unset structure payload is still a JSON object (Smithy's
                // RestJsonHttpWithEmptyStructurePayload); an unset union,
                // blob or string payload sends no body at all.
                quote! {
                    match &input.#member {
                        Some(value) => { #step }
                        None => { request.json_body(b"{}".to_vec()); }
                    }
                }
            } else if f.optional {
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
            let json_name = &f.wire_name;
            let ty = rust_type(service, &f.ty, Scope::Sibling);
            let ty = if f.boxed {
                quote! { ::std::boxed::Box<#ty> }
            } else {
                ty
            };
            let with = match attrs::serialize_with_borrowed(&f.ty, f.optional) {
                Some(path) => quote! { , serialize_with = #path },
                None => TokenStream::new(),
            };
            if f.optional {
                quote! {
                    #[serde(rename = #json_name, skip_serializing_if = "Option::is_none" #with)]
                    #member: Option<&'a #ty>,
                }
            } else {
                quote! {
                    #[serde(rename = #json_name #with)]
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
        let write = bodies.write(quote! { &Body { #(#values)* } }, op.input.as_deref());
        quote! {
            /// The members that travel in the JSON body.
            #[derive(::smithy_runtime::serde::Serialize)]
            #[serde(crate = "::smithy_runtime::serde")]
            struct Body<'a> {
                #(#declarations)*
            }
            request.json_body(#write?);
        }
    };
    let build = customized(service, op, quote! { request.build() });
    let param = match &op.input {
        Some(input) if uses_input || !body.is_empty() => {
            let ty = type_path(service, input, Scope::Sibling);
            quote! { input: &#ty, }
        }
        Some(input) => {
            let ty = type_path(service, input, Scope::Sibling);
            quote! { _input: &#ty, }
        }
        None => TokenStream::new(),
    };
    let statements = quote! {
        let mut request = ::smithy_runtime::protocol::rest_json::bindings::RequestBuilder::new(#method, endpoint);
        #(#steps)*
        #body
        #build
    };
    super::super::serializer(service, op, doc.trim_start(), param, statements)
}

/// An expression of type `&str` for a scalar `value` (a reference) in
/// `place`. It may use `?` (a timestamp that cannot be written).
fn text_of(ty: &Type, value: &TokenStream, place: Place) -> TokenStream {
    match &ty.kind {
        TypeKind::String if place == Place::Header && ty.media_type.is_some() => {
            let text = owned_text(ty, value, place);
            quote! { &#text }
        }
        TypeKind::String | TypeKind::Enum(_) | TypeKind::BigInteger | TypeKind::BigDecimal => {
            quote! { #value.as_str() }
        }
        _ => {
            let text = owned_text(ty, value, place);
            quote! { &#text }
        }
    }
}

/// An expression of type `String` for a scalar `value` (a reference) in
/// `place`. It may use `?` (a timestamp that cannot be written).
fn owned_text(ty: &Type, value: &TokenStream, place: Place) -> TokenStream {
    match &ty.kind {
        // A string with a `@mediaType` travels base64-encoded in a header.
        TypeKind::String if place == Place::Header && ty.media_type.is_some() => {
            quote! { ::smithy_runtime::types::base64::encode(#value) }
        }
        TypeKind::String | TypeKind::Enum(_) | TypeKind::BigInteger | TypeKind::BigDecimal => {
            quote! { #value.as_str().to_owned() }
        }
        TypeKind::IntEnum(_) => quote! { #value.as_i32().to_string() },
        TypeKind::Float | TypeKind::Double => {
            quote! { ::smithy_runtime::protocol::rest_json::bindings::float_text(*#value) }
        }
        TypeKind::Timestamp(_) => {
            let format = timestamp_format(ty, place);
            quote! { ::smithy_runtime::protocol::rest_json::bindings::timestamp_text(#value, #format)? }
        }
        _ => quote! { #value.to_string() },
    }
}

/// The runtime's `TimestampFormat` for a timestamp in `place`: the
/// member's `@timestampFormat`, else restJson1's default there
/// (`date-time` in labels and queries, `http-date` in headers).
fn timestamp_format(ty: &Type, place: Place) -> TokenStream {
    let format = match &ty.kind {
        TypeKind::Timestamp(Some(format)) => *format,
        _ => match place {
            Place::Label | Place::Query => TimestampFormat::DateTime,
            Place::Header => TimestampFormat::HttpDate,
        },
    };
    match format {
        TimestampFormat::DateTime => quote! { ::smithy_runtime::types::TimestampFormat::DateTime },
        TimestampFormat::HttpDate => quote! { ::smithy_runtime::types::TimestampFormat::HttpDate },
        TimestampFormat::EpochSeconds => {
            quote! { ::smithy_runtime::types::TimestampFormat::EpochSeconds }
        }
    }
}

/// Whether `f` is a payload bound to a structure (not a union), which is
/// sent as `{}` when unset.
fn empty_structure_payload(service: &Service, f: &Field) -> bool {
    f.binding == Binding::Payload
        && matches!(&f.ty.kind, TypeKind::Structure(name)
            if service.structures.get(name).is_some_and(|s| !s.is_union))
}

fn payload_step(bodies: &Bodies, ty: &Type) -> TokenStream {
    let media_type = |fallback: &str| ty.media_type.clone().unwrap_or_else(|| fallback.to_owned());
    match &ty.kind {
        TypeKind::String => {
            let content_type = media_type("text/plain");
            quote! { request.payload(value.as_bytes().to_vec(), #content_type); }
        }
        TypeKind::Enum(_) => {
            let content_type = media_type("text/plain");
            quote! { request.payload(value.as_str().as_bytes().to_vec(), #content_type); }
        }
        // Raw bytes; a `@streaming` blob too, buffered (see the serializer's doc).
        TypeKind::Blob => {
            let content_type = media_type("application/octet-stream");
            quote! { request.payload(value.as_bytes().to_vec(), #content_type); }
        }
        _ => {
            let body = bodies.write(quote! { value }, structure_name(ty));
            quote! { request.json_body(#body?); }
        }
    }
}

fn deserializer(
    bodies: &Bodies,
    service: &Service,
    op: &Operation,
    output: Option<&Structure>,
) -> TokenStream {
    let code = proc_macro2::Literal::u16_unsuffixed(op.http.code);
    let (output_ty, parse) = match (&op.output, output) {
        (Some(output_name), Some(s)) => {
            let ty = type_path(service, output_name, Scope::Sibling);
            let payload = s.members.iter().any(|f| f.binding == Binding::Payload);
            // A required member the response lacks is corrected as the
            // body's are (see `defaults::corrects`).
            let reads: Vec<(TokenStream, TokenStream)> = s
                .members
                .iter()
                .enumerate()
                .filter_map(|(index, f)| {
                    let (member, value) = read_member(bodies, service, f)?;
                    let value = defaults::correct_read(service, s, index, Scope::Sibling, value);
                    Some((member, value))
                })
                .collect();
            let parse = if reads.is_empty() {
                let read = bodies.read(Some(output_name));
                quote! { Ok(#read?) }
            } else if payload {
                // The body is the payload: every member is read from the
                // response itself (a valid model binds no other to the body).
                let fields = reads
                    .iter()
                    .map(|(member, value)| quote! { #member: #value, });
                let rest = if reads.len() < s.members.len() {
                    quote! { ..::std::default::Default::default() }
                } else {
                    TokenStream::new()
                };
                quote! { Ok(#ty { #(#fields)* #rest }) }
            } else {
                let assignments = reads
                    .iter()
                    .map(|(member, value)| quote! { output.#member = #value; });
                let read = bodies.read(Some(output_name));
                quote! {
                    let mut output: #ty = #read?;
                    #(#assignments)*
                    Ok(output)
                }
            };
            (ty, parse)
        }
        _ => (quote! { () }, quote! { Ok(()) }),
    };
    super::super::deserializer(
        service,
        op,
        "The output from a success response (body, headers and status), else the operation's error.",
        quote! { ::smithy_runtime::protocol::rest_json::is_success(response, #code) },
        output_ty,
        parse,
    )
}

/// A bound output member and the expression that reads it from the
/// response.
pub(crate) fn read_member(
    bodies: &Bodies,
    service: &Service,
    f: &Field,
) -> Option<(TokenStream, TokenStream)> {
    let member = ident(&f.rust_name);
    let value = match &f.binding {
        Binding::Header(name) => match &f.ty.kind {
            TypeKind::String if f.ty.media_type.is_some() => {
                quote! { ::smithy_runtime::protocol::rest_json::bindings::header_base64_text(response, #name)? }
            }
            TypeKind::String => {
                quote! { ::smithy_runtime::protocol::rest_json::bindings::header(response, #name)? }
            }
            TypeKind::Enum(_) => {
                quote! { ::smithy_runtime::protocol::rest_json::bindings::header(response, #name)?.map(::std::convert::Into::into) }
            }
            TypeKind::IntEnum(_) => {
                quote! { ::smithy_runtime::protocol::rest_json::bindings::header_parse::<i32>(response, #name)?.map(::std::convert::Into::into) }
            }
            TypeKind::Timestamp(_) => {
                let format = timestamp_format(&f.ty, Place::Header);
                quote! { ::smithy_runtime::protocol::rest_json::bindings::header_timestamp(response, #name, #format)? }
            }
            TypeKind::List { member, .. } => match member.kind {
                TypeKind::String => {
                    quote! { ::smithy_runtime::protocol::rest_json::bindings::header_items(response, #name)? }
                }
                TypeKind::Enum(_) => quote! {
                    ::smithy_runtime::protocol::rest_json::bindings::header_items(response, #name)?
                        .map(|items| items.into_iter().map(::std::convert::Into::into).collect())
                },
                TypeKind::Timestamp(_) => {
                    let format = timestamp_format(member, Place::Header);
                    quote! { ::smithy_runtime::protocol::rest_json::bindings::header_timestamps(response, #name, #format)? }
                }
                _ => {
                    // An intEnum's items are read as numbers.
                    let (item, convert) = match member.kind {
                        TypeKind::IntEnum(_) => {
                            (quote! { i32 }, quote! { .map(::std::convert::Into::into) })
                        }
                        _ => (
                            rust_type(service, member, Scope::Sibling),
                            TokenStream::new(),
                        ),
                    };
                    quote! {
                        ::smithy_runtime::protocol::rest_json::bindings::header_items(response, #name)?
                            .map(|items| items.iter().map(|item| item.parse::<#item>() #convert).collect::<Result<Vec<_>, _>>())
                            .transpose()
                            .map_err(|_| ::smithy_runtime::ResponseError::new(response, concat!("header ", #name, " has an invalid item")))?
                    }
                }
            },
            _ => {
                quote! { ::smithy_runtime::protocol::rest_json::bindings::header_parse(response, #name)? }
            }
        },
        Binding::PrefixHeaders(prefix) => {
            quote! { ::smithy_runtime::protocol::rest_json::bindings::prefix_headers(response, #prefix)? }
        }
        Binding::ResponseCode => quote! { Some(i32::from(response.status().as_u16())) },
        Binding::Payload => match &f.ty.kind {
            TypeKind::String => quote! {
                Some(String::from_utf8(response.body().clone()).map_err(|_| {
                    ::smithy_runtime::ResponseError::new(response, "the payload is not UTF-8 text")
                })?)
            },
            TypeKind::Enum(_) => quote! {
                Some(String::from_utf8(response.body().clone()).map(::std::convert::Into::into).map_err(|_| {
                    ::smithy_runtime::ResponseError::new(response, "the payload is not UTF-8 text")
                })?)
            },
            // An empty body is no payload, streamed or not (as Smithy's
            // `RestJsonStreamingTraitsWithNoBlobBody` case has it).
            TypeKind::Blob => quote! {
                if response.body().is_empty() { None } else { Some(::smithy_runtime::Blob::new(response.body().clone())) }
            },
            _ => {
                let read = bodies.read(structure_name(&f.ty));
                quote! {
                    if response.body().is_empty() { None } else { Some(#read?) }
                }
            }
        },
        Binding::Body | Binding::Label | Binding::Query(_) | Binding::QueryParams => return None,
    };
    let value = if f.boxed {
        quote! { (#value).map(::std::boxed::Box::new) }
    } else {
        value
    };
    let value = if f.optional {
        value
    } else {
        quote! { (#value).unwrap_or_default() }
    };
    Some((quote! { #member }, value))
}

/// The generated structure a payload of type `ty` is, if it is one (a
/// document is not).
fn structure_name(ty: &Type) -> Option<&str> {
    match &ty.kind {
        TypeKind::Structure(name) => Some(name),
        _ => None,
    }
}
