//! The live log of `ballast dev up`: one line per thing the controllers did,
//! read from the Kubernetes Events they publish.
//!
//! ```text
//! 12:00:01 fetched  main@sha1:abcd123  GitRepository/flux-system/flux-system
//! 12:00:01 applied  main@sha1:abcd123  ConfigMap/apps/app-config configured
//! 12:00:02 pruned   main@sha1:abcd123  ConfigMap/apps/app-config-old deleted
//! ```
//!
//! Events are the controllers' public record (what `kubectl events` shows),
//! so this log sees what a user of a real cluster would and needs no hook
//! into the controllers.
//!
//! NB: kube's event recorder folds an event into an earlier one with the
//! same object, type and reason (it bumps `series.count` and keeps the first
//! note), so a repeated event's note is stale. For a repeat, the revision,
//! failure message and created/pruned objects are read from the object's
//! status instead; which objects were merely configured is then unknown.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::Write;

use ballast_api::meta::{conditions, find_condition};
use ballast_api::{GitRepository, Kustomization};
use futures::StreamExt;
use k8s_openapi::api::events::v1::Event;
use kube::runtime::{WatchStreamExt, watcher};
use kube::{Api, Client};

/// The controllers whose events are shown.
const CONTROLLERS: [&str; 2] = [
    ballast_source_controller::CONTROLLER_NAME,
    ballast_kustomize_controller::CONTROLLER_NAME,
];

/// What the status of an event's object says when the event is read.
#[derive(Debug, Default)]
struct Facts {
    /// The source's artifact revision or the Kustomization's last attempted one.
    revision: Option<String>,
    /// The `Ready` condition's message.
    ready_message: Option<String>,
    /// A Kustomization's inventory, as `Kind/namespace/name`.
    inventory: Option<BTreeSet<String>>,
}

/// Prints a line for every new event (or repetition of one) that our
/// controllers publish, until the task is dropped.
pub(crate) async fn follow(client: Client) {
    let events: Api<Event> = Api::all(client.clone());
    // The series count already shown, per event: a relist after a watch
    // expires replays every event, and a repeat only bumps the count.
    let mut shown: HashMap<String, i32> = HashMap::new();
    // Each Kustomization's inventory when last looked at, to tell what a
    // repeated event created and pruned.
    let mut inventories: HashMap<String, BTreeSet<String>> = HashMap::new();
    // Kustomizations with a drift event not yet followed by the re-apply.
    let mut drifted: HashSet<String> = HashSet::new();
    // The failure last shown per object, as (revision, reason): a failure
    // retried is shown once per revision, not once per retry.
    let mut failing: HashMap<String, (Option<String>, String)> = HashMap::new();
    let mut stream = watcher(events, watcher::Config::default())
        .default_backoff()
        .applied_objects()
        .boxed();
    while let Some(item) = stream.next().await {
        let event = match item {
            Ok(event) => event,
            Err(err) => {
                tracing::debug!(%err, "event watch error; retrying");
                continue;
            }
        };
        let controller = event.reporting_controller.as_deref().unwrap_or("");
        if !CONTROLLERS.contains(&controller) {
            continue;
        }
        let Some(uid) = event.metadata.uid.clone() else {
            continue;
        };
        let count = event.series.as_ref().map_or(1, |s| s.count);
        if shown.get(&uid).is_some_and(|seen| *seen >= count) {
            continue;
        }
        shown.insert(uid, count);
        let facts = read_facts(&client, &event).await;
        let subject = subject(&event);
        if event.type_.as_deref() == Some("Warning") {
            let failure = (
                facts.revision.clone(),
                event.reason.clone().unwrap_or_default(),
            );
            if failing.get(&subject) == Some(&failure) {
                continue;
            }
            failing.insert(subject.clone(), failure);
        } else {
            failing.remove(&subject);
        }
        let before = inventories.get(&subject).cloned();
        let was_drifted = drifted.contains(&subject);
        print_lines(&lines_for(
            &event,
            count == 1,
            &facts,
            before.as_ref(),
            was_drifted,
            &now(),
        ));
        if is_drift(&event) {
            drifted.insert(subject.clone());
        } else if event.reason.as_deref() == Some("Progressing") {
            drifted.remove(&subject);
        }
        if let Some(inventory) = facts.inventory {
            inventories.insert(subject, inventory);
        }
    }
}

/// The local wall-clock time, `HH:MM:SS`.
pub(crate) fn now() -> String {
    jiff::Zoned::now().strftime("%H:%M:%S").to_string()
}

