//! The `source-controller` binary: parses flags and runs the controller.

use clap::Parser;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config = ballast_source_controller::Config::parse();
    ballast_source_controller::run(config).await?;
    Ok(())
}
