//! Structured logs, as Flux writes them: JSON by default.

use tracing_subscriber::EnvFilter;

use crate::error::{Error, Result};

/// Installs the global tracing subscriber with `level` (`debug`, `info`,
/// `error`, or any `tracing` filter) and `encoding` (`json` or `console`).
/// Calling it twice is an error from the second call, which callers that run
/// several controllers in one process may ignore.
pub fn init_logging(level: &str, encoding: &str) -> Result<()> {
    let filter = EnvFilter::try_new(level)
        .map_err(|e| Error::Logging(format!("--log-level {level:?}: {e}")))?;
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let installed = match encoding {
        "json" => builder.json().flatten_event(true).try_init(),
        "console" => builder.try_init(),
        other => {
            return Err(Error::Logging(format!(
                "--log-encoding {other:?}: want json or console"
            )));
        }
    };
    installed.map_err(|e| Error::Logging(e.to_string()))
}
