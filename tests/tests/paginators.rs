//! The `paginated` trait: a `{operation}_paginator` client method per
//! paginated operation.
//!
//! - The trait is merged with the service's (the operation's values win),
//!   its member paths (nested `a.b` ones too) are resolved to Rust fields,
//!   and a paginator name that collides with a method gets `_`.
//! - A trait the generator cannot follow is an error naming the operation
//!   and the member at fault, not code that does not compile.
//! - Tokens of any type: strings, a map (as DynamoDB's key), a structure
//!   (which gets a `PageToken` impl) and a number; the input and output
//!   tokens must be of the same type.
//! - A crate with nested token paths through a boxed recursive structure,
//!   map items, keyword member names, map, structure and number tokens and a
//!   paginator without items passes `cargo clippy -D warnings` and
//!   `cargo doc`.
//! - The published Image Builder model gets its 21 paginators (it is
//!   compiled by `tests/downstream`).

use serde_json::{Map, Value, json};
use smithy_codegen::{Config, Error};
use smithy_tests::{TempDir, cargo};

fn member(target: &str) -> Value {
    json!({ "target": target })
}

fn query(target: &str, name: &str) -> Value {
    json!({ "target": target, "traits": { "smithy.api#httpQuery": name } })
}

/// A service whose `paginated` trait gives defaults (`after`, `page.next`,
/// `limit`), with operations that use them in every way the generator
/// supports:
///
/// - `ListTrees` overrides the output token with a path through a boxed
///   recursive structure (`tree.left.label`) and takes its items from a
///   nested list (`tree.children`);
/// - `ListTreesPaginator` is an operation whose method takes the name the
///   paginator of `ListTrees` would have;
/// - `CountTrees` inherits everything but its items, a map;
/// - `ScanTrees` names its tokens after keywords and has no items;
/// - `SeekTrees` continues from a map (as DynamoDB's `Query` does from a
///   key; another map shape of the same type in the output), its items a
///   list;
/// - `WalkTrees` continues from a structure and has no items;
/// - `NumberTrees` continues from a number.
fn model() -> Value {
    let tokens_input = json!({
        "type": "structure",
        "members": {
            "after": query("smithy.api#String", "after"),
            "limit": query("smithy.api#Integer", "limit")
        },
        "traits": { "smithy.api#input": {} }
    });
    let operation = |input: &str, output: &str, uri: &str, paginated: Value| {
        let mut traits = json!({
            "smithy.api#http": { "method": "GET", "uri": uri },
            "smithy.api#readonly": {}
        });
        if !paginated.is_null() {
            traits["smithy.api#paginated"] = paginated;
        }
        json!({ "type": "operation", "input": member(input), "output": member(output), "traits": traits })
    };
    json!({
        "smithy": "2.0",
        "shapes": {
            "ex.test#Svc": {
                "type": "service",
                "version": "2024-01-01",
                "operations": [
                    member("ex.test#ListTrees"),
                    member("ex.test#ListTreesPaginator"),
                    member("ex.test#CountTrees"),
                    member("ex.test#ScanTrees"),
                    member("ex.test#SeekTrees"),
                    member("ex.test#WalkTrees"),
                    member("ex.test#NumberTrees")
                ],
                "traits": {
                    "aws.protocols#restJson1": {},
                    "smithy.api#paginated": { "inputToken": "after", "outputToken": "page.next", "pageSize": "limit" }
                }
            },
            "ex.test#ListTrees": operation(
                "ex.test#ListTreesInput", "ex.test#ListTreesOutput", "/trees",
                json!({ "outputToken": "tree.left.label", "items": "tree.children" })
            ),
            "ex.test#ListTreesPaginator": operation(
                "smithy.api#Unit", "smithy.api#Unit", "/other", Value::Null
            ),
            "ex.test#CountTrees": operation(
                "ex.test#CountTreesInput", "ex.test#CountTreesOutput", "/counts",
                json!({ "items": "counts" })
            ),
            "ex.test#ScanTrees": operation(
                "ex.test#ScanTreesInput", "ex.test#ScanTreesOutput", "/scan",
                json!({ "inputToken": "async", "outputToken": "type", "pageSize": "size" })
            ),
            "ex.test#SeekTrees": {
                "type": "operation",
                "input": member("ex.test#SeekTreesInput"),
                "output": member("ex.test#SeekTreesOutput"),
                "traits": {
                    "smithy.api#http": { "method": "POST", "uri": "/seek" },
                    "smithy.api#paginated": {
                        "inputToken": "startKey", "outputToken": "lastKey", "items": "trees",
                        "pageSize": "limit"
                    }
                }
            },
            "ex.test#WalkTrees": {
                "type": "operation",
                "input": member("ex.test#WalkTreesInput"),
                "output": member("ex.test#WalkTreesOutput"),
                "traits": {
                    "smithy.api#http": { "method": "POST", "uri": "/walk" },
                    "smithy.api#paginated": { "inputToken": "from", "outputToken": "next.cursor" }
                }
            },
            "ex.test#NumberTrees": {
                "type": "operation",
                "input": member("ex.test#NumberTreesInput"),
                "output": member("ex.test#NumberTreesOutput"),
                "traits": {
                    "smithy.api#http": { "method": "POST", "uri": "/number" },
                    "smithy.api#paginated": {
                        "inputToken": "from", "outputToken": "next", "items": "trees"
                    }
                }
            },
            "ex.test#NumberTreesInput": {
                "type": "structure",
                "members": {
                    "from": member("smithy.api#Long"),
                    "limit": member("smithy.api#Integer")
                },
                "traits": { "smithy.api#input": {} }
            },
            "ex.test#NumberTreesOutput": {
                "type": "structure",
                "members": {
                    "next": member("smithy.api#Long"),
                    "trees": member("ex.test#TreeList")
                },
                "traits": { "smithy.api#output": {} }
            },
            "ex.test#SeekTreesInput": {
                "type": "structure",
                "members": {
                    "startKey": member("ex.test#TreeMap"),
                    "limit": member("smithy.api#Integer")
                },
                "traits": { "smithy.api#input": {} }
            },
            "ex.test#SeekTreesOutput": {
                "type": "structure",
                "members": {
                    "lastKey": member("ex.test#OtherTreeMap"),
                    "trees": member("ex.test#TreeList")
                },
                "traits": { "smithy.api#output": {} }
            },
            "ex.test#WalkTreesInput": {
                "type": "structure",
                "members": {
                    "from": member("ex.test#Cursor"),
                    "limit": member("smithy.api#Integer")
                },
                "traits": { "smithy.api#input": {} }
            },
            "ex.test#WalkTreesOutput": {
                "type": "structure",
                "members": { "next": member("ex.test#Step") },
                "traits": { "smithy.api#output": {} }
            },
            "ex.test#Step": {
                "type": "structure",
                "members": { "cursor": member("ex.test#Cursor") }
            },
            "ex.test#Cursor": {
                "type": "structure",
                "members": {
                    "tree": member("smithy.api#String"),
                    "depth": member("smithy.api#Integer")
                }
            },
            "ex.test#ListTreesInput": tokens_input.clone(),
            "ex.test#CountTreesInput": tokens_input,
            "ex.test#ScanTreesInput": {
                "type": "structure",
                "members": {
                    "async": query("smithy.api#String", "async"),
                    "size": query("smithy.api#Long", "size")
                },
                "traits": { "smithy.api#input": {} }
            },
            "ex.test#ListTreesOutput": {
                "type": "structure",
                "members": { "tree": member("ex.test#Tree"), "page": member("ex.test#Page") },
                "traits": { "smithy.api#output": {} }
            },
            "ex.test#CountTreesOutput": {
                "type": "structure",
                "members": { "counts": member("ex.test#TreeMap"), "page": member("ex.test#Page") },
                "traits": { "smithy.api#output": {} }
            },
            "ex.test#ScanTreesOutput": {
                "type": "structure",
                "members": { "type": member("smithy.api#String") },
                "traits": { "smithy.api#output": {} }
            },
            "ex.test#Page": {
                "type": "structure",
                "members": { "next": member("smithy.api#String") }
            },
            "ex.test#Tree": {
                "type": "structure",
                "members": {
                    "left": member("ex.test#Tree"),
                    "children": member("ex.test#TreeList"),
                    "label": member("smithy.api#String")
                }
            },
            "ex.test#TreeList": { "type": "list", "member": member("ex.test#Tree") },
            "ex.test#OtherTreeMap": {
                "type": "map",
                "key": member("smithy.api#String"),
                "value": member("ex.test#Tree")
            },
            "ex.test#TreeMap": {
                "type": "map",
                "key": member("smithy.api#String"),
                "value": member("ex.test#Tree")
            }
        }
    })
}

