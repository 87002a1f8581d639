//! AWS Signature Version 4 request signing (header-based).
//!
//! [`sign`] adds `X-Amz-Date`, `X-Amz-Security-Token` (session credentials),
//! `X-Amz-Content-Sha256` (when [`SigningSettings::content_sha256_header`] is
//! set), `Host` (from the URI authority, when the request has none) and
//! `Authorization` to an [`http::Request`]. It is synchronous, pure and does
//! no I/O: the caller supplies credentials and the time.
//!
//! The steps are the ones AWS documents, each available on its own for tests
//! and debugging through [`compute`], which returns every intermediate value
//! as [`SignatureParts`]:
//!
//! 1. canonical request: method, canonical URI, canonical query string,
//!    canonical headers, signed-header list and the payload hash;
//! 2. [`string_to_sign`]: algorithm, `X-Amz-Date`, credential scope and the
//!    SHA-256 of the canonical request;
//! 3. [`signing_key`]: HMAC chain over date, region, service and
//!    `aws4_request`;
//! 4. [`signature`]: hex HMAC of the string to sign.
//!
//! [`SignableRequest`] lets a caller hand the signer a path that `http::Uri`
//! cannot hold (a raw, unencoded path, as the AWS test suite does); [`sign`]
//! builds one from the request itself.
//!
//! Query-string signing (presigned URLs) is not implemented.
//!
//! SHA-256 and HMAC-SHA-256 come from maintained crates (`ring` with the
//! `https` feature, RustCrypto's `sha2` and `hmac` without it; see the
//! private `digest` module). The secret access key, the session token and
//! the derived signing keys are kept in values that are zeroed when dropped
//! (`zeroize`).

mod canonical;
mod date;
mod digest;
mod key_cache;
mod secret;

use std::borrow::Cow;
use std::fmt;
use std::time::SystemTime;

use http::header::{AUTHORIZATION, HOST, HeaderName, HeaderValue};

pub use date::format_amz_date;
pub use key_cache::SigningKeyCache;
use secret::Secret;

/// The algorithm name that starts the string to sign and `Authorization`.
pub const ALGORITHM: &str = "AWS4-HMAC-SHA256";

const X_AMZ_DATE: HeaderName = HeaderName::from_static("x-amz-date");
const X_AMZ_SECURITY_TOKEN: HeaderName = HeaderName::from_static("x-amz-security-token");
const X_AMZ_CONTENT_SHA256: HeaderName = HeaderName::from_static("x-amz-content-sha256");

const REDACTED: &str = "** redacted **";

/// AWS credentials: an access key pair and, for temporary credentials, a
/// session token; optionally the account they belong to (which endpoint
/// rules may use, e.g. DynamoDB's account-based endpoints).
///
/// `Debug` shows the access key id and the account id only; the secret and
/// the token are redacted. There is deliberately no `Display`. The secret
/// and the token are zeroed in memory when the credentials are dropped.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    secret_access_key: Secret<String>,
    session_token: Option<Secret<String>>,
    account_id: Option<String>,
    expiry: Option<SystemTime>,
}

