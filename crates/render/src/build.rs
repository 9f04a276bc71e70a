//! The build: load a kustomization, accumulate its resources (recursively),
//! run generators, components and transformers in kustomize's order, then
//! finish at the top level with hash suffixes, name references and sorting.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::error::{Error, Result};
use crate::kustomization::Kustomization;
use crate::loader::{self, Loader};
use crate::resource::{ResMap, Resource};
use crate::{generate, nameref, patch, sort, transform};

/// File names kustomize recognises, in its order of preference.
pub(crate) const KUSTOMIZATION_FILES: [&str; 3] =
    ["kustomization.yaml", "kustomization.yml", "Kustomization"];

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Expect {
    Kustomization,
    Component,
}

pub(crate) struct Builder {
    pub(crate) loader: Loader,
    /// Directories being built, outermost first, to detect cycles.
    chain: Vec<PathBuf>,
    /// The root being built, for origin paths.
    pub(crate) root: PathBuf,
    /// Things ignored on purpose, for the caller to show.
    pub(crate) warnings: Vec<String>,
    /// Legacy `vars` from every kustomization in the build.
    vars: crate::vars::VarSet,
    /// Field specs from `configurations` files anywhere in the build.
    pub(crate) config: crate::fieldspec::ExtraConfig,
    /// Record transformers in each object's annotations
    /// (`buildMetadata: [transformerAnnotations]` at the root).
    track: bool,
}

/// The annotation kustomize records transformers in.
pub(crate) const TRANSFORMATIONS_ANNOTATION: &str = "alpha.config.kubernetes.io/transformations";

/// A kustomization with where it came from.
pub(crate) struct Loaded {
    pub(crate) k: Kustomization,
    pub(crate) file: PathBuf,
    pub(crate) dir: PathBuf,
}

impl Builder {
    pub(crate) fn new(loader: Loader) -> Self {
        Builder {
            loader,
            chain: Vec::new(),
            root: PathBuf::new(),
            warnings: Vec::new(),
            vars: crate::vars::VarSet::default(),
            config: crate::fieldspec::ExtraConfig::default(),
            track: false,
        }
    }

    /// Builds the root directory to its final list of objects.
    pub(crate) fn build_root(&mut self, root: &Path) -> Result<Vec<Value>> {
        self.build_root_with(root, &mut |_| {})
    }

    /// Like [`Builder::build_root`], letting `modify` change the root
    /// kustomization after it is loaded (Flux's overlay fields).
    pub(crate) fn build_root_with(
        &mut self,
        root: &Path,
        modify: &mut dyn FnMut(&mut Kustomization),
    ) -> Result<Vec<Value>> {
        let dir = self.loader.canonical_dir(root)?;
        if !dir.is_dir() {
            return Err(Error::Io {
                path: root.to_path_buf(),
                source: std::io::Error::other("not a directory"),
            });
        }
        self.root = dir.clone();
        let mut loaded = self.load_kustomization(&dir, true)?;
        modify(&mut loaded.k);
        self.track = loaded
            .k
            .build_metadata
            .iter()
            .flatten()
            .any(|m| m == "transformerAnnotations");
        let mut ra = ResMap::default();
        self.chain.push(dir.clone());
        self.accumulate(&loaded, &mut ra, Expect::Kustomization)?;
        self.chain.pop();

        // Done once, at the top: hash suffixes, then every reference to a
        // renamed object, then the output order.
        generate::add_hash_suffixes(&mut ra)?;
        nameref::fix_references(&mut ra, &self.config)?;
        self.vars.resolve(&mut ra, &self.config)?;
        sort::apply(&mut ra, loaded.k.sort_options.as_ref(), &loaded.file)?;
        let build_metadata = loaded.k.build_metadata.clone().unwrap_or_default();
        transform::apply_build_metadata(&mut ra, &build_metadata, &loaded.file)?;
        Ok(ra.items.into_iter().map(|r| r.obj).collect())
    }

