//! The process environment, behind a seam tests can replace.
//!
//! Everything in this crate that reads environment variables (the shared
//! config files' locations, [`Settings`](crate::settings::Settings), the
//! credential providers) reads them through an [`Env`]. [`Env::real`] (also
//! [`Env::default`]) reads the process environment at the time of each
//! lookup; [`Env::from_map`] reads a fixed set of variables, so tests never
//! touch (or race on) the real environment.
//!
//! Like the AWS SDKs, an empty variable counts as unset: `AWS_REGION=` is the
//! same as no `AWS_REGION`.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

/// Where environment variables come from: the process, or a fixed map.
///
/// Cloning is cheap (the map is shared).
///
/// `Debug` lists variable names only, never values: the environment holds
/// secrets such as `AWS_SECRET_ACCESS_KEY`.
#[derive(Clone, Default)]
pub struct Env {
    source: Source,
}

#[derive(Clone, Default)]
enum Source {
    #[default]
    Process,
    Map(Arc<BTreeMap<String, String>>),
}

impl Env {
    /// The real process environment, read at each lookup.
    pub fn real() -> Self {
        Env {
            source: Source::Process,
        }
    }

    /// A fixed environment holding exactly `vars`; anything else is unset.
    ///
    /// ```
    /// use smithy_runtime::env::Env;
    ///
    /// let env = Env::from_map([("AWS_REGION", "eu-west-1"), ("AWS_PROFILE", "")]);
    /// assert_eq!(env.get("AWS_REGION").as_deref(), Some("eu-west-1"));
    /// assert_eq!(env.get("AWS_PROFILE"), None); // empty counts as unset
    /// assert_eq!(env.get("HOME"), None);
    /// ```
    pub fn from_map<I, K, V>(vars: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        Env {
            source: Source::Map(Arc::new(
                vars.into_iter()
                    .map(|(k, v)| (k.into(), v.into()))
                    .collect(),
            )),
        }
    }

    /// The value of `name`, or `None` when it is unset, empty, or (in the
    /// process environment) not valid Unicode.
    pub fn get(&self, name: &str) -> Option<String> {
        let value = match &self.source {
            Source::Process => std::env::var_os(name)?.into_string().ok()?,
            Source::Map(vars) => vars.get(name)?.clone(),
        };
        (!value.is_empty()).then_some(value)
    }

    /// The user's home directory, used to expand `~` in file paths.
    ///
    /// `HOME`, then `USERPROFILE`, then `HOMEDRIVE` followed by `HOMEPATH`
    /// (the order the AWS SDKs use on Windows; on Unix `HOME` is always set
    /// in practice, so this is the SDKs' Unix behaviour too). `None` when
    /// none of them is set; there is no fallback to the password database.
    pub fn home_dir(&self) -> Option<PathBuf> {
        if let Some(home) = self.get("HOME").or_else(|| self.get("USERPROFILE")) {
            return Some(PathBuf::from(home));
        }
        match (self.get("HOMEDRIVE"), self.get("HOMEPATH")) {
            (Some(drive), Some(path)) => Some(PathBuf::from(format!("{drive}{path}"))),
            _ => None,
        }
    }

    /// True when this reads the real process environment.
    pub fn is_real(&self) -> bool {
        matches!(self.source, Source::Process)
    }
}

impl fmt::Debug for Env {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.source {
            Source::Process => f.write_str("Env::Process"),
            Source::Map(vars) => f
                .debug_tuple("Env::Map")
                .field(&vars.keys().collect::<Vec<_>>())
                .finish(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_lookup_and_empty_is_unset() {
        let env = Env::from_map([("A", "1"), ("EMPTY", "")]);
        assert_eq!(env.get("A").as_deref(), Some("1"));
        assert_eq!(env.get("EMPTY"), None);
        assert_eq!(env.get("MISSING"), None);
        assert!(!env.is_real());
        assert!(Env::default().is_real());
    }

    #[test]
    fn home_dir_order() {
        let env = Env::from_map([("HOME", "/h"), ("USERPROFILE", "C:\\Users\\u")]);
        assert_eq!(env.home_dir(), Some(PathBuf::from("/h")));
        let env = Env::from_map([("HOME", ""), ("USERPROFILE", "C:\\Users\\u")]);
        assert_eq!(env.home_dir(), Some(PathBuf::from("C:\\Users\\u")));
        let env = Env::from_map([("HOMEDRIVE", "D:"), ("HOMEPATH", "\\me")]);
        assert_eq!(env.home_dir(), Some(PathBuf::from("D:\\me")));
        let env = Env::from_map([("HOMEDRIVE", "D:")]);
        assert_eq!(env.home_dir(), None);
    }

    #[test]
    fn debug_shows_names_not_values() {
        let env = Env::from_map([("AWS_SECRET_ACCESS_KEY", "very-secret-value")]);
        let debug = format!("{env:?}");
        assert!(debug.contains("AWS_SECRET_ACCESS_KEY"));
        assert!(!debug.contains("very-secret-value"));
        assert_eq!(format!("{:?}", Env::real()), "Env::Process");
    }

    #[test]
    fn real_env_reads_something_plausible() {
        // PATH (or Path on Windows) is set in every test runner; only check
        // that lookups work, never set variables.
        let env = Env::real();
        assert!(env.get("PATH").is_some() || env.get("Path").is_some());
        assert_eq!(env.get("SMITHY_RUNTIME_SURELY_UNSET_VARIABLE_42"), None);
    }
}