impl Credentials {
    /// Credentials from all three parts.
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
    ) -> Self {
        Credentials {
            access_key_id: access_key_id.into(),
            secret_access_key: Secret::new(secret_access_key.into()),
            session_token: session_token.map(Secret::new),
            account_id: None,
            expiry: None,
        }
    }

    /// Long-term credentials: an access key pair without a session token.
    pub fn from_keys(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
    ) -> Self {
        Self::new(access_key_id, secret_access_key, None)
    }

    /// The same credentials with `session_token` set.
    #[must_use]
    pub fn with_session_token(mut self, session_token: impl Into<String>) -> Self {
        self.session_token = Some(Secret::new(session_token.into()));
        self
    }

    /// The same credentials with the AWS account id they belong to, which
    /// is the `AWS::Auth::AccountId` endpoint parameter.
    #[must_use]
    pub fn with_account_id(mut self, account_id: impl Into<String>) -> Self {
        self.account_id = Some(account_id.into());
        self
    }

    /// The same credentials, valid until `expiry` (temporary credentials
    /// from STS, IMDS, SSO or a container endpoint).
    #[must_use]
    pub fn with_expiry(mut self, expiry: SystemTime) -> Self {
        self.expiry = Some(expiry);
        self
    }

    /// When they stop being valid; `None` for long-term credentials.
    pub fn expiry(&self) -> Option<SystemTime> {
        self.expiry
    }

    /// The AWS account id the credentials belong to, if known.
    pub fn account_id(&self) -> Option<&str> {
        self.account_id.as_deref()
    }

    /// The access key id (`AKIA...`/`ASIA...`).
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The secret access key.
    pub fn secret_access_key(&self) -> &str {
        self.secret_access_key.as_str()
    }

    /// The session token of temporary credentials.
    pub fn session_token(&self) -> Option<&str> {
        self.session_token.as_ref().map(Secret::as_str)
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &REDACTED)
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| REDACTED),
            )
            .field("account_id", &self.account_id)
            .field("expiry", &self.expiry)
            .finish()
    }
}

/// Per-service variations of the algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SigningSettings {
    /// Normalize the URI path (remove `.`/`..` segments and empty segments)
    /// before encoding it. Default `true`; S3 uses `false`.
    pub uri_path_normalization: bool,
    /// URI-encode the (already percent-encoded) path once more for the
    /// canonical request. Default `true`; S3 uses `false`.
    pub double_uri_encode: bool,
    /// Send the payload hash as `X-Amz-Content-Sha256` (and sign it).
    /// Default `false`; S3 requires it. A request that already carries the
    /// header (for example `UNSIGNED-PAYLOAD`) keeps it, and its value is used
    /// as the payload hash.
    pub content_sha256_header: bool,
    /// Include `X-Amz-Security-Token` in the signed headers. Default `true`;
    /// a few services want the token added after signing.
    pub session_token_in_signature: bool,
}

impl Default for SigningSettings {
    fn default() -> Self {
        SigningSettings {
            uri_path_normalization: true,
            double_uri_encode: true,
            content_sha256_header: false,
            session_token_in_signature: true,
        }
    }
}

impl SigningSettings {
    /// The settings Amazon S3 expects: no path normalization, single URI
    /// encoding and an `X-Amz-Content-Sha256` header.
    pub fn s3() -> Self {
        SigningSettings {
            uri_path_normalization: false,
            double_uri_encode: false,
            content_sha256_header: true,
            session_token_in_signature: true,
        }
    }
}

/// Everything besides the request that goes into a signature.
#[derive(Debug, Clone, Copy)]
pub struct SigningParams<'a> {
    /// The credentials to sign with.
    pub credentials: &'a Credentials,
    /// The signing region, e.g. `us-east-1`.
    pub region: &'a str,
    /// The signing name of the service, e.g. `dynamodb`.
    pub service: &'a str,
    /// The signing time; it becomes `X-Amz-Date`.
    pub time: SystemTime,
    /// Service-specific variations.
    pub settings: SigningSettings,
    /// Where the derived signing key is looked up and kept, if anywhere
    /// (else it is derived for this signature).
    pub key_cache: Option<&'a SigningKeyCache>,
}

impl<'a> SigningParams<'a> {
    /// Parameters with the default [`SigningSettings`].
    pub fn new(
        credentials: &'a Credentials,
        region: &'a str,
        service: &'a str,
        time: SystemTime,
    ) -> Self {
        SigningParams {
            credentials,
            region,
            service,
            time,
            settings: SigningSettings::default(),
            key_cache: None,
        }
    }

    /// The same parameters with `settings`.
    #[must_use]
    pub fn with_settings(mut self, settings: SigningSettings) -> Self {
        self.settings = settings;
        self
    }

    /// The same parameters, taking the signing key from `cache`.
    #[must_use]
    pub fn with_key_cache(mut self, cache: &'a SigningKeyCache) -> Self {
        self.key_cache = Some(cache);
        self
    }
}