    /// Finds and parses the kustomization file in `dir`; the root may have
    /// none, in which case one is generated from its YAML files like Flux.
    fn load_kustomization(&self, dir: &Path, may_generate: bool) -> Result<Loaded> {
        let present: Vec<&str> = KUSTOMIZATION_FILES
            .iter()
            .copied()
            .filter(|f| dir.join(f).is_file())
            .collect();
        let file = match present.as_slice() {
            [] if may_generate => {
                let k = generate_flux_kustomization(dir)?;
                return Ok(Loaded {
                    k,
                    file: dir.join("kustomization.yaml"),
                    dir: dir.to_path_buf(),
                });
            }
            [] => {
                return Err(Error::Kustomization {
                    file: dir.to_path_buf(),
                    message: "unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory".into(),
                });
            }
            [one] => dir.join(one),
            _ => {
                return Err(Error::Kustomization {
                    file: dir.to_path_buf(),
                    message: format!(
                        "found multiple kustomization files ({}); keep one",
                        present.join(", ")
                    ),
                });
            }
        };
        let bytes = std::fs::read(&file).map_err(|source| Error::Io {
            path: file.clone(),
            source,
        })?;
        let text = loader::text(&file, bytes)?;
        let docs = loader::parse_config_yaml(&file, &text)?;
        let k = match docs.len() {
            0 => {
                return Err(Error::Kustomization {
                    file,
                    message: "the kustomization is empty".into(),
                });
            }
            1 => parse_kustomization(&file, docs.into_iter().next().unwrap_or(Value::Null))?,
            _ => {
                return Err(Error::Kustomization {
                    file,
                    message: "a kustomization file must hold exactly one YAML document".into(),
                });
            }
        };
        Ok(Loaded {
            k,
            file,
            dir: dir.to_path_buf(),
        })
    }

