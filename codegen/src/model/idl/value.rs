//! Node values: JSON-like values with unquoted keys, unquoted strings
//! (shape ids, resolved later), text blocks and the IDL's string escapes.

use super::cursor::{Cursor, Pos, Result, is_ident_start};

/// A node value as written; [`Value::Id`] is an unquoted string, a shape id
/// to resolve once every file's shapes are known.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    String(String),
    Id(String, Pos),
    Array(Vec<Value>),
    Object(Vec<(String, Value)>),
}

/// Arrays and objects nested deeper than this are refused, not recursed
/// into until the stack runs out; below serde_json's limit of 128, so the
/// document made of them reads back as JSON.
const MAX_DEPTH: usize = 100;

pub fn node_value(c: &mut Cursor<'_>) -> Result<Value> {
    value_at(c, 0)
}

fn value_at(c: &mut Cursor<'_>, depth: usize) -> Result<Value> {
    if depth > MAX_DEPTH {
        return Err(c.error(format!("values nest more than {MAX_DEPTH} deep")));
    }
    match c.peek() {
        Some('[') => {
            c.bump();
            let mut items = Vec::new();
            loop {
                c.ws();
                if c.eat("]") {
                    return Ok(Value::Array(items));
                }
                items.push(value_at(c, depth + 1)?);
            }
        }
        Some('{') => {
            c.bump();
            let mut entries = Vec::new();
            loop {
                c.ws();
                if c.eat("}") {
                    return Ok(Value::Object(entries));
                }
                let key = object_key(c)?;
                c.ws();
                colon(c)?;
                c.ws();
                entries.push((key, value_at(c, depth + 1)?));
            }
        }
        Some('"') if c.at("\"\"\"") => text_block(c).map(Value::String),
        Some('"') => quoted(c).map(Value::String),
        Some('-' | '0'..='9') => number(c).map(Value::Number),
        Some(ch) if is_ident_start(ch) => {
            let pos = c.pos();
            let id = c.shape_id()?;
            Ok(match id.as_str() {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                "null" => Value::Null,
                _ => Value::Id(id, pos),
            })
        }
        _ => Err(c.expected("a node value (string, text block, number, identifier, `{` or `[`)")),
    }
}

/// `:` and not the `:=` of inline operation input and output.
pub fn colon(c: &mut Cursor<'_>) -> Result<()> {
    if c.at(":=") || !c.eat(":") {
        let found = if c.at(":=") {
            "`:=`".to_owned()
        } else {
            c.found()
        };
        return Err(c.error(format!("expected `:`, found {found}")));
    }
    Ok(())
}

/// `NodeObjectKey`: a quoted string or an identifier.
pub fn object_key(c: &mut Cursor<'_>) -> Result<String> {
    match c.peek() {
        Some('"') if c.at("\"\"\"") => {
            Err(c.expected("an object key (a quoted string or an identifier)"))
        }
        Some('"') => quoted(c),
        Some(ch) if is_ident_start(ch) => c.identifier(),
        _ => Err(c.expected("an object key (a quoted string or an identifier)")),
    }
}

/// A quoted string, escapes expanded.
pub fn quoted(c: &mut Cursor<'_>) -> Result<String> {
    let start = c.pos();
    c.expect("\"")?;
    let mut raw = String::new();
    loop {
        match c.bump() {
            None => return Err(c.expected("`\"` closing the string")),
            Some('"') => break,
            Some('\\') => {
                raw.push('\\');
                match c.bump() {
                    Some(next) => raw.push(next),
                    None => return Err(c.expected("`\"` closing the string")),
                }
            }
            Some(ch) => raw.push(ch),
        }
    }
    unescape(&raw).map_err(|problem| c.error_at(start, format!("in this string: {problem}")))
}

/// A text block: `"""`, a line break, lines re-indented as the
/// specification says, then escapes expanded.
fn text_block(c: &mut Cursor<'_>) -> Result<String> {
    let start = c.pos();
    c.expect("\"\"\"")?;
    let mut raw = String::new();
    loop {
        if c.at("\"\"\"") {
            c.eat("\"\"\"");
            break;
        }
        match c.bump() {
            None => return Err(c.expected("`\"\"\"` closing the text block")),
            Some('\\') => {
                raw.push('\\');
                match c.bump() {
                    Some(next) => raw.push(next),
                    None => return Err(c.expected("`\"\"\"` closing the text block")),
                }
            }
            Some(ch) => raw.push(ch),
        }
    }
    let raw = raw.replace("\r\n", "\n");
    let Some(content) = raw.trim_start_matches([' ', '\t']).strip_prefix('\n') else {
        let problem = if raw.is_empty() {
            "a text block is empty"
        } else {
            "a text block must start with a line break after `\"\"\"`"
        };
        return Err(c.error_at(start, problem));
    };
    unescape(&reindent(content))
        .map_err(|problem| c.error_at(start, format!("in this text block: {problem}")))
}

