//! The reads of an invocation's `--extern` artifacts. Each artifact is read as a node of its own,
//! whose output fingerprint is the fingerprint of that one file (name, digest, size): a
//! dependency recomputed to a byte-identical `.rmeta` leaves its dependents' keys unchanged, which
//! is the early cutoff cargo lacks. The read depends only on the file's content, never on which
//! record or process wrote it, so cargo's pipelining (a dependent starts as soon as the `.rmeta`
//! exists, before its record is emitted) cannot give two runs different keys.
//!
//! Artifact digests are cached per path in the wrapper's state directory with the file's size,
//! modification time and inode: while those are unchanged the file is not hashed again.

use std::io::Write;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use sha2::{Digest as _, Sha256};

use crate::model::{Digest, Read, Subject, Unit};

/// The facet of an artifact that no record of this store produced.
pub const ARTIFACT_FACET: &str = "dev.ibridge.cargo.artifact";

/// A file's identity on disk, for the digest cache.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stamp {
    pub size: u64,
    pub mtime_ns: i128,
    pub ino: u64,
}

impl Stamp {
    pub fn of(path: &Path) -> std::io::Result<Stamp> {
        let m = std::fs::metadata(path)?;
        Ok(Stamp { size: m.len(), mtime_ns: m.mtime() as i128 * 1_000_000_000 + m.mtime_nsec() as i128, ino: m.ino() })
    }
}

fn cache_path(state: &Path, artifact: &Path) -> PathBuf {
    let h = hex::encode(Sha256::digest(artifact.as_os_str().as_encoded_bytes()));
    state.join("artifacts").join(&h[..40])
}

/// Notes the digest of `artifact` (absolute), just written by the wrapper.
pub fn remember(state: &Path, artifact: &Path, digest: &[u8]) -> std::io::Result<()> {
    let stamp = Stamp::of(artifact)?;
    let path = cache_path(state, artifact);
    let dir = path.parent().unwrap_or(state);
    std::fs::create_dir_all(dir)?;
    let text = format!("{} {} {} {}\n", hex::encode(digest), stamp.size, stamp.mtime_ns, stamp.ino);
    let tmp = dir.join(format!(".tmp-{}-{}", std::process::id(), hex::encode(&digest[..8.min(digest.len())])));
    let mut f = std::fs::File::create(&tmp)?;
    f.write_all(text.as_bytes())?;
    drop(f);
    std::fs::rename(tmp, path)
}

fn recall(state: &Path, artifact: &Path, stamp: &Stamp) -> Option<Vec<u8>> {
    let text = std::fs::read_to_string(cache_path(state, artifact)).ok()?;
    let f: Vec<&str> = text.split_whitespace().collect();
    let cached = Stamp { size: f.get(1)?.parse().ok()?, mtime_ns: f.get(2)?.parse().ok()?, ino: f.get(3)?.parse().ok()? };
    if &cached != stamp {
        return None;
    }
    hex::decode(f.first()?).ok()
}

pub fn sha256(value: Vec<u8>) -> Digest {
    Digest { algorithm: crate::model::DigestAlgorithm::Sha256, value }
}

/// The read for `--extern name=artifact`: the artifact node of the crate, of the kind its file
/// extension names (`rmeta`, `rlib`, `so`), whose output fingerprint `fingerprint_of_file`
/// computes from the file name, digest and size.
pub fn read_of(
    state: &Path,
    crate_name: &str,
    artifact: &Path,
    triple: &str,
    fingerprint_of_file: impl Fn(&str, &[u8], u64) -> crate::error::Result<Digest>,
) -> crate::error::Result<Read> {
    let stamp = Stamp::of(artifact)?;
    let digest = match recall(state, artifact, &stamp) {
        Some(d) => d,
        None => {
            let d = Sha256::digest(std::fs::read(artifact)?).to_vec();
            let _ = remember(state, artifact, &d);
            d
        }
    };
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
        output_fingerprint: fingerprint_of_file(&file_name, &digest, stamp.size)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fp(name: &str, digest: &[u8], size: u64) -> crate::error::Result<Digest> {
        let mut h = Sha256::new();
        h.update(name.as_bytes());
        h.update(digest);
        h.update(size.to_le_bytes());
        Ok(sha256(h.finalize().to_vec()))
    }

    #[test]
    fn the_read_follows_the_content_whoever_wrote_the_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let art = dir.path().join("liba-1.rmeta");
        std::fs::write(&art, b"rmeta one").expect("write");
        let first = read_of(dir.path(), "a", &art, "x", fp).expect("read");
        assert_eq!(first.facet, ARTIFACT_FACET);
        assert_eq!(first.subject.unit.package_id, "extern:a");
        assert_eq!(first.subject.unit.target_kind, "rmeta");
        assert_eq!(first.output_fingerprint, fp("liba-1.rmeta", &Sha256::digest(b"rmeta one"), 9).expect("fp"));

        // Rewritten with the same bytes (a new inode): the same read.
        std::fs::remove_file(&art).expect("rm");
        std::fs::write(&art, b"rmeta one").expect("rewrite");
        assert_eq!(read_of(dir.path(), "a", &art, "x", fp).expect("read"), first);

        // Different bytes of the same size: a different read, although the digest was cached.
        std::fs::remove_file(&art).expect("rm");
        std::fs::write(&art, b"rmeta two").expect("rewrite");
        let second = read_of(dir.path(), "a", &art, "x", fp).expect("read");
        assert_eq!(second.output_fingerprint, fp("liba-1.rmeta", &Sha256::digest(b"rmeta two"), 9).expect("fp"));
    }

    #[test]
    fn a_remembered_digest_is_used_while_the_file_is_unchanged() {
        let dir = tempfile::tempdir().expect("tempdir");
        let art = dir.path().join("libm-2.rlib");
        std::fs::write(&art, b"rlib").expect("write");
        remember(dir.path(), &art, &[9; 32]).expect("remember");
        let read = read_of(dir.path(), "m", &art, "x", fp).expect("read");
        assert_eq!(read.output_fingerprint, fp("libm-2.rlib", &[9; 32], 4).expect("fp"));
    }
}
