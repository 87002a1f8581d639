//! What the generator does with models it cannot or can barely handle.
//!
//! Malformed models: `generate()` returns an error (it never panics) whose
//! message names the model file, the shape id or JSON path at fault (or the
//! line and column, for JSON that does not parse) and the problem.
//!
//! Awkward but valid models (recursive shapes, enum values that are not
//! identifiers, member names that collide after case conversion, Rust
//! keywords and std type names): `generate()` succeeds with distinct, escaped
//! names, and a crate generated from all of them together passes
//! `cargo check`, `cargo clippy -D warnings` and `cargo doc` without warnings.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value, json};
use smithy_codegen::Config;
use smithy_tests::{TempDir, cargo};

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// The smallest model the generator accepts: a restJson1 service with one
/// operation, `POST /x`, whose input has one string member.
fn base_model() -> Value {
    json!({
        "smithy": "2.0",
        "shapes": {
            "ex.test#Svc": {
                "type": "service",
                "version": "2024-01-01",
                "operations": [{ "target": "ex.test#DoIt" }],
                "traits": { "aws.protocols#restJson1": {} }
            },
            "ex.test#DoIt": {
                "type": "operation",
                "input": { "target": "ex.test#Input" },
                "traits": { "smithy.api#http": { "method": "POST", "uri": "/x" } }
            },
            "ex.test#Input": {
                "type": "structure",
                "members": { "name": { "target": "smithy.api#String" } },
                "traits": { "smithy.api#input": {} }
            }
        }
    })
}

/// The shapes of `model`, to edit.
fn shapes(model: &mut Value) -> &mut Map<String, Value> {
    model["shapes"]
        .as_object_mut()
        .expect("`shapes` is an object")
}

/// The base model edited by `edit`, as JSON text.
fn model_with(edit: impl FnOnce(&mut Map<String, Value>)) -> String {
    let mut model = base_model();
    edit(shapes(&mut model));
    serde_json::to_string_pretty(&model).expect("a JSON value serializes")
}

/// Adds a member to the input structure.
fn add_input_member(shapes: &mut Map<String, Value>, name: &str, target: &str) {
    shapes["ex.test#Input"]["members"][name] = json!({ "target": target });
}

/// `{"target": target}`.
fn member(target: &str) -> Value {
    json!({ "target": target })
}

/// Writes `text` to `dir/file_name` and returns the path.
fn write(dir: &Path, file_name: &str, text: &str) -> PathBuf {
    let path = dir.join(file_name);
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    path
}

/// Runs `generate()` for `config`, turning a panic into a test failure that
/// says which case panicked.
fn generate(case: &str, config: &Config) -> smithy_codegen::Result<String> {
    std::panic::catch_unwind(|| config.generate()).unwrap_or_else(|_| {
        panic!("case {case:?}: the generator panicked instead of returning an error")
    })
}

/// Generates code from a model text (written to a temp file).
fn generate_ok(case: &str, text: &str) -> String {
    let dir = TempDir::new("ok");
    let path = write(dir.path(), &format!("{case}.json"), text);
    match generate(case, Config::new().model(&path)) {
        Ok(code) => code,
        Err(e) => panic!("case {case:?}: generation failed: {e}"),
    }
}

/// The variant names of `enum name` in generated code, in order.
fn enum_variants(code: &str, name: &str) -> Vec<String> {
    let start = format!("pub enum {name} {{");
    let mut lines = code.lines().skip_while(|line| line.trim() != start).skip(1);
    let mut variants = Vec::new();
    for line in lines.by_ref() {
        let line = line.trim();
        if line == "}" {
            return variants;
        }
        if line.starts_with("///") || line.starts_with("#[") || line.is_empty() {
            continue;
        }
        let end = line.find(['(', ',', ' ']).unwrap_or(line.len());
        variants.push(line[..end].to_owned());
    }
    panic!("no `pub enum {name}` in the generated code:\n{code}");
}

fn assert_contains(case: &str, code: &str, fragments: &[&str]) {
    for fragment in fragments {
        assert!(
            code.contains(fragment),
            "case {case:?}: the generated code lacks {fragment:?}:\n{code}"
        );
    }
}

fn assert_distinct(case: &str, names: &[String]) {
    let mut sorted = names.to_vec();
    sorted.sort();
    sorted.dedup();
    assert_eq!(
        sorted.len(),
        names.len(),
        "case {case:?}: names repeat: {names:?}"
    );
}

