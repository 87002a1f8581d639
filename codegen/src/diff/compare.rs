//! The comparison of two resolved services: every operation and every
//! shape either reaches is compared, member by member, in the terms of the
//! IR the generator writes the Rust API from.

use std::collections::{BTreeMap, BTreeSet};

use super::constraints::constraints;
use super::facts::{self, Facts, Node};
use super::subject::{Collector, Subject};
use super::{Change, ChangeKind, Report, Scope, Severity};
use crate::ir::{Operation, Service, Type, TypeKind, Usage};
use crate::model::ShapeId;

/// Compares the service `old` with `new`, each resolved with the operations
/// to compare. The report's files and operations are left empty, for the
/// caller that knows them ([`super::diff`] fills them in).
pub fn compare(old: &Service, new: &Service) -> Report {
    let (old, new) = (Side::new(old), Side::new(new));
    let names: BTreeSet<&str> = old.ops.keys().chain(new.ops.keys()).copied().collect();
    let mut out = Collector::default();
    let diff = Diff {
        old: &old,
        new: &new,
    };
    diff.service(&names, &mut out);
    for name in &names {
        if let (Some(o), Some(n)) = (old.ops.get(name), new.ops.get(name)) {
            diff.operation(name, o, n, &mut out);
        }
    }
    let ids: BTreeSet<&ShapeId> = old
        .shapes
        .keys()
        .chain(new.shapes.keys())
        .copied()
        .collect();
    for id in ids {
        if id.namespace() != "smithy.api" {
            diff.shape(id, &mut out);
        }
    }
    out.changes.sort_by(order);
    out.docs.sort_by(order);
    out.changes.dedup();
    out.docs.dedup();
    Report {
        old: Default::default(),
        new: Default::default(),
        service: new.ir.id.to_string(),
        operations: Vec::new(),
        changes: out.changes,
        documentation: out.docs,
        list_docs: false,
    }
}

/// Service first, then operations, then shapes; each by name, the subject's
/// own changes before its members'.
pub(super) fn order(a: &Change, b: &Change) -> std::cmp::Ordering {
    let key = |c: &Change| {
        (
            c.scope,
            c.subject.clone(),
            c.kind == ChangeKind::Documentation,
            c.member.is_some(),
            c.member.clone(),
            c.kind,
            c.detail.clone(),
        )
    };
    key(a).cmp(&key(b))
}

/// One service, indexed for the comparison.
pub(super) struct Side<'a> {
    pub(super) ir: &'a Service,
    /// Its operations, by model name.
    ops: BTreeMap<&'a str, &'a Operation>,
    /// Every shape its operations reach.
    shapes: BTreeMap<&'a ShapeId, Node<'a>>,
    /// The operations that reach each shape.
    reached_by: BTreeMap<ShapeId, BTreeSet<String>>,
}

impl<'a> Side<'a> {
    fn new(ir: &'a Service) -> Side<'a> {
        let mut shapes = BTreeMap::new();
        for s in ir.structures.values().chain(ir.errors.values()) {
            shapes.insert(&s.id, Node::Structure(s));
        }
        for e in ir.enums.values() {
            shapes.insert(&e.id, Node::Enum(e));
        }
        for i in ir.inline_shapes.values() {
            shapes.insert(&i.id, Node::Inline(i));
        }
        let mut side = Side {
            ir,
            ops: ir
                .operations
                .values()
                .map(|o| (o.name.as_str(), o))
                .collect(),
            shapes,
            reached_by: BTreeMap::new(),
        };
        for op in ir.operations.values() {
            for id in side.reach(op) {
                side.reached_by
                    .entry(id)
                    .or_default()
                    .insert(op.name.clone());
            }
        }
        side
    }

    /// The shapes `op` reaches, following the IR's types from its input,
    /// output and errors.
    fn reach(&self, op: &Operation) -> BTreeSet<ShapeId> {
        let mut found = BTreeSet::new();
        let mut structures: Vec<&str> = op
            .input
            .iter()
            .chain(&op.output)
            .chain(&op.errors)
            .map(String::as_str)
            .collect();
        let mut types: Vec<&Type> = Vec::new();
        while let Some(name) = structures.pop() {
            let Some(s) = self.structure(name) else {
                continue;
            };
            if !found.insert(s.id.clone()) {
                continue;
            }
            types.extend(s.members.iter().map(|f| &f.ty));
            while let Some(ty) = types.pop() {
                match &ty.kind {
                    TypeKind::Unit => {}
                    TypeKind::Structure(name) => structures.push(name),
                    _ => {
                        found.insert(ty.target.clone());
                        types.extend(facts::elements(ty));
                    }
                }
            }
        }
        found
    }

    pub(super) fn structure(&self, name: &str) -> Option<&'a crate::ir::Structure> {
        self.ir
            .structures
            .get(name)
            .or_else(|| self.ir.errors.get(name))
    }

