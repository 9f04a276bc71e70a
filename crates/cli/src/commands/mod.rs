//! One module per `ballast` subcommand.

pub(crate) mod dev;
pub(crate) mod render;
