//! `smithy_codegen::diff`: what changed between two versions of a model,
//! and whether each change breaks code written against the generated Rust
//! API.
//!
//! - The real evolution of the Image Builder model, from the one this
//!   repository ships (`model/imagebuilder.json`, one operation) to the
//!   published one (`../shared/models/imagebuilder-2019-12-02.json`, 75),
//!   checked against what reading both models shows.
//! - A constructed pair, `tests/fixtures/diff/{old,new}.json`, with one
//!   instance of every kind of change, each asserting its classification,
//!   and the text and JSON reports as snapshots.
//! - Small edits of a tiny model for the cases where direction matters
//!   (requests vs responses, narrowing vs widening).

use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use smithy_codegen::diff::{self, Change, ChangeKind, Options, Report, Severity};
use smithy_tests::TempDir;

use ChangeKind::*;
use Severity::{Breaking, Compatible};

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

fn fixture(name: &str) -> PathBuf {
    smithy_tests::repo_root()
        .join("tests/fixtures/diff")
        .join(name)
}

fn run(old: &Path, new: &Path, options: &Options) -> Report {
    diff::diff(old, new, options).unwrap_or_else(|e| panic!("diff failed: {e}"))
}

fn operations(names: &[&str]) -> Options {
    Options {
        operations: names.iter().map(|n| (*n).to_owned()).collect(),
        ..Options::default()
    }
}

/// The change of `kind` on `subject` (and `member`), failing with the whole
/// report when there is not exactly one.
fn find<'a>(
    report: &'a Report,
    subject: &str,
    member: Option<&str>,
    kind: ChangeKind,
) -> &'a Change {
    let found: Vec<&Change> = report
        .changes
        .iter()
        .chain(&report.documentation)
        .filter(|c| c.subject == subject && c.member.as_deref() == member && c.kind == kind)
        .collect();
    match found.as_slice() {
        [one] => one,
        _ => panic!(
            "expected one {kind:?} on {subject} {member:?}, found {}:\n{}",
            found.len(),
            report.to_text()
        ),
    }
}

/// A change as a row of the expectation tables.
type Row = (
    &'static str,
    Option<&'static str>,
    ChangeKind,
    Severity,
    bool,
);

fn row(change: &Change) -> (String, Option<String>, ChangeKind, Severity, bool) {
    (
        change.subject.clone(),
        change.member.clone(),
        change.kind,
        change.severity,
        change.wire,
    )
}

// ---------------------------------------------------------------------------
// The real evolution of the Image Builder model
// ---------------------------------------------------------------------------

fn published_imagebuilder() -> Option<PathBuf> {
    smithy_tests::shared_path("models/imagebuilder-2019-12-02.json").filter(|path| {
        let exists = path.is_file();
        if !exists {
            println!("{} not found: skipping the check", path.display());
        }
        exists
    })
}

fn shipped_imagebuilder() -> PathBuf {
    smithy_tests::repo_root().join("model/imagebuilder.json")
}

