//! A version 1 store: a plain directory of blobs, records, heads and journals (spec chapter
//! "Store layout and operations"). Opening is cheap: one header read and one `flock`.

#![deny(unsafe_code)]

mod files;
pub mod gc;
mod journal;
mod lock;
pub mod layout;
mod stamps;
pub mod touched;
mod verify;

use std::collections::{BTreeMap, HashSet};
use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};


use crate::error::{Error, Result};
use crate::key;
pub(crate) use crate::model::EmitOutcome;
use crate::model::{Digest, DigestAlgorithm, JournalEntry, KeyMaterial, Producer, Record, RequestOutcome, StoreHeader, Subject};
use crate::record;

use files::{read_regular, stage, Unreadable};
use journal::Session;
use layout::{Layout, MAX_BLOB_BYTES, MAX_HEADER_BYTES, MAX_HEAD_BYTES, MAX_RECORD_BYTES};
pub use files::remember_real_directories;
pub use stamps::{Identity, Stamps};
pub(crate) use verify::Problem;

/// The protocol version this implementation writes and reads.
pub use crate::generated::protocol::{PROTOCOL_MAJOR, PROTOCOL_MINOR};

/// The answer to a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lookup {
    /// The record, with its bytes exactly as stored.
    Hit { record: Record, bytes: Vec<u8> },
    /// Why there was no usable record, for people; it names the file when one was at fault.
    Miss { reason: String },
}

/// The outcome of an emit, with the blob bytes written and found already stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Emitted {
    pub outcome: EmitOutcome,
    pub bytes_written: u64,
    pub bytes_deduplicated: u64,
}

/// One head: the latest input key of (subject, facet).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Head {
    pub subject: Subject,
    pub facet: String,
    pub input_key: Digest,
}

/// An open store. It holds a shared lock on `lock` until dropped (REQ-STORE-020).
pub struct Store {
    layout: Layout,
    header: StoreHeader,
    _lock: File,
    /// Blobs whose content this process has hashed and found intact (REQ-STORE-030).
    checked_blobs: Mutex<HashSet<Vec<u8>>>,
    /// Blob checks remembered across processes, when the tool keeps such a cache.
    stamps: Mutex<Option<Stamps>>,
    /// Whether every staged file is flushed (`fsync`) before it is published.
    durable: bool,
    /// The permission bits of published blobs, when not those of a staged file (0600).
    blob_mode: Option<u32>,
    session: Mutex<Option<Session>>,
}

/// A lock whose holder panicked still guards consistent data: every update is one insert.
fn locked<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn digest_text(d: &Digest) -> String {
    d.to_text()
}

fn sha256(content: &[u8]) -> Digest {
    key::blob_digest(content)
}

fn subject_hex(subject: &Subject) -> Result<String> {
    Ok(hex::encode(key::subject_digest(subject)?.value))
}

/// Where a tool's store is (spec chapter "Store", store location): `explicit` (the `--store DIR` option) when given,
/// else `IBRIDGE_STORE`, else `ibridge` inside `CARGO_TARGET_DIR`, else `target/ibridge`. An
/// empty variable counts as unset; relative paths are taken from the working directory.
pub fn location(explicit: Option<&Path>) -> PathBuf {
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty()).map(PathBuf::from);
    explicit
        .map(Path::to_path_buf)
        .or_else(|| var("IBRIDGE_STORE"))
        .unwrap_or_else(|| var("CARGO_TARGET_DIR").unwrap_or_else(|| PathBuf::from("target")).join("ibridge"))
}

