//! Signature verification (OpenPGP, or SSH as git's `gpg.format=ssh` makes
//! them) of the checked-out commit and of the tag it was checked out through,
//! with the trusted keys of a Secret, as Flux's `spec.verify` does it.
//!
//! What is signed, as git writes it: for a commit, the raw commit object
//! without its `gpgsig` header; for an annotated tag, the raw tag object up to
//! the armoured signature appended to its message.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use git2::{ObjectType, Oid, Repository};
use pgp::composed::{Deserializable, DetachedSignature, SignedPublicKey};
use pgp::types::{Duration, KeyDetails, Tag, Timestamp};

use crate::error::{Error, Result, local};
use crate::fetch::Checkout;

/// Secret data keys with this suffix hold SSH public keys (Flux); all others OpenPGP keys.
const SSH_KEY_SUFFIX: &str = ".sshpub";

const PGP_SIGNATURE_START: &str = "-----BEGIN PGP SIGNATURE-----";
const SSH_SIGNATURE_START: &str = "-----BEGIN SSH SIGNATURE-----";
const X509_SIGNATURE_START: &str = "-----BEGIN SIGNED MESSAGE-----";

/// Which Git objects [`verify`] checks, as Flux's `spec.verify.mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerifyMode {
    /// The checked-out commit (Flux's `HEAD`, also `head`).
    Head,
    /// The annotated tag the commit was checked out through.
    Tag,
    /// Both the tag and the commit it points to.
    TagAndHead,
}

impl VerifyMode {
    fn tag(self) -> bool {
        matches!(self, Self::Tag | Self::TagAndHead)
    }

    fn head(self) -> bool {
        matches!(self, Self::Head | Self::TagAndHead)
    }
}

/// One trusted OpenPGP certificate, with the Secret key it came from.
#[derive(Debug, Clone)]
struct TrustedKey {
    source: String,
    key: SignedPublicKey,
}

/// One trusted SSH public key, with the Secret key it came from.
#[derive(Debug, Clone)]
struct TrustedSshKey {
    source: String,
    key: ssh_key::PublicKey,
}

/// The namespace git signs commits and tags in (`ssh-keygen -Y sign -n git`).
const SSH_NAMESPACE: &str = "git";

/// The trusted public keys of a verification Secret.
#[derive(Debug, Clone, Default)]
pub struct Keyring {
    keys: Vec<TrustedKey>,
    ssh_keys: Vec<TrustedSshKey>,
}

impl Keyring {
    /// Reads the trusted keys in the values of a Secret's data, as Flux does:
    /// `*.sshpub` values hold SSH public keys in `authorized_keys` format, every
    /// other value (conventionally `*.asc`) ASCII-armoured OpenPGP public keys.
    /// A value that does not parse is skipped, unless no value parses at all.
    pub fn from_secret(data: &BTreeMap<String, Vec<u8>>) -> Result<Self> {
        let mut ring = Self::default();
        let mut first_error: Option<(String, String)> = None;
        for (name, value) in data {
            if name.ends_with(SSH_KEY_SUFFIX) {
                match parse_authorized_keys(value) {
                    Ok(keys) => ring
                        .ssh_keys
                        .extend(keys.into_iter().map(|key| TrustedSshKey {
                            source: name.clone(),
                            key,
                        })),
                    Err(reason) => {
                        tracing::warn!(key = %name, %reason, "skipping unreadable SSH keys in the verification secret");
                        first_error.get_or_insert((name.clone(), reason));
                    }
                }
                continue;
            }
            match parse_keys(value) {
                Ok(keys) => ring.keys.extend(keys.into_iter().map(|key| TrustedKey {
                    source: name.clone(),
                    key,
                })),
                Err(reason) => {
                    tracing::warn!(key = %name, %reason, "skipping unreadable OpenPGP key in the verification secret");
                    first_error.get_or_insert((name.clone(), reason));
                }
            }
        }
        match first_error {
            Some((key, reason)) if ring.keys.is_empty() && ring.ssh_keys.is_empty() => {
                Err(Error::InvalidKeyring { key, reason })
            }
            _ => Ok(ring),
        }
    }

