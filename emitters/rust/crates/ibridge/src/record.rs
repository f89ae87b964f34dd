//! Cap'n Proto encoding of what is stored (spec chapter "Encodings"): `Record`, `StoreHeader`
//! and `KeyMaterial`, written by hand with the struct layouts and the access to them that are
//! generated from the compiled schema (`generated::capnp_layout`, the same source as the spec's
//! table "Struct layouts" in chapter "Encodings").
//!
//! Writers produce one segment, objects in schema order depth first, every pointer set
//! (REQ-CAPNP-002, REQ-CAPNP-006). Readers check the segment table before they allocate
//! (REQ-CAPNP-004), apply the traversal and nesting limits (REQ-CAPNP-005), check every rule
//! of the data model (REQ-CAPNP-009) and turn every failure into `Error::Decode`.

#![deny(unsafe_code)]

use capnp::message::{self, HeapAllocator, ReaderOptions};

use crate::error::{Error, Result};
use crate::generated::capnp_layout::{self as layout, ListIn, PointerIn, Size, StructIn, StructOut};
use crate::generated::protocol as limits;
use crate::model::{
    BlobRef, ConfigEntry, Digest, DigestAlgorithm, DirectInput, KeyMaterial, Output, Producer, Read, Record,
    StoreHeader, Subject, Toolchain, Unit,
};
use crate::validate::{self, MAX_CONFIG_ENTRIES, MAX_INPUTS, MAX_OUTPUTS, MAX_READS, MAX_SIZE, MAX_TEXT_BYTES};

/// Segments a reader accepts in one message (REQ-CAPNP-004).
pub(crate) const MAX_SEGMENTS: u64 = limits::MAX_CAPNP_SEGMENTS;
/// Words a reader accepts in one message, and its traversal limit (REQ-CAPNP-004, REQ-CAPNP-005).
pub(crate) const MAX_WORDS: u64 = limits::MAX_CAPNP_WORDS;
/// The pointer nesting limit (REQ-CAPNP-005).
pub(crate) const NESTING_LIMIT: i32 = limits::CAPNP_NESTING_LIMIT as i32;

// Struct layouts: data words and pointers of each struct of ibridge.capnp.
const DIGEST: Size = layout::digest::STRUCT_SIZE;
const STORE_HEADER: Size = layout::store_header::STRUCT_SIZE;
const UNIT: Size = layout::unit::STRUCT_SIZE;
const SUBJECT: Size = layout::subject::STRUCT_SIZE;
const PRODUCER: Size = layout::producer::STRUCT_SIZE;
const TOOLCHAIN: Size = layout::toolchain::STRUCT_SIZE;
const CONFIG_ENTRY: Size = layout::config_entry::STRUCT_SIZE;
const DIRECT_INPUT: Size = layout::direct_input::STRUCT_SIZE;
const READ: Size = layout::read::STRUCT_SIZE;
const KEY_MATERIAL: Size = layout::key_material::STRUCT_SIZE;
const BLOB_REF: Size = layout::blob_ref::STRUCT_SIZE;
const OUTPUT: Size = layout::output::STRUCT_SIZE;
const RECORD: Size = layout::record::STRUCT_SIZE;

// ---------------------------------------------------------------- writing

fn write_digest(s: StructOut, d: &Digest) {
    let algorithm: u16 = match d.algorithm {
        DigestAlgorithm::Sha256 => 0,
    };
    s.set_u16(layout::digest::ALGORITHM, algorithm);
    s.set_data(layout::digest::VALUE, &d.value);
}

fn write_digest_at(s: StructOut, index: usize, d: &Digest) {
    write_digest(s.init_struct(index, DIGEST), d);
}

fn write_subject(s: StructOut, subject: &Subject) {
    use layout::unit as u;
    let unit = s.init_struct(layout::subject::UNIT, UNIT);
    unit.set_text(u::PACKAGE_ID, &subject.unit.package_id);
    unit.set_text(u::TARGET_NAME, &subject.unit.target_name);
    unit.set_text(u::TARGET_KIND, &subject.unit.target_kind);
    unit.set_text(u::TARGET_TRIPLE, &subject.unit.target_triple);
    s.set_text(layout::subject::MODULE_PATH, &subject.module_path);
}

