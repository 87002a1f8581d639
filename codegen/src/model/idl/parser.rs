//! The statements of an IDL file, as the grammar of the specification
//! (`idl.rst`) has them: control, metadata, namespace, use, shapes and
//! apply, each checked where it is written.

use std::path::Path;

use super::ast::{Apply, Body, File, Member, Name, Shape, Target, Trait};
use super::cursor::{Cursor, Pos, Result};
use super::value::{Value, colon, node_value, object_key};

const SIMPLE: &[&str] = &[
    "blob",
    "boolean",
    "document",
    "string",
    "byte",
    "short",
    "integer",
    "long",
    "float",
    "double",
    "bigInteger",
    "bigDecimal",
    "timestamp",
];

pub fn parse(text: &str, file: &Path) -> Result<File> {
    let mut c = Cursor::new(text, file);
    let mut p = Parser {
        c: &mut c,
        out: File {
            version: "1.0".to_owned(),
            ..File::default()
        },
        input_suffix: "Input".to_owned(),
        output_suffix: "Output".to_owned(),
        names: Default::default(),
    };
    p.file()?;
    Ok(p.out)
}

struct Parser<'c, 'a> {
    c: &'c mut Cursor<'a>,
    out: File,
    input_suffix: String,
    output_suffix: String,
    /// The names of the shapes so far, to refuse one defined twice.
    names: std::collections::HashSet<String>,
}

impl Parser<'_, '_> {
    fn file(&mut self) -> Result<()> {
        self.c.ws();
        self.control_section()?;
        while self.c.at_keyword("metadata") {
            self.metadata()?;
        }
        if self.c.at_end() {
            return Ok(());
        }
        if !self.c.at_keyword("namespace") {
            return Err(self.c.expected("a namespace statement"));
        }
        self.c.eat("namespace");
        self.c.require_sp()?;
        self.out.namespace = Some(self.c.namespace()?);
        self.c.br()?;
        while self.c.at_keyword("use") {
            self.use_statement()?;
        }
        while !self.c.at_end() {
            self.shape_or_apply()?;
            self.c.br()?;
        }
        Ok(())
    }

    fn control_section(&mut self) -> Result<()> {
        let mut seen = Vec::new();
        while self.c.peek() == Some('$') {
            self.c.bump();
            let key = object_key(self.c)?;
            self.c.sp();
            colon(self.c)?;
            self.c.sp();
            let value_pos = self.c.pos();
            let value = node_value(self.c)?;
            if seen.contains(&key) {
                return Err(self
                    .c
                    .error_at(value_pos, format!("duplicate control statement `{key}`")));
            }
            seen.push(key.clone());
            let text = match &value {
                Value::String(s) => Some(s.clone()),
                _ => None,
            };
            match key.as_str() {
                "version" => {
                    let Some(version) = text.filter(|v| is_supported_version(v)) else {
                        return Err(self.c.error_at(
                            value_pos,
                            "the $version control statement must be a supported version \
                             string (\"1\", \"1.x\", \"2\" or \"2.x\")",
                        ));
                    };
                    self.out.version = version;
                }
                "operationInputSuffix" | "operationOutputSuffix" => {
                    let Some(suffix) = text else {
                        return Err(self
                            .c
                            .error_at(value_pos, format!("${key} must be a string")));
                    };
                    if key == "operationInputSuffix" {
                        self.input_suffix = suffix;
                    } else {
                        self.output_suffix = suffix;
                    }
                }
                // Unknown control statements are ignored, as specified.
                _ => {}
            }
            self.c.br()?;
        }
        Ok(())
    }

    fn metadata(&mut self) -> Result<()> {
        self.c.eat("metadata");
        self.c.require_sp()?;
        let key = object_key(self.c)?;
        self.c.sp();
        self.c.expect("=")?;
        self.c.sp();
        let value = node_value(self.c)?;
        self.out.metadata.push((key, value));
        self.c.br()
    }

