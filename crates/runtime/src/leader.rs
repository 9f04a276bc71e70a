//! Lease leader election: only the replica holding the Lease reconciles.

use std::future::Future;

use kube::Client;
use kube_lease_manager::{LeaseCreateMode, LeaseManagerBuilder};

use crate::error::{Error, Result};
use crate::options::Options;
use crate::shutdown::ShutdownSignal;

/// Runs `work` while holding the Lease `lease_name` (in
/// `--leader-election-namespace`), or at once when leader election is off.
///
/// Waits until the Lease is acquired, or returns `Ok` if `shutdown` fires
/// first (a standby must stop too); once leading, `work` itself is expected
/// to drain on `shutdown`. If the Lease is lost while `work` runs,
/// `work` is dropped and an error returned, so the process exits and
/// restarts as controller-runtime managers do: two leaders must never
/// reconcile at once. When `work` ends, the Lease is released so a standby
/// takes over without waiting for it to expire.
pub async fn run_as_leader<F>(
    client: Client,
    options: &Options,
    lease_name: &str,
    shutdown: &ShutdownSignal,
    work: F,
) -> Result<()>
where
    F: Future<Output = Result<()>>,
{
    if !options.enable_leader_election {
        return work.await;
    }
    let lease = format!("{}/{}", options.leader_election_namespace, lease_name);
    let failed = |message: String| Error::LeaderElection {
        lease: lease.clone(),
        message,
    };
    let identity = std::env::var("POD_NAME")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|host| format!("{host}_{}", std::process::id()))
        .unwrap_or_else(|| format!("ballast_{}", std::process::id()));
    let manager = LeaseManagerBuilder::new(client, lease_name)
        .with_namespace(&options.leader_election_namespace)
        .with_identity(identity)
        .with_create_mode(LeaseCreateMode::AutoCreate)
        .with_duration(duration_secs(options.leader_election_lease_duration))
        .with_grace(duration_secs(options.leader_election_renew_grace))
        .with_field_manager(lease_name)
        .build()
        .await
        .map_err(|e| failed(e.to_string()))?;
    let (mut is_leader, task) = manager.watch().await;

    tracing::info!(%lease, "waiting for leadership");
    let acquired = async {
        while !*is_leader.borrow_and_update() {
            is_leader
                .changed()
                .await
                .map_err(|_| failed("lease manager stopped before acquiring the lease".into()))?;
        }
        Ok::<bool, Error>(true)
    };
    let leading = tokio::select! {
        acquired = acquired => acquired?,
        () = shutdown.clone().fired() => false,
    };
    if !leading {
        tracing::info!(%lease, "shut down while waiting for leadership");
        drop(is_leader);
        let _ = task.await;
        return Ok(());
    }
    tracing::info!(%lease, "acquired leadership");

    let outcome = {
        let lost = async {
            loop {
                if is_leader.changed().await.is_err() || !*is_leader.borrow_and_update() {
                    return;
                }
            }
        };
        tokio::select! {
            result = work => result,
            () = lost => Err(failed("lost the lease while reconciling".into())),
        }
    };

    // Closing the channel stops the manager task, which hands the manager back for release.
    drop(is_leader);
    match task.await {
        Ok(Ok(manager)) => {
            if let Err(err) = manager.release().await {
                tracing::warn!(%lease, %err, "cannot release the lease");
            }
        }
        Ok(Err(err)) => tracing::warn!(%lease, %err, "lease manager failed"),
        Err(err) => tracing::warn!(%lease, %err, "lease manager task failed"),
    }
    outcome
}

fn duration_secs(d: std::time::Duration) -> kube_lease_manager::DurationSeconds {
    d.as_secs().max(1)
}
