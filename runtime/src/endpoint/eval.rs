//! The evaluator: walks the rules with a scope of parameters and assigned
//! variables.

use super::functions;
use super::partition::Partitions;
use super::ruleset::{
    Condition, EndpointSpec, Expr, FnCall, Function, Prop, Rule, RuleKind, RuleSet,
};
use super::template::{PathPart, Template, TemplatePart};
use super::value::Value;
use super::{Endpoint, EndpointError, Params};
use std::collections::BTreeMap;

/// Parameters and assigned variables, innermost last. Names borrow from the
/// rule set.
struct Scope<'a> {
    vars: Vec<(&'a str, Value)>,
}

impl Scope<'_> {
    fn get(&self, name: &str) -> Option<&Value> {
        self.vars
            .iter()
            .rev()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v)
    }
}

struct Ctx<'p> {
    partitions: &'p Partitions,
}

/// Resolves `params` against `rule_set`.
pub(crate) fn resolve(
    rule_set: &RuleSet,
    params: &Params,
    partitions: &Partitions,
) -> Result<Endpoint, EndpointError> {
    let mut scope = Scope {
        vars: Vec::with_capacity(rule_set.parameters.len() + 8),
    };
    for p in &rule_set.parameters {
        let value = match params.get(&p.name) {
            Some(v) if !v.is_none() => v.clone(),
            _ => p.default.clone().unwrap_or(Value::None),
        };
        if value.is_none() {
            if p.required {
                return Err(EndpointError::invalid_params(format!(
                    "missing required parameter `{}`",
                    p.name
                )));
            }
        } else if !p.ty.accepts(&value) {
            return Err(EndpointError::invalid_params(format!(
                "parameter `{}` must be of type {:?}, got a {}",
                p.name,
                p.ty,
                value.type_name()
            )));
        }
        scope.vars.push((&p.name, value));
    }
    let ctx = Ctx { partitions };
    eval_rules(&rule_set.rules, &mut scope, &ctx)?
        .ok_or_else(|| EndpointError::evaluation("no endpoint rule matched the parameters"))
}

/// Evaluates rules in order: the first whose conditions hold decides.
/// `Ok(None)` when none matches.
fn eval_rules<'a>(
    rules: &'a [Rule],
    scope: &mut Scope<'a>,
    ctx: &Ctx<'_>,
) -> Result<Option<Endpoint>, EndpointError> {
    for rule in rules {
        let mark = scope.vars.len();
        if eval_conditions(&rule.conditions, scope, ctx)? {
            return match &rule.kind {
                RuleKind::Endpoint(spec) => build_endpoint(spec, scope, ctx).map(Some),
                RuleKind::Error(message) => {
                    Err(EndpointError::rule(eval_string(message, scope, ctx)?))
                }
                RuleKind::Tree(sub) => match eval_rules(sub, scope, ctx)? {
                    Some(endpoint) => Ok(Some(endpoint)),
                    None => Err(EndpointError::evaluation(
                        "no rule of a tree rule whose conditions held matched the parameters",
                    )),
                },
            };
        }
        scope.vars.truncate(mark);
    }
    Ok(None)
}

/// Whether all conditions hold, binding `assign`ed results into `scope`.
fn eval_conditions<'a>(
    conditions: &'a [Condition],
    scope: &mut Scope<'a>,
    ctx: &Ctx<'_>,
) -> Result<bool, EndpointError> {
    for condition in conditions {
        let value = call(&condition.call, scope, ctx)?;
        if !value.is_truthy() {
            return Ok(false);
        }
        if let Some(name) = &condition.assign {
            scope.vars.push((name, value));
        }
    }
    Ok(true)
}

fn build_endpoint(
    spec: &EndpointSpec,
    scope: &Scope<'_>,
    ctx: &Ctx<'_>,
) -> Result<Endpoint, EndpointError> {
    let url = eval_string(&spec.url, scope, ctx)?;
    let mut headers = BTreeMap::new();
    for (name, values) in &spec.headers {
        let values = values
            .iter()
            .map(|v| eval_string(v, scope, ctx))
            .collect::<Result<Vec<_>, _>>()?;
        headers.insert(name.clone(), values);
    }
    let mut properties = serde_json::Map::new();
    for (name, prop) in &spec.properties {
        properties.insert(name.clone(), eval_prop(prop, scope, ctx)?);
    }
    Ok(Endpoint {
        url,
        headers,
        properties,
    })
}

