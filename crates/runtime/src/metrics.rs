//! Prometheus metrics: Flux's `gotk_reconcile_duration_seconds` and the
//! controller-runtime reconcile counters dashboards already chart.

use std::sync::Arc;
use std::time::Duration;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ObjectLabels {
    kind: String,
    name: String,
    namespace: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ControllerLabels {
    controller: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ResultLabels {
    controller: String,
    result: String,
}

/// How one reconcile ended, for `controller_runtime_reconcile_total`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Finished; requeued after its interval.
    Success,
    /// Failed and will be retried.
    Error,
    /// Not finished (waiting on a dependency) and requeued.
    Requeue,
}

impl Outcome {
    fn label(self) -> &'static str {
        match self {
            Self::Success => "success",
            Self::Error => "error",
            Self::Requeue => "requeue_after",
        }
    }
}

/// The metrics of every controller in this process, and their registry.
#[derive(Clone)]
pub struct Metrics {
    registry: Arc<Registry>,
    reconcile_duration: Family<ObjectLabels, Histogram>,
    reconcile_time: Family<ControllerLabels, Histogram>,
    reconcile_total: Family<ResultLabels, Counter>,
    reconcile_errors: Family<ControllerLabels, Counter>,
    active_workers: Family<ControllerLabels, Gauge>,
    max_concurrent: Family<ControllerLabels, Gauge>,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metrics").finish_non_exhaustive()
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

fn duration_histogram() -> Histogram {
    // 10 ms … ~80 s: covers a no-op reconcile and a slow clone alike.
    Histogram::new(exponential_buckets(0.01, 2.0, 14))
}

impl Metrics {
    /// A fresh registry with every metric registered.
    pub fn new() -> Self {
        let mut registry = Registry::default();
        let reconcile_duration = Family::<ObjectLabels, Histogram>::new_with_constructor(
            duration_histogram as fn() -> Histogram,
        );
        registry.register(
            "gotk_reconcile_duration_seconds",
            "The duration in seconds of a GitOps Toolkit resource reconciliation.",
            reconcile_duration.clone(),
        );
        let reconcile_time = Family::<ControllerLabels, Histogram>::new_with_constructor(
            duration_histogram as fn() -> Histogram,
        );
        registry.register(
            "controller_runtime_reconcile_time_seconds",
            "Length of time per reconciliation per controller",
            reconcile_time.clone(),
        );
        let reconcile_total = Family::<ResultLabels, Counter>::default();
        // NB: prometheus-client appends `_total` to counters.
        registry.register(
            "controller_runtime_reconcile",
            "Total number of reconciliations per controller",
            reconcile_total.clone(),
        );
        let reconcile_errors = Family::<ControllerLabels, Counter>::default();
        registry.register(
            "controller_runtime_reconcile_errors",
            "Total number of reconciliation errors per controller",
            reconcile_errors.clone(),
        );
        let active_workers = Family::<ControllerLabels, Gauge>::default();
        registry.register(
            "controller_runtime_active_workers",
            "Number of currently used workers per controller",
            active_workers.clone(),
        );
        let max_concurrent = Family::<ControllerLabels, Gauge>::default();
        registry.register(
            "controller_runtime_max_concurrent_reconciles",
            "Maximum number of concurrent reconciles per controller",
            max_concurrent.clone(),
        );
        Self {
            registry: Arc::new(registry),
            reconcile_duration,
            reconcile_time,
            reconcile_total,
            reconcile_errors,
            active_workers,
            max_concurrent,
        }
    }

    /// Records the configured worker count of `controller`.
    pub(crate) fn set_max_concurrent(&self, controller: &str, workers: u16) {
        self.max_concurrent
            .get_or_create(&ControllerLabels {
                controller: controller.to_string(),
            })
            .set(i64::from(workers));
    }

    /// Marks a reconcile of `controller` as started; the guard marks it done.
    pub(crate) fn worker_started(&self, controller: &str) -> WorkerGuard {
        let gauge = self
            .active_workers
            .get_or_create(&ControllerLabels {
                controller: controller.to_string(),
            })
            .clone();
        gauge.inc();
        WorkerGuard { gauge }
    }

    /// Records one finished reconcile.
    pub(crate) fn record(
        &self,
        controller: &str,
        kind: &str,
        namespace: &str,
        name: &str,
        elapsed: Duration,
        outcome: Outcome,
    ) {
        let seconds = elapsed.as_secs_f64();
        self.reconcile_duration
            .get_or_create(&ObjectLabels {
                kind: kind.to_string(),
                name: name.to_string(),
                namespace: namespace.to_string(),
            })
            .observe(seconds);
        let controller_labels = ControllerLabels {
            controller: controller.to_string(),
        };
        self.reconcile_time
            .get_or_create(&controller_labels)
            .observe(seconds);
        self.reconcile_total
            .get_or_create(&ResultLabels {
                controller: controller.to_string(),
                result: outcome.label().to_string(),
            })
            .inc();
        if outcome == Outcome::Error {
            self.reconcile_errors
                .get_or_create(&controller_labels)
                .inc();
        }
    }

    /// The metrics in the Prometheus text exposition format.
    pub fn encode(&self) -> String {
        let mut out = String::new();
        // NB: writing into a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut out, &self.registry);
        out
    }
}

/// Decrements the active-worker gauge when a reconcile ends, however it ends.
pub(crate) struct WorkerGuard {
    gauge: Gauge,
}

impl Drop for WorkerGuard {
    fn drop(&mut self) {
        self.gauge.dec();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_flux_and_controller_runtime_series() {
        let metrics = Metrics::new();
        metrics.set_max_concurrent("gitrepository", 4);
        {
            let _worker = metrics.worker_started("gitrepository");
            metrics.record(
                "gitrepository",
                "GitRepository",
                "flux-system",
                "podinfo",
                Duration::from_millis(30),
                Outcome::Success,
            );
        }
        metrics.record(
            "gitrepository",
            "GitRepository",
            "flux-system",
            "podinfo",
            Duration::from_millis(5),
            Outcome::Error,
        );
        let text = metrics.encode();
        assert!(text.contains(
            r#"gotk_reconcile_duration_seconds_count{kind="GitRepository",name="podinfo",namespace="flux-system"} 2"#
        ), "{text}");
        assert!(text.contains(r#"controller_runtime_reconcile_total{controller="gitrepository",result="success"} 1"#), "{text}");
        assert!(
            text.contains(
                r#"controller_runtime_reconcile_total{controller="gitrepository",result="error"} 1"#
            ),
            "{text}"
        );
        assert!(
            text.contains(
                r#"controller_runtime_reconcile_errors_total{controller="gitrepository"} 1"#
            ),
            "{text}"
        );
        assert!(
            text.contains(r#"controller_runtime_active_workers{controller="gitrepository"} 0"#),
            "{text}"
        );
        assert!(
            text.contains(
                r#"controller_runtime_max_concurrent_reconciles{controller="gitrepository"} 4"#
            ),
            "{text}"
        );
    }
}
