//! Interceptors: code a user registers on a [`Config`](crate::Config)
//! ([`with_interceptor`](crate::Config::with_interceptor)) that the call
//! loop runs at fixed points of every call, as the AWS SDKs' interceptors
//! (`aws-smithy-runtime-api`'s `Intercept`) do:
//!
//! | hook | when | sees |
//! | --- | --- | --- |
//! | [`read_before_serialization`](Intercept::read_before_serialization) | once per call, before the request is built | the input, read-only |
//! | [`modify_before_signing`](Intercept::modify_before_signing) | every attempt, before SigV4 signs it | the request, mutable: a header added here is signed |
//! | [`modify_before_transmit`](Intercept::modify_before_transmit) | every attempt, after signing | the signed request, mutable: a change here is not signed |
//! | [`read_after_transmit`](Intercept::read_after_transmit) | every attempt that got a response | the response, read-only (before it is retried or parsed) |
//!
//! Interceptors run in the order they were registered. A hook that returns
//! an error ends the call at once (no retry) with
//! [`SdkError::Interceptor`](crate::SdkError::Interceptor), whose
//! [`InterceptorError`] carries the hook's error boxed: match it with
//! [`InterceptorError::source_error`] and `downcast_ref`.
//!
//! The input is handed over as `&dyn Any`: an interceptor that knows the
//! operation downcasts it to the generated input type
//! ([`Context::input`]); the runtime itself never formats it, so a
//! `@sensitive` member cannot leak through here (the generated types'
//! `Debug` redacts them, should an interceptor print one).

use std::any::Any;
use std::error::Error;
use std::fmt;
use std::sync::Arc;

use crate::transport::{HttpRequest, HttpResponse};

/// The error type an interceptor's hook returns.
pub type BoxError = Box<dyn Error + Send + Sync + 'static>;

/// An interceptor shared by clones of a config.
pub type SharedInterceptor = Arc<dyn Intercept>;

/// Hooks into every call of a client. Each hook does nothing unless
/// overridden; see the [module documentation](self) for when each runs.
pub trait Intercept: Send + Sync + fmt::Debug {
    /// A name for errors (and `Debug` of the config).
    fn name(&self) -> &'static str;

    /// Reads the input before the request is built (once per call).
    ///
    /// # Errors
    ///
    /// Any error fails the call before anything is sent.
    fn read_before_serialization(&self, context: &Context<'_>) -> Result<(), BoxError> {
        let _ = context;
        Ok(())
    }

    /// Changes the request of an attempt before it is signed: headers
    /// added here are signed.
    ///
    /// # Errors
    ///
    /// Any error fails the call; the attempt is not sent.
    fn modify_before_signing(
        &self,
        context: &Context<'_>,
        request: &mut HttpRequest,
    ) -> Result<(), BoxError> {
        let _ = (context, request);
        Ok(())
    }

    /// Changes the signed request of an attempt just before it is sent:
    /// headers added here are not signed (and a change to a signed part
    /// breaks the signature).
    ///
    /// # Errors
    ///
    /// Any error fails the call; the attempt is not sent.
    fn modify_before_transmit(
        &self,
        context: &Context<'_>,
        request: &mut HttpRequest,
    ) -> Result<(), BoxError> {
        let _ = (context, request);
        Ok(())
    }

    /// Reads the response of an attempt, before the call decides whether
    /// to retry and before it is parsed.
    ///
    /// # Errors
    ///
    /// Any error fails the call at once: no retry, no parsing.
    fn read_after_transmit(
        &self,
        context: &Context<'_>,
        response: &HttpResponse,
    ) -> Result<(), BoxError> {
        let _ = (context, response);
        Ok(())
    }
}

