//! String templates (`"https://{Region}.{PartitionResult#dnsSuffix}"`) and
//! `getAttr` paths (`PartitionResult#name`, `resourceId[2]`).

use super::EndpointError;

/// One step of a `getAttr` path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PathPart {
    /// A record field.
    Key(String),
    /// An array index (out of range gives none).
    Index(usize),
}

/// Parses a `getAttr` path such as `name`, `resourceId[2]` or `a.b[0]`.
pub(crate) fn parse_path(path: &str) -> Result<Vec<PathPart>, EndpointError> {
    let bad = |why: &str| {
        EndpointError::invalid_rule_set(format!("invalid getAttr path `{path}`: {why}"))
    };
    if path.is_empty() {
        return Err(bad("path is empty"));
    }
    let mut parts = Vec::new();
    for component in path.split('.') {
        match component.find('[') {
            Some(open) => {
                let (key, slice) = component.split_at(open);
                let number = slice
                    .strip_prefix('[')
                    .and_then(|s| s.strip_suffix(']'))
                    .ok_or_else(|| bad("an index must end with `]`"))?;
                let index: usize = number
                    .parse()
                    .map_err(|_| bad("an index must be a non-negative integer"))?;
                if !key.is_empty() {
                    parts.push(PathPart::Key(key.to_owned()));
                }
                parts.push(PathPart::Index(index));
            }
            None if component.is_empty() => return Err(bad("empty component")),
            None => parts.push(PathPart::Key(component.to_owned())),
        }
    }
    Ok(parts)
}

/// A piece of a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TemplatePart {
    /// Literal text (escapes `{{` and `}}` already resolved).
    Literal(String),
    /// `{Name}`: the value of a parameter or assigned variable.
    Ref(String),
    /// `{Name#path}`: `getAttr(Name, "path")`.
    Attr(String, Vec<PathPart>),
}

/// A parsed string template. A string without braces is one literal part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Template {
    pub(crate) parts: Vec<TemplatePart>,
}

impl Template {
    /// Parses a template: `{{` and `}}` are literal braces, `{X}` a
    /// reference and `{X#path}` an attribute of a reference. An unclosed
    /// `{` or a lone `}` is an error.
    pub(crate) fn parse(input: &str) -> Result<Template, EndpointError> {
        let bad = |why: &str| {
            EndpointError::invalid_rule_set(format!("invalid template `{input}`: {why}"))
        };
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut chars = input.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            match c {
                '{' if chars.peek().map(|&(_, n)| n) == Some('{') => {
                    chars.next();
                    literal.push('{');
                }
                '}' if chars.peek().map(|&(_, n)| n) == Some('}') => {
                    chars.next();
                    literal.push('}');
                }
                '}' => return Err(bad("unmatched `}`")),
                '{' => {
                    let start = at + 1;
                    let mut end = None;
                    for (i, c) in chars.by_ref() {
                        if c == '}' {
                            end = Some(i);
                            break;
                        }
                    }
                    let end = end.ok_or_else(|| bad("unclosed `{`"))?;
                    let inner = input
                        .get(start..end)
                        .ok_or_else(|| bad("bad placeholder"))?;
                    if !literal.is_empty() {
                        parts.push(TemplatePart::Literal(std::mem::take(&mut literal)));
                    }
                    parts.push(parse_placeholder(inner).map_err(|e| bad(e.message()))?);
                }
                c => literal.push(c),
            }
        }
        if !literal.is_empty() || parts.is_empty() {
            parts.push(TemplatePart::Literal(literal));
        }
        Ok(Template { parts })
    }

    /// The text if the template has no placeholders.
    pub(crate) fn as_literal(&self) -> Option<&str> {
        match self.parts.as_slice() {
            [TemplatePart::Literal(s)] => Some(s),
            _ => None,
        }
    }
}

fn parse_placeholder(inner: &str) -> Result<TemplatePart, EndpointError> {
    let check_name = |name: &str| {
        if name.is_empty() || name.contains(['{', '}']) {
            Err(EndpointError::invalid_rule_set(format!(
                "bad placeholder `{{{inner}}}`"
            )))
        } else {
            Ok(name.to_owned())
        }
    };
    match inner.split_once('#') {
        Some((name, path)) => Ok(TemplatePart::Attr(check_name(name)?, parse_path(path)?)),
        None => Ok(TemplatePart::Ref(check_name(inner)?)),
    }
}
