//! Watch: initial events, resuming from a resourceVersion out of the shared
//! history, bookmarks, 410 Gone and timeouts.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use bytes::Bytes;
use serde_json::{Value, json};
use tokio::sync::mpsc;

use crate::api::{ApiResult, Req, Target2, at_version, selectors};
use crate::error::ApiError;
use crate::selectors::{FieldSelector, LabelSelector};
use crate::server::Shared;
use crate::store::{EventType, encode_watch_line};

struct Filter {
    t: Target2,
    labels: LabelSelector,
    fields: FieldSelector,
    table: bool,
    metadata_only: bool,
    include: Option<String>,
}

impl Filter {
    fn matches(&self, obj: &Value) -> bool {
        self.labels.matches(obj) && self.fields.matches(obj)
    }

    /// One watch line for `obj`, re-encoded only when the watcher needs a
    /// different representation than the shared one.
    fn line(&self, type_: &str, obj: &Arc<Value>, shared: Option<Bytes>) -> Bytes {
        if self.table {
            let v = at_version(&self.t.info, obj);
            let rv = v
                .pointer("/metadata/resourceVersion")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            let mut table = crate::table::table(&self.t.info, &[&v], &rv, self.include.as_deref());
            // Rows of watch events carry no column definitions.
            table["columnDefinitions"] = Value::Null;
            return encode_watch_line(type_, &table);
        }
        if self.metadata_only {
            return encode_watch_line(type_, &crate::api::partial_metadata(obj));
        }
        match (shared, at_version(&self.t.info, obj)) {
            (Some(b), std::borrow::Cow::Borrowed(_)) => b,
            (_, v) => encode_watch_line(type_, &v),
        }
    }
}

fn parse_rv(s: Option<&str>) -> ApiResult<Option<u64>> {
    match s {
        None | Some("") => Ok(None),
        Some(v) => v
            .parse::<u64>()
            .map(Some)
            .map_err(|_| ApiError::bad_request(format!("invalid resource version: {v:?}"))),
    }
}

fn gone_line(rv: u64, compacted: u64) -> Bytes {
    let status =
        ApiError::gone(format!("too old resource version: {rv} ({compacted})")).to_status();
    encode_watch_line("ERROR", &status)
}

