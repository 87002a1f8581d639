//! Reading a model file and checking what the generator relies on: ids are
//! well formed, every target exists and is data, lists and maps are
//! complete, operations point at structures, trait values have the right
//! JSON types. Each failure names the file, the shape and the JSON path.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use super::traits::EnumValue;
use super::{
    Member, Model, Node, RawMember, RawModel, RawShape, RawTarget, Shape, ShapeId, ShapeKind,
    mixins, node, prelude, trait_set,
};
use crate::error::{Error, Location, Result};

/// Reads and checks the model at `path`: a JSON AST or IDL file, or a
/// folder of them (see [`load_all`](super::load_all)).
pub fn load(path: &Path) -> Result<Model> {
    super::load_all(&[path.to_owned()])
}

/// Parses and checks a model given as text; `file` is only used in errors.
/// Mixins are flattened and `apply` shapes applied first.
pub fn parse(text: &str, file: &Path) -> Result<Model> {
    check_top_level(text, file)?;
    // Most models have neither; they keep serde's exact line:column errors
    // and are parsed once.
    let may_need = ["\"mixins\"", "\"apply\"", "smithy.api#mixin"]
        .iter()
        .any(|needle| text.contains(needle));
    if may_need {
        let mut doc = Node::from_json(text, file)?;
        if mixins::needed(&doc) {
            mixins::flatten(&mut doc, file)?;
            return parse_flat(&doc.to_json(), file);
        }
    }
    parse_flat(text, file)
}

/// Parses and checks a JSON AST without mixins or `apply` shapes.
fn parse_flat(text: &str, file: &Path) -> Result<Model> {
    let raw: RawModel = serde_json::from_str(text).map_err(|e| node::json_error(&e, file))?;
    if raw.smithy != "2" && !raw.smithy.starts_with("2.") {
        return Err(Error::Version {
            file: file.to_owned(),
            version: raw.smithy,
        });
    }
    let mut loader = Loader {
        file: file.to_owned(),
        shapes: BTreeMap::new(),
    };
    for (id, raw_shape) in raw.shapes.0 {
        loader.add(id, raw_shape)?;
    }
    for shape in prelude::shapes() {
        loader.shapes.entry(shape.id.clone()).or_insert(shape);
    }
    loader.check()?;
    Ok(Model {
        files: vec![loader.file.clone()],
        file: loader.file,
        shapes: loader.shapes,
    })
}

