//! In-memory object storage: one global resourceVersion counter, objects
//! shared by `Arc` between the store, lists and watch history.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::{Arc, OnceLock};

use bytes::Bytes;
use serde_json::{Value, json};

use crate::resources::GroupResource;

/// What happened to an object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EventType {
    Added,
    Modified,
    Deleted,
}

impl EventType {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            EventType::Added => "ADDED",
            EventType::Modified => "MODIFIED",
            EventType::Deleted => "DELETED",
        }
    }
}

/// One change, kept in the bounded history and shared by every watcher.
#[derive(Debug)]
pub(crate) struct Event {
    pub(crate) rv: u64,
    pub(crate) gr: GroupResource,
    pub(crate) namespace: String,
    pub(crate) type_: EventType,
    pub(crate) object: Arc<Value>,
    /// The object before a modification, so watches with selectors can tell
    /// objects leaving their selection.
    pub(crate) prev: Option<Arc<Value>>,
    /// The JSON watch line, encoded once for all watchers that want the
    /// stored apiVersion.
    encoded: OnceLock<Bytes>,
}

impl Event {
    pub(crate) fn new(
        rv: u64,
        gr: GroupResource,
        namespace: String,
        type_: EventType,
        object: Arc<Value>,
        prev: Option<Arc<Value>>,
    ) -> Self {
        Event {
            rv,
            gr,
            namespace,
            type_,
            object,
            prev,
            encoded: OnceLock::new(),
        }
    }

    /// `{"type":...,"object":...}\n`, encoded once.
    pub(crate) fn encoded(&self) -> Bytes {
        self.encoded
            .get_or_init(|| encode_watch_line(self.type_.as_str(), &self.object))
            .clone()
    }
}

/// Encodes one watch line.
pub(crate) fn encode_watch_line(type_: &str, object: &Value) -> Bytes {
    let mut buf = Vec::with_capacity(256);
    buf.extend_from_slice(b"{\"type\":\"");
    buf.extend_from_slice(type_.as_bytes());
    buf.extend_from_slice(b"\",\"object\":");
    // NB: serialising a Value into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut buf, object);
    buf.extend_from_slice(b"}\n");
    Bytes::from(buf)
}

type Objects = BTreeMap<(String, String), Arc<Value>>;

/// Objects in key order, borrowed from the store.
type ObjectIter<'a> = Box<dyn Iterator<Item = (&'a (String, String), &'a Arc<Value>)> + 'a>;

/// The stored objects and the recent history of changes.
#[derive(Debug)]
pub(crate) struct Store {
    rv: u64,
    data: HashMap<GroupResource, Objects>,
    history: VecDeque<Arc<Event>>,
    history_cap: usize,
    /// The newest resourceVersion no longer in `history`: watches must start
    /// at or after it.
    compacted: u64,
    /// The write-ahead log, with `--data-dir`.
    wal: Option<crate::wal::Wal>,
    /// The last failure to persist a change, reported to the writer.
    wal_error: Option<String>,
    /// Group commit of the log, shared by the log's successive files.
    syncer: std::sync::Arc<crate::wal::Syncer>,
}

impl Store {
    pub(crate) fn new(history_cap: usize) -> Self {
        Store {
            rv: 0,
            data: HashMap::new(),
            history: VecDeque::new(),
            history_cap: history_cap.max(1),
            compacted: 0,
            wal: None,
            wal_error: None,
            syncer: crate::wal::Syncer::new(),
        }
    }

    /// Loads replayed records (no events: history starts after them) and
    /// persists further changes to `wal`.
    pub(crate) fn restore(&mut self, records: Vec<crate::wal::Record>) {
        for r in records {
            match r {
                crate::wal::Record::Put {
                    gr,
                    ns,
                    name,
                    rv,
                    object,
                } => {
                    self.data
                        .entry(gr)
                        .or_default()
                        .insert((ns, name), Arc::new(object));
                    self.rv = self.rv.max(rv);
                }
                crate::wal::Record::Delete { gr, ns, name, rv } => {
                    if let Some(m) = self.data.get_mut(&gr) {
                        m.remove(&(ns, name));
                    }
                    self.rv = self.rv.max(rv);
                }
            }
        }
        self.compacted = self.rv;
    }

