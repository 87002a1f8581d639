//! The default [`Transport`]: HTTP/1.1 over TCP, with TLS for `https` URIs.
//!
//! [`HttpsTransport`] is built on [hyper]'s pooled client (`hyper-util`)
//! with [rustls] for TLS, using the `ring` crypto provider cut to AES-GCM
//! suites, the P-256 and P-384 groups and RSA/ECDSA certificates (see
//! `https/crypto.rs` for why; every AWS endpoint negotiates them). It speaks
//! HTTP/1.1 only, keeps idle connections alive for reuse (90 s per idle
//! connection, hyper's default) and accepts both `http://` and `https://`
//! URIs.
//!
//! This module exists only with the `https-transport` cargo feature, which
//! the default `https` feature turns on together with `webpki-roots`. A
//! program that brings its own HTTP stack turns default features off
//! (`default-features = false`) and none of hyper, rustls or Tokio is
//! compiled.
//!
//! # Proxies
//!
//! Requests go through the HTTP proxies that `HTTPS_PROXY` and `HTTP_PROXY`
//! name, except for the hosts in `NO_PROXY`, or those set with
//! [`HttpsTransportBuilder::proxy`]; `https://` endpoints through a
//! `CONNECT` tunnel (TLS end to end), `http://` ones forwarded. Loopback,
//! link-local (instance metadata, container credentials) and `localhost`
//! are never proxied. See [`ProxyConfig`] for the rules and where they
//! follow curl and the AWS SDKs.
//!
//! # Trusted roots
//!
//! Mozilla's roots, compiled in (`webpki-roots` feature, on by default),
//! and/or the operating system's trust store (`platform-roots` feature),
//! plus roots added to the builder (DER or PEM); a CA bundle
//! (`AWS_CA_BUNDLE`, the profile's `ca_bundle`,
//! [`HttpsTransportBuilder::ca_bundle`]) replaces the built-in ones. See
//! [`HttpsTransportBuilder::built_in_roots`].
//!
//! # Tokio
//!
//! The transport needs [Tokio]: await [`HttpsTransport::send`] inside a Tokio
//! runtime (current-thread or multi-thread) whose I/O and time drivers are
//! enabled, as `#[tokio::main]` and `Builder::enable_all` do. Outside any
//! Tokio runtime `send` fails with [`TransportErrorKind::Other`] instead of
//! panicking; a Tokio runtime built without its I/O or time driver makes
//! Tokio itself panic. Each connection is driven by a task spawned on the
//! runtime that opened it; if that runtime shuts down, its connections close
//! and a later request, from any runtime, opens a new one.
//!
//! # Timeouts
//!
//! - **Connect timeout** (default [`DEFAULT_CONNECT_TIMEOUT`], 3.1 s as in
//!   the AWS SDKs): the limit on opening a new connection — DNS resolution,
//!   TCP connect and, for `https`, the TLS handshake together. A request that
//!   reuses a pooled connection does not connect.
//! - **Read timeout** (default: none, as in the AWS SDKs, because some
//!   operations legitimately take minutes to answer): the limit on waiting
//!   for the server while a response is expected. It bounds the wait from
//!   the last byte of the request written to the first byte of the response,
//!   and then the wait between consecutive chunks of the response body. It
//!   never includes time spent connecting, and idle pooled connections are
//!   not subject to it.
//!
//! Both surface as [`TransportErrorKind::Timeout`]; the message says which.
//! For a limit on each attempt and on a whole call, retries included, see
//! [`Config::with_attempt_timeout`](crate::Config::with_attempt_timeout) and
//! [`Config::with_operation_timeout`](crate::Config::with_operation_timeout).
//!
//! # Errors
//!
//! Failures are classified by the lowest-level cause found in the error's
//! source chain, so a retry layer can act on [`TransportError::kind`]:
//!
//! | what happened | kind |
//! | --- | --- |
//! | the server refused the TCP connection | [`TransportErrorKind::ConnectionRefused`] |
//! | the connection was reset, aborted or closed (broken pipe, end of stream) before the whole response arrived | [`TransportErrorKind::ConnectionReset`] |
//! | the connect or the read timeout elapsed | [`TransportErrorKind::Timeout`] |
//! | DNS resolution failed, a TLS error (including an untrusted certificate), any other I/O error | [`TransportErrorKind::Io`] |
//! | a response that is not HTTP/1.x, a request hyper cannot send (a relative URI, an unsupported scheme), no Tokio runtime | [`TransportErrorKind::Other`] |
//! | the response body is over the request's [`ResponseBodyLimit`] | [`TransportErrorKind::ResponseTooLarge`] |
//!
//! A response that arrives is returned whatever its status; its body is read
//! whole into memory, up to the [`ResponseBodyLimit`] the request carries
//! (`invoke` adds the client's [`Config::max_response_body`](crate::Config::max_response_body)):
//! a `Content-Length` over it fails before any of the body is read, and a
//! body without one (chunked, or until the connection closes) fails as soon
//! as what has arrived passes it. Without a limit in the request, nothing is
//! refused.
//!
//! [hyper]: https://hyper.rs
//! [rustls]: https://docs.rs/rustls
//! [Tokio]: https://tokio.rs

