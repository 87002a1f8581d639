//! What members and shapes say beyond their type: `timestampFormat`,
//! `sensitive`, `deprecated`, `default`; and which operations use event
//! streams, which the generated client leaves out; and which patterns it
//! cannot check.

use std::collections::{BTreeMap, BTreeSet};

use super::Resolver;
use crate::error::Result;
use crate::ir::{
    Constraints, Declared, DefaultValue, Document, Skipped, TypeKind, UncheckedPattern, Usage,
};
use crate::model::traits;
use crate::model::{Shape, ShapeId, ShapeKind, TraitSet};

/// What a shape or member declares itself (see [`Declared`]).
pub(super) fn declared(traits: &TraitSet) -> Declared {
    Declared {
        docs: traits.documentation.clone(),
        constraints: Constraints {
            length: traits.length,
            pattern: traits.pattern.clone(),
            range: traits.range,
        },
        timestamp_format: traits.timestamp_format,
        sensitive: traits.sensitive,
    }
}

/// A `default` value the generator can write for a member of type `kind`;
/// `None` for `null` (no default) and for values it cannot write (out of
/// the type's range, a blob that is not base64), which leave a required
/// member required and an optional one unset on the wire.
pub(super) fn default_value(member: &TraitSet, kind: &TypeKind) -> Option<DefaultValue> {
    let value = member.default.as_ref()?;
    let fits = |n: &crate::ir::Number, min: i64, max: i64| {
        n.as_i64().is_some_and(|v| (min..=max).contains(&v))
    };
    let float = |n: &crate::ir::Number| match n {
        crate::ir::Number::Float(f) => Some(*f),
        crate::ir::Number::Int(i) => Some(*i as f64),
    };
    let usable = match (value, kind) {
        (Document::Null, _) => false,
        (_, TypeKind::Document) => return Some(DefaultValue::Document(value.clone())),
        (Document::String(text), TypeKind::Blob) => return base64(text).map(DefaultValue::Blob),
        (Document::Bool(_), TypeKind::Bool) => true,
        (Document::Number(n), TypeKind::Byte) => fits(n, i8::MIN.into(), i8::MAX.into()),
        (Document::Number(n), TypeKind::Short) => fits(n, i16::MIN.into(), i16::MAX.into()),
        (Document::Number(n), TypeKind::Integer | TypeKind::IntEnum(_)) => {
            fits(n, i32::MIN.into(), i32::MAX.into())
        }
        (
            Document::Number(n),
            TypeKind::Long | TypeKind::BigInteger | TypeKind::BigDecimal | TypeKind::Timestamp(_),
        ) => n.as_i64().is_some(),
        (Document::Number(n), TypeKind::Float) => {
            float(n).is_some_and(|v| v.is_finite() && v.abs() <= f64::from(f32::MAX))
        }
        (Document::Number(n), TypeKind::Double) => float(n).is_some_and(f64::is_finite),
        (Document::String(_), TypeKind::String | TypeKind::Enum(_)) => true,
        (Document::Array(a), TypeKind::List { .. }) => a.is_empty(),
        (Document::Object(o), TypeKind::Map { .. }) => o.is_empty(),
        _ => false,
    };
    if !usable {
        return None;
    }
    Some(match value {
        Document::Bool(b) => DefaultValue::Bool(*b),
        Document::Number(n) => DefaultValue::Number(*n),
        Document::String(s) => DefaultValue::String(s.clone()),
        _ => DefaultValue::Empty,
    })
}

