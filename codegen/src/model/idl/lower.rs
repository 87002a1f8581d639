//! One parsed IDL file as a JSON AST document, every relative shape id
//! resolved against the shapes of all the files being loaded: a `use`
//! import first, then the file's namespace, then the prelude.
//!
//! Unquoted strings in trait values and metadata are shape ids too (the
//! specification's "syntactic shape ids"): they resolve the same way, and
//! one that resolves to nothing is an error, as in Smithy.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::ast::{Apply, Body, File, Member, Name, Shape, Target, Trait};
use super::cursor::Pos;
use super::value::Value;
use crate::error::{Error, Result};
use crate::model::apply::merge_trait;
use crate::model::node::Node;

/// A member whose target was elided (`$name`): resolved once the files are
/// merged, from the bound resource or the mixins.
#[derive(Debug, Clone)]
pub struct Elided {
    pub file: PathBuf,
    pub pos: Pos,
    pub shape: String,
    pub member: String,
    pub resource: Option<String>,
    pub mixins: Vec<String>,
}

pub struct Lowered {
    pub doc: Node,
    pub elided: Vec<Elided>,
}

pub fn lower(file: &File, path: &Path, known: &HashSet<String>) -> Result<Lowered> {
    let lowerer = Lowerer { file, path, known };
    lowerer.run()
}

pub(super) struct Lowerer<'a> {
    pub(super) file: &'a File,
    path: &'a Path,
    known: &'a HashSet<String>,
}

