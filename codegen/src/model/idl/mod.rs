//! The Smithy IDL 2.0 reader: `.smithy` text to the JSON AST document the
//! JSON loader reads, so everything after loading is the same for both.
//!
//! Reading is in two steps because a relative shape id resolves against
//! the shapes of every file being loaded: [`parse`] reads one file (syntax
//! errors are `file:line:column: expected ..., found ...`), then, once
//! every file's shape ids are known, [`lower`] makes its document.
//! [`finish`] does what needs the merged model: targets elided with
//! `$name`, and annotation traits (`@tags`) made `{}` or `[]` as their
//! definitions say.

mod ast;
mod cursor;
mod entity;
mod lower;
mod parser;
mod value;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

pub use lower::Elided;

use super::node::Node;
use crate::error::{Error, Result};

/// The prelude's traits whose values are lists: `@tags` alone is `[]`.
const PRELUDE_LIST_TRAITS: &[&str] =
    &["auth", "enum", "examples", "references", "suppress", "tags"];

/// A parsed IDL file, not yet resolved.
pub struct Parsed {
    file: ast::File,
    path: PathBuf,
}

/// One file's document and what it leaves for [`finish`].
pub struct Lowered {
    pub doc: Node,
    pub elided: Vec<Elided>,
}

/// Reads one IDL file.
pub fn parse(text: &str, path: &Path) -> Result<Parsed> {
    Ok(Parsed {
        file: parser::parse(text, path)?,
        path: path.to_owned(),
    })
}

impl Parsed {
    /// The absolute ids of the shapes the file defines.
    pub fn shape_ids(&self) -> Vec<String> {
        let namespace = self.file.namespace.as_deref().unwrap_or("");
        self.file
            .shapes
            .iter()
            .map(|shape| format!("{namespace}#{}", shape.name))
            .collect()
    }
}

/// The file as a JSON AST document, relative ids resolved against `known`
/// (every shape id of every file, and the prelude's).
pub fn lower(parsed: Parsed, known: &HashSet<String>) -> Result<Lowered> {
    let lowered = lower::lower(&parsed.file, &parsed.path, known)?;
    Ok(Lowered {
        doc: lowered.doc,
        elided: lowered.elided,
    })
}

/// On the merged document: fills in elided targets and gives annotation
/// traits their value.
pub fn finish(doc: &mut Node, elided: Vec<Elided>) -> Result<()> {
    for member in elided {
        let target = elided_target(doc, &member)?;
        let place = doc
            .get_mut("shapes")
            .and_then(|shapes| shapes.get_mut(&member.shape))
            .and_then(|shape| super::apply::member_mut(shape, &member.member));
        if let Some(place) = place {
            place.insert("target", Node::String(target));
        }
    }
    let list_traits = list_traits(doc);
    if let Some(shapes) = doc.get_mut("shapes").and_then(Node::as_object_mut) {
        for (_, shape) in shapes.iter_mut() {
            annotations(shape, &list_traits);
            if let Some(members) = shape.get_mut("members").and_then(Node::as_object_mut) {
                for (_, member) in members.iter_mut() {
                    annotations(member, &list_traits);
                }
            }
            for name in ["member", "key", "value"] {
                if let Some(member) = shape.get_mut(name) {
                    annotations(member, &list_traits);
                }
            }
        }
    }
    Ok(())
}

/// The ids of the traits whose definitions are lists.
fn list_traits(doc: &Node) -> HashSet<String> {
    let mut ids: HashSet<String> = PRELUDE_LIST_TRAITS
        .iter()
        .map(|name| format!("smithy.api#{name}"))
        .collect();
    for (id, shape) in doc
        .get("shapes")
        .and_then(Node::as_object)
        .unwrap_or_default()
    {
        let is_trait = shape
            .get("traits")
            .and_then(|t| t.get("smithy.api#trait"))
            .is_some();
        let kind = shape.get("type").and_then(Node::as_str);
        if is_trait && matches!(kind, Some("list" | "set")) {
            ids.insert(id.clone());
        } else if is_trait {
            ids.remove(id);
        }
    }
    ids
}

fn annotations(shape: &mut Node, list_traits: &HashSet<String>) {
    let Some(traits) = shape.get_mut("traits").and_then(Node::as_object_mut) else {
        return;
    };
    for (id, value) in traits.iter_mut() {
        // `= null` (or `@default(null)`) is a default removed, not an
        // annotation: a bare `@default` has no value of its target's type.
        if *value == Node::Null && id != "smithy.api#default" {
            *value = if list_traits.contains(id) {
                Node::Array(Vec::new())
            } else {
                Node::object()
            };
        }
    }
}

/// The target of an elided member: the bound resource's identifier or
/// property of that name, else the member of that name of a mixin (or of
/// the mixin's mixins).
fn elided_target(doc: &Node, member: &Elided) -> Result<String> {
    let shapes = doc.get("shapes");
    let shape = |id: &str| shapes.and_then(|s| s.get(id));
    if let Some(resource) = &member.resource {
        let Some(found) = shape(resource) else {
            return Err(at(
                member,
                format!("the resource {resource} does not exist"),
            ));
        };
        if found.get("type").and_then(Node::as_str) != Some("resource") {
            return Err(at(
                member,
                format!("{resource}, after `for`, is not a resource"),
            ));
        }
        for key in ["identifiers", "properties"] {
            let target = found
                .get(key)
                .and_then(|ids| ids.get(&member.member))
                .and_then(|t| t.get("target"))
                .and_then(Node::as_str);
            if let Some(target) = target {
                return Ok(target.to_owned());
            }
        }
    }
    let mut pending: Vec<(String, usize)> =
        member.mixins.iter().rev().map(|m| (m.clone(), 0)).collect();
    while let Some((mixin, depth)) = pending.pop() {
        let Some(found) = shape(&mixin) else { continue };
        let target = found
            .get("members")
            .and_then(|m| m.get(&member.member))
            .or_else(|| found.get(&member.member))
            .and_then(|t| t.get("target"))
            .and_then(Node::as_str);
        if let Some(target) = target.filter(|t| !t.is_empty()) {
            return Ok(target.to_owned());
        }
        if depth < 64 {
            let more = found
                .get("mixins")
                .and_then(Node::as_array)
                .unwrap_or_default();
            for next in more.iter().rev() {
                if let Some(id) = next.get("target").and_then(Node::as_str) {
                    pending.push((id.to_owned(), depth + 1));
                }
            }
        }
    }
    Err(at(
        member,
        format!(
            "{}${}: the target is elided, but no bound resource or mixin has a member `{}`",
            member.shape, member.member, member.member
        ),
    ))
}

fn at(member: &Elided, message: String) -> Error {
    Error::Syntax {
        file: member.file.clone(),
        line: member.pos.line,
        column: member.pos.column,
        message,
    }
}