/// Why a request could not be signed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SigningError {
    /// The signing time is before 1970 or after 9999.
    InvalidTime,
    /// The request has neither a `Host` header nor a URI authority.
    MissingHost,
    /// A header name is not a valid HTTP token.
    InvalidHeaderName {
        /// The offending name.
        name: String,
    },
    /// A header value is not UTF-8, or a value the signer produces (for
    /// example from a credential) is not a valid header value.
    InvalidHeaderValue {
        /// The name of the header.
        name: String,
    },
}

impl fmt::Display for SigningError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SigningError::InvalidTime => f.write_str("signing time must be between 1970 and 9999"),
            SigningError::MissingHost => {
                f.write_str("request has no Host header and no URI authority")
            }
            SigningError::InvalidHeaderName { name } => {
                write!(f, "invalid header name {name:?}")
            }
            SigningError::InvalidHeaderValue { name } => {
                write!(f, "value of header `{name}` cannot be signed or sent")
            }
        }
    }
}

impl std::error::Error for SigningError {}

/// A view of a request as the signer sees it.
///
/// `path` and `query` are taken exactly as given (see
/// [`SigningSettings::double_uri_encode`] for how the path is encoded);
/// `query` excludes the `?`. Header values are bytes so that values an
/// [`HeaderValue`] cannot hold (such as obsolete folded lines) can be signed.
#[derive(Clone)]
pub struct SignableRequest<'a> {
    method: &'a str,
    path: &'a str,
    query: &'a str,
    headers: Vec<(&'a str, &'a [u8])>,
    body: &'a [u8],
    authority_host: Option<String>,
}

impl<'a> SignableRequest<'a> {
    /// A request with no headers yet.
    pub fn new(method: &'a str, path: &'a str, query: &'a str, body: &'a [u8]) -> Self {
        SignableRequest {
            method,
            path,
            query,
            headers: Vec::new(),
            body,
            authority_host: None,
        }
    }

    /// Adds a header; repeated names are allowed and keep their order.
    #[must_use]
    pub fn header(mut self, name: &'a str, value: &'a [u8]) -> Self {
        self.headers.push((name, value));
        self
    }

    /// Sets the host to sign (and add as `Host`) when the request has no
    /// `Host` header.
    #[must_use]
    pub fn default_host(mut self, host: impl Into<String>) -> Self {
        self.authority_host = Some(host.into());
        self
    }

    /// The view of an [`http::Request`]: its URI's path and query, its
    /// headers and body, and the URI authority as the default host.
    pub fn from_http<B: AsRef<[u8]>>(request: &'a http::Request<B>) -> Self {
        let uri = request.uri();
        SignableRequest {
            method: request.method().as_str(),
            path: uri.path(),
            query: uri.query().unwrap_or_default(),
            headers: request
                .headers()
                .iter()
                .map(|(name, value)| (name.as_str(), value.as_bytes()))
                .collect(),
            body: request.body().as_ref(),
            authority_host: host_from_uri(uri),
        }
    }
}

impl fmt::Debug for SignableRequest<'_> {
    /// Header values are left out: they may carry tokens.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignableRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field(
                "headers",
                &self
                    .headers
                    .iter()
                    .map(|(name, _)| name)
                    .collect::<Vec<_>>(),
            )
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// The host as a client sends it: the URI's host, with the port unless it is
/// the scheme's default.
fn host_from_uri(uri: &http::Uri) -> Option<String> {
    let host = uri.host()?;
    match (uri.scheme_str(), uri.port_u16()) {
        (Some("http"), Some(80)) | (Some("https"), Some(443)) | (_, None) => Some(host.to_owned()),
        (_, Some(port)) => Some(format!("{host}:{port}")),
    }
}

/// Every intermediate value of one signature, and the headers to add.
#[derive(Clone)]
pub struct SignatureParts {
    canonical_request: String,
    string_to_sign: String,
    signing_key: Secret<[u8; 32]>,
    signature: String,
    authorization: String,
    headers: Vec<(HeaderName, String)>,
}

