//! The `kustomize-controller` binary: flags in, [`ballast_kustomize_controller::run`] out.

use clap::Parser;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config = ballast_kustomize_controller::Config::parse();
    ballast_kustomize_controller::run(config).await?;
    Ok(())
}
