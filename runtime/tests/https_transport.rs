//! `HttpsTransport` against servers on 127.0.0.1: what goes on the wire,
//! keep-alive reuse, TLS with a self-signed root (a fixture), and how failures are
//! classified. Every test is bounded in time.
#![cfg(feature = "https-transport")]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use smithy_runtime::https::{DEFAULT_CONNECT_TIMEOUT, HttpsTransport, tokio_sleep};
use smithy_runtime::{Transport, TransportError, TransportErrorKind};

/// No test may take longer than this, whatever the transport does.
const TEST_LIMIT: Duration = Duration::from_secs(5);

/// How long the silent servers stay silent: longer than any timeout tested.
const SILENCE: Duration = Duration::from_secs(4);

/// Runs `future` on a fresh current-thread Tokio runtime, failing the test
/// if it takes longer than [`TEST_LIMIT`].
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

/// One request as the server saw it: head lines (request line first) and body.
#[derive(Debug)]
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

/// Reads one HTTP/1.1 request (head plus `content-length` body); `None` at
/// end of stream.
fn read_request(reader: &mut impl BufRead) -> Option<Received> {
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).ok()? == 0 {
        return None;
    }
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).ok()?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':').unwrap();
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

fn assert_kind(result: Result<http::Response<Vec<u8>>, TransportError>, kind: TransportErrorKind) {
    match result {
        Ok(response) => panic!("expected a {kind:?} error, got {}", response.status()),
        Err(error) => assert_eq!(error.kind(), kind, "{error} ({error:?})"),
    }
}

#[test]
fn plain_http_request_and_response_go_over_the_wire_as_given() {
    let (listener, port) = listener();
    let (seen_tx, seen_rx) = mpsc::channel();
    let server = thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let received = read_request(&mut reader).unwrap();
        let mut stream = stream;
        stream
            .write_all(
                b"HTTP/1.1 201 Created\r\nContent-Type: application/json\r\n\
                  X-Amzn-RequestId: req-1\r\nContent-Length: 11\r\n\r\n{\"ok\":true}",
            )
            .unwrap();
        seen_tx.send(received).unwrap();
    });

    let transport = HttpsTransport::builder()
        .read_timeout(Duration::from_secs(2))
        .build()
        .unwrap();
    let request = http::Request::post(format!("http://127.0.0.1:{port}/things?x=1"))
        .header("content-type", "application/x-amz-json-1.1")
        .header("x-amz-target", "Service.Op")
        .body(br#"{"name":"a"}"#.to_vec())
        .unwrap();
    let response = run(transport.send(request)).unwrap();

    assert_eq!(response.status(), 201);
    assert_eq!(response.headers()["content-type"], "application/json");
    assert_eq!(response.headers()["x-amzn-requestid"], "req-1");
    assert_eq!(response.body(), br#"{"ok":true}"#);

    let received = seen_rx.recv_timeout(TEST_LIMIT).unwrap();
    server.join().unwrap();
    assert_eq!(received.request_line, "POST /things?x=1 HTTP/1.1");
    assert_eq!(received.body, br#"{"name":"a"}"#);
    assert_eq!(received.header("host"), Some(&*format!("127.0.0.1:{port}")));
    assert_eq!(received.header("content-length"), Some("12"));
    assert_eq!(
        received.header("content-type"),
        Some("application/x-amz-json-1.1")
    );
    assert_eq!(received.header("x-amz-target"), Some("Service.Op"));
    // Nothing but the request's own headers plus host and content-length.
    let mut names: Vec<String> = received
        .headers
        .iter()
        .map(|(n, _)| n.to_ascii_lowercase())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["content-length", "content-type", "host", "x-amz-target"]
    );
}

#[test]
fn get_without_body_sends_no_content_length_and_reads_empty_body() {
    let (listener, port) = listener();
    let server = thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let received = read_request(&mut reader).unwrap();
        let mut stream = stream;
        stream
            .write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
            .unwrap();
        received
    });
    let transport = HttpsTransport::new();
    let request = http::Request::get(format!("http://127.0.0.1:{port}/missing"))
        .body(Vec::new())
        .unwrap();
    let response = run(transport.send(request)).unwrap();
    assert_eq!(response.status(), 404);
    assert!(response.body().is_empty());
    let received = server.join().unwrap();
    assert_eq!(received.request_line, "GET /missing HTTP/1.1");
    let names: Vec<&str> = received.headers.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["host"]);
}

