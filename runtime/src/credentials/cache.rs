//! [`CredentialsCache`]: what the client asks for credentials.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, SystemTime};

use super::future::CredentialsResult;
use super::{
    Credentials, CredentialsError, ProvideCredentials, ProvideCredentialsFuture, SharedCredentials,
};

/// The clock a cache reads; tests give it their own.
pub type Clock = Arc<dyn Fn() -> SystemTime + Send + Sync>;

/// A cache in front of any credentials provider, as the AWS SDKs put one
/// in front of their default chain: the client asks it before every
/// request, and it asks the provider only when it has nothing usable.
///
/// - Credentials without an expiry are kept for good; credentials with one
///   are refreshed [`refresh_before`](Self::with_refresh_before)
///   their expiry (5 minutes by default), so that a request is never signed
///   with credentials about to lapse.
/// - One refresh runs at a time: callers that come while it runs wait for
///   its answer instead of asking the provider again.
/// - A failed refresh keeps serving the cached credentials while they are
///   unexpired (the provider may be briefly unreachable); expired ones are
///   never handed out.
///
/// It needs no async runtime: waiting callers are woken by the caller that
/// ran the refresh, when it ends (or is dropped).
pub struct CredentialsCache {
    provider: SharedCredentials,
    refresh_before: Duration,
    clock: Clock,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    cached: Option<Credentials>,
    refreshing: bool,
    /// Counts the refreshes that ended, so that a waiter knows its one did.
    generation: u64,
    /// Why the last refresh that ended failed, when it did and nothing
    /// usable was cached: what its waiters answer.
    last_error: Option<CredentialsError>,
    waiters: Vec<Waker>,
}

impl CredentialsCache {
    /// How long before their expiry credentials are refreshed by default.
    pub const DEFAULT_REFRESH_BEFORE: Duration = Duration::from_secs(5 * 60);

    /// A cache over `provider`, empty until first asked.
    pub fn new(provider: SharedCredentials) -> Self {
        CredentialsCache {
            provider,
            refresh_before: Self::DEFAULT_REFRESH_BEFORE,
            clock: Arc::new(SystemTime::now),
            state: Mutex::new(State::default()),
        }
    }

    /// Refreshes credentials `window` before they expire.
    #[must_use]
    pub fn with_refresh_before(mut self, window: Duration) -> Self {
        self.refresh_before = window;
        self
    }

    /// Reads the time from `clock` instead of the system's.
    #[must_use]
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // The state is consistent after every statement: a panic elsewhere
        // while it was held leaves nothing half done.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Usable now and not due for a refresh.
    fn fresh(&self, credentials: &Credentials, now: SystemTime) -> bool {
        credentials
            .expiry()
            .is_none_or(|expiry| expiry > now + self.refresh_before)
    }

    async fn provide(&self) -> CredentialsResult {
        loop {
            let running = {
                let mut state = self.lock();
                let now = (self.clock)();
                if let Some(credentials) = state.cached.as_ref().filter(|c| self.fresh(c, now)) {
                    return Ok(credentials.clone());
                }
                if state.refreshing {
                    Some(state.generation)
                } else {
                    state.refreshing = true;
                    None
                }
            };
            let Some(generation) = running else {
                return self.refresh().await;
            };
            Wait {
                cache: self,
                generation,
            }
            .await;
            let state = self.lock();
            if let Some(credentials) = usable(state.cached.as_ref(), (self.clock)()) {
                return Ok(credentials.clone());
            }
            if let Some(error) = &state.last_error {
                return Err(error.clone());
            }
            // The refresh was dropped before it ended: try again.
        }
    }

    /// Asks the provider; the caller has set `refreshing`.
    async fn refresh(&self) -> CredentialsResult {
        let mut guard = Refresh {
            cache: self,
            outcome: None,
        };
        let answer = self.provider.provide_credentials().await;
        let now = (self.clock)();
        let answer = answer.and_then(|credentials| match usable(Some(&credentials), now) {
            Some(_) => Ok(credentials),
            None => Err(CredentialsError::provider_failed(
                "credentials cache",
                "the provider returned credentials that have already expired",
            )),
        });
        let answer = match answer {
            Ok(credentials) => Ok(credentials),
            Err(error) => match usable(self.lock().cached.as_ref(), now) {
                Some(cached) => Ok(cached.clone()),
                None => Err(error),
            },
        };
        guard.outcome = Some(answer.clone());
        answer
    }
}

