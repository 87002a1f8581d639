//! The shared AWS `config` and `credentials` files, parsed as the AWS SDKs
//! parse them.
//!
//! [`ProfileSet::load`] finds the two files, reads them and merges them into
//! named profiles; [`ProfileSet::parse`] does the same from strings.
//!
//! # Where the files are
//!
//! - config: `AWS_CONFIG_FILE`, default `~/.aws/config`;
//! - credentials: `AWS_SHARED_CREDENTIALS_FILE`, default `~/.aws/credentials`.
//!
//! A leading `~` (the whole path, or `~/`, and `~\` on Windows) is replaced by
//! the home directory ([`Env::home_dir`]: `HOME`, then `USERPROFILE`, then
//! `HOMEDRIVE`+`HOMEPATH`); `~user/...` is not expanded. A file that does not
//! exist is an empty file. A file that cannot be read or is not UTF-8 is also
//! treated as empty, with a note in [`ProfileSet::warnings`]. When a `~` path
//! cannot be expanded because no home directory is known, the file is treated
//! as missing (aws-sdk-rust would try the literal relative path `~/...`).
//!
//! The selected profile is `AWS_PROFILE`, default `default`.
//!
//! # Syntax
//!
//! This follows the cross-SDK profile file specification, as encoded in the
//! test suite the SDKs share (`profile-parser-tests.json` in aws-sdk-rust
//! (smithy-rs), the Java and Kotlin SDKs), and the AWS SDKs and Tools
//! Reference Guide, "Shared config and credentials files":
//!
//! - Lines are split on `\n` or `\r\n`; blank lines (spaces and tabs only) are
//!   skipped. A UTF-8 byte-order mark at the start of a file is ignored.
//! - A line starting with `#` or `;` (in the first column) is a comment.
//! - A line starting with `[` is a section header. Anything after a `#` or `;`
//!   on it is a comment, even without whitespace before it
//!   (`[profile foo]; note`). The text between the brackets is trimmed and
//!   split at the first run of spaces/tabs into a prefix and a name
//!   (`[profile  foo ]` is prefix `profile`, name `foo`).
//! - Any other line that does not start with whitespace is a property,
//!   `key = value`, split at the first `=`; key and value are trimmed of
//!   spaces and tabs. In a property line a `#` or `;` starts a comment only
//!   when preceded by whitespace: `key = a;b` is `a;b`, `key = a ;b` is `a`.
//!   Values may contain `=`. **Keys are case-insensitive** (stored lowercased;
//!   the suite's "Duplicate properties ... (case insensitive)" case) and must
//!   match `[A-Za-z0-9_\-/.%@:+]+`. Profile names are case-sensitive and must
//!   match the same pattern. A repeated key in a profile keeps the last value.
//! - A line starting with whitespace continues the previous property: it is
//!   trimmed and appended to the value after a `\n`, comment characters
//!   included (the suite's "Continuation values include pound comments").
//!   When the property's value was empty on its own line, the continuation
//!   lines are *sub-properties* (`s3 =` then `  max_concurrent_requests = 10`);
//!   the value is then `"\nmax_concurrent_requests = 10"`, and
//!   [`ProfileSet::get_sub`] reads one sub-property out of it.
//! - Sections with the same name merge, property by property, later values
//!   winning.
//!
//! Which sections count:
//!
//! | file | `[default]` | `[profile NAME]` | `[NAME]` | `[services NAME]` | `[sso-session NAME]` | other |
//! | --- | --- | --- | --- | --- | --- | --- |
//! | config | profile `default` | profile `NAME` | ignored | services section | SSO session | ignored |
//! | credentials | profile `default` | ignored | profile `NAME` | ignored | ignored | ignored |
//!
//! An `[sso-session NAME]` section (reference guide, "IAM Identity Center
//! credential provider"; read with [`ProfileSet::sso_session_get`]) holds
//! the settings a profile's `sso_session = NAME` refers to: `sso_start_url`,
//! `sso_region`, `sso_registration_scopes`. Its name follows the profile
//! name rules; sections of the same name merge as profiles do.
//!
//! In the config file `[profile default]` wins over `[default]`: when both are
//! present, every `[default]` section of the config file is ignored. The
//! config file is read first, then the credentials file: a profile defined in
//! both gets the properties of both, and for a key defined in both the
//! credentials file wins.
//!
//! # Errors
//!
//! Loading never fails and never panics. Where the SDKs reject a whole file
//! (a property before any section, a line without `=`, a header without a
//! closing `]`, a continuation line with nothing to continue, a sub-property
//! line without `=` or name), this parser skips that one line and records a
//! warning (file and line number, never the line's text, which could hold a
//! secret). Properties under a header that could not be parsed are skipped
//! up to the next valid header, so they never land in the previous profile.
//!
//! Inline comments follow the specification above; botocore (Python's
//! `configparser`) instead keeps ` # ...` in values, a known divergence
//! between SDKs.

use std::collections::BTreeMap;
use std::fmt;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use crate::env::Env;

/// The profile used when `AWS_PROFILE` is not set.
pub const DEFAULT_PROFILE: &str = "default";

/// The variable that selects the profile.
pub const PROFILE_ENV_VAR: &str = "AWS_PROFILE";

/// The variable that overrides the config file's location.
pub const CONFIG_FILE_ENV_VAR: &str = "AWS_CONFIG_FILE";

