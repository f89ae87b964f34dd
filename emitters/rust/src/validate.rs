//! The rules of the data model (spec chapter "Data model") that every value must satisfy,
//! whether it was built in memory or decoded. Each check returns the path of the first value
//! that breaks a rule; encoders report it as `Error::Rejected`, decoders as `Error::Decode`.

use crate::model::{
    ConfigEntry, Digest, DigestAlgorithm, DirectInput, JournalEntry, JournalEvent, KeyMaterial, Output,
    OutputManifest, Read, Record, StoreHeader, Subject,
};

/// Data model limits (REQ-MODEL-012).
pub const MAX_TEXT_BYTES: usize = 4096;
pub const MAX_FACET_LENGTH: usize = 128;
pub const MAX_CONFIG_ENTRIES: usize = 4096;
pub const MAX_INPUTS: usize = 65_536;
pub const MAX_READS: usize = 65_536;
pub const MAX_OUTPUTS: usize = 4096;
/// The largest size or count (REQ-MODEL-011).
pub const MAX_SIZE: u64 = i64::MAX as u64;

/// A broken rule: where, and which.
pub type Violation = String;
pub type Check = std::result::Result<(), Violation>;

fn fail(path: &str, rule: impl std::fmt::Display) -> Check {
    Err(format!("{path}: {rule}"))
}

/// REQ-MODEL-001, REQ-MODEL-002: no NUL, at most 4096 UTF-8 bytes (Rust strings are valid UTF-8).
pub fn text(path: &str, value: &str) -> Check {
    if value.len() > MAX_TEXT_BYTES {
        return fail(path, format!("text of {} bytes exceeds {MAX_TEXT_BYTES}", value.len()));
    }
    if value.contains('\0') {
        return fail(path, "text contains NUL");
    }
    Ok(())
}

/// REQ-MODEL-006: `[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*`, at most 128 characters.
pub fn facet(path: &str, value: &str) -> Check {
    if value.len() > MAX_FACET_LENGTH {
        return fail(path, format!("facet longer than {MAX_FACET_LENGTH} characters"));
    }
    let well_formed = value.split('.').all(|segment| {
        let mut bytes = segment.bytes();
        matches!(bytes.next(), Some(b'a'..=b'z')) && bytes.all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'-'))
    });
    if !well_formed {
        return fail(path, format!("facet {value:?} does not match [a-z][a-z0-9-]*(.[a-z][a-z0-9-]*)*"));
    }
    Ok(())
}

/// REQ-MODEL-005: empty, or non-empty segments joined by `::`, no segment holding `:`.
pub fn module_path(path: &str, value: &str) -> Check {
    text(path, value)?;
    if !value.is_empty() && value.split("::").any(|segment| segment.is_empty() || segment.contains(':')) {
        return fail(path, format!("module path {value:?} is not segments joined by ::"));
    }
    Ok(())
}

pub fn subject(path: &str, s: &Subject) -> Check {
    let unit = &s.unit;
    for (name, value) in [
        ("packageId", &unit.package_id),
        ("targetName", &unit.target_name),
        ("targetKind", &unit.target_kind),
        ("targetTriple", &unit.target_triple),
    ] {
        let field = format!("{path}.unit.{name}");
        text(&field, value)?;
        if value.is_empty() {
            return fail(&field, "unit text is empty");
        }
    }
    module_path(&format!("{path}.modulePath"), &s.module_path)
}

/// REQ-MODEL-004: a digest value has its algorithm's length.
pub fn digest(path: &str, d: &Digest) -> Check {
    let expected = match d.algorithm {
        DigestAlgorithm::Sha256 => 32,
    };
    if d.value.len() != expected {
        return fail(path, format!("digest of {} bytes, expected {expected}", d.value.len()));
    }
    Ok(())
}

/// REQ-MODEL-011: sizes (and counts) are between 0 and 2^63-1.
pub fn size(path: &str, value: u64) -> Check {
    if value > MAX_SIZE {
        return fail(path, format!("{value} exceeds 2^63-1"));
    }
    Ok(())
}

fn count(path: &str, len: usize, max: usize) -> Check {
    if len > max {
        return fail(path, format!("{len} entries exceed the limit of {max}"));
    }
    Ok(())
}

/// Strictly increasing sort keys: canonical order and no duplicates (REQ-MODEL-008).
fn strictly_increasing<'a, T, K: Ord>(path: &str, items: &'a [T], key: impl Fn(&'a T) -> K) -> Check {
    for (i, pair) in items.windows(2).enumerate() {
        if key(&pair[0]) >= key(&pair[1]) {
            return fail(&format!("{path}[{}]", i + 1), "out of canonical order or a duplicate");
        }
    }
    Ok(())
}

fn subject_key(s: &Subject) -> [&str; 5] {
    let u = &s.unit;
    [&u.package_id, &u.target_name, &u.target_kind, &u.target_triple, &s.module_path]
}

