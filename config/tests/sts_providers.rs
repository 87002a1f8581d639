//! The STS-backed providers (web identity, assume role, profile chains)
//! against a fake STS on 127.0.0.1 that answers `AssumeRole` and
//! `AssumeRoleWithWebIdentity` in their awsQuery XML form (STS API
//! reference: `<{Op}Response><{Op}Result>`, errors under
//! `<ErrorResponse><Error>`), checking the form fields it received and,
//! for `AssumeRole`, the SigV4 signature made with the source credentials
//! (the tests' own verifier, independent of the runtime's signer).

#[path = "../../tests/tests/support/mod.rs"]
mod support;

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use smithy_config::{
    AssumeRoleProvider, DefaultCredentialsChain, ProfileCredentialsProvider, ProviderContext,
    StsSettings, WebIdentityProvider,
};
use smithy_runtime::credentials::{Credentials, CredentialsError, ProvideCredentials};
use smithy_runtime::env::Env;
use smithy_runtime::https::HttpsTransport;
use smithy_runtime::profile::ProfileSet;
use smithy_runtime::{Config, MockTransport, SharedTransport};
use support::{Recorded, Reply, Server, Signer, TempDir, verify_signature};

// ------------------------------------------------------------------ values

const SOURCE_AKID: &str = "AKIDSOURCEEXAMPLE";
const SOURCE_SECRET: &str = "sourceSECRETwJalrXUtnFEMI/K7MDENG+zz";
const ROLE_AKID: &str = "ASIAROLEEXAMPLE";
const ROLE_SECRET: &str = "roleSECRETwJalrXUtnFEMI/K7MDENG+bPxRfi";
const ROLE_TOKEN: &str = "roleTOKENIQoJb3JpZ2luX2VjEXAMPLE//zz==";
const HOP_AKID: &str = "ASIAHOPEXAMPLE";
const HOP_SECRET: &str = "hopSECRETwJalrXUtnFEMI/K7MDENG+bPxRfi";
const HOP_TOKEN: &str = "hopTOKENIQoJb3JpZ2luX2VjEXAMPLE//zz==";
const WEB_TOKEN: &str = "eyJhbGciOiJSUzI1NiJ9.WEBIDENTITYTOKEN.c2lnbmF0dXJl";
const EXTERNAL_ID: &str = "external-id-4242";
const ROLE_ARN: &str = "arn:aws:iam::111122223333:role/deploy";
const HOP_ROLE_ARN: &str = "arn:aws:iam::444455556666:role/hub";
/// 2030-01-01T00:00:00Z.
const EXPIRATION: &str = "2030-01-01T00:00:00Z";
const EXPIRATION_SECS: u64 = 1_893_456_000;
const REGION: &str = "eu-west-2";

// ----------------------------------------------------------------- helpers

/// Runs `future` on a fresh current-thread Tokio runtime.
fn run<F: Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a Tokio runtime")
        .block_on(future)
}

/// The default transport with bounded timeouts, so no test can hang.
fn transport() -> SharedTransport {
    Arc::new(
        HttpsTransport::builder()
            .connect_timeout(Duration::from_secs(2))
            .read_timeout(Duration::from_secs(5))
            .build()
            .expect("the transport builds"),
    )
}

/// A context with `env`, the files' texts, the selected profile
/// `AWS_PROFILE` (else `default`) and the real transport.
fn context(env: &[(&str, &str)], config: &str, credentials: &str) -> ProviderContext {
    context_with(env, config, credentials, transport())
}

fn context_with(
    env: &[(&str, &str)],
    config: &str,
    credentials: &str,
    transport: SharedTransport,
) -> ProviderContext {
    let selected = env
        .iter()
        .find(|(name, _)| *name == "AWS_PROFILE")
        .map_or("default", |(_, value)| value);
    let profiles = ProfileSet::parse(config, credentials, selected);
    ProviderContext::new(Env::from_map(env.iter().copied()), profiles, transport)
}

fn xml(status: u16, body: String) -> Reply {
    Reply::Respond {
        status,
        headers: vec![("Content-Type".to_owned(), "text/xml".to_owned())],
        body: body.into_bytes(),
    }
}

fn credentials_xml(akid: &str, secret: &str, token: &str) -> String {
    format!(
        "<Credentials>\n      <AccessKeyId>{akid}</AccessKeyId>\n      \
         <SecretAccessKey>{secret}</SecretAccessKey>\n      \
         <SessionToken>{token}</SessionToken>\n      \
         <Expiration>{EXPIRATION}</Expiration>\n    </Credentials>"
    )
}

/// An `AssumeRole` answer for `role_arn` (account in its ARN).
fn assume_role_reply(role_arn: &str, akid: &str, secret: &str, token: &str) -> Reply {
    let (account, role) = account_and_role(role_arn);
    xml(
        200,
        format!(
            r#"<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::{account}:assumed-role/{role}/session</Arn>
      <AssumedRoleId>AROA3XFRBF535PLBIFPI4:session</AssumedRoleId>
    </AssumedRoleUser>
    {}
    <PackedPolicySize>6</PackedPolicySize>
  </AssumeRoleResult>
  <ResponseMetadata>
    <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
  </ResponseMetadata>
</AssumeRoleResponse>"#,
            credentials_xml(akid, secret, token)
        ),
    )
}

