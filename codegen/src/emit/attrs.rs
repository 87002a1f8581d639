//! Attributes that follow from traits: the serde adapters of timestamps and
//! floats (`smithy_runtime::serde_util`), `#[deprecated]`, and the targeted
//! `#[allow(deprecated)]` that generated code needs on the items that touch
//! what the model deprecates (the model's deprecations are for the crate's
//! users; the crate itself must build without warnings).

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Deprecated, Operation, Service, TimestampFormat, Type, TypeKind};

/// The `smithy_runtime::serde_util::As` marker saying how a value of `ty` is
/// written in a JSON body, or `None` where serde's own impls already write
/// it so (epoch-seconds timestamps, structures, strings, …).
pub(crate) fn marker(ty: &Type) -> Option<TokenStream> {
    match &ty.kind {
        TypeKind::Timestamp(Some(TimestampFormat::DateTime)) => {
            Some(quote! { ::smithy_runtime::serde_util::timestamp::DateTimeFormat })
        }
        TypeKind::Timestamp(Some(TimestampFormat::HttpDate)) => {
            Some(quote! { ::smithy_runtime::serde_util::timestamp::HttpDateFormat })
        }
        TypeKind::Float | TypeKind::Double => {
            Some(quote! { ::smithy_runtime::serde_util::float::Float })
        }
        TypeKind::List { member, sparse } => {
            let inner = optional_if(*sparse, marker(member)?);
            Some(quote! { ::std::vec::Vec<#inner> })
        }
        TypeKind::Map { value, sparse, .. } => {
            let inner = optional_if(*sparse, marker(value)?);
            Some(quote! { ::std::collections::HashMap<_, #inner> })
        }
        _ => None,
    }
}

fn optional_if(optional: bool, tokens: TokenStream) -> TokenStream {
    if optional {
        quote! { ::std::option::Option<#tokens> }
    } else {
        tokens
    }
}

/// Type tokens as the text of a serde attribute, spaced as a person would
/// write them.
fn type_text(tokens: &TokenStream) -> String {
    tokens.to_string().replace(' ', "").replace(',', ", ")
}

/// The `#[serde(with = "...")]` path for a body field of type `ty` (an
/// `Option` when `optional`), if it needs one: the runtime's ready module
/// for a plain timestamp or float, else `As::<marker>`.
pub(crate) fn serde_with(ty: &Type, optional: bool) -> Option<String> {
    let module = match (&ty.kind, optional) {
        (TypeKind::Timestamp(Some(TimestampFormat::DateTime)), false) => "timestamp::date_time",
        (TypeKind::Timestamp(Some(TimestampFormat::DateTime)), true) => {
            "timestamp::option_date_time"
        }
        (TypeKind::Timestamp(Some(TimestampFormat::HttpDate)), false) => "timestamp::http_date",
        (TypeKind::Timestamp(Some(TimestampFormat::HttpDate)), true) => {
            "timestamp::option_http_date"
        }
        (TypeKind::Float, false) => "float::f32",
        (TypeKind::Float, true) => "float::option_f32",
        (TypeKind::Double, false) => "float::f64",
        (TypeKind::Double, true) => "float::option_f64",
        _ => {
            let marker = optional_if(optional, marker(ty)?);
            return Some(format!(
                "::smithy_runtime::serde_util::As::<{}>",
                type_text(&marker)
            ));
        }
    };
    Some(format!("::smithy_runtime::serde_util::{module}"))
}

/// The `default` and `with` paths of an optional body field of type `ty`
/// written as its default when unset and read as it when missing, the
/// default being the `serde_util::default::Value` marker `value`.
pub(crate) fn serde_with_default(ty: &Type, value: &str) -> (String, String) {
    let with = match marker(ty) {
        Some(marker) => format!(
            "::smithy_runtime::serde_util::default::OrAs::<{value}, {}>",
            type_text(&marker)
        ),
        None => format!("::smithy_runtime::serde_util::default::Or::<{value}>"),
    };
    (format!("{with}::some"), with)
}

/// The `default` path of a required (not `Option`) field whose default is
/// the `serde_util::default::Value` marker `value`; `None` for the type's
/// `Default`, which serde's bare `default` gives.
pub(crate) fn serde_required_default(value: &str) -> Option<String> {
    (!value.ends_with("::Zero"))
        .then(|| format!("::smithy_runtime::serde_util::default::Or::<{value}>::value"))
}

/// The `serialize_with` path for a field of a borrowing request body
/// (`Option<&T>`, or `&T` when not `optional`) of type `ty`, if it needs one.
pub(crate) fn serialize_with_borrowed(ty: &Type, optional: bool) -> Option<String> {
    let marker = optional_if(optional, marker(ty)?);
    Some(format!(
        "::smithy_runtime::serde_util::As::<{}>::serialize",
        type_text(&marker)
    ))
}

/// `#[deprecated]`, with the trait's message (and `since`) as its note.
pub(crate) fn deprecated(deprecated: Option<&Deprecated>) -> TokenStream {
    match deprecated.map(Deprecated::note) {
        None => TokenStream::new(),
        Some(None) => quote! { #[deprecated] },
        Some(Some(note)) => quote! { #[deprecated(note = #note)] },
    }
}

/// `#[allow(deprecated)]` where `needed`.
pub(crate) fn allow_deprecated(needed: bool) -> TokenStream {
    if needed {
        quote! { #[allow(deprecated)] }
    } else {
        TokenStream::new()
    }
}

/// Whether an operation's protocol code (which names its input and output
/// and touches their fields) uses something deprecated.
pub(crate) fn operation_touches_deprecated(service: &Service, op: &Operation) -> bool {
    op.input
        .iter()
        .chain(op.output.iter())
        .any(|name| service.touches_deprecated(name))
}

/// What `Debug` shows instead of a `@sensitive` value.
pub(crate) const REDACTED: &str = "*** Sensitive Data Redacted ***";

/// Methods of the std operator traits that take `self` and one argument
/// (clippy's `should_implement_trait` takes a builder setter with one of
/// these names, `fn add(self, value) -> Self`, for a stray operator).
const OPERATOR_METHODS: &[&str] = &[
    "add", "sub", "mul", "div", "rem", "shl", "shr", "bitand", "bitor", "bitxor",
];

/// `#[allow(clippy::should_implement_trait)]` for a builder setter named
/// after an operator method (a member `Add` of a Linux capabilities
/// structure, say): the setter keeps the member's name, as every other
/// setter does, rather than a renamed one users would have to look up.
pub(crate) fn operator_setter_allow(name: &str) -> Option<TokenStream> {
    OPERATOR_METHODS
        .contains(&name)
        .then(|| quote! { #[allow(clippy::should_implement_trait)] })
}