use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::rt::{Read, ReadBuf, ReadBufCursor, Write};
use hyper_rustls::{HttpsConnector, MaybeHttpsStream};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::{Connected, Connection, HttpConnector};
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use tokio::net::TcpStream;
use tokio::time::{Instant, Sleep};

use crate::env::Env;
use crate::settings::Settings;
use crate::transport::{
    BoxFuture, HttpRequest, HttpResponse, ResponseBodyLimit, Transport, TransportError,
    TransportErrorKind,
};

mod crypto;
mod proxy;
mod roots;

pub use proxy::ProxyConfig;
use proxy::{ConnectToProxy, ProxyConnector, ProxyError};

/// The connect timeout used unless [`HttpsTransportBuilder::connect_timeout`]
/// sets another: 3.1 seconds, the AWS SDKs' default.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_millis(3100);

/// The largest buffer reserved up front for a response body, whatever its
/// `content-length` claims; larger bodies still arrive whole, the buffer
/// just grows as they do.
const MAX_PREALLOCATED_BODY: usize = 1 << 20;

/// The largest read forwarded through the read-timeout wrapper at once.
const READ_CHUNK: usize = 16 * 1024;

type HyperClient = Client<TimeoutConnector, Full<Bytes>>;

/// A [`Transport`] that sends requests over HTTP/1.1, with TLS (rustls) for
/// `https` URIs, reusing connections.
///
/// Clones share one connection pool. See the [module documentation](self)
/// for the Tokio requirement, the timeouts and how errors are classified.
///
/// The request is sent as given, with the HTTP version forced to 1.1; the
/// only headers added, when the request lacks them, are `host` (from the
/// URI) and `content-length` (for a non-empty body, and `0` for an empty
/// `POST`, `PUT` or `PATCH`). The URI must be absolute (`https://host/path`).
/// Error messages name the method, host and path, never the query string.
///
/// ```no_run
/// use smithy_runtime::https::HttpsTransport;
/// use smithy_runtime::Transport;
/// use std::time::Duration;
///
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let transport = HttpsTransport::builder()
///     .connect_timeout(Duration::from_secs(2))
///     .read_timeout(Duration::from_secs(30))
///     .build()?;
/// let request = http::Request::get("https://example.com/").body(Vec::new())?;
/// let response = transport.send(request).await?;
/// println!("{} ({} bytes)", response.status(), response.body().len());
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct HttpsTransport {
    /// The pooled client, or why it could not be built (only possible for
    /// [`HttpsTransport::new`], which cannot return an error).
    client: Result<HyperClient, Arc<str>>,
    connect_timeout: Option<Duration>,
    read_timeout: Option<Duration>,
    roots: Arc<str>,
    proxies: Arc<ProxyConfig>,
}

impl HttpsTransport {
    /// A transport with the default settings: connect timeout
    /// [`DEFAULT_CONNECT_TIMEOUT`], no read timeout, the built-in roots, and
    /// the proxies and `AWS_CA_BUNDLE` of the process environment.
    ///
    /// Building the default TLS configuration cannot fail in practice; if it
    /// ever did, every request would fail with [`TransportErrorKind::Other`]
    /// saying why. [`HttpsTransportBuilder::build`] reports it up front.
    pub fn new() -> Self {
        match Self::builder().build() {
            Ok(transport) => transport,
            Err(error) => Self {
                client: Err(Arc::from(error.to_string())),
                connect_timeout: Some(DEFAULT_CONNECT_TIMEOUT),
                read_timeout: None,
                roots: Arc::from("none"),
                proxies: Arc::new(ProxyConfig::none()),
            },
        }
    }

    /// A transport with the default settings, its proxies and custom roots
    /// from `settings`: [`HttpsTransportBuilder::settings`].
    ///
    /// Like [`new`](Self::new) it cannot fail: if the settings are unusable
    /// (a malformed `HTTPS_PROXY`, an unreadable `AWS_CA_BUNDLE`), every
    /// request fails with [`TransportErrorKind::Other`] saying why.
    pub fn from_settings(settings: &Settings) -> Self {
        match Self::builder().settings(settings).build() {
            Ok(transport) => transport,
            Err(error) => Self {
                client: Err(Arc::from(error.to_string())),
                connect_timeout: Some(DEFAULT_CONNECT_TIMEOUT),
                read_timeout: None,
                roots: Arc::from("none"),
                proxies: Arc::new(ProxyConfig::none()),
            },
        }
    }

