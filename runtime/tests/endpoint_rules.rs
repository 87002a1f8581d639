//! Endpoint rules engine: the `smithy.rules#endpointTests` of the service
//! models in `../shared/models` and `../shared/models-other` (read in place), the library functions, the
//! partition data and the classic endpoint scheme.

use smithy_runtime::endpoint::functions::{
    is_valid_host_label, is_virtual_hostable_s3_bucket, parse_arn, parse_url, split, substring,
    uri_encode,
};
use smithy_runtime::endpoint::{
    EndpointErrorKind, Params, Partitions, RuleSet, Value, classic_endpoint,
};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// `$SMITHY_SHARED_DIR`, else `<CARGO_MANIFEST_DIR>/../../shared`; `None`
/// (after saying so) when it is absent.
fn shared_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("SMITHY_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared"));
    if dir.join("models").is_dir() {
        Some(dir)
    } else {
        println!(
            "shared models not found at {} (set SMITHY_SHARED_DIR): skipping endpoint model tests",
            dir.display()
        );
        None
    }
}

/// The outcome of one model's `endpointTests`.
struct ModelReport {
    model: String,
    cases: usize,
    failures: Vec<String>,
}

/// Runs every case of the `smithy.rules#endpointTests` trait of the service
/// in the model at `path` against its `smithy.rules#endpointRuleSet`.
/// `Err` when the model cannot be read or its rule set cannot be parsed.
fn run_model_endpoint_tests(path: &Path) -> Result<ModelReport, String> {
    let model = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let text = std::fs::read_to_string(path).map_err(|e| format!("{model}: {e}"))?;
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{model}: {e}"))?;
    let service = json["shapes"]
        .as_object()
        .and_then(|shapes| shapes.values().find(|s| s["type"] == "service"))
        .ok_or_else(|| format!("{model}: no service shape"))?;
    let traits = &service["traits"];
    let rule_set = RuleSet::from_json(&traits["smithy.rules#endpointRuleSet"])
        .map_err(|e| format!("{model}: rule set does not parse: {e}"))?;
    let empty = Vec::new();
    let cases = traits["smithy.rules#endpointTests"]["testCases"]
        .as_array()
        .unwrap_or(&empty);
    let mut failures = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let doc = case["documentation"].as_str().unwrap_or("(undocumented)");
        if let Err(why) = run_case(&rule_set, case) {
            failures.push(format!("{model} case {i} \"{doc}\": {why}"));
        }
    }
    Ok(ModelReport {
        model,
        cases: cases.len(),
        failures,
    })
}

/// One test case: resolve `params`, compare with `expect`.
fn run_case(rule_set: &RuleSet, case: &serde_json::Value) -> Result<(), String> {
    let params = match case.get("params") {
        Some(p) => Params::from_json(p).map_err(|e| e.to_string())?,
        None => Params::new(),
    };
    let result = rule_set.resolve(&params);
    let expect = &case["expect"];
    if let Some(expected) = expect.get("error") {
        return match result {
            Err(e) if Some(e.message()) == expected.as_str() => Ok(()),
            Err(e) => Err(format!("expected error {expected}, got error \"{e}\"")),
            Ok(endpoint) => Err(format!(
                "expected error {expected}, got endpoint {}",
                endpoint.to_json()
            )),
        };
    }
    let expected = expect
        .get("endpoint")
        .ok_or_else(|| format!("expectation has neither endpoint nor error: {expect}"))?;
    let endpoint = result.map_err(|e| format!("expected {expected}, got error \"{e}\""))?;
    let got = endpoint.to_json();
    let empty = serde_json::json!({});
    let same = got["url"] == expected["url"]
        && got["headers"] == *expected.get("headers").unwrap_or(&empty)
        && got["properties"] == *expected.get("properties").unwrap_or(&empty);
    if same {
        Ok(())
    } else {
        Err(format!("expected {expected}, got {got}"))
    }
}

