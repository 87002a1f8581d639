//! The IAM Identity Center provider against a fake SSO portal and SSO OIDC
//! on 127.0.0.1, with the token cache in a temporary home directory.
//!
//! Expected requests and responses are written from the SSO and SSO OIDC
//! models (restJson1: `GET /federation/credentials?role_name=&account_id=`
//! with the token in `x-amz-sso_bearer_token`; `POST /token` with a JSON
//! body) and the AWS CLI's cache file format; the cache file names are
//! SHA-1 digests computed outside this code base (Python's `hashlib`).

#[path = "../../tests/tests/support/mod.rs"]
mod support;

use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};
use smithy_config::{ProviderContext, SsoCredentialsProvider};
use smithy_runtime::credentials::{CredentialsError, ProvideCredentials};
use smithy_runtime::env::Env;
use smithy_runtime::https::HttpsTransport;
use smithy_runtime::profile::ProfileSet;
use smithy_runtime::{Config, DateTime};
use support::{Recorded, Reply, Server, Signer, TempDir};

const SESSION: &str = "admin";
/// SHA-1 of `admin`.
const SESSION_CACHE_FILE: &str = "d033e22ae348aeb5660fc2140aec35850c4da997.json";
const START_URL: &str = "https://d-abc123.awsapps.com/start";
/// SHA-1 of [`START_URL`].
const LEGACY_CACHE_FILE: &str = "40a89917e3175433e361b710a9d43528d7f1890a.json";
const ACCOUNT: &str = "111122223333";
const ROLE: &str = "Developer";

const ACCESS_TOKEN: &str = "aoaAAAAAGcachedACCESSTOKENzz";
const NEW_ACCESS_TOKEN: &str = "aoaAAAAAGrefreshedACCESSTOKENzz";
const REFRESH_TOKEN: &str = "aorvJYubGcachedREFRESHTOKENzz";
const NEW_REFRESH_TOKEN: &str = "aorvJYubGnewREFRESHTOKENzz";
const CLIENT_ID: &str = "_yzkThXVzLWVhc3QtMQEXAMPLECLIENTID";
const CLIENT_SECRET: &str = "eyJraWQiOiJrZXktMTU2NDAyODA5OSIsImFsZyI6IkhTMzg0InSECRET";

const ROLE_ACCESS_KEY: &str = "ASIAROLEEXAMPLE";
const ROLE_SECRET: &str = "RoleSecretKeyFromThePortalEXAMPLEzz";
const ROLE_SESSION_TOKEN: &str = "RoleSessionTokenFromThePortalEXAMPLEzz";
/// 2030-01-02T03:04:05Z.
const ROLE_EXPIRATION_MS: u64 = 1_893_553_445_000;

const SECRETS: &[&str] = &[
    ACCESS_TOKEN,
    NEW_ACCESS_TOKEN,
    REFRESH_TOKEN,
    NEW_REFRESH_TOKEN,
    CLIENT_SECRET,
    ROLE_SECRET,
    ROLE_SESSION_TOKEN,
];

fn session_config() -> String {
    format!(
        "[profile dev]\nsso_session = {SESSION}\nsso_account_id = {ACCOUNT}\n\
         sso_role_name = {ROLE}\nregion = eu-west-1\n\
         [sso-session {SESSION}]\nsso_start_url = {START_URL}\nsso_region = us-east-1\n\
         sso_registration_scopes = sso:account:access\n"
    )
}

fn legacy_config() -> String {
    format!(
        "[profile dev]\nsso_start_url = {START_URL}\nsso_region = us-east-1\n\
         sso_account_id = {ACCOUNT}\nsso_role_name = {ROLE}\n"
    )
}

/// A temporary home directory, a fake portal and a fake OIDC.
struct Fixture {
    home: TempDir,
    portal: Server,
    oidc: Server,
}

impl Fixture {
    fn new(portal: Vec<Reply>, oidc: Vec<Reply>) -> Fixture {
        let home = TempDir::new("sso");
        std::fs::create_dir_all(home.path().join(".aws/sso/cache")).unwrap();
        Fixture {
            home,
            portal: Server::start(portal),
            oidc: Server::start(oidc),
        }
    }

