//! `/version`, legacy discovery (`/api`, `/apis`, resource lists) and
//! aggregated discovery (`apidiscovery.k8s.io/v2`).

use serde_json::{Value, json};

use crate::resources::{ResourceInfo, VERBS};

/// The Kubernetes version this server reports.
pub(crate) const GIT_VERSION: &str = "v1.33.0";

/// Content type of an aggregated discovery response.
pub(crate) const AGGREGATED_V2: &str =
    "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

pub(crate) fn version() -> Value {
    json!({
        "major": "1",
        "minor": "33",
        "emulationMajor": "1",
        "emulationMinor": "33",
        "minCompatibilityMajor": "1",
        "minCompatibilityMinor": "32",
        "gitVersion": GIT_VERSION,
        "gitCommit": "0000000000000000000000000000000000000000",
        "gitTreeState": "clean",
        "buildDate": "2026-01-01T00:00:00Z",
        "goVersion": "go1.24.0",
        "compiler": "gc",
        "platform": "linux/amd64",
    })
}

/// Kubernetes version ordering: GA before beta before alpha, higher first.
pub(crate) fn version_priority(v: &str) -> (u8, u32, u32) {
    let Some(rest) = v.strip_prefix('v') else {
        return (0, 0, 0);
    };
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let Ok(major) = digits.parse::<u32>() else {
        return (0, 0, 0);
    };
    let tail = &rest[digits.len()..];
    if tail.is_empty() {
        return (3, major, 0);
    }
    let (tier, num) = if let Some(n) = tail.strip_prefix("beta") {
        (2, n)
    } else if let Some(n) = tail.strip_prefix("alpha") {
        (1, n)
    } else {
        return (0, 0, 0);
    };
    match num.parse::<u32>() {
        Ok(minor) => (tier, major, minor),
        Err(_) => (0, 0, 0),
    }
}

/// Groups in discovery order with their versions, preferred first.
pub(crate) fn groups(resources: &[ResourceInfo]) -> Vec<(String, Vec<String>)> {
    let mut out = crate::resources::group_order(resources);
    for (_, versions) in &mut out {
        versions.sort_by_key(|v| std::cmp::Reverse(version_priority(v)));
    }
    // Built-in groups in kube-apiserver's priority order; custom groups
    // after them by name, as their priorities are all equal.
    out.sort_by(|(a, _), (b, _)| {
        group_priority(b)
            .cmp(&group_priority(a))
            .then_with(|| a.cmp(b))
    });
    out
}

/// kube-apiserver's discovery priority of a built-in group.
fn group_priority(group: &str) -> u32 {
    match group {
        "" => 18000,
        "apps" => 17800,
        "events.k8s.io" => 17750,
        "authentication.k8s.io" => 17700,
        "authorization.k8s.io" => 17600,
        "autoscaling" => 17500,
        "batch" => 17400,
        "certificates.k8s.io" => 17300,
        "networking.k8s.io" => 17200,
        "policy" => 17100,
        "rbac.authorization.k8s.io" => 17000,
        "storage.k8s.io" => 16800,
        "admissionregistration.k8s.io" => 16700,
        "apiextensions.k8s.io" => 16700,
        "scheduling.k8s.io" => 16600,
        "coordination.k8s.io" => 16500,
        _ => 1000,
    }
}

pub(crate) fn api_versions(server: &str) -> Value {
    json!({
        "kind": "APIVersions",
        "versions": ["v1"],
        "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": server}],
    })
}

fn group_json(name: &str, versions: &[String]) -> Value {
    let vs: Vec<Value> = versions
        .iter()
        .map(|v| json!({"groupVersion": format!("{name}/{v}"), "version": v}))
        .collect();
    json!({
        "name": name,
        "versions": vs,
        "preferredVersion": vs.first().cloned().unwrap_or(Value::Null),
    })
}

pub(crate) fn api_group_list(resources: &[ResourceInfo]) -> Value {
    let groups: Vec<Value> = groups(resources)
        .into_iter()
        .filter(|(g, _)| !g.is_empty())
        .map(|(g, vs)| group_json(&g, &vs))
        .collect();
    json!({"kind": "APIGroupList", "apiVersion": "v1", "groups": groups})
}

pub(crate) fn api_group(resources: &[ResourceInfo], group: &str) -> Option<Value> {
    let (g, vs) = groups(resources)
        .into_iter()
        .find(|(g, _)| g == group && !g.is_empty())?;
    let mut v = group_json(&g, &vs);
    v["kind"] = json!("APIGroup");
    v["apiVersion"] = json!("v1");
    Some(v)
}

