//! Structures and unions: their use in requests and responses, their
//! builders, and their members.

use super::compare::Diff;
use super::constraints::constraints;
use super::facts::{self, Facts};
use super::subject::{Collector, Subject};
use super::{ChangeKind, Severity};
use crate::emit::{build_is_fallible, builder_fills};
use crate::ir::{Field, Structure};

impl Diff<'_, '_> {
    /// Two versions of a structure or union.
    pub(super) fn structure(
        &self,
        subject: &Subject,
        (old, new): (&Structure, &Structure),
        out: &mut Collector,
    ) {
        let new_usage = new.usage;
        let is_union = new.is_union;
        let rust = new.name.as_str();
        if !is_union && new.error.is_none() {
            self.usage_change(subject, (old, new), out);
        }

        fn member<'s>(s: &'s Structure, name: &str) -> Option<&'s Field> {
            s.members.iter().find(|f| f.wire_name == name)
        }
        for field in &new.members {
            let name = field.rust_name.as_str();
            let ty = facts::rust(&field.ty);
            let Some(old_field) = member(old, &field.wire_name) else {
                let required = field.required;
                let detail = format!(
                    "{}{}",
                    field.ty.target.name(),
                    match (is_union, required) {
                        (true, _) => "",
                        (false, true) => ", required",
                        (false, false) => ", optional",
                    }
                );
                let (severity, reason) = if is_union {
                    (
                        Severity::Compatible,
                        format!(
                            "a new variant `{rust}::{name}` (values of it arrived as `Unknown` before); a `match` without a wildcard arm must add it"
                        ),
                    )
                } else if !required && new_usage.input {
                    (
                        Severity::Compatible,
                        format!(
                            "an optional member: a new `Option` field `{name}` and builder setter; code that uses the builder or `..Default::default()` is unaffected, a struct literal naming every field must add it"
                        ),
                    )
                } else if !required {
                    (
                        Severity::Compatible,
                        format!(
                            "an optional member of a structure read from responses: a new `Option` field `{name}`; code that reads the structure is unaffected"
                        ),
                    )
                } else if !new_usage.input {
                    (
                        Severity::Compatible,
                        format!(
                            "required in the model, but `{rust}` is read from responses, where every member is an `Option`: a new field `{name}: Option<{ty}>`"
                        ),
                    )
                } else if builder_fills(self.new.ir, field) && !new_usage.output {
                    (
                        Severity::Compatible,
                        format!(
                            "a required input member the builder fills in when unset (it has a default or is an idempotency token): a new field `{name}: {ty}` and setter"
                        ),
                    )
                } else if new_usage.output {
                    (
                        Severity::Breaking,
                        format!(
                            "a required input member: the service rejects requests without it (the field is an `Option<{ty}>` because `{rust}` is also read from responses, so `build()` does not catch it)"
                        ),
                    )
                } else {
                    (
                        Severity::Breaking,
                        format!(
                            "a required input member: a plain field `{name}: {ty}`, and `build()` fails until it is set, so existing requests fail"
                        ),
                    )
                };
                out.push(subject.change(
                    Some(&field.wire_name),
                    ChangeKind::MemberAdded,
                    severity,
                    detail,
                    reason,
                ));
                continue;
            };
            self.member(subject, (old, new), (old_field, field), out);
        }
        for field in old
            .members
            .iter()
            .filter(|f| member(new, &f.wire_name).is_none())
        {
            let reason = if is_union {
                format!(
                    "the variant `{rust}::{}` disappears: code that builds or matches it no longer compiles",
                    field.rust_name
                )
            } else {
                format!(
                    "the field `{}` (and its builder setter) disappears: code that sets or reads it no longer compiles",
                    field.rust_name
                )
            };
            out.push(subject.change(
                Some(&field.wire_name),
                ChangeKind::MemberRemoved,
                Severity::Breaking,
                field.ty.target.name().to_owned(),
                reason,
            ));
        }
    }

    /// A structure's use in requests and responses, and its builder.
    fn usage_change(
        &self,
        subject: &Subject,
        (old, new): (&Structure, &Structure),
        out: &mut Collector,
    ) {
        let (old_usage, new_usage) = (old.usage, new.usage);
        let rust = new.name.as_str();
        // Required members whose field changes between `T` and `Option<T>`
        // because the structure is now (or no longer) read from responses.
        let flips: Vec<String> = new
            .members
            .iter()
            .filter(|f| {
                f.required
                    && old
                        .members
                        .iter()
                        .any(|o| o.wire_name == f.wire_name && o.required)
            })
            .map(|f| f.rust_name.clone())
            .collect();
        // Without required members nothing changes: every field is an
        // `Option` either way.
        if !old_usage.output && new_usage.output && old_usage.input && !flips.is_empty() {
            let reason = format!(
                "structures read from responses hold every member as an `Option`: the required fields {} change from `T` to `Option<T>`; builder callers are unaffected, code that reads them must adapt",
                list_names(&flips)
            );
            out.push(subject.change(
                None,
                ChangeKind::UsageChanged,
                Severity::Compatible,
                "now also read from responses",
                reason,
            ));
        }
        if old_usage.output && !new_usage.output && new_usage.input && !flips.is_empty() {
            out.push(subject.change(
                None,
                ChangeKind::UsageChanged,
                Severity::Breaking,
                "no longer read from responses",
                format!(
                    "only structures never read from responses hold required members without `Option`: the fields {} change from `Option<T>` to `T`, and `build()` fails until they are set",
                    list_names(&flips)
                ),
            ));
        }
        if !old_usage.input && new_usage.input {
            out.push(subject.change(
                None,
                ChangeKind::UsageChanged,
                Severity::Compatible,
                "now used in requests",
                format!("`{rust}` gets a builder and client-side validation"),
            ));
        }
        if old_usage.input && !new_usage.input {
            out.push(subject.change(
                None,
                ChangeKind::UsageChanged,
                Severity::Breaking,
                "no longer used in requests",
                format!("the builder of `{rust}` is no longer generated: code that uses it no longer compiles"),
            ));
        }
        if old_usage.input && new_usage.input {
            let before = build_is_fallible(self.old.ir, old);
            let after = build_is_fallible(self.new.ir, new);
            if before != after {
                let (from, to) = if after {
                    (rust.to_owned(), format!("Result<{rust}, ValidationError>"))
                } else {
                    (format!("Result<{rust}, ValidationError>"), rust.to_owned())
                };
                out.push(subject.change(
                    None,
                    ChangeKind::BuilderChanged,
                    Severity::Breaking,
                    format!("build() returns {to} (was {from})"),
                    format!(
                        "the builder's `build()` now returns `{to}` instead of `{from}`: callers that {} no longer compile",
                        if after { "use its value directly" } else { "use `?` or match on it" }
                    ),
                ));
            }
        }
    }

    /// A member both versions of a structure or union have.
    fn member(
        &self,
        subject: &Subject,
        (old_owner, new_owner): (&Structure, &Structure),
        (old, new): (&Field, &Field),
        out: &mut Collector,
    ) {
        let name = new.wire_name.as_str();
        let new_usage = new_owner.usage;
        let input = old_owner.usage.input || new_usage.input;
        let rust = new_owner.name.as_str();
        let field = new.rust_name.as_str();
        let ty = facts::rust(&new.ty);
        if !new_owner.is_union && old.required != new.required {
            let change = if new.required {
                if !new_usage.input {
                    subject.change(
                        Some(name),
                        ChangeKind::MemberRequired,
                        Severity::Compatible,
                        "now required",
                        format!(
                            "`{rust}` is only read from responses, where every member is an `Option`: the field stays `Option<{ty}>`"
                        ),
                    )
                } else if new.optional {
                    subject.change(
                        Some(name),
                        ChangeKind::MemberRequired,
                        Severity::Breaking,
                        "now required",
                        format!(
                            "the service now rejects requests without it; the field stays `Option<{ty}>` because `{rust}` is also read from responses, so `build()` does not catch it"
                        ),
                    )
                } else {
                    subject.change(
                        Some(name),
                        ChangeKind::MemberRequired,
                        Severity::Breaking,
                        "now required",
                        format!(
                            "on an input structure: the field `{field}` changes from `Option<{ty}>` to `{ty}`{}",
                            if builder_fills(self.new.ir, new) {
                                " (the builder fills it in when unset)"
                            } else {
                                ", and `build()` fails until it is set, so requests that left it out fail"
                            }
                        ),
                    )
                }
            } else if old.optional == new.optional {
                subject.change(
                    Some(name),
                    ChangeKind::MemberOptional,
                    Severity::Compatible,
                    "no longer required",
                    format!(
                        "the field stays `Option<{ty}>` (`{rust}` is read from responses, where every member is an `Option`); requests may leave it out"
                    ),
                )
            } else {
                subject.change(
                    Some(name),
                    ChangeKind::MemberOptional,
                    Severity::Compatible,
                    "no longer required",
                    format!(
                        "on an input structure: requests may now leave it out; the field changes from `{ty}` to `Option<{ty}>`, the builder setter is unchanged (code that reads the field or writes a struct literal must adapt)"
                    ),
                )
            };
            out.push(change);
        }
        self.member_target(subject, name, (&old.ty, &new.ty), input, out);
        if old.ty.target == new.ty.target {
            constraints(
                subject,
                Some(name),
                (&old.declared.constraints, &new.declared.constraints),
                new.ty.checked(),
                input,
                out,
            );
        }
        if old.binding != new.binding {
            out.push(subject.wire(
                Some(name),
                ChangeKind::BindingChanged,
                format!(
                    "{} -> {}",
                    facts::binding(&old.binding),
                    facts::binding(&new.binding)
                ),
                "where the member travels in the HTTP message changes; the field is unchanged, but a client generated from the old model puts it in the old place: regenerate",
            ));
        }
        subject.facts(Some(name), &Facts::field(old), &Facts::field(new), out);
    }
}

/// "`a`, `b` and `c`" (at most 5 names, then "and N more").
fn list_names(names: &[String]) -> String {
    const SHOWN: usize = 5;
    let quoted: Vec<String> = names.iter().take(SHOWN).map(|n| format!("`{n}`")).collect();
    let mut text = match quoted.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    };
    if names.len() > SHOWN {
        text = format!("{}, and {} more", quoted.join(", "), names.len() - SHOWN);
    }
    text
}
