//! A URL that never prints its credentials.

use std::fmt;

/// A repository URL whose `Display` and `Debug` hide any password or token.
///
/// Use it wherever a URL reaches an error, an event or a log line.
#[derive(Clone, PartialEq, Eq)]
pub struct RedactedUrl {
    raw: String,
    shown: String,
}

impl RedactedUrl {
    /// Wraps a URL (`https://`, `http://`, `ssh://`, `file://` or scp-like `user@host:path`).
    pub fn new(raw: &str) -> Self {
        Self {
            raw: raw.to_string(),
            shown: redact(raw),
        }
    }

    /// The URL as given, credentials included: only for handing to the transport.
    pub fn expose(&self) -> &str {
        &self.raw
    }

    /// Replaces every occurrence of the raw URL (and of its password) in `message`.
    pub(crate) fn scrub(&self, message: &str) -> String {
        let mut out = message.replace(&self.raw, &self.shown);
        if let Ok(parsed) = url::Url::parse(&self.raw)
            && let Some(password) = parsed.password()
            && !password.is_empty()
        {
            out = out.replace(password, "***");
        }
        out
    }
}

fn redact(raw: &str) -> String {
    match url::Url::parse(raw) {
        Ok(mut parsed) if parsed.has_host() => {
            if parsed.password().is_some() {
                // NB: set_password only fails for cannot-be-a-base URLs, excluded by has_host.
                let _ = parsed.set_password(Some("***"));
            }
            if parsed.query().is_some() {
                parsed.set_query(Some("***"));
            }
            parsed.to_string()
        }
        Ok(parsed) if parsed.scheme() == "file" => parsed.to_string(),
        // scp-like `user@host:path` carries no password; anything else is shown
        // without what could be a userinfo part.
        _ => match raw.split_once('@') {
            Some((user, rest)) if user.contains(':') => format!("***@{rest}"),
            _ => raw.to_string(),
        },
    }
}

impl fmt::Display for RedactedUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.shown)
    }
}

impl fmt::Debug for RedactedUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RedactedUrl({})", self.shown)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn hides_password_and_query() {
        let u = RedactedUrl::new("https://bob:s3cret@example.com/repo.git?token=abc");
        assert_eq!(u.to_string(), "https://bob:***@example.com/repo.git?***");
        assert!(!format!("{u:?}").contains("s3cret"));
        assert_eq!(
            u.scrub("failed to fetch https://bob:s3cret@example.com/repo.git?token=abc: s3cret"),
            "failed to fetch https://bob:***@example.com/repo.git?***: ***"
        );
    }

    #[test]
    fn keeps_plain_urls() {
        assert_eq!(
            RedactedUrl::new("ssh://git@host:2222/r.git").to_string(),
            "ssh://git@host:2222/r.git"
        );
        assert_eq!(
            RedactedUrl::new("git@github.com:org/repo").to_string(),
            "git@github.com:org/repo"
        );
        assert_eq!(
            RedactedUrl::new("a:b@host:path").to_string(),
            "***@host:path"
        );
    }
}