/// The bytes of standard base64 `text` (padding optional), as Smithy
/// writes a blob's default; `None` if it is not base64.
fn base64(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=');
    let mut bytes = Vec::with_capacity(text.len() * 3 / 4);
    let mut buffer = 0u32;
    let mut bits = 0;
    for c in text.bytes() {
        let sextet = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        buffer = (buffer << 6) | u32::from(sextet);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            bytes.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    // A lone sextet at the end cannot be a whole byte.
    (bits < 6).then_some(bytes)
}

impl<'a> Resolver<'a> {
    /// Whether a member is `@sensitive`: itself, its target, or (for lists
    /// and maps) what they hold, at any depth.
    pub(super) fn sensitive(&self, member: &TraitSet, target: &ShapeId) -> bool {
        if member.sensitive {
            return true;
        }
        let mut pending = vec![target.clone()];
        let mut seen = BTreeSet::new();
        while let Some(id) = pending.pop() {
            if !seen.insert(id.clone()) {
                continue;
            }
            let Some(shape) = self.model.shape(&id) else {
                continue;
            };
            if shape.traits.sensitive {
                return true;
            }
            if matches!(shape.kind, ShapeKind::List | ShapeKind::Map) {
                for element in &shape.members {
                    if element.traits.sensitive {
                        return true;
                    }
                    pending.push(element.target.clone());
                }
            }
        }
        false
    }

    /// The member of `op`'s input or output that is an event stream (targets
    /// a `@streaming` union), if any.
    fn event_stream(&self, op: &Shape) -> Option<String> {
        op.input
            .iter()
            .chain(op.output.iter())
            .filter_map(|id| self.model.shape(id))
            .flat_map(|s| s.members.iter())
            .find(|m| {
                self.model
                    .shape(&m.target)
                    .is_some_and(|t| t.kind == ShapeKind::Union && t.traits.streaming)
            })
            .map(|m| m.name.clone())
    }

    /// Leaves out the operations that use event streams, which the client
    /// cannot call (their bodies are a stream of framed messages). When the
    /// operations were chosen by name (`explicit`), one of them is an error
    /// instead.
    pub(super) fn skip_event_streams(
        &self,
        ops: Vec<&'a Shape>,
        explicit: bool,
    ) -> Result<(Vec<&'a Shape>, Vec<Skipped>)> {
        let mut kept = Vec::new();
        let mut skipped = Vec::new();
        for op in ops {
            match self.event_stream(op) {
                Some(member) if explicit => {
                    return Err(self.error(
                        &op.id,
                        format!(
                            "operation {} uses an event stream (member {member}); event streams are not supported",
                            op.id.name()
                        ),
                    ));
                }
                Some(_) => skipped.push(Skipped {
                    operation: op.id.name().to_owned(),
                    reason: "event stream".to_owned(),
                }),
                None => kept.push(op),
            }
        }
        Ok((kept, skipped))
    }
    /// The patterns of the shapes and members inputs reach (only inputs are
    /// validated) that are not ECMAScript regular expressions, keyed by
    /// shape id or `shape$member`.
    pub(super) fn unchecked_patterns(
        &self,
        usage: &BTreeMap<ShapeId, Usage>,
    ) -> BTreeMap<String, UncheckedPattern> {
        let mut found = BTreeMap::new();
        let mut note = |at: String, set: &TraitSet| {
            if let Some(pattern) = &set.pattern {
                if let Some(problem) = traits::pattern_problem(pattern) {
                    let pattern = pattern.clone();
                    found.insert(at, UncheckedPattern { pattern, problem });
                }
            }
        };
        for (id, _) in usage.iter().filter(|(_, usage)| usage.input) {
            let Some(shape) = self.model.shape(id) else {
                continue;
            };
            note(id.to_string(), &shape.traits);
            for member in &shape.members {
                note(format!("{id}${}", member.name), &member.traits);
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::base64;

    #[test]
    fn base64_defaults() {
        assert_eq!(base64("YWJj").as_deref(), Some(&b"abc"[..]));
        assert_eq!(base64("aGk=").as_deref(), Some(&b"hi"[..]));
        assert_eq!(base64("aA==").as_deref(), Some(&b"h"[..]));
        assert_eq!(base64("").as_deref(), Some(&b""[..]));
        assert_eq!(base64("+/8=").as_deref(), Some(&[0xfb, 0xff][..]));
        assert_eq!(base64("a"), None);
        assert_eq!(base64("a-b_"), None);
    }
}