    /// Writes a snapshot of the current objects to `dir` and logs every
    /// later change there.
    pub(crate) fn persist_to(&mut self, dir: &std::path::Path) -> Result<(), crate::wal::WalError> {
        let rv = self.rv;
        let objects = self.data.iter().flat_map(|(gr, m)| {
            m.iter()
                .map(move |((ns, name), o)| (gr, ns.as_str(), name.as_str(), rv, &**o))
        });
        self.wal = Some(crate::wal::Wal::rewrite(dir, objects, self.syncer.clone())?);
        Ok(())
    }

    /// With a log: the syncer and the last record appended, to wait on
    /// (after releasing the store) before acknowledging a write.
    pub(crate) fn durability(&self) -> Option<(std::sync::Arc<crate::wal::Syncer>, u64)> {
        self.wal
            .as_ref()
            .map(|_| (self.syncer.clone(), self.syncer.last()))
    }

    /// The last persistence failure, if any, cleared by reading it.
    pub(crate) fn take_wal_error(&mut self) -> Option<String> {
        self.wal_error.take()
    }

    pub(crate) fn current_rv(&self) -> u64 {
        self.rv
    }

    pub(crate) fn compacted_rv(&self) -> u64 {
        self.compacted
    }

    pub(crate) fn get(&self, gr: &GroupResource, ns: &str, name: &str) -> Option<Arc<Value>> {
        self.data
            .get(gr)?
            .get(&(ns.to_string(), name.to_string()))
            .cloned()
    }