fn write_key_material(s: StructOut, km: &KeyMaterial) {
    use layout::direct_input as di;
    use layout::key_material as k;
    s.set_u16(k::PROTOCOL_MAJOR, km.protocol_major);
    write_subject(s.init_struct(k::SUBJECT, SUBJECT), &km.subject);
    s.set_text(k::FACET, &km.facet);
    let toolchain = s.init_struct(k::TOOLCHAIN, TOOLCHAIN);
    toolchain.set_text(layout::toolchain::NAME, &km.toolchain.name);
    toolchain.set_text(layout::toolchain::VERSION, &km.toolchain.version);
    let config = s.init_list(k::CONFIG, km.config.len() as u32, CONFIG_ENTRY);
    for (i, c) in km.config.iter().enumerate() {
        let e = config.get(i as u32);
        e.set_text(layout::config_entry::NAME, &c.name);
        e.set_text(layout::config_entry::VALUE, &c.value);
    }
    let inputs = s.init_list(k::INPUTS, km.inputs.len() as u32, DIRECT_INPUT);
    for (i, input) in km.inputs.iter().enumerate() {
        let e = inputs.get(i as u32);
        match input {
            DirectInput::File { path, digest, size } => {
                e.set_u16(di::DISCRIMINANT, di::FILE_TAG);
                e.set_text(di::file::PATH, path);
                write_digest_at(e, di::file::DIGEST, digest);
                e.set_u64(di::file::SIZE, *size);
            }
            DirectInput::Env { name, value } => {
                e.set_u16(di::DISCRIMINANT, di::ENV_TAG);
                e.set_text(di::env::NAME, name);
                match value {
                    None => e.set_u16(di::env::value::DISCRIMINANT, di::env::value::UNSET_TAG),
                    Some(v) => {
                        e.set_u16(di::env::value::DISCRIMINANT, di::env::value::SET_TAG);
                        e.set_text(di::env::value::SET, v);
                    }
                }
            }
        }
    }
    let reads = s.init_list(k::READS, km.reads.len() as u32, READ);
    for (i, r) in km.reads.iter().enumerate() {
        let e = reads.get(i as u32);
        write_subject(e.init_struct(layout::read::SUBJECT, SUBJECT), &r.subject);
        e.set_text(layout::read::FACET, &r.facet);
        write_digest_at(e, layout::read::OUTPUT_FINGERPRINT, &r.output_fingerprint);
    }
}

fn write_record(s: StructOut, r: &Record) {
    use layout::{output as o_, producer as p, record as rec};
    let producer = s.init_struct(rec::PRODUCER, PRODUCER);
    producer.set_text(p::ACTIVITY, &r.producer.activity);
    producer.set_text(p::TOOL, &r.producer.tool);
    producer.set_text(p::TOOL_VERSION, &r.producer.tool_version);
    write_digest_at(s, rec::INPUT_KEY, &r.input_key);
    write_key_material(s.init_struct(rec::KEY_MATERIAL, KEY_MATERIAL), &r.key_material);
    let outputs = s.init_list(rec::OUTPUTS, r.outputs.len() as u32, OUTPUT);
    for (i, o) in r.outputs.iter().enumerate() {
        let e = outputs.get(i as u32);
        e.set_text(o_::NAME, &o.name);
        let blob = e.init_struct(o_::BLOB, BLOB_REF);
        write_digest_at(blob, layout::blob_ref::DIGEST, &o.blob.digest);
        blob.set_u64(layout::blob_ref::SIZE, o.blob.size);
        e.set_bool(o_::OBSERVABLE, o.observable);
    }
    write_digest_at(s, rec::OUTPUT_FINGERPRINT, &r.output_fingerprint);
}

