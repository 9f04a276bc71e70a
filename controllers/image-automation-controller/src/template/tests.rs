use super::*;

fn changed() -> UpdateResult {
    let id = |kind: &str, name: &str| ObjectIdentifier {
        api_version: "apps/v1".into(),
        kind: kind.into(),
        name: name.into(),
        namespace: "apps".into(),
    };
    let change = |old: &str, new: &str, setter: &str| Change {
        old_value: old.into(),
        new_value: new.into(),
        setter: setter.into(),
    };
    let mut result = UpdateResult::default();
    result.file_changes.insert(
        "deploy/web.yaml".into(),
        [(
            id("Deployment", "web"),
            vec![change("app:1.0", "app:5.0.3", "apps:app")],
        )]
        .into(),
    );
    result.file_changes.insert(
        "deploy/worker.yaml".into(),
        [(
            id("StatefulSet", "worker"),
            vec![change("1.0", "2.0", "apps:worker:tag")],
        )]
        .into(),
    );
    result
}

fn render(source: &str) -> Result<String, TemplateError> {
    let values = [("cluster".to_string(), "prod".to_string())].into();
    let data = template_data("flux-system", "auto", &changed(), &values);
    Template::parse(source)?.execute(&data)
}

#[test]
fn flux_documented_example_renders_like_go() {
    // NB: `{{ end -}}` eats the blank line before "Objects:" too, as in Go.
    let source = "Automated image update

Automation name: {{ .AutomationObject }}

Files:
{{ range $filename, $_ := .Changed.FileChanges -}}
- {{ $filename }}
{{ end -}}

Objects:
{{ range $resource, $changes := .Changed.Objects -}}
- {{ $resource.Kind }} {{ $resource.Name }}
  Changes:
{{- range $_, $change := $changes }}
    - {{ $change.OldValue }} -> {{ $change.NewValue }}
{{ end -}}
{{ end -}}
";
    let want = "Automated image update

Automation name: flux-system/auto

Files:
- deploy/web.yaml
- deploy/worker.yaml
Objects:
- Deployment web
  Changes:
    - app:1.0 -> app:5.0.3
- StatefulSet worker
  Changes:
    - 1.0 -> 2.0
";
    assert_eq!(render(source).unwrap(), want);
}

#[test]
fn functions_conditions_and_values() {
    let source = r#"{{ range $resource, $changes := .Changed.Objects -}}
{{ $resource.Kind | lower }}:{{ range $changes }}{{ if contains "5.0.3" .NewValue }} ok{{ else }} [skip ci]{{ end }}{{ end }}
{{ end -}}
cluster={{ .Values.cluster }} missing={{ .Values.nope }}"#;
    assert_eq!(
        render(source).unwrap(),
        "deployment: ok\nstatefulset: [skip ci]\ncluster=prod missing=<no value>"
    );
}

#[test]
fn gitea_example_with_print_and_println() {
    let source = "{{range .Changed.Changes}}{{print .OldValue}} -> {{println .NewValue}}{{end}}";
    assert_eq!(
        render(source).unwrap(),
        "app:1.0 -> app:5.0.3\n1.0 -> 2.0\n"
    );
}

#[test]
fn variables_else_if_with_and_printf() {
    let source = r#"{{ $n := len .Changed.Changes }}{{ if eq $n 1 }}one{{ else if gt $n 1 }}{{ printf "%d changes by %s" $n .AutomationObject.Name }}{{ else }}none{{ end }}
{{ with .Values.cluster }}{{ . | upper | quote }}{{ end }}{{ with .Values.nope }}x{{ else }} no-nope{{ end }}
{{/* a comment */ -}}
{{ (index .Changed.Changes 0).Setter }}{{ join ", " (list) }}"#;
    assert_eq!(
        render(source).unwrap(),
        "2 changes by auto\n\"PROD\" no-nope\napps:app"
    );
}

#[test]
fn unsupported_constructs_are_errors_naming_them() {
    for (source, needle) in [
        (r#"{{ define "x" }}{{ end }}"#, "\"define\" action"),
        ("{{ template \"x\" }}", "\"template\" action"),
        ("{{ now | date \"2006\" }}", "\"now\" is not supported"),
        ("{{ if .Values }}open", "missing {{end}}"),
        ("{{ end }}", "unexpected {{end}}"),
        ("{{ .Values.cluster", "unclosed action"),
        ("{{ .AutomationObject.Nope }}", "can't evaluate field Nope"),
        (r#"{{ printf "%x" 1 }}"#, "printf verb %x"),
    ] {
        let err = render(source).unwrap_err().to_string();
        assert!(err.contains(needle), "{source}: {err}");
    }
}

#[test]
fn removed_updated_field_is_detected() {
    let t = Template::parse("{{ range .Updated.Images }}{{ . }}{{ end }}").unwrap();
    assert!(t.uses_root_field("Updated"));
    let t = Template::parse("{{ $.Updated }}").unwrap();
    assert!(t.uses_root_field("Updated"));
    let t = Template::parse("{{ .Changed.Changes }}").unwrap();
    assert!(!t.uses_root_field("Updated"));
}

#[test]
fn plain_text_and_trimming() {
    assert_eq!(
        render("Update from image update automation").unwrap(),
        "Update from image update automation"
    );
    assert_eq!(render("a  {{- \" b \" -}}  c").unwrap(), "a b c");
    assert_eq!(render("{{ 3 }}{{ -1 }}").unwrap(), "3-1");
}

#[test]
fn sprig_list_and_hash_functions() {
    let source = r#"{{ range .Changed.Changes }}{{ .NewValue | splitList ":" | last }} {{ end }}
{{ list "b" "a" "b" | uniq | sortAlpha | join "," }} {{ has "a" (list "a") }} {{ first (list 1 2) }}
{{ cat "x" nil "y" }} {{ substr 0 3 "abcdef" }} {{ "abc" | sha256sum | trunc 12 }} {{ b64enc "hi" }}
{{ regexReplaceAll "^(.*)/([a-z]+)$" "ghcr.io/org/app" "${2}" }}"#;
    assert_eq!(
        render(source).unwrap(),
        "5.0.3 2.0 \na,b true 1\nx y abc ba7816bf8f01 aGk=\napp"
    );
}