/// The top level must be a JSON object. serde alone would accept a list
/// (`["2.0", {}]` fills `RawModel` field by field) and word any other value's
/// error after the private type `RawModel`.
pub(super) fn check_top_level(text: &str, file: &Path) -> Result<()> {
    let Some((offset, first)) = text.char_indices().find(|(_, c)| !c.is_whitespace()) else {
        return Ok(()); // serde reports the empty file
    };
    if first == '{' {
        return Ok(());
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Err(Error::Json {
        file: file.to_owned(),
        line,
        column,
        message: format!(
            "the top level must be a JSON object (a Smithy JSON AST), found {first:?}"
        ),
    })
}

struct Loader {
    file: PathBuf,
    shapes: BTreeMap<ShapeId, Shape>,
}

impl Loader {
    fn error(&self, shape: &str, json_path: String, message: impl Into<String>) -> Error {
        Error::Invalid {
            location: Location {
                file: self.file.clone(),
                shape: Some(shape.to_owned()),
                json_path: Some(json_path),
            },
            message: message.into(),
        }
    }

    fn add(&mut self, id: String, raw: RawShape) -> Result<()> {
        let at = format!("shapes[{id:?}]");
        if !is_shape_id(&id) {
            return Err(self.error(
                &id,
                at,
                "not a valid absolute shape id (expected `namespace#Name`)",
            ));
        }
        let kind = ShapeKind::parse(&raw.kind).ok_or_else(|| {
            self.error(
                &id,
                format!("{at}.type"),
                format!("unsupported shape type {:?}", raw.kind),
            )
        })?;
        let members = self.members(&id, &at, kind, &raw)?;
        let traits = trait_set::parse(&raw.traits).map_err(|(name, problem)| {
            self.error(&id, format!("{at}.traits[{name:?}]"), problem)
        })?;
        let target = |t: &Option<RawTarget>| t.as_ref().map(|t| ShapeId::new(&t.target));
        let list = |ts: &[RawTarget]| ts.iter().map(|t| ShapeId::new(&t.target)).collect();
        let mut operations: Vec<ShapeId> = list(&raw.operations);
        // A resource's operations belong to the service that binds it; keep
        // the resource ids here and flatten them in `check`.
        operations.extend(list(&raw.resources));
        operations.extend(list(&raw.collection_operations));
        for lifecycle in [
            &raw.create,
            &raw.put,
            &raw.read,
            &raw.update,
            &raw.delete,
            &raw.list,
        ] {
            operations.extend(target(lifecycle));
        }
        let shape = Shape {
            id: ShapeId::new(&id),
            kind,
            members,
            traits,
            input: target(&raw.input),
            output: target(&raw.output),
            errors: list(&raw.errors),
            operations,
            version: raw.version,
            rename: raw.rename,
        };
        self.shapes.insert(shape.id.clone(), shape);
        Ok(())
    }

    fn members(&self, id: &str, at: &str, kind: ShapeKind, raw: &RawShape) -> Result<Vec<Member>> {
        let member = |name: &str, raw: &RawMember| -> Result<Member> {
            let member_at = match kind {
                ShapeKind::List | ShapeKind::Map => format!("{at}.{name}"),
                _ => format!("{at}.members.{name}"),
            };
            let traits = trait_set::parse(&raw.traits).map_err(|(trait_id, problem)| {
                self.error(id, format!("{member_at}.traits[{trait_id:?}]"), problem)
            })?;
            Ok(Member {
                name: name.to_owned(),
                target: ShapeId::new(&raw.target),
                traits,
            })
        };
        match kind {
            ShapeKind::List => {
                let Some(m) = &raw.member else {
                    return Err(self.error(id, at.to_owned(), "a list needs a `member`"));
                };
                Ok(vec![member("member", m)?])
            }
            ShapeKind::Map => match (&raw.key, &raw.value) {
                (Some(k), Some(v)) => Ok(vec![member("key", k)?, member("value", v)?]),
                _ => Err(self.error(id, at.to_owned(), "a map needs a `key` and a `value`")),
            },
            _ => raw.members.0.iter().map(|(n, m)| member(n, m)).collect(),
        }
    }

    fn check(&self) -> Result<()> {
        let mut lowercase: HashMap<String, &ShapeId> = HashMap::new();
        for (id, shape) in &self.shapes {
            if let Some(other) = lowercase.insert(id.as_str().to_lowercase(), id) {
                return Err(self.error(
                    id.as_str(),
                    format!("shapes[{:?}]", id.as_str()),
                    format!("shape ids {other} and {id} differ only in case"),
                ));
            }
            self.check_shape(shape)?;
        }
        Ok(())
    }

    fn check_shape(&self, shape: &Shape) -> Result<()> {
        let id = shape.id.as_str();
        let at = format!("shapes[{id:?}]");
        let mut enum_values = HashMap::new();
        for member in &shape.members {
            let member_at = match shape.kind {
                ShapeKind::List | ShapeKind::Map => format!("{at}.{}", member.name),
                _ => format!("{at}.members.{}", member.name),
            };
            let target = self.shapes.get(&member.target).ok_or_else(|| {
                self.error(
                    id,
                    format!("{member_at}.target"),
                    format!(
                        "member {id}${} targets {}, which does not exist",
                        member.name, member.target
                    ),
                )
            })?;
            if !target.kind.is_data() {
                return Err(self.error(
                    id,
                    format!("{member_at}.target"),
                    format!(
                        "member {id}${} targets {}, which is of type {:?}, not a data shape",
                        member.name, member.target, target.kind
                    ),
                ));
            }
            if shape.kind == ShapeKind::Map
                && member.name == "key"
                && !matches!(target.kind, ShapeKind::String | ShapeKind::Enum)
            {
                return Err(self.error(
                    id,
                    format!("{member_at}.target"),
                    format!("map keys must be strings, but {} is not", member.target),
                ));
            }
            if matches!(shape.kind, ShapeKind::Enum | ShapeKind::IntEnum) {
                // Shown in the message: `"red"` or `1`, not `String("red")`.
                let value = match &member.traits.enum_value {
                    Some(EnumValue::String(value)) => format!("{value:?}"),
                    Some(EnumValue::Int(value)) => value.to_string(),
                    None => format!("{:?}", member.name),
                };
                if let Some(first) = enum_values.insert(value.clone(), &member.name) {
                    return Err(self.error(
                        id,
                        member_at,
                        format!(
                            "enum members {first} and {} have the same value {value}",
                            member.name
                        ),
                    ));
                }
            }
        }
        match shape.kind {
            ShapeKind::Operation => self.check_operation(shape, &at),
            ShapeKind::Service | ShapeKind::Resource => {
                for (index, op) in shape.operations.iter().enumerate() {
                    match self.shapes.get(op).map(|s| s.kind) {
                        Some(ShapeKind::Operation | ShapeKind::Resource) => {}
                        _ => {
                            return Err(self.error(
                                id,
                                format!("{at}.operations[{index}]"),
                                format!("{op} is not an operation or resource of the model"),
                            ));
                        }
                    }
                }
                self.check_errors(shape, &at)
            }
            _ => Ok(()),
        }
    }

    fn check_operation(&self, shape: &Shape, at: &str) -> Result<()> {
        let id = shape.id.as_str();
        for (field, target) in [("input", &shape.input), ("output", &shape.output)] {
            let Some(target) = target else { continue };
            match self.shapes.get(target).map(|s| s.kind) {
                Some(ShapeKind::Structure) => {}
                Some(kind) => {
                    return Err(self.error(
                        id,
                        format!("{at}.{field}.target"),
                        format!("operation {field} {target} is of type {kind:?}, not a structure"),
                    ));
                }
                None => {
                    return Err(self.error(
                        id,
                        format!("{at}.{field}.target"),
                        format!("operation {field} {target} does not exist"),
                    ));
                }
            }
        }
        self.check_errors(shape, at)
    }

    fn check_errors(&self, shape: &Shape, at: &str) -> Result<()> {
        for (index, error) in shape.errors.iter().enumerate() {
            match self.shapes.get(error) {
                Some(s) if s.kind == ShapeKind::Structure => {}
                _ => {
                    return Err(self.error(
                        shape.id.as_str(),
                        format!("{at}.errors[{index}].target"),
                        format!("error {error} is not a structure of the model"),
                    ));
                }
            }
        }
        Ok(())
    }
}

/// `namespace#Name`: dotted identifiers, `#`, one identifier.
fn is_shape_id(id: &str) -> bool {
    let Some((namespace, name)) = id.split_once('#') else {
        return false;
    };
    namespace.split('.').all(is_identifier) && is_identifier(name)
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' => {}
        _ => return false,
    }
    chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}
