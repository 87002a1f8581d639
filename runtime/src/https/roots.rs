//! The root certificates an [`HttpsTransport`](super::HttpsTransport)
//! trusts: see [`HttpsTransportBuilder::built_in_roots`](super::HttpsTransportBuilder::built_in_roots).

use std::path::Path;

use rustls::RootCertStore;
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;

use crate::transport::{TransportError, TransportErrorKind};

/// What to trust, gathered by the builder.
#[derive(Clone, Debug, Default)]
pub(super) struct RootsConfig {
    pub(super) der: Vec<Vec<u8>>,
    pub(super) pem: Vec<Vec<u8>>,
    pub(super) without_built_in: bool,
}

fn other(message: String) -> TransportError {
    TransportError::new(TransportErrorKind::Other, message)
}

/// The root store, and a short description of it for `Debug`.
pub(super) fn root_store(
    config: &RootsConfig,
    ca_bundle: Option<&Path>,
) -> Result<(RootCertStore, String), TransportError> {
    let mut store = RootCertStore::empty();
    let mut described: Vec<String> = Vec::new();
    let built_in = !config.without_built_in && ca_bundle.is_none();
    if built_in {
        described = add_built_in(&mut store)?;
    }
    if let Some(path) = ca_bundle {
        let pem = std::fs::read(path).map_err(|error| {
            other(format!(
                "the CA bundle {} could not be read",
                path.display()
            ))
            .with_source(error)
        })?;
        let added = add_pem(&mut store, &pem)
            .map_err(|why| other(format!("the CA bundle {}: {why}", path.display())))?;
        described.push(format!("{added} from {}", path.display()));
    }
    for (index, der) in config.der.iter().enumerate() {
        store
            .add(CertificateDer::from(der.as_slice()).into_owned())
            .map_err(|error| {
                other(format!("root certificate #{index} is not usable")).with_source(error)
            })?;
    }
    let mut pem_added = 0;
    for (index, pem) in config.pem.iter().enumerate() {
        pem_added += add_pem(&mut store, pem)
            .map_err(|why| other(format!("PEM root certificates #{index}: {why}")))?;
    }
    let custom = config.der.len() + pem_added;
    if custom > 0 {
        described.push(format!("{custom} added"));
    }
    if described.is_empty() {
        described.push("none".to_owned());
    }
    Ok((store, described.join(" + ")))
}

/// Adds every `CERTIFICATE` block of `pem` (other blocks, such as keys,
/// are skipped); the number added.
fn add_pem(store: &mut RootCertStore, pem: &[u8]) -> Result<usize, String> {
    let mut added = 0;
    for (index, certificate) in CertificateDer::pem_slice_iter(pem).enumerate() {
        let certificate =
            certificate.map_err(|error| format!("certificate #{index} is malformed: {error}"))?;
        store
            .add(certificate)
            .map_err(|error| format!("certificate #{index} is not usable: {error}"))?;
        added += 1;
    }
    if added == 0 {
        return Err("no PEM certificate found".to_owned());
    }
    Ok(added)
}

#[cfg_attr(
    not(any(feature = "webpki-roots", feature = "platform-roots")),
    expect(unused_variables, reason = "no built-in roots are compiled in")
)]
fn add_built_in(store: &mut RootCertStore) -> Result<Vec<String>, TransportError> {
    #[cfg_attr(
        not(any(feature = "webpki-roots", feature = "platform-roots")),
        expect(unused_mut, reason = "no built-in roots are compiled in")
    )]
    let mut described = Vec::new();
    #[cfg(feature = "webpki-roots")]
    {
        store.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        described.push("Mozilla's".to_owned());
    }
    #[cfg(feature = "platform-roots")]
    {
        let found = rustls_native_certs::load_native_certs();
        let (added, _unusable) = store.add_parsable_certificates(found.certs);
        if added == 0 {
            let why = found
                .errors
                .first()
                .map_or_else(|| "it is empty".to_owned(), ToString::to_string);
            return Err(other(format!(
                "the platform's trust store has no usable root certificate: {why}"
            )));
        }
        described.push(format!("{added} from the platform"));
    }
    Ok(described)
}
