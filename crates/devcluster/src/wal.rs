//! Persistence for `--data-dir`: a write-ahead log of object puts and
//! deletions. Each record is `len (u32 LE) · crc32 (u32 LE) · JSON`; a torn
//! or corrupt record at the end (a crash mid-write) is detected by its length
//! or checksum, dropped, and the file truncated to the last good record.
//! Startup replays the log and rewrites it as a compact snapshot.
//!
//! A write is acknowledged only once its record is on disk: writers append
//! under the store lock, then wait outside it in [`Syncer::wait`], where one
//! of the waiting writers runs `fdatasync` for every record appended so far
//! (group commit), so concurrent writers share one sync.

use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};

use serde_json::{Value, json};

use crate::resources::GroupResource;

const LOG: &str = "wal.log";

/// Why the data directory could not be used.
#[derive(Debug, thiserror::Error)]
pub(crate) enum WalError {
    /// Reading, writing or renaming a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file at fault.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> WalError + '_ {
    move |source| WalError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// CRC-32 (IEEE), table-driven.
fn crc32(data: &[u8]) -> u32 {
    static TABLE: std::sync::OnceLock<[u32; 256]> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut t = [0u32; 256];
        for (i, slot) in t.iter_mut().enumerate() {
            let mut c = i as u32;
            for _ in 0..8 {
                c = if c & 1 == 1 {
                    (c >> 1) ^ 0xEDB8_8320
                } else {
                    c >> 1
                };
            }
            *slot = c;
        }
        t
    });
    let mut crc = !0u32;
    for &b in data {
        crc = table[((crc ^ u32::from(b)) & 0xff) as usize] ^ (crc >> 8);
    }
    !crc
}

/// The log is rewritten once it has grown by this much and by twice its
/// snapshot (small in unit tests so they stay fast).
const COMPACTION_FLOOR: u64 = if cfg!(test) { 1 << 20 } else { 64 << 20 };

/// One replayed change.
pub(crate) enum Record {
    Put {
        gr: GroupResource,
        ns: String,
        name: String,
        rv: u64,
        object: Value,
    },
    Delete {
        gr: GroupResource,
        ns: String,
        name: String,
        rv: u64,
    },
}

fn encode(payload: &Value) -> Vec<u8> {
    let body = serde_json::to_vec(payload).unwrap_or_default();
    let mut out = Vec::with_capacity(body.len() + 8);
    out.extend_from_slice(&(body.len() as u32).to_le_bytes());
    out.extend_from_slice(&crc32(&body).to_le_bytes());
    out.extend_from_slice(&body);
    out
}

fn decode(v: &Value) -> Option<Record> {
    let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    let gr = GroupResource {
        group: s("g")?,
        resource: s("r")?,
    };
    let rv = v.get("rv").and_then(Value::as_u64)?;
    match v.get("op").and_then(Value::as_str)? {
        "put" => Some(Record::Put {
            gr,
            ns: s("ns")?,
            name: s("n")?,
            rv,
            object: v.get("obj")?.clone(),
        }),
        "del" => Some(Record::Delete {
            gr,
            ns: s("ns")?,
            name: s("n")?,
            rv,
        }),
        _ => None,
    }
}