fn write_store_header(s: StructOut, h: &StoreHeader) {
    use layout::store_header as sh;
    s.set_u16(sh::PROTOCOL_MAJOR, h.protocol_major);
    s.set_u16(sh::PROTOCOL_MINOR, h.protocol_minor);
    let algorithm: u16 = match h.digest_algorithm {
        DigestAlgorithm::Sha256 => 0,
    };
    s.set_u16(sh::DIGEST_ALGORITHM, algorithm);
    s.set_text(sh::CREATED_BY, &h.created_by);
}

/// Builds a one-segment message: first with a segment of `estimate` words; if the value did
/// not fit, again with a segment as large as everything the first attempt used.
fn one_segment(estimate: usize, root: Size, write: impl Fn(StructOut)) -> Vec<u8> {
    let mut words = estimate.max(8) as u32;
    loop {
        let mut message = message::Builder::new(HeapAllocator::new().first_segment_words(words));
        write(layout::init_root(&mut message, root));
        let segments = message.get_segments_for_output();
        if segments.len() == 1 {
            return capnp::serialize::write_message_to_words(&message);
        }
        words = segments.iter().map(|s| s.len() / 8).sum::<usize>() as u32 + 8;
    }
}

/// A generous estimate of a value's size in words: every text and struct rounded up.
fn estimate_words(texts: usize, bytes: usize) -> usize {
    texts * 4 + bytes / 8 + 64
}

fn key_material_estimate(km: &KeyMaterial) -> usize {
    let subject = |s: &Subject| s.unit.package_id.len() + s.unit.target_name.len() + s.unit.target_kind.len() + s.unit.target_triple.len() + s.module_path.len();
    let bytes = subject(&km.subject)
        + km.facet.len()
        + km.toolchain.name.len()
        + km.toolchain.version.len()
        + km.config.iter().map(|c| c.name.len() + c.value.len()).sum::<usize>()
        + km.inputs.iter().map(|i| match i {
            DirectInput::File { path, digest, .. } => path.len() + digest.value.len(),
            DirectInput::Env { name, value } => name.len() + value.as_ref().map_or(0, String::len),
        }).sum::<usize>()
        + km.reads.iter().map(|r| subject(&r.subject) + r.facet.len() + r.output_fingerprint.value.len()).sum::<usize>();
    estimate_words(16 + 3 * km.config.len() + 5 * km.inputs.len() + 16 * km.reads.len(), bytes)
}

/// Writes a record (REQ-CAPNP-001, REQ-CAPNP-002). A record that breaks the data model is
/// refused (`Error::Invalid`), so nothing unreadable is ever written.
pub fn encode_record(r: &Record) -> Result<Vec<u8>> {
    validate::record("record", r).map_err(Error::Invalid)?;
    let outputs: usize = r.outputs.iter().map(|o| o.name.len() + o.blob.digest.value.len()).sum();
    let estimate = key_material_estimate(&r.key_material)
        + estimate_words(16 + 8 * r.outputs.len(), outputs + r.producer.activity.len() + r.producer.tool.len() + r.producer.tool_version.len());
    Ok(one_segment(estimate, RECORD, |s| write_record(s, r)))
}

pub fn encode_key_material(km: &KeyMaterial) -> Result<Vec<u8>> {
    validate::key_material("keyMaterial", km).map_err(Error::Invalid)?;
    Ok(one_segment(key_material_estimate(km), KEY_MATERIAL, |s| write_key_material(s, km)))
}

pub fn encode_store_header(h: &StoreHeader) -> Result<Vec<u8>> {
    validate::store_header("storeHeader", h).map_err(Error::Invalid)?;
    Ok(one_segment(estimate_words(1, h.created_by.len()), STORE_HEADER, |s| write_store_header(s, h)))
}

// ---------------------------------------------------------------- reading

fn decode_error(offset: u64, message: impl Into<String>) -> Error {
    Error::Decode { offset, message: message.into() }
}

