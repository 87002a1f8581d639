//! `HttpsTransport` through an HTTP proxy, and with custom roots: a proxy
//! and TLS servers on 127.0.0.1 that the tests start (no network), every
//! wait bounded. Proxy settings come from `Env::from_map`, never from the
//! process environment.
//!
//! The fixtures `proxy-test-*.pem` are a throw-away test CA and a leaf
//! certificate it signed for `proxied.test`, `localhost` and 127.0.0.1
//! (ECDSA P-256, valid for 100 years), with the leaf's PKCS#8 key; made once
//! with `openssl req`/`openssl x509` and used only by these tests.
#![cfg(feature = "https-transport")]

use std::io::{BufRead, BufReader, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use smithy_runtime::env::Env;
use smithy_runtime::https::{HttpsTransport, ProxyConfig};
use smithy_runtime::profile::ProfileSet;
use smithy_runtime::settings::Settings;
use smithy_runtime::{Transport, TransportError, TransportErrorKind};

const TEST_LIMIT: Duration = Duration::from_secs(10);
/// How long a test server waits for a peer before giving up.
const PATIENCE: Duration = Duration::from_secs(5);

const CA_PEM: &[u8] = include_bytes!("fixtures/proxy-test-ca.pem");
const LEAF_PEM: &[u8] = include_bytes!("fixtures/proxy-test-leaf.pem");
const LEAF_KEY_PEM: &[u8] = include_bytes!("fixtures/proxy-test-leaf-key.pem");

fn run<F: std::future::Future>(future: F) -> F::Output {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        tokio::time::timeout(TEST_LIMIT, future)
            .await
            .expect("test exceeded its time limit")
    })
}

fn listener() -> (TcpListener, u16) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    (listener, port)
}

/// A request head (and body) as a server saw it.
#[derive(Debug, Default)]
struct Received {
    request_line: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Received {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn read_request(reader: &mut impl BufRead) -> Option<Received> {
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).ok()? == 0 {
        return None;
    }
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':')?;
        headers.push((name.to_owned(), value.trim().to_owned()));
    }
    let length = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .map_or(0, |(_, v)| v.parse::<usize>().unwrap());
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some(Received {
        request_line: request_line.trim_end().to_owned(),
        headers,
        body,
    })
}

/// A TLS server on 127.0.0.1 with the test CA's leaf certificate: answers
/// up to `requests` requests on one connection, then returns them.
fn tls_server(requests: usize) -> (u16, thread::JoinHandle<Vec<Received>>) {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(LEAF_PEM)
        .collect::<Result<_, _>>()
        .unwrap();
    let key = PrivateKeyDer::from_pem_slice(LEAF_KEY_PEM).unwrap();
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .unwrap();
    let (listener, port) = listener();
    let server = thread::spawn(move || {
        let mut received = Vec::new();
        let Ok((tcp, _)) = listener.accept() else {
            return received;
        };
        tcp.set_read_timeout(Some(PATIENCE)).unwrap();
        let connection = rustls::ServerConnection::new(Arc::new(config)).unwrap();
        let mut tls = rustls::StreamOwned::new(connection, tcp);
        for _ in 0..requests {
            let mut reader = BufReader::new(&mut tls);
            let Some(request) = read_request(&mut reader) else {
                break;
            };
            assert!(reader.buffer().is_empty());
            drop(reader);
            received.push(request);
            if tls
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecure")
                .and_then(|()| tls.flush())
                .is_err()
            {
                break;
            }
        }
        received
    });
    (port, server)
}

