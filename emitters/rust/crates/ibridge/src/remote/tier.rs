//! The read side of the tier and the upload queue: leads, verified fetches into the local store,
//! and queue entries for `flush`.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use super::{Config, Mode, Notice, PARALLEL};
use crate::key;
use crate::model::{Digest, EmitOutcome, KeyMaterial, Record, Subject};
use crate::record;
use crate::store::layout::{Layout, MAX_BLOB_BYTES, MAX_RECORD_BYTES};
use crate::store::Store;

pub struct Remote {
    config: Config,
    notice: Notice,
    queue: PathBuf,
    /// Set by the first fault that makes the remote unusable; later calls go local-only at once.
    off: AtomicBool,
    bytes_down: AtomicU64,
    entries_down: AtomicU64,
}

/// The lead digest of (subject, facet): SHA-256 of `ibridge-lead-v1`, 0, facet, 0, subject bytes.
pub fn lead_digest(subject: &Subject, facet: &str) -> crate::error::Result<Digest> {
    let mut bytes = b"ibridge-lead-v1\0".to_vec();
    bytes.extend_from_slice(facet.as_bytes());
    bytes.push(0);
    bytes.extend_from_slice(&key::subject_bytes(subject)?);
    Ok(key::blob_digest(&bytes))
}

pub(crate) fn ac_path(d: &Digest) -> String {
    format!("/ac/{}", hex::encode(&d.value))
}

pub(crate) fn cas_path(d: &Digest) -> String {
    format!("/cas/{}", hex::encode(&d.value))
}

/// Why a remote entry was not used.
enum Skip {
    /// Not there: a plain miss, no warning.
    Absent,
    /// The remote failed or served something that does not verify.
    Bad(String),
    Down(String),
}

impl Remote {
    pub fn new(config: Config, notice: Notice) -> Remote {
        let queue = notice_queue(&notice);
        Remote { config, notice, queue, off: AtomicBool::new(false), bytes_down: AtomicU64::new(0), entries_down: AtomicU64::new(0) }
    }

    fn shown(&self) -> String {
        self.config.client.endpoint.shown()
    }

    fn get(&self, path: &str, limit: u64) -> Result<Vec<u8>, Skip> {
        if self.off.load(Ordering::Relaxed) {
            return Err(Skip::Absent);
        }
        match self.config.client.get(path, limit) {
            Ok(Some(body)) => {
                self.bytes_down.fetch_add(body.len() as u64, Ordering::Relaxed);
                self.entries_down.fetch_add(1, Ordering::Relaxed);
                Ok(body)
            }
            Ok(None) => Err(Skip::Absent),
            Err(f) if f.is_down() => Err(Skip::Down(format!("{} {f}", self.shown()))),
            Err(f) => Err(Skip::Bad(format!("{} {f} for {path}", self.shown()))),
        }
    }

    fn report(&self, skip: Skip) {
        match skip {
            Skip::Absent => {}
            Skip::Bad(why) => self.notice.warn(&why),
            Skip::Down(why) => {
                self.off.store(true, Ordering::Relaxed);
                self.notice.down(&why);
            }
        }
    }

    /// The record the remote's lead names for (subject, facet), if it is one of that subject and
    /// facet whose key recomputes. Only its list of inputs may be used: it is a hint.
    pub fn lead(&self, subject: &Subject, facet: &str) -> Option<Record> {
        let path = ac_path(&lead_digest(subject, facet).ok()?);
        let result = self.get(&path, MAX_RECORD_BYTES).and_then(|bytes| {
            let record = record::decode_record(&bytes).map_err(|_| Skip::Bad(format!("{} served a lead that does not decode", self.shown())))?;
            let km = &record.key_material;
            if &km.subject != subject || km.facet != facet || key::input_key(km).ok().as_ref() != Some(&record.input_key) {
                return Err(Skip::Bad(format!("{} served a lead for another subject or facet, or one whose key does not recompute", self.shown())));
            }
            Ok(record)
        });
        result.map_err(|s| self.report(s)).ok()
    }

    /// Fetches the record of `material` and its blobs, verifies them, and emits them into `store`.
    /// True when the store now holds the record; false (having written nothing) otherwise.
    pub fn fetch(&self, store: &Store, material: &KeyMaterial) -> bool {
        match self.try_fetch(store, material) {
            Ok(()) => true,
            Err(skip) => {
                self.report(skip);
                false
            }
        }
    }