/// Starts a watch; the response streams newline-delimited JSON events.
pub(crate) fn serve(s: Arc<Shared>, t: Target2, req: &Req) -> ApiResult<Response> {
    let (labels, fields) = selectors(&t, req)?;
    let rv = parse_rv(req.q("resourceVersion"))?;
    let timeout = match req.q("timeoutSeconds") {
        None | Some("") => None,
        Some(v) => Some(Duration::from_secs(v.parse::<u64>().map_err(|_| {
            ApiError::bad_request(format!("invalid timeoutSeconds {v:?}"))
        })?)),
    };
    let bookmarks = req.flag("allowWatchBookmarks");
    let send_initial = match req.q("sendInitialEvents") {
        Some("true") => Some(true),
        Some("false") => Some(false),
        _ => None,
    };
    if send_initial.is_some() && req.q("resourceVersionMatch") != Some("NotOlderThan") {
        return Err(ApiError::invalid("WatchOptions", "meta.k8s.io", "", &[crate::error::FieldError {
            field: "resourceVersionMatch".into(),
            reason: "FieldValueForbidden",
            message: "Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan".into(),
        }]));
    }
    let filter = Filter {
        t,
        labels,
        fields,
        table: req.wants_table(),
        metadata_only: req.wants_metadata(),
        include: req.q("includeObject").map(str::to_string),
    };
    let (tx, rx) = mpsc::channel::<Bytes>(64);
    let mut notify = s.notify.subscribe();
    tokio::spawn(async move {
        // Snapshot or resume point, taken under the store lock so no change
        // falls between the initial state and the first event.
        let (initial, mut cursor, gone) = {
            let store = s.store();
            let current = store.current_rv();
            let want_initial = match send_initial {
                Some(b) => b,
                None => matches!(rv, None | Some(0)),
            };
            match rv {
                Some(r) if r > 0 && !want_initial && r < store.compacted_rv() => {
                    (Vec::new(), current, Some((r, store.compacted_rv())))
                }
                Some(r) if r > 0 && !want_initial => (Vec::new(), r, None),
                _ => {
                    let objs: Vec<Arc<Value>> = if want_initial {
                        store
                            .range(&filter.t.info.gr(), filter.t.ns.as_deref(), None)
                            .filter(|(_, o)| filter.matches(o))
                            .map(|(_, o)| o.clone())
                            .collect()
                    } else {
                        Vec::new()
                    };
                    (objs, current, None)
                }
            }
        };
        if let Some((r, c)) = gone {
            let _ = tx.send(gone_line(r, c)).await;
            return;
        }
        // NB: a watch resuming from an older resourceVersion must first get
        // the changes already stored after it; `subscribe` marked the current
        // notification as seen, so without this they would wait for the next write.
        notify.mark_changed();
        for o in &initial {
            if tx.send(filter.line("ADDED", o, None)).await.is_err() {
                return;
            }
        }
        drop(initial);
        if send_initial == Some(true) {
            let b = bookmark(&filter, cursor, true);
            if tx.send(b).await.is_err() {
                return;
            }
        }
        let deadline = timeout.map(|d| tokio::time::Instant::now() + d);
        let mut shutdown = s.shutdown.clone();
        let period = s.bookmark_interval.max(Duration::from_millis(10));
        let mut ticker = tokio::time::interval_at(tokio::time::Instant::now() + period, period);
        loop {
            let sleep_until = deadline
                .unwrap_or_else(|| tokio::time::Instant::now() + Duration::from_secs(86_400 * 365));
            tokio::select! {
                _ = tokio::time::sleep_until(sleep_until) => return,
                _ = shutdown.changed() => return,
                _ = tx.closed() => return,
                _ = ticker.tick(), if bookmarks => {
                    if tx.send(bookmark(&filter, cursor, false)).await.is_err() {
                        return;
                    }
                }
                changed = notify.changed() => {
                    if changed.is_err() {
                        return;
                    }
                    let (events, compacted) = {
                        let store = s.store();
                        (store.events_after(cursor), store.compacted_rv())
                    };
                    let Some(events) = events else {
                        let _ = tx.send(gone_line(cursor, compacted)).await;
                        return;
                    };
                    for e in events {
                        cursor = e.rv;
                        if e.gr != filter.t.info.gr() {
                            continue;
                        }
                        if let Some(ns) = &filter.t.ns
                            && *ns != e.namespace
                        {
                            continue;
                        }
                        let now_matches = filter.matches(&e.object);
                        let before = match e.type_ {
                            EventType::Added => false,
                            EventType::Deleted => now_matches,
                            EventType::Modified => e.prev.as_ref().is_some_and(|p| filter.matches(p)),
                        };
                        // Objects entering or leaving a selector are added or deleted for this watcher.
                        let type_ = match (e.type_, before, now_matches) {
                            (EventType::Deleted, true, _) => "DELETED",
                            (EventType::Deleted, false, _) => continue,
                            (_, false, true) => "ADDED",
                            (EventType::Modified, true, true) => "MODIFIED",
                            (EventType::Modified, true, false) => "DELETED",
                            _ => continue,
                        };
                        let shared = (type_ == e.type_.as_str()).then(|| e.encoded());
                        if tx.send(filter.line(type_, &e.object, shared)).await.is_err() {
                            return;
                        }
                    }
                }
            }
        }
    });
    let stream = futures::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|b| (Ok::<_, Infallible>(b), rx))
    });
    let mut r = Response::new(Body::from_stream(stream));
    *r.status_mut() = StatusCode::OK;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-cache, private"),
    );
    Ok(r)
}

fn bookmark(filter: &Filter, rv: u64, initial_end: bool) -> Bytes {
    let mut meta = json!({"resourceVersion": rv.to_string()});
    if initial_end {
        meta["annotations"] = json!({"k8s.io/initial-events-end": "true"});
    }
    let obj = if filter.metadata_only {
        json!({"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1", "metadata": meta})
    } else {
        json!({"kind": filter.t.info.kind, "apiVersion": filter.t.info.api_version(), "metadata": meta})
    };
    encode_watch_line("BOOKMARK", &obj)
}