/// Writes lines to stdout, flushing each; a closed stdout is not an error
/// worth stopping the cluster for.
pub(crate) fn print_lines(lines: &[String]) {
    let mut out = std::io::stdout().lock();
    for line in lines {
        let _ = writeln!(out, "{line}");
    }
    let _ = out.flush();
}

/// Reads the status of the GitRepository or Kustomization an event is about.
async fn read_facts(client: &Client, event: &Event) -> Facts {
    let Some(regarding) = event.regarding.as_ref() else {
        return Facts::default();
    };
    let (Some(namespace), Some(name)) = (regarding.namespace.as_deref(), regarding.name.as_deref())
    else {
        return Facts::default();
    };
    match regarding.kind.as_deref() {
        Some("GitRepository") => {
            let api: Api<GitRepository> = Api::namespaced(client.clone(), namespace);
            let Ok(Some(status)) = api.get_opt(name).await.map(|r| r.and_then(|r| r.status)) else {
                return Facts::default();
            };
            Facts {
                revision: status.artifact.map(|a| a.revision),
                ready_message: find_condition(
                    status.conditions.as_deref().unwrap_or_default(),
                    conditions::READY,
                )
                .map(|c| c.message.clone()),
                inventory: None,
            }
        }
        Some("Kustomization") => {
            let api: Api<Kustomization> = Api::namespaced(client.clone(), namespace);
            let Ok(Some(status)) = api.get_opt(name).await.map(|k| k.and_then(|k| k.status)) else {
                return Facts::default();
            };
            Facts {
                revision: status.last_attempted_revision,
                ready_message: find_condition(
                    status.conditions.as_deref().unwrap_or_default(),
                    conditions::READY,
                )
                .map(|c| c.message.clone()),
                inventory: status.inventory.map(|inv| {
                    inv.entries
                        .iter()
                        .map(|e| inventory_subject(&e.id))
                        .collect()
                }),
            }
        }
        _ => Facts::default(),
    }
}

/// Flux's inventory id `<namespace>_<name>_<group>_<kind>` as the change
/// set names objects: `Kind/namespace/name` (`Kind/name` when cluster-scoped).
fn inventory_subject(id: &str) -> String {
    let mut parts = id.rsplitn(3, '_');
    let (Some(kind), Some(_group), Some(namespaced_name)) =
        (parts.next(), parts.next(), parts.next())
    else {
        return id.to_string();
    };
    match namespaced_name.split_once('_') {
        Some(("", name)) => format!("{kind}/{name}"),
        Some((namespace, name)) => format!("{kind}/{namespace}/{name}"),
        None => format!("{kind}/{namespaced_name}"),
    }
}

/// `stored artifact with revision 'main@sha1:…' from …` → `main@sha1:…`.
fn quoted_revision(note: &str) -> Option<String> {
    let rest = note.split_once("revision '")?.1;
    Some(rest.split_once('\'')?.0.to_string())
}

/// `main@sha1:<40 hex>` → `main@sha1:abcd123`; other forms unchanged.
pub(crate) fn short_revision(revision: &str) -> String {
    match revision.split_once(':') {
        Some((head, hash)) if hash.len() > 7 && hash.chars().all(|c| c.is_ascii_hexdigit()) => {
            format!("{head}:{}", &hash[..7])
        }
        _ => revision.to_string(),
    }
}

fn subject(event: &Event) -> String {
    event
        .regarding
        .as_ref()
        .map(|r| {
            format!(
                "{}/{}/{}",
                r.kind.as_deref().unwrap_or("?"),
                r.namespace.as_deref().unwrap_or(""),
                r.name.as_deref().unwrap_or("?")
            )
        })
        .unwrap_or_default()
}

/// Whether an event reports drift (kustomize-controller's `DriftDetected`).
fn is_drift(event: &Event) -> bool {
    event
        .reason
        .as_deref()
        .is_some_and(|r| r.to_ascii_lowercase().contains("drift"))
}

