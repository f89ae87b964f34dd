//! The protocol's Avro messages as model values: conversions between the model (`model.rs`)
//! and `serde_json::Value` in Avro's JSON shape, and typed binary, single-object and JSON codecs.
//!
//! Encoding checks the data model's rules first and reports a broken one as `Error::Invalid`;
//! decoding reports malformed bytes and broken rules alike as `Error::Decode` (REQ-AVRO-004).

#![deny(unsafe_code)]

use serde_json::{Map, Value};

use crate::avro::Schema;
use crate::error::{Error, Result};
use crate::key;
use crate::model::{
    ConfigEntry, Digest, DigestAlgorithm, DirectInput, EmitOutcome, JournalEntry, JournalEvent, KeyMaterial,
    ObservableOutput, OutputManifest, Producer, Read, RequestOutcome, Subject, Toolchain, Unit,
};
use crate::schemas;
use crate::validate::{self, Check, Violation};

/// A model type that is an Avro message of the protocol.
pub trait AvroMessage: Sized {
    /// The type's v1 schema.
    fn schema() -> &'static Schema;
    /// The value in Avro's JSON shape. The value must satisfy `check`.
    fn to_avro(&self) -> Value;
    /// The model value of a value of the schema, checked against the data model.
    fn from_avro(value: &Value) -> std::result::Result<Self, Violation>;
    /// The data model's rules for this type.
    fn check(&self) -> Check;
    /// The value in Avro binary, through the schema. Key material and output manifests, the
    /// pre-images of the protocol's digests, are written by their one encoder in `key` instead.
    fn binary(&self) -> Result<Vec<u8>> {
        Self::schema().encode_binary(&checked(self)?)
    }
}

fn checked<T: AvroMessage>(value: &T) -> Result<Value> {
    value.check().map_err(Error::Invalid)?;
    Ok(value.to_avro())
}

/// A decoded value that breaks a rule of the data model: the message names the field's path.
fn model<T: AvroMessage>(value: Value) -> Result<T> {
    T::from_avro(&value).map_err(|message| Error::Decode { offset: 0, message })
}

/// Avro binary, every array as one block (REQ-AVRO-001).
pub fn encode_binary<T: AvroMessage>(value: &T) -> Result<Vec<u8>> {
    value.binary()
}

pub fn decode_binary<T: AvroMessage>(bytes: &[u8]) -> Result<T> {
    model(T::schema().decode_binary(bytes)?)
}

/// The single-object form (REQ-AVRO-002).
pub fn encode_single_object<T: AvroMessage>(value: &T) -> Result<Vec<u8>> {
    let mut out = T::schema().single_object_header().to_vec();
    out.extend_from_slice(&value.binary()?);
    Ok(out)
}

pub fn decode_single_object<T: AvroMessage>(bytes: &[u8]) -> Result<T> {
    model(T::schema().decode_single_object(bytes)?)
}

/// Avro's JSON encoding (REQ-AVRO-003).
pub fn encode_json<T: AvroMessage>(value: &T) -> Result<String> {
    T::schema().encode_json(&checked(value)?)
}

pub fn decode_json<T: AvroMessage>(text: &str) -> Result<T> {
    model(T::schema().decode_json(text)?)
}

// ---- helpers over Avro-shaped values ----

fn object<'a>(value: &'a Value, path: &str) -> std::result::Result<&'a Map<String, Value>, Violation> {
    value.as_object().ok_or_else(|| format!("{path}: expected a record"))
}

fn member<'a>(o: &'a Map<String, Value>, path: &str, name: &str) -> std::result::Result<&'a Value, Violation> {
    o.get(name).ok_or_else(|| format!("{path}: missing {name}"))
}

fn string(o: &Map<String, Value>, path: &str, name: &str) -> std::result::Result<String, Violation> {
    member(o, path, name)?.as_str().map(str::to_string).ok_or_else(|| format!("{path}.{name}: expected a string"))
}

fn long(o: &Map<String, Value>, path: &str, name: &str) -> std::result::Result<i64, Violation> {
    member(o, path, name)?.as_i64().ok_or_else(|| format!("{path}.{name}: expected a long"))
}

