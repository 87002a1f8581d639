//! Waiting: retries back off, and attempts and operations time out, through
//! a [`Sleep`], which a client can replace with its runtime's timer.
//!
//! # The default timer
//!
//! [`default_sleep`] is what a [`Config`](crate::Config) waits with unless
//! [`Config::with_sleep`](crate::Config::with_sleep) says otherwise:
//!
//! - with the `https` feature (on by default), `TokioSleep`: inside a Tokio
//!   runtime whose time driver is enabled (as `#[tokio::main]` and
//!   `Builder::enable_all` do, and as `HttpsTransport`
//!   needs anyway) a wait is a `tokio::time::sleep`, one entry in the
//!   runtime's timer wheel, so a thousand calls backing off at once start no
//!   thread. Polled outside any Tokio runtime (under `pollster::block_on`, a
//!   non-Tokio executor), or in a Tokio runtime built without its time
//!   driver, a wait falls back to [`ThreadSleep`] instead of panicking;
//! - without the `https` feature, [`ThreadSleep`], which needs no runtime.
//!
//! Which timer a wait uses is decided when the wait is first polled, in the
//! context of the task that polls it.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use crate::transport::BoxFuture;

/// Something that completes a future after a duration.
pub trait Sleep: Send + Sync + fmt::Debug {
    /// A future that completes after `duration`.
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()>;
}

/// A shared [`Sleep`].
pub type SharedSleep = Arc<dyn Sleep>;

/// The timer a [`Config`](crate::Config) uses unless told otherwise:
/// `TokioSleep` with the `https` feature, else [`ThreadSleep`] (see the
/// [module documentation](self)).
pub fn default_sleep() -> SharedSleep {
    #[cfg(feature = "https-transport")]
    {
        Arc::new(TokioSleep)
    }
    #[cfg(not(feature = "https-transport"))]
    {
        Arc::new(ThreadSleep)
    }
}

/// Tokio's timer where there is one, else [`ThreadSleep`]'s thread.
///
/// A wait polled inside a Tokio runtime with its time driver is a
/// `tokio::time::sleep`: no thread. Polled outside any Tokio runtime, or in
/// a runtime built without `enable_time` (where `tokio::time::sleep` would
/// panic: the panic is caught, and the runtime remembered so that its later
/// waits go straight to the thread), it is a [`ThreadSleep`]. With
/// `panic = "abort"` a runtime without its time driver aborts instead: build
/// runtimes with `enable_time` (or `enable_all`).
#[cfg(feature = "https-transport")]
#[derive(Debug, Default, Clone, Copy)]
pub struct TokioSleep;

#[cfg(feature = "https-transport")]
impl Sleep for TokioSleep {
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        Box::pin(async move {
            if duration.is_zero() {
                return;
            }
            match tokio_timer(duration) {
                Some(sleep) => sleep.await,
                None => ThreadSleep.sleep(duration).await,
            }
        })
    }
}

/// A Tokio sleep on the current runtime's timer, or `None` where there is
/// none.
#[cfg(feature = "https-transport")]
fn tokio_timer(duration: Duration) -> Option<tokio::time::Sleep> {
    let id = tokio::runtime::Handle::try_current().ok()?.id();
    if tokio_timer_missing(id) {
        return None;
    }
    match std::panic::catch_unwind(|| tokio::time::sleep(duration)) {
        Ok(sleep) => Some(sleep),
        Err(_) => {
            without_timer().push(id);
            None
        }
    }
}

/// The Tokio runtimes found to have no time driver: usually none, so the
/// list stays short.
#[cfg(feature = "https-transport")]
fn without_timer() -> std::sync::MutexGuard<'static, Vec<tokio::runtime::Id>> {
    static WITHOUT_TIMER: Mutex<Vec<tokio::runtime::Id>> = Mutex::new(Vec::new());
    WITHOUT_TIMER.lock().unwrap_or_else(|e| e.into_inner())
}

/// Whether the runtime `id` was found to have no time driver.
#[cfg(feature = "https-transport")]
fn tokio_timer_missing(id: tokio::runtime::Id) -> bool {
    without_timer().contains(&id)
}

/// A [`Sleep`] that needs no async runtime: each wait parks a short-lived
/// thread, so clients work under any executor (or `block_on`). The default
/// only without the `https` feature (see [`default_sleep`]): a thread per
/// backoff or attempt timeout is cheap for a few calls, not for thousands
/// at once.
#[derive(Debug, Default, Clone, Copy)]
pub struct ThreadSleep;