    /// A builder to set timeouts, proxies and trusted roots.
    pub fn builder() -> HttpsTransportBuilder {
        HttpsTransportBuilder::new()
    }

    /// The connect timeout in force.
    pub fn connect_timeout(&self) -> Option<Duration> {
        self.connect_timeout
    }

    /// The read timeout in force, if any.
    pub fn read_timeout(&self) -> Option<Duration> {
        self.read_timeout
    }

    /// The proxies in force.
    pub fn proxies(&self) -> &ProxyConfig {
        &self.proxies
    }

    async fn send_request(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let client = match &self.client {
            Ok(client) => client,
            Err(reason) => {
                return Err(TransportError::new(
                    TransportErrorKind::Other,
                    format!("HTTPS transport could not be configured: {reason}"),
                ));
            }
        };
        if tokio::runtime::Handle::try_current().is_err() {
            return Err(TransportError::new(
                TransportErrorKind::Other,
                "HttpsTransport must be used inside a Tokio runtime",
            ));
        }

        let limit = ResponseBodyLimit::of(&request);
        let (mut parts, body) = request.into_parts();
        parts.version = http::Version::HTTP_11;
        // hyper sends `content-length` for a non-empty body; RFC 9110 (8.6)
        // asks for `content-length: 0` too when the method gives a body a
        // meaning, and some servers answer 411 without it.
        let body_expected = matches!(
            parts.method,
            http::Method::POST | http::Method::PUT | http::Method::PATCH
        );
        if body.is_empty()
            && body_expected
            && !parts.headers.contains_key(http::header::CONTENT_LENGTH)
        {
            parts.headers.insert(
                http::header::CONTENT_LENGTH,
                http::HeaderValue::from_static("0"),
            );
        }
        // A plain-HTTP request forwarded through a proxy carries the proxy's
        // credentials itself (a tunnelled one has them in its CONNECT).
        if let Some(authorization) = self.proxies.forward_authorization(&parts.uri) {
            if !parts
                .headers
                .contains_key(http::header::PROXY_AUTHORIZATION)
            {
                parts
                    .headers
                    .insert(http::header::PROXY_AUTHORIZATION, authorization.clone());
            }
        }
        let target = describe(&parts.method, &parts.uri);
        let request = http::Request::from_parts(parts, Full::new(Bytes::from(body)));

        let response = client
            .request(request)
            .await
            .map_err(|error| classify_error(error, &target))?;

        let (parts, mut incoming) = response.into_parts();
        // A body announced over the limit is refused before any of it is
        // read; dropping `incoming` closes the connection.
        let announced = hyper::body::Body::size_hint(&incoming).exact().or_else(|| {
            parts
                .headers
                .get(http::header::CONTENT_LENGTH)?
                .to_str()
                .ok()?
                .trim()
                .parse::<u64>()
                .ok()
        });
        if let (Some(limit), Some(length)) = (limit, announced) {
            if length > u64::try_from(limit).unwrap_or(u64::MAX) {
                return Err(with_target(
                    ResponseBodyLimit::exceeded(limit, length, true),
                    &target,
                ));
            }
        }
        let capacity = usize::try_from(hyper::body::Body::size_hint(&incoming).lower())
            .unwrap_or(MAX_PREALLOCATED_BODY)
            .min(MAX_PREALLOCATED_BODY);
        let mut body = Vec::with_capacity(capacity);
        loop {
            let next = match self.read_timeout {
                Some(limit) => match tokio::time::timeout(limit, incoming.frame()).await {
                    Ok(next) => next,
                    Err(_elapsed) => {
                        return Err(TransportError::new(
                            TransportErrorKind::Timeout,
                            format!(
                                "{target}: read timeout of {limit:?} elapsed while reading the response body"
                            ),
                        ));
                    }
                },
                None => incoming.frame().await,
            };
            match next {
                None => break,
                Some(Ok(frame)) => {
                    if let Ok(data) = frame.into_data() {
                        // Checked before buffering, so at most one frame
                        // (a read of hyper's) past the limit is ever read.
                        if let Some(limit) = limit {
                            let length = body.len().saturating_add(data.len());
                            if length > limit {
                                let length = u64::try_from(length).unwrap_or(u64::MAX);
                                return Err(with_target(
                                    ResponseBodyLimit::exceeded(limit, length, false),
                                    &target,
                                ));
                            }
                        }
                        body.extend_from_slice(&data);
                    }
                }
                Some(Err(error)) => {
                    return Err(classify_error(
                        error,
                        &format!("{target}: reading the response body"),
                    ));
                }
            }
        }
        Ok(http::Response::from_parts(parts, body))
    }
}

