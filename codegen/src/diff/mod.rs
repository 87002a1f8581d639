//! What changed between two versions of a service model, and whether each
//! change breaks code written against the Rust API generated from the old
//! one (`smithy-codegen diff OLD NEW`).
//!
//! Every change is **breaking** or **compatible** for users of the
//! generated Rust API, with the reason. Changes that alter what travels on
//! the wire but not the Rust API (HTTP method, URI, bindings, JSON names,
//! timestamp formats, endpoint rules) are compatible and flagged `wire`:
//! the Rust code using the client keeps compiling, but the client must be
//! regenerated to keep talking to the service correctly.
//!
//! Both models are resolved by [`crate::ir::resolve`], as for generation,
//! and [`compare`] compares the two resolved services: every fact the
//! report gives (Rust names and types, optionality, bindings, constraints,
//! traits, builders) is the one the generator writes the Rust API from, so
//! a model the generator rejects is an error here too, and operations it
//! leaves out (event streams) are not compared. Where the generator merges
//! a member's facts with its target's, the IR also keeps what each
//! declares itself ([`crate::ir::Declared`]), so that a change is reported
//! once, where it is written.
//!
//! The classification follows how the generator maps the model to Rust: a
//! required member of a structure only used in requests is a plain field,
//! every member of a structure read from a response (output or error) is
//! an `Option`, input structures have a builder whose `build()` fails on a
//! missing required member, only inputs are validated against `length`,
//! `pattern` and `range`, enums keep unknown values in `Unknown`. Generated structs and enums are not
//! `#[non_exhaustive]`, so code that writes a struct literal naming every
//! field, or a `match` without a wildcard arm, must follow additions; the
//! classification assumes code uses builders and wildcard arms, as the
//! README shows, and the reasons say so.
//!
//! ```no_run
//! use std::path::Path;
//! use smithy_codegen::diff::{self, Options};
//!
//! let report = diff::diff(
//!     Path::new("model/old.json"),
//!     Path::new("model/imagebuilder.json"),
//!     &Options::default(),
//! )?;
//! print!("{}", report.to_text());
//! if report.is_breaking() {
//!     println!("cargo:warning=the model update breaks the generated API");
//! }
//! # Ok::<(), smithy_codegen::Error>(())
//! ```

mod compare;
mod constraints;
mod facts;
mod members;
mod render;
mod select;
mod subject;

use std::path::{Path, PathBuf};

use serde::Serialize;

pub use compare::compare;

use crate::error::Result;
use crate::model::{self, Model};

/// What to compare.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The service, by shape id or name; needed only when a model defines
    /// several.
    pub service: Option<String>,
    /// Narrows the report to these operations and the shapes they reach
    /// (all operations when empty).
    pub operations: Vec<String>,
    /// List documentation-only changes (they are always counted).
    pub docs: bool,
}

impl Options {
    /// Options with nothing set: every operation, documentation changes
    /// counted but not listed.
    pub fn new() -> Self {
        Self::default()
    }
}

/// Compares the models at `old` and `new`. A model that does not load is an
/// error naming its file, as for generation.
pub fn diff(old: &Path, new: &Path, options: &Options) -> Result<Report> {
    let old_model = model::load(old)?;
    let new_model = model::load(new)?;
    diff_models(&old_model, &new_model, options)
}

/// Compares two loaded models, each resolved as for generation (a model the
/// generator rejects is an error).
pub fn diff_models(old: &Model, new: &Model, options: &Options) -> Result<Report> {
    let (old_service, new_service, operations) = select::resolve(old, new, options)?;
    Ok(Report {
        old: old.file.clone(),
        new: new.file.clone(),
        operations,
        list_docs: options.docs,
        ..compare(&old_service, &new_service)
    })
}

/// Whether a change breaks code written against the old generated API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Code that compiled and worked against the old API may not anymore.
    Breaking,
    /// Code written against the old API keeps compiling and working.
    Compatible,
}

impl Severity {
    /// `breaking` or `compatible`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Breaking => "breaking",
            Severity::Compatible => "compatible",
        }
    }
}

/// What a change is about: the service, an operation, or a shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// The service as a whole (its operations, endpoint rules).
    Service,
    /// One operation (its HTTP binding, input, output, errors).
    Operation,
    /// One shape (its members, values, constraints).
    Shape,
}

/// The kinds of change the report tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    OperationAdded,
    OperationRemoved,
    /// An operation's input or output structure is another one.
    OperationInputChanged,
    OperationOutputChanged,
    ErrorAdded,
    ErrorRemoved,
    HttpMethodChanged,
    HttpUriChanged,
    HttpCodeChanged,
    /// `paginated` added, removed or changed.
    PaginationChanged,
    /// A structure, union or enum is newly generated.
    ShapeAdded,
    /// A structure, union or enum is no longer generated.
    ShapeRemoved,
    /// A shape's type changed (e.g. `integer` to `long`, `structure` to
    /// `union`, a list became sparse).
    TypeChanged,
    /// A structure is now (or no longer) used in requests or read from
    /// responses, which changes its builder or its fields' optionality.
    UsageChanged,
    /// An input structure's `build()` became fallible or infallible.
    BuilderChanged,
    MemberAdded,
    MemberRemoved,
    /// A member gained `@required`.
    MemberRequired,
    /// A member lost `@required`.
    MemberOptional,
    /// A member targets another shape.
    TargetChanged,
    EnumValueAdded,
    EnumValueRemoved,
    /// The same enum value under another name: the Rust variant is renamed.
    EnumVariantRenamed,
    LengthChanged,
    PatternChanged,
    RangeChanged,
    /// `httpLabel`, `httpQuery`, `httpHeader`, `httpPayload`, ... changed.
    BindingChanged,
    /// `jsonName` changed.
    JsonNameChanged,
    /// `timestampFormat` changed.
    TimestampFormatChanged,
    /// Another trait the generator reads changed (`deprecated`,
    /// `sensitive`, `idempotencyToken`, `default`, `httpError`,
    /// `requestCompression`, `httpChecksumRequired`, endpoint rules, ...).
    TraitChanged,
    /// Only documentation changed.
    Documentation,
}

