//! HTTP proxies for [`HttpsTransport`](super::HttpsTransport): which
//! requests go through one ([`ProxyConfig`]), and the connector that opens
//! the connections.

use std::error::Error as StdError;
use std::fmt;
use std::net::{IpAddr, Ipv6Addr};
use std::sync::Arc;
use std::task::{Context, Poll};

use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::env::Env;
use crate::transport::{BoxFuture, TransportError, TransportErrorKind};

/// The longest `CONNECT` response head accepted from a proxy.
const MAX_CONNECT_RESPONSE: usize = 8 * 1024;

/// Which requests go through which proxy.
///
/// # Environment variables
///
/// [`ProxyConfig::from_env`] reads what curl, botocore, the Go SDK and the
/// Rust SDK read:
///
/// | variable | for |
/// | --- | --- |
/// | `HTTPS_PROXY`, then `https_proxy` | `https://` endpoints |
/// | `HTTP_PROXY`, then `http_proxy` | `http://` endpoints (`HTTP_PROXY` is ignored when `REQUEST_METHOD` is set: a CGI program's `HTTP_PROXY` may come from a request's `Proxy:` header) |
/// | `NO_PROXY`, then `no_proxy` | hosts reached directly |
///
/// Where the sources differ this module chooses: the upper-case name wins
/// over the lower-case one (Go and the Rust SDK; botocore and the AWS CLI let
/// the lower-case one win); `ALL_PROXY` is not read (botocore and Go do not;
/// curl and the Rust SDK do, and it often names a SOCKS proxy, which this
/// transport cannot use); a value that is not a usable proxy URL is an error
/// (every request fails saying which variable is wrong) rather than silently
/// connecting directly.
///
/// A proxy URL is `http://[user:password@]host[:port]`; without a scheme
/// `http://` is assumed, without a port 80. The user and password are
/// percent-decoded and sent as `Proxy-Authorization: Basic ...`; they never
/// appear in `Debug` output or error messages. `https://` proxy URLs (TLS to
/// the proxy itself) and SOCKS proxies are refused.
///
/// # `NO_PROXY`
///
/// A comma-separated list (blanks around entries are ignored); a host that
/// matches an entry is reached directly. As in curl:
///
/// - `*` matches every host;
/// - a domain name matches itself and its subdomains: `example.com`,
///   `.example.com` and `*.example.com` all match `example.com` and
///   `api.example.com`, never `badexample.com` (Go's leading dot means
///   "subdomains only"; curl, botocore and the Rust SDK treat it as here);
/// - an IP address matches that address, and an address with a prefix
///   length (`10.0.0.0/8`, `fd00::/8`) the whole network; IPv6 addresses
///   may be bracketed (`[::1]`). A domain entry never matches an IP address,
///   nor an IP entry a name (no DNS lookups are made).
///
/// An entry may end in `:port` (as Go and botocore allow; curl ignores
/// ports): it then matches only requests to that port (the URL's port, else
/// 80 or 443). Matching ignores case and a trailing dot.
///
/// # Never proxied
///
/// Requests to `localhost`, to loopback addresses (`127.0.0.0/8`, `::1`), to
/// link-local addresses (`169.254.0.0/16`, `fe80::/10`: EC2 instance
/// metadata at 169.254.169.254, ECS and EKS container credentials at
/// 169.254.170.2 and 169.254.170.23) and to the IPv6 metadata endpoints
/// `fd00:ec2::254` and `fd00:ec2::23` always go direct, whatever the
/// configuration. A proxy cannot reach this host's loopback or link-local
/// addresses, and a proxy answering for 169.254.169.254 would hand out
/// credentials of *its* instance. botocore and the Go SDK send instance
/// metadata requests through `HTTP_PROXY` unless `NO_PROXY` lists
/// 169.254.169.254 (the AWS CLI's guide tells users to add it); this
/// transport does not need it. Go also never proxies loopback.
///
/// # How requests are sent
///
/// An `https://` request goes through a tunnel: the transport sends
/// `CONNECT host:port HTTP/1.1` (with `Proxy-Authorization` if the proxy URL
/// has credentials), and once the proxy answers 2xx, TLS runs inside the
/// tunnel with the endpoint, so the proxy sees neither the request nor the
/// response. An `http://` request is sent to the proxy in absolute form
/// (`GET http://host/path HTTP/1.1`), with `Proxy-Authorization` added to
/// the request, as curl, botocore and the SDKs do; many proxies allow
/// `CONNECT` to port 443 only, so tunnelling plain HTTP would fail where
/// forwarding works. Connections through a proxy are pooled like direct
/// ones; a connection to the proxy is reused only for the endpoint it was
/// opened for.
///
/// A proxy that answers `CONNECT` with anything but 2xx fails the request
/// with an error naming the proxy (without credentials) and its status:
/// [`TransportErrorKind::Other`] for 407 (the credentials are missing or
/// wrong: retrying cannot help) and for other 4xx, [`TransportErrorKind::Io`]
/// (retried like other connection failures) for 5xx and malformed answers.
///
/// Clones are cheap. `Debug` shows the proxies without their credentials.
///
/// # Example
///
/// ```
/// use smithy_runtime::env::Env;
/// use smithy_runtime::https::ProxyConfig;
///
/// let env = Env::from_map([
///     ("HTTPS_PROXY", "http://user:secret@proxy.corp:3128"),
///     ("NO_PROXY", ".internal.corp, 10.0.0.0/8"),
/// ]);
/// let proxies = ProxyConfig::from_env(&env)?;
/// let uri = |s: &str| s.parse::<http::Uri>().unwrap();
/// assert_eq!(
///     proxies.proxy_for(&uri("https://sts.amazonaws.com/")),
///     Some("http://proxy.corp:3128")
/// );
/// assert_eq!(proxies.proxy_for(&uri("https://api.internal.corp/")), None);
/// assert_eq!(proxies.proxy_for(&uri("https://10.1.2.3/")), None);
/// assert_eq!(proxies.proxy_for(&uri("http://sts.amazonaws.com/")), None); // no HTTP_PROXY
/// assert!(!format!("{proxies:?}").contains("secret"));
/// # Ok::<(), smithy_runtime::TransportError>(())
/// ```
#[derive(Clone, Default)]
pub struct ProxyConfig {
    http: Option<Arc<Proxy>>,
    https: Option<Arc<Proxy>>,
    no_proxy: NoProxy,
}

