//! Several JSON AST documents made into one, as Smithy assembles a model
//! from files: every file's shapes (a shape defined twice must be defined
//! identically), every `apply` kept for later, and metadata merged (lists
//! concatenated, other values equal or an error).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::node::Node;
use crate::error::{Error, Location, Result};

/// Merges `docs` (each with the file it came from) into one document.
pub fn merge(docs: Vec<(PathBuf, Node)>, allow_v1: bool) -> Result<Node> {
    let mut metadata: Vec<(String, Node)> = Vec::new();
    let mut metadata_from: HashMap<String, PathBuf> = HashMap::new();
    let mut shapes: Vec<(String, Node)> = Vec::new();
    let mut defined: HashMap<String, (usize, PathBuf)> = HashMap::new();
    for (file, doc) in docs {
        check_version(&doc, &file, allow_v1)?;
        let Node::Object(entries) = doc else {
            return Err(invalid(&file, None, "the top level must be an object"));
        };
        for (key, value) in entries {
            match key.as_str() {
                "metadata" => merge_metadata(&mut metadata, &mut metadata_from, value, &file)?,
                "shapes" => {
                    let Node::Object(entries) = value else {
                        return Err(invalid(&file, Some("shapes"), "`shapes` must be an object"));
                    };
                    for (id, shape) in entries {
                        add_shape(&mut shapes, &mut defined, id, shape, &file)?;
                    }
                }
                _ => {}
            }
        }
    }
    let mut out = Node::object();
    out.insert("smithy", Node::String("2.0".to_owned()));
    if !metadata.is_empty() {
        out.insert("metadata", Node::Object(metadata));
    }
    out.insert("shapes", Node::Object(shapes));
    Ok(out)
}

/// Smithy 2 (or, with `allow_v1`, 1), `"2"` or `"2.x"`.
fn check_version(doc: &Node, file: &Path, allow_v1: bool) -> Result<()> {
    let supported = |v: &str| {
        let major = v.split('.').next().unwrap_or(v);
        major == "2" || (allow_v1 && major == "1")
    };
    match doc.get("smithy") {
        Some(Node::String(v)) if supported(v) => Ok(()),
        Some(Node::String(v)) => Err(Error::Version {
            file: file.to_owned(),
            version: v.clone(),
        }),
        _ => Err(invalid(
            file,
            Some("smithy"),
            "a model needs a `smithy` version string",
        )),
    }
}

fn add_shape(
    shapes: &mut Vec<(String, Node)>,
    defined: &mut HashMap<String, (usize, PathBuf)>,
    id: String,
    shape: Node,
    file: &Path,
) -> Result<()> {
    if shape.get("type").and_then(Node::as_str) == Some("apply") {
        shapes.push((id, shape));
        return Ok(());
    }
    if let Some((index, first)) = defined.get(&id) {
        if shapes.get(*index).map(|(_, s)| s) == Some(&shape) {
            return Ok(());
        }
        return Err(Error::Invalid {
            location: Location {
                file: file.to_owned(),
                shape: Some(id.clone()),
                json_path: Some(format!("shapes[{id:?}]")),
            },
            message: format!(
                "shape {id} is defined differently in {} and {}",
                first.display(),
                file.display()
            ),
        });
    }
    defined.insert(id.clone(), (shapes.len(), file.to_owned()));
    shapes.push((id, shape));
    Ok(())
}

fn merge_metadata(
    metadata: &mut Vec<(String, Node)>,
    from: &mut HashMap<String, PathBuf>,
    value: Node,
    file: &Path,
) -> Result<()> {
    let Node::Object(entries) = value else {
        return Err(invalid(
            file,
            Some("metadata"),
            "`metadata` must be an object",
        ));
    };
    for (key, value) in entries {
        let Some((_, old)) = metadata.iter_mut().find(|(k, _)| *k == key) else {
            from.insert(key.clone(), file.to_owned());
            metadata.push((key, value));
            continue;
        };
        match (old, value) {
            (Node::Array(old), Node::Array(new)) => old.extend(new),
            (old, new) if *old == new => {}
            (_, _) => {
                let first = from.get(&key).map_or(file, PathBuf::as_path);
                return Err(invalid(
                    file,
                    Some(&format!("metadata[{key:?}]")),
                    format!(
                        "metadata {key:?} has conflicting values in {} and {}",
                        first.display(),
                        file.display()
                    ),
                ));
            }
        }
    }
    Ok(())
}

fn invalid(file: &Path, json_path: Option<&str>, message: impl Into<String>) -> Error {
    Error::Invalid {
        location: Location {
            file: file.to_owned(),
            shape: None,
            json_path: json_path.map(str::to_owned),
        },
        message: message.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Node {
        Node::from_json(text, Path::new("t.json")).unwrap()
    }

    #[test]
    fn merges_shapes_metadata_and_keeps_applies() {
        let a = doc(r#"{"smithy":"2.0","metadata":{"l":[1],"s":"x"},"shapes":{
            "a#A":{"type":"string"},"a#B$m":{"type":"apply","traits":{"t#t":{}}}}}"#);
        let b = doc(
            r#"{"smithy":"2","metadata":{"l":[2],"s":"x","o":{}},"shapes":{
            "a#A":{"type":"string"},"a#B":{"type":"structure"}}}"#,
        );
        let merged = merge(vec![("a.json".into(), a), ("b.json".into(), b)], false).unwrap();
        assert_eq!(
            merged.to_value(),
            serde_json::json!({"smithy": "2.0",
                "metadata": {"l": [1, 2], "s": "x", "o": {}},
                "shapes": {"a#A": {"type": "string"},
                    "a#B$m": {"type": "apply", "traits": {"t#t": {}}},
                    "a#B": {"type": "structure"}}})
        );
    }

    #[test]
    fn conflicts_name_both_files() {
        let a = doc(r#"{"smithy":"2.0","shapes":{"a#A":{"type":"string"}}}"#);
        let b = doc(r#"{"smithy":"2.0","shapes":{"a#A":{"type":"integer"}}}"#);
        let error = merge(vec![("a.json".into(), a), ("b.json".into(), b)], false).unwrap_err();
        assert_eq!(
            error.to_string(),
            "b.json at shapes[\"a#A\"]: shape a#A is defined differently in a.json and b.json"
        );
        let a = doc(r#"{"smithy":"2.0","metadata":{"k":"x"}}"#);
        let b = doc(r#"{"smithy":"2.0","metadata":{"k":"y"}}"#);
        let error = merge(vec![("a.json".into(), a), ("b.json".into(), b)], false).unwrap_err();
        assert!(
            error
                .to_string()
                .ends_with("metadata \"k\" has conflicting values in a.json and b.json"),
            "{error}"
        );
        let old = doc(r#"{"smithy":"1.0"}"#);
        assert!(merge(vec![("o.json".into(), old)], false).is_err());
    }
}
