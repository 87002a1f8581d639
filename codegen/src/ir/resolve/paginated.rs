//! The `smithy.api#paginated` trait: merged with the service's defaults,
//! checked, and its member paths resolved to Rust fields.

use std::collections::BTreeMap;

use super::Resolver;
use crate::error::{Error, Location, Result};
use crate::ir::names::{self, Namespace};
use crate::ir::{FieldStep, PageItems, Paginated, Service, Type, TypeKind};
use crate::model::trait_set::PaginatedTrait;
use crate::model::traits::PAGINATED;
use crate::model::{Shape, ShapeId};

/// Claims `{fn_name}_paginator` in the client's method namespace for each
/// paginated operation, after every operation method has its name, so an
/// operation keeps its natural name and a paginator that collides gets `_`.
pub(super) fn claim_names(
    ops: &[&Shape],
    fn_names: &BTreeMap<ShapeId, (String, String)>,
    methods: &mut Namespace,
) -> BTreeMap<ShapeId, String> {
    ops.iter()
        .filter(|op| op.traits.paginated.is_some())
        .filter_map(|op| {
            let (fn_name, _) = fn_names.get(&op.id)?;
            let name = format!("{}_paginator", fn_name.trim_start_matches("r#"));
            Some((op.id.clone(), methods.claim(names::field_name(&name))))
        })
        .collect()
}

impl Resolver<'_> {
    /// Resolves the `paginated` trait of each operation that has one.
    pub(super) fn paginate(
        &self,
        service: &Shape,
        ops: &[&Shape],
        paginator_names: &BTreeMap<ShapeId, String>,
        out: &mut Service,
    ) -> Result<()> {
        let defaults = service.traits.paginated.as_ref();
        for op in ops {
            let Some(own) = &op.traits.paginated else {
                continue;
            };
            let Some(fn_name) = paginator_names.get(&op.id) else {
                continue;
            };
            let paginated = Pagination {
                resolver: self,
                op,
                service: out,
            }
            .resolve(own, defaults, fn_name)?;
            if let Some(operation) = out.operations.values_mut().find(|o| o.id == op.id) {
                operation.paginated = paginated;
            }
        }
        Ok(())
    }
}

/// Whether values of `a` and `b` have the same Rust type, so that one
/// page's output token can be the next input's: any two strings, numbers
/// or timestamps of the same kind, lists and maps of such, or the same
/// generated type.
fn same_rust_type(a: &Type, b: &Type) -> bool {
    use TypeKind as K;
    match (&a.kind, &b.kind) {
        (
            K::List {
                member: a,
                sparse: sparse_a,
            },
            K::List {
                member: b,
                sparse: sparse_b,
            },
        ) => sparse_a == sparse_b && same_rust_type(a, b),
        (
            K::Map {
                key: key_a,
                value: value_a,
                sparse: sparse_a,
            },
            K::Map {
                key: key_b,
                value: value_b,
                sparse: sparse_b,
            },
        ) => {
            sparse_a == sparse_b && same_rust_type(key_a, key_b) && same_rust_type(value_a, value_b)
        }
        (K::Structure(a), K::Structure(b))
        | (K::Enum(a), K::Enum(b))
        | (K::IntEnum(a), K::IntEnum(b)) => a == b,
        (K::Timestamp(_), K::Timestamp(_)) => true,
        (a, b) => std::mem::discriminant(a) == std::mem::discriminant(b),
    }
}

/// One operation's trait being resolved.
struct Pagination<'r, 'a> {
    resolver: &'r Resolver<'a>,
    op: &'r Shape,
    service: &'r Service,
}

impl Pagination<'_, '_> {
    fn error(&self, message: impl Into<String>) -> Error {
        Error::Invalid {
            location: Location {
                file: self.resolver.model.file.clone(),
                shape: Some(self.op.id.to_string()),
                json_path: Some(format!(
                    "shapes[{:?}].traits[{PAGINATED:?}]",
                    self.op.id.as_str()
                )),
            },
            message: format!("operation {}: {}", self.op.id.name(), message.into()),
        }
    }