impl ProxyConfig {
    /// No proxy: every request goes direct.
    pub fn none() -> Self {
        Self::default()
    }

    /// `url` for both `http://` and `https://` endpoints (like curl's `-x`).
    ///
    /// # Errors
    ///
    /// A [`TransportErrorKind::Other`] error when `url` is not an
    /// `http://[user:password@]host[:port]` URL (see the [`ProxyConfig`]).
    pub fn all(url: &str) -> Result<Self, TransportError> {
        Self::for_schemes(Some(url), Some(url))
    }

    /// `http` for `http://` endpoints and `https` for `https://` endpoints;
    /// `None` sends those directly.
    ///
    /// # Errors
    ///
    /// As for [`all`](Self::all).
    pub fn for_schemes(http: Option<&str>, https: Option<&str>) -> Result<Self, TransportError> {
        let parse = |url: Option<&str>| {
            url.map(|url| Proxy::parse(url, "the proxy URL").map(Arc::new))
                .transpose()
        };
        Ok(Self {
            http: parse(http)?,
            https: parse(https)?,
            no_proxy: NoProxy::default(),
        })
    }

    /// The proxies `env` names: `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY`
    /// (see [`ProxyConfig`]). Without any of them set,
    /// every request goes direct.
    ///
    /// # Errors
    ///
    /// A [`TransportErrorKind::Other`] error naming the variable whose value
    /// is not a usable proxy URL.
    pub fn from_env(env: &Env) -> Result<Self, TransportError> {
        let first = |names: &[&'static str]| {
            names
                .iter()
                .find_map(|name| env.get(name).map(|value| (*name, value)))
        };
        let cgi = env.get("REQUEST_METHOD").is_some();
        let http_names: &[&'static str] = if cgi {
            &["http_proxy"]
        } else {
            &["HTTP_PROXY", "http_proxy"]
        };
        let parse = |found: Option<(&'static str, String)>| {
            found
                .map(|(name, value)| Proxy::parse(&value, name).map(Arc::new))
                .transpose()
        };
        Ok(Self {
            http: parse(first(http_names))?,
            https: parse(first(&["HTTPS_PROXY", "https_proxy"]))?,
            no_proxy: first(&["NO_PROXY", "no_proxy"])
                .map(|(_, list)| NoProxy::parse(&list))
                .unwrap_or_default(),
        })
    }

