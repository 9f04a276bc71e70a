//! The flags every controller shares, named and defaulted like Flux's.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Duration;

use clap::ArgAction;

use crate::error::{Error, Result};

/// Flags shared by every Ballast controller; flatten into a controller's own
/// clap struct with `#[command(flatten)]`.
#[derive(Debug, Clone, clap::Args)]
pub struct Options {
    /// The number of concurrent reconciles.
    #[arg(long, default_value_t = 4)]
    pub concurrent: u16,

    /// The address the metric endpoint binds to (`:8080` means every interface; empty disables it).
    #[arg(long, default_value = ":8080")]
    pub metrics_addr: String,

    /// The address the health endpoints (/healthz, /readyz) bind to (empty disables them).
    #[arg(long, default_value = ":9440")]
    pub health_addr: String,

    /// Take a Lease before reconciling, so only one replica works at a time.
    // NB: like Go's flag package, a bare `--enable-leader-election` means true.
    #[arg(long, default_value_t = true, action = ArgAction::Set, num_args = 0..=1, default_missing_value = "true", require_equals = true)]
    pub enable_leader_election: bool,

    /// Namespace of the leader election Lease (defaults to the runtime namespace).
    #[arg(long, env = "RUNTIME_NAMESPACE", default_value = "flux-system")]
    pub leader_election_namespace: String,

    /// How long a non-renewed Lease stays valid.
    #[arg(long, default_value = "35s", value_parser = parse_duration)]
    pub leader_election_lease_duration: Duration,

    /// How long before expiry the leader renews its Lease.
    #[arg(long, default_value = "5s", value_parser = parse_duration)]
    pub leader_election_renew_grace: Duration,

    /// Watch objects in every namespace; when false only the runtime namespace is watched.
    #[arg(long, default_value_t = true, action = ArgAction::Set, num_args = 0..=1, default_missing_value = "true", require_equals = true)]
    pub watch_all_namespaces: bool,

    /// Only reconcile objects matching this label selector (sharding), e.g. `sharding.fluxcd.io/key=shard1`.
    #[arg(long, default_value = "")]
    pub watch_label_selector: String,

    /// Log verbosity: debug, info or error (or any tracing filter).
    #[arg(long, default_value = "info")]
    pub log_level: String,

    /// Log format: json or console.
    #[arg(long, default_value = "json")]
    pub log_encoding: String,

    /// The first retry delay after a transient failure.
    #[arg(long, default_value = "750ms", value_parser = parse_duration)]
    pub min_retry_delay: Duration,

    /// The longest retry delay after repeated transient failures.
    #[arg(long, default_value = "15m", value_parser = parse_duration)]
    pub max_retry_delay: Duration,

    /// Percentage by which reconcile intervals are randomly moved, so objects spread out.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u8).range(0..=100))]
    pub interval_jitter_percentage: u8,

    /// How long to wait for in-flight reconciles on SIGTERM before exiting.
    #[arg(long, default_value = "600s", value_parser = parse_duration)]
    pub graceful_shutdown_timeout: Duration,
}

impl Options {
    /// Options for running a controller in-process (tests, `ballast dev up`):
    /// no leader election, no listeners, quick retries.
    pub fn embedded() -> Self {
        Self {
            concurrent: 4,
            metrics_addr: String::new(),
            health_addr: String::new(),
            enable_leader_election: false,
            leader_election_namespace: "flux-system".to_string(),
            leader_election_lease_duration: Duration::from_secs(35),
            leader_election_renew_grace: Duration::from_secs(5),
            watch_all_namespaces: true,
            watch_label_selector: String::new(),
            log_level: "info".to_string(),
            log_encoding: "console".to_string(),
            min_retry_delay: Duration::from_millis(250),
            max_retry_delay: Duration::from_secs(30),
            interval_jitter_percentage: 5,
            graceful_shutdown_timeout: Duration::from_secs(30),
        }
    }

