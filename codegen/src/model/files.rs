//! Loading a model from several files and folders, JSON AST and IDL alike:
//! each file becomes a JSON AST document, the documents are merged, and
//! the result is flattened and checked like a single JSON file.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::node::Node;
use super::{Model, apply, idl, load, merge, mixins, prelude};
use crate::error::{Error, Result};

/// Reads and checks the model made of `paths`: files (`.json` or
/// `.smithy`) and folders (every such file under them, in name order).
pub fn load_all(paths: &[PathBuf]) -> Result<Model> {
    let files = expand(paths)?;
    let label = paths.first().cloned().unwrap_or_default();
    // One JSON file is parsed from its own text, so that its syntax and
    // shape errors keep their exact line:column.
    if let [only] = files.as_slice() {
        if !is_idl(only) {
            let mut model = load::parse(&read(only)?, only)?;
            model.files = files;
            return Ok(model);
        }
    }
    let (mut doc, origins) = read_document(&files, false)?;
    // The document is every file's; an error about a shape names the file
    // that defines it.
    let relocate = |error| relocate(error, &origins);
    mixins::flatten(&mut doc, &label).map_err(relocate)?;
    let mut model = load::parse(&doc.to_json(), &label).map_err(relocate)?;
    model.files = files;
    Ok(model)
}

/// The model made of `paths` (files and folders) as one JSON AST document: merged, `apply`
/// statements applied (except on members only a mixin gives), mixins not
/// flattened. What `smithy-codegen convert` writes. Smithy 1.0 JSON files
/// are read too (as 2.0: they are not upgraded), though the generator
/// refuses them; IDL 1.0 files are read as 2.0 by both.
pub fn load_document(paths: &[PathBuf]) -> Result<Node> {
    read_document(&expand(paths)?, true).map(|(doc, _)| doc)
}

/// The file each shape id was first defined in.
type Origins = HashMap<String, PathBuf>;

fn relocate(error: Error, origins: &Origins) -> Error {
    match error {
        Error::Invalid {
            mut location,
            message,
        } => {
            let shape = location.shape.as_deref().unwrap_or("");
            let root = shape.split('$').next().unwrap_or(shape);
            if let Some(file) = origins.get(root) {
                location.file = file.clone();
            }
            Error::Invalid { location, message }
        }
        other => other,
    }
}

fn read_document(files: &[PathBuf], allow_v1: bool) -> Result<(Node, Origins)> {
    let mut sources = Vec::new();
    for file in files {
        sources.push((file.clone(), read(file)?, is_idl(file)));
    }
    documents(sources, allow_v1)
}

/// Checks and returns the model of one IDL file given as text (`file` is
/// only named in errors): the IDL counterpart of [`parse`](super::parse).
pub fn parse_idl(text: &str, file: &Path) -> Result<Model> {
    let (mut doc, _) = documents(vec![(file.to_owned(), text.to_owned(), true)], false)?;
    mixins::flatten(&mut doc, file)?;
    load::parse(&doc.to_json(), file)
}

