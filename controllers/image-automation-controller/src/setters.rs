//! The `Setters` update strategy: YAML values marked with an image policy
//! comment get the policy's latest image, and nothing else in the file moves.
//!
//! ```text
//!   image: ghcr.io/org/app:1.0.0 # {"$imagepolicy": "apps:app"}        → name:tag[@digest]
//!   repository: ghcr.io/org/app  # {"$imagepolicy": "apps:app:name"}   → name
//!   tag: 1.0.0                   # {"$imagepolicy": "apps:app:tag"}    → tag
//!   digest: sha256:…             # {"$imagepolicy": "apps:app:digest"} → digest
//! ```
//!
//! Files are parsed with an event-level YAML parser only to find where each
//! marked scalar sits (byte range, style, block or flow context); the edit
//! itself splices the new scalar into the original text, so comments,
//! quoting, indentation, key order, line endings and the other documents of
//! the file stay byte for byte.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use ballast_api::image::v1::ImageRef;
use granit_parser::{Event, Options, Parser, Placement, ScalarStyle, StructureStyle};

/// The key of a marker comment's JSON object.
const MARKER_KEY: &str = "$imagepolicy";

/// The latest image of each policy a marker may name, keyed by
/// `<namespace>:<name>` as markers write it.
pub type PolicyImages = BTreeMap<String, ImageRef>;

/// The Kubernetes object a change was made in. Field order is the order Go
/// sorts Flux's identifier in (apiVersion, kind, name, namespace), so
/// templates range over objects in the same order.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ObjectIdentifier {
    /// `apiVersion` of the document, empty when absent.
    pub api_version: String,
    /// `kind` of the document, empty when absent.
    pub kind: String,
    /// `metadata.name`, empty when absent.
    pub name: String,
    /// `metadata.namespace`, empty when absent.
    pub namespace: String,
}

/// One value replaced by a setter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The value before.
    pub old_value: String,
    /// The value written.
    pub new_value: String,
    /// The marker's setter, e.g. `apps:app` or `apps:app:tag`.
    pub setter: String,
}

/// The changes made in one file, by object.
pub type ObjectChanges = BTreeMap<ObjectIdentifier, Vec<Change>>;

/// Every change of one update run, by file (a slash-separated path relative
/// to the repository root) and object: the `.Changed` data of commit
/// message templates.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UpdateResult {
    /// Changes by file, then by object.
    pub file_changes: BTreeMap<String, ObjectChanges>,
}

impl UpdateResult {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.file_changes
            .values()
            .all(|o| o.values().all(Vec::is_empty))
    }

    /// Every change, in file then object order.
    pub fn changes(&self) -> Vec<Change> {
        self.file_changes
            .values()
            .flat_map(|objects| objects.values().flatten().cloned())
            .collect()
    }

    /// Changes by object, whatever file the object is in.
    pub fn objects(&self) -> ObjectChanges {
        let mut all = ObjectChanges::new();
        for objects in self.file_changes.values() {
            for (id, changes) in objects {
                all.entry(id.clone())
                    .or_default()
                    .extend(changes.iter().cloned());
            }
        }
        all
    }
}

/// Why files could not be updated.
#[derive(Debug, thiserror::Error)]
pub enum SetterError {
    /// `spec.update.path` does not name a directory of the repository.
    #[error("spec.update.path '{path}': {reason}")]
    InvalidPath {
        /// The path as given.
        path: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A file or directory could not be read or written.
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        /// What was being done, e.g. `read`.
        action: &'static str,
        /// The file or directory.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// A file with an image policy marker is not valid YAML.
    #[error("{file}: not valid YAML: {reason}")]
    Parse {
        /// The file, relative to the repository root.
        file: String,
        /// The parser's message.
        reason: String,
    },
    /// A marker sits where no scalar can be set (flow collection, block
    /// scalar, no value on the line).
    #[error(
        "{file}:{line}: image policy marker '{setter}' is {what}; only plain or quoted scalar values in block style can be set"
    )]
    Unsupported {
        /// The file, relative to the repository root.
        file: String,
        /// 1-based line number.
        line: usize,
        /// The marker's setter.
        setter: String,
        /// Where it was found.
        what: &'static str,
    },
}

/// Which part of the latest image a marker asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Image,
    Name,
    Tag,
    Digest,
}

