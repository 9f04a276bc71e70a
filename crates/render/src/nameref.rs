//! Name references: after objects were renamed (prefix, suffix, hash,
//! namespace), every field that names them by an earlier name is rewritten,
//! following kustomize's choice of referral among candidates.
//!
//! Candidates are indexed by (kind, earlier name), so the pass is linear in
//! the number of objects and reference fields.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde_json::{Value, json};

use crate::error::{Error, Result};
use crate::fieldspec::{self, FieldSpec, NameReference};
use crate::resid::{Gvk, ResId};
use crate::resource::ResMap;

/// Objects that ever had one (kind, name), in build order.
#[derive(Default)]
struct Candidates {
    all: Vec<usize>,
    cluster: Vec<usize>,
    by_namespace: HashMap<String, Vec<usize>>,
}

/// What the sieves need to know about a candidate.
struct Info {
    gvk: Gvk,
    id: ResId,
    prev_ids: Vec<ResId>,
    prefixes: Vec<String>,
    suffixes: Vec<String>,
}

/// Referrer specs by referrer kind.
fn by_referrer_kind() -> &'static HashMap<String, Vec<(&'static NameReference, &'static FieldSpec)>>
{
    static T: OnceLock<HashMap<String, Vec<(&'static NameReference, &'static FieldSpec)>>> =
        OnceLock::new();
    T.get_or_init(|| {
        let mut m: HashMap<String, Vec<_>> = HashMap::new();
        for nr in fieldspec::name_references() {
            for spec in &nr.referrers {
                m.entry(spec.gvk.kind.clone()).or_default().push((nr, spec));
            }
        }
        m
    })
}

pub(crate) fn fix_references(ra: &mut ResMap, cfg: &fieldspec::ExtraConfig) -> Result<()> {
    let infos: Vec<Info> = ra
        .items
        .iter()
        .map(|r| Info {
            gvk: r.gvk(),
            id: r.id(),
            prev_ids: r.prev_ids.clone(),
            prefixes: r.prefixes.clone(),
            suffixes: r.suffixes.clone(),
        })
        .collect();
    // (kind, earlier name) -> candidates, split by namespace so a lookup
    // only touches objects the referrer could see.
    let mut index: HashMap<(&str, &str), Candidates> = HashMap::new();
    for (i, info) in infos.iter().enumerate() {
        for id in &info.prev_ids {
            let c = index
                .entry((id.gvk.kind.as_str(), id.name.as_str()))
                .or_default();
            if c.all.last() == Some(&i) {
                continue;
            }
            c.all.push(i);
            if info.gvk.is_cluster_scoped() {
                c.cluster.push(i);
            } else {
                c.by_namespace
                    .entry(info.id.effective_namespace().to_string())
                    .or_default()
                    .push(i);
            }
        }
    }
    if index.is_empty() {
        return Ok(());
    }
    let mut extra: HashMap<String, Vec<(&NameReference, &FieldSpec)>> = HashMap::new();
    for nr in &cfg.name_references {
        for spec in &nr.referrers {
            extra
                .entry(spec.gvk.kind.clone())
                .or_default()
                .push((nr, spec));
        }
    }
    let table = by_referrer_kind();
    for (ri, r) in ra.items.iter_mut().enumerate() {
        let referrer = &infos[ri];
        let builtin = table
            .get(&referrer.gvk.kind)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let added = extra
            .get(&referrer.gvk.kind)
            .map(Vec::as_slice)
            .unwrap_or_default();
        // NB: user field specs without a kind apply to every referrer.
        let any_kind = extra.get("").map(Vec::as_slice).unwrap_or_default();
        if builtin.is_empty() && added.is_empty() && any_kind.is_empty() {
            continue;
        }
        let specs = builtin.iter().chain(added).chain(any_kind);
        let role_binding_namespaces = subject_namespaces(&r.obj, &referrer.gvk);
        for (nr, spec) in specs {
            if !spec.gvk.selects(&referrer.gvk) {
                continue;
            }
            let role_ref = if spec.path.last().map(String::as_str) == Some("name")
                && spec.path.iter().rev().nth(1).map(String::as_str) == Some("roleRef")
            {
                role_ref_gvk(&r.obj)
            } else {
                None
            };
            let ctx = Ctx {
                infos: &infos,
                index: &index,
                target: &nr.target,
                referrer,
                role_ref,
                role_binding_namespaces: &role_binding_namespaces,
            };
            let what = format!("{} field {}", r.describe(), spec.path.join("/"));
            fieldspec::apply(
                &mut r.obj,
                &spec.path,
                false,
                &|| Value::Null,
                &mut |node| {
                    ctx.set(node).map_err(|message| Error::Object {
                        object: what.clone(),
                        message,
                    })
                },
            )?;
        }
    }
    Ok(())
}