    /// kustomize's `accumulateTarget`: resources, generators, components,
    /// then this kustomization's transformers over everything so far.
    fn accumulate(&mut self, l: &Loaded, ra: &mut ResMap, expect: Expect) -> Result<()> {
        check_kind(l, expect)?;
        let k = &l.k;
        if k.openapi.is_some() {
            self.warnings.push(format!(
                "{}: openapi is ignored; built-in Kubernetes types are known without it",
                l.file.display()
            ));
        }
        for key in ["helmCharts", "helmChartInflationGenerator", "validators"] {
            let used = match key {
                "helmCharts" => k.helm_charts.as_ref().is_some_and(|v| !v.is_empty()),
                "helmChartInflationGenerator" => k
                    .helm_chart_inflation_generator
                    .as_ref()
                    .is_some_and(|v| !v.is_empty()),
                _ => k.validators.as_ref().is_some_and(|v| !v.is_empty()),
            };
            if used {
                return Err(Error::Kustomization {
                    file: l.file.clone(),
                    message: format!("field {key:?} is not supported by ballast render"),
                });
            }
        }

        let entries: Vec<&String> = k
            .bases
            .iter()
            .flatten()
            .chain(k.resources.iter().flatten())
            .collect();
        for entry in entries {
            self.accumulate_entry(l, entry, ra)?;
        }
        for entry in k.configurations.iter().flatten() {
            let (path, bytes) = self.loader.read_file(&l.dir, entry)?;
            let text = loader::text(&path, bytes)?;
            for doc in loader::parse_config_yaml(&path, &text)? {
                self.config.add(doc).map_err(|m| Error::Kustomization {
                    file: path.clone(),
                    message: format!("invalid transformer configuration: {m}"),
                })?;
            }
        }
        for crd in k.crds.iter().flatten() {
            // `crds` files hold OpenAPI definitions (type name to schema);
            // their x-kubernetes-* extensions add field specs.
            let (path, bytes) = self.loader.read_file(&l.dir, crd)?;
            let text = loader::text(&path, bytes)?;
            for doc in loader::parse_config_yaml(&path, &text)? {
                let valid = doc
                    .as_object()
                    .is_some_and(|m| m.values().all(Value::is_object));
                if !valid {
                    return Err(Error::Kustomization {
                        file: l.file.clone(),
                        message: format!(
                            "crds entry {crd:?} is not an OpenAPI definition map (type name to definition)"
                        ),
                    });
                }
                self.config.add_openapi_definitions(&doc);
            }
        }

        generate::run_generators(self, l, ra)?;
        crate::plugins::run_generators(self, l, ra)?;

        for entry in k.components.iter().flatten() {
            if loader::is_remote(entry) {
                return Err(Error::Remote {
                    file: l.file.clone(),
                    url: entry.clone(),
                });
            }
            let (dir, is_dir) = self.loader.resolve_dir(&l.dir, entry, &l.file)?;
            if !is_dir {
                return Err(Error::Kustomization {
                    file: l.file.clone(),
                    message: format!("component {entry:?} must be a directory"),
                });
            }
            self.enter(&dir, &l.file)?;
            let sub = self.load_kustomization(&dir, false)?;
            let r = self.accumulate(&sub, ra, Expect::Component);
            self.chain.pop();
            r?;
        }

        // Transformers, in kustomize's fixed order; with tracking on, each
        // is recorded on every object just before it runs.
        let nonempty = |v: &Option<Vec<_>>| v.as_ref().is_some_and(|v: &Vec<_>| !v.is_empty());
        if k.patches_strategic_merge
            .as_ref()
            .is_some_and(|v| !v.is_empty())
        {
            self.record(ra, "PatchStrategicMergeTransformer", &l.file);
        }
        patch::strategic_merge_legacy(self, l, ra)?;
        let unmatched = patch::patches(self, l, ra)?;
        self.warnings.extend(unmatched);
        if k.namespace.as_ref().is_some_and(|n| !n.is_empty()) {
            self.record(ra, "NamespaceTransformer", &l.file);
        }
        let cfg = &self.config;
        transform::namespace(l, ra, cfg)?;
        for (kind, set) in [
            ("PrefixTransformer", &k.name_prefix),
            ("SuffixTransformer", &k.name_suffix),
        ] {
            if set.as_ref().is_some_and(|s| !s.is_empty()) {
                self.record(ra, kind, &l.file);
            }
        }
        let cfg = &self.config;
        transform::prefix_suffix(l, ra, cfg)?;
        let label_entries = k.labels.as_ref().map_or(0, Vec::len);
        if label_entries > 0 || k.common_labels.as_ref().is_some_and(|c| !c.is_empty()) {
            for _ in 0..=label_entries {
                self.record(ra, "LabelTransformer", &l.file);
            }
        }
        let cfg = &self.config;
        transform::labels(l, ra, cfg)?;
        if k.common_annotations.as_ref().is_some_and(|c| !c.is_empty()) {
            self.record(ra, "AnnotationsTransformer", &l.file);
        }
        let cfg = &self.config;
        transform::annotations(l, ra, cfg)?;
        let unmatched = patch::json6902_legacy(self, l, ra)?;
        self.warnings.extend(unmatched);
        for _ in 0..k.replicas.as_ref().map_or(0, Vec::len) {
            self.record(ra, "ReplicaCountTransformer", &l.file);
        }
        let cfg = &self.config;
        transform::replicas(l, ra, cfg)?;
        let images =
            k.images.as_ref().map_or(0, Vec::len) + k.image_tags.as_ref().map_or(0, Vec::len);
        for _ in 0..images {
            self.record(ra, "ImageTagTransformer", &l.file);
        }
        let cfg = &self.config;
        transform::images(l, ra, cfg)?;
        if nonempty(&k.replacements) {
            self.record(ra, "ReplacementTransformer", &l.file);
        }
        crate::replace::replacements(self, l, ra)?;
        crate::plugins::run(self, l, ra)?;
        if let Some(vars) = k.vars.as_ref().filter(|v| !v.is_empty()) {
            self.warnings.push(format!(
                "{}: 'vars' is deprecated; use 'replacements' instead",
                l.file.display()
            ));
            self.vars.add(vars, &l.file)?;
        }
        Ok(())
    }