/// A size or count: a long between 0 and 2^63-1 (REQ-MODEL-011).
fn size(o: &Map<String, Value>, path: &str, name: &str) -> std::result::Result<u64, Violation> {
    let n = long(o, path, name)?;
    u64::try_from(n).map_err(|_| format!("{path}.{name}: {n} is negative"))
}

fn protocol_major(o: &Map<String, Value>, path: &str) -> std::result::Result<u16, Violation> {
    let n = long(o, path, "protocolMajor")?;
    u16::try_from(n).map_err(|_| format!("{path}.protocolMajor: {n} is outside 0..65535"))
}

fn array<'a>(o: &'a Map<String, Value>, path: &str, name: &str) -> std::result::Result<&'a Vec<Value>, Violation> {
    member(o, path, name)?.as_array().ok_or_else(|| format!("{path}.{name}: expected an array"))
}

/// The branch name and value of a non-null union value.
fn branch<'a>(value: &'a Value, path: &str) -> std::result::Result<(&'a str, &'a Value), Violation> {
    match value.as_object() {
        Some(o) if o.len() == 1 => o.iter().next().map(|(k, v)| (k.as_str(), v)).ok_or_else(|| format!("{path}: empty union")),
        _ => Err(format!("{path}: expected a union branch")),
    }
}

fn optional_string(value: &Value, path: &str) -> std::result::Result<Option<String>, Violation> {
    match value {
        Value::Null => Ok(None),
        other => match branch(other, path)? {
            ("string", Value::String(s)) => Ok(Some(s.clone())),
            _ => Err(format!("{path}: expected null or a string")),
        },
    }
}

fn optional_string_value(value: &Option<String>) -> Value {
    match value {
        None => Value::Null,
        Some(s) => union("string", Value::String(s.clone())),
    }
}

fn union(name: &str, value: Value) -> Value {
    let mut o = Map::new();
    o.insert(name.to_string(), value);
    Value::Object(o)
}

