//! SHA-256 and HMAC-SHA-256, the two primitives SigV4 (and Glacier's tree
//! hash) needs, from maintained crates; this module is the only place that
//! knows which:
//!
//! - with the `https` feature, `ring` (`ring::digest`, `ring::hmac`), which
//!   rustls's crypto provider already builds: no extra crate;
//! - without it, RustCrypto's `sha2` 0.10 and `hmac` 0.12 (on x86 and
//!   x86-64 `sha2` uses the SHA extensions when the CPU has them, detected
//!   at run time, and portable code otherwise; elsewhere portable code).
//!
//! Cargo cannot make a dependency depend on a feature being *off*, so `sha2`
//! and `hmac` are built in both configurations; with `https` the tests below
//! use them to check `ring` against an independent implementation. The
//! build figures are in the runtime's `Cargo.toml`.
//!
//! Neither backend zeroizes its internal HMAC state (`ring` keeps the
//! padded key's digest state in `hmac::Key`, `hmac` 0.12 has no `zeroize`
//! support); [`hmac_sha256`] drops it before returning, and callers zeroize
//! the keys and outputs they hold (in `sigv4::secret::Secret`).

/// The SHA-256 of `data`.
pub(crate) fn sha256(data: &[u8]) -> [u8; 32] {
    backend::sha256(data)
}

/// The HMAC-SHA-256 (RFC 2104) of `message` under `key`.
pub(crate) fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    backend::hmac_sha256(key, message)
}

/// Lower-case hexadecimal of `bytes`.
pub(crate) fn hex(bytes: &[u8]) -> String {
    // Bytes, not `char::from_digit` pushed one by one: two hashes of a
    // call are written out, and this is a fraction of the cost.
    fn digit(nibble: u8) -> u8 {
        if nibble < 10 {
            b'0' + nibble
        } else {
            b'a' + nibble - 10
        }
    }
    let digits: Vec<u8> = bytes
        .iter()
        .flat_map(|&b| [digit(b >> 4), digit(b & 0x0f)])
        .collect();
    // Only ASCII digits and letters went in.
    String::from_utf8(digits).unwrap_or_default()
}

#[cfg(feature = "https-transport")]
use ring_backend as backend;
#[cfg(not(feature = "https-transport"))]
use rust_crypto as backend;

#[cfg(feature = "https-transport")]
mod ring_backend {
    use ring::{digest, hmac};

    pub(super) fn sha256(data: &[u8]) -> [u8; 32] {
        to_array(digest::digest(&digest::SHA256, data).as_ref())
    }

    pub(super) fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
        let key = hmac::Key::new(hmac::HMAC_SHA256, key);
        to_array(hmac::sign(&key, message).as_ref())
    }

    /// The 32 bytes of a SHA-256 digest or tag.
    fn to_array(bytes: &[u8]) -> [u8; 32] {
        let mut out = [0u8; 32];
        for (dst, src) in out.iter_mut().zip(bytes) {
            *dst = *src;
        }
        out
    }
}

/// Built without `https` to sign, and with it for the tests that check
/// `ring` against it.
#[cfg(any(test, not(feature = "https-transport")))]
mod rust_crypto {
    use hmac::{Hmac, Mac};
    use sha2::{Digest, Sha256};

    pub(super) fn sha256(data: &[u8]) -> [u8; 32] {
        Sha256::digest(data).into()
    }