/// The variable that overrides the credentials file's location.
pub const CREDENTIALS_FILE_ENV_VAR: &str = "AWS_SHARED_CREDENTIALS_FILE";

/// Characters the specification treats as whitespace (not all of Unicode's).
const WHITESPACE: &[char] = &[' ', '\t'];
const COMMENT: &[char] = &['#', ';'];

/// Which of the two shared files a text came from; they name sections
/// differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileKind {
    /// The config file: `[default]`, `[profile NAME]`, `[services NAME]`.
    Config,
    /// The credentials file: `[NAME]` only.
    Credentials,
}

impl FileKind {
    /// The environment variable that overrides this file's location.
    pub fn env_var(self) -> &'static str {
        match self {
            FileKind::Config => CONFIG_FILE_ENV_VAR,
            FileKind::Credentials => CREDENTIALS_FILE_ENV_VAR,
        }
    }

    /// The location used when the variable is not set, before `~` expansion.
    pub fn default_path(self) -> &'static str {
        match self {
            FileKind::Config => "~/.aws/config",
            FileKind::Credentials => "~/.aws/credentials",
        }
    }

    fn label(self) -> &'static str {
        match self {
            FileKind::Config => "config file",
            FileKind::Credentials => "credentials file",
        }
    }
}

/// Where the file of `kind` is: the override variable or the default, with
/// `~` expanded. `None` when the path needs a home directory and none is
/// known.
pub fn file_path(env: &Env, kind: FileKind) -> Option<PathBuf> {
    let raw = env
        .get(kind.env_var())
        .unwrap_or_else(|| kind.default_path().to_owned());
    expand_home(&raw, env)
}

/// Replaces a leading `~` (`~` alone, `~/...`, and `~\...` on Windows) with
/// the home directory. Other paths are returned unchanged. `None` when
/// expansion is needed and [`Env::home_dir`] knows no home directory.
pub fn expand_home(path: &str, env: &Env) -> Option<PathBuf> {
    let rest = if path == "~" {
        Some("")
    } else {
        path.strip_prefix("~/").or_else(|| {
            if cfg!(windows) {
                path.strip_prefix("~\\")
            } else {
                None
            }
        })
    };
    match rest {
        None => Some(PathBuf::from(path)),
        Some(rest) => {
            let home = env.home_dir()?;
            let rest = rest.trim_start_matches(['/', '\\']);
            Some(if rest.is_empty() {
                home
            } else {
                home.join(rest)
            })
        }
    }
}

type Properties = BTreeMap<String, String>;

/// The profiles of the shared config and credentials files, merged, and the
/// selected profile's name.
///
/// `Debug` shows profile names and property *names* only: values include
/// secret keys.
#[derive(Clone, PartialEq, Eq)]
pub struct ProfileSet {
    selected: String,
    profiles: BTreeMap<String, Properties>,
    services: BTreeMap<String, Properties>,
    sso_sessions: BTreeMap<String, Properties>,
    config_path: Option<PathBuf>,
    credentials_path: Option<PathBuf>,
    warnings: Vec<String>,
}

impl Default for ProfileSet {
    /// No profiles; `default` selected.
    fn default() -> Self {
        Self::empty(DEFAULT_PROFILE)
    }
}

impl ProfileSet {
    fn empty(selected: impl Into<String>) -> Self {
        ProfileSet {
            selected: selected.into(),
            profiles: BTreeMap::new(),
            services: BTreeMap::new(),
            sso_sessions: BTreeMap::new(),
            config_path: None,
            credentials_path: None,
            warnings: Vec::new(),
        }
    }

    /// Reads the shared config and credentials files that `env` points to
    /// (see the [module documentation](self)) and selects `AWS_PROFILE` or
    /// `default`. Never fails: missing or unreadable files are empty.
    pub fn load(env: &Env) -> ProfileSet {
        let selected = env
            .get(PROFILE_ENV_VAR)
            .unwrap_or_else(|| DEFAULT_PROFILE.to_owned());
        let mut set = ProfileSet::empty(selected);
        set.config_path = file_path(env, FileKind::Config);
        set.credentials_path = file_path(env, FileKind::Credentials);
        let config = read_file(
            set.config_path.as_deref(),
            FileKind::Config,
            &mut set.warnings,
        );
        let credentials = read_file(
            set.credentials_path.as_deref(),
            FileKind::Credentials,
            &mut set.warnings,
        );
        let config_label = describe(set.config_path.as_deref(), FileKind::Config);
        let credentials_label = describe(set.credentials_path.as_deref(), FileKind::Credentials);
        set.merge(&config, FileKind::Config, &config_label);
        set.merge(&credentials, FileKind::Credentials, &credentials_label);
        set
    }

    /// Parses the two files' contents (either may be empty) and selects
    /// `selected`.
    ///
    /// ```
    /// use smithy_runtime::profile::ProfileSet;
    ///
    /// let set = ProfileSet::parse(
    ///     "[default]\nregion = us-east-1\n[profile dev]\nRegion = eu-west-1 ; note",
    ///     "[dev]\naws_access_key_id = AKIDEXAMPLE",
    ///     "dev",
    /// );
    /// assert_eq!(set.get("dev", "region"), Some("eu-west-1"));
    /// assert_eq!(set.get_selected("aws_access_key_id"), Some("AKIDEXAMPLE"));
    /// assert_eq!(set.get("default", "REGION"), Some("us-east-1"));
    /// ```
    pub fn parse(config: &str, credentials: &str, selected: impl Into<String>) -> ProfileSet {
        let mut set = ProfileSet::empty(selected);
        set.merge(config, FileKind::Config, FileKind::Config.label());
        set.merge(
            credentials,
            FileKind::Credentials,
            FileKind::Credentials.label(),
        );
        set
    }

