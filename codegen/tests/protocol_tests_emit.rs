//! What `Config::protocol_tests` emits for a small model: a case per
//! client-side `httpRequestTests`/`httpResponseTests` entry of the
//! service's protocol (server-only cases and other protocols left out), an
//! error's case run through an operation that returns it, and a case whose
//! `params` do not fit the types still present, failing with the reason.

use smithy_codegen::Config;

const MODEL: &str = r#"{
  "smithy": "2.0",
  "shapes": {
    "example.t#Svc": {
      "type": "service", "version": "1",
      "operations": [{"target": "example.t#Put"}],
      "traits": {"aws.protocols#restJson1": {}}
    },
    "example.t#Put": {
      "type": "operation",
      "input": {"target": "example.t#PutInput"},
      "output": {"target": "example.t#PutOutput"},
      "errors": [{"target": "example.t#Oops"}],
      "traits": {
        "smithy.api#http": {"method": "POST", "uri": "/put"},
        "smithy.test#httpRequestTests": [
          {"id": "PutFits", "protocol": "aws.protocols#restJson1", "method": "POST",
           "uri": "/put", "params": {"count": 3, "name": "x"}},
          {"id": "PutDoesNotFit", "protocol": "aws.protocols#restJson1", "method": "POST",
           "uri": "/put", "params": {"count": "three"}},
          {"id": "PutServerOnly", "protocol": "aws.protocols#restJson1", "method": "POST",
           "uri": "/put", "params": {}, "appliesTo": "server"},
          {"id": "PutOtherProtocol", "protocol": "aws.protocols#awsJson1_1", "method": "POST",
           "uri": "/", "params": {}}
        ],
        "smithy.test#httpResponseTests": [
          {"id": "PutRead", "protocol": "aws.protocols#restJson1", "code": 200,
           "body": "{\"total\": 1.5}", "params": {"total": 1.5}}
        ]
      }
    },
    "example.t#PutInput": {
      "type": "structure",
      "members": {
        "count": {"target": "smithy.api#Integer", "traits": {"smithy.api#required": {}}},
        "name": {"target": "smithy.api#String"}
      }
    },
    "example.t#PutOutput": {
      "type": "structure",
      "members": {"total": {"target": "smithy.api#Double"}}
    },
    "example.t#Oops": {
      "type": "structure",
      "members": {"reason": {"target": "smithy.api#String"}},
      "traits": {
        "smithy.api#error": "client",
        "smithy.test#httpResponseTests": [
          {"id": "OopsRead", "protocol": "aws.protocols#restJson1", "code": 400,
           "headers": {"X-Amzn-Errortype": "Oops"}, "body": "{\"reason\": \"r\"}",
           "params": {"reason": "r"}}
        ]
      }
    }
  }
}"#;

fn generate(protocol_tests: bool) -> String {
    // One folder per call: the tests run in parallel and each removes its own.
    let dir = std::env::temp_dir().join(format!(
        "smithy-protocol-emit-{}-{protocol_tests}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("model.json");
    std::fs::write(&path, MODEL).unwrap();
    let code = Config::new()
        .model(&path)
        .protocol_tests(protocol_tests)
        .generate()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    code
}

#[test]
fn cases_of_the_services_protocol_for_clients() {
    let code = generate(true);
    // prettyplease breaks lines where it likes: compare without whitespace.
    let flat: String = code.split_whitespace().collect();
    for id in ["PutFits", "PutDoesNotFit", "PutRead", "OopsRead"] {
        assert!(code.contains(&format!("\"{id}\"")), "{id} missing");
    }
    for id in ["PutServerOnly", "PutOtherProtocol"] {
        assert!(!code.contains(id), "{id} should be left out");
    }
    // Input params are builder calls; the required member makes `build()`
    // fallible.
    assert!(flat.contains(".count(3i32)"), "{code}");
    assert!(
        flat.contains(".build().map_err(|e|e.to_string())?"),
        "{code}"
    );
    // The error case reads the response with the operation that returns it
    // and matches its variant.
    assert!(
        flat.contains("super::error::PutError::Oops(error)"),
        "{code}"
    );
    // A case whose params do not fit still exists, and fails saying why.
    assert!(
        flat.contains("thecase'sparamsdonotfitthegeneratedtypes"),
        "{code}"
    );
    assert!(flat.contains("isnotavalidi32"), "{code}");
}

#[test]
fn nothing_is_emitted_unless_asked() {
    let code = generate(false);
    assert!(!code.contains("protocol_tests"));
    assert!(!code.contains("PutFits"));
}
