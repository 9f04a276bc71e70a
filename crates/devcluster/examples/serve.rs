//! Serves a dev cluster until Ctrl-C and writes its kubeconfig to the path
//! given as the first argument: `cargo run -p ballast-devcluster --example serve -- /tmp/kc`.

use ballast_devcluster::{DevCluster, Options};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "kubeconfig".into());
    let cluster = DevCluster::start(Options::default()).await?;
    std::fs::write(&path, cluster.kubeconfig())?;
    println!("devcluster listening on {}", cluster.url());
    tokio::signal::ctrl_c().await?;
    cluster.shutdown().await;
    Ok(())
}
