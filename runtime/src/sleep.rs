//! Waiting without a particular async runtime: retries back off through a
//! [`Sleep`], which a client can replace with its runtime's timer.

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

/// A [`Sleep`] that needs no async runtime: each wait parks a short-lived
/// thread. Retries are rare, so the thread costs nothing that matters, and
/// clients work under any executor (or `block_on`).
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
}