/// A parsed marker comment.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Marker {
    /// The whole setter, e.g. `apps:app:tag`.
    setter: String,
    /// `<namespace>:<name>` of the policy.
    policy: String,
    field: Field,
}

/// Reads a marker out of a comment's text (after `#`): a JSON object with
/// a `$imagepolicy` string of `<namespace>:<name>[:image|name|tag|digest]`.
/// Anything else is not a marker of ours and is left alone.
fn parse_marker(comment: &str) -> Option<Marker> {
    let text = comment.trim();
    if !text.contains(MARKER_KEY) {
        return None;
    }
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    let setter = value.get(MARKER_KEY)?.as_str()?.to_string();
    let parts: Vec<&str> = setter.split(':').collect();
    let (namespace, name, field) = match parts.as_slice() {
        [namespace, name] => (*namespace, *name, Field::Image),
        [namespace, name, field] => (
            *namespace,
            *name,
            match *field {
                "name" => Field::Name,
                "tag" => Field::Tag,
                "digest" => Field::Digest,
                _ => return None,
            },
        ),
        _ => return None,
    };
    if namespace.is_empty() || name.is_empty() {
        return None;
    }
    Some(Marker {
        policy: format!("{namespace}:{name}"),
        setter,
        field,
    })
}

/// The value a marker's field takes from `image`; `None` for a digest that
/// was not reflected (the value is then left alone).
fn field_value(image: &ImageRef, field: Field) -> Option<String> {
    let digest = image.digest.as_deref().filter(|d| !d.is_empty());
    match field {
        Field::Image => Some(match digest {
            Some(d) => format!("{}:{}@{d}", image.name, image.tag),
            None => format!("{}:{}", image.name, image.tag),
        }),
        Field::Name => Some(image.name.clone()),
        Field::Tag => Some(image.tag.clone()),
        Field::Digest => digest.map(str::to_string),
    }
}

/// A scalar value found by the parser.
struct ScalarSite {
    range: std::ops::Range<usize>,
    value: String,
    style: ScalarStyle,
    in_flow: bool,
    document: usize,
}

/// One frame of the collection stack while walking events.
enum Frame {
    Mapping {
        flow: bool,
        expecting_key: bool,
        key: Option<String>,
    },
    Sequence {
        flow: bool,
    },
}

impl Frame {
    fn is_flow(&self) -> bool {
        match self {
            Frame::Mapping { flow, .. } | Frame::Sequence { flow } => *flow,
        }
    }
}

/// Whether the next node in `stack` is a mapping key; advances the mapping's state.
fn next_node_is_key(stack: &mut [Frame]) -> bool {
    match stack.last_mut() {
        Some(Frame::Mapping { expecting_key, .. }) => {
            let is_key = *expecting_key;
            *expecting_key = !is_key;
            is_key
        }
        _ => false,
    }
}

/// Records `value` into `id` when it sits at `apiVersion`, `kind`,
/// `metadata.name` or `metadata.namespace` of the document.
fn record_identity(stack: &[Frame], value: &str, id: &mut ObjectIdentifier) {
    let keys: Vec<Option<&str>> = stack
        .iter()
        .map(|f| match f {
            Frame::Mapping { key, .. } => key.as_deref(),
            Frame::Sequence { .. } => None,
        })
        .collect();
    match keys.as_slice() {
        [Some("apiVersion")] => id.api_version = value.to_string(),
        [Some("kind")] => id.kind = value.to_string(),
        [Some("metadata"), Some("name")] => id.name = value.to_string(),
        [Some("metadata"), Some("namespace")] => id.namespace = value.to_string(),
        _ => {}
    }
}

/// Byte offsets where each line starts, to turn offsets into line numbers.
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

fn line_of(starts: &[usize], offset: usize) -> usize {
    starts.partition_point(|&s| s <= offset)
}

/// Whether a plain scalar `value` reads back as the same string: YAML 1.1/1.2
/// booleans, nulls and numbers would not, nor would text with indicators.
fn plain_safe(value: &str) -> bool {
    if value.is_empty() || value != value.trim() {
        return false;
    }
    let lower = value.to_ascii_lowercase();
    if matches!(
        lower.as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n" | "null" | "~"
    ) {
        return false;
    }
    let numeric = value
        .trim_start_matches(['+', '-'])
        .replace('_', "")
        .parse::<f64>()
        .is_ok()
        || lower.starts_with("0x")
        || lower.starts_with("0o")
        || lower.trim_start_matches(['+', '-']).starts_with(".inf")
        || lower == ".nan";
    if numeric {
        return false;
    }
    let first = value.chars().next().unwrap_or(' ');
    // Indicators start something other than a plain scalar; a '-' only
    // when it reads as a sequence entry.
    if "?:,[]{}#&*!|>'\"%@`".contains(first) || value == "-" || value.starts_with("- ") {
        return false;
    }
    !(value.contains(": ") || value.contains(" #") || value.ends_with(':'))
}