/// Reads every intact record of `dir`'s log, in order. A torn tail ends the
/// replay; the returned length is how much of the file was good.
pub(crate) fn replay(dir: &Path) -> Result<(Vec<Record>, u64), WalError> {
    let path = dir.join(LOG);
    let mut data = Vec::new();
    match File::open(&path) {
        Ok(mut f) => {
            f.read_to_end(&mut data).map_err(io(&path))?;
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((Vec::new(), 0)),
        Err(e) => return Err(io(&path)(e)),
    }
    let mut records = Vec::new();
    let mut pos = 0usize;
    while pos + 8 <= data.len() {
        let len =
            u32::from_le_bytes([data[pos], data[pos + 1], data[pos + 2], data[pos + 3]]) as usize;
        let crc = u32::from_le_bytes([data[pos + 4], data[pos + 5], data[pos + 6], data[pos + 7]]);
        let Some(body) = data.get(pos + 8..pos + 8 + len) else {
            break;
        };
        if crc32(body) != crc {
            break;
        }
        let Some(rec) = serde_json::from_slice::<Value>(body)
            .ok()
            .as_ref()
            .and_then(decode)
        else {
            break;
        };
        records.push(rec);
        pos += 8 + len;
    }
    Ok((records, pos as u64))
}

/// What has been appended to the log, and the file to sync for it.
#[derive(Debug)]
struct Tail {
    /// Records appended since startup.
    appended: u64,
    /// A handle on the current log file (it changes when the log is rewritten).
    file: Option<Arc<File>>,
}

#[derive(Debug, Default)]
struct Durable {
    /// Records known to be on disk.
    synced: u64,
    /// Whether a writer is running the sync right now.
    syncing: bool,
}

/// Group commit for the log: tells writers when their record is on disk.
#[derive(Debug)]
pub(crate) struct Syncer {
    tail: Mutex<Tail>,
    durable: Mutex<Durable>,
    done: Condvar,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Syncer {
    pub(crate) fn new() -> Arc<Syncer> {
        Arc::new(Syncer {
            tail: Mutex::new(Tail {
                appended: 0,
                file: None,
            }),
            durable: Mutex::new(Durable::default()),
            done: Condvar::new(),
        })
    }

    /// Counts one appended record; returns its sequence number.
    fn appended(&self) -> u64 {
        let mut t = lock(&self.tail);
        t.appended += 1;
        t.appended
    }

    /// The sequence number of the last appended record.
    pub(crate) fn last(&self) -> u64 {
        lock(&self.tail).appended
    }

    /// A freshly written and synced log replaces the old one: everything
    /// appended so far is in it, so it is all durable.
    fn reset(&self, file: File) {
        let appended = {
            let mut t = lock(&self.tail);
            t.file = Some(Arc::new(file));
            t.appended
        };
        let mut d = lock(&self.durable);
        d.synced = d.synced.max(appended);
        self.done.notify_all();
    }

    /// Blocks until record `seq` is on disk, syncing the log unless another
    /// writer is already doing so (then its sync, or the next, covers us).
    pub(crate) fn wait(&self, seq: u64) -> std::io::Result<()> {
        let mut d = lock(&self.durable);
        loop {
            if d.synced >= seq {
                return Ok(());
            }
            if d.syncing {
                d = self.done.wait(d).unwrap_or_else(|e| e.into_inner());
                continue;
            }
            d.syncing = true;
            drop(d);
            // NB: the count and the file are read together, so the records
            // counted are in the file synced (or in a newer, synced snapshot).
            let (target, file) = {
                let t = lock(&self.tail);
                (t.appended, t.file.clone())
            };
            let result = file.map_or(Ok(()), |f| f.sync_data());
            d = lock(&self.durable);
            d.syncing = false;
            if result.is_ok() {
                d.synced = d.synced.max(target);
            }
            self.done.notify_all();
            result?;
        }
    }
}

/// An open log, appended to on every acknowledged write.
#[derive(Debug)]
pub(crate) struct Wal {
    dir: PathBuf,
    path: PathBuf,
    file: File,
    /// Size of the snapshot the log started from.
    snapshot: u64,
    /// Bytes appended since.
    written: u64,
    syncer: Arc<Syncer>,
}

impl Wal {
    /// Replaces the log with a snapshot of `objects` (taken after replay) and
    /// opens it for appending.
    pub(crate) fn rewrite<'a>(
        dir: &Path,
        objects: impl Iterator<Item = (&'a GroupResource, &'a str, &'a str, u64, &'a Value)>,
        syncer: Arc<Syncer>,
    ) -> Result<Wal, WalError> {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        let path = dir.join(LOG);
        let tmp = dir.join(format!("{LOG}.tmp"));
        let mut snapshot = 0u64;
        {
            let mut f = File::create(&tmp).map_err(io(&tmp))?;
            let mut buf = Vec::new();
            for (gr, ns, name, rv, obj) in objects {
                buf.extend(encode(&put_payload(gr, ns, name, rv, obj)));
                if buf.len() > 1 << 20 {
                    f.write_all(&buf).map_err(io(&tmp))?;
                    snapshot += buf.len() as u64;
                    buf.clear();
                }
            }
            f.write_all(&buf).map_err(io(&tmp))?;
            snapshot += buf.len() as u64;
            f.sync_all().map_err(io(&tmp))?;
        }
        std::fs::rename(&tmp, &path).map_err(io(&path))?;
        // The rename is durable only once the directory is synced.
        File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(io(dir))?;
        let file = OpenOptions::new()
            .append(true)
            .open(&path)
            .map_err(io(&path))?;
        syncer.reset(file.try_clone().map_err(io(&path))?);
        Ok(Wal {
            dir: dir.to_path_buf(),
            path,
            file,
            snapshot,
            written: 0,
            syncer,
        })
    }

    /// The data directory.
    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    /// Whether the log has grown enough past its snapshot to be rewritten.
    pub(crate) fn needs_compaction(&self) -> bool {
        self.written > COMPACTION_FLOOR.max(2 * self.snapshot)
    }

    pub(crate) fn put(
        &mut self,
        gr: &GroupResource,
        ns: &str,
        name: &str,
        rv: u64,
        obj: &Value,
    ) -> Result<(), WalError> {
        let rec = encode(&put_payload(gr, ns, name, rv, obj));
        self.append(&rec)
    }

    /// Appends one encoded record and counts it for the syncer.
    fn append(&mut self, rec: &[u8]) -> Result<(), WalError> {
        self.written += rec.len() as u64;
        self.file.write_all(rec).map_err(io(&self.path))?;
        self.syncer.appended();
        Ok(())
    }

    pub(crate) fn delete(
        &mut self,
        gr: &GroupResource,
        ns: &str,
        name: &str,
        rv: u64,
    ) -> Result<(), WalError> {
        let rec = encode(
            &json!({"op": "del", "g": gr.group, "r": gr.resource, "ns": ns, "n": name, "rv": rv}),
        );
        self.append(&rec)
    }
}

fn put_payload(gr: &GroupResource, ns: &str, name: &str, rv: u64, obj: &Value) -> Value {
    json!({"op": "put", "g": gr.group, "r": gr.resource, "ns": ns, "n": name, "rv": rv, "obj": obj})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc_matches_the_ieee_check_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn writers_wait_for_their_record_and_share_syncs() {
        let dir = tempfile::tempdir().unwrap();
        let gr = GroupResource {
            group: String::new(),
            resource: "configmaps".into(),
        };
        let syncer = Syncer::new();
        let wal = Arc::new(Mutex::new(
            Wal::rewrite(dir.path(), std::iter::empty(), syncer.clone()).unwrap(),
        ));
        assert_eq!(syncer.last(), 0);
        let threads: Vec<_> = (0..8)
            .map(|i| {
                let (wal, syncer, gr) = (wal.clone(), syncer.clone(), gr.clone());
                std::thread::spawn(move || {
                    for j in 0..50 {
                        let seq = {
                            let mut w = lock(&wal);
                            w.put(&gr, "ns", &format!("o{i}-{j}"), 1, &json!({}))
                                .unwrap();
                            syncer.last()
                        };
                        syncer.wait(seq).unwrap();
                        assert!(lock(&syncer.durable).synced >= seq);
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        assert_eq!(syncer.last(), 400);
        assert_eq!(lock(&syncer.durable).synced, 400);
        let (records, _) = replay(dir.path()).unwrap();
        assert_eq!(records.len(), 400);
        // A rewrite makes everything appended before it durable at once.
        lock(&wal).put(&gr, "ns", "late", 2, &json!({})).unwrap();
        let _ = Wal::rewrite(dir.path(), std::iter::empty(), syncer.clone()).unwrap();
        assert_eq!(lock(&syncer.durable).synced, 401);
    }

    #[test]
    fn torn_tail_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let gr = GroupResource {
            group: String::new(),
            resource: "configmaps".into(),
        };
        let obj = json!({"metadata": {"name": "a"}});
        let mut wal = Wal::rewrite(dir.path(), std::iter::empty(), Syncer::new()).unwrap();
        wal.put(&gr, "ns", "a", 1, &obj).unwrap();
        wal.put(&gr, "ns", "b", 2, &obj).unwrap();
        drop(wal);
        let path = dir.path().join(LOG);
        let full = std::fs::read(&path).unwrap();
        // Cut the last record in half, then flip a byte of it: both are torn.
        std::fs::write(&path, &full[..full.len() - 5]).unwrap();
        let (recs, good) = replay(dir.path()).unwrap();
        assert_eq!(recs.len(), 1);
        let mut corrupt = full.clone();
        let last = corrupt.len() - 3;
        corrupt[last] ^= 0xff;
        std::fs::write(&path, &corrupt).unwrap();
        let (recs2, good2) = replay(dir.path()).unwrap();
        assert_eq!(recs2.len(), 1);
        assert_eq!(good, good2);
    }
}
