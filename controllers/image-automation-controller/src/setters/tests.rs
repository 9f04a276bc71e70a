use super::*;

fn policies() -> PolicyImages {
    let mut p = PolicyImages::new();
    p.insert(
        "apps:app".into(),
        ImageRef {
            name: "ghcr.io/org/app".into(),
            tag: "1.2.0".into(),
            digest: None,
        },
    );
    p.insert(
        "apps:pinned".into(),
        ImageRef {
            name: "ghcr.io/org/pinned".into(),
            tag: "2.0.0".into(),
            digest: Some("sha256:abc".into()),
        },
    );
    p
}

fn update(text: &str) -> Option<(String, ObjectChanges)> {
    update_text(text, "f.yaml", &policies()).unwrap()
}

fn updated(text: &str) -> String {
    update(text)
        .map(|(t, _)| t)
        .unwrap_or_else(|| text.to_string())
}

#[test]
fn whole_image_is_replaced_and_everything_else_kept() {
    let before = r#"# top comment
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web   # trailing comment
  namespace: apps
spec:
  template:
    spec:
      containers:
        - name: web
          image: ghcr.io/org/app:1.0.0 # {"$imagepolicy": "apps:app"}
          args: ["--x", 'y']   # flow list kept as written
"#;
    let (after, changes) = update(before).unwrap();
    assert_eq!(
        after,
        before.replace("ghcr.io/org/app:1.0.0", "ghcr.io/org/app:1.2.0")
    );
    let id = ObjectIdentifier {
        api_version: "apps/v1".into(),
        kind: "Deployment".into(),
        name: "web".into(),
        namespace: "apps".into(),
    };
    assert_eq!(
        changes.get(&id).unwrap(),
        &vec![Change {
            old_value: "ghcr.io/org/app:1.0.0".into(),
            new_value: "ghcr.io/org/app:1.2.0".into(),
            setter: "apps:app".into(),
        }]
    );
}

#[test]
fn name_tag_and_digest_fields_are_set_separately() {
    let before = r#"values:
  image:
    repository: ghcr.io/old/pinned # {"$imagepolicy": "apps:pinned:name"}
    tag: 1.0.0 # {"$imagepolicy": "apps:pinned:tag"}
    digest: sha256:old # {"$imagepolicy": "apps:pinned:digest"}
  full: x:1 # {"$imagepolicy": "apps:pinned"}
"#;
    let want = r#"values:
  image:
    repository: ghcr.io/org/pinned # {"$imagepolicy": "apps:pinned:name"}
    tag: 2.0.0 # {"$imagepolicy": "apps:pinned:tag"}
    digest: sha256:abc # {"$imagepolicy": "apps:pinned:digest"}
  full: ghcr.io/org/pinned:2.0.0@sha256:abc # {"$imagepolicy": "apps:pinned"}
"#;
    assert_eq!(updated(before), want);
}

#[test]
fn digest_marker_without_reflected_digest_is_left_alone() {
    let before = "digest: sha256:old # {\"$imagepolicy\": \"apps:app:digest\"}\n";
    assert_eq!(update(before), None);
}

#[test]
fn quoting_style_is_kept() {
    let before = r#"a: "ghcr.io/org/app:1.0" # {"$imagepolicy": "apps:app"}
b: 'ghcr.io/org/app:1.0' # {"$imagepolicy": "apps:app"}
c: "1.0" # {"$imagepolicy": "apps:app:tag"}
"#;
    let want = r#"a: "ghcr.io/org/app:1.2.0" # {"$imagepolicy": "apps:app"}
b: 'ghcr.io/org/app:1.2.0' # {"$imagepolicy": "apps:app"}
c: "1.2.0" # {"$imagepolicy": "apps:app:tag"}
"#;
    assert_eq!(updated(before), want);
}

#[test]
fn plain_tag_that_would_read_as_a_number_is_quoted() {
    let mut p = policies();
    p.insert(
        "apps:num".into(),
        ImageRef {
            name: "n".into(),
            tag: "1.10".into(),
            digest: None,
        },
    );
    let (after, _) = update_text(
        "tag: v1 # {\"$imagepolicy\": \"apps:num:tag\"}\n",
        "f.yaml",
        &p,
    )
    .unwrap()
    .unwrap();
    assert_eq!(
        after,
        "tag: \"1.10\" # {\"$imagepolicy\": \"apps:num:tag\"}\n"
    );
}