/// The log lines for one event, each starting with `time`. A `fresh` event
/// is shown as published; a repeat from `facts` (see the module docs), with
/// `before` the inventory of the Kustomization when last looked at. After a
/// drift event (`drifted`), the re-applied objects read as healed.
fn lines_for(
    event: &Event,
    fresh: bool,
    facts: &Facts,
    before: Option<&BTreeSet<String>>,
    drifted: bool,
    time: &str,
) -> Vec<String> {
    let reason = event.reason.as_deref().unwrap_or("");
    let published_note = event.note.as_deref().unwrap_or("");
    let revision = fresh
        .then(|| quoted_revision(published_note))
        .flatten()
        .or_else(|| facts.revision.clone())
        .map_or_else(|| "-".to_string(), |r| short_revision(&r));
    let subject = subject(event);
    let line = |verb: &str, text: &str| format!("{time} {verb:<8} {revision}  {text}");

    if event.type_.as_deref() == Some("Warning") {
        let note = match (&facts.ready_message, fresh) {
            (Some(message), false) => message.as_str(),
            _ => published_note,
        };
        let message = note
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("; ");
        // Waiting for a source is the normal state of a first reconcile.
        let verb = if reason == "DependencyNotReady" {
            "waiting"
        } else {
            "failed"
        };
        return vec![line(verb, &format!("{subject} {reason}: {message}"))];
    }
    match reason {
        "NewArtifact" => return vec![line("fetched", &subject)],
        "ReconciliationSucceeded" => return vec![line("ready", &subject)],
        _ => {}
    }
    if is_drift(event) {
        let text = if fresh {
            published_note
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join("; ")
        } else {
            format!("{subject}: an applied object was changed; re-applying")
        };
        return vec![line("drifted", &text)];
    }
    let applied = if drifted { "healed" } else { "applied" };
    let synthesized;
    let note = if fresh || reason != "Progressing" {
        published_note
    } else {
        // A repeated change-set event: what entered and left the inventory.
        let (Some(after), Some(before)) = (&facts.inventory, before) else {
            return vec![line(applied, &format!("{subject} (objects changed)"))];
        };
        let mut entries: Vec<String> = after
            .difference(before)
            .map(|o| format!("{o} created"))
            .collect();
        entries.extend(before.difference(after).map(|o| format!("{o} deleted")));
        if entries.is_empty() {
            return vec![line(
                applied,
                &format!("{subject} ({} objects, some configured)", after.len()),
            )];
        }
        synthesized = entries.join("\n");
        synthesized.as_str()
    };
    note.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|entry| {
            let verb = if entry.ends_with(" deleted") {
                "pruned"
            } else if entry.ends_with(" created")
                || entry.ends_with(" configured")
                || entry.ends_with(" unchanged")
            {
                applied
            } else {
                return line(reason, &format!("{subject} {entry}"));
            };
            line(verb, entry)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::api::core::v1::ObjectReference;

    fn event(type_: &str, reason: &str, kind: &str, note: &str) -> Event {
        Event {
            type_: Some(type_.into()),
            reason: Some(reason.into()),
            note: Some(note.into()),
            regarding: Some(ObjectReference {
                kind: Some(kind.into()),
                namespace: Some("flux-system".into()),
                name: Some("flux-system".into()),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    const REV: &str = "main@sha1:0123456789abcdef0123456789abcdef01234567";
    const REV2: &str = "main@sha1:fedcba9876543210fedcba9876543210fedcba98";

    fn facts(revision: &str, ready: Option<&str>, inventory: &[&str]) -> Facts {
        Facts {
            revision: Some(revision.to_string()),
            ready_message: ready.map(str::to_string),
            inventory: Some(inventory.iter().map(|s| s.to_string()).collect()),
        }
    }

    #[test]
    fn change_set_lines_become_applied_and_pruned() {
        let ev = event(
            "Normal",
            "Progressing",
            "Kustomization",
            "ConfigMap/apps/cfg-b configured\nConfigMap/apps/cfg-a deleted",
        );
        assert_eq!(
            lines_for(&ev, true, &facts(REV, None, &[]), None, false, "12:00:01"),
            [
                "12:00:01 applied  main@sha1:0123456  ConfigMap/apps/cfg-b configured",
                "12:00:01 pruned   main@sha1:0123456  ConfigMap/apps/cfg-a deleted",
            ]
        );
    }

    #[test]
    fn a_repeated_change_set_is_read_from_the_inventory() {
        // The note is the first event's; the inventory tells what changed.
        let ev = event(
            "Normal",
            "Progressing",
            "Kustomization",
            "ConfigMap/apps/stale created",
        );
        let before: BTreeSet<String> = ["ConfigMap/apps/a".to_string(), "Service/apps/web".into()]
            .into_iter()
            .collect();
        let now = facts(REV2, None, &["ConfigMap/apps/b", "Service/apps/web"]);
        assert_eq!(
            lines_for(&ev, false, &now, Some(&before), false, "t"),
            [
                "t applied  main@sha1:fedcba9  ConfigMap/apps/b created",
                "t pruned   main@sha1:fedcba9  ConfigMap/apps/a deleted",
            ]
        );
        let same = facts(REV2, None, &["ConfigMap/apps/a", "Service/apps/web"]);
        assert_eq!(
            lines_for(&ev, false, &same, Some(&before), false, "t"),
            [
                "t applied  main@sha1:fedcba9  Kustomization/flux-system/flux-system (2 objects, some configured)"
            ]
        );
    }

    #[test]
    fn source_events_name_the_revision_from_the_note_then_the_status() {
        let note = format!("stored artifact with revision '{REV}' from 'http://127.0.0.1:1/r.git'");
        let ev = event("Normal", "NewArtifact", "GitRepository", &note);
        assert_eq!(quoted_revision(&note).as_deref(), Some(REV));
        assert_eq!(
            lines_for(&ev, true, &facts(REV2, None, &[]), None, false, "t"),
            ["t fetched  main@sha1:0123456  GitRepository/flux-system/flux-system"]
        );
        assert_eq!(
            lines_for(&ev, false, &facts(REV2, None, &[]), None, false, "t"),
            ["t fetched  main@sha1:fedcba9  GitRepository/flux-system/flux-system"]
        );
    }

    #[test]
    fn warnings_fit_on_one_line_and_repeats_show_the_current_message() {
        let ev = event(
            "Warning",
            "BuildFailed",
            "Kustomization",
            "kustomize build failed:\n  bad.yaml: line 3",
        );
        assert_eq!(
            lines_for(&ev, true, &Facts::default(), None, false, "t"),
            [
                "t failed   -  Kustomization/flux-system/flux-system BuildFailed: kustomize build failed:; bad.yaml: line 3"
            ]
        );
        let now = facts(REV2, Some("other.yaml: line 9"), &[]);
        assert_eq!(
            lines_for(&ev, false, &now, None, false, "t"),
            [
                "t failed   main@sha1:fedcba9  Kustomization/flux-system/flux-system BuildFailed: other.yaml: line 9"
            ]
        );
        let waiting = event(
            "Warning",
            "DependencyNotReady",
            "Kustomization",
            "source not ready",
        );
        assert!(
            lines_for(&waiting, true, &Facts::default(), None, false, "t")[0]
                .starts_with("t waiting ")
        );
    }

    #[test]
    fn drift_then_re_apply_reads_as_drifted_then_healed() {
        let drift = event(
            "Normal",
            "DriftDetected",
            "Kustomization",
            "Deployment/apps/web modified by kubectl-patch; re-applying",
        );
        let now = facts(REV, None, &["Deployment/apps/web"]);
        assert_eq!(
            lines_for(&drift, true, &now, None, false, "t"),
            [
                "t drifted  main@sha1:0123456  Deployment/apps/web modified by kubectl-patch; re-applying"
            ]
        );
        assert_eq!(
            lines_for(&drift, false, &now, None, false, "t"),
            [
                "t drifted  main@sha1:0123456  Kustomization/flux-system/flux-system: an applied object was changed; re-applying"
            ]
        );
        let applied = event(
            "Normal",
            "Progressing",
            "Kustomization",
            "Deployment/apps/web configured",
        );
        assert_eq!(
            lines_for(&applied, true, &now, None, true, "t"),
            ["t healed   main@sha1:0123456  Deployment/apps/web configured"]
        );
        let before = now.inventory.clone().unwrap();
        assert_eq!(
            lines_for(&applied, false, &now, Some(&before), true, "t"),
            [
                "t healed   main@sha1:0123456  Kustomization/flux-system/flux-system (1 objects, some configured)"
            ]
        );
    }

    #[test]
    fn inventory_ids_read_as_change_set_subjects() {
        assert_eq!(
            inventory_subject("apps_web_apps_Deployment"),
            "Deployment/apps/web"
        );
        assert_eq!(
            inventory_subject("default_cfg__ConfigMap"),
            "ConfigMap/default/cfg"
        );
        assert_eq!(inventory_subject("_apps__Namespace"), "Namespace/apps");
        assert_eq!(inventory_subject("garbage"), "garbage");
    }

    #[test]
    fn short_revisions_keep_other_forms() {
        assert_eq!(short_revision("v1.0@sha1:abcdef0123"), "v1.0@sha1:abcdef0");
        assert_eq!(short_revision("sha256:xyz"), "sha256:xyz");
    }
}
