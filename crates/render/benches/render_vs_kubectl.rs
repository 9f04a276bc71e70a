//! `make bench`: wall time and peak RSS of rendering generated overlay trees,
//! ballast-render next to `kubectl kustomize` (N = 50…400), then ballast
//! alone up to N = 5000. Each measurement is a separate process timed by GNU
//! `time`, so peak RSS is per render. Both outputs are compared as parsed
//! documents before a row is printed.
//!
//! Tree for N: a base with N Deployments, N Services and N/2 ConfigMaps; two
//! overlays (namePrefix, namespace, labels, images, a strategic merge patch
//! selected by labelSelector, a JSON 6902 patch, a configMapGenerator,
//! replicas), and a root listing both overlays.
//!
//! `BENCH_SIZES=50,100` and `BENCH_BALLAST_SIZES=1000` override the sizes.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

const CHILD_ENV: &str = "BALLAST_RENDER_BENCH_CHILD";

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn generate(dir: &Path, n: usize) {
    let mut base = String::new();
    for i in 0..n {
        let tier = if i % 2 == 1 { "web" } else { "api" };
        writeln!(
            base,
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app{i}\n  labels: {{app: app{i}, tier: {tier}}}\nspec:\n  replicas: 1\n  selector:\n    matchLabels: {{app: app{i}}}\n  template:\n    metadata:\n      labels: {{app: app{i}}}\n    spec:\n      containers:\n      - name: main\n        image: nginx:1.25\n        envFrom:\n        - configMapRef:\n            name: cm{}\n        ports:\n        - containerPort: 80\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: app{i}\nspec:\n  selector: {{app: app{i}}}\n  ports:\n  - port: 80\n---",
            i / 2
        )
        .unwrap();
    }
    for i in 0..n / 2 {
        writeln!(
            base,
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm{i}\ndata:\n  k: v{i}\n---"
        )
        .unwrap();
    }
    write(dir, "base/objs.yaml", &base);
    write(dir, "base/kustomization.yaml", "resources:\n- objs.yaml\n");
    for ov in ["staging", "prod"] {
        write(
            dir,
            &format!("{ov}/kustomization.yaml"),
            &format!(
                "resources:\n- ../base\nnamePrefix: {ov}-\nnamespace: {ov}\nlabels:\n- pairs: {{env: {ov}}}\nimages:\n- name: nginx\n  newTag: \"1.27\"\nconfigMapGenerator:\n- name: settings\n  literals: [MODE={ov}]\nreplicas:\n- name: app0\n  count: 3\npatches:\n- target:\n    kind: Deployment\n    labelSelector: tier=web\n  patch: |-\n    apiVersion: apps/v1\n    kind: Deployment\n    metadata:\n      name: x\n    spec:\n      template:\n        spec:\n          containers:\n          - name: main\n            resources:\n              limits: {{memory: 128Mi}}\n- target:\n    kind: Service\n  patch: |-\n    - op: add\n      path: /metadata/annotations\n      value: {{patched: \"yes\"}}\n"
            ),
        );
    }
    write(dir, "kustomization.yaml", "resources:\n- staging\n- prod\n");
}

struct Run {
    seconds: f64,
    rss_mb: f64,
    stdout: String,
}

fn timed(program: &str, args: &[&str], env: Option<(&str, &str)>) -> Run {
    let out_file = tempfile::NamedTempFile::new().unwrap();
    let mut cmd = Command::new("/usr/bin/time");
    cmd.arg("-f")
        .arg("%e %M")
        .arg("-o")
        .arg(out_file.path())
        .arg(program)
        .args(args);
    if let Some((k, v)) = env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap_or_else(|e| {
        panic!("run /usr/bin/time: {e}; install GNU time (apt-get install time)")
    });
    assert!(
        out.status.success(),
        "{program} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let measured = std::fs::read_to_string(out_file.path()).unwrap();
    let mut parts = measured.split_whitespace();
    let seconds: f64 = parts.next().unwrap().parse().unwrap();
    let kb: f64 = parts.next().unwrap().parse().unwrap();
    Run {
        seconds,
        rss_mb: kb / 1024.0,
        stdout: String::from_utf8(out.stdout).unwrap(),
    }
}

fn sizes(var: &str, default: &[usize]) -> Vec<usize> {
    match std::env::var(var) {
        Ok(s) => s.split(',').filter_map(|x| x.trim().parse().ok()).collect(),
        Err(_) => default.to_vec(),
    }
}

fn main() {
    // Child mode: render one tree and print it, so the parent can time this
    // process alone.
    if let Ok(dir) = std::env::var(CHILD_ENV) {
        let objs = ballast_render::render(Path::new(&dir), &ballast_render::Options::default())
            .expect("render");
        print!("{}", ballast_render::to_yaml(&objs));
        return;
    }
    // `cargo bench` passes `--bench`; ignore arguments.
    let me = std::env::current_exe().unwrap();
    let me = me.to_str().unwrap();
    let kubectl = std::env::var("KUBECTL").unwrap_or_else(|_| "kubectl".into());

    println!(
        "| N | objects | kubectl kustomize | peak RSS | ballast render | peak RSS | speed-up | RSS ratio |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|");
    for n in sizes("BENCH_SIZES", &[50, 100, 200, 400]) {
        let dir = tempfile::tempdir().unwrap();
        generate(dir.path(), n);
        let d = dir.path().to_str().unwrap();
        let theirs = timed(&kubectl, &["kustomize", d], None);
        let ours = timed(me, &[], Some((CHILD_ENV, d)));
        let a = ballast_render::parse_yaml(&ours.stdout).unwrap();
        let b = ballast_render::parse_yaml(&theirs.stdout).unwrap();
        assert!(a == b, "N={n}: ballast and kubectl outputs differ");
        let identical = if ours.stdout == theirs.stdout {
            ""
        } else {
            " (text differs)"
        };
        println!(
            "| {n} | {} | {:.2} s | {:.0} MB | {:.3} s | {:.0} MB | {:.0}× | {:.2}{identical} |",
            a.len(),
            theirs.seconds,
            theirs.rss_mb,
            ours.seconds,
            ours.rss_mb,
            theirs.seconds / ours.seconds.max(0.005),
            ours.rss_mb / theirs.rss_mb,
        );
    }
    println!();
    println!("| N | objects | ballast render | peak RSS | per object |");
    println!("|---:|---:|---:|---:|---:|");
    for n in sizes("BENCH_BALLAST_SIZES", &[1000, 2000, 5000]) {
        let dir = tempfile::tempdir().unwrap();
        generate(dir.path(), n);
        let d = dir.path().to_str().unwrap();
        let ours = timed(me, &[], Some((CHILD_ENV, d)));
        let objects = ours.stdout.matches("\n---\n").count() + 1;
        println!(
            "| {n} | {objects} | {:.2} s | {:.0} MB | {:.1} µs |",
            ours.seconds,
            ours.rss_mb,
            ours.seconds * 1e6 / objects as f64
        );
    }
}
