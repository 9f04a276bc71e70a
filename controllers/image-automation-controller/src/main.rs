//! The `image-automation-controller` binary: parses flags and runs the controller.

use clap::Parser;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config = ballast_image_automation_controller::Config::parse();
    ballast_image_automation_controller::run(config).await?;
    Ok(())
}