/// Files' texts (path, text, whether IDL) as one merged document.
fn documents(sources: Vec<(PathBuf, String, bool)>, allow_v1: bool) -> Result<(Node, Origins)> {
    let label = sources
        .first()
        .map(|(p, _, _)| p.clone())
        .unwrap_or_default();
    let mut json = Vec::new();
    let mut parsed = Vec::new();
    for (file, text, idl) in sources {
        if idl {
            parsed.push((file.clone(), idl::parse(&text, &file)?));
        } else {
            load::check_top_level(&text, &file)?;
            let doc = Node::from_json(&text, &file)?;
            json.push((file, doc));
        }
    }
    // Relative shape ids resolve against every file's shapes.
    let mut known: HashSet<String> = prelude::NAMES
        .iter()
        .map(|name| format!("smithy.api#{name}"))
        .collect();
    for (_, doc) in &json {
        let ids = doc
            .get("shapes")
            .and_then(Node::as_object)
            .unwrap_or_default();
        known.extend(ids.iter().map(|(id, _)| id.clone()));
    }
    for (_, file) in &parsed {
        known.extend(file.shape_ids());
    }
    let mut elided = Vec::new();
    let mut docs = json;
    for (path, file) in parsed {
        let lowered = idl::lower(file, &known)?;
        elided.extend(lowered.elided);
        docs.push((path, lowered.doc));
    }
    let mut origins = Origins::new();
    for (path, doc) in &docs {
        let shapes = doc
            .get("shapes")
            .and_then(Node::as_object)
            .unwrap_or_default();
        for (id, shape) in shapes {
            if shape.get("type").and_then(Node::as_str) != Some("apply") {
                origins.entry(id.clone()).or_insert_with(|| path.clone());
            }
        }
    }
    let mut doc = merge::merge(docs, allow_v1)?;
    idl::finish(&mut doc, elided)?;
    apply::resolve(&mut doc, &label).map_err(|e| relocate(e, &origins))?;
    Ok((doc, origins))
}

/// The files `paths` name: files as given, folders walked for `.json` and
/// `.smithy` files (sorted, so the order is the same on every machine).
pub fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let before = files.len();
            walk(path, &mut files)?;
            if files.len() == before {
                return Err(Error::Config(format!(
                    "{}: no .json or .smithy model files in this folder",
                    path.display()
                )));
            }
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|source| Error::Read {
        path: dir.to_owned(),
        source,
    })?;
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            walk(&path, files)?;
        } else if is_idl(&path) || path.extension().is_some_and(|e| e == "json") {
            files.push(path);
        }
    }
    Ok(())
}

fn is_idl(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "smithy")
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|source| Error::Read {
        path: path.to_owned(),
        source,
    })
}

/// The model made of `paths` as JSON AST text, for `smithy-codegen
/// convert`: shapes, traits and metadata sorted by key (members keep their
/// order, which means something), indented, so the output is the same run
/// to run. With `flatten`, mixins are flattened and mixin shapes removed.
pub fn convert(paths: &[PathBuf], flatten: bool) -> Result<String> {
    let mut doc = load_document(paths)?;
    if flatten {
        let label = paths.first().cloned().unwrap_or_default();
        mixins::flatten(&mut doc, &label)?;
    }
    if let Some(metadata) = doc.get_mut("metadata").and_then(Node::as_object_mut) {
        metadata.sort_by(|a, b| a.0.cmp(&b.0));
    }
    if let Some(shapes) = doc.get_mut("shapes").and_then(Node::as_object_mut) {
        // A stable sort: several `apply` shapes for one id keep their order.
        shapes.sort_by(|a, b| a.0.cmp(&b.0));
        for (_, shape) in shapes.iter_mut() {
            sort_traits(shape);
            let members = shape.get_mut("members").and_then(Node::as_object_mut);
            for (_, member) in members.into_iter().flatten() {
                sort_traits(member);
            }
            for name in ["member", "key", "value"] {
                if let Some(member) = shape.get_mut(name) {
                    sort_traits(member);
                }
            }
        }
    }
    Ok(doc.to_json_pretty())
}