#[test]
fn imagebuilder_endpoint_tests() {
    let Some(shared) = shared_dir() else { return };
    let report = run_model_endpoint_tests(&shared.join("models/imagebuilder-2019-12-02.json"))
        .unwrap_or_else(|e| panic!("{e}"));
    for failure in &report.failures {
        println!("FAIL {failure}");
    }
    assert!(report.cases > 0, "imagebuilder has no endpoint tests");
    assert!(
        report.failures.is_empty(),
        "{} of {} imagebuilder endpoint tests failed",
        report.failures.len(),
        report.cases
    );
    println!(
        "{} of {} endpoint tests passed ({})",
        report.cases, report.cases, report.model
    );
}

/// Runs the `endpointTests` of every model in `shared/<folder>`, printing
/// each failure and the counts; fails when any case fails or a model cannot
/// be read.
fn run_folder(shared: &Path, folder: &str) {
    let started = Instant::now();
    let dir = shared.join(folder);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    let (mut cases, mut failures, mut clean_models) = (0, Vec::new(), 0);
    for path in &paths {
        match run_model_endpoint_tests(path) {
            Ok(report) => {
                cases += report.cases;
                if report.failures.is_empty() {
                    clean_models += 1;
                } else {
                    println!(
                        "{}: {} of {} cases failed",
                        report.model,
                        report.failures.len(),
                        report.cases
                    );
                }
                failures.extend(report.failures);
            }
            Err(e) => failures.push(e),
        }
    }
    for failure in &failures {
        println!("FAIL {failure}");
    }
    println!(
        "{folder}: {clean_models} of {} models clean; {} of {cases} endpoint tests passed in {:.2?}",
        paths.len(),
        cases - failures.len().min(cases),
        started.elapsed()
    );
    assert!(cases > 0, "no endpoint tests found in {}", dir.display());
    assert!(
        failures.is_empty(),
        "{folder}: {} endpoint tests failed",
        failures.len()
    );
}

#[test]
fn all_models_endpoint_tests() {
    let Some(shared) = shared_dir() else { return };
    run_folder(&shared, "models");
}

/// The models of the other protocols (awsJson, awsQuery, restXml): rule
/// sets do not depend on the protocol, so all of them run.
#[test]
fn other_protocol_models_endpoint_tests() {
    let Some(shared) = shared_dir() else { return };
    if !shared.join("models-other").is_dir() {
        println!("no models-other folder in {}: skipping", shared.display());
        return;
    }
    run_folder(&shared, "models-other");
}

// ---- library functions -------------------------------------------------

#[test]
fn substring_edge_cases() {
    assert_eq!(substring("abcdefg", 0, 4, false), Some("abcd"));
    assert_eq!(substring("abcdefg", 0, 4, true), Some("defg"));
    assert_eq!(substring("abcdefg", 1, 3, true), Some("ef"));
    assert_eq!(substring("abcdefg", 0, 7, false), Some("abcdefg"));
    // stop past the end, empty range, reversed range, negative index
    assert_eq!(substring("abcdefg", 0, 8, false), None);
    assert_eq!(substring("abcdefg", 3, 3, false), None);
    assert_eq!(substring("abcdefg", 4, 2, false), None);
    assert_eq!(substring("abcdefg", -1, 2, false), None);
    assert_eq!(substring("", 0, 1, false), None);
    // any non-ASCII character makes the result none, even outside the range
    assert_eq!(substring("abc\u{1F600}", 0, 2, false), None);
    assert_eq!(substring("\u{e9}abcdef", 1, 3, false), None);
}

#[test]
fn uri_encode_cases() {
    assert_eq!(uri_encode("abc-DEF_123.~"), "abc-DEF_123.~");
    assert_eq!(uri_encode("a b/c"), "a%20b%2Fc");
    assert_eq!(uri_encode("*+=&?#%"), "%2A%2B%3D%26%3F%23%25");
    assert_eq!(uri_encode("\u{e9}"), "%C3%A9");
    assert_eq!(uri_encode(""), "");
}