/// The source text of `value` in `style`; a plain value that would not read
/// back as a string is double-quoted instead, as go-yaml does for a `!!str`.
fn render_scalar(value: &str, style: ScalarStyle) -> String {
    match style {
        ScalarStyle::SingleQuoted => format!("'{}'", value.replace('\'', "''")),
        ScalarStyle::Plain if plain_safe(value) => value.to_string(),
        _ => {
            let escaped = value.replace('\\', "\\\\").replace('"', "\\\"");
            format!("\"{escaped}\"")
        }
    }
}

/// Applies the markers of one YAML file's `text` (named `file` in errors
/// and results) with `policies`. Returns the new text and what changed, or
/// `None` when nothing did. Markers naming a policy not in `policies` are
/// left alone.
pub fn update_text(
    text: &str,
    file: &str,
    policies: &PolicyImages,
) -> Result<Option<(String, ObjectChanges)>, SetterError> {
    if !text.contains(MARKER_KEY) {
        return Ok(None);
    }
    let parse_error = |reason: String| SetterError::Parse {
        file: file.to_string(),
        reason,
    };
    let mut options = Options::default();
    options.set_emit_comments(true);
    let mut parser = Parser::new_from_str_with_options(text, options);
    let mut stack: Vec<Frame> = Vec::new();
    let mut scalars: Vec<ScalarSite> = Vec::new();
    let mut markers: Vec<(usize, Marker)> = Vec::new();
    let mut identities: Vec<ObjectIdentifier> = Vec::new();
    while let Some(next) = parser.next_event() {
        let (event, span) = next.map_err(|e| parse_error(e.to_string()))?;
        match event {
            Event::DocumentStart(..) => {
                stack.clear();
                identities.push(ObjectIdentifier::default());
            }
            Event::Comment(comment, placement) => {
                // Only a comment after content on its line marks that content;
                // an own-line marker is a commented-out line.
                if placement != Placement::Right {
                    continue;
                }
                if let (Some(marker), Some(range)) = (parse_marker(&comment), span.byte_range()) {
                    markers.push((range.start, marker));
                }
            }
            Event::MappingStart(style, ..) | Event::SequenceStart(style, ..) => {
                let is_key = next_node_is_key(&mut stack);
                if is_key && let Some(Frame::Mapping { key, .. }) = stack.last_mut() {
                    // A collection as a key: nothing below it is an identity field.
                    *key = None;
                }
                let flow = style == StructureStyle::Flow;
                stack.push(if matches!(event, Event::MappingStart(..)) {
                    Frame::Mapping {
                        flow,
                        expecting_key: true,
                        key: None,
                    }
                } else {
                    Frame::Sequence { flow }
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
            }
            Event::Alias(_) => {
                next_node_is_key(&mut stack);
            }
            Event::Scalar(value, style, ..) => {
                if next_node_is_key(&mut stack) {
                    if let Some(Frame::Mapping { key, .. }) = stack.last_mut() {
                        *key = Some(value.to_string());
                    }
                    continue;
                }
                let document = identities.len().saturating_sub(1);
                if let Some(id) = identities.last_mut() {
                    record_identity(&stack, &value, id);
                }
                if let Some(range) = span.byte_range() {
                    scalars.push(ScalarSite {
                        range,
                        value: value.to_string(),
                        style,
                        in_flow: stack.iter().any(Frame::is_flow),
                        document,
                    });
                }
            }
            _ => {}
        }
    }

    // Pair each marker with the value that ends right before it on its line.
    let starts = line_starts(text);
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    let mut changes = ObjectChanges::new();
    for (comment_start, marker) in markers {
        let Some(image) = policies.get(&marker.policy) else {
            continue;
        };
        let line = line_of(&starts, comment_start);
        let line_start = starts.get(line - 1).copied().unwrap_or(0);
        let site = scalars.iter().find(|s| {
            s.range.end <= comment_start
                && s.range.end >= line_start
                && text
                    .get(s.range.end..comment_start)
                    .is_some_and(|between| between.trim().is_empty())
        });
        let unsupported = |what: &'static str| SetterError::Unsupported {
            file: file.to_string(),
            line,
            setter: marker.setter.clone(),
            what,
        };
        let Some(site) = site else {
            let before = text.get(line_start..comment_start).unwrap_or_default();
            let what = match before.trim_end().chars().last() {
                Some(']' | '}' | ',' | '[' | '{') => "in a flow collection",
                Some('|' | '>') => "on a block scalar",
                _ => "not after a scalar value",
            };
            return Err(unsupported(what));
        };
        if site.in_flow {
            return Err(unsupported("in a flow collection"));
        }
        if matches!(site.style, ScalarStyle::Literal | ScalarStyle::Folded) {
            return Err(unsupported("on a block scalar"));
        }
        let Some(new_value) = field_value(image, marker.field) else {
            continue;
        };
        if new_value == site.value {
            continue;
        }
        edits.push((site.range.clone(), render_scalar(&new_value, site.style)));
        let id = identities.get(site.document).cloned().unwrap_or_default();
        changes.entry(id).or_default().push(Change {
            old_value: site.value.clone(),
            new_value,
            setter: marker.setter.clone(),
        });
    }
    if edits.is_empty() {
        return Ok(None);
    }

    // Splice from the end so earlier offsets stay valid.
    edits.sort_by_key(|(range, _)| std::cmp::Reverse(range.start));
    let mut out = text.to_string();
    for (range, replacement) in edits {
        out.replace_range(range, &replacement);
    }
    Ok(Some((out, changes)))
}

/// Resolves `spec.update.path` under `root` the way Flux's secure join does:
/// `..` cannot climb above the root. The directory must exist.
fn resolve_update_path(root: &Path, path: &str) -> Result<PathBuf, SetterError> {
    let mut resolved = PathBuf::new();
    for component in Path::new(path).components() {
        match component {
            Component::Normal(part) => resolved.push(part),
            Component::ParentDir => {
                resolved.pop();
            }
            Component::CurDir | Component::RootDir | Component::Prefix(_) => {}
        }
    }
    let full = root.join(&resolved);
    match fs_err::symlink_metadata(&full) {
        Ok(meta) if meta.is_dir() => Ok(full),
        Ok(_) => Err(SetterError::InvalidPath {
            path: path.to_string(),
            reason: "not a directory of the repository".to_string(),
        }),
        Err(_) => Err(SetterError::InvalidPath {
            path: path.to_string(),
            reason: "no such directory in the repository".to_string(),
        }),
    }
}

/// Applies the markers of every `*.yaml` and `*.yml` file under `path`
/// (relative to the work tree `root`) with `policies`, rewriting only the
/// files that change. Hidden directories (`.git`) and symlinks are skipped.
pub fn update_tree(
    root: &Path,
    path: &str,
    policies: &PolicyImages,
) -> Result<UpdateResult, SetterError> {
    let start = resolve_update_path(root, path)?;
    let mut files = Vec::new();
    collect_yaml_files(&start, &mut files)?;
    files.sort();
    let mut result = UpdateResult::default();
    for file in files {
        let relative = file
            .strip_prefix(root)
            .unwrap_or(&file)
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let bytes = fs_err::read(&file).map_err(|source| SetterError::Io {
            action: "read",
            path: file.clone(),
            source,
        })?;
        // A file that is not UTF-8 is not YAML a setter could have marked.
        let Ok(text) = String::from_utf8(bytes) else {
            continue;
        };
        if let Some((updated, changes)) = update_text(&text, &relative, policies)? {
            fs_err::write(&file, updated).map_err(|source| SetterError::Io {
                action: "write",
                path: file.clone(),
                source,
            })?;
            result.file_changes.insert(relative, changes);
        }
    }
    Ok(result)
}

fn collect_yaml_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), SetterError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| SetterError::Io {
            action: "list",
            path,
            source,
        }
    };
    for entry in fs_err::read_dir(dir).map_err(io(dir))? {
        let entry = entry.map_err(io(dir))?;
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let kind = entry.file_type().map_err(io(&path))?;
        if kind.is_symlink() || name.starts_with('.') {
            continue;
        }
        if kind.is_dir() {
            collect_yaml_files(&path, out)?;
        } else if kind.is_file() && (name.ends_with(".yaml") || name.ends_with(".yml")) {
            out.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
