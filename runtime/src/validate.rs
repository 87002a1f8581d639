//! Checks for Smithy constraint traits (`@required`, `@length`, `@range`,
//! `@pattern`), run by generated `validate()` methods before a request is
//! sent.
//!
//! Validation runs on every call, so the happy path must be cheap: a [`Path`]
//! is a chain of borrowed stack frames and is only rendered to a string when
//! a check fails.

use std::collections::HashMap;
use std::error::Error;
use std::fmt;
use std::hash::BuildHasher;
#[cfg(feature = "patterns")]
use std::sync::OnceLock;

/// Where in the input a value sits, e.g. `logging.s3Logs.s3BucketName`.
///
/// Each level borrows its parent, so building a path costs nothing:
///
/// ```
/// use smithy_runtime::Path;
///
/// let root = Path::Root;
/// let tags = root.member("resourceTags");
/// let tag = tags.key("team");
/// assert_eq!(tag.to_string(), r#"resourceTags["team"]"#);
/// ```
#[derive(Debug, Clone, Copy)]
pub enum Path<'a> {
    /// The top-level input itself; renders as an empty string.
    Root,
    /// A structure member, by its name in the model.
    Member(&'a Path<'a>, &'static str),
    /// The value stored under a map key.
    Key(&'a Path<'a>, &'a str),
    /// A list element, by position.
    Index(&'a Path<'a>, usize),
}

impl<'a> Path<'a> {
    /// The path of member `name` of the structure at `self`.
    pub fn member(&'a self, name: &'static str) -> Path<'a> {
        Path::Member(self, name)
    }

    /// The path of the value under `key` in the map at `self`.
    pub fn key(&'a self, key: &'a str) -> Path<'a> {
        Path::Key(self, key)
    }

    /// The path of element `index` of the list at `self`.
    pub fn index(&'a self, index: usize) -> Path<'a> {
        Path::Index(self, index)
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root => Ok(()),
            Path::Member(Path::Root, name) => f.write_str(name),
            Path::Member(parent, name) => write!(f, "{parent}.{name}"),
            // Debug formatting quotes the key and escapes quotes, backslashes
            // and control characters, so any key renders unambiguously.
            Path::Key(parent, key) => write!(f, "{parent}[{key:?}]"),
            Path::Index(parent, index) => write!(f, "{parent}[{index}]"),
        }
    }
}

/// An input value violates a constraint from the model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    path: String,
    message: String,
}

impl ValidationError {
    /// Creates an error for the value at `path`.
    pub fn new(path: &Path<'_>, message: impl Into<String>) -> Self {
        Self {
            path: path.to_string(),
            message: message.into(),
        }
    }

