//! The defaults kube-apiserver fills into built-in objects that clients see
//! and rely on (ports' protocol, Deployment strategy, container policies …).

use serde_json::{Map, Value, json};

use crate::resources::ResourceInfo;

/// Sets `key` to `value` in `m` when absent or null.
fn or(m: &mut Map<String, Value>, key: &str, value: Value) {
    if m.get(key).is_none_or(Value::is_null) {
        m.insert(key.to_string(), value);
    }
}

fn obj<'a>(v: &'a mut Value, key: &str) -> Option<&'a mut Map<String, Value>> {
    v.get_mut(key).and_then(Value::as_object_mut)
}

fn ports(list: Option<&mut Value>) {
    if let Some(ports) = list.and_then(Value::as_array_mut) {
        for p in ports.iter_mut().filter_map(Value::as_object_mut) {
            or(p, "protocol", json!("TCP"));
        }
    }
}

fn containers(list: Option<&mut Value>) {
    let Some(cs) = list.and_then(Value::as_array_mut) else {
        return;
    };
    for c in cs.iter_mut().filter_map(Value::as_object_mut) {
        or(c, "terminationMessagePath", json!("/dev/termination-log"));
        or(c, "terminationMessagePolicy", json!("File"));
        let image = c.get("image").and_then(Value::as_str).unwrap_or("");
        // The tag is what follows the last ':' after the last '/'; digests pin too.
        let last = image.rsplit('/').next().unwrap_or(image);
        let tag = last.split_once(':').map(|(_, t)| t);
        let policy = if image.contains('@') || tag.is_some_and(|t| t != "latest") {
            "IfNotPresent"
        } else {
            "Always"
        };
        or(c, "imagePullPolicy", json!(policy));
        or(c, "resources", json!({}));
        ports(c.get_mut("ports"));
    }
}

fn pod_spec(spec: Option<&mut Map<String, Value>>, restart_default: bool) {
    let Some(spec) = spec else { return };
    if restart_default {
        or(spec, "restartPolicy", json!("Always"));
    }
    or(spec, "dnsPolicy", json!("ClusterFirst"));
    or(spec, "schedulerName", json!("default-scheduler"));
    or(spec, "terminationGracePeriodSeconds", json!(30));
    or(spec, "securityContext", json!({}));
    containers(spec.get_mut("containers"));
    containers(spec.get_mut("initContainers"));
}

fn template_spec(spec: &mut Map<String, Value>, restart_default: bool) {
    if let Some(t) = spec.get_mut("template") {
        pod_spec(obj(t, "spec"), restart_default);
    }
}

/// The pod-template label naming a Job's uid, which its generated selector selects.
pub(crate) const JOB_CONTROLLER_UID: &str = "batch.kubernetes.io/controller-uid";
/// The pod-template label naming a Job.
pub(crate) const JOB_NAME: &str = "batch.kubernetes.io/job-name";
/// The unprefixed labels kube-apiserver still adds next to the two above.
pub(crate) const LEGACY_JOB_CONTROLLER_UID: &str = "controller-uid";
pub(crate) const LEGACY_JOB_NAME: &str = "job-name";

/// Whether a Job asked to pick its own selector (`spec.manualSelector: true`).
pub(crate) fn manual_selector(job: &Value) -> bool {
    job.pointer("/spec/manualSelector").and_then(Value::as_bool) == Some(true)
}

