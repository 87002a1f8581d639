//! One subject's changes (a service, an operation or a shape), and the
//! comparison of the documentation and traits every subject has.

use serde_json::Value;

use super::facts::{self, Facts};
use super::{Change, ChangeKind, Scope, Severity};
use crate::model::traits;

/// Traits the generator reads that have no dedicated kind: (trait, changes
/// the wire, why the Rust API is not broken).
const OTHER_TRAITS: &[(&str, bool, &str)] = &[
    (
        traits::DEPRECATED,
        false,
        "`#[deprecated]` is added, removed or reworded: uses may warn (or stop warning), nothing stops compiling",
    ),
    (
        traits::SENSITIVE,
        false,
        "only what `Debug` prints changes (redacted or not)",
    ),
    (
        traits::IDEMPOTENCY_TOKEN,
        false,
        "only whether the builder fills the member with a fresh token when it is unset changes; the setter and the field stay",
    ),
    (
        traits::DEFAULT,
        true,
        "the value an unset member of a JSON body is sent as (and a missing one read as), and the one the builder gives an unset required member, change; the setter and the field stay",
    ),
    (
        traits::CLIENT_OPTIONAL,
        true,
        "whether an unset member with a default is sent as its default (and a missing one read as it) changes; the field stays an `Option`",
    ),
    (
        traits::ERROR,
        false,
        "client or server fault: the error's Rust type is unchanged",
    ),
    (
        traits::HTTP_ERROR,
        true,
        "the error's HTTP status changes; errors are told apart by their code, the Rust API is unchanged",
    ),
    (
        traits::MEDIA_TYPE,
        true,
        "the Content-Type sent or expected changes; the Rust type is unchanged",
    ),
    (
        traits::REQUEST_COMPRESSION,
        true,
        "whether the client gzips the request body changes; the Rust API is unchanged",
    ),
    (
        traits::HTTP_CHECKSUM_REQUIRED,
        true,
        "whether the client sends Content-MD5 changes; the Rust API is unchanged",
    ),
    (
        traits::STREAMING,
        true,
        "a streaming payload is buffered like any other, so the Rust type is unchanged; how the body is sent is not",
    ),
    (
        traits::ENDPOINT,
        true,
        "the host prefix of the operation's endpoint changes; the Rust API is unchanged",
    ),
    (
        traits::HOST_LABEL,
        true,
        "whether the member goes into the endpoint's host changes; the Rust API is unchanged",
    ),
    (
        traits::CONTEXT_PARAM,
        true,
        "which endpoint rule parameter the member sets changes; the Rust API is unchanged",
    ),
    (
        traits::STATIC_CONTEXT_PARAMS,
        true,
        "the endpoint rule parameters the operation fixes change; the Rust API is unchanged",
    ),
    (
        traits::OPERATION_CONTEXT_PARAMS,
        true,
        "the endpoint rule parameters read from the input change; the Rust API is unchanged",
    ),
    (
        traits::XML_NAME,
        true,
        "the member's name in query forms and XML changes; the Rust API is unchanged",
    ),
    (
        traits::XML_FLATTENED,
        true,
        "whether the list or map is written without its wrapper in query forms and XML changes; the Rust API is unchanged",
    ),
    (
        traits::XML_ATTRIBUTE,
        true,
        "whether the member is an XML attribute changes; the Rust API is unchanged",
    ),
    (
        traits::XML_NAMESPACE,
        true,
        "the member's XML namespace changes; the Rust API is unchanged",
    ),
    (
        traits::EC2_QUERY_NAME,
        true,
        "the member's ec2Query key changes; the Rust API is unchanged",
    ),
    (
        traits::AWS_QUERY_ERROR,
        true,
        "the code (or status) the service sends for the error changes, so the old client no longer matches it; the Rust API is unchanged",
    ),
];

/// The changes found, documentation-only ones apart.
#[derive(Default)]
pub(super) struct Collector {
    pub(super) changes: Vec<Change>,
    pub(super) docs: Vec<Change>,
}

impl Collector {
    pub(super) fn push(&mut self, change: Change) {
        if change.kind == ChangeKind::Documentation {
            self.docs.push(change);
        } else {
            self.changes.push(change);
        }
    }
}

/// What changes are about: a service, an operation or a shape.
pub(super) struct Subject {
    pub(super) scope: Scope,
    pub(super) name: String,
    /// The subject's type as the report names it.
    pub(super) ty: String,
    /// The operations concerned.
    pub(super) operations: Vec<String>,
}

impl Subject {
    pub(super) fn change(
        &self,
        member: Option<&str>,
        kind: ChangeKind,
        severity: Severity,
        detail: impl Into<String>,
        reason: impl Into<String>,
    ) -> Change {
        Change {
            scope: self.scope,
            subject: self.name.clone(),
            subject_type: self.ty.clone(),
            member: member.map(str::to_owned),
            kind,
            severity,
            wire: false,
            detail: detail.into(),
            reason: reason.into(),
            operations: self.operations.clone(),
        }
    }

    /// A change of the wire that leaves the Rust API alone.
    pub(super) fn wire(
        &self,
        member: Option<&str>,
        kind: ChangeKind,
        detail: impl Into<String>,
        reason: impl Into<String>,
    ) -> Change {
        Change {
            wire: true,
            ..self.change(member, kind, Severity::Compatible, detail, reason)
        }
    }

    /// Documentation-only changes, `jsonName`, `timestampFormat` and the
    /// other traits the generator reads.
    pub(super) fn facts(
        &self,
        member: Option<&str>,
        old: &Facts,
        new: &Facts,
        out: &mut Collector,
    ) {
        if old.docs != new.docs {
            let detail = match (&old.docs, &new.docs) {
                (None, _) => "documentation added",
                (_, None) => "documentation removed",
                _ => "documentation changed",
            };
            out.push(self.change(
                member,
                ChangeKind::Documentation,
                Severity::Compatible,
                detail,
                "only rustdoc changes",
            ));
        }
        let json_name = |f: &Facts| f.json_name.clone().map(Value::String);
        for (kind, what, before, after) in [
            (
                ChangeKind::JsonNameChanged,
                "JSON key",
                json_name(old),
                json_name(new),
            ),
            (
                ChangeKind::TimestampFormatChanged,
                "timestamp format",
                facts::timestamp_format(old.timestamp_format),
                facts::timestamp_format(new.timestamp_format),
            ),
        ] {
            if before != after {
                out.push(self.wire(
                    member,
                    kind,
                    format!("{} -> {}", facts::show(before.as_ref()), facts::show(after.as_ref())),
                    format!(
                        "the {what} on the wire changes; the Rust API is unchanged, but a client generated from the old model sends and reads the old one: regenerate"
                    ),
                ));
            }
        }
        for (id, wire, reason) in OTHER_TRAITS {
            let (before, after) = (old.traits.get(id), new.traits.get(id));
            if before == after {
                continue;
            }
            let name = id.trim_start_matches("smithy.api#");
            let detail = match (before, after) {
                (None, Some(value)) => format!("@{name} added ({})", facts::show(Some(value))),
                (Some(_), None) => format!("@{name} removed"),
                _ => format!("@{name} {} -> {}", facts::show(before), facts::show(after)),
            };
            let change = if *wire {
                self.wire(member, ChangeKind::TraitChanged, detail, *reason)
            } else {
                self.change(
                    member,
                    ChangeKind::TraitChanged,
                    Severity::Compatible,
                    detail,
                    *reason,
                )
            };
            out.push(change);
        }
    }
}