impl SignatureParts {
    /// Step 1: the canonical request.
    pub fn canonical_request(&self) -> &str {
        &self.canonical_request
    }

    /// Step 2: the string to sign.
    pub fn string_to_sign(&self) -> &str {
        &self.string_to_sign
    }

    /// Step 3: the derived signing key (a secret).
    pub fn signing_key(&self) -> &[u8; 32] {
        self.signing_key.expose()
    }

    /// Step 4: the signature, lower-case hex.
    pub fn signature(&self) -> &str {
        &self.signature
    }

    /// The `Authorization` header value.
    pub fn authorization(&self) -> &str {
        &self.authorization
    }

    /// The headers [`sign`] sets on the request, in the order it sets them:
    /// `host` (only if the request had none), `x-amz-date`,
    /// `x-amz-security-token`, `x-amz-content-sha256` (each when applicable)
    /// and `authorization`.
    pub fn headers(&self) -> &[(HeaderName, String)] {
        &self.headers
    }

    /// Sets [`headers`](Self::headers) on `request`, replacing any existing
    /// values. Nothing is changed if a value is not a valid header value.
    pub fn apply_to<B>(&self, request: &mut http::Request<B>) -> Result<(), SigningError> {
        let mut values = Vec::with_capacity(self.headers.len());
        for (name, value) in &self.headers {
            let mut header_value =
                HeaderValue::from_str(value).map_err(|_| SigningError::InvalidHeaderValue {
                    name: name.as_str().to_owned(),
                })?;
            if *name == AUTHORIZATION || *name == X_AMZ_SECURITY_TOKEN {
                header_value.set_sensitive(true);
            }
            values.push((name.clone(), header_value));
        }
        let headers = request.headers_mut();
        for (name, value) in values {
            headers.insert(name, value);
        }
        Ok(())
    }
}

impl fmt::Debug for SignatureParts {
    /// The signing key and the session token (wherever it appears) are
    /// redacted.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let token = self
            .headers
            .iter()
            .find(|(name, value)| *name == X_AMZ_SECURITY_TOKEN && !value.is_empty())
            .map(|(_, value)| value.as_str());
        let canonical_request = match token {
            Some(token) => Cow::Owned(self.canonical_request.replace(token, REDACTED)),
            None => Cow::Borrowed(self.canonical_request.as_str()),
        };
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(name, value)| {
                let shown = if *name == X_AMZ_SECURITY_TOKEN {
                    REDACTED
                } else {
                    value.as_str()
                };
                (name.as_str(), shown)
            })
            .collect();
        f.debug_struct("SignatureParts")
            .field("canonical_request", &canonical_request)
            .field("string_to_sign", &self.string_to_sign)
            .field("signing_key", &REDACTED)
            .field("signature", &self.signature)
            .field("headers", &headers)
            .finish()
    }
}

/// Signs `request` in place: adds `X-Amz-Date`, `X-Amz-Security-Token` (for
/// session credentials), `X-Amz-Content-Sha256` (if configured), `Host` (from
/// the URI authority, if absent) and `Authorization`, replacing any previous
/// values of those headers.
///
/// The canonical URI is derived from the path as it goes on the wire, so with
/// the default [`SigningSettings::double_uri_encode`] a percent-encoded path
/// is encoded once more, as AWS services other than S3 expect.
pub fn sign(
    request: &mut http::Request<Vec<u8>>,
    params: &SigningParams<'_>,
) -> Result<(), SigningError> {
    let parts = compute(&SignableRequest::from_http(request), params)?;
    parts.apply_to(request)
}

