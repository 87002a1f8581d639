//! Smithy's protocol compliance test traits (`smithy.test#httpRequestTests`
//! and `smithy.test#httpResponseTests`), read once into typed cases.
//!
//! `params` are [`Document`]s: data shaped like the operation's input or
//! output, which the emitter walks beside the resolved types.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use super::Traits;
use super::trait_set::Document;

pub const HTTP_REQUEST_TESTS: &str = "smithy.test#httpRequestTests";
pub const HTTP_RESPONSE_TESTS: &str = "smithy.test#httpResponseTests";

/// What request and response cases share: the case's identity, the
/// message's headers and body, and the input or output as a node value.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HttpMessageTest {
    pub id: String,
    pub protocol: String,
    #[serde(default)]
    pub documentation: Option<String>,
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default)]
    pub body_media_type: Option<String>,
    #[serde(default = "empty_object", deserialize_with = "document")]
    pub params: Document,
    #[serde(default = "empty_object", deserialize_with = "document")]
    pub vendor_params: Document,
    #[serde(default)]
    pub applies_to: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
}

impl HttpMessageTest {
    /// Whether a client runs it (no `appliesTo`, or `"client"`).
    pub fn for_clients(&self) -> bool {
        self.applies_to.as_deref() != Some("server")
    }
}

/// One `httpRequestTests` case: what a client must send for `params`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HttpRequestTest {
    #[serde(flatten)]
    pub message: HttpMessageTest,
    pub method: String,
    pub uri: String,
    #[serde(default)]
    pub host: Option<String>,
    #[serde(default)]
    pub resolved_host: Option<String>,
    #[serde(default)]
    pub query_params: Vec<String>,
    #[serde(default)]
    pub forbid_query_params: Vec<String>,
    #[serde(default)]
    pub require_query_params: Vec<String>,
    #[serde(default)]
    pub forbid_headers: Vec<String>,
    #[serde(default)]
    pub require_headers: Vec<String>,
}

/// One `httpResponseTests` case: what a client must make of a response.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct HttpResponseTest {
    #[serde(flatten)]
    pub message: HttpMessageTest,
    pub code: u16,
}

fn empty_object() -> Document {
    Document::Object(Vec::new())
}

fn document<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Document, D::Error> {
    Value::deserialize(deserializer).map(|value| Document::of(&value))
}

/// The request cases of a shape's traits; a malformed trait is an error
/// naming the case (the loader runs this, so later stages need not).
pub(super) fn request_tests(traits: &Traits) -> Result<Vec<HttpRequestTest>, String> {
    cases(traits, HTTP_REQUEST_TESTS)
}

/// The response cases of a shape's traits.
pub(super) fn response_tests(traits: &Traits) -> Result<Vec<HttpResponseTest>, String> {
    cases(traits, HTTP_RESPONSE_TESTS)
}

fn cases<T: for<'de> Deserialize<'de>>(traits: &Traits, id: &str) -> Result<Vec<T>, String> {
    traits.get(id).map_or(Ok(Vec::new()), read)
}

/// Why a test trait's value is malformed, if it is (for the loader).
pub(crate) fn check(id: &str, value: &Value) -> Option<String> {
    match id {
        HTTP_REQUEST_TESTS => read::<HttpRequestTest>(value).err(),
        HTTP_RESPONSE_TESTS => read::<HttpResponseTest>(value).err(),
        _ => None,
    }
}

fn read<T: for<'de> Deserialize<'de>>(value: &Value) -> Result<Vec<T>, String> {
    let Some(items) = value.as_array() else {
        return Err("expected a list of test cases".to_owned());
    };
    items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            T::deserialize(item).map_err(|e| {
                let name = item.get("id").and_then(Value::as_str).unwrap_or("?");
                format!("case [{index}] ({name}): {e}")
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_cases_and_names_a_bad_one() {
        let mut traits = Traits::new();
        traits.insert(
            HTTP_REQUEST_TESTS.to_owned(),
            serde_json::json!([{
                "id": "A", "protocol": "aws.protocols#restJson1", "method": "POST",
                "uri": "/a", "queryParams": ["x=1"], "headers": {"H": "v"},
                "params": {"a": 1}, "appliesTo": "client"
            }]),
        );
        let cases = request_tests(&traits).unwrap();
        assert_eq!(cases.len(), 1);
        assert_eq!(cases[0].query_params, ["x=1"]);
        assert_eq!(cases[0].message.headers["H"], "v");
        assert!(cases[0].message.for_clients());
        assert!(cases[0].message.body.is_none());

        traits.insert(
            HTTP_RESPONSE_TESTS.to_owned(),
            serde_json::json!([{"id": "B", "protocol": "p", "code": "200"}]),
        );
        let error = response_tests(&traits).unwrap_err();
        assert!(error.starts_with("case [0] (B): invalid type"), "{error}");
    }
}