impl Lowerer<'_> {
    pub(super) fn error(&self, pos: Pos, message: impl Into<String>) -> Error {
        Error::Syntax {
            file: self.path.to_owned(),
            line: pos.line,
            column: pos.column,
            message: message.into(),
        }
    }

    fn namespace(&self) -> &str {
        self.file.namespace.as_deref().unwrap_or("")
    }

    fn run(&self) -> Result<Lowered> {
        let mut doc = Node::object();
        // A Smithy 2 JSON AST, whatever the IDL version: 1.0's syntax is
        // read, but its model is not upgraded (no 1.0 `box` semantics).
        doc.insert("smithy", Node::String("2.0".to_owned()));
        if !self.file.metadata.is_empty() {
            let mut metadata = Vec::new();
            for (key, value) in &self.file.metadata {
                metadata.push((key.clone(), self.value(value, true)?));
            }
            doc.insert("metadata", Node::Object(metadata));
        }
        let mut shapes: Vec<(String, Node)> = Vec::new();
        let mut elided = Vec::new();
        for shape in &self.file.shapes {
            let id = format!("{}#{}", self.namespace(), shape.name);
            if let Some(used) = self
                .file
                .uses
                .iter()
                .find(|u| u.text.rsplit('#').next() == Some(shape.name.as_str()))
            {
                return Err(self.error(
                    shape.pos,
                    format!(
                        "shape name `{}` conflicts with the imported shape {}",
                        shape.name, used.text
                    ),
                ));
            }
            let node = self.shape(shape, &id, &mut elided)?;
            shapes.push((id, node));
        }
        for apply in &self.file.applies {
            self.apply(apply, &mut shapes)?;
        }
        doc.insert("shapes", Node::Object(shapes));
        Ok(Lowered { doc, elided })
    }

    /// A shape id used as a target: imports, the namespace, the prelude,
    /// else (a shape that does not exist, reported later) the namespace.
    fn target(&self, name: &Name) -> String {
        self.resolve(&name.text)
            .unwrap_or_else(|| format!("{}#{}", self.namespace(), name.text))
    }

    fn resolve(&self, text: &str) -> Option<String> {
        if text.contains('#') {
            return Some(text.to_owned());
        }
        let (root, member) = match text.split_once('$') {
            Some((root, member)) => (root, Some(member)),
            None => (text, None),
        };
        let with_member = |id: String| match member {
            Some(m) => format!("{id}${m}"),
            None => id,
        };
        if let Some(used) = self
            .file
            .uses
            .iter()
            .find(|u| u.text.rsplit('#').next() == Some(root))
        {
            return Some(with_member(used.text.clone()));
        }
        let local = format!("{}#{root}", self.namespace());
        if self.file.namespace.is_some() && self.known.contains(&local) {
            return Some(with_member(local));
        }
        let prelude = format!("smithy.api#{root}");
        if self.known.contains(&prelude) {
            return Some(with_member(prelude));
        }
        None
    }

    /// A node value; `metadata` values resolve against the prelude only.
    pub(super) fn value(&self, value: &Value, metadata: bool) -> Result<Node> {
        Ok(match value {
            Value::Null => Node::Null,
            Value::Bool(b) => Node::Bool(*b),
            Value::Number(n) => Node::Number(n.clone()),
            Value::String(s) => Node::String(s.clone()),
            Value::Id(text, pos) => {
                let resolved = if metadata {
                    let prelude = format!("smithy.api#{text}");
                    if text.contains('#') {
                        Some(text.clone())
                    } else {
                        self.known.contains(&prelude).then_some(prelude)
                    }
                } else {
                    self.resolve(text)
                };
                let Some(resolved) = resolved else {
                    return Err(self.error(
                        *pos,
                        format!(
                            "the unquoted string `{text}` is a shape id that names no shape \
                             (quote it if it is meant as a string)"
                        ),
                    ));
                };
                Node::String(resolved)
            }
            Value::Array(items) => Node::Array(
                items
                    .iter()
                    .map(|item| self.value(item, metadata))
                    .collect::<Result<_>>()?,
            ),
            Value::Object(entries) => Node::Object(
                entries
                    .iter()
                    .map(|(k, v)| Ok((k.clone(), self.value(v, metadata)?)))
                    .collect::<Result<_>>()?,
            ),
        })
    }

    /// Traits by absolute id. An annotation (`@name` alone) is `null` until
    /// the trait's definition says whether it is `{}` or `[]`.
    fn traits(&self, traits: &[Trait]) -> Result<Node> {
        let mut out = Node::object();
        for t in traits {
            let id = self.target(&t.name);
            if id == "smithy.api#mixin" && self.file.is_v1() {
                return Err(self.error(t.name.pos, self.v2_only("the @mixin trait")));
            }
            let value = match &t.value {
                None => Node::Null,
                Some(value) => self.value(value, false)?,
            };
            merge_trait(&mut out, &id, &value).map_err(|e| self.error(t.name.pos, e))?;
        }
        Ok(out)
    }

    pub(super) fn v2_only(&self, what: &str) -> String {
        format!(
            "{what} needs Smithy version 2 or later (this file is version {})",
            self.file.version
        )
    }

    fn shape(&self, shape: &Shape, id: &str, elided: &mut Vec<Elided>) -> Result<Node> {
        let v1 = self.file.is_v1();
        let kind = shape.kind.as_str();
        if v1 && matches!(kind, "enum" | "intEnum") {
            return Err(self.error(shape.pos, self.v2_only(&format!("{kind} shapes"))));
        }
        if !v1 && kind == "set" {
            return Err(self.error(
                shape.pos,
                "set shapes cannot be used in Smithy version 2 (use a list with @uniqueItems)",
            ));
        }
        let mut out = Node::object();
        out.insert("type", Node::String(shape.kind.clone()));
        if let Some(first) = shape.mixins.first() {
            if v1 {
                return Err(self.error(first.pos, self.v2_only("mixins")));
            }
            let mixins = shape.mixins.iter().map(|m| self.target_node(m)).collect();
            out.insert("mixins", Node::Array(mixins));
        }
        if let (Some(resource), true) = (&shape.resource, v1) {
            return Err(self.error(
                resource.pos,
                self.v2_only("binding a structure to a resource"),
            ));
        }
        match &shape.body {
            Body::None => {}
            Body::Members(members) => self.members(shape, id, members, &mut out, elided)?,
            Body::Entity(entries) => self.entity(shape, entries, &mut out)?,
            Body::Operation {
                input,
                output,
                errors,
            } => {
                for (key, name) in [("input", input), ("output", output)] {
                    if let Some(name) = name {
                        out.insert(key, self.target_node(name));
                    }
                }
                if let Some(errors) = errors {
                    let list = errors.iter().map(|e| self.target_node(e)).collect();
                    out.insert("errors", Node::Array(list));
                }
            }
        }
        let traits = self.traits(&shape.traits)?;
        if traits.get("smithy.api#mixin").is_some() {
            self.check_mixin(shape, &out)?;
        }
        if traits.as_object().is_some_and(|t| !t.is_empty()) {
            out.insert("traits", traits);
        }
        Ok(out)
    }

    /// Mixin operations give neither input nor output; mixin resources
    /// neither identifiers nor properties.
    fn check_mixin(&self, shape: &Shape, out: &Node) -> Result<()> {
        let unit = |key: &str| {
            out.get(key)
                .and_then(|t| t.get("target"))
                .and_then(Node::as_str)
                .is_none_or(|t| t == "smithy.api#Unit")
        };
        if shape.kind == "operation" && !(unit("input") && unit("output")) {
            return Err(self.error(
                shape.pos,
                format!(
                    "the mixin operation {} must have smithy.api#Unit as input and output",
                    shape.name
                ),
            ));
        }
        let has = |key: &str| {
            out.get(key)
                .and_then(Node::as_object)
                .is_some_and(|o| !o.is_empty())
        };
        if shape.kind == "resource" && (has("identifiers") || has("properties")) {
            return Err(self.error(
                shape.pos,
                format!(
                    "the mixin resource {} may define neither identifiers nor properties",
                    shape.name
                ),
            ));
        }
        Ok(())
    }

    pub(super) fn target_node(&self, name: &Name) -> Node {
        Node::Object(vec![("target".to_owned(), Node::String(self.target(name)))])
    }

    fn members(
        &self,
        shape: &Shape,
        id: &str,
        members: &[Member],
        out: &mut Node,
        elided: &mut Vec<Elided>,
    ) -> Result<()> {
        let kind = shape.kind.as_str();
        let is_enum = matches!(kind, "enum" | "intEnum");
        let mut lowered = Vec::new();
        for member in members {
            let mut node = Node::object();
            let traits = self.traits(&member.traits)?;
            match &member.target {
                Target::Explicit(name) => node.insert("target", Node::String(self.target(name))),
                Target::Elided if is_enum => {
                    node.insert("target", Node::String("smithy.api#Unit".to_owned()));
                }
                Target::Elided => {
                    if self.file.is_v1() {
                        return Err(self.error(member.pos, self.v2_only("eliding member targets")));
                    }
                    // Filled in once every file is merged.
                    node.insert("target", Node::String(String::new()));
                    elided.push(Elided {
                        file: self.path.to_owned(),
                        pos: member.pos,
                        shape: id.to_owned(),
                        member: member.name.clone(),
                        resource: shape.resource.as_ref().map(|r| self.target(r)),
                        mixins: shape.mixins.iter().map(|m| self.target(m)).collect(),
                    });
                }
            }
            if traits.as_object().is_some_and(|t| !t.is_empty()) {
                node.insert("traits", traits);
            }
            if is_enum {
                self.enum_value((kind, id, &shape.mixins), member, &mut node)?;
            } else if let Some((value, pos)) = &member.value {
                if self.file.is_v1() {
                    return Err(self.error(*pos, self.v2_only("`= value` defaults")));
                }
                let value = self.value(value, false)?;
                add_trait(&mut node, "smithy.api#default", value)
                    .map_err(|e| self.error(*pos, e))?;
            }
            lowered.push((member.name.clone(), node, member.pos));
        }
        match kind {
            "list" | "set" | "map" => {
                let required: &[&str] = if kind == "map" {
                    &["key", "value"]
                } else {
                    &["member"]
                };
                for (name, _, pos) in &lowered {
                    if !required.contains(&name.as_str()) {
                        return Err(self.error(
                            *pos,
                            format!(
                                "a {kind} has no member `{name}` (only {})",
                                required.join(" and ")
                            ),
                        ));
                    }
                }
                let missing: Vec<&str> = required
                    .iter()
                    .copied()
                    .filter(|r| !lowered.iter().any(|(n, _, _)| n == r))
                    .collect();
                if !missing.is_empty() && shape.mixins.is_empty() {
                    return Err(self.error(
                        shape.pos,
                        format!("{id} is missing its {}", missing.join(" and ")),
                    ));
                }
                for (name, node, _) in lowered {
                    out.insert(name, node);
                }
            }
            _ => {
                if is_enum && lowered.is_empty() && shape.mixins.is_empty() {
                    return Err(self.error(
                        shape.pos,
                        format!("{kind} {id} must have at least one member"),
                    ));
                }
                let entries = lowered.into_iter().map(|(n, m, _)| (n, m)).collect();
                out.insert("members", Node::Object(entries));
            }
        }
        Ok(())
    }

    /// An enum member's value: `= "x"` (or the member's name) for `enum`,
    /// `= 1` (an `int`) for `intEnum`, as the `enumValue` trait.
    fn enum_value(
        &self,
        (kind, id, shape_mixins): (&str, &str, &[Name]),
        member: &Member,
        node: &mut Node,
    ) -> Result<()> {
        let value = match &member.value {
            Some((value, pos)) => Some((self.value(value, false)?, *pos)),
            None => None,
        };
        let has_trait = node
            .get("traits")
            .and_then(|t| t.get("smithy.api#enumValue"))
            .is_some();
        let value = match (kind, value) {
            ("enum", Some((Node::String(s), _))) => Node::String(s),
            ("enum", None) if !has_trait => Node::String(member.name.clone()),
            ("intEnum", Some((Node::Number(n), pos))) => {
                let fits = n.as_i64().and_then(|v| i32::try_from(v).ok()).is_some();
                if !fits {
                    return Err(self.error(
                        pos,
                        format!("{id}${}: intEnum values must be integers that fit in 32 bits, found {n}", member.name),
                    ));
                }
                Node::Number(n)
            }
            // A member redefined from a mixin keeps the mixin's value.
            (_, None) if has_trait || !shape_mixins.is_empty() => return Ok(()),
            (_, None) => {
                return Err(self.error(
                    member.pos,
                    format!(
                        "{id}${}: intEnum members need an integer value",
                        member.name
                    ),
                ));
            }
            (_, Some((other, pos))) => {
                let wanted = if kind == "enum" {
                    "a string"
                } else {
                    "an integer"
                };
                return Err(self.error(
                    pos,
                    format!(
                        "{id}${}: {kind} members take {wanted} value, found {}",
                        member.name,
                        other.to_json()
                    ),
                ));
            }
        };
        add_trait(node, "smithy.api#enumValue", value).map_err(|e| self.error(member.pos, e))
    }

    fn apply(&self, apply: &Apply, shapes: &mut Vec<(String, Node)>) -> Result<()> {
        let target = self.target(&apply.target);
        let traits = self.traits(&apply.traits)?;
        let traits = traits.as_object().unwrap_or_default().to_vec();
        if let Some((_, existing)) = shapes
            .iter_mut()
            .find(|(id, s)| *id == target && s.get("type").and_then(Node::as_str) == Some("apply"))
        {
            for (name, value) in traits {
                add_trait(existing, &name, value).map_err(|e| self.error(apply.target.pos, e))?;
            }
            return Ok(());
        }
        let mut node = Node::object();
        node.insert("type", Node::String("apply".to_owned()));
        node.insert("traits", Node::Object(traits));
        shapes.push((target, node));
        Ok(())
    }
}

/// Adds a trait to the `traits` of a shape or member being built.
fn add_trait(place: &mut Node, name: &str, value: Node) -> std::result::Result<(), String> {
    if place.get("traits").is_none() {
        place.insert("traits", Node::object());
    }
    match place.get_mut("traits") {
        Some(traits) => merge_trait(traits, name, &value),
        None => Ok(()),
    }
}
