//! Garbage collection by ownerReferences, run inline after deletions:
//! dependents of deleted owners go (background), owners in foreground
//! deletion wait for their dependents, orphaning strips the references.

use std::collections::HashSet;
use std::sync::Arc;

use serde_json::{Value, json};

use crate::resources::GroupResource;
use crate::server::Shared;
use crate::store::{EventType, Store};

fn uid(o: &Value) -> Option<&str> {
    o.pointer("/metadata/uid").and_then(Value::as_str)
}

fn owner_uids(o: &Value) -> Vec<String> {
    o.pointer("/metadata/ownerReferences")
        .and_then(Value::as_array)
        .map(|refs| {
            refs.iter()
                .filter_map(|r| r.get("uid").and_then(Value::as_str))
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn deleting(o: &Value) -> bool {
    o.pointer("/metadata/deletionTimestamp")
        .is_some_and(|d| !d.is_null())
}

fn finalizers(o: &Value) -> Vec<Value> {
    o.pointer("/metadata/finalizers")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

type Entry = (GroupResource, String, String, Arc<Value>);

/// Removes the owner reference to `owner_uid` from every object (Orphan).
pub(crate) fn orphan(store: &mut Store, owner_uid: &str) {
    let dependents: Vec<Entry> = store
        .iter_all()
        .filter(|(_, _, _, o)| owner_uids(o).iter().any(|u| u == owner_uid))
        .collect();
    for (gr, ns, name, o) in dependents {
        let mut next = (*o).clone();
        if let Some(refs) = next
            .pointer_mut("/metadata/ownerReferences")
            .and_then(Value::as_array_mut)
        {
            refs.retain(|r| r.get("uid").and_then(Value::as_str) != Some(owner_uid));
            if refs.is_empty()
                && let Some(m) = next["metadata"].as_object_mut()
            {
                m.remove("ownerReferences");
            }
        }
        next["metadata"]["resourceVersion"] = json!(store.next_rv().to_string());
        store.put(&gr, &ns, &name, next, EventType::Modified);
    }
}

/// Deletes dependents whose owners are gone or in foreground deletion, and
/// releases foreground owners whose dependents are all gone, until nothing
/// changes.
pub(crate) fn collect(s: &Shared, store: &mut Store) {
    // Most deletions involve no owners at all: check that without copying.
    let relevant = |o: &Value| {
        deleting(o)
            || o.pointer("/metadata/ownerReferences")
                .is_some_and(|r| r.as_array().is_some_and(|a| !a.is_empty()))
    };
    if !store.any_object(relevant) {
        return;
    }
    // Each pass removes at least one level of dependents; the bound only
    // guards against reference cycles.
    for _ in 0..64 {
        let all: Vec<Entry> = store.iter_all().collect();
        let live: HashSet<&str> = all.iter().filter_map(|(_, _, _, o)| uid(o)).collect();
        let foreground: HashSet<&str> = all
            .iter()
            .filter(|(_, _, _, o)| {
                deleting(o) && finalizers(o).contains(&json!("foregroundDeletion"))
            })
            .filter_map(|(_, _, _, o)| uid(o))
            .collect();
        let mut with_dependents: HashSet<String> = HashSet::new();
        let mut doomed: Vec<&Entry> = Vec::new();
        for e in &all {
            let owners = owner_uids(&e.3);
            if owners.is_empty() {
                continue;
            }
            with_dependents.extend(owners.iter().cloned());
            let orphaned = owners
                .iter()
                .all(|u| !live.contains(u.as_str()) || foreground.contains(u.as_str()));
            if orphaned && !deleting(&e.3) {
                doomed.push(e);
            }
        }
        // Namespaces being deleted take everything in them along; they go
        // once they are empty.
        let terminating: Vec<&Entry> = all
            .iter()
            .filter(|(gr, _, _, o)| {
                gr.group.is_empty() && gr.resource == "namespaces" && deleting(o)
            })
            .collect();
        for (_, _, ns_name, _) in &terminating {
            for e in all
                .iter()
                .filter(|e| !e.1.is_empty() && e.1 == *ns_name && !deleting(&e.3))
            {
                if !doomed.iter().any(|d| std::ptr::eq(*d, e)) {
                    doomed.push(e);
                }
            }
        }
        let mut changed = false;
        for (gr, ns, name, o) in &terminating {
            let empty = !all.iter().any(|e| !e.1.is_empty() && e.1 == *name);
            if empty && finalizers(o).is_empty() {
                changed = true;
                store.remove(gr, ns, name);
            }
        }
        for (gr, ns, name, o) in doomed {
            changed = true;
            if finalizers(o).is_empty() {
                remove(s, store, gr, ns, name);
            } else {
                let mut next = (**o).clone();
                next["metadata"]["deletionTimestamp"] = json!(crate::api::now());
                next["metadata"]["deletionGracePeriodSeconds"] = json!(0);
                next["metadata"]["resourceVersion"] = json!(store.next_rv().to_string());
                store.put(gr, ns, name, next, EventType::Modified);
            }
        }
        for (gr, ns, name, o) in &all {
            let Some(u) = uid(o) else { continue };
            if !foreground.contains(u) || with_dependents.contains(u) {
                continue;
            }
            changed = true;
            let mut fins = finalizers(o);
            fins.retain(|f| f != "foregroundDeletion");
            if fins.is_empty() {
                remove(s, store, gr, ns, name);
            } else {
                let mut next = (**o).clone();
                next["metadata"]["finalizers"] = json!(fins);
                next["metadata"]["resourceVersion"] = json!(store.next_rv().to_string());
                store.put(gr, ns, name, next, EventType::Modified);
            }
        }
        if !changed {
            return;
        }
    }
}

fn remove(s: &Shared, store: &mut Store, gr: &GroupResource, ns: &str, name: &str) {
    let info = s
        .registry()
        .resources
        .iter()
        .find(|r| r.gr() == *gr)
        .cloned();
    match info {
        Some(info) => {
            crate::api::remove_object(s, store, &info, ns, name);
        }
        None => {
            store.remove(gr, ns, name);
        }
    }
}