/// Credentials that have not expired at `now`.
fn usable(credentials: Option<&Credentials>, now: SystemTime) -> Option<&Credentials> {
    credentials.filter(|c| c.expiry().is_none_or(|expiry| expiry > now))
}

/// Ends a refresh, when it completes or is dropped: records its outcome and
/// wakes the callers waiting for it.
struct Refresh<'a> {
    cache: &'a CredentialsCache,
    outcome: Option<CredentialsResult>,
}

impl Drop for Refresh<'_> {
    fn drop(&mut self) {
        let mut state = self.cache.lock();
        state.refreshing = false;
        state.generation = state.generation.wrapping_add(1);
        match self.outcome.take() {
            Some(Ok(credentials)) => {
                state.cached = Some(credentials);
                state.last_error = None;
            }
            Some(Err(error)) => state.last_error = Some(error),
            None => state.last_error = None,
        }
        for waker in std::mem::take(&mut state.waiters) {
            waker.wake();
        }
    }
}

/// Ready when the refresh running at `generation` has ended.
struct Wait<'a> {
    cache: &'a CredentialsCache,
    generation: u64,
}

impl Future for Wait<'_> {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut state = self.cache.lock();
        if state.generation != self.generation {
            return Poll::Ready(());
        }
        if !state.waiters.iter().any(|w| w.will_wake(cx.waker())) {
            state.waiters.push(cx.waker().clone());
        }
        Poll::Pending
    }
}

impl ProvideCredentials for CredentialsCache {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        ProvideCredentialsFuture::new(self.provide())
    }
}