    /// Appends a transformer to every object's transformations annotation
    /// when tracking is on.
    pub(crate) fn record(&self, ra: &mut ResMap, kind: &str, file: &Path) {
        if !self.track {
            return;
        }
        let entry = format!(
            "- configuredIn: {}\n  configuredBy:\n    apiVersion: builtin\n    kind: {kind}\n",
            relative(&self.root, file)
        );
        for r in &mut ra.items {
            let meta = r.metadata_mut();
            let ann = meta
                .entry("annotations")
                .or_insert_with(|| Value::Object(serde_json::Map::new()));
            if !ann.is_object() {
                *ann = Value::Object(serde_json::Map::new());
            }
            if let Value::Object(m) = ann {
                let v = m
                    .entry(TRANSFORMATIONS_ANNOTATION)
                    .or_insert_with(|| Value::String(String::new()));
                if let Value::String(s) = v {
                    s.push_str(&entry);
                }
            }
        }
    }

    fn enter(&mut self, dir: &Path, from: &Path) -> Result<()> {
        if self.chain.iter().any(|c| c.starts_with(dir)) {
            let chain = self
                .chain
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(" -> ");
            return Err(Error::Cycle {
                path: dir.to_path_buf(),
                chain: format!("{chain} (from {})", from.display()),
            });
        }
        self.chain.push(dir.to_path_buf());
        Ok(())
    }

    fn accumulate_entry(&mut self, l: &Loaded, entry: &str, ra: &mut ResMap) -> Result<()> {
        if loader::is_remote(entry) {
            return Err(Error::Remote {
                file: l.file.clone(),
                url: entry.to_string(),
            });
        }
        let (path, is_dir) = self.loader.resolve_dir(&l.dir, entry, &l.file)?;
        if is_dir {
            self.enter(&path, &l.file)?;
            let result = (|| {
                let sub = self.load_kustomization(&path, false)?;
                let mut sub_ra = ResMap::default();
                self.accumulate(&sub, &mut sub_ra, Expect::Kustomization)?;
                Ok::<_, Error>(sub_ra)
            })();
            self.chain.pop();
            return ra.append_all(result?);
        }
        // NB: files are parsed each time they are included; caching parsed
        // objects across overlays cost more memory than it saved time.
        let (path, bytes) = self.loader.read_file(&l.dir, entry)?;
        let text = loader::text(&path, bytes)?;
        for obj in load_objects(&path, &text)? {
            let mut r = Resource::new(obj);
            r.origin = Some(format!("path: {}\n", relative(&self.root, &path)));
            ra.append(r)?;
        }
        Ok(())
    }
}

impl Loader {
    /// Like [`Loader::resolve`], but a missing path names the kustomization
    /// that lists it.
    pub(crate) fn resolve_dir(
        &self,
        dir: &Path,
        entry: &str,
        file: &Path,
    ) -> Result<(PathBuf, bool)> {
        self.resolve(dir, entry).map_err(|e| match e {
            Error::NotFound { path } => Error::Kustomization {
                file: file.to_path_buf(),
                message: format!("{entry:?} ({}) does not exist", path.display()),
            },
            other => other,
        })
    }
}

fn check_kind(l: &Loaded, expect: Expect) -> Result<()> {
    let kind = l.k.kind.as_deref().unwrap_or("");
    let api = l.k.api_version.as_deref().unwrap_or("");
    let fail = |message: String| {
        Err(Error::Kustomization {
            file: l.file.clone(),
            message,
        })
    };
    match (expect, kind) {
        (Expect::Kustomization, "" | "Kustomization") => {
            if !api.is_empty() && api != "kustomize.config.k8s.io/v1beta1" {
                return fail(format!(
                    "apiVersion {api:?} is not supported for a Kustomization; use kustomize.config.k8s.io/v1beta1"
                ));
            }
            Ok(())
        }
        (Expect::Kustomization, "Component") => {
            fail("a Component cannot be listed in resources; list it under components".into())
        }
        (Expect::Component, "Component") => {
            if api != "kustomize.config.k8s.io/v1alpha1" {
                return fail(format!(
                    "apiVersion {api:?} is not supported for a Component; use kustomize.config.k8s.io/v1alpha1"
                ));
            }
            Ok(())
        }
        (Expect::Component, other) => fail(format!(
            "expected kind Component for a component, got {:?}",
            if other.is_empty() {
                "Kustomization"
            } else {
                other
            }
        )),
        (_, other) => fail(format!("unknown kustomization kind {other:?}")),
    }
}

