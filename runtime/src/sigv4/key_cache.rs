//! [`SigningKeyCache`]: the SigV4 signing keys a client derived recently.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};

use super::{Secret, derive_signing_key};

/// How many (secret, day, region, service) keys are kept: a client signs
/// for one service, in one region or a few (endpoint rules may name
/// another signing region), with one secret until its credentials rotate.
const ENTRIES: usize = 4;

/// The signing keys derived for recent combinations of secret access key,
/// day, region and service, so that a client derives a key once a day
/// instead of with four HMACs on every request. The client config holds one
/// (its clones share it).
///
/// `Debug` shows how many keys are held and how many were derived, never a
/// key or a secret. The secrets and keys it holds are zeroed in memory when
/// they leave the cache (or it is dropped).
#[derive(Default)]
pub struct SigningKeyCache {
    entries: Mutex<Vec<Entry>>,
    derived: AtomicU64,
}

struct Entry {
    secret: Secret<String>,
    date: String,
    region: String,
    service: String,
    key: Secret<[u8; 32]>,
}

impl SigningKeyCache {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// The signing key for `secret_access_key` on `date` (`YYYYMMDD`) in
    /// `region` for `service`: the cached one, or derived now and kept (the
    /// least recently derived one makes room).
    pub fn key(
        &self,
        secret_access_key: &str,
        date: &str,
        region: &str,
        service: &str,
    ) -> [u8; 32] {
        *self
            .secret_key(secret_access_key, date, region, service)
            .expose()
    }

    /// [`key`](Self::key), in memory that is zeroed when dropped.
    pub(super) fn secret_key(
        &self,
        secret_access_key: &str,
        date: &str,
        region: &str,
        service: &str,
    ) -> Secret<[u8; 32]> {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        let found = entries.iter().find(|e| {
            e.date == date
                && e.region == region
                && e.service == service
                && e.secret.as_str() == secret_access_key
        });
        if let Some(entry) = found {
            return entry.key.clone();
        }
        let key = derive_signing_key(secret_access_key, date, region, service);
        self.derived.fetch_add(1, Ordering::Relaxed);
        if entries.len() >= ENTRIES {
            entries.remove(0);
        }
        entries.push(Entry {
            secret: Secret::new(secret_access_key.to_owned()),
            date: date.to_owned(),
            region: region.to_owned(),
            service: service.to_owned(),
            key: key.clone(),
        });
        key
    }

    /// How many keys this cache has derived.
    pub fn derived(&self) -> u64 {
        self.derived.load(Ordering::Relaxed)
    }
}

impl fmt::Debug for SigningKeyCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let held = self
            .entries
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len();
        f.debug_struct("SigningKeyCache")
            .field("held", &held)
            .field("derived", &self.derived())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sigv4::signing_key;

    #[test]
    fn a_key_is_derived_once_per_secret_day_region_and_service() {
        let cache = SigningKeyCache::new();
        let key = cache.key("secret", "20261203", "eu-west-1", "sts");
        assert_eq!(key, signing_key("secret", "20261203", "eu-west-1", "sts"));
        for _ in 0..3 {
            assert_eq!(cache.key("secret", "20261203", "eu-west-1", "sts"), key);
        }
        assert_eq!(cache.derived(), 1);
        // Each part of the scope, and the secret, make another key.
        for (secret, date, region, service) in [
            ("secret", "20261204", "eu-west-1", "sts"),
            ("secret", "20261203", "us-east-1", "sts"),
            ("secret", "20261203", "eu-west-1", "iam"),
            ("rotated", "20261203", "eu-west-1", "sts"),
        ] {
            assert_eq!(
                cache.key(secret, date, region, service),
                signing_key(secret, date, region, service)
            );
        }
        assert_eq!(cache.derived(), 5);
        // Four are kept: the first made room for the last.
        cache.key("secret", "20261203", "eu-west-1", "sts");
        assert_eq!(cache.derived(), 6);
        let debug = format!("{cache:?}");
        assert!(
            !debug.contains("secret") && !debug.contains("rotated"),
            "{debug}"
        );
    }
}
