//! [`Secret`]: a value overwritten with zeros when it is dropped.

use std::fmt;

use zeroize::{Zeroize, ZeroizeOnDrop};

/// A secret (a secret access key, a session token, a signing key) whose
/// memory is zeroed, with the `zeroize` crate, when it is dropped. A clone
/// is a new secret, zeroed when it is dropped in turn.
///
/// This is best effort, as with any zeroizing in Rust: a `String` handed to
/// [`Secret::new`] is kept in place (its whole capacity is zeroed), but
/// copies the caller made before, or that a moved array left on the stack,
/// are out of reach.
///
/// `Debug` shows `** redacted **`; there is no `Display`.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Secret<T: Zeroize>(T);

impl<T: Zeroize> Secret<T> {
    pub(crate) fn new(value: T) -> Self {
        Secret(value)
    }

    pub(crate) fn expose(&self) -> &T {
        &self.0
    }
}

impl Secret<String> {
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

impl<T: Zeroize> Drop for Secret<T> {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl<T: Zeroize> ZeroizeOnDrop for Secret<T> {}

impl<T: Zeroize> fmt::Debug for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(super::REDACTED)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Counts the times it is zeroized.
    #[derive(Clone)]
    struct Probe(Arc<AtomicUsize>);

    impl Zeroize for Probe {
        fn zeroize(&mut self) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }

    #[test]
    fn dropping_a_secret_zeroizes_it_and_each_clone() {
        let zeroized = Arc::new(AtomicUsize::new(0));
        let secret = Secret::new(Probe(Arc::clone(&zeroized)));
        let clone = secret.clone();
        assert_eq!(zeroized.load(Ordering::SeqCst), 0);
        drop(secret);
        assert_eq!(zeroized.load(Ordering::SeqCst), 1);
        drop(clone);
        assert_eq!(zeroized.load(Ordering::SeqCst), 2);
    }

    fn assert_zeroize_on_drop<T: ZeroizeOnDrop>() {}

    #[test]
    fn secrets_are_zeroize_on_drop_and_redacted() {
        assert_zeroize_on_drop::<Secret<String>>();
        assert_zeroize_on_drop::<Secret<[u8; 32]>>();
        assert_zeroize_on_drop::<Option<Secret<String>>>();
        let secret = Secret::new(String::from("hunter2"));
        assert_eq!(secret.as_str(), "hunter2");
        assert_eq!(format!("{secret:?}"), "** redacted **");
        assert_eq!(format!("{:?}", Secret::new([7u8; 32])), "** redacted **");
    }
}
