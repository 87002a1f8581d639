//! The `smithy.waiters#waitable` trait: a `wait_until_*` method per waiter,
//! its matchers checked against the operation and its `errorType`s
//! resolved to the codes the protocol sends.

use std::collections::BTreeMap;

use super::Resolver;
use crate::error::{Error, Location, Result};
use crate::ir::names::{self, Namespace};
use crate::ir::{Acceptor, Matcher, Operation, Service, Waiter};
use crate::model::trait_set::{self, WaiterTrait};
use crate::model::traits::WAITABLE;
use crate::model::{Shape, ShapeId};

/// Claims `wait_until_{waiter}` in the client's method namespace for each
/// waiter, after the operations and paginators have their names.
pub(super) fn claim_names(
    ops: &[&Shape],
    methods: &mut Namespace,
) -> BTreeMap<(ShapeId, String), String> {
    let mut names = BTreeMap::new();
    for op in ops {
        for waiter in &op.traits.waitable {
            let name = format!("wait_until_{}", names::field_name(&waiter.name));
            let claimed = methods.claim(names::field_name(&name));
            names.insert((op.id.clone(), waiter.name.clone()), claimed);
        }
    }
    names
}

impl Resolver<'_> {
    /// Resolves the waiters of each operation that has some.
    pub(super) fn waiters(
        &self,
        ops: &[&Shape],
        fn_names: &BTreeMap<(ShapeId, String), String>,
        out: &mut Service,
    ) -> Result<()> {
        for op in ops {
            if op.traits.waitable.is_empty() {
                continue;
            }
            let Some(operation) = out.operations.values().find(|o| o.id == op.id) else {
                continue;
            };
            let waiters = op
                .traits
                .waitable
                .iter()
                .map(|waiter| {
                    let fn_name = fn_names
                        .get(&(op.id.clone(), waiter.name.clone()))
                        .cloned()
                        .ok_or_else(|| self.waiter_error(op, waiter, "waiter was not named"))?;
                    self.waiter(op, operation, out, waiter, fn_name)
                })
                .collect::<Result<Vec<_>>>()?;
            if let Some(operation) = out.operations.values_mut().find(|o| o.id == op.id) {
                operation.waiters = waiters;
            }
        }
        Ok(())
    }

    fn waiter_error(&self, op: &Shape, waiter: &WaiterTrait, message: &str) -> Error {
        Error::Invalid {
            location: Location {
                file: self.model.file.clone(),
                shape: Some(op.id.to_string()),
                json_path: Some(format!(
                    "shapes[{:?}].traits[{WAITABLE:?}][{:?}]",
                    op.id.as_str(),
                    waiter.name
                )),
            },
            message: format!(
                "operation {}: waiter {}: {message}",
                op.id.name(),
                waiter.name
            ),
        }
    }

    fn waiter(
        &self,
        op: &Shape,
        operation: &Operation,
        service: &Service,
        waiter: &WaiterTrait,
        fn_name: String,
    ) -> Result<Waiter> {
        let acceptors = waiter
            .acceptors
            .iter()
            .enumerate()
            .map(|(i, acceptor)| {
                let fail = |problem: &str| {
                    self.waiter_error(op, waiter, &format!("acceptor {i}: {problem}"))
                };
                let matcher = match &acceptor.matcher {
                    trait_set::Matcher::Output(path) => {
                        if operation.output.is_none() {
                            return Err(fail("an `output` matcher needs an operation output"));
                        }
                        Matcher::Output(path.clone())
                    }
                    trait_set::Matcher::InputOutput(path) => {
                        if operation.input.is_none() || operation.output.is_none() {
                            return Err(fail(
                                "an `inputOutput` matcher needs an operation input and output",
                            ));
                        }
                        Matcher::InputOutput(path.clone())
                    }
                    trait_set::Matcher::Success(success) => Matcher::Success(*success),
                    trait_set::Matcher::ErrorType(error) => {
                        Matcher::ErrorType(error_codes(op, operation, service, error))
                    }
                };
                Ok(Acceptor {
                    state: acceptor.state,
                    matcher,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Waiter {
            name: waiter.name.clone(),
            fn_name,
            docs: waiter.documentation.clone(),
            min_delay: waiter.min_delay,
            max_delay: waiter.max_delay,
            deprecated: waiter.deprecated,
            acceptors,
        })
    }
}

/// The codes an `errorType` matches: the shape name it gives (an absolute
/// id matches its shape exactly, a name any shape of that name), and, for
/// the operation's error it names, the code the protocol sends and its
/// alias. AWS models also name codes that are no shape of theirs (RDS's
/// `DBInstanceNotFound`, the `@awsQueryError` code of
/// `DBInstanceNotFoundFault`); those match as written.
fn error_codes(op: &Shape, operation: &Operation, service: &Service, error: &str) -> Vec<String> {
    let (namespace, name) = match error.split_once('#') {
        Some((namespace, name)) => (Some(namespace), name),
        None => (None, error),
    };
    let mut codes = vec![name.to_owned()];
    let named = op.errors.iter().find(|id| {
        id.name() == name && namespace.is_none_or(|namespace| id.namespace() == namespace)
    });
    let info = named.and_then(|id| {
        operation
            .errors
            .iter()
            .filter_map(|rust_name| service.errors.get(rust_name))
            .find(|s| s.id == *id)
            .and_then(|s| s.error.as_ref())
    });
    if let Some(info) = info {
        for code in std::iter::once(&info.code).chain(&info.alias) {
            if !codes.contains(code) {
                codes.push(code.clone());
            }
        }
    }
    codes
}
