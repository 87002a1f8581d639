//! Where generated code finds the runtime crate. Emitters name every
//! runtime item by its path under [`DEFAULT`] (`::smithy_runtime::…`), in
//! code, serde attributes and doc links alike; [`place`] moves each of them
//! under the path the build asked for ([`Config::runtime_crate`]), as
//! prost-build's `prost_path` does, so a crate can depend on the runtime
//! under another name, or re-export it.
//!
//! [`Config::runtime_crate`]: crate::Config::runtime_crate

use crate::error::{Error, Result};

/// The runtime's path when nothing else is asked for.
pub const DEFAULT: &str = "::smithy_runtime";

/// `path` if it is a Rust path generated code can start from (`::name`,
/// `crate::a::b`, `name`), without a trailing `::`.
///
/// # Errors
///
/// [`Error::Config`] for anything else.
pub fn check(path: &str) -> Result<String> {
    let trimmed = path.trim().trim_end_matches("::");
    let segments = trimmed.strip_prefix("::").unwrap_or(trimmed);
    let valid = !segments.is_empty()
        && segments.split("::").all(|segment| {
            let mut chars = segment.chars();
            chars
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        });
    if valid {
        Ok(trimmed.to_owned())
    } else {
        Err(Error::Config(format!(
            "runtime crate path {path:?} is not a Rust path (e.g. `::smithy_runtime` or `crate::rt`)"
        )))
    }
}

/// `code` with every runtime path moved under `runtime` (a [`check`]ed
/// path). Runtime paths start with `::smithy_runtime::`, which nothing else
/// in generated code does.
pub fn place(code: &str, runtime: &str) -> String {
    if runtime == DEFAULT {
        return code.to_owned();
    }
    code.replace(&format!("{DEFAULT}::"), &format!("{runtime}::"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_checked() {
        assert_eq!(check("::rt").unwrap(), "::rt");
        assert_eq!(
            check("crate::deps::runtime::").unwrap(),
            "crate::deps::runtime"
        );
        assert_eq!(check("rt").unwrap(), "rt");
        for bad in ["", "::", "a b", "1x", "a::::b", "a-b"] {
            assert!(check(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn every_runtime_path_moves() {
        let code = "#[serde(crate = \"::smithy_runtime::serde\")]\n\
                    /// See [`E`](::smithy_runtime::SdkError).\n\
                    fn f() -> ::smithy_runtime::HttpRequest { ::smithy_runtime::modeled_error!(X); }\n";
        let moved = place(code, "crate::rt");
        assert!(!moved.contains("smithy_runtime"), "{moved}");
        assert_eq!(moved.matches("crate::rt::").count(), 4, "{moved}");
        assert_eq!(place(code, DEFAULT), code);
    }
}
