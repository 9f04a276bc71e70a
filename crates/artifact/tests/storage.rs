//! Storage paths, atomic archive, garbage collection, read locks and includes.

// Tests may unwrap: a failure is a panic with the error in it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::time::{Duration, SystemTime};

use ballast_artifact::{ExtractLimits, ObjectKey, Storage};
use sha2::{Digest as _, Sha256};

const REV: &str = "main@sha1:0123456789abcdef0123456789abcdef01234567";

fn tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("deploy")).unwrap();
    std::fs::write(dir.path().join("deploy/app.yaml"), "kind: ConfigMap\n").unwrap();
    dir
}

fn set_age(path: &Path, age: Duration) {
    let f = std::fs::File::options().write(true).open(path).unwrap();
    f.set_modified(SystemTime::now() - age).unwrap();
}

#[test]
fn archives_atomically_under_flux_style_paths() {
    let root = tempfile::tempdir().unwrap();
    let storage = Storage::new(
        root.path().join("data"),
        "source-controller.flux-system.svc:80",
    )
    .unwrap();
    let key = ObjectKey::new("GitRepository", "flux-system", "podinfo").unwrap();
    let src = tree();
    let (info, summary) = storage.archive(&key, REV, src.path(), None).unwrap();
    assert_eq!(
        info.path,
        "gitrepository/flux-system/podinfo/0123456789abcdef0123456789abcdef01234567.tar.gz"
    );
    assert_eq!(
        info.url,
        format!("http://source-controller.flux-system.svc:80/{}", info.path)
    );
    assert_eq!(info.revision, REV);
    let bytes = std::fs::read(storage.local_path(&info.path).unwrap()).unwrap();
    assert_eq!(info.digest, format!("sha256:{:x}", Sha256::digest(&bytes)));
    assert_eq!(info.size, bytes.len() as u64);
    assert_eq!(summary.digest, info.digest);
    // No temp file left behind.
    let dir = storage.local_path(&info.path).unwrap();
    let names: Vec<_> = std::fs::read_dir(dir.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    assert!(storage.exists(&info.path));

    // Integrity check, as after a restart.
    assert!(storage.verify(&info.path, &info.digest).unwrap());
    std::fs::write(storage.local_path(&info.path).unwrap(), b"tampered").unwrap();
    assert!(!storage.verify(&info.path, &info.digest).unwrap());
    let e = storage
        .verify("gitrepository/x/y/missing.tar.gz", &info.digest)
        .unwrap_err();
    assert!(e.to_string().contains("missing.tar.gz"), "{e}");
}

#[test]
fn rejects_unsafe_keys_and_paths_naming_the_field() {
    for (kind, ns, name, field) in [
        ("GitRepository", "..", "x", "namespace"),
        ("GitRepository", "ns", "a/b", "name"),
        ("", "ns", "x", "kind"),
    ] {
        let e = ObjectKey::new(kind, ns, name).unwrap_err();
        assert!(
            e.to_string().starts_with(&format!("invalid {field}")),
            "{e}"
        );
    }
    let storage = Storage::new(tempfile::tempdir().unwrap().path(), "localhost:1").unwrap();
    let key = ObjectKey::new("GitRepository", "ns", "x").unwrap();
    let e = storage.artifact_path(&key, "main/not-a-sha").unwrap_err();
    assert!(e.to_string().contains("invalid revision"), "{e}");
    for bad in [
        "../etc/passwd",
        "/etc/passwd",
        "a/../../b",
        "gitrepository/.tmp-x",
    ] {
        assert!(storage.local_path(bad).is_err(), "{bad}");
    }
}

#[test]
fn garbage_collects_by_ttl_and_count_but_never_current_or_locked() {
    let root = tempfile::tempdir().unwrap();
    let storage = Storage::new(root.path(), "localhost:9090").unwrap();
    let key = ObjectKey::new("GitRepository", "ns", "app").unwrap();
    let src = tree();
    let mut paths = Vec::new();
    // Ages in seconds: a0 newest … a4 oldest.
    for (i, age) in [5u64, 30, 90, 120, 600].iter().enumerate() {
        let rev = format!("main@sha1:{i:040x}");
        let (info, _) = storage.archive(&key, &rev, src.path(), None).unwrap();
        set_age(
            &storage.local_path(&info.path).unwrap(),
            Duration::from_secs(*age),
        );
        paths.push(info.path);
    }
    // A stale temp file from a crash, and a fresh one being written.
    let dir = storage
        .local_path(&paths[0])
        .unwrap()
        .parent()
        .unwrap()
        .to_path_buf();
    std::fs::write(dir.join(".tmp-stale"), "x").unwrap();
    set_age(&dir.join(".tmp-stale"), Duration::from_secs(3600));
    std::fs::write(dir.join(".tmp-fresh"), "x").unwrap();

    // The oldest one is the current artifact; a2 is being downloaded.
    let guard = storage.lock_for_read(&paths[2]).unwrap();
    let report = storage
        .garbage_collect(&key, Some(&paths[4]), 2, Duration::from_secs(60))
        .unwrap();
    let mut deleted = report.deleted.clone();
    deleted.sort();
    let mut want = vec![
        paths[1].clone(),
        paths[3].clone(),
        format!(
            "{}/.tmp-stale",
            Path::new(&paths[0]).parent().unwrap().display()
        ),
    ];
    want.sort();
    assert_eq!(deleted, want, "{report:?}");
    assert_eq!(report.busy, vec![paths[2].clone()]);
    assert!(storage.exists(&paths[0]) && storage.exists(&paths[4]));
    assert!(dir.join(".tmp-fresh").exists());

    drop(guard);
    let report = storage
        .garbage_collect(&key, Some(&paths[4]), 2, Duration::from_secs(60))
        .unwrap();
    assert_eq!(report.deleted, vec![paths[2].clone()]);

    // Deletion of the object removes everything.
    let report = storage.remove_all(&key).unwrap();
    assert_eq!(report.busy, Vec::<String>::new());
    assert!(!dir.exists());
}

#[test]
fn copies_an_included_artifact_into_a_sub_path() {
    let root = tempfile::tempdir().unwrap();
    let storage = Storage::new(root.path(), "localhost:9090").unwrap();
    let key = ObjectKey::new("GitRepository", "ns", "shared").unwrap();
    let src = tree();
    std::fs::write(src.path().join("top.txt"), "top\n").unwrap();
    let (info, _) = storage.archive(&key, REV, src.path(), None).unwrap();

    let checkout = tempfile::tempdir().unwrap();
    std::fs::write(checkout.path().join("own.yaml"), "own\n").unwrap();
    // A symlink planted where the include lands must not be written through.
    let outside = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(checkout.path().join("vendor")).unwrap();
    std::os::unix::fs::symlink(outside.path(), checkout.path().join("vendor/shared")).unwrap();

    let to = checkout.path().join("vendor/shared");
    let n = storage
        .copy_include(&info.path, "deploy", &to, &ExtractLimits::default())
        .unwrap();
    assert_eq!(n, 1);
    assert_eq!(
        std::fs::read_to_string(to.join("app.yaml")).unwrap(),
        "kind: ConfigMap\n"
    );
    assert!(!to.join("top.txt").exists());
    assert!(
        std::fs::read_dir(outside.path()).unwrap().next().is_none(),
        "nothing written outside"
    );
    assert_eq!(
        std::fs::read_to_string(checkout.path().join("own.yaml")).unwrap(),
        "own\n"
    );

    let all = checkout.path().join("all");
    storage
        .copy_include(&info.path, "./", &all, &ExtractLimits::default())
        .unwrap();
    assert!(all.join("top.txt").exists() && all.join("deploy/app.yaml").exists());

    let e = storage
        .copy_include(&info.path, "../x", &all, &ExtractLimits::default())
        .unwrap_err();
    assert!(e.to_string().contains("invalid path '../x'"), "{e}");
    let e = storage
        .copy_include(&info.path, "missing", &all, &ExtractLimits::default())
        .unwrap_err();
    assert!(e.to_string().contains("no such directory"), "{e}");
}