    /// The operation's paginator. Tokens are usually strings, but may be of
    /// any type (DynamoDB's `Query` and `Scan` continue from a key, a map),
    /// of the same Rust type in the input and the output. `None` (the operation is
    /// generated without a paginator) for the one shape the paginator
    /// cannot carry: an input token the generator boxes (a structure that
    /// contains the input itself).
    fn resolve(
        &self,
        own: &PaginatedTrait,
        defaults: Option<&PaginatedTrait>,
        fn_name: &str,
    ) -> Result<Option<Paginated>> {
        // The operation's values win over the service's.
        let value = |get: fn(&PaginatedTrait) -> &Option<String>| {
            get(own)
                .clone()
                .or_else(|| defaults.and_then(|d| get(d).clone()))
        };
        let required = |key: &str, get: fn(&PaginatedTrait) -> &Option<String>| {
            value(get).ok_or_else(|| {
                self.error(format!(
                    "the paginated trait has no `{key}` (on the operation or the service)"
                ))
            })
        };
        let input_token = required("inputToken", |p| &p.input_token)?;
        let output_token = required("outputToken", |p| &p.output_token)?;
        let page_size = value(|p| &p.page_size);
        let items = value(|p| &p.items);

        let input = self.operation_structure("input")?;
        let output = self.operation_structure("output")?;

        let (input_step, token) = self.top_level(input, "inputToken", &input_token)?;
        self.expect_token("inputToken", &input_token, &token)?;
        if !input_step.optional {
            return Err(self.error(format!(
                "paginated `inputToken` member {input_token} must not be required"
            )));
        }
        if input_step.boxed {
            return Ok(None);
        }

        let (output_steps, output_ty) = self.path(output, "outputToken", &output_token)?;
        self.expect_token("outputToken", &output_token, &output_ty)?;
        if !same_rust_type(&token, &output_ty) {
            return Err(self.error(format!(
                "paginated `inputToken` {input_token:?} targets {} but `outputToken` \
                 {output_token:?} targets {}: the next input's token is the last output's, \
                 so they must be the same shape (or shapes of the same type)",
                token.target, output_ty.target
            )));
        }

        let page_size = match page_size {
            Some(name) => {
                let (step, ty) = self.top_level(input, "pageSize", &name)?;
                if !matches!(
                    ty.kind,
                    TypeKind::Byte | TypeKind::Short | TypeKind::Integer | TypeKind::Long
                ) {
                    return Err(self.error(format!(
                        "paginated `pageSize` member {name} must target an integer, not {}",
                        ty.target
                    )));
                }
                Some(step)
            }
            None => None,
        };

        let items = match items {
            Some(path) => {
                let (steps, ty) = self.path(output, "items", &path)?;
                if !matches!(ty.kind, TypeKind::List { .. } | TypeKind::Map { .. }) {
                    return Err(self.error(format!(
                        "paginated `items` {path} must target a list or a map, not {}",
                        ty.target
                    )));
                }
                Some(PageItems { path: steps, ty })
            }
            None => None,
        };

        Ok(Some(Paginated {
            fn_name: fn_name.to_owned(),
            input_token: input_step,
            output_token: output_steps,
            token,
            page_size,
            items,
        }))
    }

    /// The operation's input or output structure by Rust name.
    fn operation_structure(&self, which: &str) -> Result<&str> {
        let operation = self
            .service
            .operations
            .values()
            .find(|o| o.id == self.op.id)
            .ok_or_else(|| self.error("the operation was not resolved"))?;
        let name = if which == "input" {
            &operation.input
        } else {
            &operation.output
        };
        name.as_deref()
            .ok_or_else(|| self.error(format!("a paginated operation must have an {which}")))
    }

    /// A member of `structure` named by a trait property.
    fn member(
        &self,
        structure: &str,
        key: &str,
        name: &str,
        path: &str,
    ) -> Result<(FieldStep, Type)> {
        let shape = self
            .service
            .structures
            .get(structure)
            .ok_or_else(|| self.error(format!("{structure} is not a structure")))?;
        let field = shape
            .members
            .iter()
            .find(|f| f.wire_name == name)
            .ok_or_else(|| {
                self.error(format!(
                    "paginated `{key}` {path:?}: {} has no member {name:?}",
                    shape.id
                ))
            })?;
        Ok((
            FieldStep {
                wire_name: field.wire_name.clone(),
                rust_name: field.rust_name.clone(),
                optional: field.optional,
                boxed: field.boxed,
            },
            field.ty.clone(),
        ))
    }

    /// A top-level member (`inputToken` and `pageSize` are not paths).
    fn top_level(&self, structure: &str, key: &str, name: &str) -> Result<(FieldStep, Type)> {
        self.member(structure, key, name, name)
    }

    /// A path of members separated by `.`, each but the last a structure.
    fn path(&self, structure: &str, key: &str, path: &str) -> Result<(Vec<FieldStep>, Type)> {
        let mut steps = Vec::new();
        let mut current = structure.to_owned();
        let mut segments = path.split('.').peekable();
        while let Some(segment) = segments.next() {
            let (step, ty) = self.member(&current, key, segment, path)?;
            steps.push(step);
            if segments.peek().is_none() {
                return Ok((steps, ty));
            }
            match ty.kind {
                TypeKind::Structure(name) => current = name,
                _ => {
                    return Err(self.error(format!(
                        "paginated `{key}` {path:?}: member {segment:?} is not a structure"
                    )));
                }
            }
        }
        Err(self.error(format!("paginated `{key}` is empty")))
    }

    /// A token may be of any type but `Unit`, which only union members
    /// target.
    fn expect_token(&self, key: &str, path: &str, ty: &Type) -> Result<()> {
        if matches!(ty.kind, TypeKind::Unit) {
            Err(self.error(format!(
                "paginated `{key}` {path:?} must target a value, not {}",
                ty.target
            )))
        } else {
            Ok(())
        }
    }
}
