//! Which source of the default chain wins, for a table of environments and
//! profile files, as the SDKs' default-chain tests do: each row gives what
//! is configured, the access key id that must win and the requests the
//! chain may make (answered by a mock transport, in order).

use std::sync::Arc;

use smithy_config::{DefaultCredentialsChain, ProviderContext};
use smithy_runtime::credentials::{CredentialsError, ProvideCredentials};
use smithy_runtime::env::Env;
use smithy_runtime::profile::ProfileSet;
use smithy_runtime::{HttpResponse, MockTransport};

const ROLE_ARN: &str = "arn:aws:iam::123456789012:role/app";

/// What a source answers, by the key id it hands out.
fn sts_answer(action: &str, akid: &str) -> HttpResponse {
    let body = format!(
        "<{action}Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\
         <{action}Result><Credentials><AccessKeyId>{akid}</AccessKeyId>\
         <SecretAccessKey>secret</SecretAccessKey><SessionToken>token</SessionToken>\
         <Expiration>2030-01-01T00:00:00Z</Expiration></Credentials>\
         <AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/app/s</Arn>\
         <AssumedRoleId>AROA:s</AssumedRoleId></AssumedRoleUser></{action}Result>\
         </{action}Response>"
    );
    text(200, &body)
}

fn json_credentials(akid: &str) -> HttpResponse {
    text(
        200,
        &format!(
            r#"{{"Code": "Success", "AccessKeyId": "{akid}", "SecretAccessKey": "secret",
                "Token": "token", "Expiration": "2030-01-01T00:00:00Z"}}"#
        ),
    )
}

fn text(status: u16, body: &str) -> HttpResponse {
    let mut response = HttpResponse::new(body.as_bytes().to_vec());
    *response.status_mut() = smithy_runtime::http::StatusCode::from_u16(status).unwrap();
    response
}