    /// Objects of a resource, in key order, from an optional namespace,
    /// starting strictly after `after` (for pagination).
    pub(crate) fn range<'a>(
        &'a self,
        gr: &GroupResource,
        ns: Option<&'a str>,
        after: Option<&'a (String, String)>,
    ) -> impl Iterator<Item = (&'a (String, String), &'a Arc<Value>)> + 'a {
        let map = self.data.get(gr);
        let iter: ObjectIter<'a> = match (map, after, ns) {
            (None, _, _) => Box::new(std::iter::empty()),
            (Some(m), Some(a), _) => Box::new(m.range::<(String, String), _>((
                std::ops::Bound::Excluded(a),
                std::ops::Bound::Unbounded,
            ))),
            (Some(m), None, Some(n)) => Box::new(m.range((n.to_string(), String::new())..)),
            (Some(m), None, None) => Box::new(m.iter()),
        };
        iter.take_while(move |((n, _), _)| ns.is_none_or(|want| want == n))
    }

    /// Objects of a resource as they were at resourceVersion `rv`, in key
    /// order, from an optional namespace, starting strictly after `after`;
    /// `None` when the history no longer reaches back to `rv`. The current
    /// objects are merged with what the changes since `rv` replaced, so a
    /// read at an old version copies only the objects changed since.
    pub(crate) fn range_at<'a>(
        &'a self,
        gr: &GroupResource,
        ns: Option<&'a str>,
        after: Option<&'a (String, String)>,
        rv: u64,
    ) -> Option<impl Iterator<Item = Arc<Value>> + 'a> {
        let events = self.events_after(rv)?;
        // The first change of a key after `rv` says what the key held at `rv`.
        let mut then: BTreeMap<(String, String), Option<Arc<Value>>> = BTreeMap::new();
        for e in events
            .iter()
            .filter(|e| &e.gr == gr && ns.is_none_or(|n| n == e.namespace))
        {
            let name = e
                .object
                .pointer("/metadata/name")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            let key = (e.namespace.clone(), name);
            if after.is_some_and(|a| &key <= a) {
                continue;
            }
            then.entry(key).or_insert_with(|| match e.type_ {
                EventType::Added => None,
                EventType::Modified | EventType::Deleted => e.prev.clone(),
            });
        }
        Some(Merge {
            current: self.range(gr, ns, after).peekable(),
            then: then.into_iter().peekable(),
        })
    }

    /// Whether any stored object satisfies `pred` (no copies made).
    pub(crate) fn any_object(&self, pred: impl Fn(&Value) -> bool) -> bool {
        self.data.values().any(|m| m.values().any(|o| pred(o)))
    }

    /// Every stored object with its resource and key.
    pub(crate) fn iter_all(
        &self,
    ) -> impl Iterator<Item = (GroupResource, String, String, Arc<Value>)> + '_ {
        self.data.iter().flat_map(|(gr, m)| {
            m.iter()
                .map(move |((ns, name), o)| (gr.clone(), ns.clone(), name.clone(), o.clone()))
        })
    }

    /// Next resourceVersion, to stamp an object before [`Store::put`].
    pub(crate) fn next_rv(&self) -> u64 {
        self.rv + 1
    }

    /// Stores an object already stamped with [`Store::next_rv`].
    pub(crate) fn put(
        &mut self,
        gr: &GroupResource,
        ns: &str,
        name: &str,
        obj: Value,
        type_: EventType,
    ) -> Arc<Value> {
        self.rv += 1;
        let obj = Arc::new(obj);
        let prev = self
            .data
            .entry(gr.clone())
            .or_default()
            .insert((ns.to_string(), name.to_string()), obj.clone());
        if let Some(w) = &mut self.wal
            && let Err(e) = w.put(gr, ns, name, self.rv, &obj)
        {
            self.wal_error = Some(e.to_string());
        }
        self.record(gr, ns, type_, obj.clone(), prev);
        self.maybe_compact();
        obj
    }

    /// Rewrites the log as a snapshot once updates dominate it, so a
    /// long-running cluster's log stays proportional to its data.
    fn maybe_compact(&mut self) {
        let Some(dir) = self
            .wal
            .as_ref()
            .filter(|w| w.needs_compaction())
            .map(|w| w.dir().to_path_buf())
        else {
            return;
        };
        if let Err(e) = self.persist_to(&dir) {
            self.wal_error = Some(e.to_string());
        }
    }

    /// Removes an object; the DELETED event carries it with a fresh resourceVersion.
    pub(crate) fn remove(
        &mut self,
        gr: &GroupResource,
        ns: &str,
        name: &str,
    ) -> Option<Arc<Value>> {
        let old = self
            .data
            .get_mut(gr)?
            .remove(&(ns.to_string(), name.to_string()))?;
        self.rv += 1;
        if let Some(w) = &mut self.wal
            && let Err(e) = w.delete(gr, ns, name, self.rv)
        {
            self.wal_error = Some(e.to_string());
        }
        let mut last = (*old).clone();
        last["metadata"]["resourceVersion"] = json!(self.rv.to_string());
        let last = Arc::new(last);
        self.record(gr, ns, EventType::Deleted, last.clone(), Some(old));
        self.maybe_compact();
        Some(last)
    }

    /// Drops every object of a resource (CRD deletion) and records the deletions.
    pub(crate) fn remove_all(&mut self, gr: &GroupResource) {
        let keys: Vec<(String, String)> = self
            .data
            .get(gr)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        for (ns, name) in keys {
            self.remove(gr, &ns, &name);
        }
        self.data.remove(gr);
    }

    fn record(
        &mut self,
        gr: &GroupResource,
        ns: &str,
        type_: EventType,
        obj: Arc<Value>,
        prev: Option<Arc<Value>>,
    ) {
        self.history.push_back(Arc::new(Event::new(
            self.rv,
            gr.clone(),
            ns.to_string(),
            type_,
            obj,
            prev,
        )));
        while self.history.len() > self.history_cap {
            if let Some(e) = self.history.pop_front() {
                self.compacted = e.rv;
            }
        }
    }

    /// Events with resourceVersion greater than `after`, or `None` when some
    /// of them were already dropped from history.
    pub(crate) fn events_after(&self, after: u64) -> Option<Vec<Arc<Event>>> {
        if after < self.compacted {
            return None;
        }
        let start = self.history.partition_point(|e| e.rv <= after);
        Some(self.history.range(start..).cloned().collect())
    }
}

/// What the keys changed since a version held then (`None`: absent).
type Then = std::collections::btree_map::IntoIter<(String, String), Option<Arc<Value>>>;

/// The current objects of a range, with the keys changed since a version
/// replaced by what they held then.
struct Merge<'a, C: Iterator<Item = (&'a (String, String), &'a Arc<Value>)>> {
    current: std::iter::Peekable<C>,
    then: std::iter::Peekable<Then>,
}

impl<'a, C: Iterator<Item = (&'a (String, String), &'a Arc<Value>)>> Iterator for Merge<'a, C> {
    type Item = Arc<Value>;

