//! Paths of the store layout (spec chapter "Store layout and operations"). Every path is built
//! from fixed names, a validated facet name, lower-case hex digests and session ids only
//! (REQ-STORE-080); subjects appear only through their digest (REQ-STORE-084).

use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};
use crate::generated::protocol as limits;

pub const STORE_FILE: &str = "STORE";
pub(crate) const LOCK_FILE: &str = "lock";
pub(crate) const BLOBS: &str = "blobs";
pub(crate) const RECORDS: &str = "records";
pub(crate) const HEADS: &str = "heads";
pub(crate) const JOURNAL: &str = "journal";
pub(crate) const TMP: &str = "tmp";
pub(crate) const SHA256_DIR: &str = "sha256";

/// The top-level names of the layout.
pub(crate) const TOP_LEVEL: [&str; 7] = [STORE_FILE, LOCK_FILE, BLOBS, RECORDS, HEADS, JOURNAL, TMP];

/// Size limits of REQ-STORE-082.
pub(crate) const MAX_HEADER_BYTES: u64 = limits::MAX_STORE_HEADER_BYTES;
pub(crate) const MAX_HEAD_BYTES: u64 = limits::MAX_HEAD_BYTES;
pub const MAX_RECORD_BYTES: u64 = limits::MAX_MESSAGE_BYTES;
pub(crate) const MAX_JOURNAL_BYTES: u64 = limits::MAX_JOURNAL_BYTES;
pub const MAX_BLOB_BYTES: u64 = limits::MAX_BLOB_BYTES;

/// A facet name is path-safe when it matches REQ-MODEL-006:
/// `[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*`, at most 128 characters.
pub(crate) fn check_facet(facet: &str) -> Result<()> {
    let segment_ok = |seg: &str| {
        let b = seg.as_bytes();
        !b.is_empty()
            && b[0].is_ascii_lowercase()
            && b.iter().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
    };
    if facet.len() <= 128 && facet.split('.').all(segment_ok) {
        Ok(())
    } else {
        Err(Error::Invalid(format!(
            "facet {facet:?} is not a valid facet name ([a-z][a-z0-9-]* segments joined by dots, at most 128 characters)"
        )))
    }
}

/// True for exactly 64 lower-case hexadecimal digits.
pub(crate) fn is_hex64(name: &str) -> bool {
    name.len() == 64 && name.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// True for a session id `s-[0-9]{13}-[0-9a-f]{16}` (REQ-STORE-006).
pub(crate) fn is_session_id(id: &str) -> bool {
    let b = id.as_bytes();
    b.len() == 2 + 13 + 1 + 16
        && b.starts_with(b"s-")
        && b[2..15].iter().all(u8::is_ascii_digit)
        && b[15] == b'-'
        && b[16..].iter().all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(c))
}

/// The store's paths, all under one root.
#[derive(Clone, Debug)]
pub struct Layout {
    root: PathBuf,
}

impl Layout {
    pub fn new(root: PathBuf) -> Layout {
        Layout { root }
    }

    pub(crate) fn root(&self) -> &Path {
        &self.root
    }

    pub(crate) fn header(&self) -> PathBuf {
        self.root.join(STORE_FILE)
    }

    pub(crate) fn lock(&self) -> PathBuf {
        self.root.join(LOCK_FILE)
    }

    pub(crate) fn tmp(&self) -> PathBuf {
        self.root.join(TMP)
    }

    pub(crate) fn blobs(&self) -> PathBuf {
        self.root.join(BLOBS).join(SHA256_DIR)
    }

    pub(crate) fn records_dir(&self) -> PathBuf {
        self.root.join(RECORDS)
    }

    pub(crate) fn heads_dir(&self) -> PathBuf {
        self.root.join(HEADS)
    }

    pub(crate) fn journal_dir(&self) -> PathBuf {
        self.root.join(JOURNAL)
    }

    /// `blobs/sha256/<h0h1>/<h>`.
    pub fn blob(&self, hex: &str) -> Result<PathBuf> {
        self.fanned(self.blobs(), hex)
    }

    /// `records/<facet>/<k0k1>/<k>`.
    pub(crate) fn record(&self, facet: &str, key_hex: &str) -> Result<PathBuf> {
        check_facet(facet)?;
        self.fanned(self.records_dir().join(facet), key_hex)
    }

    /// `heads/<facet>/<s0s1>/<s>`.
    pub(crate) fn head(&self, facet: &str, subject_hex: &str) -> Result<PathBuf> {
        check_facet(facet)?;
        self.fanned(self.heads_dir().join(facet), subject_hex)
    }

    /// `journal/<session id>.avro`.
    pub(crate) fn journal(&self, session_id: &str) -> Result<PathBuf> {
        if !is_session_id(session_id) {
            return Err(Error::Invalid(format!("{session_id:?} is not a session id")));
        }
        self.inside(self.journal_dir().join(format!("{session_id}.avro")))
    }

    fn fanned(&self, dir: PathBuf, hex: &str) -> Result<PathBuf> {
        if !is_hex64(hex) {
            return Err(Error::Invalid(format!("{hex:?} is not 64 lower-case hex digits")));
        }
        self.inside(dir.join(&hex[..2]).join(hex))
    }

    /// The second line of defence of REQ-STORE-080: a built path has only normal components
    /// below the root.
    fn inside(&self, path: PathBuf) -> Result<PathBuf> {
        let rest = path
            .strip_prefix(&self.root)
            .map_err(|_| Error::Unsafe(format!("{} is outside the store", path.display())))?;
        if rest.components().all(|c| matches!(c, Component::Normal(_))) {
            Ok(path)
        } else {
            Err(Error::Unsafe(format!("{} is outside the store", path.display())))
        }
    }
}