/// Computes the signature of `request` and every intermediate value, without
/// changing anything.
pub fn compute(
    request: &SignableRequest<'_>,
    params: &SigningParams<'_>,
) -> Result<SignatureParts, SigningError> {
    let settings = &params.settings;
    let amz_date = format_amz_date(params.time)?;
    let date = amz_date.get(..8).unwrap_or_default();
    let token = params.credentials.session_token();

    // Headers to canonicalize, as (lower-case name, canonical value):
    // borrowed where they already are (an `http` header name is lower-case,
    // most values have no whitespace to fold).
    let mut signed: Vec<(Cow<'_, str>, Cow<'_, str>)> =
        Vec::with_capacity(request.headers.len() + 4);
    let mut has_host = false;
    let mut declared_payload_hash: Option<String> = None;
    for &(name, value) in &request.headers {
        if !canonical::is_valid_header_name(name) {
            return Err(SigningError::InvalidHeaderName {
                name: name.to_owned(),
            });
        }
        let name: Cow<'_, str> = if name.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(name.to_ascii_lowercase())
        } else {
            Cow::Borrowed(name)
        };
        // The signer owns these: any existing value is replaced.
        let replaced = name == X_AMZ_DATE.as_str()
            || (name == X_AMZ_SECURITY_TOKEN.as_str() && token.is_some());
        if replaced || canonical::is_unsigned_header(&name) {
            continue;
        }
        let value = canonical::canonical_header_value(&name, value)?;
        if name == HOST.as_str() {
            has_host = true;
        }
        if name == X_AMZ_CONTENT_SHA256.as_str() && declared_payload_hash.is_none() {
            declared_payload_hash = Some(value.clone().into_owned());
        }
        signed.push((name, value));
    }

    let mut added: Vec<(HeaderName, String)> = Vec::with_capacity(5);
    if !has_host {
        let host = request
            .authority_host
            .as_deref()
            .ok_or(SigningError::MissingHost)?;
        let canonical = canonical::canonical_header_value(HOST.as_str(), host.as_bytes())?;
        signed.push((Cow::Borrowed("host"), canonical));
        added.push((HOST, host.to_owned()));
    }
    signed.push((Cow::Borrowed("x-amz-date"), Cow::Borrowed(&amz_date)));
    added.push((X_AMZ_DATE, amz_date.clone()));
    if let Some(token) = token {
        if settings.session_token_in_signature {
            let canonical =
                canonical::canonical_header_value(X_AMZ_SECURITY_TOKEN.as_str(), token.as_bytes())?;
            signed.push((Cow::Borrowed("x-amz-security-token"), canonical));
        }
        added.push((X_AMZ_SECURITY_TOKEN, token.to_owned()));
    }
    let payload_hash = match declared_payload_hash {
        Some(hash) => hash,
        None => {
            let hash = sha256_hex(request.body);
            if settings.content_sha256_header {
                signed.push((
                    Cow::Borrowed("x-amz-content-sha256"),
                    Cow::Owned(hash.clone()),
                ));
                added.push((X_AMZ_CONTENT_SHA256, hash.clone()));
            }
            hash
        }
    };

    let (canonical_headers, signed_headers) = canonical::canonical_headers(signed);
    let path = canonical::canonical_path(
        request.path,
        settings.uri_path_normalization,
        settings.double_uri_encode,
    );
    let query = canonical::canonical_query(request.query);
    // Joined into strings sized once (`format!` grows them step by step).
    let canonical_request = concat(&[
        request.method,
        "\n",
        &path,
        "\n",
        &query,
        "\n",
        &canonical_headers,
        "\n",
        &signed_headers,
        "\n",
        &payload_hash,
    ]);
    let scope = concat(&[
        date,
        "/",
        params.region,
        "/",
        params.service,
        "/aws4_request",
    ]);
    let string_to_sign = string_to_sign(&amz_date, &scope, &canonical_request);
    let secret = params.credentials.secret_access_key();
    let key = match params.key_cache {
        Some(cache) => cache.secret_key(secret, date, params.region, params.service),
        None => derive_signing_key(secret, date, params.region, params.service),
    };
    let signature = signature(key.expose(), &string_to_sign);
    let authorization = concat(&[
        ALGORITHM,
        " Credential=",
        params.credentials.access_key_id(),
        "/",
        &scope,
        ", SignedHeaders=",
        &signed_headers,
        ", Signature=",
        &signature,
    ]);
    added.push((AUTHORIZATION, authorization.clone()));

    Ok(SignatureParts {
        canonical_request,
        string_to_sign,
        signing_key: key,
        signature,
        authorization,
        headers: added,
    })
}

