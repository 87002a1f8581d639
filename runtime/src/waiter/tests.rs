use std::collections::VecDeque;
use std::sync::Mutex;

use serde_json::json;

use super::path::Comparison;
use super::*;
use crate::error::{ErrorMetadata, RequestError, Unhandled};

#[test]
fn comparators() {
    use Comparator::*;
    let cases: &[(Comparator, Value, bool)] = &[
        (StringEquals("ACTIVE"), json!("ACTIVE"), true),
        (StringEquals("ACTIVE"), json!("active"), false),
        (StringEquals("ACTIVE"), json!(["ACTIVE"]), false),
        (StringEquals("ACTIVE"), Value::Null, false),
        (StringEquals("1"), json!(1), false),
        (StringEquals(""), json!(""), true),
        (BooleanEquals(true), json!(true), true),
        (BooleanEquals(true), json!(false), false),
        (BooleanEquals(false), json!(false), true),
        (BooleanEquals(true), json!("true"), false),
        (BooleanEquals(false), Value::Null, false),
        (AllStringEquals("a"), json!(["a", "a"]), true),
        (AllStringEquals("a"), json!(["a", "b"]), false),
        (AllStringEquals("a"), json!([]), false),
        (AllStringEquals("a"), json!("a"), false),
        (AllStringEquals("a"), json!(["a", null]), false),
        (AllStringEquals("a"), Value::Null, false),
        (AnyStringEquals("a"), json!(["b", "a"]), true),
        (AnyStringEquals("a"), json!(["b", "c"]), false),
        (AnyStringEquals("a"), json!([]), false),
        (AnyStringEquals("a"), json!("a"), false),
        (AnyStringEquals("1"), json!([1]), false),
    ];
    for (comparator, value, expected) in cases {
        assert_eq!(
            comparator.matches(value),
            *expected,
            "{comparator:?} on {value}"
        );
    }
}

#[test]
fn backoff_follows_the_specification() {
    // minDelay 2, maxDelay 120: log2(60) + 1 = 6.9, so the ceiling is 6.
    let backoff = Backoff::new(2, 120);
    assert_eq!(backoff.attempt_ceiling(), 6);
    let plenty = Duration::from_secs(3600);
    let secs = |attempt, random| {
        backoff
            .delay(attempt, plenty, random)
            .map(|d| d.as_secs_f64())
    };
    // The lowest draw is always minDelay; the highest doubles from it.
    for attempt in 1..=10 {
        assert_eq!(secs(attempt, 0.0), Some(2.0), "attempt {attempt}");
    }
    let highest: Vec<f64> = (1..=9).filter_map(|a| secs(a, 0.999_999)).collect();
    assert_eq!(
        highest,
        [2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 120.0, 120.0, 120.0]
    );
    // Past the ceiling, maxDelay, even for attempts whose doubling would overflow.
    assert_eq!(secs(100, 0.999_999), Some(120.0));
    assert_eq!(secs(u32::MAX, 0.5), Some(61.0));
    // Every whole second in [minDelay, 2^(attempt-1) * minDelay] can be drawn.
    let drawn: Vec<f64> = (0..8)
        .filter_map(|i| secs(3, f64::from(i) / 7.0 - 1e-9))
        .collect();
    assert_eq!(drawn, [2.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]);
    for i in 0..1000 {
        let delay = secs(5, f64::from(i) / 1000.0).unwrap();
        assert!((2.0..=32.0).contains(&delay), "{delay}");
    }
}

#[test]
fn the_last_delay_is_cut_to_the_time_remaining() {
    let backoff = Backoff::new(2, 120);
    // 30 s left, a draw of 32: the delay leaves minDelay for the last attempt.
    assert_eq!(
        backoff.delay(6, Duration::from_secs(30), 0.999),
        Some(Duration::from_secs(28))
    );
    // remaining - delay == minDelay is cut too (`<=`).
    assert_eq!(
        backoff.delay(1, Duration::from_secs(4), 0.0),
        Some(Duration::from_secs(2))
    );
    assert_eq!(
        backoff.delay(1, Duration::from_millis(2500), 0.0),
        Some(Duration::from_millis(500))
    );
    // Enough room: the draw stands.
    assert_eq!(
        backoff.delay(1, Duration::from_secs(5), 0.0),
        Some(Duration::from_secs(2))
    );
    // No more than minDelay left: no further attempt.
    assert_eq!(backoff.delay(1, Duration::from_secs(2), 0.0), None);
    assert_eq!(backoff.delay(1, Duration::ZERO, 0.0), None);
    // Equal delays: the ceiling is 1 and every delay is minDelay.
    let flat = Backoff::new(5, 5);
    assert_eq!(flat.attempt_ceiling(), 1);
    assert_eq!(
        flat.delay(9, Duration::from_secs(60), 0.99),
        Some(Duration::from_secs(5))
    );
    // Values the trait forbids are clamped rather than dividing by zero.
    assert_eq!(Backoff::new(0, 0), Backoff::new(1, 1));
}

