//! `@requestCompression` and `@httpChecksumRequired`: read from the model
//! into the IR (gzip only when the operation lists it, in any case), and
//! applied by the client method after serialization, compression before the
//! checksum so that `Content-MD5` is that of the bytes sent. Operations
//! without the traits do not mention either.

use std::path::PathBuf;

use serde_json::json;
use smithy_codegen::Config;

/// The model, written to a file of its own for each test (`label`): the
/// tests run in parallel.
fn model(label: &str) -> PathBuf {
    let op = |name: &str, traits: serde_json::Value| {
        let mut traits = traits;
        traits["smithy.api#http"] = json!({"method": "POST", "uri": format!("/{name}")});
        json!({
            "type": "operation",
            "input": {"target": "ex.body#Input"},
            "output": {"target": "smithy.api#Unit"},
            "traits": traits,
        })
    };
    let model = json!({
        "smithy": "2.0",
        "shapes": {
            "ex.body#Svc": {
                "type": "service",
                "version": "2024-01-01",
                "operations": [
                    {"target": "ex.body#Both"},
                    {"target": "ex.body#ZstdOnly"},
                    {"target": "ex.body#Plain"},
                ],
                "traits": {
                    "aws.protocols#restJson1": {},
                    "aws.api#service": {"sdkId": "Body", "endpointPrefix": "body"},
                    "aws.auth#sigv4": {"name": "body"},
                },
            },
            "ex.body#Both": op("both", json!({
                "smithy.api#requestCompression": {"encodings": ["zstd", "GZIP"]},
                "smithy.api#httpChecksumRequired": {},
            })),
            "ex.body#ZstdOnly": op("zstd", json!({
                "smithy.api#requestCompression": {"encodings": ["zstd"]},
            })),
            "ex.body#Plain": op("plain", json!({})),
            "ex.body#Input": {
                "type": "structure",
                "members": {"data": {"target": "smithy.api#String"}},
            },
        },
    });
    let path = std::env::temp_dir().join(format!(
        "smithy-codegen-body-{label}-{}.json",
        std::process::id()
    ));
    std::fs::write(&path, model.to_string()).expect("temporary model");
    path
}

/// The text of the client method `name`, up to the next method, without
/// whitespace (the formatter breaks lines where it likes).
fn method(code: &str, name: &str) -> String {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    let start = code
        .find(&format!("pubasyncfn{name}("))
        .unwrap_or_else(|| panic!("no method {name}"));
    let rest = &code[start..];
    let end = rest[1..].find("pubasyncfn").map_or(rest.len(), |i| i + 1);
    rest[..end].to_owned()
}

#[test]
fn the_traits_reach_the_ir() {
    let path = model("ir");
    let service = Config::new()
        .model(&path)
        .resolve()
        .expect("the model resolves");
    let flags = |name: &str| {
        let op = service
            .operations
            .values()
            .find(|op| op.name == name)
            .unwrap_or_else(|| panic!("no operation {name}"));
        (op.compress_request, op.checksum_required)
    };
    assert_eq!(flags("Both"), (true, true));
    assert_eq!(flags("ZstdOnly"), (false, false), "zstd is not applied");
    assert_eq!(flags("Plain"), (false, false));
}

#[test]
fn the_client_compresses_then_checksums() {
    let path = model("client");
    let code = Config::new()
        .model(&path)
        .generate()
        .expect("the model generates");
    let both = method(&code, "both");
    let compress = both
        .find("compression::compress_request(&self.config,&mutrequest")
        .unwrap_or_else(|| panic!("Both compresses: {both}"));
    let md5 = both
        .find("checksum::content_md5(&mutrequest)")
        .expect("Both sends Content-MD5");
    assert!(compress < md5, "compression comes first:\n{both}");
    for name in ["zstd_only", "plain"] {
        let text = method(&code, name);
        assert!(!text.contains("compress_request"), "{text}");
        assert!(!text.contains("content_md5"), "{text}");
    }
}

#[test]
fn the_diff_reports_the_traits_as_wire_changes() {
    let old = model("diff-old");
    let new = std::env::temp_dir().join(format!(
        "smithy-codegen-body-diff-new-{}.json",
        std::process::id()
    ));
    let text = std::fs::read_to_string(&old)
        .unwrap()
        .replace(r#""smithy.api#httpChecksumRequired":{},"#, "")
        .replace(r#""encodings":["zstd"]"#, r#""encodings":["gzip"]"#);
    assert!(!text.contains("httpChecksumRequired"));
    std::fs::write(&new, text).unwrap();
    let report = smithy_codegen::diff::diff(&old, &new, &Default::default()).unwrap();
    let mut changes: Vec<_> = report
        .changes
        .iter()
        .map(|c| (c.subject.as_str(), c.detail.as_str(), c.wire, c.severity))
        .collect();
    changes.sort();
    use smithy_codegen::diff::Severity::Compatible;
    assert_eq!(
        changes,
        [
            ("Both", "@httpChecksumRequired removed", true, Compatible),
            (
                "ZstdOnly",
                r#"@requestCompression {"encodings":["zstd"]} -> {"encodings":["gzip"]}"#,
                true,
                Compatible
            ),
        ],
        "{report:#?}"
    );
}

#[test]
fn a_malformed_trait_names_the_shape() {
    let path = std::env::temp_dir().join(format!(
        "smithy-codegen-body-bad-{}.json",
        std::process::id()
    ));
    let text = std::fs::read_to_string(model("bad"))
        .unwrap()
        .replace(r#"{"encodings":["zstd"]}"#, r#"{"encodings":"zstd"}"#);
    assert!(text.contains(r#""encodings":"zstd""#));
    std::fs::write(&path, text).unwrap();
    let error = Config::new()
        .model(&path)
        .resolve()
        .unwrap_err()
        .to_string();
    assert!(error.contains("ex.body#ZstdOnly"), "{error}");
    assert!(error.contains("smithy.api#requestCompression"), "{error}");
}
