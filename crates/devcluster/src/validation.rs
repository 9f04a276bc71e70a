//! Validation of built-in kinds that their OpenAPI schema cannot express and
//! kube-apiserver does in Go, for the rules clients trip over most: a
//! workload's selector must match its pod template's labels, containers
//! need a unique name and an image, and restart policies must suit the
//! controller (`Always` for Deployments and other sets, `OnFailure` or
//! `Never` for Jobs). Paths and messages are kube-apiserver's.

use serde_json::Value;

use crate::error::FieldError;
use crate::immutable::{go_string_map, quoted};
use crate::resources::ResourceInfo;

fn required(field: String, detail: &str) -> FieldError {
    FieldError {
        field,
        reason: "FieldValueRequired",
        message: if detail.is_empty() {
            "Required value".into()
        } else {
            format!("Required value: {detail}")
        },
    }
}

/// Whether a `metav1.LabelSelector` matches a label set.
pub(crate) fn selector_matches(selector: &Value, labels: Option<&Value>) -> bool {
    let label = |k: &str| labels.and_then(|l| l.get(k)).and_then(Value::as_str);
    let by_labels = selector
        .get("matchLabels")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .all(|(k, v)| label(k) == v.as_str());
    let by_expressions = selector
        .get("matchExpressions")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .all(|e| {
            let key = e.get("key").and_then(Value::as_str).unwrap_or("");
            let values: Vec<&str> = e
                .get("values")
                .and_then(Value::as_array)
                .map(|v| v.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            match e.get("operator").and_then(Value::as_str).unwrap_or("") {
                "In" => label(key).is_some_and(|l| values.contains(&l)),
                "NotIn" => label(key).is_none_or(|l| !values.contains(&l)),
                "Exists" => label(key).is_some(),
                "DoesNotExist" => label(key).is_none(),
                _ => false,
            }
        });
    by_labels && by_expressions
}

fn is_empty_selector(selector: &Value) -> bool {
    let n = |k: &str| {
        selector.get(k).map_or(0, |v| {
            v.as_object()
                .map(|m| m.len())
                .or_else(|| v.as_array().map(Vec::len))
                .unwrap_or(0)
        })
    };
    n("matchLabels") + n("matchExpressions") == 0
}

/// Names and images of a pod spec's containers.
fn containers(spec: &Value, path: &str, errs: &mut Vec<FieldError>) {
    let mut seen: Vec<&str> = Vec::new();
    for list in ["initContainers", "containers"] {
        for (i, c) in spec
            .get(list)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let at = format!("{path}.{list}[{i}]");
            match c
                .get("name")
                .and_then(Value::as_str)
                .filter(|n| !n.is_empty())
            {
                None => errs.push(required(format!("{at}.name"), "")),
                Some(n) if seen.contains(&n) => errs.push(FieldError {
                    field: format!("{at}.name"),
                    reason: "FieldValueDuplicate",
                    message: format!("Duplicate value: {}", quoted(n)),
                }),
                Some(n) => seen.push(n),
            }
            if c.get("image")
                .and_then(Value::as_str)
                .is_none_or(str::is_empty)
            {
                errs.push(required(format!("{at}.image"), ""));
            }
        }
    }
}

/// A pod template's restart policy against the ones its controller allows.
fn restart_policy(
    spec: &Value,
    path: &str,
    allowed: &[&str],
    required_detail: Option<String>,
    errs: &mut Vec<FieldError>,
) {
    let field = format!("{path}.restartPolicy");
    match spec
        .get("restartPolicy")
        .and_then(Value::as_str)
        .filter(|p| !p.is_empty())
    {
        None => {
            if let Some(detail) = required_detail {
                errs.push(required(field, &detail));
            }
        }
        Some(p) if !allowed.contains(&p) => {
            let list: Vec<String> = allowed.iter().map(|a| quoted(a)).collect();
            errs.push(FieldError {
                field,
                reason: "FieldValueNotSupported",
                message: format!(
                    "Unsupported value: {}: supported values: {}",
                    quoted(p),
                    list.join(", ")
                ),
            });
        }
        Some(_) => {}
    }
}