/// What the test proxy does with a connection.
#[derive(Clone)]
enum Behaviour {
    /// Answers `CONNECT` with 200 and pipes the tunnel to 127.0.0.1:port,
    /// whatever host was asked for.
    Tunnel(u16),
    /// Answers the first request with this response and closes.
    Answer(&'static str),
}

/// A proxy on 127.0.0.1 that handles up to `connections` connections as
/// `behaviour` says and returns the first request of each.
fn proxy(connections: usize, behaviour: Behaviour) -> (u16, thread::JoinHandle<Vec<Received>>) {
    proxy_waiting(connections, behaviour, PATIENCE)
}

/// [`proxy`], giving up on a connection that has not come after `patience`.
fn proxy_waiting(
    connections: usize,
    behaviour: Behaviour,
    patience: Duration,
) -> (u16, thread::JoinHandle<Vec<Received>>) {
    let (listener, port) = listener();
    let server = thread::spawn(move || {
        let mut seen = Vec::new();
        for _ in 0..connections {
            let Some(client) = accept_within(&listener, patience) else {
                break;
            };
            client.set_read_timeout(Some(PATIENCE)).unwrap();
            let mut reader = BufReader::new(client.try_clone().unwrap());
            let Some(request) = read_request(&mut reader) else {
                break;
            };
            match &behaviour {
                Behaviour::Answer(response) => {
                    let mut client = client;
                    client.write_all(response.as_bytes()).unwrap();
                    let _ = client.shutdown(Shutdown::Both);
                }
                Behaviour::Tunnel(target) => {
                    assert!(
                        reader.buffer().is_empty(),
                        "client sent data before the 200"
                    );
                    let mut client = client;
                    let upstream = TcpStream::connect(("127.0.0.1", *target)).unwrap();
                    upstream.set_read_timeout(Some(PATIENCE)).unwrap();
                    client
                        .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
                        .unwrap();
                    pipe(client, upstream);
                }
            }
            seen.push(request);
        }
        seen
    });
    (port, server)
}

/// Accepts one connection, or `None` after `limit` without one.
fn accept_within(listener: &TcpListener, limit: Duration) -> Option<TcpStream> {
    listener.set_nonblocking(true).unwrap();
    let deadline = std::time::Instant::now() + limit;
    while std::time::Instant::now() < deadline {
        match listener.accept() {
            Ok((stream, _)) => {
                stream.set_nonblocking(false).unwrap();
                return Some(stream);
            }
            Err(error) if error.kind() == std::io::ErrorKind::WouldBlock => {
                thread::sleep(Duration::from_millis(10));
            }
            Err(error) => panic!("accept: {error}"),
        }
    }
    None
}

/// Copies bytes both ways until either side closes (or goes quiet for
/// [`PATIENCE`]).
fn pipe(client: TcpStream, upstream: TcpStream) {
    let (mut client_read, mut upstream_write) =
        (client.try_clone().unwrap(), upstream.try_clone().unwrap());
    let up = thread::spawn(move || {
        let _ = std::io::copy(&mut client_read, &mut upstream_write);
        let _ = upstream_write.shutdown(Shutdown::Write);
    });
    let (mut upstream_read, mut client_write) = (upstream, client);
    let _ = std::io::copy(&mut upstream_read, &mut client_write);
    let _ = client_write.shutdown(Shutdown::Both);
    up.join().unwrap();
}

fn get(url: &str) -> http::Request<Vec<u8>> {
    http::Request::get(url).body(Vec::new()).unwrap()
}

fn expect_error(result: Result<http::Response<Vec<u8>>, TransportError>) -> TransportError {
    match result {
        Ok(response) => panic!("expected an error, got {}", response.status()),
        Err(error) => error,
    }
}

#[test]
fn https_goes_through_a_connect_tunnel_and_trusts_a_custom_pem_root() {
    let (tls_port, tls) = tls_server(2);
    let (proxy_port, proxy) = proxy(1, Behaviour::Tunnel(tls_port));
    let env = Env::from_map([(
        "HTTPS_PROXY",
        format!("http://user:p%40ss@127.0.0.1:{proxy_port}"),
    )]);
    let transport = HttpsTransport::builder()
        .env(env)
        .built_in_roots(false)
        .add_root_certificates_pem(CA_PEM)
        .build()
        .unwrap();
    assert_eq!(
        transport
            .proxies()
            .proxy_for(&"https://proxied.test/".parse().unwrap()),
        Some(format!("http://127.0.0.1:{proxy_port}").as_str())
    );
    let debug = format!("{transport:?}");
    assert!(
        !debug.contains("p%40ss") && !debug.contains("p@ss"),
        "{debug}"
    );
    run(async {
        for _ in 0..2 {
            let response = transport
                .send(get("https://proxied.test/tls?q=1"))
                .await
                .unwrap();
            assert_eq!(response.status(), 200);
            assert_eq!(response.body(), b"secure");
        }
    });
    drop(transport);
    let connects = proxy.join().unwrap();
    assert_eq!(connects.len(), 1, "one tunnel, reused: {connects:?}");
    assert_eq!(
        connects[0].request_line,
        "CONNECT proxied.test:443 HTTP/1.1"
    );
    assert_eq!(connects[0].header("host"), Some("proxied.test:443"));
    // "user:p@ss", percent-decoded, in base64.
    assert_eq!(
        connects[0].header("proxy-authorization"),
        Some("Basic dXNlcjpwQHNz")
    );
    let requests = tls.join().unwrap();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].request_line, "GET /tls?q=1 HTTP/1.1");
    assert_eq!(requests[0].header("host"), Some("proxied.test"));
    // The proxy's credentials never go inside the tunnel.
    assert_eq!(requests[0].header("proxy-authorization"), None);
}