fn web_identity_reply(role_arn: &str) -> Reply {
    let (account, role) = account_and_role(role_arn);
    xml(
        200,
        format!(
            r#"<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleWithWebIdentityResult>
    <SubjectFromWebIdentityToken>system:serviceaccount:ns:app</SubjectFromWebIdentityToken>
    <Audience>sts.amazonaws.com</Audience>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::{account}:assumed-role/{role}/web-session</Arn>
      <AssumedRoleId>AROACLKWSDQRAOEXAMPLE:web-session</AssumedRoleId>
    </AssumedRoleUser>
    {}
    <Provider>arn:aws:iam::{account}:oidc-provider/oidc.example.com</Provider>
  </AssumeRoleWithWebIdentityResult>
  <ResponseMetadata>
    <RequestId>ad4156e9-bce1-11e2-82e6-6b6efEXAMPLE</RequestId>
  </ResponseMetadata>
</AssumeRoleWithWebIdentityResponse>"#,
            credentials_xml(ROLE_AKID, ROLE_SECRET, ROLE_TOKEN)
        ),
    )
}

fn access_denied_reply(role_arn: &str) -> Reply {
    xml(
        403,
        format!(
            r#"<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error>
    <Type>Sender</Type>
    <Code>AccessDenied</Code>
    <Message>User: arn:aws:iam::123456789012:user/alice is not authorized to perform: sts:AssumeRole on resource: {role_arn}</Message>
  </Error>
  <RequestId>4d1f2a5b-6c7d-4e8f-9a0b-1c2d3e4f5a6b</RequestId>
</ErrorResponse>"#
        ),
    )
}

fn account_and_role(role_arn: &str) -> (&str, &str) {
    let account = role_arn.split(':').nth(4).expect("an ARN");
    let role = role_arn.rsplit('/').next().expect("a role name");
    (account, role)
}

/// The decoded pairs of a form body, sorted.
fn form(request: &Recorded) -> Vec<(String, String)> {
    let text = std::str::from_utf8(&request.body).expect("a UTF-8 body");
    let mut pairs: Vec<(String, String)> = text
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(name), percent_decode(value))
        })
        .collect();
    pairs.sort();
    pairs
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'%' if index + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[index + 1..index + 3]).expect("hex");
                out.push(u8::from_str_radix(hex, 16).expect("a %XX escape"));
                index += 3;
            }
            b'+' => {
                out.push(b' ');
                index += 1;
            }
            byte => {
                out.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8(out).expect("UTF-8 after decoding")
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = expected
        .iter()
        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
        .collect();
    pairs.sort();
    pairs
}

/// The form of `request` without `RoleSessionName`, and that name.
fn form_and_session(request: &Recorded) -> (Vec<(String, String)>, String) {
    let mut fields = form(request);
    let index = fields
        .iter()
        .position(|(name, _)| name == "RoleSessionName")
        .expect("a RoleSessionName");
    let (_, session) = fields.remove(index);
    (fields, session)
}

fn signer<'a>(akid: &'a str, secret: &'a str, token: Option<&'a str>) -> Signer<'a> {
    Signer {
        access_key_id: akid,
        secret_access_key: secret,
        session_token: token,
        region: REGION,
        service: "sts",
    }
}

fn assert_role_credentials(credentials: &Credentials, akid: &str, secret: &str, token: &str) {
    assert_eq!(credentials.access_key_id(), akid);
    assert_eq!(credentials.secret_access_key(), secret);
    assert_eq!(credentials.session_token(), Some(token));
    assert_eq!(
        credentials.expiry(),
        Some(UNIX_EPOCH + Duration::from_secs(EXPIRATION_SECS))
    );
}

fn invalid_reason<T: std::fmt::Debug>(result: Result<T, CredentialsError>) -> String {
    match result {
        Err(CredentialsError::InvalidConfiguration { reason, .. }) => reason,
        other => panic!("expected InvalidConfiguration, got {other:?}"),
    }
}

fn profile_credentials(context: &ProviderContext) -> Result<Credentials, CredentialsError> {
    run(ProfileCredentialsProvider::new(context).provide_credentials())
}

fn static_keys(akid: &str, secret: &str) -> String {
    format!("aws_access_key_id = {akid}\naws_secret_access_key = {secret}\n")
}

// ------------------------------------------------------------ assume role

#[test]
fn assume_role_sends_the_form_signed_with_the_source_credentials() {
    let server = Server::start(vec![
        assume_role_reply(ROLE_ARN, ROLE_AKID, ROLE_SECRET, ROLE_TOKEN),
        assume_role_reply(ROLE_ARN, ROLE_AKID, ROLE_SECRET, ROLE_TOKEN),
    ]);
    let url = server.url();
    let env = [
        ("AWS_REGION", REGION),
        ("AWS_ENDPOINT_URL_STS", url.as_str()),
    ];
    let context = context(&env, "", "");
    let source = Arc::new(Credentials::from_keys(SOURCE_AKID, SOURCE_SECRET));
    let provider = AssumeRoleProvider::new(ROLE_ARN, source.clone(), &context)
        .with_session_name("deploy-session")
        .with_external_id(EXTERNAL_ID)
        .with_duration_seconds(1200);
    let credentials = run(provider.provide_credentials()).expect("role credentials");
    assert_role_credentials(&credentials, ROLE_AKID, ROLE_SECRET, ROLE_TOKEN);
    assert_eq!(credentials.account_id(), Some("111122223333"));

    // Without a session name one is made up, as the SDKs do.
    let provider = AssumeRoleProvider::new(ROLE_ARN, source, &context);
    run(provider.provide_credentials()).expect("role credentials");

    let requests = server.requests();
    assert_eq!(requests.len(), 2, "{:?}", server.problems());
    assert_eq!(requests[0].method, "POST");
    assert_eq!(
        form(&requests[0]),
        pairs(&[
            ("Action", "AssumeRole"),
            ("Version", "2011-06-15"),
            ("RoleArn", ROLE_ARN),
            ("RoleSessionName", "deploy-session"),
            ("ExternalId", EXTERNAL_ID),
            ("DurationSeconds", "1200"),
        ])
    );
    let (fields, session) = form_and_session(&requests[1]);
    assert_eq!(
        fields,
        pairs(&[
            ("Action", "AssumeRole"),
            ("Version", "2011-06-15"),
            ("RoleArn", ROLE_ARN),
        ])
    );
    assert!(session.starts_with("assume-role-provider-"), "{session}");
    for request in &requests {
        verify_signature(request, &signer(SOURCE_AKID, SOURCE_SECRET, None))
            .expect("signed with the source credentials, for the configured region");
        assert!(
            verify_signature(request, &signer(ROLE_AKID, ROLE_SECRET, None)).is_err(),
            "the verifier must tell keys apart"
        );
    }
}

