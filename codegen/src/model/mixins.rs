//! Mixin flattening over a JSON AST document, so that the rest of the
//! generator never sees a mixin.
//!
//! A shape with `mixins` gets, in mixin order, each (already flattened)
//! mixin's members, then its own; a member given by several keeps its first
//! position and merges the traits, later ones winning and the shape's own
//! winning over all. Shape traits are inherited the same way, except
//! `smithy.api#mixin` itself and the mixin's `localTraits`. Other
//! properties (operation errors, service operations, resource lifecycle,
//! ...) are inherited: lists concatenated, objects merged, single values
//! kept unless the shape sets its own. Mixin shapes are removed afterwards.

use std::collections::HashMap;
use std::path::Path;

use super::apply;
use super::node::Node;
use crate::error::{Error, Location, Result};

const MIXIN: &str = "smithy.api#mixin";

/// A mixin chain longer than this is refused rather than risking the stack.
const MAX_DEPTH: usize = 64;

/// Whether the document has anything [`flatten`] would change.
pub fn needed(doc: &Node) -> bool {
    doc.get("shapes")
        .and_then(Node::as_object)
        .unwrap_or_default()
        .iter()
        .any(|(_, shape)| {
            shape.get("mixins").is_some()
                || shape.get("type").and_then(Node::as_str) == Some("apply")
                || shape.get("traits").and_then(|t| t.get(MIXIN)).is_some()
        })
}

/// Applies the `apply` shapes, flattens every shape's mixins and removes
/// the mixin shapes. `file` names the model in errors.
pub fn flatten(doc: &mut Node, file: &Path) -> Result<()> {
    flatten_with(doc, file, false)
}

/// Applies the `apply` shapes and flattens every shape's mixins (as the
/// loader does before its checks), removing the mixin shapes; or, with
/// `keep_mixins`, every shape gets what its mixins give but keeps its
/// `mixins` list, and the mixin shapes stay: the model as Smithy's
/// semantic model sees it, for comparing two documents.
pub fn flatten_with(doc: &mut Node, file: &Path, keep_mixins: bool) -> Result<()> {
    apply::resolve(doc, file)?;
    let Some(shapes) = doc.get_mut("shapes").and_then(Node::as_object_mut) else {
        return Ok(());
    };
    let entries = std::mem::take(shapes);
    let (applies, defined): (Vec<_>, Vec<_>) = entries
        .into_iter()
        .partition(|(_, shape)| shape.get("type").and_then(Node::as_str) == Some("apply"));
    let mut flattener = Flattener {
        file,
        index: defined
            .iter()
            .enumerate()
            .map(|(i, (id, _))| (id.clone(), i))
            .collect(),
        shapes: defined.into_iter().map(|(id, s)| (id, s, false)).collect(),
        applies,
        keep_mixins,
    };
    for i in 0..flattener.shapes.len() {
        flattener.flatten(i, 0)?;
    }
    if let Some((target, _)) = flattener.applies.first() {
        return Err(error(
            file,
            target,
            format!("apply targets {target}, which is not a shape or member of the model"),
        ));
    }
    let kept = flattener
        .shapes
        .into_iter()
        .filter(|(_, shape, _)| keep_mixins || traits(shape).iter().all(|(name, _)| name != MIXIN))
        .map(|(id, shape, _)| (id, shape))
        .collect();
    if let Some(shapes) = doc.get_mut("shapes").and_then(Node::as_object_mut) {
        *shapes = kept;
    }
    Ok(())
}

struct Flattener<'a> {
    file: &'a Path,
    index: HashMap<String, usize>,
    /// Id, shape, and whether it is flattened yet.
    shapes: Vec<(String, Node, bool)>,
    /// `apply` shapes for inherited members, consumed as they are applied.
    applies: Vec<(String, Node)>,
    keep_mixins: bool,
}

