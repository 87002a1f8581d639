//! The AWS SDKs' "adaptive" retry mode's client-side rate limiter: the
//! standard mode's retries, plus a token bucket that every attempt (the
//! first too) takes a token from once the service has throttled the
//! client. Its fill rate follows a CUBIC curve (RFC 8312's congestion
//! window, with the SDKs' constants): cut to `β` (0.7) of the sending rate
//! at each throttling response, then grown back along
//! `C·(t − K)³ + W_max` (`C` = 0.4) while responses succeed, where `W_max`
//! is the rate at the last throttle and `K = ∛(W_max·(1 − β)/C)` the time
//! the curve takes to climb back to it. The rate is never set above twice
//! the measured sending rate, nor below half a request a second.
//!
//! The sending rate is measured in half-second buckets and smoothed
//! (`0.8·latest + 0.2·previous`). Until the first throttling response the
//! bucket is not used: a client that is never throttled is never slowed.
//!
//! This is the behaviour the AWS SDKs and Tools reference guide ("Retry
//! behavior": `GetSendToken` before each attempt, `RequestBookkeeping`
//! after each response) and botocore's `adaptive` retry mode describe. The
//! limiter is shared by a [`Config`](crate::Config)'s clones, as the retry
//! quota is: it should be per client of one service and one scope of
//! throttling, as the reference guide advises.

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::sleep::Sleep;

/// The CUBIC curve's scaling constant `C`.
const SCALE: f64 = 0.4;
/// The CUBIC multiplicative decrease `β`.
const BETA: f64 = 0.7;
/// The lowest fill rate, in tokens a second.
const MIN_FILL_RATE: f64 = 0.5;
/// The smallest bucket.
const MIN_CAPACITY: f64 = 1.0;
/// The fill rate is never set above this many times the measured rate.
const MAX_RATE_SCALE: f64 = 2.0;
/// The weight of the latest measurement of the sending rate.
const SMOOTHING: f64 = 0.8;
/// The width of the sending rate's measurement buckets, in seconds.
const RATE_BUCKET: f64 = 0.5;

/// The clock the limiter reads: the time since some fixed origin, never
/// going back. Tests give it their own.
pub type RateClock = Arc<dyn Fn() -> Duration + Send + Sync>;

/// The CUBIC curve of the fill rate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cubic {
    w_max: f64,
    k: f64,
    last_throttle: f64,
}

impl Cubic {
    /// A curve that has seen no throttle: it starts at 0 at `start`
    /// (seconds).
    pub fn new(start: f64) -> Self {
        Self {
            w_max: 0.0,
            k: 0.0,
            last_throttle: start,
        }
    }

    /// The rate at the last throttle, `W_max`.
    pub fn w_max(&self) -> f64 {
        self.w_max
    }

    /// The time from the last throttle until the curve is back at
    /// `W_max`, `K`.
    pub fn k(&self) -> f64 {
        self.k
    }

    /// The rate at `now` (seconds) after a success.
    pub fn success(&self, now: f64) -> f64 {
        SCALE * (now - self.last_throttle - self.k).powi(3) + self.w_max
    }

    /// Records a throttle at `now` while sending at `rate`; returns the
    /// reduced rate, `β·rate`.
    pub fn throttle(&mut self, rate: f64, now: f64) -> f64 {
        self.w_max = rate;
        self.k = (rate * (1.0 - BETA) / SCALE).cbrt();
        self.last_throttle = now;
        rate * BETA
    }
}

/// The token bucket: it fills at its fill rate up to its capacity, and
/// each attempt takes one token.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TokenBucket {
    fill_rate: f64,
    capacity: f64,
    tokens: f64,
    last_refill: f64,
}

impl TokenBucket {
    /// An empty bucket at `now` (seconds) with the rate `rate` (see
    /// [`set_rate`](Self::set_rate)).
    pub fn new(rate: f64, now: f64) -> Self {
        let mut bucket = Self {
            fill_rate: MIN_FILL_RATE,
            capacity: MIN_CAPACITY,
            tokens: 0.0,
            last_refill: now,
        };
        bucket.set_rate(rate, now);
        bucket
    }