    fn cache_path(&self, name: &str) -> PathBuf {
        self.home.path().join(".aws/sso/cache").join(name)
    }

    fn write_cache(&self, name: &str, contents: &Value) {
        std::fs::write(self.cache_path(name), contents.to_string()).unwrap();
    }

    fn read_cache(&self, name: &str) -> Value {
        serde_json::from_slice(&std::fs::read(self.cache_path(name)).unwrap()).unwrap()
    }

    /// The endpoints come from `AWS_ENDPOINT_URL_SSO` and
    /// `AWS_ENDPOINT_URL_SSO_OIDC`, as for any client.
    fn context(&self, config: &str) -> ProviderContext {
        let home = self.home.path().to_str().unwrap().to_owned();
        let env = Env::from_map([
            ("HOME".to_owned(), home),
            ("AWS_ENDPOINT_URL_SSO".to_owned(), self.portal.url()),
            ("AWS_ENDPOINT_URL_SSO_OIDC".to_owned(), self.oidc.url()),
        ]);
        ProviderContext::new(
            env,
            ProfileSet::parse(config, "", "dev"),
            Arc::new(transport()),
        )
    }

    fn provider(&self, config: &str) -> SsoCredentialsProvider {
        SsoCredentialsProvider::from_profile(&self.context(config), "dev").unwrap()
    }
}

fn transport() -> HttpsTransport {
    HttpsTransport::builder()
        .connect_timeout(Duration::from_secs(2))
        .read_timeout(Duration::from_secs(5))
        .build()
        .unwrap()
}

fn run<F: Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(future)
}

/// Whole seconds, as the AWS CLI writes times.
fn rfc3339(at: SystemTime) -> String {
    let secs = at.duration_since(UNIX_EPOCH).unwrap().as_secs();
    DateTime::from_secs(i64::try_from(secs).unwrap()).to_string()
}

fn in_secs(secs: i64) -> SystemTime {
    let now = SystemTime::now();
    if secs >= 0 {
        now + Duration::from_secs(secs.unsigned_abs())
    } else {
        now - Duration::from_secs(secs.unsigned_abs())
    }
}

/// A cache file as `aws sso login` writes it for an sso-session, with a
/// token expiring `expires_in` seconds from now.
fn session_token(expires_in: i64) -> Value {
    json!({
        "startUrl": START_URL,
        "region": "us-east-1",
        "accessToken": ACCESS_TOKEN,
        "expiresAt": rfc3339(in_secs(expires_in)),
        "clientId": CLIENT_ID,
        "clientSecret": CLIENT_SECRET,
        "registrationExpiresAt": rfc3339(in_secs(90 * 86_400)),
        "refreshToken": REFRESH_TOKEN,
        "someFutureField": {"kept": true}
    })
}

fn legacy_token(expires_at: &str) -> Value {
    json!({
        "startUrl": START_URL,
        "region": "us-east-1",
        "accessToken": ACCESS_TOKEN,
        "expiresAt": expires_at
    })
}

fn role_credentials_reply() -> Reply {
    Reply::json(
        200,
        &[],
        &json!({"roleCredentials": {
            "accessKeyId": ROLE_ACCESS_KEY,
            "secretAccessKey": ROLE_SECRET,
            "sessionToken": ROLE_SESSION_TOKEN,
            "expiration": ROLE_EXPIRATION_MS
        }})
        .to_string(),
    )
}

fn create_token_reply() -> Reply {
    Reply::json(
        200,
        &[],
        &json!({
            "accessToken": NEW_ACCESS_TOKEN,
            "tokenType": "Bearer",
            "expiresIn": 28_800,
            "refreshToken": NEW_REFRESH_TOKEN
        })
        .to_string(),
    )
}

fn invalid_grant_reply() -> Reply {
    Reply::json(
        400,
        &[("x-amzn-errortype", "InvalidGrantException")],
        r#"{"error":"invalid_grant","error_description":"Invalid refresh token provided"}"#,
    )
}

