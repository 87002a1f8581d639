//! Request compression for operations with Smithy's `@requestCompression`
//! trait, as the AWS SDKs do it (AWS SDKs and Tools Reference Guide,
//! "Request compression"): the body is gzipped when it has at least
//! [`Config::request_min_compression_size_bytes`] bytes, unless
//! [`Config::disable_request_compression`]; `gzip` is the only encoding
//! Smithy defines, so it is the only one here.
//!
//! The generated client calls [`compress_request`] on the serialized
//! request, before anything that reads the body to sign or checksum it.

use std::io::Write;

use flate2::Compression;
use flate2::write::GzEncoder;
use http::HeaderValue;
use http::header::{CONTENT_ENCODING, CONTENT_LENGTH};

use crate::config::Config;
use crate::error::RequestError;
use crate::transport::HttpRequest;

/// The smallest body compressed unless configured otherwise: 10 KiB, the
/// SDKs' default (smaller bodies gain little, and may grow).
pub const DEFAULT_MIN_COMPRESSION_SIZE_BYTES: u32 = 10_240;

/// The largest minimum size the SDKs accept: 10 MiB.
pub const MAX_MIN_COMPRESSION_SIZE_BYTES: u32 = 10_485_760;

/// The encoding name this module applies.
const GZIP: &str = "gzip";

/// Gzips the body of `request`, unless compression is disabled in `config`,
/// the body is empty or it is smaller than the configured minimum. The
/// encoding is appended to a `Content-Encoding` the request has already
/// (one a member set, e.g. `custom` becomes `custom, gzip`: the service
/// undoes the last encoding first), else set; a `Content-Length` already
/// there is updated to the compressed length.
///
/// # Errors
///
/// When the configured minimum is over [`MAX_MIN_COMPRESSION_SIZE_BYTES`]
/// (nothing is sent), or a `Content-Encoding` already set is not a valid
/// header value to extend.
pub fn compress_request(config: &Config, request: &mut HttpRequest) -> Result<(), RequestError> {
    if config.disable_request_compression() {
        return Ok(());
    }
    let min = config.request_min_compression_size_bytes();
    if min > MAX_MIN_COMPRESSION_SIZE_BYTES {
        return Err(RequestError::new(format!(
            "invalid request_min_compression_size_bytes {min}: expected an integer from 0 to \
             {MAX_MIN_COMPRESSION_SIZE_BYTES}"
        )));
    }
    let body = request.body();
    // A request without a body has nothing to compress, whatever the
    // minimum; labelling it gzip would make the service expect a stream.
    if body.is_empty() || (body.len() as u64) < u64::from(min) {
        return Ok(());
    }
    let compressed = gzip(body)?;
    let encoding = content_encoding(request)?;
    let length = compressed.len();
    *request.body_mut() = compressed;
    let headers = request.headers_mut();
    headers.insert(CONTENT_ENCODING, encoding);
    if headers.contains_key(CONTENT_LENGTH) {
        headers.insert(CONTENT_LENGTH, length.into());
    }
    Ok(())
}

/// `data` gzipped at flate2's default level (6, the SDKs' choice too).
fn gzip(data: &[u8]) -> Result<Vec<u8>, RequestError> {
    let mut encoder = GzEncoder::new(Vec::with_capacity(data.len() / 2), Compression::default());
    encoder
        .write_all(data)
        .and_then(|()| encoder.finish())
        .map_err(|e| RequestError::new(format!("cannot gzip the request body: {e}")))
}