    /// Replaces the hosts reached directly with `list`, in `NO_PROXY`'s
    /// syntax (see [`ProxyConfig`]); an empty list
    /// proxies every host but those never proxied.
    #[must_use]
    pub fn with_no_proxy(mut self, list: &str) -> Self {
        self.no_proxy = NoProxy::parse(list);
        self
    }

    /// Whether any request would go through a proxy.
    pub fn is_none(&self) -> bool {
        self.http.is_none() && self.https.is_none()
    }

    /// The proxy a request to `uri` goes through, as `http://host:port`
    /// (without credentials), or `None` when it goes direct.
    pub fn proxy_for(&self, uri: &http::Uri) -> Option<&str> {
        self.route(uri).map(|proxy| &*proxy.display)
    }

    pub(super) fn route(&self, uri: &http::Uri) -> Option<&Arc<Proxy>> {
        let proxy = match uri.scheme_str() {
            Some(scheme) if scheme.eq_ignore_ascii_case("https") => self.https.as_ref(),
            Some(scheme) if scheme.eq_ignore_ascii_case("http") => self.http.as_ref(),
            _ => None,
        }?;
        let host = uri.host()?;
        let port = effective_port(uri);
        let host = Host::parse(host);
        if host.never_proxied() || self.no_proxy.matches(&host, port) {
            return None;
        }
        Some(proxy)
    }

    /// The `Proxy-Authorization` to add to a plain-HTTP request to `uri`
    /// forwarded through a proxy.
    pub(super) fn forward_authorization(&self, uri: &http::Uri) -> Option<&http::HeaderValue> {
        if !uri
            .scheme_str()
            .is_some_and(|s| s.eq_ignore_ascii_case("http"))
        {
            return None;
        }
        self.route(uri)?.authorization.as_ref()
    }
}

impl fmt::Debug for ProxyConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProxyConfig")
            .field("http", &self.http)
            .field("https", &self.https)
            .field("no_proxy", &self.no_proxy)
            .finish()
    }
}

/// The port a request to `uri` connects to.
fn effective_port(uri: &http::Uri) -> u16 {
    uri.port_u16().unwrap_or_else(|| {
        if uri
            .scheme_str()
            .is_some_and(|s| s.eq_ignore_ascii_case("https"))
        {
            443
        } else {
            80
        }
    })
}

/// One proxy: where to connect, and the credentials to present.
pub(super) struct Proxy {
    /// `http://host:port`, without credentials: for messages.
    pub(super) display: Arc<str>,
    /// What the TCP connector is called with.
    uri: http::Uri,
    /// `Basic ...`, marked sensitive.
    authorization: Option<http::HeaderValue>,
}

impl fmt::Debug for Proxy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Proxy")
            .field("url", &self.display)
            .field("credentials", &self.authorization.is_some())
            .finish()
    }
}

