//! The cluster a Kustomization's objects go to, and as whom: the local
//! cluster or the one of `spec.kubeConfig.secretRef`, as the controller or
//! as the impersonated service account of `spec.serviceAccountName` (or
//! `--default-service-account`), with Flux's semantics.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use ballast_api::Kustomization;
use ballast_api::meta::KubeConfigReference;
use http::HeaderValue;
use k8s_openapi::api::core::v1::{Secret, ServiceAccount};
use kube::api::Api;
use kube::config::{KubeConfigOptions, Kubeconfig};
use kube::{Client, ResourceExt};

/// How kubeconfigs from Secrets may authenticate (`--insecure-kubeconfig-*`).
#[derive(Clone, Debug, Default)]
pub(crate) struct KubeConfigPolicy {
    /// Allow `user.exec` credential plugins.
    pub(crate) allow_exec: bool,
    /// Honour `insecure-skip-tls-verify`.
    pub(crate) allow_insecure_tls: bool,
}

/// Where and as whom to apply.
pub(crate) struct Target {
    /// The client for apply, prune and health checks: the local cluster's
    /// or a remote one's, as the controller or an impersonated account.
    pub(crate) client: Client,
    /// Whether `client` talks to another cluster than the controller's.
    pub(crate) remote: bool,
}

/// The service account the Kustomization runs as: `spec.serviceAccountName`,
/// else the controller's default, in the Kustomization's namespace.
pub(crate) fn service_account(ks: &Kustomization, default: Option<&str>) -> Option<String> {
    ks.spec
        .service_account_name
        .as_deref()
        .or(default)
        .filter(|name| !name.is_empty())
        .map(str::to_string)
}

/// The Kubernetes user name of service account `name` in `namespace`.
pub(crate) fn service_account_user(namespace: &str, name: &str) -> String {
    format!("system:serviceaccount:{namespace}:{name}")
}

/// Why no client could be made for the target cluster.
pub(crate) type TargetError = String;

/// The client to apply `ks` with. `local` is the controller's own client.
pub(crate) async fn target(
    local: &Client,
    ks: &Kustomization,
    default_service_account: Option<&str>,
    policy: &KubeConfigPolicy,
) -> Result<Target, TargetError> {
    let namespace = ks.namespace().unwrap_or_default();
    let user = service_account(ks, default_service_account)
        .map(|name| service_account_user(&namespace, &name));
    match &ks.spec.kube_config {
        Some(reference) => {
            let client =
                remote_client(local, &namespace, reference, policy, user.as_deref()).await?;
            Ok(Target {
                client,
                remote: true,
            })
        }
        None => {
            let client = match &user {
                Some(user) => impersonating(local.clone(), user)?,
                None => local.clone(),
            };
            Ok(Target {
                client,
                remote: false,
            })
        }
    }
}

/// Whether the account `ks` would impersonate exists (always true without
/// one, or for a remote cluster where it is not visible): Flux skips
/// garbage collection on deletion when it does not, instead of failing
/// forever.
pub(crate) async fn can_impersonate(
    local: &Client,
    ks: &Kustomization,
    default_service_account: Option<&str>,
) -> bool {
    let Some(name) = service_account(ks, default_service_account) else {
        return true;
    };
    if ks.spec.kube_config.is_some() {
        return true;
    }
    let namespace = ks.namespace().unwrap_or_default();
    Api::<ServiceAccount>::namespaced(local.clone(), &namespace)
        .get_opt(&name)
        .await
        .is_ok_and(|sa| sa.is_some())
}

/// `client`, sending every request as `user` (`Impersonate-User`), over the
/// same connections and credentials.
fn impersonating(client: Client, user: &str) -> Result<Client, TargetError> {
    let value = HeaderValue::from_str(user)
        .map_err(|e| format!("cannot impersonate {user:?}: invalid header value: {e}"))?;
    let namespace = client.default_namespace().to_string();
    let service = tower::service_fn(move |mut request: http::Request<kube::client::Body>| {
        let client = client.clone();
        let value = value.clone();
        async move {
            // NB: replace, never append: one request has one identity.
            request.headers_mut().insert("impersonate-user", value);
            client.send(request).await
        }
    });
    Ok(Client::new(service, namespace))
}

