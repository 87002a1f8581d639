//! The container credentials provider: which URL it asks (ECS relative
//! URI, allowed full URIs), the `Authorization` header from the variable
//! or the file, the answer into credentials, errors naming the source and
//! never a secret, and credentials signing a real `sts` call.

#[path = "../../tests/tests/support/mod.rs"]
mod support;

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use smithy_config::{ContainerCredentialsProvider, DefaultCredentialsChain, ProviderContext};
use smithy_runtime::credentials::{CredentialsError, ProvideCredentials};
use smithy_runtime::env::Env;
use smithy_runtime::https::HttpsTransport;
use smithy_runtime::profile::ProfileSet;
use smithy_runtime::{Config, MockTransport, RetryConfig};
use support::{Reply, Server, Signer, TempDir};

const ACCESS_KEY: &str = "ASIACONTAINERLOOPBACK";
const SECRET: &str = "containerSECRETwJalrXUtnFEMI/K7MDENG+bPx";
const SESSION: &str = "IQoJb3JpZ2luX2VjCONTAINERSESSION//zz==";
const AUTH_TOKEN: &str = "eksPodIdentityAUTHtoken.abc.def";
const AUTH_TOKEN_2: &str = "eksPodIdentityAUTHtokenROTATED.ghi";
const EXPIRATION: &str = "2031-08-30T12:36:00Z";
const FULL: &str = "AWS_CONTAINER_CREDENTIALS_FULL_URI";
const RELATIVE: &str = "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI";
const TOKEN_VAR: &str = "AWS_CONTAINER_AUTHORIZATION_TOKEN";
const TOKEN_FILE_VAR: &str = "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE";

fn credentials_json() -> String {
    format!(
        r#"{{"AccessKeyId":"{ACCESS_KEY}","SecretAccessKey":"{SECRET}","Token":"{SESSION}",
"AccountId":"123456789012","Expiration":"{EXPIRATION}","RoleArn":"arn:aws:iam::123456789012:role/pod"}}"#
    )
}

fn creds() -> Reply {
    Reply::json(200, &[], &credentials_json())
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

fn context(vars: &[(&str, &str)]) -> ProviderContext {
    ProviderContext::new(
        Env::from_map(vars.iter().copied()),
        ProfileSet::default(),
        transport(),
    )
}

fn mock_context(vars: &[(&str, &str)], mock: &MockTransport) -> ProviderContext {
    ProviderContext::new(
        Env::from_map(vars.iter().copied()),
        ProfileSet::default(),
        Arc::new(mock.clone()),
    )
}

fn provide(
    context: &ProviderContext,
) -> Result<smithy_runtime::sigv4::Credentials, CredentialsError> {
    runtime().block_on(ContainerCredentialsProvider::new(context).provide_credentials())
}

fn expiry() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(support::parse_amz_date("20310830T123600Z").unwrap())
}

fn assert_no_secret(text: &str) {
    for secret in [SECRET, SESSION, AUTH_TOKEN, AUTH_TOKEN_2] {
        assert!(!text.contains(secret), "a secret leaked: {text}");
    }
}

#[test]
fn a_full_uri_with_the_authorization_token_from_the_variable() {
    let server = Server::start(vec![creds()]);
    let url = format!("{}/v1/credentials", server.url());
    let credentials = provide(&context(&[(FULL, &url), (TOKEN_VAR, AUTH_TOKEN)])).unwrap();
    assert_eq!(credentials.access_key_id(), ACCESS_KEY);
    assert_eq!(credentials.secret_access_key(), SECRET);
    assert_eq!(credentials.session_token(), Some(SESSION));
    assert_eq!(credentials.account_id(), Some("123456789012"));
    assert_eq!(credentials.expiry(), Some(expiry()));
    let requests = server.requests();
    let [request] = requests.as_slice() else {
        panic!("{requests:?}");
    };
    assert_eq!(request.method, "GET");
    assert_eq!(request.path, "/v1/credentials");
    assert_eq!(request.header("authorization"), Some(AUTH_TOKEN));

    // No token configured: no header.
    let server = Server::start(vec![creds()]);
    provide(&context(&[(FULL, &server.url())])).unwrap();
    assert_eq!(server.requests()[0].header("authorization"), None);
}

