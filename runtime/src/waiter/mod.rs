//! Waiters: polling an operation until the resource it describes reaches a
//! state, as the Smithy `smithy.waiters#waitable` trait defines them.
//!
//! A generated client has a `wait_until_{waiter}(input, max_wait)` method
//! for each waiter of its model. The method holds the waiter's table (a
//! [`Waiter`] constant: its delays and its [`Acceptor`]s) and hands it the
//! operation method; the loop is [`Waiter::wait`], shared by every service:
//!
//! 1. Send the input. Check the acceptors in order against the result; the
//!    first that matches decides: `success` ends the wait with the output
//!    (`Some`; `None` when an error was the success, e.g. "not found" for
//!    a waiter of deletion), `failure` ends it with
//!    [`WaiterError::Failure`], `retry` goes on.
//! 2. If none matches, a successful response means retry, an error ends
//!    the wait with [`WaiterError::Operation`] (the client has already
//!    retried what its retry mode retries).
//! 3. Before each retry, wait as [`Backoff`] says (exponential backoff
//!    with jitter between the waiter's `minDelay` and `maxDelay`); when
//!    `max_wait` leaves no room for another attempt, end with
//!    [`WaiterError::Timeout`].
//!
//! Path matchers evaluate their JMESPath expression ([`path`]) against the
//! output serialized with serde (generated types serialize with the
//! model's member names, which the expressions use), or, for
//! `inputOutput`, against `{"input": ..., "output": ...}`.
//!
//! The delays go through the client's [`Sleep`] (`Config::with_sleep`), and
//! the time spent is the larger of the clock's and the sum of the delays
//! waited, so a timer that returns early cannot make a waiter poll forever.

pub mod path;

use std::error::Error;
use std::fmt;
use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::Value;

use crate::error::{ProvideErrorMetadata, SdkError};
use crate::sleep::Sleep;
use crate::transport::BoxFuture;
pub use path::Expr;

/// A waiter: its name, delays and acceptors, as the model defines them.
#[derive(Debug, Clone, Copy)]
pub struct Waiter {
    /// The model's name of the waiter, e.g. `TableExists`.
    pub name: &'static str,
    /// `minDelay` in seconds (at least 1).
    pub min_delay: u64,
    /// `maxDelay` in seconds (at least `min_delay`).
    pub max_delay: u64,
    /// The acceptors, in the model's order: the first that matches decides.
    pub acceptors: &'static [Acceptor],
}

/// What a waiter does when its matcher matches.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Acceptor {
    /// The state the waiter goes to.
    pub state: State,
    /// When it applies.
    pub matcher: Matcher,
}

/// The state an acceptor moves its waiter to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// The wait is over: the resource is in the state waited for.
    Success,
    /// The wait is over: the resource will never be in that state.
    Failure,
    /// Poll again.
    Retry,
}

/// When an [`Acceptor`] applies.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Matcher {
    /// A successful output for which `path` gives the expected value.
    Output(PathMatcher),
    /// A successful output for which `path`, over
    /// `{"input": ..., "output": ...}`, gives the expected value.
    InputOutput(PathMatcher),
    /// `true`: any successful response; `false`: any error.
    Success(bool),
    /// A service error with one of these codes (the error's shape name, and
    /// the code the protocol sends for it when that differs).
    ErrorType(&'static [&'static str]),
}

/// A JMESPath expression and the value it must give.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PathMatcher {
    /// The expression as the model writes it (for messages).
    pub text: &'static str,
    /// The expression, compiled by the generator.
    pub path: Expr,
    /// What the result is compared with, and how.
    pub comparator: Comparator,
}