/// Gives a new Job the selector kube-apiserver generates unless
/// `spec.manualSelector` is true: its pod template is labelled with the
/// Job's name and uid (labels the user already set are kept, so a conflict
/// fails validation instead) and `spec.selector.matchLabels` selects the uid.
/// Needs `metadata.uid`, so it runs once the uid is assigned.
pub(crate) fn generate_job_selector(job: &mut Value) {
    if manual_selector(job) {
        return;
    }
    let meta = |k: &str| {
        job.pointer(&format!("/metadata/{k}"))
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let (name, uid) = (meta("name"), meta("uid"));
    let Some(spec) = obj(job, "spec") else { return };
    let template = spec.entry("template").or_insert_with(|| json!({}));
    if let Some(t) = template.as_object_mut() {
        let metadata = t.entry("metadata").or_insert_with(|| json!({}));
        if let Some(m) = metadata.as_object_mut() {
            let labels = m.entry("labels").or_insert_with(|| json!({}));
            if !labels.is_object() {
                *labels = json!({});
            }
            if let Some(l) = labels.as_object_mut() {
                for (k, v) in [
                    (LEGACY_JOB_NAME, &name),
                    (JOB_NAME, &name),
                    (LEGACY_JOB_CONTROLLER_UID, &uid),
                    (JOB_CONTROLLER_UID, &uid),
                ] {
                    l.entry(k).or_insert_with(|| json!(v));
                }
            }
        }
    }
    let selector = spec.entry("selector").or_insert_with(|| json!({}));
    if !selector.is_object() {
        *selector = json!({});
    }
    if let Some(sel) = selector.as_object_mut() {
        let ml = sel.entry("matchLabels").or_insert_with(|| json!({}));
        if !ml.is_object() {
            *ml = json!({});
        }
        if let Some(ml) = ml.as_object_mut() {
            ml.entry(JOB_CONTROLLER_UID).or_insert_with(|| json!(uid));
        }
    }
}

/// A Job without labels of its own takes its pod template's, as
/// kube-apiserver's defaulting does (also when it reads a Job back, so the
/// generated labels show up once [`generate_job_selector`] added them).
pub(crate) fn job_labels(job: &mut Value) {
    let Some(template) = job
        .pointer("/spec/template/metadata/labels")
        .filter(|l| l.as_object().is_some_and(|m| !m.is_empty()))
        .cloned()
    else {
        return;
    };
    let Some(meta) = obj(job, "metadata") else {
        return;
    };
    if meta
        .get("labels")
        .and_then(Value::as_object)
        .is_none_or(Map::is_empty)
    {
        meta.insert("labels".into(), template);
    }
}

/// Applies the defaults of `info`'s kind to `o` in place.
pub(crate) fn apply(info: &ResourceInfo, o: &mut Value) {
    if info.is_custom() {
        return;
    }
    match (info.group.as_str(), info.kind.as_str()) {
        ("", "Pod") => pod_spec(obj(o, "spec"), true),
        ("", "Secret") => {
            let Some(m) = o.as_object_mut() else { return };
            if m.get("type")
                .and_then(Value::as_str)
                .is_none_or(str::is_empty)
            {
                m.insert("type".into(), json!("Opaque"));
            }
            // stringData is write-only: its entries go into data, base64
            // encoded, overriding data's (kube-apiserver's conversion).
            if let Some(Value::Object(plain)) = m.remove("stringData") {
                use base64::Engine;
                let data = m.entry("data").or_insert_with(|| json!({}));
                if !data.is_object() {
                    *data = json!({});
                }
                if let Some(d) = data.as_object_mut() {
                    for (k, v) in plain {
                        let text = v
                            .as_str()
                            .map(str::to_string)
                            .unwrap_or_else(|| v.to_string());
                        d.insert(
                            k,
                            json!(base64::engine::general_purpose::STANDARD.encode(text)),
                        );
                    }
                }
            }
        }
        ("", "Service") => {
            let Some(spec) = obj(o, "spec") else { return };
            or(spec, "type", json!("ClusterIP"));
            or(spec, "sessionAffinity", json!("None"));
            let ty = spec
                .get("type")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            if ty != "ExternalName" {
                or(spec, "internalTrafficPolicy", json!("Cluster"));
                // A client that sets only the singular field gets both.
                if let Some(ip) = spec
                    .get("clusterIP")
                    .and_then(Value::as_str)
                    .filter(|ip| !ip.is_empty())
                    .map(str::to_string)
                    && spec
                        .get("clusterIPs")
                        .and_then(Value::as_array)
                        .is_none_or(Vec::is_empty)
                {
                    spec.insert("clusterIPs".into(), json!([ip]));
                }
            }
            if let Some(ps) = spec.get_mut("ports").and_then(Value::as_array_mut) {
                for p in ps.iter_mut().filter_map(Value::as_object_mut) {
                    or(p, "protocol", json!("TCP"));
                    if let Some(port) = p.get("port").cloned() {
                        or(p, "targetPort", port);
                    }
                }
            }
        }
        ("apps", "Deployment") => {
            let Some(spec) = obj(o, "spec") else { return };
            or(spec, "replicas", json!(1));
            or(spec, "revisionHistoryLimit", json!(10));
            or(spec, "progressDeadlineSeconds", json!(600));
            let strategy = spec.entry("strategy").or_insert_with(|| json!({}));
            if let Some(st) = strategy.as_object_mut() {
                or(st, "type", json!("RollingUpdate"));
                if st.get("type").and_then(Value::as_str) == Some("RollingUpdate") {
                    let ru = st.entry("rollingUpdate").or_insert_with(|| json!({}));
                    if let Some(ru) = ru.as_object_mut() {
                        or(ru, "maxUnavailable", json!("25%"));
                        or(ru, "maxSurge", json!("25%"));
                    }
                }
            }
            template_spec(spec, true);
        }
        ("apps", "StatefulSet") => {
            let Some(spec) = obj(o, "spec") else { return };
            or(spec, "replicas", json!(1));
            or(spec, "podManagementPolicy", json!("OrderedReady"));
            or(spec, "revisionHistoryLimit", json!(10));
            or(
                spec,
                "updateStrategy",
                json!({"type": "RollingUpdate", "rollingUpdate": {"partition": 0}}),
            );
            or(
                spec,
                "persistentVolumeClaimRetentionPolicy",
                json!({"whenDeleted": "Retain", "whenScaled": "Retain"}),
            );
            template_spec(spec, true);
        }
        ("apps", "DaemonSet") => {
            let Some(spec) = obj(o, "spec") else { return };
            or(spec, "revisionHistoryLimit", json!(10));
            or(
                spec,
                "updateStrategy",
                json!({"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1, "maxSurge": 0}}),
            );
            template_spec(spec, true);
        }
        ("apps", "ReplicaSet") | ("", "ReplicationController") => {
            let Some(spec) = obj(o, "spec") else { return };
            or(spec, "replicas", json!(1));
            template_spec(spec, true);
        }
        ("batch", "Job") => {
            job_labels(o);
            let Some(spec) = obj(o, "spec") else { return };
            // A non-parallel Job may leave both unset; parallelism alone
            // keeps completions unset (a work queue).
            if spec.get("completions").is_none_or(Value::is_null)
                && spec.get("parallelism").is_none_or(Value::is_null)
            {
                spec.insert("completions".into(), json!(1));
            }
            or(spec, "parallelism", json!(1));
            let backoff = if spec
                .get("backoffLimitPerIndex")
                .is_some_and(|b| !b.is_null())
            {
                json!(i32::MAX)
            } else {
                json!(6)
            };
            or(spec, "backoffLimit", backoff);
            or(spec, "completionMode", json!("NonIndexed"));
            or(spec, "suspend", json!(false));
            or(spec, "podReplacementPolicy", json!("TerminatingOrFailed"));
            or(spec, "manualSelector", json!(false));
            template_spec(spec, false);
        }
        ("batch", "CronJob") => {
            let Some(spec) = obj(o, "spec") else { return };
            or(spec, "concurrencyPolicy", json!("Allow"));
            or(spec, "suspend", json!(false));
            or(spec, "successfulJobsHistoryLimit", json!(3));
            or(spec, "failedJobsHistoryLimit", json!(1));
            if let Some(jt) = spec
                .get_mut("jobTemplate")
                .and_then(|j| j.get_mut("spec"))
                .and_then(Value::as_object_mut)
            {
                template_spec(jt, false);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(kind: &str) -> ResourceInfo {
        crate::resources::builtins()
            .into_iter()
            .find(|r| r.kind == kind)
            .unwrap()
    }

    #[test]
    fn deployment_and_container_defaults() {
        let mut d = json!({"spec": {"template": {"spec": {"containers": [
            {"name": "a", "image": "nginx:1.25", "ports": [{"containerPort": 80}]},
            {"name": "b", "image": "registry:5000/app"},
        ]}}}});
        apply(&info("Deployment"), &mut d);
        assert_eq!(d["spec"]["replicas"], 1);
        assert_eq!(d["spec"]["strategy"]["rollingUpdate"]["maxSurge"], "25%");
        let cs = &d["spec"]["template"]["spec"]["containers"];
        assert_eq!(cs[0]["imagePullPolicy"], "IfNotPresent");
        assert_eq!(cs[1]["imagePullPolicy"], "Always");
        assert_eq!(cs[0]["ports"][0]["protocol"], "TCP");
        assert_eq!(d["spec"]["template"]["spec"]["restartPolicy"], "Always");
    }

    #[test]
    fn jobs_get_a_selector_on_their_uid_unless_manual() {
        let mut j = json!({"metadata": {"name": "pi", "uid": "u-1"},
            "spec": {"template": {"metadata": {"labels": {"app": "pi", "job-name": "mine"}}}}});
        generate_job_selector(&mut j);
        assert_eq!(
            j["spec"]["selector"],
            json!({"matchLabels": {"batch.kubernetes.io/controller-uid": "u-1"}})
        );
        // A label the user set is kept (validation then rejects the conflict).
        assert_eq!(
            j["spec"]["template"]["metadata"]["labels"],
            json!({"app": "pi", "job-name": "mine", "batch.kubernetes.io/job-name": "pi",
                "controller-uid": "u-1", "batch.kubernetes.io/controller-uid": "u-1"})
        );
        let mut manual = json!({"metadata": {"name": "m", "uid": "u-2"},
            "spec": {"manualSelector": true, "selector": {"matchLabels": {"a": "b"}},
                "template": {"metadata": {"labels": {"a": "b"}}}}});
        let before = manual.clone();
        generate_job_selector(&mut manual);
        assert_eq!(manual, before);
    }

    #[test]
    fn secret_string_data_goes_into_data() {
        let mut s = json!({"data": {"a": "eA==", "b": "eQ=="}, "stringData": {"b": "hello"}});
        apply(&info("Secret"), &mut s);
        assert_eq!(
            s,
            json!({"data": {"a": "eA==", "b": "aGVsbG8="}, "type": "Opaque"})
        );
    }

    #[test]
    fn service_defaults_keep_given_values() {
        let mut s = json!({"spec": {"type": "NodePort", "ports": [{"port": 80}, {"port": 53, "protocol": "UDP", "targetPort": "dns"}]}});
        apply(&info("Service"), &mut s);
        assert_eq!(s["spec"]["type"], "NodePort");
        assert_eq!(s["spec"]["ports"][0]["targetPort"], 80);
        assert_eq!(s["spec"]["ports"][1]["protocol"], "UDP");
        assert_eq!(s["spec"]["ports"][1]["targetPort"], "dns");
    }
}