    /// Checks a detached armoured `signature` over `payload`, OpenPGP or SSH;
    /// returns the key that made it: the key ID of the trusted OpenPGP primary
    /// key, or the `SHA256:` fingerprint of the trusted SSH key (as Flux).
    fn check(&self, signature: &str, payload: &[u8]) -> std::result::Result<String, String> {
        let signature = signature.trim();
        if signature.is_empty() {
            return Err("the object is not signed".into());
        }
        if signature.starts_with(SSH_SIGNATURE_START) {
            return self.check_ssh(signature, payload);
        }
        if !signature.starts_with(PGP_SIGNATURE_START) {
            let kind = if signature.starts_with(X509_SIGNATURE_START) {
                "x509"
            } else {
                "unknown"
            };
            return Err(format!(
                "unsupported signature type '{kind}': only OpenPGP and SSH signatures can be verified"
            ));
        }
        if self.keys.is_empty() {
            return Err(
                "PGP signature detected but no PGP public keys found in secret (keys with .asc suffix)"
                    .into(),
            );
        }
        let (sig, _) = DetachedSignature::from_armor_single(signature.as_bytes())
            .map_err(|e| format!("unreadable OpenPGP signature: {e}"))?;
        let issuers = issuers(&sig);
        let now = u64::from(Timestamp::now().as_secs());
        // A signature that expired is refused whoever made it.
        if let Some(at) = expiry(
            sig.signature.created(),
            sig.signature.signature_expiration_time(),
        ) && at <= now
        {
            return Err(format!(
                "signature made by key {issuers} expired at {}",
                rfc3339(at)
            ));
        }
        for trusted in &self.keys {
            let primary_id = key_id_hex(trusted.key.primary_key.legacy_key_id().as_ref());
            let primary_expiry = primary_expiry(&trusted.key);
            // The key that made the signature, and when it expires (the
            // certificate's expiry bounds its subkeys').
            let signer = if sig.verify(&trusted.key.primary_key, payload).is_ok() {
                Some(primary_expiry)
            } else {
                trusted.key.public_subkeys.iter().find_map(|sub| {
                    let binding = signing_binding(&trusted.key, sub)?;
                    sig.verify(&sub.key, payload).ok()?;
                    let sub_expiry =
                        expiry(Some(sub.key.created_at()), binding.key_expiration_time());
                    Some(match (primary_expiry, sub_expiry) {
                        (Some(a), Some(b)) => Some(a.min(b)),
                        (a, b) => a.or(b),
                    })
                })
            };
            match signer {
                Some(_) if revoked(&trusted.key) => {
                    return Err(format!("signature made by key {issuers}, which is revoked"));
                }
                Some(Some(at)) if at <= now => {
                    return Err(format!(
                        "signature made by key {issuers}, which expired at {}",
                        rfc3339(at)
                    ));
                }
                Some(_) => return Ok(primary_id),
                None => {}
            }
        }
        Err(format!(
            "signature made by key {issuers} does not verify with any trusted key ({})",
            self.keys
                .iter()
                .map(|k| format!(
                    "{} from '{}'",
                    key_id_hex(k.key.primary_key.legacy_key_id().as_ref()),
                    k.source
                ))
                .collect::<Vec<_>>()
                .join(", ")
        ))
    }
}

