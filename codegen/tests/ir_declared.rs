//! What the IR keeps of where a fact is written: a member's own
//! documentation, constraints and timestamp format apart from its
//! target's, the shapes without a Rust type of their own, and the enum and
//! operation facts a comparison of two models reads.

use serde_json::json;
use smithy_codegen::Config;
use smithy_codegen::ir::{Service, TimestampFormat, TypeKind};

/// The model resolved, from a file of its own for each test (`label`): the
/// tests run in parallel.
fn resolve(label: &str) -> Service {
    let model = json!({
        "smithy": "2.0",
        "shapes": {
            "ex.decl#Svc": {
                "type": "service",
                "version": "1",
                "operations": [{ "target": "ex.decl#Put" }],
                "traits": { "aws.protocols#restJson1": {} }
            },
            "ex.decl#Put": {
                "type": "operation",
                "input": { "target": "ex.decl#PutIn" },
                "output": { "target": "smithy.api#Unit" },
                "traits": {
                    "smithy.api#http": { "method": "POST", "uri": "/put" },
                    "smithy.api#requestCompression": { "encodings": ["GZIP", "zstd"] }
                }
            },
            "ex.decl#PutIn": {
                "type": "structure",
                "members": {
                    "plain": { "target": "ex.decl#Name" },
                    "own": {
                        "target": "ex.decl#Name",
                        "traits": {
                            "smithy.api#documentation": "The member's.",
                            "smithy.api#length": { "max": 5 },
                            "smithy.api#clientOptional": {},
                            "smithy.rules#contextParam": { "name": "Undeclared" }
                        }
                    },
                    "when": {
                        "target": "ex.decl#Stamp",
                        "traits": { "smithy.api#timestampFormat": "http-date" }
                    },
                    "names": { "target": "ex.decl#Names" },
                    "level": { "target": "ex.decl#Level" }
                }
            },
            "ex.decl#Name": {
                "type": "string",
                "traits": {
                    "smithy.api#documentation": "The shape's.",
                    "smithy.api#length": { "min": 1, "max": 10 },
                    "smithy.api#sensitive": {}
                }
            },
            "ex.decl#Stamp": { "type": "timestamp" },
            "ex.decl#Names": {
                "type": "list",
                "member": {
                    "target": "ex.decl#Name",
                    "traits": { "smithy.api#documentation": "One name." }
                }
            },
            "ex.decl#Level": {
                "type": "enum",
                "members": {
                    "LOW": { "target": "smithy.api#Unit", "traits": { "smithy.api#enumValue": "low" } }
                },
                "traits": { "smithy.api#length": { "max": 3 } }
            }
        }
    });
    let path = std::env::temp_dir().join(format!(
        "smithy-codegen-ir-declared-{label}-{}.json",
        std::process::id()
    ));
    std::fs::write(&path, model.to_string()).expect("temporary model");
    let service = Config::new()
        .model(&path)
        .resolve()
        .expect("the model resolves");
    let _ = std::fs::remove_file(&path);
    service
}

#[test]
fn members_keep_what_they_declare_apart_from_their_target() {
    let service = resolve("members");
    let input = &service.structures["PutIn"];
    let field = |name: &str| {
        input
            .members
            .iter()
            .find(|f| f.wire_name == name)
            .unwrap_or_else(|| panic!("no member {name}"))
    };

    // Inherited for the generator, not declared by the member.
    let plain = field("plain");
    assert_eq!(plain.docs.as_deref(), Some("The shape's."));
    assert_eq!(plain.declared.docs, None);
    assert!(plain.declared.constraints.is_empty());
    assert!(plain.sensitive && !plain.declared.sensitive);
    assert_eq!(plain.ty.constraints.length.and_then(|l| l.min), Some(1));

    let own = field("own");
    assert_eq!(own.declared.docs.as_deref(), Some("The member's."));
    assert_eq!(own.declared.constraints.length.and_then(|l| l.max), Some(5));
    assert_eq!(own.declared.constraints.length.and_then(|l| l.min), None);
    assert!(own.client_optional && !plain.client_optional);
    // Kept though the service has no rule set to declare the parameter.
    assert_eq!(own.context_param.as_deref(), Some("Undeclared"));

    let when = field("when");
    assert_eq!(
        when.declared.timestamp_format,
        Some(TimestampFormat::HttpDate)
    );
    assert!(matches!(
        when.ty.kind,
        TypeKind::Timestamp(Some(TimestampFormat::HttpDate))
    ));
}

#[test]
fn shapes_without_a_rust_type_are_kept_with_what_they_declare() {
    let service = resolve("inline");
    let id = |name: &str| {
        service
            .inline_shapes
            .keys()
            .find(|id| id.as_str() == format!("ex.decl#{name}"))
            .unwrap_or_else(|| panic!("{name} is not an inline shape"))
            .clone()
    };
    let name = &service.inline_shapes[&id("Name")];
    assert_eq!(name.declared.docs.as_deref(), Some("The shape's."));
    assert_eq!(
        name.declared.constraints.length.and_then(|l| l.max),
        Some(10)
    );
    assert!(name.declared.sensitive);
    assert!(name.usage.input && !name.usage.output);
    assert!(matches!(name.ty.kind, TypeKind::String));

    let stamp = &service.inline_shapes[&id("Stamp")];
    assert_eq!(stamp.declared.timestamp_format, None);

    let names = &service.inline_shapes[&id("Names")];
    assert_eq!(names.members.len(), 1);
    assert_eq!(names.members[0].name, "member");
    assert_eq!(names.members[0].declared.docs.as_deref(), Some("One name."));
    assert!(matches!(names.ty.kind, TypeKind::List { .. }));

    // Named shapes are not inline ones.
    assert!(
        !service
            .inline_shapes
            .keys()
            .any(|id| id.name() == "PutIn" || id.name() == "Level")
    );
}

#[test]
fn enums_and_operations_keep_what_the_diff_compares() {
    let service = resolve("enums");
    let level = &service.enums["Level"];
    assert!(level.usage.input && !level.usage.output);
    assert_eq!(level.constraints.length.and_then(|l| l.max), Some(3));
    assert!(!level.sensitive);

    let put = &service.operations["put"];
    assert_eq!(
        put.request_compression.as_deref(),
        Some(&["gzip".to_owned(), "zstd".to_owned()][..])
    );
    assert!(put.compress_request);
}
