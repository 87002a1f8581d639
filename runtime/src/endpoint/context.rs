//! What one operation adds to endpoint resolution: the rule-set parameters
//! its model binds (`smithy.rules#staticContextParams`, `#contextParam`,
//! `#operationContextParams`) and its `@endpoint(hostPrefix)`.

use super::functions::is_valid_host_label;
use super::{Params, Value};
use crate::error::RequestError;
use crate::validate::{Path, ValidationError};

/// One step of an `operationContextParams` path, members named as they
/// are in the input's JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathStep {
    /// `name`: the member of an object (none when absent or not an object).
    Field(&'static str),
    /// `[*]`: the rest of the path applied to each element of a list, the
    /// unset results dropped.
    Project,
    /// `[]`: the list with its nested lists spliced in, then projected as
    /// `[*]` is.
    Flatten,
}

/// An `operationContextParams` path: the subset of JMESPath Smithy allows
/// there that the generator accepts (identifiers, sub-expressions, `[*]`,
/// `[]`, and `keys(...)` around the whole path).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContextPath {
    steps: &'static [PathStep],
    keys: bool,
}

impl ContextPath {
    /// A path of `steps`; `keys` for `keys(path)`, the keys of the map the
    /// path selects.
    pub const fn new(steps: &'static [PathStep], keys: bool) -> Self {
        ContextPath { steps, keys }
    }

    /// The value the path selects in `input`, as a rules-engine value: a
    /// string, a boolean, a list of its string elements, or none.
    pub fn select(&self, input: &serde_json::Value) -> Value {
        let selected = select(input, self.steps);
        let selected = if self.keys {
            match selected {
                serde_json::Value::Object(map) => {
                    serde_json::Value::Array(map.into_iter().map(|(k, _)| k.into()).collect())
                }
                _ => serde_json::Value::Null,
            }
        } else {
            selected
        };
        match selected {
            serde_json::Value::String(s) => Value::String(s),
            serde_json::Value::Bool(b) => Value::Bool(b),
            serde_json::Value::Array(items) => Value::Array(
                items
                    .into_iter()
                    .filter_map(|item| match item {
                        serde_json::Value::String(s) => Some(Value::String(s)),
                        _ => None,
                    })
                    .collect(),
            ),
            _ => Value::None,
        }
    }
}

fn select(value: &serde_json::Value, steps: &[PathStep]) -> serde_json::Value {
    let Some((step, rest)) = steps.split_first() else {
        return value.clone();
    };
    match (step, value) {
        (PathStep::Field(name), serde_json::Value::Object(map)) => match map.get(*name) {
            Some(member) => select(member, rest),
            None => serde_json::Value::Null,
        },
        (PathStep::Project, serde_json::Value::Array(items)) => project(items.iter(), rest),
        (PathStep::Flatten, serde_json::Value::Array(items)) => {
            let flat = items.iter().flat_map(|item| match item {
                serde_json::Value::Array(inner) => inner.iter().collect::<Vec<_>>(),
                other => vec![other],
            });
            project(flat, rest)
        }
        _ => serde_json::Value::Null,
    }
}

fn project<'a>(
    items: impl Iterator<Item = &'a serde_json::Value>,
    rest: &[PathStep],
) -> serde_json::Value {
    serde_json::Value::Array(
        items
            .map(|item| select(item, rest))
            .filter(|v| !v.is_null())
            .collect(),
    )
}

