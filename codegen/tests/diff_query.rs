//! The model diff for the query protocols: their XML and query traits, and
//! `@awsQueryError` codes, change the wire.

use std::path::Path;

use serde_json::{Value, json};
use smithy_codegen::diff::{self, Options};

/// An awsQuery service with one operation whose input has a list member
/// and whose error has an `@awsQueryError` code.
fn model() -> Value {
    json!({
        "smithy": "2.0",
        "shapes": {
            "ex#Svc": {
                "type": "service",
                "version": "2020-01-08",
                "operations": [{"target": "ex#Op"}],
                "traits": {"aws.protocols#awsQuery": {}}
            },
            "ex#Op": {
                "type": "operation",
                "input": {"target": "ex#OpInput"},
                "errors": [{"target": "ex#BusyException"}]
            },
            "ex#OpInput": {
                "type": "structure",
                "members": {
                    "Names": {"target": "ex#Names", "traits": {"smithy.api#xmlName": "Name"}}
                }
            },
            "ex#Names": {
                "type": "list",
                "member": {"target": "smithy.api#String", "traits": {"smithy.api#xmlName": "item"}}
            },
            "ex#BusyException": {
                "type": "structure",
                "members": {},
                "traits": {
                    "smithy.api#error": "client",
                    "aws.protocols#awsQueryError": {"code": "Busy", "httpResponseCode": 429}
                }
            }
        }
    })
}

fn diff(old: &Value, new: &Value) -> diff::Report {
    let parse = |value: &Value, name: &str| {
        smithy_codegen::model::parse(&value.to_string(), Path::new(name)).expect("the model loads")
    };
    diff::diff_models(
        &parse(old, "old.json"),
        &parse(new, "new.json"),
        &Options::new(),
    )
    .expect("the models compare")
}

#[test]
fn xml_and_query_traits_are_wire_changes() {
    let old = model();
    let mut new = model();
    let shapes = &mut new["shapes"];
    shapes["ex#OpInput"]["members"]["Names"]["traits"]["smithy.api#xmlName"] = json!("Names");
    shapes["ex#OpInput"]["members"]["Names"]["traits"]["smithy.api#xmlFlattened"] = json!({});
    shapes["ex#Names"]["member"]["traits"]["smithy.api#xmlName"] = json!("entry");
    shapes["ex#BusyException"]["traits"]["aws.protocols#awsQueryError"]["code"] =
        json!("Throttled");
    let report = diff(&old, &new);
    let found = |needle: &str| {
        report
            .changes
            .iter()
            .find(|c| c.detail.contains(needle))
            .unwrap_or_else(|| panic!("no change with {needle:?} in {:#?}", report.changes))
    };
    for needle in [
        "@xmlName \"Name\" -> \"Names\"",
        "@xmlFlattened added",
        "@xmlName \"item\" -> \"entry\"",
        "awsQueryError \"Busy\" -> \"Throttled\"",
    ] {
        let change = found(needle);
        assert!(change.wire, "{change:?}");
        assert!(!report.is_breaking(), "{:#?}", report.changes);
    }
    assert!(diff(&old, &old).is_empty());
}