impl Store {
    /// Opens the store at `path`, creating it when the directory is missing, empty or holds only
    /// layout entries (REQ-STORE-083). `created_by` goes into the header of a new store.
    pub fn open(path: impl AsRef<Path>, created_by: &str) -> Result<Store> {
        let root = std::path::absolute(path.as_ref())?;
        let layout = Layout::new(root);
        let header = match read_regular(layout.root(), &layout.header(), MAX_HEADER_BYTES) {
            Ok(bytes) => Self::check_header(&layout, &bytes)?,
            Err(Unreadable::Missing) => Self::create(&layout, created_by)?,
            Err(e) => {
                return Err(Error::NotUsable(format!(
                    "{}: {} is not a store, or its header is damaged: STORE {}",
                    layout.root().display(),
                    layout.root().display(),
                    e.describe()
                )))
            }
        };
        let lock = files::open_lock(&layout.lock())?;
        if lock::try_lock(&lock, lock::Kind::Exclusive)? {
            // No other process uses the store: its tmp/ holds only orphans (REQ-STORE-021).
            for (_, path) in files::entries(&layout.tmp())? {
                let _ = fs::remove_file(&path);
            }
        }
        lock::lock(&lock, lock::Kind::Shared)?;
        Ok(Store {
            layout,
            header,
            _lock: lock,
            checked_blobs: Mutex::new(HashSet::new()),
            stamps: Mutex::new(None),
            durable: true,
            blob_mode: None,
            session: Mutex::new(None),
        })
    }

    fn check_header(layout: &Layout, bytes: &[u8]) -> Result<StoreHeader> {
        let root = layout.root().display();
        let header = record::decode_store_header(bytes).map_err(|e| {
            Error::NotUsable(format!("{root}: not a store, or its header is damaged: STORE does not decode ({e})"))
        })?;
        if header.protocol_major != PROTOCOL_MAJOR {
            return Err(Error::NotUsable(format!(
                "{root}: the store has protocol major {}, this tool speaks major {PROTOCOL_MAJOR}; \
                 use a tool of major {} or a fresh store directory",
                header.protocol_major, header.protocol_major
            )));
        }
        if header.digest_algorithm != DigestAlgorithm::Sha256 {
            return Err(Error::NotUsable(format!("{root}: the store's digest algorithm is not sha256; use a fresh store directory")));
        }
        Ok(header)
    }