// ---------------------------------------------------------------------------
// Malformed models
// ---------------------------------------------------------------------------

/// One malformed model and what its error must say.
struct Case {
    name: &'static str,
    /// The model file's text.
    text: String,
    /// `Config::service`, when the case needs one.
    service: Option<&'static str>,
    /// `Config::operation`, when the case needs one.
    operation: Option<&'static str>,
    /// Fragments the message must contain besides the file name: the shape
    /// id or JSON path at fault and a phrase naming the problem.
    expect: &'static [&'static str],
}

impl Case {
    fn new(name: &'static str, text: impl Into<String>, expect: &'static [&'static str]) -> Case {
        Case {
            name,
            text: text.into(),
            service: None,
            operation: None,
            expect,
        }
    }

    fn edit(
        name: &'static str,
        edit: impl FnOnce(&mut Map<String, Value>),
        expect: &'static [&'static str],
    ) -> Case {
        Case::new(name, model_with(edit), expect)
    }
}

fn malformed_cases() -> Vec<Case> {
    vec![
        Case::new(
            "invalid-json",
            "{\n  \"smithy\": \"2.0\",\n    oops\n}\n",
            &[":3:5:", "key must be a string"],
        ),
        Case::new(
            "truncated-json",
            "{\n  \"smithy\": \"2.0\",\n  \"shapes\": {\n    \"ex.test#A\": {\"type\": \"str",
            &[":4:", "EOF while parsing"],
        ),
        // serde alone would read this list as the fields of a model.
        Case::new(
            "top-level-array",
            "[\"2.0\", {}]",
            &[":1:1:", "the top level must be a JSON object"],
        ),
        Case::new(
            "top-level-number",
            "\n  42\n",
            &[":2:3:", "the top level must be a JSON object"],
        ),
        Case::new(
            "no-smithy-version",
            "{\n  \"shapes\": {}\n}",
            &["missing field `smithy`"],
        ),
        Case::new(
            "smithy-1.0",
            model_with(|_| {}).replace("\"2.0\"", "\"1.0\""),
            &["unsupported Smithy version \"1.0\""],
        ),
        Case::new(
            "smithy-3.0",
            model_with(|_| {}).replace("\"2.0\"", "\"3.0\""),
            &["unsupported Smithy version \"3.0\""],
        ),
        Case::edit(
            "missing-target",
            |s| add_input_member(s, "ref", "ex.test#Missing"),
            &[
                "shapes[\"ex.test#Input\"].members.ref.target",
                "member ex.test#Input$ref targets ex.test#Missing, which does not exist",
            ],
        ),
        Case::edit(
            "unsupported-shape-type",
            |s| {
                s.insert("ex.test#Gadget".into(), json!({ "type": "widget" }));
            },
            &[
                "shapes[\"ex.test#Gadget\"].type",
                "unsupported shape type \"widget\"",
            ],
        ),
        Case {
            service: Some("Nope"),
            ..Case::new(
                "missing-service",
                model_with(|_| {}),
                &["service Nope is not in the model", "ex.test#Svc"],
            )
        },
        Case {
            operation: Some("Nope"),
            ..Case::new(
                "missing-operation",
                model_with(|_| {}),
                &[
                    "shapes[\"ex.test#Svc\"]",
                    "operation Nope is not an operation of service ex.test#Svc",
                ],
            )
        },
        Case::edit(
            "shape-id-without-namespace",
            |s| {
                s.insert("Lonely".into(), json!({ "type": "string" }));
            },
            &["shapes[\"Lonely\"]", "not a valid absolute shape id"],
        ),
        Case::edit(
            "shape-id-with-bad-characters",
            |s| {
                s.insert("ex.test#Bad-Name".into(), json!({ "type": "string" }));
            },
            &[
                "shapes[\"ex.test#Bad-Name\"]",
                "not a valid absolute shape id",
            ],
        ),
        Case::edit(
            "list-holds-itself",
            |s| {
                s.insert(
                    "ex.test#Loop".into(),
                    json!({ "type": "list", "member": member("ex.test#Loop") }),
                );
                add_input_member(s, "loop", "ex.test#Loop");
            },
            &[
                "shapes[\"ex.test#Loop\"]",
                "lists and maps nest more than 64 deep here",
            ],
        ),
        Case::edit(
            "lists-nested-too-deep",
            |s| {
                // 100 lists, each of the next (no cycle): a type `syn`
                // would parse, but far beyond any real model.
                for i in 0..100 {
                    let element = if i == 99 {
                        "smithy.api#String".to_owned()
                    } else {
                        format!("ex.test#L{}", i + 1)
                    };
                    s.insert(
                        format!("ex.test#L{i}"),
                        json!({ "type": "list", "member": member(&element) }),
                    );
                }
                add_input_member(s, "deep", "ex.test#L0");
            },
            &["lists and maps nest more than 64 deep here"],
        ),
        Case::edit(
            "list-without-member",
            |s| {
                s.insert("ex.test#Items".into(), json!({ "type": "list" }));
            },
            &["shapes[\"ex.test#Items\"]", "a list needs a `member`"],
        ),
        Case::edit(
            "map-key-not-string",
            |s| {
                s.insert(
                    "ex.test#Counts".into(),
                    json!({
                        "type": "map",
                        "key": member("smithy.api#Integer"),
                        "value": member("smithy.api#String")
                    }),
                );
            },
            &[
                "shapes[\"ex.test#Counts\"].key.target",
                "map keys must be strings, but smithy.api#Integer is not",
            ],
        ),
        Case::edit(
            "member-targets-operation",
            |s| add_input_member(s, "op", "ex.test#DoIt"),
            &[
                "shapes[\"ex.test#Input\"].members.op.target",
                "targets ex.test#DoIt, which is of type Operation, not a data shape",
            ],
        ),
        Case::edit(
            "member-targets-service",
            |s| add_input_member(s, "svc", "ex.test#Svc"),
            &[
                "shapes[\"ex.test#Input\"].members.svc.target",
                "targets ex.test#Svc, which is of type Service, not a data shape",
            ],
        ),
        Case::edit(
            "operation-input-not-structure",
            |s| s["ex.test#DoIt"]["input"] = member("smithy.api#String"),
            &[
                "shapes[\"ex.test#DoIt\"].input.target",
                "operation input smithy.api#String is of type String, not a structure",
            ],
        ),
        Case::edit(
            "service-names-missing-operation",
            |s| {
                s["ex.test#Svc"]["operations"]
                    .as_array_mut()
                    .expect("operations is a list")
                    .push(member("ex.test#Ghost"));
            },
            &[
                "shapes[\"ex.test#Svc\"].operations[1]",
                "ex.test#Ghost is not an operation or resource of the model",
            ],
        ),
        Case::edit(
            "shape-ids-differ-in-case",
            |s| {
                s.insert("ex.test#Thing".into(), json!({ "type": "string" }));
                s.insert("ex.test#THING".into(), json!({ "type": "string" }));
            },
            &[
                "shapes[\"ex.test#Thing\"]",
                "shape ids ex.test#THING and ex.test#Thing differ only in case",
            ],
        ),
        Case::edit(
            "length-with-string-min",
            |s| {
                s["ex.test#Input"]["members"]["name"]["traits"] =
                    json!({ "smithy.api#length": { "min": "1" } });
            },
            &[
                "shapes[\"ex.test#Input\"].members.name.traits[\"smithy.api#length\"]",
                "`min` must be a non-negative integer",
            ],
        ),
        Case::edit(
            "http-without-uri",
            |s| s["ex.test#DoIt"]["traits"]["smithy.api#http"] = json!({ "method": "POST" }),
            &[
                "shapes[\"ex.test#DoIt\"].traits[\"smithy.api#http\"]",
                "`uri` is missing",
            ],
        ),
        Case::edit(
            "uri-with-broken-label",
            |s| {
                s["ex.test#DoIt"]["traits"]["smithy.api#http"] =
                    json!({ "method": "POST", "uri": "/x/{id" });
            },
            &[
                "shapes[\"ex.test#DoIt\"].traits[\"smithy.api#http\"]",
                "`uri` \"/x/{id\" has a label that is not a whole segment",
            ],
        ),
        Case::edit(
            "uri-without-leading-slash",
            |s| {
                s["ex.test#DoIt"]["traits"]["smithy.api#http"] =
                    json!({ "method": "POST", "uri": "x" });
            },
            &[
                "shapes[\"ex.test#DoIt\"].traits[\"smithy.api#http\"]",
                "must start with '/'",
            ],
        ),
        Case::edit(
            "enum-duplicate-values",
            |s| {
                s.insert(
                    "ex.test#Color".into(),
                    json!({
                        "type": "enum",
                        "members": {
                            "RED": {
                                "target": "smithy.api#Unit",
                                "traits": { "smithy.api#enumValue": "red" }
                            },
                            "ROUGE": {
                                "target": "smithy.api#Unit",
                                "traits": { "smithy.api#enumValue": "red" }
                            }
                        }
                    }),
                );
            },
            &[
                "shapes[\"ex.test#Color\"].members.ROUGE",
                "enum members RED and ROUGE have the same value \"red\"",
            ],
        ),
        Case::edit(
            "int-enum-duplicate-values",
            |s| {
                s.insert(
                    "ex.test#Level".into(),
                    json!({
                        "type": "intEnum",
                        "members": {
                            "LOW": {
                                "target": "smithy.api#Unit",
                                "traits": { "smithy.api#enumValue": 1 }
                            },
                            "ONE": {
                                "target": "smithy.api#Unit",
                                "traits": { "smithy.api#enumValue": 1 }
                            }
                        }
                    }),
                );
            },
            &[
                "shapes[\"ex.test#Level\"].members.ONE",
                "enum members LOW and ONE have the same value 1",
            ],
        ),
        Case::edit(
            "bad-timestamp-format",
            |s| {
                s["ex.test#Input"]["members"]["at"] = json!({
                    "target": "smithy.api#Timestamp",
                    "traits": { "smithy.api#timestampFormat": "iso-8601" }
                });
            },
            &[
                "shapes[\"ex.test#Input\"].members.at.traits[\"smithy.api#timestampFormat\"]",
                "expected \"date-time\", \"http-date\" or \"epoch-seconds\"",
            ],
        ),
        Case::edit(
            "bad-deprecated-trait",
            |s| {
                s["ex.test#Input"]["members"]["old"] = json!({
                    "target": "smithy.api#String",
                    "traits": { "smithy.api#deprecated": { "message": 3 } }
                });
            },
            &[
                "shapes[\"ex.test#Input\"].members.old.traits[\"smithy.api#deprecated\"]",
                "expected an object with string `message` and `since`",
            ],
        ),
        Case::edit(
            "int-enum-string-value",
            |s| {
                add_input_member(s, "level", "ex.test#Level");
                s.insert(
                    "ex.test#Level".into(),
                    json!({
                        "type": "intEnum",
                        "members": {
                            "LOW": {
                                "target": "smithy.api#Unit",
                                "traits": { "smithy.api#enumValue": "low" }
                            }
                        }
                    }),
                );
            },
            &[
                "shapes[\"ex.test#Level\"]",
                "intEnum member LOW needs an enumValue that is a 32-bit integer",
            ],
        ),
        // Chosen by name, an event stream operation is an error (a whole
        // service leaves it out instead).
        Case {
            operation: Some("DoIt"),
            ..Case::edit(
                "event-stream-operation-chosen",
                |s| {
                    s["ex.test#DoIt"]["output"] = json!({ "target": "ex.test#Output" });
                    s.insert(
                        "ex.test#Output".into(),
                        json!({
                            "type": "structure",
                            "members": {
                                "events": {
                                    "target": "ex.test#Events",
                                    "traits": { "smithy.api#httpPayload": {} }
                                }
                            }
                        }),
                    );
                    s.insert(
                        "ex.test#Events".into(),
                        json!({
                            "type": "union",
                            "members": { "tick": { "target": "smithy.api#String" } },
                            "traits": { "smithy.api#streaming": {} }
                        }),
                    );
                },
                &[
                    "shapes[\"ex.test#DoIt\"]",
                    "operation DoIt uses an event stream (member events); event streams are not supported",
                ],
            )
        },
        Case::edit(
            "pattern-not-a-string",
            |s| {
                s.insert(
                    "ex.test#Code".into(),
                    json!({ "type": "string", "traits": { "smithy.api#pattern": 7 } }),
                );
            },
            &[
                "shapes[\"ex.test#Code\"].traits[\"smithy.api#pattern\"]",
                "expected a string",
            ],
        ),
        // Beyond the list of the issue: other checks of the loader and the
        // resolver, so that they keep naming what is wrong.
        Case::edit(
            "error-not-a-structure",
            |s| s["ex.test#DoIt"]["errors"] = json!([member("smithy.api#String")]),
            &[
                "shapes[\"ex.test#DoIt\"].errors[0].target",
                "error smithy.api#String is not a structure of the model",
            ],
        ),
        Case::edit(
            "http-error-out-of-range",
            |s| {
                s.insert(
                    "ex.test#Oops".into(),
                    json!({
                        "type": "structure",
                        "members": {},
                        "traits": { "smithy.api#error": "client", "smithy.api#httpError": 1000 }
                    }),
                );
            },
            &[
                "shapes[\"ex.test#Oops\"].traits[\"smithy.api#httpError\"]",
                "expected an HTTP status code",
            ],
        ),
        Case::edit(
            "operation-without-http",
            |s| {
                s["ex.test#DoIt"]["traits"]
                    .as_object_mut()
                    .expect("traits is an object")
                    .remove("smithy.api#http");
            },
            &[
                "shapes[\"ex.test#DoIt\"]",
                "operation has no smithy.api#http trait",
            ],
        ),
        Case::edit(
            "service-without-rest-json1",
            |s| s["ex.test#Svc"]["traits"] = json!({}),
            &["shapes[\"ex.test#Svc\"]", "declares no protocol trait"],
        ),
        Case::edit(
            "service-with-only-rest-xml",
            |s| s["ex.test#Svc"]["traits"] = json!({ "aws.protocols#restXml": {} }),
            &[
                "shapes[\"ex.test#Svc\"]",
                "protocol restXml is not supported yet (supported: restJson1, awsJson1_0, awsJson1_1, awsQuery, ec2Query)",
            ],
        ),
        Case::edit(
            "host-prefix-adjacent-labels",
            |s| {
                s["ex.test#DoIt"]["traits"]["smithy.api#endpoint"] =
                    json!({ "hostPrefix": "{a}{b}." });
            },
            &[
                "shapes[\"ex.test#DoIt\"].traits[\"smithy.api#endpoint\"]",
                "adjacent labels",
            ],
        ),
        Case::edit(
            "host-prefix-label-without-host-label",
            |s| {
                s["ex.test#DoIt"]["traits"]["smithy.api#endpoint"] =
                    json!({ "hostPrefix": "{name}." });
            },
            &[
                "shapes[\"ex.test#DoIt\"]",
                "the hostPrefix label {name} is not a @hostLabel member of the input",
            ],
        ),
        Case::edit(
            "context-param-of-the-wrong-type",
            |s| {
                s["ex.test#Svc"]["traits"]["smithy.rules#endpointRuleSet"] = json!({
                    "version": "1.0",
                    "parameters": { "Flag": { "type": "Boolean", "required": false } },
                    "rules": [{ "conditions": [], "error": "no", "type": "error" }]
                });
                s["ex.test#Input"]["members"]["name"]["traits"] =
                    json!({ "smithy.rules#contextParam": { "name": "Flag" } });
            },
            &[
                "shapes[\"ex.test#Input\"]",
                "member name (@contextParam `Flag`) targets smithy.api#String",
            ],
        ),
        Case::edit(
            "operation-context-path-not-supported",
            |s| {
                s["ex.test#DoIt"]["traits"]["smithy.rules#operationContextParams"] =
                    json!({ "P": { "path": "name[0]" } });
            },
            &[
                "traits[\"smithy.rules#operationContextParams\"]",
                "`P`: path \"name[0]\": unsupported expression",
            ],
        ),
        Case::edit(
            "member-target-not-a-string",
            |s| s["ex.test#Input"]["members"]["name"] = json!({ "target": 7 }),
            &["invalid type: integer `7`, expected a string"],
        ),
    ]
}

