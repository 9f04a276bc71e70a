//! Signed commits for the verification tests, with testsupport's real `gpg`.

use ballast_testsupport::WorkRepo;
pub(crate) use ballast_testsupport::{Gpg, GpgKey as Key};

/// Commits everything in `work`, signed with `key`; returns the SHA.
pub(crate) fn commit_signed(gpg: &Gpg, work: &WorkRepo, key: &Key, message: &str) -> String {
    work.git(&["add", "-A"]).unwrap();
    gpg.git(
        work,
        &key.fingerprint,
        &["commit", "-q", "--allow-empty", "-S", "-m", message],
    )
    .unwrap();
    work.git(&["rev-parse", "HEAD"]).unwrap()
}
