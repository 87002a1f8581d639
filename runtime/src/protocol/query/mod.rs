//! The AWS query protocols, `awsQuery` and `ec2Query`, driven by a
//! [`Schema`]: requests are `application/x-www-form-urlencoded` bodies
//! ([`form_body`], [`request`]), responses XML ([`from_xml`],
//! [`error_metadata`], [`error_from_xml`]).
//!
//! Values travel in the serde form of the generated types (what their
//! `Serialize` writes and `Deserialize` reads), so the types need nothing of
//! their own for these protocols; the schema says how the wire differs.
//!
//! # The XML parser
//!
//! [roxmltree](https://docs.rs/roxmltree): a conforming, read-only parser
//! (entities, CDATA, namespaces, well-formedness errors with a position)
//! that refuses DTDs by default and builds its tree without recursion (a
//! million nested elements parse), depending only on `memchr`, which the
//! workspace already builds.
//!
//! Clean builds of a throwaway crate depending on each candidate alone,
//! crates already downloaded, on a shared 2-core machine; CPU seconds
//! (user) of two runs, then the wall time of the quieter one:
//!
//! | crate | deps | debug | release |
//! | --- | --- | --- | --- |
//! | roxmltree 0.21.2 | memchr | 2.0, 2.1 (1.8 s) | 4.1, 5.4 (2.6 s) |
//! | quick-xml 0.42.0 | memchr | 2.3, 3.0 (2.1 s) | 5.8, 5.6 (3.8 s) |
//! | xml-rs 1.0.0 | none | 1.3, 1.6 (1.2 s) | 4.3, 4.8 (3.8 s) |
//! | xmlparser 0.13.6 | none | 0.4, 0.6 (0.5 s) | 1.5, 1.3 (1.3 s) |
//!
//! With memchr already built, as here, roxmltree adds 1.2 s (debug) and
//! 3.5 s (release) of CPU, quick-xml 2.0 s and 3.6 s.
//!
//! xmlparser is only a tokenizer (entities, and end tags matching their
//! start, would be ours to check), and roxmltree (same author, released
//! October 2026) replaced it with its own fork in 0.19;
//! quick-xml is a streaming reader, lenient unless configured, and costs
//! more; xml-rs streams too and builds no faster in release. A response is
//! read whole anyway (flattened lists and maps gather siblings), so a tree
//! costs nothing extra.

mod form;
mod xml;

#[cfg(test)]
mod tests;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

pub use form::form_body;

use crate::error::{ErrorMetadata, RequestError, ResponseError, ResponseErrorKind};
use crate::schema::{HasSchema, Schema};
use crate::transport::{HttpRequest, HttpResponse};
use xml::ReadError;

/// Which query protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dialect {
    /// `aws.protocols#awsQuery` (IAM, SQS, SNS, STS, CloudFormation, ...).
    AwsQuery,
    /// `aws.protocols#ec2Query` (EC2).
    Ec2Query,
}

/// The whole request for operation `action`: a `POST` to `endpoint` (and
/// its own base path, if any) with `/` appended, with the [`form_body`] and
/// its `Content-Type` and `Content-Length`.
///
/// # Errors
///
/// Those of [`form_body`], and an endpoint that is not a URI.
pub fn request<T: Serialize + ?Sized>(
    endpoint: &str,
    action: &str,
    version: &str,
    input: &T,
    schema: &Schema,
    dialect: Dialect,
) -> Result<HttpRequest, RequestError> {
    let body = form_body(action, version, input, schema, dialect)?;
    let uri = format!("{}/", endpoint.trim_end_matches('/'));
    http::Request::builder()
        .method("POST")
        .uri(&uri)
        .header(
            http::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        )
        .header(http::header::CONTENT_LENGTH, body.len())
        .body(body)
        .map_err(|e| RequestError::new(format!("cannot build a request for {uri:?}: {e}")))
}

