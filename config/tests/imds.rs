//! The IMDS credentials and region providers against a scripted loopback
//! server standing in for the instance metadata service: the IMDSv2 token
//! and its reuse, expiry and renewal, the IMDSv1 fallback policy, the
//! settings, how fast an absent IMDS is given up, errors that name the
//! source and never a secret, and credentials signing a real `sts` call.

#[path = "../../tests/tests/support/mod.rs"]
mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use smithy_config::imds::{self, ImdsClient, ImdsError};
use smithy_config::{DefaultCredentialsChain, ImdsCredentialsProvider, ProviderContext};
use smithy_runtime::credentials::{Clock, CredentialsError, ProvideCredentials};
use smithy_runtime::env::Env;
use smithy_runtime::https::HttpsTransport;
use smithy_runtime::profile::ProfileSet;
use smithy_runtime::{Config, MockTransport, RetryConfig, ServiceInfo};
use support::{Recorded, Reply, Server, Signer};

const ACCESS_KEY: &str = "ASIAIMDSLOOPBACKKEY";
const SECRET: &str = "imdsSECRETwJalrXUtnFEMI/K7MDENG+bPxRfiCY";
const SESSION: &str = "IQoJb3JpZ2luX2VjIMDSSESSIONTOKEN//zz==";
const IMDS_TOKEN_1: &str = "AQAEAImdsSessionTokenOne==";
const IMDS_TOKEN_2: &str = "AQAEAImdsSessionTokenTwo==";
const ROLE: &str = "web-tier-role";
const EXPIRATION: &str = "2031-08-30T12:36:00Z";
const TOKEN_PATH: &str = "/latest/api/token";
const ROLES_PATH: &str = "/latest/meta-data/iam/security-credentials/";

fn credentials_json() -> String {
    format!(
        r#"{{"Code":"Success","LastUpdated":"2031-08-30T06:36:00Z","Type":"AWS-HMAC",
"AccessKeyId":"{ACCESS_KEY}","SecretAccessKey":"{SECRET}","Token":"{SESSION}","Expiration":"{EXPIRATION}"}}"#
    )
}

fn text(status: u16, body: &str) -> Reply {
    Reply::Respond {
        status,
        headers: vec![("Content-Type".to_owned(), "text/plain".to_owned())],
        body: body.as_bytes().to_vec(),
    }
}

fn token(value: &str) -> Reply {
    Reply::Respond {
        status: 200,
        headers: vec![(
            "x-aws-ec2-metadata-token-ttl-seconds".to_owned(),
            "21600".to_owned(),
        )],
        body: value.as_bytes().to_vec(),
    }
}

fn role() -> Reply {
    text(200, &format!("{ROLE}\n"))
}

fn creds() -> Reply {
    text(200, &credentials_json())
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a Tokio runtime")
}

fn transport() -> Arc<HttpsTransport> {
    Arc::new(
        HttpsTransport::builder()
            .connect_timeout(Duration::from_secs(2))
            .build()
            .expect("the transport builds"),
    )
}

/// A context whose IMDS endpoint is `endpoint`, with these other variables
/// and this config file.
fn context(endpoint: &str, vars: &[(&str, &str)], config_file: &str) -> ProviderContext {
    let mut all = vec![("AWS_EC2_METADATA_SERVICE_ENDPOINT", endpoint)];
    all.extend_from_slice(vars);
    ProviderContext::new(
        Env::from_map(all),
        ProfileSet::parse(config_file, "", "default"),
        transport(),
    )
}

/// A test clock, in seconds since the epoch.
fn clock(start: u64) -> (Arc<AtomicU64>, Clock) {
    let now = Arc::new(AtomicU64::new(start));
    let read = Arc::clone(&now);
    let clock: Clock =
        Arc::new(move || UNIX_EPOCH + Duration::from_secs(read.load(Ordering::SeqCst)));
    (now, clock)
}

fn token_header(request: &Recorded) -> Option<&str> {
    request.header("x-aws-ec2-metadata-token")
}

fn expiry() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(support::parse_amz_date("20310830T123600Z").unwrap())
}