    fn try_fetch(&self, store: &Store, material: &KeyMaterial) -> Result<(), Skip> {
        let input_key = key::input_key(material).map_err(|e| Skip::Bad(e.to_string()))?;
        let path = ac_path(&input_key);
        let bytes = self.get(&path, MAX_RECORD_BYTES)?;
        let bad = |why: &str| Skip::Bad(format!("{} served a record at {path} that {why}", self.shown()));
        let record = record::decode_record(&bytes).map_err(|_| bad("does not decode"))?;
        if record.input_key != input_key || key::input_key(&record.key_material).ok().as_ref() != Some(&input_key) {
            return Err(bad("is for another key"));
        }
        if &record.key_material != material {
            return Err(bad("is for another subject, facet or key material"));
        }
        if key::output_fingerprint(&record.outputs).ok().as_ref() != Some(&record.output_fingerprint) {
            return Err(bad("does not recompute to its output fingerprint"));
        }
        let layout = Layout::new(store.root().to_path_buf());
        let mut wanted: Vec<(Digest, u64)> = Vec::new();
        for out in &record.outputs {
            let local = layout.blob(&hex::encode(&out.blob.digest.value)).map_err(|_| bad("names a malformed blob digest"))?;
            let present = std::fs::metadata(&local).is_ok_and(|m| m.is_file() && m.len() == out.blob.size);
            if !present && !wanted.iter().any(|(d, _)| d == &out.blob.digest) {
                if out.blob.size > MAX_BLOB_BYTES {
                    return Err(bad("names a blob past the store's size limit"));
                }
                wanted.push((out.blob.digest.clone(), out.blob.size));
            }
        }
        let blobs = self.blobs(&wanted)?;
        match store.emit_encoded(&bytes, &blobs) {
            Ok(e) if e.outcome != EmitOutcome::Conflict => Ok(()),
            Ok(_) => Err(bad("conflicts with the local store's record for its key")),
            Err(e) => Err(Skip::Bad(format!("{} served a record the local store refused: {e}", self.shown()))),
        }
    }

    /// Downloads and verifies the blobs, `PARALLEL` at a time.
    fn blobs(&self, wanted: &[(Digest, u64)]) -> Result<Vec<(Digest, Vec<u8>)>, Skip> {
        let fetch_one = |(digest, size): &(Digest, u64)| -> Result<(Digest, Vec<u8>), Skip> {
            let path = cas_path(digest);
            let body = match self.get(&path, *size) {
                Err(Skip::Absent) if !self.off.load(Ordering::Relaxed) => {
                    return Err(Skip::Bad(format!("{} lacks blob {path} that a record names", self.shown())))
                }
                other => other?,
            };
            if body.len() as u64 != *size || key::blob_digest(&body) != *digest {
                return Err(Skip::Bad(format!("{} served content for {path} that does not hash to its name", self.shown())));
            }
            Ok((digest.clone(), body))
        };
        let chunk = wanted.len().div_ceil(PARALLEL).max(1);
        std::thread::scope(|scope| {
            let workers: Vec<_> = wanted.chunks(chunk).map(|part| scope.spawn(move || part.iter().map(fetch_one).collect::<Result<Vec<_>, Skip>>())).collect();
            let mut all = Vec::new();
            for w in workers {
                all.extend(w.join().unwrap_or_else(|_| Err(Skip::Bad("a download thread panicked".into())))?);
            }
            Ok(all)
        })
    }

    /// Queues a local emit for upload by `flush`, in read-write mode.
    pub fn enqueue(&self, record: &Record) {
        if self.config.mode != Mode::Write {
            return;
        }
        let _ = std::fs::create_dir_all(&self.queue);
        let _ = std::fs::write(self.queue.join(hex::encode(&record.input_key.value)), b"");
    }
}

pub(super) fn notice_queue(notice: &Notice) -> PathBuf {
    notice.path("remote-queue")
}

impl Drop for Remote {
    fn drop(&mut self) {
        self.notice.count("down", self.bytes_down.load(Ordering::Relaxed), self.entries_down.load(Ordering::Relaxed));
    }
}
