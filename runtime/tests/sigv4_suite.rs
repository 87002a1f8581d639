//! Runs every case of the AWS SigV4 test suite (the CRT suite as kept by
//! smithy-rs) against `smithy_runtime::sigv4`, header-based signing only.
//!
//! The suite lives in `$SMITHY_SHARED_DIR/aws-signing-test-suite/v4` (default
//! `<crate>/../../shared`). Each case folder holds `request.txt`,
//! `context.json` (credentials, region, service, time, `normalize`,
//! `sign_body`, `omit_session_token`) and the expected
//! `header-canonical-request.txt`, `header-string-to-sign.txt`,
//! `header-signature.txt` and `header-signed-request.txt`. The
//! `query-*` files (presigned URLs) are not checked: query signing is not
//! implemented.
//!
//! For each case the test checks, and collects every mismatch before failing:
//!
//! 1. the canonical request, string to sign and signature from
//!    [`sigv4::compute`] on the request exactly as written (raw path and
//!    header bytes, like the CRT harness that produced the files);
//! 2. [`sigv4::signing_key`] + [`sigv4::signature`] applied to the expected
//!    string to sign give the expected signature;
//! 3. the headers of the signed request (`Authorization`, `X-Amz-Date`,
//!    `X-Amz-Security-Token`, `X-Amz-Content-Sha256`, and all the others)
//!    equal `header-signed-request.txt`. Where the request can be an
//!    [`http::Request`] (all cases but the two whose *path* is not valid in a
//!    URI), this goes through [`sigv4::sign`] on that request, built as a
//!    client would send it; otherwise the parts from step 1 are applied.
//!
//! Two folders have no `context.json` (smithy-rs's `double-url-encode` and
//! `double-encode-path`); their parameters are recovered from their files, see
//! [`legacy_case`]. One case needs a settings override, see
//! [`apply_overrides`].

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::{HeaderName, HeaderValue};
use smithy_runtime::sigv4::{
    self, Credentials, SignableRequest, SigningKeyCache, SigningParams, SigningSettings,
};

const EXPECTED_CASES: usize = 40;

fn suite_dir() -> PathBuf {
    let shared = std::env::var_os("SMITHY_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared"));
    shared.join("aws-signing-test-suite").join("v4")
}

/// A request as written in a suite file.
#[derive(Debug)]
struct RawRequest {
    method: String,
    /// The request target exactly as written: it may contain spaces and
    /// non-ASCII characters.
    target: String,
    /// Header values as written after the `:`; an obsolete folded value keeps
    /// its line breaks.
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

/// Parses the suite's request format: a request line (the target may contain
/// spaces; the `HTTP/1.1` is optional), header lines (a line starting with
/// whitespace continues the previous header), an empty line and the body.
fn parse_request(text: &str) -> Result<RawRequest, String> {
    let (head, body) = match text.split_once("\n\n") {
        Some((head, body)) => (head, body),
        None => (text.trim_end_matches('\n'), ""),
    };
    let mut lines = head.split('\n');
    let request_line = lines.next().ok_or("empty request")?;
    let (method, rest) = request_line
        .split_once(' ')
        .ok_or_else(|| format!("bad request line {request_line:?}"))?;
    let target = match rest.rsplit_once(' ') {
        Some((target, version)) if version.starts_with("HTTP/") => target,
        _ => rest,
    };
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in lines {
        if line.starts_with([' ', '\t']) {
            let (_, value) = headers
                .last_mut()
                .ok_or_else(|| format!("continuation line before any header: {line:?}"))?;
            value.push('\n');
            value.push_str(line);
        } else {
            let (name, value) = line
                .split_once(':')
                .ok_or_else(|| format!("bad header line {line:?}"))?;
            headers.push((name.to_owned(), value.to_owned()));
        }
    }
    Ok(RawRequest {
        method: method.to_owned(),
        target: target.to_owned(),
        headers,
        body: body.as_bytes().to_vec(),
    })
}

/// A field value as an HTTP parser hands it on: obsolete line folding
/// replaced by a space (RFC 9112 section 5.2) and surrounding whitespace
/// removed.
fn unfold(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for (i, line) in value.split('\n').enumerate() {
        if i > 0 {
            out.push(' ');
            out.push_str(line.trim_start());
        } else {
            out.push_str(line);
        }
    }
    out.trim().to_owned()
}

/// Percent-encodes what cannot appear in a request target (spaces, controls,
/// non-ASCII), as a client does before sending.
fn escape_for_wire(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_graphic() {
            out.push(char::from(b));
        } else {
            write!(out, "%{b:02X}").unwrap();
        }
    }
    out
}