    fn create(layout: &Layout, created_by: &str) -> Result<StoreHeader> {
        let root = layout.root();
        match fs::symlink_metadata(root) {
            Ok(meta) if meta.is_dir() => {
                for (name, _) in files::entries(root)? {
                    if !layout::TOP_LEVEL.contains(&name.as_str()) {
                        return Err(Error::NotUsable(format!(
                            "{}: refusing to create a store in a directory that holds other files ({name}); \
                             give an empty or new directory",
                            root.display()
                        )));
                    }
                }
            }
            Ok(_) => {
                return Err(Error::NotUsable(format!("{}: not a directory; give an empty or new directory", root.display())))
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => fs::create_dir_all(root)?,
            Err(e) => return Err(Error::Io(e)),
        }
        let header = StoreHeader {
            protocol_major: PROTOCOL_MAJOR,
            protocol_minor: PROTOCOL_MINOR,
            digest_algorithm: DigestAlgorithm::Sha256,
            created_by: created_by.to_string(),
        };
        let staged = stage(&layout.tmp(), &record::encode_store_header(&header)?, true)?;
        if staged.create_new(layout.root(), &layout.header())? {
            Ok(header)
        } else {
            // Another tool created the store at the same moment; its header wins.
            let bytes = read_regular(layout.root(), &layout.header(), MAX_HEADER_BYTES)
                .map_err(|e| Error::NotUsable(format!("{}: STORE {}", root.display(), e.describe())))?;
            Self::check_header(layout, &bytes)
        }
    }

    pub fn root(&self) -> &Path {
        self.layout.root()
    }

    pub fn header(&self) -> &StoreHeader {
        &self.header
    }

    /// Stops flushing staged files before publication (spec chapter "Store", durability): a
    /// crash still leaves no partial file at a layout path, a power loss may lose or truncate
    /// what was published since the last flush, which every later read treats as damage.
    pub fn set_durable(&mut self, durable: bool) {
        self.durable = durable;
    }

    /// Publishes blobs with these permission bits (for tools that hard-link them elsewhere).
    pub fn set_blob_mode(&mut self, mode: u32) {
        self.blob_mode = Some(mode);
    }

    /// Remembers blob checks across processes in the cache file `path` (outside the store).
    pub fn use_stamps(&mut self, path: &Path) {
        *locked(&self.stamps) = Some(Stamps::load(path));
    }

    /// The digest a file with this metadata had when this store's tool last hashed it.
    pub fn known_digest(&self, meta: &fs::Metadata) -> Option<Vec<u8>> {
        locked(&self.stamps).as_ref()?.digest(&Identity::of(meta)).map(<[u8]>::to_vec)
    }

    /// Notes that the file with this metadata hashes to `digest`.
    pub fn note_digest(&self, meta: &fs::Metadata, digest: &[u8]) {
        if let Some(stamps) = locked(&self.stamps).as_mut() {
            stamps.note(Identity::of(meta), digest);
        }
    }

    fn stage(&self, content: &[u8]) -> Result<files::Staged> {
        files::stage(&self.layout.tmp(), content, self.durable)
    }

    /// Starts a session whose journal is published by [`Store::end_session`] (REQ-STORE-016).
    pub fn start_session(&self, producer: Producer) -> Result<String> {
        let session = Session::start(producer)?;
        let id = session.id().to_string();
        *locked(&self.session) = Some(session);
        Ok(id)
    }

    /// Ends the running session, if any, and publishes its journal.
    pub fn end_session(&self) -> Result<()> {
        let session = locked(&self.session).take();
        match session {
            Some(session) => {
                let path = self.layout.journal(session.id())?;
                let bytes = session.finish()?;
                self.stage(&bytes)?.replace(self.layout.root(), &path)
            }
            None => Ok(()),
        }
    }

    fn journal(&self, entry: JournalEntry) {
        if let Some(session) = locked(&self.session).as_mut() {
            session.record(entry);
        }
    }

    /// Looks up the record of (subject, facet) for `material` (REQ-STORE-030, REQ-STORE-031).
    pub fn request(&self, subject: &Subject, facet: &str, material: &KeyMaterial) -> Result<Lookup> {
        let input_key = key::input_key(material)?;
        let lookup = self.lookup(subject, facet, material, &input_key);
        let (outcome, miss_reason) = match &lookup {
            Lookup::Hit { .. } => {
                touched::note(facet, &input_key);
                (RequestOutcome::Hit, None)
            }
            Lookup::Miss { reason } => (RequestOutcome::Miss, Some(reason.clone())),
        };
        self.journal(JournalEntry::Requested {
            subject: subject.clone(),
            facet: facet.to_string(),
            input_key,
            outcome,
            miss_reason,
        });
        Ok(lookup)
    }

    fn lookup(&self, subject: &Subject, facet: &str, material: &KeyMaterial, input_key: &Digest) -> Lookup {
        let miss = |reason: String| Lookup::Miss { reason };
        if &material.subject != subject || material.facet != facet {
            return miss("the key material names another subject or facet than the request".to_string());
        }
        let key_hex = hex::encode(&input_key.value);
        let path = match self.layout.record(facet, &key_hex) {
            Ok(path) => path,
            Err(e) => return miss(e.to_string()),
        };
        let shown = self.shown(&path);
        let bytes = match read_regular(self.layout.root(), &path, MAX_RECORD_BYTES) {
            Ok(bytes) => bytes,
            Err(Unreadable::Missing) => return miss(format!("no record for {} of {facet}", digest_text(input_key))),
            Err(e) => return miss(format!("{shown} {}", e.describe())),
        };
        let record = match record::decode_record(&bytes) {
            Ok(record) => record,
            Err(e) => return miss(format!("{shown} does not decode: {e}")),
        };
        if let Err(reason) = self.consistent(&record, facet, input_key) {
            return miss(format!("{shown} {reason}"));
        }
        if &record.key_material != material {
            return miss(format!("{shown} holds other key material than requested"));
        }
        for output in &record.outputs {
            if let Err(reason) = self.blob_intact(&output.blob.digest, output.blob.size) {
                return miss(format!("{shown} names output {:?} whose blob {reason}", output.name));
            }
        }
        Lookup::Hit { record, bytes }
    }

    /// Checks a decoded record against the place it was found (facet, key) and recomputes its key
    /// and fingerprint.
    fn consistent(&self, record: &Record, facet: &str, input_key: &Digest) -> std::result::Result<(), String> {
        if record.key_material.facet != facet {
            return Err(format!("is a record of facet {}", record.key_material.facet));
        }
        if &record.input_key != input_key {
            return Err(format!("names input key {}", digest_text(&record.input_key)));
        }
        if key::input_key(&record.key_material).ok().as_ref() != Some(&record.input_key) {
            return Err("does not recompute to its input key".to_string());
        }
        if key::output_fingerprint(&record.outputs).ok().as_ref() != Some(&record.output_fingerprint) {
            return Err("does not recompute to its output fingerprint".to_string());
        }
        Ok(())
    }

    /// Whether the blob is a regular file of `size` whose content this process has hashed to its digest.
    fn blob_intact(&self, digest: &Digest, size: u64) -> std::result::Result<(), String> {
        let hex = hex::encode(&digest.value);
        let path = self.layout.blob(&hex).map_err(|e| e.to_string())?;
        let shown = self.shown(&path);
        let meta = match files::regular_meta(self.layout.root(), &path) {
            Ok(meta) if meta.len() == size => meta,
            Ok(meta) => return Err(format!("{shown} is {} bytes, not {size}", meta.len())),
            Err(e) => return Err(format!("{shown} {}", e.describe())),
        };
        if locked(&self.checked_blobs).contains(&digest.value) {
            return Ok(());
        }
        if self.known_digest(&meta).is_some_and(|d| d == digest.value) {
            return Ok(());
        }
        let content = read_regular(self.layout.root(), &path, MAX_BLOB_BYTES).map_err(|e| format!("{shown} {}", e.describe()))?;
        if content.len() as u64 != size || sha256(&content).value != digest.value {
            return Err(format!("{shown} does not hash to its name"));
        }
        locked(&self.checked_blobs).insert(digest.value.clone());
        self.note_digest(&meta, &digest.value);
        Ok(())
    }

    /// Emits a record and the blob contents it needs (REQ-STORE-010 to REQ-STORE-015).
    pub fn emit(&self, record: &Record, blobs: &[(Digest, Vec<u8>)]) -> Result<Emitted> {
        let bytes = record::encode_record(record)?;
        self.emit_bytes(record, &bytes, blobs)
    }

    /// Emits a record given in its Cap'n Proto encoding, storing exactly these bytes.
    pub fn emit_encoded(&self, bytes: &[u8], blobs: &[(Digest, Vec<u8>)]) -> Result<Emitted> {
        let record = record::decode_record(bytes)?;
        self.emit_bytes(&record, bytes, blobs)
    }

    fn emit_bytes(&self, record: &Record, bytes: &[u8], blobs: &[(Digest, Vec<u8>)]) -> Result<Emitted> {
        let material = &record.key_material;
        let facet = material.facet.as_str();
        let key_hex = hex::encode(&record.input_key.value);
        let record_path = self.layout.record(facet, &key_hex)?;
        if material.protocol_major != self.header.protocol_major {
            return Err(Error::Refused(format!(
                "the record's key material has protocol major {}, the store major {}",
                material.protocol_major, self.header.protocol_major
            )));
        }
        if key::input_key(material)? != record.input_key {
            return Err(Error::Refused(format!(
                "the record's input key {} is not the key of its key material",
                digest_text(&record.input_key)
            )));
        }
        if key::output_fingerprint(&record.outputs)? != record.output_fingerprint {
            return Err(Error::Refused(format!(
                "the record's output fingerprint {} is not the fingerprint of its outputs",
                digest_text(&record.output_fingerprint)
            )));
        }
        let mut supplied: BTreeMap<&[u8], &[u8]> = BTreeMap::new();
        for (digest, content) in blobs {
            if sha256(content).value != digest.value {
                return Err(Error::Refused(format!("blob content does not hash to its claimed digest {}", digest_text(digest))));
            }
            supplied.insert(&digest.value, content);
        }

        // Plan the blob writes before writing anything, so a rejected emit publishes nothing.
        let mut to_write: Vec<(PathBuf, &[u8])> = Vec::new();
        let mut planned: HashSet<&[u8]> = HashSet::new();
        let mut bytes_deduplicated = 0u64;
        for output in &record.outputs {
            let digest = &output.blob.digest;
            let size = output.blob.size;
            if planned.contains(digest.value.as_slice()) {
                continue;
            }
            if self.blob_intact(digest, size).is_ok() {
                bytes_deduplicated += size;
            } else {
                match supplied.get(digest.value.as_slice()) {
                    Some(content) if content.len() as u64 == size => {
                        to_write.push((self.layout.blob(&hex::encode(&digest.value))?, content))
                    }
                    Some(content) => {
                        return Err(Error::Refused(format!(
                            "output {:?} states size {size}, its blob content is {} bytes",
                            output.name,
                            content.len()
                        )))
                    }
                    None => {
                        return Err(Error::Refused(format!(
                            "output {:?} names blob {} which the store lacks and the emit does not supply",
                            output.name,
                            digest_text(digest)
                        )))
                    }
                }
            }
            planned.insert(&digest.value);
        }

        let outcome = match self.existing(&record_path, record) {
            Some(EmitOutcome::Conflict) => {
                return Ok(self.emitted(record, EmitOutcome::Conflict, 0, 0));
            }
            other => other,
        };
        let mut bytes_written = 0u64;
        for (path, content) in &to_write {
            let staged = self.stage(content)?;
            if let Some(mode) = self.blob_mode {
                staged.set_mode(mode)?;
            }
            staged.replace(self.layout.root(), path)?;
            bytes_written += content.len() as u64;
        }
        let outcome = match outcome {
            Some(found) => found,
            None => {
                let staged = self.stage(bytes)?;
                if staged.create_new(self.layout.root(), &record_path)? {
                    EmitOutcome::Created
                } else {
                    match self.existing(&record_path, record) {
                        Some(found) => found,
                        None => {
                            // Damage at the record's path, not a record: replace it.
                            self.stage(bytes)?.replace(self.layout.root(), &record_path)?;
                            EmitOutcome::Created
                        }
                    }
                }
            }
        };
        if outcome == EmitOutcome::Conflict {
            // Lost a race to another emitter's record: nothing of this record was stored, so
            // nothing is counted (REQ-STORE-094).
            return Ok(self.emitted(record, EmitOutcome::Conflict, 0, 0));
        }
        let head = format!("{}\n", digest_text(&record.input_key));
        let path = self.layout.head(facet, &subject_hex(&material.subject)?)?;
        self.stage(head.as_bytes())?.replace(self.layout.root(), &path)?;
        Ok(self.emitted(record, outcome, bytes_written, bytes_deduplicated))
    }

    /// What a record already at `path` means for an emit of `record`: None when there is none or
    /// it is damage, which the emit replaces (REQ-STORE-097): not a regular file (a symbolic link),
    /// not a record, or a record that is not the one of this path (another facet or key, or one
    /// that does not recompute).
    fn existing(&self, path: &Path, record: &Record) -> Option<EmitOutcome> {
        let bytes = match read_regular(self.layout.root(), path, MAX_RECORD_BYTES) {
            Ok(bytes) => bytes,
            Err(_) => return None,
        };
        let stored = record::decode_record(&bytes).ok()?;
        self.consistent(&stored, &record.key_material.facet, &record.input_key).ok()?;
        let same = stored.input_key == record.input_key
            && stored.key_material == record.key_material
            && stored.outputs == record.outputs
            && stored.output_fingerprint == record.output_fingerprint;
        Some(if same { EmitOutcome::AlreadyPresent } else { EmitOutcome::Conflict })
    }

    fn emitted(&self, record: &Record, outcome: EmitOutcome, bytes_written: u64, bytes_deduplicated: u64) -> Emitted {
        if outcome != EmitOutcome::Conflict {
            touched::note(&record.key_material.facet, &record.input_key);
        }
        self.journal(JournalEntry::Emitted {
            subject: record.key_material.subject.clone(),
            facet: record.key_material.facet.clone(),
            input_key: record.input_key.clone(),
            output_fingerprint: record.output_fingerprint.clone(),
            outcome,
            bytes_written,
            bytes_deduplicated,
        });
        Emitted { outcome, bytes_written, bytes_deduplicated }
    }

    /// The record stored under `input_key`, in any facet, with its bytes; None when the store holds
    /// none intact: decoding, at its path, and recomputing to its key and fingerprint. Its blobs are
    /// not looked at (REQ-HARNESS-018).
    pub fn record(&self, input_key: &Digest) -> Result<Option<(Record, Vec<u8>)>> {
        let key_hex = hex::encode(&input_key.value);
        for (facet, _) in files::entries(&self.layout.records_dir())? {
            let path = match self.layout.record(&facet, &key_hex) {
                Ok(path) => path,
                Err(_) => continue,
            };
            let bytes = match read_regular(self.layout.root(), &path, MAX_RECORD_BYTES) {
                Ok(bytes) => bytes,
                Err(_) => continue,
            };
            if let Ok(record) = record::decode_record(&bytes) {
                if self.consistent(&record, &facet, input_key).is_ok() {
                    return Ok(Some((record, bytes)));
                }
            }
        }
        Ok(None)
    }

    /// The content of a blob, checked against its digest; None when the store holds no such blob.
    /// A damaged blob is an error naming it (REQ-STORE-085).
    pub fn read_blob(&self, digest: &Digest) -> Result<Option<Vec<u8>>> {
        let path = self.layout.blob(&hex::encode(&digest.value))?;
        let content = match read_regular(self.layout.root(), &path, MAX_BLOB_BYTES) {
            Ok(content) => content,
            Err(Unreadable::Missing) => return Ok(None),
            Err(e) => return Err(Error::Unsafe(format!("{} {}", self.shown(&path), e.describe()))),
        };
        if sha256(&content).value != digest.value {
            return Err(Error::Unsafe(format!("{} does not hash to its name", self.shown(&path))));
        }
        Ok(Some(content))
    }

    /// The input key of the head of (subject, facet), if it parses.
    pub fn head(&self, subject: &Subject, facet: &str) -> Result<Option<Digest>> {
        Ok(self.read_head(&self.layout.head(facet, &subject_hex(subject)?)?))
    }

    fn read_head(&self, path: &Path) -> Option<Digest> {
        let bytes = read_regular(self.layout.root(), path, MAX_HEAD_BYTES).ok()?;
        parse_head(&bytes)
    }

    /// The heads of one facet, or of all, sorted by facet then subject. A head counts only when
    /// the record it names is stored intact at its path for the head's subject; its blobs are not
    /// looked at (REQ-HARNESS-018).
    pub fn heads(&self, facet: Option<&str>) -> Result<Vec<Head>> {
        let mut heads = Vec::new();
        for (facet_name, facet_dir) in files::entries(&self.layout.heads_dir())? {
            if facet.is_some_and(|f| f != facet_name) || layout::check_facet(&facet_name).is_err() {
                continue;
            }
            for (fan, fan_dir) in files::entries(&facet_dir)? {
                for (name, _) in files::entries(&fan_dir)? {
                    if !layout::is_hex64(&name) || !name.starts_with(&fan) {
                        continue;
                    }
                    let Some(input_key) = self.read_head(&self.layout.head(&facet_name, &name)?) else { continue };
                    let Ok(path) = self.layout.record(&facet_name, &hex::encode(&input_key.value)) else { continue };
                    let Ok(bytes) = read_regular(self.layout.root(), &path, MAX_RECORD_BYTES) else { continue };
                    let Ok(record) = record::decode_record(&bytes) else { continue };
                    let subject = record.key_material.subject.clone();
                    if self.consistent(&record, &facet_name, &input_key).is_ok()
                        && subject_hex(&subject).ok().as_deref() == Some(name.as_str())
                    {
                        heads.push(Head { subject, facet: facet_name.clone(), input_key });
                    }
                }
            }
        }
        heads.sort_by(|a, b| (&a.facet, &a.subject).cmp(&(&b.facet, &b.subject)));
        Ok(heads)
    }

    /// Checks every file of the store (spec chapter "Store", verify); an empty answer means the store is intact.
    pub fn verify(&self) -> Result<Vec<Problem>> {
        verify::verify(&self.layout)
    }

    /// A path as messages show it: relative to the store root.
    fn shown(&self, path: &Path) -> String {
        path.strip_prefix(self.layout.root()).unwrap_or(path).display().to_string()
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        if let Some(stamps) = locked(&self.stamps).as_mut() {
            let _ = stamps.save();
        }
        let _ = self.end_session();
    }
}

/// Parses a head file: `sha256:`, 64 lower-case hex digits and a line feed (REQ-STORE-005).
pub(crate) fn parse_head(bytes: &[u8]) -> Option<Digest> {
    let text = std::str::from_utf8(bytes).ok()?;
    Digest::parse(text.strip_suffix('\n')?).ok()
}