fn record(members: Vec<(&str, Value)>) -> Value {
    Value::Object(members.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

fn latin1(bytes: &[u8]) -> Value {
    Value::String(bytes.iter().map(|b| char::from(*b)).collect())
}

const NS: &str = "dev.ibridge.protocol.";

// ---- Digest, Subject, Producer ----

pub fn digest_to_avro(d: &Digest) -> Value {
    let algorithm = match d.algorithm {
        DigestAlgorithm::Sha256 => "SHA256",
    };
    record(vec![("algorithm", Value::from(algorithm)), ("value", latin1(&d.value))])
}

pub fn digest_from_avro(value: &Value, path: &str) -> std::result::Result<Digest, Violation> {
    let o = object(value, path)?;
    let algorithm = match member(o, path, "algorithm")?.as_str() {
        Some("SHA256") => DigestAlgorithm::Sha256,
        other => return Err(format!("{path}.algorithm: unknown digest algorithm {other:?}")),
    };
    let text = member(o, path, "value")?.as_str().ok_or_else(|| format!("{path}.value: expected bytes"))?;
    let value = text
        .chars()
        .map(|c| u8::try_from(u32::from(c)).map_err(|_| format!("{path}.value: not a byte string")))
        .collect::<std::result::Result<Vec<u8>, Violation>>()?;
    let d = Digest { algorithm, value };
    validate::digest(path, &d)?;
    Ok(d)
}

pub fn subject_to_avro(s: &Subject) -> Value {
    let u = &s.unit;
    record(vec![
        (
            "unit",
            record(vec![
                ("packageId", Value::from(u.package_id.as_str())),
                ("targetName", Value::from(u.target_name.as_str())),
                ("targetKind", Value::from(u.target_kind.as_str())),
                ("targetTriple", Value::from(u.target_triple.as_str())),
            ]),
        ),
        ("modulePath", Value::from(s.module_path.as_str())),
    ])
}

pub fn subject_from_avro(value: &Value, path: &str) -> std::result::Result<Subject, Violation> {
    let o = object(value, path)?;
    let unit_path = format!("{path}.unit");
    let u = object(member(o, path, "unit")?, &unit_path)?;
    let s = Subject {
        unit: Unit {
            package_id: string(u, &unit_path, "packageId")?,
            target_name: string(u, &unit_path, "targetName")?,
            target_kind: string(u, &unit_path, "targetKind")?,
            target_triple: string(u, &unit_path, "targetTriple")?,
        },
        module_path: string(o, path, "modulePath")?,
    };
    validate::subject(path, &s)?;
    Ok(s)
}

fn producer_to_avro(p: &Producer) -> Value {
    record(vec![
        ("activity", Value::from(p.activity.as_str())),
        ("tool", Value::from(p.tool.as_str())),
        ("toolVersion", Value::from(p.tool_version.as_str())),
    ])
}

fn producer_from_avro(value: &Value, path: &str) -> std::result::Result<Producer, Violation> {
    let o = object(value, path)?;
    Ok(Producer { activity: string(o, path, "activity")?, tool: string(o, path, "tool")?, tool_version: string(o, path, "toolVersion")? })
}

impl AvroMessage for Subject {
    fn schema() -> &'static Schema {
        schemas::subject()
    }
    fn to_avro(&self) -> Value {
        subject_to_avro(self)
    }
    fn from_avro(value: &Value) -> std::result::Result<Self, Violation> {
        subject_from_avro(value, "subject")
    }
    fn check(&self) -> Check {
        validate::subject("subject", self)
    }
}

// ---- KeyMaterial ----

pub fn key_material_to_avro(km: &KeyMaterial) -> Value {
    let config = km
        .config
        .iter()
        .map(|c| record(vec![("name", Value::from(c.name.as_str())), ("value", Value::from(c.value.as_str()))]))
        .collect();
    let inputs = km
        .inputs
        .iter()
        .map(|input| match input {
            DirectInput::File { path, digest, size } => union(
                "dev.ibridge.protocol.FileInput",
                record(vec![
                    ("path", Value::from(path.as_str())),
                    ("digest", digest_to_avro(digest)),
                    ("size", Value::from(*size as i64)),
                ]),
            ),
            DirectInput::Env { name, value } => union(
                "dev.ibridge.protocol.EnvInput",
                record(vec![("name", Value::from(name.as_str())), ("value", optional_string_value(value))]),
            ),
        })
        .collect();
    let reads = km
        .reads
        .iter()
        .map(|r| {
            record(vec![
                ("subject", subject_to_avro(&r.subject)),
                ("facet", Value::from(r.facet.as_str())),
                ("outputFingerprint", digest_to_avro(&r.output_fingerprint)),
            ])
        })
        .collect();
    record(vec![
        ("protocolMajor", Value::from(km.protocol_major)),
        ("subject", subject_to_avro(&km.subject)),
        ("facet", Value::from(km.facet.as_str())),
        (
            "toolchain",
            record(vec![("name", Value::from(km.toolchain.name.as_str())), ("version", Value::from(km.toolchain.version.as_str()))]),
        ),
        ("config", Value::Array(config)),
        ("inputs", Value::Array(inputs)),
        ("reads", Value::Array(reads)),
    ])
}

pub fn key_material_from_avro(value: &Value, path: &str) -> std::result::Result<KeyMaterial, Violation> {
    let o = object(value, path)?;
    let toolchain_path = format!("{path}.toolchain");
    let t = object(member(o, path, "toolchain")?, &toolchain_path)?;
    let mut config = Vec::new();
    for (i, entry) in array(o, path, "config")?.iter().enumerate() {
        let at = format!("{path}.config[{i}]");
        let e = object(entry, &at)?;
        config.push(ConfigEntry { name: string(e, &at, "name")?, value: string(e, &at, "value")? });
    }
    let mut inputs = Vec::new();
    for (i, input) in array(o, path, "inputs")?.iter().enumerate() {
        let at = format!("{path}.inputs[{i}]");
        let (name, inner) = branch(input, &at)?;
        let e = object(inner, &at)?;
        inputs.push(match name.strip_prefix(NS) {
            Some("FileInput") => DirectInput::File {
                path: string(e, &at, "path")?,
                digest: digest_from_avro(member(e, &at, "digest")?, &format!("{at}.digest"))?,
                size: size(e, &at, "size")?,
            },
            Some("EnvInput") => DirectInput::Env {
                name: string(e, &at, "name")?,
                value: optional_string(member(e, &at, "value")?, &format!("{at}.value"))?,
            },
            _ => return Err(format!("{at}: unknown direct input {name}")),
        });
    }
    let mut reads = Vec::new();
    for (i, read) in array(o, path, "reads")?.iter().enumerate() {
        let at = format!("{path}.reads[{i}]");
        let r = object(read, &at)?;
        reads.push(Read {
            subject: subject_from_avro(member(r, &at, "subject")?, &format!("{at}.subject"))?,
            facet: string(r, &at, "facet")?,
            output_fingerprint: digest_from_avro(member(r, &at, "outputFingerprint")?, &format!("{at}.outputFingerprint"))?,
        });
    }
    let km = KeyMaterial {
        protocol_major: protocol_major(o, path)?,
        subject: subject_from_avro(member(o, path, "subject")?, &format!("{path}.subject"))?,
        facet: string(o, path, "facet")?,
        toolchain: Toolchain { name: string(t, &toolchain_path, "name")?, version: string(t, &toolchain_path, "version")? },
        config,
        inputs,
        reads,
    };
    validate::key_material(path, &km)?;
    Ok(km)
}

impl AvroMessage for KeyMaterial {
    fn schema() -> &'static Schema {
        schemas::key_material()
    }
    fn to_avro(&self) -> Value {
        key_material_to_avro(self)
    }
    fn from_avro(value: &Value) -> std::result::Result<Self, Violation> {
        key_material_from_avro(value, "keyMaterial")
    }
    fn check(&self) -> Check {
        validate::key_material("keyMaterial", self)
    }
    fn binary(&self) -> Result<Vec<u8>> {
        key::canonical_bytes(self)
    }
}