fn assert_no_secret(text: &str) {
    for secret in [SECRET, SESSION, IMDS_TOKEN_1, IMDS_TOKEN_2] {
        assert!(!text.contains(secret), "a secret leaked: {text}");
    }
}

#[test]
fn imdsv2_gets_a_token_then_the_role_then_its_credentials() {
    let server = Server::start(vec![token(IMDS_TOKEN_1), role(), creds()]);
    let provider = ImdsCredentialsProvider::new(&context(&server.url(), &[], ""));
    let credentials = runtime()
        .block_on(provider.provide_credentials())
        .expect("credentials");
    assert_eq!(credentials.access_key_id(), ACCESS_KEY);
    assert_eq!(credentials.secret_access_key(), SECRET);
    assert_eq!(credentials.session_token(), Some(SESSION));
    assert_eq!(credentials.expiry(), Some(expiry()));

    let requests = server.requests();
    let [put, list, get] = requests.as_slice() else {
        panic!("expected 3 requests, got {requests:?}");
    };
    assert_eq!(
        (put.method.as_str(), put.path.as_str()),
        ("PUT", TOKEN_PATH)
    );
    assert_eq!(
        put.header("x-aws-ec2-metadata-token-ttl-seconds"),
        Some("21600")
    );
    assert_eq!(token_header(put), None);
    assert_eq!(
        (list.method.as_str(), list.path.as_str()),
        ("GET", ROLES_PATH)
    );
    assert_eq!(
        (get.method.as_str(), get.path.as_str()),
        ("GET", format!("{ROLES_PATH}{ROLE}").as_str())
    );
    // Every metadata request carries the token it was given.
    assert_eq!(token_header(list), Some(IMDS_TOKEN_1));
    assert_eq!(token_header(get), Some(IMDS_TOKEN_1));
    assert!(server.problems().is_empty(), "{:?}", server.problems());
}

#[test]
fn the_token_is_reused_until_shortly_before_its_ttl_ends() {
    let server = Server::start(vec![
        token(IMDS_TOKEN_1),
        role(),
        creds(),
        // Second call, 100 s later: the same token.
        role(),
        creds(),
        // Third call, 5 s before the TTL ends: a new token.
        token(IMDS_TOKEN_2),
        role(),
        creds(),
    ]);
    let (now, clock) = clock(1_900_000_000);
    let client = ImdsClient::new(&context(&server.url(), &[], "")).with_clock(clock);
    let provider = ImdsCredentialsProvider::from_client(client);
    let rt = runtime();
    rt.block_on(provider.provide_credentials()).expect("first");
    now.fetch_add(100, Ordering::SeqCst);
    rt.block_on(provider.provide_credentials()).expect("second");
    now.fetch_add(21_600 - 100 - 5, Ordering::SeqCst);
    rt.block_on(provider.provide_credentials()).expect("third");

    let requests = server.requests();
    let seen: Vec<(&str, Option<&str>)> = requests
        .iter()
        .map(|r| (r.method.as_str(), token_header(r)))
        .collect();
    assert_eq!(
        seen,
        [
            ("PUT", None),
            ("GET", Some(IMDS_TOKEN_1)),
            ("GET", Some(IMDS_TOKEN_1)),
            ("GET", Some(IMDS_TOKEN_1)),
            ("GET", Some(IMDS_TOKEN_1)),
            ("PUT", None),
            ("GET", Some(IMDS_TOKEN_2)),
            ("GET", Some(IMDS_TOKEN_2)),
        ]
    );
}

#[test]
fn a_tiny_ttl_is_asked_for_and_honoured() {
    let server = Server::start(vec![
        Reply::Respond {
            status: 200,
            headers: vec![],
            body: IMDS_TOKEN_1.as_bytes().to_vec(),
        },
        role(),
        token(IMDS_TOKEN_2),
        role(),
    ]);
    let (now, clock) = clock(1_900_000_000);
    let client = ImdsClient::new(&context(&server.url(), &[], ""))
        .with_clock(clock)
        .with_token_ttl(Duration::from_secs(2));
    let rt = runtime();
    assert_eq!(rt.block_on(client.get(ROLES_PATH)).unwrap().trim(), ROLE);
    now.fetch_add(2, Ordering::SeqCst);
    assert_eq!(rt.block_on(client.get(ROLES_PATH)).unwrap().trim(), ROLE);
    let requests = server.requests();
    assert_eq!(requests.len(), 4, "{requests:?}");
    assert_eq!(
        requests[0].header("x-aws-ec2-metadata-token-ttl-seconds"),
        Some("2")
    );
    assert_eq!(requests[2].method, "PUT");
    assert_eq!(token_header(&requests[3]), Some(IMDS_TOKEN_2));
}

