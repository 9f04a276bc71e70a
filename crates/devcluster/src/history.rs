//! ControllerRevisions of StatefulSets and DaemonSets, as their controllers
//! keep them, for `--simulate-workloads`: each pod template a workload has
//! run is a ControllerRevision `<name>-<hash>` it controls, whose `data` is
//! the strategic merge patch that restores the template (`kubectl rollout
//! undo` applies it) and whose `revision` numbers them (`kubectl rollout
//! history` lists them). Going back to an earlier template renumbers its
//! revision as the newest; the oldest beyond `revisionHistoryLimit` go. A
//! StatefulSet's `currentRevision`/`updateRevision` name the newest.

use std::sync::Arc;

use serde_json::{Value, json};

use crate::api::{Target2, write};
use crate::resources::ResourceInfo;
use crate::rollout::{canonical, controller_uid, fnv1a32, int_at, live, safe_encode, str_at};
use crate::server::Shared;
use crate::simulate::as_controller;

/// The label a ControllerRevision carries its hash in.
const HASH_LABEL: &str = "controller.kubernetes.io/hash";

/// The revision data of a workload: its pod template, replacing the
/// current one when applied as a strategic merge patch.
fn data_of(o: &Value) -> Value {
    let mut template = o
        .pointer("/spec/template")
        .cloned()
        .unwrap_or_else(|| json!({}));
    if let Some(t) = template.as_object_mut() {
        t.insert("$patch".into(), json!("replace"));
    }
    json!({"spec": {"template": template}})
}

/// The hash of revision data, in the manner of the controllers'
/// `HashControllerRevision`: FNV-1a (32 bits) of the data, then of the
/// collision count (4 little-endian bytes) when there is one, in decimal,
/// safe-encoded.
fn revision_hash(data: &Value, collision_count: Option<u32>) -> String {
    // NB: serialising a Value cannot fail.
    let mut bytes = serde_json::to_vec(&canonical(data).unwrap_or(Value::Null)).unwrap_or_default();
    if let Some(c) = collision_count {
        bytes.extend_from_slice(&c.to_le_bytes());
    }
    safe_encode(&fnv1a32(&bytes).to_string())
}

/// Keeps the ControllerRevisions of a StatefulSet or DaemonSet `o` (of
/// `info`) in line with its template; returns the name of the one for its
/// current template, once there is one.
pub(crate) fn sync(
    s: &Shared,
    info: &ResourceInfo,
    cr_info: &ResourceInfo,
    o: &Value,
) -> Option<String> {
    if !live(o) {
        return None;
    }
    let ns = str_at(o, "/metadata/namespace").to_string();
    let name = str_at(o, "/metadata/name");
    let uid = str_at(o, "/metadata/uid");
    let mut owned: Vec<Arc<Value>> = s
        .store()
        .range(&cr_info.gr(), Some(&ns), None)
        .map(|(_, cr)| cr.clone())
        .filter(|cr| live(cr) && controller_uid(cr) == Some(uid))
        .collect();
    owned.sort_by_key(|cr| int_at(cr, "/revision"));
    let data = data_of(o);
    let key = canonical(&data);
    let newest = owned.last().map_or(0, |cr| int_at(cr, "/revision"));
    let current = match owned
        .iter()
        .rev()
        .find(|cr| cr.get("data").and_then(canonical) == key)
    {
        // Back to an earlier template: it becomes the newest revision.
        Some(cr) if int_at(cr, "/revision") < newest => {
            let mut next = (**cr).clone();
            next["revision"] = json!(newest + 1);
            let t = target(cr_info, &ns, str_at(cr, "/metadata/name"));
            write(
                s,
                &t,
                next,
                Some(str_at(cr, "/metadata/name").to_string()),
                &as_controller(),
            )
            .ok()?;
            str_at(cr, "/metadata/name").to_string()
        }
        Some(cr) => str_at(cr, "/metadata/name").to_string(),
        None => {
            let collisions = o
                .pointer("/status/collisionCount")
                .and_then(Value::as_u64)
                .and_then(|c| u32::try_from(c).ok());
            let hash = revision_hash(&data, collisions);
            let cr_name = format!("{name}-{hash}");
            if s.store().get(&cr_info.gr(), &ns, &cr_name).is_some() {
                // Another revision holds the name: count a collision, which
                // changes the hash on the next pass.
                let mut next = o.clone();
                next["status"]["collisionCount"] = json!(collisions.unwrap_or(0) + 1);
                let t = Target2 {
                    sub: Some("status".into()),
                    ..target(info, &ns, name)
                };
                let _ = write(s, &t, next, Some(name.to_string()), &as_controller());
                return None;
            }
            let mut labels = o
                .pointer("/spec/template/metadata/labels")
                .cloned()
                .filter(Value::is_object)
                .unwrap_or_else(|| json!({}));
            labels[HASH_LABEL] = json!(hash);
            let cr = json!({
                "apiVersion": "apps/v1",
                "kind": "ControllerRevision",
                "metadata": {
                    "name": cr_name,
                    "namespace": ns,
                    "labels": labels,
                    "ownerReferences": [{
                        "apiVersion": info.api_version(),
                        "kind": info.kind,
                        "name": name,
                        "uid": uid,
                        "controller": true,
                        "blockOwnerDeletion": true,
                    }],
                },
                "data": data,
                "revision": newest + 1,
            });
            let t = Target2 {
                name: None,
                ..target(cr_info, &ns, &cr_name)
            };
            write(s, &t, cr, None, &as_controller()).ok()?;
            cr_name
        }
    };
    // The oldest revisions beyond the history limit go.
    let limit = o
        .pointer("/spec/revisionHistoryLimit")
        .and_then(Value::as_i64)
        .unwrap_or(10)
        .max(0);
    let old: Vec<&Arc<Value>> = owned
        .iter()
        .filter(|cr| str_at(cr, "/metadata/name") != current)
        .collect();
    let excess = usize::try_from(i64::try_from(old.len()).unwrap_or(i64::MAX) - limit).unwrap_or(0);
    for cr in old.into_iter().take(excess) {
        let n = str_at(cr, "/metadata/name");
        let options = crate::api::DeleteOptions {
            uid: Some(str_at(cr, "/metadata/uid").to_string()),
            ..Default::default()
        };
        // NB: a revision deleted meanwhile is simply gone already.
        let _ = crate::api::delete_one(s, &target(cr_info, &ns, n), n, &options, false);
    }
    Some(current)
}

fn target(info: &ResourceInfo, ns: &str, name: &str) -> Target2 {
    Target2 {
        info: info.clone(),
        ns: Some(ns.to_string()),
        name: Some(name.to_string()),
        sub: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revision_data_replaces_the_template_and_hashes_stably() {
        let set = json!({"spec": {"template": {"metadata": {"labels": {"app": "db"}},
            "spec": {"containers": [{"name": "db", "image": "postgres:17"}]}}}});
        let data = data_of(&set);
        assert_eq!(data["spec"]["template"]["$patch"], "replace");
        assert_eq!(data["spec"]["template"]["metadata"]["labels"]["app"], "db");
        let h = revision_hash(&data, None);
        assert_eq!(h, revision_hash(&data_of(&set), None));
        assert_ne!(h, revision_hash(&data, Some(1)));
        let mut other = set.clone();
        other["spec"]["template"]["spec"]["containers"][0]["image"] = json!("postgres:18");
        assert_ne!(h, revision_hash(&data_of(&other), None));
    }
}