#[test]
fn empty_post_sends_content_length_zero() {
    let (listener, port) = listener();
    let server = thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let received = read_request(&mut reader).unwrap();
        let mut stream = stream;
        stream
            .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
            .unwrap();
        received
    });
    let transport = HttpsTransport::new();
    let request = http::Request::post(format!("http://127.0.0.1:{port}/empty"))
        .body(Vec::new())
        .unwrap();
    run(transport.send(request)).unwrap();
    let received = server.join().unwrap();
    assert_eq!(received.request_line, "POST /empty HTTP/1.1");
    assert_eq!(received.header("content-length"), Some("0"));
    assert_eq!(received.headers.len(), 2, "{:?}", received.headers);
}

#[test]
fn connection_refused_is_classified() {
    let (listener, port) = listener();
    drop(listener);
    let transport = HttpsTransport::new();
    // The query (which may hold a presigned signature) stays out of messages.
    let request = http::Request::get(format!(
        "http://127.0.0.1:{port}/refused?X-Amz-Signature=secret"
    ))
    .body(Vec::new())
    .unwrap();
    let error = run(transport.send(request)).unwrap_err();
    assert_eq!(
        error.kind(),
        TransportErrorKind::ConnectionRefused,
        "{error}"
    );
    assert_eq!(
        error.message(),
        format!("GET http://127.0.0.1:{port}/refused: connection refused")
    );
}

/// A server that accepts, reads whatever comes, and answers nothing until
/// told to stop (or [`SILENCE`] passes).
fn silent_server() -> (u16, mpsc::Sender<()>, thread::JoinHandle<()>) {
    let (listener, port) = listener();
    let (stop_tx, stop_rx) = mpsc::channel::<()>();
    let server = thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        stream
            .set_read_timeout(Some(Duration::from_millis(50)))
            .unwrap();
        let deadline = Instant::now() + SILENCE;
        let mut sink = [0u8; 1024];
        while Instant::now() < deadline {
            if stop_rx.try_recv().is_ok() {
                break;
            }
            // Ok(0) is the client hanging up; errors are the 50 ms ticks.
            if let Ok(0) = stream.read(&mut sink) {
                break;
            }
        }
    });
    (port, stop_tx, server)
}

#[test]
fn server_that_never_answers_hits_the_read_timeout() {
    let (port, stop, server) = silent_server();
    let transport = HttpsTransport::builder()
        .read_timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let request = http::Request::put(format!("http://127.0.0.1:{port}/slow"))
        .body(b"payload".to_vec())
        .unwrap();
    let started = Instant::now();
    let result = run(transport.send(request));
    let elapsed = started.elapsed();
    let _ = stop.send(());
    server.join().unwrap();
    let error = result.unwrap_err();
    assert_eq!(
        error.kind(),
        TransportErrorKind::Timeout,
        "{error} {error:?}"
    );
    assert!(error.to_string().contains("read timeout"), "{error}");
    assert!(
        elapsed >= Duration::from_millis(300) && elapsed < Duration::from_secs(2),
        "timed out after {elapsed:?}"
    );
}