/// Reading both models: the published `UpdateInfrastructureConfigurationRequest`
/// adds one member, `placement` (no `@required`), targeting the new
/// structure `Placement`, whose `tenancy` targets the new enum
/// `TenancyType`; the operation's HTTP trait is the same (`PUT
/// /UpdateInfrastructureConfiguration`, 200) and its errors are the same
/// eight in another order; the service gains `smithy.rules#endpointRuleSet`.
/// Everything else the operation reaches differs only in documentation.
#[test]
fn update_infrastructure_configuration_gains_placement() {
    let Some(published) = published_imagebuilder() else {
        return;
    };
    let report = run(
        &shipped_imagebuilder(),
        &published,
        &operations(&["UpdateInfrastructureConfiguration"]),
    );
    assert!(!report.is_breaking(), "{}", report.to_text());
    assert_eq!(report.operations, ["UpdateInfrastructureConfiguration"]);

    let placement = find(
        &report,
        "UpdateInfrastructureConfigurationRequest",
        Some("placement"),
        MemberAdded,
    );
    assert_eq!(placement.severity, Compatible);
    assert!(!placement.wire);
    assert_eq!(placement.detail, "Placement, optional");
    assert!(
        placement.reason.contains("`Option` field `placement`"),
        "{}",
        placement.reason
    );
    assert_eq!(placement.operations, ["UpdateInfrastructureConfiguration"]);

    assert_eq!(
        find(&report, "Placement", None, ShapeAdded).severity,
        Compatible
    );
    assert_eq!(
        find(&report, "TenancyType", None, ShapeAdded).subject_type,
        "enum"
    );

    let rules = find(&report, "imagebuilder", None, TraitChanged);
    assert!(rules.wire && rules.severity == Compatible);
    assert_eq!(rules.detail, "endpoint rule set added");

    // That is all: the reordered errors are not a change, nor is anything
    // on the operation but its documentation.
    let rows: Vec<_> = report.changes.iter().map(row).collect();
    assert_eq!(rows.len(), 4, "{}", report.to_text());
    assert!(report.of_kind(ErrorAdded).next().is_none());
    assert!(report.of_kind(ErrorRemoved).next().is_none());
    assert!(report.of_kind(HttpUriChanged).next().is_none());

    // The documentation of many shapes changed: counted, not listed.
    let summary = report.summary();
    assert!(summary.documentation > 10, "{summary:?}");
    assert!(report.documentation.iter().all(|c| c.kind == Documentation));
    assert!(report.to_text().contains("--docs lists them"));
    assert!(!report.to_text().contains("[docs]"));
    let listed = run(
        &shipped_imagebuilder(),
        &published,
        &Options {
            docs: true,
            ..operations(&["UpdateInfrastructureConfiguration"])
        },
    );
    assert!(listed.to_text().contains("[docs]"));
    find(
        &listed,
        "UpdateInfrastructureConfiguration",
        None,
        Documentation,
    );

    let mut shown = report.clone();
    shown.old = PathBuf::from("model/imagebuilder.json");
    shown.new = PathBuf::from("../shared/models/imagebuilder-2019-12-02.json");
    insta::assert_snapshot!(
        "imagebuilder_update_infrastructure_configuration",
        shown.to_text()
    );
}

#[test]
fn the_whole_published_service_adds_74_operations_and_breaks_nothing() {
    let Some(published) = published_imagebuilder() else {
        return;
    };
    let report = run(&shipped_imagebuilder(), &published, &Options::default());
    assert!(!report.is_breaking(), "{}", report.to_text());
    let added: Vec<&str> = report
        .of_kind(OperationAdded)
        .filter_map(|c| c.member.as_deref())
        .collect();
    assert_eq!(added.len(), 74);
    for name in [
        "CreateImage",
        "ListImages",
        "GetInfrastructureConfiguration",
    ] {
        assert!(added.contains(&name), "{name} is not among {added:?}");
    }
    assert!(!added.contains(&"UpdateInfrastructureConfiguration"));
    assert_eq!(report.of_kind(OperationRemoved).count(), 0);
    // New operations bring new types, e.g. the output of GetImage.
    find(&report, "GetImageResponse", None, ShapeAdded);
    find(
        &report,
        "UpdateInfrastructureConfigurationRequest",
        Some("placement"),
        MemberAdded,
    );
}

/// Going back to the shipped model removes what the published one added:
/// the direction of the comparison matters.
#[test]
fn going_back_to_the_shipped_model_is_breaking() {
    let Some(published) = published_imagebuilder() else {
        return;
    };
    let report = run(&published, &shipped_imagebuilder(), &Options::default());
    assert!(report.is_breaking());
    assert_eq!(report.of_kind(OperationRemoved).count(), 74);
    let placement = find(
        &report,
        "UpdateInfrastructureConfigurationRequest",
        Some("placement"),
        MemberRemoved,
    );
    assert_eq!(placement.severity, Breaking);
    assert_eq!(
        find(&report, "Placement", None, ShapeRemoved).severity,
        Breaking
    );
}

#[test]
fn an_unchanged_model_has_no_changes() {
    let model = shipped_imagebuilder();
    let report = run(&model, &model, &Options::default());
    assert!(report.is_empty(), "{}", report.to_text());
    assert!(!report.is_breaking());
    assert!(
        report
            .to_text()
            .contains("No changes to the generated API.")
    );
}