fn eval_prop(
    prop: &Prop,
    scope: &Scope<'_>,
    ctx: &Ctx<'_>,
) -> Result<serde_json::Value, EndpointError> {
    Ok(match prop {
        Prop::Template(t) => serde_json::Value::String(eval_template(t, scope)?),
        Prop::Json(j) => j.clone(),
        Prop::Array(items) => serde_json::Value::Array(
            items
                .iter()
                .map(|i| eval_prop(i, scope, ctx))
                .collect::<Result<_, _>>()?,
        ),
        Prop::Object(fields) => serde_json::Value::Object(
            fields
                .iter()
                .map(|(k, v)| Ok((k.clone(), eval_prop(v, scope, ctx)?)))
                .collect::<Result<_, EndpointError>>()?,
        ),
        Prop::Expr(e) => eval(e, scope, ctx)?.to_json(),
    })
}

fn eval_string(expr: &Expr, scope: &Scope<'_>, ctx: &Ctx<'_>) -> Result<String, EndpointError> {
    match expr {
        Expr::Template(t) => eval_template(t, scope),
        other => match eval(other, scope, ctx)? {
            Value::String(s) => Ok(s),
            v => Err(EndpointError::evaluation(format!(
                "expected a string, got a {}",
                v.type_name()
            ))),
        },
    }
}

fn eval_template(template: &Template, scope: &Scope<'_>) -> Result<String, EndpointError> {
    if let Some(text) = template.as_literal() {
        return Ok(text.to_owned());
    }
    let mut out = String::new();
    for part in &template.parts {
        let value = match part {
            TemplatePart::Literal(text) => {
                out.push_str(text);
                continue;
            }
            TemplatePart::Ref(name) => lookup(name, scope)?,
            TemplatePart::Attr(name, path) => get_attr(lookup(name, scope)?, path)?,
        };
        match value {
            Value::String(s) => out.push_str(s),
            v => {
                return Err(EndpointError::evaluation(format!(
                    "a template placeholder must be a string, got a {}",
                    v.type_name()
                )));
            }
        }
    }
    Ok(out)
}

fn lookup<'s>(name: &str, scope: &'s Scope<'_>) -> Result<&'s Value, EndpointError> {
    scope
        .get(name)
        .ok_or_else(|| EndpointError::evaluation(format!("undefined reference `{name}`")))
}

static NONE: Value = Value::None;

fn get_attr<'v>(target: &'v Value, path: &[PathPart]) -> Result<&'v Value, EndpointError> {
    let mut current = target;
    for part in path {
        current = match (part, current) {
            (PathPart::Key(key), Value::Record(fields)) => fields.get(key).unwrap_or(&NONE),
            (PathPart::Index(i), Value::Array(items)) => items.get(*i).unwrap_or(&NONE),
            (PathPart::Key(key), v) => {
                return Err(EndpointError::evaluation(format!(
                    "getAttr: cannot take field `{key}` of a {}",
                    v.type_name()
                )));
            }
            (PathPart::Index(i), v) => {
                return Err(EndpointError::evaluation(format!(
                    "getAttr: cannot take index {i} of a {}",
                    v.type_name()
                )));
            }
        };
    }
    Ok(current)
}

fn eval(expr: &Expr, scope: &Scope<'_>, ctx: &Ctx<'_>) -> Result<Value, EndpointError> {
    Ok(match expr {
        Expr::Template(t) => Value::String(eval_template(t, scope)?),
        Expr::Bool(b) => Value::Bool(*b),
        Expr::Int(i) => Value::Int(*i),
        Expr::Array(items) => Value::Array(
            items
                .iter()
                .map(|i| eval(i, scope, ctx))
                .collect::<Result<_, _>>()?,
        ),
        Expr::Record(fields) => Value::Record(
            fields
                .iter()
                .map(|(k, v)| Ok((k.clone(), eval(v, scope, ctx)?)))
                .collect::<Result<_, EndpointError>>()?,
        ),
        Expr::Ref(name) => lookup(name, scope)?.clone(),
        Expr::Fn(call_) => call(call_, scope, ctx)?,
    })
}