impl ChangeKind {
    /// The kind as the JSON report spells it, e.g. `member_added`.
    pub fn as_str(self) -> &'static str {
        use ChangeKind::*;
        match self {
            OperationAdded => "operation_added",
            OperationRemoved => "operation_removed",
            OperationInputChanged => "operation_input_changed",
            OperationOutputChanged => "operation_output_changed",
            ErrorAdded => "error_added",
            ErrorRemoved => "error_removed",
            HttpMethodChanged => "http_method_changed",
            HttpUriChanged => "http_uri_changed",
            HttpCodeChanged => "http_code_changed",
            PaginationChanged => "pagination_changed",
            ShapeAdded => "shape_added",
            ShapeRemoved => "shape_removed",
            TypeChanged => "type_changed",
            UsageChanged => "usage_changed",
            BuilderChanged => "builder_changed",
            MemberAdded => "member_added",
            MemberRemoved => "member_removed",
            MemberRequired => "member_required",
            MemberOptional => "member_optional",
            TargetChanged => "target_changed",
            EnumValueAdded => "enum_value_added",
            EnumValueRemoved => "enum_value_removed",
            EnumVariantRenamed => "enum_variant_renamed",
            LengthChanged => "length_changed",
            PatternChanged => "pattern_changed",
            RangeChanged => "range_changed",
            BindingChanged => "binding_changed",
            JsonNameChanged => "json_name_changed",
            TimestampFormatChanged => "timestamp_format_changed",
            TraitChanged => "trait_changed",
            Documentation => "documentation",
        }
    }

    /// A short phrase for the text report, e.g. `member added`.
    pub fn label(self) -> String {
        self.as_str().replace('_', " ")
    }
}

/// One change between the two models.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What it is about.
    pub scope: Scope,
    /// The service's or operation's name, or the shape's name (without
    /// namespace).
    pub subject: String,
    /// `service`, `operation`, or the shape's type: `structure`, `union`,
    /// `enum`, `intEnum`, `string`, `list`, ...
    pub subject_type: String,
    /// The member (or enum value) concerned, if any.
    pub member: Option<String>,
    pub kind: ChangeKind,
    pub severity: Severity,
    /// Whether what is sent or received changes: the client must be
    /// regenerated even though the Rust API may not change.
    pub wire: bool,
    /// What changed, e.g. `length min 1 -> 2` or `PUT -> POST`.
    pub detail: String,
    /// Why it has its severity, in terms of the generated Rust API.
    pub reason: String,
    /// The operations (of those compared) that reach the shape, or the
    /// operation itself; empty for the service.
    pub operations: Vec<String>,
}

/// Counts of a report's changes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub breaking: usize,
    pub compatible: usize,
    /// Changes (of either severity) flagged `wire`.
    pub wire: usize,
    /// Documentation-only changes.
    pub documentation: usize,
}

/// The result of a comparison.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The old model's file, as given.
    pub old: PathBuf,
    /// The new model's file, as given.
    pub new: PathBuf,
    /// The service compared (its shape id in the new model).
    pub service: String,
    /// The operations the report is narrowed to (empty: all).
    pub operations: Vec<String>,
    /// Every change but documentation-only ones, in a stable order:
    /// service, then operations, then shapes, each by name.
    pub changes: Vec<Change>,
    /// Documentation-only changes, in the same order.
    pub documentation: Vec<Change>,
    /// Whether the renderings list `documentation` (else they only count it).
    pub list_docs: bool,
}

impl Report {
    /// Whether any change is breaking.
    pub fn is_breaking(&self) -> bool {
        self.changes
            .iter()
            .any(|change| change.severity == Severity::Breaking)
    }

    /// The breaking changes.
    pub fn breaking(&self) -> impl Iterator<Item = &Change> {
        self.changes
            .iter()
            .filter(|change| change.severity == Severity::Breaking)
    }

    /// The counts.
    pub fn summary(&self) -> Summary {
        Summary {
            breaking: self.breaking().count(),
            compatible: self
                .changes
                .iter()
                .filter(|c| c.severity == Severity::Compatible)
                .count(),
            wire: self.changes.iter().filter(|c| c.wire).count(),
            documentation: self.documentation.len(),
        }
    }

    /// Whether nothing at all changed (documentation included).
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty() && self.documentation.is_empty()
    }

    /// The changes of `kind`.
    pub fn of_kind(&self, kind: ChangeKind) -> impl Iterator<Item = &Change> {
        self.changes
            .iter()
            .chain(&self.documentation)
            .filter(move |change| change.kind == kind)
    }

    /// The readable report.
    pub fn to_text(&self) -> String {
        render::text(self)
    }

    /// The report as pretty JSON (keys and changes in a stable order).
    pub fn to_json(&self) -> String {
        render::json(self)
    }
}