/// Reads the output of operation `operation` from a successful response
/// into the serde form of its type: awsQuery's
/// `<{Op}Response><{Op}Result>...`, ec2Query's `<{Op}Response>...`.
/// Namespaces are ignored, as are elements the schema does not name. An
/// empty body, or an awsQuery response without a `Result` (an operation
/// without output members), reads as `{}`.
///
/// # Errors
///
/// [`ResponseErrorKind::InvalidXml`] for a body that is not XML (or not
/// UTF-8, or nests values deeper than 128), or whose root is not
/// `<{Op}Response>`; [`ResponseErrorKind::InvalidValue`] for a value that
/// is not of its member's type, with the member's path.
pub fn read_output(
    response: &HttpResponse,
    operation: &str,
    schema: &Schema,
    dialect: Dialect,
) -> Result<Value, ResponseError> {
    output_value(response.body(), operation, schema, dialect)
        .map_err(|error| response_error(response, error))
}

fn output_value(
    body: &[u8],
    operation: &str,
    schema: &Schema,
    dialect: Dialect,
) -> Result<Value, ReadError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Object(serde_json::Map::new()));
    }
    let document = xml::parse(body)?;
    let root = document.root_element();
    let expected = format!("{operation}Response");
    if root.tag_name().name() != expected {
        return Err(ReadError::xml(format!(
            "expected <{expected}>, found <{}>",
            root.tag_name().name()
        )));
    }
    let node = match dialect {
        Dialect::AwsQuery => match xml::child(root, &format!("{operation}Result")) {
            Some(result) => result,
            None => return Ok(Value::Object(serde_json::Map::new())),
        },
        Dialect::Ec2Query => root,
    };
    match schema {
        Schema::Structure(members) => xml::structure(node, members, "", 0),
        _ => Err(ReadError::xml("an output must be a structure")),
    }
}

/// Reads the output as [`read_output`] does, into `T` (the operation's
/// generated output type).
///
/// # Errors
///
/// Those of [`read_output`], and [`ResponseErrorKind::InvalidValue`] (with
/// the member path, e.g. `nested.values[1]`) for a value `T` refuses.
pub fn from_xml<T: DeserializeOwned>(
    response: &HttpResponse,
    operation: &str,
    schema: &Schema,
    dialect: Dialect,
) -> Result<T, ResponseError> {
    let value = read_output(response, operation, schema, dialect)?;
    deserialize(response, value)
}

/// The metadata of an error response:
///
/// - awsQuery: `<ErrorResponse><Error><Code/><Message/></Error><RequestId/></ErrorResponse>`;
/// - ec2Query: `<Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>`.
///
/// Either form is read whatever `dialect` says, as proxies and older
/// services mix them. The request id falls back to the `x-amzn-requestid`
/// header. A body that is not such XML (an HTML page from a proxy, an empty
/// 503) only means no code and no message.
pub fn error_metadata(response: &HttpResponse, dialect: Dialect) -> ErrorMetadata {
    let mut meta = ErrorMetadata::new(response.status().as_u16());
    let document = xml::parse(response.body()).ok();
    let root = document.as_ref().map(roxmltree::Document::root_element);
    if let Some(error) = root.and_then(|root| error_element(root, dialect)) {
        if let Some(code) = xml::child(error, "Code").map(xml::text) {
            let code = code.trim();
            if !code.is_empty() {
                meta = meta.with_code(code);
            }
        }
        if let Some(message) = xml::child(error, "Message").map(xml::text) {
            meta = meta.with_message(message);
        }
    }
    let body_id = root.and_then(|root| {
        ["RequestId", "RequestID"]
            .iter()
            .find_map(|name| xml::child(root, name))
            .map(xml::text)
    });
    let header_id = || {
        ["x-amzn-requestid", "x-amz-request-id"]
            .iter()
            .find_map(|name| response.headers().get(*name)?.to_str().ok())
            .map(str::to_owned)
    };
    if let Some(id) = body_id
        .map(|id| id.trim().to_owned())
        .filter(|id| !id.is_empty())
        .or_else(header_id)
    {
        meta = meta.with_request_id(id);
    }
    meta
}