impl fmt::Debug for CredentialsCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CredentialsCache")
            .field("provider", &self.provider)
            .field("refresh_before", &self.refresh_before)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
    use std::sync::{Barrier, Mutex};
    use std::thread;

    use super::*;

    const START: Duration = Duration::from_secs(1_700_000_000);

    /// A clock the test moves, in seconds after `START`.
    fn clock() -> (Arc<AtomicU64>, Clock) {
        let seconds = Arc::new(AtomicU64::new(0));
        let read = Arc::clone(&seconds);
        let clock: Clock = Arc::new(move || {
            SystemTime::UNIX_EPOCH + START + Duration::from_secs(read.load(Ordering::SeqCst))
        });
        (seconds, clock)
    }

    fn at(seconds: u64) -> SystemTime {
        SystemTime::UNIX_EPOCH + START + Duration::from_secs(seconds)
    }

    /// Answers from a script, one answer per call, counting the calls; a
    /// call may take a while.
    #[derive(Debug)]
    struct Scripted {
        answers: Mutex<Vec<CredentialsResult>>,
        calls: AtomicUsize,
        takes: Duration,
    }

    impl Scripted {
        fn new(answers: Vec<CredentialsResult>) -> Arc<Self> {
            Arc::new(Scripted {
                answers: Mutex::new(answers.into_iter().rev().collect()),
                calls: AtomicUsize::new(0),
                takes: Duration::ZERO,
            })
        }

        fn calls(&self) -> usize {
            self.calls.load(Ordering::SeqCst)
        }
    }

    impl ProvideCredentials for Scripted {
        fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
            ProvideCredentialsFuture::new(async move {
                self.calls.fetch_add(1, Ordering::SeqCst);
                thread::sleep(self.takes);
                self.answers
                    .lock()
                    .unwrap()
                    .pop()
                    .unwrap_or_else(|| Err(CredentialsError::provider_failed("script", "no more")))
            })
        }
    }

    fn keys(id: &str, expiry: Option<SystemTime>) -> CredentialsResult {
        let credentials = Credentials::new(id, "secret", Some("token".to_owned()));
        Ok(match expiry {
            Some(expiry) => credentials.with_expiry(expiry),
            None => credentials,
        })
    }

    fn ask(cache: &CredentialsCache) -> CredentialsResult {
        pollster::block_on(cache.provide_credentials())
    }

    fn id(result: &CredentialsResult) -> &str {
        result.as_ref().map_or("error", Credentials::access_key_id)
    }

    #[test]
    fn concurrent_callers_share_one_refresh() {
        let provider = Arc::new(Scripted {
            takes: Duration::from_millis(300),
            ..Arc::into_inner(Scripted::new(vec![keys("AK1", None), keys("AK2", None)])).unwrap()
        });
        let cache = Arc::new(CredentialsCache::new(provider.clone()));
        let callers = 8;
        let barrier = Arc::new(Barrier::new(callers));
        let threads: Vec<_> = (0..callers)
            .map(|_| {
                let (cache, barrier) = (Arc::clone(&cache), Arc::clone(&barrier));
                thread::spawn(move || {
                    barrier.wait();
                    ask(&cache)
                })
            })
            .collect();
        for thread in threads {
            assert_eq!(id(&thread.join().unwrap()), "AK1");
        }
        assert_eq!(provider.calls(), 1);
    }

    #[test]
    fn long_term_credentials_are_asked_for_once() {
        let provider = Scripted::new(vec![keys("AK1", None), keys("AK2", None)]);
        let cache = CredentialsCache::new(provider.clone());
        for _ in 0..5 {
            assert_eq!(id(&ask(&cache)), "AK1");
        }
        assert_eq!(provider.calls(), 1);
    }

    #[test]
    fn credentials_close_to_their_expiry_are_refreshed() {
        let (now, clock) = clock();
        let provider = Scripted::new(vec![
            keys("AK1", Some(at(3600))),
            keys("AK2", Some(at(7200))),
        ]);
        let cache = CredentialsCache::new(provider.clone()).with_clock(clock);
        assert_eq!(id(&ask(&cache)), "AK1");
        now.store(1800, Ordering::SeqCst);
        assert_eq!(id(&ask(&cache)), "AK1");
        assert_eq!(provider.calls(), 1);
        // Within 5 minutes of the expiry.
        now.store(3600 - 299, Ordering::SeqCst);
        assert_eq!(id(&ask(&cache)), "AK2");
        assert_eq!(id(&ask(&cache)), "AK2");
        assert_eq!(provider.calls(), 2);
    }

    #[test]
    fn a_failed_refresh_keeps_unexpired_credentials_but_never_expired_ones() {
        let (now, clock) = clock();
        let failure = || Err(CredentialsError::provider_failed("imds", "unreachable"));
        let provider = Scripted::new(vec![keys("AK1", Some(at(600))), failure(), failure()]);
        let cache = CredentialsCache::new(provider.clone()).with_clock(clock);
        assert_eq!(id(&ask(&cache)), "AK1");
        now.store(400, Ordering::SeqCst);
        assert_eq!(id(&ask(&cache)), "AK1", "served while unexpired");
        assert_eq!(provider.calls(), 2);
        now.store(600, Ordering::SeqCst);
        let error = ask(&cache).unwrap_err();
        assert!(error.to_string().contains("unreachable"), "{error}");
        assert_eq!(provider.calls(), 3);
    }

    #[test]
    fn expired_credentials_from_the_provider_are_refused() {
        let (now, clock) = clock();
        now.store(100, Ordering::SeqCst);
        let provider = Scripted::new(vec![keys("AK1", Some(at(100)))]);
        let cache = CredentialsCache::new(provider).with_clock(clock);
        let error = ask(&cache).unwrap_err();
        assert!(error.to_string().contains("already expired"), "{error}");
    }

    #[test]
    fn a_dropped_refresh_lets_the_next_caller_refresh() {
        let provider = Scripted::new(vec![keys("AK1", None)]);
        let cache = CredentialsCache::new(provider.clone());
        {
            let mut state = cache.lock();
            state.refreshing = true;
        }
        // The refresher goes away without an answer.
        drop(Refresh {
            cache: &cache,
            outcome: None,
        });
        assert_eq!(id(&ask(&cache)), "AK1");
        assert_eq!(provider.calls(), 1);
    }

    #[test]
    fn debug_shows_no_secret() {
        let cache = CredentialsCache::new(Arc::new(Credentials::new(
            "AKID",
            "the-secret",
            Some("the-token".to_owned()),
        )));
        assert_eq!(id(&ask(&cache)), "AKID");
        let debug = format!("{cache:?} {cache:#?}");
        assert!(
            !debug.contains("the-secret") && !debug.contains("the-token"),
            "{debug}"
        );
    }
}
