//! Safe extraction: every unsafe entry kind and every limit, each naming the entry.

// Tests may unwrap: a failure is a panic with the error in it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write as _;

use ballast_artifact::{Error, ExtractLimits, extract_tar_gz};
use flate2::Compression;
use flate2::write::GzEncoder;

/// A raw tar entry: the name is written into the header bytes as-is, so that
/// paths the `tar` crate would refuse to build can be tested.
struct Raw<'a> {
    name: &'a [u8],
    kind: tar::EntryType,
    data: &'a [u8],
    link: &'a [u8],
    mode: u32,
}

fn raw(name: &[u8], kind: tar::EntryType, data: &[u8]) -> Raw<'static> {
    Raw {
        name: Box::leak(name.to_vec().into_boxed_slice()),
        kind,
        data: Box::leak(data.to_vec().into_boxed_slice()),
        link: b"",
        mode: 0o644,
    }
}

fn tar_gz(entries: &[Raw<'_>]) -> Vec<u8> {
    let mut builder = tar::Builder::new(GzEncoder::new(Vec::new(), Compression::fast()));
    for e in entries {
        let mut h = tar::Header::new_gnu();
        h.as_gnu_mut().unwrap().name[..e.name.len()].copy_from_slice(e.name);
        h.as_gnu_mut().unwrap().linkname[..e.link.len()].copy_from_slice(e.link);
        h.set_entry_type(e.kind);
        h.set_mode(e.mode);
        h.set_size(e.data.len() as u64);
        h.set_cksum();
        builder.append(&h, e.data).unwrap();
    }
    builder.into_inner().unwrap().finish().unwrap()
}

fn extract(
    bytes: &[u8],
    limits: ExtractLimits,
) -> (
    Result<ballast_artifact::ExtractStats, Error>,
    tempfile::TempDir,
) {
    let dir = tempfile::tempdir().unwrap();
    let out = extract_tar_gz(bytes, &dir.path().join("out"), &limits);
    (out, dir)
}

#[test]
fn extracts_files_and_dirs_with_normal_modes() {
    let mut exe = raw(b"bin/run.sh", tar::EntryType::Regular, b"#!/bin/sh\n");
    exe.mode = 0o700;
    let bytes = tar_gz(&[
        raw(b"bin/", tar::EntryType::Directory, b""),
        exe,
        raw(b"./a/b.yaml", tar::EntryType::Regular, b"k: v\n"),
    ]);
    let (stats, dir) = extract(&bytes, ExtractLimits::default());
    let stats = stats.unwrap();
    assert_eq!((stats.files, stats.dirs, stats.bytes), (2, 1, 15));
    use std::os::unix::fs::PermissionsExt as _;
    let out = dir.path().join("out");
    let mode = |p: &str| std::fs::metadata(out.join(p)).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode("bin/run.sh"), 0o755);
    assert_eq!(mode("a/b.yaml"), 0o644);
    assert_eq!(
        std::fs::read_to_string(out.join("a/b.yaml")).unwrap(),
        "k: v\n"
    );
}

#[test]
fn rejects_every_unsafe_entry_naming_it() {
    let mut symlink = raw(b"evil-link", tar::EntryType::Symlink, b"");
    symlink.link = b"/etc/passwd";
    let mut hardlink = raw(b"evil-hardlink", tar::EntryType::Link, b"");
    hardlink.link = b"/etc/shadow";
    let cases: Vec<(Raw<'_>, &str, &str)> = vec![
        (
            raw(b"/etc/cron.d/x", tar::EntryType::Regular, b"x"),
            "/etc/cron.d/x",
            "absolute path",
        ),
        (
            raw(b"../escape.txt", tar::EntryType::Regular, b"x"),
            "../escape.txt",
            "'..'",
        ),
        (
            raw(b"a/../../escape.txt", tar::EntryType::Regular, b"x"),
            "a/../../escape.txt",
            "'..'",
        ),
        (symlink, "evil-link", "symbolic links"),
        (hardlink, "evil-hardlink", "hard links"),
        (
            raw(b"dev/tty", tar::EntryType::Char, b""),
            "dev/tty",
            "device files",
        ),
        (
            raw(b"dev/sda", tar::EntryType::Block, b""),
            "dev/sda",
            "device files",
        ),
        (raw(b"pipe", tar::EntryType::Fifo, b""), "pipe", "FIFOs"),
    ];
    for (entry, name, reason) in cases {
        let bytes = tar_gz(&[raw(b"ok.txt", tar::EntryType::Regular, b"fine"), entry]);
        let (out, dir) = extract(&bytes, ExtractLimits::default());
        let e = out.unwrap_err();
        assert!(matches!(e, Error::UnsafeEntry { .. }), "{name}: {e}");
        assert!(e.to_string().contains(&format!("'{name}'")), "{e}");
        assert!(e.to_string().contains(reason), "{e}");
        assert!(!dir.path().join("escape.txt").exists());
    }
}

#[test]
fn stops_tar_bombs_by_bytes_and_by_entries() {
    // 2 MiB of zeros compresses to a few KiB: the byte limit must count output.
    let zeros = vec![0u8; 2 << 20];
    let bytes = tar_gz(&[
        raw(b"small.txt", tar::EntryType::Regular, b"hello"),
        raw(b"bomb.bin", tar::EntryType::Regular, &zeros),
    ]);
    assert!(bytes.len() < 64 << 10);
    let limits = ExtractLimits {
        max_bytes: 1 << 20,
        max_entries: 100,
    };
    let (out, _dir) = extract(&bytes, limits);
    let e = out.unwrap_err();
    assert!(
        e.to_string().contains("'bomb.bin'") && e.to_string().contains("1048576 byte limit"),
        "{e}"
    );

    let many: Vec<Raw<'_>> = (0..20)
        .map(|i| raw(format!("f{i:02}").as_bytes(), tar::EntryType::Regular, b"x"))
        .collect();
    let (out, _dir) = extract(
        &tar_gz(&many),
        ExtractLimits {
            max_bytes: 1 << 20,
            max_entries: 10,
        },
    );
    let e = out.unwrap_err();
    assert!(
        e.to_string().contains("'f10'") && e.to_string().contains("more than 10 entries"),
        "{e}"
    );
}

#[test]
fn rejects_garbage_and_non_empty_destinations() {
    let (out, _dir) = extract(b"definitely not gzip", ExtractLimits::default());
    assert!(matches!(out.unwrap_err(), Error::InvalidArchive { .. }));

    let dir = tempfile::tempdir().unwrap();
    std::fs::File::create(dir.path().join("existing"))
        .unwrap()
        .write_all(b"x")
        .unwrap();
    let bytes = tar_gz(&[raw(b"a", tar::EntryType::Regular, b"x")]);
    let e = extract_tar_gz(&bytes[..], dir.path(), &ExtractLimits::default()).unwrap_err();
    assert!(e.to_string().contains("must be empty"), "{e}");
}