/// A [`Sleep`] that returns at once and records what it was asked for.
#[derive(Debug, Default)]
struct RecordingSleep(Mutex<Vec<Duration>>);

impl Sleep for RecordingSleep {
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        self.0.lock().unwrap().push(duration);
        Box::pin(async {})
    }
}

#[derive(Debug)]
struct FakeError(ErrorMetadata);

impl ProvideErrorMetadata for FakeError {
    fn meta(&self) -> &ErrorMetadata {
        &self.0
    }
}

impl fmt::Display for FakeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.code().unwrap_or("?"))
    }
}

type Reply = Result<Value, SdkError<FakeError>>;

fn service_error(code: &str) -> Reply {
    Err(SdkError::service(FakeError(
        ErrorMetadata::new(400).with_code(code),
    )))
}

/// Runs `waiter` over canned replies; returns its result, the inputs sent
/// and the delays slept.
fn run(
    waiter: &Waiter,
    max_wait: Duration,
    replies: Vec<Reply>,
) -> (
    Result<Option<Value>, WaiterError<FakeError>>,
    usize,
    Vec<Duration>,
) {
    let replies = Mutex::new(VecDeque::from(replies));
    let sent = Mutex::new(0usize);
    let sleep = RecordingSleep::default();
    let result = pollster::block_on(waiter.wait_with(
        &sleep,
        max_wait,
        json!({"Name": "t"}),
        |_input| {
            *sent.lock().unwrap() += 1;
            let reply = replies
                .lock()
                .unwrap()
                .pop_front()
                .unwrap_or_else(|| Ok(json!({})));
            Box::pin(async move { reply })
        },
        || 0.0,
    ));
    let sent = *sent.lock().unwrap();
    (result, sent, sleep.0.into_inner().unwrap())
}

const STATUS: Expr = Expr::Field("Status");

const EXISTS: Waiter = Waiter {
    name: "Exists",
    min_delay: 2,
    max_delay: 120,
    acceptors: &[
        Acceptor {
            state: State::Success,
            matcher: Matcher::Output(PathMatcher {
                text: "Status",
                path: STATUS,
                comparator: Comparator::StringEquals("ACTIVE"),
            }),
        },
        Acceptor {
            state: State::Failure,
            matcher: Matcher::Output(PathMatcher {
                text: "Status",
                path: STATUS,
                comparator: Comparator::StringEquals("FAILED"),
            }),
        },
        Acceptor {
            state: State::Retry,
            matcher: Matcher::ErrorType(&["NotFound"]),
        },
        Acceptor {
            state: State::Failure,
            matcher: Matcher::ErrorType(&["Gone", "GoneException"]),
        },
    ],
};

#[test]
fn polls_until_success_with_backoff() {
    let (result, sent, delays) = run(
        &EXISTS,
        Duration::from_secs(600),
        vec![
            Ok(json!({"Status": "CREATING"})),
            service_error("NotFound"),
            Ok(json!({})),
            Ok(json!({"Status": "ACTIVE", "Id": 7})),
        ],
    );
    assert_eq!(result.unwrap(), Some(json!({"Status": "ACTIVE", "Id": 7})));
    assert_eq!(sent, 4);
    assert_eq!(delays, [Duration::from_secs(2); 3]);
}

