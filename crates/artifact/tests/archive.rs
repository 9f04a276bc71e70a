//! Archive format, determinism, symlinks and ignore rules.

// Tests may unwrap: a failure is a panic with the error in it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Read as _;
use std::os::unix::fs::PermissionsExt as _;
use std::path::Path;

use ballast_artifact::{ObjectKey, Storage, write_archive};
use flate2::read::GzDecoder;

fn write(root: &Path, rel: &str, contents: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, contents).unwrap();
}

fn chmod(root: &Path, rel: &str, mode: u32) {
    std::fs::set_permissions(root.join(rel), std::fs::Permissions::from_mode(mode)).unwrap();
}

/// The small fixed tree of the golden test.
fn fixed_tree(root: &Path) {
    write(root, "README.md", "hello\n");
    write(root, "bin/run.sh", "#!/bin/sh\necho hi\n");
    chmod(root, "bin/run.sh", 0o700);
    write(root, "deploy/app/deployment.yaml", "kind: Deployment\n");
    write(root, "deploy/app/service.yaml", "kind: Service\n");
    std::fs::create_dir_all(root.join("empty")).unwrap();
    chmod(root, "README.md", 0o600);
}

fn archive(dir: &Path, ignore: Option<&str>) -> (ballast_artifact::ArchiveSummary, Vec<u8>) {
    write_archive(dir, ignore, Vec::new()).unwrap()
}

struct Entry {
    path: String,
    kind: tar::EntryType,
    mode: u32,
    uid: u64,
    gid: u64,
    mtime: u64,
    owner: (Vec<u8>, Vec<u8>),
    data: Vec<u8>,
}

fn entries(bytes: &[u8]) -> Vec<Entry> {
    let mut archive = tar::Archive::new(GzDecoder::new(bytes));
    archive
        .entries()
        .unwrap()
        .map(|e| {
            let mut e = e.unwrap();
            let h = e.header().clone();
            let mut data = Vec::new();
            e.read_to_end(&mut data).unwrap();
            Entry {
                path: e.path().unwrap().to_string_lossy().into_owned(),
                kind: h.entry_type(),
                mode: h.mode().unwrap(),
                uid: h.uid().unwrap(),
                gid: h.gid().unwrap(),
                mtime: h.mtime().unwrap(),
                owner: (
                    h.username_bytes().unwrap_or_default().to_vec(),
                    h.groupname_bytes().unwrap_or_default().to_vec(),
                ),
                data,
            }
        })
        .collect()
}

fn names(bytes: &[u8]) -> Vec<String> {
    entries(bytes).into_iter().map(|e| e.path).collect()
}

/// NB: changing this digest means every stored artifact changes on upgrade; do it only
/// on purpose (e.g. a new compression backend) and say so in the changelog.
const GOLDEN_DIGEST: &str =
    "sha256:1c2de40dd5afe79950c7a603cb289fe5198b6236809c8131a9e079c0017894ea";

#[test]
fn golden_digest_of_a_fixed_tree() {
    let dir = tempfile::tempdir().unwrap();
    fixed_tree(dir.path());
    let (summary, bytes) = archive(dir.path(), None);
    assert_eq!(summary.digest, GOLDEN_DIGEST);
    assert_eq!(summary.size, bytes.len() as u64);
    assert_eq!(summary.files, 4);
    assert!(summary.warnings.is_empty());
}

#[test]
fn archive_format_is_normalized() {
    let dir = tempfile::tempdir().unwrap();
    fixed_tree(dir.path());
    let (_, bytes) = archive(dir.path(), None);
    // gzip header: no mtime, no file name, OS "unknown".
    assert_eq!(&bytes[..4], &[0x1f, 0x8b, 8, 0], "no FNAME/FEXTRA flags");
    assert_eq!(&bytes[4..8], &[0, 0, 0, 0], "mtime zero");
    assert_eq!(bytes[9], 255);
    let got = entries(&bytes);
    let listed: Vec<(&str, u32)> = got.iter().map(|e| (e.path.as_str(), e.mode)).collect();
    assert_eq!(
        listed,
        vec![
            ("README.md", 0o644),
            ("bin/", 0o755),
            ("bin/run.sh", 0o755),
            ("deploy/", 0o755),
            ("deploy/app/", 0o755),
            ("deploy/app/deployment.yaml", 0o644),
            ("deploy/app/service.yaml", 0o644),
            ("empty/", 0o755),
        ]
    );
    for e in &got {
        assert_eq!((e.uid, e.gid, e.mtime), (0, 0, 0), "{}", e.path);
        assert_eq!(e.owner, (vec![], vec![]), "{}", e.path);
        let dir = e.path.ends_with('/');
        assert_eq!(
            e.kind,
            if dir {
                tar::EntryType::Directory
            } else {
                tar::EntryType::Regular
            }
        );
    }
    assert_eq!(got[2].data, b"#!/bin/sh\necho hi\n");
}

#[test]
fn same_tree_gives_same_bytes_whatever_the_metadata() {
    let a = tempfile::tempdir().unwrap();
    fixed_tree(a.path());
    // The same content created in another order, with other times and permissions.
    let b = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(b.path().join("empty")).unwrap();
    write(b.path(), "deploy/app/service.yaml", "kind: Service\n");
    write(b.path(), "deploy/app/deployment.yaml", "kind: Deployment\n");
    write(b.path(), "bin/run.sh", "#!/bin/sh\necho hi\n");
    chmod(b.path(), "bin/run.sh", 0o755);
    write(b.path(), "README.md", "hello\n");
    chmod(b.path(), "README.md", 0o664);
    let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
    std::fs::File::options()
        .write(true)
        .open(b.path().join("README.md"))
        .unwrap()
        .set_modified(old)
        .unwrap();
    let (sa, bytes_a) = archive(a.path(), None);
    let (sb, bytes_b) = archive(b.path(), None);
    assert_eq!(sa.digest, sb.digest);
    assert_eq!(bytes_a, bytes_b);
}