#[test]
fn an_sts_error_names_the_role_and_no_secret() {
    let server = Server::start(vec![access_denied_reply(ROLE_ARN)]);
    let url = server.url();
    let config = format!(
        "[profile app]\nrole_arn = {ROLE_ARN}\nsource_profile = base\nexternal_id = {EXTERNAL_ID}\n\
         [profile base]\n{}",
        static_keys(SOURCE_AKID, SOURCE_SECRET)
    );
    let env = [
        ("AWS_PROFILE", "app"),
        ("AWS_REGION", REGION),
        ("AWS_ENDPOINT_URL", url.as_str()),
    ];
    let context = context(&env, &config, "");
    // Through the default chain: the failure stops it.
    let error = run(DefaultCredentialsChain::new(&context).provide_credentials()).unwrap_err();
    let CredentialsError::ProviderFailed { message, .. } = &error else {
        panic!("expected ProviderFailed, got {error:?}");
    };
    assert!(message.contains(ROLE_ARN), "{message}");
    assert!(message.contains("AccessDenied"), "{message}");
    for text in [error.to_string(), format!("{error:?}")] {
        for secret in [SOURCE_SECRET, EXTERNAL_ID] {
            assert!(!text.contains(secret), "{text}");
        }
    }
    assert_eq!(server.requests().len(), 1);
}

// ------------------------------------------------------------ web identity

#[test]
fn web_identity_from_the_environment_reads_the_token_file_at_each_refresh() {
    let dir = TempDir::new("web-identity");
    let token_file = dir.write("token", &format!("{WEB_TOKEN}\n"));
    let token_path = token_file.to_str().expect("a UTF-8 path");
    let server = Server::start(vec![
        web_identity_reply(ROLE_ARN),
        web_identity_reply(ROLE_ARN),
    ]);
    let url = server.url();
    let env = [
        ("AWS_REGION", REGION),
        ("AWS_ENDPOINT_URL_STS", url.as_str()),
        ("AWS_WEB_IDENTITY_TOKEN_FILE", token_path),
        ("AWS_ROLE_ARN", ROLE_ARN),
        ("AWS_ROLE_SESSION_NAME", "pod-session"),
    ];
    let context = context(&env, "", "");
    let provider = WebIdentityProvider::from_env(&context);
    let credentials = run(provider.provide_credentials()).expect("role credentials");
    assert_role_credentials(&credentials, ROLE_AKID, ROLE_SECRET, ROLE_TOKEN);
    assert_eq!(credentials.account_id(), Some("111122223333"));

    // The platform rotates the token in place.
    std::fs::write(&token_file, "eyJrotated.TOKEN.sig").expect("rewrite the token");
    run(provider.provide_credentials()).expect("role credentials");

    let requests = server.requests();
    assert_eq!(requests.len(), 2, "{:?}", server.problems());
    let expected = |token: &str| {
        pairs(&[
            ("Action", "AssumeRoleWithWebIdentity"),
            ("Version", "2011-06-15"),
            ("RoleArn", ROLE_ARN),
            ("RoleSessionName", "pod-session"),
            ("WebIdentityToken", token),
        ])
    };
    assert_eq!(form(&requests[0]), expected(WEB_TOKEN));
    assert_eq!(form(&requests[1]), expected("eyJrotated.TOKEN.sig"));
    for request in &requests {
        assert_eq!(
            request.header("authorization"),
            None,
            "the call is unsigned"
        );
    }
}

#[test]
fn web_identity_from_the_environment_when_only_some_variables_are_set() {
    let mock = MockTransport::new();
    let provide = |env: &[(&str, &str)]| {
        let context = context_with(env, "", "", Arc::new(mock.clone()));
        pollster::block_on(WebIdentityProvider::from_env(&context).provide_credentials())
    };
    // No token file: nothing to do, whatever else is set.
    for env in [vec![], vec![("AWS_ROLE_ARN", ROLE_ARN)]] {
        let error = provide(&env).unwrap_err();
        assert!(error.is_not_loaded(), "{error:?}");
        assert!(
            error
                .to_string()
                .contains("AWS_WEB_IDENTITY_TOKEN_FILE is not set"),
            "{error}"
        );
    }
    // A token file but no role: configured wrongly.
    let reason = invalid_reason(provide(&[("AWS_WEB_IDENTITY_TOKEN_FILE", "/t")]));
    assert!(reason.contains("AWS_ROLE_ARN is not"), "{reason}");
    // An unreadable file fails, naming the file.
    let error = provide(&[
        ("AWS_WEB_IDENTITY_TOKEN_FILE", "/nonexistent/smithy/token"),
        ("AWS_ROLE_ARN", ROLE_ARN),
    ])
    .unwrap_err();
    assert!(
        matches!(&error, CredentialsError::ProviderFailed { message, .. }
            if message.contains("/nonexistent/smithy/token")),
        "{error:?}"
    );
    assert_eq!(mock.request_count(), 0);
}