    fn use_statement(&mut self) -> Result<()> {
        self.c.eat("use");
        self.c.require_sp()?;
        let pos = self.c.pos();
        let mut text = self.c.namespace()?;
        self.c.expect("#")?;
        text.push('#');
        text.push_str(&self.c.identifier()?);
        if self.c.peek() == Some('$') {
            return Err(self.c.error("use statements cannot import members"));
        }
        let name = text.rsplit('#').next().unwrap_or_default();
        let clash = self
            .out
            .uses
            .iter()
            .find(|u| u.text.rsplit('#').next() == Some(name) && u.text != text);
        if let Some(other) = clash {
            return Err(self.c.error_at(
                pos,
                format!("cannot use {text} because it conflicts with {}", other.text),
            ));
        }
        self.out.uses.push(Name { text, pos });
        self.c.br()
    }

    fn shape_or_apply(&mut self) -> Result<()> {
        let docs = self.c.take_docs();
        let traits_pos = self.c.pos();
        let mut traits = self.trait_statements()?;
        if self.c.at_keyword("apply") {
            if !traits.is_empty() {
                return Err(self
                    .c
                    .error("traits cannot be applied to an apply statement"));
            }
            return self.apply();
        }
        add_docs(&mut traits, docs, traits_pos);
        let shape = self.shape(traits)?;
        self.add_shape(shape)
    }

    fn add_shape(&mut self, shape: Shape) -> Result<()> {
        if !self.names.insert(shape.name.clone()) {
            return Err(self.c.error_at(
                shape.pos,
                format!("shape {} is defined twice in this file", shape.name),
            ));
        }
        self.out.shapes.push(shape);
        Ok(())
    }

    fn apply(&mut self) -> Result<()> {
        self.c.eat("apply");
        self.c.require_sp()?;
        let target = self.name()?;
        let before = self.c.pos();
        self.c.ws();
        if self.c.pos() == before {
            return Err(self.c.expected("whitespace"));
        }
        let traits = if self.c.eat("{") {
            self.c.ws();
            let traits = self.trait_statements()?;
            self.c.expect("}")?;
            traits
        } else if self.c.peek() == Some('@') {
            vec![self.trait_statement()?]
        } else {
            return Err(self.c.expected("`@` or `{`"));
        };
        self.out.applies.push(Apply { target, traits });
        Ok(())
    }

    fn name(&mut self) -> Result<Name> {
        let pos = self.c.pos();
        Ok(Name {
            text: self.c.shape_id()?,
            pos,
        })
    }

    /// `*(Trait [WS])`.
    fn trait_statements(&mut self) -> Result<Vec<Trait>> {
        let mut traits = Vec::new();
        while self.c.peek() == Some('@') {
            traits.push(self.trait_statement()?);
            self.c.ws();
        }
        Ok(traits)
    }

    fn trait_statement(&mut self) -> Result<Trait> {
        self.c.expect("@")?;
        let name = self.name()?;
        if !self.c.eat("(") {
            return Ok(Trait { name, value: None });
        }
        self.c.ws();
        if self.c.eat(")") {
            return Ok(Trait {
                name,
                value: Some(Value::Object(Vec::new())),
            });
        }
        let value = self.trait_body()?;
        self.c.ws();
        self.c.expect(")")?;
        Ok(Trait {
            name,
            value: Some(value),
        })
    }

    /// A trait's value: `key: value` pairs (a structure) or one node value.
    fn trait_body(&mut self) -> Result<Value> {
        let text_block = self.c.at("\"\"\"");
        let first = node_value(self.c)?;
        let key = match &first {
            _ if text_block => None,
            Value::String(s) => Some(s.clone()),
            Value::Id(id, _) if !id.contains(['.', '#', '$']) => Some(id.clone()),
            _ => None,
        };
        self.c.ws();
        let Some(key) = key.filter(|_| self.c.peek() == Some(':')) else {
            return Ok(first);
        };
        colon(self.c)?;
        self.c.ws();
        let mut entries = vec![(key, node_value(self.c)?)];
        loop {
            self.c.ws();
            if self.c.peek() == Some(')') {
                return Ok(Value::Object(entries));
            }
            let key = object_key(self.c)?;
            self.c.ws();
            colon(self.c)?;
            self.c.ws();
            entries.push((key, node_value(self.c)?));
        }
    }