impl Proxy {
    /// Parses `http://[user:password@]host[:port][/]`; `origin` names the
    /// setting in errors. The value itself is never echoed: it may hold a
    /// password.
    fn parse(url: &str, origin: &str) -> Result<Self, TransportError> {
        let invalid = |why: &str| {
            TransportError::new(
                TransportErrorKind::Other,
                format!("{origin} is not a usable proxy URL: {why}"),
            )
        };
        let url = url.trim();
        let rest = match url.split_once("://") {
            Some((scheme, rest)) if scheme.eq_ignore_ascii_case("http") => rest,
            Some((scheme, _)) if scheme.eq_ignore_ascii_case("https") => {
                return Err(invalid(
                    "TLS to the proxy (https://) is not supported; use an http:// proxy URL \
                     (https:// endpoints are still tunnelled with TLS end to end)",
                ));
            }
            Some(_) => return Err(invalid("only http:// proxies are supported")),
            None => url,
        };
        let authority = match rest.find(['/', '?', '#']) {
            Some(end) => {
                let tail = rest.get(end..).unwrap_or_default();
                if tail != "/" {
                    return Err(invalid("a proxy URL has no path or query"));
                }
                rest.get(..end).unwrap_or_default()
            }
            None => rest,
        };
        let (userinfo, host_port) = match authority.rsplit_once('@') {
            Some((userinfo, host_port)) => (Some(userinfo), host_port),
            None => (None, authority),
        };
        let parsed: http::uri::Authority = host_port
            .parse()
            .map_err(|_| invalid("the host or port is malformed"))?;
        if parsed.host().is_empty() {
            return Err(invalid("no host"));
        }
        let host = parsed.host();
        // `Authority::port` is `None` for a port over 65535, so look at the
        // text after the host.
        let port = match parsed.as_str().get(host.len()..).unwrap_or_default() {
            "" => 80,
            tail => tail
                .strip_prefix(':')
                .and_then(|port| port.parse::<u16>().ok())
                .filter(|port| *port != 0)
                .ok_or_else(|| invalid("the port is malformed"))?,
        };
        let display: Arc<str> = Arc::from(format!("http://{host}:{port}"));
        let uri = format!("http://{host}:{port}/")
            .parse::<http::Uri>()
            .map_err(|_| invalid("the host is malformed"))?;
        let authorization = match userinfo {
            None => None,
            Some(userinfo) => {
                let (user, password) = userinfo.split_once(':').unwrap_or((userinfo, ""));
                let user =
                    percent_decode(user).ok_or_else(|| invalid("bad %-escape in the user"))?;
                let password = percent_decode(password)
                    .ok_or_else(|| invalid("bad %-escape in the password"))?;
                let mut credentials = user;
                credentials.push(b':');
                credentials.extend_from_slice(&password);
                let mut value = http::HeaderValue::from_str(&format!(
                    "Basic {}",
                    crate::types::base64::encode(&credentials)
                ))
                .map_err(|_| invalid("the credentials are malformed"))?;
                value.set_sensitive(true);
                Some(value)
            }
        };
        Ok(Self {
            display,
            uri,
            authorization,
        })
    }
}

/// `%XX`-decodes `text`; `None` for a truncated or non-hex escape.
fn percent_decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        if byte == b'%' {
            let hex = bytes.get(index + 1..index + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            index += 3;
        } else {
            out.push(byte);
            index += 1;
        }
    }
    Some(out)
}

/// A request's host, as `NO_PROXY` compares it.
enum Host {
    Ip(IpAddr),
    /// Lower-cased, without a trailing dot.
    Name(String),
}

impl Host {
    fn parse(host: &str) -> Self {
        let bare = host
            .strip_prefix('[')
            .and_then(|h| h.strip_suffix(']'))
            .unwrap_or(host);
        match bare.parse::<IpAddr>() {
            Ok(ip) => Host::Ip(ip),
            Err(_) => Host::Name(bare.trim_end_matches('.').to_ascii_lowercase()),
        }
    }

    fn never_proxied(&self) -> bool {
        match self {
            Host::Name(name) => name == "localhost",
            Host::Ip(IpAddr::V4(ip)) => ip.is_loopback() || ip.is_link_local(),
            Host::Ip(IpAddr::V6(ip)) => {
                if let Some(v4) = ip.to_ipv4_mapped() {
                    return v4.is_loopback() || v4.is_link_local();
                }
                const IMDS: Ipv6Addr = Ipv6Addr::new(0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254);
                const POD_IDENTITY: Ipv6Addr = Ipv6Addr::new(0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x23);
                ip.is_loopback()
                    || (ip.segments()[0] & 0xffc0) == 0xfe80
                    || *ip == IMDS
                    || *ip == POD_IDENTITY
            }
        }
    }
}

/// The parsed `NO_PROXY` list.
#[derive(Clone, Default)]
struct NoProxy {
    entries: Arc<[Entry]>,
    /// The list as given, for `Debug`.
    text: Arc<str>,
}

impl fmt::Debug for NoProxy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.text, f)
    }
}

#[derive(Debug)]
enum Entry {
    All,
    Network {
        address: IpAddr,
        prefix: u8,
        port: Option<u16>,
    },
    Domain {
        name: String,
        port: Option<u16>,
    },
}

impl NoProxy {
    fn parse(list: &str) -> Self {
        let entries: Vec<Entry> = list
            .split(',')
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
            .filter_map(Entry::parse)
            .collect();
        Self {
            entries: entries.into(),
            text: Arc::from(list.trim()),
        }
    }

    fn matches(&self, host: &Host, port: u16) -> bool {
        self.entries.iter().any(|entry| entry.matches(host, port))
    }
}