struct Row {
    name: &'static str,
    env: Vec<(&'static str, String)>,
    config: String,
    credentials: &'static str,
    answers: Vec<HttpResponse>,
    /// The winner's key id, or text the error must contain.
    expect: Result<&'static str, &'static str>,
    /// The hosts asked, in order.
    asked: Vec<&'static str>,
}

fn env_keys() -> Vec<(&'static str, String)> {
    vec![
        ("AWS_ACCESS_KEY_ID", "AKENV".to_owned()),
        ("AWS_SECRET_ACCESS_KEY", "secret".to_owned()),
    ]
}

fn web_identity(dir: &std::path::Path) -> Vec<(&'static str, String)> {
    let token = dir.join("token");
    std::fs::write(&token, "a-web-identity-token").unwrap();
    vec![
        ("AWS_WEB_IDENTITY_TOKEN_FILE", token.display().to_string()),
        ("AWS_ROLE_ARN", ROLE_ARN.to_owned()),
    ]
}

fn container() -> Vec<(&'static str, String)> {
    vec![(
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        "http://127.0.0.1:9/credentials".to_owned(),
    )]
}

fn imds() -> Vec<(&'static str, String)> {
    vec![(
        "AWS_EC2_METADATA_SERVICE_ENDPOINT",
        "http://127.0.0.2:9".to_owned(),
    )]
}

fn common() -> Vec<(&'static str, String)> {
    vec![
        ("AWS_REGION", "eu-west-1".to_owned()),
        ("AWS_ENDPOINT_URL_STS", "http://127.0.0.3:9".to_owned()),
    ]
}

const STATIC_PROFILE: &str =
    "[default]\naws_access_key_id = AKPROFILE\naws_secret_access_key = s\n";

fn rows(dir: &std::path::Path) -> Vec<Row> {
    let all = |parts: &[Vec<(&'static str, String)>]| -> Vec<(&'static str, String)> {
        parts.iter().flatten().cloned().collect()
    };
    let disabled = vec![("AWS_EC2_METADATA_DISABLED", "true".to_owned())];
    vec![
        Row {
            name: "the environment beats every other source",
            env: all(&[env_keys(), web_identity(dir), container(), imds()]),
            config: STATIC_PROFILE.to_owned(),
            credentials: "",
            answers: vec![],
            expect: Ok("AKENV"),
            asked: vec![],
        },
        Row {
            name: "web identity beats the profile, the container and IMDS",
            env: all(&[web_identity(dir), container(), imds()]),
            config: STATIC_PROFILE.to_owned(),
            credentials: "",
            answers: vec![sts_answer("AssumeRoleWithWebIdentity", "AKWEB")],
            expect: Ok("AKWEB"),
            asked: vec!["127.0.0.3"],
        },
        Row {
            name: "the profile's static keys beat the container and IMDS",
            env: all(&[container(), imds()]),
            config: String::new(),
            credentials: STATIC_PROFILE,
            answers: vec![],
            expect: Ok("AKPROFILE"),
            asked: vec![],
        },
        Row {
            name: "a profile's role is assumed with its source profile's keys",
            env: all(&[container(), imds()]),
            config: format!(
                "[default]\nrole_arn = {ROLE_ARN}\nsource_profile = base\n\
                 [profile base]\naws_access_key_id = AKBASE\naws_secret_access_key = s\n"
            ),
            credentials: "",
            answers: vec![sts_answer("AssumeRole", "AKROLE")],
            expect: Ok("AKROLE"),
            asked: vec!["127.0.0.3"],
        },
        Row {
            name: "the container beats IMDS",
            env: all(&[container(), imds()]),
            config: String::new(),
            credentials: "",
            answers: vec![json_credentials("AKCONTAINER")],
            expect: Ok("AKCONTAINER"),
            asked: vec!["127.0.0.1"],
        },
        Row {
            name: "IMDS comes last",
            env: imds(),
            config: String::new(),
            credentials: "",
            answers: vec![
                text(200, "an-imds-token"),
                text(200, "app-role"),
                json_credentials("AKIMDS"),
            ],
            expect: Ok("AKIMDS"),
            asked: vec!["127.0.0.2", "127.0.0.2", "127.0.0.2"],
        },
        Row {
            name: "a misconfigured profile stops the chain before the container",
            env: all(&[container(), imds()]),
            config: String::new(),
            credentials: "[default]\naws_access_key_id = AKHALF\n",
            answers: vec![],
            expect: Err("sets `aws_access_key_id` but not `aws_secret_access_key`"),
            asked: vec![],
        },
        Row {
            name: "nothing configured: every source is named",
            env: disabled,
            config: String::new(),
            credentials: "",
            answers: vec![],
            expect: Err("tried environment"),
            asked: vec![],
        },
    ]
}

#[test]
fn the_first_source_with_credentials_wins() {
    let dir = std::env::temp_dir().join(format!("smithy-chain-table-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut failures = Vec::new();
    for row in rows(&dir) {
        let mock = MockTransport::new();
        for answer in row.answers {
            mock.push_response(answer);
        }
        let mut env = common();
        env.extend(row.env);
        let env = Env::from_map(env.iter().map(|(k, v)| (*k, v.as_str())));
        let profiles = ProfileSet::parse(&row.config, row.credentials, "default");
        let context = ProviderContext::new(env, profiles, Arc::new(mock.clone()));
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let outcome = runtime
            .block_on(DefaultCredentialsChain::new(&context).provide_credentials())
            .map(|c| c.access_key_id().to_owned());
        let ok = match (&outcome, row.expect) {
            (Ok(akid), Ok(expected)) => akid == expected,
            (Err(error), Err(expected)) => error.to_string().contains(expected),
            _ => false,
        };
        if !ok {
            failures.push(format!(
                "{}: {outcome:?}, expected {:?}",
                row.name, row.expect
            ));
        }
        let asked: Vec<String> = mock
            .requests()
            .iter()
            .map(|r| r.uri().host().unwrap_or_default().to_owned())
            .collect();
        if asked != row.asked {
            failures.push(format!(
                "{}: asked {asked:?}, expected {:?}",
                row.name, row.asked
            ));
        }
        if let Err(CredentialsError::NoneFound { tried }) = &outcome {
            let sources: Vec<&str> = tried.iter().map(|(p, _)| p.as_str()).collect();
            if sources.len() != 5 {
                failures.push(format!("{}: tried {sources:?}", row.name));
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