#[test]
fn parse_url_cases() {
    let u = parse_url("https://example.com").unwrap();
    assert_eq!(
        (
            u.scheme.as_str(),
            u.authority.as_str(),
            u.path.as_str(),
            u.normalized_path.as_str(),
            u.is_ip
        ),
        ("https", "example.com", "", "/", false)
    );
    let u = parse_url("http://localhost:8000/path/to").unwrap();
    assert_eq!(u.authority, "localhost:8000");
    assert_eq!(u.path, "/path/to");
    assert_eq!(u.normalized_path, "/path/to/");
    let u = parse_url("https://example.com/").unwrap();
    assert_eq!((u.path.as_str(), u.normalized_path.as_str()), ("/", "/"));
    let u = parse_url("HTTPS://127.0.0.1:443/a/").unwrap();
    assert_eq!(u.scheme, "https");
    assert!(u.is_ip);
    assert_eq!(u.normalized_path, "/a/");
    assert!(parse_url("https://[fe80::1]:8443/x").unwrap().is_ip);
    assert!(!parse_url("https://256.0.0.1").unwrap().is_ip);
    assert!(!parse_url("https://1.2.3").unwrap().is_ip);
    let u = parse_url("https://example.com/a#frag").unwrap();
    assert_eq!(u.path, "/a");
    // query strings (even empty), other schemes, no host, bad port
    assert_eq!(parse_url("https://example.com/a?x=1"), None);
    assert_eq!(parse_url("https://example.com?"), None);
    assert_eq!(parse_url("wss://example.com"), None);
    assert_eq!(parse_url("example.com"), None);
    assert_eq!(parse_url("https:///path"), None);
    assert_eq!(parse_url("https://example.com:abc"), None);
    assert_eq!(parse_url("https://exa mple.com"), None);
    let record = parse_url("https://example.com").unwrap().to_value();
    assert_eq!(record.field("isIp"), Some(&Value::Bool(false)));
    assert_eq!(
        record.field("scheme").and_then(Value::as_str),
        Some("https")
    );
}

#[test]
fn is_valid_host_label_cases() {
    assert!(is_valid_host_label("us-east-1", false));
    assert!(is_valid_host_label("a", false));
    assert!(is_valid_host_label("0abc", false));
    assert!(is_valid_host_label(&"a".repeat(63), false));
    assert!(!is_valid_host_label(&"a".repeat(64), false));
    assert!(!is_valid_host_label("", false));
    assert!(!is_valid_host_label("-abc", false));
    assert!(!is_valid_host_label("a_b", false));
    assert!(!is_valid_host_label("a.b", false));
    assert!(is_valid_host_label("a.b.c", true));
    assert!(!is_valid_host_label("a..b", true));
    assert!(!is_valid_host_label("a.b.", true));
    assert!(!is_valid_host_label(".a", true));
    assert!(!is_valid_host_label("a.-b", true));
}

#[test]
fn parse_arn_cases() {
    let arn = parse_arn("arn:aws:s3:us-east-2:012345678:outpost:op-1234").unwrap();
    assert_eq!(arn.partition, "aws");
    assert_eq!(arn.service, "s3");
    assert_eq!(arn.region, "us-east-2");
    assert_eq!(arn.account_id, "012345678");
    assert_eq!(arn.resource_id, ["outpost", "op-1234"]);
    let arn = parse_arn("arn:aws:s3:::bucket/key/more:x").unwrap();
    assert_eq!((arn.region.as_str(), arn.account_id.as_str()), ("", ""));
    assert_eq!(arn.resource_id, ["bucket", "key", "more", "x"]);
    assert_eq!(parse_arn("arn:aws:s3:us-east-2:012345678:"), None);
    assert_eq!(parse_arn("arn::s3:us-east-2:1:r"), None);
    assert_eq!(parse_arn("arn:aws::us-east-2:1:r"), None);
    assert_eq!(parse_arn("urn:aws:s3:us-east-2:1:r"), None);
    assert_eq!(parse_arn("arn:aws:s3:us-east-2"), None);
    let record = parse_arn("arn:aws:kinesisvideo:us-west-2:123:stream/s/1")
        .unwrap()
        .to_value();
    assert_eq!(
        record.field("resourceId"),
        Some(&Value::Array(vec!["stream".into(), "s".into(), "1".into()]))
    );
    assert_eq!(
        record.field("accountId").and_then(Value::as_str),
        Some("123")
    );
}