fn shapes(model: &mut Value) -> &mut Map<String, Value> {
    model["shapes"]
        .as_object_mut()
        .expect("`shapes` is an object")
}

fn generate(dir: &TempDir, name: &str, model: &Value) -> smithy_codegen::Result<String> {
    let path = dir.path().join(format!("{name}.json"));
    let text = serde_json::to_string_pretty(model).expect("a JSON value serializes");
    std::fs::write(&path, text).expect("the temp folder is writable");
    Config::new().model(&path).generate()
}

/// The code without whitespace and trailing commas, so fragments match
/// however prettyplease breaks lines.
fn squeezed(code: &str) -> String {
    code.split_whitespace()
        .collect::<String>()
        .replace(",)", ")")
        .replace(",>", ">")
}

fn assert_contains(code: &str, fragments: &[&str]) {
    let squeezed_code = squeezed(code);
    for fragment in fragments {
        assert!(
            squeezed_code.contains(&squeezed(fragment)),
            "the generated code lacks {fragment:?}:\n{code}"
        );
    }
}

#[test]
fn paths_defaults_and_names_are_resolved() {
    let dir = TempDir::new("resolve");
    let code = generate(&dir, "trees", &model()).expect("the model generates");
    assert_contains(
        &code,
        &[
            // The operation keeps its method; the paginator gets `_`.
            "pub async fn list_trees_paginator(&self)",
            "pub fn list_trees_paginator_(&self, input: super::types::ListTreesInput)
                -> ::smithy_runtime::paginator::Paginator<'_, super::types::ListTreesInput,
                super::types::ListTreesOutput, super::error::ListTreesError, super::types::Tree>",
            "|input| &mut input.after",
            "|output| { output.tree.as_ref().and_then(|v| { v.left.as_deref().and_then(|v| v.label.as_deref()) }) }",
            ".with_items(|output| { output.tree.and_then(|v| v.children).unwrap_or_default() })",
            // Inherited from the service: the token path and the page size.
            "pub fn count_trees_paginator(&self, input: super::types::CountTreesInput)
                -> ::smithy_runtime::paginator::Paginator<'_, super::types::CountTreesInput,
                super::types::CountTreesOutput, super::error::CountTreesError,
                (::std::string::String, super::types::Tree)>",
            "|output| output.page.as_ref().and_then(|v| v.next.as_deref())",
            ".with_items(|output| { output.counts.unwrap_or_default().into_iter().collect() })",
            "The input's `limit` sets the page size.",
            // No items: a paginator of pages only.
            "-> ::smithy_runtime::paginator::Paginator<'_, super::types::ScanTreesInput,
                super::types::ScanTreesOutput, super::error::ScanTreesError> {",
            "|input| &mut input.r#async",
            "|output| output.r#type.as_deref()",
            "The input's `size` sets the page size.",
            // A map token: read as `&HashMap`, the type's last parameter.
            "pub fn seek_trees_paginator(&self, input: super::types::SeekTreesInput)
                -> ::smithy_runtime::paginator::Paginator<'_, super::types::SeekTreesInput,
                super::types::SeekTreesOutput, super::error::SeekTreesError, super::types::Tree,
                ::std::collections::HashMap<::std::string::String, super::types::Tree>>",
            "|input| &mut input.start_key",
            "|output| output.last_key.as_ref()",
            "whose token is absent, empty or the one just sent",
            // A structure token: no items (written, before the token's
            // type), never empty, and the type is a `PageToken`.
            "-> ::smithy_runtime::paginator::Paginator<'_, super::types::WalkTreesInput,
                super::types::WalkTreesOutput, super::error::WalkTreesError,
                ::smithy_runtime::paginator::NoItems, super::types::Cursor>",
            "|output| output.next.as_ref().and_then(|v| v.cursor.as_ref())",
            "whose token is absent or the one just sent",
            "impl ::smithy_runtime::paginator::PageToken for super::types::Cursor {}",
            // A number: `&i64`, never empty.
            "super::error::NumberTreesError, super::types::Tree, i64>",
            "|output| output.next.as_ref()",
        ],
    );
    assert_eq!(code.matches(".with_items(").count(), 4);
    assert_eq!(
        code.matches("impl ::smithy_runtime::paginator::PageToken")
            .count(),
        1
    );
    assert_eq!(
        paginator_methods(&code),
        [
            "count_trees_paginator",
            "list_trees_paginator_",
            "number_trees_paginator",
            "scan_trees_paginator",
            "seek_trees_paginator",
            "walk_trees_paginator"
        ]
    );
}

/// The names of the paginator methods in generated code.
fn paginator_methods(code: &str) -> Vec<&str> {
    code.lines()
        .filter_map(|line| line.trim().strip_prefix("pub fn "))
        .filter_map(|rest| rest.split('(').next())
        .filter(|name| name.contains("_paginator"))
        .collect()
}

/// What an edit of [`model`] must make the generator say.
struct Case {
    name: &'static str,
    edit: fn(&mut Map<String, Value>),
    expect: &'static [&'static str],
}