#[test]
fn web_identity_from_a_profile() {
    let dir = TempDir::new("web-identity-profile");
    let token_file = dir.write("token", WEB_TOKEN);
    let server = Server::start(vec![web_identity_reply(ROLE_ARN)]);
    let url = server.url();
    let config = format!(
        "[default]\nregion = {REGION}\nendpoint_url = {url}\nrole_arn = {ROLE_ARN}\n\
         web_identity_token_file = {}\nrole_session_name = profile-session\n",
        token_file.display()
    );
    let context = context(&[], &config, "");
    let credentials = profile_credentials(&context).expect("role credentials");
    assert_role_credentials(&credentials, ROLE_AKID, ROLE_SECRET, ROLE_TOKEN);
    let requests = server.requests();
    assert_eq!(requests.len(), 1, "{:?}", server.problems());
    assert_eq!(
        form(&requests[0]),
        pairs(&[
            ("Action", "AssumeRoleWithWebIdentity"),
            ("Version", "2011-06-15"),
            ("RoleArn", ROLE_ARN),
            ("RoleSessionName", "profile-session"),
            ("WebIdentityToken", WEB_TOKEN),
        ])
    );

    let reason = invalid_reason(profile_credentials(&context_with(
        &[],
        "[default]\nweb_identity_token_file = /t\n",
        "",
        Arc::new(MockTransport::new()),
    )));
    assert!(reason.contains("but not `role_arn`"), "{reason}");
}

// ------------------------------------------------------------ profile chains

#[test]
fn a_two_hop_source_profile_chain_assumes_each_role_with_the_previous_credentials() {
    let server = Server::start(vec![
        assume_role_reply(HOP_ROLE_ARN, HOP_AKID, HOP_SECRET, HOP_TOKEN),
        assume_role_reply(ROLE_ARN, ROLE_AKID, ROLE_SECRET, ROLE_TOKEN),
    ]);
    let url = server.url();
    let config = format!(
        "[profile app]\nrole_arn = {ROLE_ARN}\nsource_profile = hub\nexternal_id = {EXTERNAL_ID}\n\
         role_session_name = app-session\nduration_seconds = 900\n\
         [profile hub]\nrole_arn = {HOP_ROLE_ARN}\nsource_profile = base\n"
    );
    let credentials = format!("[base]\n{}", static_keys(SOURCE_AKID, SOURCE_SECRET));
    let env = [
        ("AWS_PROFILE", "app"),
        ("AWS_REGION", REGION),
        ("AWS_ENDPOINT_URL_STS", url.as_str()),
    ];
    let context = context(&env, &config, &credentials);
    let out = run(DefaultCredentialsChain::new(&context).provide_credentials())
        .expect("the chain's credentials");
    assert_role_credentials(&out, ROLE_AKID, ROLE_SECRET, ROLE_TOKEN);

    let requests = server.requests();
    assert_eq!(requests.len(), 2, "{:?}", server.problems());
    // First the hub role, with the base profile's keys.
    let (fields, session) = form_and_session(&requests[0]);
    assert_eq!(
        fields,
        pairs(&[
            ("Action", "AssumeRole"),
            ("Version", "2011-06-15"),
            ("RoleArn", HOP_ROLE_ARN),
        ])
    );
    assert!(session.starts_with("assume-role-provider-"), "{session}");
    verify_signature(&requests[0], &signer(SOURCE_AKID, SOURCE_SECRET, None))
        .expect("the first hop is signed with the base keys");
    // Then the app role, with the hub role's credentials.
    assert_eq!(
        form(&requests[1]),
        pairs(&[
            ("Action", "AssumeRole"),
            ("Version", "2011-06-15"),
            ("RoleArn", ROLE_ARN),
            ("RoleSessionName", "app-session"),
            ("ExternalId", EXTERNAL_ID),
            ("DurationSeconds", "900"),
        ])
    );
    verify_signature(&requests[1], &signer(HOP_AKID, HOP_SECRET, Some(HOP_TOKEN)))
        .expect("the second hop is signed with the first hop's credentials");
}

#[test]
fn a_source_profile_with_static_keys_uses_them_over_its_own_role() {
    let server = Server::start(vec![
        assume_role_reply(ROLE_ARN, ROLE_AKID, ROLE_SECRET, ROLE_TOKEN),
        assume_role_reply(ROLE_ARN, ROLE_AKID, ROLE_SECRET, ROLE_TOKEN),
        assume_role_reply(ROLE_ARN, ROLE_AKID, ROLE_SECRET, ROLE_TOKEN),
    ]);
    let url = server.url();
    let config = format!(
        "[profile app]\nrole_arn = {ROLE_ARN}\nsource_profile = both\n\
         [profile both]\nrole_arn = {HOP_ROLE_ARN}\nsource_profile = nowhere\n{}\
         [profile selfish]\nrole_arn = {ROLE_ARN}\nsource_profile = selfish\n{}\
         [profile root]\nrole_arn = {ROLE_ARN}\nsource_profile = both\n{}",
        static_keys(SOURCE_AKID, SOURCE_SECRET),
        static_keys(HOP_AKID, HOP_SECRET),
        static_keys("AKROOTUNUSED", "root-secret-unused"),
    );
    let env = [("AWS_REGION", REGION), ("AWS_ENDPOINT_URL", url.as_str())];
    let ctx = context(&env, &config, "");
    let provider = ProfileCredentialsProvider::new(&ctx).with_profile("app");
    run(provider.provide_credentials()).expect("role credentials");
    // A profile that is its own source uses its own keys (not a cycle).
    let provider = ProfileCredentialsProvider::new(&ctx).with_profile("selfish");
    run(provider.provide_credentials()).expect("role credentials");
    // In the profile asked for, the role wins over its own static keys.
    let provider = ProfileCredentialsProvider::new(&ctx).with_profile("root");
    let credentials = run(provider.provide_credentials()).expect("role credentials");
    assert_eq!(credentials.access_key_id(), ROLE_AKID);

    let requests = server.requests();
    assert_eq!(requests.len(), 3, "{:?}", server.problems());
    for request in &requests {
        assert!(
            form(request).contains(&("RoleArn".to_owned(), ROLE_ARN.to_owned())),
            "{request:?}"
        );
    }
    verify_signature(&requests[0], &signer(SOURCE_AKID, SOURCE_SECRET, None))
        .expect("signed with the source profile's static keys");
    verify_signature(&requests[1], &signer(HOP_AKID, HOP_SECRET, None))
        .expect("signed with the profile's own keys");
    verify_signature(&requests[2], &signer(SOURCE_AKID, SOURCE_SECRET, None))
        .expect("signed with the source profile's keys, not the root's");
}