#[test]
fn markers_in_lists_are_set() {
    let before = r#"images:
  - ghcr.io/org/app:0.1 # {"$imagepolicy": "apps:app"}
  - other:1 # not a marker
  - - ghcr.io/org/app:0.2   # {"$imagepolicy": "apps:app"}
"#;
    let want = r#"images:
  - ghcr.io/org/app:1.2.0 # {"$imagepolicy": "apps:app"}
  - other:1 # not a marker
  - - ghcr.io/org/app:1.2.0   # {"$imagepolicy": "apps:app"}
"#;
    assert_eq!(updated(before), want);
}

#[test]
fn every_document_of_a_stream_is_updated_and_attributed() {
    let before = r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: first
data:
  image: ghcr.io/org/app:1 # {"$imagepolicy": "apps:app"}
---
# a document without markers
apiVersion: v1
kind: ConfigMap
metadata: {name: middle}
data:
  image: ghcr.io/org/app:1
---
metadata:
  name: last
kind: Secret
stringData:
  tag: "1" # {"$imagepolicy": "apps:app:tag"}
"#;
    let (after, changes) = update(before).unwrap();
    let want = before
        .replacen("ghcr.io/org/app:1 #", "ghcr.io/org/app:1.2.0 #", 1)
        .replace("tag: \"1\"", "tag: \"1.2.0\"");
    assert_eq!(after, want);
    let kinds: Vec<(&str, &str)> = changes
        .keys()
        .map(|id| (id.kind.as_str(), id.name.as_str()))
        .collect();
    // Go orders identifiers by apiVersion first: the Secret has none.
    assert_eq!(kinds, vec![("Secret", "last"), ("ConfigMap", "first")]);
}

#[test]
fn crlf_line_endings_are_kept() {
    let before =
        "kind: A\r\nimage: ghcr.io/org/app:1 # {\"$imagepolicy\": \"apps:app\"}\r\nother: x\r\n";
    let want = "kind: A\r\nimage: ghcr.io/org/app:1.2.0 # {\"$imagepolicy\": \"apps:app\"}\r\nother: x\r\n";
    assert_eq!(updated(before), want);
}

#[test]
fn marker_naming_a_missing_policy_is_left_alone() {
    let before = "image: x:1 # {\"$imagepolicy\": \"apps:missing\"}\n";
    assert_eq!(update(before), None);
    let other_ns = "image: x:1 # {\"$imagepolicy\": \"other:app\"}\n";
    assert_eq!(update(other_ns), None);
}

#[test]
fn up_to_date_values_are_no_change() {
    let before = "image: ghcr.io/org/app:1.2.0 # {\"$imagepolicy\": \"apps:app\"}\n";
    assert_eq!(update(before), None);
}

#[test]
fn own_line_and_malformed_markers_are_not_markers() {
    let before = r#"# image: x:1 # {"$imagepolicy": "apps:app"}
a: x:1 # {"$imagepolicy": "apps:app:bogus"}
b: x:1 # {"$imagepolicy": "noname"}
c: x:1 # $imagepolicy is mentioned in prose
d: |
  text: y:1 # {"$imagepolicy": "apps:app"}
"#;
    assert_eq!(update(before), None);
}

#[test]
fn flow_style_and_block_scalars_are_refused_naming_the_line() {
    let flow = "kind: A\nimages: [ghcr.io/org/app:1] # {\"$imagepolicy\": \"apps:app\"}\n";
    let err = update_text(flow, "dir/f.yaml", &policies()).unwrap_err();
    assert!(matches!(err, SetterError::Unsupported { line: 2, .. }));
    let message = err.to_string();
    assert!(message.contains("dir/f.yaml:2"), "{message}");
    assert!(message.contains("flow collection"), "{message}");

    let multi_line_flow =
        "m: {\n  image: ghcr.io/org/app:1 # {\"$imagepolicy\": \"apps:app\"}\n}\n";
    let err = update_text(multi_line_flow, "f.yaml", &policies()).unwrap_err();
    assert!(err.to_string().contains("flow collection"), "{err}");

    let block = "a: | # {\"$imagepolicy\": \"apps:app\"}\n  x:1\n";
    let err = update_text(block, "f.yaml", &policies()).unwrap_err();
    assert!(err.to_string().contains("block scalar"), "{err}");
}