#[test]
fn a_token_imds_rejects_is_replaced_once() {
    // IMDS answers 401 to a request whose token it does not accept.
    let server = Server::start(vec![
        token(IMDS_TOKEN_1),
        text(401, ""),
        token(IMDS_TOKEN_2),
        role(),
        creds(),
    ]);
    let provider = ImdsCredentialsProvider::new(&context(&server.url(), &[], ""));
    let credentials = runtime().block_on(provider.provide_credentials()).unwrap();
    assert_eq!(credentials.access_key_id(), ACCESS_KEY);
    let requests = server.requests();
    let seen: Vec<(&str, Option<&str>)> = requests
        .iter()
        .map(|r| (r.method.as_str(), token_header(r)))
        .collect();
    assert_eq!(
        seen,
        [
            ("PUT", None),
            ("GET", Some(IMDS_TOKEN_1)),
            ("PUT", None),
            ("GET", Some(IMDS_TOKEN_2)),
            ("GET", Some(IMDS_TOKEN_2)),
        ]
    );

    // Rejected again: an error, and no third token.
    let server = Server::start(vec![
        token(IMDS_TOKEN_1),
        text(401, ""),
        token(IMDS_TOKEN_2),
        text(401, ""),
    ]);
    let provider = ImdsCredentialsProvider::new(&context(&server.url(), &[], ""));
    let error = runtime()
        .block_on(provider.provide_credentials())
        .unwrap_err();
    assert!(
        matches!(&error, CredentialsError::ProviderFailed { provider, .. } if provider == "imds"),
        "{error:?}"
    );
    assert!(error.to_string().contains("status 401"), "{error}");
    assert_no_secret(&error.to_string());
    assert_eq!(server.requests().len(), 4);
}

#[test]
fn imdsv1_is_the_fallback_when_the_token_is_refused_or_never_comes() {
    for status in [403, 404, 405] {
        let server = Server::start(vec![text(status, ""), role(), creds()]);
        let provider = ImdsCredentialsProvider::new(&context(&server.url(), &[], ""));
        let credentials = runtime()
            .block_on(provider.provide_credentials())
            .unwrap_or_else(|e| panic!("{status}: {e} {:#?}", server.requests()));
        assert_eq!(credentials.access_key_id(), ACCESS_KEY);
        let requests = server.requests();
        assert_eq!(requests.len(), 3, "{status}: {requests:?}");
        assert!(
            requests[1..].iter().all(|r| token_header(r).is_none()),
            "{status}: IMDSv1 requests carry no token"
        );
    }

    // The token's answer never arrives (a hop limit of 1 in a container).
    let server = Server::start(vec![Reply::Hang, role(), creds()]);
    let client = ImdsClient::new(&context(&server.url(), &[], ""))
        .with_attempt_timeout(Duration::from_millis(300));
    let provider = ImdsCredentialsProvider::from_client(client);
    let credentials = runtime().block_on(provider.provide_credentials()).unwrap();
    assert_eq!(credentials.access_key_id(), ACCESS_KEY);
    let requests = server.requests();
    assert_eq!(requests.len(), 3, "{requests:?}");
    assert!(requests[1..].iter().all(|r| token_header(r).is_none()));
}