#[test]
fn is_virtual_hostable_s3_bucket_cases() {
    let cases = [
        ("ab", false, false),
        ("abc", false, true),
        (&"a".repeat(63) as &str, false, true),
        (&"a".repeat(64), false, false),
        ("-abc", false, false),
        (".abc", true, false),
        ("abc-", false, false),
        ("abc.", true, false),
        ("a-b-c", false, true),
        ("a--b--x-s3", false, true),
        ("a.b-c", false, false),
        ("a.b-c", true, true),
        ("a..b", true, false),
        ("a-.b", true, false),
        ("a.-b", true, false),
        ("192.168.1.1", true, false),
        ("999.999.999.999", true, false),
        ("192.168.1.word", true, true),
        ("a0.b1.c2", true, true),
        ("abc_def", true, false),
        ("abcDef", true, false),
        ("abc#def", true, false),
    ];
    for (bucket, dots, expected) in cases {
        assert_eq!(
            is_virtual_hostable_s3_bucket(bucket, dots),
            expected,
            "{bucket} (allow dots: {dots})"
        );
    }
}

#[test]
fn split_cases() {
    assert_eq!(split("a--b--c", "--", 0), ["a", "b", "c"]);
    assert_eq!(split("a--b--c", "--", 2), ["a", "b--c"]);
    assert_eq!(split("abc", "--", 0), ["abc"]);
    assert_eq!(split("", "--", 0), [""]);
}

// ---- partitions ----------------------------------------------------------

#[test]
fn partition_lookup() {
    let p = Partitions::builtin().unwrap();
    // listed regions
    let aws = p.resolve("us-east-1").unwrap();
    assert_eq!(aws.name(), "aws");
    assert_eq!(aws.dns_suffix(), "amazonaws.com");
    assert_eq!(aws.dual_stack_dns_suffix(), "api.aws");
    assert!(aws.supports_fips() && aws.supports_dual_stack());
    assert_eq!(aws.implicit_global_region(), "us-east-1");
    assert_eq!(p.resolve("aws-global").unwrap().name(), "aws");
    let cn = p.resolve("cn-north-1").unwrap();
    assert_eq!((cn.name(), cn.dns_suffix()), ("aws-cn", "amazonaws.com.cn"));
    assert_eq!(p.resolve("us-gov-west-1").unwrap().name(), "aws-us-gov");
    let iso = p.resolve("us-iso-east-1").unwrap();
    assert_eq!((iso.name(), iso.dns_suffix()), ("aws-iso", "c2s.ic.gov"));
    assert!(!iso.supports_dual_stack());
    assert_eq!(p.resolve("us-isob-east-1").unwrap().name(), "aws-iso-b");
    // unlisted regions fall back to the regionRegex
    assert_eq!(p.resolve("us-west-9").unwrap().name(), "aws");
    assert_eq!(p.resolve("cn-south-7").unwrap().name(), "aws-cn");
    assert_eq!(p.resolve("us-gov-south-3").unwrap().name(), "aws-us-gov");
    assert_eq!(p.resolve("us-isob-west-4").unwrap().name(), "aws-iso-b");
    assert_eq!(p.resolve("eu-isoe-north-2").unwrap().name(), "aws-iso-e");
    // and anything else to aws
    assert_eq!(p.resolve("mars-east-1").unwrap().name(), "aws");
    assert_eq!(p.resolve("").unwrap().name(), "aws");
    assert_eq!(p.resolve("?!").unwrap().dns_suffix(), "amazonaws.com");
    let record = p.resolve("cn-north-1").unwrap().to_value();
    assert_eq!(record.field("supportsFIPS"), Some(&Value::Bool(true)));
}

