//! The `Client`: an async method per operation, generic over the transport.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{Scope, doc_html, ident, outer_doc, type_path};
use crate::ir::{Operation, Service};

/// The `client` module's items.
pub fn emit(service: &Service) -> TokenStream {
    let title = &service.title;
    let doc = outer_doc(&format!(
        "A client for {title}.\n\n\
         Every operation validates its input against the model's constraints, \
         serializes it as restJson1, sends it through the transport `T` and \
         parses the response into the operation's output or error."
    ));
    let prefix = &service.endpoint_prefix;
    let methods = service.operations.values().map(|op| method(service, op));
    quote! {
        /// The host prefix of the service's classic endpoint.
        const ENDPOINT_PREFIX: &str = #prefix;

        #doc
        #[derive(Debug, Clone)]
        pub struct Client<T> {
            config: ::smithy_runtime::Config,
            transport: T,
        }

        impl<T: ::smithy_runtime::Transport> Client<T> {
            /// A client that sends requests where `config` says, through `transport`.
            pub fn new(config: ::smithy_runtime::Config, transport: T) -> Self {
                Self { config, transport }
            }

            /// The client's configuration.
            pub fn config(&self) -> &::smithy_runtime::Config {
                &self.config
            }

            /// The transport requests go through.
            pub fn transport(&self) -> &T {
                &self.transport
            }

            #(#methods)*
        }
    }
}

fn method(service: &Service, op: &Operation) -> TokenStream {
    let name = ident(&op.fn_name);
    let docs = doc_html(op.docs.as_deref());
    let error = ident(&op.error_name);
    let serialize = format_ident!("serialize_{}", op.fn_name.trim_start_matches("r#"));
    let deserialize = format_ident!("deserialize_{}", op.fn_name.trim_start_matches("r#"));
    let validated = op
        .input
        .as_ref()
        .and_then(|input| service.structures.get(input))
        .is_some_and(|s| s.validated);
    let (param, validate, arg) = match &op.input {
        Some(input) => {
            let ty = type_path(service, input, Scope::Sibling);
            let validate = if validated {
                quote! { ::smithy_runtime::Validate::validate(&input)?; }
            } else {
                TokenStream::new()
            };
            (quote! { input: #ty }, validate, quote! { &input, })
        }
        None => (TokenStream::new(), TokenStream::new(), TokenStream::new()),
    };
    let output = match &op.output {
        Some(output) => type_path(service, output, Scope::Sibling),
        None => quote! { () },
    };
    let errors_doc = format!(
        " # Errors\n\n \
         [`SdkError::Validation`](::smithy_runtime::SdkError::Validation) when the input breaks a \
         constraint of the model (nothing is sent), \
         [`SdkError::Service`](::smithy_runtime::SdkError::Service) with a \
         [`{0}`](super::error::{0}) when the service answers with an error, and the other \
         variants when the request cannot be built or sent or the response cannot be read.",
        op.error_name
    );
    let errors_doc: Vec<&str> = errors_doc.split('\n').collect();
    let separator = if op.docs.is_some() {
        quote! { #[doc = ""] }
    } else {
        TokenStream::new()
    };
    quote! {
        #docs
        #separator
        #(#[doc = #errors_doc])*
        pub async fn #name(&self, #param) -> Result<#output, ::smithy_runtime::SdkError<super::error::#error>> {
            #validate
            let endpoint = self.config.endpoint(ENDPOINT_PREFIX)?;
            let request = super::protocol::#serialize(#arg &endpoint)?;
            let response = self.transport.send(request).await?;
            super::protocol::#deserialize(&response)
        }
    }
}