impl Sleep for ThreadSleep {
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        Box::pin(ThreadSleepFuture {
            duration,
            shared: None,
        })
    }
}

#[derive(Default)]
struct Shared {
    done: bool,
    waker: Option<Waker>,
}

struct ThreadSleepFuture {
    duration: Duration,
    shared: Option<Arc<Mutex<Shared>>>,
}

impl Future for ThreadSleepFuture {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.duration.is_zero() {
            return Poll::Ready(());
        }
        if let Some(shared) = &self.shared {
            let mut state = shared.lock().unwrap_or_else(|e| e.into_inner());
            if state.done {
                return Poll::Ready(());
            }
            state.waker = Some(cx.waker().clone());
            return Poll::Pending;
        }
        let shared = Arc::new(Mutex::new(Shared {
            done: false,
            waker: Some(cx.waker().clone()),
        }));
        let duration = self.duration;
        let timer = Arc::clone(&shared);
        let spawned = std::thread::Builder::new()
            .name("smithy-runtime-sleep".to_owned())
            .spawn(move || {
                std::thread::sleep(duration);
                let mut state = timer.lock().unwrap_or_else(|e| e.into_inner());
                state.done = true;
                if let Some(waker) = state.waker.take() {
                    waker.wake();
                }
            });
        if spawned.is_err() {
            // No thread to wait on: better to retry at once than never.
            return Poll::Ready(());
        }
        self.shared = Some(shared);
        Poll::Pending
    }
}

/// Runs `future` unless `timeout` passes first, measured with `sleep`:
/// `None` when it does (no limit without a `timeout`). The call loop's
/// attempt timeout; the credential providers' too.
pub async fn with_timeout<F: Future>(
    future: F,
    timeout: Option<Duration>,
    sleep: &dyn Sleep,
) -> Option<F::Output> {
    let Some(timeout) = timeout else {
        return Some(future.await);
    };
    let mut future = std::pin::pin!(future);
    let mut timer = sleep.sleep(timeout);
    std::future::poll_fn(move |cx| {
        if let Poll::Ready(output) = future.as_mut().poll(cx) {
            return Poll::Ready(Some(output));
        }
        match timer.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(None),
            Poll::Pending => Poll::Pending,
        }
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    #[test]
    fn thread_sleep_waits_about_the_duration() {
        let start = Instant::now();
        pollster::block_on(ThreadSleep.sleep(Duration::from_millis(50)));
        let elapsed = start.elapsed();
        assert!(elapsed >= Duration::from_millis(50), "{elapsed:?}");
        assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
    }

    #[test]
    fn timeouts_cut_slow_futures_short() {
        let slow = ThreadSleep.sleep(Duration::from_secs(30));
        let start = Instant::now();
        let result = pollster::block_on(with_timeout(
            slow,
            Some(Duration::from_millis(50)),
            &ThreadSleep,
        ));
        assert_eq!(result, None);
        assert!(start.elapsed() < Duration::from_secs(5));
        let fast = async { 7 };
        let result = pollster::block_on(with_timeout(
            fast,
            Some(Duration::from_secs(30)),
            &ThreadSleep,
        ));
        assert_eq!(result, Some(7));
    }

    #[cfg(feature = "https-transport")]
    #[test]
    fn the_tokio_timer_waits_with_or_without_a_timer_driver() {
        // Outside any runtime: the thread fallback.
        let start = Instant::now();
        pollster::block_on(TokioSleep.sleep(Duration::from_millis(30)));
        assert!(start.elapsed() >= Duration::from_millis(30));
        // A runtime with timers, and one without (twice: the second wait
        // takes the remembered fallback); none panics.
        let with_timer = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        let without_timer = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        for runtime in [&with_timer, &without_timer, &without_timer] {
            let start = Instant::now();
            runtime.block_on(TokioSleep.sleep(Duration::from_millis(30)));
            let elapsed = start.elapsed();
            assert!(elapsed >= Duration::from_millis(30), "{elapsed:?}");
            assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
        }
        let id = without_timer.handle().id();
        assert!(tokio_timer_missing(id));
        assert!(!tokio_timer_missing(with_timer.handle().id()));
    }
}