    /// The rendered path of the offending value; empty for the root.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What is wrong with the value.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl Error for ValidationError {}

/// The error for a `@required` member that is `None`.
pub fn missing(path: &Path<'_>) -> ValidationError {
    ValidationError::new(path, "required member is missing")
}

/// Checks a `@length` constraint on a string.
///
/// Smithy counts string length in Unicode scalar values, not bytes, so
/// `"ééé"` has length 3.
pub fn length_str(
    path: &Path<'_>,
    value: &str,
    min: Option<u64>,
    max: Option<u64>,
) -> Result<(), ValidationError> {
    length_count(path, value.chars().count(), min, max)
}

/// Checks a `@length` constraint on a list, map or blob of `len` elements.
pub fn length_count(
    path: &Path<'_>,
    len: usize,
    min: Option<u64>,
    max: Option<u64>,
) -> Result<(), ValidationError> {
    // usize is at most 64 bits on every supported target; saturate anyway
    // rather than assume.
    let len = u64::try_from(len).unwrap_or(u64::MAX);
    if let Some(max) = max.filter(|&max| len > max) {
        return Err(ValidationError::new(
            path,
            format!("length {len} exceeds {max}"),
        ));
    }
    if let Some(min) = min.filter(|&min| len < min) {
        return Err(ValidationError::new(
            path,
            format!("length {len} is below {min}"),
        ));
    }
    Ok(())
}

/// Checks a `@range` constraint on an integer.
pub fn range_i64(
    path: &Path<'_>,
    value: i64,
    min: Option<i64>,
    max: Option<i64>,
) -> Result<(), ValidationError> {
    if let Some(max) = max.filter(|&max| value > max) {
        return Err(ValidationError::new(
            path,
            format!("value {value} exceeds {max}"),
        ));
    }
    if let Some(min) = min.filter(|&min| value < min) {
        return Err(ValidationError::new(
            path,
            format!("value {value} is below {min}"),
        ));
    }
    Ok(())
}

/// Checks a `@range` constraint on a floating-point number.
///
/// NaN always fails: it lies in no range, and every comparison against it is
/// false, so the bound checks alone would let it through.
pub fn range_f64(
    path: &Path<'_>,
    value: f64,
    min: Option<f64>,
    max: Option<f64>,
) -> Result<(), ValidationError> {
    if value.is_nan() {
        return Err(ValidationError::new(
            path,
            "value NaN is not a number in range",
        ));
    }
    if let Some(max) = max.filter(|&max| value > max) {
        return Err(ValidationError::new(
            path,
            format!("value {value} exceeds {max}"),
        ));
    }
    if let Some(min) = min.filter(|&min| value < min) {
        return Err(ValidationError::new(
            path,
            format!("value {value} is below {min}"),
        ));
    }
    Ok(())
}

/// A `@pattern` regular expression, compiled on first use.
///
/// Smithy patterns are ECMAScript regular expressions that are *not*
/// implicitly anchored: `b` matches `"abc"`. Models anchor explicitly with
/// `^...$` where they mean the whole string.
///
/// Patterns are checked with the `patterns` cargo feature (on by default).
/// Without it every value matches, as in the AWS SDKs, which check no
/// patterns, and the ECMAScript engine is left out of the build.
///
/// ```
/// use smithy_runtime::Pattern;
///
/// static TAG_KEY: Pattern = Pattern::new("^(?!aws:)[a-zA-Z+-=._:/]+$");
/// assert!(TAG_KEY.is_match("Name"));
/// assert_eq!(TAG_KEY.is_match("aws:foo"), !Pattern::CHECKED);
/// ```
pub struct Pattern {
    source: &'static str,
    #[cfg(feature = "patterns")]
    compiled: OnceLock<Option<regress::Regex>>,
}

impl Pattern {
    /// Whether patterns are checked: the `patterns` feature is on.
    pub const CHECKED: bool = cfg!(feature = "patterns");

    /// Wraps `source` without compiling it, so it can initialize a `static`.
    pub const fn new(source: &'static str) -> Self {
        Self {
            source,
            #[cfg(feature = "patterns")]
            compiled: OnceLock::new(),
        }
    }

    /// The pattern as written in the model.
    pub fn source(&self) -> &'static str {
        self.source
    }

    /// Whether `value` contains a match anywhere (always, without the
    /// `patterns` feature).
    ///
    /// An invalid pattern matches nothing, so validation reports it rather
    /// than silently accepting every value.
    pub fn is_match(&self, value: &str) -> bool {
        #[cfg(feature = "patterns")]
        return self
            .regex()
            .is_some_and(|regex| regex.find(value).is_some());
        #[cfg(not(feature = "patterns"))]
        return {
            let _ = value;
            true
        };
    }

    /// Whether the pattern compiles; one that does not matches nothing.
    /// Without the `patterns` feature nothing is compiled, and every pattern
    /// counts as valid.
    pub fn is_valid(&self) -> bool {
        #[cfg(feature = "patterns")]
        return self.regex().is_some();
        #[cfg(not(feature = "patterns"))]
        return true;
    }

    #[cfg(feature = "patterns")]
    fn regex(&self) -> Option<&regress::Regex> {
        self.compiled.get_or_init(|| compile(self.source)).as_ref()
    }
}