// ---------------------------------------------------------------------------
// The constructed pair: every kind of change
// ---------------------------------------------------------------------------

/// Every change between `tests/fixtures/diff/old.json` and `new.json`, with
/// its classification. The table is the whole report: nothing is missing
/// and nothing else is reported.
const FIXTURE_CHANGES: &[Row] = &[
    // Operations added and removed.
    ("Shop", Some("AddTag"), OperationAdded, Compatible, false),
    (
        "Shop",
        Some("DeleteItem"),
        OperationRemoved,
        Breaking,
        false,
    ),
    // HTTP bindings of operations: the wire, not the Rust API.
    ("GetItem", None, HttpUriChanged, Compatible, true),
    ("PutItem", None, HttpMethodChanged, Compatible, true),
    ("PutItem", None, HttpCodeChanged, Compatible, true),
    // Errors of an operation.
    ("GetItem", Some("Conflict"), ErrorAdded, Compatible, false),
    ("GetItem", Some("Throttled"), ErrorRemoved, Breaking, false),
    // Types newly generated or no longer generated.
    ("AddTagInput", None, ShapeAdded, Compatible, false),
    ("Conflict", None, ShapeAdded, Compatible, false),
    ("DeleteItemInput", None, ShapeRemoved, Breaking, false),
    ("Throttled", None, ShapeRemoved, Breaking, false),
    // `integer` -> `long`: i32 -> i64.
    ("Amount", None, TypeChanged, Breaking, false),
    // Enum values: `enum` shape, `enum` trait on a string, `intEnum`.
    ("Color", Some("blue"), EnumValueRemoved, Breaking, false),
    ("Color", Some("green"), EnumVariantRenamed, Breaking, false),
    ("Color", Some("yellow"), EnumValueAdded, Compatible, false),
    ("Mode", Some("eco"), EnumValueAdded, Compatible, false),
    ("Priority", Some("3"), EnumValueAdded, Compatible, false),
    // A union variant.
    ("Kind", Some("digital"), MemberAdded, Compatible, false),
    // An input-only structure now also read from responses: its required
    // `width` becomes an Option, so `build()` can no longer fail.
    ("Dimensions", None, UsageChanged, Compatible, false),
    ("Dimensions", None, BuilderChanged, Breaking, false),
    // An input structure gains a required member: `build()` becomes fallible.
    ("Filter", None, BuilderChanged, Breaking, false),
    ("Filter", Some("field"), MemberRequired, Breaking, false),
    // Member bindings: query name, header name, payload.
    (
        "GetItemInput",
        Some("verbose"),
        BindingChanged,
        Compatible,
        true,
    ),
    (
        "PutItemInput",
        Some("header"),
        BindingChanged,
        Compatible,
        true,
    ),
    (
        "UploadItemInput",
        Some("data"),
        BindingChanged,
        Compatible,
        true,
    ),
    // An output structure: every member is an Option and nothing is validated.
    (
        "GetItemOutput",
        Some("dimensions"),
        MemberAdded,
        Compatible,
        false,
    ),
    (
        "GetItemOutput",
        Some("extra"),
        MemberAdded,
        Compatible,
        false,
    ),
    (
        "GetItemOutput",
        Some("status"),
        MemberRequired,
        Compatible,
        false,
    ),
    (
        "GetItemOutput",
        Some("summary"),
        LengthChanged,
        Compatible,
        false,
    ),
    (
        "GetItemOutput",
        Some("updated"),
        TimestampFormatChanged,
        Compatible,
        true,
    ),
    // The input structure.
    (
        "PutItemInput",
        Some("code"),
        PatternChanged,
        Breaking,
        false,
    ),
    (
        "PutItemInput",
        Some("color"),
        TraitChanged,
        Compatible,
        false,
    ),
    (
        "PutItemInput",
        Some("count"),
        TargetChanged,
        Breaking,
        false,
    ),
    (
        "PutItemInput",
        Some("label"),
        TargetChanged,
        Compatible,
        false,
    ),
    (
        "PutItemInput",
        Some("label"),
        LengthChanged,
        Compatible,
        false,
    ),
    (
        "PutItemInput",
        Some("legacy"),
        MemberRemoved,
        Breaking,
        false,
    ),
    (
        "PutItemInput",
        Some("name"),
        JsonNameChanged,
        Compatible,
        true,
    ),
    ("PutItemInput", Some("note"), MemberAdded, Compatible, false),
    ("PutItemInput", Some("owner"), MemberAdded, Breaking, false),
    (
        "PutItemInput",
        Some("size"),
        MemberRequired,
        Breaking,
        false,
    ),
    (
        "PutItemInput",
        Some("token"),
        MemberAdded,
        Compatible,
        false,
    ),
    (
        "PutItemInput",
        Some("weight"),
        MemberOptional,
        Compatible,
        false,
    ),
    // Constraints of shapes used in requests: narrowing breaks, widening not.
    ("Quantity", None, RangeChanged, Breaking, false),
    ("Title", None, LengthChanged, Compatible, false),
];