    pub(super) fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
        match Hmac::<Sha256>::new_from_slice(key) {
            Ok(mac) => mac.chain_update(message).finalize().into_bytes().into(),
            // HMAC takes keys of any length: `hmac` hashes long ones and
            // pads short ones, and never returns this error.
            Err(_) => unreachable!("HMAC accepts keys of any length"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sha_hex(data: &[u8]) -> String {
        hex(&sha256(data))
    }

    fn unhex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    /// FIPS 180-2 / NIST CSRC "SHA256.pdf" example vectors.
    #[test]
    fn nist_vectors() {
        assert_eq!(
            sha_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            sha_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            sha_hex(b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        );
        assert_eq!(
            sha_hex(
                b"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"
            ),
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
        );
    }

    #[test]
    fn nist_one_million_a() {
        assert_eq!(
            sha_hex(&vec![b'a'; 1_000_000]),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        );
    }

    /// Lengths around the padding boundaries (55/56/63/64/65 bytes), checked
    /// against digests produced by an independent implementation.
    #[test]
    fn padding_boundaries() {
        let cases = [
            (
                55,
                "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318",
            ),
            (
                56,
                "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a",
            ),
            (
                63,
                "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34",
            ),
            (
                64,
                "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb",
            ),
            (
                65,
                "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0",
            ),
        ];
        for (len, want) in cases {
            assert_eq!(sha_hex(&vec![b'a'; len]), want, "length {len}");
        }
    }

    /// RFC 4231 section 4: test cases 1 to 7.
    #[test]
    fn rfc4231_vectors() {
        let cases: [(Vec<u8>, Vec<u8>, &str); 7] = [
            (
                vec![0x0b; 20],
                b"Hi There".to_vec(),
                "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
            ),
            (
                b"Jefe".to_vec(),
                b"what do ya want for nothing?".to_vec(),
                "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
            ),
            (
                vec![0xaa; 20],
                vec![0xdd; 50],
                "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
            ),
            (
                unhex("0102030405060708090a0b0c0d0e0f10111213141516171819"),
                vec![0xcd; 50],
                "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
            ),
            (
                vec![0x0c; 20],
                b"Test With Truncation".to_vec(),
                // RFC 4231 lists only the first 128 bits for this case.
                "a3b6167473100ee06e0c796c2955552b",
            ),
            (
                vec![0xaa; 131],
                b"Test Using Larger Than Block-Size Key - Hash Key First".to_vec(),
                "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
            ),
            (
                vec![0xaa; 131],
                b"This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.".to_vec(),
                "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
            ),
        ];
        for (n, (key, data, want)) in cases.iter().enumerate() {
            let got = hex(&hmac_sha256(key, data));
            assert!(got.starts_with(want), "RFC 4231 case {}: {got}", n + 1);
        }
    }

    /// Keys of exactly one block (64 bytes) are used as they are, longer
    /// ones are hashed first (RFC 2104), checked against the definition.
    #[test]
    fn hmac_keys_around_one_block() {
        for len in [63, 64, 65] {
            let key = vec![0x42u8; len];
            let block_key = if len > 64 {
                sha256(&key).to_vec()
            } else {
                key.clone()
            };
            let mut padded = [0u8; 64];
            for (p, k) in padded.iter_mut().zip(&block_key) {
                *p = *k;
            }
            let inner = sha256(&[padded.map(|k| k ^ 0x36).as_slice(), b"msg"].concat());
            let outer = sha256(&[padded.map(|k| k ^ 0x5c).as_slice(), &inner].concat());
            assert_eq!(hmac_sha256(&key, b"msg"), outer, "key of {len} bytes");
        }
    }

    /// With `https`, `ring` gives what RustCrypto gives, for every length
    /// up to a few blocks, of message and of key.
    #[cfg(feature = "https-transport")]
    #[test]
    fn ring_matches_rust_crypto() {
        let data: Vec<u8> = (0..300u32).map(|i| (i * 7 + 3) as u8).collect();
        for len in 0..data.len() {
            let part = &data[..len];
            assert_eq!(sha256(part), rust_crypto::sha256(part), "length {len}");
            assert_eq!(
                hmac_sha256(part, &data),
                rust_crypto::hmac_sha256(part, &data),
                "key of {len} bytes"
            );
            assert_eq!(
                hmac_sha256(b"key", part),
                rust_crypto::hmac_sha256(b"key", part),
                "message of {len} bytes"
            );
        }
    }

    #[test]
    fn hex_encoding() {
        assert_eq!(hex(&[0x00, 0x0f, 0xa5, 0xff]), "000fa5ff");
        assert_eq!(hex(&[]), "");
        let every: Vec<u8> = (0..=255).collect();
        let want: String = every.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex(&every), want);
    }
}
