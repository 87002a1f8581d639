//! `Content-MD5` for operations with Smithy's `@httpChecksumRequired`
//! trait, whose services reject a request without a checksum of its body.
//! MD5 is what the trait means by default; it guards against corruption in
//! transit, not tampering (SigV4 covers that).
//!
//! The generated client calls [`content_md5`] last, after compression, so
//! the checksum is that of the bytes sent.

use http::HeaderValue;
use md5::{Digest, Md5};

use crate::error::RequestError;
use crate::transport::HttpRequest;

const CONTENT_MD5: http::HeaderName = http::HeaderName::from_static("content-md5");

/// Sets `Content-MD5` to the base64 of the MD5 digest of the request's
/// body (an empty body has one too), unless the request has the header
/// already: a caller who computed it while reading the data keeps theirs.
///
/// # Errors
///
/// Never in practice: base64 is a valid header value.
pub fn content_md5(request: &mut HttpRequest) -> Result<(), RequestError> {
    if request.headers().contains_key(&CONTENT_MD5) {
        return Ok(());
    }
    let digest = Md5::digest(request.body());
    let value = HeaderValue::try_from(crate::types::base64::encode(digest))
        .map_err(|e| RequestError::new(format!("bad Content-MD5 value: {e}")))?;
    request.headers_mut().insert(CONTENT_MD5, value);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(body: &[u8], headers: &[(&str, &str)]) -> HttpRequest {
        let mut builder = http::Request::builder()
            .method("POST")
            .uri("https://example.com/checked");
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        builder.body(body.to_vec()).unwrap()
    }

    fn md5_header(body: &[u8]) -> String {
        let mut req = request(body, &[]);
        content_md5(&mut req).unwrap();
        req.headers()["content-md5"].to_str().unwrap().to_owned()
    }

    /// RFC 1321's test suite (A.5), digests in base64.
    #[test]
    fn digests_match_rfc_1321() {
        // d41d8cd98f00b204e9800998ecf8427e
        assert_eq!(md5_header(b""), "1B2M2Y8AsgTpgAmY7PhCfg==");
        // 900150983cd24fb0d6963f7d28e17f72
        assert_eq!(md5_header(b"abc"), "kAFQmDzST7DWlj99KOF/cg==");
        // f96b697d7cb7938d525a2f31aaf161d0
        assert_eq!(md5_header(b"message digest"), "+WtpfXy3k41SWi8xqvFh0A==");
    }

    #[test]
    fn a_checksum_already_set_is_kept() {
        let mut req = request(b"abc", &[("Content-MD5", "caller's")]);
        content_md5(&mut req).unwrap();
        let values: Vec<_> = req.headers().get_all("content-md5").iter().collect();
        assert_eq!(values, ["caller's"]);
        assert_eq!(req.body(), b"abc");
    }
}