impl Default for HttpsTransport {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for HttpsTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("HttpsTransport");
        debug
            .field("connect_timeout", &self.connect_timeout)
            .field("read_timeout", &self.read_timeout)
            .field("roots", &self.roots)
            .field("proxies", &self.proxies);
        if let Err(reason) = &self.client {
            debug.field("configuration_error", reason);
        }
        debug.finish_non_exhaustive()
    }
}

impl Transport for HttpsTransport {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        Box::pin(self.send_request(request))
    }
}

/// Configures an [`HttpsTransport`]; made by [`HttpsTransport::builder`].
///
/// By default the transport reads its proxies (`HTTPS_PROXY`, `HTTP_PROXY`,
/// `NO_PROXY`: see [`ProxyConfig`]) and `AWS_CA_BUNDLE` from the process
/// environment when [`build`](Self::build) runs; [`env`](Self::env),
/// [`settings`](Self::settings), [`ignore_environment`](Self::ignore_environment),
/// [`proxy`](Self::proxy) and [`ca_bundle`](Self::ca_bundle) change that.
/// `Debug` shows no proxy credentials.
#[derive(Clone)]
pub struct HttpsTransportBuilder {
    connect_timeout: Option<Duration>,
    read_timeout: Option<Duration>,
    roots: roots::RootsConfig,
    /// An explicit CA bundle file.
    ca_bundle: Option<std::path::PathBuf>,
    /// The CA bundle [`Settings`] named (`AWS_CA_BUNDLE` or the profile).
    settings_ca_bundle: Option<String>,
    /// Where proxies and `AWS_CA_BUNDLE` are read; `None` ignores them.
    env: Option<Env>,
    proxy: Option<ExplicitProxy>,
    no_proxy: Option<String>,
}

#[derive(Clone)]
enum ExplicitProxy {
    Config(ProxyConfig),
    /// Parsed by `build`; may hold a password.
    Url(String),
}

impl fmt::Debug for HttpsTransportBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let proxy = match &self.proxy {
            None => "from the environment".to_owned(),
            Some(ExplicitProxy::Config(config)) => format!("{config:?}"),
            Some(ExplicitProxy::Url(_)) => "a URL (not shown)".to_owned(),
        };
        f.debug_struct("HttpsTransportBuilder")
            .field("connect_timeout", &self.connect_timeout)
            .field("read_timeout", &self.read_timeout)
            .field("der_roots", &self.roots.der.len())
            .field("pem_roots", &self.roots.pem.len())
            .field("built_in_roots", &!self.roots.without_built_in)
            .field("ca_bundle", &self.ca_bundle)
            .field("settings_ca_bundle", &self.settings_ca_bundle)
            .field("env", &self.env)
            .field("proxy", &proxy)
            .field("no_proxy", &self.no_proxy)
            .finish()
    }
}

impl HttpsTransportBuilder {
    fn new() -> Self {
        Self {
            connect_timeout: Some(DEFAULT_CONNECT_TIMEOUT),
            read_timeout: None,
            roots: roots::RootsConfig::default(),
            ca_bundle: None,
            settings_ca_bundle: None,
            env: Some(Env::real()),
            proxy: None,
            no_proxy: None,
        }
    }

    /// Limits how long opening a connection may take: DNS, TCP connect,
    /// the proxy's `CONNECT` and the TLS handshake together. Default:
    /// [`DEFAULT_CONNECT_TIMEOUT`].
    #[must_use]
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Limits how long to wait for the server once a request is written: for
    /// the first byte of the response, then between chunks of its body.
    /// Default: no limit.
    #[must_use]
    pub fn read_timeout(mut self, timeout: Duration) -> Self {
        self.read_timeout = Some(timeout);
        self
    }

    /// Trusts the DER-encoded certificate `der` as a root, in addition to
    /// the others: for a private CA, or a self-signed
    /// test server. [`build`](Self::build) fails if it does not parse.
    #[must_use]
    pub fn add_root_certificate(mut self, der: impl Into<Vec<u8>>) -> Self {
        self.roots.der.push(der.into());
        self
    }