impl Keyring {
    fn check_ssh(&self, signature: &str, payload: &[u8]) -> std::result::Result<String, String> {
        if self.ssh_keys.is_empty() {
            return Err(format!(
                "SSH signature detected but no SSH public keys found in secret (keys with {SSH_KEY_SUFFIX} suffix)"
            ));
        }
        let sig = ssh_key::SshSig::from_pem(signature)
            .map_err(|e| format!("unreadable SSH signature: {e}"))?;
        if sig.namespace() != SSH_NAMESPACE {
            return Err(format!(
                "SSH signature is for namespace '{}', not '{SSH_NAMESPACE}'",
                sig.namespace()
            ));
        }
        for trusted in &self.ssh_keys {
            if trusted.key.verify(SSH_NAMESPACE, payload, &sig).is_ok() {
                return Ok(trusted
                    .key
                    .fingerprint(ssh_key::HashAlg::Sha256)
                    .to_string());
            }
        }
        Err(format!(
            "signature made by SSH key '{}' does not verify with any trusted key ({})",
            sig.public_key().fingerprint(ssh_key::HashAlg::Sha256),
            self.ssh_keys
                .iter()
                .map(|k| format!(
                    "{} from '{}'",
                    k.key.fingerprint(ssh_key::HashAlg::Sha256),
                    k.source
                ))
                .collect::<Vec<_>>()
                .join(", ")
        ))
    }
}

/// The keys of an `authorized_keys` text (options and comments allowed).
fn parse_authorized_keys(value: &[u8]) -> std::result::Result<Vec<ssh_key::PublicKey>, String> {
    let text = std::str::from_utf8(value).map_err(|e| format!("not UTF-8: {e}"))?;
    let keys = ssh_key::AuthorizedKeys::new(text)
        .map(|entry| entry.map(|e| e.public_key().clone()))
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| format!("unable to parse authorized key: {e}"))?;
    if keys.is_empty() {
        return Err("no SSH public key in authorized_keys format".into());
    }
    Ok(keys)
}

fn parse_keys(value: &[u8]) -> std::result::Result<Vec<SignedPublicKey>, String> {
    let unreadable = |e: pgp::errors::Error| format!("unable to read armored key ring: {e}");
    let (keys, _) = SignedPublicKey::from_armor_many(value).map_err(unreadable)?;
    let keys = keys
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(unreadable)?;
    if keys.is_empty() {
        return Err("no public key in the armoured block".into());
    }
    Ok(keys)
}

/// The issuer of a signature as it names itself: key IDs and fingerprints, hex.
fn issuers(sig: &DetachedSignature) -> String {
    let mut names: Vec<String> = sig
        .signature
        .issuer_key_id()
        .into_iter()
        .map(|id| key_id_hex(id.as_ref()))
        .collect();
    for fp in sig.signature.issuer_fingerprint() {
        let bytes = fp.as_bytes();
        // A v4 fingerprint ends in the key ID; name the key once.
        let id = key_id_hex(&bytes[bytes.len().saturating_sub(8)..]);
        if !names.contains(&id) {
            names.push(format!("{fp:X}"));
        }
    }
    match names.len() {
        0 => "(no issuer given)".into(),
        _ => format!("'{}'", names.join("' / '")),
    }
}

fn key_id_hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02X}");
        s
    })
}

/// Whether the certificate carries a valid self-revocation.
fn revoked(key: &SignedPublicKey) -> bool {
    key.details
        .revocation_signatures
        .iter()
        .any(|rev| rev.verify_key(&key.primary_key).is_ok())
}

/// The newest binding that makes a subkey a signing key of `key`. A subkey
/// counts only when the primary key bound it for signing (with the subkey's
/// back signature): otherwise anyone could attach a key of their own to a
/// trusted certificate.
fn signing_binding<'a>(
    key: &SignedPublicKey,
    sub: &'a pgp::composed::SignedPublicSubKey,
) -> Option<&'a pgp::packet::Signature> {
    sub.signatures
        .iter()
        .filter(|binding| {
            binding.typ() == Some(pgp::packet::SignatureType::SubkeyBinding)
                && binding.key_flags().sign()
                && binding
                    .verify_subkey_binding(&key.primary_key, &sub.key)
                    .is_ok()
                && binding.embedded_signature().is_some_and(|back| {
                    back.verify_primary_key_binding(&sub.key, &key.primary_key)
                        .is_ok()
                })
        })
        .max_by_key(|binding| binding.created().map(Timestamp::as_secs))
}