/// Step 2: the string to sign for `canonical_request`, given `X-Amz-Date`
/// (`YYYYMMDDTHHMMSSZ`) and the credential scope
/// (`YYYYMMDD/region/service/aws4_request`).
pub fn string_to_sign(amz_date: &str, scope: &str, canonical_request: &str) -> String {
    let hash = sha256_hex(canonical_request.as_bytes());
    concat(&[ALGORITHM, "\n", amz_date, "\n", scope, "\n", &hash])
}

/// `parts` joined, in a string allocated once.
fn concat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|part| part.len()).sum());
    for part in parts {
        out.push_str(part);
    }
    out
}

/// Step 3: the signing key for a day (`YYYYMMDD`), region and service.
///
/// The key is a secret: [`compute`] and [`SigningKeyCache`] keep it in
/// memory that is zeroed when dropped; a caller of this function holds a
/// copy of its own.
pub fn signing_key(secret_access_key: &str, date: &str, region: &str, service: &str) -> [u8; 32] {
    *derive_signing_key(secret_access_key, date, region, service).expose()
}

/// [`signing_key`], with the key and every intermediate one (and the
/// `AWS4` + secret buffer) in memory that is zeroed when dropped.
fn derive_signing_key(
    secret_access_key: &str,
    date: &str,
    region: &str,
    service: &str,
) -> Secret<[u8; 32]> {
    // Sized up front, so that no reallocation leaves a copy behind.
    let mut buffer = Vec::with_capacity(4 + secret_access_key.len());
    buffer.extend_from_slice(b"AWS4");
    buffer.extend_from_slice(secret_access_key.as_bytes());
    let secret = Secret::new(buffer);
    let k_date = Secret::new(digest::hmac_sha256(secret.expose(), date.as_bytes()));
    let k_region = Secret::new(digest::hmac_sha256(k_date.expose(), region.as_bytes()));
    let k_service = Secret::new(digest::hmac_sha256(k_region.expose(), service.as_bytes()));
    Secret::new(digest::hmac_sha256(k_service.expose(), b"aws4_request"))
}

/// Step 4: the signature of `string_to_sign`, lower-case hex.
pub fn signature(signing_key: &[u8; 32], string_to_sign: &str) -> String {
    digest::hex(&digest::hmac_sha256(signing_key, string_to_sign.as_bytes()))
}

/// The SHA-256 of `data`, lower-case hex (the payload hash).
pub fn sha256_hex(data: &[u8]) -> String {
    digest::hex(&digest::sha256(data))
}