#[test]
fn custom_partition_data() {
    let p = Partitions::from_json_str(
        r#"{"partitions": [
            {"id": "aws", "outputs": {"name": "aws", "dnsSuffix": "example.com",
              "dualStackDnsSuffix": "ds.example.com", "supportsFIPS": false,
              "supportsDualStack": true, "implicitGlobalRegion": "r-1"},
             "regionRegex": "^r\\-\\d+$",
             "regions": {"special": {"description": "x", "dnsSuffix": "special.example"}}}
        ], "version": "1.1"}"#,
    )
    .unwrap();
    assert_eq!(
        p.resolve("special").unwrap().dns_suffix(),
        "special.example"
    );
    assert_eq!(p.resolve("r-5").unwrap().dns_suffix(), "example.com");
    assert!(Partitions::from_json_str("{}").is_err());
    assert!(Partitions::from_json_str("not json").is_err());
    let bad_regex = r#"{"partitions": [{"id": "aws", "outputs": {}, "regionRegex": "("}]}"#;
    assert!(Partitions::from_json_str(bad_regex).is_err());
}

// ---- classic endpoints ---------------------------------------------------

#[test]
fn classic_endpoints() {
    let url = |prefix: &str, region: &str, fips: bool, ds: bool| {
        classic_endpoint(prefix, region, fips, ds).map(|e| e.url)
    };
    assert_eq!(
        url("imagebuilder", "us-east-1", false, false).unwrap(),
        "https://imagebuilder.us-east-1.amazonaws.com"
    );
    assert_eq!(
        url("imagebuilder", "cn-north-1", false, false).unwrap(),
        "https://imagebuilder.cn-north-1.amazonaws.com.cn"
    );
    assert_eq!(
        url("imagebuilder", "us-east-1", true, false).unwrap(),
        "https://imagebuilder-fips.us-east-1.amazonaws.com"
    );
    assert_eq!(
        url("imagebuilder", "us-east-1", false, true).unwrap(),
        "https://imagebuilder.us-east-1.api.aws"
    );
    assert_eq!(
        url("imagebuilder", "us-east-1", true, true).unwrap(),
        "https://imagebuilder-fips.us-east-1.api.aws"
    );
    assert_eq!(
        url("imagebuilder", "cn-north-1", false, true).unwrap(),
        "https://imagebuilder.cn-north-1.api.amazonwebservices.com.cn"
    );
    assert_eq!(
        url("api.ecr", "us-gov-west-1", false, false).unwrap(),
        "https://api.ecr.us-gov-west-1.amazonaws.com"
    );
    assert_eq!(
        url("imagebuilder", "us-west-42", false, false).unwrap(),
        "https://imagebuilder.us-west-42.amazonaws.com"
    );
    let err = classic_endpoint("imagebuilder", "us-iso-east-1", false, true).unwrap_err();
    assert_eq!(err.kind(), EndpointErrorKind::Rule);
    assert_eq!(
        err.message(),
        "DualStack is enabled but this partition does not support DualStack"
    );
    assert!(classic_endpoint("imagebuilder", "us-iso-east-1", true, true).is_err());
    assert_eq!(
        url("imagebuilder", "us-iso-east-1", true, false).unwrap(),
        "https://imagebuilder-fips.us-iso-east-1.c2s.ic.gov"
    );
    let err = classic_endpoint("imagebuilder", "evil.com/x", false, false).unwrap_err();
    assert_eq!(err.kind(), EndpointErrorKind::InvalidParams);
    assert!(classic_endpoint("", "us-east-1", false, false).is_err());
}

// ---- the engine on small rule sets ---------------------------------------

fn rules(json: serde_json::Value) -> RuleSet {
    RuleSet::from_json(&json).unwrap()
}

