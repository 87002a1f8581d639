//! Per-call cost of UpdateInfrastructureConfiguration without a network,
//! with the AWS SDK for Rust: build the input, validate, serialize, sign
//! (static credentials), send to the SDK's in-memory `StaticReplayClient`
//! and parse a canned 200 response or a canned 400
//! `InvalidRequestException`. The same work as `ours-percall`.
//!
//! `sdk-percall time ok|err CALLS BATCH`: median wall time per call over
//! batches of BATCH calls (canned responses and clients are prepared
//! outside the timed region). `sdk-percall count ok|err CALLS` and
//! `sdk-percall prep ok|err CALLS`: for callgrind, CALLS calls in one batch,
//! or only the preparation of CALLS canned responses.

use std::hint::black_box;
use std::time::Instant;

use aws_sdk_imagebuilder::Client;
use aws_sdk_imagebuilder::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_imagebuilder::error::SdkError;
use aws_sdk_imagebuilder::operation::update_infrastructure_configuration::UpdateInfrastructureConfigurationError as OperationError;
use aws_sdk_imagebuilder::types::{Logging, S3Logs};
use aws_smithy_http_client::test_util::{ReplayEvent, StaticReplayClient};
use aws_smithy_types::body::SdkBody;

const ARN: &str = "arn:aws:imagebuilder:us-east-1:123456789012:infrastructure-configuration/build";
const OK_BODY: &str = r#"{"requestId":"a1b2c3d4-5678-90ab-cdef-EXAMPLE11111","clientToken":"c0ffee00-0000-4000-8000-000000000000","infrastructureConfigurationArn":"arn:aws:imagebuilder:us-east-1:123456789012:infrastructure-configuration/build"}"#;
const ERR_BODY: &str =
    r#"{"message":"The value supplied for parameter instanceTypes is not valid."}"#;
const REQUEST_ID: &str = "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111";

fn event(ok: bool) -> ReplayEvent {
    let request = http::Request::builder()
        .uri("https://imagebuilder.us-east-1.amazonaws.com/UpdateInfrastructureConfiguration")
        .body(SdkBody::empty())
        .expect("a request");
    let response = http::Response::builder()
        .header("content-type", "application/json")
        .header("x-amzn-requestid", REQUEST_ID);
    let response = if ok {
        response.status(200).body(SdkBody::from(OK_BODY))
    } else {
        response
            .status(400)
            .header("x-amzn-errortype", "InvalidRequestException")
            .body(SdkBody::from(ERR_BODY))
    };
    ReplayEvent::new(request, response.expect("a response"))
}

fn prepare(ok: bool, calls: usize) -> Client {
    let replay = StaticReplayClient::new((0..calls).map(|_| event(ok)).collect());
    let config = aws_sdk_imagebuilder::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            None,
            None,
            "static",
        ))
        .http_client(replay)
        .build();
    Client::from_conf(config)
}

async fn call(client: &Client, ok: bool) {
    let result = client
        .update_infrastructure_configuration()
        .infrastructure_configuration_arn(ARN)
        .instance_profile_name("ImageBuilderInstance")
        .description("Build infrastructure")
        .instance_types("m5.large")
        .instance_types("m5.xlarge")
        .security_group_ids("sg-0123456789abcdef0")
        .subnet_id("subnet-0123456789abcdef0")
        .logging(
            Logging::builder()
                .s3_logs(
                    S3Logs::builder()
                        .s3_bucket_name("my-build-logs")
                        .s3_key_prefix("imagebuilder/")
                        .build(),
                )
                .build(),
        )
        .terminate_instance_on_failure(true)
        .resource_tags("team", "build")
        .send()
        .await;
    match (ok, result) {
        (true, Ok(output)) => {
            assert!(output.infrastructure_configuration_arn().is_some());
            black_box(output);
        }
        (false, Err(SdkError::ServiceError(error))) => {
            assert!(
                matches!(error.err(), OperationError::InvalidRequestException(_)),
                "{error:?}"
            );
            black_box(error);
        }
        (_, other) => panic!("unexpected outcome: {other:?}"),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let usage = "usage: sdk-percall time|count|prep ok|err CALLS [BATCH]";
    let mode = args.get(1).expect(usage).as_str();
    let ok = match args.get(2).map(String::as_str) {
        Some("ok") => true,
        Some("err") => false,
        _ => panic!("{usage}"),
    };
    let calls: usize = args.get(3).expect(usage).parse().expect(usage);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("a Tokio runtime");
    runtime.block_on(async {
        match mode {
            "time" => {
                let batch: usize = args.get(4).map_or(1000, |b| b.parse().expect(usage));
                let mut per_call = Vec::new();
                let mut done = 0;
                // One untimed warm-up batch.
                let client = prepare(ok, batch);
                for _ in 0..batch {
                    call(&client, ok).await;
                }
                while done < calls {
                    let client = prepare(ok, batch);
                    let start = Instant::now();
                    for _ in 0..batch {
                        call(&client, ok).await;
                    }
                    per_call.push(start.elapsed().as_nanos() as f64 / batch as f64);
                    done += batch;
                }
                per_call.sort_by(f64::total_cmp);
                println!("{:.0}", per_call[per_call.len() / 2]);
            }
            "count" => {
                let client = prepare(ok, calls);
                for _ in 0..calls {
                    call(&client, ok).await;
                }
                // Not dropped: freeing the recorded requests would be per-call work.
                std::mem::forget(client);
            }
            "prep" => {
                std::mem::forget(black_box(prepare(ok, calls)));
            }
            _ => panic!("{usage}"),
        }
    });
}