fn type_error(func: &str, expected: &str, got: &Value) -> EndpointError {
    EndpointError::evaluation(format!(
        "`{func}` expects a {expected} argument, got a {}",
        got.type_name()
    ))
}

fn arg(args: &[Value], i: usize) -> &Value {
    args.get(i).unwrap_or(&NONE)
}

fn str_arg<'v>(func: &str, args: &'v [Value], i: usize) -> Result<&'v str, EndpointError> {
    let v = arg(args, i);
    v.as_str().ok_or_else(|| type_error(func, "string", v))
}

fn bool_arg(func: &str, args: &[Value], i: usize) -> Result<bool, EndpointError> {
    let v = arg(args, i);
    v.as_bool().ok_or_else(|| type_error(func, "boolean", v))
}

fn int_arg(func: &str, args: &[Value], i: usize) -> Result<i64, EndpointError> {
    match arg(args, i) {
        Value::Int(n) => Ok(*n),
        v => Err(type_error(func, "integer", v)),
    }
}

fn call(call: &FnCall, scope: &Scope<'_>, ctx: &Ctx<'_>) -> Result<Value, EndpointError> {
    let args = call
        .args
        .iter()
        .map(|a| eval(a, scope, ctx))
        .collect::<Result<Vec<_>, _>>()?;
    let opt_string = |s: Option<String>| s.map_or(Value::None, Value::String);
    Ok(match &call.func {
        Function::IsSet => Value::Bool(!arg(&args, 0).is_none()),
        Function::Not => Value::Bool(!bool_arg("not", &args, 0)?),
        Function::BooleanEquals => Value::Bool(
            bool_arg("booleanEquals", &args, 0)? == bool_arg("booleanEquals", &args, 1)?,
        ),
        Function::StringEquals => {
            Value::Bool(str_arg("stringEquals", &args, 0)? == str_arg("stringEquals", &args, 1)?)
        }
        Function::GetAttr(path) => get_attr(arg(&args, 0), path)?.clone(),
        Function::Substring => opt_string(
            functions::substring(
                str_arg("substring", &args, 0)?,
                int_arg("substring", &args, 1)?,
                int_arg("substring", &args, 2)?,
                bool_arg("substring", &args, 3)?,
            )
            .map(str::to_owned),
        ),
        Function::UriEncode => {
            Value::String(functions::uri_encode(str_arg("uriEncode", &args, 0)?))
        }
        Function::ParseUrl => functions::parse_url(str_arg("parseURL", &args, 0)?)
            .map_or(Value::None, |u| u.to_value()),
        Function::IsValidHostLabel => Value::Bool(functions::is_valid_host_label(
            str_arg("isValidHostLabel", &args, 0)?,
            bool_arg("isValidHostLabel", &args, 1)?,
        )),
        Function::Coalesce => args.into_iter().find(|v| !v.is_none()).unwrap_or_default(),
        Function::Ite => {
            let pick = if bool_arg("ite", &args, 0)? { 1 } else { 2 };
            args.into_iter().nth(pick).unwrap_or_default()
        }
        Function::Split => Value::Array(
            functions::split(
                str_arg("split", &args, 0)?,
                str_arg("split", &args, 1)?,
                int_arg("split", &args, 2)?,
            )
            .into_iter()
            .map(Value::String)
            .collect(),
        ),
        Function::AwsPartition => ctx
            .partitions
            .resolve(str_arg("aws.partition", &args, 0)?)
            .map_or(Value::None, |p| p.to_value()),
        Function::AwsParseArn => functions::parse_arn(str_arg("aws.parseArn", &args, 0)?)
            .map_or(Value::None, |a| a.to_value()),
        Function::AwsIsVirtualHostableS3Bucket => {
            Value::Bool(functions::is_virtual_hostable_s3_bucket(
                str_arg("aws.isVirtualHostableS3Bucket", &args, 0)?,
                bool_arg("aws.isVirtualHostableS3Bucket", &args, 1)?,
            ))
        }
    })
}
