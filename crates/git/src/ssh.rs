//! Git over SSH through a proxy (SOCKS5 or HTTP CONNECT), which libgit2's SSH
//! transport cannot do: we open the tunnel, hand the socket to libssh2 (through the
//! `ssh2` crate, on the same libssh2 that git2 links), check the host key against
//! `known_hosts` like the libgit2 path does, and run `git-upload-pack` /
//! `git-receive-pack` in a session channel.
//!
//! Registered as the private scheme `ballast+ssh` next to `ballast+http(s)` (see
//! [`transport`](crate::transport)).

use std::io::{self, Read, Write};
use std::sync::Arc;

use git2::transport::{Service, SmartSubtransport, SmartSubtransportStream};

use crate::auth::{AuthOptions, SshRefusal, check_host_key};
use crate::error::Error;
use crate::proxy::{MaybeTls, Proxy, Timeouts};
use crate::transport::Failure;
use crate::url::RedactedUrl;

/// What one proxied SSH operation needs.
pub(crate) struct Settings {
    pub(crate) url: RedactedUrl,
    pub(crate) auth: AuthOptions,
    pub(crate) proxy: Proxy,
    pub(crate) timeouts: Timeouts,
    pub(crate) failure: Failure,
}

impl Settings {
    fn fail(&self, err: Error) -> git2::Error {
        git2::Error::from_str(&self.failure.record(err))
    }

    fn refused(&self, refusal: SshRefusal) -> git2::Error {
        self.fail(Error::Authentication {
            url: self.url.clone(),
            reason: refusal.to_string(),
        })
    }

    /// A libssh2 failure: a timeout is left for `Session::error` to report as one.
    fn ssh(&self, what: &str, e: &ssh2::Error) -> git2::Error {
        // LIBSSH2_ERROR_TIMEOUT and _EAGAIN (what a socket timeout surfaces as).
        if matches!(e.code(), ssh2::ErrorCode::Session(-9 | -37)) {
            return git2::Error::from_str(&format!("{what} timed out: {e}"));
        }
        self.remote(format!("{what}: {e}"))
    }

    fn remote(&self, message: String) -> git2::Error {
        self.fail(Error::Remote {
            operation: "connect to",
            url: self.url.clone(),
            reference: String::new(),
            message,
        })
    }
}

pub(crate) struct Subtransport {
    pub(crate) settings: Arc<Settings>,
}

/// The name known_hosts uses for a libssh2 host key type.
fn key_type_name(kind: ssh2::HostKeyType) -> &'static str {
    match kind {
        ssh2::HostKeyType::Rsa => "ssh-rsa",
        ssh2::HostKeyType::Dss => "ssh-dss",
        ssh2::HostKeyType::Ecdsa256 => "ecdsa-sha2-nistp256",
        ssh2::HostKeyType::Ecdsa384 => "ecdsa-sha2-nistp384",
        ssh2::HostKeyType::Ecdsa521 => "ecdsa-sha2-nistp521",
        ssh2::HostKeyType::Ed25519 => "ssh-ed25519",
        ssh2::HostKeyType::Unknown => "unknown",
    }
}