    /// Trusts every certificate in `pem` (`-----BEGIN CERTIFICATE-----`
    /// blocks; other blocks are skipped) as a root, in addition to the
    /// others: for a corporate TLS-inspecting proxy's CA, say.
    /// [`build`](Self::build) fails if `pem` holds no certificate or a
    /// malformed one.
    #[must_use]
    pub fn add_root_certificates_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.roots.pem.push(pem.into());
        self
    }

    /// Whether to trust the built-in roots (Mozilla's with the
    /// `webpki-roots` feature, the platform's with `platform-roots`);
    /// default `true`. `false` trusts only the roots added to this builder
    /// and the CA bundle.
    ///
    /// # Which roots are trusted
    ///
    /// Unless [`built_in_roots(false)`](Self::built_in_roots)
    /// or a CA bundle says otherwise, the transport trusts the built-in roots the
    /// crate was compiled with:
    ///
    /// - `webpki-roots` feature (on by default, through `https`): Mozilla's root
    ///   program, compiled in;
    /// - `platform-roots` feature (off by default): the operating system's
    ///   trust store, read each time a transport is built (on Linux the OpenSSL
    ///   CA file or directory, honouring `SSL_CERT_FILE` and `SSL_CERT_DIR`; the
    ///   keychain on macOS; the system store on Windows), through
    ///   `rustls-native-certs`. A store that yields no usable certificate fails
    ///   [`build`](Self::build).
    ///
    /// With both features, both sets are trusted. Roots added with
    /// [`add_root_certificate`](Self::add_root_certificate)
    /// (DER) or
    /// [`add_root_certificates_pem`](Self::add_root_certificates_pem)
    /// are trusted in addition, for a private CA or a TLS-inspecting corporate
    /// proxy.
    ///
    /// A CA bundle (a PEM file: [`ca_bundle`](Self::ca_bundle),
    /// else `AWS_CA_BUNDLE`, else the profile's `ca_bundle` when the builder has
    /// [`settings`](Self::settings)) *replaces* the
    /// built-in roots, as it does in botocore and the AWS CLI: the transport
    /// trusts the bundle's certificates and those added to the builder, and
    /// nothing else.
    ///
    /// Build cost of `platform-roots` on Linux: `rustls-native-certs` and
    /// `openssl-probe`, two small crates (their other dependency,
    /// `rustls-pki-types`, is already in the build): 6.3 s and 1.0 s in a
    /// clean release build of `smithy-runtime` (`cargo build --timings`, 2
    /// heavily shared cores, where `rustls` itself took 154 s), under 1% of
    /// the 791 s all units took.
    #[must_use]
    pub fn built_in_roots(mut self, trust: bool) -> Self {
        self.roots.without_built_in = !trust;
        self
    }

    /// Trusts the certificates of the PEM file at `path` *instead of* the
    /// built-in roots (and in addition to those added to this builder), as
    /// `AWS_CA_BUNDLE` does; read by [`build`](Self::build), which fails if
    /// it cannot be read or holds no certificate. Overrides `AWS_CA_BUNDLE`
    /// and the profile's `ca_bundle`.
    #[must_use]
    pub fn ca_bundle(mut self, path: impl Into<std::path::PathBuf>) -> Self {
        self.ca_bundle = Some(path.into());
        self
    }

    /// Reads `HTTPS_PROXY`, `HTTP_PROXY`, `NO_PROXY` and `AWS_CA_BUNDLE`
    /// from `env` instead of the process environment.
    #[must_use]
    pub fn env(mut self, env: Env) -> Self {
        self.env = Some(env);
        self
    }

    /// Reads no environment variable: no proxy unless [`proxy`](Self::proxy)
    /// sets one, no `AWS_CA_BUNDLE`.
    #[must_use]
    pub fn ignore_environment(mut self) -> Self {
        self.env = None;
        self.settings_ca_bundle = None;
        self
    }

    /// Takes the environment of `settings` (as [`env`](Self::env)) and its
    /// CA bundle: `AWS_CA_BUNDLE`, else the selected profile's `ca_bundle`.
    #[must_use]
    pub fn settings(mut self, settings: &Settings) -> Self {
        self.env = Some(settings.env().clone());
        self.settings_ca_bundle = settings.ca_bundle();
        self
    }

    /// Sends requests through the proxy at `url`
    /// (`http://[user:password@]host[:port]`), for both `http://` and
    /// `https://` endpoints, instead of the environment's proxies and
    /// `NO_PROXY`; [`build`](Self::build) fails if `url` is not usable. See
    /// [`ProxyConfig`] for what is proxied and how.
    #[must_use]
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = Some(ExplicitProxy::Url(url.into()));
        self
    }

    /// Uses `proxies` instead of the environment's (including its
    /// `NO_PROXY`); [`ProxyConfig::none`] connects directly whatever the
    /// environment says.
    #[must_use]
    pub fn proxy_config(mut self, proxies: ProxyConfig) -> Self {
        self.proxy = Some(ExplicitProxy::Config(proxies));
        self
    }

    /// The hosts to reach directly, in `NO_PROXY`'s syntax (see
    /// [`ProxyConfig`]), replacing the environment's `NO_PROXY` or that of
    /// [`proxy_config`](Self::proxy_config).
    #[must_use]
    pub fn no_proxy(mut self, list: impl Into<String>) -> Self {
        self.no_proxy = Some(list.into());
        self
    }

    /// Builds the transport.
    ///
    /// # Errors
    ///
    /// A [`TransportErrorKind::Other`] error if a root certificate given to
    /// the builder is not a valid X.509 certificate, if the CA bundle cannot
    /// be read or holds no certificate, if the platform's trust store
    /// (`platform-roots`) yields no certificate, if a proxy URL (given or
    /// from the environment) is not usable, or if rustls rejects the TLS
    /// configuration. Messages never include proxy credentials.
    pub fn build(self) -> Result<HttpsTransport, TransportError> {
        let mut proxies = match self.proxy {
            Some(ExplicitProxy::Config(config)) => config,
            Some(ExplicitProxy::Url(url)) => ProxyConfig::all(&url)?,
            None => match &self.env {
                Some(env) => ProxyConfig::from_env(env)?,
                None => ProxyConfig::none(),
            },
        };
        if let Some(list) = &self.no_proxy {
            proxies = proxies.with_no_proxy(list);
        }
        let ca_bundle = self
            .ca_bundle
            .or_else(|| self.settings_ca_bundle.map(Into::into))
            .or_else(|| {
                self.env
                    .as_ref()
                    .and_then(|env| env.get("AWS_CA_BUNDLE"))
                    .map(Into::into)
            });
        let (roots, roots_description) = roots::root_store(&self.roots, ca_bundle.as_deref())?;
        // An explicit provider, so the choice never depends on which rustls
        // features other crates in the build happen to enable; trimmed to
        // the algorithms `crypto` lists.
        let provider = Arc::new(crypto::provider());
        let tls = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|error| {
                TransportError::new(TransportErrorKind::Other, "TLS configuration rejected")
                    .with_source(error)
            })?
            .with_root_certificates(roots)
            .with_no_client_auth();

        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_nodelay(true);
        let proxies = Arc::new(proxies);
        let tcp = ProxyConnector {
            tcp: http,
            proxies: Arc::clone(&proxies),
        };
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(tls)
            .https_or_http()
            .enable_http1()
            .wrap_connector(tcp);
        let connector = TimeoutConnector {
            inner: https,
            connect_timeout: self.connect_timeout,
            read_timeout: self.read_timeout,
            proxies: Arc::clone(&proxies),
        };
        let client = Client::builder(TokioExecutor::new())
            .pool_timer(TokioTimer::new())
            .build(connector);
        Ok(HttpsTransport {
            client: Ok(client),
            connect_timeout: self.connect_timeout,
            read_timeout: self.read_timeout,
            roots: Arc::from(roots_description),
            proxies,
        })
    }
}