    fn usage(&self, id: &ShapeId) -> Usage {
        match self.shapes.get(id) {
            Some(Node::Structure(s)) => s.usage,
            Some(Node::Enum(e)) => e.usage,
            Some(Node::Inline(i)) => i.usage,
            None => Usage::default(),
        }
    }
}

pub(super) struct Diff<'s, 'a> {
    pub(super) old: &'s Side<'a>,
    pub(super) new: &'s Side<'a>,
}

impl Diff<'_, '_> {
    fn service(&self, names: &BTreeSet<&str>, out: &mut Collector) {
        let subject = Subject {
            scope: Scope::Service,
            name: self.new.ir.id.name().to_owned(),
            ty: "service".to_owned(),
            operations: Vec::new(),
        };
        for name in names {
            match (self.old.ops.get(name), self.new.ops.get(name)) {
                (None, Some(op)) => out.push(subject.change(
                    Some(name),
                    ChangeKind::OperationAdded,
                    Severity::Compatible,
                    format!("client method {}", op.fn_name),
                    format!(
                        "a new client method `{}`; existing calls are unaffected",
                        op.fn_name
                    ),
                )),
                (Some(op), None) => out.push(subject.change(
                    Some(name),
                    ChangeKind::OperationRemoved,
                    Severity::Breaking,
                    format!("client method {}", op.fn_name),
                    format!(
                        "the client method `{}` (and its error enum) is no longer generated: code that calls it no longer compiles",
                        op.fn_name
                    ),
                )),
                _ => {}
            }
        }
        let (old, new) = (self.old.ir, self.new.ir);
        let present = |yes: bool| yes.then_some(());
        let endpoint = [
            (
                "endpoint rule set",
                old.endpoint_rule_set != new.endpoint_rule_set,
                present(old.endpoint_rule_set.is_some()),
                present(new.endpoint_rule_set.is_some()),
            ),
            (
                "client context parameters of the endpoint rules",
                old.client_context_params != new.client_context_params,
                present(!old.client_context_params.is_empty()),
                present(!new.client_context_params.is_empty()),
            ),
            (
                "SigV4 signing name",
                old.signing_name != new.signing_name,
                Some(()),
                Some(()),
            ),
            (
                "aws.api#service (sdkId, endpoint prefix)",
                (&old.sdk_id, &old.endpoint_prefix) != (&new.sdk_id, &new.endpoint_prefix),
                Some(()),
                Some(()),
            ),
        ];
        for (what, changed, before, after) in endpoint {
            if !changed {
                continue;
            }
            let detail = match (before, after) {
                (None, _) => format!("{what} added"),
                (_, None) => format!("{what} removed"),
                _ => format!("{what} changed"),
            };
            out.push(subject.wire(
                None,
                ChangeKind::TraitChanged,
                detail,
                "where and how requests are sent (endpoints, signing) changes; the Rust API is unchanged: regenerate",
            ));
        }
        if old.docs != new.docs {
            out.push(subject.change(
                None,
                ChangeKind::Documentation,
                Severity::Compatible,
                "documentation changed",
                "only rustdoc changes",
            ));
        }
    }