fn subresources(r: &ResourceInfo) -> Vec<&'static str> {
    let mut subs = Vec::new();
    if r.status {
        subs.push("status");
    }
    if r.scale.is_some() {
        subs.push("scale");
    }
    subs
}

pub(crate) fn resource_list(
    resources: &[ResourceInfo],
    group: &str,
    version: &str,
) -> Option<Value> {
    let mut list = Vec::new();
    for r in of_version(resources, group, version) {
        let mut item = json!({
            "name": r.plural,
            "singularName": r.singular,
            "namespaced": r.namespaced,
            "kind": r.kind,
            "verbs": VERBS,
        });
        if !r.short_names.is_empty() {
            item["shortNames"] = json!(r.short_names);
        }
        if !r.categories.is_empty() {
            item["categories"] = json!(r.categories);
        }
        list.push(item);
        for sub in subresources(r) {
            let (kind, group, version) = if sub == "scale" {
                ("Scale", "autoscaling", "v1")
            } else {
                (r.kind.as_str(), "", "")
            };
            let mut item = json!({
                "name": format!("{}/{sub}", r.plural),
                "singularName": "",
                "namespaced": r.namespaced,
                "kind": kind,
                "verbs": ["get", "patch", "update"],
            });
            if !group.is_empty() {
                item["group"] = json!(group);
                item["version"] = json!(version);
            }
            list.push(item);
        }
    }
    if list.is_empty() {
        return None;
    }
    let gv = if group.is_empty() {
        version.to_string()
    } else {
        format!("{group}/{version}")
    };
    Some(
        json!({"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": gv, "resources": list}),
    )
}

/// The resources of one group version, sorted by name as kube-apiserver
/// lists them (kubectl prints `get all` in this order).
fn of_version<'a>(
    resources: &'a [ResourceInfo],
    group: &str,
    version: &str,
) -> Vec<&'a ResourceInfo> {
    let mut rs: Vec<&ResourceInfo> = resources
        .iter()
        .filter(|r| r.group == group && r.version == version)
        .collect();
    rs.sort_by(|a, b| a.plural.cmp(&b.plural));
    rs
}

/// Aggregated discovery of the core group (`legacy`) or of all named groups.
pub(crate) fn aggregated(resources: &[ResourceInfo], legacy: bool) -> Value {
    let items: Vec<Value> = groups(resources)
        .into_iter()
        .filter(|(g, _)| g.is_empty() == legacy)
        .map(|(g, vs)| {
            let versions: Vec<Value> = vs
                .iter()
                .map(|v| {
                    let rs: Vec<Value> = of_version(resources, &g, v)
                        .into_iter()
                        .map(|r| {
                            let mut item = json!({
                                "resource": r.plural,
                                "responseKind": {"group": r.group, "version": r.version, "kind": r.kind},
                                "scope": if r.namespaced { "Namespaced" } else { "Cluster" },
                                "singularResource": r.singular,
                                "verbs": VERBS,
                            });
                            if !r.short_names.is_empty() {
                                item["shortNames"] = json!(r.short_names);
                            }
                            if !r.categories.is_empty() {
                                item["categories"] = json!(r.categories);
                            }
                            let subs: Vec<Value> = subresources(r)
                                .into_iter()
                                .map(|s| {
                                    let kind = if s == "scale" {
                                        json!({"group": "autoscaling", "version": "v1", "kind": "Scale"})
                                    } else {
                                        json!({"group": r.group, "version": r.version, "kind": r.kind})
                                    };
                                    json!({"subresource": s, "responseKind": kind, "verbs": ["get", "patch", "update"]})
                                })
                                .collect();
                            if !subs.is_empty() {
                                item["subresources"] = json!(subs);
                            }
                            item
                        })
                        .collect();
                    json!({"version": v, "resources": rs, "freshness": "Current"})
                })
                .collect();
            json!({"metadata": {"name": g, "creationTimestamp": null}, "versions": versions})
        })
        .collect();
    json!({
        "kind": "APIGroupDiscoveryList",
        "apiVersion": "apidiscovery.k8s.io/v2",
        "metadata": {},
        "items": items,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_sort_like_kubernetes() {
        let mut v = vec!["v1alpha1", "v1beta1", "v2", "v1", "v1beta2", "foo"];
        v.sort_by_key(|x| std::cmp::Reverse(version_priority(x)));
        assert_eq!(v, vec!["v2", "v1", "v1beta2", "v1beta1", "v1alpha1", "foo"]);
    }
}