fn fixture_report(options: &Options) -> Report {
    let mut report = run(&fixture("old.json"), &fixture("new.json"), options);
    // Paths as the repository sees them, for the snapshots.
    report.old = PathBuf::from("tests/fixtures/diff/old.json");
    report.new = PathBuf::from("tests/fixtures/diff/new.json");
    report
}

#[test]
fn every_kind_of_change_is_reported_and_classified() {
    let report = fixture_report(&Options::default());
    let mut expected: Vec<_> = FIXTURE_CHANGES
        .iter()
        .map(|(s, m, k, sev, w)| ((*s).to_owned(), m.map(str::to_owned), *k, *sev, *w))
        .collect();
    let mut actual: Vec<_> = report.changes.iter().map(row).collect();
    expected.sort();
    actual.sort();
    assert_eq!(actual, expected, "\n{}", report.to_text());

    // Documentation-only changes: the operation's and the input's.
    let docs: Vec<_> = report.documentation.iter().map(row).collect();
    assert_eq!(
        docs,
        [
            ("GetItem".to_owned(), None, Documentation, Compatible, false),
            (
                "PutItemInput".to_owned(),
                None,
                Documentation,
                Compatible,
                false
            ),
        ]
    );
    let summary = report.summary();
    assert_eq!(
        (
            summary.breaking,
            summary.compatible,
            summary.wire,
            summary.documentation
        ),
        (16, 28, 8, 2)
    );
    assert!(report.is_breaking());
}

#[test]
fn reasons_speak_of_the_generated_rust_api() {
    let report = fixture_report(&Options::default());
    let reason = |subject, member, kind| find(&report, subject, member, kind).reason.clone();
    // Required on input: a plain field, and build() fails without it.
    let owner = reason("PutItemInput", Some("owner"), MemberAdded);
    assert!(
        owner.contains("`owner: String`") && owner.contains("build()"),
        "{owner}"
    );
    // Required in a response structure: still an Option.
    let extra = reason("GetItemOutput", Some("extra"), MemberAdded);
    assert!(
        extra.contains("read from responses") && extra.contains("Option<String>"),
        "{extra}"
    );
    let status = reason("GetItemOutput", Some("status"), MemberRequired);
    assert!(status.contains("stays `Option<String>`"), "{status}");
    // No longer required on input: T -> Option<T>, the setter unchanged.
    let weight = reason("PutItemInput", Some("weight"), MemberOptional);
    assert!(weight.contains("from `f64` to `Option<f64>`"), "{weight}");
    // Constraints: only requests are validated.
    let summary = reason("GetItemOutput", Some("summary"), LengthChanged);
    assert!(summary.contains("does not validate"), "{summary}");
    let quantity = reason("Quantity", None, RangeChanged);
    assert!(quantity.starts_with("narrower"), "{quantity}");
    let title = reason("Title", None, LengthChanged);
    assert!(title.starts_with("wider"), "{title}");
    // Wire changes say to regenerate.
    let uri = find(&report, "GetItem", None, HttpUriChanged);
    assert_eq!(uri.detail, "/items/{id} -> /v2/items/{id}");
    assert!(uri.reason.contains("regenerate"), "{}", uri.reason);
    // Types are named as Rust names them.
    let count = find(&report, "PutItemInput", Some("count"), TargetChanged);
    assert_eq!(count.detail, "Integer -> Long (Rust i32 -> i64)");
    let renamed = find(&report, "Color", Some("green"), EnumVariantRenamed);
    assert_eq!(renamed.detail, "variant Green -> Lime");
    let errors = reason("GetItem", Some("Throttled"), ErrorRemoved);
    assert!(errors.contains("`GetItemError::Throttled`"), "{errors}");
}

