//! `length`, `pattern` and `range`: narrowing breaks requests the client
//! validates, widening does not.

use super::subject::{Collector, Subject};
use super::{ChangeKind, Severity};
use crate::ir::{Checked, Constraints, Length, Number, Range};

/// `length`, `pattern` and `range` between two sets of constraints.
/// `checked` says which the generated client validates for the value's
/// type; `input` whether the value is sent in requests (only those are
/// validated).
pub(super) fn constraints(
    subject: &Subject,
    member: Option<&str>,
    (old, new): (&Constraints, &Constraints),
    checked: Checked,
    input: bool,
    out: &mut Collector,
) {
    let classify = |kind: ChangeKind,
                    detail: String,
                    checked: bool,
                    (narrower, wider): (bool, bool),
                    what: &str| {
        let (severity, reason) = if !checked {
            (
                Severity::Compatible,
                format!("the generated client does not check {what} on a value of this type"),
            )
        } else if !input {
            (
                Severity::Compatible,
                "only read from responses, which the generated client does not validate".to_owned(),
            )
        } else if narrower {
            (
                Severity::Breaking,
                format!(
                    "narrower: client-side validation now rejects values it accepted{}, so requests that worked fail before they are sent",
                    if wider { " (and accepts others)" } else { "" }
                ),
            )
        } else {
            (
                Severity::Compatible,
                "wider: validation accepts every value it accepted before".to_owned(),
            )
        };
        subject.change(member, kind, severity, detail, reason)
    };
    if old.length != new.length {
        let as_f64 = |l: Option<Length>| {
            let l = l.unwrap_or_default();
            (l.min.map(|n| n as f64), l.max.map(|n| n as f64))
        };
        out.push(classify(
            ChangeKind::LengthChanged,
            format!(
                "length {} -> {}",
                show_length(old.length),
                show_length(new.length)
            ),
            checked.length,
            direction(as_f64(old.length), as_f64(new.length)),
            "length",
        ));
    }
    if old.pattern != new.pattern {
        let direction = match (&old.pattern, &new.pattern) {
            (None, Some(_)) => (true, false),
            (Some(_), None) => (false, true),
            // Two regular expressions cannot be compared in general: a
            // different one may reject what the old one accepted.
            _ => (true, true),
        };
        let show = |p: &Option<String>| {
            p.as_ref()
                .map_or_else(|| "none".to_owned(), |p| format!("{p:?}"))
        };
        out.push(classify(
            ChangeKind::PatternChanged,
            format!("pattern {} -> {}", show(&old.pattern), show(&new.pattern)),
            checked.pattern,
            direction,
            "patterns",
        ));
    }
    if old.range != new.range {
        let as_f64 = |r: &Option<Range>| {
            let r = (*r).unwrap_or_default();
            (r.min.map(Number::as_f64), r.max.map(Number::as_f64))
        };
        out.push(classify(
            ChangeKind::RangeChanged,
            format!(
                "range {} -> {}",
                show_range(old.range.as_ref()),
                show_range(new.range.as_ref())
            ),
            checked.range,
            direction(as_f64(&old.range), as_f64(&new.range)),
            "ranges",
        ));
    }
}

fn show_length(length: Option<Length>) -> String {
    match length {
        None => "none".to_owned(),
        Some(Length { min, max }) => bounds(min.map(|n| n.to_string()), max.map(|n| n.to_string())),
    }
}

fn show_range(range: Option<&Range>) -> String {
    match range {
        None => "none".to_owned(),
        Some(Range { min, max }) => bounds(
            min.as_ref().map(ToString::to_string),
            max.as_ref().map(ToString::to_string),
        ),
    }
}

fn bounds(min: Option<String>, max: Option<String>) -> String {
    match (min, max) {
        (Some(min), Some(max)) => format!("min {min}, max {max}"),
        (Some(min), None) => format!("min {min}"),
        (None, Some(max)) => format!("max {max}"),
        (None, None) => "no bounds".to_owned(),
    }
}

/// Whether going from bounds `old` to `new` (as `f64`, `None` unbounded)
/// rejects values it accepted (narrower) and accepts values it rejected
/// (wider).
fn direction(old: (Option<f64>, Option<f64>), new: (Option<f64>, Option<f64>)) -> (bool, bool) {
    let lower = |v: Option<f64>| v.unwrap_or(f64::NEG_INFINITY);
    let upper = |v: Option<f64>| v.unwrap_or(f64::INFINITY);
    let narrower = lower(new.0) > lower(old.0) || upper(new.1) < upper(old.1);
    let wider = lower(new.0) < lower(old.0) || upper(new.1) > upper(old.1);
    (narrower, wider)
}
