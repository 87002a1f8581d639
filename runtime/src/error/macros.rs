//! The trait impls every generated error needs, written once here so that a
//! generated `error` module holds only what differs between errors: their
//! members, their codes and how their bodies are read.
//!
//! Both macros are protocol-neutral. How an error response's code and
//! message are found (a header and JSON fields for restJson1 and awsJson,
//! XML for the query protocols) is the caller's business: an operation's
//! deserializer parses the [`ErrorMetadata`](crate::ErrorMetadata) and
//! hands it to the enum's `from_response`; a modeled error's own
//! `from_response` reads its members from the body as its protocol says.

/// Implements [`ProvideErrorMetadata`](crate::ProvideErrorMetadata),
/// [`Display`](std::fmt::Display) and [`Error`](std::error::Error) for a
/// modeled error: a structure the model marks `@error`, with a field
/// `meta: ErrorMetadata` holding the metadata of the response it was read
/// from.
///
/// It displays as every service error does (see
/// [`display_error`](crate::error::display_error)) and has no source.
/// Attributes before the name (e.g. `#[allow(deprecated)]` for a deprecated
/// error) are put on each impl.
///
/// With `read_body = path`, it also gets the
/// `pub(crate) fn from_response(meta, response) -> Result<Self, ResponseError>`
/// that [`operation_error!`](crate::operation_error) calls: the members
/// come from the body, read by `path` (the protocol's reader, e.g.
/// [`json::from_json`](crate::protocol::json::from_json)), and the metadata is `meta`,
/// which the operation's deserializer parsed. An error with members bound
/// to headers writes its own `from_response` instead.
///
/// ```
/// /// The thing asked for does not exist.
/// #[derive(Debug, Default)]
/// pub struct NotFound {
///     meta: smithy_runtime::ErrorMetadata,
/// }
///
/// smithy_runtime::modeled_error!(NotFound);
///
/// let error = NotFound {
///     meta: smithy_runtime::ErrorMetadata::new(404).with_code("NotFound").with_message("no such key"),
/// };
/// assert_eq!(error.to_string(), "NotFound: no such key");
/// assert_eq!(smithy_runtime::ProvideErrorMetadata::status(&error), 404);
/// ```
#[macro_export]
macro_rules! modeled_error {
    ($(#[$attr:meta])* $name:ident, read_body = $read:path $(,)?) => {
        $(#[$attr])*
        impl $name {
            /// Reads the error from a failed `response` whose metadata,
            /// `meta`, is already parsed.
            pub(crate) fn from_response(
                meta: $crate::ErrorMetadata,
                response: &$crate::HttpResponse,
            ) -> ::std::result::Result<Self, $crate::ResponseError> {
                let mut error: Self = $read(response)?;
                error.meta = meta;
                ::std::result::Result::Ok(error)
            }
        }

        $crate::modeled_error!($(#[$attr])* $name);
    };
    ($(#[$attr:meta])* $name:ident) => {
        $(#[$attr])*
        impl $crate::ProvideErrorMetadata for $name {
            fn meta(&self) -> &$crate::ErrorMetadata {
                &self.meta
            }
        }

        $(#[$attr])*
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                $crate::error::display_error(f, &self.meta)
            }
        }

        $(#[$attr])*
        impl ::std::error::Error for $name {}
    };
}

/// Implements an operation's error enum: a variant per modeled error the
/// operation names, each holding the error's structure of the same name,
/// either as it is or in a `Box` (the generator boxes large ones, so that
/// the enum is not lopsided), and a last variant `Unhandled(Unhandled)` for
/// everything else.
///
/// Given the enum's name and each variant with the wire code that selects
/// it, this writes
///
/// - `pub(crate) fn from_response(meta, response) -> Self`, which picks the
///   variant whose code `meta` (already parsed by the operation's
///   deserializer, as its protocol says) carries and reads it with that
///   structure's own `from_response(meta, response)`; any other code, or
///   none, gives [`Unhandled`](crate::Unhandled), and so does a modeled
///   error whose body cannot be read, keeping its metadata and the parse
///   error (see [`modeled_or_unhandled`](crate::error::modeled_or_unhandled));
/// - [`ProvideErrorMetadata`](crate::ProvideErrorMetadata),
///   [`Display`](std::fmt::Display) and [`Error`](std::error::Error), each
///   passed through to the variant's error, so the enum displays and has
///   the source of the error it holds.
///
/// Attributes before the name (e.g. `#[allow(deprecated)]` when a variant's
/// error is deprecated) are put on each impl.
///
/// ```
/// # use smithy_runtime::{ErrorMetadata, HttpResponse, ResponseError};
/// /// The bucket does not exist.
/// #[derive(Debug)]
/// pub struct NoSuchBucket {
///     meta: ErrorMetadata,
/// }
///
/// impl NoSuchBucket {
///     fn from_response(meta: ErrorMetadata, _: &HttpResponse) -> Result<Self, ResponseError> {
///         Ok(Self { meta })
///     }
/// }
///
/// smithy_runtime::modeled_error!(NoSuchBucket);
///
/// /// The errors of `GetBucket`.
/// #[derive(Debug)]
/// pub enum GetBucketError {
///     /// The bucket does not exist.
///     NoSuchBucket(NoSuchBucket),
///     /// Any other error.
///     Unhandled(smithy_runtime::Unhandled),
/// }
///
/// smithy_runtime::operation_error!(GetBucketError {
///     NoSuchBucket = "NoSuchBucket",
/// });
///
/// let response = HttpResponse::new(Vec::new());
/// let meta = ErrorMetadata::new(404).with_code("NoSuchBucket");
/// let error = GetBucketError::from_response(meta, &response);
/// assert!(matches!(error, GetBucketError::NoSuchBucket(_)));
/// assert_eq!(error.to_string(), "NoSuchBucket");
/// ```
#[macro_export]
macro_rules! operation_error {
    ($(#[$attr:meta])* $name:ident { $($variant:ident = $($code:literal)|+),* $(,)? }) => {
        $(#[$attr])*
        impl $name {
            /// Resolves the code `meta` carries, parsed from the failed
            /// `response`, to a variant.
            pub(crate) fn from_response(
                meta: $crate::ErrorMetadata,
                response: &$crate::HttpResponse,
            ) -> Self {
                $(
                    if $(meta.code() == ::std::option::Option::Some($code))||+ {
                        return $crate::error::modeled_or_unhandled(
                            meta,
                            response,
                            $variant::from_response,
                        )
                        .map_or_else(Self::Unhandled, |error| {
                            Self::$variant(::std::convert::From::from(error))
                        });
                    }
                )*
                Self::Unhandled($crate::Unhandled::new(meta, response.body().clone()))
            }

            /// The error the variant holds.
            fn inner(&self) -> &(dyn ::std::error::Error + 'static) {
                match self {
                    $(Self::$variant(error) => ::std::borrow::Borrow::<$variant>::borrow(error),)*
                    Self::Unhandled(error) => error,
                }
            }
        }

        $(#[$attr])*
        impl $crate::ProvideErrorMetadata for $name {
            fn meta(&self) -> &$crate::ErrorMetadata {
                match self {
                    $(Self::$variant(error) => $crate::ProvideErrorMetadata::meta(
                        ::std::borrow::Borrow::<$variant>::borrow(error),
                    ),)*
                    Self::Unhandled(error) => $crate::ProvideErrorMetadata::meta(error),
                }
            }
        }

        $(#[$attr])*
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(self.inner(), f)
            }
        }

        $(#[$attr])*
        impl ::std::error::Error for $name {
            fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                self.inner().source()
            }
        }
    };
}

#[cfg(test)]
#[deny(deprecated)]
mod tests {
    use std::error::Error as _;

    use crate::{ErrorMetadata, HttpResponse, ProvideErrorMetadata, ResponseError, Unhandled};

    /// Read from a JSON body, as a restJson1 error would be.
    #[derive(Debug, Default, serde::Deserialize)]
    struct Throttled {
        #[serde(rename = "retryAfter")]
        retry_after: Option<u32>,
        #[serde(skip)]
        meta: ErrorMetadata,
    }

    crate::modeled_error!(Throttled, read_body = crate::protocol::json::from_json);

    /// An error whose use is deprecated, to show the attributes reach
    /// every impl (the module denies `deprecated`).
    #[deprecated]
    #[derive(Debug)]
    struct Retired {
        meta: ErrorMetadata,
    }

    #[allow(deprecated)]
    impl Retired {
        fn from_response(meta: ErrorMetadata, _: &HttpResponse) -> Result<Self, ResponseError> {
            Ok(Self { meta })
        }
    }

    crate::modeled_error!(
        #[allow(deprecated)]
        Retired
    );

    /// One variant inline, one boxed, as the generator writes a large
    /// error.
    #[derive(Debug)]
    enum CallError {
        Throttled(Throttled),
        #[allow(deprecated)]
        Retired(Box<Retired>),
        Unhandled(Unhandled),
    }

    crate::operation_error!(#[allow(deprecated)] CallError {
        Throttled = "ThrottlingException",
        Retired = "RetiredException",
    });

    /// An operation whose model names no errors.
    #[derive(Debug)]
    enum BareError {
        Unhandled(Unhandled),
    }

    crate::operation_error!(BareError {});

    fn response(body: &str) -> HttpResponse {
        http::Response::builder()
            .status(429)
            .header("x-amzn-requestid", "rid")
            .body(body.as_bytes().to_vec())
            .unwrap()
    }

    fn meta(code: &str) -> ErrorMetadata {
        ErrorMetadata::new(429)
            .with_code(code)
            .with_message("slow down")
            .with_request_id("rid")
    }

    #[test]
    fn the_code_picks_the_variant_which_reads_its_body_and_keeps_the_metadata() {
        let error = CallError::from_response(
            meta("ThrottlingException"),
            &response(r#"{"retryAfter":3}"#),
        );
        let CallError::Throttled(throttled) = &error else {
            panic!("expected Throttled, got {error:?}");
        };
        assert_eq!(throttled.retry_after, Some(3));
        assert_eq!(throttled.code(), Some("ThrottlingException"));
        assert_eq!(error.message(), Some("slow down"));
        assert_eq!(error.request_id(), Some("rid"));
        assert_eq!(error.status(), 429);
        assert_eq!(error.to_string(), "ThrottlingException: slow down");
        assert_eq!(throttled.to_string(), error.to_string());
        assert!(error.source().is_none());

        let retired = CallError::from_response(meta("RetiredException"), &response(""));
        assert!(matches!(retired, CallError::Retired(_)), "{retired:?}");
        assert_eq!(retired.code(), Some("RetiredException"));
        assert_eq!(retired.to_string(), "RetiredException: slow down");
        assert!(retired.source().is_none());
    }

    #[test]
    fn an_unnamed_code_or_none_is_unhandled_with_the_raw_body() {
        for meta in [meta("SomethingElse"), ErrorMetadata::new(500)] {
            let code = meta.code().map(str::to_owned);
            let error = CallError::from_response(meta, &response("<html/>"));
            let CallError::Unhandled(unhandled) = &error else {
                panic!("expected Unhandled, got {error:?}");
            };
            assert_eq!(unhandled.body(), b"<html/>");
            assert!(unhandled.parse_error().is_none());
            assert_eq!(error.code(), code.as_deref());
            assert!(error.source().is_none());
        }
        let bare = BareError::from_response(meta("ThrottlingException"), &response("{}"));
        assert_eq!(bare.code(), Some("ThrottlingException"));
        assert_eq!(bare.to_string(), "ThrottlingException: slow down");
    }

    #[test]
    fn a_named_error_whose_body_does_not_read_is_unhandled_with_the_parse_error_as_source() {
        let body = r#"{"retryAfter":"soon"}"#;
        let error = CallError::from_response(meta("ThrottlingException"), &response(body));
        let CallError::Unhandled(unhandled) = &error else {
            panic!("expected Unhandled, got {error:?}");
        };
        assert_eq!(unhandled.body(), body.as_bytes());
        let parse = unhandled.parse_error().unwrap();
        assert_eq!(parse.path(), Some("retryAfter"));
        assert_eq!(error.code(), Some("ThrottlingException"));
        assert_eq!(error.to_string(), "ThrottlingException: slow down");
        assert_eq!(error.source().unwrap().to_string(), parse.to_string());
    }
}
