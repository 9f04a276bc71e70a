//! The `image-reflector-controller` binary: parses flags and runs the controller.

use clap::Parser;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config = ballast_image_reflector_controller::Config::parse();
    ballast_image_reflector_controller::run(config).await?;
    Ok(())
}