    fn shape(&mut self, traits: Vec<Trait>) -> Result<Shape> {
        let kind_pos = self.c.pos();
        let kind = self.c.word().to_owned();
        let known = SIMPLE.contains(&kind.as_str())
            || matches!(
                kind.as_str(),
                "enum"
                    | "intEnum"
                    | "list"
                    | "set"
                    | "map"
                    | "union"
                    | "structure"
                    | "service"
                    | "resource"
                    | "operation"
            );
        if !known {
            if kind.is_empty() {
                return Err(self.c.expected("a shape or apply statement"));
            }
            return Err(self.c.error(format!("unknown shape type `{kind}`")));
        }
        self.c.eat(&kind);
        self.c.require_sp()?;
        let pos = self.c.pos();
        let name = self.c.identifier()?;
        let mut shape = Shape {
            kind: kind.clone(),
            name,
            pos,
            traits,
            mixins: Vec::new(),
            resource: None,
            body: Body::None,
        };
        let aggregate = matches!(
            kind.as_str(),
            "list" | "set" | "map" | "union" | "structure"
        );
        if aggregate {
            shape.resource = self.for_resource()?;
        }
        shape.mixins = self.mixins()?;
        if SIMPLE.contains(&kind.as_str()) {
            return Ok(shape);
        }
        self.c.ws();
        shape.body = match kind.as_str() {
            "service" | "resource" if self.c.peek() != Some('{') => {
                return Err(self.c.expected("`{`"));
            }
            "service" | "resource" => match node_value(self.c)? {
                Value::Object(entries) => Body::Entity(entries),
                _ => {
                    return Err(self
                        .c
                        .error_at(kind_pos, format!("a {kind} needs a `{{...}}` body")));
                }
            },
            "operation" => self.operation_body(&shape.name)?,
            _ => Body::Members(self.members(kind == "enum" || kind == "intEnum")?),
        };
        Ok(shape)
    }

    /// `for Resource`, right after the shape's name.
    fn for_resource(&mut self) -> Result<Option<Name>> {
        self.c.sp();
        if !self.c.at_keyword("for") {
            return Ok(None);
        }
        self.c.eat("for");
        self.c.require_sp()?;
        Ok(Some(self.name()?))
    }

    /// `with [A B]`, on the same line.
    fn mixins(&mut self) -> Result<Vec<Name>> {
        self.c.sp();
        if !self.c.at_keyword("with") {
            return Ok(Vec::new());
        }
        self.c.eat("with");
        self.c.ws();
        self.c.expect("[")?;
        self.c.ws();
        let mut names = vec![self.name()?];
        loop {
            self.c.ws();
            if self.c.eat("]") {
                return Ok(names);
            }
            names.push(self.name()?);
        }
    }

    fn members(&mut self, is_enum: bool) -> Result<Vec<Member>> {
        self.c.expect("{")?;
        let mut members: Vec<Member> = Vec::new();
        loop {
            self.c.ws();
            if self.c.eat("}") {
                return Ok(members);
            }
            if self.c.at_end() {
                return Err(self.c.expected("`}`"));
            }
            let docs = self.c.take_docs();
            let traits_pos = self.c.pos();
            let mut traits = self.trait_statements()?;
            add_docs(&mut traits, docs, traits_pos);
            let pos = self.c.pos();
            let (name, target) = if !is_enum && self.c.eat("$") {
                (self.c.identifier()?, Target::Elided)
            } else {
                let name = self.c.identifier()?;
                if is_enum {
                    (name, Target::Elided)
                } else {
                    self.c.sp();
                    colon(self.c)?;
                    self.c.sp();
                    (name, Target::Explicit(self.name()?))
                }
            };
            if members.iter().any(|m| m.name == name) {
                return Err(self
                    .c
                    .error_at(pos, format!("member `{name}` is defined twice")));
            }
            let value = self.value_assignment()?;
            members.push(Member {
                name,
                pos,
                target,
                traits,
                value,
            });
        }
    }