#[test]
fn tls_handshake_that_never_completes_hits_the_connect_timeout() {
    // The TCP connect succeeds; the server never answers the ClientHello.
    let (port, stop, server) = silent_server();
    let transport = HttpsTransport::builder()
        .connect_timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let request = http::Request::get(format!("https://127.0.0.1:{port}/"))
        .body(Vec::new())
        .unwrap();
    let started = Instant::now();
    let result = run(transport.send(request));
    let elapsed = started.elapsed();
    let _ = stop.send(());
    server.join().unwrap();
    let error = result.unwrap_err();
    assert_eq!(
        error.kind(),
        TransportErrorKind::Timeout,
        "{error} {error:?}"
    );
    assert!(error.to_string().contains("connect timeout"), "{error}");
    assert!(
        elapsed < Duration::from_secs(2),
        "timed out after {elapsed:?}"
    );
}

#[test]
fn body_that_stalls_hits_the_read_timeout() {
    let (listener, port) = listener();
    let (stop_tx, stop_rx) = mpsc::channel::<()>();
    let server = thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        read_request(&mut reader).unwrap();
        let mut stream = stream;
        stream
            .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nfirst part")
            .unwrap();
        let _ = stop_rx.recv_timeout(SILENCE);
    });
    let transport = HttpsTransport::builder()
        .read_timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let request = http::Request::get(format!("http://127.0.0.1:{port}/"))
        .body(Vec::new())
        .unwrap();
    let result = run(transport.send(request));
    let _ = stop_tx.send(());
    server.join().unwrap();
    let error = result.unwrap_err();
    assert_eq!(
        error.kind(),
        TransportErrorKind::Timeout,
        "{error} {error:?}"
    );
    assert!(error.to_string().contains("response body"), "{error}");
}

/// Answers the request with `response` and closes the connection.
fn answer_once_then_close(response: &'static [u8]) -> (u16, thread::JoinHandle<()>) {
    let (listener, port) = listener();
    let server = thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        read_request(&mut reader).unwrap();
        let mut stream = stream;
        stream.write_all(response).unwrap();
        // Dropping the stream closes the connection.
    });
    (port, server)
}

#[test]
fn connection_closed_mid_body_is_connection_reset() {
    let (port, server) =
        answer_once_then_close(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this much");
    let transport = HttpsTransport::new();
    let request = http::Request::get(format!("http://127.0.0.1:{port}/"))
        .body(Vec::new())
        .unwrap();
    let result = run(transport.send(request));
    server.join().unwrap();
    assert_kind(result, TransportErrorKind::ConnectionReset);
}

#[test]
fn connection_closed_mid_head_or_before_any_byte_is_connection_reset() {
    for response in [&b"HTTP/1.1 200 OK\r\nContent-Le"[..], &b""[..]] {
        let (port, server) = answer_once_then_close(response);
        let transport = HttpsTransport::new();
        let request = http::Request::get(format!("http://127.0.0.1:{port}/"))
            .body(Vec::new())
            .unwrap();
        let result = run(transport.send(request));
        server.join().unwrap();
        assert_kind(result, TransportErrorKind::ConnectionReset);
    }
}

#[test]
fn garbage_response_is_other_and_does_not_panic() {
    let (port, server) = answer_once_then_close(b"SSH-2.0-OpenSSH_9.6\r\n\r\n");
    let transport = HttpsTransport::new();
    let request = http::Request::get(format!("http://127.0.0.1:{port}/"))
        .body(Vec::new())
        .unwrap();
    let result = run(transport.send(request));
    server.join().unwrap();
    assert_kind(result, TransportErrorKind::Other);
}

#[test]
fn keep_alive_reuses_one_connection_for_sequential_requests() {
    let (listener, port) = listener();
    let server = thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut stream = stream;
        let mut paths = Vec::new();
        for index in 0..2 {
            let received = read_request(&mut reader).unwrap();
            paths.push(received.request_line);
            let body = format!("response {index}");
            write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n{body}",
                body.len()
            )
            .unwrap();
        }
        // A second connection would show up here.
        listener.set_nonblocking(true).unwrap();
        let second_accept = listener.accept().is_ok();
        (paths, second_accept)
    });

    // The pause between the requests is longer than the read timeout: an
    // idle pooled connection must not be timed out.
    let transport = HttpsTransport::builder()
        .read_timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let clone = transport.clone();
    run(async {
        for (index, client) in [&transport, &clone].into_iter().enumerate() {
            let request = http::Request::get(format!("http://127.0.0.1:{port}/{index}"))
                .body(Vec::new())
                .unwrap();
            let response = client.send(request).await.unwrap();
            assert_eq!(response.body(), format!("response {index}").as_bytes());
            // Idle for twice the read timeout (this also lets the connection
            // task hand the connection back to the pool).
            tokio::time::sleep(Duration::from_millis(400)).await;
        }
    });
    let (paths, second_accept) = server.join().unwrap();
    assert_eq!(paths, ["GET /0 HTTP/1.1", "GET /1 HTTP/1.1"]);
    assert!(!second_accept, "the second request opened a new connection");
}