#[test]
fn a_source_profile_cycle_is_an_error_naming_the_profiles() {
    let config = format!(
        "[profile a]\nrole_arn = {ROLE_ARN}\nsource_profile = b\n\
         [profile b]\nrole_arn = {HOP_ROLE_ARN}\nsource_profile = c\n\
         [profile c]\nrole_arn = {HOP_ROLE_ARN}\nsource_profile = b\n"
    );
    let mock = MockTransport::new();
    let context = context_with(&[("AWS_PROFILE", "a")], &config, "", Arc::new(mock.clone()));
    let reason = invalid_reason(profile_credentials(&context));
    assert!(reason.contains("`a` -> `b` -> `c` -> `b`"), "{reason}");
    assert!(reason.contains("cycle"), "{reason}");
    assert_eq!(mock.request_count(), 0);
}

#[test]
fn misconfigured_role_profiles_are_invalid_and_call_nothing() {
    let mock = MockTransport::new();
    let reason = |config: String| {
        let context = context_with(&[], &config, "", Arc::new(mock.clone()));
        invalid_reason(profile_credentials(&context))
    };
    let keys = static_keys(SOURCE_AKID, SOURCE_SECRET);
    let cases = [
        (
            format!(
                "[default]\nrole_arn = {ROLE_ARN}\nsource_profile = base\n\
                 mfa_serial = arn:aws:iam::111122223333:mfa/alice\n[profile base]\n{keys}"
            ),
            "sets `mfa_serial`",
        ),
        (
            format!(
                "[default]\nrole_arn = {ROLE_ARN}\nsource_profile = base\n\
                 credential_source = Environment\n[profile base]\n{keys}"
            ),
            "both `source_profile` and `credential_source`",
        ),
        (
            format!("[default]\nrole_arn = {ROLE_ARN}\n{keys}"),
            "neither `source_profile` nor `credential_source`",
        ),
        (
            format!("[default]\nrole_arn = {ROLE_ARN}\nsource_profile = missing\n"),
            "profile `missing` is not defined",
        ),
        (
            format!(
                "[default]\nrole_arn = {ROLE_ARN}\nsource_profile = empty\n\
                 [profile empty]\nregion = {REGION}\n"
            ),
            "profile `empty`, the `source_profile` of `default`, has no credentials",
        ),
        (
            // No container endpoint is configured: nothing to assume the
            // role with, which is a mistake, not a reason to move on.
            format!("[default]\nrole_arn = {ROLE_ARN}\ncredential_source = EcsContainer\n"),
            "AWS_CONTAINER_CREDENTIALS",
        ),
        (
            format!("[default]\nrole_arn = {ROLE_ARN}\ncredential_source = Laptop\n"),
            "expected `Environment`, `Ec2InstanceMetadata` or `EcsContainer`",
        ),
        (
            "[default]\ncredential_source = Environment\n".to_owned(),
            "sets `credential_source` but not `role_arn`",
        ),
        (
            format!(
                "[default]\nrole_arn = {ROLE_ARN}\nsource_profile = base\n\
                 duration_seconds = an hour\n[profile base]\n{keys}"
            ),
            "`duration_seconds = an hour`, which is not a number",
        ),
        (
            format!("[default]\nsso_session = corp\n{keys}"),
            "has no `[sso-session corp]` section",
        ),
        (
            format!("[default]\nsso_start_url = https://corp.awsapps.com/start\n{keys}"),
            "has no `sso_region`",
        ),
        (
            "[default]\naws_access_key_id = AKID\n".to_owned(),
            "sets `aws_access_key_id` but not `aws_secret_access_key`",
        ),
    ];
    for (config, expected) in cases {
        let reason = reason(config);
        assert!(reason.contains(expected), "{reason}\nexpected: {expected}");
        assert!(!reason.contains(SOURCE_SECRET), "{reason}");
    }
    assert_eq!(mock.request_count(), 0);
}

#[test]
fn missing_profiles_and_profiles_without_keys() {
    let mock: SharedTransport = Arc::new(MockTransport::new());
    let result = |env: &[(&str, &str)], config: &str| {
        profile_credentials(&context_with(env, config, "", Arc::clone(&mock)))
    };
    // As the runtime's static-only provider: `default` missing or empty
    // is nothing; a named profile that is missing is a mistake.
    let error = result(&[], "").unwrap_err();
    assert!(error.is_not_loaded(), "{error:?}");
    assert!(
        error
            .to_string()
            .contains("profile `default` is not defined in"),
        "{error}"
    );
    let error = result(&[], "[default]\nregion = x\n").unwrap_err();
    assert!(error.is_not_loaded(), "{error:?}");
    assert!(
        error.to_string().contains("has no `aws_access_key_id`"),
        "{error}"
    );
    let reason = invalid_reason(result(&[("AWS_PROFILE", "dev")], "[default]\n"));
    assert!(reason.contains("profile `dev` is not defined"), "{reason}");
    // Static keys, with the account id.
    let config = format!(
        "[profile dev]\n{}aws_session_token = tok\naws_account_id = 111122223333\n",
        static_keys(SOURCE_AKID, SOURCE_SECRET)
    );
    let credentials = result(&[("AWS_PROFILE", "dev")], &config).expect("static keys");
    assert_eq!(credentials.access_key_id(), SOURCE_AKID);
    assert_eq!(credentials.session_token(), Some("tok"));
    assert_eq!(credentials.account_id(), Some("111122223333"));
    assert_eq!(credentials.expiry(), None);
}

