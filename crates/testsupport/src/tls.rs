//! A throwaway certificate authority, a server certificate for 127.0.0.1 and a client
//! certificate for mutual TLS.

use std::sync::Arc;

use anyhow::{Context as _, Result};
use base64::Engine as _;
use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

/// A test CA and a server certificate it signed for `127.0.0.1`, `localhost` and
/// [`TestCa::PROXIED_HOST`], and a client certificate it signed (for mutual TLS).
pub struct TestCa {
    ca_pem: String,
    ca_der: CertificateDer<'static>,
    client_cert_pem: String,
    client_key_pem: String,
    server_cert: CertificateDer<'static>,
    server_key: Vec<u8>,
}

impl TestCa {
    /// A host name that does not resolve, only reachable through a [`crate::ConnectProxy`].
    pub const PROXIED_HOST: &'static str = "git.ballast.invalid";

    /// Generates a fresh CA and server certificate.
    pub fn new() -> Result<Self> {
        let ca_key = KeyPair::generate().context("generate CA key")?;
        let mut ca_params = CertificateParams::new(Vec::<String>::new()).context("CA params")?;
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca_params
            .distinguished_name
            .push(DnType::CommonName, "Ballast Test CA");
        ca_params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let ca_cert = ca_params.self_signed(&ca_key).context("self-sign CA")?;
        let issuer = Issuer::new(ca_params, ca_key);

        let server_key = KeyPair::generate().context("generate server key")?;
        let mut params = CertificateParams::new(vec![
            "127.0.0.1".to_string(),
            "localhost".to_string(),
            Self::PROXIED_HOST.to_string(),
        ])
        .context("server params")?;
        params
            .distinguished_name
            .push(DnType::CommonName, "127.0.0.1");
        let server_cert = params
            .signed_by(&server_key, &issuer)
            .context("sign server cert")?;
        let client_key = KeyPair::generate().context("generate client key")?;
        let mut client_params =
            CertificateParams::new(Vec::<String>::new()).context("client params")?;
        client_params
            .distinguished_name
            .push(DnType::CommonName, "ballast-test-client");
        client_params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
        let client_cert = client_params
            .signed_by(&client_key, &issuer)
            .context("sign client cert")?;
        Ok(Self {
            ca_pem: ca_cert.pem(),
            ca_der: ca_cert.der().clone(),
            client_cert_pem: client_cert.pem(),
            client_key_pem: client_key.serialize_pem(),
            server_cert: server_cert.der().clone(),
            server_key: server_key.serialize_der(),
        })
    }

    /// The CA certificate in PEM, as a Secret's `ca.crt` holds it.
    pub fn ca_pem(&self) -> &str {
        &self.ca_pem
    }

    /// A client certificate signed by this CA, in PEM, as a Secret's `tls.crt` holds it.
    pub fn client_cert_pem(&self) -> &str {
        &self.client_cert_pem
    }

    /// The private key of [`TestCa::client_cert_pem`] in PEM (`tls.key`).
    pub fn client_key_pem(&self) -> &str {
        &self.client_key_pem
    }

    /// Server TLS config; with `require_client_cert`, only clients presenting a
    /// certificate signed by this CA complete the handshake.
    pub(crate) fn server_config(
        &self,
        require_client_cert: bool,
    ) -> Result<Arc<rustls::ServerConfig>> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(self.server_key.clone()));
        let builder = rustls::ServerConfig::builder_with_provider(provider.clone())
            .with_safe_default_protocol_versions()
            .context("TLS versions")?;
        let builder = if require_client_cert {
            let mut roots = rustls::RootCertStore::empty();
            roots.add(self.ca_der.clone()).context("client CA root")?;
            let verifier = rustls::server::WebPkiClientVerifier::builder_with_provider(
                Arc::new(roots),
                provider,
            )
            .build()
            .context("client certificate verifier")?;
            builder.with_client_cert_verifier(verifier)
        } else {
            builder.with_no_client_auth()
        };
        let config = builder
            .with_single_cert(vec![self.server_cert.clone()], key)
            .context("server certificate")?;
        Ok(Arc::new(config))
    }

    /// The server certificate and its PKCS#8 key in PEM, for servers that read
    /// them from files (the OCI registry).
    pub(crate) fn server_pem(&self) -> (String, String) {
        (
            pem("CERTIFICATE", &self.server_cert),
            pem("PRIVATE KEY", &self.server_key),
        )
    }

    /// Client TLS config trusting this CA; with `client_cert`, presenting the
    /// client certificate.
    pub(crate) fn client_config(&self, client_cert: bool) -> Result<Arc<rustls::ClientConfig>> {
        let mut roots = rustls::RootCertStore::empty();
        roots.add(self.ca_der.clone()).context("CA root")?;
        let builder = rustls::ClientConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .context("TLS versions")?
        .with_root_certificates(roots);
        let config = if client_cert {
            let chain = CertificateDer::pem_slice_iter(self.client_cert_pem.as_bytes())
                .collect::<Result<Vec<_>, _>>()
                .context("client certificate PEM")?;
            let key = PrivateKeyDer::from_pem_slice(self.client_key_pem.as_bytes())
                .context("client key PEM")?;
            builder
                .with_client_auth_cert(chain, key)
                .context("client certificate")?
        } else {
            builder.with_no_client_auth()
        };
        Ok(Arc::new(config))
    }
}

/// DER bytes as a PEM block with 64-column base64 lines.
pub(crate) fn pem(label: &str, der: &[u8]) -> String {
    let encoded = base64::engine::general_purpose::STANDARD.encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for line in encoded.as_bytes().chunks(64) {
        out.push_str(&String::from_utf8_lossy(line));
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}