#[test]
fn with_imdsv1_disabled_a_refused_token_is_an_error() {
    let by_env = [("AWS_EC2_METADATA_V1_DISABLED", "true")];
    let by_profile = "[default]\nec2_metadata_v1_disabled = TRUE\n";
    for (vars, file) in [(&by_env[..], ""), (&[][..], by_profile)] {
        for status in [403, 404, 405] {
            let server = Server::start(vec![text(status, ""), role(), creds()]);
            let provider = ImdsCredentialsProvider::new(&context(&server.url(), vars, file));
            let error = runtime()
                .block_on(provider.provide_credentials())
                .unwrap_err();
            assert!(
                matches!(error, CredentialsError::ProviderFailed { .. }),
                "{error:?}"
            );
            let message = error.to_string();
            assert!(
                message.contains(&format!("refused ({status})")),
                "{message}"
            );
            assert!(message.contains("IMDSv1 fallback is disabled"), "{message}");
            assert_eq!(server.requests().len(), 1, "no IMDSv1 request");
        }
    }

    // A token that never comes, IMDSv1 disabled: nothing here, move on.
    let server = Server::start(vec![Reply::Hang]);
    let client = ImdsClient::new(&context(&server.url(), &by_env, ""))
        .with_attempt_timeout(Duration::from_millis(300));
    let error = runtime()
        .block_on(ImdsCredentialsProvider::from_client(client).provide_credentials())
        .unwrap_err();
    assert!(error.is_not_loaded(), "{error:?}");

    // `false` keeps the fallback; anything else is a configuration error.
    let server = Server::start(vec![text(403, ""), role(), creds()]);
    let vars = [("AWS_EC2_METADATA_V1_DISABLED", "false")];
    let provider = ImdsCredentialsProvider::new(&context(&server.url(), &vars, by_profile));
    runtime()
        .block_on(provider.provide_credentials())
        .expect("the environment wins over the profile");
    let vars = [("AWS_EC2_METADATA_V1_DISABLED", "yes")];
    let provider = ImdsCredentialsProvider::new(&context("http://127.0.0.1:9", &vars, ""));
    let error = runtime()
        .block_on(provider.provide_credentials())
        .unwrap_err();
    assert!(
        matches!(error, CredentialsError::InvalidConfiguration { .. }),
        "{error:?}"
    );
    assert!(
        error.to_string().contains("AWS_EC2_METADATA_V1_DISABLED"),
        "{error}"
    );
}