#[test]
fn failure_states_and_unmatched_errors_end_the_wait() {
    let (result, sent, _) = run(
        &EXISTS,
        Duration::from_secs(600),
        vec![
            Ok(json!({"Status": "CREATING"})),
            Ok(json!({"Status": "FAILED"})),
        ],
    );
    let error = result.unwrap_err();
    assert!(
        matches!(
            error,
            WaiterError::Failure {
                attempts: 2,
                error: None,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "waiter Exists reached its failure state after 2 attempt(s)"
    );
    assert_eq!(sent, 2);

    // Either code of an errorType matches.
    let (result, _, _) = run(
        &EXISTS,
        Duration::from_secs(600),
        vec![service_error("GoneException")],
    );
    let error = result.unwrap_err();
    assert_eq!(
        error
            .operation_error()
            .and_then(|e| e.service_error())
            .and_then(|e| e.code()),
        Some("GoneException")
    );
    assert!(error.to_string().ends_with(": GoneException"), "{error}");

    // An error no acceptor names ends the wait with that error.
    let (result, sent, delays) = run(
        &EXISTS,
        Duration::from_secs(600),
        vec![service_error("AccessDenied")],
    );
    let error = result.unwrap_err();
    assert!(
        matches!(&error, WaiterError::Operation { attempts: 1, error: SdkError::Service(e), .. } if e.code() == Some("AccessDenied")),
        "{error:?}"
    );
    assert!(
        error
            .to_string()
            .contains("no acceptor matched: service error: AccessDenied"),
        "{error}"
    );
    assert_eq!((sent, delays.len()), (1, 0));
    // So does one that is not the service's.
    let (result, _, _) = run(
        &EXISTS,
        Duration::from_secs(600),
        vec![Err(SdkError::Request(RequestError::new("no endpoint")))],
    );
    assert!(matches!(result, Err(WaiterError::Operation { .. })));
}

#[test]
fn times_out_when_no_time_is_left() {
    // 10 s allowed, delays of 2: attempts at 0, 2, 4, 6 and the last at 8,
    // after which no more than minDelay remains.
    let (result, sent, delays) = run(&EXISTS, Duration::from_secs(10), Vec::new());
    let error = result.unwrap_err();
    assert!(
        matches!(error, WaiterError::Timeout { attempts: 5, max_wait, .. } if max_wait == Duration::from_secs(10)),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "waiter Exists timed out after 5 attempt(s) in 10s"
    );
    assert_eq!(sent, 5);
    assert_eq!(delays, [Duration::from_secs(2); 4]);
    // A wait shorter than minDelay still makes its one attempt.
    let (result, sent, delays) = run(&EXISTS, Duration::from_secs(1), Vec::new());
    assert!(matches!(
        result,
        Err(WaiterError::Timeout { attempts: 1, .. })
    ));
    assert_eq!((sent, delays.len()), (1, 0));
}

#[test]
fn success_matchers_and_input_output() {
    const DELETED: Waiter = Waiter {
        name: "Deleted",
        min_delay: 1,
        max_delay: 1,
        acceptors: &[
            Acceptor {
                state: State::Success,
                matcher: Matcher::Success(false),
            },
            Acceptor {
                state: State::Retry,
                matcher: Matcher::Success(true),
            },
        ],
    };
    let (result, sent, _) = run(
        &DELETED,
        Duration::from_secs(60),
        vec![Ok(json!({})), service_error("Anything")],
    );
    assert_eq!(result.unwrap(), None);
    assert_eq!(sent, 2);

    // `input.Name == output.Name`
    const SAME: Waiter = Waiter {
        name: "Same",
        min_delay: 1,
        max_delay: 5,
        acceptors: &[Acceptor {
            state: State::Success,
            matcher: Matcher::InputOutput(PathMatcher {
                text: "input.Name == output.Name",
                path: Expr::Compare(
                    Comparison::Eq,
                    &Expr::Sub(&Expr::Field("input"), &Expr::Field("Name")),
                    &Expr::Sub(&Expr::Field("output"), &Expr::Field("Name")),
                ),
                comparator: Comparator::BooleanEquals(true),
            }),
        }],
    };
    let (result, sent, _) = run(
        &SAME,
        Duration::from_secs(60),
        vec![Ok(json!({"Name": "other"})), Ok(json!({"Name": "t"}))],
    );
    assert_eq!(result.unwrap(), Some(json!({"Name": "t"})));
    assert_eq!(sent, 2);
}

#[test]
fn the_unhandled_error_type_has_codes_too() {
    let unhandled = Unhandled::new(ErrorMetadata::new(404).with_code("NotFound"), Vec::new());
    const W: Waiter = Waiter {
        name: "W",
        min_delay: 1,
        max_delay: 1,
        acceptors: &[Acceptor {
            state: State::Success,
            matcher: Matcher::ErrorType(&["NotFound"]),
        }],
    };
    let result: Result<Option<()>, WaiterError<Unhandled>> = pollster::block_on(W.wait(
        &RecordingSleep::default(),
        Duration::from_secs(5),
        (),
        move |()| {
            let error = SdkError::service(Unhandled::new(
                ErrorMetadata::new(404).with_code(unhandled.code().unwrap_or_default()),
                Vec::new(),
            ));
            Box::pin(async move { Err(error) })
        },
    ));
    assert_eq!(result.unwrap(), None);
}