#[test]
fn credential_source_environment_signs_with_the_environment_keys() {
    let server = Server::start(vec![assume_role_reply(
        ROLE_ARN,
        ROLE_AKID,
        ROLE_SECRET,
        ROLE_TOKEN,
    )]);
    let url = server.url();
    let config = format!(
        "[default]\nregion = {REGION}\nrole_arn = {ROLE_ARN}\ncredential_source = Environment\n\
         role_session_name = env-session\n"
    );
    let env = [
        ("AWS_ENDPOINT_URL_STS", url.as_str()),
        ("AWS_ACCESS_KEY_ID", SOURCE_AKID),
        ("AWS_SECRET_ACCESS_KEY", SOURCE_SECRET),
        ("AWS_SESSION_TOKEN", HOP_TOKEN),
    ];
    let credentials = profile_credentials(&context(&env, &config, "")).expect("role credentials");
    assert_role_credentials(&credentials, ROLE_AKID, ROLE_SECRET, ROLE_TOKEN);
    let requests = server.requests();
    assert_eq!(requests.len(), 1, "{:?}", server.problems());
    assert_eq!(
        form(&requests[0]),
        pairs(&[
            ("Action", "AssumeRole"),
            ("Version", "2011-06-15"),
            ("RoleArn", ROLE_ARN),
            ("RoleSessionName", "env-session"),
        ])
    );
    verify_signature(
        &requests[0],
        &signer(SOURCE_AKID, SOURCE_SECRET, Some(HOP_TOKEN)),
    )
    .expect("signed with the environment's credentials");

    // The environment has no keys: the role cannot be assumed, and the
    // chain must not move on to another identity.
    let mock = MockTransport::new();
    let reason = invalid_reason(profile_credentials(&context_with(
        &[],
        &config,
        "",
        Arc::new(mock.clone()),
    )));
    assert!(reason.contains(ROLE_ARN), "{reason}");
    assert!(reason.contains("AWS_ACCESS_KEY_ID"), "{reason}");
    assert_eq!(mock.request_count(), 0);
}

#[test]
fn credential_source_ecs_container_signs_with_the_containers_credentials() {
    let sts = Server::start(vec![assume_role_reply(
        ROLE_ARN,
        ROLE_AKID,
        ROLE_SECRET,
        ROLE_TOKEN,
    )]);
    let container = Server::start(vec![Reply::json(
        200,
        &[],
        &format!(
            r#"{{"AccessKeyId": "{SOURCE_AKID}", "SecretAccessKey": "{SOURCE_SECRET}",
                "Token": "{HOP_TOKEN}", "Expiration": "{EXPIRATION}"}}"#
        ),
    )]);
    let sts_url = sts.url();
    let container_url = format!("{}/creds", container.url());
    let config = format!(
        "[default]\nregion = {REGION}\nrole_arn = {ROLE_ARN}\ncredential_source = EcsContainer\n"
    );
    let env = [
        ("AWS_ENDPOINT_URL_STS", sts_url.as_str()),
        ("AWS_CONTAINER_CREDENTIALS_FULL_URI", container_url.as_str()),
        ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "container-auth-token"),
    ];
    let credentials = profile_credentials(&context(&env, &config, "")).expect("role credentials");
    assert_role_credentials(&credentials, ROLE_AKID, ROLE_SECRET, ROLE_TOKEN);
    let asked = container.requests();
    assert_eq!(asked.len(), 1, "{:?}", container.problems());
    assert_eq!(
        asked[0].header("authorization"),
        Some("container-auth-token")
    );
    let requests = sts.requests();
    assert_eq!(requests.len(), 1, "{:?}", sts.problems());
    verify_signature(
        &requests[0],
        &signer(SOURCE_AKID, SOURCE_SECRET, Some(HOP_TOKEN)),
    )
    .expect("signed with the container's credentials");
}

// ------------------------------------------------------------ STS endpoints

/// The URL an unsigned web identity call is sent to under `env` and
/// `config` (the token file is given by the test).
fn sts_url(env: &[(&str, &str)], config: &str) -> Result<String, CredentialsError> {
    let dir = TempDir::new("sts-url");
    let token_file = dir.write("token", WEB_TOKEN);
    let mock = MockTransport::new();
    let mut env = env.to_vec();
    let token_path = token_file.to_str().expect("a UTF-8 path").to_owned();
    env.push(("AWS_WEB_IDENTITY_TOKEN_FILE", &token_path));
    env.push(("AWS_ROLE_ARN", ROLE_ARN));
    // An answer the client can parse, whatever the URL.
    let body = match web_identity_reply(ROLE_ARN) {
        Reply::Respond { body, .. } => String::from_utf8(body).expect("UTF-8"),
        _ => unreachable!("a response"),
    };
    mock.push_json(200, &[("content-type", "text/xml")], &body);
    let context = context_with(&env, config, "", Arc::new(mock.clone()));
    pollster::block_on(WebIdentityProvider::from_env(&context).provide_credentials())?;
    let request = mock.last_request().expect("a request");
    Ok(request.uri().to_string())
}

/// Environment variables of a case.
type Vars<'a> = &'a [(&'a str, &'a str)];