/// The `Content-Encoding` to send: the request's own encodings (all its
/// `Content-Encoding` values, in order) followed by `gzip`.
fn content_encoding(request: &HttpRequest) -> Result<HeaderValue, RequestError> {
    let mut value = Vec::new();
    for existing in request.headers().get_all(CONTENT_ENCODING) {
        let existing = existing.as_bytes().trim_ascii();
        if !existing.is_empty() {
            value.extend_from_slice(existing);
            value.extend_from_slice(b", ");
        }
    }
    value.extend_from_slice(GZIP.as_bytes());
    HeaderValue::from_bytes(&value)
        .map_err(|e| RequestError::new(format!("bad Content-Encoding header: {e}")))
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    fn request(body: &[u8], headers: &[(&str, &str)]) -> HttpRequest {
        let mut builder = http::Request::builder()
            .method("POST")
            .uri("https://example.com/compressed");
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        builder.body(body.to_vec()).unwrap()
    }

    fn gunzip(data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(data)
            .read_to_end(&mut out)
            .expect("a gzip stream");
        out
    }

    fn encodings(request: &HttpRequest) -> Vec<&str> {
        request
            .headers()
            .get_all(CONTENT_ENCODING)
            .iter()
            .map(|v| v.to_str().unwrap())
            .collect()
    }

    /// Text that compresses well, `len` bytes long.
    fn text(len: usize) -> Vec<u8> {
        b"{\"data\":\"abcdefgh\"}"
            .iter()
            .copied()
            .cycle()
            .take(len)
            .collect()
    }

    #[test]
    fn a_body_at_the_default_minimum_is_gzipped() {
        let body = text(10_240);
        let mut req = request(&body, &[]);
        compress_request(&Config::new(), &mut req).unwrap();
        assert_eq!(encodings(&req), ["gzip"]);
        assert!(req.body().len() < body.len());
        assert_eq!(&req.body()[..2], [0x1f, 0x8b], "the gzip magic number");
        assert_eq!(gunzip(req.body()), body);
    }

    #[test]
    fn a_body_below_the_minimum_is_left_alone() {
        let body = text(10_239);
        let mut req = request(&body, &[("content-encoding", "custom")]);
        compress_request(&Config::new(), &mut req).unwrap();
        assert_eq!(req.body(), &body);
        assert_eq!(encodings(&req), ["custom"]);
    }

    #[test]
    fn the_minimum_is_inclusive_and_configurable() {
        let config = Config::new().with_request_min_compression_size_bytes(5);
        let mut short = request(b"1234", &[]);
        compress_request(&config, &mut short).unwrap();
        assert_eq!(short.body(), b"1234");
        assert!(encodings(&short).is_empty());
        let mut exact = request(b"12345", &[]);
        compress_request(&config, &mut exact).unwrap();
        assert_eq!(gunzip(exact.body()), b"12345");
        assert_eq!(encodings(&exact), ["gzip"]);
    }

    #[test]
    fn a_minimum_of_zero_compresses_every_body_but_an_empty_one() {
        let config = Config::new().with_request_min_compression_size_bytes(0);
        let mut one = request(b"x", &[]);
        compress_request(&config, &mut one).unwrap();
        assert_eq!(gunzip(one.body()), b"x");
        let mut empty = request(b"", &[]);
        compress_request(&config, &mut empty).unwrap();
        assert!(empty.body().is_empty());
        assert!(encodings(&empty).is_empty());
    }

    #[test]
    fn gzip_is_appended_to_the_callers_encoding() {
        let body = text(20_000);
        let mut req = request(&body, &[("content-encoding", "custom")]);
        compress_request(&Config::new(), &mut req).unwrap();
        assert_eq!(encodings(&req), ["custom, gzip"]);
        assert_eq!(gunzip(req.body()), body);

        let mut two = request(
            &body,
            &[("content-encoding", "br"), ("content-encoding", "custom")],
        );
        compress_request(&Config::new(), &mut two).unwrap();
        assert_eq!(encodings(&two), ["br, custom, gzip"]);
    }

    #[test]
    fn disabled_compression_sends_the_body_as_it_is() {
        let body = text(50_000);
        let config = Config::new()
            .with_disable_request_compression(true)
            .with_request_min_compression_size_bytes(0);
        let mut req = request(&body, &[]);
        compress_request(&config, &mut req).unwrap();
        assert_eq!(req.body(), &body);
        assert!(encodings(&req).is_empty());
    }

    #[test]
    fn a_content_length_already_set_is_updated() {
        let body = text(20_000);
        let mut req = request(&body, &[("content-length", "20000")]);
        compress_request(&Config::new(), &mut req).unwrap();
        assert_eq!(
            req.headers()[CONTENT_LENGTH],
            req.body().len().to_string().as_str()
        );
        assert_ne!(req.body().len(), 20_000);
    }

    #[test]
    fn an_out_of_range_minimum_fails_the_call() {
        let config = Config::new().with_request_min_compression_size_bytes(10_485_761);
        let mut req = request(b"{}", &[]);
        let err = compress_request(&config, &mut req).unwrap_err();
        assert!(
            err.to_string()
                .contains("request_min_compression_size_bytes"),
            "{err}"
        );
        assert_eq!(req.body(), b"{}");
        let at_max = Config::new().with_request_min_compression_size_bytes(10_485_760);
        compress_request(&at_max, &mut req).unwrap();
        assert_eq!(req.body(), b"{}");
    }

    #[test]
    fn settings_reach_the_config() {
        use crate::env::Env;
        use crate::invoke::ServiceInfo;
        use crate::profile::ProfileSet;
        use crate::settings::Settings;
        static SERVICE: ServiceInfo = ServiceInfo::new("svc", "svc", "SVC", None);
        let env = Env::from_map([
            ("AWS_DISABLE_REQUEST_COMPRESSION", "true"),
            ("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES", "64"),
        ]);
        let settings = Settings::from_parts(env, ProfileSet::parse("", "", "default"));
        let config = Config::from_settings(&SERVICE, &settings).unwrap();
        assert!(config.disable_request_compression());
        assert_eq!(config.request_min_compression_size_bytes(), 64);
        let defaults = Config::from_settings(
            &SERVICE,
            &Settings::from_parts(
                Env::from_map(Vec::<(String, String)>::new()),
                ProfileSet::parse("", "", "default"),
            ),
        )
        .unwrap();
        assert!(!defaults.disable_request_compression());
        assert_eq!(
            defaults.request_min_compression_size_bytes(),
            DEFAULT_MIN_COMPRESSION_SIZE_BYTES
        );
        let bad = Settings::from_parts(
            Env::from_map([("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES", "10485761")]),
            ProfileSet::parse("", "", "default"),
        );
        let err = Config::from_settings(&SERVICE, &bad).unwrap_err();
        assert_eq!(err.setting(), "AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES");
    }
}