    fn operation(&self, name: &str, old: &Operation, new: &Operation, out: &mut Collector) {
        let subject = Subject {
            scope: Scope::Operation,
            name: name.to_owned(),
            ty: "operation".to_owned(),
            operations: vec![name.to_owned()],
        };
        let method = &new.fn_name;
        let io = |ty: &Option<String>| ty.clone().unwrap_or_else(|| "()".to_owned());
        for (kind, what, before, after) in [
            (
                ChangeKind::OperationInputChanged,
                "input",
                io(&old.input),
                io(&new.input),
            ),
            (
                ChangeKind::OperationOutputChanged,
                "output",
                io(&old.output),
                io(&new.output),
            ),
        ] {
            if before != after {
                out.push(subject.change(
                    None,
                    kind,
                    Severity::Breaking,
                    format!("{what} {before} -> {after}"),
                    format!(
                        "`{method}` now {} `{after}` instead of `{before}`: callers no longer compile",
                        if what == "input" { "takes" } else { "returns" }
                    ),
                ));
            }
        }

        let error_enum = &new.error_name;
        let (old_errors, new_errors): (BTreeSet<&String>, BTreeSet<&String>) =
            (old.errors.iter().collect(), new.errors.iter().collect());
        for error in new_errors.difference(&old_errors) {
            out.push(subject.change(
                Some(error),
                ChangeKind::ErrorAdded,
                Severity::Compatible,
                format!("variant of {error_enum}"),
                format!(
                    "`{error_enum}` gets a variant `{error}` (the error arrived as `Unhandled` before); a `match` without a wildcard arm must add it"
                ),
            ));
        }
        for error in old_errors.difference(&new_errors) {
            out.push(subject.change(
                Some(error),
                ChangeKind::ErrorRemoved,
                Severity::Breaking,
                format!("variant of {error_enum}"),
                format!(
                    "the variant `{error_enum}::{error}` disappears: code that matches it no longer compiles (the error now arrives as `Unhandled`)"
                ),
            ));
        }

        for (kind, what, before, after) in [
            (
                ChangeKind::HttpMethodChanged,
                "method",
                old.http.method.clone(),
                new.http.method.clone(),
            ),
            (
                ChangeKind::HttpUriChanged,
                "URI",
                old.http.uri.clone(),
                new.http.uri.clone(),
            ),
            (
                ChangeKind::HttpCodeChanged,
                "success code",
                old.http.code.to_string(),
                new.http.code.to_string(),
            ),
        ] {
            if before != after {
                let old_client = if kind == ChangeKind::HttpCodeChanged {
                    "expects the old status"
                } else {
                    "sends the old request"
                };
                out.push(subject.wire(
                    None,
                    kind,
                    format!("{before} -> {after}"),
                    format!(
                        "the HTTP {what} changes; `{method}` keeps its signature, but a client generated from the old model {old_client}: regenerate"
                    ),
                ));
            }
        }

        match (&old.paginated, &new.paginated) {
            (None, Some(p)) => out.push(subject.change(
                None,
                ChangeKind::PaginationChanged,
                Severity::Compatible,
                "now paginated",
                format!("a new client method `{}`", p.fn_name),
            )),
            (Some(p), None) => out.push(subject.change(
                None,
                ChangeKind::PaginationChanged,
                Severity::Breaking,
                "no longer paginated",
                format!(
                    "the client method `{}` disappears: code that calls it no longer compiles",
                    p.fn_name
                ),
            )),
            (Some(a), Some(b)) => {
                let (before, after) = (facts::paginated(a), facts::paginated(b));
                if before != after {
                    out.push(subject.wire(
                        None,
                        ChangeKind::PaginationChanged,
                        format!("paginated {before} -> {after}"),
                        format!(
                            "`{}` follows other members; its signature may change with the items' type",
                            b.fn_name
                        ),
                    ));
                }
            }
            (None, None) => {}
        }
        subject.facts(None, &Facts::operation(old), &Facts::operation(new), out);
    }

