//! The generator's one error type: every failure names the file it came from
//! and, where there is one, the shape id and JSON path at fault.

use std::path::PathBuf;

/// Where in a model a problem lies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The model file (or `<memory>` for a model given as a string).
    pub file: PathBuf,
    /// The shape at fault, when there is one.
    pub shape: Option<String>,
    /// A JSON path such as `shapes["com.example#Foo"].members.bar.target`.
    pub json_path: Option<String>,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(path) = &self.json_path {
            write!(f, " at {path}")?;
        } else if let Some(shape) = &self.shape {
            write!(f, " in shape {shape}")?;
        }
        Ok(())
    }
}

/// Everything that can go wrong while generating code.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The model file could not be read.
    #[error("{}: cannot read the model: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The model is not valid JSON, or not the shape of a Smithy JSON AST.
    #[error("{}:{line}:{column}: {message}", file.display())]
    Json {
        /// The file.
        file: PathBuf,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem.
        column: usize,
        /// What serde_json reported.
        message: String,
    },
    /// An IDL file does not follow the Smithy IDL grammar, or says something
    /// the loader refuses (e.g. a member defined twice).
    #[error("{}:{line}:{column}: {message}", file.display())]
    Syntax {
        /// The file.
        file: PathBuf,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem (in characters).
        column: usize,
        /// What was expected and what was found.
        message: String,
    },
    /// The `smithy` version is not 2.x.
    #[error("{}: unsupported Smithy version {version:?} (expected 2.x)", file.display())]
    Version {
        /// The file.
        file: PathBuf,
        /// The version found.
        version: String,
    },
    /// The model is well-formed JSON but says something invalid.
    #[error("{location}: {message}")]
    Invalid {
        /// Where.
        location: Location,
        /// What is wrong.
        message: String,
    },
    /// Writing generated files failed.
    #[error("{}: cannot write: {source}", path.display())]
    Write {
        /// The file or folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The generated code did not parse as Rust (a bug in the generator).
    #[error("generated code for {what} does not parse: {message}")]
    Emit {
        /// Which output.
        what: String,
        /// What syn reported.
        message: String,
    },
    /// The build-script API was used without a required setting.
    #[error("configuration: {0}")]
    Config(String),
}

/// The generator's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