    /// `= value` and the line break that must follow it.
    fn value_assignment(&mut self) -> Result<Option<(Value, Pos)>> {
        self.c.sp();
        if !self.c.eat("=") {
            return Ok(None);
        }
        self.c.sp();
        let pos = self.c.pos();
        let value = node_value(self.c)?;
        self.c.sp();
        self.c.eat(",");
        self.c.br()?;
        Ok(Some((value, pos)))
    }

    fn operation_body(&mut self, operation: &str) -> Result<Body> {
        self.c.expect("{")?;
        let (mut input, mut output, mut errors) = (None, None, None);
        loop {
            self.c.ws();
            if self.c.at_end() {
                return Err(self.c.expected("`}`"));
            }
            if self.c.eat("}") {
                return Ok(Body::Operation {
                    input,
                    output,
                    errors,
                });
            }
            let pos = self.c.pos();
            let key = self.c.identifier()?;
            let duplicate = match key.as_str() {
                "input" => input.is_some(),
                "output" => output.is_some(),
                "errors" => errors.is_some(),
                _ => {
                    return Err(self.c.error_at(
                        pos,
                        format!(
                            "unknown operation property `{key}` (expected input, output or errors)"
                        ),
                    ));
                }
            };
            if duplicate {
                return Err(self
                    .c
                    .error_at(pos, format!("operation property `{key}` is given twice")));
            }
            self.c.ws();
            if key == "errors" {
                colon(self.c)?;
                self.c.ws();
                self.c.expect("[")?;
                let mut list = Vec::new();
                loop {
                    self.c.ws();
                    if self.c.eat("]") {
                        break;
                    }
                    list.push(self.name()?);
                }
                errors = Some(list);
                continue;
            }
            let target = if self.c.eat(":=") {
                self.inline_shape(operation, &key, pos)?
            } else {
                colon(self.c)?;
                self.c.ws();
                self.name()?
            };
            if key == "input" {
                input = Some(target);
            } else {
                output = Some(target);
            }
        }
    }

    /// `:= [traits] [for R] [with [...]] { members }`: a structure named
    /// after the operation, with `@input` or `@output`.
    fn inline_shape(&mut self, operation: &str, key: &str, pos: Pos) -> Result<Name> {
        if self.out.is_v1() {
            return Err(self.c.error_at(
                pos,
                format!(
                    "inline operation input and output need Smithy version 2 or later (this file is version {})",
                    self.out.version
                ),
            ));
        }
        self.c.ws();
        let docs = self.c.take_docs();
        let traits_pos = self.c.pos();
        let mut traits = self.trait_statements()?;
        add_docs(&mut traits, docs, traits_pos);
        traits.push(Trait {
            name: Name {
                text: format!("smithy.api#{key}"),
                pos,
            },
            value: Some(Value::Object(Vec::new())),
        });
        let suffix = if key == "input" {
            &self.input_suffix
        } else {
            &self.output_suffix
        };
        let name = format!("{operation}{suffix}");
        let resource = self.for_resource()?;
        let mixins = self.mixins()?;
        self.c.ws();
        let members = self.members(false)?;
        let shape = Shape {
            kind: "structure".to_owned(),
            name: name.clone(),
            pos,
            traits,
            mixins,
            resource,
            body: Body::Members(members),
        };
        self.add_shape(shape)?;
        Ok(Name { text: name, pos })
    }
}

/// A documentation comment becomes the `documentation` trait.
fn add_docs(traits: &mut Vec<Trait>, docs: Option<String>, pos: Pos) {
    if let Some(docs) = docs {
        traits.insert(
            0,
            Trait {
                name: Name {
                    text: "smithy.api#documentation".to_owned(),
                    pos,
                },
                value: Some(Value::String(docs)),
            },
        );
    }
}

fn is_supported_version(v: &str) -> bool {
    let (major, minor) = v.split_once('.').unwrap_or((v, "0"));
    matches!(major, "1" | "2") && !minor.is_empty() && minor.chars().all(|c| c.is_ascii_digit())
}