// ---- OutputManifest ----

impl AvroMessage for OutputManifest {
    fn schema() -> &'static Schema {
        schemas::output_manifest()
    }
    fn to_avro(&self) -> Value {
        let outputs = self
            .outputs
            .iter()
            .map(|o| {
                record(vec![
                    ("name", Value::from(o.name.as_str())),
                    ("digest", digest_to_avro(&o.digest)),
                    ("size", Value::from(o.size as i64)),
                ])
            })
            .collect();
        record(vec![("protocolMajor", Value::from(self.protocol_major)), ("outputs", Value::Array(outputs))])
    }
    fn from_avro(value: &Value) -> std::result::Result<Self, Violation> {
        let path = "outputManifest";
        let o = object(value, path)?;
        let mut outputs = Vec::new();
        for (i, output) in array(o, path, "outputs")?.iter().enumerate() {
            let at = format!("{path}.outputs[{i}]");
            let e = object(output, &at)?;
            outputs.push(ObservableOutput {
                name: string(e, &at, "name")?,
                digest: digest_from_avro(member(e, &at, "digest")?, &format!("{at}.digest"))?,
                size: size(e, &at, "size")?,
            });
        }
        let m = OutputManifest { protocol_major: protocol_major(o, path)?, outputs };
        validate::output_manifest(path, &m)?;
        Ok(m)
    }
    fn check(&self) -> Check {
        validate::output_manifest("outputManifest", self)
    }
    fn binary(&self) -> Result<Vec<u8>> {
        key::manifest_bytes(self)
    }
}

// ---- JournalEvent ----

fn request_outcome(o: RequestOutcome) -> &'static str {
    match o {
        RequestOutcome::Hit => "HIT",
        RequestOutcome::Miss => "MISS",
    }
}

fn emit_outcome(o: EmitOutcome) -> &'static str {
    match o {
        EmitOutcome::Created => "CREATED",
        EmitOutcome::AlreadyPresent => "ALREADY_PRESENT",
        EmitOutcome::Conflict => "CONFLICT",
    }
}

