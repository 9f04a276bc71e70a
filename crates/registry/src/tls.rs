//! TLS settings from `spec.certSecretRef`, turned into a rustls client config.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, LazyLock};

use rustls::RootCertStore;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};

use crate::error::{Error, Result};

/// The CA certificate key of a certSecretRef Secret.
pub const CA_CERT_KEY: &str = "ca.crt";
/// The client certificate key of a certSecretRef Secret.
pub const CLIENT_CERT_KEY: &str = "tls.crt";
/// The client key key of a certSecretRef Secret.
pub const CLIENT_KEY_KEY: &str = "tls.key";

/// Extra TLS material for a registry: a CA to trust on top of the system's
/// roots (as Flux does for ImageRepositories), and a client certificate.
/// `Debug` does not print the private key.
#[derive(Clone, Default)]
pub struct TlsOptions {
    ca_pem: Option<Vec<u8>>,
    client: Option<(Vec<u8>, Vec<u8>)>,
}

impl TlsOptions {
    /// Reads a certSecretRef Secret's data: `ca.crt`, and `tls.crt` with `tls.key`
    /// (the deprecated `caFile`, `certFile`, `keyFile` are read too). At least one
    /// must be there, and `tls.crt` needs `tls.key`.
    pub fn from_secret_data(data: &BTreeMap<String, Vec<u8>>) -> Result<Self> {
        let get = |key: &str, legacy: &str| data.get(key).or_else(|| data.get(legacy)).cloned();
        let ca_pem = get(CA_CERT_KEY, "caFile");
        let cert = get(CLIENT_CERT_KEY, "certFile");
        let key = get(CLIENT_KEY_KEY, "keyFile");
        let client = match (cert, key) {
            (Some(cert), Some(key)) => Some((cert, key)),
            (None, None) => None,
            (Some(_), None) => {
                return Err(Error::InvalidTls {
                    reason: format!("'{CLIENT_CERT_KEY}' is set but '{CLIENT_KEY_KEY}' is missing"),
                });
            }
            (None, Some(_)) => {
                return Err(Error::InvalidTls {
                    reason: format!("'{CLIENT_KEY_KEY}' is set but '{CLIENT_CERT_KEY}' is missing"),
                });
            }
        };
        if ca_pem.is_none() && client.is_none() {
            return Err(Error::InvalidTls {
                reason: format!(
                    "the secret has none of '{CA_CERT_KEY}', '{CLIENT_CERT_KEY}'/'{CLIENT_KEY_KEY}'"
                ),
            });
        }
        Ok(Self { ca_pem, client })
    }

    /// Trusts the PEM certificates in `ca_pem` too.
    pub fn with_ca(mut self, ca_pem: impl Into<Vec<u8>>) -> Self {
        self.ca_pem = Some(ca_pem.into());
        self
    }

    /// Presents this PEM certificate chain and key to registries that ask.
    pub fn with_client_cert(
        mut self,
        cert_pem: impl Into<Vec<u8>>,
        key_pem: impl Into<Vec<u8>>,
    ) -> Self {
        self.client = Some((cert_pem.into(), key_pem.into()));
        self
    }
}

impl fmt::Debug for TlsOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TlsOptions")
            .field("ca", &self.ca_pem.is_some())
            .field("client_cert", &self.client.is_some())
            .finish()
    }
}

/// The system's roots, loaded once per process (reading them takes milliseconds).
static SYSTEM_ROOTS: LazyLock<Vec<CertificateDer<'static>>> = LazyLock::new(|| {
    let loaded = rustls_native_certs::load_native_certs();
    for error in &loaded.errors {
        tracing::warn!(%error, "could not load a system root certificate");
    }
    loaded.certs
});

/// The rustls config for `options`: system roots plus the CA, ring provider.
pub(crate) fn client_config(options: Option<&TlsOptions>) -> Result<rustls::ClientConfig> {
    let invalid = |reason: String| Error::InvalidTls { reason };
    let mut roots = RootCertStore::empty();
    roots.add_parsable_certificates(SYSTEM_ROOTS.iter().cloned());
    if let Some(ca_pem) = options.and_then(|o| o.ca_pem.as_deref()) {
        let certs = CertificateDer::pem_slice_iter(ca_pem)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| invalid(format!("'{CA_CERT_KEY}' is not PEM: {e}")))?;
        if certs.is_empty() {
            return Err(invalid(format!("'{CA_CERT_KEY}' holds no PEM certificate")));
        }
        for cert in certs {
            roots.add(cert).map_err(|e| {
                invalid(format!(
                    "'{CA_CERT_KEY}' holds an unusable certificate: {e}"
                ))
            })?;
        }
    }
    let builder = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(|e| invalid(format!("TLS setup failed: {e}")))?
    .with_root_certificates(roots);
    match options.and_then(|o| o.client.as_ref()) {
        None => Ok(builder.with_no_client_auth()),
        Some((cert_pem, key_pem)) => {
            let chain = CertificateDer::pem_slice_iter(cert_pem)
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| invalid(format!("'{CLIENT_CERT_KEY}' is not PEM: {e}")))?;
            if chain.is_empty() {
                return Err(invalid(format!(
                    "'{CLIENT_CERT_KEY}' holds no PEM certificate"
                )));
            }
            // NB: the key's parse error is not shown, so no key material can leak.
            let key = PrivateKeyDer::from_pem_slice(key_pem)
                .map_err(|_| invalid(format!("'{CLIENT_KEY_KEY}' holds no PEM private key")))?;
            builder.with_client_auth_cert(chain, key).map_err(|e| {
                invalid(format!(
                    "'{CLIENT_CERT_KEY}' and '{CLIENT_KEY_KEY}' do not fit: {e}"
                ))
            })
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn data(pairs: &[(&str, &[u8])]) -> BTreeMap<String, Vec<u8>> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_vec()))
            .collect()
    }

    #[test]
    fn secret_data_needs_usable_keys_and_errors_name_them() {
        type Pairs<'a> = &'a [(&'a str, &'a [u8])];
        let cases: [(Pairs, &str); 4] = [
            (&[], "none of 'ca.crt'"),
            (&[("tls.crt", b"x")], "'tls.key' is missing"),
            (&[("tls.key", b"x")], "'tls.crt' is missing"),
            (&[("other", b"x")], "none of"),
        ];
        for (pairs, needle) in cases {
            let err = TlsOptions::from_secret_data(&data(pairs))
                .unwrap_err()
                .to_string();
            assert!(err.contains(needle), "{err}");
        }
        let bad_ca = TlsOptions::from_secret_data(&data(&[("ca.crt", b"no pem here")])).unwrap();
        let err = client_config(Some(&bad_ca)).unwrap_err().to_string();
        assert!(err.contains("'ca.crt' holds no PEM certificate"), "{err}");
        let legacy = TlsOptions::from_secret_data(&data(&[("caFile", b"x")])).unwrap();
        assert!(format!("{legacy:?}").contains("ca: true"));
    }
}