struct Ctx<'a> {
    infos: &'a [Info],
    index: &'a HashMap<(&'a str, &'a str), Candidates>,
    target: &'a Gvk,
    referrer: &'a Info,
    role_ref: Option<Gvk>,
    role_binding_namespaces: &'a [String],
}

impl Ctx<'_> {
    fn set(&self, node: &mut Value) -> std::result::Result<(), String> {
        match node {
            Value::Null => Ok(()),
            Value::String(_) => self.set_scalar(node),
            Value::Object(_) => self.set_mapping(node),
            Value::Array(items) => {
                for item in items {
                    match item {
                        Value::String(_) => self.set_scalar(item)?,
                        Value::Object(_) => self.set_mapping(item)?,
                        _ => {}
                    }
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// Candidates of the target kind that ever had `name`, and that the
    /// referrer could see (kustomize's `SubsetThatCouldBeReferencedByResource`).
    fn candidates(&self, name: &str) -> Vec<usize> {
        let Some(c) = self.index.get(&(self.target.kind.as_str(), name)) else {
            return Vec::new();
        };
        if self.referrer.gvk.is_cluster_scoped() {
            return c.all.clone();
        }
        let mut out: Vec<usize> = c.cluster.clone();
        let mut namespaces = vec![self.referrer.id.effective_namespace()];
        namespaces.extend(
            self.role_binding_namespaces
                .iter()
                .map(|n| if n.is_empty() { "default" } else { n.as_str() }),
        );
        for ns in namespaces {
            if let Some(list) = c.by_namespace.get(ns) {
                out.extend_from_slice(list);
            }
        }
        // Keep build order, as kustomize scans objects in order.
        out.sort_unstable();
        out.dedup();
        out
    }

    fn select(
        &self,
        old: &str,
        candidates: Vec<usize>,
        with_ns: bool,
    ) -> std::result::Result<Option<usize>, String> {
        let infos = self.infos;
        let mut c: Vec<usize> = candidates
            .into_iter()
            .filter(|&i| infos[i].prev_ids.iter().any(|id| id.name == old))
            .filter(|&i| {
                infos[i]
                    .prev_ids
                    .iter()
                    .any(|id| self.target.selects(&id.gvk))
            })
            .collect();
        if let Some(rr) = &self.role_ref {
            c.retain(|&i| infos[i].prev_ids.iter().any(|id| rr.selects(&id.gvk)));
        }
        if !self.referrer.gvk.is_cluster_scoped() {
            c.retain(|&i| {
                let x = &infos[i];
                x.gvk.is_cluster_scoped()
                    || x.gvk.kind == "ServiceAccount"
                    || x.id.effective_namespace() == self.referrer.id.effective_namespace()
            });
        }
        if c.len() == 1 {
            return Ok(Some(c[0]));
        }
        c.retain(|&i| affixes_equal(&infos[i], self.referrer, true));
        if c.len() > 1 {
            c.retain(|&i| affixes_equal(&infos[i], self.referrer, false));
        }
        match c.len() {
            0 => Ok(None),
            1 => Ok(Some(c[0])),
            _ => {
                let first = &infos[c[0]].id;
                let identical = c.iter().all(|&i| {
                    let id = &infos[i].id;
                    id.name == first.name && (!with_ns || id.namespace == first.namespace)
                });
                if identical {
                    Ok(Some(c[0]))
                } else {
                    let ids: Vec<String> = c.iter().map(|&i| infos[i].id.to_string()).collect();
                    Err(format!(
                        "found multiple possible referrals: {}",
                        ids.join(", ")
                    ))
                }
            }
        }
    }

    fn set_scalar(&self, node: &mut Value) -> std::result::Result<(), String> {
        let Some(old) = node.as_str().map(str::to_string) else {
            return Ok(());
        };
        let cands = self.candidates(&old);
        if let Some(i) = self.select(&old, cands, false)? {
            let name = &self.infos[i].id.name;
            if *name != old {
                *node = Value::String(name.clone());
            }
        }
        Ok(())
    }

    fn set_mapping(&self, node: &mut Value) -> std::result::Result<(), String> {
        let Value::Object(map) = node else {
            return Ok(());
        };
        let Some(old) = map.get("name").and_then(Value::as_str).map(str::to_string) else {
            return Err("path config error; no 'name' field in node".into());
        };
        let mut cands = self.candidates(&old);
        if let Some(ns) = map.get("namespace").and_then(Value::as_str) {
            // The subject's namespace picks candidates by their original
            // namespace first, then by their current one.
            let by_org: Vec<usize> = cands
                .iter()
                .copied()
                .filter(|&i| org_namespace(&self.infos[i]) == ns)
                .collect();
            cands = if by_org.is_empty() {
                cands
                    .into_iter()
                    .filter(|&i| self.infos[i].id.effective_namespace() == ns)
                    .collect()
            } else {
                by_org
            };
        }
        let Some(i) = self.select(&old, cands, true)? else {
            return Ok(());
        };
        let id = &self.infos[i].id;
        if id.name == old && id.namespace.is_empty() {
            return Ok(());
        }
        map.insert("name".into(), json!(id.name));
        if !id.namespace.is_empty() {
            map.insert("namespace".into(), json!(id.namespace));
        }
        Ok(())
    }
}

/// The original namespace, with empty meaning `default` as kustomize
/// records it.
fn org_namespace(info: &Info) -> &str {
    info.prev_ids
        .first()
        .unwrap_or(&info.id)
        .effective_namespace()
}

/// Whether one affix list ends with the other (kustomize's
/// `SameEndingSubSlice`), for prefixes and suffixes alike.
fn affixes_equal(a: &Info, b: &Info, allow_empty: bool) -> bool {
    let same_end = |x: &[String], y: &[String]| {
        let (short, long) = if x.len() <= y.len() { (x, y) } else { (y, x) };
        if short.is_empty() {
            return long.is_empty();
        }
        long[long.len() - short.len()..] == *short
    };
    if allow_empty {
        (a.prefixes.is_empty() || b.prefixes.is_empty() || same_end(&a.prefixes, &b.prefixes))
            && (a.suffixes.is_empty()
                || b.suffixes.is_empty()
                || same_end(&a.suffixes, &b.suffixes))
    } else {
        same_end(&a.prefixes, &b.prefixes) && same_end(&a.suffixes, &b.suffixes)
    }
}

fn role_ref_gvk(obj: &Value) -> Option<Gvk> {
    let rr = obj.get("roleRef")?;
    Some(Gvk {
        group: rr.get("apiGroup")?.as_str()?.to_string(),
        version: String::new(),
        kind: rr.get("kind")?.as_str()?.to_string(),
    })
}

/// Namespaces named by a (Cluster)RoleBinding's subjects: objects there may
/// be referred to across namespaces.
fn subject_namespaces(obj: &Value, gvk: &Gvk) -> Vec<String> {
    if gvk.kind != "RoleBinding" && gvk.kind != "ClusterRoleBinding" {
        return Vec::new();
    }
    obj.get("subjects")
        .and_then(Value::as_array)
        .map(|subjects| {
            subjects
                .iter()
                .filter_map(|s| s.get("namespace").and_then(Value::as_str))
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}
