//! The tag store: the tags of each ImageRepository's last scan, kept in
//! memory for ImagePolicies and persisted under `--storage-path`, so a
//! restarted controller answers policies without rescanning first.
//!
//! ```text
//!   <storage-path>/imagerepository/<namespace>/<name>.json
//!       {"canonicalImageName": "...", "revision": "...", "tags": [...]}
//! ```
//!
//! Files are replaced atomically (temporary file, fsync, rename). Unlike
//! Flux's database, which keys tags by canonical image name, records are kept
//! per ImageRepository: two repositories of one image with different
//! exclusion lists do not overwrite each other's tags.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use tokio::io::AsyncWriteExt;

use crate::error::{Error, Result};

/// How many tags `status.lastScanResult.latestTags` shows, as in Flux.
pub(crate) const LATEST_TAGS_COUNT: usize = 10;

/// The tags of one scan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Record {
    /// The canonical image name the tags belong to.
    pub(crate) canonical_image_name: String,
    /// [`revision`] of `tags`.
    pub(crate) revision: String,
    /// The tags, after the exclusion list, in descending string order.
    pub(crate) tags: Vec<String>,
}

impl Record {
    /// A record of `tags` (any order) for `canonical_image_name`.
    pub(crate) fn new(canonical_image_name: String, mut tags: Vec<String>) -> Self {
        // Descending, as Flux stores them; the revision depends on the order.
        tags.sort_unstable_by(|a, b| b.cmp(a));
        tags.dedup();
        Self {
            canonical_image_name,
            revision: revision(&tags),
            tags,
        }
    }

    /// The first [`LATEST_TAGS_COUNT`] tags, or `None` when there are none.
    pub(crate) fn latest_tags(&self) -> Option<Vec<String>> {
        (!self.tags.is_empty()).then(|| self.tags.iter().take(LATEST_TAGS_COUNT).cloned().collect())
    }
}

/// `status.lastScanResult.revision` of a tag list, as Flux computes it: the
/// Adler-32 checksum of the list's JSON encoding, in decimal.
pub(crate) fn revision(tags: &[String]) -> String {
    // NB: tags are [A-Za-z0-9_.-], so serde_json's encoding matches Go's
    // json.Marshal byte for byte (Go would escape only <, > and &).
    let json = serde_json::to_vec(tags).unwrap_or_default();
    adler32(&json).to_string()
}

/// Adler-32 (RFC 1950).
fn adler32(bytes: &[u8]) -> u32 {
    const MOD: u32 = 65521;
    let (mut a, mut b) = (1u32, 0u32);
    // 5552 bytes is the most that can be summed before the u32 overflows.
    for chunk in bytes.chunks(5552) {
        for &byte in chunk {
            a += u32::from(byte);
            b += a;
        }
        a %= MOD;
        b %= MOD;
    }
    (b << 16) | a
}

type Key = (String, String);

/// The tag store; cheap to share behind an [`Arc`].
#[derive(Debug)]
pub(crate) struct TagStore {
    root: PathBuf,
    records: Mutex<HashMap<Key, Arc<Record>>>,
}

impl TagStore {
    /// A store persisting under `storage_path`.
    pub(crate) fn new(storage_path: &Path) -> Self {
        Self {
            root: storage_path.join("imagerepository"),
            records: Mutex::default(),
        }
    }

    fn path(&self, namespace: &str, name: &str) -> Result<PathBuf> {
        // Kubernetes names never hold these, but the path must not escape the root.
        let bad = |s: &str| s.is_empty() || s.starts_with('.') || s.contains(['/', '\\', '\0']);
        if bad(namespace) || bad(name) {
            return Err(Error::InvalidStoreKey {
                namespace: namespace.to_string(),
                name: name.to_string(),
            });
        }
        Ok(self.root.join(namespace).join(format!("{name}.json")))
    }

    fn cached(&self, key: &Key) -> Option<Arc<Record>> {
        self.records.lock().ok().and_then(|r| r.get(key).cloned())
    }

    fn cache(&self, key: Key, record: Option<Arc<Record>>) {
        if let Ok(mut records) = self.records.lock() {
            match record {
                Some(record) => records.insert(key, record),
                None => records.remove(&key),
            };
        }
    }

    /// The record of ImageRepository `namespace/name`, from memory or, after a
    /// restart, from disk. An unreadable file counts as no record (it is
    /// logged; the next scan replaces it).
    pub(crate) async fn get(&self, namespace: &str, name: &str) -> Result<Option<Arc<Record>>> {
        let key = (namespace.to_string(), name.to_string());
        if let Some(record) = self.cached(&key) {
            return Ok(Some(record));
        }
        let path = self.path(namespace, name)?;
        let bytes = match tokio::fs::read(&path).await {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => {
                return Err(Error::Store {
                    action: "read",
                    path,
                    source,
                });
            }
        };
        match serde_json::from_slice::<Record>(&bytes) {
            Ok(record) => {
                let record = Arc::new(record);
                self.cache(key, Some(record.clone()));
                Ok(Some(record))
            }
            Err(err) => {
                tracing::warn!(path = %path.display(), %err, "ignoring unreadable tag store file; the next scan replaces it");
                Ok(None)
            }
        }
    }

