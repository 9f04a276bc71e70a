//! `WWW-Authenticate` challenges of registries (RFC 7235 syntax): `Basic realm=…`
//! or the Docker token flow's `Bearer realm=…,service=…,scope=…`.

use std::collections::BTreeMap;

/// One challenge: its scheme, lowercased, and its parameters (names lowercased).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Challenge {
    pub(crate) scheme: String,
    pub(crate) params: BTreeMap<String, String>,
}

impl Challenge {
    /// Reads the first challenge of a header value; `None` if there is none.
    pub(crate) fn parse(header: &str) -> Option<Self> {
        let header = header.trim_start();
        let scheme_end = header.find(char::is_whitespace).unwrap_or(header.len());
        let (scheme, mut rest) = header.split_at(scheme_end);
        if scheme.is_empty() {
            return None;
        }
        let mut params = BTreeMap::new();
        loop {
            rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ',');
            let Some(eq) = rest.find('=') else { break };
            let name = rest[..eq].trim();
            if name.is_empty() || name.contains(char::is_whitespace) {
                // The start of a second challenge (`Basic realm=.., Bearer ..`): stop.
                break;
            }
            rest = rest[eq + 1..].trim_start();
            let value = if let Some(quoted) = rest.strip_prefix('"') {
                let mut value = String::new();
                let mut chars = quoted.char_indices();
                let mut end = quoted.len();
                while let Some((i, c)) = chars.next() {
                    match c {
                        '\\' => {
                            if let Some((_, escaped)) = chars.next() {
                                value.push(escaped);
                            }
                        }
                        '"' => {
                            end = i + 1;
                            break;
                        }
                        other => value.push(other),
                    }
                }
                rest = &quoted[end.min(quoted.len())..];
                value
            } else {
                let end = rest.find(',').unwrap_or(rest.len());
                let value = rest[..end].trim().to_string();
                rest = &rest[end..];
                value
            };
            params.insert(name.to_ascii_lowercase(), value);
        }
        Some(Self {
            scheme: scheme.to_ascii_lowercase(),
            params,
        })
    }

    pub(crate) fn param(&self, name: &str) -> Option<&str> {
        self.params.get(name).map(String::as_str)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn reads_bearer_and_basic_challenges() {
        let c = Challenge::parse(
            r#"Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:samalba/my-app:pull,push""#,
        )
        .unwrap();
        assert_eq!(c.scheme, "bearer");
        assert_eq!(c.param("realm"), Some("https://auth.docker.io/token"));
        assert_eq!(c.param("service"), Some("registry.docker.io"));
        assert_eq!(
            c.param("scope"),
            Some("repository:samalba/my-app:pull,push")
        );

        let c = Challenge::parse(r#"Basic realm="Registry \"Realm\"", charset=UTF-8"#).unwrap();
        assert_eq!(c.scheme, "basic");
        assert_eq!(c.param("realm"), Some(r#"Registry "Realm""#));
        assert_eq!(c.param("charset"), Some("UTF-8"));

        assert_eq!(Challenge::parse("").map(|c| c.scheme), None);
        let c = Challenge::parse(r#"Basic realm="a", Bearer realm="b""#).unwrap();
        assert_eq!((c.scheme.as_str(), c.param("realm")), ("basic", Some("a")));
    }
}