impl Entry {
    /// One entry; `None` for one that can never match (an empty name, a bad
    /// port or prefix), which is skipped as curl skips it.
    fn parse(entry: &str) -> Option<Self> {
        if entry == "*" {
            return Some(Entry::All);
        }
        // A bare address, possibly IPv6 with its colons, or a network.
        if let Some(network) = Self::network(entry, None) {
            return Some(network);
        }
        // `[v6]`, `[v6]:port`, `[v6]/len`.
        if let Some(rest) = entry.strip_prefix('[') {
            let (inside, after) = rest.split_once(']')?;
            let (prefix, port) = match after {
                "" => (None, None),
                _ => match after.strip_prefix(':') {
                    Some(port) => (None, Some(port.parse::<u16>().ok()?)),
                    None => (Some(after.strip_prefix('/')?), None),
                },
            };
            let text = match prefix {
                Some(prefix) => format!("{inside}/{prefix}"),
                None => inside.to_owned(),
            };
            return Self::network(&text, port);
        }
        // `host:port` or `a.b.c.d:port`.
        let (name, port) = match entry.rsplit_once(':') {
            Some((name, port)) => (name, Some(port.parse::<u16>().ok()?)),
            None => (entry, None),
        };
        if let Some(network) = Self::network(name, port) {
            return Some(network);
        }
        let name = name
            .strip_prefix("*.")
            .or_else(|| name.strip_prefix('.'))
            .unwrap_or(name)
            .trim_end_matches('.')
            .to_ascii_lowercase();
        if name.is_empty() || name.contains(['*', '/', '[', ']']) {
            return None;
        }
        Some(Entry::Domain { name, port })
    }

    /// `address` or `address/prefix`.
    fn network(text: &str, port: Option<u16>) -> Option<Self> {
        let (address, prefix) = match text.split_once('/') {
            Some((address, prefix)) => (address, Some(prefix)),
            None => (text, None),
        };
        let address: IpAddr = address.parse().ok()?;
        let max = if address.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(prefix) => prefix.parse::<u8>().ok().filter(|p| *p <= max)?,
            None => max,
        };
        Some(Entry::Network {
            address,
            prefix,
            port,
        })
    }

    fn matches(&self, host: &Host, request_port: u16) -> bool {
        let port_ok = |port: &Option<u16>| port.is_none_or(|port| port == request_port);
        match (self, host) {
            (Entry::All, _) => true,
            (
                Entry::Network {
                    address,
                    prefix,
                    port,
                },
                Host::Ip(ip),
            ) => port_ok(port) && in_network(*ip, *address, *prefix),
            (Entry::Domain { name, port }, Host::Name(host)) => {
                port_ok(port)
                    && (host == name
                        || host
                            .strip_suffix(name.as_str())
                            .is_some_and(|head| head.ends_with('.')))
            }
            _ => false,
        }
    }
}

/// Whether `ip` is in `network/prefix`; an IPv4-mapped IPv6 address counts
/// as its IPv4 address.
fn in_network(ip: IpAddr, network: IpAddr, prefix: u8) -> bool {
    let canonical = |ip: IpAddr| match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
        v4 => v4,
    };
    match (canonical(ip), network) {
        (IpAddr::V4(ip), IpAddr::V4(network)) => {
            let mask = u32::MAX.checked_shl(32 - u32::from(prefix)).unwrap_or(0);
            u32::from(ip) & mask == u32::from(network) & mask
        }
        (IpAddr::V6(ip), IpAddr::V6(network)) => {
            let mask = u128::MAX.checked_shl(128 - u32::from(prefix)).unwrap_or(0);
            u128::from(ip) & mask == u128::from(network) & mask
        }
        _ => false,
    }
}

/// Why a proxy did not open a tunnel. Its `Display` names the proxy
/// (never its credentials), the destination and the proxy's answer.
#[derive(Debug)]
pub(super) struct ProxyError {
    pub(super) kind: TransportErrorKind,
    message: String,
}

impl fmt::Display for ProxyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl StdError for ProxyError {}

type BoxError = Box<dyn StdError + Send + Sync>;

/// Opens TCP connections: directly, to a proxy for an `http://` request
/// (which hyper then sends in absolute form), or to a proxy and through a
/// `CONNECT` tunnel for an `https://` one (TLS follows, in the TLS
/// connector that wraps this one).
#[derive(Clone)]
pub(super) struct ProxyConnector {
    pub(super) tcp: HttpConnector,
    pub(super) proxies: Arc<ProxyConfig>,
}