/// Quotes a path for the remote shell as git does: single quotes, with `'` and `!`
/// escaped outside of them.
fn shell_quote(path: &str) -> String {
    let mut out = String::from("'");
    for c in path.chars() {
        match c {
            '\'' | '!' => {
                out.push('\'');
                out.push('\\');
                out.push(c);
                out.push('\'');
            }
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

impl SmartSubtransport for Subtransport {
    fn action(
        &self,
        url: &str,
        action: Service,
    ) -> Result<Box<dyn SmartSubtransportStream>, git2::Error> {
        let program = match action {
            Service::UploadPackLs => "git-upload-pack",
            Service::ReceivePackLs => "git-receive-pack",
            // NB: SSH is stateful; git2 reuses the stream of the `*Ls` step for these.
            Service::UploadPack | Service::ReceivePack => {
                return Err(git2::Error::from_str("ssh stream requested twice"));
            }
        };
        let settings = &self.settings;
        let url = url.strip_prefix(crate::transport::PREFIX).unwrap_or(url);
        let parsed =
            url::Url::parse(url).map_err(|e| settings.remote(format!("invalid URL: {e}")))?;
        let host = parsed
            .host_str()
            .ok_or_else(|| settings.remote("the URL has no host".into()))?
            .to_string();
        let port = parsed.port().unwrap_or(22);
        let user = match parsed.username() {
            "" => "git".to_string(),
            u => crate::auth::percent_decode(u),
        };
        let mut path = crate::auth::percent_decode(parsed.path());
        // `ssh://host/~user/repo` names a path relative to a home directory, as in git.
        if path.starts_with("/~") {
            path.remove(0);
        }

        let session = self.open(&host, port, &user)?;
        let mut channel = session
            .channel_session()
            .map_err(|e| settings.ssh("cannot open an SSH channel", &e))?;
        channel
            .exec(&format!("{program} {}", shell_quote(&path)))
            .map_err(|e| settings.ssh(&format!("cannot run {program}"), &e))?;
        Ok(Box::new(SshStream {
            settings: settings.clone(),
            program,
            channel,
            received: false,
            _session: session,
        }))
    }

    fn close(&self) -> Result<(), git2::Error> {
        Ok(())
    }
}

impl Subtransport {
    /// Connects through the proxy, verifies the host key and authenticates.
    fn open(&self, host: &str, port: u16, user: &str) -> Result<ssh2::Session, git2::Error> {
        let settings = &self.settings;
        let bare = host.trim_start_matches('[').trim_end_matches(']');
        let stream = match settings.proxy.tunnel(host, port, settings.timeouts) {
            Ok(MaybeTls::Plain(stream)) => stream,
            Ok(MaybeTls::Tls(_)) => {
                return Err(settings.remote(
                    "an https:// proxy cannot carry SSH; use an http:// or socks5:// proxy".into(),
                ));
            }
            Err(e) => return Err(self.io_error(e)),
        };
        let mut session =
            ssh2::Session::new().map_err(|e| settings.ssh("cannot start an SSH session", &e))?;
        session.set_timeout(u32::try_from(settings.timeouts.io.as_millis()).unwrap_or(u32::MAX));
        session.set_tcp_stream(stream);
        session
            .handshake()
            .map_err(|e| settings.ssh("SSH handshake", &e))?;

        let Some(known_hosts) = settings.auth.known_hosts.as_deref() else {
            return Err(settings.refused(SshRefusal::NoKnownHosts));
        };
        let (key, kind) = session
            .host_key()
            .ok_or_else(|| settings.refused(SshRefusal::NoHostKey))?;
        check_host_key(known_hosts, bare, port, key_type_name(kind), key)
            .map_err(|e| settings.fail(e))?;

        let Some(identity) = settings.auth.identity.as_deref() else {
            return Err(settings.refused(SshRefusal::NoIdentity));
        };
        if let Err(e) =
            session.userauth_pubkey_memory(user, None, identity, settings.auth.password.as_deref())
        {
            // LIBSSH2_ERROR_AUTHENTICATION_FAILED and _PUBLICKEY_UNVERIFIED: the server said no.
            let rejected = matches!(e.code(), ssh2::ErrorCode::Session(-18 | -19));
            if matches!(e.code(), ssh2::ErrorCode::Session(-9 | -37)) {
                return Err(settings.ssh("SSH authentication", &e));
            }
            return Err(settings.refused(if rejected {
                SshRefusal::KeyRejected
            } else {
                SshRefusal::UnusableKey(e.message().to_string())
            }));
        }
        if !session.authenticated() {
            return Err(settings.refused(SshRefusal::KeyRejected));
        }
        Ok(session)
    }

    fn io_error(&self, e: io::Error) -> git2::Error {
        let settings = &self.settings;
        if let Some(refusal) = e
            .get_ref()
            .and_then(|i| i.downcast_ref::<crate::proxy::Refusal>())
        {
            return settings.fail(crate::transport::refusal_error(&settings.url, refusal));
        }
        let message = match e.kind() {
            io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => format!("timed out: {e}"),
            _ => e.to_string(),
        };
        git2::Error::from_str(&message)
    }
}

/// The channel running `git-upload-pack` or `git-receive-pack`.
struct SshStream {
    settings: Arc<Settings>,
    program: &'static str,
    channel: ssh2::Channel,
    received: bool,
    // Kept alive as long as the channel.
    _session: ssh2::Session,
}

impl Read for SshStream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self
            .channel
            .read(buf)
            .map_err(crate::transport::timed_out)?;
        if n > 0 {
            self.received = true;
            return Ok(n);
        }
        if self.received {
            return Ok(0);
        }
        // The command ended without a word on stdout: what it said on stderr is the reason.
        let mut said = String::new();
        let _ = self.channel.stderr().read_to_string(&mut said);
        let said = said.trim();
        let message = if said.is_empty() {
            format!("{} ended without answering", self.program)
        } else {
            format!("{}: {said}", self.program)
        };
        let settings = &self.settings;
        let err = settings.remote(message);
        Err(io::Error::other(err.message().to_string()))
    }
}

impl Write for SshStream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.channel.write(buf).map_err(crate::transport::timed_out)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.channel.flush().map_err(crate::transport::timed_out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_quoted_for_the_remote_shell() {
        assert_eq!(shell_quote("/srv/repo.git"), "'/srv/repo.git'");
        assert_eq!(shell_quote("/a b/it's!"), "'/a b/it'\\''s'\\!''");
    }
}