/// Days from 1970-01-01 to a proleptic Gregorian date (Hinnant's
/// `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `YYYY-MM-DDTHH:MM:SSZ` to a time.
fn parse_timestamp(s: &str) -> SystemTime {
    let n = |range: std::ops::Range<usize>| -> i64 {
        s.get(range)
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("bad timestamp {s:?}"))
    };
    let days = days_from_civil(n(0..4), n(5..7), n(8..10));
    let secs = days * 86_400 + n(11..13) * 3600 + n(14..16) * 60 + n(17..19);
    UNIX_EPOCH + Duration::from_secs(u64::try_from(secs).unwrap())
}

/// What one case is signed with.
struct Case {
    credentials: Credentials,
    region: String,
    service: String,
    /// Time for the canonical request, string to sign and signature files.
    time: SystemTime,
    /// Time for `header-signed-request.txt` (differs in one legacy case).
    signed_time: SystemTime,
    settings: SigningSettings,
}

fn case_from_context(json: &str) -> Result<Case, String> {
    let v: serde_json::Value = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let str_field = |value: &serde_json::Value, key: &str| -> Result<String, String> {
        value
            .get(key)
            .and_then(|x| x.as_str())
            .map(str::to_owned)
            .ok_or_else(|| format!("context.json: missing string {key:?}"))
    };
    let bool_field =
        |key: &str, default: bool| v.get(key).and_then(|x| x.as_bool()).unwrap_or(default);
    let creds = v.get("credentials").ok_or("context.json: no credentials")?;
    let token = creds
        .get("token")
        .and_then(|t| t.as_str())
        .map(str::to_owned);
    let time = parse_timestamp(&str_field(&v, "timestamp")?);
    Ok(Case {
        credentials: Credentials::new(
            str_field(creds, "access_key_id")?,
            str_field(creds, "secret_access_key")?,
            token,
        ),
        region: str_field(&v, "region")?,
        service: str_field(&v, "service")?,
        time,
        signed_time: time,
        settings: SigningSettings {
            uri_path_normalization: bool_field("normalize", true),
            double_uri_encode: true,
            content_sha256_header: bool_field("sign_body", false),
            session_token_in_signature: !bool_field("omit_session_token", false),
        },
    })
}

/// The two old-format folders smithy-rs added without a `context.json`. Their
/// parameters are the ones that reproduce their files (default settings):
///
/// - `double-url-encode`: the suite's usual `AKIDEXAMPLE` key pair; region,
///   service and time as in its credential scope and `X-Amz-Date`.
/// - `double-encode-path`: the canonical request was recorded at
///   `20210511T154045Z` (its `x-amz-date` line); the signed request at
///   `20150830T123600Z` in `us-east-1`/`service` with smithy-rs's
///   `Credentials::for_tests()` pair (`ANOTREAL`, as in its credential scope).
///   The request carries a stale `X-amz-date`, which the signer replaces.
fn legacy_case(name: &str) -> Option<Case> {
    match name {
        "double-url-encode" => {
            let time = parse_timestamp("2021-05-11T15:40:45Z");
            Some(Case {
                credentials: Credentials::from_keys(
                    "AKIDEXAMPLE",
                    "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                ),
                region: "us-east-2".into(),
                service: "lambda".into(),
                time,
                signed_time: time,
                settings: SigningSettings::default(),
            })
        }
        "double-encode-path" => Some(Case {
            credentials: Credentials::from_keys("ANOTREAL", "notrealrnrELgWzOk3IfjzDKtFBhDby"),
            region: "us-east-1".into(),
            service: "service".into(),
            time: parse_timestamp("2021-05-11T15:40:45Z"),
            signed_time: parse_timestamp("2015-08-30T12:36:00Z"),
            settings: SigningSettings::default(),
        }),
        _ => None,
    }
}

/// `get-space-normalized`: in this copy of the suite its `request.txt` was
/// changed from the CRT original `GET /example space/` to the already
/// percent-encoded `GET /example%20space/` (its `header-signed-request.txt`
/// still shows the space), but the expected values were not regenerated: they
/// are still `/example%20space/` in the canonical request. With double
/// encoding an encoded path yields `/example%2520space/` (correct for AWS
/// services other than S3, and what smithy-rs notes when it skips this case);
/// the expectations are exactly the single-encoding (S3-style) result for the
/// path as given, so the case runs with `double_uri_encode: false`.
fn apply_overrides(name: &str, settings: &mut SigningSettings) {
    if name == "get-space-normalized" {
        settings.double_uri_encode = false;
    }
}

fn read(dir: &Path, file: &str) -> Option<String> {
    std::fs::read_to_string(dir.join(file))
        .ok()
        .map(|s| s.replace("\r\n", "\n"))
}

fn expect_eq(failures: &mut Vec<String>, case: &str, what: &str, expected: &str, actual: &str) {
    if expected != actual {
        failures.push(format!(
            "[{case}] {what} differs\n--- expected\n{expected}\n--- actual\n{actual}\n"
        ));
    }
}

/// The headers of a request as sorted `(lower-case name, value)` pairs;
/// repeated names keep their relative order.
fn header_list(headers: impl IntoIterator<Item = (String, String)>) -> Vec<(String, String)> {
    let mut list: Vec<(String, String)> = headers
        .into_iter()
        .map(|(n, v)| (n.to_ascii_lowercase(), v))
        .collect();
    list.sort_by(|a, b| a.0.cmp(&b.0));
    list
}

fn format_headers(list: &[(String, String)]) -> String {
    list.iter().map(|(n, v)| format!("{n}: {v}\n")).collect()
}

/// How the signed-request check was made.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Route {
    /// `sigv4::sign` on an `http::Request`.
    Sign,
    /// `SignatureParts::apply_to` after `compute` on the raw request.
    Apply,
}

