//! The rule set: its parameters, its rules, and parsing from the JSON of a
//! model's `smithy.rules#endpointRuleSet` trait.

use super::EndpointError;
use super::template::{PathPart, Template, parse_path};
use super::value::Value;
use serde_json::{Map, Value as Json};

/// Deepest nesting of rules and expressions accepted (keeps evaluation's
/// recursion bounded for any input).
const MAX_DEPTH: usize = 100;

/// The type of a rule-set parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParameterType {
    /// `String`.
    String,
    /// `Boolean`.
    Boolean,
    /// `StringArray`: a list of strings.
    StringArray,
}

impl ParameterType {
    /// Whether `value` (not none) is of this type.
    pub fn accepts(self, value: &Value) -> bool {
        match (self, value) {
            (ParameterType::String, Value::String(_)) => true,
            (ParameterType::Boolean, Value::Bool(_)) => true,
            (ParameterType::StringArray, Value::Array(items)) => {
                items.iter().all(|v| matches!(v, Value::String(_)))
            }
            _ => false,
        }
    }
}

/// A parameter declared by a rule set.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    /// The parameter's name (`Region`, `UseFIPS`, ...).
    pub name: String,
    /// Its type.
    pub ty: ParameterType,
    /// The SDK built-in that supplies it, e.g. `AWS::Region`, `AWS::UseFIPS`,
    /// `AWS::UseDualStack`, `SDK::Endpoint`.
    pub built_in: Option<String>,
    /// The value used when the caller leaves it unset.
    pub default: Option<Value>,
    /// Whether resolution fails when it is unset and has no default.
    pub required: bool,
    /// Its documentation.
    pub documentation: Option<String>,
    /// The deprecation message, if the parameter is deprecated.
    pub deprecated: Option<String>,
}

/// A parsed endpoint rule set (`smithy.rules#endpointRuleSet`), ready to be
/// evaluated any number of times with [`RuleSet::resolve`].
#[derive(Debug, Clone, PartialEq)]
pub struct RuleSet {
    pub(crate) version: String,
    pub(crate) parameters: Vec<Parameter>,
    pub(crate) rules: Vec<Rule>,
}

impl RuleSet {
    /// Parses a rule set from its JSON text.
    pub fn from_json_str(json: &str) -> Result<RuleSet, EndpointError> {
        let value: Json = serde_json::from_str(json)
            .map_err(|e| EndpointError::invalid_rule_set(format!("rule set is not JSON: {e}")))?;
        RuleSet::from_json(&value)
    }

    /// Parses a rule set from JSON (the value of the
    /// `smithy.rules#endpointRuleSet` trait). Unknown functions, bad
    /// templates, wrong arities and wrongly typed defaults are errors.
    pub fn from_json(json: &Json) -> Result<RuleSet, EndpointError> {
        let obj = expect_object(json, "rule set")?;
        let version = obj
            .get("version")
            .and_then(Json::as_str)
            .unwrap_or("1.0")
            .to_owned();
        let mut parameters = Vec::new();
        if let Some(params) = obj.get("parameters") {
            for (name, def) in expect_object(params, "parameters")? {
                parameters.push(parse_parameter(name, def)?);
            }
        }
        let rules = parse_rules(obj.get("rules").unwrap_or(&Json::Null), 0)?;
        Ok(RuleSet {
            version,
            parameters,
            rules,
        })
    }

    /// The rule set's `version` (e.g. `"1.0"`).
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The declared parameters, in declaration order.
    pub fn parameters(&self) -> &[Parameter] {
        &self.parameters
    }

    /// The parameter named `name`.
    pub fn parameter(&self, name: &str) -> Option<&Parameter> {
        self.parameters.iter().find(|p| p.name == name)
    }
}

/// A rule: conditions and what happens when they all hold.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Rule {
    pub(crate) conditions: Vec<Condition>,
    pub(crate) kind: RuleKind,
}

/// What a rule does when its conditions hold.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum RuleKind {
    /// Resolve to this endpoint.
    Endpoint(EndpointSpec),
    /// Fail with this message.
    Error(Expr),
    /// Evaluate the sub-rules; one of them must match.
    Tree(Vec<Rule>),
}