    /// Tokens a second (at least 0.5).
    pub fn fill_rate(&self) -> f64 {
        self.fill_rate
    }

    /// The most tokens the bucket holds (at least 1).
    pub fn capacity(&self) -> f64 {
        self.capacity
    }

    /// The tokens in the bucket at its last refill.
    pub fn tokens(&self) -> f64 {
        self.tokens
    }

    /// Adds what the bucket filled since its last refill.
    fn refill(&mut self, now: f64) {
        let elapsed = (now - self.last_refill).max(0.0);
        self.tokens = (self.tokens + elapsed * self.fill_rate).min(self.capacity);
        self.last_refill = self.last_refill.max(now);
    }

    /// Sets the fill rate and the capacity to `rate` (at least 0.5 and 1),
    /// after filling at the old rate up to `now`.
    pub fn set_rate(&mut self, rate: f64, now: f64) {
        self.refill(now);
        self.fill_rate = rate.max(MIN_FILL_RATE);
        self.capacity = rate.max(MIN_CAPACITY);
        self.tokens = self.tokens.min(self.capacity);
    }

    /// Takes a token at `now`, or says how long until one is there.
    pub fn try_acquire(&mut self, now: f64) -> Result<(), Duration> {
        self.refill(now);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64(
                (1.0 - self.tokens) / self.fill_rate,
            ))
        }
    }
}

/// The measured sending rate, in responses a second.
#[derive(Debug, Clone, Copy, PartialEq)]
struct RateMeter {
    rate: f64,
    count: f64,
    last_bucket: f64,
}

impl RateMeter {
    fn new(now: f64) -> Self {
        Self {
            rate: 0.0,
            count: 0.0,
            last_bucket: now.floor(),
        }
    }

    /// Counts a response at `now`; returns the smoothed rate.
    fn record(&mut self, now: f64) -> f64 {
        let bucket = (now / RATE_BUCKET).floor() * RATE_BUCKET;
        self.count += 1.0;
        if bucket > self.last_bucket {
            let latest = self.count / (bucket - self.last_bucket);
            self.rate = latest * SMOOTHING + self.rate * (1.0 - SMOOTHING);
            self.count = 0.0;
            self.last_bucket = bucket;
        }
        self.rate
    }
}

#[derive(Debug)]
struct State {
    cubic: Cubic,
    bucket: TokenBucket,
    meter: RateMeter,
    /// Whether a throttling response was seen: only then does sending wait.
    enabled: bool,
}

/// The adaptive mode's client-side rate limiter (see the [module
/// documentation](self)). Clones share it.
#[derive(Clone)]
pub struct ClientRateLimiter {
    state: Arc<Mutex<State>>,
    clock: RateClock,
}

impl fmt::Debug for ClientRateLimiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientRateLimiter")
            .field("state", &*self.lock())
            .finish_non_exhaustive()
    }
}

impl Default for ClientRateLimiter {
    fn default() -> Self {
        Self::new()
    }
}

impl ClientRateLimiter {
    /// A limiter on the monotonic clock, not yet slowing anything.
    pub fn new() -> Self {
        let origin = Instant::now();
        Self::with_clock(Arc::new(move || origin.elapsed()))
    }

    /// A limiter that reads the time from `clock`.
    pub fn with_clock(clock: RateClock) -> Self {
        let now = clock().as_secs_f64();
        Self {
            state: Arc::new(Mutex::new(State {
                cubic: Cubic::new(now),
                bucket: TokenBucket::new(1.0, now),
                meter: RateMeter::new(now),
                enabled: false,
            })),
            clock,
        }
    }

