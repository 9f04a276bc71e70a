//! One shutdown request, awaited by many tasks (controllers, servers,
//! the leader-election wait).

use std::future::Future;

use tokio::sync::watch;

/// Fires once, when the future it was made from resolves; clone it for
/// every task that must stop.
#[derive(Clone, Debug)]
pub struct ShutdownSignal(watch::Receiver<bool>);

impl ShutdownSignal {
    /// A signal fired when `trigger` resolves (e.g. [`crate::shutdown_signal`]).
    pub fn new(trigger: impl Future<Output = ()> + Send + 'static) -> Self {
        let (tx, rx) = watch::channel(false);
        tokio::spawn(async move {
            trigger.await;
            let _ = tx.send(true);
        });
        Self(rx)
    }

    /// Resolves once the signal has fired.
    pub async fn fired(mut self) {
        // NB: the sender only goes away after sending, or with the runtime.
        let _ = self.0.wait_for(|fired| *fired).await;
    }

    /// Whether the signal has fired.
    pub fn has_fired(&self) -> bool {
        *self.0.borrow()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn every_clone_sees_the_signal() {
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let signal = ShutdownSignal::new(async {
            let _ = rx.await;
        });
        let waiter = tokio::spawn(signal.clone().fired());
        assert!(!signal.has_fired());
        tx.send(()).unwrap();
        tokio::time::timeout(std::time::Duration::from_secs(5), waiter)
            .await
            .unwrap()
            .unwrap();
        assert!(signal.has_fired());
        signal.clone().fired().await;
    }
}
