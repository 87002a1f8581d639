//! The report as text and as JSON.

use std::fmt::Write;

use serde::Serialize;

use super::{Change, Report, Scope, Severity, Summary};

/// How many operations a shape's heading names before counting the rest.
const OPERATIONS_SHOWN: usize = 3;

pub(super) fn text(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Model diff: {} (old) -> {} (new)",
        report.old.display(),
        report.new.display()
    );
    let _ = write!(out, "Service: {}", report.service);
    if report.operations.is_empty() {
        let _ = writeln!(out, "; every operation");
    } else {
        let _ = writeln!(out, "; operations: {}", report.operations.join(", "));
    }

    let mut listed: Vec<&Change> = report.changes.iter().collect();
    if report.list_docs {
        listed.extend(&report.documentation);
        listed.sort_by(|a, b| super::compare::order(a, b));
    }
    let mut heading: Option<(Scope, &str)> = None;
    for change in listed {
        if heading != Some((change.scope, change.subject.as_str())) {
            heading = Some((change.scope, change.subject.as_str()));
            let _ = write!(out, "\n{} {}", change.subject_type, change.subject);
            if change.scope == Scope::Shape && !change.operations.is_empty() {
                let _ = write!(out, " (used by {})", used_by(&change.operations));
            }
            out.push('\n');
        }
        let tag = match (change.kind, change.severity, change.wire) {
            (super::ChangeKind::Documentation, _, _) => "docs",
            (_, Severity::Breaking, false) => "BREAKING",
            (_, Severity::Breaking, true) => "BREAKING, wire",
            (_, Severity::Compatible, false) => "compatible",
            (_, Severity::Compatible, true) => "compatible, wire",
        };
        if change.kind == super::ChangeKind::Documentation {
            // `[docs] member: documentation changed`.
            let _ = write!(out, "  [{tag}] ");
            if let Some(member) = &change.member {
                let _ = write!(out, "{member}: ");
            }
        } else {
            let _ = write!(out, "  [{tag}] {}", change.kind.label());
            if let Some(member) = &change.member {
                let _ = write!(out, " {member}");
            }
            out.push_str(": ");
        }
        let _ = writeln!(out, "{}", change.detail);
        if change.kind != super::ChangeKind::Documentation {
            let _ = writeln!(out, "      {}", change.reason);
        }
    }

    let summary = report.summary();
    out.push('\n');
    if report.changes.is_empty() {
        let _ = write!(out, "No changes to the generated API");
    } else {
        let _ = write!(
            out,
            "{} breaking, {} compatible ({} change the wire)",
            summary.breaking, summary.compatible, summary.wire
        );
    }
    match (summary.documentation, report.list_docs) {
        (0, _) => {}
        (n, true) => {
            let _ = write!(out, "; {n} documentation-only");
        }
        (n, false) => {
            let _ = write!(
                out,
                "; {n} documentation-only (not listed; --docs lists them)"
            );
        }
    }
    out.push_str(".\n");
    if summary.breaking > 0 {
        out.push_str(
            "Breaking: code written against the old generated API may not compile or work.\n",
        );
    } else if summary.wire > 0 {
        out.push_str("Nothing breaks the generated Rust API; regenerate for the wire changes.\n");
    } else {
        out.push_str("Nothing breaks the generated Rust API.\n");
    }
    out
}

fn used_by(operations: &[String]) -> String {
    if operations.len() <= OPERATIONS_SHOWN {
        operations.join(", ")
    } else {
        format!(
            "{} and {} more",
            operations[..OPERATIONS_SHOWN].join(", "),
            operations.len() - OPERATIONS_SHOWN
        )
    }
}

/// The JSON document: fields in this order, changes in the report's order.
#[derive(Serialize)]
struct Json<'a> {
    old: String,
    new: String,
    service: &'a str,
    operations: &'a [String],
    breaking: bool,
    summary: Summary,
    changes: &'a [Change],
    /// Listed only with `--docs` (else `null`; `summary` counts them).
    documentation: Option<&'a [Change]>,
}

pub(super) fn json(report: &Report) -> String {
    let document = Json {
        old: report.old.display().to_string(),
        new: report.new.display().to_string(),
        service: &report.service,
        operations: &report.operations,
        breaking: report.is_breaking(),
        summary: report.summary(),
        changes: &report.changes,
        documentation: report.list_docs.then_some(report.documentation.as_slice()),
    };
    let mut text = serde_json::to_string_pretty(&document)
        .unwrap_or_else(|e| format!("{{\"error\": {:?}}}", e.to_string()));
    text.push('\n');
    text
}
