//! The rules of the data model (spec chapter "Data model") that every value must satisfy,
//! whether it was built in memory or decoded. Each check returns the path of the first value
//! that breaks a rule; encoders report it as `Error::Invalid`, decoders as `Error::Decode`.

#![deny(unsafe_code)]

use crate::generated::protocol as limits;
use crate::model::{
    ConfigEntry, Digest, DigestAlgorithm, DirectInput, JournalEntry, JournalEvent, KeyMaterial, Output,
    OutputManifest, Read, Record, StoreHeader, Subject,
};

/// Data model limits (REQ-MODEL-012).
pub(crate) const MAX_TEXT_BYTES: usize = limits::MAX_TEXT_BYTES as usize;
pub(crate) const MAX_FACET_LENGTH: usize = limits::MAX_FACET_LENGTH as usize;
pub(crate) const MAX_CONFIG_ENTRIES: usize = limits::MAX_CONFIG_ENTRIES as usize;
pub(crate) const MAX_INPUTS: usize = limits::MAX_INPUTS as usize;
pub(crate) const MAX_READS: usize = limits::MAX_READS as usize;
pub(crate) const MAX_OUTPUTS: usize = limits::MAX_OUTPUTS as usize;
/// The largest size or count (REQ-MODEL-011).
pub(crate) const MAX_SIZE: u64 = i64::MAX as u64;

/// A broken rule: where, and which.
pub(crate) type Violation = String;
pub(crate) type Check = std::result::Result<(), Violation>;

/// Checks build no text until a rule is broken: a violation starts as the rule, and each
/// enclosing value prefixes the field it was found in.
type Inner = std::result::Result<(), Violation>;

fn rule(message: impl std::fmt::Display) -> Inner {
    Err(format!(": {message}"))
}

fn at(field: &str, inner: Inner) -> Inner {
    inner.map_err(|e| format!(".{field}{e}"))
}

fn at_index(field: &str, i: usize, inner: Inner) -> Inner {
    inner.map_err(|e| format!(".{field}[{i}]{e}"))
}

fn named(path: &str, inner: Inner) -> Check {
    inner.map_err(|e| format!("{path}{e}"))
}

fn check_text(value: &str) -> Inner {
    if value.len() > MAX_TEXT_BYTES {
        return rule(format_args!("text of {} bytes exceeds {MAX_TEXT_BYTES}", value.len()));
    }
    if value.contains('\0') {
        return rule("text contains NUL");
    }
    Ok(())
}

fn check_facet(value: &str) -> Inner {
    if value.len() > MAX_FACET_LENGTH {
        return rule(format_args!("facet longer than {MAX_FACET_LENGTH} characters"));
    }
    let well_formed = value.split('.').all(|segment| {
        let mut bytes = segment.bytes();
        matches!(bytes.next(), Some(b'a'..=b'z')) && bytes.all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'-'))
    });
    if !well_formed {
        return rule(format_args!("facet {value:?} does not match [a-z][a-z0-9-]*(.[a-z][a-z0-9-]*)*"));
    }
    Ok(())
}

fn check_module_path(value: &str) -> Inner {
    check_text(value)?;
    if !value.is_empty() && value.split("::").any(|segment| segment.is_empty() || segment.contains(':')) {
        return rule(format_args!("module path {value:?} is not segments joined by ::"));
    }
    Ok(())
}

fn check_unit_text(field: &str, value: &str) -> Inner {
    at(field, check_text(value))?;
    if value.is_empty() {
        return at(field, rule("unit text is empty"));
    }
    Ok(())
}

fn check_subject(s: &Subject) -> Inner {
    let unit = &s.unit;
    at("unit", check_unit_text("packageId", &unit.package_id))?;
    at("unit", check_unit_text("targetName", &unit.target_name))?;
    at("unit", check_unit_text("targetKind", &unit.target_kind))?;
    at("unit", check_unit_text("targetTriple", &unit.target_triple))?;
    at("modulePath", check_module_path(&s.module_path))
}

fn check_digest(d: &Digest) -> Inner {
    let expected = match d.algorithm {
        DigestAlgorithm::Sha256 => 32,
    };
    if d.value.len() != expected {
        return rule(format_args!("digest of {} bytes, expected {expected}", d.value.len()));
    }
    Ok(())
}

fn check_size(value: u64) -> Inner {
    if value > MAX_SIZE {
        return rule(format_args!("{value} exceeds 2^63-1"));
    }
    Ok(())
}