/// How a path's result is compared with the expected value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparator {
    /// The result is this string.
    StringEquals(&'static str),
    /// The result is this boolean.
    BooleanEquals(bool),
    /// The result is a non-empty list whose every element is this string.
    AllStringEquals(&'static str),
    /// The result is a non-empty list with an element that is this string.
    AnyStringEquals(&'static str),
}

impl Comparator {
    /// Whether `value` (a path's result) matches.
    pub fn matches(&self, value: &Value) -> bool {
        match self {
            Comparator::StringEquals(expected) => value.as_str() == Some(*expected),
            Comparator::BooleanEquals(expected) => value.as_bool() == Some(*expected),
            Comparator::AllStringEquals(expected) => value.as_array().is_some_and(|items| {
                !items.is_empty() && items.iter().all(|item| item.as_str() == Some(*expected))
            }),
            Comparator::AnyStringEquals(expected) => value
                .as_array()
                .is_some_and(|items| items.iter().any(|item| item.as_str() == Some(*expected))),
        }
    }
}

impl PathMatcher {
    /// Whether the expression's value for `value` matches.
    pub fn matches(&self, value: &Value) -> bool {
        self.comparator.matches(&self.path.evaluate(value))
    }
}

/// The delays between a waiter's attempts, as the Smithy waiters
/// specification computes them ("Waiter retries"):
///
/// ```text
/// attemptCeiling = log(maxDelay / minDelay) / log(2) + 1
/// delay = attempt > attemptCeiling ? maxDelay : minDelay * 2^(attempt - 1)
/// delay = random(minDelay, delay)
/// if remainingTime - delay <= minDelay: delay = remainingTime - minDelay
/// ```
///
/// `attempt` counts retries from 1, delays are whole seconds but for the
/// last, cut so that the final attempt starts `minDelay` before the time
/// is up; when no more than `minDelay` remains there is no further attempt.
/// The ceiling keeps `2^(attempt - 1)` from overflowing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    min_delay: u64,
    max_delay: u64,
    attempt_ceiling: u32,
}

impl Backoff {
    /// The backoff between `min_delay` and `max_delay` seconds (a
    /// `min_delay` of 0 is taken as 1, a `max_delay` below it as
    /// `min_delay`, as the trait does not allow them).
    pub fn new(min_delay: u64, max_delay: u64) -> Self {
        let min_delay = min_delay.max(1);
        let max_delay = max_delay.max(min_delay);
        let ratio = max_delay as f64 / min_delay as f64;
        // At most 64 (ratio ≤ u64::MAX): the cast cannot truncate.
        let attempt_ceiling = (ratio.ln() / 2f64.ln() + 1.0) as u32;
        Self {
            min_delay,
            max_delay,
            attempt_ceiling,
        }
    }

    /// The computed `attemptCeiling`.
    pub fn attempt_ceiling(&self) -> u32 {
        self.attempt_ceiling
    }

    /// The delay before retry `attempt` (from 1) when `remaining` is left of
    /// the time allowed, with `random` a number in `[0, 1)`; `None` when no
    /// more than `min_delay` remains.
    pub fn delay(&self, attempt: u32, remaining: Duration, random: f64) -> Option<Duration> {
        let min = Duration::from_secs(self.min_delay);
        if remaining <= min {
            return None;
        }
        let ceiling = if attempt > self.attempt_ceiling {
            self.max_delay
        } else {
            let doubling = 1u64 << attempt.saturating_sub(1).min(63);
            self.min_delay.saturating_mul(doubling).min(self.max_delay)
        };
        // A whole number of seconds in [min_delay, ceiling], each as likely.
        let span = ceiling - self.min_delay + 1;
        let offset = ((random.clamp(0.0, 1.0) * span as f64) as u64).min(span - 1);
        let delay = Duration::from_secs(self.min_delay + offset);
        if remaining.saturating_sub(delay) <= min {
            Some(remaining - min)
        } else {
            Some(delay)
        }
    }
}

/// Why a waiter stopped without reaching its success state.
#[derive(Debug)]
pub enum WaiterError<E> {
    /// An acceptor with the `failure` state matched: the resource will not
    /// reach the state waited for.
    Failure {
        /// The waiter's name.
        waiter: &'static str,
        /// The attempts made.
        attempts: u32,
        /// The error the acceptor matched, if it matched one.
        error: Option<SdkError<E>>,
    },
    /// The operation failed with an error no acceptor matched.
    Operation {
        /// The waiter's name.
        waiter: &'static str,
        /// The attempts made.
        attempts: u32,
        /// The operation's error.
        error: SdkError<E>,
    },
    /// The time allowed ran out before an acceptor ended the wait.
    Timeout {
        /// The waiter's name.
        waiter: &'static str,
        /// The attempts made.
        attempts: u32,
        /// The time allowed.
        max_wait: Duration,
    },
}

impl<E> WaiterError<E> {
    /// The operation's error that ended the wait, if one did.
    pub fn operation_error(&self) -> Option<&SdkError<E>> {
        match self {
            WaiterError::Failure { error, .. } => error.as_ref(),
            WaiterError::Operation { error, .. } => Some(error),
            WaiterError::Timeout { .. } => None,
        }
    }
}

impl<E: fmt::Display> fmt::Display for WaiterError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WaiterError::Failure {
                waiter,
                attempts,
                error,
            } => {
                write!(
                    f,
                    "waiter {waiter} reached its failure state after {attempts} attempt(s)"
                )?;
                match error {
                    Some(error) => write!(f, ": {error}"),
                    None => Ok(()),
                }
            }
            WaiterError::Operation {
                waiter,
                attempts,
                error,
            } => write!(
                f,
                "waiter {waiter} stopped after {attempts} attempt(s) on an error no acceptor matched: {error}"
            ),
            WaiterError::Timeout {
                waiter,
                attempts,
                max_wait,
            } => write!(
                f,
                "waiter {waiter} timed out after {attempts} attempt(s) in {max_wait:?}"
            ),
        }
    }
}

impl<E: Error + 'static> Error for WaiterError<E> {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.operation_error().map(|e| e as &(dyn Error + 'static))
    }
}

