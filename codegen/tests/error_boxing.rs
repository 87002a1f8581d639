//! An operation's error enum holds a large modeled error in a `Box` (its
//! estimated size above 200 bytes, the error's metadata included; see
//! `emit/size.rs`) and a small one as it is, so that no enum is lopsided
//! (clippy's `large_enum_variant`).

use serde_json::json;
use smithy_codegen::Config;

fn strings(names: &[&str]) -> serde_json::Value {
    let members: serde_json::Map<String, serde_json::Value> = names
        .iter()
        .map(|n| ((*n).to_owned(), json!({"target": "smithy.api#String"})))
        .collect();
    serde_json::Value::Object(members)
}

fn error(members: serde_json::Value) -> serde_json::Value {
    json!({
        "type": "structure",
        "members": members,
        "traits": {"smithy.api#error": "client"},
    })
}

fn generate() -> String {
    let mut nested = strings(&["a", "b", "c", "d", "e"]);
    nested["at"] = json!({"target": "smithy.api#Timestamp"});
    let model = json!({
        "smithy": "2.0",
        "shapes": {
            "ex.boxing#Svc": {
                "type": "service",
                "version": "2024-01-01",
                "operations": [{"target": "ex.boxing#Call"}],
                "traits": {
                    "aws.protocols#restJson1": {},
                    "aws.api#service": {"sdkId": "Boxing", "endpointPrefix": "boxing"},
                    "aws.auth#sigv4": {"name": "boxing"},
                },
            },
            "ex.boxing#Call": {
                "type": "operation",
                "input": {"target": "smithy.api#Unit"},
                "output": {"target": "smithy.api#Unit"},
                "errors": [
                    {"target": "ex.boxing#Small"},
                    {"target": "ex.boxing#AtLimit"},
                    {"target": "ex.boxing#JustOver"},
                    {"target": "ex.boxing#Nested"},
                    {"target": "ex.boxing#Listed"},
                ],
                "traits": {"smithy.api#http": {"method": "POST", "uri": "/call"}},
            },
            // 80 bytes of metadata and a string.
            "ex.boxing#Small": error(strings(&["message"])),
            // Five strings: 200 bytes, the most an inline variant may be.
            "ex.boxing#AtLimit": error(strings(&["a", "b", "c", "d", "e"])),
            // Six: 224.
            "ex.boxing#JustOver": error(strings(&["a", "b", "c", "d", "e", "f"])),
            // A structure held inline counts with its fields (5 strings and
            // a timestamp: 136 bytes).
            "ex.boxing#Nested": error(json!({
                "message": {"target": "smithy.api#String"},
                "detail": {"target": "ex.boxing#Detail"},
            })),
            // ... a list of them is a `Vec`, 24 bytes.
            "ex.boxing#Listed": error(json!({
                "message": {"target": "smithy.api#String"},
                "details": {"target": "ex.boxing#Details"},
            })),
            "ex.boxing#Detail": {"type": "structure", "members": nested},
            "ex.boxing#Details": {"type": "list", "member": {"target": "ex.boxing#Detail"}},
        },
    });
    let path = std::env::temp_dir().join(format!(
        "smithy-codegen-error-boxing-{}.json",
        std::process::id()
    ));
    std::fs::write(&path, model.to_string()).expect("temporary model");
    let code = Config::new()
        .model(&path)
        .generate()
        .expect("the model generates");
    let _ = std::fs::remove_file(&path);
    code.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn large_errors_are_boxed_and_small_ones_are_not() {
    let code = generate();
    let start = code
        .find("pubenumCallError{")
        .expect("the operation's error enum");
    let enum_text = &code[start..start + code[start..].find('}').expect("its end")];
    for inline in ["Small", "AtLimit", "Listed"] {
        assert!(
            enum_text.contains(&format!("{inline}({inline}),")),
            "{inline} is held as it is: {enum_text}"
        );
    }
    for boxed in ["JustOver", "Nested"] {
        assert!(
            enum_text.contains(&format!("{boxed}(::std::boxed::Box<{boxed}>),")),
            "{boxed} is boxed: {enum_text}"
        );
    }
    assert!(enum_text.contains("Unhandled(::smithy_runtime::Unhandled)"));
}
