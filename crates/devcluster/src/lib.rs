//! A local Kubernetes API server for development and tests.
//!
//! [`DevCluster::start`] serves HTTPS on a loopback port with a throwaway CA
//! and a bearer token, keeps objects in memory and answers the way
//! kube-apiserver does: discovery, OpenAPI, CRUD with resourceVersion
//! semantics, watch, patches, tables and CustomResourceDefinitions. Real
//! `kubectl` (through [`DevCluster::kubeconfig`]) and kube-rs (through
//! [`DevCluster::client`]) talk to it unchanged. It is never a production store.
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
mod crd;
mod discovery;
mod error;
mod gc;
mod managed;
mod openapi;
mod patch;
mod protobuf;
mod resources;
pub mod schema;
mod selectors;
mod server;
mod store;
mod table;
mod tls;
mod wal;
mod watch;

pub use error::{Error, FieldError};
pub use server::{DevCluster, Options};
