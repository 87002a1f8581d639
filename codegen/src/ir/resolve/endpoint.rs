//! What each operation adds to endpoint resolution: its
//! `@endpoint(hostPrefix)` with the `@hostLabel` members it names, and the
//! rule-set parameters its model binds (`staticContextParams`,
//! `@contextParam` members, `operationContextParams` paths), checked
//! against the types the rule set declares.

use std::collections::BTreeMap;

use super::Resolver;
use crate::error::Result;
use crate::ir::{
    Field, FieldStep, HostPart, MemberParam, OperationEndpoint, ParamValueKind, PathParam,
    PathStep, RuleParamType, Service, StaticValue, Structure, Type, TypeKind,
};
use crate::model::traits::HostPrefixPart;
use crate::model::{Shape, ShapeId};

impl Resolver<'_> {
    /// Fills in `endpoint` of every operation of `out`, and the service's
    /// client context parameters.
    pub(super) fn endpoints(
        &self,
        service: &Shape,
        ops: &[&Shape],
        out: &mut Service,
    ) -> Result<()> {
        let declared = service
            .traits
            .endpoint_rule_set
            .as_ref()
            .map(|rules| rules.parameters.clone())
            .unwrap_or_default();
        out.client_context_params = service
            .traits
            .client_context_params
            .iter()
            .filter(|p| declared.contains_key(&p.name))
            .cloned()
            .collect();
        for op in ops {
            let Some(fn_name) = out
                .operations
                .values()
                .find(|o| o.id == op.id)
                .map(|o| o.fn_name.clone())
            else {
                continue;
            };
            let input = out
                .operations
                .get(&fn_name)
                .and_then(|o| o.input.as_ref())
                .and_then(|name| out.structures.get(name));
            let endpoint = Binder {
                resolver: self,
                op,
                input,
                input_shape: op.input.as_ref().and_then(|id| self.model.shape(id)),
                service: out,
                declared: &declared,
            }
            .bind()?;
            if let Some(operation) = out.operations.get_mut(&fn_name) {
                operation.endpoint = endpoint;
            }
        }
        Ok(())
    }
}

struct Binder<'r, 'a> {
    resolver: &'r Resolver<'a>,
    op: &'r Shape,
    input: Option<&'r Structure>,
    input_shape: Option<&'a Shape>,
    service: &'r Service,
    declared: &'r BTreeMap<String, RuleParamType>,
}

impl Binder<'_, '_> {
    fn error(&self, id: &ShapeId, message: String) -> crate::error::Error {
        self.resolver
            .error(id, format!("operation {}: {message}", self.op.id.name()))
    }

    fn bind(&self) -> Result<OperationEndpoint> {
        let mut endpoint = OperationEndpoint {
            host_prefix: self.host_prefix()?,
            ..OperationEndpoint::default()
        };
        for (param, value) in &self.op.traits.static_context_params {
            let Some(ty) = self.declared.get(param) else {
                continue;
            };
            let fits = matches!(
                (ty, value),
                (RuleParamType::String, StaticValue::String(_))
                    | (RuleParamType::Boolean, StaticValue::Bool(_))
                    | (RuleParamType::StringArray, StaticValue::Strings(_))
            );
            if !fits {
                return Err(self.error(
                    &self.op.id,
                    format!(
                        "staticContextParams `{param}` does not have the rule set's type {ty:?}"
                    ),
                ));
            }
            endpoint.static_params.push((param.clone(), value.clone()));
        }
        if let (Some(input), Some(shape)) = (self.input, self.input_shape) {
            for member in &shape.members {
                let Some(param) = &member.traits.context_param else {
                    continue;
                };
                let Some(ty) = self.declared.get(param) else {
                    continue;
                };
                let field = self.field(input, &member.name)?;
                let kind = match (&field.ty.kind, ty) {
                    (TypeKind::String, RuleParamType::String) => ParamValueKind::String,
                    (TypeKind::Enum(_), RuleParamType::String) => ParamValueKind::Enum,
                    (TypeKind::Bool, RuleParamType::Boolean) => ParamValueKind::Bool,
                    (TypeKind::List { member, .. }, RuleParamType::StringArray)
                        if matches!(member.kind, TypeKind::String | TypeKind::Enum(_)) =>
                    {
                        ParamValueKind::Strings
                    }
                    _ => {
                        return Err(self.error(
                            &input.id,
                            format!(
                                "member {} (@contextParam `{param}`) targets {}, which does not fit the rule set's type {ty:?}",
                                member.name, field.ty.target
                            ),
                        ));
                    }
                };
                endpoint.member_params.push(MemberParam {
                    param: param.clone(),
                    field: step(field),
                    required: field.required,
                    kind,
                });
            }
        }
        for (param, path) in &self.op.traits.operation_context_params {
            let Some(ty) = self.declared.get(param) else {
                continue;
            };
            let steps = self.path(param, path, *ty)?;
            endpoint.path_params.push(PathParam {
                param: param.clone(),
                text: path.text.clone(),
                steps,
                keys: path.keys,
            });
        }
        Ok(endpoint)
    }

