//! The wrapper's view of the store: the last record of a subject and facet (for its source
//! list), requests, emits, and where a blob lives so a hit can link it into the target directory.

use std::path::{Path, PathBuf};

use ibridge::error::{Error, Result};
use ibridge::model::{BlobRef, Digest, DigestAlgorithm, EmitOutcome, KeyMaterial, Output, Producer, Record, Subject};
use ibridge::store::layout::Layout;
use ibridge::store::{Lookup, Store};

pub(crate) struct Bridge {
    store: Store,
    layout: Layout,
    journaled: bool,
    remote: Option<ibridge::remote::Remote>,
}

pub(crate) fn blob_digest(bytes: &[u8]) -> Digest {
    ibridge::key::blob_digest(bytes)
}

pub(crate) fn output(name: &str, observable: bool, bytes: &[u8]) -> Output {
    Output { name: name.into(), blob: BlobRef { digest: blob_digest(bytes), size: bytes.len() as u64 }, observable }
}

/// The output fingerprint of an artifact node: the fingerprint of its one observable file.
pub(crate) fn file_fingerprint(name: &str, digest: &[u8], size: u64) -> Result<Digest> {
    let digest = Digest { algorithm: DigestAlgorithm::Sha256, value: digest.to_vec() };
    ibridge::key::output_fingerprint(&[Output { name: name.into(), blob: BlobRef { digest, size }, observable: true }])
}

/// A record of the outputs, with its input key and output fingerprint computed.
pub(crate) fn record(producer: Producer, km: KeyMaterial, outputs: Vec<Output>) -> Result<Record> {
    let output_fingerprint = ibridge::key::output_fingerprint(&outputs)?;
    let input_key = ibridge::key::input_key(&km)?;
    Ok(Record { producer, input_key, key_material: km, outputs, output_fingerprint })
}

impl Bridge {
    /// Opens (or creates) the store. With `IBRIDGE_JOURNAL=1` every invocation also writes a
    /// journal session; it is off by default because it costs a file per rustc invocation.
    ///
    /// The wrapper's store is not flushed file by file (a power loss may lose records, never
    /// serve a wrong one: see the spec's durability section), its blobs have the modes rustc gives
    /// `target/` holds hard links of them, and blob checks are remembered in `state/stamps`.
    pub(crate) fn open(root: &Path, state: &Path, producer: &Producer) -> Result<Bridge> {
        let mut store = Store::open(root, "ibridge-rustc-wrapper")?;
        store.set_durable(std::env::var("IBRIDGE_FSYNC").is_ok_and(|v| v == "1"));
        store.set_blob_mode(0o644);
        store.use_stamps(&state.join("stamps"));
        let layout = Layout::new(store.root().to_path_buf());
        let journaled = std::env::var("IBRIDGE_JOURNAL").is_ok_and(|v| v == "1");
        if journaled {
            store.start_session(producer.clone())?;
        }
        let remote = ibridge::remote::from_env(&super::run::state_dir(root));
        Ok(Bridge { store, layout, journaled, remote })
    }

    /// The record the head of (subject, facet) names, if it is stored; without a head, the
    /// remote's lead (a hint whose input list only may be used).
    pub(crate) fn head(&self, subject: &Subject, facet: &str) -> Result<Option<Record>> {
        let Some(key) = self.store.head(subject, facet)? else {
            return Ok(self.remote.as_ref().and_then(|r| r.lead(subject, facet)));
        };
        Ok(self
            .store
            .record(&key)?
            .map(|(record, _)| record)
            .filter(|r| r.key_material.facet == facet && &r.key_material.subject == subject))
    }

    pub(crate) fn request(&self, km: &KeyMaterial) -> Result<Option<Record>> {
        Ok(match self.store.request(&km.subject, &km.facet, km)? {
            Lookup::Hit { record, .. } => Some(record),
            Lookup::Miss { .. } => match &self.remote {
                Some(remote) if remote.fetch(&self.store, km) => match self.store.request(&km.subject, &km.facet, km)? {
                    Lookup::Hit { record, .. } => Some(record),
                    Lookup::Miss { .. } => None,
                },
                _ => None,
            },
        })
    }

    /// Emits the record with the contents of its outputs, in the order of `record.outputs`.
    pub(crate) fn emit(&self, record: &Record, contents: &[&[u8]]) -> Result<()> {
        let blobs: Vec<(Digest, Vec<u8>)> =
            record.outputs.iter().zip(contents).map(|(o, c)| (o.blob.digest.clone(), c.to_vec())).collect();
        let emitted = self.store.emit(record, &blobs)?;
        if emitted.outcome == EmitOutcome::Conflict {
            return Err(Error::Refused("conflict: the store holds other outputs for this key (a nondeterministic compilation)".into()));
        }
        if let Some(remote) = &self.remote {
            remote.enqueue(record);
        }
        Ok(())
    }

    pub(crate) fn blob_path(&self, digest: &Digest) -> Result<PathBuf> {
        self.layout.blob(&hex::encode(&digest.value))
    }
}

impl super::artifacts::DigestCache for Bridge {
    fn known(&self, meta: &std::fs::Metadata) -> Option<Vec<u8>> {
        self.store.known_digest(meta)
    }
    fn note(&self, meta: &std::fs::Metadata, digest: &[u8]) {
        self.store.note_digest(meta, digest)
    }
}

impl Drop for Bridge {
    fn drop(&mut self) {
        if self.journaled {
            let _ = self.store.end_session();
        }
    }
}