#[test]
fn the_token_file_is_read_at_each_call_and_wins_over_the_variable() {
    let dir = TempDir::new("container-token");
    let file = dir.write("token", &format!("{AUTH_TOKEN}\n"));
    let file = file.to_str().unwrap().to_owned();
    let server = Server::start(vec![creds(), creds()]);
    let context = context(&[
        (FULL, &server.url()),
        (TOKEN_FILE_VAR, &file),
        (TOKEN_VAR, "the-variable-loses"),
    ]);
    let provider = ContainerCredentialsProvider::new(&context);
    let rt = runtime();
    rt.block_on(provider.provide_credentials()).unwrap();
    // The platform rotates the token.
    dir.write("token", AUTH_TOKEN_2);
    rt.block_on(provider.provide_credentials()).unwrap();
    let requests = server.requests();
    let sent: Vec<Option<&str>> = requests.iter().map(|r| r.header("authorization")).collect();
    assert_eq!(sent, [Some(AUTH_TOKEN), Some(AUTH_TOKEN_2)]);

    // A file that cannot be read is a configuration error, sent nowhere.
    let missing = dir.path().join("missing").to_str().unwrap().to_owned();
    let server = Server::start(vec![creds()]);
    let error = provide(&self::context(&[
        (FULL, &server.url()),
        (TOKEN_FILE_VAR, &missing),
    ]))
    .unwrap_err();
    assert!(
        matches!(error, CredentialsError::InvalidConfiguration { .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains(TOKEN_FILE_VAR), "{error}");
    assert!(server.requests().is_empty());
}

#[test]
fn a_token_that_cannot_be_a_header_is_refused_without_showing_it() {
    let mock = MockTransport::new();
    for token in ["Bearer abc\r\nX-Injected: 1", "line\nbreak"] {
        let error = provide(&mock_context(
            &[(FULL, "http://127.0.0.1:1/creds"), (TOKEN_VAR, token)],
            &mock,
        ))
        .unwrap_err();
        assert!(
            matches!(error, CredentialsError::InvalidConfiguration { .. }),
            "{error:?}"
        );
        let message = error.to_string();
        assert!(message.contains("line break"), "{message}");
        assert!(
            !message.contains("abc") && !message.contains("break\""),
            "{message}"
        );
    }
    assert_eq!(mock.request_count(), 0);
}

#[test]
fn the_relative_uri_goes_to_the_ecs_endpoint_and_wins_over_the_full_uri() {
    let mock = MockTransport::new();
    mock.push_json(200, &[], &credentials_json());
    let credentials = provide(&mock_context(
        &[
            (
                RELATIVE,
                "/v2/credentials/5e0c1a7b-0000-4e1f-9c3d-2b8e1f0a6d4c",
            ),
            (FULL, "http://127.0.0.1:9/ignored"),
            (TOKEN_VAR, AUTH_TOKEN),
        ],
        &mock,
    ))
    .unwrap();
    assert_eq!(credentials.access_key_id(), ACCESS_KEY);
    let request = mock.last_request().unwrap();
    assert_eq!(
        request.uri().to_string(),
        "http://169.254.170.2/v2/credentials/5e0c1a7b-0000-4e1f-9c3d-2b8e1f0a6d4c"
    );
    assert_eq!(request.method(), "GET");
    assert_eq!(request.headers()["authorization"], AUTH_TOKEN);
}

#[test]
fn which_full_uris_are_allowed() {
    let cases: &[(&str, bool)] = &[
        ("https://credentials.example.com/get", true),
        ("https://10.1.2.3:8443/creds", true),
        ("http://127.0.0.1/creds", true),
        ("http://127.0.0.1:8080/creds", true),
        ("http://127.1.2.3/creds", true),
        ("http://localhost:1234/creds", true),
        ("http://[::1]:1234/creds", true),
        ("http://169.254.170.2/v1/credentials", true),
        ("http://169.254.170.23/v1/credentials", true),
        ("http://[fd00:ec2::23]/v1/credentials", true),
        ("http://[FD00:EC2:0:0:0:0:0:23]/v1/credentials", true),
        ("http://169.254.170.3/v1/credentials", false),
        ("http://169.254.169.254/latest", false),
        ("http://10.0.0.1/creds", false),
        ("http://credentials.example.com/get", false),
        ("http://localhost.example.com/creds", false),
        ("http://128.0.0.1/creds", false),
        ("http://[fd00:ec2::24]/creds", false),
        ("http://[::2]/creds", false),
        ("ftp://127.0.0.1/creds", false),
        ("/just/a/path", false),
        ("not a url", false),
    ];
    for &(uri, allowed) in cases {
        let mock = MockTransport::new();
        mock.push_json(200, &[], &credentials_json());
        let result = provide(&mock_context(&[(FULL, uri)], &mock));
        if allowed {
            let credentials = result.unwrap_or_else(|e| panic!("{uri}: {e}"));
            assert_eq!(credentials.access_key_id(), ACCESS_KEY);
            assert_eq!(mock.last_request().unwrap().uri().to_string(), uri, "{uri}");
        } else {
            let error = result.unwrap_err();
            assert!(
                matches!(&error, CredentialsError::InvalidConfiguration { provider, .. } if provider == "container"),
                "{uri}: {error:?}"
            );
            assert!(error.to_string().contains(FULL), "{error}");
            assert_eq!(mock.request_count(), 0, "{uri}: nothing sent");
        }
    }
}

#[test]
fn neither_variable_is_nothing_to_load_and_the_chain_moves_on() {
    let mock = MockTransport::new();
    let error = provide(&mock_context(&[(TOKEN_VAR, AUTH_TOKEN)], &mock)).unwrap_err();
    assert!(error.is_not_loaded(), "{error:?}");
    assert!(error.to_string().contains(RELATIVE), "{error}");
    assert_eq!(mock.request_count(), 0);

    // In the default chain, after the profile and before IMDS.
    let server = Server::start(vec![creds()]);
    let context = context(&[(FULL, &server.url()), ("AWS_EC2_METADATA_DISABLED", "true")]);
    let credentials = runtime()
        .block_on(DefaultCredentialsChain::new(&context).provide_credentials())
        .unwrap();
    assert_eq!(credentials.access_key_id(), ACCESS_KEY);
}

#[test]
fn error_answers_and_bad_json_are_clear_errors_without_secrets() {
    let cases: Vec<(Reply, &str)> = vec![
        (
            Reply::json(
                401,
                &[],
                &format!(r#"{{"code":"Unauthorized","message":"{AUTH_TOKEN} is bad"}}"#),
            ),
            "answered with status 401 (code `Unauthorized`)",
        ),
        (Reply::json(404, &[], SECRET), "answered with status 404"),
        (
            Reply::json(
                200,
                &[],
                &format!(r#"{{"AccessKeyId":"{ACCESS_KEY}","SecretAccessKey":"{SECRET}"#),
            ),
            "not JSON (it ends too early)",
        ),
        (
            Reply::json(
                200,
                &[],
                &format!("AccessKeyId={ACCESS_KEY}&Secret={SECRET}"),
            ),
            "not JSON (a syntax error)",
        ),
        (
            Reply::json(
                200,
                &[],
                &format!(r#"{{"SecretAccessKey":"{SECRET}","Token":"{SESSION}"}}"#),
            ),
            "has no `AccessKeyId`",
        ),
        (
            Reply::json(
                200,
                &[],
                &format!(
                    r#"{{"AccessKeyId":"{ACCESS_KEY}","SecretAccessKey":"{SECRET}","Expiration":"{SESSION}"}}"#
                ),
            ),
            "`Expiration` in the credentials answer is not an RFC 3339 time",
        ),
    ];
    for (reply, expected) in cases {
        let server = Server::start(vec![reply]);
        let url = format!("{}/v1/credentials/secret-path-uuid", server.url());
        let error = provide(&context(&[(FULL, &url), (TOKEN_VAR, AUTH_TOKEN)])).unwrap_err();
        assert!(
            matches!(&error, CredentialsError::ProviderFailed { provider, .. } if provider == "container"),
            "{error:?}"
        );
        let message = error.to_string();
        assert!(
            message.starts_with("failed to load credentials from container"),
            "{message}"
        );
        assert!(message.contains(expected), "{message}");
        assert!(!message.contains("secret-path-uuid"), "{message}");
        assert_no_secret(&message);
        assert_no_secret(&format!("{error:?}"));
    }

    // 5xx is retried, a bounded number of times.
    let server = Server::start(vec![
        Reply::json(500, &[], "{}"),
        Reply::json(503, &[], "{}"),
        Reply::json(500, &[], "{}"),
        creds(),
    ]);
    let error = provide(&context(&[(FULL, &server.url())])).unwrap_err();
    assert!(error.to_string().contains("status 500"), "{error}");
    assert_eq!(server.requests().len(), 3);

    // An endpoint that is not there.
    let url = format!("http://127.0.0.1:{}/creds", support::refused_port());
    let error = provide(&context(&[(FULL, &url)])).unwrap_err();
    assert!(
        matches!(error, CredentialsError::ProviderFailed { .. }),
        "{error:?}"
    );
    assert!(
        error.to_string().contains("could not be reached"),
        "{error}"
    );
}

#[test]
fn no_secret_in_debug_or_outcomes() {
    let server = Server::start(vec![creds()]);
    let context = context(&[(FULL, &server.url()), (TOKEN_VAR, AUTH_TOKEN)]);
    let provider = ContainerCredentialsProvider::new(&context);
    let outcome = runtime().block_on(provider.provide_credentials());
    assert!(outcome.is_ok());
    for text in [
        format!("{provider:?}"),
        format!("{provider:#?}"),
        format!("{outcome:?}"),
        format!("{:?}", DefaultCredentialsChain::new(&context)),
    ] {
        assert_no_secret(&text);
    }
}

#[test]
fn end_to_end_container_credentials_sign_an_sts_call() {
    let container = Server::start(vec![creds()]);
    let sts_server = Server::start(vec![Reply::Respond {
        status: 200,
        headers: vec![("Content-Type".to_owned(), "text/xml".to_owned())],
        body: b"<GetCallerIdentityResponse><GetCallerIdentityResult>\
<Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>"
            .to_vec(),
    }]);
    let url = format!("{}/v1/credentials", container.url());
    let context = context(&[(FULL, &url), (TOKEN_VAR, AUTH_TOKEN)]);
    let config = Config::new()
        .with_endpoint_url(sts_server.url())
        .with_region("us-west-2")
        .with_credentials_provider(Arc::new(ContainerCredentialsProvider::new(&context)))
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
        region: "us-west-2",
        service: "sts",
    };
    support::verify_sigv4(request, &signer).expect("signed with the container credentials");
    assert_eq!(
        container.requests()[0].header("authorization"),
        Some(AUTH_TOKEN)
    );
}