/// A future that completes after `duration`: a wait of
/// [`TokioSleep`](crate::sleep::TokioSleep), the default timer with this
/// feature. Inside a Tokio runtime it uses Tokio's timer; polled outside
/// any Tokio runtime, for example under a minimal executor such as
/// `pollster`, it falls back to [`ThreadSleep`](crate::sleep::ThreadSleep),
/// so it never panics for want of a runtime.
pub fn tokio_sleep(duration: Duration) -> BoxFuture<'static, ()> {
    crate::sleep::Sleep::sleep(&crate::sleep::TokioSleep, duration)
}

/// Marks a connection attempt that ran out of time.
#[derive(Debug)]
struct ConnectTimeout(Duration);

impl fmt::Display for ConnectTimeout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "connect timeout of {:?} elapsed", self.0)
    }
}

impl StdError for ConnectTimeout {}

/// Marks a read that waited longer than the read timeout.
#[derive(Debug)]
struct ReadTimeout(Duration);

impl fmt::Display for ReadTimeout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "read timeout of {:?} elapsed waiting for the response",
            self.0
        )
    }
}

impl StdError for ReadTimeout {}

/// Wraps the TLS-or-plain connector: bounds the whole connection attempt by
/// the connect timeout and hands out streams that enforce the read timeout.
#[derive(Clone)]
struct TimeoutConnector {
    inner: HttpsConnector<ProxyConnector>,
    connect_timeout: Option<Duration>,
    read_timeout: Option<Duration>,
    proxies: Arc<ProxyConfig>,
}

type BoxError = Box<dyn StdError + Send + Sync>;

impl tower_service::Service<http::Uri> for TimeoutConnector {
    type Response = TimedStream;
    type Error = BoxError;
    type Future = BoxFuture<'static, Result<TimedStream, BoxError>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, uri: http::Uri) -> Self::Future {
        // A plain-HTTP request through a proxy is sent in absolute form.
        let forwarded = uri
            .scheme_str()
            .is_some_and(|scheme| scheme.eq_ignore_ascii_case("http"))
            && self.proxies.route(&uri).is_some();
        let connecting = self.inner.call(uri);
        let connect_timeout = self.connect_timeout;
        let read_timeout = self.read_timeout;
        Box::pin(async move {
            let stream = match connect_timeout {
                Some(limit) => match tokio::time::timeout(limit, connecting).await {
                    Ok(result) => result?,
                    Err(_elapsed) => return Err(Box::new(ConnectTimeout(limit)) as BoxError),
                },
                None => connecting.await?,
            };
            Ok(TimedStream {
                inner: stream,
                forwarded,
                read_timeout,
                timer: None,
                armed: false,
                scratch: Vec::new(),
            })
        })
    }
}

