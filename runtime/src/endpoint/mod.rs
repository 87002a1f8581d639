//! Endpoint resolution: the Smithy rules engine and the classic AWS scheme.
//!
//! A service model's `smithy.rules#endpointRuleSet` trait is a small program
//! that maps parameters (`Region`, `UseFIPS`, `UseDualStack`, `Endpoint`,
//! ...) to an endpoint or an error. Generated clients embed the trait's JSON
//! as a `&'static str`, parse it once into a [`RuleSet`] and interpret it at
//! run time with [`RuleSet::resolve`]; nothing is compiled to Rust per
//! service, which keeps generated code and its compile time small.
//!
//! ```
//! use smithy_runtime::endpoint::{Params, RuleSet};
//! use std::sync::OnceLock;
//!
//! const RULES: &str = r#"{
//!   "version": "1.0",
//!   "parameters": {
//!     "Region": {"type": "String", "builtIn": "AWS::Region", "required": false}
//!   },
//!   "rules": [
//!     {"conditions": [
//!        {"fn": "isSet", "argv": [{"ref": "Region"}]},
//!        {"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "P"}],
//!      "endpoint": {"url": "https://svc.{Region}.{P#dnsSuffix}"},
//!      "type": "endpoint"},
//!     {"conditions": [], "error": "Invalid Configuration: Missing Region", "type": "error"}
//!   ]
//! }"#;
//!
//! fn rules() -> Result<&'static RuleSet, smithy_runtime::endpoint::EndpointError> {
//!     static PARSED: OnceLock<Result<RuleSet, smithy_runtime::endpoint::EndpointError>> =
//!         OnceLock::new();
//!     PARSED.get_or_init(|| RuleSet::from_json_str(RULES)).as_ref().map_err(Clone::clone)
//! }
//!
//! let mut params = Params::new();
//! params.set_str("Region", "cn-north-1");
//! let endpoint = rules()?.resolve(&params)?;
//! assert_eq!(endpoint.url, "https://svc.cn-north-1.amazonaws.com.cn");
//!
//! let error = rules()?.resolve(&Params::new()).unwrap_err();
//! assert_eq!(error.message(), "Invalid Configuration: Missing Region");
//! # Ok::<(), smithy_runtime::endpoint::EndpointError>(())
//! ```
//!
//! Semantics follow the Smithy rules-engine specification: rules are tried in
//! order; a rule applies when every condition holds (a condition is a
//! function call whose result is neither `false` nor none; `assign` binds the
//! result for the rest of the rule); an endpoint rule yields its endpoint
//! (URL, headers and properties, strings being templates such as
//! `"https://{Region}.{PartitionResult#dnsSuffix}"`), an error rule fails with
//! its message, and a tree rule evaluates its sub-rules, one of which must
//! apply. Unset parameters take their `default`; a `required` parameter
//! without a value is an error. The library functions are `isSet`, `not`,
//! `booleanEquals`, `stringEquals`, `getAttr`, `substring`, `uriEncode`,
//! `parseURL`, `isValidHostLabel`, `coalesce`, `ite`, `split`,
//! `aws.partition`, `aws.parseArn` and `aws.isVirtualHostableS3Bucket` (see
//! [`functions`] and [`Partitions`]).
//!
//! Nothing here panics: malformed rule sets are [`EndpointErrorKind::InvalidRuleSet`]
//! errors from [`RuleSet::from_json`], and type errors met while evaluating
//! are [`EndpointErrorKind::Evaluation`] errors.
//!
//! A model without a rule set uses [`classic_endpoint`].
//!
//! What an operation adds (its context parameters and host prefix) is an
//! [`OperationEndpoint`].

mod arn;
mod context;
mod eval;
pub mod functions;
mod partition;
mod ruleset;
mod template;
mod url;
mod value;

pub use context::{ContextPath, OperationEndpoint, PathStep, prefix_host};
pub use partition::{PartitionOutputs, Partitions};
pub use ruleset::{Parameter, ParameterType, RuleSet};
pub use value::Value;

use std::collections::BTreeMap;
use std::fmt;

/// What kind of failure an [`EndpointError`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum EndpointErrorKind {
    /// An error rule of the rule set applied (or the classic scheme refused
    /// the parameters, e.g. FIPS in a partition without it); the message is
    /// the rule's, e.g. `Invalid Configuration: Missing Region`.
    Rule,
    /// The rule set (or partition data) is malformed.
    InvalidRuleSet,
    /// A parameter is missing, or of the wrong type, or malformed.
    InvalidParams,
    /// Evaluation failed: no rule applied, a reference is undefined, or a
    /// function got an argument of the wrong type.
    Evaluation,
}