impl AvroMessage for JournalEvent {
    fn schema() -> &'static Schema {
        schemas::journal_event()
    }
    fn to_avro(&self) -> Value {
        let event = match &self.event {
            JournalEntry::SessionStarted { session_id, producer } => union(
                "dev.ibridge.protocol.SessionStarted",
                record(vec![("sessionId", Value::from(session_id.as_str())), ("producer", producer_to_avro(producer))]),
            ),
            JournalEntry::SessionEnded { session_id, hits, misses, emits } => union(
                "dev.ibridge.protocol.SessionEnded",
                record(vec![
                    ("sessionId", Value::from(session_id.as_str())),
                    ("hits", Value::from(*hits as i64)),
                    ("misses", Value::from(*misses as i64)),
                    ("emits", Value::from(*emits as i64)),
                ]),
            ),
            JournalEntry::Requested { subject, facet, input_key, outcome, miss_reason } => union(
                "dev.ibridge.protocol.Requested",
                record(vec![
                    ("subject", subject_to_avro(subject)),
                    ("facet", Value::from(facet.as_str())),
                    ("inputKey", digest_to_avro(input_key)),
                    ("outcome", Value::from(request_outcome(*outcome))),
                    ("missReason", optional_string_value(miss_reason)),
                ]),
            ),
            JournalEntry::Emitted { subject, facet, input_key, output_fingerprint, outcome, bytes_written, bytes_deduplicated } => union(
                "dev.ibridge.protocol.Emitted",
                record(vec![
                    ("subject", subject_to_avro(subject)),
                    ("facet", Value::from(facet.as_str())),
                    ("inputKey", digest_to_avro(input_key)),
                    ("outputFingerprint", digest_to_avro(output_fingerprint)),
                    ("outcome", Value::from(emit_outcome(*outcome))),
                    ("bytesWritten", Value::from(*bytes_written as i64)),
                    ("bytesDeduplicated", Value::from(*bytes_deduplicated as i64)),
                ]),
            ),
        };
        record(vec![
            ("sequence", Value::from(self.sequence as i64)),
            ("timestamp", Value::from(self.timestamp_millis)),
            ("event", event),
        ])
    }
    fn from_avro(value: &Value) -> std::result::Result<Self, Violation> {
        let path = "journalEvent";
        let o = object(value, path)?;
        let at = format!("{path}.event");
        let (name, inner) = branch(member(o, path, "event")?, &at)?;
        let e = object(inner, &at)?;
        let event = match name.strip_prefix(NS) {
            Some("SessionStarted") => JournalEntry::SessionStarted {
                session_id: string(e, &at, "sessionId")?,
                producer: producer_from_avro(member(e, &at, "producer")?, &format!("{at}.producer"))?,
            },
            Some("SessionEnded") => JournalEntry::SessionEnded {
                session_id: string(e, &at, "sessionId")?,
                hits: size(e, &at, "hits")?,
                misses: size(e, &at, "misses")?,
                emits: size(e, &at, "emits")?,
            },
            Some("Requested") => JournalEntry::Requested {
                subject: subject_from_avro(member(e, &at, "subject")?, &format!("{at}.subject"))?,
                facet: string(e, &at, "facet")?,
                input_key: digest_from_avro(member(e, &at, "inputKey")?, &format!("{at}.inputKey"))?,
                outcome: match member(e, &at, "outcome")?.as_str() {
                    Some("HIT") => RequestOutcome::Hit,
                    Some("MISS") => RequestOutcome::Miss,
                    other => return Err(format!("{at}.outcome: unknown outcome {other:?}")),
                },
                miss_reason: optional_string(member(e, &at, "missReason")?, &format!("{at}.missReason"))?,
            },
            Some("Emitted") => JournalEntry::Emitted {
                subject: subject_from_avro(member(e, &at, "subject")?, &format!("{at}.subject"))?,
                facet: string(e, &at, "facet")?,
                input_key: digest_from_avro(member(e, &at, "inputKey")?, &format!("{at}.inputKey"))?,
                output_fingerprint: digest_from_avro(member(e, &at, "outputFingerprint")?, &format!("{at}.outputFingerprint"))?,
                outcome: match member(e, &at, "outcome")?.as_str() {
                    Some("CREATED") => EmitOutcome::Created,
                    Some("ALREADY_PRESENT") => EmitOutcome::AlreadyPresent,
                    Some("CONFLICT") => EmitOutcome::Conflict,
                    other => return Err(format!("{at}.outcome: unknown outcome {other:?}")),
                },
                bytes_written: size(e, &at, "bytesWritten")?,
                bytes_deduplicated: size(e, &at, "bytesDeduplicated")?,
            },
            _ => return Err(format!("{at}: unknown journal entry {name}")),
        };
        let event = JournalEvent { sequence: size(o, path, "sequence")?, timestamp_millis: long(o, path, "timestamp")?, event };
        validate::journal_event(path, &event)?;
        Ok(event)
    }
    fn check(&self) -> Check {
        validate::journal_event("journalEvent", self)
    }
}
