//! One module per `ballast` subcommand.

mod connect;
pub(crate) mod dev;
pub(crate) mod get;
mod kinds;
pub(crate) mod reconcile;
pub(crate) mod render;
pub(crate) mod suspend;