#[test]
fn sts_is_called_in_the_configured_region_on_its_regional_or_global_endpoint() {
    let cases: &[(Vars, &str, &str)] = &[
        (
            &[("AWS_REGION", "eu-west-1")],
            "",
            "https://sts.eu-west-1.amazonaws.com/",
        ),
        (
            &[],
            "[default]\nregion = ap-south-1\n",
            "https://sts.ap-south-1.amazonaws.com/",
        ),
        // No region: us-east-1's regional endpoint.
        (&[], "", "https://sts.us-east-1.amazonaws.com/"),
        (
            &[
                ("AWS_REGION", "eu-west-1"),
                ("AWS_STS_REGIONAL_ENDPOINTS", "regional"),
            ],
            "",
            "https://sts.eu-west-1.amazonaws.com/",
        ),
        // `legacy`: the global endpoint for the regions that had it ...
        (
            &[
                ("AWS_REGION", "eu-west-1"),
                ("AWS_STS_REGIONAL_ENDPOINTS", "legacy"),
            ],
            "",
            "https://sts.amazonaws.com/",
        ),
        (
            &[("AWS_REGION", "us-east-1")],
            "[default]\nsts_regional_endpoints = legacy\n",
            "https://sts.amazonaws.com/",
        ),
        // ... and the regional one for the others.
        (
            &[
                ("AWS_REGION", "af-south-1"),
                ("AWS_STS_REGIONAL_ENDPOINTS", "legacy"),
            ],
            "",
            "https://sts.af-south-1.amazonaws.com/",
        ),
        // The environment wins over the profile.
        (
            &[
                ("AWS_REGION", "eu-west-1"),
                ("AWS_STS_REGIONAL_ENDPOINTS", "regional"),
            ],
            "[default]\nsts_regional_endpoints = legacy\n",
            "https://sts.eu-west-1.amazonaws.com/",
        ),
        // An endpoint URL wins over the rules' endpoints.
        (
            &[
                ("AWS_REGION", "eu-west-1"),
                ("AWS_ENDPOINT_URL", "http://127.0.0.1:9/any"),
                ("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:9/sts"),
            ],
            "",
            "http://127.0.0.1:9/sts/",
        ),
    ];
    for (env, config, expected) in cases {
        assert_eq!(
            sts_url(env, config).as_deref(),
            Ok(*expected),
            "{env:?} {config:?}"
        );
    }
    let reason = invalid_reason(sts_url(&[("AWS_STS_REGIONAL_ENDPOINTS", "global")], ""));
    assert!(
        reason.contains("AWS_STS_REGIONAL_ENDPOINTS is `global`; expected `regional` or `legacy`"),
        "{reason}"
    );
    let settings = StsSettings::from_context(&context_with(
        &[
            ("AWS_REGION", "eu-west-1"),
            ("AWS_STS_REGIONAL_ENDPOINTS", "LEGACY"),
        ],
        "",
        "",
        Arc::new(MockTransport::new()),
    ))
    .expect("valid settings");
    assert_eq!(settings.region(), "eu-west-1");
    assert!(settings.use_global_endpoint());
    assert_eq!(settings.endpoint_url(), None);
}

// ------------------------------------------------------------ chain