    fn shape(&self, id: &ShapeId, out: &mut Collector) {
        let old = self.old.shapes.get(id).copied();
        let new = self.new.shapes.get(id).copied();
        let Some(any) = new.or(old) else {
            return;
        };
        let mut operations: BTreeSet<String> = BTreeSet::new();
        for side in [self.old, self.new] {
            operations.extend(side.reached_by.get(id).into_iter().flatten().cloned());
        }
        let subject = Subject {
            scope: Scope::Shape,
            name: id.name().to_owned(),
            ty: any.label().to_owned(),
            operations: operations.into_iter().collect(),
        };
        match (old, new) {
            (None, Some(new)) if new.is_named() => {
                let rust = new.rust();
                out.push(subject.change(
                    None,
                    ChangeKind::ShapeAdded,
                    Severity::Compatible,
                    format!(
                        "new {} {rust}{}",
                        subject.ty,
                        usage_note(self.new.usage(id))
                    ),
                    format!("a new Rust type `{rust}`; nothing existing changes"),
                ));
            }
            (Some(old), None) if old.is_named() => {
                let rust = old.rust();
                out.push(subject.change(
                    None,
                    ChangeKind::ShapeRemoved,
                    Severity::Breaking,
                    format!("{} {rust} no longer generated", subject.ty),
                    format!(
                        "the compared operations no longer reach it, so the Rust type `{rust}` is not generated: code that names it no longer compiles"
                    ),
                ));
            }
            (Some(old), Some(new)) => self.both(id, old, new, &subject, out),
            _ => {}
        }
    }

    /// A shape both services' operations reach.
    fn both(&self, id: &ShapeId, old: Node, new: Node, subject: &Subject, out: &mut Collector) {
        let usage = (self.old.usage(id), self.new.usage(id));
        let input = usage.0.input || usage.1.input;
        let (old_label, new_label) = (old.label(), new.label());
        let (before, after) = (old.rust(), new.rust());
        if old_label != new_label {
            let change = if before == after {
                subject.change(
                    None,
                    ChangeKind::TypeChanged,
                    Severity::Compatible,
                    format!("{old_label} -> {new_label}"),
                    format!("the Rust type stays `{after}`"),
                )
            } else {
                subject.change(
                    None,
                    ChangeKind::TypeChanged,
                    Severity::Breaking,
                    format!("{old_label} -> {new_label} (Rust {before} -> {after})"),
                    format!(
                        "the Rust type changes from `{before}` to `{after}`: code that builds or reads values of it no longer compiles"
                    ),
                )
            };
            out.push(change);
            let family = |label: &'static str| label.trim_start_matches("sparse ");
            if family(old_label) != family(new_label) {
                return;
            }
        }
        // The service's `rename` renames the Rust type.
        if old.is_named() && new.is_named() && before != after {
            out.push(subject.change(
                None,
                ChangeKind::TypeChanged,
                Severity::Breaking,
                format!("Rust type {before} -> {after} (service rename)"),
                format!(
                    "the Rust type is renamed from `{before}` to `{after}`: code that names it no longer compiles"
                ),
            ));
        }
        subject.facts(None, &old.facts(), &new.facts(), out);
        constraints(
            subject,
            None,
            (&old.constraints(), &new.constraints()),
            new.checked(),
            input,
            out,
        );
        match (old, new) {
            (Node::Enum(old), Node::Enum(new)) => enum_values(subject, old, new, out),
            (Node::Structure(old), Node::Structure(new)) => {
                self.structure(subject, (old, new), out);
            }
            (Node::Inline(old), Node::Inline(new)) => {
                let pairs = facts::elements(&old.ty)
                    .into_iter()
                    .zip(facts::elements(&new.ty))
                    .zip(old.members.iter().zip(&new.members));
                for ((old_ty, new_ty), (old_el, new_el)) in pairs {
                    let name = new_el.name.as_str();
                    self.member_target(subject, name, (old_ty, new_ty), input, out);
                    if old_ty.target == new_ty.target {
                        constraints(
                            subject,
                            Some(name),
                            (&old_el.declared.constraints, &new_el.declared.constraints),
                            new_ty.checked(),
                            input,
                            out,
                        );
                    }
                    subject.facts(
                        Some(name),
                        &Facts::element(old_el),
                        &Facts::element(new_el),
                        out,
                    );
                }
            }
            _ => {}
        }
    }

