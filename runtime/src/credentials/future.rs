//! The future a [`ProvideCredentials`](super::ProvideCredentials) returns:
//! ready at once for the sources that only read the environment or local
//! files (no allocation), boxed for the ones that go to the network.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::{Credentials, CredentialsError};

/// What a provider's answer is.
pub type CredentialsResult = Result<Credentials, CredentialsError>;

/// The credentials a provider will hand out, or why it has none.
#[must_use = "a future does nothing unless awaited"]
pub struct ProvideCredentialsFuture<'a>(Inner<'a>);

enum Inner<'a> {
    Ready(Option<CredentialsResult>),
    Pending(Pin<Box<dyn Future<Output = CredentialsResult> + Send + 'a>>),
}

impl<'a> ProvideCredentialsFuture<'a> {
    /// An answer already known.
    pub fn ready(result: CredentialsResult) -> Self {
        ProvideCredentialsFuture(Inner::Ready(Some(result)))
    }

    /// An answer `future` will give.
    pub fn new(future: impl Future<Output = CredentialsResult> + Send + 'a) -> Self {
        ProvideCredentialsFuture(Inner::Pending(Box::pin(future)))
    }
}

impl Future for ProvideCredentialsFuture<'_> {
    type Output = CredentialsResult;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<CredentialsResult> {
        match &mut self.get_mut().0 {
            Inner::Ready(result) => match result.take() {
                Some(result) => Poll::Ready(result),
                None => Poll::Ready(Err(CredentialsError::provider_failed(
                    "credentials future",
                    "polled after it completed",
                ))),
            },
            Inner::Pending(future) => future.as_mut().poll(cx),
        }
    }
}

impl fmt::Debug for ProvideCredentialsFuture<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = match &self.0 {
            Inner::Ready(_) => "ready",
            Inner::Pending(_) => "pending",
        };
        f.debug_tuple("ProvideCredentialsFuture")
            .field(&state)
            .finish()
    }
}