#[test]
fn same_commit_checked_out_twice_gives_the_same_digest() {
    use ballast_testsupport::{WorkRepo, git_command};
    let work = WorkRepo::init("main").unwrap();
    work.write("app/deploy.yaml", "kind: ConfigMap\n").unwrap();
    work.write("tools/build.sh", "#!/bin/sh\n").unwrap();
    chmod(work.path(), "tools/build.sh", 0o755);
    work.write(".gitignore", "*.tmp\n").unwrap();
    work.commit_all("init").unwrap();
    let digests: Vec<String> = (0..2)
        .map(|_| {
            let parent = tempfile::tempdir().unwrap();
            let dest = parent.path().join("checkout");
            let mut cmd = git_command();
            cmd.args(["clone", "--quiet"]).arg(work.path()).arg(&dest);
            assert!(cmd.status().unwrap().success());
            // A fresh storage directory each time.
            let storage_dir = tempfile::tempdir().unwrap();
            let storage = Storage::new(storage_dir.path(), "localhost:9090").unwrap();
            let key = ObjectKey::new("GitRepository", "default", "app").unwrap();
            let (info, _) = storage
                .archive(
                    &key,
                    "main@sha1:0123456789abcdef0123456789abcdef01234567",
                    &dest,
                    None,
                )
                .unwrap();
            info.digest
        })
        .collect();
    assert_eq!(digests[0], digests[1]);
}

#[test]
fn symlinks_inside_are_followed_and_outside_are_skipped() {
    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "secret.txt", "top secret\n");
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "real/config.yaml", "a: 1\n");
    std::os::unix::fs::symlink("real/config.yaml", root.join("link.yaml")).unwrap();
    std::os::unix::fs::symlink("real", root.join("linkdir")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.txt"), root.join("escape.txt")).unwrap();
    std::os::unix::fs::symlink("../../..", root.join("real/up")).unwrap();
    std::os::unix::fs::symlink("..", root.join("real/loop")).unwrap();
    std::os::unix::fs::symlink("missing", root.join("broken")).unwrap();

    let (summary, bytes) = archive(root, None);
    let got = entries(&bytes);
    let names: Vec<&str> = got.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(
        names,
        vec![
            "link.yaml",
            "linkdir/",
            "linkdir/config.yaml",
            "real/",
            "real/config.yaml"
        ]
    );
    assert_eq!(got[0].data, b"a: 1\n");
    assert!(got.iter().all(|e| !e.data.starts_with(b"top secret")));
    let warnings = summary.warnings.join("\n");
    for needle in [
        "escape.txt: symlink points outside",
        "broken: broken symlink",
        "real/up: symlink points outside",
        "real/loop: symlink loops",
    ] {
        assert!(warnings.contains(needle), "{needle} not in {warnings}");
    }
}

#[test]
fn default_excludes_sourceignore_and_spec_ignore() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for f in [
        ".git/HEAD",
        ".gitignore",
        ".gitmodules",
        ".github/workflows/ci.yaml",
        ".sops.yaml",
        "logo.png",
        "app/deploy.yaml",
        "app/secret.enc",
        "app/keep.enc",
        "app/sub/data.json",
        "app/sub/other.json",
        "docs/readme.md",
        "deep/a/b/drop.txt",
        "deep/a/b/keep.txt",
        // A checked-out submodule: its `.git` is a file.
        "vendor/lib/.git",
        "vendor/lib/lib.yaml",
    ] {
        write(root, f, "x\n");
    }
    write(
        root,
        ".sourceignore",
        "# comment\ndocs/\n*.enc\n!keep.enc\n",
    );
    write(root, "app/sub/.sourceignore", "*.json\n!data.json\n");
    write(root, "deep/a/.sourceignore", "b/drop.txt\n");

    let (_, bytes) = archive(root, None);
    assert_eq!(
        names(&bytes),
        vec![
            ".sourceignore",
            "app/",
            "app/deploy.yaml",
            "app/keep.enc",
            "app/sub/",
            "app/sub/.sourceignore",
            "app/sub/data.json",
            "deep/",
            "deep/a/",
            "deep/a/.sourceignore",
            "deep/a/b/",
            "deep/a/b/keep.txt",
            "vendor/",
            "vendor/lib/",
            "vendor/lib/lib.yaml",
        ]
    );

    // spec.ignore replaces the default excludes (not the VCS ones) and wins over
    // .sourceignore files.
    let (_, bytes) = archive(root, Some("/app/\n!docs/\n"));
    let got = names(&bytes);
    assert!(got.contains(&"logo.png".to_string()), "{got:?}");
    assert!(
        got.contains(&".github/workflows/ci.yaml".to_string()),
        "{got:?}"
    );
    assert!(got.contains(&"docs/readme.md".to_string()), "{got:?}");
    assert!(!got.iter().any(|n| n.starts_with("app/")), "{got:?}");
    assert!(
        !got.iter()
            .any(|n| n.starts_with(".git/") || n == ".gitignore"),
        "{got:?}"
    );
}

#[test]
fn refuses_a_file_and_names_bad_patterns() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "f", "x");
    let e = write_archive(&dir.path().join("f"), None, Vec::new()).unwrap_err();
    assert!(e.to_string().contains("not a directory"), "{e}");
    let e = write_archive(dir.path(), Some("{a,b\n"), Vec::new()).unwrap_err();
    assert!(e.to_string().contains("spec.ignore"), "{e}");
}