    /// A member's target: its Rust type, and the constraints in force (the
    /// member's own, else the target's) when the target changed.
    pub(super) fn member_target(
        &self,
        subject: &Subject,
        name: &str,
        (old, new): (&Type, &Type),
        input: bool,
        out: &mut Collector,
    ) {
        if old.target == new.target {
            return;
        }
        let (before, after) = (facts::rust(old), facts::rust(new));
        let detail = format!("{} -> {}", old.target.name(), new.target.name());
        let change = if before == after {
            subject.change(
                Some(name),
                ChangeKind::TargetChanged,
                Severity::Compatible,
                detail,
                format!("both are `{after}` in Rust"),
            )
        } else {
            subject.change(
                Some(name),
                ChangeKind::TargetChanged,
                Severity::Breaking,
                format!("{detail} (Rust {before} -> {after})"),
                format!(
                    "the Rust type changes from `{before}` to `{after}`: code that sets or reads it no longer compiles"
                ),
            )
        };
        out.push(change);
        constraints(
            subject,
            Some(name),
            (&old.constraints, &new.constraints),
            new.checked(),
            input,
            out,
        );
    }
}

fn enum_values(
    subject: &Subject,
    old: &crate::ir::Enum,
    new: &crate::ir::Enum,
    out: &mut Collector,
) {
    let rust = subject.name.as_str();
    fn find<'e>(e: &'e crate::ir::Enum, value: &str) -> Option<&'e crate::ir::Variant> {
        e.variants.iter().find(|v| v.value == value)
    }
    for value in &new.variants {
        let variant = &value.rust_name;
        match find(old, &value.value) {
            None => out.push(subject.change(
                Some(&value.value),
                ChangeKind::EnumValueAdded,
                Severity::Compatible,
                format!("variant {variant}"),
                format!(
                    "a new variant `{rust}::{variant}` (the value parsed as `Unknown` before); a `match` without a wildcard arm must add it"
                ),
            )),
            Some(before) => {
                let old_variant = &before.rust_name;
                if old_variant != variant {
                    out.push(subject.change(
                        Some(&value.value),
                        ChangeKind::EnumVariantRenamed,
                        Severity::Breaking,
                        format!("variant {old_variant} -> {variant}"),
                        format!(
                            "the value {:?} is now the variant `{variant}`: code that names `{rust}::{old_variant}` no longer compiles",
                            value.value
                        ),
                    ));
                }
                if before.docs != value.docs {
                    out.push(subject.change(
                        Some(&value.value),
                        ChangeKind::Documentation,
                        Severity::Compatible,
                        "documentation changed",
                        "only rustdoc changes",
                    ));
                }
            }
        }
    }
    for value in old
        .variants
        .iter()
        .filter(|v| find(new, &v.value).is_none())
    {
        let variant = &value.rust_name;
        out.push(subject.change(
            Some(&value.value),
            ChangeKind::EnumValueRemoved,
            Severity::Breaking,
            format!("variant {variant}"),
            format!(
                "the variant `{rust}::{variant}` disappears: code that names it no longer compiles (the value would now parse as `Unknown`)"
            ),
        ));
    }
}

fn usage_note(usage: Usage) -> &'static str {
    match (usage.input, usage.output) {
        (true, true) => " (in requests and responses)",
        (true, false) => " (in requests)",
        (false, true) => " (in responses)",
        (false, false) => "",
    }
}