    fn next(&mut self) -> Option<Self::Item> {
        use std::cmp::Ordering;
        loop {
            let order = match (self.current.peek(), self.then.peek()) {
                (None, None) => return None,
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (Some((c, _)), Some((t, _))) => (*c).cmp(t),
            };
            if order != Ordering::Greater
                && let Some((_, v)) = self.current.next()
                && order == Ordering::Less
            {
                return Some(v.clone());
            }
            if order != Ordering::Less
                && let Some((_, Some(v))) = self.then.next()
            {
                return Some(v);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gr() -> GroupResource {
        GroupResource {
            group: String::new(),
            resource: "configmaps".into(),
        }
    }

    #[test]
    fn the_log_is_compacted_when_updates_dominate_it() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::new(10);
        s.persist_to(dir.path()).unwrap();
        let big = "x".repeat(64 * 1024);
        // 100 updates of one 64 KiB object: ~6 MiB appended, past the (test) threshold.
        for _ in 0..100 {
            s.put(
                &gr(),
                "ns",
                "a",
                json!({"metadata": {}, "data": {"k": big}}),
                EventType::Modified,
            );
        }
        let len = std::fs::metadata(dir.path().join("wal.log")).unwrap().len();
        assert!(len < 2 << 20, "log of {len} bytes was never compacted");
        let (records, _) = crate::wal::replay(dir.path()).unwrap();
        let mut restored = Store::new(10);
        restored.restore(records);
        assert!(restored.get(&gr(), "ns", "a").is_some());
        assert_eq!(restored.current_rv(), 100);
        assert!(s.take_wal_error().is_none());
    }

    fn names(it: impl Iterator<Item = Arc<Value>>) -> Vec<String> {
        it.map(|o| o["metadata"]["name"].as_str().unwrap().to_string())
            .collect()
    }

    #[test]
    fn ranges_read_at_an_old_version() {
        let mut s = Store::new(100);
        let obj = |n: &str, v: i64| json!({"metadata": {"name": n}, "v": v});
        for n in ["a", "b", "c", "d"] {
            s.put(&gr(), "ns", n, obj(n, 1), EventType::Added);
        }
        let at = s.current_rv();
        s.put(&gr(), "ns", "b", obj("b", 2), EventType::Modified);
        s.remove(&gr(), "ns", "c");
        s.put(&gr(), "ns", "bb", obj("bb", 1), EventType::Added);
        s.put(&gr(), "other", "a", obj("a", 1), EventType::Added);
        assert_eq!(
            names(s.range_at(&gr(), Some("ns"), None, at).unwrap()),
            ["a", "b", "c", "d"]
        );
        let old_b: Vec<i64> = s
            .range_at(&gr(), Some("ns"), None, at)
            .unwrap()
            .filter(|o| o["metadata"]["name"] == "b")
            .map(|o| o["v"].as_i64().unwrap())
            .collect();
        assert_eq!(old_b, [1]);
        let after = ("ns".to_string(), "b".to_string());
        assert_eq!(
            names(s.range_at(&gr(), None, Some(&after), at).unwrap()),
            ["c", "d"]
        );
        assert_eq!(
            names(s.range_at(&gr(), None, None, s.current_rv()).unwrap()),
            ["a", "b", "bb", "d", "a"]
        );
        // Beyond the history: no consistent read.
        let mut small = Store::new(1);
        small.put(&gr(), "ns", "a", obj("a", 1), EventType::Added);
        small.put(&gr(), "ns", "b", obj("b", 1), EventType::Added);
        small.put(&gr(), "ns", "c", obj("c", 1), EventType::Added);
        assert!(small.range_at(&gr(), None, None, 1).is_none());
    }

    #[test]
    fn history_is_bounded_and_reports_compaction() {
        let mut s = Store::new(2);
        for i in 0..4 {
            s.put(
                &gr(),
                "ns",
                &format!("o{i}"),
                json!({"metadata": {}}),
                EventType::Added,
            );
        }
        assert_eq!(s.current_rv(), 4);
        assert!(s.events_after(1).is_none());
        let ev = s.events_after(2).unwrap();
        assert_eq!(ev.iter().map(|e| e.rv).collect::<Vec<_>>(), vec![3, 4]);
        assert_eq!(s.range(&gr(), Some("ns"), None).count(), 4);
        assert_eq!(s.range(&gr(), Some("other"), None).count(), 0);
    }
}
