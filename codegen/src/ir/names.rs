//! Rust names for model names, computed once.
//!
//! Conversions use `heck`. A name that is a Rust keyword becomes a raw
//! identifier (`r#type`), except the keywords that cannot be raw (`self`,
//! `Self`, `super`, `crate`), which get a trailing underscore, as prost
//! does. Characters that cannot appear in an identifier are dropped; a name
//! left empty or starting with a digit is prefixed (`V1x`, `v_1x`).
//!
//! Collision policy (one rule everywhere): names are assigned in model
//! order; a name already taken in the same namespace, whether by an
//! earlier model name or by an item the generator itself emits there (the
//! `Unknown` variant of enums, the `meta` field of errors, `build` on
//! builders, `{Operation}Error` enums), gets `_` appended until it is free.
//! Paginator methods (`{operation}_paginator`) are claimed after every
//! operation method.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Every Rust keyword, strict and reserved, through the 2024 edition.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that `r#` cannot escape.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// A type or variant name: `UpperCamelCase`.
pub fn type_name(name: &str) -> String {
    let converted = identifier_chars(&name.to_upper_camel_case());
    let converted = match converted.chars().next() {
        None => "Value".to_owned(),
        Some(c) if c.is_ascii_digit() => format!("V{converted}"),
        Some(_) => converted,
    };
    escape_keyword(converted)
}

/// A field, method or function name: `snake_case`.
pub fn field_name(name: &str) -> String {
    let converted = identifier_chars(&name.to_snake_case());
    let converted = match converted.chars().next() {
        None => "value".to_owned(),
        Some(c) if c.is_ascii_digit() => format!("v_{converted}"),
        Some(_) => converted,
    };
    escape_keyword(converted)
}

/// A `SCREAMING_SNAKE_CASE` name for statics.
pub fn static_name(name: &str) -> String {
    field_name(name).trim_start_matches("r#").to_uppercase()
}

/// Keeps ASCII letters, digits and `_`: the code reads the same on every
/// keyboard and no lint about non-ASCII identifiers fires.
fn identifier_chars(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect()
}

fn escape_keyword(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// The names taken in one namespace (a module, a struct's fields, an
/// enum's variants).
#[derive(Debug, Default, Clone)]
pub struct Namespace {
    taken: BTreeSet<String>,
}

impl Namespace {
    /// A namespace in which the generator's own items already hold `reserved`.
    pub fn with_reserved(reserved: &[&str]) -> Namespace {
        Namespace {
            taken: reserved.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    /// Claims `name`, or `name_`, `name__`, … if it is taken.
    pub fn claim(&mut self, name: String) -> String {
        let mut candidate = name;
        while self.taken.contains(candidate.trim_start_matches("r#")) {
            candidate = format!("{}_", candidate.trim_start_matches("r#"));
        }
        self.taken
            .insert(candidate.trim_start_matches("r#").to_owned());
        candidate
    }

    /// Whether `name` is already taken.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name.trim_start_matches("r#"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_case() {
        assert_eq!(field_name("instanceProfileName"), "instance_profile_name");
        assert_eq!(field_name("s3Logs"), "s3_logs");
        assert_eq!(type_name("imagebuilder"), "Imagebuilder");
        assert_eq!(type_name("AES_256"), "Aes256");
    }

    #[test]
    fn escapes_keywords() {
        assert_eq!(field_name("type"), "r#type");
        assert_eq!(field_name("gen"), "r#gen");
        assert_eq!(field_name("async"), "r#async");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(field_name("super"), "super_");
        assert_eq!(field_name("crate"), "crate_");
        assert_eq!(type_name("Self"), "Self_");
        assert_eq!(type_name("self"), "Self_");
    }

    #[test]
    fn makes_identifiers_of_anything() {
        assert_eq!(type_name("1x"), "V1x");
        assert_eq!(type_name("a-b"), "AB");
        assert_eq!(type_name("*"), "Value");
        assert_eq!(type_name("ÄÖ"), "Value");
        assert_eq!(field_name("1x"), "v_1x");
    }

    #[test]
    fn resolves_collisions_in_order() {
        let mut ns = Namespace::with_reserved(&["Unknown"]);
        assert_eq!(ns.claim(type_name("UNKNOWN")), "Unknown_");
        assert_eq!(ns.claim(type_name("fooBar")), "FooBar");
        assert_eq!(ns.claim(type_name("foo_bar")), "FooBar_");
        let mut fields = Namespace::default();
        assert_eq!(fields.claim(field_name("type")), "r#type");
        assert_eq!(fields.claim(field_name("Type")), "type_");
    }
}