/// The one `GetRoleCredentials` the portal received, checked.
fn assert_role_request(request: &Recorded, token: &str) {
    assert_eq!(request.method, "GET");
    assert_eq!(request.path, "/federation/credentials");
    let mut query: Vec<&str> = request.query.split('&').collect();
    query.sort_unstable();
    assert_eq!(
        query,
        [
            format!("account_id={ACCOUNT}").as_str(),
            format!("role_name={ROLE}").as_str()
        ]
    );
    assert_eq!(request.header("x-amz-sso_bearer_token"), Some(token));
    assert_eq!(
        request.header("authorization"),
        None,
        "the call is unsigned"
    );
    assert_eq!(request.header("x-amz-security-token"), None);
}

fn assert_role_credentials(credentials: &smithy_runtime::credentials::Credentials) {
    assert_eq!(credentials.access_key_id(), ROLE_ACCESS_KEY);
    assert_eq!(credentials.secret_access_key(), ROLE_SECRET);
    assert_eq!(credentials.session_token(), Some(ROLE_SESSION_TOKEN));
    assert_eq!(credentials.account_id(), Some(ACCOUNT));
    assert_eq!(
        credentials.expiry(),
        Some(UNIX_EPOCH + Duration::from_millis(ROLE_EXPIRATION_MS))
    );
}

fn assert_no_secrets(text: &str) {
    for secret in SECRETS {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
}

fn failure(result: Result<impl std::fmt::Debug, CredentialsError>) -> String {
    match result {
        Err(err @ CredentialsError::ProviderFailed { .. }) => {
            assert_no_secrets(&format!("{err:?}"));
            let text = err.to_string();
            assert_no_secrets(&text);
            text
        }
        other => panic!("expected ProviderFailed, got {other:?}"),
    }
}

#[test]
fn the_cache_file_is_named_by_the_sha1_of_the_session_or_the_start_url() {
    let fixture = Fixture::new(vec![], vec![]);
    let provider = fixture.provider(&session_config());
    assert_eq!(provider.cache_file_name(), SESSION_CACHE_FILE);
    assert_eq!(
        provider.cache_file(),
        Some(fixture.cache_path(SESSION_CACHE_FILE))
    );
    assert_eq!(provider.session_name(), Some(SESSION));
    assert_eq!(provider.registration_scopes(), ["sso:account:access"]);
    assert_eq!(provider.region(), "us-east-1");
    assert_eq!(provider.start_url(), START_URL);
    let legacy = fixture.provider(&legacy_config());
    assert_eq!(legacy.cache_file_name(), LEGACY_CACHE_FILE);
    assert_eq!(legacy.session_name(), None);
    assert!(legacy.registration_scopes().is_empty());
}

#[test]
fn endpoints_resolve_as_for_any_client() {
    let fixture = Fixture::new(vec![], vec![]);
    let provider = fixture.provider(&session_config());
    assert_eq!(
        provider.sso_endpoint_url(),
        Some(fixture.portal.url().as_str())
    );
    assert_eq!(
        provider.oidc_endpoint_url(),
        Some(fixture.oidc.url().as_str())
    );
    let provider = provider.with_sso_endpoint_url("http://127.0.0.1:1");
    assert_eq!(provider.sso_endpoint_url(), Some("http://127.0.0.1:1"));

    // Without variables: the region's endpoints (no override), unless the
    // profile's `endpoint_url` says otherwise, as for other clients.
    let context = ProviderContext::new(
        Env::from_map([("HOME", "/nonexistent")]),
        ProfileSet::parse(&session_config(), "", "dev"),
        Arc::new(transport()),
    );
    let provider = SsoCredentialsProvider::from_profile(&context, "dev").unwrap();
    assert_eq!(provider.sso_endpoint_url(), None);
    assert_eq!(provider.oidc_endpoint_url(), None);
    let context = ProviderContext::new(
        Env::from_map([
            ("HOME", "/nonexistent"),
            ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "maybe"),
        ]),
        ProfileSet::parse(&session_config(), "", "dev"),
        Arc::new(transport()),
    );
    let err = SsoCredentialsProvider::from_profile(&context, "dev").unwrap_err();
    assert!(
        matches!(err, CredentialsError::InvalidConfiguration { .. }),
        "{err:?}"
    );
}