/// Checks the segment table (REQ-CAPNP-004, REQ-SEC-003) and that nothing follows the message
/// (REQ-CAPNP-001), before anything is allocated.
fn check_framing(bytes: &[u8]) -> Result<()> {
    let word = |i: usize| -> Option<u64> {
        bytes.get(i * 4..i * 4 + 4).map(|b| u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])))
    };
    let count = word(0).ok_or_else(|| decode_error(bytes.len() as u64, "input ends inside the segment table"))? + 1;
    if count > MAX_SEGMENTS {
        return Err(decode_error(0, format!("segment table declares {count} segments, more than {MAX_SEGMENTS}")));
    }
    let mut total = 0u64;
    for i in 0..count as usize {
        let words = word(1 + i).ok_or_else(|| decode_error(bytes.len() as u64, "input ends inside the segment table"))?;
        if i == 0 && words == 0 {
            return Err(decode_error(4, "the first segment is empty"));
        }
        total += words;
    }
    if total > MAX_WORDS {
        return Err(decode_error(4, format!("segment table declares {total} words, more than {MAX_WORDS}")));
    }
    let table_bytes = 4 * (1 + count + (count + 1) % 2);
    let expected = table_bytes + 8 * total;
    let actual = bytes.len() as u64;
    if actual < expected {
        return Err(decode_error(actual, format!("input ends before the declared segments: {expected} bytes declared, {actual} present")));
    }
    if actual > expected {
        return Err(decode_error(expected, format!("{} bytes follow the message", actual - expected)));
    }
    Ok(())
}

fn read_message(bytes: &[u8]) -> Result<message::Reader<capnp::serialize::OwnedSegments>> {
    check_framing(bytes)?;
    let mut options = ReaderOptions::new();
    options.traversal_limit_in_words(Some(MAX_WORDS as usize)).nesting_limit(NESTING_LIMIT);
    let mut input = bytes;
    capnp::serialize::read_message(&mut input, options).map_err(|e| decode_error(0, format!("malformed message: {e}")))
}

/// Reads fields of one struct, naming the field path in every error. The path is built only
/// when an error is reported, from the chain of enclosing structs.
struct Fields<'a, 'p> {
    s: StructIn<'a>,
    parent: Option<&'p Fields<'a, 'p>>,
    field: &'static str,
    index: Option<u32>,
}

impl<'a, 'p> Fields<'a, 'p> {
    fn path(&self) -> String {
        let mut path = self.parent.map(Fields::path).unwrap_or_default();
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(self.field);
        if let Some(i) = self.index {
            path.push_str(&format!("[{i}]"));
        }
        path
    }

    fn error(&self, field: &str, message: impl std::fmt::Display) -> Error {
        decode_error(0, format!("{}.{field}: {message}", self.path()))
    }