/// A piece of an `@endpoint(hostPrefix)` template.
#[derive(Debug, Clone, PartialEq, Eq)]
enum HostPart {
    Literal(&'static str),
    /// A `@hostLabel` member: its model name and value.
    Label {
        member: &'static str,
        value: Option<String>,
    },
}

/// The endpoint parameters and host prefix of one operation call.
///
/// Generated code fills one from the input, from the
/// least specific source to the most specific (operation context paths,
/// then context members, then static values), so the most specific value
/// set wins, as the rules-engine specification orders them; an unset
/// value never hides a less specific one. [`invoke_with`](crate::invoke::invoke_with)
/// lays these over the client's parameters (`clientContextParams`, then the
/// built-ins) and prefixes the resolved host.
///
/// ```
/// use smithy_runtime::endpoint::{ContextPath, OperationEndpoint, PathStep};
///
/// let input = smithy_runtime::serde_json::json!({"Delete": {"Objects": [{"Key": "a"}, {"Key": "b"}]}});
/// const KEYS: ContextPath = ContextPath::new(
///     &[PathStep::Field("Delete"), PathStep::Field("Objects"), PathStep::Project, PathStep::Field("Key")],
///     false,
/// );
/// let mut endpoint = OperationEndpoint::new();
/// endpoint.path_param("ObjectKeys", &input, &KEYS);
/// endpoint.host_literal("data-").host_label("Bucket", Some("logs")).host_literal(".");
/// assert_eq!(
///     endpoint.params().get("ObjectKeys"),
///     Some(&smithy_runtime::endpoint::Value::Array(vec!["a".into(), "b".into()]))
/// );
/// assert_eq!(endpoint.host_prefix()?.as_deref(), Some("data-logs."));
/// # Ok::<(), smithy_runtime::ValidationError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OperationEndpoint {
    params: Params,
    host: Vec<HostPart>,
    /// The input member naming the URL the request goes to, and its value.
    url: Option<(&'static str, String)>,
}

impl OperationEndpoint {
    /// Nothing bound and no host prefix: the client's endpoint as it is.
    pub fn new() -> Self {
        Self::default()
    }

    /// Binds rule-set parameter `name` to `value`, over any less specific
    /// value; [`Value::None`] leaves the parameter as it was.
    pub fn param(&mut self, name: &str, value: impl Into<Value>) -> &mut Self {
        let value = value.into();
        if !value.is_none() {
            self.params.set(name, value);
        }
        self
    }

    /// Binds rule-set parameter `name` to the value of a `@required`
    /// `@contextParam` member, which must not be empty or only whitespace
    /// (a service dispatches on it).
    ///
    /// # Errors
    ///
    /// A [`ValidationError`] naming `member` when the value is empty or
    /// blank; nothing is bound then.
    pub fn required_param(
        &mut self,
        name: &str,
        member: &'static str,
        value: &str,
    ) -> Result<&mut Self, ValidationError> {
        if value.trim().is_empty() {
            return Err(ValidationError::new(
                &Path::Root.member(member),
                "must not be empty or only whitespace: it selects the endpoint",
            ));
        }
        Ok(self.param(name, value))
    }

    /// Binds rule-set parameter `name` to what `path` selects in `input`
    /// (the operation's input as JSON), unless it selects nothing.
    pub fn path_param(
        &mut self,
        name: &str,
        input: &serde_json::Value,
        path: &ContextPath,
    ) -> &mut Self {
        self.param(name, path.select(input))
    }

    /// The operation's input as JSON, for [`path_param`](Self::path_param).
    ///
    /// # Errors
    ///
    /// The input cannot be serialized (a map with keys that are not
    /// strings, which generated types never have).
    pub fn input_json<T: serde::Serialize + ?Sized>(
        input: &T,
    ) -> Result<serde_json::Value, RequestError> {
        serde_json::to_value(input).map_err(|e| {
            RequestError::new(format!(
                "cannot read the input for the endpoint parameters: {e}"
            ))
        })
    }

    /// Appends literal text to the host prefix.
    pub fn host_literal(&mut self, text: &'static str) -> &mut Self {
        self.host.push(HostPart::Literal(text));
        self
    }

    /// Appends the value of `@hostLabel` member `member` to the host prefix
    /// (`None` when the member is unset, which
    /// [`host_prefix`](Self::host_prefix) refuses).
    pub fn host_label(&mut self, member: &'static str, value: Option<&str>) -> &mut Self {
        self.host.push(HostPart::Label {
            member,
            value: value.map(str::to_owned),
        });
        self
    }

    /// Sends the request to the URL `value` of input member `member`
    /// instead of the resolved endpoint's, when it is set: a customization
    /// some services need (Machine Learning's `Predict` goes to the
    /// `PredictEndpoint` of the ML model, as botocore and the AWS SDK for
    /// Rust send it). The endpoint is still resolved, for the signing scope
    /// and headers it gives.
    pub fn url_from_member(&mut self, member: &'static str, value: Option<&str>) -> &mut Self {
        self.url = value.map(|value| (member, value.to_owned()));
        self
    }