    /// The metrics listener address, or `None` when disabled.
    pub fn metrics_socket(&self) -> Result<Option<SocketAddr>> {
        parse_listen_addr("metrics-addr", &self.metrics_addr)
    }

    /// The health listener address, or `None` when disabled.
    pub fn health_socket(&self) -> Result<Option<SocketAddr>> {
        parse_listen_addr("health-addr", &self.health_addr)
    }
}

/// Parses a Go-style listen address: `:8080`, `127.0.0.1:0`, `[::1]:80`;
/// empty or `0` disables the listener.
fn parse_listen_addr(flag: &'static str, value: &str) -> Result<Option<SocketAddr>> {
    let value = value.trim();
    if value.is_empty() || value == "0" {
        return Ok(None);
    }
    let invalid = |reason: String| Error::InvalidFlag {
        flag,
        value: value.to_string(),
        reason,
    };
    if let Some(port) = value.strip_prefix(':') {
        let port: u16 = port.parse().map_err(|e| invalid(format!("port: {e}")))?;
        return Ok(Some(SocketAddr::new(
            IpAddr::V4(Ipv4Addr::UNSPECIFIED),
            port,
        )));
    }
    value
        .parse()
        .map(Some)
        .map_err(|e| invalid(format!("want HOST:PORT or :PORT: {e}")))
}

/// Parses a Go duration flag value (`750ms`, `15m`, `1h30m`).
fn parse_duration(value: &str) -> std::result::Result<Duration, String> {
    ballast_api::meta::parse_duration(value).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Debug, Parser)]
    struct Flags {
        #[command(flatten)]
        options: Options,
    }

    #[test]
    fn defaults_follow_flux() {
        let flags = Flags::try_parse_from(["x"]).unwrap();
        let o = flags.options;
        assert_eq!(o.concurrent, 4);
        assert!(o.enable_leader_election);
        assert!(o.watch_all_namespaces);
        assert_eq!(o.min_retry_delay, Duration::from_millis(750));
        assert_eq!(o.max_retry_delay, Duration::from_secs(900));
        assert_eq!(
            o.metrics_socket().unwrap(),
            Some("0.0.0.0:8080".parse().unwrap())
        );
        assert_eq!(
            o.health_socket().unwrap(),
            Some("0.0.0.0:9440".parse().unwrap())
        );
    }

    #[test]
    fn go_style_booleans_and_addresses_parse() {
        let flags = Flags::try_parse_from([
            "x",
            "--enable-leader-election=false",
            "--watch-all-namespaces=false",
            "--metrics-addr=127.0.0.1:0",
            "--health-addr=",
            "--watch-label-selector=sharding.fluxcd.io/key=shard1",
        ])
        .unwrap();
        let o = flags.options;
        assert!(!o.enable_leader_election);
        assert!(!o.watch_all_namespaces);
        assert_eq!(
            o.metrics_socket().unwrap(),
            Some("127.0.0.1:0".parse().unwrap())
        );
        assert_eq!(o.health_socket().unwrap(), None);
        assert_eq!(o.watch_label_selector, "sharding.fluxcd.io/key=shard1");
    }

    #[test]
    fn bare_boolean_flags_mean_true_as_in_go() {
        let o = Flags::try_parse_from(["x", "--enable-leader-election", "--watch-all-namespaces"])
            .unwrap()
            .options;
        assert!(o.enable_leader_election && o.watch_all_namespaces);
        let o = Flags::try_parse_from(["x", "--enable-leader-election=false", "--concurrent", "2"])
            .unwrap()
            .options;
        assert!(!o.enable_leader_election);
        assert_eq!(o.concurrent, 2);
    }

    #[test]
    fn bad_values_name_the_flag() {
        let err = parse_listen_addr("metrics-addr", ":http")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("--metrics-addr") && err.contains(":http"),
            "{err}"
        );
        assert!(Flags::try_parse_from(["x", "--min-retry-delay=soon"]).is_err());
        assert!(Flags::try_parse_from(["x", "--interval-jitter-percentage=101"]).is_err());
    }
}
