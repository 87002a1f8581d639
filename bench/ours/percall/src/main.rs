//! Per-call cost of UpdateInfrastructureConfiguration without a network:
//! build the input, validate, serialize, sign (static credentials), send to
//! `MockTransport` and parse a canned 200 response or a canned 400
//! `InvalidRequestException`. The same work as `sdk-percall`.
//!
//! `ours-percall time ok|err CALLS BATCH`: median wall time per call over
//! batches of BATCH calls (canned responses and clients are prepared
//! outside the timed region). `ours-percall count ok|err CALLS` and
//! `ours-percall prep ok|err CALLS`: for callgrind, CALLS calls in one batch,
//! or only the preparation of CALLS canned responses.
//!
//! `ours-percall trace CALLS BATCH`: what the runtime's `tracing` spans and
//! events cost when nobody listens. The ok call, timed as `time` does,
//! first with no subscriber at all (every span and event a check of the
//! global max level), then with a global subscriber that wants nothing of
//! `smithy_runtime` (each callsite's interest cached as never); prints both
//! medians in ns per call and their ratio. With `PERCALL_SUBSCRIBER=disabled`
//! in the environment, the other modes run with that subscriber installed
//! (for callgrind's instruction counts, which the load of the machine does
//! not disturb).

use std::collections::HashMap;
use std::future::Future;
use std::hint::black_box;
use std::pin::pin;
use std::task::{Context, Poll, Waker};
use std::time::Instant;

use imagebuilder::Client;
use imagebuilder::error::UpdateInfrastructureConfigurationError as OperationError;
use imagebuilder::types::{Logging, S3Logs, UpdateInfrastructureConfigurationRequest};
use smithy_runtime::credentials::Credentials;
use smithy_runtime::{Config, MockTransport, SdkError};

const ARN: &str = "arn:aws:imagebuilder:us-east-1:123456789012:infrastructure-configuration/build";
const OK_BODY: &str = r#"{"requestId":"a1b2c3d4-5678-90ab-cdef-EXAMPLE11111","clientToken":"c0ffee00-0000-4000-8000-000000000000","infrastructureConfigurationArn":"arn:aws:imagebuilder:us-east-1:123456789012:infrastructure-configuration/build"}"#;
const ERR_BODY: &str =
    r#"{"message":"The value supplied for parameter instanceTypes is not valid."}"#;
const REQUEST_ID: &str = "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111";

/// Polls a future that never waits (the mock answers at once).
fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
    }
}

fn prepare(ok: bool, calls: usize) -> Client<MockTransport> {
    let mock = MockTransport::new();
    for _ in 0..calls {
        if ok {
            mock.push_json(200, &[("x-amzn-requestid", REQUEST_ID)], OK_BODY);
        } else {
            mock.push_json(
                400,
                &[
                    ("x-amzn-requestid", REQUEST_ID),
                    ("x-amzn-errortype", "InvalidRequestException"),
                ],
                ERR_BODY,
            );
        }
    }
    let config = Config::new()
        .with_region("us-east-1")
        .with_credentials(Credentials::from_keys(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        ));
    Client::new(config, mock)
}

fn call(client: &Client<MockTransport>, ok: bool) {
    let input = UpdateInfrastructureConfigurationRequest::builder()
        .infrastructure_configuration_arn(ARN)
        .instance_profile_name("ImageBuilderInstance")
        .description("Build infrastructure")
        .instance_types(vec!["m5.large".to_owned(), "m5.xlarge".to_owned()])
        .security_group_ids(vec!["sg-0123456789abcdef0".to_owned()])
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
        .resource_tags(HashMap::from([("team".to_owned(), "build".to_owned())]))
        .build()
        .expect("a valid input");
    let result = block_on(client.update_infrastructure_configuration(black_box(input)));
    match (ok, result) {
        (true, Ok(output)) => {
            assert!(output.infrastructure_configuration_arn.is_some());
            black_box(output);
        }
        (false, Err(SdkError::Service(error))) => {
            assert!(
                matches!(*error, OperationError::InvalidRequestException(_)),
                "{error:?}"
            );
            black_box(error);
        }
        (_, other) => panic!("unexpected outcome: {other:?}"),
    }
}

/// A subscriber that wants nothing from the runtime (and records nothing
/// of anything else either).
struct NotTheRuntime;

impl tracing::Subscriber for NotTheRuntime {
    fn enabled(&self, metadata: &tracing::Metadata<'_>) -> bool {
        !metadata.target().starts_with("smithy_runtime")
    }
    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, _: &tracing::Event<'_>) {}
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

/// The median ns per ok call over batches of `batch`, after a warm-up batch.
fn median_ns(calls: usize, batch: usize) -> f64 {
    let client = prepare(true, batch);
    (0..batch).for_each(|_| call(&client, true));
    let mut per_call = Vec::new();
    let mut done = 0;
    while done < calls {
        let client = prepare(true, batch);
        let start = Instant::now();
        (0..batch).for_each(|_| call(&client, true));
        per_call.push(start.elapsed().as_nanos() as f64 / batch as f64);
        done += batch;
    }
    per_call.sort_by(f64::total_cmp);
    per_call[per_call.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let usage = "usage: ours-percall time|count|prep ok|err CALLS [BATCH] | trace CALLS [BATCH]";
    let mode = args.get(1).expect(usage).as_str();
    if std::env::var_os("PERCALL_SUBSCRIBER").is_some_and(|v| v == "disabled") {
        tracing::subscriber::set_global_default(NotTheRuntime).expect("the first subscriber");
    }
    if mode == "trace" {
        let calls: usize = args.get(2).expect(usage).parse().expect(usage);
        let batch: usize = args.get(3).map_or(1000, |b| b.parse().expect(usage));
        let none = median_ns(calls, batch);
        tracing::subscriber::set_global_default(NotTheRuntime).expect("the first subscriber");
        let disabled = median_ns(calls, batch);
        println!(
            "no subscriber: {none:.0} ns/call; subscriber disabled for smithy_runtime: {disabled:.0} ns/call; ratio {:.3}",
            disabled / none
        );
        return;
    }
    let ok = match args.get(2).map(String::as_str) {
        Some("ok") => true,
        Some("err") => false,
        _ => panic!("{usage}"),
    };
    let calls: usize = args.get(3).expect(usage).parse().expect(usage);
    match mode {
        "time" => {
            let batch: usize = args.get(4).map_or(1000, |b| b.parse().expect(usage));
            let mut per_call = Vec::new();
            let mut done = 0;
            // One untimed warm-up batch.
            let client = prepare(ok, batch);
            (0..batch).for_each(|_| call(&client, ok));
            while done < calls {
                let client = prepare(ok, batch);
                let start = Instant::now();
                (0..batch).for_each(|_| call(&client, ok));
                per_call.push(start.elapsed().as_nanos() as f64 / batch as f64);
                done += batch;
            }
            per_call.sort_by(f64::total_cmp);
            println!("{:.0}", per_call[per_call.len() / 2]);
        }
        "count" => {
            let client = prepare(ok, calls);
            (0..calls).for_each(|_| call(&client, ok));
            // Not dropped: freeing the recorded requests would be per-call work.
            std::mem::forget(client);
        }
        "prep" => {
            std::mem::forget(black_box(prepare(ok, calls)));
        }
        _ => panic!("{usage}"),
    }
}
