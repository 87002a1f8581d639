//! A paginator method per paginated operation, inside the client's `impl`.
//!
//! The loop and when to stop live in `smithy_runtime::paginator`; each
//! method only hands it the operation method and three accessors (the
//! input's token member, the output's next token, the items of a page).
//! Tokens are strings (read as `&str`) or any other type (read as `&T`,
//! cloned into the next input: DynamoDB's map keys); a generated type used
//! as a token gets an empty `PageToken` impl ([`token_impls`]).

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::attrs;
use super::rust::{Scope, ident, outer_doc, rust_type, type_path};
use crate::ir::{FieldStep, Operation, PageItems, Paginated, Service, Type, TypeKind};

/// The paginator methods of every paginated operation.
pub fn emit(service: &Service) -> TokenStream {
    service
        .operations
        .values()
        .filter_map(|op| {
            let paginated = op.paginated.as_ref()?;
            method(service, op, paginated)
        })
        .collect()
}

/// `impl PageToken` for each generated structure, union or enum that an
/// operation uses as its token (never empty), outside the client's `impl`.
pub fn token_impls(service: &Service) -> TokenStream {
    let names: BTreeSet<&str> = service
        .operations
        .values()
        .filter_map(|op| op.paginated.as_ref())
        .filter_map(|paginated| match &paginated.token.kind {
            TypeKind::Structure(name) | TypeKind::Enum(name) | TypeKind::IntEnum(name) => {
                Some(name.as_str())
            }
            _ => None,
        })
        .collect();
    names
        .into_iter()
        .map(|name| {
            let ty = type_path(service, name, Scope::Sibling);
            let allow = attrs::allow_deprecated(service.is_deprecated_type(name));
            quote! {
                #allow
                impl ::smithy_runtime::paginator::PageToken for #ty {}
            }
        })
        .collect()
}

/// Whether a token of this type is read as `&str` (the paginator's
/// default token type) rather than as `&T`.
fn is_string(token: &Type) -> bool {
    matches!(token.kind, TypeKind::String)
}

/// Whether a token of this type can be present but empty.
fn can_be_empty(token: &Type) -> bool {
    matches!(
        token.kind,
        TypeKind::String | TypeKind::Blob | TypeKind::List { .. } | TypeKind::Map { .. }
    )
}

