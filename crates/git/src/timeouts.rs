//! libgit2's process-wide network timeouts.
//!
//! Without them libgit2 waits forever on a server that accepts a connection and then
//! goes silent (measured: a fetch from such a server still hung after 20 s), which
//! would pin a controller worker for good. git2 only offers `unsafe` setters for these
//! C globals; the same one-time step registers this crate's own transport
//! (`crate::transport`), also a write to a libgit2 global.

use std::sync::{Once, OnceLock};
use std::time::Duration;

/// Default time allowed to establish a TCP connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(30);
/// Default time a single read or write to the server may stall.
pub const DEFAULT_IO_TIMEOUT: Duration = Duration::from_secs(60);

static CHOSEN: OnceLock<(Duration, Duration)> = OnceLock::new();
static APPLIED: Once = Once::new();

/// Sets libgit2's connect and read/write timeouts for the whole process.
///
/// Call it once at startup; the first call wins (later calls return `false`). If it is
/// never called, [`DEFAULT_CONNECT_TIMEOUT`] and [`DEFAULT_IO_TIMEOUT`] apply from the
/// first remote operation on.
pub fn set_network_timeouts(connect: Duration, io: Duration) -> bool {
    let fresh = CHOSEN.set((connect, io)).is_ok();
    ensure();
    fresh && APPLIED.is_completed()
}

/// The connect timeout in force.
pub(crate) fn connect_timeout() -> Duration {
    CHOSEN.get().map(|t| t.0).unwrap_or(DEFAULT_CONNECT_TIMEOUT)
}

/// The read/write timeout in force.
pub(crate) fn io_timeout() -> Duration {
    CHOSEN.get().map(|t| t.1).unwrap_or(DEFAULT_IO_TIMEOUT)
}

fn millis(d: Duration) -> i32 {
    i32::try_from(d.as_millis()).unwrap_or(i32::MAX).max(1)
}

/// Applies the chosen timeouts to libgit2, once. Every remote operation of this crate
/// calls it first.
#[allow(unsafe_code)]
pub(crate) fn ensure() {
    APPLIED.call_once(|| {
        let (connect, io) = *CHOSEN.get_or_init(|| (DEFAULT_CONNECT_TIMEOUT, DEFAULT_IO_TIMEOUT));
        // SAFETY: git2 asks that these globals are not written while other threads use
        // libgit2. Only this crate uses libgit2 in Ballast, and every one of its remote
        // operations passes through this `Once` first, which makes this write
        // happen-before all of them and keeps other threads waiting until it is done.
        unsafe {
            let _ = git2::opts::set_server_connect_timeout_in_milliseconds(millis(connect));
            let _ = git2::opts::set_server_timeout_in_milliseconds(millis(io));
        }
        // SAFETY: the same `Once` serialises registration against every use of libgit2.
        unsafe { crate::transport::register() };
    });
}