/// A client for the cluster of the kubeconfig in `spec.kubeConfig.secretRef`
/// (key `value` or `value.yaml` unless one is given), sanitised as Flux does:
/// only inline credentials and CA data count, exec plugins only with
/// `--insecure-kubeconfig-exec`, `insecure-skip-tls-verify` only with
/// `--insecure-kubeconfig-tls`.
async fn remote_client(
    local: &Client,
    namespace: &str,
    reference: &KubeConfigReference,
    policy: &KubeConfigPolicy,
    user: Option<&str>,
) -> Result<Client, TargetError> {
    read_kubeconfig(local, namespace, reference)
        .await?
        .client(policy, user)
        .await
}

/// The kubeconfig of a remote cluster as read from its Secret.
pub(crate) struct RemoteKubeconfig {
    /// `namespace/name` of the Secret.
    id: String,
    text: String,
}

impl RemoteKubeconfig {
    /// Names the Secret and its content: Kustomizations with equal keys
    /// talk to the same cluster as the same identity; an edited Secret
    /// gives a new key.
    pub(crate) fn key(&self) -> String {
        let mut hasher = DefaultHasher::new();
        self.text.hash(&mut hasher);
        format!("{}#{:016x}", self.id, hasher.finish())
    }

    /// A client for the cluster, as `user` when given.
    pub(crate) async fn client(
        self,
        policy: &KubeConfigPolicy,
        user: Option<&str>,
    ) -> Result<Client, TargetError> {
        let id = self.id;
        let mut kubeconfig = Kubeconfig::from_yaml(&self.text)
            .map_err(|e| format!("KubeConfig secret '{id}': invalid kubeconfig: {e}"))?;
        sanitize(&mut kubeconfig, policy).map_err(|e| format!("KubeConfig secret '{id}': {e}"))?;
        let mut config =
            kube::Config::from_custom_kubeconfig(kubeconfig, &KubeConfigOptions::default())
                .await
                .map_err(|e| format!("KubeConfig secret '{id}': {e}"))?;
        config.auth_info.impersonate = user.map(str::to_string);
        Client::try_from(config)
            .map_err(|e| format!("KubeConfig secret '{id}': cannot create a client: {e}"))
    }
}

/// The kubeconfig of `ks`'s remote cluster, or `None` when it applies to
/// the local one.
pub(crate) async fn remote_kubeconfig(
    local: &Client,
    ks: &Kustomization,
) -> Result<Option<RemoteKubeconfig>, TargetError> {
    match &ks.spec.kube_config {
        Some(reference) => {
            let namespace = ks.namespace().unwrap_or_default();
            read_kubeconfig(local, &namespace, reference)
                .await
                .map(Some)
        }
        None => Ok(None),
    }
}

/// Reads the kubeconfig of `spec.kubeConfig.secretRef` (key `value` or
/// `value.yaml` unless one is given).
async fn read_kubeconfig(
    local: &Client,
    namespace: &str,
    reference: &KubeConfigReference,
) -> Result<RemoteKubeconfig, TargetError> {
    let Some(secret_ref) = &reference.secret_ref else {
        return Err(
            "spec.kubeConfig.configMapRef (workload identity) is not supported by Ballast yet; use spec.kubeConfig.secretRef"
                .to_string(),
        );
    };
    let id = format!("{namespace}/{}", secret_ref.name);
    let secret = Api::<Secret>::namespaced(local.clone(), namespace)
        .get_opt(&secret_ref.name)
        .await
        .map_err(|e| format!("unable to read KubeConfig secret '{id}': {e}"))?
        .ok_or_else(|| format!("KubeConfig secret '{id}' not found"))?;
    let data = secret.data.unwrap_or_default();
    let bytes = match secret_ref.key.as_deref().filter(|k| !k.is_empty()) {
        Some(key) => data.get(key).ok_or_else(|| {
            format!("KubeConfig secret '{id}' does not contain a '{key}' key with a kubeconfig")
        })?,
        None => data
            .get("value")
            .or_else(|| data.get("value.yaml"))
            .ok_or_else(|| {
                format!("KubeConfig secret '{id}' does not contain a 'value' key with a kubeconfig")
            })?,
    };
    let text = std::str::from_utf8(&bytes.0)
        .map_err(|e| format!("KubeConfig secret '{id}': the kubeconfig is not UTF-8: {e}"))?
        .to_string();
    Ok(RemoteKubeconfig { id, text })
}