/// Removes the incidental whitespace of a text block's lines: the common
/// run of leading spaces (blank lines aside, except the last one, the
/// closing delimiter's), then trailing spaces.
fn reindent(content: &str) -> String {
    let lines: Vec<&str> = content.split('\n').collect();
    let last = lines.len().saturating_sub(1);
    let leading = |line: &str| line.chars().take_while(|c| *c == ' ').count();
    let common = lines
        .iter()
        .enumerate()
        .filter(|(i, line)| *i == last || !line.trim().is_empty())
        .map(|(_, line)| leading(line))
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .map(|line| {
            let cut = common.min(leading(line));
            line.get(cut..).unwrap_or("").trim_end_matches([' ', '\t'])
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Expands the escapes of a string's raw text.
fn unescape(raw: &str) -> std::result::Result<String, String> {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(ch) = chars.next() {
        if ch != '\\' {
            out.push(ch);
            continue;
        }
        match chars.next() {
            Some('"') => out.push('"'),
            Some('\\') => out.push('\\'),
            Some('/') => out.push('/'),
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            // An escaped line break is no character at all.
            Some('\n') => {}
            Some('\r') => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
            }
            Some('u') => {
                let unit = hex4(&mut chars)?;
                out.push(code_point(unit, &mut chars)?);
            }
            Some(other) => return Err(format!("invalid escape `\\{other}`")),
            None => return Err("a `\\` at the end".to_owned()),
        }
    }
    Ok(out)
}

fn hex4(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> std::result::Result<u32, String> {
    let mut value = 0;
    for _ in 0..4 {
        let Some(ch) = chars.next() else {
            return Err("a `\\u` escape needs four hexadecimal digits".to_owned());
        };
        let digit = ch
            .to_digit(16)
            .ok_or_else(|| format!("invalid character `{ch}` in a `\\u` escape"))?;
        value = value * 16 + digit;
    }
    Ok(value)
}

/// The character of a `\u` escape: a UTF-16 code unit, or the high half
/// of a surrogate pair that a second `\u` escape completes.
fn code_point(
    unit: u32,
    chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
) -> std::result::Result<char, String> {
    if (0xDC00..0xE000).contains(&unit) {
        return Err(format!(
            "`\\u{unit:04X}` is the second half of a surrogate pair alone"
        ));
    }
    if !(0xD800..0xDC00).contains(&unit) {
        return char::from_u32(unit).ok_or_else(|| format!("`\\u{unit:04X}` is not a character"));
    }
    let pair_follows = chars.next() == Some('\\') && chars.next() == Some('u');
    let low = if pair_follows { hex4(chars)? } else { 0 };
    if !(0xDC00..0xE000).contains(&low) {
        return Err(format!(
            "`\\u{unit:04X}` starts a surrogate pair that no low surrogate `\\u` escape ends"
        ));
    }
    let combined = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
    char::from_u32(combined).ok_or_else(|| "not a character".to_owned())
}

/// `Number`, checked against the grammar, then read as JSON reads it (so
/// that the IDL and the JSON AST give the same value).
fn number(c: &mut Cursor<'_>) -> Result<serde_json::Number> {
    let start = c.pos();
    let mut text = String::new();
    let digits = |c: &mut Cursor<'_>, text: &mut String| {
        let mut any = false;
        while let Some(d) = c.peek().filter(char::is_ascii_digit) {
            text.push(d);
            c.bump();
            any = true;
        }
        any
    };
    if c.eat("-") {
        text.push('-');
    }
    if c.peek() == Some('0') {
        text.push('0');
        c.bump();
    } else if !digits(c, &mut text) {
        return Err(c.expected("a digit"));
    }
    if c.peek() == Some('.') {
        text.push('.');
        c.bump();
        if !digits(c, &mut text) {
            return Err(c.expected("a digit after the decimal point"));
        }
    }
    if let Some(e) = c.peek().filter(|ch| matches!(ch, 'e' | 'E')) {
        text.push(e);
        c.bump();
        if let Some(sign) = c.peek().filter(|ch| matches!(ch, '+' | '-')) {
            text.push(sign);
            c.bump();
        }
        if !digits(c, &mut text) {
            return Err(c.expected("a digit in the exponent"));
        }
    }
    serde_json::from_str(&text)
        .map_err(|_| c.error_at(start, format!("the number {text} is out of range")))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn read(text: &str) -> Result<Value> {
        let mut c = Cursor::new(text, Path::new("v.smithy"));
        node_value(&mut c)
    }

    fn string(text: &str) -> String {
        match read(text) {
            Ok(Value::String(s)) => s,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn text_blocks_lose_incidental_whitespace() {
        // The specification's examples.
        assert_eq!(
            string("\"\"\"\n    <div>\n        <p>Hello!</p>\n    </div>\n    \"\"\""),
            "<div>\n    <p>Hello!</p>\n</div>\n"
        );
        assert_eq!(
            string("\"\"\"\n    Foo\n        Baz\n\n  \n    Bar\n    \"\"\""),
            "Foo\n    Baz\n\n\nBar\n"
        );
        assert_eq!(
            string("\"\"\"\n    Foo\n        Baz\n    Bar\n\"\"\""),
            "    Foo\n        Baz\n    Bar\n"
        );
        assert_eq!(
            string("\"\"\"\n    Foo\n        Baz\n    Bar\n            \"\"\""),
            "Foo\n    Baz\nBar\n"
        );
        assert_eq!(
            string("\"\"\"\n    foo \\\"\"\"\n    baz\"\"\""),
            "foo \"\"\"\nbaz"
        );
        assert_eq!(
            string("\"\"\"\n  <p>Hi\\n    bar</p>\n  \"\"\""),
            "<p>Hi\n    bar</p>\n"
        );
        assert_eq!(string("\"\"\"\nFoo \\\nBaz \\\nBam\"\"\""), "Foo Baz Bam");
        assert!(read("\"\"\"foo\"\"\"").is_err());
        assert!(read("\"\"\"\"\"\"").is_err());
    }

    #[test]
    fn escapes_and_surrogate_pairs() {
        assert_eq!(string(r#""a\"\\\/\b\f\n\r\t""#), "a\"\\/\u{8}\u{c}\n\r\t");
        assert_eq!(string(r#""\u00e9\uD83D\uDE00""#), "é😀");
        assert_eq!(string("\"a\\\nb\""), "ab");
        for bad in [
            r#""\'""#,
            r#""\ua""#,
            r#""\uD83D""#,
            r#""\uDE00""#,
            r#""\uaaat""#,
        ] {
            let error = read(bad).unwrap_err().to_string();
            assert!(
                error.starts_with("v.smithy:1:1: in this string: "),
                "{bad}: {error}"
            );
        }
        let error = read("\"abc").unwrap_err().to_string();
        assert_eq!(
            error,
            "v.smithy:1:5: expected `\"` closing the string, found the end of the file"
        );
    }

    #[test]
    fn numbers_ids_and_nesting() {
        assert_eq!(
            read("[1, -2.5e3, true, null, Foo, a.b#C$d, {k: \"v\", \"q\": []}]").unwrap(),
            Value::Array(vec![
                Value::Number(1.into()),
                Value::Number(serde_json::Number::from_f64(-2500.0).unwrap()),
                Value::Bool(true),
                Value::Null,
                Value::Id(
                    "Foo".into(),
                    Pos {
                        line: 1,
                        column: 25
                    }
                ),
                Value::Id(
                    "a.b#C$d".into(),
                    Pos {
                        line: 1,
                        column: 30
                    }
                ),
                Value::Object(vec![
                    ("k".into(), Value::String("v".into())),
                    ("q".into(), Value::Array(vec![])),
                ]),
            ])
        );
        for (bad, at) in [("1.0e", "1:5"), ("-", "1:2"), ("1.", "1:3")] {
            let error = read(bad).unwrap_err().to_string();
            assert!(
                error.starts_with(&format!("v.smithy:{at}: expected a digit")),
                "{error}"
            );
        }
        assert!(read(&"[".repeat(10_000)).is_err());
    }
}