impl Flattener<'_> {
    /// Flattens shape `i` (its mixins first) and returns it.
    fn flatten(&mut self, i: usize, depth: usize) -> Result<Node> {
        let Some((id, shape, done)) = self.shapes.get(i) else {
            return Ok(Node::object());
        };
        if *done {
            return Ok(shape.clone());
        }
        let id = id.clone();
        if depth > MAX_DEPTH {
            return Err(error(
                self.file,
                &id,
                format!("the mixins of {id} form a cycle or a chain deeper than {MAX_DEPTH}"),
            ));
        }
        let mut shape = shape.clone();
        let mixins = shape.remove("mixins");
        let mut flat = Flat::default();
        for (n, mixin) in mixins
            .as_ref()
            .and_then(Node::as_array)
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            let at = format!("shapes[{id:?}].mixins[{n}]");
            let Some(target) = mixin.get("target").and_then(Node::as_str) else {
                return Err(error_at(self.file, &id, at, "a mixin needs a `target`"));
            };
            let Some(&j) = self.index.get(target) else {
                return Err(error_at(
                    self.file,
                    &id,
                    at,
                    format!("mixin {target} of {id} does not exist"),
                ));
            };
            let mixin = self.flatten(j, depth + 1)?;
            if mixin.get("type") != shape.get("type") {
                return Err(error_at(
                    self.file,
                    &id,
                    at,
                    format!(
                        "mixin {target} is a {}, but {id} is a {}",
                        type_name(&mixin),
                        type_name(&shape)
                    ),
                ));
            }
            let Some(mixin_trait) = traits(&mixin).iter().find(|(name, _)| name == MIXIN) else {
                return Err(error_at(
                    self.file,
                    &id,
                    at,
                    format!("{target} is used as a mixin of {id} but has no @mixin trait"),
                ));
            };
            let local: Vec<&str> = mixin_trait
                .1
                .get("localTraits")
                .and_then(Node::as_array)
                .unwrap_or_default()
                .iter()
                .filter_map(Node::as_str)
                .collect();
            for (name, value) in traits(&mixin) {
                if name != MIXIN && !local.contains(&name.as_str()) {
                    upsert(&mut flat.traits, name, value.clone());
                }
            }
            for (name, member) in members(&mixin) {
                self.add_member(&mut flat.members, &id, name, member, target)?;
            }
            for (key, value) in properties(&mixin) {
                inherit(&mut flat.properties, key, value);
            }
        }
        if mixins.is_none() {
            self.apply_inherited(&id, &mut shape)?;
            self.finish(i, &shape);
            return Ok(shape);
        }
        for (name, member) in members(&shape) {
            self.add_member(&mut flat.members, &id, name, member, &id)?;
        }
        for (key, value) in properties(&shape) {
            inherit(&mut flat.properties, key, value);
        }
        for (name, value) in traits(&shape) {
            upsert(&mut flat.traits, name, value.clone());
        }
        let mut out = flat.into_shape(&shape);
        if let (Some(mixins), true) = (mixins, self.keep_mixins) {
            out.insert("mixins", mixins);
        }
        self.apply_inherited(&id, &mut out)?;
        self.finish(i, &out);
        Ok(out)
    }

    fn finish(&mut self, i: usize, shape: &Node) {
        if let Some(entry) = self.shapes.get_mut(i) {
            entry.1 = shape.clone();
            entry.2 = true;
        }
    }

    /// Adds a member (of a mixin, or the shape's own) to the ones gathered
    /// so far: a new name is appended, a known one must keep its target and
    /// has its traits merged, the new ones winning.
    fn add_member(
        &self,
        gathered: &mut Vec<(String, Node)>,
        id: &str,
        name: &str,
        member: &Node,
        from: &str,
    ) -> Result<()> {
        let Some((_, existing)) = gathered.iter_mut().find(|(n, _)| n == name) else {
            gathered.push((name.to_owned(), member.clone()));
            return Ok(());
        };
        if existing.get("target") != member.get("target") {
            let target = |m: &Node| {
                m.get("target")
                    .and_then(Node::as_str)
                    .unwrap_or("nothing")
                    .to_owned()
            };
            return Err(error(
                self.file,
                &format!("{id}${name}"),
                format!(
                    "member {id}${name} conflicts with an inherited mixin member: \
                     {from}${name} targets {} where another targets {}",
                    target(member),
                    target(existing)
                ),
            ));
        }
        for (trait_name, value) in traits(member) {
            if existing.get("traits").is_none() {
                existing.insert("traits", Node::object());
            }
            if let Some(existing_traits) = existing.get_mut("traits") {
                existing_traits.insert(trait_name.clone(), value.clone());
            }
        }
        Ok(())
    }

    /// Applies the pending `apply` shapes that target members of `id`.
    fn apply_inherited(&mut self, id: &str, shape: &mut Node) -> Result<()> {
        let prefix = format!("{id}$");
        let mut remaining = Vec::new();
        for (target, apply) in std::mem::take(&mut self.applies) {
            let place = target
                .strip_prefix(&prefix)
                .and_then(|member| apply::member_mut(shape, member));
            match place {
                Some(place) => apply_over(place, traits(&apply)),
                None => remaining.push((target, apply)),
            }
        }
        self.applies = remaining;
        Ok(())
    }
}