#[test]
fn operation_filter_narrows_to_the_shapes_an_operation_reaches() {
    let report = fixture_report(&operations(&["UploadItem"]));
    let rows: Vec<_> = report.changes.iter().map(row).collect();
    assert_eq!(
        rows,
        [(
            "UploadItemInput".to_owned(),
            Some("data".to_owned()),
            BindingChanged,
            Compatible,
            true
        )]
    );
    assert!(!report.is_breaking());

    // GetItem reaches Dimensions only in the new model: for a client of
    // GetItem alone it is a new type.
    let report = fixture_report(&operations(&["GetItem"]));
    assert_eq!(
        find(&report, "Dimensions", None, ShapeAdded).severity,
        Compatible
    );
    assert!(report.changes.iter().all(|c| c.subject != "PutItemInput"));
    assert!(
        report
            .changes
            .iter()
            .all(|c| c.operations.is_empty() || c.operations == ["GetItem"])
    );

    // A removed operation can be named.
    let report = fixture_report(&operations(&["DeleteItem"]));
    assert_eq!(
        find(&report, "Shop", Some("DeleteItem"), OperationRemoved).severity,
        Breaking
    );

    // One in neither model is an error naming it.
    let error = diff::diff(
        &fixture("old.json"),
        &fixture("new.json"),
        &operations(&["NoSuchOperation"]),
    )
    .expect_err("an unknown operation is an error");
    assert!(error.to_string().contains("NoSuchOperation"), "{error}");
}

#[test]
fn text_report_snapshot() {
    insta::assert_snapshot!(
        "fixture_text",
        fixture_report(&Options::default()).to_text()
    );
    insta::assert_snapshot!(
        "fixture_text_docs_get_item",
        fixture_report(&Options {
            docs: true,
            ..operations(&["GetItem"])
        })
        .to_text()
    );
}

#[test]
fn json_report_is_stable_and_complete() {
    let report = fixture_report(&Options::default());
    let text = report.to_json();
    assert_eq!(text, fixture_report(&Options::default()).to_json());
    let value: Value = serde_json::from_str(&text).expect("the report is JSON");
    assert_eq!(value["breaking"], json!(true));
    assert_eq!(value["summary"]["breaking"], json!(16));
    assert_eq!(value["documentation"], Value::Null);
    let changes = value["changes"].as_array().expect("changes is a list");
    assert_eq!(changes.len(), FIXTURE_CHANGES.len());
    let first = &changes[0];
    assert_eq!(first["scope"], json!("service"));
    assert_eq!(first["kind"], json!("operation_added"));
    assert_eq!(first["severity"], json!("compatible"));
    insta::assert_snapshot!(
        "fixture_json_upload_item",
        fixture_report(&operations(&["UploadItem"])).to_json()
    );
}

#[test]
fn a_bad_model_is_an_error_naming_its_file() {
    let dir = TempDir::new("bad");
    let bad = dir.path().join("broken.json");
    std::fs::write(&bad, "{ \"smithy\": \"2.0\", \"shapes\": ").expect("writable");
    let error = diff::diff(&fixture("old.json"), &bad, &Options::default())
        .expect_err("a truncated model is an error");
    assert!(error.to_string().contains("broken.json"), "{error}");
    let error = diff::diff(
        &dir.path().join("missing.json"),
        &fixture("new.json"),
        &Options::default(),
    )
    .expect_err("a missing model is an error");
    assert!(error.to_string().contains("missing.json"), "{error}");
}

// ---------------------------------------------------------------------------
// Direction: requests vs responses, narrowing vs widening
// ---------------------------------------------------------------------------

