//! One IDL file as written: names not yet resolved, node values with
//! their unquoted strings, positions kept for the errors that can only be
//! found once every file is read.

use super::cursor::Pos;
use super::value::Value;

/// A relative or absolute shape id where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Name {
    pub text: String,
    pub pos: Pos,
}

#[derive(Debug, Clone)]
pub struct Trait {
    pub name: Name,
    /// `None` for `@name` without parentheses (an annotation).
    pub value: Option<Value>,
}

#[derive(Debug, Clone)]
pub enum Target {
    Explicit(Name),
    /// `$name`: the target of the bound resource's identifier or property,
    /// else of the mixin member of that name.
    Elided,
}

#[derive(Debug, Clone)]
pub struct Member {
    pub name: String,
    pub pos: Pos,
    pub target: Target,
    pub traits: Vec<Trait>,
    /// `= value`: a default, or an enum member's value.
    pub value: Option<(Value, Pos)>,
}

#[derive(Debug, Clone)]
pub enum Body {
    /// Simple shapes.
    None,
    /// Structures, unions, lists, maps, enums.
    Members(Vec<Member>),
    /// Services and resources: a node object.
    Entity(Vec<(String, Value)>),
    /// Operations: input, output (shape ids; inline shapes are separate
    /// shapes of the file) and errors.
    Operation {
        input: Option<Name>,
        output: Option<Name>,
        errors: Option<Vec<Name>>,
    },
}

#[derive(Debug, Clone)]
pub struct Shape {
    /// `structure`, `string`, ...
    pub kind: String,
    pub name: String,
    pub pos: Pos,
    pub traits: Vec<Trait>,
    pub mixins: Vec<Name>,
    /// `for Resource`.
    pub resource: Option<Name>,
    pub body: Body,
}

#[derive(Debug, Clone)]
pub struct Apply {
    pub target: Name,
    pub traits: Vec<Trait>,
}

/// A parsed IDL file.
#[derive(Debug, Clone, Default)]
pub struct File {
    /// `$version`, `"1.0"` when absent (as Smithy assumes).
    pub version: String,
    pub namespace: Option<String>,
    /// Imported shape ids.
    pub uses: Vec<Name>,
    pub metadata: Vec<(String, Value)>,
    pub shapes: Vec<Shape>,
    pub applies: Vec<Apply>,
}

impl File {
    pub fn is_v1(&self) -> bool {
        self.version == "1" || self.version.starts_with("1.")
    }
}