/// An `apply` on an inherited member replaces what the mixin gave it.
fn apply_over(member: &mut Node, traits: &[(String, Node)]) {
    if member.get("traits").is_none() {
        member.insert("traits", Node::object());
    }
    if let Some(existing) = member.get_mut("traits") {
        for (name, value) in traits {
            existing.insert(name.clone(), value.clone());
        }
    }
}

/// What a shape's mixins and the shape itself contribute, in order.
#[derive(Default)]
struct Flat {
    members: Vec<(String, Node)>,
    traits: Vec<(String, Node)>,
    properties: Vec<(String, Node)>,
}

impl Flat {
    fn into_shape(self, shape: &Node) -> Node {
        let mut out = Node::object();
        if let Some(kind) = shape.get("type") {
            out.insert("type", kind.clone());
        }
        let is_collection = matches!(
            shape.get("type").and_then(Node::as_str),
            Some("list" | "set" | "map")
        );
        if is_collection {
            for (name, member) in self.members {
                out.insert(name, member);
            }
        } else if !self.members.is_empty() {
            out.insert("members", Node::Object(self.members));
        }
        for (key, value) in self.properties {
            out.insert(key, value);
        }
        if !self.traits.is_empty() {
            out.insert("traits", Node::Object(self.traits));
        }
        out
    }
}

fn upsert(entries: &mut Vec<(String, Node)>, key: &str, value: Node) {
    match entries.iter_mut().find(|(k, _)| k == key) {
        Some((_, old)) => *old = value,
        None => entries.push((key.to_owned(), value)),
    }
}

/// Inherits one property: lists are concatenated without repeats, objects
/// merged (the later entry winning), other values replaced.
fn inherit(gathered: &mut Vec<(String, Node)>, key: &str, value: &Node) {
    let Some((_, old)) = gathered.iter_mut().find(|(k, _)| k == key) else {
        gathered.push((key.to_owned(), value.clone()));
        return;
    };
    match (old, value) {
        (Node::Array(old), Node::Array(new)) => {
            for item in new {
                if !old.contains(item) {
                    old.push(item.clone());
                }
            }
        }
        (Node::Object(old), Node::Object(new)) => {
            for (k, v) in new {
                upsert(old, k, v.clone());
            }
        }
        (old, new) => *old = new.clone(),
    }
}

fn traits(shape: &Node) -> &[(String, Node)] {
    shape
        .get("traits")
        .and_then(Node::as_object)
        .unwrap_or_default()
}

/// A shape's members in order: `members`, or a list's `member`, a map's
/// `key` and `value`.
fn members(shape: &Node) -> Vec<(&str, &Node)> {
    if let Some(members) = shape.get("members").and_then(Node::as_object) {
        return members.iter().map(|(k, v)| (k.as_str(), v)).collect();
    }
    ["member", "key", "value"]
        .into_iter()
        .filter_map(|name| shape.get(name).map(|m| (name, m)))
        .collect()
}

/// Everything of a shape but its type, members, traits and mixins.
fn properties(shape: &Node) -> impl Iterator<Item = (&str, &Node)> {
    shape
        .as_object()
        .unwrap_or_default()
        .iter()
        .filter(|(key, _)| {
            !matches!(
                key.as_str(),
                "type" | "members" | "member" | "key" | "value" | "traits" | "mixins"
            )
        })
        .map(|(k, v)| (k.as_str(), v))
}

fn type_name(shape: &Node) -> &str {
    shape.get("type").and_then(Node::as_str).unwrap_or("shape")
}

fn error(file: &Path, shape: &str, message: String) -> Error {
    let at = format!("shapes[{:?}]", shape.split('$').next().unwrap_or(shape));
    error_at(file, shape, at, message)
}

fn error_at(file: &Path, shape: &str, at: String, message: impl Into<String>) -> Error {
    Error::Invalid {
        location: Location {
            file: file.to_owned(),
            shape: Some(shape.to_owned()),
            json_path: Some(at),
        },
        message: message.into(),
    }
}

#[cfg(test)]
mod tests;
