//! Shared by the loopback end-to-end tests (`loopback_http.rs`,
//! `cli_end_to_end.rs`): a scripted HTTP/1.1 server on 127.0.0.1 that
//! records every request, and a SigV4 verifier written from AWS's
//! description of the algorithm, independent of `smithy_runtime::sigv4`.
//!
//! Every loop here is bounded: the server stops when dropped or, at the
//! latest, [`SERVER_LIFETIME`] after it started; reads poll with a short
//! timeout so they notice either.

// Each test file uses a different subset of these helpers.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// The longest a server lives, whatever its tests do.
pub const SERVER_LIFETIME: Duration = Duration::from_secs(30);
/// How often blocked reads and the accept loop look at the stop flag.
const POLL: Duration = Duration::from_millis(10);
/// The largest request head the server reads.
const MAX_HEAD: usize = 64 * 1024;

pub const ACCESS_KEY_ID: &str = "AKIDLOOPBACKTEST";
pub const SECRET_ACCESS_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYLOOPBACKSECRET";
pub const SESSION_TOKEN: &str = "IQoJb3JpZ2luX2VjLOOPBACKSESSIONTOKEN//zz==";
pub const REGION: &str = "us-east-1";
pub const SERVICE: &str = "imagebuilder";
pub const OPERATION_PATH: &str = "/UpdateInfrastructureConfiguration";
pub const ARN: &str =
    "arn:aws:imagebuilder:us-east-1:123456789012:infrastructure-configuration/web-tier";
/// A caller-chosen idempotency token (36 characters, the most allowed).
pub const TOKEN: &str = "5f0c6c8e-2d4b-4f7a-9a61-0b8d3e2c1a77";

// ------------------------------------------------------------------ server

/// What the server does with the next request it reads.
#[derive(Debug, Clone)]
pub enum Reply {
    /// Answers with this status, these headers (a `Content-Length` is added)
    /// and this body, and keeps the connection open for the next request.
    Respond {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// Never answers; holds the connection until the client closes it (or
    /// the server stops).
    Hang,
    /// Closes the connection at once, without answering.
    Close,
}

impl Reply {
    /// A JSON response.
    pub fn json(status: u16, headers: &[(&str, &str)], body: &str) -> Reply {
        let mut all = vec![("Content-Type".to_owned(), "application/json".to_owned())];
        all.extend(
            headers
                .iter()
                .map(|(name, value)| ((*name).to_owned(), (*value).to_owned())),
        );
        Reply::Respond {
            status,
            headers: all,
            body: body.as_bytes().to_vec(),
        }
    }
}

/// A request as the server read it off the wire.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    /// The request target exactly as sent, e.g. `/Op?a=b`.
    pub target: String,
    /// The target up to `?`.
    pub path: String,
    /// The target after `?`, or empty.
    pub query: String,
    pub version: String,
    /// Every header line in order, names as sent, values trimmed.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Which accepted connection (0, 1, ...) it arrived on.
    pub connection: usize,
}

impl Recorded {
    /// The first value of header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.header_values(name).into_iter().next()
    }

    /// Every value of header `name` (any case), in order.
    pub fn header_values(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The body parsed as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "request body is not JSON ({e}): {}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }
}

struct Shared {
    script: Mutex<VecDeque<Reply>>,
    requests: Mutex<Vec<Recorded>>,
    /// Problems the server met (a request it could not parse).
    problems: Mutex<Vec<String>>,
    connections: AtomicUsize,
    stop: AtomicBool,
    deadline: Instant,
}