    /// The same profiles with `profile` selected instead.
    #[must_use]
    pub fn with_selected(mut self, profile: impl Into<String>) -> Self {
        self.selected = profile.into();
        self
    }

    /// The selected profile's name (`AWS_PROFILE`, default `default`). It
    /// need not exist.
    pub fn selected(&self) -> &str {
        &self.selected
    }

    /// The value of `key` (case-insensitive) in profile `profile`.
    pub fn get(&self, profile: &str, key: &str) -> Option<&str> {
        self.profiles
            .get(profile)?
            .get(&key.to_ascii_lowercase())
            .map(String::as_str)
    }

    /// The value of `key` in the selected profile.
    pub fn get_selected(&self, key: &str) -> Option<&str> {
        self.get(&self.selected, key)
    }

    /// One sub-property: `sub_key` under `key` in `profile`, as in
    /// `s3 =` / `  max_concurrent_requests = 10`. Keys are case-insensitive;
    /// a trailing ` # comment` is dropped. `None` unless `key`'s value was
    /// empty on its own line (the sub-property form).
    pub fn get_sub(&self, profile: &str, key: &str, sub_key: &str) -> Option<&str> {
        sub_property(self.get(profile, key)?, sub_key)
    }

    /// A setting of a `[services NAME]` section of the config file:
    /// `key` (e.g. `endpoint_url`) under `service` (e.g. `s3`, the service's
    /// lowercase identifier) in the section `services_name`.
    ///
    /// ```
    /// use smithy_runtime::profile::ProfileSet;
    ///
    /// let config = "[profile dev]\nservices = local\n\
    ///               [services local]\nimagebuilder =\n  endpoint_url = http://localhost:4566\n";
    /// let set = ProfileSet::parse(config, "", "dev");
    /// let section = set.get_selected("services").unwrap_or_default();
    /// assert_eq!(
    ///     set.services_get(section, "imagebuilder", "endpoint_url"),
    ///     Some("http://localhost:4566")
    /// );
    /// ```
    pub fn services_get(&self, services_name: &str, service: &str, key: &str) -> Option<&str> {
        let value = self
            .services
            .get(services_name)?
            .get(&service.to_ascii_lowercase())?;
        sub_property(value, key)
    }

    /// A setting of an `[sso-session NAME]` section of the config file:
    /// `key` (case-insensitive, e.g. `sso_start_url`) in the section
    /// `session`.
    ///
    /// ```
    /// use smithy_runtime::profile::ProfileSet;
    ///
    /// let config = "[profile dev]\nsso_session = corp\n\
    ///               [sso-session corp]\nsso_region = eu-west-1\n";
    /// let set = ProfileSet::parse(config, "", "dev");
    /// let session = set.get_selected("sso_session").unwrap_or_default();
    /// assert!(set.has_sso_session(session));
    /// assert_eq!(set.sso_session_get(session, "SSO_REGION"), Some("eu-west-1"));
    /// ```
    pub fn sso_session_get(&self, session: &str, key: &str) -> Option<&str> {
        self.sso_sessions
            .get(session)?
            .get(&key.to_ascii_lowercase())
            .map(String::as_str)
    }

    /// True when an `[sso-session NAME]` section named `session` is defined
    /// in the config file.
    pub fn has_sso_session(&self, session: &str) -> bool {
        self.sso_sessions.contains_key(session)
    }

    /// The names of all `[sso-session NAME]` sections, sorted.
    pub fn sso_session_names(&self) -> impl Iterator<Item = &str> {
        self.sso_sessions.keys().map(String::as_str)
    }

    /// True when a profile named `profile` is defined in either file.
    pub fn has_profile(&self, profile: &str) -> bool {
        self.profiles.contains_key(profile)
    }

    /// The names of all profiles, sorted.
    pub fn profile_names(&self) -> impl Iterator<Item = &str> {
        self.profiles.keys().map(String::as_str)
    }

    /// The config file this set was loaded from (`None` from
    /// [`parse`](Self::parse), or when `~` could not be expanded).
    pub fn config_path(&self) -> Option<&Path> {
        self.config_path.as_deref()
    }

    /// The credentials file this set was loaded from (`None` from
    /// [`parse`](Self::parse), or when `~` could not be expanded).
    pub fn credentials_path(&self) -> Option<&Path> {
        self.credentials_path.as_deref()
    }

    /// What was skipped while loading: unreadable files, lines the SDKs
    /// would reject, ignored sections. Each names a file and line, never the
    /// line's contents.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// A description of where profiles come from, for error messages.
    pub fn sources_description(&self) -> String {
        format!(
            "{} or {}",
            describe(self.config_path.as_deref(), FileKind::Config),
            describe(self.credentials_path.as_deref(), FileKind::Credentials)
        )
    }

