//! Registry client settings from an ImageRepository's spec: credentials
//! (`secretRef`, then the image pull secrets of `serviceAccountName`), TLS
//! (`certSecretRef`), the proxy (`proxySecretRef`), `insecure` and the scan
//! timeout.

use std::collections::BTreeMap;
use std::time::Duration;

use ballast_api::ImageRepository;
use ballast_api::image::v1::RegistryProvider;
use ballast_api::meta::reasons as flux;
use ballast_registry::{ClientOptions, DockerConfig, ProxyOptions, TlsOptions};
use ballast_runtime::ReconcileError;
use k8s_openapi::api::core::v1::{Secret, ServiceAccount};
use kube::api::Api;
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

/// Client settings for scanning `repo`'s `image` (and resolving digests of
/// its tags) with `timeout` per operation.
pub(crate) async fn client_options(
    client: &Client,
    repo: &ImageRepository,
    timeout: Duration,
) -> Result<ClientOptions, ReconcileError> {
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
        add(docker_config(&secrets, &namespace, &secret_ref.name, "spec.secretRef").await?);
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
        for pull in found.image_pull_secrets.iter().flatten() {
            let field = "an imagePullSecret of spec.serviceAccountName";
            add(docker_config(&secrets, &namespace, &pull.name, field).await?);
        }
    }
    if let Some(config) = credentials {
        options = options.docker_config(config);
    }

    if let Some(proxy_ref) = &spec.proxy_secret_ref {
        let data =
            secret_data(&secrets, &namespace, &proxy_ref.name, "spec.proxySecretRef").await?;
        let proxy = ProxyOptions::from_secret_data(&data).map_err(|e| {
            auth_failed(format!(
                "Secret '{namespace}/{}' (spec.proxySecretRef): {e}",
                proxy_ref.name
            ))
        })?;
        options = options.proxy(proxy);
    }
    if let Some(cert_ref) = &spec.cert_secret_ref {
        let data = secret_data(&secrets, &namespace, &cert_ref.name, "spec.certSecretRef").await?;
        let tls = TlsOptions::from_secret_data(&data).map_err(|e| {
            auth_failed(format!(
                "Secret '{namespace}/{}' (spec.certSecretRef): {e}",
                cert_ref.name
            ))
        })?;
        options = options.tls(tls);
    }
    Ok(options)
}

/// The data of Secret `namespace/name`, named by `field` in errors.
async fn secret_data(
    secrets: &Api<Secret>,
    namespace: &str,
    name: &str,
    field: &str,
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
) -> Result<DockerConfig, ReconcileError> {
    let data = secret_data(secrets, namespace, name, field).await?;
    let json = data.get(DOCKER_CONFIG_KEY).ok_or_else(|| {
        auth_failed(format!(
            "Secret '{namespace}/{name}' ({field}) has no '{DOCKER_CONFIG_KEY}' key; create it with type kubernetes.io/dockerconfigjson"
        ))
    })?;
    DockerConfig::from_json(json)
        .map_err(|e| auth_failed(format!("Secret '{namespace}/{name}' ({field}): {e}")))
}