    fn pointer(&self, index: usize, field: &str) -> Result<PointerIn<'a>> {
        let p = self.s.pointer(index);
        if p.is_null() {
            return Err(self.error(field, "required pointer is null"));
        }
        Ok(p)
    }

    fn child(&'p self, index: usize, field: &'static str) -> Result<Fields<'a, 'p>> {
        let s = self.pointer(index, field)?.read_struct().map_err(|e| self.error(field, e))?;
        Ok(Fields { s, parent: Some(self), field, index: None })
    }

    fn text(&self, index: usize, field: &str) -> Result<String> {
        let text = self.pointer(index, field)?.text().map_err(|e| self.error(field, e))?;
        if text.len() > MAX_TEXT_BYTES {
            return Err(self.error(field, format!("text of {} bytes exceeds {MAX_TEXT_BYTES}", text.len())));
        }
        if text.contains('\0') {
            return Err(self.error(field, "text contains NUL"));
        }
        Ok(text.to_string())
    }

    fn list(&self, index: usize, field: &str, limit: usize) -> Result<ListIn<'a>> {
        let list = self.pointer(index, field)?.struct_list().map_err(|e| self.error(field, e))?;
        if list.len() as usize > limit {
            return Err(self.error(field, format!("{} entries exceed the limit of {limit}", list.len())));
        }
        Ok(list)
    }

    fn element(&'p self, list: &ListIn<'a>, i: u32, field: &'static str) -> Fields<'a, 'p> {
        Fields { s: list.get(i), parent: Some(self), field, index: Some(i) }
    }

    fn u16(&self, offset: usize) -> u16 {
        self.s.u16(offset)
    }

    fn size(&self, offset: usize, field: &str) -> Result<u64> {
        let value = self.s.u64(offset);
        if value > MAX_SIZE {
            return Err(self.error(field, format!("size {value} is 2^63 or more")));
        }
        Ok(value)
    }

    fn algorithm(&self, offset: usize, field: &str) -> Result<DigestAlgorithm> {
        match self.u16(offset) {
            0 => Ok(DigestAlgorithm::Sha256),
            other => Err(self.error(field, format!("unknown digest algorithm enumerant {other}"))),
        }
    }

    fn digest(&'p self, index: usize, field: &'static str) -> Result<Digest> {
        let d = self.child(index, field)?;
        let algorithm = d.algorithm(layout::digest::ALGORITHM, "algorithm")?;
        let value = d.pointer(layout::digest::VALUE, "value")?.data().map_err(|e| d.error("value", e))?.to_vec();
        let digest = Digest { algorithm, value };
        validate::digest("", &digest).map_err(|m| decode_error(0, format!("{}{m}", d.path())))?;
        Ok(digest)
    }

    fn subject(&'p self, index: usize, field: &'static str) -> Result<Subject> {
        use layout::unit as un;
        let s = self.child(index, field)?;
        let u = s.child(layout::subject::UNIT, "unit")?;
        Ok(Subject {
            unit: Unit {
                package_id: u.text(un::PACKAGE_ID, "packageId")?,
                target_name: u.text(un::TARGET_NAME, "targetName")?,
                target_kind: u.text(un::TARGET_KIND, "targetKind")?,
                target_triple: u.text(un::TARGET_TRIPLE, "targetTriple")?,
            },
            module_path: s.text(layout::subject::MODULE_PATH, "modulePath")?,
        })
    }
}

fn read_key_material(km: &Fields<'_, '_>) -> Result<KeyMaterial> {
    use layout::direct_input as di;
    use layout::key_material as k;
    let toolchain = km.child(k::TOOLCHAIN, "toolchain")?;
    let config_list = km.list(k::CONFIG, "config", MAX_CONFIG_ENTRIES)?;
    let mut config = Vec::with_capacity(config_list.len() as usize);
    for i in 0..config_list.len() {
        let e = km.element(&config_list, i, "config");
        config.push(ConfigEntry {
            name: e.text(layout::config_entry::NAME, "name")?,
            value: e.text(layout::config_entry::VALUE, "value")?,
        });
    }
    let input_list = km.list(k::INPUTS, "inputs", MAX_INPUTS)?;
    let mut inputs = Vec::with_capacity(input_list.len() as usize);
    for i in 0..input_list.len() {
        let e = km.element(&input_list, i, "inputs");
        inputs.push(match e.u16(di::DISCRIMINANT) {
            di::FILE_TAG => DirectInput::File {
                path: e.text(di::file::PATH, "file.path")?,
                digest: e.digest(di::file::DIGEST, "file.digest")?,
                size: e.size(di::file::SIZE, "file.size")?,
            },
            di::ENV_TAG => DirectInput::Env {
                name: e.text(di::env::NAME, "env.name")?,
                value: match e.u16(di::env::value::DISCRIMINANT) {
                    di::env::value::UNSET_TAG => None,
                    di::env::value::SET_TAG => Some(e.text(di::env::value::SET, "env.value.set")?),
                    other => return Err(e.error("env.value", format!("unknown union discriminant {other}"))),
                },
            },
            other => return Err(e.error("", format!("unknown DirectInput union discriminant {other}"))),
        });
    }
    let read_list = km.list(k::READS, "reads", MAX_READS)?;
    let mut reads = Vec::with_capacity(read_list.len() as usize);
    for i in 0..read_list.len() {
        let e = km.element(&read_list, i, "reads");
        reads.push(Read {
            subject: e.subject(layout::read::SUBJECT, "subject")?,
            facet: e.text(layout::read::FACET, "facet")?,
            output_fingerprint: e.digest(layout::read::OUTPUT_FINGERPRINT, "outputFingerprint")?,
        });
    }
    let value = KeyMaterial {
        protocol_major: km.u16(k::PROTOCOL_MAJOR),
        subject: km.subject(k::SUBJECT, "subject")?,
        facet: km.text(k::FACET, "facet")?,
        toolchain: Toolchain {
            name: toolchain.text(layout::toolchain::NAME, "name")?,
            version: toolchain.text(layout::toolchain::VERSION, "version")?,
        },
        config,
        inputs,
        reads,
    };
    validate::key_material(&km.path(), &value).map_err(|m| decode_error(0, m))?;
    Ok(value)
}