fn check_count(len: usize, max: usize) -> Inner {
    if len > max {
        return rule(format_args!("{len} entries exceed the limit of {max}"));
    }
    Ok(())
}

/// Strictly increasing sort keys: canonical order and no duplicates (REQ-MODEL-008).
fn strictly_increasing<'a, T, K: Ord>(field: &str, items: &'a [T], key: impl Fn(&'a T) -> K) -> Inner {
    for (i, pair) in items.windows(2).enumerate() {
        if key(&pair[0]) >= key(&pair[1]) {
            return at_index(field, i + 1, rule("out of canonical order or a duplicate"));
        }
    }
    Ok(())
}

fn subject_key(s: &Subject) -> [&str; 5] {
    let u = &s.unit;
    [&u.package_id, &u.target_name, &u.target_kind, &u.target_triple, &s.module_path]
}

fn check_key_material(km: &KeyMaterial) -> Inner {
    at("subject", check_subject(&km.subject))?;
    at("facet", check_facet(&km.facet))?;
    at("toolchain", at("name", check_text(&km.toolchain.name)))?;
    at("toolchain", at("version", check_text(&km.toolchain.version)))?;
    at("config", check_count(km.config.len(), MAX_CONFIG_ENTRIES))?;
    at("inputs", check_count(km.inputs.len(), MAX_INPUTS))?;
    at("reads", check_count(km.reads.len(), MAX_READS))?;
    for (i, ConfigEntry { name, value }) in km.config.iter().enumerate() {
        at_index("config", i, at("name", check_text(name)).and_then(|_| at("value", check_text(value))))?;
    }
    strictly_increasing("config", &km.config, |c| c.name.as_str())?;
    for (i, input) in km.inputs.iter().enumerate() {
        let checked = match input {
            DirectInput::File { path, digest, size } => at(
                "file",
                at("path", check_text(path)).and_then(|_| at("digest", check_digest(digest))).and_then(|_| at("size", check_size(*size))),
            ),
            DirectInput::Env { name, value } => at(
                "env",
                at("name", check_text(name)).and_then(|_| value.as_deref().map_or(Ok(()), |v| at("value", check_text(v)))),
            ),
        };
        at_index("inputs", i, checked)?;
    }
    strictly_increasing("inputs", &km.inputs, |input| match input {
        DirectInput::File { path, .. } => (0, path.as_str()),
        DirectInput::Env { name, .. } => (1, name.as_str()),
    })?;
    for (i, Read { subject, facet, output_fingerprint }) in km.reads.iter().enumerate() {
        let checked = at("subject", check_subject(subject))
            .and_then(|_| at("facet", check_facet(facet)))
            .and_then(|_| at("outputFingerprint", check_digest(output_fingerprint)));
        at_index("reads", i, checked)?;
    }
    strictly_increasing("reads", &km.reads, |r| (subject_key(&r.subject), r.facet.as_str()))
}

fn check_outputs(outputs: &[Output]) -> Inner {
    check_count(outputs.len(), MAX_OUTPUTS)?;
    for (i, o) in outputs.iter().enumerate() {
        let checked = at("name", check_text(&o.name))
            .and_then(|_| at("blob", at("digest", check_digest(&o.blob.digest))))
            .and_then(|_| at("blob", at("size", check_size(o.blob.size))));
        checked.map_err(|e| format!("[{i}]{e}"))?;
    }
    for (i, pair) in outputs.windows(2).enumerate() {
        if pair[0].name >= pair[1].name {
            return Err(format!("[{}]: out of canonical order or a duplicate", i + 1));
        }
    }
    Ok(())
}

fn check_output_manifest(m: &OutputManifest) -> Inner {
    at("outputs", check_count(m.outputs.len(), MAX_OUTPUTS))?;
    for (i, o) in m.outputs.iter().enumerate() {
        let checked = at("name", check_text(&o.name))
            .and_then(|_| at("digest", check_digest(&o.digest)))
            .and_then(|_| at("size", check_size(o.size)));
        at_index("outputs", i, checked)?;
    }
    strictly_increasing("outputs", &m.outputs, |o| o.name.as_str())
}

fn check_record(r: &Record) -> Inner {
    at("producer", at("activity", check_text(&r.producer.activity)))?;
    at("producer", at("tool", check_text(&r.producer.tool)))?;
    at("producer", at("toolVersion", check_text(&r.producer.tool_version)))?;
    at("inputKey", check_digest(&r.input_key))?;
    at("keyMaterial", check_key_material(&r.key_material))?;
    at("outputs", check_outputs(&r.outputs))?;
    at("outputFingerprint", check_digest(&r.output_fingerprint))
}