/// A connection that fails a read with [`io::ErrorKind::TimedOut`] when,
/// after the request was written, no response byte arrives within the read
/// timeout.
///
/// The timer starts (again) with every write and stops at the first byte
/// read, so an idle pooled connection never times out; the rest of the
/// response is guarded between body chunks by [`HttpsTransport`] itself.
struct TimedStream {
    inner: MaybeHttpsStream<TokioIo<TcpStream>>,
    /// Connected to a proxy that forwards plain-HTTP requests.
    forwarded: bool,
    read_timeout: Option<Duration>,
    timer: Option<Pin<Box<Sleep>>>,
    armed: bool,
    /// Reads go through this buffer so the bytes read can be seen without
    /// `unsafe` code.
    scratch: Vec<u8>,
}

impl TimedStream {
    /// Starts the read timer after a write. The timer is polled here once so
    /// it wakes this connection's task even if hyper does not poll for a
    /// read again before the deadline.
    fn arm(&mut self, cx: &mut Context<'_>) {
        let Some(limit) = self.read_timeout else {
            return;
        };
        // A limit too far in the future to represent is no limit.
        let Some(deadline) = Instant::now().checked_add(limit) else {
            self.armed = false;
            return;
        };
        let timer = match &mut self.timer {
            Some(timer) => {
                timer.as_mut().reset(deadline);
                timer
            }
            None => self
                .timer
                .insert(Box::pin(tokio::time::sleep_until(deadline))),
        };
        if timer.as_mut().poll(cx).is_ready() {
            // Already due: make sure a read is attempted to report it.
            cx.waker().wake_by_ref();
        }
        self.armed = true;
    }
}

impl Read for TimedStream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        mut cursor: ReadBufCursor<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let wanted = cursor.remaining().min(READ_CHUNK);
        if this.scratch.len() < wanted {
            this.scratch.resize(wanted, 0);
        }
        let Some(scratch) = this.scratch.get_mut(..wanted) else {
            return Poll::Ready(Err(io::Error::other("read buffer unavailable")));
        };
        let mut buf = ReadBuf::new(scratch);
        match Pin::new(&mut this.inner).poll_read(cx, buf.unfilled()) {
            Poll::Ready(Ok(())) => {
                // Data or end of stream: either way the server answered.
                this.armed = false;
                cursor.put_slice(buf.filled());
                Poll::Ready(Ok(()))
            }
            Poll::Ready(Err(error)) => {
                this.armed = false;
                Poll::Ready(Err(error))
            }
            Poll::Pending => {
                if this.armed {
                    if let (Some(timer), Some(limit)) = (&mut this.timer, this.read_timeout) {
                        if timer.as_mut().poll(cx).is_ready() {
                            this.armed = false;
                            return Poll::Ready(Err(io::Error::new(
                                io::ErrorKind::TimedOut,
                                ReadTimeout(limit),
                            )));
                        }
                    }
                }
                Poll::Pending
            }
        }
    }
}

impl Write for TimedStream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let result = Pin::new(&mut this.inner).poll_write(cx, buf);
        if let Poll::Ready(Ok(written)) = result {
            if written > 0 {
                this.arm(cx);
            }
        }
        result
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let result = Pin::new(&mut this.inner).poll_write_vectored(cx, bufs);
        if let Poll::Ready(Ok(written)) = result {
            if written > 0 {
                this.arm(cx);
            }
        }
        result
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}

impl Connection for TimedStream {
    fn connected(&self) -> Connected {
        self.inner.connected().proxy(self.forwarded)
    }
}

/// `METHOD scheme://authority/path` for error messages: the query is left
/// out, as it may carry credentials (presigned URLs).
fn describe(method: &http::Method, uri: &http::Uri) -> String {
    match (uri.scheme_str(), uri.authority()) {
        (Some(scheme), Some(authority)) => {
            format!("{method} {scheme}://{authority}{}", uri.path())
        }
        _ => format!("{method} {}", uri.path()),
    }
}

/// `error` with `target` (method, host and path) before its message.
fn with_target(error: TransportError, target: &str) -> TransportError {
    TransportError::new(error.kind(), format!("{target}: {}", error.message()))
}