#[test]
fn transport_survives_the_runtime_that_opened_its_connection() {
    let (listener, port) = listener();
    let server = thread::spawn(move || {
        // The server keeps every connection open: only the client side can
        // end the first one, when the runtime driving it shuts down.
        let mut open = Vec::new();
        for _ in 0..2 {
            let (stream, _) = listener.accept().unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            read_request(&mut reader).unwrap();
            let mut stream = stream;
            stream
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
                .unwrap();
            open.push(stream);
        }
        open.len()
    });
    let transport = HttpsTransport::new();
    for _ in 0..2 {
        let request = http::Request::get(format!("http://127.0.0.1:{port}/"))
            .body(Vec::new())
            .unwrap();
        // `run` builds a new runtime each time and drops it afterwards.
        let response = run(transport.send(request)).unwrap();
        assert_eq!(response.body(), b"ok");
    }
    assert_eq!(server.join().unwrap(), 2);
}

#[test]
fn outside_a_tokio_runtime_send_fails_instead_of_panicking() {
    let transport = HttpsTransport::new();
    let request = http::Request::get("http://127.0.0.1:9/")
        .body(Vec::new())
        .unwrap();
    let error = pollster::block_on(transport.send(request)).unwrap_err();
    assert_eq!(error.kind(), TransportErrorKind::Other);
    assert!(error.to_string().contains("Tokio runtime"), "{error}");
}

#[test]
fn relative_uri_is_an_error_not_a_panic() {
    let transport = HttpsTransport::new();
    let request = http::Request::get("/no-host").body(Vec::new()).unwrap();
    assert_kind(run(transport.send(request)), TransportErrorKind::Other);
}

#[test]
fn defaults_and_debug() {
    let transport = HttpsTransport::default();
    assert_eq!(transport.connect_timeout(), Some(DEFAULT_CONNECT_TIMEOUT));
    assert_eq!(DEFAULT_CONNECT_TIMEOUT, Duration::from_millis(3100));
    assert_eq!(transport.read_timeout(), None);
    let debug = format!("{transport:?}");
    assert!(debug.contains("connect_timeout: Some(3.1s)"), "{debug}");
    let configured = HttpsTransport::builder()
        .connect_timeout(Duration::from_secs(1))
        .read_timeout(Duration::from_secs(9))
        .build()
        .unwrap();
    assert_eq!(configured.connect_timeout(), Some(Duration::from_secs(1)));
    assert_eq!(configured.read_timeout(), Some(Duration::from_secs(9)));
}

#[test]
fn invalid_root_certificate_is_rejected_by_build() {
    let error = HttpsTransport::builder()
        .add_root_certificate(b"not a certificate".to_vec())
        .build()
        .unwrap_err();
    assert_eq!(error.kind(), TransportErrorKind::Other);
}

