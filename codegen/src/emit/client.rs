//! The `Client`: an async method per operation, generic over the transport.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::rust::{Scope, doc_html, ident, outer_doc, type_path};
use crate::ir::{FieldStep, HostPart, Operation, ParamValueKind, PathStep, Service, StaticValue};

/// The `client` module's items.
pub fn emit(service: &Service, smithy_config: bool) -> TokenStream {
    let title = &service.title;
    let protocol = service.protocol.name();
    let mut text = format!(
        "A client for {title}.\n\n\
         Every operation validates its input against the model's constraints \
         (nothing is sent when it fails), serializes it as {protocol}, signs it \
         with SigV4 when the configuration has credentials, sends it through \
         the transport `T`, retrying as the AWS SDKs' standard retry mode \
         does, and parses the response into the operation's output or error."
    );
    let notes = [
        super::crate_doc::skipped_doc(service),
        super::crate_doc::unchecked_patterns_doc(service),
        client_context_params_doc(service),
    ];
    for note in notes.into_iter().flatten() {
        text.push_str("\n\n");
        text.push_str(&note);
    }
    let doc = outer_doc(&text);
    let prefix = &service.endpoint_prefix;
    let signing_name = &service.signing_name;
    let env_id = env_id(&service.sdk_id);
    let sdk_id = &service.sdk_id;
    let rule_set = match &service.endpoint_rule_set {
        Some(json) => quote! { Some(#json) },
        None => quote! { None },
    };
    let service_doc = format!(
        " How to reach {}: endpoint prefix, signing name, environment id, endpoint rules, how its protocol writes an error's code, and its SDK id.",
        service.title
    );
    let from_env = from_env(smithy_config);
    let methods = service.operations.values().map(|op| method(service, op));
    let paginators = super::paginator::emit(service);
    let token_impls = super::paginator::token_impls(service);
    let waiters = super::waiter::emit(service);
    quote! {
        #[doc = #service_doc]
        pub(crate) static SERVICE: ::smithy_runtime::ServiceInfo =
            ::smithy_runtime::ServiceInfo::new(#prefix, #signing_name, #env_id, #rule_set)
                .with_error_metadata(super::protocol::error_metadata)
                .with_sdk_id(#sdk_id);

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

            #from_env

            /// The client's configuration.
            pub fn config(&self) -> &::smithy_runtime::Config {
                &self.config
            }

            /// The transport requests go through.
            pub fn transport(&self) -> &T {
                &self.transport
            }

            #(#methods)*

            #paginators

            #waiters
        }

        #token_impls
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
    let config_arg = if super::protocol::takes_config(service, op) {
        quote! { &self.config, }
    } else {
        TokenStream::new()
    };
    let finish = body_steps(op);
    let build = if !finish.is_empty() {
        quote! {
            |endpoint| {
                let mut request = super::protocol::#serialize(#arg #config_arg endpoint)?;
                #(#finish)*
                Ok(request)
            }
        }
    } else if op.input.is_some() || !config_arg.is_empty() {
        quote! { |endpoint| super::protocol::#serialize(#arg #config_arg endpoint) }
    } else {
        quote! { super::protocol::#serialize }
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
    let (endpoint, endpoint_doc) = endpoint_context(op);
    // The input as interceptors see it (`&()` without one).
    let op_name = &op.name;
    let input_ref = if op.input.is_some() {
        quote! { &input }
    } else {
        quote! { &() }
    };
    let operation = if endpoint.is_empty() {
        quote! { ::smithy_runtime::Operation::new(#op_name, #input_ref) }
    } else {
        quote! { ::smithy_runtime::Operation::new(#op_name, #input_ref).with_endpoint(&operation_endpoint) }
    };
    let call = quote! {
        ::smithy_runtime::invoke_operation(&self.config, &SERVICE, &self.transport, &#operation, #build).await?
    };
    let endpoint_doc: Vec<TokenStream> = endpoint_doc
        .iter()
        .chain(&body_doc(op))
        .map(|line| quote! { #[doc = #line] })
        .collect();
    let deprecated = super::attrs::deprecated(op.deprecated.as_ref());
    let allow = super::attrs::allow_deprecated(
        op.input
            .iter()
            .chain(op.output.iter())
            .any(|name| service.is_deprecated_type(name)),
    );
    quote! {
        #docs
        #separator
        #(#endpoint_doc)*
        #(#[doc = #errors_doc])*
        #deprecated
        #allow
        pub async fn #name(&self, #param) -> Result<#output, ::smithy_runtime::SdkError<super::error::#error>> {
            #validate
            #endpoint
            let response = #call;
            super::protocol::#deserialize(&response)
        }
    }
}

/// What the client does to the serialized `request`'s body before it is
/// sent, in order: compression first, so that a checksum covers the bytes
/// that travel (and signing, in `invoke`, comes after both).
fn body_steps(op: &Operation) -> Vec<TokenStream> {
    let mut steps = Vec::new();
    if op.compress_request {
        steps.push(quote! {
            ::smithy_runtime::compression::compress_request(&self.config, &mut request)?;
        });
    }
    if op.checksum_required {
        steps.push(quote! { ::smithy_runtime::checksum::content_md5(&mut request)?; });
    }
    steps
}

/// The docs' lines on what [`body_steps`] does (none without steps).
fn body_doc(op: &Operation) -> Vec<String> {
    let mut lines = Vec::new();
    if op.compress_request {
        lines.push(
            " The request body is sent gzipped when it has at least \
             [`Config::request_min_compression_size_bytes`](::smithy_runtime::Config::request_min_compression_size_bytes) \
             bytes (10240 unless configured), unless \
             [`Config::with_disable_request_compression`](::smithy_runtime::Config::with_disable_request_compression) \
             turns compression off."
                .to_owned(),
        );
    }
    if op.checksum_required {
        lines.push(
            " The request carries `Content-MD5`, the MD5 of its body as sent \
             (the service requires it), unless the input sets that header."
                .to_owned(),
        );
    }
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

/// The statements that fill `operation_endpoint`, an `OperationEndpoint`, from the
/// input (empty when the operation adds nothing to its endpoint), and the
/// lines its docs get. Bindings go from the least specific to the most
/// specific source, so the most specific value set wins.
fn endpoint_context(op: &Operation) -> (TokenStream, Vec<String>) {
    let e = &op.endpoint;
    if e.is_empty() {
        return (TokenStream::new(), Vec::new());
    }
    let mut statements = Vec::new();
    let mut docs = Vec::new();
    if !e.path_params.is_empty() {
        statements.push(quote! {
            let json = ::smithy_runtime::endpoint::OperationEndpoint::input_json(&input)?;
        });
    }
    for p in &e.path_params {
        let name = &p.param;
        let steps = p.steps.iter().map(|step| match step {
            PathStep::Field(json) => quote! { ::smithy_runtime::endpoint::PathStep::Field(#json) },
            PathStep::Project => quote! { ::smithy_runtime::endpoint::PathStep::Project },
            PathStep::Flatten => quote! { ::smithy_runtime::endpoint::PathStep::Flatten },
        });
        let keys = p.keys;
        statements.push(quote! {
            operation_endpoint.path_param(#name, &json, &::smithy_runtime::endpoint::ContextPath::new(&[#(#steps),*], #keys));
        });
        docs.push(format!("`{name}` from `{}`", p.text));
    }
    for m in &e.member_params {
        let name = &m.param;
        let member = &m.field.wire_name;
        let field = ident(&m.field.rust_name);
        let bind = |value: TokenStream| match m.kind {
            ParamValueKind::String if m.required => {
                quote! { operation_endpoint.required_param(#name, #member, #value)?; }
            }
            ParamValueKind::String | ParamValueKind::Enum | ParamValueKind::Bool => {
                quote! { operation_endpoint.param(#name, #value); }
            }
            ParamValueKind::Strings => quote! {
                operation_endpoint.param(#name, ::smithy_runtime::endpoint::Value::strings(#value.iter().map(|v| v.as_str())));
            },
        };
        let statement = if m.field.optional {
            let value = match m.kind {
                ParamValueKind::Bool => quote! { *value },
                ParamValueKind::Strings => quote! { value },
                _ => quote! { value.as_str() },
            };
            let body = bind(value);
            quote! { if let Some(value) = &input.#field { #body } }
        } else {
            bind(match m.kind {
                ParamValueKind::Bool => quote! { input.#field },
                ParamValueKind::Strings => quote! { input.#field },
                _ => quote! { input.#field.as_str() },
            })
        };
        statements.push(statement);
        docs.push(format!("`{name}` from member `{member}`"));
    }
    for (name, value) in &e.static_params {
        let value = match value {
            StaticValue::Bool(b) => quote! { #b },
            StaticValue::String(s) => quote! { #s },
            StaticValue::Strings(items) => {
                quote! { ::smithy_runtime::endpoint::Value::strings([#(#items),*]) }
            }
        };
        statements.push(quote! { operation_endpoint.param(#name, #value); });
        docs.push(format!("`{name}` fixed by the model"));
    }
    let mut template = String::new();
    for part in &e.host_prefix {
        match part {
            HostPart::Literal(text) => {
                template.push_str(text);
                statements.push(quote! { operation_endpoint.host_literal(#text); });
            }
            HostPart::Label(field) => {
                template.push('{');
                template.push_str(&field.wire_name);
                template.push('}');
                let member = &field.wire_name;
                let value = label_value(field);
                statements.push(quote! { operation_endpoint.host_label(#member, #value); });
            }
        }
    }
    if let Some(field) = &e.url_member {
        let member = &field.wire_name;
        let value = label_value(field);
        statements.push(quote! { operation_endpoint.url_from_member(#member, #value); });
    }
    let mut lines = Vec::new();
    if let Some(field) = &e.url_member {
        lines.push(format!(
            " The request is sent to the URL in `{}` instead of the resolved endpoint (a \
             customization the model does not state); one that is not an `http(s)://` URL \
             with a host is a [`SdkError::Validation`](::smithy_runtime::SdkError::Validation).",
            field.wire_name
        ));
    }
    if !template.is_empty() {
        lines.push(format!(
            " The endpoint's host is prefixed with `{template}` (unless \
             [`Config::with_disable_host_prefix`](::smithy_runtime::Config::with_disable_host_prefix) \
             says not to)."
        ));
    }
    if !docs.is_empty() {
        lines.push(format!(" Endpoint rule parameters: {}.", docs.join("; ")));
    }
    if !lines.is_empty() {
        lines.push(String::new());
    }
    let setup = quote! {
        let mut operation_endpoint = ::smithy_runtime::endpoint::OperationEndpoint::new();
        #(#statements)*
    };
    (setup, lines)
}

/// A string member's value (a `@hostLabel`, the URL of `url_member`) as an `Option<&str>`.
fn label_value(field: &FieldStep) -> TokenStream {
    let name = ident(&field.rust_name);
    if field.optional {
        quote! { input.#name.as_deref() }
    } else {
        quote! { ::std::option::Option::Some(input.#name.as_str()) }
    }
}

/// The client docs' list of `clientContextParams`.
fn client_context_params_doc(service: &Service) -> Option<String> {
    if service.client_context_params.is_empty() {
        return None;
    }
    let mut text = String::from(
        "Endpoint parameters the model lets a client set, with \
         [`Config::with_client_context_param`](::smithy_runtime::Config::with_client_context_param):",
    );
    for p in &service.client_context_params {
        text.push_str(&format!("\n- `{}` ({})", p.name, p.ty));
        if let Some(docs) = &p.docs {
            text.push_str(": ");
            text.push_str(docs.trim());
        }
    }
    Some(text)
}

/// `Client::from_env`: the configuration the AWS SDKs would resolve in this
/// process, by `smithy-config` or by the runtime alone.
fn from_env(smithy_config: bool) -> TokenStream {
    let (credentials, load) = if smithy_config {
        (
            "credentials from the AWS SDKs' default chain (the environment,\n\
             web identity, the profile with its role chains, IAM Identity Center\n\
             or `credential_process`, the container and EC2 instance metadata;\n\
             see `smithy_config`).",
            quote! { ::smithy_config::load_from_env(&SERVICE).await? },
        )
    } else {
        (
            "credentials from the environment and static profile keys.",
            quote! { ::smithy_runtime::Config::from_env(&SERVICE)? },
        )
    };
    let doc = outer_doc(&format!(
        "A client configured as the AWS SDKs would be in this process:\n\
         region, endpoint URL, FIPS and dual-stack settings and retries from\n\
         the environment and the shared `config` and `credentials` files, and\n\
         {credentials}"
    ));
    quote! {
        #doc
        ///
        /// # Errors
        ///
        /// A setting with a value that is not valid, e.g. `AWS_MAX_ATTEMPTS=abc`.
        pub async fn from_env(transport: T) -> ::std::result::Result<Self, ::smithy_runtime::settings::SettingsError> {
            ::std::result::Result::Ok(Self::new(#load, transport))
        }
    }
}

/// The service's id in `AWS_ENDPOINT_URL_<ID>`: the sdkId in upper case,
/// spaces and hyphens as underscores.
fn env_id(sdk_id: &str) -> String {
    sdk_id
        .chars()
        .map(|c| {
            if c == ' ' || c == '-' {
                '_'
            } else {
                c.to_ascii_uppercase()
            }
        })
        .collect()
}