/// A service with `Put`: input `PutIn` (`name`, and `shared`), output
/// `PutOut` (`shared` again, so `Shared` is both sent and read) and
/// `reply` (only read).
fn tiny() -> Value {
    json!({
        "smithy": "2.0",
        "shapes": {
            "ex.tiny#Svc": {
                "type": "service",
                "version": "1",
                "operations": [{ "target": "ex.tiny#Put" }],
                "traits": { "aws.protocols#restJson1": {} }
            },
            "ex.tiny#Put": {
                "type": "operation",
                "input": { "target": "ex.tiny#PutIn" },
                "output": { "target": "ex.tiny#PutOut" },
                "traits": { "smithy.api#http": { "method": "POST", "uri": "/put" } }
            },
            "ex.tiny#PutIn": {
                "type": "structure",
                "members": {
                    "name": { "target": "ex.tiny#Name" },
                    "level": { "target": "ex.tiny#Level" },
                    "shared": { "target": "ex.tiny#Shared" }
                }
            },
            "ex.tiny#PutOut": {
                "type": "structure",
                "members": {
                    "shared": { "target": "ex.tiny#Shared" },
                    "reply": { "target": "ex.tiny#Reply" }
                }
            },
            "ex.tiny#Shared": {
                "type": "structure",
                "members": { "a": { "target": "smithy.api#String" } }
            },
            "ex.tiny#Reply": {
                "type": "structure",
                "members": { "text": { "target": "ex.tiny#Name" } }
            },
            "ex.tiny#Name": {
                "type": "string",
                "traits": { "smithy.api#length": { "min": 1, "max": 10 } }
            },
            "ex.tiny#Level": {
                "type": "enum",
                "members": {
                    "LOW": { "target": "smithy.api#Unit", "traits": { "smithy.api#enumValue": "low" } }
                },
                "traits": { "smithy.api#length": { "max": 10 } }
            }
        }
    })
}

/// The diff from `tiny()` to `tiny()` edited by `edit`.
fn tiny_diff(edit: impl FnOnce(&mut Value)) -> Report {
    let dir = TempDir::new("tiny");
    let old = dir.write_json("old.json", &tiny());
    let mut model = tiny();
    edit(&mut model["shapes"]);
    let new = dir.write_json("new.json", &model);
    run(&old, &new, &Options::default())
}

#[test]
fn constraints_break_only_requests_and_only_when_narrowed() {
    // `Name` is sent (PutIn.name) and read (Reply.text): narrowing breaks.
    let report = tiny_diff(|s| {
        s["ex.tiny#Name"]["traits"]["smithy.api#length"] = json!({ "min": 2, "max": 10 })
    });
    let change = find(&report, "Name", None, LengthChanged);
    assert_eq!(
        (change.severity, change.detail.as_str()),
        (Breaking, "length min 1, max 10 -> min 2, max 10")
    );
    // Widening does not.
    let report =
        tiny_diff(|s| s["ex.tiny#Name"]["traits"]["smithy.api#length"] = json!({ "max": 20 }));
    assert_eq!(
        find(&report, "Name", None, LengthChanged).severity,
        Compatible
    );
    // Removing a constraint is widening; adding one is narrowing.
    let report = tiny_diff(|s| {
        s["ex.tiny#Name"]["traits"] = json!({ "smithy.api#pattern": "^[a-z]+$" });
    });
    assert_eq!(
        find(&report, "Name", None, LengthChanged).severity,
        Compatible
    );
    assert_eq!(
        find(&report, "Name", None, PatternChanged).severity,
        Breaking
    );
    // Narrowing a member only read from responses does not break.
    let report = tiny_diff(|s| {
        s["ex.tiny#Reply"]["members"]["text"]["traits"] =
            json!({ "smithy.api#length": { "max": 5 } });
    });
    let change = find(&report, "Reply", Some("text"), LengthChanged);
    assert_eq!(change.severity, Compatible);
    assert!(
        change.reason.contains("does not validate"),
        "{}",
        change.reason
    );
    // The same on a request member does.
    let report = tiny_diff(|s| {
        s["ex.tiny#PutIn"]["members"]["name"]["traits"] =
            json!({ "smithy.api#length": { "max": 5 } });
    });
    assert_eq!(
        find(&report, "PutIn", Some("name"), LengthChanged).severity,
        Breaking
    );
    // A length on an enum is not checked by the client.
    let report =
        tiny_diff(|s| s["ex.tiny#Level"]["traits"]["smithy.api#length"] = json!({ "max": 3 }));
    let change = find(&report, "Level", None, LengthChanged);
    assert_eq!(change.severity, Compatible);
    assert!(
        change.reason.contains("does not check"),
        "{}",
        change.reason
    );
}

