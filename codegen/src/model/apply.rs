//! `apply` statements (shapes of type `"apply"` in the JSON AST) and the
//! rule for a trait given twice.
//!
//! An apply whose target is a member inherited from a mixin cannot be
//! applied before the mixin is flattened, so [`resolve`] leaves those in
//! the document; [`super::mixins`] applies them while flattening.

use std::collections::HashMap;
use std::path::Path;

use super::node::Node;
use crate::error::{Error, Location, Result};

/// Applies every `apply` shape of the document whose target is a shape or
/// one of its own members; the others (members that only a mixin gives)
/// stay as `apply` shapes.
pub fn resolve(doc: &mut Node, file: &Path) -> Result<()> {
    let Some(shapes) = doc.get_mut("shapes").and_then(Node::as_object_mut) else {
        return Ok(());
    };
    let entries = std::mem::take(shapes);
    let (applies, mut defined): (Vec<_>, Vec<_>) = entries
        .into_iter()
        .partition(|(_, shape)| shape.get("type").and_then(Node::as_str) == Some("apply"));
    let index: HashMap<String, usize> = defined
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (id.clone(), i))
        .collect();
    let mut pending: Vec<(String, Node)> = Vec::new();
    for (target, apply) in applies {
        let traits = apply
            .get("traits")
            .and_then(Node::as_object)
            .unwrap_or_default();
        let (shape_id, member) = match target.split_once('$') {
            Some((shape, member)) => (shape, Some(member)),
            None => (target.as_str(), None),
        };
        let place = index
            .get(shape_id)
            .and_then(|&i| defined.get_mut(i))
            .and_then(|(_, shape)| match member {
                None => Some(shape),
                Some(member) => member_mut(shape, member),
            });
        if let Some(place) = place {
            add_traits(place, traits, file, &target)?;
        } else if let Some((_, same)) = pending.iter_mut().find(|(t, _)| *t == target) {
            // One entry per target, as the JSON AST has it.
            add_traits(same, traits, file, &target)?;
        } else {
            pending.push((target, apply));
        }
    }
    defined.extend(pending);
    if let Some(shapes) = doc.get_mut("shapes").and_then(Node::as_object_mut) {
        *shapes = defined;
    }
    Ok(())
}

/// The member `name` of a shape: in `members`, or `member`/`key`/`value`
/// of a list or map.
pub fn member_mut<'a>(shape: &'a mut Node, name: &str) -> Option<&'a mut Node> {
    let in_members = shape
        .get("members")
        .and_then(|members| members.get(name))
        .is_some();
    if in_members {
        return shape.get_mut("members")?.get_mut(name);
    }
    match name {
        "member" | "key" | "value" => shape.get_mut(name),
        _ => None,
    }
}

/// Adds `traits` to the `traits` of a shape or member. A trait it already
/// has is kept if the values are equal, concatenated if both are lists, and
/// an error otherwise (Smithy's trait conflict rule).
pub fn add_traits(
    place: &mut Node,
    traits: &[(String, Node)],
    file: &Path,
    target: &str,
) -> Result<()> {
    if traits.is_empty() {
        return Ok(());
    }
    if place.get("traits").is_none() {
        place.insert("traits", Node::object());
    }
    let Some(existing) = place.get_mut("traits") else {
        return Ok(());
    };
    for (name, value) in traits {
        merge_trait(existing, name, value).map_err(|message| Error::Invalid {
            location: Location {
                file: file.to_owned(),
                shape: Some(target.to_owned()),
                json_path: Some(format!("shapes[{target:?}].traits[{name:?}]")),
            },
            message,
        })?;
    }
    Ok(())
}

/// Adds one trait to a `traits` object by the trait conflict rule.
pub fn merge_trait(traits: &mut Node, name: &str, value: &Node) -> std::result::Result<(), String> {
    match traits.get_mut(name) {
        None => traits.insert(name, value.clone()),
        Some(old) if old == value => {}
        // `null` is an annotation whose value is not known yet (`@input`
        // beside `@input()`); it agrees with any value.
        Some(old) if *old == Node::Null => *old = value.clone(),
        Some(_) if *value == Node::Null => {}
        Some(Node::Array(old)) if value.as_array().is_some() => {
            old.extend(value.as_array().unwrap_or_default().iter().cloned());
        }
        Some(old) => {
            return Err(format!(
                "conflicting values for trait {name}: {} and {}",
                old.to_json(),
                value.to_json()
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Node {
        Node::from_json(text, Path::new("t.json")).unwrap()
    }

    #[test]
    fn applies_to_shapes_and_members_and_keeps_inherited_ones() {
        let mut d = doc(r#"{"smithy":"2.0","shapes":{
            "a#S$m": {"type":"apply","traits":{"smithy.api#documentation":"m"}},
            "a#S": {"type":"structure","members":{"m":{"target":"smithy.api#String"}},
                    "traits":{"smithy.api#tags":["x"]}},
            "a#S$inherited": {"type":"apply","traits":{"smithy.api#internal":{}}}
        }}"#);
        // A Node keeps both entries of a repeated key, as a merged model
        // document has them.
        let mut d2 = doc(r#"{"smithy":"2.0","shapes":{
            "a#T": {"type":"apply","traits":{"smithy.api#tags":["y"]}},
            "a#U": {"type":"string","traits":{"smithy.api#tags":["x"]}},
            "a#U": {"type":"apply","traits":{"smithy.api#tags":["y"]}}
        }}"#);
        resolve(&mut d, Path::new("t.json")).unwrap();
        let shapes = d.get("shapes").unwrap();
        assert_eq!(
            shapes.get("a#S").unwrap().to_value()["members"]["m"]["traits"],
            serde_json::json!({"smithy.api#documentation": "m"})
        );
        assert!(shapes.get("a#S$inherited").is_some());
        resolve(&mut d2, Path::new("t.json")).unwrap();
        let u = d2.get("shapes").unwrap().get("a#U").unwrap().to_value();
        assert_eq!(
            u["traits"]["smithy.api#tags"],
            serde_json::json!(["x", "y"])
        );
        // No shape a#T: the apply waits (and fails later, when flattened).
        assert!(d2.get("shapes").unwrap().get("a#T").is_some());
    }

    #[test]
    fn conflicting_values_are_an_error() {
        let mut d = doc(r#"{"smithy":"2.0","shapes":{
            "a#S": {"type":"string","traits":{"smithy.api#documentation":"one"}},
            "a#S": {"type":"apply","traits":{"smithy.api#documentation":"two"}}
        }}"#);
        let error = resolve(&mut d, Path::new("t.json")).unwrap_err();
        assert!(error.to_string().contains("conflicting values"), "{error}");
    }
}