fn run_case(dir: &Path, name: &str, failures: &mut Vec<String>) -> Result<Route, String> {
    let mut case = match read(dir, "context.json") {
        Some(json) => case_from_context(&json)?,
        None => legacy_case(name).ok_or("no context.json and not a known legacy case")?,
    };
    apply_overrides(name, &mut case.settings);
    let raw = parse_request(&read(dir, "request.txt").ok_or("no request.txt")?)?;
    let (path, query) = raw.target.split_once('?').unwrap_or((&raw.target, ""));
    let mut signable = SignableRequest::new(&raw.method, path, query, &raw.body);
    for (header_name, value) in &raw.headers {
        signable = signable.header(header_name, value.as_bytes());
    }
    // Signed through a key cache, which each case asks three times (at
    // two times of day): a key it gave wrongly would fail the vectors.
    let keys = SigningKeyCache::new();
    let params = |time| SigningParams {
        credentials: &case.credentials,
        region: &case.region,
        service: &case.service,
        time,
        settings: case.settings,
        key_cache: Some(&keys),
    };

    // 1. Intermediate values on the request as written.
    let parts = sigv4::compute(&signable, &params(case.time)).map_err(|e| e.to_string())?;
    let mut files = 0;
    if let Some(expected) = read(dir, "header-canonical-request.txt") {
        files += 1;
        expect_eq(
            failures,
            name,
            "canonical request",
            expected.trim_end_matches('\n'),
            parts.canonical_request(),
        );
    }
    if let Some(expected) = read(dir, "header-string-to-sign.txt") {
        files += 1;
        expect_eq(
            failures,
            name,
            "string to sign",
            expected.trim_end_matches('\n'),
            parts.string_to_sign(),
        );
        // 2. The step functions on the expected string to sign.
        if let Some(expected_signature) = read(dir, "header-signature.txt") {
            let amz_date = sigv4::format_amz_date(case.time).map_err(|e| e.to_string())?;
            let key = sigv4::signing_key(
                case.credentials.secret_access_key(),
                amz_date.get(..8).unwrap_or_default(),
                &case.region,
                &case.service,
            );
            expect_eq(
                failures,
                name,
                "signing key",
                &format!("{key:?}"),
                &format!("{:?}", parts.signing_key()),
            );
            let from_expected = sigv4::signature(&key, expected.trim_end_matches('\n'));
            expect_eq(
                failures,
                name,
                "signature of the expected string to sign",
                expected_signature.trim(),
                &from_expected,
            );
        }
    }
    if let Some(expected) = read(dir, "header-signature.txt") {
        files += 1;
        expect_eq(
            failures,
            name,
            "signature",
            expected.trim(),
            parts.signature(),
        );
    }

    // 3. The signed request.
    let expected_signed = parse_request(
        &read(dir, "header-signed-request.txt").ok_or("no header-signed-request.txt")?,
    )?;
    files += 1;
    let expected_headers = header_list(
        expected_signed
            .headers
            .iter()
            .map(|(n, v)| (n.clone(), unfold(v))),
    );
    let parts = if case.signed_time == case.time {
        parts
    } else {
        sigv4::compute(&signable, &params(case.signed_time)).map_err(|e| e.to_string())?
    };

    // The request as a client would send it: targets percent-encoded where
    // they must be, folded header values unfolded.
    let wire_path = escape_for_wire(path);
    let wire_target = if query.is_empty() && !raw.target.contains('?') {
        wire_path.clone()
    } else {
        format!("{wire_path}?{}", escape_for_wire(query))
    };
    let uri: http::Uri = wire_target
        .parse()
        .map_err(|e| format!("{wire_target:?} is not a valid target even escaped: {e}"))?;
    let mut request = http::Request::builder()
        .method(raw.method.as_str())
        .uri(uri)
        .body(raw.body.clone())
        .map_err(|e| e.to_string())?;
    for (header_name, value) in &raw.headers {
        let header_name =
            HeaderName::from_bytes(header_name.as_bytes()).map_err(|e| e.to_string())?;
        let value = HeaderValue::from_str(&unfold(value)).map_err(|e| e.to_string())?;
        request.headers_mut().append(header_name, value);
    }
    // A path that had to be escaped is no longer the path the expectations
    // were computed from (the signer would encode the escapes once more), so
    // such requests get the headers computed from the raw request.
    let route = if wire_path == path {
        sigv4::sign(&mut request, &params(case.signed_time)).map_err(|e| e.to_string())?;
        Route::Sign
    } else {
        parts.apply_to(&mut request).map_err(|e| e.to_string())?;
        Route::Apply
    };
    let actual_headers = header_list(request.headers().iter().map(|(n, v)| {
        (
            n.as_str().to_owned(),
            String::from_utf8_lossy(v.as_bytes()).into_owned(),
        )
    }));
    expect_eq(
        failures,
        name,
        "signed request headers",
        &format_headers(&expected_headers),
        &format_headers(&actual_headers),
    );
    if request.body() != &raw.body {
        failures.push(format!("[{name}] signing changed the body"));
    }
    if files < 2 {
        return Err(format!("only {files} expectation files found"));
    }
    Ok(route)
}