/// Validates a built-in object (create or update) beyond its schema.
pub(crate) fn object_errors(info: &ResourceInfo, obj: &Value) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if info.is_custom() {
        return errs;
    }
    let null = Value::Null;
    match (info.group.as_str(), info.kind.as_str()) {
        ("apps", kind @ ("Deployment" | "ReplicaSet" | "StatefulSet" | "DaemonSet")) => {
            let spec = obj.get("spec").unwrap_or(&null);
            let template = spec.get("template").unwrap_or(&null);
            if let Some(selector) = spec.get("selector").filter(|s| s.is_object()) {
                if kind == "Deployment" && is_empty_selector(selector) {
                    errs.push(FieldError {
                        field: "spec.selector".into(),
                        reason: "FieldValueInvalid",
                        message: format!(
                            "Invalid value: {}: empty selector is invalid for deployment",
                            crate::immutable::go_label_selector(Some(selector))
                        ),
                    });
                } else if !is_empty_selector(selector) {
                    let labels = template.pointer("/metadata/labels");
                    if !selector_matches(selector, labels) {
                        errs.push(FieldError {
                            field: "spec.template.metadata.labels".into(),
                            reason: "FieldValueInvalid",
                            message: format!(
                                "Invalid value: {}: `selector` does not match template `labels`",
                                go_string_map(labels)
                            ),
                        });
                    }
                }
            }
            let pod = template.get("spec").unwrap_or(&null);
            containers(pod, "spec.template.spec", &mut errs);
            restart_policy(pod, "spec.template.spec", &["Always"], None, &mut errs);
        }
        ("batch", "Job") => {
            let spec = obj.get("spec").unwrap_or(&null);
            // NB: the selector is checked by `job_selector_errors` once
            // the uid it is generated from exists.
            job_spec(spec, "spec", &mut errs);
        }
        ("batch", "CronJob") => {
            let spec = obj.pointer("/spec/jobTemplate/spec").unwrap_or(&null);
            job_spec(spec, "spec.jobTemplate.spec", &mut errs);
        }
        ("", "Pod") => containers(obj.get("spec").unwrap_or(&null), "spec", &mut errs),
        _ => {}
    }
    errs
}

/// Validates a Job's selector once kube-apiserver generated it (see
/// [`crate::defaults::generate_job_selector`]): without `manualSelector`,
/// the pod template must carry the Job's name and uid labels (the prefixed
/// ones only when `require_prefixed`: Jobs from before they existed keep
/// working) and the selector must select exactly those; with it, the
/// selector is required. Either way the selector must match the template.
pub(crate) fn job_selector_errors(job: &Value, require_prefixed: bool) -> Vec<FieldError> {
    use crate::defaults::{
        JOB_CONTROLLER_UID, JOB_NAME, LEGACY_JOB_CONTROLLER_UID, LEGACY_JOB_NAME,
    };
    let mut errs = Vec::new();
    let meta = |k: &str| {
        job.pointer(&format!("/metadata/{k}"))
            .and_then(Value::as_str)
            .unwrap_or("")
    };
    let (name, uid) = (meta("name"), meta("uid"));
    let labels = job.pointer("/spec/template/metadata/labels");
    let Some(selector) = job.pointer("/spec/selector").filter(|s| s.is_object()) else {
        errs.push(required("spec.selector".into(), ""));
        return errs;
    };
    if !crate::defaults::manual_selector(job) {
        let mut expected = vec![(LEGACY_JOB_CONTROLLER_UID, uid), (LEGACY_JOB_NAME, name)];
        if require_prefixed {
            expected.extend([(JOB_CONTROLLER_UID, uid), (JOB_NAME, name)]);
        }
        for (key, want) in &expected {
            let field = format!("spec.template.metadata.labels[{key}]");
            match labels.and_then(|l| l.get(*key)).and_then(Value::as_str) {
                None => errs.push(required(field, &format!("must be '{want}'"))),
                Some(v) if v != *want => errs.push(FieldError {
                    field,
                    reason: "FieldValueInvalid",
                    message: format!("Invalid value: {}: must be '{want}'", go_string_map(labels)),
                }),
                Some(_) => {}
            }
        }
        // The selector must select the generated labels (and nothing else).
        let generated: serde_json::Map<String, Value> = [
            (LEGACY_JOB_CONTROLLER_UID, uid),
            (LEGACY_JOB_NAME, name),
            (JOB_CONTROLLER_UID, uid),
            (JOB_NAME, name),
        ]
        .iter()
        .filter(|(k, _)| require_prefixed || !k.contains('/'))
        .map(|(k, v)| ((*k).to_string(), Value::from(*v)))
        .collect();
        if !selector_matches(selector, Some(&Value::Object(generated))) {
            errs.push(FieldError {
                field: "spec.selector".into(),
                reason: "FieldValueInvalid",
                message: format!(
                    "Invalid value: {}: `selector` not auto-generated",
                    crate::immutable::go_label_selector(Some(selector))
                ),
            });
        }
    }
    if !selector_matches(selector, labels) {
        errs.push(FieldError {
            field: "spec.template.metadata.labels".into(),
            reason: "FieldValueInvalid",
            message: format!(
                "Invalid value: {}: `selector` does not match template `labels`",
                go_string_map(labels)
            ),
        });
    }
    errs
}