    fn merge(&mut self, text: &str, kind: FileKind, label: &str) {
        let raw = parse_raw(text, label, &mut self.warnings);
        let has_prefixed_default = raw
            .keys()
            .any(|key| key.prefix.as_deref() == Some("profile") && key.name == DEFAULT_PROFILE);
        for (key, section) in raw {
            let target = match (kind, key.prefix.as_deref(), key.name.as_str()) {
                (FileKind::Config, None, DEFAULT_PROFILE) if has_prefixed_default => {
                    self.warn(
                        label,
                        section.line,
                        "[default] ignored because [profile default] takes precedence",
                    );
                    continue;
                }
                (FileKind::Config, None, DEFAULT_PROFILE) => {
                    self.profiles.entry(key.name).or_default()
                }
                (FileKind::Config, Some("profile"), name) if is_identifier(name) => {
                    self.profiles.entry(key.name).or_default()
                }
                (FileKind::Config, Some("services"), name) if is_identifier(name) => {
                    self.services.entry(key.name).or_default()
                }
                (FileKind::Config, Some("sso-session"), name) if is_identifier(name) => {
                    self.sso_sessions.entry(key.name).or_default()
                }
                (FileKind::Config, None, _) => {
                    self.warn(
                        label,
                        section.line,
                        "section ignored: profiles in the config file other than [default] \
                         need the `profile` prefix",
                    );
                    continue;
                }
                (FileKind::Credentials, None, name) if is_identifier(name) => {
                    self.profiles.entry(key.name).or_default()
                }
                (FileKind::Credentials, Some(_), _) => {
                    self.warn(
                        label,
                        section.line,
                        "section ignored: sections in the credentials file are plain profile \
                         names, without a prefix such as `profile`",
                    );
                    continue;
                }
                _ => {
                    self.warn(
                        label,
                        section.line,
                        "section ignored: unsupported kind or invalid name",
                    );
                    continue;
                }
            };
            target.extend(section.properties);
        }
    }

    fn warn(&mut self, label: &str, line: usize, message: &str) {
        self.warnings.push(format!("{label}:{line}: {message}"));
    }
}

impl fmt::Debug for ProfileSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Keys<'a>(&'a BTreeMap<String, Properties>);
        impl fmt::Debug for Keys<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_map()
                    .entries(
                        self.0
                            .iter()
                            .map(|(name, props)| (name, props.keys().collect::<Vec<_>>())),
                    )
                    .finish()
            }
        }
        f.debug_struct("ProfileSet")
            .field("selected", &self.selected)
            .field("profiles", &Keys(&self.profiles))
            .field("services", &Keys(&self.services))
            .field("sso_sessions", &Keys(&self.sso_sessions))
            .field("config_path", &self.config_path)
            .field("credentials_path", &self.credentials_path)
            .field("warnings", &self.warnings)
            .finish()
    }
}

fn describe(path: Option<&Path>, kind: FileKind) -> String {
    match path {
        Some(path) => path.display().to_string(),
        None => format!("{} (no home directory to expand `~`)", kind.label()),
    }
}

fn read_file(path: Option<&Path>, kind: FileKind, warnings: &mut Vec<String>) -> String {
    let Some(path) = path else {
        return String::new();
    };
    match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(_) => {
                warnings.push(format!(
                    "{}: {} is not UTF-8; ignored",
                    path.display(),
                    kind.label()
                ));
                String::new()
            }
        },
        Err(err) if err.kind() == ErrorKind::NotFound => String::new(),
        Err(err) => {
            warnings.push(format!(
                "{}: {} could not be read ({err}); ignored",
                path.display(),
                kind.label()
            ));
            String::new()
        }
    }
}

/// `[prefix name]` or `[name]`, before validation.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct SectionKey {
    prefix: Option<String>,
    name: String,
}

#[derive(Debug, Default)]
struct RawSection {
    /// Line of the first header, for warnings.
    line: usize,
    properties: Properties,
}

struct CurrentProperty {
    key: String,
    /// The value was empty on the key's line: continuations are
    /// sub-properties.
    sub_properties: bool,
}

enum State {
    /// Before the first section header.
    Start,
    /// After a header that could not be parsed: skip up to the next header.
    Skipping,
    Section {
        key: SectionKey,
        property: Option<CurrentProperty>,
    },
}