/// Parses a kustomization document strictly.
fn parse_kustomization(file: &Path, doc: Value) -> Result<Kustomization> {
    if doc.is_null() {
        return Ok(Kustomization::default());
    }
    if !doc.is_object() {
        return Err(Error::Kustomization {
            file: file.to_path_buf(),
            message: "a kustomization must be a YAML mapping".into(),
        });
    }
    serde_json::from_value(doc).map_err(|e| Error::Kustomization {
        file: file.to_path_buf(),
        // serde lists every known field after the unknown one; keep the
        // message to the field at fault.
        message: format!(
            "invalid kustomization: {}",
            e.to_string().split(", expected").next().unwrap_or_default()
        ),
    })
}

/// The objects of a resource file: every non-empty document, with `List`
/// kinds flattened to their items.
pub(crate) fn load_objects(path: &Path, text: &str) -> Result<Vec<Value>> {
    let mut out = Vec::new();
    for doc in loader::parse_yaml(path, text)? {
        flatten_into(path, doc, &mut out)?;
    }
    Ok(out)
}

fn flatten_into(path: &Path, doc: Value, out: &mut Vec<Value>) -> Result<()> {
    let bad = |message: String| Error::Yaml {
        path: path.to_path_buf(),
        line: 1,
        message,
    };
    let Value::Object(map) = doc else {
        return Err(bad(format!("expected a Kubernetes object, found {doc}")));
    };
    let kind = map.get("kind").and_then(Value::as_str).unwrap_or("");
    if kind.ends_with("List") && map.get("items").is_some_and(Value::is_array) {
        if let Some(Value::Array(items)) = map.get("items") {
            for item in items.clone() {
                flatten_into(path, item, out)?;
            }
        }
        return Ok(());
    }
    if kind.is_empty() {
        return Err(bad("missing kind in object".into()));
    }
    let named = map
        .get("metadata")
        .and_then(|m| m.get("name"))
        .and_then(Value::as_str)
        .is_some_and(|n| !n.is_empty());
    if !named {
        return Err(bad(format!("missing metadata.name in {kind} object")));
    }
    out.push(Value::Object(map));
    Ok(())
}

/// Flux's kustomize-controller behaviour for a directory without a
/// kustomization: list every `.yaml`/`.yml` file below it (walking in
/// lexical order), stopping at subdirectories that have their own
/// kustomization, which are listed as directories instead.
fn generate_flux_kustomization(dir: &Path) -> Result<Kustomization> {
    let mut resources = Vec::new();
    walk(dir, dir, &mut resources)?;
    Ok(Kustomization {
        api_version: Some("kustomize.config.k8s.io/v1beta1".into()),
        kind: Some("Kustomization".into()),
        resources: Some(resources),
        ..Kustomization::default()
    })
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) -> Result<()> {
    let io = |path: &Path, source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| io(dir, e))?
        .map(|e| e.map(|e| e.path()))
        .collect::<std::io::Result<_>>()
        .map_err(|e| io(dir, e))?;
    entries.sort();
    for path in entries {
        let rel = path.strip_prefix(root).unwrap_or(&path);
        let rel = format!("./{}", rel.display());
        if path.is_dir() {
            if KUSTOMIZATION_FILES.iter().any(|f| path.join(f).is_file()) {
                out.push(rel);
            } else {
                walk(root, &path, out)?;
            }
            continue;
        }
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if ext != "yaml" && ext != "yml" {
            continue;
        }
        // Flux refuses files that are not Kubernetes YAML.
        let bytes = std::fs::read(&path).map_err(|e| io(&path, e))?;
        let text = loader::text(&path, bytes)?;
        load_objects(&path, &text)?;
        out.push(rel);
    }
    Ok(())
}

/// `path` relative to `base` (both canonical), with `..` where needed.
pub(crate) fn relative(base: &Path, path: &Path) -> String {
    let b: Vec<_> = base.components().collect();
    let p: Vec<_> = path.components().collect();
    let common = b.iter().zip(&p).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<String> = vec!["..".to_string(); b.len() - common];
    parts.extend(
        p[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().to_string()),
    );
    parts.join("/")
}
