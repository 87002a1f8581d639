//! The response body size limit (`Config::with_max_response_body`) over
//! real HTTP on 127.0.0.1, with the default `HttpsTransport` (issue
//! "Hardening"): a server that announces a huge `Content-Length`, one that
//! streams a chunked body forever, and one that streams until it closes the
//! connection. The client must fail with `ResponseTooLarge` promptly,
//! without reading the body whole, and drop the connection.
//!
//! Each server is a thread serving one connection with bounded loops: it
//! stops writing when the client goes away, after `SERVER_CAP` bytes, or
//! after `SERVER_DEADLINE`, whichever comes first, and reports which.

use std::future::Future;
use std::io::{ErrorKind, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use imagebuilder::Client;
use imagebuilder::error::UpdateInfrastructureConfigurationError as OperationError;
use imagebuilder::types::{
    UpdateInfrastructureConfigurationRequest, UpdateInfrastructureConfigurationResponse,
};
use smithy_runtime::https::HttpsTransport;
use smithy_runtime::{Config, RetryConfig, SdkError, TransportError, TransportErrorKind};

/// The client's limit in these tests.
const LIMIT: usize = 1 << 20;
/// The most a streaming server writes before giving up on the client.
const SERVER_CAP: usize = 1 << 30;
/// The longest a server runs.
const SERVER_DEADLINE: Duration = Duration::from_secs(20);
/// What may sit in socket buffers (the server's send buffer and the
/// client's receive buffer, which Linux grows up to 32 MiB) on top of what
/// the client read before it stopped.
const BUFFER_SLACK: usize = 64 << 20;

type Outcome = Result<UpdateInfrastructureConfigurationResponse, SdkError<OperationError>>;

/// What a server saw.
#[derive(Debug)]
struct Served {
    /// Body bytes written (accepted by the socket).
    written: usize,
    /// Whether a write or read failed because the client went away.
    client_left: bool,
    /// When the server stopped, measured from accepting the connection.
    stopped_after: Duration,
}

#[derive(Debug, Clone, Copy)]
enum Body {
    /// `Content-Length: length`, then body bytes until the client leaves.
    Announced(u64),
    /// `Transfer-Encoding: chunked`, 64 KiB chunks of spaces until the
    /// client leaves; with `Some(n)`, `{}` padded to `n` bytes and the
    /// final chunk.
    Chunked(Option<usize>),
    /// No length: body bytes until the client leaves, then close.
    UntilClose,
}

/// Starts a server for one connection answering one request with `body`;
/// returns its URL and a handle that yields what it saw.
fn serve(body: Body) -> (String, JoinHandle<Served>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (ready, started) = mpsc::channel();
    let handle = std::thread::spawn(move || {
        ready.send(()).unwrap();
        let (mut stream, _) = listener.accept().expect("a connection");
        let accepted = Instant::now();
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        stream
            .set_write_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        read_request(&mut stream);
        let (written, client_left) = respond(&mut stream, body, accepted);
        Served {
            written,
            client_left,
            stopped_after: accepted.elapsed(),
        }
    });
    started.recv().unwrap();
    (url, handle)
}

/// Reads the request head and its `Content-Length` body.
fn read_request(stream: &mut TcpStream) {
    let mut data = Vec::new();
    let mut buffer = [0; 4096];
    let head_end = loop {
        if let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
        let read = stream.read(&mut buffer).expect("the request");
        assert!(read > 0, "the client closed before sending a request");
        data.extend_from_slice(&buffer[..read]);
        assert!(data.len() < 1 << 20, "request head too long");
    };
    let head = String::from_utf8_lossy(&data[..head_end]).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .map_or(0, |value| value.trim().parse().unwrap());
    while data.len() < head_end + length {
        let read = stream.read(&mut buffer).expect("the request body");
        assert!(read > 0, "the client closed mid-request");
        data.extend_from_slice(&buffer[..read]);
    }
}

/// Writes the response; returns the body bytes written and whether the
/// client went away.
fn respond(stream: &mut TcpStream, body: Body, accepted: Instant) -> (usize, bool) {
    let head = match body {
        Body::Announced(length) => format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {length}\r\n\r\n"
        ),
        Body::Chunked(_) => "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\
                             Transfer-Encoding: chunked\r\n\r\n"
            .to_owned(),
        Body::UntilClose => {
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n"
                .to_owned()
        }
    };
    if stream.write_all(head.as_bytes()).is_err() {
        return (0, true);
    }
    let chunk = vec![b' '; 64 * 1024];
    let mut written = 0;
    if let Body::Chunked(Some(total)) = body {
        let mut json = b"{}".to_vec();
        json.resize(total, b' ');
        for piece in json.chunks(chunk.len()) {
            let framed = [format!("{:x}\r\n", piece.len()).as_bytes(), piece, b"\r\n"].concat();
            if stream.write_all(&framed).is_err() {
                return (written, true);
            }
            written += piece.len();
        }
        let _ = stream.write_all(b"0\r\n\r\n");
        // Wait for the client to be done with the connection.
        let _ = stream.read(&mut [0; 16]);
        return (written, false);
    }
    while written < SERVER_CAP && accepted.elapsed() < SERVER_DEADLINE {
        let result = match body {
            Body::Chunked(_) => stream.write_all(
                &[format!("{:x}\r\n", chunk.len()).as_bytes(), &chunk, b"\r\n"].concat(),
            ),
            _ => stream.write_all(&chunk),
        };
        match result {
            Ok(()) => written += chunk.len(),
            Err(error) if error.kind() == ErrorKind::WouldBlock => return (written, false),
            Err(error) if error.kind() == ErrorKind::TimedOut => return (written, false),
            Err(_) => return (written, true),
        }
    }
    (written, false)
}