/// Parses one file into its sections, literally: names are not validated
/// and prefixes not interpreted yet. Duplicate sections merge.
fn parse_raw(
    text: &str,
    label: &str,
    warnings: &mut Vec<String>,
) -> BTreeMap<SectionKey, RawSection> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut sections: BTreeMap<SectionKey, RawSection> = BTreeMap::new();
    let mut state = State::Start;
    let mut warn = |line: usize, message: &str| warnings.push(format!("{label}:{line}: {message}"));
    for (index, line) in text.lines().enumerate() {
        let line_number = index + 1;
        if line.trim_matches(WHITESPACE).is_empty() || line.starts_with(COMMENT) {
            continue;
        }
        if line.starts_with('[') {
            state = match parse_section_header(line) {
                Some(key) => {
                    sections.entry(key.clone()).or_insert_with(|| RawSection {
                        line: line_number,
                        properties: Properties::new(),
                    });
                    State::Section {
                        key,
                        property: None,
                    }
                }
                None => {
                    warn(
                        line_number,
                        "malformed section header; it and its properties are ignored",
                    );
                    State::Skipping
                }
            };
        } else if line.starts_with(WHITESPACE) {
            match &state {
                State::Section {
                    key,
                    property: Some(property),
                } => {
                    let continuation = line.trim_matches(WHITESPACE);
                    if property.sub_properties && parse_property(continuation).is_none() {
                        warn(
                            line_number,
                            "sub-property without `=` or without a name ignored",
                        );
                        continue;
                    }
                    if let Some(value) = sections
                        .get_mut(key)
                        .and_then(|section| section.properties.get_mut(&property.key))
                    {
                        value.push('\n');
                        value.push_str(continuation);
                    }
                }
                State::Skipping => {}
                State::Start | State::Section { property: None, .. } => warn(
                    line_number,
                    "indented line with no property to continue ignored",
                ),
            }
        } else {
            match &mut state {
                State::Section { key, property } => match parse_property(line) {
                    Some((name, value)) if is_identifier(name) => {
                        let name = name.to_ascii_lowercase();
                        sections
                            .entry(key.clone())
                            .or_default()
                            .properties
                            .insert(name.clone(), value.to_owned());
                        *property = Some(CurrentProperty {
                            key: name,
                            sub_properties: value.is_empty(),
                        });
                    }
                    Some(_) => {
                        warn(line_number, "property with an invalid name ignored");
                        *property = None;
                    }
                    None => {
                        warn(line_number, "line without `=` or without a name ignored");
                        *property = None;
                    }
                },
                State::Skipping => {}
                State::Start => warn(line_number, "property before any section ignored"),
            }
        }
    }
    sections
}

fn parse_section_header(line: &str) -> Option<SectionKey> {
    let inner = prepare_line(line, false)
        .strip_prefix('[')?
        .strip_suffix(']')?
        .trim_matches(WHITESPACE);
    if inner.is_empty() {
        return None;
    }
    Some(match inner.split_once(WHITESPACE) {
        Some((prefix, name)) => SectionKey {
            prefix: Some(prefix.to_owned()),
            name: name.trim_matches(WHITESPACE).to_owned(),
        },
        None => SectionKey {
            prefix: None,
            name: inner.to_owned(),
        },
    })
}

/// `key = value` with comments removed and both sides trimmed; `None`
/// without `=` or with an empty key.
fn parse_property(line: &str) -> Option<(&str, &str)> {
    let (key, value) = prepare_line(line, true).split_once('=')?;
    let key = key.trim_matches(WHITESPACE);
    (!key.is_empty()).then_some((key, value.trim_matches(WHITESPACE)))
}

/// Trims the line and cuts a trailing comment. In property lines a comment
/// character only starts a comment after whitespace.
fn prepare_line(line: &str, comment_needs_whitespace: bool) -> &str {
    let line = line.trim_matches(WHITESPACE);
    let mut previous_is_whitespace = false;
    let mut end = line.len();
    for (index, c) in line.char_indices() {
        if COMMENT.contains(&c) && (previous_is_whitespace || !comment_needs_whitespace) {
            end = index;
            break;
        }
        previous_is_whitespace = WHITESPACE.contains(&c);
    }
    line.get(..end).unwrap_or(line).trim_matches(WHITESPACE)
}

/// Profile, section and property names: `[A-Za-z0-9_\-/.%@:+]+`.
fn is_identifier(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-/.%@:+".contains(c))
}