#[test]
fn a_valid_token_is_used_as_is() {
    let fixture = Fixture::new(vec![role_credentials_reply()], vec![]);
    fixture.write_cache(SESSION_CACHE_FILE, &session_token(3600));
    let before = fixture.read_cache(SESSION_CACHE_FILE);
    let provider = fixture.provider(&session_config());
    let credentials = run(provider.provide_credentials()).unwrap();
    assert_role_credentials(&credentials);
    let requests = fixture.portal.requests();
    assert_eq!(requests.len(), 1);
    assert_role_request(&requests[0], ACCESS_TOKEN);
    assert!(fixture.oidc.requests().is_empty(), "no refresh");
    assert_eq!(fixture.read_cache(SESSION_CACHE_FILE), before);
    assert!(fixture.portal.problems().is_empty());
}

#[test]
fn an_expired_token_is_refreshed_and_written_back() {
    let fixture = Fixture::new(vec![role_credentials_reply()], vec![create_token_reply()]);
    let original = session_token(-60);
    fixture.write_cache(SESSION_CACHE_FILE, &original);
    let provider = fixture.provider(&session_config());
    let before = SystemTime::now();
    let credentials = run(provider.provide_credentials()).unwrap();
    let after = SystemTime::now();
    assert_role_credentials(&credentials);

    let oidc = fixture.oidc.requests();
    assert_eq!(oidc.len(), 1);
    assert_eq!(oidc[0].method, "POST");
    assert_eq!(oidc[0].path, "/token");
    assert_eq!(
        oidc[0].header("authorization"),
        None,
        "the call is unsigned"
    );
    assert_eq!(
        oidc[0].json(),
        json!({
            "grantType": "refresh_token",
            "clientId": CLIENT_ID,
            "clientSecret": CLIENT_SECRET,
            "refreshToken": REFRESH_TOKEN
        })
    );
    let portal = fixture.portal.requests();
    assert_eq!(portal.len(), 1);
    assert_role_request(&portal[0], NEW_ACCESS_TOKEN);

    let cache = fixture.read_cache(SESSION_CACHE_FILE);
    assert_eq!(cache["accessToken"], NEW_ACCESS_TOKEN);
    assert_eq!(cache["refreshToken"], NEW_REFRESH_TOKEN);
    let expires_at: DateTime = cache["expiresAt"].as_str().unwrap().parse().unwrap();
    let expires_at = SystemTime::try_from(expires_at).unwrap();
    // expiresIn 28800 s from the refresh, in whole seconds.
    assert!(expires_at + Duration::from_secs(1) >= before + Duration::from_secs(28_800));
    assert!(expires_at <= after + Duration::from_secs(28_800));
    // Every other field is kept.
    for key in [
        "startUrl",
        "region",
        "clientId",
        "clientSecret",
        "registrationExpiresAt",
        "someFutureField",
    ] {
        assert_eq!(cache[key], original[key], "{key}");
    }
    assert_eq!(cache.as_object().unwrap().len(), 9);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(fixture.cache_path(SESSION_CACHE_FILE))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "the cache file stays private: {mode:o}");
    }
    // No temporary file is left behind.
    let names: Vec<_> = std::fs::read_dir(fixture.home.path().join(".aws/sso/cache"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name())
        .collect();
    assert_eq!(names, [SESSION_CACHE_FILE]);
}

#[test]
fn a_token_within_the_refresh_window_is_refreshed_and_kept_when_the_refresh_fails() {
    // Expires in 2 minutes, inside the 5-minute window: a refresh is tried;
    // it fails, and the still valid token is used. The second load within
    // 30 s does not try again.
    let fixture = Fixture::new(
        vec![role_credentials_reply(), role_credentials_reply()],
        vec![invalid_grant_reply()],
    );
    fixture.write_cache(SESSION_CACHE_FILE, &session_token(120));
    let provider = fixture.provider(&session_config());
    for _ in 0..2 {
        let credentials = run(provider.provide_credentials()).unwrap();
        assert_role_credentials(&credentials);
    }
    assert_eq!(fixture.oidc.requests().len(), 1);
    let portal = fixture.portal.requests();
    assert_eq!(portal.len(), 2);
    for request in &portal {
        assert_role_request(request, ACCESS_TOKEN);
    }
    assert_eq!(
        fixture.read_cache(SESSION_CACHE_FILE)["accessToken"],
        ACCESS_TOKEN
    );
}

