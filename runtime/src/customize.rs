//! What some services need on the wire beyond what their model says, and
//! the AWS SDKs add for them: constant headers (Glacier's
//! `x-amz-glacier-version`, API Gateway's `Accept`), a label's default
//! (Glacier's `accountId` of `-`), and Glacier's payload checksums. The
//! generator decides which service and operation gets which (its
//! `ir::customize` table); these are the functions the generated
//! serializers call.

use http::HeaderValue;
use http::header::HeaderName;

use crate::error::RequestError;
use crate::transport::HttpRequest;

/// Glacier's tree hash works on chunks of this size (1 MiB).
const TREE_HASH_CHUNK: usize = 1024 * 1024;

/// Sets each header the request does not have already: a value a member
/// bound to the same header gave wins.
///
/// # Errors
///
/// When a name or value is not a valid header (the generator writes them
/// from its own table, so only a bad table could).
pub fn default_headers(
    request: &mut HttpRequest,
    headers: &[(&'static str, &'static str)],
) -> Result<(), RequestError> {
    for (name, value) in headers {
        let name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|e| RequestError::new(format!("bad header name {name:?}: {e}")))?;
        if !request.headers().contains_key(&name) {
            request
                .headers_mut()
                .insert(name, header_value((*value).to_owned())?);
        }
    }
    Ok(())
}

/// `value`, or `default` when it is empty: Glacier reads `-` in place of
/// an account id as the caller's own account, which is what callers who
/// leave it empty mean.
pub fn non_empty_or<'a>(value: &'a str, default: &'a str) -> &'a str {
    if value.is_empty() { default } else { value }
}

/// Glacier's checksums of an upload's body, each unless the request has
/// it already (the caller may have computed them while reading the data):
/// `x-amz-content-sha256`, the SHA-256 of the whole body (which SigV4 then
/// signs instead of hashing the body again), and `x-amz-sha256-tree-hash`,
/// the [`tree_hash`].
///
/// # Errors
///
/// Never in practice: the values are hexadecimal.
pub fn glacier_checksums(request: &mut HttpRequest) -> Result<(), RequestError> {
    const CONTENT: HeaderName = HeaderName::from_static("x-amz-content-sha256");
    const TREE: HeaderName = HeaderName::from_static("x-amz-sha256-tree-hash");
    if !request.headers().contains_key(&CONTENT) {
        let value = hex(&sha256(request.body()));
        request.headers_mut().insert(CONTENT, header_value(value)?);
    }
    if !request.headers().contains_key(&TREE) {
        let value = hex(&tree_hash(request.body()));
        request.headers_mut().insert(TREE, header_value(value)?);
    }
    Ok(())
}

/// Glacier's SHA-256 tree hash of `data`: the SHA-256 of each 1 MiB chunk
/// (the last may be shorter), then, level by level, the SHA-256 of each
/// pair of adjacent hashes concatenated, a hash without a partner moving up
/// a level as it is, until one is left. Data of at most 1 MiB (nothing
/// included) hashes to its plain SHA-256.
pub fn tree_hash(data: &[u8]) -> [u8; 32] {
    let mut level: Vec<[u8; 32]> = data.chunks(TREE_HASH_CHUNK).map(sha256).collect();
    if level.is_empty() {
        return sha256(b"");
    }
    while level.len() > 1 {
        level = level
            .chunks(2)
            .map(|pair| match pair {
                [left, right] => sha256(&[left.as_slice(), right.as_slice()].concat()),
                [single] => *single,
                _ => sha256(b""),
            })
            .collect();
    }
    level.first().copied().unwrap_or_else(|| sha256(b""))
}

/// The one place this module takes its SHA-256 from.
fn sha256(data: &[u8]) -> [u8; 32] {
    crate::sigv4::sha256_digest(data)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn header_value(value: String) -> Result<HeaderValue, RequestError> {
    HeaderValue::try_from(value).map_err(|e| RequestError::new(format!("bad header value: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(body: &[u8]) -> HttpRequest {
        http::Request::builder()
            .method("POST")
            .uri("https://glacier.us-east-1.amazonaws.com/-/vaults/v/archives")
            .body(body.to_vec())
            .unwrap()
    }

    /// A deterministic byte pattern.
    fn data(len: usize) -> Vec<u8> {
        (0..len).map(|i| (i % 251) as u8).collect()
    }

    #[test]
    fn small_bodies_hash_to_their_sha256() {
        // The SHA-256 of "hello world", which Smithy's GlacierChecksums
        // case expects as both headers.
        let expected = "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9";
        assert_eq!(hex(&tree_hash(b"hello world")), expected);
        // The SHA-256 of nothing.
        assert_eq!(
            hex(&tree_hash(b"")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn large_bodies_hash_as_a_tree_of_1_mib_chunks() {
        // Expected values computed with Python's hashlib following AWS's
        // description of the tree hash ("Computing Checksums" in the Glacier
        // developer guide), over the same byte pattern.
        let cases = [
            (
                1024 * 1024,
                "631b84027d6b9e52b539c4e8373622d23032dfadc64d60af87339c9037e4f769",
            ),
            (
                1024 * 1024 + 1,
                "a9c574ce937d2371daf87cdd0e75396b096d7f74a66c764e4c656bd12b2e7bf9",
            ),
            (
                3 * 1024 * 1024 + 100,
                "ad7db2234d20fb9ac65642464d2564ed1f82b8de76fd0a0e86cfd91792d46444",
            ),
        ];
        for (len, expected) in cases {
            assert_eq!(hex(&tree_hash(&data(len))), expected, "{len} bytes");
        }
        // One whole chunk is its own root; one byte more is a tree.
        assert_eq!(tree_hash(&data(1024 * 1024)), sha256(&data(1024 * 1024)));
        assert_ne!(
            tree_hash(&data(1024 * 1024 + 1)),
            sha256(&data(1024 * 1024 + 1))
        );
    }

    #[test]
    fn checksums_are_added_unless_present() {
        let mut sent = request(b"hello world");
        glacier_checksums(&mut sent).unwrap();
        let hash = "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9";
        assert_eq!(sent.headers()["x-amz-content-sha256"], hash);
        assert_eq!(sent.headers()["x-amz-sha256-tree-hash"], hash);

        let mut own = request(b"hello world");
        own.headers_mut()
            .insert("x-amz-sha256-tree-hash", HeaderValue::from_static("mine"));
        glacier_checksums(&mut own).unwrap();
        assert_eq!(own.headers()["x-amz-sha256-tree-hash"], "mine");
        assert_eq!(own.headers()["x-amz-content-sha256"], hash);
    }

    #[test]
    fn default_headers_do_not_replace_bound_ones() {
        let mut sent = request(b"");
        sent.headers_mut()
            .insert("accept", HeaderValue::from_static("text/plain"));
        default_headers(
            &mut sent,
            &[
                ("accept", "application/json"),
                ("x-amz-glacier-version", "2012-06-01"),
            ],
        )
        .unwrap();
        assert_eq!(sent.headers()["accept"], "text/plain");
        assert_eq!(sent.headers()["x-amz-glacier-version"], "2012-06-01");
        assert!(default_headers(&mut sent, &[("bad name", "x")]).is_err());
    }

    #[test]
    fn empty_labels_take_the_default() {
        assert_eq!(non_empty_or("", "-"), "-");
        assert_eq!(non_empty_or("123456789012", "-"), "123456789012");
    }
}
