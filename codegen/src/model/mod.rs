//! The Smithy 2.0 JSON AST: serde types over the file, loading, and the
//! checks that make every later stage free to assume a well-formed model.
//!
//! Traits are parsed once, as each shape is loaded, into a typed
//! [`TraitSet`]; nothing past this module reads a trait's JSON. Members
//! keep the order the file gives them, because the JSON body of a request
//! lists members in model order.

mod apply;
mod files;
mod idl;
pub mod jmespath;
mod load;
mod merge;
mod mixins;
pub mod node;
mod prelude;
pub mod test_cases;
pub mod trait_set;
pub mod traits;

pub use files::{convert, expand, load_all, load_document, parse_idl};
pub use load::{load, parse};
pub use mixins::flatten_with as flatten_document;
pub use node::Node;
pub use prelude::UNIT;
pub use trait_set::TraitSet;

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;
use serde_json::Value;

/// A shape id, `namespace#Name` or `namespace#Name$member`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ShapeId(String);

impl ShapeId {
    /// Wraps an absolute shape id; the loader has already checked its syntax.
    pub fn new(id: impl Into<String>) -> ShapeId {
        ShapeId(id.into())
    }

    /// The full id.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part after `#`: the shape's name.
    pub fn name(&self) -> &str {
        self.0
            .split_once('#')
            .map_or(self.0.as_str(), |(_, name)| name)
    }

    /// The part before `#`.
    pub fn namespace(&self) -> &str {
        self.0.split_once('#').map_or("", |(ns, _)| ns)
    }
}

impl std::fmt::Display for ShapeId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The kinds of shape the generator understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShapeKind {
    Blob,
    Boolean,
    String,
    Byte,
    Short,
    Integer,
    Long,
    Float,
    Double,
    BigInteger,
    BigDecimal,
    Timestamp,
    Document,
    Enum,
    IntEnum,
    List,
    Map,
    Structure,
    Union,
    Operation,
    Service,
    Resource,
}

impl ShapeKind {
    /// Parses the `type` field of a shape.
    pub fn parse(name: &str) -> Option<ShapeKind> {
        Some(match name {
            "blob" => ShapeKind::Blob,
            "boolean" => ShapeKind::Boolean,
            "string" => ShapeKind::String,
            "byte" => ShapeKind::Byte,
            "short" => ShapeKind::Short,
            "integer" => ShapeKind::Integer,
            "long" => ShapeKind::Long,
            "float" => ShapeKind::Float,
            "double" => ShapeKind::Double,
            "bigInteger" => ShapeKind::BigInteger,
            "bigDecimal" => ShapeKind::BigDecimal,
            "timestamp" => ShapeKind::Timestamp,
            "document" => ShapeKind::Document,
            "enum" => ShapeKind::Enum,
            "intEnum" => ShapeKind::IntEnum,
            "list" | "set" => ShapeKind::List,
            "map" => ShapeKind::Map,
            "structure" => ShapeKind::Structure,
            "union" => ShapeKind::Union,
            "operation" => ShapeKind::Operation,
            "service" => ShapeKind::Service,
            "resource" => ShapeKind::Resource,
            _ => return None,
        })
    }

    /// Whether members of other shapes may target a shape of this kind.
    pub fn is_data(self) -> bool {
        !matches!(
            self,
            ShapeKind::Operation | ShapeKind::Service | ShapeKind::Resource
        )
    }
}

/// Traits by absolute id as the file gives them, until `trait_set::parse`
/// reads them.
type Traits = BTreeMap<String, Value>;

/// A member of a structure, union, enum, list or map.
#[derive(Debug, Clone)]
pub struct Member {
    /// The member's name as the model spells it (the wire name).
    pub name: String,
    /// The shape it targets.
    pub target: ShapeId,
    /// Its own traits (the target's traits are separate).
    pub traits: TraitSet,
}

/// One shape of the model.
#[derive(Debug, Clone)]
pub struct Shape {
    /// Its id.
    pub id: ShapeId,
    /// Its kind.
    pub kind: ShapeKind,
    /// Members in model order (structure, union, enum, intEnum); for lists
    /// the single `member`, for maps `key` then `value`.
    pub members: Vec<Member>,
    /// Its traits.
    pub traits: TraitSet,
    /// Operation input, output and errors; service operations.
    pub input: Option<ShapeId>,
    /// Operation output.
    pub output: Option<ShapeId>,
    /// Operation errors, or the service's common errors.
    pub errors: Vec<ShapeId>,
    /// Service operations and resources' operations, flattened.
    pub operations: Vec<ShapeId>,
    /// Service version.
    pub version: Option<String>,
    /// Service `rename` map: shape id → new name.
    pub rename: BTreeMap<String, String>,
}

impl Shape {
    /// The member called `name`.
    pub fn member(&self, name: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.name == name)
    }
}

/// A loaded and checked model.
#[derive(Debug, Clone)]
pub struct Model {
    /// Where it came from, for error messages (the first path given).
    pub file: PathBuf,
    /// Every file it was read from.
    pub files: Vec<PathBuf>,
    /// Every shape, the prelude's included, by id.
    pub shapes: BTreeMap<ShapeId, Shape>,
}

impl Model {
    /// The shape with this id.
    pub fn shape(&self, id: &ShapeId) -> Option<&Shape> {
        self.shapes.get(id)
    }

    /// The services the model defines.
    pub fn services(&self) -> impl Iterator<Item = &Shape> {
        self.shapes
            .values()
            .filter(|shape| shape.kind == ShapeKind::Service)
    }
}

/// The raw file as serde sees it; [`load`] turns it into a [`Model`].
#[derive(Deserialize)]
struct RawModel {
    smithy: String,
    #[serde(default)]
    shapes: RawShapes,
}

#[derive(Deserialize)]
struct RawTarget {
    target: String,
}

#[derive(Deserialize)]
struct RawMember {
    target: String,
    #[serde(default)]
    traits: Traits,
}

#[derive(Deserialize)]
struct RawShape {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    members: Ordered<RawMember>,
    member: Option<RawMember>,
    key: Option<RawMember>,
    value: Option<RawMember>,
    #[serde(default)]
    traits: Traits,
    input: Option<RawTarget>,
    output: Option<RawTarget>,
    #[serde(default)]
    errors: Vec<RawTarget>,
    #[serde(default)]
    operations: Vec<RawTarget>,
    #[serde(default)]
    resources: Vec<RawTarget>,
    // Resource lifecycle operations: they belong to the service as well.
    create: Option<RawTarget>,
    put: Option<RawTarget>,
    read: Option<RawTarget>,
    update: Option<RawTarget>,
    delete: Option<RawTarget>,
    list: Option<RawTarget>,
    #[serde(default, rename = "collectionOperations")]
    collection_operations: Vec<RawTarget>,
    version: Option<String>,
    #[serde(default)]
    rename: BTreeMap<String, String>,
}

/// Shapes in file order, so that errors can name the first bad one.
type RawShapes = Ordered<RawShape>;

/// A JSON object read as a list of entries in the order the file gives
/// them (serde_json's `Map` would sort them).
struct Ordered<T>(Vec<(String, T)>);

impl<T> Default for Ordered<T> {
    fn default() -> Self {
        Ordered(Vec::new())
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Ordered<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for Visitor<T> {
            type Value = Ordered<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry::<String, T>()? {
                    entries.push(entry);
                }
                Ok(Ordered(entries))
            }
        }
        deserializer.deserialize_map(Visitor(std::marker::PhantomData))
    }
}