#[test]
fn an_untrusted_certificate_through_the_tunnel_is_a_tls_error() {
    let (tls_port, tls) = tls_server(1);
    let (proxy_port, proxy) = proxy(1, Behaviour::Tunnel(tls_port));
    let transport = HttpsTransport::builder()
        .ignore_environment()
        .proxy(format!("127.0.0.1:{proxy_port}"))
        .build()
        .unwrap();
    let error = expect_error(run(transport.send(get("https://proxied.test/"))));
    assert_eq!(error.kind(), TransportErrorKind::Io, "{error}");
    assert!(error.to_string().contains("TLS"), "{error}");
    drop(transport);
    assert_eq!(proxy.join().unwrap().len(), 1);
    assert!(tls.join().unwrap().is_empty());
}

#[test]
fn proxy_refusals_are_clear_errors_naming_the_proxy_without_credentials() {
    for (answer, kind, says) in [
        (
            "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"corp\"\r\nContent-Length: 0\r\n\r\n",
            TransportErrorKind::Other,
            "rejected the credentials in its URL: 407 Proxy Authentication Required",
        ),
        (
            "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n",
            TransportErrorKind::Other,
            "refused the tunnel: 403 Forbidden",
        ),
        (
            "HTTP/1.0 502 Bad Gateway\r\n\r\n",
            TransportErrorKind::Io,
            "refused the tunnel: 502 Bad Gateway",
        ),
        (
            "SSH-2.0-OpenSSH_9.6\r\n\r\n",
            TransportErrorKind::Io,
            "not HTTP/1.x",
        ),
        ("", TransportErrorKind::Io, "closed the connection"),
    ] {
        let (proxy_port, proxy) = proxy(1, Behaviour::Answer(answer));
        let transport = HttpsTransport::builder()
            .ignore_environment()
            .proxy(format!("http://admin:hunter2@127.0.0.1:{proxy_port}"))
            .build()
            .unwrap();
        let error = expect_error(run(transport.send(get("https://sts.amazonaws.com/"))));
        let message = error.to_string();
        assert_eq!(error.kind(), kind, "{message}");
        assert!(message.contains(says), "{message}");
        assert!(
            message.contains(&format!("proxy http://127.0.0.1:{proxy_port}")),
            "{message}"
        );
        assert!(
            message.contains("CONNECT sts.amazonaws.com:443"),
            "{message}"
        );
        assert!(
            !message.contains("hunter2") && !message.contains("admin"),
            "{message}"
        );
        assert!(!format!("{error:?}").contains("hunter2"));
        drop(transport);
        assert_eq!(proxy.join().unwrap().len(), 1);
    }

    // Without credentials, a 407 says that none were given.
    let (proxy_port, proxy) = proxy(
        1,
        Behaviour::Answer("HTTP/1.1 407 Proxy Authentication Required\r\n\r\n"),
    );
    let transport = HttpsTransport::builder()
        .env(Env::from_map([(
            "https_proxy",
            format!("http://127.0.0.1:{proxy_port}"),
        )]))
        .build()
        .unwrap();
    let error = expect_error(run(transport.send(get("https://sts.amazonaws.com/"))));
    assert_eq!(error.kind(), TransportErrorKind::Other);
    assert!(
        error.to_string().contains("requires credentials"),
        "{error}"
    );
    drop(transport);
    proxy.join().unwrap();
}

