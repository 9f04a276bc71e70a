//! Debian's OpenSSH server as an unprivileged-port daemon for Git over SSH.

use std::io::Read as _;
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, bail};

use crate::repo::{init_bare, isolate, run};

const SSHD: &str = "/usr/sbin/sshd";

/// `sshd -D -e -f <own config>` on a random loopback port, with its own ed25519 host
/// key and one authorized ed25519 client key. Serves bare repositories from a
/// temporary directory. Killed when dropped.
pub struct SshGitServer {
    child: Child,
    addr: SocketAddr,
    dir: tempfile::TempDir,
    user: String,
    host_key_line: String,
    client_key: String,
}

fn keygen(path: &Path, kind: &str, passphrase: &str, pem: bool) -> Result<()> {
    let mut cmd = Command::new("ssh-keygen");
    cmd.args(["-q", "-t", kind, "-C", "ballast-test", "-N", passphrase]);
    if pem {
        cmd.args(["-m", "PEM"]);
    }
    cmd.arg("-f").arg(path);
    run(cmd, "ssh-keygen (install openssh-client)").map(drop)
}

fn free_port() -> Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").context("bind 127.0.0.1:0")?;
    Ok(listener.local_addr()?.port())
}

impl SshGitServer {
    /// Generates keys and a config, starts sshd and waits until it greets.
    pub fn start() -> Result<Self> {
        if !Path::new(SSHD).exists() {
            bail!("{SSHD} not found: install it with `apt-get install -y openssh-server`");
        }
        let dir = tempfile::tempdir().context("create sshd dir")?;
        let d = dir.path();
        std::fs::create_dir_all(d.join("repos"))?;
        keygen(&d.join("host_ed25519"), "ed25519", "", false)?;
        keygen(&d.join("client_ed25519"), "ed25519", "", false)?;
        std::fs::copy(d.join("client_ed25519.pub"), d.join("authorized_keys"))?;
        let mut id = Command::new("id");
        id.arg("-un");
        let user = run(id, "id -un")?;
        // NB: as root, sshd insists on its privilege separation directory.
        let _ = std::fs::create_dir_all("/run/sshd");

        let mut last_err = None;
        for _ in 0..5 {
            let port = free_port()?;
            let config = format!(
                "ListenAddress 127.0.0.1:{port}\n\
                 HostKey {d}/host_ed25519\n\
                 PidFile {d}/sshd.pid\n\
                 AuthorizedKeysFile {d}/authorized_keys\n\
                 StrictModes no\n\
                 UsePAM no\n\
                 PubkeyAuthentication yes\n\
                 PasswordAuthentication no\n\
                 KbdInteractiveAuthentication no\n\
                 PermitRootLogin prohibit-password\n\
                 AllowUsers {user}\n\
                 PrintMotd no\n\
                 AcceptEnv GIT_PROTOCOL\n\
                 SetEnv GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1\n\
                 LogLevel VERBOSE\n",
                d = d.display()
            );
            std::fs::write(d.join("sshd_config"), config)?;
            let mut cmd = Command::new(SSHD);
            cmd.arg("-D")
                .arg("-e")
                .arg("-f")
                .arg(d.join("sshd_config"))
                .arg("-E")
                .arg(d.join("sshd.log"))
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null());
            isolate(&mut cmd);
            let mut child = cmd.spawn().with_context(|| format!("spawn {SSHD}"))?;
            let addr: SocketAddr = ([127, 0, 0, 1], port).into();
            match wait_for_banner(&mut child, addr, d) {
                Ok(()) => {
                    let host_pub = std::fs::read_to_string(d.join("host_ed25519.pub"))?;
                    let mut fields = host_pub.split_whitespace();
                    let host_key_line = format!(
                        "[127.0.0.1]:{port} {} {}\n",
                        fields.next().unwrap_or_default(),
                        fields.next().unwrap_or_default()
                    );
                    let client_key = std::fs::read_to_string(d.join("client_ed25519"))?;
                    return Ok(Self {
                        child,
                        addr,
                        dir,
                        user,
                        host_key_line,
                        client_key,
                    });
                }
                Err(e) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    last_err = Some(e);
                }
            }
        }
        Err(last_err.unwrap_or_else(|| anyhow::anyhow!("sshd did not start")))
    }

    /// The listening address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The `ssh://` URL of repository `name`.
    pub fn url(&self, name: &str) -> String {
        format!(
            "ssh://{}@{}{}",
            self.user,
            self.addr,
            self.repo_path(name).display()
        )
    }

    /// Where repository `name` lives on disk.
    pub fn repo_path(&self, name: &str) -> PathBuf {
        self.dir.path().join("repos").join(name)
    }

    /// Creates an empty bare repository `name`.
    pub fn create_repo(&self, name: &str, initial_branch: &str) -> Result<PathBuf> {
        let path = self.repo_path(name);
        init_bare(&path, initial_branch)?;
        Ok(path)
    }

    /// The `ssh://` URL of repository `name` on `host` at SSH's default port, for a
    /// host name only a proxy in front of this server can reach.
    pub fn url_via(&self, host: &str, name: &str) -> String {
        format!(
            "ssh://{}@{host}{}",
            self.user,
            self.repo_path(name).display()
        )
    }

    /// A known_hosts line for this server's key under `host` (port 22).
    pub fn known_hosts_via(&self, host: &str) -> String {
        let key = self
            .host_key_line
            .split_once(' ')
            .map_or("", |(_, key)| key);
        format!("{host} {key}")
    }

    /// A known_hosts line for this server (`[127.0.0.1]:port ssh-ed25519 …`).
    pub fn known_hosts(&self) -> &str {
        &self.host_key_line
    }

    /// The authorized client private key (OpenSSH format, unencrypted).
    pub fn client_key(&self) -> &str {
        &self.client_key
    }

    /// Authorizes a new client key and returns its private key: `kind` is an
    /// `ssh-keygen -t` type (`ed25519`, `rsa`, `ecdsa`), `passphrase` may be empty,
    /// `pem` asks for the PEM format instead of OpenSSH's.
    pub fn add_client_key(&self, kind: &str, passphrase: &str, pem: bool) -> Result<String> {
        let d = self.dir.path();
        let path = d.join(format!("client_{kind}_{}", std::fs::read_dir(d)?.count()));
        keygen(&path, kind, passphrase, pem)?;
        let public = std::fs::read_to_string(path.with_extension("pub"))?;
        let mut keys = std::fs::read_to_string(d.join("authorized_keys"))?;
        keys.push_str(&public);
        std::fs::write(d.join("authorized_keys"), keys)?;
        Ok(std::fs::read_to_string(&path)?)
    }

    /// sshd's log so far, for diagnosing failures.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("sshd.log")).unwrap_or_default()
    }
}

fn wait_for_banner(child: &mut Child, addr: SocketAddr, dir: &Path) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(status) = child.try_wait()? {
            let log = std::fs::read_to_string(dir.join("sshd.log")).unwrap_or_default();
            bail!("sshd exited with {status}: {log}");
        }
        if let Ok(mut stream) = TcpStream::connect_timeout(&addr, Duration::from_millis(200)) {
            stream.set_read_timeout(Some(Duration::from_secs(2)))?;
            let mut buf = [0u8; 8];
            if stream.read_exact(&mut buf).is_ok() && buf.starts_with(b"SSH-2.0") {
                return Ok(());
            }
        }
        if Instant::now() > deadline {
            bail!("sshd did not accept connections on {addr} within 10s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

impl Drop for SshGitServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