/// When the primary key expires (seconds since the epoch), per its newest
/// valid self-signature; `None` when it never does.
fn primary_expiry(key: &SignedPublicKey) -> Option<u64> {
    let primary = &key.primary_key;
    let certifications = key.details.users.iter().flat_map(|user| {
        user.signatures.iter().filter(|sig| {
            sig.verify_certification(primary, Tag::UserId, &user.id)
                .is_ok()
        })
    });
    let direct = key
        .details
        .direct_signatures
        .iter()
        .filter(|sig| sig.verify_key(primary).is_ok());
    let newest = certifications
        .chain(direct)
        .max_by_key(|sig| sig.created().map(Timestamp::as_secs))?;
    expiry(Some(primary.created_at()), newest.key_expiration_time())
}

/// `created + validity` in seconds since the epoch; `None` when either is
/// missing or the validity is zero (which means "never" in OpenPGP).
fn expiry(created: Option<Timestamp>, validity: Option<Duration>) -> Option<u64> {
    match (created, validity) {
        (Some(created), Some(validity)) if validity.as_secs() != 0 => {
            Some(u64::from(created.as_secs()) + u64::from(validity.as_secs()))
        }
        _ => None,
    }
}

/// Seconds since the epoch as an RFC 3339 UTC time, for messages.
fn rfc3339(secs: u64) -> String {
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rest = secs % 86_400;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// What [`verify`] checked, for the `SourceVerified` condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// `(tag as '<name>@<object id>', key ID)` when the tag was checked.
    pub tag: Option<(String, String)>,
    /// `(commit SHA, key ID)` when the commit was checked.
    pub commit: Option<(String, String)>,
}

impl Verified {
    /// A summary naming each verified object and its key, shaped like Flux's
    /// `SourceVerified` message.
    pub fn message(&self) -> String {
        let mut lines = vec!["verified signature of".to_string()];
        if let Some((tag, key)) = &self.tag {
            lines.push(format!("\t- tag '{tag}' with key '{key}'"));
        }
        if let Some((commit, key)) = &self.commit {
            lines.push(format!("\t- commit '{commit}' with key '{key}'"));
        }
        lines.join("\n")
    }
}

/// Verifies the signatures `mode` asks for on a [`Checkout`] made by
/// [`crate::fetch`], with the trusted keys of `keys`.
///
/// Tag modes need a checkout through `tag` or `semver` of an annotated,
/// signed tag. Blocking.
pub fn verify(checkout: &Checkout, mode: VerifyMode, keys: &Keyring) -> Result<Verified> {
    let repo = Repository::open(&checkout.path).map_err(local("open", &checkout.path))?;
    let mut verified = Verified {
        tag: None,
        commit: None,
    };
    if mode.tag() {
        let Some(tag) = &checkout.tag else {
            return Err(Error::NoTagToVerify);
        };
        let Some(object) = &checkout.tag_object else {
            return Err(Error::UnsignedTag { tag: tag.clone() });
        };
        let display = format!("{tag}@{object}");
        let (signature, payload) = tag_signature(&repo, object, &checkout.path)?;
        if signature.is_empty() {
            return Err(Error::UnsignedTag { tag: display });
        }
        let key = keys
            .check(&signature, &payload)
            .map_err(|reason| Error::TagSignature {
                tag: display.clone(),
                reason: format!("unable to verify Git tag: {reason}"),
            })?;
        verified.tag = Some((display, key));
    }
    if mode.head() {
        let oid =
            Oid::from_str(&checkout.commit).map_err(local("parse commit id", &checkout.path))?;
        let (signature, payload) = match repo.extract_signature(&oid, None) {
            Ok((sig, data)) => (String::from_utf8_lossy(&sig).into_owned(), data.to_vec()),
            Err(e) if e.code() == git2::ErrorCode::NotFound => (String::new(), Vec::new()),
            Err(e) => return Err(local("read commit signature", &checkout.path)(e)),
        };
        let key = keys
            .check(&signature, &payload)
            .map_err(|reason| Error::CommitSignature {
                commit: checkout.commit.clone(),
                reason: format!("unable to verify Git commit: {reason}"),
            })?;
        verified.commit = Some((checkout.commit.clone(), key));
    }
    Ok(verified)
}