impl<T: Intercept + ?Sized> Intercept for Arc<T> {
    fn name(&self) -> &'static str {
        (**self).name()
    }
    fn read_before_serialization(&self, context: &Context<'_>) -> Result<(), BoxError> {
        (**self).read_before_serialization(context)
    }
    fn modify_before_signing(
        &self,
        context: &Context<'_>,
        request: &mut HttpRequest,
    ) -> Result<(), BoxError> {
        (**self).modify_before_signing(context, request)
    }
    fn modify_before_transmit(
        &self,
        context: &Context<'_>,
        request: &mut HttpRequest,
    ) -> Result<(), BoxError> {
        (**self).modify_before_transmit(context, request)
    }
    fn read_after_transmit(
        &self,
        context: &Context<'_>,
        response: &HttpResponse,
    ) -> Result<(), BoxError> {
        (**self).read_after_transmit(context, response)
    }
}

/// What an interceptor knows of the call it runs in.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    pub(crate) service: &'static str,
    pub(crate) operation: &'static str,
    pub(crate) input: &'a (dyn Any + Send + Sync),
    pub(crate) attempt: Option<u32>,
}

impl<'a> Context<'a> {
    /// The service, by its SDK id (e.g. `imagebuilder`, `STS`).
    pub fn service(&self) -> &'static str {
        self.service
    }

    /// The operation's name in the model, e.g. `AssumeRole`.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The operation's input, to downcast to the generated input type
    /// (`()` for an operation without one). Not `Debug`: the runtime never
    /// prints it.
    pub fn input(&self) -> &'a (dyn Any + Send + Sync) {
        self.input
    }

    /// The attempt (1 for the first), in the per-attempt hooks; `None` in
    /// [`read_before_serialization`](Intercept::read_before_serialization).
    pub fn attempt(&self) -> Option<u32> {
        self.attempt
    }
}

impl fmt::Debug for Context<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Context")
            .field("service", &self.service)
            .field("operation", &self.operation)
            .field("attempt", &self.attempt)
            .finish_non_exhaustive()
    }
}

/// The hook an [`InterceptorError`] came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Hook {
    /// [`Intercept::read_before_serialization`].
    ReadBeforeSerialization,
    /// [`Intercept::modify_before_signing`].
    ModifyBeforeSigning,
    /// [`Intercept::modify_before_transmit`].
    ModifyBeforeTransmit,
    /// [`Intercept::read_after_transmit`].
    ReadAfterTransmit,
}

impl Hook {
    /// The hook's method name.
    pub fn name(self) -> &'static str {
        match self {
            Hook::ReadBeforeSerialization => "read_before_serialization",
            Hook::ModifyBeforeSigning => "modify_before_signing",
            Hook::ModifyBeforeTransmit => "modify_before_transmit",
            Hook::ReadAfterTransmit => "read_after_transmit",
        }
    }
}

/// An interceptor's hook failed the call.
#[derive(Debug)]
pub struct InterceptorError {
    interceptor: &'static str,
    hook: Hook,
    source: BoxError,
}

impl InterceptorError {
    /// The failing interceptor's [`name`](Intercept::name).
    pub fn interceptor(&self) -> &'static str {
        self.interceptor
    }

    /// The hook that failed.
    pub fn hook(&self) -> Hook {
        self.hook
    }

    /// The error the hook returned (`downcast_ref` it to the interceptor's
    /// own error type).
    pub fn source_error(&self) -> &(dyn Error + Send + Sync + 'static) {
        &*self.source
    }

    /// Converts into the error the hook returned.
    pub fn into_source(self) -> BoxError {
        self.source
    }
}

impl fmt::Display for InterceptorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "interceptor {} failed in {}: {}",
            self.interceptor,
            self.hook.name(),
            self.source
        )
    }
}

// Display already includes the hook's error, so its source is that
// error's own cause (as for the crate's other errors).
impl Error for InterceptorError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source.source()
    }
}

/// Runs `hook` of each interceptor in order; the first error ends it.
pub(crate) fn run(
    interceptors: &[SharedInterceptor],
    hook: Hook,
    mut each: impl FnMut(&dyn Intercept) -> Result<(), BoxError>,
) -> Result<(), InterceptorError> {
    for interceptor in interceptors {
        each(&**interceptor).map_err(|source| InterceptorError {
            interceptor: interceptor.name(),
            hook,
            source,
        })?;
    }
    Ok(())
}