#[test]
fn defaults_required_and_types() {
    let rs = rules(serde_json::json!({
        "version": "1.0",
        "parameters": {
            "Region": {"type": "String", "required": true},
            "Flag": {"type": "Boolean", "required": true, "default": true},
            "Names": {"type": "StringArray", "required": false, "default": ["x", "y"]}
        },
        "rules": [{
            "conditions": [
                {"fn": "booleanEquals", "argv": [{"ref": "Flag"}, true]},
                {"fn": "getAttr", "argv": [{"ref": "Names"}, "[1]"], "assign": "second"}
            ],
            "endpoint": {"url": "https://{Region}.{second}.example",
                         "headers": {"x-a": ["{Region}", "lit"]},
                         "properties": {"authSchemes": [{"name": "sigv4", "signingRegion": "{Region}",
                                                         "disableDoubleEncoding": true}],
                                        "n": 3}},
            "type": "endpoint"
        }, {"conditions": [], "error": "flag was {Region}", "type": "error"}]
    }));
    let mut p = Params::new();
    p.set_str("Region", "r1");
    let e = rs.resolve(&p).unwrap();
    assert_eq!(e.url, "https://r1.y.example");
    assert_eq!(e.headers["x-a"], ["r1", "lit"]);
    assert_eq!(
        serde_json::Value::Object(e.properties),
        serde_json::json!({"authSchemes": [{"name": "sigv4", "signingRegion": "r1",
                                            "disableDoubleEncoding": true}], "n": 3})
    );
    p.set_bool("Flag", false);
    let err = rs.resolve(&p).unwrap_err();
    assert_eq!(
        (err.kind(), err.message()),
        (EndpointErrorKind::Rule, "flag was r1")
    );
    p.set_bool("Flag", true).set_string_array("Names", ["only"]);
    // index out of range: getAttr gives none, so the condition fails
    assert_eq!(rs.resolve(&p).unwrap_err().message(), "flag was r1");
    let err = rs.resolve(&Params::new()).unwrap_err();
    assert_eq!(err.kind(), EndpointErrorKind::InvalidParams);
    p.set_bool("Region", true);
    assert_eq!(
        rs.resolve(&p).unwrap_err().kind(),
        EndpointErrorKind::InvalidParams
    );
}

#[test]
fn tree_rules_must_match_and_assign_is_scoped() {
    let rs = rules(serde_json::json!({
        "version": "1.0",
        "parameters": {"Endpoint": {"type": "String"}, "Bucket": {"type": "String"}},
        "rules": [
            {"conditions": [{"fn": "isSet", "argv": [{"ref": "Endpoint"}]},
                            {"fn": "parseURL", "argv": [{"ref": "Endpoint"}], "assign": "url"}],
             "type": "tree",
             "rules": [
                {"conditions": [{"fn": "booleanEquals", "argv": [{"fn": "getAttr", "argv": [{"ref": "url"}, "isIp"]}, true]}],
                 "endpoint": {"url": "{url#scheme}://{url#authority}{url#normalizedPath}ip"}, "type": "endpoint"},
                {"conditions": [{"fn": "isSet", "argv": [{"ref": "Bucket"}]},
                                {"fn": "aws.isVirtualHostableS3Bucket", "argv": [{"ref": "Bucket"}, false]}],
                 "endpoint": {"url": "{url#scheme}://{Bucket}.{url#authority}{url#path}"}, "type": "endpoint"}
             ]},
            {"conditions": [{"fn": "isSet", "argv": [{"ref": "Bucket"}]},
                            {"fn": "substring", "argv": [{"ref": "Bucket"}, 0, 3, false], "assign": "pre"},
                            {"fn": "not", "argv": [{"fn": "stringEquals", "argv": [{"ref": "pre"}, "xn-"]}]}],
             "endpoint": {"url": "https://{{literal}}/{pre}/{Bucket}"}, "type": "endpoint"},
            {"conditions": [], "error": "no {{bucket}}", "type": "error"}
        ]
    }));
    let resolve = |endpoint: Option<&str>, bucket: Option<&str>| {
        let mut p = Params::new();
        if let Some(e) = endpoint {
            p.set_str("Endpoint", e);
        }
        if let Some(b) = bucket {
            p.set_str("Bucket", b);
        }
        rs.resolve(&p)
    };
    assert_eq!(
        resolve(Some("http://10.0.0.1:80/p"), None).unwrap().url,
        "http://10.0.0.1:80/p/ip"
    );
    assert_eq!(
        resolve(Some("https://example.com/base"), Some("my-bucket"))
            .unwrap()
            .url,
        "https://my-bucket.example.com/base"
    );
    // the tree's conditions held but none of its rules matched: an error,
    // not a fall-through to the next rule
    let err = resolve(Some("https://example.com"), Some("Not_Valid")).unwrap_err();
    assert_eq!(err.kind(), EndpointErrorKind::Evaluation);
    // a query string makes parseURL none: the tree is skipped
    assert_eq!(
        resolve(Some("https://example.com?q"), Some("abcdef"))
            .unwrap()
            .url,
        "https://{literal}/abc/abcdef"
    );
    assert_eq!(
        resolve(None, Some("xn-abc")).unwrap_err().message(),
        "no {bucket}"
    );
    assert_eq!(resolve(None, None).unwrap_err().message(), "no {bucket}");
}