/// What one attempt's result led to.
enum Step<O, E> {
    Done(Option<O>),
    Fail(Option<SdkError<E>>),
    Stop(SdkError<E>),
    Retry,
}

impl Waiter {
    /// Polls with `send` (the operation method) until an acceptor ends the
    /// wait or `max_wait` runs out, waiting between attempts with `sleep`.
    ///
    /// # Errors
    ///
    /// [`WaiterError::Failure`] when a `failure` acceptor matched,
    /// [`WaiterError::Operation`] when the operation failed in a way no
    /// acceptor matched, [`WaiterError::Timeout`] when time ran out.
    pub async fn wait<'a, I, O, E>(
        &self,
        sleep: &dyn Sleep,
        max_wait: Duration,
        input: I,
        send: impl Fn(I) -> BoxFuture<'a, Result<O, SdkError<E>>>,
    ) -> Result<Option<O>, WaiterError<E>>
    where
        I: Clone + Serialize,
        O: Serialize,
        E: ProvideErrorMetadata,
    {
        self.wait_with(sleep, max_wait, input, send, crate::retry::jitter)
            .await
    }

    /// [`wait`](Self::wait) with the random numbers of the jitter from
    /// `random` (each in `[0, 1)`).
    async fn wait_with<'a, I, O, E>(
        &self,
        sleep: &dyn Sleep,
        max_wait: Duration,
        input: I,
        send: impl Fn(I) -> BoxFuture<'a, Result<O, SdkError<E>>>,
        mut random: impl FnMut() -> f64,
    ) -> Result<Option<O>, WaiterError<E>>
    where
        I: Clone + Serialize,
        O: Serialize,
        E: ProvideErrorMetadata,
    {
        let backoff = Backoff::new(self.min_delay, self.max_delay);
        let input_json = self
            .acceptors
            .iter()
            .any(|a| matches!(a.matcher, Matcher::InputOutput(_)))
            .then(|| serde_json::to_value(&input).unwrap_or(Value::Null));
        let start = Instant::now();
        let mut slept = Duration::ZERO;
        let mut attempts = 0u32;
        loop {
            attempts = attempts.saturating_add(1);
            let result = send(input.clone()).await;
            match self.step(result, input_json.as_ref()) {
                Step::Done(output) => return Ok(output),
                Step::Fail(error) => {
                    return Err(WaiterError::Failure {
                        waiter: self.name,
                        attempts,
                        error,
                    });
                }
                Step::Stop(error) => {
                    return Err(WaiterError::Operation {
                        waiter: self.name,
                        attempts,
                        error,
                    });
                }
                Step::Retry => {}
            }
            let elapsed = start.elapsed().max(slept);
            let remaining = max_wait.saturating_sub(elapsed);
            let Some(delay) = backoff.delay(attempts, remaining, random()) else {
                return Err(WaiterError::Timeout {
                    waiter: self.name,
                    attempts,
                    max_wait,
                });
            };
            sleep.sleep(delay).await;
            slept += delay;
        }
    }

    /// Where one attempt's result leads.
    fn step<O: Serialize, E: ProvideErrorMetadata>(
        &self,
        result: Result<O, SdkError<E>>,
        input: Option<&Value>,
    ) -> Step<O, E> {
        let state = match &result {
            Ok(output) => {
                let mut json = None;
                let mut output_json = || {
                    json.get_or_insert_with(|| serde_json::to_value(output).unwrap_or(Value::Null))
                        .clone()
                };
                self.acceptors.iter().find_map(|acceptor| {
                    let matched = match &acceptor.matcher {
                        Matcher::Output(path) => path.matches(&output_json()),
                        Matcher::InputOutput(path) => {
                            let both = serde_json::json!({
                                "input": input.cloned().unwrap_or(Value::Null),
                                "output": output_json(),
                            });
                            path.matches(&both)
                        }
                        Matcher::Success(success) => *success,
                        Matcher::ErrorType(_) => false,
                    };
                    matched.then_some(acceptor.state)
                })
            }
            Err(error) => self.acceptors.iter().find_map(|acceptor| {
                let matched = match &acceptor.matcher {
                    Matcher::Success(success) => !*success,
                    Matcher::ErrorType(codes) => error
                        .service_error()
                        .and_then(|e| e.code())
                        .is_some_and(|code| codes.contains(&code)),
                    Matcher::Output(_) | Matcher::InputOutput(_) => false,
                };
                matched.then_some(acceptor.state)
            }),
        };
        match (state, result) {
            (Some(State::Success), Ok(output)) => Step::Done(Some(output)),
            (Some(State::Success), Err(_)) => Step::Done(None),
            (Some(State::Failure), result) => Step::Fail(result.err()),
            (Some(State::Retry), _) | (None, Ok(_)) => Step::Retry,
            (None, Err(error)) => Step::Stop(error),
        }
    }
}

#[cfg(test)]
mod tests;
