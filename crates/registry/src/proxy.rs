//! `spec.proxySecretRef`: the proxy registry traffic goes through.

use std::collections::BTreeMap;
use std::fmt;

use url::Url;

use crate::error::{Error, Result};

/// The proxy Secret key holding the proxy URL.
pub const PROXY_ADDRESS_KEY: &str = "address";
/// The proxy Secret key holding the user name.
pub const PROXY_USERNAME_KEY: &str = "username";
/// The proxy Secret key holding the password.
pub const PROXY_PASSWORD_KEY: &str = "password";

/// A proxy: `http://` (HTTP CONNECT tunnels, for HTTPS and HTTP registries alike)
/// or `socks5://` / `socks5h://` (both resolve host names at the proxy, as Go's dialer
/// in Flux and crates/git do), with optional credentials. `Debug` and
/// `Display` hide the password.
#[derive(Clone)]
pub struct ProxyOptions {
    url: Url,
    username: String,
    password: String,
}

impl ProxyOptions {
    /// A proxy from its URL; credentials in the URL (`http://user:pw@host:3128`)
    /// are used too.
    pub fn new(address: &str) -> Result<Self> {
        let mut url = Url::parse(address).map_err(|e| Error::InvalidProxy {
            reason: format!("'{PROXY_ADDRESS_KEY}' is not a URL: {e}"),
        })?;
        if !matches!(url.scheme(), "http" | "socks5" | "socks5h") {
            return Err(Error::InvalidProxy {
                reason: format!(
                    "'{PROXY_ADDRESS_KEY}' has scheme '{}'; use http://, socks5:// or socks5h://",
                    url.scheme()
                ),
            });
        }
        if url.host_str().is_none_or(str::is_empty) {
            return Err(Error::InvalidProxy {
                reason: format!("'{PROXY_ADDRESS_KEY}' names no host"),
            });
        }
        let username = percent_decoded(url.username());
        let password = percent_decoded(url.password().unwrap_or_default());
        // Credentials travel separately; the URL is kept clean for messages.
        let _ = url.set_username("");
        let _ = url.set_password(None);
        Ok(Self {
            url,
            username,
            password,
        })
    }

    /// Authenticates to the proxy with these credentials.
    pub fn with_credentials(
        mut self,
        username: impl Into<String>,
        password: impl Into<String>,
    ) -> Self {
        self.username = username.into();
        self.password = password.into();
        self
    }

    /// Reads a proxySecretRef Secret's data: `address` (required), `username`,
    /// `password`, as Flux does.
    pub fn from_secret_data(data: &BTreeMap<String, Vec<u8>>) -> Result<Self> {
        let text = |key: &str| -> Result<Option<String>> {
            data.get(key)
                .map(|bytes| {
                    String::from_utf8(bytes.clone()).map_err(|_| Error::InvalidProxy {
                        reason: format!("'{key}' is not UTF-8"),
                    })
                })
                .transpose()
        };
        let address = text(PROXY_ADDRESS_KEY)?.ok_or_else(|| Error::InvalidProxy {
            reason: format!("the secret has no '{PROXY_ADDRESS_KEY}'"),
        })?;
        let mut options = Self::new(address.trim())?;
        if let Some(username) = text(PROXY_USERNAME_KEY)? {
            options.username = username;
            options.password = text(PROXY_PASSWORD_KEY)?.unwrap_or_default();
        }
        Ok(options)
    }

    pub(crate) fn is_socks(&self) -> bool {
        self.url.scheme().starts_with("socks5")
    }

    pub(crate) fn uri(&self) -> Result<http::Uri> {
        self.url.as_str().parse().map_err(|e| Error::InvalidProxy {
            reason: format!("'{PROXY_ADDRESS_KEY}' is not usable: {e}"),
        })
    }

    pub(crate) fn credentials(&self) -> Option<(&str, &str)> {
        (!self.username.is_empty()).then_some((self.username.as_str(), self.password.as_str()))
    }
}

fn percent_decoded(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

impl fmt::Display for ProxyOptions {
    /// The proxy URL without credentials.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.url.as_str().trim_end_matches('/'))
    }
}

impl fmt::Debug for ProxyOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProxyOptions")
            .field("url", &self.url.as_str())
            .field("username", &self.username)
            .field("password", &"<redacted>")
            .finish()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn data(pairs: &[(&str, &str)]) -> BTreeMap<String, Vec<u8>> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.as_bytes().to_vec()))
            .collect()
    }

    #[test]
    fn proxy_secrets_read_like_flux_and_hide_passwords() {
        let proxy = ProxyOptions::from_secret_data(&data(&[
            ("address", "http://proxy.example:3128"),
            ("username", "me"),
            ("password", "hunter2"),
        ]))
        .unwrap();
        assert_eq!(proxy.credentials(), Some(("me", "hunter2")));
        assert_eq!(proxy.to_string(), "http://proxy.example:3128");
        assert!(!format!("{proxy:?}").contains("hunter2"));

        let inline = ProxyOptions::new("socks5h://u%40x:p%3Aw@127.0.0.1:1080").unwrap();
        assert_eq!(inline.credentials(), Some(("u@x", "p:w")));
        assert!(inline.is_socks());
        assert_eq!(inline.to_string(), "socks5h://127.0.0.1:1080");

        for (pairs, needle) in [
            (&[][..], "no 'address'"),
            (&[("address", "ftp://x:21")][..], "scheme 'ftp'"),
            (&[("address", "not a url")][..], "'address' is not a URL"),
        ] {
            let err = ProxyOptions::from_secret_data(&data(pairs))
                .unwrap_err()
                .to_string();
            assert!(err.contains(needle), "{err}");
        }
    }
}