impl tower_service::Service<http::Uri> for ProxyConnector {
    type Response = TokioIo<TcpStream>;
    type Error = BoxError;
    type Future = BoxFuture<'static, Result<TokioIo<TcpStream>, BoxError>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        self.tcp.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, uri: http::Uri) -> Self::Future {
        let Some(proxy) = self.proxies.route(&uri).cloned() else {
            let connecting = self.tcp.call(uri);
            return Box::pin(async move { connecting.await.map_err(Into::into) });
        };
        let tunnel = uri
            .scheme_str()
            .is_some_and(|s| s.eq_ignore_ascii_case("https"));
        let connecting = self.tcp.call(proxy.uri.clone());
        Box::pin(async move {
            let stream = connecting.await.map_err(|error| {
                let message = format!("could not connect to the proxy {}", proxy.display);
                Box::new(ConnectToProxy {
                    message,
                    source: error.into(),
                }) as BoxError
            })?;
            if !tunnel {
                return Ok(stream);
            }
            let host = uri.host().unwrap_or_default();
            let port = effective_port(&uri);
            let mut tcp = stream.into_inner();
            open_tunnel(&mut tcp, &proxy, host, port).await?;
            Ok(TokioIo::new(tcp))
        })
    }
}

/// A failure to reach the proxy itself, keeping the cause (refused, DNS,
/// ...) for classification.
#[derive(Debug)]
pub(super) struct ConnectToProxy {
    pub(super) message: String,
    source: BoxError,
}

impl fmt::Display for ConnectToProxy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl StdError for ConnectToProxy {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(&*self.source)
    }
}

/// Sends `CONNECT host:port` and reads the proxy's answer, leaving `tcp`
/// at the first byte of the tunnel.
async fn open_tunnel(
    tcp: &mut TcpStream,
    proxy: &Proxy,
    host: &str,
    port: u16,
) -> Result<(), BoxError> {
    // `host` comes from a parsed URI, so it holds no CR or LF; an IPv6
    // host keeps its brackets, as `CONNECT` needs.
    let target = format!("{host}:{port}");
    let mut head = format!("CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n").into_bytes();
    if let Some(authorization) = &proxy.authorization {
        head.extend_from_slice(b"Proxy-Authorization: ");
        head.extend_from_slice(authorization.as_bytes());
        head.extend_from_slice(b"\r\n");
    }
    head.extend_from_slice(b"\r\n");
    tcp.write_all(&head).await?;

    // Read the answer byte by byte so that nothing past its head (the
    // tunnel's first bytes) is consumed; it is a few dozen bytes, once per
    // connection.
    let mut answer = Vec::with_capacity(128);
    let mut byte = [0u8; 1];
    while !answer.ends_with(b"\r\n\r\n") {
        if answer.len() >= MAX_CONNECT_RESPONSE {
            return Err(proxy_error(
                TransportErrorKind::Io,
                proxy,
                &target,
                "answered CONNECT with an over-long head".to_owned(),
            ));
        }
        if tcp.read(&mut byte).await? == 0 {
            return Err(proxy_error(
                TransportErrorKind::Io,
                proxy,
                &target,
                "closed the connection before answering CONNECT".to_owned(),
            ));
        }
        answer.push(byte[0]);
    }
    let status_line = answer
        .split(|b| *b == b'\n')
        .next()
        .map(|line| String::from_utf8_lossy(line).trim_end().to_owned())
        .unwrap_or_default();
    let mut words = status_line.splitn(3, ' ');
    let version = words.next().unwrap_or_default();
    let status = words
        .next()
        .filter(|code| code.len() == 3)
        .and_then(|code| code.parse::<u16>().ok());
    let reason: String = words
        .next()
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_control())
        .take(80)
        .collect();
    let status = match status {
        Some(status) if version.starts_with("HTTP/1.") => status,
        _ => {
            return Err(proxy_error(
                TransportErrorKind::Io,
                proxy,
                &target,
                "answered CONNECT with something that is not HTTP/1.x".to_owned(),
            ));
        }
    };
    match status {
        200..=299 => Ok(()),
        407 => {
            let why = if proxy.authorization.is_some() {
                "rejected the credentials in its URL"
            } else {
                "requires credentials (none are in its URL)"
            };
            Err(proxy_error(
                TransportErrorKind::Other,
                proxy,
                &target,
                format!("{why}: 407 {reason}"),
            ))
        }
        _ => {
            let kind = if (400..500).contains(&status) {
                TransportErrorKind::Other
            } else {
                TransportErrorKind::Io
            };
            Err(proxy_error(
                kind,
                proxy,
                &target,
                format!("refused the tunnel: {status} {reason}"),
            ))
        }
    }
}

