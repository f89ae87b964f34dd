//! The protocol's data model (spec chapter "Data model"), as plain values.

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DigestAlgorithm {
    Sha256,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Digest {
    pub algorithm: DigestAlgorithm,
    pub value: Vec<u8>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoreHeader {
    pub protocol_major: u16,
    pub protocol_minor: u16,
    pub digest_algorithm: DigestAlgorithm,
    pub created_by: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Unit {
    pub package_id: String,
    pub target_name: String,
    pub target_kind: String,
    pub target_triple: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Subject {
    pub unit: Unit,
    /// Empty for a whole unit; a module path for a module-level subject.
    pub module_path: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Producer {
    pub activity: String,
    pub tool: String,
    pub tool_version: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Toolchain {
    pub name: String,
    pub version: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigEntry {
    pub name: String,
    pub value: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DirectInput {
    File { path: String, digest: Digest, size: u64 },
    Env { name: String, value: Option<String> },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Read {
    pub subject: Subject,
    pub facet: String,
    pub output_fingerprint: Digest,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyMaterial {
    pub protocol_major: u16,
    pub subject: Subject,
    pub facet: String,
    pub toolchain: Toolchain,
    pub config: Vec<ConfigEntry>,
    pub inputs: Vec<DirectInput>,
    pub reads: Vec<Read>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlobRef {
    pub digest: Digest,
    pub size: u64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Output {
    pub name: String,
    pub blob: BlobRef,
    pub observable: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub producer: Producer,
    pub input_key: Digest,
    pub key_material: KeyMaterial,
    pub outputs: Vec<Output>,
    pub output_fingerprint: Digest,
}

/// One observable output as it enters the output fingerprint (spec chapter "Key derivation").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObservableOutput {
    pub name: String,
    pub digest: Digest,
    pub size: u64,
}

/// The pre-image of an output fingerprint: a record's observable outputs, sorted by name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputManifest {
    pub protocol_major: u16,
    pub outputs: Vec<ObservableOutput>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RequestOutcome {
    Hit,
    Miss,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EmitOutcome {
    Created,
    AlreadyPresent,
    Conflict,
}

/// What a journal event records.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JournalEntry {
    SessionStarted { session_id: String, producer: Producer },
    SessionEnded { session_id: String, hits: u64, misses: u64, emits: u64 },
    Requested { subject: Subject, facet: String, input_key: Digest, outcome: RequestOutcome, miss_reason: Option<String> },
    Emitted {
        subject: Subject,
        facet: String,
        input_key: Digest,
        output_fingerprint: Digest,
        outcome: EmitOutcome,
        bytes_written: u64,
        bytes_deduplicated: u64,
    },
}

/// One entry of a session's journal; `timestamp_millis` counts milliseconds since the Unix epoch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JournalEvent {
    pub sequence: u64,
    pub timestamp_millis: i64,
    pub event: JournalEntry,
}
