//! Services and resources: their node object (`version`, `operations`,
//! `identifiers`, lifecycle operations, ...) as JSON AST properties, every
//! shape id as a `{"target": ...}`.

use super::ast::{Name, Shape};
use super::lower::Lowerer;
use super::value::Value;
use crate::error::Result;
use crate::model::node::Node;

impl Lowerer<'_> {
    /// A service's or resource's node object as JSON AST properties.
    pub(super) fn entity(
        &self,
        shape: &Shape,
        entries: &[(String, Value)],
        out: &mut Node,
    ) -> Result<()> {
        let service = shape.kind == "service";
        for (key, value) in entries {
            let node = match (key.as_str(), value) {
                ("version", Value::String(s)) if service => Node::String(s.clone()),
                ("rename", Value::Object(_)) if service => self.value(value, false)?,
                ("operations" | "resources" | "errors", Value::Array(items))
                    if service || key != "errors" =>
                {
                    self.target_set(shape, key, items)?
                }
                ("collectionOperations", Value::Array(items)) if !service => {
                    self.target_set(shape, key, items)?
                }
                ("create" | "put" | "read" | "update" | "delete" | "list", v) if !service => {
                    self.entity_target(shape, key, v)?
                }
                ("identifiers" | "properties", Value::Object(map)) if !service => {
                    if key == "properties" && self.file.is_v1() {
                        return Err(self.error(shape.pos, self.v2_only("resource properties")));
                    }
                    Node::Object(
                        map.iter()
                            .map(|(k, v)| Ok((k.clone(), self.entity_target(shape, key, v)?)))
                            .collect::<Result<_>>()?,
                    )
                }
                _ => {
                    return Err(self.error(
                        shape.pos,
                        format!(
                            "{} {}: unknown property `{key}` or a value of the wrong type",
                            shape.kind, shape.name
                        ),
                    ));
                }
            };
            out.insert(key.clone(), node);
        }
        Ok(())
    }

    /// A list of shape ids that Smithy treats as a set: a repeat is dropped.
    fn target_set(&self, shape: &Shape, key: &str, items: &[Value]) -> Result<Node> {
        let mut targets: Vec<Node> = Vec::new();
        for item in items {
            let target = self.entity_target(shape, key, item)?;
            if !targets.contains(&target) {
                targets.push(target);
            }
        }
        Ok(Node::Array(targets))
    }

    fn entity_target(&self, shape: &Shape, key: &str, value: &Value) -> Result<Node> {
        let (text, pos) = match value {
            Value::Id(text, pos) => (text.clone(), *pos),
            Value::String(text) => (text.clone(), shape.pos),
            _ => {
                return Err(self.error(
                    shape.pos,
                    format!("{} {}: `{key}` takes shape ids", shape.kind, shape.name),
                ));
            }
        };
        Ok(self.target_node(&Name { text, pos }))
    }
}
