//! The TLS algorithms the transport offers: rustls's `ring` provider cut to
//! what AWS endpoints (and any TLS 1.2+ server) negotiate, so the rest of
//! ring's code is left out of the binary.
//!
//! - Cipher suites: AES-GCM only (TLS 1.3 and ECDHE suites of TLS 1.2).
//!   ChaCha20-Poly1305 is left out: every AWS endpoint, and every server
//!   that speaks TLS 1.2 or later, offers AES-GCM.
//! - Key exchange: the NIST curves P-256 (offered first) and P-384, the
//!   groups of the SDKs' FIPS configurations; X25519 is left out. P-256's
//!   code is in the build anyway, to verify ECDSA certificates.
//! - Certificate signatures: ECDSA on P-256/P-384 and RSA (PKCS #1 v1.5 and
//!   PSS), as rustls's default verifier has them, without Ed25519, which no
//!   public CA issues.
//!
//! `rustls::crypto::ring::default_provider()` cannot be trimmed in place:
//! calling it keeps every suite, group and algorithm reachable. Measured on
//! `bench/ours/app` (cargo's default release profile, stripped): 5,746,568
//! bytes with the default provider, 5,468,664 with this one (X25519,
//! Ed25519 and ChaCha20-Poly1305 were 278 KB of code and tables). Randomness comes from ring's `SystemRandom`, as the
//! default provider's does; client certificates are not supported, so the
//! key provider loads no key.

use std::sync::Arc;

use ring::rand::SecureRandom as _;
use rustls::SignatureScheme;
use rustls::crypto::ring::cipher_suite::{
    TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
    TLS13_AES_128_GCM_SHA256, TLS13_AES_256_GCM_SHA384,
};
use rustls::crypto::ring::kx_group::{SECP256R1, SECP384R1};
use rustls::crypto::{
    CryptoProvider, GetRandomFailed, KeyProvider, SecureRandom, WebPkiSupportedAlgorithms,
};
use rustls::pki_types::PrivateKeyDer;
use rustls::sign::SigningKey;
use webpki::ring as algs;

/// The provider every [`HttpsTransport`](super::HttpsTransport) builds its
/// TLS configuration with.
pub(super) fn provider() -> CryptoProvider {
    CryptoProvider {
        cipher_suites: vec![
            TLS13_AES_128_GCM_SHA256,
            TLS13_AES_256_GCM_SHA384,
            TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
            TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
            TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
            TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        ],
        kx_groups: vec![SECP256R1, SECP384R1],
        signature_verification_algorithms: SIGNATURE_ALGORITHMS,
        secure_random: &SystemRandom,
        key_provider: &NoClientKeys,
    }
}

/// The certificate signature algorithms verified, and the TLS signature
/// schemes each may stand for (in TLS 1.2 an ECDSA scheme does not fix the
/// curve).
static SIGNATURE_ALGORITHMS: WebPkiSupportedAlgorithms = WebPkiSupportedAlgorithms {
    all: &[
        algs::ECDSA_P256_SHA256,
        algs::ECDSA_P256_SHA384,
        algs::ECDSA_P384_SHA256,
        algs::ECDSA_P384_SHA384,
        algs::RSA_PSS_2048_8192_SHA256_LEGACY_KEY,
        algs::RSA_PSS_2048_8192_SHA384_LEGACY_KEY,
        algs::RSA_PSS_2048_8192_SHA512_LEGACY_KEY,
        algs::RSA_PKCS1_2048_8192_SHA256,
        algs::RSA_PKCS1_2048_8192_SHA384,
        algs::RSA_PKCS1_2048_8192_SHA512,
        algs::RSA_PKCS1_2048_8192_SHA256_ABSENT_PARAMS,
        algs::RSA_PKCS1_2048_8192_SHA384_ABSENT_PARAMS,
        algs::RSA_PKCS1_2048_8192_SHA512_ABSENT_PARAMS,
    ],
    mapping: &[
        (
            SignatureScheme::ECDSA_NISTP384_SHA384,
            &[algs::ECDSA_P384_SHA384, algs::ECDSA_P256_SHA384],
        ),
        (
            SignatureScheme::ECDSA_NISTP256_SHA256,
            &[algs::ECDSA_P256_SHA256, algs::ECDSA_P384_SHA256],
        ),
        (
            SignatureScheme::RSA_PSS_SHA512,
            &[algs::RSA_PSS_2048_8192_SHA512_LEGACY_KEY],
        ),
        (
            SignatureScheme::RSA_PSS_SHA384,
            &[algs::RSA_PSS_2048_8192_SHA384_LEGACY_KEY],
        ),
        (
            SignatureScheme::RSA_PSS_SHA256,
            &[algs::RSA_PSS_2048_8192_SHA256_LEGACY_KEY],
        ),
        (
            SignatureScheme::RSA_PKCS1_SHA512,
            &[algs::RSA_PKCS1_2048_8192_SHA512],
        ),
        (
            SignatureScheme::RSA_PKCS1_SHA384,
            &[algs::RSA_PKCS1_2048_8192_SHA384],
        ),
        (
            SignatureScheme::RSA_PKCS1_SHA256,
            &[algs::RSA_PKCS1_2048_8192_SHA256],
        ),
    ],
};

/// The operating system's random numbers, through ring.
#[derive(Debug)]
struct SystemRandom;

impl SecureRandom for SystemRandom {
    fn fill(&self, buf: &mut [u8]) -> Result<(), GetRandomFailed> {
        ring::rand::SystemRandom::new()
            .fill(buf)
            .map_err(|_| GetRandomFailed)
    }
}

/// The transport never authenticates with a client certificate.
#[derive(Debug)]
struct NoClientKeys;

impl KeyProvider for NoClientKeys {
    fn load_private_key(
        &self,
        _key_der: PrivateKeyDer<'static>,
    ) -> Result<Arc<dyn SigningKey>, rustls::Error> {
        Err(rustls::Error::General(
            "client certificates are not supported".to_owned(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offers_aes_gcm_and_nist_curves_only() {
        let provider = provider();
        let suites: Vec<_> = provider
            .cipher_suites
            .iter()
            .map(|suite| format!("{:?}", suite.suite()))
            .collect();
        assert!(
            suites.iter().all(|name| name.contains("AES_")),
            "{suites:?}"
        );
        assert!(
            suites.iter().any(|name| name.starts_with("TLS13_")),
            "{suites:?}"
        );
        assert!(
            suites.iter().any(|name| name.contains("ECDHE_RSA")),
            "{suites:?}"
        );
        let groups: Vec<_> = provider
            .kx_groups
            .iter()
            .map(|group| group.name())
            .collect();
        assert_eq!(
            groups,
            [rustls::NamedGroup::secp256r1, rustls::NamedGroup::secp384r1]
        );
        let schemes = provider
            .signature_verification_algorithms
            .supported_schemes();
        assert!(!schemes.contains(&SignatureScheme::ED25519));
        assert!(schemes.contains(&SignatureScheme::RSA_PKCS1_SHA256));
        assert!(schemes.contains(&SignatureScheme::ECDSA_NISTP256_SHA256));
    }

    #[test]
    fn fills_random_bytes_and_loads_no_client_key() {
        let mut bytes = [0u8; 32];
        SystemRandom.fill(&mut bytes).unwrap();
        assert_ne!(bytes, [0u8; 32]);
        let key = PrivateKeyDer::Pkcs8(vec![0u8; 8].into());
        assert!(NoClientKeys.load_private_key(key).is_err());
    }
}
