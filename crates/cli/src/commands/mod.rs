//! One module per `ballast` subcommand.

pub(crate) mod render;