/// The armoured signature at the end of an annotated tag's message and the
/// bytes it signs (everything before it); an empty signature when unsigned.
fn tag_signature(repo: &Repository, object: &str, dir: &Path) -> Result<(String, Vec<u8>)> {
    let oid = Oid::from_str(object).map_err(local("parse tag id", dir))?;
    let odb = repo.odb().map_err(local("open object database", dir))?;
    let raw = odb.read(oid).map_err(local("read tag object", dir))?;
    if raw.kind() != ObjectType::Tag {
        return Ok((String::new(), Vec::new()));
    }
    let data = raw.data();
    let start = [
        PGP_SIGNATURE_START,
        SSH_SIGNATURE_START,
        X509_SIGNATURE_START,
    ]
    .iter()
    .filter_map(|marker| find_line_start(data, marker.as_bytes()))
    .min();
    Ok(match start {
        Some(at) => (
            String::from_utf8_lossy(&data[at..]).into_owned(),
            data[..at].to_vec(),
        ),
        None => (String::new(), Vec::new()),
    })
}

/// The offset of the first line of `data` that starts with `marker`.
fn find_line_start(data: &[u8], marker: &[u8]) -> Option<usize> {
    let mut at = 0;
    while at + marker.len() <= data.len() {
        if data[at..].starts_with(marker) {
            return Some(at);
        }
        at += data[at..].iter().position(|&b| b == b'\n')? + 1;
    }
    None
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_signature_only_at_a_line_start() {
        let data = b"object x\ntag v1\n\nsay -----BEGIN PGP SIGNATURE----- inline\n-----BEGIN PGP SIGNATURE-----\nabc\n";
        let at = find_line_start(data, PGP_SIGNATURE_START.as_bytes()).unwrap();
        assert!(data[..at].ends_with(b"inline\n"));
        assert_eq!(find_line_start(b"no sig\n", b"-----BEGIN"), None);
    }

    #[test]
    fn unreadable_keys_are_an_error_only_when_none_is_readable() {
        let mut data = BTreeMap::new();
        data.insert("bad.asc".to_string(), b"not a key".to_vec());
        let err = Keyring::from_secret(&data).unwrap_err().to_string();
        assert!(err.contains("'bad.asc'"), "{err}");
        data.insert(
            "ci.sshpub".to_string(),
            b"# CI\nssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIO7lsOeab9kPlbNgUo2lJSnyo8bYDnT1Lo4+TiOacoK ci\n"
                .to_vec(),
        );
        let ring = Keyring::from_secret(&data).unwrap();
        let err = ring
            .check("-----BEGIN PGP SIGNATURE-----\n", b"x")
            .unwrap_err();
        assert!(err.contains("no PGP public keys"), "{err}");
        assert_eq!(
            ring.check("", b"x").unwrap_err(),
            "the object is not signed"
        );
        assert!(
            ring.check("-----BEGIN SIGNED MESSAGE-----\n", b"x")
                .unwrap_err()
                .contains("'x509'")
        );
        data.insert("bad.sshpub".to_string(), b"ssh-ed25519 !!".to_vec());
        data.remove("ci.sshpub");
        data.remove("bad.asc");
        let err = Keyring::from_secret(&data).unwrap_err().to_string();
        assert!(err.contains("unable to parse authorized key"), "{err}");
    }

    #[test]
    fn expiry_times_read_as_utc() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_582_977_600 + 3661), "2020-02-29T13:01:01Z");
        let at = |secs| Some(Timestamp::from_secs(secs));
        assert_eq!(expiry(at(10), Some(Duration::from_secs(0))), None);
        assert_eq!(expiry(at(10), Some(Duration::from_secs(5))), Some(15));
        assert_eq!(expiry(None, Some(Duration::from_secs(5))), None);
    }

    #[test]
    fn key_ids_are_upper_hex() {
        assert_eq!(key_id_hex(&[0xab, 0x01]), "AB01");
    }
}