#[test]
fn an_unreachable_proxy_is_classified_by_its_cause_and_named() {
    let (listener, port) = listener();
    drop(listener);
    let transport = HttpsTransport::builder()
        .env(Env::from_map([(
            "HTTPS_PROXY",
            format!("http://u:secret@127.0.0.1:{port}"),
        )]))
        .build()
        .unwrap();
    let error = expect_error(run(transport.send(get("https://sts.amazonaws.com/"))));
    assert_eq!(
        error.kind(),
        TransportErrorKind::ConnectionRefused,
        "{error}"
    );
    let message = error.to_string();
    assert!(
        message.contains(&format!(
            "could not connect to the proxy http://127.0.0.1:{port}"
        )),
        "{message}"
    );
    assert!(!message.contains("secret"), "{message}");
}

#[test]
fn no_proxy_and_loopback_go_direct() {
    // The proxy would accept a connection, but must see none (one that
    // came after it stopped waiting would be refused, failing the test too).
    let (proxy_port, proxy) = proxy_waiting(
        1,
        Behaviour::Answer("HTTP/1.1 500 No\r\n\r\n"),
        Duration::from_secs(1),
    );
    let env = Env::from_map([
        ("HTTPS_PROXY", format!("http://127.0.0.1:{proxy_port}")),
        ("HTTP_PROXY", format!("http://127.0.0.1:{proxy_port}")),
        ("NO_PROXY", "example.org, .proxied.test".to_owned()),
    ]);
    let (tls_port, tls) = tls_server(1);
    let transport = HttpsTransport::builder()
        .env(env)
        .add_root_certificates_pem(CA_PEM)
        .connect_timeout(Duration::from_secs(2))
        .build()
        .unwrap();
    run(async {
        // Loopback is never proxied: this reaches the TLS server itself.
        let response = transport
            .send(get(&format!("https://127.0.0.1:{tls_port}/direct")))
            .await
            .unwrap();
        assert_eq!(response.body(), b"secure");
        // `NO_PROXY` names the host: the transport resolves it itself, and
        // `.test` names never resolve.
        let error = expect_error(transport.send(get("https://proxied.test/")).await);
        assert!(
            !error.to_string().contains("proxy"),
            "went to the proxy: {error}"
        );
    });
    assert_eq!(tls.join().unwrap()[0].request_line, "GET /direct HTTP/1.1");
    drop(transport);
    assert!(proxy.join().unwrap().is_empty(), "the proxy was used");
}

#[test]
fn http_endpoints_are_forwarded_in_absolute_form_with_proxy_authorization() {
    let (proxy_port, proxy) = proxy(
        1,
        Behaviour::Answer("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nforwarded"),
    );
    let transport = HttpsTransport::builder()
        .env(Env::from_map([
            ("HTTP_PROXY", format!("http://u:pw@127.0.0.1:{proxy_port}")),
            ("HTTPS_PROXY", "http://unused.test:1".to_owned()),
        ]))
        .build()
        .unwrap();
    let request = http::Request::post("http://service.test:8080/path?x=1")
        .body(b"hi".to_vec())
        .unwrap();
    let response = run(transport.send(request)).unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.body(), b"forwarded");
    drop(transport);
    let seen = proxy.join().unwrap();
    assert_eq!(seen.len(), 1);
    assert_eq!(
        seen[0].request_line,
        "POST http://service.test:8080/path?x=1 HTTP/1.1"
    );
    assert_eq!(seen[0].header("host"), Some("service.test:8080"));
    assert_eq!(
        seen[0].header("proxy-authorization"),
        Some("Basic dTpwdw==")
    );
    assert_eq!(seen[0].body, b"hi");
}