    /// The URL set with [`url_from_member`](Self::url_from_member), if any.
    ///
    /// # Errors
    ///
    /// A [`ValidationError`] naming the member when the value is not an
    /// `http://` or `https://` URL with a host (nothing is sent then).
    pub fn url(&self) -> Result<Option<&str>, ValidationError> {
        let Some((member, url)) = &self.url else {
            return Ok(None);
        };
        let valid = url.parse::<http::Uri>().is_ok_and(|uri| {
            matches!(uri.scheme_str(), Some("http" | "https"))
                && uri.host().is_some_and(|host| !host.is_empty())
        });
        if !valid {
            return Err(ValidationError::new(
                &Path::Root.member(member),
                format!(
                    "{url:?} is not an http:// or https:// URL with a host: the request is sent \
                     to it"
                ),
            ));
        }
        Ok(Some(url))
    }

    /// The parameters bound, most specific value of each.
    pub fn params(&self) -> &Params {
        &self.params
    }

    /// The expanded host prefix, e.g. `foo.bar.`; `None` without one.
    ///
    /// # Errors
    ///
    /// A [`ValidationError`] naming the member when a host label is unset,
    /// empty or not a valid host label (letters, digits and `-`, starting
    /// with a letter or digit, at most 63 characters), as the AWS SDKs
    /// refuse such a request before sending it.
    pub fn host_prefix(&self) -> Result<Option<String>, ValidationError> {
        if self.host.is_empty() {
            return Ok(None);
        }
        let mut prefix = String::new();
        for part in &self.host {
            match part {
                HostPart::Literal(text) => prefix.push_str(text),
                HostPart::Label { member, value } => {
                    let path = Path::Root.member(member);
                    let value = value.as_deref().unwrap_or_default();
                    if value.is_empty() {
                        return Err(ValidationError::new(
                            &path,
                            "must be set and not empty: it is part of the endpoint's host",
                        ));
                    }
                    if !is_valid_host_label(value, false) {
                        return Err(ValidationError::new(
                            &path,
                            format!(
                                "{value:?} is not a valid host label (letters, digits and '-', \
                                 starting with a letter or digit, at most 63 characters): it is \
                                 part of the endpoint's host"
                            ),
                        ));
                    }
                    prefix.push_str(value);
                }
            }
        }
        Ok(Some(prefix))
    }
}

/// `url` with `prefix` put before its host, e.g. `foo.` and
/// `https://example.com/path` give `https://foo.example.com/path`.
///
/// # Errors
///
/// `url` has no `scheme://`, or a user-info part (which the SDKs' endpoints
/// never have), or the result is not a URL.
pub fn prefix_host(url: &str, prefix: &str) -> Result<String, RequestError> {
    let bad = |why: &str| {
        RequestError::new(format!(
            "cannot add host prefix {prefix:?} to endpoint {url:?}: {why}"
        ))
    };
    let (scheme, rest) = url
        .split_once("://")
        .ok_or_else(|| bad("it has no scheme"))?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return Err(bad("it has user information"));
    }
    if authority.is_empty() {
        return Err(bad("it has no host"));
    }
    let prefixed = format!("{scheme}://{prefix}{rest}");
    prefixed
        .parse::<http::Uri>()
        .map_err(|e| bad(&e.to_string()))?;
    Ok(prefixed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths_select_members_projections_flattened_lists_and_keys() {
        let input = json!({
            "name": "n",
            "flag": true,
            "nested": {"inner": {"id": "deep"}},
            "list": ["a", "b"],
            "objects": [{"key": "k1"}, {"other": 1}, {"key": "k2"}],
            "lists": [["x", "y"], ["z"]],
            "map": {"m1": 1, "m2": 2},
        });
        let cases: [(&'static [PathStep], bool, Value); 8] = [
            (&[PathStep::Field("name")], false, "n".into()),
            (&[PathStep::Field("flag")], false, true.into()),
            (
                &[
                    PathStep::Field("nested"),
                    PathStep::Field("inner"),
                    PathStep::Field("id"),
                ],
                false,
                "deep".into(),
            ),
            (
                &[PathStep::Field("list"), PathStep::Project],
                false,
                Value::Array(vec!["a".into(), "b".into()]),
            ),
            (
                &[
                    PathStep::Field("objects"),
                    PathStep::Project,
                    PathStep::Field("key"),
                ],
                false,
                Value::Array(vec!["k1".into(), "k2".into()]),
            ),
            (
                &[PathStep::Field("lists"), PathStep::Flatten],
                false,
                Value::Array(vec!["x".into(), "y".into(), "z".into()]),
            ),
            (
                &[PathStep::Field("map")],
                true,
                Value::Array(vec!["m1".into(), "m2".into()]),
            ),
            (
                &[PathStep::Field("missing"), PathStep::Field("x")],
                false,
                Value::None,
            ),
        ];
        for (steps, keys, expected) in cases {
            assert_eq!(
                ContextPath::new(steps, keys).select(&input),
                expected,
                "{steps:?}"
            );
        }
    }

    #[test]
    fn the_most_specific_set_value_wins() {
        let mut endpoint = OperationEndpoint::new();
        endpoint.param("P", "from a path");
        endpoint.param("P", Value::None);
        assert_eq!(endpoint.params().get("P"), Some(&"from a path".into()));
        endpoint.param("P", "static");
        assert_eq!(endpoint.params().get("P"), Some(&"static".into()));
    }

    #[test]
    fn required_context_members_must_not_be_blank() {
        let mut endpoint = OperationEndpoint::new();
        let error = endpoint
            .required_param("KvsARN", "KvsARN", "  ")
            .unwrap_err();
        assert_eq!(error.to_string().split(':').next(), Some("KvsARN"));
        assert!(endpoint.params().get("KvsARN").is_none());
        assert!(endpoint.required_param("KvsARN", "KvsARN", "arn").is_ok());
        assert_eq!(endpoint.params().get("KvsARN"), Some(&"arn".into()));
    }

    #[test]
    fn host_labels_must_be_valid_host_labels() {
        let prefix = |value: Option<&str>| {
            let mut endpoint = OperationEndpoint::new();
            endpoint
                .host_literal("foo.")
                .host_label("label", value)
                .host_literal(".");
            endpoint.host_prefix()
        };
        assert_eq!(prefix(Some("bar")), Ok(Some("foo.bar.".to_owned())));
        assert_eq!(prefix(Some("a-1")), Ok(Some("foo.a-1.".to_owned())));
        for bad in [
            None,
            Some(""),
            Some("a.b"),
            Some("-a"),
            Some("a b"),
            Some("a/b"),
        ] {
            let error = prefix(bad).unwrap_err();
            assert!(error.to_string().starts_with("label: "), "{bad:?}: {error}");
        }
        let long = "a".repeat(64);
        assert!(prefix(Some(&long)).is_err());
        assert_eq!(OperationEndpoint::new().host_prefix(), Ok(None));
    }

    #[test]
    fn prefixes_go_before_the_host() {
        assert_eq!(
            prefix_host("https://example.com", "foo.").unwrap(),
            "https://foo.example.com"
        );
        assert_eq!(
            prefix_host("http://localhost:8080/base?x=1", "api.").unwrap(),
            "http://api.localhost:8080/base?x=1"
        );
        assert!(prefix_host("example.com", "foo.").is_err());
        assert!(prefix_host("https://user@example.com", "foo.").is_err());
        assert!(prefix_host("https:///path", "foo.").is_err());
    }

    #[test]
    fn a_url_from_a_member_is_checked_and_kept() {
        let url = |value: Option<&str>| {
            let mut endpoint = OperationEndpoint::new();
            endpoint.url_from_member("PredictEndpoint", value);
            endpoint.url().map(|url| url.map(str::to_owned))
        };
        assert_eq!(url(None), Ok(None));
        for good in [
            "https://custom.example.com/",
            "https://realtime.machinelearning.us-east-1.amazonaws.com",
            "http://127.0.0.1:8080/base",
        ] {
            assert_eq!(url(Some(good)), Ok(Some(good.to_owned())));
        }
        for bad in [
            "",
            "custom.example.com",
            "ftp://example.com",
            "https://",
            "https://exa mple.com",
            "/predict",
        ] {
            let error = url(Some(bad)).unwrap_err();
            assert!(
                error.to_string().starts_with("PredictEndpoint: "),
                "{bad:?}: {error}"
            );
        }
    }
}