    fn field<'s>(&self, input: &'s Structure, member: &str) -> Result<&'s Field> {
        input
            .members
            .iter()
            .find(|f| f.wire_name == member)
            .ok_or_else(|| self.error(&input.id, format!("input has no member {member}")))
    }

    fn host_prefix(&self) -> Result<Vec<HostPart>> {
        let Some(parts) = &self.op.traits.host_prefix else {
            return Ok(Vec::new());
        };
        parts
            .iter()
            .map(|part| match part {
                HostPrefixPart::Literal(text) => Ok(HostPart::Literal(text.clone())),
                HostPrefixPart::Label(name) => {
                    let labelled = self.input_shape.and_then(|shape| {
                        shape
                            .members
                            .iter()
                            .find(|m| &m.name == name && m.traits.host_label)
                    });
                    let (Some(input), Some(_)) = (self.input, labelled) else {
                        return Err(self.error(
                            &self.op.id,
                            format!(
                                "the hostPrefix label {{{name}}} is not a @hostLabel member of the input"
                            ),
                        ));
                    };
                    let field = self.field(input, name)?;
                    if !matches!(field.ty.kind, TypeKind::String) {
                        return Err(self.error(
                            &input.id,
                            format!("@hostLabel member {name} must target a string"),
                        ));
                    }
                    Ok(HostPart::Label(step(field)))
                }
            })
            .collect()
    }

    /// Resolves a path's members to model names (the serde keys), checking each step against
    /// the type it applies to and the result against the parameter's type.
    fn path(
        &self,
        param: &str,
        path: &crate::model::traits::ContextPath,
        ty: RuleParamType,
    ) -> Result<Vec<PathStep>> {
        let bad = |why: String| {
            self.error(
                &self.op.id,
                format!(
                    "operationContextParams `{param}` path {:?}: {why}",
                    path.text
                ),
            )
        };
        let Some(input) = self.input else {
            return Err(bad("the operation has no input".to_owned()));
        };
        let mut current: Option<Type> = None;
        let mut projected = false;
        let mut steps = Vec::new();
        for step in &path.steps {
            match step {
                PathStep::Field(name) => {
                    let structure = match &current {
                        None => input,
                        Some(Type {
                            kind: TypeKind::Structure(s),
                            ..
                        }) => self
                            .service
                            .structures
                            .get(s)
                            .ok_or_else(|| bad(format!("{s} is not resolved")))?,
                        Some(other) => {
                            return Err(bad(format!(
                                "{name} is asked of {}, not a structure",
                                other.target
                            )));
                        }
                    };
                    let field = structure
                        .members
                        .iter()
                        .find(|f| &f.wire_name == name)
                        .ok_or_else(|| bad(format!("{} has no member {name}", structure.id)))?;
                    steps.push(PathStep::Field(field.wire_name.clone()));
                    current = Some(field.ty.clone());
                }
                PathStep::Project | PathStep::Flatten => {
                    let Some(Type {
                        kind: TypeKind::List { member, .. },
                        ..
                    }) = &current
                    else {
                        return Err(bad("`[*]` and `[]` apply to lists only".to_owned()));
                    };
                    let mut element = (**member).clone();
                    if *step == PathStep::Flatten {
                        if let TypeKind::List { member, .. } = &element.kind {
                            element = (**member).clone();
                        }
                    }
                    steps.push(step.clone());
                    current = Some(element);
                    projected = true;
                }
            }
        }
        let Some(result) = current else {
            return Err(bad("the path is empty".to_owned()));
        };
        let stringy = |t: &Type| matches!(t.kind, TypeKind::String | TypeKind::Enum(_));
        let fits = if path.keys {
            !projected
                && matches!(result.kind, TypeKind::Map { .. })
                && ty == RuleParamType::StringArray
        } else if projected {
            stringy(&result) && ty == RuleParamType::StringArray
        } else {
            match ty {
                RuleParamType::String => stringy(&result),
                RuleParamType::Boolean => matches!(result.kind, TypeKind::Bool),
                RuleParamType::StringArray => {
                    matches!(&result.kind, TypeKind::List { member, .. } if stringy(member))
                }
            }
        };
        if !fits {
            return Err(bad(format!(
                "selects {}, which does not fit the rule set's type {ty:?}",
                result.target
            )));
        }
        Ok(steps)
    }
}

fn step(field: &Field) -> FieldStep {
    FieldStep {
        wire_name: field.wire_name.clone(),
        rust_name: field.rust_name.clone(),
        optional: field.optional,
        boxed: field.boxed,
    }
}