fn job_spec(spec: &Value, path: &str, errs: &mut Vec<FieldError>) {
    let pod = spec.pointer("/template/spec").unwrap_or(&Value::Null);
    let at = format!("{path}.template.spec");
    containers(pod, &at, errs);
    restart_policy(
        pod,
        &at,
        &["OnFailure", "Never"],
        Some(format!("valid values: {:?}, {:?}", "OnFailure", "Never")),
        errs,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn info(kind: &str) -> ResourceInfo {
        crate::resources::builtins()
            .into_iter()
            .find(|r| r.kind == kind)
            .unwrap()
    }

    fn errors(kind: &str, obj: Value) -> Vec<String> {
        object_errors(&info(kind), &obj)
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn generated_job_selectors_must_select_the_jobs_own_labels() {
        let mut job = json!({"metadata": {"name": "pi", "uid": "u-1"},
            "spec": {"template": {"metadata": {"labels": {"controller-uid": "stolen"}}}}});
        crate::defaults::generate_job_selector(&mut job);
        let errs: Vec<String> = job_selector_errors(&job, true)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            errs,
            vec![
                "spec.template.metadata.labels[controller-uid]: Invalid value: map[string]string{\"batch.kubernetes.io/controller-uid\":\"u-1\", \"batch.kubernetes.io/job-name\":\"pi\", \"controller-uid\":\"stolen\", \"job-name\":\"pi\"}: must be 'u-1'"
            ]
        );
        // Jobs from before the prefixed labels are held to the legacy ones only.
        let legacy = json!({"metadata": {"name": "old", "uid": "u-2"},
            "spec": {"selector": {"matchLabels": {"controller-uid": "u-2"}},
                "template": {"metadata": {"labels": {"controller-uid": "u-2", "job-name": "old"}}}}});
        assert!(job_selector_errors(&legacy, false).is_empty());
        assert_eq!(job_selector_errors(&legacy, true).len(), 2);
    }

    #[test]
    fn selectors_must_match_template_labels() {
        let d = |sel: Value, labels: Value| {
            json!({"spec": {"selector": sel, "template": {"metadata": {"labels": labels},
                "spec": {"restartPolicy": "Always", "containers": [{"name": "c", "image": "i"}]}}}})
        };
        assert!(
            errors(
                "Deployment",
                d(
                    json!({"matchLabels": {"app": "a"}}),
                    json!({"app": "a", "x": "y"})
                )
            )
            .is_empty()
        );
        assert_eq!(
            errors(
                "Deployment",
                d(
                    json!({"matchLabels": {"app": "a"}}),
                    json!({"app": "b", "tier": "t"})
                )
            ),
            vec![
                "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"b\", \"tier\":\"t\"}: `selector` does not match template `labels`"
            ]
        );
        assert!(errors("ReplicaSet", d(json!({"matchExpressions": [{"key": "app", "operator": "In", "values": ["a", "b"]}]}), json!({"app": "b"}))).is_empty());
        assert_eq!(
            errors("Deployment", d(json!({}), json!({"app": "a"}))),
            vec![
                "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment"
            ]
        );
    }

    #[test]
    fn containers_need_unique_names_and_images() {
        let pod = json!({"spec": {"containers": [{"name": "a", "image": "x"}, {"name": "a"}, {"image": "y"}]}});
        assert_eq!(
            errors("Pod", pod),
            vec![
                "spec.containers[1].name: Duplicate value: \"a\"",
                "spec.containers[1].image: Required value",
                "spec.containers[2].name: Required value",
            ]
        );
    }

    #[test]
    fn restart_policies_suit_the_controller() {
        let job = |policy: Option<&str>| {
            let mut spec = json!({"containers": [{"name": "c", "image": "i"}]});
            if let Some(p) = policy {
                spec["restartPolicy"] = json!(p);
            }
            json!({"spec": {"template": {"spec": spec}}})
        };
        assert!(errors("Job", job(Some("Never"))).is_empty());
        assert_eq!(
            errors("Job", job(None)),
            vec![
                "spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\""
            ]
        );
        assert_eq!(
            errors("Job", job(Some("Always"))),
            vec![
                "spec.template.spec.restartPolicy: Unsupported value: \"Always\": supported values: \"OnFailure\", \"Never\""
            ]
        );
        let sts = json!({"spec": {"template": {"spec": {"restartPolicy": "Never", "containers": [{"name": "c", "image": "i"}]}}}});
        assert_eq!(
            errors("StatefulSet", sts),
            vec![
                "spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\""
            ]
        );
    }
}