/// The `endpoint` of an endpoint rule.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct EndpointSpec {
    pub(crate) url: Expr,
    pub(crate) headers: Vec<(String, Vec<Expr>)>,
    pub(crate) properties: Vec<(String, Prop)>,
}

/// A property value of an endpoint: JSON whose strings are templates.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Prop {
    Template(Template),
    Json(Json),
    Array(Vec<Prop>),
    Object(Vec<(String, Prop)>),
    Expr(Expr),
}

/// A condition: a function call whose result may be bound to a name.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Condition {
    pub(crate) call: FnCall,
    pub(crate) assign: Option<String>,
}

/// An expression.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Expr {
    /// A string template (a plain string is a one-literal template).
    Template(Template),
    Bool(bool),
    Int(i64),
    Array(Vec<Expr>),
    Record(Vec<(String, Expr)>),
    /// `{"ref": name}`.
    Ref(String),
    /// `{"fn": ..., "argv": [...]}`.
    Fn(Box<FnCall>),
}

/// A library function call.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FnCall {
    pub(crate) func: Function,
    pub(crate) args: Vec<Expr>,
}

/// The library functions the engine knows.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Function {
    IsSet,
    Not,
    BooleanEquals,
    StringEquals,
    /// `getAttr` with its (literal) path parsed.
    GetAttr(Vec<PathPart>),
    Substring,
    UriEncode,
    ParseUrl,
    IsValidHostLabel,
    Coalesce,
    Ite,
    Split,
    AwsPartition,
    AwsParseArn,
    AwsIsVirtualHostableS3Bucket,
}

fn expect_object<'a>(json: &'a Json, what: &str) -> Result<&'a Map<String, Json>, EndpointError> {
    json.as_object()
        .ok_or_else(|| EndpointError::invalid_rule_set(format!("{what} must be a JSON object")))
}

fn expect_array<'a>(json: &'a Json, what: &str) -> Result<&'a Vec<Json>, EndpointError> {
    json.as_array()
        .ok_or_else(|| EndpointError::invalid_rule_set(format!("{what} must be a JSON array")))
}

fn parse_parameter(name: &str, def: &Json) -> Result<Parameter, EndpointError> {
    let obj = expect_object(def, "a parameter")?;
    let bad = |why: String| EndpointError::invalid_rule_set(format!("parameter `{name}`: {why}"));
    let ty = match obj.get("type").and_then(Json::as_str) {
        Some(t) if t.eq_ignore_ascii_case("string") => ParameterType::String,
        Some(t) if t.eq_ignore_ascii_case("boolean") => ParameterType::Boolean,
        Some(t) if t.eq_ignore_ascii_case("stringarray") => ParameterType::StringArray,
        other => return Err(bad(format!("unknown type {other:?}"))),
    };
    let default = match obj.get("default") {
        None | Some(Json::Null) => None,
        Some(d) => {
            let v = Value::from_json(d)
                .filter(|v| ty.accepts(v))
                .ok_or_else(|| bad(format!("default {d} is not of type {ty:?}")))?;
            Some(v)
        }
    };
    let string = |key: &str| obj.get(key).and_then(Json::as_str).map(str::to_owned);
    let deprecated = obj.get("deprecated").map(|d| {
        d.get("message")
            .and_then(Json::as_str)
            .unwrap_or("deprecated")
            .to_owned()
    });
    Ok(Parameter {
        name: name.to_owned(),
        ty,
        built_in: string("builtIn"),
        default,
        required: obj.get("required").and_then(Json::as_bool).unwrap_or(false),
        documentation: string("documentation"),
        deprecated,
    })
}

fn parse_rules(json: &Json, depth: usize) -> Result<Vec<Rule>, EndpointError> {
    if depth > MAX_DEPTH {
        return Err(EndpointError::invalid_rule_set(
            "rules are nested too deeply",
        ));
    }
    expect_array(json, "rules")?
        .iter()
        .map(|r| parse_rule(r, depth))
        .collect()
}