fn proxy_error(kind: TransportErrorKind, proxy: &Proxy, target: &str, what: String) -> BoxError {
    Box::new(ProxyError {
        kind,
        message: format!("the proxy {} {what} (CONNECT {target})", proxy.display),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uri(text: &str) -> http::Uri {
        text.parse().unwrap()
    }

    fn direct(config: &ProxyConfig, url: &str) -> bool {
        config.proxy_for(&uri(url)).is_none()
    }

    #[test]
    fn proxy_urls_parse_with_defaults_and_credentials() {
        let proxy = Proxy::parse("proxy.corp:3128", "X").unwrap();
        assert_eq!(&*proxy.display, "http://proxy.corp:3128");
        assert!(proxy.authorization.is_none());

        let proxy = Proxy::parse("http://proxy.corp/", "X").unwrap();
        assert_eq!(&*proxy.display, "http://proxy.corp:80");

        let proxy = Proxy::parse("HTTP://us%40er:p%3Ass@[::1]:8080", "X").unwrap();
        assert_eq!(&*proxy.display, "http://[::1]:8080");
        let value = proxy.authorization.as_ref().unwrap();
        assert!(value.is_sensitive());
        // "us@er:p:ss"
        assert_eq!(value.to_str().unwrap(), "Basic dXNAZXI6cDpzcw==");
        let debug = format!("{proxy:?}");
        assert!(
            !debug.contains("p:ss") && !debug.contains("cDpzcw"),
            "{debug}"
        );

        let proxy = Proxy::parse("http://user@proxy:1", "X").unwrap();
        assert_eq!(
            proxy.authorization.unwrap().to_str().unwrap(),
            format!("Basic {}", crate::types::base64::encode(b"user:"))
        );
    }

    #[test]
    fn unusable_proxy_urls_are_errors_that_name_the_setting_not_the_secret() {
        for url in [
            "https://user:hunter2@proxy:443",
            "socks5://user:hunter2@proxy:1080",
            "http://user:hunter2@proxy:3128/path",
            "http://user:hunter2@proxy:99999",
            "http://user:hunter2@proxy:0",
            "http://user:hunter2@",
            "http://user:hunter2%zz@proxy",
            "http://user:hunter2@pro xy:1",
        ] {
            let Err(error) = Proxy::parse(url, "HTTPS_PROXY") else {
                panic!("{url} was accepted");
            };
            let message = error.to_string();
            assert_eq!(error.kind(), TransportErrorKind::Other);
            assert!(message.contains("HTTPS_PROXY"), "{url}: {message}");
            assert!(!message.contains("hunter2"), "{url}: {message}");
        }
    }

    #[test]
    fn environment_variables_and_their_precedence() {
        let env = Env::from_map([
            ("HTTPS_PROXY", "http://upper:1"),
            ("https_proxy", "http://lower:1"),
            ("http_proxy", "http://plain:2"),
        ]);
        let config = ProxyConfig::from_env(&env).unwrap();
        assert_eq!(
            config.proxy_for(&uri("https://s3.amazonaws.com/")),
            Some("http://upper:1")
        );
        assert_eq!(
            config.proxy_for(&uri("http://s3.amazonaws.com/")),
            Some("http://plain:2")
        );

        let env = Env::from_map([("https_proxy", "http://lower:1")]);
        let config = ProxyConfig::from_env(&env).unwrap();
        assert_eq!(
            config.proxy_for(&uri("https://s3.amazonaws.com/")),
            Some("http://lower:1")
        );
        assert!(direct(&config, "http://s3.amazonaws.com/"));

        // A CGI program's HTTP_PROXY may come from a client's `Proxy:` header.
        let env = Env::from_map([("HTTP_PROXY", "http://evil:1"), ("REQUEST_METHOD", "GET")]);
        assert!(ProxyConfig::from_env(&env).unwrap().is_none());

        // ALL_PROXY is not read; nothing set means direct.
        let env = Env::from_map([("ALL_PROXY", "socks5://proxy:1080")]);
        assert!(ProxyConfig::from_env(&env).unwrap().is_none());

        let env = Env::from_map([("HTTPS_PROXY", "ftp://proxy")]);
        let error = ProxyConfig::from_env(&env).unwrap_err();
        assert!(error.to_string().contains("HTTPS_PROXY"), "{error}");

        let env = Env::from_map([
            ("HTTPS_PROXY", "http://p:1"),
            ("NO_PROXY", "a.example"),
            ("no_proxy", "b.example"),
        ]);
        let config = ProxyConfig::from_env(&env).unwrap();
        assert!(direct(&config, "https://a.example/"));
        assert!(!direct(&config, "https://b.example/"));
    }

    #[test]
    fn no_proxy_domains_match_themselves_and_subdomains_only() {
        let config = ProxyConfig::all("http://p:1")
            .unwrap()
            .with_no_proxy(" example.com , .corp.test,*.wild.test, Trailing.Test. ");
        for host in [
            "example.com",
            "EXAMPLE.com",
            "api.example.com",
            "example.com.",
            "corp.test",
            "a.b.corp.test",
            "wild.test",
            "x.wild.test",
            "trailing.test",
        ] {
            assert!(direct(&config, &format!("https://{host}/")), "{host}");
        }
        for host in ["badexample.com", "example.com.evil", "com", "notcorp.test"] {
            assert!(!direct(&config, &format!("https://{host}/")), "{host}");
        }
        // A domain entry never matches an IP literal, nor a suffix of one.
        let config = ProxyConfig::all("http://p:1")
            .unwrap()
            .with_no_proxy("0.0.1");
        assert!(!direct(&config, "https://10.0.0.1/"));
    }

    #[test]
    fn no_proxy_ips_networks_wildcard_and_ports() {
        let config = ProxyConfig::all("http://p:1").unwrap().with_no_proxy(
            "10.0.0.0/8, 192.0.2.7, 2001:db8::/32, [2001:db9::1], \
             ports.test:8443, 198.51.100.1:8080, [2001:dba::1]:443, bad:port:x, /8, 1.2.3.4/33",
        );
        for url in [
            "https://10.200.3.4/",
            "http://192.0.2.7/",
            "https://[2001:db8:1::5]/",
            "https://[2001:db9::1]/",
            "https://[::ffff:10.1.1.1]/",
            "https://ports.test:8443/",
            "http://198.51.100.1:8080/",
            "https://[2001:dba::1]/",
        ] {
            assert!(direct(&config, url), "{url}");
        }
        for url in [
            "https://11.0.0.1/",
            "http://192.0.2.8/",
            "https://[2001:dbb::1]/",
            "https://ports.test/",
            "http://198.51.100.1/",
            "http://[2001:dba::1]/",
            "https://1.2.3.4/",
        ] {
            assert!(!direct(&config, url), "{url}");
        }
        let all = ProxyConfig::all("http://p:1").unwrap().with_no_proxy("*");
        assert!(direct(&all, "https://anything.example/"));
        let none = ProxyConfig::all("http://p:1").unwrap().with_no_proxy("");
        assert!(!direct(&none, "https://anything.example/"));
    }

    #[test]
    fn loopback_link_local_and_metadata_endpoints_are_never_proxied() {
        let config = ProxyConfig::all("http://p:1").unwrap();
        for url in [
            "http://localhost:8080/",
            "http://LOCALHOST./",
            "http://127.0.0.1:1338/",
            "http://127.8.9.10/",
            "http://[::1]/",
            "http://169.254.169.254/latest/api/token",
            "http://169.254.170.2/v2/credentials",
            "http://169.254.170.23/v1/credentials",
            "http://[fd00:ec2::254]/",
            "http://[fd00:ec2::23]/",
            "http://[fe80::1]/",
            "http://[::ffff:127.0.0.1]/",
        ] {
            assert!(direct(&config, url), "{url}");
        }
        assert!(!direct(&config, "http://169.253.0.1/"));
        assert!(!direct(&config, "http://localhost.example/"));
    }

    #[test]
    fn forward_authorization_is_for_proxied_plain_http_only() {
        let config = ProxyConfig::all("http://u:p@proxy:3128")
            .unwrap()
            .with_no_proxy("direct.test");
        assert!(
            config
                .forward_authorization(&uri("http://s3.amazonaws.com/"))
                .is_some()
        );
        assert!(
            config
                .forward_authorization(&uri("https://s3.amazonaws.com/"))
                .is_none()
        );
        assert!(
            config
                .forward_authorization(&uri("http://direct.test/"))
                .is_none()
        );
    }
}