/// Why an endpoint could not be resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointError {
    kind: EndpointErrorKind,
    message: String,
}

impl EndpointError {
    /// An error of the given kind.
    pub fn new(kind: EndpointErrorKind, message: impl Into<String>) -> Self {
        EndpointError {
            kind,
            message: message.into(),
        }
    }

    pub(crate) fn rule(message: impl Into<String>) -> Self {
        Self::new(EndpointErrorKind::Rule, message)
    }

    pub(crate) fn invalid_rule_set(message: impl Into<String>) -> Self {
        Self::new(EndpointErrorKind::InvalidRuleSet, message)
    }

    pub(crate) fn invalid_params(message: impl Into<String>) -> Self {
        Self::new(EndpointErrorKind::InvalidParams, message)
    }

    pub(crate) fn evaluation(message: impl Into<String>) -> Self {
        Self::new(EndpointErrorKind::Evaluation, message)
    }

    /// The kind of failure.
    pub fn kind(&self) -> EndpointErrorKind {
        self.kind
    }

    /// The message; for [`EndpointErrorKind::Rule`] exactly the rule's
    /// message (what a model's `endpointTests` expect).
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for EndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            EndpointErrorKind::Rule => f.write_str(&self.message),
            EndpointErrorKind::InvalidRuleSet => {
                write!(f, "invalid endpoint rule set: {}", self.message)
            }
            EndpointErrorKind::InvalidParams => {
                write!(f, "invalid endpoint parameters: {}", self.message)
            }
            EndpointErrorKind::Evaluation => {
                write!(f, "endpoint resolution failed: {}", self.message)
            }
        }
    }
}

impl std::error::Error for EndpointError {}

/// The parameters of one resolution: parameter name to value. Parameters
/// left unset take the rule set's `default`, if any.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Params {
    values: BTreeMap<String, Value>,
}

impl Params {
    /// No parameters set.
    pub fn new() -> Self {
        Params::default()
    }

    /// Sets a parameter to any value; [`Value::None`] unsets it.
    pub fn set(&mut self, name: &str, value: Value) -> &mut Self {
        if value.is_none() {
            self.values.remove(name);
        } else {
            self.values.insert(name.to_owned(), value);
        }
        self
    }

    /// Sets a `String` parameter.
    pub fn set_str(&mut self, name: &str, value: impl Into<String>) -> &mut Self {
        self.set(name, Value::String(value.into()))
    }

    /// Sets a `Boolean` parameter.
    pub fn set_bool(&mut self, name: &str, value: bool) -> &mut Self {
        self.set(name, Value::Bool(value))
    }

    /// Sets a `StringArray` parameter.
    pub fn set_string_array<I, S>(&mut self, name: &str, values: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let items = values
            .into_iter()
            .map(|s| Value::String(s.into()))
            .collect();
        self.set(name, Value::Array(items))
    }

    /// Unsets a parameter.
    pub fn unset(&mut self, name: &str) -> &mut Self {
        self.values.remove(name);
        self
    }

    /// The value set for `name`.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.values.get(name)
    }

    /// Parameters from a JSON object such as an `endpointTests` case's
    /// `params` (strings, booleans, arrays of strings; `null` is unset).
    pub fn from_json(json: &serde_json::Value) -> Result<Params, EndpointError> {
        let obj = json
            .as_object()
            .ok_or_else(|| EndpointError::invalid_params("parameters must be a JSON object"))?;
        let mut params = Params::new();
        for (name, value) in obj {
            let value = Value::from_json(value).ok_or_else(|| {
                EndpointError::invalid_params(format!(
                    "parameter `{name}`: unsupported value {value}"
                ))
            })?;
            params.set(name, value);
        }
        Ok(params)
    }
}

/// A resolved endpoint.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Endpoint {
    /// The URL, e.g. `https://imagebuilder.us-east-1.amazonaws.com`.
    pub url: String,
    /// Headers to add to the request (name to values).
    pub headers: BTreeMap<String, Vec<String>>,
    /// Properties, e.g. `authSchemes` (a list of objects with `name`,
    /// `signingName`, `signingRegion`, ...).
    pub properties: serde_json::Map<String, serde_json::Value>,
}

impl Endpoint {
    /// An endpoint with just a URL.
    pub fn from_url(url: impl Into<String>) -> Self {
        Endpoint {
            url: url.into(),
            ..Endpoint::default()
        }
    }