/// Every rule of key material: texts, facets, subjects, digests, sizes, limits and the canonical
/// order of its three lists (REQ-MODEL-008, REQ-KEY-004 to REQ-KEY-006, REQ-KEY-010).
pub fn key_material(path: &str, km: &KeyMaterial) -> Check {
    subject(&format!("{path}.subject"), &km.subject)?;
    facet(&format!("{path}.facet"), &km.facet)?;
    text(&format!("{path}.toolchain.name"), &km.toolchain.name)?;
    text(&format!("{path}.toolchain.version"), &km.toolchain.version)?;
    count(&format!("{path}.config"), km.config.len(), MAX_CONFIG_ENTRIES)?;
    count(&format!("{path}.inputs"), km.inputs.len(), MAX_INPUTS)?;
    count(&format!("{path}.reads"), km.reads.len(), MAX_READS)?;
    for (i, ConfigEntry { name, value }) in km.config.iter().enumerate() {
        text(&format!("{path}.config[{i}].name"), name)?;
        text(&format!("{path}.config[{i}].value"), value)?;
    }
    strictly_increasing(&format!("{path}.config"), &km.config, |c| c.name.as_str())?;
    for (i, input) in km.inputs.iter().enumerate() {
        let at = format!("{path}.inputs[{i}]");
        match input {
            DirectInput::File { path: file, digest: d, size: s } => {
                text(&format!("{at}.file.path"), file)?;
                digest(&format!("{at}.file.digest"), d)?;
                size(&format!("{at}.file.size"), *s)?;
            }
            DirectInput::Env { name, value } => {
                text(&format!("{at}.env.name"), name)?;
                if let Some(value) = value {
                    text(&format!("{at}.env.value"), value)?;
                }
            }
        }
    }
    strictly_increasing(&format!("{path}.inputs"), &km.inputs, |input| match input {
        DirectInput::File { path, .. } => (0, path.as_str()),
        DirectInput::Env { name, .. } => (1, name.as_str()),
    })?;
    for (i, Read { subject: s, facet: f, output_fingerprint }) in km.reads.iter().enumerate() {
        subject(&format!("{path}.reads[{i}].subject"), s)?;
        facet(&format!("{path}.reads[{i}].facet"), f)?;
        digest(&format!("{path}.reads[{i}].outputFingerprint"), output_fingerprint)?;
    }
    strictly_increasing(&format!("{path}.reads"), &km.reads, |r| (subject_key(&r.subject), r.facet.as_str()))
}

/// REQ-MODEL-010: outputs sorted by name, unique, at most 4096; each blob reference valid.
pub fn outputs(path: &str, outputs: &[Output]) -> Check {
    count(path, outputs.len(), MAX_OUTPUTS)?;
    for (i, output) in outputs.iter().enumerate() {
        text(&format!("{path}[{i}].name"), &output.name)?;
        digest(&format!("{path}[{i}].blob.digest"), &output.blob.digest)?;
        size(&format!("{path}[{i}].blob.size"), output.blob.size)?;
    }
    strictly_increasing(path, outputs, |o| o.name.as_str())
}

/// REQ-FP-003: a manifest's outputs sorted by name and unique.
pub fn output_manifest(path: &str, m: &OutputManifest) -> Check {
    count(&format!("{path}.outputs"), m.outputs.len(), MAX_OUTPUTS)?;
    for (i, output) in m.outputs.iter().enumerate() {
        text(&format!("{path}.outputs[{i}].name"), &output.name)?;
        digest(&format!("{path}.outputs[{i}].digest"), &output.digest)?;
        size(&format!("{path}.outputs[{i}].size"), output.size)?;
    }
    strictly_increasing(&format!("{path}.outputs"), &m.outputs, |o| o.name.as_str())
}

/// A record's own rules. Whether its input key and output fingerprint recompute is the
/// reader's check (REQ-SEC-012), not a rule of the value.
pub fn record(path: &str, r: &Record) -> Check {
    text(&format!("{path}.producer.activity"), &r.producer.activity)?;
    text(&format!("{path}.producer.tool"), &r.producer.tool)?;
    text(&format!("{path}.producer.toolVersion"), &r.producer.tool_version)?;
    digest(&format!("{path}.inputKey"), &r.input_key)?;
    key_material(&format!("{path}.keyMaterial"), &r.key_material)?;
    outputs(&format!("{path}.outputs"), &r.outputs)?;
    digest(&format!("{path}.outputFingerprint"), &r.output_fingerprint)
}

pub fn store_header(path: &str, h: &StoreHeader) -> Check {
    text(&format!("{path}.createdBy"), &h.created_by)
}

pub fn journal_event(path: &str, e: &JournalEvent) -> Check {
    size(&format!("{path}.sequence"), e.sequence)?;
    let at = format!("{path}.event");
    match &e.event {
        JournalEntry::SessionStarted { session_id, producer } => {
            text(&format!("{at}.sessionId"), session_id)?;
            text(&format!("{at}.producer.activity"), &producer.activity)?;
            text(&format!("{at}.producer.tool"), &producer.tool)?;
            text(&format!("{at}.producer.toolVersion"), &producer.tool_version)
        }
        JournalEntry::SessionEnded { session_id, hits, misses, emits } => {
            text(&format!("{at}.sessionId"), session_id)?;
            size(&format!("{at}.hits"), *hits)?;
            size(&format!("{at}.misses"), *misses)?;
            size(&format!("{at}.emits"), *emits)
        }
        JournalEntry::Requested { subject: s, facet: f, input_key, miss_reason, .. } => {
            subject(&format!("{at}.subject"), s)?;
            facet(&format!("{at}.facet"), f)?;
            digest(&format!("{at}.inputKey"), input_key)?;
            match miss_reason {
                Some(reason) => text(&format!("{at}.missReason"), reason),
                None => Ok(()),
            }
        }
        JournalEntry::Emitted { subject: s, facet: f, input_key, output_fingerprint, bytes_written, bytes_deduplicated, .. } => {
            subject(&format!("{at}.subject"), s)?;
            facet(&format!("{at}.facet"), f)?;
            digest(&format!("{at}.inputKey"), input_key)?;
            digest(&format!("{at}.outputFingerprint"), output_fingerprint)?;
            size(&format!("{at}.bytesWritten"), *bytes_written)?;
            size(&format!("{at}.bytesDeduplicated"), *bytes_deduplicated)
        }
    }
}