impl Shared {
    fn stopping(&self) -> bool {
        self.stop.load(Ordering::SeqCst) || Instant::now() >= self.deadline
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A scripted HTTP/1.1 server on `127.0.0.1`, stopped when dropped.
pub struct Server {
    addr: SocketAddr,
    shared: Arc<Shared>,
    acceptor: Option<JoinHandle<()>>,
}

impl Server {
    /// Starts a server that answers requests with `script`, in order, across
    /// all connections. Once the script is spent it answers 599.
    pub fn start(script: Vec<Reply>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        listener
            .set_nonblocking(true)
            .expect("nonblocking listener");
        let addr = listener.local_addr().expect("local address");
        let shared = Arc::new(Shared {
            script: Mutex::new(script.into()),
            requests: Mutex::new(Vec::new()),
            problems: Mutex::new(Vec::new()),
            connections: AtomicUsize::new(0),
            stop: AtomicBool::new(false),
            deadline: Instant::now() + SERVER_LIFETIME,
        });
        let state = Arc::clone(&shared);
        let acceptor = std::thread::Builder::new()
            .name("loopback-accept".to_owned())
            .spawn(move || accept_loop(&listener, &state))
            .expect("spawn the accept thread");
        Server {
            addr,
            shared,
            acceptor: Some(acceptor),
        }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// `127.0.0.1:PORT`, the `Host` a client must send.
    pub fn authority(&self) -> String {
        self.addr.to_string()
    }

    /// Every request read so far, oldest first.
    pub fn requests(&self) -> Vec<Recorded> {
        lock(&self.shared.requests).clone()
    }

    /// Waits (at most `limit`) until `count` requests have arrived; returns
    /// what arrived.
    pub fn wait_for_requests(&self, count: usize, limit: Duration) -> Vec<Recorded> {
        let end = Instant::now() + limit;
        while lock(&self.shared.requests).len() < count && Instant::now() < end {
            std::thread::sleep(POLL);
        }
        self.requests()
    }

    /// How many connections were accepted.
    pub fn connections(&self) -> usize {
        self.shared.connections.load(Ordering::SeqCst)
    }

    /// How many scripted replies are left.
    pub fn replies_left(&self) -> usize {
        lock(&self.shared.script).len()
    }

    /// Requests the server could not parse; a test asserts none.
    pub fn problems(&self) -> Vec<String> {
        lock(&self.shared.problems).clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
    }
}

fn accept_loop(listener: &TcpListener, shared: &Arc<Shared>) {
    let mut workers = Vec::new();
    while !shared.stopping() {
        match listener.accept() {
            Ok((stream, _)) => {
                let index = shared.connections.fetch_add(1, Ordering::SeqCst);
                let state = Arc::clone(shared);
                let spawned = std::thread::Builder::new()
                    .name(format!("loopback-conn-{index}"))
                    .spawn(move || serve_connection(stream, &state, index));
                match spawned {
                    Ok(worker) => workers.push(worker),
                    Err(e) => lock(&shared.problems).push(format!("spawn: {e}")),
                }
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock => std::thread::sleep(POLL),
            Err(_) => std::thread::sleep(POLL),
        }
    }
    for worker in workers {
        let _ = worker.join();
    }
}

fn serve_connection(mut stream: TcpStream, shared: &Shared, index: usize) {
    if stream.set_nonblocking(false).is_err() || stream.set_read_timeout(Some(POLL)).is_err() {
        return;
    }
    let mut buffer = Vec::new();
    loop {
        let request = match read_request(&mut stream, &mut buffer, shared, index) {
            Ok(Some(request)) => request,
            Ok(None) => return,
            Err(problem) => {
                lock(&shared.problems).push(problem);
                return;
            }
        };
        // Recorded before answering, so a client that got its answer always
        // finds its request here.
        lock(&shared.requests).push(request);
        let reply = lock(&shared.script)
            .pop_front()
            .unwrap_or_else(|| Reply::json(599, &[], r#"{"message":"script exhausted"}"#));
        match reply {
            Reply::Respond {
                status,
                headers,
                body,
            } => {
                let reason = http::StatusCode::from_u16(status)
                    .ok()
                    .and_then(|s| s.canonical_reason())
                    .unwrap_or("Scripted");
                let mut head = format!(
                    "HTTP/1.1 {status} {reason}\r\nContent-Length: {}\r\n",
                    body.len()
                );
                for (name, value) in &headers {
                    head.push_str(&format!("{name}: {value}\r\n"));
                }
                head.push_str("\r\n");
                let mut bytes = head.into_bytes();
                bytes.extend_from_slice(&body);
                if stream
                    .write_all(&bytes)
                    .and_then(|()| stream.flush())
                    .is_err()
                {
                    return;
                }
            }
            Reply::Hang => {
                wait_for_close(&mut stream, shared);
                return;
            }
            Reply::Close => {
                let _ = stream.shutdown(Shutdown::Both);
                return;
            }
        }
    }
}

/// Reads one request; `Ok(None)` when the client closed the connection
/// between requests or the server is stopping.
fn read_request(
    stream: &mut TcpStream,
    buffer: &mut Vec<u8>,
    shared: &Shared,
    connection: usize,
) -> Result<Option<Recorded>, String> {
    let head_end = loop {
        if let Some(at) = find(buffer, b"\r\n\r\n") {
            break at;
        }
        if buffer.len() > MAX_HEAD {
            return Err("request head too large".to_owned());
        }
        match fill(stream, buffer, shared)? {
            true => {}
            false if buffer.is_empty() => return Ok(None),
            false => return Err("connection closed inside a request head".to_owned()),
        }
    };
    let head = String::from_utf8(buffer[..head_end].to_vec())
        .map_err(|_| "request head is not UTF-8".to_owned())?;
    let mut lines = head.split("\r\n");
    let request_line = lines.next().unwrap_or_default();
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(format!("bad request line {request_line:?}"));
    };
    let mut headers = Vec::new();
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            return Err(format!("bad header line {line:?}"));
        };
        headers.push((name.to_owned(), value.trim().to_owned()));
    }
    let header = |wanted: &str| {
        headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(wanted))
            .map(|(_, v)| v.clone())
    };
    if header("transfer-encoding").is_some() {
        return Err("chunked request bodies are not expected".to_owned());
    }
    let length = match header("content-length") {
        Some(value) => value
            .parse::<usize>()
            .map_err(|_| format!("bad content-length {value:?}"))?,
        None => 0,
    };
    let body_start = head_end + 4;
    while buffer.len() < body_start + length {
        if !fill(stream, buffer, shared)? {
            return Err("connection closed inside a request body".to_owned());
        }
    }
    let body = buffer[body_start..body_start + length].to_vec();
    buffer.drain(..body_start + length);
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    Ok(Some(Recorded {
        method: method.to_owned(),
        target: target.to_owned(),
        path: path.to_owned(),
        query: query.to_owned(),
        version: version.to_owned(),
        headers,
        body,
        connection,
    }))
}

/// Reads more bytes; `Ok(false)` at end of stream or when stopping.
fn fill(stream: &mut TcpStream, buffer: &mut Vec<u8>, shared: &Shared) -> Result<bool, String> {
    let mut chunk = [0u8; 8192];
    loop {
        if shared.stopping() {
            return Ok(false);
        }
        match stream.read(&mut chunk) {
            Ok(0) => return Ok(false),
            Ok(n) => {
                buffer.extend_from_slice(&chunk[..n]);
                return Ok(true);
            }
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            // A reset between requests is the client giving up: not a problem.
            Err(_) => return Ok(false),
        }
    }
}

/// Holds a connection without answering until the client closes it.
fn wait_for_close(stream: &mut TcpStream, shared: &Shared) {
    let mut sink = Vec::new();
    while let Ok(true) = fill(stream, &mut sink, shared) {
        sink.clear();
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

/// A port on 127.0.0.1 where nothing listens (bound, then released).
pub fn refused_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    let port = listener.local_addr().expect("local address").port();
    drop(listener);
    port
}

// ------------------------------------------------------------------- SigV4

/// What a request's signature must have been made with.
#[derive(Debug, Clone, Copy)]
pub struct Signer<'a> {
    pub access_key_id: &'a str,
    pub secret_access_key: &'a str,
    pub session_token: Option<&'a str>,
    pub region: &'a str,
    pub service: &'a str,
}

impl Signer<'static> {
    /// The test's own key pair, no session token, us-east-1, imagebuilder.
    pub fn test_keys() -> Self {
        Signer {
            access_key_id: ACCESS_KEY_ID,
            secret_access_key: SECRET_ACCESS_KEY,
            session_token: None,
            region: REGION,
            service: SERVICE,
        }
    }

    /// The test's key pair with [`SESSION_TOKEN`].
    pub fn test_session() -> Self {
        Signer {
            session_token: Some(SESSION_TOKEN),
            ..Self::test_keys()
        }
    }
}

/// Checks the SigV4 `Authorization` of `request` as the service would
/// ([`verify_signature`]), and that `X-Amz-Date` is now (within 15
/// minutes). Returns the list of signed headers.
pub fn verify_sigv4(request: &Recorded, signer: &Signer<'_>) -> Result<Vec<String>, String> {
    let names = verify_signature(request, signer)?;
    let amz_date = request.header("x-amz-date").ok_or("no X-Amz-Date")?;
    let signed_at = parse_amz_date(amz_date)?;
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_err(|e| e.to_string())?
        .as_secs();
    if now.abs_diff(signed_at) > 15 * 60 {
        return Err(format!("X-Amz-Date {amz_date} is not now"));
    }
    Ok(names)
}

/// Checks the SigV4 `Authorization` of `request`, whatever its date:
/// rebuilds the canonical request from what arrived, derives the signing
/// key from the secret and compares signatures. Also checks the credential
/// scope against `X-Amz-Date`, that `host` and `x-amz-date` are signed and
/// the session token header. Returns the list of signed headers.
pub fn verify_signature(request: &Recorded, signer: &Signer<'_>) -> Result<Vec<String>, String> {
    let authorization = request
        .header("authorization")
        .ok_or("no Authorization header")?;
    let fields = authorization
        .strip_prefix("AWS4-HMAC-SHA256 ")
        .ok_or_else(|| format!("not AWS4-HMAC-SHA256: {authorization}"))?;
    let mut credential = None;
    let mut signed_headers = None;
    let mut signature = None;
    for field in fields.split(',') {
        let (key, value) = field
            .trim()
            .split_once('=')
            .ok_or_else(|| format!("bad Authorization field {field:?}"))?;
        match key {
            "Credential" => credential = Some(value),
            "SignedHeaders" => signed_headers = Some(value),
            "Signature" => signature = Some(value),
            other => return Err(format!("unexpected Authorization field {other}")),
        }
    }
    let credential = credential.ok_or("no Credential")?;
    let signed_headers = signed_headers.ok_or("no SignedHeaders")?;
    let signature = signature.ok_or("no Signature")?;

    let scope: Vec<&str> = credential.split('/').collect();
    let [access_key_id, date, region, service, terminator] = scope[..] else {
        return Err(format!("bad credential {credential:?}"));
    };
    if access_key_id != signer.access_key_id {
        return Err(format!("access key id {access_key_id}"));
    }
    if region != signer.region || service != signer.service || terminator != "aws4_request" {
        return Err(format!("scope {credential}"));
    }

    let amz_date = request.header("x-amz-date").ok_or("no X-Amz-Date")?;
    parse_amz_date(amz_date)?;
    if amz_date[..8] != *date {
        return Err(format!("scope date {date} is not X-Amz-Date {amz_date}"));
    }

    let names: Vec<String> = signed_headers.split(';').map(str::to_owned).collect();
    if names
        .iter()
        .any(|n| n.is_empty() || *n != n.to_ascii_lowercase())
    {
        return Err(format!("signed headers not lowercase: {signed_headers}"));
    }
    if names.windows(2).any(|pair| pair[0] >= pair[1]) {
        return Err(format!("signed headers not sorted: {signed_headers}"));
    }
    for required in ["host", "x-amz-date"] {
        if !names.iter().any(|n| n == required) {
            return Err(format!("{required} is not signed: {signed_headers}"));
        }
    }
    if names.iter().any(|n| n == "authorization") {
        return Err("Authorization signs itself".to_owned());
    }
    match signer.session_token {
        Some(token) => {
            if request.header("x-amz-security-token") != Some(token) {
                return Err("X-Amz-Security-Token missing or wrong".to_owned());
            }
            if !names.iter().any(|n| n == "x-amz-security-token") {
                return Err("X-Amz-Security-Token is not signed".to_owned());
            }
        }
        None => {
            if request.header("x-amz-security-token").is_some() {
                return Err("X-Amz-Security-Token sent without a session token".to_owned());
            }
        }
    }

    let mut canonical_headers = String::new();
    for name in &names {
        let values = request.header_values(name);
        if values.is_empty() {
            return Err(format!("signed header {name} was not received"));
        }
        let values: Vec<String> = values
            .iter()
            .map(|v| v.split_ascii_whitespace().collect::<Vec<_>>().join(" "))
            .collect();
        canonical_headers.push_str(&format!("{name}:{}\n", values.join(",")));
    }
    let payload_hash = hex(&Sha256::digest(&request.body));
    if let Some(declared) = request.header("x-amz-content-sha256") {
        if declared != payload_hash {
            return Err("X-Amz-Content-Sha256 is not the body's hash".to_owned());
        }
    }
    let canonical_request = format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        request.method,
        // Services other than S3 sign the path URI-encoded twice: the path
        // as sent is encoded once already.
        uri_encode(request.path.as_bytes(), true),
        canonical_query(&request.query),
        canonical_headers,
        signed_headers,
        payload_hash
    );
    let scope = format!("{date}/{region}/{service}/aws4_request");
    let string_to_sign = format!(
        "AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{}",
        hex(&Sha256::digest(canonical_request.as_bytes()))
    );
    let mut key = hmac(
        format!("AWS4{}", signer.secret_access_key).as_bytes(),
        date.as_bytes(),
    );
    for part in [region, service, "aws4_request"] {
        key = hmac(&key, part.as_bytes());
    }
    let expected = hex(&hmac(&key, string_to_sign.as_bytes()));
    if expected != signature {
        return Err(format!(
            "signature mismatch: got {signature}, expected {expected}\n\
             canonical request:\n{canonical_request}\nstring to sign:\n{string_to_sign}"
        ));
    }
    Ok(names)
}

fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// RFC 3986 encoding as SigV4 wants it: unreserved characters kept, every
/// other byte `%XX` upper case; `/` kept when `keep_slash`.
fn uri_encode(bytes: &[u8], keep_slash: bool) -> String {
    let mut out = String::new();
    for &b in bytes {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) || (keep_slash && b == b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn percent_decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let decoded = (bytes[i] == b'%')
            .then(|| text.get(i + 1..i + 3))
            .flatten()
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match decoded {
            Some(b) => {
                out.push(b);
                i += 3;
            }
            None => {
                out.push(if bytes[i] == b'+' { b' ' } else { bytes[i] });
                i += 1;
            }
        }
    }
    out
}

fn canonical_query(query: &str) -> String {
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (
                uri_encode(&percent_decode(k), false),
                uri_encode(&percent_decode(v), false),
            )
        })
        .collect();
    pairs.sort();
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// `YYYYMMDDTHHMMSSZ` as seconds since the Unix epoch.
pub fn parse_amz_date(text: &str) -> Result<u64, String> {
    let bad = || format!("bad X-Amz-Date {text:?}");
    let b = text.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return Err(bad());
    }
    let number = |range: std::ops::Range<usize>| -> Result<i64, String> {
        text.get(range)
            .filter(|s| s.bytes().all(|c| c.is_ascii_digit()))
            .and_then(|s| s.parse().ok())
            .ok_or_else(bad)
    };
    let (year, month, day) = (number(0..4)?, number(4..6)?, number(6..8)?);
    let (hour, minute, second) = (number(9..11)?, number(11..13)?, number(13..15)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 {
        return Err(bad());
    }
    // Days from civil (Howard Hinnant's algorithm).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    u64::try_from(days * 86_400 + hour * 3600 + minute * 60 + second).map_err(|_| bad())
}

// ----------------------------------------------------------------- helpers

/// A fresh directory under the system temp dir, removed when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(label: &str) -> TempDir {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::SeqCst);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let dir = std::env::temp_dir().join(format!(
            "smithy-e2e-{label}-{}-{n}-{nanos}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).expect("create a temp dir");
        TempDir(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    /// Writes `contents` to `name` inside the directory; returns its path.
    pub fn write(&self, name: &str, contents: &str) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, contents).expect("write a temp file");
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