    /// The endpoint as JSON, in the shape of an `endpointTests` expectation:
    /// `{"url": ..., "headers": {...}, "properties": {...}}`.
    pub fn to_json(&self) -> serde_json::Value {
        let headers = self
            .headers
            .iter()
            .map(|(k, v)| (k.clone(), serde_json::Value::from(v.clone())))
            .collect::<serde_json::Map<_, _>>();
        serde_json::json!({
            "url": self.url,
            "headers": headers,
            "properties": self.properties,
        })
    }
}

impl RuleSet {
    /// Resolves an endpoint for `params`, with the partition data embedded
    /// in the runtime. An error rule that applies gives an
    /// [`EndpointErrorKind::Rule`] error carrying its message. Parameters
    /// the rule set does not declare are ignored.
    pub fn resolve(&self, params: &Params) -> Result<Endpoint, EndpointError> {
        self.resolve_with(params, Partitions::builtin()?)
    }

    /// Like [`RuleSet::resolve`], with the given partition data.
    pub fn resolve_with(
        &self,
        params: &Params,
        partitions: &Partitions,
    ) -> Result<Endpoint, EndpointError> {
        eval::resolve(self, params, partitions)
    }
}

/// The classic endpoint of a service without a rule set:
/// `https://{endpointPrefix}.{region}.{dnsSuffix}` in the region's partition
/// (found as `aws.partition` does). FIPS adds `-fips` to the prefix, dual
/// stack uses the partition's `dualStackDnsSuffix`:
///
/// | FIPS | dual stack | host |
/// | --- | --- | --- |
/// | no | no | `{prefix}.{region}.{dnsSuffix}` |
/// | yes | no | `{prefix}-fips.{region}.{dnsSuffix}` |
/// | no | yes | `{prefix}.{region}.{dualStackDnsSuffix}` |
/// | yes | yes | `{prefix}-fips.{region}.{dualStackDnsSuffix}` |
///
/// Fails when the partition does not support FIPS or dual stack as asked,
/// or when `endpoint_prefix` (dotted labels) or `region` (one label) is not
/// a valid host label.
///
/// ```
/// use smithy_runtime::endpoint::classic_endpoint;
/// let e = classic_endpoint("imagebuilder", "cn-north-1", false, false)?;
/// assert_eq!(e.url, "https://imagebuilder.cn-north-1.amazonaws.com.cn");
/// # Ok::<(), smithy_runtime::endpoint::EndpointError>(())
/// ```
pub fn classic_endpoint(
    endpoint_prefix: &str,
    region: &str,
    use_fips: bool,
    use_dual_stack: bool,
) -> Result<Endpoint, EndpointError> {
    classic_endpoint_with(
        Partitions::builtin()?,
        endpoint_prefix,
        region,
        use_fips,
        use_dual_stack,
    )
}

/// Like [`classic_endpoint`], with the given partition data.
pub fn classic_endpoint_with(
    partitions: &Partitions,
    endpoint_prefix: &str,
    region: &str,
    use_fips: bool,
    use_dual_stack: bool,
) -> Result<Endpoint, EndpointError> {
    if !functions::is_valid_host_label(endpoint_prefix, true) {
        return Err(EndpointError::invalid_params(format!(
            "invalid endpoint prefix `{endpoint_prefix}`"
        )));
    }
    if !functions::is_valid_host_label(region, false) {
        return Err(EndpointError::invalid_params(format!(
            "invalid region `{region}`"
        )));
    }
    let partition = partitions
        .resolve(region)
        .ok_or_else(|| EndpointError::evaluation(format!("no partition for region `{region}`")))?;
    match (use_fips, use_dual_stack) {
        (true, true) if !(partition.supports_fips() && partition.supports_dual_stack()) => {
            return Err(EndpointError::rule(
                "FIPS and DualStack are enabled, but this partition does not support one or both",
            ));
        }
        (true, false) if !partition.supports_fips() => {
            return Err(EndpointError::rule(
                "FIPS is enabled but this partition does not support FIPS",
            ));
        }
        (false, true) if !partition.supports_dual_stack() => {
            return Err(EndpointError::rule(
                "DualStack is enabled but this partition does not support DualStack",
            ));
        }
        _ => {}
    }
    let fips = if use_fips { "-fips" } else { "" };
    let suffix = if use_dual_stack {
        partition.dual_stack_dns_suffix()
    } else {
        partition.dns_suffix()
    };
    // Joined by hand: resolved on every call, and `format!` costs
    // several times as much.
    let parts = ["https://", endpoint_prefix, fips, ".", region, ".", suffix];
    let mut url = String::with_capacity(parts.iter().map(|part| part.len()).sum());
    parts.iter().for_each(|part| url.push_str(part));
    Ok(Endpoint::from_url(url))
}