fn method(service: &Service, op: &Operation, paginated: &Paginated) -> Option<TokenStream> {
    let input = type_path(service, op.input.as_deref()?, Scope::Sibling);
    let output_name = op.output.as_deref()?;
    let output = type_path(service, output_name, Scope::Sibling);
    let name = ident(&paginated.fn_name);
    let operation = ident(&op.fn_name);
    let error = ident(&op.error_name);
    let input_token = ident(&paginated.input_token.rust_name);
    let string = is_string(&paginated.token);
    let output_token = token(quote! { output }, &paginated.output_token, string);
    // The token type is the last type parameter: after the items' (which
    // then must be written) unless it is the default, `str`.
    let token_type = (!string).then(|| rust_type(service, &paginated.token, Scope::Sibling));
    let (item_type, with_items) = match &paginated.items {
        Some(items) => {
            let (ty, extract) = items_of(service, items);
            (quote! { , #ty }, quote! { .with_items(|output| #extract) })
        }
        None if token_type.is_some() => (
            quote! { , ::smithy_runtime::paginator::NoItems },
            TokenStream::new(),
        ),
        None => (TokenStream::new(), TokenStream::new()),
    };
    let token_type = token_type.map(|ty| quote! { , #ty });
    let docs = outer_doc(&docs(op, output_name, paginated));
    // A deprecated operation's paginator is deprecated too, and calls it.
    let deprecated = attrs::deprecated(op.deprecated.as_ref());
    let allow = attrs::allow_deprecated(touches_deprecated(service, op, paginated));
    Some(quote! {
        #docs
        #deprecated
        #allow
        pub fn #name(&self, input: #input) -> ::smithy_runtime::paginator::Paginator<'_, #input, #output, super::error::#error #item_type #token_type> {
            ::smithy_runtime::paginator::Paginator::new(
                input,
                move |input| ::std::boxed::Box::pin(self.#operation(input)),
                |input| &mut input.#input_token,
                |output| #output_token,
            )
            #with_items
        }
    })
}

/// Whether the method calls a deprecated operation or names (or reaches
/// into) something deprecated, and so needs `#[allow(deprecated)]`.
fn touches_deprecated(service: &Service, op: &Operation, paginated: &Paginated) -> bool {
    let Some(output) = op.output.as_deref() else {
        return false;
    };
    let items = paginated.items.as_ref();
    op.deprecated.is_some()
        || attrs::operation_touches_deprecated(service, op)
        || items.is_some_and(|items| service.type_is_deprecated(&items.ty))
        || path_touches_deprecated(service, output, &paginated.output_token)
        || service.type_is_deprecated(&paginated.token)
        || items.is_some_and(|items| path_touches_deprecated(service, output, &items.path))
}

/// Whether a structure that `steps` passes through (after `root`) touches
/// something deprecated.
fn path_touches_deprecated(service: &Service, root: &str, steps: &[FieldStep]) -> bool {
    let mut current = root;
    for step in steps.iter().take(steps.len().saturating_sub(1)) {
        let field = service
            .structures
            .get(current)
            .and_then(|s| s.members.iter().find(|f| f.rust_name == step.rust_name));
        let Some(TypeKind::Structure(name)) = field.map(|f| &f.ty.kind) else {
            return false;
        };
        if service.touches_deprecated(name) {
            return true;
        }
        current = name;
    }
    false
}

/// The method's doc comment, one line per attribute.
fn docs(op: &Operation, output: &str, paginated: &Paginated) -> String {
    let operation = op.fn_name.trim_start_matches("r#");
    let input_token = paginated.input_token.rust_name.trim_start_matches("r#");
    let output_token = rust_path(&paginated.output_token);
    let ends = if can_be_empty(&paginated.token) {
        "absent, empty or the one just sent"
    } else {
        "absent or the one just sent"
    };
    let mut text = format!(
        "Every page of [`{operation}`](Self::{operation}) ([`{output}`](super::types::{output})), \
         starting with `input`: each next request is `input` with `{input_token}` set to the \
         previous page's `{output_token}`. Pagination ends after a page whose token is {ends}, \
         or with the error of a page that fails.\n"
    );
    if let Some(items) = &paginated.items {
        text.push_str(&format!(
            "\nItems ([`next_item`](::smithy_runtime::paginator::Paginator::next_item), \
             [`collect_items`](::smithy_runtime::paginator::Paginator::collect_items)): \
             the `{}` of each page.\n",
            rust_path(&items.path)
        ));
    }
    if let Some(page_size) = &paginated.page_size {
        text.push_str(&format!(
            "\nThe input's `{}` sets the page size.\n",
            page_size.rust_name.trim_start_matches("r#")
        ));
    }
    text
}

fn rust_path(steps: &[FieldStep]) -> String {
    steps
        .iter()
        .map(|s| s.rust_name.trim_start_matches("r#"))
        .collect::<Vec<_>>()
        .join(".")
}

/// An `Option<&str>` expression (`Option<&T>` unless `string`) reading the
/// token at `steps` from `place` (a reference to a structure).
fn token(place: TokenStream, steps: &[FieldStep], string: bool) -> TokenStream {
    let Some((step, rest)) = steps.split_first() else {
        return quote! { ::std::option::Option::None };
    };
    let field = ident(&step.rust_name);
    let value = quote! { #place.#field };
    match (rest.is_empty(), step.optional) {
        (true, true) if string || step.boxed => quote! { #value.as_deref() },
        (true, true) => quote! { #value.as_ref() },
        (true, false) if string => quote! { ::std::option::Option::Some(#value.as_str()) },
        (true, false) if step.boxed => quote! { ::std::option::Option::Some(&*#value) },
        (true, false) => quote! { ::std::option::Option::Some(&#value) },
        (false, true) => {
            let inner = token(quote! { v }, rest, string);
            let as_ref = if step.boxed {
                quote! { as_deref }
            } else {
                quote! { as_ref }
            };
            quote! { #value.#as_ref().and_then(|v| #inner) }
        }
        (false, false) => token(value, rest, string),
    }
}

/// The item type and a `Vec` of items taken out of `output`.
fn items_of(service: &Service, items: &PageItems) -> (TokenStream, TokenStream) {
    let (collection, optional) = take(quote! { output }, &items.path);
    let collection = if optional {
        quote! { #collection.unwrap_or_default() }
    } else {
        collection
    };
    let element = |ty, sparse: bool| {
        let ty = rust_type(service, ty, Scope::Sibling);
        if sparse {
            quote! { ::std::option::Option<#ty> }
        } else {
            ty
        }
    };
    match &items.ty.kind {
        TypeKind::List { member, sparse } => (element(member, *sparse), collection),
        TypeKind::Map { key, value, sparse } => {
            let key = element(key, false);
            let value = element(value, *sparse);
            (
                quote! { (#key, #value) },
                quote! { #collection.into_iter().collect() },
            )
        }
        // The IR accepts only lists and maps; anything else is one item.
        _ => {
            let (value, _) = take(quote! { output }, &items.path);
            let ty = rust_type(service, &items.ty, Scope::Sibling);
            let value = if optional {
                value
            } else {
                quote! { ::std::option::Option::Some(#value) }
            };
            (ty, quote! { #value.into_iter().collect() })
        }
    }
}

/// An expression moving the member at `steps` out of `place`, and whether
/// it is an `Option`.
fn take(place: TokenStream, steps: &[FieldStep]) -> (TokenStream, bool) {
    let Some((step, rest)) = steps.split_first() else {
        return (place, false);
    };
    let field = ident(&step.rust_name);
    let value = quote! { #place.#field };
    if rest.is_empty() {
        return (value, step.optional);
    }
    if step.optional {
        let (inner, optional) = take(quote! { v }, rest);
        if optional {
            (quote! { #value.and_then(|v| #inner) }, true)
        } else {
            (quote! { #value.map(|v| #inner) }, true)
        }
    } else {
        take(value, rest)
    }
}