fn parse_rule(json: &Json, depth: usize) -> Result<Rule, EndpointError> {
    let obj = expect_object(json, "a rule")?;
    let conditions = match obj.get("conditions") {
        None => Vec::new(),
        Some(c) => expect_array(c, "conditions")?
            .iter()
            .map(|c| parse_condition(c, depth))
            .collect::<Result<_, _>>()?,
    };
    let field = |key: &str| {
        obj.get(key).ok_or_else(|| {
            EndpointError::invalid_rule_set(format!("a rule is missing its `{key}`"))
        })
    };
    let kind = match obj.get("type").and_then(Json::as_str) {
        Some("endpoint") => RuleKind::Endpoint(parse_endpoint(field("endpoint")?, depth)?),
        Some("error") => RuleKind::Error(parse_expr(field("error")?, depth + 1)?),
        Some("tree") => RuleKind::Tree(parse_rules(field("rules")?, depth + 1)?),
        other => {
            return Err(EndpointError::invalid_rule_set(format!(
                "unknown rule type {other:?}"
            )));
        }
    };
    Ok(Rule { conditions, kind })
}

fn parse_condition(json: &Json, depth: usize) -> Result<Condition, EndpointError> {
    let obj = expect_object(json, "a condition")?;
    let call = match parse_expr(json, depth + 1)? {
        Expr::Fn(call) => *call,
        _ => {
            return Err(EndpointError::invalid_rule_set(
                "a condition must be a function call",
            ));
        }
    };
    let assign = match obj.get("assign") {
        None => None,
        Some(Json::String(name)) if !name.is_empty() => Some(name.clone()),
        Some(other) => {
            return Err(EndpointError::invalid_rule_set(format!(
                "bad `assign` {other}"
            )));
        }
    };
    Ok(Condition { call, assign })
}

fn parse_endpoint(json: &Json, depth: usize) -> Result<EndpointSpec, EndpointError> {
    let obj = expect_object(json, "an endpoint")?;
    let url = parse_expr(
        obj.get("url")
            .ok_or_else(|| EndpointError::invalid_rule_set("an endpoint is missing its `url`"))?,
        depth + 1,
    )?;
    let mut headers = Vec::new();
    if let Some(h) = obj.get("headers") {
        for (name, values) in expect_object(h, "headers")? {
            let values = expect_array(values, "header values")?
                .iter()
                .map(|v| parse_expr(v, depth + 1))
                .collect::<Result<_, _>>()?;
            headers.push((name.clone(), values));
        }
    }
    let mut properties = Vec::new();
    if let Some(p) = obj.get("properties") {
        for (name, value) in expect_object(p, "properties")? {
            properties.push((name.clone(), parse_prop(value, depth + 1)?));
        }
    }
    Ok(EndpointSpec {
        url,
        headers,
        properties,
    })
}

fn parse_prop(json: &Json, depth: usize) -> Result<Prop, EndpointError> {
    if depth > MAX_DEPTH {
        return Err(EndpointError::invalid_rule_set(
            "properties are nested too deeply",
        ));
    }
    Ok(match json {
        Json::String(s) => Prop::Template(Template::parse(s)?),
        Json::Array(items) => Prop::Array(
            items
                .iter()
                .map(|i| parse_prop(i, depth + 1))
                .collect::<Result<_, _>>()?,
        ),
        Json::Object(map) if map.contains_key("ref") || map.contains_key("fn") => {
            Prop::Expr(parse_expr(json, depth + 1)?)
        }
        Json::Object(map) => Prop::Object(
            map.iter()
                .map(|(k, v)| Ok((k.clone(), parse_prop(v, depth + 1)?)))
                .collect::<Result<_, EndpointError>>()?,
        ),
        other => Prop::Json(other.clone()),
    })
}