#[test]
fn invalid_yaml_with_a_marker_names_the_file() {
    let bad = "a: [\nimage: x:1 # {\"$imagepolicy\": \"apps:app\"}\n";
    let err = update_text(bad, "bad.yaml", &policies()).unwrap_err();
    assert!(matches!(err, SetterError::Parse { .. }));
    assert!(
        err.to_string().starts_with("bad.yaml: not valid YAML"),
        "{err}"
    );
}

#[test]
fn tree_update_touches_only_marked_files_under_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let marked = "image: ghcr.io/org/app:1 # {\"$imagepolicy\": \"apps:app\"}\n";
    let write = |rel: &str, text: &str| {
        let p = root.join(rel);
        fs_err::create_dir_all(p.parent().unwrap()).unwrap();
        fs_err::write(p, text).unwrap();
    };
    write("deploy/a.yaml", marked);
    write("deploy/sub/b.yml", marked);
    write("deploy/plain.yaml", "image: ghcr.io/org/app:1\n");
    write("deploy/notes.txt", marked);
    write("deploy/.hidden/c.yaml", marked);
    write("other/d.yaml", marked);
    write("deploy/broken.yaml", "a: [\n");

    let result = update_tree(root, "./deploy/../deploy", &policies()).unwrap();
    let files: Vec<&String> = result.file_changes.keys().collect();
    assert_eq!(files, vec!["deploy/a.yaml", "deploy/sub/b.yml"]);
    let read = |rel: &str| fs_err::read_to_string(root.join(rel)).unwrap();
    let want = marked.replace("app:1 ", "app:1.2.0 ");
    assert_eq!(read("deploy/a.yaml"), want);
    assert_eq!(read("deploy/sub/b.yml"), want);
    for untouched in ["deploy/notes.txt", "deploy/.hidden/c.yaml", "other/d.yaml"] {
        assert_eq!(read(untouched), marked, "{untouched}");
    }
    assert_eq!(result.changes().len(), 2);
    assert_eq!(result.objects().values().map(Vec::len).sum::<usize>(), 2);

    // The same policies again change nothing.
    assert!(update_tree(root, "deploy", &policies()).unwrap().is_empty());
    // `..` cannot leave the root; a missing directory is an error naming it.
    assert!(
        update_tree(root, "../../deploy", &policies())
            .unwrap()
            .is_empty()
    );
    let err = update_tree(root, "nope", &policies()).unwrap_err();
    assert!(err.to_string().contains("spec.update.path 'nope'"), "{err}");
}

#[test]
fn anchors_and_tags_on_marked_values_are_kept() {
    let before = r#"a: &img ghcr.io/org/app:1 # {"$imagepolicy": "apps:app"}
b: *img
c: !!str ghcr.io/org/app:1 # {"$imagepolicy": "apps:app"}
d: !!str "1.0" # {"$imagepolicy": "apps:app:tag"}
"#;
    let want = r#"a: &img ghcr.io/org/app:1.2.0 # {"$imagepolicy": "apps:app"}
b: *img
c: !!str ghcr.io/org/app:1.2.0 # {"$imagepolicy": "apps:app"}
d: !!str "1.2.0" # {"$imagepolicy": "apps:app:tag"}
"#;
    assert_eq!(updated(before), want);
}

#[test]
fn unicode_before_a_marker_keeps_byte_offsets_right() {
    let before = "# ünïcödé ☃\nname: \"日本\"\nimage: ghcr.io/org/app:1 # {\"$imagepolicy\": \"apps:app\"}\n";
    let want = before.replace("app:1 ", "app:1.2.0 ");
    assert_eq!(updated(before), want);
}