/// A self-signed certificate for IP address 127.0.0.1 (ECDSA P-256, not a
/// CA, valid from 2000 to 9999) and its PKCS#8 key, made once with `rcgen`
/// and kept as fixtures so the tests need no certificate generator.
const LOOPBACK_CERT: &[u8] = include_bytes!("fixtures/https-loopback-cert.der");
const LOOPBACK_KEY: &[u8] = include_bytes!("fixtures/https-loopback-key.der");

/// A TLS server on 127.0.0.1 presenting [`LOOPBACK_CERT`]; returns its port
/// and the server thread, which answers up to `requests` requests on one
/// connection and returns them.
fn tls_server(requests: usize) -> (u16, thread::JoinHandle<Vec<Received>>) {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![rustls::pki_types::CertificateDer::from(LOOPBACK_CERT)],
            rustls::pki_types::PrivateKeyDer::Pkcs8(LOOPBACK_KEY.into()),
        )
        .unwrap();
    let (listener, port) = listener();
    let server = thread::spawn(move || {
        let mut received = Vec::new();
        let Ok((tcp, _)) = listener.accept() else {
            return received;
        };
        tcp.set_read_timeout(Some(SILENCE)).unwrap();
        let connection = rustls::ServerConnection::new(Arc::new(config)).unwrap();
        let mut tls = rustls::StreamOwned::new(connection, tcp);
        for _ in 0..requests {
            let mut reader = BufReader::new(&mut tls);
            let Some(request) = read_request(&mut reader) else {
                break;
            };
            // The request is small and fully consumed: nothing is left
            // buffered in the BufReader.
            assert!(reader.buffer().is_empty());
            drop(reader);
            received.push(request);
            tls.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecure")
                .unwrap();
            tls.flush().unwrap();
        }
        received
    });
    (port, server)
}

#[test]
fn https_with_a_custom_root_works_and_reuses_the_connection() {
    let (port, server) = tls_server(2);
    let transport = HttpsTransport::builder()
        .add_root_certificate(LOOPBACK_CERT)
        .read_timeout(Duration::from_secs(2))
        .build()
        .unwrap();
    run(async {
        for body in [b"one".to_vec(), b"two".to_vec()] {
            let request = http::Request::post(format!("https://127.0.0.1:{port}/tls"))
                .body(body)
                .unwrap();
            let response = transport.send(request).await.unwrap();
            assert_eq!(response.status(), 200);
            assert_eq!(response.body(), b"secure");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    });
    let received = server.join().unwrap();
    assert_eq!(received.len(), 2, "both requests on one TLS connection");
    assert_eq!(received[0].request_line, "POST /tls HTTP/1.1");
    assert_eq!(received[0].body, b"one");
    assert_eq!(received[1].body, b"two");
}

#[test]
fn https_with_an_untrusted_certificate_is_an_io_error() {
    let (port, server) = tls_server(1);
    // Mozilla's roots only: the self-signed certificate is not trusted.
    let transport = HttpsTransport::new();
    let request = http::Request::get(format!("https://127.0.0.1:{port}/"))
        .body(Vec::new())
        .unwrap();
    let result = run(transport.send(request));
    let received = server.join().unwrap();
    assert!(received.is_empty());
    let error = result.unwrap_err();
    assert_eq!(error.kind(), TransportErrorKind::Io, "{error} {error:?}");
    assert!(error.to_string().contains("TLS"), "{error}");
}

#[test]
fn tokio_sleep_waits_inside_and_outside_tokio() {
    let started = Instant::now();
    run(tokio_sleep(Duration::from_millis(60)));
    assert!(started.elapsed() >= Duration::from_millis(60));

    let started = Instant::now();
    pollster::block_on(tokio_sleep(Duration::from_millis(60)));
    assert!(started.elapsed() >= Duration::from_millis(60));
    assert!(started.elapsed() < TEST_LIMIT);

    pollster::block_on(tokio_sleep(Duration::ZERO));
}
