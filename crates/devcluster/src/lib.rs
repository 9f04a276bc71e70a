//! A local Kubernetes API server for development and tests.
//!
//! [`DevCluster::start`] serves HTTPS on a loopback port with a throwaway CA
//! and a bearer token, keeps objects in memory and answers the way
//! kube-apiserver does: discovery, OpenAPI, CRUD with resourceVersion
//! semantics, watch, patches, tables and CustomResourceDefinitions. Real
//! `kubectl` (through [`DevCluster::kubeconfig`]) and kube-rs (through
//! [`DevCluster::client`]) talk to it unchanged. It is never a production store.
//!
//! With [`Options::data_dir`] every acknowledged write goes to a write-ahead
//! log first and survives a restart. With [`Options::simulate_workloads`] it
//! also plays kube-controller-manager just enough for health checks and
//! `kubectl rollout`: Deployments roll out through ReplicaSets named after
//! their pod template's hash, with revisions (`rollout history`/`undo`) and
//! `revisionHistoryLimit`, StatefulSets and DaemonSets keep
//! ControllerRevisions; Deployments, StatefulSets, DaemonSets and
//! ReplicaSets get a ready status with `observedGeneration` and
//! `Available`/`Progressing` conditions shortly after each change, Jobs
//! complete, Services get a cluster IP; a pod-template annotation
//! `devcluster.ballast.dev/fail: "true"` makes a rollout fail with
//! `Progressing=False` (`ProgressDeadlineExceeded`) and a Job fail.
//!
//! Not served, as there are no nodes: pod logs, exec, port-forward, proxy,
//! metrics. Requests need the bearer token, except `/healthz`, `/livez` and
//! `/readyz`. Protobuf request bodies are understood for the kinds kubectl's
//! `create` generators send (Namespace, ConfigMap, Secret, ServiceAccount,
//! Service, Deployment, Job); responses are JSON (and protobuf for
//! `/openapi/v2`, which kubectl up to 1.28 needs).
//!
//! How it is built: objects are `Arc<serde_json::Value>` in one store with a
//! global resourceVersion; lists and watch fan-out share them instead of
//! copying; a bounded history of changes serves watches that resume from a
//! resourceVersion (410 Gone when it is too old). Strategic merge patch and
//! the list semantics of built-in types come from `ballast-patch`;
//! server-side apply, field ownership, schema validation/defaulting/pruning
//! ([`schema::validate`]) and garbage collection are here.
//!
//! ```no_run
//! # async fn demo() -> Result<(), ballast_devcluster::Error> {
//! let cluster = ballast_devcluster::DevCluster::start(Default::default()).await?;
//! let client = cluster.client()?;
//! # drop(client);
//! cluster.shutdown().await;
//! # Ok(()) }
//! ```

mod api;
mod convert;
mod crd;
mod defaults;
mod discovery;
mod error;
mod gc;
mod history;
mod immutable;
mod managed;
mod openapi;
mod openapi_pb;
mod patch;
mod protobuf;
mod resources;
mod rollout;
pub mod schema;
mod selectors;
mod server;
mod simulate;
mod store;
mod table;
mod tls;
mod token;
mod validation;
mod wal;
mod watch;

pub use error::{Error, FieldError};
pub use server::{DevCluster, Options};
