//! The reads of an invocation's `--extern` artifacts. Each artifact is read as a node of its own,
//! whose output fingerprint is the fingerprint of that one file (name, digest, size): a
//! dependency recomputed to a byte-identical `.rmeta` leaves its dependents' keys unchanged, which
//! is the early cutoff cargo lacks. The read depends only on the file's content, never on which
//! record or process wrote it, so cargo's pipelining (a dependent starts as soon as the `.rmeta`
//! exists, before its record is emitted) cannot give two runs different keys.
//!
//! Artifact digests come from the wrapper's file-identity cache (device, inode, size,
//! modification and change time, see `store::Stamps`): an artifact the wrapper restored or
//! recorded is a hard link of a blob whose identity is cached, so it is not hashed again.

use sha2::{Digest as _, Sha256};
use std::path::Path;

use ibridge::model::{Digest, Read, Subject, Unit};

/// The facet of an artifact that no record of this store produced.
pub(crate) const ARTIFACT_FACET: &str = "dev.ibridge.cargo.artifact";

/// Where known digests of files come from, by file identity.
pub(crate) trait DigestCache {
    fn known(&self, meta: &std::fs::Metadata) -> Option<Vec<u8>>;
    fn note(&self, meta: &std::fs::Metadata, digest: &[u8]);
}

/// The SHA-256 of the file at `path`, from `cache` while its identity is unchanged.
pub(crate) fn file_digest(cache: &dyn DigestCache, path: &Path) -> std::io::Result<(Vec<u8>, u64)> {
    let meta = std::fs::metadata(path)?;
    if let Some(d) = cache.known(&meta) {
        return Ok((d, meta.len()));
    }
    let bytes = std::fs::read(path)?;
    let d = Sha256::digest(&bytes).to_vec();
    // Noted only when the file did not change while it was read.
    if std::fs::metadata(path).is_ok_and(|after| ibridge::store::Identity::of(&after) == ibridge::store::Identity::of(&meta)) {
        cache.note(&meta, &d);
    }
    Ok((d, bytes.len() as u64))
}

#[cfg(test)]
pub(crate) fn sha256(value: Vec<u8>) -> Digest {
    Digest { algorithm: ibridge::model::DigestAlgorithm::Sha256, value }
}

/// The read for `--extern name=artifact`: the artifact node of the crate, of the kind its file
/// extension names (`rmeta`, `rlib`, `so`), whose output fingerprint `fingerprint_of_file`
/// computes from the file name, digest and size.
pub(crate) fn read_of(
    cache: &dyn DigestCache,
    crate_name: &str,
    artifact: &Path,
    triple: &str,
    fingerprint_of_file: impl Fn(&str, &[u8], u64) -> ibridge::error::Result<Digest>,
) -> ibridge::error::Result<Read> {
    let (digest, size) = file_digest(cache, artifact)?;
    let file_name = artifact.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let kind = file_name.rsplit('.').next().unwrap_or("file").to_string();
    Ok(Read {
        subject: Subject {
            unit: Unit {
                package_id: format!("extern:{crate_name}"),
                target_name: crate_name.to_string(),
                target_kind: kind,
                target_triple: triple.to_string(),
            },
            module_path: String::new(),
        },
        facet: ARTIFACT_FACET.to_string(),
        output_fingerprint: fingerprint_of_file(&file_name, &digest, size)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    struct Cache(RefCell<ibridge::store::Stamps>);

    impl DigestCache for Cache {
        fn known(&self, meta: &std::fs::Metadata) -> Option<Vec<u8>> {
            self.0.borrow().digest(&ibridge::store::Identity::of(meta)).map(<[u8]>::to_vec)
        }
        fn note(&self, meta: &std::fs::Metadata, digest: &[u8]) {
            self.0.borrow_mut().note(ibridge::store::Identity::of(meta), digest)
        }
    }

    fn fp(name: &str, digest: &[u8], size: u64) -> ibridge::error::Result<Digest> {
        let mut h = Sha256::new();
        h.update(name.as_bytes());
        h.update(digest);
        h.update(size.to_le_bytes());
        Ok(sha256(h.finalize().to_vec()))
    }

    #[test]
    fn the_read_follows_the_content_whoever_wrote_the_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let cache = Cache(RefCell::new(ibridge::store::Stamps::load(&dir.path().join("stamps"))));
        let art = dir.path().join("liba-1.rmeta");
        std::fs::write(&art, b"rmeta one").expect("write");
        let first = read_of(&cache, "a", &art, "x", fp).expect("read");
        assert_eq!(first.facet, ARTIFACT_FACET);
        assert_eq!(first.subject.unit.package_id, "extern:a");
        assert_eq!(first.subject.unit.target_kind, "rmeta");
        assert_eq!(first.output_fingerprint, fp("liba-1.rmeta", &Sha256::digest(b"rmeta one"), 9).expect("fp"));

        // Rewritten with the same bytes (a new inode): the same read.
        std::fs::remove_file(&art).expect("rm");
        std::fs::write(&art, b"rmeta one").expect("rewrite");
        assert_eq!(read_of(&cache, "a", &art, "x", fp).expect("read"), first);

        // Different bytes of the same size: a different read, although the digest was cached.
        std::fs::remove_file(&art).expect("rm");
        std::fs::write(&art, b"rmeta two").expect("rewrite");
        let second = read_of(&cache, "a", &art, "x", fp).expect("read");
        assert_eq!(second.output_fingerprint, fp("liba-1.rmeta", &Sha256::digest(b"rmeta two"), 9).expect("fp"));
    }

    #[test]
    fn a_noted_digest_is_used_while_the_file_is_unchanged() {
        let dir = tempfile::tempdir().expect("tempdir");
        let cache = Cache(RefCell::new(ibridge::store::Stamps::load(&dir.path().join("stamps"))));
        let art = dir.path().join("libm-2.rlib");
        std::fs::write(&art, b"rlib").expect("write");
        cache.note(&std::fs::metadata(&art).expect("stat"), &[9; 32]);
        let read = read_of(&cache, "m", &art, "x", fp).expect("read");
        assert_eq!(read.output_fingerprint, fp("libm-2.rlib", &[9; 32], 4).expect("fp"));
    }
}