    fn now(&self) -> f64 {
        (self.clock)().as_secs_f64()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether a throttling response has turned the limiter on.
    pub fn is_enabled(&self) -> bool {
        self.lock().enabled
    }

    /// The bucket's fill rate, in attempts a second.
    pub fn fill_rate(&self) -> f64 {
        self.lock().bucket.fill_rate()
    }

    /// The smoothed measured sending rate, in responses a second.
    pub fn measured_rate(&self) -> f64 {
        self.lock().meter.rate
    }

    /// Takes a token for an attempt now, or says how long to wait before
    /// asking again. Always a token while the limiter is off.
    pub fn try_acquire(&self) -> Result<(), Duration> {
        let now = self.now();
        let mut state = self.lock();
        if !state.enabled {
            return Ok(());
        }
        state.bucket.try_acquire(now)
    }

    /// Waits, with `sleep`, until there is a token for an attempt, and
    /// takes it.
    pub async fn acquire(&self, sleep: &dyn Sleep) {
        while let Err(wait) = self.try_acquire() {
            sleep.sleep(wait).await;
        }
    }

    /// Records the outcome of an attempt: a throttling response cuts the
    /// rate (and turns the limiter on), anything else lets it grow.
    pub fn record(&self, throttled: bool) {
        let now = self.now();
        let mut state = self.lock();
        let measured = state.meter.record(now);
        let rate = if throttled {
            let sending = if state.enabled {
                measured.min(state.bucket.fill_rate())
            } else {
                measured
            };
            state.enabled = true;
            state.cubic.throttle(sending, now)
        } else {
            state.cubic.success(now)
        };
        state
            .bucket
            .set_rate(rate.min(MAX_RATE_SCALE * measured), now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn the_cubic_curve_drops_by_beta_and_climbs_back_to_w_max_after_k() {
        let mut cubic = Cubic::new(0.0);
        // No throttle yet: 0.4·t³.
        assert!(close(cubic.success(1.0), 0.4));
        assert!(close(cubic.success(2.0), 3.2));
        // A throttle at t = 10 while sending 10/s: 7/s, and
        // K = ∛(10·0.3/0.4) = ∛7.5.
        assert!(close(cubic.throttle(10.0, 10.0), 7.0));
        assert!(close(cubic.w_max(), 10.0));
        assert!(close(cubic.k().powi(3), 7.5));
        assert!(close(cubic.k(), 1.957_433_820_584_4), "{}", cubic.k());
        // Right after the throttle the curve is at β·W_max, at K back at
        // W_max, one and two seconds later 0.4 and 3.2 above it.
        assert!(close(cubic.success(10.0), 7.0));
        let k = cubic.k();
        assert!(close(cubic.success(10.0 + k), 10.0));
        assert!(close(cubic.success(11.0 + k), 10.4));
        assert!(close(cubic.success(12.0 + k), 13.2));
        // Half-way to K it is 0.4·(K/2)³ = 0.05·7.5 below W_max.
        assert!(close(cubic.success(10.0 + k / 2.0), 10.0 - 0.375));
    }

    #[test]
    fn the_bucket_fills_at_its_rate_up_to_its_capacity() {
        let mut bucket = TokenBucket::new(4.0, 0.0);
        assert_eq!(bucket.capacity(), 4.0);
        // Empty: a token in 1/4 s.
        assert_eq!(bucket.try_acquire(0.0), Err(Duration::from_secs_f64(0.25)));
        assert_eq!(bucket.try_acquire(0.25), Ok(()));
        // Ten seconds fill it to its capacity of 4, not 40.
        assert_eq!(bucket.try_acquire(10.25), Ok(()));
        assert!(close(bucket.tokens(), 3.0));
        // A lower rate caps what is in it; rates under 0.5 fill at 0.5
        // into a bucket of 1.
        bucket.set_rate(0.1, 10.25);
        assert_eq!((bucket.fill_rate(), bucket.capacity()), (0.5, 1.0));
        assert!(close(bucket.tokens(), 1.0));
        assert_eq!(bucket.try_acquire(10.25), Ok(()));
        assert_eq!(bucket.try_acquire(10.25), Err(Duration::from_secs(2)));
        // Half a second fills a quarter token: 1.5 s to go.
        assert_eq!(bucket.try_acquire(10.75), Err(Duration::from_secs_f64(1.5)));
    }

    #[test]
    fn the_sending_rate_is_measured_in_half_second_buckets_and_smoothed() {
        let mut meter = RateMeter::new(0.0);
        for t in [0.1, 0.2, 0.3] {
            assert_eq!(meter.record(t), 0.0);
        }
        // Four responses in the bucket [0, 0.5): 8/s, weighted 0.8.
        assert!(close(meter.record(0.6), 6.4));
        // One in [0.5, 1.0): 2/s; 0.8·2 + 0.2·6.4.
        assert!(close(meter.record(1.2), 2.88));
    }

    /// A clock the test moves.
    fn fake_clock() -> (Arc<Mutex<Duration>>, RateClock) {
        let now = Arc::new(Mutex::new(Duration::ZERO));
        let read = Arc::clone(&now);
        (now, Arc::new(move || *read.lock().unwrap()))
    }

    fn set(clock: &Mutex<Duration>, seconds: f64) {
        *clock.lock().unwrap() = Duration::from_secs_f64(seconds);
    }

    #[test]
    fn successes_never_slow_sending() {
        let (clock, read) = fake_clock();
        let limiter = ClientRateLimiter::with_clock(read);
        for i in 0..100 {
            set(&clock, f64::from(i) * 0.01);
            assert_eq!(limiter.try_acquire(), Ok(()));
            limiter.record(false);
        }
        assert!(!limiter.is_enabled());
    }

    #[test]
    fn a_throttle_cuts_the_rate_and_delays_the_next_send() {
        let (clock, read) = fake_clock();
        let limiter = ClientRateLimiter::with_clock(read);
        // Five responses in [0, 0.5): the first, at 0, drops the bucket's
        // rate from 1 (the start) to the floor of 0.5/s, which fills
        // 4·0.1·0.5 = 0.2 tokens by t = 0.4.
        for t in [0.0, 0.1, 0.2, 0.3, 0.4] {
            set(&clock, t);
            limiter.record(false);
        }
        // The sixth, at 0.6, is throttled: the bucket [0, 0.5) closes with
        // 6 responses, measured 0.8·(6/0.5) = 9.6/s, cut to 0.7·9.6 =
        // 6.72/s.
        set(&clock, 0.6);
        limiter.record(true);
        assert!(limiter.is_enabled());
        assert!(close(limiter.measured_rate(), 9.6));
        assert!(close(limiter.fill_rate(), 6.72));
        // 0.2 + 0.2·0.5 = 0.3 tokens: the next send waits 0.7/6.72 s.
        let wait = limiter.try_acquire().unwrap_err();
        assert!(close(wait.as_secs_f64(), 0.7 / 6.72), "{wait:?}");
        set(&clock, 0.6 + 0.7 / 6.72 + 1e-6);
        assert_eq!(limiter.try_acquire(), Ok(()));
        // A second throttle at 0.7 (same bucket: measured still 9.6) cuts
        // from the fill rate: 0.7·6.72.
        set(&clock, 0.7);
        limiter.record(true);
        assert!(close(limiter.fill_rate(), 0.7 * 6.72));
    }

    #[test]
    fn the_rate_stays_under_twice_the_measured_rate() {
        let (clock, read) = fake_clock();
        let limiter = ClientRateLimiter::with_clock(read);
        // Ten responses in [0, 0.5), the last throttled at 0.45: the
        // measured rate is still 0 (no bucket closed), so the cut rate is 0
        // and the bucket fills at the floor of 0.5/s.
        for i in 0..10 {
            set(&clock, f64::from(i) * 0.05);
            limiter.record(i == 9);
        }
        assert!(close(limiter.fill_rate(), 0.5));
        // Much later, a success: the curve is far above W_max = 0
        // (0.4·9.55³ ≈ 348), but 11 responses closed the bucket [0, 10):
        // measured 0.8·11/10 = 0.88/s, so the rate is 2·0.88.
        set(&clock, 10.0);
        limiter.record(false);
        assert!(close(limiter.measured_rate(), 0.88));
        assert!(close(limiter.fill_rate(), 1.76));
    }
}
