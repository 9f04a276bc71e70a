//! Status writes shared by both reconcilers: each patch carries only what
//! changed since the last one this reconcile wrote.

use std::fmt::Debug;

use ballast_api::image::v1::{ImagePolicyStatus, ImageRepositoryStatus};
use ballast_api::meta::{self, Condition, reasons as flux};
use ballast_runtime::{ReconcileError, ResultExt};
use kube::Resource;
use kube::api::Api;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::FIELD_MANAGER;

/// A status with conditions.
pub(crate) trait Conditions {
    /// The conditions, created empty when absent.
    fn conditions_mut(&mut self) -> &mut Vec<Condition>;
    /// The conditions.
    fn conditions(&self) -> &[Condition];

    /// The condition of type `type_`.
    fn condition(&self, type_: &str) -> Option<&Condition> {
        meta::find_condition(self.conditions(), type_)
    }
}

impl Conditions for ImageRepositoryStatus {
    fn conditions_mut(&mut self) -> &mut Vec<Condition> {
        self.conditions.get_or_insert_with(Vec::new)
    }
    fn conditions(&self) -> &[Condition] {
        self.conditions.as_deref().unwrap_or_default()
    }
}

impl Conditions for ImagePolicyStatus {
    fn conditions_mut(&mut self) -> &mut Vec<Condition> {
        self.conditions.get_or_insert_with(Vec::new)
    }
    fn conditions(&self) -> &[Condition] {
        self.conditions.as_deref().unwrap_or_default()
    }
}

/// Writes status patches for one reconcile of `obj`, remembering what the
/// API server already holds.
pub(crate) struct StatusWriter<'a, K, S> {
    api: Api<K>,
    obj: &'a K,
    written: S,
}

impl<'a, K, S> StatusWriter<'a, K, S>
where
    K: Resource<DynamicType = ()> + Clone + DeserializeOwned + Debug,
    S: Serialize + Clone + Conditions,
{
    /// A writer for `obj`, whose status on the server is `written`.
    pub(crate) fn new(api: Api<K>, obj: &'a K, written: S) -> Self {
        Self { api, obj, written }
    }

    /// Patches the difference between what was written and `status`.
    pub(crate) async fn write(&mut self, status: &S) -> Result<(), ReconcileError> {
        ballast_runtime::patch_status(
            &self.api,
            self.obj,
            FIELD_MANAGER,
            Some(&self.written),
            status,
        )
        .await
        .reason(flux::PATCH_OPERATION_FAILED)?;
        self.written = status.clone();
        Ok(())
    }

    /// Marks `Reconciling=True` with `message` and writes it straight away,
    /// so users see progress before a slow step (STYLE.md rule 8).
    pub(crate) async fn progress(
        &mut self,
        status: &mut S,
        message: &str,
    ) -> Result<(), ReconcileError> {
        meta::mark_reconciling(
            status.conditions_mut(),
            flux::PROGRESSING,
            message,
            self.obj.meta().generation,
            ballast_runtime::now(),
        );
        self.write(status).await
    }
}