fn check_journal_event(e: &JournalEvent) -> Inner {
    at("sequence", check_size(e.sequence))?;
    let entry = match &e.event {
        JournalEntry::SessionStarted { session_id, producer } => at("sessionId", check_text(session_id))
            .and_then(|_| at("producer", at("activity", check_text(&producer.activity))))
            .and_then(|_| at("producer", at("tool", check_text(&producer.tool))))
            .and_then(|_| at("producer", at("toolVersion", check_text(&producer.tool_version)))),
        JournalEntry::SessionEnded { session_id, hits, misses, emits } => at("sessionId", check_text(session_id))
            .and_then(|_| at("hits", check_size(*hits)))
            .and_then(|_| at("misses", check_size(*misses)))
            .and_then(|_| at("emits", check_size(*emits))),
        JournalEntry::Requested { subject, facet, input_key, miss_reason, .. } => at("subject", check_subject(subject))
            .and_then(|_| at("facet", check_facet(facet)))
            .and_then(|_| at("inputKey", check_digest(input_key)))
            .and_then(|_| miss_reason.as_deref().map_or(Ok(()), |r| at("missReason", check_text(r)))),
        JournalEntry::Emitted { subject, facet, input_key, output_fingerprint, bytes_written, bytes_deduplicated, .. } => {
            at("subject", check_subject(subject))
                .and_then(|_| at("facet", check_facet(facet)))
                .and_then(|_| at("inputKey", check_digest(input_key)))
                .and_then(|_| at("outputFingerprint", check_digest(output_fingerprint)))
                .and_then(|_| at("bytesWritten", check_size(*bytes_written)))
                .and_then(|_| at("bytesDeduplicated", check_size(*bytes_deduplicated)))
        }
    };
    at("event", entry)
}

/// REQ-MODEL-001, REQ-MODEL-002: no NUL, at most 4096 UTF-8 bytes (Rust strings are valid UTF-8).
pub fn text(path: &str, value: &str) -> Check {
    named(path, check_text(value))
}

/// REQ-MODEL-006: `[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*`, at most 128 characters.
pub fn facet(path: &str, value: &str) -> Check {
    named(path, check_facet(value))
}

/// REQ-MODEL-005: empty, or non-empty segments joined by `::`, no segment holding `:`.
pub fn module_path(path: &str, value: &str) -> Check {
    named(path, check_module_path(value))
}

/// REQ-MODEL-005: the four texts of the unit are not empty; the module path's syntax.
pub(crate) fn subject(path: &str, s: &Subject) -> Check {
    named(path, check_subject(s))
}

/// REQ-MODEL-004: a digest value has its algorithm's length.
pub(crate) fn digest(path: &str, d: &Digest) -> Check {
    named(path, check_digest(d))
}

/// REQ-MODEL-011: sizes and counts are between 0 and 2^63-1.
pub fn size(path: &str, value: u64) -> Check {
    named(path, check_size(value))
}

/// Every rule of key material: texts, facets, subjects, digests, sizes, limits and the canonical
/// order of its three lists (REQ-MODEL-008, REQ-KEY-004 to REQ-KEY-006, REQ-KEY-010).
pub(crate) fn key_material(path: &str, km: &KeyMaterial) -> Check {
    named(path, check_key_material(km))
}

/// REQ-MODEL-010: outputs sorted by name, unique, at most 4096; each blob reference valid.
pub fn outputs(path: &str, outputs: &[Output]) -> Check {
    named(path, check_outputs(outputs))
}

/// REQ-FP-003: a manifest's outputs sorted by name and unique.
pub(crate) fn output_manifest(path: &str, m: &OutputManifest) -> Check {
    named(path, check_output_manifest(m))
}

/// A record's own rules. Whether its input key and output fingerprint recompute is the
/// reader's check (REQ-SEC-012), not a rule of the value.
pub(crate) fn record(path: &str, r: &Record) -> Check {
    named(path, check_record(r))
}

pub(crate) fn store_header(path: &str, h: &StoreHeader) -> Check {
    named(path, at("createdBy", check_text(&h.created_by)))
}

pub(crate) fn journal_event(path: &str, e: &JournalEvent) -> Check {
    named(path, check_journal_event(e))
}
