//! Objects in a build and the ordered, id-indexed collection holding them.

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::resid::{Gvk, ResId};

/// One object plus the build bookkeeping kustomize keeps in internal
/// annotations: earlier ids (for name references), the prefixes and suffixes
/// applied, and generator settings.
#[derive(Debug, Clone)]
pub(crate) struct Resource {
    pub(crate) obj: Value,
    /// Ids this object had before its current one, oldest first.
    pub(crate) prev_ids: Vec<ResId>,
    pub(crate) prefixes: Vec<String>,
    pub(crate) suffixes: Vec<String>,
    /// Generated with a content-hash name suffix still to add.
    pub(crate) needs_hash: bool,
    /// Generator `behavior` (create, merge, replace) for generated objects.
    pub(crate) behavior: Option<String>,
    /// Where the object came from, as kustomize's origin annotation text.
    pub(crate) origin: Option<String>,
}

impl Resource {
    pub(crate) fn new(obj: Value) -> Self {
        Resource {
            obj,
            prev_ids: Vec::new(),
            prefixes: Vec::new(),
            suffixes: Vec::new(),
            needs_hash: false,
            behavior: None,
            origin: None,
        }
    }

    pub(crate) fn id(&self) -> ResId {
        ResId::of(&self.obj)
    }

    pub(crate) fn gvk(&self) -> Gvk {
        Gvk::from_object(&self.obj)
    }

    /// The id the object was loaded with.
    pub(crate) fn org_id(&self) -> ResId {
        self.prev_ids.first().cloned().unwrap_or_else(|| self.id())
    }

    /// Every id the object has had, current one last.
    pub(crate) fn all_ids(&self) -> impl Iterator<Item = ResId> + '_ {
        self.prev_ids
            .iter()
            .cloned()
            .chain(std::iter::once(self.id()))
    }

    pub(crate) fn kind(&self) -> &str {
        self.obj.get("kind").and_then(Value::as_str).unwrap_or("")
    }

    pub(crate) fn name(&self) -> &str {
        self.meta_str("name")
    }

    pub(crate) fn namespace(&self) -> &str {
        self.meta_str("namespace")
    }

    fn meta_str(&self, key: &str) -> &str {
        self.obj
            .get("metadata")
            .and_then(|m| m.get(key))
            .and_then(Value::as_str)
            .unwrap_or("")
    }

    pub(crate) fn metadata_mut(&mut self) -> &mut Map<String, Value> {
        let obj = ensure_object(&mut self.obj);
        let meta = obj
            .entry("metadata")
            .or_insert_with(|| Value::Object(Map::new()));
        ensure_object(meta)
    }

    /// Records the current id before a transformer changes it.
    pub(crate) fn store_previous_id(&mut self) {
        let id = self.id();
        self.prev_ids.push(id);
    }

    pub(crate) fn set_name(&mut self, name: &str) {
        self.metadata_mut()
            .insert("name".into(), Value::String(name.to_string()));
    }

    pub(crate) fn labels(&self) -> Option<&Map<String, Value>> {
        self.obj.get("metadata")?.get("labels")?.as_object()
    }

    pub(crate) fn annotations(&self) -> Option<&Map<String, Value>> {
        self.obj.get("metadata")?.get("annotations")?.as_object()
    }

    /// `kind/name` with namespace, for messages.
    pub(crate) fn describe(&self) -> String {
        describe(&self.obj)
    }
}

/// `Kind name (namespace ns)`, for messages.
pub(crate) fn describe(obj: &Value) -> String {
    let id = ResId::of(obj);
    let kind = if id.gvk.kind.is_empty() {
        "object"
    } else {
        id.gvk.kind.as_str()
    };
    if id.namespace.is_empty() {
        format!("{kind} {:?}", id.name)
    } else {
        format!("{kind} {:?} in namespace {:?}", id.name, id.namespace)
    }
}

fn ensure_object(v: &mut Value) -> &mut Map<String, Value> {
    if !v.is_object() {
        *v = Value::Object(Map::new());
    }
    match v {
        Value::Object(m) => m,
        // NB: cannot happen, `v` was made an object just above; the borrow
        // checker cannot see it through an early return.
        _ => unreachable!("value was just replaced by an object"),
    }
}

/// Resources in build order, with unique current ids.
///
/// Besides the current-id index it keeps every id an object ever had (for
/// patches and generators naming objects by earlier ids) and the original
/// and current names (for patch targets), so lookups never scan all objects.
#[derive(Debug, Default)]
pub(crate) struct ResMap {
    pub(crate) items: Vec<Resource>,
    index: HashMap<(Gvk, String, String), usize>,
    /// Built on first use after a change; most builds never need it.
    lookups: std::cell::OnceCell<Lookups>,
}

#[derive(Debug, Default)]
struct Lookups {
    any_id: HashMap<(Gvk, String, String), Vec<usize>>,
    names: HashMap<String, Vec<usize>>,
}

impl ResMap {
    /// Appends, failing when an object with the same id is already present.
    pub(crate) fn append(&mut self, r: Resource) -> Result<()> {
        let key = r.id().key();
        if self.index.contains_key(&key) {
            return Err(Error::Object {
                object: r.describe(),
                message: format!(
                    "may not add resource with an already registered id: {}",
                    r.id()
                ),
            });
        }
        self.index.insert(key, self.items.len());
        self.items.push(r);
        self.lookups = std::cell::OnceCell::new();
        Ok(())
    }

    fn lookups(&self) -> &Lookups {
        self.lookups.get_or_init(|| {
            let mut l = Lookups::default();
            for (i, r) in self.items.iter().enumerate() {
                for id in r.all_ids() {
                    let list = l.any_id.entry(id.key()).or_default();
                    if list.last() != Some(&i) {
                        list.push(i);
                    }
                }
                for name in [r.org_id().name, r.name().to_string()] {
                    let list = l.names.entry(name).or_default();
                    if list.last() != Some(&i) {
                        list.push(i);
                    }
                }
            }
            l
        })
    }

    /// Objects that ever had the id `key`, in order.
    pub(crate) fn by_any_id(&self, key: &(Gvk, String, String)) -> &[usize] {
        self.lookups()
            .any_id
            .get(key)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// Objects whose original or current name is `name`, in order.
    pub(crate) fn by_name(&self, name: &str) -> &[usize] {
        self.lookups()
            .names
            .get(name)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    pub(crate) fn append_all(&mut self, other: ResMap) -> Result<()> {
        for r in other.items {
            self.append(r)?;
        }
        Ok(())
    }

    /// Rebuilds the id index after transformers changed ids, checking they
    /// are still unique.
    pub(crate) fn reindex(&mut self) -> Result<()> {
        self.index.clear();
        self.lookups = std::cell::OnceCell::new();
        for (i, r) in self.items.iter().enumerate() {
            let key = r.id().key();
            if self.index.insert(key, i).is_some() {
                return Err(Error::Object {
                    object: r.describe(),
                    message: format!("id {} is not unique after transformation", r.id()),
                });
            }
        }
        Ok(())
    }

    pub(crate) fn replace_items(&mut self, items: Vec<Resource>) -> Result<()> {
        self.items = items;
        self.reindex()
    }
}
