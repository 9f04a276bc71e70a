//! Real Git servers for Ballast's tests, each on a random loopback port, started
//! and stopped by the test (dropping the handle stops the server):
//!
//! - [`HttpGitServer`]: `git http-backend` behind a small CGI host, plain HTTP or HTTPS
//!   with a test CA ([`TestCa`]), optionally with basic auth or a bearer token; it logs
//!   every request so tests can check what was downloaded.
//! - [`ConnectProxy`]: an authenticating HTTP (CONNECT and absolute-URI) and SOCKS5
//!   proxy, over TCP or TLS.
//! - [`SshGitServer`]: Debian's OpenSSH `sshd` as a foreground daemon with its own host
//!   key, `sshd_config` and authorized test key.
//! - [`WorkRepo`]: a scratch repository driven by the `git` CLI to build fixtures.
//! - [`OciRegistry`]: Debian's `docker-registry` (distribution 2.8; `apt-get install
//!   docker-registry`), anonymous, basic or token auth, HTTP or HTTPS, with a `push`
//!   helper for small test images.
//!
//! Every child process runs with `GIT_CONFIG_GLOBAL=/dev/null`, `GIT_CONFIG_NOSYSTEM=1`
//! and no proxy variables. A missing tool is an error that says what to install.

mod gpg;
mod http;
mod proxy;
mod registry;
mod repo;
mod ssh;
mod tls;
mod wait;

pub use gpg::{Gpg, GpgKey};
pub use http::{HttpAuth, HttpGitServer, HttpOptions, LoggedRequest};
pub use proxy::ConnectProxy;
pub use registry::{OciRegistry, OciRegistryOptions, RegistryAuth};
pub use repo::{WorkRepo, git_command, init_bare};
pub use ssh::SshGitServer;
pub use tls::TestCa;
pub use wait::eventually;