/// Parses an expression (a function argument, a URL, an error message, a
/// header value).
pub(crate) fn parse_expr(json: &Json, depth: usize) -> Result<Expr, EndpointError> {
    if depth > MAX_DEPTH {
        return Err(EndpointError::invalid_rule_set(
            "expressions are nested too deeply",
        ));
    }
    Ok(match json {
        Json::String(s) => Expr::Template(Template::parse(s)?),
        Json::Bool(b) => Expr::Bool(*b),
        Json::Number(n) => Expr::Int(n.as_i64().ok_or_else(|| {
            EndpointError::invalid_rule_set(format!("number {n} is not an integer"))
        })?),
        Json::Array(items) => Expr::Array(
            items
                .iter()
                .map(|i| parse_expr(i, depth + 1))
                .collect::<Result<_, _>>()?,
        ),
        Json::Object(map) => {
            if let Some(name) = map.get("ref") {
                let name = name.as_str().ok_or_else(|| {
                    EndpointError::invalid_rule_set("`ref` must name a parameter or variable")
                })?;
                Expr::Ref(name.to_owned())
            } else if let Some(func) = map.get("fn") {
                let func = func
                    .as_str()
                    .ok_or_else(|| EndpointError::invalid_rule_set("`fn` must be a string"))?;
                let argv = match map.get("argv") {
                    Some(a) => expect_array(a, "argv")?.as_slice(),
                    None => &[],
                };
                Expr::Fn(Box::new(parse_call(func, argv, depth)?))
            } else {
                Expr::Record(
                    map.iter()
                        .map(|(k, v)| Ok((k.clone(), parse_expr(v, depth + 1)?)))
                        .collect::<Result<_, EndpointError>>()?,
                )
            }
        }
        Json::Null => return Err(EndpointError::invalid_rule_set("null is not an expression")),
    })
}

fn parse_call(name: &str, argv: &[Json], depth: usize) -> Result<FnCall, EndpointError> {
    let arity = |min: usize, max: usize| {
        if argv.len() < min || argv.len() > max {
            Err(EndpointError::invalid_rule_set(format!(
                "`{name}` takes {min}{} arguments, got {}",
                if max > min { "+" } else { "" },
                argv.len()
            )))
        } else {
            Ok(())
        }
    };
    let func = match name {
        "isSet" => arity(1, 1).map(|_| Function::IsSet)?,
        "not" => arity(1, 1).map(|_| Function::Not)?,
        "booleanEquals" => arity(2, 2).map(|_| Function::BooleanEquals)?,
        "stringEquals" => arity(2, 2).map(|_| Function::StringEquals)?,
        "getAttr" => {
            arity(2, 2)?;
            let path = argv.get(1).and_then(Json::as_str).ok_or_else(|| {
                EndpointError::invalid_rule_set("the path of `getAttr` must be a string literal")
            })?;
            // Only the first argument is an expression; the path is parsed here.
            let target = argv.first().map(|t| parse_expr(t, depth + 1)).transpose()?;
            return Ok(FnCall {
                func: Function::GetAttr(parse_path(path)?),
                args: target.into_iter().collect(),
            });
        }
        "substring" => arity(4, 4).map(|_| Function::Substring)?,
        "uriEncode" => arity(1, 1).map(|_| Function::UriEncode)?,
        "parseURL" => arity(1, 1).map(|_| Function::ParseUrl)?,
        "isValidHostLabel" => arity(2, 2).map(|_| Function::IsValidHostLabel)?,
        "coalesce" => arity(1, usize::MAX).map(|_| Function::Coalesce)?,
        "ite" => arity(3, 3).map(|_| Function::Ite)?,
        "split" => arity(3, 3).map(|_| Function::Split)?,
        "aws.partition" => arity(1, 1).map(|_| Function::AwsPartition)?,
        "aws.parseArn" => arity(1, 1).map(|_| Function::AwsParseArn)?,
        "aws.isVirtualHostableS3Bucket" => {
            arity(2, 2).map(|_| Function::AwsIsVirtualHostableS3Bucket)?
        }
        other => {
            return Err(EndpointError::invalid_rule_set(format!(
                "unknown function `{other}`"
            )));
        }
    };
    let args = argv
        .iter()
        .map(|a| parse_expr(a, depth + 1))
        .collect::<Result<_, _>>()?;
    Ok(FnCall { func, args })
}