#[test]
fn a_token_just_outside_the_refresh_window_is_not_refreshed() {
    let fixture = Fixture::new(vec![role_credentials_reply()], vec![]);
    fixture.write_cache(SESSION_CACHE_FILE, &session_token(400));
    let provider = fixture.provider(&session_config());
    run(provider.provide_credentials()).unwrap();
    assert!(fixture.oidc.requests().is_empty());
}

#[test]
fn an_expired_token_whose_refresh_fails_is_an_error_naming_the_file_and_the_fix() {
    let fixture = Fixture::new(vec![], vec![invalid_grant_reply()]);
    fixture.write_cache(SESSION_CACHE_FILE, &session_token(-60));
    let provider = fixture.provider(&session_config());
    let message = failure(run(provider.provide_credentials()));
    let path = fixture.cache_path(SESSION_CACHE_FILE);
    assert!(message.contains(&path.display().to_string()), "{message}");
    assert!(message.contains("has expired"), "{message}");
    assert!(message.contains("InvalidGrantException"), "{message}");
    assert!(message.contains("aws sso login --profile dev"), "{message}");
    assert!(fixture.portal.requests().is_empty());
}

#[test]
fn an_expired_token_without_a_usable_registration_is_not_refreshed() {
    let fixture = Fixture::new(vec![], vec![]);
    let mut token = session_token(-60);
    token["registrationExpiresAt"] = json!(rfc3339(in_secs(-1)));
    fixture.write_cache(SESSION_CACHE_FILE, &token);
    let provider = fixture.provider(&session_config());
    let message = failure(run(provider.provide_credentials()));
    assert!(
        message.contains("client registration has expired"),
        "{message}"
    );
    assert!(message.contains("aws sso login"), "{message}");

    let mut token = session_token(-60);
    token.as_object_mut().unwrap().remove("refreshToken");
    fixture.write_cache(SESSION_CACHE_FILE, &token);
    let message = failure(run(provider.provide_credentials()));
    assert!(message.contains("cannot be refreshed"), "{message}");
    assert!(fixture.oidc.requests().is_empty());
    assert!(fixture.portal.requests().is_empty());
}

#[test]
fn the_legacy_form_uses_its_token_and_never_refreshes() {
    let fixture = Fixture::new(vec![role_credentials_reply()], vec![]);
    // The form older AWS CLI versions wrote.
    let expires_at = rfc3339(in_secs(120)).replace('Z', "UTC");
    fixture.write_cache(LEGACY_CACHE_FILE, &legacy_token(&expires_at));
    let provider = fixture.provider(&legacy_config());
    // Inside the refresh window, but there is nothing to refresh with.
    let credentials = run(provider.provide_credentials()).unwrap();
    assert_role_credentials(&credentials);
    assert_role_request(&fixture.portal.requests()[0], ACCESS_TOKEN);

    fixture.write_cache(LEGACY_CACHE_FILE, &legacy_token(&rfc3339(in_secs(-1))));
    let message = failure(run(provider.provide_credentials()));
    let path = fixture.cache_path(LEGACY_CACHE_FILE);
    assert!(message.contains(&path.display().to_string()), "{message}");
    assert!(message.contains("has expired"), "{message}");
    assert!(message.contains("cannot refresh"), "{message}");
    assert!(message.contains("aws sso login --profile dev"), "{message}");
    assert!(fixture.oidc.requests().is_empty());
    assert_eq!(fixture.portal.requests().len(), 1);
}

