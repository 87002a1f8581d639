//! Response parsing of the generated Image Builder client: an arbitrary
//! status, headers and body, queued on a `MockTransport`, answer a valid
//! `UpdateInfrastructureConfiguration` call. The result may be `Ok` or any
//! `Err`; the client must not panic, must send exactly one request (retries
//! are off) and must report a service error with the status it received.
#![no_main]

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use arbitrary::Arbitrary;
use imagebuilder::Client;
use imagebuilder::types::UpdateInfrastructureConfigurationRequest;
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value};
use smithy_runtime::credentials::Credentials;
use smithy_runtime::{Config, MockTransport, ProvideErrorMetadata, RetryConfig, SdkError};

const ENDPOINT: &str = "http://localhost:8080";
const ARN: &str = "arn:aws:imagebuilder:us-east-1:123456789012:infrastructure-configuration/web";

/// Header names the client reads, and a few it should ignore.
const HEADERS: &[&str] = &[
    "content-type",
    "x-amzn-errortype",
    "X-Amzn-ErrorType",
    "x-amzn-requestid",
    "x-amz-request-id",
    "content-length",
    "retry-after",
    "date",
    "x-amzn-query-error",
    "transfer-encoding",
    "content-encoding",
];

/// Body members the client reads.
const KEYS: &[&str] = &[
    "infrastructureConfigurationArn",
    "clientToken",
    "requestId",
    "__type",
    "code",
    "message",
    "Message",
    "errorMessage",
    "error",
    "",
];

/// Error codes as a service sends them, in the three places restJson1 puts them.
const CODES: &[&str] = &[
    "ServiceException",
    "ClientException",
    "ServiceUnavailableException",
    "InvalidRequestException",
    "IdempotentParameterMismatchException",
    "ForbiddenException",
    "CallRateLimitExceededException",
    "ResourceInUseException",
    "com.amazonaws.imagebuilder#ClientException",
    "ClientException:http://internal.amazon.com/coral/com.amazonaws.imagebuilder/",
    "aws.protocoltests.restjson#FooError:http://x#y",
    "#",
    ":",
    "",
];

#[derive(Debug, Arbitrary)]
enum Name {
    Known(u8),
    Raw(String),
}

impl Name {
    fn text(&self, table: &[&'static str]) -> String {
        match self {
            Name::Known(i) => table[usize::from(*i) % table.len()].to_owned(),
            Name::Raw(s) => s.clone(),
        }
    }
}

#[derive(Debug, Arbitrary)]
enum Json {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(f64),
    Str(String),
    Code(u8),
    Array(Vec<Json>),
    Object(Vec<(Name, Json)>),
}

impl Json {
    fn value(&self) -> Value {
        match self {
            Json::Null => Value::Null,
            Json::Bool(b) => Value::Bool(*b),
            Json::Int(i) => Value::from(*i),
            Json::UInt(u) => Value::from(*u),
            Json::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
            Json::Str(s) => Value::String(s.clone()),
            Json::Code(i) => Value::String(CODES[usize::from(*i) % CODES.len()].to_owned()),
            Json::Array(items) => Value::Array(items.iter().map(Json::value).collect()),
            Json::Object(members) => Value::Object(object(members)),
        }
    }
}

fn object(members: &[(Name, Json)]) -> Map<String, Value> {
    members
        .iter()
        .map(|(name, value)| (name.text(KEYS), value.value()))
        .collect()
}

#[derive(Debug, Arbitrary)]
enum Body {
    /// Any bytes (HTML from a proxy, truncated JSON, invalid UTF-8...).
    Raw(Vec<u8>),
    /// A JSON object of members the client reads, with values of any type.
    Object(Vec<(Name, Json)>),
    /// Any JSON value.
    Json(Json),
}

impl Body {
    fn bytes(&self) -> Vec<u8> {
        match self {
            Body::Raw(bytes) => bytes.clone(),
            Body::Object(members) => Value::Object(object(members)).to_string().into_bytes(),
            Body::Json(json) => json.value().to_string().into_bytes(),
        }
    }
}

#[derive(Debug, Arbitrary)]
enum HeaderValue {
    Raw(Vec<u8>),
    Code(u8),
}

#[derive(Debug, Arbitrary)]
struct Input {
    status: u16,
    headers: Vec<(Name, HeaderValue)>,
    body: Body,
    signed: bool,
}

impl Input {
    fn response(&self) -> smithy_runtime::HttpResponse {
        let mut response = http::Response::new(self.body.bytes());
        // `http` takes 100..=999.
        *response.status_mut() = http::StatusCode::from_u16(100 + self.status % 900)
            .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
        for (name, value) in &self.headers {
            let Ok(name) = http::HeaderName::try_from(name.text(HEADERS)) else {
                continue;
            };
            let value = match value {
                HeaderValue::Raw(bytes) => http::HeaderValue::from_bytes(bytes),
                HeaderValue::Code(i) => {
                    http::HeaderValue::from_str(CODES[usize::from(*i) % CODES.len()])
                }
            };
            if let Ok(value) = value {
                response.headers_mut().append(name, value);
            }
        }
        response
    }
}

/// Polls `future` to completion with a no-op waker: every future here is
/// ready at once (the mock answers synchronously, retries are off).
fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut context = Context::from_waker(Waker::noop());
    for _ in 0..1_000_000 {
        if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
        std::thread::yield_now();
    }
    panic!("the call never completed although its response was queued");
}

fuzz_target!(|input: Input| {
    let mut config = Config::new()
        .with_endpoint_url(ENDPOINT)
        .with_retry(RetryConfig::disabled());
    if input.signed {
        config = config
            .with_region("us-east-1")
            .with_credentials(Credentials::from_keys("AKIDEXAMPLE", "secret"));
    }
    let mock = MockTransport::new();
    let response = input.response();
    let status = response.status().as_u16();
    mock.push_response(response);
    let client = Client::new(config, mock.clone());
    let request = UpdateInfrastructureConfigurationRequest::builder()
        .infrastructure_configuration_arn(ARN)
        .instance_profile_name("ImageBuilderInstanceProfile")
        .instance_types(vec!["m5.large".to_owned()])
        .client_token("5f0c6c8e-2d4b-4f7a-9a61-0b8d3e2c1a77")
        .build()
        .expect("a valid request");

    let outcome = block_on(client.update_infrastructure_configuration(request));
    assert_eq!(mock.request_count(), 1, "retries are disabled");
    match outcome {
        Ok(output) => {
            std::hint::black_box(format!("{output:?}"));
            std::hint::black_box(serde_json::to_string(&output).expect("output serializes"));
        }
        Err(error) => {
            std::hint::black_box(format!("{error} {error:?}"));
            let mut source = std::error::Error::source(&error);
            while let Some(inner) = source {
                std::hint::black_box(inner.to_string());
                source = inner.source();
            }
            if let SdkError::Service(service) = &error {
                assert_eq!(service.status(), status, "a service error keeps its status");
                std::hint::black_box((service.code(), service.message(), service.request_id()));
            }
        }
    }
});