/// Turns a hyper (or connector) error into a [`TransportError`] whose kind
/// comes from the most specific cause in its source chain.
fn classify_error(error: impl StdError + Send + Sync + 'static, target: &str) -> TransportError {
    let chain = causes(&error);
    // A proxy's refusal says it all; a failure to reach the proxy is
    // classified by its cause, and says it was the proxy.
    if let Some(refused) = chain
        .iter()
        .find_map(|cause| cause.downcast_ref::<ProxyError>())
    {
        let (kind, message) = (refused.kind, format!("{target}: {refused}"));
        return TransportError::new(kind, message).with_source(error);
    }
    let (kind, what) = classify(&error);
    let message = match chain
        .iter()
        .find_map(|cause| cause.downcast_ref::<ConnectToProxy>())
    {
        Some(to_proxy) => format!("{target}: {}: {what}", to_proxy.message),
        None => format!("{target}: {what}"),
    };
    TransportError::new(kind, message).with_source(error)
}

/// Every cause of `error`, outermost first. An [`io::Error`]'s `source()`
/// skips the error it wraps, so that one is followed through `get_ref()`.
fn causes<'a>(error: &'a (dyn StdError + 'static)) -> Vec<&'a (dyn StdError + 'static)> {
    let mut chain = Vec::new();
    let mut current = Some(error);
    // Bounded, in case a cyclic chain ever shows up.
    while let Some(cause) = current.filter(|_| chain.len() < 32) {
        chain.push(cause);
        current = match cause.downcast_ref::<io::Error>() {
            Some(io_error) => match io_error.get_ref() {
                Some(inner) => Some(inner as &(dyn StdError + 'static)),
                None => cause.source(),
            },
            None => cause.source(),
        };
    }
    chain
}

fn classify(error: &(dyn StdError + 'static)) -> (TransportErrorKind, &'static str) {
    let chain = causes(error);
    // Our own timeouts, TLS and DNS failures say the most.
    for cause in &chain {
        if cause.is::<ConnectTimeout>() {
            return (TransportErrorKind::Timeout, "connect timeout elapsed");
        }
        if cause.is::<ReadTimeout>() {
            return (
                TransportErrorKind::Timeout,
                "read timeout elapsed waiting for the response",
            );
        }
        if cause.is::<rustls::Error>() {
            return (TransportErrorKind::Io, "TLS error");
        }
        // hyper-util's connect error type is private; its message is stable.
        if cause.to_string() == "dns error" {
            return (TransportErrorKind::Io, "DNS resolution failed");
        }
    }
    // Then what the operating system said about the connection.
    for cause in &chain {
        if let Some(found) = cause.downcast_ref::<io::Error>().and_then(classify_io) {
            return found;
        }
    }
    // Then what hyper made of it.
    for cause in &chain {
        if let Some(hyper_error) = cause.downcast_ref::<hyper::Error>() {
            if hyper_error.is_timeout() {
                return (TransportErrorKind::Timeout, "timed out");
            }
            if hyper_error.is_incomplete_message() {
                return (
                    TransportErrorKind::ConnectionReset,
                    "connection closed before the response was complete",
                );
            }
            if hyper_error.is_canceled() || hyper_error.is_closed() {
                return (TransportErrorKind::ConnectionReset, "connection closed");
            }
            if hyper_error.is_parse() || hyper_error.is_parse_status() {
                return (TransportErrorKind::Other, "malformed HTTP response");
            }
        }
    }
    let io = chain.iter().any(|cause| cause.is::<io::Error>());
    let connect = chain.iter().any(|cause| {
        cause
            .downcast_ref::<hyper_util::client::legacy::Error>()
            .is_some_and(hyper_util::client::legacy::Error::is_connect)
    });
    if io {
        (TransportErrorKind::Io, "I/O error")
    } else if connect {
        (TransportErrorKind::Io, "could not connect")
    } else {
        (TransportErrorKind::Other, "request failed")
    }
}

fn classify_io(error: &io::Error) -> Option<(TransportErrorKind, &'static str)> {
    let found = match error.kind() {
        io::ErrorKind::ConnectionRefused => {
            (TransportErrorKind::ConnectionRefused, "connection refused")
        }
        io::ErrorKind::ConnectionReset => (TransportErrorKind::ConnectionReset, "connection reset"),
        io::ErrorKind::ConnectionAborted => {
            (TransportErrorKind::ConnectionReset, "connection aborted")
        }
        io::ErrorKind::BrokenPipe => (TransportErrorKind::ConnectionReset, "broken pipe"),
        io::ErrorKind::UnexpectedEof => (
            TransportErrorKind::ConnectionReset,
            "connection closed before the response was complete",
        ),
        io::ErrorKind::NotConnected => (TransportErrorKind::ConnectionReset, "not connected"),
        io::ErrorKind::TimedOut => (TransportErrorKind::Timeout, "timed out"),
        _ => return None,
    };
    Some(found)
}