#[test]
fn unusable_proxy_settings_fail_build_and_every_request_from_settings() {
    let env = Env::from_map([("HTTPS_PROXY", "socks5://user:secret@proxy:1080")]);
    let error = HttpsTransport::builder()
        .env(env.clone())
        .build()
        .unwrap_err();
    assert_eq!(error.kind(), TransportErrorKind::Other);
    assert!(error.to_string().contains("HTTPS_PROXY"), "{error}");
    assert!(!error.to_string().contains("secret"), "{error}");

    let settings = Settings::from_parts(env, ProfileSet::default());
    let transport = HttpsTransport::from_settings(&settings);
    let error = expect_error(run(transport.send(get("https://sts.amazonaws.com/"))));
    assert_eq!(error.kind(), TransportErrorKind::Other);
    assert!(error.to_string().contains("HTTPS_PROXY"), "{error}");

    // An explicit configuration overrides the environment.
    let transport = HttpsTransport::builder()
        .env(Env::from_map([("HTTPS_PROXY", "socks5://proxy:1080")]))
        .proxy_config(ProxyConfig::none())
        .build()
        .unwrap();
    assert!(transport.proxies().is_none());
}

/// A file in the temporary directory, removed when dropped.
struct TempFile(std::path::PathBuf);

impl TempFile {
    fn new(name: &str, contents: &[u8]) -> Self {
        let path =
            std::env::temp_dir().join(format!("smithy-runtime-{}-{name}", std::process::id()));
        std::fs::write(&path, contents).unwrap();
        TempFile(path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[test]
fn aws_ca_bundle_and_profile_ca_bundle_replace_the_built_in_roots() {
    let bundle = TempFile::new("ca-bundle.pem", CA_PEM);
    let path = bundle.0.to_str().unwrap().to_owned();
    let from_env = Env::from_map([("AWS_CA_BUNDLE", path.clone())]);
    let from_profile = Settings::from_parts(
        Env::from_map([("AWS_PROFILE", "corp")]),
        ProfileSet::parse(&format!("[profile corp]\nca_bundle = {path}\n"), "", "corp"),
    );
    for transport in [
        HttpsTransport::builder().env(from_env).build().unwrap(),
        HttpsTransport::from_settings(&from_profile),
    ] {
        assert!(format!("{transport:?}").contains("1 from"), "{transport:?}");
        let (port, tls) = tls_server(1);
        let response = run(transport.send(get(&format!("https://localhost:{port}/"))));
        assert_eq!(response.unwrap().body(), b"secure");
        tls.join().unwrap();
    }

    let missing = bundle.0.with_extension("missing");
    let error = HttpsTransport::builder()
        .ca_bundle(&missing)
        .build()
        .unwrap_err();
    assert!(
        error.to_string().contains(&missing.display().to_string()),
        "{error}"
    );
    let error = HttpsTransport::builder()
        .add_root_certificates_pem(&b"no certificate here"[..])
        .build()
        .unwrap_err();
    assert!(error.to_string().contains("no PEM certificate"), "{error}");
}

#[cfg(feature = "webpki-roots")]
#[test]
fn without_built_in_roots_nothing_public_is_trusted() {
    let transport = HttpsTransport::builder()
        .ignore_environment()
        .built_in_roots(false)
        .build()
        .unwrap();
    let debug = format!("{transport:?}");
    assert!(debug.contains("roots: \"none\""), "{debug}");
    let default = HttpsTransport::builder()
        .ignore_environment()
        .build()
        .unwrap();
    assert!(format!("{default:?}").contains("Mozilla"), "{default:?}");
}

/// Needs a trust store where `rustls-native-certs` looks (on Linux,
/// `/etc/ssl/certs` and the like, or `SSL_CERT_FILE`), as CI machines have.
#[cfg(feature = "platform-roots")]
#[test]
fn platform_roots_are_read_and_can_be_left_out() {
    let transport = HttpsTransport::builder()
        .ignore_environment()
        .build()
        .unwrap();
    let debug = format!("{transport:?}");
    assert!(debug.contains("from the platform"), "{debug}");
    // A bundle replaces them; custom roots alone leave them out too.
    let transport = HttpsTransport::builder()
        .ignore_environment()
        .built_in_roots(false)
        .add_root_certificates_pem(CA_PEM)
        .build()
        .unwrap();
    assert!(format!("{transport:?}").contains("roots: \"1 added\""));
    let (port, tls) = tls_server(1);
    let response = run(transport.send(get(&format!("https://127.0.0.1:{port}/"))));
    assert_eq!(response.unwrap().body(), b"secure");
    tls.join().unwrap();
}