fn sub_property<'a>(value: &'a str, sub_key: &str) -> Option<&'a str> {
    let rest = value.strip_prefix('\n')?;
    // The last definition wins.
    rest.split('\n')
        .rev()
        .filter_map(parse_property)
        .find(|(key, _)| key.eq_ignore_ascii_case(sub_key))
        .map(|(_, value)| value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(text: &str) -> ProfileSet {
        ProfileSet::parse(text, "", DEFAULT_PROFILE)
    }

    fn credentials(text: &str) -> ProfileSet {
        ProfileSet::parse("", text, DEFAULT_PROFILE)
    }

    fn names(set: &ProfileSet) -> Vec<&str> {
        set.profile_names().collect()
    }

    #[test]
    fn empty_files_have_no_profiles() {
        let set = ProfileSet::parse("", "", "default");
        assert_eq!(names(&set), Vec::<&str>::new());
        assert_eq!(set.selected(), "default");
        assert!(set.warnings().is_empty());
        assert_eq!(ProfileSet::default().selected(), "default");
    }

    #[test]
    fn basic_properties_and_trimming() {
        let set = config("[profile foo]\nname \t=  \tvalue \t\nother=a=b\nempty =\n");
        assert_eq!(set.get("foo", "name"), Some("value"));
        assert_eq!(set.get("foo", "other"), Some("a=b"));
        assert_eq!(set.get("foo", "empty"), Some(""));
        assert_eq!(set.get("foo", "missing"), None);
        assert_eq!(set.get("bar", "name"), None);
    }

    #[test]
    fn windows_line_endings_and_bom() {
        let set = config("\u{feff}[default]\r\nregion = us-west-2\r\n");
        assert_eq!(set.get("default", "region"), Some("us-west-2"));
    }

    #[test]
    fn comments() {
        let set = config(
            "# full line\n; full line\n[profile foo] # after header\n\
             a = value # comment with # sign\nb = value ; comment\n\
             c = value;not-a-comment\nd = value#not-a-comment\ne = ;\n\
             [profile bar]; adjacent\n[profile baz]# adjacent\n",
        );
        assert_eq!(set.get("foo", "a"), Some("value"));
        assert_eq!(set.get("foo", "b"), Some("value"));
        assert_eq!(set.get("foo", "c"), Some("value;not-a-comment"));
        assert_eq!(set.get("foo", "d"), Some("value#not-a-comment"));
        assert_eq!(set.get("foo", "e"), Some(""));
        assert_eq!(names(&set), ["bar", "baz", "foo"]);
        assert!(set.warnings().is_empty(), "{:?}", set.warnings());
    }

    #[test]
    fn indented_comment_is_a_continuation() {
        // The specification only recognizes comments in the first column.
        let set = config("[default]\nname = value\n  # still value\n");
        assert_eq!(set.get("default", "name"), Some("value\n# still value"));
    }

    #[test]
    fn blank_lines_are_ignored() {
        let set = config("\t \n[profile foo]\n\t\n \nname = value\n\t \n[profile bar]\n \t");
        assert_eq!(set.get("foo", "name"), Some("value"));
        assert!(set.has_profile("bar"));
    }

    #[test]
    fn keys_are_case_insensitive_profiles_are_not() {
        let set = config("[profile Foo]\nName = value\n[profile Foo]\nNAME = value2\n");
        assert_eq!(set.get("Foo", "name"), Some("value2"));
        assert_eq!(set.get("Foo", "nAmE"), Some("value2"));
        assert_eq!(set.get("foo", "name"), None);
    }

    #[test]
    fn duplicates_merge_last_wins() {
        let set = config("[profile foo]\na = 1\nb = 1\n[profile foo]\nb = 2\nc = 2\n");
        assert_eq!(set.get("foo", "a"), Some("1"));
        assert_eq!(set.get("foo", "b"), Some("2"));
        assert_eq!(set.get("foo", "c"), Some("2"));
    }

    #[test]
    fn continuations() {
        let set = config(
            "[profile foo]\nname = value\n -continued\n \t -and-continued \t\n\
             other = x\n -continued # comment\n",
        );
        assert_eq!(
            set.get("foo", "name"),
            Some("value\n-continued\n-and-continued")
        );
        assert_eq!(set.get("foo", "other"), Some("x\n-continued # comment"));
    }

    #[test]
    fn continuation_reset_by_header_is_ignored() {
        let set = config("[profile foo]\nname = value\n[profile foo]\n -continued\nb = 1");
        assert_eq!(set.get("foo", "name"), Some("value"));
        assert_eq!(set.get("foo", "b"), Some("1"));
        assert_eq!(set.warnings().len(), 1);
    }

    #[test]
    fn sub_properties() {
        let set = config(
            "[profile foo]\ns3 =\n  max_concurrent_requests = 10\n\n  Addressing_Style = path # c\n\
             \x20 invalid\n  = no-name\nregion = us-east-1\n",
        );
        assert_eq!(
            set.get("foo", "s3"),
            Some("\nmax_concurrent_requests = 10\nAddressing_Style = path # c")
        );
        assert_eq!(
            set.get_sub("foo", "s3", "max_concurrent_requests"),
            Some("10")
        );
        assert_eq!(set.get_sub("foo", "S3", "addressing_style"), Some("path"));
        assert_eq!(set.get_sub("foo", "s3", "missing"), None);
        assert_eq!(set.get_sub("foo", "region", "x"), None);
        assert_eq!(set.get("foo", "region"), Some("us-east-1"));
        assert_eq!(set.warnings().len(), 2, "{:?}", set.warnings());
    }

    #[test]
    fn repeated_sub_property_keeps_the_last() {
        let set = config("[default]\ns3 =\n  a = 1\n  A = 2\n  b = 3\n");
        assert_eq!(set.get_sub("default", "s3", "a"), Some("2"));
        assert_eq!(set.get_sub("default", "s3", "b"), Some("3"));
    }

    #[test]
    fn config_file_section_rules() {
        let set = config(
            "[default]\na = 1\n[profile dev]\nb = 2\n[plain]\nc = 3\n\
             [sso-session s]\nd = 4\n[weird thing]\ne = 5\n[profile in valid]\nf = 6\n\
             [profile \tspaced \t]\ng = 7\n[   profile   padded   ]\nh = 8\n[profilefoo]\ni = 9\n",
        );
        assert_eq!(names(&set), ["default", "dev", "padded", "spaced"]);
        assert_eq!(set.get("default", "a"), Some("1"));
        assert_eq!(set.get("dev", "b"), Some("2"));
        assert_eq!(set.get("spaced", "g"), Some("7"));
        assert_eq!(set.get("padded", "h"), Some("8"));
        // [plain], [weird thing], [profile in valid], [profilefoo]; the
        // sso-session section is not a profile, and no warning.
        assert!(!set.has_profile("s"));
        assert_eq!(set.warnings().len(), 4, "{:?}", set.warnings());
    }

    #[test]
    fn credentials_file_section_rules() {
        let set =
            credentials("[default]\na = 1\n[dev]\nb = 2\n[profile x]\nc = 3\n[  padded ]\nd = 4\n");
        assert_eq!(names(&set), ["default", "dev", "padded"]);
        assert!(!set.has_profile("x"));
        assert!(!set.has_profile("profile x"));
        assert_eq!(set.warnings().len(), 1);
    }

    #[test]
    fn prefixed_default_wins_in_config_file() {
        for text in [
            "[profile default]\nname = value\n[default]\nname2 = value2\n",
            "[default]\nname2 = value2\n[profile default]\nname = value\n",
        ] {
            let set = config(text);
            assert_eq!(set.get("default", "name"), Some("value"));
            assert_eq!(set.get("default", "name2"), None);
        }
        // ... but the credentials file's [default] still merges in.
        let set = ProfileSet::parse(
            "[profile default]\nname = value\n[default]\nname2 = value2\n",
            "[default]\nsecret = foo\n",
            "default",
        );
        assert_eq!(set.get("default", "name"), Some("value"));
        assert_eq!(set.get("default", "name2"), None);
        assert_eq!(set.get("default", "secret"), Some("foo"));
    }

    #[test]
    fn credentials_file_wins_per_property() {
        let set = ProfileSet::parse(
            "[profile foo]\nname = config\nonly_config = 1\n",
            "[foo]\nname = credentials\nonly_credentials = 2\n",
            "foo",
        );
        assert_eq!(set.get_selected("name"), Some("credentials"));
        assert_eq!(set.get_selected("only_config"), Some("1"));
        assert_eq!(set.get_selected("only_credentials"), Some("2"));
    }

    #[test]
    fn invalid_lines_never_fail_and_never_leak_into_other_profiles() {
        let set = config(
            "orphan = 1\n -orphan continuation\n[profile a]\nx = 1\n[profile b\n\
             secret_in_broken = 2\n  more\n[profile c]\nkey : value\n= v\nin valid = 3\ny = 4\n",
        );
        assert_eq!(names(&set), ["a", "c"]);
        assert_eq!(set.get("a", "x"), Some("1"));
        assert_eq!(set.get("a", "secret_in_broken"), None);
        assert_eq!(set.get("c", "y"), Some("4"));
        assert_eq!(set.get("c", "in valid"), None);
        // orphan, orphan continuation, broken header, `key : value`, `= v`, `in valid`.
        assert_eq!(set.warnings().len(), 6, "{:?}", set.warnings());
        for warning in set.warnings() {
            assert!(!warning.contains("secret_in_broken"), "{warning}");
            assert!(warning.starts_with("config file:"), "{warning}");
        }
    }

    #[test]
    fn hostile_inputs_do_not_panic() {
        for text in [
            "[",
            "]",
            "[]",
            "[ ]",
            "=",
            "==",
            "[profile]",
            "[profile ]\n=",
            "\u{0}",
            "é = è",
            "[default]\n\u{1F600} = 1\n  \u{1F600}",
            "[default]\nk =\n ;\n #\n =\n",
            "[default]\nk = v\r\n\r\n \r\n",
            "\r\r\r",
            "[default]\nk=v;#;#",
            "[profile é]\nk = v",
        ] {
            let set = ProfileSet::parse(text, text, "default");
            let _ = format!("{set:?}");
        }
    }

    #[test]
    fn services_sections() {
        let set = config(
            "[profile dev]\nservices = local\n[services local]\ns3 =\n  endpoint_url = http://s3\n\
             imagebuilder =\n  endpoint_url = http://ib # note\n[services in valid]\nx =\n  y = z\n",
        );
        assert_eq!(set.get("dev", "services"), Some("local"));
        assert_eq!(
            set.services_get("local", "s3", "endpoint_url"),
            Some("http://s3")
        );
        assert_eq!(
            set.services_get("local", "ImageBuilder", "ENDPOINT_URL"),
            Some("http://ib")
        );
        assert_eq!(set.services_get("local", "ec2", "endpoint_url"), None);
        assert_eq!(set.services_get("other", "s3", "endpoint_url"), None);
        // Services sections are not profiles, and are ignored in the credentials file.
        assert!(!set.has_profile("local"));
        let set = credentials("[services local]\ns3 =\n  endpoint_url = http://s3\n");
        assert_eq!(set.services_get("local", "s3", "endpoint_url"), None);
    }

    #[test]
    fn sso_session_sections() {
        let set = config(
            "[profile dev]\nsso_session = my-sso\nsso_account_id = 111122223333\n\
             [sso-session my-sso]\nsso_start_url = https://d-abc.awsapps.com/start\n\
             SSO_Region = us-east-1\nsso_registration_scopes = sso:account:access ; note\n\
             [sso-session my-sso]\nsso_region = eu-west-1\n\
             [ sso-session \t other ]\nsso_region = ap-south-1\n\
             [sso-session in valid]\nsso_region = x\n[sso-session]\nsso_region = y\n",
        );
        assert_eq!(names(&set), ["dev"]);
        assert_eq!(set.get("dev", "sso_session"), Some("my-sso"));
        assert!(set.has_sso_session("my-sso"));
        assert_eq!(
            set.sso_session_get("my-sso", "sso_start_url"),
            Some("https://d-abc.awsapps.com/start")
        );
        // Keys are case-insensitive; repeated sections merge, later wins.
        assert_eq!(
            set.sso_session_get("my-sso", "sso_region"),
            Some("eu-west-1")
        );
        assert_eq!(
            set.sso_session_get("my-sso", "SSO_REGISTRATION_SCOPES"),
            Some("sso:account:access")
        );
        assert_eq!(set.sso_session_get("my-sso", "missing"), None);
        assert_eq!(
            set.sso_session_get("other", "sso_region"),
            Some("ap-south-1")
        );
        assert_eq!(set.sso_session_get("nope", "sso_region"), None);
        assert!(!set.has_sso_session("My-SSO"));
        assert_eq!(
            set.sso_session_names().collect::<Vec<_>>(),
            ["my-sso", "other"]
        );
        // [sso-session in valid] and [sso-session] (a bare `sso-session` is a
        // name without the `profile` prefix).
        assert_eq!(set.warnings().len(), 2, "{:?}", set.warnings());
        // A section of that name in the credentials file is not a session.
        let set = credentials("[sso-session my-sso]\nsso_region = us-east-1\n");
        assert!(!set.has_sso_session("my-sso"));
        assert_eq!(set.warnings().len(), 1, "{:?}", set.warnings());
        // Sessions are not profiles, and profiles are not sessions.
        let set = config("[profile my-sso]\nsso_region = us-east-1\n");
        assert!(!set.has_sso_session("my-sso"));
        let debug = format!(
            "{:?}",
            config("[sso-session s]\nsso_start_url = https://secret.example\n")
        );
        assert!(debug.contains("sso_start_url"), "{debug}");
        assert!(!debug.contains("secret.example"), "{debug}");
    }

    #[test]
    fn identifiers() {
        assert!(is_identifier("some-thing:long/the_one%only.foo@bar+"));
        assert!(!is_identifier("foo!bar"));
        assert!(!is_identifier("in valid"));
        assert!(!is_identifier(""));
        let set = config("[profile some-thing:long/the_one%only.foo@bar+]\n[profile foo!bar]");
        assert_eq!(names(&set), ["some-thing:long/the_one%only.foo@bar+"]);
    }

    #[test]
    fn home_expansion() {
        let env = Env::from_map([("HOME", "/home/me")]);
        assert_eq!(
            expand_home("~/.aws/config", &env),
            Some(PathBuf::from("/home/me/.aws/config"))
        );
        assert_eq!(expand_home("~", &env), Some(PathBuf::from("/home/me")));
        assert_eq!(
            expand_home("~other/config", &env),
            Some(PathBuf::from("~other/config"))
        );
        assert_eq!(
            expand_home("/etc/aws/config", &env),
            Some(PathBuf::from("/etc/aws/config"))
        );
        assert_eq!(expand_home("rel/~/x", &env), Some(PathBuf::from("rel/~/x")));
        let no_home = Env::from_map([("X", "1")]);
        assert_eq!(expand_home("~/.aws/config", &no_home), None);
        assert_eq!(expand_home("/abs", &no_home), Some(PathBuf::from("/abs")));
        let profile_home = Env::from_map([("USERPROFILE", "/users/me")]);
        assert_eq!(
            expand_home("~/.aws/credentials", &profile_home),
            Some(PathBuf::from("/users/me/.aws/credentials"))
        );
    }

    #[test]
    fn file_paths_from_env() {
        let env = Env::from_map([("HOME", "/home/me")]);
        assert_eq!(
            file_path(&env, FileKind::Config),
            Some(PathBuf::from("/home/me/.aws/config"))
        );
        assert_eq!(
            file_path(&env, FileKind::Credentials),
            Some(PathBuf::from("/home/me/.aws/credentials"))
        );
        let env = Env::from_map([
            ("HOME", "/home/me"),
            ("AWS_CONFIG_FILE", "~/custom/config"),
            ("AWS_SHARED_CREDENTIALS_FILE", "/etc/creds"),
        ]);
        assert_eq!(
            file_path(&env, FileKind::Config),
            Some(PathBuf::from("/home/me/custom/config"))
        );
        assert_eq!(
            file_path(&env, FileKind::Credentials),
            Some(PathBuf::from("/etc/creds"))
        );
        // Empty override counts as unset.
        let env = Env::from_map([("HOME", "/h"), ("AWS_CONFIG_FILE", "")]);
        assert_eq!(
            file_path(&env, FileKind::Config),
            Some(PathBuf::from("/h/.aws/config"))
        );
    }

    #[test]
    fn load_without_home_reads_nothing() {
        let set = ProfileSet::load(&Env::from_map([("AWS_PROFILE", "x")]));
        assert_eq!(set.selected(), "x");
        assert_eq!(set.config_path(), None);
        assert_eq!(set.credentials_path(), None);
        assert!(set.profile_names().next().is_none());
        assert!(set.sources_description().contains("no home directory"));
    }

    #[test]
    fn debug_hides_values() {
        let set = credentials("[default]\naws_secret_access_key = hunter2hunter2\n");
        let debug = format!("{set:?}");
        assert!(debug.contains("aws_secret_access_key"), "{debug}");
        assert!(!debug.contains("hunter2"), "{debug}");
    }

    #[test]
    fn with_selected_switches_profile() {
        let set = config("[profile a]\nk = 1\n[profile b]\nk = 2\n").with_selected("b");
        assert_eq!(set.selected(), "b");
        assert_eq!(set.get_selected("k"), Some("2"));
    }
}