/// Drops what a kubeconfig from a Secret may not use: files of the
/// controller's filesystem, auth providers, its own impersonation, and
/// (unless allowed) exec plugins and disabled TLS verification.
fn sanitize(kubeconfig: &mut Kubeconfig, policy: &KubeConfigPolicy) -> Result<(), String> {
    for named in &mut kubeconfig.clusters {
        if let Some(cluster) = named.cluster.as_mut() {
            cluster.certificate_authority = None;
            if !policy.allow_insecure_tls {
                cluster.insecure_skip_tls_verify = None;
            }
        }
    }
    for named in &mut kubeconfig.auth_infos {
        let Some(auth) = named.auth_info.as_mut() else {
            continue;
        };
        if auth.exec.is_some() && !policy.allow_exec {
            return Err(format!(
                "user {:?} authenticates with an exec plugin, which needs the --insecure-kubeconfig-exec flag",
                named.name
            ));
        }
        auth.token_file = None;
        auth.client_certificate = None;
        auth.client_key = None;
        auth.auth_provider = None;
        auth.impersonate = None;
        auth.impersonate_uid = None;
        auth.impersonate_groups = None;
        auth.impersonate_user_extra = None;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const KUBECONFIG: &str = "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://127.0.0.1:6443\n    certificate-authority: /etc/ca.pem\n    insecure-skip-tls-verify: true\nusers:\n- name: u\n  user:\n    token-file: /var/run/token\n    as: admin\ncontexts:\n- name: c\n  context:\n    cluster: c\n    user: u\ncurrent-context: c\n";

    #[test]
    fn kubeconfigs_from_secrets_lose_local_files_and_insecure_settings() {
        let mut kubeconfig = Kubeconfig::from_yaml(KUBECONFIG).unwrap();
        sanitize(&mut kubeconfig, &KubeConfigPolicy::default()).unwrap();
        let cluster = kubeconfig.clusters[0].cluster.as_ref().unwrap();
        assert_eq!(cluster.certificate_authority, None);
        assert_eq!(cluster.insecure_skip_tls_verify, None);
        let user = kubeconfig.auth_infos[0].auth_info.as_ref().unwrap();
        assert_eq!(user.token_file, None);
        assert_eq!(user.impersonate, None);

        let mut allowed = Kubeconfig::from_yaml(KUBECONFIG).unwrap();
        let policy = KubeConfigPolicy {
            allow_exec: false,
            allow_insecure_tls: true,
        };
        sanitize(&mut allowed, &policy).unwrap();
        let cluster = allowed.clusters[0].cluster.as_ref().unwrap();
        assert_eq!(cluster.insecure_skip_tls_verify, Some(true));
    }

    #[test]
    fn exec_plugins_need_the_flag() {
        let exec = KUBECONFIG.replace(
            "    token-file: /var/run/token\n",
            "    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: aws\n",
        );
        let mut kubeconfig = Kubeconfig::from_yaml(&exec).unwrap();
        let err = sanitize(&mut kubeconfig, &KubeConfigPolicy::default()).unwrap_err();
        assert!(err.contains("--insecure-kubeconfig-exec"), "{err}");
        let mut kubeconfig = Kubeconfig::from_yaml(&exec).unwrap();
        let policy = KubeConfigPolicy {
            allow_exec: true,
            allow_insecure_tls: false,
        };
        sanitize(&mut kubeconfig, &policy).unwrap();
        assert!(
            kubeconfig.auth_infos[0]
                .auth_info
                .as_ref()
                .unwrap()
                .exec
                .is_some()
        );
    }

    #[test]
    fn flags_are_named_like_flux() {
        use clap::Parser;
        let config = crate::Config::try_parse_from(["kustomize-controller"]).unwrap();
        assert_eq!(config.default_service_account, "");
        assert!(!config.insecure_kubeconfig_exec && !config.insecure_kubeconfig_tls);
        let config = crate::Config::try_parse_from([
            "kustomize-controller",
            "--default-service-account=tenant",
            "--insecure-kubeconfig-exec",
            "--insecure-kubeconfig-tls=true",
        ])
        .unwrap();
        assert_eq!(config.default_service_account, "tenant");
        assert!(config.insecure_kubeconfig_exec && config.insecure_kubeconfig_tls);
    }

    #[test]
    fn service_accounts_are_users_in_the_kustomization_namespace() {
        let mut ks = Kustomization::new("apps", Default::default());
        ks.metadata.namespace = Some("team".into());
        assert_eq!(service_account(&ks, None), None);
        assert_eq!(
            service_account(&ks, Some("default-sa")).as_deref(),
            Some("default-sa")
        );
        ks.spec.service_account_name = Some("deployer".into());
        assert_eq!(
            service_account(&ks, Some("default-sa")).as_deref(),
            Some("deployer")
        );
        assert_eq!(
            service_account_user("team", "deployer"),
            "system:serviceaccount:team:deployer"
        );
    }
}