#[test]
fn a_token_request_imds_finds_invalid_is_an_error_without_fallback() {
    let server = Server::start(vec![text(400, ""), role(), creds()]);
    let provider = ImdsCredentialsProvider::new(&context(&server.url(), &[], ""));
    let error = runtime()
        .block_on(provider.provide_credentials())
        .unwrap_err();
    assert!(
        matches!(error, CredentialsError::ProviderFailed { .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("(400)"), "{error}");
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn disabled_imds_is_never_asked() {
    let server = Server::start(vec![token(IMDS_TOKEN_1), role(), creds()]);
    for value in ["true", "TRUE"] {
        let vars = [("AWS_EC2_METADATA_DISABLED", value)];
        let context = context(&server.url(), &vars, "");
        let error = runtime()
            .block_on(ImdsCredentialsProvider::new(&context).provide_credentials())
            .unwrap_err();
        assert!(error.is_not_loaded(), "{error:?}");
        assert!(
            error.to_string().contains("AWS_EC2_METADATA_DISABLED"),
            "{error}"
        );
        assert_eq!(runtime().block_on(imds::imds_region(&context)), None);
    }
    assert!(server.requests().is_empty());
}

#[test]
fn an_absent_imds_is_given_up_quickly_and_the_chain_moves_on() {
    let endpoint = format!("http://127.0.0.1:{}", support::refused_port());
    let context = context(&endpoint, &[], "");
    let rt = runtime();
    let start = Instant::now();
    let error = rt
        .block_on(DefaultCredentialsChain::new(&context).provide_credentials())
        .unwrap_err();
    let elapsed = start.elapsed();
    assert!(elapsed < Duration::from_millis(1500), "{elapsed:?}");
    let CredentialsError::NoneFound { tried } = &error else {
        panic!("{error:?}");
    };
    let providers: Vec<&str> = tried.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        providers,
        [
            "environment",
            "web identity token",
            "profile",
            "container",
            "imds"
        ]
    );
    assert!(tried[4].1.contains("could not be reached"), "{error}");

    let start = Instant::now();
    assert_eq!(rt.block_on(imds::imds_region(&context)), None);
    assert!(start.elapsed() < Duration::from_millis(1500));

    // A server that accepts but never answers: about one attempt timeout
    // for the token, one for the IMDSv1 request.
    let server = Server::start(vec![Reply::Hang, Reply::Hang]);
    let client =
        ImdsClient::new(&imds_at(&server.url())).with_attempt_timeout(Duration::from_millis(200));
    let start = Instant::now();
    let error = rt
        .block_on(ImdsCredentialsProvider::from_client(client).provide_credentials())
        .unwrap_err();
    let elapsed = start.elapsed();
    assert!(error.is_not_loaded(), "{error:?}");
    assert!(error.to_string().contains("did not answer"), "{error}");
    assert!(elapsed >= Duration::from_millis(400), "{elapsed:?}");
    assert!(elapsed < Duration::from_millis(1500), "{elapsed:?}");
}

fn imds_at(endpoint: &str) -> ProviderContext {
    context(endpoint, &[], "")
}

#[test]
fn server_errors_are_retried_a_bounded_number_of_times() {
    let server = Server::start(vec![
        token(IMDS_TOKEN_1),
        text(500, ""),
        text(503, ""),
        role(),
        creds(),
    ]);
    let provider = ImdsCredentialsProvider::new(&context(&server.url(), &[], ""));
    runtime()
        .block_on(provider.provide_credentials())
        .expect("the third attempt succeeds");
    assert_eq!(server.requests().len(), 5);

    let server = Server::start(vec![
        token(IMDS_TOKEN_1),
        text(500, ""),
        text(500, ""),
        text(500, ""),
        role(),
    ]);
    let provider = ImdsCredentialsProvider::new(&context(&server.url(), &[], ""));
    let error = runtime()
        .block_on(provider.provide_credentials())
        .unwrap_err();
    assert!(
        matches!(error, CredentialsError::ProviderFailed { .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("status 500"), "{error}");
    assert_eq!(server.requests().len(), 4, "3 attempts at most");
}

#[test]
fn no_role_is_nothing_to_load() {
    for reply in [text(404, "Not Found"), text(200, "\n")] {
        let server = Server::start(vec![token(IMDS_TOKEN_1), reply]);
        let provider = ImdsCredentialsProvider::new(&context(&server.url(), &[], ""));
        let error = runtime()
            .block_on(provider.provide_credentials())
            .unwrap_err();
        assert!(error.is_not_loaded(), "{error:?}");
        assert!(error.to_string().contains("no IAM role"), "{error}");
    }
}

#[test]
fn bad_answers_are_clear_errors_naming_imds_and_no_secret() {
    let cases: Vec<(String, &str)> = vec![
        (
            format!(
                r#"{{"Code":"Success","AccessKeyId":"{ACCESS_KEY}","SecretAccessKey":"{SECRET}""#
            ),
            "not JSON (it ends too early)",
        ),
        (
            format!("<html>{SECRET}</html>"),
            "not JSON (a syntax error)",
        ),
        (
            format!(
                r#"{{"Code":"AssumeRoleUnauthorizedAccess","AccessKeyId":"{ACCESS_KEY}","SecretAccessKey":"{SECRET}"}}"#
            ),
            "Code `AssumeRoleUnauthorizedAccess`",
        ),
        (
            format!(r#"{{"Code":"Success","SecretAccessKey":"{SECRET}","Token":"{SESSION}"}}"#),
            "has no `AccessKeyId`",
        ),
        (
            format!(
                r#"{{"Code":"Success","AccessKeyId":"{ACCESS_KEY}","SecretAccessKey":["{SECRET}"]}}"#
            ),
            "`SecretAccessKey` in the credentials answer is not a string",
        ),
        (
            format!(
                r#"{{"Code":"Success","AccessKeyId":"{ACCESS_KEY}","SecretAccessKey":"{SECRET}","Expiration":"{SECRET}"}}"#
            ),
            "`Expiration` in the credentials answer is not an RFC 3339 time",
        ),
    ];
    for (body, expected) in cases {
        let server = Server::start(vec![token(IMDS_TOKEN_1), role(), text(200, &body)]);
        let provider = ImdsCredentialsProvider::new(&context(&server.url(), &[], ""));
        let error = runtime()
            .block_on(provider.provide_credentials())
            .unwrap_err();
        assert!(
            matches!(&error, CredentialsError::ProviderFailed { provider, .. } if provider == "imds"),
            "{error:?}"
        );
        let message = error.to_string();
        assert!(message.contains(expected), "{message}");
        assert!(
            message.starts_with("failed to load credentials from imds"),
            "{message}"
        );
        assert_no_secret(&message);
        assert_no_secret(&format!("{error:?}"));
    }

    // An error status to the credentials request.
    let server = Server::start(vec![token(IMDS_TOKEN_1), role(), text(403, SECRET)]);
    let provider = ImdsCredentialsProvider::new(&context(&server.url(), &[], ""));
    let error = runtime()
        .block_on(provider.provide_credentials())
        .unwrap_err();
    let message = error.to_string();
    assert!(message.contains("status 403"), "{message}");
    assert!(message.contains(ROLE), "{message}");
    assert_no_secret(&message);
}

#[test]
fn the_endpoint_comes_from_the_settings() {
    let endpoint = |vars: &[(&str, &str)], file: &str| {
        let context = ProviderContext::new(
            Env::from_map(vars.iter().copied()),
            ProfileSet::parse(file, "", "default"),
            Arc::new(MockTransport::new()),
        );
        ImdsClient::new(&context)
            .endpoint()
            .map(str::to_owned)
            .map_err(|e| e.to_string())
    };
    let v4 = Ok(imds::IPV4_ENDPOINT.to_owned());
    let v6 = Ok(imds::IPV6_ENDPOINT.to_owned());
    assert_eq!(v4.as_ref().unwrap(), "http://169.254.169.254");
    assert_eq!(v6.as_ref().unwrap(), "http://[fd00:ec2::254]");
    assert_eq!(endpoint(&[], ""), v4);
    let mode = "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE";
    assert_eq!(endpoint(&[(mode, "IPv6")], ""), v6);
    assert_eq!(endpoint(&[(mode, "ipv4")], ""), v4);
    let file = "[default]\nec2_metadata_service_endpoint_mode = IPv6\n";
    assert_eq!(endpoint(&[], file), v6);
    assert_eq!(endpoint(&[(mode, "IPv4")], file), v4, "env wins");
    let url = "AWS_EC2_METADATA_SERVICE_ENDPOINT";
    assert_eq!(
        endpoint(&[(url, "http://127.0.0.1:8080/"), (mode, "IPv6")], ""),
        Ok("http://127.0.0.1:8080".to_owned()),
        "the endpoint wins over the mode"
    );
    let file_url = "[default]\nec2_metadata_service_endpoint = http://[::1]:1338\n";
    assert_eq!(endpoint(&[], file_url), Ok("http://[::1]:1338".to_owned()));
    assert_eq!(
        endpoint(&[(url, "http://10.0.0.1")], file_url),
        Ok("http://10.0.0.1".to_owned())
    );

    let error = endpoint(&[(mode, "IPv5")], "").unwrap_err();
    assert!(
        error.contains("must be `IPv4` or `IPv6`, not `IPv5`"),
        "{error}"
    );
    let error = endpoint(&[(url, "169.254.169.254")], "").unwrap_err();
    assert!(
        error.contains("AWS_EC2_METADATA_SERVICE_ENDPOINT is not a valid"),
        "{error}"
    );
    let error = endpoint(&[], "[default]\nec2_metadata_service_endpoint = ftp://x\n").unwrap_err();
    assert!(
        error.contains("`ec2_metadata_service_endpoint` of profile `default`"),
        "{error}"
    );

    // A bad setting is a configuration error of the provider, not "nothing".
    let context = ProviderContext::new(
        Env::from_map([(mode, "IPv5")]),
        ProfileSet::default(),
        Arc::new(MockTransport::new()),
    );
    let error = pollster::block_on(ImdsCredentialsProvider::new(&context).provide_credentials())
        .unwrap_err();
    assert!(
        matches!(error, CredentialsError::InvalidConfiguration { .. }),
        "{error:?}"
    );
    assert!(matches!(
        pollster::block_on(ImdsClient::new(&context).get("/")),
        Err(ImdsError::InvalidConfiguration(_))
    ));
}

static THING: ServiceInfo = ServiceInfo::new("thing", "thing", "THING", None);

#[test]
fn the_region_comes_from_imds_only_when_nothing_else_names_one() {
    let server = Server::start(vec![token(IMDS_TOKEN_1), text(200, "eu-west-3")]);
    let rt = runtime();
    assert_eq!(
        rt.block_on(imds::imds_region(&imds_at(&server.url())))
            .as_deref(),
        Some("eu-west-3")
    );
    let requests = server.requests();
    assert_eq!(requests[1].path, "/latest/meta-data/placement/region");
    assert_eq!(token_header(&requests[1]), Some(IMDS_TOKEN_1));

    // `load`: the last region source.
    let server = Server::start(vec![token(IMDS_TOKEN_1), text(200, "ap-south-2\n")]);
    let config = rt
        .block_on(smithy_config::load(&THING, imds_at(&server.url())))
        .unwrap();
    assert_eq!(config.region(), Some("ap-south-2"));
    let server = Server::start(vec![token(IMDS_TOKEN_1), text(200, "ap-south-2")]);
    for (vars, file) in [
        (&[("AWS_REGION", "us-west-2")][..], ""),
        (&[][..], "[default]\nregion = us-west-2\n"),
    ] {
        let config = rt
            .block_on(smithy_config::load(
                &THING,
                context(&server.url(), vars, file),
            ))
            .unwrap();
        assert_eq!(config.region(), Some("us-west-2"));
    }
    assert!(server.requests().is_empty(), "IMDS is not asked");

    // No region from IMDS: none at all.
    let server = Server::start(vec![token(IMDS_TOKEN_1), text(404, "")]);
    let config = rt
        .block_on(smithy_config::load(&THING, imds_at(&server.url())))
        .unwrap();
    assert_eq!(config.region(), None);
}

#[test]
fn no_secret_in_debug_display_or_outcomes() {
    let server = Server::start(vec![token(IMDS_TOKEN_1), role(), creds()]);
    let provider = ImdsCredentialsProvider::new(&context(&server.url(), &[], ""));
    let outcome = runtime().block_on(provider.provide_credentials());
    assert!(outcome.is_ok());
    let chain = DefaultCredentialsChain::new(&imds_at(&server.url()));
    for text in [
        format!("{provider:?}"),
        format!("{provider:#?}"),
        format!("{:?}", provider.client()),
        format!("{outcome:?}"),
        format!("{chain:?}"),
    ] {
        assert_no_secret(&text);
    }
    assert!(format!("{provider:?}").contains("has_token: true"));
}

#[test]
fn end_to_end_imds_credentials_sign_an_sts_call() {
    let imds = Server::start(vec![token(IMDS_TOKEN_1), role(), creds()]);
    let sts_server = Server::start(vec![Reply::Respond {
        status: 200,
        headers: vec![("Content-Type".to_owned(), "text/xml".to_owned())],
        body: b"<GetCallerIdentityResponse><GetCallerIdentityResult>\
<Account>123456789012</Account><Arn>arn:aws:sts::123456789012:assumed-role/web-tier-role/i-0abc</Arn>\
</GetCallerIdentityResult></GetCallerIdentityResponse>"
            .to_vec(),
    }]);
    let provider = ImdsCredentialsProvider::new(&imds_at(&imds.url()));
    let config = Config::new()
        .with_endpoint_url(sts_server.url())
        .with_region("eu-west-3")
        .with_credentials_provider(Arc::new(provider))
        .with_retry(RetryConfig::disabled());
    let client = sts::Client::new(config, transport());
    let output = runtime()
        .block_on(client.get_caller_identity(sts::types::GetCallerIdentityRequest {}))
        .expect("the call succeeds");
    assert_eq!(output.account.as_deref(), Some("123456789012"));

    let requests = sts_server.requests();
    let [request] = requests.as_slice() else {
        panic!("expected one request, got {requests:?}");
    };
    let signer = Signer {
        access_key_id: ACCESS_KEY,
        secret_access_key: SECRET,
        session_token: Some(SESSION),
        region: "eu-west-3",
        service: "sts",
    };
    support::verify_sigv4(request, &signer).expect("signed with the IMDS credentials");
    assert_eq!(imds.requests().len(), 3);
}