#[test]
fn a_missing_or_broken_cache_file_is_an_error_naming_the_file_not_its_content() {
    let fixture = Fixture::new(vec![], vec![]);
    let provider = fixture.provider(&session_config());
    let path = fixture.cache_path(SESSION_CACHE_FILE).display().to_string();
    let message = failure(run(provider.provide_credentials()));
    assert!(message.contains(&path), "{message}");
    assert!(message.contains("does not exist"), "{message}");
    assert!(message.contains("aws sso login --profile dev"), "{message}");

    for (contents, problem) in [
        (
            format!("{{\"accessToken\": \"{ACCESS_TOKEN}\""),
            "not valid JSON",
        ),
        (format!("[\"{ACCESS_TOKEN}\"]"), "not a JSON object"),
        (
            json!({"expiresAt": rfc3339(in_secs(60))}).to_string(),
            "no `accessToken`",
        ),
        (
            json!({"accessToken": ACCESS_TOKEN}).to_string(),
            "no `expiresAt`",
        ),
        (
            json!({"accessToken": ACCESS_TOKEN, "expiresAt": REFRESH_TOKEN}).to_string(),
            "not an RFC 3339 time",
        ),
    ] {
        std::fs::write(fixture.cache_path(SESSION_CACHE_FILE), contents).unwrap();
        let message = failure(run(provider.provide_credentials()));
        assert!(message.contains(&path), "{message}");
        assert!(message.contains(problem), "{problem}: {message}");
    }

    // No home directory at all.
    let context = ProviderContext::new(
        Env::from_map([("X", "1")]),
        ProfileSet::parse(&session_config(), "", "dev"),
        Arc::new(transport()),
    );
    let provider = SsoCredentialsProvider::from_profile(&context, "dev").unwrap();
    assert_eq!(provider.cache_file(), None);
    let message = failure(run(provider.provide_credentials()));
    assert!(message.contains("no home directory"), "{message}");
    assert!(message.contains(SESSION_CACHE_FILE), "{message}");
    assert!(fixture.portal.requests().is_empty());
}

#[test]
fn a_rejected_token_says_to_log_in_again() {
    let fixture = Fixture::new(
        vec![Reply::json(
            401,
            &[("x-amzn-errortype", "UnauthorizedException")],
            r#"{"message":"Session token not found or invalid"}"#,
        )],
        vec![],
    );
    fixture.write_cache(SESSION_CACHE_FILE, &session_token(3600));
    let provider = fixture.provider(&session_config());
    let message = failure(run(provider.provide_credentials()));
    assert!(message.contains("UnauthorizedException"), "{message}");
    assert!(message.contains("not accepted"), "{message}");
    assert!(message.contains("aws sso login --profile dev"), "{message}");
    assert!(
        message.contains(ROLE) && message.contains(ACCOUNT),
        "{message}"
    );
}

#[test]
fn profiles_missing_a_setting_are_invalid_configurations_naming_it() {
    let fixture = Fixture::new(vec![], vec![]);
    let cases = [
        (
            session_config().replace("sso_account_id", "x_account_id"),
            "`sso_account_id`",
        ),
        (
            session_config().replace("sso_role_name", "x_role_name"),
            "`sso_role_name`",
        ),
        (
            session_config().replace("sso_start_url", "x_start_url"),
            "`[sso-session admin]` has no `sso_start_url`",
        ),
        (
            session_config().replace("sso_region", "x_region"),
            "`[sso-session admin]` has no `sso_region`",
        ),
        (
            session_config().replace("[sso-session admin]", "[sso-session other]"),
            "no `[sso-session admin]` section",
        ),
        (
            legacy_config().replace("sso_region", "x_region"),
            "`sso_region`",
        ),
        (
            legacy_config().replace("sso_role_name", "x_role_name"),
            "`sso_role_name`",
        ),
        (
            legacy_config().replace("sso_account_id = 111122223333", "sso_account_id ="),
            "`sso_account_id`",
        ),
        (
            legacy_config().replace("sso_start_url", "x_start_url"),
            "neither `sso_session` nor `sso_start_url`",
        ),
        (
            session_config() + "[profile dev]\nsso_start_url = https://other.awsapps.com/start\n",
            "sets `sso_start_url` to a value other than that of its sso-session `admin`",
        ),
        (
            session_config() + "[profile dev]\nsso_region = eu-west-1\n",
            "sets `sso_region`",
        ),
        (
            "[profile other]\n".to_owned(),
            "profile `dev` is not defined",
        ),
    ];
    for (config, expected) in cases {
        let err =
            SsoCredentialsProvider::from_profile(&fixture.context(&config), "dev").unwrap_err();
        assert!(
            matches!(err, CredentialsError::InvalidConfiguration { .. }),
            "{err:?}"
        );
        let message = err.to_string();
        assert!(message.contains(expected), "{expected}: {message}");
    }
    // The profile may repeat its session's values.
    let config = session_config()
        + &format!("[profile dev]\nsso_start_url = {START_URL}\nsso_region = us-east-1\n");
    assert!(SsoCredentialsProvider::from_profile(&fixture.context(&config), "dev").is_ok());
}