fn run<F: Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a Tokio runtime")
        .block_on(future)
}

fn client(url: &str, limit: usize) -> Client<HttpsTransport> {
    let transport = HttpsTransport::builder()
        .connect_timeout(Duration::from_secs(2))
        .read_timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let config = Config::new()
        .with_endpoint_url(url)
        .with_retry(RetryConfig::disabled())
        .with_max_response_body(limit);
    Client::new(config, transport)
}

fn input() -> UpdateInfrastructureConfigurationRequest {
    UpdateInfrastructureConfigurationRequest::builder()
        .infrastructure_configuration_arn(
            "arn:aws:imagebuilder:us-east-1:123456789012:infrastructure-configuration/x",
        )
        .instance_profile_name("profile")
        .client_token("token")
        .build()
        .unwrap()
}

/// Calls through a server answering with `body`; returns the outcome, how
/// long the call took, and what the server saw.
fn call(body: Body, limit: usize) -> (Outcome, Duration, Served) {
    let (url, server) = serve(body);
    let client = client(&url, limit);
    let started = Instant::now();
    let outcome = run(client.update_infrastructure_configuration(input()));
    let took = started.elapsed();
    // The client (and its connection pool) goes away with the runtime.
    drop(client);
    let served = server.join().expect("the server thread");
    eprintln!("{body:?} with a limit of {limit}: {took:?}, server {served:?}");
    (outcome, took, served)
}

fn size_error(outcome: Outcome) -> TransportError {
    match outcome {
        Err(SdkError::Transport(error)) => error,
        other => panic!("expected a transport error, got {other:?}"),
    }
}

#[test]
fn a_huge_content_length_is_refused_before_any_body_is_read() {
    let announced: u64 = 10 << 30;
    let (outcome, took, served) = call(Body::Announced(announced), LIMIT);
    let error = size_error(outcome);
    assert_eq!(
        error.kind(),
        TransportErrorKind::ResponseTooLarge,
        "{error}"
    );
    assert!(
        error.message().contains(&format!(
            "announces a body of {announced} bytes (Content-Length), over the limit of {LIMIT} bytes"
        )),
        "{error}"
    );
    assert!(
        error.message().starts_with("PUT http://127.0.0.1:"),
        "names the request: {error}"
    );
    // Not the read timeout (5 s): nothing of the body was waited for.
    assert!(took < Duration::from_secs(3), "took {took:?}");
    // The client dropped the connection instead of draining 10 GiB.
    assert!(served.client_left, "{served:?}");
    assert!(served.written < LIMIT + BUFFER_SLACK, "{served:?}");
}

#[test]
fn a_chunked_body_at_the_limit_is_read() {
    // `{}` and spaces, exactly at the limit.
    let (outcome, _, _) = call(Body::Chunked(Some(LIMIT)), LIMIT);
    let output = outcome.expect("a chunked body at the limit is read");
    assert_eq!(output.request_id, None);
}

#[test]
fn a_chunked_body_that_never_ends_is_cut_off_at_the_limit() {
    let (outcome, took, served) = call(Body::Chunked(None), LIMIT);
    let error = size_error(outcome);
    assert_eq!(
        error.kind(),
        TransportErrorKind::ResponseTooLarge,
        "{error}"
    );
    assert!(
        error.message().contains(&format!(
            "over the limit of {LIMIT} bytes (stopped after reading"
        )),
        "{error}"
    );
    // The number read is reported and is at most one read past the limit.
    let read: usize = error
        .message()
        .rsplit("stopped after reading ")
        .next()
        .and_then(|rest| rest.trim_end_matches(')').parse().ok())
        .unwrap_or_else(|| panic!("no count in {error}"));
    assert!(read > LIMIT && read <= LIMIT + (1 << 20), "read {read}");
    assert!(took < Duration::from_secs(5), "took {took:?}");
    // The server saw the client leave long before its own cap of 1 GiB.
    assert!(served.client_left, "{served:?}");
    assert!(served.written < LIMIT + BUFFER_SLACK, "{served:?}");
    assert!(served.stopped_after < Duration::from_secs(10), "{served:?}");
}

#[test]
fn a_body_until_close_is_cut_off_at_the_limit() {
    let (outcome, took, served) = call(Body::UntilClose, LIMIT);
    let error = size_error(outcome);
    assert_eq!(
        error.kind(),
        TransportErrorKind::ResponseTooLarge,
        "{error}"
    );
    assert!(took < Duration::from_secs(5), "took {took:?}");
    assert!(served.client_left, "{served:?}");
    assert!(served.written < LIMIT + BUFFER_SLACK, "{served:?}");
}

#[test]
fn a_smaller_limit_cuts_off_sooner_and_a_larger_one_reads_more() {
    // The same endless body: the limit, not the server, decides where the
    // client stops.
    for limit in [64 * 1024, 4 << 20] {
        let (outcome, _, served) = call(Body::Chunked(None), limit);
        let error = size_error(outcome);
        assert_eq!(error.kind(), TransportErrorKind::ResponseTooLarge);
        assert!(
            error.message().contains(&format!("limit of {limit} bytes")),
            "{error}"
        );
        assert!(served.client_left, "{served:?}");
        assert!(served.written >= limit, "{served:?}");
    }
}