fn bad_cases() -> Vec<Case> {
    const TRAIT: &str = r#"shapes["ex.test#ListTrees"].traits["smithy.api#paginated"]"#;
    vec![
        Case {
            name: "unknown-input-token",
            edit: |s| {
                s["ex.test#ListTrees"]["traits"]["smithy.api#paginated"]["inputToken"] =
                    json!("before")
            },
            expect: &[
                TRAIT,
                "operation ListTrees",
                "`inputToken`",
                "ex.test#ListTreesInput has no member \"before\"",
            ],
        },
        Case {
            name: "unknown-output-path-segment",
            edit: |s| {
                s["ex.test#ListTrees"]["traits"]["smithy.api#paginated"]["outputToken"] =
                    json!("tree.right.label")
            },
            expect: &[
                TRAIT,
                "operation ListTrees",
                "\"tree.right.label\"",
                "ex.test#Tree has no member \"right\"",
            ],
        },
        Case {
            name: "path-through-a-string",
            edit: |s| {
                s["ex.test#ListTrees"]["traits"]["smithy.api#paginated"]["outputToken"] =
                    json!("tree.label.text")
            },
            expect: &["operation ListTrees", "member \"label\" is not a structure"],
        },
        Case {
            name: "tokens-of-different-shapes",
            edit: |s| {
                s["ex.test#ListTrees"]["traits"]["smithy.api#paginated"]["outputToken"] =
                    json!("tree")
            },
            expect: &[
                "operation ListTrees",
                "`inputToken` \"after\" targets smithy.api#String but `outputToken` \"tree\" \
                 targets ex.test#Tree",
                "must be the same shape",
            ],
        },
        Case {
            name: "map-token-and-string-token",
            edit: |s| {
                s["ex.test#SeekTrees"]["traits"]["smithy.api#paginated"]["outputToken"] =
                    json!("trees")
            },
            expect: &[
                r#"shapes["ex.test#SeekTrees"]"#,
                "`inputToken` \"startKey\" targets ex.test#TreeMap but `outputToken` \"trees\" \
                 targets ex.test#TreeList",
            ],
        },
        Case {
            name: "required-input-token",
            edit: |s| {
                s["ex.test#ListTreesInput"]["members"]["after"]["traits"]["smithy.api#required"] =
                    json!({})
            },
            expect: &[
                "operation ListTrees",
                "`inputToken` member after must not be required",
            ],
        },
        Case {
            name: "items-not-a-collection",
            edit: |s| {
                s["ex.test#ListTrees"]["traits"]["smithy.api#paginated"]["items"] =
                    json!("tree.label")
            },
            expect: &[
                "operation ListTrees",
                "`items` tree.label must target a list or a map",
            ],
        },
        Case {
            name: "page-size-not-an-integer",
            edit: |s| {
                s["ex.test#ListTrees"]["traits"]["smithy.api#paginated"]["pageSize"] =
                    json!("after")
            },
            expect: &[
                "operation ListTrees",
                "`pageSize` member after must target an integer",
            ],
        },
        Case {
            name: "no-output-token-anywhere",
            edit: |s| {
                s["ex.test#Svc"]["traits"]["smithy.api#paginated"] =
                    json!({ "inputToken": "after" });
            },
            expect: &[
                r#"shapes["ex.test#CountTrees"]"#,
                "operation CountTrees",
                "has no `outputToken`",
            ],
        },
        Case {
            name: "not-a-string-value",
            edit: |s| s["ex.test#ListTrees"]["traits"]["smithy.api#paginated"]["items"] = json!(3),
            // A malformed value is the loader's error: it names the
            // operation's shape and the trait.
            expect: &[
                r#"shapes["ex.test#ListTrees"].traits["smithy.api#paginated"]"#,
                "`items` must be a non-empty string, found 3",
            ],
        },
        Case {
            name: "no-input",
            edit: |s| {
                s["ex.test#ListTreesPaginator"]["traits"]["smithy.api#paginated"] = json!({});
            },
            expect: &["operation ListTreesPaginator", "must have an input"],
        },
    ]
}