#[test]
fn aws_sigv4_test_suite() {
    let suite = suite_dir();
    if !suite.is_dir() {
        println!(
            "SigV4 test suite not found at {}; set SMITHY_SHARED_DIR to run it. Skipping.",
            suite.display()
        );
        return;
    }
    let mut names: Vec<String> = std::fs::read_dir(&suite)
        .unwrap()
        .filter_map(|entry| {
            let entry = entry.ok()?;
            entry
                .file_type()
                .ok()?
                .is_dir()
                .then(|| entry.file_name().to_string_lossy().into_owned())
        })
        .collect();
    names.sort();

    let mut failures = Vec::new();
    let mut failed_cases = Vec::new();
    let mut via_sign = 0;
    for name in &names {
        let before = failures.len();
        match run_case(&suite.join(name), name, &mut failures) {
            Ok(Route::Sign) => via_sign += 1,
            Ok(Route::Apply) => {}
            Err(e) => failures.push(format!("[{name}] could not run: {e}")),
        }
        if failures.len() > before {
            failed_cases.push(name.as_str());
        }
    }
    println!(
        "SigV4 suite: {} of {} cases match ({} signed through sigv4::sign on an http::Request, \
         {} through SignableRequest for a raw path); query-signing files not checked",
        names.len() - failed_cases.len(),
        names.len(),
        via_sign,
        names.len() - via_sign,
    );
    assert!(
        failures.is_empty(),
        "{} of {} cases failed: {:?}\n\n{}",
        failed_cases.len(),
        names.len(),
        failed_cases,
        failures.join("\n")
    );
    assert_eq!(names.len(), EXPECTED_CASES, "cases found: {names:?}");
}

#[test]
fn request_parser() {
    let raw = parse_request("GET /a b/?x=1 HTTP/1.1\nHost:h\nMy: v1\n  v2\n\nbody\n").unwrap();
    assert_eq!(raw.method, "GET");
    assert_eq!(raw.target, "/a b/?x=1");
    assert_eq!(
        raw.headers,
        [
            ("Host".into(), "h".into()),
            ("My".into(), " v1\n  v2".into())
        ]
    );
    assert_eq!(raw.body, b"body\n");
    assert_eq!(unfold(" v1\n  v2"), "v1 v2");
    let no_version = parse_request("POST /x%3A\nHost:h\n").unwrap();
    assert_eq!(no_version.target, "/x%3A");
    assert!(no_version.body.is_empty());
    assert_eq!(escape_for_wire("/ሴ a"), "/%E1%88%B4%20a");
}

#[test]
fn timestamps() {
    assert_eq!(parse_timestamp("1970-01-01T00:00:00Z"), UNIX_EPOCH);
    assert_eq!(
        sigv4::format_amz_date(parse_timestamp("2015-08-30T12:36:00Z")).unwrap(),
        "20150830T123600Z"
    );
    assert_eq!(
        sigv4::format_amz_date(parse_timestamp("2024-02-29T23:59:59Z")).unwrap(),
        "20240229T235959Z"
    );
}