#[test]
fn environment_keys_beat_web_identity_which_beats_the_profile() {
    let dir = TempDir::new("precedence");
    let token_file = dir.write("token", WEB_TOKEN);
    let token_path = token_file.to_str().expect("a UTF-8 path");
    let server = Server::start(vec![web_identity_reply(ROLE_ARN)]);
    let url = server.url();
    let profile = format!("[default]\n{}", static_keys("AKPROFILE", "profile-secret"));
    let keys = [
        ("AWS_ACCESS_KEY_ID", "AKENV"),
        ("AWS_SECRET_ACCESS_KEY", "env-secret"),
    ];
    let web = [
        ("AWS_ENDPOINT_URL_STS", url.as_str()),
        ("AWS_WEB_IDENTITY_TOKEN_FILE", token_path),
        ("AWS_ROLE_ARN", ROLE_ARN),
    ];
    let access_key = |env: Vec<(&str, &str)>| {
        let context = context(&env, "", &profile);
        run(DefaultCredentialsChain::new(&context).provide_credentials())
            .map(|c| c.access_key_id().to_owned())
    };
    let all: Vec<_> = keys.iter().chain(web.iter()).copied().collect();
    assert_eq!(access_key(all).as_deref(), Ok("AKENV"));
    assert_eq!(
        server.requests().len(),
        0,
        "the environment's keys need no call"
    );
    assert_eq!(access_key(web.to_vec()).as_deref(), Ok(ROLE_AKID));
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    // No AWS_ROLE_SESSION_NAME: a made-up one, as aws-sdk-rust's.
    let (_, session) = form_and_session(&requests[0]);
    assert!(session.starts_with("web-identity-token-"), "{session}");
    assert_eq!(access_key(vec![]).as_deref(), Ok("AKPROFILE"));
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn assumed_credentials_sign_a_generated_call_end_to_end() {
    let server = Server::start(vec![
        assume_role_reply(ROLE_ARN, ROLE_AKID, ROLE_SECRET, ROLE_TOKEN),
        xml(
            200,
            r#"<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
    <Arn>arn:aws:sts::111122223333:assumed-role/deploy/app-session</Arn>
    <UserId>AROA3XFRBF535PLBIFPI4:app-session</UserId>
    <Account>111122223333</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata>
    <RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId>
  </ResponseMetadata>
</GetCallerIdentityResponse>"#
                .to_owned(),
        ),
    ]);
    let url = server.url();
    let config = format!(
        "[default]\nregion = {REGION}\nrole_arn = {ROLE_ARN}\nsource_profile = base\n\
         role_session_name = app-session\n[profile base]\n{}",
        static_keys(SOURCE_AKID, SOURCE_SECRET)
    );
    let context = context(&[("AWS_ENDPOINT_URL_STS", url.as_str())], &config, "");
    let chain = Arc::new(DefaultCredentialsChain::new(&context));
    let client_config = Config::new()
        .with_region(REGION)
        .with_endpoint_url(url.as_str())
        .with_credentials_provider(chain);
    let client = sts::Client::new(client_config, transport());
    let identity =
        run(client.get_caller_identity(sts::types::GetCallerIdentityRequest::builder().build()))
            .expect("GetCallerIdentity");
    assert_eq!(identity.account.as_deref(), Some("111122223333"));

    let requests = server.requests();
    assert_eq!(requests.len(), 2, "{:?}", server.problems());
    verify_signature(&requests[0], &signer(SOURCE_AKID, SOURCE_SECRET, None))
        .expect("AssumeRole signed with the source keys");
    assert_eq!(
        form(&requests[1]),
        pairs(&[("Action", "GetCallerIdentity"), ("Version", "2011-06-15")])
    );
    verify_signature(
        &requests[1],
        &signer(ROLE_AKID, ROLE_SECRET, Some(ROLE_TOKEN)),
    )
    .expect("GetCallerIdentity signed with the assumed credentials");
}

// ------------------------------------------------------------ secrets

#[test]
fn no_secret_in_any_debug_display_or_error() {
    let dir = TempDir::new("secrets");
    let token_file = dir.write("token", WEB_TOKEN);
    let token_path = token_file.to_str().expect("a UTF-8 path");
    let server = Server::start(vec![
        web_identity_reply(ROLE_ARN),
        assume_role_reply(ROLE_ARN, ROLE_AKID, ROLE_SECRET, ROLE_TOKEN),
        access_denied_reply(ROLE_ARN),
        xml(
            400,
            r#"<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error><Type>Sender</Type><Code>InvalidIdentityToken</Code><Message>Couldn't retrieve verification key from your identity provider</Message></Error>
  <RequestId>x</RequestId>
</ErrorResponse>"#
                .to_owned(),
        ),
    ]);
    let url = server.url();
    let config = format!(
        "[profile app]\nrole_arn = {ROLE_ARN}\nsource_profile = base\nexternal_id = {EXTERNAL_ID}\n\
         [profile base]\n{}aws_session_token = {HOP_TOKEN}\n",
        static_keys(SOURCE_AKID, SOURCE_SECRET)
    );
    let env = [
        ("AWS_REGION", REGION),
        ("AWS_ENDPOINT_URL_STS", url.as_str()),
        ("AWS_WEB_IDENTITY_TOKEN_FILE", token_path),
        ("AWS_ROLE_ARN", ROLE_ARN),
        ("AWS_ACCESS_KEY_ID", SOURCE_AKID),
        ("AWS_SECRET_ACCESS_KEY", SOURCE_SECRET),
    ];
    let context = context(&env, &config, "");
    let web = WebIdentityProvider::from_env(&context);
    let profile = ProfileCredentialsProvider::new(&context).with_profile("app");
    let role = AssumeRoleProvider::new(
        ROLE_ARN,
        Arc::new(Credentials::new(
            SOURCE_AKID,
            SOURCE_SECRET,
            Some(HOP_TOKEN.to_owned()),
        )),
        &context,
    )
    .with_external_id(EXTERNAL_ID);
    let chain = DefaultCredentialsChain::new(&context);
    let outcomes = [
        run(web.provide_credentials()),
        run(profile.provide_credentials()),
        run(role.provide_credentials()),
        run(web.provide_credentials()),
    ];
    assert!(outcomes[0].is_ok() && outcomes[1].is_ok(), "{outcomes:?}");
    assert!(outcomes[2].is_err() && outcomes[3].is_err(), "{outcomes:?}");
    let mut texts = vec![
        format!("{web:?}"),
        format!("{profile:?}"),
        format!("{role:?}"),
        format!("{chain:?}"),
        format!("{context:?}"),
    ];
    for outcome in &outcomes {
        texts.push(format!("{outcome:?}"));
        texts.push(format!("{outcome:#?}"));
        if let Err(error) = outcome {
            texts.push(error.to_string());
        }
    }
    for text in &texts {
        for secret in [
            SOURCE_SECRET,
            HOP_TOKEN,
            ROLE_SECRET,
            ROLE_TOKEN,
            WEB_TOKEN,
            EXTERNAL_ID,
        ] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
    }
    assert_eq!(server.requests().len(), 4, "{:?}", server.problems());
}

#[test]
fn the_global_endpoint_is_signed_for_us_east_1() {
    let mock = MockTransport::new();
    let body = match assume_role_reply(ROLE_ARN, ROLE_AKID, ROLE_SECRET, ROLE_TOKEN) {
        Reply::Respond { body, .. } => String::from_utf8(body).expect("UTF-8"),
        _ => unreachable!("a response"),
    };
    mock.push_json(200, &[("content-type", "text/xml")], &body);
    mock.push_json(200, &[("content-type", "text/xml")], &body);
    for (mode, url, scope) in [
        (
            "legacy",
            "https://sts.amazonaws.com/",
            "/us-east-1/sts/aws4_request",
        ),
        (
            "regional",
            "https://sts.eu-west-1.amazonaws.com/",
            "/eu-west-1/sts/aws4_request",
        ),
    ] {
        let env = [
            ("AWS_REGION", "eu-west-1"),
            ("AWS_STS_REGIONAL_ENDPOINTS", mode),
        ];
        let context = context_with(&env, "", "", Arc::new(mock.clone()));
        let source = Arc::new(Credentials::from_keys(SOURCE_AKID, SOURCE_SECRET));
        let provider = AssumeRoleProvider::new(ROLE_ARN, source, &context);
        pollster::block_on(provider.provide_credentials()).expect("role credentials");
        let request = mock.last_request().expect("a request");
        assert_eq!(request.uri().to_string(), url);
        let authorization = request
            .headers()
            .get("authorization")
            .and_then(|value| value.to_str().ok())
            .expect("signed");
        assert!(authorization.contains(scope), "{authorization}");
    }
}