#[test]
fn end_to_end_the_role_credentials_sign_an_sts_call() {
    let fixture = Fixture::new(vec![role_credentials_reply()], vec![create_token_reply()]);
    fixture.write_cache(SESSION_CACHE_FILE, &session_token(-60));
    let provider = fixture.provider(&session_config());
    let sts_server = Server::start(vec![Reply::Respond {
        status: 200,
        headers: vec![("Content-Type".to_owned(), "text/xml".to_owned())],
        body: br#"<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
    <Arn>arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Developer_0123/alice</Arn>
    <UserId>AROAEXAMPLE:alice</UserId>
    <Account>111122223333</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata>
</GetCallerIdentityResponse>"#
            .to_vec(),
    }]);
    let config = Config::new()
        .with_region("us-east-1")
        .with_endpoint_url(sts_server.url())
        .with_credentials_provider(Arc::new(provider));
    let client = sts::Client::new(config, transport());
    let output = run(client.get_caller_identity(sts::types::GetCallerIdentityRequest {})).unwrap();
    assert_eq!(output.account.as_deref(), Some(ACCOUNT));

    let requests = sts_server.requests();
    assert_eq!(requests.len(), 1);
    let signed = support::verify_signature(
        &requests[0],
        &Signer {
            access_key_id: ROLE_ACCESS_KEY,
            secret_access_key: ROLE_SECRET,
            session_token: Some(ROLE_SESSION_TOKEN),
            region: "us-east-1",
            service: "sts",
        },
    )
    .unwrap();
    assert!(signed.contains(&"x-amz-security-token".to_owned()));
    // The token was refreshed on the way.
    assert_eq!(fixture.oidc.requests().len(), 1);
    assert_role_request(&fixture.portal.requests()[0], NEW_ACCESS_TOKEN);
}

#[test]
fn nothing_formatted_shows_a_secret() {
    let fixture = Fixture::new(vec![role_credentials_reply()], vec![create_token_reply()]);
    fixture.write_cache(SESSION_CACHE_FILE, &session_token(-60));
    let provider = fixture.provider(&session_config());
    let outcome = run(provider.provide_credentials());
    assert!(outcome.is_ok());
    let shared: Arc<dyn ProvideCredentials> = Arc::new(fixture.provider(&session_config()));
    for text in [
        format!("{provider:?}"),
        format!("{provider:#?}"),
        format!("{outcome:?}"),
        format!("{shared:?}"),
        format!("{:?}", fixture.context(&session_config())),
    ] {
        assert_no_secrets(&text);
        assert!(!text.is_empty());
    }
    // The error outcomes are checked by `failure` in the other tests; and
    // the provider's Debug says what it is configured with.
    let debug = format!("{provider:?}");
    assert!(debug.contains(SESSION_CACHE_FILE), "{debug}");
    assert!(debug.contains(ROLE), "{debug}");
}

#[test]
fn an_sso_profile_is_the_default_chains_source() {
    let fixture = Fixture::new(vec![role_credentials_reply()], vec![]);
    fixture.write_cache(SESSION_CACHE_FILE, &session_token(3600));
    // The selected profile is `dev` (see `Fixture::context`).
    let chain = smithy_config::DefaultCredentialsChain::new(&fixture.context(&session_config()));
    let credentials = run(chain.provide_credentials()).unwrap();
    assert_role_credentials(&credentials);
    let requests = fixture.portal.requests();
    assert_eq!(requests.len(), 1);
    assert_role_request(&requests[0], ACCESS_TOKEN);
}