fn sort_traits(shape: &mut Node) {
    if let Some(traits) = shape.get_mut("traits").and_then(Node::as_object_mut) {
        traits.sort_by(|a, b| a.0.cmp(&b.0));
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn idl(files: &[(&str, &str)]) -> Result<serde_json::Value> {
        let sources = files
            .iter()
            .map(|(name, text)| (PathBuf::from(name), (*text).to_owned(), true))
            .collect();
        documents(sources, false).map(|(doc, _)| doc.to_value())
    }

    #[test]
    fn relative_ids_resolve_by_use_then_namespace_then_prelude_across_files() {
        let doc = idl(&[
            (
                "a.smithy",
                "$version: \"2\"\nnamespace a\nuse other#Imported\n\
                 @documentation(Local)\n\
                 structure S {\n    i: Imported\n    l: Local\n    s: String\n    n: Integer\n    m: Missing\n}\n",
            ),
            ("b.smithy", "$version: \"2\"\nnamespace a\nstring Local\ninteger Integer\n"),
        ])
        .unwrap();
        let s = &doc["shapes"]["a#S"];
        let target = |m: &str| s["members"][m]["target"].clone();
        assert_eq!(target("i"), json!("other#Imported"));
        assert_eq!(target("l"), json!("a#Local"));
        assert_eq!(target("s"), json!("smithy.api#String"));
        // The namespace comes before the prelude, in whichever file.
        assert_eq!(target("n"), json!("a#Integer"));
        assert_eq!(target("m"), json!("a#Missing"));
        // An unquoted string in a trait value is a shape id.
        assert_eq!(s["traits"]["smithy.api#documentation"], json!("a#Local"));
    }

    #[test]
    fn a_null_default_stays_null_while_annotations_get_values() {
        let doc = idl(&[(
            "a.smithy",
            "$version: \"2\"\nnamespace a\nstructure S {\n    @sensitive\n    d: Document = null\n    n: Integer = 1\n}\n",
        )])
        .unwrap();
        let members = &doc["shapes"]["a#S"]["members"];
        assert_eq!(
            members["d"]["traits"],
            json!({"smithy.api#sensitive": {}, "smithy.api#default": null})
        );
        assert_eq!(members["n"]["traits"], json!({"smithy.api#default": 1}));
    }

    #[test]
    fn an_unquoted_string_naming_no_shape_is_an_error_with_its_position() {
        let error = idl(&[(
            "a.smithy",
            "$version: \"2\"\nnamespace a\n@documentation(nothing)\nstring S\n",
        )])
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            "a.smithy:3:16: the unquoted string `nothing` is a shape id that names no shape \
             (quote it if it is meant as a string)"
        );
    }

    #[test]
    fn annotations_take_their_definitions_type_and_elided_targets_their_mixins() {
        let doc = idl(&[
            (
                "a.smithy",
                "$version: \"2\"\nnamespace a\nuse b#marks\n\
                 /// Docs.\n@tags @marks @sensitive\n\
                 structure S with [b#Base] {\n    $id\n}\n",
            ),
            (
                "b.smithy",
                "$version: \"2\"\nnamespace b\n@trait\nlist marks { member: String }\n\
                 @mixin\nstructure Base { id: Integer }\n",
            ),
        ])
        .unwrap();
        let s = &doc["shapes"]["a#S"];
        assert_eq!(
            s["traits"],
            json!({"smithy.api#documentation": "Docs.", "smithy.api#tags": [],
                   "b#marks": [], "smithy.api#sensitive": {}})
        );
        assert_eq!(s["members"]["id"]["target"], json!("smithy.api#Integer"));
    }

    #[test]
    fn inline_io_takes_the_suffixes_and_syntax_errors_say_what_was_expected() {
        let doc = idl(&[(
            "a.smithy",
            "$version: \"2\"\n$operationInputSuffix: \"Request\"\nnamespace a\n\
             operation Op {\n    input := {\n        x: String = \"d\"\n    }\n}\n",
        )])
        .unwrap();
        assert_eq!(
            doc["shapes"]["a#Op"]["input"],
            json!({"target": "a#OpRequest"})
        );
        assert_eq!(
            doc["shapes"]["a#OpRequest"],
            json!({"type": "structure", "traits": {"smithy.api#input": {}},
                   "members": {"x": {"target": "smithy.api#String",
                                     "traits": {"smithy.api#default": "d"}}}})
        );
        let error = idl(&[(
            "a.smithy",
            "$version: \"2\"\nnamespace a\nstructure S {\n    x := String\n}\n",
        )])
        .unwrap_err();
        assert_eq!(error.to_string(), "a.smithy:4:7: expected `:`, found `:=`");
        let error =
            idl(&[("a.smithy", "namespace a\nstructure S {\n    x: String\n")]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "a.smithy:4:1: expected `}`, found the end of the file"
        );
    }
}