    /// Stores `record` for ImageRepository `namespace/name`: on disk first
    /// (atomically), then in memory.
    pub(crate) async fn set(
        &self,
        namespace: &str,
        name: &str,
        record: Record,
    ) -> Result<Arc<Record>> {
        let path = self.path(namespace, name)?;
        let dir = path.parent().unwrap_or(&self.root).to_path_buf();
        tokio::fs::create_dir_all(&dir)
            .await
            .map_err(|source| Error::Store {
                action: "create the directory of",
                path: dir.clone(),
                source,
            })?;
        let bytes = serde_json::to_vec(&record).unwrap_or_default();
        let tmp = dir.join(format!(".{name}.json.tmp"));
        let write = async {
            let mut file = tokio::fs::File::create(&tmp).await?;
            file.write_all(&bytes).await?;
            file.sync_all().await?;
            drop(file);
            tokio::fs::rename(&tmp, &path).await
        };
        if let Err(source) = write.await {
            let _ = tokio::fs::remove_file(&tmp).await;
            return Err(Error::Store {
                action: "write",
                path,
                source,
            });
        }
        let record = Arc::new(record);
        self.cache(
            (namespace.to_string(), name.to_string()),
            Some(record.clone()),
        );
        Ok(record)
    }

    /// Forgets ImageRepository `namespace/name` (it was deleted).
    pub(crate) async fn remove(&self, namespace: &str, name: &str) -> Result<()> {
        self.cache((namespace.to_string(), name.to_string()), None);
        let path = self.path(namespace, name)?;
        match tokio::fs::remove_file(&path).await {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(source) => Err(Error::Store {
                action: "delete",
                path,
                source,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(list: &[&str]) -> Vec<String> {
        list.iter().map(|t| t.to_string()).collect()
    }

    #[test]
    fn adler32_matches_known_values() {
        // RFC 1950 reference values (as computed by zlib).
        assert_eq!(adler32(b""), 1);
        assert_eq!(adler32(b"Wikipedia"), 0x11E6_0398);
        let long = vec![0xffu8; 100_000];
        // Computed naively with u64 arithmetic to check the chunked modulo.
        let (mut a, mut b) = (1u64, 0u64);
        for &x in &long {
            a = (a + u64::from(x)) % 65521;
            b = (b + a) % 65521;
        }
        assert_eq!(u64::from(adler32(&long)), (b << 16) | a);
    }

    #[test]
    fn records_sort_descending_and_revision_follows_content() {
        let a = Record::new("r/x".into(), tags(&["1.0.0", "2.0.0", "1.10.0"]));
        assert_eq!(a.tags, tags(&["2.0.0", "1.10.0", "1.0.0"]));
        // The same set in another order is the same revision.
        let b = Record::new("r/x".into(), tags(&["2.0.0", "1.0.0", "1.10.0"]));
        assert_eq!(a.revision, b.revision);
        let c = Record::new("r/x".into(), tags(&["2.0.0", "1.0.0"]));
        assert_ne!(a.revision, c.revision);
        assert_eq!(
            a.revision,
            adler32(br#"["2.0.0","1.10.0","1.0.0"]"#).to_string()
        );
    }

    #[test]
    fn latest_tags_are_the_first_ten() {
        let many: Vec<String> = (0..15).map(|i| format!("t{i:02}")).collect();
        let record = Record::new("r/x".into(), many);
        let latest = record.latest_tags().unwrap();
        assert_eq!(latest.len(), 10);
        assert_eq!(latest[0], "t14");
        assert_eq!(latest[9], "t05");
        assert_eq!(Record::new("r/x".into(), vec![]).latest_tags(), None);
    }

    #[tokio::test]
    async fn records_survive_a_new_store_and_removal() {
        let dir = tempfile::tempdir().unwrap();
        let store = TagStore::new(dir.path());
        assert_eq!(store.get("ns", "app").await.unwrap(), None);
        let record = Record::new("r/app".into(), tags(&["a", "b"]));
        store.set("ns", "app", record.clone()).await.unwrap();
        let reopened = TagStore::new(dir.path());
        assert_eq!(*reopened.get("ns", "app").await.unwrap().unwrap(), record);
        // No temporary file is left behind.
        let names: Vec<_> = std::fs::read_dir(dir.path().join("imagerepository/ns"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names, vec!["app.json".to_string()]);
        reopened.remove("ns", "app").await.unwrap();
        assert_eq!(reopened.get("ns", "app").await.unwrap(), None);
        assert_eq!(
            TagStore::new(dir.path()).get("ns", "app").await.unwrap(),
            None
        );
    }

    #[tokio::test]
    async fn unreadable_files_count_as_missing_and_bad_names_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("imagerepository/ns")).unwrap();
        std::fs::write(dir.path().join("imagerepository/ns/app.json"), b"{not json").unwrap();
        let store = TagStore::new(dir.path());
        assert_eq!(store.get("ns", "app").await.unwrap(), None);
        let err = store.get("ns", "../x").await.unwrap_err().to_string();
        assert!(err.contains("ns/../x"), "{err}");
    }
}