fn read_record(r: &Fields<'_, '_>) -> Result<Record> {
    use layout::{blob_ref as b, output as o, producer as p, record as rec};
    let producer = r.child(rec::PRODUCER, "producer")?;
    let output_list = r.list(rec::OUTPUTS, "outputs", MAX_OUTPUTS)?;
    let mut outputs = Vec::with_capacity(output_list.len() as usize);
    for i in 0..output_list.len() {
        let e = r.element(&output_list, i, "outputs");
        let blob = e.child(o::BLOB, "blob")?;
        outputs.push(Output {
            name: e.text(o::NAME, "name")?,
            blob: BlobRef { digest: blob.digest(b::DIGEST, "digest")?, size: blob.size(b::SIZE, "size")? },
            observable: e.s.bool(o::OBSERVABLE),
        });
    }
    let record = Record {
        producer: Producer {
            activity: producer.text(p::ACTIVITY, "activity")?,
            tool: producer.text(p::TOOL, "tool")?,
            tool_version: producer.text(p::TOOL_VERSION, "toolVersion")?,
        },
        input_key: r.digest(rec::INPUT_KEY, "inputKey")?,
        key_material: read_key_material(&r.child(rec::KEY_MATERIAL, "keyMaterial")?)?,
        outputs,
        output_fingerprint: r.digest(rec::OUTPUT_FINGERPRINT, "outputFingerprint")?,
    };
    validate::record(&r.path(), &record).map_err(|m| decode_error(0, m))?;
    Ok(record)
}

fn root<'a, S: capnp::message::ReaderSegments>(message: &'a message::Reader<S>, name: &'static str) -> Result<Fields<'a, 'a>> {
    let s = layout::read_root(message).map_err(|e| decode_error(0, format!("{name}: {e}")))?;
    Ok(Fields { s, parent: None, field: name, index: None })
}

/// Reads a record file's bytes: exactly one message whose root is a `Record`.
pub fn decode_record(bytes: &[u8]) -> Result<Record> {
    let message = read_message(bytes)?;
    read_record(&root(&message, "record")?)
}

pub fn decode_key_material(bytes: &[u8]) -> Result<KeyMaterial> {
    let message = read_message(bytes)?;
    read_key_material(&root(&message, "keyMaterial")?)
}

pub fn decode_store_header(bytes: &[u8]) -> Result<StoreHeader> {
    let message = read_message(bytes)?;
    let h = root(&message, "storeHeader")?;
    use layout::store_header as sh;
    let header = StoreHeader {
        protocol_major: h.u16(sh::PROTOCOL_MAJOR),
        protocol_minor: h.u16(sh::PROTOCOL_MINOR),
        digest_algorithm: h.algorithm(sh::DIGEST_ALGORITHM, "digestAlgorithm")?,
        created_by: h.text(sh::CREATED_BY, "createdBy")?,
    };
    validate::store_header("storeHeader", &header).map_err(|m| decode_error(0, m))?;
    Ok(header)
}