/// The SHA-256 of `data`, for the rest of the runtime (Glacier's tree
/// hash).
pub(crate) fn sha256_digest(data: &[u8]) -> [u8; 32] {
    digest::sha256(data)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    fn creds() -> Credentials {
        Credentials::from_keys("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    }

    fn time() -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(1_440_938_160) // 2015-08-30T12:36:00Z
    }

    #[test]
    fn debug_redacts_secrets() {
        let c = creds().with_session_token("TOKEN-VALUE");
        let shown = format!("{c:?}");
        assert!(shown.contains("AKIDEXAMPLE"));
        assert!(shown.contains(r#"secret_access_key: "** redacted **""#));
        assert!(shown.contains(r#"session_token: Some("** redacted **")"#));
        assert!(!shown.contains("wJalr"));
        assert!(!shown.contains("TOKEN-VALUE"));
        assert!(format!("{:?}", creds()).contains("session_token: None"));

        let c = creds().with_session_token("TOKEN-VALUE");
        let params = SigningParams::new(&c, "us-east-1", "service", time());
        assert!(!format!("{params:?}").contains("wJalr"));
        let req = SignableRequest::new("GET", "/", "", b"").default_host("example.com");
        let parts = compute(&req, &params).unwrap();
        let shown = format!("{parts:?}");
        assert!(!shown.contains("TOKEN-VALUE"), "{shown}");
        assert!(shown.contains("x-amz-security-token:** redacted **"));
        assert!(shown.contains("signing_key: \"** redacted **\""));
    }

    /// The secret and the token live only in values that zero their
    /// memory when dropped (`Secret`, whose test checks that its `Drop`
    /// zeroizes), and so do the signing keys that `compute` and the cache
    /// hold. The patterns name every field: a new one must be sorted here.
    #[test]
    fn secrets_are_held_only_in_zeroizing_values() {
        fn zeroized_on_drop<T: zeroize::ZeroizeOnDrop>(_: &T) {}
        let c = creds().with_session_token("TOKEN-VALUE");
        let Credentials {
            access_key_id: _,
            secret_access_key,
            session_token,
            account_id: _,
            expiry: _,
        } = &c;
        zeroized_on_drop(secret_access_key);
        zeroized_on_drop(session_token);
        assert_eq!(
            c.secret_access_key(),
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
        );
        assert_eq!(c.session_token(), Some("TOKEN-VALUE"));

        let params = SigningParams::new(&c, "us-east-1", "service", time());
        let req = SignableRequest::new("GET", "/", "", b"").default_host("h");
        let SignatureParts { signing_key, .. } = &compute(&req, &params).unwrap();
        zeroized_on_drop(signing_key);
        zeroized_on_drop(&derive_signing_key(
            "secret",
            "20150830",
            "us-east-1",
            "service",
        ));
        zeroized_on_drop(&SigningKeyCache::new().secret_key(
            "secret",
            "20150830",
            "us-east-1",
            "service",
        ));
    }

    #[test]
    fn signs_get_vanilla() {
        let c = creds();
        let params = SigningParams::new(&c, "us-east-1", "service", time());
        let mut req = http::Request::builder()
            .uri("https://example.amazonaws.com/")
            .body(Vec::new())
            .unwrap();
        sign(&mut req, &params).unwrap();
        let h = req.headers();
        assert_eq!(h["host"], "example.amazonaws.com");
        assert_eq!(h["x-amz-date"], "20150830T123600Z");
        assert_eq!(
            h["authorization"],
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
             SignedHeaders=host;x-amz-date, \
             Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
        );
        assert!(h["authorization"].is_sensitive());
        assert!(h.get("x-amz-content-sha256").is_none());
    }

    #[test]
    fn host_port_and_missing_host() {
        let uri = |s: &str| s.parse::<http::Uri>().unwrap();
        assert_eq!(host_from_uri(&uri("https://h:443/")).unwrap(), "h");
        assert_eq!(host_from_uri(&uri("http://h:80/")).unwrap(), "h");
        assert_eq!(host_from_uri(&uri("https://h:8443/")).unwrap(), "h:8443");
        assert_eq!(host_from_uri(&uri("http://h:443/")).unwrap(), "h:443");
        assert_eq!(host_from_uri(&uri("/only/path")), None);

        let c = creds();
        let params = SigningParams::new(&c, "us-east-1", "service", time());
        let mut req = http::Request::builder()
            .uri("/only/path")
            .body(Vec::new())
            .unwrap();
        assert_eq!(sign(&mut req, &params), Err(SigningError::MissingHost));
        assert!(req.headers().is_empty());
    }

    #[test]
    fn content_sha256_and_session_token() {
        let c = creds().with_session_token("tok");
        let settings = SigningSettings {
            content_sha256_header: true,
            ..SigningSettings::default()
        };
        let params = SigningParams::new(&c, "us-east-1", "service", time()).with_settings(settings);
        let mut req = http::Request::builder()
            .method("PUT")
            .uri("https://example.amazonaws.com/k")
            .header("x-amz-security-token", "stale")
            .header("user-agent", "test")
            .body(b"hello".to_vec())
            .unwrap();
        sign(&mut req, &params).unwrap();
        let h = req.headers();
        let hello = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
        assert_eq!(h["x-amz-content-sha256"], hello);
        assert_eq!(h.get_all("x-amz-security-token").iter().count(), 1);
        assert_eq!(h["x-amz-security-token"], "tok");
        let auth = h["authorization"].to_str().unwrap();
        assert!(
            auth.contains(
                "SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,"
            )
        );

        // Without the token in the signature, it is still sent.
        let params = params.with_settings(SigningSettings {
            session_token_in_signature: false,
            ..settings
        });
        let req = SignableRequest::new("GET", "/", "", b"").default_host("h");
        let parts = compute(&req, &params).unwrap();
        assert!(
            parts
                .authorization()
                .contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date,")
        );
        assert!(
            parts
                .headers()
                .iter()
                .any(|(n, v)| n.as_str() == "x-amz-security-token" && v == "tok")
        );
    }

    #[test]
    fn declared_payload_hash_is_used() {
        let c = creds();
        let params =
            SigningParams::new(&c, "us-east-1", "s3", time()).with_settings(SigningSettings::s3());
        let req = SignableRequest::new("PUT", "/bucket/key", "", b"body")
            .header("Host", b"example.com")
            .header("X-Amz-Content-Sha256", b"UNSIGNED-PAYLOAD");
        let parts = compute(&req, &params).unwrap();
        assert!(parts.canonical_request().ends_with("\nUNSIGNED-PAYLOAD"));
        let added: Vec<&str> = parts.headers().iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(added, ["x-amz-date", "authorization"]);
    }

    #[test]
    fn bad_input_is_an_error() {
        let c = creds();
        let params = SigningParams::new(&c, "us-east-1", "service", time());
        let req = SignableRequest::new("GET", "/", "", b"")
            .header("host", b"h")
            .header("x-bin", b"\xff\xfe");
        assert_eq!(
            compute(&req, &params).err(),
            Some(SigningError::InvalidHeaderValue {
                name: "x-bin".into()
            })
        );
        let req = SignableRequest::new("GET", "/", "", b"").header("bad name", b"v");
        assert!(matches!(
            compute(&req, &params),
            Err(SigningError::InvalidHeaderName { .. })
        ));
        let early = SigningParams::new(
            &c,
            "us-east-1",
            "service",
            UNIX_EPOCH - Duration::from_secs(1),
        );
        let req = SignableRequest::new("GET", "/", "", b"").header("host", b"h");
        assert_eq!(compute(&req, &early).err(), Some(SigningError::InvalidTime));

        // A session token that cannot be a header value: an error, and the
        // request is left unchanged.
        for token in ["line\nbreak", "nul\u{0}byte"] {
            let c = creds().with_session_token(token);
            let params = SigningParams::new(&c, "us-east-1", "service", time());
            let mut req = http::Request::builder()
                .uri("https://example.com/")
                .body(Vec::new())
                .unwrap();
            assert_eq!(
                sign(&mut req, &params),
                Err(SigningError::InvalidHeaderValue {
                    name: "x-amz-security-token".into()
                })
            );
            assert!(req.headers().is_empty());
        }
    }

    #[test]
    fn step_functions_match_compute() {
        let c = creds();
        let params = SigningParams::new(&c, "us-east-1", "service", time());
        let req =
            SignableRequest::new("GET", "/", "", b"").header("Host", b"example.amazonaws.com");
        let parts = compute(&req, &params).unwrap();
        let key = signing_key(c.secret_access_key(), "20150830", "us-east-1", "service");
        assert_eq!(parts.signing_key(), &key);
        let sts = string_to_sign(
            "20150830T123600Z",
            "20150830/us-east-1/service/aws4_request",
            parts.canonical_request(),
        );
        assert_eq!(parts.string_to_sign(), sts);
        assert_eq!(parts.signature(), signature(&key, &sts));
    }
}