#[test]
fn malformed_rule_sets_are_errors() {
    let bad = [
        serde_json::json!(null),
        serde_json::json!({"parameters": {}, "rules": {}}),
        serde_json::json!({"parameters": {"A": {"type": "Integer"}}, "rules": []}),
        serde_json::json!({"parameters": {"A": {"type": "String", "default": true}}, "rules": []}),
        serde_json::json!({"rules": [{"conditions": [], "type": "other"}]}),
        serde_json::json!({"rules": [{"conditions": [], "type": "endpoint"}]}),
        serde_json::json!({"rules": [{"conditions": [{"fn": "nope", "argv": []}], "error": "x", "type": "error"}]}),
        serde_json::json!({"rules": [{"conditions": [{"fn": "isSet", "argv": []}], "error": "x", "type": "error"}]}),
        serde_json::json!({"rules": [{"conditions": [{"ref": "A"}], "error": "x", "type": "error"}]}),
        serde_json::json!({"rules": [{"conditions": [], "error": "unclosed {A", "type": "error"}]}),
        serde_json::json!({"rules": [{"conditions": [], "error": "lone } brace", "type": "error"}]}),
        serde_json::json!({"rules": [{"conditions": [{"fn": "getAttr", "argv": [{"ref": "A"}, "a[x]"]}],
                                      "error": "x", "type": "error"}]}),
        serde_json::json!({"rules": [{"conditions": [], "endpoint": {"url": 1.5}, "type": "endpoint"}]}),
    ];
    for json in bad {
        let err = RuleSet::from_json(&json).unwrap_err();
        assert_eq!(err.kind(), EndpointErrorKind::InvalidRuleSet, "{json}");
    }
    // deep nesting is refused, not a stack overflow
    let mut deep = serde_json::json!({"ref": "A"});
    for _ in 0..120 {
        deep = serde_json::json!({"fn": "not", "argv": [deep]});
    }
    let json =
        serde_json::json!({"rules": [{"conditions": [deep], "error": "x", "type": "error"}]});
    assert!(RuleSet::from_json(&json).is_err());
    assert!(RuleSet::from_json_str("{").is_err());
}

#[test]
fn evaluation_type_errors_do_not_panic() {
    let rs = rules(serde_json::json!({
        "parameters": {"A": {"type": "String"}},
        "rules": [{"conditions": [{"fn": "stringEquals", "argv": [{"ref": "A"}, "x"]}],
                   "endpoint": {"url": "{Missing}"}, "type": "endpoint"}]
    }));
    // A unset: stringEquals on none is a type error
    assert_eq!(
        rs.resolve(&Params::new()).unwrap_err().kind(),
        EndpointErrorKind::Evaluation
    );
    let mut p = Params::new();
    p.set_str("A", "x");
    assert_eq!(
        rs.resolve(&p).unwrap_err().kind(),
        EndpointErrorKind::Evaluation
    );
    p.set_str("A", "y");
    assert_eq!(
        rs.resolve(&p).unwrap_err().kind(),
        EndpointErrorKind::Evaluation
    );
}