#[test]
fn required_members_follow_how_the_structure_is_used() {
    // Shared is in a request and a response: its fields are Options, but the
    // service now requires `b`, so requests without it fail.
    let report = tiny_diff(|s| {
        s["ex.tiny#Shared"]["members"]["b"] =
            json!({ "target": "smithy.api#String", "traits": { "smithy.api#required": {} } });
    });
    let change = find(&report, "Shared", Some("b"), MemberAdded);
    assert_eq!(change.severity, Breaking);
    assert!(
        change.reason.contains("also read from responses"),
        "{}",
        change.reason
    );
    // Becoming required there: breaking for requests, the field unchanged.
    let report = tiny_diff(|s| {
        s["ex.tiny#Shared"]["members"]["a"]["traits"] = json!({ "smithy.api#required": {} })
    });
    let change = find(&report, "Shared", Some("a"), MemberRequired);
    assert_eq!(change.severity, Breaking);
    assert!(
        change.reason.contains("stays `Option<String>`"),
        "{}",
        change.reason
    );
    assert!(
        report.of_kind(BuilderChanged).next().is_none(),
        "{}",
        report.to_text()
    );
    // Becoming required in a response-only structure: compatible.
    let report = tiny_diff(|s| {
        s["ex.tiny#Reply"]["members"]["text"]["traits"] = json!({ "smithy.api#required": {} })
    });
    assert_eq!(
        find(&report, "Reply", Some("text"), MemberRequired).severity,
        Compatible
    );
    // A required member with a default on an input-only structure: the
    // builder fills it in, build() stays infallible.
    let report = tiny_diff(|s| {
        s["ex.tiny#PutIn"]["members"]["mode"] = json!({
            "target": "smithy.api#String",
            "traits": { "smithy.api#required": {}, "smithy.api#default": "auto" }
        });
    });
    assert_eq!(
        find(&report, "PutIn", Some("mode"), MemberAdded).severity,
        Compatible
    );
    assert!(report.of_kind(BuilderChanged).next().is_none());
    // Without a default, build() becomes fallible: two breaking changes.
    let report = tiny_diff(|s| {
        s["ex.tiny#PutIn"]["members"]["mode"] =
            json!({ "target": "smithy.api#String", "traits": { "smithy.api#required": {} } });
    });
    assert_eq!(
        find(&report, "PutIn", Some("mode"), MemberAdded).severity,
        Breaking
    );
    let builder = find(&report, "PutIn", None, BuilderChanged);
    assert_eq!(
        builder.detail,
        "build() returns Result<PutIn, ValidationError> (was PutIn)"
    );
}

#[test]
fn defaults_and_client_optional_are_wire_changes() {
    // An optional body member's default is what an unset one is sent as.
    let report = tiny_diff(|s| {
        s["ex.tiny#Shared"]["members"]["a"]["traits"] = json!({ "smithy.api#default": "x" })
    });
    let change = find(&report, "Shared", Some("a"), TraitChanged);
    assert_eq!(change.severity, Compatible);
    assert!(change.wire, "{}", report.to_text());
    assert_eq!(change.detail, "@default added (\"x\")");
    // `@clientOptional` says whether it is.
    let report = tiny_diff(|s| {
        s["ex.tiny#Shared"]["members"]["a"]["traits"] = json!({ "smithy.api#clientOptional": {} })
    });
    let change = find(&report, "Shared", Some("a"), TraitChanged);
    assert_eq!(change.severity, Compatible);
    assert!(change.wire, "{}", report.to_text());
}

