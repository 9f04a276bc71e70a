//! Registry client settings from an ImageRepository's spec: credentials
//! (`secretRef`, then the image pull secrets of `serviceAccountName`), TLS
//! (`certSecretRef`), the proxy (`proxySecretRef`), `insecure` and the scan
//! timeout.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ballast_api::ImageRepository;
use ballast_api::image::v1::RegistryProvider;
use ballast_api::meta::reasons as flux;
use ballast_registry::{
    Client as RegistryClient, ClientOptions, DockerConfig, ProxyOptions, TlsOptions,
};
use ballast_runtime::ReconcileError;
use k8s_openapi::api::core::v1::{Secret, ServiceAccount};
use kube::api::{Api, ObjectMeta};
use kube::{Client, ResourceExt};

/// The Secret key holding a Docker config (`kubernetes.io/dockerconfigjson`).
const DOCKER_CONFIG_KEY: &str = ".dockerconfigjson";

/// A failure to put the client settings together: `Ready=False`,
/// `AuthenticationFailed`, retried (the Secret may appear or be fixed).
fn auth_failed(message: impl std::fmt::Display) -> ReconcileError {
    ReconcileError::Transient {
        reason: flux::AUTHENTICATION_FAILED,
        message: format!("failed to configure authentication options: {message}"),
    }
}

/// A client and the fingerprint of the settings it was made from.
type Cached = (String, Arc<RegistryClient>);

/// Registry clients per ImageRepository, reused while the settings they were
/// made from stay the same, so tokens, TLS set-up and connections carry over
/// from one scan (or digest lookup) to the next.
#[derive(Debug, Default)]
pub(crate) struct RegistryClients {
    clients: Mutex<HashMap<(String, String), Cached>>,
}

impl RegistryClients {
    /// The client for `repo` with `timeout`; a new one when the spec or a
    /// Secret or ServiceAccount it reads changed.
    pub(crate) async fn for_repository(
        &self,
        client: &Client,
        repo: &ImageRepository,
        timeout: Duration,
    ) -> Result<Arc<RegistryClient>, ReconcileError> {
        let (options, fingerprint) = client_options(client, repo, timeout).await?;
        let key = (repo.namespace().unwrap_or_default(), repo.name_any());
        if let Some((seen, cached)) = self.clients.lock().ok().and_then(|c| c.get(&key).cloned())
            && seen == fingerprint
        {
            return Ok(cached);
        }
        let fresh = Arc::new(RegistryClient::new(options).map_err(auth_failed)?);
        if let Ok(mut clients) = self.clients.lock() {
            clients.insert(key, (fingerprint, fresh.clone()));
        }
        Ok(fresh)
    }

    /// Drops the client of ImageRepository `namespace/name` (it was deleted).
    pub(crate) fn forget(&self, namespace: &str, name: &str) {
        if let Ok(mut clients) = self.clients.lock() {
            clients.remove(&(namespace.to_string(), name.to_string()));
        }
    }
}

