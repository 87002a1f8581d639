//! The documentation at the top of a generated crate, and the notes it
//! shares with the client's documentation.

use proc_macro2::TokenStream;

use super::rust::inner_doc;
use crate::docs;
use crate::ir::Service;

/// The crate's (or the included file's) inner doc: the service, its
/// customizations, what is not generated and what is not checked.
pub(super) fn crate_doc(service: &Service) -> TokenStream {
    let mut text = format!(
        "A client for {}, generated from its Smithy model",
        service.title
    );
    text.push_str(&format!(
        " (`{}`, version {}).",
        service.id, service.version
    ));
    if let Some(docs) = &service.docs {
        text.push_str("\n\n");
        text.push_str(&docs::html_to_markdown(docs));
    }
    if !service.customizations.is_empty() {
        text.push_str("\n\nAs the AWS SDKs do for this service, though its model does not say so:");
        let items: Vec<String> = service
            .customizations
            .iter()
            .map(|c| format!("\n- {c}"))
            .collect();
        text.push_str(&items.join(";"));
        text.push('.');
    }
    if let Some(skipped) = skipped_doc(service) {
        text.push_str("\n\n");
        text.push_str(&skipped);
    }
    if let Some(unchecked) = unchecked_patterns_doc(service) {
        text.push_str("\n\n");
        text.push_str(&unchecked);
    }
    inner_doc(&text)
}

/// `Not generated: X (event stream), ...` for the operations the client
/// leaves out, if any.
pub(crate) fn skipped_doc(service: &Service) -> Option<String> {
    if service.skipped.is_empty() {
        return None;
    }
    let list: Vec<String> = service
        .skipped
        .iter()
        .map(|s| format!("`{}` ({})", s.operation, s.reason))
        .collect();
    Some(format!("Not generated: {}.", list.join(", ")))
}

/// The patterns validation leaves to the service, if any.
pub(crate) fn unchecked_patterns_doc(service: &Service) -> Option<String> {
    if service.unchecked_patterns.is_empty() {
        return None;
    }
    let mut text = "Not checked client-side, because they are not ECMAScript regular \
                    expressions (the service still checks them):"
        .to_owned();
    for (at, unchecked) in &service.unchecked_patterns {
        text.push_str(&format!(
            "\n- the pattern of `{at}`: {}",
            docs::code_span(&unchecked.pattern)
        ));
    }
    Some(text)
}