#[test]
fn traits_that_cannot_be_followed_are_errors_naming_the_operation() {
    let dir = TempDir::new("bad");
    let mut failures = Vec::new();
    for case in bad_cases() {
        let mut model = model();
        (case.edit)(shapes(&mut model));
        let error = match generate(&dir, case.name, &model) {
            Ok(_) => {
                failures.push(format!("{}: generated code instead of failing", case.name));
                continue;
            }
            Err(error) => error,
        };
        if !matches!(error, Error::Invalid { .. }) {
            failures.push(format!("{}: not Error::Invalid: {error:?}", case.name));
        }
        let message = error.to_string();
        println!("{}: {message}", case.name);
        let missing: Vec<&str> = case
            .expect
            .iter()
            .copied()
            .filter(|fragment| !message.contains(fragment))
            .collect();
        if !missing.is_empty() {
            failures.push(format!(
                "{}: the message\n    {message}\n  lacks {missing:?}",
                case.name
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn the_published_image_builder_model_has_21_paginators() {
    let Some(path) = smithy_tests::shared_path("models/imagebuilder-2019-12-02.json") else {
        return;
    };
    let code = Config::new()
        .model(&path)
        .generate()
        .expect("the published model generates");
    let paginators = paginator_methods(&code);
    assert_eq!(paginators.len(), 21, "{paginators:?}");
    assert!(paginators.contains(&"list_images_paginator"));
    assert_contains(
        &code,
        &[
            "pub fn list_images_paginator(&self, input: super::types::ListImagesRequest)",
            ".with_items(|output| output.image_version_list.unwrap_or_default())",
        ],
    );
}

#[test]
fn a_crate_of_awkward_paginators_compiles_without_warnings() {
    let dir = TempDir::new("crate");
    let model_path = dir.write_json("trees.json", &model());
    let crate_dir = smithy_tests::standalone_crate(&model_path, "trees", dir.path());
    let target_dir = smithy_tests::generated_crates_target();
    cargo(
        &crate_dir,
        &target_dir,
        &[
            "clippy",
            "--offline",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    );
    cargo(&crate_dir, &target_dir, &["doc", "--offline", "--no-deps"]);
}