/// Client settings for scanning `repo`'s `image` (and resolving digests of
/// its tags) with `timeout` per operation, and a fingerprint of everything
/// they were made from (spec fields, uid and resourceVersion of each object
/// read), which changes whenever the settings may have.
pub(crate) async fn client_options(
    client: &Client,
    repo: &ImageRepository,
    timeout: Duration,
) -> Result<(ClientOptions, String), ReconcileError> {
    let namespace = repo.namespace().unwrap_or_default();
    let spec = &repo.spec;
    if spec.provider() != RegistryProvider::Generic {
        // NB: cloud workload identity needs the cloud's metadata and token
        // services; without them this can only fail, so say so once.
        return Err(ReconcileError::Stalled {
            reason: flux::AUTHENTICATION_FAILED,
            message: format!(
                "spec.provider '{}': cloud provider authentication is not supported by Ballast; use 'generic' with spec.secretRef",
                serde_json::to_value(spec.provider())
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default()
            ),
        });
    }
    let secrets: Api<Secret> = Api::namespaced(client.clone(), &namespace);
    let mut seen = vec![format!(
        "insecure={:?} timeout={timeout:?}",
        spec.insecure.unwrap_or(false)
    )];
    let mut options = ClientOptions::new()
        .insecure(spec.insecure.unwrap_or(false))
        .timeout(timeout);

    // Credentials: spec.secretRef, then the service account's image pull
    // secrets; on equally specific registry matches the earlier entry wins.
    let mut credentials: Option<DockerConfig> = None;
    let mut add = |config: DockerConfig| match credentials.as_mut() {
        Some(all) => all.merge(config),
        None => credentials = Some(config),
    };
    if let Some(secret_ref) = &spec.secret_ref {
        add(docker_config(
            &secrets,
            &namespace,
            &secret_ref.name,
            "spec.secretRef",
            &mut seen,
        )
        .await?);
    }
    if let Some(account) = spec
        .service_account_name
        .as_deref()
        .filter(|a| !a.is_empty())
    {
        let accounts: Api<ServiceAccount> = Api::namespaced(client.clone(), &namespace);
        let found = accounts.get_opt(account).await.map_err(|e| {
            auth_failed(format!(
                "cannot get ServiceAccount '{namespace}/{account}': {e}"
            ))
        })?;
        let found = found.ok_or_else(|| {
            auth_failed(format!(
                "ServiceAccount '{namespace}/{account}' (spec.serviceAccountName) not found"
            ))
        })?;
        seen.push(object_version("ServiceAccount", &found.metadata));
        for pull in found.image_pull_secrets.iter().flatten() {
            let field = "an imagePullSecret of spec.serviceAccountName";
            add(docker_config(&secrets, &namespace, &pull.name, field, &mut seen).await?);
        }
    }
    if let Some(config) = credentials {
        options = options.docker_config(config);
    }

    if let Some(proxy_ref) = &spec.proxy_secret_ref {
        let data = secret_data(
            &secrets,
            &namespace,
            &proxy_ref.name,
            "spec.proxySecretRef",
            &mut seen,
        )
        .await?;
        let proxy = ProxyOptions::from_secret_data(&data).map_err(|e| {
            auth_failed(format!(
                "Secret '{namespace}/{}' (spec.proxySecretRef): {e}",
                proxy_ref.name
            ))
        })?;
        options = options.proxy(proxy);
    }
    if let Some(cert_ref) = &spec.cert_secret_ref {
        let data = secret_data(
            &secrets,
            &namespace,
            &cert_ref.name,
            "spec.certSecretRef",
            &mut seen,
        )
        .await?;
        let tls = TlsOptions::from_secret_data(&data).map_err(|e| {
            auth_failed(format!(
                "Secret '{namespace}/{}' (spec.certSecretRef): {e}",
                cert_ref.name
            ))
        })?;
        options = options.tls(tls);
    }
    Ok((options, seen.join("\n")))
}

/// `kind name uid resourceVersion`, for fingerprints.
fn object_version(kind: &str, meta: &ObjectMeta) -> String {
    format!(
        "{kind} {} {} {}",
        meta.name.as_deref().unwrap_or_default(),
        meta.uid.as_deref().unwrap_or_default(),
        meta.resource_version.as_deref().unwrap_or_default()
    )
}

/// The data of Secret `namespace/name`, named by `field` in errors.
async fn secret_data(
    secrets: &Api<Secret>,
    namespace: &str,
    name: &str,
    field: &str,
    seen: &mut Vec<String>,
) -> Result<BTreeMap<String, Vec<u8>>, ReconcileError> {
    let secret = secrets
        .get_opt(name)
        .await
        .map_err(|e| {
            auth_failed(format!(
                "cannot get Secret '{namespace}/{name}' ({field}): {e}"
            ))
        })?
        .ok_or_else(|| auth_failed(format!("Secret '{namespace}/{name}' ({field}) not found")))?;
    seen.push(object_version("Secret", &secret.metadata));
    let mut data: BTreeMap<String, Vec<u8>> = secret
        .data
        .unwrap_or_default()
        .into_iter()
        .map(|(k, v)| (k, v.0))
        .collect();
    // stringData is folded into data by the API server; a store that keeps
    // it apart (or a fresh object) still counts.
    for (k, v) in secret.string_data.unwrap_or_default() {
        data.entry(k).or_insert_with(|| v.into_bytes());
    }
    Ok(data)
}

/// The Docker config in Secret `namespace/name`'s `.dockerconfigjson`.
async fn docker_config(
    secrets: &Api<Secret>,
    namespace: &str,
    name: &str,
    field: &str,
    seen: &mut Vec<String>,
) -> Result<DockerConfig, ReconcileError> {
    let data = secret_data(secrets, namespace, name, field, seen).await?;
    let json = data.get(DOCKER_CONFIG_KEY).ok_or_else(|| {
        auth_failed(format!(
            "Secret '{namespace}/{name}' ({field}) has no '{DOCKER_CONFIG_KEY}' key; create it with type kubernetes.io/dockerconfigjson"
        ))
    })?;
    DockerConfig::from_json(json)
        .map_err(|e| auth_failed(format!("Secret '{namespace}/{name}' ({field}): {e}")))
}