/// Compiles a model's pattern. (`smithy-codegen` mirrors this in
/// `pattern_problem`, to leave out of validation what would not compile;
/// a test holds the two to the same answer on every pattern of AWS's
/// models.)
#[cfg(feature = "patterns")]
fn compile(source: &str) -> Option<regress::Regex> {
    // Some AWS models start a pattern with Java's inline `(?s)` (dot matches
    // newlines), which ECMAScript spells as a flag.
    let anchored = source.starts_with('^');
    let (source, flags) = match source
        .strip_prefix('^')
        .unwrap_or(source)
        .strip_prefix("(?s)")
    {
        Some(rest) if anchored => (format!("^{rest}"), "s"),
        Some(rest) => (rest.to_owned(), "s"),
        None => (source.to_owned(), ""),
    };
    // AWS models use Unicode property escapes such as `\p{L}`, which only
    // mean a property with the `u` flag (without it they are the literal
    // letters "p{L}"). The `u` flag also rejects some escapes legacy syntax
    // allows, such as `\_`, so fall back to legacy syntax for those.
    regress::Regex::with_flags(&source, format!("u{flags}").as_str())
        .or_else(|_| regress::Regex::with_flags(&source, flags))
        .ok()
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Pattern").field(&self.source).finish()
    }
}

/// Checks a `@pattern` constraint (passes without the `patterns` feature).
#[cfg(not(feature = "patterns"))]
pub fn pattern(path: &Path<'_>, value: &str, pattern: &Pattern) -> Result<(), ValidationError> {
    let _ = (path, value, pattern);
    Ok(())
}

/// Checks a `@pattern` constraint (passes without the `patterns` feature).
#[cfg(feature = "patterns")]
pub fn pattern(path: &Path<'_>, value: &str, pattern: &Pattern) -> Result<(), ValidationError> {
    match pattern.regex() {
        Some(regex) if regex.find(value).is_some() => Ok(()),
        Some(_) => Err(ValidationError::new(
            path,
            format!("value does not match pattern {}", pattern.source),
        )),
        None => Err(ValidationError::new(
            path,
            format!(
                "pattern {} is not a valid regular expression",
                pattern.source
            ),
        )),
    }
}