#[test]
fn a_string_enum_trait_becoming_an_enum_shape_is_no_change() {
    // Smithy 1's `enum` trait and Smithy 2's `enum` shape generate the same
    // Rust enum: only the values matter.
    let dir = TempDir::new("enum-trait");
    let mut old = tiny();
    old["shapes"]["ex.tiny#Level"] = json!({
        "type": "string",
        "traits": { "smithy.api#enum": [{ "value": "low", "name": "LOW" }], "smithy.api#length": { "max": 10 } }
    });
    let old = dir.write_json("old.json", &old);
    let new = dir.write_json("new.json", &tiny());
    let report = run(&old, &new, &Options::default());
    assert!(report.changes.is_empty(), "{}", report.to_text());
}

#[test]
fn a_service_rename_renames_the_rust_type() {
    let report = tiny_diff(|s| {
        s["ex.tiny#Svc"]["rename"] = json!({ "ex.tiny#Reply": "Answer" });
    });
    let change = find(&report, "Reply", None, TypeChanged);
    assert_eq!(change.severity, Breaking);
    assert_eq!(change.detail, "Rust type Reply -> Answer (service rename)");
}

/// The reasons describe the code the generator really writes for the two
/// fixture models (compared without whitespace, which prettyplease moves).
#[test]
fn classification_matches_the_generated_code() {
    let generate = |name: &str| -> String {
        smithy_codegen::Config::new()
            .model(fixture(name))
            .generate()
            .unwrap_or_else(|e| panic!("{name} generates: {e}"))
            .split_whitespace()
            .collect()
    };
    let (old, new) = (generate("old.json"), generate("new.json"));
    let has = |code: &str, fragment: &str| {
        let fragment: String = fragment.split_whitespace().collect();
        code.contains(&fragment)
    };
    // Dimensions, now also read from responses: `width` becomes an Option
    // and `build()` infallible (UsageChanged, BuilderChanged).
    assert!(has(&old, "pub width: i32,"));
    assert!(has(&new, "pub width: ::std::option::Option<i32>,"));
    let fallible =
        |name: &str| format!("-> Result<super::{name}, ::smithy_runtime::ValidationError>");
    let infallible = |name: &str| format!("-> super::{name} {{");
    assert!(has(&old, &fallible("Dimensions")));
    assert!(has(&new, &infallible("Dimensions")));
    // Filter gains a required member: `build()` becomes fallible.
    assert!(has(&old, &infallible("Filter")));
    assert!(has(&new, &fallible("Filter")));
    // Required on input: a plain field; no longer required: an Option.
    assert!(has(&new, "pub owner: ::std::string::String,"));
    assert!(has(&old, "pub weight: f64,"));
    assert!(has(&new, "pub weight: ::std::option::Option<f64>,"));
    // Required in a response: still an Option.
    assert!(has(
        &new,
        "pub extra: ::std::option::Option<::std::string::String>,"
    ));
    assert!(has(
        &new,
        "pub status: ::std::option::Option<::std::string::String>,"
    ));
    // The variant of a renamed enum member.
    assert!(has(&old, "Green,") && has(&new, "Lime,") && !has(&new, "Green,"));
}

#[test]
fn endpoint_traits_change_the_wire_not_the_rust_api() {
    let report = tiny_diff(|s| {
        s["ex.tiny#Put"]["traits"]["smithy.api#endpoint"] = json!({ "hostPrefix": "api." });
    });
    let change = find(&report, "Put", None, TraitChanged);
    assert!(change.wire && change.severity == Compatible, "{change:?}");
    assert!(
        change.detail.contains("endpoint added"),
        "{}",
        change.detail
    );
    assert!(change.reason.contains("host prefix"), "{}", change.reason);

    let report = tiny_diff(|s| {
        s["ex.tiny#PutIn"]["members"]["name"]["traits"] =
            json!({ "smithy.rules#contextParam": { "name": "Name" } });
    });
    let change = find(&report, "PutIn", Some("name"), TraitChanged);
    assert!(change.wire && change.severity == Compatible, "{change:?}");
    assert!(
        change.reason.contains("endpoint rule parameter"),
        "{}",
        change.reason
    );
}