/// The `<Error>` element of an error response's root, in either form.
fn error_element<'a, 'input>(
    root: roxmltree::Node<'a, 'input>,
    dialect: Dialect,
) -> Option<roxmltree::Node<'a, 'input>> {
    let aws_query = || {
        (root.tag_name().name() == "ErrorResponse")
            .then(|| xml::child(root, "Error"))
            .flatten()
    };
    let ec2_query = || {
        (root.tag_name().name() == "Response")
            .then(|| xml::child(root, "Errors").and_then(|errors| xml::child(errors, "Error")))
            .flatten()
    };
    match dialect {
        Dialect::AwsQuery => aws_query().or_else(ec2_query),
        Dialect::Ec2Query => ec2_query().or_else(aws_query),
    }
}

/// Reads a modeled error's members (`schema`, its structure) from the
/// `<Error>` element into their serde form; `Code`, `Type` and other
/// elements the schema does not name are ignored.
///
/// # Errors
///
/// As [`read_output`]; a body without an `<Error>` element is
/// [`ResponseErrorKind::InvalidXml`].
pub fn read_error(
    response: &HttpResponse,
    schema: &Schema,
    dialect: Dialect,
) -> Result<Value, ResponseError> {
    error_value(response.body(), schema, dialect).map_err(|e| response_error(response, e))
}

fn error_value(body: &[u8], schema: &Schema, dialect: Dialect) -> Result<Value, ReadError> {
    let document = xml::parse(body)?;
    let error = error_element(document.root_element(), dialect)
        .ok_or_else(|| ReadError::xml("no <Error> element in the error response"))?;
    match schema {
        Schema::Structure(members) => xml::structure(error, members, "", 0),
        _ => Err(ReadError::xml("an error must be a structure")),
    }
}

/// Reads a modeled error's members as [`read_error`] does, into `T`.
///
/// # Errors
///
/// Those of [`read_error`], and [`ResponseErrorKind::InvalidValue`] for a
/// value `T` refuses.
pub fn error_from_xml<T: DeserializeOwned>(
    response: &HttpResponse,
    schema: &Schema,
    dialect: Dialect,
) -> Result<T, ResponseError> {
    let value = read_error(response, schema, dialect)?;
    deserialize(response, value)
}

/// Reads a modeled error's members, as [`error_from_xml`] does, with the
/// schema of `T` (a generated error): the body reader the query protocols'
/// errors hand to [`modeled_error!`](crate::modeled_error). The `<Error>`
/// element is found in either dialect's form.
///
/// # Errors
///
/// Those of [`error_from_xml`].
pub fn error_body<T: DeserializeOwned + HasSchema>(
    response: &HttpResponse,
) -> Result<T, ResponseError> {
    error_from_xml(response, T::SCHEMA, Dialect::AwsQuery)
}

fn response_error(response: &HttpResponse, error: ReadError) -> ResponseError {
    let message = if error.path.is_empty() {
        format!("invalid XML body: {}", error.message)
    } else {
        format!("invalid XML body at {}: {}", error.path, error.message)
    };
    ResponseError::with_kind(response, error.kind, message).with_path(error.path)
}

/// `value` into `T`, naming the member path of a value `T` refuses.
fn deserialize<T: DeserializeOwned>(
    response: &HttpResponse,
    value: Value,
) -> Result<T, ResponseError> {
    serde_path_to_error::deserialize(value).map_err(|error| {
        let path = error.path().to_string();
        let error = ReadError {
            kind: ResponseErrorKind::InvalidValue,
            path: if path == "." { String::new() } else { path },
            message: error.into_inner().to_string(),
        };
        response_error(response, error)
    })
}