/// A value whose constraints can be checked before it is sent.
///
/// Generated code implements this for every structure; the impls here let it
/// recurse through optional members, lists, maps and boxes.
pub trait Validate {
    /// Checks `self`, which sits at `path` in the input.
    fn validate_at(&self, path: &Path<'_>) -> Result<(), ValidationError>;

    /// Checks `self` as the top-level input.
    fn validate(&self) -> Result<(), ValidationError> {
        self.validate_at(&Path::Root)
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate_at(&self, path: &Path<'_>) -> Result<(), ValidationError> {
        match self {
            Some(value) => value.validate_at(path),
            None => Ok(()),
        }
    }
}

impl<T: Validate + ?Sized> Validate for Box<T> {
    fn validate_at(&self, path: &Path<'_>) -> Result<(), ValidationError> {
        (**self).validate_at(path)
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate_at(&self, path: &Path<'_>) -> Result<(), ValidationError> {
        self.iter()
            .enumerate()
            .try_for_each(|(index, item)| item.validate_at(&path.index(index)))
    }
}

impl<V: Validate, S: BuildHasher> Validate for HashMap<String, V, S> {
    fn validate_at(&self, path: &Path<'_>) -> Result<(), ValidationError> {
        let all_valid = self
            .iter()
            .all(|(key, value)| value.validate_at(&path.key(key)).is_ok());
        if all_valid {
            return Ok(());
        }
        // HashMap order is random per process. When several entries are
        // invalid, report the one with the smallest key so the same input
        // always gives the same error; sorting only on failure keeps the
        // common path allocation-free.
        let mut entries: Vec<_> = self.iter().collect();
        entries.sort_unstable_by_key(|&(key, _)| key);
        entries
            .into_iter()
            .try_for_each(|(key, value)| value.validate_at(&path.key(key)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_rendering() {
        let root = Path::Root;
        assert_eq!(root.to_string(), "");

        let tags = root.member("resourceTags");
        assert_eq!(tags.to_string(), "resourceTags");
        assert_eq!(tags.key("x").to_string(), r#"resourceTags["x"]"#);

        let logging = root.member("logging");
        let s3 = logging.member("s3Logs");
        assert_eq!(
            s3.member("s3BucketName").to_string(),
            "logging.s3Logs.s3BucketName"
        );

        let types = root.member("instanceTypes");
        assert_eq!(types.index(0).to_string(), "instanceTypes[0]");

        let fleets = root.member("fleets");
        let fleet = fleets.index(3);
        let tags = fleet.member("tags");
        let tag = tags.key("env");
        assert_eq!(
            tag.member("value").to_string(),
            r#"fleets[3].tags["env"].value"#
        );

        let matrix = root.member("matrix");
        let row = matrix.index(1);
        assert_eq!(row.index(2).to_string(), "matrix[1][2]");
    }

    #[test]
    fn path_keys_are_escaped() {
        let root = Path::Root;
        let map = root.member("m");
        assert_eq!(map.key(r#"a"b\c"#).to_string(), r#"m["a\"b\\c"]"#);
        assert_eq!(map.key("line\nbreak").to_string(), r#"m["line\nbreak"]"#);
        assert_eq!(root.key("top").to_string(), r#"["top"]"#);
    }

    #[test]
    fn validation_error_display() {
        let root = Path::Root;
        let error = missing(&root.member("name"));
        assert_eq!(error.path(), "name");
        assert_eq!(error.message(), "required member is missing");
        assert_eq!(error.to_string(), "name: required member is missing");

        let at_root = ValidationError::new(&Path::Root, "bad input");
        assert_eq!(at_root.path(), "");
        assert_eq!(at_root.to_string(), "bad input");
    }

    #[test]
    fn length_str_messages() {
        let root = Path::Root;
        let tags = root.member("resourceTags");
        let tag = tags.key("x");
        let long = "a".repeat(129);
        let error = length_str(&tag, &long, Some(1), Some(128)).unwrap_err();
        assert_eq!(
            error.to_string(),
            r#"resourceTags["x"]: length 129 exceeds 128"#
        );

        let error = length_str(&tag, "", Some(1), Some(128)).unwrap_err();
        assert_eq!(error.message(), "length 0 is below 1");

        assert!(length_str(&tag, &"a".repeat(128), Some(1), Some(128)).is_ok());
        assert!(length_str(&tag, "a", Some(1), Some(128)).is_ok());
        assert!(length_str(&tag, &long, None, None).is_ok());
        assert!(length_str(&tag, "", None, Some(3)).is_ok());
        assert!(length_str(&tag, &long, Some(1), None).is_ok());
    }

    #[test]
    fn length_str_counts_scalar_values_not_bytes() {
        let root = Path::Root;
        // 3 characters, 9 bytes in UTF-8 (and 6 UTF-16 units for the emoji).
        assert!(length_str(&root, "日本語", Some(3), Some(3)).is_ok());
        assert!(length_str(&root, "😀😀😀", Some(3), Some(3)).is_ok());
        let error = length_str(&root, "日本語", None, Some(2)).unwrap_err();
        assert_eq!(error.message(), "length 3 exceeds 2");
        let error = length_str(&root, "é", Some(2), None).unwrap_err();
        assert_eq!(error.message(), "length 1 is below 2");
    }

    #[test]
    fn length_count_messages() {
        let root = Path::Root;
        let list = root.member("instanceTypes");
        assert_eq!(
            length_count(&list, 0, Some(1), None)
                .unwrap_err()
                .to_string(),
            "instanceTypes: length 0 is below 1"
        );
        assert_eq!(
            length_count(&list, 11, Some(1), Some(10))
                .unwrap_err()
                .message(),
            "length 11 exceeds 10"
        );
        assert!(length_count(&list, 10, Some(1), Some(10)).is_ok());
        assert!(length_count(&list, usize::MAX, None, Some(u64::MAX)).is_ok());
    }

    #[test]
    fn range_i64_messages() {
        let root = Path::Root;
        let port = root.member("port");
        assert_eq!(
            range_i64(&port, 65, Some(1), Some(64))
                .unwrap_err()
                .to_string(),
            "port: value 65 exceeds 64"
        );
        assert_eq!(
            range_i64(&port, 0, Some(1), Some(64))
                .unwrap_err()
                .message(),
            "value 0 is below 1"
        );
        assert!(range_i64(&port, 1, Some(1), Some(64)).is_ok());
        assert!(range_i64(&port, 64, Some(1), Some(64)).is_ok());
        assert!(range_i64(&port, i64::MIN, None, Some(0)).is_ok());
        assert!(range_i64(&port, i64::MAX, Some(0), None).is_ok());
    }

    #[test]
    fn range_f64_messages() {
        let root = Path::Root;
        let ratio = root.member("ratio");
        assert_eq!(
            range_f64(&ratio, 1.5, Some(0.0), Some(1.0))
                .unwrap_err()
                .to_string(),
            "ratio: value 1.5 exceeds 1"
        );
        assert_eq!(
            range_f64(&ratio, -0.25, Some(0.0), Some(1.0))
                .unwrap_err()
                .message(),
            "value -0.25 is below 0"
        );
        assert_eq!(
            range_f64(&ratio, f64::NAN, Some(0.0), Some(1.0))
                .unwrap_err()
                .message(),
            "value NaN is not a number in range"
        );
        assert_eq!(
            range_f64(&ratio, f64::INFINITY, None, Some(1.0))
                .unwrap_err()
                .message(),
            "value inf exceeds 1"
        );
        assert!(range_f64(&ratio, 0.0, Some(0.0), Some(1.0)).is_ok());
        assert!(range_f64(&ratio, 1.0, Some(0.0), Some(1.0)).is_ok());
    }

    #[cfg(feature = "patterns")]
    #[test]
    fn ecmascript_lookahead_pattern() {
        static TAG_KEY: Pattern = Pattern::new("^(?!aws:)[a-zA-Z+-=._:/]+$");
        assert_eq!(TAG_KEY.source(), "^(?!aws:)[a-zA-Z+-=._:/]+$");
        assert!(TAG_KEY.is_match("Name"));
        // `+-=` is a range that includes digits and ':' .
        assert!(TAG_KEY.is_match("team:2024"));
        assert!(!TAG_KEY.is_match("aws:foo"));
        assert!(!TAG_KEY.is_match("has space"));
        assert!(!TAG_KEY.is_match(""));

        let root = Path::Root;
        let tags = root.member("tagKeys");
        let error = pattern(&tags.index(0), "aws:foo", &TAG_KEY).unwrap_err();
        assert_eq!(
            error.to_string(),
            "tagKeys[0]: value does not match pattern ^(?!aws:)[a-zA-Z+-=._:/]+$"
        );
        assert!(pattern(&tags.index(0), "Name", &TAG_KEY).is_ok());
    }

    #[cfg(feature = "patterns")]
    #[test]
    fn patterns_are_not_implicitly_anchored() {
        let contains_b = Pattern::new("b");
        assert!(contains_b.is_match("abc"));
        assert!(!contains_b.is_match("xyz"));

        let anchored = Pattern::new("^b$");
        assert!(!anchored.is_match("abc"));
        assert!(anchored.is_match("b"));
    }

    #[cfg(feature = "patterns")]
    #[test]
    fn unicode_property_escapes_work() {
        let tag_value = Pattern::new(r"^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$");
        assert!(tag_value.is_match("Grüße 2024"));
        assert!(tag_value.is_match("日本"));
        assert!(!tag_value.is_match("semi;colon"));
    }

    #[cfg(feature = "patterns")]
    #[test]
    fn legacy_only_syntax_still_compiles() {
        // `\_` is an identity escape only outside Unicode mode.
        let legacy = Pattern::new(r"^a\_b$");
        assert!(legacy.is_match("a_b"));
        assert!(!legacy.is_match("ab"));
    }

    #[cfg(feature = "patterns")]
    #[test]
    fn leading_java_dotall_group_becomes_the_s_flag() {
        // Without `(?s)`, `.` would not match the newline.
        for source in ["^(?s).+$", "(?s)^.+$"] {
            let pattern = Pattern::new(source);
            assert!(pattern.is_valid(), "{source}");
            assert!(pattern.is_match("two\nlines"), "{source}");
            assert!(!pattern.is_match(""), "{source}");
        }
        let plain = Pattern::new("^.+$");
        assert!(!plain.is_match("two\nlines"));
        // Only a leading group: elsewhere it stays an error.
        assert!(!Pattern::new("^a(?s).+$").is_valid());
    }

    #[cfg(feature = "patterns")]
    #[test]
    fn invalid_pattern_fails_validation_without_panicking() {
        let broken = Pattern::new("(unclosed");
        assert!(!broken.is_match("(unclosed"));
        let root = Path::Root;
        let error = pattern(&root.member("name"), "anything", &broken).unwrap_err();
        assert_eq!(
            error.to_string(),
            "name: pattern (unclosed is not a valid regular expression"
        );
    }

    #[cfg(not(feature = "patterns"))]
    #[test]
    fn without_the_feature_no_pattern_is_checked() {
        const { assert!(!Pattern::CHECKED) };
        let tag_key = Pattern::new("^(?!aws:)[a-zA-Z+-=._:/]+$");
        assert!(tag_key.is_match("aws:foo"));
        assert!(Pattern::new("(unclosed").is_valid());
        let root = Path::Root;
        assert!(pattern(&root.member("tagKey"), "aws:foo", &tag_key).is_ok());
    }

    /// A stand-in for a generated structure: `name` is required, at most 3
    /// characters.
    struct Item {
        name: Option<String>,
    }

    impl Validate for Item {
        fn validate_at(&self, path: &Path<'_>) -> Result<(), ValidationError> {
            let name_path = path.member("name");
            match &self.name {
                None => Err(missing(&name_path)),
                Some(name) => length_str(&name_path, name, None, Some(3)),
            }
        }
    }

    fn item(name: &str) -> Item {
        Item {
            name: Some(name.to_owned()),
        }
    }

    #[test]
    fn validate_recurses_with_paths() {
        let ok: Vec<Item> = vec![item("a"), item("abc")];
        assert!(ok.validate().is_ok());

        let bad = vec![item("a"), Item { name: None }];
        assert_eq!(
            bad.validate().unwrap_err().to_string(),
            "[1].name: required member is missing"
        );

        let root = Path::Root;
        let items = root.member("items");
        let nested: Option<Box<Vec<Item>>> = Some(Box::new(vec![item("long")]));
        assert_eq!(
            nested.validate_at(&items).unwrap_err().to_string(),
            "items[0].name: length 4 exceeds 3"
        );

        let none: Option<Item> = None;
        assert!(none.validate_at(&items).is_ok());
    }

    #[test]
    fn map_validation_reports_the_smallest_failing_key() {
        let mut map = HashMap::new();
        for key in ["m", "c", "x", "a", "q"] {
            map.insert(key.to_owned(), item("ok"));
        }
        assert!(map.validate().is_ok());

        for key in ["z", "k", "d"] {
            map.insert(key.to_owned(), item("toolong"));
        }
        let root = Path::Root;
        let tags = root.member("tags");
        assert_eq!(
            map.validate_at(&tags).unwrap_err().to_string(),
            r#"tags["d"].name: length 7 exceeds 3"#
        );
    }
}