#[test]
fn malformed_models_give_errors_that_name_the_file_and_the_fault() {
    let dir = TempDir::new("malformed");
    let mut failures = Vec::new();
    for case in malformed_cases() {
        let path = write(dir.path(), &format!("{}.json", case.name), &case.text);
        let mut config = Config::new();
        config.model(&path);
        if let Some(service) = case.service {
            config.service(service);
        }
        if let Some(operation) = case.operation {
            config.operation(operation);
        }
        let message = match generate(case.name, &config) {
            Ok(_) => {
                failures.push(format!("{}: generated code instead of failing", case.name));
                continue;
            }
            Err(e) => e.to_string(),
        };
        println!("{}: {message}", case.name);
        let file = path.display().to_string();
        let missing: Vec<&str> = std::iter::once(file.as_str())
            .chain(case.expect.iter().copied())
            .filter(|fragment| !message.contains(fragment))
            .collect();
        if !missing.is_empty() {
            failures.push(format!(
                "{}: the message\n    {message}\n  lacks {missing:?}",
                case.name
            ));
        }
        if message.contains('\n') {
            failures.push(format!(
                "{}: the message spans lines:\n{message}",
                case.name
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn a_missing_model_file_is_named() {
    let dir = TempDir::new("absent");
    let path = dir.path().join("absent.json");
    let message = generate("absent", Config::new().model(&path))
        .expect_err("a missing file is an error")
        .to_string();
    assert!(message.contains(&path.display().to_string()), "{message}");
    assert!(message.contains("cannot read the model"), "{message}");
}

#[test]
fn no_model_is_a_configuration_error() {
    let message = generate("no-model", &Config::new())
        .expect_err("a config without a model is an error")
        .to_string();
    assert!(message.contains("no model set"), "{message}");
}

#[test]
fn errors_expose_their_location() {
    let dir = TempDir::new("location");
    let text = model_with(|s| add_input_member(s, "ref", "ex.test#Missing"));
    let path = write(dir.path(), "location.json", &text);
    match generate("location", Config::new().model(&path)) {
        Err(smithy_codegen::Error::Invalid { location, message }) => {
            assert_eq!(location.file, path);
            assert_eq!(location.shape.as_deref(), Some("ex.test#Input"));
            assert_eq!(
                location.json_path.as_deref(),
                Some("shapes[\"ex.test#Input\"].members.ref.target")
            );
            assert!(message.contains("ex.test#Missing"), "{message}");
        }
        other => panic!("expected Error::Invalid, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------
// Awkward but valid models
// ---------------------------------------------------------------------------

/// A structure that holds itself directly and through a list.
fn add_recursive(s: &mut Map<String, Value>) {
    s.insert(
        "ex.test#Tree".into(),
        json!({
            "type": "structure",
            "members": {
                "left": member("ex.test#Tree"),
                "children": member("ex.test#TreeList"),
                "label": {
                    "target": "smithy.api#String",
                    "traits": { "smithy.api#length": { "min": 1 } }
                }
            }
        }),
    );
    s.insert(
        "ex.test#TreeList".into(),
        json!({ "type": "list", "member": member("ex.test#Tree") }),
    );
    add_input_member(s, "tree", "ex.test#Tree");
}

/// The awkward enum values, with the names a Smithy 2.0 enum gives them.
const ODD_VALUES: &[(&str, &str)] = &[
    ("ONE_X", "1x"),
    ("A_B", "a-b"),
    ("STAR", "*"),
    ("UMLAUTS", "ÄÖ"),
];

/// A Smithy 2.0 enum whose values are not identifiers, and whose member
/// names include ones the generator reserves or Rust does.
fn add_enum(s: &mut Map<String, Value>) {
    let mut members = Map::new();
    for (name, value) in ODD_VALUES {
        members.insert(
            (*name).to_owned(),
            json!({ "target": "smithy.api#Unit", "traits": { "smithy.api#enumValue": value } }),
        );
    }
    for name in ["Unknown", "Self"] {
        members.insert(
            name.to_owned(),
            json!({
                "target": "smithy.api#Unit",
                "traits": { "smithy.api#enumValue": name.to_lowercase() }
            }),
        );
    }
    s.insert(
        "ex.test#Odd".into(),
        json!({ "type": "enum", "members": members }),
    );
    add_input_member(s, "odd", "ex.test#Odd");
}

/// A Smithy 1.0-style `enum` trait on a string: variants named from values.
fn add_legacy_enum(s: &mut Map<String, Value>) {
    let definitions: Vec<Value> = ODD_VALUES
        .iter()
        .map(|(_, value)| json!({ "value": value }))
        .collect();
    s.insert(
        "ex.test#LegacyOdd".into(),
        json!({ "type": "string", "traits": { "smithy.api#enum": definitions } }),
    );
    add_input_member(s, "legacyOdd", "ex.test#LegacyOdd");
}

/// Members whose snake_case names are the same.
fn add_colliding_members(s: &mut Map<String, Value>) {
    add_input_member(s, "fooBar", "smithy.api#String");
    add_input_member(s, "foo_bar", "smithy.api#String");
}

/// Members named after keywords and operator methods (a builder setter
/// `add(self, value) -> Self` looks like `Add::add` to clippy), and shapes
/// named after std types and `Self`.
fn add_keywords(s: &mut Map<String, Value>) {
    for name in [
        "type", "self", "gen", "async", "build", "Add", "shl", "next", "drop",
    ] {
        add_input_member(s, name, "smithy.api#String");
    }
    for name in ["Option", "Result", "String", "Box", "Vec", "Self"] {
        s.insert(
            format!("ex.test#{name}"),
            json!({
                "type": "structure",
                "members": {
                    "some": member("smithy.api#String"),
                    "none": member("smithy.api#Integer"),
                    "inner": member(&format!("ex.test#{name}"))
                }
            }),
        );
        // `Self` keeps its case: `self` is taken by a string member above,
        // and both become `self` in snake_case.
        let member_name = if name == "Self" {
            name.to_owned()
        } else {
            name.to_lowercase()
        };
        add_input_member(s, &member_name, &format!("ex.test#{name}"));
    }
    // A required member of the `String` structure type, so a bare `String`
    // field appears.
    s["ex.test#Input"]["members"]["string"]["traits"] = json!({ "smithy.api#required": {} });
}

/// A chain of `n` structures, each holding the next; with `cycle`, the last
/// holds the first.
fn add_chain(s: &mut Map<String, Value>, n: usize, cycle: bool) {
    for i in 0..n {
        let next = if i + 1 < n {
            Some(format!("ex.test#C{}", i + 1))
        } else if cycle {
            Some("ex.test#C0".to_owned())
        } else {
            None
        };
        let mut members = json!({ "label": member("smithy.api#String") });
        if let Some(next) = next {
            members["next"] = member(&next);
        }
        s.insert(
            format!("ex.test#C{i}"),
            json!({ "type": "structure", "members": members }),
        );
    }
    add_input_member(s, "chain", "ex.test#C0");
}

#[test]
fn long_chains_of_structures_are_boxed_only_on_a_cycle() {
    // Long enough that deciding boxing per field by a graph search (as
    // the generator once did) took minutes; it is linear now.
    let n = 1500;
    for cycle in [true, false] {
        let code = generate_ok("chain", &model_with(|s| add_chain(s, n, cycle)));
        let boxed = code
            .matches("pub next: ::std::option::Option<::std::boxed::Box<C")
            .count();
        let plain = code.matches("pub next: ::std::option::Option<C").count();
        if cycle {
            assert_eq!((boxed, plain), (n, 0), "every link of the cycle is boxed");
        } else {
            assert_eq!((boxed, plain), (0, n - 1), "no link of the chain is boxed");
        }
    }
}

#[test]
fn recursive_structures_are_boxed() {
    let code = generate_ok("recursive", &model_with(add_recursive));
    assert_contains(
        "recursive",
        &code,
        &[
            "pub left: ::std::option::Option<::std::boxed::Box<Tree>>",
            "pub children: ::std::option::Option<::std::vec::Vec<Tree>>",
        ],
    );
}

#[test]
fn enum_values_that_are_not_identifiers_get_distinct_variants() {
    let code = generate_ok("enum", &model_with(add_enum));
    let variants = enum_variants(&code, "Odd");
    assert_eq!(variants.len(), ODD_VALUES.len() + 3, "{variants:?}");
    assert_distinct("enum", &variants);
    assert!(variants.contains(&"Self_".to_owned()), "{variants:?}");
    assert!(variants.contains(&"Unknown".to_owned()), "{variants:?}");
    for (_, value) in ODD_VALUES {
        assert_contains("enum", &code, &[&format!("=> {value:?},")]);
    }
    // The model's `Unknown` member does not take the place of the variant
    // that keeps unknown values.
    assert_contains(
        "enum",
        &code,
        &["Unknown(::std::string::String)", "=> \"unknown\","],
    );
}

#[test]
fn legacy_enum_values_that_are_not_identifiers_get_distinct_variants() {
    let code = generate_ok("legacy-enum", &model_with(add_legacy_enum));
    let variants = enum_variants(&code, "LegacyOdd");
    assert_eq!(variants.len(), ODD_VALUES.len() + 1, "{variants:?}");
    assert_distinct("legacy-enum", &variants);
    assert!(variants.contains(&"V1x".to_owned()), "{variants:?}");
    for (_, value) in ODD_VALUES {
        assert_contains("legacy-enum", &code, &[&format!("=> {value:?},")]);
    }
}

#[test]
fn members_that_collide_after_case_conversion_get_distinct_names() {
    let code = generate_ok("collisions", &model_with(add_colliding_members));
    assert_contains(
        "collisions",
        &code,
        &[
            "pub foo_bar: ",
            "pub foo_bar_: ",
            "rename = \"fooBar\"",
            "rename = \"foo_bar\"",
        ],
    );
}

#[test]
fn keywords_and_std_names_are_escaped() {
    let code = generate_ok("keywords", &model_with(add_keywords));
    assert_contains(
        "keywords",
        &code,
        &[
            "pub r#type: ",
            "pub self_: ",
            "pub self__: ",
            "pub r#gen: ",
            "pub r#async: ",
            "pub build_: ",
            "pub struct Self_ {",
            "pub struct Option {",
            "pub struct Result {",
            "pub struct String {",
            "pub struct Box {",
            "pub struct Vec {",
            "pub string: String,",
            "::std::option::Option<::std::boxed::Box<Option>>",
        ],
    );
}

/// Every awkward case at once, with more operations: one without input,
/// output or errors named after a keyword (`Gen`), one named after a
/// method the client has (`New`), and one with errors named `Error` and
/// `Unhandled`.
fn nasty_model() -> Value {
    let mut model = base_model();
    let s = shapes(&mut model);
    add_recursive(s);
    add_enum(s);
    add_legacy_enum(s);
    add_colliding_members(s);
    add_keywords(s);
    s["ex.test#DoIt"]["output"] = member("ex.test#Output");
    s["ex.test#DoIt"]["errors"] = json!([member("ex.test#Error"), member("ex.test#Unhandled")]);
    s.insert(
        "ex.test#Output".into(),
        json!({
            "type": "structure",
            "members": {
                "tree": member("ex.test#Tree"),
                "option": member("ex.test#Option"),
                "odd": member("ex.test#Odd"),
                "type": member("smithy.api#String")
            },
            "traits": { "smithy.api#output": {} }
        }),
    );
    s.insert(
        "ex.test#Error".into(),
        json!({
            "type": "structure",
            "members": {
                "message": member("smithy.api#String"),
                "meta": member("smithy.api#String"),
                "self": member("smithy.api#String")
            },
            "traits": { "smithy.api#error": "client", "smithy.api#httpError": 400 }
        }),
    );
    s.insert(
        "ex.test#Unhandled".into(),
        json!({
            "type": "structure",
            "members": { "Message": member("smithy.api#String") },
            "traits": { "smithy.api#error": "server" }
        }),
    );
    for name in ["Gen", "New"] {
        s.insert(
            format!("ex.test#{name}"),
            json!({
                "type": "operation",
                "input": member("smithy.api#Unit"),
                "output": member("smithy.api#Unit"),
                "traits": { "smithy.api#http": { "method": "GET", "uri": format!("/{name}") } }
            }),
        );
        s["ex.test#Svc"]["operations"]
            .as_array_mut()
            .expect("operations is a list")
            .push(member(&format!("ex.test#{name}")));
    }
    model
}

#[test]
fn a_crate_of_nasty_names_compiles_without_warnings() {
    let dir = TempDir::new("nasty-names");
    let text = serde_json::to_string_pretty(&nasty_model()).expect("a JSON value serializes");
    let model = write(dir.path(), "nasty.json", &text);
    let crate_dir = smithy_tests::standalone_crate(&model, "nasty-names", dir.path());

    // The single-file layout (`generate()`, for `include!` in a module of
    // another crate) in the same crate, so one build checks both.
    let single = Config::new()
        .model(&model)
        .generate()
        .unwrap_or_else(|e| panic!("generation failed: {e}"));
    std::fs::write(crate_dir.join("src/single.rs"), single).expect("src/ is writable");
    let lib = crate_dir.join("src/lib.rs");
    let mut lib_text = std::fs::read_to_string(&lib).expect("lib.rs was written");
    lib_text.push_str(
        "\n/// The same client, generated as one file.\npub mod single {\n    include!(\"single.rs\");\n}\n",
    );
    std::fs::write(&lib, lib_text).expect("lib.rs is writable");

    let target_dir = smithy_tests::generated_crates_target();
    cargo(
        &crate_dir,
        &target_dir,
        &["check", "--offline", "--all-targets"],
    );
    cargo(
        &crate_dir,
        &target_dir,
        // `--all-features`: the command-line program's schema statics are
        // named after the structures too.
        &[
            "clippy",
            "--offline",
            "--all-targets",
            "--all-features",
            "--",
            "-D",
            "warnings",
        ],
    );
    cargo(&crate_dir, &target_dir, &["doc", "--offline", "--no-deps"]);
}
